//! `waymark import-chart CHART.json`: a roadmap.sh chart becomes a roadmap file in the
//! user roadmap folder (docs/importing.md), written atomically, with a summary.

use super::GlobalArgs;
use super::context::write_out;

/// Terminal-safe text for the summary and errors (the one sanitizer, owned).
fn clean(s: &str) -> String {
    crate::sanitize::inert(s).into_owned()
}
use crate::catalog::{self, FileReport, Source};
use crate::import::{self, Content, MAX_CHART_BYTES, Request, Rule, Summary};
use anyhow::{Context as _, anyhow, bail};
use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Args {
    pub chart: PathBuf,
    pub content: Option<PathBuf>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub out: Option<PathBuf>,
    pub dry_run: bool,
}

pub fn import_chart(g: &GlobalArgs, a: &Args) -> anyhow::Result<ExitCode> {
    let chart_name = clean(&a.chart.display().to_string());
    let bytes = read_chart(&a.chart)?;
    let id = roadmap_id(a)?;
    let out_dir = match a.out.clone().or_else(|| g.session().user_dir()) {
        Some(d) => d,
        None => bail!("no home folder to find the roadmap folder in; pass --out DIR"),
    };
    let target = out_dir.join(format!("{id}.toml"));

    // The roadmap id must not be taken by a bundled roadmap or another file.
    let cat = catalog::load(Some(&out_dir));
    if let Some(other) = cat.get(&id)
        && other.source != Source::User(target.clone())
    {
        bail!(
            "roadmap id `{id}` is already used by {}; choose another with --id",
            clean(&other.source.display())
        );
    }
    let existing = existing_roadmap(&target, &id)?;

    let content_dir = match &a.content {
        Some(d) => Some(d.clone()),
        // roadmap.sh keeps the pages in `content/` beside the chart.
        None => a
            .chart
            .parent()
            .map(|p| p.join("content"))
            .filter(|d| d.is_dir()),
    };
    let content: Option<Content> = match &content_dir {
        Some(d) => Some(
            import::content::load_dir(d)
                .with_context(|| format!("cannot read the content folder {}", d.display()))?,
        ),
        None => None,
    };

    let source_name = a
        .chart
        .file_name()
        .map_or_else(|| chart_name.clone(), |n| n.to_string_lossy().into_owned());
    let imported = import::import(
        &bytes,
        &Request {
            id: &id,
            title: a.title.as_deref(),
            source_name: &source_name,
            content: content.as_ref(),
            existing: existing.as_ref(),
        },
    )
    .map_err(|e| match &e {
        import::ImportError::Chart(c) if let Some((line, col)) = c.position() => {
            anyhow!("{chart_name}:{line}:{col}: {e}")
        }
        _ => anyhow!("{chart_name}: {e}"),
    })?;

    // Never write a file the catalog would refuse.
    if let Err(problems) = catalog::parse_roadmap(&imported.toml) {
        let report = FileReport {
            source: Source::User(target.clone()),
            problems,
            text: imported.toml.clone(),
        };
        bail!(
            "the imported roadmap does not validate (a bug in the importer; nothing was written):\n{}",
            report.render()
        );
    }

    let mut report = render_summary(
        &chart_name,
        &imported.summary,
        content_dir.as_deref(),
        if a.dry_run { None } else { Some(&target) },
    );
    if a.dry_run {
        eprint!("{report}");
        return write_out(&imported.toml);
    }
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("cannot create the roadmap folder {}", out_dir.display()))?;
    write_atomic(&out_dir, &target, &imported.toml)?;
    let _ = writeln!(report, "open it: waymark tui {id}");
    write_out(&report)
}

/// Reads the chart, refusing a file over the size limit before reading it all.
fn read_chart(path: &Path) -> anyhow::Result<Vec<u8>> {
    let shown = clean(&path.display().to_string());
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open the chart {shown}"))?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        bail!("{shown} is a folder; give the chart's .json file");
    }
    let too_big = || {
        anyhow!(
            "{shown} is larger than {} MiB, the limit for a chart (a roadmap.sh chart is well \
             under 2 MB); nothing was imported",
            MAX_CHART_BYTES / (1024 * 1024)
        )
    };
    if meta.len() > MAX_CHART_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    // Also bounds what a pipe or device that reports no size can feed us.
    file.take(MAX_CHART_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the chart {shown}"))?;
    if bytes.len() as u64 > MAX_CHART_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// `--id`, or the chart's file name as a slug (`backend.json` → `backend`).
fn roadmap_id(a: &Args) -> anyhow::Result<String> {
    if let Some(id) = &a.id {
        if let Some(why) = catalog::slug_error(id) {
            bail!("--id `{}`: {why}", clean(id));
        }
        return Ok(id.clone());
    }
    let stem = a
        .chart
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = import::emit::slugify(&stem);
    if id.is_empty() {
        bail!(
            "cannot make a roadmap id from the file name `{}`; pass --id ID",
            clean(&stem)
        );
    }
    Ok(id)
}

/// The roadmap a re-import replaces, if `target` exists. A file that is not a regular
/// file, does not validate, or holds another roadmap is left alone.
fn existing_roadmap(target: &Path, id: &str) -> anyhow::Result<Option<crate::model::Roadmap>> {
    let shown = clean(&target.display().to_string());
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot inspect {shown}")),
    };
    if !meta.is_file() {
        bail!("{shown} exists and is not a regular file; it was not replaced");
    }
    let (text, parsed) = catalog::load_file(target);
    match parsed {
        Ok(r) if r.id == id => Ok(Some(r)),
        Ok(r) => bail!(
            "{shown} holds roadmap `{}`, not `{id}`; it was not replaced (choose --id or --out)",
            clean(&r.id)
        ),
        Err(problems) => {
            let report = FileReport {
                source: Source::User(target.to_path_buf()),
                problems,
                text,
            };
            bail!(
                "{shown} exists but does not validate, so a re-import cannot keep its ids; \
                 fix it or move it away (it was not replaced):\n{}",
                report.render()
            )
        }
    }
}

/// Writes through a temp file in the same folder, then renames it over the target, so
/// the roadmap folder never holds a half-written file.
fn write_atomic(dir: &Path, target: &Path, text: &str) -> anyhow::Result<()> {
    let shown = clean(&target.display().to_string());
    // Hidden, so the catalog never loads a leftover temp file.
    let mut tmp = tempfile::Builder::new()
        .prefix(".import-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write into {}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {shown}"))?;
    tmp.persist(target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {shown}"))?;
    Ok(())
}

fn list(items: &[String], max: usize) -> String {
    let mut shown: Vec<String> = items.iter().take(max).map(|s| clean(s)).collect();
    if items.len() > max {
        shown.push(format!("… {} more", items.len() - max));
    }
    shown.join(", ")
}

fn render_summary(
    chart: &str,
    s: &Summary,
    content: Option<&Path>,
    target: Option<&Path>,
) -> String {
    let mut out = String::new();
    let _ = match target {
        Some(t) => writeln!(
            out,
            "imported {chart} → {}",
            clean(&t.display().to_string())
        ),
        None => writeln!(out, "imported {chart} (dry run: nothing written)"),
    };
    let subs = s.steps - s.topics;
    let _ = writeln!(
        out,
        "  {} steps: {} topics along the main path (one phase each), {subs} sub-steps",
        s.steps, s.topics
    );
    if subs > 0 {
        let rules: Vec<String> = Rule::ALL
            .iter()
            .zip(s.by_rule)
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| format!("{} {n}", r.as_str()))
            .collect();
        let _ = writeln!(out, "  sub-steps attached by: {}", rules.join(", "));
    }
    if !s.nearest.is_empty() {
        let _ = writeln!(
            out,
            "  attached to the nearest topic (no edge, section, caption or stack): {}",
            list(&s.nearest, 8)
        );
    }
    match content {
        Some(dir) => {
            let _ = writeln!(
                out,
                "  content: {} steps with a page, {} resources (from {})",
                s.with_page,
                s.resources,
                clean(&dir.display().to_string())
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  content: none (pass --content DIR for summaries and links)"
            );
        }
    }
    for (name, why) in &s.skipped_pages {
        let _ = writeln!(out, "  skipped page {}: {}", clean(name), clean(why));
    }
    if !s.ignored.is_empty() {
        let ignored: Vec<String> = s
            .ignored
            .iter()
            .map(|(kind, n, why)| format!("{n} {} ({why})", clean(kind)))
            .collect();
        let _ = writeln!(out, "  nodes not made steps: {}", ignored.join(", "));
    }
    if !s.skipped_edges.is_empty() {
        let edges: Vec<String> = s
            .skipped_edges
            .iter()
            .map(|(why, n)| format!("{n} ({why})"))
            .collect();
        let _ = writeln!(out, "  edges left out: {}", edges.join(", "));
    }
    if !s.truncated.is_empty() {
        let _ = writeln!(
            out,
            "  titles cut to {} characters: {}",
            import::chart::MAX_TITLE_CHARS,
            list(&s.truncated, 3)
        );
    }
    if !s.unknown_legends.is_empty() {
        let _ = writeln!(
            out,
            "  legend labels that name no kind: {}",
            list(&s.unknown_legends, 8)
        );
    }
    if let Some(c) = &s.changes {
        if c.added.is_empty() && c.removed.is_empty() && c.renamed.is_empty() {
            let _ = writeln!(out, "  no step changed since the previous import");
        }
        if !c.added.is_empty() {
            let _ = writeln!(out, "  added: {}", list(&c.added, 20));
        }
        if !c.renamed.is_empty() {
            let pairs: Vec<String> = c
                .renamed
                .iter()
                .map(|(a, b)| format!("{a} → {b}"))
                .collect();
            let _ = writeln!(out, "  renamed (progress follows): {}", list(&pairs, 20));
        }
        if !c.removed.is_empty() {
            let _ = writeln!(
                out,
                "  removed: {} (their progress is kept: `waymark progress --orphans`)",
                list(&c.removed, 20)
            );
        }
    }
    out
}
