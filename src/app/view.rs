//! The full-screen view under any overlay: the main list, the chart, the stats or the review.
//! (`app/mod.rs`, step 2: a full-screen view is a variant here.)

use super::chart::ChartState;
use super::review::ReviewState;
use super::stats::StatsState;

#[derive(Debug, Clone, Default)]
pub enum View {
    #[default]
    Main,
    Stats(StatsState),
    Review(ReviewState),
    Chart(ChartState),
}
