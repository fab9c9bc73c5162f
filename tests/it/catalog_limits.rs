//! Roadmap files at the edges (issue 14, items 8 and 9): FIFOs, devices and oversized
//! files are refused with a message instead of hanging or eating memory, both for
//! `validate FILE` and in the roadmap folder; `hours` is capped.

use crate::support::cli::Env;
use std::path::Path;
use std::process::Command as Std;
use std::time::Duration;

fn mkfifo(path: &Path) {
    let st = Std::new("mkfifo").arg(path).status().unwrap();
    assert!(st.success(), "mkfifo failed");
}

/// Runs with a deadline, so a regression hangs for seconds, not forever.
fn run(env: &Env, args: &[&str]) -> (bool, String, String) {
    let out = env
        .cmd()
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn validate_refuses_a_fifo_and_a_device_without_reading_them() {
    let env = Env::new();
    let fifo = env.dir.path().join("fifo.toml");
    mkfifo(&fifo);
    for path in [fifo.to_str().unwrap(), "/dev/zero"] {
        let (ok, out, err) = run(&env, &["validate", path]);
        assert!(!ok, "{path}: {out}{err}");
        assert!(
            out.contains("not a regular file") && out.contains(path),
            "{path}: {out}{err}"
        );
        assert!(out.contains("at most 16 MiB"), "{out}");
    }
}

#[test]
fn validate_refuses_a_file_over_the_limit() {
    let env = Env::new();
    let big = env.dir.path().join("big.toml");
    let f = std::fs::File::create(&big).unwrap();
    // Sparse: no disk or memory is spent, only the size is over the limit.
    f.set_len(waymark::catalog::MAX_ROADMAP_BYTES + 1).unwrap();
    let (ok, out, err) = run(&env, &["validate", big.to_str().unwrap()]);
    assert!(!ok, "{out}{err}");
    assert!(
        out.contains("larger than the limit of 16 MiB"),
        "{out}{err}"
    );
}

#[test]
fn a_fifo_in_the_roadmap_folder_is_reported_and_does_not_hang_commands() {
    let env = Env::new();
    mkfifo(&env.roadmaps.join("stuck.toml"));
    let (ok, out, err) = run(&env, &["list"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("backend-steps"), "{out}");
    assert!(err.contains("did not load"), "{err}");
    let (ok, out, _) = run(&env, &["validate"]);
    assert!(!ok);
    assert!(
        out.contains("stuck.toml") && out.contains("not a regular file"),
        "{out}"
    );
}

#[test]
fn hours_over_the_cap_are_refused_at_their_position_without_long_numbers() {
    let env = Env::new();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/huge-hours.toml");
    let (ok, out, err) = run(&env, &["validate", file.to_str().unwrap()]);
    assert!(!ok, "{out}{err}");
    assert!(out.contains("huge-hours.toml:12:9"), "{out}");
    assert!(out.contains("huge-hours.toml:18:9"), "{out}");
    assert!(out.contains("from 0 to 10000, found 1e308"), "{out}");
    assert!(!out.contains("00000000000000000000"), "{out}");
    assert!(!out.contains("inf"), "{out}");
}
