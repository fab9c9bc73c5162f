//! What the CLI and the TUI both need to start: the clock, where the progress database
//! and the user roadmaps are, the catalog and the store opened from them, and progress
//! carried over from renamed steps. Takes plain values (no clap types), so the CLI
//! builds a [`Session`] from its flags and the runtime never names the CLI.

use crate::catalog::{self, Catalog};
use crate::model::Roadmap;
use crate::model::review::Answers;
use crate::store::{ReviewEntry, Store, StoreError};
use anyhow::{Context, anyhow};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

/// Where this run keeps its data: `None` means the XDG default.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The progress database (`--db`, `WAYMARK_DB`).
    pub db: Option<PathBuf>,
    /// The folder of user roadmaps (`--roadmaps`, `WAYMARK_ROADMAPS`).
    pub roadmaps: Option<PathBuf>,
    /// The config file (`--config`, `WAYMARK_CONFIG`); `None` means the XDG default.
    pub config: Option<PathBuf>,
    /// Parse every roadmap, reading and writing no load cache (`--no-cache`,
    /// `WAYMARK_NO_CACHE=1`; `validate` too).
    pub no_cache: bool,
}

impl Session {
    pub fn db_path(&self) -> anyhow::Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => Store::default_path()
                .ok_or_else(|| anyhow!("no home folder to keep progress in; pass --db PATH")),
        }
    }

    /// The user roadmap folder: the one given, else the XDG default.
    pub fn user_dir(&self) -> Option<PathBuf> {
        self.roadmaps.clone().or_else(catalog::default_user_dir)
    }

    /// The bundled roadmaps plus the user's; files that did not load are in `reports`.
    pub fn load_catalog(&self) -> Catalog {
        let started = Instant::now();
        let cache = self.cache();
        let cat = catalog::load_with(self.user_dir().as_deref(), &[], cache.as_ref());
        if tracing() {
            let c = cat.cache;
            trace(&format!(
                "catalog: {} roadmap(s) in {:.2} ms; cache: {}",
                cat.roadmaps.len(),
                started.elapsed().as_secs_f64() * 1e3,
                match cache {
                    Some(_) => format!(
                        "{} hit, {} parsed, {} written; stamps: {} hit, {} written",
                        c.hits, c.parsed, c.written, c.stamp_hits, c.stamps_written
                    ),
                    None => "off".into(),
                }
            ));
        }
        cat
    }

    /// The load cache, unless this run goes without one.
    pub fn cache(&self) -> Option<catalog::Cache> {
        if self.no_cache {
            return None;
        }
        catalog::Cache::default_dir().map(catalog::Cache::new)
    }

    /// Where read-only commands keep stored states between runs (beside the load
    /// cache), unless this run goes without a cache.
    pub fn states_cache_dir(&self) -> Option<PathBuf> {
        let roadmaps = self.cache()?.dir().to_path_buf();
        Some(roadmaps.parent()?.join("states"))
    }

    /// Opens (creating or migrating) the progress database.
    pub fn open_store(&self) -> anyhow::Result<Store> {
        Ok(Store::open(&self.db_path()?)?)
    }
}

/// "Now": `Utc::now()`, or `WAYMARK_NOW` (RFC 3339) so tests can fix the clock.
pub fn now() -> anyhow::Result<DateTime<Utc>> {
    match std::env::var("WAYMARK_NOW") {
        Ok(v) if !v.trim().is_empty() => DateTime::parse_from_rfc3339(v.trim())
            .map(|t| t.with_timezone(&Utc))
            .with_context(|| format!("WAYMARK_NOW={v:?} is not an RFC 3339 time")),
        _ => Ok(Utc::now()),
    }
}

/// Moves progress stored under renamed step ids (`aliases`) to the current ids. Best
/// effort: a read-only database keeps the old rows, which then show as orphans.
pub fn carry_aliases<'a>(
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

/// The local day of an instant (the `TZ` of this process).
pub fn local_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

/// The local UTC offset at an instant: what `model::studylog` takes.
pub fn local_offset(t: DateTime<Utc>) -> FixedOffset {
    *t.with_timezone(&Local).offset()
}

/// Stored review answers as `model::review` takes them: per roadmap id, per step id,
/// (local day, answer) in the order given.
pub fn review_answers(entries: &[ReviewEntry]) -> HashMap<String, Answers> {
    let mut out: HashMap<String, Answers> = HashMap::new();
    for e in entries {
        out.entry(e.roadmap.clone())
            .or_default()
            .entry(e.step.clone())
            .or_default()
            .push((local_day(e.at), e.answer));
    }
    out
}

/// `WAYMARK_TRACE=1`: say on standard error what a run spent its time on (and whether
/// the load cache was used), for profiling and for tests of the cache.
pub fn tracing() -> bool {
    std::env::var_os("WAYMARK_TRACE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// One trace line (our own text: numbers and fixed words only).
pub fn trace(line: &str) {
    eprintln!("waymark trace: {line}");
}
