//! Trace replay: historical contacts instead of generated arrivals, against a centre
//! whose staffing is read from the trace itself.
//!
//! The loaders and the trace's own KPIs are in [`crate::trace`]; this module builds the
//! engine model of a replay ([`replay_spec`]): one voice queue fed by the trace's
//! arrivals, each call with its own observed handle time, patience taken from the trace
//! (an abandoned caller's patience is the wait it showed; an answered caller's is at
//! least its wait, plus an exponential remainder with the trace's maximum-likelihood
//! mean patience), and agents on duty per bin taken from the trace's own agent ids.
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
use crate::scenario::Scenario;
use crate::trace::{Trace, agents_on_duty, busy_peak, busy_peak_in, observed_summary};

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
    /// Agents on duty in each `bin_s` bin of the trace.
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

/// What a replay assumes beyond the trace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplayModel {
    /// Service-level T, seconds.
    pub target_s: f64,
    /// Grain of the agents-on-duty estimate, seconds.
    pub duty_bin_s: f64,
    pub staffing: Staffing,
    /// After-call work: seconds an agent stays busy after each call's recorded service
    /// (the trace records talk time only).
    pub wrap_up_s: f64,
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
    let ReplayModel {
        target_s,
        duty_bin_s,
        staffing,
        wrap_up_s,
    } = *model;
    if !(duty_bin_s.is_finite() && duty_bin_s > 0.0) {
        return Err(Error::Input(
            "error: the agents-on-duty bin must be longer than zero, e.g. 1h".into(),
        ));
    }
    if !(wrap_up_s.is_finite() && wrap_up_s >= 0.0) {
        return Err(Error::Input(
            "error: the wrap-up must be zero or more seconds, e.g. 30s".into(),
        ));
    }
    let obs = observed_summary(trace, target_s);
    // the agent is busy for the talk time and then the wrap-up; the customer's wait is
    // all a replay measures, so one longer service is exact
    let handles: Vec<f64> = trace
        .contacts
        .iter()
        .filter_map(|c| c.handle_s)
        .map(|h| h + wrap_up_s)
        .collect();
    let handle = Dist::empirical(handles)
        .map_err(|e| Error::Input(format!("error: the trace has no usable handle times: {e}")))?;
    // no abandonment in the trace (or unknown waits): nobody gives up
    let patience_mean = obs.mean_patience_s.unwrap_or(1e9);
    let patience =
        Dist::exponential(patience_mean).map_err(|e| Error::Input(format!("error: {e}")))?;
    let horizon_s = f64::from(trace.span_days()) * 86400.0;
    let bin_s = duty_bin_s;
    let on_duty = staffing.agents(trace, bin_s);
    let most = on_duty.iter().copied().max().unwrap_or(0);
    let agents: Vec<AgentSpec> = (0..most)
        .map(|j| {
            let periods: Vec<(f64, f64)> = on_duty
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > j)
                .map(|(h, _)| (h as f64 * bin_s, (h + 1) as f64 * bin_s))
                .collect();
            AgentSpec {
                group: 0,
                // the trace is not a cycle: a period may run past the horizon
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
            handle_s: c.handle_s.map_or(f64::NAN, |h| h + wrap_up_s),
            // an abandoned caller's patience is what it showed; an answered one's is
            // at least its wait, plus an exponential remainder (memoryless)
            patience_min_s: c.abandon_after_s.or(c.wait_s).unwrap_or(0.0),
            patience_exact: c.abandon_after_s.is_some(),
        })
        .collect();
    let n_intervals = (horizon_s / bin_s).ceil().max(1.0) as usize;
    Ok(Spec {
        interval_s: bin_s,
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
            patience: Some(patience.sampler()),
            target_s: Some(target_s),
            groups: vec![0],
            escalate_to: None,
            priority: 0,
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
        cycle_s: horizon_s.max(86400.0),
        trace: trace_arrivals,
    })
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
        let problems: Vec<String> = unknown
            .iter()
            .map(|((what, value), n)| {
                let located = crate::trace::locate_csv_value(trace_path, what, value);
                crate::scenario::Diagnostic {
                    message: format!(
                        "trace {what} `{value}` ({n} contact{}) is not in {}",
                        if *n == 1 { "" } else { "s" },
                        scenario_path.display(),
                    ),
                    help: format!(
                        "use one of {}, or add a {what} named {value} to the scenario",
                        names(what)
                    ),
                    file: trace_path.to_path_buf(),
                    line_col: located.as_ref().map(|(line, col, _)| (*line, *col)),
                    snippet: located.map(|(_, _, text)| (text, value.chars().count().max(1))),
                }
                .to_string()
            })
            .collect();
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
        });
    }
    Ok(out)
}
