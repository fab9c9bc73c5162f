//! "Did you mean …?": the one rule for which known names look like a mistyped
//! one, used by roadmap diagnostics, the filter language and the CLI.

/// Up to `limit` of `candidates` that look like `word`, best first (ties in
/// candidate order; duplicates dropped). Case is ignored.
///
/// A candidate is close when it contains `word`, when `word` is an
/// abbreviation of it (its letters in order, e.g. `lvl` for `level`), or when
/// the two are similar by Jaro–Winkler (≥ 0.7) or by edit distance (at most
/// half the letters differ).
pub fn closest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    limit: usize,
) -> Vec<&'c str> {
    let word = word.to_lowercase();
    let mut scored: Vec<(f64, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| score(&word, c).map(|s| (s, i, c)))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<&str> = Vec::with_capacity(limit.min(scored.len()));
    for (_, _, c) in scored {
        if out.len() == limit {
            break;
        }
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The one candidate closest to `word`, if any is close enough.
pub fn best<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    closest(word, candidates, 1).pop()
}

/// How much `candidate` looks like `word` (already lowercase), or `None`.
fn score(word: &str, candidate: &str) -> Option<f64> {
    let c = candidate.to_lowercase();
    if c == word {
        return Some(1.0);
    }
    let similar = strsim::jaro_winkler(word, &c)
        .max(strsim::normalized_damerau_levenshtein(word, &c) + 0.2)
        .min(0.95);
    let contained = !word.is_empty() && c.contains(word);
    let abbreviation = word.chars().count() > 1 && {
        let mut rest = c.chars();
        word.chars().all(|w| rest.any(|x| x == w))
    };
    let s = if contained || abbreviation {
        similar.max(0.9)
    } else {
        similar
    };
    (s >= 0.7).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_abbreviations_and_parts_are_found() {
        let keys = ["id", "title", "phase", "requires", "summary"];
        assert_eq!(best("titel", keys), Some("title"));
        assert_eq!(best("Title", keys), Some("title"));
        assert_eq!(best("require", keys), Some("requires"));
        assert_eq!(best("sumary", keys), Some("summary"));
        assert_eq!(best("lvl", ["tag", "level", "status"]), Some("level"));
        assert_eq!(best("stat", ["tag", "level", "status"]), Some("status"));
        assert_eq!(best("auth", ["jwt-auth", "http"]), Some("jwt-auth"));
    }

    #[test]
    fn unrelated_words_get_nothing() {
        let keys = ["id", "title", "phase", "requires", "summary"];
        assert_eq!(best("zzzzzz", keys), None);
        assert_eq!(best("link", keys), None);
        assert_eq!(best("", keys), None);
        assert_eq!(closest("x", Vec::<&str>::new(), 3), Vec::<&str>::new());
    }

    #[test]
    fn closest_ranks_and_limits() {
        let ids = ["http-basics", "https", "html", "http-basics", "dns"];
        let got = closest("http", ids, 3);
        assert_eq!(got.len(), 3);
        assert!(
            got.contains(&"http-basics") && got.contains(&"https"),
            "{got:?}"
        );
        assert!(!got.contains(&"dns"));
        assert_eq!(closest("http", ids, 1).len(), 1);
    }
}
