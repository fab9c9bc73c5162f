//! `waymark card` through the real binary: the SVG for a bundled roadmap with progress
//! at a fixed date (snapshot), well-formed XML, escaping of a hostile title, files
//! written atomically, and a card that never creates the database.

use crate::support::cli::{Env, NOW, roadmap, step_ref};
use std::path::Path;

const R: &str = "backend-steps";

/// Parses `svg` as XML (panicking with the reason when it is not well-formed) and
/// returns the text of every `<text>` element, in order.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    // Only plain shapes and text: nothing GitHub's image proxy would strip or run.
    for n in root.descendants().filter(|n| n.is_element()) {
        assert!(
            ["svg", "title", "rect", "text"].contains(&n.tag_name().name()),
            "unexpected <{}>",
            n.tag_name().name()
        );
    }
    root.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn ok_at(env: &Env, when: &str, args: &[&str]) -> String {
    let out = env.cmd_at(when).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Three days in a row of study up to NOW (2026-03-10), after a gap, and a pace.
fn with_progress() -> Env {
    let env = Env::new();
    let r = roadmap(R);
    let at = |when: &str, args: &[&str]| ok_at(&env, when, args);
    at("2026-03-01T10:00:00Z", &["done", &step_ref(&r, 0)]);
    at("2026-03-08T21:00:00Z", &["done", &step_ref(&r, 1)]);
    at("2026-03-09T08:00:00Z", &["start", &step_ref(&r, 2)]);
    at("2026-03-10T07:30:00Z", &["done", &step_ref(&r, 3)]);
    env.ok(&["pace", "6"]);
    env
}

#[test]
fn card_of_a_bundled_roadmap_with_progress() {
    let env = with_progress();
    let svg = env.ok(&["card", R]);
    let t = texts(&svg);
    let r = roadmap(R);
    assert_eq!(t[0], r.title);
    assert!(t.iter().any(|l| l.starts_with("3/29 steps")), "{t:?}");
    assert!(t.iter().any(|l| l.starts_with("3-day streak")), "{t:?}");
    assert!(
        t.iter()
            .any(|l| l.contains("finish ≈ ") && l.contains("6 h/week")),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|l| l == &format!("waymark · as of {}", &NOW[..10]))
    );
    // 11 phases: seven rows, then the rest counted.
    assert!(t.iter().any(|l| l == "+4 more phases"), "{t:?}");
    insta::assert_snapshot!(svg);
    // The README shows this very card: keep the copy in docs/ the real output.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/card-example.svg");
    assert_eq!(
        std::fs::read_to_string(example).unwrap().trim_end(),
        svg.trim_end(),
        "docs/card-example.svg is stale: copy the new snapshot's SVG into it"
    );
}

#[test]
fn the_streak_ends_when_a_whole_day_is_missed() {
    let env = with_progress();
    // 2026-03-11 has no change yet: the streak is still alive…
    let svg = ok_at(&env, "2026-03-11T20:00:00Z", &["card", R]);
    assert!(texts(&svg).iter().any(|l| l.starts_with("3-day streak")));
    // …but after a whole day without one, it is gone.
    let svg = ok_at(&env, "2026-03-12T09:00:00Z", &["card", R]);
    assert!(
        texts(&svg)
            .iter()
            .any(|l| l.starts_with("no current streak"))
    );
}

#[test]
fn themes_differ_only_in_colour() {
    let env = with_progress();
    let light = env.ok(&["card", R, "--theme", "light"]);
    let dark = env.ok(&["card", R, "--theme", "dark"]);
    assert_ne!(light, dark);
    assert!(dark.contains("fill=\"#0d1117\""));
    assert!(light.contains("fill=\"#ffffff\""));
    assert_eq!(texts(&light), texts(&dark));
    let out = env
        .cmd()
        .args(["card", R, "--theme", "pink"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// Without `--theme` the card follows the config's `theme`: light → light, dark and
/// high-contrast → dark, none → light. `--theme` still wins.
#[test]
fn the_card_theme_follows_the_config_unless_given() {
    let env = with_progress();
    let light = env.ok(&["card", R, "--theme", "light"]);
    let dark = env.ok(&["card", R, "--theme", "dark"]);
    let config = env.dir.path().join("config.toml");
    let card = |theme: Option<&str>, args: &[&str]| {
        match theme {
            Some(t) => std::fs::write(&config, format!("theme = \"{t}\"\n")).unwrap(),
            None => std::fs::write(&config, "pace = 6\n").unwrap(),
        }
        let out = env
            .cmd()
            .env("WAYMARK_CONFIG", &config)
            .args(["card", R])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(card(Some("dark"), &[]) == dark, "theme = dark: a dark card");
    assert!(
        card(Some("high-contrast"), &[]) == dark,
        "high-contrast: a dark card"
    );
    assert!(
        card(Some("light"), &[]) == light,
        "theme = light: a light card"
    );
    assert!(card(None, &[]) == light, "no theme in the config: light");
    assert!(
        card(Some("dark"), &["--theme", "light"]) == light,
        "--theme wins over the config"
    );
    assert!(card(Some("light"), &["--theme", "dark"]) == dark);
}

#[test]
fn a_hostile_title_stays_text() {
    let mut env = Env::new();
    let dir = env.dir.path().join("user-roadmaps");
    std::fs::create_dir_all(&dir).unwrap();
    env.roadmaps = dir.clone();
    let toml = "id = \"evil\"\n\
        title = \"<script>alert(1)</script> & \\\"'\\u200b[2J\\u200f]]>\"\n\
        [[phases]]\nid = \"one\"\ntitle = \"</text><script>x</script>\"\n\
        [[steps]]\nid = \"a\"\nphase = \"one\"\ntitle = \"A\"\n";
    std::fs::write(dir.join("evil.toml"), toml).unwrap();
    let svg = env.ok(&["card", "evil"]);
    assert!(!svg.contains("<script"), "{svg}");
    // The loader refuses control characters; bidi and zero-width ones it lets through
    // are made inert here too.
    assert!(
        !svg.contains('\u{200b}') && !svg.contains('\u{200f}'),
        "{svg}"
    );
    let t = texts(&svg);
    // The parser reads back exactly the (inert) text: escaped, not dropped.
    assert_eq!(
        t[0],
        "<script>alert(1)</script> & \"'\u{FFFD}[2J\u{FFFD}]]>"
    );
    assert_eq!(t.iter().filter(|l| l.contains("</text>")).count(), 1);
}

#[test]
fn output_file_is_written_and_dash_means_stdout() {
    let env = with_progress();
    let stdout = env.ok(&["card", R]);
    let file = env.dir.path().join("card.svg");
    let out = env
        .cmd()
        .args(["card", R, "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    assert_eq!(env.ok(&["card", R, "-o", "-"]), stdout);
    // A folder is never replaced.
    let err = env.fails(&["card", R, "-o", env.dir.path().to_str().unwrap()]);
    assert!(err.contains("folder"), "{err}");
}

#[test]
fn a_card_without_a_database_shows_nothing_done_and_creates_none() {
    let env = Env::new();
    let svg = env.ok(&["card", R]);
    assert!(!env.db.exists());
    let t = texts(&svg);
    assert!(t.iter().any(|l| l.starts_with("0/29 steps")), "{t:?}");
    assert!(!t.iter().any(|l| l.contains("streak")), "{t:?}");
    let err = env.fails(&["card", "backend-step"]);
    assert!(err.contains("did you mean `backend-steps`"), "{err}");
}
