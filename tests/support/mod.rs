//! Shared test helpers.

/// Asserts `|a - b| <= max(abs, rel * |b|)`, printing both values on failure.
///
/// `rel` applies to the expected value `b`. Use `rel` for reference values
/// given with full precision (R psych's round-trip output) and `abs` for
/// values printed to a fixed number of decimals.
#[macro_export]
macro_rules! assert_close {
    ($a:expr, $b:expr, rel = $rel:expr) => {
        $crate::assert_close!($a, $b, rel = $rel, abs = 0.0)
    };
    ($a:expr, $b:expr, abs = $abs:expr) => {
        $crate::assert_close!($a, $b, rel = 0.0, abs = $abs)
    };
    ($a:expr, $b:expr, rel = $rel:expr, abs = $abs:expr) => {{
        let (a, b): (f64, f64) = ($a, $b);
        let tol = f64::max($abs, $rel * b.abs());
        assert!(
            (a - b).abs() <= tol,
            "{} = {a:e} differs from {} = {b:e} by {:e} (tolerance {tol:e})",
            stringify!($a),
            stringify!($b),
            (a - b).abs()
        );
    }};
}

/// The golden scoring fixtures of the catalog instruments
/// (`tests/fixtures/golden/`), by instrument id.
pub(crate) const GOLDEN: &[(&str, &str)] = &[
    ("care", include_str!("../fixtures/golden/care.json")),
    ("cbi", include_str!("../fixtures/golden/cbi.json")),
    ("chs", include_str!("../fixtures/golden/chs.json")),
    ("core-10", include_str!("../fixtures/golden/core-10.json")),
    ("cors", include_str!("../fixtures/golden/cors.json")),
    ("gad-7", include_str!("../fixtures/golden/gad-7.json")),
    ("haq-ii", include_str!("../fixtures/golden/haq-ii.json")),
    ("ors", include_str!("../fixtures/golden/ors.json")),
    ("proqol-5", include_str!("../fixtures/golden/proqol-5.json")),
    ("wai", include_str!("../fixtures/golden/wai.json")),
    ("wai-s", include_str!("../fixtures/golden/wai-s.json")),
    ("wai-t", include_str!("../fixtures/golden/wai-t.json")),
];
