//! `instruments/README.md` against the built-in catalog, so the table cannot drift.

use std::collections::BTreeSet;

use bordin::{Catalog, Confidence};

const README: &str = include_str!("../instruments/README.md");

const HEADER: [&str; 8] = [
    "id",
    "name",
    "construct",
    "respondent",
    "items",
    "confidence",
    "wording shipped?",
    "license",
];

/// The cells of each row of the catalog table (the one whose header is [`HEADER`]).
fn table_rows() -> Vec<Vec<String>> {
    let cells = |line: &str| -> Vec<String> {
        line.trim()
            .trim_start_matches('|')
            .trim_end_matches('|')
            .split('|')
            .map(|c| c.trim().to_owned())
            .collect()
    };
    let mut lines = README.lines();
    lines
        .by_ref()
        .find(|l| l.trim_start().starts_with('|') && cells(l) == HEADER)
        .expect("instruments/README.md has the catalog table header");
    let separator = lines.next().expect("a separator row follows the header");
    assert!(
        cells(separator)
            .iter()
            .all(|c| c.chars().all(|ch| ch == '-' || ch == ':')),
        "second table line is the separator: {separator}"
    );
    lines
        .take_while(|l| l.trim_start().starts_with('|'))
        .map(cells)
        .collect()
}

/// A kebab-case serde value as plain text (`"cultural-humility"`).
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value).expect("serializable") {
        serde_json::Value::String(s) => s,
        other => panic!("not a string: {other}"),
    }
}

#[test]
fn readme_table_matches_the_catalog() {
    let rows = table_rows();
    let catalog = Catalog::builtin();
    let mut seen = BTreeSet::new();
    for row in &rows {
        assert_eq!(
            row.len(),
            HEADER.len(),
            "row has {} cells: {row:?}",
            row.len()
        );
        let id = row[0].trim_matches('`');
        assert!(seen.insert(id.to_owned()), "{id} is listed twice");
        let inst = catalog
            .get(id)
            .unwrap_or_else(|| panic!("README lists {id}, which is not a built-in"));
        assert_eq!(row[1], inst.title(), "{id}: name");
        assert_eq!(row[2], serde_name(&inst.construct()), "{id}: construct");
        assert_eq!(row[3], serde_name(&inst.respondent()), "{id}: respondent");
        assert_eq!(row[4], inst.items().len().to_string(), "{id}: items");
        let confidence = match inst.confidence() {
            Confidence::Confirmed => "confirmed",
            Confidence::Provisional => "provisional",
        };
        assert_eq!(row[5], confidence, "{id}: confidence");
        let wording = if inst.license().item_text_included {
            "yes"
        } else {
            "no"
        };
        assert_eq!(row[6], wording, "{id}: wording shipped?");
        assert!(!row[7].is_empty(), "{id}: license summary");
    }
    let builtin: BTreeSet<String> = catalog.iter().map(|i| i.id().to_string()).collect();
    assert_eq!(seen, builtin, "every built-in has exactly one README row");
    let ids: Vec<&String> = seen.iter().collect();
    let listed: Vec<String> = rows
        .iter()
        .map(|r| r[0].trim_matches('`').to_owned())
        .collect();
    assert_eq!(
        listed.iter().collect::<Vec<_>>(),
        ids,
        "README rows are in id order"
    );
}

#[test]
fn readme_explains_confidence_and_licensed_wording() {
    assert!(README.contains("## `confirmed` and `provisional`"));
    assert!(README.contains("## Supplying licensed wording"));
    for inst in Catalog::builtin().iter() {
        if inst.confidence() == Confidence::Provisional {
            let bullet = format!("- `{}`:", inst.id());
            assert!(
                README.contains(&bullet),
                "README explains why {} is provisional",
                inst.id()
            );
        }
    }
}

/// The crate README repeats the catalog table; it must equal the one checked above.
#[test]
fn crate_readme_repeats_the_catalog_table() {
    let table = |text: &'static str| -> Vec<&'static str> {
        text.lines()
            .skip_while(|l| !l.starts_with("| id | name"))
            .take_while(|l| l.starts_with('|'))
            .collect()
    };
    let crate_readme = include_str!("../README.md");
    let catalog = table(README);
    assert!(catalog.len() > 10, "the catalog table was found");
    assert_eq!(table(crate_readme), catalog);
}
