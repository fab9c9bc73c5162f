//! `waymark schema`: the JSON Schema of the roadmap format, for editors with a TOML
//! language server (taplo, Even Better TOML). It is written by hand beside the loader;
//! a test checks both accept the same keys and that every bundled roadmap passes it.

use super::context;
use std::process::ExitCode;

/// The schema text (`schema/roadmap.schema.json`).
pub const SCHEMA: &str = include_str!("../../schema/roadmap.schema.json");

/// The directive taplo reads on a roadmap's first line, for a roadmap beside a copy of
/// the schema (what `waymark new` writes).
pub const DIRECTIVE: &str = "#:schema ./roadmap.schema.json";

pub(super) fn schema() -> anyhow::Result<ExitCode> {
    context::write_out(SCHEMA)
}
