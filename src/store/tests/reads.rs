//! Reading stored states: the history's done steps, one roadmap's states (scanned or
//! looked up), several roadmaps' at once, reads grouped in one transaction.

use super::*;

#[test]
fn ever_done_reads_the_history() {
    let mut s = mem();
    s.set_statuses(
        &[("r", "a", Status::Done), ("r", "b", Status::InProgress)],
        t(0),
    )
    .unwrap();
    s.undo(t(1)).unwrap();
    let done = s.ever_done("r").unwrap();
    assert!(done.contains("a"), "done, then undone: done before");
    assert!(!done.contains("b"), "only started");
    assert!(s.ever_done("other").unwrap().is_empty());
}

/// `states_of` gives the same answer whether it scans the roadmap's rows (about as many
/// as the steps asked) or looks each step up (far more rows, or few steps asked).
#[test]
fn states_of_scans_or_looks_up_with_the_same_result() {
    let mut s = mem();
    let ids: Vec<String> = (0..300).map(|i| format!("s{i}")).collect();
    let changes: Vec<(&str, &str, Status)> = ids
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 2)
        .map(|(i, id)| ("r", id.as_str(), Status::ALL[1 + i % 3]))
        .collect();
    s.set_statuses(&changes, t(0)).unwrap();
    s.set_statuses(&[("other", "s1", Status::Done)], t(1))
        .unwrap();
    let expect = |asked: &[&str]| -> Vec<Option<Status>> {
        asked
            .iter()
            .map(|id| s.state("r", id).unwrap().map(|x| x.status))
            .collect()
    };
    let got = |asked: &[&str]| -> Vec<Option<Status>> {
        s.states_of("r", asked)
            .unwrap()
            .into_iter()
            .map(|x| x.map(|x| x.status))
            .collect()
    };
    // All 300 (a scan), 100 of them (200 rows: still a scan), 40 (a lookup each),
    // and 64 ids of which most were never stored (a lookup each: 200 rows > 2 × 64).
    let all: Vec<&str> = ids.iter().map(String::as_str).collect();
    let unknown: Vec<String> = (0..60).map(|i| format!("gone{i}")).collect();
    let mixed: Vec<&str> = all[..4]
        .iter()
        .copied()
        .chain(unknown.iter().map(String::as_str))
        .collect();
    // The same id twice gets its state at both places, scanned or looked up.
    let twice: Vec<&str> = all.iter().copied().chain(["s0", "s299"]).collect();
    for asked in [&all[..], &all[100..200], &all[..40], &mixed[..], &twice[..]] {
        assert_eq!(got(asked), expect(asked));
    }
    assert_eq!(got(&all).iter().filter(|x| x.is_some()).count(), 200);
}

/// `states_of_each` answers like `states_of` per roadmap, whether it scans the whole
/// table (rows about as many as asked) or, with many rows of ids no roadmap asks for
/// (a huge import), reads each roadmap on its own; repeated and unknown ids included.
#[test]
fn states_of_each_matches_states_of_per_roadmap() {
    let mut s = mem();
    let ids: Vec<String> = (0..90).map(|i| format!("s{i}")).collect();
    let mut changes: Vec<(&str, &str, Status)> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        changes.push(("a", id, Status::ALL[1 + i % 3]));
        if i % 2 == 0 {
            changes.push(("b", id, Status::Done));
        }
    }
    s.set_statuses(&changes, t(0)).unwrap();
    let all: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut a_twice = all.clone();
    a_twice.push("s3");
    let wanted = vec![
        ("a", a_twice),
        ("b", vec!["s0", "s1", "s0", "nope"]),
        ("c", vec!["s0"]),
    ];
    let check = |s: &Store| {
        let each = s.states_of_each(&wanted).unwrap();
        assert_eq!(each.len(), wanted.len());
        for ((roadmap, steps), got) in wanted.iter().zip(&each) {
            assert_eq!(got, &s.states_of(roadmap, steps).unwrap(), "{roadmap}");
        }
        each
    };
    let scanned = check(&s);
    assert_eq!(scanned[0].iter().flatten().count(), 91);
    assert_eq!(scanned[0][90], scanned[0][3]);
    let b: Vec<Option<Status>> = scanned[1]
        .iter()
        .map(|x| x.as_ref().map(|x| x.status))
        .collect();
    assert_eq!(b, [Some(Status::Done), None, Some(Status::Done), None]);

    // 400 rows of a roadmap nobody asks for: more than twice the 95 asked, plus slack.
    let orphans: Vec<String> = (0..400).map(|i| format!("o{i}")).collect();
    let orphan_changes: Vec<(&str, &str, Status)> = orphans
        .iter()
        .map(|id| ("gone", id.as_str(), Status::Done))
        .collect();
    s.set_statuses(&orphan_changes, t(1)).unwrap();
    assert_eq!(check(&s), scanned);
}

/// `reading` answers as the same reads outside it would, nests, and leaves the
/// connection writable after (it is query-only only meanwhile).
#[test]
fn reading_together_sees_the_data_and_leaves_writes_possible() {
    let mut s = mem();
    s.set_statuses(&[("r", "a", Status::Done)], t(0)).unwrap();
    let seen = s
        .reading(|s| -> Result<_, StoreError> {
            let inner = s.reading(|s| s.state("r", "a"))?;
            Ok((s.state("r", "a")?, inner, s.state("r", "b")?))
        })
        .unwrap();
    assert_eq!(seen.0.as_ref().map(|x| x.status), Some(Status::Done));
    assert_eq!(seen.0, seen.1);
    assert_eq!(seen.2, None);
    s.set_statuses(&[("r", "b", Status::Skipped)], t(1))
        .unwrap();
    assert_eq!(status(&s, "r", "b"), Status::Skipped);
    // An error inside is handed back, and the connection still writes after it.
    let failed: Result<(), StoreError> = s.reading(|s| Err(s.err(rusqlite::Error::InvalidQuery)));
    assert!(failed.is_err());
    s.set_statuses(&[("r", "c", Status::Done)], t(2)).unwrap();
    assert_eq!(status(&s, "r", "c"), Status::Done);
}

/// `done_since` names the steps of one roadmap made done at or after the instant, once
/// each, and nothing made done before it, in another roadmap, or set to another status.
#[test]
fn done_since_reads_one_roadmaps_recent_done_steps() {
    let mut s = mem();
    s.set_statuses(&[("r", "old", Status::Done)], t(0)).unwrap();
    s.set_statuses(
        &[
            ("r", "new", Status::Done),
            ("r", "started", Status::InProgress),
        ],
        t(10),
    )
    .unwrap();
    s.set_statuses(&[("r", "new", Status::Todo)], t(11))
        .unwrap();
    s.set_statuses(&[("r", "new", Status::Done)], t(12))
        .unwrap();
    s.set_statuses(&[("other", "new2", Status::Done)], t(12))
        .unwrap();
    let names = |since| {
        let mut v: Vec<String> = s.done_since("r", since).unwrap().into_iter().collect();
        v.sort();
        v
    };
    assert_eq!(names(Some(t(10))), ["new"]);
    assert_eq!(names(Some(t(13))), Vec::<String>::new());
    assert_eq!(names(None), ["new", "old"]);
    assert_eq!(s.ever_done("r").unwrap().len(), 2);
}
