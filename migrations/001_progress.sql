-- waymark progress database, schema version 1.
-- Times are UTC unix milliseconds. Statuses are `Status::as_str`.

-- The current status of each step anyone ever touched, keyed by roadmap id + step id.
-- Rows are never removed because a roadmap dropped the step: they show up as orphans.
CREATE TABLE step_state (
    roadmap    TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('todo', 'in-progress', 'done', 'skipped')),
    -- NULL when only a note was ever stored for the step.
    changed_at INTEGER,
    note       TEXT,
    note_at    INTEGER,
    PRIMARY KEY (roadmap, step)
) WITHOUT ROWID;

-- One row per command that changed statuses: what undo walks back through.
CREATE TABLE batch (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    kind   TEXT    NOT NULL CHECK (kind IN ('set', 'undo', 'import', 'alias')),
    -- For an undo batch: the batch it reverted.
    undoes INTEGER UNIQUE REFERENCES batch (id)
);

-- Append-only log of every status change.
CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    batch      INTEGER NOT NULL REFERENCES batch (id),
    roadmap    TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    old_status TEXT    NOT NULL CHECK (old_status IN ('todo', 'in-progress', 'done', 'skipped')),
    new_status TEXT    NOT NULL CHECK (new_status IN ('todo', 'in-progress', 'done', 'skipped')),
    at         INTEGER NOT NULL,
    -- For a change made by undo: the history row it reverted.
    reverts    INTEGER REFERENCES history (id)
);
CREATE INDEX history_batch ON history (batch);
CREATE INDEX history_at ON history (at);
CREATE INDEX history_step ON history (roadmap, step);

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

-- Small key/value settings: pace, the TUI's last roadmap and selection.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
