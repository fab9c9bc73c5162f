//! One `[[steps]]` entry of a roadmap file → `Step`; its `requires` are
//! resolved later, once every step id is known (see `references.rs`).

use super::build::{Seen, Walk, opt, owned, req};
use super::problem::{ProblemKind, show};
use super::schema::{Obj, Text, suggest};
use crate::model::{Kind, Step};
use std::ops::Range;

/// The largest `hours` of one step (documented in docs/roadmap-format.md): over a year
/// of full-time work, so no real estimate is refused, and sums of a whole file stay
/// far from overflowing to `inf`.
pub const MAX_HOURS: f64 = 10_000.0;

const STEP_KEYS: &[&str] = &[
    "id",
    "title",
    "phase",
    "summary",
    "level",
    "tags",
    "hours",
    "optional",
    "kind",
    "parent",
    "requires",
    "covers",
    "topics",
    "aliases",
    "resources",
];

impl Walk<'_> {
    /// One `[[steps]]` entry; `requires` are returned raw, resolved later.
    pub(super) fn step<'a>(
        &mut self,
        o: Obj<'a, '_>,
        i: usize,
        step_ids: &mut Seen<'a>,
        phase_ids: &Seen,
        phase_names: &[&str],
    ) -> (Step, Vec<(&'a str, Range<usize>)>) {
        self.cx.check_keys(o, STEP_KEYS);
        let sid = self.cx.req_string(o, "id", Text::Line);
        if let Some((sid, span)) = &sid {
            self.cx.id(sid, span.clone(), "step id");
            self.unique(step_ids, sid, span.clone(), i, "step id");
        }
        let aliases = self.cx.strings(o, "aliases", Text::Line);
        for (a, span) in &aliases {
            self.cx.id(a, span.clone(), "alias");
            self.unique(step_ids, a, span.clone(), i, "step id or alias");
        }
        let title = self.cx.req_string(o, "title", Text::Title);
        let phase = self.phase_ref(o, phase_ids, phase_names, true);
        let level = self
            .cx
            .string(o, "level", Text::Line)
            .and_then(|(s, span)| self.level(s, span, "level"));
        let hours = self.cx.number(o, "hours").and_then(|(h, span)| {
            if (0.0..=MAX_HOURS).contains(&h) {
                Some(h)
            } else {
                // `{h}` of 1e308 would print 309 digits: the shortest form that round-trips.
                let found = if h.is_finite() && h.abs() < 1e15 {
                    format!("{h}")
                } else {
                    format!("{h:e}")
                };
                self.cx.push(
                    ProblemKind::BadHours,
                    span,
                    format!("`hours` must be a number from 0 to {MAX_HOURS}, found {found}"),
                    Some("leave `hours` out when there is no estimate".into()),
                );
                None
            }
        });
        let kind =
            self.cx
                .string(o, "kind", Text::Line)
                .and_then(|(s, span)| match s.parse::<Kind>() {
                    Ok(k) => Some(k),
                    Err(()) => {
                        let names = Kind::ALL.map(Kind::as_str);
                        let help = match suggest(s, &names) {
                            Some(k) => format!("did you mean `{k}`?"),
                            None => format!("use one of: {}", names.join(", ")),
                        };
                        self.cx.push(
                            ProblemKind::BadKind,
                            span,
                            format!("unknown step kind `{}`", show(s)),
                            Some(help),
                        );
                        None
                    }
                });
        let topics = self.cx.strings(o, "topics", Text::Line);
        for (t, span) in &topics {
            self.cx.id(t, span.clone(), "topic");
        }
        let requires = self.cx.strings(o, "requires", Text::Line);
        let step = Step {
            id: req(sid),
            title: req(title),
            phase: phase.unwrap_or(0),
            summary: opt(self.cx.string(o, "summary", Text::Multi)),
            level,
            tags: self.cx.owned_strings(o, "tags", Text::Line),
            hours,
            optional: self.cx.boolean(o, "optional").unwrap_or(false),
            kind,
            parent: None,
            requires: Vec::new(),
            covers: self.cx.owned_strings(o, "covers", Text::Line),
            topics: owned(topics),
            aliases: owned(aliases),
            resources: self.resources(o, "resources", "[[steps.resources]]"),
        };
        (step, requires)
    }
}
