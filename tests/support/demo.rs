//! Test data, kept out of the library's API: a small in-code roadmap for tests and
//! benches (benches/tui.rs includes this file): every feature the interface shows
//! (windows, kinds, optional steps, a pick-one group, prerequisites, links) in 14 steps,
//! plus a generator for huge roadmaps.

use waymark::model::*;

fn step(id: &str, title: &str, phase: usize, level: Level, tags: &[&str], hours: f64) -> Step {
    Step {
        id: id.into(),
        title: title.into(),
        phase,
        level: Some(level),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        hours: Some(hours),
        ..Step::default()
    }
}

fn phase(id: &str, title: &str, window: Option<&str>) -> Phase {
    Phase {
        window: window.map(Into::into),
        ..Phase::new(id, title)
    }
}

/// "Backend Basics": 4 phases, 14 steps, 92 hours.
pub fn roadmap() -> Roadmap {
    use Level::*;
    let mut steps = vec![
        step(
            "internet",
            "How the Internet Works",
            0,
            Beginner,
            &["Backend"],
            4.0,
        ),
        step(
            "http",
            "HTTP and HTTPS in Depth",
            0,
            Beginner,
            &["Backend"],
            8.0,
        ),
        step(
            "dns",
            "DNS, Ports, and Networking",
            0,
            Beginner,
            &["Backend"],
            5.0,
        ),
        step(
            "terminal",
            "Terminal and Shell Basics",
            1,
            Beginner,
            &["Tools"],
            6.0,
        ),
        step(
            "git",
            "Version Control with Git",
            1,
            Beginner,
            &["Tools"],
            6.0,
        ),
        step("go", "Go", 2, Intermediate, &["Language"], 20.0),
        step("rust", "Rust", 2, Intermediate, &["Language"], 30.0),
        step("python", "Python", 2, Beginner, &["Language"], 15.0),
        step("sql", "SQL Fundamentals", 3, Beginner, &["Databases"], 10.0),
        step(
            "postgres",
            "PostgreSQL",
            3,
            Intermediate,
            &["Databases"],
            12.0,
        ),
        step(
            "indexes",
            "Indexes and Query Plans",
            3,
            Advanced,
            &["Databases", "Performance"],
            8.0,
        ),
        step("orm", "ORMs", 3, Intermediate, &["Databases"], 4.0),
        step(
            "redis",
            "Caching with Redis",
            3,
            Intermediate,
            &["Databases", "Performance"],
            6.0,
        ),
        step(
            "auth",
            "Authentication Basics",
            1,
            Intermediate,
            &["Auth", "Security"],
            5.0,
        ),
    ];
    let req = |steps: &mut Vec<Step>, i: usize, on: &[usize]| {
        steps[i].requires = on.iter().map(|&p| StepRef::Local(p)).collect();
    };
    req(&mut steps, 1, &[0]);
    req(&mut steps, 2, &[0]);
    req(&mut steps, 9, &[8]);
    req(&mut steps, 10, &[9]);
    req(&mut steps, 13, &[1]);
    steps[0].kind = Some(Kind::Recommended);
    steps[1].summary = Some(
        "Methods and when each fits, status-code classes, headers, caching, cookies and \
         what TLS adds on top.\nRead the RFC summaries, then trace a request with curl -v."
            .into(),
    );
    steps[1].covers = vec!["methods".into(), "status codes".into(), "TLS".into()];
    steps[1].resources = vec![
        Resource {
            title: "MDN: An overview of HTTP".into(),
            url: Some("https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview".into()),
            kind: Some("docs".into()),
            summary: None,
        },
        Resource {
            title: "HTTP: The Definitive Guide".into(),
            url: None,
            kind: Some("book".into()),
            summary: None,
        },
    ];
    steps[3].kind = Some(Kind::Anytime);
    for s in &mut steps[5..=7] {
        s.kind = Some(Kind::Alternative);
    }
    steps[11].kind = Some(Kind::NotRecommended);
    steps[11].optional = true;
    steps[12].optional = true;
    steps[8].summary = Some("SELECT, JOIN, GROUP BY, transactions.".into());
    Roadmap {
        id: "backend-basics".into(),
        title: "Backend Basics".into(),
        subtitle: Some("A compact path to a first backend job".into()),
        duration: Some("about 3 months".into()),
        phases: vec![
            phase("net", "Internet & Networking", Some("Weeks 1–2")),
            phase("tools", "Tools and Security", Some("Weeks 3–4")),
            phase("lang", "Pick a Language", None),
            phase("db", "Databases", Some("Weeks 5–10")),
        ],
        steps,
        groups: vec![Group {
            id: "language".into(),
            title: "Pick a language".into(),
            pick: 1,
            steps: vec![5, 6, 7],
            ..Group::default()
        }],
        ..Roadmap::default()
    }
}

/// A second, tiny roadmap, so pickers have something to choose between.
pub fn small() -> Roadmap {
    Roadmap {
        id: "rust-tour".into(),
        title: "A Rust Tour".into(),
        phases: vec![phase("basics", "Basics", None)],
        steps: vec![
            step("ownership", "Ownership", 0, Level::Beginner, &["Rust"], 4.0),
            step("traits", "Traits", 0, Level::Intermediate, &["Rust"], 6.0),
        ],
        ..Roadmap::default()
    }
}

/// A roadmap of `n` steps over `n / 1000 + 1` phases with chained prerequisites.
pub fn huge(n: usize) -> Roadmap {
    let phases = n / 1000 + 1;
    Roadmap {
        id: "huge".into(),
        title: format!("Huge ({n} steps)"),
        phases: (0..phases)
            .map(|p| phase(&format!("p{p}"), &format!("Phase {p}"), None))
            .collect(),
        steps: (0..n)
            .map(|i| {
                let mut s = step(
                    &format!("s{i}"),
                    &format!("Step number {i}"),
                    i * phases / n.max(1),
                    Level::ALL[i % 3],
                    &["Tag"],
                    1.0,
                );
                if i > 0 {
                    s.requires = vec![StepRef::Local(i - 1)];
                }
                s
            })
            .collect(),
        ..Roadmap::default()
    }
}
