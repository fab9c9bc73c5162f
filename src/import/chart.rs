//! A roadmap.sh chart file: the JSON state of a React Flow editor
//! (`{"nodes": [...], "edges": [...]}`), read tolerantly.
//!
//! Real charts are hand-edited and messy, so only the outer shape is required. Inside
//! it, unknown fields are ignored, a field of the wrong type counts as absent, and a
//! node or edge that cannot be used is skipped with the reason (shown in the summary).
//!
//! Over 500 lines: the raw serde structs spell out every lenient field of the one
//! schema; the tests are in `chart/tests.rs`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::HashSet;

/// Charts bigger than this are refused before they are read in full. The largest
/// roadmap.sh chart is well under 2 MB; 16 MiB leaves room without letting a stray
/// multi-gigabyte file be loaded into memory.
pub const MAX_CHART_BYTES: u64 = 16 * 1024 * 1024;

/// More nodes than this are refused: the attachment rules compare nodes pairwise, and
/// the largest roadmap.sh chart has about a thousand.
pub const MAX_NODES: usize = 10_000;

/// Titles longer than this (in characters) are cut, with a note in the summary.
pub const MAX_TITLE_CHARS: usize = 120;

/// Why a chart could not be imported at all.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ChartError {
    #[error("not JSON ({message}); give the chart's .json file as roadmap.sh publishes it")]
    NotJson {
        message: String,
        line: usize,
        col: usize,
    },
    #[error(
        "the JSON nests more than 128 levels deep, and a roadmap.sh chart nests only a few; \
         this is not a chart"
    )]
    TooDeep { line: usize, col: usize },
    #[error(
        "not a roadmap.sh chart: {0}; expected the React Flow editor state, \
         an object like {{\"nodes\": [...], \"edges\": [...]}}"
    )]
    WrongShape(String),
    #[error("the chart has {0} nodes, more than the {MAX_NODES} this importer accepts")]
    TooManyNodes(usize),
    #[error(
        "the chart has no usable `topic` node, so there is no main path to import \
         (node types found: {0})"
    )]
    NoTopics(String),
}

impl ChartError {
    /// Where in the file the problem is (line, column), when it is about one spot.
    pub fn position(&self) -> Option<(usize, usize)> {
        match *self {
            ChartError::NotJson { line, col, .. } | ChartError::TooDeep { line, col } => {
                Some((line, col))
            }
            _ => None,
        }
    }
}

/// A node's box, in chart coordinates (y grows downward).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
    pub fn area(&self) -> f64 {
        self.w * self.h
    }
    pub fn contains(&self, (px, py): (f64, f64)) -> bool {
        px >= self.x && px <= self.right() && py >= self.y && py <= self.bottom()
    }
    /// Horizontal overlap of the two boxes, in units (0 when apart).
    pub fn overlap_x(&self, o: &Rect) -> f64 {
        (self.right().min(o.right()) - self.x.max(o.x)).max(0.0)
    }
    /// The gap between the two boxes (0 when they touch or overlap).
    pub fn gap(&self, o: &Rect) -> f64 {
        let dx = (o.x - self.right()).max(self.x - o.right()).max(0.0);
        let dy = (o.y - self.bottom()).max(self.y - o.bottom()).max(0.0);
        dx.hypot(dy)
    }
    /// Distance between the centres.
    pub fn center_distance(&self, o: &Rect) -> f64 {
        let (a, b) = (self.center(), o.center());
        (a.0 - b.0).hypot(a.1 - b.1)
    }
}

/// The node types the importer reads; everything else is drawing only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeType {
    Title,
    Topic,
    Subtopic,
    Section,
    Label,
    Legend,
    Paragraph,
    Button,
    LinksGroup,
    Other(String),
}

impl NodeType {
    fn from_name(s: &str) -> NodeType {
        match s {
            "title" => NodeType::Title,
            "topic" => NodeType::Topic,
            "subtopic" => NodeType::Subtopic,
            "section" => NodeType::Section,
            "label" => NodeType::Label,
            "legend" => NodeType::Legend,
            "paragraph" => NodeType::Paragraph,
            "button" => NodeType::Button,
            "linksgroup" => NodeType::LinksGroup,
            other => NodeType::Other(other.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            NodeType::Title => "title",
            NodeType::Topic => "topic",
            NodeType::Subtopic => "subtopic",
            NodeType::Section => "section",
            NodeType::Label => "label",
            NodeType::Legend => "legend",
            NodeType::Paragraph => "paragraph",
            NodeType::Button => "button",
            NodeType::LinksGroup => "linksgroup",
            NodeType::Other(s) => s,
        }
    }
}

/// A legend entry, or the mark a node carries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LegendMark {
    pub id: String,
    pub label: String,
}

/// A link drawn on the chart (a `button` or a `linksgroup` entry).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLink {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub kind: NodeType,
    pub rect: Rect,
    /// Sanitized: controls stripped, whitespace collapsed, cut to `MAX_TITLE_CHARS`.
    pub label: String,
    /// The label was longer than `MAX_TITLE_CHARS` and was cut.
    pub truncated: bool,
    pub legend: Option<LegendMark>,
    /// Entries of a `legend` node.
    pub legends: Vec<LegendMark>,
    pub links: Vec<ChartLink>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub source: String,
    pub target: String,
    /// A dashed line hangs a subtopic off a topic; a solid one is the main path.
    pub dashed: bool,
}

/// Something in the chart that was left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub what: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub skipped_nodes: Vec<Skipped>,
    pub skipped_edges: Vec<Skipped>,
}

impl Chart {
    /// Parses a chart. Errors only when the file as a whole is unusable.
    pub fn parse(bytes: &[u8]) -> Result<Chart, ChartError> {
        let value: Value = serde_json::from_slice(bytes).map_err(json_error)?;
        let Value::Object(mut top) = value else {
            return Err(ChartError::WrongShape(format!(
                "the file holds {}",
                describe(&value)
            )));
        };
        let nodes = match top.remove("nodes") {
            Some(Value::Array(n)) => n,
            Some(other) => {
                return Err(ChartError::WrongShape(format!(
                    "`nodes` is {}, not an array",
                    describe(&other)
                )));
            }
            None => {
                let mut keys: Vec<&str> = top.keys().map(String::as_str).take(8).collect();
                keys.sort_unstable();
                return Err(ChartError::WrongShape(format!(
                    "the object has no `nodes` array (its keys: {})",
                    if keys.is_empty() {
                        "none".to_string()
                    } else {
                        keys.join(", ")
                    }
                )));
            }
        };
        if nodes.len() > MAX_NODES {
            return Err(ChartError::TooManyNodes(nodes.len()));
        }
        // A chart without edges is fine (positions still order it).
        let edges = match top.remove("edges") {
            Some(Value::Array(e)) => e,
            _ => Vec::new(),
        };

        let mut chart = Chart::default();
        let mut seen = HashSet::new();
        for (i, v) in nodes.iter().enumerate() {
            match read_node(v) {
                Ok(node) if !seen.insert(node.id.clone()) => chart.skipped_nodes.push(Skipped {
                    what: format!("node {}", node.id),
                    why: "its id is used by an earlier node".into(),
                }),
                Ok(node) => chart.nodes.push(node),
                Err(why) => chart.skipped_nodes.push(Skipped {
                    what: format!("node #{}", i + 1),
                    why,
                }),
            }
        }
        for (i, v) in edges.iter().enumerate() {
            match read_edge(v, &seen) {
                Ok(e) => chart.edges.push(e),
                Err(why) => chart.skipped_edges.push(Skipped {
                    what: format!("edge #{}", i + 1),
                    why,
                }),
            }
        }
        // A topic without a label cannot head a step (`attach` passes over it).
        if !chart
            .nodes
            .iter()
            .any(|n| n.kind == NodeType::Topic && !n.label.is_empty())
        {
            let mut kinds: Vec<&str> = chart
                .nodes
                .iter()
                .map(|n| match n.kind {
                    NodeType::Topic => "topic (without a label)",
                    _ => n.kind.name(),
                })
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            return Err(ChartError::NoTopics(if kinds.is_empty() {
                "none".into()
            } else {
                kinds.join(", ")
            }));
        }
        Ok(chart)
    }
}

fn json_error(e: serde_json::Error) -> ChartError {
    // serde_json reports its nesting limit as a syntax error; say what it means.
    let message = e.to_string();
    if message.starts_with("recursion limit exceeded") {
        return ChartError::TooDeep {
            line: e.line(),
            col: e.column(),
        };
    }
    // The message ends with " at line L column C"; we print the position ourselves.
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    ChartError::NotJson {
        message,
        line: e.line(),
        col: e.column(),
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A field of the wrong type counts as absent instead of failing the whole node.
fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    Ok(T::deserialize(&v).ok())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPos {
    #[serde(deserialize_with = "lenient")]
    x: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    y: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawSize {
    #[serde(deserialize_with = "lenient")]
    width: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    height: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLegend {
    #[serde(deserialize_with = "lenient")]
    id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    label: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLink {
    #[serde(deserialize_with = "lenient")]
    label: Option<String>,
    #[serde(deserialize_with = "lenient")]
    url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawData {
    #[serde(deserialize_with = "lenient")]
    label: Option<String>,
    #[serde(deserialize_with = "lenient")]
    legend: Option<RawLegend>,
    #[serde(deserialize_with = "lenient")]
    legends: Option<Vec<RawLegend>>,
    #[serde(deserialize_with = "lenient")]
    href: Option<String>,
    #[serde(deserialize_with = "lenient")]
    links: Option<Vec<RawLink>>,
    #[serde(rename = "edgeStyle", deserialize_with = "lenient")]
    edge_style: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawNode {
    #[serde(deserialize_with = "lenient")]
    id: Option<Value>,
    #[serde(rename = "type", deserialize_with = "lenient")]
    kind: Option<String>,
    #[serde(deserialize_with = "lenient")]
    position: Option<RawPos>,
    #[serde(rename = "positionAbsolute", deserialize_with = "lenient")]
    position_absolute: Option<RawPos>,
    #[serde(deserialize_with = "lenient")]
    width: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    height: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    measured: Option<RawSize>,
    #[serde(deserialize_with = "lenient")]
    style: Option<RawSize>,
    #[serde(deserialize_with = "lenient")]
    data: Option<RawData>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStyle {
    #[serde(rename = "strokeDasharray", deserialize_with = "lenient")]
    stroke_dasharray: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEdge {
    #[serde(deserialize_with = "lenient")]
    source: Option<Value>,
    #[serde(deserialize_with = "lenient")]
    target: Option<Value>,
    #[serde(deserialize_with = "lenient")]
    style: Option<RawStyle>,
    #[serde(deserialize_with = "lenient")]
    data: Option<RawData>,
}

/// An id given as a string or a number.
fn id_of(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn read_node(v: &Value) -> Result<Node, String> {
    if !v.is_object() {
        return Err(format!("it is {}, not an object", describe(v)));
    }
    let raw = RawNode::deserialize(v).map_err(|e| e.to_string())?;
    let id = id_of(raw.id).ok_or("it has no id")?;
    let kind = NodeType::from_name(raw.kind.as_deref().unwrap_or(""));
    let pos = [raw.position, raw.position_absolute]
        .into_iter()
        .flatten()
        .find_map(|p| {
            Some((
                p.x.filter(|x| x.is_finite())?,
                p.y.filter(|y| y.is_finite())?,
            ))
        })
        .ok_or("it has no position")?;
    let size = |pick: fn(&RawSize) -> Option<f64>| {
        [raw.measured.as_ref(), raw.style.as_ref()]
            .into_iter()
            .flatten()
            .find_map(pick)
    };
    let w = raw.width.or_else(|| size(|s| s.width));
    let h = raw.height.or_else(|| size(|s| s.height));
    let dim = |d: Option<f64>| d.filter(|d| d.is_finite() && *d >= 0.0).unwrap_or(0.0);
    let data = raw.data.unwrap_or_default();
    let (label, truncated) = clean_label(data.label.as_deref().unwrap_or(""));
    let mark = |l: RawLegend| {
        (l.id.is_some() || l.label.is_some()).then(|| LegendMark {
            id: l.id.unwrap_or_default(),
            label: clean_label(l.label.as_deref().unwrap_or("")).0,
        })
    };
    let mut links: Vec<ChartLink> = data
        .links
        .unwrap_or_default()
        .into_iter()
        .filter_map(|l| {
            Some(ChartLink {
                label: clean_label(l.label.as_deref().unwrap_or("")).0,
                url: l.url?.trim().to_string(),
            })
        })
        .collect();
    if let Some(href) = data.href {
        links.push(ChartLink {
            label: label.clone(),
            url: href.trim().to_string(),
        });
    }
    Ok(Node {
        id,
        kind,
        rect: Rect {
            x: pos.0,
            y: pos.1,
            w: dim(w),
            h: dim(h),
        },
        label,
        truncated,
        legend: data.legend.and_then(mark),
        legends: data
            .legends
            .unwrap_or_default()
            .into_iter()
            .filter_map(mark)
            .collect(),
        links,
    })
}

fn read_edge(v: &Value, ids: &HashSet<String>) -> Result<Edge, String> {
    if !v.is_object() {
        return Err(format!("it is {}, not an object", describe(v)));
    }
    let raw = RawEdge::deserialize(v).map_err(|e| e.to_string())?;
    let source = id_of(raw.source).ok_or("it has no source")?;
    let target = id_of(raw.target).ok_or("it has no target")?;
    for end in [&source, &target] {
        if !ids.contains(end) {
            return Err("it names a node that does not exist".into());
        }
    }
    let dash = raw.style.and_then(|s| s.stroke_dasharray);
    let dashed_style = match &dash {
        Some(Value::String(s)) => !matches!(s.trim(), "" | "0" | "none"),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0),
        _ => false,
    };
    let edge_style = raw.data.and_then(|d| d.edge_style);
    Ok(Edge {
        source,
        target,
        dashed: dashed_style || edge_style.is_some_and(|s| s.eq_ignore_ascii_case("dashed")),
    })
}

/// For messages: an id with control characters escaped and cut to a sane length.
pub fn show(s: &str) -> String {
    let (cleaned, _) = clean_label(s);
    format!("`{cleaned}`")
}

/// One line of chart text: control and bidi characters dropped, runs of whitespace
/// (line breaks included) made one space, cut to `MAX_TITLE_CHARS` characters.
/// Returns whether it was cut.
pub fn clean_label(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len().min(MAX_TITLE_CHARS * 4));
    let mut count = 0;
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if crate::catalog::is_forbidden_char(c) || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}')
        {
            continue;
        }
        let extra = usize::from(pending_space);
        if count + extra + 1 > MAX_TITLE_CHARS {
            out.push('…');
            return (out, true);
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
        count += 1 + extra;
    }
    (out, false)
}

#[cfg(test)]
mod tests;
