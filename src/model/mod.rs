//! Roadmap types, the in-memory graph, the filter language and progress math.
//! Pure: no I/O, and "now" is always passed in.

pub mod roadmap;

pub use roadmap::*;
