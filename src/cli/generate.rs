//! `waymark generate man | completions SHELL`: what a package or a dotfile installs.

use super::{Cli, complete, context};
use clap::{CommandFactory, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Clone, Subcommand)]
pub enum What {
    /// The man page (roff), from the command-line definitions.
    Man,
    /// The completion script for a shell; it asks waymark for roadmap, step, tag and
    /// filter candidates as you type.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

pub(super) fn run(what: What) -> anyhow::Result<ExitCode> {
    match what {
        What::Man => {
            // Into a buffer first: writing straight to a closed pipe would fail midway.
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            context::write_out(&String::from_utf8_lossy(&page))
        }
        What::Completions { shell } => context::write_out(&complete::registration(shell)?),
    }
}
