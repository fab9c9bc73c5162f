//! The user's rebindings (config `[keys]`) laid over the one key table in [`keymap`]:
//! an action keeps its default keys unless rebound. Names come from the table itself
//! (`ToggleDone` → `toggle_done`), so every bound action can be rebound and no second
//! list of actions exists.

use super::action::Action;
use super::keymap::{BINDINGS, Binding, Key, Mode};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// Rebound keys per (mode, action). Empty: the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyOverrides(Vec<(Mode, Action, Vec<Key>)>);

/// No rebinding: the table as written.
pub static DEFAULTS: KeyOverrides = KeyOverrides(Vec::new());

impl KeyOverrides {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Rebinds `action` in `mode`, replacing an earlier rebinding of it.
    pub fn set(&mut self, mode: Mode, action: Action, keys: Vec<Key>) {
        self.remove(mode, &action);
        self.0.push((mode, action, keys));
    }

    pub fn remove(&mut self, mode: Mode, action: &Action) {
        self.0.retain(|(m, a, _)| !(*m == mode && a == action));
    }

    /// The keys a binding has under these overrides.
    pub fn keys_of<'a>(&'a self, b: &'a Binding) -> &'a [Key] {
        self.0
            .iter()
            .find(|(m, a, _)| *m == b.mode && *a == b.action)
            .map_or(b.keys, |(_, _, keys)| keys.as_slice())
    }

    /// Another action of the same mode that one of `action`'s keys also triggers:
    /// (the key, the other binding).
    pub fn conflict(&self, mode: Mode, action: &Action) -> Option<(Key, &'static Binding)> {
        let mine = BINDINGS
            .iter()
            .find(|b| b.mode == mode && b.action == *action)?;
        let keys = self.keys_of(mine);
        BINDINGS
            .iter()
            .filter(|b| b.mode == mode && b.action != *action)
            .find_map(|b| {
                let theirs = self.keys_of(b);
                keys.iter().find(|k| theirs.contains(k)).map(|k| (*k, b))
            })
    }
}

/// `toggle_done` for `Action::ToggleDone`: the name the config uses.
pub fn action_name(a: &Action) -> String {
    let debug = format!("{a:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            break;
        }
    }
    out
}

/// The actions of a mode's bindings, by config name, in table order.
pub fn actions(mode: Mode) -> Vec<(String, &'static Binding)> {
    BINDINGS
        .iter()
        .filter(|b| b.mode == mode)
        .map(|b| (action_name(&b.action), b))
        .collect()
}

/// The config name of a mode: `[keys.search]`. The main view's actions sit directly
/// under `[keys]`.
pub fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Main => "main",
        Mode::Help => "help",
        Mode::Search => "search",
        Mode::Filter => "filter",
        Mode::Checklist => "checklist",
        Mode::Picker => "picker",
        Mode::Confirm => "confirm",
        Mode::Links => "links",
        Mode::About => "about",
        Mode::Stats => "stats",
        Mode::Review => "review",
        Mode::Chart => "chart",
    }
}

/// Parses `j`, `J`, `space`, `enter`, `ctrl-d`, `alt-x`, `f5`, `pgdn`, `shift-tab`…
pub fn parse_key(text: &str) -> Result<Key, String> {
    let lower = text.to_ascii_lowercase();
    let (mods, rest) = if let Some(r) = ["ctrl-", "c-"].iter().find_map(|p| strip(text, p)) {
        (KeyModifiers::CONTROL, r)
    } else if let Some(r) = ["alt-", "m-", "a-"].iter().find_map(|p| strip(text, p)) {
        (KeyModifiers::ALT, r)
    } else {
        (KeyModifiers::NONE, text)
    };
    let mut chars = rest.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        if c.is_control() {
            return Err(format!("{text:?} is a control character, not a key name"));
        }
        // Ctrl with a letter arrives lower-cased (see `keymap::normalise`).
        let c = if mods == KeyModifiers::CONTROL {
            c.to_ascii_lowercase()
        } else {
            c
        };
        return Ok(Key {
            code: KeyCode::Char(c),
            mods,
        });
    }
    let name = &lower[lower.len() - rest.len()..];
    let code = match name {
        "space" => KeyCode::Char(' '),
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "backspace" | "bksp" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "backtab" | "shift-tab" | "s-tab" if mods.is_empty() => {
            return Ok(Key {
                code: KeyCode::BackTab,
                mods: KeyModifiers::SHIFT,
            });
        }
        f if f.len() > 1
            && f.starts_with('f')
            && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
        {
            KeyCode::F(f[1..].parse().unwrap_or(1))
        }
        _ => {
            return Err(format!(
                "unknown key {text:?}; use a character (`j`, `J`, `?`), a name (space, enter, \
                 esc, tab, shift-tab, up, down, left, right, home, end, pgup, pgdn, \
                 backspace, delete, f1–f12) or ctrl-/alt- with one of them"
            ));
        }
    };
    Ok(Key { code, mods })
}

fn strip<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    (head.eq_ignore_ascii_case(prefix) && text.len() > prefix.len()).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_table() {
        assert_eq!(action_name(&Action::ToggleDone), "toggle_done");
        assert_eq!(action_name(&Action::Input('x')), "input");
        let main: Vec<String> = actions(Mode::Main).into_iter().map(|(n, _)| n).collect();
        assert!(main.contains(&"mark_phase_done".to_string()), "{main:?}");
    }

    #[test]
    fn key_names_parse() {
        assert_eq!(parse_key("j").unwrap().code, KeyCode::Char('j'));
        assert_eq!(parse_key("J").unwrap().code, KeyCode::Char('J'));
        let k = parse_key("Ctrl-D").unwrap();
        assert_eq!(
            (k.code, k.mods),
            (KeyCode::Char('d'), KeyModifiers::CONTROL)
        );
        assert_eq!(parse_key("space").unwrap().code, KeyCode::Char(' '));
        assert_eq!(parse_key("PgDn").unwrap().code, KeyCode::PageDown);
        assert_eq!(parse_key("f5").unwrap().code, KeyCode::F(5));
        assert_eq!(parse_key("shift-tab").unwrap().code, KeyCode::BackTab);
        assert!(parse_key("hyper-x").is_err());
        assert!(parse_key("f13").is_err());
        assert!(parse_key("").is_err());
    }

    #[test]
    fn a_rebinding_onto_a_used_key_is_a_conflict_until_the_other_moves() {
        let mut o = KeyOverrides::default();
        o.set(Mode::Main, Action::Quit, vec![parse_key("j").unwrap()]);
        let (key, other) = o.conflict(Mode::Main, &Action::Quit).unwrap();
        assert_eq!(
            (key.code, &other.action),
            (KeyCode::Char('j'), &Action::Down)
        );
        o.set(Mode::Main, Action::Down, vec![parse_key("ctrl-n").unwrap()]);
        assert!(o.conflict(Mode::Main, &Action::Quit).is_none());
    }
}
