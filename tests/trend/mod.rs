//! Trend tests: one submodule per method, plus properties.
//!
//! Every expected number names its source: a worked example of the methods
//! reference (`shared/reference/methods.md`, section given), the reliable
//! change oracle (`tests/fixtures/trend/rci.json`, a copy of
//! `oracle/expected/rci.json`, computed in R), or a hand computation shown in
//! a comment. Tolerances follow the precision of the source: 1e-12 for the
//! oracle's full-precision values (methods §12.6), half a unit of the last
//! printed decimal for values printed rounded.

mod alerts;
mod change;
mod gains;
mod properties;
mod rupture;
mod series;
mod slope;
mod summary;

use bordin::Polarity;
use bordin::trend::Series;

/// A series with sessions 1..=n.
pub(crate) fn consecutive(polarity: Polarity, values: &[f64]) -> Series {
    let n = u32::try_from(values.len()).unwrap();
    let sessions: Vec<u32> = (1..=n).collect();
    Series::new(polarity, &sessions, values).unwrap()
}
