//! The stats view (`S`, drawn by `ui/stats.rs`): the study log. Opening it asks the
//! runtime for the history ([`Effect::LoadStats`]); the runtime aggregates it with
//! `model::studylog` and answers with [`Action::StatsLoaded`].

use super::action::{Action, Effect};
use super::overlays::Next;
use super::state::AppState;
use crate::model::studylog::{Event, RoadmapStats, StudyLog, roadmap_stats, study_log};
use chrono::{DateTime, FixedOffset, Utc};

/// What the view shows, computed once when it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsData {
    pub log: StudyLog,
    /// Roadmaps with any activity or progress.
    pub roadmaps: Vec<RoadmapStats>,
}

impl StatsData {
    /// Aggregates `events` for the loaded roadmaps; `offset` is the local UTC offset at
    /// an instant (the runtime passes `chrono::Local`'s).
    pub fn compute(
        state: &AppState,
        events: &[Event],
        now: DateTime<Utc>,
        offset: impl Fn(DateTime<Utc>) -> FixedOffset,
    ) -> StatsData {
        // The graphs already index steps by id (and former id): no map to build.
        let hours = |r: &str, s: &str| {
            let rs = state.roadmaps.iter().find(|x| x.id() == r)?;
            rs.roadmap.steps.get(rs.step_index(s)?)?.hours
        };
        let log = study_log(events, offset, state.today, state.week_start, hours);
        let roadmaps = state
            .roadmaps
            .iter()
            .map(|r| {
                roadmap_stats(
                    &r.roadmap,
                    &r.snapshot,
                    |s| r.step_index(s),
                    events,
                    // A roadmap's own pace (`waymark pace ROADMAP H`), else the global one.
                    r.pace.or(state.pace),
                    now,
                    state.today,
                )
            })
            .filter(|l| l.changes > 0 || l.done > 0)
            .collect();
        StatsData { log, roadmaps }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatsState {
    /// `None` until the runtime answers.
    pub data: Option<Box<StatsData>>,
}

impl StatsState {
    pub fn open(fx: &mut Vec<Effect>) -> StatsState {
        fx.push(Effect::LoadStats);
        StatsState::default()
    }
}

pub fn update(_: &mut AppState, own: &mut StatsState, action: Action) -> Next {
    match action {
        Action::Back | Action::Quit | Action::Stats => Next::Close,
        Action::StatsLoaded(data) => {
            own.data = Some(data);
            Next::Stay
        }
        _ => Next::Stay,
    }
}
