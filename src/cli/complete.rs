//! Shell completion that knows the data: roadmap ids, `ROADMAP/step` ids, tags and filter
//! keys. The shells call back into the binary (`COMPLETE=bash waymark -- waymark …`,
//! clap_complete's dynamic engine); these functions give the candidates for one word.
//!
//! A completer sees only the word being completed, not the other arguments, so the user
//! roadmap folder comes from `WAYMARK_ROADMAPS` or the default, not from `--roadmaps`.

use crate::catalog::{self, Catalog};
use crate::model::{Kind, Level, filter};
use clap_complete::engine::CompletionCandidate;
use std::ffi::OsStr;
use std::path::PathBuf;

/// The environment variable that turns a run into a completion request.
pub const VAR: &str = "COMPLETE";

fn catalog() -> Catalog {
    let dir = std::env::var_os("WAYMARK_ROADMAPS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(catalog::default_user_dir);
    catalog::load(dir.as_deref())
}

fn matching(prefix: &str, words: impl IntoIterator<Item = String>) -> Vec<CompletionCandidate> {
    let mut out: Vec<String> = words
        .into_iter()
        .filter(|w| w.starts_with(prefix))
        .collect();
    out.sort();
    out.dedup();
    out.into_iter().map(CompletionCandidate::new).collect()
}

/// Roadmap ids.
pub fn roadmap(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(cur) = current.to_str() else {
        return Vec::new();
    };
    let cat = catalog();
    matching(cur, cat.roadmaps.iter().map(|l| l.roadmap.id.clone()))
}

/// `ROADMAP/step`: roadmap ids with a slash until one is chosen, then its step ids;
/// bare step ids of the config's `default_roadmap` too.
pub fn step(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(cur) = current.to_str() else {
        return Vec::new();
    };
    let cat = catalog();
    let config = std::env::var_os("WAYMARK_CONFIG")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let default = crate::config::load(config.as_deref())
        .config
        .default_roadmap;
    step_words(&cat, cur, default.as_deref())
}

fn step_words(cat: &Catalog, cur: &str, default: Option<&str>) -> Vec<CompletionCandidate> {
    if let Some((r, _)) = cur.split_once('/') {
        let Some(l) = cat.get(r) else {
            return Vec::new();
        };
        return matching(cur, l.roadmap.steps.iter().map(|s| format!("{r}/{}", s.id)));
    }
    let mut words: Vec<String> = cat
        .roadmaps
        .iter()
        .map(|l| format!("{}/", l.roadmap.id))
        .collect();
    if let Some(l) = default.and_then(|d| cat.get(d)) {
        words.extend(l.roadmap.steps.iter().map(|s| s.id.clone()));
    }
    matching(cur, words)
}

/// Filter terms: `key:` first, then the values of that key; a leading `-` negates.
pub fn filter_term(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(cur) = current.to_str() else {
        return Vec::new();
    };
    let (neg, body) = match cur.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", cur),
    };
    let Some((key, _)) = body.split_once(':') else {
        return matching(cur, filter::KEYS.iter().map(|k| format!("{neg}{k}:")));
    };
    let values: Vec<String> = match key {
        "tag" | "phase" | "topic" => {
            let cat = catalog();
            let rs = cat.roadmaps.iter().map(|l| &l.roadmap);
            match key {
                // Tags match case-insensitively; offer each once, lower-cased.
                "tag" => rs
                    .flat_map(|r| r.steps.iter().flat_map(|s| s.tags.iter()))
                    .map(|t| t.to_lowercase())
                    .collect(),
                "phase" => rs
                    .flat_map(|r| r.phases.iter().map(|p| p.id.clone()))
                    .collect(),
                _ => rs
                    .flat_map(|r| r.steps.iter().flat_map(|s| s.topics.clone()))
                    .collect(),
            }
        }
        "level" => Level::ALL.iter().map(|l| l.as_str().to_string()).collect(),
        "kind" => Kind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .chain(["none".to_string()])
            .collect(),
        "status" => [
            "todo",
            "in-progress",
            "done",
            "skipped",
            "not-needed",
            "open",
            "closed",
        ]
        .map(String::from)
        .to_vec(),
        "optional" => vec!["yes".into(), "no".into()],
        "is" => vec!["next".into(), "blocked".into(), "ready".into()],
        _ => Vec::new(),
    };
    matching(
        &cur.to_lowercase(),
        values.into_iter().map(|v| format!("{neg}{key}:{v}")),
    )
}

/// The script a shell sources to get these completions (what `COMPLETE=SHELL waymark`
/// prints): it calls `waymark` back for every completion.
pub fn registration(shell: clap_complete::Shell) -> anyhow::Result<String> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| anyhow::anyhow!("no dynamic completion for {name}"))?;
    let mut buf = Vec::new();
    completer.write_registration(VAR, "waymark", "waymark", "waymark", &mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(c: Vec<CompletionCandidate>) -> Vec<String> {
        c.iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn step_words_complete_roadmaps_then_steps_then_default_bare_ids() {
        let cat = catalog::load(None);
        let got = values(step_words(&cat, "backend-st", None));
        assert_eq!(got, ["backend-steps/"]);
        let got = values(step_words(&cat, "backend-steps/http", None));
        assert_eq!(got, ["backend-steps/http-and-https"]);
        let got = values(step_words(&cat, "http", Some("backend-steps")));
        assert_eq!(got, ["http-and-https"]);
        assert!(values(step_words(&cat, "nope/x", None)).is_empty());
    }
}
