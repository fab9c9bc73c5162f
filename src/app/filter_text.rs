//! Editing a filter expression as text: the tag and level pickers replace the positive
//! `tag:` / `level:` terms of the expression, so the footer always shows one expression
//! in the CLI's language. Parsing and matching stay in `model::filter`.

/// Splits into tokens the way the filter language does (whitespace, double quotes kept).
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn key_of(token: &str) -> Option<&str> {
    token.split_once(':').map(|(k, _)| k)
}

/// Values of the positive `key:` terms (`tag:a,b tag:c` → a, b, c), quotes removed.
pub fn values(text: &str, key: &str) -> Vec<String> {
    tokens(text)
        .iter()
        .filter(|t| key_of(t).is_some_and(|k| k.eq_ignore_ascii_case(key)))
        .filter_map(|t| t.split_once(':').map(|(_, v)| v.replace('"', "")))
        .flat_map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Replaces the positive `key:` terms with one term listing `values` (none: removed).
pub fn set_values(text: &str, key: &str, values: &[String]) -> String {
    let mut kept: Vec<String> = tokens(text)
        .into_iter()
        .filter(|t| !key_of(t).is_some_and(|k| k.eq_ignore_ascii_case(key)))
        .collect();
    if !values.is_empty() {
        let joined = values.join(",");
        let term = if joined.chars().any(char::is_whitespace) {
            format!("{key}:\"{joined}\"")
        } else {
            format!("{key}:{joined}")
        };
        kept.push(term);
    }
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_positive_terms_of_one_key() {
        let t = "tag:auth level:beginner -tag:db redis";
        assert_eq!(values(t, "tag"), vec!["auth"]);
        assert_eq!(
            set_values(t, "tag", &["a".into(), "b".into()]),
            "level:beginner -tag:db redis tag:a,b"
        );
        assert_eq!(set_values(t, "level", &[]), "tag:auth -tag:db redis");
        let spaced = set_values("", "tag", &["Version Control".into()]);
        assert_eq!(spaced, "tag:\"Version Control\"");
        assert_eq!(values(&spaced, "tag"), vec!["Version Control"]);
        assert!(crate::model::Filter::parse(&spaced).is_ok());
    }
}
