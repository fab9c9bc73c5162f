//! Property test: thousands of random key (and mouse) sequences over the real bundled
//! roadmaps never panic, keep every selection in range, and keep the counts on screen
//! consistent with what the effects wrote to a simulated store.

use crate::support::tui::*;
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;
use waymark::app::Overlay;
use waymark::app::keymap::{self, BINDINGS};
use waymark::app::state::Broken;
use waymark::app::{Action, AppState, Effect, RoadmapState, StepRecord, update};
use waymark::model::{Snapshot, Status};
use waymark::ui::Theme;

/// The store as the effects leave it: statuses by (roadmap, step) and undo batches.
#[derive(Default)]
struct Sim {
    statuses: HashMap<(String, String), Status>,
    batches: Vec<Vec<(String, String, Status)>>,
    settings: HashMap<waymark::store::Setting, waymark::store::SettingValue>,
}

impl Sim {
    fn status(&self, r: &str, s: &str) -> Status {
        self.statuses
            .get(&(r.to_string(), s.to_string()))
            .copied()
            .unwrap_or_default()
    }

    /// Carries out an effect like the runtime does; returns the answers.
    fn run(&mut self, e: Effect, state: &AppState) -> Vec<Action> {
        match e {
            Effect::SetStatus {
                roadmap, changes, ..
            } => {
                let mut batch = Vec::new();
                for (step, new) in &changes {
                    let old = self.status(&roadmap, step);
                    if old != *new {
                        batch.push((roadmap.clone(), step.clone(), old));
                        self.statuses.insert((roadmap.clone(), step.clone()), *new);
                    }
                }
                if !batch.is_empty() {
                    self.batches.push(batch);
                }
                vec![]
            }
            Effect::Undo => match self.batches.pop() {
                None => vec![Action::Notice("nothing to undo".into())],
                Some(batch) => {
                    let ids: BTreeSet<String> = batch.iter().map(|b| b.0.clone()).collect();
                    for (r, s, old) in batch.into_iter().rev() {
                        self.statuses.insert((r, s), old);
                    }
                    ids.into_iter().map(|id| self.loaded(state, &id)).collect()
                }
            },
            Effect::EditNote { roadmap, step, .. } => vec![Action::NoteSaved {
                roadmap,
                step,
                note: Some("a note".into()),
            }],
            Effect::SaveSetting(value) => {
                self.settings.insert(value.setting(), value);
                vec![]
            }
            // A reopening "forgot" is an ordinary, undoable change in the store.
            Effect::Review {
                roadmap,
                step,
                reopen: true,
                ..
            } => {
                let old = self.status(&roadmap, &step);
                if old != Status::InProgress {
                    self.batches
                        .push(vec![(roadmap.clone(), step.clone(), old)]);
                    self.statuses.insert((roadmap, step), Status::InProgress);
                }
                vec![]
            }
            Effect::Review { .. } | Effect::LoadStats => vec![],
            Effect::OpenUrl(_) | Effect::Copy(_) | Effect::Quit => vec![],
        }
    }

    fn loaded(&self, state: &AppState, id: &str) -> Action {
        let r = &state.roadmaps[state.index_of(id).unwrap()];
        Action::Loaded {
            roadmap: id.to_string(),
            records: r
                .roadmap
                .steps
                .iter()
                .map(|s| StepRecord {
                    status: self.status(id, &s.id),
                    // Like the store: a step whose status was ever set has a change time.
                    changed: self
                        .statuses
                        .contains_key(&(id.to_string(), s.id.clone()))
                        .then(|| today().and_hms_opt(9, 0, 0).unwrap()),
                    ..StepRecord::default()
                })
                .collect(),
        }
    }
}

/// A fresh state over the bundled roadmaps (loaded once): opened on roadmap `open`, or
/// the first-run picker when there is no such roadmap.
fn base(open: usize) -> AppState {
    type Loaded = (Vec<RoadmapState>, Vec<Broken>);
    static BASE: OnceLock<Loaded> = OnceLock::new();
    let (roadmaps, broken) = BASE.get_or_init(bundled).clone();
    let id = roadmaps.get(open).map(|r| r.id().to_string());
    AppState::new(
        roadmaps,
        broken,
        today(),
        id.as_deref().map(|id| (id, None)),
    )
}

/// Every key of the key table, plus letters and keys the table does not bind.
fn keys() -> Vec<KeyEvent> {
    let mut out: Vec<KeyEvent> = BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter())
        .map(|k| KeyEvent::new(k.code, k.mods))
        .collect();
    for c in ['a', 'z', 'g', ':', '-', '"', ',', 'é', '1', ' '] {
        out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    out.push(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    out
}

#[derive(Debug, Clone)]
enum Input {
    Key(usize),
    /// Typed text, so prompts see whole words and real filter terms.
    Text(&'static str),
    Click(u16, u16),
    Wheel(bool, u16, u16),
    Draw(u16, u16),
}

fn input() -> impl Strategy<Value = Input> {
    let n = keys().len();
    prop_oneof![
        12 => (0..n).prop_map(Input::Key),
        1 => prop::sample::select(vec![
            "tag:database", "status:done", "level:beginner,advanced", "-status:todo",
            "is:next", "git", "lvl:", "\"unclosed", "kind:alternative", "phase:security",
            "optional:yes", "zzzz",
        ]).prop_map(Input::Text),
        1 => (0u16..120, 0u16..36).prop_map(|(c, r)| Input::Click(c, r)),
        1 => (any::<bool>(), 0u16..120, 0u16..36).prop_map(|(d, c, r)| Input::Wheel(d, c, r)),
        1 => prop::sample::select(vec![(120u16, 36u16), (80, 24), (60, 16), (59, 40), (200, 60)])
            .prop_map(|(w, h)| Input::Draw(w, h)),
    ]
}

fn check(state: &AppState, sim: &Sim) -> Result<(), TestCaseError> {
    let all: Vec<Vec<Status>> = state
        .roadmaps
        .iter()
        .map(|r| {
            r.roadmap
                .steps
                .iter()
                .map(|s| sim.status(r.id(), &s.id))
                .collect()
        })
        .collect();
    // Coverage from the simulated store, independent of the state's own index.
    let coverage = waymark::model::Coverage::new(
        state
            .roadmaps
            .iter()
            .zip(&all)
            .map(|(r, s)| (&r.roadmap, s.as_slice())),
    );
    for (ri, (r, expected)) in state.roadmaps.iter().zip(&all).enumerate() {
        prop_assert_eq!(&r.statuses, expected, "statuses of {}", r.id());
        // Every step the store holds a status for was set explicitly.
        for (i, st) in expected.iter().enumerate() {
            prop_assert!(*st == Status::Todo || r.explicit[i]);
        }
        let covered = coverage.covered_steps(ri, &r.roadmap, &r.explicit);
        let snap = Snapshot::with_covered(&r.roadmap, expected, &covered);
        prop_assert_eq!(&r.snapshot.summary, &snap.summary, "counts of {}", r.id());
        prop_assert_eq!(&r.snapshot.effective, &snap.effective);
    }
    match state.current() {
        None => {
            let picker = matches!(state.overlay, Some(Overlay::Picker { .. }));
            prop_assert!(picker || state.quit);
        }
        Some(r) => {
            prop_assert!(state.phase < r.roadmap.phases.len());
            prop_assert!(
                state.step < state.visible.len() || (state.visible.is_empty() && state.step == 0)
            );
            let mut context_rows = 0;
            for &i in &state.visible {
                let i = i as usize;
                prop_assert_eq!(r.roadmap.steps[i].phase, state.phase);
                // A row is a match, or a parent kept as context for a matching sub-step.
                prop_assert!(state.matches[i] != state.context[i]);
                if state.context[i] {
                    context_rows += 1;
                    prop_assert!(
                        r.graph
                            .children(i)
                            .iter()
                            .any(|&c| state.matches[c as usize])
                    );
                } else if state.hide_closed {
                    prop_assert!(!r.snapshot.effective[i].is_settled());
                }
            }
            prop_assert_eq!(
                state.match_count,
                state.matches.iter().filter(|&&m| m).count()
            );
            prop_assert_eq!(state.phase_matches.iter().sum::<usize>(), state.match_count);
            prop_assert_eq!(
                state.visible.len(),
                state.phase_matches[state.phase] + context_rows
            );
        }
    }
    match &state.overlay {
        Some(Overlay::Picker(p)) => prop_assert!(p.selected < state.roadmaps.len()),
        Some(Overlay::Search(s)) => {
            prop_assert!(s.selected < s.hits.len() || (s.hits.is_empty() && s.selected == 0))
        }
        Some(Overlay::Checklist(c)) => prop_assert!(c.selected < c.items.len()),
        _ => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_keep_the_invariants(
        open in 0usize..7,
        inputs in prop::collection::vec(input(), 1..80),
    ) {
        let keys = keys();
        let mut state = base(open);
        let mut sim = Sim::default();
        let theme = Theme::fancy();
        for inp in inputs {
            let actions: Vec<Action> = match inp {
                Input::Key(k) => keymap::map(&state, &keys[k]).into_iter().collect(),
                Input::Text(t) => t
                    .chars()
                    .filter_map(|c| keymap::map(&state, &key(c)))
                    .collect(),
                Input::Click(col, row) => vec![Action::Click { col, row }],
                Input::Wheel(down, col, row) => vec![if down {
                    Action::ScrollDown { col, row }
                } else {
                    Action::ScrollUp { col, row }
                }],
                Input::Draw(w, h) => {
                    draw(&mut state, w, h, &theme);
                    vec![]
                }
            };
            // Like the runtime: each action, then the answers to its effects, in order.
            for a in actions {
                let mut queue = std::collections::VecDeque::from([a]);
                while let Some(a) = queue.pop_front() {
                    for e in update(&mut state, a) {
                        let answers = sim.run(e, &state);
                        queue.extend(answers);
                    }
                }
                check(&state, &sim)?;
            }
            if state.quit {
                // Quitting saved where the person was.
                if let Some(r) = state.current() {
                    prop_assert_eq!(sim.settings.get(&waymark::store::Setting::LastRoadmap), Some(&waymark::store::SettingValue::LastRoadmap(r.id().to_string())));
                }
                break;
            }
        }
        draw(&mut state, 100, 30, &Theme::plain());
    }
}
