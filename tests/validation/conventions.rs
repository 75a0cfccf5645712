//! Id conventions of issue 2, which later issues and users' CSV headers rely on.

use bordin::{Catalog, Components};

#[test]
fn item_ids_are_published_item_numbers() {
    // Source: issue 2, "item ids are the published item numbers as strings";
    // item counts from reference/instruments.md (WAI-SR 12, SRS 4, PHQ-9 9 + the
    // unscored difficulty item 10).
    for (id, n) in [("wai-sr", 12), ("srs", 4), ("phq-9", 10)] {
        let inst = Catalog::builtin().get(id).unwrap();
        let ids: Vec<&str> = inst.items().iter().map(|i| i.id().as_str()).collect();
        let expected: Vec<String> = (1..=n).map(|k| k.to_string()).collect();
        assert_eq!(ids, expected, "{id}");
    }
}

#[test]
fn every_instrument_with_a_published_total_has_a_total() {
    // Source: reference/instruments.md: the CBI and ProQOL 5 have no published
    // total ("There is no total"; "no total"); every other instrument has one.
    for inst in Catalog::builtin().iter() {
        let expected = !matches!(inst.id().as_str(), "cbi" | "proqol-5");
        assert_eq!(inst.scale("total").is_some(), expected, "{}", inst.id());
    }
}

#[test]
fn wai_sr_subscales() {
    // Source: issue 2 (`task`, `bond`, `goal`) and Hatcher & Gillaspy (2006): the
    // total is the sum of the three subscales.
    let wai = Catalog::builtin().get("wai-sr").unwrap();
    let ids: Vec<&str> = wai.scales().iter().map(|s| s.id().as_str()).collect();
    assert_eq!(ids, ["task", "bond", "goal", "total"]);
    let total = wai.scale_index("total").unwrap();
    assert_eq!(
        wai.scales()[total].components(),
        &Components::Scales(vec![0, 1, 2])
    );
    // Every item belongs to exactly one subscale.
    let mut all: Vec<usize> = (0..3).flat_map(|s| wai.scale_item_indices(s)).collect();
    all.sort_unstable();
    assert_eq!(all, (0..12).collect::<Vec<_>>());
}

#[test]
fn instrument_ids_are_kebab_case_abbreviations() {
    let ids: Vec<&str> = Catalog::builtin().iter().map(|i| i.id().as_str()).collect();
    for first in ["phq-9", "srs", "wai-sr"] {
        assert!(ids.contains(&first), "{first}");
    }
    for inst in Catalog::builtin().iter() {
        // Source: issue 2, "instrument ids are the kebab-case of the abbreviation";
        // a space in a published abbreviation ("ProQOL 5") becomes a hyphen.
        let kebab = inst.abbreviation().to_lowercase().replace(' ', "-");
        assert_eq!(inst.id().as_str(), kebab);
        assert!(bordin::is_kebab_case(inst.id().as_str()));
        for scale in inst.scales() {
            assert!(bordin::is_kebab_case(scale.id().as_str()), "{}", scale.id());
        }
    }
}
