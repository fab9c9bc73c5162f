//! Shared by the `cli_progress*` tests: a temp folder with a database path, the real
//! binary, and the real roadmaps.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use waymark::model::Roadmap;

pub const NOW: &str = "2026-03-10T12:00:00Z";

/// The repository's roadmap folder, used as `--roadmaps` only while the roadmaps are not
/// yet compiled into the binary (otherwise they would load twice).
fn roadmaps_dir(scratch: &Path) -> PathBuf {
    if waymark::catalog::load(None).get("backend-steps").is_some() {
        let empty = scratch.join("no-user-roadmaps");
        std::fs::create_dir_all(&empty).unwrap();
        empty
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmaps")
    }
}

pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
    pub roadmaps: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.sqlite3");
        let roadmaps = roadmaps_dir(dir.path());
        Env { dir, db, roadmaps }
    }

    /// `waymark --db <tmp>/p.sqlite3 --roadmaps <dir>`, with a fixed clock and time zone.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("waymark").unwrap();
        c.arg("--db")
            .arg(&self.db)
            .arg("--roadmaps")
            .arg(&self.roadmaps)
            .env("WAYMARK_NOW", NOW)
            .env("TZ", "UTC")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env("XDG_CACHE_HOME", self.dir.path().join("xdg-cache"))
            .env_remove("WAYMARK_DB")
            .env_remove("WAYMARK_ROADMAPS")
            .env_remove("VISUAL")
            .env_remove("EDITOR");
        c
    }

    pub fn cmd_at(&self, now: &str) -> Command {
        let mut c = self.cmd();
        c.env("WAYMARK_NOW", now);
        c
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "waymark {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail; returns its stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            !out.status.success(),
            "waymark {args:?} should have failed; stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("error: ") || err.contains("\nerror: "),
            "{err}"
        );
        err
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// `progress ROADMAP --json`, the one roadmap's object.
    pub fn progress(&self, roadmap: &str) -> serde_json::Value {
        let v = self.json(&["progress", roadmap, "--json"]);
        v.as_array().unwrap()[0].clone()
    }

    /// Status per step id, from a JSON export.
    pub fn statuses(&self, roadmap: &str) -> std::collections::HashMap<String, String> {
        let v = self.json(&["export", roadmap, "--format", "json"]);
        v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["id"].as_str().unwrap().to_string(),
                    s["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// A real roadmap, as the binary loads it.
pub fn roadmap(id: &str) -> Roadmap {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmaps");
    let cat = waymark::catalog::load(Some(&dir));
    cat.get(id)
        .unwrap_or_else(|| panic!("roadmap {id} not found"))
        .roadmap
        .clone()
}

/// `ROADMAP/STEP` of step `i`.
pub fn step_ref(r: &Roadmap, i: usize) -> String {
    format!("{}/{}", r.id, r.steps[i].id)
}
