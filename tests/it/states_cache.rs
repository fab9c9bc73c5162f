//! Stored states kept between read-only runs (src/cli/states_cache.rs), through the
//! real binary: a database last changed a while ago is read once, then `list` and
//! `show` take its states from the cache; every change (waymark's own, or an outside
//! write to the SQLite file) is seen on the next run; a damaged entry is a miss and
//! `--no-cache` keeps nothing. `progress` only reads too, and keeps what its estimate
//! reads beside the states. `WAYMARK_TRACE=1` says when states came from the cache.

use crate::support::cli::{Env, roadmap, step_ref};
use serde_json::Value;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

const R: &str = "backend-steps";

/// Runs the command with the trace on; its output and whether states came from the cache.
fn run(env: &Env, args: &[&str]) -> (String, bool) {
    run_at(env, crate::support::cli::NOW, args)
}

/// [`run`] with the clock at `now`.
fn run_at(env: &Env, now: &str, args: &[&str]) -> (String, bool) {
    let out = env
        .cmd_at(now)
        .env("WAYMARK_TRACE", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    // `list` and `progress` keep what they derive beside the states and then read
    // neither the roadmaps nor the database: a hit either way.
    let hit = stderr.contains("waymark trace: states: from the cache")
        || stderr.contains("waymark trace: list: rows from the cache")
        || stderr.contains("waymark trace: progress: from the cache");
    (String::from_utf8(out.stdout).unwrap(), hit)
}

/// `R`'s (done, skipped) as `list --json` shows them, and whether it hit the cache.
fn counts(env: &Env, extra: &[&str]) -> ((u64, u64), bool) {
    let mut args = extra.to_vec();
    args.extend(["list", "--json"]);
    let (out, hit) = run(env, &args);
    let rows: Value = serde_json::from_str(&out).unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == R)
        .unwrap();
    let n = |k: &str| row[k].as_u64().unwrap();
    ((n("done"), n("skipped")), hit)
}

/// Dates the database and its WAL file a minute back, as if last written then.
fn settle(env: &Env) {
    let mut wal = env.db.clone().into_os_string();
    wal.push("-wal");
    for path in [env.db.clone(), PathBuf::from(wal)] {
        if let Ok(file) = fs::File::options().write(true).open(&path) {
            file.set_modified(SystemTime::now() - Duration::from_secs(60))
                .unwrap();
        }
    }
}

#[test]
fn a_settled_database_is_read_once_and_every_change_is_seen() {
    let env = Env::new();
    let r = roadmap(R);
    let (first, second) = (step_ref(&r, 0), step_ref(&r, 1));
    run(&env, &["done", &first]);
    // Just written: it may still change within the clock's granularity, so not kept.
    assert_eq!(counts(&env, &[]), ((1, 0), false));
    assert_eq!(counts(&env, &[]), ((1, 0), false));
    settle(&env);
    assert_eq!(
        counts(&env, &[]),
        ((1, 0), false),
        "the first settled read keeps it"
    );
    assert_eq!(counts(&env, &[]), ((1, 0), true));
    let (shown, hit) = run(&env, &["show", R]);
    assert!(hit, "show reads the kept states too");
    assert_eq!(shown, run(&env, &["--no-cache", "show", R]).0);

    // waymark's own change.
    run(&env, &["done", &second]);
    assert_eq!(counts(&env, &[]), ((2, 0), false));
    settle(&env);
    assert_eq!(counts(&env, &[]), ((2, 0), false));
    assert_eq!(counts(&env, &[]), ((2, 0), true));

    // Another program writing the SQLite file, dated back as if long ago.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let changed = conn
        .execute(
            "UPDATE step_state SET status = 'skipped' WHERE roadmap = ?1 AND step = ?2",
            [R, second.split_once('/').unwrap().1],
        )
        .unwrap();
    assert_eq!(changed, 1);
    settle(&env);
    assert_eq!(counts(&env, &[]), ((1, 1), false));
    assert_eq!(counts(&env, &[]), ((1, 1), true));
    drop(conn);
}

#[test]
fn a_damaged_entry_is_a_miss_and_no_cache_keeps_nothing() {
    let env = Env::new();
    run(&env, &["done", &step_ref(&roadmap(R), 0)]);
    settle(&env);
    // Without the cache nothing is kept, however often it runs.
    assert_eq!(counts(&env, &["--no-cache"]), ((1, 0), false));
    assert_eq!(counts(&env, &["--no-cache"]), ((1, 0), false));
    let states = env.dir.path().join("xdg-cache/waymark/states");
    assert!(!states.exists());

    // A reader created the WAL file the writer had removed on closing: date it back.
    settle(&env);
    assert_eq!(counts(&env, &[]), ((1, 0), false));
    let mut entries: Vec<PathBuf> = fs::read_dir(&states)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    let names: Vec<_> = entries.iter().map(|e| e.extension().unwrap()).collect();
    assert_eq!(
        names,
        ["list", "states"],
        "one entry per database: {entries:?}"
    );
    for entry in &entries {
        let mut bytes = fs::read(entry).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        fs::write(entry, &bytes).unwrap();
    }
    assert_eq!(
        counts(&env, &[]),
        ((1, 0), false),
        "a damaged entry is not used"
    );
    assert_eq!(counts(&env, &[]), ((1, 0), true), "and was written again");
    for entry in &entries {
        fs::write(entry, b"").unwrap();
    }
    assert_eq!(counts(&env, &[]), ((1, 0), false));
    // Only the rows damaged: the states are still read from the cache, the rows kept again.
    fs::write(&entries[0], b"WAYMARK").unwrap();
    let (out, states_hit) = run_traced(&env, &["list", "--json"]);
    assert!(
        states_hit.contains("states: from the cache"),
        "{states_hit}"
    );
    assert!(!states_hit.contains("rows from the cache"), "{states_hit}");
    assert_eq!(out, run(&env, &["--no-cache", "list", "--json"]).0);
    assert_eq!(counts(&env, &[]), ((1, 0), true));
}

/// The command's standard output and its trace.
fn run_traced(env: &Env, args: &[&str]) -> (String, String) {
    let out = env
        .cmd()
        .env("WAYMARK_TRACE", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Writes a one-step user roadmap `mine` titled `title`, dated an hour back when
/// `settled` (as if not edited lately, so a load stamps it).
fn user_roadmap(env: &Env, file: &str, title: &str, settled: bool) {
    let path = env.roadmaps.join(file);
    fs::write(
        &path,
        format!(
            "id = \"mine\"\ntitle = \"{title}\"\n[[phases]]\nid = \"p\"\ntitle = \"P\"\n\
             [[steps]]\nid = \"one\"\ntitle = \"One\"\nphase = \"p\"\nhours = 2\n"
        ),
    )
    .unwrap();
    if settled {
        backdate(&path);
    }
}

/// Dates a roadmap file an hour back, as if not edited lately (so a load stamps it).
fn backdate(path: &std::path::Path) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

/// `list --json` with its trace: the rows, and whether they came from the cache without
/// loading the catalog.
fn list_rows(env: &Env) -> (Value, bool) {
    let (out, trace) = run_traced(env, &["list", "--json"]);
    let remembered = trace.contains("list: rows from the cache");
    // Remembered rows never go through a catalog load; computed ones always do.
    assert_eq!(
        !remembered,
        trace.contains("waymark trace: catalog:"),
        "{trace}"
    );
    assert_eq!(
        out,
        run_traced(env, &["--no-cache", "list", "--json"]).0,
        "the same rows as without any cache"
    );
    (serde_json::from_str(&out).unwrap(), remembered)
}

/// Two `list` runs in a row both warn that `file` did not load, so neither read rows
/// kept from an earlier run.
fn reported_on_every_run(env: &Env, file: &str) {
    for _ in 0..2 {
        let (_, trace) = run_traced(env, &["list"]);
        assert!(
            trace.contains("did not load") && trace.contains(&format!("{file})")),
            "{trace}"
        );
        assert!(!trace.contains("rows from the cache"), "{trace}");
    }
}

fn title_of(rows: &Value, id: &str) -> String {
    let row = rows.as_array().unwrap().iter().find(|r| r["id"] == id);
    row.map_or_else(String::new, |r| r["title"].as_str().unwrap().to_owned())
}

#[test]
fn list_keeps_its_rows_until_a_roadmap_file_or_the_database_changes() {
    let env = Env::new();
    run(&env, &["done", &step_ref(&roadmap(R), 0)]);
    // The first reader after a write creates the WAL file the writer removed.
    run(&env, &["--no-cache", "list"]);
    settle(&env);
    user_roadmap(&env, "mine.toml", "Mine", true);
    let (rows, remembered) = list_rows(&env);
    assert!(!remembered);
    assert_eq!(title_of(&rows, "mine"), "Mine");
    let (again, remembered) = list_rows(&env);
    assert!(
        remembered,
        "the second list reads the rows kept by the first"
    );
    assert_eq!(again, rows);

    // An edit is seen at once; the rows are kept again once the file has settled.
    user_roadmap(&env, "mine.toml", "Mine, edited", false);
    let (rows, remembered) = list_rows(&env);
    assert!(!remembered);
    assert_eq!(title_of(&rows, "mine"), "Mine, edited");
    assert!(!list_rows(&env).1, "a file just written is not stamped");
    user_roadmap(&env, "mine.toml", "Mine, edited", true);
    assert!(!list_rows(&env).1);
    assert!(list_rows(&env).1);

    // A file added that does not load: its warning is printed on every run.
    fs::write(env.roadmaps.join("broken.toml"), "id = ").unwrap();
    reported_on_every_run(&env, "broken.toml");
    fs::remove_file(env.roadmaps.join("broken.toml")).unwrap();
    assert!(
        list_rows(&env).1,
        "back to the files the rows were kept for"
    );

    // A second file with the same id is valid alone (so stamped) but does not load;
    // files load by name, so `mine-again.toml` takes the id first.
    user_roadmap(&env, "mine-again.toml", "Mine again", true);
    reported_on_every_run(&env, "mine.toml");
    fs::remove_file(env.roadmaps.join("mine-again.toml")).unwrap();

    // A change to the database.
    run(&env, &["done", &step_ref(&roadmap(R), 1)]);
    run(&env, &["--no-cache", "list"]);
    settle(&env);
    let (rows, remembered) = list_rows(&env);
    assert!(!remembered);
    let done = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == R)
        .unwrap()["done"]
        .clone();
    assert_eq!(done, 2);
    assert!(list_rows(&env).1);
}

#[test]
fn progress_only_reads_and_keeps_its_estimate_beside_the_states() {
    let env = Env::new();
    let (text, hit) = run(&env, &["progress", R]);
    assert!(!hit);
    assert!(text.contains("0/29 done"), "{text}");
    assert!(!env.db.exists(), "progress created the database");

    let r = roadmap(R);
    run(&env, &["done", &step_ref(&r, 0)]);
    run(&env, &["pace", "6"]);
    let fresh = run(&env, &["--no-cache", "progress", R]).0;
    assert!(fresh.contains("6 h/week"), "{fresh}");
    // A window of one week reads "the last week", not "the last 1 weeks".
    assert!(fresh.contains("1 step done in the last week ("), "{fresh}");
    // After the first reader made the WAL file the writer had removed.
    settle(&env);
    assert_eq!(run(&env, &["progress", R]), (fresh.clone(), false));
    assert_eq!(run(&env, &["progress", R]), (fresh.clone(), true));
    // Reading moved neither file, so the entry still holds for `list`.
    assert_eq!(counts(&env, &[]), ((1, 0), true));

    // Another roadmap's estimate is read once and kept beside the first one's.
    let other = "backend-trek";
    let theirs = run(&env, &["--no-cache", "progress", other]).0;
    assert_eq!(run(&env, &["progress", other]), (theirs.clone(), false));
    assert_eq!(run(&env, &["progress", other]), (theirs, true));
    assert_eq!(run(&env, &["progress", R]), (fresh.clone(), true));
    let (all, hit) = run(&env, &["progress", "--json"]);
    assert!(!hit, "every roadmap's estimate was not kept yet");
    assert_eq!(all, run(&env, &["--no-cache", "progress", "--json"]).0);
    assert!(run(&env, &["progress", "--json"]).1);

    // Later, the step leaves the window: the kept history covers every later window.
    let later = "2026-04-20T12:00:00Z";
    let (text, hit) = run_at(&env, later, &["progress", R]);
    assert!(hit);
    assert_eq!(text, run_at(&env, later, &["--no-cache", "progress", R]).0);
    assert!(
        text.contains("no step finished here in the last 4 weeks"),
        "{text}"
    );
    // An earlier clock wants history from before what was kept: read again.
    let earlier = "2026-03-01T12:00:00Z";
    let (text, hit) = run_at(&env, earlier, &["progress", R]);
    assert!(!hit);
    assert_eq!(
        text,
        run_at(&env, earlier, &["--no-cache", "progress", R]).0
    );

    // A changed pace is seen on the next run.
    run(&env, &["pace", "9"]);
    let (text, hit) = run(&env, &["progress", R]);
    assert!(!hit);
    assert!(text.contains("9 h/week"), "{text}");
}

/// `progress` with its trace: the output, and whether it came from what was kept
/// without loading the catalog. Either way it equals the output without any cache.
fn progress_at(env: &Env, now: &str, args: &[&str]) -> (String, bool) {
    let mut all = vec!["progress"];
    all.extend(args);
    let out = env
        .cmd_at(now)
        .env("WAYMARK_TRACE", "1")
        .args(&all)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let trace = String::from_utf8(out.stderr).unwrap();
    let remembered = trace.contains("progress: from the cache");
    assert_eq!(
        !remembered,
        trace.contains("waymark trace: catalog:"),
        "{trace}"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut fresh = vec!["--no-cache"];
    fresh.extend(&all);
    let uncached = env.cmd_at(now).args(&fresh).output().unwrap();
    assert_eq!(
        text,
        String::from_utf8(uncached.stdout).unwrap(),
        "{all:?} at {now}"
    );
    (text, remembered)
}

#[test]
fn progress_reads_no_roadmap_while_files_and_database_hold_still() {
    let env = Env::new();
    const PLANNED: &str = "backend-2026";
    let now = crate::support::cli::NOW;
    for (roadmap, i) in [(R, 0), (R, 2), (PLANNED, 0), (PLANNED, 1)] {
        run(
            &env,
            &["done", &step_ref(&crate::support::cli::roadmap(roadmap), i)],
        );
    }
    run(&env, &["start", &step_ref(&roadmap(PLANNED), 3)]);
    run(&env, &["pace", "6"]);
    run(&env, &["plan", PLANNED, "--start", "2026-02-01"]);
    run(&env, &["--no-cache", "list"]);
    settle(&env);

    // The plan, the pace and the rate, as text and as JSON; one roadmap and all.
    // The first run of one roadmap keeps its basis and facts, which then serve its JSON;
    // all roadmaps need every roadmap's facts, kept by the first run of all.
    let cases: [(&[&str], bool); 4] = [
        (&[PLANNED], false),
        (&[PLANNED, "--json"], true),
        (&[], false),
        (&["--json"], true),
    ];
    for (args, kept_before) in cases {
        let (first, remembered) = progress_at(&env, now, args);
        assert_eq!(remembered, kept_before, "{args:?}");
        let (again, remembered) = progress_at(&env, now, args);
        assert!(remembered, "{args:?} the second time");
        assert_eq!(again, first);
    }
    let (text, _) = progress_at(&env, now, &[PLANNED]);
    assert!(text.contains("plan   from 2026-02-01"), "{text}");
    assert!(text.contains("6 h/week"), "{text}");

    // Weeks later the kept facts still cover the window; the plan's week moves on.
    let later = "2026-05-04T12:00:00Z";
    let (text, remembered) = progress_at(&env, later, &[PLANNED]);
    assert!(remembered);
    assert_ne!(text, progress_at(&env, now, &[PLANNED]).0);

    // A near miss takes the long way for its "did you mean".
    let out = env
        .cmd()
        .args(["progress", "backend-202"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("backend-2026"));

    // A user roadmap with a renamed step: progress carries it over (a write) on
    // every run, so nothing kept is used.
    fs::write(
        env.roadmaps.join("mine.toml"),
        "id = \"mine\"\ntitle = \"Mine\"\n[[phases]]\nid = \"p\"\ntitle = \"P\"\n\
         [[steps]]\nid = \"one\"\ntitle = \"One\"\nphase = \"p\"\naliases = [\"uno\"]\n",
    )
    .unwrap();
    backdate(&env.roadmaps.join("mine.toml"));
    for _ in 0..3 {
        settle(&env);
        assert!(!progress_at(&env, now, &[R]).1);
    }
}
