//! Diagnostics: what went wrong in a roadmap file, where, and how to print it.

use crate::model::kebab::kebab_enum;
use serde::Serialize;
use std::cell::Cell;
use std::fmt;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

kebab_enum! {
    /// The kind of mistake. `as_str`, `Display` and serde give the kebab-case
    /// name used in `error[unknown-key]`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ProblemKind {
        /// Not valid TOML.
        Syntax = "syntax",
        /// The file could not be read.
        Io = "io",
        /// The file is not UTF-8.
        Encoding = "encoding",
        /// A key the format does not know at that spot.
        UnknownKey = "unknown-key",
        /// A value of the wrong TOML type.
        WrongType = "wrong-type",
        /// A required key is absent.
        MissingKey = "missing-key",
        /// Two steps (or aliases), phases, groups or tables share an id.
        DuplicateId = "duplicate-id",
        /// An id that is not a slug (`[a-z0-9][a-z0-9-]*`, at most 64 characters).
        BadId = "bad-id",
        /// A `phase` naming no phase.
        UnknownPhase = "unknown-phase",
        /// A `requires` entry naming no step.
        DanglingRequire = "dangling-require",
        /// Prerequisites that loop.
        Cycle = "cycle",
        /// A `parent` naming no step of the roadmap.
        UnknownParent = "unknown-parent",
        /// A `parent` in another phase, the step itself, or a step that is itself a child.
        BadParent = "bad-parent",
        /// Not `beginner` / `intermediate` / `advanced`, or `levels.from` > `levels.to`.
        BadLevel = "bad-level",
        /// Not one of the chart legend kinds.
        BadKind = "bad-kind",
        /// Negative, NaN or infinite hours.
        BadHours = "bad-hours",
        /// A title that is empty or only whitespace.
        EmptyTitle = "empty-title",
        /// A control character (ESC, BEL, C1, bidi override, ...) in text.
        ControlChar = "control-char",
        /// A group with fewer than two members, unknown members or a bad `pick`.
        BadGroup = "bad-group",
        /// A table row whose cell count differs from `columns`, or no columns.
        BadTable = "bad-table",
        /// A url that is not `http://` or `https://`.
        BadUrl = "bad-url",
        /// `format` other than 1.
        BadFormatVersion = "bad-format-version",
        /// An empty file, or a required list with no entries.
        Empty = "empty",
        /// A roadmap id already used by another loaded file.
        DuplicateRoadmap = "duplicate-roadmap",
    }
}

/// One mistake in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    /// One line, no trailing period. User text in it is escaped (no control characters).
    pub message: String,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column of `span.start`, counted in chars.
    pub col: usize,
    /// Byte range in the file's text; may be empty (a point).
    pub span: Range<usize>,
    pub help: Option<String>,
}

impl fmt::Display for Problem {
    /// `12:1: error[unknown-key]: unknown key ...` (one line, no file name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: error[{}]: {}",
            self.line, self.col, self.kind, self.message
        )
    }
}

/// A problem before its line/column are known.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub kind: ProblemKind,
    pub message: String,
    pub span: Range<usize>,
    pub help: Option<String>,
}

/// Maps byte offsets to 1-based line/column (column in chars).
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// The last (offset, line, col) computed: problems come sorted, so the
    /// next column is counted on from there, not from the line start (a file
    /// of one long line with many problems stays linear).
    last: Cell<(usize, usize, usize)>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            text,
            starts,
            last: Cell::new((0, 1, 1)),
        }
    }

    /// 1-based (line, col) of a byte offset. Offsets past the end or inside a
    /// char are clamped to the nearest char boundary before them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.starts.partition_point(|&s| s <= offset); // >= 1
        let start = self.starts[line - 1];
        let (last_offset, last_line, last_col) = self.last.get();
        let col = if last_line == line && last_offset <= offset {
            last_col + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, line, col));
        (line, col)
    }

    /// The 1-based line `line` (without its line break) and its byte offset.
    pub fn line(&self, line: usize) -> Option<(&'t str, usize)> {
        if self.text.is_empty() {
            return None;
        }
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let l = &self.text[start..end];
        Some((l.strip_suffix('\r').unwrap_or(l), start))
    }

    pub fn finish(&self, raw: Raw) -> Problem {
        let (line, col) = self.line_col(raw.span.start);
        Problem {
            kind: raw.kind,
            message: raw.message,
            line,
            col,
            span: raw.span,
            help: raw.help,
        }
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether a character must not appear in roadmap text: C0 and C1 controls,
/// DEL, and the bidi embedding/override/isolate characters that can make a
/// terminal show something other than what is stored.
pub fn is_forbidden_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for messages, made inert by the crate's one sanitizer, so a hostile file
/// cannot drive the terminal through an error message. Owned, for the loader's
/// messages; the rule itself is [`crate::sanitize::inert`].
pub(crate) fn show(s: &str) -> String {
    crate::sanitize::inert(s).into_owned()
}

/// Renders one problem the way rustc and ripgrep do, as plain text:
///
/// ```text
/// error[unknown-key]: unknown key `titel` in [[steps]]
///   --> roadmaps/x.toml:12:1
///    |
/// 12 | titel = "HTTP"
///    | ^^^^^
///    = help: did you mean `title`?
/// ```
///
/// `text` is the file's contents (the source line is taken from it, with
/// control characters replaced); it may be empty when the file is unreadable.
/// Ends with a newline.
pub fn render_problem(file: &str, text: &str, p: &Problem) -> String {
    render_with(&LineIndex::new(text), file, p)
}

/// How many problems of one file [`render_problems`] shows.
pub const MAX_SHOWN_PER_FILE: usize = 200;

/// The problems of one file rendered as by [`render_problem`], each followed by
/// a blank line, indexing the text once. Past [`MAX_SHOWN_PER_FILE`] problems
/// the rest are counted, not shown: `… and 12 more problems in FILE`.
pub fn render_problems(file: &str, text: &str, problems: &[Problem]) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for p in problems.iter().take(MAX_SHOWN_PER_FILE) {
        out.push_str(&render_with(&lines, file, p));
        out.push('\n');
    }
    if let Some(more) = problems.len().checked_sub(MAX_SHOWN_PER_FILE)
        && more > 0
    {
        let noun = if more == 1 { "problem" } else { "problems" };
        out.push_str(&format!("… and {more} more {noun} in {}\n\n", show(file)));
    }
    out
}

fn render_with(lines: &LineIndex<'_>, file: &str, p: &Problem) -> String {
    let line_no = p.line.to_string();
    let pad = " ".repeat(line_no.len());
    let mut out = format!(
        "error[{}]: {}\n{pad}--> {}:{}:{}\n",
        p.kind,
        show(&p.message),
        show(file),
        p.line,
        p.col
    );
    if let Some((src_line, line_start)) = lines.line(p.line) {
        let shown = display_line(src_line);
        // Caret: from the span start to its end, clipped to this line.
        let start = floor_char_boundary(src_line, p.span.start.saturating_sub(line_start));
        let end = floor_char_boundary(src_line, p.span.end.saturating_sub(line_start).max(start));
        let lead: usize = src_line[..start].chars().map(cell_width).sum();
        let width: usize = src_line[start..end].chars().map(cell_width).sum();
        out.push_str(&format!("{pad} |\n{line_no} | {shown}\n"));
        out.push_str(&format!(
            "{pad} | {}{}\n",
            " ".repeat(lead),
            "^".repeat(width.max(1))
        ));
    }
    if let Some(help) = &p.help {
        out.push_str(&format!("{pad} = help: {}\n", show(help)));
    }
    out
}

/// Terminal cells a char of the source line takes once displayed.
fn cell_width(c: char) -> usize {
    if c == '\t' {
        4
    } else if crate::sanitize::is_unsafe(c) {
        1 // shown as one replacement character
    } else {
        c.width().unwrap_or(0)
    }
}

/// The source line as displayed: tabs become 4 spaces, then the one sanitizer.
fn display_line(l: &str) -> String {
    crate::sanitize::inert(&l.replace('\t', "    ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_from_one() {
        let text = "a = 1\nbé = \"x\"\n\nlast";
        let ix = LineIndex::new(text);
        assert_eq!(ix.line_col(0), (1, 1));
        assert_eq!(ix.line_col(4), (1, 5));
        assert_eq!(ix.line_col(6), (2, 1));
        // 'é' is two bytes; the `=` after it is the 4th char.
        assert_eq!(ix.line_col(text.find("= \"x").unwrap()), (2, 4));
        assert_eq!(ix.line_col(text.find("last").unwrap()), (4, 1));
        // Past the end and mid-char offsets are clamped, never panic.
        assert_eq!(ix.line_col(10_000), (4, 5));
        assert_eq!(ix.line_col(8), (2, 2));
        // Forward within a line, then back: the same answers as fresh.
        let one = "aé b c d";
        let ix = LineIndex::new(one);
        let fresh: Vec<_> = (0..one.len())
            .map(|o| LineIndex::new(one).line_col(o))
            .collect();
        let walked: Vec<_> = (0..one.len())
            .chain((0..one.len()).rev())
            .map(|o| ix.line_col(o))
            .collect();
        let back: Vec<_> = fresh.iter().rev().copied().collect();
        assert_eq!(walked, [fresh.clone(), back].concat());
    }

    #[test]
    fn show_escapes_control_chars() {
        assert_eq!(show("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(show("plain – text"), "plain – text");
        assert_eq!(show("\u{202e}x"), "\u{FFFD}x");
    }

    #[test]
    fn render_matches_rustc_layout() {
        let text = "id = \"x\"\n\n\n\n\n\n\n\n\n\n\ntitel = \"HTTP\"\n";
        let span = text.find("titel").unwrap();
        let p = LineIndex::new(text).finish(Raw {
            kind: ProblemKind::UnknownKey,
            message: "unknown key `titel` in [[steps]]".into(),
            span: span..span + 5,
            help: Some("did you mean `title`?".into()),
        });
        assert_eq!((p.line, p.col), (12, 1));
        let out = render_problem("roadmaps/x.toml", text, &p);
        assert_eq!(
            out,
            "error[unknown-key]: unknown key `titel` in [[steps]]\n  \
             --> roadmaps/x.toml:12:1\n   |\n\
             12 | titel = \"HTTP\"\n   \
             | ^^^^^\n   \
             = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn render_handles_empty_span_wide_chars_and_controls() {
        let text = "t = \"日本\u{1b}\" x";
        let at = text.find('x').unwrap();
        let p = LineIndex::new(text).finish(Raw {
            kind: ProblemKind::Syntax,
            message: "bad \u{7}".into(),
            span: at..at,
            help: None,
        });
        let out = render_problem("f.toml", text, &p);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
        // "t = \"" is 5 cells, 日本 4 cells, the replacement 1, then "\" " 2.
        assert!(out.contains("\n  |             ^\n"), "{out}");
        assert!(out.contains("f.toml:1:"), "{out}");
    }

    #[test]
    fn render_without_text_skips_snippet() {
        let p = LineIndex::new("").finish(Raw {
            kind: ProblemKind::Io,
            message: "cannot read".into(),
            span: 0..0,
            help: None,
        });
        let out = render_problem("f.toml", "", &p);
        assert!(
            out.starts_with("error[io]: cannot read\n --> f.toml:1:1\n"),
            "{out}"
        );
    }

    #[test]
    fn kinds_are_kebab_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for k in ProblemKind::ALL {
            let s = k.to_string();
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(seen.insert(s));
        }
    }
}
