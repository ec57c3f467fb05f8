//! What one replication records, streaming: per queue over the whole run, per cell of
//! the demand grid (interval of the week × queue) and per agent group. Memory depends
//! on the grid and the number of queues, never on the number of contacts or the
//! length of the horizon.

use super::spec::Spec;
use crate::stats::{CoarseWaitHistogram, TimeWeighted, WaitHistogram};

/// Counts and waits of contacts offered to one queue (whole run or one interval cell).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueTally {
    /// Contacts joining the queue (first line: arrivals and re-contacts; later tiers:
    /// escalations).
    pub offered: u64,
    /// Live: answered by an agent. Deferred: responded to (the reply finished).
    pub answered: u64,
    pub abandoned: u64,
    pub escalated: u64,
    /// Answered (live) or responded (deferred) within the queue's target T.
    pub within_t: u64,
    /// Sum of waits of answered contacts (deferred: response times), seconds.
    pub wait_sum_s: f64,
    /// Sum of waits of abandoned contacts until they left, seconds.
    pub abandon_wait_sum_s: f64,
    /// Answered (live) without waiting at all: an agent was free when they arrived.
    pub immediate: u64,
    /// Abandoned within the queue's target T (live): the short abandons that one
    /// service-level definition leaves out.
    pub abandoned_within_t: u64,
    /// Offered but blocked: every trunk line of the channel was taken (counted in
    /// `offered`, never answered nor abandoned).
    pub blocked: u64,
    /// Offered attempts that were redials of a customer blocked or abandoned before
    /// (first-line queues): customers = offered − retries.
    pub retries: u64,
    /// Blocked or abandoned attempts after which the customer did not call again.
    pub lost: u64,
    /// Callers who took a call back instead of waiting (virtual hold).
    pub callbacks: u64,
    /// Calls back made, and of them within the callback target.
    pub callbacks_made: u64,
    pub callbacks_within: u64,
}

impl QueueTally {
    pub fn merge(&mut self, o: &QueueTally) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.abandoned += o.abandoned;
        self.escalated += o.escalated;
        self.within_t += o.within_t;
        self.wait_sum_s += o.wait_sum_s;
        self.abandon_wait_sum_s += o.abandon_wait_sum_s;
        self.immediate += o.immediate;
        self.abandoned_within_t += o.abandoned_within_t;
        self.blocked += o.blocked;
        self.retries += o.retries;
        self.lost += o.lost;
        self.callbacks += o.callbacks;
        self.callbacks_made += o.callbacks_made;
        self.callbacks_within += o.callbacks_within;
    }

    /// Contacts that left the queue: answered (deferred: responded) or abandoned. The
    /// service level's and the abandonment's denominator (`offered` in the report's
    /// definition: contacts still waiting at the end are left out).
    pub fn left(&self) -> u64 {
        self.answered + self.abandoned
    }

    /// Answered within T / (answered + abandoned); deferred work: responded within T /
    /// responded. The service level every target is checked with. `None` when no
    /// contact left the queue.
    pub fn service_level(&self) -> Option<f64> {
        ratio(self.within_t as f64, self.left() as f64)
    }

    /// Abandoned / (answered + abandoned); `None` when no contact left the queue.
    pub fn abandon_rate(&self) -> Option<f64> {
        ratio(self.abandoned as f64, self.left() as f64)
    }

    /// Mean wait of answered contacts (deferred: mean response time), seconds; `None`
    /// when none was answered.
    pub fn asa_s(&self) -> Option<f64> {
        ratio(self.wait_sum_s, self.answered as f64)
    }
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

/// One interval cell: a tally and coarse waits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub tally: QueueTally,
    pub waits: CoarseWaitHistogram,
}

/// Busy and on-duty agents of one group over the recorded period (from the warm-up's
/// end): their areas are agent-seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupLevels {
    pub busy: TimeWeighted,
    pub on_duty: TimeWeighted,
}

impl GroupLevels {
    fn new(warmup_s: f64) -> GroupLevels {
        GroupLevels {
            busy: TimeWeighted::new(warmup_s, 0.0),
            on_duty: TimeWeighted::new(warmup_s, 0.0),
        }
    }

    /// Busy time / on-duty time.
    pub fn occupancy(&self) -> Option<f64> {
        let on_duty = self.on_duty.area();
        (on_duty > 0.0).then(|| self.busy.area() / on_duty)
    }
}

/// One group in one interval: busy and on-duty agent-seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GroupCell {
    pub busy_area: f64,
    pub on_duty_area: f64,
}

impl GroupCell {
    /// Busy time / on-duty time; `None` when nobody was on duty.
    pub fn occupancy(&self) -> Option<f64> {
        ratio(self.busy_area, self.on_duty_area)
    }
}

/// Everything one replication records.
#[derive(Debug, Clone)]
pub struct Recorder {
    pub warmup_s: f64,
    /// Per queue over the run.
    pub queues: Vec<QueueTally>,
    /// Waits of answered contacts (deferred: response times) per queue, fine resolution.
    pub waits: Vec<WaitHistogram>,
    /// `[grid interval][queue]` flattened.
    pub cells: Vec<Cell>,
    pub groups: Vec<GroupLevels>,
    /// `[grid interval][group]`: agent-seconds busy and on duty.
    pub group_cells: Vec<GroupCell>,
    /// `[grid interval][queue]`: sum over the interval's ends of the contacts left in
    /// each deferred queue (the backlog carried into the next interval).
    pub backlog: Vec<f64>,
    /// How often each grid interval's end was recorded.
    pub interval_ends: Vec<u32>,
    last_group_areas: Vec<(f64, f64)>,
    /// Contacts waiting in each queue (not yet in service) over the recorded period:
    /// its area is contact-seconds, the waits that make it up (Little's law); divided
    /// by the recorded time, the time-average queue length.
    pub in_queue: Vec<TimeWeighted>,
    /// Each queue's target T, seconds (NaN: none), for the abandons within it.
    target_s: Vec<f64>,
    /// Priority class levels (see [`Spec::class_levels`]); per-class figures are kept
    /// only when there are more than 1.
    pub levels: usize,
    /// Per queue and class level over the run, `[queue × levels + level]` (empty
    /// without classes).
    pub class_queues: Vec<QueueTally>,
    /// Waits of the answered per queue and class level, like `waits` (empty without
    /// classes).
    pub class_waits: Vec<WaitHistogram>,
    n_queues: usize,
    /// The grid interval of the last contact offered, and the times it spans: the
    /// clock only moves forward, so most contacts fall in it.
    current: (f64, f64, Option<usize>),
}

impl Recorder {
    pub fn new(spec: &Spec) -> Recorder {
        let nq = spec.queues.len();
        Recorder {
            warmup_s: spec.warmup_s,
            queues: vec![QueueTally::default(); nq],
            waits: (0..nq).map(|_| WaitHistogram::new()).collect(),
            cells: vec![Cell::default(); spec.n_intervals * nq],
            groups: vec![GroupLevels::new(spec.warmup_s); spec.groups.len()],
            group_cells: vec![GroupCell::default(); spec.n_intervals * spec.groups.len()],
            backlog: vec![0.0; spec.n_intervals * nq],
            interval_ends: vec![0; spec.n_intervals],
            last_group_areas: vec![(0.0, 0.0); spec.groups.len()],
            in_queue: vec![TimeWeighted::new(spec.warmup_s, 0.0); nq],
            target_s: spec
                .queues
                .iter()
                .map(|q| q.target_s.unwrap_or(f64::NAN))
                .collect(),
            n_queues: nq,
            current: (f64::INFINITY, f64::NEG_INFINITY, None),
            levels: spec.class_levels(),
            class_queues: if spec.class_levels() > 1 {
                vec![QueueTally::default(); nq * spec.class_levels()]
            } else {
                Vec::new()
            },
            class_waits: if spec.class_levels() > 1 {
                (0..nq * spec.class_levels())
                    .map(|_| WaitHistogram::new())
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// Adds to the tally of queue `q`'s class `class` (called only when classes are
    /// kept: out of line, so the class-less path stays as small as it was).
    #[inline(never)]
    fn class_add(&mut self, q: usize, class: u8, add: impl FnOnce(&mut QueueTally)) {
        if let Some(k) = self
            .class_queues
            .get_mut(q * self.levels + usize::from(class))
        {
            add(k);
        }
    }

    /// An answered contact of class `class` in queue `q` (see [`Recorder::class_add`]).
    #[inline(never)]
    fn class_answered(&mut self, q: usize, class: u8, wait: f64, within: bool, immediate: u64) {
        let i = q * self.levels + usize::from(class);
        if let (Some(k), Some(h)) = (self.class_queues.get_mut(i), self.class_waits.get_mut(i)) {
            k.answered += 1;
            k.within_t += within as u64;
            k.wait_sum_s += wait;
            k.immediate += immediate;
            h.record(wait);
        }
    }

    /// No interval cell (before the warm-up, or past a dated forecast).
    pub const NO_CELL: u32 = u32::MAX;

    #[inline]
    fn cell(&mut self, cell: u32) -> Option<&mut Cell> {
        if cell == Self::NO_CELL {
            None
        } else {
            self.cells.get_mut(cell as usize)
        }
    }

    /// A contact joins queue `q` at `t`; returns its interval cell, which the contact
    /// carries so later events need no clock arithmetic.
    #[inline(always)]
    pub fn offered(&mut self, spec: &Spec, q: usize, t: f64, class: u8) -> u32 {
        if t < self.warmup_s {
            return Self::NO_CELL;
        }
        self.queues[q].offered += 1;
        if self.levels > 1 {
            self.class_add(q, class, |k| {
                k.offered += 1;
            });
        }
        let (from, to, current) = self.current;
        let interval = if from <= t && t < to {
            current
        } else {
            let k = spec.interval_index(t);
            let i = spec.grid_cell(k);
            let from = k as f64 * spec.interval_s;
            self.current = (from, from + spec.interval_s, i);
            i
        };
        let Some(i) = interval else {
            return Self::NO_CELL;
        };
        let cell = (i * self.n_queues + q) as u32;
        if let Some(c) = self.cell(cell) {
            c.tally.offered += 1;
        }
        cell
    }

    /// A contact offered to queue `q` (cell `cell`, see [`Recorder::offered`]) finds
    /// every trunk line taken.
    #[inline]
    pub fn blocked(&mut self, q: usize, cell: u32, t: f64, class: u8) {
        if t < self.warmup_s {
            return;
        }
        self.queues[q].blocked += 1;
        if self.levels > 1 {
            self.class_add(q, class, |k| {
                k.blocked += 1;
            });
        }
        if let Some(c) = self.cell(cell) {
            c.tally.blocked += 1;
        }
    }

    /// The contact offered to queue `q` at `queued_s` (cell `cell`) is a redial.
    #[inline]
    pub fn retry(&mut self, q: usize, cell: u32, queued_s: f64, class: u8) {
        if queued_s < self.warmup_s {
            return;
        }
        self.queues[q].retries += 1;
        if self.levels > 1 {
            self.class_add(q, class, |k| {
                k.retries += 1;
            });
        }
        if let Some(c) = self.cell(cell) {
            c.tally.retries += 1;
        }
    }

    /// A blocked or abandoned attempt offered at `queued_s` is the customer's last.
    #[inline]
    pub fn lost(&mut self, q: usize, cell: u32, queued_s: f64, class: u8) {
        if queued_s < self.warmup_s {
            return;
        }
        self.queues[q].lost += 1;
        if self.levels > 1 {
            self.class_add(q, class, |k| {
                k.lost += 1;
            });
        }
        if let Some(c) = self.cell(cell) {
            c.tally.lost += 1;
        }
    }

    /// The caller offered at `queued_s` takes a call back.
    #[inline]
    pub fn callback(&mut self, q: usize, cell: u32, queued_s: f64, class: u8) {
        if queued_s < self.warmup_s {
            return;
        }
        self.queues[q].callbacks += 1;
        if self.levels > 1 {
            self.class_add(q, class, |k| {
                k.callbacks += 1;
            });
        }
        if let Some(c) = self.cell(cell) {
            c.tally.callbacks += 1;
        }
    }

    /// An agent calls back, `within` the callback target or not.
    #[inline]
    pub fn called_back(&mut self, q: usize, cell: u32, queued_s: f64, within: bool, class: u8) {
        if queued_s < self.warmup_s {
            return;
        }
        self.queues[q].callbacks_made += 1;
        self.queues[q].callbacks_within += within as u64;
        if self.levels > 1 {
            self.class_add(q, class, |k| {
                k.callbacks_made += 1;
                k.callbacks_within += within as u64;
            });
        }
        if let Some(c) = self.cell(cell) {
            c.tally.callbacks_made += 1;
            c.tally.callbacks_within += within as u64;
        }
    }

    /// A live contact is answered (or a deferred one responded to) at `t`.
    #[inline(always)]
    pub fn answered(&mut self, spec: &Spec, q: usize, cell: u32, queued_s: f64, t: f64, class: u8) {
        if queued_s < self.warmup_s {
            return;
        }
        let wait = t - queued_s;
        let within = spec.queues[q].target_s.is_some_and(|tt| wait <= tt);
        let immediate = (wait <= 0.0) as u64;
        let qt = &mut self.queues[q];
        qt.answered += 1;
        qt.within_t += within as u64;
        qt.wait_sum_s += wait;
        qt.immediate += immediate;
        self.waits[q].record(wait);
        if self.levels > 1 {
            self.class_answered(q, class, wait, within, immediate);
        }
        if let Some(c) = self.cell(cell) {
            c.tally.answered += 1;
            c.tally.within_t += within as u64;
            c.tally.wait_sum_s += wait;
            c.tally.immediate += immediate;
            c.waits.record(wait);
        }
    }

    #[inline]
    pub fn abandoned(&mut self, q: usize, cell: u32, queued_s: f64, t: f64, class: u8) {
        if queued_s < self.warmup_s {
            return;
        }
        let wait = t - queued_s;
        let within = (wait <= self.target_s[q]) as u64;
        let qt = &mut self.queues[q];
        qt.abandoned += 1;
        qt.abandon_wait_sum_s += wait;
        qt.abandoned_within_t += within;
        if self.levels > 1 {
            self.class_add(q, class, |k| {
                k.abandoned += 1;
                k.abandon_wait_sum_s += wait;
                k.abandoned_within_t += within;
            });
        }
        if let Some(c) = self.cell(cell) {
            c.tally.abandoned += 1;
            c.tally.abandon_wait_sum_s += wait;
            c.tally.abandoned_within_t += within;
        }
    }

    #[inline]
    pub fn escalated(&mut self, q: usize, cell: u32, queued_s: f64, class: u8) {
        if queued_s < self.warmup_s {
            return;
        }
        self.queues[q].escalated += 1;
        if self.levels > 1 {
            self.class_add(q, class, |k| {
                k.escalated += 1;
            });
        }
        if let Some(c) = self.cell(cell) {
            c.tally.escalated += 1;
        }
    }

    #[inline]
    pub fn busy(&mut self, _spec: &Spec, g: usize, t: f64, delta: f64) {
        self.groups[g].busy.add(t, delta);
    }

    #[inline]
    pub fn on_duty(&mut self, _spec: &Spec, g: usize, t: f64, delta: f64) {
        self.groups[g].on_duty.add(t, delta);
    }

    /// The end of a grid interval at `t`: the groups' busy and on-duty time since the
    /// last end goes to that interval, and the deferred backlog is noted.
    pub fn interval_end(&mut self, spec: &Spec, t: f64, backlog_of: impl Fn(usize) -> usize) {
        self.warm_row(spec, t);
        if t <= self.warmup_s {
            // No area yet: `last_group_areas` stay 0.
            return;
        }
        let Some(i) = spec.cycle_interval(t - 0.5 * spec.interval_s) else {
            return;
        };
        self.interval_ends[i] += 1;
        let ng = self.groups.len();
        for (g, l) in self.groups.iter().enumerate() {
            let (busy, on_duty) = (l.busy.area_until(t), l.on_duty.area_until(t));
            let (b0, o0) = self.last_group_areas[g];
            let cell = &mut self.group_cells[i * ng + g];
            cell.busy_area += busy - b0;
            cell.on_duty_area += on_duty - o0;
            self.last_group_areas[g] = (busy, on_duty);
        }
        for (q, qs) in spec.queues.iter().enumerate() {
            if !qs.live {
                self.backlog[i * self.n_queues + q] += backlog_of(q) as f64;
            }
        }
    }

    /// Bring the cells of the interval starting at `t` into the cache in one burst of
    /// independent reads: the arrivals of the interval then find them there instead
    /// of each waiting for memory (a month's cells are megabytes, and each row is
    /// touched only a few times a week).
    fn warm_row(&self, spec: &Spec, t: f64) {
        let Some(i) = spec.cycle_interval(t) else {
            return;
        };
        let Some(row) = self.cells.get(i * self.n_queues..(i + 1) * self.n_queues) else {
            return;
        };
        let mut sum = 0u64;
        for c in row {
            sum = sum
                .wrapping_add(c.tally.offered)
                .wrapping_add(c.tally.within_t)
                .wrapping_add(c.waits.warm_sum());
        }
        std::hint::black_box(sum);
    }

    /// The number of contacts waiting in queue `q` changes by `delta` at `t`.
    #[inline]
    pub fn waiting(&mut self, q: usize, t: f64, delta: f64) {
        self.in_queue[q].add(t, delta);
    }

    /// The end of the run at `t`: the time-weighted levels' areas are brought up to it.
    pub fn finish(&mut self, _spec: &Spec, t: f64) {
        for l in &mut self.in_queue {
            l.add(t, 0.0);
        }
        for l in &mut self.groups {
            l.busy.add(t, 0.0);
            l.on_duty.add(t, 0.0);
        }
    }
}
