//! The detail pane: the selected step, or the selected phase while the phase list has
//! the focus (its window, badge, summary, tips and tables). Scrolls when focused.
//!
//! ```text
//! ┌ HTTP and HTTPS in Depth ──────────────────┐
//! │ beginner · 8 h · Backend                  │
//! │ ◐ in progress since Fri 20 Nov 2026       │
//! │                                           │
//! │ Methods and when each fits, status-code … │
//! │                                           │
//! │ needs    ✔ How the Internet Works         │
//! │ unlocks  ○ Authentication Basics          │
//! │ links    MDN: An overview of HTTP (docs)  │
//! │ note     read the caching chapter again   │
//! ```
//!
//! Over 500 lines on purpose: one pane with two views (phase, step) whose sections
//! share the label layout, wrapping and step-reference helpers and one scrolling
//! viewport.

use super::header::hours;
use super::{Theme, pane, strings, text, title_line};
use crate::app::screen::Viewport;
use crate::app::scroll::Scroll;
use crate::app::{AppState, Focus, RoadmapState};
use crate::model::{Effective, Kind, StepRef};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: usize = 9;

/// What the pane shows: its title and its lines at `width`; `None` with no step.
fn content<'a>(
    state: &'a AppState,
    width: usize,
    theme: &Theme,
) -> Option<(&'a str, Vec<Line<'a>>)> {
    let r = state.current()?;
    if state.detail_shows_phase() {
        let p = r.roadmap.phases.get(state.phase)?;
        return Some((
            p.title.as_str(),
            phase_lines(state, r, state.phase, width, theme),
        ));
    }
    let i = state.selected_step()?;
    Some((
        r.roadmap.steps[i].title.as_str(),
        lines(state, r, i, width, theme),
    ))
}

/// Text width inside the pane: one column is kept free on the right.
pub(super) fn text_width(inner: Rect) -> usize {
    inner.width.saturating_sub(1) as usize
}

/// The pane as a scrolled region: rows on screen and lines of content.
pub fn viewport(area: Rect, state: &AppState, theme: &Theme) -> Viewport {
    let inner = super::pane_inner(area);
    Viewport {
        area,
        rows: inner.height as usize,
        lines: content(state, text_width(inner), theme).map_or(0, |(_, l)| l.len()),
    }
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let focused = state.focus == Focus::Detail;
    let inner = super::pane_inner(area);
    let Some((title, lines)) = content(state, text_width(inner), theme) else {
        let block = pane(title_line("Details", area.width, theme), focused, theme);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", strings::NO_STEP), theme.dim())),
            inner,
        );
        return;
    };
    render_scrolled(
        frame,
        area,
        title,
        lines,
        state.detail_scroll,
        focused,
        theme,
    );
}

/// A detail text in its pane from `scroll` on, with what it does not show on the bottom
/// border ("↓ 11 more"): the list's detail pane and the chart's.
pub(super) fn render_scrolled(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    scroll: Scroll,
    focused: bool,
    theme: &Theme,
) {
    let inner = super::pane_inner(area);
    let rows = inner.height as usize;
    let offset = scroll.text_offset(lines.len(), rows);
    let below = lines.len().saturating_sub(offset + rows);
    let block = pane(title_line(title, area.width, theme), focused, theme);
    frame.render_widget(super::with_more(block, offset, below, theme), area);
    super::render_lines(frame, inner, &lines, offset);
}

/// The selected phase: where it sits, its badge and window, progress, summary, tips
/// and the source's tables attached to it.
pub fn phase_lines<'a>(
    _: &'a AppState,
    r: &'a RoadmapState,
    p: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let phase = &r.roadmap.phases[p];
    let dot = theme.dot();
    let mut out = Vec::new();
    let mut head = vec![format!("phase {} of {}", p + 1, r.roadmap.phases.len())];
    if let Some(w) = &phase.window {
        head.push(text::clean(w).into_owned());
    }
    for l in text::wrap(&head.join(dot), width.saturating_sub(1)) {
        out.push(Line::raw(format!(" {l}")));
    }
    if let Some(b) = &phase.badge {
        out.push(Line::styled(format!(" {}", text::clean(b)), theme.accent()));
    }
    if let Some(section) = &phase.section {
        for l in text::wrap(section, width.saturating_sub(1)) {
            out.push(Line::styled(format!(" {l}"), theme.dim()));
        }
    }
    let t = &r.snapshot.summary.phases[p];
    let mut progress = format!("{}/{} done{dot}{}%", t.done, t.counted(), t.percent());
    if t.hours > 0.0 {
        progress.push_str(&format!(
            "{dot}{}/{} h",
            hours(t.hours_done),
            hours(t.hours)
        ));
    }
    if t.in_progress > 0 {
        progress.push_str(&format!("{dot}{} in progress", t.in_progress));
    }
    out.push(Line::raw(format!(" {progress}")));
    if let Some(sub) = &phase.subtitle {
        out.push(Line::raw(""));
        for l in text::wrap(sub, width.saturating_sub(1)) {
            out.push(Line::styled(
                format!(" {l}"),
                Style::new().add_modifier(Modifier::BOLD),
            ));
        }
    }
    if let Some(summary) = &phase.summary {
        out.push(Line::raw(""));
        for l in text::wrap(summary, width.saturating_sub(1)) {
            out.push(Line::raw(format!(" {l}")));
        }
    }
    if !phase.tips.is_empty() {
        out.push(Line::raw(""));
        for tip in &phase.tips {
            wrapped(&mut out, "tip", tip, width, theme);
        }
    }
    for table in r.roadmap.tables.iter().filter(|t| t.phase == Some(p)) {
        out.push(Line::raw(""));
        for l in text::wrap(&table.title, width.saturating_sub(1)) {
            out.push(Line::styled(format!(" {l}"), theme.label()));
        }
        // One block per row: the first cell as its heading, the others labelled by
        // column, which reads well at any pane width.
        for row in &table.rows {
            let Some((first, rest)) = row.split_first() else {
                continue;
            };
            out.push(Line::styled(
                format!(" {} {}", theme.arrow(), text::clean(first)),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            for (col, cell) in table.columns.iter().skip(1).zip(rest) {
                let line = format!("{}: {}", text::clean(col), text::clean(cell));
                for l in text::wrap(&line, width.saturating_sub(3)) {
                    out.push(Line::raw(format!("   {l}")));
                }
            }
        }
    }
    out
}

/// "also in": the same topic in other roadmaps, grouped by roadmap, each step with its
/// status there.
///
/// ```text
/// also in  backend-2026
///            ✔ HTTP/HTTPS
///          backend-chart-2022
///            ○ What is HTTP?
/// ```
fn also_in<'a>(
    out: &mut Vec<Line<'a>>,
    state: &AppState,
    r: &RoadmapState,
    i: usize,
    room: usize,
    theme: &Theme,
) {
    // The detail pane always shows the current roadmap. Every counterpart is listed:
    // Enter gives the list the keys and jumps to the chosen one.
    let Some(here) = state.current else { return };
    let others = state.topics.counterparts(here, &r.roadmap.steps[i].topics);
    let chosen = state.also_in.map(|a| a.selected);
    let mut last = None;
    for (k, &(o, s)) in others.iter().enumerate() {
        let other = &state.roadmaps[o];
        if last != Some(o) {
            let label = if last.is_none() { "also in" } else { "" };
            let id = theme
                .fit(&text::clean(&other.roadmap.id), room)
                .into_owned();
            labelled(out, label, vec![Span::styled(id, theme.dim())], theme);
            last = Some(o);
        }
        let e = other.snapshot.effective[s];
        let title = text::clean(&other.roadmap.steps[s].title);
        let picked = chosen == Some(k);
        // The selector marks the chosen row; others get as much space.
        let sel = theme.selector();
        let mut value = vec![
            Span::raw(if picked {
                sel.to_string()
            } else {
                " ".repeat(text::width(sel))
            }),
            Span::styled(theme.glyph(e), theme.status(e)),
            Span::raw(" "),
            Span::raw(
                theme
                    .fit(&title, room.saturating_sub(theme.glyph_width() + 3))
                    .into_owned(),
            ),
        ];
        if picked {
            let style = theme.selected(true);
            for span in &mut value {
                span.style = span.style.patch(style);
            }
        }
        labelled(out, "", value, theme);
    }
    if !others.is_empty() && chosen.is_none() && state.focus == Focus::Detail {
        labelled(
            out,
            "",
            vec![Span::styled("Enter: go to one of them", theme.dim())],
            theme,
        );
    }
}

/// For a covered step: the done steps of other roadmaps that cover it.
fn covered_by<'a>(
    out: &mut Vec<Line<'a>>,
    state: &AppState,
    r: &RoadmapState,
    i: usize,
    room: usize,
    theme: &Theme,
) {
    let Some(here) = state.current else { return };
    let by = state.coverage.covering(here, &r.roadmap.steps[i].topics);
    for (k, &(o, s)) in by.iter().enumerate() {
        let other = &state.roadmaps[o];
        let name = format!(
            "{}{}{}",
            text::clean(&other.roadmap.id),
            theme.dot(),
            text::clean(&other.roadmap.steps[s].title)
        );
        let e = other.snapshot.effective[s];
        labelled(
            out,
            if k == 0 { "by" } else { "" },
            vec![
                Span::styled(theme.glyph(e), theme.status(e)),
                Span::raw(" "),
                Span::raw(
                    text::fit(&name, room.saturating_sub(theme.glyph_width() + 1)).into_owned(),
                ),
            ],
            theme,
        );
    }
}

/// `label    value` with the value wrapped under itself.
fn labelled<'a>(out: &mut Vec<Line<'a>>, label: &str, value: Vec<Span<'a>>, theme: &Theme) {
    let mut spans = vec![Span::styled(format!(" {label:<LABEL$}"), theme.label())];
    spans.extend(value);
    out.push(Line::from(spans));
}

fn wrapped<'a>(out: &mut Vec<Line<'a>>, label: &str, s: &str, width: usize, theme: &Theme) {
    let room = width.saturating_sub(LABEL + 1).max(8);
    for (k, l) in text::wrap(s, room).into_iter().enumerate() {
        if k == 0 {
            labelled(out, label, vec![Span::raw(l)], theme);
        } else {
            out.push(Line::raw(format!(" {:LABEL$}{l}", "")));
        }
    }
}

fn step_ref<'a>(r: &RoadmapState, j: usize, room: usize, theme: &Theme) -> Vec<Span<'a>> {
    let e = r.snapshot.effective[j];
    vec![
        Span::styled(theme.glyph(e), theme.status(e)),
        Span::raw(" "),
        Span::raw(
            theme
                .fit(
                    &text::clean(&r.roadmap.steps[j].title),
                    room.saturating_sub(2),
                )
                .into_owned(),
        ),
    ]
}

/// The detail of step `i` (also drawn by the chart view's detail pane).
pub fn lines<'a>(
    state: &'a AppState,
    r: &'a RoadmapState,
    i: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let step = &r.roadmap.steps[i];
    let eff = r.snapshot.effective[i];
    let dot = theme.dot();
    let mut out = Vec::new();

    // Facts: level · hours · tags.
    let mut facts = Vec::new();
    if let Some(l) = step.level {
        facts.push(l.as_str().to_string());
    }
    if let Some(h) = step.hours {
        facts.push(format!("{} h", hours(h)));
    }
    if !step.tags.is_empty() {
        facts.push(
            step.tags
                .iter()
                .map(|t| text::clean(t).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if !facts.is_empty() {
        for l in text::wrap(&facts.join(dot), width.saturating_sub(1)) {
            out.push(Line::raw(format!(" {l}")));
        }
    }

    // Status and when it changed.
    let mut status = vec![
        Span::raw(" "),
        Span::styled(theme.glyph(eff), theme.status(eff)),
        Span::raw(" "),
    ];
    let what = match eff {
        Effective::Todo => "to do".to_string(),
        Effective::InProgress => "in progress".into(),
        Effective::Done => "done".into(),
        Effective::Skipped => "skipped".into(),
        Effective::NotNeeded => "not needed: its pick-one group is settled".into(),
        Effective::Covered => "covered by another roadmap".into(),
    };
    status.push(Span::styled(what, theme.status(eff)));
    if let Some(at) = r.changed.get(i).copied().flatten()
        && !matches!(eff, Effective::NotNeeded | Effective::Covered)
    {
        let since = match eff {
            // "Again" only when it was done before (undone or reset), not after an
            // undo of `start` on a step never done.
            Effective::Todo if r.was_done.get(i).copied().unwrap_or(false) => "again since",
            Effective::InProgress | Effective::Todo => "since",
            _ => "on",
        };
        status.push(Span::styled(
            format!(" {since} {}", at.format("%a %-d %b %Y")),
            theme.dim(),
        ));
    }
    out.push(Line::from(status));
    if eff == Effective::Covered {
        let room = width.saturating_sub(LABEL + 1);
        covered_by(&mut out, state, r, i, room, theme);
    }
    if !eff.is_settled() && r.snapshot.is_blocked(&r.graph, i) {
        let open = r
            .graph
            .prerequisites(i)
            .iter()
            .filter(|&&p| !r.snapshot.settled[p as usize])
            .count();
        out.push(Line::styled(
            format!(
                " waiting on {open} prerequisite{}",
                if open == 1 { "" } else { "s" }
            ),
            theme.dim(),
        ));
    }

    // Kind, optional, pick-one group.
    let mut kinds: Vec<Span> = Vec::new();
    let in_group = !r.graph.groups_of(i).is_empty();
    if let Some(k) = step.kind.filter(|&k| !(in_group && k == Kind::Alternative)) {
        let word = match k {
            Kind::Recommended => "recommended",
            Kind::Alternative => "alternative: pick this or another",
            Kind::Anytime => "any time: order not strict",
            Kind::NotRecommended => "not recommended",
        };
        kinds.push(Span::styled(
            format!(" {} {word}", theme.kind(k)),
            theme.kind_style(k),
        ));
    }
    if step.optional {
        kinds.push(Span::styled(
            " optional",
            Style::new().add_modifier(Modifier::ITALIC),
        ));
    }
    if !kinds.is_empty() {
        out.push(Line::from(kinds));
    }
    for &g in r.graph.groups_of(i) {
        let group = &r.roadmap.groups[g as usize];
        let done = group
            .steps
            .iter()
            .filter(|&&s| r.snapshot.effective[s].is_done())
            .count();
        let pick = group.pick.max(1);
        let state = if done >= pick {
            "settled".to_string()
        } else {
            format!("{done} done")
        };
        let line = format!(
            " {} pick {pick} of {}: “{}” · {state}",
            theme.pick_one(),
            group.steps.len(),
            text::clean(&group.title),
        );
        for l in text::wrap(&line, width) {
            out.push(Line::styled(
                format!(" {l}"),
                theme.kind_style(Kind::Alternative),
            ));
        }
    }
    if let Some(summary) = &step.summary {
        out.push(Line::raw(""));
        for l in text::wrap(summary, width.saturating_sub(1)) {
            out.push(Line::raw(format!(" {l}")));
        }
    }
    out.push(Line::raw(""));

    if !step.covers.is_empty() {
        let covers = step
            .covers
            .iter()
            .map(|c| text::clean(c).into_owned())
            .collect::<Vec<_>>()
            .join(", ");
        wrapped(&mut out, "covers", &covers, width, theme);
    }
    let room = width.saturating_sub(LABEL + 1);
    let mut first = true;
    for req in &step.requires {
        let label = if first { "needs" } else { "" };
        first = false;
        let value = match req {
            StepRef::Local(j) => step_ref(r, *j, room, theme),
            StepRef::External { roadmap, step } => vec![Span::styled(
                theme
                    .fit(
                        &format!("{}/{}", text::clean(roadmap), text::clean(step)),
                        room,
                    )
                    .into_owned(),
                theme.dim(),
            )],
        };
        labelled(&mut out, label, value, theme);
    }
    for (k, &d) in r.graph.dependents(i).iter().enumerate() {
        if k == 6 {
            let more = r.graph.dependents(i).len() - k;
            labelled(
                &mut out,
                "",
                vec![Span::styled(format!("and {more} more"), theme.dim())],
                theme,
            );
            break;
        }
        labelled(
            &mut out,
            if k == 0 { "unlocks" } else { "" },
            step_ref(r, d as usize, room, theme),
            theme,
        );
    }
    for (k, res) in step.resources.iter().enumerate() {
        let mut s = text::clean(&res.title).into_owned();
        if let Some(kind) = &res.kind {
            s.push_str(&format!(" ({})", text::clean(kind)));
        }
        let label = if k == 0 { "links" } else { "" };
        labelled(
            &mut out,
            label,
            vec![Span::raw(theme.fit(&s, room).into_owned())],
            theme,
        );
        if let Some(url) = &res.url {
            let u = theme.fit(&text::clean(url), room).into_owned();
            let style = if k == 0 {
                theme.label().add_modifier(Modifier::UNDERLINED)
            } else {
                theme.dim()
            };
            labelled(&mut out, "", vec![Span::styled(u, style)], theme);
        }
    }
    if !step.resources.iter().any(|r| r.url.is_some()) && !step.resources.is_empty() {
        labelled(
            &mut out,
            "",
            vec![Span::styled("(no web link)", theme.dim())],
            theme,
        );
    }
    also_in(&mut out, state, r, i, room, theme);
    match r.notes.get(&i) {
        Some(note) => wrapped(&mut out, "note", note, width, theme),
        None => labelled(
            &mut out,
            "note",
            vec![Span::styled("none · e writes one", theme.dim())],
            theme,
        ),
    }
    if let Some(p) = r.roadmap.phases.get(step.phase) {
        let mut s = text::clean(&p.title).into_owned();
        if let Some(w) = &p.window {
            s.push_str(dot);
            s.push_str(&text::clean(w));
        }
        wrapped(&mut out, "phase", &s, width, theme);
    }
    out
}
