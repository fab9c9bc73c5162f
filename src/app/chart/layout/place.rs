//! The placement passes of the chart layout: each spine node's band (its box, its
//! children on either side, their brackets and lines), laid out top to bottom by
//! [`ChartLayout::new`](super::ChartLayout::new).

use super::{
    Band, Bracket, ChartLayout, Column, Dims, Edge, EdgeKind, Node, Placed, Rect, Segment,
};
use crate::model::{Graph, Roadmap, StepRef};
use std::ops::Range;

pub(super) struct Builder<'a> {
    pub(super) roadmap: &'a Roadmap,
    pub(super) graph: &'a Graph,
    pub(super) dims: Dims,
    pub(super) compact: bool,
    pub(super) layout: ChartLayout,
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
    pub(super) fn band(
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
