//! Colours and glyphs. Every status has its own glyph *and* colour, so it reads without
//! colour too; `NO_COLOR` (or a non-UTF-8 locale) switches to ASCII glyphs. The colours
//! come from a [`Palette`] (dark, light, high-contrast, config overrides); without colour
//! the palette is ignored.

use super::palette::Palette;
use crate::model::{Effective, Kind};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub unicode: bool,
    pub palette: Palette,
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
            palette: Palette::dark(),
        }
    }

    /// No colour, ASCII glyphs: what `NO_COLOR` gets.
    pub const fn plain() -> Theme {
        Theme {
            color: false,
            unicode: false,
            palette: Palette::dark(),
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
            palette: Palette::dark(),
        }
    }

    /// The same glyph and colour switches with other colours.
    pub fn with_palette(self, palette: Palette) -> Theme {
        Theme { palette, ..self }
    }

    fn fg(&self, c: Color) -> Style {
        // `Reset` is "the terminal's own colour": no style at all.
        if self.color && c != Color::Reset {
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
        let p = &self.palette;
        match e {
            Effective::Todo => self.fg(p.todo),
            Effective::InProgress => self.fg(p.in_progress).add_modifier(Modifier::BOLD),
            Effective::Done => self.fg(p.done),
            Effective::Skipped => self.fg(p.skipped),
            Effective::NotNeeded => self.fg(p.not_needed),
            Effective::Covered => self.fg(p.covered),
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
        let p = &self.palette;
        match k {
            Kind::Recommended => self.fg(p.recommended),
            Kind::Alternative => self.fg(p.alternative),
            Kind::Anytime => self.fg(p.anytime),
            Kind::NotRecommended => self.fg(p.not_recommended),
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

    /// `s` cut to `max` cells with this theme's ellipsis.
    pub fn fit<'a>(&self, s: &'a str, max: usize) -> std::borrow::Cow<'a, str> {
        super::text::fit_with(s, max, self.ellipsis())
    }

    /// `s` cut or padded to exactly `n` cells with this theme's ellipsis.
    pub fn pad(&self, s: &str, n: usize) -> String {
        super::text::pad_with(s, n, self.ellipsis())
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
        self.fg(self.palette.gauge)
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
        self.fg(if focused {
            self.palette.border_focused
        } else {
            self.palette.border
        })
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
        self.fg(self.palette.label)
    }

    pub fn key(&self) -> Style {
        self.fg(self.palette.key).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(self.palette.error).add_modifier(Modifier::BOLD)
    }

    /// Characters a search matched: underlined, so it shows without colour too.
    pub fn matched(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn accent(&self) -> Style {
        self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
    }
}
