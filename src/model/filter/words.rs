//! Bare words of a filter: each must match a step, fuzzily against its title or as a
//! case-insensitive substring of its summary, tags, sub-topics or phase title.

use crate::model::roadmap::Roadmap;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Steps from which bare words are matched on two threads (below it, starting a thread
/// costs about what it saves).
pub const PARALLEL_FROM: usize = 20_000;

/// Matches bare words: fuzzy on the title, substring elsewhere.
pub(super) struct WordMatcher {
    patterns: Vec<(String, Pattern)>,
    matcher: Matcher,
    buf: Vec<char>,
}

impl WordMatcher {
    pub(super) fn new(words: &[String]) -> WordMatcher {
        WordMatcher {
            patterns: words
                .iter()
                .map(|w| {
                    let p = Pattern::new(
                        w,
                        CaseMatching::Ignore,
                        Normalization::Smart,
                        AtomKind::Fuzzy,
                    );
                    (w.clone(), p)
                })
                .collect(),
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    pub(super) fn matches(&mut self, roadmap: &Roadmap, i: usize) -> bool {
        if self.patterns.is_empty() {
            return true;
        }
        let step = &roadmap.steps[i];
        let phase = roadmap
            .phases
            .get(step.phase)
            .map_or("", |p| p.title.as_str());
        let Self {
            patterns,
            matcher,
            buf,
        } = self;
        patterns.iter().all(|(word, pattern)| {
            pattern
                .score(Utf32Str::new(&step.title, buf), matcher)
                .is_some()
                || contains_ci(step.summary.as_deref().unwrap_or(""), word)
                || step.tags.iter().any(|t| contains_ci(t, word))
                || step.covers.iter().any(|t| contains_ci(t, word))
                || contains_ci(phase, word)
        })
    }
}

/// `needle` is already lowercase. An ASCII haystack (nearly every one) is searched in
/// place: typing into the filter runs this for each step on every key, and a lowercase
/// copy per step and field was most of that time on large roadmaps.
fn contains_ci(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        // An ASCII haystack's lowercase copy is ASCII: a needle with other characters
        // cannot be in it, and those bytes never equal ASCII ones below.
        return n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The in-place search says what searching a lowercase copy says.
        #[test]
        fn contains_ci_is_a_search_of_the_lowercase_text(
            haystack in "[a-zA-Z0-9 _&é-]{0,24}",
            needle in "[a-zA-Z é]{0,4}",
        ) {
            let needle = needle.to_lowercase();
            proptest::prop_assert_eq!(
                contains_ci(&haystack, &needle),
                haystack.to_lowercase().contains(&needle)
            );
        }
    }
}
