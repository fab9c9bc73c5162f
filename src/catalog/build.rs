//! One roadmap file: TOML text → spanned tree (toml's recoverable parse) →
//! schema walk → `Roadmap`, collecting every problem of the file; see
//! `docs/roadmap-format.md`. Steps, references and tables have files of their own.
//!
//! Over 500 lines on purpose: the schema walk is one pass over one spanned tree that
//! collects the file's problems; what splits off cleanly already has its own file.

use super::parent::{self, RawParent};
use super::problem::{LineIndex, Problem, ProblemKind, Raw, show};
use super::references::External;
use super::schema::{Cx, DeTable, Obj, Text, suggest};
use crate::model::{Fact, Level, Origin, Phase, Resource, Roadmap, Routine, TimelineEntry};
use hashbrown::HashMap;
use hashbrown::hash_map::Entry;
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
const RESOURCE_KEYS: &[&str] = &["title", "url", "kind", "summary"];
const TIMELINE_KEYS: &[&str] = &["window", "title", "items"];
const ROUTINE_KEYS: &[&str] = &["title", "items"];

/// Suggestions for unknown references cost a scan of all ids; only the first
/// few per file get one, so a file full of typos stays linear.
const MAX_REF_SUGGESTIONS: usize = 50;

/// A parsed roadmap plus what the catalog needs for cross-file checks (kept in the
/// load cache as it is, so those checks run on a cached file too).
#[derive(Debug)]
pub(crate) struct Parsed {
    pub roadmap: Roadmap,
    /// Span of the roadmap's `id` value.
    pub id_span: Range<usize>,
    /// `other-roadmap/step` prerequisites: (step index, index in `requires`, span).
    pub externals: Vec<External>,
}

/// Parses and validates one roadmap file, reporting every problem.
pub(crate) fn parse(text: &str) -> Result<Parsed, Vec<Problem>> {
    // Every parse (cached or not, `validate` too) passes here: one place to ask for them.
    if text.len() >= crate::memory::LARGE_INPUT {
        crate::memory::expect_large_heap();
    }
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

pub(super) struct Walk<'l> {
    pub cx: Cx,
    lines: &'l dyn Fn() -> &'l LineIndex<'l>,
    suggestions_left: usize,
}

/// Where an id was first defined, for duplicate reports.
pub(super) type Seen<'a> = HashMap<&'a str, (usize, Range<usize>)>;

impl Walk<'_> {
    pub(super) fn line_of(&self, span: &Range<usize>) -> usize {
        (self.lines)().line_col(span.start).0
    }

    /// Records `id` in `seen`; reports a duplicate if it is already there.
    pub(super) fn unique<'a>(
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
    pub(super) fn ref_help(&mut self, word: &str, candidates: &[&str]) -> Option<String> {
        if self.suggestions_left == 0 {
            return None;
        }
        self.suggestions_left -= 1;
        suggest(word, candidates).map(|s| format!("did you mean `{s}`?"))
    }

    pub(super) fn level(&mut self, s: &str, span: Range<usize>, key: &str) -> Option<Level> {
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

    pub(super) fn url(&mut self, s: &str, span: Range<usize>) {
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
        let mut raw_parents = Vec::new();
        for (i, s) in step_objs.iter().enumerate() {
            let (step, requires) = self.step(*s, i, &mut step_ids, &phase_ids, &phase_names);
            steps.push(step);
            raw_requires.push(requires);
            if let Some((name, span)) = self.cx.string(*s, "parent", Text::Line) {
                raw_parents.push(RawParent {
                    step: i,
                    name,
                    span,
                });
            }
        }
        let problems = parent::link(
            &mut steps,
            &phases,
            &raw_parents,
            |name| step_ids.get(name).map(|e| e.0),
            &mut self.suggestions_left,
        );
        self.cx.raw.extend(problems);

        let externals = self.requires(id, &mut steps, raw_requires, &step_ids);

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
    pub(super) fn required_list<'a, 'i>(
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
    pub(super) fn req_strings<'a>(
        &mut self,
        o: Obj<'a, '_>,
        key: &str,
    ) -> Vec<(&'a str, Range<usize>)> {
        if o.get(key).is_none() {
            self.cx.missing(o, key);
            return Vec::new();
        }
        self.cx.strings(o, key, Text::Line)
    }

    pub(super) fn resources(
        &mut self,
        o: Obj<'_, '_>,
        key: &str,
        ctx: &'static str,
    ) -> Vec<Resource> {
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

    pub(super) fn phase_ref(
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
}

pub(super) fn opt(v: Option<(&str, Range<usize>)>) -> Option<String> {
    v.map(|(s, _)| text(s))
}

pub(super) fn req(v: Option<(&str, Range<usize>)>) -> String {
    v.map(|(s, _)| text(s)).unwrap_or_default()
}

pub(super) fn owned(v: Vec<(&str, Range<usize>)>) -> Vec<String> {
    v.into_iter().map(|(s, _)| text(s)).collect()
}

/// Text as stored: CRLF line breaks (a file saved on Windows) become `\n`.
/// Any other `\r` has been reported, so the file does not load anyway.
fn text(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n")
    } else {
        s.to_string()
    }
}

/// At most 20 ids, comma-separated, for hints.
pub(super) fn list_ids(ids: &[&str]) -> String {
    let mut out = ids.iter().take(20).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > 20 {
        out.push_str(", …");
    }
    if out.is_empty() {
        out.push_str("(none)");
    }
    out
}
