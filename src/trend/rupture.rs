//! Alliance rupture–repair detection from session scores.
//!
//! A rupture is a session whose score falls below a reference level by at
//! least k SDs; it is repaired when a later session returns to the
//! pre-rupture level (within a tolerance, optionally within a window):
//!
//! ```text
//! depth_t  = reference_t − x_t                (in the direction of deterioration)
//! rupture  ⇔ depth_t ≥ k · SD
//! repaired at the first later session s with  target − x_s ≤ tolerance
//!   (and s − t ≤ window, when a window is set)
//! reference: the previous observed session's score, or the person's mean of the other sessions
//! SD:        of the successive differences x_{i+1} − x_i, of the person's scores, or given
//! ```
//!
//! While an episode is open (from the rupture until its repair, or until its
//! repair window closes unrepaired), further qualifying sessions belong to it
//! and do not start new episodes, so a decline over several sessions is one
//! episode.
//!
//! Presets (methods reference §7, *secondary source; parametrize*: the
//! original papers' reference point, SD source and repair window are not
//! confirmed, so both presets use the previous session, the SD of successive
//! differences, and repair to the pre-rupture score with no tolerance or
//! window):
//! - [`RuptureCriteria::stiles_2004`]: k = 2 (Stiles et al. 2004, J Couns
//!   Psychol 51:81–92, "ad hoc" 2 SD);
//! - [`RuptureCriteria::strauss_2006`]: k = 1 (Strauss et al. 2006, J Consult
//!   Clin Psychol 74:337–345).
//!
//! Gumz et al. (2012, BMC Med Res Methodol 12:10) show that episode counts
//! depend strongly on these choices and suggest reporting both 1 SD and 2 SD.

use serde::{Deserialize, Serialize};

use super::Series;
use super::num::{check_param, improvement, sample_sd};
use crate::{Polarity, StatsError};

/// What a session's score is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum RuptureReference {
    /// The previous observed session's score (a V-shaped dip). Default.
    #[default]
    PreviousSession,
    /// The mean of the person's other sessions (all sessions but this one).
    PersonMeanOfOthers,
}

/// Where the SD of the k·SD rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum SdSource {
    /// Sample SD (n − 1) of the person's successive differences
    /// `x_{i+1} − x_i` (needs ≥ 3 sessions). Default.
    #[default]
    SuccessiveDifferences,
    /// Sample SD (n − 1) of the person's scores (needs ≥ 2 sessions).
    Scores,
    /// A given SD, such as a sample's between-person SD (> 0).
    Given(f64),
}

/// The level a repair must return to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum RepairTarget {
    /// The level the rupture was measured from: the previous session's score
    /// with [`RuptureReference::PreviousSession`], the mean of the other
    /// sessions with [`RuptureReference::PersonMeanOfOthers`]. Default.
    #[default]
    PreRupture,
    /// The mean of the person's sessions other than the rupture session.
    PersonMean,
}

/// How long after a rupture a repair still counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum RepairWindow {
    /// Until the end of the series. Default.
    #[default]
    Unlimited,
    /// Within this many sessions (by session number) after the rupture.
    Sessions(u32),
}

/// Rupture–repair rule: reference, SD source, k and repair.
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::{ruptures, RuptureCriteria, Series};
///
/// // methods reference §7: 1–7 alliance scores, sessions 1–10
/// let v = [5.2, 5.4, 5.5, 5.6, 4.6, 5.5, 5.7, 5.8, 5.7, 5.9];
/// let s = Series::new(Polarity::HigherIsBetter, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], &v)?;
/// let found = ruptures(&s, &RuptureCriteria::stiles_2004())?;
/// assert!((found.sd - 0.489331).abs() < 1e-6);
/// assert_eq!(found.episodes.len(), 1);
/// assert_eq!((found.episodes[0].session, found.episodes[0].repaired_at), (5, Some(7)));
/// let tolerant = RuptureCriteria::stiles_2004().tolerance(0.1);
/// assert_eq!(ruptures(&s, &tolerant)?.episodes[0].repaired_at, Some(6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuptureCriteria {
    reference: RuptureReference,
    sd_source: SdSource,
    k: f64,
    target: RepairTarget,
    tolerance: f64,
    window: RepairWindow,
}

impl Default for RuptureCriteria {
    /// [`RuptureCriteria::stiles_2004`].
    fn default() -> Self {
        Self::stiles_2004()
    }
}

impl RuptureCriteria {
    /// A rule with threshold `k` SDs and the defaults otherwise: previous
    /// session as reference, SD of successive differences, repair to the
    /// pre-rupture level, tolerance 0, no window.
    #[must_use]
    pub fn new(k: f64) -> Self {
        Self {
            reference: RuptureReference::default(),
            sd_source: SdSource::default(),
            k,
            target: RepairTarget::default(),
            tolerance: 0.0,
            window: RepairWindow::default(),
        }
    }

    /// Preset after Stiles et al. (2004): k = 2 (see the module docs).
    #[must_use]
    pub fn stiles_2004() -> Self {
        Self::new(2.0)
    }

    /// Preset after Strauss et al. (2006): k = 1 (see the module docs).
    #[must_use]
    pub fn strauss_2006() -> Self {
        Self::new(1.0)
    }

    /// Sets the reference (default previous session).
    #[must_use]
    pub fn reference(self, reference: RuptureReference) -> Self {
        Self { reference, ..self }
    }

    /// Sets the SD source (default successive differences).
    #[must_use]
    pub fn sd_source(self, sd_source: SdSource) -> Self {
        Self { sd_source, ..self }
    }

    /// Sets k (> 0).
    #[must_use]
    pub fn k(self, k: f64) -> Self {
        Self { k, ..self }
    }

    /// Sets the repair target (default the pre-rupture level).
    #[must_use]
    pub fn repair_target(self, target: RepairTarget) -> Self {
        Self { target, ..self }
    }

    /// Sets the repair tolerance in raw points (≥ 0, default 0): a session
    /// at most this far below the target counts as repaired.
    #[must_use]
    pub fn tolerance(self, tolerance: f64) -> Self {
        Self { tolerance, ..self }
    }

    /// Sets the repair window (default unlimited).
    #[must_use]
    pub fn window(self, window: RepairWindow) -> Self {
        Self { window, ..self }
    }

    /// The threshold in SD units.
    #[must_use]
    pub fn get_k(&self) -> f64 {
        self.k
    }

    pub(crate) fn validate(&self) -> Result<(), StatsError> {
        check_param("rupture k", self.k, |k| k > 0.0)?;
        check_param("repair tolerance", self.tolerance, |t| t >= 0.0)?;
        if let SdSource::Given(sd) = self.sd_source {
            check_param("rupture sd", sd, |s| s > 0.0)?;
        }
        Ok(())
    }
}

/// One rupture episode.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rupture {
    /// The rupture session.
    pub session: u32,
    /// The reference session (previous session), or `None` for a person-mean
    /// reference.
    pub reference_session: Option<u32>,
    /// The reference level in raw points.
    pub reference: f64,
    /// The score at the rupture session.
    pub value: f64,
    /// Depth below the reference in raw points (positive).
    pub depth: f64,
    /// Depth in SD units (`depth / SD`).
    pub depth_sd: f64,
    /// The level a repair must reach (before tolerance).
    pub repair_target: f64,
    /// The repair session, if repaired.
    pub repaired_at: Option<u32>,
}

/// The episodes found and the SD they were judged with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuptureAnalysis {
    /// The SD of the k·SD rule.
    pub sd: f64,
    /// `k · sd` in raw points.
    pub threshold: f64,
    /// Episodes in session order.
    pub episodes: Vec<Rupture>,
}

fn too_few(needed: usize, got: usize) -> StatsError {
    StatsError::TooFew {
        what: "sessions",
        needed,
        got,
    }
}

/// The SD of the chosen source, or an error when the series cannot support it.
fn rupture_sd(values: &[f64], source: SdSource) -> Result<f64, StatsError> {
    let n = values.len();
    let (sd, what) = match source {
        SdSource::Given(sd) => return Ok(sd),
        SdSource::SuccessiveDifferences => {
            if n < 3 {
                return Err(too_few(3, n));
            }
            let d = values.windows(2).map(|w| w[1] - w[0]);
            (sample_sd(d), "successive differences")
        }
        SdSource::Scores => {
            if n < 2 {
                return Err(too_few(2, n));
            }
            (sample_sd(values.iter().copied()), "scores")
        }
    };
    match sd {
        Some(sd) if sd > 0.0 => Ok(sd),
        _ => Err(StatsError::ZeroVariance {
            what: format!("series ({what})"),
        }),
    }
}

pub(crate) fn detect_into(
    sessions: &[u32],
    values: &[f64],
    polarity: Polarity,
    c: &RuptureCriteria,
    out: &mut Vec<Rupture>,
) -> Result<(f64, f64), StatsError> {
    out.clear();
    let n = values.len();
    if n < 2 {
        return Err(too_few(2, n));
    }
    let sd = rupture_sd(values, c.sd_source)?;
    let threshold = c.k * sd;
    // Person means are pivoted on x_0 so that a shift of the data changes no
    // difference below; without person means raw values are used as they are.
    let uses_mean =
        c.reference == RuptureReference::PersonMeanOfOthers || c.target == RepairTarget::PersonMean;
    let pivot = if uses_mean { values[0] } else { 0.0 };
    let total: f64 = values.iter().map(|&x| x - pivot).sum();
    let mean_of_others = |i: usize| (total - (values[i] - pivot)) / (n - 1) as f64;

    let mut i = match c.reference {
        RuptureReference::PreviousSession => 1,
        RuptureReference::PersonMeanOfOthers => 0,
    };
    while i < n {
        let xi = values[i] - pivot;
        let (reference, reference_session) = match c.reference {
            RuptureReference::PreviousSession => (values[i - 1] - pivot, Some(sessions[i - 1])),
            RuptureReference::PersonMeanOfOthers => (mean_of_others(i), None),
        };
        let depth = improvement(polarity, xi, reference);
        if depth < threshold {
            i += 1;
            continue;
        }
        let target = match c.target {
            RepairTarget::PreRupture => reference,
            RepairTarget::PersonMean => mean_of_others(i),
        };
        let last_session = match c.window {
            RepairWindow::Unlimited => u32::MAX,
            RepairWindow::Sessions(w) => sessions[i].saturating_add(w),
        };
        let mut repaired = None;
        let mut next = n;
        for s in i + 1..n {
            if sessions[s] > last_session {
                next = s;
                break;
            }
            if improvement(polarity, values[s] - pivot, target) <= c.tolerance {
                repaired = Some(s);
                next = s + 1;
                break;
            }
        }
        out.push(Rupture {
            session: sessions[i],
            reference_session,
            reference: pivot + reference,
            value: values[i],
            depth,
            depth_sd: depth / sd,
            repair_target: pivot + target,
            repaired_at: repaired.map(|s| sessions[s]),
        });
        i = next;
    }
    Ok((sd, threshold))
}

/// Rupture episodes of a series.
///
/// # Errors
///
/// - [`StatsError::TooFew`] with fewer than 2 sessions (3 for the SD of
///   successive differences);
/// - [`StatsError::ZeroVariance`] when the chosen SD is zero (a flat series,
///   or a perfectly linear one for successive differences);
/// - [`StatsError::InvalidParameter`] for k ≤ 0, a negative tolerance or a
///   non-positive given SD.
pub fn ruptures(
    series: &Series,
    criteria: &RuptureCriteria,
) -> Result<RuptureAnalysis, StatsError> {
    criteria.validate()?;
    let mut episodes = Vec::new();
    let (sd, threshold) = detect_into(
        series.sessions(),
        series.values(),
        series.polarity(),
        criteria,
        &mut episodes,
    )?;
    Ok(RuptureAnalysis {
        sd,
        threshold,
        episodes,
    })
}
