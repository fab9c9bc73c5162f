//! The progress commands, run as the real binary against a temp database and the real
//! roadmaps.

use crate::support::cli::{Env, roadmap, step_ref};
use predicates::prelude::*;
use serde_json::Value;

const R: &str = "backend-steps";

fn hours(r: &waymark::model::Roadmap, idx: &[usize]) -> f64 {
    idx.iter().filter_map(|&i| r.steps[i].hours).sum()
}

#[test]
fn done_start_skip_reset_update_progress() {
    let env = Env::new();
    let r = roadmap(R);
    let out = env.ok(&["done", &step_ref(&r, 0), &step_ref(&r, 1)]);
    assert!(out.contains(&format!("done: {}", step_ref(&r, 0))), "{out}");
    assert!(out.contains("was todo"));
    env.ok(&["start", &step_ref(&r, 2)]);
    env.ok(&["skip", &step_ref(&r, 3)]);

    let p = env.progress(R);
    assert_eq!(p["id"], R);
    assert_eq!(p["steps"], r.steps.len());
    assert_eq!(p["done"], 2);
    assert_eq!(p["in_progress"], 1);
    assert_eq!(p["skipped"], 1);
    // Skipped steps leave the denominator.
    assert_eq!(p["counted"], r.steps.len() - 1);
    assert_eq!(p["hours_done"].as_f64().unwrap(), hours(&r, &[0, 1]));
    let all: Vec<usize> = (0..r.steps.len()).filter(|&i| i != 3).collect();
    assert_eq!(p["hours"].as_f64().unwrap(), hours(&r, &all));
    assert_eq!(
        p["hours_left"].as_f64().unwrap(),
        hours(&r, &all) - hours(&r, &[0, 1])
    );
    assert_eq!(p["finish"], Value::Null);
    assert_eq!(p["pace"], Value::Null);
    let phases = p["phases"].as_array().unwrap();
    assert_eq!(phases.len(), r.phases.len());
    let phase_done: u64 = phases.iter().map(|ph| ph["done"].as_u64().unwrap()).sum();
    assert_eq!(phase_done, 2);
    assert_eq!(
        phases[r.steps[0].phase]["id"],
        r.phases[r.steps[0].phase].id
    );

    // Already done: not a change.
    let out = env.ok(&["done", &step_ref(&r, 0)]);
    assert!(out.contains("is already done"), "{out}");

    env.ok(&["reset", &step_ref(&r, 0), &step_ref(&r, 3)]);
    let p = env.progress(R);
    assert_eq!(p["done"], 1);
    assert_eq!(p["skipped"], 0);

    // Text output names the roadmap and its phases.
    let text = env.ok(&["progress", R]);
    assert!(text.contains(&r.title), "{text}");
    assert!(text.contains(&r.phases[0].title), "{text}");
    assert!(text.contains("1 in progress"), "{text}");
}

#[test]
fn progress_without_roadmap_lists_every_roadmap() {
    let env = Env::new();
    let v = env.json(&["progress", "--json"]);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&R));
    assert!(ids.len() > 1);
}

#[test]
fn unknown_ids_name_the_closest_and_change_nothing() {
    let env = Env::new();
    let r = roadmap(R);
    let good = step_ref(&r, 0);
    let typo = format!("{R}/{}x", r.steps[1].id);
    let err = env.fails(&["done", &good, &typo, "backend-stepz/anything", "no-slash"]);
    assert!(
        err.contains(&format!("did you mean `{}`", r.steps[1].id)),
        "{err}"
    );
    assert!(err.contains("no roadmap `backend-stepz`"), "{err}");
    assert!(err.contains(&format!("`{R}`")), "{err}");
    assert!(err.contains("expected ROADMAP/STEP"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    // Not even the valid one.
    assert_eq!(env.progress(R)["done"], 0);
    assert_eq!(env.json(&["log", "--json"]), Value::Array(vec![]));

    let err = env.fails(&["progress", "backend-stepz"]);
    assert!(err.contains("did you mean `backend-steps`"), "{err}");
    env.fails(&["done"]);
}

#[test]
fn unknown_ids_do_not_create_a_database() {
    let env = Env::new();
    env.fails(&["done", "nope/nope"]);
    assert!(!env.db.exists());
}

#[test]
fn undo_walks_back_one_command_at_a_time() {
    let env = Env::new();
    let r = roadmap(R);
    env.ok(&["done", &step_ref(&r, 0)]);
    env.ok(&["done", &step_ref(&r, 1), &step_ref(&r, 2)]);
    env.ok(&["start", &step_ref(&r, 0)]);

    let out = env.ok(&["undo"]);
    // Says what the step is now, then what it was: no arrow to read backwards.
    assert_eq!(
        out,
        format!(
            "undone: {} is done again (was in-progress)\n",
            step_ref(&r, 0)
        )
    );
    let out = env.ok(&["undo"]);
    assert_eq!(out.lines().count(), 2, "{out}");
    let st = env.statuses(R);
    assert_eq!(st[&r.steps[0].id], "done");
    assert_eq!(st[&r.steps[1].id], "todo");
    env.ok(&["undo"]);
    assert_eq!(env.statuses(R)[&r.steps[0].id], "todo");
    let out = env.ok(&["undo"]);
    assert!(out.contains("nothing to undo"), "{out}");

    // The history keeps everything, undos included.
    let log = env.json(&["log", "--json"]);
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 4 + 4);
    assert_eq!(log.iter().filter(|e| e["kind"] == "undo").count(), 4);
    assert!(
        log.iter()
            .filter(|e| e["kind"] == "undo")
            .all(|e| e["reverts"].is_i64())
    );
}

#[test]
fn notes_from_arguments_editor_and_clear() {
    let env = Env::new();
    let r = roadmap(R);
    let s = step_ref(&r, 4);
    let out = env.ok(&["note", &s, "read", "chapter", "3"]);
    assert!(out.contains("note saved"), "{out}");
    let note = |env: &Env| env.json(&["export", R, "--format", "json"])["steps"][4]["note"].clone();
    assert_eq!(note(&env), "read chapter 3");

    // No text: $VISUAL (over $EDITOR) edits the current note in a file.
    let out = env
        .cmd()
        .args(["note", &s])
        .env("EDITOR", "false")
        .env(
            "VISUAL",
            "grep -q 'read chapter 3' \"$1\" && printf 'from the editor\\n' >",
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(note(&env), "from the editor");

    // The file ends with a line break, so an editor (or `>>`) that appends starts a new
    // line instead of gluing onto the last one.
    let out = env
        .cmd()
        .args(["note", &s])
        .env("EDITOR", "printf 'and more\\n' >>")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(note(&env), "from the editor\nand more");

    // An editor that fails changes nothing.
    env.cmd()
        .args(["note", &s])
        .env("EDITOR", "false")
        .assert()
        .failure()
        .stderr(predicate::str::contains("note was not changed"));
    assert_eq!(note(&env), "from the editor\nand more");

    env.ok(&["note", &s, "--clear"]);
    assert_eq!(note(&env), Value::Null);
    // Notes are not status changes.
    assert_eq!(env.json(&["log", "--json"]), Value::Array(vec![]));
    env.fails(&["note", &format!("{R}/nope"), "x"]);
}

#[test]
fn pace_projects_a_finish_date() {
    let env = Env::new();
    let r = roadmap(R);
    let out = env.ok(&["pace"]);
    assert!(out.contains("no pace set"), "{out}");
    env.fails(&["pace", "0"]);
    env.fails(&["pace", "--", "-3"]);
    env.fails(&["pace", "500"]);
    assert!(env.ok(&["pace", "6"]).contains("6 h/week"));
    assert_eq!(env.ok(&["pace"]).trim(), "6 h/week");

    // A first change two weeks ago and one a week ago: someone who started two weeks
    // ago is compared over those two weeks, not the full four.
    env.cmd_at("2026-02-24T12:00:00Z")
        .args(["start", &step_ref(&r, 1)])
        .assert()
        .success();
    env.cmd_at("2026-03-03T12:00:00Z")
        .args(["done", &step_ref(&r, 0)])
        .assert()
        .success();
    let p = env.progress(R);
    let left = p["hours_left"].as_f64().unwrap();
    let days = (left / 6.0 * 7.0).ceil() as u64;
    let expected = chrono::NaiveDate::from_ymd_opt(2026, 3, 10)
        .unwrap()
        .checked_add_days(chrono::Days::new(days))
        .unwrap();
    assert_eq!(p["finish"], expected.to_string());
    let pace = &p["pace"];
    assert_eq!(pace["hours_per_week"], 6.0);
    assert_eq!(pace["window_weeks"], 2.0);
    let logged = r.steps[0].hours.unwrap_or(0.0);
    assert_eq!(pace["logged_hours"].as_f64().unwrap(), logged);
    assert_eq!(pace["weeks_ahead"].as_f64().unwrap(), (logged - 12.0) / 6.0);
    let text = env.ok(&["progress", R]);
    assert!(
        text.contains(&format!("projected finish {expected}")),
        "{text}"
    );
    assert!(text.contains("weeks behind"), "{text}");

    env.ok(&["pace", "--clear"]);
    assert_eq!(env.progress(R)["finish"], Value::Null);
}

#[test]
fn log_lists_history_and_filters_by_date() {
    let env = Env::new();
    let r = roadmap(R);
    env.cmd_at("2026-03-01T08:00:00Z")
        .args(["done", &step_ref(&r, 0)])
        .assert()
        .success();
    env.cmd_at("2026-03-05T08:00:00Z")
        .args(["start", &step_ref(&r, 1)])
        .assert()
        .success();
    let all = env.json(&["log", "--json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["step"], r.steps[0].id.as_str());
    assert_eq!(all[0]["old"], "todo");
    assert_eq!(all[0]["new"], "done");
    assert_eq!(all[0]["at"], "2026-03-01T08:00:00Z");
    assert_eq!(all[0]["kind"], "set");
    let since = env.json(&["log", "--since", "2026-03-02", "--json"]);
    assert_eq!(since.as_array().unwrap().len(), 1);
    assert_eq!(since[0]["new"], "in-progress");
    let text = env.ok(&["log"]);
    assert!(text.contains("2026-03-01 08:00"), "{text}");
    assert!(text.contains(&r.steps[0].title), "{text}");
    let err = env.fails(&["log", "--since", "March"]);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn export_markdown_is_a_checklist_per_phase() {
    let env = Env::new();
    let r = roadmap(R);
    env.ok(&["done", &step_ref(&r, 0)]);
    env.ok(&["skip", &step_ref(&r, 1)]);
    let md = env.ok(&["export", R, "--format", "md"]);
    assert!(md.starts_with(&format!("# {}\n", r.title)), "{md}");
    for p in &r.phases {
        assert!(md.contains(&format!("\n## {}\n", p.title)), "{md}");
    }
    assert!(
        md.contains(&format!("- [x] {}\n", r.steps[0].title)),
        "{md}"
    );
    assert!(
        md.contains(&format!("- [ ] ~~{}~~", r.steps[1].title)),
        "{md}"
    );
    assert!(
        md.contains(&format!("- [ ] {}\n", r.steps[2].title)),
        "{md}"
    );
    assert_eq!(md.matches("\n- [").count(), r.steps.len());
    // md is the default format.
    assert_eq!(env.ok(&["export", R]), md);
}

#[test]
fn export_csv_has_a_header_and_a_row_per_step() {
    let env = Env::new();
    let r = roadmap(R);
    env.ok(&["done", &step_ref(&r, 0)]);
    env.ok(&["note", &step_ref(&r, 0), "a, \"quoted\" note"]);
    let csv = env.ok(&["export", R, "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "roadmap,phase,step,title,status,changed_at,hours,note"
    );
    assert_eq!(lines.len(), r.steps.len() + 1);
    assert!(lines[1].starts_with(&format!(
        "{R},{},{},",
        r.phases[r.steps[0].phase].id, r.steps[0].id
    )));
    assert!(
        lines[1].contains(",done,2026-03-10T12:00:00Z,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(",\"a, \"\"quoted\"\" note\""),
        "{}",
        lines[1]
    );
}

#[test]
fn export_to_a_file_and_json_roundtrips_through_import() {
    let a = Env::new();
    let r = roadmap(R);
    a.ok(&["done", &step_ref(&r, 0), &step_ref(&r, 1)]);
    a.ok(&["start", &step_ref(&r, 2)]);
    a.ok(&["note", &step_ref(&r, 2), "halfway"]);
    let file = a.dir.path().join("out/export.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    a.cmd()
        .args(["export", R, "--format", "json", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(doc["format"], "waymark-progress");
    assert_eq!(doc["roadmap"], R);

    let b = Env::new();
    let out = b.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("3 statuses"), "{out}");
    assert!(out.contains("1 note"), "{out}");
    assert_eq!(a.progress(R), b.progress(R));
    assert_eq!(
        a.json(&["export", R, "--format", "json"])["steps"],
        b.json(&["export", R, "--format", "json"])["steps"]
    );
    // Again: nothing new.
    let out = b.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("0 statuses"), "{out}");
    // The import is in the history (at the original times) and can be undone.
    let log = b.json(&["log", "--json"]);
    assert_eq!(log.as_array().unwrap().len(), 3);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "import")
    );
    b.ok(&["undo"]);
    assert_eq!(b.progress(R)["done"], 0);
}

#[test]
fn import_keeps_the_latest_change_per_step() {
    let a = Env::new();
    let b = Env::new();
    let r = roadmap(R);
    let (s0, s1) = (step_ref(&r, 0), step_ref(&r, 1));
    // a: s0 done early, s1 done late. b: s0 skipped in between, s1 started early.
    a.cmd_at("2026-03-01T00:00:00Z")
        .args(["done", &s0])
        .assert()
        .success();
    b.cmd_at("2026-03-02T00:00:00Z")
        .args(["skip", &s0])
        .assert()
        .success();
    b.cmd_at("2026-03-01T00:00:00Z")
        .args(["start", &s1])
        .assert()
        .success();
    a.cmd_at("2026-03-03T00:00:00Z")
        .args(["done", &s1])
        .assert()
        .success();
    let file = a.dir.path().join("a.json");
    a.ok(&[
        "export",
        R,
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    b.ok(&["import", file.to_str().unwrap()]);
    let st = b.statuses(R);
    assert_eq!(st[&r.steps[0].id], "skipped", "b's change is newer");
    assert_eq!(st[&r.steps[1].id], "done", "a's change is newer");
}

#[test]
fn import_rejects_bad_files_and_changes_nothing() {
    let env = Env::new();
    let bad = env.dir.path().join("bad.json");
    std::fs::write(&bad, "{\"hello\": 1}").unwrap();
    let err = env.fails(&["import", bad.to_str().unwrap()]);
    assert!(err.contains("bad.json"), "{err}");
    assert!(err.contains("not a waymark JSON export"), "{err}");

    let wrong_status = env.dir.path().join("status.json");
    std::fs::write(
        &wrong_status,
        r#"{"format":"waymark-progress","version":1,"roadmap":"backend-steps",
           "steps":[{"id":"a","status":"done","changed_at":"2026-01-01T00:00:00Z"},
                    {"id":"b","status":"finito","changed_at":"2026-01-01T00:00:00Z"}]}"#,
    )
    .unwrap();
    let err = env.fails(&["import", wrong_status.to_str().unwrap()]);
    assert!(err.contains("finito"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    let missing = env.dir.path().join("missing.json");
    let err = env.fails(&["import", missing.to_str().unwrap()]);
    assert!(err.contains("missing.json"), "{err}");
    assert!(!env.db.exists());
}

#[test]
fn orphaned_progress_is_kept_and_listed() {
    let env = Env::new();
    let file = env.dir.path().join("orphans.json");
    std::fs::write(
        &file,
        r#"{"format":"waymark-progress","version":1,"roadmap":"backend-steps",
           "steps":[{"id":"a-step-that-was-removed","status":"done",
                     "changed_at":"2026-01-01T00:00:00Z"}]}"#,
    )
    .unwrap();
    let out = env.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("not in roadmap"), "{out}");
    let o = env.json(&["progress", "--orphans", "--json"]);
    assert_eq!(o.as_array().unwrap().len(), 1);
    assert_eq!(o[0]["roadmap"], R);
    assert_eq!(o[0]["step"], "a-step-that-was-removed");
    assert_eq!(o[0]["status"], "done");
    assert_eq!(o[0]["roadmap_loaded"], true);
    let text = env.ok(&["progress", "--orphans"]);
    assert!(
        text.contains("backend-steps/a-step-that-was-removed"),
        "{text}"
    );
    // Still there after other commands; and not counted in progress.
    env.ok(&["done", &step_ref(&roadmap(R), 0)]);
    assert_eq!(env.progress(R)["done"], 1);
    assert_eq!(
        env.json(&["progress", "--orphans", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Exports keep it too, so nothing is lost in a roundtrip.
    let steps = env.json(&["export", R, "--format", "json"])["steps"].clone();
    assert!(
        steps
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "a-step-that-was-removed")
    );
}

fn user_roadmap(step_id: &str, aliases: &str) -> String {
    format!(
        r#"id = "my-notes"
title = "My notes"

[[phases]]
id = "one"
title = "One"

[[steps]]
id = "{step_id}"
phase = "one"
title = "A step"
hours = 3
aliases = [{aliases}]

[[steps]]
id = "other"
phase = "one"
title = "Another step"
"#
    )
}

#[test]
fn renamed_steps_carry_their_progress_via_aliases() {
    let mut env = Env::new();
    let dir = env.dir.path().join("user-roadmaps");
    std::fs::create_dir_all(&dir).unwrap();
    env.roadmaps = dir.clone();
    std::fs::write(dir.join("mine.toml"), user_roadmap("old-name", "")).unwrap();
    env.ok(&["done", "my-notes/old-name"]);
    env.ok(&["note", "my-notes/old-name", "keep me"]);

    std::fs::write(
        dir.join("mine.toml"),
        user_roadmap("new-name", "\"old-name\""),
    )
    .unwrap();
    let p = env.progress("my-notes");
    assert_eq!(p["done"], 1);
    assert_eq!(p["hours_done"], 3.0);
    let orphans = env.json(&["progress", "--orphans", "--json"]);
    assert_eq!(orphans, Value::Array(vec![]));
    let steps = env.json(&["export", "my-notes", "--format", "json"])["steps"].clone();
    assert_eq!(steps[0]["id"], "new-name");
    assert_eq!(steps[0]["status"], "done");
    assert_eq!(steps[0]["note"], "keep me");
    // The old id still resolves on the command line.
    let out = env.ok(&["reset", "my-notes/old-name"]);
    assert!(out.contains("my-notes/new-name"), "{out}");
    // History kept: the original change under the old id, the carry, the reset.
    let log = env.json(&["log", "--json"]);
    let log = log.as_array().unwrap();
    assert_eq!(log[0]["step"], "old-name");
    assert!(log.iter().any(|e| e["kind"] == "alias"));
}

#[test]
fn pick_one_groups_settle_in_progress() {
    let env = Env::new();
    let r = roadmap("backend-chart-2022");
    let g = r
        .groups
        .iter()
        .find(|g| g.pick == 1 && g.steps.len() > 1)
        .expect("a pick-one group");
    env.ok(&["done", &step_ref(&r, g.steps[0])]);
    let p = env.progress("backend-chart-2022");
    assert_eq!(p["done"], 1);
    assert!(p["not_needed"].as_u64().unwrap() >= (g.steps.len() - 1) as u64);
}
