//! A compact spanned TOML tree, built straight from `toml_parser` events.
//!
//! `toml::de::DeTable` lexes the whole file into a token vector, records every
//! parser event (whitespace included) in a second vector and only then builds
//! a tree of `BTreeMap`s. For a 15 MB roadmap that is several hundred MB of
//! short-lived memory. Here the parser pushes its events into [`Builder`] as it
//! runs, the tokens are lexed in chunks of a few thousand, tables are small
//! vectors kept in insertion order (with a hash index only once they grow),
//! the items of all inline arrays share one vector, and numbers are converted
//! once. Keys and strings borrow from the input unless they held escapes.
//!
//! The tree and every TOML-level error (message and span) match what
//! `DeTable::parse_recoverable` gives: the builder is a push-driven port of the
//! `toml` crate's event consumer, quirks of its error recovery included, and
//! the tests below compare the two on valid, broken and mangled input.
//!
//! Lexing in chunks is exact for valid input: a chunk ends only at a newline
//! outside any bracket, where the parser is back at the top level. Should any
//! error show up, the file is parsed again from one token vector, so broken
//! files get exactly the diagnostics of a single pass.

use super::walk::parse_float;
use hashbrown::{DefaultHashBuilder, HashTable};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::ops::Range;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{
    Event, EventKind, EventReceiver, RecursionGuard, ValidateWhitespace, parse_document,
};
use toml_parser::{ErrorSink, Expected, ParseError, Source, Span};

/// Nesting limit for arrays, inline tables and dotted keys (as in `toml`).
const LIMIT: u32 = 80;

/// Tokens lexed before the parser runs over them (the chunk ends at the next
/// top-level newline).
const CHUNK: usize = 8 * 1024;

/// Tables with more keys than this get a hash index.
const INDEX_FROM: usize = 16;

/// A key with its span (the key token, quotes included).
#[derive(Debug, Clone)]
pub(crate) struct Key<'i> {
    name: Cow<'i, str>,
    start: u32,
    end: u32,
}

impl<'i> Key<'i> {
    pub fn get_ref(&self) -> &str {
        &self.name
    }

    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value with its span.
#[derive(Debug)]
pub(crate) struct Val<'i> {
    value: Value<'i>,
    start: u32,
    end: u32,
}

impl<'i> Val<'i> {
    fn new(start: usize, end: usize, value: Value<'i>) -> Self {
        Val {
            value,
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn get_ref(&self) -> &Value<'i> {
        &self.value
    }

    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A decoded string: a slice of the input unless it held escapes.
#[derive(Debug)]
pub(crate) enum Str<'i> {
    Borrowed(&'i str),
    Owned(Box<str>),
}

impl std::ops::Deref for Str<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }
}

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

/// A TOML value. Numbers are converted once, here.
#[derive(Debug)]
pub(crate) enum Value<'i> {
    String(Str<'i>),
    /// `None` when the integer does not fit an `i64`.
    Integer(Option<i64>),
    Float(f64),
    Boolean(bool),
    Datetime,
    /// An inline array `[...]`: its items are `Doc::items[start..start + len]`.
    Array {
        start: u32,
        len: u32,
    },
    /// An array of tables `[[...]]`. Boxed (there are few) to keep every
    /// `Value` at 24 bytes; it grows with each header, so it stays a `Vec`.
    #[allow(clippy::box_collection)]
    Tables(Box<Vec<Val<'i>>>),
    Table(Box<Table<'i>>),
}

impl<'i> Value<'i> {
    pub fn type_str(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Integer(_) => "integer",
            Value::Float(_) => "float",
            Value::Boolean(_) => "boolean",
            Value::Datetime => "datetime",
            Value::Array { .. } | Value::Tables(_) => "array",
            Value::Table(_) => "table",
        }
    }
}

/// A table: entries in insertion order, found by a linear scan while small.
#[derive(Debug, Default)]
pub(crate) struct Table<'i> {
    entries: Vec<(Key<'i>, Val<'i>)>,
    index: Option<Box<Index>>,
    /// Created by a dotted key or a header path, not (yet) defined itself.
    implicit: bool,
    /// Created (or extended) by a dotted key.
    dotted: bool,
    /// An inline table `{ ... }` (closed to extension).
    inline: bool,
}

struct Index {
    hasher: DefaultHashBuilder,
    slots: HashTable<u32>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Index({})", self.slots.len())
    }
}

impl<'i> Table<'i> {
    pub fn get(&self, key: &str) -> Option<&Val<'i>> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Val<'i>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            None => self.entries.iter().position(|(k, _)| k.name == key),
            Some(ix) => ix
                .slots
                .find(ix.hasher.hash_one(key), |&i| {
                    self.entries[i as usize].0.name == key
                })
                .map(|&i| i as usize),
        }
    }

    /// Appends an entry whose key is not in the table yet; returns its index.
    fn push(&mut self, key: Key<'i>, val: Val<'i>) -> usize {
        let i = self.entries.len();
        self.entries.push((key, val));
        match &mut self.index {
            Some(ix) => {
                let hash = ix.hasher.hash_one(self.entries[i].0.get_ref());
                let Index { hasher, slots } = &mut **ix;
                let entries = &self.entries;
                slots.insert_unique(hash, i as u32, |&j| {
                    hasher.hash_one(entries[j as usize].0.get_ref())
                });
            }
            None if self.entries.len() > INDEX_FROM => self.reindex(),
            None => {}
        }
        i
    }

    fn remove(&mut self, i: usize) -> (Key<'i>, Val<'i>) {
        let entry = self.entries.remove(i);
        if self.index.is_some() {
            self.reindex();
        }
        entry
    }

    fn reindex(&mut self) {
        let hasher = DefaultHashBuilder::default();
        let mut slots = HashTable::with_capacity(self.entries.len());
        for (i, (k, _)) in self.entries.iter().enumerate() {
            let entries = &self.entries;
            slots.insert_unique(hasher.hash_one(k.get_ref()), i as u32, |&j| {
                hasher.hash_one(entries[j as usize].0.get_ref())
            });
        }
        self.index = Some(Box::new(Index { hasher, slots }));
    }
}

/// A parsed document: the top-level table, and the items of every inline
/// array (kept in one vector rather than one allocation per array).
#[derive(Debug, Default)]
pub(crate) struct Doc<'i> {
    pub root: Table<'i>,
    items: Vec<Val<'i>>,
}

impl<'i> Doc<'i> {
    /// The items of either kind of array.
    pub fn array<'a>(&'a self, v: &'a Value<'i>) -> Option<&'a [Val<'i>]> {
        match v {
            Value::Array { start, len } => {
                Some(&self.items[*start as usize..(*start + *len) as usize])
            }
            Value::Tables(items) => Some(items),
            _ => None,
        }
    }
}

/// Parses a TOML document. On failure, every TOML-level error, in the order
/// `toml` reports them.
pub(crate) fn parse(text: &str) -> Result<Doc<'_>, Vec<ParseError>> {
    parse_with(text, CHUNK)
}

fn parse_with(text: &str, chunk: usize) -> Result<Doc<'_>, Vec<ParseError>> {
    if u32::try_from(text.len()).is_err() {
        return Err(vec![ParseError::new("the file is larger than 4 GiB")]);
    }
    let source = Source::new(text);
    if let Some(root) = parse_chunked(source, chunk) {
        return Ok(root);
    }
    // Something is wrong: parse again in one piece for the exact diagnostics.
    let tokens = source.lex().into_vec();
    let mut builder = Builder::new(source);
    let mut errors = Vec::new();
    run(&tokens, &mut builder, &mut errors);
    builder.finish();
    errors.append(&mut builder.errors);
    if errors.is_empty() {
        Ok(builder.doc)
    } else {
        Err(errors)
    }
}

/// Lexes and parses `chunk` tokens at a time; `None` at the first error.
fn parse_chunked(source: Source<'_>, chunk: usize) -> Option<Doc<'_>> {
    let mut builder = Builder::new(source);
    let mut errors = Vec::new();
    let mut tokens: Vec<Token> = Vec::with_capacity(chunk + 256);
    let mut depth = 0i64;
    for token in source.lex() {
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => depth -= 1,
            _ => {}
        }
        let boundary = depth == 0 && token.kind() == TokenKind::Newline;
        tokens.push(token);
        if boundary && tokens.len() >= chunk {
            run(&tokens, &mut builder, &mut errors);
            tokens.clear();
            if !errors.is_empty() || !builder.errors.is_empty() {
                return None;
            }
        }
    }
    run(&tokens, &mut builder, &mut errors);
    builder.finish();
    (errors.is_empty() && builder.errors.is_empty()).then_some(builder.doc)
}

/// Runs the parser over `tokens`, through the same receivers `toml` uses.
fn run(tokens: &[Token], builder: &mut Builder<'_>, errors: &mut Vec<ParseError>) {
    let source = builder.source;
    let mut ws = ValidateWhitespace::new(builder, source);
    let mut guard = RecursionGuard::new(&mut ws, LIMIT);
    parse_document(tokens, &mut guard, errors);
}

/// The message `toml::de::Error` shows for a parse error.
pub(crate) fn message(e: &ParseError) -> String {
    let mut message = e.description().to_string();
    if let Some(expected) = e.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, x) in expected.iter().enumerate() {
            if i != 0 {
                message.push_str(", ");
            }
            match x {
                Expected::Literal(lit) => message.push_str(&render_literal(lit)),
                Expected::Description(desc) => message.push_str(desc),
                _ => message.push_str("etc"),
            }
        }
    }
    message
}

fn render_literal(literal: &str) -> String {
    match literal {
        "\n" => "newline".to_owned(),
        "`" => "'`'".to_owned(),
        s if s.chars().all(|c| c.is_ascii_control()) => format!("`{}`", s.escape_debug()),
        s => format!("`{s}`"),
    }
}

fn span(start: usize, end: usize) -> Span {
    Span::new_unchecked(start, end)
}

fn duplicate(key: &Key<'_>, old: Option<Span>) -> ParseError {
    let e =
        ParseError::new("duplicate key").with_unexpected(span(key.span().start, key.span().end));
    match old {
        Some(old) => e.with_context(old),
        None => e,
    }
}

fn cannot_extend(what: &str, key: &Key<'_>, old: Span) -> ParseError {
    ParseError::new(format!(
        "cannot extend value of type {what} with a dotted key"
    ))
    .with_unexpected(span(key.span().start, key.span().end))
    .with_context(old)
}

/// A key being read: `a . b . c`.
struct KeyState<'i> {
    path: Vec<Key<'i>>,
    key: Option<Key<'i>>,
    current: Option<Event>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Expecting `=` (whitespace allowed once).
    Sep,
    SepAfterWs,
    /// After `=`: one whitespace is skipped, then the value.
    AfterSep,
    Value,
}

/// What the builder is in the middle of; the document itself is the empty stack.
enum Frame<'i> {
    /// `[a.b]` or `[[a.b]]`.
    Header {
        is_array: bool,
        path: Option<Vec<Key<'i>>>,
        key: Option<Key<'i>>,
        start: usize,
        end: usize,
    },
    /// A dotted key, waiting for its next part.
    Key(KeyState<'i>),
    Array {
        start: usize,
        end: usize,
        items: Vec<Val<'i>>,
        current: Option<Val<'i>>,
    },
    Inline(Box<Inline<'i>>),
}

/// An inline table being read (boxed: they are rare and large).
struct Inline<'i> {
    start: usize,
    end: usize,
    table: Table<'i>,
    key: Option<(Vec<Key<'i>>, Key<'i>)>,
    value: Option<Val<'i>>,
}

/// A top-level `key = value` whose key is read. It lives outside the stack:
/// there is one per line of a roadmap.
struct KeyVal<'i> {
    path: Vec<Key<'i>>,
    key: Key<'i>,
    stage: Stage,
}

struct Header<'i> {
    path: Vec<Key<'i>>,
    key: Option<Key<'i>>,
    start: usize,
    end: usize,
    is_array: bool,
}

/// Builds the tree from parser events. Events are queued so that two can be
/// looked ahead (as the pull-based `toml` consumer does for dotted keys);
/// nesting lives in an explicit stack, never in recursion.
struct Builder<'i> {
    source: Source<'i>,
    queue: VecDeque<Event>,
    stack: Vec<Frame<'i>>,
    /// Below the stack: the top-level `key = value` being read, if any.
    keyval: Option<KeyVal<'i>>,
    /// The document stopped being read (as `toml` does after a key without `=`).
    dead: bool,
    /// The tree so far.
    doc: Doc<'i>,
    /// The table being filled: top-level keys, or the last header's body.
    current: Table<'i>,
    header: Option<Header<'i>>,
    errors: Vec<ParseError>,
    /// Emptied buffers for arrays and tables being read: each array or table
    /// is grown in one of these and then copied out at its exact size.
    spare_items: Vec<Vec<Val<'i>>>,
    spare_entries: Vec<Vec<(Key<'i>, Val<'i>)>>,
}

/// Moves the contents of a scratch buffer into an allocation of the exact size.
fn exact<T>(scratch: &mut Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(scratch.len());
    out.append(scratch);
    out
}

/// Whether enough events follow the key at the front of `queue` for
/// [`more_key`] to decide.
fn lookahead_known(queue: &VecDeque<Event>) -> bool {
    match queue.get(1).map(Event::kind) {
        None => false,
        Some(EventKind::Whitespace) => queue.len() > 2,
        Some(_) => true,
    }
}

/// Whether the key goes on: the next events are `.` or whitespace then `.`.
fn more_key(queue: &VecDeque<Event>) -> bool {
    let first = queue.front().map(Event::kind);
    let second = queue.get(1).map(Event::kind);
    first == Some(EventKind::KeySep)
        || (first == Some(EventKind::Whitespace) && second == Some(EventKind::KeySep))
}

impl<'i> Builder<'i> {
    fn new(source: Source<'i>) -> Self {
        Builder {
            source,
            queue: VecDeque::with_capacity(4),
            stack: Vec::new(),
            keyval: None,
            dead: false,
            doc: Doc::default(),
            current: Table::default(),
            header: None,
            errors: Vec::new(),
            spare_items: Vec::new(),
            spare_entries: Vec::new(),
        }
    }

    fn push(&mut self, kind: EventKind, encoding: Option<Encoding>, span: Span) {
        let e = Event::new_unchecked(kind, encoding, span);
        // Only a key needs to see what follows it; everything else is handled
        // at once unless it has to wait behind a key.
        if self.queue.is_empty() && kind != EventKind::SimpleKey {
            self.step(e);
            return;
        }
        self.queue.push_back(e);
        while let Some(&front) = self.queue.front() {
            if front.kind() == EventKind::SimpleKey && !lookahead_known(&self.queue) {
                break;
            }
            self.queue.pop_front();
            self.step(front);
        }
    }

    /// End of input: drain the queue, close whatever is open, file the last table.
    fn finish(&mut self) {
        while let Some(e) = self.queue.pop_front() {
            self.step(e);
        }
        while !self.dead {
            let Some(frame) = self.stack.pop() else {
                match self.keyval.take() {
                    Some(kv) if matches!(kv.stage, Stage::AfterSep | Stage::Value) => {
                        self.capture_key_value(kv.path, kv.key, Self::missing_value());
                    }
                    _ => {}
                }
                break;
            };
            match frame {
                Frame::Key(ks) => self.finish_key(ks),
                Frame::Header {
                    is_array,
                    path,
                    key,
                    start,
                    end,
                } => self.start_table(Header {
                    path: path.unwrap_or_default(),
                    key,
                    start,
                    end,
                    is_array,
                }),
                Frame::Array {
                    start, end, items, ..
                } => self.deliver_array(start, end, items),
                Frame::Inline(f) => self.deliver_inline(f.start, f.end, f.table),
            }
        }
        self.stack.clear();
        self.finish_table();
    }

    fn missing_value() -> Val<'i> {
        Val::new(0, 0, Value::Integer(Some(0)))
    }

    fn die(&mut self) {
        self.dead = true;
        self.stack.clear();
        self.keyval = None;
    }

    fn step(&mut self, e: Event) {
        use EventKind as K;
        if self.dead {
            return;
        }
        let kind = e.kind();
        match self.stack.last_mut() {
            None if self.keyval.is_some() => {
                let Some(kv) = &mut self.keyval else {
                    return;
                };
                match (kv.stage, kind) {
                    (Stage::Sep, K::Whitespace) => kv.stage = Stage::SepAfterWs,
                    (Stage::Sep | Stage::SepAfterWs, K::KeyValSep) => kv.stage = Stage::AfterSep,
                    (Stage::Sep | Stage::SepAfterWs, _) => self.die(),
                    (Stage::AfterSep, K::Whitespace) => kv.stage = Stage::Value,
                    _ => self.value(e),
                }
            }
            None => match kind {
                K::StdTableOpen | K::ArrayTableOpen => {
                    self.finish_table();
                    self.stack.push(Frame::Header {
                        is_array: kind == K::ArrayTableOpen,
                        path: None,
                        key: None,
                        start: e.span().start(),
                        end: e.span().end(),
                    });
                }
                K::SimpleKey => self.start_key(e),
                _ => {}
            },
            Some(Frame::Header { end, .. }) => match kind {
                K::ArrayTableClose | K::StdTableClose => {
                    *end = e.span().end();
                    if let Some(Frame::Header {
                        is_array,
                        path,
                        key,
                        start,
                        end,
                    }) = self.stack.pop()
                    {
                        self.start_table(Header {
                            path: path.unwrap_or_default(),
                            key,
                            start,
                            end,
                            is_array,
                        });
                    }
                }
                K::SimpleKey => self.start_key(e),
                _ => {}
            },
            Some(Frame::Key(ks)) => match kind {
                K::SimpleKey => {
                    ks.current = Some(e);
                    if !more_key(&self.queue)
                        && let Some(Frame::Key(ks)) = self.stack.pop()
                    {
                        self.finish_key(ks);
                    }
                }
                K::KeySep => close_key(ks, self.source, &mut self.errors),
                _ => {}
            },
            Some(Frame::Array {
                end,
                items,
                current,
                ..
            }) => {
                *end = e.span().end();
                match kind {
                    K::InlineTableOpen | K::ArrayOpen | K::Scalar => self.value(e),
                    K::ValueSep => items.extend(current.take()),
                    K::Error | K::Whitespace | K::Comment | K::Newline => {}
                    K::ArrayClose => {
                        items.extend(current.take());
                        self.close_array();
                    }
                    _ => self.close_array(),
                }
            }
            Some(Frame::Inline(f)) => {
                f.end = e.span().end();
                match kind {
                    K::SimpleKey => self.start_key(e),
                    K::InlineTableOpen | K::ArrayOpen | K::Scalar => self.value(e),
                    K::ValueSep => self.finish_inline_value(),
                    K::InlineTableClose => {
                        self.finish_inline_value();
                        self.close_inline();
                    }
                    K::Error | K::KeyValSep | K::Whitespace | K::Comment | K::Newline => {}
                    _ => self.close_inline(),
                }
            }
        }
    }

    fn close_array(&mut self) {
        if let Some(Frame::Array {
            start, end, items, ..
        }) = self.stack.pop()
        {
            self.deliver_array(start, end, items);
        }
    }

    fn deliver_array(&mut self, start: usize, end: usize, mut items: Vec<Val<'i>>) {
        let first = self.doc.items.len() as u32;
        let len = items.len() as u32;
        self.doc.items.append(&mut items);
        self.spare_items.push(items);
        self.deliver(Val::new(start, end, Value::Array { start: first, len }));
    }

    fn deliver_inline(&mut self, start: usize, end: usize, mut table: Table<'i>) {
        let mut scratch = std::mem::take(&mut table.entries);
        table.entries = exact(&mut scratch);
        self.spare_entries.push(scratch);
        self.deliver(Val::new(start, end, Value::Table(Box::new(table))));
    }

    fn close_inline(&mut self) {
        if let Some(Frame::Inline(f)) = self.stack.pop() {
            self.deliver_inline(f.start, f.end, f.table);
        }
    }

    /// A value starts (or, for anything else, is missing).
    fn value(&mut self, e: Event) {
        let (start, end) = (e.span().start(), e.span().end());
        match e.kind() {
            EventKind::InlineTableOpen => self.stack.push(Frame::Inline(Box::new(Inline {
                start,
                end,
                table: Table {
                    entries: self.spare_entries.pop().unwrap_or_default(),
                    inline: true,
                    ..Table::default()
                },
                key: None,
                value: None,
            }))),
            EventKind::ArrayOpen => self.stack.push(Frame::Array {
                start,
                end,
                items: self.spare_items.pop().unwrap_or_default(),
                current: None,
            }),
            EventKind::Scalar => {
                let v = self.scalar(e);
                self.deliver(v);
            }
            _ => self.deliver(Self::missing_value()),
        }
    }

    /// Hands a finished value to the frame that asked for it.
    fn deliver(&mut self, v: Val<'i>) {
        match self.stack.last_mut() {
            Some(Frame::Array { current, .. }) => *current = Some(v),
            Some(Frame::Inline(f)) => f.value = Some(v),
            None => {
                if let Some(kv) = self.keyval.take() {
                    self.capture_key_value(kv.path, kv.key, v);
                }
            }
            _ => debug_assert!(false, "a value with nowhere to go"),
        }
    }

    fn scalar(&mut self, e: Event) -> Val<'i> {
        let raw = self.source.get(e).expect("token spans are valid");
        let mut s = Cow::Borrowed("");
        let kind = raw.decode_scalar(&mut s, &mut self.errors);
        let value = match kind {
            ScalarKind::String => Value::String(match s {
                Cow::Borrowed(s) => Str::Borrowed(s),
                Cow::Owned(s) => Str::Owned(s.into_boxed_str()),
            }),
            ScalarKind::Boolean(b) => Value::Boolean(b),
            ScalarKind::DateTime => {
                if let Err(err) = s.parse::<toml::value::Datetime>() {
                    self.errors
                        .push(ParseError::new(err.to_string()).with_unexpected(e.span()));
                }
                Value::Datetime
            }
            ScalarKind::Float => Value::Float(parse_float(&s)),
            ScalarKind::Integer(radix) => {
                Value::Integer(i64::from_str_radix(&s, radix.value()).ok())
            }
        };
        Val::new(e.span().start(), e.span().end(), value)
    }

    fn start_key(&mut self, e: Event) {
        let ks = KeyState {
            path: Vec::new(),
            key: None,
            current: Some(e),
        };
        if more_key(&self.queue) {
            self.stack.push(Frame::Key(ks));
        } else {
            self.finish_key(ks);
        }
    }

    fn finish_key(&mut self, mut ks: KeyState<'i>) {
        close_key(&mut ks, self.source, &mut self.errors);
        let (path, key) = if LIMIT as usize <= ks.path.len() {
            self.errors.push(ParseError::new("recursion limit"));
            (Vec::new(), None)
        } else {
            (ks.path, ks.key)
        };
        match self.stack.last_mut() {
            None => match key {
                Some(key) => {
                    self.keyval = Some(KeyVal {
                        path,
                        key,
                        stage: Stage::Sep,
                    })
                }
                None => self.die(),
            },
            Some(Frame::Header {
                path: p, key: k, ..
            }) => {
                *p = Some(path);
                *k = key;
            }
            Some(Frame::Inline(f)) => {
                if let Some(key) = key {
                    f.key = Some((path, key));
                }
            }
            _ => debug_assert!(false, "a key with nowhere to go"),
        }
    }

    /// `key = value` inside an inline table, at `,` or `}`.
    fn finish_inline_value(&mut self) {
        let Builder { stack, errors, .. } = self;
        let Some(Frame::Inline(f)) = stack.last_mut() else {
            return;
        };
        let Inline {
            table, key, value, ..
        } = &mut **f;
        let (Some((path, key)), Some(value)) = (key.take(), value.take()) else {
            return;
        };
        let Some(table) = descend_inline(table, &path, errors) else {
            return;
        };
        if table.dotted == path.is_empty() {
            errors.push(duplicate(&key, None));
            return;
        }
        match table.position(&key.name) {
            None => {
                table.push(key, value);
            }
            Some(i) => {
                let old = table.entries[i].0.span();
                errors.push(duplicate(&key, Some(span(old.start, old.end))));
            }
        }
    }

    /// A top-level (or header body) `key = value`.
    fn capture_key_value(&mut self, path: Vec<Key<'i>>, key: Key<'i>, value: Val<'i>) {
        let dotted = !path.is_empty();
        let Some(parent) = descend(&mut self.current, &path, dotted, &mut self.errors) else {
            return;
        };
        if dotted && !parent.implicit {
            self.errors.push(duplicate(&key, None));
            return;
        }
        match parent.position(&key.name) {
            None => {
                parent.push(key, value);
            }
            Some(i) => {
                let old = parent.entries[i].0.span();
                self.errors
                    .push(duplicate(&key, Some(span(old.start, old.end))));
            }
        }
    }

    /// Files the table just read under its header.
    fn finish_table(&mut self) {
        // The body was read into a scratch buffer; the next body reuses it.
        let mut scratch = std::mem::take(&mut self.current.entries);
        let mut prev = std::mem::take(&mut self.current);
        prev.entries = exact(&mut scratch);
        self.current.entries = scratch;
        let Some(header) = self.header.take() else {
            self.doc.root = prev;
            return;
        };
        let Some(key) = header.key else {
            return;
        };
        let prev = Val::new(header.start, header.end, Value::Table(Box::new(prev)));
        let Some(parent) = descend(&mut self.doc.root, &header.path, false, &mut self.errors)
        else {
            return;
        };
        if header.is_array {
            let i = match parent.position(&key.name) {
                Some(i) => i,
                None => parent.push(
                    key.clone(),
                    Val::new(header.start, header.end, Value::Tables(Box::default())),
                ),
            };
            let entry = &mut parent.entries[i].1;
            match &mut entry.value {
                Value::Tables(items) => items.push(prev),
                _ => {
                    let old = span(entry.start as usize, entry.end as usize);
                    self.errors.push(duplicate(&key, Some(old)));
                }
            }
        } else {
            match parent.position(&key.name) {
                Some(i) => parent.entries[i].1 = prev,
                None => {
                    parent.push(key, prev);
                }
            }
        }
    }

    /// A header was read: find (or reopen) its table.
    fn start_table(&mut self, header: Header<'i>) {
        if !header.is_array {
            let parent = descend(&mut self.doc.root, &header.path, false, &mut self.errors);
            if let (Some(parent), Some(key)) = (parent, &header.key)
                && let Some(i) = parent.position(&key.name)
            {
                let (old_key, old) = parent.remove(i);
                match old.value {
                    Value::Table(t) if t.implicit && !t.dotted => self.current = *t,
                    old => {
                        let was = old_key.span();
                        self.errors
                            .push(duplicate(key, Some(span(was.start, was.end))));
                        if let Value::Table(t) = old {
                            self.current = *t;
                        }
                    }
                }
            }
        }
        self.current.implicit = false;
        self.current.dotted = false;
        self.header = Some(header);
    }
}

/// Ends the key part being read, decoding it.
fn close_key<'i>(ks: &mut KeyState<'i>, source: Source<'i>, errors: &mut Vec<ParseError>) {
    let Some(e) = ks.current.take() else {
        return;
    };
    let raw = source.get(e).expect("token spans are valid");
    let mut name = Cow::Borrowed("");
    raw.decode_key(&mut name, errors);
    let key = Key {
        name,
        start: e.span().start() as u32,
        end: e.span().end() as u32,
    };
    if let Some(last) = ks.key.replace(key) {
        ks.path.push(last);
    }
}

/// Walks (creating implicit tables) down `path` from a document table.
fn descend<'t, 'i>(
    mut table: &'t mut Table<'i>,
    path: &[Key<'i>],
    dotted: bool,
    errors: &mut Vec<ParseError>,
) -> Option<&'t mut Table<'i>> {
    for key in path {
        let (i, fresh) = match table.position(&key.name) {
            Some(i) => (i, false),
            None => {
                let t = Table {
                    implicit: true,
                    dotted,
                    ..Table::default()
                };
                let v = Val::new(key.span().start, key.span().end, Value::Table(Box::new(t)));
                (table.push(key.clone(), v), true)
            }
        };
        let entry = &mut table.entries[i].1;
        let old = span(entry.start as usize, entry.end as usize);
        if fresh {
            let Value::Table(t) = &mut entry.value else {
                unreachable!("just inserted a table");
            };
            table = t;
            continue;
        }
        table = match &mut entry.value {
            Value::Array { .. } => {
                errors.push(cannot_extend("array", key, old));
                return None;
            }
            Value::Tables(items) => match items.last_mut() {
                Some(Val {
                    value: Value::Table(t),
                    ..
                }) => t,
                Some(last) => {
                    errors.push(cannot_extend(last.value.type_str(), key, old));
                    return None;
                }
                None => return None,
            },
            Value::Table(t) => {
                if t.inline {
                    let at = key.span();
                    errors.push(
                        ParseError::new(
                            "cannot extend value of type inline table with a dotted key",
                        )
                        .with_unexpected(span(at.start, at.end)),
                    );
                    return None;
                }
                if dotted && t.implicit {
                    t.dotted = true;
                }
                if dotted && !t.implicit {
                    errors.push(duplicate(key, None));
                    return None;
                }
                t
            }
            other => {
                errors.push(cannot_extend(other.type_str(), key, old));
                return None;
            }
        };
    }
    Some(table)
}

/// Walks down a dotted key inside an inline table.
fn descend_inline<'t, 'i>(
    mut table: &'t mut Table<'i>,
    path: &[Key<'i>],
    errors: &mut Vec<ParseError>,
) -> Option<&'t mut Table<'i>> {
    for key in path {
        let i = match table.position(&key.name) {
            Some(i) => i,
            None => {
                let t = Table {
                    implicit: true,
                    dotted: true,
                    inline: true,
                    ..Table::default()
                };
                let v = Val::new(key.span().start, key.span().end, Value::Table(Box::new(t)));
                table.push(key.clone(), v)
            }
        };
        let entry = &mut table.entries[i].1;
        let old = span(entry.start as usize, entry.end as usize);
        table = match &mut entry.value {
            Value::Table(t) => {
                if !t.implicit {
                    errors.push(duplicate(key, None));
                    return None;
                }
                t
            }
            other => {
                errors.push(cannot_extend(other.type_str(), key, old));
                return None;
            }
        };
    }
    Some(table)
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::StdTableOpen, None, span);
    }
    fn std_table_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::StdTableClose, None, span);
    }
    fn array_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::ArrayTableOpen, None, span);
    }
    fn array_table_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::ArrayTableClose, None, span);
    }
    fn inline_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) -> bool {
        self.push(EventKind::InlineTableOpen, None, span);
        true
    }
    fn inline_table_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::InlineTableClose, None, span);
    }
    fn array_open(&mut self, span: Span, _: &mut dyn ErrorSink) -> bool {
        self.push(EventKind::ArrayOpen, None, span);
        true
    }
    fn array_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::ArrayClose, None, span);
    }
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _: &mut dyn ErrorSink) {
        self.push(EventKind::SimpleKey, encoding, span);
    }
    fn key_sep(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::KeySep, None, span);
    }
    fn key_val_sep(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::KeyValSep, None, span);
    }
    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _: &mut dyn ErrorSink) {
        self.push(EventKind::Scalar, encoding, span);
    }
    fn value_sep(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::ValueSep, None, span);
    }
    fn whitespace(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::Whitespace, None, span);
    }
    fn comment(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::Comment, None, span);
    }
    fn newline(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::Newline, None, span);
    }
    fn error(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.push(EventKind::Error, None, span);
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::fmt::Write;
    use toml::de::{DeTable, DeValue};

    /// A canonical dump (keys sorted, spans shown) of `toml`'s tree.
    fn dump_de(v: &DeValue<'_>, out: &mut String) {
        match v {
            DeValue::String(s) => write!(out, "{s:?}").unwrap(),
            DeValue::Integer(i) => {
                write!(out, "{:?}", i64::from_str_radix(i.as_str(), i.radix()).ok()).unwrap()
            }
            DeValue::Float(f) => write!(out, "{:?}", parse_float(f.as_str())).unwrap(),
            DeValue::Boolean(b) => write!(out, "{b}").unwrap(),
            DeValue::Datetime(_) => out.push_str("datetime"),
            DeValue::Array(items) => {
                out.push('[');
                for item in items.iter() {
                    write!(out, "{:?}=", item.span()).unwrap();
                    dump_de(item.get_ref(), out);
                    out.push(',');
                }
                out.push(']');
            }
            DeValue::Table(t) => {
                out.push('{');
                for (k, v) in t.iter() {
                    write!(out, "{:?}@{:?}={:?}:", k.get_ref(), k.span(), v.span()).unwrap();
                    dump_de(v.get_ref(), out);
                    out.push(',');
                }
                out.push('}');
            }
        }
    }

    /// The same dump of ours.
    fn dump(doc: &Doc<'_>, v: &Value<'_>, out: &mut String) {
        match v {
            Value::String(s) => write!(out, "{:?}", &**s).unwrap(),
            Value::Integer(i) => write!(out, "{i:?}").unwrap(),
            Value::Float(f) => write!(out, "{f:?}").unwrap(),
            Value::Boolean(b) => write!(out, "{b}").unwrap(),
            Value::Datetime => out.push_str("datetime"),
            Value::Array { .. } | Value::Tables(_) => {
                out.push('[');
                for item in doc.array(v).unwrap() {
                    write!(out, "{:?}=", item.span()).unwrap();
                    dump(doc, item.get_ref(), out);
                    out.push(',');
                }
                out.push(']');
            }
            Value::Table(t) => dump_table(doc, t, out),
        }
    }

    fn dump_table(doc: &Doc<'_>, t: &Table<'_>, out: &mut String) {
        let mut entries: Vec<_> = t.iter().collect();
        entries.sort_by(|a, b| a.0.get_ref().cmp(b.0.get_ref()));
        out.push('{');
        for (k, v) in entries {
            write!(out, "{:?}@{:?}={:?}:", k.get_ref(), k.span(), v.span()).unwrap();
            dump(doc, v.get_ref(), out);
            out.push(',');
        }
        out.push('}');
    }

    /// A canonical tree dump, or every error as (message, span).
    type Outcome = Result<String, Vec<(String, Option<Range<usize>>)>>;

    /// What `toml` makes of `text`.
    fn reference(text: &str) -> Outcome {
        let (doc, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            let mut out = String::new();
            dump_de(&DeValue::Table(doc.into_inner()), &mut out);
            Ok(out)
        } else {
            Err(errors
                .iter()
                .map(|e| (e.message().to_string(), e.span()))
                .collect())
        }
    }

    fn ours(text: &str, chunk: usize) -> Outcome {
        match parse_with(text, chunk) {
            Ok(doc) => {
                let mut out = String::new();
                dump_table(&doc, &doc.root, &mut out);
                Ok(out)
            }
            Err(errors) => Err(errors
                .iter()
                .map(|e| (message(e), e.unexpected().map(|s| s.start()..s.end())))
                .collect()),
        }
    }

    /// Same tree, or same errors, as `toml` — lexing in one piece, and in
    /// the smallest chunks (a split at every top-level newline).
    fn check(text: &str) {
        let want = reference(text);
        for chunk in [CHUNK, 1] {
            assert_eq!(ours(text, chunk), want, "chunk {chunk}, input:\n{text}");
        }
    }

    const VALID: &[&str] = &[
        "",
        "# only a comment\n",
        "a = 1\nb = 0x0 \nc = 0o17\nd = 0b101\ne = 1_000\nf = +7\ng = 99999999999999999999",
        "f1 = 1.5\nf2 = -1e400\nf3 = nan\nf4 = +inf\nf5 = -inf\nf6 = 6.626e-34\nf7 = 1_0.0_1",
        "t = true\nf = false",
        "d1 = 1979-05-27T07:32:00Z\nd2 = 1979-05-27\nd3 = 07:32:00\nd4 = 1979-05-27T00:32:00.999999-07:00",
        r#"s1 = "tab\there \"q\" \\ \u00e9 \U0001F600"
s2 = 'C:\path\no escapes'
s3 = """
multi
  line \
  joined"""
s4 = '''
raw "multi"
line'''
"quoted key" = 1
'literal key' = 2
"esc\u0041ped" = 3
"" = 4
"#,
        "a.b.c = 1\na.b.d = 2\na.e = 3\n\"x.y\".z = 4\n a . f = 5",
        "[t]\nx = 1\n[t.sub]\ny = 2\n[u.v.w]\nz = 3\n[u]\nq = 4",
        "[[steps]]\nid = \"a\"\n[[steps.resources]]\ntitle = \"r1\"\n[[steps.resources]]\ntitle = \"r2\"\n[steps.meta]\nk = 1\n[[steps]]\nid = \"b\"\n[[steps.resources]]\ntitle = \"r3\"",
        "i = { a = 1, b.c = [1, [2, [3]]], d = { e = 'f' } }\nj = []\nk = [ { x = 1 }, { y = [] } ]",
        "arr = [\n  1, # one\n  2,\n  [\n    \"nested\",\n  ],\n]\n[next]\nk = \"v\"",
        "a = 1\r\nb = 2\r\n[c]\r\nd = 3\r\n",
        "\u{feff}bom = 1",
        "x = { }\ny = {a=1,}\n",
    ];

    const INVALID: &[&str] = &[
        "a = 1\na = 2",
        "[t]\n[t]",
        "[t]\nx = 1\n[t.x]",
        "a = [1]\n[[a]]",
        "[[a]]\n[a]",
        "a = {x = 1}\n[a.b]",
        "a = {x = 1}\na.y = 2",
        "a.b = 1\n[a]\nc = 2",
        "[a.b]\nx = 1\n[a]\nb.y = 2",
        "a = 1\na.b = 2",
        "i = { a = 1, a = 2 }",
        "i = { a.b = 1, a = 2 }",
        "i = { a = {}, a.b = 1 }",
        "hours = ten",
        "tags = [\"a\", \"b\"",
        "title = \"unclosed\n[[phases]]\nid = \"x\"",
        "[unclosed\nx = 1",
        "[[unclosed]\nx = 1",
        "a = \nb = 1",
        "= 1",
        "a b = 1",
        "a = 1 2",
        "a = \"\\q\"",
        "a = 1979-13-45",
        "a = -0x1",
        "\"\"\"ml key\"\"\" = 1",
        "a = [1,,2]",
        "a = {b = 1,, c = 2}",
        "a = { b = 1\nc = 2",
        "]]\nx = 1",
        "a = \"\u{7}bell\"",
        "# comment \u{0}\n",
        "a = 1\rb = 2",
        "[a]\n[a.b]\n[a]",
        "a.b.c = 1\na.b = 2",
    ];

    #[test]
    fn valid_documents_match_toml() {
        for text in VALID {
            assert!(reference(text).is_ok(), "not valid TOML: {text}");
            check(text);
        }
    }

    #[test]
    fn errors_match_toml() {
        for text in INVALID {
            assert!(reference(text).is_err(), "valid TOML: {text}");
            check(text);
        }
    }

    #[test]
    fn keys_borrow_unless_escaped() {
        let doc = parse("plain = 1\n\"q\" = 2\n\"e\\u0041\" = 3").unwrap();
        let keys: Vec<_> = doc.root.iter().map(|(k, _)| &k.name).collect();
        assert!(matches!(keys[0], Cow::Borrowed("plain")));
        assert!(matches!(keys[1], Cow::Borrowed("q")));
        assert!(matches!(keys[2], Cow::Owned(s) if s == "eA"));
    }

    #[test]
    fn big_tables_are_indexed() {
        let mut text: String = (0..1000).map(|i| format!("k{i} = {i}\n")).collect();
        let doc = parse(&text).unwrap();
        assert!(doc.root.index.is_some());
        assert!(matches!(
            doc.root.get("k999").unwrap().value,
            Value::Integer(Some(999))
        ));
        assert!(doc.root.get("k1000").is_none());
        text.push_str("k500 = 1\n");
        check(&text);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        for n in [79, 80, 81, 10_000] {
            check(&format!("a = {}", "[".repeat(n)));
            check(&format!("a = {}1{}", "[".repeat(n), "]".repeat(n)));
            check(&format!("a = {}", "{ b = ".repeat(n)));
            check(&format!("{} = 1", vec!["k"; n].join(".")));
        }
    }

    /// A document using most of TOML, to mangle.
    const RICH: &str = r#"# A roadmap-like document
id = "rich"
title = "Rich \u00e9 \"doc\""
dotted.key = 'lit'
dotted.other = """multi
line"""
nums = [1, 0x1F, 1e3, -inf, nan, 2024-01-01]
inline = { a = 1, b.c = [true, false], d = {} }

[[phases]]
id = "p1"
title = 'Phase'

[origin]
site = "x"
sub.deep = 1

[[steps]]
id = "s1"
requires = [
  "a", # comment
  "b",
]
[[steps.resources]]
title = "r"
url = "https://example.org"

[[steps]]
id = "s2"
tags = [["nested"], []]
"#;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn mangled_documents_match_toml(cut_at in 0usize..600, cut_len in 0usize..30, insert in "[\\[\\]{}=.,\"'#\n a-z0-9]{0,4}") {
            let mut at = cut_at.min(RICH.len());
            while !RICH.is_char_boundary(at) { at -= 1; }
            let mut end = (at + cut_len).min(RICH.len());
            while !RICH.is_char_boundary(end) { end -= 1; }
            let text = format!("{}{}{}", &RICH[..at], insert, &RICH[end..]);
            let want = reference(&text);
            for chunk in [CHUNK, 1] {
                prop_assert_eq!(ours(&text, chunk), want.clone(), "chunk {}, input:\n{}", chunk, text);
            }
        }

        #[test]
        fn arbitrary_text_matches_toml(text in "[\\[\\]{}=.,\"'#\n\t a-c0-9\\\\]{0,40}") {
            let want = reference(&text);
            for chunk in [CHUNK, 1] {
                prop_assert_eq!(ours(&text, chunk), want.clone(), "chunk {}, input:\n{}", chunk, text);
            }
        }
    }
}
