//! `parent`: a step that is part of another step of the same roadmap (a sub-topic).
//!
//! Resolved once every step id is known. One level only: a parent is never itself a
//! child, so a chain of parents, and with it any cycle, is reported. A child belongs to
//! its parent's phase. Kept apart from the schema walk so the rules live in one place.

use super::problem::{ProblemKind, Raw, show};
use super::schema::suggest;
use crate::model::{Phase, Step};
use std::ops::Range;

/// A step's `parent` value as written: the step naming it, the id named, and where.
pub(crate) struct RawParent<'a> {
    pub step: usize,
    pub name: &'a str,
    pub span: Range<usize>,
}

/// Sets `Step::parent` for every well-formed link and returns a problem for each bad
/// one. `lookup` maps a step id or alias to its index; `suggestions_left` is the
/// file's budget of "did you mean" searches (each scans every id).
pub(crate) fn link(
    steps: &mut [Step],
    phases: &[Phase],
    raw: &[RawParent<'_>],
    lookup: impl Fn(&str) -> Option<usize>,
    suggestions_left: &mut usize,
) -> Vec<Raw> {
    let mut problems = Vec::new();
    let mut resolved: Vec<Option<usize>> = vec![None; steps.len()];
    // First: does each `parent` name a step of this phase other than the step itself?
    for r in raw {
        let step = &steps[r.step];
        let Some(p) = lookup(r.name) else {
            let help = if *suggestions_left > 0 {
                *suggestions_left -= 1;
                let names: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
                suggest(r.name, &names).map(|s| format!("did you mean `{s}`?"))
            } else {
                None
            };
            problems.push(Raw {
                kind: ProblemKind::UnknownParent,
                message: format!("`parent` names unknown step `{}`", show(r.name)),
                span: r.span.clone(),
                help: help.or_else(|| Some("name a step id of this roadmap".into())),
            });
            continue;
        };
        if p == r.step {
            problems.push(Raw {
                kind: ProblemKind::BadParent,
                message: format!("step `{}` names itself as its parent", show(&step.id)),
                span: r.span.clone(),
                help: Some("drop `parent`, or name the step this one is a part of".into()),
            });
            continue;
        }
        let parent = &steps[p];
        if parent.phase != step.phase {
            let title = |i: usize| phases.get(i).map_or("", |ph| ph.title.as_str());
            problems.push(Raw {
                kind: ProblemKind::BadParent,
                message: format!(
                    "`parent` `{}` is in phase `{}`, but step `{}` is in phase `{}`",
                    show(&parent.id),
                    show(title(parent.phase)),
                    show(&step.id),
                    show(title(step.phase))
                ),
                span: r.span.clone(),
                help: Some(format!(
                    "a sub-step belongs to its parent's phase: set `phase = \"{}\"` or drop `parent`",
                    show(phases.get(parent.phase).map_or("", |ph| ph.id.as_str()))
                )),
            });
            continue;
        }
        resolved[r.step] = Some(p);
    }
    // Then: one level of nesting, so a parent must not have a parent itself.
    for r in raw {
        let Some(p) = resolved[r.step] else { continue };
        let Some(grand) = resolved[p] else { continue };
        let (id, pid) = (show(&steps[r.step].id), show(&steps[p].id));
        let (message, help) = if grand == r.step {
            if r.step > p {
                continue; // the loop is reported once, at its first step
            }
            (
                format!("parent cycle: {id} → {pid} → {id}"),
                "a step cannot be part of its own sub-step; drop one of the two `parent` keys"
                    .to_string(),
            )
        } else {
            let gid = show(&steps[grand].id);
            (
                format!(
                    "`parent` `{pid}` is itself a sub-step (of `{gid}`): only one level of nesting is allowed"
                ),
                format!("name `{gid}` as the parent instead, or drop `parent` from `{pid}`"),
            )
        };
        problems.push(Raw {
            kind: ProblemKind::BadParent,
            message,
            span: r.span.clone(),
            help: Some(help),
        });
    }
    if problems.is_empty() {
        for (step, parent) in steps.iter_mut().zip(resolved) {
            step.parent = parent;
        }
    }
    problems
}
