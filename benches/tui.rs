//! Redraw speed of the main view on a 100k-step roadmap (only visible rows are built),
//! the chart view (its layout for 2,000 and 100k steps, computed once per roadmap, and
//! its redraw), and the stats view (`S`): aggregating 100k history events and drawing
//! them, and typing into the filter prompt on 100k steps. Run with
//! `cargo bench --bench tui`; `benches/tui_start.rs` times the real binary's first frame.

// The allocator of the shipped binary (src/main.rs), so figures match it.
#[global_allocator]
static GLOBAL: waymark::memory::Allocator = waymark::memory::Allocator;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::hint::black_box;
use waymark::app::chart::layout::ChartLayout;
use waymark::app::{Action, AppState, RoadmapState, update};
use waymark::model::Graph;
use waymark::ui::{self, Theme};

// Test data shared with the integration tests, not part of the library.
#[allow(dead_code)]
#[path = "../tests/support/demo.rs"]
mod demo;

fn state(n: usize) -> AppState {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let roadmap = demo::huge(n);
    let state = RoadmapState::new(roadmap, "bundled").expect("acyclic");
    let mut app = AppState::new(vec![state], Vec::new(), today, Some(("huge", None)));
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 36,
        },
    );
    app
}

fn bench(c: &mut Criterion) {
    let theme = Theme::fancy();
    let mut app = state(100_000);
    let mut terminal = Terminal::new(TestBackend::new(120, 36)).expect("terminal");
    c.bench_function("redraw main view, 100k steps, 120x36", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        })
    });

    // One key typed into the filter prompt (the list is filtered again as you type) and
    // the redraw, on 100k steps: each iteration types a letter and erases it, two keys;
    // after the first iteration both queries are remembered (app/filter_memo.rs).
    let mut typing = state(100_000);
    update(&mut typing, Action::FilterPrompt);
    for c in "level:beginner numbe".chars() {
        update(&mut typing, Action::Input(c));
    }
    c.bench_function(
        "filter prompt: 2 keys (type, erase) + 2 redraws, 100k steps, 120x36",
        |b| {
            b.iter(|| {
                update(&mut typing, Action::Input('r'));
                terminal
                    .draw(|f| ui::draw(f, &typing, &theme))
                    .expect("draw");
                update(&mut typing, Action::Backspace);
                terminal
                    .draw(|f| ui::draw(f, &typing, &theme))
                    .expect("draw");
            })
        },
    );

    // The same keys with nothing remembered (the first key of a new query, or after a
    // status change): every key matches the whole roadmap again.
    c.bench_function(
        "filter prompt, nothing remembered: 2 keys + 2 redraws, 100k steps, 120x36",
        |b| {
            b.iter(|| {
                for key in [Action::Input('r'), Action::Backspace] {
                    typing.roadmaps[0].filter_memo.clear();
                    update(&mut typing, key);
                    terminal
                        .draw(|f| ui::draw(f, &typing, &theme))
                        .expect("draw");
                }
            })
        },
    );

    for n in [2_000, 100_000] {
        let roadmap = demo::huge(n);
        let graph = Graph::new(&roadmap).expect("acyclic");
        c.bench_function(&format!("chart layout, {n} steps"), |b| {
            b.iter(|| black_box(ChartLayout::new(&roadmap, &graph, false)))
        });
    }

    // The chart on the 100k-step roadmap, scrolled to the middle.
    update(&mut app, Action::Chart);
    for _ in 0..5 {
        update(&mut app, Action::PageDown);
    }
    update(&mut app, Action::Right);
    for _ in 0..300 {
        update(&mut app, Action::PageDown);
    }
    let screen = ui::screen(Rect::new(0, 0, 120, 36), &app, &theme);
    update(&mut app, Action::Layout(screen));
    c.bench_function("redraw chart view, 100k steps, 120x36", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        })
    });
}

/// The study log of 100k status changes over a year: aggregation (local days, streaks,
/// weeks, per-roadmap pace) plus one draw of the stats view. Target: under 50 ms.
fn stats(c: &mut Criterion) {
    use chrono::{Duration, FixedOffset, TimeZone, Utc};
    use waymark::app::stats::StatsData;
    use waymark::model::Status;
    use waymark::model::studylog::Event;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let roadmap = demo::huge(100_000);
    let ids: Vec<String> = roadmap.steps.iter().map(|s| s.id.clone()).collect();
    let state = RoadmapState::new(roadmap, "bundled").expect("acyclic");
    let mut app = AppState::new(vec![state], Vec::new(), today, Some(("huge", None)));
    app.pace = Some(6.0);
    let start = Utc.with_ymd_and_hms(2025, 11, 24, 0, 0, 0).unwrap();
    let events: Vec<Event> = (0..100_000usize)
        .map(|i| Event {
            at: start + Duration::seconds(i as i64 * 314),
            roadmap: "huge".into(),
            step: ids[i % ids.len()].clone(),
            old: Status::Todo,
            new: Status::Done,
        })
        .collect();
    let now = start + Duration::days(364);
    // Central European time, DST included, as a fixed offset per instant.
    let offset = |t: chrono::DateTime<Utc>| {
        let summer = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap() <= t
            && t < Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap();
        FixedOffset::east_opt(if summer { 7200 } else { 3600 }).expect("offset")
    };
    let theme = Theme::fancy();
    let mut terminal = Terminal::new(TestBackend::new(120, 36)).expect("terminal");
    update(&mut app, Action::Stats);
    c.bench_function("stats view: aggregate 100k events + draw, 120x36", |b| {
        b.iter(|| {
            let data = StatsData::compute(&app, &events, now, offset);
            update(&mut app, Action::StatsLoaded(Box::new(data)));
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        })
    });
}

criterion_group!(benches, bench, stats);
criterion_main!(benches);
