//! `?`: every binding of the one key table, grouped by mode.

use crate::app::keymap::{self, BINDINGS, Mode};
use crate::app::keys::KeyOverrides;
use crate::app::screen::Viewport;
use crate::app::scroll::Scroll;
use crate::ui::{Theme, centered, pane, pane_inner, strings, title_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// One section per mode (generated from the key table), then a legend.
pub fn sections(theme: &Theme, keys: &KeyOverrides) -> Vec<(Mode, Vec<Line<'static>>)> {
    Mode::ALL
        .iter()
        .map(|&mode| {
            let mut out = vec![Line::styled(
                format!(" {}", mode.title()),
                theme.accent().add_modifier(Modifier::UNDERLINED),
            )];
            for b in BINDINGS.iter().filter(|b| b.mode == mode) {
                out.push(Line::from(vec![
                    Span::styled(
                        format!("  {:<11}", keymap::keys_label_in(keys, b)),
                        theme.key(),
                    ),
                    Span::raw(b.help),
                ]));
            }
            if mode.is_text() {
                out.push(Line::from(vec![
                    Span::styled(format!("  {:<11}", "letters"), theme.key()),
                    Span::raw("type"),
                ]));
            }
            (mode, out)
        })
        .collect()
}

pub fn legend(theme: &Theme) -> Vec<Line<'static>> {
    use crate::model::Effective as E;
    use crate::model::Kind::*;
    let g = |e| theme.glyph(e);
    vec![
        Line::styled(" Legend", theme.accent().add_modifier(Modifier::UNDERLINED)),
        Line::raw(format!(
            "  {} todo  {} in progress  {} done",
            g(E::Todo),
            g(E::InProgress),
            g(E::Done)
        )),
        Line::raw(format!(
            "  {} skipped  {} not needed",
            g(E::Skipped),
            g(E::NotNeeded)
        )),
        Line::raw(format!(
            "  {} recommended  {} pick one",
            theme.kind(Recommended),
            theme.kind(Alternative)
        )),
        Line::raw(format!(
            "  {} any time  {} not recommended",
            theme.kind(Anytime),
            theme.kind(NotRecommended)
        )),
        Line::styled("  dim: prerequisites still open", theme.dim()),
        Line::styled("  mouse: click selects, wheel scrolls", theme.dim()),
    ]
}

/// Sections laid out in `n` columns (1–3), each column a list of lines.
fn columns(theme: &Theme, keys: &KeyOverrides, n: usize) -> Vec<Vec<Line<'static>>> {
    let secs = sections(theme, keys);
    let get = |m: Mode| {
        secs.iter()
            .find(|(k, _)| *k == m)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let join = |parts: Vec<Vec<Line<'static>>>| {
        let mut out = Vec::new();
        for p in parts {
            if !out.is_empty() {
                out.push(Line::raw(""));
            }
            out.extend(p);
        }
        out
    };
    use Mode::*;
    // Reading order; wider screens split it into columns at fixed section boundaries.
    let order = [
        Main, Search, Filter, Confirm, About, Checklist, Picker, Help,
    ];
    let column = |modes: &[Mode], with_legend: bool| {
        let mut parts: Vec<_> = modes.iter().map(|&m| get(m)).collect();
        if with_legend {
            parts.push(legend(theme));
        }
        join(parts)
    };
    match n {
        3 => vec![
            column(&order[..1], false),
            column(&order[1..5], false),
            column(&order[5..], true),
        ],
        2 => vec![column(&order[..1], false), column(&order[1..], true)],
        _ => vec![column(&order, true)],
    }
}

/// The box; its inside is what scrolls.
fn geometry(area: Rect) -> Rect {
    centered(area, area.width - 2, area.height - 2)
}

/// Columns the help is laid out in at this inner width.
fn column_count(inner: Rect) -> usize {
    match inner.width {
        w if w >= 108 => 3,
        w if w >= 70 => 2,
        _ => 1,
    }
}

pub fn viewport(area: Rect, keys: &KeyOverrides, theme: &Theme) -> Viewport {
    let rect = geometry(area);
    let inner = pane_inner(rect);
    let cols = columns(theme, keys, column_count(inner));
    Viewport {
        area: rect,
        rows: inner.height as usize,
        lines: cols.iter().map(Vec::len).max().unwrap_or(0),
    }
}

pub fn render(frame: &mut Frame, area: Rect, scroll: Scroll, keys: &KeyOverrides, theme: &Theme) {
    let rect = geometry(area);
    frame.render_widget(Clear, rect);
    let block = pane(
        title_line(strings::HELP_TITLE, rect.width, theme),
        true,
        theme,
    )
    .title_bottom(Line::from(" j/k scroll · Esc close ").right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let n = column_count(inner);
    let cols = columns(theme, keys, n);
    let longest = cols.iter().map(Vec::len).max().unwrap_or(0);
    let s = scroll.text_offset(longest, inner.height as usize) as u16;
    let w = inner.width / n as u16;
    for (k, col) in cols.into_iter().enumerate() {
        let x = inner.x + w * k as u16;
        let cw = if k + 1 == n {
            inner.width - w * k as u16
        } else {
            w
        };
        frame.render_widget(
            Paragraph::new(col).scroll((s, 0)),
            Rect::new(x, inner.y, cw, inner.height),
        );
    }
}
