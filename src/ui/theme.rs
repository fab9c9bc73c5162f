//! Colours and glyphs. Every status has its own glyph *and* colour, so it reads without
//! colour too; `NO_COLOR` (or a non-UTF-8 locale) switches to ASCII glyphs.

use crate::model::{Effective, Kind};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub unicode: bool,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII_FOCUS_BORDER: border::Set<'static> = border::Set {
    horizontal_top: "=",
    horizontal_bottom: "=",
    ..ASCII_BORDER
};

impl Default for Theme {
    fn default() -> Self {
        Theme::fancy()
    }
}

impl Theme {
    /// Colours and Unicode glyphs.
    pub const fn fancy() -> Theme {
        Theme {
            color: true,
            unicode: true,
        }
    }

    /// No colour, ASCII glyphs: what `NO_COLOR` gets.
    pub const fn plain() -> Theme {
        Theme {
            color: false,
            unicode: false,
        }
    }

    /// From the environment: `NO_COLOR` (non-empty) and the locale.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        // Unset means a modern default; an explicit non-UTF-8 locale ("C", "POSIX",
        // "…ISO-8859-1") gets ASCII.
        let utf8 = locale.is_none_or(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        });
        Theme {
            color: !no_color,
            unicode: utf8 && !no_color,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn glyph(&self, e: Effective) -> &'static str {
        match (self.unicode, e) {
            (true, Effective::Todo) => "○",
            (true, Effective::InProgress) => "◐",
            (true, Effective::Done) => "✔",
            (true, Effective::Skipped) => "⊘",
            (true, Effective::NotNeeded) => "·",
            (true, Effective::Covered) => "◉",
            (false, Effective::Todo) => "[ ]",
            (false, Effective::InProgress) => "[~]",
            (false, Effective::Done) => "[x]",
            (false, Effective::Skipped) => "[-]",
            (false, Effective::NotNeeded) => "[.]",
            (false, Effective::Covered) => "[=]",
        }
    }

    /// Cells a status glyph takes.
    pub fn glyph_width(&self) -> usize {
        if self.unicode { 1 } else { 3 }
    }

    pub fn status(&self, e: Effective) -> Style {
        match e {
            Effective::Todo => Style::new(),
            Effective::InProgress => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Effective::Done => self.fg(Color::Green),
            Effective::Skipped => self.fg(Color::DarkGray),
            Effective::NotNeeded => self.fg(Color::DarkGray),
            Effective::Covered => self.fg(Color::Cyan),
        }
    }

    pub fn kind(&self, k: Kind) -> &'static str {
        match (self.unicode, k) {
            (true, Kind::Recommended) => "★",
            (true, Kind::Alternative) => "⇄",
            (true, Kind::Anytime) => "∞",
            (true, Kind::NotRecommended) => "✗",
            (false, Kind::Recommended) => "*",
            (false, Kind::Alternative) => "<>",
            (false, Kind::Anytime) => "~",
            (false, Kind::NotRecommended) => "!",
        }
    }

    pub fn kind_style(&self, k: Kind) -> Style {
        match k {
            Kind::Recommended => self.fg(Color::Yellow),
            Kind::Alternative => self.fg(Color::Cyan),
            Kind::Anytime => self.fg(Color::Blue),
            Kind::NotRecommended => self.fg(Color::Red),
        }
    }

    pub fn pick_one(&self) -> &'static str {
        self.kind(Kind::Alternative)
    }

    pub fn selector(&self) -> &'static str {
        if self.unicode { "▶ " } else { "> " }
    }

    pub fn warn(&self) -> &'static str {
        if self.unicode { "⚠" } else { "!" }
    }

    pub fn ellipsis(&self) -> &'static str {
        if self.unicode { "…" } else { "..." }
    }

    pub fn dot(&self) -> &'static str {
        if self.unicode { " · " } else { " - " }
    }

    pub fn arrow(&self) -> &'static str {
        if self.unicode { "→" } else { "->" }
    }

    /// A progress bar of `width` cells.
    pub fn bar(&self, ratio: f64, width: usize) -> String {
        let ratio = if ratio.is_finite() {
            ratio.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let full = ((ratio * width as f64).round() as usize).min(width);
        let (f, e) = if self.unicode {
            ("█", "░")
        } else {
            ("#", "-")
        };
        format!("{}{}", f.repeat(full), e.repeat(width - full))
    }

    pub fn bar_style(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn border(&self, focused: bool) -> border::Set<'static> {
        match (self.unicode, focused, self.color) {
            (false, true, _) => ASCII_FOCUS_BORDER,
            (false, false, _) => ASCII_BORDER,
            // Without colour the focused pane is told apart by a thick line.
            (true, true, false) => border::THICK,
            _ => border::PLAIN,
        }
    }

    pub fn border_style(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().fg(Color::DarkGray),
            (false, _) => Style::new(),
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    /// The selected row: reversed when its pane has focus, bold otherwise.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn label(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
}
