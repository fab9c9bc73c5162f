//! Redraw speed of the main view on a 100k-step roadmap (only visible rows are built).
//! Run with `cargo bench --bench tui`.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use waymark::app::{Action, AppState, RoadmapState, update};
use waymark::ui::{self, Theme};

// Test data shared with the integration tests, not part of the library.
#[allow(dead_code)]
#[path = "../tests/support/demo.rs"]
mod demo;

fn bench(c: &mut Criterion) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let roadmap = demo::huge(100_000);
    let state = RoadmapState::new(roadmap, "bundled").expect("acyclic");
    let mut app = AppState::new(vec![state], Vec::new(), today, Some(("huge", None)));
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 36,
        },
    );
    let theme = Theme::fancy();
    let mut terminal = Terminal::new(TestBackend::new(120, 36)).expect("terminal");
    c.bench_function("redraw main view, 100k steps, 120x36", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::draw(f, &app, &theme)).expect("draw");
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
