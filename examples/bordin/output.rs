//! Writing results: rejects, CSV escaping and number formatting.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::Failure;
use crate::input::Rejected;

/// Where rejected rows go: standard error always, and `--rejects FILE` if given.
pub(crate) struct Rejects {
    file: Option<BufWriter<File>>,
    header: Option<String>,
    header_written: bool,
    pub(crate) count: usize,
}

impl Rejects {
    pub(crate) fn new(path: Option<&Path>) -> Result<Self, Failure> {
        let file = match path {
            Some(p) => Some(BufWriter::new(File::create(p).map_err(|e| {
                Failure::Usage(format!("cannot create {}: {e}", p.display()))
            })?)),
            None => None,
        };
        Ok(Rejects {
            file,
            header: None,
            header_written: false,
            count: 0,
        })
    }

    /// The CSV header to write once at the top of the rejects file.
    pub(crate) fn set_header(&mut self, header: Option<String>) {
        self.header = header;
    }

    pub(crate) fn push(&mut self, r: &Rejected) -> io::Result<()> {
        self.count += 1;
        let mut err = io::stderr().lock();
        match &r.column {
            Some((col, name)) if !name.is_empty() => {
                writeln!(err, "line {}, column {col} ({name}): {}", r.line, r.reason)?;
            }
            Some((col, _)) => writeln!(err, "line {}, column {col}: {}", r.line, r.reason)?,
            None => writeln!(err, "line {}: {}", r.line, r.reason)?,
        }
        if let Some(f) = &mut self.file {
            if !self.header_written {
                if let Some(h) = &self.header {
                    writeln!(f, "{h}")?;
                }
                self.header_written = true;
            }
            writeln!(f, "{}", r.original)?;
        }
        Ok(())
    }

    pub(crate) fn finish(mut self) -> io::Result<usize> {
        if let Some(f) = &mut self.file {
            f.flush()?;
        }
        Ok(self.count)
    }
}

/// Escapes a text value for CSV output against spreadsheet formula injection:
/// a value starting with `=`, `+`, `-`, `@`, tab or carriage return gets a
/// leading `'` (OWASP's advice), so spreadsheets show it as text.
pub(crate) fn csv_text(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

/// A number for CSV output: the shortest text that reads back as the same f64.
pub(crate) fn csv_number(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{v:.1}")
        } else {
            format!("{v}")
        }
    })
}
