//! `score`: one output row per input row.

use std::io::{self, BufWriter, Write};

use bordin::{Score, Scorer};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::args::{JsonCsv, ScoreArgs};
use crate::input::{self, ResponseReader};
use crate::output::{Rejects, csv_number, csv_text};
use crate::{Failure, Outcome, load_instrument};

pub(crate) fn run(args: &ScoreArgs) -> Result<Outcome, Failure> {
    let instrument = load_instrument(&args.instrument)?;
    let scorer = Scorer::new(&instrument);
    let (reader, format, size) = input::open(&args.input)?;
    let rows = ResponseReader::new(reader, format, &instrument)?;
    let mut rejects = Rejects::new(args.rejects.as_deref())?;
    rejects.set_header(rows.header_line());
    let progress = crate::output_progress(size);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if args.format == JsonCsv::Csv {
        let mut header = vec!["respondent".to_owned(), "session".to_owned()];
        header.extend(scorer.scale_ids().map(str::to_owned));
        header.push("flags".to_owned());
        writeln!(
            out,
            "{}",
            input::csv_line(header.iter().map(String::as_bytes))
        )?;
    }
    let mut line_buf = String::new();
    let mut rows = rows;
    while let Some(row) = rows.next() {
        if let Some(p) = &progress {
            p.inc(1);
        }
        let parsed = match row {
            Ok(p) => p,
            Err(rejected) => {
                rejects.push(&rejected)?;
                continue;
            }
        };
        match scorer.score(&parsed.response) {
            Ok(score) => match args.format {
                JsonCsv::Json => {
                    serde_json::to_writer(&mut out, &JsonScore(&score)).map_err(io::Error::from)?;
                    out.write_all(b"\n")?;
                }
                JsonCsv::Csv => {
                    line_buf.clear();
                    csv_row(&score, &mut line_buf);
                    writeln!(out, "{line_buf}")?;
                }
            },
            Err(e) => rejects.push(&rows.reject_score(&parsed, &e))?,
        }
    }
    out.flush()?;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    Ok(if rejects.finish()? > 0 {
        Outcome::Rejects
    } else {
        Outcome::Clean
    })
}

fn csv_row(score: &Score, line: &mut String) {
    let mut fields = vec![
        csv_text(score.respondent.as_deref().unwrap_or("")),
        score.session.map_or_else(String::new, |s| s.to_string()),
    ];
    fields.extend(score.scales.iter().map(|s| csv_number(s.value)));
    fields.push(csv_text(
        &score
            .flags
            .iter()
            .map(|f| &*f.id)
            .collect::<Vec<_>>()
            .join(";"),
    ));
    line.push_str(&input::csv_line(fields.iter().map(String::as_bytes)));
}

/// The `score` JSON shape of the CLI contract, scales in the instrument's order.
struct JsonScore<'a>(&'a Score);

impl Serialize for JsonScore<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let score = self.0;
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("respondent", &score.respondent)?;
        map.serialize_entry("session", &score.session)?;
        map.serialize_entry("instrument", &*score.instrument)?;
        map.serialize_entry("version", &*score.version)?;
        map.serialize_entry("fingerprint", &*score.fingerprint)?;
        map.serialize_entry("scales", &Scales(score))?;
        let flags: Vec<Flag<'_>> = score
            .flags
            .iter()
            .map(|f| Flag {
                id: &f.id,
                scale: f.scale.as_deref(),
                session: score.session,
            })
            .collect();
        map.serialize_entry("flags", &flags)?;
        map.end()
    }
}

struct Scales<'a>(&'a Score);

impl Serialize for Scales<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.scales.len()))?;
        for sc in &self.0.scales {
            map.serialize_entry(
                &*sc.scale,
                &ScaleOut {
                    value: sc.value,
                    answered: sc.answered,
                    items: sc.items,
                    status: if sc.value.is_some() {
                        "scored"
                    } else {
                        "insufficient"
                    },
                    prorated: sc.prorated,
                    band: sc.band.as_deref(),
                },
            )?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct ScaleOut<'a> {
    value: Option<f64>,
    answered: usize,
    items: usize,
    status: &'static str,
    prorated: bool,
    band: Option<&'a str>,
}

#[derive(Serialize)]
struct Flag<'a> {
    id: &'a str,
    scale: Option<&'a str>,
    session: Option<u32>,
}
