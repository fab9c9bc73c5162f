//! Shared topics and honest time through the real binary: covered steps, `coverage`,
//! pace per roadmap, `plan`, and estimates that say why they are missing. A temp
//! database, the real bundled roadmaps; the clock is `support::cli::NOW` (2026-03-10).

use crate::support::cli::{Env, roadmap};
use serde_json::Value;

const STEPS: &str = "backend-steps";
const CHART: &str = "backend-chart-2022";

/// A step of `show ROADMAP --json`, by id.
fn shown(env: &Env, roadmap: &str, id: &str) -> Value {
    let v = env.json(&["show", roadmap, "--json"]);
    v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["steps"].as_array().unwrap().clone())
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("{roadmap}/{id} not shown"))
}

/// Chart steps whose every topic is carried by `step` of backend-steps.
fn chart_steps_sharing(step: &str) -> Vec<String> {
    let steps = roadmap(STEPS);
    let chart = roadmap(CHART);
    let topics = &steps.steps.iter().find(|s| s.id == step).unwrap().topics;
    chart
        .steps
        .iter()
        .filter(|s| !s.topics.is_empty() && s.topics.iter().all(|t| topics.contains(t)))
        .map(|s| s.id.clone())
        .collect()
}

#[test]
fn a_step_done_in_one_roadmap_covers_its_topic_in_another() {
    let env = Env::new();
    let sharing = chart_steps_sharing("http-and-https");
    assert!(sharing.contains(&"what-is-http".to_string()), "{sharing:?}");
    assert_eq!(shown(&env, CHART, "what-is-http")["status"], "todo");
    let before = env.progress(CHART);
    assert_eq!(
        (before["done"].as_u64(), before["covered"].as_u64()),
        (Some(0), Some(0))
    );

    env.ok(&["done", "backend-steps/http-and-https"]);
    let s = shown(&env, CHART, "what-is-http");
    assert_eq!(s["status"], "covered");
    assert_eq!(
        s["covered_by"],
        serde_json::json!(["backend-steps/http-and-https"])
    );
    // A step whose topic nobody did stays todo; the done step itself is plain done.
    assert_eq!(shown(&env, CHART, "rest")["status"], "todo");
    assert_eq!(shown(&env, STEPS, "http-and-https")["status"], "done");
    assert_eq!(
        shown(&env, STEPS, "http-and-https")["covered_by"],
        serde_json::json!([])
    );

    // progress counts covered steps as done, and says how many are covered.
    let p = env.progress(CHART);
    assert_eq!(p["covered"].as_u64(), Some(sharing.len() as u64));
    assert_eq!(p["done"], p["covered"]);
    let text = env.ok(&["progress", CHART]);
    assert!(
        text.contains(&format!(
            "{} of them covered by other roadmaps",
            sharing.len()
        )),
        "{text}"
    );
    // show's filter and text mark them.
    let text = env.ok(&["show", CHART, "status:covered"]);
    assert!(text.contains("[=] what-is-http"), "{text}");
    assert!(
        text.contains("covered by backend-steps/http-and-https"),
        "{text}"
    );

    // An explicit status wins: a reset to todo, or a skip, is kept over coverage.
    env.ok(&["reset", "backend-chart-2022/what-is-http"]);
    assert_eq!(shown(&env, CHART, "what-is-http")["status"], "todo");
    env.ok(&["skip", "backend-chart-2022/https"]);
    assert_eq!(shown(&env, CHART, "https")["status"], "skipped");
    let p = env.progress(CHART);
    assert_eq!(p["covered"].as_u64(), Some(sharing.len() as u64 - 2));

    // Undoing the tick elsewhere uncovers the rest.
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.progress(CHART)["covered"], 0);
    assert_eq!(shown(&env, CHART, "ssl-tls")["status"], "todo");
}

/// The Markdown export marks covered steps as `show` does: ticked, with the steps of
/// other roadmaps that cover them; the JSON export keeps the stored status (todo).
#[test]
fn export_markdown_shows_covered_steps_as_covered() {
    let env = Env::new();
    env.ok(&["done", "backend-steps/http-and-https"]);
    let covered: Vec<Value> = env.json(&["show", CHART, "status:covered", "--json"])["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["steps"].as_array().unwrap().clone())
        // Not their parents, shown as context.
        .filter(|s| s["status"] == "covered")
        .collect();
    assert!(!covered.is_empty());
    let md = env.ok(&["export", CHART, "--format", "md"]);
    let chart = roadmap(CHART);
    for s in &covered {
        let title = &chart.steps.iter().find(|c| c.id == s["id"]).unwrap().title;
        let by: Vec<&str> = s["covered_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap())
            .collect();
        let line = format!("- [x] {title} _(covered by {})_\n", by.join(", "));
        // Titles with Markdown characters are escaped; the plain ones must match.
        if !title.contains(['*', '_', '[', ']', '<', '`', '~', '|', '\\']) {
            assert!(md.contains(&line), "{line}\n{md}");
        }
    }
    assert_eq!(
        md.matches("_(covered by backend-steps/").count(),
        covered.len()
    );
    let p = env.progress(CHART);
    assert!(
        md.contains(&format!("\n{}/{} steps done", p["done"], p["counted"])),
        "{p}\n{md}"
    );
    let json = env.json(&["export", CHART, "--format", "json"]);
    let what = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "what-is-http")
        .unwrap();
    assert_eq!(what["status"], "todo", "JSON carries what was stored");
}

#[test]
fn coverage_reports_per_phase_and_what_is_new() {
    let env = Env::new();
    let text = env.ok(&["coverage", CHART]);
    assert!(text.contains("0 of"), "{text}");
    assert!(text.contains("nothing done in another roadmap"), "{text}");

    env.ok(&[
        "done",
        "backend-steps/http-and-https",
        "backend-steps/how-the-internet-works",
    ]);
    let v = env.json(&["coverage", CHART, "--json"]);
    let chart = roadmap(CHART);
    let mut want: Vec<String> = chart_steps_sharing("http-and-https");
    want.extend(chart_steps_sharing("how-the-internet-works"));
    want.sort();
    want.dedup();
    let list = v["step_list"].as_array().unwrap();
    assert_eq!(list.len(), chart.steps.len());
    let mut covered: Vec<String> = list
        .iter()
        .filter(|s| s["standing"] == "covered")
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    covered.sort();
    assert_eq!(covered, want);
    assert_eq!(v["covered"].as_u64(), Some(want.len() as u64));
    // Every other step is new: nothing is done in the chart itself.
    assert_eq!(
        v["new"].as_u64().unwrap() + v["partly"].as_u64().unwrap(),
        (chart.steps.len() - want.len()) as u64
    );
    let phase_sum: u64 = v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["covered"].as_u64().unwrap())
        .sum();
    assert_eq!(phase_sum, want.len() as u64);
    let http = list.iter().find(|s| s["id"] == "what-is-http").unwrap();
    assert_eq!(
        http["by"],
        serde_json::json!(["backend-steps/http-and-https"])
    );

    let text = env.ok(&["coverage", CHART]);
    assert!(
        text.contains("what-is-http  What is HTTP?  ← backend-steps/http-and-https"),
        "{text}"
    );
    assert!(text.contains("new to you ("), "{text}");
    env.fails(&["coverage", "backend-chartt"]);
}

#[test]
fn pace_is_per_roadmap_with_the_global_value_as_default() {
    let env = Env::new();
    env.ok(&["pace", "6"]);
    assert!(
        env.ok(&["pace", STEPS, "10"])
            .contains("pace for backend-steps set to 10 h/week")
    );
    let out = env.ok(&["pace"]);
    assert!(out.starts_with("6 h/week\n"), "{out}");
    assert!(out.contains("backend-steps: 10 h/week"), "{out}");
    assert!(env.ok(&["pace", STEPS]).contains("10 h/week"));
    assert!(
        env.ok(&["pace", "backend-2026"])
            .contains("the global pace")
    );

    let p = env.progress(STEPS);
    let pace = &p["estimate"]["pace"];
    assert_eq!(
        (pace["hours_per_week"].as_f64(), pace["source"].as_str()),
        (Some(10.0), Some("roadmap"))
    );
    // 240 h left at 10 h/week: 168 days from 2026-03-10.
    assert_eq!(p["finish"], "2026-08-25");
    let other = env.progress("backend-essentials");
    assert_eq!(other["estimate"]["pace"]["source"], "global");

    env.fails(&["pace", STEPS, "0"]);
    env.fails(&["pace", "no-such-roadmap", "5"]);
    env.ok(&["pace", STEPS, "--clear"]);
    assert_eq!(env.progress(STEPS)["estimate"]["pace"]["source"], "global");
}

#[test]
fn no_activity_and_no_hours_mean_no_verdict_and_a_reason() {
    let env = Env::new();
    env.ok(&["pace", "6"]);
    for id in ["backend-trek", "backend-2026", STEPS] {
        let text = env.ok(&["progress", id]);
        assert!(!text.contains("behind"), "{id}: {text}");
        assert!(!text.contains("ahead"), "{id}: {text}");
        assert!(
            text.contains("no activity on this roadmap yet"),
            "{id}: {text}"
        );
    }
    // No hour estimates: no hour-based finish, and it says so.
    let p = env.progress("backend-trek");
    assert_eq!(p["finish"], Value::Null);
    assert_eq!(p["pace"], Value::Null);
    let notes = p["estimate"]["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("no step has an hour estimate")),
        "{notes:?}"
    );
    let text = env.ok(&["progress", "backend-trek"]);
    assert!(
        text.contains("the source's schedule: \"about 6 months\""),
        "{text}"
    );
    assert!(text.contains("no estimate from throughput"), "{text}");
}

#[test]
fn throughput_in_steps_per_week_gives_a_finish_without_hours() {
    let env = Env::new();
    let trek = roadmap("backend-trek");
    for (i, at) in [
        "2026-02-24T12:00:00Z",
        "2026-03-03T12:00:00Z",
        "2026-03-09T12:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        env.cmd_at(at)
            .args(["done", &format!("backend-trek/{}", trek.steps[i].id)])
            .assert()
            .success();
    }
    let p = env.progress("backend-trek");
    let tp = &p["estimate"]["throughput"];
    // Three steps over the two weeks since the first change.
    assert_eq!(tp["steps"], 3);
    assert_eq!(tp["weeks"].as_f64(), Some(2.0));
    assert_eq!(tp["per_week"].as_f64(), Some(1.5));
    let left = p["counted"].as_u64().unwrap() - p["done"].as_u64().unwrap();
    let days = (left as f64 / 1.5 * 7.0).ceil() as u64;
    let want = chrono::NaiveDate::from_ymd_opt(2026, 3, 10)
        .unwrap()
        .checked_add_days(chrono::Days::new(days))
        .unwrap();
    assert_eq!(p["estimate"]["throughput_finish"], want.to_string());
    let text = env.ok(&["progress", "backend-trek"]);
    assert!(
        text.contains("3 steps done in the last 2 weeks (1.5/week)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("at that rate done by {want}")),
        "{text}"
    );
}

#[test]
fn plan_lays_the_windows_on_the_calendar() {
    let env = Env::new();
    let text = env.ok(&["plan", "backend-2026"]);
    assert!(text.contains("no plan yet"), "{text}");
    assert!(text.contains("Weeks 1–2 … Month 8–14"), "{text}");

    let text = env.ok(&["plan", "backend-2026", "--start", "2026-02-01"]);
    assert!(
        text.contains("2026-02-01 → 2026-02-14  weeks  1–2   Foundations"),
        "{text}"
    );
    // Month 8–14: from the start of month 8 to the end of month 14.
    assert!(text.contains("2026-09-01 → 2027-03-31"), "{text}");
    assert!(
        text.contains("Advanced Patterns (no window: not in the plan)"),
        "{text}"
    );
    // 2026-03-10 is day 37: week 6, inside "Weeks 4–10".
    assert!(
        text.contains("week 6 of 61, the plan expects Programming Language"),
        "{text}"
    );

    let v = env.json(&["plan", "backend-2026", "--json"]);
    assert_eq!(v["start"], "2026-02-01");
    assert_eq!(v["status"]["week"], 6);
    assert!(v["status"]["weeks_ahead"].is_number());
    let p = env.progress("backend-2026");
    let plan = &p["estimate"]["plan"];
    assert_eq!(plan["week"], 6);
    let r = roadmap("backend-2026");
    let expected = plan["expected_phases"].as_array().unwrap();
    let programming = r
        .phases
        .iter()
        .position(|ph| ph.id == "programming-language")
        .unwrap();
    assert_eq!(expected, &vec![Value::from(programming)]);
    // Nothing done at all: no verdict, with the reason.
    let text = env.ok(&["progress", "backend-2026"]);
    assert!(
        text.contains("plan   from 2026-02-01: week 6 of 61"),
        "{text}"
    );
    assert!(text.contains("not ahead or behind"), "{text}");

    // Work done: ahead or behind in weeks of the plan.
    let ids: Vec<String> = r
        .steps
        .iter()
        .filter(|s| s.phase == 0)
        .map(|s| format!("backend-2026/{}", s.id))
        .collect();
    let mut args = vec!["done"];
    args.extend(ids.iter().map(String::as_str));
    env.ok(&args);
    let text = env.ok(&["progress", "backend-2026"]);
    assert!(text.contains("weeks behind"), "{text}");
    let weeks = env.progress("backend-2026")["estimate"]["plan"]["weeks_ahead"]
        .as_f64()
        .unwrap();
    assert!(weeks < 0.0, "{weeks}");

    // A start in the future; then cleared.
    let text = env.ok(&["plan", "backend-2026", "--start", "2026-03-20"]);
    assert!(text.contains("the plan starts in 10 days"), "{text}");
    env.ok(&["plan", "backend-2026", "--clear"]);
    assert_eq!(
        env.progress("backend-2026")["estimate"]["plan"],
        Value::Null
    );
}

#[test]
fn plan_from_a_duration_and_bad_input() {
    let env = Env::new();
    let text = env.ok(&["plan", "backend-trek", "--start", "2026-01-01"]);
    // "about 6 months": 2026-01-01 to 2026-06-30, the one phase spans it.
    assert!(text.contains("2026-01-01 → 2026-06-30"), "{text}");
    let err = env.fails(&["plan", STEPS, "--start", "2026-01-01"]);
    assert!(err.contains("no schedule to lay on the calendar"), "{err}");
    let err = env.fails(&["plan", "backend-trek", "--start", "01/02/2026"]);
    assert!(err.contains("expected a date as YYYY-MM-DD"), "{err}");
    // A plan that has ended says so.
    let text = env.ok(&["plan", "backend-trek", "--start", "2025-01-01"]);
    assert!(text.contains("the plan ended"), "{text}");
}
