//! Key figures of replications: per replication from its recorder, then across
//! replications as mean ± 95% Student-t half-width ([`crate::stats::summarize`]).

use super::RunResult;
use super::record::QueueTally;
use super::spec::Spec;
use crate::stats::{Estimate, WaitHistogram, summarize};

/// The key figures of one set of queues in one replication. Equal when every figure has
/// the same bits (a KPI without data, NaN, equals itself: replications compare as
/// the same run, not as numbers).
#[derive(Debug, Clone, Copy)]
pub struct Kpis {
    pub offered: f64,
    pub answered: f64,
    pub abandoned: f64,
    pub escalated: f64,
    /// Answered within T / (answered + abandoned); deferred: responded within target / responded.
    pub service_level: f64,
    /// Mean wait of answered contacts (deferred: response time), seconds.
    pub asa_s: f64,
    /// abandoned / (answered + abandoned).
    pub abandon_rate: f64,
    pub wait_p50_s: f64,
    pub wait_p90_s: f64,
    pub wait_p99_s: f64,
    /// Mean wait of every contact that left the queue (abandoned ones until they hung up).
    pub mean_wait_all_s: f64,
    /// Live queues: share of the contacts that left the queue who had to wait at all,
    /// 1 − answered at once / (answered + abandoned). NaN where no queue is live.
    pub p_wait: f64,
    /// Answered within T / answered (abandoned contacts left out).
    pub service_level_answered: f64,
    /// Answered within T / (answered + abandoned − abandoned within T): short
    /// abandons count neither way.
    pub service_level_excl_short_abandons: f64,
    /// Time-average number of contacts waiting (not in service), summed over the queues.
    pub mean_queue_length: f64,
    /// Offered contacts that found every trunk line taken.
    pub blocked: f64,
    /// blocked / offered (0 where the channel has no line limit).
    pub blocking: f64,
    /// Offered attempts that were redials.
    pub retries: f64,
    /// Customers: offered − retries (attempts = customers + retries).
    pub customers: f64,
    /// Customers whose last attempt was blocked or abandoned / customers.
    pub customer_loss: f64,
    /// Callers who took a call back instead of waiting.
    pub callbacks: f64,
    /// Calls back made within the callback target / calls back made.
    pub callback_service_level: f64,
}

/// Names of the KPI fields, in output order.
pub const KPI_NAMES: [&str; 22] = [
    "offered",
    "answered",
    "abandoned",
    "escalated",
    "service_level",
    "asa_s",
    "abandon_rate",
    "wait_p50_s",
    "wait_p90_s",
    "wait_p99_s",
    "mean_wait_all_s",
    "p_wait",
    "service_level_answered",
    "service_level_excl_short_abandons",
    "mean_queue_length",
    "blocked",
    "blocking",
    "retries",
    "customers",
    "customer_loss",
    "callbacks",
    "callback_service_level",
];

impl PartialEq for Kpis {
    fn eq(&self, other: &Kpis) -> bool {
        self.values()
            .iter()
            .zip(other.values())
            .all(|(a, b)| a.to_bits() == b.to_bits())
    }
}

impl Kpis {
    pub fn values(&self) -> [f64; 22] {
        [
            self.offered,
            self.answered,
            self.abandoned,
            self.escalated,
            self.service_level,
            self.asa_s,
            self.abandon_rate,
            self.wait_p50_s,
            self.wait_p90_s,
            self.wait_p99_s,
            self.mean_wait_all_s,
            self.p_wait,
            self.service_level_answered,
            self.service_level_excl_short_abandons,
            self.mean_queue_length,
            self.blocked,
            self.blocking,
            self.retries,
            self.customers,
            self.customer_loss,
            self.callbacks,
            self.callback_service_level,
        ]
    }
}

/// KPIs of the queues selected by `pick` in one replication.
pub fn kpis(spec: &Spec, run: &RunResult, pick: impl Fn(usize) -> bool) -> Kpis {
    let parts = (0..spec.queues.len()).filter(|&q| pick(q)).map(|q| {
        let area = run.rec.in_queue.get(q).map_or(0.0, |l| l.area());
        (
            &run.rec.queues[q],
            &run.rec.waits[q],
            spec.queues[q].live,
            area,
        )
    });
    kpis_of(spec, parts)
}

/// KPIs of priority class `level` in the queues selected by `pick` in one replication
/// (NaN throughout when the run kept no classes; the queue length is not kept per class).
pub fn class_kpis(
    spec: &Spec,
    run: &RunResult,
    pick: impl Fn(usize) -> bool,
    level: usize,
) -> Kpis {
    let rec = &run.rec;
    let levels = rec.levels;
    let parts = (0..spec.queues.len())
        .filter(|&q| pick(q) && level < levels)
        .filter_map(|q| {
            let i = q * levels + level;
            Some((
                rec.class_queues.get(i)?,
                rec.class_waits.get(i)?,
                spec.queues[q].live,
                f64::NAN,
            ))
        });
    kpis_of(spec, parts)
}

/// KPIs of tallies, waits, liveness and queue-length areas of some queues.
fn kpis_of<'r>(
    spec: &Spec,
    parts: impl Iterator<Item = (&'r QueueTally, &'r WaitHistogram, bool, f64)>,
) -> Kpis {
    let mut t = QueueTally::default();
    let mut h = WaitHistogram::new();
    let (mut live_left, mut live_immediate, mut queue_area) = (0u64, 0u64, 0.0);
    for (qt, waits, live, area) in parts {
        t.merge(qt);
        h.merge(waits);
        if live {
            live_left += qt.answered + qt.abandoned;
            live_immediate += qt.immediate;
        }
        queue_area += area;
    }
    let recorded_s = spec.horizon_s - spec.warmup_s;
    let left = (t.answered + t.abandoned) as f64;
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    let q = |p: f64| h.quantile(p).unwrap_or(f64::NAN);
    Kpis {
        offered: t.offered as f64,
        answered: t.answered as f64,
        abandoned: t.abandoned as f64,
        escalated: t.escalated as f64,
        service_level: t.service_level().unwrap_or(f64::NAN),
        asa_s: t.asa_s().unwrap_or(f64::NAN),
        abandon_rate: t.abandon_rate().unwrap_or(f64::NAN),
        wait_p50_s: q(0.5),
        wait_p90_s: q(0.9),
        wait_p99_s: q(0.99),
        mean_wait_all_s: ratio(t.wait_sum_s + t.abandon_wait_sum_s, left),
        p_wait: 1.0 - ratio(live_immediate as f64, live_left as f64),
        service_level_answered: ratio(t.within_t as f64, t.answered as f64),
        service_level_excl_short_abandons: ratio(
            t.within_t as f64,
            left - t.abandoned_within_t as f64,
        ),
        mean_queue_length: ratio(queue_area, recorded_s),
        blocked: t.blocked as f64,
        blocking: ratio(t.blocked as f64, t.offered as f64),
        retries: t.retries as f64,
        customers: (t.offered - t.retries.min(t.offered)) as f64,
        customer_loss: ratio(t.lost as f64, (t.offered - t.retries.min(t.offered)) as f64),
        callbacks: t.callbacks as f64,
        callback_service_level: ratio(t.callbacks_within as f64, t.callbacks_made as f64),
    }
}

/// Per-KPI estimates across replications (a KPI undefined in a replication, NaN, is
/// left out of its estimate; NaN when undefined in all).
pub fn estimates(per_run: &[Kpis]) -> Vec<(&'static str, Estimate)> {
    KPI_NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let v: Vec<f64> = per_run.iter().map(|k| k.values()[i]).collect();
            (*name, summarize(&v))
        })
        .collect()
}
