//! Progress math: what counts, what is left, when it will be finished.
//!
//! Semantics shared by the CLI and the TUI:
//! - skipped steps leave the denominator (they do not drag the percentage down);
//! - once a pick-one group has `pick` members done, its other members are "not needed"
//!   and leave the denominator too;
//! - hours count only steps that have an estimate; `steps_without_hours` says how many
//!   do not, so a figure is never presented as more complete than it is.

use super::graph::Graph;
use super::kebab::kebab_enum;
use super::roadmap::{Roadmap, Status, StepRef};
use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::Serialize;

kebab_enum! {
    /// A step's status after pick-one groups are taken into account.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Effective {
        Todo = "todo",
        InProgress = "in-progress",
        Done = "done",
        Skipped = "skipped",
        /// Another member of its pick-one group settled the group.
        NotNeeded = "not-needed",
        /// Never set here, and every shared topic is done in another roadmap
        /// (`model::coverage`). Counts as done.
        Covered = "covered",
    }
}

impl Effective {
    /// Nothing more to do on the step.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            Effective::Done | Effective::Skipped | Effective::NotNeeded | Effective::Covered
        )
    }

    /// Done here or covered elsewhere: what progress counts as done.
    pub fn is_done(self) -> bool {
        matches!(self, Effective::Done | Effective::Covered)
    }

    /// Counted in the denominator of progress.
    pub fn counts(self) -> bool {
        !matches!(self, Effective::Skipped | Effective::NotNeeded)
    }
}

impl From<Status> for Effective {
    fn from(s: Status) -> Self {
        match s {
            Status::Todo => Effective::Todo,
            Status::InProgress => Effective::InProgress,
            Status::Done => Effective::Done,
            Status::Skipped => Effective::Skipped,
        }
    }
}

/// Effective status of every step. `statuses[i]` is step `i`'s stored status (missing
/// entries are todo).
pub fn effective(roadmap: &Roadmap, statuses: &[Status]) -> Vec<Effective> {
    effective_with(roadmap, statuses, &[])
}

/// Like [`effective`], with `covered[i]` from [`Coverage::covered_steps`] (missing
/// entries are not covered). Only a stored todo becomes covered; a covered member
/// counts towards settling its pick-one group.
///
/// [`Coverage::covered_steps`]: super::coverage::Coverage::covered_steps
pub fn effective_with(roadmap: &Roadmap, statuses: &[Status], covered: &[bool]) -> Vec<Effective> {
    let status = |i: usize| statuses.get(i).copied().unwrap_or_default();
    let mut out: Vec<Effective> = (0..roadmap.steps.len())
        .map(|i| match status(i) {
            Status::Todo if covered.get(i).copied().unwrap_or(false) => Effective::Covered,
            s => s.into(),
        })
        .collect();
    for group in &roadmap.groups {
        let done = group.steps.iter().filter(|&&s| out[s].is_done()).count();
        if done >= group.pick.max(1) {
            for &s in &group.steps {
                if matches!(out[s], Effective::Todo | Effective::InProgress) {
                    out[s] = Effective::NotNeeded;
                }
            }
        }
    }
    out
}

/// `settled[i]`: step `i` needs no more work. The shape `Graph` queries take.
pub fn settled(effective: &[Effective]) -> Vec<bool> {
    effective.iter().map(|e| e.is_settled()).collect()
}

/// Counts for a set of steps (a phase, a roadmap).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, bitcode::Encode, bitcode::Decode)]
pub struct Tally {
    /// Every step, whatever its status.
    pub steps: usize,
    pub todo: usize,
    pub in_progress: usize,
    pub done: usize,
    pub skipped: usize,
    pub not_needed: usize,
    /// Of `done`: steps covered by done steps of other roadmaps (shared topics).
    pub covered: usize,
    /// Known hours of the counted steps (skipped and not-needed left out).
    pub hours: f64,
    pub hours_done: f64,
    /// Counted steps that have no hour estimate.
    pub steps_without_hours: usize,
}

impl Tally {
    pub fn add(&mut self, e: Effective, hours: Option<f64>) {
        self.steps += 1;
        match e {
            Effective::Todo => self.todo += 1,
            Effective::InProgress => self.in_progress += 1,
            Effective::Done => self.done += 1,
            Effective::Skipped => self.skipped += 1,
            Effective::NotNeeded => self.not_needed += 1,
            Effective::Covered => {
                self.done += 1;
                self.covered += 1;
            }
        }
        if !e.counts() {
            return;
        }
        match hours {
            Some(h) => {
                self.hours += h;
                if e.is_done() {
                    self.hours_done += h;
                }
            }
            None => self.steps_without_hours += 1,
        }
    }

    /// Steps in the denominator.
    pub fn counted(&self) -> usize {
        self.steps - self.skipped - self.not_needed
    }

    /// Done share of the counted steps, 0.0–1.0 (1.0 when nothing is counted).
    pub fn ratio(&self) -> f64 {
        match self.counted() {
            0 => 1.0,
            n => self.done as f64 / n as f64,
        }
    }

    /// Done share of the known hours, 0.0–1.0; `None` when no step has hours.
    pub fn hours_ratio(&self) -> Option<f64> {
        (self.hours > 0.0).then(|| self.hours_done / self.hours)
    }

    pub fn hours_left(&self) -> f64 {
        (self.hours - self.hours_done).max(0.0)
    }

    /// Whole percent, rounded down so 99.6% never shows as 100%.
    pub fn percent(&self) -> u8 {
        (self.ratio() * 100.0).floor() as u8
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, bitcode::Encode, bitcode::Decode)]
pub struct Summary {
    pub total: Tally,
    /// One tally per phase, in phase order.
    pub phases: Vec<Tally>,
}

pub fn summarize(roadmap: &Roadmap, effective: &[Effective]) -> Summary {
    let mut summary = Summary {
        total: Tally::default(),
        phases: vec![Tally::default(); roadmap.phases.len()],
    };
    for (i, step) in roadmap.steps.iter().enumerate() {
        let e = effective.get(i).copied().unwrap_or(Effective::Todo);
        summary.total.add(e, step.hours);
        if let Some(t) = summary.phases.get_mut(step.phase) {
            t.add(e, step.hours);
        }
    }
    summary
}

/// Everything the UI and CLI need about one roadmap's progress, computed once.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub effective: Vec<Effective>,
    pub settled: Vec<bool>,
    pub summary: Summary,
    /// `external_open[i]`: step `i` requires a step of another roadmap that is still
    /// open (see [`Snapshot::block_on_externals`]); empty when none were looked up.
    pub external_open: Vec<bool>,
}

impl Snapshot {
    pub fn new(roadmap: &Roadmap, statuses: &[Status]) -> Snapshot {
        Snapshot::with_covered(roadmap, statuses, &[])
    }

    /// With shared-topic coverage: `covered` from `Coverage::covered_steps`.
    pub fn with_covered(roadmap: &Roadmap, statuses: &[Status], covered: &[bool]) -> Snapshot {
        let effective = effective_with(roadmap, statuses, covered);
        let settled = settled(&effective);
        let summary = summarize(roadmap, &effective);
        Snapshot {
            effective,
            settled,
            summary,
            external_open: Vec::new(),
        }
    }

    /// Marks the steps whose `other-roadmap/step` prerequisite is still open, so they
    /// count as blocked. `settled(roadmap, step)` says whether that step needs no more
    /// work, `None` when it is not loaded (an unknown prerequisite blocks nothing: the
    /// catalog already warns about it).
    pub fn block_on_externals(
        &mut self,
        roadmap: &Roadmap,
        settled: impl Fn(&str, &str) -> Option<bool>,
    ) {
        self.external_open = roadmap
            .steps
            .iter()
            .map(|s| {
                s.requires.iter().any(|r| match r {
                    StepRef::External { roadmap, step } => settled(roadmap, step) == Some(false),
                    StepRef::Local(_) => false,
                })
            })
            .collect();
    }

    /// Progress of step `i`'s sub-steps; `None` when it has none.
    pub fn sub_steps(&self, roadmap: &Roadmap, graph: &Graph, i: usize) -> Option<Tally> {
        let children = graph.children(i);
        if children.is_empty() {
            return None;
        }
        let mut t = Tally::default();
        for &c in children {
            let c = c as usize;
            t.add(
                self.effective.get(c).copied().unwrap_or(Effective::Todo),
                roadmap.steps.get(c).and_then(|s| s.hours),
            );
        }
        Some(t)
    }

    /// Some prerequisite of step `i`, in this roadmap or (once looked up) another, is open.
    pub fn is_blocked(&self, graph: &Graph, i: usize) -> bool {
        graph.is_blocked(i, &self.settled) || self.external_open.get(i).copied().unwrap_or(false)
    }
}

/// The date `hours_left` will be done at `hours_per_week`, counting from `today`.
/// `None` without a usable pace.
pub fn finish_date(hours_left: f64, hours_per_week: f64, today: NaiveDate) -> Option<NaiveDate> {
    if !(hours_per_week.is_finite() && hours_per_week > 0.0 && hours_left.is_finite()) {
        return None;
    }
    let days = (hours_left.max(0.0) / hours_per_week * 7.0).ceil();
    // Beyond ~27 years the estimate means nothing; refuse rather than overflow.
    if days > 10_000.0 {
        return None;
    }
    today.checked_add_days(Days::new(days as u64))
}

/// How the hours actually finished over a recent window compare with the set pace.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PaceReport {
    pub hours_per_week: f64,
    /// The span compared: usually 4 weeks, shorter for someone who started recently.
    pub window_weeks: f64,
    /// Hours of the steps finished inside the window.
    pub logged_hours: f64,
    /// `logged / window_weeks`.
    pub achieved_per_week: f64,
    /// Positive: ahead of the pace by that many weeks of work; negative: behind.
    pub weeks_ahead: f64,
}

pub fn pace_report(
    hours_per_week: f64,
    logged_hours: f64,
    window_weeks: f64,
) -> Option<PaceReport> {
    let positive = |x: f64| x.is_finite() && x > 0.0;
    if !positive(hours_per_week) || !positive(window_weeks) {
        return None;
    }
    let expected = hours_per_week * window_weeks;
    Some(PaceReport {
        hours_per_week,
        window_weeks,
        logged_hours,
        achieved_per_week: logged_hours / window_weeks,
        weeks_ahead: (logged_hours - expected) / hours_per_week,
    })
}

/// The span to compare with the pace: `max_weeks`, or less for someone whose first
/// recorded change is more recent (never under one week, so day one is not judged).
pub fn pace_window_weeks(
    first_change: Option<NaiveDateTime>,
    now: NaiveDateTime,
    max_weeks: f64,
) -> f64 {
    match first_change {
        Some(first) => {
            let weeks = (now - first).num_seconds() as f64 / (7.0 * 24.0 * 3600.0);
            weeks.clamp(1.0, max_weeks.max(1.0))
        }
        None => max_weeks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roadmap::{Group, Phase, Step};

    fn roadmap() -> Roadmap {
        let step = |id: &str, phase, hours| Step {
            id: id.into(),
            title: id.into(),
            phase,
            hours,
            ..Step::default()
        };
        Roadmap {
            id: "r".into(),
            title: "R".into(),
            phases: vec![Phase::new("a", "A"), Phase::new("b", "B")],
            steps: vec![
                step("go", 0, Some(10.0)),
                step("rust", 0, Some(20.0)),
                step("sql", 1, Some(5.0)),
                step("nosql", 1, None),
            ],
            groups: vec![Group {
                id: "lang".into(),
                title: "Language".into(),
                pick: 1,
                steps: vec![0, 1],
                ..Group::default()
            }],
            ..Roadmap::default()
        }
    }

    #[test]
    fn skipped_and_not_needed_leave_the_denominator() {
        let r = roadmap();
        let s = Snapshot::new(&r, &[Status::Done, Status::Todo, Status::Skipped]);
        assert_eq!(
            s.effective,
            vec![
                Effective::Done,
                Effective::NotNeeded,
                Effective::Skipped,
                Effective::Todo
            ]
        );
        let t = s.summary.total;
        assert_eq!((t.steps, t.counted(), t.done), (4, 2, 1));
        assert_eq!(t.percent(), 50);
        // rust (not needed) and sql (skipped) carry no hours; nosql has none known.
        assert_eq!(
            (t.hours, t.hours_done, t.steps_without_hours),
            (10.0, 10.0, 1)
        );
        assert_eq!(s.summary.phases[0].ratio(), 1.0);
        assert_eq!(s.summary.phases[1].counted(), 1);
    }

    #[test]
    fn an_unsettled_group_counts_every_member() {
        let r = roadmap();
        let s = Snapshot::new(&r, &[Status::InProgress]);
        assert_eq!(s.summary.total.counted(), 4);
        assert_eq!(s.summary.total.hours_left(), 35.0);
        assert_eq!(s.summary.total.in_progress, 1);
    }

    #[test]
    fn finish_date_rounds_up_to_whole_days() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        // 10 h at 6 h/week = 11.67 days → 12.
        assert_eq!(
            finish_date(10.0, 6.0, today),
            NaiveDate::from_ymd_opt(2026, 12, 5)
        );
        assert_eq!(finish_date(0.0, 6.0, today), Some(today));
        assert_eq!(finish_date(10.0, 0.0, today), None);
        assert_eq!(finish_date(10.0, f64::NAN, today), None);
    }

    #[test]
    fn pace_window_shrinks_for_a_recent_start() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let days_ago = |d| Some(now - chrono::Duration::days(d));
        assert_eq!(pace_window_weeks(days_ago(14), now, 4.0), 2.0);
        assert_eq!(pace_window_weeks(days_ago(2), now, 4.0), 1.0);
        assert_eq!(pace_window_weeks(days_ago(90), now, 4.0), 4.0);
        assert_eq!(pace_window_weeks(None, now, 4.0), 4.0);
    }

    #[test]
    fn pace_report_says_ahead_or_behind_in_weeks() {
        let r = pace_report(6.0, 30.0, 4.0).unwrap();
        assert_eq!(r.achieved_per_week, 7.5);
        assert_eq!(r.weeks_ahead, 1.0);
        assert!(pace_report(6.0, 12.0, 4.0).unwrap().weeks_ahead < 0.0);
        // One week in, 6 h done at 6 h/week is on pace.
        assert_eq!(pace_report(6.0, 6.0, 1.0).unwrap().weeks_ahead, 0.0);
        assert!(pace_report(0.0, 12.0, 4.0).is_none());
        assert!(pace_report(6.0, 12.0, 0.0).is_none());
    }
}
