//! Reliability statistics (placeholder until the reliability issue lands).
