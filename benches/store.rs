//! Store benchmarks: one durable status change (a committed, fsynced WAL transaction on a
//! real file), and importing 10k changes in one transaction.

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

criterion_group!(benches, durable_change, import_10k);
criterion_main!(benches);
