//! `waymark card ROADMAP [-o FILE] [--theme light|dark]`: the progress card as SVG
//! (drawn by [`crate::card`]), on standard output or written atomically to a file.

use super::GlobalArgs;
use super::context::{
    Progress, eprint_inert, find_roadmap, load_catalog, now, open_existing, today, write_out,
};
use super::schedule::{TimeFacts, done_flags, estimate};
use crate::card::{self, Card};
use crate::model::current_streak;
use crate::model::schedule::local_day;
use crate::store::Store;
use chrono::{DateTime, Duration, Local, Utc};
use clap::ValueEnum;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CardTheme {
    Light,
    Dark,
}

impl CardTheme {
    /// The card for the config's `theme` (`None`: not set): a light terminal theme
    /// suggests a light page; dark and high-contrast (bright on black) a dark one.
    pub fn after_config(theme: Option<&str>) -> CardTheme {
        match theme {
            Some("dark" | "high-contrast") => CardTheme::Dark,
            _ => CardTheme::Light,
        }
    }
}

impl From<CardTheme> for card::Theme {
    fn from(t: CardTheme) -> Self {
        match t {
            CardTheme::Light => card::Theme::Light,
            CardTheme::Dark => card::Theme::Dark,
        }
    }
}

pub fn card(
    g: &GlobalArgs,
    roadmap: &str,
    out: Option<&Path>,
    theme: CardTheme,
) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let cat = load_catalog(g);
    let r = find_roadmap(cat, roadmap)?;
    // Read-only: a card never creates or changes the database.
    let store = open_existing(g)?;
    let progress = Progress::read(store.as_ref(), cat)?;
    // Covered steps count as in `waymark progress`.
    let snap = progress.snapshot(cat, r);
    let (pace, finish, streak) = match &store {
        Some(store) => {
            // The same estimate as `waymark progress`.
            let states = progress.states_of(cat, r);
            let facts = TimeFacts::read(store, &r.id, at)?;
            let est = estimate(&facts, r, &snap.summary, &done_flags(&states), at);
            (
                est.pace.map(|p| p.hours_per_week),
                est.finish,
                Some(streak(store, &r.id, at)?),
            )
        }
        None => (None, None, None),
    };
    let summary = snap.summary;
    let svg = card::render(
        &Card {
            title: &r.title,
            total: summary.total,
            phases: r
                .phases
                .iter()
                .map(|p| p.title.as_str())
                .zip(summary.phases)
                .collect(),
            streak,
            pace,
            finish,
            as_of: today(at),
        },
        theme.into(),
    );
    match out {
        None => write_out(&svg),
        Some(path) => {
            if let crate::fsx::Written::File(_) = crate::fsx::write_atomic(path, svg.as_bytes())? {
                eprint_inert(&format!("wrote {}", path.display()));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The current streak in local days. Reads a window of recent history and widens it
/// only while the streak reaches back to the window's start, so the cost follows the
/// streak's length, not the history's.
fn streak(store: &Store, roadmap: &str, at: DateTime<Utc>) -> anyhow::Result<u32> {
    let today = today(at);
    let mut days = 64;
    loop {
        let since = at - Duration::days(days);
        let times = store.change_times(roadmap, since)?;
        let s = current_streak(times.iter().map(|&t| local_day(t, &Local)), today);
        // The window's first local day is only partly read: a run reaching it may go
        // on before it. Past ~100 years, stop widening.
        let window_first_day = local_day(since, &Local);
        match s.since {
            Some(first)
                if first <= window_first_day.succ_opt().unwrap_or(first) && days < 40_000 =>
            {
                days *= 4;
            }
            _ => return Ok(s.days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use chrono::TimeZone;

    #[test]
    fn a_streak_longer_than_the_first_window_is_counted_whole() {
        let mut store = Store::open_in_memory().unwrap();
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
        // 200 days in a row, one change a day (done, then back to todo, …).
        for d in 0..200 {
            let status = if d % 2 == 0 {
                Status::Done
            } else {
                Status::Todo
            };
            store
                .set_statuses(&[("r", "a", status)], start + Duration::days(d))
                .unwrap();
        }
        let at = start + Duration::days(199) + Duration::hours(1);
        assert_eq!(streak(&store, "r", at).unwrap(), 200);
        // Another roadmap has its own (empty) streak.
        assert_eq!(streak(&store, "other", at).unwrap(), 0);
    }
}
