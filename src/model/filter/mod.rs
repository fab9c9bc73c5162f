//! The filter language shared by `waymark show` and the TUI's `f` prompt.
//!
//! ```text
//! tag:auth level:intermediate status:todo optional:no redis
//! ```
//! - `key:value` terms combine with AND; repeating a key (or `key:a,b`) means OR;
//! - a leading `-` negates a term: `-status:done`;
//! - values with spaces take double quotes: `phase:"Internet & Networking"`;
//! - bare words must all match: fuzzily against the title, or as a substring of the
//!   summary, tags, sub-topics or phase title (case-insensitive).
//!
//! Keys: `tag`, `level`, `status` (todo, in-progress, done, skipped, not-needed, covered, open,
//! closed), `optional` (yes/no), `kind` (recommended, alternative, anytime,
//! not-recommended, none), `phase` (id or title), `topic`, `is` (next, blocked, ready,
//! due — done steps due for review, when the caller knows them).
//!
//! Over 500 lines on purpose: the tokenizer, the term parser with its "did you mean"
//! hints and the matcher share the private `Term` type and read as one grammar. Bare
//! words are matched in `words`, the tests are in `tests.rs`, the fuzzy search is in
//! `model/search.rs`.

use super::graph::Graph;
use super::progress::{Effective, Snapshot};
use super::roadmap::{Kind, Level, Roadmap, Step};
use std::fmt;
use words::WordMatcher;

mod words;
pub use words::PARALLEL_FROM;

// The fuzzy search lives in `search`; re-exported here for the callers that name it
// through `filter`.
pub use super::search::{Hit, MIN_SCORE_PER_CHAR, Searcher, rank, search};

pub const KEYS: [&str; 8] = [
    "tag", "level", "status", "optional", "kind", "phase", "topic", "is",
];

/// A filter that did not parse: what, where (char offset in the input) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub message: String,
    /// Char offset of the offending term in the input.
    pub at: usize,
    pub help: Option<String>,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at column {})", self.message, self.at + 1)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FilterError {}

#[derive(Debug, Clone, PartialEq)]
enum StatusValue {
    Is(Effective),
    Open,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum IsValue {
    Next,
    Blocked,
    Ready,
    /// Due for review (see `model::review`); the caller passes which steps are.
    Due,
}

#[derive(Debug, Clone, PartialEq)]
enum Term {
    Tag(String),
    Level(Level),
    Status(StatusValue),
    Optional(bool),
    Kind(Option<Kind>),
    Phase(String),
    Topic(String),
    Is(IsValue),
}

impl Term {
    fn key(&self) -> usize {
        match self {
            Term::Tag(_) => 0,
            Term::Level(_) => 1,
            Term::Status(_) => 2,
            Term::Optional(_) => 3,
            Term::Kind(_) => 4,
            Term::Phase(_) => 5,
            Term::Topic(_) => 6,
            Term::Is(_) => 7,
        }
    }
}

/// A parsed filter. The empty filter matches every step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Positive terms grouped by key: a step must match one term of every group.
    groups: Vec<Vec<Term>>,
    /// Negated terms: a step must match none.
    negated: Vec<Term>,
    words: Vec<String>,
}

impl Filter {
    /// Parses a filter expression; errors say where and how to fix it.
    ///
    /// ```
    /// use waymark::model::Filter;
    ///
    /// assert!(Filter::parse("tag:auth level:intermediate -status:done redis").is_ok());
    /// let err = Filter::parse("tag:auth lvl:beginner").unwrap_err();
    /// assert_eq!(err.at, 9);
    /// assert_eq!(err.help.as_deref().map(|h| h.starts_with("did you mean `level:`")), Some(true));
    /// ```
    pub fn parse(input: &str) -> Result<Filter, FilterError> {
        let mut filter = Filter::default();
        let mut by_key: Vec<Vec<Term>> = vec![Vec::new(); KEYS.len()];
        for (at, token) in tokenize(input)? {
            let (negate, body) = match token.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, token.as_str()),
            };
            let Some((key, value)) = body.split_once(':') else {
                filter.words.push(body.to_lowercase());
                continue;
            };
            let key = key.to_ascii_lowercase();
            if !KEYS.contains(&key.as_str()) {
                return Err(FilterError {
                    message: format!("unknown filter key `{key}`"),
                    at,
                    help: Some(match super::suggest::best(&key, KEYS) {
                        Some(k) => format!("did you mean `{k}:`? keys: {}", KEYS.join(", ")),
                        None => format!("keys: {}", KEYS.join(", ")),
                    }),
                });
            }
            if value.is_empty() {
                return Err(FilterError {
                    message: format!("`{key}:` needs a value"),
                    at,
                    help: Some(format!("for example {}", example(&key))),
                });
            }
            for v in value.split(',').filter(|v| !v.is_empty()) {
                let term = parse_term(&key, v).map_err(|help| FilterError {
                    message: format!("`{v}` is not a valid {key}"),
                    at,
                    help: Some(help),
                })?;
                if negate {
                    filter.negated.push(term);
                } else {
                    by_key[term.key()].push(term);
                }
            }
        }
        filter.groups = by_key.into_iter().filter(|g| !g.is_empty()).collect();
        Ok(filter)
    }

    /// Like [`Filter::parse`], and every `tag:`, `topic:` and `phase:` value must be one
    /// `roadmap` has: a typo gets "did you mean" like a key does (`tag:atuh` → `auth`),
    /// instead of silently matching nothing.
    ///
    /// ```
    /// use waymark::model::{Filter, Roadmap, Step};
    ///
    /// let step = Step { tags: vec!["Auth".into()], ..Step::default() };
    /// let r = Roadmap { steps: vec![step], ..Roadmap::default() };
    /// assert!(Filter::parse_for("tag:auth", &r).is_ok());
    /// let err = Filter::parse_for("level:beginner tag:atuh", &r).unwrap_err();
    /// assert_eq!(err.at, 15);
    /// assert_eq!(err.help.as_deref(), Some("did you mean `tag:Auth`?"));
    /// ```
    pub fn parse_for(input: &str, roadmap: &Roadmap) -> Result<Filter, FilterError> {
        let filter = Filter::parse(input)?;
        for (at, token) in tokenize(input)? {
            let body = token
                .strip_prefix('-')
                .filter(|rest| !rest.is_empty())
                .unwrap_or(&token);
            let Some((key, value)) = body.split_once(':') else {
                continue;
            };
            let key = key.to_ascii_lowercase();
            if !matches!(key.as_str(), "tag" | "topic" | "phase") {
                continue;
            }
            for v in value.split(',').filter(|v| !v.is_empty()) {
                // The list of known values (for the hint) only when the value is unknown.
                if has_value(&key, roadmap, v) {
                    continue;
                }
                let known = known_values(&key, roadmap);
                let lower: Vec<String> = known.iter().map(|k| k.to_lowercase()).collect();
                let refs: Vec<&str> = lower.iter().map(String::as_str).collect();
                let help = match super::suggest::best(&v.to_lowercase(), refs.iter().copied()) {
                    Some(c) => {
                        let i = lower.iter().position(|l| l == c).unwrap_or(0);
                        let k = &known[i];
                        if k.contains(char::is_whitespace) {
                            format!("did you mean `{key}:\"{k}\"`?")
                        } else {
                            format!("did you mean `{key}:{k}`?")
                        }
                    }
                    None if known.is_empty() => format!("this roadmap has no {key}s"),
                    None => {
                        let shown: Vec<&str> = known.iter().take(8).map(String::as_str).collect();
                        let more = if known.len() > 8 { ", …" } else { "" };
                        format!("{key}s: {}{more}", shown.join(", "))
                    }
                };
                return Err(FilterError {
                    message: format!("no step has {key} `{v}`"),
                    at,
                    help: Some(help),
                });
            }
        }
        Ok(filter)
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.negated.is_empty() && self.words.is_empty()
    }

    /// Indexes of the matching steps, in roadmap order.
    pub fn apply(&self, roadmap: &Roadmap, graph: &Graph, snapshot: &Snapshot) -> Vec<usize> {
        self.apply_with_due(roadmap, graph, snapshot, &[])
    }

    /// [`Filter::apply`] where `due[i]` says whether step `i` is due for review
    /// (`is:due`); a step past the end of `due` is not.
    pub fn apply_with_due(
        &self,
        roadmap: &Roadmap,
        graph: &Graph,
        snapshot: &Snapshot,
        due: &[bool],
    ) -> Vec<usize> {
        if self.is_empty() {
            return (0..roadmap.steps.len()).collect();
        }
        let next: Vec<bool> = if self.uses_next() {
            let statuses: Vec<_> = snapshot
                .effective
                .iter()
                .map(|e| match e {
                    Effective::InProgress => super::Status::InProgress,
                    _ => super::Status::Todo,
                })
                .collect();
            let mut v = vec![false; roadmap.steps.len()];
            for i in graph.next_up(&statuses, &snapshot.settled) {
                v[i] = true;
            }
            v
        } else {
            Vec::new()
        };
        let ctx = Ctx {
            roadmap,
            graph,
            snapshot,
            next: &next,
            due,
        };
        let n = roadmap.steps.len();
        self.split(n, |steps| self.matching(&ctx, steps))
    }

    /// `run` over `0..len`, on two threads when the filter has bare words (a fuzzy
    /// match per step) and `len` is large: the interface filters again on every key
    /// typed. Each half is matched in order, so the result is in order.
    fn split<F>(&self, len: usize, run: F) -> Vec<usize>
    where
        F: Fn(std::ops::Range<usize>) -> Vec<usize> + Sync,
    {
        let split = !self.words.is_empty()
            && len >= PARALLEL_FROM
            && std::thread::available_parallelism().is_ok_and(|p| p.get() > 1);
        if !split {
            return run(0..len);
        }
        let mid = len / 2;
        std::thread::scope(|scope| {
            let upper = scope.spawn(|| run(mid..len));
            let mut matched = run(0..mid);
            match upper.join() {
                Ok(rest) => matched.extend(rest),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            matched
        })
    }

    /// Whether every step this filter matches is also matched by `wider`: the same
    /// terms, and `wider`'s words each a prefix of this one's word at its place (this
    /// one may have more). A word typed further only drops steps: its letters in order
    /// still hold the shorter word's, and so does any text containing it.
    pub fn narrows(&self, wider: &Filter) -> bool {
        self.groups == wider.groups
            && self.negated == wider.negated
            && self.words.len() >= wider.words.len()
            && self
                .words
                .iter()
                .zip(&wider.words)
                .all(|(w, was)| w.starts_with(was.as_str()))
    }

    /// [`Filter::apply`] over `candidates` only (ascending step indexes): the matches of
    /// a filter this one [narrows](Filter::narrows), when a word is typed further.
    pub fn apply_within(
        &self,
        roadmap: &Roadmap,
        graph: &Graph,
        snapshot: &Snapshot,
        candidates: &[usize],
    ) -> Vec<usize> {
        if self.is_empty() || self.uses_next() {
            // `is:next` needs the whole roadmap's statuses; it is cheap next to words.
            let all = self.apply(roadmap, graph, snapshot);
            return all
                .into_iter()
                .filter(|i| candidates.binary_search(i).is_ok())
                .collect();
        }
        let ctx = Ctx {
            roadmap,
            graph,
            snapshot,
            next: &[],
            due: &[],
        };
        self.split(candidates.len(), |at| {
            self.matching(&ctx, candidates[at].iter().copied())
        })
    }

    /// The steps of `steps` that match, in order (one thread).
    fn matching(&self, ctx: &Ctx<'_>, steps: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut words = WordMatcher::new(&self.words);
        steps
            .filter(|&i| {
                self.groups
                    .iter()
                    .all(|g| g.iter().any(|t| ctx.matches(t, i)))
                    && !self.negated.iter().any(|t| ctx.matches(t, i))
                    && words.matches(ctx.roadmap, i)
            })
            .collect()
    }

    /// Whether the filter asks which steps are due for review (`is:due`), so a caller
    /// reads the review history only when it matters.
    pub fn uses_due(&self) -> bool {
        self.groups
            .iter()
            .flatten()
            .chain(&self.negated)
            .any(|t| matches!(t, Term::Is(IsValue::Due)))
    }

    fn uses_next(&self) -> bool {
        self.groups
            .iter()
            .flatten()
            .chain(&self.negated)
            .any(|t| matches!(t, Term::Is(IsValue::Next)))
    }
}

/// Rows a filtered list shows besides the matches: `context[i]` is true when step `i`
/// does not match itself but one of its sub-steps does, so the sub-step is shown under
/// its parent (dimmed, and not counted as a match). `shown[i]` says whether step `i`
/// matches. Shared by `waymark show` and the TUI.
pub fn context_parents(roadmap: &Roadmap, shown: &[bool]) -> Vec<bool> {
    let mut context = vec![false; roadmap.steps.len()];
    // Steps are read only where `shown` says so: a filter shows few of many.
    let shown_steps = shown.iter().enumerate().filter(|&(_, &s)| s);
    for step in shown_steps.filter_map(|(i, _)| roadmap.steps.get(i)) {
        if let Some(p) = step.parent
            && !shown.get(p).copied().unwrap_or(true)
            && let Some(c) = context.get_mut(p)
        {
            *c = true;
        }
    }
    context
}

struct Ctx<'a> {
    roadmap: &'a Roadmap,
    graph: &'a Graph,
    snapshot: &'a Snapshot,
    next: &'a [bool],
    due: &'a [bool],
}

impl Ctx<'_> {
    fn matches(&self, term: &Term, i: usize) -> bool {
        let step: &Step = &self.roadmap.steps[i];
        let eff = self.snapshot.effective[i];
        match term {
            Term::Tag(t) => step.tags.iter().any(|s| s.eq_ignore_ascii_case(t)),
            Term::Level(l) => step.level == Some(*l),
            Term::Status(StatusValue::Is(e)) => eff == *e,
            Term::Status(StatusValue::Open) => !eff.is_settled(),
            Term::Status(StatusValue::Closed) => eff.is_settled(),
            Term::Optional(o) => step.optional == *o,
            Term::Kind(k) => step.kind == *k,
            Term::Phase(p) => self.roadmap.phases.get(step.phase).is_some_and(|ph| {
                ph.id.eq_ignore_ascii_case(p) || ph.title.eq_ignore_ascii_case(p)
            }),
            Term::Topic(t) => step.topics.iter().any(|s| s.eq_ignore_ascii_case(t)),
            Term::Is(IsValue::Next) => self.next.get(i).copied().unwrap_or(false),
            Term::Is(IsValue::Blocked) => self.snapshot.is_blocked(self.graph, i),
            Term::Is(IsValue::Ready) => {
                !eff.is_settled() && !self.snapshot.is_blocked(self.graph, i)
            }
            Term::Is(IsValue::Due) => self.due.get(i).copied().unwrap_or(false),
        }
    }
}

fn parse_term(key: &str, v: &str) -> Result<Term, String> {
    let lower = v.to_lowercase();
    Ok(match key {
        "tag" => Term::Tag(v.to_string()),
        "topic" => Term::Topic(v.to_string()),
        "phase" => Term::Phase(v.to_string()),
        "level" => Term::Level(
            lower
                .parse()
                .map_err(|_| "levels: beginner, intermediate, advanced".to_string())?,
        ),
        "status" => Term::Status(match lower.as_str() {
            "open" => StatusValue::Open,
            "closed" => StatusValue::Closed,
            "not-needed" | "notneeded" => StatusValue::Is(Effective::NotNeeded),
            "covered" => StatusValue::Is(Effective::Covered),
            other => StatusValue::Is(
                other
                    .parse::<super::Status>()
                    .map_err(|_| {
                        "statuses: todo, in-progress, done, skipped, not-needed, covered, open, closed"
                            .to_string()
                    })?
                    .into(),
            ),
        }),
        "optional" => Term::Optional(match lower.as_str() {
            "yes" | "true" | "y" => true,
            "no" | "false" | "n" => false,
            _ => return Err("use optional:yes or optional:no".into()),
        }),
        "kind" => Term::Kind(match lower.as_str() {
            "none" => None,
            other => Some(other.parse().map_err(|_| {
                "kinds: recommended, alternative, anytime, not-recommended, none".to_string()
            })?),
        }),
        "is" => Term::Is(match lower.as_str() {
            "next" => IsValue::Next,
            "blocked" => IsValue::Blocked,
            "ready" => IsValue::Ready,
            "due" => IsValue::Due,
            _ => return Err("use is:next, is:blocked, is:ready or is:due".into()),
        }),
        _ => unreachable!("keys are checked before values"),
    })
}

/// The values a roadmap has for a free-text key (tags, topics, phase ids and titles),
/// with repeats; none for keys with a fixed set of values (those are checked by `parse`).
fn values<'r>(key: &str, roadmap: &'r Roadmap) -> Box<dyn Iterator<Item = &'r str> + 'r> {
    match key {
        "tag" | "topic" => {
            let tags = key == "tag";
            Box::new(
                roadmap
                    .steps
                    .iter()
                    .flat_map(move |s| if tags { &s.tags } else { &s.topics })
                    .map(String::as_str),
            )
        }
        "phase" => Box::new(
            roadmap
                .phases
                .iter()
                .flat_map(|p| [p.id.as_str(), p.title.as_str()]),
        ),
        _ => Box::new(std::iter::empty()),
    }
}

/// Whether the roadmap has `v` for a free-text key, ignoring ASCII case.
fn has_value(key: &str, roadmap: &Roadmap, v: &str) -> bool {
    values(key, roadmap).any(|k| k.eq_ignore_ascii_case(v))
}

/// [`values`] each once (ignoring ASCII case), for a hint.
fn known_values(key: &str, roadmap: &Roadmap) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values(key, roadmap) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(v)) {
            out.push(v.to_string());
        }
    }
    out
}

fn example(key: &str) -> &'static str {
    match key {
        "tag" => "tag:auth",
        "level" => "level:beginner",
        "status" => "status:todo",
        "optional" => "optional:no",
        "kind" => "kind:alternative",
        "phase" => "phase:databases",
        "topic" => "topic:http",
        _ => "is:next",
    }
}

/// Splits on whitespace, keeping double-quoted runs together; yields (char offset, token).
fn tokenize(input: &str) -> Result<Vec<(usize, String)>, FilterError> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut quote_at = None;
    for (pos, c) in input.chars().enumerate() {
        match c {
            '"' => {
                if current.is_empty() && quote_at.is_none() {
                    start = pos;
                }
                quote_at = match quote_at {
                    Some(_) => None,
                    None => Some(pos),
                };
            }
            c if c.is_whitespace() && quote_at.is_none() => {
                if !current.is_empty() {
                    tokens.push((start, std::mem::take(&mut current)));
                }
            }
            c => {
                if current.is_empty() && quote_at.is_none() {
                    start = pos;
                }
                current.push(c);
            }
        }
    }
    if let Some(at) = quote_at {
        return Err(FilterError {
            message: "unclosed double quote".into(),
            at,
            help: Some("close the quote: phase:\"Internet & Networking\"".into()),
        });
    }
    if !current.is_empty() {
        tokens.push((start, current));
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests;
