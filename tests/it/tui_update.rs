//! Unit tests of `app::update` through the real key table: toggling, undo, filters,
//! pick-one groups, `D` with its confirm, `H`, search, pickers, mouse and quitting.

use crate::support::tui::*;
use ratatui::crossterm::event::KeyCode;
use waymark::app::Overlay;
use waymark::app::overlays::checklist::ChecklistKind;
use waymark::app::{Action, Effect, Focus, StepRecord, update};
use waymark::model::{Effective, Filter, Status};
use waymark::store::{Setting, SettingValue};
use waymark::ui::Theme;

/// Status changes: (step, status shown when the key was pressed, new status).
fn set(roadmap: &str, changes: &[(&str, Status, Status)]) -> Effect {
    Effect::SetStatus {
        roadmap: roadmap.into(),
        changes: changes
            .iter()
            .map(|(s, _, new)| (s.to_string(), *new))
            .collect(),
        was: changes.iter().map(|(_, was, _)| *was).collect(),
    }
}

#[test]
fn space_s_and_x_toggle_and_write_at_once() {
    let mut s = demo_state();
    assert_eq!(s.selected_step(), Some(0));
    let fx = press(&mut s, &[key(' ')]);
    assert_eq!(
        fx,
        vec![set(
            "backend-basics",
            &[("internet", Status::Todo, Status::Done)]
        )]
    );
    assert_eq!(s.current().unwrap().statuses[0], Status::Done);
    assert_eq!(s.current().unwrap().snapshot.summary.total.done, 1);
    // Toggling again goes back to todo.
    let fx = press(&mut s, &[key(' ')]);
    assert_eq!(
        fx,
        vec![set(
            "backend-basics",
            &[("internet", Status::Done, Status::Todo)]
        )]
    );
    let fx = press(&mut s, &[key('s'), key('x'), key('x')]);
    assert_eq!(
        fx,
        vec![
            set(
                "backend-basics",
                &[("internet", Status::Todo, Status::InProgress)]
            ),
            set(
                "backend-basics",
                &[("internet", Status::InProgress, Status::Skipped)]
            ),
            set(
                "backend-basics",
                &[("internet", Status::Skipped, Status::Todo)]
            ),
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
                ("internet", Status::InProgress, Status::Done),
                ("http", Status::Todo, Status::Done),
                ("dns", Status::Todo, Status::Done)
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
    assert_eq!(
        search.hits.first().map(|h| (h.roadmap, h.step)),
        Some((0, 12))
    );
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
            Effect::SaveSetting(SettingValue::LastRoadmap("backend-basics".into())),
            Effect::SaveSetting(SettingValue::LastSelection {
                roadmap: "backend-basics".into(),
                step: "http".into()
            }),
            Effect::SaveSetting(SettingValue::Places("backend-basics/http\n".into())),
            Effect::SaveSetting(SettingValue::HideDone(false)),
            Effect::SaveSetting(SettingValue::Focus("steps".into())),
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
    assert!(fx.contains(&Effect::SaveSetting(SettingValue::LastRoadmap(
        s.roadmaps[1].id().to_string()
    ))));
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
            was_done: false,
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

/// Esc steps back (details, then the filter) and never quits the main view; `q` does.
#[test]
fn esc_never_quits_the_main_view() {
    let mut s = demo_state();
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("tag:databases"));
    press(&mut s, &[code(KeyCode::Enter), code(KeyCode::Enter)]);
    assert_eq!(s.focus, Focus::Detail);
    // Esc: details → steps; Esc: the filter is cleared; Esc, Esc: nothing more.
    assert!(press(&mut s, &[code(KeyCode::Esc)]).is_empty());
    assert_eq!(s.focus, Focus::Steps);
    assert!(s.filter_active());
    assert!(press(&mut s, &[code(KeyCode::Esc)]).is_empty());
    assert!(!s.filter_active());
    assert!(press(&mut s, &[code(KeyCode::Esc), code(KeyCode::Esc)]).is_empty());
    assert!(!s.quit);
    assert!(s.message.as_ref().unwrap().text.contains("q quits"));
    assert_eq!(press(&mut s, &[key('q')]).last(), Some(&Effect::Quit));
}

/// Behind the "too small" screen no key acts (not even `D`, whose dialog could not be
/// seen); q quits, even over a text prompt, and keys work again once it is larger.
#[test]
fn keys_do_nothing_behind_the_too_small_screen_but_quit() {
    let mut s = demo_state();
    update(
        &mut s,
        Action::Resize {
            width: 50,
            height: 12,
        },
    );
    let fx = press(&mut s, &[key('D'), key('y'), key(' '), key('j'), key('f')]);
    assert!(fx.is_empty(), "{fx:?}");
    assert!(s.overlay.is_none());
    assert_eq!(s.selected_step(), Some(0));
    assert_eq!(s.current().unwrap().snapshot.summary.total.done, 0);
    update(&mut s, Action::Click { col: 5, row: 5 });
    assert_eq!(s.focus, Focus::Steps);
    // Larger again: keys act, and a prompt opened there gets q as text...
    update(
        &mut s,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    press(&mut s, &[key('f'), key('q')]);
    assert!(matches!(&s.overlay, Some(Overlay::Filter(p)) if p.input.text() == "q"));
    // ...until it is too small, where q quits.
    update(
        &mut s,
        Action::Resize {
            width: 40,
            height: 24,
        },
    );
    assert_eq!(press(&mut s, &[key('q')]).last(), Some(&Effect::Quit));
    assert!(s.quit);
}

/// Each roadmap opens where it was left, else on its first step: never on the index
/// the previous roadmap had (phase 4 of backend-chart-2022 once opened
/// backend-essentials on step 23 of 23). The places are saved and restored.
#[test]
fn a_roadmap_opens_where_it_was_left() {
    let mut s = state_on("backend-chart-2022");
    let pick = |s: &mut waymark::app::AppState, id: &str| {
        let i = s.index_of(id).unwrap();
        let cur = s.current.unwrap();
        let mut keys = vec![key('r')];
        let (k, n) = if i > cur {
            ('j', i - cur)
        } else {
            ('k', cur - i)
        };
        keys.extend(std::iter::repeat_n(key(k), n));
        keys.push(code(KeyCode::Enter));
        press(s, &keys)
    };
    press(
        &mut s,
        &[key('h'), key('j'), key('j'), key('j'), key('l'), key('j')],
    );
    let chart_step = s.selected_step().unwrap();
    assert!(chart_step > 0);
    let fx = pick(&mut s, "backend-essentials");
    assert_eq!(s.current().unwrap().id(), "backend-essentials");
    assert_eq!((s.phase, s.step, s.selected_step()), (0, 0, Some(0)));
    // Switching saved every place, the one left included.
    let chart_id = s.roadmaps[s.index_of("backend-chart-2022").unwrap()]
        .roadmap
        .steps[chart_step]
        .id
        .clone();
    let places = fx.iter().find_map(|e| match e {
        Effect::SaveSetting(SettingValue::Places(p)) => Some(p.clone()),
        _ => None,
    });
    assert_eq!(places, Some(format!("backend-chart-2022/{chart_id}\n")));
    press(&mut s, &[key('j'), key('j')]);
    pick(&mut s, "backend-chart-2022");
    assert_eq!(s.selected_step(), Some(chart_step));
    pick(&mut s, "backend-essentials");
    assert_eq!(s.selected_step(), Some(2));

    // Restored at start-up: a fresh state goes to the saved place when switching.
    let saved = s.places_setting();
    let mut s = state_on("backend-steps");
    s.restore(waymark::app::state::Saved {
        places: Some(saved),
        ..Default::default()
    });
    pick(&mut s, "backend-chart-2022");
    assert_eq!(s.selected_step(), Some(chart_step));
}

/// The filter prompt previews from the selection it opened with: a filter that still
/// shows the step keeps it selected (whatever the keystrokes in between showed), and
/// Esc puts the selection back.
#[test]
fn the_filter_preview_keeps_the_selection_and_esc_restores_it() {
    let mut s = demo_state();
    press(&mut s, &[key('j'), key('j')]);
    let dns = s.selected_step();
    assert_eq!(dns, s.current().unwrap().step_index("dns"));
    // "tag:b" on the way to "tag:backend" matches nothing.
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("tag:backend"));
    assert_eq!(s.selected_step(), dns);
    press(&mut s, &[code(KeyCode::Enter)]);
    assert_eq!((s.phase, s.selected_step()), (0, dns));
    // A filter that hides it moves the preview; Esc comes back.
    press(&mut s, &[key('c'), key('f')]);
    press(&mut s, &typed("tag:databases"));
    assert_eq!(s.phase, 3);
    press(&mut s, &[code(KeyCode::Esc)]);
    assert_eq!((s.phase, s.selected_step()), (0, dns));
    assert!(s.filter_text.is_empty());
}

/// Phase details that overflow (backend-2026's tips and tables) scroll from the
/// keyboard: `d` focuses the detail pane keeping the phase, j/k/PgDn scroll it, and the
/// border says how much more there is. Step details alike; Esc goes back where it was.
#[test]
fn d_focuses_the_details_and_they_scroll_for_a_phase_and_a_step() {
    let theme = waymark::ui::Theme::fancy();
    let mut s = state_on("backend-2026");
    press(&mut s, &[key('h'), key('j'), key('j')]);
    draw(&mut s, 120, 36, &theme);
    let v = s.screen.detail;
    assert!(v.lines > v.rows, "phase 3's details overflow 120x36");
    press(&mut s, &[key('d')]);
    assert_eq!(s.focus, Focus::Detail);
    assert!(s.detail_shows_phase());
    let screen = format!("{:?}", draw(&mut s, 120, 36, &theme).backend());
    assert!(screen.contains("↓"), "{screen}");
    // Still the phase's lines: the layout counted them.
    assert_eq!(s.screen.detail.lines, v.lines);
    press(&mut s, &[key('j'), key('j'), key('k')]);
    assert_eq!(s.detail_scroll.offset(), 1);
    press(
        &mut s,
        &[
            code(KeyCode::PageDown),
            code(KeyCode::PageDown),
            code(KeyCode::PageDown),
        ],
    );
    assert_eq!(s.detail_scroll.offset(), v.lines - v.rows);
    let screen = format!("{:?}", draw(&mut s, 120, 36, &theme).backend());
    assert!(
        screen.contains(&format!("↑ {} more", v.lines - v.rows)),
        "{screen}"
    );
    assert_eq!(s.phase, 2, "j/k scrolled the text, not the phase list");
    press(&mut s, &[code(KeyCode::Esc)]);
    assert_eq!(s.focus, Focus::Phases);

    // A step's details: from the step list, d and scrolling work the same way.
    let mut s = state_on("backend-2026");
    draw(&mut s, 80, 24, &theme);
    press(&mut s, &[key('d')]);
    assert!(!s.detail_shows_phase());
    draw(&mut s, 80, 24, &theme);
    let v = s.screen.detail;
    assert!(v.lines > v.rows);
    press(&mut s, &[key('j')]);
    assert_eq!(s.detail_scroll.offset(), 1);
    press(&mut s, &[code(KeyCode::Esc)]);
    assert_eq!(s.focus, Focus::Steps);
}

/// `G` goes to the last row of the focused list, like End (`g` is kept for a chart).
#[test]
fn shift_g_jumps_to_the_last_row() {
    let mut s = state_on("backend-chart-2022");
    press(&mut s, &[key('G')]);
    assert_eq!(s.step, s.visible.len() - 1);
    press(&mut s, &[key('h'), key('G')]);
    assert_eq!(s.phase, s.current().unwrap().roadmap.phases.len() - 1);
}

/// `H` and the focused pane are saved on quitting and restored at start-up (the runtime
/// reads the settings; the app only sees their text).
#[test]
fn hide_done_and_the_focused_pane_survive_a_restart() {
    let mut s = demo_state();
    press(&mut s, &[key(' '), key('H'), key('h')]);
    let fx = press(&mut s, &[key('q')]);
    let saved = |setting: Setting| {
        fx.iter().find_map(|e| match e {
            Effect::SaveSetting(v) if v.setting() == setting => Some(v.clone()),
            _ => None,
        })
    };
    let places = match saved(Setting::Places) {
        Some(SettingValue::Places(p)) => Some(p),
        _ => None,
    };
    let hide_closed = match saved(Setting::HideDone) {
        Some(SettingValue::HideDone(h)) => Some(h),
        _ => None,
    };
    let focus = match saved(Setting::Focus) {
        Some(SettingValue::Focus(f)) => Some(f),
        _ => None,
    };
    assert_eq!(hide_closed, Some(true));
    assert_eq!(focus.as_deref(), Some("phases"));

    let mut s = demo_state();
    s.restore(waymark::app::state::Saved {
        places,
        hide_closed,
        focus,
    });
    assert!(s.hide_closed && s.filter_active());
    assert_eq!(s.focus, Focus::Phases);
    // A roadmap of one phase has no phase list to focus.
    let i = s.index_of("rust-tour").unwrap();
    assert_eq!(s.roadmaps[i].roadmap.phases.len(), 1);
    press(&mut s, &[key('r'), key('j'), code(KeyCode::Enter)]);
    assert_eq!(s.current, Some(i));
    assert_eq!(s.focus, Focus::Steps);
    press(&mut s, &[key('h')]);
    assert_eq!(s.focus, Focus::Steps);
    press(&mut s, &[code(KeyCode::BackTab)]);
    assert_eq!(s.focus, Focus::Detail);
    press(&mut s, &[code(KeyCode::Tab)]);
    assert_eq!(s.focus, Focus::Steps);
}

/// A typo in a filter value gets "did you mean" in the prompt, as a typo in a key does,
/// and the last good filter stays applied meanwhile.
#[test]
fn filter_prompt_suggests_a_known_value() {
    let mut s = demo_state();
    let all = s.match_count;
    press(&mut s, &[key('f')]);
    press(&mut s, &typed("tag:databsaes"));
    match &s.overlay {
        Some(Overlay::Filter(p)) => {
            let e = p.error.as_ref().expect("an unknown tag is an error");
            assert_eq!(e.message, "no step has tag `databsaes`");
            assert_eq!(e.help.as_deref(), Some("did you mean `tag:Databases`?"));
        }
        other => panic!("{other:?}"),
    }
    assert_ne!(s.filter_text, "tag:databsaes", "the typo is not applied");
    press(&mut s, &[code(KeyCode::Esc)]);
    assert_eq!(s.match_count, all);
}

/// `/` searches every roadmap: a step of another roadmap is listed with the open one's,
/// ties go to the open roadmap, and Enter switches to the other roadmap on that step.
#[test]
fn search_covers_every_roadmap_and_enter_switches_roadmap() {
    let mut s = demo_state();
    press(&mut s, &[key('/')]);
    press(&mut s, &typed("rust"));
    let Some(Overlay::Search(search)) = &s.overlay else {
        panic!()
    };
    let found: Vec<(&str, &str)> = search
        .hits
        .iter()
        .map(|h| {
            let r = &s.roadmaps[h.roadmap];
            (r.id(), r.roadmap.steps[h.step].id.as_str())
        })
        .collect();
    // "Rust" is a title in the open roadmap and a tag of both steps of the other one.
    assert_eq!(
        found,
        [
            ("backend-basics", "rust"),
            ("rust-tour", "ownership"),
            ("rust-tour", "traits")
        ]
    );
    press(&mut s, &[code(KeyCode::Down), code(KeyCode::Enter)]);
    assert!(s.overlay.is_none());
    let r = s.current().unwrap();
    assert_eq!(r.id(), "rust-tour");
    assert_eq!(
        s.selected_step().map(|i| r.roadmap.steps[i].id.as_str()),
        Some("ownership")
    );
}

/// The detail pane says "to do again since" only for a step that was done before; a
/// step started and then undone is just "to do since".
#[test]
fn to_do_again_only_after_being_done() {
    let changed = today().and_hms_opt(9, 0, 0);
    for (was_done, says) in [(false, "to do since"), (true, "to do again since")] {
        let mut s = demo_state();
        let n = s.current().unwrap().roadmap.steps.len();
        let mut records = vec![StepRecord::default(); n];
        records[0] = StepRecord {
            status: Status::Todo,
            changed,
            note: None,
            was_done,
        };
        update(
            &mut s,
            Action::Loaded {
                roadmap: "backend-basics".into(),
                records,
            },
        );
        let screen = format!("{:?}", draw(&mut s, 120, 36, &Theme::fancy()).backend());
        assert!(screen.contains(says), "was_done={was_done}: {screen}");
        if !was_done {
            assert!(!screen.contains("again"), "{screen}");
        }
    }
    // Ticking it here counts as done before, once undone.
    let mut s = demo_state();
    press(&mut s, &[key(' '), key(' ')]);
    assert!(s.current().unwrap().was_done[0]);
}

/// `o` opens a step's only link at once; with several it lists them, and Enter or `o`
/// opens the one chosen, `y` copies it, Esc leaves.
#[test]
fn o_opens_the_only_link_or_the_one_chosen_from_the_list() {
    let mut s = demo_state();
    press(&mut s, &[key('j')]); // the HTTP step: one link
    let fx = press(&mut s, &[key('o')]);
    assert_eq!(
        fx,
        vec![Effect::OpenUrl(
            "https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview".into()
        )]
    );
    assert!(s.overlay.is_none());

    let r = s.current.unwrap();
    let i = s.selected_step().unwrap();
    s.roadmaps[r].roadmap.steps[i]
        .resources
        .push(waymark::model::Resource {
            title: "RFC 9110".into(),
            url: Some("https://www.rfc-editor.org/rfc/rfc9110".into()),
            kind: Some("spec".into()),
            summary: None,
        });
    assert!(press(&mut s, &[key('o')]).is_empty());
    assert!(matches!(&s.overlay, Some(Overlay::Links(l)) if l.items.len() == 2));
    insta::assert_snapshot!(
        "links_overlay",
        draw(&mut s, 80, 24, &Theme::plain()).backend()
    );
    let fx = press(&mut s, &[key('j'), code(KeyCode::Enter)]);
    assert_eq!(
        fx,
        vec![Effect::OpenUrl(
            "https://www.rfc-editor.org/rfc/rfc9110".into()
        )]
    );
    assert!(s.overlay.is_none());
    let fx = press(&mut s, &[key('o'), key('y')]);
    assert_eq!(
        fx,
        vec![Effect::Copy(
            "https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview".into()
        )]
    );
    press(&mut s, &[key('o'), code(KeyCode::Esc)]);
    assert!(s.overlay.is_none());
}
