//! Opening the database file safely: refuse what is not ours (untouched), back up before
//! migrating, fall back to read-only, and turn SQLite error codes into [`StoreError`]s.

use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
#[cfg(test)]
use rusqlite_migration::{M, Migrations};
use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another waymark holding the lock.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The schema, one SQL file per version (`migrations/NNN_*.sql`), applied in order.
/// `PRAGMA user_version` holds how many have been applied.
pub(super) const SCHEMA: &[&str] = &[
    include_str!("../../migrations/001_progress.sql"),
    include_str!("../../migrations/002_history_roadmap_time.sql"),
    include_str!("../../migrations/003_review.sql"),
];

/// The same schema as `rusqlite_migration` sees it, so a test can validate it.
#[cfg(test)]
pub(super) fn migrations(schema: &'static [&'static str]) -> Migrations<'static> {
    Migrations::new(schema.iter().map(|sql| M::up(sql)).collect())
}

pub(super) fn open_file(
    path: &Path,
    schema: &'static [&'static str],
    now: DateTime<Utc>,
) -> Result<Store, StoreError> {
    open_file_as(path, schema, now, false)
}

/// `reading_only`: open an existing file read-only even when it could be written, for
/// commands that only read. Such a connection never checkpoints, so it neither rewrites
/// nor removes the WAL files on close. A file that needs migrating is `ReadOnly`.
pub(super) fn open_file_as(
    path: &Path,
    schema: &'static [&'static str],
    now: DateTime<Utc>,
    reading_only: bool,
) -> Result<Store, StoreError> {
    // SQLite returns SQLITE_BUSY without waiting in a few cases at open (another process
    // switching a new file to WAL, or running WAL recovery). Opening only reads until it
    // knows the file is ours, and each write step is its own transaction, so retry.
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(5);
    loop {
        match open_once(path, schema, now, reading_only) {
            Err(StoreError::Busy { .. }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

fn open_once(
    path: &Path,
    schema: &'static [&'static str],
    now: DateTime<Utc>,
    reading_only: bool,
) -> Result<Store, StoreError> {
    let shown = path.to_path_buf();
    let io_err = |what: &'static str, cause: io::Error| StoreError::Io {
        path: shown.clone(),
        what,
        cause,
    };

    let meta = match fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err("cannot read", e)),
    };
    // SQLite would block on a FIFO and read a device forever: only a regular file will do.
    if let Some(m) = meta.as_ref().filter(|m| !m.is_file()) {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        let what = if t.is_dir() {
            "it is a folder, not a database file"
        } else if t.is_fifo() {
            "it is a FIFO (named pipe), not a database file"
        } else if t.is_char_device() || t.is_block_device() {
            "it is a device, not a database file"
        } else {
            "it is not a regular file"
        };
        return Err(io_err("cannot use", io::Error::other(what)));
    }
    let had_data = meta.as_ref().is_some_and(|m| m.len() > 0);
    if had_data {
        check_header(path).map_err(|e| match e {
            HeaderError::Io(e) => io_err("cannot read", e),
            HeaderError::NotSqlite => StoreError::NotADatabase {
                path: shown.clone(),
                detail: "the file does not start with the SQLite header".into(),
            },
        })?;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };

    let mut read_only = false;
    if let Some(m) = &meta {
        // Permission bits, not access(2): root can write anything, but a file or folder
        // the user made read-only should be treated as such.
        read_only = reading_only || m.permissions().readonly() || dir_read_only(&parent);
    } else if reading_only {
        return Err(io_err(
            "cannot read",
            io::Error::from(io::ErrorKind::NotFound),
        ));
    } else {
        fs::create_dir_all(&parent).map_err(|e| StoreError::Io {
            path: parent.clone(),
            what: "cannot create the folder for",
            cause: e,
        })?;
        if dir_read_only(&parent) {
            return Err(StoreError::ReadOnly { path: shown });
        }
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            // Another waymark created it a moment ago: fine, open theirs.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                return Err(StoreError::ReadOnly { path: shown });
            }
            Err(e) => return Err(io_err("cannot create", e)),
        }
    }

    let mut conn = if read_only {
        open_read_only(path).map_err(|e| classify(&shown, e))?
    } else {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Connection::open_with_flags(path, flags).map_err(|e| classify(&shown, e))?
    };
    // SQLite silently opens a write-protected file read-only.
    if !read_only && conn.is_readonly("main").unwrap_or(false) {
        read_only = true;
    }
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| classify(&shown, e))?;

    // Nothing above wrote to the file. Read enough to know it is ours before we do.
    let known = schema.len() as i64;
    let version = check_version(&conn, &shown, known)?;

    let mut backup = None;
    if version < known {
        if read_only {
            return Err(StoreError::ReadOnly { path: shown });
        }
        // Switching to WAL cannot happen inside a transaction; it is a no-op when repeated.
        set_write_pragmas(&conn).map_err(|e| classify(&shown, e))?;
        backup = migrate_locked(&mut conn, path, schema, now)?;
    } else if !read_only {
        set_write_pragmas(&conn).map_err(|e| classify(&shown, e))?;
    }
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(|e| classify(&shown, e))?;

    Ok(Store {
        conn,
        path: Some(shown),
        read_only,
        backup,
    })
}

/// The schema version, after checking the file is one of ours that this waymark can
/// read. One statement, so version and tables come from the same snapshot even while
/// another waymark is creating the schema.
fn check_version(conn: &Connection, shown: &Path, known: i64) -> Result<i64, StoreError> {
    let (version, tables): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_master WHERE type = 'table')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| classify(shown, e))?;
    let shown = shown.to_path_buf();
    if version < 0 {
        return Err(StoreError::NotADatabase {
            path: shown,
            detail: format!("its schema version {version} is not one waymark writes"),
        });
    }
    if version > known {
        return Err(StoreError::TooNew {
            path: shown,
            found: version,
            known,
        });
    }
    if version == 0 && tables > 0 {
        return Err(StoreError::NotADatabase {
            path: shown,
            detail: "it is an SQLite database, but not one written by waymark".into(),
        });
    }
    Ok(version)
}

/// Brings the schema up to date under the write lock. Several waymarks may start at
/// once on a new or old file: each takes the lock in turn (`BEGIN IMMEDIATE`) and
/// re-reads the version inside it, so only the first migrates and the others find
/// nothing to do. Only a database that had a schema (version ≥ 1) is backed up, before
/// the first change. Returns the backup, made only when this call really upgraded it.
fn migrate_locked(
    conn: &mut Connection,
    path: &Path,
    schema: &'static [&'static str],
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>, StoreError> {
    let shown = path.to_path_buf();
    let known = schema.len() as i64;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| classify(&shown, e))?;
    let version = check_version(&tx, &shown, known)?;
    if version == known {
        return Ok(None);
    }
    let backup = if version > 0 {
        Some(back_up(path, version, now)?)
    } else {
        None
    };
    let run = || -> rusqlite::Result<()> {
        for sql in &schema[version as usize..] {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", known)
    };
    let done = run().and_then(|()| tx.commit());
    if let Err(e) = done {
        if let Some(b) = &backup {
            let _ = fs::remove_file(b);
        }
        return Err(match classify(&shown, e) {
            StoreError::Sqlite { path, cause } => StoreError::Migration {
                path,
                detail: cause.to_string(),
            },
            other => other,
        });
    }
    Ok(backup)
}

/// Applies the whole schema to a new in-memory database.
pub(super) fn migrate_in_memory(conn: &mut Connection, shown: &Path) -> Result<(), StoreError> {
    let tx = conn.transaction().map_err(|e| classify(shown, e))?;
    let run = || -> rusqlite::Result<()> {
        for sql in SCHEMA {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA.len() as i64)
    };
    run()
        .and_then(|()| tx.commit())
        .map_err(|e| StoreError::Migration {
            path: shown.to_path_buf(),
            detail: e.to_string(),
        })
}

fn set_write_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    // journal_mode returns a row, so it cannot go through pragma_update.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    // FULL in WAL mode: every commit is fsynced before we report it.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // A 64 MiB page cache (SQLite's default is 2 MiB): a large import or undo updates
    // four history indexes in scattered places, and re-reading their pages dominated.
    conn.pragma_update(None, "cache_size", -65536)?;
    Ok(())
}

enum HeaderError {
    Io(io::Error),
    NotSqlite,
}

fn check_header(path: &Path) -> Result<(), HeaderError> {
    let mut f = fs::File::open(path).map_err(HeaderError::Io)?;
    let mut head = [0u8; 16];
    let mut got = 0;
    while got < head.len() {
        match f.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(HeaderError::Io(e)),
        }
    }
    if got < head.len() || &head != SQLITE_MAGIC {
        return Err(HeaderError::NotSqlite);
    }
    Ok(())
}

fn dir_read_only(dir: &Path) -> bool {
    fs::metadata(dir)
        .map(|m| m.permissions().mode() & 0o222 == 0)
        .unwrap_or(false)
}

fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(format!("file:{}?mode=ro", uri_path(path)), flags)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        // A WAL database in a folder we cannot write: SQLite cannot create the -shm file.
        // Nobody can be writing to it either, so read it as immutable.
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::CannotOpen) => {
            drop(conn);
            Connection::open_with_flags(
                format!("file:{}?mode=ro&immutable=1", uri_path(path)),
                flags,
            )
        }
        Err(e) => Err(e),
    }
}

/// Percent-encodes a path for an SQLite `file:` URI.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for &b in abs.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Copies the database beside itself before a migration:
/// `progress.sqlite3.v1-20260102T030405Z.bak`. Returns the backup's path.
///
/// Called while the migrating connection holds the write lock: a second, read-only
/// connection reads the last committed state. The copy is written to a temporary file
/// with an unpredictable name and only then given the backup's name, so a backup that
/// exists is complete.
fn back_up(path: &Path, version: i64, now: DateTime<Utc>) -> Result<PathBuf, StoreError> {
    let fail = |cause: io::Error| StoreError::Backup {
        path: path.to_path_buf(),
        cause,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "progress.sqlite3".into());
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // tempfile creates it exclusively with mode 0600; VACUUM INTO fills an empty file.
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".bak.tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    let reader = open_read_only(path).map_err(|e| fail(io::Error::other(e)))?;
    reader
        .execute("VACUUM INTO ?1", [tmp.path().to_string_lossy()])
        .map_err(|e| fail(io::Error::other(e)))?;
    drop(reader);
    tmp.as_file().sync_all().map_err(fail)?;
    let mut tmp = tmp;
    for n in 0..100 {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let dest = dir.join(format!("{name}.v{version}-{stamp}{suffix}.bak"));
        match tmp.persist_noclobber(&dest) {
            Ok(_) => return Ok(dest),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(fail(e.error)),
        }
    }
    Err(fail(io::Error::from(io::ErrorKind::AlreadyExists)))
}

/// Maps an SQLite error on `path` to the error the user should see.
pub(super) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::NotADatabase {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        _ => StoreError::Sqlite { path, cause: e },
    }
}
