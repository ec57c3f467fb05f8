//! Trace replay: historical contacts instead of generated arrivals, against a centre
//! whose staffing is read from the trace itself.
//!
//! The loaders and the trace's own KPIs are in [`crate::trace`]; this module builds the
//! engine model of a replay ([`replay_spec`]): one voice queue fed by the trace's
//! arrivals, each call with its own observed handle time, patience taken from the trace
//! (an abandoned caller's patience is the wait it showed; an answered caller's is at
//! least its wait, plus an exponential remainder with the trace's maximum-likelihood
//! mean patience, see [`Patience`]), and agents on duty per bin taken from the trace's
//! own agent ids. [`run`] replays a trace under both staffing bounds and sets the
//! simulated KPIs beside the observed ones ([`ReplayResult`]); `report::replay` renders
//! it.
//!
//! [`scenario_arrivals`] puts a trace into a compiled scenario instead (`ccsim
//! simulate --trace`): the trace replaces the generated first-line arrivals, the
//! scenario supplies everything else.

use std::collections::BTreeMap;
use std::path::Path;

use crate::dist::Dist;
use crate::engine::spec::{
    AgentSpec, ChannelSpec, GroupSpec, QueueSpec, SimOptions, Spec, TierFlow, TraceArrival,
    merge_periods,
};
use crate::error::{Error, Result};
use crate::limits::{MAX_AGENTS, MAX_DURATION_S, MAX_REPORTED_PROBLEMS};
use crate::scenario::Scenario;
use crate::stats::Estimate;
use crate::trace::{
    ObservedSummary, Problem, Trace, agents_on_duty, busy_peak, busy_peak_in, duty_bin_accepted,
    observed_summary,
};

/// How a replay reads the agents on duty from the trace, per bin. The trace records
/// services, not presence, so each is a bound: the truth lies between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staffing {
    /// Every agent id whose services touch the bin, for the whole bin ([`agents_on_duty`];
    /// never fewer than [`Staffing::BusyPeak`], as some services have no agent id): an
    /// upper bound.
    AgentIds,
    /// The most services in progress at one moment in the bin: agents certainly there, a
    /// lower bound ([`busy_peak`]).
    BusyPeak,
}

impl Staffing {
    /// Agents on duty in each `bin_s` bin of the trace (empty for a bin outside the
    /// accepted range, see [`crate::trace::duty_bin_accepted`]).
    pub fn agents(self, trace: &Trace, bin_s: f64) -> Vec<u32> {
        match self {
            // never fewer than were busy at once (some services have no agent id)
            Staffing::AgentIds => {
                let ids = agents_on_duty(trace, bin_s);
                let busy = busy_peak_in(trace, bin_s, ids.len());
                ids.into_iter().zip(busy).map(|(i, b)| i.max(b)).collect()
            }
            Staffing::BusyPeak => busy_peak(trace, bin_s),
        }
    }
}

/// What the trace says about its callers' patience, and so what a replay assumes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Patience {
    /// The trace does not record abandonment (a CSV without `abandon_after_s`): the
    /// patience is unknown; nobody abandons in the replay.
    NotRecorded,
    /// Abandonment is recorded and nobody abandoned; nobody abandons in the replay.
    NobodyAbandoned,
    /// The maximum-likelihood mean of an exponential patience: every contact's wait
    /// (an answered one's is a censored patience) over the abandonments, seconds.
    Estimated { mean_s: f64 },
    /// Some answered contacts have no recorded wait (a CSV without `wait_s`): counting
    /// their waits as 0 gives a lower bound on the maximum-likelihood mean, which the
    /// replay uses (so it may abandon more than the centre did).
    AtLeast {
        mean_s: f64,
        /// Answered contacts without a wait.
        unknown_waits: usize,
    },
}

/// Mean of the exponential patience a replay gives when nobody abandons: a billion
/// seconds (32 years) rather than infinity, so the engine's sampler stays exact.
const NEVER_ABANDONS_MEAN_S: f64 = 1e9;

/// Shortest mean patience a replay draws from: a trace whose abandoning callers all
/// left at once (waits of 0 s) estimates a mean of 0, which no distribution has.
const SHORTEST_MEAN_S: f64 = 0.001;

impl Patience {
    /// What `trace` supports.
    pub fn of(trace: &Trace) -> Patience {
        if !trace.abandonment_recorded {
            return Patience::NotRecorded;
        }
        let (mut waited, mut abandoned, mut unknown_waits) = (0.0, 0usize, 0usize);
        for c in &trace.contacts {
            match (c.abandon_after_s, c.wait_s) {
                (Some(a), _) => {
                    abandoned += 1;
                    waited += a;
                }
                (None, Some(w)) => waited += w,
                (None, None) => unknown_waits += 1,
            }
        }
        if abandoned == 0 {
            return Patience::NobodyAbandoned;
        }
        if unknown_waits == 0 {
            // the observed summary's own estimate (the same sums in the same order)
            let mean_s = observed_summary(trace, 0.0)
                .mean_patience_s
                .unwrap_or(waited / abandoned as f64);
            Patience::Estimated { mean_s }
        } else {
            let mean_s = waited / abandoned as f64;
            Patience::AtLeast {
                mean_s,
                unknown_waits,
            }
        }
    }

    /// Mean of the exponential remainder of an answered caller's patience in a replay.
    pub fn replay_mean_s(self) -> f64 {
        match self {
            Patience::NotRecorded | Patience::NobodyAbandoned => NEVER_ABANDONS_MEAN_S,
            Patience::Estimated { mean_s } | Patience::AtLeast { mean_s, .. } => {
                mean_s.max(SHORTEST_MEAN_S)
            }
        }
    }

    /// The mean the trace gives, if any (a lower bound for [`Patience::AtLeast`]).
    pub fn mean_s(self) -> Option<f64> {
        match self {
            Patience::NotRecorded | Patience::NobodyAbandoned => None,
            Patience::Estimated { mean_s } | Patience::AtLeast { mean_s, .. } => Some(mean_s),
        }
    }

    /// In words, for the report: what the trace says and what the replay does.
    pub fn describe(self) -> String {
        match self {
            Patience::NotRecorded => {
                "abandonment not recorded in the trace: patience unknown, nobody abandons in the replay".into()
            }
            Patience::NobodyAbandoned => "patience from the trace (nobody abandoned)".into(),
            Patience::Estimated { mean_s } => format!("patience from the trace (mean {mean_s:.0} s)"),
            Patience::AtLeast {
                mean_s,
                unknown_waits,
            } => format!(
                "patience from the trace at least mean {mean_s:.0} s ({unknown_waits} answered contact{} without a wait, counted as 0 s; the replay uses this lower bound)",
                if unknown_waits == 1 { "" } else { "s" }
            ),
        }
    }
}

/// How a replay draws what is left of an answered caller's patience (it waited its
/// observed wait without hanging up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatienceModel {
    /// From the trace's Kaplan–Meier survival function given that it exceeds the
    /// wait ([`km_patience`]): the hazard of hanging up may change with the wait, as
    /// it does in the bank's data (it falls from 0.27 to 0.05 a minute).
    KaplanMeier,
    /// The wait plus an exponential remainder with the maximum-likelihood mean: one
    /// hazard, whatever the wait.
    Exponential,
}

/// The Anonymous Bank's head start for priority customers: "allocated at the outset
/// of their call 1.5 minutes of waiting-time" (the data's documentation).
pub const BANK_HEAD_START_S: f64 = 90.0;

/// Fewest callers still waiting at a Kaplan–Meier step a replay uses: beyond it the
/// estimate rests on too few callers, and an exponential tail takes over.
pub const KM_MIN_AT_RISK: usize = 30;

/// The patience a replay draws from with [`PatienceModel::KaplanMeier`].
#[derive(Debug, Clone, PartialEq)]
pub struct KmPatience {
    pub table: crate::dist::SurvivalTable,
    /// Steps of the estimate used (abandonment times with at least
    /// [`KM_MIN_AT_RISK`] callers at risk).
    pub steps: usize,
    /// Where the steps end and the tail begins, seconds, and P(patience > it).
    pub until_s: f64,
    pub survival_at_end: f64,
    /// Mean of the exponential tail, seconds: the time waited beyond `until_s` over the
    /// abandonments beyond it.
    pub tail_mean_s: f64,
}

/// The trace's Kaplan–Meier patience ([`crate::fit::patience::kaplan_meier`] of every
/// wait, an answered one censored), kept while [`KM_MIN_AT_RISK`] callers are at risk,
/// with an exponential tail beyond. `None` when the trace records no waits with an
/// abandonment among them, or a wait is missing (then the exponential lower bound of
/// [`Patience::AtLeast`] is all there is).
pub fn km_patience(trace: &Trace) -> Option<KmPatience> {
    use crate::fit::patience::{Wait, kaplan_meier};
    if !matches!(Patience::of(trace), Patience::Estimated { .. }) {
        return None;
    }
    let waits: Vec<Wait> = trace
        .contacts
        .iter()
        .filter_map(|c| match (c.abandon_after_s, c.wait_s) {
            (Some(a), _) => Some(Wait {
                wait_s: a,
                abandoned: true,
            }),
            (None, w) => w.map(|wait_s| Wait {
                wait_s,
                abandoned: false,
            }),
        })
        .collect();
    let steps: Vec<_> = kaplan_meier(&waits)
        .into_iter()
        .take_while(|k| k.at_risk >= KM_MIN_AT_RISK && k.survival > 0.0)
        .collect();
    let last = steps.last()?;
    let (until_s, survival_at_end) = (last.t_s, last.survival);
    let beyond = waits
        .iter()
        .filter(|w| w.abandoned && w.wait_s > until_s)
        .count();
    let exposure: f64 = waits.iter().map(|w| (w.wait_s - until_s).max(0.0)).sum();
    let tail_mean_s = if beyond > 0 {
        exposure / beyond as f64
    } else {
        NEVER_ABANDONS_MEAN_S
    }
    .clamp(SHORTEST_MEAN_S, NEVER_ABANDONS_MEAN_S);
    let table = crate::dist::SurvivalTable::new(
        steps.iter().map(|k| k.t_s).collect(),
        steps.iter().map(|k| k.survival).collect(),
        1.0 / tail_mean_s,
    )
    .ok()?;
    Some(KmPatience {
        table,
        steps: steps.len(),
        until_s,
        survival_at_end,
        tail_mean_s,
    })
}

/// Longest gap between two calls of one agent counted as after-call work, seconds:
/// a longer one is a break or the end of a shift.
pub const MAX_AFTER_CALL_GAP_S: f64 = 600.0;

/// The gaps between an agent's consecutive calls while callers were waiting: the time
/// it was present but not taking a call (after-call work, short pauses). With callers
/// waiting a ready agent takes the next one at once, so the whole gap is work the
/// trace does not record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AfterCallGaps {
    /// Gaps measured (up to [`MAX_AFTER_CALL_GAP_S`]).
    pub n: usize,
    pub mean_s: f64,
    pub median_s: f64,
    /// Standard deviation over the mean.
    pub cv: f64,
}

/// The trace's [`AfterCallGaps`]: for each agent id, from the end of each service to
/// the start of its next, when at least one caller was waiting as the service ended
/// and the gap is at most [`MAX_AFTER_CALL_GAP_S`]. `None` when the trace has no agent
/// ids or no such gap (two are needed for a spread).
pub fn after_call_gaps(trace: &Trace) -> Option<AfterCallGaps> {
    // callers in the queue: [arrival, arrival + wait) of every contact that waited
    let (mut joined, mut left): (Vec<f64>, Vec<f64>) = trace
        .contacts
        .iter()
        .filter_map(|c| {
            let w = c.abandon_after_s.or(c.wait_s)?;
            (w > 0.0).then_some((c.arrival_s, c.arrival_s + w))
        })
        .unzip();
    joined.sort_by(f64::total_cmp);
    left.sort_by(f64::total_cmp);
    let waiting_at =
        |t: f64| joined.partition_point(|x| *x <= t) > left.partition_point(|x| *x <= t);
    let mut services: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
    for c in trace.contacts.iter().filter(|c| c.answered()) {
        if let (Some(agent), Some(handle)) = (c.agent.as_deref(), c.handle_s) {
            let start = c.arrival_s + c.wait_s.unwrap_or(0.0);
            services
                .entry(agent)
                .or_default()
                .push((start, start + handle));
        }
    }
    let mut gaps = Vec::new();
    for calls in services.values_mut() {
        calls.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        for pair in calls.windows(2) {
            let gap = pair[1].0 - pair[0].1;
            if (0.0..=MAX_AFTER_CALL_GAP_S).contains(&gap) && waiting_at(pair[0].1) {
                gaps.push(gap);
            }
        }
    }
    if gaps.len() < 2 {
        return None;
    }
    gaps.sort_by(f64::total_cmp);
    let n = gaps.len();
    let mean_s = gaps.iter().sum::<f64>() / n as f64;
    let var = gaps.iter().map(|g| (g - mean_s).powi(2)).sum::<f64>() / (n - 1) as f64;
    let median_s = if n % 2 == 1 {
        gaps[n / 2]
    } else {
        0.5 * (gaps[n / 2 - 1] + gaps[n / 2])
    };
    (mean_s > 0.0).then_some(AfterCallGaps {
        n,
        mean_s,
        median_s,
        cv: var.sqrt() / mean_s,
    })
}

/// Agent time the lower staffing bound has on duty but out of calls while callers
/// wait: with a queue standing a ready agent takes the next caller at once, so that
/// time went to work the trace does not record (after-call work, short absences,
/// other tasks). Per call taken from the queue it is what a replay's after-call work
/// stands for; [`WrapUp::IdleScaled`] reads it off each trace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdleWhileWaiting {
    /// Time with at least one caller waiting, seconds.
    pub waiting_s: f64,
    /// Agent-seconds under the busy peak of their bin ([`Staffing::BusyPeak`]) but out
    /// of calls, summed over that time.
    pub idle_agent_s: f64,
    /// Answered calls that waited (taken from the queue).
    pub calls: usize,
    /// `idle_agent_s / calls`.
    pub per_call_s: f64,
}

/// The trace's [`IdleWhileWaiting`] with the busy peak per `duty_bin_s`. `None` when no
/// answered caller waited (nothing to divide by) or the bin is out of range.
pub fn idle_while_waiting(trace: &Trace, duty_bin_s: f64) -> Option<IdleWhileWaiting> {
    idle_under(trace, duty_bin_s, &busy_peak(trace, duty_bin_s))
}

/// [`idle_while_waiting`] with the busy peak per `duty_bin_s` bin already counted.
fn idle_under(trace: &Trace, duty_bin_s: f64, peak: &[u32]) -> Option<IdleWhileWaiting> {
    let calls = trace
        .contacts
        .iter()
        .filter(|c| c.answered() && c.wait_s.is_some_and(|w| w > 0.0))
        .count();
    if peak.is_empty() || calls == 0 {
        return None;
    }
    // (time, callers waiting change, calls in service change)
    let mut changes: Vec<(f64, i64, i64)> = Vec::new();
    for c in &trace.contacts {
        let wait = c.abandon_after_s.or(c.wait_s).filter(|w| *w > 0.0);
        if let Some(w) = wait {
            changes.push((c.arrival_s, 1, 0));
            changes.push((c.arrival_s + w, -1, 0));
        }
        if let Some(h) = c.handle_s.filter(|h| c.answered() && *h > 0.0) {
            let start = c.arrival_s + c.wait_s.unwrap_or(0.0);
            changes.push((start, 0, 1));
            changes.push((start + h, 0, -1));
        }
    }
    changes.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let (mut waiting, mut busy) = (0i64, 0i64);
    let (mut waiting_s, mut idle_agent_s) = (0.0, 0.0);
    for pair in changes.windows(2) {
        let ((t0, dw, db), (t1, _, _)) = (pair[0], pair[1]);
        waiting += dw;
        busy += db;
        if waiting <= 0 || t1 <= t0 {
            continue;
        }
        waiting_s += t1 - t0;
        // the stretch [t0, t1) bin by bin: each bin has its own busy peak
        let mut t = t0;
        let mut b = (t0 / duty_bin_s).floor().max(0.0) as usize;
        while t < t1 {
            let end = ((b + 1) as f64 * duty_bin_s).min(t1);
            if end > t {
                let on_duty = i64::from(peak.get(b).copied().unwrap_or(0));
                idle_agent_s += (on_duty - busy).max(0) as f64 * (end - t);
                t = end;
            }
            b += 1;
        }
    }
    Some(IdleWhileWaiting {
        waiting_s,
        idle_agent_s,
        calls,
        per_call_s: idle_agent_s / calls as f64,
    })
}

/// How much after-call work a replay adds to each call, on average.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WrapUp {
    /// The same mean for every trace, seconds (0: none).
    Mean(f64),
    /// This multiple of the trace's own idle agent time per call while callers waited
    /// ([`idle_while_waiting`], at the replay's duty bin): 0 when no caller waited.
    IdleScaled(f64),
}

impl WrapUp {
    /// The mean after-call work, seconds, given the trace's idle time
    /// ([`idle_while_waiting`]).
    pub fn mean_given(self, idle: Option<IdleWhileWaiting>) -> f64 {
        match self {
            WrapUp::Mean(s) => s,
            WrapUp::IdleScaled(k) => idle.map_or(0.0, |i| k * i.per_call_s),
        }
    }
}

/// What a replay assumes beyond the trace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplayModel {
    /// Service-level T, seconds.
    pub target_s: f64,
    /// Grain of the agents-on-duty estimate, seconds: [`crate::limits::MIN_DUTY_BIN_S`]
    /// to [`crate::limits::MAX_DUTY_BIN_S`].
    pub duty_bin_s: f64,
    pub staffing: Staffing,
    /// After-call work: seconds an agent stays busy after each call's recorded service
    /// (the trace records talk time only), on average.
    pub wrap_up_s: f64,
    /// Its spread: lognormal with this coefficient of variation, drawn per call and
    /// replication; 0 for the same after-call work after every call.
    pub wrap_up_cv: f64,
    pub patience: PatienceModel,
    /// Head start of each priority class level above regular, seconds: level k is
    /// served as if it had arrived k × this earlier; infinite for strict priority.
    pub head_start_s: f64,
}

impl ReplayModel {
    /// Every number within its accepted range, or what to change.
    pub fn check(&self) -> Result<()> {
        if !duty_bin_accepted(self.duty_bin_s) {
            return Err(Error::Input(
                "error: the agents-on-duty bin (--duty-bin) must be from 1m to 1d (a trace spans whole days), e.g. 1h or 15m".into(),
            ));
        }
        let days = MAX_DURATION_S / 86_400.0;
        if !(0.0..=crate::limits::MAX_CV).contains(&self.wrap_up_cv) {
            return Err(Error::Input(format!(
                "error: the after-call work's coefficient of variation (--wrap-up-cv) must be 0 to {}, e.g. 1",
                crate::limits::MAX_CV
            )));
        }
        if !(0.0..=MAX_DURATION_S).contains(&self.wrap_up_s) {
            return Err(Error::Input(format!(
                "error: the wrap-up (--wrap-up) must be 0 to {days} days, e.g. 30s"
            )));
        }
        if self.head_start_s.is_nan() || self.head_start_s < 0.0 {
            return Err(Error::Input(
                "error: the priority head start (--head-start) must be 0 or more, e.g. 90s, or strict".into(),
            ));
        }
        if !(0.0..=MAX_DURATION_S).contains(&self.target_s) {
            return Err(Error::Input(format!(
                "error: the service-level target time (--target) must be 0 to {days} days, e.g. 20s"
            )));
        }
        Ok(())
    }
}

/// The trace's span in seconds: its whole days from the epoch, the horizon of a replay.
pub fn span_s(trace: &Trace) -> f64 {
    f64::from(trace.span_days()) * 86400.0
}

/// Agent-hours of agents on duty per `bin_s` bin, counted within `[0, horizon_s)` only
/// (a service begun on the last day may end after it, in a bin the replay never runs).
pub fn agent_hours(on_duty: &[u32], bin_s: f64, horizon_s: f64) -> f64 {
    on_duty
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let start = i as f64 * bin_s;
            let inside = ((start + bin_s).min(horizon_s) - start).max(0.0);
            f64::from(n) * inside
        })
        .sum::<f64>()
        / 3600.0
}

/// An engine model that replays `trace`: one voice queue, agents on duty per
/// `duty_bin_s` read from the trace as `staffing` says, observed handle times and
/// patience (see the module docs).
///
/// `duty_bin_s` is the grain of the agents-on-duty estimate: with
/// [`Staffing::AgentIds`] an agent counts as on duty for a whole bin if its service
/// touched it (a coarse bin over-states the staffing an agent gives; see the README),
/// with [`Staffing::BusyPeak`] a bin has as many agents as were ever busy at once in it. The horizon is `opt.horizon_s`, at most
/// the trace's span in whole days.
pub fn replay_spec(trace: &Trace, model: &ReplayModel, opt: &SimOptions) -> Result<Spec> {
    let on_duty = model.staffing.agents(trace, model.duty_bin_s);
    replay_spec_on(trace, model, opt, &on_duty)
}

/// [`replay_spec`] with the agents on duty per bin already read (`model.staffing`'s).
fn replay_spec_on(
    trace: &Trace,
    model: &ReplayModel,
    opt: &SimOptions,
    on_duty: &[u32],
) -> Result<Spec> {
    model.check()?;
    let ReplayModel {
        target_s,
        duty_bin_s,
        staffing: _,
        wrap_up_s,
        wrap_up_cv,
        patience: patience_model,
        head_start_s,
    } = *model;
    // the agent is busy for the talk time and then the wrap-up, drawn by the engine
    let handles: Vec<f64> = trace.contacts.iter().filter_map(|c| c.handle_s).collect();
    let wrap_up = match (wrap_up_s > 0.0, wrap_up_cv > 0.0) {
        (false, _) => None,
        (true, false) => Some(Dist::deterministic(wrap_up_s)),
        (true, true) => Some(Dist::lognormal(wrap_up_s, wrap_up_cv)),
    }
    .transpose()
    .map_err(|e| {
        Error::Input(format!(
            "error: the after-call work (--wrap-up {wrap_up_s} s, --wrap-up-cv {wrap_up_cv}) is refused: {e}"
        ))
    })?
    .map(|d| d.sampler());
    let handle = Dist::empirical(handles)
        .map_err(|e| {
            Error::Input(format!(
                "error: the trace has no usable handle times ({e})\n  --> {}\n   = help: give answered contacts their service time (the CSV's handle_s, seconds, more than 0 for at least one): a replay draws the handle time of every contact without one from them",
                trace.source
            ))
        })?;
    let exponential = Dist::exponential(Patience::of(trace).replay_mean_s())
        .map_err(|e| Error::Input(format!("error: {e}")))?;
    let patience = match (patience_model, km_patience(trace)) {
        (PatienceModel::KaplanMeier, Some(km)) => {
            crate::dist::Sampler::Survival(Box::new(km.table))
        }
        _ => exponential.sampler(),
    };
    let horizon_s = span_s(trace);
    let bin_s = duty_bin_s;
    let most = on_duty.iter().copied().max().unwrap_or(0);
    if most > MAX_AGENTS {
        let busiest = on_duty.iter().position(|n| *n == most).unwrap_or(0);
        return Err(Error::Input(format!(
            "error: the trace has {most} agents on duty in one bin (from {} after its start), more than the {MAX_AGENTS} a replay can staff\n  = help: check the trace's agent ids, or replay a smaller centre",
            crate::duration::format_duration_s(busiest as f64 * bin_s)
        )));
    }
    // agent j is on duty in every bin with more than j agents: its runs of such bins
    // open where the count rises past j and close where it falls to j or below (time
    // grows with the bins and the runs, not with bins x agents)
    let mut runs: Vec<Vec<(usize, usize)>> = vec![Vec::new(); most as usize];
    let mut open: Vec<usize> = Vec::new(); // open[j]: where agent j's run began
    for (h, &n) in on_duty.iter().chain(std::iter::once(&0)).enumerate() {
        let n = n as usize;
        while open.len() < n {
            open.push(h);
        }
        while open.len() > n {
            let j = open.len() - 1;
            if let (Some(start), Some(agent)) = (open.pop(), runs.get_mut(j)) {
                agent.push((start, h));
            }
        }
    }
    // the engine repeats on-duty periods every cycle: a period that ran past it (a
    // service begun on the last evening, a wait that outlasts the span) would come
    // round again before its own start, so periods end with the cycle; the run ends
    // there anyway
    let cycle_s = horizon_s.max(86400.0);
    let agents: Vec<AgentSpec> = runs
        .into_iter()
        .map(|r| {
            let periods = r
                .into_iter()
                .map(|(a, b)| (a as f64 * bin_s, (b as f64 * bin_s).min(cycle_s)))
                .filter(|(a, b)| a < b)
                .collect();
            AgentSpec {
                group: 0,
                periods: merge_periods(periods, f64::INFINITY),
            }
        })
        .collect();
    let trace_arrivals: Vec<TraceArrival> = trace
        .contacts
        .iter()
        .map(|c| TraceArrival {
            t_s: c.arrival_s,
            queue: 0,
            handle_s: c.handle_s.unwrap_or(f64::NAN),
            // an abandoned caller's patience is what it showed; an answered one's is
            // at least its wait, plus an exponential remainder (memoryless)
            patience_min_s: c.abandon_after_s.or(c.wait_s).unwrap_or(0.0),
            patience_exact: c.abandon_after_s.is_some(),
            class: c.class,
        })
        .collect();
    // the replay reports totals only: the engine records per day, whatever the duty
    // bin (one-minute intervals over ten years took gigabytes)
    let record_s = 86_400.0;
    let n_intervals = (horizon_s / record_s).ceil().max(1.0) as usize;
    Ok(Spec {
        interval_s: record_s,
        n_intervals,
        cyclic: false,
        horizon_s: opt.horizon_s.min(horizon_s),
        warmup_s: opt.warmup_s,
        volume_cv: 0.0,
        channels: vec![ChannelSpec {
            name: "voice".into(),
            live: true,
            concurrency: 1,
            stretch: 0.0,
            lines: None,
            redial: None,
            callback: None,
            classes: crate::trace::class_names(trace),
            head_start_s: (0..=crate::trace::MAX_CLASS_LEVEL)
                .map(|k| f64::from(k) * head_start_s)
                .map(|h| if h.is_nan() { 0.0 } else { h })
                .collect(),
        }],
        n_languages: 1,
        tiers: vec![TierFlow {
            resolve: 1.0,
            escalate: 0.0,
        }],
        streams: Vec::new(),
        queues: vec![QueueSpec {
            channel: 0,
            language: 0,
            tier: 0,
            live: true,
            handle: handle.sampler(),
            mean_handle_s: handle.mean_s(),
            patience: Some(patience),
            target_s: Some(target_s),
            groups: vec![0],
            escalate_to: None,
            priority: 0,
            wrap_up,
        }],
        groups: vec![GroupSpec {
            name: "agents (from the trace)".into(),
            priority: 0,
            live_queues: vec![0],
            deferred_queues: Vec::new(),
            absence: 0.0,
        }],
        agents,
        recontact_share: 0.0,
        recontact_delay_s: 0.0,
        cycle_s,
        trace: trace_arrivals,
        fifo: false,
        handle_scale: Vec::new(),
    })
}

/// How a replay is run: the model's assumptions and the replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplayOptions {
    /// Service-level T, seconds.
    pub target_s: f64,
    /// Grain of the agents-on-duty estimate, seconds.
    pub duty_bin_s: f64,
    /// After-call work per call, on average.
    pub wrap_up: WrapUp,
    /// Its coefficient of variation (lognormal; 0: the same after every call). `None`:
    /// the trace's own, [`after_call_gaps`]'s `cv` (0 when the trace cannot say).
    pub wrap_up_cv: Option<f64>,
    /// Master seed.
    pub seed: u64,
    pub replications: u64,
    /// Threads running replications (the results do not depend on it).
    pub threads: usize,
    /// Serve the trace's priority classes ahead of regular contacts (`false`: first
    /// come first served, every contact regular, as `ccsim replay --fifo`).
    pub by_class: bool,
    /// With `by_class`: how far ahead a class is served, seconds per level (infinite:
    /// strict priority).
    pub head_start_s: f64,
    pub patience: PatienceModel,
}

/// One replay of the trace under one staffing bound.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundRun {
    pub staffing: Staffing,
    /// Agents on duty per bin, from t = 0.
    pub on_duty: Vec<u32>,
    /// Most agents on duty in one bin.
    pub peak: u32,
    /// Agent-hours on duty within the replay's horizon.
    pub agent_hours: f64,
    /// Every KPI of the simulation, across replications.
    pub kpis: Vec<(&'static str, Estimate)>,
    /// Every KPI per priority class level of the trace (empty without classes).
    pub class_kpis: Vec<Vec<(&'static str, Estimate)>>,
    /// Busy time / on-duty time of the agents.
    pub occupancy: Estimate,
}

impl BoundRun {
    /// The estimate of KPI `key` (NaN if the simulation has none).
    pub fn kpi(&self, key: &str) -> Estimate {
        kpi_in(&self.kpis, key)
    }
}

/// The estimate of KPI `key` in `kpis` (NaN if there is none).
fn kpi_in(kpis: &[(&'static str, Estimate)], key: &str) -> Estimate {
    kpis.iter()
        .find(|(n, _)| *n == key)
        .map(|(_, e)| *e)
        .unwrap_or(Estimate {
            mean: f64::NAN,
            half_width: f64::NAN,
            n: 0,
        })
}

/// One KPI observed in the trace beside its replays.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    /// Row label of the table.
    pub label: &'static str,
    /// Key in JSON and CSV (the simulation's KPI name).
    pub key: &'static str,
    /// What the trace shows; `None` when it does not record it.
    pub observed: Option<f64>,
    /// Decimals shown in the table.
    pub digits: usize,
    /// Simulated with the upper staffing bound (agent ids).
    pub simulated: Estimate,
    /// Simulated with the lower staffing bound (busy peak).
    pub simulated_busy_peak: Estimate,
}

/// A trace replayed under both staffing bounds, beside what it shows itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayResult {
    pub options: ReplayOptions,
    pub observed: ObservedSummary,
    pub patience: Patience,
    /// The Kaplan–Meier patience the replay drew from (`None`: the exponential of
    /// [`Patience::replay_mean_s`]).
    pub km: Option<KmPatience>,
    /// The trace's gaps between an agent's calls while callers waited.
    pub after_call: Option<AfterCallGaps>,
    /// The trace's idle agent time while callers waited (`None`: no caller waited).
    pub idle: Option<IdleWhileWaiting>,
    /// The mean after-call work used, seconds (the option's, or its multiple of
    /// `idle`).
    pub wrap_up_s: f64,
    /// The after-call work's coefficient of variation used (the option's, or the
    /// gaps').
    pub wrap_up_cv: f64,
    /// The replay's horizon: the trace's span in whole days, seconds.
    pub horizon_s: f64,
    /// Upper staffing bound: every agent id serving in the bin.
    pub upper: BoundRun,
    /// Lower staffing bound: the most calls in service at once.
    pub lower: BoundRun,
    /// The compared KPIs, in the order they are shown.
    pub rows: Vec<KpiRow>,
    /// The same per priority class of the trace, regular first (empty when every
    /// contact is regular).
    pub classes: Vec<ClassRows>,
}

/// One priority class of a replayed trace: its KPIs observed and replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRows {
    /// `regular`, `high`, … (see [`crate::trace::class_names`]).
    pub name: String,
    pub observed: ObservedSummary,
    pub rows: Vec<KpiRow>,
}

/// Replay `trace` with the agents on duty read from it as an upper and a lower bound
/// ([`Staffing`]), and set each KPI the trace records beside its two replays. No I/O.
pub fn run(trace: &Trace, options: &ReplayOptions) -> Result<ReplayResult> {
    let observed = observed_summary(trace, options.target_s);
    let horizon_s = span_s(trace);

    let opt = SimOptions {
        horizon_s,
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    let after_call = after_call_gaps(trace);
    // each bound's agents on duty, read once: the busy peak also measures the idle time
    let bin_s = options.duty_bin_s;
    let lower_on_duty = Staffing::BusyPeak.agents(trace, bin_s);
    let idle = idle_under(trace, bin_s, &lower_on_duty);
    let wrap_up_s = options.wrap_up.mean_given(idle);
    let wrap_up_cv = options
        .wrap_up_cv
        .unwrap_or(after_call.map_or(0.0, |g| g.cv));
    let simulate = |staffing: Staffing, on_duty: Vec<u32>| -> Result<BoundRun> {
        let model = ReplayModel {
            target_s: options.target_s,
            duty_bin_s: options.duty_bin_s,
            staffing,
            wrap_up_s,
            wrap_up_cv,
            patience: options.patience,
            head_start_s: options.head_start_s,
        };
        let mut spec = replay_spec_on(trace, &model, &opt, &on_duty)?;
        // first come first served: the classes are recorded, not served apart
        spec.fifo = !options.by_class;
        let agg = crate::engine::run_replications(
            &spec,
            options.seed,
            options.replications,
            options.threads,
            &|_| {},
        );
        let per: Vec<crate::engine::Kpis> = agg.per_rep.iter().map(|r| r.total).collect();
        let levels = agg.per_rep.first().map_or(0, |r| r.classes[0].len());
        let class_kpis = (0..levels)
            .map(|k| {
                let per: Vec<crate::engine::Kpis> =
                    agg.per_rep.iter().map(|r| r.classes[0][k]).collect();
                crate::engine::summary::estimates(&per)
            })
            .collect();
        let occ: Vec<f64> = agg.per_rep.iter().map(|r| r.occupancy[0]).collect();
        Ok(BoundRun {
            staffing,
            peak: on_duty.iter().copied().max().unwrap_or(0),
            agent_hours: agent_hours(&on_duty, options.duty_bin_s, spec.horizon_s),
            on_duty,
            kpis: crate::engine::summary::estimates(&per),
            class_kpis,
            occupancy: crate::stats::summarize(&occ),
        })
    };
    let upper = simulate(Staffing::AgentIds, Staffing::AgentIds.agents(trace, bin_s))?;
    let lower = simulate(Staffing::BusyPeak, lower_on_duty)?;
    let rows = kpi_rows(trace, &observed, &upper.kpis, &lower.kpis);
    let names = crate::trace::class_names(trace);
    let classes = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let mut sub = trace.clone();
            sub.contacts.retain(|c| usize::from(c.class) == k);
            let observed = observed_summary(&sub, options.target_s);
            let none = Vec::new();
            let (u, l) = (
                upper.class_kpis.get(k).unwrap_or(&none),
                lower.class_kpis.get(k).unwrap_or(&none),
            );
            ClassRows {
                name: name.clone(),
                rows: kpi_rows(trace, &observed, u, l),
                observed,
            }
        })
        .collect();
    Ok(ReplayResult {
        options: *options,
        patience: Patience::of(trace),
        after_call,
        idle,
        wrap_up_s,
        wrap_up_cv,
        km: match options.patience {
            PatienceModel::KaplanMeier => km_patience(trace),
            PatienceModel::Exponential => None,
        },
        observed,
        horizon_s,
        upper,
        lower,
        rows,
        classes,
    })
}

impl ReplayResult {
    /// The after-call work in words: its mean, its spread and where the spread came
    /// from (empty without after-call work).
    pub fn wrap_up_text(&self) -> String {
        use crate::duration::format_duration_s;
        let o = &self.options;
        let mean = match (o.wrap_up, self.idle) {
            (WrapUp::IdleScaled(k), Some(i)) => format!(
                "{k} x the trace's {:.1} s of idle agent time per call while callers waited: ",
                i.per_call_s
            ),
            (WrapUp::IdleScaled(_), None) => {
                return " + no after-call work (--wrap-up-scale: no caller waited in the trace)"
                    .to_string();
            }
            (WrapUp::Mean(_), _) => String::new(),
        };
        if self.wrap_up_s <= 0.0 {
            return String::new();
        }
        let spread = if self.wrap_up_cv > 0.0 {
            format!("lognormal, cv {:.2}", self.wrap_up_cv)
        } else {
            "the same after every call".to_string()
        };
        let from = match (o.wrap_up_cv, self.after_call) {
            (Some(_), _) => "--wrap-up-cv".to_string(),
            (None, Some(g)) => format!(
                "the cv of the trace's {} gaps between an agent's calls while callers waited: median {}, mean {}",
                g.n,
                format_duration_s(g.median_s.round()),
                format_duration_s(g.mean_s.round())
            ),
            (None, None) => "the trace has no agent ids to measure a spread".to_string(),
        };
        format!(
            " + after-call work {} on average ({mean}{spread}; {from})",
            format_duration_s((self.wrap_up_s * 10.0).round() / 10.0)
        )
    }

    /// What the trace says about patience and what the replay draws, in words.
    pub fn patience_text(&self) -> String {
        use crate::duration::format_duration_s;
        match &self.km {
            Some(km) => format!(
                "patience from the trace: Kaplan-Meier to {} (P(patience > it) = {:.3}; {} steps), exponential beyond (mean {}); an answered caller's is drawn given it waited what it waited (exponential mean {:.0} s: --patience exponential)",
                format_duration_s(km.until_s),
                km.survival_at_end,
                km.steps,
                format_duration_s(km.tail_mean_s.round()),
                self.patience.mean_s().unwrap_or(f64::NAN),
            ),
            None => self.patience.describe(),
        }
    }
}

/// The compared KPIs: what the trace (or one class of it) shows beside the replays
/// under the upper and the lower staffing bound.
fn kpi_rows(
    trace: &Trace,
    o: &ObservedSummary,
    upper: &[(&'static str, Estimate)],
    lower: &[(&'static str, Estimate)],
) -> Vec<KpiRow> {
    // a trace that does not record abandonment shows no answered/abandoned split
    let recorded = |x: Option<f64>| x.filter(|_| trace.abandonment_recorded);
    let table: [(&'static str, &'static str, Option<f64>, usize); 9] = [
        ("offered", "offered", Some(o.offered as f64), 0),
        ("answered", "answered", recorded(Some(o.answered as f64)), 0),
        (
            "abandoned",
            "abandoned",
            recorded(Some(o.abandoned as f64)),
            0,
        ),
        ("abandon rate", "abandon_rate", o.abandon_rate, 4),
        ("service level", "service_level", o.service_level, 4),
        ("ASA of answered (s)", "asa_s", o.asa_s, 1),
        ("wait p50 of answered (s)", "wait_p50_s", o.wait_p50_s, 1),
        ("wait p90 of answered (s)", "wait_p90_s", o.wait_p90_s, 1),
        (
            "mean wait of all (s)",
            "mean_wait_all_s",
            o.mean_wait_all_s,
            1,
        ),
    ];
    table
        .into_iter()
        .map(|(label, key, observed, digits)| KpiRow {
            label,
            key,
            observed,
            digits,
            simulated: kpi_in(upper, key),
            simulated_busy_peak: kpi_in(lower, key),
        })
        .collect()
}

/// Seconds from the scenario's Monday 00:00 UTC to the trace's epoch: the weekday of
/// the trace's first day (0 for a trace of plain seconds, which starts on a Monday).
/// Scenario shifts and profile demand run on a week from Monday 00:00 UTC, so a trace
/// beginning on a Thursday is placed three days in.
pub fn week_offset_s(trace: &Trace) -> f64 {
    trace
        .epoch
        .map_or(0.0, |d| f64::from(d.weekday_from_monday()) * 86400.0)
}

/// The trace's contacts as first-line arrivals of a compiled scenario (`spec`), `offset_s`
/// after t = 0 (see [`week_offset_s`]).
///
/// Each contact's channel and language are matched by name to the scenario's; a name
/// the scenario lacks is bad input, reported for every such name with the trace file and
/// the scenario's names. A contact with its own handle time keeps it (the others draw
/// from the scenario's handle-time distribution of their queue); an abandoned contact of
/// a live channel has exactly its observed patience; an answered one's patience is at
/// least its observed wait plus a draw from the channel's patience distribution (none:
/// it never abandons). Deferred channels (e-mail) have no patience, so an
/// `abandon_after_s` there is ignored.
pub fn scenario_arrivals(
    spec: &Spec,
    scenario: &Scenario,
    scenario_path: &Path,
    trace: &Trace,
    trace_path: &Path,
    offset_s: f64,
) -> Result<Vec<TraceArrival>> {
    let channel_of = |name: &str| scenario.channels.iter().position(|c| c.name == name);
    let language_of = |name: &str| scenario.languages.iter().position(|l| l.name == name);
    let mut unknown: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for c in &trace.contacts {
        if channel_of(&c.channel).is_none() {
            *unknown.entry(("channel", c.channel.as_str())).or_insert(0) += 1;
        }
        if language_of(&c.language).is_none() {
            *unknown
                .entry(("language", c.language.as_str()))
                .or_insert(0) += 1;
        }
    }
    if !unknown.is_empty() {
        let names = |what: &str| -> String {
            let v: Vec<&str> = if what == "channel" {
                scenario.channels.iter().map(|c| c.name.as_str()).collect()
            } else {
                scenario.languages.iter().map(|l| l.name.as_str()).collect()
            };
            v.join(", ")
        };
        // the first names in full, with their place in the trace (one reading of the
        // file for all of them); the rest counted
        let shown: Vec<(&(&str, &str), &usize)> =
            unknown.iter().take(MAX_REPORTED_PROBLEMS).collect();
        let wanted: Vec<(&str, &str)> = shown.iter().map(|(k, _)| **k).collect();
        let located = crate::trace::locate_csv_values(trace_path, &wanted);
        let mut problems: Vec<String> = shown
            .iter()
            .zip(located)
            .map(|(((what, value), n), at)| {
                let (line_col, excerpt) = match at {
                    Some((line, col, excerpt)) => (Some((line, col)), Some(excerpt)),
                    None => (None, None),
                };
                Problem {
                    message: format!(
                        "trace {what} `{value}` ({n} contact{}) is not in {}",
                        if **n == 1 { "" } else { "s" },
                        scenario_path.display(),
                    ),
                    help: format!(
                        "use one of {}, or add a {what} named {value} to the scenario",
                        names(what)
                    ),
                    line_col,
                    excerpt,
                }
                .render(trace_path)
            })
            .collect();
        if unknown.len() > shown.len() {
            problems.push(format!(
                "… and {} more channel and language names of {} not in {}",
                unknown.len() - shown.len(),
                trace_path.display(),
                scenario_path.display()
            ));
        }
        return Err(Error::Input(problems.join("\n\n")));
    }
    let mut first_line: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (i, q) in spec.queues.iter().enumerate() {
        if q.tier == 0 {
            first_line.insert((q.channel, q.language), i);
        }
    }
    let mut out = Vec::with_capacity(trace.contacts.len());
    for c in &trace.contacts {
        let (Some(ch), Some(lang)) = (channel_of(&c.channel), language_of(&c.language)) else {
            continue; // reported above
        };
        let Some(&queue) = first_line.get(&(ch, lang)) else {
            return Err(Error::Input(format!(
                "error: {} has no first-line queue for {} / {}",
                scenario_path.display(),
                c.channel,
                c.language
            )));
        };
        let live = spec.queues[queue].live;
        let abandon = c.abandon_after_s.filter(|_| live);
        out.push(TraceArrival {
            t_s: offset_s + c.arrival_s,
            queue,
            handle_s: c.handle_s.unwrap_or(f64::NAN),
            patience_min_s: abandon.or(c.wait_s).unwrap_or(0.0),
            patience_exact: abandon.is_some(),
            class: c.class,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the fuzzer (seed 1, case 588175): every abandoning caller of a trace
    /// left at 0 s, so the estimated mean was 0 and the replay stopped with an
    /// unlocated "the mean is 0 s".
    #[test]
    fn a_patience_of_zero_replays_as_the_shortest_mean() {
        let p = Patience::Estimated { mean_s: 0.0 };
        assert_eq!(p.replay_mean_s(), SHORTEST_MEAN_S);
        assert!(crate::dist::Dist::exponential(p.replay_mean_s()).is_ok());
        assert_eq!(Patience::Estimated { mean_s: 42.0 }.replay_mean_s(), 42.0);
    }
}
