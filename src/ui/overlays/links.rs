//! The step's links to choose from (see `app/overlays/links.rs`).
//!
//! ```text
//! ┌ Links · HTTP and HTTPS in Depth ───────────────────┐
//! │▶ MDN: HTTP · docs                                   │
//! │  https://developer.mozilla.org/en-US/docs/Web/HTTP  │
//! │  RFC 9110 · spec                                    │
//! │  https://www.rfc-editor.org/rfc/rfc9110             │
//! └─────────────────────────────────────────────────────┘
//! ```

use crate::app::overlays::links::Links;
use crate::ui::{Theme, centered, pane, text, title_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, l: &Links, theme: &Theme) {
    let w = 72.min(area.width.saturating_sub(2));
    // Two rows a link; as many as fit, the selected one always among them.
    let fit = (area.height.saturating_sub(4) / 2).max(1) as usize;
    let first = l.selected.saturating_sub(fit - 1);
    let shown = l.items.iter().enumerate().skip(first).take(fit);
    let h = (l.items.len().min(fit) * 2) as u16 + 2;
    let rect = centered(area, w, h);
    frame.render_widget(Clear, rect);
    let title = format!("Links{}{}", theme.dot(), text::clean(&l.step));
    let block = pane(title_line(&title, rect.width, theme), true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let room = inner.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    for (i, link) in shown {
        let selected = i == l.selected;
        let marker = if selected { theme.selector() } else { "  " };
        let style = if selected {
            theme.selected(true)
        } else {
            ratatui::style::Style::new()
        };
        let label = match &link.kind {
            Some(k) => format!(
                "{}{}{}",
                text::clean(&link.title),
                theme.dot(),
                text::clean(k)
            ),
            None => text::clean(&link.title).into_owned(),
        };
        lines.push(Line::from(vec![
            Span::styled(marker, style),
            Span::styled(theme.fit(&label, room).into_owned(), style),
        ]));
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                theme.fit(&text::clean(&link.url), room).into_owned(),
                theme.dim(),
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
