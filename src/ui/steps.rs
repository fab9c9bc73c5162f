//! The step list of the selected phase: only the rows on screen are built.
//!
//! ```text
//! ┌ Internet & Networking · 3 steps ───────────────────────┐
//! │  ✔ How the Internet Works ★       beginner  Backend 4h │
//! │▶ ◐ HTTP and HTTPS in Depth        beginner  Backend 8h │
//! │  ○ DNS, Ports, and Networking     beginner  Backend 5h │   (dim: prerequisites open)
//! │  ○ Authentication 1/3             beginner  Auth    6h │   (sub-steps done/total)
//! │    ✔ JWT                                              │   (a sub-step, indented)
//! ```
//! A parent shown only because a sub-step matches the filter is dimmed.

use super::header::hours;
use super::{Theme, pane, strings, text, title_line};
use crate::app::{AppState, Focus, RoadmapState, count};
use crate::model::Effective;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let Some(r) = state.current() else { return };
    let focused = state.focus == Focus::Steps;
    let phase_title = r
        .roadmap
        .phases
        .get(state.phase)
        .map_or("", |p| p.title.as_str());
    let total = r.graph.phase_steps(state.phase).len();
    let shown = state.visible.len();
    let tally = if shown == total {
        count(total, "step", "steps")
    } else {
        format!("{shown} of {}", count(total, "step", "steps"))
    };
    let title = format!("{}{}{tally}", text::clean(phase_title), theme.dot());
    let block = pane(title_line(&title, area.width, theme), focused, theme);
    let inner = block.inner(area);
    let rows = state
        .step_scroll
        .rows(state.step, shown, inner.height as usize);
    let (above, below) = (rows.start, shown - rows.end);
    frame.render_widget(super::with_more(block, above, below, theme), area);

    if state.visible.is_empty() {
        let mut lines = vec![Line::raw("")];
        if state.match_count == 0 && state.filter_active() {
            lines.push(Line::styled(
                format!(" {}", strings::NO_MATCH),
                theme.error(),
            ));
            lines.push(Line::styled(
                format!(" {}", strings::NO_MATCH_HINT),
                theme.dim(),
            ));
        } else {
            lines.push(Line::styled(
                format!(" {}", strings::EMPTY_PHASE),
                theme.dim(),
            ));
            if state.filter_active() {
                lines.push(Line::styled(
                    format!(
                        " {} in other phases · c clears the filter",
                        count(state.match_count, "step matches", "steps match")
                    ),
                    theme.dim(),
                ));
            }
        }
        super::render_lines(frame, inner, &lines, 0);
        return;
    }

    let off = rows.start;
    let cols = Columns::new(inner.width as usize, r, &state.visible[rows.clone()]);
    let lines: Vec<Line> = state.visible[rows]
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let i = i as usize;
            let context = state.context.get(i).copied().unwrap_or(false);
            row(r, i, off + k == state.step, focused, context, &cols, theme)
        })
        .collect();
    super::render_lines(frame, inner, &lines, 0);
}

/// Widths of the right-hand columns, from the rows on screen: a column nobody shown
/// uses takes no room (the title gets it), hours are as wide as the widest figure, and
/// narrow panes drop tags, then levels.
struct Columns {
    width: usize,
    level: usize,
    tags: usize,
    hours: usize,
}

impl Columns {
    fn new(width: usize, r: &RoadmapState, rows: &[u32]) -> Columns {
        let steps = || rows.iter().map(|&i| &r.roadmap.steps[i as usize]);
        let any_level = steps().any(|s| s.level.is_some());
        let any_tags = steps().any(|s| !s.tags.is_empty());
        let level = if width >= 44 && any_level { 13 } else { 0 };
        let tags = if width >= 68 && any_tags { 16 } else { 0 };
        // " 240h": a space, then the figure; never cut.
        let hours = steps()
            .filter_map(|s| s.hours)
            .map(|h| hour_label(h).len() + 1)
            .max()
            .map_or(0, |w| w.max(5));
        Columns {
            width,
            level,
            tags,
            hours,
        }
    }
}

fn hour_label(h: f64) -> String {
    format!("{}h", hours(h))
}

fn row<'a>(
    r: &'a RoadmapState,
    i: usize,
    selected: bool,
    focused: bool,
    context: bool,
    cols: &Columns,
    theme: &Theme,
) -> Line<'a> {
    let step = &r.roadmap.steps[i];
    let eff = r.snapshot.effective[i];
    let blocked = !eff.is_settled() && r.snapshot.is_blocked(&r.graph, i);
    let mut base = Style::new();
    if context || blocked || matches!(eff, Effective::Skipped | Effective::NotNeeded) {
        base = base.patch(theme.dim());
    }
    if selected {
        base = base.patch(theme.selected(focused));
    }
    let marker = if selected { theme.selector() } else { "  " };
    let glyph = theme.glyph(eff);

    // Markers after the title: sub-step progress, kind, pick-one, optional.
    let mut after: Vec<Span> = Vec::new();
    if let Some(t) = r.snapshot.sub_steps(&r.roadmap, &r.graph, i) {
        after.push(Span::styled(
            format!(" {}/{}", t.done, t.counted()),
            base.patch(theme.dim()),
        ));
    }
    if let Some(k) = step.kind {
        after.push(Span::styled(
            format!(" {}", theme.kind(k)),
            base.patch(theme.kind_style(k)),
        ));
    }
    if step.kind != Some(crate::model::Kind::Alternative) && !r.graph.groups_of(i).is_empty() {
        after.push(Span::styled(
            format!(" {}", theme.pick_one()),
            base.patch(theme.kind_style(crate::model::Kind::Alternative)),
        ));
    }
    if step.optional {
        after.push(Span::styled(
            " optional",
            base.patch(theme.dim()).add_modifier(Modifier::ITALIC),
        ));
    }

    let indent = if step.parent.is_some() { "  " } else { "" };
    let right_w = cols.level + cols.tags + cols.hours;
    let fixed = 2 + indent.len() + theme.glyph_width() + 1;
    let room = cols.width.saturating_sub(fixed + right_w + 1);
    let after_w: usize = after.iter().map(|s| s.width()).sum();
    // Markers give way to the title before the title gives way to nothing.
    let (title_room, after) = if after_w + 8 <= room {
        (room - after_w, after)
    } else {
        (room, Vec::new())
    };
    let title = theme
        .fit(&text::clean(&step.title), title_room)
        .into_owned();
    let title_w = text::width(&title);
    let mut title_style = base.patch(theme.status(eff).remove_modifier(Modifier::BOLD));
    if eff == Effective::Todo || eff == Effective::Done {
        title_style = base;
    }
    if step.optional {
        title_style = title_style.add_modifier(Modifier::ITALIC);
    }
    let used_after: usize = after.iter().map(|s| s.width()).sum();
    let gap = cols
        .width
        .saturating_sub(fixed + title_w + used_after + right_w);

    let mut spans = vec![
        Span::styled(marker, base),
        Span::styled(indent, base),
        Span::styled(glyph, base.patch(theme.status(eff))),
        Span::styled(" ", base),
        Span::styled(title, title_style),
    ];
    spans.extend(after);
    spans.push(Span::styled(" ".repeat(gap), base));
    if cols.level > 0 {
        let level = step.level.map_or("", |l| l.as_str());
        spans.push(Span::styled(
            theme.pad(level, cols.level),
            base.patch(theme.dim()),
        ));
    }
    if cols.tags > 0 {
        let tags = step
            .tags
            .iter()
            .map(|t| text::clean(t).into_owned())
            .collect::<Vec<_>>()
            .join(",");
        spans.push(Span::styled(theme.pad(&tags, cols.tags - 1), base));
        spans.push(Span::styled(" ", base));
    }
    if cols.hours > 0 {
        let h = step.hours.map(hour_label).unwrap_or_default();
        spans.push(Span::styled(
            format!("{h:>width$}", width = cols.hours),
            base,
        ));
    }
    Line::from(spans)
}
