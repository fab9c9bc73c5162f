//! `?`: every binding of the one key table, grouped by mode.

use crate::app::keymap::{self, BINDINGS, Mode};
use crate::ui::{Theme, centered, pane, strings, title_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// The help text, one line per binding (also used by tests and docs).
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for mode in Mode::ALL {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(
            format!(" {}", mode.title()),
            theme.accent().add_modifier(Modifier::UNDERLINED),
        ));
        for b in BINDINGS.iter().filter(|b| b.mode == mode) {
            out.push(Line::from(vec![
                Span::styled(format!("   {:<16}", keymap::keys_label(b)), theme.key()),
                Span::raw(b.help),
            ]));
        }
        if mode.is_text() {
            out.push(Line::from(vec![
                Span::styled(format!("   {:<16}", "letters"), theme.key()),
                Span::raw("type"),
            ]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        " Mouse: click selects a phase or step, the wheel scrolls.",
        theme.dim(),
    ));
    let legend = format!(
        " {} todo  {} in progress  {} done  {} skipped  {} not needed",
        theme.glyph(crate::model::Effective::Todo),
        theme.glyph(crate::model::Effective::InProgress),
        theme.glyph(crate::model::Effective::Done),
        theme.glyph(crate::model::Effective::Skipped),
        theme.glyph(crate::model::Effective::NotNeeded),
    );
    out.push(Line::styled(legend, theme.dim()));
    use crate::model::Kind::*;
    out.push(Line::styled(
        format!(
            " {} recommended  {} pick one  {} any time  {} not recommended  dim: waiting on prerequisites",
            theme.kind(Recommended),
            theme.kind(Alternative),
            theme.kind(Anytime),
            theme.kind(NotRecommended)
        ),
        theme.dim(),
    ));
    out
}

pub fn render(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let all = lines(theme);
    let rect = centered(area, 96.min(area.width - 2), area.height - 2);
    frame.render_widget(Clear, rect);
    let block = pane(title_line(strings::HELP_TITLE, rect.width), true, theme)
        .title_bottom(Line::from(" j/k scroll · Esc close ").right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let max = (all.len() as u16).saturating_sub(inner.height);
    // Two columns when there is room, so the whole table fits on a 120×36 screen.
    if inner.width >= 90 {
        let split = all
            .iter()
            .position(|l| {
                l.spans
                    .first()
                    .is_some_and(|s| s.content.contains(Mode::Filter.title()))
            })
            .unwrap_or(all.len() / 2);
        let left: Vec<Line> = all[..split].to_vec();
        let right: Vec<Line> = all[split..].to_vec();
        let half = inner.width / 2;
        let max = (left.len().max(right.len()) as u16).saturating_sub(inner.height);
        let s = scroll.min(max);
        frame.render_widget(
            Paragraph::new(left).scroll((s, 0)),
            Rect::new(inner.x, inner.y, half, inner.height),
        );
        frame.render_widget(
            Paragraph::new(right).scroll((s, 0)),
            Rect::new(inner.x + half, inner.y, inner.width - half, inner.height),
        );
    } else {
        frame.render_widget(Paragraph::new(all).scroll((scroll.min(max), 0)), inner);
    }
}
