//! Sudden gains and sudden losses (Tang & DeRubeis 1999).
//!
//! A sudden gain is an improvement between a pregain session N and the
//! postgain session N + 1 that meets three criteria, each configurable here.
//! Written for a lower-is-better score x (the code works in the direction of
//! improvement for either polarity):
//!
//! ```text
//! 1. absolute:  x_N − x_{N+1} ≥ cutoff                 (7 BDI points; or the RCI threshold z·S_diff)
//! 2. relative:  x_N − x_{N+1} ≥ 0.25 · |x_N − origin|  (origin 0: Tang & DeRubeis' 25 % of x_N)
//! 3. stability: M_pre − M_post > t_crit · s_pooled     (Lutz et al. 2013; suddengains)
//!    pre  = sessions N−2, N−1, N;   post = sessions N+1, N+2, N+3 (those observed)
//!    s_pooled = sqrt( ((n_pre−1)·s_pre² + (n_post−1)·s_post²) / (n_pre + n_post − 2) )
//!    t_crit   = t_{1−α/2}(n_pre + n_post − 2) = 2.776 (3+3), 3.182 (one missing), 4.303 (one each side)
//!    at least 2 values on each side, otherwise the criterion is not assessable
//! ```
//!
//! Criterion 3 deliberately has no `sqrt(1/n₁ + 1/n₂)` factor: it is the
//! published convention, stricter than a textbook two-sample t test
//! (methods reference §6 and §11 row 3).
//!
//! A **sudden loss** is the mirror image, with every criterion measured in the
//! direction of deterioration. In particular the relative criterion for a
//! loss is `x_{N+1} − x_N ≥ 0.25 · |x_N|`, so an increase of 10 → 11 on a
//! lower-is-better score is *not* a loss; the suddengains R package codes it
//! as `x_N − x_{N+1} ≤ 0.25 · x_N`, which any increase satisfies.
//!
//! A gain is **reversed** when a later score is worse than the postgain score
//! by more than half the gain (`x > x_{N+1} + gain/2` when lower is better).
//!
//! Sources: Tang, T. Z., & DeRubeis, R. J. (1999), J Consult Clin Psychol
//! 67:894–904; Lutz, W., et al. (2013), Psychother Res 23:14–24; Wiedemann,
//! M., et al. (2020), PLoS ONE 15:e0230276 (suddengains); methods reference §6.

use serde::{Deserialize, Serialize};

use super::Series;
use super::change::RciParams;
use super::num::{centred_mean, check_param, improvement, t_critical};
use crate::{Polarity, StatsError};

/// Whether a shift is a gain (improvement) or a loss (deterioration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShiftKind {
    /// A sudden improvement.
    Gain,
    /// A sudden deterioration.
    Loss,
}

/// Criterion 1: the minimal size of the session-to-session change.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum GainCutoff {
    /// Criterion not applied.
    Off,
    /// A fixed number of raw points (Tang & DeRubeis: 7 BDI points).
    Points(f64),
    /// The minimal reliable change `z · S_diff` of these parameters
    /// (suddengains' `define_crit1_cutoff`).
    Reliable(RciParams),
}

/// Criterion 2: the change as a fraction of the pregain score.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum RelativeCriterion {
    /// Criterion not applied.
    Off,
    /// `change ≥ fraction · |x_N − origin|`. Tang & DeRubeis: fraction 0.25,
    /// origin 0 (the score itself). Use the scale's best possible score as the
    /// origin for a scale whose "no symptoms" point is not 0.
    Fraction {
        /// Fraction of the pregain score, ≥ 0 (0.25 by default).
        fraction: f64,
        /// The score from which the pregain level is measured (0 by default).
        origin: f64,
    },
}

impl Default for RelativeCriterion {
    /// 25 % of the pregain score (Tang & DeRubeis 1999).
    fn default() -> Self {
        Self::Fraction {
            fraction: 0.25,
            origin: 0.0,
        }
    }
}

/// How the stability criterion's critical value is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum CriticalValue {
    /// `t_{1−α/2}(n_pre + n_post − 2)` from statrs, so the value adapts to
    /// missing sessions (Lutz et al. 2013; suddengains `sg_crit3_adjust`).
    /// Default α = 0.05: 2.776 / 3.182 / 4.303.
    AdjustedT {
        /// Two-sided α, in (0, 1).
        alpha: f64,
    },
    /// One critical value whatever is missing (suddengains with
    /// `sg_crit3_adjust = FALSE` uses 2.776).
    Fixed(f64),
}

impl Default for CriticalValue {
    /// `AdjustedT { alpha: 0.05 }`.
    fn default() -> Self {
        Self::AdjustedT { alpha: 0.05 }
    }
}

/// Criterion 3: the stability of the change around the interval.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum StabilityCriterion {
    /// Criterion not applied.
    Off,
    /// `M_pre − M_post > t_crit · s_pooled` over the three sessions on each
    /// side (at least two observed per side).
    MeanDifference(CriticalValue),
}

impl Default for StabilityCriterion {
    /// `MeanDifference(CriticalValue::AdjustedT { alpha: 0.05 })`.
    fn default() -> Self {
        Self::MeanDifference(CriticalValue::default())
    }
}

/// Which session pairs can form a gain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Pairing {
    /// Sessions N and N + 1 by number, both observed (suddengains); the
    /// stability windows are sessions N−2..N and N+1..N+3 by number, so a
    /// missing session shrinks a window. Default.
    #[default]
    ConsecutiveSessions,
    /// Consecutive observations whatever their numbers; the windows are the
    /// three observations on each side.
    ConsecutiveObservations,
}

/// Which gains to report when a client has several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Selection {
    /// Every gain, in session order. Default.
    #[default]
    All,
    /// The earliest.
    First,
    /// The latest.
    Last,
    /// The largest (the earliest of equals).
    Largest,
    /// The smallest (the earliest of equals).
    Smallest,
}

/// The three Tang–DeRubeis criteria plus pairing and selection.
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::{sudden_gains, GainCutoff, Series, SuddenGainCriteria};
///
/// // methods reference §6: BDI, sessions 1–9
/// let bdi = Series::new(
///     Polarity::HigherIsWorse,
///     &[1, 2, 3, 4, 5, 6, 7, 8, 9],
///     &[30.0, 29.0, 28.0, 27.0, 16.0, 15.0, 14.0, 13.0, 12.0],
/// )?;
/// let gains = sudden_gains(&bdi, &SuddenGainCriteria::new(GainCutoff::Points(7.0)))?;
/// assert_eq!(gains.len(), 1);
/// assert_eq!((gains[0].pregain_session, gains[0].magnitude), (4, 11.0));
/// assert_eq!(gains[0].reversal_threshold, 21.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SuddenGainCriteria {
    cutoff: GainCutoff,
    relative: RelativeCriterion,
    stability: StabilityCriterion,
    pairing: Pairing,
    selection: Selection,
}

impl SuddenGainCriteria {
    /// Criteria with the given absolute cut-off and the Tang–DeRubeis
    /// defaults otherwise: relative 25 % of the pregain score, stability by
    /// mean difference with t-adjusted critical values at α = 0.05,
    /// consecutive sessions, every gain reported.
    #[must_use]
    pub fn new(cutoff: GainCutoff) -> Self {
        Self {
            cutoff,
            relative: RelativeCriterion::default(),
            stability: StabilityCriterion::default(),
            pairing: Pairing::default(),
            selection: Selection::default(),
        }
    }

    /// Preset: Tang & DeRubeis (1999) on the BDI, a 7-point cut-off and the
    /// defaults of [`SuddenGainCriteria::new`].
    #[must_use]
    pub fn tang_derubeis_1999() -> Self {
        Self::new(GainCutoff::Points(7.0))
    }

    /// Sets criterion 1.
    #[must_use]
    pub fn cutoff(self, cutoff: GainCutoff) -> Self {
        Self { cutoff, ..self }
    }

    /// Sets criterion 2 (default 25 % of the pregain score).
    #[must_use]
    pub fn relative(self, relative: RelativeCriterion) -> Self {
        Self { relative, ..self }
    }

    /// Sets criterion 3 (default mean difference, adjusted t, α = 0.05).
    #[must_use]
    pub fn stability(self, stability: StabilityCriterion) -> Self {
        Self { stability, ..self }
    }

    /// Sets the pairing (default consecutive session numbers).
    #[must_use]
    pub fn pairing(self, pairing: Pairing) -> Self {
        Self { pairing, ..self }
    }

    /// Sets which gains are reported (default all).
    #[must_use]
    pub fn selection(self, selection: Selection) -> Self {
        Self { selection, ..self }
    }

    /// Criterion 1 as configured.
    #[must_use]
    pub fn get_cutoff(&self) -> GainCutoff {
        self.cutoff
    }

    /// Validates the parameters and precomputes the critical values.
    pub(crate) fn resolve(&self) -> Result<ResolvedGains, StatsError> {
        let cutoff = match self.cutoff {
            GainCutoff::Off => None,
            GainCutoff::Points(p) => Some(check_param("sudden-gain cutoff", p, |p| p >= 0.0)?),
            GainCutoff::Reliable(rci) => Some(rci.threshold()),
        };
        let relative = match self.relative {
            RelativeCriterion::Off => None,
            RelativeCriterion::Fraction { fraction, origin } => Some((
                check_param("sudden-gain relative fraction", fraction, |f| f >= 0.0)?,
                check_param("sudden-gain relative origin", origin, |_| true)?,
            )),
        };
        let stability = match self.stability {
            StabilityCriterion::Off => None,
            StabilityCriterion::MeanDifference(CriticalValue::AdjustedT { alpha }) => Some([
                t_critical(alpha, 2.0)?,
                t_critical(alpha, 3.0)?,
                t_critical(alpha, 4.0)?,
            ]),
            StabilityCriterion::MeanDifference(CriticalValue::Fixed(t)) => {
                let t = check_param("sudden-gain critical value", t, |t| t > 0.0)?;
                Some([t; 3])
            }
        };
        Ok(ResolvedGains {
            cutoff,
            relative,
            stability,
            pairing: self.pairing,
            selection: self.selection,
        })
    }
}

/// Validated criteria with the critical values for df 2, 3 and 4.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResolvedGains {
    cutoff: Option<f64>,
    // (fraction >= 0, origin)
    relative: Option<(f64, f64)>,
    // critical values for df = 2, 3, 4
    stability: Option<[f64; 3]>,
    pairing: Pairing,
    selection: Selection,
}

impl ResolvedGains {
    /// Criteria 1 and 2 for a change of `magnitude` from the pregain value `xn`.
    #[inline]
    fn size_criteria(&self, magnitude: f64, xn: f64) -> (CriterionOutcome, CriterionOutcome) {
        let absolute = self.cutoff.map_or(CriterionOutcome::NotApplied, |cut| {
            CriterionOutcome::from_bool(magnitude >= cut)
        });
        let relative = self
            .relative
            .map_or(CriterionOutcome::NotApplied, |(fraction, origin)| {
                CriterionOutcome::from_bool(magnitude >= fraction * (xn - origin).abs())
            });
        (absolute, relative)
    }
}

/// The numbers behind criterion 3 for one interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StabilityTest {
    /// Observed sessions in the pregain window (2 or 3).
    pub n_pre: usize,
    /// Observed sessions in the postgain window (2 or 3).
    pub n_post: usize,
    /// Mean of the pregain window.
    pub mean_pre: f64,
    /// Mean of the postgain window.
    pub mean_post: f64,
    /// Pooled SD of the two windows.
    pub pooled_sd: f64,
    /// The critical value used (t with `n_pre + n_post − 2` df, or fixed).
    pub critical_value: f64,
}

/// The outcome of one criterion for one interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CriterionOutcome {
    /// The criterion is switched off.
    NotApplied,
    /// Met.
    Met,
    /// Not met.
    NotMet,
    /// Too few observed sessions around the interval (criterion 3 only).
    NotAssessable,
}

impl CriterionOutcome {
    fn from_bool(met: bool) -> Self {
        if met { Self::Met } else { Self::NotMet }
    }

    fn passes(self) -> bool {
        matches!(self, Self::Met | Self::NotApplied)
    }
}

/// Every criterion's outcome for one session-to-session interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IntervalCheck {
    /// Gain or loss.
    pub kind: ShiftKind,
    /// Session N.
    pub pregain_session: u32,
    /// Session N + 1 (the next observed session with
    /// [`Pairing::ConsecutiveObservations`]).
    pub postgain_session: u32,
    /// The change in the direction of `kind` (positive = a gain for a gain
    /// check, a loss for a loss check).
    pub magnitude: f64,
    /// Criterion 1.
    pub absolute: CriterionOutcome,
    /// Criterion 2.
    pub relative: CriterionOutcome,
    /// Criterion 3.
    pub stability: CriterionOutcome,
    /// Criterion 3's numbers, when assessed.
    pub stability_test: Option<StabilityTest>,
}

impl IntervalCheck {
    /// True when the change is positive and every applied criterion is met.
    #[must_use]
    pub fn is_shift(&self) -> bool {
        self.magnitude > 0.0
            && self.absolute.passes()
            && self.relative.passes()
            && self.stability.passes()
    }
}

/// A sudden gain or loss.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SuddenShift {
    /// Gain or loss.
    pub kind: ShiftKind,
    /// Session N.
    pub pregain_session: u32,
    /// Session N + 1.
    pub postgain_session: u32,
    /// Value at session N.
    pub pregain_value: f64,
    /// Value at session N + 1.
    pub postgain_value: f64,
    /// Size of the change in raw points, positive.
    pub magnitude: f64,
    /// Criterion 3's numbers, when applied.
    pub stability: Option<StabilityTest>,
    /// The level beyond which a later score reverses the shift:
    /// `x_{N+1} ± magnitude / 2` towards where it came from.
    pub reversal_threshold: f64,
    /// The first later session beyond `reversal_threshold`, if any.
    pub reversed_at: Option<u32>,
}

/// Change from `from` to `to` in the direction of `kind`.
#[inline]
fn toward(kind: ShiftKind, polarity: Polarity, from: f64, to: f64) -> f64 {
    match kind {
        ShiftKind::Gain => improvement(polarity, from, to),
        ShiftKind::Loss => improvement(polarity, to, from),
    }
}

/// Index range of the stability windows around the interval `i → j`.
fn windows(sessions: &[u32], i: usize, j: usize, pairing: Pairing) -> (usize, usize) {
    match pairing {
        Pairing::ConsecutiveObservations => (i.saturating_sub(2), (j + 2).min(sessions.len() - 1)),
        Pairing::ConsecutiveSessions => {
            let lo_session = sessions[i].saturating_sub(2);
            let hi_session = sessions[j].saturating_add(2);
            let mut lo = i;
            while lo > 0 && sessions[lo - 1] >= lo_session && lo > i.saturating_sub(2) {
                lo -= 1;
            }
            let mut hi = j;
            while hi + 1 < sessions.len() && sessions[hi + 1] <= hi_session && hi < j + 2 {
                hi += 1;
            }
            (lo, hi)
        }
    }
}

/// Evaluates the interval between positions `i` and `j = i + 1`.
fn evaluate(
    sessions: &[u32],
    values: &[f64],
    polarity: Polarity,
    i: usize,
    kind: ShiftKind,
    c: &ResolvedGains,
) -> IntervalCheck {
    let j = i + 1;
    let (xn, xn1) = (values[i], values[j]);
    let magnitude = toward(kind, polarity, xn, xn1);
    let (absolute, relative) = c.size_criteria(magnitude, xn);
    let (stability, stability_test) = match c.stability {
        None => (CriterionOutcome::NotApplied, None),
        Some(crit) => {
            let (lo, hi) = windows(sessions, i, j, c.pairing);
            let (pre, post) = (&values[lo..=i], &values[j..=hi]);
            if pre.len() < 2 || post.len() < 2 {
                (CriterionOutcome::NotAssessable, None)
            } else {
                // Pivot on x_N: every difference below is shift-invariant.
                let (m_pre, n_pre) = centred_mean(pre.iter().copied(), xn);
                let (m_post, n_post) = centred_mean(post.iter().copied(), xn);
                let ss = |w: &[f64], m: f64| -> f64 {
                    w.iter().map(|&x| (x - xn - m) * (x - xn - m)).sum()
                };
                let df = n_pre + n_post - 2;
                let pooled_sd = ((ss(pre, m_pre) + ss(post, m_post)) / df as f64).sqrt();
                let critical_value = crit[df - 2];
                let met = toward(kind, polarity, m_pre, m_post) > critical_value * pooled_sd;
                (
                    CriterionOutcome::from_bool(met),
                    Some(StabilityTest {
                        n_pre,
                        n_post,
                        mean_pre: xn + m_pre,
                        mean_post: xn + m_post,
                        pooled_sd,
                        critical_value,
                    }),
                )
            }
        }
    };
    IntervalCheck {
        kind,
        pregain_session: sessions[i],
        postgain_session: sessions[j],
        magnitude,
        absolute,
        relative,
        stability,
        stability_test,
    }
}

/// Fills `gains` and `losses` (after clearing them) in one pass over the
/// intervals, each selected as configured.
pub(crate) fn detect_into(
    sessions: &[u32],
    values: &[f64],
    polarity: Polarity,
    c: &ResolvedGains,
    gains: &mut Vec<SuddenShift>,
    losses: &mut Vec<SuddenShift>,
) {
    gains.clear();
    losses.clear();
    let by_session = c.pairing == Pairing::ConsecutiveSessions;
    for i in 0..sessions.len().saturating_sub(1) {
        let j = i + 1;
        if by_session && sessions[j] != sessions[i] + 1 {
            continue;
        }
        // Cheap checks before the stability windows: the change must go the
        // right way and pass criteria 1 and 2 (the same code `evaluate` runs).
        let d = improvement(polarity, values[i], values[j]);
        let (kind, out) = if d > 0.0 {
            (ShiftKind::Gain, &mut *gains)
        } else if d < 0.0 {
            (ShiftKind::Loss, &mut *losses)
        } else {
            continue;
        };
        let magnitude = toward(kind, polarity, values[i], values[j]);
        let (absolute, relative) = c.size_criteria(magnitude, values[i]);
        if !(absolute.passes() && relative.passes()) {
            continue;
        }
        let check = evaluate(sessions, values, polarity, i, kind, c);
        if !check.is_shift() {
            continue;
        }
        let (post, m) = (values[j], check.magnitude);
        // Reversed when a later score is worse (for a gain) than the postgain
        // score by more than half the shift.
        let reversed_at = (j + 1..sessions.len())
            .find(|&k| toward(kind, polarity, values[k], post) > m / 2.0)
            .map(|k| sessions[k]);
        let back = match (kind, polarity) {
            (ShiftKind::Gain, Polarity::HigherIsWorse)
            | (ShiftKind::Loss, Polarity::HigherIsBetter) => 1.0,
            _ => -1.0,
        };
        out.push(SuddenShift {
            kind,
            pregain_session: sessions[i],
            postgain_session: sessions[j],
            pregain_value: values[i],
            postgain_value: post,
            magnitude: m,
            stability: check.stability_test,
            reversal_threshold: post + back * m / 2.0,
            reversed_at,
        });
    }
    select(gains, c.selection);
    select(losses, c.selection);
}

fn select(out: &mut Vec<SuddenShift>, selection: Selection) {
    if out.len() <= 1 {
        return;
    }
    let keep = match selection {
        Selection::All => return,
        Selection::First => 0,
        Selection::Last => out.len() - 1,
        Selection::Largest => (0..out.len())
            .reduce(|best, k| {
                if out[k].magnitude > out[best].magnitude {
                    k
                } else {
                    best
                }
            })
            .unwrap_or(0),
        Selection::Smallest => (0..out.len())
            .reduce(|best, k| {
                if out[k].magnitude < out[best].magnitude {
                    k
                } else {
                    best
                }
            })
            .unwrap_or(0),
    };
    out.swap(0, keep);
    out.truncate(1);
}

/// The sudden gains of a series.
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] for a negative or non-finite cut-off or
/// fraction, an α outside (0, 1) or a non-positive fixed critical value.
pub fn sudden_gains(
    series: &Series,
    criteria: &SuddenGainCriteria,
) -> Result<Vec<SuddenShift>, StatsError> {
    Ok(shifts(series, criteria)?.0)
}

/// The sudden losses of a series (every criterion mirrored; see the module
/// docs for the relative criterion).
///
/// # Errors
///
/// As [`sudden_gains`].
pub fn sudden_losses(
    series: &Series,
    criteria: &SuddenGainCriteria,
) -> Result<Vec<SuddenShift>, StatsError> {
    Ok(shifts(series, criteria)?.1)
}

/// Sudden gains and losses of a series in one pass.
fn shifts(
    series: &Series,
    criteria: &SuddenGainCriteria,
) -> Result<(Vec<SuddenShift>, Vec<SuddenShift>), StatsError> {
    let c = criteria.resolve()?;
    let (mut gains, mut losses) = (Vec::new(), Vec::new());
    detect_into(
        series.sessions(),
        series.values(),
        series.polarity(),
        &c,
        &mut gains,
        &mut losses,
    );
    Ok((gains, losses))
}

/// Each criterion's outcome for the interval starting at `pregain_session`
/// (as suddengains' `check_interval`), whether or not it is a shift.
///
/// # Errors
///
/// - [`StatsError::SessionNotFound`] if `pregain_session` is not observed,
///   or (with [`Pairing::ConsecutiveSessions`]) session N + 1 is not, or
///   (with [`Pairing::ConsecutiveObservations`]) no later session is;
/// - parameter errors as [`sudden_gains`].
pub fn check_interval(
    series: &Series,
    pregain_session: u32,
    kind: ShiftKind,
    criteria: &SuddenGainCriteria,
) -> Result<IntervalCheck, StatsError> {
    let c = criteria.resolve()?;
    let sessions = series.sessions();
    let i = series
        .position(pregain_session)
        .ok_or(StatsError::SessionNotFound {
            session: pregain_session,
        })?;
    let next = pregain_session.saturating_add(1);
    match sessions.get(i + 1) {
        Some(&s) if c.pairing == Pairing::ConsecutiveObservations || s == next => {}
        _ => return Err(StatsError::SessionNotFound { session: next }),
    }
    Ok(evaluate(
        sessions,
        series.values(),
        series.polarity(),
        i,
        kind,
        &c,
    ))
}
