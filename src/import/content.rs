//! The explanation pages beside a chart: `content/<slug>@<nodeId>.md`, one per node.
//!
//! A page is `# Title`, paragraphs, then "Visit the following resources to learn
//! more:" and lines like `- [@article@Title](https://…)`. The first paragraph becomes
//! the step's summary (plain text) and the links its resources.

use super::chart::clean_label;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

/// Pages bigger than this are skipped (a real page is a few kilobytes).
pub const MAX_PAGE_BYTES: u64 = 1024 * 1024;

/// Summaries longer than this (in characters) are cut at a word.
const MAX_SUMMARY_CHARS: usize = 1_000;

/// A learning link from a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub title: String,
    pub url: String,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub summary: Option<String>,
    pub resources: Vec<Link>,
}

/// The pages of a content folder by node id, and what was left out.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: HashMap<String, Page>,
    pub skipped: Vec<(String, String)>,
}

/// Reads every `*@<nodeId>.md` of `dir`. Unreadable or oversized pages are skipped
/// with a reason; a folder that cannot be listed is an error.
pub fn load_dir(dir: &Path) -> std::io::Result<Content> {
    let mut content = Content::default();
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(node) = node_id_of(name) else {
            continue;
        };
        match read_page(&path) {
            Ok(text) => {
                content.pages.insert(node.to_string(), parse_page(&text));
            }
            Err(why) => content.skipped.push((name.to_string(), why)),
        }
    }
    Ok(content)
}

/// `go-basics@r1XfJz4gl0FzyDvsc3Hcz.md` → `r1XfJz4gl0FzyDvsc3Hcz`.
pub fn node_id_of(file_name: &str) -> Option<&str> {
    let stem = file_name.strip_suffix(".md")?;
    let (_, id) = stem.rsplit_once('@')?;
    (!id.is_empty()).then_some(id)
}

fn read_page(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if !file.metadata().map_err(|e| e.to_string())?.is_file() {
        return Err("not a regular file".into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(format!("larger than {} KiB", MAX_PAGE_BYTES / 1024));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The summary and resources of one page.
pub fn parse_page(text: &str) -> Page {
    let mut page = Page::default();
    let mut para: Option<String> = None;
    let mut in_heading = false;
    let mut link: Option<(String, String)> = None;
    // Links count as resources only in list items, not inside the prose.
    let mut items = 0usize;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Item) => items += 1,
            Event::End(TagEnd::Item) => items = items.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Paragraph) if page.summary.is_none() && !in_heading => {
                para = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = para.take() {
                    let p = summary_text(&p);
                    if !p.is_empty() && !is_resources_intro(&p) {
                        page.summary = Some(p);
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if items > 0 => {
                link = Some((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, text)) = link.take()
                    && let Some(l) = resource(&text, &url)
                {
                    page.resources.push(l);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut link {
                    text.push_str(&t);
                }
                if let Some(p) = &mut para {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = &mut para {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    page
}

fn is_resources_intro(p: &str) -> bool {
    p.to_lowercase()
        .starts_with("visit the following resources")
}

/// `@article@Title` and a url → a resource; only http(s) links are kept.
fn resource(text: &str, url: &str) -> Option<Link> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || url.chars().any(char::is_whitespace)
    {
        return None;
    }
    let (kind, title) = match text
        .trim()
        .strip_prefix('@')
        .and_then(|r| r.split_once('@'))
    {
        Some((kind, title)) => (map_kind(kind), title),
        None => (None, text),
    };
    let (title, _) = clean_label(title);
    let title = if title.is_empty() {
        clean_label(url).0
    } else {
        title
    };
    Some(Link {
        title,
        url: url.to_string(),
        kind,
    })
}

/// roadmap.sh resource kinds → waymark's (docs/importing.md).
pub fn map_kind(kind: &str) -> Option<String> {
    let k = kind.trim().to_ascii_lowercase();
    let mapped = match k.as_str() {
        "official" => "docs",
        "opensource" => "repo",
        "feed" => "site",
        "article" | "video" | "course" | "book" | "podcast" | "roadmap" => k.as_str(),
        _ if !k.is_empty() && k.len() <= 20 && k.chars().all(|c| c.is_ascii_lowercase()) => {
            k.as_str()
        }
        _ => return None,
    };
    Some(mapped.to_string())
}

/// Plain text of a paragraph: one line, controls dropped, cut at a word.
fn summary_text(p: &str) -> String {
    let mut out = String::new();
    for word in p.split_whitespace() {
        let word: String = word
            .chars()
            .filter(|&c| !crate::catalog::is_forbidden_char(c))
            .collect();
        if word.is_empty() {
            continue;
        }
        if out.chars().count() + word.chars().count() + 1 > MAX_SUMMARY_CHARS {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Go Basics

Go is a **statically typed** language with [first-class](https://go.dev) `goroutines`
and a small *spec*.

A second paragraph that is not the summary.

Visit the following resources to learn more:

- [@official@Go Tour](https://go.dev/tour/)
- [@article@Effective Go_ tips [2024]](https://go.dev/doc/effective_go)
- [@opensource@golang/go](https://github.com/golang/go)
- [@video@Bad link](javascript:alert(1))
- [@feed@Daily.dev](https://app.daily.dev/tags/golang)
- [Plain link](http://example.org/x)
";

    #[test]
    fn first_paragraph_as_plain_text_and_links_with_kinds() {
        let p = parse_page(PAGE);
        assert_eq!(
            p.summary.as_deref(),
            Some("Go is a statically typed language with first-class goroutines and a small spec.")
        );
        let got: Vec<(&str, &str, Option<&str>)> = p
            .resources
            .iter()
            .map(|r| (r.title.as_str(), r.url.as_str(), r.kind.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Go Tour", "https://go.dev/tour/", Some("docs")),
                (
                    "Effective Go_ tips [2024]",
                    "https://go.dev/doc/effective_go",
                    Some("article")
                ),
                ("golang/go", "https://github.com/golang/go", Some("repo")),
                (
                    "Daily.dev",
                    "https://app.daily.dev/tags/golang",
                    Some("site")
                ),
                ("Plain link", "http://example.org/x", None),
            ]
        );
    }

    #[test]
    fn a_page_with_only_links_has_no_summary() {
        let p = parse_page(
            "# X\n\nVisit the following resources to learn more:\n\n- [@video@V](https://v.example/1)\n",
        );
        assert_eq!(p.summary, None);
        assert_eq!(p.resources.len(), 1);
    }

    #[test]
    fn controls_are_dropped_and_long_summaries_cut() {
        let p = parse_page(&format!(
            "# T\n\nA\u{1b}]0;pwn\u{7} b {}\n",
            "word ".repeat(400)
        ));
        let s = p.summary.unwrap();
        assert!(s.starts_with("A]0;pwn b word"), "{s}");
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= MAX_SUMMARY_CHARS + 1);
    }

    #[test]
    fn node_ids_come_from_file_names() {
        assert_eq!(
            node_id_of("go-basics@r1XfJz4gl0FzyDvsc3Hcz.md"),
            Some("r1XfJz4gl0FzyDvsc3Hcz")
        );
        assert_eq!(node_id_of("a@b@c.md"), Some("c"));
        assert_eq!(node_id_of("index.md"), None);
        assert_eq!(node_id_of("x@.md"), None);
        assert_eq!(node_id_of("x@y.txt"), None);
    }

    #[test]
    fn kinds_map_to_the_format() {
        for (from, to) in [
            ("official", "docs"),
            ("article", "article"),
            ("video", "video"),
            ("course", "course"),
            ("book", "book"),
            ("opensource", "repo"),
            ("podcast", "podcast"),
            ("feed", "site"),
            ("roadmap", "roadmap"),
            ("Article", "article"),
        ] {
            assert_eq!(map_kind(from).as_deref(), Some(to), "{from}");
        }
        assert_eq!(map_kind("not a kind!"), None);
    }
}
