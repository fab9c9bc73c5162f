//! Editing text in the user's editor (`$VISUAL`, then `$EDITOR`, then `vi`), shared by
//! `waymark note` and the TUI's `e`.

use anyhow::{Context, anyhow};
use std::io::Write;

/// Opens the editor on a private temporary file holding `text`; returns what was saved.
/// `label` names the file (`waymark-note-<label>-….md`) so the editor's title says what
/// is being edited.
pub fn edit_text(text: &str, label: &str) -> anyhow::Result<String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let safe: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    // tempfile creates the file with mode 0600 and removes it when dropped.
    let mut file = tempfile::Builder::new()
        .prefix(&format!("waymark-note-{safe}-"))
        .suffix(".md")
        .tempfile()
        .context("creating a temporary file for the note")?;
    file.write_all(text.as_bytes())?;
    // A text file ends with a line break: editors and `>>` that append would otherwise
    // glue their first line onto the note's last one.
    if !text.is_empty() && !text.ends_with('\n') {
        file.write_all(b"\n")?;
    }
    file.flush()?;
    let path = file.path();
    // Through the shell, so EDITOR="code --wait" works.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status();
    match status {
        Ok(s) if s.success() => {
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
        }
        Ok(s) => Err(anyhow!(
            "the editor `{editor}` failed ({s}); the note was not changed"
        )),
        Err(e) => Err(anyhow!("cannot run the editor `{editor}`: {e}")),
    }
}
