//! The single integration-test binary: one module per area.
#![allow(
    clippy::unreadable_literal,
    reason = "reference values are copied verbatim"
)]
#![allow(
    clippy::float_cmp,
    reason = "exact comparisons are intended where written"
)]

mod support;

mod catalog_keys;
mod catalog_readme;
mod cli;
mod goals;
mod golden;
mod reliability;
mod schema;
mod scoring;
mod scoring_properties;
mod trend;
mod trend_instruments;
mod validation;
