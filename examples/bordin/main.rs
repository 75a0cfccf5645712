//! `bordin`: the command-line scorer.
//!
//! `cargo run --release --example bordin -- --help`
//!
//! The CLI has no scoring or statistics of its own: it reads files, calls the
//! library, and writes JSON or CSV. It is also the only place that rounds
//! (in its text tables).

mod args;
mod catalog_cmd;
mod chart;
mod input;
mod output;
mod reliability_cmd;
mod score_cmd;
mod trend_cmd;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// Why a run stopped.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A usage, input-file or instrument-definition error: exit code 2.
    Usage(String),
    /// Writing the output failed.
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// How a run ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Every row was used.
    Clean,
    /// Some rows were rejected and reported.
    Rejects,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::List(args) => catalog_cmd::list(&args),
        Command::Show { instrument } => catalog_cmd::show(&instrument),
        Command::Schema => catalog_cmd::schema(),
        Command::Validate { files } => catalog_cmd::validate(&files),
        Command::Score(args) => score_cmd::run(&args),
        Command::Reliability(args) => reliability_cmd::reliability(&args),
        Command::Icc(args) => reliability_cmd::icc_command(&args),
        Command::Trend(args) => trend_cmd::run(&args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Rejects) => ExitCode::from(1),
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            let _ = writeln!(io::stderr(), "bordin: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Usage(message)) => {
            let _ = writeln!(io::stderr(), "bordin: {message}");
            ExitCode::from(2)
        }
    }
}

/// Formats an error with its whole `source()` chain, one cause per line.
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        out.push_str("\n  caused by: ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Loads an instrument: a built-in id, or a definition file.
pub(crate) fn load_instrument(spec: &str) -> Result<bordin::Instrument, Failure> {
    if let Some(inst) = bordin::Catalog::builtin().get(spec) {
        return Ok(inst.clone());
    }
    let path = std::path::Path::new(spec);
    if path.extension().is_some_and(|e| e == "json") || path.exists() {
        return bordin::Instrument::from_path(path).map_err(|e| Failure::Usage(chain(&e)));
    }
    Err(Failure::Usage(format!(
        "unknown instrument `{spec}`: not a built-in id (see `bordin list`) nor a file"
    )))
}

/// A progress bar on standard error, only when it is a terminal and the input
/// file is large (over 50 MB).
pub(crate) fn output_progress(size: Option<u64>) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let size = size?;
    if size < 50_000_000 || !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message("rows");
    Some(bar)
}
