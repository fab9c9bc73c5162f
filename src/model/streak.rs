//! The current streak: consecutive days with at least one change. The card and the
//! study log share this rule. The days come in already turned into the user's local
//! dates (the caller knows the time zone; this module does no I/O).

use chrono::{Days, NaiveDate};
use std::collections::BTreeSet;

/// A run of consecutive active days that is still alive on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streak {
    /// Consecutive days with a change; 0 when there is no live streak.
    pub days: u32,
    /// The first day of the run (`None` when `days` is 0).
    pub since: Option<NaiveDate>,
}

/// The streak alive on `today`: the run of consecutive days that ends today, or
/// yesterday when today has no change yet (the day is not over, so the streak is not
/// broken). Days after `today` (a clock set back) are ignored; order and repeats in
/// `days` do not matter.
pub fn current_streak(days: impl IntoIterator<Item = NaiveDate>, today: NaiveDate) -> Streak {
    let active: BTreeSet<NaiveDate> = days.into_iter().filter(|d| *d <= today).collect();
    let yesterday = today.checked_sub_days(Days::new(1));
    let end = if active.contains(&today) {
        Some(today)
    } else {
        yesterday.filter(|y| active.contains(y))
    };
    let Some(mut first) = end else {
        return Streak {
            days: 0,
            since: None,
        };
    };
    let mut count = 1;
    while let Some(prev) = first.checked_sub_days(Days::new(1)) {
        if !active.contains(&prev) {
            break;
        }
        first = prev;
        count += 1;
    }
    Streak {
        days: count,
        since: Some(first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn counts_the_run_ending_today() {
        let s = current_streak([d(8), d(9), d(10), d(10), d(5)], d(10));
        assert_eq!(
            s,
            Streak {
                days: 3,
                since: Some(d(8))
            }
        );
    }

    #[test]
    fn a_streak_lives_until_the_day_without_a_change_is_over() {
        // Nothing yet today: yesterday's run still counts.
        assert_eq!(current_streak([d(7), d(8), d(9)], d(10)).days, 3);
        // A whole day missed: broken.
        assert_eq!(current_streak([d(7), d(8)], d(10)).days, 0);
        assert_eq!(current_streak([d(7), d(8)], d(10)).since, None);
    }

    #[test]
    fn a_gap_ends_the_run_and_order_does_not_matter() {
        let s = current_streak([d(10), d(3), d(9), d(1), d(2), d(7)], d(10));
        assert_eq!(
            s,
            Streak {
                days: 2,
                since: Some(d(9))
            }
        );
    }

    #[test]
    fn no_days_or_only_future_days_is_no_streak() {
        assert_eq!(current_streak([], d(10)).days, 0);
        assert_eq!(current_streak([d(11), d(12)], d(10)).days, 0);
    }

    #[test]
    fn runs_across_month_ends() {
        let feb28 = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(current_streak([feb28, d(1)], d(1)).days, 2);
    }
}
