//! Problems that only show across roadmaps (issue 14, item 7): `validate FILE…` checks
//! the given files against everything loaded, prerequisites looping through two
//! roadmaps are reported, and `is:ready` waits for a prerequisite in another roadmap.

use crate::support::cli::{Env, roadmap, step_ref};
use std::path::{Path, PathBuf};

/// A one-phase roadmap whose steps are `(id, requires)`.
fn roadmap_text(id: &str, steps: &[(&str, &[&str])]) -> String {
    let mut s = format!(
        "id = \"{id}\"\ntitle = \"Roadmap {id}\"\n\n[[phases]]\nid = \"p\"\ntitle = \"P\"\n"
    );
    for (step, requires) in steps {
        let reqs: Vec<String> = requires.iter().map(|r| format!("\"{r}\"")).collect();
        s.push_str(&format!(
            "\n[[steps]]\nid = \"{step}\"\ntitle = \"Step {step}\"\nphase = \"p\"\nrequires = [{}]\n",
            reqs.join(", ")
        ));
    }
    s
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// `validate FILES…`: (success, stdout).
fn validate(env: &Env, files: &[&Path]) -> (bool, String) {
    let out = env.cmd().arg("validate").args(files).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn validate_file_reports_an_unknown_step_of_another_roadmap() {
    let env = Env::new();
    let f = write(
        env.dir.path(),
        "mine.toml",
        &roadmap_text("mine", &[("a", &["backend-steps/no-such-step"])]),
    );
    let (ok, out) = validate(&env, &[&f]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("roadmap `backend-steps` has no step `no-such-step`"),
        "{out}"
    );
}

#[test]
fn validate_file_reports_a_clash_with_a_bundled_id_and_between_given_files() {
    let env = Env::new();
    let bundled = write(
        env.dir.path(),
        "clash.toml",
        &roadmap_text("backend-steps", &[("a", &[])]),
    );
    let (ok, out) = validate(&env, &[&bundled]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("duplicate-roadmap") && out.contains("(bundled)"),
        "{out}"
    );

    let one = write(
        env.dir.path(),
        "one.toml",
        &roadmap_text("same", &[("a", &[])]),
    );
    let two = write(
        env.dir.path(),
        "two.toml",
        &roadmap_text("same", &[("b", &[])]),
    );
    let (ok, out) = validate(&env, &[&one, &two]);
    assert!(!ok, "{out}");
    assert!(out.contains("two.toml:1:6"), "{out}");
    assert!(
        out.contains("already used by") && out.contains("one.toml"),
        "{out}"
    );
    assert!(
        out.contains("2 roadmap file(s) checked: 1 problem(s) in 1 file(s)"),
        "{out}"
    );
}

#[test]
fn a_file_in_the_folder_given_to_validate_is_not_a_clash_with_itself() {
    let env = Env::new();
    let f = write(
        &env.roadmaps,
        "mine.toml",
        &roadmap_text("mine", &[("a", &[])]),
    );
    let (ok, out) = validate(&env, &[&f]);
    assert!(ok, "{out}");
    assert!(
        out.contains("1 roadmap file(s) checked: all valid"),
        "{out}"
    );
}

#[test]
fn prerequisites_looping_through_two_roadmaps_are_reported() {
    let env = Env::new();
    write(
        &env.roadmaps,
        "left.toml",
        &roadmap_text("left", &[("x", &["right/y"])]),
    );
    let right = write(
        env.dir.path(),
        "right.toml",
        &roadmap_text("right", &[("y", &["left/x"])]),
    );
    let given = validate(&env, &[&right]);
    std::fs::rename(&right, env.roadmaps.join("right.toml")).unwrap();
    let (ok, out) = given;
    assert!(!ok, "{out}");
    assert!(out.contains("right.toml:12:13"), "{out}");
    assert!(
        out.contains("prerequisite cycle across roadmaps: right/y → left/x → right/y"),
        "{out}"
    );
    // Without files, each roadmap the loop passes through shows it.
    let (ok, out) = validate(&env, &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("prerequisite cycle across roadmaps: left/x → right/y → left/x"),
        "{out}"
    );
    assert!(out.contains("2 problem(s) in 2 file(s)"), "{out}");
}

#[test]
fn is_ready_waits_for_an_open_prerequisite_in_another_roadmap() {
    let env = Env::new();
    let bs = roadmap("backend-steps");
    let first = &bs.steps[0].id;
    let dep = format!("backend-steps/{first}");
    write(
        &env.roadmaps,
        "mine.toml",
        &roadmap_text("mine", &[("free", &[]), ("after", &[dep.as_str()])]),
    );
    let ready = |env: &Env| env.ok(&["show", "mine", "is:ready"]);
    let out = ready(&env);
    assert!(out.contains("Step free"), "{out}");
    assert!(!out.contains("Step after"), "{out}");
    let blocked = env.ok(&["show", "mine", "is:blocked"]);
    assert!(blocked.contains("Step after"), "{blocked}");

    env.ok(&["done", &step_ref(&bs, 0)]);
    let out = ready(&env);
    assert!(out.contains("Step after"), "{out}");
}
