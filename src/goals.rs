//! Goal Attainment Scaling (Kiresuk & Sherman 1968).
//!
//! Each client-specific goal is rated on five levels, −2 (much less than
//! expected) to +2 (much more than expected), 0 being the expected outcome, and
//! carries a weight (1 when unweighted). The summary T-score is
//!
//! ```text
//! T = 50 + 10 · Σ wᵢxᵢ / √[(1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²]
//! ```
//!
//! with ρ, the assumed correlation between goal scores, 0.3 by default. The
//! design gives T a mean of 50 and an SD of 10; T = 50 when every goal is met
//! at the expected level. This is the formula of the `gasr` R package and of
//! the erratum to Turner-Stokes (2009); do not copy the uncorrected formulas
//! printed on pp. 364 and 367 of that paper.
//!
//! Kiresuk, T. J., & Sherman, R. E. (1968). Goal attainment scaling: A general
//! method for evaluating comprehensive community mental health programs.
//! *Community Mental Health Journal, 4*(6), 443–453. doi:10.1007/BF01530764.
//!
//! ```
//! use bordin::goals::{Goal, t_score};
//! let goals = [Goal::new(1, 1.0), Goal::new(0, 1.0), Goal::new(-1, 1.0)];
//! assert_eq!(t_score(&goals)?, 50.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

pub use crate::error::GoalError;

/// The conventional inter-goal correlation ρ = 0.3.
pub const DEFAULT_RHO: f64 = 0.3;

/// One goal: its attained level and its weight.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Goal {
    /// Attained level, −2..=+2.
    pub level: i32,
    /// Weight (positive); 1 for unweighted scaling.
    pub weight: f64,
}

impl Goal {
    /// A goal at `level` with `weight`. Checked when scored.
    #[must_use]
    pub fn new(level: i32, weight: f64) -> Goal {
        Goal { level, weight }
    }

    /// An unweighted goal (weight 1).
    #[must_use]
    pub fn unweighted(level: i32) -> Goal {
        Goal { level, weight: 1.0 }
    }
}

/// The Kiresuk–Sherman T-score with ρ = 0.3.
///
/// # Errors
///
/// As [`t_score_with_rho`].
pub fn t_score(goals: &[Goal]) -> Result<f64, GoalError> {
    t_score_with_rho(goals, DEFAULT_RHO)
}

/// The Kiresuk–Sherman T-score with a chosen ρ.
///
/// # Errors
///
/// [`GoalError::NoGoals`] for an empty slice, [`GoalError::LevelOutOfRange`]
/// for a level outside −2..=+2, [`GoalError::BadWeight`] for a weight that is
/// not positive and finite, [`GoalError::BadRho`] for ρ outside [0, 1).
pub fn t_score_with_rho(goals: &[Goal], rho: f64) -> Result<f64, GoalError> {
    if !(0.0..1.0).contains(&rho) {
        return Err(GoalError::BadRho { rho });
    }
    if goals.is_empty() {
        return Err(GoalError::NoGoals);
    }
    let mut max_weight = 0.0_f64;
    for (index, g) in goals.iter().enumerate() {
        if !(-2..=2).contains(&g.level) {
            return Err(GoalError::LevelOutOfRange {
                index,
                level: g.level,
            });
        }
        if !(g.weight.is_finite() && g.weight > 0.0) {
            return Err(GoalError::BadWeight {
                index,
                weight: g.weight,
            });
        }
        max_weight = max_weight.max(g.weight);
    }
    // T does not change when every weight is multiplied by the same factor.
    // Dividing by the largest weight keeps Σw² from overflowing (weights near
    // 1e200) or underflowing to 0 (near 1e-200), and makes the denominator at
    // least √(1 − ρ) > 0.
    let (mut swx, mut sw, mut sw2) = (0.0, 0.0, 0.0);
    for g in goals {
        let w = g.weight / max_weight;
        swx += w * f64::from(g.level);
        sw += w;
        sw2 += w * w;
    }
    let denominator = ((1.0 - rho) * sw2 + rho * sw * sw).sqrt();
    Ok(50.0 + 10.0 * swx / denominator)
}
