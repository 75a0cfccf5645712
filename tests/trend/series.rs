//! Series validation and session dates.

use bordin::trend::{Observation, Series, SessionDate};
use bordin::{Polarity, StatsError};

const P: Polarity = Polarity::HigherIsBetter;

#[test]
fn accepts_sorted_series_with_gaps() {
    let s = Series::new(P, &[0, 1, 4, 7], &[1.0, 2.0, 3.0, 4.0]).unwrap();
    assert_eq!(s.len(), 4);
    assert!(!s.is_consecutive());
    assert_eq!(s.sessions(), [0, 1, 4, 7]);
    assert_eq!(s.value_at(4), Some(3.0));
    assert_eq!(s.value_at(5), None);
    assert_eq!(s.position(7), Some(3));
    assert_eq!(s.polarity(), P);
    assert!(s.dates().is_none());
    assert!(
        Series::new(P, &[3, 4, 5], &[1.0; 3])
            .unwrap()
            .is_consecutive()
    );
}

#[test]
fn empty_series_is_valid() {
    let s = Series::new(P, &[], &[]).unwrap();
    assert!(s.is_empty());
    assert_eq!(s.observations().len(), 0);
}

#[test]
fn rejects_unsorted_and_duplicate_sessions() {
    assert_eq!(
        Series::new(P, &[1, 3, 2], &[1.0, 2.0, 3.0]).unwrap_err(),
        StatsError::UnorderedSessions {
            previous: 3,
            found: 2
        }
    );
    assert_eq!(
        Series::new(P, &[1, 2, 2], &[1.0, 2.0, 3.0]).unwrap_err(),
        StatsError::UnorderedSessions {
            previous: 2,
            found: 2
        }
    );
}

#[test]
fn rejects_non_finite_and_huge_values() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(
            Series::new(P, &[1, 2], &[1.0, bad]).unwrap_err(),
            StatsError::NonFiniteValue { session: 2 }
        );
    }
    assert_eq!(
        Series::new(P, &[5], &[-1e101]).unwrap_err(),
        StatsError::ValueTooLarge { session: 5 }
    );
    // The bound itself is accepted.
    assert!(Series::new(P, &[5], &[bordin::trend::MAX_ABS_VALUE]).is_ok());
}

#[test]
fn rejects_length_mismatch() {
    assert!(matches!(
        Series::new(P, &[1, 2], &[1.0]).unwrap_err(),
        StatsError::Shape {
            expected: 2,
            got: 1,
            ..
        }
    ));
}

#[test]
fn dates_are_carried_and_checked() {
    let d = |s: &str| s.parse::<SessionDate>().unwrap();
    let obs = [
        Observation {
            session: 1,
            date: None,
            value: 3.0,
        },
        Observation {
            session: 2,
            date: Some(d("2024-01-08")),
            value: 4.0,
        },
        Observation {
            session: 3,
            date: Some(d("2024-01-15")),
            value: 5.0,
        },
    ];
    let s = Series::from_observations(P, obs).unwrap();
    assert_eq!(
        s.dates().unwrap(),
        [None, Some(d("2024-01-08")), Some(d("2024-01-15"))]
    );
    assert_eq!(s.observations().collect::<Vec<_>>(), obs);

    // A date on the first session is kept too.
    let mut first_dated = obs;
    first_dated[0].date = Some(d("2024-01-01"));
    let s = Series::from_observations(P, first_dated).unwrap();
    assert_eq!(s.dates().unwrap()[0], Some(d("2024-01-01")));
    assert_eq!(s.get(0).unwrap().date, Some(d("2024-01-01")));

    let mut backwards = obs;
    backwards[2].date = Some(d("2024-01-01"));
    assert_eq!(
        Series::from_observations(P, backwards).unwrap_err(),
        StatsError::DatesOutOfOrder { session: 3 }
    );
}

#[test]
fn session_dates_parse_and_print() {
    let d: SessionDate = "2024-02-29".parse().unwrap();
    assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
    assert_eq!(d.to_string(), "2024-02-29");
    assert_eq!(serde_json::to_string(&d).unwrap(), r#""2024-02-29""#);
    assert_eq!(
        serde_json::from_str::<SessionDate>(r#""2024-02-29""#).unwrap(),
        d
    );
    // Hand count: 2024-02-29 → 2025-03-01 is 366 days (the leap day is the start).
    assert_eq!(d.days_until("2025-03-01".parse().unwrap()), 366);
    assert_eq!(d.days_until("2024-02-01".parse().unwrap()), -28);
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "0000-01-01",
        "2024-1-01",
        "2024/01/01",
        "abcd-ef-gh",
        "",
    ] {
        assert!(bad.parse::<SessionDate>().is_err(), "{bad}");
    }
    assert!(SessionDate::new(1900, 2, 29).is_err()); // not a leap year
    assert!(SessionDate::new(2000, 2, 29).is_ok()); // leap year (divisible by 400)
    assert!(serde_json::from_str::<SessionDate>(r#""2023-02-29""#).is_err());
}
