//! The chart view (`g`): snapshots of every bundled roadmap drawn as a chart, and
//! `update` through the real key table: moving along the path and out to sub-steps,
//! ticking, compact mode and returning to the list on the same step.

use crate::support::tui::*;
use ratatui::crossterm::event::KeyCode;
use waymark::app::chart::layout::{Column, Node};
use waymark::app::keymap::Mode;
use waymark::app::view::View;
use waymark::app::{AppState, Effect, Focus};
use waymark::model::Status;
use waymark::ui::Theme;

const FANCY: Theme = Theme::fancy();

fn chart(s: &AppState) -> &waymark::app::chart::ChartState {
    match &s.view {
        View::Chart(c) => c,
        _ => panic!("the chart is not open"),
    }
}

/// The step id of the chart's selected box.
fn selected_id(s: &AppState) -> String {
    let c = chart(s);
    match c.node().unwrap() {
        Node::Step(i) => s.current().unwrap().roadmap.steps[i as usize].id.clone(),
        Node::Phase(p) => format!(
            "phase:{}",
            s.current().unwrap().roadmap.phases[p as usize].id
        ),
    }
}

fn column(s: &AppState) -> Column {
    let c = chart(s);
    c.layout.placed[c.selected as usize].column
}

fn snapshot(id: &str, w: u16, h: u16, theme: &Theme) -> String {
    let mut s = state_on(id);
    press(&mut s, &[key('g')]);
    draw(&mut s, w, h, theme).backend().to_string()
}

#[test]
fn chart_backend_chart_2022() {
    insta::assert_snapshot!(snapshot("backend-chart-2022", 120, 36, &FANCY));
}

#[test]
fn chart_backend_steps() {
    insta::assert_snapshot!(snapshot("backend-steps", 120, 36, &FANCY));
}

#[test]
fn chart_backend_2026() {
    insta::assert_snapshot!(snapshot("backend-2026", 120, 36, &FANCY));
}

#[test]
fn chart_backend_essentials() {
    insta::assert_snapshot!(snapshot("backend-essentials", 120, 36, &FANCY));
}

#[test]
fn chart_backend_trek() {
    insta::assert_snapshot!(snapshot("backend-trek", 120, 36, &FANCY));
}

/// backend-chart-2022 opened on a pick-one member, with one language done.
fn on_languages() -> AppState {
    let mut s = state_on("backend-chart-2022");
    let r = s.current().unwrap();
    let go = r.step_index("go").unwrap();
    s.select_step(go);
    press(&mut s, &[key('g'), key('j'), key('j'), key(' ')]);
    s.message = None;
    s
}

#[test]
fn chart_pick_one_group_bracketed() {
    let mut s = on_languages();
    insta::assert_snapshot!(draw(&mut s, 120, 36, &FANCY).backend());
}

#[test]
fn chart_compact_80x24() {
    let mut s = on_languages();
    press(&mut s, &[key('z')]);
    s.message = None;
    insta::assert_snapshot!(draw(&mut s, 80, 24, &FANCY).backend());
}

#[test]
fn chart_wide_200x60() {
    let mut s = on_languages();
    insta::assert_snapshot!(draw(&mut s, 200, 60, &FANCY).backend());
}

#[test]
fn chart_no_color_ascii_with_detail() {
    let mut s = state_on("backend-steps");
    press(&mut s, &[key('g'), key('s'), code(KeyCode::Enter)]);
    s.message = None;
    insta::assert_snapshot!(draw(&mut s, 100, 30, &Theme::plain()).backend());
}

#[test]
fn g_opens_the_chart_on_the_selected_step_and_g_returns_to_it() {
    let mut s = state_on("backend-chart-2022");
    let dns = s
        .current()
        .unwrap()
        .step_index("dns-and-how-it-works")
        .unwrap();
    s.select_step(dns);
    press(&mut s, &[key('g')]);
    assert_eq!(Mode::of(&s), Mode::Chart);
    assert_eq!(selected_id(&s), "dns-and-how-it-works");
    // Back to the path, down to the next topic, out to its first sub-step.
    press(&mut s, &[key('h')]);
    assert_eq!(selected_id(&s), "internet");
    assert_eq!(column(&s), Column::Spine);
    press(&mut s, &[key('j')]);
    assert_eq!(selected_id(&s), "basic-frontend-knowledge");
    press(&mut s, &[key('l')]);
    assert_eq!(column(&s), Column::Right);
    let picked = selected_id(&s);
    assert!(["html", "css"].contains(&picked.as_str()), "{picked}");
    press(&mut s, &[key('g')]);
    assert_eq!(Mode::of(&s), Mode::Main);
    let r = s.current().unwrap();
    assert_eq!(r.roadmap.steps[s.selected_step().unwrap()].id, picked);
}

#[test]
fn arrows_move_spatially_and_stop_at_the_edges() {
    let mut s = state_on("backend-chart-2022");
    press(&mut s, &[key('g'), code(KeyCode::Home)]);
    assert_eq!(selected_id(&s), "internet");
    press(&mut s, &[code(KeyCode::Up)]);
    assert_eq!(selected_id(&s), "internet", "nothing above the first box");
    // The left column: down walks it, right goes back to the box it hangs from.
    press(&mut s, &[code(KeyCode::Left)]);
    assert_eq!(column(&s), Column::Left);
    press(&mut s, &[code(KeyCode::Left)]);
    assert_eq!(column(&s), Column::Left, "nothing further left");
    let first = selected_id(&s);
    press(&mut s, &[code(KeyCode::Down)]);
    assert_ne!(selected_id(&s), first);
    press(&mut s, &[code(KeyCode::Right)]);
    assert_eq!(selected_id(&s), "internet");
    press(&mut s, &[code(KeyCode::End)]);
    assert_eq!(selected_id(&s), "keep-learning");
    press(&mut s, &[code(KeyCode::PageUp)]);
    assert_eq!(column(&s), Column::Spine);
    assert_ne!(selected_id(&s), "keep-learning");
}

#[test]
fn ticking_in_the_chart_writes_like_the_list() {
    let mut s = state_on("backend-chart-2022");
    press(&mut s, &[key('g'), key('l')]);
    let id = selected_id(&s);
    let fx = press(&mut s, &[key(' ')]);
    assert_eq!(
        fx,
        vec![Effect::SetStatus {
            roadmap: "backend-chart-2022".into(),
            changes: vec![(id.clone(), Status::Done)],
            was: vec![Status::Todo],
        }]
    );
    let r = s.current().unwrap();
    assert_eq!(r.statuses[r.step_index(&id).unwrap()], Status::Done);
    let fx = press(&mut s, &[key('s')]);
    assert_eq!(
        fx,
        vec![Effect::SetStatus {
            roadmap: "backend-chart-2022".into(),
            changes: vec![(id.clone(), Status::InProgress)],
            was: vec![Status::Done],
        }]
    );
    press(&mut s, &[key('x'), key('x')]);
    let r = s.current().unwrap();
    assert_eq!(r.statuses[r.step_index(&id).unwrap()], Status::Todo);
    assert_eq!(press(&mut s, &[key('u')]), vec![Effect::Undo]);
    assert_eq!(Mode::of(&s), Mode::Chart, "ticking stays in the chart");
}

#[test]
fn phases_are_the_path_of_a_phased_roadmap() {
    let mut s = state_on("backend-steps");
    s.focus = Focus::Phases;
    press(&mut s, &[key('g')]);
    assert_eq!(selected_id(&s), "phase:internet-and-networking");
    // A phase is not ticked: it says where its steps are.
    assert!(press(&mut s, &[key(' ')]).is_empty());
    assert!(s.message.as_ref().unwrap().text.contains("phase"));
    press(&mut s, &[key('j'), key('j')]);
    assert_eq!(selected_id(&s), "phase:language");
    press(&mut s, &[code(KeyCode::Esc)]);
    assert_eq!(Mode::of(&s), Mode::Main);
    assert_eq!(s.focus, Focus::Phases);
    assert_eq!(s.phase, 2);
}

#[test]
fn enter_shows_the_detail_and_esc_closes_it_first() {
    let mut s = state_on("backend-trek");
    press(&mut s, &[key('g'), code(KeyCode::Enter)]);
    assert!(chart(&s).detail);
    let shown = format!("{:?}", draw(&mut s, 120, 36, &FANCY).backend());
    let title = &s.current().unwrap().roadmap.steps[0].title;
    assert!(shown.contains(title.as_str()));
    press(&mut s, &[code(KeyCode::Esc)]);
    assert!(!chart(&s).detail);
    assert_eq!(Mode::of(&s), Mode::Chart);
    press(&mut s, &[code(KeyCode::Esc)]);
    assert_eq!(Mode::of(&s), Mode::Main);
}

/// The chart's detail pane scrolls as the list's does: it says what it does not show
/// ("↓ N more"), `d` gives it the keys, Esc gives them back, another box starts at the
/// top, and the wheel over it scrolls it.
#[test]
fn the_chart_detail_scrolls_like_the_lists() {
    let mut s = state_on("backend-steps");
    let http = s.current().unwrap().step_index("http-and-https").unwrap();
    s.select_step(http);
    press(&mut s, &[key('g'), code(KeyCode::Enter)]);
    let frame = |s: &mut AppState| format!("{:?}", draw(s, 100, 30, &FANCY).backend());
    let shown = frame(&mut s);
    let v = s.screen.chart_detail;
    assert!(v.lines > v.rows, "a detail longer than its pane: {v:?}");
    let hidden = v.lines - v.rows;
    assert!(shown.contains(&format!("↓ {hidden} more")), "{shown}");

    let before = selected_id(&s);
    press(&mut s, &[key('d'), key('j'), key('j'), key('j')]);
    assert_eq!(selected_id(&s), before, "j scrolls the text, not the boxes");
    assert_eq!(chart(&s).detail_scroll.offset(), 3);
    let shown = frame(&mut s);
    assert!(
        shown.contains(&format!("↑ 3 · ↓ {} more", hidden - 3)),
        "{shown}"
    );
    insta::assert_snapshot!(
        "chart_detail_scrolled",
        draw(&mut s, 100, 30, &FANCY).backend()
    );
    press(&mut s, &[code(KeyCode::End)]);
    assert_eq!(chart(&s).detail_scroll.offset(), hidden);
    let shown = frame(&mut s);
    assert!(shown.contains(&format!("↑ {hidden} more ")), "{shown}");
    press(&mut s, &[code(KeyCode::PageUp)]);
    assert_eq!(
        chart(&s).detail_scroll.offset(),
        hidden.saturating_sub(v.rows)
    );

    // Esc: the keys move between boxes again; another box's text starts at the top.
    press(&mut s, &[code(KeyCode::Esc)]);
    assert!(chart(&s).detail && !chart(&s).detail_focus);
    press(&mut s, &[key('j')]);
    assert_ne!(selected_id(&s), before);
    assert_eq!(chart(&s).detail_scroll.offset(), 0);

    // The wheel over the pane scrolls it, over the canvas it moves the selection.
    frame(&mut s);
    let (v, at) = (s.screen.chart_detail, selected_id(&s));
    if v.lines > v.rows {
        let (col, row) = (v.area.x + 2, v.area.y + 2);
        waymark::app::mouse::wheel(&mut s, col, row, true, &mut Vec::new());
        assert!(chart(&s).detail_scroll.offset() > 0);
        assert_eq!(selected_id(&s), at);
    }
}

#[test]
fn compact_mode_keeps_the_selection_and_is_remembered() {
    let mut s = on_languages();
    let before = selected_id(&s);
    press(&mut s, &[key('z')]);
    assert!(chart(&s).layout.compact);
    assert_eq!(selected_id(&s), before);
    press(&mut s, &[key('g'), key('g')]);
    assert!(chart(&s).layout.compact, "z is remembered");
    press(&mut s, &[key('z')]);
    assert!(!chart(&s).layout.compact);
}

#[test]
fn the_view_follows_the_selection_on_a_two_thousand_step_roadmap() {
    let r = waymark::app::RoadmapState::new(crate::support::demo::huge(2000), "bundled").unwrap();
    let mut s = AppState::new(vec![r], Vec::new(), today(), Some(("huge", None)));
    press(&mut s, &[key('g'), code(KeyCode::End)]);
    for (w, h) in [(80, 24), (200, 60)] {
        let t = draw(&mut s, w, h, &FANCY);
        let shown = format!("{:?}", t.backend());
        let c = chart(&s);
        let placed = &c.layout.placed[c.selected as usize];
        assert!(c.rows.offset() as u32 <= placed.rect.y);
        assert!(
            shown.contains("Phase 2"),
            "the last phase is in view at {w}x{h}"
        );
    }
    // The first box of the last phase needs its predecessor: a marker says so.
    press(&mut s, &[key('l')]);
    let shown = format!("{:?}", draw(&mut s, 120, 36, &FANCY).backend());
    assert!(shown.contains("needs Step number"), "{shown}");
}

#[test]
fn a_click_selects_the_box_under_it_and_the_wheel_moves() {
    let mut s = state_on("backend-chart-2022");
    press(&mut s, &[key('g')]);
    let t = draw(&mut s, 120, 36, &FANCY);
    let buf = t.backend().buffer();
    let (col, row) = (0..36u16)
        .find_map(|y| {
            let line: String = (0..120u16)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            line.find("What is HTTP?")
                .map(|b| (line[..b].chars().count() as u16, y))
        })
        .expect("the box is on screen");
    waymark::app::update(&mut s, waymark::app::Action::Click { col, row });
    assert_eq!(selected_id(&s), "what-is-http");
    waymark::app::update(&mut s, waymark::app::Action::ScrollDown { col, row });
    assert_eq!(selected_id(&s), "browsers-and-how-they-work");
    // A click on empty canvas changes nothing.
    waymark::app::update(&mut s, waymark::app::Action::Click { col: 1, row: 30 });
    assert_eq!(selected_id(&s), "browsers-and-how-they-work");
    assert_eq!(Mode::of(&s), Mode::Chart);
}
