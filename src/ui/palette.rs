//! The colours of a theme: the built-in dark, light and high-contrast palettes, and the
//! slot names the config's `[colors]` table overrides. Glyphs and the colour switch
//! (`NO_COLOR`) stay in [`super::Theme`], so NO_COLOR wins over any palette.

use ratatui::style::Color;

/// One colour per thing that has a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub todo: Color,
    pub in_progress: Color,
    pub done: Color,
    pub skipped: Color,
    pub not_needed: Color,
    pub covered: Color,
    pub recommended: Color,
    pub alternative: Color,
    pub anytime: Color,
    pub not_recommended: Color,
    pub gauge: Color,
    pub border: Color,
    pub border_focused: Color,
    pub label: Color,
    pub key: Color,
    pub error: Color,
    pub accent: Color,
}

/// The built-in palettes, by config name.
pub const NAMES: [&str; 3] = ["dark", "light", "high-contrast"];

/// The `[colors]` keys, in the order the README lists them.
pub const SLOTS: [&str; 17] = [
    "todo",
    "in_progress",
    "done",
    "skipped",
    "not_needed",
    "covered",
    "recommended",
    "alternative",
    "anytime",
    "not_recommended",
    "gauge",
    "border",
    "border_focused",
    "label",
    "key",
    "error",
    "accent",
];

impl Default for Palette {
    fn default() -> Self {
        Palette::dark()
    }
}

impl Palette {
    /// For dark terminals: the colours waymark always had.
    pub const fn dark() -> Palette {
        Palette {
            todo: Color::Reset,
            in_progress: Color::Yellow,
            done: Color::Green,
            skipped: Color::DarkGray,
            not_needed: Color::DarkGray,
            covered: Color::Cyan,
            recommended: Color::Yellow,
            alternative: Color::Cyan,
            anytime: Color::Blue,
            not_recommended: Color::Red,
            gauge: Color::Green,
            border: Color::DarkGray,
            border_focused: Color::Cyan,
            label: Color::Cyan,
            key: Color::Cyan,
            error: Color::Red,
            accent: Color::Magenta,
        }
    }

    /// For light backgrounds: no yellow or cyan text, which fade on white.
    pub const fn light() -> Palette {
        Palette {
            todo: Color::Reset,
            in_progress: Color::Rgb(0x9a, 0x67, 0x00),
            done: Color::Rgb(0x1b, 0x6e, 0x20),
            skipped: Color::Gray,
            not_needed: Color::Gray,
            covered: Color::Cyan,
            recommended: Color::Rgb(0x9a, 0x67, 0x00),
            alternative: Color::Blue,
            anytime: Color::Rgb(0x00, 0x5c, 0x99),
            not_recommended: Color::Red,
            gauge: Color::Rgb(0x1b, 0x6e, 0x20),
            border: Color::Gray,
            border_focused: Color::Blue,
            label: Color::Blue,
            key: Color::Blue,
            error: Color::Red,
            accent: Color::Magenta,
        }
    }

    /// Bright colours only, and a white frame.
    pub const fn high_contrast() -> Palette {
        Palette {
            todo: Color::White,
            in_progress: Color::LightYellow,
            done: Color::LightGreen,
            skipped: Color::Gray,
            not_needed: Color::Gray,
            covered: Color::Cyan,
            recommended: Color::LightYellow,
            alternative: Color::LightCyan,
            anytime: Color::LightBlue,
            not_recommended: Color::LightRed,
            gauge: Color::LightGreen,
            border: Color::White,
            border_focused: Color::LightYellow,
            label: Color::LightCyan,
            key: Color::LightYellow,
            error: Color::LightRed,
            accent: Color::LightMagenta,
        }
    }

    /// A built-in palette by its config name.
    pub fn named(name: &str) -> Option<Palette> {
        match name {
            "dark" => Some(Palette::dark()),
            "light" => Some(Palette::light()),
            "high-contrast" => Some(Palette::high_contrast()),
            _ => None,
        }
    }

    /// The colour of a `[colors]` slot; `None` for an unknown slot name.
    pub fn slot_mut(&mut self, slot: &str) -> Option<&mut Color> {
        Some(match slot {
            "todo" => &mut self.todo,
            "in_progress" => &mut self.in_progress,
            "done" => &mut self.done,
            "skipped" => &mut self.skipped,
            "not_needed" => &mut self.not_needed,
            "covered" => &mut self.covered,
            "recommended" => &mut self.recommended,
            "alternative" => &mut self.alternative,
            "anytime" => &mut self.anytime,
            "not_recommended" => &mut self.not_recommended,
            "gauge" => &mut self.gauge,
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "label" => &mut self.label,
            "key" => &mut self.key,
            "error" => &mut self.error,
            "accent" => &mut self.accent,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_name_reaches_a_colour() {
        let mut p = Palette::dark();
        for slot in SLOTS {
            *p.slot_mut(slot).unwrap() = Color::Indexed(7);
        }
        assert!(p.slot_mut("nope").is_none());
        assert_eq!(p.accent, Color::Indexed(7));
        assert_eq!(p.todo, Color::Indexed(7));
    }
}
