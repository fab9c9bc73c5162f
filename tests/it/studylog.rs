//! The study log and review through the real binary: `stats`, `review`, `show … is:due`,
//! at fixed times (`WAYMARK_NOW`) and fixed time zones (`TZ`).

use crate::support::cli::Env;
use serde_json::Value;

const R: &str = "backend-steps";
const A: &str = "backend-steps/how-the-internet-works";
const B: &str = "backend-steps/http-and-https";

fn ok_at(env: &Env, now: &str, args: &[&str]) -> String {
    let out = env.cmd_at(now).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "waymark {args:?} at {now} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_at(env: &Env, now: &str, args: &[&str]) -> Value {
    serde_json::from_str(&ok_at(env, now, args)).unwrap()
}

fn fails_at(env: &Env, now: &str, args: &[&str]) -> String {
    let out = env.cmd_at(now).args(args).output().unwrap();
    assert!(!out.status.success(), "waymark {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

fn count_on(stats: &Value, date: &str) -> u64 {
    stats["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == date)
        .map(|d| d["count"].as_u64().unwrap())
        .unwrap_or_else(|| panic!("{date} is not in the heatmap"))
}

fn due_steps(env: &Env, now: &str) -> Vec<String> {
    json_at(env, now, &["review", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}/{}",
                d["roadmap"].as_str().unwrap(),
                d["step"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn stats_json_counts_local_days_streaks_and_weeks() {
    let env = Env::new();
    ok_at(&env, "2026-03-02T10:00:00Z", &["done", A]); // Monday
    ok_at(&env, "2026-03-03T23:30:00Z", &["done", B]); // Tuesday in UTC
    ok_at(
        &env,
        "2026-03-04T08:00:00Z",
        &["start", "backend-steps/dns-ports-and-networking-tools"],
    );
    ok_at(&env, "2026-03-04T08:00:00Z", &["pace", "6"]);
    let s = json_at(&env, "2026-03-04T12:00:00Z", &["stats", "--json"]);
    assert_eq!(s["today"], "2026-03-04");
    assert_eq!(count_on(&s, "2026-03-02"), 1);
    assert_eq!(count_on(&s, "2026-03-03"), 1);
    assert_eq!(count_on(&s, "2026-03-04"), 1);
    assert_eq!(s["current_streak"], 3);
    assert_eq!(s["longest_streak"], 3);
    assert_eq!(s["days"].as_array().unwrap().len(), 51 * 7 + 3);
    let weeks = s["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 52);
    let this = &weeks[51];
    assert_eq!(this["start"], "2026-03-02");
    assert_eq!(this["steps"], 2);
    assert_eq!(this["hours"], 12.0, "4 h + 8 h");
    let r = &s["roadmaps"].as_array().unwrap()[0];
    assert_eq!(r["id"], R);
    assert_eq!(
        (r["done"].as_u64(), r["left"].as_u64()),
        (Some(2), Some(27))
    );
    assert_eq!(r["pace"], 6.0);
    assert_eq!(r["achieved"], 12.0, "12 h in the first week");
    assert_eq!(r["weeks_ahead"], 1.0);

    // East of UTC, 23:30 UTC on the 3rd is already the 4th.
    let out = env
        .cmd_at("2026-03-04T12:00:00Z")
        .env("TZ", "XST-2")
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(count_on(&s, "2026-03-03"), 0);
    assert_eq!(count_on(&s, "2026-03-04"), 2);
    assert_eq!(s["current_streak"], 1);

    // The text report: a heatmap in blocks and the roadmap line.
    let text = ok_at(&env, "2026-03-04T12:00:00Z", &["stats"]);
    assert!(text.contains("streak 3 days · longest 3"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with(" Mon ") && l.ends_with('█')),
        "{text}"
    );
    assert!(text.contains("backend-steps  2/29 done, 27 left"), "{text}");
    assert!(text.contains("1.0 weeks ahead"), "{text}");
}

/// `week_start = "sunday"` in the config moves every week of `stats` to start on
/// Sunday: the heatmap's rows, the weekly bars and the JSON weeks.
#[test]
fn stats_weeks_start_on_the_configured_day() {
    let env = Env::new();
    ok_at(&env, "2026-03-07T10:00:00Z", &["done", A]); // Saturday
    ok_at(&env, "2026-03-08T10:00:00Z", &["done", B]); // Sunday
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "week_start = \"sunday\"\n").unwrap();
    let stats = |extra: &[&str], with_config: bool| {
        let mut c = env.cmd_at("2026-03-10T12:00:00Z"); // Tuesday
        if with_config {
            c.arg("--config").arg(&config);
        }
        let out = c.arg("stats").args(extra).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let weeks = |s: &Value| -> Vec<(String, i64)> {
        s["weeks"].as_array().unwrap()[50..]
            .iter()
            .map(|w| {
                (
                    w["start"].as_str().unwrap().to_string(),
                    w["steps"].as_i64().unwrap(),
                )
            })
            .collect()
    };

    let monday: Value = serde_json::from_str(&stats(&["--json"], false)).unwrap();
    assert_eq!(
        weeks(&monday),
        [("2026-03-02".into(), 2), ("2026-03-09".into(), 0)],
        "by default Saturday and Sunday end the same week"
    );
    let sunday: Value = serde_json::from_str(&stats(&["--json"], true)).unwrap();
    assert_eq!(
        weeks(&sunday),
        [("2026-03-01".into(), 1), ("2026-03-08".into(), 1)],
        "Sunday opens a new week"
    );
    assert_eq!(sunday["start"], "2025-03-16", "a Sunday, 51 weeks back");
    assert_eq!(sunday["days"].as_array().unwrap().len(), 51 * 7 + 3);

    let text = stats(&[], true);
    let rows: Vec<&str> = text
        .lines()
        .filter_map(|l| l.get(..5))
        .filter(|l| l.starts_with(' ') && l.ends_with(' ') && l.trim().len() == 3)
        .collect();
    assert_eq!(
        rows,
        [
            " Sun ", " Mon ", " Tue ", " Wed ", " Thu ", " Fri ", " Sat "
        ],
        "{text}"
    );
    assert!(
        text.contains("  Mar 08  "),
        "the last bar is Sunday's week: {text}"
    );
    assert!(!text.contains("  Mar 09  "), "{text}");
}

#[test]
fn stats_of_an_empty_history_creates_no_database() {
    let env = Env::new();
    let s = json_at(&env, "2026-03-04T12:00:00Z", &["stats", "--json"]);
    assert_eq!(s["changes"], 0);
    assert_eq!(s["current_streak"], 0);
    assert!(s["roadmaps"].as_array().unwrap().is_empty());
    assert!(!env.db.exists());
    let text = ok_at(&env, "2026-03-04T12:00:00Z", &["stats"]);
    assert!(text.contains("no activity yet"), "{text}");
}

#[test]
fn a_done_step_comes_due_three_days_later_and_answers_move_the_date() {
    let env = Env::new();
    ok_at(&env, "2026-03-02T10:00:00Z", &["done", A]);
    assert!(due_steps(&env, "2026-03-04T23:00:00Z").is_empty());
    assert_eq!(due_steps(&env, "2026-03-05T09:00:00Z"), [A]);

    // good → one week from the answer.
    let out = ok_at(
        &env,
        "2026-03-06T09:00:00Z",
        &["review", "--answer", A, "good"],
    );
    assert!(out.contains("next review 2026-03-13 (in 7 days)"), "{out}");
    assert!(due_steps(&env, "2026-03-12T09:00:00Z").is_empty());
    assert_eq!(due_steps(&env, "2026-03-13T09:00:00Z"), [A]);
    // hard → the same week again.
    let out = ok_at(
        &env,
        "2026-03-13T09:00:00Z",
        &["review", "--answer", A, "hard"],
    );
    assert!(out.contains("next review 2026-03-20"), "{out}");
    // good → three weeks.
    let out = ok_at(
        &env,
        "2026-03-20T09:00:00Z",
        &["review", "--answer", A, "good"],
    );
    assert!(out.contains("next review 2026-04-10"), "{out}");
    // forgot → back to three days; the step stays done.
    let out = ok_at(
        &env,
        "2026-04-10T09:00:00Z",
        &["review", "--answer", A, "forgot"],
    );
    assert!(out.contains("next review 2026-04-13"), "{out}");
    let due = json_at(&env, "2026-04-13T09:00:00Z", &["review", "--json"]);
    assert_eq!(due[0]["interval_days"], 3);
    assert_eq!(due[0]["reviews"], 4);
    assert_eq!(due[0]["title"], "How the Internet Works");

    // forgot --reopen: in progress again, so nothing to review, and undo brings it back.
    let out = ok_at(
        &env,
        "2026-04-13T09:00:00Z",
        &["review", "--answer", A, "forgot", "--reopen"],
    );
    assert!(out.contains("reopened"), "{out}");
    assert_eq!(env.statuses(R)["how-the-internet-works"], "in-progress");
    assert!(due_steps(&env, "2026-05-01T09:00:00Z").is_empty());
    ok_at(&env, "2026-04-13T10:00:00Z", &["undo"]);
    assert_eq!(env.statuses(R)["how-the-internet-works"], "done");
}

#[test]
fn show_is_due_filters_the_due_steps() {
    let env = Env::new();
    ok_at(&env, "2026-03-02T10:00:00Z", &["done", A]);
    ok_at(&env, "2026-03-04T10:00:00Z", &["done", B]);
    let show = |now| {
        let v = json_at(&env, now, &["show", R, "is:due", "--json"]);
        v["phases"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["steps"].as_array().unwrap().clone())
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(show("2026-03-04T12:00:00Z").is_empty());
    assert_eq!(show("2026-03-05T12:00:00Z"), ["how-the-internet-works"]);
    assert_eq!(
        show("2026-03-07T12:00:00Z"),
        ["how-the-internet-works", "http-and-https"]
    );
    let v = json_at(
        &env,
        "2026-03-07T12:00:00Z",
        &["show", R, "-is:due", "status:done", "--json"],
    );
    assert_eq!(v["matched"], 0);
}

#[test]
fn review_can_be_turned_off_and_bad_answers_are_refused() {
    let env = Env::new();
    ok_at(&env, "2026-03-02T10:00:00Z", &["done", A]);
    let err = fails_at(
        &env,
        "2026-03-05T10:00:00Z",
        &["review", "--answer", A, "meh"],
    );
    assert!(
        err.contains("`meh` is not an answer; use good, hard or forgot"),
        "{err}"
    );
    let err = fails_at(
        &env,
        "2026-03-05T10:00:00Z",
        &["review", "--answer", B, "good"],
    );
    assert!(err.contains("is todo, not done"), "{err}");
    let err = fails_at(
        &env,
        "2026-03-05T10:00:00Z",
        &["review", "--answer", A, "good", "--reopen"],
    );
    assert!(err.contains("--reopen goes with `forgot` only"), "{err}");
    // Without a terminal the walk explains what to use instead.
    let err = fails_at(&env, "2026-03-05T10:00:00Z", &["review"]);
    assert!(
        err.contains("needs a terminal") && err.contains("--answer"),
        "{err}"
    );

    let out = ok_at(&env, "2026-03-05T10:00:00Z", &["review", "--off"]);
    assert!(out.contains("review is off"), "{out}");
    assert!(due_steps(&env, "2026-03-05T10:00:00Z").is_empty());
    let v = json_at(
        &env,
        "2026-03-05T10:00:00Z",
        &["show", R, "is:due", "--json"],
    );
    assert_eq!(v["matched"], 0);
    let err = fails_at(
        &env,
        "2026-03-05T10:00:00Z",
        &["review", "--answer", A, "good"],
    );
    assert!(err.contains("review is off"), "{err}");
    ok_at(&env, "2026-03-05T10:00:00Z", &["review", "--on"]);
    assert_eq!(due_steps(&env, "2026-03-05T10:00:00Z"), [A]);
}

/// The config's `review = false` turns review off where `review --on/--off` was never
/// said; once said, the stored choice wins over the config.
#[test]
fn the_config_turns_review_off_until_the_command_says_otherwise() {
    let env = Env::new();
    ok_at(&env, "2026-03-02T10:00:00Z", &["done", A]);
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "review = false\n").unwrap();
    let due_with_config = || {
        let out = env
            .cmd_at("2026-03-05T09:00:00Z")
            .env("WAYMARK_CONFIG", &config)
            .args(["review", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<Value>(&out.stdout).unwrap()[0]["step"].clone()
    };
    assert_eq!(due_steps(&env, "2026-03-05T09:00:00Z"), [A]);
    assert_eq!(
        due_with_config(),
        Value::Null,
        "the config turns review off"
    );
    ok_at(&env, "2026-03-05T09:00:00Z", &["review", "--on"]);
    assert_eq!(due_with_config(), "how-the-internet-works");
}

/// Each roadmap's line in the study log compares it with its own pace when it has one.
#[test]
fn stats_use_a_roadmaps_own_pace_over_the_global_one() {
    let env = Env::new();
    ok_at(
        &env,
        "2026-03-02T10:00:00Z",
        &["done", A, "backend-trek/web-fundamentals-and-http"],
    );
    ok_at(&env, "2026-03-02T10:00:00Z", &["pace", "6"]);
    ok_at(&env, "2026-03-02T10:00:00Z", &["pace", R, "9"]);
    let stats = json_at(&env, "2026-03-03T10:00:00Z", &["stats", "--json"]);
    let pace_of = |id: &str| {
        stats["roadmaps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} has no line: {stats}"))["pace"]
            .clone()
    };
    assert_eq!(pace_of(R), 9.0);
    assert_eq!(pace_of("backend-trek"), 6.0);
}
