//! `waymark import-chart`: the real binary on the hand-written charts of
//! tests/fixtures/charts (one rule or one malformed case each), then `validate` and
//! `show --json` on what it wrote.

use crate::support::cli::Env;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/charts")
        .join(name)
}

fn rules_chart() -> PathBuf {
    fixture("rules/go-chart.json")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every step of `show ID --json`, by id.
fn steps(env: &Env, id: &str) -> HashMap<String, Value> {
    let v = env.json(&["show", id, "--json"]);
    v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["steps"].as_array().unwrap().clone())
        .map(|st| (st["id"].as_str().unwrap().to_string(), st))
        .collect()
}

/// Files in the user roadmap folder, hidden ones included.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn every_rule_attaches_where_the_chart_says_and_the_file_validates() {
    let env = Env::new();
    let out = env.ok(&["import-chart", s(&rules_chart())]);
    assert!(
        out.contains("17 steps: 3 topics along the main path (one phase each), 14 sub-steps"),
        "{out}"
    );
    assert!(
        out.contains("sub-steps attached by: edge 4, section 4, label 3, adjacent 2, nearest 1"),
        "{out}"
    );
    assert!(
        out.contains(
            "attached to the nearest topic (no edge, section, caption or stack): Profiling"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "edges left out: 1 (it has no target), 1 (it names a node that does not exist)"
        ),
        "{out}"
    );
    assert!(out.contains("1 unreadable (it has no position)"), "{out}");
    assert!(out.contains("open it: waymark tui go-chart"), "{out}");
    assert_eq!(files(&env.roadmaps), ["go-chart.toml"]);

    let v = env.ok(&["validate"]);
    assert!(!v.contains("error"), "{v}");

    // Reading order: the main path follows the solid edges (the chart lists the last
    // topic first); each topic's sub-steps read left column, then right.
    let show = env.json(&["show", "go-chart", "--json"]);
    let order: Vec<(&str, Vec<&str>)> = show["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|st| st["id"].as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (
                "learn-the-basics",
                vec![
                    "learn-the-basics",
                    "packages",
                    "go-modules",
                    "basic-syntax",
                    "variables-constants",
                    "functions"
                ]
            ),
            (
                "concurrency",
                vec![
                    "concurrency",
                    "mutex",
                    "waitgroup",
                    "goroutines",
                    "channels",
                    "select"
                ]
            ),
            (
                "web-services",
                vec!["web-services", "profiling", "gin", "echo", "fiber"]
            ),
        ]
    );

    let st = steps(&env, "go-chart");
    let parent = |id: &str| st[id]["parent"].as_str().map(str::to_string);
    for (child, topic) in [
        // edge (dashed, drawn either way) and through a subtopic–subtopic edge
        ("basic-syntax", "learn-the-basics"),
        ("packages", "learn-the-basics"),
        ("go-modules", "learn-the-basics"),
        ("channels", "concurrency"),
        // stacked flush under an edge-attached subtopic
        ("variables-constants", "learn-the-basics"),
        ("functions", "learn-the-basics"),
        // inside a section box: one linked member decides; an unlinked box goes to the
        // topic nearest the box
        ("goroutines", "concurrency"),
        ("select", "concurrency"),
        ("mutex", "concurrency"),
        ("waitgroup", "concurrency"),
        // under the "Frameworks" caption
        ("gin", "web-services"),
        ("echo", "web-services"),
        ("fiber", "web-services"),
        // no rule: nearest topic
        ("profiling", "web-services"),
    ] {
        assert_eq!(parent(child).as_deref(), Some(topic), "{child}");
    }
    for topic in ["learn-the-basics", "concurrency", "web-services"] {
        assert_eq!(parent(topic), None, "{topic}");
    }

    // Legend marks → kind.
    let kind = |id: &str| st[id]["kind"].as_str().map(str::to_string);
    assert_eq!(kind("basic-syntax").as_deref(), Some("recommended"));
    assert_eq!(kind("gin").as_deref(), Some("recommended"));
    assert_eq!(kind("echo").as_deref(), Some("alternative"));
    assert_eq!(kind("packages").as_deref(), Some("anytime"));
    assert_eq!(kind("mutex"), None);

    // Content pages (found in content/ beside the chart) → resources with kinds.
    let res: Vec<(&str, &str)> = st["basic-syntax"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["url"].as_str().unwrap()))
        .collect();
    assert_eq!(
        res,
        [
            ("article", "https://example.org/go-syntax"),
            ("video", "https://video.example.org/go-100"),
            ("repo", "https://github.com/golang/go"),
            ("podcast", "https://podcast.example.org/gotime"),
            ("site", "https://feed.example.org/go"),
            ("book", "https://book.example.org/gopl"),
            ("roadmap", "https://roadmap.sh/backend"),
        ]
    );
    assert_eq!(st["learn-the-basics"]["resources"][0]["kind"], "docs");
    assert_eq!(st["mutex"]["resources"], Value::Array(vec![]));

    // The summary is the page's first paragraph as plain text.
    let file = std::fs::read_to_string(env.roadmaps.join("go-chart.toml")).unwrap();
    let toml: toml::Table = toml::from_str(&file).unwrap();
    let basics = &toml["steps"].as_array().unwrap()[0];
    assert_eq!(
        basics["summary"].as_str(),
        Some(
            "The core language: how a Go program is laid out, how it is built with the go \
             tool, and how code is split into packages."
        )
    );
    assert!(toml["summary"].as_str().unwrap().contains(
        "Legend: Personal Recommendation / Opinion (recommended); \
         Alternative Option / Pick this or purple (alternative); \
         Order not strict / Learn anytime (anytime)."
    ));
    assert_eq!(toml["title"].as_str(), Some("Go Developer"));
}

#[test]
fn dry_run_prints_the_toml_and_writes_nothing() {
    let env = Env::new();
    let out = env
        .cmd()
        .args([
            "import-chart",
            s(&rules_chart()),
            "--dry-run",
            "--id",
            "go",
            "--title",
            "Go",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let toml: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(toml["id"].as_str(), Some("go"));
    assert_eq!(toml["title"].as_str(), Some("Go"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("dry run: nothing written"), "{err}");
    assert!(files(&env.roadmaps).is_empty());
}

#[test]
fn default_output_is_the_user_roadmap_folder() {
    let env = Env::new();
    let xdg = env.dir.path().join("xdg");
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_waymark"));
    let out = c
        .args(["--db", s(&env.db), "import-chart", s(&rules_chart())])
        .env("XDG_DATA_HOME", &xdg)
        .env("HOME", env.dir.path())
        .env_remove("WAYMARK_ROADMAPS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(xdg.join("waymark/roadmaps/go-chart.toml").is_file());
}

/// The rules chart with some nodes changed, as a redrawn chart would be.
fn redrawn(dir: &Path) -> PathBuf {
    let mut chart: Value =
        serde_json::from_str(&std::fs::read_to_string(rules_chart()).unwrap()).unwrap();
    let nodes = chart["nodes"].as_array_mut().unwrap();
    for n in nodes.iter_mut() {
        match n["id"].as_str().unwrap() {
            // Same node, new label.
            "sVars" => n["data"]["label"] = "Variables and Constants".into(),
            // New node id, same label (roadmap.sh regenerating ids).
            "tConc" => n["id"] = "tConcNew".into(),
            // Room in the Concurrency box for a new subtopic.
            "secConc" => n["height"] = 200.into(),
            _ => {}
        }
    }
    nodes.retain(|n| n["id"] != "sProf");
    nodes.push(serde_json::json!({
        "id": "sCtx", "type": "subtopic", "position": {"x": 760, "y": 662},
        "width": 200, "height": 40, "data": {"label": "Context"}
    }));
    for e in chart["edges"].as_array_mut().unwrap() {
        for end in ["source", "target"] {
            if e[end] == "tConc" {
                e[end] = "tConcNew".into();
            }
        }
    }
    let path = dir.join("go-chart.json");
    std::fs::write(&path, serde_json::to_string_pretty(&chart).unwrap()).unwrap();
    path
}

#[test]
fn reimport_shows_what_changed_and_keeps_progress() {
    let env = Env::new();
    env.ok(&["import-chart", s(&rules_chart())]);
    env.ok(&[
        "done",
        "go-chart/variables-constants",
        "go-chart/concurrency",
    ]);
    env.ok(&["start", "go-chart/profiling"]);

    let again = env.ok(&["import-chart", s(&rules_chart())]);
    assert!(
        again.contains("no step changed since the previous import"),
        "{again}"
    );

    let chart = redrawn(env.dir.path());
    let out = env.ok(&[
        "import-chart",
        s(&chart),
        "--content",
        s(&fixture("rules/content")),
    ]);
    assert!(out.contains("added: context"), "{out}");
    assert!(
        out.contains("renamed (progress follows): variables-constants → variables-and-constants"),
        "{out}"
    );
    assert!(
        out.contains("removed: profiling (their progress is kept"),
        "{out}"
    );
    assert_eq!(files(&env.roadmaps), ["go-chart.toml"]);

    let v = env.ok(&["validate"]);
    assert!(!v.contains("error"), "{v}");
    let status = env.statuses("go-chart");
    assert_eq!(status["variables-and-constants"], "done");
    assert_eq!(status["concurrency"], "done");
    assert_eq!(status["context"], "todo");
    // The removed step's progress is still there, as an orphan.
    let orphans = env.ok(&["progress", "--orphans"]);
    assert!(orphans.contains("profiling"), "{orphans}");
    // Section rule: the new subtopic sits in the Concurrency box.
    let st = steps(&env, "go-chart");
    assert_eq!(st["context"]["parent"], "concurrency");
}

#[test]
fn malformed_charts_get_a_clear_error_and_nothing_is_written() {
    let env = Env::new();
    let big = env.dir.path().join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let cases: [(PathBuf, &[&str]); 6] = [
        (
            fixture("not-json.json"),
            &[
                "not-json.json:1:2: not JSON (expected ident)",
                "give the chart's .json file",
            ],
        ),
        (
            fixture("other-shape.json"),
            &[
                "not a roadmap.sh chart: the object has no `nodes` array (its keys: exported, roadmap, steps)",
            ],
        ),
        (
            fixture("no-topics.json"),
            &[
                "no usable `topic` node",
                "(node types found: paragraph, subtopic)",
            ],
        ),
        (
            fixture("deep.json"),
            &["deep.json:1:", "nests more than 128 levels deep"],
        ),
        (
            big.clone(),
            &[
                "is larger than 16 MiB, the limit for a chart",
                "nothing was imported",
            ],
        ),
        (
            env.dir.path().to_path_buf(),
            &["is a folder; give the chart's .json file"],
        ),
    ];
    for (path, wanted) in cases {
        let err = env.fails(&["import-chart", s(&path)]);
        for w in wanted {
            assert!(err.contains(w), "{}: {err}", path.display());
        }
        assert!(!err.contains("panicked"), "{err}");
        assert!(files(&env.roadmaps).is_empty(), "{}", path.display());
    }
}

#[test]
fn hostile_labels_are_sanitized_cut_and_still_validate() {
    let env = Env::new();
    let out = env.ok(&["import-chart", s(&fixture("hostile-labels.json"))]);
    assert!(out.contains("titles cut to 120 characters: xxxx"), "{out}");
    assert!(out.contains("1 subtopic (no label)"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    let v = env.ok(&["validate"]);
    assert!(!v.contains("error"), "{v}");
    let st = steps(&env, "hostile-labels");
    let titles: Vec<&str> = st.values().map(|v| v["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Git[31m basics evil"), "{titles:?}");
    assert!(
        titles.contains(&"He said \"hi\" \\ ''' [steps]"),
        "{titles:?}"
    );
    assert!(titles.contains(&"日本語"), "{titles:?}");
    let long = titles.iter().find(|t| t.starts_with("xxx")).unwrap();
    assert_eq!(long.chars().count(), 121);
    assert!(long.ends_with('…'));
    for t in &titles {
        assert!(!t.chars().any(char::is_control), "{t:?}");
    }
    // A label with no ASCII letters gets its id from the node id.
    assert!(st.contains_key("s3"), "{:?}", st.keys());
}

#[test]
fn an_existing_file_that_is_broken_or_another_roadmap_is_left_alone() {
    let env = Env::new();
    let target = env.roadmaps.join("go-chart.toml");
    std::fs::write(&target, "id = \"go-chart\"\ntitle = [broken\n").unwrap();
    let err = env.fails(&["import-chart", s(&rules_chart())]);
    assert!(err.contains("exists but does not validate"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "id = \"go-chart\"\ntitle = [broken\n"
    );

    let err = env.fails(&["import-chart", s(&rules_chart()), "--id", "backend-steps"]);
    assert!(
        err.contains(
            "roadmap id `backend-steps` is already used by roadmaps/backend-steps.toml (bundled)"
        ),
        "{err}"
    );
    let err = env.fails(&["import-chart", s(&rules_chart()), "--id", "Not A Slug"]);
    assert!(err.contains("--id `Not A Slug`"), "{err}");
    assert_eq!(files(&env.roadmaps), ["go-chart.toml"]);
}
