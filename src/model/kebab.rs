//! Enums named by kebab-case words (`in-progress`, `not-recommended`): the word of
//! each variant is written once, in [`kebab_enum!`], and drives `ALL`, `as_str`,
//! `Display`, `FromStr` and serde's name.

/// Declares a fieldless enum whose variants have kebab-case names:
///
/// ```ignore
/// kebab_enum! {
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Status {
///         Todo = "todo" | "open",
///         InProgress = "in-progress" | "doing",
///     }
/// }
/// ```
///
/// Generates `Status::ALL` (in declaration order), `as_str` (the first word),
/// `Display`, and `FromStr` (trimmed, ASCII case ignored; the extra words after
/// `|` are accepted spellings; `Err = ()`). The enum derives `serde::Serialize` and
/// `Deserialize` under its first word, so do not derive it again.
macro_rules! kebab_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $word:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $word)]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                let s = s.trim();
                $(
                    if s.eq_ignore_ascii_case($word) $(|| s.eq_ignore_ascii_case($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                Err(())
            }
        }
    };
}

pub(crate) use kebab_enum;

#[cfg(test)]
mod tests {
    kebab_enum! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Sample {
            One = "one",
            /// Doc comments on variants are kept.
            TwoWords = "two-words" | "two_words" | "2",
        }
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(Sample::ALL, [Sample::One, Sample::TwoWords]);
        for v in Sample::ALL {
            assert_eq!(v.as_str().parse::<Sample>(), Ok(v));
            assert_eq!(v.to_string(), v.as_str());
            assert_eq!(
                serde_json::to_string(&v).unwrap(),
                format!("\"{}\"", v.as_str())
            );
        }
    }

    #[test]
    fn parsing_trims_ignores_case_and_takes_aliases() {
        assert_eq!(" ONE ".parse::<Sample>(), Ok(Sample::One));
        assert_eq!("two_words".parse::<Sample>(), Ok(Sample::TwoWords));
        assert_eq!("2".parse::<Sample>(), Ok(Sample::TwoWords));
        assert_eq!("three".parse::<Sample>(), Err(()));
        assert_eq!("".parse::<Sample>(), Err(()));
    }
}
