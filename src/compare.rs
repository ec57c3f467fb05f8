//! `ccsim compare` as a library call: variants of one centre simulated with common
//! random numbers, and the paired difference of every KPI with its confidence
//! interval.
//!
//! Every variant runs with the same master seed, so replication r of each variant
//! sees the same customers: the same arrival streams and, through the per-contact
//! generators of the engine, the same handle time, patience and fate for each of them,
//! whatever the variant's staffing does to the order of events. The difference of a
//! KPI between two variants is then estimated from the replications' paired
//! differences d_r = B_r − A_r: its 95% half-width is t(0.975, R − 1) · sd(d) / √R.
//! Beside it the half-width two independent runs would have given,
//! t(0.975, 2R − 2) · √((s_A² + s_B²) / R), shows what the pairing saves.
//!
//! No printing: `report::compare` renders the [`Comparison`].

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::scenario::{Scenario, Shift};
use crate::simulate::{self, Outcome};
use crate::stats::{Estimate, summarize, t_quantile_975};
use crate::targets::queue_reports;

/// One variant: a scenario, perhaps with a roster file's shifts.
#[derive(Debug, Clone)]
pub struct Variant {
    /// `A`, `B`, …
    pub label: String,
    pub scenario: Scenario,
    pub scenario_path: PathBuf,
    /// The roster file whose shifts the scenario carries.
    pub roster: Option<PathBuf>,
    /// The `--set KEY=VALUE`s written into the scenario.
    pub set: Option<String>,
}

impl Variant {
    /// The files the variant comes from: `olymp.toml` or `olymp.toml + roster.toml`.
    pub fn name(&self) -> String {
        match (&self.roster, &self.set) {
            (Some(r), _) => format!("{} + {}", self.scenario_path.display(), r.display()),
            (None, Some(s)) => format!("{} with {s}", self.scenario_path.display()),
            (None, None) => self.scenario_path.display().to_string(),
        }
    }
}

/// How the variants are simulated: the same for all of them.
#[derive(Debug, Clone, Copy)]
pub struct CompareOptions {
    pub seed: u64,
    pub replications: u64,
    pub threads: usize,
    /// Days simulated (`None`: as `ccsim simulate`, 31).
    pub days: Option<f64>,
}

/// A variant's simulation and what its roster costs.
#[derive(Debug, Clone)]
pub struct Measured {
    pub variant: Variant,
    pub outcome: Outcome,
    /// Paid agent-hours per week of every group's shifts.
    pub paid_hours_per_week: f64,
    /// Those hours at each group's `cost_per_agent_hour`.
    pub cost_per_week: f64,
}

/// The paired difference of one KPI, variant minus the first variant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diff {
    /// Mean of the paired differences.
    pub mean: f64,
    /// 95% half-width from the paired differences.
    pub half_width: f64,
    /// 95% half-width had the two runs been independent (Welch, equal replications).
    pub unpaired_half_width: f64,
    /// Replications with a value in both variants.
    pub n: u64,
    /// Every replication gave exactly the same value in both variants.
    pub identical: bool,
}

impl Diff {
    /// Whether the interval excludes 0: a difference is shown.
    pub fn shown(&self) -> bool {
        !self.identical && self.mean.is_finite() && self.mean.abs() > self.half_width
    }

    /// Unpaired half-width / paired half-width (`None` when the paired one is 0).
    pub fn narrowing(&self) -> Option<f64> {
        (self.half_width > 0.0 && self.unpaired_half_width.is_finite())
            .then(|| self.unpaired_half_width / self.half_width)
    }
}

/// What a KPI measures, for its units and its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A share (service level, abandonment, occupancy): differences in points.
    Share,
    Seconds,
    /// Contacts per replication.
    Count,
}

/// One KPI of one queue or group across the variants.
#[derive(Debug, Clone)]
pub struct Row {
    /// `queue` (a channel at a tier, every language) or `group`.
    pub scope: &'static str,
    pub name: String,
    pub kpi: &'static str,
    pub unit: Unit,
    /// Whether more is better (service level) or less (abandonment, waits).
    pub higher_is_better: Option<bool>,
    /// Each variant's estimate (`None`: the variant has no such queue or group).
    pub values: Vec<Option<Estimate>>,
    /// Each variant against the first (`None` for the first and where either lacks it).
    pub diffs: Vec<Option<Diff>>,
}

/// A week interval and queue where two variants differ most.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalDiff {
    /// The variant compared with the first.
    pub variant: usize,
    /// The demand interval's index and label (`Mon 11:00`).
    pub interval: usize,
    pub label: String,
    /// The queue (a channel at a tier, every language).
    pub queue: String,
    /// Contacts per replication that waited beyond T or abandoned, in the first
    /// variant and in this one.
    pub missed: [f64; 2],
    /// Service level and abandonment of the interval, pooled over replications.
    pub service_level: [f64; 2],
    pub abandon_rate: [f64; 2],
}

/// The outcome of a comparison.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub variants: Vec<Measured>,
    pub rows: Vec<Row>,
    /// Per variant after the first, its intervals that differ most from the first.
    pub intervals: Vec<IntervalDiff>,
    pub options: CompareOptions,
}

/// Intervals reported per variant where it differs most from the first.
pub const TOP_INTERVALS: usize = 5;

/// The paired difference of `b` against `a`, replication by replication (pairs where
/// either is not a number are left out).
pub fn paired(a: &[f64], b: &[f64]) -> Option<Diff> {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (x, y))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let n = pairs.len() as u64;
    if n == 0 {
        return None;
    }
    let d: Vec<f64> = pairs.iter().map(|(x, y)| y - x).collect();
    let identical = pairs.iter().all(|(x, y)| x.to_bits() == y.to_bits());
    let mean = d.iter().sum::<f64>() / n as f64;
    let var = |v: &[f64]| -> f64 {
        if v.len() < 2 {
            return f64::NAN;
        }
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64
    };
    let (half_width, unpaired_half_width) = if identical {
        (0.0, 0.0)
    } else if n >= 2 {
        let xs: Vec<f64> = pairs.iter().map(|p| p.0).collect();
        let ys: Vec<f64> = pairs.iter().map(|p| p.1).collect();
        let paired = t_quantile_975(n - 1) * (var(&d) / n as f64).sqrt();
        let unpaired = t_quantile_975(2 * n - 2) * ((var(&xs) + var(&ys)) / n as f64).sqrt();
        (paired, unpaired)
    } else {
        (f64::NAN, f64::NAN)
    };
    Some(Diff {
        mean: if identical { 0.0 } else { mean },
        half_width,
        unpaired_half_width,
        n,
        identical,
    })
}

/// The KPIs compared for each queue: (name, unit, higher is better, live queues only).
const QUEUE_KPIS: [(&str, Unit, Option<bool>, bool); 7] = [
    ("offered", Unit::Count, None, false),
    ("service_level", Unit::Share, Some(true), false),
    ("asa_s", Unit::Seconds, Some(false), false),
    ("abandon_rate", Unit::Share, Some(false), true),
    ("wait_p90_s", Unit::Seconds, Some(false), false),
    ("answered", Unit::Count, Some(true), false),
    ("mean_queue_length", Unit::Count, Some(false), false),
];

/// Paid hours and their cost per week of every group's shifts.
pub fn roster_cost(s: &Scenario) -> (f64, f64) {
    s.groups.iter().fold((0.0, 0.0), |(h, c), g| {
        let hours: f64 = g.shifts.iter().map(Shift::paid_hours_per_week).sum();
        (h + hours, c + hours * g.cost_per_agent_hour)
    })
}

/// The label of the `i`th variant: `A` … `Z`, then `V27`, `V28`, ….
pub fn label(i: usize) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        format!("V{}", i + 1)
    }
}

/// The variants the files name: two or more scenarios, each a variant; or one
/// scenario whose roster files each make a variant (the scenario's own shifts are the
/// first variant when it has any).
pub fn load_variants(
    scenarios: &[PathBuf],
    rosters: &[PathBuf],
    sets: &[(String, String)],
) -> Result<Vec<Variant>> {
    if scenarios.len() > 1 && !(rosters.is_empty() && sets.is_empty()) {
        return Err(Error::Input(
            "error: --roster and --set make variants of one scenario, but several scenario files were given\n   = help: give one scenario with --roster files or --set values, or several scenario files without them".into(),
        ));
    }
    if !rosters.is_empty() && !sets.is_empty() {
        return Err(Error::Input(
            "error: variants come from --roster files or from --set values, not both\n   = help: compare rosters in one run and --set values in another".into(),
        ));
    }
    let mut out = Vec::new();
    if let (Some(path), false) = (scenarios.first(), sets.is_empty()) {
        // the scenario as it is, then each point of the --set grid
        let text = crate::scenario::read_scenario_text(path)?;
        let base = crate::scenario::load_str(&text, path)?;
        out.push(Variant {
            label: label(0),
            scenario: base,
            scenario_path: path.clone(),
            roster: None,
            set: None,
        });
        for (what, s) in crate::sweep::grid_scenarios(path, &text, sets)? {
            out.push(Variant {
                label: label(out.len()),
                scenario: s,
                scenario_path: path.clone(),
                roster: None,
                set: Some(what),
            });
        }
    } else if rosters.is_empty() {
        for path in scenarios {
            out.push(Variant {
                label: label(out.len()),
                scenario: crate::scenario::load(path)?,
                scenario_path: path.clone(),
                roster: None,
                set: None,
            });
        }
    } else if let Some(path) = scenarios.first() {
        let base = crate::scenario::load(path)?;
        if base.unplanned_problem().is_none() {
            out.push(Variant {
                label: label(0),
                scenario: base.clone(),
                scenario_path: path.clone(),
                roster: None,
                set: None,
            });
        }
        for r in rosters {
            out.push(Variant {
                label: label(out.len()),
                scenario: crate::scenario::load_roster(&base, r)?,
                scenario_path: path.clone(),
                roster: Some(r.clone()),
                set: None,
            });
        }
    }
    if out.len() < 2 {
        return Err(Error::Input(format!(
            "error: a comparison needs two or more variants, and {} {} given\n   = help: give two or more scenario files, or one scenario with --roster files or --set values (a scenario with templates and no shifts is not a variant of its own)",
            out.len(),
            if out.len() == 1 { "was" } else { "were" }
        )));
    }
    Ok(out)
}

/// Simulate every variant with the same seed and compare each with the first.
/// `progress` receives the share done.
pub fn compare(
    variants: &[Variant],
    opt: &CompareOptions,
    progress: &(dyn Fn(f64) + Sync),
) -> Result<Comparison> {
    if variants.len() < 2 {
        return Err(Error::Input(
            "error: a comparison needs two or more variants: give two or more scenario files, or one scenario with --roster files or --set values".into(),
        ));
    }
    let n = variants.len() as f64;
    let mut measured = Vec::with_capacity(variants.len());
    for (i, v) in variants.iter().enumerate() {
        let req = simulate::Request {
            roster: v.roster.as_deref(),
            ..simulate::Request::generated(
                &v.scenario,
                &v.scenario_path,
                opt.seed,
                opt.replications,
                opt.threads,
                opt.days,
            )
        };
        let outcome =
            simulate::run(&req, &|x| progress((i as f64 + x) / n)).map_err(|e| match e {
                Error::Input(m) => Error::Input(format!(
                    "{m}\n   = note: in variant {} ({})",
                    v.label,
                    v.name()
                )),
                other => other,
            })?;
        let (paid_hours_per_week, cost_per_week) = roster_cost(&v.scenario);
        measured.push(Measured {
            variant: v.clone(),
            outcome,
            paid_hours_per_week,
            cost_per_week,
        });
    }
    let rows = rows(&measured);
    let intervals = (1..measured.len())
        .flat_map(|i| differing_intervals(&measured[0], &measured[i], i))
        .collect();
    progress(1.0);
    Ok(Comparison {
        variants: measured,
        rows,
        intervals,
        options: *opt,
    })
}

/// Per-replication values of every (scope, name, kpi) a variant reports.
type Series = Vec<(&'static str, String, &'static str, Vec<f64>)>;

fn series(m: &Measured) -> Series {
    let s = &m.variant.scenario;
    let o = &m.outcome;
    let nc = s.channels.len();
    let names = crate::engine::summary::KPI_NAMES;
    let mut out = Series::new();
    for q in queue_reports(s, o) {
        for &(kpi, _, _, live_only) in &QUEUE_KPIS {
            if live_only && !q.live {
                continue;
            }
            let Some(ix) = names.iter().position(|n| *n == kpi) else {
                continue;
            };
            let v: Vec<f64> = o
                .agg
                .per_rep
                .iter()
                .map(|r| {
                    r.queues
                        .get(q.tier * nc + q.channel)
                        .map_or(f64::NAN, |k| k.values()[ix])
                })
                .collect();
            out.push(("queue", q.name.clone(), kpi, v));
        }
    }
    for (g, group) in s.groups.iter().enumerate() {
        let v: Vec<f64> = o
            .agg
            .per_rep
            .iter()
            .map(|r| r.occupancy.get(g).copied().unwrap_or(f64::NAN))
            .collect();
        out.push(("group", group.name.clone(), "occupancy", v));
    }
    out
}

fn rows(measured: &[Measured]) -> Vec<Row> {
    let all: Vec<Series> = measured.iter().map(series).collect();
    // every (scope, name, kpi) any variant reports, in the first order seen
    let mut keys: Vec<(&'static str, String, &'static str)> = Vec::new();
    for s in &all {
        for (scope, name, kpi, _) in s {
            if !keys
                .iter()
                .any(|k| k.0 == *scope && k.1 == *name && k.2 == *kpi)
            {
                keys.push((scope, name.clone(), kpi));
            }
        }
    }
    keys.into_iter()
        .map(|(scope, name, kpi)| {
            let values_of: Vec<Option<&Vec<f64>>> = all
                .iter()
                .map(|s| {
                    s.iter()
                        .find(|x| x.0 == scope && x.1 == name && x.2 == kpi)
                        .map(|x| &x.3)
                })
                .collect();
            let values = values_of.iter().map(|v| v.map(|v| summarize(v))).collect();
            let diffs = values_of
                .iter()
                .enumerate()
                .map(|(i, v)| match (i, values_of[0], v) {
                    (0, _, _) => None,
                    (_, Some(a), Some(b)) => paired(a, b),
                    _ => None,
                })
                .collect();
            let (unit, higher_is_better) = if scope == "group" {
                (Unit::Share, None)
            } else {
                QUEUE_KPIS
                    .iter()
                    .find(|k| k.0 == kpi)
                    .map_or((Unit::Count, None), |k| (k.1, k.2))
            };
            Row {
                scope,
                name,
                kpi,
                unit,
                higher_is_better,
                values,
                diffs,
            }
        })
        .collect()
}

/// The demand intervals × reported queues where variant `b` and the first differ most
/// in contacts that waited beyond T or abandoned (per replication).
fn differing_intervals(a: &Measured, b: &Measured, variant: usize) -> Vec<IntervalDiff> {
    let sa = &a.variant.scenario;
    let (oa, ob) = (&a.outcome, &b.outcome);
    if oa.spec.n_intervals != ob.spec.n_intervals {
        return Vec::new();
    }
    let reps = |o: &Outcome| o.agg.per_rep.len().max(1) as f64;
    // pooled tallies per (interval, tier, channel) of one outcome
    let pooled = |o: &Outcome| {
        let spec = &o.spec;
        let nq = spec.queues.len();
        let nc = spec.channels.len();
        let nk = spec.tiers.len();
        let mut t = vec![[0u64; 4]; spec.n_intervals * nk * nc];
        for i in 0..spec.n_intervals {
            for (q, qs) in spec.queues.iter().enumerate() {
                if !qs.live {
                    continue;
                }
                let Some(cell) = o.agg.cells.get(i * nq + q) else {
                    continue;
                };
                let x = &mut t[(i * nk + qs.tier) * nc + qs.channel];
                x[0] += cell.tally.answered;
                x[1] += cell.tally.abandoned;
                x[2] += cell.tally.within_t;
                x[3] += 1;
            }
        }
        t
    };
    let (ta, tb) = (pooled(oa), pooled(ob));
    if ta.len() != tb.len() {
        return Vec::new();
    }
    let nc = oa.spec.channels.len();
    let nk = oa.spec.tiers.len();
    let mut out: Vec<IntervalDiff> = Vec::new();
    for i in 0..oa.spec.n_intervals {
        for k in 0..nk {
            for c in 0..nc {
                let ix = (i * nk + k) * nc + c;
                let (x, y) = (ta[ix], tb[ix]);
                if x[3] == 0 && y[3] == 0 {
                    continue;
                }
                let missed = |t: [u64; 4], r: f64| (t[0] + t[1]).saturating_sub(t[2]) as f64 / r;
                let (ma, mb) = (missed(x, reps(oa)), missed(y, reps(ob)));
                if ma == mb {
                    continue;
                }
                let share = |num: u64, t: [u64; 4]| {
                    let left = t[0] + t[1];
                    if left > 0 {
                        num as f64 / left as f64
                    } else {
                        f64::NAN
                    }
                };
                out.push(IntervalDiff {
                    variant,
                    interval: i,
                    label: sa
                        .demand
                        .labels
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("interval {i}")),
                    queue: crate::targets::queue_name(sa, c, k),
                    missed: [ma, mb],
                    service_level: [share(x[2], x), share(y[2], y)],
                    abandon_rate: [share(x[1], x), share(y[1], y)],
                });
            }
        }
    }
    out.sort_by(|p, q| {
        let d = |x: &IntervalDiff| (x.missed[1] - x.missed[0]).abs();
        d(q).total_cmp(&d(p))
            .then(p.interval.cmp(&q.interval))
            .then(p.queue.cmp(&q.queue))
    });
    out.truncate(TOP_INTERVALS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_differences_and_their_half_widths() {
        // B = A + 1 + small noise: the pairing removes A's spread
        let a = [10.0, 20.0, 30.0, 40.0];
        let b = [11.0, 21.5, 30.5, 41.0];
        let d = paired(&a, &b).unwrap();
        assert!((d.mean - 1.0).abs() < 1e-12);
        // d = 1, 1.5, 0.5, 1: sd = 0.408248..., t(0.975, 3) = 3.182446
        let expect = 3.182_446_305 * (1.0_f64 / 6.0).sqrt() / 2.0;
        assert!((d.half_width - expect).abs() < 1e-6, "{d:?}");
        assert!(d.unpaired_half_width > 10.0 * d.half_width, "{d:?}");
        assert!(d.shown());
        let same = paired(&a, &a).unwrap();
        assert!(same.identical && same.mean == 0.0 && same.half_width == 0.0);
        assert!(!same.shown());
        // NaN pairs are left out
        let c = paired(&[1.0, f64::NAN, 3.0], &[2.0, 5.0, 4.0]).unwrap();
        assert_eq!(c.n, 2);
        assert_eq!(c.mean, 1.0);
        assert!(paired(&[f64::NAN], &[1.0]).is_none());
    }
}
