//! The footer: the active filter (or the last message) on the left, key hints right.
//!
//! ```text
//!  filter: tag:auth level:intermediate (7 of 29)     ␣ done  s start  x skip  ? help  q quit
//! ```

use super::{Theme, text};
use crate::app::AppState;
use crate::app::keymap::{self, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let w = area.width as usize;
    let mut left: Vec<Span> = Vec::new();
    if let Some(m) = &state.message {
        let style = if m.error {
            theme.error()
        } else {
            theme.label()
        };
        left.push(Span::styled(format!(" {}", text::clean(&m.text)), style));
    } else if state.filter_active() {
        let total = state.current().map_or(0, |r| r.roadmap.steps.len());
        let mut f = String::new();
        if !state.filter_text.is_empty() {
            f.push_str(&format!("filter: {}", text::clean(&state.filter_text)));
        }
        if state.hide_closed {
            if !f.is_empty() {
                f.push_str(theme.dot());
            }
            f.push_str("hiding done");
        }
        left.push(Span::styled(format!(" {f}"), theme.accent()));
        left.push(Span::styled(
            format!("  ({} of {total})", state.match_count),
            theme.dim(),
        ));
    }
    let left_w: usize = left.iter().map(|s| s.width()).sum();
    let left_w = if left_w > w {
        let s: String = left.iter().map(|s| s.content.as_ref()).collect();
        let style = left.first().map(|s| s.style).unwrap_or_default();
        left = vec![Span::styled(theme.fit(&s, w).into_owned(), style)];
        w
    } else {
        left_w
    };

    // Hints: as many as fit after the left part; help and quit (the last two) stay.
    let mode = Mode::of(state);
    let mut all: Vec<(String, &str)> = keymap::hints_in(&state.keys, mode)
        .map(|(key, label)| {
            let key = if key == "space" && theme.unicode {
                "␣".to_string()
            } else {
                key
            };
            (key, label)
        })
        .collect();
    let cost = |h: &(String, &str)| text::width(&h.0) + 1 + h.1.len() + 2;
    while !all.is_empty() && left_w + all.iter().map(cost).sum::<usize>() + 2 > w {
        let drop = all.len().saturating_sub(3);
        all.remove(drop);
    }
    let hw: usize = all.iter().map(cost).sum();
    let mut hints: Vec<Span> = Vec::new();
    for (key, label) in all {
        hints.push(Span::styled(key, theme.key()));
        hints.push(Span::raw(format!(" {label}  ")));
    }
    let gap = w.saturating_sub(left_w + hw);
    let mut spans = left;
    spans.push(Span::raw(" ".repeat(gap)));
    spans.extend(hints);
    super::render_lines(frame, area, &[Line::from(spans)], 0);
}
