//! Per-client trend summaries: 100,000 clients × 20 sessions (issue 6
//! target: ≤ 150 ms for the whole batch on the 2-core reference machine).
//!
//! Run: `cargo bench --bench trend -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use bordin::Polarity;
use bordin::trend::{
    Comparison, Cutoff, DeclaredAlert, RciParams, ScaleContext, ScaleRange, Summarizer, Toggle,
};
use criterion::{Criterion, criterion_group};

const CLIENTS: usize = 100_000;
const SESSIONS: usize = 20;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1_u64 << 53) as f64
    }
}

/// SRS-like session scores (0–40 in 0.1 steps, higher is better): a noisy
/// upward drift, an occasional rupture, some clients at the ceiling, and
/// about 3 % insufficient (missing) scores.
fn clients() -> Vec<[Option<f64>; SESSIONS]> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..CLIENTS)
        .map(|_| {
            let mut level = 28.0 + 10.0 * rng.unit();
            let drift = 0.3 * rng.unit();
            let mut row = [None; SESSIONS];
            for cell in &mut row {
                level += drift + 2.0 * (rng.unit() - 0.5);
                let dip = if rng.unit() < 0.04 { 6.0 } else { 0.0 };
                let v = ((level - dip).clamp(0.0, 40.0) * 10.0).round() / 10.0;
                *cell = (rng.unit() >= 0.03).then_some(v);
            }
            row
        })
        .collect()
}

fn context() -> ScaleContext {
    ScaleContext::new(Polarity::HigherIsBetter)
        .rci(RciParams::new(4.0, 0.88).expect("valid parameters"))
        .cutoff(Cutoff::declared(36.0).expect("finite"))
        .alert(DeclaredAlert::new("srs-below-36", Comparison::Below, 36.0).expect("finite"))
        .range(ScaleRange::new(0.0, 40.0).expect("min < max"))
}

/// Summaries of every client, one `Summarizer`, on the calling thread.
fn summarize_all(ctx: &ScaleContext, ids: &[String], rows: &[[Option<f64>; SESSIONS]]) -> usize {
    let mut summarizer = Summarizer::new(ctx).expect("valid context");
    let mut episodes = 0_usize;
    for (id, row) in ids.iter().zip(rows) {
        let points = (1_u32..).zip(row.iter().copied());
        let s = summarizer
            .summarize(id, "total", points)
            .expect("valid input");
        episodes += s.ruptures.len() + s.sudden_gains.len() + s.alerts.len();
        black_box(s);
    }
    episodes
}

fn summaries(c: &mut Criterion) {
    let ctx = context();
    let data = clients();
    let ids: Vec<String> = (0..CLIENTS).map(|i| format!("client-{i:06}")).collect();
    let run = |ids: &[String], rows: &[[Option<f64>; SESSIONS]]| summarize_all(&ctx, ids, rows);

    let mut group = c.benchmark_group("trend");
    group.sample_size(10);
    // The target: both cores of the reference machine, one
    // `Summarizer` per thread, clients split in halves.
    group.bench_function("summary/100k clients x 20 sessions/2 threads", |b| {
        b.iter(|| {
            let half = CLIENTS / 2;
            std::thread::scope(|scope| {
                let second = scope.spawn(|| run(&ids[half..], &data[half..]));
                run(&ids[..half], &data[..half]) + second.join().expect("no panic")
            })
        });
    });
    group.bench_function("summary/100k clients x 20 sessions/1 thread", |b| {
        b.iter(|| run(&ids, &data));
    });
    // For comparison: the Theil–Sen slope (median of 190 pairwise slopes per
    // client) is about half of the work.
    let without_theil_sen = context().theil_sen(Toggle::Disabled);
    group.bench_function(
        "summary/100k clients x 20 sessions/1 thread, no Theil-Sen",
        |b| {
            b.iter(|| summarize_all(&without_theil_sen, &ids, &data));
        },
    );
    group.finish();
}

criterion_group!(benches, summaries);

fn main() {
    // `TREND_ONESHOT=N cargo bench --bench trend` runs N single-threaded
    // batches without criterion, for `perf stat` and profilers.
    if let Some(n) = std::env::var("TREND_ONESHOT")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    {
        // TREND_CLIENTS=K limits the batch to the first K clients (for
        // instruction counts under valgrind).
        let k = std::env::var("TREND_CLIENTS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(CLIENTS)
            .min(CLIENTS);
        let ctx = context();
        let data = clients();
        let ids: Vec<String> = (0..CLIENTS).map(|i| format!("client-{i:06}")).collect();
        for _ in 0..n {
            let start = std::time::Instant::now();
            black_box(summarize_all(&ctx, &ids[..k], &data[..k]));
            println!("{:?}", start.elapsed());
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
