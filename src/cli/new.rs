//! `waymark new ID`: a commented starter roadmap in the user folder, with the schema
//! beside it so a TOML language server checks it while it is written.

use super::{GlobalArgs, context, schema};
use anyhow::{Context, bail};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// The starter; `{id}` and `{title}` are filled in.
const STARTER: &str = r#"{directive}
# A waymark roadmap. The format: docs/roadmap-format.md, or `waymark schema`.
# Check it with `waymark validate {file}` (or `--watch` to re-check on every save).

format = 1
id = "{id}"
title = "{title}"
summary = "What this roadmap gets you to, in a sentence or two."
# duration = "about 3 months"
# levels = { from = "beginner", to = "intermediate" }

# Phases, in order. Steps name their phase.
[[phases]]
id = "basics"
title = "Basics"
# window = "Weeks 1–2"

[[phases]]
id = "practice"
title = "Practice"

# Steps, in order: id (a slug, stable: progress is stored by it), title, phase.
[[steps]]
id = "first-step"
title = "The first thing to learn"
phase = "basics"
summary = "What it covers and why it comes first."
level = "beginner"          # beginner | intermediate | advanced
tags = ["Basics"]
hours = 4                   # leave out when you cannot estimate
# resources = [{ title = "A good article", url = "https://example.org/", kind = "article" }]

[[steps]]
id = "build-something"
title = "Build something small with it"
phase = "practice"
level = "intermediate"
hours = 8
requires = ["first-step"]   # prerequisites: step ids, or "other-roadmap/step-id"
# optional = true
# kind = "recommended"      # recommended | alternative | anytime | not-recommended
"#;

fn starter(id: &str) -> String {
    let title = id
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    STARTER
        .replace("{directive}", schema::DIRECTIVE)
        .replace("{file}", &format!("{id}.toml"))
        .replace("{id}", id)
        .replace("{title}", &title)
}

pub(super) fn new(g: &GlobalArgs, id: &str) -> anyhow::Result<ExitCode> {
    if !crate::catalog::is_slug(id) {
        bail!(
            "`{}` is not a roadmap id: use lower-case letters, digits and `-`, starting with a \
             letter or digit, at most 64 characters (e.g. `rust-backend`)",
            crate::sanitize::inert(id)
        );
    }
    let cat = crate::catalog::load(context::user_dir(g).as_deref());
    if let Some(l) = cat.get(id) {
        bail!(
            "a roadmap `{id}` already exists ({}); pick another id",
            l.source.display()
        );
    }
    let dir =
        context::user_dir(g).context("no home folder for user roadmaps; pass --roadmaps DIR")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let text = starter(id);
    // The starter must load: a test guards it, this guards the id.
    if let Err(problems) = crate::catalog::parse_roadmap(&text) {
        bail!("the starter does not validate: {}", problems[0]);
    }
    let path = dir.join(format!("{id}.toml"));
    write_new(&dir, &path, &text)?;
    write_schema(&dir)?;
    context::write_out(&format!("{}\n", path.display()))
}

/// Writes `text` to `path` atomically, refusing to replace anything there.
fn write_new(dir: &Path, path: &Path, text: &str) -> anyhow::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a file in {}", dir.display()))?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{} already exists; nothing was written", path.display())
        } else {
            anyhow::Error::new(e.error).context(format!("writing {}", path.display()))
        }
    })?;
    Ok(())
}

/// Keeps `roadmap.schema.json` beside the roadmaps current, for the `#:schema` line.
/// Never replaces something that is not a regular file.
fn write_schema(dir: &Path) -> anyhow::Result<()> {
    let path = dir.join("roadmap.schema.json");
    match std::fs::symlink_metadata(&path) {
        Ok(m) if !m.is_file() => return Ok(()),
        Ok(_) if std::fs::read_to_string(&path).is_ok_and(|t| t == schema::SCHEMA) => {
            return Ok(());
        }
        _ => {}
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(schema::SCHEMA.as_bytes())?;
    tmp.persist(&path)
        .map_err(|e| anyhow::Error::new(e.error).context(format!("writing {}", path.display())))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_starter_loads_and_carries_the_schema_directive() {
        let text = super::starter("rust-backend");
        assert!(text.starts_with("#:schema ./roadmap.schema.json\n"));
        let r = crate::catalog::parse_roadmap(&text).unwrap();
        assert_eq!(
            (r.id.as_str(), r.title.as_str()),
            ("rust-backend", "Rust Backend")
        );
        assert_eq!(r.steps.len(), 2);
    }
}
