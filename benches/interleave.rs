//! Whole commands timed in turn — A, B, A, B, … — and each one's median wall time.
//! On a VM whose speed drifts from one minute to the next, the ratio of two interleaved
//! medians holds where two batches of runs (hyperfine's way) can each fall in a
//! different minute. `benches/vs-taskwarrior.sh` uses it for the 2,000-item pairs.
//!
//!   cargo bench --bench interleave -- [--runs N] ::: CMD A... ::: CMD B... [::: ...]
//!
//! Each command is its own words after `:::`, run directly (no shell, as hyperfine
//! `-N`); leading `NAME=value` words set its environment, so no `env` process is timed.
//! Output goes to /dev/null. Three untimed rounds come first. Prints one line per
//! command: median, minimum, and the median as a multiple of the first command's.

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

struct Spec {
    env: Vec<(String, String)>,
    argv: Vec<String>,
}

impl Spec {
    fn parse(words: &[String]) -> Option<Spec> {
        let split = words
            .iter()
            .position(|w| !is_assignment(w))
            .unwrap_or(words.len());
        let (env, argv) = words.split_at(split);
        if argv.is_empty() {
            return None;
        }
        let env = env
            .iter()
            .filter_map(|w| w.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Some(Spec {
            env,
            argv: argv.to_vec(),
        })
    }

    fn run(&self) -> Result<Duration, String> {
        let mut cmd = Command::new(&self.argv[0]);
        cmd.args(&self.argv[1..])
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let started = Instant::now();
        let status = cmd.status().map_err(|e| format!("{}: {e}", self.argv[0]))?;
        let took = started.elapsed();
        if !status.success() {
            return Err(format!("`{}` failed: {status}", self.shown()));
        }
        Ok(took)
    }

    fn shown(&self) -> String {
        let env = self.env.iter().map(|(k, v)| format!("{k}={v} "));
        env.collect::<String>() + &self.argv.join(" ")
    }
}

/// `NAME=value`, with a name a shell would take as a variable.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn main() -> ExitCode {
    // `cargo bench` adds `--bench`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut runs = 100usize;
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut words = args.iter();
    while let Some(w) = words.next() {
        match w.as_str() {
            ":::" => groups.push(Vec::new()),
            "--runs" if groups.is_empty() => match words.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => return usage("--runs takes a number above 0"),
            },
            _ => match groups.last_mut() {
                Some(g) => g.push(w.clone()),
                None => return usage(&format!("unexpected `{w}` before the first `:::`")),
            },
        }
    }
    let specs: Option<Vec<Spec>> = groups.iter().map(|g| Spec::parse(g)).collect();
    let Some(specs) = specs.filter(|s| !s.is_empty()) else {
        return usage("give at least one command, each after `:::`");
    };

    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); specs.len()];
    for round in 0..runs + 3 {
        for (spec, t) in specs.iter().zip(&mut times) {
            match spec.run() {
                Ok(d) if round >= 3 => t.push(d),
                Ok(_) => {}
                Err(e) => {
                    eprintln!("interleave: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let medians: Vec<Duration> = times
        .iter_mut()
        .map(|t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect();
    for ((spec, t), m) in specs.iter().zip(&times).zip(&medians) {
        println!(
            "{:9.3} ms  min {:7.3}  x{:6.2}  {}",
            ms(*m),
            ms(t[0]),
            m.as_secs_f64() / medians[0].as_secs_f64(),
            spec.shown()
        );
    }
    println!("({runs} runs each, interleaved, after 3 untimed rounds)");
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!(
        "interleave: {problem}\nusage: cargo bench --bench interleave -- [--runs N] ::: CMD A... ::: CMD B..."
    );
    ExitCode::from(2)
}
