//! The engine's own model of a centre: flat vectors indexed by small integers, built
//! once from a validated scenario ([`compile`]) and shared read-only by every
//! replication.

use crate::dist::{Dist, Sampler};
use crate::scenario::{ChannelKind, Escalation, Scenario};

/// Options of a simulation run that are not part of the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// Simulated horizon, seconds (warm-up included).
    pub horizon_s: f64,
    /// Statistics ignore contacts arriving before this time, seconds.
    pub warmup_s: f64,
    /// Coefficient of variation of a day-level volume factor (0: plain Poisson).
    pub volume_cv: f64,
}

/// A first-line arrival stream: one channel × language.
#[derive(Debug, Clone)]
pub struct Stream {
    pub channel: usize,
    pub language: usize,
    /// Arrival rate per second in each interval of the demand grid.
    pub rate_per_s: Vec<f64>,
    /// Queue the stream's contacts join first.
    pub queue: usize,
    /// Priority classes of its contacts: (cumulative share, class level), highest
    /// class first; a draw past the last share is regular (level 0). Empty: every
    /// contact is regular.
    pub classes: Vec<(f64, u8)>,
}

/// Most priority classes a channel has, regular (level 0) included.
pub const MAX_CLASSES: usize = 4;

/// One queue: channel × language × tier, live or deferred.
#[derive(Debug, Clone)]
pub struct QueueSpec {
    pub channel: usize,
    pub language: usize,
    pub tier: usize,
    pub live: bool,
    pub handle: Sampler,
    /// Mean of `handle`, seconds (a virtual hold's expected wait).
    pub mean_handle_s: f64,
    /// Patience of waiting customers (live queues only).
    pub patience: Option<Sampler>,
    /// Service-level T (live) or response target (deferred), seconds.
    pub target_s: Option<f64>,
    /// Groups serving this queue, in routing order (lower priority value first).
    pub groups: Vec<usize>,
    /// Queue where an escalation from here goes, and how.
    pub escalate_to: Option<(usize, Escalation)>,
    /// A freed agent takes the oldest contact of its lowest-priority-number queues first.
    pub priority: i32,
    /// After-call work: drawn for each contact served; the contact ends with its talk
    /// (line freed, escalation queued), the agent stays busy this much longer. `None`:
    /// none (`[tier.wrap_up]` gives it; a replay adds it to the trace's talk times).
    pub wrap_up: Option<Sampler>,
}

/// One agent group.
#[derive(Debug, Clone)]
pub struct GroupSpec {
    pub name: String,
    pub priority: i32,
    /// Live queues the group serves, by priority (see [`QueueSpec::priority`]).
    pub live_queues: Vec<usize>,
    /// Deferred queues (e-mail, tickets) the group works when no live contact waits, by
    /// priority.
    pub deferred_queues: Vec<usize>,
    /// Probability that an agent is absent for a whole shift (shrinkage other than breaks).
    pub absence: f64,
}

/// One agent and its on-duty periods within the cycle.
#[derive(Debug, Clone)]
pub struct AgentSpec {
    pub group: usize,
    /// On-duty periods (start, end) in seconds within one cycle, sorted, breaks removed.
    /// An end beyond the cycle runs into the next cycle.
    pub periods: Vec<(f64, f64)>,
}

/// Per-channel settings.
#[derive(Debug, Clone)]
pub struct ChannelSpec {
    pub name: String,
    pub live: bool,
    /// Contacts an agent holds at once.
    pub concurrency: u32,
    /// With j contacts at once each takes (1 + stretch·(j−1)) × its drawn handle time.
    pub stretch: f64,
    /// Trunk lines of the channel's calls (`None`: no limit).
    pub lines: Option<u32>,
    /// Who calls again after a blocked or abandoned first-line attempt.
    pub redial: Option<RedialSpec>,
    /// Virtual hold (see [`crate::scenario::model::Callback`]).
    pub callback: Option<crate::scenario::model::Callback>,
    /// Names of the channel's customer priority classes by level: `[0]` is `regular`,
    /// higher levels are served first. Empty: the channel has no classes.
    pub classes: Vec<String>,
    /// How far ahead each class level is served, seconds: a waiting contact of level
    /// k is served as if it had arrived `head_start_s[k]` earlier (the Anonymous Bank
    /// gave priority customers 90 s). Infinite: before every lower level whatever
    /// their waits (strict priority). Empty: strict for every level above 0.
    pub head_start_s: Vec<f64>,
}

/// Redials of a channel (see [`crate::scenario::model::Redial`]).
#[derive(Debug, Clone)]
pub struct RedialSpec {
    pub blocked: f64,
    pub abandoned: f64,
    pub delay: Sampler,
}

/// One replayed arrival (trace replay).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceArrival {
    pub t_s: f64,
    pub queue: usize,
    /// Its own handle time, seconds; NaN to draw from the queue's distribution.
    pub handle_s: f64,
    /// Patience: exactly this when `patience_exact`, else at least this plus a draw
    /// from the queue's patience distribution.
    pub patience_min_s: f64,
    pub patience_exact: bool,
    /// Priority class level (0 regular, higher served first; below [`MAX_CLASSES`]).
    pub class: u8,
}

/// Tier flow probabilities.
#[derive(Debug, Clone)]
pub struct TierFlow {
    pub resolve: f64,
    pub escalate: f64,
}

/// The compiled centre.
#[derive(Debug, Clone)]
pub struct Spec {
    pub interval_s: f64,
    /// Length of the demand grid in intervals; the grid repeats when `cyclic`.
    pub n_intervals: usize,
    pub cyclic: bool,
    pub horizon_s: f64,
    pub warmup_s: f64,
    pub volume_cv: f64,
    pub channels: Vec<ChannelSpec>,
    pub n_languages: usize,
    pub tiers: Vec<TierFlow>,
    pub streams: Vec<Stream>,
    pub queues: Vec<QueueSpec>,
    pub groups: Vec<GroupSpec>,
    pub agents: Vec<AgentSpec>,
    /// Share of unresolved contacts that come back, and their mean delay, seconds.
    pub recontact_share: f64,
    pub recontact_delay_s: f64,
    /// Length of the shift cycle (a week), seconds.
    pub cycle_s: f64,
    /// Replayed arrivals, sorted by time; when not empty they replace the streams.
    pub trace: Vec<TraceArrival>,
    /// Serve every contact first come first served whatever its priority class (the
    /// classes are still recorded): `ccsim replay --fifo`.
    pub fifo: bool,
    /// Factor on each drawn handle time by queue and the demand-grid interval the
    /// contact joined the queue in (`[queue * n_intervals + interval]`): a forecast's
    /// `aht` over the tier's mean handle time, so the first line takes the handle time
    /// the forecast (and `ccsim staff`) assumes, in the tier's shape. Empty: 1
    /// everywhere (no forecast gives one).
    pub handle_scale: Vec<f64>,
}

impl Spec {
    /// Priority class levels the engine keeps apart: 1 when no channel has classes
    /// (every contact regular), at most [`MAX_CLASSES`].
    pub fn class_levels(&self) -> usize {
        let channels = self.channels.iter().map(|c| c.classes.len());
        let trace = self.trace.iter().map(|t| usize::from(t.class) + 1);
        channels
            .chain(trace)
            .max()
            .unwrap_or(1)
            .clamp(1, MAX_CLASSES)
    }

    /// Class levels the waiting queues keep apart: 1 when served first come first
    /// served ([`Spec::fifo`]), else [`Spec::class_levels`].
    pub fn queue_levels(&self) -> usize {
        if self.fifo { 1 } else { self.class_levels() }
    }

    /// Rate of a stream at time `t_s` (piecewise constant on the grid).
    pub fn cycle_interval(&self, t_s: f64) -> Option<usize> {
        self.grid_cell(self.interval_index(t_s))
    }

    /// The grid interval containing `t_s` (≥ 0), counted from time 0.
    #[inline]
    pub fn interval_index(&self, t_s: f64) -> u64 {
        // t ≥ 0: truncation is the floor, without a libm call
        (t_s / self.interval_s) as u64
    }

    /// The demand-grid cell of interval `i` counted from time 0: wrapped when the grid
    /// repeats, `None` past the end of a dated one.
    #[inline]
    pub fn grid_cell(&self, i: u64) -> Option<usize> {
        if self.cyclic {
            Some((i % self.n_intervals as u64) as usize)
        } else {
            usize::try_from(i).ok().filter(|&i| i < self.n_intervals)
        }
    }
}

/// A first-line queue's [`QueueSpec::handle_scale`]: per interval, the forecast's mean
/// handle time over `mean_s` where the forecast gives one, 1 elsewhere; empty when it
/// gives none.
fn forecast_scale(s: &Scenario, c: usize, l: usize, mean_s: f64) -> Vec<f64> {
    let d = &s.demand;
    let scale: Vec<f64> = (0..d.n_intervals)
        .map(|i| {
            let v = d.aht_s.get(d.index(i, c, l)).copied().unwrap_or(f64::NAN);
            if v.is_finite() && v > 0.0 && mean_s > 0.0 {
                v / mean_s
            } else {
                1.0
            }
        })
        .collect();
    if scale.iter().all(|&x| x == 1.0) {
        Vec::new()
    } else {
        scale
    }
}

/// Why a scenario cannot be simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileError(pub String);

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const WEEK_S: f64 = 7.0 * 86400.0;

/// Build the engine's model of a scenario.
pub fn compile(s: &Scenario, opt: &SimOptions) -> Result<Spec, CompileError> {
    // a group of templates alone has no agents: it would leave its queues unanswered
    if let Some(g) = s.unplanned_group() {
        return Err(CompileError(format!(
            "group `{}` has shift templates but no shifts: run `ccsim plan` and pass its roster with --roster FILE",
            g.name
        )));
    }
    let nc = s.channels.len();
    let nl = s.languages.len();
    let nt = s.tiers.len();
    let cyclic = s.demand.is_cyclic();
    // where time 0 falls in the roster's week: Monday 00:00 for a repeating week, the
    // first interval's weekday and time of day for a dated forecast
    let roster_origin_s = if cyclic {
        0.0
    } else {
        f64::from(s.demand.weekday.first().copied().unwrap_or(0)) * 86400.0
            + s.demand.time_of_day_s.first().copied().unwrap_or(0.0)
    };
    let channels: Vec<ChannelSpec> = s
        .channels
        .iter()
        .map(|c| match &c.kind {
            ChannelKind::Live {
                concurrency,
                concurrency_stretch,
                ..
            } => ChannelSpec {
                name: c.name.clone(),
                live: true,
                concurrency: (*concurrency).max(1),
                stretch: *concurrency_stretch,
                lines: c.lines,
                redial: c.redial.as_ref().map(|r| RedialSpec {
                    blocked: r.blocked,
                    abandoned: r.abandoned,
                    delay: r.delay.sampler(),
                }),
                callback: c.callback.clone(),
                classes: class_names(c),
                head_start_s: class_head_starts(c),
            },
            ChannelKind::Deferred => ChannelSpec {
                name: c.name.clone(),
                live: false,
                concurrency: 1,
                stretch: 0.0,
                lines: None,
                redial: None,
                callback: None,
                classes: class_names(c),
                head_start_s: class_head_starts(c),
            },
        })
        .collect();
    // queues: (tier, channel, language), handle time from the tier or the nearest earlier one
    let qid = |k: usize, c: usize, l: usize| (k * nc + c) * nl + l;
    let mut queues = Vec::with_capacity(nt * nc * nl);
    // the first line's handle-time factors, queue by queue (its queues come first)
    let mut scale_of: Vec<Vec<f64>> = Vec::with_capacity(nc * nl);
    for k in 0..nt {
        for (c, ch) in s.channels.iter().enumerate() {
            let live = s.is_live_at(c, k);
            let Some(handle) = s.handle_time_at(c, k) else {
                return Err(CompileError(format!(
                    "channel {} has no handle time at tier {} or before: add [tier.handle_time] {} = ...",
                    ch.name, s.tiers[k].name, ch.name
                )));
            };
            let wrap_up = s.wrap_up_at(c, k);
            let patience = match &ch.kind {
                ChannelKind::Live {
                    patience: Some(p), ..
                } if live => Some(p.sampler()),
                _ => None,
            };
            // a tier's ticket target without `within` falls back to the channel's T
            let target_s = s.target_at(c, k).within_s.or(ch.target.within_s);
            let escalate_to = (k + 1 < nt && s.tiers[k].escalate > 0.0).then(|| {
                let mode = if live {
                    s.tiers[k]
                        .escalation
                        .get(c)
                        .copied()
                        .unwrap_or(Escalation::Ticket)
                } else {
                    Escalation::Ticket
                };
                (qid(k + 1, c, 0), mode) // language added at run time
            });
            for l in 0..nl {
                queues.push(QueueSpec {
                    channel: c,
                    language: l,
                    tier: k,
                    live,
                    handle: handle.sampler(),
                    // an agent's time per contact, after-call work included
                    mean_handle_s: handle.mean_s() + wrap_up.map_or(0.0, |w| w.mean_s()),
                    patience: patience.clone(),
                    target_s,
                    groups: Vec::new(),
                    escalate_to: escalate_to.map(|(q, m)| (q + l, m)),
                    priority: ch.priority,
                    wrap_up: wrap_up.map(|w| w.sampler()),
                });
                if k == 0 {
                    scale_of.push(forecast_scale(s, c, l, handle.mean_s()));
                }
            }
        }
    }
    // groups and the queues they serve
    let mut groups = Vec::with_capacity(s.groups.len());
    let mut agents = Vec::new();
    for (gi, g) in s.groups.iter().enumerate() {
        let mut live_queues = Vec::new();
        let mut deferred_queues = Vec::new();
        for &c in &g.channels {
            for &l in &g.languages {
                let q = qid(g.tier, c, l);
                if queues[q].live {
                    live_queues.push(q);
                } else {
                    deferred_queues.push(q);
                }
                queues[q].groups.push(gi);
            }
        }
        let absence = g.shrinkage.absence();
        live_queues.sort_by_key(|&q| (queues[q].priority, q));
        deferred_queues.sort_by_key(|&q| (queues[q].priority, q));
        groups.push(GroupSpec {
            name: g.name.clone(),
            priority: g.priority,
            live_queues,
            deferred_queues,
            absence,
        });
        for sh in &g.shifts {
            let mut periods = Vec::new();
            for (day, works) in sh.days.iter().enumerate() {
                if !works {
                    continue;
                }
                let start = day as f64 * 86400.0 + sh.start_s;
                let end = start + sh.length_s;
                let mut cuts: Vec<(f64, f64)> = sh
                    .breaks
                    .iter()
                    .map(|b| (start + b.after_s, (start + b.after_s + b.length_s).min(end)))
                    .collect();
                cuts.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut t = start;
                for (bs, be) in cuts {
                    if bs > t {
                        periods.push((t, bs));
                    }
                    t = t.max(be);
                }
                if end > t {
                    periods.push((t, end));
                }
            }
            // a dated forecast's clock starts at its first interval, not at Monday
            // 00:00: the roster's week is placed so that its weekday and time match
            let periods = if cyclic {
                periods
            } else {
                periods
                    .into_iter()
                    .map(|(a, b)| {
                        let (a, b) = (a - roster_origin_s, b - roster_origin_s);
                        if a < 0.0 {
                            (a + WEEK_S, b + WEEK_S)
                        } else {
                            (a, b)
                        }
                    })
                    .collect()
            };
            let periods = merge_periods(periods, WEEK_S);
            for _ in 0..sh.agents {
                agents.push(AgentSpec {
                    group: gi,
                    periods: periods.clone(),
                });
            }
        }
    }
    for q in &mut queues {
        q.groups.sort_by_key(|&g| (groups[g].priority, g));
    }
    // first-line streams
    let d = &s.demand;
    let mut streams = Vec::new();
    for c in 0..nc {
        for l in 0..nl {
            let rate_per_s: Vec<f64> = (0..d.n_intervals)
                .map(|i| d.contacts(i, c, l) / s.interval_s)
                .collect();
            if rate_per_s.iter().any(|r| *r > 0.0) {
                streams.push(Stream {
                    channel: c,
                    language: l,
                    rate_per_s,
                    queue: qid(0, c, l),
                    classes: class_draws(&s.channels[c]),
                });
            }
        }
    }
    Ok(Spec {
        interval_s: s.interval_s,
        n_intervals: d.n_intervals,
        cyclic,
        horizon_s: opt.horizon_s,
        warmup_s: opt.warmup_s,
        volume_cv: opt.volume_cv,
        channels,
        n_languages: nl,
        tiers: s
            .tiers
            .iter()
            .map(|t| TierFlow {
                resolve: t.resolve,
                escalate: t.escalate,
            })
            .collect(),
        streams,
        queues,
        groups,
        agents,
        recontact_share: s.recontact.share,
        recontact_delay_s: s.recontact.delay_s,
        cycle_s: WEEK_S,
        trace: Vec::new(),
        fifo: false,
        handle_scale: if scale_of.iter().all(Vec::is_empty) {
            Vec::new()
        } else {
            let n = s.demand.n_intervals;
            scale_of
                .iter()
                .flat_map(|v| {
                    if v.is_empty() {
                        vec![1.0; n]
                    } else {
                        v.clone()
                    }
                })
                .collect()
        },
    })
}

/// Class names of a channel by level (`regular` first), empty without classes.
fn class_names(c: &crate::scenario::Channel) -> Vec<String> {
    if c.classes.is_empty() {
        return Vec::new();
    }
    let mut names = vec!["regular".to_string()];
    names.extend(c.classes.iter().rev().map(|k| k.name.clone()));
    names
}

/// A channel's head starts by class level (`[0]` regular: 0; a class without one:
/// infinite, strict priority), empty without classes.
fn class_head_starts(c: &crate::scenario::Channel) -> Vec<f64> {
    if c.classes.is_empty() {
        return Vec::new();
    }
    let mut heads = vec![0.0];
    heads.extend(
        c.classes
            .iter()
            .rev()
            .map(|k| k.head_start_s.unwrap_or(f64::INFINITY)),
    );
    heads
}

/// A channel's classes as cumulative shares, highest class first, with their levels.
fn class_draws(c: &crate::scenario::Channel) -> Vec<(f64, u8)> {
    let n = c.classes.len();
    let mut sum = 0.0;
    c.classes
        .iter()
        .enumerate()
        .map(|(i, k)| {
            sum += k.share;
            (sum, (n - i) as u8)
        })
        .collect()
}

/// A single FCFS queue served by `agents` identical agents on duty around the clock:
/// the teaching and validation model (M/M/c, M/M/c+M, M/G/c, M/M/c/c by patience 0).
pub fn single_queue(
    arrival_rate_per_s: f64,
    handle: &Dist,
    patience: Option<&Dist>,
    agents: u32,
    target_s: f64,
    opt: &SimOptions,
) -> Spec {
    let interval_s = 1800.0;
    let n_intervals = 336;
    Spec {
        interval_s,
        n_intervals,
        cyclic: true,
        horizon_s: opt.horizon_s,
        warmup_s: opt.warmup_s,
        volume_cv: opt.volume_cv,
        channels: vec![ChannelSpec {
            name: "voice".into(),
            live: true,
            concurrency: 1,
            stretch: 0.0,
            lines: None,
            redial: None,
            callback: None,
            classes: Vec::new(),
            head_start_s: Vec::new(),
        }],
        n_languages: 1,
        tiers: vec![TierFlow {
            resolve: 1.0,
            escalate: 0.0,
        }],
        streams: vec![Stream {
            channel: 0,
            language: 0,
            rate_per_s: vec![arrival_rate_per_s; n_intervals],
            queue: 0,
            classes: Vec::new(),
        }],
        queues: vec![QueueSpec {
            channel: 0,
            language: 0,
            tier: 0,
            live: true,
            handle: handle.sampler(),
            mean_handle_s: handle.mean_s(),
            patience: patience.map(|p| p.sampler()),
            target_s: Some(target_s),
            groups: vec![0],
            escalate_to: None,
            priority: 0,
            wrap_up: None,
        }],
        groups: vec![GroupSpec {
            name: "agents".into(),
            priority: 0,
            live_queues: vec![0],
            deferred_queues: Vec::new(),
            absence: 0.0,
        }],
        agents: (0..agents)
            .map(|_| AgentSpec {
                group: 0,
                periods: vec![(0.0, f64::INFINITY)],
            })
            .collect(),
        recontact_share: 0.0,
        recontact_delay_s: 0.0,
        cycle_s: WEEK_S,
        trace: Vec::new(),
        fifo: false,
        handle_scale: Vec::new(),
    }
}

/// Sort and join periods that touch or overlap, also across the end of the cycle, so
/// that an agent on duty around the clock never logs off.
pub fn merge_periods(mut p: Vec<(f64, f64)>, cycle_s: f64) -> Vec<(f64, f64)> {
    p.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(p.len());
    for (s, e) in p {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    // a period running past the cycle's end that reaches the first one: join them
    if out.len() > 1 {
        let first = out[0];
        let last = out[out.len() - 1];
        if last.1 >= cycle_s + first.0 {
            let n = out.len();
            out[n - 1].1 = last.1.max(cycle_s + first.1);
            out.remove(0);
        }
    }
    if out.len() == 1 && out[0].1 - out[0].0 >= cycle_s {
        // on duty the whole cycle
        out[0] = (0.0, f64::INFINITY);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dated_forecast_places_the_roster_on_its_own_weekday_and_time() {
        // the forecast starts Sunday 2019-01-06 22:00: time 0 is Sunday 22:00, so the
        // Sunday 20:00 shift of 8 hours is on duty from -2 h to 6 h: the week's last 2
        // hours running 6 hours into the next (and, at the start, from 0 to 6 h); before
        // the fix it sat at Monday 00:00-04:00, 22 hours off
        let s = crate::scenario::load(std::path::Path::new("tests/data/forecast/week.toml"))
            .expect("forecast scenario");
        assert!(!s.demand.is_cyclic());
        let opt = SimOptions {
            horizon_s: 2.0 * 86400.0,
            warmup_s: 0.0,
            volume_cv: 0.0,
        };
        let spec = compile(&s, &opt).expect("compiles");
        let h = 3600.0;
        for a in &spec.agents {
            assert_eq!(a.periods, vec![(WEEK_S - 2.0 * h, WEEK_S + 6.0 * h)]);
        }
        assert_eq!(spec.agents.len(), 3);
    }

    #[test]
    fn periods_merge_around_the_week() {
        let day = 86400.0;
        // three 8-hour shifts every day: on duty always
        let mut p = Vec::new();
        for d in 0..7 {
            for s in 0..3 {
                let st = d as f64 * day + s as f64 * 8.0 * 3600.0;
                p.push((st, st + 8.0 * 3600.0));
            }
        }
        assert_eq!(merge_periods(p, 7.0 * day), vec![(0.0, f64::INFINITY)]);
        // a night shift 22:00-06:00 on Sunday runs into Monday
        let night = (6.0 * day + 22.0 * 3600.0, 7.0 * day + 6.0 * 3600.0);
        let p = vec![night, (7.0 * 3600.0, 8.0 * 3600.0)];
        assert_eq!(
            merge_periods(p, 7.0 * day),
            vec![(7.0 * 3600.0, 8.0 * 3600.0), night]
        );
        // ... and swallows a Monday period it overlaps in the next week
        let p = vec![night, (3600.0, 7200.0)];
        assert_eq!(merge_periods(p, 7.0 * day), vec![night]);
    }
}
