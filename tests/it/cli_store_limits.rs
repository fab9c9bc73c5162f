//! The progress database under concurrent first use, hostile `--db` and import paths,
//! and large imports: the real binary on temp files.

use crate::support::cli::{Env, roadmap, step_ref};
use std::sync::{Arc, Barrier};

const R: &str = "backend-steps";

#[test]
fn eight_commands_at_once_on_a_new_database_create_it_once_and_quietly() {
    let r = roadmap(R);
    for round in 0..6 {
        let env = Arc::new(Env::new());
        let start = Arc::new(Barrier::new(8));
        let runs: Vec<_> = (0..8)
            .map(|i| {
                let (env, start, step) = (env.clone(), start.clone(), step_ref(&r, i));
                std::thread::spawn(move || {
                    let mut cmd = env.cmd();
                    cmd.args(["done", &step]);
                    start.wait();
                    cmd.output().unwrap()
                })
            })
            .collect();
        for run in runs {
            let out = run.join().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {err}");
            assert!(!err.contains("upgraded"), "round {round}: {err}");
        }
        let backups: Vec<_> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".bak"))
            .collect();
        assert!(backups.is_empty(), "round {round}: {backups:?}");
        assert_eq!(env.progress(R)["done"], 8, "round {round}");
    }
}
