//! Roadmap types: what a roadmap file describes, after validation.
//!
//! These are plain data. The catalog builds them from TOML (checking every
//! reference), so code holding a `Roadmap` may rely on:
//! - step and phase ids are unique within the roadmap;
//! - `Step::phase` indexes `Roadmap::phases`;
//! - every `Group::steps` entry indexes `Roadmap::steps`;
//! - local `requires` name existing steps and form no cycle;
//! - a `parent` indexes a step of the same phase that has no parent itself.

use super::kebab::kebab_enum;
use bitcode::{Decode, Encode};
use serde::{Deserialize, Serialize};

kebab_enum! {
    /// How hard a step is. Ordered, so `level_range` can be compared.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
    pub enum Level {
        Beginner = "beginner",
        Intermediate = "intermediate",
        Advanced = "advanced",
    }
}

kebab_enum! {
    /// The roadmap.sh chart legend: how the author rates a node.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Encode, Decode)]
    pub enum Kind {
        /// Personal recommendation / opinion.
        Recommended = "recommended",
        /// "Alternative option — pick this or the other".
        Alternative = "alternative",
        /// Order not strict: learn any time.
        Anytime = "anytime",
        /// "I wouldn't recommend".
        NotRecommended = "not-recommended",
    }
}

kebab_enum! {
    /// Where a person is with a step. Stored in SQLite by `as_str`; parsing also
    /// takes the spellings people type on a command line.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub enum Status {
        #[default]
        Todo = "todo" | "to-do" | "open",
        InProgress = "in-progress" | "in_progress" | "inprogress" | "doing" | "started",
        Done = "done" | "finished",
        Skipped = "skipped" | "skip",
    }
}

impl Status {
    /// Done or skipped: nothing left to do on the step.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Skipped)
    }
}

/// A link to learning material.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Resource {
    pub title: String,
    pub url: Option<String>,
    /// Free-form: article, video, course, book, docs, channel, tool, paper, site.
    pub kind: Option<String>,
    pub summary: Option<String>,
}

/// Where a roadmap comes from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Origin {
    pub site: Option<String>,
    pub title: Option<String>,
    pub edition: Option<String>,
    pub url: Option<String>,
    pub updated: Option<String>,
}

/// A label/value pair shown on the roadmap's overview ("Months to job-ready: 8–14").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A comparison table carried by the source (languages, platforms, ...).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Table {
    pub id: String,
    pub title: String,
    /// Index into `Roadmap::phases` when the table belongs to a phase.
    pub phase: Option<usize>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One period of the source's month-by-month timeline.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct TimelineEntry {
    pub window: String,
    pub title: Option<String>,
    pub items: Vec<String>,
}

/// A daily/weekly routine the source recommends.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Routine {
    pub title: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub summary: Option<String>,
    /// Free text as the source gives it: "Weeks 1–2", "Month 8–14 (Interview Prep)".
    pub window: Option<String>,
    /// "Non-negotiable", "Core backend", ...
    pub badge: Option<String>,
    /// A heading the source groups phases under.
    pub section: Option<String>,
    pub tips: Vec<String>,
}

impl Phase {
    /// A phase with only an id and a title (tests, generated roadmaps).
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Phase {
        Phase {
            id: id.into(),
            title: title.into(),
            ..Phase::default()
        }
    }
}

/// A reference from one step to a prerequisite. In JSON a local one is its index and
/// an external one `{roadmap, step}`. Untagged, which only self-describing formats can
/// read back; the load cache uses bitcode's own derive, not serde.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Encode, Decode)]
#[serde(untagged)]
pub enum StepRef {
    /// A step of the same roadmap, by index.
    Local(usize),
    /// `other-roadmap/step`: checked when both roadmaps are loaded.
    External { roadmap: String, step: String },
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Step {
    pub id: String,
    pub title: String,
    /// Index into `Roadmap::phases`.
    pub phase: usize,
    pub summary: Option<String>,
    pub level: Option<Level>,
    pub tags: Vec<String>,
    /// Unset when the source gives no estimate; never invented.
    pub hours: Option<f64>,
    pub optional: bool,
    pub kind: Option<Kind>,
    /// Index of the step this one is a part of (same roadmap, same phase). One level
    /// only: a parent is never itself a child. Not a prerequisite: see `requires`.
    pub parent: Option<usize>,
    pub requires: Vec<StepRef>,
    /// Sub-topics the source names under this step ("grep, awk, sed").
    pub covers: Vec<String>,
    /// Shared topic ids: progress on one step counts for every step sharing a topic.
    pub topics: Vec<String>,
    /// Former ids, so stored progress follows a rename.
    pub aliases: Vec<String>,
    pub resources: Vec<Resource>,
}

/// "Learn one of these": finishing `pick` members settles the group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub pick: usize,
    /// Indexes into `Roadmap::steps`, in the file's order.
    pub steps: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Encode, Decode)]
pub struct Roadmap {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub summary: Option<String>,
    pub origin: Option<Origin>,
    /// Free text: "about 6 months", "8–14 months".
    pub duration: Option<String>,
    /// Lowest and highest level the roadmap spans.
    pub levels: Option<(Level, Level)>,
    pub maintainers: Vec<String>,
    pub tips: Vec<String>,
    pub facts: Vec<Fact>,
    pub phases: Vec<Phase>,
    pub steps: Vec<Step>,
    pub groups: Vec<Group>,
    pub tables: Vec<Table>,
    pub timeline: Vec<TimelineEntry>,
    pub routine: Option<Routine>,
    pub resources: Vec<Resource>,
}

impl Roadmap {
    /// Sum of known hours; steps without an estimate are left out (see `steps_without_hours`).
    pub fn total_hours(&self) -> f64 {
        self.steps.iter().filter_map(|s| s.hours).sum()
    }

    pub fn steps_without_hours(&self) -> usize {
        self.steps.iter().filter(|s| s.hours.is_none()).count()
    }

    /// Step indexes of one phase, in the roadmap's step order.
    pub fn phase_steps(&self, phase: usize) -> impl Iterator<Item = usize> + '_ {
        self.steps
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.phase == phase)
            .map(|(i, _)| i)
    }
}
