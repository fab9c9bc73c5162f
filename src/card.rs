//! The shareable progress card (`waymark card`): a roadmap's progress as a small SVG
//! image for a README. Pure: the figures come in, the SVG text goes out.
//!
//! The SVG is plain SVG 1.1 — `rect` and `text` with presentation attributes, a system
//! font stack, no `<style>`, script, external font or image — so GitHub's image proxy
//! (which strips anything active) shows it as it is. Every text that is not our own is
//! made inert ([`crate::sanitize::inert`]) and then XML-escaped, so a title such as
//! `<script>` stays text.

use crate::model::Tally;
use crate::sanitize::{REPLACEMENT, inert};
use chrono::NaiveDate;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;

/// The card's width, the same as the common README stat cards so they line up.
pub const WIDTH: u32 = 495;
/// Phases listed one per row; a longer list ends with a "+N more phases" row.
pub const MAX_PHASE_ROWS: usize = 8;

const PAD: u32 = 25;
const BAR_WIDTH: u32 = WIDTH - 2 * PAD;
/// Title width in terminal columns (about 445 px of 18 px bold text).
const TITLE_COLUMNS: usize = 40;
/// Phase title width in columns, leaving room for the "12/34" on the right.
const PHASE_COLUMNS: usize = 52;
const FONT: &str = "'Segoe UI', Ubuntu, 'Helvetica Neue', Arial, sans-serif";

/// The colours of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

struct Palette {
    background: &'static str,
    border: &'static str,
    title: &'static str,
    text: &'static str,
    muted: &'static str,
    track: &'static str,
    fill: &'static str,
}

impl Theme {
    /// GitHub's own light and dark colours, so the card sits well on either page.
    fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: "#ffffff",
                border: "#d0d7de",
                title: "#1f2328",
                text: "#1f2328",
                muted: "#656d76",
                track: "#eaeef2",
                fill: "#1a7f37",
            },
            Theme::Dark => Palette {
                background: "#0d1117",
                border: "#30363d",
                title: "#e6edf3",
                text: "#c9d1d9",
                muted: "#8b949e",
                track: "#21262d",
                fill: "#2ea043",
            },
        }
    }
}

/// What the card shows.
#[derive(Debug, Clone)]
pub struct Card<'a> {
    pub title: &'a str,
    pub total: Tally,
    /// Each phase's title and tally, in phase order.
    pub phases: Vec<(&'a str, Tally)>,
    /// Consecutive days with a change, up to today; `None` when there is no history.
    pub streak: Option<u32>,
    /// Hours per week, when a pace is set.
    pub pace: Option<f64>,
    /// The projected finish date at that pace.
    pub finish: Option<NaiveDate>,
    /// The day the figures are for.
    pub as_of: NaiveDate,
}

/// The card as an SVG document.
pub fn render(card: &Card, theme: Theme) -> String {
    let p = theme.palette();
    let shown = if card.phases.len() > MAX_PHASE_ROWS {
        MAX_PHASE_ROWS - 1
    } else {
        card.phases.len()
    };
    let more = card.phases.len() - shown;

    let phases_top = 150;
    let row = 32;
    let rows_end = phases_top + row * shown as u32 + if more > 0 { 22 } else { 0 };
    let height = rows_end + 28;

    let mut s = String::new();
    let t = card.total;
    let title = truncate(card.title, TITLE_COLUMNS);
    let summary = format!("{}: {}% done", card.title, t.percent());
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" font-family=\"{FONT}\">\n\
         <title>{}</title>\n\
         <rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{}\" stroke=\"{}\"/>\n",
        esc(&summary),
        WIDTH - 1,
        height - 1,
        p.background,
        p.border
    );
    text(&mut s, PAD, 40, 18, p.title, "start", true, &title);

    // Figures under the title: steps and hours, then streak and finish.
    let mut figures = vec![format!("{}/{} steps", t.done, t.counted())];
    if t.hours > 0.0 {
        figures.push(format!("{}/{} h", hours(t.hours_done), hours(t.hours)));
    }
    if t.in_progress > 0 {
        figures.push(format!("{} in progress", t.in_progress));
    }
    text(
        &mut s,
        PAD,
        66,
        13,
        p.text,
        "start",
        false,
        &figures.join(" · "),
    );
    let mut outlook = Vec::new();
    match card.streak {
        Some(0) => outlook.push("no current streak".to_string()),
        Some(1) => outlook.push("1-day streak".to_string()),
        Some(n) => outlook.push(format!("{n}-day streak")),
        None => {}
    }
    match (card.finish, card.pace) {
        (Some(f), Some(pace)) => {
            outlook.push(format!("finish ≈ {f} at {} h/week", hours(pace)));
        }
        (None, Some(_)) if t.hours_left() == 0.0 && t.ratio() >= 1.0 => {
            outlook.push("finished".into());
        }
        _ => {}
    }
    if !outlook.is_empty() {
        text(
            &mut s,
            PAD,
            86,
            13,
            p.muted,
            "start",
            false,
            &outlook.join(" · "),
        );
    }

    // Overall progress by steps.
    text(&mut s, PAD, 114, 13, p.text, "start", true, "Overall");
    let percent = format!("{}%", t.percent());
    text(&mut s, WIDTH - PAD, 114, 13, p.text, "end", true, &percent);
    bar(&mut s, 122, 10, t.ratio(), &p);

    for (i, (title, pt)) in card.phases.iter().take(shown).enumerate() {
        let y = phases_top + row * i as u32;
        text(
            &mut s,
            PAD,
            y,
            12,
            p.text,
            "start",
            false,
            &truncate(title, PHASE_COLUMNS),
        );
        let count = format!("{}/{}", pt.done, pt.counted());
        text(&mut s, WIDTH - PAD, y, 12, p.muted, "end", false, &count);
        bar(&mut s, y + 7, 6, pt.ratio(), &p);
    }
    if more > 0 {
        let line = format!("+{more} more phase{}", if more == 1 { "" } else { "s" });
        let y = phases_top + row * shown as u32;
        text(&mut s, PAD, y, 12, p.muted, "start", false, &line);
    }

    let footer = format!("waymark · as of {}", card.as_of);
    text(
        &mut s,
        WIDTH - PAD,
        height - 12,
        10,
        p.muted,
        "end",
        false,
        &footer,
    );
    s.push_str("</svg>\n");
    s
}

/// One line of text; `body` is escaped here.
#[allow(clippy::too_many_arguments)]
fn text(
    s: &mut String,
    x: u32,
    y: u32,
    size: u32,
    fill: &str,
    anchor: &str,
    bold: bool,
    body: &str,
) {
    let weight = if bold { " font-weight=\"600\"" } else { "" };
    let anchor = if anchor == "start" {
        String::new()
    } else {
        format!(" text-anchor=\"{anchor}\"")
    };
    let _ = writeln!(
        s,
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" fill=\"{fill}\"{weight}{anchor}>{}</text>",
        esc(body)
    );
}

/// A progress bar across the card: the track, and the done share filled.
fn bar(s: &mut String, y: u32, height: u32, ratio: f64, p: &Palette) {
    let r = height as f64 / 2.0;
    let _ = writeln!(
        s,
        "<rect x=\"{PAD}\" y=\"{y}\" width=\"{BAR_WIDTH}\" height=\"{height}\" rx=\"{r}\" fill=\"{}\"/>",
        p.track
    );
    let ratio = if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if ratio > 0.0 {
        // Never thinner than the rounded ends, so a little progress still shows.
        let w = (BAR_WIDTH as f64 * ratio).max(height as f64);
        let _ = writeln!(
            s,
            "<rect x=\"{PAD}\" y=\"{y}\" width=\"{w:.1}\" height=\"{height}\" rx=\"{r}\" fill=\"{}\"/>",
            p.fill
        );
    }
}

/// Text for an XML text node or attribute: made inert (controls, bidi and invisible
/// characters become U+FFFD), the XML specials escaped, and the two noncharacters XML
/// 1.0 forbids replaced too.
pub fn esc(s: &str) -> String {
    let s = inert(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// `s` cut to `columns` terminal columns (wide characters count two), with "…" when
/// cut. An SVG cannot measure its text, so columns stand in for pixels.
fn truncate(s: &str, columns: usize) -> String {
    let s = inert(s);
    let width: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    if width <= columns {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > columns - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.trim_end().to_string() + "…"
}

fn hours(h: f64) -> String {
    if (h - h.round()).abs() < 0.05 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(done: usize, steps: usize) -> Tally {
        Tally {
            steps,
            done,
            todo: steps - done,
            ..Tally::default()
        }
    }

    fn card<'a>(title: &'a str, phases: Vec<(&'a str, Tally)>) -> Card<'a> {
        Card {
            title,
            total: tally(1, 4),
            phases,
            streak: Some(2),
            pace: None,
            finish: None,
            as_of: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        }
    }

    #[test]
    fn xml_specials_and_controls_stay_text() {
        assert_eq!(
            esc("<script>&\"'\u{1b}[2J\u{202e}\u{FFFF}"),
            "&lt;script&gt;&amp;&quot;&apos;\u{FFFD}[2J\u{FFFD}\u{FFFD}"
        );
        let svg = render(&card("<b>&x", vec![]), Theme::Light);
        assert!(svg.contains("&lt;b&gt;&amp;x"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn height_grows_with_phases_and_long_lists_are_capped() {
        let height = |svg: &str| -> u32 {
            let h = svg.split("height=\"").nth(1).unwrap();
            h[..h.find('"').unwrap()].parse().unwrap()
        };
        let one = render(&card("R", vec![("A", tally(1, 2))]), Theme::Light);
        let two = render(
            &card("R", vec![("A", tally(1, 2)), ("B", tally(0, 2))]),
            Theme::Light,
        );
        assert!(height(&two) > height(&one));

        let names: Vec<String> = (0..12).map(|i| format!("phase-{i}")).collect();
        let many = render(
            &card(
                "R",
                names.iter().map(|n| (n.as_str(), tally(0, 1))).collect(),
            ),
            Theme::Light,
        );
        assert!(many.contains("phase-6<"));
        assert!(!many.contains("phase-7<"));
        assert!(many.contains("+5 more phases"));
    }

    #[test]
    fn long_titles_are_cut_by_display_columns() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdefghijkl", 10), "abcdefghi…");
        // Wide characters take two columns each.
        assert_eq!(truncate("日本語のロードマップ", 10), "日本語の…");
    }

    #[test]
    fn the_bar_fills_the_done_share() {
        let svg = render(&card("R", vec![("A", tally(1, 2))]), Theme::Dark);
        // Half of the 445 px track.
        assert!(svg.contains("width=\"222.5\" height=\"6\""), "{svg}");
        // Nothing done: only the track is drawn.
        let none = render(&card("R", vec![("A", tally(0, 2))]), Theme::Dark);
        assert_eq!(none.matches("height=\"6\"").count(), 1);
    }
}
