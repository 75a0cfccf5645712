#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod catalog;
mod error;
pub mod goals;
mod instrument;
mod response;
mod score;
pub mod spec;
mod trend_adapter;
mod validate;
mod wording;

pub mod reliability;
pub mod trend;

pub use catalog::{Catalog, CatalogEntry, CatalogFilter};
pub use error::{
    Error, GoalError, InvalidInstrument, LoadError, Origin, Problem, ProblemKind, ScoreError,
    StatsError,
};
pub use instrument::{
    Band, Components, Flag, FlagId, FlagOn, Instrument, InstrumentId, Item, ItemId,
    MAX_DEFINITION_BYTES, ResponseScale, ResponseScaleKind, Scale, ScaleId,
};
pub use response::{Answer, Response};
pub use score::{FiredFlag, ScaleScore, Score, ScoreOptions, Scorer, Status};
pub use spec::{
    Aggregation, Condition, Confidence, Construct, InstrumentSpec, MissingRule, Polarity,
    Respondent,
};
pub use trend_adapter::{client_summary, relative_criterion, summarize_scores};
pub use validate::is_kebab_case;
pub use wording::Wording;

/// The JSON Schema of the instrument file format, generated from [`InstrumentSpec`].
///
/// The same schema is committed as `instruments/instrument.schema.json`.
#[must_use]
pub fn instrument_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(InstrumentSpec)).unwrap_or_default()
}
