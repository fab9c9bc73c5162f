//! Load speed: parse + validate a generated 100k-step roadmap (300k prerequisite
//! edges), build its graph, validate a file with 200k problems, and the bundled
//! catalog as a whole; and the whole catalog load of a user roadmap of 1k / 10k / 100k
//! steps, cold (parsed: no cache) and warm (read back from the load cache).
//! Run with `cargo bench --bench load` (`-- 'catalog'` for the cold/warm group only).

// The allocator of the shipped binary (src/main.rs), so figures match it.
#[global_allocator]
static GLOBAL: waymark::memory::Allocator = waymark::memory::Allocator;

use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;
use waymark::catalog::{self, Cache};
use waymark::model::{Graph, Snapshot, Status};

/// A roadmap of `steps` steps in 100 phases; step i requires up to three earlier steps.
fn generate(steps: usize) -> String {
    let mut s = String::with_capacity(steps * 160);
    s.push_str("id = \"generated\"\ntitle = \"Generated\"\n");
    for p in 0..100 {
        let _ = write!(s, "\n[[phases]]\nid = \"p{p}\"\ntitle = \"Phase {p}\"\n");
    }
    for i in 0..steps {
        let _ = write!(
            s,
            "\n[[steps]]\nid = \"s{i}\"\nphase = \"p{}\"\ntitle = \"Step number {i}\"\nlevel = \"beginner\"\nhours = 2\ntags = [\"t{}\"]\n",
            i * 100 / steps,
            i % 17
        );
        let reqs: Vec<String> = [1usize, 7, 31]
            .iter()
            .filter(|&&d| d <= i)
            .map(|d| format!("\"s{}\"", i - d))
            .collect();
        if !reqs.is_empty() {
            let _ = writeln!(s, "requires = [{}]", reqs.join(", "));
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = generate(100_000);
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("parse+validate 100k steps", |b| {
        b.iter(|| waymark::catalog::parse_roadmap(black_box(&text)).expect("valid"))
    });
    let roadmap = waymark::catalog::parse_roadmap(&text).expect("valid");
    group.bench_function("graph 100k steps / 300k edges", |b| {
        b.iter(|| Graph::new(black_box(&roadmap)).expect("acyclic"))
    });
    let statuses: Vec<Status> = (0..roadmap.steps.len())
        .map(|i| Status::ALL[i % 4])
        .collect();
    group.bench_function("progress snapshot 100k steps", |b| {
        b.iter(|| Snapshot::new(black_box(&roadmap), black_box(&statuses)))
    });
    // `validate` on a file with 200,000 problems: find them all, render the report.
    let mut broken = generate(100);
    broken.push_str("\n[[steps]]\nid = \"many\"\ntitle = \"Many\"\nphase = \"p0\"\ntags = [");
    broken.push_str(&"1,".repeat(200_000));
    broken.push_str("]\n");
    group.bench_function("validate 200k problems", |b| {
        b.iter(|| {
            let problems = waymark::catalog::parse_roadmap(black_box(&broken)).expect_err("broken");
            waymark::catalog::render_problems("broken.toml", &broken, &problems)
        })
    });
    group.bench_function("bundled catalog", |b| {
        b.iter(|| waymark::catalog::load(None))
    });
    group.finish();
}

/// Cold and warm catalog loads: the bundled roadmaps plus one generated user roadmap.
fn cold_warm(c: &mut Criterion) {
    let mut group = c.benchmark_group("catalog");
    group.sample_size(10);
    for steps in [1_000, 10_000, 100_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        let roadmaps = dir.path().join("roadmaps");
        std::fs::create_dir(&roadmaps).expect("roadmap folder");
        std::fs::write(roadmaps.join("generated.toml"), generate(steps)).expect("write");
        let cache = Cache::new(dir.path().join("cache"));
        let load = |cache: Option<&Cache>| {
            let cat = catalog::load_with(Some(black_box(&roadmaps)), &[], cache);
            assert_eq!(cat.roadmaps.len(), catalog::BUNDLED.len() + 1);
            cat
        };
        // Fills the cache, so the warm runs hit.
        load(Some(&cache));
        let time = Duration::from_secs(if steps == 100_000 { 30 } else { 5 });
        group.measurement_time(time);
        group.bench_function(format!("cold {steps} steps"), |b| b.iter(|| load(None)));
        group.bench_function(format!("warm {steps} steps"), |b| {
            b.iter(|| {
                let cat = load(Some(&cache));
                assert_eq!(cat.cache.parsed, 0);
                cat
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, cold_warm);
criterion_main!(benches);
