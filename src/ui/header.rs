//! The header: roadmap title, then progress by steps and by hours, hours left and the
//! projected finish date.
//!
//! ```text
//!  waymark · Backend Developer — 29 steps in 8 phases                    about 6 months
//!  12/29 done  41% ▕██████░░░░▏  98/240 h  40% ▕████░░░░▏  142 h left · ≈ 2027-04-18 at 6 h/wk
//! ```

use super::{Theme, text};
use crate::app::AppState;
use crate::model::progress::finish_date;
use crate::model::schedule::PlanStatus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// "plan week 6/61 · Programming Language · 3.6 wk behind", from the plan's status
/// computed with the snapshot (never per frame). No verdict without activity.
fn plan_text(r: &crate::app::RoadmapState, p: &PlanStatus, dot: &str) -> String {
    let mut s = match (p.week, p.starts_in_days) {
        (_, Some(d)) => format!("plan starts in {d} d"),
        (Some(_), _) if p.finished => "plan ended".to_string(),
        (Some(w), _) => format!("plan week {w}/{}", p.weeks),
        (None, None) => String::new(),
    };
    if let Some(&first) = p.expected_phases.last()
        && let Some(ph) = r.roadmap.phases.get(first)
    {
        s.push_str(dot);
        s.push_str(&text::clean(&ph.title));
    }
    match p.weeks_ahead {
        Some(w) if r.active && w >= 0.05 => s.push_str(&format!("{dot}{w:.1} wk ahead")),
        Some(w) if r.active && w <= -0.05 => s.push_str(&format!("{dot}{:.1} wk behind", -w)),
        Some(_) if r.active => s.push_str(&format!("{dot}on plan")),
        _ => {}
    }
    s
}

/// Hours as people write them: 8 h, 2.5 h.
pub fn hours(h: f64) -> String {
    if (h - h.round()).abs() < 0.05 {
        format!("{:.0}", h.round())
    } else {
        format!("{h:.1}")
    }
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let Some(r) = state.current() else { return };
    let w = area.width as usize;
    let t = &r.snapshot.summary.total;
    let dot = theme.dot();

    // Line 1: title and the roadmap's own duration on the right.
    let title = text::clean(&r.roadmap.title);
    let counts = format!(
        " {} {} in {}",
        if theme.unicode { "—" } else { "-" },
        crate::app::count(r.roadmap.steps.len(), "step", "steps"),
        crate::app::count(r.roadmap.phases.len(), "phase", "phases")
    );
    // With a plan: its week, the phase it expects and the verdict; else the duration.
    let mut right = match &r.plan_status {
        Some(p) => format!("{} ", plan_text(r, p, dot)),
        None => r
            .roadmap
            .duration
            .as_deref()
            .map(|d| format!("{} ", text::clean(d)))
            .unwrap_or_default(),
    };
    if state.review.enabled && state.review.due > 0 {
        let sep = if right.is_empty() { " " } else { dot };
        right = format!("{} due (R){sep}{right}", state.review.due);
    }
    let left_w = w.saturating_sub(text::width(&right) + 1);
    let head = format!(" {}{dot}", super::strings::APP);
    let title_room = left_w.saturating_sub(text::width(&head) + text::width(&counts));
    let mut spans = vec![
        Span::styled(head.clone(), theme.accent()),
        Span::styled(
            theme.fit(&title, title_room.max(8)).into_owned(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ];
    let used = text::width(&head) + text::width(&theme.fit(&title, title_room.max(8)));
    if used + text::width(&counts) <= left_w {
        spans.push(Span::styled(counts.clone(), theme.dim()));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    if used + text::width(&right) < w {
        spans.push(Span::raw(" ".repeat(w - used - text::width(&right))));
        spans.push(Span::styled(right, theme.dim()));
    }
    let line1 = Line::from(spans);

    // Line 2: the gauges; parts are dropped from the right when space runs out.
    let mut parts: Vec<Vec<Span>> = Vec::new();
    let pct = t.percent();
    parts.push(vec![
        Span::raw(format!(" {}/{} done ", t.done, t.counted())),
        Span::styled(
            format!("{pct:>3}% "),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(theme.bar(t.ratio(), 12), theme.bar_style()),
    ]);
    if let Some(hr) = t.hours_ratio() {
        let mut p = vec![
            Span::raw(format!("  {}/{} h ", hours(t.hours_done), hours(t.hours))),
            Span::styled(
                format!("{:>3}% ", (hr * 100.0).floor() as u32),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(theme.bar(hr, 10), theme.bar_style()),
        ];
        p.push(Span::raw(format!("  {} h left", hours(t.hours_left()))));
        parts.push(p);
    }
    if t.in_progress > 0 {
        parts.push(vec![Span::styled(
            format!("{dot}{} in progress", t.in_progress),
            theme.status(crate::model::Effective::InProgress),
        )]);
    }
    if let Some(pace) = r.pace.or(state.pace)
        && t.hours > 0.0
    {
        if let Some(date) = finish_date(t.hours_left(), pace, state.today) {
            let approx = if theme.unicode { "≈" } else { "~" };
            parts.push(vec![Span::raw(format!(
                "{dot}{approx} {date} at {} h/wk",
                hours(pace)
            ))]);
        }
    } else if t.hours > 0.0 && t.hours_left() > 0.0 {
        parts.push(vec![Span::styled(
            format!("{dot}set a pace: waymark pace 6"),
            theme.dim(),
        )]);
    }
    if t.steps_without_hours > 0 {
        parts.push(vec![Span::styled(
            format!("{dot}{} without hours", t.steps_without_hours),
            theme.dim(),
        )]);
    }
    let mut line2 = Vec::new();
    let mut used = 0;
    for p in parts {
        let pw: usize = p.iter().map(|s| s.width()).sum();
        if used + pw > w {
            break;
        }
        used += pw;
        line2.extend(p);
    }
    super::render_lines(frame, area, &[line1, Line::from(line2)], 0);
}
