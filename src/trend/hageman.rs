//! Hageman & Arrindell (1999) individual reliable change and clinical
//! significance: a variant of Jacobson–Truax that corrects for regression to
//! the mean using the sample's pre and post moments.
//!
//! ```text
//! SE     = s_pre · sqrt(1 − r_xx);    r_xx,t = (s_t² − SE²) / s_t²     (t = pre, post)
//! r_DD   = (s₁²·r_xx1 + s₂²·r_xx2 − 2·s₁·s₂·r₁₂) / (s₁² + s₂² − 2·s₁·s₂·r₁₂)
//! RC_ID  = [ (x₂ − x₁)·r_DD + (M₂ − M₁)(1 − r_DD) ] / ( sqrt(r_DD) · sqrt(2·SE²) )   critical 1.65
//! c_true = (s_c·√r_c·M_f + s_f·√r_f·M_c) / (s_c·√r_c + s_f·√r_f)
//! CS_ID  = [ M₂ + (x₂ − M₂)·r_xx2 − c_true ] / ( sqrt(r_xx2) · SE )                  critical ±1.65
//! ```
//!
//! s₁, s₂, M₁, M₂: SD and mean of the sample at pre and post; r₁₂ the
//! pre–post correlation; c / f: clinical / functional norms. The critical
//! value 1.65 is the authors' (one-sided 5 %). This is the clinicalsignificance
//! package's `cs_ha` method. Source: Hageman, W. J., & Arrindell, W. A.
//! (1999), Behav Res Ther 37:1169–1193; methods reference §5.2. Not the
//! default: bordin's reliable change is Jacobson–Truax ([`super::change`]).

use super::change::Norm;
use super::num::check_param;
use crate::StatsError;

/// Sample moments for the Hageman–Arrindell indices.
///
/// # Examples
///
/// ```
/// use bordin::trend::{HagemanArrindell, Norm};
///
/// // methods reference §5.2: pre M 22 SD 7.5, post M 14 SD 8.5, r₁₂ .45, r_xx .88
/// let ha = HagemanArrindell::new(Norm::new(22.0, 7.5)?, Norm::new(14.0, 8.5)?, 0.45, 0.88)?;
/// assert!((ha.r_dd() - 0.8102).abs() < 5e-5);
/// assert!((ha.rc_id(24.0, 12.0) + 3.40).abs() < 5e-3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HagemanArrindell {
    pre: Norm,
    post: Norm,
    // SE = s_pre · sqrt(1 − r_xx) > 0
    se: f64,
    // r_xx,post in (0, 1]
    r_post: f64,
    // r_DD in (0, 1]
    r_dd: f64,
}

impl HagemanArrindell {
    /// The critical value of both indices, 1.65 (Hageman & Arrindell 1999).
    pub const CRITICAL: f64 = 1.65;

    /// Moments of the sample at pre and post, the pre–post correlation and
    /// the scale's reliability.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless `−1 < pre_post_r < 1`,
    /// `0 ≤ reliability < 1`, the post reliability `r_xx2` is positive (SE
    /// smaller than the post SD) and the difference-score reliability `r_DD`
    /// is positive.
    pub fn new(
        pre: Norm,
        post: Norm,
        pre_post_r: f64,
        reliability: f64,
    ) -> Result<Self, StatsError> {
        let r12 = check_param("pre-post correlation", pre_post_r, |r| r > -1.0 && r < 1.0)?;
        let rxx = check_param("reliability", reliability, |r| (0.0..1.0).contains(&r))?;
        let (s1, s2) = (pre.sd(), post.sd());
        let se = s1 * (1.0 - rxx).sqrt();
        let r_pre = (s1 * s1 - se * se) / (s1 * s1);
        let r_post = check_param(
            "post reliability r_xx2",
            (s2 * s2 - se * se) / (s2 * s2),
            |r| r > 0.0,
        )?;
        let cross = 2.0 * s1 * s2 * r12;
        let r_dd = check_param(
            "difference reliability r_DD",
            (s1 * s1 * r_pre + s2 * s2 * r_post - cross) / (s1 * s1 + s2 * s2 - cross),
            |r| r > 0.0,
        )?;
        Ok(Self {
            pre,
            post,
            se,
            r_post,
            r_dd,
        })
    }

    /// SE = `s_pre · sqrt(1 − r_xx)`.
    #[must_use]
    pub fn se(&self) -> f64 {
        self.se
    }

    /// Reliability at post, `r_xx2 = (s₂² − SE²) / s₂²`.
    #[must_use]
    pub fn reliability_post(&self) -> f64 {
        self.r_post
    }

    /// Reliability of the difference scores, `r_DD`.
    #[must_use]
    pub fn r_dd(&self) -> f64 {
        self.r_dd
    }

    /// The individual reliable change index RC_ID for a person from `x1` to
    /// `x2` (raw sign; reliable when |RC_ID| > 1.65).
    #[must_use]
    pub fn rc_id(&self, x1: f64, x2: f64) -> f64 {
        let num = (x2 - x1) * self.r_dd + (self.post.mean() - self.pre.mean()) * (1.0 - self.r_dd);
        num / (self.r_dd.sqrt() * (2.0 * self.se * self.se).sqrt())
    }

    /// The individual clinical significance index CS_ID of a post score
    /// against the true-score cut-off `c_true` ([`true_score_cutoff`]);
    /// beyond ±1.65 the person is reliably on one side of it.
    #[must_use]
    pub fn cs_id(&self, x2: f64, c_true: f64) -> f64 {
        let m2 = self.post.mean();
        (m2 + (x2 - m2) * self.r_post - c_true) / (self.r_post.sqrt() * self.se)
    }
}

/// Hageman & Arrindell's true-score cut-off between the clinical and the
/// functional population, each with its norms and reliability:
///
/// ```text
/// c_true = (s_c·√r_c·M_f + s_f·√r_f·M_c) / (s_c·√r_c + s_f·√r_f)
/// ```
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] unless both reliabilities are in (0, 1].
pub fn true_score_cutoff(
    clinical: Norm,
    clinical_reliability: f64,
    functional: Norm,
    functional_reliability: f64,
) -> Result<f64, StatsError> {
    let ok = |r: f64| r > 0.0 && r <= 1.0;
    let rc = check_param("clinical reliability", clinical_reliability, ok)?;
    let rf = check_param("functional reliability", functional_reliability, ok)?;
    let wc = clinical.sd() * rc.sqrt();
    let wf = functional.sd() * rf.sqrt();
    Ok((wc * functional.mean() + wf * clinical.mean()) / (wc + wf))
}
