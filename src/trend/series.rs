//! One client's values on one scale over sessions, validated on entry.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Polarity, StatsError};

/// A calendar date of a session (proleptic Gregorian calendar, years 1–9999).
///
/// Written and parsed as `YYYY-MM-DD`, which is also its JSON form. bordin
/// needs dates only to carry them through to reports and to check that they
/// do not run backwards, so this small type stands in for a date library.
///
/// # Examples
///
/// ```
/// use bordin::trend::SessionDate;
///
/// let d: SessionDate = "2024-02-29".parse()?;
/// assert_eq!(d.to_string(), "2024-02-29");
/// assert_eq!(d.days_until("2024-03-07".parse()?), 7);
/// assert!("2023-02-29".parse::<SessionDate>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionDate {
    // in 1..=9999
    year: u16,
    // in 1..=12
    month: u8,
    // in 1..=days_in_month(year, month)
    day: u8,
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl SessionDate {
    /// A date from its year, month (1–12) and day of the month.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidDate`] if the year is outside 1–9999 or the day
    /// does not exist in that month (such as 2023-02-29).
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, StatsError> {
        if (1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month) {
            Ok(Self { year, month, day })
        } else {
            Err(StatsError::InvalidDate {
                text: format!("{year:04}-{month:02}-{day:02}"),
            })
        }
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    #[must_use]
    pub fn days_until(self, later: SessionDate) -> i64 {
        later.day_number() - self.day_number()
    }

    /// Days since 0000-03-01 (H. Hinnant's `days_from_civil`, shifted).
    fn day_number(self) -> i64 {
        let m = i64::from(self.month);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe
    }
}

impl fmt::Display for SessionDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for SessionDate {
    type Err = StatsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || StatsError::InvalidDate { text: s.to_owned() };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r].iter().try_fold(0_u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
            })
        };
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(bad());
        };
        let (Ok(m), Ok(d)) = (u8::try_from(m), u8::try_from(d)) else {
            return Err(bad());
        };
        Self::new(y, m, d).map_err(|_| bad())
    }
}

impl Serialize for SessionDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SessionDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One session of a series: its number, optional date and value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// Session number (any `u32`; numbering need not start at 1, gaps are allowed).
    pub session: u32,
    /// Calendar date of the session, if known.
    pub date: Option<SessionDate>,
    /// The score.
    pub value: f64,
}

impl From<(u32, f64)> for Observation {
    fn from((session, value): (u32, f64)) -> Self {
        Self {
            session,
            date: None,
            value,
        }
    }
}

/// One client's values on one scale over sessions.
///
/// Validated on entry: sessions strictly increasing (sorted, no duplicates),
/// every value finite and within ±[`MAX_ABS_VALUE`], dates (where given) never running backwards. Gaps in
/// the session numbers are allowed and stay visible: methods that need
/// adjacent sessions (sudden gains) look at the session numbers, methods
/// that compare with the previous score use the previous *observed* session.
///
/// The series carries the scale's [`Polarity`], so every method speaks of
/// improvement and deterioration rather than of up and down.
///
/// # Examples
///
/// ```
/// use bordin::Polarity;
/// use bordin::trend::Series;
///
/// // BDI-like scores: higher is worse; session 3 was not measured.
/// let s = Series::new(Polarity::HigherIsWorse, &[1, 2, 4], &[30.0, 29.0, 27.0])?;
/// assert_eq!(s.len(), 3);
/// assert_eq!(s.value_at(4), Some(27.0));
/// assert!(!s.is_consecutive());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    polarity: Polarity,
    // strictly increasing
    sessions: Vec<u32>,
    // finite; same length as `sessions`
    values: Vec<f64>,
    // empty (no dates at all) or same length as `sessions`; the dates present
    // are non-decreasing in session order
    dates: Vec<Option<SessionDate>>,
}

impl Series {
    /// A series from parallel slices of session numbers and values.
    ///
    /// # Errors
    ///
    /// - [`StatsError::Shape`] if the slices differ in length;
    /// - [`StatsError::UnorderedSessions`] if sessions are not strictly
    ///   increasing (a repeated session is reported with `found == previous`);
    /// - [`StatsError::NonFiniteValue`] for a NaN or infinite value;
    /// - [`StatsError::ValueTooLarge`] for a value beyond ±[`MAX_ABS_VALUE`].
    pub fn new(polarity: Polarity, sessions: &[u32], values: &[f64]) -> Result<Self, StatsError> {
        if sessions.len() != values.len() {
            return Err(StatsError::Shape {
                what: "values for the sessions",
                expected: sessions.len(),
                got: values.len(),
            });
        }
        Self::from_observations(polarity, sessions.iter().zip(values).map(|(&s, &v)| (s, v)))
    }

    /// A series from observations (or `(session, value)` pairs) in session order.
    ///
    /// # Errors
    ///
    /// As [`Series::new`], plus [`StatsError::DatesOutOfOrder`] if a dated
    /// session is dated before an earlier dated session.
    pub fn from_observations<I>(polarity: Polarity, observations: I) -> Result<Self, StatsError>
    where
        I: IntoIterator,
        I::Item: Into<Observation>,
    {
        let iter = observations.into_iter();
        let (lower, _) = iter.size_hint();
        let mut series = Self {
            polarity,
            sessions: Vec::with_capacity(lower),
            values: Vec::with_capacity(lower),
            dates: Vec::new(),
        };
        let mut check = EntryCheck::default();
        for obs in iter {
            let obs = obs.into();
            check.admit(obs.session, obs.date, Some(obs.value))?;
            if obs.date.is_some() && !check.dated {
                series.dates.resize(series.sessions.len(), None);
                check.dated = true;
            }
            if check.dated {
                series.dates.push(obs.date);
            }
            series.sessions.push(obs.session);
            series.values.push(obs.value);
        }
        Ok(series)
    }

    /// The scale's polarity.
    #[must_use]
    pub fn polarity(&self) -> Polarity {
        self.polarity
    }

    /// Session numbers, strictly increasing.
    #[must_use]
    pub fn sessions(&self) -> &[u32] {
        &self.sessions
    }

    /// Values, in session order.
    #[must_use]
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Session dates in session order, or `None` when no session has a date.
    #[must_use]
    pub fn dates(&self) -> Option<&[Option<SessionDate>]> {
        (!self.dates.is_empty()).then_some(self.dates.as_slice())
    }

    /// Number of observed sessions.
    #[must_use]
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// True when the series has no sessions.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    /// The observation at position `index` (0-based), if any.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Observation> {
        Some(Observation {
            session: *self.sessions.get(index)?,
            date: self.dates.get(index).copied().flatten(),
            value: self.values[index],
        })
    }

    /// The observations in session order.
    #[must_use = "iterators are lazy"]
    pub fn observations(&self) -> impl ExactSizeIterator<Item = Observation> + '_ {
        (0..self.len()).map(|i| Observation {
            session: self.sessions[i],
            date: self.dates.get(i).copied().flatten(),
            value: self.values[i],
        })
    }

    /// Position of `session` in the series, if it was observed.
    #[must_use]
    pub fn position(&self, session: u32) -> Option<usize> {
        self.sessions.binary_search(&session).ok()
    }

    /// The value at `session`, if it was observed.
    #[must_use]
    pub fn value_at(&self, session: u32) -> Option<f64> {
        self.position(session).map(|i| self.values[i])
    }

    /// True when the session numbers have no gaps.
    #[must_use]
    pub fn is_consecutive(&self) -> bool {
        self.sessions.windows(2).all(|w| w[1] == w[0] + 1)
    }
}

/// Largest magnitude a value may have (see [`StatsError::ValueTooLarge`]).
pub const MAX_ABS_VALUE: f64 = 1e100;

/// Incremental entry validation shared by [`Series`] and the summary.
#[derive(Debug, Default)]
pub(crate) struct EntryCheck {
    previous: Option<u32>,
    last_date: Option<SessionDate>,
    /// Set by the caller once any session had a date.
    pub(crate) dated: bool,
}

impl EntryCheck {
    pub(crate) fn admit(
        &mut self,
        session: u32,
        date: Option<SessionDate>,
        value: Option<f64>,
    ) -> Result<(), StatsError> {
        if let Some(previous) = self.previous
            && session <= previous
        {
            return Err(StatsError::UnorderedSessions {
                previous,
                found: session,
            });
        }
        if let Some(v) = value {
            if !v.is_finite() {
                return Err(StatsError::NonFiniteValue { session });
            }
            if v.abs() > MAX_ABS_VALUE {
                return Err(StatsError::ValueTooLarge { session });
            }
        }
        if let Some(d) = date {
            if self.last_date.is_some_and(|last| d < last) {
                return Err(StatsError::DatesOutOfOrder { session });
            }
            self.last_date = Some(d);
        }
        self.previous = Some(session);
        Ok(())
    }
}
