//! The settings kept in the progress database: one [`Setting`] per key, each with the
//! type of its value ([`SettingValue`]). Callers never spell a key string; a value that
//! does not parse as its type (edited by hand, written by a future waymark) reads as unset.

use super::{Store, StoreError, open};
use rusqlite::OptionalExtension;

/// A setting's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setting {
    /// Study pace in hours per week (a positive, finite number).
    Pace,
    /// The roadmap the TUI showed last (its id).
    LastRoadmap,
    /// The TUI's last selection.
    LastSelection,
    /// Where the TUI was in each roadmap: one `roadmap-id/step-id` per line.
    Places,
    /// Whether the TUI hides done and skipped steps (`H`).
    HideDone,
    /// The pane the TUI had focused: `phases`, `steps` or `details`.
    Focus,
    /// Spaced review on or off (stored only when off).
    Review,
}

impl Setting {
    pub const ALL: [Setting; 7] = [
        Setting::Pace,
        Setting::LastRoadmap,
        Setting::LastSelection,
        Setting::Places,
        Setting::HideDone,
        Setting::Focus,
        Setting::Review,
    ];

    /// The key in the `setting` table.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Pace => "pace.hours-per-week",
            Setting::LastRoadmap => "tui.last-roadmap",
            Setting::LastSelection => "tui.last-selection",
            Setting::Places => "tui.places",
            Setting::HideDone => "tui.hide-done",
            Setting::Focus => "tui.focus",
            Setting::Review => "review.enabled",
        }
    }
}

/// A setting with its typed value.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingValue {
    Pace(f64),
    LastRoadmap(String),
    LastSelection {
        roadmap: String,
        step: String,
    },
    /// One `roadmap-id/step-id` per line.
    Places(String),
    HideDone(bool),
    Focus(String),
    Review(bool),
}

impl SettingValue {
    pub fn setting(&self) -> Setting {
        match self {
            SettingValue::Pace(_) => Setting::Pace,
            SettingValue::LastRoadmap(_) => Setting::LastRoadmap,
            SettingValue::LastSelection { .. } => Setting::LastSelection,
            SettingValue::Places(_) => Setting::Places,
            SettingValue::HideDone(_) => Setting::HideDone,
            SettingValue::Focus(_) => Setting::Focus,
            SettingValue::Review(_) => Setting::Review,
        }
    }

    /// The stored text.
    pub(super) fn encode(&self) -> String {
        match self {
            SettingValue::Pace(h) => h.to_string(),
            SettingValue::LastRoadmap(id) => id.clone(),
            SettingValue::LastSelection { roadmap, step } => format!("{roadmap}/{step}"),
            SettingValue::Places(p) => p.clone(),
            SettingValue::HideDone(h) => if *h { "yes" } else { "no" }.to_owned(),
            SettingValue::Focus(f) => f.clone(),
            SettingValue::Review(on) => if *on { "on" } else { "off" }.to_owned(),
        }
    }

    /// Reads the stored text of `setting`; `None` when it is not a valid value.
    pub(super) fn decode(setting: Setting, text: &str) -> Option<SettingValue> {
        match setting {
            Setting::Pace => parse_pace(text).map(SettingValue::Pace),
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
            Setting::Places => Some(SettingValue::Places(text.to_owned())),
            Setting::HideDone => match text.trim() {
                "yes" => Some(SettingValue::HideDone(true)),
                "no" => Some(SettingValue::HideDone(false)),
                _ => None,
            },
            Setting::Focus => (!text.is_empty()).then(|| SettingValue::Focus(text.to_owned())),
            Setting::Review => match text.trim() {
                "on" => Some(SettingValue::Review(true)),
                "off" => Some(SettingValue::Review(false)),
                _ => None,
            },
        }
    }
}

/// Settings: typed keys, and the per-roadmap pace and plan start.
impl Store {
    /// A setting's value; `None` when unset or when the stored text is not a valid value.
    pub fn setting(&self, setting: Setting) -> Result<Option<SettingValue>, StoreError> {
        let text = self.setting_text(setting.key())?;
        Ok(text.and_then(|t| SettingValue::decode(setting, &t)))
    }

    fn setting_text(&self, key: &str) -> Result<Option<String>, StoreError> {
        // Cached: the interface's start asks for a dozen settings, and parsing the same
        // SQL each time was most of their cost.
        self.conn
            .prepare_cached("SELECT value FROM setting WHERE key = ?1")
            .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }

    pub fn set_setting(&mut self, value: &SettingValue) -> Result<(), StoreError> {
        let (key, text) = (value.setting().key(), value.encode());
        self.write_setting(key, Some(&text))
    }

    pub fn clear_setting(&mut self, setting: Setting) -> Result<(), StoreError> {
        self.write_setting(setting.key(), None)
    }

    pub(super) fn write_setting(
        &mut self,
        key: &str,
        value: Option<&str>,
    ) -> Result<(), StoreError> {
        let shown = self.shown();
        let tx = self.write()?;
        let r = match value {
            Some(v) => tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, v],
            ),
            None => tx.execute("DELETE FROM setting WHERE key = ?1", [key]),
        };
        r.map_err(|e| open::classify(&shown, e))?;
        tx.commit().map_err(|e| open::classify(&shown, e))
    }

    /// The study pace in hours per week, if set.
    pub fn pace(&self) -> Result<Option<f64>, StoreError> {
        Ok(match self.setting(Setting::Pace)? {
            Some(SettingValue::Pace(h)) => Some(h),
            _ => None,
        })
    }

    pub fn set_pace(&mut self, hours_per_week: Option<f64>) -> Result<(), StoreError> {
        match hours_per_week {
            Some(h) => self.set_setting(&SettingValue::Pace(h)),
            None => self.clear_setting(Setting::Pace),
        }
    }

    /// A roadmap's own pace (`waymark pace ROADMAP H`), which overrides [`Store::pace`].
    pub fn roadmap_pace(&self, roadmap: &str) -> Result<Option<f64>, StoreError> {
        Ok(self
            .setting_text(&roadmap_pace_key(roadmap))?
            .and_then(|t| parse_pace(&t)))
    }

    pub fn set_roadmap_pace(
        &mut self,
        roadmap: &str,
        hours_per_week: Option<f64>,
    ) -> Result<(), StoreError> {
        let text = hours_per_week.map(|h| h.to_string());
        self.write_setting(&roadmap_pace_key(roadmap), text.as_deref())
    }

    /// The day a roadmap's plan starts (`waymark plan ROADMAP --start`).
    pub fn plan_start(&self, roadmap: &str) -> Result<Option<chrono::NaiveDate>, StoreError> {
        Ok(self
            .setting_text(&plan_start_key(roadmap))?
            .and_then(|t| chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()))
    }

    pub fn set_plan_start(
        &mut self,
        roadmap: &str,
        start: Option<chrono::NaiveDate>,
    ) -> Result<(), StoreError> {
        let text = start.map(|d| d.format("%Y-%m-%d").to_string());
        self.write_setting(&plan_start_key(roadmap), text.as_deref())
    }
}

/// Hours per week: a positive, finite number.
pub(super) fn parse_pace(text: &str) -> Option<f64> {
    text.parse::<f64>()
        .ok()
        .filter(|h| h.is_finite() && *h > 0.0)
}

/// Per-roadmap settings: one key per roadmap under a fixed prefix.
pub(super) fn roadmap_pace_key(roadmap: &str) -> String {
    format!("{}.{roadmap}", Setting::Pace.key())
}

pub(super) fn plan_start_key(roadmap: &str) -> String {
    format!("plan.start.{roadmap}")
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
            SettingValue::Places("a/b\nc/d\n".into()),
            SettingValue::HideDone(true),
            SettingValue::HideDone(false),
            SettingValue::Focus("details".into()),
            SettingValue::Review(false),
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
            (Setting::HideDone, "maybe"),
            (Setting::Focus, ""),
        ] {
            assert_eq!(SettingValue::decode(s, text), None, "{s:?} {text:?}");
        }
    }
}
