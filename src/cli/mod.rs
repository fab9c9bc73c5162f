//! Command-line interface: clap definitions and dispatch. Each command group lives in
//! its own file; this one only parses and routes.

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use std::path::PathBuf;
use std::process::ExitCode;

mod browse;
mod card;
pub mod complete;
mod context;
mod coverage;
mod generate;
mod import_chart;
mod list;
mod mark;
mod new;
mod paths;
mod report;
mod review;
mod schedule;
pub mod schema;
mod states_cache;
mod stats;
pub mod transfer;
mod validate_watch;

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
    /// Config file (default: the XDG config dir, waymark/config.toml).
    #[arg(long, global = true, env = "WAYMARK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Parse every roadmap file, without reading or writing the load cache.
    #[arg(
        long,
        global = true,
        env = "WAYMARK_NO_CACHE",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub no_cache: bool,
}

impl GlobalArgs {
    /// The flags as plain values, for what the CLI shares with the TUI.
    pub fn session(&self) -> crate::session::Session {
        crate::session::Session {
            db: self.db.clone(),
            roadmaps: self.roadmaps.clone(),
            config: self.config.clone(),
            no_cache: self.no_cache,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal interface (the default with no command).
    Tui {
        /// Roadmap to open (default: the last one used, or a picker).
        #[arg(add = ArgValueCompleter::new(complete::roadmap))]
        roadmap: Option<String>,
    },
    /// Check roadmap files; with no FILE, every bundled and user roadmap.
    Validate {
        /// Roadmap TOML files to check.
        files: Vec<PathBuf>,
        /// Problems as JSON: `[{file, valid, problems: [{kind, message, line, col, span, help}]}]`.
        #[arg(long)]
        json: bool,
        /// Validate again on every save of FILE (or of the user roadmap folder), clearing
        /// the screen between reports; Ctrl-C stops.
        #[arg(long, conflicts_with = "json")]
        watch: bool,
        /// Stop after this many reports (for tests).
        #[arg(long, hide = true, requires = "watch", value_name = "N")]
        watch_max_runs: Option<u32>,
    },
    /// One row per roadmap: id, title, phases, steps, hours, done.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Phases and steps of a roadmap, optionally filtered.
    Show {
        #[arg(add = ArgValueCompleter::new(complete::roadmap))]
        roadmap: String,
        /// Filter terms, e.g. `tag:auth level:intermediate -status:done redis`.
        #[arg(allow_hyphen_values = true, add = ArgValueCompleter::new(complete::filter_term))]
        filter: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mark steps done (ROADMAP/STEP ...).
    Done {
        #[arg(add = ArgValueCompleter::new(complete::step))]
        steps: Vec<String>,
    },
    /// Mark steps in progress.
    Start {
        #[arg(add = ArgValueCompleter::new(complete::step))]
        steps: Vec<String>,
    },
    /// Mark steps skipped.
    Skip {
        #[arg(add = ArgValueCompleter::new(complete::step))]
        steps: Vec<String>,
    },
    /// Set steps back to todo.
    Reset {
        #[arg(add = ArgValueCompleter::new(complete::step))]
        steps: Vec<String>,
    },
    /// Revert the last change (repeatable).
    Undo,
    /// Set a step's note; with no TEXT, edit it in $VISUAL / $EDITOR.
    Note {
        #[arg(add = ArgValueCompleter::new(complete::step))]
        step: String,
        text: Vec<String>,
        /// Remove the note.
        #[arg(long, conflicts_with = "text")]
        clear: bool,
    },
    /// Progress per roadmap and phase, hours left and projected finish.
    Progress {
        #[arg(add = ArgValueCompleter::new(complete::roadmap))]
        roadmap: Option<String>,
        #[arg(long)]
        json: bool,
        /// List stored progress whose step no roadmap has any more.
        #[arg(long)]
        orphans: bool,
    },
    /// Show or set the study pace in hours per week: `pace 6` for every roadmap,
    /// `pace ROADMAP 6` for one (it then overrides the global pace there).
    Pace {
        /// `[ROADMAP] [HOURS]`.
        #[arg(value_name = "ROADMAP|HOURS", num_args = 0..=2, allow_negative_numbers = true)]
        args: Vec<String>,
        /// Forget the pace (the global one, or ROADMAP's own).
        #[arg(long)]
        clear: bool,
    },
    /// Lay the source's schedule (phase windows, or its duration) on the calendar from a
    /// start date; `progress` and the TUI then say which week of the plan you are in.
    Plan {
        roadmap: String,
        /// The plan's first day (YYYY-MM-DD, or `today`); stored.
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// Forget the plan.
        #[arg(long, conflicts_with = "start")]
        clear: bool,
        #[arg(long)]
        json: bool,
    },
    /// How much of ROADMAP is covered by what you did in other roadmaps (shared topics),
    /// per phase, and which of its steps are new to you.
    Coverage {
        roadmap: String,
        #[arg(long)]
        json: bool,
    },
    /// The history of status changes.
    Log {
        /// Only changes on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The study log: a heatmap of the last 52 weeks, streaks, steps and hours per week,
    /// and per roadmap the pace set against the pace achieved.
    Stats {
        /// Counts per day, weeks and roadmaps as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Review done steps that are due (3 days, 1, 3, 8 weeks, 6 months after), one key
    /// per answer: g good (next interval), h hard (same again), f forgot (start over).
    Review {
        /// Only this roadmap's steps.
        roadmap: Option<String>,
        /// List the due steps as JSON instead of asking.
        #[arg(long)]
        json: bool,
        /// Record one answer without a terminal: ROADMAP/STEP good|hard|forgot.
        #[arg(long, num_args = 2, value_names = ["ROADMAP/STEP", "ANSWER"], conflicts_with_all = ["roadmap", "json"])]
        answer: Option<Vec<String>>,
        /// With `--answer … forgot`: set the step back to in progress.
        #[arg(long, requires = "answer")]
        reopen: bool,
        /// Turn review off: nothing comes due, the TUI hides the count.
        #[arg(long, conflicts_with_all = ["on", "answer", "json", "roadmap"])]
        off: bool,
        /// Turn review back on.
        #[arg(long, conflicts_with_all = ["answer", "json", "roadmap"])]
        on: bool,
    },
    /// Write a roadmap's progress as Markdown, JSON or CSV.
    Export {
        #[arg(add = ArgValueCompleter::new(complete::roadmap))]
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
    /// Turn a roadmap.sh chart (its JSON, and its content pages) into a roadmap file.
    ImportChart {
        /// The chart: the React Flow JSON of a roadmap.sh roadmap.
        chart: PathBuf,
        /// Folder of `<slug>@<nodeId>.md` pages (default: `content/` beside the chart).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Roadmap id (default: the chart's file name as a slug).
        #[arg(long)]
        id: Option<String>,
        /// Roadmap title (default: the chart's title node).
        #[arg(long)]
        title: Option<String>,
        /// Folder to write ID.toml into (default: the user roadmap folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Print the TOML to standard output instead of writing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the shell completion script (same as `generate completions`).
    #[command(hide = true)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Every file and folder waymark uses (config, database, roadmaps, cache) and
    /// whether each exists.
    Paths {
        #[arg(long)]
        json: bool,
    },
    /// Write a commented starter roadmap into the user roadmap folder; prints its path.
    New {
        /// The new roadmap's id (a slug, e.g. `rust-backend`).
        id: String,
    },
    /// Print the JSON Schema of the roadmap format (for taplo / Even Better TOML).
    Schema,
    /// Write a man page or a shell completion script to standard output.
    Generate {
        #[command(subcommand)]
        what: generate::What,
    },
    /// Draw a roadmap's progress as an SVG card for a README: progress bars, hours,
    /// streak and projected finish.
    Card {
        #[arg(add = ArgValueCompleter::new(complete::roadmap))]
        roadmap: String,
        /// Output file (default, or `-`: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Colours to suit a light or a dark page (default: after the config's `theme`,
        /// light without one).
        #[arg(long, value_enum)]
        theme: Option<card::CardTheme>,
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
    use clap::CommandFactory;
    // A shell asking for completions (`COMPLETE=bash waymark -- …`): answer and exit.
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(complete::VAR)
        .complete();
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(err) => {
            context::eprint_inert(&format!("error: {err:#}"));
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut g = cli.global;
    // `validate` is asked whether the files are valid *now*: it always parses.
    g.no_cache |= matches!(cli.command, Some(Command::Validate { .. }));
    // The interface reports config problems itself; scripts that only print a script
    // or a page do not need the config.
    let defaults = crate::config::Config::default();
    let config = match &cli.command {
        None
        | Some(
            Command::Tui { .. }
            | Command::Generate { .. }
            | Command::Completions { .. }
            | Command::Paths { .. }
            | Command::Schema,
        ) => &defaults,
        Some(_) => context::config(&g),
    };
    let bare = |steps: Vec<String>| context::with_default_roadmap(config, steps);
    match cli.command {
        None => crate::runtime::run_tui(&g.session(), None),
        Some(Command::Tui { roadmap }) => crate::runtime::run_tui(&g.session(), roadmap),
        Some(Command::Validate {
            files,
            json,
            watch,
            watch_max_runs,
        }) => match watch {
            true => validate_watch::validate_watch(&g, &files, watch_max_runs),
            false => browse::validate(&g, &files, json),
        },
        Some(Command::List { json }) => list::list(&g, json),
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
        Some(Command::Done { steps }) => mark::set(&g, crate::model::Status::Done, &bare(steps)),
        Some(Command::Start { steps }) => {
            mark::set(&g, crate::model::Status::InProgress, &bare(steps))
        }
        Some(Command::Skip { steps }) => mark::set(&g, crate::model::Status::Skipped, &bare(steps)),
        Some(Command::Reset { steps }) => mark::set(&g, crate::model::Status::Todo, &bare(steps)),
        Some(Command::Undo) => mark::undo(&g),
        Some(Command::Note { step, text, clear }) => {
            let step = bare(vec![step]).remove(0);
            mark::note(&g, &step, &text, clear)
        }
        Some(Command::Progress {
            roadmap,
            json,
            orphans,
        }) => report::progress(&g, roadmap.as_deref(), json, orphans),
        Some(Command::Pace { args, clear }) => schedule::pace(&g, &args, clear),
        Some(Command::Plan {
            roadmap,
            start,
            clear,
            json,
        }) => schedule::plan(&g, &roadmap, start.as_deref(), clear, json),
        Some(Command::Coverage { roadmap, json }) => coverage::coverage(&g, &roadmap, json),
        Some(Command::Log { since, json }) => report::log(&g, since.as_deref(), json),
        Some(Command::Stats { json }) => stats::stats(&g, config.week_start, json),
        Some(Command::Review {
            roadmap,
            json,
            answer,
            reopen,
            off,
            on,
        }) => review::review(
            &g,
            &review::ReviewArgs {
                roadmap,
                json,
                answer,
                reopen,
                off,
                on,
            },
        ),
        Some(Command::Export {
            roadmap,
            format,
            output,
        }) => transfer::export(&g, &roadmap, format, output.as_deref()),
        Some(Command::Import { file }) => transfer::import(&g, &file),
        Some(Command::ImportChart {
            chart,
            content,
            id,
            title,
            out,
            dry_run,
        }) => import_chart::import_chart(
            &g,
            &import_chart::Args {
                chart,
                content,
                id,
                title,
                out,
                dry_run,
            },
        ),
        Some(Command::Completions { shell }) => {
            generate::run(generate::What::Completions { shell })
        }
        Some(Command::Generate { what }) => generate::run(what),
        Some(Command::Paths { json }) => paths::paths(&g, json),
        Some(Command::Schema) => schema::schema(),
        Some(Command::New { id }) => new::new(&g, &id),
        Some(Command::Card {
            roadmap,
            output,
            theme,
        }) => card::card(
            &g,
            &roadmap,
            output.as_deref(),
            theme.unwrap_or_else(|| card::CardTheme::after_config(config.theme.as_deref())),
        ),
    }
}
