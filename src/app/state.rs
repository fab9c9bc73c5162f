//! The whole state of the interface. `update` changes it; `ui` only reads it.
//!
//! Over 500 lines on purpose: `AppState` and its per-roadmap `RoadmapState` are one type
//! tree, and their small accessors stay beside the fields they read.

use super::action::StepRecord;
use super::chart::Layouts;
use super::overlays::Overlay;
use super::picker::PickerState;
use super::review::ReviewBook;
use super::screen::Screen;
use super::scroll::Scroll;
use super::view::View;
use crate::model::filter::{Filter, context_parents};
use crate::model::schedule::{Plan, PlanStatus};
use crate::model::{Coverage, Cycle, Graph, Level, Roadmap, Snapshot, Status, Tally, TopicIndex};
use chrono::{NaiveDate, NaiveDateTime, Weekday};
use std::collections::{BTreeMap, HashMap};

/// One loaded roadmap with its progress.
#[derive(Debug, Clone)]
pub struct RoadmapState {
    pub roadmap: Roadmap,
    /// Where it came from: "bundled" or a file name.
    pub source: String,
    pub graph: Graph,
    /// Stored status per step, indexed like `roadmap.steps`.
    pub statuses: Vec<Status>,
    /// When each step's status last changed (local time).
    pub changed: Vec<Option<NaiveDateTime>>,
    pub notes: HashMap<usize, String>,
    /// Whether each step was ever done (the history says so, or it was done here).
    pub was_done: Vec<bool>,
    /// Steps whose status was ever set (a stored change, a reset included): their
    /// status wins over shared-topic coverage.
    pub explicit: Vec<bool>,
    /// Progress derived from `statuses` and the coverage other roadmaps give;
    /// refreshed after every change (`AppState::refresh_progress`).
    pub snapshot: Snapshot,
    /// This roadmap's own pace (h/week), over the global one.
    pub pace: Option<f64>,
    /// The source's schedule laid on the calendar (`waymark plan ROADMAP --start`).
    pub plan: Option<Plan>,
    /// Where today falls in `plan`, refreshed with the snapshot.
    pub plan_status: Option<PlanStatus>,
    /// Any change recorded here, or any step done or covered.
    pub active: bool,
    /// Recent filters' matches; emptied with every new snapshot.
    pub filter_memo: crate::app::filter_memo::FilterMemo,
}

impl RoadmapState {
    /// A step's index by id or former id.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.graph.step_index(&self.roadmap, id)
    }

    pub fn new(roadmap: Roadmap, source: impl Into<String>) -> Result<RoadmapState, Cycle> {
        let graph = Graph::new(&roadmap)?;
        let n = roadmap.steps.len();
        let statuses = vec![Status::Todo; n];
        let snapshot = Snapshot::new(&roadmap, &statuses);
        Ok(RoadmapState {
            roadmap,
            source: source.into(),
            graph,
            statuses,
            changed: vec![None; n],
            notes: HashMap::new(),
            was_done: vec![false; n],
            explicit: vec![false; n],
            snapshot,
            pace: None,
            plan: None,
            plan_status: None,
            active: false,
            filter_memo: Default::default(),
        })
    }

    pub fn id(&self) -> &str {
        &self.roadmap.id
    }

    pub fn load(&mut self, records: Vec<StepRecord>) {
        let n = self.roadmap.steps.len();
        self.statuses = vec![Status::Todo; n];
        self.changed = vec![None; n];
        self.was_done = vec![false; n];
        self.explicit = vec![false; n];
        self.notes.clear();
        for (i, r) in records.into_iter().enumerate().take(n) {
            self.statuses[i] = r.status;
            self.changed[i] = r.changed;
            self.was_done[i] = r.was_done || r.status == Status::Done;
            self.explicit[i] = r.changed.is_some();
            if let Some(note) = r.note.filter(|n| !n.trim().is_empty()) {
                self.notes.insert(i, note);
            }
        }
        self.refresh();
    }

    pub fn refresh(&mut self) {
        self.snapshot = Snapshot::new(&self.roadmap, &self.statuses);
        self.filter_memo.clear();
    }

    /// The snapshot with the steps `coverage` covers (this roadmap at index `r`), and
    /// the plan's position on `today`.
    fn refresh_covered(&mut self, r: usize, coverage: &Coverage, today: chrono::NaiveDate) {
        let covered = coverage.covered_steps(r, &self.roadmap, &self.explicit);
        self.snapshot = Snapshot::with_covered(&self.roadmap, &self.statuses, &covered);
        self.filter_memo.clear();
        let phases = &self.snapshot.summary.phases;
        self.plan_status = self.plan.as_ref().map(|p| {
            let counted: Vec<usize> = phases.iter().map(Tally::counted).collect();
            let done: Vec<usize> = phases.iter().map(|t| t.done).collect();
            p.status(&counted, &done, today)
        });
        self.active =
            self.changed.iter().any(Option::is_some) || self.snapshot.summary.total.done > 0;
    }

    /// Every tag used in the roadmap with how many steps carry it, by name.
    pub fn tags(&self) -> Vec<(String, usize)> {
        let mut map: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for step in &self.roadmap.steps {
            for tag in &step.tags {
                let e = map
                    .entry(tag.to_lowercase())
                    .or_insert_with(|| (tag.clone(), 0));
                e.1 += 1;
            }
        }
        map.into_values().collect()
    }

    pub fn level_counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for s in &self.roadmap.steps {
            if let Some(l) = s.level {
                c[l as usize] += 1;
            }
        }
        c
    }
}

/// Which pane of the main view has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    Phases,
    #[default]
    Steps,
    Detail,
}

impl Focus {
    /// As `Setting::Focus` stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Focus::Phases => "phases",
            Focus::Steps => "steps",
            Focus::Detail => "details",
        }
    }

    pub fn parse(s: &str) -> Option<Focus> {
        [Focus::Phases, Focus::Steps, Focus::Detail]
            .into_iter()
            .find(|f| f.as_str() == s.trim())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// A roadmap file that did not load, shown in the picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    pub name: String,
    pub problems: usize,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub roadmaps: Vec<RoadmapState>,
    pub broken: Vec<Broken>,
    /// Index into `roadmaps`; `None` shows the roadmap picker as the whole screen.
    pub current: Option<usize>,
    pub focus: Focus,
    /// The detail pane describes the selected phase rather than the step: it took the
    /// focus from the phase list (`d`, S-Tab or a click there), so what was shown stays.
    pub detail_phase: bool,
    pub overlay: Option<Overlay>,
    /// The filter expression (the CLI's language); tag and level pickers edit it.
    pub filter_text: String,
    pub filter: Filter,
    /// `H`: hide done, skipped and not-needed steps.
    pub hide_closed: bool,
    pub phase: usize,
    /// Index into `visible`.
    pub step: usize,
    pub phase_scroll: Scroll,
    pub step_scroll: Scroll,
    pub detail_scroll: Scroll,
    pub pace: Option<f64>,
    pub today: NaiveDate,
    /// The first day of a week in the study log (the config's `week_start`).
    pub week_start: Weekday,
    pub message: Option<Message>,
    pub size: (u16, u16),
    pub quit: bool,
    /// Steps of the current roadmap passing the filter (and `H`), by index.
    pub matches: Vec<bool>,
    pub match_count: usize,
    /// Matching steps per phase.
    pub phase_matches: Vec<usize>,
    /// Steps shown only because a sub-step matches (dimmed parents), by index.
    pub context: Vec<bool>,
    /// The step list: matching steps of the selected phase and their context parents,
    /// in outline order (sub-steps under their parent).
    pub visible: Vec<u32>,
    /// Steps of other roadmaps sharing a topic, for "also in" in the detail pane.
    pub topics: TopicIndex,
    /// Done steps by shared topic across every roadmap; rebuilt after each change.
    pub coverage: Coverage,
    /// The "also in" list of the detail pane, when it has the keys.
    pub also_in: Option<super::also_in::AlsoIn>,
    /// Where the last frame put things (see [`Screen`]).
    pub screen: Screen,
    /// The user's key rebindings over the one key table (config `[keys]`).
    pub keys: super::keys::KeyOverrides,
    /// The step last selected in each roadmap (roadmap id → step id), so a roadmap
    /// opens where it was left.
    pub places: BTreeMap<String, String>,
    /// The full-screen view under any overlay: the list, stats or review.
    pub view: View,
    /// Review answers and the number due (the header shows it).
    pub review: ReviewBook,
    /// Chart layouts, computed once per roadmap and mode.
    pub charts: Layouts,
}

/// What the runtime read from the settings at start-up, as stored (see
/// [`AppState::restore`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Saved {
    /// `Setting::Places`.
    pub places: Option<String>,
    /// `Setting::HideDone`.
    pub hide_closed: Option<bool>,
    /// `Setting::Focus`.
    pub focus: Option<String>,
}

impl AppState {
    /// A state over loaded roadmaps. Opens `initial` (roadmap id, optional step id) when
    /// given and known, otherwise the picker.
    pub fn new(
        roadmaps: Vec<RoadmapState>,
        broken: Vec<Broken>,
        today: NaiveDate,
        initial: Option<(&str, Option<&str>)>,
    ) -> AppState {
        let topics = TopicIndex::new(roadmaps.iter().map(|r| &r.roadmap));
        let mut state = AppState {
            roadmaps,
            broken,
            current: None,
            focus: Focus::Steps,
            detail_phase: false,
            overlay: None,
            filter_text: String::new(),
            filter: Filter::default(),
            hide_closed: false,
            phase: 0,
            step: 0,
            phase_scroll: Scroll::default(),
            step_scroll: Scroll::default(),
            detail_scroll: Scroll::default(),
            pace: None,
            today,
            week_start: Weekday::Mon,
            message: None,
            size: (120, 36),
            quit: false,
            matches: Vec::new(),
            match_count: 0,
            phase_matches: Vec::new(),
            context: Vec::new(),
            visible: Vec::new(),
            topics,
            coverage: Coverage::default(),
            also_in: None,
            screen: Screen::default(),
            keys: Default::default(),
            places: BTreeMap::new(),
            view: View::Main,
            review: ReviewBook::default(),
            charts: Layouts::default(),
        };
        state.refresh_progress();
        match initial.and_then(|(id, step)| Some((state.index_of(id)?, step))) {
            Some((i, step)) => {
                state.open_roadmap(i);
                if let Some(step) = step {
                    state.select_step_id(step);
                }
            }
            None => state.overlay = Some(Overlay::Picker(PickerState::at(0))),
        }
        state
    }

    /// After any status change: rebuilds the coverage index once and every roadmap's
    /// snapshot from it (a tick in one roadmap can cover steps of all the others), then
    /// blocks steps on open prerequisites in other roadmaps, as `show … is:ready` does.
    pub fn refresh_progress(&mut self) {
        self.coverage = Coverage::new(
            self.roadmaps
                .iter()
                .map(|r| (&r.roadmap, r.statuses.as_slice())),
        );
        for (i, r) in self.roadmaps.iter_mut().enumerate() {
            r.refresh_covered(i, &self.coverage, self.today);
        }
        // A second pass: a prerequisite's settled flag needs its roadmap's new snapshot.
        for i in 0..self.roadmaps.len() {
            let (before, rest) = self.roadmaps.split_at_mut(i);
            let Some((me, after)) = rest.split_first_mut() else {
                break;
            };
            me.snapshot.block_on_externals(&me.roadmap, |id, step| {
                let other = before.iter().chain(after.iter()).find(|o| o.id() == id)?;
                other.snapshot.settled.get(other.step_index(step)?).copied()
            });
        }
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.roadmaps.iter().position(|r| r.id() == id)
    }

    pub fn current(&self) -> Option<&RoadmapState> {
        self.current.and_then(|i| self.roadmaps.get(i))
    }

    pub fn current_mut(&mut self) -> Option<&mut RoadmapState> {
        self.current.and_then(|i| self.roadmaps.get_mut(i))
    }

    /// The selected step's index in the roadmap.
    pub fn selected_step(&self) -> Option<usize> {
        self.visible.get(self.step).map(|&i| i as usize)
    }

    /// Whether the main view shows a phase list: a roadmap of one phase spends no pane
    /// on a list of one.
    pub fn has_phase_pane(&self) -> bool {
        self.current().is_some_and(|r| r.roadmap.phases.len() > 1)
    }

    /// Keeps the focus on a pane that is shown.
    pub fn fit_focus(&mut self) {
        if self.focus == Focus::Phases && !self.has_phase_pane() {
            self.focus = Focus::Steps;
        }
    }

    /// Whether the detail pane describes the selected phase (else the selected step).
    pub fn detail_shows_phase(&self) -> bool {
        match self.focus {
            Focus::Phases => true,
            Focus::Steps => false,
            Focus::Detail => self.detail_phase,
        }
    }

    /// Gives the detail pane the focus, keeping what it shows (the phase while the
    /// phase list had the focus), scrolled to the top when that changes.
    pub fn focus_detail(&mut self) {
        let phase = self.detail_shows_phase();
        if self.focus != Focus::Detail || self.detail_phase != phase {
            self.detail_scroll.reset();
        }
        self.detail_phase = phase;
        self.focus = Focus::Detail;
    }

    /// Whether the terminal is below the minimum size (the "too small" screen).
    pub fn too_small(&self) -> bool {
        super::screen::too_small(self.size.0, self.size.1)
    }

    pub fn filter_active(&self) -> bool {
        !self.filter.is_empty() || self.hide_closed
    }

    /// Takes saved settings in; the open roadmap goes to its saved place.
    pub fn restore(&mut self, saved: Saved) {
        if let Some(h) = saved.hide_closed {
            self.hide_closed = h;
            self.recompute();
        }
        if let Some(f) = saved.focus.as_deref().and_then(Focus::parse) {
            self.focus = f;
            self.fit_focus();
        }
        for line in saved.places.as_deref().unwrap_or("").lines() {
            if let Some((r, step)) = line.trim().split_once('/') {
                self.places.insert(r.to_string(), step.to_string());
            }
        }
        if let Some(step) = self
            .current()
            .and_then(|r| self.places.get(r.id()))
            .cloned()
        {
            self.select_step_id(&step);
        }
    }

    /// Every roadmap's place, the current selection included, as
    /// `Setting::Places` stores them.
    pub fn places_setting(&self) -> String {
        let mut places = self.places.clone();
        if let Some((r, i)) = self.current().zip(self.selected_step()) {
            places.insert(r.id().to_string(), r.roadmap.steps[i].id.clone());
        }
        places.iter().map(|(r, s)| format!("{r}/{s}\n")).collect()
    }

    /// Switches to roadmap `i`, where it was last left (else on its first step), with
    /// the filter cleared.
    pub fn open_roadmap(&mut self, i: usize) {
        if i >= self.roadmaps.len() {
            return;
        }
        if let Some((r, s)) = self.current().zip(self.selected_step()) {
            let (id, step) = (r.id().to_string(), r.roadmap.steps[s].id.clone());
            self.places.insert(id, step);
        }
        self.current = Some(i);
        // The old roadmap's rows mean nothing here: indexes of its steps would
        // "keep" a selection on an unrelated step.
        self.visible.clear();
        self.filter_text.clear();
        self.filter = Filter::default();
        self.phase = 0;
        self.step = 0;
        // The list focused stays focused; the details were of the roadmap left.
        if self.focus == Focus::Detail {
            self.focus = Focus::Steps;
        }
        self.detail_phase = false;
        self.phase_scroll.reset();
        self.step_scroll.reset();
        self.detail_scroll.reset();
        self.recompute();
        self.fit_focus();
        if let Some(step) = self.places.get(self.roadmaps[i].id()).cloned() {
            self.select_step_id(&step);
        }
    }

    /// Selects step `id` of the current roadmap if it is shown.
    pub fn select_step_id(&mut self, id: &str) -> bool {
        let Some(i) = self.current().and_then(|r| r.step_index(id)) else {
            return false;
        };
        self.select_step(i)
    }

    /// Selects step `i` (roadmap index): its phase, then the step. False when hidden.
    pub fn select_step(&mut self, i: usize) -> bool {
        let Some(phase) = self
            .current()
            .and_then(|r| r.roadmap.steps.get(i))
            .map(|s| s.phase)
        else {
            return false;
        };
        self.phase = phase;
        self.rebuild_visible();
        match self.visible.iter().position(|&v| v as usize == i) {
            Some(pos) => {
                self.step = pos;
                self.detail_scroll.reset();
                true
            }
            None => false,
        }
    }

    /// Recomputes which steps match the filter, after a change of filter or statuses.
    pub fn recompute(&mut self) {
        let Some(r) = self.current.and_then(|i| self.roadmaps.get_mut(i)) else {
            self.matches.clear();
            self.phase_matches.clear();
            self.context.clear();
            self.visible.clear();
            self.match_count = 0;
            return;
        };
        let n = r.roadmap.steps.len();
        let mut matches = vec![false; n];
        let mut phase_matches = vec![0; r.roadmap.phases.len()];
        let mut count = 0;
        // Only the matched steps are visited: on a large roadmap each step read is a
        // cache miss, and typing into the filter recomputes on every key.
        for &i in r
            .filter_memo
            .matches(&self.filter, &r.roadmap, &r.graph, &r.snapshot)
        {
            if self.hide_closed && r.snapshot.effective[i].is_settled() {
                continue;
            }
            matches[i] = true;
            count += 1;
            if let Some(c) = phase_matches.get_mut(r.roadmap.steps[i].phase) {
                *c += 1;
            }
        }
        self.context = context_parents(&r.roadmap, &matches);
        self.matches = matches;
        self.match_count = count;
        self.phase_matches = phase_matches;
        self.rebuild_visible();
    }

    /// Rebuilds the step list of the selected phase and keeps the selection in range,
    /// on the same step when it is still shown.
    pub fn rebuild_visible(&mut self) {
        let before = self.selected_step();
        let Some(r) = self.current.and_then(|i| self.roadmaps.get(i)) else {
            self.visible.clear();
            return;
        };
        let phases = r.roadmap.phases.len();
        self.phase = self.phase.min(phases.saturating_sub(1));
        self.visible = r
            .graph
            .phase_steps(self.phase)
            .iter()
            .copied()
            .filter(|&i| {
                let i = i as usize;
                self.matches.get(i).copied().unwrap_or(false)
                    || self.context.get(i).copied().unwrap_or(false)
            })
            .collect();
        if let Some(b) = before
            && let Some(pos) = self.visible.iter().position(|&v| v as usize == b)
        {
            self.step = pos;
        }
        self.step = self.step.min(self.visible.len().saturating_sub(1));
    }

    /// Levels the filter names (for the level picker's check marks).
    pub fn level_checked(&self, level: Level) -> bool {
        super::filter_text::values(&self.filter_text, "level")
            .iter()
            .any(|v| v.eq_ignore_ascii_case(level.as_str()))
    }
}

#[cfg(test)]
mod tests;
