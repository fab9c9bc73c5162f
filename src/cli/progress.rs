//! Commands that read or change progress: done/start/skip/reset, undo, note, progress,
//! pace, log, export, import.
//!
//! Every change goes through [`Store`] in one transaction and is committed before the
//! command prints it. "Now" is `Utc::now()`, or `WAYMARK_NOW` (RFC 3339) for tests.

use super::context::{
    carry_aliases, clean, db_path, find_roadmap, fmt_hours, load_catalog, local, now, open_store,
    pad, resolve, resolve_all, statuses_of, step_states, today, write_out,
};
use super::{ExportFormat, GlobalArgs};
use crate::catalog::{self, Catalog};
use crate::model::progress::{
    PaceReport, Snapshot, Tally, finish_date, pace_report, pace_window_weeks,
};
use crate::model::{Roadmap, Status};
use crate::store::{HistoryEntry, ImportRecord, StepState, Store, StoreError};
use anyhow::{Context, anyhow, bail};
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

/// The window `progress` compares the pace with.
const PACE_WINDOW_WEEKS: f64 = 4.0;
/// Marks a JSON export, so `import` can tell it from other JSON.
const EXPORT_FORMAT: &str = "waymark-progress";
const EXPORT_VERSION: u32 = 1;

// ---------------------------------------------------------------- done/start/skip/reset

pub fn set(g: &GlobalArgs, status: Status, steps: &[String]) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let cat = load_catalog(g);
    let refs = resolve_all(&cat, steps)?;
    let mut store = open_store(g)?;
    let mut seen = HashSet::new();
    carry_aliases(
        &mut store,
        refs.iter()
            .filter(|r| seen.insert(r.roadmap.id.as_str()))
            .map(|r| r.roadmap),
        at,
    )?;
    let changes: Vec<(&str, &str, Status)> = refs
        .iter()
        .map(|r| (r.roadmap.id.as_str(), r.step_id(), status))
        .collect();
    let made = store.set_statuses(&changes, at)?;
    // Committed: now acknowledge, one line per step.
    let mut out = String::new();
    let mut reported = HashSet::new();
    for r in &refs {
        let key = (r.roadmap.id.as_str(), r.step_id());
        if !reported.insert(key) {
            continue;
        }
        let full = format!("{}/{}", r.roadmap.id, r.step_id());
        match made
            .iter()
            .find(|c| c.roadmap == r.roadmap.id && c.step == r.step_id())
        {
            Some(c) => writeln!(
                out,
                "{}: {full} ({}) — was {}",
                c.new,
                clean(r.title()),
                c.old
            )?,
            None => writeln!(out, "{full} is already {status}")?,
        }
    }
    write_out(&out)
}

// ---------------------------------------------------------------- undo

pub fn undo(g: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let mut store = open_store(g)?;
    let mut out = String::new();
    match store.undo(at)? {
        None => writeln!(out, "nothing to undo")?,
        Some(changes) if changes.is_empty() => writeln!(
            out,
            "undid the last change (the steps already had their earlier status)"
        )?,
        Some(changes) => {
            for c in changes {
                // What the step is now comes first; the arrow form read backwards.
                writeln!(
                    out,
                    "undone: {}/{} is {} again (was {})",
                    c.roadmap, c.step, c.new, c.old
                )?;
            }
        }
    }
    write_out(&out)
}

// ---------------------------------------------------------------- note

pub fn note(g: &GlobalArgs, step: &str, text: &[String], clear: bool) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let cat = load_catalog(g);
    let r = resolve(&cat, step)?;
    let mut store = open_store(g)?;
    carry_aliases(&mut store, [r.roadmap], at)?;
    let (rid, sid) = (r.roadmap.id.as_str(), r.step_id());
    let current = store.state(rid, sid)?.and_then(|s| s.note);
    let new = if clear {
        None
    } else if !text.is_empty() {
        Some(text.join(" "))
    } else {
        if store.is_read_only() {
            // Fail before the user types a note we cannot save.
            return Err(StoreError::ReadOnly { path: db_path(g)? }.into());
        }
        Some(crate::editor::edit_text(
            current.as_deref().unwrap_or(""),
            &format!("{rid}/{sid}"),
        )?)
    };
    let new = new
        .map(|n| n.trim_end().to_string())
        .filter(|n| !n.trim().is_empty());
    if new == current {
        return write_out(&format!("{rid}/{sid}: note unchanged\n"));
    }
    store.set_note(rid, sid, new.as_deref(), at)?;
    write_out(&match new {
        Some(_) => format!("{rid}/{sid}: note saved\n"),
        None => format!("{rid}/{sid}: note removed\n"),
    })
}

// ---------------------------------------------------------------- progress

#[derive(Serialize)]
struct PhaseJson<'a> {
    id: &'a str,
    title: &'a str,
    steps: usize,
    done: usize,
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

/// Hours of this roadmap's steps that became done inside the window and are still done.
fn logged_hours(roadmap: &Roadmap, states: &[Option<StepState>], history: &[HistoryEntry]) -> f64 {
    let recent: HashSet<&str> = history
        .iter()
        .filter(|h| h.roadmap == roadmap.id && h.new == Status::Done)
        .map(|h| h.step.as_str())
        .collect();
    roadmap
        .steps
        .iter()
        .zip(states)
        .filter(|(s, st)| {
            recent.contains(s.id.as_str())
                && st.as_ref().is_some_and(|st| st.status == Status::Done)
        })
        .filter_map(|(s, _)| s.hours)
        .fold(0.0, |a, h| a + h)
}

pub fn progress(
    g: &GlobalArgs,
    roadmap: Option<&str>,
    json: bool,
    orphans: bool,
) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let cat = load_catalog(g);
    let chosen: Vec<&Roadmap> = match roadmap {
        Some(id) if !orphans => vec![find_roadmap(&cat, id)?],
        _ => cat.roadmaps.iter().map(|l| &l.roadmap).collect(),
    };
    let mut store = open_store(g)?;
    carry_aliases(&mut store, cat.roadmaps.iter().map(|l| &l.roadmap), at)?;
    if orphans {
        return show_orphans(&store, &cat, roadmap, json);
    }

    let pace = store.pace()?;
    let window_start = at - chrono::Duration::weeks(PACE_WINDOW_WEEKS as i64);
    // Only the window is read; the first change per roadmap is one indexed query.
    let history = store.history(Some(window_start))?;
    let mut rows = Vec::new();
    for r in &chosen {
        let states = step_states(&store, r)?;
        let snap = Snapshot::new(r, &statuses_of(&states));
        let t = snap.summary.total;
        let finish = pace.and_then(|p| finish_date(t.hours_left(), p, today(at)));
        let first_change = store.first_change(&r.id)?.map(|t| t.naive_utc());
        let weeks = pace_window_weeks(first_change, at.naive_utc(), PACE_WINDOW_WEEKS);
        let report = pace.and_then(|p| pace_report(p, logged_hours(r, &states, &history), weeks));
        rows.push((r, snap.summary.phases, t, finish, report));
    }

    if json {
        let out: Vec<ProgressJson> = rows
            .iter()
            .map(|(r, phases, t, finish, report)| ProgressJson {
                id: &r.id,
                title: &r.title,
                steps: t.steps,
                counted: t.counted(),
                done: t.done,
                skipped: t.skipped,
                not_needed: t.not_needed,
                in_progress: t.in_progress,
                percent: t.percent(),
                hours: t.hours,
                hours_done: t.hours_done,
                hours_left: t.hours_left(),
                steps_without_hours: t.steps_without_hours,
                finish: *finish,
                pace: *report,
                phases: r
                    .phases
                    .iter()
                    .zip(phases)
                    .map(|(p, pt)| PhaseJson {
                        id: &p.id,
                        title: &p.title,
                        steps: pt.steps,
                        done: pt.done,
                        skipped: pt.skipped,
                        in_progress: pt.in_progress,
                        hours: pt.hours,
                        hours_done: pt.hours_done,
                    })
                    .collect(),
            })
            .collect();
        return write_out(&(serde_json::to_string_pretty(&out)? + "\n"));
    }

    let mut out = String::new();
    if rows.is_empty() {
        writeln!(out, "no roadmaps loaded")?;
    }
    for (i, (r, phases, t, finish, report)) in rows.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_progress(&mut out, r, phases, t, pace, *finish, report.as_ref())?;
    }
    if pace.is_none() && !rows.is_empty() {
        writeln!(
            out,
            "\nset a pace (`waymark pace 6` for 6 h/week) to see a projected finish date"
        )?;
    }
    write_out(&out)
}

fn write_progress(
    out: &mut String,
    r: &Roadmap,
    phases: &[Tally],
    t: &Tally,
    pace: Option<f64>,
    finish: Option<NaiveDate>,
    report: Option<&PaceReport>,
) -> anyhow::Result<()> {
    writeln!(out, "{} ({})", clean(&r.title), r.id)?;
    let mut steps_line = format!("{}/{} done ({}%)", t.done, t.counted(), t.percent());
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
    if let Some(p) = pace {
        let mut line = format!("{} h/week", fmt_hours(p));
        match finish {
            Some(d) => write!(line, ", projected finish {d}")?,
            None => write!(line, ", no projected finish")?,
        }
        if let Some(rep) = report {
            let verdict = if rep.weeks_ahead >= 0.05 {
                format!("{:.1} weeks ahead", rep.weeks_ahead)
            } else if rep.weeks_ahead <= -0.05 {
                format!("{:.1} weeks behind", -rep.weeks_ahead)
            } else {
                "on pace".into()
            };
            write!(
                line,
                "; last {} weeks: {} h done ({} h/week), {verdict}",
                fmt_hours(rep.window_weeks),
                fmt_hours(rep.logged_hours),
                fmt_hours(rep.achieved_per_week)
            )?;
        }
        writeln!(out, "  pace   {line}")?;
    }
    let width = r
        .phases
        .iter()
        .map(|p| UnicodeWidthStr::width(clean(&p.title).as_str()))
        .max()
        .unwrap_or(0)
        .min(40);
    for (p, pt) in r.phases.iter().zip(phases) {
        let mut title = clean(&p.title);
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
        return write_out(&(serde_json::to_string_pretty(&orphans)? + "\n"));
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
                clean(o.roadmap),
                clean(o.step),
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

// ---------------------------------------------------------------- pace

pub fn pace(g: &GlobalArgs, hours: Option<f64>, clear: bool) -> anyhow::Result<ExitCode> {
    let mut store = open_store(g)?;
    if clear {
        store.set_pace(None)?;
        return write_out("pace cleared\n");
    }
    match hours {
        None => match store.pace()? {
            Some(p) => write_out(&format!("{} h/week\n", fmt_hours(p))),
            None => write_out("no pace set; set one with `waymark pace HOURS_PER_WEEK`\n"),
        },
        Some(h) => {
            if !(h.is_finite() && h > 0.0 && h <= 168.0) {
                bail!("pace must be more than 0 and at most 168 hours per week, not {h}");
            }
            store.set_pace(Some(h))?;
            write_out(&format!("pace set to {} h/week\n", fmt_hours(h)))
        }
    }
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
        return write_out(&(serde_json::to_string_pretty(&out)? + "\n"));
    }
    let cat = load_catalog(g);
    let title = |r: &str, s: &str| {
        cat.get(r)
            .and_then(|l| l.roadmap.steps.iter().find(|st| st.id == s))
            .map(|st| clean(&st.title))
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
            clean(&h.roadmap),
            clean(&h.step),
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

// ---------------------------------------------------------------- export / import

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportDoc {
    format: String,
    version: u32,
    roadmap: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    exported_at: Option<DateTime<Utc>>,
    steps: Vec<ExportStep>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportStep {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    phase: Option<String>,
    status: String,
    #[serde(default)]
    changed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    note_at: Option<DateTime<Utc>>,
}

pub fn export(
    g: &GlobalArgs,
    roadmap: &str,
    format: ExportFormat,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let cat = load_catalog(g);
    let r = find_roadmap(&cat, roadmap)?;
    let mut store = open_store(g)?;
    carry_aliases(&mut store, [r], at)?;
    let mut stored = store.statuses(&r.id)?;
    let states: Vec<Option<StepState>> = r.steps.iter().map(|s| stored.remove(&s.id)).collect();
    // Whatever is left is progress for steps the roadmap no longer has: export it too,
    // so a JSON export loses nothing.
    let mut orphans: Vec<(String, StepState)> = stored.into_iter().collect();
    orphans.sort_by(|a, b| a.0.cmp(&b.0));

    let text = match format {
        ExportFormat::Md => export_md(r, &states, at),
        ExportFormat::Json => export_json(r, &states, &orphans, at)?,
        ExportFormat::Csv => export_csv(r, &states, &orphans),
    };
    match out {
        None => write_out(&text),
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{}: not a file name", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let res = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = res {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("writing {}", path.display()));
    }
    Ok(())
}

fn export_md(r: &Roadmap, states: &[Option<StepState>], at: DateTime<Utc>) -> String {
    let statuses = statuses_of(states);
    let snap = Snapshot::new(r, &statuses);
    let t = snap.summary.total;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", r.title);
    let _ = writeln!(
        out,
        "{}/{} steps done ({}%), {}/{} h. Exported by waymark on {}.",
        t.done,
        t.counted(),
        t.percent(),
        fmt_hours(t.hours_done),
        fmt_hours(t.hours),
        today(at)
    );
    for (pi, p) in r.phases.iter().enumerate() {
        let _ = writeln!(out, "\n## {}\n", p.title);
        for i in r.phase_steps(pi) {
            let s = &r.steps[i];
            let line = match snap.effective[i] {
                crate::model::progress::Effective::Done => format!("- [x] {}", s.title),
                crate::model::progress::Effective::InProgress => {
                    format!("- [ ] {} _(in progress)_", s.title)
                }
                crate::model::progress::Effective::Skipped => {
                    format!("- [ ] ~~{}~~ _(skipped)_", s.title)
                }
                crate::model::progress::Effective::NotNeeded => {
                    format!(
                        "- [ ] ~~{}~~ _(not needed: another option was done)_",
                        s.title
                    )
                }
                crate::model::progress::Effective::Todo => format!("- [ ] {}", s.title),
            };
            let _ = writeln!(out, "{line}");
            if let Some(note) = states[i].as_ref().and_then(|s| s.note.as_deref()) {
                for l in note.lines() {
                    let _ = writeln!(out, "  > {l}");
                }
            }
        }
    }
    out
}

fn export_json(
    r: &Roadmap,
    states: &[Option<StepState>],
    orphans: &[(String, StepState)],
    at: DateTime<Utc>,
) -> anyhow::Result<String> {
    let step =
        |id: &str, title: Option<&str>, phase: Option<&str>, st: Option<&StepState>| ExportStep {
            id: id.to_string(),
            title: title.map(str::to_string),
            phase: phase.map(str::to_string),
            status: st.map_or(Status::Todo, |s| s.status).as_str().to_string(),
            changed_at: st.and_then(|s| s.changed_at),
            note: st.and_then(|s| s.note.clone()),
            note_at: st.and_then(|s| s.note_at),
        };
    let mut steps: Vec<ExportStep> = r
        .steps
        .iter()
        .zip(states)
        .map(|(s, st)| {
            step(
                &s.id,
                Some(&s.title),
                r.phases.get(s.phase).map(|p| p.id.as_str()),
                st.as_ref(),
            )
        })
        .collect();
    steps.extend(
        orphans
            .iter()
            .map(|(id, st)| step(id, None, None, Some(st))),
    );
    let doc = ExportDoc {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        roadmap: r.id.clone(),
        title: Some(r.title.clone()),
        exported_at: Some(at),
        steps,
    };
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn export_csv(
    r: &Roadmap,
    states: &[Option<StepState>],
    orphans: &[(String, StepState)],
) -> String {
    let mut out = String::from("roadmap,phase,step,title,status,changed_at,hours,note\n");
    let mut row =
        |phase: &str, id: &str, title: &str, hours: Option<f64>, st: Option<&StepState>| {
            let fields = [
                r.id.clone(),
                phase.to_string(),
                id.to_string(),
                title.to_string(),
                st.map_or(Status::Todo, |s| s.status).to_string(),
                st.and_then(|s| s.changed_at)
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                    .unwrap_or_default(),
                hours.map(|h| h.to_string()).unwrap_or_default(),
                st.and_then(|s| s.note.clone()).unwrap_or_default(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        };
    for (s, st) in r.steps.iter().zip(states) {
        let phase = r.phases.get(s.phase).map_or("", |p| p.id.as_str());
        row(phase, &s.id, &s.title, s.hours, st.as_ref());
    }
    for (id, st) in orphans {
        row("", id, "", None, Some(st));
    }
    out
}

pub fn import(g: &GlobalArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let doc: ExportDoc = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not a waymark JSON export (make one with `waymark export ROADMAP --format json`)",
            file.display()
        )
    })?;
    if doc.format != EXPORT_FORMAT {
        bail!(
            "{}: `format` is {:?}, expected {EXPORT_FORMAT:?}",
            file.display(),
            doc.format
        );
    }
    if doc.version > EXPORT_VERSION {
        bail!(
            "{}: export version {} is newer than this waymark understands ({EXPORT_VERSION})",
            file.display(),
            doc.version
        );
    }
    if !catalog::is_slug(&doc.roadmap) {
        bail!(
            "{}: roadmap id {:?} is not a valid id",
            file.display(),
            doc.roadmap
        );
    }
    let mut records = Vec::with_capacity(doc.steps.len());
    let mut problems = Vec::new();
    for (i, s) in doc.steps.iter().enumerate() {
        let status = s.status.parse::<Status>();
        if !catalog::is_slug(&s.id) {
            problems.push(format!("steps[{i}]: step id {:?} is not a valid id", s.id));
        }
        match status {
            Ok(status) => records.push(ImportRecord {
                roadmap: doc.roadmap.clone(),
                step: s.id.clone(),
                status,
                changed_at: s.changed_at,
                note: s.note.clone(),
                note_at: s.note_at,
            }),
            Err(()) => problems.push(format!(
                "steps[{i}] ({}): unknown status {:?} (expected todo, in-progress, done or skipped)",
                s.id, s.status
            )),
        }
    }
    if !problems.is_empty() {
        bail!(
            "{}: {}\nnothing was imported",
            file.display(),
            problems.join("\n")
        );
    }
    let cat = load_catalog(g);
    let mut store = open_store(g)?;
    let sum = store.import(&records, at)?;
    let mut out = format!(
        "imported {} into {}: {} status{} and {} note{} taken from the file; {} kept as they were\n",
        file.display(),
        doc.roadmap,
        sum.statuses,
        if sum.statuses == 1 { "" } else { "es" },
        sum.notes,
        if sum.notes == 1 { "" } else { "s" },
        sum.kept
    );
    match cat.get(&doc.roadmap) {
        None => writeln!(
            out,
            "note: no roadmap `{}` is loaded; its progress is kept and shows in `waymark progress --orphans`",
            doc.roadmap
        )?,
        Some(l) => {
            let ids: HashSet<&str> = l.roadmap.steps.iter().map(|s| s.id.as_str()).collect();
            let unknown = records
                .iter()
                .filter(|r| !ids.contains(r.step.as_str()))
                .count();
            if unknown > 0 {
                writeln!(
                    out,
                    "note: {unknown} step(s) are not in roadmap `{}`; their progress is kept (see `waymark progress --orphans`)",
                    doc.roadmap
                )?;
            }
        }
    }
    write_out(&out)
}
