//! The whole state of the interface. `update` changes it; `ui` only reads it.

use super::action::StepRecord;
use super::chart::{Layouts, View};
use super::overlays::Overlay;
use super::picker::PickerState;
use super::screen::Screen;
use super::scroll::Scroll;
use crate::model::filter::{Filter, context_parents};
use crate::model::{Cycle, Graph, Level, Roadmap, Snapshot, Status, TopicIndex};
use chrono::{NaiveDate, NaiveDateTime};
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
    /// Progress derived from `statuses`; refreshed after every change.
    pub snapshot: Snapshot,
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
            snapshot,
        })
    }

    pub fn id(&self) -> &str {
        &self.roadmap.id
    }

    pub fn load(&mut self, records: Vec<StepRecord>) {
        let n = self.roadmap.steps.len();
        self.statuses = vec![Status::Todo; n];
        self.changed = vec![None; n];
        self.notes.clear();
        for (i, r) in records.into_iter().enumerate().take(n) {
            self.statuses[i] = r.status;
            self.changed[i] = r.changed;
            if let Some(note) = r.note.filter(|n| !n.trim().is_empty()) {
                self.notes.insert(i, note);
            }
        }
        self.refresh();
    }

    pub fn refresh(&mut self) {
        self.snapshot = Snapshot::new(&self.roadmap, &self.statuses);
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
    /// Where the last frame put things (see [`Screen`]).
    pub screen: Screen,
    /// The full-screen view under any overlay: the list, or the chart.
    pub view: View,
    /// Chart layouts, computed once per roadmap and mode.
    pub charts: Layouts,
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
            message: None,
            size: (120, 36),
            quit: false,
            matches: Vec::new(),
            match_count: 0,
            phase_matches: Vec::new(),
            context: Vec::new(),
            visible: Vec::new(),
            topics,
            screen: Screen::default(),
            view: View::Main,
            charts: Layouts::default(),
        };
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

    pub fn filter_active(&self) -> bool {
        !self.filter.is_empty() || self.hide_closed
    }

    /// Switches to roadmap `i`, resetting filters and selection.
    pub fn open_roadmap(&mut self, i: usize) {
        if i >= self.roadmaps.len() {
            return;
        }
        self.current = Some(i);
        self.filter_text.clear();
        self.filter = Filter::default();
        self.phase = 0;
        self.step = 0;
        self.focus = Focus::Steps;
        self.phase_scroll.reset();
        self.step_scroll.reset();
        self.detail_scroll.reset();
        self.recompute();
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
        let Some(r) = self.current.and_then(|i| self.roadmaps.get(i)) else {
            self.matches.clear();
            self.phase_matches.clear();
            self.context.clear();
            self.visible.clear();
            self.match_count = 0;
            return;
        };
        let n = r.roadmap.steps.len();
        let mut matches = vec![false; n];
        for i in self.filter.apply(&r.roadmap, &r.graph, &r.snapshot) {
            matches[i] = !(self.hide_closed && r.snapshot.effective[i].is_settled());
        }
        let mut phase_matches = vec![0; r.roadmap.phases.len()];
        let mut count = 0;
        for (i, step) in r.roadmap.steps.iter().enumerate() {
            if matches[i] {
                count += 1;
                if let Some(c) = phase_matches.get_mut(step.phase) {
                    *c += 1;
                }
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
