//! `waymark coverage ROADMAP`: for someone switching roadmaps, how much of ROADMAP the
//! steps they marked done elsewhere already cover (shared `topics`), per phase, and which
//! of its steps are new to them.

use super::GlobalArgs;
use super::context::{
    Progress, find_roadmap, json_text, load_catalog, pad, read_progress, write_out,
};
use crate::model::Effective;
use crate::sanitize::inert;
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

/// How a step stands against what was done in other roadmaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Standing {
    /// Every shared topic is done elsewhere.
    Covered,
    /// Some of its topics are done elsewhere, not all.
    Partly,
    /// Nothing of it done here or elsewhere (and not skipped or settled by a group).
    New,
    /// Settled here (done, skipped, not needed) or under way, without coverage.
    Yours,
}

#[derive(Serialize)]
struct StepJson<'a> {
    id: &'a str,
    title: &'a str,
    phase: &'a str,
    standing: Standing,
    /// Its status here (`covered` when it follows its counterparts).
    status: &'static str,
    /// Done steps of other roadmaps carrying its topics, `roadmap/step`.
    by: Vec<String>,
    /// Its shared topics no other roadmap has done.
    open_topics: Vec<&'a str>,
}

#[derive(Serialize, Default)]
struct PhaseJson<'a> {
    id: &'a str,
    title: &'a str,
    steps: usize,
    covered: usize,
    partly: usize,
    new: usize,
}

#[derive(Serialize)]
struct CoverageJson<'a> {
    roadmap: &'a str,
    title: &'a str,
    steps: usize,
    covered: usize,
    partly: usize,
    new: usize,
    phases: Vec<PhaseJson<'a>>,
    /// Every step with its standing, in file order.
    step_list: Vec<StepJson<'a>>,
}

pub fn coverage(g: &GlobalArgs, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let cat = load_catalog(g);
    let r = find_roadmap(cat, id)?;
    let progress = read_progress(g, cat)?;
    let ri = Progress::index(cat, r);
    let snap = progress.snapshot(cat, r);
    let name = |(cr, cs): (usize, usize)| {
        let other = &cat.roadmaps[cr].roadmap;
        format!("{}/{}", other.id, other.steps[cs].id)
    };
    let mut phases: Vec<PhaseJson> = r
        .phases
        .iter()
        .map(|p| PhaseJson {
            id: &p.id,
            title: &p.title,
            ..PhaseJson::default()
        })
        .collect();
    let mut steps = Vec::with_capacity(r.steps.len());
    for (i, s) in r.steps.iter().enumerate() {
        let eff = snap.effective[i];
        let (done_topics, open_topics): (Vec<&String>, Vec<&String>) = s
            .topics
            .iter()
            .partition(|t| progress.coverage.covers(ri, std::slice::from_ref(*t)));
        let standing = if !s.topics.is_empty() && open_topics.is_empty() {
            Standing::Covered
        } else if !done_topics.is_empty() {
            Standing::Partly
        } else if eff == Effective::Todo {
            Standing::New
        } else {
            Standing::Yours
        };
        let by: Vec<String> = done_topics
            .iter()
            .flat_map(|t| progress.coverage.covering(ri, std::slice::from_ref(*t)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(name)
            .collect();
        let p = &mut phases[s.phase];
        p.steps += 1;
        match standing {
            Standing::Covered => p.covered += 1,
            Standing::Partly => p.partly += 1,
            Standing::New => p.new += 1,
            Standing::Yours => {}
        }
        steps.push(StepJson {
            id: &s.id,
            title: &s.title,
            phase: &r.phases[s.phase].id,
            standing,
            status: eff.as_str(),
            by,
            open_topics: open_topics.iter().map(|t| t.as_str()).collect(),
        });
    }
    let sum = |f: fn(&PhaseJson) -> usize| phases.iter().map(f).sum::<usize>();
    let view = CoverageJson {
        roadmap: &r.id,
        title: &r.title,
        steps: r.steps.len(),
        covered: sum(|p| p.covered),
        partly: sum(|p| p.partly),
        new: sum(|p| p.new),
        phases,
        step_list: steps,
    };
    if json {
        return write_out(&json_text(&view)?);
    }
    write_out(&render(&view))
}

fn render(v: &CoverageJson<'_>) -> String {
    let mut out = String::new();
    let pct = |n: usize| n * 100 / v.steps.max(1);
    let _ = writeln!(
        out,
        "{} ({}): {} of {} steps covered by what you did in other roadmaps ({}%), {} partly, {} new to you",
        inert(v.title),
        v.roadmap,
        v.covered,
        v.steps,
        pct(v.covered),
        v.partly,
        v.new
    );
    let width = v
        .phases
        .iter()
        .map(|p| unicode_width::UnicodeWidthStr::width(inert(p.title).as_ref()))
        .max()
        .unwrap_or(0)
        .min(40);
    out.push('\n');
    for p in &v.phases {
        let _ = writeln!(
            out,
            "  {}  {:>3}/{:<3} covered  {:>3} partly  {:>3} new",
            pad(&inert(p.title), width),
            p.covered,
            p.steps,
            p.partly,
            p.new
        );
    }
    let section = |out: &mut String, title: &str, standing: Standing| {
        let list: Vec<&StepJson> = v
            .step_list
            .iter()
            .filter(|s| s.standing == standing)
            .collect();
        if list.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title} ({}):", list.len());
        for s in list {
            let mut line = format!("  {}  {}", s.id, inert(s.title));
            match standing {
                Standing::Covered | Standing::Partly if !s.by.is_empty() => {
                    let _ = write!(line, "  ← {}", s.by.join(", "));
                    if !s.open_topics.is_empty() {
                        let _ = write!(line, "  (still open: {})", s.open_topics.join(", "));
                    }
                }
                _ => {}
            }
            if standing == Standing::Covered && s.status != "covered" {
                let _ = write!(line, "  [{} here]", s.status);
            }
            let _ = writeln!(out, "{line}");
        }
    };
    section(&mut out, "covered", Standing::Covered);
    section(&mut out, "partly covered", Standing::Partly);
    section(&mut out, "new to you", Standing::New);
    if v.covered + v.partly == 0 {
        out.push_str(
            "\nnothing done in another roadmap shares a topic with this one yet; \
             `waymark done ROADMAP/STEP` elsewhere, then look again\n",
        );
    }
    out
}
