//! Fixed interface text in one place.

pub const APP: &str = "waymark";
pub const PHASES: &str = "Phases";
pub const PICKER_TITLE: &str = "Choose a roadmap";
pub const PICKER_FIRST_RUN: &str =
    "Pick a roadmap to start. Your progress is saved as you go; r switches later.";
pub const HELP_TITLE: &str = "Keys";
pub const SEARCH_TITLE: &str = "Search all roadmaps";
pub const FILTER_TITLE: &str = "Filter";
pub const FILTER_HELP: &str =
    "keys: tag level status optional kind phase topic is · -term negates · \"quote spaces\"";
pub const FILTER_EXAMPLE: &str = "e.g. tag:auth level:intermediate -status:done redis";
pub const TAGS_TITLE: &str = "Tags";
pub const LEVELS_TITLE: &str = "Levels";
pub const NO_MATCH: &str = "No step matches the filter.";
pub const NO_MATCH_HINT: &str = "c clears it · f edits it";
pub const EMPTY_PHASE: &str = "No step of this phase matches.";
pub const NO_STEP: &str = "No step selected.";
pub const SEARCH_EMPTY: &str = "Type to search the steps of every roadmap.";
pub const SEARCH_NONE: &str = "Nothing matches.";
pub const TOO_SMALL: &str = "terminal too small";
pub const TOO_SMALL_KEYS: &str = "keys wait until it is larger · q quits";
pub const VALIDATE_HINT: &str = "`waymark validate` for details";
