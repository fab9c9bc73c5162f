//! References between entries of a roadmap file: `requires` (unknown steps,
//! cycles, other roadmaps, checked once all are loaded) and pick-one group members.

use super::build::{Parsed, Seen, Walk, opt, req};
use super::ids::is_slug;
use super::problem::{ProblemKind, Raw, show};
use super::schema::{Obj, Text};
use crate::model::graph::{Rows, find_cycles};
use crate::model::{Group, Step, StepRef};
use hashbrown::{HashMap, HashSet};
use std::ops::Range;

const GROUP_KEYS: &[&str] = &["id", "title", "summary", "pick", "steps"];

/// Where an `other-roadmap/step` prerequisite sits: (step index, index in
/// its `requires`, span), checked once every roadmap is loaded.
pub(super) type External = (usize, usize, Range<usize>);

impl Walk<'_> {
    /// Resolves every step's raw `requires` now that each step id is known;
    /// reports malformed and unknown references and prerequisite cycles.
    /// Returns the references to other roadmaps.
    pub(super) fn requires(
        &mut self,
        id: &str,
        steps: &mut [Step],
        raw_requires: Vec<Vec<(&str, Range<usize>)>>,
        step_ids: &Seen,
    ) -> Vec<External> {
        // Edges (and the span of each) packed in one vector, not one per step.
        let edge_count = raw_requires.iter().map(Vec::len).sum();
        let mut adj = Rows::with_capacity(steps.len(), edge_count);
        let mut adj_spans: Vec<Range<usize>> = Vec::with_capacity(edge_count);
        let mut externals = Vec::new();
        let mut step_names: Option<Vec<&str>> = None;
        let mut all_refs: Vec<Vec<StepRef>> = Vec::with_capacity(steps.len());
        for (i, reqs) in raw_requires.into_iter().enumerate() {
            let mut refs = Vec::with_capacity(reqs.len());
            for (r, span) in reqs {
                let local = match r.split_once('/') {
                    Some((map, step)) => {
                        if !(is_slug(map) && is_slug(step)) {
                            self.cx.push(
                                ProblemKind::BadId,
                                span,
                                format!("`requires` entry `{}` is not a valid reference", show(r)),
                                Some("write `step-id` or `other-roadmap/step-id`".into()),
                            );
                            continue;
                        }
                        if map != id {
                            externals.push((i, refs.len(), span));
                            refs.push(StepRef::External {
                                roadmap: map.to_string(),
                                step: step.to_string(),
                            });
                            continue;
                        }
                        step
                    }
                    None => r,
                };
                match step_ids.get(local) {
                    Some(&(target, _)) => {
                        adj.push(target);
                        adj_spans.push(span);
                        refs.push(StepRef::Local(target));
                    }
                    None => {
                        let names = step_names
                            .get_or_insert_with(|| steps.iter().map(|s| s.id.as_str()).collect());
                        let help = self.ref_help(local, names);
                        self.cx.push(
                            ProblemKind::DanglingRequire,
                            span,
                            format!("`requires` names unknown step `{}`", show(r)),
                            help,
                        );
                    }
                }
            }
            all_refs.push(refs);
            adj.close_node();
        }
        for (step, refs) in steps.iter_mut().zip(all_refs) {
            step.requires = refs;
        }
        for cycle in find_cycles(&adj) {
            let (a, b) = (cycle[0], cycle[1 % cycle.len()]);
            let edges = adj.range(a);
            let edge = adj
                .row(a)
                .iter()
                .position(|&t| t as usize == b)
                .unwrap_or(0);
            let span = adj_spans[edges].get(edge).cloned().unwrap_or(0..0);
            let help = if cycle.len() == 1 {
                "a step cannot require itself".to_string()
            } else {
                "remove one of these `requires` entries".to_string()
            };
            self.cx.push(
                ProblemKind::Cycle,
                span,
                format!("prerequisite cycle: {}", cycle_path(&cycle, steps)),
                Some(help),
            );
        }
        externals
    }

    pub(super) fn group<'a>(
        &mut self,
        o: Obj<'a, '_>,
        gi: usize,
        group_ids: &mut Seen<'a>,
        step_ids: &Seen,
    ) -> Group {
        self.cx.check_keys(o, GROUP_KEYS);
        let gid = self.cx.req_string(o, "id", Text::Line);
        if let Some((g, span)) = &gid
            && self.cx.id(g, span.clone(), "group id")
        {
            self.unique(group_ids, g, span.clone(), gi, "group id");
        }
        let title = self.cx.req_string(o, "title", Text::Title);
        let summary = self.cx.string(o, "summary", Text::Multi);
        let pick = self.cx.integer(o, "pick");
        let members = if o.get("steps").is_some() {
            self.cx.strings(o, "steps", Text::Line)
        } else {
            self.cx.missing(o, "steps");
            Vec::new()
        };
        let mut steps = Vec::with_capacity(members.len());
        let mut seen: HashSet<usize> = HashSet::with_capacity(members.len());
        for (m, span) in &members {
            match step_ids.get(m) {
                Some(&(idx, _)) => {
                    if !seen.insert(idx) {
                        self.cx.push(
                            ProblemKind::BadGroup,
                            span.clone(),
                            format!("step `{}` is listed twice in the group", show(m)),
                            None,
                        );
                    } else {
                        steps.push(idx);
                    }
                }
                None => self.cx.push(
                    ProblemKind::BadGroup,
                    span.clone(),
                    format!("group member `{}` is not a step of this roadmap", show(m)),
                    None,
                ),
            }
        }
        if let Some(v) = o.get("steps")
            && o.array(v).is_some()
            && members.len() < 2
        {
            self.cx.push(
                ProblemKind::BadGroup,
                v.span(),
                format!("a group needs at least 2 steps, found {}", members.len()),
                Some("a single step needs no group; list the alternatives together".into()),
            );
        }
        let pick = match pick {
            Some((n, span)) => {
                let count = members.len() as i64;
                if n < 1 || (count >= 2 && n > count) {
                    self.cx.push(
                        ProblemKind::BadGroup,
                        span,
                        format!("`pick` is {n}, but the group has {count} steps"),
                        Some(format!("`pick` must be between 1 and {}", count.max(1))),
                    );
                }
                n.max(1) as usize
            }
            None => 1,
        };
        Group {
            id: req(gid),
            title: req(title),
            summary: opt(summary),
            pick,
            steps,
        }
    }
}

/// The `other-roadmap/step` prerequisites of every loaded roadmap (file text
/// and parse, in load order), checked once all are loaded: the other roadmap
/// must be loaded (`by_id`: id → index) and hold the step by id or alias, and
/// prerequisites must not loop through several roadmaps.
/// Returns the problems of each roadmap that has any, by index.
pub(super) fn check_externals(
    loaded: &[&Parsed],
    by_id: &std::collections::HashMap<String, usize>,
) -> Vec<(usize, Vec<Raw>)> {
    // Step id or alias → index, per roadmap named by some prerequisite.
    let mut names: HashMap<usize, HashMap<&str, usize>> = HashMap::new();
    let mut raws: Vec<Vec<Raw>> = (0..loaded.len()).map(|_| Vec::new()).collect();
    // Resolved cross-roadmap edges: ((roadmap, step), (roadmap, step), span).
    let mut resolved = Vec::new();
    for (i, parsed) in loaded.iter().enumerate() {
        for (step, req, span) in &parsed.externals {
            let StepRef::External {
                roadmap,
                step: target,
            } = &parsed.roadmap.steps[*step].requires[*req]
            else {
                continue;
            };
            let message = match by_id.get(roadmap.as_str()) {
                None => format!(
                    "`requires` names `{}/{}`, but no roadmap `{}` is loaded",
                    show(roadmap),
                    show(target),
                    show(roadmap)
                ),
                Some(&j) => {
                    let ids = names.entry(j).or_insert_with(|| {
                        let mut ids = HashMap::new();
                        for (k, s) in loaded[j].roadmap.steps.iter().enumerate() {
                            ids.insert(s.id.as_str(), k);
                            for a in &s.aliases {
                                ids.insert(a.as_str(), k);
                            }
                        }
                        ids
                    });
                    if let Some(&t) = ids.get(target.as_str()) {
                        resolved.push(((i, *step), (j, t), span.clone()));
                        continue;
                    }
                    format!(
                        "`requires` names `{}/{}`, but roadmap `{}` has no step `{}`",
                        show(roadmap),
                        show(target),
                        show(roadmap),
                        show(target)
                    )
                }
            };
            raws[i].push(Raw {
                kind: ProblemKind::DanglingRequire,
                message,
                span: span.clone(),
                help: None,
            });
        }
    }
    cross_cycles(loaded, &resolved, &mut raws);
    raws.into_iter()
        .enumerate()
        .filter(|(_, raw)| !raw.is_empty())
        .collect()
}

type CrossEdge = ((usize, usize), (usize, usize), Range<usize>);

/// Prerequisite cycles through several roadmaps (each file's own cycles are refused
/// when it is parsed): one graph over every loaded step, one problem per cycle, at a
/// cross-roadmap `requires` entry in it.
fn cross_cycles(loaded: &[&Parsed], resolved: &[CrossEdge], raws: &mut [Vec<Raw>]) {
    if resolved.is_empty() {
        return;
    }
    let mut base = Vec::with_capacity(loaded.len());
    let mut total = 0usize;
    for p in loaded {
        base.push(total);
        total += p.roadmap.steps.len();
    }
    let mut edges: Vec<(u32, u32)> = Vec::new();
    for (i, p) in loaded.iter().enumerate() {
        for (k, s) in p.roadmap.steps.iter().enumerate() {
            for r in &s.requires {
                if let StepRef::Local(t) = r {
                    edges.push(((base[i] + k) as u32, (base[i] + t) as u32));
                }
            }
        }
    }
    let mut spans: HashMap<(u32, u32), (usize, Range<usize>)> = HashMap::new();
    for ((i, s), (j, t), span) in resolved {
        let e = ((base[*i] + s) as u32, (base[*j] + t) as u32);
        edges.push(e);
        spans.entry(e).or_insert((*i, span.clone()));
    }
    let adj = Rows::build(total, &edges);
    // Node → (roadmap, step).
    let locate = |n: usize| {
        let i = base.partition_point(|&b| b <= n) - 1;
        (i, n - base[i])
    };
    for cycle in find_cycles(&adj) {
        let len = cycle.len();
        let name = |n: usize| {
            let (i, s) = locate(n);
            let r = &loaded[i].roadmap;
            format!("{}/{}", show(&r.id), show(&r.steps[s].id))
        };
        // Reported in each roadmap the loop passes out of, at its `requires` entry
        // there: whichever file is being checked shows the loop.
        let mut owners: Vec<usize> = Vec::new();
        for k in 0..len {
            let edge = (cycle[k] as u32, cycle[(k + 1) % len] as u32);
            let Some((owner, span)) = spans.get(&edge) else {
                continue;
            };
            if owners.contains(owner) {
                continue;
            }
            owners.push(*owner);
            // Start the path at this entry's step, so it reads from where it points.
            let mut path = cycle[k..].to_vec();
            path.extend_from_slice(&cycle[..k]);
            raws[*owner].push(Raw {
                kind: ProblemKind::Cycle,
                span: span.clone(),
                message: format!(
                    "prerequisite cycle across roadmaps: {}",
                    named_path(&path, name)
                ),
                help: Some("remove one of these `requires` entries".into()),
            });
        }
    }
}

/// `a → b → c → a`, shortened in the middle for very long cycles.
fn cycle_path(cycle: &[usize], steps: &[Step]) -> String {
    named_path(cycle, |i| show(&steps[i].id))
}

fn named_path(cycle: &[usize], name: impl Fn(usize) -> String) -> String {
    const SHOW: usize = 12;
    let mut parts: Vec<String> = if cycle.len() <= SHOW {
        cycle.iter().map(|&i| name(i)).collect()
    } else {
        let mut p: Vec<String> = cycle[..SHOW - 2].iter().map(|&i| name(i)).collect();
        p.push(format!("… ({} more)", cycle.len() - (SHOW - 1)));
        p.push(name(cycle[cycle.len() - 1]));
        p
    };
    parts.push(name(cycle[0]));
    parts.join(" → ")
}
