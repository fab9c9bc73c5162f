//! The filter language's tests: parsing, hints and matching.

use super::*;
use crate::model::roadmap::{Phase, Status};

/// Above [`PARALLEL_FROM`] steps the words are matched on two threads: the result is
/// the one a single pass gives, in roadmap order.
#[test]
fn a_large_roadmap_filters_the_same_on_two_threads() {
    let n = PARALLEL_FROM + 1001;
    let r = Roadmap {
        phases: vec![Phase::new("p", "P")],
        steps: (0..n)
            .map(|i| Step {
                id: format!("s{i}"),
                title: format!("Step {} of {}", i % 97, ["http", "sql", "cache"][i % 3]),
                level: Some(Level::ALL[i % 3]),
                tags: vec![format!("t{}", i % 7)],
                ..Step::default()
            })
            .collect(),
        ..Roadmap::default()
    };
    let graph = Graph::new(&r).unwrap();
    let snap = Snapshot::new(&r, &vec![Status::Todo; n]);
    for text in [
        "sql",
        "level:intermediate ql",
        "-tag:t3 st 9",
        "nothing-matches-this",
    ] {
        let f = Filter::parse(text).unwrap();
        let parallel = f.apply(&r, &graph, &snap);
        let ctx = Ctx {
            roadmap: &r,
            graph: &graph,
            snapshot: &snap,
            next: &[],
            due: &[],
        };
        let single = f.matching(&ctx, 0..n);
        assert_eq!(parallel, single, "{text}");
        assert!(text.contains("nothing") || !single.is_empty(), "{text}");
    }
}

fn roadmap() -> Roadmap {
    let step = |id: &str, title: &str, phase, level, tags: &[&str], optional| Step {
        id: id.into(),
        title: title.into(),
        phase,
        level,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        optional,
        ..Step::default()
    };
    Roadmap {
        id: "r".into(),
        title: "R".into(),
        phases: vec![
            Phase::new("net", "Internet & Networking"),
            Phase::new("sec", "Security"),
        ],
        steps: vec![
            step(
                "http",
                "HTTP and HTTPS",
                0,
                Some(Level::Beginner),
                &["Backend"],
                false,
            ),
            step(
                "auth",
                "Authentication",
                1,
                Some(Level::Intermediate),
                &["Auth"],
                false,
            ),
            step(
                "oauth",
                "OAuth 2.0",
                1,
                Some(Level::Intermediate),
                &["Auth"],
                true,
            ),
            step(
                "redis",
                "Caching Strategies and Redis",
                0,
                Some(Level::Advanced),
                &["Backend"],
                false,
            ),
        ],
        ..Roadmap::default()
    }
}

fn run(input: &str, statuses: &[Status]) -> Vec<usize> {
    let r = roadmap();
    let g = Graph::new(&r).unwrap();
    let s = Snapshot::new(&r, statuses);
    Filter::parse(input).unwrap().apply(&r, &g, &s)
}

#[test]
fn keys_and_with_each_other_and_or_within_a_key() {
    assert_eq!(run("tag:auth", &[]), vec![1, 2]);
    assert_eq!(run("tag:auth optional:no", &[]), vec![1]);
    assert_eq!(run("level:beginner level:advanced", &[]), vec![0, 3]);
    assert_eq!(run("level:beginner,advanced", &[]), vec![0, 3]);
    assert_eq!(run("tag:AUTH level:intermediate", &[]), vec![1, 2]);
}

#[test]
fn status_uses_the_store_and_negation_excludes() {
    let st = [Status::Done, Status::InProgress];
    assert_eq!(run("status:done", &st), vec![0]);
    assert_eq!(run("status:open", &st), vec![1, 2, 3]);
    assert_eq!(run("-status:done", &st), vec![1, 2, 3]);
    assert_eq!(run("status:in-progress", &st), vec![1]);
}

#[test]
fn free_words_match_titles_fuzzily_and_phases_by_substring() {
    assert_eq!(run("redis", &[]), vec![3]);
    assert_eq!(run("oauth", &[]), vec![2]);
    assert_eq!(run("phase:\"Internet & Networking\"", &[]), vec![0, 3]);
    assert_eq!(run("phase:sec", &[]), vec![1, 2]);
    assert_eq!(run("nothing-like-this", &[]), Vec::<usize>::new());
}

#[test]
fn is_due_takes_what_the_caller_knows() {
    let r = roadmap();
    let g = Graph::new(&r).unwrap();
    let s = Snapshot::new(&r, &[Status::Done, Status::Done]);
    let f = Filter::parse("is:due").unwrap();
    assert_eq!(f.apply_with_due(&r, &g, &s, &[false, true]), vec![1]);
    assert_eq!(f.apply(&r, &g, &s), Vec::<usize>::new());
    let f = Filter::parse("-is:due").unwrap();
    assert_eq!(f.apply_with_due(&r, &g, &s, &[false, true]), vec![0, 2, 3]);
    assert!(
        Filter::parse("is:overdue")
            .unwrap_err()
            .help
            .unwrap()
            .contains("is:due")
    );
}

#[test]
fn empty_filter_matches_everything() {
    assert_eq!(run("   ", &[]), vec![0, 1, 2, 3]);
}

#[test]
fn errors_say_what_where_and_how_to_fix() {
    let e = Filter::parse("tag:auth lvl:beginner").unwrap_err();
    assert_eq!(e.at, 9);
    assert!(e.message.contains("lvl"));
    assert!(e.help.unwrap().contains("`level:`"));
    let e = Filter::parse("level:expert").unwrap_err();
    assert!(e.help.unwrap().contains("intermediate"));
    assert!(Filter::parse("status:").is_err());
    assert_eq!(Filter::parse("phase:\"open").unwrap_err().at, 6);
}

#[test]
fn a_matching_sub_step_keeps_its_parent_as_context() {
    let mut r = roadmap();
    r.steps[2].parent = Some(1); // OAuth is part of Authentication
    let g = Graph::new(&r).unwrap();
    let s = Snapshot::new(&r, &[]);
    let matched = Filter::parse("oauth").unwrap().apply(&r, &g, &s);
    assert_eq!(matched, vec![2]);
    let mut shown = vec![false; 4];
    shown[2] = true;
    assert_eq!(context_parents(&r, &shown), [false, true, false, false]);
    // A parent that matches itself is a match, not context.
    shown[1] = true;
    assert_eq!(context_parents(&r, &shown), [false; 4]);
}

#[test]
fn unknown_values_of_free_text_keys_suggest_a_known_one() {
    let r = roadmap();
    let e = Filter::parse_for("tag:atuh", &r).unwrap_err();
    assert_eq!(e.message, "no step has tag `atuh`");
    assert_eq!(e.help.as_deref(), Some("did you mean `tag:Auth`?"));
    let e = Filter::parse_for("redis -tag:backend,bakend", &r).unwrap_err();
    assert_eq!(e.at, 6);
    assert_eq!(e.help.as_deref(), Some("did you mean `tag:Backend`?"));
    let e = Filter::parse_for("phase:\"Internet & Netwroking\"", &r).unwrap_err();
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `phase:\"Internet & Networking\"`?")
    );
    let e = Filter::parse_for("tag:zzzzzz", &r).unwrap_err();
    assert_eq!(e.help.as_deref(), Some("tags: Backend, Auth"));
    // Known values in any case, and keys with fixed values, pass as before.
    assert!(Filter::parse_for("tag:AUTH phase:sec level:beginner redis", &r).is_ok());
}
