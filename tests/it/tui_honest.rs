//! The TUI side of shared topics and honest time: a covered step's glyph and the steps
//! that cover it in the detail pane, the "also in" list that jumps, and the plan in the
//! header. Real bundled roadmaps, a fixed "today" (2026-11-23).

use crate::support::tui::*;
use ratatui::crossterm::event::KeyCode;
use waymark::app::{Action, AppState, Focus, StepRecord, update};
use waymark::model::Status;
use waymark::model::schedule::Plan;
use waymark::ui::Theme;

/// `roadmap` loaded as the store would answer with `done` steps done (set explicitly).
fn load_done(s: &mut AppState, roadmap: &str, done: &[&str]) {
    let r = &s.roadmaps[s.index_of(roadmap).unwrap()];
    let at = today().and_hms_opt(9, 0, 0).unwrap() - chrono::Duration::days(2);
    let records = r
        .roadmap
        .steps
        .iter()
        .map(|st| {
            let is_done = done.contains(&st.id.as_str());
            StepRecord {
                status: if is_done { Status::Done } else { Status::Todo },
                changed: is_done.then_some(at),
                note: None,
                was_done: is_done,
            }
        })
        .collect();
    update(
        s,
        Action::Loaded {
            roadmap: roadmap.into(),
            records,
        },
    );
}

/// backend-2026 on week 6 of its plan, with backend-steps' HTTP step done elsewhere:
/// backend-2026's HTTP step is covered. Its detail pane has the keys.
fn covered_http() -> AppState {
    let mut s = state_on("backend-2026");
    let i = s.index_of("backend-2026").unwrap();
    let start = today() - chrono::Duration::days(37);
    s.roadmaps[i].plan = Plan::new(&s.roadmaps[i].roadmap, start);
    load_done(&mut s, "backend-steps", &["http-and-https"]);
    assert!(s.select_step_id("http-https"));
    press(&mut s, &[code(KeyCode::Enter)]);
    assert_eq!(s.focus, Focus::Detail);
    s.message = None;
    s
}

#[test]
fn a_covered_step_shows_what_covers_it_and_the_header_the_plan() {
    let mut s = covered_http();
    let r = &s.roadmaps[s.current.unwrap()];
    let i = r.step_index("http-https").unwrap();
    assert_eq!(r.snapshot.effective[i], waymark::model::Effective::Covered);
    // Every step whose topics are all among backend-steps' HTTP step's is covered.
    let theirs = &s.roadmaps[s.index_of("backend-steps").unwrap()].roadmap;
    let topics = &theirs.steps[theirs
        .steps
        .iter()
        .position(|x| x.id == "http-and-https")
        .unwrap()]
    .topics;
    let want = r
        .roadmap
        .steps
        .iter()
        .filter(|x| !x.topics.is_empty() && x.topics.iter().all(|t| topics.contains(t)))
        .count();
    assert!(want >= 2);
    assert_eq!(r.snapshot.summary.total.covered, want);
    assert_eq!(r.plan_status.as_ref().unwrap().week, Some(6));
    insta::assert_snapshot!(draw(&mut s, 120, 36, &Theme::fancy()).backend());
}

#[test]
fn covered_in_ascii() {
    let mut s = covered_http();
    let t = draw(&mut s, 120, 36, &Theme::plain());
    let screen = format!("{:?}", t.backend());
    assert!(
        screen.contains("[=] covered by another roadmap"),
        "{screen}"
    );
    assert!(screen.contains("plan week 6/"), "{screen}");
}

#[test]
fn enter_in_the_detail_pane_walks_also_in_and_jumps() {
    let mut s = covered_http();
    let here = s.current.unwrap();
    let step = s.selected_step().unwrap();
    let others = s
        .topics
        .counterparts(here, &s.roadmaps[here].roadmap.steps[step].topics);
    assert!(others.len() > 3, "{others:?}");
    press(&mut s, &[code(KeyCode::Enter)]);
    assert_eq!(s.also_in.map(|a| a.selected), Some(0));
    press(&mut s, &[key('j'), key('j'), key('k'), key('j')]);
    assert_eq!(s.also_in.map(|a| a.selected), Some(2));
    insta::assert_snapshot!(
        "also_in_list_open",
        draw(&mut s, 120, 36, &Theme::fancy()).backend()
    );
    // Esc gives the keys back to the pane; Enter opens the list again at the top.
    press(&mut s, &[code(KeyCode::Esc)]);
    assert!(s.also_in.is_none());
    assert_eq!(s.focus, Focus::Detail);
    press(
        &mut s,
        &[
            code(KeyCode::Enter),
            code(KeyCode::End),
            code(KeyCode::Enter),
        ],
    );
    let (o, st) = *others.last().unwrap();
    assert_eq!(s.current, Some(o));
    assert_eq!(s.selected_step(), Some(st));
    assert!(s.also_in.is_none());
}

#[test]
fn a_reset_covered_step_stays_todo_and_a_tick_elsewhere_covers_at_once() {
    let mut s = covered_http();
    // Space on a covered step makes it done here; space again is an explicit todo.
    press(&mut s, &[code(KeyCode::Esc), key(' '), key(' ')]);
    let r = &s.roadmaps[s.current.unwrap()];
    let i = r.step_index("http-https").unwrap();
    assert_eq!(r.statuses[i], Status::Todo);
    assert_eq!(r.snapshot.effective[i], waymark::model::Effective::Todo);
    // A tick in backend-2026 covers backend-steps' steps without a reload.
    let dns = r.step_index("dns").unwrap();
    s.select_step(dns);
    let fx = press(&mut s, &[key(' ')]);
    assert!(!fx.is_empty());
    let other = &s.roadmaps[s.index_of("backend-chart-2022").unwrap()];
    let j = other.step_index("dns-and-how-it-works").unwrap();
    assert_eq!(
        other.snapshot.effective[j],
        waymark::model::Effective::Covered
    );
}
