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

// ---- paths ----

#[test]
fn paths_lists_every_location_and_whether_it_exists() {
    let env = Env::new();
    let cfg = env.dir.path().join("my-config.toml");
    let v = env.json(&["--config", cfg.to_str().unwrap(), "paths", "--json"]);
    let by_what = |w: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|e| e["what"] == w)
            .unwrap_or_else(|| panic!("{w} missing: {v}"))
            .clone()
    };
    assert_eq!(by_what("config")["path"], cfg.to_str().unwrap());
    assert_eq!(by_what("config")["exists"], false);
    assert_eq!(by_what("config")["from"], "option");
    assert_eq!(by_what("database")["path"], env.db.to_str().unwrap());
    assert_eq!(by_what("database")["exists"], false);
    assert_eq!(by_what("roadmaps")["exists"], true);
    assert!(by_what("cache")["path"].as_str().is_some());

    env.ok(&["done", "backend-steps/http-and-https"]);
    std::fs::write(&cfg, "").unwrap();
    let text = env.ok(&["--config", cfg.to_str().unwrap(), "paths"]);
    let db_line = text.lines().find(|l| l.starts_with("database")).unwrap();
    assert!(db_line.contains("(exists, option)"), "{text}");
    let cfg_line = text.lines().find(|l| l.starts_with("config")).unwrap();
    assert!(cfg_line.contains("(exists, option)"), "{text}");
}

// ---- config ----

/// `Env::cmd` with a config file holding `text`.
fn with_config(env: &Env, text: &str) -> std::path::PathBuf {
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, text).unwrap();
    cfg
}

#[test]
fn default_roadmap_lets_commands_take_a_bare_step_id() {
    let env = Env::new();
    let cfg = with_config(&env, "default_roadmap = \"backend-steps\"\n");
    let out = env
        .cmd()
        .env("WAYMARK_CONFIG", &cfg)
        .args(["done", "http-and-https"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.statuses("backend-steps")["http-and-https"], "done");
    // ROADMAP/STEP still names any roadmap, next to a bare id.
    let out = env
        .cmd()
        .env("WAYMARK_CONFIG", &cfg)
        .args([
            "start",
            "backend-trek/web-fundamentals-and-http",
            "how-the-internet-works",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        env.statuses("backend-trek")["web-fundamentals-and-http"],
        "in-progress"
    );
    assert_eq!(
        env.statuses("backend-steps")["how-the-internet-works"],
        "in-progress"
    );
    // A bare id that is not a step of the default roadmap gets the usual hint.
    let out = env
        .cmd()
        .env("WAYMARK_CONFIG", &cfg)
        .args(["done", "http-and-htps"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(
            "roadmap `backend-steps` has no step `http-and-htps`; did you mean `http-and-https`?"
        ),
        "{err}"
    );
    // Without the config a bare id is an error that mentions the setting.
    let err = env.fails(&["done", "http-and-https"]);
    assert!(err.contains("default_roadmap"), "{err}");
}

#[test]
fn a_broken_config_is_reported_with_line_and_column_and_the_command_still_runs() {
    let env = Env::new();
    let cfg = with_config(
        &env,
        "default_roadmap = \"backend-steps\"\nthem = \"light\"\n[keys]\nquit = \"j\"\n",
    );
    let out = env
        .cmd()
        .arg("--config")
        .arg(&cfg)
        .args(["done", "http-and-https"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let file = cfg.display().to_string();
    assert!(
        err.contains("error[unknown-key]: unknown key `them` in the config"),
        "{err}"
    );
    assert!(err.contains(&format!("--> {file}:2:1")), "{err}");
    assert!(err.contains("did you mean `theme`?"), "{err}");
    assert!(
        err.contains("error[key-conflict]: `j` is also bound to `down`"),
        "{err}"
    );
    assert!(err.contains(&format!("--> {file}:4:1")), "{err}");
    assert!(err.contains("ignored line(s) 2, 4"), "{err}");
    // The good line applied.
    assert_eq!(env.statuses("backend-steps")["http-and-https"], "done");
}

#[test]
fn an_explicit_config_that_does_not_exist_is_a_warning() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["--config", "/nonexistent/waymark.toml", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("error[io]: cannot read the config"), "{err}");
}

// ---- keys and themes in the interface ----

/// The `?` help and the footer show the configured keys.
#[test]
fn help_overlay_and_footer_show_rebound_keys() {
    use crate::support::tui::{draw, key, press, state_on};
    let (config, problems) =
        waymark::config::parse("[keys]\ntoggle_done = [\"m\", \"space\"]\nhelp = \"F1\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    let mut s = state_on("backend-steps");
    s.keys = config.keys;
    let t = draw(&mut s, 120, 36, &waymark::ui::Theme::plain());
    let footer: String = (0..120)
        .map(|x| t.backend().buffer()[(x, 35)].symbol().to_string())
        .collect();
    assert!(footer.contains("m done"), "{footer}");
    assert!(footer.contains("F1 help"), "{footer}");
    // `?` no longer opens the help; F1 does.
    press(&mut s, &[key('?')]);
    assert!(s.overlay.is_none());
    press(
        &mut s,
        &[ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::F(1),
        )],
    );
    assert!(s.overlay.is_some());
    insta::assert_snapshot!(draw(&mut s, 120, 36, &waymark::ui::Theme::plain()).backend());
    // `m` marks done.
    s.overlay = None;
    let fx = press(&mut s, &[key('m')]);
    assert!(
        matches!(fx.as_slice(), [waymark::app::Effect::SetStatus { .. }]),
        "{fx:?}"
    );
}

#[test]
fn theme_and_colour_overrides_reach_the_styles_and_no_color_still_wins() {
    use ratatui::style::Color;
    use waymark::model::{Effective, Kind};
    use waymark::ui::Theme;
    let (config, problems) = waymark::config::parse(
        "theme = \"high-contrast\"\n[colors]\ndone = \"#112233\"\nborder_focused = \"magenta\"\n",
    );
    assert!(problems.is_empty(), "{problems:?}");
    let t = Theme::fancy().with_palette(config.palette);
    assert_eq!(
        t.status(Effective::Done).fg,
        Some(Color::Rgb(0x11, 0x22, 0x33))
    );
    assert_eq!(t.border_style(true).fg, Some(Color::Magenta));
    // Not overridden: the high-contrast theme's own colour.
    assert_eq!(
        t.kind_style(Kind::Alternative).fg,
        Some(waymark::ui::Palette::high_contrast().alternative)
    );
    assert_ne!(
        waymark::ui::Palette::high_contrast().alternative,
        waymark::ui::Palette::dark().alternative
    );
    // NO_COLOR (the plain theme) ignores every palette.
    let plain = Theme::plain().with_palette(config.palette);
    assert_eq!(plain.status(Effective::Done).fg, None);
    assert_eq!(plain.border_style(true).fg, None);
}

// ---- schema ----

fn schema() -> serde_json::Value {
    serde_json::from_str(&Env::new().ok(&["schema"])).unwrap()
}

fn toml_to_json(text: &str) -> serde_json::Value {
    toml::from_str(text).unwrap()
}

/// The object schema at a path of `properties` / `items`, following `$ref`s.
fn object_at<'s>(root: &'s serde_json::Value, path: &[&str]) -> &'s serde_json::Value {
    let resolve = |v: &'s serde_json::Value| match v["$ref"].as_str() {
        Some(r) => root
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling {r}")),
        None => v,
    };
    let mut at = root;
    for key in path {
        at = resolve(&at["properties"][*key]);
        if at["type"] == "array" {
            at = resolve(&at["items"]);
        }
    }
    at
}

fn schema_keys(root: &serde_json::Value, path: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = object_at(root, path)["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no properties at {path:?}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// A roadmap with every kind of table; `@where@` marks where a probe key can go.
const PROBE: &str = r#"id = "probe"
title = "Probe"
@root@
levels = { from = "beginner", to = "advanced" @levels@ }
[origin]
site = "x"
@origin@
[[facts]]
label = "a"
value = "b"
@facts@
[[phases]]
id = "p"
title = "P"
@phases@
[[steps]]
id = "a"
title = "A"
phase = "p"
@steps@
[[steps.resources]]
title = "r"
@steps.resources@
[[steps]]
id = "b"
title = "B"
phase = "p"
[[groups]]
id = "g"
title = "G"
steps = ["a", "b"]
@groups@
[[tables]]
id = "t"
title = "T"
columns = ["c"]
rows = [["x"]]
@tables@
[[timeline]]
window = "w"
items = ["i"]
@timeline@
[routine]
title = "R"
items = ["i"]
@routine@
[[resources]]
title = "r"
@resources@
"#;

const PLACES: [&str; 12] = [
    "root",
    "levels",
    "origin",
    "facts",
    "phases",
    "steps",
    "steps.resources",
    "groups",
    "tables",
    "timeline",
    "routine",
    "resources",
];

/// The probe with `line` at `place` and every other marker removed.
fn probe_with(place: &str, line: &str) -> String {
    let mut text = PROBE.to_string();
    for p in PLACES {
        let with = match (p == place, p) {
            (false, _) => String::new(),
            (true, "levels") => format!(", {line}"),
            (true, _) => line.to_string(),
        };
        text = text.replace(&format!("@{p}@"), &with);
    }
    text
}

/// The keys the real loader accepts at a place, read from its "known keys here" hint.
fn loader_keys(place: &str) -> Vec<String> {
    let problems = waymark::catalog::parse_roadmap(&probe_with(place, "zzqqxx = 1"))
        .expect_err("an unknown key must be rejected");
    let help = problems
        .iter()
        .find_map(|p| p.help.as_deref()?.strip_prefix("known keys here: "))
        .unwrap_or_else(|| panic!("{place}: {problems:?}"));
    let mut keys: Vec<String> = help.split(", ").map(String::from).collect();
    keys.sort();
    keys
}

#[test]
fn the_schema_and_the_loader_accept_the_same_keys_everywhere() {
    let root = schema();
    waymark::catalog::parse_roadmap(&probe_with("", "")).expect("the probe itself is valid");
    for place in PLACES {
        let path: Vec<&str> = if place == "root" {
            Vec::new()
        } else {
            place.split('.').collect()
        };
        assert_eq!(
            schema_keys(&root, &path),
            loader_keys(place),
            "keys of {place}: schema (left) vs loader (right)"
        );
    }
}

#[test]
fn every_bundled_roadmap_and_the_format_example_pass_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/roadmaps");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("#:schema ../schema/roadmap.schema.json\n"),
            "{} lacks the #:schema directive",
            path.display()
        );
        let errors: Vec<String> = validator
            .iter_errors(&toml_to_json(&text))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        checked += 1;
    }
    assert_eq!(checked, 5);

    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/roadmap-format.md"
    ))
    .unwrap();
    let example = doc
        .split("## A complete small example\n\n```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the format doc has its example");
    waymark::catalog::parse_roadmap(example).expect("the loader accepts the example");
    let v = toml_to_json(example);
    assert!(
        validator.is_valid(&v),
        "{:?}",
        validator
            .iter_errors(&v)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_unknown_key_is_rejected_by_both() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let text = probe_with("steps", "titel = \"typo\"");
    assert!(waymark::catalog::parse_roadmap(&text).is_err());
    assert!(!validator.is_valid(&toml_to_json(&text)));
    // And a wrong enum value.
    let text = probe_with("steps", "level = \"expert\"");
    assert!(waymark::catalog::parse_roadmap(&text).is_err());
    assert!(!validator.is_valid(&toml_to_json(&text)));
}

// ---- new ----

#[test]
fn new_writes_a_valid_starter_beside_the_schema_and_never_overwrites() {
    let env = Env::new();
    let out = env.ok(&["new", "rust-backend"]);
    let path = env.roadmaps.join("rust-backend.toml");
    assert_eq!(out.trim(), path.display().to_string());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("#:schema ./roadmap.schema.json\n"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(env.roadmaps.join("roadmap.schema.json")).unwrap(),
        env.ok(&["schema"])
    );
    // It loads with the others, and validates.
    assert!(env.ok(&["list"]).contains("rust-backend"));
    env.ok(&["validate", path.to_str().unwrap()]);
    // A second time: refused, the file untouched.
    std::fs::write(&path, format!("{text}# mine\n")).unwrap();
    let err = env.fails(&["new", "rust-backend"]);
    assert!(err.contains("already exists"), "{err}");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("# mine\n")
    );
    // A bundled id and a bad id are refused too.
    assert!(
        env.fails(&["new", "backend-steps"])
            .contains("already exists")
    );
    assert!(
        env.fails(&["new", "Not An Id"])
            .contains("is not a roadmap id")
    );
}
