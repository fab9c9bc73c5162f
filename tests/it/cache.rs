//! The load cache through the real binary: a second run reads every roadmap back instead
//! of parsing it, a damaged entry is rewritten, `--no-cache` writes nothing, and the
//! checks across roadmaps still run on cached models. Each test has its own
//! `XDG_CACHE_HOME`; `WAYMARK_TRACE=1` makes the binary say what the cache did.

use assert_cmd::Command;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};
use tempfile::TempDir;
use waymark::catalog::{self, Cache, ProblemKind};

/// A valid user roadmap whose one prerequisite names a roadmap that is not loaded.
const USER: &str = r#"id = "mine"
title = "Mine"

[[phases]]
id = "p"
title = "P"

[[steps]]
id = "a"
title = "A"
phase = "p"
requires = ["nowhere/b"]
"#;

struct Env {
    dir: TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        fs::create_dir(env.roadmaps()).unwrap();
        fs::write(env.roadmaps().join("mine.toml"), USER).unwrap();
        env
    }

    fn roadmaps(&self) -> PathBuf {
        self.dir.path().join("roadmaps")
    }

    fn cache_dir(&self) -> PathBuf {
        self.dir.path().join("cache/waymark/roadmaps")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("waymark").unwrap();
        c.arg("--db")
            .arg(self.dir.path().join("p.sqlite3"))
            .arg("--roadmaps")
            .arg(self.roadmaps())
            .env("HOME", self.dir.path())
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("WAYMARK_TRACE", "1")
            .env_remove("WAYMARK_DB")
            .env_remove("WAYMARK_ROADMAPS")
            .env_remove("WAYMARK_NO_CACHE");
        c
    }

    /// Runs `list --json`; returns (stdout, what the trace says the cache did).
    fn list(&self, extra: &[&str]) -> (String, String) {
        let out = self
            .cmd()
            .args(extra)
            .args(["list", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let cache = stderr
            .lines()
            .find_map(|l| {
                let (_, c) = l.split_once("; cache: ")?;
                Some(c.split_once("; ").map_or(c, |(c, _)| c).to_string())
            })
            .unwrap_or_else(|| panic!("no cache trace in {stderr:?}"));
        (String::from_utf8(out.stdout).unwrap(), cache)
    }

    /// What the trace says of stamps on a `list` run: "N hit, M written".
    fn stamps(&self) -> String {
        let out = self.cmd().args(["list", "--json"]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        stderr
            .lines()
            .find_map(|l| l.split_once("; stamps: ").map(|(_, s)| s.to_string()))
            .unwrap_or_else(|| panic!("no stamp trace in {stderr:?}"))
    }

    /// Dates the user file an hour back, as if it had not been edited lately.
    fn settle(&self) {
        let file = fs::File::options()
            .write(true)
            .open(self.roadmaps().join("mine.toml"))
            .unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }

    fn entries(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(self.cache_dir())
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }
}

fn roadmap_count() -> usize {
    catalog::BUNDLED.len() + 1
}

#[test]
fn a_second_run_reads_every_roadmap_from_the_cache() {
    let env = Env::new();
    let n = roadmap_count();
    let (first, cache) = env.list(&[]);
    assert_eq!(cache, format!("0 hit, {n} parsed, {n} written"));
    assert_eq!(env.entries().len(), n);
    let (second, cache) = env.list(&[]);
    assert_eq!(cache, format!("{n} hit, 0 parsed, 0 written"));
    assert_eq!(first, second, "the cached models give the same output");
    assert!(second.contains("\"mine\""), "{second}");

    // An edited file is a new entry; the others still hit.
    fs::write(
        env.roadmaps().join("mine.toml"),
        USER.replace("title = \"A\"", "title = \"Edited\""),
    )
    .unwrap();
    let (_, cache) = env.list(&[]);
    assert_eq!(cache, format!("{} hit, 1 parsed, 1 written", n - 1));
    let out = env.cmd().args(["show", "mine", "--json"]).output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("Edited"), "{shown}");
}

#[test]
fn damaged_or_foreign_entries_are_ignored_and_rewritten() {
    let env = Env::new();
    let n = roadmap_count();
    let (good, _) = env.list(&[]);
    let entries = env.entries();
    let originals: Vec<Vec<u8>> = entries.iter().map(|p| fs::read(p).unwrap()).collect();
    // One each: truncated, emptied, a flipped byte, a foreign file, a folder in the way
    // is left for last (it cannot be replaced by a rename, and must not be an error).
    for (i, p) in entries.iter().enumerate() {
        let whole = &originals[i];
        let damaged: Vec<u8> = match i % 4 {
            0 => whole[..whole.len() / 2].to_vec(),
            1 => Vec::new(),
            2 => {
                let mut b = whole.clone();
                let mid = b.len() / 2;
                b[mid] ^= 0x40;
                b
            }
            _ => b"SQLite format 3\0 not a cache entry".to_vec(),
        };
        fs::write(p, damaged).unwrap();
    }
    let (out, cache) = env.list(&[]);
    assert_eq!(out, good);
    assert_eq!(cache, format!("0 hit, {n} parsed, {n} written"));
    for (p, original) in entries.iter().zip(&originals) {
        assert_eq!(&fs::read(p).unwrap(), original, "{} rewritten", p.display());
    }
    let (_, cache) = env.list(&[]);
    assert_eq!(cache, format!("{n} hit, 0 parsed, 0 written"));

    // An entry that cannot be replaced at all: the run still works, from a parse.
    fs::remove_file(&entries[0]).unwrap();
    fs::create_dir(&entries[0]).unwrap();
    let (out, cache) = env.list(&[]);
    assert_eq!(out, good);
    assert_eq!(cache, format!("{} hit, 1 parsed, 0 written", n - 1));
}

#[test]
fn no_cache_reads_and_writes_nothing() {
    let env = Env::new();
    let (plain, cache) = env.list(&["--no-cache"]);
    assert_eq!(cache, "off");
    assert!(!env.dir.path().join("cache").exists());
    let out = env
        .cmd()
        .env("WAYMARK_NO_CACHE", "1")
        .args(["show", "mine"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!env.dir.path().join("cache").exists());
    // `WAYMARK_NO_CACHE=0` means the cache is on.
    let out = env
        .cmd()
        .env("WAYMARK_NO_CACHE", "0")
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), plain);
    assert_eq!(env.entries().len(), roadmap_count());
}

#[test]
fn validate_always_parses() {
    let env = Env::new();
    env.list(&[]);
    let before: Vec<Vec<u8>> = env.entries().iter().map(|p| fs::read(p).unwrap()).collect();
    let out = env.cmd().arg("validate").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cache: off"), "{stderr}");
    // The dangling cross-roadmap prerequisite is a problem of mine.toml.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("nowhere/b"), "{stdout}");
    let after: Vec<Vec<u8>> = env.entries().iter().map(|p| fs::read(p).unwrap()).collect();
    assert_eq!(before, after);
}

/// The checks across roadmaps (a duplicate id, an `other/step` prerequisite) give the
/// same result whether the models were parsed or read from the cache.
#[test]
fn cross_roadmap_checks_run_on_cached_models() {
    let env = Env::new();
    let bundled_id = catalog::load(None).roadmaps[0].roadmap.id.clone();
    fs::write(
        env.roadmaps().join("twin.toml"),
        USER.replace("id = \"mine\"", &format!("id = \"{bundled_id}\"")),
    )
    .unwrap();
    let cache = Cache::new(env.cache_dir());
    let load = || catalog::load_with(Some(&env.roadmaps()), &[], Some(&cache));
    let parsed = load();
    let cached = load();
    assert_eq!(parsed.cache.parsed, roadmap_count() + 1);
    assert_eq!(cached.cache.hits, roadmap_count() + 1);
    for cat in [&parsed, &cached] {
        let ids: Vec<&str> = cat.roadmaps.iter().map(|l| l.roadmap.id.as_str()).collect();
        assert_eq!(ids.len(), roadmap_count(), "{ids:?}");
        let [dup] = &cat.reports[..] else {
            panic!("{:?}", cat.reports)
        };
        assert!(dup.source.display().ends_with("twin.toml"));
        assert_eq!(dup.problems[0].kind, ProblemKind::DuplicateRoadmap);
        assert_eq!((dup.problems[0].line, dup.problems[0].col), (1, 6));
        let [warning] = &cat.warnings[..] else {
            panic!("{:?}", cat.warnings)
        };
        assert!(warning.source.display().ends_with("mine.toml"));
        assert_eq!(warning.problems[0].kind, ProblemKind::DanglingRequire);
        assert_eq!(warning.problems[0].line, 12);
    }
    // The duplicate is reported on the cached run of the binary too.
    for _ in 0..2 {
        let out = env.cmd().arg("list").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("twin.toml"), "{stderr}");
    }
}

/// A user file not edited lately gets a stamp (path, size, times, inode): later runs find
/// its model by the stamp without reading the file; an edit that keeps the size and puts
/// the old modification time back still changes the change time, so it is seen.
#[test]
fn a_settled_user_file_is_found_by_its_stamp() {
    let env = Env::new();
    // Just written: it may still change within the clock's granularity, so no stamp.
    assert_eq!(env.stamps(), "0 hit, 0 written");
    assert_eq!(env.stamps(), "0 hit, 0 written");
    env.settle();
    assert_eq!(env.stamps(), "0 hit, 1 written");
    let (before, cache) = env.list(&[]);
    assert_eq!(
        cache,
        format!("{} hit, 0 parsed, 0 written", roadmap_count())
    );
    assert_eq!(env.stamps(), "1 hit, 0 written");

    let file = env.roadmaps().join("mine.toml");
    let modified = fs::metadata(&file).unwrap().modified().unwrap();
    fs::write(&file, USER.replace("title = \"Mine\"", "title = \"Mein\"")).unwrap();
    fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(fs::metadata(&file).unwrap().len() as usize, USER.len());
    let (after, cache) = env.list(&[]);
    assert_eq!(
        cache,
        format!("{} hit, 1 parsed, 1 written", roadmap_count() - 1)
    );
    assert!(after.contains("\"Mein\""), "{after}");
    assert_ne!(before, after);
}

/// A problem that only shows across roadmaps is reported with its line and snippet for a
/// file found by its stamp too (the file is read then, only to show the problem).
#[test]
fn a_stamped_file_still_gets_its_cross_roadmap_problems_with_lines() {
    let env = Env::new();
    env.settle();
    let cache = Cache::new(env.cache_dir());
    let load = || catalog::load_with(Some(&env.roadmaps()), &[], Some(&cache));
    let first = load();
    assert_eq!(first.cache.stamps_written, 1);
    let second = load();
    assert_eq!(second.cache.stamp_hits, 1);
    for cat in [&first, &second] {
        let [warning] = &cat.warnings[..] else {
            panic!("{:?}", cat.warnings)
        };
        assert_eq!(warning.problems[0].kind, ProblemKind::DanglingRequire);
        assert_eq!(warning.problems[0].line, 12);
        // The snippet is the file's own line.
        let shown = warning.render();
        assert!(shown.contains("requires = [\"nowhere/b\"]"), "{shown}");
    }
}
