//! Moving progress in and out: export (Markdown, JSON, CSV) and import (JSON).

use super::context::{
    Progress, carry_aliases, eprint_inert, find_roadmap, fmt_hours, json_text, load_catalog, now,
    open_store, today, write_out,
};
use super::{ExportFormat, GlobalArgs};
use crate::catalog::{self};
use crate::model::progress::Snapshot;
use crate::model::{Roadmap, Status};
use crate::sanitize::{inert, inert_lines};
use crate::store::{ImportRecord, StepState};
use anyhow::{Context, anyhow, bail};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Marks a JSON export, so `import` can tell it from other JSON.
const EXPORT_FORMAT: &str = "waymark-progress";
const EXPORT_VERSION: u32 = 1;

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
    let r = find_roadmap(cat, roadmap)?;
    let mut store = open_store(g)?;
    carry_aliases(&mut store, [r], at)?;
    // Markdown is for reading: covered steps show as `show` shows them. JSON and CSV
    // carry the stored statuses only, so an import never turns coverage into ticks.
    let progress = Progress::read(Some(&store), cat)?;
    let snap = progress.snapshot(cat, r);
    let covered_by = progress.covered_by(cat, r, &snap);
    let mut stored = store.statuses(&r.id)?;
    let states: Vec<Option<StepState>> = r.steps.iter().map(|s| stored.remove(&s.id)).collect();
    // Whatever is left is progress for steps the roadmap no longer has: export it too,
    // so a JSON export loses nothing.
    let mut orphans: Vec<(String, StepState)> = stored.into_iter().collect();
    orphans.sort_by(|a, b| a.0.cmp(&b.0));

    let text = match format {
        ExportFormat::Md => export_md(r, &snap, &covered_by, &states, at),
        ExportFormat::Json => export_json(r, &states, &orphans, at)?,
        ExportFormat::Csv => export_csv(r, &states, &orphans)?,
    };
    match out {
        None => write_out(&text),
        Some(path) => {
            if let crate::fsx::Written::File(_) = crate::fsx::write_atomic(path, text.as_bytes())? {
                eprint_inert(&format!("wrote {}", path.display()));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Roadmap text or a note line as Markdown text: made inert, then the characters that
/// would turn it into markup (a table cell break, emphasis, HTML) escaped.
fn md(s: &str) -> String {
    let s = inert(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '|' | '*' | '_' | '<' | '`' | '~' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `snap` and `covered_by` with coverage, as [`super::context::Progress`] gives them.
fn export_md(
    r: &Roadmap,
    snap: &Snapshot,
    covered_by: &[Vec<String>],
    states: &[Option<StepState>],
    at: DateTime<Utc>,
) -> String {
    let t = snap.summary.total;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&r.title));
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
        let _ = writeln!(out, "\n## {}\n", md(&p.title));
        for i in r.phase_steps(pi) {
            let s = &r.steps[i];
            let title = md(&s.title);
            let line = match snap.effective[i] {
                crate::model::progress::Effective::Done => format!("- [x] {title}"),
                crate::model::progress::Effective::InProgress => {
                    format!("- [ ] {title} _(in progress)_")
                }
                crate::model::progress::Effective::Skipped => {
                    format!("- [ ] ~~{title}~~ _(skipped)_")
                }
                crate::model::progress::Effective::NotNeeded => {
                    format!("- [ ] ~~{title}~~ _(not needed: another option was done)_")
                }
                crate::model::progress::Effective::Todo => format!("- [ ] {title}"),
                crate::model::progress::Effective::Covered => {
                    let by: Vec<String> = covered_by[i].iter().map(|id| md(id)).collect();
                    format!("- [x] {title} _(covered by {})_", by.join(", "))
                }
            };
            let _ = writeln!(out, "{line}");
            if let Some(note) = states[i].as_ref().and_then(|s| s.note.as_deref()) {
                for l in note.lines() {
                    let _ = writeln!(out, "  > {}", md(l));
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
    json_text(&doc)
}

/// One CSV cell: made inert (line breaks in notes kept, the field is quoted), and a
/// leading `=`, `+`, `-` or `@` defused with `'` so a spreadsheet does not run it as a
/// formula.
fn csv_cell(s: &str) -> String {
    let s = inert_lines(s);
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

/// RFC 4180: a header, then a row per step (orphaned progress last), lines end in CRLF.
fn export_csv(
    r: &Roadmap,
    states: &[Option<StepState>],
    orphans: &[(String, StepState)],
) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record([
        "roadmap",
        "phase",
        "step",
        "title",
        "status",
        "changed_at",
        "hours",
        "note",
    ])?;
    let mut row = |phase: &str,
                   id: &str,
                   title: &str,
                   hours: Option<f64>,
                   st: Option<&StepState>|
     -> csv::Result<()> {
        let fields = [
            r.id.as_str(),
            phase,
            id,
            title,
            st.map_or(Status::Todo, |s| s.status).as_str(),
            &st.and_then(|s| s.changed_at)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
            &hours.map(|h| h.to_string()).unwrap_or_default(),
            st.and_then(|s| s.note.as_deref()).unwrap_or_default(),
        ];
        w.write_record(fields.map(csv_cell))
    };
    for (s, st) in r.steps.iter().zip(states) {
        let phase = r.phases.get(s.phase).map_or("", |p| p.id.as_str());
        row(phase, &s.id, &s.title, s.hours, st.as_ref())?;
    }
    for (id, st) in orphans {
        row("", id, "", None, Some(st))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| anyhow!("writing CSV: {}", e.error()))?;
    Ok(String::from_utf8(bytes)?)
}

/// The roadmap id and the records of a JSON progress export, every field checked (ids,
/// statuses, times at most a day after `at`). Pure, so it can be fuzzed; `file` only
/// names the input in messages.
pub fn parse_progress(
    file: &Path,
    bytes: &[u8],
    at: DateTime<Utc>,
) -> anyhow::Result<(String, Vec<ImportRecord>)> {
    let doc: ExportDoc = serde_json::from_slice(bytes).with_context(|| {
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
        // A time far ahead would win every later merge and count as recent for weeks.
        let latest = at + chrono::Duration::days(1);
        for (field, t) in [("changed_at", s.changed_at), ("note_at", s.note_at)] {
            if let Some(t) = t.filter(|t| *t > latest) {
                problems.push(format!(
                    "steps[{i}] ({}): {field} {} is more than a day in the future (now is {}); fix the time in the file",
                    s.id,
                    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ));
            }
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
    Ok((doc.roadmap, records))
}

pub fn import(g: &GlobalArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let bytes = crate::fsx::read_input(file, crate::fsx::MAX_INPUT_BYTES)?;
    let (roadmap, records) = parse_progress(file, &bytes, at)?;
    let cat = load_catalog(g);
    let mut store = open_store(g)?;
    let sum = store.import(&records, at)?;
    let mut out = format!(
        "imported {} into {}: {} status{} and {} note{} taken from the file; {} kept as they were\n",
        file.display(),
        roadmap,
        sum.statuses,
        if sum.statuses == 1 { "" } else { "es" },
        sum.notes,
        if sum.notes == 1 { "" } else { "s" },
        sum.kept
    );
    match cat.get(&roadmap) {
        None => writeln!(
            out,
            "note: no roadmap `{}` is loaded; its progress is kept and shows in `waymark progress --orphans`",
            roadmap
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
                    roadmap
                )?;
            }
        }
    }
    write_out(&out)
}
