//! The stats view (`S`): the study log of `app::stats`, full screen.
//!
//! ```text
//!  Activity — last 52 weeks                         streak 6 days · longest 19
//!  Mon ░░ ▒▓  …          (shade = status changes that day)
//!  Hours per week (BarChart; weeks at or over the pace in the accent colour)
//!  backend-steps  3/29 done · pace set 6 h/wk · achieved 7.5 h/wk · ≈ 2027-03-02 · 2.0 weeks ahead
//! ```

use super::header::hours;
use super::{Theme, footer, pane, text};
use crate::app::AppState;
use crate::app::stats::{StatsData, StatsState};
use crate::model::studylog::shade;
use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};

const SHADES_UNICODE: [&str; 5] = ["·", "░", "▒", "▓", "█"];
const SHADES_ASCII: [&str; 5] = [".", "-", "+", "*", "#"];

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, own: &StatsState, theme: &Theme) {
    let [body, foot] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    footer::render(frame, foot, state, theme);
    let Some(data) = &own.data else {
        frame.render_widget(
            Paragraph::new(Line::styled(" reading the history…", theme.dim())),
            body,
        );
        return;
    };
    let rows = data.roadmaps.len().max(1) as u16 + 2;
    let [heat, bars, lines] = Layout::vertical([
        Constraint::Length(11),
        Constraint::Min(6),
        Constraint::Length(rows),
    ])
    .areas(body);
    heatmap(frame, heat, data, theme);
    weeks(frame, bars, state, data, theme);
    roadmaps(frame, lines, data, theme);
}

fn heatmap(frame: &mut Frame, area: Rect, data: &StatsData, theme: &Theme) {
    let log = &data.log;
    let title = format!(
        " Activity {} last 52 weeks ",
        if theme.unicode { "—" } else { "-" }
    );
    let right = format!(
        " streak {} day{} {} longest {} ",
        log.current_streak,
        if log.current_streak == 1 { "" } else { "s" },
        theme.dot().trim(),
        log.longest_streak
    );
    let block = pane(Line::raw(title), true, theme).title_top(Line::raw(right).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let weeks = log.days.len().div_ceil(7);
    // The latest weeks that fit; two cells per week when there is room.
    let room = (inner.width as usize).saturating_sub(5);
    let cell = if room >= weeks * 2 { 2 } else { 1 };
    let shown = weeks.min(room / cell);
    let first = weeks - shown;
    let shades = if theme.unicode {
        SHADES_UNICODE
    } else {
        SHADES_ASCII
    };
    let mut lines = Vec::new();
    let mut months = String::from("     ");
    let mut prev = None;
    for w in first..weeks {
        let week = log.start + chrono::Days::new(7 * w as u64);
        let col = 5 + (w - first) * cell;
        if prev != Some(week.month()) && months.chars().count() < col {
            months.push_str(&" ".repeat(col - months.chars().count()));
            months.push_str(&week.format("%b").to_string());
        }
        prev = Some(week.month());
    }
    lines.push(Line::styled(months, theme.dim()));
    for d in 0..7 {
        let name = log.weekday(d);
        let mut spans = vec![Span::styled(format!(" {name} "), theme.dim())];
        for w in first..weeks {
            let s = match log.cell(w, d) {
                Some(c) => {
                    let level = shade(c, log.max_day) as usize;
                    let style = if level == 0 {
                        theme.dim()
                    } else {
                        theme.bar_style()
                    };
                    Span::styled(shades[level].repeat(cell), style)
                }
                None => Span::raw(" ".repeat(cell)),
            };
            spans.push(s);
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled(
        format!(
            "     {} none  {} {} {} {} up to {} change{} a day {} {} on {} days",
            shades[0],
            shades[1],
            shades[2],
            shades[3],
            shades[4],
            log.max_day,
            if log.max_day == 1 { "" } else { "s" },
            theme.dot().trim(),
            log.changes,
            log.active_days
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn weeks(frame: &mut Frame, area: Rect, state: &AppState, data: &StatsData, theme: &Theme) {
    let by_hours = data.log.weeks.iter().any(|w| w.hours > 0.0);
    let title = match (by_hours, state.pace) {
        (true, Some(p)) => format!(
            " Hours finished per week {} pace {} h/week: weeks that made it are bright ",
            theme.dot().trim(),
            hours(p)
        ),
        (true, None) => " Hours finished per week ".to_string(),
        (false, _) => " Steps finished per week ".to_string(),
    };
    let block = pane(Line::raw(title), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Bars five cells wide with a gap: as many of the latest weeks as fit.
    let fit = ((inner.width as usize) / 6).clamp(1, data.log.weeks.len());
    let shown = &data.log.weeks[data.log.weeks.len() - fit..];
    let bars: Vec<Bar> = shown
        .iter()
        .map(|w| {
            let (value, label) = if by_hours {
                let h = w.hours.max(0.0);
                ((h * 10.0).round() as u64, hours(h))
            } else {
                (w.steps.max(0) as u64, w.steps.max(0).to_string())
            };
            let met = state.pace.is_some_and(|p| w.hours >= p);
            let style = if met {
                theme.accent()
            } else {
                theme.bar_style()
            };
            Bar::default()
                .value(value)
                .text_value(label)
                .label(Line::raw(w.start.format("%m/%d").to_string()))
                .style(style)
                .value_style(style.add_modifier(Modifier::REVERSED))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(5)
        .bar_gap(1);
    frame.render_widget(chart, inner);
}

fn roadmaps(frame: &mut Frame, area: Rect, data: &StatsData, theme: &Theme) {
    let block = pane(Line::raw(" Per roadmap "), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    if data.roadmaps.is_empty() {
        lines.push(Line::styled(
            " no activity yet: tick a step off with space in the list",
            theme.dim(),
        ));
    }
    let id_w = data
        .roadmaps
        .iter()
        .map(|r| text::width(&text::clean(&r.id)))
        .max()
        .unwrap_or(0)
        .min(24);
    let dot = theme.dot();
    for r in &data.roadmaps {
        let mut s = format!("{}/{} done, {} left", r.done, r.done + r.left, r.left);
        if r.hours_done + r.hours_left > 0.0 {
            s.push_str(&format!(
                "{dot}{}/{} h",
                hours(r.hours_done),
                hours(r.hours_done + r.hours_left)
            ));
        }
        if let Some(p) = r.pace {
            s.push_str(&format!("{dot}pace set {} h/wk", hours(p)));
        }
        if let Some(a) = r.achieved {
            s.push_str(&format!("{dot}achieved {} h/wk", hours(a)));
        }
        match r.finish {
            Some(d) => s.push_str(&format!("{dot}≈ {d}")),
            None if r.pace.is_some() => s.push_str(&format!("{dot}no hour estimates")),
            None => {}
        }
        if let Some(wk) = r.weeks_ahead {
            let verdict = if wk >= 0.05 {
                format!("{wk:.1} weeks ahead")
            } else if wk <= -0.05 {
                format!("{:.1} weeks behind", -wk)
            } else {
                "on pace".into()
            };
            s.push_str(&format!("{dot}{verdict}"));
        }
        let id = text::pad(&text::fit(&text::clean(&r.id), id_w), id_w);
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {id}  "),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(text::fit(&s, w.saturating_sub(id_w + 3)).into_owned()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
