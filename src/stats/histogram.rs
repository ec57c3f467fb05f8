//! Histograms of waiting times: a fine fixed-memory one with an exact zero atom for
//! percentiles, and a coarse one with fixed bin edges for one interval cell.

/// Bits of the f64 mantissa that select the linear sub-bucket inside an octave.
const SUB_BITS: u32 = 7;
/// Mantissa bits below the sub-bucket bits, dropped by the bucket key.
const SHIFT: u32 = f64::MANTISSA_DIGITS - 1 - SUB_BITS;
/// log2 of [`WaitHistogram::RESOLVED_FROM_S`].
const LOW_EXP: i32 = -10;
/// log2 of [`WaitHistogram::RESOLVED_TO_S`].
const HIGH_EXP: i32 = 24;
/// Number of log-linear buckets: 128 per octave over 34 octaves.
const N_BUCKETS: usize = ((HIGH_EXP - LOW_EXP) as usize) << SUB_BITS;

/// Bucket key (exponent and top mantissa bits) of the first resolved bucket.
fn base_key() -> u64 {
    WaitHistogram::RESOLVED_FROM_S.to_bits() >> SHIFT
}

/// Index of the bucket (lo, hi] holding `x`, for `RESOLVED_FROM_S < x <= RESOLVED_TO_S`.
///
/// For positive f64 the bit pattern is monotone in the value, and bucket bounds have
/// all mantissa bits below the sub-bucket bits zero: subtracting one bit before the
/// shift puts a value equal to a bound in the bucket below it, so buckets are closed
/// on the right, like "answered within t".
fn bucket_index(x: f64) -> usize {
    (((x.to_bits() - 1) >> SHIFT) - base_key()) as usize
}

/// Lower (exclusive) bound of bucket `i`, in seconds.
fn bucket_lo_s(i: usize) -> f64 {
    f64::from_bits((base_key() + i as u64) << SHIFT)
}

/// Upper (inclusive) bound of bucket `i`, in seconds.
fn bucket_hi_s(i: usize) -> f64 {
    bucket_lo_s(i + 1)
}

/// Rank (1-based) of the p-quantile among `n` sorted values: the smallest value with at
/// least a share `p` of the values at or below it.
fn rank(p: f64, n: u64) -> u64 {
    ((p * n as f64).ceil() as u64).clamp(1, n)
}

/// A fixed-memory histogram of waiting times in seconds.
///
/// * Zero waits (most contacts in a contact centre are answered at once) are counted
///   exactly, apart from the buckets, as are negative values (rounding noise) and, in
///   release builds, NaN.
/// * Waits in (0, [`Self::RESOLVED_FROM_S`]] (2^-10 s ≈ 0.98 ms) share one bucket.
/// * Waits in ([`Self::RESOLVED_FROM_S`], [`Self::RESOLVED_TO_S`]] (2^24 s ≈ 1.7e7 s,
///   over 194 days) fall into log-linear buckets (lo, hi], 128 equal sub-buckets per
///   power of two (HdrHistogram style), so every bucket has relative width
///   (hi - lo) / lo ≤ 1/128 < 1 %.
/// * Waits above [`Self::RESOLVED_TO_S`] are clamped into one overflow count.
///
/// The exact smallest positive and largest recorded values are kept too. Memory is
/// 4,352 `u64` counters, allocated once by [`Self::new`]; [`Self::record`] never
/// allocates.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitHistogram {
    zeros: u64,
    /// Waits in (0, RESOLVED_FROM_S].
    below: u64,
    counts: Box<[u64]>,
    /// Waits above RESOLVED_TO_S.
    overflow: u64,
    total: u64,
    /// Smallest positive wait; +inf when there is none.
    min_positive_s: f64,
    /// Largest wait; 0 when there is none.
    max_s: f64,
}

impl Default for WaitHistogram {
    fn default() -> Self {
        Self::new()
    }
}

impl WaitHistogram {
    /// Waits up to this value (2^-10 s ≈ 0.98 ms) share a single bucket.
    pub const RESOLVED_FROM_S: f64 = 1.0 / 1024.0;
    /// Waits above this value (2^24 s ≈ 1.7e7 s) are clamped into an overflow count.
    pub const RESOLVED_TO_S: f64 = 16_777_216.0;

    /// An empty histogram (one allocation of 4,352 counters).
    pub fn new() -> Self {
        Self {
            zeros: 0,
            below: 0,
            counts: vec![0; N_BUCKETS].into_boxed_slice(),
            overflow: 0,
            total: 0,
            min_positive_s: f64::INFINITY,
            max_s: 0.0,
        }
    }

    /// Records one wait of `wait_s` seconds. Waits ≤ 0 count as zero waits; NaN is
    /// rejected in debug builds and counts as a zero wait in release builds.
    #[inline]
    pub fn record(&mut self, wait_s: f64) {
        debug_assert!(!wait_s.is_nan(), "WaitHistogram::record(NaN)");
        self.total += 1;
        if wait_s <= 0.0 || wait_s.is_nan() {
            self.zeros += 1;
            return;
        }
        self.min_positive_s = self.min_positive_s.min(wait_s);
        self.max_s = self.max_s.max(wait_s);
        if wait_s <= Self::RESOLVED_FROM_S {
            self.below += 1;
        } else if wait_s <= Self::RESOLVED_TO_S {
            self.counts[bucket_index(wait_s)] += 1;
        } else {
            self.overflow += 1;
        }
    }

    /// Adds the waits recorded in `other`; the result equals the histogram of both
    /// streams recorded into one.
    pub fn merge(&mut self, other: &Self) {
        self.zeros += other.zeros;
        self.below += other.below;
        for (c, o) in self.counts.iter_mut().zip(other.counts.iter()) {
            *c += o;
        }
        self.overflow += other.overflow;
        self.total += other.total;
        self.min_positive_s = self.min_positive_s.min(other.min_positive_s);
        self.max_s = self.max_s.max(other.max_s);
    }

    /// Number of waits recorded.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Number of zero waits recorded (exact).
    pub fn count_zero(&self) -> u64 {
        self.zeros
    }

    /// The share of the waits at most `t_s` seconds (the distribution function), `None`
    /// for an empty histogram: exact at 0 and at bucket bounds, linear inside a bucket.
    pub fn share_within(&self, t_s: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        if t_s.is_nan() || t_s < 0.0 {
            return Some(0.0);
        }
        if t_s >= self.max_s {
            return Some(1.0);
        }
        let mut within = self.zeros as f64;
        if t_s >= Self::RESOLVED_FROM_S {
            within += self.below as f64;
            let i = bucket_index(t_s.min(Self::RESOLVED_TO_S));
            within += self.counts[..i].iter().sum::<u64>() as f64;
            let (lo, hi) = (bucket_lo_s(i), bucket_hi_s(i));
            within += self.counts[i] as f64 * ((t_s - lo) / (hi - lo)).clamp(0.0, 1.0);
        } else if t_s > 0.0 {
            within += self.below as f64 * t_s / Self::RESOLVED_FROM_S;
        }
        Some((within / self.total as f64).clamp(0.0, 1.0))
    }

    /// The p-quantile of the waits in seconds, for `p` in [0, 1] (clamped): the smallest
    /// recorded value `x` with at least a share `p` of the waits ≤ `x` (`p = 0` gives the
    /// minimum, `p = 1` the maximum).
    ///
    /// * `None` for an empty histogram; 0 when it is a zero wait (exact).
    /// * The smallest positive and the largest wait are exact.
    /// * In ([`Self::RESOLVED_FROM_S`], [`Self::RESOLVED_TO_S`]]: the middle of the
    ///   bucket, limited to the recorded minimum and maximum; relative error
    ///   ≤ 1/256 ≈ 0.4 %.
    /// * Below that range: within 0.98 ms (absolute). Above it: the recorded maximum.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        debug_assert!((0.0..=1.0).contains(&p), "quantile p = {p} outside [0, 1]");
        if self.total == 0 {
            return None;
        }
        let r = rank(p.clamp(0.0, 1.0), self.total);
        if r <= self.zeros {
            return Some(0.0);
        }
        // The extremes are known exactly.
        if r == self.zeros + 1 {
            return Some(self.min_positive_s);
        }
        if r == self.total {
            return Some(self.max_s);
        }
        let mut cum = self.zeros + self.below;
        let mid_s = if r <= cum {
            0.5 * Self::RESOLVED_FROM_S
        } else {
            let mut found = None;
            for (i, &c) in self.counts.iter().enumerate() {
                cum += c;
                if r <= cum {
                    found = Some(0.5 * (bucket_lo_s(i) + bucket_hi_s(i)));
                    break;
                }
            }
            match found {
                Some(mid_s) => mid_s,
                None => return Some(self.max_s),
            }
        };
        // The true quantile lies within [min, max]: limiting can only bring us closer.
        Some(mid_s.max(self.min_positive_s).min(self.max_s))
    }
}

/// Upper edges of the bins of [`CoarseWaitHistogram`], seconds: the first bin holds the
/// zero waits, bin i the waits in (edge i - 1, edge i], and one more bin the waits above
/// two days.
const COARSE_EDGES_S: [f64; 24] = [
    0.0, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 300.0, 600.0,
    900.0, 1800.0, 3600.0, 7200.0, 14400.0, 28800.0, 43200.0, 86400.0, 172800.0,
];
const COARSE_BINS: usize = COARSE_EDGES_S.len() + 1;

/// A small fixed-size histogram of waits, for one cell of a fine grid (such as an
/// interval of the week × queue) where a [`WaitHistogram`] per cell would cost too much
/// memory: 25 `u32` counts with bin edges 0, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120,
/// 180, 300, 600, 900 s, ..., 2 days. Quantiles are interpolated linearly inside a bin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CoarseWaitHistogram {
    counts: [u32; COARSE_BINS],
}

impl CoarseWaitHistogram {
    /// Records one wait of `wait_s` seconds; waits ≤ 0 (and NaN) count as zero waits.
    #[inline]
    pub fn record(&mut self, wait_s: f64) {
        let i = if wait_s <= 0.0 {
            0
        } else {
            COARSE_EDGES_S.partition_point(|e| *e < wait_s)
        };
        self.counts[i.min(COARSE_BINS - 1)] += 1;
    }

    /// Number of waits recorded.
    pub fn count(&self) -> u64 {
        self.counts.iter().map(|c| u64::from(*c)).sum()
    }

    /// A value read from each cache line the counts span (to bring them into cache).
    #[inline]
    pub fn warm_sum(&self) -> u64 {
        [0, 12, 24].iter().map(|&i| u64::from(self.counts[i])).sum()
    }

    /// The p-quantile of the waits in seconds, `None` when empty: 0 when it falls among
    /// the zero waits, else interpolated linearly inside its bin at the share `p · count`
    /// of the waits; the open top bin returns its lower edge (2 days).
    pub fn quantile(&self, p: f64) -> Option<f64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let target = p.clamp(0.0, 1.0) * n as f64;
        let mut cum = 0.0;
        for (i, c) in self.counts.iter().enumerate() {
            let c = f64::from(*c);
            if c > 0.0 && cum + c >= target {
                if i == 0 {
                    return Some(0.0);
                }
                let lo = COARSE_EDGES_S[i - 1];
                let Some(hi) = COARSE_EDGES_S.get(i) else {
                    return Some(lo);
                };
                return Some(lo + (hi - lo) * ((target - cum) / c).clamp(0.0, 1.0));
            }
            cum += c;
        }
        Some(COARSE_EDGES_S[COARSE_EDGES_S.len() - 1])
    }

    /// Adds the waits recorded in `other`.
    pub fn merge(&mut self, other: &Self) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distribution function: exact at zero and at a bucket bound, and within a
    /// bucket's width of the empirical share elsewhere.
    #[test]
    fn share_within_is_the_empirical_distribution_function() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| {
                if i < 300 {
                    0.0
                } else {
                    f64::from(i - 299) * 0.37
                }
            })
            .collect();
        let h = histogram_of(xs.iter().copied());
        assert_eq!(h.share_within(0.0), Some(0.3));
        assert_eq!(h.share_within(-1.0), Some(0.0));
        assert_eq!(h.share_within(1e9), Some(1.0));
        for t in [0.5, 1.0, 2.0, 20.0, 25.0, 100.0, 200.0, 258.0] {
            let want = xs.iter().filter(|x| **x <= t).count() as f64 / 1000.0;
            let got = h.share_within(t).unwrap();
            // one bucket (< 1% wide) holds at most a few of these values
            assert!((got - want).abs() <= 0.004, "t = {t}: {got} vs {want}");
        }
        assert_eq!(WaitHistogram::new().share_within(1.0), None);
    }

    fn histogram_of(xs: impl IntoIterator<Item = f64>) -> WaitHistogram {
        let mut h = WaitHistogram::new();
        for x in xs {
            h.record(x);
        }
        h
    }

    /// The exact p-quantile of sorted values, by the same rank rule.
    fn exact_quantile(sorted: &[f64], p: f64) -> f64 {
        sorted[rank(p, sorted.len() as u64) as usize - 1]
    }

    const PS: [f64; 14] = [
        0.0, 1e-5, 1e-4, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.999, 1.0,
    ];

    fn check_uniform_integers(scale_s: f64) {
        let xs: Vec<f64> = (0..100_000u32).map(|i| f64::from(i) * scale_s).collect();
        // Record in a scrambled order: the histogram must not care.
        let h = histogram_of((0..100_000u64).map(|i| xs[(i * 7_919 % 100_000) as usize]));
        assert_eq!((h.count(), h.count_zero()), (100_000, 1));
        for p in PS {
            let exact = exact_quantile(&xs, p);
            let q = h.quantile(p).unwrap();
            if exact == 0.0 {
                assert_eq!(q, 0.0, "scale {scale_s} s, p = {p}");
            } else {
                let rel = (q - exact).abs() / exact;
                assert!(
                    rel <= 1.0 / 256.0,
                    "scale {scale_s} s, p = {p}: {q} vs exact {exact}, rel {rel:e}"
                );
            }
        }
        assert_eq!(h.quantile(1.0), Some(99_999.0 * scale_s));
    }

    #[test]
    fn quantiles_of_uniform_integers_in_milliseconds() {
        check_uniform_integers(0.001);
    }

    #[test]
    fn quantiles_of_uniform_integers_in_seconds() {
        check_uniform_integers(1.0);
    }

    #[test]
    fn zero_atom() {
        let h = histogram_of((0..700).map(|_| 0.0).chain((1..=300).map(f64::from)));
        assert_eq!((h.count(), h.count_zero()), (1_000, 700));
        assert_eq!(h.quantile(0.0), Some(0.0));
        assert_eq!(h.quantile(0.5), Some(0.0));
        assert_eq!(h.quantile(0.7), Some(0.0));
        // Rank 701 is the smallest positive wait, exact.
        assert_eq!(h.quantile(0.701), Some(1.0));
        // Rank 900 is the 200th positive wait, 200 s.
        let q90 = h.quantile(0.9).unwrap();
        assert!((q90 - 200.0).abs() <= 200.0 / 256.0, "q90 = {q90}");
        assert_eq!(WaitHistogram::new().quantile(0.5), None);
        assert_eq!(WaitHistogram::new().count(), 0);
    }

    #[test]
    fn merge_equals_histogram_of_the_concatenation() {
        let xs: Vec<f64> = (0..20_000u32)
            .map(|i| {
                if i % 3 == 0 {
                    0.0
                } else {
                    f64::from(i).powf(1.7) * 1e-4
                }
            })
            .collect();
        let (a, b) = xs.split_at(7_000);
        let mut merged = histogram_of(a.iter().copied());
        merged.merge(&histogram_of(b.iter().copied()));
        let whole = histogram_of(xs.iter().copied());
        assert_eq!(merged, whole);
        assert_eq!(merged.count(), 20_000);
        assert_eq!(merged.count_zero(), 6_667);
        for p in PS {
            assert_eq!(merged.quantile(p), whole.quantile(p), "p = {p}");
        }
        let mut empty = WaitHistogram::new();
        empty.merge(&whole);
        assert_eq!(empty, whole);
    }

    #[test]
    fn bucket_layout() {
        assert_eq!(N_BUCKETS, 4_352);
        assert_eq!(bucket_lo_s(0), WaitHistogram::RESOLVED_FROM_S);
        assert_eq!(bucket_hi_s(N_BUCKETS - 1), WaitHistogram::RESOLVED_TO_S);
        for i in 0..N_BUCKETS {
            let (lo, hi) = (bucket_lo_s(i), bucket_hi_s(i));
            assert!(hi > lo && (hi - lo) / lo <= 1.0 / 128.0, "bucket {i}");
            // Closed on the right, open on the left.
            assert_eq!(bucket_index(hi), i);
            assert_eq!(bucket_index(lo.next_up()), i);
        }
    }

    #[test]
    fn edges_below_and_above_the_resolved_range() {
        let lo = WaitHistogram::RESOLVED_FROM_S;
        let hi = WaitHistogram::RESOLVED_TO_S;
        let h = histogram_of([0.0, -1e-12, 1e-4, lo, hi, 2e7, 3e7]);
        assert_eq!((h.count(), h.count_zero(), h.overflow), (7, 2, 2));
        assert_eq!((h.below, h.counts[N_BUCKETS - 1]), (2, 1));
        assert_eq!(h.counts.iter().sum::<u64>(), 1);
        // Rank 3 is the smallest positive wait, exact; rank 4 is represented within
        // the bucket (0, 0.98 ms].
        assert_eq!(h.quantile(0.4), Some(1e-4));
        let q = h.quantile(0.5).unwrap();
        assert!(q > 1e-4 && q <= lo, "{q}");
        let q = h.quantile(0.7).unwrap();
        assert!((q - hi).abs() <= hi / 256.0, "{q}");
        // Overflow quantiles return the recorded maximum.
        assert_eq!(h.quantile(0.85), Some(3e7));
        assert_eq!(h.quantile(1.0), Some(3e7));
    }

    #[test]
    fn coarse_quantiles_interpolate_inside_a_bin() {
        let mut h = CoarseWaitHistogram::default();
        assert_eq!((h.count(), h.quantile(0.5)), (0, None));
        for _ in 0..70 {
            h.record(0.0);
        }
        for _ in 0..30 {
            h.record(12.0); // bin (10, 15]
        }
        h.record(-1e-9);
        assert_eq!(h.count(), 101);
        assert_eq!(h.quantile(0.5), Some(0.0));
        // 85.85 of 101 waits: 14.85 of the 30 in (10, 15], 10 + 5 · 14.85 / 30.
        let q = h.quantile(0.85).unwrap();
        assert!((q - (10.0 + 5.0 * 14.85 / 30.0)).abs() < 1e-9, "{q}");
        assert_eq!(h.quantile(1.0), Some(15.0));
        // Bins are closed on the right; the top bin is open and returns its lower edge.
        let mut g = CoarseWaitHistogram::default();
        for x in [1.0, 2.0, 3e5] {
            g.record(x);
        }
        assert_eq!(g.counts[1..3], [1, 1]);
        assert_eq!(g.counts[COARSE_BINS - 1], 1);
        assert_eq!(g.quantile(1.0), Some(172_800.0));
        g.merge(&h);
        assert_eq!(g.count(), 104);
        assert_eq!(g.counts[0], 71);
    }
}
