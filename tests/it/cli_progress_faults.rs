//! Faults and bad input around the progress database, with the real binary: files that
//! are not ours, newer schemas, upgrades, read-only files and folders, two writers at
//! once, and SIGKILL in the middle of a stream of changes.

use crate::support::cli::{Env, roadmap, step_ref};
use std::collections::HashSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const R: &str = "backend-steps";

/// A database with one step done, written by the binary.
fn env_with_progress() -> Env {
    let env = Env::new();
    env.ok(&["done", &step_ref(&roadmap(R), 0)]);
    env
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let env = Env::new();
    let bytes = b"# my shopping list\n- milk\n- eggs\n".repeat(100);
    fs::write(&env.db, &bytes).unwrap();
    for args in [
        vec!["progress"],
        vec!["done", &step_ref(&roadmap(R), 0)],
        vec!["pace", "5"],
    ] {
        let err = env.fails(&args);
        assert!(err.contains(env.db.to_str().unwrap()), "{err}");
        assert!(err.contains("not a waymark progress database"), "{err}");
        assert!(err.contains("left untouched"), "{err}");
    }
    assert_eq!(fs::read(&env.db).unwrap(), bytes);
    let names: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("p.sqlite3"))
        .collect();
    assert_eq!(names, ["p.sqlite3"], "no -wal, -shm or backup next to it");
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let env = Env::new();
    {
        let c = rusqlite::Connection::open(&env.db).unwrap();
        c.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('a');")
            .unwrap();
    }
    let before = fs::read(&env.db).unwrap();
    let err = env.fails(&["done", &step_ref(&roadmap(R), 0)]);
    assert!(err.contains("not one written by waymark"), "{err}");
    assert!(err.contains(env.db.to_str().unwrap()), "{err}");
    assert_eq!(fs::read(&env.db).unwrap(), before);
}

#[test]
fn a_truncated_database_is_a_clear_error_and_untouched() {
    let env = env_with_progress();
    let mut bytes = fs::read(&env.db).unwrap();
    assert!(bytes.len() > 8192);
    bytes.truncate(4096 + 100);
    fs::write(&env.db, &bytes).unwrap();
    let err = env.fails(&["progress", R]);
    assert!(err.contains(env.db.to_str().unwrap()), "{err}");
    assert!(err.contains("not a waymark progress database"), "{err}");
    assert_eq!(fs::read(&env.db).unwrap(), bytes);
}

#[test]
fn a_database_from_a_newer_waymark_is_refused_untouched() {
    let env = env_with_progress();
    {
        let c = rusqlite::Connection::open(&env.db).unwrap();
        c.pragma_update(None, "user_version", 42).unwrap();
    }
    let before = fs::read(&env.db).unwrap();
    for args in [vec!["progress"], vec!["undo"], vec!["log"]] {
        let err = env.fails(&args);
        assert!(err.contains("newer waymark"), "{err}");
        assert!(err.contains("schema version 42"), "{err}");
        assert!(err.contains(env.db.to_str().unwrap()), "{err}");
    }
    assert_eq!(fs::read(&env.db).unwrap(), before);
}

#[test]
fn a_schema_less_database_is_set_up_without_a_backup_or_an_upgrade_note() {
    // A version-0 SQLite file without tables holds no data: it is what another waymark
    // leaves a moment after creating the file. Backing it up would only litter the folder
    // (and announce an upgrade that is not one). The v1 → v2 backup is covered by the
    // store's unit tests.
    let env = Env::new();
    {
        let c = rusqlite::Connection::open(&env.db).unwrap();
        c.execute_batch("PRAGMA application_id = 7; CREATE TABLE scratch (x); DROP TABLE scratch;")
            .unwrap();
    }
    assert!(!fs::read(&env.db).unwrap().is_empty());
    let out = env.cmd().args(["pace", "5"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("upgraded"), "{err}");
    let backups: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".bak"))
        .collect();
    assert!(backups.is_empty(), "{backups:?}");
    assert_eq!(env.ok(&["pace"]).trim(), "5 h/week");
}

#[test]
fn new_database_is_private_and_its_folder_is_created() {
    let mut env = Env::new();
    env.db = env.dir.path().join("a/b/progress.sqlite3");
    env.ok(&["done", &step_ref(&roadmap(R), 0)]);
    assert_eq!(
        fs::metadata(&env.db).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_read_only_database_reads_but_refuses_writes() {
    let env = env_with_progress();
    let r = roadmap(R);
    fs::set_permissions(&env.db, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&env.db).unwrap();
    assert_eq!(env.progress(R)["done"], 1);
    assert_eq!(env.json(&["log", "--json"]).as_array().unwrap().len(), 1);
    env.ok(&["export", R, "--format", "csv"]);
    for args in [
        vec!["done", step_ref(&r, 1).as_str()],
        vec!["undo"],
        vec!["pace", "3"],
        vec!["note", step_ref(&r, 1).as_str(), "x"],
    ] {
        let err = env.fails(&args);
        assert!(err.contains("read-only"), "{args:?}: {err}");
        assert!(err.contains(env.db.to_str().unwrap()), "{err}");
    }
    // No editor is opened for a note that could not be saved.
    env.cmd()
        .args(["note", &step_ref(&r, 1)])
        .env("EDITOR", "touch /dev/null/should-not-run;")
        .assert()
        .failure()
        .stderr(predicates::str::contains("read-only"));
    assert_eq!(fs::read(&env.db).unwrap(), before);
    assert_eq!(env.progress(R)["done"], 1);
}

#[test]
fn a_read_only_folder_reads_but_refuses_writes() {
    let mut env = Env::new();
    let folder = env.dir.path().join("ro");
    env.db = folder.join("p.sqlite3");
    env.ok(&["done", &step_ref(&roadmap(R), 0)]);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    let read = env.progress(R);
    let err = env.fails(&["done", &step_ref(&roadmap(R), 1)]);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(read["done"], 1);
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(env.progress(R)["done"], 1);
}

#[test]
fn two_processes_writing_at_once_lose_no_update() {
    let env = Arc::new(Env::new());
    let r = roadmap("backend-chart-2022");
    let per_writer = 20;
    assert!(r.steps.len() >= 2 * per_writer);
    // Both start on a database that does not exist yet: creation races too.
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let env = Arc::clone(&env);
            let refs: Vec<String> = (0..per_writer)
                .map(|i| step_ref(&r, w * per_writer + i))
                .collect();
            std::thread::spawn(move || {
                for (i, s) in refs.iter().enumerate() {
                    // done, and for every third step a reset and done again.
                    env.ok(&["done", s]);
                    if i % 3 == 0 {
                        env.ok(&["reset", s]);
                        env.ok(&["done", s]);
                    }
                }
                // One multi-step transaction per writer as well.
                let mut args = vec!["start".to_string()];
                args.extend(refs.iter().take(5).cloned());
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                env.ok(&args);
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let st = env.statuses("backend-chart-2022");
    for w in 0..2 {
        for i in 0..per_writer {
            let want = if i < 5 { "in-progress" } else { "done" };
            assert_eq!(
                st[&r.steps[w * per_writer + i].id],
                want,
                "writer {w} step {i}"
            );
        }
    }
    let resets = (0..per_writer).filter(|i| i % 3 == 0).count();
    let log = env.json(&["log", "--json"]);
    assert_eq!(
        log.as_array().unwrap().len(),
        2 * (per_writer + 2 * resets + 5)
    );
}

/// A tiny deterministic PRNG for kill timings.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn sigkill_mid_stream_keeps_every_acknowledged_change() {
    let env = Env::new();
    let r = roadmap("backend-chart-2022");
    let mut rng = Lcg(0x5eed);
    let acked = Arc::new(Mutex::new(HashSet::new()));
    let mut killed = 0;
    let pairs: Vec<(usize, usize)> = (0..r.steps.len() / 2)
        .map(|i| (2 * i, 2 * i + 1))
        .take(40)
        .collect();
    for &(a, b) in &pairs {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("waymark"));
        cmd.arg("--db")
            .arg(&env.db)
            .arg("--roadmaps")
            .arg(&env.roadmaps)
            .env("TZ", "UTC")
            .env("HOME", env.dir.path())
            .args(["done", &step_ref(&r, a), &step_ref(&r, b)])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        // Kill about half of the processes at a random moment of their run.
        if rng.next(2) == 0 {
            std::thread::sleep(Duration::from_micros(rng.next(40_000)));
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL
                killed += 1;
            }
        }
        let out = child.wait_with_output().unwrap();
        // Acknowledged = printed: those must be in the database.
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some(rest) = line.strip_prefix("done: ") {
                let id = rest.split_whitespace().next().unwrap().to_string();
                acked.lock().unwrap().insert(id);
            }
        }
    }
    assert!(killed > 0, "no process was killed mid-run");

    let c = rusqlite::Connection::open(&env.db).unwrap();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(c);

    let st = env.statuses("backend-chart-2022");
    let acked = acked.lock().unwrap();
    assert!(!acked.is_empty());
    for id in acked.iter() {
        let step = id.split_once('/').unwrap().1;
        assert_eq!(st[step], "done", "{id} was acknowledged but is not stored");
    }
    // Each command is one transaction: both steps of a pair or neither.
    for &(a, b) in &pairs {
        assert_eq!(
            st[&r.steps[a].id], st[&r.steps[b].id],
            "pair {a},{b} half-applied"
        );
    }
    // And the database still takes writes.
    env.ok(&["done", &step_ref(&r, r.steps.len() - 1)]);
}

#[test]
fn a_folder_at_the_database_path_is_one_clear_error() {
    let mut env = Env::new();
    env.db = env.dir.path().to_path_buf();
    let err = env.fails(&["done", "backend-steps/how-the-internet-works"]);
    assert_eq!(err.matches("it is a folder").count(), 1, "{err}");
    assert!(err.contains(&env.db.display().to_string()), "{err}");
}
