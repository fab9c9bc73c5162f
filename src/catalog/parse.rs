//! One roadmap file: TOML text → spanned tree → schema walk → `Roadmap`.
//! Every problem of the file is collected; see `docs/roadmap-format.md`.

use super::graph::{Packed, find_cycles};
use super::problem::{LineIndex, Problem, ProblemKind, Raw, show};
use super::schema::{Cx, DeTable, DeValue, Obj, Text, is_slug, suggest, type_str};
use crate::model::{
    Fact, Group, Kind, Level, Origin, Phase, Resource, Roadmap, Routine, Step, StepRef, Table,
    TimelineEntry,
};
use hashbrown::hash_map::Entry;
use hashbrown::{HashMap, HashSet};
use std::cell::OnceCell;
use std::ops::Range;

const ROOT_KEYS: &[&str] = &[
    "format",
    "id",
    "title",
    "subtitle",
    "summary",
    "duration",
    "levels",
    "maintainers",
    "tips",
    "origin",
    "facts",
    "phases",
    "steps",
    "groups",
    "tables",
    "timeline",
    "routine",
    "resources",
];
const LEVELS_KEYS: &[&str] = &["from", "to"];
const ORIGIN_KEYS: &[&str] = &["site", "title", "edition", "url", "updated"];
const FACT_KEYS: &[&str] = &["label", "value"];
const PHASE_KEYS: &[&str] = &[
    "id", "title", "subtitle", "summary", "window", "badge", "section", "tips",
];
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
    "requires",
    "covers",
    "topics",
    "aliases",
    "resources",
];
const RESOURCE_KEYS: &[&str] = &["title", "url", "kind", "summary"];
const GROUP_KEYS: &[&str] = &["id", "title", "summary", "pick", "steps"];
const TABLE_KEYS: &[&str] = &["id", "title", "phase", "columns", "rows"];
const TIMELINE_KEYS: &[&str] = &["window", "title", "items"];
const ROUTINE_KEYS: &[&str] = &["title", "items"];

/// Suggestions for unknown references cost a scan of all ids; only the first
/// few per file get one, so a file full of typos stays linear.
const MAX_REF_SUGGESTIONS: usize = 50;

/// A parsed roadmap plus what the catalog needs for cross-file checks.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub roadmap: Roadmap,
    /// Span of the roadmap's `id` value.
    pub id_span: Range<usize>,
    /// `other-roadmap/step` prerequisites: (step index, index in `requires`, span).
    pub externals: Vec<(usize, usize, Range<usize>)>,
}

/// Parses and validates one roadmap file, reporting every problem.
pub(crate) fn parse(text: &str) -> Result<Parsed, Vec<Problem>> {
    // Only needed when there is something to report.
    let lines = OnceCell::new();
    let lines = || lines.get_or_init(|| LineIndex::new(text));
    let finish = |mut raw: Vec<Raw>| {
        raw.sort_by_key(|r| (r.span.start, r.span.end));
        let lines = lines();
        raw.into_iter().map(|r| lines.finish(r)).collect::<Vec<_>>()
    };

    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let raw = errors
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                let mut message = e.message().trim().to_string();
                if message == "duplicate key"
                    && let Some(key) = text.get(span.clone())
                {
                    message = format!("duplicate key `{}`", show(key));
                }
                Raw {
                    kind: ProblemKind::Syntax,
                    message,
                    span,
                    help: None,
                }
            })
            .collect();
        return Err(finish(raw));
    }
    let doc = doc.into_inner();
    if doc.is_empty() {
        return Err(finish(vec![Raw {
            kind: ProblemKind::Empty,
            message: "the file holds no roadmap".into(),
            span: 0..0,
            help: Some(
                "a roadmap needs at least `id`, `title`, `[[phases]]` and `[[steps]]`".into(),
            ),
        }]));
    }

    let mut w = Walk {
        cx: Cx::default(),
        lines: &lines,
        suggestions_left: MAX_REF_SUGGESTIONS,
    };
    let parsed = w.roadmap(Obj::root(&doc, "the top level"));
    if w.cx.raw.is_empty() {
        Ok(parsed)
    } else {
        Err(finish(w.cx.raw))
    }
}

struct Walk<'l> {
    cx: Cx,
    lines: &'l dyn Fn() -> &'l LineIndex<'l>,
    suggestions_left: usize,
}

/// Where an id was first defined, for duplicate reports.
type Seen<'a> = HashMap<&'a str, (usize, Range<usize>)>;

impl Walk<'_> {
    fn line_of(&self, span: &Range<usize>) -> usize {
        (self.lines)().line_col(span.start).0
    }

    /// Records `id` in `seen`; reports a duplicate if it is already there.
    fn unique<'a>(
        &mut self,
        seen: &mut Seen<'a>,
        id: &'a str,
        span: Range<usize>,
        owner: usize,
        what: &str,
    ) {
        match seen.entry(id) {
            Entry::Vacant(e) => {
                e.insert((owner, span));
            }
            Entry::Occupied(e) => {
                let line = self.line_of(&e.get().1);
                self.cx.push(
                    ProblemKind::DuplicateId,
                    span,
                    format!("duplicate {what} `{}`", show(id)),
                    Some(format!("`{}` is already used on line {line}", show(id))),
                );
            }
        }
    }

    /// "did you mean" for a reference, while the per-file budget lasts.
    fn ref_help(&mut self, word: &str, candidates: &[&str]) -> Option<String> {
        if self.suggestions_left == 0 {
            return None;
        }
        self.suggestions_left -= 1;
        suggest(word, candidates).map(|s| format!("did you mean `{s}`?"))
    }

    fn level(&mut self, s: &str, span: Range<usize>, key: &str) -> Option<Level> {
        match s.parse() {
            Ok(l) => Some(l),
            Err(()) => {
                self.cx.push(
                    ProblemKind::BadLevel,
                    span,
                    format!("`{key}` must be a level, found `{}`", show(s)),
                    Some("use \"beginner\", \"intermediate\" or \"advanced\"".into()),
                );
                None
            }
        }
    }

    fn url(&mut self, s: &str, span: Range<usize>) {
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
            && !s.chars().any(char::is_whitespace);
        if !ok {
            self.cx.push(
                ProblemKind::BadUrl,
                span,
                format!(
                    "`url` must be an http:// or https:// link, found `{}`",
                    show(s)
                ),
                Some("write the full address, e.g. \"https://example.org/page\"".into()),
            );
        }
    }

    fn roadmap(&mut self, o: Obj<'_, '_>) -> Parsed {
        self.cx.check_keys(o, ROOT_KEYS);
        if let Some((n, span)) = self.cx.integer(o, "format")
            && n != 1
        {
            self.cx.push(
                ProblemKind::BadFormatVersion,
                span,
                format!("unsupported format version {n}"),
                Some("this version of waymark reads format 1".into()),
            );
        }
        let mut id_span = 0..0;
        let id = match self.cx.req_string(o, "id", Text::Line) {
            Some((id, span)) => {
                self.cx.id(id, span.clone(), "roadmap id");
                id_span = span;
                id
            }
            None => "",
        };
        let title = self.cx.req_string(o, "title", Text::Title);
        let subtitle = self.cx.string(o, "subtitle", Text::Line);
        let summary = self.cx.string(o, "summary", Text::Multi);
        let duration = self.cx.string(o, "duration", Text::Line);
        let levels = self.cx.table(o, "levels", "`levels`").and_then(|l| {
            self.cx.check_keys(l, LEVELS_KEYS);
            let from = self.cx.req_string(l, "from", Text::Line);
            let to = self.cx.req_string(l, "to", Text::Line);
            let from = from.and_then(|(s, span)| self.level(s, span, "from"));
            let to = to.and_then(|(s, span)| self.level(s, span, "to"));
            let (from, to) = (from?, to?);
            if from > to {
                self.cx.push(
                    ProblemKind::BadLevel,
                    l.span(),
                    format!("`levels` goes from {from} down to {to}"),
                    Some("`from` must not be above `to`".into()),
                );
            }
            Some((from, to))
        });
        let maintainers = self.cx.owned_strings(o, "maintainers", Text::Line);
        let tips = self.cx.owned_strings(o, "tips", Text::Line);
        let origin = self.cx.table(o, "origin", "[origin]").map(|t| {
            self.cx.check_keys(t, ORIGIN_KEYS);
            let url = self.cx.string(t, "url", Text::Line);
            if let Some((u, span)) = &url {
                self.url(u, span.clone());
            }
            Origin {
                site: opt(self.cx.string(t, "site", Text::Line)),
                title: opt(self.cx.string(t, "title", Text::Title)),
                edition: opt(self.cx.string(t, "edition", Text::Line)),
                url: opt(url),
                updated: opt(self.cx.string(t, "updated", Text::Line)),
            }
        });
        let facts = self
            .cx
            .tables(o, "facts", "[[facts]]")
            .unwrap_or_default()
            .into_iter()
            .map(|f| {
                self.cx.check_keys(f, FACT_KEYS);
                Fact {
                    label: req(self.cx.req_string(f, "label", Text::Line)),
                    value: req(self.cx.req_string(f, "value", Text::Line)),
                }
            })
            .collect();

        // Phases.
        let phase_objs = self.required_list(o, "phases", "[[phases]]", "phase");
        let mut phase_ids: Seen = HashMap::with_capacity(phase_objs.len());
        let mut phases = Vec::with_capacity(phase_objs.len());
        for (i, p) in phase_objs.iter().enumerate() {
            self.cx.check_keys(*p, PHASE_KEYS);
            let pid = self.cx.req_string(*p, "id", Text::Line);
            if let Some((pid, span)) = &pid {
                self.cx.id(pid, span.clone(), "phase id");
                self.unique(&mut phase_ids, pid, span.clone(), i, "phase id");
            }
            phases.push(Phase {
                id: req(pid),
                title: req(self.cx.req_string(*p, "title", Text::Title)),
                subtitle: opt(self.cx.string(*p, "subtitle", Text::Line)),
                summary: opt(self.cx.string(*p, "summary", Text::Multi)),
                window: opt(self.cx.string(*p, "window", Text::Line)),
                badge: opt(self.cx.string(*p, "badge", Text::Line)),
                section: opt(self.cx.string(*p, "section", Text::Line)),
                tips: self.cx.owned_strings(*p, "tips", Text::Line),
            });
        }
        let phase_names: Vec<&str> = phases.iter().map(|p| p.id.as_str()).collect();

        // Steps. Ids and aliases share one namespace.
        let step_objs = self.required_list(o, "steps", "[[steps]]", "step");
        let mut step_ids: Seen = HashMap::with_capacity(step_objs.len());
        let mut steps = Vec::with_capacity(step_objs.len());
        let mut raw_requires = Vec::with_capacity(step_objs.len());
        for (i, s) in step_objs.iter().enumerate() {
            let (step, requires) = self.step(*s, i, &mut step_ids, &phase_ids, &phase_names);
            steps.push(step);
            raw_requires.push(requires);
        }

        // Prerequisites, now that every step id is known.
        // Edges (and the span of each) packed in one vector, not one per step.
        let edge_count = raw_requires.iter().map(Vec::len).sum();
        let mut adj = Packed::with_capacity(steps.len(), edge_count);
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
                        adj.targets.push(target);
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
            let edge = adj.targets[edges.clone()]
                .iter()
                .position(|&t| t == b)
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
                format!("prerequisite cycle: {}", cycle_path(&cycle, &steps)),
                Some(help),
            );
        }

        // Groups.
        let mut group_ids: Seen = HashMap::new();
        let mut groups = Vec::new();
        for (gi, g) in self
            .cx
            .tables(o, "groups", "[[groups]]")
            .unwrap_or_default()
            .into_iter()
            .enumerate()
        {
            groups.push(self.group(g, gi, &mut group_ids, &step_ids));
        }

        // Tables.
        let mut table_ids: Seen = HashMap::new();
        let mut tables = Vec::new();
        for (ti, t) in self
            .cx
            .tables(o, "tables", "[[tables]]")
            .unwrap_or_default()
            .into_iter()
            .enumerate()
        {
            tables.push(self.table(t, ti, &mut table_ids, &phase_ids, &phase_names));
        }

        let timeline = self
            .cx
            .tables(o, "timeline", "[[timeline]]")
            .unwrap_or_default()
            .into_iter()
            .map(|t| {
                self.cx.check_keys(t, TIMELINE_KEYS);
                TimelineEntry {
                    window: req(self.cx.req_string(t, "window", Text::Line)),
                    title: opt(self.cx.string(t, "title", Text::Title)),
                    items: owned(self.req_strings(t, "items")),
                }
            })
            .collect();
        let routine = self.cx.table(o, "routine", "[routine]").map(|t| {
            self.cx.check_keys(t, ROUTINE_KEYS);
            Routine {
                title: req(self.cx.req_string(t, "title", Text::Title)),
                items: owned(self.req_strings(t, "items")),
            }
        });
        let resources = self.resources(o, "resources", "[[resources]]");

        Parsed {
            roadmap: Roadmap {
                id: id.to_string(),
                title: req(title),
                subtitle: opt(subtitle),
                summary: opt(summary),
                origin,
                duration: opt(duration),
                levels,
                maintainers,
                tips,
                facts,
                phases,
                steps,
                groups,
                tables,
                timeline,
                routine,
                resources,
            },
            id_span,
            externals,
        }
    }

    /// A required, non-empty array of tables (`phases`, `steps`).
    fn required_list<'a, 'i>(
        &mut self,
        o: Obj<'a, 'i>,
        key: &str,
        ctx: &'static str,
        what: &str,
    ) -> Vec<Obj<'a, 'i>> {
        let Some(v) = o.get(key) else {
            self.cx.push(
                ProblemKind::MissingKey,
                o.span(),
                format!("missing required key `{key}`: a roadmap needs at least one {what}"),
                Some(format!("add a `{ctx}` table")),
            );
            return Vec::new();
        };
        let list = self.cx.tables(o, key, ctx);
        if o.array(v).is_some_and(<[_]>::is_empty) {
            self.cx.push(
                ProblemKind::Empty,
                v.span(),
                format!("`{key}` is empty: a roadmap needs at least one {what}"),
                None,
            );
        }
        list.unwrap_or_default()
    }

    /// A required array of strings (`items`, `columns`).
    fn req_strings<'a>(&mut self, o: Obj<'a, '_>, key: &str) -> Vec<(&'a str, Range<usize>)> {
        if o.get(key).is_none() {
            self.cx.missing(o, key);
            return Vec::new();
        }
        self.cx.strings(o, key, Text::Line)
    }

    fn resources(&mut self, o: Obj<'_, '_>, key: &str, ctx: &'static str) -> Vec<Resource> {
        let list = self.cx.tables(o, key, ctx).unwrap_or_default();
        let mut out = Vec::with_capacity(list.len());
        for r in list {
            self.cx.check_keys(r, RESOURCE_KEYS);
            let url = self.cx.string(r, "url", Text::Line);
            if let Some((u, span)) = &url {
                self.url(u, span.clone());
            }
            out.push(Resource {
                title: req(self.cx.req_string(r, "title", Text::Title)),
                url: opt(url),
                kind: opt(self.cx.string(r, "kind", Text::Line)),
                summary: opt(self.cx.string(r, "summary", Text::Multi)),
            });
        }
        out
    }

    fn phase_ref(
        &mut self,
        o: Obj<'_, '_>,
        phase_ids: &Seen,
        phase_names: &[&str],
        required: bool,
    ) -> Option<usize> {
        let (p, span) = if required {
            self.cx.req_string(o, "phase", Text::Line)?
        } else {
            self.cx.string(o, "phase", Text::Line)?
        };
        match phase_ids.get(p) {
            Some(&(i, _)) => Some(i),
            None => {
                let help = self
                    .ref_help(p, phase_names)
                    .or_else(|| Some(format!("known phases: {}", list_ids(phase_names))));
                self.cx.push(
                    ProblemKind::UnknownPhase,
                    span,
                    format!("unknown phase `{}`", show(p)),
                    help,
                );
                None
            }
        }
    }

    /// One `[[steps]]` entry; `requires` are returned raw, resolved later.
    fn step<'a>(
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
            if h.is_finite() && h >= 0.0 {
                Some(h)
            } else {
                self.cx.push(
                    ProblemKind::BadHours,
                    span,
                    format!("`hours` must be a finite number ≥ 0, found {h}"),
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
            requires: Vec::new(),
            covers: self.cx.owned_strings(o, "covers", Text::Line),
            topics: owned(topics),
            aliases: owned(aliases),
            resources: self.resources(o, "resources", "[[steps.resources]]"),
        };
        (step, requires)
    }

    fn group<'a>(
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

    fn table<'a>(
        &mut self,
        o: Obj<'a, '_>,
        ti: usize,
        table_ids: &mut Seen<'a>,
        phase_ids: &Seen,
        phase_names: &[&str],
    ) -> Table {
        self.cx.check_keys(o, TABLE_KEYS);
        let tid = self.cx.req_string(o, "id", Text::Line);
        if let Some((t, span)) = &tid
            && self.cx.id(t, span.clone(), "table id")
        {
            self.unique(table_ids, t, span.clone(), ti, "table id");
        }
        let title = self.cx.req_string(o, "title", Text::Title);
        let phase = self.phase_ref(o, phase_ids, phase_names, false);
        let columns = self.req_strings(o, "columns");
        if let Some(v) = o.get("columns")
            && o.array(v).is_some_and(<[_]>::is_empty)
        {
            self.cx.push(
                ProblemKind::BadTable,
                v.span(),
                "a table needs at least one column",
                None,
            );
        }
        let mut rows = Vec::new();
        match o.get("rows") {
            None => self.cx.missing(o, "rows"),
            Some(v) => match o.array(v) {
                Some(items) => {
                    for row in items.iter() {
                        let Some(cells) = o.array(row) else {
                            self.cx.push(
                                ProblemKind::WrongType,
                                row.span(),
                                format!(
                                    "each of `rows` must be an array of strings, found {}",
                                    type_str(row.get_ref())
                                ),
                                None,
                            );
                            continue;
                        };
                        let mut out = Vec::with_capacity(cells.len());
                        for cell in cells.iter() {
                            match cell.get_ref() {
                                DeValue::String(s) => {
                                    self.cx.text(s, cell.span(), Text::Line, "rows");
                                    out.push(s.to_string());
                                }
                                other => self.cx.push(
                                    ProblemKind::WrongType,
                                    cell.span(),
                                    format!(
                                        "table cells must be strings, found {}",
                                        type_str(other)
                                    ),
                                    None,
                                ),
                            }
                        }
                        if !columns.is_empty() && cells.len() != columns.len() {
                            self.cx.push(
                                ProblemKind::BadTable,
                                row.span(),
                                format!(
                                    "row has {}, but the table has {}",
                                    count(cells.len(), "cell"),
                                    count(columns.len(), "column")
                                ),
                                Some("every row needs exactly one cell per column".into()),
                            );
                        }
                        rows.push(out);
                    }
                }
                None => self.cx.push(
                    ProblemKind::WrongType,
                    v.span(),
                    format!(
                        "`rows` in [[tables]] must be an array of arrays of strings, found {}",
                        type_str(v.get_ref())
                    ),
                    None,
                ),
            },
        }
        Table {
            id: req(tid),
            title: req(title),
            phase,
            columns: owned(columns),
            rows,
        }
    }
}

/// `1 cell`, `2 cells`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn opt(v: Option<(&str, Range<usize>)>) -> Option<String> {
    v.map(|(s, _)| s.to_string())
}

fn req(v: Option<(&str, Range<usize>)>) -> String {
    v.map(|(s, _)| s.to_string()).unwrap_or_default()
}

fn owned(v: Vec<(&str, Range<usize>)>) -> Vec<String> {
    v.into_iter().map(|(s, _)| s.to_string()).collect()
}

/// At most 20 ids, comma-separated, for hints.
fn list_ids(ids: &[&str]) -> String {
    let mut out = ids.iter().take(20).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > 20 {
        out.push_str(", …");
    }
    if out.is_empty() {
        out.push_str("(none)");
    }
    out
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
