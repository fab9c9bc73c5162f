//! Commands that read or change progress: done/start/skip/reset, undo, note, progress,
//! pace, log, export, import.

use super::{ExportFormat, GlobalArgs};
use crate::model::Status;
use std::path::Path;
use std::process::ExitCode;

fn not_yet(what: &str) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`waymark {what}` is not available yet")
}

pub fn set(_g: &GlobalArgs, status: Status, _steps: &[String]) -> anyhow::Result<ExitCode> {
    not_yet(status.as_str())
}
pub fn undo(_g: &GlobalArgs) -> anyhow::Result<ExitCode> {
    not_yet("undo")
}
pub fn note(
    _g: &GlobalArgs,
    _step: &str,
    _text: &[String],
    _clear: bool,
) -> anyhow::Result<ExitCode> {
    not_yet("note")
}
pub fn progress(
    _g: &GlobalArgs,
    _roadmap: Option<&str>,
    _json: bool,
    _orphans: bool,
) -> anyhow::Result<ExitCode> {
    not_yet("progress")
}
pub fn pace(_g: &GlobalArgs, _hours: Option<f64>, _clear: bool) -> anyhow::Result<ExitCode> {
    not_yet("pace")
}
pub fn log(_g: &GlobalArgs, _since: Option<&str>, _json: bool) -> anyhow::Result<ExitCode> {
    not_yet("log")
}
pub fn export(
    _g: &GlobalArgs,
    _roadmap: &str,
    _format: ExportFormat,
    _out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    not_yet("export")
}
pub fn import(_g: &GlobalArgs, _file: &Path) -> anyhow::Result<ExitCode> {
    not_yet("import")
}
