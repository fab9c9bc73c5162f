//! `validate`, `list` and `show`, run as the real binary against a temp database, the
//! compiled-in roadmaps and (where a test needs one) a temp user roadmap folder.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use tempfile::TempDir;
use waymark::model::Roadmap;

const R: &str = "backend-steps";
const BUNDLED: [&str; 5] = [
    "backend-steps",
    "backend-chart-2022",
    "backend-2026",
    "backend-essentials",
    "backend-trek",
];

/// A temp folder holding the database path and the user roadmap folder.
struct Env {
    dir: TempDir,
    db: PathBuf,
    roadmaps: PathBuf,
}

/// What a finished command left behind.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.sqlite3");
        let roadmaps = dir.path().join("roadmaps");
        std::fs::create_dir_all(&roadmaps).unwrap();
        Env { dir, db, roadmaps }
    }

    /// `waymark --db <tmp>/p.sqlite3 --roadmaps <tmp>/roadmaps`, isolated from the
    /// user's own data and environment.
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("waymark").unwrap();
        c.arg("--db")
            .arg(&self.db)
            .arg("--roadmaps")
            .arg(&self.roadmaps)
            .env("WAYMARK_NOW", "2026-03-10T12:00:00Z")
            .env("TZ", "UTC")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env_remove("WAYMARK_DB")
            .env_remove("WAYMARK_ROADMAPS");
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = self.cmd().args(args).output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "waymark {args:?} failed: {}", r.stderr);
        r.stdout
    }

    /// Runs a command that must fail with an `error:`; returns its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_ne!(
            r.code, 0,
            "waymark {args:?} should fail; stdout: {}",
            r.stdout
        );
        assert!(
            r.stderr.starts_with("error: ") || r.stderr.contains("\nerror: "),
            "{}",
            r.stderr
        );
        r.stderr
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
    }

    /// Writes a user roadmap file; returns its path.
    fn user_file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.roadmaps.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Step ids of `show ROADMAP FILTER... --json`, in output order.
    fn shown(&self, roadmap: &str, filter: &[&str]) -> Vec<String> {
        let mut args = vec!["show", roadmap];
        args.extend_from_slice(filter);
        // After the filter, as people type it: a negated term must not swallow it.
        args.push("--json");
        step_ids(&self.json(&args))
    }
}

fn step_ids(show: &Value) -> Vec<String> {
    show["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["steps"].as_array().unwrap())
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn roadmap(id: &str) -> Roadmap {
    waymark::catalog::load(None)
        .get(id)
        .unwrap_or_else(|| panic!("no roadmap {id}"))
        .roadmap
        .clone()
}

fn ids_where(r: &Roadmap, keep: impl Fn(&waymark::model::Step) -> bool) -> Vec<String> {
    r.steps
        .iter()
        .filter(|s| keep(s))
        .map(|s| s.id.clone())
        .collect()
}

/// Ids of `r`'s steps, in the order `show` prints them: phase by phase, each phase's
/// steps in file order.
fn show_order(r: &Roadmap, ids: &[String]) -> Vec<String> {
    (0..r.phases.len())
        .flat_map(|p| r.phase_steps(p))
        .map(|i| r.steps[i].id.clone())
        .filter(|id| ids.contains(id))
        .collect()
}

/// A roadmap with an unknown key (`titel`, line 3) and a dangling `requires` (line 13).
const BROKEN: &str = r#"id = "broken"
title = "Broken"
titel = "typo"

[[phases]]
id = "p"
title = "P"

[[steps]]
id = "a"
phase = "p"
title = "A"
requires = ["nowhere"]
"#;

const GOOD: &str = r#"id = "my-roadmap"
title = "My roadmap"

[[phases]]
id = "p"
title = "P"

[[steps]]
id = "first"
phase = "p"
title = "First"
summary = "The first step."
hours = 3

[[steps]]
id = "second"
phase = "p"
title = "Second"
summary = "The second step."
requires = ["first"]
"#;

// ---------------------------------------------------------------------------
// validate
// ---------------------------------------------------------------------------

#[test]
fn validate_without_files_checks_the_bundled_roadmaps() {
    let env = Env::new();
    let out = env.ok(&["validate"]);
    assert!(out.contains("all valid"), "{out}");
    assert!(out.contains("5 roadmap file(s) checked"), "{out}");
    assert!(!out.contains("error["), "{out}");
    assert!(!env.db.exists(), "validate must not create the database");
}

#[test]
fn validate_file_prints_every_problem_with_location_caret_and_hint() {
    let env = Env::new();
    let bad = env.dir.path().join("broken.toml");
    std::fs::write(&bad, BROKEN).unwrap();
    let file = bad.display().to_string();
    let r = env.run(&["validate", &file]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let out = r.stdout;

    // The unknown key: where, the line, a caret under it, and the did-you-mean.
    assert!(out.contains("error[unknown-key]"), "{out}");
    assert!(out.contains(&format!("{file}:3:1\n")), "{out}");
    assert!(out.contains("3 | titel = \"typo\""), "{out}");
    assert!(out.contains("  | ^^^^^\n"), "{out}");
    assert!(out.contains("help: did you mean `title`?"), "{out}");

    // The dangling prerequisite, pointed at the id inside the array.
    assert!(out.contains("error[dangling-require]"), "{out}");
    assert!(out.contains(&format!("{file}:13:13\n")), "{out}");
    assert!(out.contains("13 | requires = [\"nowhere\"]"), "{out}");
    assert!(out.contains("   |             ^^^^^^^^^\n"), "{out}");
    assert!(out.contains("`nowhere`"), "{out}");

    assert!(
        out.contains("1 roadmap file(s) checked: 2 problem(s) in 1 file(s)"),
        "{out}"
    );
    // Both problems are reported, the earlier one first.
    assert!(out.find(":3:1").unwrap() < out.find(":13:13").unwrap());
}

#[test]
fn validate_file_that_is_fine_or_missing() {
    let env = Env::new();
    let good = env.dir.path().join("good.toml");
    std::fs::write(&good, GOOD).unwrap();
    let out = env.ok(&["validate", good.to_str().unwrap()]);
    assert!(
        out.contains("1 roadmap file(s) checked: all valid"),
        "{out}"
    );

    let missing = env.dir.path().join("missing.toml");
    let r = env.run(&["validate", missing.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("cannot read file"), "{}", r.stdout);
}

#[test]
fn validate_caps_a_file_with_200000_problems() {
    // One step whose `tags` hold 200,000 numbers: a wrong-type problem each.
    let mut text = String::from(GOOD);
    text.push_str("\n[[steps]]\nid = \"many\"\ntitle = \"Many\"\nphase = \"p\"\ntags = [");
    text.push_str(&"1,".repeat(200_000));
    text.push_str("]\n");
    let env = Env::new();
    let bad = env.dir.path().join("many.toml");
    std::fs::write(&bad, &text).unwrap();
    let file = bad.display().to_string();
    let r = env.run(&["validate", &file]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = r.stdout;
    let shown = waymark::catalog::MAX_SHOWN_PER_FILE;
    assert_eq!(out.matches("error[wrong-type]").count(), shown);
    assert!(
        out.contains(&format!(
            "… and {} more problems in {file}\n",
            200_000 - shown
        )),
        "{}",
        &out[out.len().saturating_sub(500)..]
    );
    assert!(
        out.contains("1 roadmap file(s) checked: 200000 problem(s) in 1 file(s)"),
        "{}",
        &out[out.len().saturating_sub(500)..]
    );
}

#[test]
fn a_bad_user_roadmap_is_reported_and_the_good_one_still_loads() {
    let env = Env::new();
    env.user_file("good.toml", GOOD);
    let bad = env.user_file("broken.toml", BROKEN);
    let bad = bad.display().to_string();

    let r = env.run(&["validate"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(&format!("{bad}:3:1")), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("{bad}:13:13")), "{}", r.stdout);
    assert!(!r.stdout.contains("good.toml:"), "{}", r.stdout);
    // Five bundled, two user files; only the broken one has problems.
    assert!(
        r.stdout
            .contains("7 roadmap file(s) checked: 2 problem(s) in 1 file(s)"),
        "{}",
        r.stdout
    );

    let r = env.run(&["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("my-roadmap"), "{}", r.stdout);
    assert!(r.stdout.contains("My roadmap"), "{}", r.stdout);
    assert!(!r.stdout.contains("broken"), "{}", r.stdout);
    assert!(r.stderr.starts_with("warning: "), "{}", r.stderr);
    assert!(r.stderr.contains(&bad), "{}", r.stderr);
    assert!(r.stderr.contains("waymark validate"), "{}", r.stderr);

    let rows = env.json(&["list", "--json"]);
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    let mut want = BUNDLED.to_vec();
    want.push("my-roadmap");
    assert_eq!(ids, want);
    let mine = &rows[5];
    assert_eq!(mine["steps"], 2);
    assert_eq!(mine["phases"], 1);
    assert_eq!(mine["hours"].as_f64(), Some(3.0));

    // The user roadmap is usable like a bundled one.
    let shown = env.json(&["show", "my-roadmap", "--json"]);
    assert_eq!(step_ids(&shown), ["first", "second"]);
    assert_eq!(shown["phases"][0]["steps"][1]["requires"][0], "first");
}

/// A fresh database does not dim the chart: its path is an order, not prerequisites.
#[test]
fn chart_is_not_blocked_on_a_fresh_database() {
    let env = Env::new();
    let blocked = env.shown("backend-chart-2022", &["is:blocked"]);
    assert!(
        blocked.len() <= 5,
        "blocked on a fresh database: {blocked:?}"
    );
    let ready = env.shown("backend-chart-2022", &["is:ready"]);
    assert_eq!(ready.len(), roadmap("backend-chart-2022").steps.len());
    // Authentication's sub-topics are nested under it.
    let v = env.json(&[
        "show",
        "backend-chart-2022",
        "phase:learn-about-apis",
        "--json",
    ]);
    let jwt = v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["steps"].as_array().unwrap())
        .find(|s| s["id"] == "jwt")
        .unwrap();
    assert_eq!(jwt["parent"], "authentication");
}

const NESTED: &str = r#"
id = "nested"
title = "Nested"

[[phases]]
id = "web"
title = "Web"

[[steps]]
id = "auth"
title = "Authentication"
phase = "web"

[[steps]]
id = "http"
title = "HTTP"
phase = "web"

[[steps]]
id = "jwt"
title = "JSON Web Tokens"
phase = "web"
parent = "auth"
tags = ["Tokens"]

[[steps]]
id = "oauth"
title = "OAuth"
phase = "web"
parent = "auth"
"#;

/// Sub-steps: listed under their parent (wherever the file puts them), `parent` in the
/// JSON, the parent's `done/total`, and a filter keeping the parent as context.
#[test]
fn show_nests_sub_steps_and_keeps_their_parent_as_context() {
    let env = Env::new();
    env.user_file("nested.toml", NESTED);
    let v = env.json(&["show", "nested", "--json"]);
    assert_eq!(step_ids(&v), ["auth", "jwt", "oauth", "http"]);
    let steps = &v["phases"][0]["steps"];
    assert_eq!(steps[0]["parent"], Value::Null);
    assert_eq!(steps[1]["parent"], "auth");
    assert_eq!(
        steps[0]["sub_steps"],
        serde_json::json!({"done": 0, "total": 2})
    );
    assert_eq!(steps[3]["sub_steps"], Value::Null);

    env.ok(&["done", "nested/jwt"]);
    let text = env.ok(&["show", "nested"]);
    assert!(
        text.contains(
            "  [ ] auth     Authentication  · 1/2 sub-steps\n    [x] jwt    JSON Web Tokens"
        ),
        "{text}"
    );
    // Ticking a sub-step leaves the parent open, and the parent is not blocked.
    assert_eq!(env.shown("nested", &["is:blocked"]), Vec::<String>::new());

    let v = env.json(&["show", "nested", "tag:tokens", "--json"]);
    assert_eq!(step_ids(&v), ["auth", "jwt"]);
    assert_eq!(v["matched"], 1);
    assert_eq!(v["phases"][0]["steps"][0]["context"], true);
    assert_eq!(v["phases"][0]["steps"][1]["context"], false);
    let text = env.ok(&["show", "nested", "tag:tokens"]);
    assert!(text.contains("(1 of 4 steps)"), "{text}");
    assert!(text.contains("Authentication  · (context"), "{text}");
}

// ---------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------

#[test]
fn list_json_has_the_bundled_roadmaps_and_counts_done() {
    let env = Env::new();
    let rows = env.json(&["list", "--json"]);
    // Reading progress never creates the database.
    assert!(!env.db.exists(), "list created {}", env.db.display());
    let rows = rows.as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids, BUNDLED);
    for row in rows {
        let r = roadmap(row["id"].as_str().unwrap());
        for key in ["id", "title", "phases", "steps", "hours", "done"] {
            assert!(row.get(key).is_some(), "{}: no `{key}`", r.id);
        }
        assert_eq!(row["title"], r.title.as_str());
        assert_eq!(row["phases"], r.phases.len());
        assert_eq!(row["steps"], r.steps.len());
        assert_eq!(row["hours"].as_f64(), Some(r.total_hours()), "{}", r.id);
        assert_eq!(row["done"], 0);
    }
    assert_eq!(rows[0]["hours"].as_f64(), Some(240.0));
    assert_eq!(rows[0]["steps"], 29);

    // One step done: the count moves, the roadmap's hours stay 240.
    let r = roadmap(R);
    env.ok(&["done", &format!("{R}/http-and-https")]);
    assert!(env.db.exists());
    let rows = env.json(&["list", "--json"]);
    assert_eq!(rows[0]["done"], 1);
    assert_eq!(rows[0]["hours"].as_f64(), Some(240.0));
    // Elsewhere it counts only through shared topics: every done step there is covered.
    assert_eq!(rows[0]["covered"], 0);
    for row in &rows.as_array().unwrap()[1..] {
        assert_eq!(row["done"], row["covered"], "{}", row["id"]);
    }
    assert!(
        rows[1]["covered"].as_u64().unwrap() > 0,
        "{}",
        rows[1]["id"]
    );

    // A skipped step leaves the hour sum (and the denominator).
    let skipped = &r.steps[28];
    env.ok(&["skip", &format!("{R}/{}", skipped.id)]);
    let rows = env.json(&["list", "--json"]);
    assert_eq!(rows[0]["done"], 1);
    assert_eq!(
        rows[0]["hours"].as_f64(),
        Some(240.0 - skipped.hours.unwrap())
    );

    // The skipped step leaves the denominator too, as in `progress` and the TUI.
    assert_eq!(rows[0]["counted"], 28);
    let text = env.ok(&["list"]);
    let line = text.lines().find(|l| l.starts_with(R)).unwrap();
    assert!(line.contains("1/28"), "{line}");
}

/// One definition of "done of how many" everywhere: `list` agrees with `progress` once
/// steps are skipped and a pick-one group settles (its other members are not needed).
#[test]
fn list_counts_like_progress_without_skipped_and_not_needed_steps() {
    let env = Env::new();
    const CHART: &str = "backend-chart-2022";
    let r = roadmap(CHART);
    let group = &r.groups[0];
    let picked = &r.steps[group.steps[0]];
    let skipped = r
        .steps
        .iter()
        .find(|s| !group.steps.iter().any(|&g| r.steps[g].id == s.id))
        .unwrap();
    env.ok(&["done", &format!("{CHART}/{}", picked.id)]);
    env.ok(&["skip", &format!("{CHART}/{}", skipped.id)]);
    let progress = env.json(&["progress", CHART, "--json"]);
    let counted = progress[0]["counted"].as_u64().unwrap();
    assert!(
        (counted as usize) < r.steps.len() - 1,
        "the settled group leaves steps out: {counted} of {}",
        r.steps.len()
    );
    let rows = env.json(&["list", "--json"]);
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == CHART)
        .unwrap();
    assert_eq!(row["counted"], counted);
    assert_eq!(row["done"], progress[0]["done"]);
    let text = env.ok(&["list"]);
    let line = text.lines().find(|l| l.starts_with(CHART)).unwrap();
    assert!(line.contains(&format!("1/{counted} ")), "{line}");
}

#[test]
fn list_text_has_one_row_per_roadmap() {
    let env = Env::new();
    let out = env.ok(&["list"]);
    assert!(!env.db.exists());
    for id in BUNDLED {
        let r = roadmap(id);
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("no row for {id}:\n{out}"));
        assert!(line.contains(&format!("0/{}", r.steps.len())), "{line}");
    }
}

// ---------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------

#[test]
fn show_json_has_the_documented_shape_in_file_order() {
    let env = Env::new();
    let r = roadmap(R);
    let v = env.json(&["show", R, "--json"]);
    assert!(!env.db.exists());
    assert_eq!(v["id"], R);
    assert_eq!(v["title"], r.title.as_str());
    let phases = v["phases"].as_array().unwrap();
    assert_eq!(phases.len(), r.phases.len());
    let step_keys: BTreeSet<&str> = [
        "id",
        "title",
        "level",
        "tags",
        "hours",
        "optional",
        "kind",
        "parent",
        "context",
        "sub_steps",
        "requires",
        "resources",
        "status",
        "covered_by",
    ]
    .into();
    let mut seen = 0;
    for (p, phase) in phases.iter().enumerate() {
        let want = &r.phases[p];
        assert_eq!(phase["id"], want.id.as_str());
        assert_eq!(phase["title"], want.title.as_str());
        assert!(
            phase.get("window").is_some(),
            "phase {}: no window",
            want.id
        );
        assert_eq!(phase["window"], Value::Null);
        let steps = phase["steps"].as_array().unwrap();
        let want_steps: Vec<usize> = r.phase_steps(p).collect();
        assert_eq!(steps.len(), want_steps.len(), "phase {}", want.id);
        for (s, &i) in steps.iter().zip(&want_steps) {
            let w = &r.steps[i];
            let keys: BTreeSet<&str> = s.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            assert_eq!(keys, step_keys, "{}", w.id);
            assert_eq!(s["id"], w.id.as_str());
            assert_eq!(s["title"], w.title.as_str());
            assert_eq!(s["level"], w.level.unwrap().as_str());
            assert_eq!(s["tags"], serde_json::json!(w.tags));
            assert_eq!(s["hours"].as_f64(), w.hours);
            assert_eq!(s["optional"], false);
            assert_eq!(s["kind"], Value::Null);
            assert_eq!(s["requires"], serde_json::json!([]));
            assert_eq!(s["resources"], serde_json::json!(w.resources));
            assert_eq!(s["status"], "todo");
        }
        seen += steps.len();
    }
    assert_eq!(seen, 29);
    // Phases in the file's order; Security keeps steps 17–19 and 22, in that order.
    let security = phases.iter().find(|p| p["title"] == "Security").unwrap();
    let ids: Vec<&str> = security["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = [16, 17, 18, 21]
        .iter()
        .map(|&i| r.steps[i].id.as_str())
        .collect();
    assert_eq!(ids, want);

    // Windows, kinds, optional and requires come through for the other roadmaps.
    let v = env.json(&["show", "backend-2026", "--json"]);
    assert_eq!(v["phases"][0]["window"], "Weeks 1–2");
    assert_eq!(v["phases"][10]["window"], "Month 8–14 (Interview Prep)");
    assert_eq!(v["phases"][9]["id"], "advanced-patterns");
    assert_eq!(v["phases"][9]["window"], Value::Null);
    let v = env.json(&["show", "backend-chart-2022", "--json"]);
    let go = v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["steps"].as_array().unwrap())
        .find(|s| s["id"] == "go")
        .unwrap();
    assert_eq!(go["kind"], "alternative");
    assert_eq!(go["parent"], "learn-a-language");
    assert_eq!(go["requires"], serde_json::json!([]));
    assert_eq!(go["level"], Value::Null);
    assert_eq!(go["hours"], Value::Null);
    let ids = step_ids(&env.json(&["show", "backend-essentials", "optional:yes", "--json"]));
    assert_eq!(ids.len(), 9);
}

#[test]
fn show_filters() {
    let env = Env::new();
    let r = roadmap(R);

    // tag:auth → exactly the four Auth steps.
    let auth = ids_where(&r, |s| s.tags.iter().any(|t| t == "Auth"));
    assert_eq!(auth.len(), 4);
    assert_eq!(env.shown(R, &["tag:auth"]), auth);

    // level:advanced → the two advanced steps.
    let advanced = ids_where(&r, |s| s.level.is_some_and(|l| l.as_str() == "advanced"));
    assert_eq!(advanced.len(), 2);
    assert_eq!(env.shown(R, &["level:advanced"]), advanced);

    // A repeated key ORs: 8 beginner + 2 advanced.
    let both = env.shown(R, &["level:beginner", "level:advanced"]);
    assert_eq!(both.len(), 10);
    let want = ids_where(&r, |s| {
        s.level
            .is_some_and(|l| matches!(l.as_str(), "beginner" | "advanced"))
    });
    assert_eq!(both, show_order(&r, &want));
    // Different keys AND.
    assert_eq!(
        env.shown(R, &["level:advanced", "tag:monitoring"]),
        [r.steps[27].id.clone()]
    );

    // status:done after a `done`; -status:done is the rest.
    assert!(env.shown(R, &["status:done"]).is_empty());
    let done = r.steps[5].id.clone();
    env.ok(&["done", &format!("{R}/{done}")]);
    assert_eq!(env.shown(R, &["status:done"]), std::slice::from_ref(&done));
    let rest = env.shown(R, &["-status:done"]);
    assert_eq!(rest.len(), 28);
    assert!(!rest.contains(&done));
    let all_ids: Vec<String> = r.steps.iter().map(|s| s.id.clone()).collect();
    let want_rest: Vec<String> = all_ids.into_iter().filter(|id| *id != done).collect();
    assert_eq!(rest, show_order(&r, &want_rest));
    // Negation combines with other terms.
    assert_eq!(env.shown(R, &["-status:done", "level:beginner"]).len(), 7);

    // The text view names the filter and the match count.
    let out = env.ok(&["show", R, "tag:auth"]);
    assert!(out.contains("(4 of 29 steps)"), "{out}");
    for id in &auth {
        assert!(out.contains(id.as_str()), "{out}");
    }
    assert!(!out.contains(&r.steps[0].id), "{out}");
    let out = env.ok(&["show", R, "status:done"]);
    assert!(out.contains(&format!("[x] {done}")), "{out}");
}

#[test]
fn show_rejects_a_bad_filter_and_an_unknown_roadmap() {
    let env = Env::new();
    let err = env.fails(&["show", R, "lvl:x"]);
    assert!(err.contains("unknown filter key `lvl`"), "{err}");
    assert!(err.contains("did you mean `level:`"), "{err}");

    let err = env.fails(&["show", R, "level:expert"]);
    assert!(err.contains("`expert` is not a valid level"), "{err}");

    // Values get "did you mean" too: a tag typo is not an empty result.
    let err = env.fails(&["show", R, "level:beginner", "tag:atuh"]);
    assert!(err.contains("no step has tag `atuh`"), "{err}");
    assert!(err.contains("did you mean `tag:Auth`?"), "{err}");
    // The caret sits under the term: `level:beginner ` is 15 columns.
    assert!(err.contains(&format!("\n  {}^", " ".repeat(15))), "{err}");

    let err = env.fails(&["show", "backend-stepz"]);
    assert!(err.contains("no roadmap `backend-stepz`"), "{err}");
    assert!(err.contains("did you mean `backend-steps`"), "{err}");
    let err = env.fails(&["show", "zzz", "--json"]);
    assert!(err.contains("backend-steps"), "{err}");
    assert!(!env.db.exists());
}

#[test]
fn show_chart_not_needed_lists_the_other_languages() {
    let env = Env::new();
    let r = roadmap("backend-chart-2022");
    let group = r
        .groups
        .iter()
        .find(|g| g.steps.iter().any(|&i| r.steps[i].id == "go"))
        .unwrap();
    let languages: Vec<String> = group.steps.iter().map(|&i| r.steps[i].id.clone()).collect();
    assert_eq!(languages.len(), 8);

    assert!(env.shown(&r.id, &["status:not-needed"]).is_empty());
    env.ok(&["done", "backend-chart-2022/go"]);
    let others: Vec<String> = languages.iter().filter(|id| *id != "go").cloned().collect();
    // The languages are sub-topics of "Learn a Language", which is shown as context.
    let mut want = vec!["learn-a-language".to_string()];
    want.extend(show_order(&r, &others));
    assert_eq!(env.shown(&r.id, &["status:not-needed"]), want);
    assert_eq!(
        env.shown(&r.id, &["status:done"]),
        ["learn-a-language", "go"]
    );
    let out = env.ok(&["show", &r.id, "status:not-needed"]);
    assert!(out.contains("[.] python"), "{out}");
    assert!(out.contains("(7 of "), "{out}");
}

/// `-status:done` is a negated filter term, not a short option, with or without `--`.
#[test]
fn negated_filter_terms_are_not_options() {
    let env = Env::new();
    let out = env.ok(&["show", R, "-level:intermediate"]);
    assert!(out.contains("(10 of 29 steps)"), "{out}");
    let out = env.ok(&["show", R, "--", "-level:intermediate"]);
    assert!(out.contains("(10 of 29 steps)"), "{out}");
}

/// Shell completion scripts call waymark back (`COMPLETE=SHELL`), and a closed pipe is
/// not a crash.
#[test]
fn completions_for_each_shell() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = env.ok(&["completions", shell]);
        assert!(out.contains("COMPLETE"), "{shell}: {out}");
        assert_eq!(out, env.ok(&["generate", "completions", shell]), "{shell}");
    }
    // `waymark completions zsh | head -1`: the reader is gone before anything is written.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["completions", "zsh"])
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// `waymark` without a terminal (a script, a pipe) explains itself and creates nothing.
#[test]
fn the_interface_without_a_terminal_says_so_and_creates_nothing() {
    let env = Env::new();
    let err = env.fails(&["tui", R]);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(err.contains("waymark list"), "{err}");
    assert!(
        !env.db.exists(),
        "no database for a command that did nothing"
    );
}

/// `validate --json`: one entry per file, each problem with kind and line:col; a user
/// roadmap that loads but names an unknown `other/step` is listed once, as invalid.
#[test]
fn validate_json_lists_each_file_once_with_its_problems() {
    let env = Env::new();
    env.user_file(
        "cross.toml",
        &BROKEN
            .replace("id = \"broken\"", "id = \"cross\"")
            .replace("titel = \"typo\"\n", "")
            .replace("\"nowhere\"", "\"backend-steps/no-such-step\""),
    );
    let out = env.run(&["validate", "--json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let files: Value = serde_json::from_str(&out.stdout).unwrap();
    let files = files.as_array().unwrap();
    assert_eq!(files.len(), 6, "five bundled files and one user file");
    let cross: Vec<&Value> = files
        .iter()
        .filter(|f| f["file"].as_str().unwrap().ends_with("cross.toml"))
        .collect();
    assert_eq!(cross.len(), 1);
    assert_eq!(cross[0]["valid"], false);
    let p = &cross[0]["problems"][0];
    assert_eq!(p["kind"], "dangling-require");
    assert_eq!(
        (p["line"].as_u64(), p["col"].as_u64()),
        (Some(12), Some(13))
    );
    assert!(
        files
            .iter()
            .filter(|f| f["file"].as_str().unwrap().starts_with("roadmaps/"))
            .all(|f| f["valid"] == true && f["problems"].as_array().unwrap().is_empty())
    );
}
