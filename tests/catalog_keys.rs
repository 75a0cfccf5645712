//! The built-in catalog against the published keys.
//!
//! Every expected value here is written out from `reference/instruments.md`
//! (the reference the catalog was encoded from), never read back from the
//! instrument files, so a file that drifts from the published key fails.
//! Scoring with missing data is covered by the golden fixtures in
//! `tests/fixtures/golden/`; the checks here need no scorer.

use bordin::spec::{Condition, NormGroup};
use bordin::{
    Aggregation, Catalog, Components, Confidence, FlagOn, Instrument, MissingRule, Polarity,
    ResponseScaleKind,
};

/// Every built-in instrument id, in id order.
const ALL: &[&str] = &[
    "care", "cbi", "chs", "core-10", "cors", "gad-7", "haq-ii", "ors", "phq-9", "proqol-5", "srs",
    "wai", "wai-s", "wai-sr", "wai-t",
];

/// The instruments whose key is provisional (reference §1, "ship, provisional").
const PROVISIONAL: &[&str] = &["cors", "haq-ii", "wai-s", "wai-t"];

/// The instruments whose wording may be shipped (public domain).
const WORDING_SHIPPED: &[&str] = &["gad-7", "phq-9"];

/// Item ids `"1"` to `"n"`.
fn numbered(n: usize) -> Vec<String> {
    (1..=n).map(|i| i.to_string()).collect()
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}

/// One instrument's published key.
struct Key {
    id: &'static str,
    /// All item ids in form order.
    items: Vec<String>,
    /// The reverse-keyed item ids.
    reversed: &'static [&'static str],
    /// Every scale, in file order, with the items it rests on (through sub-scales), in form order.
    scales: Vec<(&'static str, Vec<String>)>,
}

const WAI_TASK: &[&str] = &[
    "2", "4", "7", "11", "13", "15", "16", "18", "24", "31", "33", "35",
];
const WAI_BOND: &[&str] = &[
    "1", "5", "8", "17", "19", "20", "21", "23", "26", "28", "29", "36",
];
const WAI_GOAL: &[&str] = &[
    "3", "6", "9", "10", "12", "14", "22", "25", "27", "30", "32", "34",
];
const WAI_REVERSED: &[&str] = &[
    "1", "3", "7", "9", "10", "11", "12", "15", "20", "27", "29", "31", "33", "34",
];

const CBI_PERSONAL: &[&str] = &[
    "personal-1",
    "personal-2",
    "personal-3",
    "personal-4",
    "personal-5",
    "personal-6",
];
const CBI_WORK: &[&str] = &[
    "work-1", "work-2", "work-3", "work-4", "work-5", "work-6", "work-7",
];
const CBI_CLIENT: &[&str] = &[
    "client-1", "client-2", "client-3", "client-4", "client-5", "client-6",
];

fn keys() -> Vec<Key> {
    let wai = |id| Key {
        id,
        items: numbered(36),
        reversed: WAI_REVERSED,
        scales: vec![
            ("task", strings(WAI_TASK)),
            ("bond", strings(WAI_BOND)),
            ("goal", strings(WAI_GOAL)),
            ("total", numbered(36)),
        ],
    };
    vec![
        Key {
            id: "care",
            items: numbered(10),
            reversed: &[],
            scales: vec![("total", numbered(10))],
        },
        Key {
            id: "cbi",
            items: [CBI_PERSONAL, CBI_WORK, CBI_CLIENT]
                .concat()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            reversed: &["work-7"],
            scales: vec![
                ("personal", strings(CBI_PERSONAL)),
                ("work", strings(CBI_WORK)),
                ("client", strings(CBI_CLIENT)),
            ],
        },
        Key {
            id: "chs",
            items: numbered(12),
            reversed: &["3", "6", "8", "10", "11"],
            scales: vec![
                ("total", numbered(12)),
                ("positive", strings(&["1", "2", "4", "5", "7", "9", "12"])),
                ("negative", strings(&["3", "6", "8", "10", "11"])),
            ],
        },
        Key {
            id: "core-10",
            items: numbered(10),
            reversed: &["2", "3"],
            scales: vec![("total", numbered(10))],
        },
        Key {
            id: "cors",
            items: numbered(4),
            reversed: &[],
            scales: vec![("total", numbered(4))],
        },
        Key {
            id: "gad-7",
            // Item 8 (difficulty) is unscored.
            items: numbered(8),
            reversed: &[],
            scales: vec![("total", strings(&["1", "2", "3", "4", "5", "6", "7"]))],
        },
        Key {
            id: "haq-ii",
            items: numbered(19),
            reversed: &["4", "8", "11", "16", "19"],
            scales: vec![("total", numbered(19))],
        },
        Key {
            id: "ors",
            items: numbered(4),
            reversed: &[],
            scales: vec![("total", numbered(4))],
        },
        Key {
            id: "phq-9",
            // Item 10 (difficulty) is unscored.
            items: numbered(10),
            reversed: &[],
            scales: vec![(
                "total",
                strings(&["1", "2", "3", "4", "5", "6", "7", "8", "9"]),
            )],
        },
        Key {
            id: "proqol-5",
            items: numbered(30),
            reversed: &["1", "4", "15", "17", "29"],
            scales: vec![
                (
                    "compassion-satisfaction",
                    strings(&["3", "6", "12", "16", "18", "20", "22", "24", "27", "30"]),
                ),
                (
                    "burnout",
                    strings(&["1", "4", "8", "10", "15", "17", "19", "21", "26", "29"]),
                ),
                (
                    "secondary-traumatic-stress",
                    strings(&["2", "5", "7", "9", "11", "13", "14", "23", "25", "28"]),
                ),
            ],
        },
        Key {
            id: "srs",
            items: numbered(4),
            reversed: &[],
            scales: vec![("total", numbered(4))],
        },
        wai("wai"),
        Key {
            id: "wai-s",
            items: numbered(12),
            reversed: &["4", "10"],
            scales: vec![
                ("task", strings(&["1", "2", "8", "12"])),
                ("bond", strings(&["3", "5", "7", "9"])),
                ("goal", strings(&["4", "6", "10", "11"])),
                ("total", numbered(12)),
            ],
        },
        Key {
            id: "wai-sr",
            items: numbered(12),
            reversed: &[],
            scales: vec![
                ("task", strings(&["1", "2", "10", "12"])),
                ("bond", strings(&["3", "5", "7", "9"])),
                ("goal", strings(&["4", "6", "8", "11"])),
                ("total", numbered(12)),
            ],
        },
        wai("wai-t"),
    ]
}

fn get(id: &str) -> &'static Instrument {
    Catalog::builtin()
        .get(id)
        .unwrap_or_else(|| panic!("{id} is not in the built-in catalog"))
}

#[test]
fn builtin_catalog_has_exactly_the_expected_instruments() {
    let ids: Vec<&str> = Catalog::builtin().iter().map(|i| i.id().as_str()).collect();
    assert_eq!(ids, ALL);
    let keyed: Vec<&str> = keys().iter().map(|k| k.id).collect();
    assert_eq!(
        keyed, ALL,
        "every built-in needs a literal key in this test"
    );
}

#[test]
fn item_ids_reverse_keys_and_scale_membership_match_the_reference() {
    for key in keys() {
        let inst = get(key.id);
        let id = key.id;
        let items: Vec<&str> = inst.items().iter().map(|i| i.id().as_str()).collect();
        assert_eq!(items, key.items, "{id}: item ids");

        let reversed: Vec<&str> = inst
            .items()
            .iter()
            .filter(|i| i.is_reversed())
            .map(|i| i.id().as_str())
            .collect();
        assert_eq!(reversed, key.reversed, "{id}: reverse-keyed items");

        let scales: Vec<&str> = inst.scales().iter().map(|s| s.id().as_str()).collect();
        let expected: Vec<&str> = key.scales.iter().map(|(s, _)| *s).collect();
        assert_eq!(scales, expected, "{id}: scales");

        for (scale, members) in &key.scales {
            let idx = inst
                .scale_index(scale)
                .unwrap_or_else(|| panic!("{id}: no scale {scale}"));
            let got: Vec<&str> = inst
                .scale_item_indices(idx)
                .into_iter()
                .map(|i| inst.items()[i].id().as_str())
                .collect();
            assert_eq!(&got, members, "{id}/{scale}: items");
        }
    }
}

#[test]
fn wai_family_totals_are_the_sum_of_complete_subscales() {
    for id in ["wai", "wai-s", "wai-sr", "wai-t"] {
        let inst = get(id);
        let total = inst.scale("total").expect("total");
        let subs: Vec<usize> = ["task", "bond", "goal"]
            .iter()
            .map(|s| inst.scale_index(s).expect("subscale"))
            .collect();
        assert_eq!(total.components(), &Components::Scales(subs), "{id}");
        assert_eq!(total.aggregation(), Aggregation::Sum, "{id}");
        assert_eq!(total.missing_rule(), MissingRule::Complete, "{id}");
    }
}

fn prorate(max_missing: u32) -> MissingRule {
    MissingRule::Prorate {
        max_missing,
        not_applicable_is_missing: true,
    }
}

#[test]
fn aggregation_missing_rule_and_polarity_match_the_reference() {
    use Aggregation::{Mean, Sum};
    use Polarity::{HigherIsBetter as Better, HigherIsWorse as Worse};
    let mean_of = |min_answered| MissingRule::MeanOfAnswered {
        min_answered,
        not_applicable_is_missing: true,
    };
    let expected: Vec<(&str, &str, Aggregation, MissingRule, Polarity)> = vec![
        (
            "care",
            "total",
            Sum,
            MissingRule::SubstituteMean {
                max_missing: 2,
                not_applicable_is_missing: true,
            },
            Better,
        ),
        ("cbi", "personal", Mean, mean_of(3), Worse),
        ("cbi", "work", Mean, mean_of(4), Worse),
        ("cbi", "client", Mean, mean_of(3), Worse),
        ("chs", "total", Sum, prorate(3), Better),
        ("chs", "positive", Sum, prorate(1), Better),
        ("chs", "negative", Sum, prorate(1), Better),
        ("core-10", "total", Sum, prorate(1), Worse),
        ("cors", "total", Sum, MissingRule::Complete, Better),
        ("gad-7", "total", Sum, prorate(1), Worse),
        ("haq-ii", "total", Sum, prorate(4), Better),
        ("ors", "total", Sum, MissingRule::Complete, Better),
        ("phq-9", "total", Sum, prorate(2), Worse),
        (
            "proqol-5",
            "compassion-satisfaction",
            Sum,
            prorate(2),
            Better,
        ),
        ("proqol-5", "burnout", Sum, prorate(2), Worse),
        (
            "proqol-5",
            "secondary-traumatic-stress",
            Sum,
            prorate(2),
            Worse,
        ),
        ("srs", "total", Sum, MissingRule::Complete, Better),
        ("wai", "task", Sum, prorate(3), Better),
        ("wai", "bond", Sum, prorate(3), Better),
        ("wai", "goal", Sum, prorate(3), Better),
        ("wai-s", "task", Sum, prorate(1), Better),
        ("wai-s", "bond", Sum, prorate(1), Better),
        ("wai-s", "goal", Sum, prorate(1), Better),
        ("wai-sr", "task", Sum, prorate(1), Better),
        ("wai-t", "task", Sum, prorate(3), Better),
        ("wai-t", "bond", Sum, prorate(3), Better),
        ("wai-t", "goal", Sum, prorate(3), Better),
    ];
    for (id, scale, aggregation, missing, polarity) in expected {
        let s = get(id).scale(scale).expect("scale");
        assert_eq!(s.aggregation(), aggregation, "{id}/{scale}");
        assert_eq!(s.missing_rule(), missing, "{id}/{scale}");
        assert_eq!(s.polarity(), polarity, "{id}/{scale}");
    }
}

/// Possible ranges from the reference's Aggregation and Check lines.
#[test]
fn possible_ranges_match_the_reference() {
    let expected: &[(&str, &str, f64, f64)] = &[
        ("care", "total", 10.0, 50.0),
        ("cbi", "personal", 0.0, 100.0),
        ("cbi", "work", 0.0, 100.0),
        ("cbi", "client", 0.0, 100.0),
        ("chs", "total", 12.0, 60.0),
        ("chs", "positive", 7.0, 35.0),
        ("chs", "negative", 5.0, 25.0),
        ("core-10", "total", 0.0, 40.0),
        ("cors", "total", 0.0, 40.0),
        ("gad-7", "total", 0.0, 21.0),
        ("haq-ii", "total", 19.0, 114.0),
        ("ors", "total", 0.0, 40.0),
        ("phq-9", "total", 0.0, 27.0),
        ("proqol-5", "compassion-satisfaction", 10.0, 50.0),
        ("proqol-5", "burnout", 10.0, 50.0),
        ("proqol-5", "secondary-traumatic-stress", 10.0, 50.0),
        ("srs", "total", 0.0, 40.0),
        ("wai", "total", 36.0, 252.0),
        ("wai", "task", 12.0, 84.0),
        ("wai", "bond", 12.0, 84.0),
        ("wai", "goal", 12.0, 84.0),
        ("wai-s", "total", 12.0, 84.0),
        ("wai-s", "task", 4.0, 28.0),
        ("wai-sr", "total", 12.0, 60.0),
        ("wai-sr", "bond", 4.0, 20.0),
        ("wai-t", "total", 36.0, 252.0),
        ("wai-t", "goal", 12.0, 84.0),
    ];
    for &(id, scale, lo, hi) in expected {
        let s = get(id).scale(scale).expect("scale");
        assert_eq!(s.range(), Some((lo, hi)), "{id}/{scale}");
    }
}

#[test]
fn response_scales_match_the_reference() {
    let ordinal = |id: &str, item: &str| -> Vec<f64> {
        match get(id).item(item).expect("item").response_scale().kind() {
            ResponseScaleKind::Ordinal { values, .. } => values.clone(),
            other => panic!("{id}/{item}: not ordinal: {other:?}"),
        }
    };
    let seq = |lo: i32, hi: i32| -> Vec<f64> { (lo..=hi).map(f64::from).collect() };
    assert_eq!(ordinal("wai", "1"), seq(1, 7));
    assert_eq!(ordinal("wai-t", "1"), seq(1, 7));
    assert_eq!(ordinal("wai-s", "1"), seq(1, 7));
    assert_eq!(ordinal("haq-ii", "1"), seq(1, 6));
    assert_eq!(ordinal("care", "1"), seq(1, 5));
    assert_eq!(ordinal("chs", "1"), seq(1, 5));
    assert_eq!(ordinal("proqol-5", "1"), seq(1, 5));
    assert_eq!(ordinal("gad-7", "1"), seq(0, 3));
    assert_eq!(ordinal("gad-7", "8"), seq(0, 3));
    assert_eq!(ordinal("core-10", "1"), seq(0, 4));

    // CARE: "Does not apply" carries no value.
    let care = get("care").item("1").expect("item").response_scale();
    assert_eq!(care.not_applicable(), Some("Does not apply"));
    for id in ALL.iter().filter(|id| **id != "care") {
        for item in get(id).items() {
            assert_eq!(
                item.response_scale().not_applicable(),
                None,
                "{id}/{}: only CARE has a not-applicable option",
                item.id()
            );
        }
    }

    // ORS and CORS: a 10-cm line, 0.0-10.0 at 0.1.
    for id in ["ors", "cors", "srs"] {
        for item in get(id).items() {
            assert_eq!(
                item.response_scale().kind(),
                &ResponseScaleKind::Continuous {
                    min: Some(0.0),
                    max: Some(10.0),
                    resolution: Some(0.1)
                },
                "{id}/{}",
                item.id()
            );
        }
    }

    // CBI: options 1..5 from most to least burnout, recoded to 100/75/50/25/0,
    // then work-7 reversed on the recoded range.
    let cbi = get("cbi");
    let recode = [
        (1.0, 100.0),
        (2.0, 75.0),
        (3.0, 50.0),
        (4.0, 25.0),
        (5.0, 0.0),
    ];
    for item in cbi.items() {
        assert_eq!(item.recoding(), &recode, "cbi/{}", item.id());
        assert_eq!(
            item.scored_bounds(),
            Some((0.0, 100.0)),
            "cbi/{}",
            item.id()
        );
    }
    let work7 = cbi.item("work-7").expect("work-7");
    let scored: Vec<f64> = (1..=5).map(|o| work7.scored_value(f64::from(o))).collect();
    assert_eq!(
        scored,
        [0.0, 25.0, 50.0, 75.0, 100.0],
        "Always 0 ... Never 100"
    );
    let frequency = ["personal-1", "work-4", "work-7", "client-5", "client-6"];
    let intensity = ["work-1", "work-3", "client-1", "client-4"];
    let first_label = |item: &str| match cbi.item(item).expect("item").response_scale().kind() {
        ResponseScaleKind::Ordinal { labels, .. } => labels[0].clone(),
        other => panic!("cbi/{item}: not ordinal: {other:?}"),
    };
    for item in frequency {
        assert_eq!(
            first_label(item),
            "Always",
            "cbi/{item} uses the frequency format"
        );
    }
    for item in intensity {
        assert_eq!(
            first_label(item),
            "To a very high degree",
            "cbi/{item} uses the intensity format"
        );
    }
}

/// Sums (or means) of scored values when every item is answered: the
/// reference's Check lines that need no missing-data handling.
fn complete_score(inst: &Instrument, scale: &str, answers: &[(&str, f64)]) -> f64 {
    let idx = inst.scale_index(scale).expect("scale");
    let s = &inst.scales()[idx];
    let values: Vec<f64> = inst
        .scale_item_indices(idx)
        .into_iter()
        .map(|i| {
            let item = &inst.items()[i];
            let Some(&(_, chosen)) = answers.iter().find(|(id, _)| *id == item.id().as_str())
            else {
                panic!("no answer for {}", item.id())
            };
            item.scored_value(chosen)
        })
        .collect();
    let sum: f64 = values.iter().sum();
    match s.aggregation() {
        Aggregation::Sum => sum,
        Aggregation::Mean => sum / values.len() as f64,
    }
}

fn all(inst: &Instrument, value: f64) -> Vec<(&str, f64)> {
    inst.items()
        .iter()
        .map(|i| (i.id().as_str(), value))
        .collect()
}

fn listed<'a>(ids: &[&'a str], values: &[f64]) -> Vec<(&'a str, f64)> {
    assert_eq!(ids.len(), values.len());
    ids.iter().copied().zip(values.iter().copied()).collect()
}

#[test]
fn complete_answer_checks_from_the_reference() {
    let check = |id: &str, answers: &[(&str, f64)], expected: &[(&str, f64)]| {
        let inst = get(id);
        for &(scale, value) in expected {
            let got = complete_score(inst, scale, answers);
            assert!((got - value).abs() < 5e-4, "{id}/{scale}: {got} != {value}");
        }
    };
    let sum_of = |id: &str, answers: &[(&str, f64)]| -> f64 {
        let inst = get(id);
        ["task", "bond", "goal"]
            .iter()
            .map(|s| complete_score(inst, s, answers))
            .sum()
    };

    // WAI-SR: all 4s -> 48; 5,4,3,2,1,5,4,3,2,1,5,4 -> 39 (Task 14, Bond 10, Goal 15).
    let wai_sr = get("wai-sr");
    assert_eq!(sum_of("wai-sr", &all(wai_sr, 4.0)), 48.0);
    let twelve = [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
    ];
    let mixed = listed(
        &twelve,
        &[5.0, 4.0, 3.0, 2.0, 1.0, 5.0, 4.0, 3.0, 2.0, 1.0, 5.0, 4.0],
    );
    check(
        "wai-sr",
        &mixed,
        &[("task", 14.0), ("bond", 10.0), ("goal", 15.0)],
    );
    assert_eq!(sum_of("wai-sr", &mixed), 39.0);

    // WAI (both forms): all 7s -> 168 (Bond 66, Task 54, Goal 48); all 1s -> 120 (30, 42, 48).
    for id in ["wai", "wai-t"] {
        let inst = get(id);
        check(
            id,
            &all(inst, 7.0),
            &[("bond", 66.0), ("task", 54.0), ("goal", 48.0)],
        );
        assert_eq!(sum_of(id, &all(inst, 7.0)), 168.0);
        check(
            id,
            &all(inst, 1.0),
            &[("bond", 30.0), ("task", 42.0), ("goal", 48.0)],
        );
        assert_eq!(sum_of(id, &all(inst, 1.0)), 120.0);
    }

    // WAI-S: all 7s -> 72 (Task 28, Bond 28, Goal 16); all 4s -> 48.
    let wai_s = get("wai-s");
    check(
        "wai-s",
        &all(wai_s, 7.0),
        &[("task", 28.0), ("bond", 28.0), ("goal", 16.0)],
    );
    assert_eq!(sum_of("wai-s", &all(wai_s, 7.0)), 72.0);
    assert_eq!(sum_of("wai-s", &all(wai_s, 4.0)), 48.0);

    // HAq-II: all 6s -> 89 (mean 4.684); all 1s -> 44.
    let haq = get("haq-ii");
    check("haq-ii", &all(haq, 6.0), &[("total", 89.0)]);
    assert!((89.0_f64 / 19.0 - 4.684).abs() < 5e-4);
    check("haq-ii", &all(haq, 1.0), &[("total", 44.0)]);

    // CARE: 4,5,3,4,4,5,4,3,3,4 -> 39.
    let ten = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
    let care = listed(&ten, &[4.0, 5.0, 3.0, 4.0, 4.0, 5.0, 4.0, 3.0, 3.0, 4.0]);
    check("care", &care, &[("total", 39.0)]);

    // CHS: all 4s -> 38 (mean 3.17); positive items 5 and negative items 1 -> 60.
    let chs = get("chs");
    check("chs", &all(chs, 4.0), &[("total", 38.0)]);
    assert!((38.0_f64 / 12.0 - 3.17).abs() < 5e-3);
    let humble = listed(
        &twelve,
        &[5.0, 5.0, 1.0, 5.0, 5.0, 1.0, 5.0, 1.0, 5.0, 1.0, 1.0, 5.0],
    );
    check(
        "chs",
        &humble,
        &[("total", 60.0), ("positive", 35.0), ("negative", 25.0)],
    );

    // CBI: personal all "Often" (option 2) -> 75.0; work 1-6 at the middle
    // option and work-7 "Always" -> 300/7; client 75, 50, 100, 75, 75, 25 -> 66.667.
    let personal = listed(CBI_PERSONAL, &[2.0; 6]);
    check("cbi", &personal, &[("personal", 75.0)]);
    let work = listed(CBI_WORK, &[3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 1.0]);
    check("cbi", &work, &[("work", 300.0 / 7.0)]);
    let client = listed(CBI_CLIENT, &[2.0, 3.0, 1.0, 2.0, 2.0, 4.0]);
    check("cbi", &client, &[("client", 66.667)]);

    // ProQOL 5: all 3s -> 30/30/30; all 5s -> CS 50, BO 30, STS 50; all 1s -> 10, 30, 10.
    let pq = get("proqol-5");
    for (v, cs, bo, sts) in [
        (3.0, 30.0, 30.0, 30.0),
        (5.0, 50.0, 30.0, 50.0),
        (1.0, 10.0, 30.0, 10.0),
    ] {
        check(
            "proqol-5",
            &all(pq, v),
            &[
                ("compassion-satisfaction", cs),
                ("burnout", bo),
                ("secondary-traumatic-stress", sts),
            ],
        );
    }

    // PHQ-9: 1,2,1,2,0,1,1,0,1 -> 9; 0,...,0,2 -> 2; 3 x 8 then 0 -> 24.
    let nine = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
    for (answers, total) in [
        ([1.0, 2.0, 1.0, 2.0, 0.0, 1.0, 1.0, 0.0, 1.0], 9.0),
        ([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0], 2.0),
        ([3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 0.0], 24.0),
    ] {
        check("phq-9", &listed(&nine, &answers), &[("total", total)]);
    }

    // GAD-7: 2,2,1,2,1,1,1 -> 10.
    let seven = ["1", "2", "3", "4", "5", "6", "7"];
    let gad = listed(&seven, &[2.0, 2.0, 1.0, 2.0, 1.0, 1.0, 1.0]);
    check("gad-7", &gad, &[("total", 10.0)]);

    // CORE-10: all raw 2 -> 20; all raw 0 -> 8.
    let core = get("core-10");
    check("core-10", &all(core, 2.0), &[("total", 20.0)]);
    check("core-10", &all(core, 0.0), &[("total", 8.0)]);

    // SRS: 9.2, 8.5, 9.0, 8.8 -> 35.5; ORS / CORS sums of four lines.
    let four = ["1", "2", "3", "4"];
    check(
        "srs",
        &listed(&four, &[9.2, 8.5, 9.0, 8.8]),
        &[("total", 35.5)],
    );
    check(
        "ors",
        &listed(&four, &[4.5, 4.5, 4.5, 4.5]),
        &[("total", 18.0)],
    );
    check(
        "cors",
        &listed(&four, &[7.5, 7.5, 7.5, 7.5]),
        &[("total", 30.0)],
    );
}

#[test]
fn bands_match_the_reference() {
    let labels = |id: &str, scale: &str| -> Vec<(String, f64, f64)> {
        get(id)
            .scale(scale)
            .expect("scale")
            .bands()
            .iter()
            .map(|b| (b.label.clone(), b.min, b.max))
            .collect()
    };
    let band = |id: &str, scale: &str, v: f64| -> String {
        get(id)
            .scale(scale)
            .expect("scale")
            .band_of(v)
            .unwrap_or_else(|| panic!("{id}/{scale}: no band for {v}"))
            .label
            .clone()
    };
    let own = |v: &[(&str, f64, f64)]| -> Vec<(String, f64, f64)> {
        v.iter()
            .map(|(l, a, b)| ((*l).to_owned(), *a, *b))
            .collect()
    };

    // GAD-7: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe (lower-inclusive).
    assert_eq!(
        labels("gad-7", "total"),
        own(&[
            ("minimal", 0.0, 5.0),
            ("mild", 5.0, 10.0),
            ("moderate", 10.0, 15.0),
            ("severe", 15.0, 21.0)
        ])
    );
    for (v, l) in [
        (4.0, "minimal"),
        (5.0, "mild"),
        (9.5, "mild"),
        (10.0, "moderate"),
        (15.0, "severe"),
        (21.0, "severe"),
    ] {
        assert_eq!(band("gad-7", "total", v), l, "gad-7 {v}");
    }

    // CORE-10 (majority version): 0-5 healthy, 6-10 low level, 11-14 mild,
    // 15-19 moderate, 20-24 moderate-to-severe, >= 25 severe.
    assert_eq!(
        labels("core-10", "total"),
        own(&[
            ("healthy", 0.0, 6.0),
            ("low level", 6.0, 11.0),
            ("mild", 11.0, 15.0),
            ("moderate", 15.0, 20.0),
            ("moderate-to-severe", 20.0, 25.0),
            ("severe", 25.0, 40.0)
        ])
    );
    for (v, l) in [
        (5.0, "healthy"),
        (6.0, "low level"),
        (8.0, "low level"),
        (11.0, "mild"),
        (20.0, "moderate-to-severe"),
        (25.0, "severe"),
        (40.0, "severe"),
    ] {
        assert_eq!(band("core-10", "total", v), l, "core-10 {v}");
    }

    // ProQOL 5, each scale: <= 22 low, 23-41 moderate, >= 42 high.
    for scale in [
        "compassion-satisfaction",
        "burnout",
        "secondary-traumatic-stress",
    ] {
        assert_eq!(
            labels("proqol-5", scale),
            own(&[
                ("low", 10.0, 22.0),
                ("moderate", 22.0, 42.0),
                ("high", 42.0, 50.0)
            ])
        );
        for (v, l) in [
            (10.0, "low"),
            (22.0, "low"),
            (22.5, "moderate"),
            (23.0, "moderate"),
            (41.9, "moderate"),
            (42.0, "high"),
            (50.0, "high"),
        ] {
            assert_eq!(band("proqol-5", scale, v), l, "proqol-5/{scale} {v}");
        }
    }

    // Nothing else carries bands.
    for id in ALL
        .iter()
        .filter(|id| !["gad-7", "core-10", "proqol-5", "phq-9"].contains(id))
    {
        for s in get(id).scales() {
            assert!(
                s.bands().is_empty(),
                "{id}/{}: no bands are published",
                s.id()
            );
        }
    }
}

#[test]
fn cutoffs_reliable_change_and_norms_match_the_reference() {
    use Confidence::{Confirmed, Provisional};
    let cutoff = |id: &str, scale: &str, cut: &str| {
        let c = get(id)
            .scale(scale)
            .expect("scale")
            .cutoff(cut)
            .unwrap_or_else(|| panic!("{id}/{scale}: no cut-off {cut}"))
            .clone();
        (c.when, c.population, c.confidence)
    };

    // ORS: adult < 25 confirmed; 13-17 < 28 provisional. CORS: < 32 provisional.
    let (when, population, confidence) = cutoff("ors", "total", "clinical-adult");
    assert_eq!((when, confidence), (Condition::Below(25.0), Confirmed));
    assert!(population.is_some());
    let (when, population, confidence) = cutoff("ors", "total", "clinical-adolescent");
    assert_eq!((when, confidence), (Condition::Below(28.0), Provisional));
    assert!(population.expect("population").contains("13-17"));
    let (when, population, confidence) = cutoff("cors", "total", "clinical-child");
    assert_eq!((when, confidence), (Condition::Below(32.0), Provisional));
    assert!(population.expect("population").contains("6-12"));

    // GAD-7: >= 10 positive screen; caseness >= 8. CORE-10: >= 11 clinical, 13 depression.
    assert_eq!(
        cutoff("gad-7", "total", "positive-screen").0,
        Condition::AtLeast(10.0)
    );
    assert_eq!(
        cutoff("gad-7", "total", "caseness").0,
        Condition::AtLeast(8.0)
    );
    assert_eq!(
        cutoff("core-10", "total", "clinical").0,
        Condition::AtLeast(11.0)
    );
    assert_eq!(
        cutoff("core-10", "total", "depression").0,
        Condition::AtLeast(13.0)
    );

    // CBI: >= 50 high burnout on each scale.
    for scale in ["personal", "work", "client"] {
        assert_eq!(
            cutoff("cbi", scale, "high-burnout").0,
            Condition::AtLeast(50.0)
        );
    }

    // Reliable change: ORS 5 (provisional), GAD-7 4, CORE-10 6; none elsewhere
    // among the new instruments (no RCI is published).
    let rc = |id: &str| {
        get(id)
            .scale("total")
            .expect("total")
            .reliable_change()
            .map(|r| (r.threshold, r.confidence))
    };
    assert_eq!(rc("ors"), Some((Some(5.0), Provisional)));
    assert_eq!(rc("gad-7"), Some((Some(4.0), Confirmed)));
    assert_eq!(rc("core-10"), Some((Some(6.0), Confirmed)));
    for id in ["care", "chs", "cors", "haq-ii", "wai", "wai-s", "wai-t"] {
        assert_eq!(rc(id), None, "{id}: no reliable-change value is published");
    }

    // Norms with mean and SD: GAD-7 (Löwe 2008) and CORE-10 (User Manual).
    let norms = |id: &str| -> Vec<(NormGroup, Option<u32>, f64, f64)> {
        get(id)
            .scale("total")
            .expect("total")
            .norms()
            .iter()
            .map(|n| (n.group, n.n, n.mean, n.sd))
            .collect()
    };
    assert_eq!(
        norms("gad-7"),
        [
            (NormGroup::General, None, 3.2, 3.5),
            (NormGroup::General, None, 2.7, 3.2)
        ]
    );
    assert_eq!(
        norms("core-10"),
        [
            (NormGroup::General, Some(535), 4.7, 4.8),
            (NormGroup::Clinical, Some(1835), 19.7, 7.7)
        ]
    );
}

#[test]
fn flags_match_the_reference() {
    // (instrument, flag, on item or scale id, condition, enabled by default)
    let expected: &[(&str, &str, &str, Condition, bool)] = &[
        (
            "core-10",
            "item-6-risk",
            "item:6",
            Condition::AtLeast(1.0),
            false,
        ),
        (
            "cors",
            "clinical-range",
            "scale:total",
            Condition::Below(32.0),
            true,
        ),
        (
            "gad-7",
            "positive-screen",
            "scale:total",
            Condition::AtLeast(10.0),
            true,
        ),
        (
            "ors",
            "clinical-range",
            "scale:total",
            Condition::Below(25.0),
            true,
        ),
        (
            "ors",
            "clinical-range-adolescent",
            "scale:total",
            Condition::Below(28.0),
            false,
        ),
        ("phq-9", "item-9", "item:9", Condition::AtLeast(1.0), true),
        (
            "srs",
            "alliance-concern",
            "scale:total",
            Condition::Below(36.0),
            true,
        ),
    ];
    for id in ALL {
        let inst = get(id);
        let mut got: Vec<(String, String, Condition, bool)> = inst
            .flags()
            .iter()
            .filter(|f| *id != "srs" || f.enabled_by_default())
            .map(|f| {
                let on = match f.on() {
                    FlagOn::Item(i) => format!("item:{}", inst.items()[i].id()),
                    FlagOn::Scale(s) => format!("scale:{}", inst.scales()[s].id()),
                    other => panic!("{other:?}"),
                };
                (
                    f.id().to_string(),
                    on,
                    f.condition(),
                    f.enabled_by_default(),
                )
            })
            .collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        let want: Vec<(String, String, Condition, bool)> = expected
            .iter()
            .filter(|e| e.0 == *id)
            .map(|e| (e.1.to_owned(), e.2.to_owned(), e.3, e.4))
            .collect();
        assert_eq!(got, want, "{id}: flags");
    }
}

#[test]
fn every_instrument_has_citation_license_and_provenance() {
    for inst in Catalog::builtin().iter() {
        let id = inst.id();
        assert!(!inst.citation().text.trim().is_empty(), "{id}: citation");
        assert!(
            !inst.license().holder.trim().is_empty(),
            "{id}: license holder"
        );
        assert!(
            !inst.license().terms.trim().is_empty(),
            "{id}: license terms"
        );
        assert!(
            !inst.provenance().sources.is_empty(),
            "{id}: provenance sources"
        );
        assert!(
            inst.provenance()
                .sources
                .iter()
                .all(|s| !s.trim().is_empty()),
            "{id}: empty provenance source"
        );
    }
    // CORE-10's notice must be shown to the end user, verbatim.
    assert_eq!(
        get("core-10").license().notice.as_deref(),
        Some("© CORE System Trust: https://www.coresystemtrust.org.uk/copyright.pdf")
    );
}

#[test]
fn no_unlicensed_wording_ships() {
    for inst in Catalog::builtin().iter() {
        let id = inst.id().as_str();
        let licensed = inst.license().item_text_included;
        assert_eq!(
            licensed,
            WORDING_SHIPPED.contains(&id),
            "{id}: wording shipped?"
        );
        if !licensed {
            for lang in inst.languages() {
                assert_eq!(inst.instructions(lang), None, "{id}: instructions");
                for item in inst.items() {
                    assert_eq!(item.text(lang), None, "{id}/{}: text", item.id());
                }
            }
            assert_eq!(inst.instructions("en"), None, "{id}: instructions");
            for item in inst.items() {
                assert_eq!(item.text("en"), None, "{id}/{}: text", item.id());
            }
        }
    }
}

#[test]
fn gad7_wording_is_the_public_domain_text() {
    let gad = get("gad-7");
    assert_eq!(
        gad.instructions("en"),
        Some("Over the last 2 weeks, how often have you been bothered by the following problems?")
    );
    let expected = [
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ];
    for (i, text) in expected.iter().enumerate() {
        let item = gad.item(&(i + 1).to_string()).expect("item");
        assert_eq!(item.text("en"), Some(*text));
    }
    let credit = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc.";
    assert_eq!(gad.license().notice.as_deref(), Some(credit));
}

#[test]
fn confidence_is_provisional_exactly_where_the_reference_says() {
    for inst in Catalog::builtin().iter() {
        let id = inst.id().as_str();
        let provisional = PROVISIONAL.contains(&id);
        let expected = if provisional {
            Confidence::Provisional
        } else {
            Confidence::Confirmed
        };
        assert_eq!(inst.confidence(), expected, "{id}");
        let reason = inst.provenance().reason.as_deref().unwrap_or("");
        if provisional {
            assert!(
                !reason.trim().is_empty(),
                "{id}: provisional without a reason"
            );
        }
    }
}

/// A valid answer for `item`: a point (ordinal), a value on the grid (continuous),
/// `null`, or `"n/a"` where the scale has that option.
fn check_answer(id: &str, case: &str, item: &bordin::Item, answer: &serde_json::Value) {
    let scale = item.response_scale();
    let what = format!("{id} / {case} / item {}", item.id());
    match answer {
        serde_json::Value::Null => {}
        serde_json::Value::String(s) => {
            assert_eq!(s, "n/a", "{what}: the only string answer is \"n/a\"");
            assert!(scale.not_applicable().is_some(), "{what}: no n/a option");
        }
        serde_json::Value::Number(n) => {
            let x = n.as_f64().expect("finite");
            match scale.kind() {
                ResponseScaleKind::Ordinal { values, .. } => {
                    assert!(values.contains(&x), "{what}: {x} is not a point");
                }
                ResponseScaleKind::Continuous {
                    min,
                    max,
                    resolution,
                } => {
                    let (lo, hi, step) = (
                        min.expect("min"),
                        max.expect("max"),
                        resolution.expect("step"),
                    );
                    assert!((lo..=hi).contains(&x), "{what}: {x} out of range");
                    let q = (x - lo) / step;
                    assert!((q - q.round()).abs() < 1e-9, "{what}: {x} is off the grid");
                }
                other => panic!("{what}: {other:?}"),
            }
        }
        other => panic!("{what}: not an answer: {other}"),
    }
}

/// Every fixture names only known items, scales, bands, cut-offs and flags, and every case
/// without missing answers agrees with the key (pure key arithmetic; missing-data cases
/// need the scorer).
#[test]
fn golden_fixtures_are_well_formed_and_complete_cases_agree_with_the_key() {
    let fixtures: Vec<&str> = crate::support::GOLDEN.iter().map(|(id, _)| *id).collect();
    let expected: Vec<&str> = ALL
        .iter()
        .copied()
        .filter(|id| !["phq-9", "srs", "wai-sr"].contains(id))
        .collect();
    assert_eq!(
        fixtures, expected,
        "one fixture file per catalog instrument"
    );

    for (id, json) in crate::support::GOLDEN {
        let inst = get(id);
        let cases: Vec<serde_json::Value> = serde_json::from_str(json).expect("fixture JSON");
        assert!(!cases.is_empty(), "{id}: no cases");
        let mut names = std::collections::BTreeSet::new();
        for case in &cases {
            let name = case["name"].as_str().expect("name");
            assert!(names.insert(name), "{id}: duplicate case {name}");
            assert!(
                !case["source"].as_str().expect("source").trim().is_empty(),
                "{id} / {name}: source"
            );

            let answers = case["answers"].as_object().expect("answers");
            let ids: Vec<&str> = inst.items().iter().map(|i| i.id().as_str()).collect();
            let mut keys: Vec<&str> = answers.keys().map(String::as_str).collect();
            let mut sorted_ids = ids.clone();
            keys.sort_unstable();
            sorted_ids.sort_unstable();
            assert_eq!(keys, sorted_ids, "{id} / {name}: answers list every item");
            for item in inst.items() {
                check_answer(id, name, item, &answers[item.id().as_str()]);
            }

            let expected = case["expected"].as_object().expect("expected");
            let mut keys: Vec<&str> = expected.keys().map(String::as_str).collect();
            let mut scales: Vec<&str> = inst.scales().iter().map(|s| s.id().as_str()).collect();
            keys.sort_unstable();
            scales.sort_unstable();
            assert_eq!(keys, scales, "{id} / {name}: expected lists every scale");

            for (scale, label) in case["bands"].as_object().into_iter().flatten() {
                let s = inst.scale(scale).expect("banded scale");
                if let Some(label) = label.as_str() {
                    assert!(
                        s.bands().iter().any(|b| b.label == label),
                        "{id} / {name}: unknown band {label}"
                    );
                    let value = expected[scale].as_f64().expect("a band needs a score");
                    let band = s.band_of(value).expect("band");
                    assert_eq!(band.label, label, "{id} / {name}: band of {value}");
                } else {
                    assert!(expected[scale].is_null(), "{id} / {name}: null band");
                }
            }
            for (scale, ids) in case["cutoffs"].as_object().into_iter().flatten() {
                let s = inst.scale(scale).expect("scale with cut-offs");
                let value = expected[scale].as_f64();
                let holding: Vec<&str> = s
                    .cutoffs()
                    .iter()
                    .filter(|c| value.is_some_and(|v| c.when.holds(v)))
                    .map(|c| c.id.as_str())
                    .collect();
                let listed: Vec<&str> = ids
                    .as_array()
                    .expect("cut-off ids")
                    .iter()
                    .map(|v| v.as_str().expect("id"))
                    .collect();
                assert_eq!(holding, listed, "{id} / {name}: cut-offs of {scale}");
            }
            let enabled: Vec<&str> = case["options"]["enable_flags"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().expect("flag id"))
                .collect();
            for f in &enabled {
                let flag = inst
                    .flags()
                    .iter()
                    .find(|fl| fl.id().as_str() == *f)
                    .unwrap_or_else(|| panic!("{id} / {name}: unknown flag {f}"));
                assert!(
                    !flag.enabled_by_default(),
                    "{id} / {name}: {f} is already on"
                );
            }
            let fired: Vec<&str> = inst
                .flags()
                .iter()
                .filter(|f| f.enabled_by_default() || enabled.contains(&f.id().as_str()))
                .filter(|f| {
                    let value = match f.on() {
                        FlagOn::Scale(s) => expected[inst.scales()[s].id().as_str()].as_f64(),
                        FlagOn::Item(i) => answers[inst.items()[i].id().as_str()].as_f64(),
                        other => panic!("{other:?}"),
                    };
                    value.is_some_and(|v| f.condition().holds(v))
                })
                .map(|f| f.id().as_str())
                .collect();
            let listed: Vec<&str> = case["flags"]
                .as_array()
                .expect("flags")
                .iter()
                .map(|v| v.as_str().expect("flag id"))
                .collect();
            assert_eq!(fired, listed, "{id} / {name}: flags");

            // Complete answers: re-compute every scale from the key.
            if answers.values().all(serde_json::Value::is_number) {
                let given: Vec<(&str, f64)> = answers
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_f64().expect("number")))
                    .collect();
                let mut values: Vec<f64> = Vec::new();
                for s in inst.scales() {
                    let v = match s.components() {
                        Components::Scales(subs) => subs.iter().map(|&j| values[j]).sum(),
                        _ => complete_score(inst, s.id().as_str(), &given),
                    };
                    let want = expected[s.id().as_str()]
                        .as_f64()
                        .expect("complete case scores");
                    assert!(
                        (v - want).abs() < 1e-9,
                        "{id} / {name} / {}: key gives {v}, fixture says {want}",
                        s.id()
                    );
                    values.push(v);
                }
            }
        }
    }
}
