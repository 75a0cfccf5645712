//! The serde + JSON Schema mirror of an instrument file. No logic lives here.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which direction of a scale means improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    /// Higher values are better (alliance, empathy, well-being).
    HigherIsBetter,
    /// Higher values are worse (symptoms, distress, burnout).
    HigherIsWorse,
}
