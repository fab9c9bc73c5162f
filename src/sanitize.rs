//! The one rule for text on its way to a terminal: [`inert`] makes any string safe to
//! print. Every piece of text that is not our own — roadmap text, notes, file names,
//! command-line arguments echoed back — passes through it, in the TUI, the CLI, exports
//! and diagnostics. A leaf: it names no other module of the crate, so every layer may
//! use it.

use std::borrow::Cow;

/// Shown in place of a character that must not reach the terminal. One cell wide, so
/// columns computed on the original (a caret under a source line) stay right.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` must not reach a terminal as it is:
/// - C0 and C1 controls and DEL (ESC and CSI start escape sequences, CR overwrites);
/// - bidi embeddings, overrides, isolates and marks, which reorder what is shown;
/// - zero-width and other invisible formatting characters, which hide text;
/// - line and paragraph separators, which some terminals treat as line breaks.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'                      // soft hyphen
            | '\u{061C}'                    // Arabic letter mark
            | '\u{180E}'                    // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}'       // zero-width space/joiners, LRM, RLM
            | '\u{2028}'..='\u{202E}'       // line/paragraph separators, bidi embed/override
            | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
            | '\u{2066}'..='\u{206F}'       // bidi isolates, deprecated format controls
            | '\u{FEFF}'                    // zero-width no-break space (BOM)
            | '\u{FFF9}'..='\u{FFFB}'       // interlinear annotation
            | '\u{1D173}'..='\u{1D17A}'     // musical formatting
            | '\u{E0000}'..='\u{E007F}' // tag characters: invisible ASCII look-alikes
        )
}

/// Whether `s` holds an [unsafe](is_unsafe) character (a line feed aside when
/// `keep_newline`). Reports are mostly ASCII, checked here a byte at a time (a control
/// is below 0x20 or DEL); only other characters are decoded and looked up. The
/// per-character test was a tenth of a 2,000-step `show`.
fn any_unsafe(s: &str, keep_newline: bool) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if (b < 0x20 && !(keep_newline && b == b'\n')) || b == 0x7f {
                return true;
            }
            i += 1;
        } else {
            // `i` only ever moves by whole characters, so it is on a boundary.
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            if is_unsafe(c) {
                return true;
            }
            i += c.len_utf8();
        }
    }
    false
}

/// `s` made inert for a terminal, on one line: tabs and line breaks become spaces,
/// every other [unsafe](is_unsafe) character becomes [`REPLACEMENT`] (visible, so
/// hidden content is noticed rather than silently dropped). Borrows when `s` is
/// already safe. Idempotent.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !any_unsafe(s, false) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe(c) => REPLACEMENT,
                c => c,
            })
            .collect(),
    )
}

/// Multi-line text (a note, a whole report) made inert line by line: line breaks
/// (`\n` and `\r\n`) are kept, everything else goes through [`inert`].
pub fn inert_lines(s: &str) -> Cow<'_, str> {
    if !any_unsafe(s, true) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match line.strip_suffix('\r') {
            Some(body) => {
                out.push_str(&inert(body));
                out.push('\r');
            }
            None => out.push_str(&inert(line)),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hostile_strings_come_out_inert() {
        let table: &[(&str, &str, &str)] = &[
            ("plain text", "plain text", "plain text"),
            ("clear screen", "a\x1b[2Jb", "a�[2Jb"),
            (
                "window title (OSC, BEL)",
                "\x1b]0;pwned\x07x",
                "�]0;pwned�x",
            ),
            ("C1 CSI", "\u{9b}31mred", "�31mred"),
            ("C1 OSC and ST", "\u{9d}0;t\u{9c}", "�0;t�"),
            ("DEL and backspace", "ab\x7f\x08c", "ab��c"),
            ("carriage return overwrite", "safe\rEVIL", "safe EVIL"),
            ("tab and newline flatten", "a\tb\nc", "a b c"),
            (
                "right-to-left override",
                "file\u{202e}txt.exe",
                "file�txt.exe",
            ),
            (
                "bidi embeddings",
                "\u{202a}\u{202b}\u{202c}\u{202d}",
                "����",
            ),
            (
                "bidi isolates",
                "\u{2066}a\u{2067}b\u{2068}c\u{2069}",
                "�a�b�c�",
            ),
            ("bidi marks", "\u{200e}\u{200f}\u{61c}x", "���x"),
            (
                "zero-width chars",
                "p\u{200b}a\u{200c}s\u{200d}s",
                "p�a�s�s",
            ),
            ("word joiner and BOM", "\u{2060}x\u{feff}", "�x�"),
            ("soft hyphen", "in\u{ad}visible", "in�visible"),
            ("line separator", "a\u{2028}b\u{2029}c", "a�b�c"),
            ("tag characters", "hi\u{e0041}\u{e007f}", "hi��"),
            ("NUL", "a\0b", "a�b"),
            (
                "wide and accented text is kept",
                "日本語 café – ok",
                "日本語 café – ok",
            ),
            ("emoji variation selector is kept", "❤\u{fe0f}", "❤\u{fe0f}"),
        ];
        for (what, input, want) in table {
            assert_eq!(inert(input), *want, "{what}");
            assert!(!inert(input).chars().any(is_unsafe), "{what}");
        }
        assert!(matches!(inert("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_keep_their_breaks() {
        assert_eq!(inert_lines("a\x1b\nb\r\nc\rd"), "a�\nb\r\nc d");
        assert_eq!(inert_lines("one\ntwo\n"), "one\ntwo\n");
        assert!(matches!(inert_lines("one\ntwo"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn the_byte_scan_agrees_with_the_character_test(s in any::<String>(), keep in any::<bool>()) {
            let by_char = s.chars().any(|c| !(keep && c == '\n') && is_unsafe(c));
            prop_assert_eq!(any_unsafe(&s, keep), by_char);
        }

        #[test]
        fn output_never_holds_an_unsafe_char(s in any::<String>()) {
            let out = inert(&s);
            prop_assert!(!out.chars().any(is_unsafe), "{:?}", out);
            prop_assert!(!out.chars().any(char::is_control));
            prop_assert_eq!(inert(&out), out.clone(), "idempotent");
            let lines = inert_lines(&s);
            prop_assert!(!lines.chars().any(|c| c != '\n' && c != '\r' && is_unsafe(c)));
        }

        #[test]
        fn hostile_mixtures_are_neutralised(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("\x1b[31m".to_string()),
                    Just("\u{9b}".to_string()),
                    Just("\u{202e}".to_string()),
                    Just("\u{2067}".to_string()),
                    Just("\u{200b}".to_string()),
                    Just("\u{feff}".to_string()),
                    Just("\r".to_string()),
                    "[a-z ]{0,4}",
                ],
                0..12,
            )
        ) {
            let s: String = parts.concat();
            let out = inert(&s);
            prop_assert!(!out.chars().any(is_unsafe), "{:?}", out);
            // Same number of chars: one replacement per unsafe char, nothing dropped.
            prop_assert_eq!(out.chars().count(), s.chars().count());
        }
    }
}
