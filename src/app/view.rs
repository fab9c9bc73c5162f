//! The full-screen view under any overlay: the main list, the stats or the review.
//! (`app/mod.rs`, step 2: a full-screen view is a variant here.)

use super::review::ReviewState;
use super::stats::StatsState;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum View {
    #[default]
    Main,
    Stats(StatsState),
    Review(ReviewState),
}
