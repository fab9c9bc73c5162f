//! `f`: the filter expression, in the CLI's language, applied live; parse errors are
//! shown inline with a caret under the offending term.
//!
//! ```text
//! ┌ Filter · 7 of 29 steps ──────────────────────────────────────┐
//! │ filter: tag:auth lvl:beginner▏                               │
//! │                  ^ unknown filter key `lvl`                  │
//! │                    did you mean `level:`? keys: tag, level…  │
//! ```

use super::input_line;
use crate::app::AppState;
use crate::app::overlays::filter::FilterPrompt;
use crate::ui::{Theme, pane, strings, text, title_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

const PREFIX: &str = " filter: ";

pub fn render(frame: &mut Frame, area: Rect, p: &FilterPrompt, state: &AppState, theme: &Theme) {
    let w = area.width.saturating_sub(4).min(100);
    let h = 7;
    // Just above the footer, so the filtered list stays visible.
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + area.height.saturating_sub(h + 1),
        w,
        h,
    );
    frame.render_widget(Clear, rect);
    let total = state.current().map_or(0, |r| r.roadmap.steps.len());
    let title = match &p.error {
        None => format!(
            "{}{}{} of {}",
            strings::FILTER_TITLE,
            theme.dot(),
            state.match_count,
            crate::app::count(total, "step", "steps")
        ),
        Some(_) => format!("{}{}not applied", strings::FILTER_TITLE, theme.dot()),
    };
    let block = pane(title_line(&title, rect.width, theme), true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let iw = inner.width as usize;
    let mut lines = vec![input_line(PREFIX, &p.input, iw, theme)];
    match &p.error {
        Some(e) => {
            let col = (PREFIX.len() + e.at).min(iw.saturating_sub(2));
            let caret = format!("{}^ {}", " ".repeat(col), text::clean(&e.message));
            lines.push(Line::styled(
                theme.fit(&caret, iw).into_owned(),
                theme.error(),
            ));
            if let Some(help) = &e.help {
                for l in text::wrap(help, iw.saturating_sub(col + 2))
                    .into_iter()
                    .take(2)
                {
                    lines.push(Line::styled(
                        format!("{}  {l}", " ".repeat(col)),
                        theme.dim(),
                    ));
                }
            }
        }
        None => {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!(" {}", theme.fit(strings::FILTER_EXAMPLE, iw - 1)),
                theme.dim(),
            ));
        }
    }
    while lines.len() < 4 {
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        format!(" {}", theme.fit(strings::FILTER_HELP, iw - 1)),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
