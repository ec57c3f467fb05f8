//! Out-of-sample checks of the replay: each period (a month's file of the Anonymous
//! Bank) replayed on its own with the same settings, and each observed KPI judged
//! against the two staffing bounds of its replay. The staffing of a real centre is
//! known only between the bounds (every agent id serving, the most calls in service at
//! once), so an honest replay brackets what customers saw: the observed value lies
//! between the two simulations, allowing each its 95% interval.

use crate::replay::{KpiRow, ReplayResult};
use crate::stats::Estimate;

/// The KPIs judged, in the order shown: abandonment, service level, ASA, the 90th
/// percentile wait of the answered and the mean wait of all.
pub const KEYS: [&str; 5] = [
    "abandon_rate",
    "service_level",
    "asa_s",
    "wait_p90_s",
    "mean_wait_all_s",
];

/// One observed KPI against its two replays.
#[derive(Debug, Clone, PartialEq)]
pub struct Bracketed {
    pub key: &'static str,
    pub label: &'static str,
    pub digits: usize,
    pub observed: f64,
    /// Replayed with the upper staffing bound (every agent id serving).
    pub agent_ids: Estimate,
    /// Replayed with the lower staffing bound (the most calls in service at once).
    pub busy_peak: Estimate,
    /// Whether the observed value lies between the two, each widened by its interval.
    pub inside: bool,
}

/// Lowest and highest value the two replays allow (each mean ± its half-width; a
/// replication count of one allows the mean alone).
pub fn range(a: &Estimate, b: &Estimate) -> (f64, f64) {
    let hw = |e: &Estimate| {
        if e.half_width.is_finite() {
            e.half_width
        } else {
            0.0
        }
    };
    (
        (a.mean - hw(a)).min(b.mean - hw(b)),
        (a.mean + hw(a)).max(b.mean + hw(b)),
    )
}

fn judge(row: &KpiRow) -> Option<Bracketed> {
    let observed = row.observed?;
    let (lo, hi) = range(&row.simulated, &row.simulated_busy_peak);
    Some(Bracketed {
        key: row.key,
        label: row.label,
        digits: row.digits,
        observed,
        agent_ids: row.simulated,
        busy_peak: row.simulated_busy_peak,
        inside: lo <= observed && observed <= hi,
    })
}

/// The judged KPIs of one replay (those the trace records).
pub fn bracket(r: &ReplayResult) -> Vec<Bracketed> {
    KEYS.iter()
        .filter_map(|k| r.rows.iter().find(|row| row.key == *k))
        .filter_map(judge)
        .collect()
}

/// One period replayed on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// The file (or files) it was read from.
    pub source: String,
    /// Contacts replayed.
    pub contacts: usize,
    /// The mean after-call work its replay used, seconds.
    pub wrap_up_s: f64,
    /// The after-call work's coefficient of variation its replay used.
    pub wrap_up_cv: f64,
    pub judged: Vec<Bracketed>,
}

/// Every period: how many month-KPIs lie between their bounds, of how many.
pub fn inside_count(periods: &[Period]) -> (usize, usize) {
    let all = periods.iter().flat_map(|p| &p.judged);
    let total = all.clone().count();
    (all.filter(|b| b.inside).count(), total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64, half_width: f64) -> Estimate {
        Estimate {
            mean,
            half_width,
            n: 10,
        }
    }

    #[test]
    fn the_observed_value_is_judged_against_both_intervals() {
        let row = |observed| KpiRow {
            label: "ASA of answered (s)",
            key: "asa_s",
            observed: Some(observed),
            digits: 1,
            simulated: est(28.0, 0.5),
            simulated_busy_peak: est(39.0, 1.0),
        };
        for (obs, inside) in [
            (27.5, true),
            (27.4, false),
            (34.8, true),
            (40.0, true),
            (40.1, false),
        ] {
            assert_eq!(judge(&row(obs)).map(|b| b.inside), Some(inside), "{obs}");
        }
        // bounds in either order
        let swapped = KpiRow {
            simulated: est(39.0, 1.0),
            simulated_busy_peak: est(28.0, 0.5),
            ..row(27.5)
        };
        assert_eq!(judge(&swapped).map(|b| b.inside), Some(true));
        // a KPI the trace does not record is not judged
        assert_eq!(
            judge(&KpiRow {
                observed: None,
                ..row(1.0)
            }),
            None
        );
        let p = Period {
            source: "x".into(),
            contacts: 1,
            wrap_up_s: 0.0,
            wrap_up_cv: 0.0,
            judged: vec![judge(&row(30.0)).unwrap(), judge(&row(50.0)).unwrap()],
        };
        assert_eq!(inside_count(&[p]), (1, 2));
    }
}
