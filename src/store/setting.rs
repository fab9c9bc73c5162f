//! The settings kept in the progress database: one [`Setting`] per key, each with the
//! type of its value ([`SettingValue`]). Callers never spell a key string; a value that
//! does not parse as its type (edited by hand, written by a future waymark) reads as unset.

/// A setting's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setting {
    /// Study pace in hours per week (a positive, finite number).
    Pace,
    /// The roadmap the TUI showed last (its id).
    LastRoadmap,
    /// The TUI's last selection.
    LastSelection,
}

impl Setting {
    pub const ALL: [Setting; 3] = [Setting::Pace, Setting::LastRoadmap, Setting::LastSelection];

    /// The key in the `setting` table.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Pace => "pace.hours-per-week",
            Setting::LastRoadmap => "tui.last-roadmap",
            Setting::LastSelection => "tui.last-selection",
        }
    }
}

/// A setting with its typed value.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingValue {
    Pace(f64),
    LastRoadmap(String),
    LastSelection { roadmap: String, step: String },
}

impl SettingValue {
    pub fn setting(&self) -> Setting {
        match self {
            SettingValue::Pace(_) => Setting::Pace,
            SettingValue::LastRoadmap(_) => Setting::LastRoadmap,
            SettingValue::LastSelection { .. } => Setting::LastSelection,
        }
    }

    /// The stored text.
    pub(super) fn encode(&self) -> String {
        match self {
            SettingValue::Pace(h) => h.to_string(),
            SettingValue::LastRoadmap(id) => id.clone(),
            SettingValue::LastSelection { roadmap, step } => format!("{roadmap}/{step}"),
        }
    }

    /// Reads the stored text of `setting`; `None` when it is not a valid value.
    pub(super) fn decode(setting: Setting, text: &str) -> Option<SettingValue> {
        match setting {
            Setting::Pace => text
                .parse::<f64>()
                .ok()
                .filter(|h| h.is_finite() && *h > 0.0)
                .map(SettingValue::Pace),
            Setting::LastRoadmap => {
                (!text.is_empty()).then(|| SettingValue::LastRoadmap(text.to_owned()))
            }
            Setting::LastSelection => {
                let (roadmap, step) = text.split_once('/')?;
                (!roadmap.is_empty() && !step.is_empty()).then(|| SettingValue::LastSelection {
                    roadmap: roadmap.to_owned(),
                    step: step.to_owned(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct_and_values_round_trip() {
        let keys: std::collections::HashSet<_> = Setting::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(keys.len(), Setting::ALL.len());
        for v in [
            SettingValue::Pace(6.5),
            SettingValue::LastRoadmap("backend".into()),
            SettingValue::LastSelection {
                roadmap: "backend".into(),
                step: "http".into(),
            },
        ] {
            assert_eq!(SettingValue::decode(v.setting(), &v.encode()), Some(v));
        }
    }

    #[test]
    fn values_that_do_not_fit_their_type_read_as_unset() {
        for (s, text) in [
            (Setting::Pace, "fast"),
            (Setting::Pace, "-3"),
            (Setting::Pace, "inf"),
            (Setting::Pace, "NaN"),
            (Setting::LastRoadmap, ""),
            (Setting::LastSelection, "no-slash"),
            (Setting::LastSelection, "/step"),
        ] {
            assert_eq!(SettingValue::decode(s, text), None, "{s:?} {text:?}");
        }
    }
}
