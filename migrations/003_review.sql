-- waymark progress database, review of done steps (see model::review).
-- Reviews get their own append-only history beside `history`: an answer is not a status
-- change (a "forgot" that reopens the step also logs one there, in the same transaction).

CREATE TABLE review (
    id      INTEGER PRIMARY KEY,
    roadmap TEXT    NOT NULL,
    step    TEXT    NOT NULL,
    answer  TEXT    NOT NULL CHECK (answer IN ('good', 'hard', 'forgot')),
    at      INTEGER NOT NULL,
    -- The status batch that reopened the step, when "forgot" reopened it.
    batch   INTEGER REFERENCES batch (id)
);
-- Reading a step's answers in order, and all answers of a roadmap.
CREATE INDEX review_step ON review (roadmap, step, at);

CREATE TRIGGER review_no_update BEFORE UPDATE ON review
BEGIN
    SELECT RAISE(ABORT, 'review history is append-only');
END;
CREATE TRIGGER review_no_delete BEFORE DELETE ON review
BEGIN
    SELECT RAISE(ABORT, 'review history is append-only');
END;
