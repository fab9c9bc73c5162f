//! The source's own schedule, and how you measure up to it: durations and windows as the
//! roadmap files write them (`duration = "about 6 months"`, `window = "Weeks 4–10"`),
//! parsed into types; a plan laid on the calendar from a start date; where a date falls
//! in it; and a finish date from measured throughput (steps per week).
//!
//! Pure date math: no clock, no time zone lookup. "Today" is a local date passed in
//! ([`local_day`] converts an instant with a given zone), so DST never matters here.
//!
//! Over 500 lines because of its tests: the parsers and the calendar math are one
//! subject, and a third of the file is their unit tests.

use super::roadmap::Roadmap;
use chrono::{DateTime, Days, Months, NaiveDate, TimeZone, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn parse(word: &str) -> Option<Unit> {
        let w = word.trim_end_matches('.').to_lowercase();
        Some(match w.as_str() {
            "d" | "day" | "days" => Unit::Day,
            "w" | "wk" | "wks" | "week" | "weeks" => Unit::Week,
            "mo" | "mos" | "mon" | "month" | "months" => Unit::Month,
            "y" | "yr" | "yrs" | "year" | "years" => Unit::Year,
            _ => return None,
        })
    }

    /// The day `n` of these units after `from`. Whole months and years follow the
    /// calendar (Jan 31 + 1 month = Feb 28/29); fractions use average lengths.
    pub fn after(self, from: NaiveDate, n: f64) -> Option<NaiveDate> {
        if !(n.is_finite() && n >= 0.0) || n > 10_000.0 {
            return None;
        }
        let days = |d: f64| from.checked_add_days(Days::new(d.round() as u64));
        match self {
            Unit::Day => days(n),
            Unit::Week => days(n * 7.0),
            Unit::Month | Unit::Year => {
                let months = if self == Unit::Year { n * 12.0 } else { n };
                if months.fract() == 0.0 {
                    from.checked_add_months(Months::new(months as u32))
                } else {
                    days(months * 365.25 / 12.0)
                }
            }
        }
    }
}

/// A duration as a source states it: `"about 6 months"` → 6..6 months,
/// `"8–14 months"` → 8..14 months.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Duration {
    pub low: f64,
    pub high: f64,
    pub unit: Unit,
}

/// A window of a schedule, 1-based and inclusive: `"Weeks 4–10"` → weeks 4 to 10,
/// `"Month 8–14 (Interview Prep)"` → months 8 to 14.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub unit: Unit,
    pub from: u32,
    pub to: u32,
}

/// Words: numbers, unit names and range marks, with everything in brackets dropped.
fn words(text: &str) -> Vec<String> {
    let mut depth = 0usize;
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            // Ranges are written with hyphens, en and em dashes, or a minus sign.
            '-' | '–' | '—' | '−' | '~' | ',' if depth == 0 => {
                cleaned.push(' ');
                if c != '~' && c != ',' {
                    cleaned.push_str(" to ");
                }
            }
            c if depth == 0 => cleaned.push(c),
            _ => {}
        }
    }
    // "6months" → "6 months": split where digits meet letters.
    let mut spaced = String::with_capacity(cleaned.len());
    let mut prev: Option<char> = None;
    for c in cleaned.chars() {
        if let Some(p) = prev
            && ((p.is_ascii_digit() && c.is_alphabetic())
                || (p.is_alphabetic() && c.is_ascii_digit()))
        {
            spaced.push(' ');
        }
        spaced.push(c);
        prev = Some(c);
    }
    spaced
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect()
}

fn number(word: &str) -> Option<f64> {
    match word {
        "a" | "an" | "one" => Some(1.0),
        "two" => Some(2.0),
        "three" => Some(3.0),
        "four" => Some(4.0),
        "five" => Some(5.0),
        "six" => Some(6.0),
        "twelve" => Some(12.0),
        w => w.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0),
    }
}

/// Parses a duration: a number or a range of numbers, then a unit; hedges ("about",
/// "roughly", "~", "up to") and notes in brackets are ignored. `None` when no number
/// with a unit is found.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let w = words(text);
    let mut nums: Vec<f64> = Vec::new();
    for word in &w {
        if let Some(unit) = Unit::parse(word) {
            let (low, high) = match nums.as_slice() {
                [] => continue,
                [n] => (*n, *n),
                [.., a, b] => (*a, *b),
            };
            if low > high || high <= 0.0 {
                return None;
            }
            return Some(Duration { low, high, unit });
        }
        match (word.as_str(), number(word)) {
            ("half", _) => nums.push(0.5),
            (_, Some(n)) if nums.last() == Some(&0.5) && n == 1.0 => {} // "half a year"
            (_, Some(n)) => nums.push(n),
            ("to" | "or", None) => {}
            _ => nums.clear(),
        }
    }
    None
}

/// Parses a window: a unit, then a number or a range (`"Weeks 1–2"`, `"Week 3"`,
/// `"Months 6 to 9 (Ongoing)"`); a number then a unit (`"3 weeks"`) is not a window.
pub fn parse_window(text: &str) -> Option<Window> {
    let w = words(text);
    let unit = Unit::parse(w.first()?)?;
    let whole = |s: &String| s.parse::<u32>().ok().filter(|&n| n >= 1);
    let from = whole(w.get(1)?)?;
    let to = match (w.get(2).map(String::as_str), w.get(3)) {
        (Some("to"), Some(n)) => whole(n)?,
        _ => from,
    };
    (from <= to && to <= 10_000).then_some(Window { unit, from, to })
}

/// One phase laid on the calendar: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedPhase {
    /// Index into `roadmap.phases`.
    pub phase: usize,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Where the plan's dates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanSource {
    /// The phases' own `window`s.
    Windows,
    /// The roadmap's `duration` (its upper bound), shared among the phases by step count.
    Duration,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub start: NaiveDate,
    /// The day after the last planned day.
    pub end: NaiveDate,
    pub source: PlanSource,
    /// Planned phases in roadmap order; phases without a window are left out.
    pub phases: Vec<PlannedPhase>,
}

impl Plan {
    /// Lays the source's schedule from `start`: the phases' windows when any parse, else
    /// the roadmap's duration split among the phases in proportion to their steps.
    /// `None` when the roadmap states neither.
    pub fn new(roadmap: &Roadmap, start: NaiveDate) -> Option<Plan> {
        let mut phases = Vec::new();
        for (i, p) in roadmap.phases.iter().enumerate() {
            let Some(w) = p.window.as_deref().and_then(parse_window) else {
                continue;
            };
            let from = w.unit.after(start, f64::from(w.from - 1))?;
            let end = w.unit.after(start, f64::from(w.to))?;
            phases.push(PlannedPhase {
                phase: i,
                start: from,
                end,
            });
        }
        if !phases.is_empty() {
            let end = phases.iter().map(|p| p.end).max()?;
            return Some(Plan {
                start,
                end,
                source: PlanSource::Windows,
                phases,
            });
        }
        let d = parse_duration(roadmap.duration.as_deref()?)?;
        let end = d.unit.after(start, d.high)?;
        let total_days = (end - start).num_days();
        let mut counts = vec![0usize; roadmap.phases.len()];
        for s in &roadmap.steps {
            if let Some(c) = counts.get_mut(s.phase) {
                *c += 1;
            }
        }
        let total: usize = counts.iter().sum::<usize>().max(1);
        let mut before = 0usize;
        for (i, c) in counts.iter().enumerate() {
            let day = |n: usize| {
                start.checked_add_days(Days::new(
                    (total_days as f64 * n as f64 / total as f64).round() as u64,
                ))
            };
            phases.push(PlannedPhase {
                phase: i,
                start: day(before)?,
                end: day(before + c)?,
            });
            before += c;
        }
        Some(Plan {
            start,
            end,
            source: PlanSource::Duration,
            phases,
        })
    }

    /// Weeks the plan spans, rounded up.
    pub fn weeks(&self) -> i64 {
        ((self.end - self.start).num_days() + 6) / 7
    }

    /// Steps the plan expects done by the start of `day`: each phase's `counted[phase]`
    /// steps spread evenly over its window.
    pub fn expected(&self, counted: &[usize], day: NaiveDate) -> f64 {
        self.phases
            .iter()
            .map(|p| {
                let n = counted.get(p.phase).copied().unwrap_or(0) as f64;
                let len = (p.end - p.start).num_days().max(1) as f64;
                let into = (day - p.start).num_days() as f64;
                n * (into / len).clamp(0.0, 1.0)
            })
            .sum()
    }

    /// Where `today` falls in the plan, given per phase the counted steps and the done
    /// ones (covered included). Only planned phases count.
    pub fn status(&self, counted: &[usize], done: &[usize], today: NaiveDate) -> PlanStatus {
        let planned_done: usize = self
            .phases
            .iter()
            .map(|p| done.get(p.phase).copied().unwrap_or(0))
            .sum();
        let planned_total: usize = self
            .phases
            .iter()
            .map(|p| counted.get(p.phase).copied().unwrap_or(0))
            .sum();
        let days_in = (today - self.start).num_days();
        let expected_phases = self
            .phases
            .iter()
            .filter(|p| p.start <= today && today < p.end)
            .map(|p| p.phase)
            .collect();
        // The day the plan expects as much done as is done: ahead when it is after today.
        let span = (self.end - self.start).num_days();
        let target = planned_done.min(planned_total) as f64;
        let (mut lo, mut hi) = (0i64, span);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let day = self.start + chrono::Duration::days(mid);
            if self.expected(counted, day) + 1e-9 >= target {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        let on_plan_day = lo;
        PlanStatus {
            week: (days_in >= 0).then(|| days_in / 7 + 1),
            weeks: self.weeks(),
            starts_in_days: (days_in < 0).then_some(-days_in),
            finished: today >= self.end,
            expected_phases,
            expected_done: self.expected(counted, today),
            done: planned_done,
            total: planned_total,
            weeks_ahead: (days_in >= 0).then(|| (on_plan_day - days_in) as f64 / 7.0),
        }
    }
}

/// Where a day falls in a [`Plan`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanStatus {
    /// 1-based week of the plan; `None` before it starts.
    pub week: Option<i64>,
    /// Weeks the plan spans.
    pub weeks: i64,
    /// Days until the plan starts, when it starts later.
    pub starts_in_days: Option<i64>,
    /// The plan's last day has passed.
    pub finished: bool,
    /// Phases whose window holds the day (windows may overlap).
    pub expected_phases: Vec<usize>,
    /// Steps the plan expects done by now.
    pub expected_done: f64,
    /// Steps done in planned phases, and how many those phases count.
    pub done: usize,
    pub total: usize,
    /// Positive: ahead of the plan by that many weeks; negative: behind. `None` before
    /// the start.
    pub weeks_ahead: Option<f64>,
}

/// Steps finished per week over a window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Throughput {
    /// Steps that became done inside the window (and still are).
    pub steps: usize,
    pub weeks: f64,
    pub per_week: f64,
}

impl Throughput {
    /// `None` when nothing was finished: no rate, so no estimate.
    pub fn new(steps: usize, weeks: f64) -> Option<Throughput> {
        (steps > 0 && weeks.is_finite() && weeks > 0.0).then(|| Throughput {
            steps,
            weeks,
            per_week: steps as f64 / weeks,
        })
    }

    /// When `steps_left` will be done at this rate.
    pub fn finish(&self, steps_left: usize, today: NaiveDate) -> Option<NaiveDate> {
        let days = (steps_left as f64 / self.per_week * 7.0).ceil();
        if days > 10_000.0 {
            return None;
        }
        today.checked_add_days(Days::new(days as u64))
    }
}

/// The calendar day an instant falls on in zone `tz` (the CLI passes `Local`).
pub fn local_day<Tz: TimeZone>(at: DateTime<Utc>, tz: &Tz) -> NaiveDate {
    at.with_timezone(tz).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roadmap::{Phase, Step};
    use chrono::FixedOffset;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn durations_parse_as_the_sources_write_them() {
        let d = |low, high, unit| Some(Duration { low, high, unit });
        assert_eq!(parse_duration("about 6 months"), d(6.0, 6.0, Unit::Month));
        assert_eq!(parse_duration("8–14 months"), d(8.0, 14.0, Unit::Month));
        assert_eq!(parse_duration("8-14 Months"), d(8.0, 14.0, Unit::Month));
        assert_eq!(parse_duration("3 to 4 weeks"), d(3.0, 4.0, Unit::Week));
        assert_eq!(parse_duration("~12wks"), d(12.0, 12.0, Unit::Week));
        assert_eq!(parse_duration("1.5 years"), d(1.5, 1.5, Unit::Year));
        assert_eq!(parse_duration("a year"), d(1.0, 1.0, Unit::Year));
        assert_eq!(parse_duration("half a year"), d(0.5, 0.5, Unit::Year));
        assert_eq!(
            parse_duration("roughly 90 days (part time)"),
            d(90.0, 90.0, Unit::Day)
        );
        for bad in [
            "",
            "forever",
            "months",
            "14–8 months",
            "0 weeks",
            "(6 months)",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn windows_parse_with_a_leading_unit() {
        let w = |unit, from, to| Some(Window { unit, from, to });
        assert_eq!(parse_window("Weeks 1–2"), w(Unit::Week, 1, 2));
        assert_eq!(parse_window("Weeks 22–30"), w(Unit::Week, 22, 30));
        assert_eq!(parse_window("Week 3"), w(Unit::Week, 3, 3));
        assert_eq!(
            parse_window("Month 8–14 (Interview Prep)"),
            w(Unit::Month, 8, 14)
        );
        assert_eq!(parse_window("months 6 to 9"), w(Unit::Month, 6, 9));
        for bad in ["", "Ongoing", "3 weeks", "Weeks 0–2", "Weeks 5–2", "Weeks"] {
            assert_eq!(parse_window(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn calendar_months_clamp_to_the_month_end() {
        assert_eq!(
            Unit::Month.after(date(2026, 1, 31), 1.0),
            Some(date(2026, 2, 28))
        );
        assert_eq!(
            Unit::Year.after(date(2028, 2, 29), 1.0),
            Some(date(2029, 2, 28))
        );
        assert_eq!(
            Unit::Week.after(date(2026, 12, 28), 1.0),
            Some(date(2027, 1, 4))
        );
        assert_eq!(Unit::Day.after(date(2026, 1, 1), -1.0), None);
    }

    fn windowed() -> Roadmap {
        let step = |id: &str, phase| Step {
            id: id.into(),
            title: id.into(),
            phase,
            ..Step::default()
        };
        let phase = |id: &str, window: Option<&str>| Phase {
            window: window.map(String::from),
            ..Phase::new(id, id)
        };
        Roadmap {
            id: "r".into(),
            title: "R".into(),
            phases: vec![
                phase("a", Some("Weeks 1–2")),
                phase("b", Some("Weeks 2–4")),
                phase("c", None),
            ],
            steps: vec![
                step("a1", 0),
                step("a2", 0),
                step("b1", 1),
                step("b2", 1),
                step("b3", 1),
                step("c1", 2),
            ],
            ..Roadmap::default()
        }
    }

    #[test]
    fn windows_lay_on_the_calendar_from_the_start() {
        let start = date(2026, 3, 2);
        let plan = Plan::new(&windowed(), start).unwrap();
        assert_eq!(plan.source, PlanSource::Windows);
        // Weeks 1–2: days 0..14; weeks 2–4: days 7..28; c has no window.
        assert_eq!(
            plan.phases,
            vec![
                PlannedPhase {
                    phase: 0,
                    start,
                    end: date(2026, 3, 16)
                },
                PlannedPhase {
                    phase: 1,
                    start: date(2026, 3, 9),
                    end: date(2026, 3, 30)
                },
            ]
        );
        assert_eq!((plan.end, plan.weeks()), (date(2026, 3, 30), 4));
    }

    #[test]
    fn plan_weeks_turn_over_on_the_seventh_day() {
        let start = date(2026, 3, 2);
        let plan = Plan::new(&windowed(), start).unwrap();
        let counted = [2, 3, 1];
        let week = |d| plan.status(&counted, &[0, 0, 0], d).week;
        assert_eq!(week(start), Some(1));
        assert_eq!(week(date(2026, 3, 8)), Some(1));
        assert_eq!(week(date(2026, 3, 9)), Some(2));
        // Week 2 is in both windows.
        let s = plan.status(&counted, &[0, 0, 0], date(2026, 3, 10));
        assert_eq!(s.expected_phases, vec![0, 1]);
    }

    #[test]
    fn ahead_and_behind_are_weeks_of_the_plan() {
        let start = date(2026, 3, 2);
        let plan = Plan::new(&windowed(), start).unwrap();
        let counted = [2, 3, 1];
        // Day 7: phase a half way (1 of 2), b just started. One done: on plan.
        let s = plan.status(&counted, &[1, 0, 0], date(2026, 3, 9));
        assert_eq!(s.expected_done, 1.0);
        assert_eq!(s.weeks_ahead, Some(0.0));
        // Nothing done on day 7: the plan expected nothing on day 0 → a week behind.
        let s = plan.status(&counted, &[0, 0, 0], date(2026, 3, 9));
        assert_eq!(s.weeks_ahead, Some(-1.0));
        // Everything planned done on day 7: the plan gets there on day 28.
        let s = plan.status(&counted, &[2, 3, 1], date(2026, 3, 9));
        assert_eq!((s.done, s.total), (5, 5));
        assert_eq!(s.weeks_ahead, Some(3.0));
    }

    #[test]
    fn a_plan_that_starts_later_or_has_ended() {
        let plan = Plan::new(&windowed(), date(2026, 3, 2)).unwrap();
        let s = plan.status(&[2, 3, 1], &[0, 0, 0], date(2026, 2, 27));
        assert_eq!(
            (s.week, s.starts_in_days, s.weeks_ahead),
            (None, Some(3), None)
        );
        assert!(!s.finished && s.expected_phases.is_empty());
        let s = plan.status(&[2, 3, 1], &[2, 1, 0], date(2026, 4, 20));
        assert!(s.finished);
        assert_eq!(s.week, Some(8));
        assert_eq!(s.expected_done, 5.0);
        assert!(s.expected_phases.is_empty());
        assert!(s.weeks_ahead.unwrap() < -3.0);
    }

    #[test]
    fn a_duration_alone_is_shared_among_the_phases() {
        let mut r = windowed();
        for p in &mut r.phases {
            p.window = None;
        }
        assert_eq!(Plan::new(&r, date(2026, 1, 1)), None);
        r.duration = Some("about 6 months".into());
        let plan = Plan::new(&r, date(2026, 1, 1)).unwrap();
        assert_eq!(plan.source, PlanSource::Duration);
        assert_eq!(plan.end, date(2026, 7, 1));
        // 181 days over 6 steps: 2, 3 and 1 steps' worth.
        let ends: Vec<NaiveDate> = plan.phases.iter().map(|p| p.end).collect();
        assert_eq!(
            ends,
            vec![date(2026, 3, 2), date(2026, 6, 1), date(2026, 7, 1)]
        );
    }

    #[test]
    fn throughput_needs_something_finished() {
        assert_eq!(Throughput::new(0, 4.0), None);
        let t = Throughput::new(6, 2.0).unwrap();
        assert_eq!(t.per_week, 3.0);
        // 10 left at 3 a week: 23.3 days → 24.
        assert_eq!(t.finish(10, date(2026, 1, 1)), Some(date(2026, 1, 25)));
        assert_eq!(t.finish(0, date(2026, 1, 1)), Some(date(2026, 1, 1)));
    }

    #[test]
    fn local_day_is_the_zone_s_calendar_day() {
        let at = date(2026, 3, 29).and_hms_opt(23, 30, 0).unwrap().and_utc();
        let east = FixedOffset::east_opt(2 * 3600).unwrap();
        let west = FixedOffset::west_opt(5 * 3600).unwrap();
        assert_eq!(local_day(at, &east), date(2026, 3, 30));
        assert_eq!(local_day(at, &west), date(2026, 3, 29));
        assert_eq!(local_day(at, &Utc), date(2026, 3, 29));
    }
}
