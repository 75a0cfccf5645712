//! Per-client summaries: every trend statistic of one client on one scale in
//! one call, as serializable data.
//!
//! The summary's JSON shape is the one the `bordin trend` command prints:
//! `respondent`, `scale`, `sessions`, `values`, `slope {estimate, lower,
//! upper, …}`, `reliable_change {first, last, rci, category, …}`,
//! `sudden_gains`, `ruptures [{session, depth, repaired_at, …}]` and
//! `alerts [{rule, session, …}]`, plus a few fields a report or chart needs.
//!
//! A statistic that the client's data cannot support (too few sessions, a
//! flat series) does not fail the summary: it is left out (`null` or empty)
//! and listed in `unavailable` with the reason.

use serde::{Deserialize, Serialize};

use super::GainCutoff;
#[cfg(doc)]
use super::Series;
use super::alerts::{
    Alert, AlertRules, DeclaredAlert, RawAlert, RuleIds, ScaleRange, Toggle, alerts_into,
};
use super::change::{Cutoff, RciParams, ReliableChange, change_between};
use super::gains::{self, ResolvedGains, SuddenGainCriteria, SuddenShift};
use super::num::t_critical;
use super::rupture::{self, Rupture, RuptureCriteria};
use super::series::{EntryCheck, Observation, SessionDate};
use super::slope::{OlsSlope, TheilSen, TheilSenScratch, check_level, ols, theil_sen_with};
use crate::{Polarity, StatsError};

/// Half-width, in OLS standard errors, of the band searched first for the
/// Theil–Sen median (a speed setting only; results do not depend on it).
const BAND_SE: f64 = 1.5;

/// One session of a client's scores on a scale; `value: None` marks a
/// session whose score was insufficient (too many missing answers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionValue {
    /// Session number.
    pub session: u32,
    /// Session date, if known.
    pub date: Option<SessionDate>,
    /// The score, or `None` when insufficient.
    pub value: Option<f64>,
}

impl From<(u32, f64)> for SessionValue {
    fn from((session, value): (u32, f64)) -> Self {
        Self {
            session,
            date: None,
            value: Some(value),
        }
    }
}

impl From<(u32, Option<f64>)> for SessionValue {
    fn from((session, value): (u32, Option<f64>)) -> Self {
        Self {
            session,
            date: None,
            value,
        }
    }
}

impl From<Observation> for SessionValue {
    fn from(o: Observation) -> Self {
        Self {
            session: o.session,
            date: o.date,
            value: Some(o.value),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Setting<T> {
    Auto,
    Off,
    On(T),
}

/// Everything about a scale that the trend statistics need, as plain data:
/// polarity, reliable-change parameters, cut-off, declared alerts, scale
/// range and the detection rules.
///
/// Defaults: no reliable-change parameters, cut-off, declared alerts or
/// range; sudden gains by [`SuddenGainCriteria::new`] with the reliable-change
/// threshold as cut-off (when RCI parameters are set); ruptures by
/// [`RuptureCriteria::stiles_2004`]; every built-in alert enabled; a 95 %
/// interval for the slope; the Theil–Sen slope included.
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::{Comparison, Cutoff, DeclaredAlert, RciParams, ScaleContext, ScaleRange};
///
/// // SRS: 0–40, higher is better, below 36 signals dissatisfaction.
/// let srs = ScaleContext::new(Polarity::HigherIsBetter)
///     .rci(RciParams::new(4.0, 0.88)?)
///     .cutoff(Cutoff::declared(36.0)?)
///     .alert(DeclaredAlert::new("srs-below-36", Comparison::Below, 36.0)?)
///     .range(ScaleRange::new(0.0, 40.0)?);
/// assert!(srs.sudden_gain_criteria().is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleContext {
    polarity: Polarity,
    rci: Option<RciParams>,
    cutoff: Option<Cutoff>,
    declared: Vec<DeclaredAlert>,
    range: Option<ScaleRange>,
    gains: Setting<SuddenGainCriteria>,
    ruptures: Setting<RuptureCriteria>,
    alert_rules: AlertRules,
    // in (0, 1), checked when used
    slope_level: f64,
    theil_sen: Toggle,
}

impl ScaleContext {
    /// A context with the scale's polarity and the defaults above.
    #[must_use]
    pub fn new(polarity: Polarity) -> Self {
        Self {
            polarity,
            rci: None,
            cutoff: None,
            declared: Vec::new(),
            range: None,
            gains: Setting::Auto,
            ruptures: Setting::Auto,
            alert_rules: AlertRules::default(),
            slope_level: 0.95,
            theil_sen: Toggle::Enabled,
        }
    }

    /// Sets the reliable-change parameters.
    #[must_use]
    pub fn rci(self, rci: RciParams) -> Self {
        Self {
            rci: Some(rci),
            ..self
        }
    }

    /// Sets the clinical cut-off (declared, or from [`super::ClinicalNorms`]).
    #[must_use]
    pub fn cutoff(self, cutoff: Cutoff) -> Self {
        Self {
            cutoff: Some(cutoff),
            ..self
        }
    }

    /// Adds a declared alert rule.
    #[must_use]
    pub fn alert(mut self, rule: DeclaredAlert) -> Self {
        self.declared.push(rule);
        self
    }

    /// Sets the scale's range (enables the ceiling warning).
    #[must_use]
    pub fn range(self, range: ScaleRange) -> Self {
        Self {
            range: Some(range),
            ..self
        }
    }

    /// Sets the sudden-gain criteria (also used, mirrored, for losses).
    #[must_use]
    pub fn sudden_gains(self, criteria: SuddenGainCriteria) -> Self {
        Self {
            gains: Setting::On(criteria),
            ..self
        }
    }

    /// Turns sudden gain and loss detection off.
    #[must_use]
    pub fn without_sudden_gains(self) -> Self {
        Self {
            gains: Setting::Off,
            ..self
        }
    }

    /// Sets the rupture criteria.
    #[must_use]
    pub fn ruptures(self, criteria: RuptureCriteria) -> Self {
        Self {
            ruptures: Setting::On(criteria),
            ..self
        }
    }

    /// Turns rupture detection off (for outcome scales, say).
    #[must_use]
    pub fn without_ruptures(self) -> Self {
        Self {
            ruptures: Setting::Off,
            ..self
        }
    }

    /// Sets which built-in alerts apply.
    #[must_use]
    pub fn alert_rules(self, rules: AlertRules) -> Self {
        Self {
            alert_rules: rules,
            ..self
        }
    }

    /// Sets the confidence level of the slope interval (default 0.95).
    #[must_use]
    pub fn slope_level(self, level: f64) -> Self {
        Self {
            slope_level: level,
            ..self
        }
    }

    /// Sets whether the summary includes the Theil–Sen slope (default
    /// enabled; it is about half the cost of a 20-session summary, because
    /// it takes the median of all n(n − 1)/2 pairwise slopes).
    #[must_use]
    pub fn theil_sen(self, toggle: Toggle) -> Self {
        Self {
            theil_sen: toggle,
            ..self
        }
    }

    /// The polarity.
    #[must_use]
    pub fn polarity(&self) -> Polarity {
        self.polarity
    }

    /// The reliable-change parameters, if set.
    #[must_use]
    pub fn rci_params(&self) -> Option<RciParams> {
        self.rci
    }

    /// The clinical cut-off, if set.
    #[must_use]
    pub fn clinical_cutoff(&self) -> Option<Cutoff> {
        self.cutoff
    }

    /// The declared alert rules.
    #[must_use]
    pub fn declared_alerts(&self) -> &[DeclaredAlert] {
        &self.declared
    }

    /// The scale range, if set.
    #[must_use]
    pub fn scale_range(&self) -> Option<ScaleRange> {
        self.range
    }

    /// The built-in alert rules.
    #[must_use]
    pub fn builtin_alerts(&self) -> AlertRules {
        self.alert_rules
    }

    /// The sudden-gain criteria in effect: the ones set, or by default
    /// [`SuddenGainCriteria::new`] with the reliable-change threshold as
    /// cut-off when RCI parameters are set; `None` when off.
    #[must_use]
    pub fn sudden_gain_criteria(&self) -> Option<SuddenGainCriteria> {
        match self.gains {
            Setting::On(c) => Some(c),
            Setting::Off => None,
            Setting::Auto => self
                .rci
                .map(|r| SuddenGainCriteria::new(GainCutoff::Reliable(r))),
        }
    }

    /// The rupture criteria in effect (default [`RuptureCriteria::stiles_2004`]);
    /// `None` when off.
    #[must_use]
    pub fn rupture_criteria(&self) -> Option<RuptureCriteria> {
        match self.ruptures {
            Setting::On(c) => Some(c),
            Setting::Off => None,
            Setting::Auto => Some(RuptureCriteria::stiles_2004()),
        }
    }
}

/// A part of the summary that could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Part {
    /// The OLS slope.
    Slope,
    /// The Theil–Sen slope.
    TheilSen,
    /// First-to-last reliable change.
    ReliableChange,
    /// Sudden gains and losses.
    SuddenGains,
    /// Rupture detection.
    Ruptures,
}

/// Why a part of the summary is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Unavailable {
    /// The missing part.
    pub part: Part,
    /// The reason, in words.
    pub reason: String,
}

/// One client's trend on one scale (see the module docs for the JSON shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Respondent id.
    pub respondent: String,
    /// Scale id.
    pub scale: String,
    /// The scale's polarity.
    pub polarity: Polarity,
    /// Every session given, scored or not.
    pub sessions: Vec<u32>,
    /// Values in session order; `null` where the score was insufficient.
    pub values: Vec<Option<f64>>,
    /// Session dates in session order, empty when no session had a date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<Option<SessionDate>>,
    /// OLS slope per session with its interval.
    pub slope: Option<OlsSlope>,
    /// Theil–Sen slope per session.
    pub theil_sen: Option<TheilSen>,
    /// First-to-last reliable change and category.
    pub reliable_change: Option<ReliableChange>,
    /// The minimal reliable change in points (`z · S_diff`), for the chart's band.
    pub rc_threshold: Option<f64>,
    /// The clinical cut-off used, for the chart's line.
    pub cutoff: Option<Cutoff>,
    /// Sudden gains.
    pub sudden_gains: Vec<SuddenShift>,
    /// Sudden losses.
    pub sudden_losses: Vec<SuddenShift>,
    /// Rupture episodes.
    pub ruptures: Vec<Rupture>,
    /// Alerts in session order.
    pub alerts: Vec<Alert>,
    /// Parts that could not be computed, with the reason.
    pub unavailable: Vec<Unavailable>,
}

/// Computes summaries for many clients on one scale, reusing validated
/// parameters, cached quantiles and scratch buffers.
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::{ChangeCategory, RciParams, ScaleContext, Summarizer};
///
/// let ctx = ScaleContext::new(Polarity::HigherIsWorse).rci(RciParams::new(7.5, 0.88)?);
/// let mut summarizer = Summarizer::new(&ctx)?;
/// let client = [(1, Some(24.0)), (2, None), (3, Some(18.0)), (4, Some(13.0))];
/// let summary = summarizer.summarize("c01", "total", client)?;
/// assert_eq!(summary.values, [Some(24.0), None, Some(18.0), Some(13.0)]);
/// let rc = summary.reliable_change.expect("three scored sessions");
/// assert_eq!(rc.category, ChangeCategory::Improved);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Summarizer<'a> {
    ctx: &'a ScaleContext,
    gains: Option<ResolvedGains>,
    ruptures: Option<RuptureCriteria>,
    ids: RuleIds,
    // t_{1−γ/2}(df) for the slope, indexed by df; 0.0 = not yet computed
    t_cache: Vec<f64>,
    // the scored sessions of the current client
    sessions: Vec<u32>,
    values: Vec<f64>,
    // buffers for the Theil–Sen medians
    scratch: TheilSenScratch,
    // alerts of the current client before their ids are attached
    alerts: Vec<RawAlert>,
}

fn note(out: &mut Vec<Unavailable>, part: Part, reason: &dyn std::fmt::Display) {
    out.push(Unavailable {
        part,
        reason: reason.to_string(),
    });
}

impl<'a> Summarizer<'a> {
    /// Validates the context's parameters once.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] for an invalid slope level, sudden
    /// gain, rupture or ceiling parameter.
    pub fn new(ctx: &'a ScaleContext) -> Result<Self, StatsError> {
        check_level(ctx.slope_level)?;
        ctx.alert_rules.validate()?;
        let gains = ctx
            .sudden_gain_criteria()
            .map(|c| c.resolve())
            .transpose()?;
        let ruptures = ctx.rupture_criteria();
        if let Some(r) = &ruptures {
            r.validate()?;
        }
        Ok(Self {
            ctx,
            gains,
            ruptures,
            ids: RuleIds::new(ctx),
            t_cache: Vec::new(),
            sessions: Vec::new(),
            values: Vec::new(),
            scratch: TheilSenScratch::default(),
            alerts: Vec::new(),
        })
    }

    /// The summary of one client: `points` are the client's sessions in
    /// order, each with its score or `None` when insufficient (anything
    /// convertible into [`SessionValue`]: `(u32, f64)`, `(u32, Option<f64>)`,
    /// [`Observation`], so a [`Series`] goes in as `series.observations()`).
    /// The context's polarity applies.
    ///
    /// # Errors
    ///
    /// Input errors only, as for [`Series::from_observations`]:
    /// [`StatsError::UnorderedSessions`], [`StatsError::NonFiniteValue`],
    /// [`StatsError::ValueTooLarge`], [`StatsError::DatesOutOfOrder`].
    pub fn summarize<I>(
        &mut self,
        respondent: &str,
        scale: &str,
        points: I,
    ) -> Result<Summary, StatsError>
    where
        I: IntoIterator,
        I::Item: Into<SessionValue>,
    {
        let iter = points.into_iter();
        let (lower, _) = iter.size_hint();
        let mut all_sessions = Vec::with_capacity(lower);
        let mut all_values = Vec::with_capacity(lower);
        let mut dates = Vec::new();
        self.sessions.clear();
        self.values.clear();
        let mut check = EntryCheck::default();
        for p in iter {
            let p = p.into();
            check.admit(p.session, p.date, p.value)?;
            if p.date.is_some() && !check.dated {
                dates.resize(all_sessions.len(), None);
                check.dated = true;
            }
            if check.dated {
                dates.push(p.date);
            }
            all_sessions.push(p.session);
            all_values.push(p.value);
            if let Some(v) = p.value {
                self.sessions.push(p.session);
                self.values.push(v);
            }
        }
        let mut summary = Summary {
            respondent: respondent.to_owned(),
            scale: scale.to_owned(),
            polarity: self.ctx.polarity,
            sessions: all_sessions,
            values: all_values,
            dates,
            slope: None,
            theil_sen: None,
            reliable_change: None,
            rc_threshold: self.ctx.rci.map(|r| r.threshold()),
            cutoff: self.ctx.cutoff,
            sudden_gains: Vec::new(),
            sudden_losses: Vec::new(),
            ruptures: Vec::new(),
            alerts: Vec::new(),
            unavailable: Vec::new(),
        };
        self.fill(&mut summary);
        Ok(summary)
    }

    fn slope_t(&mut self, df: usize) -> Result<f64, StatsError> {
        if self.t_cache.len() <= df {
            self.t_cache.resize(df + 1, 0.0);
        }
        if self.t_cache[df] == 0.0 {
            self.t_cache[df] = t_critical(1.0 - self.ctx.slope_level, df as f64)?;
        }
        Ok(self.t_cache[df])
    }

    /// Fills the statistics from `self.sessions` / `self.values`.
    fn fill(&mut self, out: &mut Summary) {
        let ctx = self.ctx;
        let polarity = ctx.polarity;
        let (n, level) = (self.values.len(), ctx.slope_level);

        // Slope: the t quantile is looked up before borrowing the buffers.
        let t = if n >= 3 { self.slope_t(n - 2) } else { Ok(0.0) };
        let (sessions, values) = (&self.sessions[..], &self.values[..]);
        match t.and_then(|t| ols(sessions, values, level, |_| Ok(t))) {
            Ok(s) => out.slope = Some(s),
            Err(e) => note(&mut out.unavailable, Part::Slope, &e),
        }
        if ctx.theil_sen == Toggle::Enabled {
            // The Theil–Sen slope is rarely far from the OLS slope: a band of
            // ± BAND_SE standard errors around it lets the median be selected
            // among a few dozen pairwise slopes instead of all of them
            // (with an exact fallback when the median lies outside).
            let band = out.slope.map(|o| {
                (
                    o.estimate - BAND_SE * o.std_error,
                    o.estimate + BAND_SE * o.std_error,
                )
            });
            match theil_sen_with(sessions, values, band, &mut self.scratch) {
                Ok(s) => out.theil_sen = Some(s),
                Err(e) => note(&mut out.unavailable, Part::TheilSen, &e),
            }
        }

        match ctx.rci {
            Some(rci) if n >= 2 => {
                out.reliable_change = Some(change_between(
                    polarity,
                    (sessions[0], values[0]),
                    (sessions[n - 1], values[n - 1]),
                    &rci,
                    ctx.cutoff,
                ));
            }
            Some(_) => note(
                &mut out.unavailable,
                Part::ReliableChange,
                &StatsError::TooFew {
                    what: "sessions",
                    needed: 2,
                    got: n,
                },
            ),
            None => note(
                &mut out.unavailable,
                Part::ReliableChange,
                &"no reliable-change parameters",
            ),
        }

        match &self.gains {
            Some(g) => gains::detect_into(
                sessions,
                values,
                polarity,
                g,
                &mut out.sudden_gains,
                &mut out.sudden_losses,
            ),
            None if matches!(ctx.gains, Setting::Auto) => note(
                &mut out.unavailable,
                Part::SuddenGains,
                &"no cut-off: set reliable-change parameters or sudden-gain criteria",
            ),
            None => {}
        }

        if let Some(r) = &self.ruptures
            && let Err(e) = rupture::detect_into(sessions, values, polarity, r, &mut out.ruptures)
        {
            note(&mut out.unavailable, Part::Ruptures, &e);
        }

        alerts_into(sessions, values, polarity, ctx, &mut self.alerts);
        // One exactly sized allocation instead of the doubling growth.
        out.alerts = self.ids.alerts(&self.alerts);
    }
}

/// The summary of one client on one scale (builds a [`Summarizer`] for one
/// use; reuse a `Summarizer` for many clients).
///
/// # Errors
///
/// As [`Summarizer::new`] and [`Summarizer::summarize`].
pub fn summarize<I>(
    respondent: &str,
    scale: &str,
    points: I,
    ctx: &ScaleContext,
) -> Result<Summary, StatsError>
where
    I: IntoIterator,
    I::Item: Into<SessionValue>,
{
    Summarizer::new(ctx)?.summarize(respondent, scale, points)
}
