//! Where the chart view puts every box and line, as plain numbers (no ratatui types), so
//! the geometry is unit-tested on its own and computed once per roadmap, not per frame.
//!
//! ```text
//!  ┌ child ──────┐        ┌──────────────┐          ┌ child ──────┐
//!  │ ○ What is … ├──┐     │              │     ┌──┤ ◐ DNS …     │
//!  └─────────────┘  ├─────┤ ✔ Internet   ├─────┤  └─────────────┘
//!  ╭ pick one ───╮  │     └──────┬───────┘     └──┤ ○ Hosting   │
//!  │ ○ Go        ├──┘            │
//! ```
//!
//! The main path (the spine) runs down the middle: the phases, or, when steps have
//! sub-steps or there is one phase, the top-level steps in outline order. Each spine
//! node's children (a phase's steps, a step's sub-steps) sit beside it, split between
//! the left and right columns (the first half on alternating sides, as on roadmap.sh);
//! consecutive members of one pick-one group share a bracket. A `requires` edge that is
//! not the main path is listed on its step ("needs") and drawn as a marker by the ui.
//!
//! Everything a spine node owns lies in its *band* of rows, so drawing a viewport looks
//! at the few bands it overlaps.
//!
//! The geometry types and the navigation over the result are here; the placement passes
//! (path, sides, brackets, lines, bands) are in `layout/place.rs`, the tests in
//! `layout_tests.rs`.

mod place;

use crate::model::{Graph, Roadmap};
use place::Builder;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// What a box stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Phase(u32),
    Step(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Left,
    Spine,
    Right,
}

impl Column {
    fn index(self) -> usize {
        match self {
            Column::Left => 0,
            Column::Spine => 1,
            Column::Right => 2,
        }
    }
}

/// A rectangle of cells on the chart's canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Rect {
    pub fn right(self) -> u32 {
        self.x + self.w
    }
    pub fn bottom(self) -> u32 {
        self.y + self.h
    }
    pub fn contains(self, x: u32, y: u32) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }
    pub fn intersects(self, o: Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

/// One box on the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub node: Node,
    /// The whole box: a bordered box (3 rows), or for a pick-one member its row across
    /// the bracket (borders included), or in compact mode a plain row. A second row
    /// holds the "needs" marker where the box has no bottom border to carry it.
    pub rect: Rect,
    pub column: Column,
    /// The row the label is on (connectors join here).
    pub label_row: u32,
    /// Whether the box has its own border (normal mode, not in a bracket).
    pub bordered: bool,
    /// Index into `ChartLayout::brackets`.
    pub bracket: Option<u32>,
    /// Index into `ChartLayout::bands`.
    pub band: u32,
    needs: (u32, u32),
    /// Prerequisites in other roadmaps (named in the detail).
    pub external_needs: u32,
}

/// A straight run of connector cells. `open_start`/`open_end` say that the end cell
/// also points outward (into the box it joins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub x: u32,
    pub y: u32,
    pub len: u32,
    pub vertical: bool,
    pub open_start: bool,
    pub open_end: bool,
}

pub const UP: u8 = 1;
pub const DOWN: u8 = 2;
pub const LEFT: u8 = 4;
pub const RIGHT: u8 = 8;

impl Segment {
    /// Each cell with the directions its line goes (`UP | DOWN`, `LEFT | RIGHT`, …).
    pub fn cells(self) -> impl Iterator<Item = (u32, u32, u8)> {
        let (back, fwd) = if self.vertical {
            (UP, DOWN)
        } else {
            (LEFT, RIGHT)
        };
        (0..self.len).map(move |k| {
            let mut m = 0;
            if k > 0 || self.open_start {
                m |= back;
            }
            if k + 1 < self.len || self.open_end {
                m |= fwd;
            }
            if self.vertical {
                (self.x, self.y + k, m)
            } else {
                (self.x + k, self.y, m)
            }
        })
    }
}

/// A pick-one group's members beside one spine node, framed together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bracket {
    pub rect: Rect,
    /// Index into `Roadmap::groups`.
    pub group: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Spine node to the next one.
    Path,
    /// Spine node to a box beside it.
    Child,
}

/// A drawn edge between two boxes: the connector cell touching each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub kind: EdgeKind,
    pub a: (u32, u32),
    pub b: (u32, u32),
}

/// The rows of one spine node and what lies in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub top: u32,
    /// The next band's top (this band's rows and the gap under it).
    pub end: u32,
    pub nodes: Range<u32>,
    pub segments: Range<u32>,
    pub brackets: Range<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dims {
    child_w: u32,
    spine_w: u32,
    /// Columns between a child column and the spine.
    gap: u32,
    /// The bus's distance from the child column's inner edge.
    bus: u32,
    /// A box's height without a needs row.
    box_h: u32,
}

impl Dims {
    fn left_x(self) -> u32 {
        0
    }
    fn spine_x(self) -> u32 {
        self.child_w + self.gap
    }
    fn right_x(self) -> u32 {
        self.spine_x() + self.spine_w + self.gap
    }
    fn width(self) -> u32 {
        self.right_x() + self.child_w
    }
}

#[derive(Debug, Clone)]
pub struct ChartLayout {
    pub compact: bool,
    /// Whether the spine is the phases (otherwise top-level steps).
    pub by_phases: bool,
    pub width: u32,
    pub height: u32,
    pub placed: Vec<Placed>,
    pub segments: Vec<Segment>,
    pub brackets: Vec<Bracket>,
    pub bands: Vec<Band>,
    pub edges: Vec<Edge>,
    needs: Vec<u32>,
    by_step: Vec<u32>,
    by_phase: Vec<u32>,
    columns: [Vec<u32>; 3],
    column_pos: Vec<u32>,
    /// The roadmap's size when laid out: a cheap check that the layout still fits it.
    pub steps: usize,
    pub phases: usize,
}

const NONE: u32 = u32::MAX;

/// Display width of a title, bounded so one absurd title cannot matter.
fn title_width(s: &str) -> u32 {
    UnicodeWidthStr::width(s).min(200) as u32
}

impl ChartLayout {
    /// Lays out `roadmap` (whose graph is `graph`). Linear in steps and edges.
    pub fn new(roadmap: &Roadmap, graph: &Graph, compact: bool) -> ChartLayout {
        let n = roadmap.steps.len();
        let mut is_child = vec![false; n];
        for i in 0..n {
            for &c in graph.children(i) {
                is_child[c as usize] = true;
            }
        }
        let nested = is_child.iter().any(|&c| c);
        let by_phases = roadmap.phases.len() > 1 && !nested;
        let mut spine: Vec<(Node, &[u32])> = Vec::new();
        for p in 0..roadmap.phases.len() {
            if by_phases {
                spine.push((Node::Phase(p as u32), graph.phase_steps(p)));
                continue;
            }
            for &i in graph.phase_steps(p) {
                if !is_child[i as usize] {
                    spine.push((Node::Step(i), graph.children(i as usize)));
                }
            }
        }

        // Box widths from the longest titles, within bounds.
        let title = |node: Node| match node {
            Node::Phase(p) => title_width(&roadmap.phases[p as usize].title),
            Node::Step(i) => title_width(&roadmap.steps[i as usize].title),
        };
        let spine_max = spine.iter().map(|&(s, _)| title(s)).max().unwrap_or(0);
        let child_max = spine
            .iter()
            .flat_map(|&(_, c)| c.iter())
            .map(|&c| title(Node::Step(c)))
            .max()
            .unwrap_or(0);
        let dims = if compact {
            Dims {
                child_w: (child_max + 5).clamp(12, 22),
                spine_w: (spine_max + 10).clamp(14, 26),
                gap: 4,
                bus: 1,
                box_h: 1,
            }
        } else {
            Dims {
                child_w: (child_max + 8).clamp(16, 30),
                spine_w: (spine_max + 14).clamp(20, 36),
                gap: 6,
                bus: 2,
                box_h: 3,
            }
        };

        let mut b = Builder {
            roadmap,
            graph,
            dims,
            compact,
            layout: ChartLayout {
                compact,
                by_phases,
                width: dims.width(),
                height: 0,
                placed: Vec::with_capacity(n + roadmap.phases.len()),
                segments: Vec::with_capacity(2 * n + 2 * spine.len()),
                brackets: Vec::new(),
                bands: Vec::with_capacity(spine.len()),
                edges: Vec::with_capacity(n + spine.len()),
                needs: Vec::new(),
                by_step: vec![NONE; n],
                by_phase: vec![NONE; roadmap.phases.len()],
                columns: [Vec::new(), Vec::with_capacity(spine.len()), Vec::new()],
                column_pos: Vec::with_capacity(n + roadmap.phases.len()),
                steps: n,
                phases: roadmap.phases.len(),
            },
        };
        let mut top = 0;
        let mut prev_spine: Option<u32> = None;
        for (k, &(node, children)) in spine.iter().enumerate() {
            let path_prereq = match (prev_spine, node) {
                (Some(p), Node::Step(_)) => match b.layout.placed[p as usize].node {
                    Node::Step(j) => Some(j),
                    Node::Phase(_) => None,
                },
                _ => None,
            };
            let (end, s) = b.band(k, top, node, children, prev_spine, path_prereq);
            prev_spine = Some(s);
            top = end;
        }
        b.layout.height = top;
        b.layout
    }

    /// Local prerequisites of box `p` that the chart does not draw as a line.
    pub fn needs(&self, p: u32) -> &[u32] {
        let (start, len) = self.placed[p as usize].needs;
        &self.needs[start as usize..(start + len) as usize]
    }

    pub fn of_step(&self, i: usize) -> Option<u32> {
        self.by_step.get(i).copied().filter(|&p| p != NONE)
    }

    pub fn of_phase(&self, p: usize) -> Option<u32> {
        self.by_phase.get(p).copied().filter(|&p| p != NONE)
    }

    /// The spine node of box `p`'s band.
    pub fn spine_of(&self, p: u32) -> u32 {
        self.bands[self.placed[p as usize].band as usize]
            .nodes
            .start
    }

    /// Bands holding anything on rows `rows`.
    pub fn bands_in(&self, rows: Range<u32>) -> Range<usize> {
        let lo = self.bands.partition_point(|b| b.end <= rows.start);
        let hi = self.bands.partition_point(|b| b.top < rows.end);
        // The next band's path line starts in the band above it.
        lo..(hi + 1).min(self.bands.len())
    }

    /// The first box on the main path.
    pub fn first(&self) -> Option<u32> {
        self.columns[1].first().copied()
    }

    pub fn last(&self) -> Option<u32> {
        self.columns[1].last().copied()
    }

    /// `delta` boxes up (negative) or down the column of box `p`.
    pub fn vertical(&self, p: u32, delta: isize) -> u32 {
        let col = &self.columns[self.placed[p as usize].column.index()];
        let pos = self.column_pos[p as usize] as isize;
        let to = pos.saturating_add(delta).clamp(0, col.len() as isize - 1);
        col[to as usize]
    }

    /// The box to the left (`left`) or right of `p`: from the spine, the nearest box
    /// beside it on that side; from a box beside the spine, back to the spine.
    pub fn sideways(&self, p: u32, left: bool) -> Option<u32> {
        let here = &self.placed[p as usize];
        match (here.column, left) {
            (Column::Left, false) | (Column::Right, true) => Some(self.spine_of(p)),
            (Column::Left, true) | (Column::Right, false) => None,
            (Column::Spine, _) => {
                let want = if left { Column::Left } else { Column::Right };
                let band = &self.bands[here.band as usize];
                band.nodes
                    .clone()
                    .filter(|&q| self.placed[q as usize].column == want)
                    .min_by_key(|&q| self.placed[q as usize].label_row.abs_diff(here.label_row))
            }
        }
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
