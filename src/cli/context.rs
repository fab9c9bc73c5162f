//! What every command needs: the clock, the database, the catalog, roadmaps and step
//! references resolved with "did you mean" hints, and output helpers.
//!
//! Over 500 lines: every command starts here, and reading progress (the stored-states
//! cache, then SQLite) must behave the same for all of them.

use super::GlobalArgs;
use crate::catalog::Catalog;
use crate::model::{Coverage, Roadmap, Snapshot, Status};
use crate::sanitize::{inert_lines, is_unsafe};
use crate::store::{StepState, Store};
use anyhow::{Context, bail};
use chrono::{DateTime, Local, NaiveDate, Utc};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

use super::schedule::TimeFacts;
use super::states_cache::StatesCache;
pub(super) use crate::session::{carry_aliases, now};

pub(super) fn db_path(g: &GlobalArgs) -> anyhow::Result<PathBuf> {
    g.session().db_path()
}

pub(super) fn open_store(g: &GlobalArgs) -> anyhow::Result<Store> {
    Ok(announce_backup(g.session().open_store()?))
}

/// An upgrade of the database is never silent: say where the old version went.
fn announce_backup(store: Store) -> Store {
    if let Some(backup) = store.backup_path() {
        eprint_inert(&format!(
            "note: upgraded the progress database; the previous version is saved as {}",
            backup.display()
        ));
    }
    store
}

/// The config (`--config` / `WAYMARK_CONFIG` / the XDG default), read once per process.
/// Its problems are warnings, printed once: what is wrong is ignored and the command goes
/// on.
pub(crate) fn config(g: &GlobalArgs) -> &'static crate::config::Config {
    static CONFIG: std::sync::OnceLock<crate::config::Config> = std::sync::OnceLock::new();
    CONFIG.get_or_init(|| {
        let loaded = crate::config::load(g.config.as_deref());
        if let Some(report) = loaded.report() {
            eprint!("warning: problems in the config file\n{report}");
        }
        loaded.config
    })
}

/// `STEP` alone means `DEFAULT/STEP` when the config names a `default_roadmap`; the
/// usual "no step" error (with its hints) follows when that roadmap has no such step.
pub(super) fn with_default_roadmap(
    config: &crate::config::Config,
    steps: Vec<String>,
) -> Vec<String> {
    match &config.default_roadmap {
        Some(r) => steps
            .into_iter()
            .map(|s| {
                if s.contains('/') {
                    s
                } else {
                    format!("{r}/{s}")
                }
            })
            .collect(),
        None => steps,
    }
}

/// The user roadmap folder: `--roadmaps` / `WAYMARK_ROADMAPS`, else the XDG default.
pub(crate) fn user_dir(g: &GlobalArgs) -> Option<PathBuf> {
    g.roadmaps.clone().or_else(crate::catalog::default_user_dir)
}

/// The catalog for this command. It lives until the process exits: a command loads it
/// once and freeing its thousands of strings at the end only costs time.
pub(super) fn load_catalog(g: &GlobalArgs) -> &'static Catalog {
    let cat: &'static Catalog = Box::leak(Box::new(g.session().load_catalog()));
    if !cat.reports.is_empty() {
        let files: Vec<String> = cat.reports.iter().map(|r| r.source.display()).collect();
        eprint_inert(&format!(
            "warning: {} roadmap file(s) did not load ({}); run `waymark validate` for details",
            files.len(),
            files.join(", ")
        ));
    }
    cat
}

/// Stored statuses of a roadmap's steps, indexed like `roadmap.steps`.
pub(super) fn step_states(
    store: &Store,
    roadmap: &Roadmap,
) -> anyhow::Result<Vec<Option<StepState>>> {
    Ok(step_states_each(store, std::slice::from_ref(roadmap))?
        .pop()
        .expect("one roadmap asked, one answer"))
}

/// [`step_states`] for each of `roadmaps`, read together (one scan for a whole catalog).
pub(super) fn step_states_each<'r>(
    store: &Store,
    roadmaps: impl IntoIterator<Item = &'r Roadmap> + Clone,
) -> anyhow::Result<Vec<Vec<Option<StepState>>>> {
    // Only these roadmaps' steps are looked up: progress kept for ids they no longer
    // have (a huge import, say) costs nothing here.
    let wanted: Vec<(&str, Vec<&str>)> = roadmaps
        .clone()
        .into_iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.steps.iter().map(|s| s.id.as_str()).collect(),
            )
        })
        .collect();
    let mut all = store.states_of_each(&wanted)?;
    // Progress kept under a former id (not yet carried over, e.g. a read-only
    // database) still counts for the renamed step.
    for (roadmap, states) in roadmaps.into_iter().zip(&mut all) {
        for (s, st) in roadmap.steps.iter().zip(states.iter_mut()) {
            if st.is_none() && !s.aliases.is_empty() {
                let aliases: Vec<&str> = s.aliases.iter().map(String::as_str).collect();
                *st = store
                    .states_of(&roadmap.id, &aliases)?
                    .into_iter()
                    .flatten()
                    .next();
            }
        }
    }
    Ok(all)
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
    crate::model::suggest::closest(query, candidates, 3)
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

/// A resolved `ROADMAP/STEP` (the one such type; `model::StepRef` is a prerequisite as
/// written in a roadmap file).
pub(super) struct ResolvedStep<'c> {
    pub(super) roadmap: &'c Roadmap,
    pub(super) index: usize,
}

impl ResolvedStep<'_> {
    pub(super) fn step_id(&self) -> &str {
        &self.roadmap.steps[self.index].id
    }
    pub(super) fn title(&self) -> &str {
        &self.roadmap.steps[self.index].title
    }
}

pub(super) fn resolve<'c>(cat: &'c Catalog, text: &str) -> anyhow::Result<ResolvedStep<'c>> {
    let Some((r, s)) = text.split_once('/') else {
        bail!(
            "`{text}`: expected ROADMAP/STEP, e.g. `backend-steps/http-and-https` \
             (or set `default_roadmap` in the config)"
        );
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
        Some(index) => Ok(ResolvedStep { roadmap, index }),
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
) -> anyhow::Result<Vec<ResolvedStep<'c>>> {
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
    crate::model::schedule::local_day(now, &Local)
}

pub(super) fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// `n` and its noun: "1 week", "3 weeks".
pub(super) fn plural(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn fmt_hours(h: f64) -> String {
    if (h - h.round()).abs() < 0.05 {
        // Whole hours as an integer: `{:.0}` takes the exact (Dragon) path of float
        // formatting, 8 % of a 2,000-step `show`. Same text for any hours a roadmap
        // can hold (finite, not negative, below 2^53).
        if (0.0..9.0e15).contains(&h) {
            return (h.round() as u64).to_string();
        }
        format!("{:.0}", h)
    } else {
        format!("{:.1}", h)
    }
}

/// Prints human-readable text on standard output, made inert line by line: every
/// report goes through here, so nothing a roadmap, a note or an argument holds can
/// drive the terminal. (JSON from [`json_text`] passes unchanged.)
pub(super) fn write_out(out: &str) -> anyhow::Result<ExitCode> {
    write_raw(&inert_lines(out))
}

/// A line (or lines) on standard error, made inert like [`write_out`].
pub(crate) fn eprint_inert(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{}", inert_lines(msg));
}

/// Standard output exactly as given: only for text we generate ourselves (completions).
pub(super) fn write_raw(out: &str) -> anyhow::Result<ExitCode> {
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

/// Pretty JSON, ending with a newline, that is inert even when `cat` to a terminal:
/// serde_json escapes C0 controls, and every other character the sanitizer rejects
/// (DEL, C1 controls, bidi, zero-width) is written as a `\uXXXX` escape too. Such
/// characters can only occur inside JSON strings, where the escape means the same.
pub(super) fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> anyhow::Result<String> {
    let raw = serde_json::to_string_pretty(value)?;
    let mut out = String::with_capacity(raw.len() + 1);
    for c in raw.chars() {
        // Raw line breaks are the pretty printer's own; those in strings are escaped.
        if c != '\n' && is_unsafe(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    Ok(out)
}

/// Every loaded roadmap's stored states (indexed like `Catalog::roadmaps`) and the
/// shared-topic coverage they give each other, built once per command.
pub(super) struct Progress {
    pub(super) states: Vec<Vec<Option<StepState>>>,
    pub(super) coverage: Coverage,
}

impl Progress {
    /// From an open store; `None` (no database yet) means nothing is done.
    pub(super) fn read(store: Option<&Store>, cat: &Catalog) -> anyhow::Result<Progress> {
        let roadmaps = cat.roadmaps.iter().map(|l| &l.roadmap);
        let states = match store {
            Some(store) => step_states_each(store, roadmaps)?,
            None => roadmaps.map(|r| vec![None; r.steps.len()]).collect(),
        };
        Ok(Progress::from_states(states, cat))
    }

    /// From each roadmap's stored states (indexed like `Catalog::roadmaps`).
    pub(super) fn from_states(states: Vec<Vec<Option<StepState>>>, cat: &Catalog) -> Progress {
        let statuses: Vec<Vec<Status>> = states.iter().map(|s| statuses_of(s)).collect();
        let coverage = Coverage::new(
            cat.roadmaps
                .iter()
                .zip(&statuses)
                .map(|(l, s)| (&l.roadmap, s.as_slice())),
        );
        Progress { states, coverage }
    }

    /// Index of `roadmap` in the catalog.
    pub(super) fn index(cat: &Catalog, roadmap: &Roadmap) -> usize {
        cat.roadmaps
            .iter()
            .position(|l| l.roadmap.id == roadmap.id)
            .unwrap_or(usize::MAX)
    }

    pub(super) fn states_of(&self, cat: &Catalog, roadmap: &Roadmap) -> Vec<Option<StepState>> {
        self.states
            .get(Progress::index(cat, roadmap))
            .cloned()
            .unwrap_or_else(|| vec![None; roadmap.steps.len()])
    }

    /// The roadmap's progress with covered steps: a step whose status was ever set
    /// (a stored change, `reset` included) keeps it.
    pub(super) fn snapshot(&self, cat: &Catalog, roadmap: &Roadmap) -> Snapshot {
        let r = Progress::index(cat, roadmap);
        let unknown;
        let states: &[Option<StepState>] = match self.states.get(r) {
            Some(states) => states,
            None => {
                unknown = vec![None; roadmap.steps.len()];
                &unknown
            }
        };
        let explicit: Vec<bool> = states
            .iter()
            .map(|s| s.as_ref().is_some_and(|s| s.changed_at.is_some()))
            .collect();
        let covered = self.coverage.covered_steps(r, roadmap, &explicit);
        Snapshot::with_covered(roadmap, &statuses_of(states), &covered)
    }

    /// Per step of `roadmap`: for a covered one, the `roadmap/step` ids of the done steps
    /// of other roadmaps that cover it; empty otherwise.
    pub(super) fn covered_by(
        &self,
        cat: &Catalog,
        roadmap: &Roadmap,
        snapshot: &Snapshot,
    ) -> Vec<Vec<String>> {
        let r = Progress::index(cat, roadmap);
        roadmap
            .steps
            .iter()
            .zip(&snapshot.effective)
            .map(|(s, e)| match e {
                crate::model::Effective::Covered => self
                    .coverage
                    .covering(r, &s.topics)
                    .into_iter()
                    .map(|(cr, cs)| {
                        let other = &cat.roadmaps[cr].roadmap;
                        format!("{}/{}", other.id, other.steps[cs].id)
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect()
    }
}

/// The database for a command that only reads; `None` when it does not exist yet (it is
/// not created just to be read).
pub(super) fn open_existing(g: &GlobalArgs) -> anyhow::Result<Option<Store>> {
    let path = db_path(g)?;
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(announce_backup(Store::open_for_reading(&path)?)))
}

/// [`Progress`] for read-only commands. A database that does not exist yet means
/// nothing is done, and is not created just to be read. The states come from the
/// states cache (src/cli/states_cache.rs) when the database did not change since they
/// were kept.
pub(super) fn read_progress(g: &GlobalArgs, cat: &Catalog) -> anyhow::Result<Progress> {
    Ok(read_progress_cached(g, cat)?.0)
}

/// [`read_progress`], and the states cache it went through, to keep with it what the
/// command derives from the states (`list`'s rows).
pub(super) fn read_progress_cached(
    g: &GlobalArgs,
    cat: &Catalog,
) -> anyhow::Result<(Progress, Option<StatesCache>)> {
    let path = db_path(g)?;
    if !path.exists() {
        return Ok((Progress::read(None, cat)?, None));
    }
    let cache = states_cache(g, &path, cat.identity());
    if let Some(kept) = cache.as_ref().and_then(StatesCache::read) {
        trace_hit();
        return Ok((Progress::from_states(kept.states, cat), cache));
    }
    let store = announce_backup(Store::open_for_reading(&path)?);
    let progress = Progress::read(Some(&store), cat)?;
    if let Some(cache) = &cache {
        cache.write(&progress, &vec![None; cat.roadmaps.len()]);
    }
    Ok((progress, cache))
}

/// The states cache for the database at `db` and the catalog of this `identity`, unless
/// this run goes without a cache.
fn states_cache(g: &GlobalArgs, db: &Path, identity: Option<u128>) -> Option<StatesCache> {
    StatesCache::new(&g.session().states_cache_dir()?, db, identity?)
}

/// The states cache for the database and the catalog as the roadmap files' stamps name
/// it, without loading the catalog; `None` whenever only a load can tell (see
/// [`crate::catalog::identity_of_files`]) or the database does not exist yet.
pub(super) fn states_cache_by_stamps(g: &GlobalArgs) -> Option<StatesCache> {
    let session = g.session();
    let identity =
        crate::catalog::identity_of_files(session.user_dir().as_deref(), &session.cache()?);
    let path = session.db_path().ok()?;
    states_cache(g, &path, identity)
}

fn trace_hit() {
    if crate::session::tracing() {
        crate::session::trace("states: from the cache");
    }
}

/// [`read_progress`] with the time facts of the `chosen` roadmaps (indexes into
/// `Catalog::roadmaps`), for `progress`: both come from the states cache when it holds
/// them for the database as it is, else from the database (never created here).
pub(super) fn read_timed(
    g: &GlobalArgs,
    cat: &Catalog,
    chosen: &[usize],
    at: DateTime<Utc>,
) -> anyhow::Result<(Progress, Vec<TimeFacts>, Option<StatesCache>)> {
    let path = db_path(g)?;
    if !path.exists() {
        let facts = chosen.iter().map(|_| TimeFacts::none(at)).collect();
        return Ok((Progress::read(None, cat)?, facts, None));
    }
    let cache = states_cache(g, &path, cat.identity());
    let kept = cache.as_ref().and_then(StatesCache::read);
    let mut kept_facts = kept
        .as_ref()
        .map(|k| k.facts(cat.roadmaps.len()))
        .unwrap_or_else(|| vec![None; cat.roadmaps.len()]);
    let usable = |i: usize| {
        kept_facts
            .get(i)
            .and_then(Option::as_ref)
            .is_some_and(|f| f.cover(at))
    };
    if kept.is_some() && chosen.iter().all(|&i| usable(i)) {
        trace_hit();
        let facts = chosen
            .iter()
            .filter_map(|&i| kept_facts[i].clone())
            .collect();
        let states = kept.map(|k| k.states).unwrap_or_default();
        return Ok((Progress::from_states(states, cat), facts, cache));
    }
    let store = announce_backup(Store::open_for_reading(&path)?);
    let (progress, facts) = store.reading(|store| -> anyhow::Result<_> {
        let progress = match kept {
            Some(k) => Progress::from_states(k.states, cat),
            None => Progress::read(Some(store), cat)?,
        };
        let facts = chosen
            .iter()
            .map(|&i| TimeFacts::read(store, &cat.roadmaps[i].roadmap.id, at))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok((progress, facts))
    })?;
    if let Some(cache) = &cache {
        // What the entry held for other roadmaps is still true of this database.
        for (&i, f) in chosen.iter().zip(&facts) {
            if let Some(slot) = kept_facts.get_mut(i) {
                *slot = Some(f.clone());
            }
        }
        cache.write(&progress, &kept_facts);
    }
    Ok((progress, facts, cache))
}

#[cfg(test)]
mod tests;
