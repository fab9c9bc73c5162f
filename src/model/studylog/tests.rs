use super::*;
use crate::model::roadmap::{Phase, Step};
use chrono::TimeZone;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ev(at: &str, step: &str, old: Status, new: Status) -> Event {
    Event {
        at: utc(at),
        roadmap: "r".into(),
        step: step.into(),
        old,
        new,
    }
}

fn done(at: &str, step: &str) -> Event {
    ev(at, step, Status::Todo, Status::Done)
}

fn fixed(hours: i32) -> impl Fn(DateTime<Utc>) -> FixedOffset {
    move |_| FixedOffset::east_opt(hours * 3600).unwrap()
}

/// Central European time: +1, +2 from 29 March 01:00 UTC to 25 October 01:00 UTC 2026.
fn cet(at: DateTime<Utc>) -> FixedOffset {
    let summer = utc("2026-03-29T01:00:00Z") <= at && at < utc("2026-10-25T01:00:00Z");
    FixedOffset::east_opt(if summer { 7200 } else { 3600 }).unwrap()
}

fn no_hours(_: &str, _: &str) -> Option<f64> {
    None
}

#[test]
fn days_are_local_days() {
    let events = [
        done("2026-03-01T21:59:00Z", "a"), // 23:59 on the 1st at +2
        done("2026-03-01T22:00:00Z", "b"), // 00:00 on the 2nd
        done("2026-03-02T22:30:00Z", "c"), // 00:30 on the 3rd
    ];
    let log = study_log(&events, fixed(2), day(2026, 3, 4), Weekday::Mon, no_hours);
    assert_eq!(log.count(day(2026, 3, 1)), Some(1));
    assert_eq!(log.count(day(2026, 3, 2)), Some(1));
    assert_eq!(log.count(day(2026, 3, 3)), Some(1));
    // The same instants in UTC fall on other days.
    let log = study_log(&events, fixed(0), day(2026, 3, 4), Weekday::Mon, no_hours);
    assert_eq!(log.count(day(2026, 3, 1)), Some(2));
    assert_eq!(log.count(day(2026, 3, 2)), Some(1));
    assert_eq!(log.count(day(2026, 3, 3)), Some(0));
    assert_eq!(
        log.count(day(2026, 3, 5)),
        None,
        "the future is not in the map"
    );
}

#[test]
fn a_dst_change_moves_the_day_boundary() {
    let events = [
        // Winter, +1: 23:30 on 28 March.
        done("2026-03-28T22:30:00Z", "a"),
        // Summer, +2: the same UTC hour is already 00:30 on 30 March.
        done("2026-03-29T22:30:00Z", "b"),
        // Back to winter on 25 October: 23:30 on the 25th, not the 26th.
        done("2026-10-25T22:30:00Z", "c"),
        // The night the clocks go back: 01:30 UTC is 02:30 local, still the 25th.
        done("2026-10-25T01:30:00Z", "d"),
    ];
    let log = study_log(&events, cet, day(2026, 10, 28), Weekday::Mon, no_hours);
    assert_eq!(log.count(day(2026, 3, 28)), Some(1));
    assert_eq!(log.count(day(2026, 3, 29)), Some(0));
    assert_eq!(log.count(day(2026, 3, 30)), Some(1));
    assert_eq!(log.count(day(2026, 10, 25)), Some(2));
    assert_eq!(log.count(day(2026, 10, 26)), Some(0));
}

#[test]
fn an_empty_history_is_all_zero() {
    let today = day(2026, 11, 23); // a Monday
    let log = study_log(&[], fixed(0), today, Weekday::Mon, no_hours);
    assert!(log.is_empty());
    assert_eq!(log.start, day(2025, 12, 1));
    assert_eq!(log.start.weekday(), chrono::Weekday::Mon);
    assert_eq!(log.days.len(), 51 * 7 + 1);
    assert_eq!(log.weeks.len(), WEEKS);
    assert_eq!(log.weeks.last().unwrap().start, today);
    assert_eq!(
        (log.current_streak, log.longest_streak, log.max_day),
        (0, 0, 0)
    );
    assert!(log.weeks.iter().all(|w| w.steps == 0 && w.hours == 0.0));
}

#[test]
fn streaks_count_days_in_a_row() {
    let events = [
        // A four-day run long ago (outside the heatmap: still the longest).
        done("2024-01-01T10:00:00Z", "a"),
        done("2024-01-02T10:00:00Z", "b"),
        done("2024-01-03T10:00:00Z", "c"),
        done("2024-01-04T10:00:00Z", "d"),
        // Two days ending yesterday, two changes on one of them.
        done("2026-11-21T10:00:00Z", "e"),
        done("2026-11-22T09:00:00Z", "f"),
        ev("2026-11-22T10:00:00Z", "f", Status::Done, Status::Todo),
    ];
    let today = day(2026, 11, 23);
    let log = study_log(&events, fixed(0), today, Weekday::Mon, no_hours);
    assert_eq!(log.longest_streak, 4);
    assert_eq!(
        log.current_streak, 2,
        "today is young: yesterday's run counts"
    );
    assert_eq!(log.active_days, 2);
    assert_eq!(log.changes, 3);
    assert_eq!(log.max_day, 2);
    // A gap of a day ends the run.
    let log = study_log(&events, fixed(0), day(2026, 11, 24), Weekday::Mon, no_hours);
    assert_eq!(log.current_streak, 0);
}

#[test]
fn weeks_count_steps_and_hours_finished_net_of_undone() {
    let hours = |_: &str, s: &str| match s {
        "a" => Some(4.0),
        "b" => Some(2.5),
        _ => None,
    };
    let events = [
        done("2026-11-16T10:00:00Z", "a"), // Monday of last week
        done("2026-11-22T10:00:00Z", "b"), // its Sunday
        done("2026-11-22T11:00:00Z", "c"), // no estimate
        ev("2026-11-23T08:00:00Z", "b", Status::Done, Status::Todo), // undone this week
        ev(
            "2026-11-23T09:00:00Z",
            "c",
            Status::Todo,
            Status::InProgress,
        ),
    ];
    let log = study_log(&events, fixed(0), day(2026, 11, 24), Weekday::Mon, hours);
    let last = log.weeks[WEEKS - 1];
    let prev = log.weeks[WEEKS - 2];
    assert_eq!(prev.start, day(2026, 11, 16));
    assert_eq!((prev.steps, prev.hours), (3, 6.5));
    assert_eq!((last.steps, last.hours), (-1, -2.5));
}

#[test]
fn weeks_start_on_the_day_given() {
    let events = [
        done("2026-11-21T10:00:00Z", "a"), // Saturday
        done("2026-11-22T10:00:00Z", "b"), // Sunday
        done("2026-11-23T10:00:00Z", "c"), // Monday
    ];
    let today = day(2026, 11, 24); // a Tuesday
    let monday = study_log(&events, fixed(0), today, Weekday::Mon, no_hours);
    let sunday = study_log(&events, fixed(0), today, Weekday::Sun, no_hours);
    // Monday weeks: Sat and Sun close last week, Mon opens this one.
    assert_eq!(monday.weeks[WEEKS - 1].start, day(2026, 11, 23));
    assert_eq!(
        (monday.weeks[WEEKS - 2].steps, monday.weeks[WEEKS - 1].steps),
        (2, 1)
    );
    // Sunday weeks: Sat closes last week, Sun and Mon open this one.
    assert_eq!(sunday.start.weekday(), Weekday::Sun);
    assert_eq!(sunday.weeks[WEEKS - 1].start, day(2026, 11, 22));
    assert_eq!(
        (sunday.weeks[WEEKS - 2].steps, sunday.weeks[WEEKS - 1].steps),
        (1, 2)
    );
    assert_eq!(sunday.days.len(), 51 * 7 + 3);
    // The heatmap's rows follow: row 0 is Sunday, and this week's cells are Sun, Mon, Tue.
    assert_eq!(sunday.weekday(0), Weekday::Sun);
    assert_eq!(sunday.weekday(6), Weekday::Sat);
    assert_eq!(sunday.cell(WEEKS - 1, 0), Some(1));
    assert_eq!(sunday.cell(WEEKS - 1, 1), Some(1));
    assert_eq!(sunday.cell(WEEKS - 1, 2), Some(0));
    assert_eq!(
        sunday.cell(WEEKS - 1, 3),
        None,
        "Wednesday is still to come"
    );
    assert_eq!(sunday.cell(WEEKS - 2, 6), Some(1));
    // Both see the same days and streaks.
    assert_eq!(
        monday.count(day(2026, 11, 22)),
        sunday.count(day(2026, 11, 22))
    );
    assert_eq!(monday.current_streak, sunday.current_streak);
}

#[test]
fn week_of_finds_the_first_day() {
    let wed = day(2026, 11, 25);
    assert_eq!(week_of(wed, Weekday::Mon), day(2026, 11, 23));
    assert_eq!(week_of(wed, Weekday::Sun), day(2026, 11, 22));
    assert_eq!(week_of(wed, Weekday::Wed), wed);
    assert_eq!(week_of(wed, Weekday::Thu), day(2026, 11, 19));
}

#[test]
fn shades_scale_with_the_busiest_day() {
    assert_eq!(shade(0, 10), 0);
    assert_eq!(shade(1, 10), 1);
    assert_eq!(shade(3, 10), 2);
    assert_eq!(shade(6, 10), 3);
    assert_eq!(shade(10, 10), 4);
    assert_eq!(shade(1, 1), 4);
    assert_eq!(shade(5, 0), 0);
}

#[test]
fn a_hundred_thousand_events_add_up() {
    let base = Utc.with_ymd_and_hms(2025, 12, 1, 0, 0, 0).unwrap();
    let events: Vec<Event> = (0..100_000)
        .map(|i| Event {
            // Spread over 364 days, each day busy.
            at: base + chrono::Duration::seconds(i as i64 * 308),
            roadmap: "r".into(),
            step: format!("s{}", i % 500),
            old: if i % 2 == 0 {
                Status::Todo
            } else {
                Status::Done
            },
            new: if i % 2 == 0 {
                Status::Done
            } else {
                Status::Todo
            },
        })
        .collect();
    let today = day(2026, 11, 23);
    let log = study_log(&events, cet, today, Weekday::Mon, |_, _| Some(1.0));
    assert_eq!(log.changes, 100_000);
    assert_eq!(log.days.iter().map(|&d| d as u64).sum::<u64>(), 100_000);
    let net: i64 = log.weeks.iter().map(|w| w.steps).sum();
    assert_eq!(net, 0);
    assert_eq!(log.longest_streak, log.current_streak);
    assert!(log.longest_streak >= 356);
}

fn roadmap() -> Roadmap {
    let step = |id: &str, hours| Step {
        id: id.into(),
        title: id.into(),
        hours,
        ..Step::default()
    };
    Roadmap {
        id: "r".into(),
        title: "R".into(),
        phases: vec![Phase::new("p", "P")],
        steps: vec![
            step("a", Some(6.0)),
            step("b", Some(6.0)),
            step("c", Some(12.0)),
        ],
        ..Roadmap::default()
    }
}

#[test]
fn a_roadmap_never_touched_is_not_behind() {
    let r = roadmap();
    let snap = Snapshot::new(&r, &[]);
    let now = utc("2026-11-23T12:00:00Z");
    let s = roadmap_stats(
        &r,
        &snap,
        |s| step_index(&r).get(s).copied(),
        &[],
        Some(6.0),
        now,
        day(2026, 11, 23),
    );
    assert_eq!((s.done, s.left, s.changes), (0, 3, 0));
    assert_eq!(s.weeks_ahead, None);
    assert_eq!(s.achieved, None);
    assert_eq!(s.finish, Some(day(2026, 12, 21)), "24 h at 6 h/week");
}

#[test]
fn pace_achieved_and_ahead_come_from_the_window() {
    let r = roadmap();
    let snap = Snapshot::new(&r, &[Status::Done, Status::Done, Status::Todo]);
    let now = utc("2026-11-23T12:00:00Z");
    let events = [
        done("2026-09-01T10:00:00Z", "a"), // before the 4-week window
        done("2026-11-20T10:00:00Z", "b"),
        done("2026-11-21T10:00:00Z", "c"),
        ev("2026-11-22T10:00:00Z", "c", Status::Done, Status::Todo),
    ];
    let s = roadmap_stats(
        &r,
        &snap,
        |s| step_index(&r).get(s).copied(),
        &events,
        Some(3.0),
        now,
        day(2026, 11, 23),
    );
    assert_eq!((s.done, s.left, s.changes), (2, 1, 4));
    // Only b counts: c was undone, a is too old. 6 h over 4 weeks.
    assert_eq!(s.achieved, Some(1.5));
    assert_eq!(s.weeks_ahead, Some((6.0 - 12.0) / 3.0));
    assert_eq!(s.finish, Some(day(2026, 12, 21)));
    let s = roadmap_stats(
        &r,
        &snap,
        |s| step_index(&r).get(s).copied(),
        &events,
        None,
        now,
        day(2026, 11, 23),
    );
    assert_eq!((s.weeks_ahead, s.finish), (None, None));
}
