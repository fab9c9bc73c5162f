//! `t` / `L`: pick tags or levels from a list; Enter writes them into the filter.

use crate::app::AppState;
use crate::app::state::{Checklist, ChecklistKind};
use crate::ui::{Theme, centered, pane, scroll_offset, strings, text, title_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, c: &Checklist, state: &AppState, theme: &Theme) {
    let label_w = c
        .items
        .iter()
        .map(|i| text::width(&text::clean(&i.label)))
        .max()
        .unwrap_or(8)
        .clamp(12, 40);
    let w = (label_w as u16 + 16).max(36).min(area.width - 2);
    let h = (c.items.len() as u16 + 2).min(area.height - 2);
    let rect = centered(area, w, h);
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
        ),
        true,
        theme,
    )
    .title_bottom(Line::from(" space toggle · Enter apply ").right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    state.view.list.set(rect);
    let height = inner.height as usize;
    let off = scroll_offset(
        state.view.list_offset.get(),
        c.selected,
        height,
        c.items.len(),
    );
    state.view.list_offset.set(off);
    let (on, off_box) = if theme.unicode {
        ("[✔]", "[ ]")
    } else {
        ("[x]", "[ ]")
    };
    let lines: Vec<Line> = c.items[off..(off + height).min(c.items.len())]
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
                Span::styled(text::pad(&text::clean(&it.label), label_w), style),
                Span::styled(format!(" {:>4}", it.count), style.patch(theme.dim())),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
