//! `reliability` and `icc`.

use std::io::{self, Write};

use bordin::Scorer;
use bordin::reliability::{
    Alpha, AlphaOptions, BootstrapAlpha, BootstrapOptions, Icc, ItemMatrix, Missing, Moments,
    Omega, OmegaOptions, SplitHalf, SplitHalfOptions, alpha_from_moments, bootstrap_alpha, icc,
    omega_from_moments, split_half_from_moments,
};
use serde::Serialize;

use crate::args::{IccArgs, MissingArg, ReliabilityArgs, TextJson};
use crate::input::{self, NumericReader, ResponseReader};
use crate::output::Rejects;
use crate::{Failure, Outcome, chain, load_instrument};

/// Streams the rows into `Moments` (and keeps them only for a bootstrap).
struct Sample {
    moments: Moments,
    names: Vec<String>,
    kept: Option<Vec<Option<f64>>>,
    rows: usize,
}

impl Sample {
    fn new(names: Vec<String>, missing: Missing, keep: bool) -> Result<Self, Failure> {
        let moments = Moments::new(names.len(), missing)
            .with_names(names.clone())
            .map_err(|e| Failure::Usage(chain(&e)))?;
        Ok(Sample {
            moments,
            names,
            kept: keep.then(Vec::new),
            rows: 0,
        })
    }

    /// Adds a row (NaN = missing).
    fn push(&mut self, row: &[f64]) -> Result<(), Failure> {
        let complete = row.iter().all(|x| !x.is_nan());
        let pushed = if complete {
            self.moments.push_row(row)
        } else {
            let partial: Vec<Option<f64>> =
                row.iter().map(|&x| (!x.is_nan()).then_some(x)).collect();
            self.moments.push_partial_row(&partial)
        };
        pushed.map_err(|e| Failure::Usage(chain(&e)))?;
        if let Some(kept) = &mut self.kept {
            kept.extend(row.iter().map(|&x| (!x.is_nan()).then_some(x)));
        }
        self.rows += 1;
        Ok(())
    }
}

pub(crate) fn reliability(args: &ReliabilityArgs) -> Result<Outcome, Failure> {
    let missing = match args.missing {
        MissingArg::Pairwise => Missing::Pairwise,
        MissingArg::Listwise => Missing::Listwise,
    };
    let (reader, format, _) = input::open(&args.input)?;
    let mut rejects = Rejects::new(None)?;
    let sample = if let Some(spec) = &args.instrument {
        let instrument = load_instrument(spec)?;
        let scorer = Scorer::new(&instrument);
        let scale = args.scale.clone().unwrap_or_else(|| {
            instrument.scale("total").map_or_else(
                || {
                    instrument
                        .scales()
                        .first()
                        .map(|s| s.id().to_string())
                        .unwrap_or_default()
                },
                |s| s.id().to_string(),
            )
        });
        let names: Vec<String> = scorer
            .scale_item_ids(&scale)
            .map_err(|e| Failure::Usage(e.to_string()))?
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut sample = Sample::new(names, missing, args.bootstrap.is_some())?;
        let mut rows = ResponseReader::new(reader, format, &instrument)?;
        let mut row = Vec::new();
        while let Some(next) = rows.next() {
            let parsed = match next {
                Ok(p) => p,
                Err(r) => {
                    rejects.push(&r)?;
                    continue;
                }
            };
            match scorer.scored_items(&parsed.to_response(&instrument), &scale) {
                Ok(values) => {
                    row.clear();
                    row.extend(values.into_iter().map(|v| v.unwrap_or(f64::NAN)));
                    sample.push(&row)?;
                }
                Err(e) => rejects.push(&rows.reject_score(&parsed, &e))?,
            }
        }
        sample
    } else {
        let mut table = NumericReader::new(reader)?;
        let reverse: Vec<usize> = args
            .reverse
            .iter()
            .map(|name| {
                table.header.iter().position(|h| h == name).ok_or_else(|| {
                    Failure::Usage(format!("--reverse names `{name}`, which is not a column"))
                })
            })
            .collect::<Result<_, _>>()?;
        let sum = match (args.min, args.max) {
            (Some(lo), Some(hi)) if lo < hi => lo + hi,
            (Some(lo), Some(hi)) => {
                return Err(Failure::Usage(format!(
                    "--min {lo} must be below --max {hi}"
                )));
            }
            _ => 0.0,
        };
        let mut sample = Sample::new(table.header.clone(), missing, args.bootstrap.is_some())?;
        let mut rec = csv::ByteRecord::new();
        let mut row = Vec::new();
        loop {
            match table.next_row(&mut rec, &mut row) {
                Ok(false) => break,
                Ok(true) => {
                    // Reverse keying on the declared scale: min + max − x.
                    for &c in &reverse {
                        row[c] = sum - row[c];
                    }
                    if let (Some(lo), Some(hi)) = (args.min, args.max)
                        && let Some((c, x)) = row
                            .iter()
                            .enumerate()
                            .find(|(_, x)| !x.is_nan() && (**x < lo || **x > hi))
                    {
                        let line = rec.position().map_or(0, csv::Position::line);
                        rejects.push(&input::Rejected {
                            line,
                            column: Some((c + 1, table.header[c].clone())),
                            reason: format!("{x} is outside --min {lo} --max {hi}"),
                            original: input::csv_line(rec.iter()),
                        })?;
                        continue;
                    }
                    sample.push(&row)?;
                }
                Err(r) => rejects.push(&r)?,
            }
        }
        sample
    };
    let report = Report::compute(&sample, args)?;
    let mut out = io::stdout().lock();
    match args.format {
        TextJson::Json => {
            serde_json::to_writer_pretty(&mut out, &report).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        TextJson::Text => report.text(&mut out)?,
    }
    Ok(if rejects.finish()? > 0 {
        Outcome::Rejects
    } else {
        Outcome::Clean
    })
}

#[derive(Serialize)]
struct Report {
    n: usize,
    k: usize,
    missing: Missing,
    alpha: AlphaOut,
    items: Vec<ItemOut>,
    omega: Option<OmegaOut>,
    split_half: Option<SplitOut>,
}

#[derive(Serialize)]
struct Limits {
    lower: f64,
    upper: f64,
}

#[derive(Serialize)]
struct BootOut {
    lower: f64,
    upper: f64,
    resamples: usize,
    seed: u64,
}

#[derive(Serialize)]
struct AlphaOut {
    raw: f64,
    std: f64,
    g6: f64,
    average_r: f64,
    median_r: f64,
    s_n: f64,
    ase: f64,
    mean: f64,
    sd: f64,
    feldt: Limits,
    duhachek: Limits,
    bootstrap: Option<BootOut>,
}

#[derive(Serialize)]
struct IfDroppedOut {
    raw: f64,
    std: f64,
    g6: f64,
    average_r: f64,
}

#[derive(Serialize)]
struct ItemOut {
    id: String,
    raw_r: f64,
    std_r: f64,
    r_cor: f64,
    r_drop: f64,
    mean: f64,
    sd: f64,
    alpha_if_dropped: Option<IfDroppedOut>,
}

#[derive(Serialize)]
struct OmegaOut {
    total: f64,
    hierarchical: f64,
}

#[derive(Serialize)]
struct SplitOut {
    max: f64,
    min: f64,
    mean: f64,
    lambda2: f64,
}

impl Report {
    fn compute(sample: &Sample, args: &ReliabilityArgs) -> Result<Report, Failure> {
        let m = &sample.moments;
        let missing = m.missing();
        let a: Alpha = alpha_from_moments(m, AlphaOptions::default().missing(missing))
            .map_err(|e| Failure::Usage(format!("alpha: {}", chain(&e))))?;
        let boot: Option<BootstrapAlpha> = match (&sample.kept, args.bootstrap, args.seed) {
            (Some(kept), Some(resamples), Some(seed)) => {
                let rows: Vec<&[Option<f64>]> = kept.chunks(sample.names.len()).collect();
                let matrix = ItemMatrix::from_rows(&rows)
                    .and_then(|x| x.with_names(sample.names.clone()))
                    .map_err(|e| Failure::Usage(chain(&e)))?;
                Some(
                    bootstrap_alpha(
                        &matrix,
                        BootstrapOptions::new(resamples, seed).missing(missing),
                    )
                    .map_err(|e| Failure::Usage(format!("bootstrap: {}", chain(&e))))?,
                )
            }
            _ => None,
        };
        // Omega and split-half are reported when they can be computed; a
        // failure (a Heywood case, too few items) is explained on stderr.
        let omega: Option<Omega> =
            match omega_from_moments(m, OmegaOptions::default().missing(missing)) {
                Ok(o) => Some(o),
                Err(e) => {
                    let _ = writeln!(io::stderr(), "bordin: omega not reported: {}", chain(&e));
                    None
                }
            };
        let split: Option<SplitHalf> =
            match split_half_from_moments(m, SplitHalfOptions::default().missing(missing)) {
                Ok(s) => Some(s),
                Err(e) => {
                    let _ = writeln!(
                        io::stderr(),
                        "bordin: split-half not reported: {}",
                        chain(&e)
                    );
                    None
                }
            };
        Ok(Report {
            n: a.n,
            k: a.items,
            missing,
            alpha: AlphaOut {
                raw: a.raw_alpha,
                std: a.std_alpha,
                g6: a.g6_smc,
                average_r: a.average_r,
                median_r: a.median_r,
                s_n: a.signal_noise,
                ase: a.ase,
                mean: a.scale_mean,
                sd: a.scale_sd,
                feldt: Limits {
                    lower: a.feldt.lower,
                    upper: a.feldt.upper,
                },
                duhachek: Limits {
                    lower: a.duhachek.lower,
                    upper: a.duhachek.upper,
                },
                bootstrap: boot.map(|b| BootOut {
                    lower: b.ci.lower,
                    upper: b.ci.upper,
                    resamples: b.resamples,
                    seed: b.seed,
                }),
            },
            items: a
                .item_stats
                .iter()
                .map(|s| ItemOut {
                    id: s.name.clone(),
                    raw_r: s.raw_r,
                    std_r: s.std_r,
                    r_cor: s.r_cor,
                    r_drop: s.r_drop,
                    mean: s.mean,
                    sd: s.sd,
                    alpha_if_dropped: s.if_dropped.as_ref().map(|d| IfDroppedOut {
                        raw: d.raw_alpha,
                        std: d.std_alpha,
                        g6: d.g6_smc,
                        average_r: d.average_r,
                    }),
                })
                .collect(),
            omega: omega.map(|o| OmegaOut {
                total: o.omega_total,
                hierarchical: o.omega_h,
            }),
            split_half: split.map(|s| SplitOut {
                max: s.lambda4,
                min: s.beta,
                mean: s.mean,
                lambda2: s.lambda2,
            }),
        })
    }

    /// A psych-like table, rounded for reading (the JSON keeps full precision).
    fn text(&self, out: &mut impl Write) -> io::Result<()> {
        let a = &self.alpha;
        writeln!(
            out,
            "Reliability analysis   n = {}, k = {}, missing = {}",
            self.n,
            self.k,
            match self.missing {
                Missing::Listwise => "listwise",
                _ => "pairwise",
            }
        )?;
        writeln!(
            out,
            "\n raw_alpha std.alpha G6(smc) average_r  S/N   ase  mean    sd median_r"
        )?;
        writeln!(
            out,
            " {:>9.2} {:>9.2} {:>7.2} {:>9.2} {:>4.1} {:>5.3} {:>5.2} {:>5.2} {:>8.2}",
            a.raw, a.std, a.g6, a.average_r, a.s_n, a.ase, a.mean, a.sd, a.median_r
        )?;
        writeln!(out, "\n 95% confidence boundaries")?;
        writeln!(out, "          lower alpha upper")?;
        writeln!(
            out,
            " Feldt     {:>5.2} {:>5.2} {:>5.2}",
            a.feldt.lower, a.raw, a.feldt.upper
        )?;
        writeln!(
            out,
            " Duhachek  {:>5.2} {:>5.2} {:>5.2}",
            a.duhachek.lower, a.raw, a.duhachek.upper
        )?;
        if let Some(b) = &a.bootstrap {
            writeln!(
                out,
                " bootstrap {:>5.2} {:>5.2} {:>5.2}  ({} resamples, seed {})",
                b.lower, a.raw, b.upper, b.resamples, b.seed
            )?;
        }
        writeln!(out, "\n Reliability if an item is dropped:")?;
        writeln!(out, " {:<10} raw_alpha std.alpha G6(smc) average_r", "")?;
        for i in &self.items {
            if let Some(d) = &i.alpha_if_dropped {
                writeln!(
                    out,
                    " {:<10} {:>9.2} {:>9.2} {:>7.2} {:>9.2}",
                    i.id, d.raw, d.std, d.g6, d.average_r
                )?;
            }
        }
        writeln!(out, "\n Item statistics")?;
        writeln!(out, " {:<10} raw.r std.r r.cor r.drop  mean    sd", "")?;
        for i in &self.items {
            writeln!(
                out,
                " {:<10} {:>5.2} {:>5.2} {:>5.2} {:>6.2} {:>5.2} {:>5.2}",
                i.id, i.raw_r, i.std_r, i.r_cor, i.r_drop, i.mean, i.sd
            )?;
        }
        if let Some(o) = &self.omega {
            writeln!(
                out,
                "\n Omega (one factor): total {:.2}, hierarchical {:.2}",
                o.total, o.hierarchical
            )?;
        }
        if let Some(s) = &self.split_half {
            writeln!(
                out,
                " Split half: max (lambda 4) {:.2}, min (beta) {:.2}, mean {:.2}, lambda 2 {:.2}",
                s.max, s.min, s.mean, s.lambda2
            )?;
        }
        Ok(())
    }
}

pub(crate) fn icc_command(args: &IccArgs) -> Result<Outcome, Failure> {
    let (reader, _, _) = input::open(&args.input)?;
    let mut table = NumericReader::new(reader)?;
    let mut rejects = Rejects::new(None)?;
    let k = table.header.len();
    let mut data = Vec::new();
    let mut rec = csv::ByteRecord::new();
    let mut row = Vec::new();
    loop {
        match table.next_row(&mut rec, &mut row) {
            Ok(false) => break,
            Ok(true) => {
                if let Some(c) = row.iter().position(|x| x.is_nan()) {
                    // The two-way ANOVA needs a complete table.
                    rejects.push(&input::Rejected {
                        line: rec.position().map_or(0, csv::Position::line),
                        column: Some((c + 1, table.header[c].clone())),
                        reason: "empty cell: ICC needs a rating from every rater".into(),
                        original: input::csv_line(rec.iter()),
                    })?;
                    continue;
                }
                data.extend_from_slice(&row);
            }
            Err(r) => rejects.push(&r)?,
        }
    }
    let n = data.len().checked_div(k).unwrap_or(0);
    let matrix = ItemMatrix::from_vec(data, n, k)
        .and_then(|m| m.with_names(table.header.clone()))
        .map_err(|e| Failure::Usage(chain(&e)))?;
    let result: Icc = icc(&matrix, bordin::reliability::ConfidenceLevel::default())
        .map_err(|e| Failure::Usage(format!("icc: {}", chain(&e))))?;
    let mut out = io::stdout().lock();
    match args.format {
        TextJson::Json => {
            serde_json::to_writer_pretty(&mut out, &IccOut::from(&result))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        TextJson::Text => {
            writeln!(
                out,
                "Intraclass correlations   n = {} targets, k = {} raters",
                result.targets, result.raters
            )?;
            writeln!(out, "\n type    ICC     F  df1  df2       p  lower upper")?;
            for r in &result.forms {
                writeln!(
                    out,
                    " {:<6} {:>5.2} {:>5.1} {:>4} {:>4} {:>7.1e} {:>6.2} {:>5.2}",
                    r.form.psych_name(),
                    r.value,
                    r.f,
                    r.df1,
                    r.df2,
                    r.p,
                    r.ci.lower,
                    r.ci.upper
                )?;
            }
        }
    }
    Ok(if rejects.finish()? > 0 {
        Outcome::Rejects
    } else {
        Outcome::Clean
    })
}

#[derive(Serialize)]
struct IccOut {
    n: usize,
    k: usize,
    forms: Vec<IccFormOut>,
}

#[derive(Serialize)]
struct IccFormOut {
    #[serde(rename = "type")]
    kind: &'static str,
    value: f64,
    f: f64,
    df1: f64,
    df2: f64,
    p: f64,
    lower: f64,
    upper: f64,
}

impl From<&Icc> for IccOut {
    fn from(r: &Icc) -> Self {
        IccOut {
            n: r.targets,
            k: r.raters,
            forms: r
                .forms
                .iter()
                .map(|f| IccFormOut {
                    kind: f.form.psych_name(),
                    value: f.value,
                    f: f.f,
                    df1: f.df1,
                    df2: f.df2,
                    p: f.p,
                    lower: f.ci.lower,
                    upper: f.ci.upper,
                })
                .collect(),
        }
    }
}
