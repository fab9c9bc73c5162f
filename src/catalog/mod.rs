//! The roadmap catalog: the bundled roadmaps plus every `*.toml` in the user
//! roadmap folder, parsed and validated with precise diagnostics.
//!
//! A file is parsed into a spanned TOML tree and walked against the schema in
//! `docs/roadmap-format.md`, so *every* problem of a file is reported at once,
//! each with `line:col` (see [`render_problem`]). A bad file never stops the
//! others from loading.
//!
//! - `build`: one file's text → toml's spanned tree → `Roadmap` (the top level,
//!   phases, and the order of the walk);
//! - `schema`: typed getters on the tree that report and carry on; `ids`: slugs;
//! - `steps`, `tables`: one `[[steps]]` / `[[tables]]` entry each;
//! - `references`: `requires` (unknown steps, cycles, other roadmaps) and groups;
//! - `problem`: diagnostics and how they are rendered;
//! - `cache`: valid files parsed once per content, read back in binary form.

mod build;
mod cache;
mod identity;
mod ids;
mod parent;
mod problem;
mod references;
mod schema;
mod steps;
mod tables;

pub use cache::{Cache, CacheStats};
pub(crate) use cache::{Stamp, framed, read_regular, replace_file, unframed};
pub use identity::identity_of_files;
pub use ids::{is_slug, slug_error};
pub use problem::{
    MAX_SHOWN_PER_FILE, Problem, ProblemKind, is_forbidden_char, render_problem, render_problems,
};
pub use steps::MAX_HOURS;

use crate::model::Roadmap;
use problem::{LineIndex, Raw, show};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The roadmaps compiled into the binary: (file name, contents).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "backend-steps.toml",
        include_str!("../../roadmaps/backend-steps.toml"),
    ),
    (
        "backend-chart-2022.toml",
        include_str!("../../roadmaps/backend-chart-2022.toml"),
    ),
    (
        "backend-2026.toml",
        include_str!("../../roadmaps/backend-2026.toml"),
    ),
    (
        "backend-essentials.toml",
        include_str!("../../roadmaps/backend-essentials.toml"),
    ),
    (
        "backend-trek.toml",
        include_str!("../../roadmaps/backend-trek.toml"),
    ),
];

/// Everything found: the roadmaps that loaded, and the files that did not.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Loaded roadmaps: bundled first (in `BUNDLED` order), then user files by name.
    pub roadmaps: Vec<Loaded>,
    /// Files that failed to load, each with all of its problems.
    pub reports: Vec<FileReport>,
    /// Files that loaded but have problems that only show across files:
    /// a prerequisite `other/step` whose roadmap or step is not loaded.
    pub warnings: Vec<FileReport>,
    /// What the load cache did (all zero when loaded without one).
    pub cache: CacheStats,
}

impl Catalog {
    /// The loaded roadmap with this id.
    pub fn get(&self, id: &str) -> Option<&Loaded> {
        self.roadmaps.iter().find(|l| l.roadmap.id == id)
    }
}

/// A roadmap that loaded, and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: Source,
    pub roadmap: Roadmap,
    /// The load cache's key for the text it came from (`None` when loaded without the
    /// cache): equal keys mean equal models, so [`Catalog::identity`] is built from them.
    pub key: Option<u128>,
}

/// Where a roadmap file comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// Compiled in; the file name, e.g. `"backend-steps.toml"`.
    Bundled(&'static str),
    /// A file in the user roadmap folder (or given on the command line).
    User(PathBuf),
}

impl Source {
    /// `roadmaps/backend-steps.toml (bundled)`, or the user file's path.
    pub fn display(&self) -> String {
        match self {
            Source::Bundled(name) => format!("roadmaps/{name} (bundled)"),
            Source::User(path) => path.display().to_string(),
        }
    }

    /// How the picker names it: the file name alone (a bundled file's too).
    pub fn short_name(&self) -> String {
        match self {
            Source::Bundled(name) => name.to_string(),
            Source::User(p) => p
                .file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into()),
        }
    }

    /// The name to use in `file:line:col`: `roadmaps/x.toml` or the path.
    pub fn file_name(&self) -> String {
        match self {
            Source::Bundled(name) => format!("roadmaps/{name}"),
            Source::User(path) => path.display().to_string(),
        }
    }
}

/// A file's problems. `text` is the file's contents (lossily decoded; empty
/// when unreadable), kept so the problems can be rendered with their snippet.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: Source,
    pub problems: Vec<Problem>,
    pub text: String,
}

impl FileReport {
    /// The problems rendered with [`render_problems`] (each followed by a
    /// blank line; capped at [`MAX_SHOWN_PER_FILE`], then counted).
    pub fn render(&self) -> String {
        render_problems(&self.source.file_name(), &self.text, &self.problems)
    }
}

/// Parses and validates one roadmap file's text, returning every problem
/// (sorted by position) when it is not valid.
pub fn parse_roadmap(text: &str) -> Result<Roadmap, Vec<Problem>> {
    build::parse(text).map(|p| p.roadmap)
}

/// Reads and validates one file on its own (for `waymark validate FILE`).
/// Returns the text (lossily decoded, empty when unreadable) for rendering.
/// Cross-roadmap prerequisites are not checked here.
pub fn load_file(path: &Path) -> (String, Result<Roadmap, Vec<Problem>>) {
    match read(path) {
        Ok(text) => {
            let res = parse_roadmap(&text);
            (text, res)
        }
        Err((text, problem)) => (text, Err(vec![problem])),
    }
}

/// `$XDG_DATA_HOME/waymark/roadmaps` (platform data dir elsewhere), if there is a home.
pub fn default_user_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.data_dir().join("waymark").join("roadmaps"))
}

/// Loads the bundled roadmaps and every `*.toml` file in `user_dir` (sorted by
/// name; hidden files are skipped; a missing folder is fine).
///
/// - A file with any problem is not loaded; it goes to `reports` with all its problems.
/// - A roadmap id already loaded (bundled first, then by file name) is reported
///   as `duplicate-roadmap` against the later file, which is not loaded.
/// - `other/step` prerequisites are checked once everything is loaded; an
///   unknown one is reported in `warnings` and the roadmap still loads.
pub fn load(user_dir: Option<&Path>) -> Catalog {
    load_with(user_dir, &[], None)
}

/// [`load`], then `extra` files as if they sat after the user folder's (for
/// `waymark validate FILE…`: a given file is checked against everything loaded, so a
/// clash with a loaded id, an unknown step of another roadmap or a cycle through
/// several roadmaps shows). A given file that is also in the folder is read once.
/// Each valid file's model comes from `cache` when it holds that text (the cross-file
/// checks run either way).
pub fn load_with(user_dir: Option<&Path>, extra: &[PathBuf], cache: Option<&Cache>) -> Catalog {
    let mut cat = Catalog::default();
    let mut files: Vec<(Source, Input)> = BUNDLED
        .iter()
        .map(|&(name, text)| {
            (
                Source::Bundled(name),
                Input::Text(Ok(Cow::Borrowed(text)), None),
            )
        })
        .collect();
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if let Some(dir) = user_dir {
        match user_files(dir) {
            Ok(paths) => files.extend(
                paths
                    .into_iter()
                    .filter(|p| !extra.iter().any(|e| same(e, p)))
                    .map(|p| {
                        // One `stat`: the stamp finds a cached model without reading
                        // the file, or is kept to stamp it once read.
                        let stamp = cache.and_then(|_| Stamp::of(&p));
                        let found = cache
                            .zip(stamp.as_ref())
                            .and_then(|(c, s)| c.by_stamp(s, &mut cat.cache));
                        let input = match found {
                            Some((parsed, key)) => Input::Stamped(Box::new(parsed), key),
                            None => Input::Text(read(&p).map(Cow::Owned), stamp),
                        };
                        (Source::User(p), input)
                    }),
            ),
            Err(problem) => files.push((
                Source::User(dir.to_path_buf()),
                Input::Text(Err((String::new(), problem)), None),
            )),
        }
    }
    for (k, p) in extra.iter().enumerate() {
        // The same file given twice is checked once.
        if !extra[..k].iter().any(|e| same(e, p)) {
            files.push((
                Source::User(p.clone()),
                Input::Text(read(p).map(Cow::Owned), None),
            ));
        }
    }

    // Kept per loaded roadmap for the cross-file pass; the text is `None` for a file
    // found by its stamp (read only if a problem needs its lines).
    let mut pending: Vec<(Option<Cow<'static, str>>, build::Parsed)> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (source, input) in files {
        let (text, parsed, key) = match input {
            Input::Stamped(parsed, key) => (None, Ok(*parsed), Some(key)),
            Input::Text(Err((text, problem)), _) => {
                cat.reports.push(FileReport {
                    source,
                    problems: vec![problem],
                    text,
                });
                continue;
            }
            Input::Text(Ok(text), before) => {
                let (parsed, key) = match (cache, &source) {
                    (Some(cache), Source::User(path)) => {
                        let (parsed, key) = cache.parse_file(path, before, &text, &mut cat.cache);
                        (parsed, Some(key))
                    }
                    (Some(cache), Source::Bundled(name)) => {
                        let hash = bundled_hash(name);
                        let (parsed, key) = cache.parse_bundled(&text, hash, &mut cat.cache);
                        (parsed, Some(key))
                    }
                    (None, _) => (build::parse(&text), None),
                };
                (Some(text), parsed, key)
            }
        };
        match parsed {
            Err(problems) => cat.reports.push(FileReport {
                source,
                problems,
                text: text.map(Cow::into_owned).unwrap_or_default(),
            }),
            Ok(parsed) => {
                if let Some(&first) = by_id.get(&parsed.roadmap.id) {
                    let other = cat.roadmaps[first].source.display();
                    let raw = Raw {
                        kind: ProblemKind::DuplicateRoadmap,
                        message: format!(
                            "roadmap id `{}` is already used by {}",
                            show(&parsed.roadmap.id),
                            show(&other)
                        ),
                        span: parsed.id_span.clone(),
                        help: Some("give this roadmap another `id`".into()),
                    };
                    let text = text.map_or_else(|| text_of(&source), Cow::into_owned);
                    let problem = LineIndex::new(&text).finish(raw);
                    cat.reports.push(FileReport {
                        source,
                        problems: vec![problem],
                        text,
                    });
                    continue;
                }
                by_id.insert(parsed.roadmap.id.clone(), cat.roadmaps.len());
                cat.roadmaps.push(Loaded {
                    source,
                    roadmap: Roadmap::default(),
                    key,
                });
                pending.push((text, parsed));
            }
        }
    }

    let parsed: Vec<&build::Parsed> = pending.iter().map(|(_, p)| p).collect();
    for (i, raws) in references::check_externals(&parsed, &by_id) {
        let source = cat.roadmaps[i].source.clone();
        let text = pending[i]
            .0
            .as_deref()
            .map_or_else(|| text_of(&source), str::to_owned);
        let lines = LineIndex::new(&text);
        cat.warnings.push(FileReport {
            source,
            problems: raws.into_iter().map(|r| lines.finish(r)).collect(),
            text,
        });
    }
    for (slot, (_, parsed)) in cat.roadmaps.iter_mut().zip(pending) {
        slot.roadmap = parsed.roadmap;
    }
    cat
}

/// What a running interface compares to notice that user roadmap files changed: each
/// `*.toml` of `dir` (as [`load`] reads them) with its modification time and size. An
/// unreadable folder counts as empty.
pub fn user_file_stamps(dir: &Path) -> Vec<(PathBuf, Option<std::time::SystemTime>, u64)> {
    user_files(dir)
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let meta = std::fs::metadata(&p).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.map_or(0, |m| m.len());
            (p, modified, len)
        })
        .collect()
}

/// A file's text, or its (lossy) text and why it could not be read.
type ReadResult = Result<String, (String, Problem)>;

/// One file to load: its text (with its stamp taken before reading, when the cache may
/// stamp it), or its model found in the cache by its stamp alone.
enum Input {
    /// A bundled roadmap's text is borrowed from the binary, not copied.
    Text(Result<Cow<'static, str>, (String, Problem)>, Option<Stamp>),
    Stamped(Box<build::Parsed>, u128),
}

/// The text of a file found by its stamp, read only to show a problem's lines (empty if
/// it cannot be read now: the problem is still reported, without its snippet).
fn text_of(source: &Source) -> String {
    match source {
        Source::User(path) => read(path).unwrap_or_else(|(text, _)| text),
        // Bundled files are never found by a stamp: their text is always at hand.
        Source::Bundled(_) => String::new(),
    }
}

/// The `*.toml` files of `dir`, sorted by name; `Ok(empty)` if `dir` does not exist.
fn user_files(dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_problem(format!("cannot read roadmap folder: {e}"))),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with('.'))
                // A FIFO or device named `*.toml` is listed so `read` reports it (without
                // opening it); only folders are passed over.
                && !p.is_dir()
        })
        .collect();
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(paths)
}

/// Each bundled text's hash for the load cache's key, computed at compile time: hashing
/// the ~100 KB of bundled TOML was 4 % of a `list` (docs/performance.md).
const BUNDLED_HASHES: [u128; BUNDLED.len()] = {
    let mut hashes = [0; BUNDLED.len()];
    let mut i = 0;
    while i < BUNDLED.len() {
        hashes[i] = xxhash_rust::const_xxh3::xxh3_128(BUNDLED[i].1.as_bytes());
        i += 1;
    }
    hashes
};

/// The compile-time hash of the bundled text `name` (one of [`BUNDLED`]'s names).
fn bundled_hash(name: &str) -> u128 {
    let i = BUNDLED.iter().position(|&(n, _)| n == name);
    BUNDLED_HASHES[i.expect("only bundled names are looked up")]
}

/// The largest roadmap file read (16 MiB): the largest bundled roadmap is about 40 KiB,
/// so a real roadmap is far below it, and parsing one this size takes seconds.
pub const MAX_ROADMAP_BYTES: u64 = 16 << 20;

/// Reads a file as UTF-8. On failure returns the (lossy) text and the problem. Only a
/// regular file up to [`MAX_ROADMAP_BYTES`] is read: a FIFO would block every command
/// and a device like `/dev/zero` never ends.
fn read(path: &Path) -> ReadResult {
    let bytes = match crate::fsx::read_input(path, MAX_ROADMAP_BYTES) {
        Ok(b) => b,
        Err(crate::fsx::ReadError::Refused { why, .. }) => {
            let mut p = io_problem(format!("cannot load this file: {why}"));
            p.help = Some(format!(
                "a roadmap must be a regular file of at most {} MiB",
                MAX_ROADMAP_BYTES >> 20
            ));
            return Err((String::new(), p));
        }
        Err(crate::fsx::ReadError::Io { cause, .. }) => {
            return Err((
                String::new(),
                io_problem(format!("cannot read file: {cause}")),
            ));
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text is identical up to `at`, so the offset is valid in it.
            let problem = LineIndex::new(&text).finish(Raw {
                kind: ProblemKind::Encoding,
                message: "the file is not valid UTF-8".into(),
                span: at..at + 1,
                help: Some("save the file as UTF-8".into()),
            });
            Err((text, problem))
        }
    }
}

fn io_problem(message: String) -> Problem {
    Problem {
        kind: ProblemKind::Io,
        message,
        line: 1,
        col: 1,
        span: 0..0,
        help: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compile_time_hashes_are_the_bundled_texts_hashes() {
        for (&(name, text), &hash) in BUNDLED.iter().zip(&BUNDLED_HASHES) {
            assert_eq!(hash, cache::text_hash(text), "{name}");
            assert_eq!(bundled_hash(name), hash);
        }
        assert_ne!(BUNDLED_HASHES[0], BUNDLED_HASHES[1]);
    }

    #[test]
    fn source_display() {
        assert_eq!(
            Source::Bundled("backend-steps.toml").display(),
            "roadmaps/backend-steps.toml (bundled)"
        );
        assert_eq!(
            Source::User(PathBuf::from("/x/y.toml")).display(),
            "/x/y.toml"
        );
    }

    #[test]
    fn bundled_roadmaps_are_valid_and_unique() {
        let cat = load(None);
        if let Some(r) = cat.reports.iter().chain(&cat.warnings).next() {
            panic!("{}", r.render());
        }
        assert_eq!(cat.roadmaps.len(), BUNDLED.len());
        assert_eq!(BUNDLED.len(), 5);
    }

    #[test]
    fn default_dir_ends_in_waymark_roadmaps() {
        if let Some(d) = default_user_dir() {
            assert!(d.ends_with("waymark/roadmaps"), "{}", d.display());
        }
    }
}
