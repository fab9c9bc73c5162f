//! `waymark review`: done steps come back on a spaced schedule (`model::review`). In a
//! terminal it walks the due steps one by one and reads one key per answer (raw mode,
//! restored on every way out); `--json` lists them and `--answer` records one, so
//! scripts and tests need no terminal.

use super::GlobalArgs;
use super::context::{
    find_roadmap, json_text, load_catalog, now, open_existing, open_store, resolve, step_states,
    write_out,
};
use crate::catalog::Catalog;
use crate::model::review::{Answer, Answers, Schedule, due, schedule};
use crate::model::{Roadmap, Status};
use crate::sanitize::inert;
use crate::session::{local_day, review_answers};
use crate::store::Store;
use anyhow::{Context, bail};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// What `review` was asked to do.
#[derive(Debug, Default)]
pub struct ReviewArgs {
    pub roadmap: Option<String>,
    pub json: bool,
    /// `ROADMAP/STEP` and `good|hard|forgot`.
    pub answer: Option<Vec<String>>,
    /// With `forgot`: set the step back to in progress.
    pub reopen: bool,
    pub off: bool,
    pub on: bool,
}

/// The status a "forgot" reopens a step to: you are learning it again.
pub const REOPENED: Status = Status::InProgress;

/// A done step that is due.
struct Due<'c> {
    roadmap: &'c Roadmap,
    index: usize,
    schedule: Schedule,
    note: Option<String>,
}

#[derive(Serialize)]
struct DueJson<'a> {
    roadmap: &'a str,
    step: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    note: Option<&'a str>,
    resources: Vec<ResourceJson<'a>>,
    due: NaiveDate,
    /// Days of the interval now running.
    interval_days: u64,
    reviews: usize,
}

#[derive(Serialize)]
struct ResourceJson<'a> {
    title: &'a str,
    url: Option<&'a str>,
}

/// Due steps of `roadmaps` on `today`, soonest first.
fn due_steps<'c>(
    store: &Store,
    roadmaps: &[&'c Roadmap],
    answers: &HashMap<String, Answers>,
    today: NaiveDate,
) -> anyhow::Result<Vec<Due<'c>>> {
    let empty = Answers::new();
    let mut out = Vec::new();
    for &r in roadmaps {
        let states = step_states(store, r)?;
        let statuses: Vec<Status> = states
            .iter()
            .map(|s| s.as_ref().map_or(Status::Todo, |s| s.status))
            .collect();
        let done_on: Vec<Option<NaiveDate>> = states
            .iter()
            .map(|s| s.as_ref().and_then(|s| s.changed_at).map(local_day))
            .collect();
        let given = answers.get(&r.id).unwrap_or(&empty);
        for (index, schedule) in due(r, &statuses, &done_on, given, today) {
            let note = states[index].as_ref().and_then(|s| s.note.clone());
            out.push(Due {
                roadmap: r,
                index,
                schedule,
                note,
            });
        }
    }
    out.sort_by_key(|d| d.schedule.due);
    Ok(out)
}

/// The config's `review` key (on unless set).
fn config_review(g: &GlobalArgs) -> bool {
    super::context::config(g).review
}

/// Which steps of `roadmap` are due today, by index (`show … is:due`).
pub(super) fn due_flags(g: &GlobalArgs, roadmap: &Roadmap) -> anyhow::Result<Vec<bool>> {
    let today = local_day(now()?);
    let mut flags = vec![false; roadmap.steps.len()];
    let Some(store) = open_existing(g)? else {
        return Ok(flags);
    };
    if !store.review_enabled_or(config_review(g))? {
        return Ok(flags);
    }
    let answers = review_answers(&store.reviews()?);
    for d in due_steps(&store, &[roadmap], &answers, today)? {
        flags[d.index] = true;
    }
    Ok(flags)
}

pub fn review(g: &GlobalArgs, args: &ReviewArgs) -> anyhow::Result<ExitCode> {
    if args.off || args.on {
        let mut store = open_store(g)?;
        store.set_review_enabled(args.on)?;
        return write_out(if args.on {
            "review is on: done steps come due after 3 days, 1, 3 and 8 weeks, 6 months\n"
        } else {
            "review is off: no steps come due (`waymark review --on` turns it back on)\n"
        });
    }
    let cat = load_catalog(g);
    if let Some(answer) = &args.answer {
        return answer_one(g, cat, answer, args.reopen);
    }
    let at = now()?;
    let today = local_day(at);
    let roadmaps: Vec<&Roadmap> = match &args.roadmap {
        Some(id) => vec![find_roadmap(cat, id)?],
        None => cat.roadmaps.iter().map(|l| &l.roadmap).collect(),
    };
    let store = open_existing(g)?;
    if let Some(s) = &store
        && !s.review_enabled_or(config_review(g))?
    {
        if args.json {
            return write_out(&json_text::<[DueJson]>(&[])?);
        }
        return write_out("review is off (`waymark review --on` turns it on)\n");
    }
    let items = match &store {
        Some(s) => due_steps(s, &roadmaps, &review_answers(&s.reviews()?), today)?,
        None => Vec::new(),
    };
    if args.json {
        let list: Vec<DueJson> = items.iter().map(to_json).collect();
        return write_out(&json_text(&list)?);
    }
    if items.is_empty() {
        return write_out("nothing is due for review today\n");
    }
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!(
            "{} due; reviewing one by one needs a terminal. `waymark review --json` lists \
             them, `waymark review --answer ROADMAP/STEP good|hard|forgot` records one",
            items.len()
        );
    }
    drop(store);
    let mut store = open_store(g)?;
    walk(&mut store, &items)
}

fn to_json<'a>(d: &'a Due<'_>) -> DueJson<'a> {
    let step = &d.roadmap.steps[d.index];
    DueJson {
        roadmap: &d.roadmap.id,
        step: &step.id,
        title: &step.title,
        summary: step.summary.as_deref(),
        note: d.note.as_deref(),
        resources: step
            .resources
            .iter()
            .map(|r| ResourceJson {
                title: &r.title,
                url: r.url.as_deref(),
            })
            .collect(),
        due: d.schedule.due,
        interval_days: d.schedule.interval_days(),
        reviews: d.schedule.reviews,
    }
}

/// The schedule after the answer just recorded, read back from the store.
fn next_due(store: &Store, roadmap: &str, step: &str) -> anyhow::Result<Option<Schedule>> {
    let Some(state) = store.state(roadmap, step)? else {
        return Ok(None);
    };
    let (Status::Done, Some(changed)) = (state.status, state.changed_at) else {
        return Ok(None);
    };
    let answers = review_answers(&store.reviews()?);
    let given = answers
        .get(roadmap)
        .and_then(|a| a.get(step))
        .map_or(&[][..], Vec::as_slice);
    Ok(Some(schedule(local_day(changed), given)))
}

fn outcome(store: &Store, roadmap: &str, step: &str, today: NaiveDate) -> anyhow::Result<String> {
    Ok(match next_due(store, roadmap, step)? {
        Some(s) => format!(
            "next review {} (in {} days)",
            s.due,
            (s.due - today).num_days()
        ),
        None => "reopened: it is in progress again".into(),
    })
}

fn answer_one(
    g: &GlobalArgs,
    cat: &Catalog,
    answer: &[String],
    reopen: bool,
) -> anyhow::Result<ExitCode> {
    let [step, word] = answer else {
        bail!("--answer takes ROADMAP/STEP and good, hard or forgot");
    };
    let Ok(answer) = word.parse::<Answer>() else {
        bail!("`{word}` is not an answer; use good, hard or forgot");
    };
    if reopen && answer != Answer::Forgot {
        bail!("--reopen goes with `forgot` only");
    }
    let at = now()?;
    let r = resolve(cat, step)?;
    let mut store = open_store(g)?;
    if !store.review_enabled_or(config_review(g))? {
        bail!("review is off; `waymark review --on` turns it on");
    }
    let id = r.step_id().to_owned();
    let full = format!("{}/{id}", r.roadmap.id);
    let status = store
        .state(&r.roadmap.id, &id)?
        .map_or(Status::Todo, |s| s.status);
    if status != Status::Done {
        bail!("{full} is {status}, not done: only done steps are reviewed");
    }
    store
        .record_review(&r.roadmap.id, &id, answer, reopen.then_some(REOPENED), at)
        .with_context(|| format!("recording the review of {full}"))?;
    let next = outcome(&store, &r.roadmap.id, &id, local_day(at))?;
    write_out(&format!(
        "{}: {full} ({}) — {next}\n",
        answer.as_str(),
        inert(r.title())
    ))
}

/// Raw mode for one-key answers; dropped on every way out (return, `?`, panic).
struct RawMode;

impl RawMode {
    fn on() -> anyhow::Result<RawMode> {
        crossterm::terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Prints text in raw mode: inert, and `\r\n` since raw mode does not return the carriage.
fn say(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for line in text.lines() {
        write!(out, "{}\r\n", inert(line))?;
    }
    out.flush()?;
    Ok(())
}

/// One key, lower-cased; Esc and Ctrl-C read as `q`.
fn read_key() -> anyhow::Result<char> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    loop {
        if let Event::Key(k) = read()? {
            if k.kind != KeyEventKind::Press {
                continue;
            }
            match k.code {
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Ok('q');
                }
                KeyCode::Esc => return Ok('q'),
                KeyCode::Char(c) => return Ok(c.to_ascii_lowercase()),
                _ => {}
            }
        }
    }
}

/// The card of one due step: what a person needs to check they still know it.
fn card(d: &DueJson<'_>, n: usize, total: usize) -> String {
    let mut s = format!(
        "── {n}/{total} · {}/{} · due {} (every {} days, {} reviews so far)\n{}\n",
        d.roadmap, d.step, d.due, d.interval_days, d.reviews, d.title
    );
    if let Some(sum) = d.summary {
        s.push_str(&format!("  {sum}\n"));
    }
    if let Some(note) = d.note {
        s.push_str(&format!("  note: {note}\n"));
    }
    for r in &d.resources {
        match r.url {
            Some(u) => s.push_str(&format!("  · {} — {u}\n", r.title)),
            None => s.push_str(&format!("  · {}\n", r.title)),
        }
    }
    s
}

fn walk(store: &mut Store, items: &[Due<'_>]) -> anyhow::Result<ExitCode> {
    let raw = RawMode::on()?;
    let mut done = 0;
    for (n, d) in items.iter().enumerate() {
        say(&card(&to_json(d), n + 1, items.len()))?;
        say("  remembered it?  g good · h hard · f forgot · q stop")?;
        let answer = loop {
            match read_key()? {
                'g' => break Some(Answer::Good),
                'h' => break Some(Answer::Hard),
                'f' => break Some(Answer::Forgot),
                'q' => break None,
                _ => {}
            }
        };
        let Some(answer) = answer else { break };
        let mut reopen = false;
        if answer == Answer::Forgot {
            say("  reopen it to study again?  y yes · n keep it done")?;
            reopen = loop {
                match read_key()? {
                    'y' => break true,
                    'n' | 'q' => break false,
                    _ => {}
                }
            };
        }
        let at = now()?;
        let step = &d.roadmap.steps[d.index].id;
        store.record_review(&d.roadmap.id, step, answer, reopen.then_some(REOPENED), at)?;
        done += 1;
        say(&format!(
            "  {} — {}\n",
            answer.as_str(),
            outcome(store, &d.roadmap.id, step, local_day(at))?
        ))?;
    }
    drop(raw);
    write_out(&format!(
        "reviewed {done} of {} due step{}\n",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    ))
}
