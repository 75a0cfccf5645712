//! Trend tests (placeholder).
