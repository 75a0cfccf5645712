//! Change over sessions: reliable change and clinical significance, sudden
//! gains and losses, rupture–repair episodes, slopes and alerts.
//!
//! Everything starts from a [`Series`]: one client's values on one scale,
//! validated on entry (sorted sessions, no duplicates, finite values; gaps
//! allowed), carrying the scale's [`Polarity`](crate::Polarity) so that every method speaks of
//! improvement and deterioration.
//!
//! | question | function | rule and source |
//! |---|---|---|
//! | has the client changed reliably? | [`reliable_change`], [`reliable_change_between`], [`classify`] | Jacobson & Truax (1991), [`change`] |
//! | which cut-off? | [`ClinicalNorms::cutoff`] | a, b, c; automatic choice as J&T advise |
//! | regression-corrected alternative | [`HagemanArrindell`] | RC_ID, CS_ID (Hageman & Arrindell 1999), [`hageman`] |
//! | sudden gains or losses? | [`sudden_gains`], [`sudden_losses`], [`check_interval`] | Tang & DeRubeis (1999), Lutz et al. (2013), [`gains`] |
//! | did the alliance rupture and recover? | [`ruptures`] | presets [`RuptureCriteria::stiles_2004`] (2 SD), [`RuptureCriteria::strauss_2006`] (1 SD), [`rupture`] |
//! | what is the trend? | [`ols_slope`], [`theil_sen`] | OLS with t interval; Theil–Sen, [`slope`] |
//! | anything to flag? | [`alerts()`] | declared thresholds, reliable deterioration / drop, ceiling, [`mod@alerts`] |
//! | all of it for one client | [`summarize`], [`Summarizer`] | serializable [`Summary`] |
//!
//! Thresholds are explicit parameters with named presets and documented
//! defaults, because episode counts change with them. Degenerate input (too
//! few sessions, zero variability) is a [`crate::StatsError`], never a NaN.
//!
//! # Examples
//!
//! One client's Session Rating Scale scores (0–40, higher is better; below
//! 36 signals dissatisfaction), session 5 too incomplete to score:
//!
//! ```
//! use bordin::Polarity;
//! use bordin::trend::{summarize, ChangeCategory, Comparison, Cutoff, DeclaredAlert, RciParams,
//!                     RuptureCriteria, ScaleContext, ScaleRange};
//!
//! let srs = ScaleContext::new(Polarity::HigherIsBetter)
//!     .rci(RciParams::new(4.0, 0.88)?)                  // SD and reliability → RC threshold 3.84
//!     .cutoff(Cutoff::declared(36.0)?)
//!     .alert(DeclaredAlert::new("srs-below-36", Comparison::Below, 36.0)?)
//!     .range(ScaleRange::new(0.0, 40.0)?)
//!     .ruptures(RuptureCriteria::strauss_2006());        // 1 SD rule
//! let client = [(1, Some(37.0)), (2, Some(38.5)), (3, Some(38.0)), (4, Some(31.0)),
//!               (5, None), (6, Some(37.5)), (7, Some(38.5)), (8, Some(39.0))];
//! let summary = summarize("c-017", "total", client, &srs)?;
//!
//! let rc = summary.reliable_change.expect("two or more scored sessions");
//! assert_eq!(rc.category, ChangeCategory::Unchanged);   // 37 → 39: RC 1.02
//! let rupture = summary.ruptures[0];
//! assert_eq!((rupture.session, rupture.repaired_at), (4, Some(7)));
//! let rules: Vec<_> = summary.alerts.iter().map(|a| (a.rule.as_str(), a.session)).collect();
//! assert_eq!(rules, [("srs-below-36", 4), ("reliable-deterioration", 4), ("reliable-drop", 4)]);
//! println!("{}", serde_json::to_string_pretty(&summary)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A 1–7 alliance scale with a rupture and its repair (methods reference §7):
//!
//! ```
//! use bordin::Polarity;
//! use bordin::trend::{summarize, ChangeCategory, Comparison, DeclaredAlert, RciParams,
//!                     ScaleContext, ScaleRange};
//!
//! // A 1–7 alliance scale: higher is better.
//! let ctx = ScaleContext::new(Polarity::HigherIsBetter)
//!     .rci(RciParams::new(0.9, 0.9)?)
//!     .alert(DeclaredAlert::new("low-alliance", Comparison::Below, 4.0)?)
//!     .range(ScaleRange::new(1.0, 7.0)?);
//! let sessions = [5.2, 5.4, 5.5, 5.6, 4.6, 5.5, 5.7, 5.8, 5.7, 5.9];
//! let client = sessions.iter().enumerate().map(|(i, &v)| (i as u32 + 1, v));
//! let summary = summarize("client-7", "total", client, &ctx)?;
//! assert_eq!(summary.ruptures[0].session, 5);
//! assert_eq!(summary.ruptures[0].repaired_at, Some(7));
//! assert_eq!(summary.reliable_change.unwrap().category, ChangeCategory::Unchanged);
//! let json = serde_json::to_string(&summary)?;
//! assert!(json.contains(r#""repaired_at":7"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod alerts;
pub mod change;
pub mod gains;
pub mod hageman;
mod num;
pub mod rupture;
mod series;
pub mod slope;
mod summary;

pub use alerts::{
    Alert, AlertKind, AlertRules, CeilingRule, Comparison, DeclaredAlert, RULE_CEILING,
    RULE_RELIABLE_DETERIORATION, RULE_RELIABLE_DROP, RuleId, ScaleEnd, ScaleRange, Toggle, alerts,
};
pub use change::{
    ChangeCategory, ClinicalNorms, Cutoff, CutoffChoice, CutoffKind, Cutoffs, Norm, RciParams,
    ReliableChange, ZCritical, classify, reliable_change, reliable_change_between,
};
pub use gains::{
    CriterionOutcome, CriticalValue, GainCutoff, IntervalCheck, Pairing, RelativeCriterion,
    Selection, ShiftKind, StabilityCriterion, StabilityTest, SuddenGainCriteria, SuddenShift,
    check_interval, sudden_gains, sudden_losses,
};
pub use hageman::{HagemanArrindell, true_score_cutoff};
pub use rupture::{
    RepairTarget, RepairWindow, Rupture, RuptureAnalysis, RuptureCriteria, RuptureReference,
    SdSource, ruptures,
};
pub use series::{MAX_ABS_VALUE, Observation, Series, SessionDate};
pub use slope::{OlsSlope, TheilSen, ols_slope, theil_sen};
pub use summary::{Part, ScaleContext, SessionValue, Summarizer, Summary, Unavailable, summarize};
