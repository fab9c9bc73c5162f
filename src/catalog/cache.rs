//! The load cache: a roadmap file is parsed and validated once per content; later runs
//! read the validated result back from `$XDG_CACHE_HOME/waymark/roadmaps/` in postcard's
//! binary form (a stable, documented wire format) instead of walking the TOML again.
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
const FORMAT: u32 = 1;
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
    pub(super) fn parse(&self, text: &str, stats: &mut CacheStats) -> Result<Parsed, Vec<Problem>> {
        let key = key(text);
        let path = self.dir.join(format!("{key:032x}.bin"));
        if let Some(parsed) = read_entry(&path, key) {
            stats.hits += 1;
            return Ok(parsed);
        }
        stats.parsed += 1;
        let parsed = build::parse(text)?;
        if self.write_entry(&path, key, &parsed).is_ok() {
            stats.written += 1;
        }
        Ok(parsed)
    }

    fn write_entry(&self, path: &Path, key: u128, parsed: &Parsed) -> std::io::Result<()> {
        let payload = postcard::to_allocvec(parsed).map_err(std::io::Error::other)?;
        let mut bytes = Vec::with_capacity(HEADER + payload.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&xxh3_64(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        fs::create_dir_all(&self.dir)?;
        prune(&self.dir);
        // Same folder, unpredictable name, then a rename: readers and other writers see
        // the old entry, no entry, or a whole new one. No fsync: a torn entry after a
        // crash fails its checksum and is rewritten.
        let mut tmp = tempfile::Builder::new()
            .prefix(".entry.")
            .suffix(".tmp")
            .tempfile_in(&self.dir)?;
        tmp.write_all(&bytes)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The entry's name and identity: format, program version and build, and the text.
fn key(text: &str) -> u128 {
    let mut h = Xxh3::new();
    h.update(&FORMAT.to_le_bytes());
    h.update(build_id().as_bytes());
    h.update(&[0]);
    h.update(text.as_bytes());
    h.digest128()
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
    let mut file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_ENTRY || meta.len() < HEADER as u64 {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
    let (head, payload) = bytes.split_at_checked(HEADER)?;
    let u64_at = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().expect("8 bytes"));
    let ok = &head[..8] == MAGIC
        && head[8..12] == FORMAT.to_le_bytes()
        && head[12..28] == key.to_le_bytes()
        && u64_at(28) == payload.len() as u64
        && u64_at(36) == xxh3_64(payload);
    if !ok {
        return None;
    }
    postcard::from_bytes(payload).ok()
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
            n.ends_with(".bin") || (n.starts_with(".entry.") && n.ends_with(".tmp"))
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
                written: 1
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
        let name = format!("{:032x}.bin", key(&other));
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
