//! `trend`: per-client change over sessions, and the chart.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};

use bordin::trend::{
    GainCutoff, RciParams, ScaleContext, SessionDate, SessionValue, SuddenGainCriteria, Summarizer,
    Summary,
};
use bordin::{Instrument, Scorer};
use serde::Serialize;

use crate::args::{JsonCsv, TrendArgs};
use crate::input::{self, ResponseReader};
use crate::output::{Rejects, csv_number, csv_text};
use crate::{Failure, Outcome, chain, chart, load_instrument};

pub(crate) fn run(args: &TrendArgs) -> Result<Outcome, Failure> {
    let instrument = load_instrument(&args.instrument)?;
    let scale = default_scale(&instrument, args.scale.as_deref())?;
    let scorer = Scorer::new(&instrument);
    let (reader, format, _) = input::open(&args.input)?;
    let mut rows = ResponseReader::new(reader, format, &instrument)?;
    let mut rejects = Rejects::new(args.rejects.as_deref())?;
    rejects.set_header(rows.header_line());

    // Group the scored values by respondent; a client's sessions stay small.
    let mut clients: BTreeMap<String, Vec<SessionValue>> = BTreeMap::new();
    while let Some(next) = rows.next() {
        let parsed = match next {
            Ok(p) => p,
            Err(r) => {
                rejects.push(&r)?;
                continue;
            }
        };
        let respondent = parsed.respondent().to_owned();
        if args.respondent.as_ref().is_some_and(|r| *r != respondent) {
            continue;
        }
        match parsed.score(&scorer) {
            Ok(score) => {
                let date = parsed.date().and_then(|d| d.parse::<SessionDate>().ok());
                clients.entry(respondent).or_default().push(SessionValue {
                    session: score.session.unwrap_or_default(),
                    date,
                    value: score.value(&scale),
                });
            }
            Err(e) => rejects.push(&rows.reject_score(&parsed, &e))?,
        }
    }

    if let (Some(r), true) = (&args.respondent, clients.is_empty()) {
        return Err(Failure::Usage(format!(
            "--respondent {r}: no scored row of this respondent in the input"
        )));
    }

    let mut ctx = ScaleContext::from_instrument(&instrument, &scale, args.cutoff.as_deref())
        .map_err(|e| Failure::Usage(chain(&e)))?;
    let polarity = ctx.polarity();
    if let (Some(sd), Some(r)) = (args.sd, args.reliability) {
        let params = RciParams::new(sd, r).map_err(|e| Failure::Usage(chain(&e)))?;
        ctx = ctx.rci(params);
        if let Some((lo, hi)) = instrument.scale(&scale).and_then(bordin::Scale::range) {
            ctx = ctx.sudden_gains(
                SuddenGainCriteria::new(GainCutoff::Reliable(params))
                    .relative(bordin::relative_criterion(polarity, lo, hi)),
            );
        }
    }
    if let Some(points) = args.gain_cutoff {
        if !(points.is_finite() && points > 0.0) {
            return Err(Failure::Usage(format!(
                "--gain-cutoff {points} must be a positive number of points"
            )));
        }
        let mut criteria = SuddenGainCriteria::new(GainCutoff::Points(points));
        if let Some((lo, hi)) = instrument.scale(&scale).and_then(bordin::Scale::range) {
            criteria = criteria.relative(bordin::relative_criterion(polarity, lo, hi));
        }
        ctx = ctx.sudden_gains(criteria);
    }
    let mut summarizer = Summarizer::new(&ctx).map_err(|e| Failure::Usage(chain(&e)))?;
    let mut summaries = Vec::with_capacity(clients.len());
    for (respondent, mut points) in clients {
        points.sort_by_key(|p| p.session);
        match summarizer.summarize(&respondent, &scale, points) {
            Ok(s) => summaries.push(s),
            Err(e) => {
                rejects.count += 1;
                writeln!(io::stderr(), "respondent {respondent}: {}", chain(&e))?;
            }
        }
    }

    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        JsonCsv::Json => {
            for s in &summaries {
                serde_json::to_writer(&mut out, &TrendOut::from(s)).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            }
        }
        JsonCsv::Csv => {
            writeln!(
                out,
                "respondent,scale,sessions,first,last,rci,category,slope,slope_lower,slope_upper,sudden_gains,sudden_losses,ruptures,alerts"
            )?;
            for s in &summaries {
                let rc = s.reliable_change.as_ref();
                let fields = [
                    csv_text(&s.respondent),
                    s.scale.clone(),
                    s.sessions.len().to_string(),
                    csv_number(rc.map(|r| r.first)),
                    csv_number(rc.map(|r| r.last)),
                    csv_number(rc.map(|r| r.rci)),
                    rc.map(|r| category(r.category)).unwrap_or_default(),
                    csv_number(s.slope.as_ref().map(|x| x.estimate)),
                    csv_number(s.slope.as_ref().map(|x| x.lower)),
                    csv_number(s.slope.as_ref().map(|x| x.upper)),
                    s.sudden_gains.len().to_string(),
                    s.sudden_losses.len().to_string(),
                    s.ruptures.len().to_string(),
                    csv_text(
                        &s.alerts
                            .iter()
                            .map(|a| format!("{}@{}", a.rule.as_str(), a.session))
                            .collect::<Vec<_>>()
                            .join(";"),
                    ),
                ];
                writeln!(
                    out,
                    "{}",
                    input::csv_line(fields.iter().map(String::as_bytes))
                )?;
            }
        }
    }
    out.flush()?;
    if let Some(path) = &args.chart {
        let label = instrument.scale(&scale).map_or(scale.clone(), |s| {
            format!("{} {}", instrument.abbreviation(), s.label())
        });
        chart::draw(path, &summaries, &label)
            .map_err(|e| Failure::Usage(format!("cannot draw {}: {e}", path.display())))?;
    }
    Ok(if rejects.finish()? > 0 {
        Outcome::Rejects
    } else {
        Outcome::Clean
    })
}

fn default_scale(instrument: &Instrument, scale: Option<&str>) -> Result<String, Failure> {
    match scale {
        Some(s) if instrument.scale(s).is_some() => Ok(s.to_owned()),
        Some(s) => Err(Failure::Usage(format!(
            "{} has no scale `{s}` (scales: {})",
            instrument.id(),
            instrument
                .scales()
                .iter()
                .map(|s| s.id().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        None => instrument
            .scale("total")
            .or_else(|| instrument.scales().first())
            .map(|s| s.id().to_string())
            .ok_or_else(|| Failure::Usage("the instrument has no scales".into())),
    }
}

fn category(c: bordin::trend::ChangeCategory) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The `trend` JSON shape of the CLI contract.
#[derive(Serialize)]
struct TrendOut<'a> {
    respondent: &'a str,
    scale: &'a str,
    sessions: &'a [u32],
    values: &'a [Option<f64>],
    slope: Option<SlopeOut>,
    reliable_change: Option<ChangeOut>,
    sudden_gains: Vec<ShiftOut>,
    sudden_losses: Vec<ShiftOut>,
    ruptures: Vec<RuptureOut>,
    alerts: Vec<AlertOut<'a>>,
}

#[derive(Serialize)]
struct SlopeOut {
    estimate: f64,
    lower: f64,
    upper: f64,
}

#[derive(Serialize)]
struct ChangeOut {
    first: f64,
    last: f64,
    rci: f64,
    category: String,
}

#[derive(Serialize)]
struct ShiftOut {
    session: u32,
    from: f64,
    to: f64,
    magnitude: f64,
    reversed_at: Option<u32>,
}

#[derive(Serialize)]
struct RuptureOut {
    session: u32,
    depth: f64,
    depth_sd: f64,
    repaired_at: Option<u32>,
}

#[derive(Serialize)]
struct AlertOut<'a> {
    rule: &'a str,
    session: u32,
}

impl<'a> From<&'a Summary> for TrendOut<'a> {
    fn from(s: &'a Summary) -> Self {
        let shift = |g: &bordin::trend::SuddenShift| ShiftOut {
            session: g.postgain_session,
            from: g.pregain_value,
            to: g.postgain_value,
            magnitude: g.magnitude,
            reversed_at: g.reversed_at,
        };
        TrendOut {
            respondent: &s.respondent,
            scale: &s.scale,
            sessions: &s.sessions,
            values: &s.values,
            slope: s.slope.as_ref().map(|x| SlopeOut {
                estimate: x.estimate,
                lower: x.lower,
                upper: x.upper,
            }),
            reliable_change: s.reliable_change.as_ref().map(|r| ChangeOut {
                first: r.first,
                last: r.last,
                rci: r.rci,
                category: category(r.category),
            }),
            sudden_gains: s.sudden_gains.iter().map(shift).collect(),
            sudden_losses: s.sudden_losses.iter().map(shift).collect(),
            ruptures: s
                .ruptures
                .iter()
                .map(|r| RuptureOut {
                    session: r.session,
                    depth: r.depth,
                    depth_sd: r.depth_sd,
                    repaired_at: r.repaired_at,
                })
                .collect(),
            alerts: s
                .alerts
                .iter()
                .map(|a| AlertOut {
                    rule: a.rule.as_str(),
                    session: a.session,
                })
                .collect(),
        }
    }
}
