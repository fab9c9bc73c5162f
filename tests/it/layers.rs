//! The layer rule of docs/architecture.md, checked on the source: a module under `src/`
//! may name (`crate::x`, `use crate::{x, …}`, `super::x` up to the crate root) only
//! modules on a lower layer than its own.

use std::path::{Path, PathBuf};

/// Every top-level module and its layer, lowest first. A module may name only modules
/// on a lower layer: `sanitize` names nothing; `model` only `sanitize`; `catalog` and
/// `store` do not name each other; `session` (shared by the CLI and the TUI) sits above
/// `ui`, so `ui` and `app` cannot do I/O through it. A new module must be added here.
const LAYERS: &[(&str, u8)] = &[
    ("sanitize", 0),
    ("fsx", 0),
    ("memory", 0),
    ("desktop", 0),
    ("model", 1),
    ("catalog", 2),
    ("store", 2),
    ("app", 3),
    ("import", 3),
    ("ui", 4),
    ("card", 4),
    ("editor", 5),
    ("session", 5),
    ("config", 5),
    ("watch", 5),
    ("runtime", 6),
    ("cli", 7),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ident_at(s: &str) -> &str {
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    &s[..end]
}

/// The first segment of each path in a `{…}` group that starts `s` (after `crate::`).
fn group_heads(s: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    for (i, c) in s.char_indices() {
        match c {
            '{' => {
                depth += 1;
                expect_head = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expect_head = true,
            c if expect_head && depth == 1 && is_ident(c) => {
                heads.push(ident_at(&s[i..]));
                expect_head = false;
            }
            c if expect_head && !c.is_whitespace() => expect_head = false,
            _ => {}
        }
    }
    heads
}

/// Top-level modules named by `code`, a file whose module path is `modpath`
/// (`["cli", "mark"]` for src/cli/mark.rs). Line comments are ignored.
fn named_modules<'a>(modpath: &[&str], code: &'a str) -> Vec<&'a str> {
    let mut named = Vec::new();
    for line in code.lines() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        for (i, _) in line.match_indices("crate::") {
            if line[..i].ends_with(|c: char| is_ident(c) || c == ':') {
                continue;
            }
            let rest = &line[i + "crate::".len()..];
            if rest.starts_with('{') {
                // A group may span lines: read on in the file (`rest` is a slice of it).
                let start = rest.as_ptr() as usize - code.as_ptr() as usize;
                named.extend(group_heads(&code[start..]));
            } else {
                named.push(ident_at(rest));
            }
        }
        for (i, _) in line.match_indices("super::") {
            if line[..i].ends_with(|c: char| is_ident(c) || c == ':') {
                continue;
            }
            let mut rest = &line[i..];
            let mut ups = 0;
            while let Some(r) = rest.strip_prefix("super::") {
                ups += 1;
                rest = r;
            }
            if ups >= modpath.len() {
                named.push(ident_at(rest));
            }
        }
    }
    named.retain(|n| !n.is_empty());
    named
}

/// `file: names crate::x (layer above)` for each arrow pointing up.
fn violations(rel: &Path, code: &str) -> Vec<String> {
    let parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    let modpath: Vec<&str> = parts.iter().map(String::as_str).collect();
    let Some(own) = layer(modpath[0]) else {
        return vec![format!(
            "{}: module `{}` is not in the LAYERS table of tests/it/layers.rs",
            rel.display(),
            modpath[0]
        )];
    };
    named_modules(&modpath, code)
        .into_iter()
        .filter(|&m| m != modpath[0])
        .filter_map(|m| match layer(m) {
            Some(l) if l < own => None,
            Some(_) => Some(format!(
                "{}: `{}` names `crate::{m}`, which is not on a lower layer",
                rel.display(),
                modpath[0]
            )),
            None => None, // not a module (a macro, `crate::Result`, …)
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_names_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        // The crate root and the binary wire everything together.
        if rel == Path::new("lib.rs") || rel == Path::new("main.rs") {
            continue;
        }
        checked += 1;
        problems.extend(violations(rel, &std::fs::read_to_string(file).unwrap()));
    }
    assert!(checked > 40, "only {checked} files found under {src:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_catches_arrows_pointing_up() {
    let up = |file: &str, code: &str| violations(Path::new(file), code);
    assert_eq!(
        up("app/update.rs", "let x = crate::ui::text::clean(t);").len(),
        1
    );
    assert_eq!(
        up("runtime.rs", "use crate::cli::{GlobalArgs, context};").len(),
        1
    );
    assert_eq!(
        up(
            "model/x.rs",
            "use crate::{\n    catalog::Catalog,\n    sanitize::inert,\n};"
        )
        .len(),
        1
    );
    assert_eq!(
        up("catalog/a.rs", "use crate::store::Store;").len(),
        1,
        "same layer"
    );
    assert_eq!(up("runtime.rs", "use super::cli::Cli;").len(), 1);
    assert_eq!(
        up(
            "cli/mark.rs",
            "use super::super::cli::x; use super::context;"
        )
        .len(),
        0
    );
    assert_eq!(
        up("ui/steps.rs", "use crate::app::AppState; // crate::cli").len(),
        0
    );
    assert_eq!(
        up("sanitize.rs", "use crate::model::Step;").len(),
        1,
        "the leaf"
    );
    assert_eq!(
        up("cli/mod.rs", "crate::runtime::run_tui(&s, None)").len(),
        0
    );
    assert_eq!(up("newthing.rs", "").len(), 1, "unknown module");
}
