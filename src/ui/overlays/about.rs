//! `i`: what the roadmap is and where it comes from, with the source's own extras.
//!
//! ```text
//! ┌ Backend Engineer Roadmap ─────────────────────────────┐
//! │ From zero to production-grade backend developer …     │
//! │ 8–14 months · beginner → advanced · The Boring …      │
//! │                                                       │
//! │ Months to job-ready   8–14                            │
//! │ Tips / Timeline / Routine / Links …                   │
//! └──────────────────────────────────── j/k scroll · Esc ┘
//! ```

use crate::app::AppState;
use crate::app::screen::Viewport;
use crate::app::scroll::Scroll;
use crate::model::Roadmap;
use crate::ui::{Theme, centered, pane, pane_inner, text, title_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// The box; its inside is what scrolls.
fn geometry(area: Rect) -> Rect {
    centered(area, area.width.saturating_sub(4).min(96), area.height - 2)
}

/// Text width inside the box: one column is kept free on the right.
fn text_width(inner: Rect) -> usize {
    inner.width.saturating_sub(1) as usize
}

pub fn viewport(area: Rect, state: &AppState, theme: &Theme) -> Viewport {
    let rect = geometry(area);
    let inner = pane_inner(rect);
    Viewport {
        area: rect,
        rows: inner.height as usize,
        lines: state
            .current()
            .map_or(0, |r| lines(&r.roadmap, text_width(inner), theme).len()),
    }
}

pub fn render(frame: &mut Frame, area: Rect, scroll: Scroll, state: &AppState, theme: &Theme) {
    let Some(r) = state.current() else { return };
    let rect = geometry(area);
    frame.render_widget(Clear, rect);
    let block = pane(title_line(&r.roadmap.title, rect.width, theme), true, theme)
        .title_bottom(Line::from(" j/k scroll · Esc close ").right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = lines(&r.roadmap, text_width(inner), theme);
    let s = scroll.text_offset(lines.len(), inner.height as usize) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((s, 0)), inner);
}

fn heading(out: &mut Vec<Line<'static>>, title: &str, theme: &Theme) {
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!(" {title}"),
        theme.accent().add_modifier(Modifier::UNDERLINED),
    ));
}

fn para(out: &mut Vec<Line<'static>>, s: &str, indent: usize, width: usize) {
    let pad = " ".repeat(indent);
    for l in text::wrap(s, width.saturating_sub(indent)) {
        out.push(Line::raw(format!("{pad}{l}")));
    }
}

/// A list item: a bullet, then the text wrapped under itself.
fn item(out: &mut Vec<Line<'static>>, s: &str, width: usize, theme: &Theme) {
    for (k, l) in text::wrap(s, width.saturating_sub(4))
        .into_iter()
        .enumerate()
    {
        let bullet = if k == 0 { theme.dot().trim() } else { " " };
        out.push(Line::raw(format!("  {bullet} {l}")));
    }
}

pub fn lines(r: &Roadmap, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let dot = theme.dot();
    let mut out = Vec::new();
    if let Some(sub) = &r.subtitle {
        for l in text::wrap(sub, width.saturating_sub(1)) {
            out.push(Line::styled(
                format!(" {l}"),
                ratatui::style::Style::new().add_modifier(Modifier::BOLD),
            ));
        }
    }
    let mut facts = Vec::new();
    if let Some(d) = &r.duration {
        facts.push(text::clean(d).into_owned());
    }
    if let Some((from, to)) = r.levels {
        facts.push(if from == to {
            from.to_string()
        } else {
            format!("{from} {} {to}", theme.arrow())
        });
    }
    facts.push(format!(
        "{}{dot}{}",
        crate::app::count(r.phases.len(), "phase", "phases"),
        crate::app::count(r.steps.len(), "step", "steps")
    ));
    para(&mut out, &facts.join(dot), 1, width);
    if let Some(o) = &r.origin {
        let parts: Vec<String> = [&o.site, &o.title, &o.edition, &o.updated]
            .into_iter()
            .flatten()
            .map(|s| text::clean(s).into_owned())
            .collect();
        if !parts.is_empty() {
            let line = format!("from {}", parts.join(dot));
            for l in text::wrap(&line, width.saturating_sub(1)) {
                out.push(Line::styled(format!(" {l}"), theme.dim()));
            }
        }
    }
    if !r.maintainers.is_empty() {
        let line = format!("maintained by {}", r.maintainers.join(", "));
        for l in text::wrap(&line, width.saturating_sub(1)) {
            out.push(Line::styled(format!(" {l}"), theme.dim()));
        }
    }
    if let Some(summary) = &r.summary {
        out.push(Line::raw(""));
        para(&mut out, summary, 1, width);
    }
    if !r.facts.is_empty() {
        out.push(Line::raw(""));
        let label_w = r
            .facts
            .iter()
            .map(|f| text::width(&text::clean(&f.label)))
            .max()
            .unwrap_or(0)
            .min(width / 2);
        for f in &r.facts {
            out.push(Line::from(vec![
                Span::styled(
                    format!(" {} ", theme.pad(&text::clean(&f.label), label_w)),
                    theme.label(),
                ),
                Span::raw(text::clean(&f.value).into_owned()),
            ]));
        }
    }
    if !r.tips.is_empty() {
        heading(&mut out, "Tips", theme);
        for t in &r.tips {
            item(&mut out, t, width, theme);
        }
    }
    if !r.timeline.is_empty() {
        heading(&mut out, "Timeline", theme);
        for t in &r.timeline {
            let mut head = text::clean(&t.window).into_owned();
            if let Some(title) = &t.title {
                head.push_str(dot);
                head.push_str(&text::clean(title));
            }
            out.push(Line::styled(format!("  {head}"), theme.label()));
            for i in &t.items {
                item(&mut out, i, width, theme);
            }
        }
    }
    if let Some(routine) = &r.routine {
        heading(&mut out, &text::clean(&routine.title), theme);
        for i in &routine.items {
            item(&mut out, i, width, theme);
        }
    }
    if !r.resources.is_empty() {
        heading(&mut out, "Links", theme);
        for res in &r.resources {
            let mut s = text::clean(&res.title).into_owned();
            if let Some(k) = &res.kind {
                s.push_str(&format!(" ({})", text::clean(k)));
            }
            if let Some(sum) = &res.summary {
                s.push_str(" — ");
                s.push_str(&text::clean(sum));
            }
            item(&mut out, &s, width, theme);
            if let Some(url) = &res.url {
                out.push(Line::styled(
                    format!(
                        "    {}",
                        theme.fit(&text::clean(url), width.saturating_sub(4))
                    ),
                    theme.dim(),
                ));
            }
        }
    }
    out
}
