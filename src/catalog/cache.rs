//! The load cache: a roadmap file is parsed and validated once per content; later runs
//! read the validated result back from `$XDG_CACHE_HOME/waymark/roadmaps/` in bitcode's
//! binary form instead of walking the TOML again. bitcode lays each field out as a
//! column (all step ids' bytes together, say), so a read validates UTF-8 once per
//! column, not once per string: decoding is several times cheaper than a row format.
//!
//! Over 500 lines on purpose: keys, stamps, the entry format and the atomic writes are
//! one contract with the files on disk, and its tests sit beside it.
//!
//! An entry is named by a 128-bit xxh3 hash of the cache format, the program's version
//! and build (the executable's size and modification time: a rebuilt binary whose model
//! layout changed must not read old entries), and the file's text. The entry repeats
//! that key and carries a checksum of its payload, so a truncated, corrupt, renamed or
//! foreign file is a miss, never an error or a wrong model: the file is parsed again
//! and the entry rewritten. Entries are written to a temporary file and renamed into
//! place, so two processes writing the same entry leave one whole copy. Only valid files
//! are cached; a file with problems is parsed (and reported) every time.

use super::build::{self, Parsed};
use super::problem::Problem;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// Bump when the entry layout changes (the model's own layout is covered by the build
/// identity in the key).
const FORMAT: u32 = 3;
const MAGIC: &[u8; 8] = b"WAYMARK\x1c";
/// magic, format, key, payload length, payload checksum.
const HEADER: usize = 8 + 4 + 16 + 8 + 8;
/// An entry larger than this is not read (a foreign file, or a disk full of junk).
const MAX_ENTRY: u64 = 1 << 30;
/// Entries untouched for this long are removed when a new entry is written.
const STALE: Duration = Duration::from_secs(30 * 24 * 3600);

/// What one catalog load did with the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files read back from the cache.
    pub hits: usize,
    /// Files parsed (no entry, or an unusable one).
    pub parsed: usize,
    /// Entries written.
    pub written: usize,
    /// Of `hits`: user files found by their stamp, without reading them.
    pub stamp_hits: usize,
    /// Stamps written (a user file's stamp → its entry).
    pub stamps_written: usize,
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache in `dir` (created when the first entry is written).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// `$XDG_CACHE_HOME/waymark/roadmaps` (the platform cache dir elsewhere).
    pub fn default_dir() -> Option<PathBuf> {
        directories::BaseDirs::new().map(|d| d.cache_dir().join("waymark").join("roadmaps"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The parsed file: from the cache when it holds this text, else parsed (and, when
    /// valid, stored). Cache failures of any kind only cost the parse.
    #[cfg(test)]
    pub(super) fn parse(&self, text: &str, stats: &mut CacheStats) -> Result<Parsed, Vec<Problem>> {
        self.parse_keyed(text, text_hash(text), stats).0
    }

    /// The parsed file with the text's [`content_key`], and whether the result is (now)
    /// in the cache: from the cache when it holds this text, else parsed (and, when
    /// valid, stored). Cache failures of any kind only cost the parse.
    fn parse_keyed(
        &self,
        text: &str,
        text_hash: u128,
        stats: &mut CacheStats,
    ) -> (Result<Parsed, Vec<Problem>>, u128, bool) {
        let key = content_key(text_hash);
        let path = self.entry_path(key);
        if let Some(parsed) = read_entry(&path, key) {
            stats.hits += 1;
            return (Ok(parsed), key, true);
        }
        stats.parsed += 1;
        let parsed = match build::parse(text) {
            Ok(p) => p,
            Err(problems) => return (Err(problems), key, false),
        };
        let (parsed, written) = self.write_entry(&path, key, parsed);
        let stored = written.is_ok();
        if stored {
            stats.written += 1;
        }
        (Ok(parsed), key, stored)
    }

    /// [`Cache::parse_keyed`] for a bundled text, whose [`text_hash`] is known.
    pub(super) fn parse_bundled(
        &self,
        text: &str,
        text_hash: u128,
        stats: &mut CacheStats,
    ) -> (Result<Parsed, Vec<Problem>>, u128) {
        let (parsed, key, _) = self.parse_keyed(text, text_hash, stats);
        (parsed, key)
    }

    /// A user file's model found by its [`Stamp`] alone (the file is not read), with its
    /// [`content_key`]. `None` when the cache holds no such stamp, or its entry is
    /// unusable.
    pub(super) fn by_stamp(&self, stamp: &Stamp, stats: &mut CacheStats) -> Option<(Parsed, u128)> {
        let key = self.stamped_key(stamp)?;
        let parsed = read_entry(&self.entry_path(key), key)?;
        stats.hits += 1;
        stats.stamp_hits += 1;
        Some((parsed, key))
    }

    /// The [`content_key`] of the text a user file held when it got this stamp, read
    /// from the stamp alone (neither the file nor its entry is read).
    pub(super) fn stamped_key(&self, stamp: &Stamp) -> Option<u128> {
        read_stamp(&self.stamp_path(stamp.key), stamp.key)
    }

    /// [`Cache::parse`] for the text just read from `file`, with `before` its stamp taken
    /// before reading. A valid file whose stamp held still across the read, and that was
    /// last modified long enough ago, gets a stamp so later runs need not read it.
    pub(super) fn parse_file(
        &self,
        file: &Path,
        before: Option<Stamp>,
        text: &str,
        stats: &mut CacheStats,
    ) -> (Result<Parsed, Vec<Problem>>, u128) {
        let (parsed, key, stored) = self.parse_keyed(text, text_hash(text), stats);
        if let (true, Some(before)) = (stored, before)
            && before.settled()
            && Stamp::of(file).is_some_and(|now| now.key == before.key)
            && self.write_stamp(before.key, key).is_ok()
        {
            stats.stamps_written += 1;
        }
        (parsed, key)
    }

    fn entry_path(&self, key: u128) -> PathBuf {
        self.dir.join(format!("{key:032x}.bin"))
    }

    fn stamp_path(&self, stamp: u128) -> PathBuf {
        self.dir.join(format!("{stamp:032x}.stamp"))
    }

    fn write_stamp(&self, stamp: u128, key: u128) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(STAMP_LEN);
        bytes.extend_from_slice(STAMP_MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend_from_slice(&stamp.to_le_bytes());
        bytes.extend_from_slice(&key.to_le_bytes());
        let sum = xxh3_64(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        self.write_atomically(&self.stamp_path(stamp), &bytes)
    }

    /// Stores `parsed` (moved in and handed back: the entry form owns the model).
    fn write_entry(&self, path: &Path, key: u128, parsed: Parsed) -> (Parsed, std::io::Result<()>) {
        let entry = Entry::from(parsed);
        let payload = bitcode::encode(&entry);
        let written = self.write_payload(path, key, &payload);
        (entry.into(), written)
    }

    fn write_payload(&self, path: &Path, key: u128, payload: &[u8]) -> std::io::Result<()> {
        self.write_atomically(path, &framed(MAGIC, FORMAT, key, payload))
    }

    fn write_atomically(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        prune(&self.dir);
        // No fsync: a torn entry after a crash fails its checksum and is rewritten.
        replace_file(path, bytes)
    }
}

/// What identifies a user file's content without reading it, as git's index does: the
/// path, size, modification and change times, inode and device, hashed with the build
/// (so a new binary never trusts an old stamp). An edit changes the change time even
/// when it restores the size and modification time.
pub(crate) struct Stamp {
    key: u128,
    modified: Option<SystemTime>,
}

/// A file modified less than this before its stamp is taken may still change within the
/// file system's timestamp granularity (a clock tick, or seconds on some file systems)
/// without its stamp changing, so it is not stamped yet.
const SETTLE: Duration = Duration::from_secs(2);

impl Stamp {
    /// The stamp of a regular file (symlinks followed); `None` for anything else.
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        Stamp::taken(path, true)
    }

    /// [`Stamp::of`] without the change time, for a file only ever changed by writes
    /// (which move its modification time): SQLite's WAL file, whose change time moves
    /// on every open when running as root (SQLite resets the owner of the file).
    pub(crate) fn of_written(path: &Path) -> Option<Stamp> {
        Stamp::taken(path, false)
    }

    fn taken(path: &Path, with_ctime: bool) -> Option<Stamp> {
        let meta = fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mut h = Xxh3::new();
        h.update(b"stamp\0");
        h.update(&FORMAT.to_le_bytes());
        h.update(build_id().as_bytes());
        h.update(&[0]);
        h.update(path.as_os_str().as_encoded_bytes());
        h.update(&[0]);
        h.update(&meta.len().to_le_bytes());
        let nanos = |t: std::io::Result<SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos())
        };
        h.update(&nanos(meta.modified()).to_le_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ctime = [meta.ctime(), meta.ctime_nsec()];
            let ctime = if with_ctime { &ctime[..] } else { &[] };
            for n in ctime.iter().chain(&[meta.ino() as i64, meta.dev() as i64]) {
                h.update(&n.to_le_bytes());
            }
        }
        Some(Stamp {
            key: h.digest128(),
            modified: meta.modified().ok(),
        })
    }

    /// The hash naming this file's state.
    pub(crate) fn key(&self) -> u128 {
        self.key
    }

    /// Last modified at least [`SETTLE`] ago (a file dated in the future never is).
    pub(crate) fn settled(&self) -> bool {
        self.modified
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .is_some_and(|age| age >= SETTLE)
    }
}

const STAMP_MAGIC: &[u8; 8] = b"WAYMARK\x1d";
/// magic, format, stamp, entry key, checksum of the rest.
const STAMP_LEN: usize = 8 + 4 + 16 + 16 + 8;

/// The entry key a stamp file names, if the file is whole and is this stamp's.
fn read_stamp(path: &Path, stamp: u128) -> Option<u128> {
    let bytes = fs::read(path).ok()?;
    if bytes.len() != STAMP_LEN {
        return None;
    }
    let (body, sum) = bytes.split_at(STAMP_LEN - 8);
    let ok = &body[..8] == STAMP_MAGIC
        && body[8..12] == FORMAT.to_le_bytes()
        && body[12..28] == stamp.to_le_bytes()
        && sum == xxh3_64(body).to_le_bytes();
    ok.then(|| u128::from_le_bytes(body[28..44].try_into().expect("16 bytes")))
}

/// The entry's name and identity: format, program version and build, and the text. As
/// the text decides the model, this key stands for the model too (src/catalog/identity.rs).
/// Takes the text's [`text_hash`], which for a bundled text is computed at compile time.
pub(super) fn content_key(text_hash: u128) -> u128 {
    let mut h = Xxh3::new();
    h.update(&FORMAT.to_le_bytes());
    h.update(build_id().as_bytes());
    h.update(&[0]);
    h.update(&text_hash.to_le_bytes());
    h.digest128()
}

/// The hash of a roadmap file's text that [`content_key`] takes.
pub(super) fn text_hash(text: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

/// The program version plus the executable's size and modification time.
fn build_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(fs::metadata)
            .map(|m| {
                let mtime = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}:{mtime}", m.len())
            })
            .unwrap_or_default();
        format!("{} {exe}", env!("CARGO_PKG_VERSION"))
    })
}

/// The entry at `path` if it is whole and is the one for `key`.
fn read_entry(path: &Path, key: u128) -> Option<Parsed> {
    let bytes = read_regular(path, MAX_ENTRY, |len| {
        if len >= crate::memory::LARGE_INPUT as u64 {
            crate::memory::expect_large_heap();
        }
    })?;
    let payload = unframed(&bytes, MAGIC, FORMAT, key)?;
    bitcode::decode::<Entry>(payload).ok().map(Parsed::from)
}

/// An entry file's bytes: `magic`, `format`, `key`, the payload's length and checksum,
/// then the payload. Shared with the stored-states cache (src/cli/states_cache.rs).
pub(crate) fn framed(magic: &[u8; 8], format: u32, key: u128, payload: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER + payload.len());
    bytes.extend_from_slice(magic);
    bytes.extend_from_slice(&format.to_le_bytes());
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&xxh3_64(payload).to_le_bytes());
    bytes.extend_from_slice(payload);
    bytes
}

/// The payload of [`framed`] `bytes` when they are whole and for `magic`, `format` and
/// `key`: a truncated, corrupt, renamed or foreign file gives `None`.
pub(crate) fn unframed<'b>(
    bytes: &'b [u8],
    magic: &[u8; 8],
    format: u32,
    key: u128,
) -> Option<&'b [u8]> {
    let (head, payload) = bytes.split_at_checked(HEADER)?;
    let u64_at = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().expect("8 bytes"));
    let ok = &head[..8] == magic
        && head[8..12] == format.to_le_bytes()
        && head[12..28] == key.to_le_bytes()
        && u64_at(28) == payload.len() as u64
        && u64_at(36) == xxh3_64(payload);
    ok.then_some(payload)
}

/// Puts `bytes` at `path` through a temporary file of an unpredictable name in the same
/// folder, renamed into place: readers and other writers see the old file, none, or the
/// whole new one, whatever was at the path.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".entry.")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The bytes of a regular file of at most `max` bytes, `None` for anything else (opened
/// without blocking, so a FIFO at the path is not waited on); `sized` hears the size
/// before the bytes are read.
pub(crate) fn read_regular(path: &Path, max: u64, sized: impl FnOnce(u64)) -> Option<Vec<u8>> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    sized(meta.len());
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
    Some(bytes)
}

/// [`Parsed`] as stored: spans as pairs, which bitcode encodes (it has no `Range`).
#[derive(bitcode::Encode, bitcode::Decode)]
struct Entry {
    roadmap: crate::model::Roadmap,
    id_span: (usize, usize),
    externals: Vec<(usize, usize, (usize, usize))>,
}

impl From<Parsed> for Entry {
    fn from(p: Parsed) -> Entry {
        Entry {
            roadmap: p.roadmap,
            id_span: (p.id_span.start, p.id_span.end),
            externals: p
                .externals
                .into_iter()
                .map(|(step, req, span)| (step, req, (span.start, span.end)))
                .collect(),
        }
    }
}

impl From<Entry> for Parsed {
    fn from(e: Entry) -> Parsed {
        Parsed {
            roadmap: e.roadmap,
            id_span: e.id_span.0..e.id_span.1,
            externals: e
                .externals
                .into_iter()
                .map(|(step, req, (start, end))| (step, req, start..end))
                .collect(),
        }
    }
}

/// Removes entries (and temporary files left by a crash) not written for [`STALE`].
fn prune(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let old = e
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE);
        let ours = e.file_name().to_str().is_some_and(|n| {
            n.ends_with(".bin")
                || n.ends_with(".stamp")
                || (n.starts_with(".entry.") && n.ends_with(".tmp"))
        });
        if old && ours {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
id = "a"
title = "A"
[[phases]]
id = "p"
title = "P"
[[steps]]
id = "one"
title = "One"
phase = "p"
level = "beginner"
hours = 1.5
tags = ["x"]
[[steps]]
id = "two"
title = "Two"
phase = "p"
requires = ["one", "b/elsewhere"]
"#;

    fn entries(dir: &Path) -> Vec<PathBuf> {
        fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_cached_model_equals_the_parsed_one() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        let mut stats = CacheStats::default();
        let first = cache.parse(TEXT, &mut stats).unwrap();
        let second = cache.parse(TEXT, &mut stats).unwrap();
        assert_eq!(
            stats,
            CacheStats {
                hits: 1,
                parsed: 1,
                written: 1,
                ..CacheStats::default()
            }
        );
        assert_eq!(first.roadmap, second.roadmap);
        assert_eq!(first.id_span, second.id_span);
        assert_eq!(first.externals, second.externals);
        assert!(
            !second.externals.is_empty(),
            "the external reference survives"
        );
    }

    #[test]
    fn a_damaged_entry_is_a_miss_and_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let mut stats = CacheStats::default();
        let good = cache.parse(TEXT, &mut stats).unwrap().roadmap;
        let [path] = entries(dir.path()).try_into().unwrap();
        let whole = fs::read(&path).unwrap();
        let mut flipped = whole.clone();
        *flipped.last_mut().unwrap() ^= 1;
        let damages: [&[u8]; 5] = [
            &whole[..whole.len() - 1],
            &whole[..10],
            b"",
            &flipped,
            b"not a cache entry at all, just some text of the right length-ish",
        ];
        for damage in damages {
            fs::write(&path, damage).unwrap();
            let mut stats = CacheStats::default();
            assert_eq!(cache.parse(TEXT, &mut stats).unwrap().roadmap, good);
            assert_eq!((stats.hits, stats.parsed, stats.written), (0, 1, 1));
            assert_eq!(fs::read(&path).unwrap(), whole, "rewritten whole");
        }
    }

    #[test]
    fn an_entry_for_other_text_is_not_used_and_problems_are_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let mut stats = CacheStats::default();
        cache.parse(TEXT, &mut stats).unwrap();
        let other = TEXT.replace("title = \"One\"", "title = \"Uno\"");
        // Another text's entry copied under this text's name: its key does not match.
        let [path] = entries(dir.path()).try_into().unwrap();
        let name = format!("{:032x}.bin", content_key(text_hash(&other)));
        fs::copy(&path, dir.path().join(name)).unwrap();
        let parsed = cache.parse(&other, &mut stats).unwrap();
        assert_eq!(parsed.roadmap.steps[0].title, "Uno");
        assert_eq!(stats.hits, 0);
        let broken = TEXT.replace("phase = \"p\"\nrequires", "phase = \"q\"\nrequires");
        let before = entries(dir.path()).len();
        assert!(cache.parse(&broken, &mut stats).is_err());
        assert!(cache.parse(&broken, &mut stats).is_err());
        assert_eq!(entries(dir.path()).len(), before);
    }
}
