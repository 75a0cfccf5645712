//! Scoring: a response to scale scores, bands and flags.
//!
//! A [`Scorer`] compiles an [`Instrument`] once into a positional plan. Each
//! item gets a lookup table from the option chosen to its scored value
//! (recoding and reverse keying folded in); each scale gets the positions of
//! its items. Scoring a row is then a loop over small arrays with no hashing.
//!
//! The order of operations for each item is fixed:
//!
//! ```text
//! chosen option x ─recode─▶ r(x) ─reverse (min + max − r, on the recoded bounds)─▶ scored value
//! ```
//!
//! and for each scale:
//!
//! ```text
//! answered items ─missing-data rule─▶ sum or mean (prorated or substituted) ─transform─▶ value ─▶ band
//! ```
//!
//! # Missing-data rules
//!
//! | rule | scored when | value of a sum | value of a mean |
//! |---|---|---|---|
//! | `complete` | every component answered | Σ x | Σ x / n |
//! | `prorate` | at most `max_missing` missing | mean(answered) × n, marked prorated | mean(answered) |
//! | `substitute-mean` | at most `max_missing` missing | each missing replaced by mean(answered), marked substituted | mean(answered) |
//! | `mean-of-answered` | at least `min_answered` answered | mean(answered) × n | mean(answered) |
//!
//! "Not applicable" counts as missing unless the rule sets
//! `not_applicable_is_missing: false`, in which case it makes the scale
//! unscorable. Prorated values are not rounded; a prorated sum is computed as
//! Σ x × n / answered, one rounding after an exact product, so it is the f64
//! nearest the exact value for integer answers.
//!
//! # Decimal answers
//!
//! On a continuous scale with a resolution (the SRS's 0.1), answers, scored
//! values and item-scale sums are kept on the resolution's decimal grid: a
//! total of 8.6 + 9.7 + 9.9 + 7.8 is 36.0, not the 35.99999999999999 of a
//! plain f64 sum, so a "below 36" rule does not fire on it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use wide::f64x4;

use crate::error::ScoreError;
use crate::instrument::{Components, FlagOn, Instrument, ResponseScaleKind, apply_transform};
use crate::response::{Answer, Response};
use crate::spec::{Aggregation, Condition, MissingRule, Transform};

/// Options for compiling a [`Scorer`]: overrides of the file's choices.
///
/// The default applies everything as the instrument file declares it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreOptions {
    missing: Vec<(String, MissingRule)>,
    aggregation: Option<Aggregation>,
    enable: Vec<String>,
    disable: Vec<String>,
}

impl ScoreOptions {
    /// Replaces the missing-data rule of one scale (for example the strict
    /// alternative to the PHQ-9 proration convention, or a different CBI
    /// client-scale minimum).
    #[must_use]
    pub fn missing(mut self, scale: impl Into<String>, rule: MissingRule) -> Self {
        self.missing.push((scale.into(), rule));
        self
    }

    /// Aggregates every scale by `aggregation` instead of the declared one
    /// (WAI family: the mean metric 1–7 instead of sums). Bands and flags
    /// declared for the other metric are then not applied.
    #[must_use]
    pub fn aggregation(mut self, aggregation: Aggregation) -> Self {
        self.aggregation = Some(aggregation);
        self
    }

    /// Turns on a flag that is off by default (an opt-in convention).
    #[must_use]
    pub fn enable_flag(mut self, flag: impl Into<String>) -> Self {
        self.enable.push(flag.into());
        self
    }

    /// Turns off a flag that is on by default.
    #[must_use]
    pub fn disable_flag(mut self, flag: impl Into<String>) -> Self {
        self.disable.push(flag.into());
        self
    }
}

/// Whether a scale produced a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A value was computed.
    Scored,
    /// Too few answers (or a not-applicable answer the rule does not accept).
    Insufficient,
}

/// The score of one scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ScaleScore {
    /// The scale id.
    pub scale: Arc<str>,
    /// The value, or `None` when the answers are insufficient.
    pub value: Option<f64>,
    /// Scored or insufficient.
    pub status: Status,
    /// How many of the scale's items were answered with a value.
    pub answered: usize,
    /// How many items the scale has (through its sub-scales).
    pub items: usize,
    /// How many components (items, or sub-scales for a total) must be present.
    pub required: usize,
    /// How many items were answered "not applicable".
    pub not_applicable: usize,
    /// Whether missing components were prorated (including mean of answered),
    /// here or in a sub-scale this scale combines (a WAI-SR total summing a
    /// prorated Task score is itself prorated).
    pub prorated: bool,
    /// Whether missing components were replaced by the mean of the answered
    /// ones, here or in a sub-scale this scale combines.
    pub substituted: bool,
    /// The label of the band the value falls in, if the scale has bands.
    pub band: Option<Arc<str>>,
}

/// A flag that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FiredFlag {
    /// The flag id.
    pub id: Arc<str>,
    /// The scale it watches, for a scale rule.
    pub scale: Option<Arc<str>>,
    /// The item it watches, for an item rule.
    pub item: Option<Arc<str>>,
    /// The value that met the condition (the scale value, or the item's chosen option).
    pub value: f64,
}

/// The result of scoring one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Score {
    /// The instrument id.
    pub instrument: Arc<str>,
    /// The version of the definition used.
    pub version: Arc<str>,
    /// The fingerprint of the definition used.
    pub fingerprint: Arc<str>,
    /// The respondent, copied from the response.
    pub respondent: Option<String>,
    /// The session, copied from the response.
    pub session: Option<u32>,
    /// One result per scale, in the instrument's scale order.
    pub scales: Vec<ScaleScore>,
    /// The flags that fired, scale rules first, in the instrument's flag order.
    pub flags: Vec<FiredFlag>,
}

impl Score {
    /// The result for the scale with this id.
    #[must_use]
    pub fn scale(&self, id: &str) -> Option<&ScaleScore> {
        self.scales.iter().find(|s| &*s.scale == id)
    }

    /// The value of the scale with this id, if scored.
    #[must_use]
    pub fn value(&self, id: &str) -> Option<f64> {
        self.scale(id).and_then(|s| s.value)
    }

    /// Whether the flag with this id fired.
    #[must_use]
    pub fn flagged(&self, id: &str) -> bool {
        self.flags.iter().any(|f| &*f.id == id)
    }
}

/// How an item's answers are checked and mapped to scored values.
#[derive(Debug, Clone)]
enum ItemCheck {
    /// Integer points `lo, lo + 1, …`: `table[x − lo]` is the scored value,
    /// NaN where `x − lo` is not a point.
    Ordinal { lo: f64, hi: f64, table: Vec<f64> },
    /// A continuous line.
    Continuous {
        lo: Option<f64>,
        hi: Option<f64>,
        resolution: Option<f64>,
        reverse_sum: Option<f64>,
        // The resolution's grid, when every scored value lies on it (the
        // lower bound and the reverse-keying sum are multiples of the step).
        grid: Option<Grid>,
    },
}

/// The decimal grid `k × step` (k an integer) of a continuous scale with a
/// resolution.
///
/// Answers such as 8.6 are not exact in binary, so a plain f64 sum of grid
/// values can miss the decimal total: 8.6 + 9.7 + 9.9 + 7.8 gives
/// 35.99999999999999, which an SRS "total < 36" rule would flag although the
/// total is 36.0. Scored values and sums of grid values are therefore snapped
/// back to the grid, which yields the f64 nearest the decimal result.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Grid {
    step: f64,
    // 1 / step when that is an integer (0.1 -> 10): `k / per_unit` rounds
    // once, so it is the f64 nearest the decimal k × step.
    per_unit: Option<f64>,
}

impl Grid {
    fn new(step: f64) -> Option<Grid> {
        (step.is_finite() && step > 0.0).then(|| Grid {
            step,
            per_unit: crate::validate::divides(step, 1.0).then(|| (1.0 / step).round()),
        })
    }

    /// The grid point nearest `x`.
    #[inline]
    fn snap(self, x: f64) -> f64 {
        match self.per_unit {
            Some(k) => (x * k).round() / k,
            None => (x / self.step).round() * self.step,
        }
    }
}

#[derive(Debug, Clone)]
struct ItemPlan {
    id: Arc<str>,
    check: ItemCheck,
    na_allowed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Value(f64),
    Missing,
    NotApplicable,
}

impl ItemPlan {
    /// The scored value of a chosen option, or why it is invalid.
    fn score(&self, x: f64) -> Result<f64, ScoreError> {
        let item = || self.id.to_string();
        if !x.is_finite() {
            return Err(ScoreError::NonFinite { item: item() });
        }
        match &self.check {
            ItemCheck::Ordinal { lo, hi, table } => {
                if x < *lo || x > *hi {
                    return Err(ScoreError::OutOfRange {
                        item: item(),
                        value: x,
                        min: *lo,
                        max: *hi,
                    });
                }
                // lo <= x <= hi are small integers, so the i64 round trip is exact
                // (and, unlike `fract`, needs no libm call on baseline x86-64).
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_precision_loss,
                    reason = "x within the ordinal range"
                )]
                let integral = (x as i64) as f64 == x;
                if !integral {
                    return Err(ScoreError::NotAPoint {
                        item: item(),
                        value: x,
                    });
                }
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "lo <= x <= hi, integral"
                )]
                let scored = table[(x - lo) as usize];
                if scored.is_nan() {
                    return Err(ScoreError::NotAPoint {
                        item: item(),
                        value: x,
                    });
                }
                Ok(scored)
            }
            ItemCheck::Continuous {
                lo,
                hi,
                resolution,
                reverse_sum,
                grid,
            } => {
                if lo.is_some_and(|lo| x < lo) || hi.is_some_and(|hi| x > hi) {
                    return Err(ScoreError::OutOfRange {
                        item: item(),
                        value: x,
                        min: lo.unwrap_or(f64::NEG_INFINITY),
                        max: hi.unwrap_or(f64::INFINITY),
                    });
                }
                if let Some(res) = resolution
                    && !crate::validate::divides(*res, x - lo.unwrap_or(0.0))
                {
                    return Err(ScoreError::OffResolution {
                        item: item(),
                        value: x,
                        resolution: *res,
                    });
                }
                let scored = reverse_sum.map_or(x, |s| s - x);
                Ok(grid.map_or(scored, |g| g.snap(scored)))
            }
        }
    }

    /// A valid chosen value as item rules see it: on the scale's grid, when it
    /// has one (8.999999999999 is accepted as 9.0 and is not "below 9").
    fn on_grid(&self, x: f64) -> f64 {
        match self.check {
            ItemCheck::Continuous { grid: Some(g), .. } => g.snap(x),
            _ => x,
        }
    }

    /// The scored value of a valid ordinal answer; `None` for anything else
    /// (a continuous scale, or an invalid answer: see [`ItemPlan::score`]).
    #[inline]
    fn valid_point(&self, x: f64) -> Option<f64> {
        let ItemCheck::Ordinal { lo, hi, table } = &self.check else {
            return None;
        };
        // `x` itself must be an integer: `x − lo` can round a fraction onto
        // one (0.9999999999999999 + 2 is 3.0).
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_precision_loss,
            reason = "an integral x within the ordinal range round-trips"
        )]
        if x >= *lo && x <= *hi && (x as i64) as f64 == x {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "lo <= x <= hi, both integers"
            )]
            let i = (x - lo) as usize;
            return table.get(i).copied().filter(|v| !v.is_nan());
        }
        None
    }

    /// Fast check for the batch path: the scored value, or NaN when invalid.
    #[inline]
    fn score_fast(&self, x: f64) -> f64 {
        match &self.check {
            ItemCheck::Ordinal { lo, table, .. } => {
                let offset = x - lo;
                // NaN and values below `lo` fail `>= 0.0`; a fraction (and ±∞)
                // fails the integer round trip of `x` itself, which `offset`
                // could have rounded onto an integer.
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_precision_loss,
                    reason = "round trip through i64 tests integrality"
                )]
                let integral = (x as i64) as f64 == x;
                if offset >= 0.0 && integral {
                    #[expect(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "checked >= 0"
                    )]
                    let i = offset as usize;
                    if let Some(v) = table.get(i) {
                        return *v;
                    }
                }
                f64::NAN
            }
            ItemCheck::Continuous { .. } => self.score(x).unwrap_or(f64::NAN),
        }
    }
}

#[derive(Debug, Clone)]
enum Parts {
    Items(Vec<usize>),
    Scales(Vec<usize>),
}

#[derive(Debug, Clone)]
struct ScalePlan {
    id: Arc<str>,
    parts: Parts,
    // Leaf items through sub-scales, for the answered count.
    leaves: Vec<usize>,
    aggregation: Aggregation,
    transform: Option<Transform>,
    rule: MissingRule,
    // Components that must be present under `rule` (at least 1), and their count.
    required: usize,
    n: usize,
    bands: Vec<(crate::instrument::Band, Arc<str>)>,
    // The grid shared by every item of an item scale, so that its sum is snapped to it.
    grid: Option<Grid>,
}

impl ScalePlan {
    /// A sum of grid values, snapped back to the grid (see [`Grid`]).
    #[inline]
    fn snap(&self, sum: f64) -> f64 {
        self.grid.map_or(sum, |g| g.snap(sum))
    }
}

#[derive(Debug, Clone)]
struct FlagPlan {
    id: Arc<str>,
    on: FlagOn,
    target: Arc<str>,
    when: Condition,
}

/// A compiled scoring plan for one instrument.
///
/// ```
/// use bordin::{Catalog, Response, Scorer};
/// let wai = Catalog::builtin().get("wai-sr").expect("built in");
/// let scorer = Scorer::new(wai);
/// let response = Response::new("wai-sr").with_values(&[5., 4., 3., 2., 1., 5., 4., 3., 2., 1., 5., 4.]);
/// let score = scorer.score(&response)?;
/// assert_eq!(score.value("total"), Some(39.0));
/// assert_eq!(score.value("task"), Some(14.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scorer {
    instrument: Arc<str>,
    version: Arc<str>,
    fingerprint: Arc<str>,
    items: Vec<ItemPlan>,
    // (item id, position), sorted by id, for the response path.
    by_id: Vec<(Arc<str>, usize)>,
    scales: Vec<ScalePlan>,
    scale_flags: Vec<FlagPlan>,
    item_flags: Vec<FlagPlan>,
    // Present when every item is ordinal and "not applicable" cannot occur in a batch.
    fast: Option<FastPlan>,
}

/// Scratch for one row: the outcome of each item and each scale.
const STACK_ITEMS: usize = 64;

impl Scorer {
    /// Compiles the instrument as declared.
    #[must_use]
    pub fn new(instrument: &Instrument) -> Scorer {
        Self::compile(instrument, &ScoreOptions::default())
    }

    /// Compiles the instrument with overrides.
    ///
    /// # Errors
    ///
    /// [`ScoreError::UnknownScale`] or [`ScoreError::UnknownFlag`] when an
    /// option names something the instrument lacks, and
    /// [`ScoreError::RuleAllowsNothing`] for a missing-data rule that would
    /// let every component be missing.
    pub fn with_options(
        instrument: &Instrument,
        options: &ScoreOptions,
    ) -> Result<Scorer, ScoreError> {
        for (scale, rule) in &options.missing {
            let Some(s) = instrument.scale(scale) else {
                return Err(ScoreError::UnknownScale {
                    scale: scale.clone(),
                });
            };
            let n = s.components().len();
            if crate::validate::permits_all_missing(*rule, n) {
                return Err(ScoreError::RuleAllowsNothing {
                    scale: scale.clone(),
                });
            }
        }
        for flag in options.enable.iter().chain(&options.disable) {
            if !instrument.flags().iter().any(|f| f.id() == flag.as_str()) {
                return Err(ScoreError::UnknownFlag { flag: flag.clone() });
            }
        }
        Ok(Self::compile(instrument, options))
    }

    fn compile(inst: &Instrument, options: &ScoreOptions) -> Scorer {
        let items: Vec<ItemPlan> = inst
            .items()
            .iter()
            .map(|item| {
                let rs = item.response_scale();
                let check = match rs.kind() {
                    ResponseScaleKind::Ordinal { values, .. } => {
                        let lo = values.first().copied().unwrap_or(0.0);
                        let hi = values.last().copied().unwrap_or(0.0);
                        #[expect(
                            clippy::cast_possible_truncation,
                            clippy::cast_sign_loss,
                            reason = "validated integer points"
                        )]
                        let len = (hi - lo) as usize + 1;
                        let mut table = vec![f64::NAN; len];
                        for &v in values {
                            #[expect(
                                clippy::cast_possible_truncation,
                                clippy::cast_sign_loss,
                                reason = "validated integer points"
                            )]
                            let i = (v - lo) as usize;
                            table[i] = item.scored_value(v);
                        }
                        ItemCheck::Ordinal { lo, hi, table }
                    }
                    ResponseScaleKind::Continuous {
                        min,
                        max,
                        resolution,
                    } => {
                        let reverse_sum = if item.is_reversed() {
                            item.scored_bounds().map(|(a, b)| a + b)
                        } else {
                            None
                        };
                        let on_grid = |step: f64, x: f64| crate::validate::divides(step, x);
                        let grid = resolution.and_then(Grid::new).filter(|g| {
                            on_grid(g.step, min.unwrap_or(0.0))
                                && reverse_sum.is_none_or(|s| on_grid(g.step, s))
                        });
                        ItemCheck::Continuous {
                            lo: *min,
                            hi: *max,
                            resolution: *resolution,
                            reverse_sum,
                            grid,
                        }
                    }
                };
                ItemPlan {
                    id: Arc::from(item.id().as_str()),
                    check,
                    na_allowed: rs.not_applicable().is_some(),
                }
            })
            .collect();
        let mut by_id: Vec<(Arc<str>, usize)> = items
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        by_id.sort_by(|a, b| a.0.cmp(&b.0));

        let scales: Vec<ScalePlan> = inst
            .scales()
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let rule = options
                    .missing
                    .iter()
                    .rev()
                    .find(|(id, _)| s.id() == id.as_str())
                    .map_or(s.missing_rule(), |(_, r)| *r);
                let aggregation = options.aggregation.unwrap_or(s.aggregation());
                let metric_changed = aggregation != s.aggregation();
                let n = s.components().len();
                let grid = match s.components() {
                    Components::Items(v) => {
                        let grid_of = |i: &usize| match items[*i].check {
                            ItemCheck::Continuous { grid, .. } => grid,
                            ItemCheck::Ordinal { .. } => None,
                        };
                        let first = v.first().and_then(grid_of);
                        first.filter(|g| v.iter().all(|i| grid_of(i) == Some(*g)))
                    }
                    Components::Scales(_) => None,
                };
                ScalePlan {
                    required: required(rule, n).max(1),
                    n,
                    id: Arc::from(s.id().as_str()),
                    parts: match s.components() {
                        Components::Items(v) => Parts::Items(v.clone()),
                        Components::Scales(v) => Parts::Scales(v.clone()),
                    },
                    leaves: inst.scale_item_indices(i),
                    aggregation,
                    transform: s.transform(),
                    rule,
                    bands: if metric_changed {
                        Vec::new()
                    } else {
                        s.bands()
                            .iter()
                            .map(|b| (b.clone(), Arc::from(b.label.as_str())))
                            .collect()
                    },
                    grid,
                }
            })
            .collect();

        let metric_changed = |scale: usize| {
            options.aggregation.is_some_and(|a| {
                inst.scales()
                    .get(scale)
                    .is_some_and(|s| s.aggregation() != a)
            })
        };
        let mut scale_flags = Vec::new();
        let mut item_flags = Vec::new();
        for f in inst.flags() {
            let on = f.enabled_by_default()
                && !options.disable.iter().any(|d| f.id() == d.as_str())
                || options.enable.iter().any(|e| f.id() == e.as_str());
            if !on {
                continue;
            }
            match f.on() {
                FlagOn::Scale(s) if !metric_changed(s) => scale_flags.push(FlagPlan {
                    id: Arc::from(f.id().as_str()),
                    on: f.on(),
                    target: scales[s].id.clone(),
                    when: f.condition(),
                }),
                FlagOn::Item(i) => item_flags.push(FlagPlan {
                    id: Arc::from(f.id().as_str()),
                    on: f.on(),
                    target: items[i].id.clone(),
                    when: f.condition(),
                }),
                FlagOn::Scale(_) => {}
            }
        }

        let fast = fast_plan(&items, &scales);
        Scorer {
            fast,
            instrument: Arc::from(inst.id().as_str()),
            version: Arc::from(inst.version()),
            fingerprint: Arc::from(inst.fingerprint()),
            items,
            by_id,
            scales,
            scale_flags,
            item_flags,
        }
    }

    /// The instrument id.
    #[must_use]
    pub fn instrument(&self) -> &str {
        &self.instrument
    }

    /// Number of items (columns of a batch row).
    #[must_use]
    pub fn n_items(&self) -> usize {
        self.items.len()
    }

    /// Number of scales (columns of a batch output row).
    #[must_use]
    pub fn n_scales(&self) -> usize {
        self.scales.len()
    }

    /// Scale ids in output order.
    pub fn scale_ids(&self) -> impl Iterator<Item = &str> {
        self.scales.iter().map(|s| &*s.id)
    }

    /// Item ids in input order.
    pub fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|i| &*i.id)
    }

    /// Scores one response.
    ///
    /// # Errors
    ///
    /// [`ScoreError::WrongInstrument`] for a response to another instrument,
    /// and for the first answer that cannot be accepted:
    /// [`ScoreError::UnknownItem`], [`ScoreError::NonFinite`],
    /// [`ScoreError::OutOfRange`], [`ScoreError::NotAPoint`],
    /// [`ScoreError::OffResolution`], [`ScoreError::NotApplicableNotAllowed`].
    pub fn score(&self, response: &Response) -> Result<Score, ScoreError> {
        if response.instrument != *self.instrument {
            return Err(ScoreError::WrongInstrument {
                expected: self.instrument.to_string(),
                found: response.instrument.clone(),
            });
        }
        self.score_with(
            |cells, raw| {
                for (id, answer) in &response.answers {
                    let Some(i) = self.position(id) else {
                        return Err(ScoreError::UnknownItem { item: id.clone() });
                    };
                    self.accept(i, *answer, cells, raw)?;
                }
                Ok(())
            },
            response.respondent.clone(),
            response.session,
        )
    }

    /// Scores answers given by position, in the instrument's item order
    /// ([`Scorer::item_ids`]): the fast path for tabular input, with no item
    /// id lookups.
    ///
    /// # Errors
    ///
    /// [`ScoreError::Shape`] when `answers` does not have one answer per item,
    /// and the answer errors of [`Scorer::score`].
    pub fn score_answers(
        &self,
        answers: &[Answer],
        respondent: Option<&str>,
        session: Option<u32>,
    ) -> Result<Score, ScoreError> {
        if answers.len() != self.items.len() {
            return Err(ScoreError::Shape {
                what: "answers",
                expected: self.items.len(),
                got: answers.len(),
            });
        }
        self.score_with(
            |cells, raw| {
                for (i, answer) in answers.iter().enumerate() {
                    self.accept(i, *answer, cells, raw)?;
                }
                Ok(())
            },
            respondent.map(str::to_owned),
            session,
        )
    }

    /// The position of an item id. Published item numbers ("1", "2", …, the
    /// usual case) are found by parsing; other ids by binary search.
    fn position(&self, id: &str) -> Option<usize> {
        let bytes = id.as_bytes();
        if (1..=4).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_digit) {
            let k = bytes
                .iter()
                .fold(0usize, |k, d| k * 10 + usize::from(d - b'0'));
            if let Some(item) = k.checked_sub(1).and_then(|i| self.items.get(i))
                && *item.id == *id
            {
                return Some(k - 1);
            }
        }
        self.by_id
            .binary_search_by(|(k, _)| (**k).cmp(id))
            .ok()
            .map(|pos| self.by_id[pos].1)
    }

    /// Checks one answer and records it in the row's cells.
    fn accept(
        &self,
        i: usize,
        answer: Answer,
        cells: &mut [Outcome],
        raw: &mut [f64],
    ) -> Result<(), ScoreError> {
        let plan = &self.items[i];
        cells[i] = match answer {
            Answer::Value(x) => {
                // The common case without building an error; `score` says why otherwise.
                let scored = match plan.valid_point(x) {
                    Some(v) => v,
                    None => plan.score(x)?,
                };
                raw[i] = plan.on_grid(x);
                Outcome::Value(scored)
            }
            Answer::Missing => Outcome::Missing,
            Answer::NotApplicable if plan.na_allowed => Outcome::NotApplicable,
            Answer::NotApplicable => {
                return Err(ScoreError::NotApplicableNotAllowed {
                    item: plan.id.to_string(),
                });
            }
        };
        Ok(())
    }

    /// Fills a row's cells with `fill`, then computes scales, bands and flags.
    fn score_with(
        &self,
        fill: impl FnOnce(&mut [Outcome], &mut [f64]) -> Result<(), ScoreError>,
        respondent: Option<String>,
        session: Option<u32>,
    ) -> Result<Score, ScoreError> {
        let n = self.items.len();
        let mut stack = [Outcome::Missing; STACK_ITEMS];
        let mut heap = Vec::new();
        let cells: &mut [Outcome] = if n <= STACK_ITEMS {
            &mut stack[..n]
        } else {
            heap.resize(n, Outcome::Missing);
            &mut heap
        };
        let mut raw_stack = [f64::NAN; STACK_ITEMS];
        let mut raw_heap = Vec::new();
        let raw: &mut [f64] = if n <= STACK_ITEMS {
            &mut raw_stack[..n]
        } else {
            raw_heap.resize(n, f64::NAN);
            &mut raw_heap
        };
        fill(cells, raw)?;
        let mut results: Vec<ScaleScore> = Vec::with_capacity(self.scales.len());
        for plan in &self.scales {
            let r = Self::scale_result(plan, cells, &results);
            results.push(r);
        }
        let mut flags = Vec::new();
        for f in &self.scale_flags {
            if let FlagOn::Scale(s) = f.on
                && let Some(v) = results[s].value
                && f.when.holds(v)
            {
                flags.push(FiredFlag {
                    id: f.id.clone(),
                    scale: Some(f.target.clone()),
                    item: None,
                    value: v,
                });
            }
        }
        for f in &self.item_flags {
            if let FlagOn::Item(i) = f.on
                && !raw[i].is_nan()
                && f.when.holds(raw[i])
            {
                flags.push(FiredFlag {
                    id: f.id.clone(),
                    scale: None,
                    item: Some(f.target.clone()),
                    value: raw[i],
                });
            }
        }
        Ok(Score {
            instrument: self.instrument.clone(),
            version: self.version.clone(),
            fingerprint: self.fingerprint.clone(),
            respondent,
            session,
            scales: results,
            flags,
        })
    }

    fn scale_result(plan: &ScalePlan, cells: &[Outcome], done: &[ScaleScore]) -> ScaleScore {
        let answered = plan
            .leaves
            .iter()
            .filter(|&&i| matches!(cells[i], Outcome::Value(_)))
            .count();
        let not_applicable = plan
            .leaves
            .iter()
            .filter(|&&i| cells[i] == Outcome::NotApplicable)
            .count();
        // A total over sub-scales rests on their proration or substitution.
        let (mut prorated_parts, mut substituted_parts) = (false, false);
        let (n, sum, present, na) = match &plan.parts {
            Parts::Items(idx) => {
                let (mut sum, mut present, mut na) = (0.0, 0, 0);
                for &i in idx {
                    match cells[i] {
                        Outcome::Value(v) => {
                            sum += v;
                            present += 1;
                        }
                        Outcome::NotApplicable => na += 1,
                        Outcome::Missing => {}
                    }
                }
                (idx.len(), plan.snap(sum), present, na)
            }
            Parts::Scales(idx) => {
                let (mut sum, mut present) = (0.0, 0);
                for &s in idx {
                    if let Some(v) = done[s].value {
                        sum += v;
                        present += 1;
                        prorated_parts |= done[s].prorated;
                        substituted_parts |= done[s].substituted;
                    }
                }
                (idx.len(), sum, present, 0)
            }
        };
        let agg = aggregate(plan.aggregation, plan.rule, n, sum, present, na);
        let value = agg
            .value
            .map(|v| plan.transform.map_or(v, |t| apply_transform(t, v)));
        let band = value.and_then(|v| {
            plan.bands
                .iter()
                .find(|(b, _)| b.contains(v))
                .map(|(_, l)| l.clone())
        });
        ScaleScore {
            scale: plan.id.clone(),
            value,
            status: if value.is_some() {
                Status::Scored
            } else {
                Status::Insufficient
            },
            answered,
            items: plan.leaves.len(),
            required: required(plan.rule, n),
            not_applicable,
            prorated: agg.prorated || (value.is_some() && prorated_parts),
            substituted: agg.substituted || (value.is_some() && substituted_parts),
            band,
        }
    }

    /// The scored values (recoded, then reverse-keyed) of the items a scale
    /// rests on, in form order; `None` for a missing or not-applicable answer.
    ///
    /// This is the input of the reliability statistics for one scale: see
    /// [`Scorer::item_matrix`].
    ///
    /// # Errors
    ///
    /// [`ScoreError::UnknownScale`] for a scale the instrument lacks, and the
    /// errors of [`Scorer::score`] for the response.
    pub fn scored_items(
        &self,
        response: &Response,
        scale: &str,
    ) -> Result<Vec<Option<f64>>, ScoreError> {
        let Some(plan) = self.scales.iter().find(|s| &*s.id == scale) else {
            return Err(ScoreError::UnknownScale {
                scale: scale.to_owned(),
            });
        };
        if response.instrument != *self.instrument {
            return Err(ScoreError::WrongInstrument {
                expected: self.instrument.to_string(),
                found: response.instrument.clone(),
            });
        }
        let mut values = Vec::with_capacity(plan.leaves.len());
        for (id, answer) in &response.answers {
            let Some(i) = self.position(id) else {
                return Err(ScoreError::UnknownItem { item: id.clone() });
            };
            let item = &self.items[i];
            match *answer {
                Answer::Value(x) => {
                    item.score(x)?;
                }
                Answer::NotApplicable if !item.na_allowed => {
                    return Err(ScoreError::NotApplicableNotAllowed {
                        item: item.id.to_string(),
                    });
                }
                Answer::NotApplicable | Answer::Missing => {}
            }
        }
        for &i in &plan.leaves {
            let item = &self.items[i];
            values.push(match response.answers.get(&*item.id) {
                Some(Answer::Value(x)) => Some(item.score(*x)?),
                _ => None,
            });
        }
        Ok(values)
    }

    /// The ids of the items a scale rests on, in form order (the columns of
    /// [`Scorer::scored_items`] and [`Scorer::item_matrix`]).
    ///
    /// # Errors
    ///
    /// [`ScoreError::UnknownScale`] for a scale the instrument lacks.
    pub fn scale_item_ids(&self, scale: &str) -> Result<Vec<&str>, ScoreError> {
        let Some(plan) = self.scales.iter().find(|s| &*s.id == scale) else {
            return Err(ScoreError::UnknownScale {
                scale: scale.to_owned(),
            });
        };
        Ok(plan.leaves.iter().map(|&i| &*self.items[i].id).collect())
    }

    /// An [`ItemMatrix`](crate::reliability::ItemMatrix) of the scored items
    /// of one scale over a batch of responses (after reverse keying and
    /// recoding), with the item ids as column names; missing and
    /// not-applicable answers are missing cells.
    ///
    /// ```
    /// use bordin::{Catalog, Response, Scorer};
    /// use bordin::reliability::{alpha, AlphaOptions};
    /// let wai = Catalog::builtin().get("wai-sr").expect("built in");
    /// let scorer = Scorer::new(wai);
    /// // The 10 × 4 example data of methods.md §1, as the four Task items.
    /// let x = [[4., 5., 4., 4.], [3., 3., 2., 3.], [5., 5., 4., 5.], [2., 3., 3., 2.], [4., 4., 5., 4.],
    ///          [3., 2., 3., 3.], [5., 4., 5., 5.], [1., 2., 1., 2.], [4., 4., 3., 4.], [2., 1., 2., 2.]];
    /// let responses: Vec<Response> = x
    ///     .iter()
    ///     .map(|v| Response::new("wai-sr").answer("1", v[0]).answer("2", v[1]).answer("10", v[2]).answer("12", v[3]))
    ///     .collect();
    /// let task = scorer.item_matrix("task", &responses)?;
    /// let a = alpha(&task, AlphaOptions::default())?;
    /// // α = 4/3 · (1 − 6.688889 / 23.288889) = 0.950382 (methods.md §1).
    /// assert!((a.raw_alpha - 0.950382).abs() < 1e-6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Score`](crate::Error::Score) for a response that cannot be
    /// scored (with its position as [`ScoreError::InRow`]) or an unknown scale;
    /// [`Error::Stats`](crate::Error::Stats) when the matrix cannot be built.
    pub fn item_matrix(
        &self,
        scale: &str,
        responses: &[Response],
    ) -> Result<crate::reliability::ItemMatrix, crate::Error> {
        let names = self
            .scale_item_ids(scale)?
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        let mut rows = Vec::with_capacity(responses.len());
        for (row, r) in responses.iter().enumerate() {
            let values = self.scored_items(r, scale).map_err(|e| ScoreError::InRow {
                row,
                source: Box::new(e),
            })?;
            rows.push(values);
        }
        Ok(crate::reliability::ItemMatrix::from_rows(&rows)?.with_names(names)?)
    }

    /// Scores a batch of rows into `out`.
    ///
    /// `data` is row-major, `rows × n_items()` values in the instrument's item
    /// order; NaN means missing ("not applicable" cannot be expressed here:
    /// use [`Scorer::score`] for such responses). `out` receives
    /// `rows × n_scales()` values in [`Scorer::scale_ids`] order, NaN where the
    /// answers are insufficient. Flags and bands are not computed here.
    ///
    /// # Errors
    ///
    /// [`ScoreError::Shape`] when `data` is not a whole number of rows or
    /// `out` does not fit, and [`ScoreError::InRow`] for the first row with an
    /// invalid value (infinite, out of range, not a point, off resolution).
    pub fn score_batch(&self, data: &[f64], out: &mut [f64]) -> Result<(), ScoreError> {
        let k = self.items.len();
        let s = self.scales.len();
        if k == 0 || !data.len().is_multiple_of(k) {
            return Err(ScoreError::Shape {
                what: "data",
                expected: k,
                got: data.len(),
            });
        }
        let rows = data.len() / k;
        if out.len() != rows * s {
            return Err(ScoreError::Shape {
                what: "out",
                expected: rows * s,
                got: out.len(),
            });
        }
        if s == 0 {
            // Nothing to score; the answers are still checked.
            return match data
                .chunks_exact(k)
                .position(|row| self.first_invalid(row).is_some())
            {
                Some(r) => Err(self.row_error(&data[r * k..(r + 1) * k], r)),
                None => Ok(()),
            };
        }
        // Large batches are shared among the available cores in parts of
        // `PART_ROWS` rows, each worker taking the next free part, so that a
        // core slowed by other work takes fewer parts. Parts are independent;
        // the first failing row (lowest index) is reported.
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(8);
        if threads < 2 || rows < PARALLEL_ROWS {
            return self.batch_rows(data, out, 0);
        }
        let parts = std::sync::Mutex::new(
            data.chunks(PART_ROWS * k)
                .zip(out.chunks_mut(PART_ROWS * s))
                .enumerate(),
        );
        // Parts leave the queue in order, so once part p failed no later part
        // can hold the first error: workers stop taking parts.
        let failed = std::sync::atomic::AtomicBool::new(false);
        let work = || {
            let mut first: Option<ScoreError> = None;
            // A poisoned lock means another worker panicked; the scope below
            // re-raises that panic, so this worker just stops.
            while let Some((p, (d, o))) = parts.lock().ok().and_then(|mut it| it.next()) {
                if failed.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                if let Err(e) = self.batch_rows(d, o, p * PART_ROWS) {
                    failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    first = Some(match first {
                        Some(f) if row_of(&f) <= row_of(&e) => f,
                        _ => e,
                    });
                }
            }
            first
        };
        std::thread::scope(|scope| {
            let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            let mut first = work();
            for h in helpers {
                let e = h
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
                if let Some(e) = e
                    && first.as_ref().is_none_or(|f| row_of(&e) < row_of(f))
                {
                    first = Some(e);
                }
            }
            first.map_or(Ok(()), Err)
        })
    }

    /// The batch kernel over whole rows; `first_row` numbers errors.
    fn batch_rows(
        &self,
        data: &[f64],
        out: &mut [f64],
        first_row: usize,
    ) -> Result<(), ScoreError> {
        if let Some(fast) = &self.fast {
            return self.fast_rows(fast, data, out, first_row);
        }
        let k = self.items.len();
        let s = self.scales.len();
        let mut stack = [0.0; STACK_ITEMS];
        let mut heap = Vec::new();
        let scored: &mut [f64] = if k <= STACK_ITEMS {
            &mut stack[..k]
        } else {
            heap.resize(k, 0.0);
            &mut heap
        };
        for (r, (row, out_row)) in data
            .chunks_exact(k)
            .zip(out.chunks_exact_mut(s))
            .enumerate()
        {
            let mut invalid = false;
            {
                for ((dst, &x), plan) in scored.iter_mut().zip(row).zip(&self.items) {
                    let v = plan.score_fast(x);
                    invalid |= v.is_nan() & !x.is_nan();
                    *dst = v;
                }
            }
            if invalid {
                return Err(self.row_error(row, first_row + r));
            }
            for (si, plan) in self.scales.iter().enumerate() {
                let (sum, present) = match &plan.parts {
                    Parts::Items(idx) => {
                        let (sum, present) = sum_present(idx.iter().map(|&i| scored[i]));
                        (plan.snap(sum), present)
                    }
                    Parts::Scales(idx) => sum_present(idx.iter().map(|&j| out_row[j])),
                };
                out_row[si] = if present >= plan.required {
                    let v = match plan.aggregation {
                        Aggregation::Sum if present == plan.n => sum,
                        Aggregation::Sum => sum * plan.n as f64 / present as f64,
                        Aggregation::Mean => sum / present as f64,
                    };
                    plan.transform.map_or(v, |t| apply_transform(t, v))
                } else {
                    f64::NAN
                };
            }
        }
        Ok(())
    }

    /// The batch kernel when every item is ordinal with contiguous linear points
    /// (see [`FastPlan`]). Rows go in groups of [`LANES`], one row per lane of
    /// a [`Lanes`] value that the compiler keeps in SIMD registers, so every
    /// item of a scale is added into the scale's accumulator without a round
    /// trip through memory. The last rows are padded with rows of missing cells.
    fn fast_rows(
        &self,
        fast: &FastPlan,
        data: &[f64],
        out: &mut [f64],
        first_row: usize,
    ) -> Result<(), ScoreError> {
        let k = fast.k;
        let s = self.scales.len();
        // The finished values of the current group, for composite scales.
        let mut done = vec![Lanes::ZERO; s];
        let whole = data.len() / (LANES * k);
        let (data_groups, data_tail) = data.split_at(whole * LANES * k);
        let (out_groups, out_tail) = out.split_at_mut(whole * LANES * s);
        let invalid = &|row: &[f64]| self.first_invalid(row).is_some();
        let error = |rows: &[f64], lane: usize, first: usize| {
            let row = rows.get(lane * k..(lane + 1) * k).unwrap_or_default();
            self.row_error(row, first + lane)
        };
        for (g, (rows, outs)) in data_groups
            .chunks_exact(LANES * k)
            .zip(out_groups.chunks_exact_mut(LANES * s))
            .enumerate()
        {
            if let Some(lane) = fast_group(fast, rows, outs, &mut done, invalid) {
                return Err(error(rows, lane, first_row + g * LANES));
            }
        }
        if !data_tail.is_empty() {
            let mut rows = data_tail.to_vec();
            rows.resize(LANES * k, f64::NAN);
            let mut outs = vec![0.0; LANES * s];
            if let Some(lane) = fast_group(fast, &rows, &mut outs, &mut done, invalid) {
                return Err(error(&rows, lane, first_row + whole * LANES));
            }
            out_tail.copy_from_slice(outs.get(..out_tail.len()).unwrap_or_default());
        }
        Ok(())
    }

    /// The first answer of a batch row that is neither missing (NaN) nor
    /// valid, as its error.
    fn first_invalid(&self, row: &[f64]) -> Option<ScoreError> {
        row.iter()
            .zip(&self.items)
            .filter(|(x, _)| !x.is_nan())
            .find_map(|(&x, plan)| plan.score(x).err())
    }

    /// Why a row failed: the first invalid value, with the row number.
    fn row_error(&self, row: &[f64], r: usize) -> ScoreError {
        let err = self.first_invalid(row).unwrap_or(ScoreError::Shape {
            what: "row",
            expected: 0,
            got: 0,
        });
        ScoreError::InRow {
            row: r,
            source: Box::new(err),
        }
    }
}

/// Branch-free check of an integer point: adding 1.5 · 2^52 rounds `o` to an
/// integer held in the low mantissa bits; `o` was an integer iff subtracting
/// gives it back. NaN and infinities fail the range check.
const MAGIC: f64 = 6_755_399_441_055_744.0;

/// Rows scored together by the batch fast path, one per lane.
const LANES: usize = 4;

/// One cell's values in [`LANES`] rows, one row per lane: four f64 lanes,
/// two SSE2 registers on baseline x86-64 (one AVX register where enabled).
type Lanes = f64x4;

/// Scores [`LANES`] rows (`rows` holds them, `outs` receives their scale
/// values, NaN where the answers are insufficient). Returns the lane of the
/// first row holding a cell that is neither missing nor a valid point.
///
/// Every step is a lanewise [`Lanes`] operation, and a scale's accumulators
/// stay in registers while its items are added. A row where every visited
/// cell is a valid point needs no further check; any other row (one with a
/// missing cell, say) is checked by counting its present cells when each
/// cell is visited once, and else by `invalid`.
#[inline]
fn fast_group(
    fast: &FastPlan,
    rows: &[f64],
    outs: &mut [f64],
    done: &mut [Lanes],
    invalid: &dyn Fn(&[f64]) -> bool,
) -> Option<usize> {
    let k = fast.k;
    let s = fast.finish.len();
    // One slice of exactly `k` cells per lane, so that a cell index checked
    // against `k` once needs no further bounds check. (The caller always
    // passes `LANES × k` cells; the `?` cannot fire.)
    debug_assert_eq!(rows.len(), LANES * k, "a whole group of rows");
    let mut lanes: [&[f64]; LANES] = [&[]; LANES];
    let mut rest = rows;
    for lane in &mut lanes {
        let (row, tail) = rest.split_at_checked(k)?;
        (*lane, rest) = (row, tail);
    }
    let mut out_rows: [&mut [f64]; LANES] = Default::default();
    let mut rest = &mut *outs;
    for out_row in &mut out_rows {
        let (row, tail) = rest.split_at_mut_checked(s)?;
        (*out_row, rest) = (row, tail);
    }
    let mut valid = Lanes::ZERO;
    for (si, f) in fast.finish.iter().enumerate() {
        let mut sum = Lanes::ZERO;
        let mut count = Lanes::ZERO;
        if f.components.is_empty() {
            for m in &f.members {
                accumulate_item(m, &lanes, k, &mut sum, &mut count);
            }
            valid += count;
        } else {
            for &c in &f.components {
                let Some(&v) = done.get(c) else { continue };
                // NaN, an insufficient component, is not equal to itself.
                let present = v.simd_eq(v);
                sum += v & present;
                count += Lanes::ONE & present;
            }
        }
        // The same arithmetic as [`aggregate`], lane by lane: a mean is
        // sum / count, a full sum is the sum, a partial one is prorated as
        // sum × n / count (a sum that needs every component has no partial
        // value).
        let (n, required) = (f.n_lanes, f.required_lanes);
        let mut value = sum;
        if f.aggregation == Aggregation::Mean {
            value = sum / count;
        } else if f.required < f.n {
            value = count.simd_eq(n).select(sum, sum * n / count);
        }
        value = count
            .simd_ge(required)
            .select(value, Lanes::splat(f64::NAN));
        if let Some(t) = f.transform {
            value = Lanes::new(value.to_array().map(|v| apply_transform(t, v)));
        }
        if let Some(d) = done.get_mut(si) {
            *d = value;
        }
        for (out_row, v) in out_rows.iter_mut().zip(value.to_array()) {
            if let Some(o) = out_row.get_mut(si) {
                *o = v;
            }
        }
    }
    // Items outside every item scale are still checked.
    let mut sum = Lanes::ZERO;
    for m in &fast.unscored {
        accumulate_item(m, &lanes, k, &mut sum, &mut valid);
    }
    valid
        .to_array()
        .iter()
        .zip(lanes)
        .position(|(&v, row)| v != fast.visits && !fast.all_valid(row, v, invalid))
}

/// Adds one item's scored values in [`LANES`] rows of `k` cells into `sum`
/// and its valid cells into `count`.
///
/// A cell `x` is a point when it is an integer in `[lo, hi]`: clamping `x`
/// to that range and rounding it (adding and subtracting [`MAGIC`] rounds to
/// an integer) gives `x` back only for a point. NaN (missing) never compares
/// equal, whatever the clamps make of it, so it is not counted.
#[inline]
fn accumulate_item(
    m: &Member,
    lanes: &[&[f64]; LANES],
    k: usize,
    sum: &mut Lanes,
    count: &mut Lanes,
) {
    if m.item >= k {
        return;
    }
    let x = Lanes::new(lanes.map(|lane| lane.get(m.item).copied().unwrap_or(f64::NAN)));
    let line = &m.line;
    let clamped = x.fast_min(line.hi).fast_max(line.lo);
    let magic = Lanes::splat(MAGIC);
    let good = ((clamped + magic) - magic).simd_eq(x);
    *sum += (x * line.slope + line.intercept) & good;
    *count += Lanes::ONE & good;
}

/// An item of the fast path: its lowest and highest point (integers), and
/// the line `x × slope + intercept` of its scored values, each in every lane.
#[derive(Debug, Clone, Copy)]
struct Line {
    lo: Lanes,
    hi: Lanes,
    slope: Lanes,
    intercept: Lanes,
}

/// An item as the fast path reads it: its position in a row, and its line.
#[derive(Debug, Clone, Copy)]
struct Member {
    item: usize,
    line: Line,
}

/// Rows below which a batch is not split across threads.
const PARALLEL_ROWS: usize = 1 << 15;

/// Rows per part of a batch shared among threads.
const PART_ROWS: usize = 1 << 13;

/// The row of a batch error ([`ScoreError::InRow`]; other errors come first).
fn row_of(e: &ScoreError) -> usize {
    match e {
        ScoreError::InRow { row, .. } => *row,
        _ => 0,
    }
}

#[inline]
fn sum_present(values: impl Iterator<Item = f64>) -> (f64, usize) {
    let (mut sum, mut present) = (0.0, 0usize);
    for v in values {
        if !v.is_nan() {
            sum += v;
            present += 1;
        }
    }
    (sum, present)
}

/// The batch fast path when every item is ordinal with contiguous integer
/// points scored linearly (identity, reverse keying, linear recoding),
/// and no item scale needs the resolution grid: per item its lowest and
/// highest point and the line of its scored values ([`Line`]); per scale its
/// items or components ([`Finish`]).
#[derive(Debug, Clone)]
struct FastPlan {
    // Items per row.
    k: usize,
    // Items in no item scale, which are only checked.
    unscored: Vec<Member>,
    // Cells visited per row: the items of every item scale, and `unscored`.
    visits: f64,
    // Whether every item is visited exactly once per row.
    visited_once: bool,
    finish: Vec<Finish>,
}

impl FastPlan {
    /// Whether every cell of `row` is missing or a valid point, given the
    /// number of valid visited cells the kernel counted (`invalid` decides
    /// when cells are visited more than once).
    fn all_valid(&self, row: &[f64], valid: f64, invalid: &dyn Fn(&[f64]) -> bool) -> bool {
        if self.visited_once {
            // Each cell visited once: valid unless a present cell was not counted.
            #[expect(clippy::cast_precision_loss, reason = "small counts")]
            let present = row.iter().filter(|x| !x.is_nan()).count() as f64;
            return valid == present;
        }
        !invalid(row)
    }
}

/// How a scale's value is finished from its accumulator (or its components).
#[derive(Debug, Clone)]
struct Finish {
    // Component scales of a composite; empty for an item scale.
    components: Vec<usize>,
    // The items of an item scale; empty for a composite.
    members: Vec<Member>,
    aggregation: Aggregation,
    transform: Option<Transform>,
    n: f64,
    required: f64,
    // `n` and `required` in every lane.
    n_lanes: Lanes,
    required_lanes: Lanes,
}

fn fast_plan(items: &[ItemPlan], scales: &[ScalePlan]) -> Option<FastPlan> {
    if items.len() > STACK_ITEMS || scales.is_empty() || scales.iter().any(|s| s.grid.is_some()) {
        return None;
    }
    let mut plan = FastPlan {
        k: items.len(),
        unscored: Vec::new(),
        visits: 0.0,
        visited_once: false,
        finish: Vec::with_capacity(scales.len()),
    };
    let mut lines = Vec::with_capacity(items.len());
    for item in items {
        let ItemCheck::Ordinal { lo, table, .. } = &item.check else {
            return None;
        };
        // Contiguous integer points whose scored values lie on a line (exactly).
        let (first, last) = (*table.first()?, *table.last()?);
        #[expect(clippy::cast_precision_loss, reason = "small table")]
        let slope = if table.len() > 1 {
            (last - first) / (table.len() - 1) as f64
        } else {
            1.0
        };
        let intercept = first - slope * lo;
        // The points are integers with |x| < 2^51, as the rounding check needs.
        #[expect(clippy::cast_precision_loss, reason = "small table")]
        let linear = (lo + MAGIC) - MAGIC == *lo
            && lo.abs() < 2f64.powi(51) - table.len() as f64
            && table
                .iter()
                .enumerate()
                .all(|(i, v)| (lo + i as f64) * slope + intercept == *v);
        if !linear {
            return None;
        }
        #[expect(clippy::cast_precision_loss, reason = "small table")]
        lines.push(Line {
            lo: Lanes::splat(*lo),
            hi: Lanes::splat(lo + (table.len() - 1) as f64),
            slope: Lanes::splat(slope),
            intercept: Lanes::splat(intercept),
        });
    }
    for scale in scales {
        let (members, components) = match &scale.parts {
            Parts::Items(idx) => (
                idx.iter()
                    .map(|&item| lines.get(item).map(|line| Member { item, line: *line }))
                    .collect::<Option<Vec<_>>>()?,
                Vec::new(),
            ),
            Parts::Scales(v) => (Vec::new(), v.clone()),
        };
        #[expect(clippy::cast_precision_loss, reason = "small counts")]
        plan.finish.push(Finish {
            components,
            members,
            aggregation: scale.aggregation,
            transform: scale.transform,
            n: scale.n as f64,
            required: scale.required as f64,
            n_lanes: Lanes::splat(scale.n as f64),
            required_lanes: Lanes::splat(scale.required as f64),
        });
    }
    let scored = |j: usize| {
        plan.finish
            .iter()
            .any(|f| f.members.iter().any(|m| m.item == j))
    };
    plan.unscored = lines
        .iter()
        .enumerate()
        .filter(|&(j, _)| !scored(j))
        .map(|(item, line)| Member { item, line: *line })
        .collect();
    let visits: usize = plan.finish.iter().map(|f| f.members.len()).sum();
    plan.visited_once = visits + plan.unscored.len() == items.len();
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    {
        plan.visits = (visits + plan.unscored.len()) as f64;
    }
    Some(plan)
}

struct Aggregate {
    value: Option<f64>,
    prorated: bool,
    substituted: bool,
}

/// The minimum number of components that must be present under `rule`.
fn required(rule: MissingRule, n: usize) -> usize {
    match rule {
        MissingRule::Complete => n,
        MissingRule::Prorate { max_missing, .. }
        | MissingRule::SubstituteMean { max_missing, .. } => {
            n.saturating_sub(usize::try_from(max_missing).unwrap_or(usize::MAX))
        }
        MissingRule::MeanOfAnswered { min_answered, .. } => {
            usize::try_from(min_answered).unwrap_or(usize::MAX)
        }
    }
}

/// Applies a missing-data rule to `present` of `n` components summing to
/// `sum`, with `na` of the absent ones answered "not applicable".
#[inline]
fn aggregate(
    aggregation: Aggregation,
    rule: MissingRule,
    n: usize,
    sum: f64,
    present: usize,
    na: usize,
) -> Aggregate {
    let none = Aggregate {
        value: None,
        prorated: false,
        substituted: false,
    };
    let na_is_missing = match rule {
        MissingRule::Complete => true,
        MissingRule::Prorate {
            not_applicable_is_missing,
            ..
        }
        | MissingRule::SubstituteMean {
            not_applicable_is_missing,
            ..
        }
        | MissingRule::MeanOfAnswered {
            not_applicable_is_missing,
            ..
        } => not_applicable_is_missing,
    };
    if na > 0 && !na_is_missing {
        return none;
    }
    if present == 0 || present < required(rule, n) {
        return none;
    }
    let value = match aggregation {
        Aggregation::Mean => sum / present as f64,
        Aggregation::Sum if present == n => sum,
        // sum × n / present, not mean × n: for integer answers the product is
        // exact, so the single division gives the f64 nearest the prorated
        // value (PHQ-9, 7 answered summing to 1: 9/7, where (1/7) × 9 is one
        // ULP low; a 21-item scale, 7 answered summing to 17: 51, where
        // (17/7) × 21 = 50.99999999999999 would fall below a band edge at 51).
        Aggregation::Sum => sum * n as f64 / present as f64,
    };
    let incomplete = present < n;
    let substituted = incomplete && matches!(rule, MissingRule::SubstituteMean { .. });
    Aggregate {
        value: Some(value),
        prorated: incomplete && !substituted,
        substituted,
    }
}

impl Instrument {
    /// Scores one response with the rules the file declares.
    ///
    /// Compiling a [`Scorer`] once is faster when scoring many responses.
    ///
    /// # Errors
    ///
    /// As [`Scorer::score`].
    pub fn score(&self, response: &Response) -> Result<Score, ScoreError> {
        Scorer::new(self).score(response)
    }
}
