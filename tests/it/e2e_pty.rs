//! End-to-end: the real `waymark` binary in a pseudo-terminal, read through `vt100` —
//! ticking a step with space and quitting with q (saved, terminal restored), the
//! first-run roadmap picker, resizing below the minimum and back (also while the first
//! frame is drawn), the help overlay, the chart view (open, move, tick, return), and
//! huge pages kept off for a short run.

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

    // While running: alternate screen, mouse reporting on, cursor hidden, raw mode. A
    // frame's cells are written before the cursor is hidden, so on a busy machine the
    // first step can show a moment before that: wait for the sequence itself.
    tui.wait_raw(0, b"\x1b[?25l");
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
    const HELP_LINE: &str = "search all roadmaps";
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

/// `y` puts the selected step's link (or its `roadmap/step` id) on the clipboard with an
/// OSC 52 sequence, written to the terminal as raw bytes (vt100 does not show it).
#[test]
fn y_copies_the_link_or_step_id_with_osc52() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&["tui", R], COLS, ROWS);
    tui.wait_text(FIRST_STEP);
    let catalog = waymark::catalog::load(None);
    let r = &catalog.get(R).unwrap().roadmap;
    let step = r.steps.iter().find(|s| s.title == FIRST_STEP).unwrap();
    let expected = step
        .resources
        .iter()
        .find_map(|res| res.url.clone())
        .unwrap_or_else(|| format!("{R}/{}", step.id));
    let mark = tui.raw_len();
    tui.send("y");
    tui.wait_raw(mark, crate::support::e2e::osc52(&expected).as_bytes());
    tui.wait_text("copied the ");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// A user roadmap whose one step has a link.
const LINKED: &str = r#"id = "linked"
title = "Linked"

[[phases]]
id = "p"
title = "P"

[[steps]]
id = "docs"
phase = "p"
title = "Read the docs"

[[steps.resources]]
title = "Docs"
url = "https://example.com/docs"
"#;

/// `o` tries `$BROWSER` first and, when nothing starts, says which command failed and
/// why, not "No such file or directory" as if the link were a file.
#[test]
fn o_names_the_browser_command_that_failed() {
    let sb = Sandbox::new();
    let dir = sb.dir.path().join("roadmaps");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("linked.toml"), LINKED).unwrap();
    let mut tui = sb.spawn_env(
        &["--roadmaps", dir.to_str().unwrap(), "tui", "linked"],
        &[("BROWSER", "no-such-browser %s"), ("PATH", "/nonexistent")],
        COLS,
        ROWS,
    );
    tui.wait_text("Read the docs");
    tui.send("o");
    let screen = tui.wait_text("could not run");
    assert!(
        screen.contains("could not run `no-such-browser`: not found"),
        "{screen}"
    );
    assert!(!screen.contains("No such file"), "{screen}");

    // `y` copies the link itself.
    let mark = tui.raw_len();
    tui.send("y");
    tui.wait_raw(
        mark,
        crate::support::e2e::osc52("https://example.com/docs").as_bytes(),
    );
    tui.wait_text("copied the link https://example.com/docs");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// Progress written by another program (here the CLI, on the same database) shows in
/// the open interface within a second, without a key press.
#[test]
fn a_change_made_by_the_cli_shows_without_a_key_press() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&["tui", R], COLS, ROWS);
    let screen = tui.wait_text(&format!("○ {FIRST_STEP}"));
    let (_, counted) = done_counter(&screen).unwrap();
    let catalog = waymark::catalog::load(None);
    let r = &catalog.get(R).unwrap().roadmap;
    let step = r.steps.iter().find(|s| s.title == FIRST_STEP).unwrap();

    sb.run(&["done", &format!("{R}/{}", step.id)]);
    let start = std::time::Instant::now();
    let screen = tui.wait_text(&format!("✔ {FIRST_STEP}"));
    let took = start.elapsed();
    assert!(
        took < std::time::Duration::from_millis(1500),
        "took {took:?}"
    );
    assert_eq!(done_counter(&screen), Some((1, counted)), "{screen}");

    // Space now acts on what the screen shows: done → todo, stored as such.
    tui.send(" ");
    tui.wait_text(&format!("○ {FIRST_STEP}"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let show: Value = serde_json::from_str(&sb.run(&["show", R, "--json"])).unwrap();
    let done = show["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|ph| ph["steps"].as_array().unwrap())
        .filter(|s| s["status"] == "done")
        .count();
    assert_eq!(done, 0);
}

/// A user roadmap that failed to load is listed as broken in the picker; once the file
/// is fixed on disk, the picker lists it as a roadmap, without a restart.
#[test]
fn a_fixed_user_roadmap_reloads_without_a_restart() {
    let sb = Sandbox::new();
    let dir = sb.dir.path().join("roadmaps");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("linked.toml");
    // An unknown key: the file does not load.
    std::fs::write(
        &file,
        LINKED.replace("title = \"Linked\"", "titel = \"Linked\""),
    )
    .unwrap();
    let mut tui = sb.spawn(&["--roadmaps", dir.to_str().unwrap(), "tui", R], COLS, ROWS);
    tui.wait_text(FIRST_STEP);
    tui.send("r");
    let screen = tui.wait_text("linked.toml");
    assert!(screen.contains("problem"), "{screen}");

    std::fs::write(&file, LINKED).unwrap();
    let screen = tui.wait_for("the fixed roadmap in the picker", |s| {
        s.contains("Linked") && !s.contains("linked.toml ")
    });
    assert!(!screen.contains("problem"), "{screen}");
    // Still on the roadmap that was open: Esc closes the picker onto it.
    tui.send(ESC);
    let screen = tui.wait_gone("Choose a roadmap");
    assert!(screen.contains(FIRST_STEP), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// TERM=dumb gets a clear refusal and no escape codes, even in a real terminal; the
/// commands still print plain text there.
#[test]
fn term_dumb_is_refused_without_escape_codes() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn_env(&["tui", R], &[("TERM", "dumb")], COLS, ROWS);
    assert_ne!(tui.wait_exit(), 0);
    let screen = tui.wait_text("TERM=dumb");
    assert!(screen.contains("waymark list"), "{screen}");
    let raw = tui.raw_since(0);
    assert!(!raw.contains(&0x1b), "{:?}", String::from_utf8_lossy(&raw));
    assert!(!sb.db.exists(), "nothing was created");
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

/// Huge pages are off from before the first allocation, not only from `main` on: the
/// runtime's first allocation would otherwise fault in a whole 2 MB page of the
/// allocator's arena, paid by every short run (docs/performance.md). Read from the
/// running interface's /proc files; where the kernel has no THP the check still holds.
#[cfg(target_os = "linux")]
#[test]
fn a_short_run_has_huge_pages_off_and_none_faulted_in() {
    let sb = Sandbox::new();
    let mut tui = sb.spawn(&["tui", R], COLS, ROWS);
    tui.wait_text(FIRST_STEP);
    let proc_file = |name: &str| {
        std::fs::read_to_string(format!("/proc/{}/{name}", tui.pid()))
            .unwrap_or_else(|e| panic!("read /proc/<pid>/{name}: {e}"))
    };
    let field = |text: &str, key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_string())
    };
    // THP_enabled is shown by kernels from 6.6 on.
    if let Some(enabled) = field(&proc_file("status"), "THP_enabled:") {
        assert_eq!(enabled, "0", "huge pages are still on for the interface");
    }
    let huge = field(&proc_file("smaps_rollup"), "AnonHugePages:");
    assert_eq!(
        huge.as_deref(),
        Some("0 kB"),
        "anonymous huge pages were faulted in"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
