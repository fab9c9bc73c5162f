use super::*;
use crate::app::{Action, keymap, update};
use crate::model::{Phase, Step, StepRef};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn roadmap(id: &str, steps: &[(&str, Option<&str>)]) -> RoadmapState {
    let steps = steps
        .iter()
        .map(|&(step, needs)| Step {
            id: step.into(),
            title: step.into(),
            requires: needs
                .map(|n| {
                    let (roadmap, step) = n.split_once('/').unwrap();
                    StepRef::External {
                        roadmap: roadmap.into(),
                        step: step.into(),
                    }
                })
                .into_iter()
                .collect(),
            ..Step::default()
        })
        .collect();
    let r = Roadmap {
        id: id.into(),
        title: id.into(),
        phases: vec![Phase::new("p", "P")],
        steps,
        ..Roadmap::default()
    };
    RoadmapState::new(r, "test").unwrap()
}

fn press(s: &mut AppState, keys: impl IntoIterator<Item = KeyCode>) {
    for k in keys {
        if let Some(a) = keymap::map(s, &KeyEvent::new(k, KeyModifiers::NONE)) {
            update(s, a);
        }
    }
}

fn filter(s: &mut AppState, text: &str) {
    // `c` clears the filter first: the prompt edits the one in force.
    press(s, [KeyCode::Char('c'), KeyCode::Char('f')]);
    press(s, text.chars().map(KeyCode::Char));
    press(s, [KeyCode::Enter]);
    assert_eq!(s.filter_text, text);
}

fn shown(s: &AppState) -> Vec<&str> {
    let r = s.current().unwrap();
    s.visible
        .iter()
        .map(|&i| r.roadmap.steps[i as usize].id.as_str())
        .collect()
}

fn load(s: &mut AppState, roadmap: &str, statuses: &[Status]) {
    let records = statuses
        .iter()
        .map(|&status| StepRecord {
            status,
            changed: None,
            note: None,
            was_done: status == Status::Done,
        })
        .collect();
    update(
        s,
        Action::Loaded {
            roadmap: roadmap.into(),
            records,
        },
    );
}

/// `is:ready` leaves out a step whose prerequisite in another roadmap is open, like
/// `waymark show … is:ready`, and lists it once that prerequisite is done.
#[test]
fn is_ready_waits_for_prerequisites_in_other_roadmaps() {
    let base = roadmap("base", &[("x", None), ("y", None)]);
    let ops = roadmap(
        "ops",
        &[
            ("deploy", Some("base/x")),
            ("local", None),
            ("monitor", Some("base/y")),
            ("lost", Some("gone/z")),
        ],
    );
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let mut s = AppState::new(vec![base, ops], Vec::new(), today, Some(("ops", None)));
    load(&mut s, "base", &[Status::Todo, Status::Done]);
    filter(&mut s, "is:ready");
    // An unknown roadmap blocks nothing (the catalog already warns about it).
    assert_eq!(shown(&s), ["local", "monitor", "lost"]);

    load(&mut s, "base", &[Status::Done, Status::Done]);
    assert_eq!(shown(&s), ["deploy", "local", "monitor", "lost"]);

    filter(&mut s, "is:blocked");
    assert!(shown(&s).is_empty());
    load(&mut s, "base", &[Status::Todo, Status::Skipped]);
    assert_eq!(shown(&s), ["deploy"], "skipped settles a prerequisite");
}
