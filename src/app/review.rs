//! The review view (`R`, drawn by `ui/review.rs`): the due steps one by one, answered
//! with one key (g good, h hard, f forgot; after forgot, y reopens the step). The
//! schedule is `model::review`; this file keeps the answers the store holds and the
//! number due, so the header can show it.

use super::action::{Action, Effect};
use super::overlays::Next;
use super::state::{AppState, RoadmapState};
use crate::model::Status;
use crate::model::review::{Answer, Answers, Schedule, due};
use chrono::NaiveDate;
use std::collections::HashMap;

/// What the store holds about review, loaded at start and kept up to date.
#[derive(Debug, Clone, Default)]
pub struct ReviewBook {
    /// Off: nothing is due and the header shows no count (`waymark review --off`).
    pub enabled: bool,
    /// Answers per roadmap id, per step id.
    pub answers: HashMap<String, Answers>,
    /// Steps due today across every roadmap; refreshed by [`recount`].
    pub due: usize,
}

/// The due steps of one roadmap, soonest first.
pub fn due_in(r: &RoadmapState, book: &ReviewBook, today: NaiveDate) -> Vec<(usize, Schedule)> {
    if !book.enabled {
        return Vec::new();
    }
    let done_on: Vec<Option<NaiveDate>> = r.changed.iter().map(|c| c.map(|t| t.date())).collect();
    let empty = Answers::new();
    let answers = book.answers.get(r.id()).unwrap_or(&empty);
    due(&r.roadmap, &r.statuses, &done_on, answers, today)
}

/// Recounts the steps due, after statuses or answers changed.
pub fn recount(state: &mut AppState) {
    state.review.due = state
        .roadmaps
        .iter()
        .map(|r| due_in(r, &state.review, state.today).len())
        .sum();
}

/// The walk through the due steps.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewState {
    /// (roadmap index, step index, schedule), in the order they are asked.
    pub queue: Vec<(usize, usize, Schedule)>,
    pub pos: usize,
    /// "forgot" was answered: waiting for y (reopen) or n.
    pub asking_reopen: bool,
    pub answered: usize,
}

impl ReviewState {
    /// The current roadmap's due steps first, then the others'.
    pub fn open(state: &AppState) -> ReviewState {
        let mut order: Vec<usize> = (0..state.roadmaps.len()).collect();
        if let Some(c) = state.current {
            order.retain(|&i| i != c);
            order.insert(0, c);
        }
        let queue = order
            .into_iter()
            .flat_map(|ri| {
                due_in(&state.roadmaps[ri], &state.review, state.today)
                    .into_iter()
                    .map(move |(si, s)| (ri, si, s))
            })
            .collect();
        ReviewState {
            queue,
            pos: 0,
            asking_reopen: false,
            answered: 0,
        }
    }

    /// The step being asked, if any are left.
    pub fn current(&self) -> Option<(usize, usize, Schedule)> {
        self.queue.get(self.pos).copied()
    }
}

pub fn update(
    state: &mut AppState,
    own: &mut ReviewState,
    action: Action,
    fx: &mut Vec<Effect>,
) -> Next {
    let Some((ri, si, _)) = own.current() else {
        return match action {
            Action::Back | Action::Quit | Action::Enter => Next::Close,
            _ => Next::Stay,
        };
    };
    match action {
        Action::Back | Action::Quit => return Next::Close,
        Action::Forgot if !own.asking_reopen => own.asking_reopen = true,
        Action::Good if !own.asking_reopen => record(state, own, ri, si, Answer::Good, false, fx),
        Action::Hard if !own.asking_reopen => record(state, own, ri, si, Answer::Hard, false, fx),
        Action::Yes if own.asking_reopen => record(state, own, ri, si, Answer::Forgot, true, fx),
        Action::No if own.asking_reopen => record(state, own, ri, si, Answer::Forgot, false, fx),
        _ => {}
    }
    Next::Stay
}

fn record(
    state: &mut AppState,
    own: &mut ReviewState,
    ri: usize,
    si: usize,
    answer: Answer,
    reopen: bool,
    fx: &mut Vec<Effect>,
) {
    let today = state.today;
    let r = &mut state.roadmaps[ri];
    let step = r.roadmap.steps[si].id.clone();
    let roadmap = r.id().to_string();
    state
        .review
        .answers
        .entry(roadmap.clone())
        .or_default()
        .entry(step.clone())
        .or_default()
        .push((today, answer));
    if reopen {
        r.statuses[si] = Status::InProgress;
        // Every roadmap: the reopened step may have covered or unblocked steps elsewhere.
        state.refresh_progress();
        if state.current == Some(ri) {
            state.recompute();
        }
    }
    fx.push(Effect::Review {
        roadmap,
        step,
        answer,
        reopen,
    });
    own.asking_reopen = false;
    own.answered += 1;
    own.pos += 1;
    recount(state);
}
