//! The filter language on any text: never panics, and an accepted filter applies to a
//! real roadmap (as `show ROADMAP QUERY` does) without panicking either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use waymark::model::{Filter, Graph, Roadmap, Snapshot, Status};

fn roadmap() -> &'static (Roadmap, Vec<Status>) {
    static R: OnceLock<(Roadmap, Vec<Status>)> = OnceLock::new();
    R.get_or_init(|| {
        let cat = waymark::catalog::load(None);
        let r = cat.get("backend-steps").unwrap().roadmap.clone();
        // A mix of statuses, so `is:` terms have something to select.
        let all = [
            Status::Todo,
            Status::InProgress,
            Status::Done,
            Status::Skipped,
        ];
        let statuses = (0..r.steps.len()).map(|i| all[i % 4]).collect();
        (r, statuses)
    })
}

fuzz_target!(|text: &str| {
    let Ok(filter) = Filter::parse(text) else {
        return;
    };
    let (r, statuses) = roadmap();
    let snapshot = Snapshot::new(r, statuses);
    let graph = Graph::new(r).unwrap();
    let shown = filter.apply(r, &graph, &snapshot);
    assert!(shown.iter().all(|&i| i < r.steps.len()));
    let _ = waymark::model::filter::search(r, text);
});
