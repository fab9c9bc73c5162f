//! Read-only commands over the catalog: validate, show (`list` is in src/cli/list.rs).
//! `show`'s text and JSON views are built from one filtered selection, kept together
//! so they cannot disagree.

use super::GlobalArgs;
use super::context::{self, find_roadmap, fmt_hours, read_progress, write_out};
use crate::catalog::{self, Problem};
use crate::model::{Filter, Graph, Roadmap, Snapshot, StepRef, context_parents};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// One checked file: its name for `file:line:col`, its text for snippets, its problems.
#[derive(Serialize)]
struct Checked {
    file: String,
    #[serde(skip)]
    text: String,
    valid: bool,
    problems: Vec<Problem>,
}

/// `waymark validate [FILE...] [--json]`: every problem of every file, then a verdict.
pub fn validate(g: &GlobalArgs, files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let mut checked: Vec<Checked> = Vec::new();
    let mut add = |file: String, text: String, problems: Vec<Problem>| {
        // A file that loaded but has cross-roadmap problems is reported once.
        match checked.iter_mut().find(|c| c.file == file) {
            Some(c) => {
                c.text = text;
                c.valid &= problems.is_empty();
                c.problems.extend(problems);
            }
            None => checked.push(Checked {
                file,
                text,
                valid: problems.is_empty(),
                problems,
            }),
        }
    };
    if files.is_empty() {
        let catalog = context::load_catalog(g);
        for loaded in &catalog.roadmaps {
            add(loaded.source.file_name(), String::new(), Vec::new());
        }
        for r in catalog.reports.iter().chain(&catalog.warnings) {
            add(r.source.file_name(), r.text.clone(), r.problems.clone());
        }
    } else {
        // Each given file is checked against everything that loads with it.
        let catalog = catalog::load_with(context::user_dir(g).as_deref(), files, None);
        let mut seen = std::collections::HashSet::new();
        for path in files.iter().filter(|p| seen.insert(*p)) {
            let name = path.display().to_string();
            let mut reports = catalog.reports.iter().chain(&catalog.warnings);
            match reports.find(|r| r.source == catalog::Source::User(path.clone())) {
                Some(r) => add(name, r.text.clone(), r.problems.clone()),
                None => add(name, String::new(), Vec::new()),
            }
        }
    }
    let problems: usize = checked.iter().map(|c| c.problems.len()).sum();
    let out = if json {
        context::json_text(&checked)?
    } else {
        let mut out = String::new();
        for c in &checked {
            out.push_str(&catalog::render_problems(&c.file, &c.text, &c.problems));
        }
        let bad = checked.iter().filter(|c| !c.valid).count();
        let _ = match problems {
            0 => writeln!(out, "{} roadmap file(s) checked: all valid", checked.len()),
            _ => writeln!(
                out,
                "{} roadmap file(s) checked: {problems} problem(s) in {bad} file(s)",
                checked.len()
            ),
        };
        out
    };
    write_out(&out)?;
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[derive(Serialize)]
struct ShowStep<'a> {
    /// The step's index in its roadmap.
    #[serde(skip)]
    index: usize,
    id: &'a str,
    title: &'a str,
    level: Option<&'static str>,
    tags: &'a [String],
    hours: Option<f64>,
    optional: bool,
    kind: Option<&'static str>,
    /// The step this one is a part of (its id), if any.
    parent: Option<&'a str>,
    /// Shown only because a sub-step matches the filter; not counted in `matched`.
    context: bool,
    /// Progress of the step's sub-steps, when it has any.
    sub_steps: Option<SubSteps>,
    requires: Vec<String>,
    /// Learning material: `{title, url, kind, summary}`.
    resources: &'a [crate::model::Resource],
    status: &'static str,
    /// For a covered step: the done steps of other roadmaps that cover it,
    /// `roadmap/step`; empty otherwise.
    covered_by: Vec<String>,
}

#[derive(Serialize)]
struct SubSteps {
    done: usize,
    /// Skipped and not-needed sub-steps left out, as in every progress figure.
    total: usize,
}

#[derive(Serialize)]
struct ShowPhase<'a> {
    id: &'a str,
    title: &'a str,
    window: Option<&'a str>,
    steps: Vec<ShowStep<'a>>,
}

#[derive(Serialize)]
struct ShowRoadmap<'a> {
    id: &'a str,
    title: &'a str,
    filter: String,
    matched: usize,
    total: usize,
    phases: Vec<ShowPhase<'a>>,
}

/// `waymark show ROADMAP [FILTER...]`: phases and steps in order, filtered.
pub fn show(g: &GlobalArgs, id: &str, filter: &[String], json: bool) -> anyhow::Result<ExitCode> {
    let catalog = context::load_catalog(g);
    let roadmap = find_roadmap(catalog, id)?;
    let query = filter.join(" ");
    let parsed = Filter::parse_for(&query, roadmap).map_err(|e| {
        anyhow::anyhow!(
            "bad filter: {}\n  {query}\n  {}^{}",
            e.message,
            " ".repeat(e.at),
            e.help.map(|h| format!("\n  help: {h}")).unwrap_or_default()
        )
    })?;
    let progress = read_progress(g, catalog)?;
    let mut snapshot = progress.snapshot(catalog, roadmap);
    block_on_externals(&progress, catalog, roadmap, &mut snapshot);
    // The catalog refuses roadmaps with cycles, so the graph always builds.
    let graph = Graph::new(roadmap)
        .map_err(|_| anyhow::anyhow!("roadmap `{id}` has a prerequisite cycle"))?;
    let due = if parsed.uses_due() {
        super::review::due_flags(g, roadmap)?
    } else {
        Vec::new()
    };
    let matched = parsed.apply_with_due(roadmap, &graph, &snapshot, &due);
    let covered_by = progress.covered_by(catalog, roadmap, &snapshot);
    let mut view = build_show(roadmap, &graph, &snapshot, &matched, query);
    for s in view.phases.iter_mut().flat_map(|p| &mut p.steps) {
        s.covered_by = covered_by[s.index].clone();
    }
    if json {
        write_out(&context::json_text(&view)?)
    } else {
        write_out(&render_show(roadmap, &view, &snapshot))
    }
}

/// Makes a step whose `other-roadmap/step` prerequisite is open count as blocked, so
/// `is:ready` does not list it: reads the progress of the roadmaps it names.
fn block_on_externals(
    progress: &context::Progress,
    catalog: &catalog::Catalog,
    roadmap: &Roadmap,
    snapshot: &mut Snapshot,
) {
    let mut others: Vec<&Roadmap> = Vec::new();
    for s in &roadmap.steps {
        for r in &s.requires {
            if let StepRef::External { roadmap: id, .. } = r
                && let Some(l) = catalog.get(id)
                && !others.iter().any(|o| o.id == l.roadmap.id)
            {
                others.push(&l.roadmap);
            }
        }
    }
    if others.is_empty() {
        return;
    }
    let settled: Vec<(&Roadmap, Graph, Vec<bool>)> = others
        .iter()
        .filter_map(|r| {
            let graph = Graph::new(r).ok()?;
            Some((*r, graph, progress.snapshot(catalog, r).settled))
        })
        .collect();
    snapshot.block_on_externals(roadmap, |id, step| {
        let (r, graph, settled) = settled.iter().find(|(r, _, _)| r.id == id)?;
        let i = graph.step_index(r, step)?;
        settled.get(i).copied()
    });
}

/// Phases in order, each with its shown steps in outline order (sub-steps under their
/// parent); a parent whose sub-step matches is kept as context.
fn build_show<'a>(
    roadmap: &'a Roadmap,
    graph: &Graph,
    snapshot: &Snapshot,
    matched: &[usize],
    filter: String,
) -> ShowRoadmap<'a> {
    let mut is_match = vec![false; roadmap.steps.len()];
    for &i in matched {
        is_match[i] = true;
    }
    let context = context_parents(roadmap, &is_match);
    let mut phases: Vec<ShowPhase<'a>> = roadmap
        .phases
        .iter()
        .map(|p| ShowPhase {
            id: &p.id,
            title: &p.title,
            window: p.window.as_deref(),
            steps: Vec::new(),
        })
        .collect();
    let shown = (0..roadmap.phases.len())
        .flat_map(|p| graph.phase_steps(p))
        .map(|&i| i as usize)
        .filter(|&i| is_match[i] || context[i]);
    for i in shown {
        let s = &roadmap.steps[i];
        phases[s.phase].steps.push(ShowStep {
            index: i,
            id: &s.id,
            title: &s.title,
            level: s.level.map(|l| l.as_str()),
            tags: &s.tags,
            hours: s.hours,
            optional: s.optional,
            kind: s.kind.map(|k| k.as_str()),
            parent: s.parent.map(|p| roadmap.steps[p].id.as_str()),
            context: context[i],
            sub_steps: snapshot.sub_steps(roadmap, graph, i).map(|t| SubSteps {
                done: t.done,
                total: t.counted(),
            }),
            requires: s
                .requires
                .iter()
                .map(|r| match r {
                    StepRef::Local(j) => roadmap.steps[*j].id.clone(),
                    StepRef::External { roadmap, step } => format!("{roadmap}/{step}"),
                })
                .collect(),
            resources: &s.resources,
            status: snapshot.effective[i].as_str(),
            covered_by: Vec::new(),
        });
    }
    ShowRoadmap {
        id: &roadmap.id,
        title: &roadmap.title,
        filter,
        matched: matched.len(),
        total: roadmap.steps.len(),
        phases,
    }
}

fn render_show(roadmap: &Roadmap, view: &ShowRoadmap<'_>, snap: &Snapshot) -> String {
    let mut out = String::new();
    let t = &snap.summary.total;
    let _ = write!(
        out,
        "{} ({}) — {}/{} done, {}%",
        roadmap.title,
        roadmap.id,
        t.done,
        t.counted(),
        t.percent()
    );
    if t.hours > 0.0 {
        let _ = write!(
            out,
            ", {}/{} h",
            fmt_hours(t.hours_done),
            fmt_hours(t.hours)
        );
    }
    out.push('\n');
    if !view.filter.trim().is_empty() {
        let _ = writeln!(
            out,
            "filter: {}  ({} of {} steps)",
            view.filter, view.matched, view.total
        );
    }
    let id_w = view
        .phases
        .iter()
        .flat_map(|p| &p.steps)
        .map(|s| s.id.len() + if s.parent.is_some() { 2 } else { 0 })
        .max()
        .unwrap_or(0);
    for (p, phase) in view.phases.iter().enumerate() {
        if phase.steps.is_empty() {
            continue;
        }
        let tally = &snap.summary.phases[p];
        out.push('\n');
        let _ = write!(out, "{}", phase.title);
        if let Some(w) = phase.window {
            let _ = write!(out, " · {w}");
        }
        let _ = writeln!(out, " · {}/{} done", tally.done, tally.counted());
        for s in &phase.steps {
            // A sub-step is indented under its parent; the id column stays aligned.
            let (indent, id_w) = match s.parent {
                Some(_) => ("  ", id_w - 2),
                None => ("", id_w),
            };
            let _ = write!(
                out,
                "  {indent}{} {:id_w$}  {}",
                status_box(s.status),
                s.id,
                s.title
            );
            // The extras follow the title, written in place: a list of strings per
            // step was most of this loop's allocations.
            let mut first = true;
            let mut sep = |out: &mut String| {
                out.push_str(if first { "  · " } else { " · " });
                first = false;
            };
            if s.context {
                sep(&mut out);
                out.push_str("(context: a sub-step matches)");
            }
            if let Some(sub) = &s.sub_steps {
                sep(&mut out);
                let _ = write!(out, "{}/{} sub-steps", sub.done, sub.total);
            }
            if let Some(l) = s.level {
                sep(&mut out);
                out.push_str(l);
            }
            if !s.tags.is_empty() {
                sep(&mut out);
                push_joined(&mut out, s.tags.iter().map(String::as_str), ",");
            }
            if let Some(h) = s.hours {
                sep(&mut out);
                out.push_str(&fmt_hours(h));
                out.push_str(" h");
            }
            if let Some(k) = s.kind {
                sep(&mut out);
                out.push_str(k);
            }
            if s.optional {
                sep(&mut out);
                out.push_str("optional");
            }
            if !s.covered_by.is_empty() {
                sep(&mut out);
                out.push_str("covered by ");
                push_joined(&mut out, s.covered_by.iter().map(String::as_str), ", ");
            }
            out.push('\n');
        }
    }
    if view.matched == 0 {
        out.push_str("\nno step matches the filter\n");
    }
    out
}

/// `items` with `sep` between them, onto `out`.
fn push_joined<'a>(out: &mut String, items: impl Iterator<Item = &'a str>, sep: &str) {
    for (k, item) in items.enumerate() {
        if k > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
}

/// ASCII status boxes: greppable, and readable without colour or Unicode.
pub(crate) fn status_box(status: &str) -> &'static str {
    match status {
        "done" => "[x]",
        "in-progress" => "[~]",
        "skipped" => "[-]",
        "not-needed" => "[.]",
        "covered" => "[=]",
        _ => "[ ]",
    }
}
