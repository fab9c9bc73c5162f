//! Fuzzy search over step titles (and, ranked lower, tags and sub-topics) for the TUI's
//! `/` overlay, ranked and cut so that weak, scattered matches do not show.

use super::roadmap::Roadmap;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// One search result: the step, its score (higher is better), and which characters of
/// its title matched (char indexes, for highlighting; empty when only its tags or
/// sub-topics matched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub step: usize,
    pub score: u32,
    pub title_chars: Vec<u32>,
}

/// Fuzzy search for one query, reused across roadmaps. A step matches on its title, or
/// else (ranked at half the score) on its tags and sub-topics. Weak fuzzy matches are
/// cut: each word of the query must match as one run of characters (`redis` matches
/// "Caching and Redis", not r-e-d-i-s scattered over "REST API design"), and the score
/// must reach [`MIN_SCORE_PER_CHAR`] per character typed.
pub struct Searcher {
    pattern: Pattern,
    matcher: Matcher,
    buf: Vec<char>,
    indices: Vec<u32>,
    hay: String,
    /// Words in the query: the runs a match may have.
    words: usize,
    min_score: u32,
}

/// nucleo scores 16 per matched character plus bonuses (an exact word scores about 28
/// per character) and subtracts for gaps; a match under 12 per character is mostly gaps.
pub const MIN_SCORE_PER_CHAR: u32 = 12;

/// Results scoring under this share of the best one are dropped.
const KEEP_OF_BEST: f64 = 0.4;

impl Searcher {
    /// `None` for a blank query.
    pub fn new(query: &str) -> Option<Searcher> {
        let query = query.trim();
        if query.is_empty() {
            return None;
        }
        let chars = query.chars().filter(|c| !c.is_whitespace()).count() as u32;
        Some(Searcher {
            pattern: Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart),
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
            indices: Vec::new(),
            hay: String::new(),
            words: query.split_whitespace().count(),
            min_score: MIN_SCORE_PER_CHAR * chars,
        })
    }

    /// The steps of `roadmap` that match well enough, in roadmap order (unranked).
    pub fn hits(&mut self, roadmap: &Roadmap) -> Vec<Hit> {
        let mut out = Vec::new();
        for (i, s) in roadmap.steps.iter().enumerate() {
            if let Some(score) = self.strong_match(&s.title) {
                out.push(Hit {
                    step: i,
                    score,
                    title_chars: self.indices.clone(),
                });
                continue;
            }
            let mut hay = std::mem::take(&mut self.hay);
            hay.clear();
            for t in s.tags.iter().chain(&s.covers) {
                hay.push_str(t);
                // A separator no query matches, so a run never spans two tags.
                hay.push_str(" \u{1f} ");
            }
            let tags = self.strong_match(&hay);
            self.hay = hay;
            if let Some(score) = tags {
                // Secondary fields rank below an equal title hit.
                out.push(Hit {
                    step: i,
                    score: score / 2,
                    title_chars: Vec::new(),
                });
            }
        }
        out
    }

    /// The score when `text` matches as at most one run per query word and scores
    /// enough; leaves the matched char indexes, sorted, in `self.indices`.
    fn strong_match(&mut self, text: &str) -> Option<u32> {
        self.indices.clear();
        let score = self.pattern.indices(
            Utf32Str::new(text, &mut self.buf),
            &mut self.matcher,
            &mut self.indices,
        )?;
        self.indices.sort_unstable();
        self.indices.dedup();
        let runs = 1 + self.indices.windows(2).filter(|w| w[1] != w[0] + 1).count();
        (runs <= self.words && score >= self.min_score).then_some(score)
    }
}

/// Ranks results best first (ties keep their order) and drops those far below the best.
pub fn rank<T>(hits: &mut Vec<T>, score: impl Fn(&T) -> u32) {
    hits.sort_by_key(|h| std::cmp::Reverse(score(h)));
    if let Some(best) = hits.first().map(&score) {
        let floor = (f64::from(best) * KEEP_OF_BEST) as u32;
        hits.retain(|h| score(h) >= floor);
    }
}

/// Search over the steps of one roadmap: ranked and cut (see [`Searcher`]), ties in
/// roadmap order. A blank query lists nothing.
pub fn search(roadmap: &Roadmap, query: &str) -> Vec<Hit> {
    let Some(mut searcher) = Searcher::new(query) else {
        return Vec::new();
    };
    let mut hits = searcher.hits(roadmap);
    rank(&mut hits, |h| h.score);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roadmap::Step;

    #[test]
    fn search_ranks_title_hits_first() {
        let step = |title: &str, tag: &str| Step {
            title: title.into(),
            tags: vec![tag.into()],
            ..Step::default()
        };
        let r = Roadmap {
            steps: vec![
                step("HTTP and HTTPS", "Backend"),
                step("Authentication", "Auth"),
                step("OAuth 2.0", "Auth"),
                step("Caching Strategies and Redis", "Backend"),
            ],
            ..Roadmap::default()
        };
        let hits = search(&r, "auth");
        assert_eq!(hits.first().map(|h| h.step), Some(1));
        assert!(hits.iter().any(|h| h.step == 2));
        assert!(!hits.iter().any(|h| h.step == 0));
        assert!(search(&r, "  ").is_empty());
    }

    #[test]
    fn search_cuts_scattered_matches_and_reports_matched_chars() {
        let step = |title: &str, covers: &[&str]| Step {
            title: title.into(),
            covers: covers.iter().map(|c| c.to_string()).collect(),
            ..Step::default()
        };
        let r = Roadmap {
            steps: vec![
                step("REST API design & frameworks", &[]),
                step("Caching Strategies and Redis", &[]),
                step("NoSQL Databases", &["MongoDB", "Redis"]),
                step("Data Structures and Algorithms", &[]),
                step("Redis", &[]),
                step("Terminal basics", &["grep", "ps", "df", "du"]),
            ],
            ..Roadmap::default()
        };
        let hits = search(&r, "redis");
        let steps: Vec<usize> = hits.iter().map(|h| h.step).collect();
        // Exact title words first (ties in roadmap order), then the tag hit; r-e-d-i-s
        // scattered over a title or across tags is not a match.
        assert_eq!(steps, [1, 4, 2]);
        assert_eq!(hits[0].title_chars, (23..28).collect::<Vec<u32>>());
        assert_eq!(hits[1].title_chars, [0, 1, 2, 3, 4]);
        assert!(hits[2].title_chars.is_empty());
        assert!(hits[0].score >= 2 * hits[2].score);
        // Two words may match in two places.
        let hits = search(&r, "cach redis");
        assert_eq!(hits.first().map(|h| h.step), Some(1));
    }
}
