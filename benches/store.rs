//! Store benchmarks: one durable status change (a committed, fsynced WAL transaction on a
//! real file), importing 10k changes in one transaction, and after a 100k import: reading
//! one roadmap's state (what `list`/`progress` do) and undoing the whole import.

// The allocator of the shipped binary (src/main.rs), so figures match it.
#[global_allocator]
static GLOBAL: waymark::memory::Allocator = waymark::memory::Allocator;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use waymark::model::Status;
use waymark::store::{ImportRecord, Store};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

fn durable_change(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    let mut n: i64 = 0;
    c.bench_function("store/one durable status change", |b| {
        b.iter(|| {
            n += 1;
            let status = if n % 2 == 0 {
                Status::Todo
            } else {
                Status::Done
            };
            let made = store
                .set_statuses(
                    &[("backend-steps", "http-and-https", status)],
                    t0() + Duration::milliseconds(n),
                )
                .unwrap();
            black_box(made);
        })
    });
}

fn records(n: usize) -> Vec<ImportRecord> {
    let statuses = [Status::Done, Status::InProgress, Status::Skipped];
    (0..n)
        .map(|i| ImportRecord {
            roadmap: format!("roadmap-{}", i % 10),
            step: format!("step-{i}"),
            status: statuses[i % 3],
            changed_at: Some(t0() + Duration::seconds(i as i64)),
            note: (i % 7 == 0).then(|| format!("note {i}")),
            note_at: (i % 7 == 0).then(|| t0() + Duration::seconds(i as i64)),
        })
        .collect()
}

fn import_10k(c: &mut Criterion) {
    let recs = records(10_000);
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("import 10k changes", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
                (dir, store)
            },
            |(dir, mut store)| {
                let sum = store.import(&recs, t0() + Duration::days(365)).unwrap();
                assert_eq!(sum.statuses, 10_000);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// 100k imported steps in one roadmap next to a 100-step roadmap the commands read.
fn after_big_import(c: &mut Criterion) {
    let mut recs = records(100_000);
    for r in &mut recs {
        r.roadmap = "big".into();
    }
    let steps: Vec<String> = (0..100).map(|i| format!("step-{i}")).collect();
    let ids: Vec<&str> = steps.iter().map(String::as_str).collect();
    let fresh = || {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
        let small: Vec<_> = ids.iter().map(|id| ("small", *id, Status::Done)).collect();
        store.set_statuses(&small, t0()).unwrap();
        store.import(&recs, t0() + Duration::days(365)).unwrap();
        (dir, store)
    };
    let mut group = c.benchmark_group("store after a 100k import");
    group.sample_size(10);
    let (_dir, store) = fresh();
    group.bench_function("state of a 100-step roadmap", |b| {
        b.iter(|| black_box(store.states_of("small", &ids).unwrap()))
    });
    group.bench_function("undo the 100k import", |b| {
        b.iter_batched(
            fresh,
            |(dir, mut store)| {
                let made = store.undo(t0() + Duration::days(366)).unwrap().unwrap();
                assert_eq!(made.len(), 100_000);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, durable_change, import_10k, after_big_import);
criterion_main!(benches);
