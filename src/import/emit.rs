//! From attached groups to a waymark roadmap file: ids, aliases, kinds, and the TOML
//! text (written with serde, so quoting and escaping are the `toml` crate's job).
//!
//! Ids come from labels (slugified, made unique in reading order). Every step also
//! keeps its chart node id as an alias `chart-<node id>`: a re-import finds the step
//! it made last time by that alias even when the label changed, and keeps the old id
//! as an alias so stored progress follows the rename.
//!
//! Over 500 lines only with its unit tests.

use super::attach::{Group, Rule};
use super::chart::{Chart, LegendMark, NodeType};
use super::content::{Content, Link};
use crate::model::{Kind, Roadmap};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Ids are at most this long (the format's limit).
const MAX_ID: usize = 64;

/// What a re-import changed, against the file it replaces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// New step ids.
    pub added: Vec<String>,
    /// Step ids the new chart no longer has (their progress stays, as orphans).
    pub removed: Vec<String>,
    /// (old id, new id): progress follows through an alias.
    pub renamed: Vec<(String, String)>,
}

/// A step before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct StepOut {
    pub id: String,
    pub title: String,
    pub phase: String,
    pub parent: Option<String>,
    pub summary: Option<String>,
    pub kind: Option<Kind>,
    pub aliases: Vec<String>,
    pub resources: Vec<Link>,
    /// Index of the chart node.
    pub node: usize,
    /// How it found its parent (None for a topic).
    pub rule: Option<Rule>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PhaseOut {
    pub id: String,
    pub title: String,
}

/// The roadmap as it will be written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub origin_title: Option<String>,
    pub phases: Vec<PhaseOut>,
    pub steps: Vec<StepOut>,
    pub resources: Vec<Link>,
    /// Legend labels that named no kind.
    pub unknown_legends: Vec<String>,
}

/// `Kubernetes & Helm (2024)` → `kubernetes-helm-2024`; at most 64 characters.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    cut_id(&out, MAX_ID)
}

fn cut_id(s: &str, max: usize) -> String {
    let s = if s.len() > max { &s[..max] } else { s };
    s.trim_end_matches('-').to_string()
}

/// The alias that records a step's chart node.
pub fn node_alias(node_id: &str) -> String {
    cut_id(&format!("chart-{}", slugify(node_id)), MAX_ID)
}

/// The legend's wording → a kind (docs/importing.md).
pub fn kind_of(label: &str) -> Option<Kind> {
    let l = label.to_lowercase();
    if l.contains("not recommend") || l.contains("n't recommend") || l.contains("not advised") {
        Some(Kind::NotRecommended)
    } else if l.contains("recommend") {
        Some(Kind::Recommended)
    } else if l.contains("alternative") || l.contains("pick this") {
        Some(Kind::Alternative)
    } else if l.contains("order not strict") || l.contains("anytime") || l.contains("any time") {
        Some(Kind::Anytime)
    } else {
        None
    }
}

/// Hands out unique ids: `base`, then `base-2`, `base-3`, …
struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "step" } else { base };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        (2..)
            .map(|n| {
                let suffix = format!("-{n}");
                format!("{}{suffix}", cut_id(base, MAX_ID - suffix.len()))
            })
            .find(|id| self.taken.insert(id.clone()))
            .expect("some suffix is free")
    }
}

/// `base` or `base-N`: the id a label gave, whatever suffix made it unique.
fn has_base(id: &str, base: &str) -> bool {
    id == base
        || id
            .strip_prefix(base)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Builds the roadmap from the attached groups; with `existing` (the file a re-import
/// replaces), keeps its ids where the chart node or the label is the same and
/// returns what changed.
pub fn build(
    chart: &Chart,
    groups: &[Group],
    content: Option<&Content>,
    id: &str,
    title: &str,
    source_name: &str,
    existing: Option<&Roadmap>,
) -> (Doc, Option<Changes>) {
    let nodes = &chart.nodes;
    let legends: Vec<&LegendMark> = nodes.iter().flat_map(|n| &n.legends).collect();
    let mut unknown_legends = Vec::new();
    let mut kind_for = |mark: &Option<LegendMark>| -> Option<Kind> {
        let mark = mark.as_ref()?;
        let label = if mark.label.is_empty() {
            legends.iter().find(|l| l.id == mark.id)?.label.as_str()
        } else {
            mark.label.as_str()
        };
        let kind = kind_of(label);
        if kind.is_none() && !unknown_legends.iter().any(|u| u == label) {
            unknown_legends.push(label.to_string());
        }
        kind
    };

    // Reading order: each topic, then its children.
    let mut order: Vec<(usize, usize, Option<usize>, Option<Rule>)> = Vec::new(); // (node, group, parent slot, rule)
    for (g, group) in groups.iter().enumerate() {
        let slot = order.len();
        order.push((group.topic, g, None, None));
        for &(c, rule) in &group.children {
            order.push((c, g, Some(slot), Some(rule)));
        }
    }

    // Ids: a step the last import made from the same node keeps its id when its
    // label still gives it; everything else takes the label's slug, made unique.
    let by_alias: HashMap<&str, usize> = existing
        .map(|r| {
            r.steps
                .iter()
                .enumerate()
                .flat_map(|(i, s)| s.aliases.iter().map(move |a| (a.as_str(), i)))
                .filter(|(a, _)| a.starts_with("chart-"))
                .collect()
        })
        .unwrap_or_default();
    let by_id: HashMap<&str, usize> = existing
        .map(|r| {
            r.steps
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect()
        })
        .unwrap_or_default();
    let bases: Vec<String> = order
        .iter()
        .map(|&(n, ..)| {
            let s = slugify(&nodes[n].label);
            if s.is_empty() {
                slugify(&nodes[n].id)
            } else {
                s
            }
        })
        .collect();
    let aliases: Vec<String> = order
        .iter()
        .map(|&(n, ..)| node_alias(&nodes[n].id))
        .collect();
    let mut matched: Vec<Option<usize>> = aliases
        .iter()
        .map(|a| by_alias.get(a.as_str()).copied())
        .collect();
    let mut ids = Ids {
        taken: HashSet::new(),
    };
    let mut step_ids: Vec<Option<String>> = vec![None; order.len()];
    if let Some(old) = existing {
        for (i, m) in matched.iter().enumerate() {
            if let Some(e) = *m
                && has_base(&old.steps[e].id, &bases[i])
                && ids.taken.insert(old.steps[e].id.clone())
            {
                step_ids[i] = Some(old.steps[e].id.clone());
            }
        }
    }
    for i in 0..order.len() {
        if step_ids[i].is_none() {
            step_ids[i] = Some(ids.unique(&bases[i]));
        }
    }
    let step_ids: Vec<String> = step_ids
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    // A redrawn node (new node id, same label) is the old step of that id.
    let claimed: HashSet<usize> = matched.iter().flatten().copied().collect();
    for (i, m) in matched.iter_mut().enumerate() {
        if m.is_none()
            && let Some(&e) = by_id.get(step_ids[i].as_str())
            && !claimed.contains(&e)
        {
            *m = Some(e);
        }
    }

    // Aliases: the node's, then the old id and old aliases of the matched step; none
    // may repeat or equal a step id.
    let id_set: HashSet<&str> = step_ids.iter().map(String::as_str).collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut step_aliases: Vec<Vec<String>> = Vec::with_capacity(order.len());
    for i in 0..order.len() {
        let mut list = vec![aliases[i].clone()];
        if let (Some(old), Some(e)) = (existing, matched[i]) {
            list.push(old.steps[e].id.clone());
            list.extend(old.steps[e].aliases.iter().cloned());
        }
        let list: Vec<String> = list
            .into_iter()
            .filter(|a| !id_set.contains(a.as_str()) && crate::catalog::is_slug(a))
            .filter(|a| used.insert(a.clone()))
            .collect();
        step_aliases.push(list);
    }

    // Phases: one per topic along the main path.
    let mut phase_ids = Ids {
        taken: HashSet::new(),
    };
    let phases: Vec<PhaseOut> = groups
        .iter()
        .map(|g| {
            let n = &nodes[g.topic];
            let base = slugify(&n.label);
            PhaseOut {
                id: phase_ids.unique(if base.is_empty() { "phase" } else { &base }),
                title: n.label.clone(),
            }
        })
        .collect();

    let mut steps = Vec::with_capacity(order.len());
    for (i, &(n, g, parent, rule)) in order.iter().enumerate() {
        let node = &nodes[n];
        let page = content.and_then(|c| c.pages.get(&node.id));
        steps.push(StepOut {
            id: step_ids[i].clone(),
            title: node.label.clone(),
            phase: phases[g].id.clone(),
            parent: parent.map(|p| step_ids[p].clone()),
            summary: page.and_then(|p| p.summary.clone()),
            kind: kind_for(&node.legend),
            aliases: std::mem::take(&mut step_aliases[i]),
            resources: page.map(|p| p.resources.clone()).unwrap_or_default(),
            node: n,
            rule,
        });
    }

    let changes = existing.map(|old| {
        let kept: HashSet<usize> = matched.iter().flatten().copied().collect();
        let mut c = Changes::default();
        for (i, m) in matched.iter().enumerate() {
            match m {
                None => c.added.push(step_ids[i].clone()),
                Some(e) if old.steps[*e].id != step_ids[i] => c
                    .renamed
                    .push((old.steps[*e].id.clone(), step_ids[i].clone())),
                Some(_) => {}
            }
        }
        c.removed = old
            .steps
            .iter()
            .enumerate()
            .filter(|(i, _)| !kept.contains(i))
            .map(|(_, s)| s.id.clone())
            .collect();
        c
    });

    // The legend's wording goes into the overview.
    let mut legend_text: Vec<String> = Vec::new();
    for l in &legends {
        let kind = kind_of(&l.label).map_or(String::new(), |k| format!(" ({k})"));
        let entry = format!("{}{kind}", l.label);
        if !l.label.is_empty() && !legend_text.contains(&entry) {
            legend_text.push(entry);
        }
    }
    let mut summary = format!("Imported from the chart {source_name} by waymark import-chart.");
    if !legend_text.is_empty() {
        summary.push_str(&format!(" Legend: {}.", legend_text.join("; ")));
    }

    let resources = nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeType::Button | NodeType::LinksGroup))
        .flat_map(|n| &n.links)
        .filter(|l| l.url.starts_with("https://") || l.url.starts_with("http://"))
        .map(|l| Link {
            title: if l.label.is_empty() {
                l.url.clone()
            } else {
                l.label.clone()
            },
            url: l.url.clone(),
            kind: Some("roadmap".into()),
        })
        .collect();

    let origin_title = nodes
        .iter()
        .filter(|n| n.kind == NodeType::Title && !n.label.is_empty())
        .min_by(|a, b| a.rect.y.total_cmp(&b.rect.y))
        .map(|n| n.label.clone());

    let doc = Doc {
        id: id.to_string(),
        title: title.to_string(),
        summary: Some(summary),
        origin_title,
        phases,
        steps,
        resources,
        unknown_legends,
    };
    (doc, changes)
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: u8,
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<OriginOut<'a>>,
    phases: Vec<PhaseFile<'a>>,
    steps: Vec<StepFile<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    resources: Vec<ResourceFile<'a>>,
}

#[derive(Serialize)]
struct OriginOut<'a> {
    title: &'a str,
}

#[derive(Serialize)]
struct PhaseFile<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct StepFile<'a> {
    id: &'a str,
    title: &'a str,
    phase: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    resources: Vec<ResourceFile<'a>>,
}

#[derive(Serialize)]
struct ResourceFile<'a> {
    title: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
}

fn resource_files(links: &[Link]) -> Vec<ResourceFile<'_>> {
    links
        .iter()
        .map(|l| ResourceFile {
            title: &l.title,
            url: &l.url,
            kind: l.kind.as_deref(),
        })
        .collect()
}

/// The roadmap file's text, with a header comment saying where it came from.
pub fn to_toml(doc: &Doc, source_name: &str) -> Result<String, toml::ser::Error> {
    let file = FileOut {
        format: 1,
        id: &doc.id,
        title: &doc.title,
        summary: doc.summary.as_deref(),
        origin: doc.origin_title.as_deref().map(|title| OriginOut { title }),
        phases: doc
            .phases
            .iter()
            .map(|p| PhaseFile {
                id: &p.id,
                title: &p.title,
            })
            .collect(),
        steps: doc
            .steps
            .iter()
            .map(|s| StepFile {
                id: &s.id,
                title: &s.title,
                phase: &s.phase,
                parent: s.parent.as_deref(),
                kind: s.kind.map(Kind::as_str),
                summary: s.summary.as_deref(),
                aliases: &s.aliases,
                resources: resource_files(&s.resources),
            })
            .collect(),
        resources: resource_files(&doc.resources),
    };
    let body = toml::to_string(&file)?;
    // The header is a comment, so it cannot change what the file says.
    let source = super::chart::clean_label(source_name).0;
    Ok(format!(
        "# Imported by `waymark import-chart` from {source}.\n\
         # Re-import the chart to update it: ids are kept and `chart-…` aliases carry progress.\n\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::super::attach::attach;
    use super::super::chart::Chart;
    use super::*;
    use crate::catalog::parse_roadmap;

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(slugify("Kubernetes & Helm (2024)"), "kubernetes-helm-2024");
        assert_eq!(slugify("  C++ / C#  "), "c-c");
        assert_eq!(slugify("日本語"), "");
        assert_eq!(slugify(&"abc ".repeat(50)).len(), 63);
        let mut ids = Ids {
            taken: HashSet::new(),
        };
        assert_eq!(ids.unique("git"), "git");
        assert_eq!(ids.unique("git"), "git-2");
        assert_eq!(ids.unique(""), "step");
        let long = "x".repeat(64);
        assert_eq!(ids.unique(&long), long);
        let second = ids.unique(&long);
        assert_eq!(second.len(), 64);
        assert!(second.ends_with("-2"));
        assert_eq!(
            node_alias("tNkdpQjYu72eFK9f_W0RO"),
            "chart-tnkdpqjyu72efk9f-w0ro"
        );
        assert!(has_base("git-12", "git"));
        assert!(!has_base("github", "git"));
        assert!(!has_base("git-x", "git"));
    }

    #[test]
    fn legend_wording_gives_kinds() {
        assert_eq!(
            kind_of("Personal Recommendation / Opinion"),
            Some(Kind::Recommended)
        );
        assert_eq!(
            kind_of("Alternative Option / Pick this or purple"),
            Some(Kind::Alternative)
        );
        assert_eq!(
            kind_of("Order not strict / Learn anytime"),
            Some(Kind::Anytime)
        );
        assert_eq!(kind_of("I wouldn't recommend"), Some(Kind::NotRecommended));
        assert_eq!(kind_of("Beginner"), None);
    }

    const CHART: &str = r#"{"nodes":[
      {"id":"T","type":"title","position":{"x":0,"y":-100},"data":{"label":"Go Developer"}},
      {"id":"lg","type":"legend","position":{"x":500,"y":-100},"data":{"legends":[
         {"id":"r","label":"Personal Recommendation / Opinion"},{"id":"x","label":"Sparkly"}]}},
      {"id":"A1","type":"topic","position":{"x":0,"y":0},"width":200,"height":50,"data":{"label":"Go Basics"}},
      {"id":"B1","type":"subtopic","position":{"x":300,"y":0},"width":200,"height":40,
       "data":{"label":"Go Basics","legend":{"id":"r","label":"","color":"black"}}},
      {"id":"C1","type":"subtopic","position":{"x":300,"y":42},"width":200,"height":40,
       "data":{"label":"Modules","legend":{"id":"x"}}},
      {"id":"D1","type":"topic","position":{"x":0,"y":200},"width":200,"height":50,"data":{"label":"Concurrency"}},
      {"id":"btn","type":"button","position":{"x":0,"y":400},"data":{"label":"Backend","href":"https://roadmap.sh/backend"}}
    ],"edges":[{"source":"A1","target":"D1"},{"source":"A1","target":"B1","style":{"strokeDasharray":"0.8 8"}}]}"#;

    fn build_from(text: &str, existing: Option<&Roadmap>) -> (Doc, Option<Changes>) {
        let chart = Chart::parse(text.as_bytes()).unwrap();
        let groups = attach(&chart);
        build(&chart, &groups, None, "go", "Go", "go.json", existing)
    }

    #[test]
    fn builds_steps_in_reading_order_with_parents_kinds_and_node_aliases() {
        let (doc, changes) = build_from(CHART, None);
        assert_eq!(changes, None);
        type Row<'a> = (
            &'a str,
            &'a str,
            Option<&'a str>,
            Option<Kind>,
            Option<Rule>,
        );
        let got: Vec<Row> = doc
            .steps
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.phase.as_str(),
                    s.parent.as_deref(),
                    s.kind,
                    s.rule,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("go-basics", "go-basics", None, None, None),
                (
                    "go-basics-2",
                    "go-basics",
                    Some("go-basics"),
                    Some(Kind::Recommended),
                    Some(Rule::Edge)
                ),
                (
                    "modules",
                    "go-basics",
                    Some("go-basics"),
                    None,
                    Some(Rule::Adjacent)
                ),
                ("concurrency", "concurrency", None, None, None),
            ]
        );
        assert_eq!(doc.steps[1].aliases, ["chart-b1"]);
        assert_eq!(doc.unknown_legends, ["Sparkly"]);
        assert_eq!(doc.origin_title.as_deref(), Some("Go Developer"));
        assert_eq!(
            doc.summary.as_deref(),
            Some(
                "Imported from the chart go.json by waymark import-chart. Legend: \
                 Personal Recommendation / Opinion (recommended); Sparkly."
            )
        );
        assert_eq!(doc.resources.len(), 1);
        assert_eq!(doc.resources[0].url, "https://roadmap.sh/backend");
    }

    #[test]
    fn toml_round_trips_through_serde_with_hostile_text_quoted() {
        let (mut doc, _) = build_from(CHART, None);
        doc.steps[0].title = "Quote \" and \\ and ''' and [x]\nnewline".into();
        let text = to_toml(&doc, "go.json").unwrap();
        let value: toml::Table = toml::from_str(&text).unwrap();
        let steps = value["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 4);
        assert_eq!(
            steps[0]["title"].as_str(),
            Some(doc.steps[0].title.as_str())
        );
        assert_eq!(steps[1]["parent"].as_str(), Some("go-basics"));
        assert_eq!(steps[1]["kind"].as_str(), Some("recommended"));
        assert!(text.starts_with("# Imported by `waymark import-chart` from go.json."));
    }

    /// The previous import, as the catalog would load it (parent left out: the
    /// comparison only looks at ids and aliases).
    fn previous(doc: &Doc) -> Roadmap {
        let mut r = Roadmap {
            id: doc.id.clone(),
            ..Roadmap::default()
        };
        for s in &doc.steps {
            r.steps.push(crate::model::Step {
                id: s.id.clone(),
                title: s.title.clone(),
                aliases: s.aliases.clone(),
                ..Default::default()
            });
        }
        r
    }

    #[test]
    fn reimport_keeps_ids_reports_renames_and_carries_aliases() {
        let (first, _) = build_from(CHART, None);
        let old = previous(&first);
        // Same chart again: nothing changes.
        let (again, changes) = build_from(CHART, Some(&old));
        assert_eq!(changes, Some(Changes::default()));
        assert_eq!(again.steps, first.steps);

        // Redrawn: "Modules" renamed (same node), Concurrency's node replaced
        // (same label), the first subtopic deleted, a new topic added.
        let redrawn = CHART
            .replace(r#""label":"Modules""#, r#""label":"Go Modules""#)
            .replace(r#""id":"D1""#, r#""id":"D2""#)
            .replace(r#""target":"D1""#, r#""target":"D2""#)
            .replace(
                r#"{"id":"B1","type":"subtopic","position":{"x":300,"y":0},"width":200,"height":40,"#,
                r#"{"id":"B1","type":"gone","position":{"x":300,"y":0},"width":200,"height":40,"#,
            )
            .replace(
                r#"{"id":"btn""#,
                r#"{"id":"E1","type":"topic","position":{"x":0,"y":300},"data":{"label":"Testing"}},{"id":"btn""#,
            );
        let (doc, changes) = build_from(&redrawn, Some(&old));
        let changes = changes.unwrap();
        assert_eq!(changes.added, ["testing"]);
        assert_eq!(changes.removed, ["go-basics-2"]);
        assert_eq!(
            changes.renamed,
            [("modules".to_string(), "go-modules".to_string())]
        );
        let modules = doc.steps.iter().find(|s| s.id == "go-modules").unwrap();
        assert_eq!(modules.aliases, ["chart-c1", "modules"]);
        let conc = doc.steps.iter().find(|s| s.id == "concurrency").unwrap();
        assert_eq!(conc.aliases, ["chart-d2", "chart-d1"]);

        // A third import keeps the rename chain.
        let (third, changes) = build_from(&redrawn, Some(&previous(&doc)));
        assert_eq!(changes, Some(Changes::default()));
        assert_eq!(third.steps, doc.steps);
    }

    #[test]
    fn output_passes_the_catalog() {
        let (doc, _) = build_from(CHART, None);
        let text = to_toml(&doc, "go.json").unwrap();
        let r = match parse_roadmap(&text) {
            Ok(r) => r,
            Err(problems) => panic!("{problems:?}\n{text}"),
        };
        let parent = r.steps[1].parent.map(|p| r.steps[p].id.as_str());
        assert_eq!(parent, Some("go-basics"));
        assert_eq!(r.resources[0].kind.as_deref(), Some("roadmap"));
    }
}
