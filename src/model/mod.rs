//! Roadmap types, the in-memory graph, the filter language and progress math.
//! Pure: no I/O, and "now" is always passed in.

pub mod coverage;
pub mod filter;
pub mod graph;
pub(crate) mod kebab;
pub mod progress;
pub mod review;
pub mod roadmap;
pub mod schedule;
pub mod search;
pub mod streak;
pub mod studylog;
pub mod suggest;
pub mod topics;

pub use coverage::Coverage;
pub use filter::{Filter, FilterError, context_parents};
pub use graph::{Cycle, Graph};
pub use progress::{Effective, Snapshot, Summary, Tally};
pub use roadmap::*;
pub use streak::{Streak, current_streak};
pub use topics::TopicIndex;
