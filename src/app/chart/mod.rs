//! The chart view (`g`): the roadmap drawn as a chart, full screen (drawn by
//! `ui/chart.rs`). Its state is the selected box, two scroll offsets and whether the
//! detail pane is open; the geometry is a [`ChartLayout`] computed once per roadmap and
//! mode and kept in [`Layouts`], never per frame.

pub mod layout;

use super::action::{Action, Effect};
use super::main_view::{select_phase, toggle_step};
use super::overlays::{Next, Overlay};
use super::screen::Viewport;
use super::scroll::Scroll;
use super::state::{AppState, Focus, RoadmapState};
use super::update::{jump, quit};
use super::view::View;
use crate::model::Status;
use layout::{ChartLayout, Node};
use std::collections::HashMap;
use std::sync::Arc;

/// Boxes a page key moves.
const PAGE: isize = 10;

/// Chart layouts by roadmap id and mode, and the mode last chosen with `z`.
#[derive(Debug, Clone, Default)]
pub struct Layouts {
    pub compact: bool,
    cache: HashMap<(String, bool), Arc<ChartLayout>>,
}

impl Layouts {
    /// The layout of `r`, computed on first use or when the roadmap changed size.
    pub fn get(&mut self, r: &RoadmapState, compact: bool) -> Arc<ChartLayout> {
        let key = (r.id().to_string(), compact);
        match self.cache.get(&key) {
            Some(l) if fits(l, r) => l.clone(),
            _ => {
                let l = Arc::new(ChartLayout::new(&r.roadmap, &r.graph, compact));
                self.cache.insert(key, l.clone());
                l
            }
        }
    }
}

/// Whether a layout was made for a roadmap of this shape (a reloaded file may differ).
fn fits(l: &ChartLayout, r: &RoadmapState) -> bool {
    l.steps == r.roadmap.steps.len() && l.phases == r.roadmap.phases.len()
}

#[derive(Debug, Clone)]
pub struct ChartState {
    /// Index into `AppState::roadmaps`.
    pub roadmap: usize,
    pub layout: Arc<ChartLayout>,
    /// Index into `layout.placed`.
    pub selected: u32,
    /// First canvas row and column shown.
    pub rows: Scroll,
    pub cols: Scroll,
    /// Enter: the selected box's detail beside (or under) the chart.
    pub detail: bool,
    /// `d`: the keys scroll the detail text instead of moving between boxes.
    pub detail_focus: bool,
    /// The detail text's first line shown; back to the top on another box.
    pub detail_scroll: Scroll,
}

impl ChartState {
    /// The chart of the current roadmap on the selected step (or phase, with the phase
    /// list focused). `None` when there is nothing to draw.
    pub fn open(state: &mut AppState) -> Option<ChartState> {
        let r = state.current?;
        let compact = state.charts.compact;
        let layout = state.charts.get(&state.roadmaps[r], compact);
        let rs = &state.roadmaps[r];
        let on_phase = || {
            layout.of_phase(state.phase).or_else(|| {
                let first = *rs.graph.phase_steps(state.phase).first()?;
                layout.of_step(first as usize)
            })
        };
        let selected = match (state.focus, state.selected_step()) {
            (Focus::Phases, _) | (_, None) => on_phase(),
            (_, Some(i)) => layout.of_step(i),
        }
        .or_else(|| layout.first())?;
        let mut chart = ChartState {
            roadmap: r,
            layout,
            selected,
            rows: Scroll::default(),
            cols: Scroll::default(),
            detail: false,
            detail_focus: false,
            detail_scroll: Scroll::default(),
        };
        chart.center(state.size);
        Some(chart)
    }

    /// Scrolls so the selected box is in the middle of a `size` terminal (the canvas is
    /// all but the header and footer), as when the chart opens.
    fn center(&mut self, (width, height): (u16, u16)) {
        let Some(p) = self.layout.placed.get(self.selected as usize) else {
            return;
        };
        let r = p.rect;
        let rows = height.saturating_sub(3) as usize;
        let mid = |start: u32, len: u32, view: usize| {
            (start as usize + len as usize / 2).saturating_sub(view / 2) as isize
        };
        self.rows.reset();
        self.rows
            .scroll_by(mid(r.y, r.h, rows), self.layout.height as usize, rows);
        self.cols.reset();
        self.cols.scroll_by(
            mid(r.x, r.w, width as usize),
            self.layout.width as usize,
            width as usize,
        );
    }

    /// Selects box `p`; the detail text of another box starts at its top.
    fn select(&mut self, p: u32) {
        if p != self.selected {
            self.selected = p;
            self.detail_scroll.reset();
        }
    }

    /// What the selected box stands for.
    pub fn node(&self) -> Option<Node> {
        self.layout
            .placed
            .get(self.selected as usize)
            .map(|p| p.node)
    }

    /// The first row and column to draw in `view` (cells), as [`follow`] would set them.
    pub fn offsets(&self, width: u16, height: u16) -> (u32, u32) {
        let mut c = self.clone();
        c.scroll_to_selection(width, height);
        (c.rows.offset() as u32, c.cols.offset() as u32)
    }

    fn scroll_to_selection(&mut self, width: u16, height: u16) {
        let Some(p) = self.layout.placed.get(self.selected as usize) else {
            return;
        };
        let r = p.rect;
        let (w, h) = (self.layout.width as usize, self.layout.height as usize);
        let rows = height as usize;
        self.rows.follow((r.bottom() - 1) as usize, h, rows);
        self.rows.follow(r.y as usize, h, rows);
        let cols = width as usize;
        self.cols.follow((r.right() - 1) as usize, w, cols);
        self.cols.follow(r.x as usize, w, cols);
    }
}

/// Opens the chart from the main view.
/// Runs `f` on the chart when it is the open view, taken out of the state for the call
/// so `f` may change the rest of the state; `None` (and nothing touched) otherwise.
pub fn with_open<R>(
    state: &mut AppState,
    f: impl FnOnce(&mut ChartState, &mut AppState) -> R,
) -> Option<R> {
    if !matches!(state.view, View::Chart(_)) {
        return None;
    }
    let View::Chart(mut c) = std::mem::take(&mut state.view) else {
        return None;
    };
    let out = f(&mut c, state);
    state.view = View::Chart(c);
    Some(out)
}

pub fn open(state: &mut AppState) {
    match ChartState::open(state) {
        Some(c) => state.view = View::Chart(c),
        None => state.notice("nothing to chart: the roadmap has no steps"),
    }
}

pub fn update(
    state: &mut AppState,
    chart: &mut ChartState,
    action: Action,
    fx: &mut Vec<Effect>,
) -> Next {
    let l = chart.layout.clone();
    let Some(sel) = l
        .placed
        .get(chart.selected as usize)
        .map(|_| chart.selected)
    else {
        return Next::Close;
    };
    if chart.detail_focus && scroll_detail(chart, state.screen.chart_detail, &action) {
        return Next::Stay;
    }
    let target = match action {
        Action::Up => Some(Some(l.vertical(sel, -1))),
        Action::Down => Some(Some(l.vertical(sel, 1))),
        Action::PageUp => Some(Some(l.vertical(sel, -PAGE))),
        Action::PageDown => Some(Some(l.vertical(sel, PAGE))),
        Action::Top => Some(l.first()),
        Action::Bottom => Some(l.last()),
        Action::Left => Some(l.sideways(sel, true)),
        Action::Right => Some(l.sideways(sel, false)),
        _ => None,
    };
    if let Some(target) = target {
        // Nothing there (the edge of the chart): stay.
        if let Some(p) = target {
            chart.select(p);
        }
        return Next::Stay;
    }
    match action {
        Action::Enter => {
            chart.detail = !chart.detail;
            chart.detail_focus = false;
        }
        // As `d` in the list: the detail pane takes the keys (opened if need be).
        Action::FocusDetail => {
            chart.detail_focus = !chart.detail_focus || !chart.detail;
            chart.detail = true;
        }
        Action::Back if chart.detail_focus => chart.detail_focus = false,
        Action::Back if chart.detail => chart.detail = false,
        Action::Back | Action::Chart => {
            back_to_list(state, chart);
            return Next::Close;
        }
        Action::Compact => {
            let compact = !chart.layout.compact;
            state.charts.compact = compact;
            let node = chart.node();
            let rs = &state.roadmaps[chart.roadmap];
            chart.layout = state.charts.get(rs, compact);
            chart.selected = match node {
                Some(Node::Step(i)) => chart.layout.of_step(i as usize),
                Some(Node::Phase(p)) => chart.layout.of_phase(p as usize),
                None => None,
            }
            .or_else(|| chart.layout.first())
            .unwrap_or(0);
            chart.center(state.size);
            state.notice(if compact {
                "compact chart (z: full boxes)"
            } else {
                "full boxes (z: compact)"
            });
        }
        Action::ToggleDone => tick(state, chart, Status::Done, fx),
        Action::ToggleStarted => tick(state, chart, Status::InProgress, fx),
        Action::ToggleSkipped => tick(state, chart, Status::Skipped, fx),
        Action::Undo => fx.push(Effect::Undo),
        Action::Help => state.overlay = Some(Overlay::Help(Scroll::default())),
        Action::Quit => {
            back_to_list(state, chart);
            quit(state, fx);
            return Next::Close;
        }
        _ => {}
    }
    Next::Stay
}

/// With the detail focused, the moving keys scroll its text (`view`: the pane as last
/// laid out) the way they scroll the list's detail pane. False for any other key.
fn scroll_detail(chart: &mut ChartState, view: Viewport, action: &Action) -> bool {
    let page = view.rows.max(1) as isize;
    let delta = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => isize::MIN,
        Action::Bottom => isize::MAX,
        _ => return false,
    };
    chart.detail_scroll.scroll_by(delta, view.lines, view.rows);
    true
}

fn tick(state: &mut AppState, chart: &ChartState, to: Status, fx: &mut Vec<Effect>) {
    match chart.node() {
        Some(Node::Step(i)) => toggle_step(state, chart.roadmap, i as usize, to, fx),
        _ => state.notice("a phase: ← and → go to its steps"),
    }
}

/// The list shows what the chart had selected.
fn back_to_list(state: &mut AppState, chart: &ChartState) {
    if state.current != Some(chart.roadmap) {
        return;
    }
    match chart.node() {
        Some(Node::Step(i)) => jump(state, i as usize),
        Some(Node::Phase(p)) => {
            select_phase(state, p as usize);
            state.focus = Focus::Phases;
        }
        None => {}
    }
}

/// Keeps the layout in line with the roadmap, the selection in view and the detail
/// text within its pane (`detail`).
pub fn follow(chart: &mut ChartState, state: &AppState, view: Viewport, detail: Viewport) {
    chart.detail_scroll.clamp(detail.lines, detail.rows);
    if let Some(r) = state.roadmaps.get(chart.roadmap)
        && !fits(&chart.layout, r)
    {
        let node = chart.node();
        chart.layout = Arc::new(ChartLayout::new(&r.roadmap, &r.graph, chart.layout.compact));
        chart.selected = match node {
            Some(Node::Step(i)) => chart.layout.of_step(i as usize),
            Some(Node::Phase(p)) => chart.layout.of_phase(p as usize),
            None => None,
        }
        .unwrap_or(0);
    }
    // Until a frame of the chart is laid out (just opened), keep the opening scroll.
    if view.area.height > 0 {
        chart.scroll_to_selection(view.area.width, view.area.height);
    }
}

/// A click on the chart's canvas selects the box under it.
pub fn click(chart: &mut ChartState, view: Viewport, col: u16, row: u16) {
    let a = view.area;
    if col < a.x || row < a.y || col >= a.x + a.width || row >= a.y + a.height {
        return;
    }
    let (oy, ox) = chart.offsets(a.width, a.height);
    // As drawn: a chart narrower than the screen is centred.
    let shift = (a.width as i64 - chart.layout.width as i64).max(0) / 2;
    let x = (col - a.x) as i64 + ox as i64 - shift;
    let y = (row - a.y) as u32 + oy;
    if x < 0 {
        return;
    }
    let l = &chart.layout;
    let hit = l.bands[l.bands_in(y..y + 1)]
        .iter()
        .flat_map(|b| b.nodes.clone())
        .find(|&p| l.placed[p as usize].rect.contains(x as u32, y));
    if let Some(p) = hit {
        chart.select(p);
    }
}
