//! Ids of roadmaps, phases, steps, groups and tables: lowercase slugs.

/// Why `s` is not a slug (`[a-z0-9]` then `[a-z0-9-]`, at most 64 chars), or `None`.
pub fn slug_error(s: &str) -> Option<&'static str> {
    let mut chars = s.chars();
    match chars.next() {
        None => return Some("it is empty"),
        Some(c) if !(c.is_ascii_lowercase() || c.is_ascii_digit()) => {
            return Some("it must start with a lowercase letter or digit");
        }
        _ => {}
    }
    if !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Some("only lowercase letters, digits and `-` are allowed");
    }
    if s.len() > 64 {
        return Some("it is longer than 64 characters");
    }
    None
}

/// Whether `s` is a valid id slug.
pub fn is_slug(s: &str) -> bool {
    slug_error(s).is_none()
}

/// A slug close to `s` (for hints): lowercase, other chars to `-`, trimmed.
pub(super) fn slugify(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(64).collect();
    let out = out.trim_end_matches('-');
    (!out.is_empty()).then(|| out.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "http-basics", "phase-03", "0", "a-", &"a".repeat(64)] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "A", "a_b", "a b", "é", &"a".repeat(65)] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(slugify("HTTP Basics!").as_deref(), Some("http-basics"));
        assert_eq!(slugify("__"), None);
    }
}
