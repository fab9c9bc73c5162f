//! The user's config file, `$XDG_CONFIG_HOME/waymark/config.toml` (or `--config FILE` /
//! `WAYMARK_CONFIG`): parsed and checked here, with no other effect. Every mistake is a
//! [`Problem`] with line:col, rendered like a roadmap's; a line with a mistake is
//! ignored and the rest of the file still applies, so a broken config never stops
//! waymark from starting.
//!
//! A little over 500 lines: every section's checks share one `Parser` so that each
//! message is located and worded the same way; splitting it would scatter that.

use crate::app::Action;
use crate::app::keymap::{Key, Mode};
use crate::app::keys::{self, KeyOverrides};
use crate::catalog::{Problem, ProblemKind, is_slug, render_problem};
use crate::ui::Palette;
use crate::ui::palette::{NAMES, SLOTS};
use chrono::Weekday;
use ratatui::style::Color;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What the config sets; every field has the default waymark uses without a config.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// CLI commands accept a bare step id of this roadmap.
    pub default_roadmap: Option<String>,
    /// Hours per week when the database has none.
    pub pace: Option<f64>,
    /// The built-in theme the file names (`None`: not set, the TUI is dark) and the
    /// palette after `[colors]`. Kept apart from the palette because `waymark card`
    /// follows it only when it is said.
    pub theme: Option<String>,
    pub palette: Palette,
    pub keys: KeyOverrides,
    /// The program (and its first arguments) that opens a link; the URL is appended.
    pub open_command: Option<Vec<String>>,
    pub review: bool,
    pub week_start: Weekday,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_roadmap: None,
            pace: None,
            theme: None,
            palette: Palette::dark(),
            keys: KeyOverrides::default(),
            open_command: None,
            review: true,
            week_start: Weekday::Mon,
        }
    }
}

const TOP_KEYS: [&str; 8] = [
    "default_roadmap",
    "pace",
    "theme",
    "colors",
    "keys",
    "open_command",
    "review",
    "week_start",
];

/// Action names that became several: (mode, old name, the new ones). A config using
/// the old name gets a problem naming the new ones rather than a bare "unknown key".
const SPLIT: [(Mode, &str, &[&str]); 1] = [(Mode::Review, "answer", &["good", "hard", "forgot"])];

/// A config file as read: where from, its text, and what was wrong with it.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    /// `None`: no config file (defaults).
    pub path: Option<PathBuf>,
    pub text: String,
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// Every problem rendered like `waymark validate` does, then what happened to them.
    pub fn report(&self) -> Option<String> {
        if self.problems.is_empty() {
            return None;
        }
        let file = self
            .path
            .as_deref()
            .map_or_else(|| "config.toml".into(), |p| p.display().to_string());
        let mut out: String = self
            .problems
            .iter()
            .map(|p| render_problem(&file, &self.text, p))
            .collect::<Vec<_>>()
            .join("\n");
        let lines: Vec<String> = self.problems.iter().map(|p| p.line.to_string()).collect();
        out.push_str(&format!(
            "note: {file}: ignored line(s) {}; the defaults apply there\n",
            lines.join(", ")
        ));
        Some(out)
    }
}

/// `$XDG_CONFIG_HOME/waymark/config.toml` (the platform's config dir elsewhere).
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.config_dir().join("waymark").join("config.toml"))
}

/// Reads the config: `explicit` (from `--config` / `WAYMARK_CONFIG`) or the default
/// path. A missing default file means defaults; a missing or unreadable explicit file,
/// or an unreadable default one, is a problem too, and defaults apply.
pub fn load(explicit: Option<&Path>) -> Loaded {
    let (path, must_exist) = match explicit {
        Some(p) => (Some(p.to_path_buf()), true),
        None => (default_path(), false),
    };
    let Some(path) = path else {
        return Loaded::default();
    };
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let (config, problems) = parse(&text);
                Loaded {
                    config,
                    path: Some(path),
                    text,
                    problems,
                }
            }
            Err(e) => one_problem(path, ProblemKind::Encoding, format!("not UTF-8: {e}")),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => Loaded::default(),
        Err(e) => one_problem(
            path,
            ProblemKind::Io,
            format!("cannot read the config: {e}"),
        ),
    }
}

fn one_problem(path: PathBuf, kind: ProblemKind, message: String) -> Loaded {
    Loaded {
        config: Config::default(),
        path: Some(path),
        text: String::new(),
        problems: vec![Problem {
            kind,
            message,
            line: 1,
            col: 1,
            span: 0..0,
            help: None,
        }],
    }
}

/// Parses a config text. Never fails: what cannot be used is a problem and is skipped.
pub fn parse(text: &str) -> (Config, Vec<Problem>) {
    let mut p = Parser {
        text,
        problems: Vec::new(),
    };
    let (table, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        p.push(
            ProblemKind::Syntax,
            span,
            e.message().trim().to_string(),
            None,
        );
    }
    let mut config = Config::default();
    let mut colors = None;
    for (k, v) in table.get_ref().iter() {
        let key = k.get_ref().as_ref();
        match key {
            "default_roadmap" => {
                if let Some(s) = p.string(key, v) {
                    if is_slug(s) {
                        config.default_roadmap = Some(s.to_string());
                    } else {
                        p.bad(
                            v,
                            format!("`default_roadmap` {s:?} is not a roadmap id"),
                            None,
                        );
                    }
                }
            }
            "pace" => config.pace = p.pace(v),
            "theme" => {
                if let Some(s) = p.string(key, v) {
                    match Palette::named(s) {
                        Some(pal) => {
                            config.theme = Some(s.to_string());
                            config.palette = pal;
                        }
                        None => p.bad(
                            v,
                            format!("unknown theme {s:?}"),
                            Some(format!("themes: {}", NAMES.join(", "))),
                        ),
                    }
                }
            }
            "colors" => colors = p.table(key, v),
            "keys" => {
                if let Some(t) = p.table(key, v) {
                    config.keys = p.keys(t);
                }
            }
            "open_command" => config.open_command = p.command(v),
            "review" => match v.get_ref() {
                DeValue::Boolean(b) => config.review = *b,
                _ => p.wrong_type(key, v, "true or false"),
            },
            "week_start" => {
                if let Some(s) = p.string(key, v) {
                    match s.parse::<Weekday>() {
                        Ok(d) => config.week_start = d,
                        Err(_) => p.bad(
                            v,
                            format!("{s:?} is not a day of the week"),
                            Some("e.g. \"monday\" or \"sunday\"".into()),
                        ),
                    }
                }
            }
            _ => p.unknown(k, &TOP_KEYS, "the config"),
        }
    }
    // After `theme`, whatever the order in the file: overrides apply to the theme chosen.
    if let Some(t) = colors {
        p.colors(t, &mut config.palette);
    }
    p.problems.sort_by_key(|p| p.span.start);
    (config, p.problems)
}

struct Parser<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl Parser<'_> {
    fn push(
        &mut self,
        kind: ProblemKind,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) {
        let start = span.start.min(self.text.len());
        let before = &self.text[..floor(self.text, start)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        self.problems.push(Problem {
            kind,
            message,
            line,
            col,
            span,
            help,
        });
    }

    fn bad(&mut self, v: &Value, message: String, help: Option<String>) {
        self.push(ProblemKind::BadValue, v.span(), message, help);
    }

    fn wrong_type(&mut self, key: &str, v: &Value, want: &str) {
        let got = v.get_ref().type_str();
        self.push(
            ProblemKind::WrongType,
            v.span(),
            format!("`{key}` must be {want}, not {got}"),
            None,
        );
    }

    fn unknown(&mut self, k: &Spanned<std::borrow::Cow<str>>, known: &[&str], place: &str) {
        let name = k.get_ref().as_ref();
        let close = closest(name, known);
        let help = match close {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("keys of {place}: {}", known.join(", ")),
        };
        self.push(
            ProblemKind::UnknownKey,
            k.span(),
            format!("unknown key `{name}` in {place}"),
            Some(help),
        );
    }

    fn string<'v>(&mut self, key: &str, v: &'v Value) -> Option<&'v str> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(key, v, "a string");
                None
            }
        }
    }

    fn table<'v, 'i>(&mut self, key: &str, v: &'v Value<'i>) -> Option<&'v DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, v, "a table");
                None
            }
        }
    }

    fn pace(&mut self, v: &Value) -> Option<f64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type("pace", v, "a number of hours per week");
                return None;
            }
        };
        match n {
            Some(h) if h.is_finite() && h > 0.0 && h <= 168.0 => Some(h),
            _ => {
                self.bad(
                    v,
                    "`pace` must be more than 0 and at most 168 hours per week".into(),
                    None,
                );
                None
            }
        }
    }

    fn command(&mut self, v: &Value) -> Option<Vec<String>> {
        let words: Vec<String> = match v.get_ref() {
            DeValue::String(s) => s.split_whitespace().map(String::from).collect(),
            DeValue::Array(a) => {
                let mut out = Vec::new();
                for item in a {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(s.to_string()),
                        _ => {
                            self.wrong_type("open_command", item, "a string");
                            return None;
                        }
                    }
                }
                out
            }
            _ => {
                self.wrong_type("open_command", v, "a string or an array of strings");
                return None;
            }
        };
        if words.is_empty() || words[0].is_empty() {
            self.bad(v, "`open_command` names no program".into(), None);
            return None;
        }
        Some(words)
    }

    fn colors(&mut self, t: &DeTable, palette: &mut Palette) {
        for (k, v) in t.iter() {
            let slot = k.get_ref().as_ref();
            let Some(target) = palette.slot_mut(slot) else {
                self.unknown(k, &SLOTS, "[colors]");
                continue;
            };
            let Some(s) = self.string(slot, v) else {
                continue;
            };
            match s.parse::<Color>() {
                Ok(c) => *target = c,
                Err(_) => self.bad(
                    v,
                    format!("{s:?} is not a colour"),
                    Some(
                        "a name (\"red\", \"light-blue\", \"dark-gray\", \"reset\"), \
                         \"#rrggbb\" or a 256-colour index (\"208\")"
                            .into(),
                    ),
                ),
            }
        }
    }

    /// `[keys]`: main-view actions directly, other modes as sub-tables. Rebindings that
    /// collide with another action are dropped (that action keeps its defaults).
    fn keys(&mut self, t: &DeTable) -> KeyOverrides {
        let mut wanted: Vec<(Mode, Action, Vec<Key>, Range<usize>)> = Vec::new();
        let mode_names: Vec<&str> = Mode::ALL
            .iter()
            .filter(|m| **m != Mode::Main)
            .map(|m| keys::mode_name(*m))
            .collect();
        for (k, v) in t.iter() {
            let name = k.get_ref().as_ref();
            if let DeValue::Table(sub) = v.get_ref() {
                let Some(mode) = Mode::ALL
                    .into_iter()
                    .find(|m| *m != Mode::Main && keys::mode_name(*m) == name)
                else {
                    self.unknown(k, &mode_names, "[keys]");
                    continue;
                };
                for (k2, v2) in sub.iter() {
                    let place = format!("[keys.{name}]");
                    if let Some(w) = self.binding(mode, k2, v2, &place) {
                        wanted.push(w);
                    }
                }
            } else if let Some(w) = self.binding(Mode::Main, k, v, "[keys]") {
                wanted.push(w);
            }
        }
        let mut out = KeyOverrides::default();
        for (mode, action, keys, _) in &wanted {
            out.set(*mode, action.clone(), keys.clone());
        }
        // Drop the first conflicting rebinding until none is left: each drop restores
        // that action's defaults, which may in turn collide with a later rebinding.
        while let Some((mode, action, span, key, other)) = wanted.iter().find_map(|(m, a, _, s)| {
            out.conflict(*m, a)
                .map(|(key, other)| (*m, a.clone(), s.clone(), key, other))
        }) {
            out.remove(mode, &action);
            wanted.retain(|(m, a, _, _)| !(*m == mode && *a == action));
            self.push(
                ProblemKind::KeyConflict,
                span,
                format!(
                    "`{}` is also bound to `{}` in {}; `{}` keeps its default keys",
                    crate::app::keymap::key_label(&key),
                    keys::action_name(&other.action),
                    mode.title(),
                    keys::action_name(&action),
                ),
                Some(format!(
                    "rebind `{}` too, or pick another key",
                    keys::action_name(&other.action)
                )),
            );
        }
        out
    }

    fn binding(
        &mut self,
        mode: Mode,
        k: &Spanned<std::borrow::Cow<str>>,
        v: &Value,
        place: &str,
    ) -> Option<(Mode, Action, Vec<Key>, Range<usize>)> {
        let name = k.get_ref().as_ref();
        if let Some((_, _, now)) = SPLIT.iter().find(|(m, old, _)| *m == mode && *old == name) {
            let names: Vec<String> = now.iter().map(|n| format!("`{n}`")).collect();
            self.push(
                ProblemKind::UnknownKey,
                k.span(),
                format!("`{name}` in {place} is now {} actions", now.len()),
                Some(format!(
                    "did you mean {}? e.g. {} = \"g\"",
                    names.join(", "),
                    now[0]
                )),
            );
            return None;
        }
        let actions = keys::actions(mode);
        let Some((_, b)) = actions.iter().find(|(n, _)| n == name) else {
            let names: Vec<&str> = actions.iter().map(|(n, _)| n.as_str()).collect();
            let mut known = names.clone();
            if mode == Mode::Main {
                known.extend(Mode::ALL.iter().skip(1).map(|m| keys::mode_name(*m)));
            }
            self.unknown(k, &known, place);
            return None;
        };
        let items: Vec<&Value> = match v.get_ref() {
            DeValue::String(_) => vec![v],
            DeValue::Array(a) => a.iter().collect(),
            _ => {
                self.wrong_type(name, v, "a key or an array of keys");
                return None;
            }
        };
        let mut keys_out = Vec::new();
        for item in items {
            let s = self.string(name, item)?;
            match keys::parse_key(s) {
                Ok(key) if !keys_out.contains(&key) => keys_out.push(key),
                Ok(_) => {}
                Err(e) => {
                    self.bad(item, e, None);
                    return None;
                }
            }
        }
        if keys_out.is_empty() {
            self.bad(v, format!("`{name}` needs at least one key"), None);
            return None;
        }
        Some((
            mode,
            b.action.clone(),
            keys_out,
            k.span().start..v.span().end,
        ))
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .filter(|(s, _)| *s >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests;
