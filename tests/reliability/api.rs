//! API behaviour, errors and hand-computed examples.
