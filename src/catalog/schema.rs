//! Typed access to the spanned TOML tree (`toml::de::DeTable`) against the
//! roadmap schema: every getter reports a wrong type, a missing key, an
//! unknown key or forbidden text as a problem and carries on, so a file's
//! problems are all collected in one pass.
//!
//! A little over 500 lines with its tests: one getter per value type, each with its
//! own problem wording, over the one tree type.

use super::ids::{slug_error, slugify};
use super::problem::{ProblemKind, Raw, is_forbidden_char, show};
use std::ops::Range;
pub(crate) use toml::Spanned;
pub(crate) use toml::de::{DeTable, DeValue};

/// A value of the tree with its span.
pub(crate) type Val<'i> = Spanned<DeValue<'i>>;

/// The name of a value's TOML type, for messages.
pub(crate) fn type_str(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "integer",
        DeValue::Float(_) => "float",
        DeValue::Boolean(_) => "boolean",
        DeValue::Datetime(_) => "datetime",
        DeValue::Array(_) => "array",
        DeValue::Table(_) => "table",
    }
}

/// What text a string may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Text {
    /// One line: no control characters at all.
    Line,
    /// Summaries: newline and tab allowed, other control characters not.
    Multi,
    /// A title: one line and not blank.
    Title,
}

/// A table being walked: its entries, the span to blame for missing keys, and
/// the name used in messages (`[[steps]]`, `[origin]`, `top level`).
#[derive(Clone, Copy)]
pub(crate) struct Obj<'a, 'i> {
    pub t: &'a DeTable<'i>,
    pub at: (usize, usize),
    pub ctx: &'static str,
}

/// The items of an array value, or `None` for any other type.
pub(crate) fn array<'a, 'i>(v: &'a Val<'i>) -> Option<&'a [Val<'i>]> {
    match v.get_ref() {
        DeValue::Array(items) => Some(items),
        _ => None,
    }
}

impl<'a, 'i> Obj<'a, 'i> {
    /// The document's top-level table.
    pub fn root(t: &'a DeTable<'i>, ctx: &'static str) -> Self {
        Obj { t, at: (0, 0), ctx }
    }

    /// A table found inside this one.
    pub fn child(&self, t: &'a DeTable<'i>, span: Range<usize>, ctx: &'static str) -> Self {
        Obj {
            t,
            at: (span.start, span.end),
            ctx,
        }
    }

    /// The items of an array value found inside this table.
    pub fn array(&self, v: &'a Val<'i>) -> Option<&'a [Val<'i>]> {
        array(v)
    }

    pub fn span(&self) -> Range<usize> {
        self.at.0..self.at.1
    }

    pub fn get(&self, key: &str) -> Option<&'a Val<'i>> {
        self.t.get(key)
    }
}

/// Collects problems while walking.
#[derive(Default)]
pub(crate) struct Cx {
    pub raw: Vec<Raw>,
}

impl Cx {
    pub fn push(
        &mut self,
        kind: ProblemKind,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.raw.push(Raw {
            kind,
            message: message.into(),
            span,
            help,
        });
    }

    /// Reports every key of `o` not in `allowed`, suggesting the closest allowed key.
    pub fn check_keys(&mut self, o: Obj<'_, '_>, allowed: &[&str]) {
        for (k, _) in o.t.iter() {
            let key: &str = k.get_ref();
            if allowed.contains(&key) {
                continue;
            }
            let help = match suggest(key, allowed) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known keys here: {}", allowed.join(", ")),
            };
            self.push(
                ProblemKind::UnknownKey,
                k.span(),
                format!("unknown key `{}` in {}", show(key), o.ctx),
                Some(help),
            );
        }
    }

    fn wrong_type(&mut self, o: Obj<'_, '_>, key: &str, v: &Val<'_>, want: &str) {
        self.push(
            ProblemKind::WrongType,
            v.span(),
            format!(
                "`{key}` in {} must be {want}, found {}",
                o.ctx,
                type_str(v.get_ref())
            ),
            None,
        );
    }

    pub fn missing(&mut self, o: Obj<'_, '_>, key: &str) {
        self.push(
            ProblemKind::MissingKey,
            o.span(),
            format!("missing required key `{key}` in {}", o.ctx),
            None,
        );
    }

    /// Checks text against its rule; reports control characters and blank titles.
    /// `what` is the key holding the text.
    pub fn text(&mut self, s: &str, span: Range<usize>, rule: Text, what: &str) {
        // Printable ASCII (most text) holds nothing forbidden.
        let plain = s.bytes().all(|b| (0x20..0x7f).contains(&b));
        let bad = if plain {
            None
        } else {
            let mut chars = s.chars().peekable();
            let mut bad = None;
            while let Some(c) = chars.next() {
                let allowed = rule == Text::Multi
                    && (matches!(c, '\n' | '\t')
                        // A CRLF file's multi-line string keeps its CRLF line breaks.
                        || (c == '\r' && chars.peek() == Some(&'\n')));
                if is_forbidden_char(c) && !allowed {
                    bad = Some(c);
                    break;
                }
            }
            bad
        };
        if let Some(c) = bad {
            let help = match (c, rule) {
                ('\n' | '\t', _) => {
                    Some("line breaks and tabs are allowed only in `summary`".into())
                }
                _ => Some(
                    "remove it; terminal control sequences are not allowed in roadmap text".into(),
                ),
            };
            self.push(
                ProblemKind::ControlChar,
                span.clone(),
                format!("control character {} in `{what}`", c.escape_unicode()),
                help,
            );
        }
        if rule == Text::Title && s.trim().is_empty() {
            self.push(
                ProblemKind::EmptyTitle,
                span,
                format!("`{what}` must not be empty"),
                None,
            );
        }
    }

    /// An optional string. Wrong type is reported; the text rule is checked.
    pub fn string<'a>(
        &mut self,
        o: Obj<'a, '_>,
        key: &str,
        rule: Text,
    ) -> Option<(&'a str, Range<usize>)> {
        let v = o.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => {
                self.text(s, v.span(), rule, key);
                Some((s.as_ref(), v.span()))
            }
            _ => {
                self.wrong_type(o, key, v, "a string");
                None
            }
        }
    }

    /// A required string: absence is reported too.
    pub fn req_string<'a>(
        &mut self,
        o: Obj<'a, '_>,
        key: &str,
        rule: Text,
    ) -> Option<(&'a str, Range<usize>)> {
        if o.get(key).is_none() {
            self.missing(o, key);
            return None;
        }
        self.string(o, key, rule)
    }

    /// An optional array of strings; elements of the wrong type are reported
    /// one by one and left out.
    pub fn strings<'a>(
        &mut self,
        o: Obj<'a, '_>,
        key: &str,
        rule: Text,
    ) -> Vec<(&'a str, Range<usize>)> {
        self.strings_with(o, key, rule, |s, span| (s, span))
    }

    /// [`Cx::strings`], copied out (for lists whose spans are not needed).
    pub fn owned_strings(&mut self, o: Obj<'_, '_>, key: &str, rule: Text) -> Vec<String> {
        self.strings_with(o, key, rule, |s, _| s.to_string())
    }

    fn strings_with<'a, T>(
        &mut self,
        o: Obj<'a, '_>,
        key: &str,
        rule: Text,
        mut f: impl FnMut(&'a str, Range<usize>) -> T,
    ) -> Vec<T> {
        let Some(v) = o.get(key) else {
            return Vec::new();
        };
        let Some(items) = o.array(v) else {
            self.wrong_type(o, key, v, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => {
                    self.text(s, item.span(), rule, key);
                    out.push(f(s.as_ref(), item.span()));
                }
                other => self.push(
                    ProblemKind::WrongType,
                    item.span(),
                    format!(
                        "`{key}` in {} must hold strings, found {}",
                        o.ctx,
                        type_str(other)
                    ),
                    None,
                ),
            }
        }
        out
    }

    /// An optional number (integer or float) as f64.
    pub fn number(&mut self, o: Obj<'_, '_>, key: &str) -> Option<(f64, Range<usize>)> {
        let v = o.get(key)?;
        let n = match v.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(i.as_str(), i.radix()).map_or(f64::INFINITY, |n| n as f64)
            }
            // `as_str` is `FromStr`-ready (`1.5`, `-inf`, `nan`; `1e400` → inf).
            DeValue::Float(f) => f.as_str().parse().unwrap_or(f64::NAN),
            _ => {
                self.wrong_type(o, key, v, "a number");
                return None;
            }
        };
        Some((n, v.span()))
    }

    /// An optional integer. Values outside i64 are reported as wrong type.
    pub fn integer(&mut self, o: Obj<'_, '_>, key: &str) -> Option<(i64, Range<usize>)> {
        let v = o.get(key)?;
        if let DeValue::Integer(i) = v.get_ref()
            && let Ok(n) = i64::from_str_radix(i.as_str(), i.radix())
        {
            return Some((n, v.span()));
        }
        self.wrong_type(o, key, v, "an integer");
        None
    }

    pub fn boolean(&mut self, o: Obj<'_, '_>, key: &str) -> Option<bool> {
        let v = o.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(o, key, v, "a boolean (true or false)");
                None
            }
        }
    }

    /// An optional sub-table (`[origin]` or `origin = { ... }`).
    pub fn table<'a, 'i>(
        &mut self,
        o: Obj<'a, 'i>,
        key: &str,
        ctx: &'static str,
    ) -> Option<Obj<'a, 'i>> {
        let v = o.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(o.child(t, v.span(), ctx)),
            _ => {
                self.wrong_type(o, key, v, "a table");
                None
            }
        }
    }

    /// An optional array of tables (`[[steps]]` or `steps = [{ ... }]`).
    /// Returns `None` when the key is absent or not an array.
    pub fn tables<'a, 'i>(
        &mut self,
        o: Obj<'a, 'i>,
        key: &str,
        ctx: &'static str,
    ) -> Option<Vec<Obj<'a, 'i>>> {
        let v = o.get(key)?;
        let Some(items) = o.array(v) else {
            self.wrong_type(o, key, v, "an array of tables");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(o.child(t, item.span(), ctx)),
                other => self.push(
                    ProblemKind::WrongType,
                    item.span(),
                    format!(
                        "`{key}` in {} must hold tables, found {}",
                        o.ctx,
                        type_str(other)
                    ),
                    None,
                ),
            }
        }
        Some(out)
    }

    /// Reports `s` if it is not an id slug.
    pub fn id(&mut self, s: &str, span: Range<usize>, what: &str) -> bool {
        match slug_error(s) {
            None => true,
            Some(why) => {
                self.push(
                    ProblemKind::BadId,
                    span,
                    format!("{what} `{}` is not a valid id: {why}", show(s)),
                    Some(format!(
                        "ids are lowercase slugs like `{}`",
                        slugify(s).unwrap_or_else(|| "http-basics".into())
                    )),
                );
                false
            }
        }
    }
}

/// Words people reach for instead of the format's key names.
const SYNONYMS: &[(&str, &str)] = &[
    ("link", "url"),
    ("href", "url"),
    ("uri", "url"),
    ("name", "title"),
    ("label", "title"),
    ("description", "summary"),
    ("desc", "summary"),
    ("prereqs", "requires"),
    ("prerequisites", "requires"),
    ("depends", "requires"),
    ("depends-on", "requires"),
    ("depends_on", "requires"),
    ("needs", "requires"),
    ("difficulty", "level"),
    ("estimate", "hours"),
    ("time", "hours"),
    ("type", "kind"),
    ("category", "tags"),
    ("members", "steps"),
    ("topics-covered", "covers"),
    ("links", "resources"),
];

/// The candidate closest to `word`, if it is close enough to be a likely typo
/// (or a known synonym of a candidate).
pub fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_lowercase();
    if let Some(&c) = SYNONYMS
        .iter()
        .filter(|(w, _)| *w == lower)
        .find_map(|(_, to)| candidates.iter().find(|c| *c == to))
    {
        return Some(c);
    }
    crate::model::suggest::best(word, candidates.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> DeTable<'_> {
        DeTable::parse(text).expect("valid toml").into_inner()
    }

    #[test]
    fn suggestions() {
        let keys = ["id", "title", "phase", "requires", "summary"];
        assert_eq!(suggest("titel", &keys), Some("title"));
        assert_eq!(suggest("Title", &keys), Some("title"));
        assert_eq!(suggest("require", &keys), Some("requires"));
        assert_eq!(suggest("sumary", &keys), Some("summary"));
        assert_eq!(suggest("zzzzzz", &keys), None);
        assert_eq!(suggest("description", &keys), Some("summary"));
        assert_eq!(suggest("link", &keys), None);
        assert_eq!(suggest("link", &["title", "url", "kind"]), Some("url"));
    }

    #[test]
    fn typed_getters_report_and_continue() {
        let text = "s = 1\nl = [\"a\", 2, \"b\"]\nn = \"x\"\nb = 1\ni = 1.5\nok = \"fine\"\nh = 2\nf = 2.5";
        let doc = parse(text);
        let o = Obj::root(&doc, "top level");
        let mut cx = Cx::default();
        assert_eq!(cx.string(o, "s", Text::Line), None);
        let l: Vec<&str> = cx
            .strings(o, "l", Text::Line)
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(l, ["a", "b"]);
        assert_eq!(cx.number(o, "n"), None);
        assert_eq!(cx.boolean(o, "b"), None);
        assert_eq!(cx.integer(o, "i"), None);
        assert_eq!(cx.string(o, "ok", Text::Title).map(|x| x.0), Some("fine"));
        assert_eq!(cx.number(o, "h").map(|x| x.0), Some(2.0));
        assert_eq!(cx.number(o, "f").map(|x| x.0), Some(2.5));
        assert_eq!(cx.string(o, "absent", Text::Line), None);
        assert_eq!(cx.req_string(o, "absent", Text::Line), None);
        let kinds: Vec<ProblemKind> = cx.raw.iter().map(|r| r.kind).collect();
        use ProblemKind::*;
        assert_eq!(
            kinds,
            [
                WrongType, WrongType, WrongType, WrongType, WrongType, MissingKey
            ]
        );
        // The wrong element of `l` is blamed, not the whole array.
        let r = &cx.raw[1];
        assert_eq!(&text[r.span.clone()], "2");
    }

    #[test]
    fn text_rules() {
        let mut cx = Cx::default();
        cx.text("a\nb\tc", 0..1, Text::Multi, "summary");
        cx.text("a\r\nb\r\n", 0..1, Text::Multi, "summary");
        assert!(cx.raw.is_empty());
        cx.text("a\rb", 0..1, Text::Multi, "summary");
        assert_eq!(cx.raw.len(), 1);
        cx.raw.clear();
        cx.text("a\nb", 0..1, Text::Line, "title");
        cx.text("x\u{1b}[2J", 0..1, Text::Multi, "summary");
        cx.text("  ", 0..1, Text::Title, "title");
        cx.text("\u{9b}", 0..1, Text::Line, "tags");
        let kinds: Vec<ProblemKind> = cx.raw.iter().map(|r| r.kind).collect();
        use ProblemKind::*;
        assert_eq!(kinds, [ControlChar, ControlChar, EmptyTitle, ControlChar]);
        assert!(!cx.raw[1].message.contains('\u{1b}'));
    }

    #[test]
    fn unknown_keys_get_suggestions() {
        let text = "titel = 1\nid = 2\nwhatever = 3";
        let doc = parse(text);
        let o = Obj::root(&doc, "[[steps]]");
        let mut cx = Cx::default();
        cx.check_keys(o, &["id", "title"]);
        assert_eq!(cx.raw.len(), 2);
        let titel = cx.raw.iter().find(|r| r.message.contains("titel")).unwrap();
        assert_eq!(titel.message, "unknown key `titel` in [[steps]]");
        assert_eq!(titel.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(&text[titel.span.clone()], "titel");
    }
}
