//! Standard error of measurement and the reliable-change threshold
//! (Jacobson & Truax 1991).
//!
//! The formulas, citations and departures from psych are documented on
//! [`reliable_change`].

use serde::Serialize;

use super::ConfidenceLevel;
use super::alpha::z_quantile;
use crate::StatsError;

fn check(sd: f64, reliability: f64) -> Result<(), StatsError> {
    if !(sd.is_finite() && sd > 0.0) {
        return Err(StatsError::InvalidParameter {
            name: "sd",
            value: sd,
        });
    }
    if !(0.0..1.0).contains(&reliability) {
        return Err(StatsError::InvalidParameter {
            name: "reliability",
            value: reliability,
        });
    }
    Ok(())
}

/// Standard error of measurement `SEM = sd · √(1 − reliability)`.
///
/// ```
/// // oracle rci.json: SD 7.2, r_xx .88 → SEM 2.494153162899183
/// let sem = bordin::reliability::sem(7.2, 0.88)?;
/// assert!((sem - 2.494153162899183).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] if `sd` is not finite and positive or
/// `reliability` is outside [0, 1) (a reliability of 1 would make every change
/// reliable).
pub fn sem(sd: f64, reliability: f64) -> Result<f64, StatsError> {
    check(sd, reliability)?;
    Ok(sd * (1.0 - reliability).sqrt())
}

/// SEM, standard error of a difference and the reliable-change threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReliableChange {
    /// The SD the computation used.
    pub sd: f64,
    /// The reliability the computation used.
    pub reliability: f64,
    /// Standard error of measurement.
    pub sem: f64,
    /// Standard error of a difference of two scores, √2 · SEM.
    pub s_diff: f64,
    /// Confidence level of the threshold.
    pub level: f64,
    /// The normal quantile z_{1−γ/2} used.
    pub z: f64,
    /// Minimum change in raw points that is reliable: z · S_diff.
    pub threshold: f64,
}

impl ReliableChange {
    /// The reliable change index (RC) of a pre → post change.
    #[must_use]
    pub fn index(&self, pre: f64, post: f64) -> f64 {
        (post - pre) / self.s_diff
    }

    /// The threshold for a fixed critical value, such as Jacobson & Truax's
    /// 1.96.
    #[must_use]
    pub fn threshold_at(&self, z: f64) -> f64 {
        z * self.s_diff
    }
}

/// SEM, S_diff and the reliable-change threshold from an SD and a reliability
/// (Jacobson & Truax 1991).
///
/// ```text
/// SEM       = s · √(1 − r_xx)          s = SD of the scores (pretest or norm group)
/// S_diff    = √(2 · SEM²)              Christensen & Mendoza (1986) correction
/// threshold = z_{1−γ/2} · S_diff       a change larger than this is reliable
/// RC        = (x_post − x_pre) / S_diff
/// ```
///
/// Jacobson & Truax fix z at 1.96; bordin takes z from the normal
/// distribution for the requested level (1.959963984540054 at 95 %), so the
/// threshold differs from the "1.96 · S_diff" of hand calculations by
/// 0.002 %. [`ReliableChange::threshold_at`] gives the threshold for any
/// fixed z, including 1.96.
///
/// References: Jacobson, N. S. & Truax, P. (1991), Journal of Consulting and
/// Clinical Psychology 59:12–19; Christensen, L. & Mendoza, J. L. (1986),
/// Behavior Therapy 17:305–308.
///
/// ```
/// use bordin::reliability::{ConfidenceLevel, reliable_change};
///
/// // oracle rci.json: SD 7.2, r_xx .88
/// let rc = reliable_change(7.2, 0.88, ConfidenceLevel::default())?;
/// assert!((rc.s_diff - 3.527265229607776).abs() < 1e-14);
/// assert!((rc.threshold - 6.913312813951644).abs() < 1e-13);
/// assert!((rc.threshold_at(1.96) - 6.913439850031241).abs() < 1e-13);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`sem`].
pub fn reliable_change(
    sd: f64,
    reliability: f64,
    level: ConfidenceLevel,
) -> Result<ReliableChange, StatsError> {
    let sem = sem(sd, reliability)?;
    let s_diff = (2.0 * sem * sem).sqrt();
    let z = z_quantile(level);
    Ok(ReliableChange {
        sd,
        reliability,
        sem,
        s_diff,
        level: level.get(),
        z,
        threshold: z * s_diff,
    })
}
