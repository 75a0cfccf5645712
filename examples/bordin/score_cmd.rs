//! `score`: one output row per input row.

use std::io::{self, BufWriter, Write};

use bordin::{Score, Scorer};

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
    let mut json = JsonWriter::new(&scorer, instrument.version(), instrument.fingerprint());
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
        match parsed.score(&scorer) {
            Ok(score) => match args.format {
                JsonCsv::Json => json.write(&mut out, &score, parsed.respondent_opt())?,
                JsonCsv::Csv => {
                    line_buf.clear();
                    csv_row(&score, parsed.respondent_opt(), &mut line_buf);
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

fn csv_row(score: &Score, respondent: Option<&str>, line: &mut String) {
    let mut fields = vec![
        csv_text(respondent.unwrap_or("")),
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

/// Writes the `score` JSON shape of the CLI contract, one object per line,
/// scales in the instrument's order. The parts that are the same on every row
/// (instrument, version, fingerprint, scale keys) are rendered once.
pub(crate) struct JsonWriter {
    // `,"instrument":…,"fingerprint":"…","scales":{`
    middle: Vec<u8>,
    // `"<scale id>":{"value":` per scale, with a leading comma after the first.
    scale_keys: Vec<Vec<u8>>,
    number: Vec<u8>,
}

impl JsonWriter {
    pub(crate) fn new(scorer: &Scorer, version: &str, fingerprint: &str) -> Self {
        let mut middle = Vec::new();
        let _ = write!(middle, ",\"instrument\":");
        let _ = serde_json::to_writer(&mut middle, scorer.instrument());
        let _ = write!(middle, ",\"version\":");
        let _ = serde_json::to_writer(&mut middle, version);
        let _ = write!(middle, ",\"fingerprint\":");
        let _ = serde_json::to_writer(&mut middle, fingerprint);
        middle.extend_from_slice(b",\"scales\":{");
        let scale_keys = scorer
            .scale_ids()
            .enumerate()
            .map(|(i, id)| {
                let mut key = Vec::new();
                if i > 0 {
                    key.push(b',');
                }
                let _ = serde_json::to_writer(&mut key, id);
                key.extend_from_slice(b":{\"value\":");
                key
            })
            .collect();
        JsonWriter {
            middle,
            scale_keys,
            number: Vec::with_capacity(32),
        }
    }

    pub(crate) fn write(
        &mut self,
        out: &mut impl Write,
        score: &Score,
        respondent: Option<&str>,
    ) -> io::Result<()> {
        out.write_all(b"{\"respondent\":")?;
        serde_json::to_writer(&mut *out, &respondent).map_err(io::Error::from)?;
        out.write_all(b",\"session\":")?;
        serde_json::to_writer(&mut *out, &score.session).map_err(io::Error::from)?;
        out.write_all(&self.middle)?;
        for (key, sc) in self.scale_keys.iter().zip(&score.scales) {
            out.write_all(key)?;
            self.number.clear();
            serde_json::to_writer(&mut self.number, &sc.value).map_err(io::Error::from)?;
            out.write_all(&self.number)?;
            out.write_all(b",\"answered\":")?;
            write_count(out, sc.answered)?;
            out.write_all(b",\"items\":")?;
            write_count(out, sc.items)?;
            out.write_all(b",\"status\":")?;
            out.write_all(if sc.value.is_some() {
                b"\"scored\""
            } else {
                b"\"insufficient\""
            })?;
            out.write_all(if sc.prorated {
                b",\"prorated\":true,\"band\":"
            } else {
                b",\"prorated\":false,\"band\":"
            })?;
            serde_json::to_writer(&mut *out, &sc.band.as_deref()).map_err(io::Error::from)?;
            out.write_all(b"}")?;
        }
        out.write_all(b"},\"flags\":[")?;
        for (i, f) in score.flags.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"{\"id\":")?;
            serde_json::to_writer(&mut *out, &*f.id).map_err(io::Error::from)?;
            out.write_all(b",\"scale\":")?;
            serde_json::to_writer(&mut *out, &f.scale.as_deref()).map_err(io::Error::from)?;
            out.write_all(b",\"session\":")?;
            serde_json::to_writer(&mut *out, &score.session).map_err(io::Error::from)?;
            out.write_all(b"}")?;
        }
        out.write_all(b"]}\n")
    }
}

/// Writes a count without going through `fmt` (counts are small).
fn write_count(out: &mut impl Write, n: usize) -> io::Result<()> {
    if n < 10 {
        #[expect(clippy::cast_possible_truncation, reason = "n < 10")]
        return out.write_all(&[b'0' + n as u8]);
    }
    write!(out, "{n}")
}
