//! The study log: what the history says about the last year, in local days — a calendar
//! heatmap, streaks, steps and hours finished per week, and per roadmap how the pace set
//! compares with the pace achieved.
//!
//! Pure: the events, "today" and the local offset of each instant are passed in (the
//! CLI and TUI pass `chrono::Local`, tests a fixed offset per instant, DST included).

use super::progress::{Effective, Snapshot, finish_date, pace_report, pace_window_weeks};
use super::roadmap::{Roadmap, Status};
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Utc, Weekday};
use serde::Serialize;
use std::collections::HashMap;

/// Weeks the heatmap and the weekly bars cover, this week included.
pub const WEEKS: usize = 52;
/// The span the achieved pace is measured over (as `waymark progress` does).
pub const PACE_WINDOW_WEEKS: f64 = 4.0;

/// One status change from the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub roadmap: String,
    pub step: String,
    pub old: Status,
    pub new: Status,
}

/// Steps and hours finished in one week (seven days from the configured first day),
/// net of steps un-done.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Week {
    /// Its first day.
    pub start: NaiveDate,
    pub steps: i64,
    pub hours: f64,
}

/// The last [`WEEKS`] weeks of activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudyLog {
    pub today: NaiveDate,
    /// The day the heatmap starts on: a `week_start` day.
    pub start: NaiveDate,
    /// Status changes per local day, from `start` to `today` inclusive.
    pub days: Vec<u32>,
    /// The busiest day's count (the heatmap's darkest shade).
    pub max_day: u32,
    /// Days in a row with activity, ending today (or yesterday, while today is young).
    pub current_streak: u32,
    /// The longest such run in the whole history.
    pub longest_streak: u32,
    /// Days with activity inside the heatmap.
    pub active_days: u32,
    /// Status changes inside the heatmap.
    pub changes: u64,
    /// One entry per week, oldest first; the last is this week.
    pub weeks: Vec<Week>,
}

impl StudyLog {
    /// Changes on `day`; `None` outside the heatmap (the future included).
    pub fn count(&self, day: NaiveDate) -> Option<u32> {
        let i = (day - self.start).num_days();
        usize::try_from(i)
            .ok()
            .and_then(|i| self.days.get(i).copied())
    }

    /// The heatmap cell of week `week` (0 = oldest) and day `day` of that week (0 = its
    /// first day, see [`StudyLog::weekday`]).
    pub fn cell(&self, week: usize, day: usize) -> Option<u32> {
        self.days.get(week * 7 + day).copied()
    }

    /// The weekday of row `day` (0..7) of the heatmap.
    pub fn weekday(&self, day: usize) -> Weekday {
        (self.start + Days::new(day as u64)).weekday()
    }

    /// Whether nothing happened in the window.
    pub fn is_empty(&self) -> bool {
        self.changes == 0
    }
}

/// The heatmap shade of `count` on a scale whose darkest step is `max`: 0 (nothing)
/// to 4.
pub fn shade(count: u32, max: u32) -> u8 {
    if count == 0 || max == 0 {
        return 0;
    }
    (((count as u64 * 4).div_ceil(max as u64)).clamp(1, 4)) as u8
}

/// The local day of an instant. Offsets only change on whole minutes, so one offset
/// serves a whole minute: consecutive events (sorted by time) rarely ask twice.
struct LocalDays<F> {
    offset: F,
    minute: i64,
    cached: Option<FixedOffset>,
}

impl<F: Fn(DateTime<Utc>) -> FixedOffset> LocalDays<F> {
    fn day(&mut self, at: DateTime<Utc>) -> NaiveDate {
        let minute = at.timestamp().div_euclid(60);
        let off = match self.cached {
            Some(off) if minute == self.minute => off,
            _ => {
                let off = (self.offset)(at);
                self.minute = minute;
                self.cached = Some(off);
                off
            }
        };
        (at.naive_utc() + off).date()
    }
}

/// The first day of the week holding `day`, weeks starting on `week_start`.
pub fn week_of(day: NaiveDate, week_start: Weekday) -> NaiveDate {
    day - Days::new(day.weekday().days_since(week_start) as u64)
}

/// Aggregates `events` (any order) into the study log ending `today`, in weeks that
/// start on `week_start` (the config's). `offset` gives the local UTC offset at an
/// instant; `hours` a step's estimate by roadmap and step id.
pub fn study_log(
    events: &[Event],
    offset: impl Fn(DateTime<Utc>) -> FixedOffset,
    today: NaiveDate,
    week_start: Weekday,
    hours: impl Fn(&str, &str) -> Option<f64>,
) -> StudyLog {
    let start = week_of(today, week_start) - Days::new(7 * (WEEKS as u64 - 1));
    let span = (today - start).num_days() as usize + 1;
    let mut days = vec![0u32; span];
    let mut weeks: Vec<Week> = (0..WEEKS)
        .map(|w| Week {
            start: start + Days::new(7 * w as u64),
            steps: 0,
            hours: 0.0,
        })
        .collect();
    let mut active: Vec<NaiveDate> = Vec::with_capacity(events.len().min(4096));
    let mut local = LocalDays {
        offset,
        minute: i64::MIN,
        cached: None,
    };
    for e in events {
        let day = local.day(e.at);
        if active.last() != Some(&day) {
            active.push(day);
        }
        let Ok(i) = usize::try_from((day - start).num_days()) else {
            continue;
        };
        if i >= span {
            continue;
        }
        days[i] += 1;
        let sign = match (e.old == Status::Done, e.new == Status::Done) {
            (false, true) => 1,
            (true, false) => -1,
            _ => 0,
        };
        if sign != 0 {
            let w = &mut weeks[i / 7];
            w.steps += sign;
            if let Some(h) = hours(&e.roadmap, &e.step) {
                w.hours += sign as f64 * h;
            }
        }
    }
    active.sort_unstable();
    active.dedup();

    let mut longest = 0u32;
    let mut run = 0u32;
    let mut prev: Option<NaiveDate> = None;
    for &d in &active {
        run = match prev {
            Some(p) if p.succ_opt() == Some(d) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        prev = Some(d);
    }
    // The same rule as the card's streak (model::streak).
    let current = super::streak::current_streak(active.iter().copied(), today).days;

    StudyLog {
        today,
        start,
        max_day: days.iter().copied().max().unwrap_or(0),
        active_days: days.iter().filter(|&&c| c > 0).count() as u32,
        changes: days.iter().map(|&c| c as u64).sum(),
        days,
        current_streak: current,
        longest_streak: longest,
        weeks,
    }
}

/// One roadmap's line in the study log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoadmapStats {
    pub id: String,
    pub title: String,
    pub done: usize,
    /// Counted steps not done yet.
    pub left: usize,
    pub hours_done: f64,
    pub hours_left: f64,
    pub steps_without_hours: usize,
    /// The pace set, hours per week.
    pub pace: Option<f64>,
    /// Hours per week finished over the last weeks (see [`PACE_WINDOW_WEEKS`]); `None`
    /// without any recorded change.
    pub achieved: Option<f64>,
    pub finish: Option<NaiveDate>,
    /// Positive: weeks ahead of the pace set; negative: behind. `None` without a pace
    /// or without activity (a roadmap never touched is not "behind").
    pub weeks_ahead: Option<f64>,
    /// Status changes ever recorded for it.
    pub changes: usize,
}

/// The stats line of `roadmap` from its progress, the history and the pace set.
/// `index` finds a step by id (a `Graph` has one; see [`step_index`]).
pub fn roadmap_stats(
    roadmap: &Roadmap,
    snapshot: &Snapshot,
    index: impl Fn(&str) -> Option<usize>,
    events: &[Event],
    pace: Option<f64>,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> RoadmapStats {
    let t = snapshot.summary.total;
    let window_start = now - chrono::Duration::weeks(PACE_WINDOW_WEEKS as i64);
    let mut first: Option<DateTime<Utc>> = None;
    let mut changes = 0;
    let mut recent_done = vec![false; roadmap.steps.len()];
    for e in events.iter().filter(|e| e.roadmap == roadmap.id) {
        changes += 1;
        first = Some(first.map_or(e.at, |f| f.min(e.at)));
        if e.new == Status::Done
            && e.at >= window_start
            && let Some(i) = index(&e.step)
        {
            recent_done[i] = true;
        }
    }
    // Hours of steps finished inside the window and still done, as `progress` counts.
    let logged: f64 = roadmap
        .steps
        .iter()
        .enumerate()
        .filter(|&(i, _)| recent_done[i] && snapshot.effective[i] == Effective::Done)
        .filter_map(|(_, s)| s.hours)
        .sum();
    let weeks = pace_window_weeks(
        first.map(|f| f.naive_utc()),
        now.naive_utc(),
        PACE_WINDOW_WEEKS,
    );
    let report = match (pace, first) {
        (Some(p), Some(_)) => pace_report(p, logged, weeks),
        _ => None,
    };
    RoadmapStats {
        id: roadmap.id.clone(),
        title: roadmap.title.clone(),
        done: t.done,
        left: t.counted() - t.done,
        hours_done: t.hours_done,
        hours_left: t.hours_left(),
        steps_without_hours: t.steps_without_hours,
        pace,
        achieved: first.map(|_| logged / weeks),
        finish: pace
            .filter(|_| t.hours > 0.0)
            .and_then(|p| finish_date(t.hours_left(), p, today)),
        weeks_ahead: report.map(|r| r.weeks_ahead),
        changes,
    }
}

/// A step index by id, for callers without a `Graph`.
pub fn step_index(roadmap: &Roadmap) -> HashMap<&str, usize> {
    roadmap
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect()
}

#[cfg(test)]
mod tests;
