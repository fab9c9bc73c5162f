//! The five bundled roadmaps carry the facts of their sources.
//!
//! Each roadmap is checked two ways:
//! - the headline facts (counts, hours, levels, windows, optional steps) are hard-coded
//!   here, with a note on where the source states them, so they hold on any checkout;
//! - where the source text is available (`../shared/seeds/*.txt` beside the repository,
//!   or the folder in `WAYMARK_SEEDS`), the expectations are derived from it: titles,
//!   order, phases, levels, tags, hours, windows, badges, chips, table rows, timeline,
//!   routine and channels are parsed out of the text and compared with the loaded
//!   roadmap. Summaries are checked to be our own words, not the source's sentences.

use std::collections::HashSet;
use std::path::PathBuf;
use waymark::catalog::{self, Catalog};
use waymark::model::{Graph, Kind, Level, Roadmap};

fn catalog() -> Catalog {
    let cat = catalog::load(None);
    if let Some(r) = cat.reports.iter().chain(&cat.warnings).next() {
        panic!("{}", r.render());
    }
    cat
}

fn roadmap(id: &str) -> Roadmap {
    catalog()
        .get(id)
        .unwrap_or_else(|| panic!("no bundled roadmap `{id}`"))
        .roadmap
        .clone()
}

fn seeds_dir() -> PathBuf {
    match std::env::var_os("WAYMARK_SEEDS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds"),
    }
}

/// The source text whose file name starts with `prefix` (`"000_"`), if the seeds are
/// on this machine. Without them the source-derived checks are skipped (with a note);
/// the hard-coded facts still run.
fn seed(prefix: &str) -> Option<String> {
    let dir = seeds_dir();
    let found = std::fs::read_dir(&dir).ok().and_then(|entries| {
        entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
    });
    match found {
        Some(p) => Some(std::fs::read_to_string(&p).unwrap()),
        None => {
            eprintln!(
                "note: source {prefix}*.txt not found in {}; source-derived checks skipped",
                dir.display()
            );
            None
        }
    }
}

fn titles(r: &Roadmap) -> Vec<&str> {
    r.steps.iter().map(|s| s.title.as_str()).collect()
}

fn step<'r>(r: &'r Roadmap, id: &str) -> &'r waymark::model::Step {
    r.steps
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{}: no step `{id}`", r.id))
}

fn no_hours_no_levels(r: &Roadmap) {
    for s in &r.steps {
        assert_eq!(s.hours, None, "{}/{}: hours invented", r.id, s.id);
        assert_eq!(s.level, None, "{}/{}: level invented", r.id, s.id);
    }
    assert_eq!(r.levels, None, "{}: level range invented", r.id);
}

// ---------------------------------------------------------------------------
// Summaries are our own words
// ---------------------------------------------------------------------------

/// Lowercased, whitespace runs collapsed, curly quotes straightened: the PDF and web
/// captures break lines mid-sentence.
fn normalize(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const COPY_RUN: usize = 40;

/// The first run of `COPY_RUN` chars of `summary` that also appears in `source`.
fn copied_run(summary: &str, source: &str) -> Option<String> {
    let sum: Vec<char> = normalize(summary).chars().collect();
    let src = normalize(source);
    if sum.len() < COPY_RUN {
        return src
            .contains(&sum.iter().collect::<String>())
            .then(|| sum.iter().collect());
    }
    sum.windows(COPY_RUN)
        .map(|w| w.iter().collect::<String>())
        .find(|w| src.contains(w.as_str()))
}

/// Keys whose strings are names or the source's own labels and data, carried as the
/// source spells them (and checked against it by the tests below): titles, subtitles,
/// ids, tags, sub-topic names, windows, badges, section headings, table cells, timeline
/// entries, facts (a label and its figure: "6 months"), origin and links.
const NAME_KEYS: &[&str] = &[
    "id",
    "title",
    "subtitle",
    "tags",
    "covers",
    "topics",
    "aliases",
    "window",
    "badge",
    "section",
    "kind",
    "url",
    "level",
    "levels",
    "duration",
    "maintainers",
    "origin",
    "columns",
    "rows",
    "label",
    "value",
    "timeline",
];

/// Every string of the roadmap that is not a name (see `NAME_KEYS`) and has a letter
/// in it, with where it sits.
fn prose(r: &Roadmap) -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::String(s) if s.chars().any(char::is_alphabetic) => {
                out.push((path.to_string(), s.clone()))
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    if !NAME_KEYS.contains(&k.as_str()) {
                        walk(item, &format!("{path}.{k}"), out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(r).unwrap(), "", &mut out);
    out
}

/// Every step has a summary, and every string that is not a name (summaries, tips,
/// routine items, resource notes, …) is non-empty and shares no 40-char
/// run with the source text (a shorter string must not appear in it whole).
/// Returns one line per copied string.
fn copied_strings(r: &Roadmap, source: Option<&str>) -> Vec<String> {
    assert!(r.summary.is_some(), "{}: no roadmap summary", r.id);
    for s in &r.steps {
        assert!(s.summary.is_some(), "{}/{}: no summary", r.id, s.id);
    }
    let all = prose(r);
    for (what, s) in &all {
        assert!(!s.trim().is_empty(), "{}: {what} is empty", r.id);
    }
    let Some(source) = source else {
        return Vec::new();
    };
    all.iter()
        .filter_map(|(what, s)| {
            copied_run(s, source).map(|run| format!("{}: {what}: \"{run}\"", r.id))
        })
        .collect()
}

#[test]
fn the_copy_check_covers_every_kind_of_prose() {
    let r = roadmap("backend-2026");
    let paths: Vec<String> = prose(&r).into_iter().map(|(p, _)| p).collect();
    for want in [
        ".summary",
        ".tips[0]",
        ".phases[2].tips[0]",
        ".steps[0].summary",
        ".routine.items[0]",
        ".resources[0].summary",
        ".steps[",
    ] {
        assert!(
            paths.iter().any(|p| p.starts_with(want)),
            "{want} not checked: {paths:?}"
        );
    }
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("title") || p.contains("timeline"))
    );
}

#[test]
fn copy_check_catches_a_pasted_sentence() {
    let source = "Step 1\nHow the Internet Works beginner Understand how packets travel across\n networks using TCP/IP.";
    assert!(
        copied_run(
            "We will understand how packets travel across networks.",
            source
        )
        .is_some()
    );
    assert!(
        copied_run(
            "Packets, routing and the protocols between machines.",
            source
        )
        .is_none()
    );
}

#[test]
fn every_string_but_names_is_in_our_own_words() {
    let mut copies = Vec::new();
    for (id, prefix) in [
        ("backend-steps", "000_"),
        ("backend-chart-2022", "001_"),
        ("backend-2026", "002_"),
        ("backend-essentials", "003_"),
        ("backend-trek", "004_"),
    ] {
        copies.extend(copied_strings(&roadmap(id), seed(prefix).as_deref()));
    }
    assert!(
        copies.is_empty(),
        "strings copy the source's sentences:\n{}",
        copies.join("\n")
    );
}

#[test]
fn the_five_bundled_roadmaps_load_with_acyclic_prerequisites() {
    let cat = catalog();
    let ids: Vec<&str> = cat.roadmaps.iter().map(|l| l.roadmap.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "backend-steps",
            "backend-chart-2022",
            "backend-2026",
            "backend-essentials",
            "backend-trek"
        ]
    );
    for l in &cat.roadmaps {
        if let Err(c) = Graph::new(&l.roadmap) {
            panic!("{}: prerequisite cycle {c:?}", l.roadmap.id);
        }
    }
}

// ---------------------------------------------------------------------------
// backend-steps ← 000_*.txt
// ---------------------------------------------------------------------------

/// One step of source 000: "Step N • Phase", then "Title level Description", then
/// "Tag Nh".
#[derive(Debug)]
struct Source000 {
    number: usize,
    phase: String,
    title: String,
    level: Level,
    description: String,
    tag: String,
    hours: f64,
}

fn parse_000(text: &str) -> Vec<Source000> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(rest) = lines[i].strip_prefix("Step ") else {
            i += 1;
            continue;
        };
        let (number, phase) = rest.split_once(" • ").expect("Step N • Phase");
        let body = lines[i + 1];
        // The level word is the first of the three surrounded by spaces.
        let (at, level) = Level::ALL
            .iter()
            .filter_map(|l| body.find(&format!(" {l} ")).map(|at| (at, *l)))
            .min_by_key(|(at, _)| *at)
            .unwrap_or_else(|| panic!("no level in {body:?}"));
        let title = &body[..at];
        let description = &body[at + level.as_str().len() + 2..];
        let (tag, hours) = lines[i + 2].rsplit_once(' ').expect("Tag Nh");
        out.push(Source000 {
            number: number.trim().parse().unwrap(),
            phase: phase.trim().to_string(),
            title: title.trim().to_string(),
            level,
            description: description.trim().to_string(),
            tag: tag.trim().to_string(),
            hours: hours.trim_end_matches('h').parse().unwrap(),
        });
        i += 3;
    }
    out
}

#[test]
fn backend_steps_headline_facts() {
    let r = roadmap("backend-steps");
    // Source 000 numbers 29 steps, "Step 1" … "Step 29"; the seeds README: 240 h in all.
    assert_eq!(r.steps.len(), 29);
    assert_eq!(r.total_hours(), 240.0);
    assert_eq!(r.steps_without_hours(), 0);
    let count = |l: Level| r.steps.iter().filter(|s| s.level == Some(l)).count();
    assert_eq!(count(Level::Beginner), 8);
    assert_eq!(count(Level::Intermediate), 19);
    assert_eq!(count(Level::Advanced), 2);
    assert_eq!(r.levels, Some((Level::Beginner, Level::Advanced)));

    // "Security" holds steps 17–19 and 22 (non-contiguous), and the file keeps the
    // source's order: steps 20–21 (Performance) sit between them.
    let security = r.phases.iter().position(|p| p.title == "Security").unwrap();
    let held: Vec<usize> = r.phase_steps(security).map(|i| i + 1).collect();
    assert_eq!(held, [17, 18, 19, 22]);
    let performance = r
        .phases
        .iter()
        .position(|p| p.title == "Performance")
        .unwrap();
    assert_eq!(r.steps[19].phase, performance);
    assert_eq!(r.steps[20].phase, performance);
    assert_eq!(r.steps[16].title, "Authentication Fundamentals");
    assert_eq!(r.steps[21].title, "API Security and Rate Limiting");
    // The four Auth-tagged steps are exactly the Security ones.
    let auth: Vec<usize> = (0..29).filter(|&i| r.steps[i].tags == ["Auth"]).collect();
    assert_eq!(auth, [16, 17, 18, 21]);
    // First and last, as in the source.
    assert_eq!(r.steps[0].title, "How the Internet Works");
    assert_eq!(r.steps[28].title, "Resilience and Production Delivery");
}

#[test]
fn backend_steps_matches_its_source_step_by_step() {
    let Some(text) = seed("000_") else { return };
    let src = parse_000(&text);
    let r = roadmap("backend-steps");
    assert_eq!(src.len(), 29, "parsed the source");
    assert_eq!(
        src.iter().map(|s| s.number).collect::<Vec<_>>(),
        (1..=29).collect::<Vec<_>>()
    );
    let src_titles: Vec<&str> = src.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles(&r), src_titles, "titles in source order");
    assert_eq!(src.iter().map(|s| s.hours).sum::<f64>(), 240.0);
    for (s, want) in r.steps.iter().zip(&src) {
        let n = want.number;
        assert_eq!(r.phases[s.phase].title, want.phase, "step {n}: phase");
        assert_eq!(s.level, Some(want.level), "step {n}: level");
        assert_eq!(s.tags, std::slice::from_ref(&want.tag), "step {n}: tag");
        assert_eq!(s.hours, Some(want.hours), "step {n}: hours");
        let summary = s.summary.as_deref().unwrap();
        assert_ne!(normalize(summary), normalize(&want.description));
        assert_eq!(
            copied_run(summary, &want.description),
            None,
            "step {n}: summary copies the description"
        );
    }
    // Phases in order of first appearance, each once (Security is not repeated).
    let mut first_seen: Vec<&str> = Vec::new();
    for s in &src {
        if !first_seen.contains(&s.phase.as_str()) {
            first_seen.push(&s.phase);
        }
    }
    let phases: Vec<&str> = r.phases.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(phases, first_seen);
}

// ---------------------------------------------------------------------------
// backend-chart-2022 ← 001_*.txt
// ---------------------------------------------------------------------------

/// Every group of the chart (source 001), in the chart's top-to-bottom order.
const CHART_GROUPS: &[&str] = &[
    "Internet",
    "Basic Frontend Knowledge",
    "OS and General Knowledge",
    "Learn a Language",
    "Version Control Systems",
    "Repo hosting services",
    "Relational Databases",
    "NoSQL Databases",
    "More about Databases",
    "Learn about APIs",
    "Caching",
    "Web Security Knowledge",
    "Testing",
    "CI / CD",
    "Design and Development Principles",
    "Architectural Patterns",
    "Search Engines",
    "Message Brokers",
    "Containerization vs Virtualization",
    "GraphQL",
    "Graph Databases",
    "WebSockets",
    "Web Servers",
    "Building for Scale",
    "Keep Learning",
];

/// Every sub-topic node named in source 001, by group.
const CHART_TOPICS: &[(&str, &[&str])] = &[
    (
        "Internet",
        &[
            "How does the internet work?",
            "What is HTTP?",
            "Browsers and how they work?",
            "DNS and how it works?",
            "What is Domain Name?",
            "What is hosting?",
        ],
    ),
    ("Basic Frontend Knowledge", &["HTML", "CSS", "JavaScript"]),
    (
        "OS and General Knowledge",
        &[
            "Terminal Usage",
            "How OSs work in General",
            "Process Management",
            "Threads and Concurrency",
            "Basic Terminal Commands",
            "Memory Management",
            "Interprocess Communication",
            "I/O Management",
            "POSIX Basics",
            "Basic Networking Concepts",
        ],
    ),
    (
        "Learn a Language",
        &[
            "Go",
            "Java",
            "Rust",
            "C#",
            "PHP",
            "JavaScript",
            "Python",
            "Ruby",
        ],
    ),
    ("Version Control Systems", &["Basic Usage of Git"]),
    ("Repo hosting services", &["GitHub", "GitLab", "Bitbucket"]),
    (
        "Relational Databases",
        &["PostgreSQL", "MySQL", "MariaDB", "MS SQL", "Oracle"],
    ),
    (
        "NoSQL Databases",
        &["Document", "Column DBs", "Time series", "Realtime"],
    ),
    (
        "More about Databases",
        &[
            "ORMs",
            "ACID",
            "Transactions",
            "N+1 Problem",
            "Database Normalization",
            "Indexes and how they work",
            "Data Replication",
            "Sharding Strategies",
            "CAP Theorem",
        ],
    ),
    (
        "Learn about APIs",
        &[
            "REST",
            "JSON APIs",
            "SOAP",
            "gRPC",
            "HATEOAS",
            "Open API Spec and Swagger",
            "Authentication",
            "Cookie Based",
            "OAuth",
            "Basic Authentication",
            "Token Authentication",
            "JWT",
            "OpenID",
            "SAML",
        ],
    ),
    (
        "Caching",
        &["CDN", "Server Side", "Redis", "Memcached", "Client Side"],
    ),
    (
        "Web Security Knowledge",
        &[
            "Hashing Algorithms",
            "MD5 and why not to use it",
            "SHA Family",
            "scrypt",
            "bcrypt",
            "HTTPS",
            "Content Security Policy",
            "CORS",
            "SSL/TLS",
            "OWASP Security Risks",
        ],
    ),
    (
        "Testing",
        &["Integration Testing", "Unit Testing", "Functional Testing"],
    ),
    (
        "Design and Development Principles",
        &[
            "GOF Design Patterns",
            "Domain Driven Design",
            "Test Driven Development",
            "SOLID",
            "KISS",
            "YAGNI",
            "DRY",
        ],
    ),
    (
        "Architectural Patterns",
        &[
            "Monolithic Apps",
            "Microservices",
            "SOA",
            "CQRS and Event Sourcing",
            "Serverless",
        ],
    ),
    ("Search Engines", &["Elasticsearch", "Solr"]),
    ("Message Brokers", &["RabbitMQ", "Kafka"]),
    (
        "Containerization vs Virtualization",
        &["Docker", "rkt", "LXC"],
    ),
    ("GraphQL", &["Apollo", "Relay Modern"]),
    ("Graph Databases", &["Neo4j"]),
    ("Web Servers", &["Nginx", "Apache", "Caddy", "MS IIS"]),
    (
        "Building for Scale",
        &[
            "Mitigation Strategies",
            "Graceful Degradation",
            "Throttling",
            "Backpressure",
            "Loadshifting",
            "Circuit Breaker",
            "Understand the Diff.",
            "Instrumentation",
            "Monitoring",
            "Telemetry",
            "Migration Strategies",
            "Horizontal vs Vertical Scaling",
            "Building with Observability in mind",
        ],
    ),
];

/// Products the source names inside a node ("Document MongoDB, CouchDB"), carried as
/// the node's `covers`: (node title, products).
const CHART_COVERS: &[(&str, &[&str])] = &[
    ("Document", &["MongoDB", "CouchDB"]),
    ("Column DBs", &["Cassandra"]),
    ("Time series", &["InfluxDB", "TimescaleDB"]),
    ("Realtime", &["Firebase", "RethinkDB"]),
    ("REST", &["Read Roy Fielding’s Paper"]),
    (
        "Basic Terminal Commands",
        &[
            "grep", "awk", "sed", "lsof", "curl", "wget", "tail", "head", "less", "find", "ssh",
            "kill",
        ],
    ),
    ("POSIX Basics", &["stdin", "stdout", "stderr", "pipes"]),
];

#[test]
fn chart_names_are_from_the_source() {
    // Guards the lists above against typos: every name occurs in the PDF text
    // ("Graceful Degradation" is split over two text runs there).
    let Some(text) = seed("001_") else { return };
    let mut missing = Vec::new();
    let names = CHART_GROUPS
        .iter()
        .chain(CHART_TOPICS.iter().flat_map(|(_, t)| t.iter()))
        .chain(CHART_COVERS.iter().flat_map(|(_, c)| c.iter()));
    for name in names {
        let found = match *name {
            "Graceful Degradation" => text.contains("Graceful") && text.contains("Degradation"),
            n => text.contains(n),
        };
        if !found {
            missing.push(*name);
        }
    }
    assert!(missing.is_empty(), "not in the source: {missing:?}");
}

#[test]
fn chart_has_every_group_and_sub_topic() {
    let r = roadmap("backend-chart-2022");
    let phase_titles: Vec<&str> = r.phases.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        phase_titles, CHART_GROUPS,
        "groups as phases, top to bottom"
    );
    assert_eq!(r.phases[0].title, "Internet");

    let mut missing = Vec::new();
    for (group, topics) in CHART_TOPICS {
        let p = r.phases.iter().position(|p| p.title == *group).unwrap();
        let in_phase: Vec<&str> = r
            .phase_steps(p)
            .map(|i| r.steps[i].title.as_str())
            .collect();
        // Each group's own node opens its phase.
        assert_eq!(in_phase.first(), Some(group), "{group}: group node first");
        for t in *topics {
            if !in_phase.contains(t) {
                missing.push(format!("{group} / {t}"));
            }
        }
    }
    assert!(missing.is_empty(), "sub-topics missing: {missing:#?}");

    for (title, products) in CHART_COVERS {
        let s = r.steps.iter().find(|s| s.title == *title).unwrap();
        for p in *products {
            assert!(
                s.covers.iter().any(|c| c == p),
                "{title}: `{p}` not in covers {:?}",
                s.covers
            );
        }
    }

    // Nothing beyond the chart: every step title is a group or a listed sub-topic.
    let known: HashSet<&str> = CHART_GROUPS
        .iter()
        .chain(CHART_TOPICS.iter().flat_map(|(_, t)| t.iter()))
        .copied()
        .collect();
    let extra: Vec<&str> = titles(&r)
        .into_iter()
        .filter(|t| !known.contains(t))
        .collect();
    assert!(extra.is_empty(), "steps not on the chart: {extra:?}");
}

/// Sub-topics that have sub-topics of their own on the chart: (node, its sub-topics).
/// With one level of nesting they sit beside their group node, as parents themselves.
const CHART_NESTED: &[(&str, &[&str])] = &[
    (
        "Authentication",
        &[
            "Cookie Based",
            "OAuth",
            "Basic Authentication",
            "Token Authentication",
            "JWT",
            "OpenID",
            "SAML",
        ],
    ),
    ("Server Side", &["Redis", "Memcached"]),
    (
        "Hashing Algorithms",
        &[
            "MD5 and why not to use it",
            "SHA Family",
            "scrypt",
            "bcrypt",
        ],
    ),
    (
        "Mitigation Strategies",
        &[
            "Graceful Degradation",
            "Throttling",
            "Backpressure",
            "Loadshifting",
            "Circuit Breaker",
        ],
    ),
    (
        "Understand the Diff.",
        &["Instrumentation", "Monitoring", "Telemetry"],
    ),
];

/// The chart keeps its shape: each group node is the parent of its sub-topics, and a
/// sub-topic with sub-topics of its own is theirs.
#[test]
fn chart_group_nodes_are_parents_of_their_sub_topics() {
    let r = roadmap("backend-chart-2022");
    let g = Graph::new(&r).unwrap();
    let titled = |t: &str| r.steps.iter().position(|s| s.title == t).unwrap();
    let children = |i: usize| -> Vec<&str> {
        g.children(i)
            .iter()
            .map(|&c| r.steps[c as usize].title.as_str())
            .collect()
    };
    let nested: HashSet<&str> = CHART_NESTED
        .iter()
        .flat_map(|(n, kids)| std::iter::once(*n).chain(kids.iter().copied()))
        .collect();
    for (group, topics) in CHART_TOPICS {
        let p = r.phases.iter().position(|p| p.title == *group).unwrap();
        let head = r.phase_steps(p).next().unwrap();
        assert_eq!(r.steps[head].title, *group);
        assert_eq!(
            r.steps[head].parent, None,
            "{group}: a group node has no parent"
        );
        let mut want: Vec<&str> = topics
            .iter()
            .copied()
            .filter(|t| !nested.contains(t))
            .collect();
        let mut got = children(head);
        // CHART_TOPICS lists some groups in another order than the rebuilt path.
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "{group}: sub-topics");
    }
    for (node, kids) in CHART_NESTED {
        let i = titled(node);
        assert_eq!(r.steps[i].parent, None, "{node}");
        assert_eq!(children(i), *kids, "{node}: sub-topics");
    }
    // Every step is a group node, a nested parent, or a child of one of them.
    let parents = r.steps.iter().filter(|s| s.parent.is_none()).count();
    assert_eq!(parents, CHART_GROUPS.len() + CHART_NESTED.len());
}

#[test]
fn chart_pick_one_groups_kinds_and_graph() {
    let r = roadmap("backend-chart-2022");
    let group = |members: &[&str]| {
        r.groups
            .iter()
            .find(|g| {
                let ts: Vec<&str> = g.steps.iter().map(|&i| r.steps[i].title.as_str()).collect();
                ts == members
            })
            .unwrap_or_else(|| panic!("no pick-one group of exactly {members:?}"))
    };
    // Source 001: "Learn a Language" lists Go, Java, Rust, C#, PHP, JavaScript,
    // Python, Ruby; "Relational Databases" lists PostgreSQL … Oracle.
    let mut langs: Vec<&str> = vec![
        "Go",
        "Rust",
        "Java",
        "C#",
        "PHP",
        "JavaScript",
        "Python",
        "Ruby",
    ];
    let lang_group = r
        .groups
        .iter()
        .find(|g| g.steps.iter().any(|&i| r.steps[i].id == "go"))
        .expect("a language group");
    let mut got: Vec<&str> = lang_group
        .steps
        .iter()
        .map(|&i| r.steps[i].title.as_str())
        .collect();
    got.sort_unstable();
    langs.sort_unstable();
    assert_eq!(got, langs, "language pick-one group");
    assert_eq!(lang_group.pick, 1);
    let dbs = group(&["PostgreSQL", "MySQL", "MariaDB", "MS SQL", "Oracle"]);
    assert_eq!(dbs.pick, 1);
    for g in &r.groups {
        let phases: HashSet<usize> = g.steps.iter().map(|&i| r.steps[i].phase).collect();
        assert_eq!(phases.len(), 1, "group {} spans phases", g.id);
    }

    // The legend: every node kind is used.
    for k in Kind::ALL {
        assert!(r.steps.iter().any(|s| s.kind == Some(k)), "no `{k}` node");
    }
    // "MD5 and why not to use it" is the chart's "I wouldn't recommend" node.
    assert_eq!(
        step(&r, "md5-and-why-not-to-use-it").kind,
        Some(Kind::NotRecommended)
    );

    // The chart states no prerequisite: its path is the order of the groups, not a
    // chain of `requires` (which used to dim 144 of 145 steps on a fresh database).
    let g = Graph::new(&r).expect("no cycle");
    let gated: Vec<&str> = (0..r.steps.len())
        .filter(|&i| !g.prerequisites(i).is_empty())
        .map(|i| r.steps[i].id.as_str())
        .collect();
    assert!(
        gated.is_empty(),
        "requires the chart does not state: {gated:?}"
    );
    assert_eq!(r.steps[0].id, "internet");

    // Legend marks are consistent: an `alternative` is always a pick-one member, and a
    // pick-one group with a recommended member marks every other member alternative.
    for (i, s) in r.steps.iter().enumerate() {
        if s.kind == Some(Kind::Alternative) {
            assert!(
                !g.groups_of(i).is_empty(),
                "{}: alternative to nothing",
                s.id
            );
        }
    }
    for grp in &r.groups {
        let kinds: Vec<Option<Kind>> = grp.steps.iter().map(|&i| r.steps[i].kind).collect();
        let recommended = kinds
            .iter()
            .filter(|k| **k == Some(Kind::Recommended))
            .count();
        if recommended > 0 {
            assert_eq!(recommended, 1, "group {}: {kinds:?}", grp.id);
            assert_eq!(
                kinds
                    .iter()
                    .filter(|k| **k == Some(Kind::Alternative))
                    .count(),
                kinds.len() - 1,
                "group {}: {kinds:?}",
                grp.id
            );
        }
    }
    assert_eq!(step(&r, "rkt").kind, Some(Kind::Alternative));
    assert_eq!(step(&r, "lxc").kind, Some(Kind::Alternative));
    // Group nodes are the path itself: no "recommended" mark on them.
    for p in 0..r.phases.len() {
        let head = &r.steps[r.phase_steps(p).next().unwrap()];
        assert_ne!(head.kind, Some(Kind::Recommended), "group node {}", head.id);
    }

    no_hours_no_levels(&r);
    assert_eq!(r.origin.as_ref().unwrap().edition.as_deref(), Some("2022"));
}

// ---------------------------------------------------------------------------
// backend-2026 ← 002_*.txt
// ---------------------------------------------------------------------------

/// Windows of the ten phases, in order (source 002, the line after each phase number).
const WINDOWS_2026: [&str; 10] = [
    "Weeks 1–2",
    "Weeks 2–4",
    "Weeks 4–10",
    "Weeks 10–16",
    "Weeks 14–22",
    "Weeks 18–24",
    "Weeks 22–30",
    "Month 6–9 (Ongoing)",
    "Month 7–10 (Ongoing)",
    "Month 8–14 (Interview Prep)",
];

/// Badges of the ten phases (source 002: the first words of each chip line).
const BADGES_2026: [&str; 10] = [
    "Non-negotiable",
    "Daily use",
    "Core choice",
    "Core backend",
    "Mission critical",
    "Critical",
    "Ship it",
    "Senior-level",
    "Production ready",
    "Job-ready",
];

/// The advanced patterns (source 002, between phases 09 and 10).
const PATTERNS_2026: [&str; 4] = [
    "CQRS Pattern",
    "Event Sourcing",
    "Circuit Breaker",
    "Database-per-Service",
];
const PATTERN_TAG: &str = "Advanced patterns";
const PATTERN_PHASE: &str = "advanced-patterns";

/// One phase of source 002: window, "Phase NN · Title", subtitle, description, and the
/// chip line ("Badge chip chip …").
#[derive(Debug)]
struct Source002 {
    window: String,
    title: String,
    subtitle: String,
    description: String,
    chips: String,
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).collect()
}

fn parse_002_phases(text: &str) -> Vec<Source002> {
    let ls = lines(text);
    let mut out = Vec::new();
    for (i, l) in ls.iter().enumerate() {
        let Some(rest) = l.strip_prefix("Phase ") else {
            continue;
        };
        let Some((_, title)) = rest.split_once(" · ") else {
            continue;
        };
        out.push(Source002 {
            window: ls[i - 1].to_string(),
            title: title.to_string(),
            subtitle: ls[i + 1].to_string(),
            description: ls[i + 2].to_string(),
            chips: ls[i + 3].to_string(),
        });
    }
    out
}

/// The lines after `heading` up to the next blank line.
fn block_after<'t>(text: &'t str, heading: &str) -> Vec<&'t str> {
    let ls = lines(text);
    let at = ls
        .iter()
        .position(|l| *l == heading)
        .unwrap_or_else(|| panic!("no line {heading:?} in the source"));
    ls[at + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect()
}

/// The ten numbered phases of source 002 (the advanced-patterns phase has no number,
/// window or badge), with their index in `r.phases`.
fn numbered_phases(r: &Roadmap) -> Vec<(usize, &waymark::model::Phase)> {
    r.phases
        .iter()
        .enumerate()
        .filter(|(_, p)| p.id != PATTERN_PHASE)
        .collect()
}

#[test]
fn backend_2026_headline_facts() {
    let r = roadmap("backend-2026");
    // "10 Phases to master", plus the unnumbered patterns between 09 and 10.
    assert_eq!(r.phases.len(), 11);
    let numbered = numbered_phases(&r);
    assert_eq!(numbered.len(), 10);
    let windows: Vec<&str> = numbered
        .iter()
        .map(|(_, p)| p.window.as_deref().unwrap())
        .collect();
    assert_eq!(windows, WINDOWS_2026);
    let badges: Vec<&str> = numbered
        .iter()
        .map(|(_, p)| p.badge.as_deref().unwrap())
        .collect();
    assert_eq!(badges, BADGES_2026);

    // The patterns are their own phase, shown after phase 09 under its section heading,
    // with no window or badge of their own.
    let pi = r.phases.iter().position(|p| p.id == PATTERN_PHASE).unwrap();
    assert_eq!(r.phases[pi - 1].window.as_deref(), Some(WINDOWS_2026[8]));
    assert_eq!(r.phases[pi + 1].window.as_deref(), Some(WINDOWS_2026[9]));
    let patterns = &r.phases[pi];
    assert_eq!(
        (patterns.window.as_ref(), patterns.badge.as_ref()),
        (None, None)
    );
    assert_eq!(patterns.section, r.phases[pi - 1].section);
    let in_phase: Vec<&str> = r
        .phase_steps(pi)
        .map(|i| r.steps[i].title.as_str())
        .collect();
    assert_eq!(in_phase, PATTERNS_2026);

    // "Kubernetes is a bonus": the one optional chip.
    let optional: Vec<&str> = r
        .steps
        .iter()
        .filter(|s| s.optional)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(optional, ["kubernetes-basics"]);

    // Figures the first capture dropped, now carried in our words: three CLI tools
    // before moving on (phase 03), two problems a day (phase 10), the "Career ceiling"
    // stat, and the opening quote (designing systems for millions of users).
    let phase = |id: &str| r.phases.iter().find(|p| p.id == id).unwrap();
    assert!(
        phase("programming-language")
            .tips
            .iter()
            .any(|t| t.contains("three") && t.contains("command-line")),
        "Build 3 CLI tools"
    );
    assert!(
        step(&r, "dsa-daily")
            .summary
            .as_deref()
            .unwrap()
            .starts_with("Two problems every day")
    );
    assert!(r.facts.iter().any(|f| f.label == "Career ceiling"));
    assert!(
        r.tips.iter().any(|t| t.contains("millions of users")),
        "opening quote"
    );
    // HATEOAS (phase 04) and normalization (phase 05) are named where the source names them.
    let rest = step(&r, "rest-api-design");
    assert!(rest.covers.iter().any(|c| c == "HATEOAS"));
    assert!(rest.summary.as_deref().unwrap().contains("HATEOAS"));
    let acid = step(&r, "transactions-and-acid");
    assert!(acid.covers.iter().any(|c| c == "normalization"));
    assert!(acid.summary.as_deref().unwrap().contains("normalization"));
    // The daily routine keeps its figures: 2 problems, 1 concept, 1 commit, 1 open
    // question, 1 thing shared.
    let routine = &r.routine.as_ref().unwrap().items;
    let facts = [
        ["two", "DSA Yatra"],
        ["one concept", "documentation"],
        ["one commit", "GitHub"],
        ["one thing", "following day"],
        ["one thing", "LinkedIn or Twitter"],
    ];
    for (item, words) in routine.iter().zip(facts) {
        for w in words {
            assert!(item.contains(w), "routine item {item:?} lacks {w:?}");
        }
    }

    let patterns: Vec<&str> = r
        .steps
        .iter()
        .filter(|s| s.tags.iter().any(|t| t == PATTERN_TAG))
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(patterns, PATTERNS_2026);

    // Two comparison tables (languages, platforms), four rows each.
    assert_eq!(r.tables.len(), 2);
    assert_eq!(r.tables[0].rows.len(), 4);
    assert_eq!(r.tables[1].rows.len(), 4);
    for t in &r.tables {
        for row in &t.rows {
            assert_eq!(row.len(), t.columns.len(), "{}", t.id);
        }
    }
    // A timeline of three windows, a routine of five items, six channels.
    let tl: Vec<&str> = r.timeline.iter().map(|t| t.window.as_str()).collect();
    assert_eq!(tl, ["Month 1–3", "Month 4–7", "Month 8–14"]);
    assert_eq!(r.routine.as_ref().unwrap().items.len(), 5);
    let channels: Vec<&str> = r
        .resources
        .iter()
        .filter(|x| x.kind.as_deref() == Some("channel"))
        .map(|x| x.title.as_str())
        .collect();
    assert_eq!(
        channels,
        [
            "ByteByteGo",
            "TechWorld with Nana",
            "Arjan Codes",
            "Gaurav Sen",
            "freeCodeCamp",
            "NeetCode"
        ]
    );
    // "8–14 Months to job-ready".
    assert_eq!(r.duration.as_deref(), Some("8–14 months"));
    no_hours_no_levels(&r);
}

#[test]
fn backend_2026_matches_its_source() {
    let Some(text) = seed("002_") else { return };
    let r = roadmap("backend-2026");
    let src = parse_002_phases(&text);
    assert_eq!(src.len(), 10, "parsed ten phases");
    let src_windows: Vec<&str> = src.iter().map(|p| p.window.as_str()).collect();
    assert_eq!(
        src_windows, WINDOWS_2026,
        "the hard-coded windows are the source's"
    );

    for (n, ((i, p), want)) in numbered_phases(&r).into_iter().zip(&src).enumerate() {
        let n = n + 1;
        assert_eq!(p.window.as_deref(), Some(want.window.as_str()), "phase {n}");
        assert_eq!(p.title, want.title, "phase {n}: title");
        assert_eq!(
            p.subtitle.as_deref(),
            Some(want.subtitle.as_str()),
            "phase {n}"
        );
        // The chip line is the badge followed by the topic chips, which are the
        // phase's steps in order (the advanced patterns are extra steps).
        let chips: Vec<&str> = r
            .phase_steps(i)
            .map(|j| &r.steps[j])
            .filter(|s| !s.tags.iter().any(|t| t == PATTERN_TAG))
            .map(|s| s.title.as_str())
            .collect();
        assert!(!chips.is_empty(), "phase {n}: no chips");
        let line = format!("{} {}", p.badge.as_deref().unwrap(), chips.join(" "));
        assert_eq!(line, want.chips, "phase {n}: badge and chips");
        assert_eq!(
            copied_run(p.summary.as_deref().unwrap(), &want.description),
            None,
            "phase {n}: summary copies the description"
        );
    }

    let ls = lines(&text);
    for title in PATTERNS_2026 {
        assert!(
            ls.iter().any(|l| l.ends_with(&format!(" {title}"))),
            "pattern {title:?} not in the source"
        );
    }

    // Tables: the header line, then one line per row, cells separated by spaces.
    for t in &r.tables {
        let rows = block_after(&text, &t.columns.join(" "));
        let got: Vec<String> = t.rows.iter().map(|row| row.join(" ")).collect();
        assert_eq!(got, rows, "table {}: all rows, in order", t.id);
    }

    // Timeline: "<square> Month a–b" starts a window; its items follow.
    let mut timeline: Vec<(String, Vec<String>)> = Vec::new();
    for l in block_after(&text, "What to Learn & When — Full Timeline") {
        match l.split_once(' ') {
            Some((mark, window)) if !mark.is_ascii() && window.starts_with("Month") => {
                timeline.push((window.to_string(), Vec::new()))
            }
            _ => timeline.last_mut().unwrap().1.push(l.to_string()),
        }
    }
    let got: Vec<(String, Vec<String>)> = r
        .timeline
        .iter()
        .map(|t| (t.window.clone(), t.items.clone()))
        .collect();
    assert_eq!(got, timeline);

    // The routine: as many items as the source, none of them its words (the copy check
    // above), each keeping its figure (see the headline facts).
    let routine = r.routine.as_ref().unwrap();
    let src_routine = block_after(&text, &routine.title);
    assert_eq!(routine.items.len(), src_routine.len(), "routine items");
    for (ours, theirs) in routine.items.iter().zip(&src_routine) {
        assert_ne!(normalize(ours), normalize(theirs));
        let figure = theirs
            .split_whitespace()
            .find_map(|w| w.parse::<u32>().ok());
        let word = match figure {
            Some(2) => "two",
            _ => "one",
        };
        assert!(
            ours.contains(word),
            "{ours:?} lost the figure of {theirs:?}"
        );
    }

    let channels: Vec<&str> = ls.iter().filter_map(|l| l.strip_prefix("📺 ")).collect();
    assert_eq!(channels.len(), 6);
    let got: Vec<&str> = r
        .resources
        .iter()
        .filter(|x| x.kind.as_deref() == Some("channel"))
        .map(|x| x.title.as_str())
        .collect();
    assert_eq!(got, channels);
}

// ---------------------------------------------------------------------------
// backend-essentials ← 003_*.txt
// ---------------------------------------------------------------------------

/// (number, title, optional, description) of each step of source 003: a number line,
/// the title, "OPTIONAL" when marked, then the description.
fn parse_003(text: &str) -> Vec<(usize, String, bool, String)> {
    let ls: Vec<&str> = lines(text).into_iter().filter(|l| !l.is_empty()).collect();
    let mut out = Vec::new();
    let mut i = ls
        .iter()
        .position(|l| l.ends_with("steps in this roadmap"))
        .expect("the step count line")
        + 1;
    while i + 2 < ls.len() {
        let Ok(n) = ls[i].parse::<usize>() else { break };
        let title = ls[i + 1].to_string();
        let optional = ls[i + 2] == "OPTIONAL";
        let desc = ls[i + 2 + usize::from(optional)].to_string();
        out.push((n, title, optional, desc));
        i += 3 + usize::from(optional);
    }
    out
}

#[test]
fn backend_essentials_headline_facts() {
    let r = roadmap("backend-essentials");
    // Source 003: "23 steps in this roadmap"; OPTIONAL under 7, 11, 16–20, 22, 23.
    assert_eq!(r.steps.len(), 23);
    let optional: Vec<usize> = (0..23)
        .filter(|&i| r.steps[i].optional)
        .map(|i| i + 1)
        .collect();
    assert_eq!(optional, [7, 11, 16, 17, 18, 19, 20, 22, 23]);
    assert_eq!(r.steps[0].title, "Internet Fundamentals");
    assert_eq!(r.steps[22].title, "Basic Infrastructure Knowledge");
    no_hours_no_levels(&r);
}

#[test]
fn backend_essentials_matches_its_source() {
    let Some(text) = seed("003_") else { return };
    let r = roadmap("backend-essentials");
    let src = parse_003(&text);
    assert_eq!(
        src.iter().map(|s| s.0).collect::<Vec<_>>(),
        (1..=23).collect::<Vec<_>>(),
        "parsed 23 numbered steps"
    );
    let src_titles: Vec<&str> = src.iter().map(|s| s.1.as_str()).collect();
    assert_eq!(titles(&r), src_titles);
    let src_optional: Vec<usize> = src.iter().filter(|s| s.2).map(|s| s.0).collect();
    assert_eq!(src_optional.len(), 9);
    let optional: Vec<usize> = (0..23)
        .filter(|&i| r.steps[i].optional)
        .map(|i| i + 1)
        .collect();
    assert_eq!(optional, src_optional);
    for (s, (n, _, _, desc)) in r.steps.iter().zip(&src) {
        let summary = s.summary.as_deref().unwrap();
        assert_ne!(normalize(summary), normalize(desc), "step {n}");
        assert_eq!(copied_run(summary, desc), None, "step {n}");
    }
}

// ---------------------------------------------------------------------------
// backend-trek ← 004_*.txt
// ---------------------------------------------------------------------------

/// (title, goal, tags run together) of each "Stage NN" of source 004.
fn parse_004(text: &str) -> Vec<(String, String, String)> {
    let ls: Vec<&str> = lines(text).into_iter().filter(|l| !l.is_empty()).collect();
    ls.iter()
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix("Stage ")
                .is_some_and(|n| n.parse::<usize>().is_ok())
        })
        .map(|(i, _)| {
            (
                ls[i + 1].to_string(),
                ls[i + 2].to_string(),
                ls[i + 3].to_string(),
            )
        })
        .collect()
}

/// Tags as the source lists them, stage by stage (source 004 runs them together:
/// "HTTPNetworkingBeginner").
const TREK_TAGS: [&[&str]; 13] = [
    &["HTTP", "Networking", "Beginner"],
    &["Node.js", "TypeScript", "Python"],
    &["PostgreSQL", "SQL", "Databases"],
    &["REST", "Express", "FastAPI", "OpenAPI"],
    &["Auth", "JWT", "OAuth", "Security"],
    &["Redis", "Caching", "Performance"],
    &["Queues", "BullMQ", "Kafka", "Async"],
    &["Microservices", "gRPC", "Event-Driven"],
    &["Testing", "Integration Tests", "Load Testing"],
    &["Observability", "OpenTelemetry", "Monitoring"],
    &["Docker", "Deployment", "Cloud"],
    &["Security", "OWASP", "Secrets"],
    &["Capstone", "Advanced", "Portfolio"],
];

#[test]
fn backend_trek_headline_facts() {
    let r = roadmap("backend-trek");
    // Source 004: "Stages 13", "Estimated time 6 months", "Level Beginner → Advanced".
    assert_eq!(r.steps.len(), 13);
    let duration = r.duration.as_deref().unwrap();
    assert!(duration.contains("6 months"), "{duration}");
    assert_eq!(r.levels, Some((Level::Beginner, Level::Advanced)));
    for (s, tags) in r.steps.iter().zip(TREK_TAGS) {
        assert_eq!(s.tags, tags, "{}", s.id);
        // A level word among the tags is the step's level; no other level is invented.
        let level = tags.iter().find_map(|t| t.parse::<Level>().ok());
        assert_eq!(s.level, level, "{}", s.id);
        assert_eq!(s.hours, None, "{}: hours invented", s.id);
    }
    assert_eq!(r.steps[0].level, Some(Level::Beginner));
    assert_eq!(r.steps[12].level, Some(Level::Advanced));
}

#[test]
fn backend_trek_matches_its_source() {
    let Some(text) = seed("004_") else { return };
    let r = roadmap("backend-trek");
    let src = parse_004(&text);
    assert_eq!(src.len(), 13, "parsed 13 stages");
    let src_titles: Vec<&str> = src.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(titles(&r), src_titles);
    for (i, (s, (_, goal, tags))) in r.steps.iter().zip(&src).enumerate() {
        let n = i + 1;
        assert_eq!(
            &s.tags.concat(),
            tags,
            "stage {n}: tags as the source lists them"
        );
        assert_eq!(s.tags, TREK_TAGS[i], "stage {n}");
        let summary = s.summary.as_deref().unwrap();
        assert_ne!(normalize(summary), normalize(goal), "stage {n}");
        assert_eq!(copied_run(summary, goal), None, "stage {n}");
    }
    let ls: Vec<&str> = lines(&text).into_iter().filter(|l| !l.is_empty()).collect();
    let after = |label: &str| ls[ls.iter().position(|l| *l == label).unwrap() + 1];
    assert_eq!(after("Stages"), "13");
    assert!(
        r.duration
            .as_deref()
            .unwrap()
            .contains(after("Estimated time"))
    );
    assert_eq!(after("Level"), "Beginner → Advanced");
}

// ---------------------------------------------------------------------------
// Shared topics across the five roadmaps
// ---------------------------------------------------------------------------

/// Steps that cover a shared topic carry its id, so "also in" finds them from any
/// roadmap: (roadmap, step, topics it must carry).
const TOPIC_LINKS: &[(&str, &str, &[&str])] = &[
    ("backend-2026", "jwt-oauth", &["sessions", "openid-connect"]),
    (
        "backend-steps",
        "authentication-fundamentals",
        &["sessions"],
    ),
    ("backend-chart-2022", "cookie-based", &["sessions"]),
    ("backend-chart-2022", "openid", &["openid-connect"]),
    ("backend-2026", "circuit-breaker", &["circuit-breaker"]),
    (
        "backend-steps",
        "resilience-and-production-delivery",
        &["circuit-breaker"],
    ),
    ("backend-2026", "cdn", &["cdn"]),
    ("backend-steps", "cloud-platforms-and-serverless", &["cdn"]),
    (
        "backend-steps",
        "testing-strategy-for-backend",
        &["unit-testing", "integration-testing"],
    ),
    (
        "backend-2026",
        "unit-and-integration-testing",
        &["unit-testing", "integration-testing"],
    ),
    (
        "backend-steps",
        "version-control-with-git",
        &["version-control"],
    ),
    (
        "backend-chart-2022",
        "basic-usage-of-git",
        &["version-control"],
    ),
    ("backend-2026", "git-and-github", &["version-control"]),
    (
        "backend-steps",
        "background-jobs-and-message-queues",
        &["rabbitmq"],
    ),
    ("backend-2026", "kafka-rabbitmq", &["rabbitmq"]),
    (
        "backend-2026",
        "go-python-nodejs",
        &["go", "python", "javascript", "nodejs"],
    ),
    (
        "backend-steps",
        "programming-foundations-and-language-choice",
        &["go", "python", "javascript", "nodejs", "java", "csharp"],
    ),
    (
        "backend-trek",
        "choose-your-language",
        &["python", "javascript", "nodejs"],
    ),
    ("backend-chart-2022", "frontend-javascript", &["javascript"]),
    ("backend-2026", "rest-api-design", &["hateoas"]),
    (
        "backend-2026",
        "transactions-and-acid",
        &["database-design"],
    ),
];

#[test]
fn shared_topics_link_every_step_that_covers_them() {
    let cat = catalog();
    let get = |id: &str| &cat.get(id).unwrap().roadmap;
    for (map, id, topics) in TOPIC_LINKS {
        let s = step(get(map), id);
        for t in *topics {
            assert!(
                s.topics.iter().any(|x| x == t),
                "{map}/{id} lacks topic `{t}`"
            );
            let elsewhere = cat
                .roadmaps
                .iter()
                .filter(|l| l.roadmap.id != *map)
                .any(|l| {
                    l.roadmap
                        .steps
                        .iter()
                        .any(|o| o.topics.iter().any(|x| x == t))
                });
            assert!(elsewhere, "topic `{t}` of {map}/{id} links nothing");
        }
    }
    // N+1 is linked to the step that covers it (ORMs), not to indexing.
    let holders: Vec<String> = cat
        .roadmaps
        .iter()
        .flat_map(|l| {
            l.roadmap
                .steps
                .iter()
                .filter(|s| s.topics.iter().any(|t| t == "n-plus-one"))
                .map(move |s| format!("{}/{}", l.roadmap.id, s.id))
        })
        .collect();
    assert_eq!(
        holders,
        [
            "backend-steps/orms-and-query-builders",
            "backend-chart-2022/n-plus-one-problem"
        ]
    );
    let orms = step(get("backend-steps"), "orms-and-query-builders");
    assert!(orms.covers.iter().any(|c| c == "N+1 problem"));
    let n1 = step(get("backend-chart-2022"), "n-plus-one-problem");
    assert!(!n1.topics.iter().any(|t| t == "query-optimization"));
}
