//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Score therapeutic-relationship questionnaires, follow clients over sessions,
/// and compute reliability statistics, from CSV or NDJSON files.
///
/// Input CSV files have a header: `respondent`, `session` (a whole number),
/// optionally `date`, then one column per item id (the published item numbers:
/// 1, 2, …). An empty cell is a missing answer; `n/a` is "does not apply".
/// NDJSON files hold one response per line:
/// {"instrument":"wai-sr","respondent":"c01","session":3,"answers":{"1":4,"2":null}}
///
/// Exit codes: 0 all rows processed; 1 some rows were rejected (each is
/// reported on standard error with its line, column and reason); 2 usage or
/// instrument-definition error.
#[derive(Debug, Parser)]
#[command(name = "bordin", version, about, long_about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List the built-in instruments (id, confidence, items, scales, title).
    List(ListArgs),
    /// Show one instrument: citation, license, provenance, items and scales.
    Show {
        /// A built-in instrument id (see `bordin list`) or a definition file.
        instrument: String,
    },
    /// Print the JSON Schema of the instrument file format.
    Schema,
    /// Check instrument definition files and report every problem with its location.
    Validate {
        /// Definition files (JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Score each response: scale values, bands and flags, one output row per input row.
    Score(ScoreArgs),
    /// Follow each client over sessions: slope, reliable change, sudden gains, ruptures, alerts.
    Trend(TrendArgs),
    /// Internal consistency of a sample: alpha with intervals, item statistics, omega, split-half.
    Reliability(ReliabilityArgs),
    /// Intraclass correlations (Shrout & Fleiss) of targets (rows) by raters (columns).
    Icc(IccArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Only instruments measuring this construct (alliance, empathy, burnout, depression, …).
    #[arg(long)]
    pub(crate) construct: Option<String>,
    /// Only instruments filled in by this respondent (client, therapist, …).
    #[arg(long)]
    pub(crate) respondent: Option<String>,
    /// Only instruments whose scoring key is confirmed by two independent sources.
    #[arg(long)]
    pub(crate) confirmed_only: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextJson::Text)]
    pub(crate) format: TextJson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TextJson {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum JsonCsv {
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    Csv,
    Ndjson,
}

/// Where the input comes from.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Input file (`.csv`, `.ndjson` or `.jsonl`), or `-` for standard input.
    #[arg(default_value = "-")]
    pub(crate) input: PathBuf,
    /// Input format, when the file name does not tell (standard input defaults to CSV).
    #[arg(long, value_enum)]
    pub(crate) input_format: Option<InputFormat>,
}

#[derive(Debug, Args)]
pub(crate) struct ScoreArgs {
    /// The instrument: a built-in id (wai-sr, srs, phq-9, …) or a definition file.
    #[arg(long)]
    pub(crate) instrument: String,
    /// Output format: JSON (one object per line) or CSV.
    #[arg(long, value_enum, default_value_t = JsonCsv::Json)]
    pub(crate) format: JsonCsv,
    /// Also write each rejected input row, unchanged, to this file.
    #[arg(long)]
    pub(crate) rejects: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) input: InputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct TrendArgs {
    /// The instrument: a built-in id or a definition file.
    #[arg(long)]
    pub(crate) instrument: String,
    /// The scale to follow (default: total, or the instrument's first scale).
    #[arg(long)]
    pub(crate) scale: Option<String>,
    /// Draw each client's series to this SVG file.
    #[arg(long)]
    pub(crate) chart: Option<PathBuf>,
    /// Only this respondent (for the output and the chart).
    #[arg(long)]
    pub(crate) respondent: Option<String>,
    /// Reliable change from this reference SD (with --reliability) instead of
    /// the instrument's declared parameters.
    #[arg(long, requires = "reliability")]
    pub(crate) sd: Option<f64>,
    /// Reliability (alpha or retest) of the reference sample, for --sd.
    #[arg(long, requires = "sd")]
    pub(crate) reliability: Option<f64>,
    /// A sudden gain must be at least this many points (default: the minimal
    /// reliable change, when the instrument or --sd/--reliability give one).
    #[arg(long)]
    pub(crate) gain_cutoff: Option<f64>,
    /// The cut-off to draw and alert on, by id (default: the scale's first,
    /// e.g. ORS `clinical-adult`; `clinical-adolescent` for 13–17 year olds).
    #[arg(long)]
    pub(crate) cutoff: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = JsonCsv::Json)]
    pub(crate) format: JsonCsv,
    /// Also write each rejected input row, unchanged, to this file.
    #[arg(long)]
    pub(crate) rejects: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MissingArg {
    /// Covariances from all pairs of answered items (as psych and pingouin).
    Pairwise,
    /// Only rows with every item answered.
    Listwise,
}

#[derive(Debug, Args)]
pub(crate) struct ReliabilityArgs {
    /// Score items with this instrument's key (reverse keying and recoding) first.
    #[arg(long, conflicts_with_all = ["reverse", "min", "max"])]
    pub(crate) instrument: Option<String>,
    /// With --instrument: the scale whose items are analysed (default: total).
    #[arg(long, requires = "instrument")]
    pub(crate) scale: Option<String>,
    /// Without --instrument: comma-separated columns to reverse-key as min + max − x.
    #[arg(long, value_delimiter = ',', requires_all = ["min", "max"])]
    pub(crate) reverse: Vec<String>,
    /// The response scale's lowest value (for --reverse).
    #[arg(long, allow_negative_numbers = true)]
    pub(crate) min: Option<f64>,
    /// The response scale's highest value (for --reverse).
    #[arg(long, allow_negative_numbers = true)]
    pub(crate) max: Option<f64>,
    /// Missing-data handling.
    #[arg(long, value_enum, default_value_t = MissingArg::Pairwise)]
    pub(crate) missing: MissingArg,
    /// Add a percentile bootstrap interval for alpha with this many resamples.
    #[arg(long, requires = "seed")]
    pub(crate) bootstrap: Option<usize>,
    /// Seed of the bootstrap (the same seed gives the same interval).
    #[arg(long)]
    pub(crate) seed: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextJson::Json)]
    pub(crate) format: TextJson,
    #[command(flatten)]
    pub(crate) input: InputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct IccArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextJson::Json)]
    pub(crate) format: TextJson,
    #[command(flatten)]
    pub(crate) input: InputArgs,
}
