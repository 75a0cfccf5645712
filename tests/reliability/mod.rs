//! Reliability tests: the psych 2.2.9 oracle (data-driven), error cases,
//! hand-computed examples and properties.

mod api;
mod fixtures;
mod oracle;
mod properties;
