//! Importing roadmap.sh charts: the chart JSON (and optionally its content pages)
//! becomes a waymark roadmap file. The mapping rules are in docs/importing.md.
//!
//! Layering: this module reads bytes and text handed to it (plus a content folder)
//! and returns the file's text and a summary; the CLI reads the chart, writes the
//! file and prints.

pub mod attach;
pub mod chart;
pub mod content;
pub mod emit;

pub use attach::Rule;
pub use chart::{Chart, ChartError, MAX_CHART_BYTES};
pub use content::Content;
pub use emit::Changes;

use crate::model::Roadmap;

/// What the caller decided: ids, names, and the previous import if there is one.
pub struct Request<'a> {
    pub id: &'a str,
    /// `--title`; otherwise the chart's title node, otherwise the id.
    pub title: Option<&'a str>,
    /// The chart's file name, for the header comment and the summary.
    pub source_name: &'a str,
    pub content: Option<&'a Content>,
    /// The roadmap a re-import replaces.
    pub existing: Option<&'a Roadmap>,
}

/// What an import found and did, for the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub steps: usize,
    pub topics: usize,
    /// Sub-steps per attachment rule, in `Rule::ALL` order.
    pub by_rule: [usize; 5],
    /// Titles of the subtopics that matched no rule and went to the nearest topic.
    pub nearest: Vec<String>,
    /// (node type, count, why) for the nodes left out.
    pub ignored: Vec<(String, usize, String)>,
    /// (why, count) for the edges left out.
    pub skipped_edges: Vec<(String, usize)>,
    /// Titles cut to `chart::MAX_TITLE_CHARS`.
    pub truncated: Vec<String>,
    pub unknown_legends: Vec<String>,
    /// Steps that got a summary / resources from a content page.
    pub with_page: usize,
    pub resources: usize,
    /// Content pages skipped (file name, why).
    pub skipped_pages: Vec<(String, String)>,
    pub changes: Option<Changes>,
}

/// The result: the roadmap file's text and what happened.
pub struct Imported {
    pub toml: String,
    pub summary: Summary,
}

/// Parses and maps a chart. Fails only on a chart that cannot be imported at all.
pub fn import(bytes: &[u8], req: &Request) -> Result<Imported, ImportError> {
    let chart = Chart::parse(bytes)?;
    let groups = attach::attach(&chart);
    let title = req
        .title
        .map(|t| chart::clean_label(t).0)
        .filter(|t| !t.is_empty())
        .or_else(|| {
            chart
                .nodes
                .iter()
                .filter(|n| n.kind == chart::NodeType::Title && !n.label.is_empty())
                .min_by(|a, b| a.rect.y.total_cmp(&b.rect.y))
                .map(|n| n.label.clone())
        })
        .unwrap_or_else(|| req.id.to_string());
    let (doc, changes) = emit::build(
        &chart,
        &groups,
        req.content,
        req.id,
        &title,
        req.source_name,
        req.existing,
    );
    let toml =
        emit::to_toml(&doc, req.source_name).map_err(|e| ImportError::Internal(e.to_string()))?;

    let mut s = Summary {
        steps: doc.steps.len(),
        topics: groups.len(),
        changes,
        unknown_legends: doc.unknown_legends.clone(),
        ..Summary::default()
    };
    for step in &doc.steps {
        if let Some(rule) = step.rule {
            s.by_rule[rule as usize] += 1;
            if rule == Rule::Nearest {
                s.nearest.push(step.title.clone());
            }
        }
        if chart.nodes[step.node].truncated {
            s.truncated.push(step.title.clone());
        }
        if step.summary.is_some() || !step.resources.is_empty() {
            s.with_page += 1;
        }
        s.resources += step.resources.len();
    }
    if let Some(c) = req.content {
        s.skipped_pages = c.skipped.clone();
    }
    let mut ignored: Vec<(String, String)> = chart
        .skipped_nodes
        .iter()
        .map(|k| ("unreadable".to_string(), k.why.clone()))
        .collect();
    for n in &chart.nodes {
        use chart::NodeType as T;
        let why = match &n.kind {
            T::Topic | T::Subtopic if n.label.is_empty() => "no label",
            T::Topic | T::Subtopic | T::Title => continue,
            T::Section | T::Label => "used to group subtopics",
            T::Legend => "its text is in the roadmap summary",
            T::Button | T::LinksGroup => "links go to the roadmap's resources",
            T::Paragraph => "free text is not a step",
            T::Other(_) => "drawing only",
        };
        ignored.push((n.kind.name().to_string(), why.to_string()));
    }
    s.ignored = count(ignored)
        .into_iter()
        .map(|((kind, why), n)| (kind, n, why))
        .collect();
    s.skipped_edges = count(chart.skipped_edges.iter().map(|e| e.why.clone()));
    Ok(Imported { toml, summary: s })
}

/// Distinct items with their counts, in first-seen order.
fn count<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<(T, usize)> {
    let mut out: Vec<(T, usize)> = Vec::new();
    for item in items {
        match out.iter_mut().find(|(i, _)| *i == item) {
            Some((_, n)) => *n += 1,
            None => out.push((item, 1)),
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("could not write the roadmap as TOML: {0}")]
    Internal(String),
}
