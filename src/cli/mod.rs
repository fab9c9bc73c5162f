//! Command-line interface (clap).

/// Parses arguments and runs the chosen command; returns the process exit code.
pub fn run() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
