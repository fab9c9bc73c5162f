//! Time that is honest: `pace [ROADMAP] [HOURS]` (per roadmap, the global value as
//! default), `plan ROADMAP --start DATE` (the source's windows on the calendar), and the
//! estimate lines `progress` prints — an hour-based finish only when hours are known,
//! throughput in steps per week, the plan's week and verdict, and why there is no
//! estimate when there is none. The date math is in `model::schedule`.
//!
//! Over 500 lines: `pace`, `plan` and the estimate lines share the pace and plan
//! look-ups and the verdict wording; splitting them would scatter one rule set.

use super::GlobalArgs;
use super::context::{
    find_roadmap, fmt_hours, json_text, load_catalog, now, open_store, plural, today, write_out,
};
use crate::model::progress::{
    PaceReport, Summary, Tally, finish_date, pace_report, pace_window_weeks,
};
use crate::model::schedule::{Plan, PlanStatus, Throughput, parse_duration, parse_window};
use crate::model::{Roadmap, Snapshot, Status};
use crate::sanitize::inert;
use crate::store::{StepState, Store};
use anyhow::{Context, bail};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
// foldhash, not SipHash: `progress` looks up every step of a roadmap in the window's set.
use hashbrown::HashSet;
use std::fmt::Write as _;
use std::process::ExitCode;

/// The window `progress` measures pace and throughput over.
pub(super) const WINDOW_WEEKS: f64 = 4.0;

/// The pace that applies to a roadmap, and whether it is the roadmap's own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(super) struct Pace {
    pub(super) hours_per_week: f64,
    /// `"roadmap"` (set with `waymark pace ROADMAP H`) or `"global"`.
    pub(super) source: &'static str,
}

pub(super) fn pace_for(store: &Store, roadmap: &str) -> anyhow::Result<Option<Pace>> {
    if let Some(h) = store.roadmap_pace(roadmap)? {
        return Ok(Some(Pace {
            hours_per_week: h,
            source: "roadmap",
        }));
    }
    Ok(store.pace()?.map(|h| Pace {
        hours_per_week: h,
        source: "global",
    }))
}

/// The stored start of a roadmap's plan.
pub(super) fn plan_start(store: &Store, roadmap: &str) -> anyhow::Result<Option<NaiveDate>> {
    Ok(store.plan_start(roadmap)?)
}

// ---------------------------------------------------------------- pace

/// `waymark pace [ROADMAP] [HOURS] [--clear]`.
pub fn pace(g: &GlobalArgs, args: &[String], clear: bool) -> anyhow::Result<ExitCode> {
    let (roadmap, hours) = match args {
        [] => (None, None),
        [one] if one.parse::<f64>().is_ok() => (None, Some(one.as_str())),
        [one] => (Some(one.as_str()), None),
        [r, h] => (Some(r.as_str()), Some(h.as_str())),
        _ => bail!(
            "expected `waymark pace [ROADMAP] [HOURS]`, got {} arguments",
            args.len()
        ),
    };
    let cat = roadmap.map(|_| load_catalog(g));
    let roadmap = match (roadmap, &cat) {
        (Some(id), Some(cat)) => Some(find_roadmap(cat, id)?),
        _ => None,
    };
    let hours = hours
        .map(|h| {
            let v: f64 = h
                .parse()
                .with_context(|| format!("pace {h:?}: expected hours per week, a number"))?;
            if !(v.is_finite() && v > 0.0 && v <= 168.0) {
                bail!("pace must be more than 0 and at most 168 hours per week, not {h}");
            }
            Ok(v)
        })
        .transpose()?;
    let mut store = open_store(g)?;
    match (roadmap, hours, clear) {
        (None, None, true) => {
            store.set_pace(None)?;
            write_out("pace cleared\n")
        }
        (Some(r), None, true) => {
            store.set_roadmap_pace(&r.id, None)?;
            write_out(&format!(
                "pace for {} cleared; it follows the global pace\n",
                r.id
            ))
        }
        (None, Some(h), _) => {
            store.set_pace(Some(h))?;
            write_out(&format!("pace set to {} h/week\n", fmt_hours(h)))
        }
        (Some(r), Some(h), _) => {
            store.set_roadmap_pace(&r.id, Some(h))?;
            write_out(&format!(
                "pace for {} set to {} h/week\n",
                r.id,
                fmt_hours(h)
            ))
        }
        (Some(r), None, false) => write_out(&match pace_for(&store, &r.id)? {
            Some(p) if p.source == "roadmap" => {
                format!("{}: {} h/week\n", r.id, fmt_hours(p.hours_per_week))
            }
            Some(p) => format!(
                "{}: {} h/week (the global pace; `waymark pace {} HOURS` sets its own)\n",
                r.id,
                fmt_hours(p.hours_per_week),
                r.id
            ),
            None => format!(
                "{}: no pace set; set one with `waymark pace {} HOURS_PER_WEEK`\n",
                r.id, r.id
            ),
        }),
        (None, None, false) => {
            let mut out = match store.pace()? {
                Some(p) => format!("{} h/week\n", fmt_hours(p)),
                None => "no pace set; set one with `waymark pace HOURS_PER_WEEK`\n".into(),
            };
            let cat = load_catalog(g);
            for l in &cat.roadmaps {
                if let Some(p) = pace_for(&store, &l.roadmap.id)?.filter(|p| p.source == "roadmap")
                {
                    writeln!(
                        out,
                        "  {}: {} h/week",
                        l.roadmap.id,
                        fmt_hours(p.hours_per_week)
                    )?;
                }
            }
            write_out(&out)
        }
    }
}

// ---------------------------------------------------------------- plan

#[derive(Serialize)]
struct PlanPhaseJson<'a> {
    id: &'a str,
    title: &'a str,
    window: Option<&'a str>,
    /// `None` for a phase the plan leaves out (no window).
    start: Option<NaiveDate>,
    /// The last day of the phase's window.
    last_day: Option<NaiveDate>,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    roadmap: &'a str,
    start: NaiveDate,
    end: NaiveDate,
    weeks: i64,
    source: crate::model::schedule::PlanSource,
    status: PlanStatus,
    phases: Vec<PlanPhaseJson<'a>>,
}

/// How the source describes its schedule, for a roadmap without a plan yet.
pub(super) fn schedule_text(r: &Roadmap) -> Option<String> {
    let windows: Vec<&str> = r
        .phases
        .iter()
        .filter_map(|p| p.window.as_deref().filter(|w| parse_window(w).is_some()))
        .collect();
    if let (Some(first), Some(last)) = (windows.first(), windows.last()) {
        return Some(format!("phase windows {first} … {last}"));
    }
    let d = r.duration.as_deref()?;
    parse_duration(d).map(|_| format!("\"{d}\""))
}

/// `waymark plan ROADMAP [--start DATE] [--clear] [--json]`.
pub fn plan(
    g: &GlobalArgs,
    id: &str,
    start: Option<&str>,
    clear: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let at = now()?;
    let cat = load_catalog(g);
    let r = find_roadmap(cat, id)?;
    let start = start
        .map(|s| match s.trim() {
            "today" => Ok(today(at)),
            t => NaiveDate::parse_from_str(t, "%Y-%m-%d").with_context(|| {
                format!("--start {s:?}: expected a date as YYYY-MM-DD, or `today`")
            }),
        })
        .transpose()?;
    if let Some(d) = start
        && Plan::new(r, d).is_none()
    {
        bail!(
            "{} has no schedule to lay on the calendar: no phase has a `window` like \"Weeks 1–2\" \
             and it has no `duration` like \"about 6 months\"; nothing was stored",
            r.id
        );
    }
    let mut store = open_store(g)?;
    if clear {
        store.set_plan_start(&r.id, None)?;
        return write_out(&format!("plan for {} cleared\n", r.id));
    }
    if let Some(d) = start {
        store.set_plan_start(&r.id, Some(d))?;
    }
    let Some(start) = plan_start(&store, &r.id)? else {
        let hint = match schedule_text(r) {
            Some(s) => format!(
                "{} has no plan yet; its source's schedule: {s}. \
                 `waymark plan {} --start YYYY-MM-DD` lays it on the calendar\n",
                r.id, r.id
            ),
            None => format!(
                "{} has no schedule of its own (no phase windows, no duration); \
                 `waymark progress {}` estimates from your throughput instead\n",
                r.id, r.id
            ),
        };
        return write_out(&hint);
    };
    let Some(plan) = Plan::new(r, start) else {
        bail!(
            "{}: the stored plan no longer fits the roadmap (no schedule)",
            r.id
        );
    };
    let snap = progress_snapshot(&store, cat, r)?;
    let status = plan_status(&plan, &snap.summary, today(at));
    if json {
        let phases = r
            .phases
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let planned = plan.phases.iter().find(|pp| pp.phase == i);
                PlanPhaseJson {
                    id: &p.id,
                    title: &p.title,
                    window: p.window.as_deref(),
                    start: planned.map(|pp| pp.start),
                    last_day: planned.and_then(|pp| pp.end.pred_opt()),
                }
            })
            .collect();
        return write_out(&json_text(&PlanJson {
            roadmap: &r.id,
            start: plan.start,
            end: plan.end,
            weeks: plan.weeks(),
            source: plan.source,
            status,
            phases,
        })?);
    }
    let mut out = String::new();
    writeln!(
        out,
        "{} ({}): {} from {} to {}",
        inert(&r.title),
        r.id,
        plural(plan.weeks(), "week", "weeks"),
        plan.start,
        plan.end.pred_opt().unwrap_or(plan.end)
    )?;
    for (i, p) in r.phases.iter().enumerate() {
        let title = inert(&p.title);
        match plan.phases.iter().find(|pp| pp.phase == i) {
            Some(pp) => {
                let week = |d: NaiveDate| (d - plan.start).num_days() / 7 + 1;
                let last = pp.end.pred_opt().unwrap_or(pp.end);
                let mark = if status.expected_phases.contains(&i) {
                    "▶"
                } else {
                    " "
                };
                writeln!(
                    out,
                    "{mark} {} → {}  weeks {:>2}–{:<2}  {title}",
                    pp.start,
                    last,
                    week(pp.start),
                    week(last)
                )?;
            }
            None => writeln!(
                out,
                "  {:23}  {:9}  {title} (no window: not in the plan)",
                "", ""
            )?,
        }
    }
    writeln!(out, "{}", plan_line(r, &status, active(&store, r, &snap)?))?;
    write_out(&out)
}

fn progress_snapshot(
    store: &Store,
    cat: &crate::catalog::Catalog,
    r: &Roadmap,
) -> anyhow::Result<Snapshot> {
    Ok(super::context::Progress::read(Some(store), cat)?.snapshot(cat, r))
}

fn active(store: &Store, r: &Roadmap, snap: &Snapshot) -> anyhow::Result<bool> {
    Ok(store.first_change(&r.id)?.is_some() || snap.summary.total.done > 0)
}

pub(super) fn plan_status(plan: &Plan, summary: &Summary, today: NaiveDate) -> PlanStatus {
    let counted: Vec<usize> = summary.phases.iter().map(Tally::counted).collect();
    let done: Vec<usize> = summary.phases.iter().map(|t| t.done).collect();
    plan.status(&counted, &done, today)
}

/// One line: the plan's week, the phase it expects, ahead or behind.
pub(super) fn plan_line(r: &Roadmap, s: &PlanStatus, active: bool) -> String {
    let phases: Vec<String> = s
        .expected_phases
        .iter()
        .filter_map(|&p| r.phases.get(p))
        .map(|p| inert(&p.title).into_owned())
        .collect();
    let mut line = match (s.week, s.starts_in_days) {
        (_, Some(days)) => format!(
            "the plan starts in {days} day{}",
            if days == 1 { "" } else { "s" }
        ),
        (Some(w), _) if s.finished => format!("the plan ended (week {w}, of {} weeks)", s.weeks),
        (Some(w), _) => format!("week {w} of {}", s.weeks),
        (None, None) => String::new(),
    };
    if !phases.is_empty() {
        write!(line, ", the plan expects {}", phases.join(" and ")).ok();
    }
    write!(
        line,
        "; {}/{} planned steps done, {:.0} expected by now",
        s.done, s.total, s.expected_done
    )
    .ok();
    match s.weeks_ahead {
        Some(_) if !active => {
            line.push_str("; no activity on this roadmap yet, so not ahead or behind")
        }
        Some(w) => line.push_str(&format!("; {}", verdict(w))),
        None => {}
    }
    line
}

/// "1.5 weeks ahead", "2.0 weeks behind" or "on pace".
pub(super) fn verdict(weeks_ahead: f64) -> String {
    if weeks_ahead >= 0.05 {
        format!("{weeks_ahead:.1} weeks ahead")
    } else if weeks_ahead <= -0.05 {
        format!("{:.1} weeks behind", -weeks_ahead)
    } else {
        "on pace".into()
    }
}

// ---------------------------------------------------------------- estimates

/// Everything `progress` says about time for one roadmap.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Estimate {
    pub(super) pace: Option<Pace>,
    /// From hours left ÷ pace; only when the roadmap has hour estimates.
    pub(super) finish: Option<NaiveDate>,
    /// Hours finished over the window against the pace; only with activity.
    pub(super) pace_report: Option<PaceReport>,
    /// Steps finished per week over the window.
    pub(super) throughput: Option<Throughput>,
    /// When the steps left are done at that rate.
    pub(super) throughput_finish: Option<NaiveDate>,
    pub(super) plan_start: Option<NaiveDate>,
    pub(super) plan: Option<PlanStatus>,
    /// The source's schedule when no plan is set (`plan ROADMAP --start` lays it out).
    pub(super) schedule: Option<String>,
    /// Any change recorded, or any step done or covered.
    pub(super) active: bool,
    /// Why a figure is missing, in words.
    pub(super) notes: Vec<String>,
}

/// What an estimate needs from the database about one roadmap, read in one go so that
/// `progress` can also take it from the states cache (src/cli/states_cache.rs).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TimeFacts {
    pub(super) pace: Option<Pace>,
    pub(super) first_change: Option<DateTime<Utc>>,
    pub(super) plan_start: Option<NaiveDate>,
    /// The steps the history shows made done at `done_from` or later, each with the
    /// last time.
    pub(super) done: Vec<(String, DateTime<Utc>)>,
    pub(super) done_from: DateTime<Utc>,
}

impl TimeFacts {
    /// For an estimate at `at`: the history read is that of the window before it.
    pub(super) fn read(store: &Store, roadmap: &str, at: DateTime<Utc>) -> anyhow::Result<Self> {
        let done_from = window_start(at);
        Ok(TimeFacts {
            pace: pace_for(store, roadmap)?,
            first_change: store.first_change(roadmap)?,
            plan_start: plan_start(store, roadmap)?,
            done: store.last_done_since(roadmap, Some(done_from))?,
            done_from,
        })
    }

    /// No database yet: no pace, plan or history.
    pub(super) fn none(at: DateTime<Utc>) -> Self {
        TimeFacts {
            pace: None,
            first_change: None,
            plan_start: None,
            done: Vec::new(),
            done_from: window_start(at),
        }
    }

    /// Whether the history kept reaches back to the window of an estimate at `at`.
    pub(super) fn cover(&self, at: DateTime<Utc>) -> bool {
        window_start(at) >= self.done_from
    }
}

fn window_start(at: DateTime<Utc>) -> DateTime<Utc> {
    at - chrono::Duration::weeks(WINDOW_WEEKS as i64)
}

/// Per step of `r`: whether its stored status is done, as [`estimate`] takes it.
pub(super) fn done_flags(states: &[Option<StepState>]) -> Vec<bool> {
    states
        .iter()
        .map(|st| st.as_ref().is_some_and(|st| st.status == Status::Done))
        .collect()
}

/// Steps of `r` that became done inside the history window (`recent`, by id) and are
/// still done (`done`, per step), and their hours.
fn finished_in_window(r: &Roadmap, done: &[bool], recent: &HashSet<&str>) -> (usize, f64) {
    r.steps
        .iter()
        .zip(done)
        // The flag first: it is a read, the id a hash lookup.
        .filter(|(s, done)| **done && recent.contains(s.id.as_str()))
        .fold((0, 0.0), |(n, h), (s, _)| {
            (n + 1, h + s.hours.unwrap_or(0.0))
        })
}

/// The estimate for `r` from its time facts, its progress `summary` and which of its
/// steps are stored as done ([`done_flags`]). Of `r` it reads only the ids, titles,
/// duration and phases and its steps' ids, phases and hours (what `progress` keeps of
/// it: src/cli/report.rs).
pub(super) fn estimate(
    facts: &TimeFacts,
    r: &Roadmap,
    summary: &Summary,
    done: &[bool],
    at: DateTime<Utc>,
) -> Estimate {
    let day = today(at);
    let t = summary.total;
    let pace = facts.pace;
    let first_change = facts.first_change;
    let active = first_change.is_some() || t.done > 0;
    let weeks = pace_window_weeks(
        first_change.map(|t| t.naive_utc()),
        at.naive_utc(),
        WINDOW_WEEKS,
    );
    let window = window_start(at);
    let mut recent: HashSet<&str> = HashSet::with_capacity(facts.done.len());
    recent.extend(
        facts
            .done
            .iter()
            .filter(|(_, t)| *t >= window)
            .map(|(s, _)| s.as_str()),
    );
    let (steps, hours) = finished_in_window(r, done, &recent);
    let mut notes = Vec::new();

    let finish = match pace {
        Some(_) if t.hours <= 0.0 => {
            notes.push("no step has an hour estimate, so no finish date from hours".into());
            None
        }
        Some(p) => finish_date(t.hours_left(), p.hours_per_week, day),
        None => None,
    };
    let pace_report = match pace {
        Some(_) if first_change.is_none() => {
            notes.push("no activity on this roadmap yet, so no comparison with the pace".into());
            None
        }
        Some(_) if t.hours <= 0.0 => None,
        Some(p) => pace_report(p.hours_per_week, hours, weeks),
        None => None,
    };
    let throughput = Throughput::new(steps, weeks);
    let left = t.counted() - t.done;
    let throughput_finish = throughput.and_then(|tp| tp.finish(left, day));
    if throughput.is_none() && left > 0 {
        notes.push(format!(
            "no step finished here in the last {}, so no estimate from throughput",
            weeks_phrase(weeks)
        ));
    }
    let plan_start = facts.plan_start;
    let plan = plan_start
        .and_then(|s| Plan::new(r, s))
        .map(|p| plan_status(&p, summary, day));
    let schedule = if plan.is_none() {
        schedule_text(r)
    } else {
        None
    };
    Estimate {
        pace,
        finish,
        pace_report,
        throughput,
        throughput_finish,
        plan_start,
        plan,
        schedule,
        active,
        notes,
    }
}

/// "week" or "N weeks", as in "the last …": a one-week window reads as English.
fn weeks_phrase(weeks: f64) -> String {
    match fmt_hours(weeks).as_str() {
        "1" => "week".to_string(),
        n => format!("{n} weeks"),
    }
}

/// The estimate as the indented lines of `progress`.
pub(super) fn write_estimate(
    out: &mut String,
    r: &Roadmap,
    t: &Tally,
    e: &Estimate,
) -> anyhow::Result<()> {
    if let Some(p) = e.pace {
        let mut line = format!(
            "{} h/week{}",
            fmt_hours(p.hours_per_week),
            if p.source == "roadmap" {
                " (this roadmap's own)"
            } else {
                ""
            }
        );
        if let Some(d) = e.finish {
            write!(line, ", projected finish {d}")?;
        }
        if let Some(rep) = &e.pace_report {
            write!(
                line,
                "; last {}: {} h done ({} h/week), {}",
                weeks_phrase(rep.window_weeks),
                fmt_hours(rep.logged_hours),
                fmt_hours(rep.achieved_per_week),
                verdict(rep.weeks_ahead)
            )?;
        }
        writeln!(out, "  pace   {line}")?;
    }
    if let Some(tp) = &e.throughput {
        let mut line = format!(
            "{} step{} done in the last {} ({:.1}/week)",
            tp.steps,
            if tp.steps == 1 { "" } else { "s" },
            weeks_phrase(tp.weeks),
            tp.per_week
        );
        if let Some(d) = e.throughput_finish
            && t.counted() > t.done
        {
            write!(line, ", at that rate done by {d}")?;
        }
        writeln!(out, "  rate   {line}")?;
    }
    match (&e.plan, e.plan_start, &e.schedule) {
        (Some(s), Some(start), _) => {
            writeln!(out, "  plan   from {start}: {}", plan_line(r, s, e.active))?
        }
        (_, _, Some(s)) => writeln!(
            out,
            "  plan   the source's schedule: {s}; `waymark plan {} --start DATE` lays it on the calendar",
            r.id
        )?,
        _ => {}
    }
    for n in &e.notes {
        writeln!(out, "  note   {n}")?;
    }
    Ok(())
}
