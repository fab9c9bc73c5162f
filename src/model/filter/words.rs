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
            fuzzy_title(&step.title, word, pattern, matcher, buf)
                || contains_ci(step.summary.as_deref().unwrap_or(""), word)
                || step.tags.iter().any(|t| contains_ci(t, word))
                || step.covers.iter().any(|t| contains_ci(t, word))
                || contains_ci(phase, word)
        })
    }
}

/// Whether `word` (lowercase) fuzzily matches `title`. Only whether, not how well: the
/// filter keeps a step or drops it. For ASCII text that is whether the word's letters
/// appear in the title in order, ignoring case (what nucleo's fuzzy atom accepts; a
/// property test below holds the two together), checked in one pass instead of
/// nucleo's scoring, most of a key's cost on a large roadmap.
fn fuzzy_title(
    title: &str,
    word: &str,
    pattern: &Pattern,
    matcher: &mut Matcher,
    buf: &mut Vec<char>,
) -> bool {
    // A quoted word with spaces is several atoms to nucleo, each matched on its own.
    if title.is_ascii() && word.is_ascii() && !word.bytes().any(|b| b.is_ascii_whitespace()) {
        let mut rest = title.bytes();
        return word
            .bytes()
            .all(|w| rest.any(|t| t.to_ascii_lowercase() == w));
    }
    pattern.score(Utf32Str::new(title, buf), matcher).is_some()
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

    /// What `fuzzy_title` and nucleo's own fuzzy match say about `word` in `title`.
    fn both_say(title: &str, word: &str) -> (bool, bool) {
        let pattern = Pattern::new(
            word,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let nucleo = pattern
            .score(Utf32Str::new(title, &mut buf), &mut matcher)
            .is_some();
        (
            fuzzy_title(title, word, &pattern, &mut matcher, &mut buf),
            nucleo,
        )
    }

    proptest::proptest! {
        /// The one-pass test says what nucleo's fuzzy match says (ASCII titles and
        /// words; a quoted word may hold spaces).
        #[test]
        fn fuzzy_title_agrees_with_nucleo(
            title in "[a-zA-Z0-9 _&./:'^!$-]{0,30}",
            word in "[a-zA-Z0-9_&./:'^!$-][a-zA-Z0-9 _&./:'^!$-]{0,5}",
        ) {
            let word = word.to_lowercase();
            let (ours, nucleo) = both_say(&title, &word);
            proptest::prop_assert_eq!(ours, nucleo);
        }

        /// Words picked from the title in order (so most match, some after a change of
        /// one letter do not): the one-pass test and nucleo agree there too.
        #[test]
        fn fuzzy_title_agrees_with_nucleo_on_picked_words(
            title in "[a-zA-Z0-9 _./-]{1,30}",
            picks in proptest::collection::vec(0usize..30, 1..6),
            swap in proptest::option::of((0usize..6, "[a-z0-9]")),
        ) {
            let mut idx: Vec<usize> = picks.iter().map(|p| p % title.len()).collect();
            idx.sort_unstable();
            idx.dedup();
            let mut word: Vec<char> = idx
                .iter()
                .map(|&i| title.as_bytes()[i] as char)
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if let Some((at, c)) = swap && !word.is_empty() {
                let at = at % word.len();
                word[at] = c.chars().next().unwrap();
            }
            proptest::prop_assume!(!word.is_empty());
            let word: String = word.into_iter().collect();
            let (ours, nucleo) = both_say(&title, &word);
            proptest::prop_assert_eq!(ours, nucleo);
        }

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
