//! The chart layout over the five bundled roadmaps, generated roadmaps and random small
//! ones: every step placed once, no boxes overlapping, every edge drawn.

use super::*;

#[allow(dead_code)]
#[path = "../../../tests/support/demo.rs"]
mod demo;
use crate::model::{Group, Phase, Roadmap, Step, StepRef};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};

/// Every connector cell with the union of its directions.
fn raster(l: &ChartLayout) -> HashMap<(u32, u32), u8> {
    let mut cells = HashMap::new();
    for s in &l.segments {
        for (x, y, m) in s.cells() {
            *cells.entry((x, y)).or_insert(0) |= m;
        }
    }
    cells
}

/// Whether cell `c` (with directions `m`) points into `r`.
fn points_into(c: (u32, u32), m: u8, r: Rect) -> bool {
    let (x, y) = c;
    (m & LEFT != 0 && x > 0 && r.contains(x - 1, y))
        || (m & RIGHT != 0 && r.contains(x + 1, y))
        || (m & UP != 0 && y > 0 && r.contains(x, y - 1))
        || (m & DOWN != 0 && r.contains(x, y + 1))
}

fn connected(cells: &HashMap<(u32, u32), u8>, a: (u32, u32), b: (u32, u32)) -> bool {
    let mut seen = HashSet::from([a]);
    let mut queue = VecDeque::from([a]);
    while let Some((x, y)) = queue.pop_front() {
        if (x, y) == b {
            return true;
        }
        let m = cells[&(x, y)];
        let steps = [
            (UP, DOWN, x as i64, y as i64 - 1),
            (DOWN, UP, x as i64, y as i64 + 1),
            (LEFT, RIGHT, x as i64 - 1, y as i64),
            (RIGHT, LEFT, x as i64 + 1, y as i64),
        ];
        for (out, back, nx, ny) in steps {
            if m & out == 0 || nx < 0 || ny < 0 {
                continue;
            }
            let n = (nx as u32, ny as u32);
            if cells.get(&n).is_some_and(|&nm| nm & back != 0) && seen.insert(n) {
                queue.push_back(n);
            }
        }
    }
    false
}

/// The frame a connector joins for box `p`: its own border, or its bracket's row.
fn check(roadmap: &Roadmap, l: &ChartLayout) {
    let graph = Graph::new(roadmap).unwrap();
    let n = roadmap.steps.len();
    // Every step exactly once.
    let mut seen = vec![0; n];
    for p in &l.placed {
        if let Node::Step(i) = p.node {
            seen[i as usize] += 1;
        }
    }
    assert!(seen.iter().all(|&c| c == 1), "steps placed {seen:?}");
    for i in 0..n {
        let p = l.of_step(i).expect("placed");
        assert_eq!(l.placed[p as usize].node, Node::Step(i as u32));
    }

    // Inside the canvas, no two boxes or brackets overlap, members inside their bracket.
    let inside = |r: Rect| r.right() <= l.width && r.bottom() <= l.height && r.w > 0 && r.h > 0;
    let mut rects: Vec<(Rect, Option<u32>, bool)> = Vec::new();
    for p in &l.placed {
        assert!(inside(p.rect), "{p:?} outside {}x{}", l.width, l.height);
        rects.push((p.rect, p.bracket, false));
        if let Some(b) = p.bracket {
            let br = l.brackets[b as usize].rect;
            assert!(
                br.x <= p.rect.x
                    && p.rect.right() <= br.right()
                    && br.y < p.rect.y
                    && p.rect.bottom() < br.bottom(),
                "member {p:?} outside its bracket {br:?}"
            );
        }
    }
    for (b, br) in l.brackets.iter().enumerate() {
        assert!(inside(br.rect));
        rects.push((br.rect, Some(b as u32), true));
    }
    rects.sort_by_key(|r| r.0.y);
    for (k, &(a, ab, a_is_bracket)) in rects.iter().enumerate() {
        for &(b, bb, b_is_bracket) in rects[k + 1..].iter() {
            if b.y >= a.bottom() {
                break;
            }
            // A bracket holds its own members.
            let own = ab.is_some() && ab == bb && a_is_bracket != b_is_bracket;
            assert!(own || !a.intersects(b), "{a:?} overlaps {b:?}");
        }
    }

    // No line runs through a box; lines stay on the canvas.
    let cells = raster(l);
    for &(x, y) in cells.keys() {
        assert!(x < l.width && y < l.height, "line outside at {x},{y}");
        for &(r, _, _) in &rects {
            assert!(!r.contains(x, y), "line through {r:?} at {x},{y}");
        }
    }

    // Every edge is drawn: its end cells point into both boxes and are connected.
    let frame = |p: u32| {
        let placed = &l.placed[p as usize];
        placed.rect
    };
    for e in &l.edges {
        let (ma, mb) = (cells[&e.a], cells[&e.b]);
        assert!(
            points_into(e.a, ma, frame(e.from)),
            "{e:?} does not join its start"
        );
        assert!(
            points_into(e.b, mb, frame(e.to)),
            "{e:?} does not join its end"
        );
        assert!(connected(&cells, e.a, e.b), "{e:?} is not one line");
    }
    let has_edge = |from: u32, to: u32, kind: EdgeKind| {
        l.edges
            .iter()
            .any(|e| e.from == from && e.to == to && e.kind == kind)
    };
    // The main path is one line from top to bottom; each child hangs from its spine box.
    for w in l.bands.windows(2) {
        assert!(has_edge(w[0].nodes.start, w[1].nodes.start, EdgeKind::Path));
    }
    for band in &l.bands {
        let s = band.nodes.start;
        assert_eq!(l.placed[s as usize].column, Column::Spine);
        let expected: Vec<u32> = match l.placed[s as usize].node {
            Node::Phase(ph) => graph.phase_steps(ph as usize).to_vec(),
            Node::Step(i) => graph.children(i as usize).to_vec(),
        };
        for c in expected {
            let p = l.of_step(c as usize).unwrap();
            assert_eq!(
                l.placed[p as usize].band as usize,
                l.bands.iter().position(|b| b == band).unwrap()
            );
            assert!(has_edge(s, p, EdgeKind::Child), "no line to step {c}");
        }
        // Everything a band holds lies within it (and the path line above it).
        for p in band.nodes.clone() {
            let r = l.placed[p as usize].rect;
            assert!(band.top <= r.y && r.bottom() < band.end);
        }
    }
    if l.by_phases {
        for ph in 0..roadmap.phases.len() {
            assert!(l.of_phase(ph).is_some());
        }
    }

    // Every prerequisite is the path line or a "needs" marker on its step.
    for (i, step) in roadmap.steps.iter().enumerate() {
        let p = l.of_step(i).unwrap();
        let mut external = 0;
        for r in &step.requires {
            match r {
                StepRef::Local(j) => {
                    let q = l.of_step(*j).unwrap();
                    let on_path = has_edge(q, p, EdgeKind::Path);
                    assert!(
                        on_path || l.needs(p).contains(&(*j as u32)),
                        "{} needs {} but the chart shows no edge",
                        step.id,
                        roadmap.steps[*j].id
                    );
                }
                StepRef::External { .. } => external += 1,
            }
        }
        assert_eq!(l.placed[p as usize].external_needs, external);
        // A box that has a marker to show has room for it.
        let placed = &l.placed[p as usize];
        if !l.needs(p).is_empty() || external > 0 {
            assert!(placed.bordered || placed.rect.h >= 2);
        }
    }

    // Viewports find every box they show.
    let rows = l.height.min(40);
    for start in (0..l.height).step_by(17).take(50) {
        let bands = l.bands_in(start..start + rows);
        for (b, band) in l.bands.iter().enumerate() {
            for p in band.nodes.clone() {
                let r = l.placed[p as usize].rect;
                if r.y < start + rows && r.bottom() > start {
                    assert!(bands.contains(&b), "band {b} missing from view at {start}");
                }
            }
        }
    }

    // Moving reaches every box: down the spine, and sideways then along a column.
    if let Some(first) = l.first() {
        let mut reached = HashSet::new();
        let mut p = first;
        loop {
            reached.insert(p);
            for left in [true, false] {
                if let Some(c) = l.sideways(p, left) {
                    assert_eq!(l.sideways(c, !left), Some(p), "back to the spine");
                    let band = l.placed[p as usize].band;
                    let mut c = c;
                    loop {
                        let up = l.vertical(c, -1);
                        if up == c || l.placed[up as usize].band != band {
                            break;
                        }
                        c = up;
                    }
                    loop {
                        reached.insert(c);
                        let next = l.vertical(c, 1);
                        if next == c || l.placed[next as usize].band != l.placed[p as usize].band {
                            break;
                        }
                        c = next;
                    }
                }
            }
            let next = l.vertical(p, 1);
            if next == p {
                break;
            }
            assert_eq!(l.vertical(next, -1), p);
            p = next;
        }
        assert_eq!(Some(p), l.last());
        assert_eq!(reached.len(), l.placed.len(), "some box cannot be reached");
    }
}

fn bundled() -> Vec<Roadmap> {
    let catalog = crate::catalog::load(None);
    let roadmaps: Vec<Roadmap> = catalog.roadmaps.into_iter().map(|r| r.roadmap).collect();
    assert_eq!(roadmaps.len(), 5);
    roadmaps
}

#[test]
fn bundled_roadmaps_lay_out_cleanly() {
    for r in bundled() {
        let g = Graph::new(&r).unwrap();
        for compact in [false, true] {
            let l = ChartLayout::new(&r, &g, compact);
            check(&r, &l);
        }
    }
}

#[test]
fn the_path_follows_the_roadmaps_shape() {
    let all = bundled();
    let by_id = |id: &str| all.iter().find(|r| r.id == id).unwrap();
    // Phases of flat steps: the phases are the path.
    let steps = by_id("backend-steps");
    let l = ChartLayout::new(steps, &Graph::new(steps).unwrap(), false);
    assert!(l.by_phases);
    assert_eq!(l.bands.len(), steps.phases.len());
    // A chart with sub-steps: its topics are the path, sub-steps beside them.
    let chart = by_id("backend-chart-2022");
    let g = Graph::new(chart).unwrap();
    let l = ChartLayout::new(chart, &g, false);
    assert!(!l.by_phases);
    let tops = chart.steps.iter().filter(|s| s.parent.is_none()).count();
    assert_eq!(l.bands.len(), tops);
    let internet = l.of_step(g.step_index(chart, "internet").unwrap()).unwrap();
    assert_eq!(l.placed[internet as usize].column, Column::Spine);
    let left = l.sideways(internet, true).unwrap();
    let right = l.sideways(internet, false).unwrap();
    assert_eq!(l.placed[left as usize].column, Column::Left);
    assert_eq!(l.placed[right as usize].column, Column::Right);
    // Pick-one groups are bracketed.
    assert!(!l.brackets.is_empty());
    let go = l.of_step(g.step_index(chart, "go").unwrap()).unwrap();
    assert!(l.placed[go as usize].bracket.is_some());
    // One phase of steps: the steps are the path.
    let trek = by_id("backend-trek");
    let l = ChartLayout::new(trek, &Graph::new(trek).unwrap(), false);
    assert_eq!(l.bands.len(), trek.steps.len());
}

/// `n` steps: phases of 20, every fifth a topic with the next four as sub-steps, some
/// sub-steps in pick-one groups, prerequisites on earlier steps (local and external).
pub fn generated(n: usize) -> Roadmap {
    let mut seed = 0x2545_f491_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let phases = n.div_ceil(20).max(1);
    let mut steps: Vec<Step> = (0..n)
        .map(|i| Step {
            id: format!("s{i}"),
            title: format!("Generated step {i}"),
            phase: i / 20,
            parent: (i % 5 != 0).then_some(i - i % 5),
            ..Step::default()
        })
        .collect();
    let mut groups = Vec::new();
    for (i, step) in steps.iter_mut().enumerate() {
        if i > 0 && next() % 4 == 0 {
            let j = (next() as usize) % i;
            step.requires.push(StepRef::Local(j));
        }
        if next() % 30 == 0 {
            step.requires.push(StepRef::External {
                roadmap: "other".into(),
                step: "x".into(),
            });
        }
        if i % 5 == 1 && i + 2 < n && next() % 3 == 0 {
            groups.push(Group {
                id: format!("g{i}"),
                title: format!("Pick one of {i}"),
                pick: 1,
                steps: vec![i, i + 1, i + 2],
                ..Group::default()
            });
        }
    }
    Roadmap {
        id: "generated".into(),
        title: "Generated".into(),
        phases: (0..phases)
            .map(|p| Phase::new(format!("p{p}"), format!("Phase {p}")))
            .collect(),
        steps,
        groups,
        ..Roadmap::default()
    }
}

#[test]
fn generated_roadmaps_of_two_thousand_steps() {
    for r in [generated(2000), demo::huge(2000), demo::roadmap()] {
        let g = Graph::new(&r).unwrap();
        for compact in [false, true] {
            check(&r, &ChartLayout::new(&r, &g, compact));
        }
    }
}

#[test]
fn path_prerequisites_are_the_line_others_are_markers() {
    // One phase: s0 → s1 → s2 on the path; s2 also needs s0, which is not adjacent.
    let mut r = generated(3);
    for s in &mut r.steps {
        s.parent = None;
        s.requires.clear();
    }
    r.steps[1].requires = vec![StepRef::Local(0)];
    r.steps[2].requires = vec![StepRef::Local(1), StepRef::Local(0)];
    let l = ChartLayout::new(&r, &Graph::new(&r).unwrap(), false);
    assert!(l.needs(l.of_step(1).unwrap()).is_empty());
    assert_eq!(l.needs(l.of_step(2).unwrap()), &[0]);
    check(&r, &l);
}

#[test]
fn an_empty_roadmap_has_an_empty_chart() {
    let r = Roadmap::default();
    let l = ChartLayout::new(&r, &Graph::new(&r).unwrap(), false);
    assert!(l.placed.is_empty() && l.first().is_none());
    assert_eq!(l.bands_in(0..10), 0..0);
}

prop_compose! {
    fn small_roadmap()(
        phases in 1usize..4,
        specs in prop::collection::vec((0usize..4, any::<bool>(), 0usize..40, any::<bool>(), 0usize..40, 0usize..30), 0..30),
        group_at in prop::collection::vec(0usize..30, 0..3),
    ) -> Roadmap {
        let mut steps: Vec<Step> = Vec::new();
        for (i, &(phase, nest, parent, req, on, title)) in specs.iter().enumerate() {
            let phase = phase % phases;
            // A parent: an earlier top-level step of the same phase.
            let tops: Vec<usize> = (0..i)
                .filter(|&j| steps[j].phase == phase && steps[j].parent.is_none())
                .collect();
            let parent = (nest && !tops.is_empty()).then(|| tops[parent % tops.len()]);
            let requires = if req && i > 0 { vec![StepRef::Local(on % i)] } else { vec![] };
            steps.push(Step {
                id: format!("s{i}"),
                title: "x".repeat(title),
                phase,
                parent,
                requires,
                ..Step::default()
            });
        }
        let groups = group_at
            .iter()
            .filter(|&&g| g + 1 < steps.len())
            .map(|&g| Group { id: format!("g{g}"), title: "G".into(), pick: 1, steps: vec![g, g + 1], ..Group::default() })
            .collect();
        Roadmap {
            id: "p".into(),
            title: "P".into(),
            phases: (0..phases).map(|p| Phase::new(format!("p{p}"), "x".repeat(p * 9))).collect(),
            steps,
            groups,
            ..Roadmap::default()
        }
    }
}

proptest! {
    #[test]
    fn random_roadmaps_lay_out_cleanly(r in small_roadmap(), compact in any::<bool>()) {
        let g = Graph::new(&r).unwrap();
        check(&r, &ChartLayout::new(&r, &g, compact));
    }
}
