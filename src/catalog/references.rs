//! References between entries of a roadmap file: `requires` (unknown steps,
//! cycles, other roadmaps, checked once all are loaded) and pick-one group members.

use super::build::{Parsed, Seen, Walk, opt, req};
use super::ids::is_slug;
use super::problem::{LineIndex, Problem, ProblemKind, Raw, show};
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
/// must be loaded (`by_id`: id → index) and hold the step by id or alias.
/// Returns the problems of each roadmap that has any, by index.
pub(super) fn check_externals(
    loaded: &[(String, Parsed)],
    by_id: &std::collections::HashMap<String, usize>,
) -> Vec<(usize, Vec<Problem>)> {
    let mut names: HashMap<usize, HashSet<&str>> = HashMap::new();
    let mut warnings = Vec::new();
    for (i, (text, parsed)) in loaded.iter().enumerate() {
        let mut raw = Vec::new();
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
                        loaded[j]
                            .1
                            .roadmap
                            .steps
                            .iter()
                            .flat_map(|s| {
                                std::iter::once(s.id.as_str())
                                    .chain(s.aliases.iter().map(String::as_str))
                            })
                            .collect()
                    });
                    if ids.contains(target.as_str()) {
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
            raw.push(Raw {
                kind: ProblemKind::DanglingRequire,
                message,
                span: span.clone(),
                help: None,
            });
        }
        if !raw.is_empty() {
            let lines = LineIndex::new(text);
            warnings.push((i, raw.into_iter().map(|r| lines.finish(r)).collect()));
        }
    }
    warnings
}

/// `a → b → c → a`, shortened in the middle for very long cycles.
fn cycle_path(cycle: &[usize], steps: &[Step]) -> String {
    const SHOW: usize = 12;
    let name = |i: usize| show(&steps[i].id);
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
