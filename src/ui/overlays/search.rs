//! `/`: live fuzzy search over the steps of every roadmap; matched characters are
//! highlighted and each result names its roadmap and phase.
//!
//! ```text
//! ┌ Search steps · 3 matches ────────────────────────┐
//! │ / http▏                                          │
//! │▶ ◐ HTTP and HTTPS in Depth   backend-steps · Intern… │
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
    // Where the step is: its roadmap, then its phase.
    let place_w = (iw * 2 / 5).min(48);
    let lines: Vec<Line> = s.hits[rows]
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let sel = off + k == s.selected;
            let style = if sel {
                theme.selected(true)
            } else {
                Style::new()
            };
            let r = &state.roadmaps[h.roadmap];
            let step = &r.roadmap.steps[h.step];
            let e = r.snapshot.effective[h.step];
            let phase = r
                .roadmap
                .phases
                .get(step.phase)
                .map_or("", |p| p.title.as_str());
            let place = format!("{}{}{}", r.id(), theme.dot(), text::clean(phase));
            let title_w = iw.saturating_sub(2 + theme.glyph_width() + 1 + place_w + 1);
            let mut spans = vec![
                Span::styled(if sel { theme.selector() } else { "  " }, style),
                Span::styled(theme.glyph(e), style.patch(theme.status(e))),
                Span::styled(" ", style),
            ];
            spans.extend(highlighted(
                &step.title,
                &h.title_chars,
                title_w,
                style,
                style.patch(theme.matched()),
            ));
            spans.push(Span::styled(" ", style));
            spans.push(Span::styled(
                theme.pad(&place, place_w),
                style.patch(theme.dim()),
            ));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// `title` in exactly `width` cells (cut with `…`, padded), the characters at `chars`
/// (char indexes into the title) in the `hit` style. Each character is sanitized on its
/// own, so the indexes still point at the right ones.
fn highlighted(
    title: &str,
    chars: &[u32],
    width: usize,
    plain: Style,
    hit: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    let mut used = 0;
    let total = text::width(&text::clean(title));
    let room = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    let mut buf = [0u8; 4];
    for (i, c) in title.chars().enumerate() {
        let c = text::clean(c.encode_utf8(&mut buf)).into_owned();
        let w = text::width(&c);
        if used + w > room {
            break;
        }
        used += w;
        let is_hit = chars.binary_search(&(i as u32)).is_ok();
        if is_hit != run_hit && !run.is_empty() {
            let style = if run_hit { hit } else { plain };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_hit = is_hit;
        run.push_str(&c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { hit } else { plain }));
    }
    if total > width && width > 0 {
        spans.push(Span::styled("…", plain));
        used += 1;
    }
    spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), plain));
    spans
}
