//! Reliable change (Jacobson & Truax 1991) and clinical significance.
//!
//! ```text
//! SEM    = SD · sqrt(1 − r_xx)          SD of pretest or normative scores, r_xx = reliability
//! S_diff = sqrt(2 · SEM²)               Christensen & Mendoza (1986) correction
//! RC     = (x₂ − x₁) / S_diff           reliable when |RC| > z  (z = 1.96 by default)
//! minimal reliable change in points = z · S_diff
//! ```
//!
//! Cut-offs from clinical (c) and functional (f) norms, written for *lower is
//! better* (signs swap when higher is better):
//!
//! ```text
//! a = M_clin − 2·SD_clin                              leaves the clinical range
//! b = M_func + 2·SD_func                              enters the functional range (functional SD, J&T)
//! c = (SD_clin·M_func + SD_func·M_clin) / (SD_clin + SD_func)
//! ```
//!
//! Classification (Jacobson & Truax 1991; *harmed* as in the R package
//! clinicalsignificance): *recovered* = reliable improvement from the
//! clinical into the functional range; *improved* = reliable improvement
//! otherwise; *unchanged* = |RC| ≤ z; *deteriorated* = reliable worsening;
//! *harmed* = reliable worsening from the functional into the clinical range.
//! A value exactly at the cut-off counts as functional (as "ORS 25 or above"
//! and "OQ-45 64 or above is clinical" read).
//!
//! Sources: Jacobson, N. S., & Truax, P. (1991), J Consult Clin Psychol
//! 59:12–19; Christensen, L., & Mendoza, J. L. (1986), Behav Ther 17:305–308;
//! methods reference §5.1 and §11 row 2.

use serde::{Deserialize, Serialize};

use super::Series;
use super::num::{check_param, improvement, z_critical};
use crate::{Polarity, StatsError};

/// The critical |RC| value z above which change counts as reliable.
///
/// The default is Jacobson & Truax's published 1.96
/// ([`ZCritical::JACOBSON_TRUAX`]); [`ZCritical::two_sided`] takes the
/// normal quantile for any confidence level (1.959963984540054 for 0.95).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZCritical(
    // finite, > 0
    f64,
);

impl ZCritical {
    /// 1.96, the constant published by Jacobson & Truax (1991) and used by
    /// JTRCI, clinicalsignificance and suddengains.
    pub const JACOBSON_TRUAX: ZCritical = ZCritical(1.96);

    /// A critical value given directly (such as 1.645 for a one-sided 95 %
    /// rule).
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless `0 < z ≤ 1e6`.
    pub fn new(z: f64) -> Result<Self, StatsError> {
        check_param("z", z, |z| z > 0.0 && z <= 1e6).map(Self)
    }

    /// The two-sided normal quantile for `level`:
    ///
    /// ```text
    /// z = Φ⁻¹((1 + level) / 2)           (statrs Normal)
    /// ```
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless `0 < level < 1`.
    pub fn two_sided(level: f64) -> Result<Self, StatsError> {
        z_critical(level).map(Self)
    }

    /// The critical value.
    #[must_use]
    pub fn value(self) -> f64 {
        self.0
    }
}

impl Default for ZCritical {
    /// [`ZCritical::JACOBSON_TRUAX`] (1.96).
    fn default() -> Self {
        Self::JACOBSON_TRUAX
    }
}

/// Reliable-change parameters: the standard error of measurement and z.
///
/// Built from an SD and a reliability ([`RciParams::new`], as declared by an
/// instrument's scale or estimated by the caller) or from a known SEM.
///
/// ```text
/// SEM = SD · sqrt(1 − r_xx);  S_diff = sqrt(2 · SEM²);  threshold = z · S_diff
/// ```
///
/// # Examples
///
/// ```
/// use bordin::trend::RciParams;
///
/// // methods reference §5.1 / oracle rci.json: SD 7.2, r_xx .88
/// let p = RciParams::new(7.2, 0.88)?;
/// assert!((p.sem() - 2.494153162899183).abs() < 1e-12);
/// assert!((p.threshold() - 6.913439850031241).abs() < 1e-12);
/// assert!((p.rci(30.0, 22.0) + 2.2680460581325725).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RciParams {
    // finite, > 0
    sem: f64,
    // sqrt(2 · sem²), cached: classification runs it once per session pair
    s_diff: f64,
    // finite, > 0, when built from SD and reliability
    sd: Option<f64>,
    // in [0, 1), when built from SD and reliability
    reliability: Option<f64>,
    z: ZCritical,
}

impl RciParams {
    /// Parameters from the SD of pretest (or normative) scores and the
    /// scale's reliability, with z = 1.96.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless `0 ≤ reliability < 1` (a
    /// reliability of 1 gives SEM = 0 and an undefined RC) and `sd` and the
    /// resulting SEM lie in [1e-100, 1e100].
    pub fn new(sd: f64, reliability: f64) -> Result<Self, StatsError> {
        let sd = check_scale("sd", sd)?;
        let r = check_param("reliability", reliability, |r| (0.0..1.0).contains(&r))?;
        let sem = check_scale("sem", sd * (1.0 - r).sqrt())?;
        Ok(Self {
            sem,
            s_diff: s_diff_of(sem),
            sd: Some(sd),
            reliability: Some(r),
            z: ZCritical::default(),
        })
    }

    /// Parameters from a known standard error of measurement, with z = 1.96.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless `sem` lies in [1e-100, 1e100].
    pub fn from_sem(sem: f64) -> Result<Self, StatsError> {
        let sem = check_scale("sem", sem)?;
        Ok(Self {
            sem,
            s_diff: s_diff_of(sem),
            sd: None,
            reliability: None,
            z: ZCritical::default(),
        })
    }

    /// The same parameters with another critical value (default 1.96).
    #[must_use]
    pub fn with_z(self, z: ZCritical) -> Self {
        Self { z, ..self }
    }

    /// Standard error of measurement, `SD · sqrt(1 − r_xx)`.
    #[must_use]
    pub fn sem(&self) -> f64 {
        self.sem
    }

    /// Standard error of a difference, `sqrt(2 · SEM²)`.
    #[must_use]
    pub fn s_diff(&self) -> f64 {
        self.s_diff
    }

    /// The critical value z.
    #[must_use]
    pub fn z(&self) -> ZCritical {
        self.z
    }

    /// The minimal reliable change in raw points, `z · S_diff`.
    #[doc(alias = "minimal reliable change")]
    #[must_use]
    pub fn threshold(&self) -> f64 {
        self.z.0 * self.s_diff()
    }

    /// The SD the parameters were built from, if any.
    #[must_use]
    pub fn sd(&self) -> Option<f64> {
        self.sd
    }

    /// The reliability the parameters were built from, if any.
    #[must_use]
    pub fn reliability(&self) -> Option<f64> {
        self.reliability
    }

    /// The reliable change index `(post − pre) / S_diff` (raw sign: positive
    /// means the score went up, whatever the polarity).
    #[doc(alias = "RCI")]
    #[must_use]
    pub fn rci(&self, pre: f64, post: f64) -> f64 {
        (post - pre) / self.s_diff()
    }
}

/// `sqrt(2 · SEM²)`, written `SEM · √2` so that it cannot underflow.
fn s_diff_of(sem: f64) -> f64 {
    sem * std::f64::consts::SQRT_2
}

/// SEMs and SDs are kept within ±100 decades, so that no RC can overflow.
fn check_scale(name: &'static str, v: f64) -> Result<f64, StatsError> {
    check_param(name, v, |v| (1e-100..=1e100).contains(&v))
}

/// A population's mean and SD on the scale (a norm group).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Norm {
    mean: f64,
    sd: f64,
}

impl Norm {
    /// A norm group's mean and SD.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless both are finite and `sd > 0`.
    pub fn new(mean: f64, sd: f64) -> Result<Self, StatsError> {
        Ok(Self {
            mean: check_param("norm mean", mean, |_| true)?,
            sd: check_param("norm sd", sd, |v| v > 0.0)?,
        })
    }

    /// The mean.
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// The SD.
    #[must_use]
    pub fn sd(&self) -> f64 {
        self.sd
    }
}

/// Which Jacobson–Truax cut-off a [`Cutoff`] is, or a published one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CutoffKind {
    /// Two clinical SDs from the clinical mean, towards improvement.
    A,
    /// Two functional SDs from the functional mean, towards the clinical side.
    B,
    /// The point equidistant (in SD units) from both means.
    C,
    /// A cut-off declared by the instrument or its authors (SRS 36, ORS 25, …).
    Declared,
}

/// Which cut-off [`ClinicalNorms::cutoff`] should return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum CutoffChoice {
    /// Cut-off a.
    A,
    /// Cut-off b (needs functional norms).
    B,
    /// Cut-off c (needs functional norms).
    C,
    /// As Jacobson & Truax advise: c when the two distributions overlap, b
    /// when they do not, a when there are no functional norms. The
    /// distributions overlap when their mean ± 2 SD ranges meet, i.e. when
    /// b lies on the clinical side of a or at a.
    #[default]
    Auto,
}

/// The three Jacobson–Truax cut-offs for a polarity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cutoffs {
    /// Cut-off a.
    pub a: f64,
    /// Cut-off b, when functional norms are known.
    pub b: Option<f64>,
    /// Cut-off c, when functional norms are known.
    pub c: Option<f64>,
}

/// Clinical norms and, optionally, functional (non-clinical) norms.
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::{ClinicalNorms, CutoffChoice, CutoffKind, Norm};
///
/// // methods reference §5.1: clinical M 22 SD 7.5, functional M 6 SD 5, lower is better
/// let norms = ClinicalNorms::new(Norm::new(22.0, 7.5)?).with_functional(Norm::new(6.0, 5.0)?);
/// let cuts = norms.cutoffs(Polarity::HigherIsWorse);
/// assert_eq!((cuts.a, cuts.b, cuts.c), (7.0, Some(16.0), Some(12.4)));
/// let auto = norms.cutoff(Polarity::HigherIsWorse, CutoffChoice::Auto)?;
/// assert_eq!(auto.kind(), CutoffKind::C);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClinicalNorms {
    clinical: Norm,
    functional: Option<Norm>,
}

impl ClinicalNorms {
    /// Norms of the clinical (dysfunctional) population only: cut-off a.
    #[must_use]
    pub fn new(clinical: Norm) -> Self {
        Self {
            clinical,
            functional: None,
        }
    }

    /// Adds the functional (non-clinical) population's norms: cut-offs b and c.
    #[must_use]
    pub fn with_functional(self, functional: Norm) -> Self {
        Self {
            functional: Some(functional),
            ..self
        }
    }

    /// The clinical norms.
    #[must_use]
    pub fn clinical(&self) -> Norm {
        self.clinical
    }

    /// The functional norms, if known.
    #[must_use]
    pub fn functional(&self) -> Option<Norm> {
        self.functional
    }

    /// Cut-offs a, b and c for the polarity (formulas in the module docs; b
    /// uses the functional SD as Jacobson & Truax and JTRCI do).
    #[must_use]
    pub fn cutoffs(&self, polarity: Polarity) -> Cutoffs {
        // Direction of improvement: −1 when lower is better.
        let toward_better = match polarity {
            Polarity::HigherIsBetter => 1.0,
            Polarity::HigherIsWorse => -1.0,
        };
        let cl = self.clinical;
        let a = cl.mean + toward_better * 2.0 * cl.sd;
        let (b, c) = match self.functional {
            Some(f) => (
                Some(f.mean - toward_better * 2.0 * f.sd),
                Some((cl.sd * f.mean + f.sd * cl.mean) / (cl.sd + f.sd)),
            ),
            None => (None, None),
        };
        Cutoffs { a, b, c }
    }

    /// The chosen cut-off.
    ///
    /// # Errors
    ///
    /// [`StatsError::MissingFunctionalNorms`] when b or c is requested
    /// without functional norms.
    pub fn cutoff(&self, polarity: Polarity, choice: CutoffChoice) -> Result<Cutoff, StatsError> {
        let cuts = self.cutoffs(polarity);
        let pick = |kind, v: Option<f64>, name| {
            v.map(|value| Cutoff { kind, value })
                .ok_or(StatsError::MissingFunctionalNorms { cutoff: name })
        };
        match choice {
            CutoffChoice::A => Ok(Cutoff {
                kind: CutoffKind::A,
                value: cuts.a,
            }),
            CutoffChoice::B => pick(CutoffKind::B, cuts.b, 'b'),
            CutoffChoice::C => pick(CutoffKind::C, cuts.c, 'c'),
            CutoffChoice::Auto => match (cuts.b, cuts.c) {
                (Some(b), Some(c)) => {
                    // b on the clinical side of a (or at a): the ±2 SD ranges meet.
                    let overlap = improvement(polarity, b, cuts.a) >= 0.0;
                    Ok(if overlap {
                        Cutoff {
                            kind: CutoffKind::C,
                            value: c,
                        }
                    } else {
                        Cutoff {
                            kind: CutoffKind::B,
                            value: b,
                        }
                    })
                }
                _ => Ok(Cutoff {
                    kind: CutoffKind::A,
                    value: cuts.a,
                }),
            },
        }
    }
}

/// A cut-off between the clinical and the functional range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cutoff {
    kind: CutoffKind,
    // finite
    value: f64,
}

impl Cutoff {
    /// A cut-off declared by the instrument (SRS 36, ORS 25 for adults, …).
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless `value` is finite.
    pub fn declared(value: f64) -> Result<Self, StatsError> {
        Ok(Self {
            kind: CutoffKind::Declared,
            value: check_param("cut-off", value, |_| true)?,
        })
    }

    /// Which cut-off this is.
    #[must_use]
    pub fn kind(&self) -> CutoffKind {
        self.kind
    }

    /// The cut-off in raw points.
    #[must_use]
    pub fn value(&self) -> f64 {
        self.value
    }

    /// True when `x` lies in the clinical range: strictly on the worse side
    /// of the cut-off (a value at the cut-off is functional).
    #[must_use]
    pub fn is_clinical(&self, x: f64, polarity: Polarity) -> bool {
        improvement(polarity, x, self.value) > 0.0
    }
}

/// Jacobson–Truax category of a change (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ChangeCategory {
    /// Reliable improvement from the clinical into the functional range.
    Recovered,
    /// Reliable improvement without that crossing.
    Improved,
    /// No reliable change (|RC| ≤ z).
    Unchanged,
    /// Reliable deterioration without crossing into the clinical range.
    Deteriorated,
    /// Reliable deterioration from the functional into the clinical range.
    Harmed,
}

/// Reliable change between two sessions of a series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReliableChange {
    /// The earlier (reference) session.
    pub first_session: u32,
    /// The later session.
    pub last_session: u32,
    /// Value at `first_session`.
    pub first: f64,
    /// Value at `last_session`.
    pub last: f64,
    /// `last − first` in raw points.
    pub difference: f64,
    /// RC = `(last − first) / S_diff` (raw sign).
    pub rci: f64,
    /// The category, polarity-aware; without a cut-off only improved,
    /// unchanged and deteriorated occur.
    pub category: ChangeCategory,
}

/// The Jacobson–Truax category of a change from `pre` to `post`.
///
/// Without a cut-off the result is [`ChangeCategory::Improved`],
/// [`ChangeCategory::Unchanged`] or [`ChangeCategory::Deteriorated`].
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::{classify, ChangeCategory, Cutoff, RciParams};
///
/// let rci = RciParams::new(7.5, 0.88)?;          // methods reference §5.1
/// let c = Cutoff::declared(12.4)?;
/// let lower_better = Polarity::HigherIsWorse;
/// assert_eq!(classify(24.0, 12.0, lower_better, &rci, Some(c)), ChangeCategory::Recovered);
/// assert_eq!(classify(24.0, 13.0, lower_better, &rci, Some(c)), ChangeCategory::Improved);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn classify(
    pre: f64,
    post: f64,
    polarity: Polarity,
    rci: &RciParams,
    cutoff: Option<Cutoff>,
) -> ChangeCategory {
    // improvement / S_diff is ±RC exactly, so this agrees with `rci()`.
    let rc_toward_better = improvement(polarity, pre, post) / rci.s_diff();
    let z = rci.z.0;
    let crossed = |from_clinical: bool| {
        cutoff.is_some_and(|c| {
            c.is_clinical(pre, polarity) == from_clinical
                && c.is_clinical(post, polarity) != from_clinical
        })
    };
    if rc_toward_better > z {
        if crossed(true) {
            ChangeCategory::Recovered
        } else {
            ChangeCategory::Improved
        }
    } else if rc_toward_better < -z {
        if crossed(false) {
            ChangeCategory::Harmed
        } else {
            ChangeCategory::Deteriorated
        }
    } else {
        ChangeCategory::Unchanged
    }
}

pub(crate) fn change_between(
    polarity: Polarity,
    (first_session, first): (u32, f64),
    (last_session, last): (u32, f64),
    rci: &RciParams,
    cutoff: Option<Cutoff>,
) -> ReliableChange {
    ReliableChange {
        first_session,
        last_session,
        first,
        last,
        difference: last - first,
        rci: rci.rci(first, last),
        category: classify(first, last, polarity, rci, cutoff),
    }
}

/// Reliable change from the first to the last session of a series.
///
/// # Errors
///
/// [`StatsError::TooFew`] with fewer than two sessions.
pub fn reliable_change(
    series: &Series,
    rci: &RciParams,
    cutoff: Option<Cutoff>,
) -> Result<ReliableChange, StatsError> {
    let (s, v) = (series.sessions(), series.values());
    if s.len() < 2 {
        return Err(StatsError::TooFew {
            what: "sessions",
            needed: 2,
            got: s.len(),
        });
    }
    let last = s.len() - 1;
    Ok(change_between(
        series.polarity(),
        (s[0], v[0]),
        (s[last], v[last]),
        rci,
        cutoff,
    ))
}

/// Reliable change from session `from` to session `to` (any two sessions;
/// `from` is the reference).
///
/// # Errors
///
/// [`StatsError::SessionNotFound`] if either session is not in the series.
pub fn reliable_change_between(
    series: &Series,
    from: u32,
    to: u32,
    rci: &RciParams,
    cutoff: Option<Cutoff>,
) -> Result<ReliableChange, StatsError> {
    let get = |session| {
        series
            .value_at(session)
            .map(|v| (session, v))
            .ok_or(StatsError::SessionNotFound { session })
    };
    Ok(change_between(
        series.polarity(),
        get(from)?,
        get(to)?,
        rci,
        cutoff,
    ))
}
