//! Unit tests of `app::update` through the real key table: toggling, undo, filters,
//! pick-one groups, `D` with its confirm, `H`, search, pickers, mouse and quitting.

use crate::support::tui::*;
use ratatui::crossterm::event::KeyCode;
use waymark::app::Overlay;
use waymark::app::action::setting;
use waymark::app::overlays::checklist::ChecklistKind;
use waymark::app::{Action, Effect, Focus, StepRecord, update};
use waymark::model::{Effective, Filter, Status};

fn set(roadmap: &str, changes: &[(&str, Status)]) -> Effect {
    Effect::SetStatus {
        roadmap: roadmap.into(),
        changes: changes.iter().map(|(s, st)| (s.to_string(), *st)).collect(),
    }
}

#[test]
fn space_s_and_x_toggle_and_write_at_once() {
    let mut s = demo_state();
    assert_eq!(s.selected_step(), Some(0));
    let fx = press(&mut s, &[key(' ')]);
    assert_eq!(
        fx,
        vec![set("backend-basics", &[("internet", Status::Done)])]
    );
    assert_eq!(s.current().unwrap().statuses[0], Status::Done);
    assert_eq!(s.current().unwrap().snapshot.summary.total.done, 1);
    // Toggling again goes back to todo.
    let fx = press(&mut s, &[key(' ')]);
    assert_eq!(
        fx,
        vec![set("backend-basics", &[("internet", Status::Todo)])]
    );
    let fx = press(&mut s, &[key('s'), key('x'), key('x')]);
    assert_eq!(
        fx,
        vec![
            set("backend-basics", &[("internet", Status::InProgress)]),
            set("backend-basics", &[("internet", Status::Skipped)]),
            set("backend-basics", &[("internet", Status::Todo)]),
        ]
    );
    assert!(s.message.as_ref().unwrap().text.contains("todo"));
}

#[test]
fn undo_asks_the_store_and_takes_what_it_reloads() {
    let mut s = demo_state();
    press(&mut s, &[key(' ')]);
    assert_eq!(press(&mut s, &[key('u')]), vec![Effect::Undo]);
    // The runtime answers with the statuses the store holds after the undo.
    update(
        &mut s,
        Action::Loaded {
            roadmap: "backend-basics".into(),
            records: vec![StepRecord::default(); 14],
        },
    );
    let r = s.current().unwrap();
    assert_eq!(r.statuses[0], Status::Todo);
    assert_eq!(r.snapshot.summary.total.done, 0);
}

#[test]
fn finishing_one_of_a_pick_one_group_settles_it() {
    let mut s = demo_state();
    let go = s.current().unwrap().step_index("go").unwrap();
    let counted = s.current().unwrap().snapshot.summary.total.counted();
    s.select_step(go);
    press(&mut s, &[key(' ')]);
    let r = s.current().unwrap();
    let eff = |id: &str| r.snapshot.effective[r.step_index(id).unwrap()];
    assert_eq!(eff("go"), Effective::Done);
    assert_eq!(eff("rust"), Effective::NotNeeded);
    assert_eq!(eff("python"), Effective::NotNeeded);
    // The two not-needed members leave the denominator.
    assert_eq!(r.snapshot.summary.total.counted(), counted - 2);
    assert!(s.message.as_ref().unwrap().text.contains("2 not needed"));
    // Only Go was written: "not needed" is derived, never stored.
    assert_eq!(
        r.statuses.iter().filter(|&&st| st != Status::Todo).count(),
        1
    );
}

#[test]
fn d_marks_the_phase_done_only_after_yes() {
    let mut s = demo_state();
    press(&mut s, &[key('s')]);
    assert!(press(&mut s, &[key('D')]).is_empty());
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    assert!(press(&mut s, &[key('n')]).is_empty());
    assert!(s.overlay.is_none());
    assert_eq!(s.current().unwrap().snapshot.summary.phases[0].done, 0);
    let fx = press(&mut s, &[key('D'), key('y')]);
    assert_eq!(
        fx,
        vec![set(
            "backend-basics",
            &[
                ("internet", Status::Done),
                ("http", Status::Done),
                ("dns", Status::Done)
            ]
        )]
    );
    assert_eq!(s.current().unwrap().snapshot.summary.phases[0].ratio(), 1.0);
    // Nothing left: no dialog.
    press(&mut s, &[key('D')]);
    assert!(s.overlay.is_none());
}

#[test]
fn h_hides_done_and_skipped_steps() {
    let mut s = demo_state();
    press(&mut s, &[key(' '), key('j'), key('x')]);
    assert_eq!(s.visible.len(), 3);
    press(&mut s, &[key('H')]);
    assert_eq!(s.visible, vec![2]);
    assert_eq!(s.selected_step(), Some(2));
    assert!(s.filter_active());
    press(&mut s, &[key('H')]);
    assert_eq!(s.visible.len(), 3);
    // The selection stayed on the same step.
    assert_eq!(s.selected_step(), Some(2));
}

#[test]
fn filter_prompt_applies_live_and_esc_restores() {
    let mut s = demo_state();
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("tag:databases level:intermediate"));
    let r = s.current().unwrap();
    let expected = Filter::parse("tag:databases level:intermediate")
        .unwrap()
        .apply(&r.roadmap, &r.graph, &r.snapshot);
    assert_eq!(s.match_count, expected.len());
    // The phase with matches is shown.
    assert_eq!(s.phase, 3);
    assert_eq!(
        s.visible.iter().map(|&i| i as usize).collect::<Vec<_>>(),
        expected
    );
    press(&mut s, &[code(KeyCode::Enter)]);
    assert_eq!(s.filter_text, "tag:databases level:intermediate");
    assert!(s.overlay.is_none());

    // A bad expression is shown and never applied; Esc puts the old one back.
    press(&mut s, &[key('f')]);
    press(&mut s, &typed(" lvl:x"));
    match &s.overlay {
        Some(Overlay::Filter(p)) => assert!(p.error.as_ref().unwrap().message.contains("lvl")),
        other => panic!("{other:?}"),
    }
    press(&mut s, &[code(KeyCode::Enter)]);
    assert!(s.message.as_ref().unwrap().error);
    press(&mut s, &[code(KeyCode::Esc)]);
    assert_eq!(s.filter_text, "tag:databases level:intermediate");
    press(&mut s, &[key('c')]);
    assert!(!s.filter_active());
    assert_eq!(s.match_count, 14);
}

#[test]
fn tag_and_level_pickers_write_the_filter_expression() {
    let mut s = demo_state();
    press(&mut s, &[key('t')]);
    let Some(Overlay::Checklist(c)) = &s.overlay else {
        panic!()
    };
    assert_eq!(c.key, ChecklistKind::Tags);
    let auth = c.items.iter().position(|i| i.value == "Auth").unwrap();
    for _ in 0..auth {
        press(&mut s, &[key('j')]);
    }
    press(&mut s, &[key(' '), code(KeyCode::Enter)]);
    assert_eq!(s.filter_text, "tag:Auth");
    assert_eq!(s.match_count, 1);
    press(
        &mut s,
        &[key('L'), key('j'), key(' '), code(KeyCode::Enter)],
    );
    assert_eq!(s.filter_text, "tag:Auth level:intermediate");
    // Reopening shows what is chosen; unchecking removes the term.
    press(
        &mut s,
        &[key('L'), key('j'), key(' '), code(KeyCode::Enter)],
    );
    assert_eq!(s.filter_text, "tag:Auth");
}

#[test]
fn search_jumps_to_the_step_even_through_a_filter() {
    let mut s = demo_state();
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("tag:tools"));
    press(&mut s, &[code(KeyCode::Enter), key('/')]);
    press(&mut s, &typed("redis"));
    let Some(Overlay::Search(search)) = &s.overlay else {
        panic!()
    };
    assert_eq!(search.hits.first(), Some(&12));
    press(&mut s, &[code(KeyCode::Enter)]);
    assert_eq!(s.selected_step(), Some(12));
    assert_eq!(s.phase, 3);
    assert!(
        s.filter_text.is_empty(),
        "the filter hid the step, so it was cleared"
    );
}

#[test]
fn n_jumps_to_the_next_up_step() {
    let mut s = demo_state();
    press(&mut s, &[key(' '), key('n')]);
    // internet done: next up is http (in file order, prerequisites settled).
    assert_eq!(s.selected_step(), Some(1));
    let r = s.current().unwrap();
    assert!(!r.snapshot.is_blocked(&r.graph, 1));
}

#[test]
fn panes_focus_and_enter_details() {
    let mut s = demo_state();
    assert_eq!(s.focus, Focus::Steps);
    press(&mut s, &[key('h')]);
    assert_eq!(s.focus, Focus::Phases);
    press(&mut s, &[key('j')]);
    assert_eq!(s.phase, 1);
    assert_eq!(s.selected_step(), Some(3));
    press(&mut s, &[code(KeyCode::Enter), code(KeyCode::Enter)]);
    assert_eq!(s.focus, Focus::Detail);
    assert!(press(&mut s, &[code(KeyCode::Esc)]).is_empty());
    assert_eq!(s.focus, Focus::Steps);
    press(&mut s, &[code(KeyCode::Tab), code(KeyCode::Tab)]);
    assert_eq!(s.focus, Focus::Phases);
}

#[test]
fn quitting_saves_the_place() {
    let mut s = demo_state();
    press(&mut s, &[key('j')]);
    let fx = press(&mut s, &[key('q')]);
    assert_eq!(
        fx,
        vec![
            Effect::SaveSetting {
                key: setting::LAST_ROADMAP.into(),
                value: "backend-basics".into()
            },
            Effect::SaveSetting {
                key: setting::LAST_STEP.into(),
                value: "backend-basics/http".into()
            },
            Effect::Quit
        ]
    );
    assert!(s.quit);
}

#[test]
fn first_run_opens_on_the_picker() {
    let (roadmaps, broken) = bundled();
    let mut s = waymark::app::AppState::new(roadmaps, broken, today(), None);
    assert!(s.current.is_none());
    assert!(matches!(s.overlay, Some(Overlay::Picker { .. })));
    let fx = press(&mut s, &[key('j'), code(KeyCode::Enter)]);
    assert_eq!(s.current, Some(1));
    assert!(s.overlay.is_none());
    assert!(fx.contains(&Effect::SaveSetting {
        key: setting::LAST_ROADMAP.into(),
        value: s.roadmaps[1].id().to_string()
    }));
    // Esc in the first-run picker quits.
    let mut s = waymark::app::AppState::new(bundled().0, Vec::new(), today(), None);
    assert_eq!(
        press(&mut s, &[code(KeyCode::Esc)]).last(),
        Some(&Effect::Quit)
    );
}

#[test]
fn edit_note_and_open_link_are_effects() {
    let mut s = demo_state();
    press(&mut s, &[key('j')]);
    let fx = press(&mut s, &[key('e'), key('o')]);
    assert_eq!(
        fx,
        vec![
            Effect::EditNote {
                roadmap: "backend-basics".into(),
                step: "http".into(),
                note: None
            },
            Effect::OpenUrl("https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview".into())
        ]
    );
    update(
        &mut s,
        Action::NoteSaved {
            roadmap: "backend-basics".into(),
            step: "http".into(),
            note: Some("reread caching".into()),
        },
    );
    assert_eq!(
        s.current().unwrap().notes.get(&1).unwrap(),
        "reread caching"
    );
    press(&mut s, &[key('k')]);
    assert!(press(&mut s, &[key('o')]).is_empty());
    assert!(s.message.as_ref().unwrap().text.contains("no link"));
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut s = demo_state();
    draw(&mut s, 120, 36, &waymark::ui::Theme::fancy());
    let steps = s.screen.steps.area;
    update(
        &mut s,
        Action::Click {
            col: steps.x + 5,
            row: steps.y + 3,
        },
    );
    assert_eq!(s.selected_step(), Some(2));
    let phases = s.screen.phases.area;
    // Phase rows are two lines each: row 5 and 6 of the list are the third phase.
    update(
        &mut s,
        Action::Click {
            col: phases.x + 3,
            row: phases.y + 5,
        },
    );
    assert_eq!((s.phase, s.focus), (2, Focus::Phases));
    update(
        &mut s,
        Action::ScrollDown {
            col: phases.x + 3,
            row: phases.y + 2,
        },
    );
    assert_eq!(s.phase, 3);
    // Clicks on borders and outside panes do nothing.
    update(&mut s, Action::Click { col: 0, row: 0 });
    assert_eq!(s.phase, 3);
}

#[test]
fn a_store_failure_is_shown_in_the_footer() {
    let mut s = demo_state();
    update(&mut s, Action::Failed("not saved: read-only".into()));
    let m = s.message.clone().unwrap();
    assert!(m.error && m.text.contains("read-only"));
    // The next key clears it.
    press(&mut s, &[key('j')]);
    assert!(s.message.is_none());
}

#[test]
fn a_huge_roadmap_scrolls_to_its_last_row() {
    // Redraw speed is measured by `cargo bench --bench tui`.
    let r = crate::support::demo::huge(100_000);
    let rs = waymark::app::RoadmapState::new(r, "bundled").unwrap();
    let mut s = waymark::app::AppState::new(vec![rs], Vec::new(), today(), Some(("huge", None)));
    press(&mut s, &[code(KeyCode::End)]);
    let t = draw(&mut s, 120, 36, &waymark::ui::Theme::fancy());
    assert_eq!(s.step, s.visible.len() - 1);
    let last = &s.roadmaps[0].roadmap.steps[s.visible[s.step] as usize].title;
    let screen = format!("{:?}", t.backend());
    assert!(screen.contains(last.as_str()), "{last} not on screen");
}

#[test]
fn about_opens_scrolls_and_closes() {
    let mut s = state_on("backend-2026");
    press(&mut s, &[key('i')]);
    assert!(matches!(s.overlay, Some(Overlay::About(scroll)) if scroll.offset() == 0));
    // Scrolling is bounded by the text as laid out, so lay it out like the runtime.
    draw(&mut s, 80, 24, &waymark::ui::Theme::fancy());
    press(&mut s, &[key('j'), key('j'), key('k')]);
    assert!(matches!(s.overlay, Some(Overlay::About(scroll)) if scroll.offset() == 1));
    // It stops where the last line is the bottom row: one `k` from there moves up.
    let v = s.screen.overlay;
    assert!(v.lines > v.rows, "the overview overflows 80x24");
    press(&mut s, &vec![key('j'); v.lines + 5]);
    let end = v.lines - v.rows;
    assert!(matches!(s.overlay, Some(Overlay::About(scroll)) if scroll.offset() == end));
    press(&mut s, &[key('k')]);
    assert!(matches!(s.overlay, Some(Overlay::About(scroll)) if scroll.offset() == end - 1));
    // Keys of the main view do nothing while it is open.
    press(&mut s, &[key(' ')]);
    assert!(
        s.roadmaps
            .iter()
            .all(|r| r.snapshot.summary.total.done == 0)
    );
    press(&mut s, &[code(KeyCode::Esc)]);
    assert!(s.overlay.is_none());
}

/// Progress on the same topic in another roadmap shows under "also in" with its glyph.
#[test]
fn also_in_shows_other_roadmaps_progress_on_the_same_topic() {
    let mut s = state_on("backend-steps");
    let other = s.index_of("backend-2026").unwrap();
    let j = s.roadmaps[other].step_index("http-https").unwrap();
    let mut records: Vec<StepRecord> = (0..s.roadmaps[other].roadmap.steps.len())
        .map(|_| StepRecord {
            status: Status::Todo,
            changed: None,
            note: None,
        })
        .collect();
    records[j].status = Status::Done;
    update(
        &mut s,
        Action::Loaded {
            roadmap: "backend-2026".into(),
            records,
        },
    );
    // backend-steps' second step is HTTP; its detail lists backend-2026's HTTP chip.
    press(&mut s, &[key('j')]);
    let t = draw(&mut s, 120, 36, &waymark::ui::Theme::fancy());
    let screen = format!("{:?}", t.backend());
    assert!(screen.contains("also in"), "{screen}");
    assert!(screen.contains("✔ HTTP/HTTPS"), "{screen}");
    // The chart's HTTP step carries only the `http` topic, done in backend-2026: covered.
    assert!(screen.contains("◉ What is HTTP?"), "{screen}");
}

/// Lists scroll in `update` (from the layout the runtime feeds in), not while drawing,
/// and a click hits the row that is on screen.
#[test]
fn a_scrolled_list_follows_the_selection_and_clicks_hit_the_row_shown() {
    let r = crate::support::demo::huge(300);
    let rs = waymark::app::RoadmapState::new(r, "bundled").unwrap();
    let mut s = waymark::app::AppState::new(vec![rs], Vec::new(), today(), Some(("huge", None)));
    draw(&mut s, 80, 24, &waymark::ui::Theme::fancy());
    let rows = s.screen.steps.rows;
    let n = s.visible.len();
    assert!(n > rows, "{n} steps fit in {rows} rows");
    press(&mut s, &[code(KeyCode::End)]);
    assert_eq!(s.step_scroll.offset(), n - rows);
    // Up within the rows shown does not scroll.
    press(&mut s, &[key('k'), key('k')]);
    assert_eq!(s.step_scroll.offset(), n - rows);
    let t = draw(&mut s, 80, 24, &waymark::ui::Theme::fancy());
    assert_eq!(s.step_scroll.offset(), n - rows, "drawing moved nothing");
    let last = &s.current().unwrap().roadmap.steps[s.visible[n - 1] as usize].title;
    assert!(format!("{:?}", t.backend()).contains(last.as_str()));
    let steps = s.screen.steps.area;
    update(
        &mut s,
        Action::Click {
            col: steps.x + 3,
            row: steps.y + 1,
        },
    );
    assert_eq!(s.step, n - rows);
    // A taller terminal shows more above instead of blank rows below.
    draw(&mut s, 80, 40, &waymark::ui::Theme::fancy());
    assert_eq!(
        s.step_scroll.offset(),
        n.saturating_sub(s.screen.steps.rows).min(n - rows)
    );
}

#[test]
fn the_wheel_scrolls_help_by_three_rows_and_moves_a_picker_by_one() {
    let mut s = demo_state();
    press(&mut s, &[key('?')]);
    draw(&mut s, 80, 24, &waymark::ui::Theme::fancy());
    let offset = |s: &waymark::app::AppState| match &s.overlay {
        Some(Overlay::Help(scroll)) => scroll.offset(),
        o => panic!("{o:?}"),
    };
    update(&mut s, Action::ScrollDown { col: 10, row: 10 });
    assert_eq!(offset(&s), 3);
    update(&mut s, Action::ScrollUp { col: 10, row: 10 });
    update(&mut s, Action::ScrollUp { col: 10, row: 10 });
    assert_eq!(offset(&s), 0);
    press(&mut s, &[code(KeyCode::Esc), key('r')]);
    draw(&mut s, 80, 24, &waymark::ui::Theme::fancy());
    update(&mut s, Action::ScrollDown { col: 10, row: 10 });
    assert!(matches!(&s.overlay, Some(Overlay::Picker(p)) if p.selected == 1));
}
