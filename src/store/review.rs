//! The study log's reads and the review history's writes (migrations/003_review.sql).

use super::{BatchKind, Change, Store, StoreError, from_ms, get_state, log_change, new_batch};
use super::{Setting, SettingValue};
use super::{open, put_status, status_at, to_ms};
use crate::model::Status;
use crate::model::review::Answer;
use crate::model::studylog::Event;
use chrono::{DateTime, Utc};
use rusqlite::params;

/// One stored review answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewEntry {
    pub roadmap: String,
    pub step: String,
    pub answer: Answer,
    pub at: DateTime<Utc>,
}

impl Store {
    /// Every status change, oldest first: one query walking the `history_at` index.
    pub fn events(&self) -> Result<Vec<Event>, StoreError> {
        let run = || -> rusqlite::Result<Vec<Event>> {
            self.conn
                .prepare(
                    "SELECT at, roadmap, step, old_status, new_status FROM history
                     ORDER BY at, id",
                )?
                .query_map([], |r| {
                    Ok(Event {
                        at: from_ms(r.get(0)?),
                        roadmap: r.get(1)?,
                        step: r.get(2)?,
                        old: status_at(r, 3)?,
                        new: status_at(r, 4)?,
                    })
                })?
                .collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Every review answer, oldest first.
    pub fn reviews(&self) -> Result<Vec<ReviewEntry>, StoreError> {
        let run = || -> rusqlite::Result<Vec<ReviewEntry>> {
            self.conn
                .prepare("SELECT roadmap, step, answer, at FROM review ORDER BY at, id")?
                .query_map([], |r| {
                    let answer: String = r.get(2)?;
                    Ok(ReviewEntry {
                        roadmap: r.get(0)?,
                        step: r.get(1)?,
                        answer: answer
                            .parse()
                            .map_err(|()| super::bad_column(2, "answer", &answer))?,
                        at: from_ms(r.get(3)?),
                    })
                })?
                .collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Records a review answer. With `reopen`, a "forgot" also sets the step to that
    /// status, logged as an ordinary (undoable) change in the same transaction.
    pub fn record_review(
        &mut self,
        roadmap: &str,
        step: &str,
        answer: Answer,
        reopen: Option<Status>,
        at: DateTime<Utc>,
    ) -> Result<Option<Change>, StoreError> {
        let shown = self.shown();
        let tx = self.write()?;
        let run = || -> rusqlite::Result<Option<Change>> {
            let at = to_ms(at);
            let mut change = None;
            let mut batch = None;
            if let Some(new) = reopen.filter(|_| answer == Answer::Forgot) {
                let old = get_state(&tx, roadmap, step)?.map_or(Status::Todo, |s| s.status);
                if old != new {
                    let b = new_batch(&tx, BatchKind::Set, at, None)?;
                    put_status(&tx, roadmap, step, new, at)?;
                    log_change(&tx, b, roadmap, step, old, new, at, None)?;
                    batch = Some(b);
                    change = Some(Change {
                        roadmap: roadmap.to_owned(),
                        step: step.to_owned(),
                        old,
                        new,
                    });
                }
            }
            tx.prepare_cached(
                "INSERT INTO review (roadmap, step, answer, at, batch) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![roadmap, step, answer.as_str(), at, batch])?;
            Ok(change)
        };
        let change = run().map_err(|e| open::classify(&shown, e))?;
        tx.commit().map_err(|e| open::classify(&shown, e))?;
        Ok(change)
    }

    /// Whether spaced review is on: `waymark review --on/--off` when it was said, else
    /// `default` (the config's `review`, itself on unless set).
    pub fn review_enabled_or(&self, default: bool) -> Result<bool, StoreError> {
        Ok(match self.setting(Setting::Review)? {
            Some(SettingValue::Review(on)) => on,
            _ => default,
        })
    }

    /// Whether spaced review is on, with no config saying otherwise.
    pub fn review_enabled(&self) -> Result<bool, StoreError> {
        self.review_enabled_or(true)
    }

    /// Stored either way, so `--on` also wins over a config that turns review off.
    pub fn set_review_enabled(&mut self, on: bool) -> Result<(), StoreError> {
        self.set_setting(&SettingValue::Review(on))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn events_come_oldest_first_from_one_query() {
        let mut s = Store::open_in_memory().unwrap();
        s.set_statuses(&[("r", "b", Status::Done)], t("2026-01-02T00:00:00Z"))
            .unwrap();
        s.set_statuses(&[("r", "a", Status::Done)], t("2026-01-01T00:00:00Z"))
            .unwrap();
        let ev = s.events().unwrap();
        assert_eq!(
            ev.iter().map(|e| e.step.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!((ev[0].old, ev[0].new), (Status::Todo, Status::Done));
        // The query reads the index in order instead of sorting.
        let plan: Vec<String> = s
            .conn
            .prepare(
                "EXPLAIN QUERY PLAN
                 SELECT at, roadmap, step, old_status, new_status FROM history ORDER BY at, id",
            )
            .unwrap()
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(plan.contains("history_at"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }

    #[test]
    fn forgot_can_reopen_the_step_in_the_same_transaction() {
        let mut s = Store::open_in_memory().unwrap();
        s.set_statuses(&[("r", "a", Status::Done)], t("2026-01-01T00:00:00Z"))
            .unwrap();
        let c = s
            .record_review("r", "a", Answer::Good, None, t("2026-01-04T00:00:00Z"))
            .unwrap();
        assert_eq!(c, None);
        let c = s
            .record_review(
                "r",
                "a",
                Answer::Forgot,
                Some(Status::InProgress),
                t("2026-01-11T00:00:00Z"),
            )
            .unwrap()
            .unwrap();
        assert_eq!((c.old, c.new), (Status::Done, Status::InProgress));
        assert_eq!(
            s.state("r", "a").unwrap().unwrap().status,
            Status::InProgress
        );
        let r = s.reviews().unwrap();
        assert_eq!(
            r.iter().map(|e| e.answer).collect::<Vec<_>>(),
            [Answer::Good, Answer::Forgot]
        );
        // The reopening is an ordinary change: undo puts the step back to done.
        s.undo(t("2026-01-12T00:00:00Z")).unwrap();
        assert_eq!(s.state("r", "a").unwrap().unwrap().status, Status::Done);
        // The review history is append-only.
        assert!(s.conn.execute("DELETE FROM review", []).is_err());
        assert!(
            s.conn
                .execute("UPDATE review SET answer = 'good'", [])
                .is_err()
        );
    }

    #[test]
    fn review_is_on_until_turned_off() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(s.review_enabled().unwrap());
        s.set_review_enabled(false).unwrap();
        assert!(!s.review_enabled().unwrap());
        s.set_review_enabled(true).unwrap();
        assert!(s.review_enabled().unwrap());
    }
}
