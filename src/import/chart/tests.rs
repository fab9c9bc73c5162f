use super::*;

fn parse(s: &str) -> Result<Chart, ChartError> {
    Chart::parse(s.as_bytes())
}

const TOPIC: &str =
    r#"{"id":"t1","type":"topic","position":{"x":0,"y":0},"data":{"label":"Internet"}}"#;

#[test]
fn reads_nodes_edges_and_ignores_unknown_fields() {
    let c = parse(&format!(
        r##"{{"nodes":[{TOPIC},{{"id":"s1","type":"subtopic","zIndex":999,"selected":true,
           "position":{{"x":300,"y":0}},"width":200,"height":40,
           "data":{{"label":"DNS","style":{{"fontSize":17}},"legend":{{"id":"a","label":"Personal Recommendation / Opinion","color":"#874efe"}}}}}}],
           "edges":[{{"id":"e","source":"t1","target":"s1","style":{{"strokeDasharray":"0.8 8"}}}}],
           "viewport":{{}}}}"##
    ))
    .unwrap();
    assert_eq!(c.nodes.len(), 2);
    let s = &c.nodes[1];
    assert_eq!(s.kind, NodeType::Subtopic);
    assert_eq!(
        s.rect,
        Rect {
            x: 300.0,
            y: 0.0,
            w: 200.0,
            h: 40.0
        }
    );
    assert_eq!(
        s.legend.as_ref().unwrap().label,
        "Personal Recommendation / Opinion"
    );
    assert_eq!(c.edges.len(), 1);
    assert!(c.edges[0].dashed);
}

#[test]
fn wrong_types_count_as_absent_and_bad_items_are_skipped_with_a_reason() {
    let c = parse(&format!(
        r#"{{"nodes":[{TOPIC}, 7, {{"type":"topic","position":{{"x":1,"y":1}}}},
            {{"id":"t2","type":"topic","position":{{"x":"left","y":3}},"data":{{"label":"X"}}}},
            {{"id":"t3","type":"topic","position":{{"x":5,"y":50}},"width":"wide","data":{{"label":["no"]}}}},
            {{"id":"t1","type":"topic","position":{{"x":9,"y":9}}}}],
           "edges":[{{"source":"t1"}}, {{"source":"t1","target":"gone"}}, "x",
                    {{"source":"t1","target":"t3","style":{{"strokeDasharray":"0"}}}}]}}"#
    ))
    .unwrap();
    let ids: Vec<&str> = c.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t3"]);
    assert_eq!(c.nodes[1].rect.w, 0.0);
    assert_eq!(c.nodes[1].label, "");
    let why: Vec<&str> = c.skipped_nodes.iter().map(|s| s.why.as_str()).collect();
    assert_eq!(
        why,
        [
            "it is a number, not an object",
            "it has no id",
            "it has no position",
            "its id is used by an earlier node"
        ]
    );
    let why: Vec<&str> = c.skipped_edges.iter().map(|s| s.why.as_str()).collect();
    assert_eq!(
        why,
        [
            "it has no target",
            "it names a node that does not exist",
            "it is a string, not an object"
        ]
    );
    assert_eq!(c.edges.len(), 1);
    assert!(!c.edges[0].dashed);
}

#[test]
fn whole_file_errors_are_clear() {
    assert!(matches!(
        parse("{\"nodes\": [").unwrap_err(),
        ChartError::NotJson { line: 1, .. }
    ));
    let e = parse("[1, 2]").unwrap_err().to_string();
    assert!(e.contains("the file holds an array"), "{e}");
    let e = parse(r#"{"id": "x", "steps": []}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no `nodes` array (its keys: id, steps)"), "{e}");
    let e = parse(r#"{"nodes": {}}"#).unwrap_err().to_string();
    assert!(e.contains("`nodes` is an object"), "{e}");
    let e =
        parse(r#"{"nodes": [{"id":"a","type":"subtopic","position":{"x":0,"y":0}}]}"#).unwrap_err();
    assert_eq!(e, ChartError::NoTopics("subtopic".into()));
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let e = parse(&deep).unwrap_err();
    assert!(matches!(e, ChartError::TooDeep { line: 1, .. }), "{e:?}");
}

#[test]
fn labels_are_cleaned_and_cut() {
    assert_eq!(
        clean_label("  Git\u{1b}[31m\n  basics\u{202E}\t "),
        ("Git[31m basics".to_string(), false)
    );
    let (long, cut) = clean_label(&"x".repeat(10_000));
    assert!(cut);
    assert_eq!(long.chars().count(), MAX_TITLE_CHARS + 1);
    assert!(long.ends_with('…'));
    let (exact, cut) = clean_label(&"y".repeat(MAX_TITLE_CHARS));
    assert!(!cut);
    assert_eq!(exact.len(), MAX_TITLE_CHARS);
}

#[test]
fn edge_style_says_dashed_too() {
    let c = parse(&format!(
        r#"{{"nodes":[{TOPIC},{{"id":"b","type":"subtopic","position":{{"x":1,"y":1}}}}],
           "edges":[{{"source":"t1","target":"b","data":{{"edgeStyle":"dashed"}}}}]}}"#
    ))
    .unwrap();
    assert!(c.edges[0].dashed);
}
