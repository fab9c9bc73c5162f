//! Command-line interface: clap definitions and dispatch. Each command group lives in
//! its own file; this one only parses and routes.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod browse;
pub(crate) mod context;
mod progress;

/// A terminal roadmap tracker: browse learning roadmaps, tick topics off, see progress.
#[derive(Debug, Parser)]
#[command(name = "waymark", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Progress database (default: the XDG data dir, waymark/progress.sqlite3).
    #[arg(long, global = true, env = "WAYMARK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Folder of user roadmaps loaded beside the bundled ones.
    #[arg(long, global = true, env = "WAYMARK_ROADMAPS", value_name = "DIR")]
    pub roadmaps: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal interface (the default with no command).
    Tui {
        /// Roadmap to open (default: the last one used, or a picker).
        roadmap: Option<String>,
    },
    /// Check roadmap files; with no FILE, every bundled and user roadmap.
    Validate {
        /// Roadmap TOML files to check.
        files: Vec<PathBuf>,
        /// Problems as JSON: `[{file, valid, problems: [{kind, message, line, col, span, help}]}]`.
        #[arg(long)]
        json: bool,
    },
    /// One row per roadmap: id, title, phases, steps, hours, done.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Phases and steps of a roadmap, optionally filtered.
    Show {
        roadmap: String,
        /// Filter terms, e.g. `tag:auth level:intermediate -status:done redis`.
        #[arg(allow_hyphen_values = true)]
        filter: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mark steps done (ROADMAP/STEP ...).
    Done { steps: Vec<String> },
    /// Mark steps in progress.
    Start { steps: Vec<String> },
    /// Mark steps skipped.
    Skip { steps: Vec<String> },
    /// Set steps back to todo.
    Reset { steps: Vec<String> },
    /// Revert the last change (repeatable).
    Undo,
    /// Set a step's note; with no TEXT, edit it in $VISUAL / $EDITOR.
    Note {
        step: String,
        text: Vec<String>,
        /// Remove the note.
        #[arg(long, conflicts_with = "text")]
        clear: bool,
    },
    /// Progress per roadmap and phase, hours left and projected finish.
    Progress {
        roadmap: Option<String>,
        #[arg(long)]
        json: bool,
        /// List stored progress whose step no roadmap has any more.
        #[arg(long)]
        orphans: bool,
    },
    /// Show or set the study pace in hours per week.
    Pace {
        hours: Option<f64>,
        /// Forget the pace.
        #[arg(long, conflicts_with = "hours")]
        clear: bool,
    },
    /// The history of status changes.
    Log {
        /// Only changes on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write a roadmap's progress as Markdown, JSON or CSV.
    Export {
        roadmap: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Merge a JSON export into the progress database (FILE, or - for standard input;
    /// at most 64 MiB; times more than a day ahead are refused).
    Import { file: PathBuf },
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
    Csv,
}

/// Parses arguments and runs the chosen command; returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let g = cli.global;
    match cli.command {
        None => crate::runtime::run_tui(&g, None),
        Some(Command::Tui { roadmap }) => crate::runtime::run_tui(&g, roadmap),
        Some(Command::Validate { files, json }) => browse::validate(&g, &files, json),
        Some(Command::List { json }) => browse::list(&g, json),
        Some(Command::Show {
            roadmap,
            mut filter,
            json,
        }) => {
            // Negated terms (`-status:done`) make clap take everything after them as
            // filter words, `--json` included; take the flag back out.
            let before = filter.len();
            filter.retain(|f| f != "--json");
            browse::show(&g, &roadmap, &filter, json || filter.len() != before)
        }
        Some(Command::Done { steps }) => progress::set(&g, crate::model::Status::Done, &steps),
        Some(Command::Start { steps }) => {
            progress::set(&g, crate::model::Status::InProgress, &steps)
        }
        Some(Command::Skip { steps }) => progress::set(&g, crate::model::Status::Skipped, &steps),
        Some(Command::Reset { steps }) => progress::set(&g, crate::model::Status::Todo, &steps),
        Some(Command::Undo) => progress::undo(&g),
        Some(Command::Note { step, text, clear }) => progress::note(&g, &step, &text, clear),
        Some(Command::Progress {
            roadmap,
            json,
            orphans,
        }) => progress::progress(&g, roadmap.as_deref(), json, orphans),
        Some(Command::Pace { hours, clear }) => progress::pace(&g, hours, clear),
        Some(Command::Log { since, json }) => progress::log(&g, since.as_deref(), json),
        Some(Command::Export {
            roadmap,
            format,
            output,
        }) => progress::export(&g, &roadmap, format, output.as_deref()),
        Some(Command::Import { file }) => progress::import(&g, &file),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            // Into a buffer first: clap_complete panics when stdout is a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "waymark", &mut script);
            context::write_out(&String::from_utf8_lossy(&script))
        }
    }
}
