//! The review view (`R`): one due step at a time, as a card — title, summary, the note,
//! resources — and the one-key answers.

use super::{Theme, footer, pane, text};
use crate::app::keymap::{Mode, first_key_in};
use crate::app::review::ReviewState;
use crate::app::{Action, AppState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, own: &ReviewState, theme: &Theme) {
    let [body, foot] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    footer::render(frame, foot, state, theme);
    let w = body.width.min(100);
    let card = Rect::new(body.x + (body.width - w) / 2, body.y, w, body.height);
    let total = own.queue.len();
    // The keys in force, as the footer and the help show them.
    let key = |a: Action| first_key_in(&state.keys, Mode::Review, &a);
    let Some((ri, si, sched)) = own.current() else {
        let block = pane(Line::raw(" Review "), true, theme);
        let inner = block.inner(card);
        frame.render_widget(block, card);
        let msg = if total == 0 {
            "Nothing is due for review today.".to_string()
        } else {
            format!(
                "Done: {} of {total} reviewed. {} goes back to the list.",
                own.answered,
                key(Action::Back)
            )
        };
        frame.render_widget(Paragraph::new(Line::raw(format!(" {msg}"))), inner);
        return;
    };
    let r = &state.roadmaps[ri];
    let step = &r.roadmap.steps[si];
    let dot = theme.dot();
    let title = format!(
        "Review {}/{total}{dot}{}{dot}due {}{dot}every {} days",
        own.pos + 1,
        text::clean(&r.roadmap.title),
        sched.due,
        sched.interval_days()
    );
    let block = pane(super::title_line(&title, card.width, theme), true, theme);
    let inner = block.inner(card);
    frame.render_widget(block, card);
    let tw = (inner.width as usize).saturating_sub(2);
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            format!(" {}", text::clean(&step.title)),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ];
    if let Some(phase) = r.roadmap.phases.get(step.phase) {
        lines.push(Line::styled(
            format!(" {}", text::clean(&phase.title)),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    if let Some(s) = &step.summary {
        for l in text::wrap(&text::clean(s), tw) {
            lines.push(Line::raw(format!(" {l}")));
        }
        lines.push(Line::raw(""));
    }
    if let Some(note) = r.notes.get(&si) {
        let mut first = true;
        for l in text::wrap(&text::clean(note), tw.saturating_sub(6)) {
            let label = if first { " note " } else { "      " };
            first = false;
            lines.push(Line::from(vec![
                Span::styled(label, theme.label()),
                Span::raw(l),
            ]));
        }
        lines.push(Line::raw(""));
    }
    for res in &step.resources {
        let mut s = text::clean(&res.title).into_owned();
        if let Some(u) = &res.url {
            s.push_str(&format!(" — {}", text::clean(u)));
        }
        lines.push(Line::raw(format!(
            " {}{}",
            theme.dot().trim_start(),
            text::fit(&s, tw)
        )));
    }
    lines.push(Line::raw(""));
    let ask = if own.asking_reopen {
        format!(
            "Forgot. Reopen it to study again?  {} reopen · {} keep it done",
            key(Action::Yes),
            key(Action::No)
        )
    } else {
        format!(
            "Do you still know it?  {} good · {} hard · {} forgot · {} stop",
            key(Action::Good),
            key(Action::Hard),
            key(Action::Forgot),
            key(Action::Back)
        )
    };
    lines.push(Line::styled(format!(" {ask}"), theme.accent()));
    frame.render_widget(Paragraph::new(lines), inner);
}
