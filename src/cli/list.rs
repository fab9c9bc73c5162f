//! `waymark list`: one row per roadmap, with its progress.
//!
//! The rows follow from the catalog and the stored states alone, so they are kept in the
//! states cache (src/cli/states_cache.rs) under a key that the roadmap files' stamps
//! give without loading the catalog: a `list` over unchanged roadmaps and an unchanged
//! database reads one small file instead of decoding every roadmap.

use super::GlobalArgs;
use super::context::{self, fmt_hours, read_progress_cached, write_out};
use super::states_cache::Derived;
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(Serialize, bitcode::Encode, bitcode::Decode)]
struct ListRow {
    id: String,
    title: String,
    source: String,
    phases: usize,
    steps: usize,
    /// Steps in the denominator of `done`: skipped and not-needed steps left out, as in
    /// `progress` and the interface (`model::progress::Tally::counted`).
    counted: usize,
    /// Known hours; `steps_without_hours` says how many steps have no estimate.
    hours: f64,
    hours_done: f64,
    steps_without_hours: usize,
    done: usize,
    /// Of `done`: covered by done steps of other roadmaps (shared topics).
    covered: usize,
    skipped: usize,
    in_progress: usize,
    percent: u8,
}

/// `waymark list`: one row per roadmap.
pub fn list(g: &GlobalArgs, json: bool) -> anyhow::Result<ExitCode> {
    let rows = match remembered(g) {
        Some(rows) => rows,
        None => computed(g)?,
    };
    write_out(&render(&rows, json)?)
}

/// The rows kept for the roadmap files and the database as they are now, if any.
fn remembered(g: &GlobalArgs) -> Option<Vec<ListRow>> {
    let cache = context::states_cache_by_stamps(g)?;
    let rows = bitcode::decode(&cache.read_derived(Derived::ListRows)?).ok()?;
    if crate::session::tracing() {
        crate::session::trace("list: rows from the cache");
    }
    Some(rows)
}

/// The rows from the loaded catalog and the stored states, kept for the next run.
fn computed(g: &GlobalArgs) -> anyhow::Result<Vec<ListRow>> {
    let catalog = context::load_catalog(g);
    let (progress, cache) = read_progress_cached(g, catalog)?;
    let mut rows = Vec::with_capacity(catalog.roadmaps.len());
    for loaded in &catalog.roadmaps {
        let r = &loaded.roadmap;
        let t = progress.snapshot(catalog, r).summary.total;
        rows.push(ListRow {
            id: r.id.clone(),
            title: r.title.clone(),
            source: loaded.source.display(),
            phases: r.phases.len(),
            steps: r.steps.len(),
            counted: t.counted(),
            hours: t.hours,
            hours_done: t.hours_done,
            steps_without_hours: r.steps_without_hours(),
            done: t.done,
            covered: t.covered,
            skipped: t.skipped,
            in_progress: t.in_progress,
            percent: t.percent(),
        });
    }
    // A load that reported files keeps nothing: the rows would be found again only
    // for the same files, whose report this run printed and a remembered list would not.
    if let Some(cache) = cache
        && catalog.reports.is_empty()
    {
        cache.write_derived(Derived::ListRows, &bitcode::encode(&rows));
    }
    Ok(rows)
}

fn render(rows: &[ListRow], json: bool) -> anyhow::Result<String> {
    if json {
        return context::json_text(&rows);
    }
    let mut out = String::new();
    let id_w = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let title_w = rows
        .iter()
        .map(|r| r.title.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 44);
    let _ = writeln!(
        out,
        "{:id_w$}  {:title_w$}  {:>6}  {:>5}  {:>7}  {:>10}",
        "ID", "TITLE", "PHASES", "STEPS", "HOURS", "DONE"
    );
    for r in rows {
        let hours = if r.hours > 0.0 {
            fmt_hours(r.hours)
        } else {
            "—".to_string()
        };
        let _ = writeln!(
            out,
            "{:id_w$}  {:title_w$}  {:>6}  {:>5}  {:>7}  {:>10}",
            r.id,
            truncate(&r.title, title_w),
            r.phases,
            r.steps,
            hours,
            format!("{}/{} {:>3}%", r.done, r.counted, r.percent),
        );
    }
    Ok(out)
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
