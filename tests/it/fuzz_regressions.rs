//! Inputs the fuzz targets (`fuzz/`) found crashing, kept so the fixes stay fixed. Each
//! runs the same code as its target on the saved input (tests/fixtures/fuzz/).

use waymark::import::{ChartError, Request, import};

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name);
    std::fs::read(p).unwrap()
}

fn import_chart(bytes: &[u8]) -> Result<String, ChartError> {
    let req = Request {
        id: "fuzzed",
        title: None,
        source_name: "chart.json",
        content: None,
        existing: None,
    };
    match import(bytes, &req) {
        Ok(out) => Ok(out.toml),
        Err(waymark::import::ImportError::Chart(e)) => Err(e),
        Err(e) => panic!("{e}"),
    }
}

/// `chart_json`: the only `topic` node had no label (`l_bel`), so attaching subtopics
/// to the nearest topic found none and panicked. Now the chart is refused as having
/// no usable topic.
#[test]
fn chart_whose_topics_have_no_label_is_refused_not_a_panic() {
    let e = import_chart(&fixture("chart-unlabelled-topic.json")).unwrap_err();
    assert!(matches!(e, ChartError::NoTopics(_)), "{e}");
    assert!(e.to_string().contains("topic (without a label)"), "{e}");
}
