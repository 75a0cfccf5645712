//! Trend statistics from what an instrument declares and from stored scores.
//!
//! [`ScaleContext::from_instrument`] reads a scale's polarity, reliable-change
//! parameters, cut-off, declared alerts and possible range from the
//! instrument file; [`summarize_scores`] turns one client's [`Score`]s into the
//! session series the [`Summarizer`] works on.

use std::f64::consts::SQRT_2;

use crate::error::{Error, ScoreError, StatsError};
use crate::instrument::Instrument;
use crate::score::Score;
use crate::spec::{Condition, Polarity};
use crate::trend::{
    Comparison, Cutoff, DeclaredAlert, GainCutoff, RciParams, RelativeCriterion, ScaleContext,
    ScaleRange, SessionValue, SuddenGainCriteria, Summarizer, Summary, ZCritical,
};

impl ScaleContext {
    /// The context of one scale as its instrument declares it:
    ///
    /// - polarity;
    /// - reliable-change parameters: the SD and reliability when declared,
    ///   else the published threshold `t` as a standard error of measurement
    ///   `t / (z · √2)`, so that the minimal reliable change is `t` again;
    /// - the clinical cut-off: the cut-off with id `cutoff`, or the scale's
    ///   first cut-off when `cutoff` is `None` (the ORS lists its adult
    ///   cut-off first; pass `Some("clinical-adolescent")` for 13–17 year olds);
    /// - that cut-off as a declared alert, reported under its id;
    /// - the scale's possible range, for the ceiling warning;
    /// - sudden gains with the minimal reliable change as cut-off (when
    ///   reliable-change parameters are declared) and Tang & DeRubeis's
    ///   relative criterion (25 %) measured from the scale's best possible
    ///   score (see [`relative_criterion`]).
    ///
    /// # Errors
    ///
    /// [`Error::Score`] with [`ScoreError::UnknownScale`] for an unknown
    /// scale or cut-off id, and [`Error::Stats`] for parameters the trend
    /// statistics reject.
    pub fn from_instrument(
        instrument: &Instrument,
        scale: &str,
        cutoff: Option<&str>,
    ) -> Result<ScaleContext, Error> {
        let Some(s) = instrument.scale(scale) else {
            return Err(ScoreError::UnknownScale {
                scale: scale.to_owned(),
            }
            .into());
        };
        let mut ctx = ScaleContext::new(s.polarity());
        if let Some(rc) = s.reliable_change() {
            let params = match (rc.sd, rc.reliability, rc.threshold) {
                (Some(sd), Some(r), _) => RciParams::new(sd, r)?,
                (_, _, Some(t)) => {
                    RciParams::from_sem(t / (ZCritical::default().value() * SQRT_2))?
                }
                _ => {
                    return Err(StatsError::InvalidParameter {
                        name: "reliable change",
                        value: f64::NAN,
                    }
                    .into());
                }
            };
            ctx = ctx.rci(params);
        }
        let chosen = match cutoff {
            Some(id) => Some(s.cutoff(id).ok_or_else(|| ScoreError::UnknownScale {
                scale: format!("{scale} cut-off {id}"),
            })?),
            None => s.cutoffs().first(),
        };
        if let Some(c) = chosen {
            ctx = ctx.cutoff(Cutoff::declared(c.when.threshold())?);
            let comparison = match c.when {
                Condition::Below(_) => Comparison::Below,
                Condition::AtMost(_) => Comparison::AtMost,
                Condition::AtLeast(_) => Comparison::AtLeast,
                Condition::Above(_) => Comparison::Above,
            };
            ctx = ctx.alert(DeclaredAlert::new(
                c.id.as_str(),
                comparison,
                c.when.threshold(),
            )?);
        }
        if let Some((lo, hi)) = s.range() {
            ctx = ctx.range(ScaleRange::new(lo, hi)?);
            if let Some(params) = ctx.rci_params() {
                ctx = ctx.sudden_gains(
                    SuddenGainCriteria::new(GainCutoff::Reliable(params))
                        .relative(relative_criterion(s.polarity(), lo, hi)),
                );
            }
        }
        Ok(ctx)
    }
}

/// Tang & DeRubeis's relative criterion (a gain of at least 25 % of the
/// pregain score's distance from the scale's best possible score) for a scale
/// with range `lo..=hi`.
///
/// Tang & DeRubeis measured the distance from 0 on the BDI, where 0 is the
/// best score; for a scale where higher is better (an alliance measure) the
/// best score is the maximum, so the distance is `max − x`.
#[must_use]
pub fn relative_criterion(polarity: Polarity, lo: f64, hi: f64) -> RelativeCriterion {
    let origin = match polarity {
        Polarity::HigherIsBetter => hi,
        Polarity::HigherIsWorse => lo,
    };
    RelativeCriterion::Fraction {
        fraction: 0.25,
        origin,
    }
}

/// The trend summary of one client on one scale from their scores.
///
/// Scores without a session number are skipped; an insufficient score is a
/// session without a value. Scores may come in any order.
///
/// ```
/// use bordin::{Catalog, Response, Scorer, summarize_scores};
/// use bordin::trend::ScaleContext;
/// let srs = Catalog::builtin().get("srs").expect("built in");
/// let scorer = Scorer::new(srs);
/// let scores = [[9.0, 9.1, 9.2, 9.0], [9.3, 9.2, 9.4, 9.1], [6.0, 5.5, 6.1, 6.0], [9.2, 9.3, 9.1, 9.4]]
///     .iter()
///     .enumerate()
///     .map(|(i, v)| scorer.score(&Response::new("srs").respondent("c01").session(i as u32 + 1).with_values(v)))
///     .collect::<Result<Vec<_>, _>>()?;
/// let ctx = ScaleContext::from_instrument(srs, "total", None)?;
/// let summary = summarize_scores("c01", "total", &scores, &ctx)?;
/// // Session 3 (23.6) is below the SRS cut-off of 36.
/// assert!(summary.alerts.iter().any(|a| a.session == 3 && a.rule.as_str() == "alliance-concern"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`Summarizer::new`] and [`Summarizer::summarize`] (for example two
/// scores with the same session).
pub fn summarize_scores<'a>(
    respondent: &str,
    scale: &str,
    scores: impl IntoIterator<Item = &'a Score>,
    ctx: &ScaleContext,
) -> Result<Summary, StatsError> {
    let mut points: Vec<SessionValue> = scores
        .into_iter()
        .filter_map(|s| {
            s.session.map(|session| SessionValue {
                session,
                date: None,
                value: s.value(scale),
            })
        })
        .collect();
    points.sort_by_key(|p| p.session);
    Summarizer::new(ctx)?.summarize(respondent, scale, points)
}

/// Everything the trend module computes for one client on one scale, in one
/// call, with the parameters the instrument declares
/// ([`ScaleContext::from_instrument`] with the scale's first cut-off).
///
/// The respondent is taken from the first score that names one.
///
/// ```
/// use bordin::{Catalog, Response, Scorer, client_summary};
/// let ors = Catalog::builtin().get("ors").expect("built in");
/// let scorer = Scorer::new(ors);
/// // Adult ORS, 18.0 then 31.0 (reference: reliable and clinically significant).
/// let scores = [[4.5, 4.5, 4.5, 4.5], [7.7, 7.8, 7.7, 7.8]]
///     .iter()
///     .zip(1..)
///     .map(|(v, s)| scorer.score(&Response::new("ors").respondent("a1").session(s).with_values(v)))
///     .collect::<Result<Vec<_>, _>>()?;
/// let summary = client_summary(ors, "total", &scores)?;
/// assert_eq!(summary.respondent, "a1");
/// assert_eq!(summary.values, [Some(18.0), Some(31.0)]);
/// let change = summary.reliable_change.expect("two scored sessions");
/// assert_eq!(change.category, bordin::trend::ChangeCategory::Recovered);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`ScaleContext::from_instrument`] and [`summarize_scores`].
pub fn client_summary(
    instrument: &Instrument,
    scale: &str,
    scores: &[Score],
) -> Result<Summary, Error> {
    let ctx = ScaleContext::from_instrument(instrument, scale, None)?;
    let respondent = scores
        .iter()
        .find_map(|s| s.respondent.as_deref())
        .unwrap_or_default();
    Ok(summarize_scores(respondent, scale, scores, &ctx)?)
}
