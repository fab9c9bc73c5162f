//! Roadmap files changed on disk while the interface runs (`Action::Reloaded`): the
//! roadmaps are replaced, and the person stays where they were when their roadmap and
//! step still exist. A file fixed since it failed stops showing as broken in the picker.

use super::overlays::Overlay;
use super::picker::PickerState;
use super::state::{AppState, Broken, RoadmapState};
use crate::model::{Roadmap, TopicIndex};

pub fn reloaded(state: &mut AppState, roadmaps: Vec<(Roadmap, String)>, broken: Vec<Broken>) {
    let current = state.current().map(|r| r.id().to_string());
    let step = state
        .current()
        .zip(state.selected_step())
        .map(|(r, i)| r.roadmap.steps[i].id.clone());
    let (phase, focus) = (state.phase, state.focus);

    let mut states = Vec::with_capacity(roadmaps.len());
    let mut broken = broken;
    for (roadmap, source) in roadmaps {
        let name = source.clone();
        match RoadmapState::new(roadmap, source) {
            Ok(r) => states.push(r),
            // A dependency cycle: listed as broken, as at start-up.
            Err(_) => broken.push(Broken { name, problems: 1 }),
        }
    }
    state.topics = TopicIndex::new(states.iter().map(|r| &r.roadmap));
    state.roadmaps = states;
    state.broken = broken;

    match current.as_deref().and_then(|id| state.index_of(id)) {
        Some(i) => {
            state.current = Some(i);
            state.phase = phase;
            state.recompute();
            if let Some(step) = &step {
                state.select_step_id(step);
            }
            state.focus = focus;
        }
        None => {
            state.current = None;
            state.recompute();
            if let Some(id) = current {
                state.error(&format!(
                    "roadmap `{id}` no longer loads; run `waymark validate` for details"
                ));
            }
            state.overlay = Some(Overlay::Picker(PickerState::at(0)));
        }
    }
    // The picker's row may be past the new end.
    if let Some(Overlay::Picker(p)) = &mut state.overlay {
        p.selected = p.selected.min(state.roadmaps.len().saturating_sub(1));
    }
}
