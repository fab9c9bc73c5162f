//! Hostile text through the real binary: notes, arguments, file names and titles that
//! carry escape sequences, C1 controls, bidi and zero-width characters never reach the
//! terminal as they are; exports stay valid Markdown, CSV and JSON.

use crate::support::cli::{Env, roadmap, step_ref};
use serde_json::Value;

const R: &str = "backend-steps";

/// Characters that must never come out raw in human-readable output.
const UNSAFE: &[char] = &[
    '\x1b', '\x07', '\x08', '\r', '\u{9b}', '\u{202e}', '\u{2067}', '\u{200b}', '\u{200f}',
    '\u{61c}', '\u{feff}',
];

fn assert_inert(what: &str, text: &str) {
    for c in UNSAFE {
        assert!(!text.contains(*c), "{what} holds {c:?}:\n{text:?}");
    }
}

/// Like `assert_inert`, but a CSV may end its lines with CRLF.
fn assert_inert_csv(text: &str) {
    assert_inert("csv", &text.replace("\r\n", "\n"));
}

const EVIL: &str = "\x1b[2J\x1b]0;pwned\x07red\u{9b}31m \u{202e}txt\u{200b}";

#[test]
fn markdown_export_makes_notes_inert_and_escapes_markup() {
    let env = Env::new();
    let r = roadmap(R);
    env.ok(&[
        "note",
        &step_ref(&r, 0),
        &format!("{EVIL} a|b *bold* _it_ <script>\nsecond\x1b[1A line"),
    ]);
    let md = env.ok(&["export", R, "--format", "md"]);
    assert_inert("markdown", &md);
    assert!(
        md.contains(r"a\|b \*bold\* \_it\_ \<script>"),
        "markup not escaped:\n{md}"
    );
    // The note's second line stays its own quoted line.
    assert!(md.contains("\n  > second\u{FFFD}\\[1A line\n"), "{md}");
}

#[test]
fn csv_export_neutralises_formulas_and_ends_lines_with_crlf() {
    let env = Env::new();
    let r = roadmap(R);
    env.ok(&["note", &step_ref(&r, 0), "=HYPERLINK(\"http://x\",\"y\")"]);
    env.ok(&["note", &step_ref(&r, 1), "@SUM(1+1)"]);
    env.ok(&["note", &step_ref(&r, 2), "+1"]);
    env.ok(&["note", &step_ref(&r, 3), "--", &format!("-2 {EVIL}")]);
    let csv = env.ok(&["export", R, "--format", "csv"]);
    assert_inert_csv(&csv);
    assert!(csv.ends_with("\r\n"), "{csv:?}");
    assert_eq!(
        csv.matches("\r\n").count(),
        csv.matches('\n').count(),
        "every line ends with CRLF: {csv:?}"
    );
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(rows.len(), r.steps.len() + 2, "header, a row per step, end");
    assert!(
        rows[1].ends_with(r#","'=HYPERLINK(""http://x"",""y"")""#),
        "{}",
        rows[1]
    );
    assert!(rows[2].ends_with(",'@SUM(1+1)"), "{}", rows[2]);
    assert!(rows[3].ends_with(",'+1"), "{}", rows[3]);
    assert!(rows[4].contains(",'-2 "), "{}", rows[4]);
}

#[test]
fn json_escapes_c1_bidi_and_zero_width_and_still_roundtrips() {
    let env = Env::new();
    let r = roadmap(R);
    let note = "a\u{9b}31m \u{202e}b\u{200b}c\u{7f}";
    env.ok(&["note", &step_ref(&r, 0), note]);
    let json = env.ok(&["export", R, "--format", "json"]);
    assert_inert("json", &json);
    assert!(!json.contains('\u{7f}'), "{json:?}");
    for esc in [r"\u009b", r"\u202e", r"\u200b", r"\u007f"] {
        assert!(json.contains(esc), "{esc} missing: {json}");
    }
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["steps"][0]["note"], note, "JSON keeps the note exactly");

    // Through a file into a new database: nothing lost.
    let file = env.dir.path().join("export.json");
    std::fs::write(&file, &json).unwrap();
    let other = Env::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let back = other.json(&["export", R, "--format", "json"]);
    assert_eq!(back["steps"][0]["note"], note);
    // Other JSON outputs too.
    let log = env.ok(&["progress", "--orphans", "--json"]);
    assert_inert("orphans json", &log);
}

#[test]
fn arguments_echoed_in_errors_are_inert() {
    let env = Env::new();
    let err = env.fails(&["show", &format!("road{EVIL}")]);
    assert!(err.contains("no roadmap"), "{err}");
    assert_inert("no roadmap", &err);

    let err = env.fails(&["done", &format!("{R}/step{EVIL}")]);
    assert_inert("unknown step", &err);

    let err = env.fails(&["show", R, &format!("{EVIL}key:value")]);
    assert!(err.contains("filter"), "{err}");
    assert_inert("filter error", &err);

    // A plain-text filter term is echoed on standard output.
    let out = env.ok(&["show", R, &format!("zz{EVIL}")]);
    assert_inert("filter echo", &out);

    let err = env.fails(&["log", "--since", &format!("2026{EVIL}")]);
    assert_inert("--since", &err);

    let blocker = env.dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let out = blocker.join(format!("x{EVIL}.md"));
    let err = env.fails(&["export", R, "-o", out.to_str().unwrap()]);
    assert_inert("-o path", &err);

    let mut cmd = env.cmd();
    let db = blocker.join(format!("db{EVIL}.sqlite3"));
    let res = cmd
        .args(["--db", db.to_str().unwrap(), "done"])
        .arg(step_ref(&roadmap(R), 0));
    let res = res.output().unwrap();
    assert!(!res.status.success());
    let err = String::from_utf8(res.stderr).unwrap();
    assert!(err.contains("error: "), "{err}");
    assert_inert("--db path", &err);
}

#[test]
fn roadmap_file_names_are_inert_in_the_load_warning() {
    let mut env = Env::new();
    let dir = env.dir.path().join("user-roadmaps");
    std::fs::create_dir_all(&dir).unwrap();
    env.roadmaps = dir.clone();
    std::fs::write(dir.join(format!("bad{EVIL}.toml")), "id = \n").unwrap();
    let out = env.cmd().arg("list").output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("did not load"), "{err}");
    assert_inert("load warning", &err);
}

#[test]
fn invisible_and_bidi_characters_in_titles_do_not_pass_through_show() {
    let mut env = Env::new();
    let dir = env.dir.path().join("user-roadmaps");
    std::fs::create_dir_all(&dir).unwrap();
    env.roadmaps = dir.clone();
    // Characters the loader lets through (zero-width, bidi marks, BOM).
    let toml = "id = \"sneaky\"\n\
        title = \"Sne\u{200b}aky \u{200f}roadmap\"\n\
        [[phases]]\nid = \"one\"\ntitle = \"One\u{feff}\"\n\
        [[steps]]\nid = \"a\"\nphase = \"one\"\ntitle = \"Pay\u{61c}pal \u{200b}login\"\n";
    std::fs::write(dir.join("sneaky.toml"), toml).unwrap();
    let out = env.ok(&["show", "sneaky"]);
    assert!(out.contains("login"), "{out}");
    assert_inert("show", &out);
    let out = env.ok(&["list"]);
    assert!(out.contains("sneaky"), "{out}");
    assert_inert("list", &out);
    let out = env.ok(&["progress", "sneaky"]);
    assert_inert("progress", &out);
    let json = env.ok(&["show", "sneaky", "--json"]);
    assert_inert("show --json", &json);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["title"], "Sne\u{200b}aky \u{200f}roadmap");
}
