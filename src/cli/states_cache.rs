//! Stored states kept beside the load cache, so a read-only command whose database did
//! not change since an earlier run does not open SQLite at all (opening it, reading its
//! schema and every state row was half of a `waymark list`).
//!
//! One entry per database file (named by a hash of its path, so entries do not pile
//! up), framed as the load cache's entries and holding the key it was written for: a
//! hash of the database file's and its WAL file's [`Stamp`]s (path, size, modification
//! and change times, inode, device; the WAL's without its change time) and of the
//! catalog's identity (src/catalog/identity.rs: each loaded file's source and load-cache
//! key, so its roadmaps, steps and former ids), with the version. Every committed
//! write changes the WAL file or, at a checkpoint, the database file, and a file replaced by
//! a sync tool gets a new inode. Stamps are taken before the read and the entry written
//! only if they held still across it and both files were last modified at least 2 s
//! earlier (git's rule for racy timestamps: a write within the clock's granularity
//! could leave a stamp unchanged). Anything unusable is a miss, never an error.
//!
//! Beside the states, an entry can hold a roadmap's [`TimeFacts`] (pace, plan, history of
//! the estimate's window), written by `progress`. The window moves with the clock, not
//! with the database, so facts read for an earlier window still hold every later one's
//! history: what they lack is only what happened before their window, never after.
//!
//! Beside the entry, files of their own keep what `list` and `progress` derive from the
//! catalog and the states alone ([`Derived`]), under the same key. The key can be
//! computed from the files' stamps without loading the catalog
//! ([`crate::catalog::identity_of_files`]), so a `list` or `progress` whose roadmaps
//! and database did not change decodes no roadmap at all.

use super::context::Progress;
use super::schedule::{Pace, TimeFacts};
use crate::catalog::{Stamp, framed, read_regular, replace_file, unframed};
use crate::model::Status;
use crate::store::StepState;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

const MAGIC: &[u8; 8] = b"WAYMARK\x1e";
/// Bump when the entry layout changes.
const FORMAT: u32 = 3;
/// An entry larger than this is not read.
const MAX_ENTRY: u64 = 1 << 30;

/// A stored state as kept in an entry (times in ms since the epoch, as in SQLite).
#[derive(bitcode::Encode, bitcode::Decode)]
struct Kept {
    status: u8,
    changed_at: Option<i64>,
    note: Option<String>,
    note_at: Option<i64>,
}

/// [`TimeFacts`] as kept in an entry.
#[derive(bitcode::Encode, bitcode::Decode)]
struct KeptFacts {
    /// Hours per week, and whether the roadmap's own.
    pace: Option<(f64, bool)>,
    first_change: Option<i64>,
    /// Days since 0001-01-01.
    plan_start: Option<i32>,
    done: Vec<(String, i64)>,
    done_from: i64,
}

#[derive(bitcode::Encode, bitcode::Decode)]
struct Payload {
    /// `Vec<Vec<Option<Kept>>>` indexed like `Catalog::roadmaps`, then like each
    /// roadmap's steps; encoded apart, so that a remembered `progress` does not decode it.
    states: Vec<u8>,
    /// `Vec<Option<KeptFacts>>` indexed like `Catalog::roadmaps`, `None` where no
    /// `progress` read them; encoded apart, so that `list` and `show` do not decode it.
    facts: Vec<u8>,
}

/// What an entry holds: the states restored, the time facts still encoded.
pub(super) struct Cached {
    pub(super) states: Vec<Vec<Option<StepState>>>,
    facts: Vec<u8>,
}

impl Cached {
    /// The time facts kept, indexed like `Catalog::roadmaps`; all `None` when damaged.
    pub(super) fn facts(&self, roadmaps: usize) -> Vec<Option<TimeFacts>> {
        restore_all_facts(&self.facts, roadmaps)
    }
}

/// [`Cached::facts`] from the encoded facts.
fn restore_all_facts(encoded: &[u8], roadmaps: usize) -> Vec<Option<TimeFacts>> {
    let restored = bitcode::decode::<Vec<Option<KeptFacts>>>(encoded)
        .ok()
        .and_then(|kept| {
            kept.into_iter()
                .map(|f| match f {
                    None => Some(None),
                    Some(f) => restore_facts(f).map(Some),
                })
                .collect::<Option<Vec<_>>>()
        });
    match restored {
        Some(facts) if facts.len() == roadmaps => facts,
        _ => vec![None; roadmaps],
    }
}

/// What commands derive from the catalog and the states alone, each kept in a file of
/// its own beside the states entry, under its key.
#[derive(Clone, Copy)]
pub(super) enum Derived {
    /// `list`'s rows.
    ListRows,
    /// What `progress` reads of each roadmap (src/cli/report.rs).
    ProgressBasis,
}

impl Derived {
    /// The file's extension and magic.
    fn file(self) -> (&'static str, &'static [u8; 8]) {
        match self {
            Derived::ListRows => ("list", b"WAYMARK\x1f"),
            Derived::ProgressBasis => ("progress", b"WAYMARK\x1a"),
        }
    }
}

/// Where the entries for this run go, and what names the database's present state.
pub(super) struct StatesCache {
    path: PathBuf,
    key: u128,
    /// The database file and its WAL file.
    files: [PathBuf; 2],
    /// Their stamps before the read.
    before: [Option<Stamp>; 2],
}

impl StatesCache {
    /// `None` when the database's state cannot be stamped (it is not a regular file).
    /// `catalog` is the [`crate::catalog::Catalog::identity`] the states are read for.
    pub(super) fn new(dir: &Path, db: &Path, catalog: u128) -> Option<StatesCache> {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        let files = [db.to_path_buf(), PathBuf::from(wal)];
        let before = stamps(&files);
        before[0].as_ref()?;
        let mut h = Xxh3::new();
        h.update(&FORMAT.to_le_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        for s in &before {
            h.update(&s.as_ref().map_or(0, Stamp::key).to_le_bytes());
        }
        h.update(&catalog.to_le_bytes());
        let key = h.digest128();
        let name = xxhash_rust::xxh3::xxh3_128(db.as_os_str().as_encoded_bytes());
        Some(StatesCache {
            path: dir.join(format!("{name:032x}.states")),
            key,
            files,
            before,
        })
    }

    /// What is kept for this database state and catalog, if there is a whole entry.
    pub(super) fn read(&self) -> Option<Cached> {
        let Payload { states, facts } = self.payload()?;
        let states = bitcode::decode::<Vec<Vec<Option<Kept>>>>(&states).ok()?;
        let states = states
            .into_iter()
            .map(|states| {
                states
                    .into_iter()
                    .map(|s| match s {
                        None => Some(None),
                        Some(k) => restore(k).map(Some),
                    })
                    .collect()
            })
            .collect::<Option<_>>()?;
        Some(Cached { states, facts })
    }

    /// The time facts kept for this database state and catalog (see [`Cached::facts`]),
    /// without the states.
    pub(super) fn read_facts(&self, roadmaps: usize) -> Option<Vec<Option<TimeFacts>>> {
        Some(restore_all_facts(&self.payload()?.facts, roadmaps))
    }

    fn payload(&self) -> Option<Payload> {
        let bytes = read_regular(&self.path, MAX_ENTRY, |_| {})?;
        let payload = unframed(&bytes, MAGIC, FORMAT, self.key)?;
        bitcode::decode(payload).ok()
    }

    /// Keeps `progress`'s states and the `facts` (indexed like the catalog's roadmaps),
    /// when the database held still while they were read and was last changed long
    /// enough ago (see the module docs).
    pub(super) fn write(&self, progress: &Progress, facts: &[Option<TimeFacts>]) {
        if !self.held_still() {
            return;
        }
        let payload = Payload {
            states: bitcode::encode(
                &progress
                    .states
                    .iter()
                    .map(|states| states.iter().map(|s| s.as_ref().map(keep)).collect())
                    .collect::<Vec<Vec<_>>>(),
            ),
            facts: bitcode::encode(
                &facts
                    .iter()
                    .map(|f| f.as_ref().map(keep_facts))
                    .collect::<Vec<_>>(),
            ),
        };
        self.store(&self.path, MAGIC, &bitcode::encode(&payload));
    }

    /// What a command derived from the catalog and these states (encoded by the
    /// caller), kept for this database state and catalog.
    pub(super) fn read_derived(&self, what: Derived) -> Option<Vec<u8>> {
        let (ext, magic) = what.file();
        let bytes = read_regular(&self.path.with_extension(ext), MAX_ENTRY, |_| {})?;
        unframed(&bytes, magic, FORMAT, self.key).map(<[u8]>::to_vec)
    }

    /// Keeps what a command derived, under the same rule as [`StatesCache::write`]
    /// (ask [`StatesCache::held_still`] first when deriving it costs more than keeping).
    pub(super) fn write_derived(&self, what: Derived, bytes: &[u8]) {
        let (ext, magic) = what.file();
        if self.held_still() {
            self.store(&self.path.with_extension(ext), magic, bytes);
        }
    }

    /// The database did not change since the stamps were taken, and was last changed
    /// long enough ago (see the module docs): what is read now may be kept.
    pub(super) fn held_still(&self) -> bool {
        let now = stamps(&self.files);
        let same = self
            .before
            .iter()
            .zip(&now)
            .all(|(a, b)| a.as_ref().map(Stamp::key) == b.as_ref().map(Stamp::key));
        same && now.iter().flatten().all(Stamp::settled)
    }

    fn store(&self, path: &Path, magic: &[u8; 8], payload: &[u8]) {
        let bytes = framed(magic, FORMAT, self.key, payload);
        // A cache that cannot be written only costs the next run the read.
        if let Some(dir) = path.parent()
            && std::fs::create_dir_all(dir).is_ok()
        {
            let _ = replace_file(path, &bytes);
        }
    }
}

/// The stamps of the database file and of its WAL file (the WAL's without its change
/// time, which SQLite moves on every open as root).
fn stamps([db, wal]: &[PathBuf; 2]) -> [Option<Stamp>; 2] {
    [Stamp::of(db), Stamp::of_written(wal)]
}

fn keep(s: &StepState) -> Kept {
    let ms = |t: DateTime<Utc>| t.timestamp_millis();
    Kept {
        status: Status::ALL.iter().position(|&x| x == s.status).unwrap_or(0) as u8,
        changed_at: s.changed_at.map(ms),
        note: s.note.clone(),
        note_at: s.note_at.map(ms),
    }
}

/// `None` for anything this build would not have written.
fn restore(k: Kept) -> Option<StepState> {
    let at = |ms: Option<i64>| -> Option<Option<DateTime<Utc>>> {
        match ms {
            None => Some(None),
            Some(ms) => DateTime::from_timestamp_millis(ms).map(Some),
        }
    };
    Some(StepState {
        status: *Status::ALL.get(k.status as usize)?,
        changed_at: at(k.changed_at)?,
        note: k.note,
        note_at: at(k.note_at)?,
    })
}

fn keep_facts(f: &TimeFacts) -> KeptFacts {
    KeptFacts {
        pace: f.pace.map(|p| (p.hours_per_week, p.source == "roadmap")),
        first_change: f.first_change.map(|t| t.timestamp_millis()),
        plan_start: f.plan_start.map(|d| d.num_days_from_ce()),
        done: f
            .done
            .iter()
            .map(|(s, t)| (s.clone(), t.timestamp_millis()))
            .collect(),
        done_from: f.done_from.timestamp_millis(),
    }
}

fn restore_facts(k: KeptFacts) -> Option<TimeFacts> {
    let at = DateTime::from_timestamp_millis;
    Some(TimeFacts {
        pace: k.pace.map(|(hours_per_week, own)| Pace {
            hours_per_week,
            source: if own { "roadmap" } else { "global" },
        }),
        first_change: match k.first_change {
            None => None,
            Some(ms) => Some(at(ms)?),
        },
        plan_start: match k.plan_start {
            None => None,
            Some(d) => Some(NaiveDate::from_num_days_from_ce_opt(d)?),
        },
        done: k
            .done
            .into_iter()
            .map(|(s, ms)| Some((s, at(ms)?)))
            .collect::<Option<_>>()?,
        done_from: at(k.done_from)?,
    })
}
