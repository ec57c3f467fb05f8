//! The one event loop: arrivals, routing, service, abandonment, escalation, shifts.
//! No I/O; statistics go to the [`Recorder`], progress to an [`Observer`].

use std::collections::VecDeque;

use rand::Rng as _;
use rand_distr::{Distribution, Exp1, Gamma};

use super::events::EventQueue;
use super::record::Recorder;
use super::spec::Spec;
use crate::rng::{self, Purpose, Rng};
use crate::scenario::Escalation;
use rand::SeedableRng as _;
use rand_xoshiro::SplitMix64;

/// Told how far a run has come; the engine never prints.
pub trait Observer {
    /// `done` in 0..=1 of the simulated horizon.
    fn progress(&mut self, done: f64);
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {
    fn progress(&mut self, _done: f64) {}
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    Arrival {
        stream: u32,
    },
    TraceArrival {
        index: u32,
    },
    /// The earliest pending re-contact is due (stale unless `token` is the current one).
    Recontact {
        token: u32,
    },
    /// A contact's service ends and its agent is free (no after-call work).
    Done {
        agent: u32,
        contact: u32,
    },
    /// A contact's service ends; its agent goes on with after-call work.
    TalkEnd {
        contact: u32,
    },
    /// An agent's after-call work ends.
    WrapEnd {
        agent: u32,
    },
    Abandon {
        contact: u32,
        generation: u32,
    },
    IntervalEnd,
    CrewOn {
        crew: u32,
    },
    CrewOff {
        crew: u32,
    },
}

#[derive(Debug, Clone, Copy)]
struct Contact {
    /// Who the customer is, for their own random numbers (see [`Keys`]).
    key: u64,
    /// Holds one of its channel's trunk lines (released when it leaves the live queues).
    holds_line: bool,
    /// 0 for a customer's first attempt, then 1, 2, … for its redials.
    attempt: u32,
    /// Took a call back (virtual hold): waits off line, never abandons.
    callback: bool,
    generation: u32,
    queue: u32,
    waiting: bool,
    /// Arrival at the current queue, seconds.
    queued_s: f64,
    /// First arrival at the centre, seconds (warm transfers keep it).
    first_s: f64,
    /// Statistics cell of the current queue (see `Recorder::offered`).
    cell: u32,
    /// Replayed contacts: their own handle time (NaN: draw) and patience.
    handle_s: f64,
    patience_min_s: f64,
    patience_exact: bool,
    /// Priority class level: 0 regular, higher served first (kept through escalation,
    /// redials, re-contacts and a call back).
    class: u8,
}

#[derive(Debug, Clone, Copy)]
struct Agent {
    group: u32,
    on_duty: bool,
    leaving: bool,
    load: u32,
    channel: u32,
    token: u32,
    /// When the agent entered its current pool (longest idle first across groups).
    since: f64,
    /// The crew (agents sharing one roster) the agent belongs to.
    crew: u32,
}

/// Agents with identical on-duty periods log on and off together: one event per crew
/// instead of one per agent keeps the event queue small.
#[derive(Debug, Clone)]
struct Crew {
    /// Index into `Spec::agents` of a member (for the periods).
    template: usize,
    members: Vec<u32>,
    /// Next period to start and its cycle.
    next_period: u32,
    next_cycle: i64,
}

/// The grid cell a stream's last arrival fell in (`end_s` = −∞ before the first).
#[derive(Debug, Clone, Copy)]
struct StreamCell {
    /// Grid interval counted from time 0 (not wrapped to the cycle).
    index: u64,
    end_s: f64,
    rate_per_s: f64,
}

/// Counts of what happened, for speed figures and sanity checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventCounts {
    pub arrivals: u64,
    /// Arrivals that found every trunk line taken.
    pub blocked: u64,
    /// Blocked or abandoned attempts followed by a redial.
    pub redials: u64,
    pub starts: u64,
    pub completions: u64,
    pub abandons: u64,
    pub heap_pops: u64,
}

struct Rngs {
    arrivals: Rng,
    absence: Rng,
    volume: Rng,
    keys: Keys,
}

/// Seeds of the per-contact draws. A contact's handle time, patience, fate after
/// service and return as a re-contact at each tier come from a generator seeded by
/// (purpose, the contact's key, the tier), not from a shared sequence: the same
/// customer gets the same numbers whatever the routing, the staffing or the order of
/// events does, so two variants of a centre simulated with one seed differ only by
/// what the variants change (common random numbers that stay in step).
#[derive(Debug, Clone, Copy)]
struct Keys {
    handle: u64,
    patience: u64,
    routing: u64,
    recontact: u64,
    redial: u64,
    callback: u64,
    class: u64,
    wrap_up: u64,
}

/// Key of a generated contact: its stream and its number in the stream.
fn arrival_key(stream: usize, n: u64) -> u64 {
    ((stream as u64) << 40) | (n & ((1 << 40) - 1))
}

/// Key of a replayed contact: its index in the trace (a bit no generated key has).
fn trace_key(index: u32) -> u64 {
    (1 << 63) | u64::from(index)
}

/// Key of the re-contact of an unresolved contact: a hash of the parent's.
fn recontact_key(parent: u64) -> u64 {
    rng::mix64(parent ^ 0x5EC0_47AC_7A11_BAC4)
}

/// Key of a customer's next attempt after a blocked or abandoned one.
fn redial_key(previous: u64) -> u64 {
    rng::mix64(previous ^ 0x0BAD_CA11_5EC0_4D00)
}

/// Entries (possibly abandoned ones not yet dropped) in queue `q`'s FIFOs of class
/// `from_level` and higher.
fn waiting_in(queues: &[VecDeque<(u32, u32)>], levels: usize, q: usize, from_level: u8) -> usize {
    queues[q * levels + usize::from(from_level)..(q + 1) * levels]
        .iter()
        .map(VecDeque::len)
        .sum()
}

/// A forecast's handle-time factor for a contact that joined queue `q` at `t`
/// ([`Spec::handle_scale`]; 1 past its grid or beyond the first line). Out of the
/// common path: most scenarios have none.
#[cold]
#[inline(never)]
fn forecast_scale(spec: &Spec, q: usize, t: f64) -> f64 {
    spec.grid_cell(spec.interval_index(t))
        .and_then(|i| spec.handle_scale.get(q * spec.n_intervals + i))
        .copied()
        .unwrap_or(1.0)
}

/// The generator of one (purpose, contact, tier).
#[inline]
fn keyed(purpose_seed: u64, key: u64, tier: usize) -> SplitMix64 {
    let z = rng::mix64(purpose_seed ^ rng::mix64(key ^ ((tier as u64) << 58)));
    SplitMix64::from_seed(z.to_le_bytes())
}

/// Head start of every queue's class levels, `[queue × levels + level]`: level 0 none,
/// a level above it its channel's head start, or infinite (strict priority).
fn head_starts(spec: &Spec) -> Vec<f64> {
    let levels = spec.queue_levels();
    spec.queues
        .iter()
        .flat_map(|qs| {
            let given = &spec.channels[qs.channel].head_start_s;
            (0..levels).map(move |k| match k {
                0 => 0.0,
                _ => given.get(k).copied().unwrap_or(f64::INFINITY),
            })
        })
        .collect()
}

/// One replication's state.
pub struct Sim<'a> {
    spec: &'a Spec,
    heap: EventQueue<Ev>,
    now: f64,
    contacts: Vec<Contact>,
    free: Vec<u32>,
    /// Waiting contacts (index, generation): one FIFO per queue and class level,
    /// `[queue × levels + level]`; abandoned ones are dropped when they reach the front.
    queues: Vec<VecDeque<(u32, u32)>>,
    /// Class levels the queues keep apart (1 without classes, or when served first
    /// come first served: one FIFO per queue).
    levels: usize,
    /// The highest class level recorded (0 without classes).
    top_class: u8,
    /// Head start of each queue's class levels, seconds, `[queue × levels + level]`
    /// (infinite: strict priority; see [`crate::engine::spec::ChannelSpec::head_start_s`]).
    head_start_s: Vec<f64>,
    /// True when some class has a finite head start: the front contacts of every
    /// class are compared, not just the highest class's.
    keyed: bool,
    /// Per queue, bit k set when the FIFO of level k holds entries (possibly stale).
    queued: Vec<u8>,
    /// Contacts waiting per queue and class level, `[queue × levels + level]`: exact (the
    /// FIFOs may still hold entries of contacts that abandoned, taken out lazily).
    waiting_count: Vec<u32>,
    agents: Vec<Agent>,
    /// idle[group]: agents with nothing in hand, longest idle first.
    idle: Vec<VecDeque<(u32, u32)>>,
    /// partial[group * channels + channel][load]: agents holding `load` chats.
    partial: Vec<Vec<VecDeque<(u32, u32)>>>,
    /// Day-level volume factors (drawn lazily per day).
    day_factor: Vec<f64>,
    /// Each stream's current grid cell: its end and its rate (volume factor included),
    /// so that an arrival inside the same cell needs no grid arithmetic.
    stream_cell: Vec<StreamCell>,
    /// Contacts waiting in the live (deferred) queues each group serves: lets a freed
    /// agent skip scanning empty queues, the common case.
    live_waiting: Vec<u32>,
    deferred_waiting: Vec<u32>,
    /// First-line queue of each channel × language (for re-contacts), `usize::MAX` if
    /// none.
    first_line_of: Vec<usize>,
    crews: Vec<Crew>,
    /// Re-contacts waiting to come back (first-line queue of each), a day or so ahead:
    /// kept apart so that the main event queue holds only the earliest of them and
    /// stays small.
    recontacts: EventQueue<(u32, u64, u32, u8)>,
    /// Arrivals so far of each generated stream (the contacts' keys).
    arrived: Vec<u64>,
    /// Trunk lines in use per channel.
    lines_in_use: Vec<u32>,
    /// Agents on duty per group (a virtual hold's expected wait).
    on_duty_agents: Vec<u32>,
    /// Token and time of the one `Recontact` event in the main queue that is current.
    recontact_token: u32,
    recontact_due_s: f64,
    rng: Rngs,
    pub counts: EventCounts,
    pub rec: Recorder,
    /// First-line contacts as a contact log records them, when asked for
    /// ([`Sim::keep_log`]): answered ones when an agent takes them, abandoned ones when
    /// they hang up. Contacts still waiting at the horizon are not in it.
    pub log: Option<Vec<LoggedContact>>,
}

/// One first-line contact of a simulated contact log (`simulate --write-trace`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedContact {
    /// Arrival at the first-line queue, seconds from the start of the run (Monday 00:00).
    pub arrival_s: f64,
    /// The first-line queue (channel × language) in [`Spec::queues`].
    pub queue: usize,
    /// Time waited until answered or until hanging up, seconds.
    pub wait_s: f64,
    /// Handle time of an answered contact (chat: stretched as served); `None`: abandoned.
    pub handle_s: Option<f64>,
    /// The agent who answered it (index in [`Spec::agents`]); `None`: abandoned.
    pub agent: Option<u32>,
}

impl<'a> Sim<'a> {
    pub fn new(spec: &'a Spec, seed: u64, replication: u64) -> Sim<'a> {
        let s = |p| rng::stream(seed, replication, p);
        let nc = spec.channels.len();
        let partial = (0..spec.groups.len() * nc)
            .map(|i| {
                let c = i % nc;
                let k = spec.channels[c].concurrency as usize;
                if k > 1 {
                    (0..k).map(|_| VecDeque::new()).collect()
                } else {
                    Vec::new()
                }
            })
            .collect();
        let head_start_s = head_starts(spec);
        Sim {
            spec,
            heap: EventQueue::new(),
            now: 0.0,
            contacts: Vec::with_capacity(1024),
            free: Vec::new(),
            queues: vec![VecDeque::new(); spec.queues.len() * spec.queue_levels()],
            levels: spec.queue_levels(),
            top_class: (spec.class_levels() - 1) as u8,
            keyed: head_start_s
                .chunks(spec.queue_levels())
                .any(|q| q.iter().skip(1).any(|h| h.is_finite())),
            head_start_s,
            queued: vec![0; spec.queues.len()],
            waiting_count: vec![0; spec.queues.len() * spec.queue_levels()],
            agents: spec
                .agents
                .iter()
                .map(|a| Agent {
                    group: a.group as u32,
                    on_duty: false,
                    leaving: false,
                    load: 0,
                    channel: 0,
                    token: 0,
                    since: 0.0,
                    crew: 0,
                })
                .collect(),
            idle: vec![VecDeque::new(); spec.groups.len()],
            partial,
            day_factor: Vec::new(),
            stream_cell: vec![
                StreamCell {
                    index: 0,
                    end_s: f64::NEG_INFINITY,
                    rate_per_s: 0.0,
                };
                spec.streams.len()
            ],
            live_waiting: vec![0; spec.groups.len()],
            deferred_waiting: vec![0; spec.groups.len()],
            crews: Vec::new(),
            recontacts: EventQueue::new(),
            arrived: vec![0; spec.streams.len()],
            lines_in_use: vec![0; nc],
            on_duty_agents: vec![0; spec.groups.len()],
            recontact_token: 0,
            recontact_due_s: f64::INFINITY,
            first_line_of: {
                let mut v = vec![usize::MAX; nc * spec.n_languages];
                for (i, q) in spec.queues.iter().enumerate() {
                    if q.tier == 0 {
                        v[q.channel * spec.n_languages + q.language] = i;
                    }
                }
                v
            },
            rng: Rngs {
                arrivals: s(Purpose::Arrivals),
                absence: s(Purpose::Absence),
                volume: s(Purpose::Volume),
                keys: Keys {
                    handle: rng::stream_seed(seed, replication, Purpose::HandleTimes),
                    patience: rng::stream_seed(seed, replication, Purpose::Patience),
                    routing: rng::stream_seed(seed, replication, Purpose::Routing),
                    recontact: rng::stream_seed(seed, replication, Purpose::Recontacts),
                    redial: rng::stream_seed(seed, replication, Purpose::Redials),
                    callback: rng::stream_seed(seed, replication, Purpose::Callbacks),
                    class: rng::stream_seed(seed, replication, Purpose::Classes),
                    wrap_up: rng::stream_seed(seed, replication, Purpose::WrapUp),
                },
            },
            counts: EventCounts::default(),
            rec: Recorder::new(spec),
            log: None,
        }
    }

    /// Keep a contact log of the first-line contacts in [`Sim::log`].
    pub fn keep_log(&mut self) {
        self.log = Some(Vec::new());
    }

    #[inline]
    fn push(&mut self, t: f64, ev: Ev) {
        self.heap.push(t, ev);
    }

    /// Run to the horizon.
    pub fn run(&mut self, observer: &mut dyn Observer) {
        let spec = self.spec;
        if let Some(first) = spec.trace.first() {
            self.push(first.t_s, Ev::TraceArrival { index: 0 });
        }
        // replayed arrivals replace the generated ones (re-contacts still come back)
        let generated = if spec.trace.is_empty() {
            spec.streams.len()
        } else {
            0
        };
        for i in 0..generated {
            if let Some(t) = self.next_arrival(i, 0.0) {
                self.push(t, Ev::Arrival { stream: i as u32 });
            }
        }
        if spec.interval_s < spec.horizon_s {
            self.push(spec.interval_s, Ev::IntervalEnd);
        }
        self.build_crews();
        for k in 0..self.crews.len() {
            self.schedule_first_shift(k);
        }
        let report_every = 1u64 << 16;
        while let Some((t, ev)) = self.heap.pop() {
            if t >= spec.horizon_s {
                break;
            }
            self.now = t;
            self.counts.heap_pops += 1;
            if self.counts.heap_pops % report_every == 0 {
                observer.progress(t / spec.horizon_s);
            }
            match ev {
                Ev::Arrival { stream } => {
                    let st = &spec.streams[stream as usize];
                    if let Some(next) = self.next_arrival(stream as usize, t) {
                        self.push(next, Ev::Arrival { stream });
                    }
                    let n = self.arrived[stream as usize];
                    self.arrived[stream as usize] = n + 1;
                    let key = arrival_key(stream as usize, n);
                    let class = if st.classes.is_empty() {
                        0
                    } else {
                        let u: f64 = keyed(self.rng.keys.class, key, 0).random();
                        st.classes
                            .iter()
                            .find(|(upto, _)| u < *upto)
                            .map_or(0, |&(_, level)| level)
                    };
                    self.arrive(st.queue, t, key, 0, class);
                }
                Ev::Recontact { token } => {
                    if token == self.recontact_token {
                        if let Some((_, (queue, key, attempt, class))) = self.recontacts.pop() {
                            self.recontact_due_s = f64::INFINITY;
                            if let Some(next) = self.recontacts.peek_time() {
                                self.schedule_recontact_event(next);
                            }
                            self.arrive(queue as usize, t, key, attempt, class);
                        }
                    }
                }
                Ev::TraceArrival { index } => {
                    let tr = spec.trace[index as usize];
                    if let Some(next) = spec.trace.get(index as usize + 1) {
                        self.push(next.t_s, Ev::TraceArrival { index: index + 1 });
                    }
                    self.counts.arrivals += 1;
                    let c = self.new_contact(tr.queue, t, t, trace_key(index));
                    let ct = &mut self.contacts[c];
                    ct.handle_s = tr.handle_s;
                    ct.patience_min_s = tr.patience_min_s;
                    ct.patience_exact = tr.patience_exact;
                    ct.class = tr.class.min(self.top_class);
                    self.contacts[c].cell = self.rec.offered(spec, tr.queue, t, ct.class);
                    if self.take_line(c, t) {
                        self.route(c, t);
                    }
                }
                Ev::Done { agent, contact } => {
                    self.contact_done(contact as usize);
                    self.agent_done(agent as usize);
                }
                Ev::TalkEnd { contact } => self.contact_done(contact as usize),
                Ev::WrapEnd { agent } => self.agent_done(agent as usize),
                Ev::Abandon {
                    contact,
                    generation,
                } => {
                    let c = self.contacts[contact as usize];
                    if c.generation == generation && c.waiting {
                        self.counts.abandons += 1;
                        self.rec.waiting(c.queue as usize, t, -1.0);
                        for &g in &spec.queues[c.queue as usize].groups {
                            self.live_waiting[g] -= 1;
                        }
                        self.rec
                            .abandoned(c.queue as usize, c.cell, c.queued_s, t, c.class);
                        if let Some(log) = &mut self.log {
                            if spec.queues[c.queue as usize].tier == 0 {
                                log.push(LoggedContact {
                                    arrival_s: c.queued_s,
                                    queue: c.queue as usize,
                                    wait_s: t - c.queued_s,
                                    handle_s: None,
                                    agent: None,
                                });
                            }
                        }
                        self.redial_or_lose(contact as usize, t, false);
                        self.free_contact(contact as usize);
                    }
                }
                Ev::IntervalEnd => {
                    let (queues, levels) = (&self.queues, self.levels);
                    self.rec
                        .interval_end(spec, t, |q| waiting_in(queues, levels, q, 0));
                    let next = t + spec.interval_s;
                    if next <= spec.horizon_s {
                        self.push(next, Ev::IntervalEnd);
                    }
                }
                Ev::CrewOn { crew } => self.crew_on(crew as usize),
                Ev::CrewOff { crew } => self.crew_off(crew as usize),
            }
        }
        self.now = spec.horizon_s;
        let (queues, levels) = (&self.queues, self.levels);
        self.rec
            .interval_end(spec, spec.horizon_s, |q| waiting_in(queues, levels, q, 0));
        self.rec.finish(spec, self.now);
        observer.progress(1.0);
    }

    /// Put the event for the earliest pending re-contact, due at `at`, in the main
    /// queue; an earlier such event becomes stale.
    fn schedule_recontact_event(&mut self, at: f64) {
        self.recontact_token = self.recontact_token.wrapping_add(1);
        self.recontact_due_s = at;
        let token = self.recontact_token;
        self.push(at, Ev::Recontact { token });
    }

    /// Volume factor of the day containing `t`.
    fn factor(&mut self, t: f64) -> f64 {
        if self.spec.volume_cv <= 0.0 {
            return 1.0;
        }
        let day = (t / 86400.0) as usize; // t ≥ 0
        while self.day_factor.len() <= day {
            let cv = self.spec.volume_cv;
            let f = match Gamma::new(1.0 / (cv * cv), cv * cv) {
                Ok(g) => g.sample(&mut self.rng.volume),
                Err(_) => 1.0,
            };
            self.day_factor.push(f);
        }
        self.day_factor[day]
    }

    /// Next arrival of a non-homogeneous Poisson stream after `t` by inverting the
    /// cumulative rate (piecewise constant on the grid): no thinning, no rounding.
    #[inline]
    fn next_arrival(&mut self, stream: usize, t: f64) -> Option<f64> {
        let e: f64 = Exp1.sample(&mut self.rng.arrivals);
        // the common case: the next arrival falls in the cell of the last one
        let cell = self.stream_cell[stream];
        if t < cell.end_s {
            let span = cell.end_s - t;
            if cell.rate_per_s * span >= e {
                return Some(t + e / cell.rate_per_s);
            }
            let rest = e - cell.rate_per_s * span;
            return self.next_arrival_from(stream, cell.index + 1, cell.end_s, rest);
        }
        self.next_arrival_from(stream, self.spec.interval_index(t), t, e)
    }

    /// The arrival `e` units of cumulative rate after `t`, which lies in grid interval
    /// `i`, walking the grid cells.
    fn next_arrival_from(
        &mut self,
        stream: usize,
        mut i: u64,
        mut t: f64,
        mut e: f64,
    ) -> Option<f64> {
        let spec = self.spec;
        let dt = spec.interval_s;
        let mut idle_span = 0.0;
        while t < spec.horizon_s {
            let cell = spec.grid_cell(i)?;
            let rate = spec.streams[stream].rate_per_s[cell] * self.factor(t);
            let end = ((i as f64 + 1.0) * dt).min(spec.horizon_s);
            let span = end - t;
            if rate > 0.0 {
                idle_span = 0.0;
                if rate * span >= e {
                    // the grid interval divides the day, so the volume factor holds
                    // for the whole cell
                    self.stream_cell[stream] = StreamCell {
                        index: i,
                        end_s: end,
                        rate_per_s: rate,
                    };
                    return Some(t + e / rate);
                }
                e -= rate * span;
            } else {
                idle_span += span;
                if spec.cyclic && idle_span > spec.n_intervals as f64 * dt + 1.0 {
                    return None; // a stream with no traffic at all
                }
            }
            t = end;
            i += 1;
        }
        None
    }

    fn new_contact(&mut self, queue: usize, t: f64, first_s: f64, key: u64) -> usize {
        let c = Contact {
            key,
            holds_line: false,
            attempt: 0,
            callback: false,
            generation: 0,
            queue: queue as u32,
            waiting: false,
            queued_s: t,
            first_s,
            cell: Recorder::NO_CELL,
            handle_s: f64::NAN,
            patience_min_s: f64::NAN,
            patience_exact: false,
            class: 0,
        };
        match self.free.pop() {
            Some(i) => {
                let generation = self.contacts[i as usize].generation;
                self.contacts[i as usize] = Contact { generation, ..c };
                i as usize
            }
            None => {
                self.contacts.push(c);
                self.contacts.len() - 1
            }
        }
    }

    /// A first-line contact of a channel with trunk lines takes one, or is blocked
    /// (recorded, and gone) when every line is taken. Whether it goes on.
    fn take_line(&mut self, c: usize, t: f64) -> bool {
        let spec = self.spec;
        let q = self.contacts[c].queue as usize;
        let qs = &spec.queues[q];
        let Some(k) = spec.channels[qs.channel].lines.filter(|_| qs.tier == 0) else {
            return true;
        };
        if self.lines_in_use[qs.channel] >= k {
            self.counts.blocked += 1;
            self.rec
                .blocked(q, self.contacts[c].cell, t, self.contacts[c].class);
            self.redial_or_lose(c, t, true);
            self.free_contact(c);
            return false;
        }
        self.lines_in_use[qs.channel] += 1;
        self.contacts[c].holds_line = true;
        true
    }

    /// A first-line attempt was blocked (`blocked`) or abandoned at `t`: the customer
    /// calls again after the channel's redial delay with the channel's share, else the
    /// customer is lost. Later tiers' abandons are not redialled.
    fn redial_or_lose(&mut self, c: usize, t: f64, blocked: bool) {
        let spec = self.spec;
        let ct = self.contacts[c];
        let q = ct.queue as usize;
        let qs = &spec.queues[q];
        if qs.tier != 0 {
            return;
        }
        if let Some(r) = &spec.channels[qs.channel].redial {
            let share = if blocked { r.blocked } else { r.abandoned };
            if share > 0.0 {
                let mut g = keyed(self.rng.keys.redial, ct.key, 0);
                if g.random::<f64>() < share {
                    self.counts.redials += 1;
                    let at = t + r.delay.sample(&mut g);
                    if at < spec.horizon_s {
                        self.recontacts
                            .push(at, (q as u32, redial_key(ct.key), ct.attempt + 1, ct.class));
                        if at < self.recontact_due_s {
                            self.schedule_recontact_event(at);
                        }
                    }
                    return;
                }
            }
        }
        self.rec.lost(q, ct.cell, ct.queued_s, ct.class);
    }

    /// Virtual hold: a first-line caller about to wait at `t` (already in the queue) whose
    /// expected wait exceeds the channel's threshold takes a call back with its share:
    /// it keeps its place, hangs up (frees its line) and never abandons. Whether it did.
    fn offer_callback(&mut self, c: usize, q: usize, t: f64) -> bool {
        let spec = self.spec;
        let qs = &spec.queues[q];
        if qs.tier != 0 || !qs.live {
            return false;
        }
        let Some(cb) = &spec.channels[qs.channel].callback else {
            return false;
        };
        let agents: u32 = qs.groups.iter().map(|&g| self.on_duty_agents[g]).sum();
        // itself included, and those it would wait behind: its class and higher
        let level = self.queue_level(self.contacts[c].class);
        let ahead: u32 = self.waiting_count
            [q * self.levels + usize::from(level)..(q + 1) * self.levels]
            .iter()
            .sum();
        let ahead = f64::from(ahead);
        let expected = ahead * qs.mean_handle_s / f64::from(agents.max(1));
        if expected <= cb.above_s {
            return false;
        }
        let ct = self.contacts[c];
        if keyed(self.rng.keys.callback, ct.key, 0).random::<f64>() >= cb.share {
            return false;
        }
        self.contacts[c].callback = true;
        self.release_line(c);
        self.rec.callback(q, ct.cell, t, ct.class);
        true
    }

    /// The contact leaves the live queues: its trunk line, if any, is free again.
    fn release_line(&mut self, c: usize) {
        if self.contacts[c].holds_line {
            self.contacts[c].holds_line = false;
            let ch = self.spec.queues[self.contacts[c].queue as usize].channel;
            self.lines_in_use[ch] -= 1;
        }
    }

    fn free_contact(&mut self, c: usize) {
        self.release_line(c);
        self.stop_waiting(c);
        let ct = &mut self.contacts[c];
        ct.generation = ct.generation.wrapping_add(1);
        self.free.push(c as u32);
    }

    /// Contact `c` leaves its queue's waiting line (answered or abandoned), if it waits.
    #[inline]
    fn stop_waiting(&mut self, c: usize) {
        let ct = self.contacts[c];
        if ct.waiting {
            let level = usize::from(self.queue_level(ct.class));
            self.waiting_count[ct.queue as usize * self.levels + level] -= 1;
            self.contacts[c].waiting = false;
        }
    }

    fn arrive(&mut self, queue: usize, t: f64, key: u64, attempt: u32, class: u8) {
        self.counts.arrivals += 1;
        let c = self.new_contact(queue, t, t, key);
        let class = class.min(self.top_class);
        self.contacts[c].class = class;
        self.contacts[c].cell = self.rec.offered(self.spec, queue, t, class);
        if attempt > 0 {
            self.contacts[c].attempt = attempt;
            self.rec.retry(queue, self.contacts[c].cell, t, class);
        }
        if self.take_line(c, t) {
            self.route(c, t);
        }
    }

    /// Send a contact (already counted as offered to its queue) to an agent or the queue.
    fn route(&mut self, c: usize, t: f64) {
        let spec = self.spec;
        let q = self.contacts[c].queue as usize;
        let qs = &spec.queues[q];
        if let Some(agent) = self.find_agent(q) {
            self.start(agent, c, t);
            return;
        }
        self.rec.waiting(q, t, 1.0);
        if qs.live {
            for &g in &qs.groups {
                self.live_waiting[g] += 1;
            }
        } else {
            for &g in &qs.groups {
                self.deferred_waiting[g] += 1;
            }
        }
        let ct = &mut self.contacts[c];
        ct.waiting = true;
        let (generation, class) = (ct.generation, ct.class);
        let level = usize::from(self.queue_level(class));
        self.waiting_count[q * self.levels + level] += 1;
        if self.levels == 1 {
            self.queues[q].push_back((c as u32, generation));
        } else {
            let level = usize::from(self.queue_level(class));
            self.queues[q * self.levels + level].push_back((c as u32, generation));
            self.queued[q] |= 1 << level;
        }
        if self.offer_callback(c, q, t) {
            return;
        }
        let (floor, exact) = (
            self.contacts[c].patience_min_s,
            self.contacts[c].patience_exact,
        );
        // deferred work (e-mail, tickets) waits in a backlog: nobody hangs up
        let patience = if exact && qs.live {
            Some(floor)
        } else {
            let key = self.contacts[c].key;
            qs.patience.as_ref().map(|p| {
                let mut r = keyed(self.rng.keys.patience, key, qs.tier);
                p.sample_beyond(&mut r, if floor.is_nan() { 0.0 } else { floor })
            })
        };
        if let Some(patience) = patience {
            self.push(
                t + patience,
                Ev::Abandon {
                    contact: c as u32,
                    generation,
                },
            );
        }
    }

    /// The agent a contact arriving at queue `q` goes to: the first group (by
    /// priority) with someone available; within equal priority the least loaded, then
    /// the longest idle.
    fn find_agent(&mut self, q: usize) -> Option<usize> {
        let spec = self.spec;
        let qs = &spec.queues[q];
        let c = qs.channel;
        let nc = spec.channels.len();
        let k = if qs.live {
            spec.channels[c].concurrency as usize
        } else {
            1
        };
        let mut best: Option<(i32, usize, f64, usize, usize)> = None; // (priority, level, since, group, agent)
        for &g in &qs.groups {
            let prio = spec.groups[g].priority;
            if let Some(b) = best {
                if prio > b.0 {
                    break;
                }
            }
            for level in 0..k {
                let pool = if level == 0 {
                    &mut self.idle[g]
                } else {
                    &mut self.partial[g * nc + c][level]
                };
                while let Some(&(a, tok)) = pool.front() {
                    if self.agents[a as usize].token == tok {
                        break;
                    }
                    pool.pop_front();
                }
                if let Some(&(a, _)) = pool.front() {
                    // the front of each pool is its longest waiting agent
                    let cand = (prio, level, self.agents[a as usize].since, g, a as usize);
                    let better = match best {
                        None => true,
                        Some(b) => {
                            (cand.0, cand.1) < (b.0, b.1)
                                || ((cand.0, cand.1) == (b.0, b.1) && cand.2 < b.2)
                        }
                    };
                    if better {
                        best = Some(cand);
                    }
                    break;
                }
            }
        }
        let (_, level, _, g, a) = best?;
        let pool = if level == 0 {
            &mut self.idle[g]
        } else {
            &mut self.partial[g * nc + c][level]
        };
        pool.pop_front();
        Some(a)
    }

    fn start(&mut self, a: usize, c: usize, t: f64) {
        let spec = self.spec;
        self.counts.starts += 1;
        let ct = self.contacts[c];
        let q = ct.queue as usize;
        let qs = &spec.queues[q];
        let ag = &mut self.agents[a];
        ag.load += 1;
        ag.token = ag.token.wrapping_add(1);
        if ag.load == 1 {
            ag.channel = qs.channel as u32;
            self.rec.busy(spec, ag.group as usize, t, 1.0);
        }
        let ch = &spec.channels[qs.channel];
        // a replayed contact's own handle time is what it really took: not stretched
        let own = self.contacts[c].handle_s;
        let drawn = own.is_nan();
        let mut handle = if drawn {
            let x = qs
                .handle
                .sample(&mut keyed(self.rng.keys.handle, ct.key, qs.tier));
            if spec.handle_scale.is_empty() {
                x
            } else {
                x * forecast_scale(spec, q, ct.queued_s)
            }
        } else {
            own
        };
        if qs.live && ch.concurrency > 1 {
            if drawn {
                handle *= 1.0 + ch.stretch * (ag.load as f64 - 1.0);
            }
            if ag.load < ch.concurrency {
                ag.since = t;
                let (g, load, tok) = (ag.group as usize, ag.load as usize, ag.token);
                self.partial[g * spec.channels.len() + qs.channel][load].push_back((a as u32, tok));
            }
        }
        // after-call work: the agent stays busy, the customer has gone
        let wrap_s = match &qs.wrap_up {
            Some(w) => w.sample(&mut keyed(self.rng.keys.wrap_up, ct.key, qs.tier)),
            None => 0.0,
        };
        if ct.waiting {
            let counts = if qs.live {
                &mut self.live_waiting
            } else {
                &mut self.deferred_waiting
            };
            for &g in &qs.groups {
                counts[g] -= 1;
            }
            self.rec.waiting(q, t, -1.0);
        }
        if ct.callback {
            let within = spec.channels[qs.channel]
                .callback
                .as_ref()
                .is_some_and(|cb| t - ct.queued_s <= cb.within_s);
            self.rec
                .called_back(q, ct.cell, ct.queued_s, within, ct.class);
        } else if qs.live {
            self.rec
                .answered(spec, q, ct.cell, ct.queued_s, t, ct.class);
        }
        if let Some(log) = &mut self.log {
            if qs.tier == 0 && !ct.callback {
                log.push(LoggedContact {
                    arrival_s: ct.queued_s,
                    queue: q,
                    wait_s: t - ct.queued_s,
                    handle_s: Some(handle),
                    agent: Some(a as u32),
                });
            }
        }
        self.stop_waiting(c);
        if wrap_s > 0.0 {
            self.push(t + handle, Ev::TalkEnd { contact: c as u32 });
            // t + (handle + wrap): the same instant a single Done would have had
            self.push(t + (handle + wrap_s), Ev::WrapEnd { agent: a as u32 });
        } else {
            self.push(
                t + handle,
                Ev::Done {
                    agent: a as u32,
                    contact: c as u32,
                },
            );
        }
    }

    /// Contact `c`'s service ends: it is resolved, escalated or leaves unresolved (its
    /// line freed, a warm transfer queued at the next tier).
    #[inline(always)]
    fn contact_done(&mut self, c: usize) {
        let spec = self.spec;
        let t = self.now;
        self.counts.completions += 1;
        let ct = self.contacts[c];
        let q = ct.queue as usize;
        let qs = &spec.queues[q];
        if !qs.live {
            self.rec
                .answered(spec, q, ct.cell, ct.queued_s, t, ct.class);
        }
        // what becomes of the contact
        let flow = &spec.tiers[qs.tier];
        let u: f64 = if flow.resolve >= 1.0 {
            0.0
        } else {
            keyed(self.rng.keys.routing, ct.key, qs.tier).random()
        };
        if u < flow.resolve {
            self.free_contact(c);
        } else if u < flow.resolve + flow.escalate && qs.escalate_to.is_some() {
            let (next, mode) = qs.escalate_to.unwrap_or((q, Escalation::Ticket));
            self.rec.escalated(q, ct.cell, ct.queued_s, ct.class);
            // a warm transfer stays on the line; a ticket frees it
            if mode != Escalation::WarmTransfer || !spec.queues[next].live {
                self.release_line(c);
            }
            let first = ct.first_s;
            // a new generation: timers of its wait at this tier (patience) no longer apply
            let ct = &mut self.contacts[c];
            ct.generation = ct.generation.wrapping_add(1);
            // a replayed contact's own handle time and patience were its first line's:
            // the next tier draws both from its own distributions
            ct.handle_s = f64::NAN;
            ct.patience_min_s = f64::NAN;
            ct.patience_exact = false;
            self.contacts[c].queue = next as u32;
            self.contacts[c].queued_s = t;
            self.contacts[c].first_s = if mode == Escalation::WarmTransfer {
                first
            } else {
                t
            };
            let class = self.contacts[c].class;
            self.contacts[c].cell = self.rec.offered(spec, next, t, class);
            self.route(c, t);
        } else {
            // unresolved: may come back later as a new first-line contact
            self.free_contact(c);
            let comes_back = (spec.recontact_share > 0.0)
                .then(|| keyed(self.rng.keys.recontact, ct.key, qs.tier))
                .and_then(|mut r| (r.random::<f64>() < spec.recontact_share).then_some(r));
            if let Some(mut r) = comes_back {
                let d: f64 = Exp1.sample(&mut r);
                let at = t + d * spec.recontact_delay_s;
                if at < spec.horizon_s {
                    let q = self.first_line_of[qs.channel * spec.n_languages + qs.language];
                    if q != usize::MAX {
                        self.recontacts
                            .push(at, (q as u32, recontact_key(ct.key), 0, ct.class));
                        if at < self.recontact_due_s {
                            self.schedule_recontact_event(at);
                        }
                    }
                }
            }
        }
    }

    /// Agent `a` is done with a contact (and its after-call work): it takes the next
    /// contact, waits, or leaves if its period is over.
    #[inline(always)]
    fn agent_done(&mut self, a: usize) {
        let spec = self.spec;
        let t = self.now;
        let ag = &mut self.agents[a];
        ag.load -= 1;
        ag.token = ag.token.wrapping_add(1);
        if ag.load > 0 {
            // still holding chats: take another of the same channel, else wait at this load
            let ch = ag.channel as usize;
            if ag.leaving {
                return;
            }
            if let Some(next) = self.oldest_waiting(a, Some(ch)) {
                self.start(a, next, t);
            } else {
                let ag = &mut self.agents[a];
                ag.since = t;
                let (g, load, tok) = (ag.group as usize, ag.load as usize, ag.token);
                self.partial[g * spec.channels.len() + ch][load].push_back((a as u32, tok));
            }
            return;
        }
        self.rec.busy(spec, ag.group as usize, t, -1.0);
        if ag.leaving {
            ag.leaving = false;
            ag.on_duty = false;
            let g = ag.group as usize;
            self.on_duty_agents[g] -= 1;
            self.rec.on_duty(spec, g, t, -1.0);
            return;
        }
        self.take_work_or_idle(a, t);
    }

    /// An agent with nothing in hand takes the oldest waiting live contact it serves,
    /// else the oldest deferred one, else waits.
    fn take_work_or_idle(&mut self, a: usize, t: f64) {
        if let Some(next) = self.oldest_waiting(a, None) {
            self.start(a, next, t);
            return;
        }
        let g = self.agents[a].group as usize;
        if let Some(next) = self.oldest_deferred(g) {
            self.start(a, next, t);
            return;
        }
        self.agents[a].since = t;
        let tok = self.agents[a].token;
        self.idle[g].push_back((a as u32, tok));
    }

    /// Oldest waiting live contact among the agent's queues (of one channel if given).
    fn oldest_waiting(&mut self, a: usize, channel: Option<usize>) -> Option<usize> {
        let spec = self.spec;
        let g = self.agents[a].group as usize;
        if self.live_waiting[g] == 0 && !cfg!(debug_assertions) {
            return None;
        }
        // queues come sorted by priority: among the queues of the first priority that
        // has a contact waiting, the highest class, the oldest within it (the first
        // queue on a tie)
        let mut best: Option<(f64, usize, i32, u8)> = None;
        for &q in &spec.groups[g].live_queues {
            let qs = &spec.queues[q];
            if let Some(ch) = channel {
                if qs.channel != ch {
                    continue;
                }
            }
            if best.is_some_and(|b| qs.priority > b.2) {
                break;
            }
            if let Some((c, level)) = self.head(q) {
                let queued_s = self.contacts[c as usize].queued_s;
                let better = match best {
                    None => true,
                    Some(b) => self.served_before((q, level, queued_s), (b.1, b.3, b.0)),
                };
                if better {
                    best = Some((queued_s, q, qs.priority, level));
                }
            }
        }
        if cfg!(debug_assertions) && channel.is_none() {
            assert_eq!(
                best.is_some(),
                self.live_waiting[g] > 0,
                "group {g} count {}",
                self.live_waiting[g]
            );
        }
        let (_, q, _, level) = best?;
        self.pop(q, level)
    }

    /// The first waiting contact of queue `q` in its highest class that has one, and
    /// that class; abandoned entries met on the way are dropped.
    #[inline(always)]
    fn head(&mut self, q: usize) -> Option<(u32, u8)> {
        if self.levels == 1 {
            // no classes: the one FIFO of the queue (its bit is not needed)
            return self.live_front(q).map(|c| (c, 0));
        }
        self.head_by_class(q)
    }

    /// The first contact of FIFO `fifo` (`queue × levels + level`) still waiting; the
    /// entries of contacts that left before it are dropped on the way.
    #[inline(always)]
    fn live_front(&mut self, fifo: usize) -> Option<u32> {
        let dq = &mut self.queues[fifo];
        while let Some(&(c, generation)) = dq.front() {
            let ct = &self.contacts[c as usize];
            if ct.generation == generation && ct.waiting {
                return Some(c);
            }
            dq.pop_front();
        }
        None
    }

    /// Whether a waiting contact `a` (queue, class level, time queued) is served before
    /// `b`: the earlier of the times queued less each one's head start, the higher
    /// class on a tie (both strict), the earlier queued then.
    #[inline]
    fn served_before(&self, a: (usize, u8, f64), b: (usize, u8, f64)) -> bool {
        if self.levels == 1 {
            return a.2 < b.2;
        }
        let key = |(q, level, queued_s): (usize, u8, f64)| {
            queued_s - self.head_start_s[q * self.levels + usize::from(level)]
        };
        let (ka, kb) = (key(a), key(b));
        ka < kb || (ka == kb && (a.1 > b.1 || (a.1 == b.1 && a.2 < b.2)))
    }

    /// [`Sim::head`] with classes: the front contact of the class served first. With
    /// strict priority the highest class that has one; with head starts the one whose
    /// time queued less its head start is the earliest.
    #[inline(never)]
    fn head_by_class(&mut self, q: usize) -> Option<(u32, u8)> {
        if !self.keyed {
            return self.head_of_highest_class(q);
        }
        let mut best: Option<(u32, u8)> = None;
        let mut mask = self.queued[q];
        while mask != 0 {
            let level = 7 - mask.leading_zeros() as usize;
            mask &= !(1 << level);
            let Some(c) = self.live_front(q * self.levels + level) else {
                self.queued[q] &= !(1 << level);
                continue;
            };
            let queued_s = self.contacts[c as usize].queued_s;
            let better = best.is_none_or(|(b, bl)| {
                let b_queued_s = self.contacts[b as usize].queued_s;
                self.served_before((q, level as u8, queued_s), (q, bl, b_queued_s))
            });
            if better {
                best = Some((c, level as u8));
            }
        }
        best
    }

    /// The front contact of queue `q`'s highest class that has one (strict priority).
    fn head_of_highest_class(&mut self, q: usize) -> Option<(u32, u8)> {
        let mut mask = self.queued[q];
        while mask != 0 {
            let level = 7 - mask.leading_zeros() as usize;
            if let Some(c) = self.live_front(q * self.levels + level) {
                return Some((c, level as u8));
            }
            mask &= !(1 << level);
            self.queued[q] = mask;
        }
        None
    }

    /// The FIFO level a contact of `class` waits in: its class, or 0 when the queues
    /// keep no classes apart.
    #[inline]
    fn queue_level(&self, class: u8) -> u8 {
        class.min((self.levels - 1) as u8)
    }

    /// Take the front contact of queue `q`'s class `level` (found by [`Sim::head`]).
    #[inline]
    fn pop(&mut self, q: usize, level: u8) -> Option<usize> {
        let level = usize::from(level);
        let dq = &mut self.queues[q * self.levels + level];
        let (c, _) = dq.pop_front()?;
        if dq.is_empty() {
            self.queued[q] &= !(1 << level);
        }
        Some(c as usize)
    }

    fn oldest_deferred(&mut self, g: usize) -> Option<usize> {
        let spec = self.spec;
        if self.deferred_waiting[g] == 0 && !cfg!(debug_assertions) {
            return None;
        }
        let mut best: Option<(f64, usize, i32, u8)> = None;
        for &q in &spec.groups[g].deferred_queues {
            let prio = spec.queues[q].priority;
            if best.is_some_and(|b| prio > b.2) {
                break;
            }
            if let Some((c, level)) = self.head(q) {
                let queued_s = self.contacts[c as usize].queued_s;
                let better = match best {
                    None => true,
                    Some(b) => self.served_before((q, level, queued_s), (b.1, b.3, b.0)),
                };
                if better {
                    best = Some((queued_s, q, prio, level));
                }
            }
        }
        let (_, q, _, level) = best?;
        self.pop(q, level)
    }

    /// Group agents with identical periods into crews.
    fn build_crews(&mut self) {
        let spec = self.spec;
        let mut index: std::collections::HashMap<Vec<u64>, usize> =
            std::collections::HashMap::new();
        for (a, ag) in spec.agents.iter().enumerate() {
            if ag.periods.is_empty() {
                continue;
            }
            let key: Vec<u64> = ag
                .periods
                .iter()
                .flat_map(|(s, e)| [s.to_bits(), e.to_bits()])
                .collect();
            let k = *index.entry(key).or_insert_with(|| {
                self.crews.push(Crew {
                    template: a,
                    members: Vec::new(),
                    next_period: 0,
                    next_cycle: 0,
                });
                self.crews.len() - 1
            });
            self.crews[k].members.push(a as u32);
            self.agents[a].crew = k as u32;
        }
    }

    fn period_times(&self, k: usize, idx: u32, cycle: i64) -> (f64, f64) {
        let (s, e) = self.spec.agents[self.crews[k].template].periods[idx as usize];
        let base = cycle as f64 * self.spec.cycle_s;
        (base + s, base + e)
    }

    fn schedule_first_shift(&mut self, k: usize) {
        let n = self.spec.agents[self.crews[k].template].periods.len() as u32;
        // the first period (from the cycle before, for night shifts) still running at 0 or later
        for cycle in [-1i64, 0, 1] {
            for idx in 0..n {
                let (s, e) = self.period_times(k, idx, cycle);
                if e > 0.0 {
                    self.crews[k].next_period = idx;
                    self.crews[k].next_cycle = cycle;
                    self.push(s.max(0.0), Ev::CrewOn { crew: k as u32 });
                    return;
                }
            }
        }
    }

    fn schedule_next_shift(&mut self, k: usize) {
        let n = self.spec.agents[self.crews[k].template].periods.len() as u32;
        let crew = &mut self.crews[k];
        crew.next_period += 1;
        if crew.next_period >= n {
            crew.next_period = 0;
            crew.next_cycle += 1;
        }
        let (s, _) = self.period_times(k, self.crews[k].next_period, self.crews[k].next_cycle);
        if s < self.spec.horizon_s {
            self.push(s.max(self.now), Ev::CrewOn { crew: k as u32 });
        }
    }

    /// A crew's period starts: each member comes on duty unless absent for the shift.
    fn crew_on(&mut self, k: usize) {
        let spec = self.spec;
        let t = self.now;
        let (_, end) = self.period_times(k, self.crews[k].next_period, self.crews[k].next_cycle);
        for i in 0..self.crews[k].members.len() {
            let a = self.crews[k].members[i] as usize;
            let g = self.agents[a].group as usize;
            let absent = spec.groups[g].absence > 0.0
                && self.rng.absence.random::<f64>() < spec.groups[g].absence;
            let ag = &mut self.agents[a];
            if ag.leaving {
                // still finishing a contact from the last period: simply stays on duty
                ag.leaving = absent;
                if !absent {
                    ag.token = ag.token.wrapping_add(1);
                    if ag.load < spec.channels[ag.channel as usize].concurrency && ag.load > 0 {
                        let (load, tok, ch) = (ag.load as usize, ag.token, ag.channel as usize);
                        ag.since = t;
                        self.partial[g * spec.channels.len() + ch][load].push_back((a as u32, tok));
                    }
                }
                continue;
            }
            if absent || ag.on_duty {
                continue;
            }
            ag.on_duty = true;
            ag.token = ag.token.wrapping_add(1);
            self.on_duty_agents[g] += 1;
            self.rec.on_duty(spec, g, t, 1.0);
            if self.agents[a].load == 0 {
                self.take_work_or_idle(a, t);
            }
        }
        if end.is_finite() && end < spec.horizon_s {
            self.push(end, Ev::CrewOff { crew: k as u32 });
        } else {
            self.schedule_next_shift(k);
        }
    }

    /// A crew's period ends: members with nothing in hand leave; the others finish the
    /// contact in hand first.
    fn crew_off(&mut self, k: usize) {
        let spec = self.spec;
        let t = self.now;
        for i in 0..self.crews[k].members.len() {
            let a = self.crews[k].members[i] as usize;
            let ag = &mut self.agents[a];
            if !ag.on_duty || ag.leaving {
                continue;
            }
            ag.token = ag.token.wrapping_add(1); // out of every pool
            if ag.load > 0 {
                ag.leaving = true;
                continue;
            }
            ag.on_duty = false;
            let g = ag.group as usize;
            self.on_duty_agents[g] -= 1;
            self.rec.on_duty(spec, g, t, -1.0);
        }
        self.schedule_next_shift(k);
    }
}
