//! Count, mean and variance of a stream of observations.

/// Running count, mean and sample variance of observations.
///
/// The variance uses Welford's update on the values minus the first one, so it stays
/// accurate when the values sit on a large offset (e.g. absolute times around 1e9 s:
/// without the shift Welford's running mean is rounded to the offset's precision at
/// every step, which costs about 1e-8 relative in the variance). Values are in whatever
/// unit the caller records.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    count: u64,
    sum: f64,
    /// The first value recorded (0 when empty): `mean` and `m2` are of the values minus it.
    shift: f64,
    /// Running mean of the shifted values.
    mean: f64,
    /// Sum of squared deviations of the shifted values from their running mean.
    m2: f64,
}

impl Default for Tally {
    fn default() -> Self {
        Self::new()
    }
}

impl Tally {
    /// An empty tally.
    pub fn new() -> Self {
        Self {
            count: 0,
            sum: 0.0,
            shift: 0.0,
            mean: 0.0,
            m2: 0.0,
        }
    }

    /// Adds one observation. `x` must not be NaN (checked in debug builds).
    pub fn record(&mut self, x: f64) {
        debug_assert!(!x.is_nan(), "Tally::record(NaN)");
        if self.count == 0 {
            self.shift = x;
        }
        self.count += 1;
        self.sum += x;
        let y = x - self.shift;
        let delta = y - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (y - self.mean);
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Arithmetic mean, sum / count (the sum in recording order); NaN when empty.
    pub fn mean(&self) -> f64 {
        self.sum / self.count as f64
    }

    /// Sample variance (divisor n - 1); 0 with fewer than two observations, since no
    /// spread can be estimated from one value.
    pub fn variance(&self) -> f64 {
        if self.count < 2 {
            0.0
        } else {
            // m2 is a sum of non-negative terms; clamp rounding noise below zero.
            (self.m2 / (self.count - 1) as f64).max(0.0)
        }
    }

    /// Standard error of the mean, `sqrt(variance / count)`; 0 with fewer than two
    /// observations.
    pub fn std_error(&self) -> f64 {
        if self.count < 2 {
            0.0
        } else {
            (self.variance() / self.count as f64).sqrt()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random numbers in [0, 1) (64-bit LCG, top 53 bits).
    fn uniforms(seed: u64, n: usize) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (s >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect()
    }

    fn tally_of(xs: &[f64]) -> Tally {
        let mut t = Tally::new();
        for &x in xs {
            t.record(x);
        }
        t
    }

    fn assert_rel(actual: f64, expected: f64, rel: f64, what: &str) {
        let err = (actual - expected).abs() / expected.abs();
        assert!(
            err <= rel,
            "{what}: {actual} vs {expected}, relative error {err:e} > {rel:e}"
        );
    }

    #[test]
    fn welford_matches_two_pass_on_a_large_offset() {
        let xs: Vec<f64> = uniforms(7, 10_000)
            .into_iter()
            .map(|u| 1e9 + u * 10.0)
            .collect();
        let n = xs.len() as f64;
        // Reference: two passes over the values minus the first. Every value lies in
        // [2^29, 2^30), so each difference is exact (Sterbenz) and a multiple of 2^-23
        // below 16 in size, and so is their sum (under 2^53 units of 2^-23): only the
        // division by n and the squared deviations round (relative error ~1e-15; exact
        // rational arithmetic gives variance 8.353245927493424).
        let x0 = xs[0];
        let d_mean = xs.iter().map(|x| x - x0).sum::<f64>() / n;
        let mean = x0 + d_mean;
        let var = xs.iter().map(|x| (x - x0 - d_mean).powi(2)).sum::<f64>() / (n - 1.0);
        // The noise is uniform on [0, 10): variance about 100/12.
        assert!((var - 100.0 / 12.0).abs() < 0.5, "two-pass variance {var}");

        let t = tally_of(&xs);
        assert_eq!(t.count(), 10_000);
        assert_rel(t.mean(), mean, 1e-12, "mean");
        // Unshifted Welford is off by 4.3e-9 here.
        assert_rel(t.variance(), var, 1e-12, "variance");
        assert_rel(t.std_error(), (var / n).sqrt(), 1e-12, "std_error");
    }

    #[test]
    fn small_and_empty_tallies() {
        let e = Tally::new();
        assert_eq!((e.count(), e.variance(), e.std_error()), (0, 0.0, 0.0));
        assert!(e.mean().is_nan());

        let one = tally_of(&[4.5]);
        assert_eq!(
            (one.mean(), one.variance(), one.std_error()),
            (4.5, 0.0, 0.0)
        );

        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32.
        let t = tally_of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(t.mean(), 5.0);
        assert_rel(t.variance(), 32.0 / 7.0, 1e-15, "variance");
        assert_rel(
            t.std_error(),
            (32.0_f64 / 7.0 / 8.0).sqrt(),
            1e-15,
            "std_error",
        );
    }
}
