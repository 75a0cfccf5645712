//! Reading input rows: CSV or NDJSON responses, and numeric CSV tables.
//!
//! Rows are read one at a time. A row that cannot be used becomes a
//! [`Rejected`] with its line, column and reason, and the original text, so
//! the caller can report it and go on.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use bordin::{Answer, Instrument, Response, ScoreError};

use crate::Failure;
use crate::args::{InputArgs, InputFormat};

/// A row that could not be used.
#[derive(Debug)]
pub(crate) struct Rejected {
    /// 1-based line of the input.
    pub(crate) line: u64,
    /// 1-based column and its header name, when one column is at fault.
    pub(crate) column: Option<(usize, String)>,
    /// Why.
    pub(crate) reason: String,
    /// The row as it was read (CSV re-quoted as needed), without a line break.
    pub(crate) original: String,
}

/// An opened input: the reader, its format and its size when it is a file.
pub(crate) type Opened = (Box<dyn BufRead + Send>, InputFormat, Option<u64>);

/// Opens the input and decides its format from `--input-format` or the extension.
pub(crate) fn open(args: &InputArgs) -> Result<Opened, Failure> {
    let by_extension = match args.input.extension().and_then(|e| e.to_str()) {
        Some("ndjson" | "jsonl") => InputFormat::Ndjson,
        _ => InputFormat::Csv,
    };
    let format = args.input_format.unwrap_or(by_extension);
    if args.input == Path::new("-") {
        return Ok((
            Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            format,
            None,
        ));
    }
    let file = File::open(&args.input)
        .map_err(|e| Failure::Usage(format!("cannot open {}: {e}", args.input.display())))?;
    let size = file.metadata().ok().map(|m| m.len());
    Ok((
        Box::new(BufReader::with_capacity(1 << 16, file)),
        format,
        size,
    ))
}

/// One parsed response and the input position it came from.
pub(crate) struct Parsed {
    pub(crate) line: u64,
    pub(crate) original: OriginalRow,
    pub(crate) answers: Answers,
}

/// The answers of a row: a whole response (NDJSON), or answers by position in
/// the instrument's item order (CSV, scored without item id lookups).
pub(crate) enum Answers {
    Response(Response),
    Positional {
        respondent: String,
        session: u32,
        date: Option<String>,
        answers: Vec<Answer>,
    },
}

impl Parsed {
    pub(crate) fn respondent(&self) -> &str {
        match &self.answers {
            Answers::Response(r) => r.respondent.as_deref().unwrap_or_default(),
            Answers::Positional { respondent, .. } => respondent,
        }
    }

    pub(crate) fn date(&self) -> Option<&str> {
        match &self.answers {
            Answers::Response(r) => r.date.as_deref(),
            Answers::Positional { date, .. } => date.as_deref(),
        }
    }

    pub(crate) fn score(&self, scorer: &bordin::Scorer) -> Result<bordin::Score, ScoreError> {
        match &self.answers {
            Answers::Response(r) => scorer.score(r),
            // The respondent is written from the row itself (see `respondent_opt`).
            Answers::Positional {
                session, answers, ..
            } => scorer.score_answers(answers, None, Some(*session)),
        }
    }

    /// The respondent as given in the input (for NDJSON it may be absent).
    pub(crate) fn respondent_opt(&self) -> Option<&str> {
        match &self.answers {
            Answers::Response(r) => r.respondent.as_deref(),
            Answers::Positional { respondent, .. } => Some(respondent),
        }
    }

    /// The row as a [`Response`] (built for the CSV path).
    pub(crate) fn to_response(&self, instrument: &Instrument) -> Response {
        match &self.answers {
            Answers::Response(r) => r.clone(),
            Answers::Positional {
                respondent,
                session,
                date,
                answers,
            } => {
                let mut r = Response::new(instrument.id().as_str())
                    .respondent(respondent.as_str())
                    .session(*session);
                r.date.clone_from(date);
                for (item, a) in instrument.items().iter().zip(answers) {
                    if *a != Answer::Missing {
                        r.answers.insert(item.id().to_string(), *a);
                    }
                }
                r
            }
        }
    }
}

/// Enough of the row to re-create it for `--rejects` and to name a column.
pub(crate) enum OriginalRow {
    /// The reader's current CSV record (still held by the reader until the next row).
    CsvCurrent,
    Text(String),
}

/// Reads responses to one instrument from CSV or NDJSON.
pub(crate) struct ResponseReader<'a> {
    instrument: &'a Instrument,
    kind: ReaderKind,
    // CSV: header names; item columns as (column index, item id).
    header: Vec<String>,
    respondent_col: usize,
    session_col: usize,
    date_col: Option<usize>,
    item_cols: Vec<(usize, String, usize)>,
    // item id → 1-based column, to point score errors at their column.
    column_of_item: HashMap<String, usize>,
    // The CSV record last read, reused for every row.
    current: csv::ByteRecord,
}

enum ReaderKind {
    Csv(csv::Reader<CrlfToLf<Box<dyn BufRead + Send>>>),
    Ndjson {
        lines: io::Lines<Box<dyn BufRead + Send>>,
        line: u64,
    },
}

impl<'a> ResponseReader<'a> {
    pub(crate) fn new(
        input: Box<dyn BufRead + Send>,
        format: InputFormat,
        instrument: &'a Instrument,
    ) -> Result<Self, Failure> {
        let mut reader = ResponseReader {
            instrument,
            kind: ReaderKind::Ndjson {
                lines: BufReader::new(io::empty()).lines_boxed(),
                line: 0,
            },
            header: Vec::new(),
            respondent_col: 0,
            session_col: 0,
            date_col: None,
            item_cols: Vec::new(),
            column_of_item: HashMap::new(),
            current: csv::ByteRecord::new(),
        };
        match format {
            InputFormat::Ndjson => {
                reader.kind = ReaderKind::Ndjson {
                    lines: input.lines(),
                    line: 0,
                }
            }
            InputFormat::Csv => {
                let mut csv = csv::ReaderBuilder::new()
                    .flexible(true)
                    .from_reader(CrlfToLf::new(input));
                let header = csv
                    .byte_headers()
                    .map_err(|e| Failure::Usage(format!("cannot read the CSV header: {e}")))?;
                reader.header = header
                    .iter()
                    .map(|h| String::from_utf8_lossy(h).trim().to_owned())
                    .collect();
                let find = |name: &str| reader.header.iter().position(|h| h == name);
                reader.respondent_col = find("respondent").ok_or_else(|| {
                    Failure::Usage("the CSV header has no `respondent` column".into())
                })?;
                reader.session_col = find("session").ok_or_else(|| {
                    Failure::Usage("the CSV header has no `session` column".into())
                })?;
                reader.date_col = find("date");
                for (i, h) in reader.header.iter().enumerate() {
                    if i == reader.respondent_col
                        || i == reader.session_col
                        || Some(i) == reader.date_col
                    {
                        continue;
                    }
                    if instrument.item(h).is_none() {
                        return Err(Failure::Usage(format!(
                            "column {} `{h}` is not an item of {} (items: {})",
                            i + 1,
                            instrument.id(),
                            instrument
                                .items()
                                .iter()
                                .map(|it| it.id().as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )));
                    }
                    if reader.column_of_item.insert(h.clone(), i + 1).is_some() {
                        return Err(Failure::Usage(format!("item column `{h}` appears twice")));
                    }
                    let index = instrument.item_index(h).unwrap_or_default();
                    reader.item_cols.push((i, h.clone(), index));
                }
                reader.kind = ReaderKind::Csv(csv);
            }
        }
        Ok(reader)
    }

    /// The CSV header, for the rejects file (empty for NDJSON).
    pub(crate) fn header_line(&self) -> Option<String> {
        if self.header.is_empty() {
            return None;
        }
        Some(csv_line(self.header.iter().map(String::as_bytes)))
    }

    /// A rejected row for a scoring error, pointing at the item's column.
    /// Call it before reading the next row: a CSV row's original text is the
    /// reader's current record.
    pub(crate) fn reject_score(&self, parsed: &Parsed, err: &ScoreError) -> Rejected {
        let item = match err {
            ScoreError::UnknownItem { item }
            | ScoreError::OutOfRange { item, .. }
            | ScoreError::NotAPoint { item, .. }
            | ScoreError::OffResolution { item, .. }
            | ScoreError::NonFinite { item }
            | ScoreError::NotApplicableNotAllowed { item } => Some(item.as_str()),
            _ => None,
        };
        let column = item.and_then(|id| self.column_of_item.get(id).map(|&c| (c, id.to_owned())));
        let mut rejected = Rejected {
            line: parsed.line,
            column,
            reason: err.to_string(),
            original: parsed.original.text(),
        };
        if matches!(parsed.original, OriginalRow::CsvCurrent) {
            rejected.original = csv_line(self.current.iter());
        }
        rejected
    }

    fn csv_row(&self, rec: &csv::ByteRecord) -> Result<Answers, Rejected> {
        let line = rec.position().map_or(0, csv::Position::line);
        let reject = |col: usize, reason: String| Rejected {
            line,
            column: Some((col + 1, self.header.get(col).cloned().unwrap_or_default())),
            reason,
            original: csv_line(rec.iter()),
        };
        if rec.len() != self.header.len() {
            return Err(Rejected {
                line,
                column: None,
                reason: format!("expected {} fields, found {}", self.header.len(), rec.len()),
                original: csv_line(rec.iter()),
            });
        }
        let field = |col: usize| -> Result<&str, Rejected> {
            std::str::from_utf8(rec.get(col).unwrap_or_default())
                .map(str::trim)
                .map_err(|_| reject(col, "not valid UTF-8".into()))
        };
        let respondent = field(self.respondent_col)?;
        if respondent.is_empty() {
            return Err(reject(self.respondent_col, "empty respondent".into()));
        }
        let session_text = field(self.session_col)?;
        let session: u32 = session_text.parse().map_err(|_| {
            reject(
                self.session_col,
                format!("session `{session_text}` is not a whole number"),
            )
        })?;
        let mut date = None;
        if let Some(c) = self.date_col {
            let d = field(c)?;
            if !d.is_empty() {
                date = Some(d.to_owned());
            }
        }
        let mut answers = vec![Answer::Missing; self.instrument.items().len()];
        for (col, item, index) in &self.item_cols {
            let bytes = rec.get(*col).unwrap_or_default().trim_ascii();
            let answer = match bytes {
                [] => Answer::Missing,
                // The usual Likert cell: one digit.
                [d] if d.is_ascii_digit() => Answer::Value(f64::from(d - b'0')),
                _ => {
                    let text = field(*col)?;
                    if text.eq_ignore_ascii_case("n/a") {
                        Answer::NotApplicable
                    } else {
                        match text.parse::<f64>() {
                            Ok(v) => Answer::Value(v),
                            Err(_) => {
                                return Err(reject(
                                    *col,
                                    format!("item {item}: `{text}` is not a number"),
                                ));
                            }
                        }
                    }
                }
            };
            answers[*index] = answer;
        }
        Ok(Answers::Positional {
            respondent: respondent.to_owned(),
            session,
            date,
            answers,
        })
    }
}

impl Iterator for ResponseReader<'_> {
    type Item = Result<Parsed, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.kind {
            ReaderKind::Csv(reader) => {
                let mut rec = std::mem::take(&mut self.current);
                let read = reader.read_byte_record(&mut rec);
                let result = match read {
                    Ok(false) => None,
                    Ok(true) => {
                        let line = rec.position().map_or(0, csv::Position::line);
                        Some(self.csv_row(&rec).map(|answers| Parsed {
                            answers,
                            line,
                            original: OriginalRow::CsvCurrent,
                        }))
                    }
                    Err(e) => {
                        let line = e.position().map_or(0, csv::Position::line);
                        Some(Err(Rejected {
                            line,
                            column: None,
                            reason: e.to_string(),
                            original: String::new(),
                        }))
                    }
                };
                self.current = rec;
                result
            }
            ReaderKind::Ndjson { lines, line } => loop {
                *line += 1;
                let text = match lines.next()? {
                    Ok(t) => t,
                    Err(e) => {
                        return Some(Err(Rejected {
                            line: *line,
                            column: None,
                            reason: e.to_string(),
                            original: String::new(),
                        }));
                    }
                };
                if text.trim().is_empty() {
                    continue;
                }
                return Some(match serde_json::from_str::<Response>(&text) {
                    Ok(response) => Ok(Parsed {
                        answers: Answers::Response(response),
                        line: *line,
                        original: OriginalRow::Text(text),
                    }),
                    Err(e) => {
                        // serde_json ends its message with "at line 1 column C"
                        // (the line within this one-line text): drop it, the
                        // report gives the input line and column.
                        let message = e.to_string();
                        let position = format!(" at line {} column {}", e.line(), e.column());
                        Err(Rejected {
                            line: *line,
                            column: Some((e.column(), String::new())),
                            reason: message
                                .strip_suffix(&position)
                                .unwrap_or(&message)
                                .to_owned(),
                            original: text,
                        })
                    }
                });
            },
        }
    }
}

impl OriginalRow {
    /// The original text of an NDJSON line (a CSV row's text is the reader's
    /// current record: see [`ResponseReader::reject_score`]).
    pub(crate) fn text(&self) -> String {
        match self {
            OriginalRow::CsvCurrent => String::new(),
            OriginalRow::Text(t) => t.clone(),
        }
    }
}

/// One CSV line (quoted as needed), without the line break.
pub(crate) fn csv_line<'b>(fields: impl Iterator<Item = &'b [u8]>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(fields);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_owned()
}

/// Turns CRLF line breaks into LF before the CSV parser sees them: csv 1.x
/// reports every record after a CRLF one line too low (rust-csv issue 395),
/// and spreadsheet exports from Windows use CRLF. A lone CR passes through.
pub(crate) struct CrlfToLf<R> {
    inner: R,
    /// A CR was the last byte of the previous buffer.
    held_cr: bool,
}

impl<R> CrlfToLf<R> {
    pub(crate) fn new(inner: R) -> Self {
        CrlfToLf {
            inner,
            held_cr: false,
        }
    }
}

impl<R: BufRead> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            let buf = self.inner.fill_buf()?;
            if self.held_cr {
                self.held_cr = false;
                if buf.first() != Some(&b'\n') {
                    out[0] = b'\r';
                    return Ok(1);
                }
            }
            if buf.is_empty() {
                return Ok(0);
            }
            let (mut used, mut n) = (0, 0);
            while used < buf.len() && n < out.len() {
                let b = buf[used];
                used += 1;
                if b == b'\r' {
                    match buf.get(used) {
                        Some(b'\n') => continue,
                        None => {
                            self.held_cr = true;
                            break;
                        }
                        Some(_) => {}
                    }
                }
                out[n] = b;
                n += 1;
            }
            self.inner.consume(used);
            if n > 0 {
                return Ok(n);
            }
        }
    }
}

trait LinesBoxed {
    fn lines_boxed(self) -> io::Lines<Box<dyn BufRead + Send>>;
}

impl<R: Read + Send + 'static> LinesBoxed for BufReader<R> {
    fn lines_boxed(self) -> io::Lines<Box<dyn BufRead + Send>> {
        let boxed: Box<dyn BufRead + Send> = Box::new(self);
        boxed.lines()
    }
}

/// A numeric table: a CSV with a header and only numeric (or empty) cells.
pub(crate) struct NumericReader {
    reader: csv::Reader<CrlfToLf<Box<dyn BufRead + Send>>>,
    pub(crate) header: Vec<String>,
}

impl NumericReader {
    pub(crate) fn new(input: Box<dyn BufRead + Send>) -> Result<Self, Failure> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(CrlfToLf::new(input));
        let header = reader
            .byte_headers()
            .map_err(|e| Failure::Usage(format!("cannot read the CSV header: {e}")))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_owned())
            .collect();
        Ok(NumericReader { reader, header })
    }

    /// Reads the next row into `row` (NaN = empty cell). `Ok(false)` at the end.
    pub(crate) fn next_row(
        &mut self,
        rec: &mut csv::ByteRecord,
        row: &mut Vec<f64>,
    ) -> Result<bool, Rejected> {
        match self.reader.read_byte_record(rec) {
            Ok(false) => return Ok(false),
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return Err(Rejected {
                    line,
                    column: None,
                    reason: e.to_string(),
                    original: String::new(),
                });
            }
        }
        let line = rec.position().map_or(0, csv::Position::line);
        if rec.len() != self.header.len() {
            return Err(Rejected {
                line,
                column: None,
                reason: format!("expected {} fields, found {}", self.header.len(), rec.len()),
                original: csv_line(rec.iter()),
            });
        }
        row.clear();
        for (col, cell) in rec.iter().enumerate() {
            let text = std::str::from_utf8(cell).unwrap_or("\u{fffd}").trim();
            if text.is_empty() {
                row.push(f64::NAN);
                continue;
            }
            match fast_float(text) {
                Some(v) if v.is_finite() => row.push(v),
                _ => {
                    return Err(Rejected {
                        line,
                        column: Some((col + 1, self.header[col].clone())),
                        reason: format!("`{text}` is not a finite number"),
                        original: csv_line(rec.iter()),
                    });
                }
            }
        }
        Ok(true)
    }
}

/// Parses a number, with a fast path for small integers (the usual Likert cell).
fn fast_float(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.len() == 1 && b[0].is_ascii_digit() {
        return Some(f64::from(b[0] - b'0'));
    }
    text.parse().ok()
}
