//! Pure rendering of the app state (in progress).
pub mod text;
