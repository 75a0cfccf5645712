//! Data-driven comparison with the psych 2.2.9 oracle: every
//! `tests/fixtures/oracle/expected/*.json` against bordin on the matching CSV.
//!
//! Source of every expected number: R 4.2.2, psych 2.2.9 (GPArotation
//! 2022.10-2), the call named in each JSON block's `call` field, full
//! round-trip precision. Tolerances (issue 5, oracle README): 1e-12 relative
//! for closed forms (p-values 1e-9 relative), 1e-6 for one-factor ω, 1e-4 for
//! the three-factor Schmid–Leiman solution.
//!
//! Known, deliberate differences (documented in the rustdoc) are compared with
//! what bordin does instead, never skipped silently:
//! - Duhachek limits: psych prints α ± 1.96·ase, bordin uses z = qnorm(.975);
//! - split-half with odd k: compared with `all_splits_reference`;
//! - ICC: compared with `ICC_anova` (psych `lmer = FALSE`), not the lme4 default;
//! - constant item: a typed error; after dropping it explicitly, psych's
//!   statistics except the scale mean/sd (psych keeps the dropped item in the
//!   score; bordin's score is checked against a hand computation instead);
//! - with missing cells, `cumulative = TRUE` (missing counted as 0) is not
//!   reproduced: bordin prorates the sum score.

use bordin::StatsError;
use bordin::reliability::{
    Alpha, AlphaOptions, ConfidenceLevel, IccForm, ItemMatrix, Missing, OmegaOptions, ScoreKind,
    SplitHalfOptions, alpha, icc, omega, reliable_change, sem, split_half,
};
use serde_json::Value;

use super::fixtures::{all_expected, col, expected, matrix, num, strings};

const CLOSED: f64 = 1e-12;
const P_VALUE: f64 = 1e-9;
const OMEGA_1: f64 = 1e-6;
const OMEGA_3: f64 = 1e-4;
/// qnorm(0.975) in R.
const Z975: f64 = 1.959_963_984_540_054;

/// Collects every mismatch so one run reports them all.
#[derive(Default)]
struct Check {
    failures: Vec<String>,
    compared: usize,
}

impl Check {
    /// `|got − want| <= max(rel·|want|, abs)`.
    fn close(&mut self, label: &str, got: f64, want: f64, rel: f64, abs: f64) {
        self.compared += 1;
        let tol = f64::max(rel * want.abs(), abs);
        let ok = (got - want).abs() <= tol;
        if !ok {
            self.failures.push(format!(
                "{label}: got {got:e}, want {want:e}, diff {:e} > {tol:e}",
                (got - want).abs()
            ));
        }
    }

    fn closed(&mut self, label: &str, got: f64, want: f64) {
        self.close(label, got, want, CLOSED, 1e-15);
    }

    fn cols(&mut self, label: &str, got: &[f64], want: &[f64], rel: f64, abs: f64) {
        if got.len() != want.len() {
            self.failures
                .push(format!("{label}: length {} vs {}", got.len(), want.len()));
            return;
        }
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            self.close(&format!("{label}[{i}]"), *g, *w, rel, abs);
        }
    }

    fn finish(self, what: &str) {
        assert!(self.compared > 0, "{what}: nothing compared");
        assert!(
            self.failures.is_empty(),
            "{what}: {} of {} values differ:\n{}",
            self.failures.len(),
            self.compared,
            self.failures.join("\n")
        );
    }
}

/// psych `alpha` block (total, feldt, duhachek, alpha.drop, item.stats,
/// Unidim, Fit.off, var.r) against a bordin `Alpha`.
#[expect(clippy::too_many_lines, reason = "one comparison per psych field")]
fn compare_alpha(c: &mut Check, tag: &str, a: &Alpha, e: &Value, scale_score: bool) {
    let t = &e["total"];
    c.closed(
        &format!("{tag} raw_alpha"),
        a.raw_alpha,
        num(&t["raw_alpha"]),
    );
    c.closed(
        &format!("{tag} std.alpha"),
        a.std_alpha,
        num(&t["std.alpha"]),
    );
    c.closed(&format!("{tag} G6(smc)"), a.g6_smc, num(&t["G6(smc)"]));
    c.closed(
        &format!("{tag} average_r"),
        a.average_r,
        num(&t["average_r"]),
    );
    c.closed(&format!("{tag} S/N"), a.signal_noise, num(&t["S/N"]));
    c.closed(&format!("{tag} ase"), a.ase, num(&t["ase"]));
    c.closed(&format!("{tag} median_r"), a.median_r, num(&t["median_r"]));
    if scale_score {
        c.closed(&format!("{tag} mean"), a.scale_mean, num(&t["mean"]));
        c.closed(&format!("{tag} sd"), a.scale_sd, num(&t["sd"]));
    }
    c.closed(
        &format!("{tag} feldt.lower"),
        a.feldt.lower,
        num(&e["feldt"]["lower"]),
    );
    c.closed(
        &format!("{tag} feldt.upper"),
        a.feldt.upper,
        num(&e["feldt"]["upper"]),
    );
    c.closed(
        &format!("{tag} feldt.r.bar"),
        a.feldt_r_bar,
        num(&e["feldt"]["r.bar"]),
    );
    // Duhachek: bordin uses qnorm(.975); psych's printed limits use 1.96.
    let ase = num(&t["ase"]);
    c.closed(
        &format!("{tag} duhachek.lower (qnorm)"),
        a.duhachek.lower,
        num(&t["raw_alpha"]) - Z975 * ase,
    );
    c.closed(
        &format!("{tag} duhachek.upper (qnorm)"),
        a.duhachek.upper,
        num(&t["raw_alpha"]) + Z975 * ase,
    );
    c.close(
        &format!("{tag} duhachek.lower (psych 1.96)"),
        a.duhachek.lower,
        num(&e["duhachek"]["lower"]),
        0.0,
        (1.96 - Z975) * ase * 1.001,
    );
    c.closed(&format!("{tag} Unidim"), a.unidim, num(&e["Unidim"]));
    c.closed(&format!("{tag} Fit.off"), a.fit_off, num(&e["Fit.off"]));
    c.closed(&format!("{tag} var.r"), a.var_r.unwrap(), num(&e["var.r"]));

    let stats = &e["item.stats"];
    let names = strings(&stats["rows"]);
    let got_names: Vec<String> = a.item_stats.iter().map(|s| s.name.clone()).collect();
    if got_names != names {
        c.failures
            .push(format!("{tag} item names {got_names:?} vs {names:?}"));
    }
    let pick = |f: &dyn Fn(&bordin::reliability::ItemStatistics) -> f64| {
        a.item_stats.iter().map(f).collect::<Vec<f64>>()
    };
    c.cols(
        &format!("{tag} item.stats n"),
        &pick(&|s| s.n as f64),
        &col(&stats["n"]),
        0.0,
        0.0,
    );
    c.cols(
        &format!("{tag} raw.r"),
        &pick(&|s| s.raw_r),
        &col(&stats["raw.r"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} std.r"),
        &pick(&|s| s.std_r),
        &col(&stats["std.r"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} r.cor"),
        &pick(&|s| s.r_cor),
        &col(&stats["r.cor"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} r.drop"),
        &pick(&|s| s.r_drop),
        &col(&stats["r.drop"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} mean"),
        &pick(&|s| s.mean),
        &col(&stats["mean"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} sd"),
        &pick(&|s| s.sd),
        &col(&stats["sd"]),
        CLOSED,
        1e-15,
    );

    let drop = &e["alpha.drop"];
    let d = |f: &dyn Fn(&bordin::reliability::IfDropped) -> f64| {
        a.item_stats
            .iter()
            .map(|s| f(s.if_dropped.as_ref().unwrap()))
            .collect::<Vec<f64>>()
    };
    c.cols(
        &format!("{tag} drop raw_alpha"),
        &d(&|x| x.raw_alpha),
        &col(&drop["raw_alpha"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} drop std.alpha"),
        &d(&|x| x.std_alpha),
        &col(&drop["std.alpha"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} drop G6(smc)"),
        &d(&|x| x.g6_smc),
        &col(&drop["G6(smc)"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} drop average_r"),
        &d(&|x| x.average_r),
        &col(&drop["average_r"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} drop S/N"),
        &d(&|x| x.signal_noise),
        &col(&drop["S/N"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} drop alpha se"),
        &d(&|x| x.alpha_se),
        &col(&drop["alpha se"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} drop var.r"),
        &d(&|x| x.var_r.unwrap()),
        &col(&drop["var.r"]),
        CLOSED,
        1e-15,
    );
    c.cols(
        &format!("{tag} drop med.r"),
        &d(&|x| x.median_r),
        &col(&drop["med.r"]),
        CLOSED,
        1e-15,
    );
}

fn compare_split_half(c: &mut Check, m: &ItemMatrix, e: &Value) {
    let s = split_half(m, SplitHalfOptions::default()).unwrap();
    let k = m.items();
    assert!(s.exhaustive);
    if k.is_multiple_of(2) {
        // psych evaluates every distinct split for even k
        c.closed("splitHalf maxrb", s.lambda4, num(&e["maxrb"]));
        c.closed("splitHalf minrb", s.beta, num(&e["minrb"]));
        c.closed("splitHalf meanr", s.mean, num(&e["meanr"]));
        c.closed("splitHalf ci 2.5%", s.quantiles[0], num(&e["ci"]["2.5%"]));
        c.closed("splitHalf ci 50%", s.quantiles[1], num(&e["ci"]["50%"]));
        c.closed("splitHalf ci 97.5%", s.quantiles[2], num(&e["ci"]["97.5%"]));
        c.close(
            "splitHalf n splits",
            s.splits as f64,
            num(&e["n_splits_evaluated"]),
            0.0,
            0.0,
        );
        for (which, split) in [("maxAB", &s.best), ("minAB", &s.worst)] {
            let (a, b) = (strings(&e[which]["A"]), strings(&e[which]["B"]));
            let same = (split.a == a && split.b == b) || (split.a == b && split.b == a);
            if !same {
                c.failures.push(format!(
                    "splitHalf {which}: {:?} | {:?} vs {a:?} | {b:?}",
                    split.a, split.b
                ));
            }
        }
    }
    let reference = &e["all_splits_reference"];
    c.closed("all splits max", s.lambda4, num(&reference["max"]));
    c.closed("all splits min", s.beta, num(&reference["min"]));
    c.closed("all splits mean", s.mean, num(&reference["mean"]));
    c.close(
        "all splits count",
        s.splits as f64,
        num(&reference["n_distinct_splits"]),
        0.0,
        0.0,
    );
    c.closed("splitHalf av.r", s.average_r, num(&e["av.r"]));
    c.closed("splitHalf med.r", s.median_r, num(&e["med.r"]));
    c.closed("splitHalf alpha", s.std_alpha, num(&e["alpha"]));
    c.closed("splitHalf lambda2", s.lambda2, num(&e["lambda2"]));
    c.closed("splitHalf lambda6", s.lambda6, num(&e["lambda6"]));
}

#[expect(clippy::too_many_lines, reason = "one comparison per psych field")]
fn compare_omega(c: &mut Check, m: &ItemMatrix, e: &Value, factors: usize, tol: f64) {
    let o = match omega(m, OmegaOptions::default().factors(factors)) {
        Ok(o) => o,
        Err(err) => {
            c.failures.push(format!("omega_{factors}: {err}"));
            return;
        }
    };
    let tag = format!("omega_{factors}");
    c.close(
        &format!("{tag} omega_h"),
        o.omega_h,
        num(&e["omega_h"]),
        0.0,
        tol,
    );
    c.close(
        &format!("{tag} omega.lim"),
        o.omega_limit,
        num(&e["omega.lim"]),
        0.0,
        tol,
    );
    c.closed(&format!("{tag} alpha"), o.alpha, num(&e["alpha"]));
    c.close(
        &format!("{tag} omega.tot"),
        o.omega_total,
        num(&e["omega.tot"]),
        0.0,
        tol,
    );
    c.closed(&format!("{tag} G6"), o.g6, num(&e["G6"]));
    c.close(&format!("{tag} ECV"), o.ecv, num(&e["ECV"]), 0.0, tol);
    let sl = &e["schmid.sl"];
    let pick = |f: &dyn Fn(&bordin::reliability::ItemLoadings) -> f64| {
        o.loadings.iter().map(f).collect::<Vec<f64>>()
    };
    c.cols(
        &format!("{tag} g"),
        &pick(&|l| l.g),
        &col(&sl["g"]),
        0.0,
        tol,
    );
    c.cols(
        &format!("{tag} h2"),
        &pick(&|l| l.h2),
        &col(&sl["h2"]),
        0.0,
        tol,
    );
    c.cols(
        &format!("{tag} u2"),
        &pick(&|l| l.u2),
        &col(&sl["u2"]),
        0.0,
        tol,
    );
    c.cols(
        &format!("{tag} p2"),
        &pick(&|l| l.p2),
        &col(&sl["p2"]),
        0.0,
        tol,
    );
    for f in 0..factors {
        let name = format!("F{}*", f + 1);
        c.cols(
            &format!("{tag} {name}"),
            &pick(&|l| l.groups[f]),
            &col(&sl[&name]),
            0.0,
            tol,
        );
    }
    let groups = &e["omega.group"];
    let rows = strings(&groups["rows"]);
    for (i, row) in rows.iter().enumerate() {
        let got = o.groups.iter().find(|g| &g.name == row).unwrap();
        for (field, value) in [
            ("total", got.total),
            ("general", got.general),
            ("group", got.group),
        ] {
            c.close(
                &format!("{tag} omega.group {row} {field}"),
                value.unwrap(),
                num(&groups[field][i]),
                0.0,
                tol,
            );
        }
    }
    if let Some(phi) = o.phi {
        let want: Vec<f64> = e["schmid.phi"]["values"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(col)
            .collect();
        c.cols(&format!("{tag} phi"), &phi, &want, 0.0, tol);
    }
}

fn items_dataset(name: &str) {
    let e = expected(name);
    let m = matrix(name);
    let mut c = Check::default();

    // alpha (psych default: pairwise)
    let a = alpha(&m, AlphaOptions::default()).unwrap();
    compare_alpha(&mut c, "alpha", &a, &e["alpha"], true);
    assert_eq!(a.missing, Missing::Pairwise);
    assert_eq!(a.n, m.rows());

    // cumulative = TRUE (sum score); psych counts a missing cell as 0 there
    if m.missing_cells() == 0 {
        let s = alpha(&m, AlphaOptions::default().score(ScoreKind::Sum)).unwrap();
        compare_alpha(&mut c, "alpha_cumulative", &s, &e["alpha_cumulative"], true);
    }

    if let Some(subscales) = e.get("subscales") {
        let keys = super::fixtures::keys(name);
        for (sub, block) in subscales.as_object().unwrap() {
            let items: Vec<String> = strings(&keys["subscales"][sub]);
            let drop: Vec<usize> = (0..m.items())
                .filter(|&i| !items.contains(&m.names()[i]))
                .collect();
            let sm = m.without_items(&drop).unwrap();
            let a = alpha(&sm, AlphaOptions::default()).unwrap();
            compare_alpha(&mut c, &format!("subscale {sub}"), &a, block, true);
        }
    }

    if let Some(listwise) = e.get("alpha_listwise_deleted") {
        let a = alpha(&m, Missing::Listwise).unwrap();
        assert_eq!(a.n as f64, num(&listwise["n_rows_kept"]));
        compare_alpha(&mut c, "listwise", &a, listwise, true);
        // the same as deleting the rows first
        let b = alpha(&m.complete_rows(), Missing::Pairwise).unwrap();
        c.closed("listwise == na.omit raw_alpha", a.raw_alpha, b.raw_alpha);
    }

    compare_split_half(&mut c, &m, &e["splitHalf"]);
    compare_omega(&mut c, &m, &e["omega_1"], 1, OMEGA_1);
    if e.get("omega_3").is_some() {
        compare_omega(&mut c, &m, &e["omega_3"], 3, OMEGA_3);
    }
    c.finish(name);
}

fn constant_item_dataset() {
    let name = "constant_item";
    let e = expected(name);
    let m = matrix(name);
    let named_item3 = |r: Result<(), StatsError>| match r {
        Err(StatsError::ZeroVariance { what }) => assert_eq!(what, "item3"),
        other => panic!("expected a zero-variance error naming item3, got {other:?}"),
    };
    named_item3(alpha(&m, AlphaOptions::default()).map(|_| ()));
    named_item3(omega(&m, OmegaOptions::default()).map(|_| ()));
    named_item3(split_half(&m, SplitHalfOptions::default()).map(|_| ()));
    // psych: alpha(delete = FALSE), omega, splitHalf and guttman all stop
    for block in ["alpha_delete_false", "omega_1", "splitHalf", "guttman"] {
        assert!(
            e[block]["error"].is_string(),
            "{block} should be an error in the oracle"
        );
    }

    // dropping it explicitly gives psych's default (delete = TRUE) statistics
    assert_eq!(m.zero_variance_items(), vec![2]);
    let kept = m.without_items(&m.zero_variance_items()).unwrap();
    let a = alpha(&kept, AlphaOptions::default()).unwrap();
    let mut c = Check::default();
    compare_alpha(&mut c, "constant dropped", &a, &e["alpha"], false);
    // psych's person score still counts the dropped item; bordin's is the mean
    // of the remaining five items. Source: hand computation from the CSV.
    let scores: Vec<f64> = (0..kept.rows())
        .map(|r| (0..5).map(|i| kept.value(r, i).unwrap()).sum::<f64>() / 5.0)
        .collect();
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let sd =
        (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (scores.len() - 1) as f64).sqrt();
    c.closed("constant dropped scale mean (hand)", a.scale_mean, mean);
    c.closed("constant dropped scale sd (hand)", a.scale_sd, sd);
    c.finish(name);
}

fn icc_dataset(name: &str) {
    let e = expected(name);
    let m = matrix(name);
    let r = icc(&m, ConfidenceLevel::default()).unwrap();
    let t = &e["ICC_anova"]["results"];
    let mut c = Check::default();
    let types = strings(&t["type"]);
    for (i, form) in IccForm::ALL.iter().enumerate() {
        let row = r.get(*form);
        assert_eq!(form.psych_name(), types[i]);
        let tag = form.psych_name();
        c.closed(&format!("{tag} ICC"), row.value, num(&t["ICC"][i]));
        c.closed(&format!("{tag} F"), row.f, num(&t["F"][i]));
        c.close(&format!("{tag} df1"), row.df1, num(&t["df1"][i]), 0.0, 0.0);
        c.close(&format!("{tag} df2"), row.df2, num(&t["df2"][i]), 0.0, 0.0);
        c.close(&format!("{tag} p"), row.p, num(&t["p"][i]), P_VALUE, 0.0);
        c.closed(
            &format!("{tag} lower"),
            row.ci.lower,
            num(&t["lower bound"][i]),
        );
        c.closed(
            &format!("{tag} upper"),
            row.ci.upper,
            num(&t["upper bound"][i]),
        );
    }
    let anova = &e["ICC_anova"]["anova"];
    c.closed("MSB", r.anova.msb, num(&anova["subjects"][2]));
    c.closed("MSJ", r.anova.msj, num(&anova["Judges"][2]));
    c.closed("MSE", r.anova.mse, num(&anova["Residual"][2]));
    c.closed("SSB", r.anova.ssb, num(&anova["subjects"][1]));
    c.closed("SSJ", r.anova.ssj, num(&anova["Judges"][1]));
    c.closed("SSE", r.anova.sse, num(&anova["Residual"][1]));
    c.closed("F judges", r.anova.f_raters, num(&anova["Judges"][3]));
    c.close(
        "p judges",
        r.anova.p_raters,
        num(&anova["Judges"][4]),
        P_VALUE,
        0.0,
    );
    c.closed("MSW", r.anova.msw, num(&e["ICC_anova"]["MSW"]));
    // ICC3k = raw alpha of the raters
    let a = alpha(&m, AlphaOptions::default()).unwrap();
    c.closed(
        "alpha of raters",
        a.raw_alpha,
        num(&e["identity_check"]["alpha_raw_of_raters"]),
    );
    c.closed("ICC3k == alpha", r.get(IccForm::Icc3k).value, a.raw_alpha);
    c.finish(name);
}

fn rci_fixture() {
    let e = expected("rci");
    let mut c = Check::default();
    for block in [
        "example_main",
        "example_2",
        "example_3",
        "likert_small_sum_score",
    ] {
        let x = &e[block];
        let (sd, rel) = (num(&x["sd"]), num(&x["reliability"]));
        let rc = reliable_change(sd, rel, ConfidenceLevel::default()).unwrap();
        c.closed(
            &format!("{block} SEM"),
            sem(sd, rel).unwrap(),
            num(&x["SEM"]),
        );
        c.closed(&format!("{block} SEM (struct)"), rc.sem, num(&x["SEM"]));
        c.closed(&format!("{block} S_diff"), rc.s_diff, num(&x["S_diff"]));
        c.closed(&format!("{block} z"), rc.z, num(&x["z_crit_qnorm"]));
        c.closed(
            &format!("{block} threshold (qnorm)"),
            rc.threshold,
            num(&x["RCI_threshold_qnorm"]),
        );
        c.closed(
            &format!("{block} threshold (1.96)"),
            rc.threshold_at(1.96),
            num(&x["RCI_threshold_1.96"]),
        );
        if let Some(pre) = x.get("pre") {
            let rci = rc.index(num(pre), num(&x["post"]));
            c.closed(&format!("{block} RCI"), rci, num(&x["RCI"]));
            assert_eq!(rci.abs() > 1.96, x["reliable_change"].as_bool().unwrap());
        }
    }
    // the likert_small sum-score SD and reliability come from bordin itself
    let a = alpha(
        &matrix("likert_small"),
        AlphaOptions::default().score(ScoreKind::Sum),
    )
    .unwrap();
    c.closed(
        "likert_small sum sd",
        a.scale_sd,
        num(&e["likert_small_sum_score"]["sd"]),
    );
    c.closed(
        "likert_small alpha",
        a.raw_alpha,
        num(&e["likert_small_sum_score"]["reliability"]),
    );
    c.finish("rci");
}

/// pingouin 0.7.0 (`*.pingouin.json`): `cronbach_alpha` equals psych's raw α
/// and Feldt interval unrounded; `intraclass_corr` equals the ANOVA ICCs.
/// Deliberate differences: pingouin keeps a constant item (bordin: a typed
/// error) and its listwise interval uses n before dropping rows (bordin:
/// the complete rows, as `psych::alpha(na.omit(x))`); only its α is compared.
fn pingouin_fixture(name: &str) {
    let e = expected(name);
    let dataset = e["dataset"].as_str().unwrap();
    let m = matrix(dataset);
    let mut c = Check::default();
    if let Some(ca) = e.get("cronbach_alpha") {
        match alpha(&m, AlphaOptions::default()) {
            Ok(a) => {
                c.closed("pingouin alpha", a.raw_alpha, num(&ca["alpha"]));
                c.closed(
                    "pingouin ci lower",
                    a.feldt.lower,
                    num(&ca["ci95_unrounded"][0]),
                );
                c.closed(
                    "pingouin ci upper",
                    a.feldt.upper,
                    num(&ca["ci95_unrounded"][1]),
                );
                // as returned, rounded to 3 decimals
                c.close(
                    "pingouin ci lower (3 dp)",
                    a.feldt.lower,
                    num(&ca["ci95_as_returned"][0]),
                    0.0,
                    5e-4,
                );
                c.close(
                    "pingouin ci upper (3 dp)",
                    a.feldt.upper,
                    num(&ca["ci95_as_returned"][1]),
                    0.0,
                    5e-4,
                );
            }
            Err(StatsError::ZeroVariance { what }) => {
                // pingouin keeps the constant item (k = 6)
                assert_eq!(what, "item3");
                assert_eq!(num(&ca["k"]), 6.0);
                c.compared += 1;
            }
            Err(other) => panic!("{name}: {other}"),
        }
    }
    if let Some(lw) = e.get("cronbach_alpha_listwise") {
        let a = alpha(&m, Missing::Listwise).unwrap();
        c.closed("pingouin listwise alpha", a.raw_alpha, num(&lw["alpha"]));
    }
    if let Some(results) = e.get("results_unrounded") {
        let r = icc(&m, ConfidenceLevel::default()).unwrap();
        let names = [
            "ICC(1,1)", "ICC(A,1)", "ICC(C,1)", "ICC(1,k)", "ICC(A,k)", "ICC(C,k)",
        ];
        for (form, pname) in IccForm::ALL.iter().zip(names) {
            let (row, want) = (r.get(*form), &results[pname]);
            c.closed(&format!("{pname} ICC"), row.value, num(&want["ICC"]));
            c.closed(&format!("{pname} F"), row.f, num(&want["F"]));
            c.close(
                &format!("{pname} p"),
                row.p,
                num(&want["pval"]),
                P_VALUE,
                0.0,
            );
            c.closed(
                &format!("{pname} lower"),
                row.ci.lower,
                num(&want["CI95"][0]),
            );
            c.closed(
                &format!("{pname} upper"),
                row.ci.upper,
                num(&want["CI95"][1]),
            );
        }
    }
    c.finish(name);
}

/// Every expected JSON is dispatched by its content; a new fixture that no
/// branch understands fails the test.
#[test]
fn every_oracle_fixture_matches() {
    let names = all_expected();
    assert!(names.len() >= 11, "fixtures missing: {names:?}");
    for name in &names {
        let e = expected(name);
        if name.ends_with(".pingouin") {
            pingouin_fixture(name);
        } else if name == "rci" {
            rci_fixture();
        } else if name == "constant_item" {
            constant_item_dataset();
        } else if e.get("ICC_anova").is_some() {
            icc_dataset(name);
        } else if e.get("alpha").is_some() {
            items_dataset(name);
        } else {
            panic!("fixture {name} not understood");
        }
    }
}
