//! Loading the oracle fixtures (copied from the shared psych 2.2.9 oracle into
//! `tests/fixtures/oracle/`; see its README).

use std::path::PathBuf;

use bordin::reliability::ItemMatrix;
use serde_json::Value;

/// `tests/fixtures/oracle`.
pub(crate) fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oracle")
}

pub(crate) fn expected(name: &str) -> Value {
    let path = dir().join("expected").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

pub(crate) fn keys(name: &str) -> Value {
    let path = dir().join("data").join(format!("{name}.keys.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The names of every `expected/*.json` fixture (without extension).
pub(crate) fn all_expected() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir().join("expected"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|f| f.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// A data CSV (header = item names, empty cell = missing) with the keyed
/// items reversed as the oracle does: (scale_min + scale_max) − x.
pub(crate) fn matrix(name: &str) -> ItemMatrix {
    let path = dir().join("data").join(format!("{name}.csv"));
    let mut rdr = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_owned).collect();
    let keys = keys(name);
    let reverse: Vec<usize> = keys["reverse"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| {
                    header
                        .iter()
                        .position(|h| h == v.as_str().unwrap())
                        .unwrap()
                })
                .collect()
        })
        .unwrap_or_default();
    let (lo, hi) = (
        keys["scale_min"].as_f64().unwrap_or(0.0),
        keys["scale_max"].as_f64().unwrap_or(0.0),
    );
    let rows: Vec<Vec<Option<f64>>> = rdr
        .records()
        .map(|rec| {
            rec.unwrap()
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    if cell.is_empty() {
                        None
                    } else {
                        let v: f64 = cell.parse().unwrap();
                        Some(if reverse.contains(&c) { lo + hi - v } else { v })
                    }
                })
                .collect()
        })
        .collect();
    ItemMatrix::from_rows(&rows)
        .unwrap()
        .with_names(header)
        .unwrap()
}

/// A number in the oracle's JSON convention (non-finite values are strings).
pub(crate) fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) => match s.as_str() {
            "NaN" | "NA" => f64::NAN,
            "Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            other => panic!("not a number: {other}"),
        },
        other => panic!("not a number: {other}"),
    }
}

/// A column of an oracle table as numbers.
pub(crate) fn col(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

pub(crate) fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// The next output of the SplitMix64 generator (Steele, Lea & Flood 2014).
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Deterministic one-factor Likert data (1..5), n × k, for tests that need a
/// well-conditioned sample: SplitMix64 + Box–Muller, loadings 0.5–0.8.
pub(crate) fn likert(n: usize, k: usize, seed: u64) -> ItemMatrix {
    let mut state = seed;
    let mut next = move || {
        (splitmix64(&mut state) >> 11) as f64 / (1u64 << 53) as f64 + 0.5 / (1u64 << 53) as f64
    };
    let mut normal = move || (-2.0 * next().ln()).sqrt() * (std::f64::consts::TAU * next()).cos();
    let mut data = Vec::with_capacity(n * k);
    for _ in 0..n {
        let f = normal();
        for j in 0..k {
            let l = 0.5 + 0.3 * (j % 4) as f64 / 3.0;
            let x = l * f + (1.0 - l * l).sqrt() * normal();
            data.push((3.0 + 1.2 * x).round().clamp(1.0, 5.0));
        }
    }
    ItemMatrix::from_vec(data, n, k).unwrap()
}
