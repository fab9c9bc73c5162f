//! Stored states kept beside the load cache, so a read-only command whose database did
//! not change since an earlier run does not open SQLite at all (opening it, reading its
//! schema and every state row was half of a `waymark list`).
//!
//! One entry per database file (named by a hash of its path, so entries do not pile
//! up), holding the key it was written for: a hash of the database file's and its WAL
//! file's [`Stamp`]s (path, size, modification and change times, inode, device) and of
//! what was asked (each roadmap's id, step ids and former ids), with the build. Every committed write
//! changes the WAL file or, at a checkpoint, the database file, and a file replaced by
//! a sync tool gets a new inode. Stamps are taken before the read and the entry written
//! only if they held still across it and both files were last modified at least 2 s
//! earlier (git's rule for racy timestamps: a write within the clock's granularity
//! could leave a stamp unchanged). Anything unusable is a miss, never an error.

use super::context::Progress;
use crate::catalog::{Catalog, Stamp};
use crate::model::Status;
use crate::store::StepState;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

const MAGIC: &[u8; 8] = b"WAYMARK\x1e";
/// Bump when the entry layout changes.
const FORMAT: u32 = 1;
/// magic, format, key, payload checksum.
const HEADER: usize = 8 + 4 + 16 + 8;

/// A stored state as kept in an entry (times in ms since the epoch, as in SQLite).
#[derive(bitcode::Encode, bitcode::Decode)]
struct Kept {
    status: u8,
    changed_at: Option<i64>,
    note: Option<String>,
    note_at: Option<i64>,
}

/// Where the entries for this run go, and what names the database's present state.
pub(super) struct StatesCache {
    path: PathBuf,
    key: u128,
    before: [Option<Stamp>; 2],
}

impl StatesCache {
    /// `None` when the database's state cannot be stamped (it is not a regular file).
    pub(super) fn new(dir: &Path, db: &Path, cat: &Catalog) -> Option<StatesCache> {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        let before = [Some(Stamp::of(db)?), Stamp::of_written(Path::new(&wal))];
        let mut h = Xxh3::new();
        h.update(&FORMAT.to_le_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        for s in &before {
            h.update(&s.as_ref().map_or(0, Stamp::key).to_le_bytes());
        }
        for l in &cat.roadmaps {
            let r = &l.roadmap;
            h.update(&(r.steps.len() as u64).to_le_bytes());
            h.update(r.id.as_bytes());
            for s in &r.steps {
                h.update(&[0]);
                h.update(s.id.as_bytes());
                for a in &s.aliases {
                    h.update(&[1]);
                    h.update(a.as_bytes());
                }
            }
            h.update(&[2]);
        }
        let key = h.digest128();
        let name = xxhash_rust::xxh3::xxh3_128(db.as_os_str().as_encoded_bytes());
        Some(StatesCache {
            path: dir.join(format!("{name:032x}.states")),
            key,
            before,
        })
    }

    /// The states kept for this database state and catalog, if there is a whole entry.
    pub(super) fn read(&self) -> Option<Vec<Vec<Option<StepState>>>> {
        let bytes = read_regular(&self.path)?;
        let (head, payload) = bytes.split_at_checked(HEADER)?;
        let ok = &head[..8] == MAGIC
            && head[8..12] == FORMAT.to_le_bytes()
            && head[12..28] == self.key.to_le_bytes()
            && head[28..36] == xxh3_64(payload).to_le_bytes();
        if !ok {
            return None;
        }
        let kept: Vec<Vec<Option<Kept>>> = bitcode::decode(payload).ok()?;
        kept.into_iter()
            .map(|states| {
                states
                    .into_iter()
                    .map(|s| match s {
                        None => Some(None),
                        Some(k) => restore(k).map(Some),
                    })
                    .collect()
            })
            .collect()
    }

    /// Keeps `progress`'s states, when the database held still while they were read and
    /// was last changed long enough ago (see the module docs).
    pub(super) fn write(&self, db: &Path, progress: &Progress) {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        let now = [Stamp::of(db), Stamp::of_written(Path::new(&wal))];
        let same = self
            .before
            .iter()
            .zip(&now)
            .all(|(a, b)| a.as_ref().map(Stamp::key) == b.as_ref().map(Stamp::key));
        if !same || !now.iter().flatten().all(Stamp::settled) {
            return;
        }
        let kept: Vec<Vec<Option<Kept>>> = progress
            .states
            .iter()
            .map(|states| states.iter().map(|s| s.as_ref().map(keep)).collect())
            .collect();
        let payload = bitcode::encode(&kept);
        let mut bytes = Vec::with_capacity(HEADER + payload.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend_from_slice(&self.key.to_le_bytes());
        bytes.extend_from_slice(&xxh3_64(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        // A cache that cannot be written only costs the next run the read.
        let _ = self.replace(&bytes);
    }

    /// A temporary file of an unpredictable name in the same folder, renamed into
    /// place: readers see the old entry or the new one, whatever was at the path.
    fn replace(&self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write as _;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".states.")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(bytes)?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The bytes of a regular file; `None` for anything else (a FIFO is not waited on).
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > 1 << 30 {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
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
