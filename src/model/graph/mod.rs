//! The in-memory graph of one roadmap: steps by id, phases in outline order, prerequisite
//! edges both ways, sub-steps by parent, a topological order, pick-one group membership
//! and "next up".
//!
//! Edges are stored in compressed rows (offsets + flat targets), so a 100k-step roadmap
//! with 300k edges is a handful of allocations and every query is linear or better.

use super::roadmap::{Roadmap, Status, StepRef};
use hashbrown::{DefaultHashBuilder, HashTable};
use std::hash::BuildHasher;
use std::sync::OnceLock;

/// A prerequisite cycle, as step indexes in order: `path[0]` requires `path[1]`, …,
/// and the last requires `path[0]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub path: Vec<usize>,
}

mod cycles;

pub use cycles::find_cycles;

/// Compressed adjacency rows: the targets of node `i` are `targets[offsets[i]..offsets[i+1]]`.
/// Built at once from an edge list ([`Rows::build`]) or node by node
/// ([`Rows::with_capacity`], [`Rows::push`], [`Rows::close_node`]).
#[derive(Debug, Clone)]
pub struct Rows {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Default for Rows {
    fn default() -> Self {
        Rows::with_capacity(0, 0)
    }
}

impl Rows {
    /// Empty rows, to be filled node by node.
    pub fn with_capacity(nodes: usize, edges: usize) -> Rows {
        let mut offsets = Vec::with_capacity(nodes + 1);
        offsets.push(0);
        Rows {
            offsets,
            targets: Vec::with_capacity(edges),
        }
    }

    /// Adds an edge from the node being filled to `target`.
    pub fn push(&mut self, target: usize) {
        self.targets.push(target as u32);
    }

    /// Ends the current node's edges; the next `push` goes to the next node.
    pub fn close_node(&mut self) {
        self.offsets.push(self.targets.len() as u32);
    }

    /// Number of (closed) nodes.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where node `i`'s edges sit among all edges (in push order).
    pub fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i] as usize..self.offsets[i + 1] as usize
    }

    /// Rows for `n` nodes from `(from, to)` edges in any order.
    pub fn build(n: usize, edges: &[(u32, u32)]) -> Rows {
        let mut offsets = vec![0u32; n + 1];
        for &(from, _) in edges {
            offsets[from as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; edges.len()];
        for &(from, to) in edges {
            let slot = &mut fill[from as usize];
            targets[*slot as usize] = to;
            *slot += 1;
        }
        Rows { offsets, targets }
    }

    /// The targets of node `i`.
    pub fn row(&self, i: usize) -> &[u32] {
        &self.targets[self.range(i)]
    }
}

/// Step ids and aliases → step index, copying no id: an entry is (step, 0) for the
/// step's id or (step, k) for its alias k-1, resolved against the roadmap passed to
/// each lookup. At 100k steps this avoids 100k string allocations per build.
#[derive(Clone, Default)]
struct IdIndex {
    table: HashTable<(u32, u32)>,
    hasher: DefaultHashBuilder,
}

impl IdIndex {
    fn name(roadmap: &Roadmap, (step, which): (u32, u32)) -> &str {
        let step = &roadmap.steps[step as usize];
        match which {
            0 => &step.id,
            k => &step.aliases[k as usize - 1],
        }
    }

    fn build(roadmap: &Roadmap) -> IdIndex {
        let mut index = IdIndex {
            table: HashTable::with_capacity(roadmap.steps.len()),
            hasher: DefaultHashBuilder::default(),
        };
        // Ids first, so an alias can never shadow a current id.
        for i in 0..roadmap.steps.len() as u32 {
            index.insert(roadmap, (i, 0));
        }
        for (i, step) in roadmap.steps.iter().enumerate() {
            for k in 1..=step.aliases.len() as u32 {
                index.insert(roadmap, (i as u32, k));
            }
        }
        index
    }

    fn insert(&mut self, roadmap: &Roadmap, entry: (u32, u32)) {
        let name = Self::name(roadmap, entry);
        let hash = self.hasher.hash_one(name);
        let same = |e: &(u32, u32)| Self::name(roadmap, *e) == name;
        if self.table.find(hash, same).is_none() {
            let hasher = &self.hasher;
            self.table
                .insert_unique(hash, entry, |e| hasher.hash_one(Self::name(roadmap, *e)));
        }
    }

    fn get(&self, roadmap: &Roadmap, id: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |e| Self::name(roadmap, *e) == id)
            .map(|&(step, _)| step as usize)
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Built on the first lookup: most commands never look a step up by id, and at
    /// 2,000 steps hashing every id was a quarter of building the graph.
    ids: OnceLock<IdIndex>,
    prerequisites: Rows,
    dependents: Rows,
    topo: Vec<u32>,
    phase_steps: Vec<Vec<u32>>,
    step_groups: Rows,
    children: Rows,
}

impl Graph {
    /// Builds the graph; fails only on a prerequisite cycle (the catalog reports those
    /// with spans before building, so a loaded roadmap always succeeds).
    pub fn new(roadmap: &Roadmap) -> Result<Graph, Cycle> {
        let n = roadmap.steps.len();
        let mut edges = Vec::new();
        let mut parents = Vec::new();
        for (i, step) in roadmap.steps.iter().enumerate() {
            if let Some(p) = nested_under(roadmap, i) {
                parents.push((p as u32, i as u32));
            }
            for r in &step.requires {
                if let StepRef::Local(p) = r {
                    edges.push((i as u32, *p as u32));
                }
            }
        }
        let prerequisites = Rows::build(n, &edges);
        let reversed: Vec<(u32, u32)> = edges.iter().map(|&(a, b)| (b, a)).collect();
        let dependents = Rows::build(n, &reversed);
        let topo = topological_order(n, &prerequisites, &dependents)?;

        let mut memberships = Vec::new();
        for (g, group) in roadmap.groups.iter().enumerate() {
            for &s in &group.steps {
                memberships.push((s as u32, g as u32));
            }
        }
        let step_groups = Rows::build(n, &memberships);
        let children = Rows::build(n, &parents);
        let phase_steps = outline(roadmap, &children);

        Ok(Graph {
            ids: OnceLock::new(),
            prerequisites,
            dependents,
            topo,
            phase_steps,
            step_groups,
            children,
        })
    }

    /// A step's index by id or former id (alias). `roadmap` must be the one the graph
    /// was built from.
    pub fn step_index(&self, roadmap: &Roadmap, id: &str) -> Option<usize> {
        self.ids
            .get_or_init(|| IdIndex::build(roadmap))
            .get(roadmap, id)
    }

    /// Local prerequisites of step `i`.
    pub fn prerequisites(&self, i: usize) -> &[u32] {
        self.prerequisites.row(i)
    }

    /// Steps that list `i` as a prerequisite ("unlocks").
    pub fn dependents(&self, i: usize) -> &[u32] {
        self.dependents.row(i)
    }

    /// Every step, prerequisites before the steps that need them; ties keep file order.
    pub fn topological_order(&self) -> &[u32] {
        &self.topo
    }

    /// Steps of phase `p` in outline order: the roadmap's order, except that each
    /// sub-step comes right after its parent (and its earlier siblings).
    pub fn phase_steps(&self, p: usize) -> &[u32] {
        self.phase_steps.get(p).map_or(&[], Vec::as_slice)
    }

    /// Sub-steps of step `i` (those naming it as `parent`), in the roadmap's order.
    pub fn children(&self, i: usize) -> &[u32] {
        self.children.row(i)
    }

    /// Pick-one groups that step `i` belongs to.
    pub fn groups_of(&self, i: usize) -> &[u32] {
        self.step_groups.row(i)
    }

    pub fn len(&self) -> usize {
        self.topo.len()
    }

    pub fn is_empty(&self) -> bool {
        self.topo.is_empty()
    }

    /// True when some local prerequisite of `i` is still open. `settled[j]` says whether
    /// step `j` needs no more work (done, skipped, or not needed).
    pub fn is_blocked(&self, i: usize, settled: &[bool]) -> bool {
        self.prerequisites(i)
            .iter()
            .any(|&p| !settled.get(p as usize).copied().unwrap_or(false))
    }

    /// Steps not yet closed whose prerequisites are all settled, in roadmap order.
    /// In-progress steps come first: finishing what was started is the natural next move.
    pub fn next_up(&self, statuses: &[Status], settled: &[bool]) -> Vec<usize> {
        let open = |i: &usize| !settled.get(*i).copied().unwrap_or(false);
        let ready = |i: &usize| !self.is_blocked(*i, settled);
        let mut started: Vec<usize> = (0..self.len())
            .filter(|i| statuses.get(*i) == Some(&Status::InProgress))
            .filter(open)
            .collect();
        let rest = (0..self.len())
            .filter(|i| statuses.get(*i) != Some(&Status::InProgress))
            .filter(open)
            .filter(ready);
        started.extend(rest);
        started
    }
}

/// Step `i`'s parent when the link is well formed: same phase, and the parent has no
/// parent itself. The catalog rejects anything else; a hand-built roadmap that breaks
/// the rule simply shows the step unnested.
fn nested_under(roadmap: &Roadmap, i: usize) -> Option<usize> {
    let step = &roadmap.steps[i];
    let p = step.parent.filter(|&p| p != i)?;
    let parent = roadmap.steps.get(p)?;
    (parent.phase == step.phase && parent.parent.is_none()).then_some(p)
}

/// Each phase's steps, a parent followed by its children.
fn outline(roadmap: &Roadmap, children: &Rows) -> Vec<Vec<u32>> {
    let mut phases = vec![Vec::new(); roadmap.phases.len()];
    for (i, step) in roadmap.steps.iter().enumerate() {
        if nested_under(roadmap, i).is_some() {
            continue;
        }
        if let Some(list) = phases.get_mut(step.phase) {
            list.push(i as u32);
            list.extend_from_slice(children.row(i));
        }
    }
    phases
}

/// Kahn's algorithm with a min-ordered ready set would cost a log factor; a FIFO over
/// nodes in file order is linear and keeps a stable, readable order.
fn topological_order(n: usize, prereqs: &Rows, dependents: &Rows) -> Result<Vec<u32>, Cycle> {
    let mut pending: Vec<u32> = (0..n).map(|i| prereqs.row(i).len() as u32).collect();
    let mut order: Vec<u32> = (0..n as u32)
        .filter(|&i| pending[i as usize] == 0)
        .collect();
    let mut head = 0;
    while head < order.len() {
        let node = order[head] as usize;
        head += 1;
        for &d in dependents.row(node) {
            let left = &mut pending[d as usize];
            *left -= 1;
            if *left == 0 {
                order.push(d);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Nodes are left over only when prerequisites loop.
    let path = find_cycles(prereqs)
        .into_iter()
        .next()
        .expect("nodes are left over only when there is a cycle");
    Err(Cycle { path })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roadmap::{Group, Phase, Step};

    fn roadmap(requires: &[&[usize]]) -> Roadmap {
        Roadmap {
            id: "r".into(),
            title: "R".into(),
            phases: vec![Phase::new("p", "P")],
            steps: requires
                .iter()
                .enumerate()
                .map(|(i, reqs)| Step {
                    id: format!("s{i}"),
                    title: format!("Step {i}"),
                    requires: reqs.iter().map(|&r| StepRef::Local(r)).collect(),
                    ..Step::default()
                })
                .collect(),
            ..Roadmap::default()
        }
    }

    #[test]
    fn edges_are_kept_both_ways() {
        let mut r = roadmap(&[&[], &[0], &[0, 1]]);
        r.steps[2].aliases = vec!["old-two".into(), "s1".into()];
        let g = Graph::new(&r).unwrap();
        assert_eq!(g.prerequisites(2), &[0, 1]);
        assert_eq!(g.dependents(0), &[1, 2]);
        assert_eq!(g.dependents(2), &[] as &[u32]);
        assert_eq!(
            g.step_index(&r, "s1"),
            Some(1),
            "an alias never shadows an id"
        );
        assert_eq!(g.step_index(&r, "old-two"), Some(2));
        assert_eq!(g.step_index(&r, "s9"), None);
    }

    #[test]
    fn topological_order_puts_prerequisites_first() {
        // s0 needs s2, s2 needs s1: file order is not a valid order.
        let g = Graph::new(&roadmap(&[&[2], &[], &[1]])).unwrap();
        assert_eq!(g.topological_order(), &[1, 2, 0]);
    }

    #[test]
    fn a_cycle_is_named_in_order() {
        // s0 → s1 → s2 → s0, s3 outside.
        let err = Graph::new(&roadmap(&[&[1], &[2], &[0], &[]])).unwrap_err();
        let mut path = err.path.clone();
        assert_eq!(path.len(), 3);
        // Each element requires the next.
        for w in 0..3 {
            let (a, b) = (path[w], path[(w + 1) % 3]);
            assert_eq!((a + 1) % 3, b, "{path:?}");
        }
        path.sort();
        assert_eq!(path, vec![0, 1, 2]);
    }

    #[test]
    fn self_requirement_is_a_cycle() {
        let err = Graph::new(&roadmap(&[&[0]])).unwrap_err();
        assert_eq!(err.path, vec![0]);
    }

    #[test]
    fn next_up_prefers_started_then_unblocked_in_order() {
        let g = Graph::new(&roadmap(&[&[], &[0], &[], &[1]])).unwrap();
        let statuses = [Status::Todo, Status::Todo, Status::InProgress, Status::Todo];
        let settled = [false, false, false, false];
        assert_eq!(g.next_up(&statuses, &settled), vec![2, 0]);
        let statuses = [Status::Done, Status::Todo, Status::Todo, Status::Todo];
        let settled = [true, false, false, false];
        assert_eq!(g.next_up(&statuses, &settled), vec![1, 2]);
        assert!(g.is_blocked(3, &settled));
    }

    #[test]
    fn group_membership_is_indexed() {
        let mut r = roadmap(&[&[], &[], &[]]);
        r.groups.push(Group {
            id: "g".into(),
            title: "G".into(),
            pick: 1,
            steps: vec![0, 2],
            ..Group::default()
        });
        let g = Graph::new(&r).unwrap();
        assert_eq!(g.groups_of(0), &[0]);
        assert_eq!(g.groups_of(1), &[] as &[u32]);
        assert_eq!(g.phase_steps(0), &[0, 1, 2]);
    }

    #[test]
    fn children_follow_their_parent_in_the_outline() {
        // s0 is a child of s2 but comes first in the file; s3 is a child of s2 too.
        let mut r = roadmap(&[&[], &[], &[], &[]]);
        r.steps[0].parent = Some(2);
        r.steps[3].parent = Some(2);
        let g = Graph::new(&r).unwrap();
        assert_eq!(g.children(2), &[0, 3]);
        assert_eq!(g.children(0), &[] as &[u32]);
        assert_eq!(g.phase_steps(0), &[1, 2, 0, 3]);
        assert!(
            !g.is_blocked(0, &[false; 4]),
            "a child is not gated by its parent"
        );
    }
}
