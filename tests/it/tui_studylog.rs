//! The stats view (`S`) and the review view (`R`): update through the key table and
//! insta snapshots over the bundled roadmaps, with a fixed "today" and fixed offsets.

use crate::support::tui::*;
use chrono::{DateTime, Datelike, Duration, FixedOffset, Utc};
use waymark::app::action::StepRecord;
use waymark::app::keymap::Mode;
use waymark::app::stats::StatsData;
use waymark::app::view::View;
use waymark::app::{Action, AppState, Effect, update};
use waymark::model::Status;
use waymark::model::review::Answer;
use waymark::model::studylog::Event;
use waymark::ui::Theme;

const FANCY: Theme = Theme::fancy();
const R: &str = "backend-steps";

/// backend-steps with its first `done` steps done `days_ago` days before today, 10:00.
fn with_done(done: usize, days_ago: i64) -> AppState {
    let mut s = state_on(R);
    let at = today().and_hms_opt(10, 0, 0).unwrap() - Duration::days(days_ago);
    let n = s.current().unwrap().roadmap.steps.len();
    let records = (0..n)
        .map(|i| StepRecord {
            status: if i < done { Status::Done } else { Status::Todo },
            changed: (i < done).then_some(at),
            note: (i == 0).then(|| "TCP vs UDP: draw the handshake".into()),
            was_done: i < done,
        })
        .collect();
    s.review.enabled = true;
    update(
        &mut s,
        Action::Loaded {
            roadmap: R.into(),
            records,
        },
    );
    s.pace = Some(6.0);
    s
}

fn utc_plus_one(_: DateTime<Utc>) -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

/// A year of made-up history for backend-steps: busier lately, a streak up to today.
fn history(s: &AppState) -> Vec<Event> {
    let steps = &s.current().unwrap().roadmap.steps;
    let end = today().and_hms_opt(9, 0, 0).unwrap().and_utc();
    let mut events = Vec::new();
    for d in 0..364i64 {
        let busy = match d {
            0..=5 => 3,
            _ if d % 7 == 0 || d % 11 == 0 => (d % 4) as usize,
            _ => 0,
        };
        for k in 0..busy {
            let step = &steps[(d as usize * 3 + k) % 6];
            events.push(Event {
                at: end - Duration::days(d) + Duration::minutes(k as i64),
                roadmap: R.into(),
                step: step.id.clone(),
                old: Status::Todo,
                new: Status::Done,
            });
        }
    }
    events.sort_by_key(|e| e.at);
    events
}

#[test]
fn s_opens_the_study_log_and_closes_it() {
    let mut s = with_done(6, 1);
    let fx = press(&mut s, &[key('S')]);
    assert_eq!(fx, vec![Effect::LoadStats]);
    assert!(matches!(s.view, View::Stats(_)));
    let loading = draw(&mut s, 120, 36, &FANCY);
    assert!(format!("{:?}", loading.backend()).contains("reading the history"));
    let now = today().and_hms_opt(12, 0, 0).unwrap().and_utc();
    let data = StatsData::compute(&s, &history(&s), now, utc_plus_one);
    assert_eq!(data.log.current_streak, 6);
    update(&mut s, Action::StatsLoaded(Box::new(data)));
    insta::assert_snapshot!(
        "stats_view",
        format!("{:?}", draw(&mut s, 120, 36, &FANCY).backend())
    );
    press(&mut s, &[key('S')]);
    assert!(matches!(s.view, View::Main));
}

/// The config's `week_start` (set on the state by the runtime) reorders the heatmap's
/// rows and moves the weekly bars' first days.
#[test]
fn the_stats_view_starts_weeks_on_the_configured_day() {
    let mut s = with_done(6, 1);
    s.week_start = chrono::Weekday::Sun;
    press(&mut s, &[key('S')]);
    let now = today().and_hms_opt(12, 0, 0).unwrap().and_utc();
    let data = StatsData::compute(&s, &history(&s), now, utc_plus_one);
    assert_eq!(data.log.start.weekday(), chrono::Weekday::Sun);
    let last = data.log.weeks.last().unwrap().start;
    assert_eq!(last.weekday(), chrono::Weekday::Sun);
    update(&mut s, Action::StatsLoaded(Box::new(data)));
    let out = format!("{:?}", draw(&mut s, 120, 36, &FANCY).backend());
    let row = |d: &str| {
        out.find(&format!("│ {d} "))
            .unwrap_or_else(|| panic!("no {d} row: {out}"))
    };
    assert!(row("Sun") < row("Mon") && row("Mon") < row("Sat"), "{out}");
    assert!(out.contains(&last.format("%m/%d").to_string()), "{out}");
}

/// Reopening a step from the review ("forgot", then reopen) refreshes every roadmap, as
/// any other change does: steps it covered elsewhere, or that waited on it, follow.
#[test]
fn reopening_from_the_review_refreshes_every_roadmap() {
    let mut s = with_done(3, 4);
    // The second due step, http-and-https, covers steps of backend-chart-2022.
    press(&mut s, &[key('R'), key('g'), key('f'), key('y')]);
    let i = s.index_of(R).unwrap();
    assert_eq!(s.roadmaps[i].statuses[1], Status::InProgress);
    let mut fresh = s.clone();
    fresh.refresh_progress();
    let stale: Vec<&str> = s
        .roadmaps
        .iter()
        .zip(&fresh.roadmaps)
        .filter(|(now, want)| {
            now.snapshot.effective != want.snapshot.effective
                || now.snapshot.external_open != want.snapshot.external_open
        })
        .map(|(now, _)| now.id())
        .collect();
    assert!(stale.is_empty(), "not refreshed: {stale:?}");
}

/// `[keys.review]` rebinds good, hard and forgot one by one; the card's prompt, the
/// footer and the help name the keys in force.
#[test]
fn review_answers_follow_their_rebound_keys() {
    let mut s = with_done(3, 4);
    let (config, problems) =
        waymark::config::parse("[keys.review]\ngood = \"1\"\nhard = \"2\"\nforgot = \"3\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    s.keys = config.keys;
    press(&mut s, &[key('R')]);
    let screen = format!("{:?}", draw(&mut s, 100, 30, &FANCY).backend());
    assert!(
        screen.contains("1 good · 2 hard · 3 forgot · q stop"),
        "{screen}"
    );
    assert!(
        screen.contains("1 good  2 hard  3 forgot"),
        "the footer: {screen}"
    );
    assert!(press(&mut s, &[key('g'), key('h'), key('f')]).is_empty());
    let step0 = s.current().unwrap().roadmap.steps[0].id.clone();
    let fx = press(&mut s, &[key('2')]);
    assert_eq!(
        fx,
        vec![Effect::Review {
            roadmap: R.into(),
            step: step0,
            answer: Answer::Hard,
            reopen: false
        }]
    );
    assert!(press(&mut s, &[key('3')]).is_empty(), "forgot asks first");
    let screen = format!("{:?}", draw(&mut s, 100, 30, &FANCY).backend());
    assert!(screen.contains("y reopen · n keep it done"), "{screen}");
    // The help's review section, generated from the same table.
    let help: Vec<String> = waymark::ui::overlays::help::sections(&FANCY, &s.keys)
        .into_iter()
        .find(|(m, _)| *m == Mode::Review)
        .unwrap()
        .1
        .iter()
        .map(|l| l.to_string())
        .collect();
    for (k, what) in [("1", "remembered it"), ("2", "hard"), ("3", "forgot")] {
        assert!(
            help.iter()
                .any(|l| l.trim_start().starts_with(&format!("{k} ")) && l.contains(what)),
            "{help:?}"
        );
    }
}

#[test]
fn the_stats_view_of_an_empty_history() {
    let mut s = state_on(R);
    press(&mut s, &[key('S')]);
    let now = today().and_hms_opt(12, 0, 0).unwrap().and_utc();
    let data = StatsData::compute(&s, &[], now, utc_plus_one);
    update(&mut s, Action::StatsLoaded(Box::new(data)));
    let out = format!("{:?}", draw(&mut s, 80, 24, &FANCY).backend());
    assert!(out.contains("no activity yet"), "{out}");
    assert!(out.contains("streak 0 days"), "{out}");
}

#[test]
fn the_header_counts_due_steps_and_r_walks_them() {
    // Three steps done four days ago: all due (3 days); done yesterday: not yet.
    let mut s = with_done(3, 4);
    assert_eq!(s.review.due, 3);
    let main = format!("{:?}", draw(&mut s, 120, 36, &FANCY).backend());
    assert!(main.contains("3 due (R)"), "{main}");
    assert_eq!(with_done(3, 1).review.due, 0);

    press(&mut s, &[key('R')]);
    insta::assert_snapshot!(
        "review_card",
        format!("{:?}", draw(&mut s, 100, 30, &FANCY).backend())
    );
    let fx = press(&mut s, &[key('g')]);
    let step0 = s.current().unwrap().roadmap.steps[0].id.clone();
    let step1 = s.current().unwrap().roadmap.steps[1].id.clone();
    assert_eq!(
        fx,
        vec![Effect::Review {
            roadmap: R.into(),
            step: step0,
            answer: Answer::Good,
            reopen: false
        }]
    );
    assert_eq!(s.review.due, 2, "answered good: next due in a week");
    // forgot asks before reopening.
    assert!(press(&mut s, &[key('f')]).is_empty());
    insta::assert_snapshot!(
        "review_asks_to_reopen",
        format!("{:?}", draw(&mut s, 100, 30, &FANCY).backend())
    );
    let fx = press(&mut s, &[key('y')]);
    assert_eq!(
        fx,
        vec![Effect::Review {
            roadmap: R.into(),
            step: step1,
            answer: Answer::Forgot,
            reopen: true
        }]
    );
    assert_eq!(s.current().unwrap().statuses[1], Status::InProgress);
    assert_eq!(s.review.due, 1);
    press(&mut s, &[key('h')]);
    assert_eq!(s.review.due, 0);
    let end = format!("{:?}", draw(&mut s, 100, 30, &FANCY).backend());
    assert!(end.contains("Done: 3 of 3 reviewed"), "{end}");
    press(&mut s, &[key('q')]);
    assert!(matches!(s.view, View::Main));
    let main = format!("{:?}", draw(&mut s, 120, 36, &FANCY).backend());
    assert!(!main.contains("due (R)"), "{main}");
}

#[test]
fn review_off_hides_the_count_and_r_says_so() {
    let mut s = with_done(3, 4);
    s.review.enabled = false;
    let main = format!("{:?}", draw(&mut s, 120, 36, &FANCY).backend());
    assert!(!main.contains("due (R)"), "{main}");
    press(&mut s, &[key('R')]);
    assert!(matches!(s.view, View::Main));
    assert!(s.message.unwrap().text.contains("review is off"));
}
