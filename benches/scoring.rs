//! Scoring speed: a batch of 1,000,000 WAI-SR rows (12 items → 4 scales) from
//! an in-memory f64 buffer, one `Response`, and a plain sum over the same
//! buffer as the memory-bandwidth baseline.
//!
//! `cargo bench --bench scoring -- --warm-up-time 2 --measurement-time 8`
//!
//! Measured on the 2-core shared VM (x86-64 baseline, SSE2 only; figures vary
//! about 2× with the load of the shared host):
//!
//! | case | quiet (04:13 UTC) | busier (04:37 UTC) | anchor |
//! |---|---|---|---|
//! | plain sum, 96 MB (one thread) | 5.9 ms | 7.9 ms | |
//! | `score_batch`, 1M × 12 → 4 scales (two threads) | 13.0 ms (2.2 × sum) | 16.3 ms (2.05 × sum) | psych `scoreFast` 0.95 s (≈ 73×) |
//! | one `Response` | 416 ns | 675 ns | |
//!
//! (2026-11-27; under heavy host load both the batch and the sum take about
//! twice as long.)

use std::hint::black_box;

use bordin::{Catalog, Response, Scorer};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const ROWS: usize = 1_000_000;

/// Deterministic answers 1..=5 with about 1 % missing cells (SplitMix64).
fn wai_sr_rows(rows: usize) -> Vec<f64> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    (0..rows * 12)
        .map(|_| {
            let r = next();
            if r % 100 == 0 {
                f64::NAN
            } else {
                (1 + (r >> 8) % 5) as f64
            }
        })
        .collect()
}

/// Bandwidth-bound sum over the same buffer: eight independent accumulators
/// (a single running sum would be bound by the latency of one add chain).
/// NaN cells make the total NaN, which does not change the memory traffic.
fn plain_sum(x: &[f64]) -> f64 {
    let mut acc = [0.0; 8];
    let mut chunks = x.chunks_exact(8);
    for c in &mut chunks {
        for l in 0..8 {
            acc[l] += c[l];
        }
    }
    acc.iter().sum::<f64>() + chunks.remainder().iter().sum::<f64>()
}

fn scoring(c: &mut Criterion) {
    let wai = Catalog::builtin()
        .get("wai-sr")
        .expect("wai-sr is built in");
    let scorer = Scorer::new(wai);
    let data = wai_sr_rows(ROWS);
    let mut out = vec![0.0; ROWS * scorer.n_scales()];

    let mut group = c.benchmark_group("wai-sr 1M x 12");
    group.sample_size(20);
    group.throughput(Throughput::Bytes((data.len() * 8) as u64));
    group.bench_function("score_batch", |b| {
        b.iter(|| {
            scorer
                .score_batch(black_box(&data), black_box(&mut out))
                .expect("valid data");
        });
    });
    group.bench_function("plain sum (baseline)", |b| {
        b.iter(|| plain_sum(black_box(&data)));
    });
    group.finish();

    let response =
        Response::new("wai-sr").with_values(&[5., 4., 3., 2., 1., 5., 4., 3., 2., 1., 5., 4.]);
    c.bench_function("wai-sr one response", |b| {
        b.iter(|| scorer.score(black_box(&response)).expect("valid"));
    });
}

criterion_group!(benches, scoring);
criterion_main!(benches);
