//! The store's tests: opening, writing, history, undo, import and settings here (over
//! 500 lines on purpose: they share the set-up helpers and each covers one store
//! operation end to end); reading stored states in `reads.rs`.

use super::*;
use chrono::TimeZone;
use std::fs;
use std::os::unix::fs::PermissionsExt;

fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + chrono::Duration::minutes(min)
}

fn mem() -> Store {
    Store::open_in_memory().unwrap()
}

fn status(s: &Store, r: &str, step: &str) -> Status {
    s.state(r, step).unwrap().map_or(Status::Todo, |x| x.status)
}

#[test]
fn set_records_state_and_history_in_one_batch() {
    let mut s = mem();
    let made = s
        .set_statuses(
            &[
                ("be", "http", Status::Done),
                ("be", "git", Status::InProgress),
            ],
            t(0),
        )
        .unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(made[0].old, Status::Todo);
    assert_eq!(made[0].new, Status::Done);
    let st = s.statuses("be").unwrap();
    assert_eq!(st["http"].status, Status::Done);
    assert_eq!(st["http"].changed_at, Some(t(0)));
    assert_eq!(st["git"].status, Status::InProgress);
    let h = s.history(None).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].batch, h[1].batch);
    assert_eq!(h[0].kind, BatchKind::Set);
    assert!(s.statuses("other").unwrap().is_empty());
}

#[test]
fn setting_the_same_status_is_not_a_change() {
    let mut s = mem();
    assert!(
        s.set_statuses(&[("be", "http", Status::Todo)], t(0))
            .unwrap()
            .is_empty()
    );
    s.set_statuses(&[("be", "http", Status::Done)], t(1))
        .unwrap();
    assert!(
        s.set_statuses(&[("be", "http", Status::Done)], t(2))
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.history(None).unwrap().len(), 1);
    assert_eq!(
        s.state("be", "http").unwrap().unwrap().changed_at,
        Some(t(1))
    );
    // Nothing to undo but the one real change.
    assert_eq!(s.undo(t(3)).unwrap().unwrap().len(), 1);
    assert_eq!(s.undo(t(4)).unwrap(), None);
}

#[test]
fn undo_walks_back_batch_by_batch() {
    let mut s = mem();
    s.set_statuses(&[("be", "a", Status::InProgress)], t(0))
        .unwrap();
    s.set_statuses(
        &[("be", "a", Status::Done), ("be", "b", Status::Skipped)],
        t(1),
    )
    .unwrap();
    s.set_statuses(&[("be", "c", Status::Done)], t(2)).unwrap();

    let u = s.undo(t(3)).unwrap().unwrap();
    assert_eq!(
        u,
        vec![Change {
            roadmap: "be".into(),
            step: "c".into(),
            old: Status::Done,
            new: Status::Todo
        }]
    );
    let u = s.undo(t(4)).unwrap().unwrap();
    assert_eq!(u.len(), 2);
    assert_eq!(status(&s, "be", "a"), Status::InProgress);
    assert_eq!(status(&s, "be", "b"), Status::Todo);
    s.undo(t(5)).unwrap().unwrap();
    assert_eq!(status(&s, "be", "a"), Status::Todo);
    assert_eq!(s.undo(t(6)).unwrap(), None);

    // Every undo is itself in the history, pointing at what it reverted.
    let h = s.history(None).unwrap();
    let undos: Vec<_> = h.iter().filter(|e| e.kind == BatchKind::Undo).collect();
    assert_eq!(undos.len(), 4);
    assert!(undos.iter().all(|e| e.reverts.is_some()));
    let first = h.iter().find(|e| e.step == "c").unwrap().id;
    assert_eq!(undos[0].reverts, Some(first));
}

#[test]
fn undo_after_new_change_reverts_the_new_one_first() {
    let mut s = mem();
    s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    s.set_statuses(&[("be", "b", Status::Done)], t(1)).unwrap();
    s.undo(t(2)).unwrap();
    s.set_statuses(&[("be", "c", Status::Done)], t(3)).unwrap();
    s.undo(t(4)).unwrap();
    assert_eq!(status(&s, "be", "c"), Status::Todo);
    assert_eq!(status(&s, "be", "a"), Status::Done);
    s.undo(t(5)).unwrap();
    assert_eq!(status(&s, "be", "a"), Status::Todo);
}

#[test]
fn notes_are_kept_apart_from_status() {
    let mut s = mem();
    s.set_note("be", "http", Some("read RFC 9110"), t(0))
        .unwrap();
    let st = s.state("be", "http").unwrap().unwrap();
    assert_eq!(st.status, Status::Todo);
    assert_eq!(st.changed_at, None);
    assert_eq!(st.note.as_deref(), Some("read RFC 9110"));
    s.set_statuses(&[("be", "http", Status::Done)], t(1))
        .unwrap();
    let st = s.state("be", "http").unwrap().unwrap();
    assert_eq!(st.note.as_deref(), Some("read RFC 9110"));
    assert_eq!(st.note_at, Some(t(0)));
    s.set_note("be", "http", None, t(2)).unwrap();
    assert_eq!(s.state("be", "http").unwrap().unwrap().note, None);
    assert_eq!(s.history(None).unwrap().len(), 1);
}

#[test]
fn settings_and_pace() {
    let mut s = mem();
    assert_eq!(s.pace().unwrap(), None);
    s.set_pace(Some(6.5)).unwrap();
    assert_eq!(s.pace().unwrap(), Some(6.5));
    s.set_pace(None).unwrap();
    assert_eq!(s.pace().unwrap(), None);
    s.set_setting(&SettingValue::LastRoadmap("backend".into()))
        .unwrap();
    s.set_setting(&SettingValue::LastRoadmap("devops".into()))
        .unwrap();
    assert_eq!(
        s.setting(Setting::LastRoadmap).unwrap(),
        Some(SettingValue::LastRoadmap("devops".into()))
    );
    // A hand-edited value of the wrong type reads as unset.
    s.write_setting(Setting::Pace.key(), Some("fast")).unwrap();
    assert_eq!(s.pace().unwrap(), None);
    s.clear_setting(Setting::LastRoadmap).unwrap();
    assert_eq!(s.setting(Setting::LastRoadmap).unwrap(), None);
}

#[test]
fn history_since_filters_by_time() {
    let mut s = mem();
    s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    s.set_statuses(&[("be", "b", Status::Done)], t(60)).unwrap();
    let h = s.history(Some(t(30))).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].step, "b");
    assert_eq!(h[0].at, t(60));
}

#[test]
fn change_times_are_the_users_own_changes_of_one_roadmap() {
    let mut s = mem();
    s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    s.set_statuses(
        &[("be", "b", Status::Done), ("be", "c", Status::Skipped)],
        t(60),
    )
    .unwrap();
    s.set_statuses(&[("fe", "a", Status::Done)], t(90)).unwrap();
    s.undo(t(120)).unwrap(); // reverts fe/a: an undo is not study
    s.set_statuses(&[("be", "d", Status::InProgress)], t(180))
        .unwrap();
    assert_eq!(
        s.change_times("be", t(30)).unwrap(),
        vec![t(60), t(60), t(180)]
    );
    assert_eq!(s.change_times("be", t(0)).unwrap().len(), 4);
    assert_eq!(s.change_times("fe", t(0)).unwrap(), vec![t(90)]);
    assert!(s.change_times("none", t(0)).unwrap().is_empty());
}

#[test]
fn history_is_append_only() {
    let mut s = mem();
    s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    assert!(s.conn.execute("DELETE FROM history", []).is_err());
    assert!(
        s.conn
            .execute("UPDATE history SET new_status = 'todo'", [])
            .is_err()
    );
    assert_eq!(s.history(None).unwrap().len(), 1);
}

#[test]
fn orphans_are_never_dropped() {
    let mut s = mem();
    s.set_statuses(
        &[("be", "gone", Status::Done), ("fe", "x", Status::Skipped)],
        t(0),
    )
    .unwrap();
    let all = s.all_states().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].roadmap, "be");
    assert_eq!(all[0].step, "gone");
}

#[test]
fn aliases_carry_progress_to_the_new_id() {
    let mut s = mem();
    s.set_statuses(&[("be", "old-http", Status::Done)], t(0))
        .unwrap();
    s.set_note("be", "old-http", Some("my note"), t(1)).unwrap();
    assert_eq!(s.carry_aliases("be", &[("nope", "x")], t(2)).unwrap(), 0);
    assert_eq!(
        s.carry_aliases("be", &[("old-http", "http")], t(2))
            .unwrap(),
        1
    );
    assert_eq!(s.state("be", "old-http").unwrap(), None);
    let st = s.state("be", "http").unwrap().unwrap();
    assert_eq!(st.status, Status::Done);
    assert_eq!(st.changed_at, Some(t(0)));
    assert_eq!(st.note.as_deref(), Some("my note"));
    // History kept: the original change and the carry.
    let h = s.history(None).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].step, "old-http");
    assert_eq!(h[1].kind, BatchKind::Alias);
    // Carrying is not something undo reverts.
    s.undo(t(3)).unwrap();
    assert_eq!(status(&s, "be", "http"), Status::Done);
    assert_eq!(status(&s, "be", "old-http"), Status::Todo);
}

#[test]
fn alias_carry_keeps_the_newer_status() {
    let mut s = mem();
    s.set_statuses(&[("be", "old", Status::Done)], t(0))
        .unwrap();
    s.set_statuses(&[("be", "new", Status::InProgress)], t(5))
        .unwrap();
    s.carry_aliases("be", &[("old", "new")], t(6)).unwrap();
    assert_eq!(status(&s, "be", "new"), Status::InProgress);
    assert_eq!(s.state("be", "old").unwrap(), None);
}

fn rec(step: &str, status: Status, at: Option<i64>) -> ImportRecord {
    ImportRecord {
        roadmap: "be".into(),
        step: step.into(),
        status,
        changed_at: at.map(t),
        note: None,
        note_at: None,
    }
}

#[test]
fn import_latest_change_wins() {
    let mut s = mem();
    s.set_statuses(
        &[("be", "a", Status::Done), ("be", "b", Status::Done)],
        t(10),
    )
    .unwrap();
    let sum = s
        .import(
            &[
                rec("a", Status::Skipped, Some(5)),     // older: kept
                rec("b", Status::InProgress, Some(20)), // newer: taken
                rec("c", Status::Done, Some(1)),        // new step: taken
                rec("d", Status::Todo, None),           // nothing
            ],
            t(30),
        )
        .unwrap();
    assert_eq!(
        sum,
        ImportSummary {
            statuses: 2,
            notes: 0,
            kept: 2
        }
    );
    assert_eq!(status(&s, "be", "a"), Status::Done);
    assert_eq!(status(&s, "be", "b"), Status::InProgress);
    assert_eq!(s.state("be", "b").unwrap().unwrap().changed_at, Some(t(20)));
    assert_eq!(status(&s, "be", "c"), Status::Done);
    // History at the record's time, and importing again changes nothing.
    let h = s.history(None).unwrap();
    assert_eq!(h.len(), 4);
    assert_eq!(h[0].step, "c");
    assert_eq!(h[0].at, t(1));
    let again = s
        .import(&[rec("b", Status::InProgress, Some(20))], t(31))
        .unwrap();
    assert_eq!(again.statuses, 0);
    // An import is one batch undo can revert.
    s.undo(t(40)).unwrap().unwrap();
    assert_eq!(status(&s, "be", "b"), Status::Done);
    assert_eq!(status(&s, "be", "c"), Status::Todo);
}

#[test]
fn import_merges_notes() {
    let mut s = mem();
    s.set_note("be", "a", Some("mine"), t(10)).unwrap();
    let mut older = rec("a", Status::Todo, None);
    older.note = Some("theirs-old".into());
    older.note_at = Some(t(5));
    let mut newer = rec("b", Status::Todo, None);
    newer.note = Some("theirs".into());
    newer.note_at = Some(t(5));
    let sum = s.import(&[older, newer], t(20)).unwrap();
    assert_eq!(sum.notes, 1);
    assert_eq!(
        s.state("be", "a").unwrap().unwrap().note.as_deref(),
        Some("mine")
    );
    assert_eq!(
        s.state("be", "b").unwrap().unwrap().note.as_deref(),
        Some("theirs")
    );
}

// ---- files ----

#[test]
fn new_file_is_private_wal_and_in_a_created_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep/er/p.sqlite3");
    let mut s = Store::open(&path).unwrap();
    s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let mode: String = s
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = s
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert!(s.backup_path().is_none());
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(status(&s, "be", "a"), Status::Done);
    assert!(s.backup_path().is_none());
}

#[test]
fn not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    let bytes = b"this is my shopping list, not a database\n".repeat(200);
    fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("p.sqlite3"));
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn foreign_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    drop(Store::open(&path).unwrap());
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    match &err {
        StoreError::TooNew { found, known, .. } => {
            assert_eq!(*found, 99);
            assert_eq!(*known, open::SCHEMA.len() as i64);
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("newer waymark"));
    assert_eq!(fs::read(&path).unwrap(), before);
}

static V1: &[&str] = &[include_str!("../../../migrations/001_progress.sql")];
static V2: &[&str] = &[
    include_str!("../../../migrations/001_progress.sql"),
    "ALTER TABLE step_state ADD COLUMN extra TEXT;",
];

#[test]
fn migrating_an_existing_db_backs_it_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    {
        let mut s = open::open_file(&path, V1, t(0)).unwrap();
        s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    }
    let s = open::open_file(&path, V2, t(60)).unwrap();
    let backup = s.backup_path().expect("backup made").to_path_buf();
    assert_eq!(backup.parent(), path.parent());
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, "p.sqlite3.v1-20260301T100000Z.bak");
    assert_eq!(
        fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The backup is the old schema with the data; the live file is migrated.
    let b = Connection::open(&backup).unwrap();
    let v: i64 = b
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    let st: String = b
        .query_row("SELECT status FROM step_state WHERE step = 'a'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(st, "done");
    assert!(
        b.query_row("SELECT extra FROM step_state", [], |_| Ok(()))
            .is_err()
    );
    assert_eq!(status(&s, "be", "a"), Status::Done);
    s.conn
        .query_row("SELECT extra FROM step_state", [], |_| Ok(()))
        .unwrap();
    drop(s);
    // Up to date now: no second backup.
    let s = open::open_file(&path, V2, t(120)).unwrap();
    assert!(s.backup_path().is_none());
}

#[test]
fn read_only_file_reads_but_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    let mut s = Store::open(&path).unwrap();
    assert!(s.is_read_only());
    assert_eq!(status(&s, "be", "a"), Status::Done);
    let err = s
        .set_statuses(&[("be", "b", Status::Done)], t(1))
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("read-only"));
    assert!(matches!(
        s.set_pace(Some(3.0)).unwrap_err(),
        StoreError::ReadOnly { .. }
    ));
    assert!(matches!(
        s.undo(t(2)).unwrap_err(),
        StoreError::ReadOnly { .. }
    ));
}

#[test]
fn read_only_folder_reads_but_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    let path = sub.join("p.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    }
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    let mut s = Store::open(&path).unwrap();
    assert!(s.is_read_only());
    assert_eq!(status(&s, "be", "a"), Status::Done);
    assert!(matches!(
        s.set_note("be", "a", Some("x"), t(1)).unwrap_err(),
        StoreError::ReadOnly { .. }
    ));
    drop(s);
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn new_db_in_read_only_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    fs::create_dir(&sub).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    let res = Store::open(&sub.join("p.sqlite3"));
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(matches!(res.unwrap_err(), StoreError::ReadOnly { .. }));
}

#[test]
fn a_folder_at_the_path_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(err.to_string().contains("folder"), "{err}");
}

#[test]
fn opening_for_reading_reads_and_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    {
        let mut s = open::open_file(&path, V1, t(0)).unwrap();
        s.set_statuses(&[("be", "a", Status::Done)], t(0)).unwrap();
    }
    let before = fs::read(&path).unwrap();
    {
        let mut s = open::open_file_as(&path, V1, t(1), true).unwrap();
        assert!(s.is_read_only());
        assert_eq!(status(&s, "be", "a"), Status::Done);
        assert!(matches!(
            s.set_statuses(&[("be", "b", Status::Done)], t(1)),
            Err(StoreError::ReadOnly { .. })
        ));
    }
    assert_eq!(fs::read(&path).unwrap(), before, "the file is untouched");
    // A database that needs migrating cannot be read as is: the caller migrates it.
    assert!(matches!(
        open::open_file_as(&path, V2, t(2), true),
        Err(StoreError::ReadOnly { .. })
    ));
    // A missing file is not created.
    let missing = dir.path().join("nope.sqlite3");
    assert!(open::open_file_as(&missing, V1, t(3), true).is_err());
    assert!(!missing.exists());
}

#[test]
fn the_schema_validates_as_rusqlite_migration_sees_it() {
    // Our own locked migration applies the same SQL files; the crate checks each one
    // runs on top of the previous ones.
    open::migrations(open::SCHEMA).validate().unwrap();
}

#[test]
fn a_new_database_is_never_backed_up_and_an_old_one_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    // A new, empty file (as another waymark leaves it a moment after creating it).
    fs::File::create(&path).unwrap();
    let s = open::open_file(&path, V1, t(0)).unwrap();
    assert!(s.backup_path().is_none());
    drop(s);
    let s = open::open_file(&path, V2, t(60)).unwrap();
    assert!(s.backup_path().is_some());
    drop(s);
    let s = open::open_file(&path, V2, t(120)).unwrap();
    assert!(s.backup_path().is_none());
    let baks = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(baks, 1);
}

/// Two connections on one file, like the interface and the CLI.
fn two_on_one_file() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    let a = Store::open(&path).unwrap();
    let b = Store::open(&path).unwrap();
    (dir, a, b)
}

#[test]
fn data_version_moves_for_other_connections_only() {
    let (_dir, mut tui, mut cli) = two_on_one_file();
    let v0 = tui.data_version().unwrap();
    tui.set_statuses(&[("r", "a", Status::Done)], t(0)).unwrap();
    assert_eq!(tui.data_version().unwrap(), v0, "its own write is not news");
    cli.set_statuses(&[("r", "b", Status::Done)], t(1)).unwrap();
    assert_ne!(
        tui.data_version().unwrap(),
        v0,
        "another program's write is"
    );
}

#[test]
fn a_checked_write_refuses_statuses_changed_elsewhere() {
    let (_dir, mut tui, mut cli) = two_on_one_file();
    // The interface shows `a` as todo; the CLI marks it done meanwhile.
    cli.set_statuses(&[("r", "a", Status::Done)], t(0)).unwrap();
    let out = tui
        .set_statuses_checked(
            &[
                ("r", "a", Status::Todo, Status::InProgress),
                ("r", "b", Status::Todo, Status::Done),
            ],
            t(1),
        )
        .unwrap();
    assert_eq!(
        out,
        Checked::Stale(vec![Stale {
            roadmap: "r".into(),
            step: "a".into(),
            seen: Status::Todo,
            stored: Status::Done,
        }])
    );
    // Nothing was written, not even the step that was not stale.
    assert_eq!(status(&tui, "r", "a"), Status::Done);
    assert_eq!(status(&tui, "r", "b"), Status::Todo);
    assert_eq!(tui.history(None).unwrap().len(), 1);

    // Acting on what is stored now goes through, as one batch.
    let out = tui
        .set_statuses_checked(&[("r", "a", Status::Done, Status::Todo)], t(2))
        .unwrap();
    assert!(
        matches!(&out, Checked::Written(c) if c.len() == 1),
        "{out:?}"
    );
    assert_eq!(status(&cli, "r", "a"), Status::Todo);
}

#[test]
fn pinning_records_a_reset_of_a_step_never_set_once() {
    let mut s = mem();
    // Not pinned: already todo, nothing recorded.
    assert!(
        s.set_statuses(&[("be", "http", Status::Todo)], t(0))
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.state("be", "http").unwrap(), None);
    // Pinned: a todo → todo change with a time, so the reset is explicit.
    let made = s
        .set_statuses_pinning(&[("be", "http", Status::Todo)], &[true], t(1))
        .unwrap();
    assert_eq!((made[0].old, made[0].new), (Status::Todo, Status::Todo));
    assert_eq!(
        s.state("be", "http").unwrap().unwrap().changed_at,
        Some(t(1))
    );
    assert_eq!(s.history(None).unwrap().len(), 1);
    // Once set, pinning again changes nothing.
    assert!(
        s.set_statuses_pinning(&[("be", "http", Status::Todo)], &[true], t(2))
            .unwrap()
            .is_empty()
    );
}

mod reads;
