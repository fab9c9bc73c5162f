//! The chart importer on any JSON: never panics, and a chart it accepts becomes a
//! roadmap file that the loader accepts (`import-chart` treats anything else as a bug).
#![no_main]

use libfuzzer_sys::fuzz_target;
use waymark::import::{Request, import};

fuzz_target!(|data: &[u8]| {
    let req = Request {
        id: "fuzzed",
        title: None,
        source_name: "chart.json",
        content: None,
        existing: None,
    };
    if let Ok(out) = import(data, &req)
        && let Err(problems) = waymark::catalog::parse_roadmap(&out.toml)
    {
        panic!(
            "the imported roadmap does not load:\n{}",
            waymark::catalog::render_problems("out.toml", &out.toml, &problems)
        );
    }
});
