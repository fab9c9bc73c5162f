//! Text from roadmap files on its way to the terminal: sanitized (by [`crate::sanitize`]),
//! measured, cut to fit.

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One line of text, safe to print: the crate's one sanitizer, under the name the
/// render code uses.
pub use crate::sanitize::inert as clean;

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` cells, ending with `…` when cut.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    fit_with(s, max, "…")
}

/// Cuts `s` to at most `max` cells, ending with `ellipsis` when cut (or as much of it
/// as fits).
pub fn fit_with<'a>(s: &'a str, max: usize, ellipsis: &str) -> Cow<'a, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let ellipsis = &ellipsis[..ellipsis
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take_while(|&end| width(&ellipsis[..end]) <= max)
        .last()
        .unwrap_or(0)];
    let room = max - width(ellipsis);
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > room {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push_str(ellipsis);
    Cow::Owned(out)
}

/// `s` cut or padded with spaces to exactly `n` cells.
pub fn pad(s: &str, n: usize) -> String {
    pad_with(s, n, "…")
}

/// [`pad`] ending a cut with `ellipsis`.
pub fn pad_with(s: &str, n: usize, ellipsis: &str) -> String {
    let f = fit_with(s, n, ellipsis);
    let w = width(&f);
    format!("{f}{}", " ".repeat(n.saturating_sub(w)))
}

/// Word-wraps cleaned text to `max` cells per line; paragraphs (`\n`) are kept.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let para = clean(para);
        let mut line = String::new();
        let mut w = 0;
        for word in para.split_whitespace() {
            let ww = width(word);
            if w > 0 && w + 1 + ww > max {
                lines.push(std::mem::take(&mut line));
                w = 0;
            }
            if ww > max {
                // A word longer than the line: cut it hard.
                if w > 0 {
                    lines.push(std::mem::take(&mut line));
                    w = 0;
                }
                lines.push(fit(word, max).into_owned());
                continue;
            }
            if w > 0 {
                line.push(' ');
                w += 1;
            }
            line.push_str(word);
            w += ww;
        }
        lines.push(line);
    }
    lines
}

/// A time window short enough for the phase list: "Weeks 10–16" → "Wk 10–16",
/// "Month 8–14 (Interview Prep)" → "Mo 8–14". The detail pane shows it in full.
pub fn short_window(window: &str) -> String {
    let window = clean(window);
    let core = match window.find('(') {
        Some(i) if i > 0 => window[..i].trim_end(),
        _ => window.trim(),
    };
    for (long, short) in [
        ("Weeks ", "Wk "),
        ("Week ", "Wk "),
        ("Months ", "Mo "),
        ("Month ", "Mo "),
    ] {
        if let Some(rest) = core.strip_prefix(long) {
            return format!("{short}{rest}");
        }
    }
    core.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_never_survive() {
        let evil = "ok\x1b[2J\x1b]0;title\x07 \u{9b}31m\u{202e}txet\tend\r\n";
        let c = clean(evil);
        assert!(!c.chars().any(|c| c.is_control() || c == '\u{202e}'));
        assert_eq!(
            c,
            "ok\u{FFFD}[2J\u{FFFD}]0;title\u{FFFD} \u{FFFD}31m\u{FFFD}txet end  "
        );
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert!(wrap(evil, 5).iter().all(|l| !l.contains('\x1b')));
    }

    #[test]
    fn windows_shorten_for_the_phase_list() {
        assert_eq!(short_window("Weeks 10–16"), "Wk 10–16");
        assert_eq!(short_window("Month 8–14 (Interview Prep)"), "Mo 8–14");
        assert_eq!(short_window("Week 1"), "Wk 1");
        assert_eq!(short_window("Q3 2027"), "Q3 2027");
        assert_eq!(short_window("(soon)"), "(soon)");
    }

    #[test]
    fn fit_pad_and_wrap_count_cells() {
        assert_eq!(fit("Networking", 6), "Netwo…");
        assert_eq!(fit("日本語テキスト", 5), "日本…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit_with("Networking", 6, "..."), "Net...");
        assert_eq!(fit_with("Networking", 2, "..."), "..");
        assert_eq!(pad_with("Networking", 7, "..."), "Netw...");
        assert_eq!(
            wrap("one two three four\nfive", 9),
            vec!["one two", "three", "four", "five"]
        );
    }
}
