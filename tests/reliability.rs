//! Reliability tests (placeholder).
