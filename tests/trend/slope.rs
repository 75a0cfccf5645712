//! OLS and Theil–Sen slopes, hand-computed.

use bordin::trend::{Series, ols_slope, theil_sen};
use bordin::{Polarity, StatsError};

use super::consecutive;
use crate::assert_close;

const P: Polarity = Polarity::HigherIsBetter;

#[test]
fn ols_by_hand() {
    // x = 1..5, y = 2, 4, 5, 4, 5.
    //   x̄ = 3, ȳ = 4; x − x̄ = −2, −1, 0, 1, 2; y − ȳ = −2, 0, 1, 0, 1
    //   Sxx = 10, Sxy = 4 + 0 + 0 + 0 + 2 = 6 → b = 0.6, a = 4 − 0.6·3 = 2.2
    //   fitted 2.8, 3.4, 4.0, 4.6, 5.2; residuals −0.8, 0.6, 1.0, −0.6, −0.2
    //   SSE = 0.64 + 0.36 + 1 + 0.36 + 0.04 = 2.4; s² = 2.4/3 = 0.8
    //   SE(b) = sqrt(0.8/10) = sqrt(0.08) = 0.282842712474619
    //   t_{0.975}(3) = 3.182446305284263 (R qt) → half-width 0.900131745291430
    //   CI = [−0.300131745291430, 1.500131745291430]
    let s = consecutive(P, &[2.0, 4.0, 5.0, 4.0, 5.0]);
    let fit = ols_slope(&s, 0.95).unwrap();
    assert_close!(fit.estimate, 0.6, abs = 1e-12);
    assert_close!(fit.intercept, 2.2, abs = 1e-12);
    assert_close!(fit.std_error, 0.08_f64.sqrt(), abs = 1e-12);
    assert_eq!(fit.df, 3);
    assert_eq!(fit.level, 0.95);
    assert_close!(fit.lower, -0.3001317452914304, abs = 1e-9);
    assert_close!(fit.upper, 1.5001317452914305, abs = 1e-9);
}

#[test]
fn ols_uses_session_numbers_and_a_gap() {
    // Hand: x = 1, 2, 4, y = 1, 2, 4 lies on y = x: b = 1, a = 0, SE = 0.
    let s = Series::new(P, &[1, 2, 4], &[1.0, 2.0, 4.0]).unwrap();
    let fit = ols_slope(&s, 0.9).unwrap();
    assert_close!(fit.estimate, 1.0, abs = 1e-12);
    assert_close!(fit.intercept, 0.0, abs = 1e-12);
    assert_close!(fit.std_error, 0.0, abs = 1e-12);
    assert_close!(fit.lower, 1.0, abs = 1e-12);
    assert_close!(fit.upper, 1.0, abs = 1e-12);
}

#[test]
fn ols_needs_three_sessions_and_a_valid_level() {
    let two = consecutive(P, &[1.0, 2.0]);
    assert_eq!(
        ols_slope(&two, 0.95).unwrap_err(),
        StatsError::TooFew {
            what: "sessions",
            needed: 3,
            got: 2
        }
    );
    let s = consecutive(P, &[1.0, 2.0, 4.0]);
    assert!(ols_slope(&s, 1.0).is_err());
    assert!(ols_slope(&s, 0.0).is_err());
}

#[test]
fn theil_sen_by_hand() {
    // Same series. Pairwise slopes (y_j − y_i)/(j − i):
    //   (1,2) 2   (1,3) 3/2   (1,4) 2/3   (1,5) 3/4   (2,3) 1
    //   (2,4) 0   (2,5) 1/3   (3,4) −1    (3,5) 0     (4,5) 1
    //   sorted: −1, 0, 0, 1/3, 2/3, 3/4, 1, 1, 3/2, 2 → median (2/3 + 3/4)/2 = 17/24
    //   intercepts y − (17/24)x: 31/24, 62/24, 69/24, 28/24, 35/24 → median 35/24
    let s = consecutive(P, &[2.0, 4.0, 5.0, 4.0, 5.0]);
    let ts = theil_sen(&s).unwrap();
    assert_close!(ts.estimate, 17.0 / 24.0, abs = 1e-12);
    assert_close!(ts.intercept, 35.0 / 24.0, abs = 1e-12);
}

#[test]
fn theil_sen_resists_an_outlier() {
    // Hand: y = x except session 3 at 100. Of the 10 pairwise slopes, 6 are 1
    // exactly (pairs without session 3) → median 1; intercepts y − x are
    // 0, 0, 97, 0, 0 → median 0. OLS is pulled: b = Σ(x−3)(y−ȳ)/10 = 0·… = 1
    // (the outlier sits at x̄), but its SE explodes.
    let s = consecutive(P, &[1.0, 2.0, 100.0, 4.0, 5.0]);
    let ts = theil_sen(&s).unwrap();
    assert_eq!((ts.estimate, ts.intercept), (1.0, 0.0));
    assert!(ols_slope(&s, 0.95).unwrap().std_error > 10.0);
    let one = consecutive(P, &[1.0]);
    assert!(matches!(
        theil_sen(&one).unwrap_err(),
        StatsError::TooFew { needed: 2, .. }
    ));
}
