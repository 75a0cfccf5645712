//! Change over sessions (placeholder until the trend issue lands).
