//! Commands that report progress: progress (with --orphans), log. Pace and plans are
//! in `schedule.rs`.
//!
//! A little over 500 lines: `progress` reports from a [`Basis`] whether it loaded the
//! catalog or found the basis kept beside the stored states, and both ways sit together
//! so that they cannot drift apart.

use super::GlobalArgs;
use super::context::{
    Progress, carry_aliases, find_roadmap, fmt_hours, json_text, load_catalog, local, now,
    open_store, pad, read_timed, states_cache_by_stamps, write_out,
};
use super::schedule::{Estimate, TimeFacts, done_flags, estimate, write_estimate};
use super::states_cache::Derived;
use crate::catalog::Catalog;
use crate::model::progress::{PaceReport, Summary, Tally};
use crate::model::{Roadmap, Status, Step};
use crate::sanitize::inert;
use crate::store::Store;
use anyhow::Context;
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------- progress

#[derive(Serialize)]
struct PhaseJson<'a> {
    id: &'a str,
    title: &'a str,
    steps: usize,
    done: usize,
    /// Of `done`: covered by done steps of other roadmaps (shared topics).
    covered: usize,
    skipped: usize,
    in_progress: usize,
    hours: f64,
    hours_done: f64,
}

#[derive(Serialize)]
struct ProgressJson<'a> {
    id: &'a str,
    title: &'a str,
    steps: usize,
    /// Steps in the denominator: skipped and settled pick-one members left out.
    counted: usize,
    done: usize,
    /// Of `done`: covered by done steps of other roadmaps (shared topics).
    covered: usize,
    skipped: usize,
    not_needed: usize,
    in_progress: usize,
    percent: u8,
    hours: f64,
    hours_done: f64,
    hours_left: f64,
    steps_without_hours: usize,
    finish: Option<NaiveDate>,
    pace: Option<PaceReport>,
    /// Pace source, throughput, the plan's week and verdict, and why a figure is missing.
    estimate: &'a Estimate,
    phases: Vec<PhaseJson<'a>>,
}

#[derive(Serialize)]
struct OrphanJson<'a> {
    roadmap: &'a str,
    step: &'a str,
    status: Status,
    changed_at: Option<DateTime<Utc>>,
    note: Option<&'a str>,
    /// Whether the roadmap itself is still loaded.
    roadmap_loaded: bool,
}

pub fn progress(
    g: &GlobalArgs,
    roadmap: Option<&str>,
    json: bool,
    orphans: bool,
) -> anyhow::Result<ExitCode> {
    let at = now()?;
    if !orphans && let Some(out) = remembered(g, roadmap, json, at) {
        return write_out(&out?);
    }
    let cat = load_catalog(g);
    let chosen: Vec<&Roadmap> = match roadmap {
        Some(id) if !orphans => vec![find_roadmap(cat, id)?],
        _ => cat.roadmaps.iter().map(|l| &l.roadmap).collect(),
    };
    // Progress under renamed step ids is carried over first, which writes; with no
    // renamed step anywhere there is nothing to carry and the database is only read.
    let carries = cat
        .roadmaps
        .iter()
        .any(|l| l.roadmap.steps.iter().any(|s| !s.aliases.is_empty()));
    let (all, facts, cache) = if orphans || carries {
        let mut store = open_store(g)?;
        carry_aliases(&mut store, cat.roadmaps.iter().map(|l| &l.roadmap), at)?;
        if orphans {
            return show_orphans(&store, cat, roadmap, json);
        }
        // All reads in one transaction: one snapshot, one lock.
        let (all, facts) = store.reading(|store| -> anyhow::Result<_> {
            let facts = chosen
                .iter()
                .map(|r| TimeFacts::read(store, &r.id, at))
                .collect::<anyhow::Result<Vec<_>>>()?;
            Ok((Progress::read(Some(store), cat)?, facts))
        })?;
        (all, facts, None)
    } else {
        let chosen: Vec<usize> = chosen.iter().map(|r| Progress::index(cat, r)).collect();
        read_timed(g, cat, &chosen, at)?
    };
    // Kept only where nothing needs carrying over, the one case a remembered basis is
    // used in; a load that reported files keeps nothing (their warning must print).
    // Every roadmap's basis is worked out only then, else the chosen ones'.
    let keep = cache.filter(|c| cat.reports.is_empty() && c.held_still());
    let basis = |r: &Roadmap| Basis {
        roadmap: slim(r),
        summary: all.snapshot(cat, r).summary,
        done: done_flags(&all.states_of(cat, r)),
    };
    let bases: Vec<Basis> = match keep {
        Some(_) => cat.roadmaps.iter().map(|l| basis(&l.roadmap)).collect(),
        None => chosen.iter().map(|r| basis(r)).collect(),
    };
    let rows: Vec<Row> = chosen
        .iter()
        .enumerate()
        .zip(&facts)
        .map(|((k, r), facts)| {
            let i = if keep.is_some() {
                Progress::index(cat, r)
            } else {
                k
            };
            Row::of(&bases[i], facts, at)
        })
        .collect();
    if let Some(cache) = &keep {
        cache.write_derived(Derived::ProgressBasis, &bitcode::encode(&bases));
    }
    write_out(&render(&rows, json)?)
}

/// What `progress` reads of a roadmap and its stored states: the roadmap as [`slim`]
/// keeps it, its progress summary and which steps are stored as done. It follows from
/// the catalog and the states alone, so it is kept beside the stored states.
#[derive(bitcode::Encode, bitcode::Decode)]
struct Basis {
    roadmap: Roadmap,
    summary: Summary,
    done: Vec<bool>,
}

/// One roadmap's report: its basis and the estimate at the run's time.
struct Row<'b> {
    basis: &'b Basis,
    est: Estimate,
}

impl Row<'_> {
    fn of<'b>(basis: &'b Basis, facts: &TimeFacts, at: DateTime<Utc>) -> Row<'b> {
        let est = estimate(facts, &basis.roadmap, &basis.summary, &basis.done, at);
        Row { basis, est }
    }
}

/// The report from the bases kept for the roadmap files and the database as they are
/// now and the time facts kept beside the states, if both are there and the facts
/// reach back far enough for `at`; `None` sends `progress` the long way.
fn remembered(
    g: &GlobalArgs,
    roadmap: Option<&str>,
    json: bool,
    at: DateTime<Utc>,
) -> Option<anyhow::Result<String>> {
    let cache = states_cache_by_stamps(g)?;
    let bases: Vec<Basis> = bitcode::decode(&cache.read_derived(Derived::ProgressBasis)?).ok()?;
    let chosen: Vec<usize> = match roadmap {
        // Only an exact id: a near miss gets its "did you mean" from the long way.
        Some(id) => vec![bases.iter().position(|b| b.roadmap.id == id)?],
        None => (0..bases.len()).collect(),
    };
    let facts = cache.read_facts(bases.len())?;
    let rows = chosen
        .iter()
        .map(|&i| {
            let facts = facts.get(i)?.as_ref().filter(|f| f.cover(at))?;
            Some(Row::of(&bases[i], facts, at))
        })
        .collect::<Option<Vec<_>>>()?;
    if crate::session::tracing() {
        crate::session::trace("progress: from the cache");
    }
    let out = render(&rows, json);
    // The process ends next: freeing 2,000 steps one by one was 8 % of the run.
    std::mem::forget(rows);
    std::mem::forget(bases);
    Some(out)
}

/// A roadmap as [`Basis`] keeps it: what [`estimate`] and the report read, no more.
fn slim(r: &Roadmap) -> Roadmap {
    Roadmap {
        id: r.id.clone(),
        title: r.title.clone(),
        duration: r.duration.clone(),
        phases: r.phases.clone(),
        steps: r
            .steps
            .iter()
            .map(|s| Step {
                id: s.id.clone(),
                phase: s.phase,
                hours: s.hours,
                ..Step::default()
            })
            .collect(),
        ..Roadmap::default()
    }
}

fn render(rows: &[Row], json: bool) -> anyhow::Result<String> {
    if json {
        let out: Vec<ProgressJson> = rows
            .iter()
            .map(|Row { basis, est }| {
                let (r, t) = (&basis.roadmap, &basis.summary.total);
                ProgressJson {
                    id: &r.id,
                    title: &r.title,
                    steps: t.steps,
                    counted: t.counted(),
                    done: t.done,
                    covered: t.covered,
                    skipped: t.skipped,
                    not_needed: t.not_needed,
                    in_progress: t.in_progress,
                    percent: t.percent(),
                    hours: t.hours,
                    hours_done: t.hours_done,
                    hours_left: t.hours_left(),
                    steps_without_hours: t.steps_without_hours,
                    finish: est.finish,
                    pace: est.pace_report,
                    estimate: est,
                    phases: r
                        .phases
                        .iter()
                        .zip(&basis.summary.phases)
                        .map(|(p, pt)| PhaseJson {
                            id: &p.id,
                            title: &p.title,
                            steps: pt.steps,
                            done: pt.done,
                            covered: pt.covered,
                            skipped: pt.skipped,
                            in_progress: pt.in_progress,
                            hours: pt.hours,
                            hours_done: pt.hours_done,
                        })
                        .collect(),
                }
            })
            .collect();
        return json_text(&out);
    }

    let mut out = String::new();
    if rows.is_empty() {
        writeln!(out, "no roadmaps loaded")?;
    }
    for (i, Row { basis, est }) in rows.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let s = &basis.summary;
        write_progress(&mut out, &basis.roadmap, &s.phases, &s.total, est)?;
    }
    if rows.iter().all(|r| r.est.pace.is_none()) && !rows.is_empty() {
        writeln!(
            out,
            "\nset a pace (`waymark pace 6` for 6 h/week, `waymark pace ROADMAP 6` for one \
             roadmap) to see a projected finish date"
        )?;
    }
    Ok(out)
}

fn write_progress(
    out: &mut String,
    r: &Roadmap,
    phases: &[Tally],
    t: &Tally,
    est: &Estimate,
) -> anyhow::Result<()> {
    writeln!(out, "{} ({})", inert(&r.title), r.id)?;
    let mut steps_line = format!("{}/{} done ({}%)", t.done, t.counted(), t.percent());
    if t.covered > 0 {
        write!(
            steps_line,
            ", {} of them covered by other roadmaps",
            t.covered
        )?;
    }
    if t.in_progress > 0 {
        write!(steps_line, ", {} in progress", t.in_progress)?;
    }
    if t.skipped > 0 {
        write!(steps_line, ", {} skipped", t.skipped)?;
    }
    if t.not_needed > 0 {
        write!(steps_line, ", {} not needed (pick-one)", t.not_needed)?;
    }
    writeln!(out, "  steps  {steps_line}")?;
    if t.hours > 0.0 {
        let mut hours_line = format!(
            "{}/{} h done, {} h left",
            fmt_hours(t.hours_done),
            fmt_hours(t.hours),
            fmt_hours(t.hours_left())
        );
        if t.steps_without_hours > 0 {
            write!(
                hours_line,
                " ({} step{} without an estimate)",
                t.steps_without_hours,
                if t.steps_without_hours == 1 { "" } else { "s" }
            )?;
        }
        writeln!(out, "  hours  {hours_line}")?;
    } else {
        writeln!(out, "  hours  the source gives no hour estimates")?;
    }
    write_estimate(out, r, t, est)?;
    let width = r
        .phases
        .iter()
        .map(|p| UnicodeWidthStr::width(inert(&p.title).as_ref()))
        .max()
        .unwrap_or(0)
        .min(40);
    for (p, pt) in r.phases.iter().zip(phases) {
        let mut title = inert(&p.title).into_owned();
        if UnicodeWidthStr::width(title.as_str()) > width {
            title = title
                .chars()
                .take(width.saturating_sub(1))
                .collect::<String>()
                + "…";
        }
        let mut line = format!(
            "    {}  {:>3}/{:<3} steps",
            pad(&title, width),
            pt.done,
            pt.counted()
        );
        if pt.hours > 0.0 {
            write!(
                line,
                "  {:>5}/{} h",
                fmt_hours(pt.hours_done),
                fmt_hours(pt.hours)
            )?;
        }
        if pt.in_progress > 0 {
            write!(line, "  ({} in progress)", pt.in_progress)?;
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn show_orphans(
    store: &Store,
    cat: &Catalog,
    roadmap: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let known: HashMap<&str, HashSet<&str>> = cat
        .roadmaps
        .iter()
        .map(|l| {
            (
                l.roadmap.id.as_str(),
                l.roadmap.steps.iter().map(|s| s.id.as_str()).collect(),
            )
        })
        .collect();
    let all = store.all_states()?;
    let orphans: Vec<OrphanJson> = all
        .iter()
        .filter(|s| roadmap.is_none_or(|r| r == s.roadmap))
        .filter(|s| s.state.status != Status::Todo || s.state.note.is_some())
        .filter(|s| {
            known
                .get(s.roadmap.as_str())
                .is_none_or(|steps| !steps.contains(s.step.as_str()))
        })
        .map(|s| OrphanJson {
            roadmap: &s.roadmap,
            step: &s.step,
            status: s.state.status,
            changed_at: s.state.changed_at,
            note: s.state.note.as_deref(),
            roadmap_loaded: known.contains_key(s.roadmap.as_str()),
        })
        .collect();
    if json {
        return write_out(&json_text(&orphans)?);
    }
    let mut out = String::new();
    if orphans.is_empty() {
        writeln!(out, "no orphaned progress")?;
    } else {
        writeln!(
            out,
            "progress kept for steps no loaded roadmap has (it is never deleted):"
        )?;
        for o in &orphans {
            let when = o.changed_at.map(local).unwrap_or_default();
            let mut line = format!(
                "  {}/{}  {}  {when}",
                inert(o.roadmap),
                inert(o.step),
                o.status
            );
            if !o.roadmap_loaded {
                line.push_str("  (roadmap not loaded)");
            }
            if o.note.is_some() {
                line.push_str("  [note]");
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    write_out(&out)
}

// ---------------------------------------------------------------- log

#[derive(Serialize)]
struct LogJson<'a> {
    id: i64,
    batch: i64,
    kind: &'static str,
    roadmap: &'a str,
    step: &'a str,
    old: Status,
    new: Status,
    at: DateTime<Utc>,
    reverts: Option<i64>,
}

pub fn log(g: &GlobalArgs, since: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let since = since
        .map(|s| {
            let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .with_context(|| format!("--since {s:?}: expected a date as YYYY-MM-DD"))?;
            let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
            Ok::<_, anyhow::Error>(
                midnight
                    .and_local_timezone(Local)
                    .earliest()
                    .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc)),
            )
        })
        .transpose()?;
    let store = open_store(g)?;
    let history = store.history(since)?;
    if json {
        let out: Vec<LogJson> = history
            .iter()
            .map(|h| LogJson {
                id: h.id,
                batch: h.batch,
                kind: h.kind.as_str(),
                roadmap: &h.roadmap,
                step: &h.step,
                old: h.old,
                new: h.new,
                at: h.at,
                reverts: h.reverts,
            })
            .collect();
        return write_out(&json_text(&out)?);
    }
    let cat = load_catalog(g);
    let title = |r: &str, s: &str| {
        cat.get(r)
            .and_then(|l| l.roadmap.steps.iter().find(|st| st.id == s))
            .map(|st| inert(&st.title))
    };
    let mut out = String::new();
    if history.is_empty() {
        writeln!(out, "no changes yet")?;
    }
    for h in &history {
        let how = match h.kind {
            crate::store::BatchKind::Set => "",
            crate::store::BatchKind::Undo => " (undo)",
            crate::store::BatchKind::Import => " (import)",
            crate::store::BatchKind::Alias => " (renamed step)",
        };
        let mut line = format!(
            "{}  {}  {}/{}  {} → {}{how}",
            local(h.at),
            pad(h.new.as_str(), 11),
            inert(&h.roadmap),
            inert(&h.step),
            h.old,
            h.new
        );
        if let Some(t) = title(&h.roadmap, &h.step) {
            write!(line, "  — {t}")?;
        }
        writeln!(out, "{line}")?;
    }
    write_out(&out)
}
