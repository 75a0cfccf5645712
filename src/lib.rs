#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod error;
pub mod spec;

pub mod reliability;
pub mod trend;

pub use error::StatsError;
pub use spec::Polarity;
