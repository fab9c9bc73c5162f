//! The phase list: two rows per phase, a title with done/counted and a gauge with the
//! percentage and the phase's time window.
//!
//! ```text
//! ┌ Phases ──────────────────────┐
//! │▶ Internet & Networking   3/3 │
//! │  ██████████████████ 100%     │
//! │  Databases               1/5 │
//! │  ████░░░░░░░░░  20% Wk 4–10  │
//! ```

use super::{Theme, pane, strings, text, title_line};
use crate::app::{AppState, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Phases the pane shows at once: two rows each.
pub fn per_page(inner: Rect) -> usize {
    (inner.height / 2) as usize
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let Some(r) = state.current() else { return };
    let focused = state.focus == Focus::Phases;
    let n = r.roadmap.phases.len();
    let block = pane(
        title_line(strings::PHASES, area.width, theme),
        focused,
        theme,
    );
    let inner = block.inner(area);
    let per_page = per_page(inner);
    let rows = state.phase_scroll.rows(state.phase, n, per_page);
    let (above, below) = (rows.start, n - rows.end);
    frame.render_widget(super::with_more(block, above, below, theme), area);
    let w = inner.width as usize;
    let mut lines = Vec::with_capacity(per_page * 2);
    for p in rows {
        let phase = &r.roadmap.phases[p];
        let tally = r
            .snapshot
            .summary
            .phases
            .get(p)
            .copied()
            .unwrap_or_default();
        let selected = p == state.phase;
        let marker = if selected { theme.selector() } else { "  " };
        let count = format!(" {}/{}", tally.done, tally.counted());
        let title_w = w.saturating_sub(2 + text::width(&count));
        let title = theme.pad(&text::clean(&phase.title), title_w);
        let mut style = if selected {
            theme.selected(focused)
        } else {
            ratatui::style::Style::new()
        };
        let matches = state.phase_matches.get(p).copied().unwrap_or(0);
        if state.filter_active() && matches == 0 {
            style = style.patch(theme.dim());
        }
        lines.push(Line::from(vec![
            Span::styled(marker, style),
            Span::styled(title, style),
            Span::styled(count, style),
        ]));
        let pct = format!(" {:>3}%", tally.percent());
        let window = phase
            .window
            .as_deref()
            .map(|wd| format!(" {}", text::short_window(wd)))
            .unwrap_or_default();
        // The bar gives up to half its room to the time window.
        let avail = w.saturating_sub(2 + pct.len());
        let bar_w = avail
            .saturating_sub(text::width(&window))
            .max(avail / 2)
            .clamp(4, 24);
        let room = w.saturating_sub(2 + bar_w + pct.len());
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(theme.bar(tally.ratio(), bar_w), theme.bar_style()),
            Span::raw(pct),
            Span::styled(theme.fit(&window, room).into_owned(), theme.dim()),
        ]));
    }
    super::render_lines(frame, inner, &lines, 0);
}
