//! `InstrumentSpec` → `Instrument`: checks every rule of the format and
//! reports every problem at once, each with its JSON pointer.

use std::collections::{HashMap, HashSet};

use crate::error::{InvalidInstrument, Problem, ProblemKind};
use crate::instrument::{
    Band, Components, Flag, FlagId, FlagOn, Instrument, InstrumentId, Item, ItemId, ResponseScale,
    ResponseScaleKind, Scale, ScaleId, fingerprint,
};
use crate::spec::{
    Aggregation, BandSpec, Condition, Confidence, FlagTarget, InstrumentSpec, MissingRule,
    ResponseScaleSpec, ScaleSpec, Transform,
};

/// Whether `id` is kebab-case: lowercase ASCII letters and digits in groups
/// joined by single hyphens (`wai-sr`, `7`, `work-7`).
#[must_use]
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Whether `rule` would let all `n` components of a scale be missing.
pub(crate) fn permits_all_missing(rule: MissingRule, n: usize) -> bool {
    match rule {
        MissingRule::Complete => false,
        MissingRule::Prorate { max_missing, .. }
        | MissingRule::SubstituteMean { max_missing, .. } => {
            usize::try_from(max_missing).unwrap_or(usize::MAX) >= n
        }
        MissingRule::MeanOfAnswered { min_answered, .. } => min_answered == 0,
    }
}

/// Escapes one JSON-pointer reference token (RFC 6901).
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Pointer to the threshold of a condition (`{"below": 36}`) at `{base}/when`.
fn when_pointer(base: &str, when: Condition) -> String {
    let key = match when {
        Condition::Below(_) => "below",
        Condition::AtMost(_) => "at-most",
        Condition::AtLeast(_) => "at-least",
        Condition::Above(_) => "above",
    };
    format!("{base}/when/{key}")
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, pointer: impl Into<String>, kind: ProblemKind) {
        self.0.push(Problem {
            pointer: pointer.into(),
            kind,
            first: None,
        });
    }

    fn duplicate(&mut self, pointer: String, id: &str, first: &str) {
        self.0.push(Problem {
            pointer,
            kind: ProblemKind::DuplicateId { id: id.to_owned() },
            first: Some(first.to_owned()),
        });
    }

    fn finite(&mut self, pointer: impl Into<String>, x: f64) -> bool {
        if x.is_finite() {
            true
        } else {
            self.push(pointer, ProblemKind::NonFinite);
            false
        }
    }

    /// Checks an id's form and uniqueness within `seen`; `pointer` points at the id.
    fn id<'a>(&mut self, seen: &mut HashMap<&'a str, String>, id: &'a str, pointer: String) {
        if !is_kebab_case(id) {
            self.push(
                pointer.clone(),
                ProblemKind::NotKebabCase { id: id.to_owned() },
            );
        }
        if let Some(first) = seen.get(id) {
            self.duplicate(pointer, id, first);
        } else {
            seen.insert(id, pointer);
        }
    }
}

pub(crate) fn validate(spec: InstrumentSpec) -> Result<Instrument, InvalidInstrument> {
    let mut p = Problems::default();
    let text_allowed = spec.license.item_text_included;

    if !is_kebab_case(&spec.id) {
        p.push(
            "/id",
            ProblemKind::NotKebabCase {
                id: spec.id.clone(),
            },
        );
    }
    if spec.version.trim().is_empty() {
        p.push("/version", ProblemKind::Empty { what: "version" });
    }
    if spec.languages.is_empty() {
        p.push("/languages", ProblemKind::Empty { what: "languages" });
    }
    if spec.citation.text.trim().is_empty() {
        p.push(
            "/citation/text",
            ProblemKind::Empty {
                what: "citation text",
            },
        );
    }
    if spec.license.terms.trim().is_empty() {
        p.push(
            "/license/terms",
            ProblemKind::Empty {
                what: "license terms",
            },
        );
    }
    if spec.provenance.confidence == Confidence::Provisional
        && spec
            .provenance
            .reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        p.push("/provenance/reason", ProblemKind::ProvisionalWithoutReason);
    }
    if spec.provenance.sources.is_empty() {
        p.push(
            "/provenance/sources",
            ProblemKind::Empty {
                what: "provenance sources",
            },
        );
    }
    if !spec.instructions.is_empty() && !text_allowed {
        p.push("/instructions", ProblemKind::TextNotLicensed);
    }
    for lang in spec.instructions.keys() {
        if !spec.languages.contains(lang) {
            let ptr = format!("/instructions/{}", escape_token(lang));
            p.push(
                ptr,
                ProblemKind::UnknownLanguage {
                    language: lang.clone(),
                },
            );
        }
    }

    // Response scales.
    let mut seen = HashMap::new();
    let mut responses: HashMap<&str, ResponseScale> = HashMap::new();
    for (i, rs) in spec.response_scales.iter().enumerate() {
        let base = format!("/response_scales/{i}");
        p.id(&mut seen, rs.id(), format!("{base}/id"));
        if let Some(scale) = response_scale(&mut p, rs, &base) {
            responses.entry(rs.id()).or_insert(scale);
        }
    }

    // A declared response scale that failed its own checks is reported there,
    // not again as unknown for every item on it.
    let declared: HashSet<&str> = spec
        .response_scales
        .iter()
        .map(ResponseScaleSpec::id)
        .collect();

    // Items.
    let mut seen = HashMap::new();
    let mut items: Vec<Item> = Vec::with_capacity(spec.items.len());
    let mut item_index: HashMap<&str, usize> = HashMap::new();
    let mut unresolved_items = false;
    for (i, it) in spec.items.iter().enumerate() {
        let base = format!("/items/{i}");
        p.id(&mut seen, &it.id, format!("{base}/id"));
        if !it.text.is_empty() && !text_allowed {
            p.push(format!("{base}/text"), ProblemKind::TextNotLicensed);
        }
        for lang in it.text.keys() {
            if !spec.languages.contains(lang) {
                let ptr = format!("{base}/text/{}", escape_token(lang));
                p.push(
                    ptr,
                    ProblemKind::UnknownLanguage {
                        language: lang.clone(),
                    },
                );
            }
        }
        let Some(response) = responses.get(it.response_scale.as_str()) else {
            if !declared.contains(it.response_scale.as_str()) {
                p.push(
                    format!("{base}/response_scale"),
                    ProblemKind::UnknownResponseScale {
                        id: it.response_scale.clone(),
                    },
                );
            }
            // Keep the item with an unbounded placeholder scale, so that scales
            // and flags naming it resolve and report nothing spurious.
            unresolved_items = true;
            item_index.entry(it.id.as_str()).or_insert(items.len());
            items.push(Item {
                id: ItemId::new_unchecked(it.id.clone()),
                label: it.label.clone(),
                text: it.text.clone(),
                response: ResponseScale {
                    id: it.response_scale.clone(),
                    kind: ResponseScaleKind::Continuous {
                        min: None,
                        max: None,
                        resolution: None,
                    },
                    not_applicable: None,
                },
                recode: Vec::new(),
                reverse: it.reverse,
                scored_bounds: None,
            });
            continue;
        };
        let recode = recoding(&mut p, it, response, &base);
        let scored_bounds = if recode.is_empty() {
            response.bounds()
        } else {
            let lo = recode.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
            let hi = recode.iter().map(|r| r.1).fold(f64::NEG_INFINITY, f64::max);
            Some((lo, hi))
        };
        if it.reverse && scored_bounds.is_none() {
            p.push(format!("{base}/reverse"), ProblemKind::ReverseWithoutBounds);
        }
        item_index.entry(it.id.as_str()).or_insert(items.len());
        items.push(Item {
            id: ItemId::new_unchecked(it.id.clone()),
            label: it.label.clone(),
            text: it.text.clone(),
            response: response.clone(),
            recode,
            reverse: it.reverse,
            scored_bounds,
        });
    }

    // Scales.
    let mut seen = HashMap::new();
    let mut scales: Vec<Scale> = Vec::with_capacity(spec.scales.len());
    let mut scale_index: HashMap<&str, usize> = HashMap::new();
    for (i, sc) in spec.scales.iter().enumerate() {
        let base = format!("/scales/{i}");
        p.id(&mut seen, &sc.id, format!("{base}/id"));
        let scale = scale(
            &mut p,
            sc,
            &base,
            &item_index,
            &items,
            &scale_index,
            &scales,
        );
        scale_index.entry(sc.id.as_str()).or_insert(scales.len());
        scales.push(scale);
    }

    // Flags.
    let mut seen = HashMap::new();
    let mut flags = Vec::with_capacity(spec.flags.len());
    for (i, fl) in spec.flags.iter().enumerate() {
        let base = format!("/flags/{i}");
        p.id(&mut seen, &fl.id, format!("{base}/id"));
        p.finite(when_pointer(&base, fl.when), fl.when.threshold());
        let on = match &fl.on {
            FlagTarget::Scale(id) => scale_index
                .get(id.as_str())
                .map(|&s| FlagOn::Scale(s))
                .or_else(|| {
                    p.push(
                        format!("{base}/on/scale"),
                        ProblemKind::UnknownScale { id: id.clone() },
                    );
                    None
                }),
            FlagTarget::Item(id) => item_index
                .get(id.as_str())
                .map(|&s| FlagOn::Item(s))
                .or_else(|| {
                    p.push(
                        format!("{base}/on/item"),
                        ProblemKind::UnknownItem { id: id.clone() },
                    );
                    None
                }),
        };
        if let Some(on) = on {
            flags.push(Flag {
                id: FlagId::new_unchecked(fl.id.clone()),
                label: fl.label.clone(),
                on,
                when: fl.when,
                enabled: fl.enabled,
                source: fl.source.clone(),
            });
        }
    }

    // An unresolved item always comes with a reported problem; this is a backstop.
    if !p.0.is_empty() || unresolved_items {
        return Err(InvalidInstrument {
            id: spec.id,
            problems: p.0,
        });
    }
    let fingerprint = fingerprint(&spec);
    Ok(Instrument {
        id: InstrumentId::new_unchecked(spec.id.clone()),
        languages: spec.languages.clone(),
        instructions: spec.instructions.clone(),
        spec,
        items,
        scales,
        flags,
        fingerprint,
    })
}

fn response_scale(p: &mut Problems, rs: &ResponseScaleSpec, base: &str) -> Option<ResponseScale> {
    let kind = match rs {
        ResponseScaleSpec::Ordinal { points, .. } => {
            if points.is_empty() {
                p.push(
                    format!("{base}/points"),
                    ProblemKind::BadPoints {
                        reason: "no points",
                    },
                );
                return None;
            }
            let mut ok = true;
            for (j, pt) in points.iter().enumerate() {
                let ptr = format!("{base}/points/{j}/value");
                if !p.finite(ptr.clone(), pt.value) {
                    ok = false;
                } else if pt.value.fract() != 0.0 {
                    p.push(
                        ptr,
                        ProblemKind::BadPoints {
                            reason: "a value is not an integer",
                        },
                    );
                    ok = false;
                } else if j > 0
                    // A non-finite previous point is reported on its own.
                    && points[j - 1].value.is_finite()
                    && pt.value <= points[j - 1].value
                {
                    p.push(
                        ptr,
                        ProblemKind::BadPoints {
                            reason: "values are not strictly increasing",
                        },
                    );
                    ok = false;
                }
            }
            if !ok {
                return None;
            }
            ResponseScaleKind::Ordinal {
                values: points.iter().map(|pt| pt.value).collect(),
                labels: points.iter().map(|pt| pt.label.clone()).collect(),
            }
        }
        ResponseScaleSpec::Continuous {
            min,
            max,
            resolution,
            ..
        } => {
            let mut ok = true;
            for (name, v) in [("min", min), ("max", max), ("resolution", resolution)] {
                if let Some(v) = v {
                    ok &= p.finite(format!("{base}/{name}"), *v);
                }
            }
            if !ok {
                return None;
            }
            if let (Some(lo), Some(hi)) = (min, max)
                && lo >= hi
            {
                p.push(
                    format!("{base}/max"),
                    ProblemKind::MinNotBelowMax { min: *lo, max: *hi },
                );
                return None;
            }
            if let Some(res) = resolution {
                let (lo, hi) = (min.unwrap_or(0.0), max.unwrap_or(*res));
                if *res <= 0.0 || !divides(*res, hi - lo) {
                    p.push(
                        format!("{base}/resolution"),
                        ProblemKind::ResolutionDoesNotDivide {
                            resolution: *res,
                            min: lo,
                            max: hi,
                        },
                    );
                    return None;
                }
            }
            ResponseScaleKind::Continuous {
                min: *min,
                max: *max,
                resolution: *resolution,
            }
        }
    };
    Some(ResponseScale {
        id: rs.id().to_owned(),
        kind,
        not_applicable: rs.not_applicable().map(|na| na.label.clone()),
    })
}

/// Whether `step` divides `span` up to floating-point noise (0.1 into 10.0).
pub(crate) fn divides(step: f64, span: f64) -> bool {
    let q = span / step;
    (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
}

fn recoding(
    p: &mut Problems,
    it: &crate::spec::ItemSpec,
    response: &ResponseScale,
    base: &str,
) -> Vec<(f64, f64)> {
    if it.recode.is_empty() {
        return Vec::new();
    }
    let ptr = format!("{base}/recode");
    let ResponseScaleKind::Ordinal { values, .. } = &response.kind else {
        p.push(
            ptr,
            ProblemKind::BadRecode {
                reason: "only ordinal scales can be recoded".into(),
            },
        );
        return Vec::new();
    };
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(it.recode.len());
    let mut ok = true;
    for (j, r) in it.recode.iter().enumerate() {
        let jp = format!("{ptr}/{j}");
        ok &= p.finite(format!("{jp}/from"), r.from);
        ok &= p.finite(format!("{jp}/to"), r.to);
        if !values.contains(&r.from) {
            p.push(
                format!("{jp}/from"),
                ProblemKind::BadRecode {
                    reason: format!("{} is not a point", r.from),
                },
            );
            ok = false;
        } else if out.iter().any(|(f, _)| *f == r.from) {
            p.push(
                format!("{jp}/from"),
                ProblemKind::BadRecode {
                    reason: format!("{} is mapped twice", r.from),
                },
            );
            ok = false;
        }
        out.push((r.from, r.to));
    }
    if ok && out.len() != values.len() {
        p.push(
            ptr,
            ProblemKind::BadRecode {
                reason: "not every point is mapped".into(),
            },
        );
        ok = false;
    }
    if !ok {
        return Vec::new();
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

fn scale(
    p: &mut Problems,
    sc: &ScaleSpec,
    base: &str,
    item_index: &HashMap<&str, usize>,
    items: &[Item],
    scale_index: &HashMap<&str, usize>,
    scales: &[Scale],
) -> Scale {
    // Components. A scale with a dangling or repeated component has no
    // trustworthy range, so its bands are then only checked among themselves.
    let mut resolved = true;
    let components = match (sc.items.is_empty(), sc.scales.is_empty()) {
        (false, true) => {
            let mut idx = Vec::with_capacity(sc.items.len());
            let mut seen: HashMap<&str, String> = HashMap::new();
            for (j, id) in sc.items.iter().enumerate() {
                let ptr = format!("{base}/items/{j}");
                if let Some(first) = seen.get(id.as_str()) {
                    p.duplicate(ptr, id, first);
                    resolved = false;
                    continue;
                }
                seen.insert(id, ptr.clone());
                if let Some(&k) = item_index.get(id.as_str()) {
                    idx.push(k);
                } else {
                    p.push(ptr, ProblemKind::UnknownItem { id: id.clone() });
                    resolved = false;
                }
            }
            Components::Items(idx)
        }
        (true, false) => {
            let mut idx = Vec::with_capacity(sc.scales.len());
            let mut seen: HashMap<&str, String> = HashMap::new();
            for (j, id) in sc.scales.iter().enumerate() {
                let ptr = format!("{base}/scales/{j}");
                if let Some(first) = seen.get(id.as_str()) {
                    p.duplicate(ptr, id, first);
                    resolved = false;
                    continue;
                }
                seen.insert(id, ptr.clone());
                if let Some(&k) = scale_index.get(id.as_str()) {
                    idx.push(k);
                } else {
                    p.push(ptr, ProblemKind::UnknownScale { id: id.clone() });
                    resolved = false;
                }
            }
            Components::Scales(idx)
        }
        (true, true) => {
            p.push(
                base.to_owned(),
                ProblemKind::EmptyScale { found: "neither" },
            );
            Components::Items(Vec::new())
        }
        (false, false) => {
            p.push(base.to_owned(), ProblemKind::EmptyScale { found: "both" });
            Components::Items(Vec::new())
        }
    };
    let n = sc.items.len().max(sc.scales.len());

    // Transformation.
    if let Some(t) = sc.transform {
        let ptr = format!("{base}/transform");
        match t {
            Transform::Linear { multiply, add } => {
                if p.finite(format!("{ptr}/multiply"), multiply) && multiply == 0.0 {
                    p.push(
                        format!("{ptr}/multiply"),
                        ProblemKind::OutOfDomain {
                            what: "multiply",
                            value: multiply,
                        },
                    );
                }
                p.finite(format!("{ptr}/add"), add);
            }
            Transform::TScore { mean, sd } => {
                p.finite(format!("{ptr}/mean"), mean);
                if p.finite(format!("{ptr}/sd"), sd) && sd <= 0.0 {
                    p.push(
                        format!("{ptr}/sd"),
                        ProblemKind::OutOfDomain {
                            what: "sd",
                            value: sd,
                        },
                    );
                }
            }
        }
    }

    // Missing-data rule.
    if permits_all_missing(sc.missing, n) && n > 0 {
        p.push(
            format!("{base}/missing"),
            ProblemKind::MissingRuleAllowsNothing { components: n },
        );
    }

    // Possible range.
    let range = if resolved {
        possible_range(sc, &components, items, scales)
    } else {
        None
    };

    // Bands.
    let bands = bands(p, &sc.bands, base, range);

    // Cut-offs.
    let mut seen = HashMap::new();
    for (j, c) in sc.cutoffs.iter().enumerate() {
        let ptr = format!("{base}/cutoffs/{j}");
        p.id(&mut seen, &c.id, format!("{ptr}/id"));
        p.finite(when_pointer(&ptr, c.when), c.when.threshold());
    }

    // Reliable change.
    if let Some(rc) = &sc.reliable_change {
        let ptr = format!("{base}/reliable_change");
        if let Some(t) = rc.threshold
            && p.finite(format!("{ptr}/threshold"), t)
            && t <= 0.0
        {
            p.push(
                format!("{ptr}/threshold"),
                ProblemKind::OutOfDomain {
                    what: "threshold",
                    value: t,
                },
            );
        }
        if let Some(sd) = rc.sd
            && p.finite(format!("{ptr}/sd"), sd)
            && sd <= 0.0
        {
            p.push(
                format!("{ptr}/sd"),
                ProblemKind::OutOfDomain {
                    what: "sd",
                    value: sd,
                },
            );
        }
        if let Some(r) = rc.reliability
            && p.finite(format!("{ptr}/reliability"), r)
            && !(0.0..1.0).contains(&r)
        {
            p.push(
                format!("{ptr}/reliability"),
                ProblemKind::OutOfDomain {
                    what: "reliability",
                    value: r,
                },
            );
        }
        if rc.threshold.is_none() && (rc.sd.is_none() || rc.reliability.is_none()) {
            p.push(ptr, ProblemKind::IncompleteReliableChange);
        }
    }

    // Norms.
    for (j, nm) in sc.norms.iter().enumerate() {
        let ptr = format!("{base}/norms/{j}");
        p.finite(format!("{ptr}/mean"), nm.mean);
        if p.finite(format!("{ptr}/sd"), nm.sd) && nm.sd <= 0.0 {
            p.push(
                format!("{ptr}/sd"),
                ProblemKind::OutOfDomain {
                    what: "sd",
                    value: nm.sd,
                },
            );
        }
    }

    Scale {
        id: ScaleId::new_unchecked(sc.id.clone()),
        label: sc.label.clone(),
        components,
        aggregation: sc.aggregation,
        transform: sc.transform,
        missing: sc.missing,
        polarity: sc.polarity,
        bands,
        cutoffs: sc.cutoffs.clone(),
        reliable_change: sc.reliable_change.clone(),
        norms: sc.norms.clone(),
        notes: sc.notes.clone(),
        range,
    }
}

/// The range with every component answered, after transformation.
fn possible_range(
    sc: &ScaleSpec,
    components: &Components,
    items: &[Item],
    scales: &[Scale],
) -> Option<(f64, f64)> {
    let ranges: Vec<Option<(f64, f64)>> = match components {
        Components::Items(idx) => idx
            .iter()
            .map(|&i| items.get(i).and_then(Item::scored_bounds))
            .collect(),
        Components::Scales(idx) => idx
            .iter()
            .map(|&i| scales.get(i).and_then(Scale::range))
            .collect(),
    };
    if ranges.is_empty() {
        return None;
    }
    let (mut lo, mut hi) = (0.0, 0.0);
    for r in &ranges {
        let (a, b) = (*r)?;
        lo += a;
        hi += b;
    }
    if sc.aggregation == Aggregation::Mean {
        let n = ranges.len() as f64;
        lo /= n;
        hi /= n;
    }
    let (lo, hi) = match sc.transform {
        None => (lo, hi),
        Some(t) => {
            let (a, b) = (
                crate::instrument::apply_transform(t, lo),
                crate::instrument::apply_transform(t, hi),
            );
            (a.min(b), a.max(b))
        }
    };
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

fn bands(p: &mut Problems, specs: &[BandSpec], base: &str, range: Option<(f64, f64)>) -> Vec<Band> {
    let mut out: Vec<Band> = Vec::with_capacity(specs.len());
    let mut ok = true;
    // With a non-finite edge, coverage cannot be judged; report the number only.
    let all_finite = specs.iter().all(|b| b.min.is_finite() && b.max.is_finite());
    for (j, b) in specs.iter().enumerate() {
        let ptr = format!("{base}/bands/{j}");
        if !(p.finite(format!("{ptr}/min"), b.min) & p.finite(format!("{ptr}/max"), b.max)) {
            ok = false;
            continue;
        }
        if b.min >= b.max {
            p.push(
                format!("{ptr}/max"),
                ProblemKind::MinNotBelowMax {
                    min: b.min,
                    max: b.max,
                },
            );
            ok = false;
        }
        if let Some((lo, hi)) = range
            && (b.min < lo || b.max > hi)
        {
            p.push(
                ptr.clone(),
                ProblemKind::BandOutsideRange {
                    min: b.min,
                    max: b.max,
                    range_min: lo,
                    range_max: hi,
                },
            );
            ok = false;
        }
        match out.last().filter(|_| all_finite) {
            Some(prev) if b.min < prev.max => {
                p.push(
                    format!("{ptr}/min"),
                    ProblemKind::BandsOverlap {
                        previous_max: prev.max,
                        min: b.min,
                    },
                );
                ok = false;
            }
            Some(prev) if b.min > prev.max => {
                p.push(
                    format!("{ptr}/min"),
                    ProblemKind::BandsLeaveGap {
                        from: prev.max,
                        to: b.min,
                    },
                );
                ok = false;
            }
            None if all_finite => {
                if let Some((lo, _)) = range
                    && b.min > lo
                {
                    p.push(
                        format!("{ptr}/min"),
                        ProblemKind::BandsLeaveGap {
                            from: lo,
                            to: b.min,
                        },
                    );
                    ok = false;
                }
            }
            Some(_) | None => {}
        }
        let min_exclusive = out.last().is_some_and(|prev| prev.max_inclusive);
        out.push(Band {
            label: b.label.clone(),
            min: b.min,
            max: b.max,
            min_exclusive,
            max_inclusive: b.max_inclusive,
        });
    }
    if let (Some(last), Some((_, hi))) = (out.last_mut(), range) {
        if all_finite && last.max < hi && last.min < hi {
            p.push(
                format!("{base}/bands/{}/max", specs.len() - 1),
                ProblemKind::BandsLeaveGap {
                    from: last.max,
                    to: hi,
                },
            );
            ok = false;
        }
        last.max_inclusive = true;
    } else if let Some(last) = out.last_mut() {
        last.max_inclusive = true;
    }
    if ok { out } else { Vec::new() }
}
