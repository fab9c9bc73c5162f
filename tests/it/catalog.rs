//! Catalog: parsing, validation diagnostics and loading.

use proptest::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use waymark::catalog::{
    self, Problem, ProblemKind, Source, load, load_file, parse_roadmap, render_problem,
};
use waymark::model::StepRef;

use ProblemKind::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/invalid");

/// (kind, line, col) of one expected problem.
type At = (ProblemKind, usize, usize);

/// Fixture name → every problem it must report, in order.
const EXPECTED: &[(&str, &[At])] = &[
    ("alias-clashes-with-id", &[(DuplicateId, 17, 12)]),
    ("bad-id-too-long", &[(BadId, 9, 6)]),
    ("bad-id-uppercase", &[(BadId, 9, 6)]),
    ("bad-kind", &[(BadKind, 12, 8)]),
    ("bad-level", &[(BadLevel, 12, 9)]),
    ("bad-requires-reference", &[(BadId, 12, 13)]),
    ("bad-topic-id", &[(BadId, 12, 11)]),
    ("bad-url", &[(BadUrl, 12, 38)]),
    ("bell-in-tag", &[(ControlChar, 12, 15)]),
    ("bidi-in-title", &[(ControlChar, 10, 9)]),
    ("c1-in-summary", &[(ControlChar, 12, 11)]),
    ("cycle", &[(Cycle, 12, 13)]),
    ("dangling-require", &[(DanglingRequire, 12, 13)]),
    ("duplicate-phase-id", &[(DuplicateId, 9, 6)]),
    ("duplicate-step-id", &[(DuplicateId, 14, 6)]),
    ("empty-file", &[(Empty, 1, 1)]),
    ("empty-steps", &[(Empty, 3, 9)]),
    ("empty-title", &[(EmptyTitle, 10, 9)]),
    ("escape-in-title", &[(ControlChar, 10, 9)]),
    ("format-version-2", &[(BadFormatVersion, 1, 10)]),
    ("group-pick-out-of-range", &[(BadGroup, 22, 8)]),
    ("group-too-small", &[(BadGroup, 22, 9)]),
    ("group-unknown-member", &[(BadGroup, 22, 19)]),
    ("huge-hours", &[(BadHours, 12, 9), (BadHours, 18, 9)]),
    ("inf-hours", &[(BadHours, 12, 9)]),
    ("levels-reversed", &[(BadLevel, 3, 10)]),
    ("missing-phase", &[(MissingKey, 8, 1)]),
    ("missing-steps", &[(MissingKey, 1, 1)]),
    ("missing-title", &[(MissingKey, 8, 1)]),
    (
        "multiple-errors",
        &[
            (UnknownKey, 3, 1),
            (BadHours, 13, 9),
            (BadLevel, 14, 9),
            (DuplicateId, 17, 6),
            (EmptyTitle, 18, 9),
            (UnknownPhase, 19, 9),
            (DanglingRequire, 20, 13),
            (BadKind, 21, 8),
        ],
    ),
    ("nan-hours", &[(BadHours, 12, 9)]),
    ("negative-hours", &[(BadHours, 12, 9)]),
    ("newline-in-title", &[(ControlChar, 10, 9)]),
    ("parent-cycle", &[(BadParent, 12, 10)]),
    ("parent-nested", &[(BadParent, 23, 10)]),
    ("parent-other-phase", &[(BadParent, 21, 10)]),
    ("parent-self", &[(BadParent, 12, 10)]),
    ("parent-unknown", &[(UnknownParent, 17, 10)]),
    ("self-require", &[(Cycle, 12, 13)]),
    ("syntax-bad-value", &[(Syntax, 12, 9)]),
    ("syntax-duplicate-key", &[(Syntax, 12, 1)]),
    ("syntax-unclosed-array", &[(Syntax, 12, 17)]),
    ("syntax-unclosed-string", &[(Syntax, 2, 17)]),
    ("table-row-cell-count", &[(BadTable, 17, 29)]),
    ("unknown-key-phase", &[(UnknownKey, 7, 1)]),
    ("unknown-key-resource", &[(UnknownKey, 12, 32)]),
    ("unknown-key-step", &[(UnknownKey, 12, 1)]),
    ("unknown-key-top", &[(UnknownKey, 3, 1)]),
    ("unknown-phase", &[(UnknownPhase, 11, 9)]),
    ("wrong-type-hours", &[(WrongType, 12, 9)]),
    ("wrong-type-optional", &[(WrongType, 12, 12)]),
    ("wrong-type-parent", &[(WrongType, 12, 10)]),
    ("wrong-type-steps", &[(WrongType, 3, 9)]),
    ("wrong-type-tags", &[(WrongType, 12, 8)]),
];

fn fixture(name: &str) -> String {
    let path = Path::new(FIXTURES).join(format!("{name}.toml"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn problems(name: &str) -> Vec<Problem> {
    match parse_roadmap(&fixture(name)) {
        Ok(_) => panic!("{name}: parsed without problems"),
        Err(p) => p,
    }
}

fn summary(ps: &[Problem]) -> Vec<At> {
    ps.iter().map(|p| (p.kind, p.line, p.col)).collect()
}

/// The ```toml block of docs/roadmap-format.md.
fn doc_example() -> String {
    let doc = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/roadmap-format.md"
    ))
    .unwrap();
    let start = doc.find("```toml\n").expect("a ```toml block") + "```toml\n".len();
    let len = doc[start..].find("```").unwrap();
    doc[start..start + len].to_string()
}

#[test]
fn every_fixture_reports_exactly_its_problems() {
    let mut failures = Vec::new();
    for (name, want) in EXPECTED {
        let got = summary(&problems(name));
        if got != *want {
            failures.push(format!("{name}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_fixture_is_listed_and_there_are_enough() {
    let mut on_disk: Vec<String> = fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        on_disk, listed,
        "fixtures on disk vs EXPECTED (keep both sorted)"
    );
    assert!(listed.len() >= 30);
}

#[test]
fn every_problem_renders_with_location_and_caret() {
    for (name, _) in EXPECTED {
        let text = fixture(name);
        let file = format!("fixtures/{name}.toml");
        for p in problems(name) {
            let out = render_problem(&file, &text, &p);
            assert!(
                out.starts_with(&format!("error[{}]: ", p.kind)),
                "{name}: {out}"
            );
            assert!(
                out.contains(&format!("--> {file}:{}:{}\n", p.line, p.col)),
                "{name}: {out}"
            );
            let caret = out
                .lines()
                .find(|l| l.trim_start().starts_with("| ") && l.contains('^'))
                .unwrap_or_else(|| panic!("{name}: no caret line in\n{out}"));
            assert!(caret.trim_end().ends_with('^'), "{name}: {out}");
            assert!(
                !out.contains('\u{1b}') && !out.contains('\u{7}'),
                "{name}: {out}"
            );
        }
    }
}

#[test]
fn render_points_at_the_unknown_key() {
    let text = fixture("unknown-key-step");
    let p = &problems("unknown-key-step")[0];
    let out = render_problem("roadmaps/x.toml", &text, p);
    assert_eq!(
        out,
        "error[unknown-key]: unknown key `sumary` in [[steps]]\n  \
         --> roadmaps/x.toml:12:1\n   |\n\
         12 | sumary = \"Typo\"\n   \
         | ^^^^^^\n   \
         = help: did you mean `summary`?\n"
    );
}

#[test]
fn messages_name_the_culprit() {
    let cycle = &problems("cycle")[0];
    assert_eq!(cycle.message, "prerequisite cycle: a → c → b → a");
    let dangling = &problems("dangling-require")[0];
    assert_eq!(dangling.help.as_deref(), Some("did you mean `first`?"));
    let phase = &problems("unknown-phase")[0];
    assert_eq!(phase.help.as_deref(), Some("did you mean `basics`?"));
    let link = &problems("unknown-key-resource")[0];
    assert_eq!(link.help.as_deref(), Some("did you mean `url`?"));
    let esc = &problems("escape-in-title")[0];
    assert!(!esc.message.contains('\u{1b}'), "{}", esc.message);
    let dup = &problems("duplicate-step-id")[0];
    assert!(dup.help.as_deref().unwrap().contains("line 9"), "{dup:?}");
    let parent = &problems("parent-unknown")[0];
    assert_eq!(
        parent.help.as_deref(),
        Some("did you mean `authentication`?")
    );
    let cycle = &problems("parent-cycle")[0];
    assert_eq!(cycle.message, "parent cycle: a → b → a");
    let nested = &problems("parent-nested")[0];
    assert!(
        nested
            .message
            .contains("`oauth` is itself a sub-step (of `authentication`)"),
        "{nested:?}"
    );
    let phase = &problems("parent-other-phase")[0];
    assert_eq!(
        phase.message,
        "`parent` `authentication` is in phase `Basics`, but step `jwt` is in phase `Later`"
    );
    assert!(
        phase
            .help
            .as_deref()
            .unwrap()
            .contains("phase = \"basics\"")
    );
    assert!(problems("parent-self")[0].message.contains("names itself"));
}

#[test]
fn doc_example_parses_cleanly() {
    let r = match parse_roadmap(&doc_example()) {
        Ok(r) => r,
        Err(ps) => panic!("{ps:#?}"),
    };
    assert_eq!(r.id, "rust-backend");
    assert_eq!(r.phases.len(), 2);
    assert_eq!(r.steps.len(), 5);
    let idx = |id: &str| r.steps.iter().position(|s| s.id == id).unwrap();
    assert_eq!(r.steps[idx("extractors")].parent, Some(idx("axum")));
    assert_eq!(r.steps[idx("axum")].parent, None);
    assert_eq!(
        r.steps[idx("axum")].requires,
        [StepRef::Local(idx("the-book"))]
    );
    assert_eq!(r.steps[idx("deploy")].phase, 1);
    assert_eq!(r.steps[idx("deploy")].aliases, ["ship-it"]);
    assert_eq!(r.steps[idx("actix")].hours, None);
    assert!(r.steps[idx("actix")].optional);
    assert_eq!(r.groups[0].steps, [idx("axum"), idx("actix")]);
    assert_eq!(r.groups[0].pick, 1);
    assert_eq!(r.tables[0].phase, Some(1));
    assert_eq!(r.tables[0].rows.len(), 2);
    assert_eq!(r.routine.as_ref().unwrap().items.len(), 2);
    assert_eq!(r.resources.len(), 1);
    assert_eq!(r.steps[0].resources[0].kind.as_deref(), Some("book"));
    assert!(r.origin.is_some() && r.facts.len() == 1 && r.timeline.len() == 1);
}

#[test]
fn newline_and_tab_are_fine_in_summaries() {
    let text = doc_example().replace(
        "summary = \"Routing, extractors",
        "summary = \"Line one\\n\\tindented.\\nRouting, extractors",
    );
    parse_roadmap(&text).expect("newline/tab in summary is allowed");
}

#[test]
fn crlf_file_with_multi_line_summaries_loads_with_plain_newlines() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/valid/crlf-multiline-summary.toml");
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains("\r\n"),
        "the fixture must keep its CRLF line endings"
    );
    let r = parse_roadmap(&text).unwrap_or_else(|ps| panic!("{ps:#?}"));
    assert_eq!(
        r.summary.as_deref(),
        Some("A roadmap whose lines end in CRLF.\nIts summaries span lines.\n")
    );
    assert_eq!(
        r.phases[0].summary.as_deref(),
        Some("First line\nsecond line")
    );
    assert_eq!(
        r.steps[0].summary.as_deref(),
        Some("One.\n\tTwo, indented.\n")
    );
    // A lone carriage return is still refused.
    let lone = text.replace("One.\r\n", "One.\r");
    assert!(parse_roadmap(&lone).is_err());
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn load_keeps_good_files_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "a-good.toml", &doc_example());
    let bad = write(dir.path(), "b-bad.toml", &fixture("multiple-errors"));
    write(dir.path(), "notes.txt", "not a roadmap");
    write(dir.path(), ".hidden.toml", "garbage = [");
    let cat = load(Some(dir.path()));

    let user: Vec<_> = cat
        .roadmaps
        .iter()
        .filter(|l| matches!(l.source, Source::User(_)))
        .collect();
    assert_eq!(user.len(), 1);
    assert_eq!(user[0].source, Source::User(good));
    assert_eq!(user[0].roadmap.id, "rust-backend");
    assert_eq!(cat.roadmaps.len(), catalog::BUNDLED.len() + 1);

    assert_eq!(cat.reports.len(), 1, "{:#?}", cat.reports);
    let report = &cat.reports[0];
    assert_eq!(report.source, Source::User(bad.clone()));
    assert_eq!(report.problems.len(), 8);
    let rendered = report.render();
    assert!(
        rendered.contains(&format!("{}:3:1", bad.display())),
        "{rendered}"
    );
    assert!(cat.warnings.is_empty());
}

#[test]
fn load_without_a_folder_or_with_a_missing_one_gives_bundled() {
    let none = load(None);
    let missing = load(Some(Path::new("/definitely/not/here/waymark")));
    assert_eq!(none.roadmaps.len(), catalog::BUNDLED.len());
    assert_eq!(missing.roadmaps.len(), catalog::BUNDLED.len());
    assert!(missing.reports.is_empty());
}

#[test]
fn duplicate_roadmap_ids_across_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "one.toml", &doc_example());
    let two = write(dir.path(), "two.toml", &doc_example());
    let cat = load(Some(dir.path()));
    assert_eq!(cat.reports.len(), 1);
    let r = &cat.reports[0];
    assert_eq!(r.source, Source::User(two));
    assert_eq!(summary(&r.problems), [(DuplicateRoadmap, 2, 6)]);
    assert!(
        r.problems[0].message.contains("one.toml"),
        "{:?}",
        r.problems[0]
    );
}

#[test]
fn cross_roadmap_requires_are_checked_after_loading() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", &doc_example());
    let other = "id = \"ops\"\ntitle = \"Ops\"\n[[phases]]\nid = \"p\"\ntitle = \"P\"\n\
                 [[steps]]\nid = \"k8s\"\ntitle = \"K8s\"\nphase = \"p\"\n\
                 requires = [\"rust-backend/deploy\", \"rust-backend/ship-it\", \"rust-backend/nope\", \"gone/x\"]\n";
    let ops = write(dir.path(), "ops.toml", other);
    let cat = load(Some(dir.path()));
    assert!(cat.reports.is_empty(), "{:#?}", cat.reports);
    // Still loaded, with its external refs kept.
    let loaded = cat.get("ops").expect("ops loads despite the dangling refs");
    assert_eq!(loaded.roadmap.steps[0].requires.len(), 4);
    assert!(matches!(
        &loaded.roadmap.steps[0].requires[0],
        StepRef::External { roadmap, step } if roadmap == "rust-backend" && step == "deploy"
    ));
    assert_eq!(cat.warnings.len(), 1);
    let w = &cat.warnings[0];
    assert_eq!(w.source, Source::User(ops));
    assert_eq!(
        summary(&w.problems),
        [(DanglingRequire, 10, 60), (DanglingRequire, 10, 81)]
    );
}

#[test]
fn own_roadmap_prefix_resolves_locally() {
    let text = doc_example().replace(
        "requires = [\"axum\"]",
        "requires = [\"rust-backend/axum\"]",
    );
    let r = parse_roadmap(&text).unwrap();
    let deploy = r.steps.iter().find(|s| s.id == "deploy").unwrap();
    assert_eq!(deploy.requires, [StepRef::Local(1)]);
}

#[test]
fn unreadable_and_non_utf8_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"id = \"x\"\ntitle = \"caf".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\"\n");
    let p = dir.path().join("latin1.toml");
    fs::write(&p, &bytes).unwrap();
    let (text, res) = load_file(&p);
    let ps = res.unwrap_err();
    assert_eq!(summary(&ps), [(Encoding, 2, 13)]);
    assert!(render_problem("latin1.toml", &text, &ps[0]).contains("latin1.toml:2:13"));

    let (text, res) = load_file(&dir.path().join("missing.toml"));
    assert!(text.is_empty());
    assert_eq!(res.unwrap_err()[0].kind, Io);

    let cat = load(Some(dir.path()));
    assert_eq!(cat.reports.len(), 1);
    assert_eq!(cat.reports[0].problems[0].kind, Encoding);
}

/// A valid roadmap with `n` steps, each requiring up to 3 earlier ones.
fn big_roadmap(n: usize) -> String {
    let mut s = String::with_capacity(n * 120);
    s.push_str("id = \"big\"\ntitle = \"Big\"\n");
    for p in 0..10 {
        s.push_str(&format!(
            "[[phases]]\nid = \"p{p}\"\ntitle = \"Phase {p}\"\n"
        ));
    }
    for i in 0..n {
        s.push_str(&format!(
            "[[steps]]\nid = \"s{i}\"\ntitle = \"Step {i}\"\nphase = \"p{}\"\nhours = 1.5\n",
            i % 10
        ));
        let reqs: Vec<String> = [1, 7, 1000]
            .iter()
            .filter(|&&d| d <= i)
            .map(|d| format!("\"s{}\"", i - d))
            .collect();
        s.push_str(&format!("requires = [{}]\n", reqs.join(", ")));
    }
    s
}

#[test]
fn large_roadmap_parses_and_names_a_long_cycle() {
    // Speed is measured by `cargo bench --bench load`; this checks correctness at size.
    let n = 20_000;
    let text = big_roadmap(n);
    let r = parse_roadmap(&text).unwrap_or_else(|p| panic!("{:?}", &p[..p.len().min(3)]));
    assert_eq!(r.steps.len(), n);
    assert_eq!(r.steps[n - 1].requires.len(), 3);

    // A cycle closing the whole chain is found and named (shortened).
    let cyclic = text.replacen("requires = []", &format!("requires = [\"s{}\"]", n - 1), 1);
    let ps = parse_roadmap(&cyclic).unwrap_err();
    assert_eq!(ps.len(), 1, "{:?}", &ps[..ps.len().min(3)]);
    assert_eq!(ps[0].kind, Cycle);
    assert!(
        ps[0].message.starts_with("prerequisite cycle: s0 → s"),
        "{}",
        ps[0].message
    );
    assert!(ps[0].message.len() < 300);
}

#[test]
fn bundled_roadmaps_parse() {
    for (name, text) in catalog::BUNDLED {
        if let Err(ps) = parse_roadmap(text) {
            let file = format!("roadmaps/{name}");
            let out: Vec<String> = ps.iter().map(|p| render_problem(&file, text, p)).collect();
            panic!("{}", out.join("\n"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Cutting any piece out of a valid file never panics, and every problem's
    /// line/col agrees with its span and renders.
    #[test]
    fn mangled_files_never_panic(cut_at in 0usize..3000, cut_len in 0usize..40, insert in ".{0,6}") {
        let text = doc_example();
        let mut at = cut_at.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let mut end = (at + cut_len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let mangled = format!("{}{}{}", &text[..at], insert, &text[end..]);
        if let Err(ps) = parse_roadmap(&mangled) {
            prop_assert!(!ps.is_empty());
            for p in &ps {
                let before = &mangled[..p.span.start.min(mangled.len())];
                let line = before.matches('\n').count() + 1;
                prop_assert_eq!(p.line, line);
                let out = render_problem("m.toml", &mangled, p);
                prop_assert!(out.contains("m.toml:"));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        if let Err(ps) = parse_roadmap(&text) {
            for p in &ps {
                let _ = render_problem("a.toml", &text, p);
            }
        }
    }
}

#[test]
fn roadmaps_on_disk_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmaps");
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    let mut out = Vec::new();
    for p in entries.map(|e| e.unwrap().path()) {
        if p.extension().is_some_and(|x| x == "toml") {
            let (text, res) = load_file(&p);
            if let Err(ps) = res {
                let file = p.display().to_string();
                out.extend(ps.iter().map(|pr| render_problem(&file, &text, pr)));
            }
        }
    }
    assert!(out.is_empty(), "\n{}", out.join("\n"));
}
