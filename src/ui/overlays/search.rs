//! `/`: live fuzzy search over every step of the roadmap.
//!
//! ```text
//! ┌ Search steps · 3 matches ────────────────────────┐
//! │ / http▏                                          │
//! │▶ ◐ HTTP and HTTPS in Depth     Internet & Netw…  │
//! ```

use super::input_line;
use crate::app::AppState;
use crate::app::overlays::search::SearchState;
use crate::app::screen::Viewport;
use crate::ui::{Theme, centered, pane, pane_inner, strings, text, title_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// The box, its inside, and the result list under the input line.
fn geometry(area: Rect) -> (Rect, Rect, Rect) {
    let w = (area.width * 3 / 4).clamp(56, 100).min(area.width - 2);
    let h = (area.height * 2 / 3).max(10).min(area.height - 2);
    let rect = centered(area, w, h);
    let inner = pane_inner(rect);
    let list = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    (rect, inner, list)
}

pub fn viewport(area: Rect) -> Viewport {
    let (rect, _, list) = geometry(area);
    Viewport {
        // The result rows as a bordered box, for the mouse.
        area: Rect::new(
            rect.x,
            list.y.saturating_sub(1),
            rect.width,
            list.height + 2,
        ),
        rows: list.height as usize,
        lines: 0,
    }
}

pub fn render(frame: &mut Frame, area: Rect, s: &SearchState, state: &AppState, theme: &Theme) {
    let Some(r) = state.current() else { return };
    let (rect, inner, list) = geometry(area);
    frame.render_widget(Clear, rect);
    let title = if s.query.text().trim().is_empty() {
        strings::SEARCH_TITLE.to_string()
    } else {
        format!(
            "{}{}{}",
            strings::SEARCH_TITLE,
            theme.dot(),
            crate::app::count(s.hits.len(), "match", "matches")
        )
    };
    let block = pane(title_line(&title, rect.width, theme), true, theme);
    frame.render_widget(block, rect);
    frame.render_widget(
        Paragraph::new(input_line("/ ", &s.query, inner.width as usize, theme)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    if s.hits.is_empty() {
        let msg = if s.query.text().trim().is_empty() {
            strings::SEARCH_EMPTY
        } else {
            strings::SEARCH_NONE
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {msg}"), theme.dim())),
            list,
        );
        return;
    }
    let rows = s
        .scroll
        .rows(s.selected, s.hits.len(), list.height as usize);
    let off = rows.start;
    let iw = inner.width as usize;
    let phase_w = (iw / 3).min(28);
    let lines: Vec<Line> = s.hits[rows]
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let sel = off + k == s.selected;
            let style = if sel {
                theme.selected(true)
            } else {
                Style::new()
            };
            let step = &r.roadmap.steps[i];
            let e = r.snapshot.effective[i];
            let phase = r
                .roadmap
                .phases
                .get(step.phase)
                .map_or("", |p| p.title.as_str());
            let title_w = iw.saturating_sub(2 + theme.glyph_width() + 1 + phase_w + 1);
            Line::from(vec![
                Span::styled(if sel { theme.selector() } else { "  " }, style),
                Span::styled(theme.glyph(e), style.patch(theme.status(e))),
                Span::styled(" ", style),
                Span::styled(theme.pad(&text::clean(&step.title), title_w), style),
                Span::styled(" ", style),
                Span::styled(
                    theme.pad(&text::clean(phase), phase_w),
                    style.patch(theme.dim()),
                ),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
