//! `list`, `show`, `schema` and `validate`.

use std::io::{self, Write};
use std::path::PathBuf;

use bordin::{Catalog, CatalogFilter, Components, Confidence, Instrument};

use crate::args::{ListArgs, TextJson};
use crate::{Failure, Outcome, chain, load_instrument};

fn parse_enum<T: serde::de::DeserializeOwned>(what: &str, value: &str) -> Result<T, Failure> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| Failure::Usage(format!("unknown {what} `{value}`")))
}

pub(crate) fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    let mut filter = CatalogFilter::default();
    if let Some(c) = &args.construct {
        filter = filter.construct(parse_enum("construct", c)?);
    }
    if let Some(r) = &args.respondent {
        filter = filter.respondent(parse_enum("respondent", r)?);
    }
    if args.confirmed_only {
        filter = filter.confirmed_only();
    }
    let entries = Catalog::builtin().list(filter);
    let mut out = io::stdout().lock();
    match args.format {
        TextJson::Json => {
            serde_json::to_writer_pretty(&mut out, &entries).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        TextJson::Text => {
            writeln!(
                out,
                "{:<10} {:<11} {:>5}  {:<40} title",
                "id", "confidence", "items", "scales"
            )?;
            for e in entries {
                let confidence = match e.confidence {
                    Confidence::Confirmed => "confirmed",
                    Confidence::Provisional => "provisional",
                };
                writeln!(
                    out,
                    "{:<10} {:<11} {:>5}  {:<40} {}",
                    e.id,
                    confidence,
                    e.items,
                    e.scales.join(","),
                    e.title
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

pub(crate) fn show(spec: &str) -> Result<Outcome, Failure> {
    let inst = load_instrument(spec)?;
    let mut out = io::stdout().lock();
    describe(&inst, &mut out)?;
    Ok(Outcome::Clean)
}

fn describe(inst: &Instrument, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{} ({}) — {}",
        inst.abbreviation(),
        inst.id(),
        inst.title()
    )?;
    writeln!(
        out,
        "version {}   fingerprint {}",
        inst.version(),
        inst.fingerprint()
    )?;
    writeln!(
        out,
        "construct {:?}, respondent {:?}",
        inst.construct(),
        inst.respondent()
    )?;
    writeln!(out, "\ncitation: {}", inst.citation().text)?;
    if let Some(doi) = &inst.citation().doi {
        writeln!(out, "doi: {doi}")?;
    }
    let lic = inst.license();
    writeln!(out, "\nlicense: {} — {}", lic.holder, lic.terms)?;
    if let Some(n) = &lic.notice {
        writeln!(out, "notice: {n}")?;
    }
    writeln!(
        out,
        "wording included: {}",
        if lic.item_text_included { "yes" } else { "no" }
    )?;
    let prov = inst.provenance();
    writeln!(out, "\nkey confidence: {:?}", prov.confidence)?;
    if let Some(r) = &prov.reason {
        writeln!(out, "reason: {r}")?;
    }
    for s in &prov.sources {
        writeln!(out, "  source: {s}")?;
    }
    writeln!(out, "\nitems:")?;
    for item in inst.items() {
        let rev = if item.is_reversed() {
            " (reversed)"
        } else {
            ""
        };
        writeln!(out, "  {:>10}  {}{rev}", item.id(), item.label())?;
    }
    writeln!(out, "\nscales:")?;
    for scale in inst.scales() {
        let parts = match scale.components() {
            Components::Items(idx) => idx
                .iter()
                .map(|&i| inst.items()[i].id().to_string())
                .collect::<Vec<_>>(),
            Components::Scales(idx) => idx
                .iter()
                .map(|&i| inst.scales()[i].id().to_string())
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let range = scale
            .range()
            .map_or_else(String::new, |(a, b)| format!(", range {a}–{b}"));
        writeln!(
            out,
            "  {:<28} {} of {}{range}; missing: {}",
            scale.id().as_str(),
            match scale.aggregation() {
                bordin::Aggregation::Sum => "sum",
                bordin::Aggregation::Mean => "mean",
            },
            parts.join(" "),
            rule_text(scale.missing_rule())
        )?;
        for b in scale.bands() {
            writeln!(out, "      band {:<20} {}–{}", b.label, b.min, b.max)?;
        }
        for c in scale.cutoffs() {
            writeln!(out, "      cut-off {:<16} {:?} ({})", c.id, c.when, c.label)?;
        }
    }
    if !inst.flags().is_empty() {
        writeln!(out, "\nflags:")?;
        for f in inst.flags() {
            let on = if f.enabled_by_default() {
                ""
            } else {
                " (off by default)"
            };
            writeln!(
                out,
                "  {:<22} {:?} — {}{on}",
                f.id().as_str(),
                f.condition(),
                f.label()
            )?;
        }
    }
    Ok(())
}

pub(crate) fn schema() -> Result<Outcome, Failure> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &bordin::instrument_schema())
        .map_err(io::Error::from)?;
    writeln!(out)?;
    Ok(Outcome::Clean)
}

pub(crate) fn validate(files: &[PathBuf]) -> Result<Outcome, Failure> {
    let mut bad = 0;
    let mut out = io::stdout().lock();
    for file in files {
        match Instrument::from_path(file) {
            Ok(inst) => writeln!(
                out,
                "{}: ok ({} {}, {})",
                file.display(),
                inst.id(),
                inst.version(),
                inst.fingerprint()
            )?,
            Err(e) => {
                bad += 1;
                writeln!(io::stderr(), "{}", chain(&e))?;
            }
        }
    }
    if bad > 0 {
        Err(Failure::Usage(format!(
            "{bad} of {} definitions are invalid",
            files.len()
        )))
    } else {
        Ok(Outcome::Clean)
    }
}

/// A missing-data rule in words.
fn rule_text(rule: bordin::MissingRule) -> String {
    let na = |is_missing: bool| {
        if is_missing {
            ""
        } else {
            "; \"not applicable\" makes it unscorable"
        }
    };
    match rule {
        bordin::MissingRule::Complete => "every component required".to_owned(),
        bordin::MissingRule::Prorate {
            max_missing,
            not_applicable_is_missing,
        } => {
            format!(
                "up to {max_missing} missing, prorated{}",
                na(not_applicable_is_missing)
            )
        }
        bordin::MissingRule::SubstituteMean {
            max_missing,
            not_applicable_is_missing,
        } => {
            format!(
                "up to {max_missing} missing, each replaced by the mean of the answered{}",
                na(not_applicable_is_missing)
            )
        }
        bordin::MissingRule::MeanOfAnswered {
            min_answered,
            not_applicable_is_missing,
        } => {
            format!(
                "mean of the answered, at least {min_answered}{}",
                na(not_applicable_is_missing)
            )
        }
    }
}
