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
//! Over 500 lines on purpose: the geometry types, the placement passes (path, sides,
//! brackets, lines, bands) and the navigation over the result share private indexes and
//! coordinates and read as one unit; the tests are in `layout_tests.rs`.

use crate::model::{Graph, Roadmap, StepRef};
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

struct Builder<'a> {
    roadmap: &'a Roadmap,
    graph: &'a Graph,
    dims: Dims,
    compact: bool,
    layout: ChartLayout,
}

/// Members of one pick-one group next to each other, or one box.
struct Cluster {
    children: Range<usize>,
    group: Option<u32>,
    height: u32,
}

impl Builder<'_> {
    /// Local prerequisites of step `i` not drawn as the path line, and how many
    /// prerequisites are in other roadmaps.
    fn needs_of(&self, i: u32, path_prereq: Option<u32>) -> (Vec<u32>, u32) {
        let mut local = Vec::new();
        let mut external = 0;
        for r in &self.roadmap.steps[i as usize].requires {
            match r {
                StepRef::Local(j) if Some(*j as u32) == path_prereq => {}
                StepRef::Local(j) => local.push(*j as u32),
                StepRef::External { .. } => external += 1,
            }
        }
        (local, external)
    }

    /// The height of a box for step `i`: its label, and a row for "needs" where no
    /// bottom border can carry it.
    fn height(&self, needs: bool, bordered: bool) -> u32 {
        if bordered {
            self.dims.box_h
        } else {
            1 + needs as u32
        }
    }

    fn has_needs(&self, i: u32) -> bool {
        !self.roadmap.steps[i as usize].requires.is_empty()
    }

    fn place(
        &mut self,
        node: Node,
        rect: Rect,
        column: Column,
        bracket: Option<u32>,
        path: Option<u32>,
    ) -> u32 {
        let p = self.layout.placed.len() as u32;
        let bordered = !self.compact && bracket.is_none();
        let label_row = if bordered { rect.y + 1 } else { rect.y };
        let (needs, external_needs) = match node {
            Node::Step(i) => {
                self.layout.by_step[i as usize] = p;
                let (local, ext) = self.needs_of(i, path);
                let start = self.layout.needs.len() as u32;
                self.layout.needs.extend_from_slice(&local);
                ((start, local.len() as u32), ext)
            }
            Node::Phase(ph) => {
                self.layout.by_phase[ph as usize] = p;
                ((0, 0), 0)
            }
        };
        let band = self.layout.bands.len() as u32;
        self.layout.placed.push(Placed {
            node,
            rect,
            column,
            label_row,
            bordered,
            bracket,
            band,
            needs,
            external_needs,
        });
        let col = &mut self.layout.columns[column.index()];
        self.layout.column_pos.push(col.len() as u32);
        col.push(p);
        p
    }

    /// Lays out spine node `k` and its children from row `top`; returns the next band's
    /// top and the spine box.
    fn band(
        &mut self,
        k: usize,
        top: u32,
        node: Node,
        children: &[u32],
        prev_spine: Option<u32>,
        path_prereq: Option<u32>,
    ) -> (u32, u32) {
        let d = self.dims;
        let nodes_start = self.layout.placed.len() as u32;
        let segs_start = self.layout.segments.len() as u32;
        let brackets_start = self.layout.brackets.len() as u32;

        // Clusters: runs of one pick-one group, or single boxes.
        let mut clusters: Vec<Cluster> = Vec::new();
        for (c, &i) in children.iter().enumerate() {
            let group = self.graph.groups_of(i as usize).first().copied();
            let needs = self.has_needs(i);
            match clusters.last_mut() {
                Some(last) if group.is_some() && last.group == group => {
                    last.children.end = c + 1;
                    last.height += self.height(needs, false);
                }
                _ => {
                    let height = match group {
                        Some(_) => 2 + self.height(needs, false),
                        None => self.height(needs, !self.compact),
                    };
                    clusters.push(Cluster {
                        children: c..c + 1,
                        group,
                        height,
                    });
                }
            }
        }
        // The first half (by rows) on one side, the rest on the other; sides alternate.
        let total: u32 = clusters.iter().map(|c| c.height).sum();
        let mut first_h = 0;
        let mut split = clusters.len();
        for (c, cl) in clusters.iter().enumerate() {
            if first_h * 2 >= total {
                split = c;
                break;
            }
            first_h += cl.height;
        }
        let second_h = total - first_h;
        let first_left = k.is_multiple_of(2);
        let (left_h, right_h) = if first_left {
            (first_h, second_h)
        } else {
            (second_h, first_h)
        };

        let spine_needs = match node {
            Node::Step(i) => {
                let (local, external) = self.needs_of(i, path_prereq);
                !local.is_empty() || external > 0
            }
            Node::Phase(_) => false,
        };
        let spine_h = self.height(spine_needs, !self.compact);
        let h = spine_h.max(left_h).max(right_h);
        let spine_rect = Rect {
            x: d.spine_x(),
            y: top + (h - spine_h) / 2,
            w: d.spine_w,
            h: spine_h,
        };
        let s = self.place(node, spine_rect, Column::Spine, None, path_prereq);

        // The path line from the previous spine box.
        if let Some(prev) = prev_spine {
            let pr = self.layout.placed[prev as usize].rect;
            let x = d.spine_x() + d.spine_w / 2;
            let y = pr.bottom();
            let seg = Segment {
                x,
                y,
                len: spine_rect.y - y,
                vertical: true,
                open_start: true,
                open_end: true,
            };
            self.layout.segments.push(seg);
            self.layout.edges.push(Edge {
                from: prev,
                to: s,
                kind: EdgeKind::Path,
                a: (x, y),
                b: (x, spine_rect.y - 1),
            });
        }

        let (first, second) = clusters.split_at(split);
        let sides = if first_left {
            [
                (Column::Left, first, left_h),
                (Column::Right, second, right_h),
            ]
        } else {
            [
                (Column::Left, second, left_h),
                (Column::Right, first, right_h),
            ]
        };
        for (column, side, side_h) in sides {
            if side.is_empty() {
                continue;
            }
            let x = if column == Column::Left {
                d.left_x()
            } else {
                d.right_x()
            };
            let mut y = top + (h - side_h) / 2;
            let mut rows = Vec::new();
            for cl in side {
                match cl.group {
                    None => {
                        let i = children[cl.children.start];
                        let rect = Rect {
                            x,
                            y,
                            w: d.child_w,
                            h: cl.height,
                        };
                        let p = self.place(Node::Step(i), rect, column, None, None);
                        rows.push(p);
                    }
                    Some(g) => {
                        let bracket = self.layout.brackets.len() as u32;
                        self.layout.brackets.push(Bracket {
                            rect: Rect {
                                x,
                                y,
                                w: d.child_w,
                                h: cl.height,
                            },
                            group: g,
                        });
                        let mut my = y + 1;
                        for &i in &children[cl.children.clone()] {
                            let mh = self.height(self.has_needs(i), false);
                            let rect = Rect {
                                x,
                                y: my,
                                w: d.child_w,
                                h: mh,
                            };
                            rows.push(self.place(Node::Step(i), rect, column, Some(bracket), None));
                            my += mh;
                        }
                    }
                }
                y += cl.height;
            }
            self.connect(s, column, &rows);
        }

        let end = top + h + 1;
        self.layout.bands.push(Band {
            top,
            end,
            nodes: nodes_start..self.layout.placed.len() as u32,
            segments: segs_start..self.layout.segments.len() as u32,
            brackets: brackets_start..self.layout.brackets.len() as u32,
        });
        (end, s)
    }

    /// Lines from the spine box `s` to the boxes `rows` on one side: a horizontal per
    /// box into a vertical bus, and one from the bus into the spine box.
    fn connect(&mut self, s: u32, column: Column, rows: &[u32]) {
        let d = self.dims;
        let sr = self.layout.placed[s as usize].label_row;
        let (bus, spine_end) = if column == Column::Left {
            (d.child_w + d.bus, d.spine_x() - 1)
        } else {
            (d.right_x() - 1 - d.bus, d.spine_x() + d.spine_w)
        };
        let (mut lo, mut hi) = (sr, sr);
        for &p in rows {
            let r = self.layout.placed[p as usize].label_row;
            lo = lo.min(r);
            hi = hi.max(r);
            let (seg, b) = if column == Column::Left {
                let x = d.child_w;
                (
                    Segment {
                        x,
                        y: r,
                        len: bus - x + 1,
                        vertical: false,
                        open_start: true,
                        open_end: false,
                    },
                    (x, r),
                )
            } else {
                let end = d.right_x() - 1;
                (
                    Segment {
                        x: bus,
                        y: r,
                        len: end - bus + 1,
                        vertical: false,
                        open_start: false,
                        open_end: true,
                    },
                    (end, r),
                )
            };
            self.layout.segments.push(seg);
            self.layout.edges.push(Edge {
                from: s,
                to: p,
                kind: EdgeKind::Child,
                a: (spine_end, sr),
                b,
            });
        }
        let to_spine = if column == Column::Left {
            Segment {
                x: bus,
                y: sr,
                len: spine_end - bus + 1,
                vertical: false,
                open_start: false,
                open_end: true,
            }
        } else {
            Segment {
                x: spine_end,
                y: sr,
                len: bus - spine_end + 1,
                vertical: false,
                open_start: true,
                open_end: false,
            }
        };
        self.layout.segments.push(to_spine);
        if hi > lo {
            self.layout.segments.push(Segment {
                x: bus,
                y: lo,
                len: hi - lo + 1,
                vertical: true,
                open_start: false,
                open_end: false,
            });
        }
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
