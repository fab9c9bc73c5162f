//! `waymark paths`: every file and folder waymark uses, and whether each exists.

use super::{GlobalArgs, context};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Serialize)]
struct Entry {
    what: &'static str,
    path: Option<PathBuf>,
    exists: bool,
    /// Where the path came from: an option, an environment variable or the default.
    from: &'static str,
}

fn entry(what: &'static str, path: Option<PathBuf>, from: &'static str) -> Entry {
    let exists = path.as_deref().is_some_and(|p| p.exists());
    Entry {
        what,
        path,
        exists,
        from,
    }
}

/// `--x` and `WAYMARK_X` land in the same field; tell them apart for the reader.
fn origin(set: bool, var: &str) -> &'static str {
    match (set, std::env::var_os(var).is_some_and(|v| !v.is_empty())) {
        (false, _) => "default",
        (true, true) => "environment",
        (true, false) => "option",
    }
}

pub(super) fn paths(g: &GlobalArgs, json: bool) -> anyhow::Result<ExitCode> {
    let dirs = directories::BaseDirs::new();
    let entries = [
        entry(
            "config",
            g.config.clone().or_else(crate::config::default_path),
            origin(g.config.is_some(), "WAYMARK_CONFIG"),
        ),
        entry(
            "database",
            context::db_path(g).ok(),
            origin(g.db.is_some(), "WAYMARK_DB"),
        ),
        entry(
            "roadmaps",
            context::user_dir(g),
            origin(g.roadmaps.is_some(), "WAYMARK_ROADMAPS"),
        ),
        entry(
            "cache",
            dirs.map(|d| d.cache_dir().join("waymark")),
            "default",
        ),
    ];
    if json {
        return context::write_out(&format!("{}\n", serde_json::to_string_pretty(&entries)?));
    }
    let mut out = String::new();
    for e in &entries {
        let path = e.path.as_deref().map_or_else(
            || "(no home folder)".to_string(),
            |p| p.display().to_string(),
        );
        let state = if e.exists { "exists" } else { "missing" };
        out.push_str(&format!(
            "{:<9} {}  ({state}, {})\n",
            e.what,
            crate::sanitize::inert(&path),
            e.from
        ));
    }
    context::write_out(&out)
}
