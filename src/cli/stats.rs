//! `waymark stats`: the study log — a heatmap of the last 52 weeks, streaks, steps and
//! hours finished per week against the pace, and per roadmap how the pace holds up.
//! The numbers come from `model::studylog`; this file only lays them out as text.

use super::GlobalArgs;
use super::context::{
    fmt_hours, json_text, load_catalog, now, open_existing, pad, plural, statuses_of, step_states,
    write_out,
};
use crate::model::Snapshot;
use crate::model::studylog::{
    RoadmapStats, StudyLog, Week, roadmap_stats, shade, step_index, study_log,
};
use crate::sanitize::inert;
use crate::session::{local_day, local_offset};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Weeks the text bar chart shows (the JSON has all 52).
const BAR_WEEKS: usize = 12;
const BAR_WIDTH: usize = 30;
/// The heatmap's shades, from nothing to the busiest day.
pub(super) const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];

#[derive(Serialize)]
struct DayJson {
    date: NaiveDate,
    count: u32,
}

#[derive(Serialize)]
struct StatsJson<'a> {
    today: NaiveDate,
    start: NaiveDate,
    current_streak: u32,
    longest_streak: u32,
    active_days: u32,
    changes: u64,
    pace: Option<f64>,
    /// Status changes per local day, every day from `start` to `today`.
    days: Vec<DayJson>,
    weeks: &'a [Week],
    roadmaps: &'a [RoadmapStats],
}

/// `week_start`: the config's first day of a week, for the heatmap and the weekly bars.
pub fn stats(g: &GlobalArgs, week_start: Weekday, json: bool) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let today = local_day(at);
    let cat = load_catalog(g);
    let store = open_existing(g)?;
    let events = match &store {
        Some(s) => s.events()?,
        None => Vec::new(),
    };
    let pace = match &store {
        Some(s) => s.pace()?,
        None => None,
    };
    let mut hours: HashMap<(&str, &str), f64> = HashMap::new();
    for l in &cat.roadmaps {
        for s in &l.roadmap.steps {
            if let Some(h) = s.hours {
                for id in std::iter::once(&s.id).chain(&s.aliases) {
                    hours.insert((l.roadmap.id.as_str(), id.as_str()), h);
                }
            }
        }
    }
    let log = study_log(&events, local_offset, today, week_start, |r, s| {
        hours.get(&(r, s)).copied()
    });
    let mut roadmaps = Vec::new();
    for l in &cat.roadmaps {
        let statuses = match &store {
            Some(s) => statuses_of(&step_states(s, &l.roadmap)?),
            None => Vec::new(),
        };
        let snap = Snapshot::new(&l.roadmap, &statuses);
        let index = step_index(&l.roadmap);
        // A roadmap's own pace (`waymark pace ROADMAP H`), else the global one.
        let own = match &store {
            Some(s) => s.roadmap_pace(&l.roadmap.id)?,
            None => None,
        };
        let line = roadmap_stats(
            &l.roadmap,
            &snap,
            |s| index.get(s).copied(),
            &events,
            own.or(pace),
            at,
            today,
        );
        if line.changes > 0 || line.done > 0 {
            roadmaps.push(line);
        }
    }
    if json {
        let days = log
            .days
            .iter()
            .enumerate()
            .map(|(i, &count)| DayJson {
                date: log.start + chrono::Days::new(i as u64),
                count,
            })
            .collect();
        return write_out(&json_text(&StatsJson {
            today,
            start: log.start,
            current_streak: log.current_streak,
            longest_streak: log.longest_streak,
            active_days: log.active_days,
            changes: log.changes,
            pace,
            days,
            weeks: &log.weeks,
            roadmaps: &roadmaps,
        })?);
    }
    write_out(&render(&log, &roadmaps, pace))
}

/// The whole report as text (made inert by the caller).
fn render(log: &StudyLog, roadmaps: &[RoadmapStats], pace: Option<f64>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Activity — last 52 weeks · {} on {} · streak {} · longest {}",
        plural(log.changes as i64, "change", "changes"),
        plural(log.active_days, "day", "days"),
        plural(log.current_streak, "day", "days"),
        log.longest_streak
    );
    heatmap(&mut out, log);
    let _ = writeln!(out);
    bars(&mut out, log, pace);
    let _ = writeln!(out);
    if roadmaps.is_empty() {
        let _ = writeln!(
            out,
            "no activity yet: `waymark done ROADMAP/STEP` ticks a step off"
        );
    }
    roadmap_lines(&mut out, roadmaps);
    out
}

fn heatmap(out: &mut String, log: &StudyLog) {
    let weeks = log.days.len().div_ceil(7);
    // Month names above the week where each month starts, where there is room.
    let mut months = String::from("     ");
    let mut prev = None;
    for w in 0..weeks {
        let first = log.start + chrono::Days::new(7 * w as u64);
        let m = first.month();
        let col = 5 + w;
        if prev != Some(m) && months.chars().count() < col {
            months.push_str(&" ".repeat(col - months.chars().count()));
            months.push_str(&first.format("%b").to_string());
        }
        prev = Some(m);
    }
    let _ = writeln!(out, "{}", months.trim_end());
    for d in 0..7 {
        let mut line = format!(" {} ", log.weekday(d));
        for w in 0..weeks {
            line.push(match log.cell(w, d) {
                Some(c) => SHADES[shade(c, log.max_day) as usize],
                None => ' ',
            });
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(
        out,
        "     {} none  {} {} {} {} up to {}",
        SHADES[0],
        SHADES[1],
        SHADES[2],
        SHADES[3],
        SHADES[4],
        plural(log.max_day, "change", "changes")
    );
}

fn bars(out: &mut String, log: &StudyLog, pace: Option<f64>) {
    let shown = &log.weeks[log.weeks.len().saturating_sub(BAR_WEEKS)..];
    let by_hours = shown.iter().any(|w| w.hours > 0.0) || pace.is_some();
    let value = |w: &Week| {
        if by_hours {
            w.hours.max(0.0)
        } else {
            w.steps.max(0) as f64
        }
    };
    let max = shown
        .iter()
        .map(value)
        .fold(pace.unwrap_or(0.0), f64::max)
        .max(1.0);
    let scale = |v: f64| ((v / max) * BAR_WIDTH as f64).round() as usize;
    let _ = writeln!(
        out,
        "Finished per week{}",
        match pace {
            Some(p) => format!(" (hours; │ marks the pace, {} h/week)", fmt_hours(p)),
            None if by_hours => " (hours)".into(),
            None => " (steps)".into(),
        }
    );
    let mark = pace.map(scale);
    for w in shown {
        let n = scale(value(w)).min(BAR_WIDTH);
        let mut bar: Vec<char> = std::iter::repeat_n('█', n)
            .chain(std::iter::repeat_n(' ', BAR_WIDTH - n))
            .collect();
        if let Some(m) = mark.filter(|&m| m < BAR_WIDTH && m >= n) {
            bar[m] = '│';
        }
        let bar: String = bar.into_iter().collect();
        let _ = writeln!(
            out,
            "  {}  {bar}  {} · {} h",
            w.start.format("%b %d"),
            plural(w.steps, "step", "steps"),
            fmt_hours(w.hours)
        );
    }
}

fn roadmap_lines(out: &mut String, roadmaps: &[RoadmapStats]) {
    let width = roadmaps.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in roadmaps {
        let mut line = format!(
            "  {}  {}/{} done, {} left",
            pad(&inert(&r.id), width),
            r.done,
            r.done + r.left,
            r.left
        );
        if r.hours_done + r.hours_left > 0.0 {
            let _ = write!(
                line,
                " · {}/{} h",
                fmt_hours(r.hours_done),
                fmt_hours(r.hours_done + r.hours_left)
            );
        }
        match (r.pace, r.achieved) {
            (Some(p), Some(a)) => {
                let _ = write!(
                    line,
                    " · pace set {} h/week, achieved {} h/week",
                    fmt_hours(p),
                    fmt_hours(a)
                );
            }
            (Some(p), None) => {
                let _ = write!(line, " · pace set {} h/week", fmt_hours(p));
            }
            (None, Some(a)) => {
                let _ = write!(line, " · achieved {} h/week (no pace set)", fmt_hours(a));
            }
            (None, None) => {}
        }
        match r.finish {
            Some(d) => {
                let _ = write!(line, " · ≈ {d}");
            }
            None if r.pace.is_some() => {
                let _ = write!(line, " · no finish date (no hour estimates)");
            }
            None => {}
        }
        if let Some(w) = r.weeks_ahead {
            let _ = write!(line, " · {}", ahead(w));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// "2.0 weeks ahead", "1.5 weeks behind", "on pace".
pub(super) fn ahead(weeks: f64) -> String {
    if weeks >= 0.05 {
        format!("{weeks:.1} weeks ahead")
    } else if weeks <= -0.05 {
        format!("{:.1} weeks behind", -weeks)
    } else {
        "on pace".into()
    }
}
