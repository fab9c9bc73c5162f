//! The JSON a progress `import` reads: never panics; whatever is accepted has valid
//! ids and no time more than a day after "now".
#![no_main]

use chrono::{DateTime, Duration, Utc};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let at: DateTime<Utc> = "2026-03-10T12:00:00Z".parse().unwrap();
    if let Ok((roadmap, records)) =
        waymark::cli::transfer::parse_progress(Path::new("in.json"), data, at)
    {
        assert!(waymark::catalog::is_slug(&roadmap));
        for r in &records {
            assert!(waymark::catalog::is_slug(&r.step));
            for t in [r.changed_at, r.note_at].into_iter().flatten() {
                assert!(t <= at + Duration::days(1));
            }
        }
    }
});
