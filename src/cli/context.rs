//! What every command needs: the clock, the database, the catalog, roadmaps and step
//! references resolved with "did you mean" hints, and output helpers.

use super::GlobalArgs;
use crate::catalog::{self, Catalog};
use crate::model::{Roadmap, Status};
use crate::store::{StepState, Store, StoreError};
use anyhow::{Context, anyhow, bail};
use chrono::{DateTime, Local, NaiveDate, Utc};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

pub(crate) fn now() -> anyhow::Result<DateTime<Utc>> {
    match std::env::var("WAYMARK_NOW") {
        Ok(v) if !v.trim().is_empty() => DateTime::parse_from_rfc3339(v.trim())
            .map(|t| t.with_timezone(&Utc))
            .with_context(|| format!("WAYMARK_NOW={v:?} is not an RFC 3339 time")),
        _ => Ok(Utc::now()),
    }
}

pub(crate) fn db_path(g: &GlobalArgs) -> anyhow::Result<PathBuf> {
    match &g.db {
        Some(p) => Ok(p.clone()),
        None => Store::default_path()
            .ok_or_else(|| anyhow!("no home folder to keep progress in; pass --db PATH")),
    }
}

pub(super) fn open_store(g: &GlobalArgs) -> anyhow::Result<Store> {
    Ok(announce_backup(Store::open(&db_path(g)?)?))
}

/// An upgrade of the database is never silent: say where the old version went.
fn announce_backup(store: Store) -> Store {
    if let Some(backup) = store.backup_path() {
        eprintln!(
            "note: upgraded the progress database; the previous version is saved as {}",
            backup.display()
        );
    }
    store
}

/// The user roadmap folder: `--roadmaps` / `WAYMARK_ROADMAPS`, else the XDG default.
pub(crate) fn user_dir(g: &GlobalArgs) -> Option<PathBuf> {
    g.roadmaps.clone().or_else(catalog::default_user_dir)
}

pub(super) fn load_catalog(g: &GlobalArgs) -> Catalog {
    let cat = catalog::load(user_dir(g).as_deref());
    if !cat.reports.is_empty() {
        let files: Vec<String> = cat.reports.iter().map(|r| r.source.display()).collect();
        eprintln!(
            "warning: {} roadmap file(s) did not load ({}); run `waymark validate` for details",
            files.len(),
            files.join(", ")
        );
    }
    cat
}

/// Moves progress stored under renamed step ids (`aliases`) to the current ids. Best
/// effort: a read-only database keeps the old rows, which then show as orphans.
pub(crate) fn carry_aliases<'a>(
    store: &mut Store,
    roadmaps: impl IntoIterator<Item = &'a Roadmap>,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    for r in roadmaps {
        let pairs: Vec<(&str, &str)> = r
            .steps
            .iter()
            .flat_map(|s| s.aliases.iter().map(move |a| (a.as_str(), s.id.as_str())))
            .collect();
        if pairs.is_empty() {
            continue;
        }
        match store.carry_aliases(&r.id, &pairs, at) {
            Ok(_) | Err(StoreError::ReadOnly { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Stored statuses of a roadmap's steps, indexed like `roadmap.steps`.
pub(super) fn step_states(
    store: &Store,
    roadmap: &Roadmap,
) -> anyhow::Result<Vec<Option<StepState>>> {
    // Only this roadmap's steps are looked up: progress kept for ids it no longer has
    // (a huge import, say) costs nothing here.
    let ids: Vec<&str> = roadmap.steps.iter().map(|s| s.id.as_str()).collect();
    let mut states = store.states_of(&roadmap.id, &ids)?;
    // Progress kept under a former id (not yet carried over, e.g. a read-only
    // database) still counts for the renamed step.
    for (s, st) in roadmap.steps.iter().zip(&mut states) {
        if st.is_none() && !s.aliases.is_empty() {
            let aliases: Vec<&str> = s.aliases.iter().map(String::as_str).collect();
            *st = store
                .states_of(&roadmap.id, &aliases)?
                .into_iter()
                .flatten()
                .next();
        }
    }
    Ok(states)
}

pub(super) fn statuses_of(states: &[Option<StepState>]) -> Vec<Status> {
    states
        .iter()
        .map(|s| s.as_ref().map_or(Status::Todo, |s| s.status))
        .collect()
}

/// Up to three of `candidates` that look like `query`, best first.
pub(super) fn closest<'a>(
    query: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let q = query.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let mut score = strsim::jaro_winkler(&q, &c.to_lowercase());
            if !q.is_empty() && c.contains(q.as_str()) {
                score = score.max(0.9);
            }
            (score, c)
        })
        .filter(|(s, _)| *s >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

pub(super) fn did_you_mean(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        _ => format!(
            "; did you mean {}?",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub(super) fn find_roadmap<'c>(cat: &'c Catalog, id: &str) -> anyhow::Result<&'c Roadmap> {
    if let Some(l) = cat.get(id) {
        return Ok(&l.roadmap);
    }
    let ids: Vec<&str> = cat.roadmaps.iter().map(|l| l.roadmap.id.as_str()).collect();
    let hint = did_you_mean(&closest(id, ids.iter().copied()));
    if hint.is_empty() && !ids.is_empty() {
        bail!("no roadmap `{id}`; the roadmaps are: {}", ids.join(", "));
    }
    bail!("no roadmap `{id}`{hint}")
}

/// A resolved `ROADMAP/STEP`.
pub(super) struct StepRef<'c> {
    pub(super) roadmap: &'c Roadmap,
    pub(super) index: usize,
}

impl StepRef<'_> {
    pub(super) fn step_id(&self) -> &str {
        &self.roadmap.steps[self.index].id
    }
    pub(super) fn title(&self) -> &str {
        &self.roadmap.steps[self.index].title
    }
}

pub(super) fn resolve<'c>(cat: &'c Catalog, text: &str) -> anyhow::Result<StepRef<'c>> {
    let Some((r, s)) = text.split_once('/') else {
        bail!("`{text}`: expected ROADMAP/STEP, e.g. `backend-steps/http-and-https`");
    };
    let roadmap = find_roadmap(cat, r.trim()).with_context(|| format!("`{text}`"))?;
    let s = s.trim();
    let index = roadmap.steps.iter().position(|st| st.id == s).or_else(|| {
        roadmap
            .steps
            .iter()
            .position(|st| st.aliases.iter().any(|a| a == s))
    });
    match index {
        Some(index) => Ok(StepRef { roadmap, index }),
        None => {
            let ids = roadmap.steps.iter().map(|st| st.id.as_str());
            let hint = did_you_mean(&closest(s, ids));
            let hint = if hint.is_empty() {
                format!("; `waymark show {}` lists its steps", roadmap.id)
            } else {
                hint
            };
            bail!("`{text}`: roadmap `{}` has no step `{s}`{hint}", roadmap.id)
        }
    }
}

/// Resolves every reference, reporting all the bad ones at once.
pub(super) fn resolve_all<'c>(
    cat: &'c Catalog,
    texts: &[String],
) -> anyhow::Result<Vec<StepRef<'c>>> {
    if texts.is_empty() {
        bail!("name at least one step as ROADMAP/STEP");
    }
    let mut refs = Vec::new();
    let mut errors = Vec::new();
    for t in texts {
        match resolve(cat, t) {
            Ok(r) => refs.push(r),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    if !errors.is_empty() {
        bail!("{}\nnothing was changed", errors.join("\n"));
    }
    Ok(refs)
}

pub(super) fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Local).date_naive()
}

/// Keeps terminal control characters out of what we print.
pub(super) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '�'
            } else {
                c
            }
        })
        .collect()
}

pub(super) fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub(super) fn fmt_hours(h: f64) -> String {
    if (h - h.round()).abs() < 0.05 {
        format!("{:.0}", h)
    } else {
        format!("{:.1}", h)
    }
}

pub(super) fn write_out(out: &str) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // `waymark log | head`: not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("writing to standard output"),
    }
}

/// Stored statuses of each roadmap, for read-only commands. A database that does not
/// exist yet means nothing is done, and is not created just to be read.
pub(super) fn read_statuses<'r>(
    g: &GlobalArgs,
    roadmaps: impl IntoIterator<Item = &'r Roadmap>,
) -> anyhow::Result<Vec<Vec<Status>>> {
    let path = db_path(g)?;
    let store = if path.exists() {
        Some(announce_backup(Store::open_for_reading(&path)?))
    } else {
        None
    };
    roadmaps
        .into_iter()
        .map(|r| match &store {
            Some(store) => Ok(statuses_of(&step_states(store, r)?)),
            None => Ok(vec![Status::Todo; r.steps.len()]),
        })
        .collect()
}
