//! The progress database under concurrent first use, hostile `--db` and import paths,
//! and large imports: the real binary on temp files.

use crate::support::cli::{Env, roadmap, step_ref};
use std::sync::{Arc, Barrier};

const R: &str = "backend-steps";

#[test]
fn eight_commands_at_once_on_a_new_database_create_it_once_and_quietly() {
    let r = roadmap(R);
    for round in 0..6 {
        let env = Arc::new(Env::new());
        let start = Arc::new(Barrier::new(8));
        let runs: Vec<_> = (0..8)
            .map(|i| {
                let (env, start, step) = (env.clone(), start.clone(), step_ref(&r, i));
                std::thread::spawn(move || {
                    let mut cmd = env.cmd();
                    cmd.args(["done", &step]);
                    start.wait();
                    cmd.output().unwrap()
                })
            })
            .collect();
        for run in runs {
            let out = run.join().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {err}");
            assert!(!err.contains("upgraded"), "round {round}: {err}");
        }
        let backups: Vec<_> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".bak"))
            .collect();
        assert!(backups.is_empty(), "round {round}: {backups:?}");
        assert_eq!(env.progress(R)["done"], 8, "round {round}");
    }
}

fn mkfifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

#[test]
fn a_fifo_as_the_database_is_refused_without_hanging() {
    let env = Env::new();
    mkfifo(&env.db);
    let out = env
        .cmd()
        .args(["pace", "5"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("p.sqlite3"), "{err}");
    assert!(err.contains("FIFO"), "{err}");
}

#[test]
fn import_refuses_devices_fifos_and_files_over_the_limit() {
    let env = Env::new();
    let fifo = env.dir.path().join("in.json");
    mkfifo(&fifo);
    let big = env.dir.path().join("big.json");
    // Sparse: 65 MiB on paper, nothing on disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    for (path, says) in [
        ("/dev/zero", "not a regular file"),
        (fifo.to_str().unwrap(), "not a regular file"),
        (big.to_str().unwrap(), "larger than the limit of 64 MiB"),
    ] {
        let out = env
            .cmd()
            .args(["import", path])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert!(!out.status.success(), "{path}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(path) && err.contains(says), "{path}: {err}");
    }
    assert!(
        !env.db.exists(),
        "nothing was imported, not even a database created"
    );
}

#[test]
fn import_reads_standard_input_for_dash() {
    let env = Env::new();
    let r = roadmap(R);
    let doc = serde_json::json!({
        "format": "waymark-progress", "version": 1, "roadmap": R,
        "steps": [{"id": r.steps[0].id, "status": "done", "changed_at": "2026-03-01T00:00:00Z"}]
    });
    env.cmd()
        .args(["import", "-"])
        .write_stdin(doc.to_string())
        .assert()
        .success();
    assert_eq!(env.statuses(R)[&r.steps[0].id], "done");
}

#[test]
fn import_refuses_times_more_than_a_day_ahead() {
    let env = Env::new();
    let r = roadmap(R);
    let file = env.dir.path().join("future.json");
    // NOW is 2026-03-10T12:00:00Z: 23 h ahead passes, 25 h ahead does not.
    let doc = serde_json::json!({
        "format": "waymark-progress", "version": 1, "roadmap": R,
        "steps": [
            {"id": r.steps[0].id, "status": "done", "changed_at": "2026-03-11T11:00:00Z"},
            {"id": r.steps[1].id, "status": "done", "changed_at": "2026-03-11T13:00:00Z"},
            {"id": r.steps[2].id, "status": "todo", "note": "x", "note_at": "2099-01-01T00:00:00Z"}
        ]
    });
    std::fs::write(&file, doc.to_string()).unwrap();
    let err = env.fails(&["import", file.to_str().unwrap()]);
    assert!(
        err.contains("steps[1]") && err.contains("changed_at 2026-03-11T13:00:00Z"),
        "{err}"
    );
    assert!(
        err.contains("steps[2]") && err.contains("note_at 2099"),
        "{err}"
    );
    assert!(!err.contains("steps[0]"), "{err}");
    assert!(err.contains("more than a day in the future"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
}

#[test]
fn export_then_import_keeps_the_time_of_a_step_reset_to_todo() {
    let a = Env::new();
    let r = roadmap(R);
    let s = step_ref(&r, 0);
    a.cmd_at("2026-03-01T10:00:00Z")
        .args(["done", &s])
        .assert()
        .success();
    a.cmd_at("2026-03-02T10:00:00Z")
        .args(["reset", &s])
        .assert()
        .success();
    a.cmd_at("2026-03-03T10:00:00Z")
        .args(["done", &step_ref(&r, 1)])
        .assert()
        .success();
    let file = a.dir.path().join("x.json");
    a.ok(&[
        "export",
        R,
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    let before = a.json(&["export", R, "--format", "json"])["steps"].clone();
    assert_eq!(before[0]["status"], "todo");
    assert_eq!(before[0]["changed_at"], "2026-03-02T10:00:00Z");

    let b = Env::new();
    b.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(b.json(&["export", R, "--format", "json"])["steps"], before);
    // Importing again changes nothing.
    let out = b.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("0 statuses"), "{out}");
}

#[test]
fn undo_after_a_big_import_restores_the_previous_statuses() {
    let env = Env::new();
    let r = roadmap(R);
    env.ok(&["done", &step_ref(&r, 0), &step_ref(&r, 1)]);
    env.ok(&["start", &step_ref(&r, 2)]);
    env.ok(&["note", &step_ref(&r, 2), "keep me"]);
    let before = env.json(&["export", R, "--format", "json"])["steps"].clone();

    // Every real step flipped (later than the changes above), plus 20,000 steps the
    // roadmap does not have.
    let mut steps: Vec<serde_json::Value> = r
        .steps
        .iter()
        .map(|s| serde_json::json!({"id": s.id, "status": "skipped", "changed_at": "2026-03-10T12:30:00Z"}))
        .collect();
    steps.extend((0..20_000).map(|i| {
        serde_json::json!({"id": format!("extra-{i}"), "status": "done", "changed_at": "2026-03-10T12:30:00Z"})
    }));
    let file = env.dir.path().join("big.json");
    let doc = serde_json::json!({"format": "waymark-progress", "version": 1, "roadmap": R, "steps": steps});
    std::fs::write(&file, doc.to_string()).unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    let now = env.statuses(R);
    assert!(r.steps.iter().all(|s| now[&s.id] == "skipped"));
    assert_eq!(now["extra-19999"], "done");

    env.ok(&["undo"]);
    let after = env.json(&["export", R, "--format", "json"])["steps"].clone();
    let pick = |v: &serde_json::Value| -> Vec<(String, String, serde_json::Value)> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|s| s["status"] != "todo" || !s["note"].is_null())
            .map(|s| {
                (
                    s["id"].as_str().unwrap().to_owned(),
                    s["status"].as_str().unwrap().to_owned(),
                    s["note"].clone(),
                )
            })
            .collect()
    };
    // The same steps have the same status and note as before; the extra steps are
    // back to todo.
    assert_eq!(pick(&after), pick(&before));
    // Steps the import did not change keep their time too.
    assert_eq!(after[0]["changed_at"], before[0]["changed_at"]);
}
