//! Snapshot tests of every screen of the terminal interface, drawn into ratatui's
//! `TestBackend` over the real bundled roadmaps with a fixed "today".

use crate::support::tui::*;
use ratatui::crossterm::event::KeyCode;
use waymark::app::{Action, AppState, RoadmapState, update};
use waymark::ui::Theme;

const FANCY: Theme = Theme::fancy();

/// backend-steps with a little progress: first step done, second in progress since a
/// fixed time, with a note, and a pace of 6 h/week.
fn started() -> AppState {
    let mut s = state_on("backend-steps");
    press(&mut s, &[key(' '), key('j'), key('s')]);
    let at = today().and_hms_opt(9, 30, 0).unwrap() - chrono::Duration::days(3);
    update(
        &mut s,
        Action::Written {
            roadmap: "backend-steps".into(),
            steps: vec!["http-and-https".into()],
            at,
        },
    );
    update(
        &mut s,
        Action::NoteSaved {
            roadmap: "backend-steps".into(),
            step: "http-and-https".into(),
            note: Some("read the caching chapter again".into()),
        },
    );
    s.pace = Some(6.0);
    s.message = None;
    s
}

#[test]
fn main_view_120x36() {
    let mut s = started();
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn main_view_80x24() {
    let mut s = started();
    insta::assert_snapshot!(draw(&mut s, 80, 24, &FANCY).backend());
}

#[test]
fn main_view_no_color_ascii() {
    let mut s = started();
    press(&mut s, &[key('j'), key('x')]);
    s.message = None;
    let t = draw(&mut s, 100, 30, &Theme::plain());
    // The ASCII fallback cuts with "...", never "…".
    let screen = format!("{:?}", t.backend());
    assert!(!screen.contains('…') && screen.contains("..."), "{screen}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn detail_focused_80x24() {
    let mut s = started();
    press(&mut s, &[code(KeyCode::Enter)]);
    insta::assert_snapshot!(draw(&mut s, 80, 24, &FANCY).backend());
}

#[test]
fn pick_one_group_and_kinds() {
    // backend-chart-2022 has the chart's kinds and pick-one groups.
    let mut s = state_on("backend-chart-2022");
    let group_step = {
        let r = s.current().unwrap();
        r.roadmap.groups[0].steps[0]
    };
    s.select_step(group_step);
    press(&mut s, &[key(' ')]);
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn first_run_picker() {
    let (roadmaps, mut broken) = bundled();
    broken.push(waymark::app::state::Broken {
        name: "broken.toml".into(),
        problems: 3,
    });
    let mut s = AppState::new(roadmaps, broken, today(), None);
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn picker_overlay_80x24() {
    let mut s = started();
    press(&mut s, &[key('r'), key('j')]);
    insta::assert_snapshot!(draw(&mut s, 80, 24, &FANCY).backend());
}

#[test]
fn help_overlay() {
    let mut s = started();
    press(&mut s, &[key('?')]);
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn help_overlay_80x24() {
    let mut s = started();
    press(&mut s, &[key('?')]);
    insta::assert_snapshot!(draw(&mut s, 80, 24, &FANCY).backend());
}

#[test]
fn search_overlay() {
    let mut s = started();
    press(&mut s, &[key('/')]);
    press(&mut s, &typed("sql"));
    press(&mut s, &[code(KeyCode::Down)]);
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

/// The screen's text with the characters a search matched (drawn underlined) in
/// brackets: `[Redis]`, so the snapshot shows the highlighting too.
fn with_matches_marked(t: &ratatui::Terminal<ratatui::backend::TestBackend>) -> String {
    use ratatui::style::Modifier;
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut inside = false;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            let hit = cell.modifier.contains(Modifier::UNDERLINED);
            if hit != inside {
                out.push(if hit { '[' } else { ']' });
                inside = hit;
            }
            out.push_str(cell.symbol());
        }
        if inside {
            out.push(']');
        }
        out.push('\n');
    }
    out
}

/// `/redis` over the bundled roadmaps: only real matches, best first, each with its
/// roadmap and phase, the matched letters marked.
#[test]
fn search_overlay_ranks_and_highlights_across_roadmaps() {
    let mut s = state_on("backend-steps");
    press(&mut s, &[key('/')]);
    press(&mut s, &typed("redis"));
    let t = draw(&mut s, 120, 36, &FANCY);
    insta::assert_snapshot!(with_matches_marked(&t));
}

#[test]
fn filter_prompt_live() {
    let mut s = started();
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("level:intermediate tag:database"));
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn filter_prompt_error() {
    let mut s = started();
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("tag:auth lvl:beginner"));
    insta::assert_snapshot!(draw(&mut s, 80, 24, &FANCY).backend());
}

#[test]
fn tag_picker() {
    let mut s = started();
    press(
        &mut s,
        &[key('t'), key('j'), key(' '), key('j'), key('j'), key(' ')],
    );
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn level_picker() {
    let mut s = started();
    press(&mut s, &[key('L'), key('j'), key(' ')]);
    insta::assert_snapshot!(draw(&mut s, 80, 24, &FANCY).backend());
}

#[test]
fn filtered_view() {
    let mut s = started();
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("level:intermediate -status:done"));
    press(&mut s, &[code(KeyCode::Enter), key('H')]);
    s.message = None;
    // The filter opened on the first phase with matches (Language); one down is
    // Databases, where it leaves a few steps.
    assert_eq!(s.phase, 2);
    press(&mut s, &[key('h'), key('j'), key('l')]);
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn empty_filter_result() {
    let mut s = started();
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("no-step-is-called-this"));
    press(&mut s, &[code(KeyCode::Enter)]);
    s.message = None;
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn confirm_mark_phase_done() {
    let mut s = started();
    press(&mut s, &[key('D')]);
    insta::assert_snapshot!(draw(&mut s, 80, 24, &FANCY).backend());
}

#[test]
fn too_small() {
    let mut s = started();
    insta::assert_snapshot!(draw(&mut s, 50, 12, &FANCY).backend());
}

#[test]
fn hostile_text_is_sanitized() {
    let mut r = crate::support::demo::roadmap();
    r.title = "Evil\x1b[2J\x1b]0;pwned\x07 roadmap".into();
    r.steps[0].title = "Step\x1b[31m red\u{202e}".into();
    r.steps[0].summary = Some("line\x1b[1A up\r\nnext\x08".into());
    let roadmaps = vec![RoadmapState::new(r, "bundled").unwrap()];
    let mut s = AppState::new(
        roadmaps,
        Vec::new(),
        today(),
        Some(("backend-basics", None)),
    );
    let t = draw(&mut s, 120, 36, &FANCY);
    for cell in t.backend().buffer().content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || c == '\u{202e}'),
            "{:?}",
            cell.symbol()
        );
    }
    insta::assert_snapshot!(t.backend());
}

/// With the phase list focused, the detail pane describes the phase: window, badge,
/// section, progress, heading, tips and the source's table for it (backend-2026,
/// phase 3 carries the language comparison).
#[test]
fn phase_detail_with_tip_and_table() {
    let mut s = state_on("backend-2026");
    press(&mut s, &[key('h'), key('j'), key('j')]);
    let t = draw(&mut s, 120, 36, &FANCY);
    let screen = format!("{:?}", t.backend());
    assert!(screen.contains("Weeks 4–10"), "full window in the detail");
    assert!(screen.contains("Wk 4–10"), "short window in the list");
    assert!(screen.contains("Core choice"), "badge");
    insta::assert_snapshot!(t.backend());
}

/// `i` shows the roadmap's overview with the source's facts, tips, timeline, routine
/// and channels (backend-2026 carries all of them).
#[test]
fn about_overlay() {
    let mut s = state_on("backend-2026");
    press(&mut s, &[key('i')]);
    let t = draw(&mut s, 100, 40, &FANCY);
    let screen = format!("{:?}", t.backend());
    for expected in ["Months to job-ready", "Timeline", "Month 1–3"] {
        assert!(screen.contains(expected), "{expected} missing");
    }
    insta::assert_snapshot!(t.backend());
}

/// Hours are never cut (`123456` once showed `12345`), and a roadmap without levels or
/// hours gives that room to the title (backend-chart-2022 has neither).
#[test]
fn step_columns_fit_what_the_rows_hold() {
    let mut r = crate::support::demo::roadmap();
    r.steps[0].hours = Some(123456.0);
    let roadmaps = vec![RoadmapState::new(r, "bundled").unwrap()];
    let mut s = AppState::new(
        roadmaps,
        Vec::new(),
        today(),
        Some(("backend-basics", None)),
    );
    for (w, h) in [(120, 36), (80, 24)] {
        let screen = format!("{:?}", draw(&mut s, w, h, &FANCY).backend());
        assert!(screen.contains("123456h"), "{w}x{h}:\n{screen}");
    }

    let mut s = state_on("backend-chart-2022");
    let i = {
        let r = s.current().unwrap();
        r.roadmap
            .steps
            .iter()
            .position(|st| st.title == "Building with Observability in mind")
            .unwrap()
    };
    s.select_step(i);
    let t = draw(&mut s, 120, 36, &FANCY);
    let row = format!("{:?}", t.backend())
        .lines()
        .find(|l| l.contains("○ Building with"))
        .unwrap()
        .to_string();
    assert!(
        row.contains("○ Building with Observability in mind"),
        "{row}"
    );
}

/// A roadmap of one phase (backend-essentials) spends no pane on a list of one: the
/// steps take its width, and without levels or hours the titles take the rest.
#[test]
fn single_phase_roadmap_120x36() {
    let mut s = state_on("backend-essentials");
    let t = draw(&mut s, 120, 36, &FANCY);
    let screen = format!("{:?}", t.backend());
    assert!(!screen.contains("Phases"), "{screen}");
    assert!(
        screen.contains("23 steps in 1 phase "),
        "plural rules: {screen}"
    );
    insta::assert_snapshot!(t.backend());
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
hours = 2

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

fn nested_state() -> AppState {
    let roadmap = waymark::catalog::parse_roadmap(NESTED).unwrap();
    let roadmaps = vec![RoadmapState::new(roadmap, "nested.toml").unwrap()];
    AppState::new(roadmaps, Vec::new(), today(), Some(("nested", None)))
}

/// Sub-steps sit indented under their parent (even when the file lists them later),
/// and the parent's row counts them: `1/2` once one is done.
#[test]
fn sub_steps_under_their_parent() {
    let mut s = nested_state();
    press(&mut s, &[key('j'), key(' ')]);
    s.message = None;
    let t = draw(&mut s, 80, 24, &FANCY);
    let rows: Vec<String> = (0..24)
        .map(|y| {
            (0..80)
                .map(|x| t.backend().buffer()[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    let at = |text: &str| rows.iter().position(|r| r.contains(text)).unwrap();
    assert!(rows[at("Authentication")].contains("Authentication 1/2"));
    assert!(at("Authentication") < at("JSON Web Tokens"));
    assert!(at("OAuth") < at("HTTP"));
    insta::assert_snapshot!(t.backend());
}

/// A filter matching only a sub-step keeps its parent as a dimmed context row.
#[test]
fn filter_keeps_the_parent_as_dimmed_context() {
    let mut s = nested_state();
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("tag:tokens"));
    press(&mut s, &[code(KeyCode::Enter)]);
    s.message = None;
    assert_eq!(s.match_count, 1);
    let t = draw(&mut s, 80, 24, &FANCY);
    let buf = t.backend().buffer();
    let row_of = |text: &str| {
        (0..24)
            .find(|&y| {
                let row: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
                row.contains(text)
            })
            .unwrap()
    };
    let (parent, child) = (row_of("Authentication"), row_of("JSON Web Tokens"));
    assert_eq!(child, parent + 1);
    let dim = |y: u16| {
        (0..80)
            .map(|x| &buf[(x, y)])
            .find(|c| c.symbol() == "A")
            .unwrap()
            .modifier
            .contains(ratatui::style::Modifier::DIM)
    };
    assert!(dim(parent), "context parent is dimmed");
    assert!(
        !row_of_contains(buf, "HTTP"),
        "a non-matching step is hidden"
    );
    insta::assert_snapshot!(t.backend());
}

fn row_of_contains(buf: &ratatui::buffer::Buffer, text: &str) -> bool {
    let area = buf.area;
    (0..area.height).any(|y| {
        let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        row.contains(text)
    })
}
