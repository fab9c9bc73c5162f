//! The progress database: per-step statuses and notes, an append-only history of every
//! status change (which gives undo, the study log and pace figures), and settings.
//!
//! This is the only module that talks to SQLite. Every write is one `BEGIN IMMEDIATE`
//! transaction, committed (and, in WAL mode with `synchronous=FULL`, fsynced) before the
//! call returns, so two waymark processes never lose each other's updates and an
//! acknowledged change survives a crash. Callers pass "now" in, so tests are deterministic.
//!
//! Progress is keyed by roadmap id + step id and is never deleted because a roadmap no
//! longer has the step: such rows are reported by [`Store::all_states`] as orphans.
//!
//! Files: `open` (opening, migrating, backups), `setting` (typed settings), `merge`
//! (aliases and imports), `review` (review answers), `states` (reading step states).
//! Over 500 lines on purpose: this
//! file keeps the row helpers every write shares and the status/undo/history reads
//! that use them, so each transaction's SQL reads in one place.

mod merge;
mod open;
mod review;
mod setting;
mod states;

pub use review::ReviewEntry;

use crate::model::Status;
use crate::model::kebab::kebab_enum;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use setting::{Setting, SettingValue};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{}: not a waymark progress database ({detail}); the file was left untouched",
        path.display()
    )]
    NotADatabase { path: PathBuf, detail: String },
    #[error(
        "{}: written by a newer waymark (schema version {found}, this waymark knows up to \
         {known}); refusing to open it, the file was left untouched",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{}: the progress database is read-only; nothing was changed", path.display())]
    ReadOnly { path: PathBuf },
    #[error(
        "{}: the progress database is busy (another waymark is writing); nothing was changed, try again",
        path.display()
    )]
    Busy { path: PathBuf },
    // The cause is part of the message and deliberately not an error `source`, so
    // `{:#}` chains do not print it twice.
    #[error("{}: {what} it: {cause}", path.display())]
    Io {
        path: PathBuf,
        what: &'static str,
        cause: std::io::Error,
    },
    #[error(
        "{}: could not back it up before upgrading its schema, so it was not upgraded: {cause}",
        path.display()
    )]
    Backup {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{}: could not upgrade the schema: {detail}", path.display())]
    Migration { path: PathBuf, detail: String },
    #[error("{}: {cause}", path.display())]
    Sqlite {
        path: PathBuf,
        cause: rusqlite::Error,
    },
}

/// What is stored for one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepState {
    pub status: Status,
    /// When the status last changed; `None` when only a note was ever stored.
    pub changed_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    /// When the note last changed.
    pub note_at: Option<DateTime<Utc>>,
}

/// A stored step with its keys (see [`Store::all_states`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredStep {
    pub roadmap: String,
    pub step: String,
    pub state: StepState,
}

/// One status change a call made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub roadmap: String,
    pub step: String,
    pub old: Status,
    pub new: Status,
}

/// What [`Store::set_statuses_checked`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// Every step still had the status the caller saw: these changes were made.
    Written(Vec<Change>),
    /// Some steps were changed elsewhere: nothing was written.
    Stale(Vec<Stale>),
}

/// A step whose stored status is not the one the caller saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub roadmap: String,
    pub step: String,
    pub seen: Status,
    pub stored: Status,
}

kebab_enum! {
    /// What produced a history entry; stored by `as_str`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum BatchKind {
        /// done/start/skip/reset (or the TUI).
        Set = "set",
        /// `undo` reverting an earlier batch.
        Undo = "undo",
        /// `import` of an export file.
        Import = "import",
        /// Progress carried from a step's old id (alias) to its new id.
        Alias = "alias",
    }
}

/// One row of the append-only history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub id: i64,
    pub batch: i64,
    pub kind: BatchKind,
    pub roadmap: String,
    pub step: String,
    pub old: Status,
    pub new: Status,
    pub at: DateTime<Utc>,
    /// For a change made by undo: the history entry it reverted.
    pub reverts: Option<i64>,
}

/// One step's progress as read from an export file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRecord {
    pub roadmap: String,
    pub step: String,
    pub status: Status,
    pub changed_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    pub note_at: Option<DateTime<Utc>>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Statuses taken from the file (the file's change was newer).
    pub statuses: usize,
    /// Notes taken from the file.
    pub notes: usize,
    /// Records where the database already had the same or a newer change.
    pub kept: usize,
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    read_only: bool,
    backup: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn bad_column(idx: usize, what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("unknown {what} {value:?}").into(),
    )
}

/// A text column borrowed from the row (no allocation per row).
pub(super) fn str_at<'r>(row: &'r Row<'_>, idx: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(idx)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn status_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Status> {
    let s = str_at(row, idx)?;
    Status::from_str(s).map_err(|()| bad_column(idx, "status", s))
}

pub(super) fn state_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<StepState> {
    Ok(StepState {
        status: status_at(row, first)?,
        changed_at: row.get::<_, Option<i64>>(first + 1)?.map(from_ms),
        note: row.get(first + 2)?,
        note_at: row.get::<_, Option<i64>>(first + 3)?.map(from_ms),
    })
}

pub(super) const STATE_COLS: &str = "status, changed_at, note, note_at";

pub(super) fn get_state(
    conn: &Connection,
    roadmap: &str,
    step: &str,
) -> rusqlite::Result<Option<StepState>> {
    conn.prepare_cached(&format!(
        "SELECT {STATE_COLS} FROM step_state WHERE roadmap = ?1 AND step = ?2"
    ))?
    .query_row([roadmap, step], |r| state_from_row(r, 0))
    .optional()
}

fn put_status(
    tx: &Transaction<'_>,
    roadmap: &str,
    step: &str,
    status: Status,
    at: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO step_state (roadmap, step, status, changed_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (roadmap, step) DO UPDATE
         SET status = excluded.status, changed_at = excluded.changed_at",
    )?
    .execute(params![roadmap, step, status.as_str(), at])?;
    Ok(())
}

fn put_note(
    tx: &Transaction<'_>,
    roadmap: &str,
    step: &str,
    note: Option<&str>,
    at: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO step_state (roadmap, step, status, note, note_at)
         VALUES (?1, ?2, 'todo', ?3, ?4)
         ON CONFLICT (roadmap, step) DO UPDATE
         SET note = excluded.note, note_at = excluded.note_at",
    )?
    .execute(params![roadmap, step, note, at])?;
    Ok(())
}

/// Sets each `(roadmap, step, status)` inside `tx` as one set batch, skipping steps that
/// already have that status; the changes made, in order.
/// Writes each change that changes something; a step with `pin[i]` that was never set
/// is recorded even when already todo (an explicit reset, which wins over coverage).
fn put_statuses(
    tx: &Transaction<'_>,
    changes: &[(&str, &str, Status)],
    pin: &[bool],
    at: DateTime<Utc>,
) -> rusqlite::Result<Vec<Change>> {
    let at = to_ms(at);
    let mut batch = None;
    let mut made = Vec::new();
    for (i, &(roadmap, step, new)) in changes.iter().enumerate() {
        let state = get_state(tx, roadmap, step)?;
        let old = state.as_ref().map_or(Status::Todo, |s| s.status);
        let never_set = state.as_ref().is_none_or(|s| s.changed_at.is_none());
        let pinned = pin.get(i).copied().unwrap_or(false) && never_set;
        if old == new && !pinned {
            continue;
        }
        let b = match batch {
            Some(b) => b,
            None => *batch.insert(new_batch(tx, BatchKind::Set, at, None)?),
        };
        put_status(tx, roadmap, step, new, at)?;
        log_change(tx, b, roadmap, step, old, new, at, None)?;
        made.push(Change {
            roadmap: roadmap.to_owned(),
            step: step.to_owned(),
            old,
            new,
        });
    }
    Ok(made)
}

fn new_batch(
    tx: &Transaction<'_>,
    kind: BatchKind,
    at: i64,
    undoes: Option<i64>,
) -> rusqlite::Result<i64> {
    tx.prepare_cached("INSERT INTO batch (at, kind, undoes) VALUES (?1, ?2, ?3)")?
        .execute(params![at, kind.as_str(), undoes])?;
    Ok(tx.last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
fn log_change(
    tx: &Transaction<'_>,
    batch: i64,
    roadmap: &str,
    step: &str,
    old: Status,
    new: Status,
    at: i64,
    reverts: Option<i64>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO history (batch, roadmap, step, old_status, new_status, at, reverts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        batch,
        roadmap,
        step,
        old.as_str(),
        new.as_str(),
        at,
        reverts
    ])?;
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the database at `path`.
    ///
    /// - A new file is created with mode 0600, its folder created.
    /// - A file that is not a waymark SQLite database, or one written by a newer waymark,
    ///   is refused and left untouched.
    /// - Before an existing database is migrated, it is copied beside itself
    ///   (see [`Store::backup_path`]).
    /// - A write-protected file or folder opens read-only: reads work and writes return
    ///   [`StoreError::ReadOnly`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        open::open_file(path, open::SCHEMA, Utc::now())
    }

    /// Opens an existing database for commands that only read (`list`, `show`): no
    /// write pragmas, no checkpoint on close. A database that still needs migrating is
    /// opened with [`Store::open`] instead, so it is upgraded (and backed up) as usual.
    pub fn open_for_reading(path: &Path) -> Result<Store, StoreError> {
        match open::open_file_as(path, open::SCHEMA, Utc::now(), true) {
            Err(StoreError::ReadOnly { .. }) => Store::open(path),
            other => other,
        }
    }

    /// The default database: `<XDG data dir>/waymark/progress.sqlite3`.
    pub fn default_path() -> Option<PathBuf> {
        directories::BaseDirs::new().map(|d| d.data_dir().join("waymark").join("progress.sqlite3"))
    }

    /// A private in-memory database with the full schema, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let shown = PathBuf::from(":memory:");
        let mut conn = Connection::open_in_memory().map_err(|e| open::classify(&shown, e))?;
        open::migrate_in_memory(&mut conn, &shown)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(|e| open::classify(&shown, e))?;
        Ok(Store {
            conn,
            path: None,
            read_only: false,
            backup: None,
        })
    }

    /// The file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the database was opened read-only (writes will fail).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The backup made at open, before migrating an existing database.
    pub fn backup_path(&self) -> Option<&Path> {
        self.backup.as_deref()
    }

    fn shown(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from(":memory:"))
    }

    pub(super) fn err(&self, e: rusqlite::Error) -> StoreError {
        open::classify(&self.shown(), e)
    }

    /// Runs `read` with every statement in one read transaction: one snapshot of the
    /// file, and SQLite takes its shared lock once instead of once per statement (the
    /// interface reads a dozen settings and each roadmap's records at start). The
    /// connection is query-only meanwhile, so a write inside fails instead of being
    /// rolled back unseen.
    pub fn reading<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn.is_autocommit() {
            return read(self);
        }
        let begin = |conn: &Connection| -> rusqlite::Result<()> {
            conn.pragma_update(None, "query_only", true)?;
            conn.execute_batch("BEGIN DEFERRED")
        };
        if let Err(e) = begin(&self.conn) {
            let _ = self.conn.pragma_update(None, "query_only", false);
            return Err(self.err(e).into());
        }
        let out = read(self);
        // Nothing was written: ending the transaction either way is the same.
        let end = self
            .conn
            .execute_batch("ROLLBACK")
            .and_then(|()| self.conn.pragma_update(None, "query_only", false));
        match (out, end) {
            (Ok(_), Err(e)) => Err(self.err(e).into()),
            (out, _) => out,
        }
    }

    /// Starts a write: `BEGIN IMMEDIATE`, so a read-modify-write inside it sees the latest
    /// data and no other process can interleave.
    fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly { path: self.shown() });
        }
        let shown = self.shown();
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| open::classify(&shown, e))
    }

    /// Sets each `(roadmap, step, status)` in one transaction (one undo batch). Entries that
    /// already have that status are left alone. Returns the changes made, in order.
    pub fn set_statuses(
        &mut self,
        changes: &[(&str, &str, Status)],
        at: DateTime<Utc>,
    ) -> Result<Vec<Change>, StoreError> {
        self.set_statuses_pinning(changes, &[], at)
    }

    /// Like [`Store::set_statuses`], but a step with `pin[i]` that was never set is recorded
    /// even when it is already todo (a todo → todo change): an explicit reset, which wins
    /// over shared-topic coverage (`model::coverage`).
    pub fn set_statuses_pinning(
        &mut self,
        changes: &[(&str, &str, Status)],
        pin: &[bool],
        at: DateTime<Utc>,
    ) -> Result<Vec<Change>, StoreError> {
        let shown = self.shown();
        let tx = self.write()?;
        let made = put_statuses(&tx, changes, pin, at).map_err(|e| open::classify(&shown, e))?;
        tx.commit().map_err(|e| open::classify(&shown, e))?;
        Ok(made)
    }

    /// Like [`Store::set_statuses`], for a caller that acted on statuses it read earlier
    /// (the interface): each change carries the status the caller saw,
    /// `(roadmap, step, seen, new)`. When another program has changed one of those steps
    /// since, nothing is written and the stale steps are returned, checked in the same
    /// transaction as the write.
    pub fn set_statuses_checked(
        &mut self,
        changes: &[(&str, &str, Status, Status)],
        at: DateTime<Utc>,
    ) -> Result<Checked, StoreError> {
        let shown = self.shown();
        let tx = self.write()?;
        let run = || -> rusqlite::Result<Checked> {
            let mut stale = Vec::new();
            for &(roadmap, step, seen, _) in changes {
                let stored = get_state(&tx, roadmap, step)?.map_or(Status::Todo, |s| s.status);
                if stored != seen {
                    stale.push(Stale {
                        roadmap: roadmap.to_owned(),
                        step: step.to_owned(),
                        seen,
                        stored,
                    });
                }
            }
            if !stale.is_empty() {
                return Ok(Checked::Stale(stale));
            }
            let plain: Vec<(&str, &str, Status)> =
                changes.iter().map(|&(r, s, _, new)| (r, s, new)).collect();
            put_statuses(&tx, &plain, &[], at).map(Checked::Written)
        };
        let out = run().map_err(|e| open::classify(&shown, e))?;
        // A stale check wrote nothing: the transaction rolls back when dropped.
        if matches!(out, Checked::Written(_)) {
            tx.commit().map_err(|e| open::classify(&shown, e))?;
        }
        Ok(out)
    }

    /// SQLite's `PRAGMA data_version`: it changes when another connection (another
    /// waymark, the CLI) commits, and not for this connection's own writes. Cheap enough
    /// to poll a few times a second.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut st| st.query_row([], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    /// Reverts the most recent batch of changes not yet undone (set or import batches;
    /// alias carries are not undone). Repeated calls walk further back. Returns `None` when
    /// there is nothing left to undo, otherwise the changes made by reverting.
    pub fn undo(&mut self, at: DateTime<Utc>) -> Result<Option<Vec<Change>>, StoreError> {
        let shown = self.shown();
        let tx = self.write()?;
        let run = || -> rusqlite::Result<Option<Vec<Change>>> {
            let target: Option<i64> = tx
                .query_row(
                    "SELECT b.id FROM batch b
                     WHERE b.kind IN ('set', 'import')
                       AND NOT EXISTS (SELECT 1 FROM batch u WHERE u.undoes = b.id)
                     ORDER BY b.id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(target) = target else {
                return Ok(None);
            };
            let at = to_ms(at);
            let undo_batch = new_batch(&tx, BatchKind::Undo, at, Some(target))?;
            let rows: Vec<(i64, String, String, Status)> = tx
                .prepare(
                    "SELECT id, roadmap, step, old_status FROM history
                     WHERE batch = ?1 ORDER BY id DESC",
                )?
                .query_map([target], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, status_at(r, 3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut made = Vec::new();
            for (id, roadmap, step, back_to) in rows {
                let current = get_state(&tx, &roadmap, &step)?.map_or(Status::Todo, |s| s.status);
                if current == back_to {
                    continue;
                }
                put_status(&tx, &roadmap, &step, back_to, at)?;
                log_change(
                    &tx,
                    undo_batch,
                    &roadmap,
                    &step,
                    current,
                    back_to,
                    at,
                    Some(id),
                )?;
                made.push(Change {
                    roadmap,
                    step,
                    old: current,
                    new: back_to,
                });
            }
            Ok(Some(made))
        };
        let made = run().map_err(|e| open::classify(&shown, e))?;
        tx.commit().map_err(|e| open::classify(&shown, e))?;
        Ok(made)
    }

    /// Sets (or with `None` clears) a step's note. Notes are not status changes: they are
    /// not in the history and not undone.
    pub fn set_note(
        &mut self,
        roadmap: &str,
        step: &str,
        note: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let shown = self.shown();
        let tx = self.write()?;
        put_note(&tx, roadmap, step, note, to_ms(at)).map_err(|e| open::classify(&shown, e))?;
        tx.commit().map_err(|e| open::classify(&shown, e))
    }

    /// When the first change to any step of `roadmap` was recorded, if ever.
    pub fn first_change(&self, roadmap: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.conn
            .prepare_cached("SELECT MIN(at) FROM history WHERE roadmap = ?1")
            .and_then(|mut st| st.query_row([roadmap], |r| r.get::<_, Option<i64>>(0)))
            .map(|ms| ms.map(from_ms))
            .map_err(|e| self.err(e))
    }

    /// When the user changed a step of `roadmap` (done/start/skip/reset, not undo,
    /// import or alias carry-over), at or after `since`, oldest first. For the streak:
    /// reads only the window asked for, through the (roadmap, at) index.
    pub fn change_times(
        &self,
        roadmap: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        let run = || -> rusqlite::Result<Vec<DateTime<Utc>>> {
            self.conn
                .prepare(
                    "SELECT h.at FROM history h JOIN batch b ON b.id = h.batch
                     WHERE h.roadmap = ?1 AND h.at >= ?2 AND b.kind = ?3 ORDER BY h.at",
                )?
                .query_map(
                    rusqlite::params![roadmap, to_ms(since), BatchKind::Set.as_str()],
                    |r| r.get::<_, i64>(0).map(from_ms),
                )?
                .collect()
        };
        run().map_err(|e| self.err(e))
    }

    pub fn history(&self, since: Option<DateTime<Utc>>) -> Result<Vec<HistoryEntry>, StoreError> {
        let run = || -> rusqlite::Result<Vec<HistoryEntry>> {
            self.conn
                .prepare(
                    "SELECT h.id, h.batch, b.kind, h.roadmap, h.step, h.old_status,
                            h.new_status, h.at, h.reverts
                     FROM history h JOIN batch b ON b.id = h.batch
                     WHERE h.at >= ?1 ORDER BY h.at, h.id",
                )?
                .query_map([since.map_or(i64::MIN, to_ms)], |r| {
                    let kind = str_at(r, 2)?;
                    Ok(HistoryEntry {
                        id: r.get(0)?,
                        batch: r.get(1)?,
                        kind: kind.parse().map_err(|()| bad_column(2, "kind", kind))?,
                        roadmap: r.get(3)?,
                        step: r.get(4)?,
                        old: status_at(r, 5)?,
                        new: status_at(r, 6)?,
                        at: from_ms(r.get(7)?),
                        reverts: r.get(8)?,
                    })
                })?
                .collect()
        };
        run().map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests;
