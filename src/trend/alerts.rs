//! Session-by-session alerts: declared thresholds, reliable deterioration,
//! reliable drops and the ceiling warning.
//!
//! ```text
//! declared:               x_s <op> threshold            (op: <, ≤, >, ≥; e.g. SRS < 36)
//! reliable-deterioration: (x_s − x_first) / S_diff worse than −z   (every later session where it holds)
//! reliable-drop:          deterioration x_{s−1} → x_s ≥ z · S_diff  (previous observed session)
//! ceiling:                share of sessions so far at the scale's end > fraction
//!                         (raised once, at the first session where it holds
//!                          with at least `min_sessions` sessions)
//! ```
//!
//! Declared rules come from the instrument (SRS below 36; ORS below 25 for
//! adults or 32 for children — the caller passes the threshold of the
//! client's age group). OpenFIT and PCOMS sources: methods reference §8.
//! Reliable change: Jacobson & Truax (1991), see [`super::change`].

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Series;
use super::change::RciParams;
use super::num::{check_param, improvement};
use super::summary::ScaleContext;
use crate::{Polarity, StatsError};

/// Rule id of the reliable-deterioration alert.
pub const RULE_RELIABLE_DETERIORATION: &str = "reliable-deterioration";
/// Rule id of the reliable-drop alert.
pub const RULE_RELIABLE_DROP: &str = "reliable-drop";
/// Rule id of the ceiling warning.
pub const RULE_CEILING: &str = "ceiling";

/// The id of an alert rule: declared by the instrument (`srs-below-36`) or
/// built in (the `RULE_*` constants). Serialized as a plain string.
///
/// Ids of up to 23 bytes (all the usual ones) are stored inline, so copying
/// one into every alert allocates nothing and touches no shared counter;
/// longer ids are shared.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RuleId(Repr);

// Canonical: `Inline` exactly when the text fits, bytes after `len` zero, so
// the derived equality and hash compare the text.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Inline(Inline),
    Shared(Arc<str>),
}

const INLINE: usize = 23;

// Aligned so that a copy is three word moves.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C, align(8))]
struct Inline {
    bytes: [u8; INLINE],
    len: u8,
}

impl RuleId {
    /// An id from its text.
    #[must_use]
    pub fn new(id: &str) -> Self {
        let src = id.as_bytes();
        match u8::try_from(src.len()) {
            Ok(len) if src.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..src.len()].copy_from_slice(src);
                Self(Repr::Inline(Inline { bytes, len }))
            }
            _ => Self(Repr::Shared(Arc::from(id))),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(i) => &i.bytes[..usize::from(i.len)],
            Repr::Shared(s) => s.as_bytes(),
        }
    }

    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Always valid: copied whole from a `&str`.
            Repr::Inline(_) => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            Repr::Shared(s) => s,
        }
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RuleId {
    /// The order of the text.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl From<&str> for RuleId {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}

impl From<String> for RuleId {
    fn from(id: String) -> Self {
        Self::new(&id)
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <std::borrow::Cow<'de, str>>::deserialize(deserializer).map(|s| Self::new(&s))
    }
}

/// The rule ids a [`super::Summarizer`] hands out: its own copies, so that
/// summarizers on different threads never share a reference count (for ids
/// too long to be stored inline). Slot `i < declared` is declared rule `i`;
/// then reliable deterioration, reliable drop and ceiling.
#[derive(Debug, Clone)]
pub(crate) struct RuleIds {
    slots: Vec<(RuleId, AlertKind)>,
}

impl RuleIds {
    pub(crate) fn new(ctx: &ScaleContext) -> Self {
        let mut slots: Vec<(RuleId, AlertKind)> = ctx
            .declared_alerts()
            .iter()
            .map(|d| (RuleId::new(d.id.as_str()), AlertKind::Declared))
            .collect();
        slots.push((
            RuleId::new(RULE_RELIABLE_DETERIORATION),
            AlertKind::ReliableDeterioration,
        ));
        slots.push((RuleId::new(RULE_RELIABLE_DROP), AlertKind::ReliableDrop));
        slots.push((RuleId::new(RULE_CEILING), AlertKind::Ceiling));
        Self { slots }
    }

    /// The alerts for raw findings, in one exactly sized vector.
    pub(crate) fn alerts(&self, raw: &[RawAlert]) -> Vec<Alert> {
        raw.iter()
            .map(|r| {
                let (rule, kind) = &self.slots[r.slot];
                Alert {
                    rule: rule.clone(),
                    kind: *kind,
                    session: r.session,
                    value: r.value,
                }
            })
            .collect()
    }
}

/// An alert before its id is attached: the slot of its rule in [`RuleIds`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawAlert {
    slot: usize,
    session: u32,
    value: f64,
}

/// How a declared threshold is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    /// `value < threshold`.
    Below,
    /// `value ≤ threshold`.
    AtMost,
    /// `value > threshold`.
    Above,
    /// `value ≥ threshold`.
    AtLeast,
}

impl Comparison {
    /// True when `value` meets the comparison with `threshold`.
    #[must_use]
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Self::Below => value < threshold,
            Self::AtMost => value <= threshold,
            Self::Above => value > threshold,
            Self::AtLeast => value >= threshold,
        }
    }
}

/// An alert rule declared by the instrument: `value <op> threshold`.
///
/// # Examples
///
/// ```
/// use bordin::trend::{Comparison, DeclaredAlert};
///
/// let srs = DeclaredAlert::new("srs-below-36", Comparison::Below, 36.0)?;
/// assert!(srs.fires(35.9) && !srs.fires(36.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclaredAlert {
    id: RuleId,
    comparison: Comparison,
    // finite
    threshold: f64,
}

impl DeclaredAlert {
    /// A declared rule with its id (reported in each [`Alert`]). Avoid the
    /// built-in ids `reliable-deterioration`, `reliable-drop` and `ceiling`.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless `threshold` is finite.
    pub fn new(
        id: impl Into<RuleId>,
        comparison: Comparison,
        threshold: f64,
    ) -> Result<Self, StatsError> {
        Ok(Self {
            id: id.into(),
            comparison,
            threshold: check_param("alert threshold", threshold, |_| true)?,
        })
    }

    /// The rule id.
    #[must_use]
    pub fn id(&self) -> &RuleId {
        &self.id
    }

    /// The comparison.
    #[must_use]
    pub fn comparison(&self) -> Comparison {
        self.comparison
    }

    /// The threshold.
    #[must_use]
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// True when `value` triggers the rule.
    #[must_use]
    pub fn fires(&self, value: f64) -> bool {
        self.comparison.holds(value, self.threshold)
    }
}

/// Which kind of rule raised an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AlertKind {
    /// A rule declared by the instrument.
    Declared,
    /// Reliable deterioration since the first session.
    ReliableDeterioration,
    /// A drop from the previous session of at least the reliable-change threshold.
    ReliableDrop,
    /// Most sessions at the end of the scale: the measure can no longer show change.
    Ceiling,
}

/// One alert: the rule that fired and the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Alert {
    /// The rule id (declared id or one of the `RULE_*` constants).
    pub rule: RuleId,
    /// The kind of rule.
    pub kind: AlertKind,
    /// The session the alert belongs to.
    pub session: u32,
    /// The score at that session.
    pub value: f64,
}

/// Which end of the scale the ceiling warning watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ScaleEnd {
    /// The best end: the maximum when higher is better, the minimum when
    /// higher is worse (no room left to show improvement). Default.
    #[default]
    Best,
    /// The scale maximum.
    Maximum,
    /// The scale minimum.
    Minimum,
}

/// Parameters of the ceiling warning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CeilingRule {
    end: ScaleEnd,
    fraction: f64,
    min_sessions: usize,
    tolerance: f64,
}

impl Default for CeilingRule {
    /// Best end of the scale; more than half the sessions (`fraction` 0.5);
    /// at least 3 sessions; a session counts when it is at the end exactly
    /// (tolerance 0).
    fn default() -> Self {
        Self {
            end: ScaleEnd::Best,
            fraction: 0.5,
            min_sessions: 3,
            tolerance: 0.0,
        }
    }
}

impl CeilingRule {
    /// Sets the watched end (default the best end).
    #[must_use]
    pub fn end(self, end: ScaleEnd) -> Self {
        Self { end, ..self }
    }

    /// Sets the share of sessions that must be at the end, exclusive, in
    /// [0, 1) (default 0.5: "most sessions").
    #[must_use]
    pub fn fraction(self, fraction: f64) -> Self {
        Self { fraction, ..self }
    }

    /// Sets the minimum number of sessions before the warning can fire
    /// (≥ 1, default 3).
    #[must_use]
    pub fn min_sessions(self, min_sessions: usize) -> Self {
        Self {
            min_sessions,
            ..self
        }
    }

    /// Sets how close to the end (in points, ≥ 0) a value counts as at the end
    /// (default 0).
    #[must_use]
    pub fn tolerance(self, tolerance: f64) -> Self {
        Self { tolerance, ..self }
    }

    pub(crate) fn validate(&self) -> Result<(), StatsError> {
        check_param("ceiling fraction", self.fraction, |f| {
            (0.0..1.0).contains(&f)
        })?;
        check_param("ceiling tolerance", self.tolerance, |t| t >= 0.0)?;
        if self.min_sessions == 0 {
            return Err(StatsError::InvalidParameter {
                name: "ceiling min_sessions",
                value: 0.0,
            });
        }
        Ok(())
    }
}

/// On or off, for built-in rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Toggle {
    /// The rule is applied (when its parameters are known). Default.
    #[default]
    Enabled,
    /// The rule is not applied.
    Disabled,
}

/// Which built-in alert rules apply. Each needs its parameters in the
/// [`ScaleContext`]: reliable-change parameters for the first two, the
/// scale range for the ceiling warning.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AlertRules {
    reliable_deterioration: Toggle,
    reliable_drop: Toggle,
    ceiling: Toggle,
    ceiling_rule: CeilingRule,
}

impl AlertRules {
    /// Sets the reliable-deterioration rule (default enabled).
    #[must_use]
    pub fn reliable_deterioration(self, t: Toggle) -> Self {
        Self {
            reliable_deterioration: t,
            ..self
        }
    }

    /// Sets the reliable-drop rule (default enabled).
    #[must_use]
    pub fn reliable_drop(self, t: Toggle) -> Self {
        Self {
            reliable_drop: t,
            ..self
        }
    }

    /// Sets the ceiling warning (default enabled).
    #[must_use]
    pub fn ceiling(self, t: Toggle) -> Self {
        Self { ceiling: t, ..self }
    }

    /// Sets the ceiling warning's parameters (default [`CeilingRule::default`]).
    #[must_use]
    pub fn ceiling_rule(self, rule: CeilingRule) -> Self {
        Self {
            ceiling_rule: rule,
            ..self
        }
    }

    pub(crate) fn validate(&self) -> Result<(), StatsError> {
        self.ceiling_rule.validate()
    }
}

/// The range of possible scale values (for the ceiling warning).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScaleRange {
    // finite, min < max
    min: f64,
    max: f64,
}

impl ScaleRange {
    /// A range from the scale's minimum to its maximum.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidParameter`] unless both are finite and `min < max`.
    pub fn new(min: f64, max: f64) -> Result<Self, StatsError> {
        let min = check_param("scale min", min, |_| true)?;
        let max = check_param("scale max", max, |m| m > min)?;
        Ok(Self { min, max })
    }

    /// The minimum.
    #[must_use]
    pub fn min(&self) -> f64 {
        self.min
    }

    /// The maximum.
    #[must_use]
    pub fn max(&self) -> f64 {
        self.max
    }
}

/// Appends the alerts of a series to `out` (after clearing it), in session
/// order; within a session: declared rules in declaration order, then
/// reliable deterioration, reliable drop, ceiling.
pub(crate) fn alerts_into(
    sessions: &[u32],
    values: &[f64],
    polarity: Polarity,
    ctx: &ScaleContext,
    out: &mut Vec<RawAlert>,
) {
    out.clear();
    let rules = ctx.builtin_alerts();
    let rci: Option<RciParams> = ctx.rci_params();
    // (S_diff, z): deteriorated when improvement / S_diff < −z, exactly as
    // `classify` decides it.
    let deterioration = rci
        .filter(|_| rules.reliable_deterioration == Toggle::Enabled)
        .map(|p| (p.s_diff(), p.z().value()));
    let drop = rci
        .filter(|_| rules.reliable_drop == Toggle::Enabled)
        .map(|p| p.threshold());
    // (at the maximum?, the bound a value must reach, rule)
    let ceiling = ctx
        .scale_range()
        .filter(|_| rules.ceiling == Toggle::Enabled)
        .map(|range| {
            let r = rules.ceiling_rule;
            let at_max = match r.end {
                ScaleEnd::Maximum => true,
                ScaleEnd::Minimum => false,
                ScaleEnd::Best => polarity == Polarity::HigherIsBetter,
            };
            let bound = if at_max {
                range.max - r.tolerance
            } else {
                range.min + r.tolerance
            };
            (at_max, bound, r)
        });
    let declared = ctx.declared_alerts();
    let n_declared = declared.len();
    let Some(&first) = values.first() else {
        return;
    };
    let mut push = |slot, session, value| {
        out.push(RawAlert {
            slot,
            session,
            value,
        });
    };
    let mut previous = first;
    let mut at_end = 0_usize;
    let mut ceiling_raised = false;
    for (i, (&s, &x)) in sessions.iter().zip(values).enumerate() {
        for (slot, rule) in declared.iter().enumerate() {
            if rule.fires(x) {
                push(slot, s, x);
            }
        }
        if i > 0 {
            if let Some((s_diff, z)) = deterioration
                && improvement(polarity, first, x) / s_diff < -z
            {
                push(n_declared, s, x);
            }
            if let Some(threshold) = drop
                && improvement(polarity, x, previous) >= threshold
            {
                push(n_declared + 1, s, x);
            }
        }
        if let Some((at_max, bound, r)) = ceiling {
            at_end += usize::from(if at_max { x >= bound } else { x <= bound });
            let seen = i + 1;
            if !ceiling_raised && seen >= r.min_sessions && at_end as f64 > r.fraction * seen as f64
            {
                ceiling_raised = true;
                push(n_declared + 2, s, x);
            }
        }
        previous = x;
    }
}

/// The alerts of a series under a scale's rules.
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] for invalid ceiling parameters.
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::{alerts, Comparison, DeclaredAlert, ScaleContext, Series};
///
/// let ctx = ScaleContext::new(Polarity::HigherIsBetter)
///     .alert(DeclaredAlert::new("srs-below-36", Comparison::Below, 36.0)?);
/// let srs = Series::new(Polarity::HigherIsBetter, &[1, 2, 3], &[38.0, 35.5, 37.0])?;
/// let found = alerts(&srs, &ctx)?;
/// assert_eq!((found[0].rule.as_str(), found[0].session), ("srs-below-36", 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn alerts(series: &Series, ctx: &ScaleContext) -> Result<Vec<Alert>, StatsError> {
    ctx.builtin_alerts().validate()?;
    let mut raw = Vec::new();
    alerts_into(
        series.sessions(),
        series.values(),
        series.polarity(),
        ctx,
        &mut raw,
    );
    Ok(RuleIds::new(ctx).alerts(&raw))
}
