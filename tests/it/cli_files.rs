//! What `export -o` does to what is already at the path: the real binary, real files.

use crate::support::cli::{Env, roadmap, step_ref};
use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::Path;

const R: &str = "backend-steps";

fn export_to(env: &Env, path: &Path) -> std::process::Output {
    env.cmd()
        .args(["export", R, "--format", "json", "-o"])
        .arg(path)
        .output()
        .unwrap()
}

fn with_progress() -> Env {
    let env = Env::new();
    env.ok(&["done", &step_ref(&roadmap(R), 0)]);
    env
}

#[test]
fn export_to_a_symlink_replaces_its_target_and_keeps_the_link() {
    let env = with_progress();
    let target = env.dir.path().join("real.json");
    fs::write(&target, "old").unwrap();
    let link = env.dir.path().join("link.json");
    symlink(&target, &link).unwrap();

    let out = export_to(&env, &link);
    assert!(out.status.success(), "{out:?}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), target);
    let doc: serde_json::Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(doc["roadmap"], R);
    assert_eq!(doc["steps"][0]["status"], "done");
}

#[test]
fn export_into_a_fifo_writes_into_it() {
    let env = with_progress();
    let fifo = env.dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut s = String::new();
            // Blocks until a writer opens the FIFO: if the export replaced it instead,
            // that never happens, hence the timeout below.
            fs::File::open(&fifo)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            let _ = tx.send(s);
        });
    }
    let out = export_to(&env, &fifo);
    assert!(out.status.success(), "{out:?}");
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("nothing was written into the FIFO");
    let doc: serde_json::Value = serde_json::from_str(&got).unwrap();
    assert_eq!(doc["roadmap"], R);
    // Still a FIFO, not replaced by a regular file.
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn export_to_a_folder_is_refused_with_the_reason() {
    let env = with_progress();
    let dir = env.dir.path().join("a-folder");
    fs::create_dir(&dir).unwrap();
    let out = export_to(&env, &dir);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("a-folder"), "{err}");
    assert!(err.contains("it is a folder"), "{err}");
    assert!(fs::read_dir(&dir).unwrap().next().is_none());
}

#[test]
fn a_symlink_planted_at_the_old_predictable_temp_name_is_not_followed() {
    let env = with_progress();
    let victim = env.dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let out_path = env.dir.path().join("export.json");
    // The name the old code used was `.NAME.PID.tmp`. `exec` keeps the shell's PID, so
    // the shell plants the link at exactly the name the export process would pick.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ln -s "$1" "$2/.export.json.$$.tmp" && shift 2 && exec "$@""#)
        .arg("sh")
        .arg(&victim)
        .arg(env.dir.path())
        .arg(env!("CARGO_BIN_EXE_waymark"))
        .arg("--db")
        .arg(&env.db)
        .arg("--roadmaps")
        .arg(&env.roadmaps)
        .args(["export", R, "--format", "json", "-o"])
        .arg(&out_path)
        .env("HOME", env.dir.path())
        .env_remove("WAYMARK_DB")
        .env_remove("WAYMARK_ROADMAPS")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(fs::symlink_metadata(&out_path).unwrap().is_file());
    // Only our planted links remain next to the export: no temp file left behind.
    let stray: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn export_to_dash_writes_standard_output() {
    let env = with_progress();
    let out = env
        .cmd()
        .current_dir(env.dir.path())
        .args(["export", R, "--format", "json", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["roadmap"], R);
    assert!(!env.dir.path().join("-").exists());
}
