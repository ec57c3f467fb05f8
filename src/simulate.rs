//! `ccsim simulate` as a library call: a [`Request`] (a loaded scenario, the run's
//! options and optionally a loaded trace) → [`run`] → an [`Outcome`] that
//! [`crate::report::simulate`] renders. No printing, no progress bar: progress goes to
//! the callback the caller hands in, so the same run serves the command line, the
//! planner and tests.

use std::path::Path;

use crate::engine::{self, Aggregate, SimOptions, Spec};
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::trace::Trace;

/// Days simulated when neither `days` nor a trace says otherwise.
pub const DEFAULT_DAYS: f64 = 31.0;

/// What to simulate.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub scenario: &'a Scenario,
    /// The scenario's file (named in messages about the trace's channels and languages).
    pub scenario_path: &'a Path,
    /// Master seed.
    pub seed: u64,
    /// Independent replications (at least 1).
    pub replications: u64,
    /// Threads running replications (at least 1).
    pub threads: usize,
    /// Days to simulate; `None`: [`DEFAULT_DAYS`], or the trace's span in whole days.
    pub days: Option<f64>,
    /// Warm-up excluded from the statistics (after a trace's lead-in), seconds.
    pub warmup_s: f64,
    /// Coefficient of variation of a day-level volume factor (0: plain Poisson).
    pub volume_cv: f64,
    /// Historical contacts replacing the generated first-line arrivals, and their file.
    pub trace: Option<(&'a Path, &'a Trace)>,
    /// The roster file whose shifts `scenario` carries (see
    /// [`crate::scenario::load_roster`]), named in the reports.
    pub roster: Option<&'a Path>,
}

/// What was simulated (the parts of the run that belong in every report).
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    pub scenario: String,
    pub seed: u64,
    pub replications: u64,
    pub horizon_s: f64,
    pub warmup_s: f64,
    pub volume_cv: f64,
    /// The roster file the shifts came from, as given.
    pub roster: Option<String>,
}

/// Where a trace was placed in the scenario's week.
#[derive(Debug, Clone, PartialEq)]
pub struct TracePlacement {
    pub file: String,
    pub contacts: usize,
    /// The trace's first day (YYYY-MM-DD), `None` for plain seconds.
    pub epoch: Option<String>,
    /// The lead-in before the trace's first day (its weekday in the scenario's week), seconds.
    pub offset_s: f64,
}

/// The result of a simulation, ready for [`crate::report::simulate`].
#[derive(Debug, Clone)]
pub struct Outcome {
    pub spec: Spec,
    pub agg: Aggregate,
    pub info: RunInfo,
    pub trace: Option<TracePlacement>,
}

impl<'a> Request<'a> {
    /// A run of generated contacts with no warm-up, no volume factor and no trace: what
    /// the planner and the comparator simulate.
    pub fn generated(
        scenario: &'a Scenario,
        scenario_path: &'a Path,
        seed: u64,
        replications: u64,
        threads: usize,
        days: Option<f64>,
    ) -> Request<'a> {
        Request {
            scenario,
            scenario_path,
            seed,
            replications: replications.max(1),
            threads: threads.max(1),
            days,
            warmup_s: 0.0,
            volume_cv: 0.0,
            trace: None,
            roster: None,
        }
    }
}

/// Run the replications of a request. `progress` receives the share done (0..=1).
pub fn run(req: &Request, progress: &(dyn Fn(f64) + Sync)) -> Result<Outcome> {
    if let Some(problem) = req.scenario.unplanned_problem() {
        return Err(Error::Input(problem));
    }
    if req.trace.is_some() && req.volume_cv > 0.0 {
        return Err(Error::Input("error: --volume-cv varies the generated arrivals; with --trace the arrivals are the trace's: leave --volume-cv out".into()));
    }
    // a trace starts on its own weekday of the scenario's week: the lead-in days before
    // it are simulated (agents log on) but excluded from the statistics
    let lead_in_s = req
        .trace
        .map_or(0.0, |(_, t)| crate::replay::week_offset_s(t));
    let days = match (req.days, req.trace) {
        (Some(d), _) => d,
        (None, Some((_, t))) => f64::from(t.span_days()),
        (None, None) => DEFAULT_DAYS,
    };
    let horizon_s = lead_in_s + days * 86400.0;
    let warmup_s = lead_in_s + req.warmup_s;
    if warmup_s >= horizon_s {
        return Err(Error::Input(format!(
            "error: the warm-up ({}) leaves nothing of the run (--days {days}) to measure: shorten --warmup or raise --days",
            crate::duration::format_duration_s(req.warmup_s),
        )));
    }
    let opt = SimOptions {
        horizon_s,
        warmup_s,
        volume_cv: req.volume_cv,
    };
    let mut spec =
        engine::compile(req.scenario, &opt).map_err(|e| Error::Input(format!("error: {e}")))?;
    if let Some((path, t)) = req.trace {
        spec.trace = crate::replay::scenario_arrivals(
            &spec,
            req.scenario,
            req.scenario_path,
            t,
            path,
            lead_in_s,
        )?;
        // a trace's classes beyond the scenario's are named as a replay names them
        for (c, ch) in spec.channels.iter_mut().enumerate() {
            let top = spec
                .trace
                .iter()
                .filter(|a| spec.queues[a.queue].channel == c)
                .map(|a| a.class)
                .max()
                .unwrap_or(0);
            let names = crate::trace::class_names_up_to(top);
            if names.len() > ch.classes.len() {
                if ch.classes.is_empty() {
                    ch.classes = names;
                } else {
                    let from = ch.classes.len();
                    ch.classes.extend(names.into_iter().skip(from));
                }
            }
        }
    }
    let agg = engine::run_replications(
        &spec,
        req.seed,
        req.replications,
        req.threads.max(1),
        progress,
    );
    let info = RunInfo {
        scenario: req.scenario.name.clone(),
        seed: req.seed,
        replications: req.replications,
        horizon_s,
        warmup_s,
        volume_cv: req.volume_cv,
        roster: req.roster.map(|p| p.display().to_string()),
    };
    let trace = req.trace.map(|(path, t)| TracePlacement {
        file: path.display().to_string(),
        contacts: t.contacts.len(),
        epoch: t.epoch.map(|d| d.to_string()),
        offset_s: lead_in_s,
    });
    Ok(Outcome {
        spec,
        agg,
        info,
        trace,
    })
}
