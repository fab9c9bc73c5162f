//! Pop-ups drawn over the main view: help, about, search, filter prompt, tag/level pickers,
//! roadmap picker, confirm dialog, a step's links.

pub mod about;
pub mod checklist;
pub mod confirm;
pub mod filter;
pub mod help;
pub mod links;
pub mod search;

use super::Theme;
use crate::app::screen::Viewport;
use crate::app::{AppState, Overlay};
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn render(frame: &mut Frame, area: Rect, overlay: &Overlay, state: &AppState, theme: &Theme) {
    match overlay {
        Overlay::Help(scroll) => help::render(frame, area, *scroll, &state.keys, theme),
        Overlay::About(scroll) => about::render(frame, area, *scroll, state, theme),
        Overlay::Search(s) => search::render(frame, area, s, state, theme),
        Overlay::Filter(p) => filter::render(frame, area, p, state, theme),
        Overlay::Checklist(c) => checklist::render(frame, area, c, theme),
        Overlay::Picker(_) => super::picker::render(frame, area, state, theme),
        Overlay::Confirm(c) => confirm::render(frame, area, c, theme),
        Overlay::Links(l) => links::render(frame, area, l, theme),
    }
}

/// The overlay's scrolled region as `render` lays it out (see `ui::screen`).
pub fn viewport(area: Rect, overlay: &Overlay, state: &AppState, theme: &Theme) -> Viewport {
    match overlay {
        Overlay::Help(_) => help::viewport(area, &state.keys, theme),
        Overlay::About(_) => about::viewport(area, state, theme),
        Overlay::Search(_) => search::viewport(area),
        Overlay::Checklist(c) => checklist::viewport(area, c),
        Overlay::Picker(_) => super::picker::viewport(area, state),
        Overlay::Filter(_) | Overlay::Confirm(_) | Overlay::Links(_) => Viewport::default(),
    }
}

/// The input line of a prompt: text with the cursor cell reversed.
pub fn input_line<'a>(
    prefix: &'a str,
    input: &crate::app::input::Input,
    width: usize,
    theme: &Theme,
) -> ratatui::text::Line<'a> {
    use ratatui::style::{Modifier, Style};
    use ratatui::text::{Line, Span};
    let chars: Vec<char> = input.text().chars().collect();
    let cur = input.cursor().min(chars.len());
    // Keep the cursor in view on long input.
    let room = width.saturating_sub(prefix.len() + 2).max(1);
    let start = cur.saturating_sub(room);
    let before: String = chars[start..cur].iter().collect();
    let at: String = chars.get(cur).map_or(" ".into(), |c| c.to_string());
    let after: String = chars
        .iter()
        .skip(cur + 1)
        .take(room.saturating_sub(cur - start))
        .collect();
    Line::from(vec![
        Span::styled(prefix, theme.key()),
        Span::raw(super::text::clean(&before).into_owned()),
        Span::styled(
            super::text::clean(&at).into_owned(),
            Style::new().add_modifier(Modifier::REVERSED),
        ),
        Span::raw(super::text::clean(&after).into_owned()),
    ])
}
