//! The calculator behind `ccsim erlang`: a checked request (model, load, agents,
//! targets) in, the measures and the required agents out. No I/O and no flags: the
//! command line builds the request (`cli`) and `report::erlang` renders the answer.

use super::staffing::{Requirement, StaffingError, Targets};
use super::{Load, Measures, Model, measures, required_agents};
use crate::limits::MAX_AGENTS;

/// Shortest handle time, patience and interval the calculator takes, seconds (1 ms):
/// with the load below [`max_load_erlangs`] it keeps arrival rates below 1e8 per second.
pub const MIN_TIME_S: f64 = 0.001;

/// Longest mean patience as a multiple of the handle time. Beyond it the Erlang A sums
/// span e^(1e12) and more and their quadrature loses the measures' accuracy (the
/// property tests pass at 1e8 and fail at 1e10: this keeps a factor 100 of margin);
/// such contacts hardly ever abandon (use Erlang C, or chat without patience).
pub const MAX_PATIENCE_PER_AHT: f64 = 1e6;

/// Largest chat concurrency stretch: at s = 1 a second chat doubles each chat's time,
/// so concurrency gains nothing; beyond it an agent completes fewer chats the more it
/// holds, and the chain traps itself in its fullest states.
pub const MAX_STRETCH: f64 = 1.0;

/// Smallest abandonment or blocking target (a share): 1 in a million.
pub const MIN_SHARE_TARGET: f64 = 1e-6;

/// The most offered load (Erlang) [`MAX_AGENTS`] agents of `model` can carry: one per
/// agent, or for chat N·k/(1 + s(k−1)) (all k slots busy, each chat stretched).
pub fn max_load_erlangs(model: Model) -> f64 {
    match model {
        Model::Chat {
            concurrency,
            stretch,
            ..
        } => {
            let k = concurrency.max(1) as f64;
            MAX_AGENTS as f64 * k / (1.0 + stretch * (k - 1.0))
        }
        _ => MAX_AGENTS as f64,
    }
}

/// A checked calculator request.
#[derive(Debug, Clone, PartialEq)]
pub struct ErlangRequest {
    pub model: Model,
    /// Contacts offered per interval (may be fractional).
    pub calls: f64,
    /// Interval length, seconds.
    pub interval_s: f64,
    pub load: Load,
    /// Report the measures at this staffing.
    pub agents: Option<u32>,
    /// Trunk lines (M/M/N/K): the measures of `agents` on this many lines. Without it,
    /// a blocking target on models c and a asks for the fewest lines that meet it.
    pub lines: Option<u32>,
    pub targets: Targets,
}

/// The calculator's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ErlangAnswer {
    pub request: ErlangRequest,
    /// Measures at the given agents, or at the required agents.
    pub measures: Measures,
    pub required: Option<Requirement>,
    /// The fewest trunk lines for `max_blocking` at the request's agents (models c and a
    /// without `lines`), and the measures there.
    pub required_lines: Option<u32>,
    /// Square-root staffing for teaching (Erlang C with a service-level target):
    /// (β, N = A + β√A).
    pub square_root: Option<(f64, f64)>,
}

/// The calculator's error in its user's words: the message, and a help line naming the
/// flags to change (the same error from a scenario names its keys instead).
pub fn explain(e: &StaffingError) -> String {
    use super::Binding;
    let flag = |b: &Binding| match b {
        Binding::Stability => "--calls or --aht (the offered load)",
        Binding::ServiceLevel => "--target",
        Binding::Asa => "--asa-target",
        Binding::Abandon => "--max-abandon",
        Binding::Occupancy => "--max-occupancy",
        Binding::Blocking => "--max-blocking",
    };
    let help = match e {
        StaffingError::NoTarget => return format!("error: {e}"),
        StaffingError::OccupancyOnly => {
            "give --target, --asa-target, --max-abandon or --max-blocking beside --max-occupancy"
                .to_string()
        }
        StaffingError::Unreachable { failing, .. } => {
            let flags: Vec<&str> = failing.iter().map(flag).collect();
            format!("relax {}, or lower --calls", flags.join(" and "))
        }
    };
    format!("error: {e}\n  = help: {help}")
}

/// Measures at the request's agents and, with targets, the smallest N meeting them.
pub fn answer(req: &ErlangRequest) -> Result<ErlangAnswer, StaffingError> {
    if let (Some(k), Some(n)) = (req.lines, req.agents) {
        return Ok(ErlangAnswer {
            request: req.clone(),
            measures: finite(req, n, k),
            required: None,
            required_lines: None,
            square_root: None,
        });
    }
    if let (Some(target), Some(n), Model::C | Model::A { .. }) =
        (req.targets.max_blocking, req.agents, req.model)
    {
        let k = required_lines(req, n, target);
        let measures = finite(req, n, k);
        // no number of lines meets it when the agents cannot carry the load: the
        // measures at the most lines say by how much (`meets_targets` false)
        let met = measures.blocking.is_some_and(|b| b <= target);
        return Ok(ErlangAnswer {
            request: req.clone(),
            measures,
            required: None,
            required_lines: met.then_some(k),
            square_root: None,
        });
    }
    let required = if req.targets.is_empty() {
        None
    } else {
        Some(required_agents(req.model, req.load, &req.targets)?)
    };
    let measures = match (req.agents, &required) {
        (Some(n), _) => measures(
            req.model,
            n,
            req.load,
            req.targets.within_s,
            req.targets.sl_definition,
        ),
        (None, Some(r)) => r.measures,
        (None, None) => return Err(StaffingError::NoTarget),
    };
    let square_root = match (req.model, req.targets.service_level, req.targets.within_s) {
        (Model::C, Some(sl), Some(t)) if req.load.erlangs() > 0.0 => {
            let beta = super::staffing::beta_for_service_level(req.load, sl, t);
            Some((beta, super::square_root_staffing(req.load.erlangs(), beta)))
        }
        _ => None,
    };
    Ok(ErlangAnswer {
        request: req.clone(),
        measures,
        required,
        required_lines: None,
        square_root,
    })
}

/// The fewest lines K ≥ `agents` whose M/M/N/K blocking is at most `target` (the most
/// lines when none is enough): the
/// blocking falls as lines are added (doubling, then bisection), and with patience or
/// a stable queue it tends to 0; an unstable queue without patience is capped at
/// [`crate::limits::MAX_LINES`].
fn required_lines(req: &ErlangRequest, agents: u32, target: f64) -> u32 {
    let blocking = |k: u32| finite(req, agents, k).blocking.unwrap_or(1.0);
    let max = crate::limits::MAX_LINES;
    let mut lo = agents.max(1);
    if blocking(lo) <= target {
        return lo;
    }
    let mut hi = lo;
    while blocking(hi) > target {
        if hi >= max {
            return max;
        }
        lo = hi;
        hi = hi.saturating_mul(2).min(max);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if blocking(mid) <= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The M/M/N/K measures of `agents` on `lines` as the calculator reports them.
fn finite(req: &ErlangRequest, agents: u32, lines: u32) -> Measures {
    let patience = match req.model {
        Model::A { patience_s } => Some(patience_s),
        _ => None,
    };
    let t_s = req.targets.within_s;
    let f = super::finite::finite_measures(agents, lines, req.load, patience, t_s);
    Measures {
        agents,
        stable: true,
        offered_load_erlangs: req.load.erlangs(),
        blocking: Some(f.blocking),
        p_wait: Some(f.p_wait),
        service_level: f.service_level,
        service_level_miss: f.service_level.map(|s| 1.0 - s),
        target_t_s: t_s,
        asa_s: f.asa_s,
        mean_wait_all_s: Some(f.mean_wait_s),
        p_abandon: patience.map(|_| f.p_abandon),
        occupancy: f.occupancy,
    }
}

impl ErlangAnswer {
    /// Whether the measures meet every target (`None` without targets).
    pub fn meets_targets(&self) -> Option<bool> {
        let t = &self.request.targets;
        (!t.is_empty()).then(|| super::staffing::missed(&self.measures, t).is_empty())
    }
}
