//! `waymark validate --watch` through the real binary: a report per save (a bounded run
//! with the hidden `--watch-max-runs`), the user folder watched when no file is named,
//! and Ctrl-C ending it.

use crate::support::cli::Env;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(30);

const VALID: &str = "id = \"mine\"\ntitle = \"Mine\"\n\
    [[phases]]\nid = \"one\"\ntitle = \"One\"\n\
    [[steps]]\nid = \"a\"\nphase = \"one\"\ntitle = \"A\"\n";

/// The binary with the same isolation as `Env::cmd`, spawned with piped output.
fn spawn(env: &Env, args: &[&str]) -> (Child, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .arg("--db")
        .arg(&env.db)
        .arg("--roadmaps")
        .arg(&env.roadmaps)
        .args(args)
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("xdg"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env_remove("WAYMARK_DB")
        .env_remove("WAYMARK_ROADMAPS")
        .env_remove("WAYMARK_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Lines up to and including the next report's verdict line; kills the child and fails
/// when none comes in time.
fn next_report(child: &mut Child, lines: &Receiver<String>) -> Vec<String> {
    let deadline = Instant::now() + LIMIT;
    let mut got = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                let end = line.contains("roadmap file(s) checked");
                got.push(line);
                if end {
                    return got;
                }
            }
            Err(_) => {
                let _ = child.kill();
                panic!("no report within {LIMIT:?}; got {got:?}");
            }
        }
    }
}

fn wait(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + LIMIT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("still running after {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Saves like an editor does: a new file renamed over the old one.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn user_folder(env: &mut Env) -> std::path::PathBuf {
    let dir = env.dir.path().join("user-roadmaps");
    std::fs::create_dir_all(&dir).unwrap();
    env.roadmaps = dir.clone();
    dir
}

#[test]
fn a_save_of_the_watched_file_gives_a_new_report() {
    let mut env = Env::new();
    let file = user_folder(&mut env).join("mine.toml");
    std::fs::write(&file, VALID).unwrap();
    let f = file.to_str().unwrap();
    let (mut child, lines) = spawn(&env, &["validate", "--watch", "--watch-max-runs", "2", f]);
    let first = next_report(&mut child, &lines);
    assert!(first.last().unwrap().ends_with("all valid"), "{first:?}");
    // Reading the file for the first report must not count as a change: the second
    // report is about the saved text.
    save(&file, &format!("{VALID}bogus = 1\n"));
    let second = next_report(&mut child, &lines).join("\n");
    assert!(second.contains("unknown key `bogus`"), "{second}");
    assert!(second.contains("mine.toml:10:1"), "{second}");
    let status = wait(&mut child);
    assert_eq!(status.code(), Some(1), "the last report had a problem");
}

#[test]
fn with_no_file_the_user_folder_is_watched() {
    let mut env = Env::new();
    let dir = user_folder(&mut env);
    std::fs::write(dir.join("mine.toml"), VALID).unwrap();
    let (mut child, lines) = spawn(&env, &["validate", "--watch", "--watch-max-runs", "2"]);
    let first = next_report(&mut child, &lines);
    assert!(first.last().unwrap().ends_with("all valid"), "{first:?}");
    // Not a roadmap file: no new report for it.
    std::fs::write(dir.join("notes.txt"), "x").unwrap();
    std::fs::write(dir.join("broken.toml"), "id = \n").unwrap();
    let second = next_report(&mut child, &lines).join("\n");
    assert!(second.contains("broken.toml:1:"), "{second}");
    assert!(wait(&mut child).code() == Some(1));
}

#[test]
fn ctrl_c_stops_watching() {
    let mut env = Env::new();
    let file = user_folder(&mut env).join("mine.toml");
    std::fs::write(&file, VALID).unwrap();
    let (mut child, lines) = spawn(&env, &["validate", "--watch", file.to_str().unwrap()]);
    next_report(&mut child, &lines);
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = wait(&mut child);
    assert_eq!(status.signal(), Some(2), "{status:?}");
}

#[test]
fn watch_does_not_mix_with_json_and_a_missing_folder_is_explained() {
    let env = Env::new();
    let err = env.fails(&["validate", "--watch", "--json"]);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = env.fails(&["validate", "--watch-max-runs", "1"]);
    assert!(err.contains("--watch"), "{err}");
    let mut env = Env::new();
    env.roadmaps = env.dir.path().join("nowhere");
    let err = env.fails(&["validate", "--watch"]);
    assert!(err.contains("no roadmap folder to watch"), "{err}");
}
