//! Spaced review of done steps: when a step comes due again, and how an answer moves it.
//!
//! A done step is first due [`INTERVALS`]`[0]` days after the day it was done. Each answer
//! sets the next due date from the day it was given: *good* moves one interval up (the
//! last one repeats), *hard* repeats the same interval, *forgot* starts over at the first.
//! Answers given before the step was (last) done do not count, so a step reopened after
//! "forgot" and done again starts a fresh schedule. All dates are local days.

use super::roadmap::{Roadmap, Status};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::str::FromStr;

/// Days between reviews: 3 days, 1 week, 3 weeks, 8 weeks, 6 months.
pub const INTERVALS: [u64; 5] = [3, 7, 21, 56, 182];

/// How well a reviewed step was remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    Good,
    Hard,
    Forgot,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Good, Answer::Hard, Answer::Forgot];

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Good => "good",
            Answer::Hard => "hard",
            Answer::Forgot => "forgot",
        }
    }
}

impl FromStr for Answer {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "good" | "g" => Ok(Answer::Good),
            "hard" | "h" => Ok(Answer::Hard),
            "forgot" | "f" => Ok(Answer::Forgot),
            _ => Err(()),
        }
    }
}

/// Where a done step stands in its review schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// Index into [`INTERVALS`] of the interval now running.
    pub stage: usize,
    /// The day it comes due.
    pub due: NaiveDate,
    /// Answers counted since the step was done.
    pub reviews: usize,
    /// The day of the last counted answer, if any.
    pub last: Option<NaiveDate>,
}

impl Schedule {
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.due <= today
    }

    pub fn interval_days(&self) -> u64 {
        INTERVALS[self.stage]
    }
}

/// The stage after answering `answer` at `stage`.
pub fn next_stage(stage: usize, answer: Answer) -> usize {
    match answer {
        Answer::Good => (stage + 1).min(INTERVALS.len() - 1),
        Answer::Hard => stage.min(INTERVALS.len() - 1),
        Answer::Forgot => 0,
    }
}

fn add_days(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// The schedule of a step done on `done_on`, given its answers (day, answer) in the
/// order they were given. Answers before `done_on` belong to an earlier round and are
/// ignored.
pub fn schedule(done_on: NaiveDate, answers: &[(NaiveDate, Answer)]) -> Schedule {
    let mut s = Schedule {
        stage: 0,
        due: add_days(done_on, INTERVALS[0]),
        reviews: 0,
        last: None,
    };
    for &(day, answer) in answers.iter().filter(|(day, _)| *day >= done_on) {
        s.stage = next_stage(s.stage, answer);
        s.due = add_days(day, INTERVALS[s.stage]);
        s.reviews += 1;
        s.last = Some(day);
    }
    s
}

/// One roadmap's review answers by step id: (local day, answer), in the order given.
pub type Answers = HashMap<String, Vec<(NaiveDate, Answer)>>;

/// The schedule of every done step of `roadmap`, by step index. `done_on[i]` is the local
/// day step `i` last changed status (for a done step: the day it was done).
pub fn schedules(
    roadmap: &Roadmap,
    statuses: &[Status],
    done_on: &[Option<NaiveDate>],
    answers: &Answers,
) -> Vec<(usize, Schedule)> {
    roadmap
        .steps
        .iter()
        .enumerate()
        .filter(|&(i, _)| statuses.get(i) == Some(&Status::Done))
        .filter_map(|(i, step)| {
            let day = (*done_on.get(i)?)?;
            let given = answers.get(&step.id).map_or(&[][..], Vec::as_slice);
            Some((i, schedule(day, given)))
        })
        .collect()
}

/// The steps due on `today`, soonest due first (then in roadmap order).
pub fn due(
    roadmap: &Roadmap,
    statuses: &[Status],
    done_on: &[Option<NaiveDate>],
    answers: &Answers,
    today: NaiveDate,
) -> Vec<(usize, Schedule)> {
    let mut due: Vec<_> = schedules(roadmap, statuses, done_on, answers)
        .into_iter()
        .filter(|(_, s)| s.is_due(today))
        .collect();
    due.sort_by_key(|&(i, s)| (s.due, i));
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_done_step_is_first_due_three_days_later() {
        let s = schedule(d(3, 1), &[]);
        assert_eq!(s.due, d(3, 4));
        assert!(!s.is_due(d(3, 3)));
        assert!(s.is_due(d(3, 4)));
        assert!(s.is_due(d(3, 20)));
        assert_eq!((s.stage, s.reviews, s.last), (0, 0, None));
    }

    #[test]
    fn good_climbs_the_intervals_and_stays_at_the_last() {
        let mut answers = Vec::new();
        let mut day = d(1, 1);
        let mut dues = Vec::new();
        for _ in 0..6 {
            let s = schedule(d(1, 1), &answers);
            day = s.due;
            answers.push((day, Answer::Good));
            dues.push(schedule(d(1, 1), &answers).interval_days());
        }
        assert_eq!(dues, vec![7, 21, 56, 182, 182, 182]);
        let s = schedule(d(1, 1), &answers);
        assert_eq!(s.due, day + Days::new(182));
    }

    #[test]
    fn hard_repeats_the_interval_and_forgot_starts_over() {
        let answers = [(d(3, 4), Answer::Good), (d(3, 11), Answer::Hard)];
        let s = schedule(d(3, 1), &answers);
        assert_eq!((s.stage, s.due), (1, d(3, 18)));
        let answers = [
            (d(3, 4), Answer::Good),
            (d(3, 11), Answer::Good),
            (d(4, 1), Answer::Forgot),
        ];
        let s = schedule(d(3, 1), &answers);
        assert_eq!((s.stage, s.due, s.reviews), (0, d(4, 4), 3));
        // Answered late: the next date counts from the answer, not the old due date.
        let s = schedule(d(3, 1), &[(d(3, 30), Answer::Good)]);
        assert_eq!(s.due, d(4, 6));
    }

    #[test]
    fn answers_from_before_the_step_was_done_again_are_ignored() {
        let answers = [(d(3, 4), Answer::Good), (d(3, 11), Answer::Forgot)];
        let s = schedule(d(3, 15), &answers);
        assert_eq!((s.stage, s.due, s.reviews), (0, d(3, 18), 0));
    }

    #[test]
    fn answers_parse_from_words_and_keys() {
        assert_eq!("good".parse(), Ok(Answer::Good));
        assert_eq!("H".parse(), Ok(Answer::Hard));
        assert_eq!(" forgot ".parse(), Ok(Answer::Forgot));
        assert_eq!("meh".parse::<Answer>(), Err(()));
        assert_eq!(next_stage(4, Answer::Hard), 4);
        assert_eq!(next_stage(9, Answer::Hard), 4);
    }

    #[test]
    fn only_done_steps_with_a_date_come_due_oldest_first() {
        use crate::model::roadmap::Step;
        let step = |id: &str| Step {
            id: id.into(),
            ..Step::default()
        };
        let r = Roadmap {
            steps: vec![step("a"), step("b"), step("c"), step("d")],
            ..Roadmap::default()
        };
        let statuses = [Status::Done, Status::Done, Status::Todo, Status::Done];
        let done_on = [Some(d(3, 2)), Some(d(3, 1)), Some(d(3, 1)), None];
        let mut answers = Answers::new();
        let list = due(&r, &statuses, &done_on, &answers, d(3, 5));
        assert_eq!(list.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 0]);
        answers.insert("b".into(), vec![(d(3, 4), Answer::Good)]);
        let list = due(&r, &statuses, &done_on, &answers, d(3, 5));
        assert_eq!(list.iter().map(|x| x.0).collect::<Vec<_>>(), [0]);
        assert!(due(&r, &statuses, &done_on, &answers, d(3, 4)).is_empty());
    }
}
