//! Property test: the store behaves like a simple in-memory model under any sequence of
//! status changes, undos and imports.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use std::collections::HashMap;
use waymark::model::Status;
use waymark::store::{ImportRecord, Store};

const STEPS: [&str; 5] = ["a", "b", "c", "d", "e"];

#[derive(Debug, Clone)]
enum Op {
    Set(Vec<(usize, Status)>),
    Undo,
    /// Import one record whose change is `offset` minutes from "now" (may be older).
    Import(usize, Status, i64),
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::collection::vec((0..STEPS.len(), status()), 1..4).prop_map(Op::Set),
        2 => Just(Op::Undo),
        1 => (0..STEPS.len(), status(), -30i64..30).prop_map(|(s, st, o)| Op::Import(s, st, o)),
    ]
}

#[derive(Default)]
struct Model {
    state: HashMap<usize, (Status, DateTime<Utc>)>,
    /// Undoable batches: (step, old status) per change, and whether undone.
    batches: Vec<(Vec<(usize, Status)>, bool)>,
    changes: usize,
}

impl Model {
    fn status(&self, s: usize) -> Status {
        self.state.get(&s).map_or(Status::Todo, |x| x.0)
    }
}

fn t(i: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(i)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn store_matches_model(ops in prop::collection::vec(op(), 1..40)) {
        let mut store = Store::open_in_memory().unwrap();
        let mut m = Model::default();
        for (i, op) in ops.iter().enumerate() {
            // Every operation happens an hour after the previous one.
            let now = t(60 * i as i64);
            match op {
                Op::Set(entries) => {
                    let changes: Vec<(&str, &str, Status)> =
                        entries.iter().map(|&(s, st)| ("r", STEPS[s], st)).collect();
                    let made = store.set_statuses(&changes, now).unwrap();
                    let mut batch = Vec::new();
                    for &(s, st) in entries {
                        let old = m.status(s);
                        if old != st {
                            batch.push((s, old));
                            m.state.insert(s, (st, now));
                        }
                    }
                    prop_assert_eq!(made.len(), batch.len());
                    m.changes += batch.len();
                    if !batch.is_empty() {
                        m.batches.push((batch, false));
                    }
                }
                Op::Undo => {
                    let got = store.undo(now).unwrap();
                    match m.batches.iter_mut().rev().find(|b| !b.1) {
                        None => prop_assert!(got.is_none()),
                        Some(b) => {
                            b.1 = true;
                            let rows = b.0.clone();
                            let mut n = 0;
                            for &(s, old) in rows.iter().rev() {
                                if m.status(s) != old {
                                    m.state.insert(s, (old, now));
                                    n += 1;
                                }
                            }
                            prop_assert_eq!(got.unwrap().len(), n);
                            m.changes += n;
                        }
                    }
                }
                Op::Import(s, st, offset) => {
                    let at = now + Duration::minutes(*offset);
                    let rec = ImportRecord {
                        roadmap: "r".into(),
                        step: STEPS[*s].into(),
                        status: *st,
                        changed_at: Some(at),
                        note: None,
                        note_at: None,
                    };
                    let sum = store.import(&[rec], now).unwrap();
                    let cur = m.state.get(s).copied();
                    let newer = cur.is_none_or(|(_, t)| t < at);
                    let takes = m.status(*s) != *st && newer;
                    // The same status at a later time: only the time is taken (so a
                    // step reset to todo keeps when), not a change in the history.
                    let takes_time = m.status(*s) == *st && newer;
                    prop_assert_eq!(sum.statuses, usize::from(takes || takes_time));
                    if takes_time {
                        m.state.insert(*s, (*st, at));
                    }
                    if takes {
                        let old = m.status(*s);
                        m.state.insert(*s, (*st, at));
                        m.batches.push((vec![(*s, old)], false));
                        m.changes += 1;
                    }
                }
            }
            let stored = store.statuses("r").unwrap();
            for (s, id) in STEPS.iter().enumerate() {
                let got = stored.get(*id).map_or(Status::Todo, |x| x.status);
                prop_assert_eq!(got, m.status(s), "step {} after op {} {:?}", id, i, op);
            }
            prop_assert_eq!(store.history(None).unwrap().len(), m.changes);
        }
    }
}
