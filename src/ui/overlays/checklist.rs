//! `t` / `L`: pick tags or levels from a list; Enter writes them into the filter.

use crate::app::overlays::checklist::{Checklist, ChecklistKind};
use crate::app::screen::Viewport;
use crate::ui::{Theme, centered, pane, pane_inner, strings, text, title_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// Width of the label column.
fn label_width(c: &Checklist) -> usize {
    c.items
        .iter()
        .map(|i| text::width(&text::clean(&i.label)))
        .max()
        .unwrap_or(8)
        .clamp(12, 40)
}

/// The box: one row per item, as many as fit.
fn geometry(area: Rect, c: &Checklist) -> Rect {
    let w = (label_width(c) as u16 + 16).max(36).min(area.width - 2);
    let h = (c.items.len() as u16 + 2).min(area.height - 2);
    centered(area, w, h)
}

pub fn viewport(area: Rect, c: &Checklist) -> Viewport {
    let rect = geometry(area, c);
    Viewport {
        area: rect,
        rows: pane_inner(rect).height as usize,
        lines: 0,
    }
}

pub fn render(frame: &mut Frame, area: Rect, c: &Checklist, theme: &Theme) {
    let label_w = label_width(c);
    let rect = geometry(area, c);
    frame.render_widget(Clear, rect);
    let name = match c.key {
        ChecklistKind::Tags => strings::TAGS_TITLE,
        ChecklistKind::Levels => strings::LEVELS_TITLE,
    };
    let checked = c.items.iter().filter(|i| i.checked).count();
    let block = pane(
        title_line(
            &format!("{name}{}{checked} chosen", theme.dot()),
            rect.width,
            theme,
        ),
        true,
        theme,
    )
    .title_bottom(Line::from(" space toggle · Enter apply ").right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rows = c
        .scroll
        .rows(c.selected, c.items.len(), inner.height as usize);
    let off = rows.start;
    let (on, off_box) = if theme.unicode {
        ("[✔]", "[ ]")
    } else {
        ("[x]", "[ ]")
    };
    let lines: Vec<Line> = c.items[rows]
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let sel = off + k == c.selected;
            let style = if sel {
                theme.selected(true)
            } else {
                Style::new()
            };
            let mark = if it.checked { on } else { off_box };
            Line::from(vec![
                Span::styled(if sel { theme.selector() } else { "  " }, style),
                Span::styled(
                    mark,
                    if it.checked {
                        style.patch(theme.bar_style())
                    } else {
                        style
                    },
                ),
                Span::styled(" ", style),
                Span::styled(theme.pad(&text::clean(&it.label), label_w), style),
                Span::styled(format!(" {:>4}", it.count), style.patch(theme.dim())),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
