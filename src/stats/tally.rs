//! Count, sum, extremes, mean and variance of a stream of observations.

/// Running count, sum, min, max, mean and sample variance of observations.
///
/// The mean is sum / count. The variance uses Welford's update on the values minus the
/// first one, so it stays accurate when the values sit on a large offset (e.g. absolute times around
/// 1e9 s: without the shift Welford's running mean is rounded to the offset's precision
/// at every step, which costs about 1e-8 relative in the variance); [`Tally::merge`] uses
/// Chan et al.'s pairwise formula, so tallies of disjoint parts combine into the tally of
/// the whole up to rounding. Values are in whatever unit the caller records.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    count: u64,
    sum: f64,
    /// The first value recorded (0 when empty): `mean` and `m2` are of the values minus it.
    shift: f64,
    /// Running mean of the shifted values.
    mean: f64,
    /// Sum of squared deviations from the running mean.
    m2: f64,
    min: f64,
    max: f64,
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
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
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
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    /// Adds the observations of `other`, as if they had been recorded into `self`.
    pub fn merge(&mut self, other: &Self) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = other.clone();
            return;
        }
        let n_a = self.count as f64;
        let n_b = other.count as f64;
        let n = n_a + n_b;
        // Difference of the means, with `other`'s shifted to `self`'s shift.
        let delta = (other.shift - self.shift) + (other.mean - self.mean);
        self.mean += delta * (n_b / n);
        self.m2 += other.m2 + delta * delta * (n_a * n_b / n);
        self.count += other.count;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Sum of the observations (0 when empty).
    pub fn sum(&self) -> f64 {
        self.sum
    }

    /// Smallest observation, `None` when empty.
    pub fn min(&self) -> Option<f64> {
        (self.count > 0).then_some(self.min)
    }

    /// Largest observation, `None` when empty.
    pub fn max(&self) -> Option<f64> {
        (self.count > 0).then_some(self.max)
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

    /// Sample standard deviation, the square root of [`Tally::variance`].
    pub fn std_dev(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Standard error of the mean, `std_dev / sqrt(count)`; 0 with fewer than two
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
        assert_rel(t.std_dev(), var.sqrt(), 1e-12, "std_dev");
        assert_rel(t.std_error(), (var / n).sqrt(), 1e-12, "std_error");
        assert_eq!(t.min(), xs.iter().copied().reduce(f64::min));
        assert_eq!(t.max(), xs.iter().copied().reduce(f64::max));
    }

    #[test]
    fn merge_equals_tally_of_the_concatenation() {
        let xs: Vec<f64> = uniforms(11, 3_000)
            .iter()
            .map(|u| 50.0 + 20.0 * u)
            .collect();
        let ys: Vec<f64> = uniforms(13, 1_700).iter().map(|u| 400.0 * u).collect();
        let mut merged = tally_of(&xs);
        merged.merge(&tally_of(&ys));
        let whole = tally_of(&[xs.clone(), ys].concat());

        assert_eq!(merged.count(), whole.count());
        assert_eq!(merged.min(), whole.min());
        assert_eq!(merged.max(), whole.max());
        assert_rel(merged.sum(), whole.sum(), 1e-12, "sum");
        assert_rel(merged.mean(), whole.mean(), 1e-12, "mean");
        assert_rel(merged.variance(), whole.variance(), 1e-12, "variance");

        // Merging with an empty tally, on either side, changes nothing.
        let mut a = tally_of(&xs);
        a.merge(&Tally::new());
        assert_eq!(a, tally_of(&xs));
        let mut e = Tally::new();
        e.merge(&tally_of(&xs));
        assert_eq!(e, tally_of(&xs));
    }

    #[test]
    fn small_and_empty_tallies() {
        let e = Tally::new();
        assert_eq!((e.count(), e.sum(), e.variance()), (0, 0.0, 0.0));
        assert!(e.mean().is_nan());
        assert_eq!((e.min(), e.max()), (None, None));

        let one = tally_of(&[4.5]);
        assert_eq!(
            (one.mean(), one.variance(), one.std_error()),
            (4.5, 0.0, 0.0)
        );
        assert_eq!((one.min(), one.max()), (Some(4.5), Some(4.5)));

        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32.
        let t = tally_of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(t.sum(), 40.0);
        assert_eq!(t.mean(), 5.0);
        assert_rel(t.variance(), 32.0 / 7.0, 1e-15, "variance");
    }
}
