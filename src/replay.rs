//! Trace replay: historical contacts instead of generated arrivals.
//!
//! Two formats load into one [`Trace`]:
//! * ccsim's own CSV: `arrival,channel,language[,handle_s][,abandon_after_s]`, arrival
//!   as `YYYY-MM-DDTHH:MM:SS` (or a space for the `T`) or seconds since the trace's
//!   start; bad rows are errors with their position;
//! * the Technion "Anonymous Bank" per-call files (Israel, 1999; Guedj & Mandelbaum,
//!   2000; the data of Brown et al., JASA 100(469), 2005). The loader says what it
//!   skipped and why (see [`load_anonymous_bank`]).
//!
//! [`replay_spec`] turns a trace into an engine model: one voice queue fed by the
//! trace's arrivals, each call with its own observed handle time, patience taken from
//! the trace (an abandoned caller's patience is the wait it showed; an answered
//! caller's is at least its wait, plus an exponential remainder with the trace's
//! maximum-likelihood mean patience), and agents on duty per hour taken from the
//! trace's own agent ids.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::dist::Dist;
use crate::engine::spec::{
    AgentSpec, ChannelSpec, GroupSpec, QueueSpec, SimOptions, Spec, TierFlow, TraceArrival,
    merge_periods,
};
use crate::error::{Error, Result};
use crate::scenario::{days_from_civil, parse_timestamp};

/// One historical contact.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceCall {
    /// Arrival at the queue (for the bank: leaving the VRU), seconds after the trace's
    /// first midnight.
    pub arrival_s: f64,
    pub channel: String,
    pub language: String,
    /// Observed handling duration, if the contact was served.
    pub handle_s: Option<f64>,
    /// Observed wait before hanging up, if the contact abandoned.
    pub abandon_after_s: Option<f64>,
    /// Observed wait in queue (answered or abandoned), if known.
    pub wait_s: Option<f64>,
    /// Agent who served it, if known.
    pub agent: Option<String>,
}

/// A loaded trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// Days since 1970-01-01 of the trace's first midnight (t = 0).
    pub epoch_day: i64,
    /// Calls sorted by arrival.
    pub calls: Vec<TraceCall>,
    /// Records left out, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Records kept despite a known data quirk, by quirk.
    pub quirks: BTreeMap<String, usize>,
    pub sources: Vec<PathBuf>,
}

impl Trace {
    /// Length of the trace in whole days.
    pub fn days(&self) -> f64 {
        let last = self.calls.iter().map(|c| c.arrival_s).fold(0.0, f64::max);
        ((last / 86400.0).floor() + 1.0).max(1.0)
    }

    /// A human summary of what was skipped and kept.
    pub fn loader_report(&self) -> String {
        let mut out = format!(
            "{} calls kept from {} file(s)",
            self.calls.len(),
            self.sources.len()
        );
        for (why, n) in &self.skipped {
            out.push_str(&format!("\n  skipped {n}: {why}"));
        }
        for (what, n) in &self.quirks {
            out.push_str(&format!("\n  kept {n}: {what}"));
        }
        out
    }
}

/// Which bank records to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct BankFilter {
    /// First and last day kept (days since 1970), inclusive.
    pub from_day: Option<i64>,
    pub to_day: Option<i64>,
    /// Call types kept; `IN` (internet consulting) is served by a separate team and
    /// left out by default.
    pub types: Vec<String>,
}

impl Default for BankFilter {
    fn default() -> Self {
        BankFilter {
            from_day: None,
            to_day: None,
            types: ["PS", "PE", "NE", "NW", "TT"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

fn hms(s: &str) -> Option<f64> {
    let mut p = s.trim().split(':');
    let (h, m, sec): (u32, u32, u32) = (
        p.next()?.parse().ok()?,
        p.next()?.parse().ok()?,
        p.next()?.parse().ok()?,
    );
    (p.next().is_none() && m < 60 && sec < 60 && h < 48).then_some((h * 3600 + m * 60 + sec) as f64)
}

/// Load Technion "Anonymous Bank" per-call files (tab-separated, 17 fields).
///
/// Left out, and counted by reason: PHANTOM records (not real calls); calls that hung
/// up in the VRU without reaching the queue (never offered to agents); types outside
/// the filter (by default `IN`, served by a separate internet team) and unknown types
/// (`AA`); AGENT records with no service (no agent and no service time); rows whose
/// fields do not parse. Kept with a note: a leading space in the type (` TT`), negative
/// VRU times, AGENT records without an agent name but with a service time. A queue or
/// service time earlier in the day than the VRU entry means the call crossed midnight.
pub fn load_anonymous_bank(paths: &[PathBuf], filter: &BankFilter) -> Result<Trace> {
    let mut rows: Vec<(i64, TraceCall)> = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut quirks: BTreeMap<String, usize> = BTreeMap::new();
    let mut skip = |why: &str| *skipped.entry(why.to_string()).or_insert(0) += 1;
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Input(format!(
                "error: cannot read trace file {}: {e}",
                path.display()
            ))
        })?;
        let mut lines = text.lines();
        match lines.next() {
            Some(h) if h.starts_with("vru+line") => {}
            _ => {
                return Err(Error::Input(format!(
                    "error: {}:1:1: this is not an Anonymous Bank file: its first line must be the header starting `vru+line`",
                    path.display()
                )));
            }
        }
        for line in lines {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 17 {
                skip("fewer than 17 fields");
                continue;
            }
            let outcome = f[12].trim();
            if outcome == "PHANTOM" {
                skip("PHANTOM record (not a real call)");
                continue;
            }
            let raw_type = f[4];
            let ty = raw_type.trim();
            if ty != raw_type {
                *quirks
                    .entry(format!("type `{raw_type}` read as `{ty}`"))
                    .or_insert(0) += 1;
            }
            if !["PS", "PE", "IN", "NE", "NW", "TT"].contains(&ty) {
                skip(&format!("unknown call type `{ty}`"));
                continue;
            }
            if !filter.types.iter().any(|t| t == ty) {
                skip(&format!("type {ty} not replayed (filter)"));
                continue;
            }
            let date = f[5].trim();
            let day = match (date.len() == 6).then(|| {
                (
                    date[0..2].parse::<i64>(),
                    date[2..4].parse::<u32>(),
                    date[4..6].parse::<u32>(),
                )
            }) {
                Some((Ok(y), Ok(m), Ok(d))) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                    days_from_civil(1900 + y, m, d)
                }
                _ => {
                    skip("unparseable date");
                    continue;
                }
            };
            if filter.from_day.is_some_and(|from| day < from)
                || filter.to_day.is_some_and(|to| day > to)
            {
                skip("outside the chosen dates");
                continue;
            }
            let (Some(vru_entry), Some(vru_exit), Some(q_start), Some(ser_start)) =
                (hms(f[6]), hms(f[7]), hms(f[9]), hms(f[13]))
            else {
                skip("unparseable time");
                continue;
            };
            let (Ok(q_time), Ok(ser_time)) =
                (f[11].trim().parse::<f64>(), f[15].trim().parse::<f64>())
            else {
                skip("unparseable duration");
                continue;
            };
            if f[8].trim().starts_with('-') {
                *quirks.entry("negative vru_time".into()).or_insert(0) += 1;
            }
            let queued = q_start > 0.0;
            let server = f[16].trim();
            let served = outcome == "AGENT";
            if outcome == "HANG" && !queued {
                skip("hung up in the VRU (never offered to agents)");
                continue;
            }
            if served && server == "NO_SERVER" && ser_time <= 0.0 {
                skip("AGENT record with no service");
                continue;
            }
            if served && server == "NO_SERVER" {
                *quirks
                    .entry("AGENT record without an agent name".into())
                    .or_insert(0) += 1;
            }
            let tod = if queued {
                q_start
            } else if served {
                ser_start
            } else {
                vru_exit
            };
            let crosses = tod + 1.0 < vru_entry; // earlier in the day: the next day
            let t_day = day + i64::from(crosses);
            if crosses {
                *quirks
                    .entry("crossed midnight (dated by the entry day)".into())
                    .or_insert(0) += 1;
            }
            let call = TraceCall {
                arrival_s: 0.0,
                channel: "voice".into(),
                language: if ty == "PE" { "en".into() } else { "he".into() },
                handle_s: (served && ser_time > 0.0).then_some(ser_time),
                abandon_after_s: (!served).then_some(q_time.max(0.0)),
                wait_s: Some(if queued { q_time.max(0.0) } else { 0.0 }),
                agent: (served && server != "NO_SERVER").then(|| server.to_string()),
            };
            rows.push((t_day * 86400 + tod as i64, call));
        }
    }
    finish(rows, skipped, quirks, paths)
}

fn finish(
    mut rows: Vec<(i64, TraceCall)>,
    skipped: BTreeMap<String, usize>,
    quirks: BTreeMap<String, usize>,
    paths: &[PathBuf],
) -> Result<Trace> {
    if rows.is_empty() {
        return Err(Error::Input(
            "error: the trace holds no calls to replay: check the files and the chosen dates"
                .into(),
        ));
    }
    rows.sort_by_key(|r| r.0);
    let epoch_day = rows[0].0.div_euclid(86400);
    let calls = rows
        .into_iter()
        .map(|(t, mut c)| {
            c.arrival_s = (t - epoch_day * 86400) as f64;
            c
        })
        .collect();
    Ok(Trace {
        epoch_day,
        calls,
        skipped,
        quirks,
        sources: paths.to_vec(),
    })
}

/// Load ccsim's own trace CSV (see the module docs).
pub fn load_csv(path: &Path) -> Result<Trace> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Input(format!(
            "error: cannot read trace file {}: {e}",
            path.display()
        ))
    })?;
    let bad = |line: usize, col: usize, msg: &str, help: &str| {
        let src = text.lines().nth(line - 1).unwrap_or("");
        Error::Input(
            crate::scenario::Diagnostic::at_line(
                path,
                &text,
                line,
                col,
                src.len().saturating_sub(col - 1).max(1),
                msg,
                help,
            )
            .to_string(),
        )
    };
    let mut lines = text.lines().enumerate();
    let header: Vec<String> = lines
        .next()
        .map(|(_, h)| {
            h.split(',')
                .map(|s| s.trim().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(ca), Some(cc), Some(cl)) = (col("arrival"), col("channel"), col("language")) else {
        return Err(bad(
            1,
            1,
            "the header must name arrival, channel and language",
            "write the header arrival,channel,language[,handle_s][,abandon_after_s]",
        ));
    };
    let (ch, cab) = (col("handle_s"), col("abandon_after_s"));
    let mut rows = Vec::new();
    let mut absolute = None;
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let ln = i + 1;
        let f: Vec<&str> = line.split(',').collect();
        let column = |k: usize| {
            f[..k.min(f.len())]
                .iter()
                .map(|s| s.len() + 1)
                .sum::<usize>()
                + 1
        };
        let get = |k: usize| f.get(k).map(|s| s.trim()).unwrap_or("");
        let a = get(ca);
        let t = if let Some(ts) = parse_timestamp(a) {
            if absolute == Some(false) {
                return Err(bad(
                    ln,
                    column(ca),
                    "this arrival is a date while earlier ones are seconds",
                    "write every arrival the same way",
                ));
            }
            absolute = Some(true);
            ts
        } else if let Ok(s) = a.parse::<f64>() {
            if absolute == Some(true) || !(s.is_finite() && s >= 0.0) {
                return Err(bad(
                    ln,
                    column(ca),
                    &format!("arrival `{a}` is not usable here"),
                    "write every arrival as YYYY-MM-DDTHH:MM:SS or every one as seconds, zero or more",
                ));
            }
            absolute = Some(false);
            s.round() as i64
        } else {
            return Err(bad(
                ln,
                column(ca),
                &format!("arrival `{a}` is not a time"),
                "write YYYY-MM-DDTHH:MM:SS (UTC) or seconds since the trace's start",
            ));
        };
        let num = |k: Option<usize>| -> std::result::Result<Option<f64>, Error> {
            match k.map(get).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(v) => match v.parse::<f64>() {
                    Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                    _ => Err(bad(
                        ln,
                        column(k.unwrap_or(0)),
                        &format!("`{v}` is not a number of seconds"),
                        "write zero or more seconds, or leave the field empty",
                    )),
                },
            }
        };
        let handle = num(ch)?;
        let abandon = num(cab)?;
        if get(cc).is_empty() || get(cl).is_empty() {
            return Err(bad(
                ln,
                column(cc),
                "a row without channel or language",
                "write the channel and language of every contact",
            ));
        }
        rows.push((
            t,
            TraceCall {
                arrival_s: 0.0,
                channel: get(cc).to_string(),
                language: get(cl).to_string(),
                handle_s: handle,
                abandon_after_s: abandon,
                wait_s: abandon,
                agent: None,
            },
        ));
    }
    if absolute == Some(false) {
        // seconds since the start: keep them as they are
        let mut rows = rows;
        rows.sort_by_key(|r| r.0);
        let calls = rows.into_iter().map(|(t, mut c)| {
            c.arrival_s = t as f64;
            c
        });
        return Ok(Trace {
            epoch_day: 0,
            calls: calls.collect(),
            skipped: BTreeMap::new(),
            quirks: BTreeMap::new(),
            sources: vec![path.to_path_buf()],
        });
    }
    finish(
        rows,
        BTreeMap::new(),
        BTreeMap::new(),
        &[path.to_path_buf()],
    )
}

/// Distinct agents who served at least one call starting in each `bin_s` bin.
pub fn agents_on_duty(trace: &Trace, bin_s: f64) -> Vec<u32> {
    let bins = ((trace.days() * 86400.0) / bin_s).ceil() as usize;
    let mut sets: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); bins];
    for c in &trace.calls {
        if let Some(a) = &c.agent {
            let start = c.arrival_s + c.wait_s.unwrap_or(0.0);
            let b = ((start / bin_s) as usize).min(bins.saturating_sub(1));
            sets[b].insert(a.as_str());
        }
    }
    sets.iter().map(|s| s.len() as u32).collect()
}

/// What the trace itself shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub offered: f64,
    pub answered: f64,
    pub abandoned: f64,
    /// abandoned / (answered + abandoned)
    pub abandon_rate: f64,
    /// answered within `t_s` / (answered + abandoned)
    pub service_level: f64,
    /// Mean wait of answered calls, seconds.
    pub asa_s: f64,
    /// Mean wait of all calls (abandoned ones until they hung up), seconds.
    pub mean_wait_all_s: f64,
    pub wait_p50_s: f64,
    pub wait_p90_s: f64,
    /// Mean handle time of served calls, seconds.
    pub mean_handle_s: f64,
    /// Maximum-likelihood mean patience under exponential patience: total time waited
    /// by every queued caller / number of abandonments, seconds.
    pub mean_patience_s: f64,
}

/// The trace's own KPIs (service level against `t_s`).
pub fn observed(trace: &Trace, t_s: f64) -> Observed {
    let mut waits: Vec<f64> = Vec::new();
    let (
        mut answered,
        mut abandoned,
        mut within,
        mut wait_sum,
        mut wait_all,
        mut handle_sum,
        mut handled,
    ): (f64, f64, f64, f64, f64, f64, f64) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0f64);
    for c in &trace.calls {
        let w = c.wait_s.unwrap_or(0.0);
        wait_all += w;
        if c.abandon_after_s.is_some() {
            abandoned += 1.0;
        } else {
            answered += 1.0;
            wait_sum += w;
            waits.push(w);
            if w <= t_s {
                within += 1.0;
            }
        }
        if let Some(h) = c.handle_s {
            handle_sum += h;
            handled += 1.0;
        }
    }
    waits.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| {
        if waits.is_empty() {
            f64::NAN
        } else {
            waits[((p * waits.len() as f64).ceil() as usize).clamp(1, waits.len()) - 1]
        }
    };
    let left = answered + abandoned;
    Observed {
        offered: trace.calls.len() as f64,
        answered,
        abandoned,
        abandon_rate: abandoned / left.max(1.0),
        service_level: within / left.max(1.0),
        asa_s: wait_sum / answered.max(1.0),
        mean_wait_all_s: wait_all / left.max(1.0),
        wait_p50_s: q(0.5),
        wait_p90_s: q(0.9),
        mean_handle_s: handle_sum / handled.max(1.0),
        mean_patience_s: if abandoned > 0.0 {
            wait_all / abandoned
        } else {
            f64::INFINITY
        },
    }
}

/// An engine model that replays `trace`: one voice queue, agents on duty per hour from
/// the trace's agent ids, observed handle times and patience (see the module docs).
///
/// `duty_bin_s` is the grain of the agents-on-duty estimate: an agent counts as on
/// duty for a whole bin if it started serving a call in it (an hour over-states the
/// staffing an agent gives; see the README).
pub fn replay_spec(
    trace: &Trace,
    target_s: f64,
    duty_bin_s: f64,
    opt: &SimOptions,
) -> Result<Spec> {
    let obs = observed(trace, target_s);
    let handles: Vec<f64> = trace.calls.iter().filter_map(|c| c.handle_s).collect();
    let handle = Dist::empirical(handles)
        .map_err(|e| Error::Input(format!("error: the trace has no usable handle times: {e}")))?;
    let patience_mean = if obs.mean_patience_s.is_finite() {
        obs.mean_patience_s
    } else {
        1e9
    };
    let patience =
        Dist::exponential(patience_mean).map_err(|e| Error::Input(format!("error: {e}")))?;
    let horizon_s = trace.days() * 86400.0;
    let bin_s = duty_bin_s;
    let on_duty = agents_on_duty(trace, bin_s);
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
                periods: merge_periods(periods, horizon_s),
            }
        })
        .collect();
    let trace_arrivals: Vec<TraceArrival> = trace
        .calls
        .iter()
        .map(|c| TraceArrival {
            t_s: c.arrival_s,
            queue: 0,
            handle_s: c.handle_s.unwrap_or(f64::NAN),
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
