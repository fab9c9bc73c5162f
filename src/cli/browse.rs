//! Read-only commands over the catalog: validate, list, show.

use super::GlobalArgs;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn validate(_g: &GlobalArgs, _files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`waymark validate` is not available yet")
}
pub fn list(_g: &GlobalArgs, _json: bool) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`waymark list` is not available yet")
}
pub fn show(
    _g: &GlobalArgs,
    _roadmap: &str,
    _filter: &[String],
    _json: bool,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`waymark show` is not available yet")
}
