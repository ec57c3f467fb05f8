//! Confidence intervals over independent replications.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::Tally;

/// A KPI estimated from independent replications: the mean and the half-width of its
/// 95 % Student-t confidence interval, both in the KPI's own unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Mean of the per-replication values; NaN when there are none (reports show
    /// "no data", e.g. JSON null).
    pub mean: f64,
    /// Half-width of the 95 % confidence interval, t(0.975, n - 1) · s / √n. It is 0
    /// when n = 1 (no spread can be estimated from one replication: check `n` before
    /// reading 0 as "no uncertainty") and NaN when n = 0.
    pub half_width: f64,
    /// Number of replications the estimate is made of.
    pub n: u64,
}

/// Mean and 95 % confidence half-width of one KPI over independent replications
/// (`values[i]` from replication i). Values that are not finite (a rate with no
/// contacts in that replication) are left out, and `n` counts the rest. See
/// [`Estimate`] for n < 2.
pub fn summarize(values: &[f64]) -> Estimate {
    let mut tally = Tally::new();
    for &v in values.iter().filter(|v| v.is_finite()) {
        tally.record(v);
    }
    let n = tally.count();
    let half_width = match n {
        0 => f64::NAN,
        1 => 0.0,
        _ => t_quantile_975(n - 1) * tally.std_error(),
    };
    Estimate {
        mean: tally.mean(),
        half_width,
        n,
    }
}

/// The 0.975 quantile of the standard normal distribution, Φ⁻¹(0.975).
const Z_975: f64 = 1.959_963_984_540_054_3;

/// The 0.95 quantile of the standard normal distribution, Φ⁻¹(0.95).
const Z_95: f64 = 1.644_853_626_951_472_7;

/// Above this many degrees of freedom [`t_quantile_975`] and [`t_quantile_95`] use the
/// asymptotic expansion, within 1e-15 from 1,000 on; statrs' inverse CDF (through the
/// inverse regularised beta function) is within 3e-13 up to 10,000 but then degrades:
/// relative error 3e-6 at 1e5, 6e-5 at 1e6 and 7 % at 1e7.
const T_EXPANSION_FROM_DF: u64 = 1_000;

/// The 0.975 quantile of Student's t distribution with `df` degrees of freedom (the
/// factor of a two-sided 95 % confidence interval), e.g. 12.7062 for df = 1 and 1.96
/// as df grows. `df = 0` has no t distribution: returns +infinity.
///
/// Up to 1,000 degrees of freedom from statrs' inverse CDF, above from the Cornish-Fisher
/// expansion in 1/df (Abramowitz & Stegun 26.7.5, terms to 1/df⁴); relative error below
/// 1e-12 for every `df`.
pub fn t_quantile_975(df: u64) -> f64 {
    t_quantile(0.975, Z_975, df)
}

/// The 0.95 quantile of Student's t distribution with `df` degrees of freedom (the
/// factor of a one-sided 95 % confidence bound), e.g. 6.3138 for df = 1 and 1.645 as
/// df grows; computed as [`t_quantile_975`] is. `df = 0`: +infinity.
pub fn t_quantile_95(df: u64) -> f64 {
    t_quantile(0.95, Z_95, df)
}

/// The `p` quantile of Student's t with `df` degrees of freedom; `z` is the normal
/// distribution's `p` quantile, which the expansion above [`T_EXPANSION_FROM_DF`] starts from.
fn t_quantile(p: f64, z: f64, df: u64) -> f64 {
    if df == 0 {
        return f64::INFINITY;
    }
    if df > T_EXPANSION_FROM_DF {
        let (x, v) = (z, df as f64);
        let x2 = x * x;
        let g1 = x * (x2 + 1.0) / 4.0;
        let g2 = x * ((5.0 * x2 + 16.0) * x2 + 3.0) / 96.0;
        let g3 = x * (((3.0 * x2 + 19.0) * x2 + 17.0) * x2 - 15.0) / 384.0;
        let g4 = x * ((((79.0 * x2 + 776.0) * x2 + 1482.0) * x2 - 1920.0) * x2 - 945.0) / 92160.0;
        return x + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
    }
    StudentsT::new(0.0, 1.0, df as f64)
        .expect("location 0, scale 1 and df >= 1 are valid")
        .inverse_cdf(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_t_quantiles() {
        // Reference values from mpmath at 40 digits, rounded to f64 (root of the regularised incomplete
        // beta function), on both sides of the switch to the expansion at df = 1,000.
        for (df, expected) in [
            (1, 12.706_204_736_174_705),
            (2, 4.302_652_729_749_464),
            (9, 2.262_157_162_798_205_3),
            (29, 2.045_229_642_132_704_3),
            (100, 1.983_971_518_523_552_2),
            (1_000, 1.962_339_080_826_408_5),
            (1_001, 1.962_336_705_280_88),
            (3_000, 1.960_755_055_322_458_4),
            (100_000, 1.959_987_707_534_609_5),
            (1_000_000, 1.959_966_356_814_107),
            (10_000_000, 1.959_964_221_767_205_5),
        ] {
            let t = t_quantile_975(df);
            let rel = (t - expected).abs() / expected;
            assert!(
                rel < 1e-12,
                "t(0.975, {df}) = {t}, expected {expected}, relative error {rel:e}"
            );
        }
        // Decreasing towards the normal quantile, its limit.
        let mut last = f64::INFINITY;
        for df in [1, 10, 999, 1_000, 1_001, 1_002, 10_000, 1 << 40, u64::MAX] {
            let t = t_quantile_975(df);
            assert!(t < last, "t(0.975, {df}) = {t} after {last}");
            assert!(t >= Z_975, "t(0.975, {df}) = {t} below the normal quantile");
            last = t;
        }
        assert!(last - Z_975 <= f64::EPSILON, "{last}");
        assert_eq!(t_quantile_975(0), f64::INFINITY);
    }

    #[test]
    fn one_sided_student_t_quantiles() {
        // mpmath at 40 digits (root of the regularised incomplete beta function), on
        // both sides of the switch to the expansion at df = 1,000.
        for (df, expected) in [
            (1, 6.313_751_514_675_043),
            (2, 2.919_985_580_353_725_7),
            (9, 1.833_112_932_656_237_2),
            (29, 1.699_127_026_533_498),
            (100, 1.660_234_326_085_339_6),
            (1_000, 1.646_378_817_285_464_7),
            (1_001, 1.646_377_292_199_468_2),
            (3_000, 1.645_361_707_837_408),
            (100_000, 1.644_868_864_784_969_7),
            (1_000_000, 1.644_855_150_722_040_5),
            (10_000_000, 1.644_853_779_328_401_7),
        ] {
            let t = t_quantile_95(df);
            let rel = (t - expected).abs() / expected;
            assert!(
                rel < 1e-12,
                "t(0.95, {df}) = {t}, expected {expected}, relative error {rel:e}"
            );
        }
        assert_eq!(t_quantile_95(0), f64::INFINITY);
        assert!(t_quantile_95(u64::MAX) - Z_95 <= f64::EPSILON);
    }

    #[test]
    fn summarize_a_known_set() {
        // 10 replications: mean 5.5, sample variance 55/6, t(0.975, 9) = 2.262157:
        // half-width 2.2621571628 · √(55/6/10) = 2.16585059.
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let e = summarize(&values);
        assert_eq!(e.n, 10);
        assert_eq!(e.mean, 5.5);
        let expected = 2.262_157_162_8 * (55.0_f64 / 6.0 / 10.0).sqrt();
        assert!(
            (e.half_width - expected).abs() < 1e-8,
            "{} vs {expected}",
            e.half_width
        );
        assert!((e.half_width - 2.165_850_59).abs() < 1e-8);
    }

    #[test]
    fn summarize_degenerate_sets() {
        let one = summarize(&[42.0]);
        assert_eq!((one.mean, one.half_width, one.n), (42.0, 0.0, 1));
        let same = summarize(&[3.0; 5]);
        assert_eq!((same.mean, same.half_width, same.n), (3.0, 0.0, 5));
        for none in [summarize(&[]), summarize(&[f64::NAN, f64::INFINITY])] {
            assert!(none.mean.is_nan() && none.half_width.is_nan(), "{none:?}");
            assert_eq!(none.n, 0);
        }
    }

    #[test]
    fn summarize_leaves_out_values_that_are_not_finite() {
        // A rate undefined in two replications (no contacts): the other three count.
        let e = summarize(&[1.0, f64::NAN, 2.0, f64::NEG_INFINITY, 3.0]);
        assert_eq!((e.n, e.mean), (3, 2.0));
        assert_eq!(e, summarize(&[1.0, 2.0, 3.0]));
        // s = 1, t(0.975, 2) = 4.302653.
        let expected = 4.302_652_729_749_464 / 3.0_f64.sqrt();
        assert!((e.half_width - expected).abs() < 1e-12, "{e:?}");
    }
}
