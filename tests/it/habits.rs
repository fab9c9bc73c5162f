//! Issue 13: completions that know the data, the man page, `paths`, the config file,
//! `schema`, `new`, `validate --watch` and `card`, through the real binary.

use crate::support::cli::Env;

/// Runs the dynamic completer the way the fish script does (`COMPLETE=fish waymark --
/// waymark ARGS…`, the last one being the partial word); returns the candidates.
fn complete(env: &Env, args: &[&str]) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .env("COMPLETE", "fish")
        .env("WAYMARK_ROADMAPS", &env.roadmaps)
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("xdg"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("xdg-config"))
        .env_remove("WAYMARK_CONFIG")
        .arg("--")
        .arg("waymark")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_roadmap_ids_step_ids_tags_and_filter_keys() {
    let env = Env::new();
    assert_eq!(
        complete(&env, &["show", "backend-"]),
        [
            "backend-2026",
            "backend-chart-2022",
            "backend-essentials",
            "backend-steps",
            "backend-trek"
        ]
    );
    assert_eq!(
        complete(&env, &["done", "backend-steps/http"]),
        ["backend-steps/http-and-https"]
    );
    assert_eq!(complete(&env, &["start", "backend-st"]), ["backend-steps/"]);
    assert_eq!(
        complete(&env, &["show", "backend-steps", "tag:au"]),
        ["tag:auth"]
    );
    assert_eq!(
        complete(&env, &["show", "backend-steps", "lev"]),
        ["level:"]
    );
    assert_eq!(
        complete(&env, &["show", "backend-steps", "status:in"]),
        ["status:in-progress"]
    );
    assert_eq!(
        complete(&env, &["progress", "nothing-like-it"]),
        [] as [&str; 0]
    );
}

/// A small user roadmap.
const MINE: &str = r#"id = "my-plan"
title = "My plan"

[[phases]]
id = "only"
title = "Only phase"

[[steps]]
id = "first-step"
title = "First step"
phase = "only"
hours = 2

[[steps]]
id = "second-step"
title = "Second step"
phase = "only"
hours = 3
"#;

#[test]
fn a_user_roadmap_is_offered_too() {
    let env = Env::new();
    let dir = env.dir.path().join("mine");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("mine.toml"), MINE).unwrap();
    let env = Env {
        roadmaps: dir,
        ..env
    };
    assert_eq!(complete(&env, &["show", "my-"]), ["my-plan"]);
    assert_eq!(
        complete(&env, &["done", "my-plan/"]),
        ["my-plan/first-step", "my-plan/second-step"]
    );
}

#[test]
fn man_page_is_roff_and_names_every_command() {
    let env = Env::new();
    let page = env.ok(&["generate", "man"]);
    assert!(page.starts_with(".ie"), "{}", &page[..80.min(page.len())]);
    assert!(page.contains(".TH waymark 1"), "{page}");
    for sub in ["validate", "show", "progress", "generate"] {
        assert!(page.contains(sub), "{sub} missing from the man page");
    }
}

/// The bash and zsh scripts pass the word index; the same candidates come back.
#[test]
fn bash_and_zsh_protocols_give_the_same_candidates() {
    let env = Env::new();
    for shell in ["bash", "zsh"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
            .env("COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", "2")
            .env("_CLAP_IFS", "\n")
            .env("WAYMARK_ROADMAPS", &env.roadmaps)
            .env("XDG_CONFIG_HOME", env.dir.path().join("xdg-config"))
            .args(["--", "waymark", "note", "backend-steps/how-the"])
            .output()
            .unwrap();
        let got = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            got.lines()
                .map(|l| l.split(':').next().unwrap())
                .collect::<Vec<_>>(),
            ["backend-steps/how-the-internet-works"],
            "{shell}"
        );
    }
}
