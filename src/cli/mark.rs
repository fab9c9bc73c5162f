//! Commands that change statuses and notes: done/start/skip/reset, undo, note.
//!
//! Every change goes through the store in one transaction and is committed before the
//! command prints it.

use super::GlobalArgs;
use super::context::{
    Progress, carry_aliases, db_path, load_catalog, now, open_store, resolve, resolve_all,
    write_out,
};
use crate::model::{Effective, Status};
use crate::sanitize::inert;
use crate::store::StoreError;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::process::ExitCode;

// ---------------------------------------------------------------- done/start/skip/reset

pub fn set(g: &GlobalArgs, status: Status, steps: &[String]) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let cat = load_catalog(g);
    let refs = resolve_all(cat, steps)?;
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
    // A reset of a covered step is stored even though it is already todo, so the
    // explicit todo wins over coverage (docs/roadmap-format.md, shared topics).
    let pin: Vec<bool> = if status == Status::Todo {
        let progress = Progress::read(Some(&store), cat)?;
        refs.iter()
            .map(|r| progress.snapshot(cat, r.roadmap).effective[r.index] == Effective::Covered)
            .collect()
    } else {
        Vec::new()
    };
    let made = store.set_statuses_pinning(&changes, &pin, at)?;
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
            Some(c) if c.old == c.new => writeln!(
                out,
                "{}: {full} ({}) — was covered by another roadmap; kept as todo over the coverage",
                c.new,
                inert(r.title())
            )?,
            Some(c) => writeln!(
                out,
                "{}: {full} ({}) — was {}",
                c.new,
                inert(r.title()),
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
    let r = resolve(cat, step)?;
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
