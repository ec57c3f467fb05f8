//! The discrete-event engine: one event loop ([`sim`]) over a compiled model of the
//! centre ([`spec`]), recording streaming statistics ([`record`]), summarised across
//! replications ([`summary`]). No I/O, no CLI, no progress bar: progress goes to an
//! [`Observer`] or a callback the caller hands in.

pub mod events;
pub mod record;
pub mod sim;
pub mod spec;
pub mod summary;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::stats::{Moments, WaitHistogram};

pub use record::Recorder;
pub use sim::{EventCounts, Observer, Silent, Sim};
pub use spec::{SimOptions, Spec, compile};
pub use summary::Kpis;

/// The outcome of one replication.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub replication: u64,
    pub rec: Recorder,
    pub counts: EventCounts,
}

/// Run one replication of `spec` with streams derived from (`seed`, `replication`).
pub fn run_replication(
    spec: &Spec,
    seed: u64,
    replication: u64,
    observer: &mut dyn Observer,
) -> RunResult {
    let mut sim = Sim::new(spec, seed, replication);
    sim.run(observer);
    RunResult {
        replication,
        rec: sim.rec,
        counts: sim.counts,
    }
}

/// The contact log of one replication: its first-line contacts, by arrival (equal
/// arrivals in the order they left the queue). A replication run for its log gives the
/// same contacts as the one the statistics come from (same seed, same streams).
pub fn contact_log(spec: &Spec, seed: u64, replication: u64) -> Vec<sim::LoggedContact> {
    let mut sim = Sim::new(spec, seed, replication);
    sim.keep_log();
    sim.run(&mut Silent);
    let mut log = sim.log.unwrap_or_default();
    log.sort_by(|a, b| a.arrival_s.total_cmp(&b.arrival_s));
    log
}

/// Key figures of one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct RepKpis {
    /// First-line queues of each channel.
    pub channels: Vec<Kpis>,
    /// Every queue of each tier.
    pub tiers: Vec<Kpis>,
    /// Each channel at each tier (every language), `[tier][channel]` flattened.
    pub queues: Vec<Kpis>,
    /// First-line queues of every channel.
    pub total: Kpis,
    /// First-line queues of each channel per priority class level (`[channel][level]`,
    /// empty for a channel without classes).
    pub classes: Vec<Vec<Kpis>>,
    /// Busy time / on-duty time of each group.
    pub occupancy: Vec<f64>,
    pub counts: EventCounts,
}

impl RepKpis {
    pub fn of(spec: &Spec, run: &RunResult) -> RepKpis {
        let q = &spec.queues;
        RepKpis {
            channels: (0..spec.channels.len())
                .map(|c| summary::kpis(spec, run, |i| q[i].channel == c && q[i].tier == 0))
                .collect(),
            tiers: (0..spec.tiers.len())
                .map(|k| summary::kpis(spec, run, |i| q[i].tier == k))
                .collect(),
            queues: (0..spec.tiers.len() * spec.channels.len())
                .map(|kc| {
                    let (k, c) = (kc / spec.channels.len(), kc % spec.channels.len());
                    summary::kpis(spec, run, |i| q[i].tier == k && q[i].channel == c)
                })
                .collect(),
            total: summary::kpis(spec, run, |i| q[i].tier == 0),
            classes: spec
                .channels
                .iter()
                .enumerate()
                .map(|(c, ch)| {
                    (0..ch.classes.len())
                        .map(|k| {
                            summary::class_kpis(
                                spec,
                                run,
                                |i| q[i].channel == c && q[i].tier == 0,
                                k,
                            )
                        })
                        .collect()
                })
                .collect(),
            occupancy: run
                .rec
                .groups
                .iter()
                .map(|g| g.occupancy().unwrap_or(f64::NAN))
                .collect(),
            counts: run.counts,
        }
    }
}

/// Replications merged in replication order (so the result does not depend on which
/// thread finished first).
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub seed: u64,
    pub per_rep: Vec<RepKpis>,
    /// Interval cells summed over replications, `[grid interval][queue]`.
    pub cells: Vec<record::Cell>,
    /// Group time per interval summed over replications, `[grid interval][group]`.
    pub group_cells: Vec<record::GroupCell>,
    /// Deferred backlog at interval ends summed over replications, `[grid interval][queue]`.
    pub backlog: Vec<f64>,
    /// Interval ends recorded, summed over replications, `[grid interval]`.
    pub interval_ends: Vec<u32>,
    /// Each cell's KPIs of one replication, tallied across replications,
    /// `[grid interval][queue]`: what [`crate::misses`] judges targets on.
    pub cell_kpis: Vec<CellKpis>,
    /// Each group's occupancy (busy / on-duty time) in one replication's grid interval,
    /// tallied across replications, `[grid interval][group]`; a replication with nobody
    /// of the group on duty there adds nothing.
    pub group_occupancy: Vec<Moments>,
    /// The KPIs of each reported queue (a channel at a tier, every language pooled) in
    /// one replication's grid interval, tallied across replications,
    /// `[grid interval][tier × channels + channel]`: the per-interval curves with their
    /// confidence bands.
    pub lane_cell_kpis: Vec<CellKpis>,
    /// Waits of the answered (deferred: response times) of each reported queue, every
    /// replication merged, `[tier × channels + channel]`: the distribution of waits.
    pub lane_waits: Vec<WaitHistogram>,
}

impl Aggregate {
    /// Reported queues (lanes): tiers × channels.
    pub fn lanes(spec: &Spec) -> usize {
        spec.tiers.len() * spec.channels.len()
    }

    /// The lane of queue `q`: `tier × channels + channel`.
    pub fn lane_of(spec: &Spec, q: usize) -> usize {
        spec.queues[q].tier * spec.channels.len() + spec.queues[q].channel
    }
}

/// The KPIs of one interval cell (grid interval × queue), one value per replication,
/// summed across replications: count, Σx and Σx². A replication where the KPI has no
/// value there (no contact left the queue; for ASA none answered) adds nothing, so each
/// count is the replications that had such contacts. 72 bytes a cell, whatever the
/// horizon and the replications.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellKpis {
    /// [`record::QueueTally::service_level`]: answered within T / (answered + abandoned).
    pub service_level: Moments,
    /// [`record::QueueTally::abandon_rate`]: abandoned / (answered + abandoned).
    pub abandon_rate: Moments,
    /// [`record::QueueTally::asa_s`]: mean wait of the answered (deferred: response), s.
    pub asa_s: Moments,
}

impl CellKpis {
    /// Adds one replication's tally of the cell.
    pub fn record(&mut self, t: &record::QueueTally) {
        if let Some(x) = t.service_level() {
            self.service_level.record(x);
        }
        if let Some(x) = t.abandon_rate() {
            self.abandon_rate.record(x);
        }
        if let Some(x) = t.asa_s() {
            self.asa_s.record(x);
        }
    }
}

/// Run `replications` replications on up to `threads` threads. `progress` receives the
/// share of all simulated time done so far (0..=1), from any thread.
pub fn run_replications(
    spec: &Spec,
    seed: u64,
    replications: u64,
    threads: usize,
    progress: &(dyn Fn(f64) + Sync),
) -> Aggregate {
    let threads = threads.max(1).min(replications.max(1) as usize);
    let next = AtomicUsize::new(0);
    let done_ppm = AtomicU64::new(0);
    let mut agg = Aggregate {
        seed,
        per_rep: Vec::with_capacity(replications as usize),
        cells: vec![record::Cell::default(); spec.n_intervals * spec.queues.len()],
        group_cells: vec![record::GroupCell::default(); spec.n_intervals * spec.groups.len()],
        backlog: vec![0.0; spec.n_intervals * spec.queues.len()],
        interval_ends: vec![0; spec.n_intervals],
        cell_kpis: vec![CellKpis::default(); spec.n_intervals * spec.queues.len()],
        group_occupancy: vec![Moments::default(); spec.n_intervals * spec.groups.len()],
        lane_cell_kpis: vec![CellKpis::default(); spec.n_intervals * Aggregate::lanes(spec)],
        lane_waits: (0..Aggregate::lanes(spec))
            .map(|_| WaitHistogram::new())
            .collect(),
    };
    let lanes = Aggregate::lanes(spec);
    let lane_of: Vec<usize> = (0..spec.queues.len())
        .map(|q| Aggregate::lane_of(spec, q))
        .collect();
    let mut lane_tally = vec![record::QueueTally::default(); lanes];
    // merged in replication order, whichever thread finished first
    let mut pending: BTreeMap<u64, RunResult> = BTreeMap::new();
    let mut want = 0u64;
    let mut merge = |agg: &mut Aggregate, result: RunResult| {
        pending.insert(result.replication, result);
        while let Some(r) = pending.remove(&want) {
            agg.per_rep.push(RepKpis::of(spec, &r));
            for ((a, m), b) in agg
                .cells
                .iter_mut()
                .zip(&mut agg.cell_kpis)
                .zip(&r.rec.cells)
            {
                a.tally.merge(&b.tally);
                a.waits.merge(&b.waits);
                m.record(&b.tally);
            }
            let nq = spec.queues.len();
            for (i, cells) in r.rec.cells.chunks(nq.max(1)).enumerate() {
                lane_tally.fill(record::QueueTally::default());
                for (q, c) in cells.iter().enumerate() {
                    lane_tally[lane_of[q]].merge(&c.tally);
                }
                for (m, t) in agg.lane_cell_kpis[i * lanes..(i + 1) * lanes]
                    .iter_mut()
                    .zip(&lane_tally)
                {
                    m.record(t);
                }
            }
            for (q, w) in r.rec.waits.iter().enumerate() {
                agg.lane_waits[lane_of[q]].merge(w);
            }
            for ((a, m), b) in agg
                .group_cells
                .iter_mut()
                .zip(&mut agg.group_occupancy)
                .zip(&r.rec.group_cells)
            {
                a.busy_area += b.busy_area;
                a.on_duty_area += b.on_duty_area;
                if let Some(x) = b.occupancy() {
                    m.record(x);
                }
            }
            for (a, b) in agg.backlog.iter_mut().zip(&r.rec.backlog) {
                *a += b;
            }
            for (a, b) in agg.interval_ends.iter_mut().zip(&r.rec.interval_ends) {
                *a += b;
            }
            want += 1;
        }
    };
    let worker = |tx: &mut dyn FnMut(RunResult) -> bool| {
        loop {
            let r = next.fetch_add(1, Ordering::Relaxed) as u64;
            if r >= replications {
                break;
            }
            let mut obs = Shared {
                total: &done_ppm,
                mine: 0,
                reps: replications,
                progress,
            };
            if !tx(run_replication(spec, seed, r, &mut obs)) {
                break;
            }
        }
    };
    if threads == 1 {
        // one thread: the calling one (a panic surfaces here, thread-local state such as
        // a test harness's guards sees the run, and no thread is spawned)
        worker(&mut |result| {
            merge(&mut agg, result);
            true
        });
        return agg;
    }
    let (tx, rx) = mpsc::channel::<RunResult>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let worker = &worker;
            scope.spawn(move || worker(&mut |result| tx.send(result).is_ok()));
        }
        drop(tx);
        for result in rx {
            merge(&mut agg, result);
        }
    });
    agg
}

/// Progress of one replication added into the shared total.
struct Shared<'a> {
    total: &'a AtomicU64,
    mine: u64,
    reps: u64,
    progress: &'a (dyn Fn(f64) + Sync),
}

impl Observer for Shared<'_> {
    fn progress(&mut self, done: f64) {
        let ppm = (done.clamp(0.0, 1.0) * 1e6) as u64;
        if ppm > self.mine {
            let delta = ppm - self.mine;
            let now = self.total.fetch_add(delta, Ordering::Relaxed) + delta;
            self.mine = ppm;
            (self.progress)(now as f64 / (1e6 * self.reps as f64));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cell moments are the replications' own cell KPIs tallied in replication
    /// order, whatever the thread count.
    #[test]
    fn cell_moments_are_the_replications_cell_kpis() {
        let s = crate::scenario::load(std::path::Path::new("scenarios/olymp.toml")).unwrap();
        let opt = SimOptions {
            horizon_s: 86400.0,
            warmup_s: 0.0,
            volume_cv: 0.0,
        };
        let spec = compile(&s, &opt).unwrap();
        let (seed, reps) = (7, 3);
        let one = run_replications(&spec, seed, reps, 1, &|_| {});
        let two = run_replications(&spec, seed, reps, 2, &|_| {});
        assert_eq!(one.cell_kpis, two.cell_kpis);
        assert_eq!(one.group_occupancy, two.group_occupancy);
        assert_eq!(one.lane_cell_kpis, two.lane_cell_kpis);
        assert_eq!(one.lane_waits, two.lane_waits);
        let lanes = Aggregate::lanes(&spec);
        let mut lane_cells = vec![CellKpis::default(); spec.n_intervals * lanes];
        let mut waits = vec![0u64; lanes];
        let mut cells = vec![CellKpis::default(); one.cell_kpis.len()];
        let mut occupancy = vec![Moments::default(); one.group_occupancy.len()];
        for r in 0..reps {
            let run = run_replication(&spec, seed, r, &mut Silent);
            for (m, c) in cells.iter_mut().zip(&run.rec.cells) {
                m.record(&c.tally);
            }
            // the lanes by hand: each interval's queues of a tier and channel summed
            for i in 0..spec.n_intervals {
                for (lane, m) in lane_cells[i * lanes..(i + 1) * lanes]
                    .iter_mut()
                    .enumerate()
                {
                    let mut t = record::QueueTally::default();
                    for q in
                        (0..spec.queues.len()).filter(|&q| Aggregate::lane_of(&spec, q) == lane)
                    {
                        t.merge(&run.rec.cells[i * spec.queues.len() + q].tally);
                    }
                    m.record(&t);
                }
            }
            for (q, w) in run.rec.waits.iter().enumerate() {
                waits[Aggregate::lane_of(&spec, q)] += w.count();
            }
            for (m, g) in occupancy.iter_mut().zip(&run.rec.group_cells) {
                if let Some(x) = g.occupancy() {
                    m.record(x);
                }
            }
        }
        assert_eq!(one.cell_kpis, cells);
        assert_eq!(one.group_occupancy, occupancy);
        assert_eq!(one.lane_cell_kpis, lane_cells);
        let counted: Vec<u64> = one.lane_waits.iter().map(|w| w.count()).collect();
        assert_eq!(counted, waits);
        assert!(waits[0] > 1000, "{waits:?}");
        // and they say something: cells with contacts in every replication
        let full = cells
            .iter()
            .filter(|m| m.service_level.count() == reps)
            .count();
        assert!(
            full > 100,
            "{full} cells with contacts in every replication"
        );
        assert!(
            occupancy
                .iter()
                .any(|m| m.count() == reps && m.mean() > 0.0)
        );
    }
}
