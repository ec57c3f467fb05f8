//! Count, sum and sum of squares: the smallest summary of independent values that
//! gives their mean and its standard error.

/// Count, sum and sum of squares of values recorded one at a time (one per
/// replication), in 24 bytes: for summaries kept per cell of a fine grid, where a
/// [`super::Tally`] (40 bytes, Welford) would cost more memory than its accuracy is worth.
/// The variance is (Σx² − (Σx)²/n)/(n − 1): for values of similar size such as shares
/// (0..=1) or waits in seconds it loses a few digits of 16 to cancellation, far below
/// the spread of replications.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    count: u32,
    sum: f64,
    sum_sq: f64,
}

impl Moments {
    /// Adds one value; a value that is not finite is left out.
    #[inline]
    pub fn record(&mut self, x: f64) {
        if x.is_finite() {
            self.count = self.count.saturating_add(1);
            self.sum += x;
            self.sum_sq += x * x;
        }
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        u64::from(self.count)
    }

    /// Their mean; NaN when there are none.
    pub fn mean(&self) -> f64 {
        self.sum / f64::from(self.count)
    }

    /// Sample variance (divisor n − 1); 0 with fewer than two values.
    pub fn variance(&self) -> f64 {
        if self.count < 2 {
            return 0.0;
        }
        let n = f64::from(self.count);
        ((self.sum_sq - self.sum * self.sum / n) / (n - 1.0)).max(0.0)
    }

    /// Standard error of the mean, `sqrt(variance / count)`; 0 with fewer than two values.
    pub fn std_error(&self) -> f64 {
        if self.count < 2 {
            0.0
        } else {
            (self.variance() / f64::from(self.count)).sqrt()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Tally;

    #[test]
    fn the_same_mean_and_spread_as_a_tally() {
        let mut m = Moments::default();
        let mut t = Tally::new();
        // shares of a cell over 12 replications, and ASA-sized values
        for (i, x) in [
            0.81, 0.77, 0.9, 0.62, 0.85, 0.8, 0.79, 0.88, 0.7, 0.83, 0.76, 0.91,
        ]
        .iter()
        .enumerate()
        {
            m.record(*x);
            t.record(*x);
            assert_eq!(m.count(), i as u64 + 1);
            assert!((m.mean() - t.mean()).abs() < 1e-15);
            assert!((m.std_error() - t.std_error()).abs() < 1e-12 * t.std_error().max(1e-300));
        }
        let mut m = Moments::default();
        let mut t = Tally::new();
        for x in [43_200.5, 43_180.25, 43_260.0, 43_199.75] {
            m.record(x);
            t.record(x);
        }
        assert!((m.variance() - t.variance()).abs() < 1e-9 * t.variance());
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 32
        let mut m = Moments::default();
        for x in [
            2.0,
            4.0,
            4.0,
            4.0,
            5.0,
            5.0,
            7.0,
            9.0,
            f64::NAN,
            f64::INFINITY,
        ] {
            m.record(x);
        }
        assert_eq!((m.count(), m.mean(), m.variance()), (8, 5.0, 32.0 / 7.0));
    }

    #[test]
    fn empty_and_single() {
        let e = Moments::default();
        assert!(e.mean().is_nan());
        assert_eq!((e.count(), e.variance(), e.std_error()), (0, 0.0, 0.0));
        let mut one = Moments::default();
        one.record(0.3);
        assert_eq!(
            (one.mean(), one.variance(), one.std_error()),
            (0.3, 0.0, 0.0)
        );
        // equal values: no spread beyond rounding, never a negative variance
        let mut same = Moments::default();
        for _ in 0..7 {
            same.record(0.1);
        }
        assert!(
            same.variance() >= 0.0 && same.std_error() < 1e-9,
            "{same:?}"
        );
        let mut ones = Moments::default();
        for _ in 0..7 {
            ones.record(1.0);
        }
        assert_eq!(ones.std_error(), 0.0);
        assert_eq!(std::mem::size_of::<Moments>(), 24);
    }
}
