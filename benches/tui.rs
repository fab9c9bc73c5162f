//! Redraw speed of the main view on a 100k-step roadmap (only visible rows are built),
//! and the chart view: its layout for 2,000 and 100k steps (computed once per roadmap)
//! and its redraw. Run with `cargo bench --bench tui`.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::hint::black_box;
use waymark::app::chart::layout::ChartLayout;
use waymark::app::{Action, AppState, RoadmapState, update};
use waymark::model::Graph;
use waymark::ui::{self, Theme};

fn state(n: usize) -> AppState {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let roadmap = waymark::app::demo::huge(n);
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

    for n in [2_000, 100_000] {
        let roadmap = waymark::app::demo::huge(n);
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

criterion_group!(benches, bench);
criterion_main!(benches);
