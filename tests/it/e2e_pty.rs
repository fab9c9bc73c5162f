//! End-to-end: the real `waymark` binary in a pseudo-terminal, read through `vt100` —
//! ticking a step with space and quitting with q (saved, terminal restored), the
//! first-run roadmap picker, resizing below the minimum and back (also while the first
//! frame is drawn), the help overlay, and the chart view (open, move, tick, return).

use crate::support::e2e::{ENTER, ESC, EarlyResize, Sandbox, done_counter};
use serde_json::Value;

const R: &str = "backend-steps";
/// The first step of the first phase of `backend-steps`: selected when it opens.
const FIRST_STEP: &str = "How the Internet Works";
const BUNDLED: [&str; 5] = [
    "backend-2026",
    "backend-chart-2022",
    "backend-essentials",
    "backend-steps",
    "backend-trek",
];
const COLS: u16 = 120;
const ROWS: u16 = 36;

/// The row of the screen showing `text`.
fn row_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no row shows {text:?}; screen:\n{screen}"))
}

fn has_flag(modes: &[String], flag: &str) -> bool {
    modes.iter().any(|m| m == flag)
}

#[test]
fn space_ticks_a_step_and_q_saves_it_and_restores_the_terminal() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&["tui", R], COLS, ROWS);
    let screen = tui.wait_text(FIRST_STEP);
    let (done, counted) = done_counter(&screen)
        .unwrap_or_else(|| panic!("no `N/M done` counter in the header; screen:\n{screen}"));
    assert_eq!(done, 0, "fresh database; screen:\n{screen}");
    // Status glyph, then title, in the step list.
    assert!(screen.contains(&format!("○ {FIRST_STEP}")), "{screen}");

    // While running: alternate screen, mouse reporting on, cursor hidden, raw mode.
    let (alt, mouse, hidden) = tui.with_screen(|s| {
        (
            s.alternate_screen(),
            s.mouse_protocol_mode(),
            s.hide_cursor(),
        )
    });
    assert!(alt, "the TUI should draw on the alternate screen");
    assert_ne!(mouse, vt100::MouseProtocolMode::None, "mouse capture is on");
    assert!(hidden, "the cursor is hidden while the TUI runs");
    let running_modes = tui.stty();
    if let Some(m) = &running_modes {
        assert!(has_flag(m, "-icanon") && has_flag(m, "-echo"), "raw: {m:?}");
    }

    // The first step is selected in the focused step list: space ticks it.
    tui.send(" ");
    let screen = tui.wait_for("the counter to reach 1 done", |s| {
        done_counter(s) == Some((1, counted))
    });
    assert!(
        screen.contains(&format!("✔ {FIRST_STEP}")),
        "the step shows the done glyph; screen:\n{screen}"
    );

    let mark = tui.raw_len();
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "q quits with status 0");

    // Restored: alternate screen left, cursor shown, mouse capture off, cooked mode.
    tui.wait_raw(mark, b"\x1b[?1049l");
    tui.wait_raw(mark, b"\x1b[?25h");
    tui.wait_raw(mark, b"\x1b[?1000l");
    let (alt, mouse, hidden) = tui.with_screen(|s| {
        (
            s.alternate_screen(),
            s.mouse_protocol_mode(),
            s.hide_cursor(),
        )
    });
    assert!(!alt, "still on the alternate screen after quitting");
    assert_eq!(
        mouse,
        vt100::MouseProtocolMode::None,
        "mouse still captured"
    );
    assert!(!hidden, "cursor still hidden after quitting");
    if running_modes.is_some() {
        let m = tui.stty().expect("stty worked while running");
        assert!(
            has_flag(&m, "icanon") && has_flag(&m, "echo"),
            "raw mode left on: {m:?}"
        );
    }
    drop(tui);

    // The change reached the database.
    let all: Value = serde_json::from_str(&sb.run(&["progress", R, "--json"])).unwrap();
    let p = all
        .as_array()
        .and_then(|a| a.iter().find(|p| p["id"] == R))
        .unwrap_or(&all);
    assert_eq!(p["id"], R, "{all:#}");
    assert_eq!(p["done"], 1, "{p:#}");
    let show: Value = serde_json::from_str(&sb.run(&["show", R, "--json"])).unwrap();
    let done: Vec<&str> = show["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|ph| ph["steps"].as_array().unwrap())
        .filter(|s| s["status"] == "done")
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(done, [FIRST_STEP]);
}

#[test]
fn first_run_shows_the_picker_and_enter_opens_a_roadmap() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&[], COLS, ROWS);
    let screen = tui.wait_for("the picker with every bundled roadmap", |s| {
        s.contains("Choose a roadmap") && BUNDLED.iter().all(|id| s.contains(id))
    });
    // The highlighted row (▶) is the one Enter opens.
    let picked = row_with(&screen, "▶")
        .split('▶')
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    assert!(BUNDLED.contains(&picked.as_str()), "{picked}; {screen}");
    let catalog = waymark::catalog::load(None);
    let title = catalog.get(&picked).unwrap().roadmap.title.clone();

    tui.send(ENTER);
    tui.wait_for(&format!("the main view of {picked}"), |s| {
        !s.contains("Choose a roadmap") && s.contains(&title) && done_counter(s).is_some()
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    drop(tui);

    // The next run opens the roadmap used last, not the picker.
    let mut tui = sb.spawn(&[], COLS, ROWS);
    let screen = tui.wait_for(&format!("{picked} reopened"), |s| {
        s.contains(&title) && done_counter(s).is_some()
    });
    assert!(!screen.contains("Choose a roadmap"), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn resizing_below_the_minimum_shows_too_small_and_back_redraws() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&["tui", R], COLS, ROWS);
    tui.wait_text(FIRST_STEP);

    tui.resize(40, 10);
    let screen = tui.wait_text("terminal too small");
    assert!(screen.contains("now 40×10"), "{screen}");
    assert!(!screen.contains(FIRST_STEP), "{screen}");

    // Narrow but big enough: the main view, detail under the steps.
    tui.resize(80, 24);
    tui.wait_for("the narrow main view", |s| {
        s.contains(FIRST_STEP) && !s.contains("terminal too small")
    });

    tui.resize(COLS, ROWS);
    tui.wait_for("the main view at full size", |s| {
        s.contains(FIRST_STEP)
            && !s.contains("terminal too small")
            && s.lines().any(|l| l.trim_end().chars().count() > 80)
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// A resize that lands while the first frame is still being drawn, before the program
/// waits for its first event, must not be lost (a tiling window manager does this).
#[test]
fn a_resize_during_the_first_frame_is_not_lost() {
    let sb = Sandbox::new();
    let early = EarlyResize {
        after: FIRST_STEP,
        cols: 40,
        rows: 10,
    };
    let mut tui = sb.spawn_with(&["tui", R], COLS, ROWS, Some(early));
    let screen = tui.wait_text("terminal too small");
    assert!(screen.contains("now 40×10"), "{screen}");
    tui.resize(COLS, ROWS);
    tui.wait_for("the main view again", |s| {
        s.contains(FIRST_STEP) && !s.contains("terminal too small")
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn question_mark_opens_help_and_esc_closes_it() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&["tui", R], COLS, ROWS);
    let screen = tui.wait_text(FIRST_STEP);
    // Help text only the overlay shows (the footer has short hints only).
    const HELP_LINE: &str = "fuzzy search all steps";
    assert!(!screen.contains(HELP_LINE), "{screen}");

    tui.send("?");
    tui.wait_text(HELP_LINE);
    tui.send(ESC);
    let screen = tui.wait_gone(HELP_LINE);
    assert!(screen.contains(FIRST_STEP), "{screen}");

    // Esc closed only the overlay: the program still runs and q quits it.
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn the_chart_opens_moves_ticks_and_returns_to_the_same_step() {
    const CHART: &str = "backend-chart-2022";
    // `l` goes to the box beside the topic, level with it.
    const CHILD: &str = "What is Domain Name?";
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&["tui", CHART], COLS, ROWS);
    tui.wait_text("Internet");
    tui.send("g");
    // The chart: the topic on the path, its sub-steps in boxes beside it.
    let screen = tui.wait_text("z compact");
    assert!(
        row_with(&screen, "○ Internet 0/6").contains('┤'),
        "{screen}"
    );
    tui.send("l");
    tui.send(" ");
    let screen = tui.wait_text(&format!("✔ {CHILD}"));
    assert!(
        row_with(&screen, CHILD).contains("┃"),
        "the selected box is thick:\n{screen}"
    );
    assert!(screen.contains("Internet 1/6"), "{screen}");
    // Back to the list, on the same step.
    tui.send("g");
    let screen = tui.wait_text("/ search");
    assert!(
        row_with(&screen, &format!("✔ {CHILD}")).contains('▶'),
        "{screen}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    drop(tui);

    let all: Value = serde_json::from_str(&sb.run(&["progress", CHART, "--json"])).unwrap();
    let p = all
        .as_array()
        .and_then(|a| a.iter().find(|p| p["id"] == CHART))
        .unwrap_or(&all);
    assert_eq!(p["done"], 1, "{p:#}");
}
