//! `bordin trend`: golden JSON lines for the bundled SRS export, the series
//! recomputed from the CSV, and the SVG chart.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{TempDir, arg, assert_golden, run};

const SRS: &str = "examples/data/srs-sessions.csv";
const CLIENTS: [&str; 6] = ["c01", "c02", "c03", "c04", "c05", "c06"];

/// The SRS sessions from the CSV: respondent → [(session, item sum)].
/// SRS total = sum of the four 0–10 lines (Duncan et al. 2003;
/// `instruments/srs.json`), every item required.
fn srs_by_hand() -> BTreeMap<String, Vec<(u32, f64)>> {
    let mut rdr = csv::Reader::from_path(super::root().join(SRS)).unwrap();
    let mut out: BTreeMap<String, Vec<(u32, f64)>> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let sum = (3..7).map(|c| rec[c].parse::<f64>().unwrap()).sum::<f64>();
        out.entry(rec[0].to_owned())
            .or_default()
            .push((rec[1].parse().unwrap(), sum));
    }
    out
}

/// Ordinary least-squares slope of value on session.
fn ols_slope(points: &[(u32, f64)]) -> f64 {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = points
        .iter()
        .map(|p| (f64::from(p.0) - mx) * (p.1 - my))
        .sum();
    let sxx: f64 = points.iter().map(|p| (f64::from(p.0) - mx).powi(2)).sum();
    sxy / sxx
}

fn trend(extra: &[&str]) -> super::Run {
    let mut args = vec!["trend", "--instrument", "srs", SRS, "--gain-cutoff", "4"];
    args.extend_from_slice(extra);
    run(&args)
}

/// Golden JSON lines. Checked against the CSV: the values are the item sums
/// (and [`series_match_the_csv`] recomputes them, the OLS slopes and the
/// below-36 alerts for every client); c03 drops from 35.5 (s5) to 29.6
/// (7.4+7.7+7.6+6.9, s6), 5.9 points, and is back above 35.5 first at s9
/// (37.3); c05 goes from 31.7 (8.5+7.8+7.4+8.0, s4) to 36.1
/// (9.6+9.3+8.6+8.6, s5), a 4.4-point gain ≥ `--gain-cutoff 4` that holds
/// (s6–s10 stay ≥ 36.7). The SRS has no published reliable-change
/// parameters (instruments/srs.json), so `reliable_change` is null.
#[test]
fn trend_json_golden() {
    let tmp = TempDir::new("trend-golden");
    let chart = tmp.path("out.svg");
    let out = trend(&["--chart", arg(&chart)]);
    out.expect_code(0);
    assert_eq!(out.stderr, "");
    assert_golden("srs-trend.ndjson", &out.stdout);

    let by_client: BTreeMap<String, Value> = out
        .json_lines()
        .into_iter()
        .map(|v| (v["respondent"].as_str().unwrap().to_owned(), v))
        .collect();
    assert_eq!(by_client.keys().collect::<Vec<_>>(), CLIENTS);

    // c03: the rupture at session 6, repaired
    let c03 = &by_client["c03"]["ruptures"];
    assert_eq!(c03.as_array().unwrap().len(), 1, "{c03}");
    assert_eq!(c03[0]["session"], 6);
    crate::assert_close!(c03[0]["depth"].as_f64().unwrap(), 35.5 - 29.6, rel = 1e-12);
    assert_eq!(c03[0]["repaired_at"], 9);

    // c05: the sudden gain at session 5
    let c05 = &by_client["c05"]["sudden_gains"];
    assert_eq!(c05.as_array().unwrap().len(), 1, "{c05}");
    assert_eq!(c05[0]["session"], 5);
    assert_eq!(c05[0]["from"], 31.7);
    assert_eq!(c05[0]["to"], 36.1);

    // nobody else has a gain; only c01 (s8, 2.5 points) and c03 have ruptures
    assert_eq!(by_client["c01"]["ruptures"][0]["session"], 8);
    for (id, v) in &by_client {
        if id != "c05" {
            assert_eq!(v["sudden_gains"], Value::Array(vec![]), "{id}");
        }
        if id != "c01" && id != "c03" {
            assert_eq!(v["ruptures"], Value::Array(vec![]), "{id}");
        }
        assert_eq!(v["scale"], "total");
        assert_eq!(v["reliable_change"], Value::Null);
    }
}

#[test]
fn series_match_the_csv() {
    let out = trend(&[]);
    out.expect_code(0);
    let hand = srs_by_hand();
    let lines = out.json_lines();
    assert_eq!(lines.len(), hand.len());
    for v in &lines {
        let id = v["respondent"].as_str().unwrap();
        let want = &hand[id];
        let sessions: Vec<u64> = v["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap())
            .collect();
        assert_eq!(
            sessions,
            want.iter().map(|p| u64::from(p.0)).collect::<Vec<_>>()
        );
        let values = v["values"].as_array().unwrap();
        assert_eq!(values.len(), want.len());
        for (got, (_, sum)) in values.iter().zip(want) {
            crate::assert_close!(got.as_f64().unwrap(), *sum, rel = 1e-12);
        }
        crate::assert_close!(
            v["slope"]["estimate"].as_f64().unwrap(),
            ols_slope(want),
            rel = 1e-12
        );
        let slope = &v["slope"];
        assert!(slope["lower"].as_f64() < slope["estimate"].as_f64());
        assert!(slope["estimate"].as_f64() < slope["upper"].as_f64());
        // the SRS cut-off: an alert at every session with a total below 36
        let alerts: Vec<u64> = v["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                assert_eq!(a["rule"], "alliance-concern");
                a["session"].as_u64().unwrap()
            })
            .collect();
        let below: Vec<u64> = want
            .iter()
            .filter(|p| p.1 < 36.0)
            .map(|p| u64::from(p.0))
            .collect();
        assert_eq!(alerts, below, "{id}");
    }
}

/// The trimmed text of every `<text>` element.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the chart is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(roxmltree::Node::is_text)
                .filter_map(|t| t.text())
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .collect()
}

/// Panel titles (`c03 — SRS Total`), one per client drawn.
fn panel_titles(texts: &[String]) -> Vec<&str> {
    texts
        .iter()
        .map(String::as_str)
        .filter(|t| t.ends_with("— SRS Total"))
        .collect()
}

#[test]
fn chart_has_one_panel_per_client() {
    let tmp = TempDir::new("trend-chart");
    let chart = tmp.path("out.svg");
    trend(&["--chart", arg(&chart)]).expect_code(0);
    let texts = svg_texts(&std::fs::read_to_string(&chart).unwrap());
    let titles = panel_titles(&texts);
    let want: Vec<String> = CLIENTS.iter().map(|c| format!("{c} — SRS Total")).collect();
    assert_eq!(titles, want);
    // the x axis label, on each panel
    assert_eq!(texts.iter().filter(|t| *t == "session").count(), 6);
    // markers' legend: c03's rupture and c05's gain are drawn
    assert!(texts.iter().any(|t| t == "rupture"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "sudden gain"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.starts_with("cut-off 36")),
        "{texts:?}"
    );
}

#[test]
fn chart_for_one_respondent() {
    let tmp = TempDir::new("trend-one");
    let chart = tmp.path("c03.svg");
    let out = trend(&["--respondent", "c03", "--chart", arg(&chart)]);
    out.expect_code(0);
    let lines = out.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["respondent"], "c03");
    // the same summary as in the all-clients run
    let all = trend(&[]).json_lines();
    assert_eq!(lines[0], all[2]);

    let texts = svg_texts(&std::fs::read_to_string(&chart).unwrap());
    assert_eq!(panel_titles(&texts), ["c03 — SRS Total"]);
    assert!(texts.iter().any(|t| t == "session"));
    for other in CLIENTS.iter().filter(|c| **c != "c03") {
        assert!(!texts.iter().any(|t| t.contains(other)), "{other} drawn");
    }
}
