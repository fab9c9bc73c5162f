use super::*;
use crate::app::keymap::{BINDINGS, key_label};
use ratatui::crossterm::event::KeyCode;

fn kinds(problems: &[Problem]) -> Vec<(ProblemKind, usize, usize)> {
    problems.iter().map(|p| (p.kind, p.line, p.col)).collect()
}

#[test]
fn an_empty_file_is_the_defaults() {
    let (c, problems) = parse("");
    assert_eq!(c, Config::default());
    assert!(problems.is_empty());
}

#[test]
fn every_key_parses() {
    let (c, problems) = parse(
        r##"
default_roadmap = "backend-steps"
pace = 7.5
theme = "light"
open_command = ["firefox", "--new-tab"]
review = false
week_start = "sunday"

[colors]
done = "#00ff00"
border = "208"

[keys]
toggle_done = ["m", "space"]
down = ["j", "ctrl-n"]

[keys.search]
back = ["esc", "ctrl-g"]
"##,
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c.default_roadmap.as_deref(), Some("backend-steps"));
    assert_eq!(c.pace, Some(7.5));
    assert_eq!(c.theme.as_deref(), Some("light"));
    assert_eq!(c.open_command.unwrap(), ["firefox", "--new-tab"]);
    assert!(!c.review);
    assert_eq!(c.week_start, Weekday::Sun);
    assert_eq!(c.palette.done, Color::Rgb(0, 255, 0));
    assert_eq!(c.palette.border, Color::Indexed(208));
    // The rest of the light theme stays.
    assert_eq!(c.palette.gauge, Palette::light().gauge);
    let done = BINDINGS
        .iter()
        .find(|b| b.mode == Mode::Main && b.action == Action::ToggleDone)
        .unwrap();
    let labels: Vec<String> = c.keys.keys_of(done).iter().map(key_label).collect();
    assert_eq!(labels, ["m", "space"]);
    let back = BINDINGS
        .iter()
        .find(|b| b.mode == Mode::Search && b.action == Action::Back)
        .unwrap();
    assert_eq!(c.keys.keys_of(back)[1].code, KeyCode::Char('g'));
}

#[test]
fn unknown_keys_get_did_you_mean_with_line_and_column() {
    let text = "theme = \"dark\"\ndefualt_roadmap = \"x\"\n[colors]\ndoen = \"red\"\n[keys]\ntoggle_dne = \"d\"\n";
    let (c, problems) = parse(text);
    assert_eq!(
        kinds(&problems),
        [
            (ProblemKind::UnknownKey, 2, 1),
            (ProblemKind::UnknownKey, 4, 1),
            (ProblemKind::UnknownKey, 6, 1),
        ]
    );
    let helps: Vec<&str> = problems
        .iter()
        .map(|p| p.help.as_deref().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "did you mean `default_roadmap`?",
            "did you mean `done`?",
            "did you mean `toggle_done`?"
        ]
    );
    assert_eq!(c.default_roadmap, None);
    // Rendered the way roadmap problems are.
    let loaded = Loaded {
        config: c,
        path: Some("cfg.toml".into()),
        text: text.into(),
        problems,
    };
    let report = loaded.report().unwrap();
    assert!(
        report.starts_with(
            "error[unknown-key]: unknown key `defualt_roadmap` in the config\n --> cfg.toml:2:1\n"
        ),
        "{report}"
    );
    assert!(
        report.contains("2 | defualt_roadmap = \"x\"\n  | ^^^^^^^^^^^^^^^"),
        "{report}"
    );
    assert!(
        report.ends_with("ignored line(s) 2, 4, 6; the defaults apply there\n"),
        "{report}"
    );
}

#[test]
fn wrong_types_bad_values_and_syntax_errors_are_located_and_skipped() {
    let text = "pace = \"fast\"\ntheme = \"solarized\"\nreview = 1\n[colors]\ndone = \"greenish\"\ntodo = \"blue\"\n";
    let (c, problems) = parse(text);
    assert_eq!(
        kinds(&problems),
        [
            (ProblemKind::WrongType, 1, 8),
            (ProblemKind::BadValue, 2, 9),
            (ProblemKind::WrongType, 3, 10),
            (ProblemKind::BadValue, 5, 8),
        ]
    );
    assert_eq!(c.palette.todo, Color::Blue, "the good line still applies");
    assert_eq!(c.palette.done, Palette::dark().done);
    assert!(c.review);

    let (c, problems) = parse("pace = 6\ntheme = = \"light\"\n");
    assert!(
        problems
            .iter()
            .any(|p| p.kind == ProblemKind::Syntax && p.line == 2),
        "{problems:?}"
    );
    assert_eq!(c.pace, Some(6.0));
    let (_, problems) = parse("pace = -1\n");
    assert_eq!(kinds(&problems), [(ProblemKind::BadValue, 1, 8)]);
}

#[test]
fn a_key_conflict_keeps_the_defaults_of_that_action() {
    let text = "[keys]\nquit = \"j\"\nhelp = [\"h\", \"F1\"]\n";
    let (c, problems) = parse(text);
    // `j` moves down, `h` goes left: both rebindings are dropped.
    assert_eq!(
        kinds(&problems),
        [
            (ProblemKind::KeyConflict, 2, 1),
            (ProblemKind::KeyConflict, 3, 1)
        ]
    );
    assert!(
        problems[0].message.contains("`j` is also bound to `down`"),
        "{}",
        problems[0].message
    );
    assert!(c.keys.is_empty(), "{:?}", c.keys);

    // Moving `down` away first makes `j` free for `quit`.
    let (c, problems) = parse("[keys]\nquit = \"j\"\ndown = \"ctrl-n\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    let quit = BINDINGS
        .iter()
        .find(|b| b.mode == Mode::Main && b.action == Action::Quit)
        .unwrap();
    assert_eq!(c.keys.keys_of(quit)[0].code, KeyCode::Char('j'));
}

#[test]
fn bad_key_names_and_unknown_modes() {
    let (_, problems) = parse("[keys]\nquit = \"hyper-q\"\n[keys.serch]\nback = \"esc\"\n");
    assert_eq!(
        kinds(&problems),
        [
            (ProblemKind::BadValue, 2, 8),
            (ProblemKind::UnknownKey, 3, 7)
        ]
    );
    assert_eq!(problems[1].help.as_deref(), Some("did you mean `search`?"));
}

#[test]
fn a_missing_explicit_file_is_a_problem_and_a_missing_default_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let l = load(Some(&dir.path().join("nope.toml")));
    assert_eq!(l.problems[0].kind, ProblemKind::Io);
    assert_eq!(l.config, Config::default());
}

#[test]
fn review_answers_rebind_one_by_one_and_answer_names_them() {
    use crate::app::keymap::action_in;
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let (c, problems) =
        parse("[keys.review]\ngood = \"1\"\nhard = [\"2\", \"w\"]\nforgot = \"3\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    let press = |ch: char| {
        action_in(
            &c.keys,
            Mode::Review,
            &KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE),
        )
    };
    assert_eq!(press('1'), Some(Action::Good));
    assert_eq!(press('2'), Some(Action::Hard));
    assert_eq!(press('w'), Some(Action::Hard));
    assert_eq!(press('3'), Some(Action::Forgot));
    assert_eq!(press('g'), None, "a rebinding replaces the default key");
    assert_eq!(press('y'), Some(Action::Yes), "the rest keeps its defaults");

    // The old name of all three is not guessed at: the problem names the new ones.
    let (c, problems) = parse("[keys.review]\nanswer = \"a\"\n");
    assert_eq!(kinds(&problems), [(ProblemKind::UnknownKey, 2, 1)]);
    let p = &problems[0];
    assert!(
        p.message.contains("`answer` in [keys.review]"),
        "{}",
        p.message
    );
    assert_eq!(
        p.help.as_deref(),
        Some("did you mean `good`, `hard`, `forgot`? e.g. good = \"g\"")
    );
    assert!(c.keys.is_empty());
}
