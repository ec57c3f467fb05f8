//! `ccsim teach`: lessons a trainer runs in front of a class. Each lesson computes its
//! numbers with the same functions the other commands use (the Erlang calculator, the
//! simulator, the replay; no numbers of its own) and returns them; `report::teach`
//! writes the explanation and `plot::lessons` the pictures.
//!
//! One entry point, [`run`]: a lesson's name and its [`Params`] → an [`Outcome`].

use std::path::{Path, PathBuf};

use crate::erlang::{Load, Measures, Model, SlDefinition, Targets, measures, required_agents};
use crate::error::{Error, Result};
use crate::replay::{ReplayOptions, ReplayResult};
use crate::stats::Estimate;
use crate::trace::{ObservedSummary, Trace};

/// The lessons, with what each shows.
pub const LESSONS: [(&str, &str); 6] = [
    (
        "hockey-stick",
        "service level and occupancy against agents for one queue: near the target one agent fewer costs far more than one more saves",
    ),
    (
        "pooling",
        "one universal team against language teams at the same demand: the split needs many more agents for the same service",
    ),
    (
        "variability",
        "the same mean handle time with more variable handle times (and volumes): waits grow with the variance (simulated)",
    ),
    (
        "abandonment",
        "Erlang C against Erlang A and a simulation: when callers hang up, Erlang C overstaffs",
    ),
    (
        "square-root",
        "N = A + beta*sqrt(A) from 1 to 1000 Erlang: big centres run hotter for the same service",
    ),
    (
        "reality",
        "a real bank's days replayed and set against Erlang A and C hour by hour",
    ),
];

/// The shipped Anonymous Bank sample (3 days of January 1999, see
/// `tests/data/trace/README.md`): the `reality` lesson's trace unless `--trace` names one.
pub const SAMPLE_TRACE: &str = include_str!("../tests/data/trace/anonymous_bank_1999_sample.txt");

/// The name the shipped sample goes by in reports.
pub const SAMPLE_TRACE_NAME: &str = "anonymous_bank_1999_sample.txt (shipped with ccsim)";

/// A lesson's parameters (the flags of `ccsim teach`); [`Params::default`] holds the
/// command's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Calls offered per interval.
    pub calls: f64,
    /// Interval length, seconds.
    pub interval_s: f64,
    /// Mean handle time, seconds.
    pub aht_s: f64,
    /// Service-level target: (share, T seconds).
    pub target: (f64, f64),
    /// `pooling`: the teams the demand is split into at most.
    pub teams: u32,
    /// `abandonment`: mean (exponential) patience, seconds.
    pub patience_s: f64,
    /// `variability`: coefficients of variation of the handle time.
    pub cvs: Vec<f64>,
    /// `variability`: the day-level volume cv of the extra row (0: no such row).
    pub volume_cv: f64,
    /// `square-root`: offered loads, Erlang.
    pub loads: Vec<f64>,
    /// Simulated lessons: master seed, replications, days per replication, threads.
    pub seed: u64,
    pub replications: u64,
    pub days: f64,
    pub threads: usize,
    /// `reality`: an Anonymous Bank file (`None`: the shipped sample).
    pub trace: Option<PathBuf>,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            calls: 100.0,
            interval_s: 1800.0,
            aht_s: 180.0,
            target: (0.8, 20.0),
            teams: 11,
            patience_s: 180.0,
            cvs: vec![0.0, 0.5, 1.0, 2.0],
            volume_cv: 0.1,
            loads: vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0],
            seed: 1,
            replications: 10,
            days: 7.0,
            threads: 1,
            trace: None,
        }
    }
}

/// What a lesson computed.
#[derive(Debug, Clone)]
pub enum Outcome {
    HockeyStick(HockeyStick),
    Pooling(Pooling),
    Variability(Variability),
    Abandonment(Abandonment),
    SquareRoot(SquareRoot),
    Reality(Box<Reality>),
}

impl Outcome {
    /// The scenario a simulated lesson runs (TOML; `ccsim simulate` runs it with the
    /// seed, replications and days the lesson prints), `None` for the others.
    pub fn scenario_toml(&self) -> Option<&str> {
        match self {
            Outcome::Variability(v) => Some(&v.scenario_toml),
            Outcome::Abandonment(a) => Some(&a.scenario_toml),
            _ => None,
        }
    }
}

/// Run lesson `lesson` with `p`. An unknown name is bad input naming the nearest lesson.
pub fn run(lesson: &str, p: &Params) -> Result<Outcome> {
    match lesson {
        "hockey-stick" => Ok(Outcome::HockeyStick(hockey_stick(
            p.calls,
            p.interval_s,
            p.aht_s,
            p.target,
        )?)),
        "pooling" => Ok(Outcome::Pooling(pooling(p)?)),
        "variability" => Ok(Outcome::Variability(variability(p)?)),
        "abandonment" => Ok(Outcome::Abandonment(abandonment(p)?)),
        "square-root" => Ok(Outcome::SquareRoot(square_root(p)?)),
        "reality" => Ok(Outcome::Reality(Box::new(reality(p)?))),
        other => {
            let names: Vec<String> = LESSONS.iter().map(|l| l.0.to_string()).collect();
            let near = crate::scenario::nearest(other, &names)
                .map_or(String::new(), |n| format!("did you mean `{n}`? "));
            Err(Error::Input(format!(
                "error: no lesson `{other}`\n   = help: {near}the lessons are: {}",
                names.join(", ")
            )))
        }
    }
}

fn sl_targets(target: (f64, f64)) -> Targets {
    Targets {
        service_level: Some(target.0),
        within_s: Some(target.1),
        ..Targets::default()
    }
}

/// The fewest agents of `model` meeting the service-level `target`, as `ccsim erlang`
/// finds them (its error in the calculator's words).
fn required(model: Model, load: Load, target: (f64, f64)) -> Result<u32> {
    required_agents(model, load, &sl_targets(target))
        .map(|r| r.agents)
        .map_err(|e| Error::Input(crate::erlang::calculator::explain(&e)))
}

fn c_measures(agents: u32, load: Load, t_s: f64) -> Measures {
    measures(Model::C, agents, load, Some(t_s), SlDefinition::Offered)
}

// ---------------------------------------------------------------------------------
// hockey-stick

/// The hockey stick of one Erlang C queue.
#[derive(Debug, Clone)]
pub struct HockeyStick {
    pub calls: f64,
    pub interval_s: f64,
    pub aht_s: f64,
    /// Service-level target: (share, T seconds).
    pub target: (f64, f64),
    /// The fewest agents meeting the target.
    pub required: u32,
    /// Measures from a few agents below the requirement to a few above.
    pub rows: Vec<Measures>,
}

/// Erlang C measures around the agents `calls` per `interval_s` of `aht_s` need for
/// the service level `target` (share within T seconds).
pub fn hockey_stick(
    calls: f64,
    interval_s: f64,
    aht_s: f64,
    target: (f64, f64),
) -> Result<HockeyStick> {
    let load = Load::per_interval(calls, interval_s, aht_s);
    let req = required(Model::C, load, target)?;
    let stable_from = load.erlangs().floor() as u32 + 1;
    let from = req.saturating_sub(4).max(stable_from).max(1);
    let rows = (from..=req + 4)
        .map(|n| c_measures(n, load, target.1))
        .collect();
    Ok(HockeyStick {
        calls,
        interval_s,
        aht_s,
        target,
        required: req,
        rows,
    })
}

// ---------------------------------------------------------------------------------
// pooling

/// The demand split into `teams` equal teams, each staffed by Erlang C for the target.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolingRow {
    pub teams: u32,
    /// Calls per interval each team receives.
    pub calls_per_team: f64,
    /// Agents each team needs.
    pub agents_per_team: u32,
    /// Agents of all teams together.
    pub agents_total: u32,
    /// One team's measures at its agents (every team's are the same).
    pub measures: Measures,
}

/// Pooling: one team against the demand split into 2, 3, … `teams` teams.
#[derive(Debug, Clone, PartialEq)]
pub struct Pooling {
    pub calls: f64,
    pub interval_s: f64,
    pub aht_s: f64,
    pub target: (f64, f64),
    /// Offered load of the whole demand, Erlang.
    pub load_erlangs: f64,
    /// One row per number of teams, 1 to `teams`.
    pub rows: Vec<PoolingRow>,
}

/// Agents by Erlang C for the whole demand split into 1, 2, … `p.teams` equal teams.
pub fn pooling(p: &Params) -> Result<Pooling> {
    let mut rows = Vec::new();
    for k in 1..=p.teams.max(1) {
        let calls_per_team = p.calls / f64::from(k);
        let load = Load::per_interval(calls_per_team, p.interval_s, p.aht_s);
        let agents = required(Model::C, load, p.target)?;
        rows.push(PoolingRow {
            teams: k,
            calls_per_team,
            agents_per_team: agents,
            agents_total: agents.saturating_mul(k),
            measures: c_measures(agents, load, p.target.1),
        });
    }
    Ok(Pooling {
        calls: p.calls,
        interval_s: p.interval_s,
        aht_s: p.aht_s,
        target: p.target,
        load_erlangs: Load::per_interval(p.calls, p.interval_s, p.aht_s).erlangs(),
        rows,
    })
}

// ---------------------------------------------------------------------------------
// simulated lessons: one queue as a scenario

/// The simulated key figures of a lesson's queue, mean ± 95% half-width over the
/// replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimKpis {
    /// Answered within T / (answered + abandoned).
    pub service_level: Estimate,
    /// Mean wait of the answered, seconds.
    pub asa_s: Estimate,
    /// Abandoned / (answered + abandoned).
    pub abandon_rate: Estimate,
    /// Mean wait of everyone who left the queue, seconds.
    pub mean_wait_all_s: Estimate,
    /// Busy time / on-duty time of the agents.
    pub occupancy: Estimate,
}

/// How a lesson's simulations were run (the same as `ccsim simulate SCENARIO --seed
/// SEED -r REPLICATIONS --days DAYS`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimRun {
    pub seed: u64,
    pub replications: u64,
    pub days: f64,
}

/// Handle times of a lesson's queue: exponential at cv 1, deterministic at 0, gamma
/// (shape 1/cv²) otherwise.
fn handle_time_toml(aht_s: f64, cv: f64) -> String {
    if cv == 0.0 {
        format!("{{ dist = \"deterministic\", value = {aht_s:?} }}")
    } else if cv == 1.0 {
        format!("{{ dist = \"exponential\", mean = {aht_s:?} }}")
    } else {
        format!("{{ dist = \"gamma\", mean = {aht_s:?}, cv = {cv:?} }}")
    }
}

/// What [`handle_time_toml`] draws from, in words.
pub fn handle_time_words(cv: f64) -> String {
    if cv == 0.0 {
        "deterministic".into()
    } else if cv == 1.0 {
        "exponential".into()
    } else {
        format!("gamma, cv {cv}")
    }
}

/// A scenario of one voice queue open around the clock: `p.calls` per `p.interval_s`
/// at a flat rate, handle times of mean `p.aht_s` and coefficient of variation `cv`,
/// exponential patience of mean `patience_s` (none: nobody hangs up), `agents` agents
/// on duty at every moment (no shrinkage), the lesson's service-level target.
pub fn one_queue_toml(
    name: &str,
    p: &Params,
    cv: f64,
    patience_s: Option<f64>,
    agents: u32,
) -> Result<String> {
    let weekly = p.calls / p.interval_s * 7.0 * 86_400.0;
    if weekly.is_nan() || weekly > crate::limits::MAX_CONTACTS {
        return Err(Error::Input(format!(
            "error: the simulated lessons take at most {} calls a week; --calls {} per --interval {} makes {weekly:.0}\n   = help: lower --calls or lengthen --interval",
            crate::limits::MAX_CONTACTS,
            p.calls,
            crate::duration::format_duration_s(p.interval_s)
        )));
    }
    let patience = patience_s.map_or(String::new(), |m| {
        format!("patience = {{ dist = \"exponential\", mean = {m:?} }}\n")
    });
    Ok(format!(
        "# ccsim teach: {name}. One queue open around the clock, {agents} agents on duty at every\n\
         # moment (no shrinkage), {calls} calls per {interval} at a flat rate.\n\
         [scenario]\n\
         name = \"{name}\"\n\
         interval = \"30m\"\n\
         \n\
         [[channel]]\n\
         name = \"voice\"\n\
         kind = \"live\"\n\
         {patience}\
         [channel.target]\n\
         service_level = {sl:?}\n\
         within = {t:?}\n\
         \n\
         [[language]]\n\
         name = \"en\"\n\
         share = 1.0\n\
         \n\
         [demand]\n\
         weekly_contacts = {weekly:?}\n\
         \n\
         [[tier]]\n\
         name = \"L1\"\n\
         resolve = 1.0\n\
         [tier.handle_time]\n\
         voice = {handle}\n\
         \n\
         [[group]]\n\
         name = \"agents\"\n\
         tier = \"L1\"\n\
         languages = [\"*\"]\n\
         channels = [\"*\"]\n\
         [[group.shift]]\n\
         name = \"around the clock\"\n\
         start = \"00:00\"\n\
         length = \"24h\"\n\
         days = \"all\"\n\
         agents = {agents}\n",
        calls = p.calls,
        interval = crate::duration::format_duration_s(p.interval_s),
        sl = p.target.0,
        t = p.target.1,
        handle = handle_time_toml(p.aht_s, cv),
    ))
}

/// Simulate the scenario `toml` with the lesson's seed, replications and days (and a
/// day-level volume cv): the first-line KPIs across replications.
pub fn simulate_toml(toml: &str, name: &str, p: &Params, volume_cv: f64) -> Result<SimKpis> {
    let path = Path::new(name);
    let scenario = crate::scenario::load_str(toml, path)?;
    let mut req = crate::simulate::Request::generated(
        &scenario,
        path,
        p.seed,
        p.replications,
        p.threads,
        Some(p.days),
    );
    req.volume_cv = volume_cv;
    let out = crate::simulate::run(&req, &|_| {})?;
    let per: Vec<crate::engine::Kpis> = out.agg.per_rep.iter().map(|r| r.total).collect();
    let est = crate::engine::summary::estimates(&per);
    let get = |key: &str| {
        est.iter()
            .find(|(n, _)| *n == key)
            .map_or(nan_estimate(), |(_, e)| *e)
    };
    let occ: Vec<f64> = out
        .agg
        .per_rep
        .iter()
        .filter_map(|r| r.occupancy.first().copied())
        .collect();
    Ok(SimKpis {
        service_level: get("service_level"),
        asa_s: get("asa_s"),
        abandon_rate: get("abandon_rate"),
        mean_wait_all_s: get("mean_wait_all_s"),
        occupancy: crate::stats::summarize(&occ),
    })
}

fn nan_estimate() -> Estimate {
    Estimate {
        mean: f64::NAN,
        half_width: f64::NAN,
        n: 0,
    }
}

fn sim_run(p: &Params) -> SimRun {
    SimRun {
        seed: p.seed,
        replications: p.replications,
        days: p.days,
    }
}

// ---------------------------------------------------------------------------------
// variability

/// One variant of the variability lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct VariabilityRow {
    /// Coefficient of variation of the handle time.
    pub cv: f64,
    /// Coefficient of variation of a day-level volume factor (0: Poisson arrivals only).
    pub volume_cv: f64,
    pub sim: SimKpis,
}

/// The same queue with more and more variable handle times.
#[derive(Debug, Clone, PartialEq)]
pub struct Variability {
    pub calls: f64,
    pub interval_s: f64,
    pub aht_s: f64,
    pub target: (f64, f64),
    /// Agents on duty: the Erlang C requirement for the target.
    pub agents: u32,
    /// Erlang C at `agents` (it assumes exponential handle times, cv 1).
    pub erlang_c: Measures,
    pub run: SimRun,
    /// One row per handle-time cv, then (if asked) the exponential queue with a volume cv.
    pub rows: Vec<VariabilityRow>,
    /// The exponential (cv 1) scenario, as the lesson simulated it.
    pub scenario_toml: String,
}

/// Simulate the Erlang C requirement's queue with each handle-time cv of `p.cvs`, and
/// the exponential one with `p.volume_cv` (if above 0), all with the same seed.
pub fn variability(p: &Params) -> Result<Variability> {
    let load = Load::per_interval(p.calls, p.interval_s, p.aht_s);
    let agents = required(Model::C, load, p.target)?;
    let name = "teach-variability.toml";
    let mut rows = Vec::new();
    for &cv in &p.cvs {
        let toml = one_queue_toml("variability", p, cv, None, agents)?;
        rows.push(VariabilityRow {
            cv,
            volume_cv: 0.0,
            sim: simulate_toml(&toml, name, p, 0.0)?,
        });
    }
    let scenario_toml = one_queue_toml("variability", p, 1.0, None, agents)?;
    if p.volume_cv > 0.0 {
        rows.push(VariabilityRow {
            cv: 1.0,
            volume_cv: p.volume_cv,
            sim: simulate_toml(&scenario_toml, name, p, p.volume_cv)?,
        });
    }
    Ok(Variability {
        calls: p.calls,
        interval_s: p.interval_s,
        aht_s: p.aht_s,
        target: p.target,
        agents,
        erlang_c: c_measures(agents, load, p.target.1),
        run: sim_run(p),
        rows,
        scenario_toml,
    })
}

// ---------------------------------------------------------------------------------
// abandonment

/// Erlang C and Erlang A at one number of agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelsAt {
    pub agents: u32,
    pub erlang_c: Measures,
    pub erlang_a: Measures,
}

/// Erlang C against Erlang A and the simulation of the Erlang A queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Abandonment {
    pub calls: f64,
    pub interval_s: f64,
    pub aht_s: f64,
    pub target: (f64, f64),
    /// Mean patience, seconds.
    pub patience_s: f64,
    /// Agents Erlang C needs for the target.
    pub required_c: u32,
    /// Agents Erlang A needs for the target.
    pub required_a: u32,
    /// Both models from a few agents below the lower requirement to above the higher.
    pub curve: Vec<ModelsAt>,
    pub run: SimRun,
    /// The Erlang A queue simulated with `required_a` agents.
    pub sim_at_a: SimKpis,
    /// The same queue simulated with `required_c` agents.
    pub sim_at_c: SimKpis,
    /// The scenario simulated at `required_a` agents (at `required_c` only `agents` differs).
    pub scenario_toml: String,
}

/// Required agents by Erlang C and by Erlang A (patience `p.patience_s`) for the
/// target, both models around them, and the simulated queue at both.
pub fn abandonment(p: &Params) -> Result<Abandonment> {
    let load = Load::per_interval(p.calls, p.interval_s, p.aht_s);
    let model_a = Model::A {
        patience_s: p.patience_s,
    };
    let required_c = required(Model::C, load, p.target)?;
    let required_a = required(model_a, load, p.target)?;
    let lo = required_a.min(required_c).saturating_sub(3).max(1);
    let hi = required_a.max(required_c) + 2;
    let curve = (lo..=hi)
        .map(|n| ModelsAt {
            agents: n,
            erlang_c: c_measures(n, load, p.target.1),
            erlang_a: measures(model_a, n, load, Some(p.target.1), SlDefinition::Offered),
        })
        .collect();
    let name = "teach-abandonment.toml";
    let scenario_toml = one_queue_toml("abandonment", p, 1.0, Some(p.patience_s), required_a)?;
    let at_c = one_queue_toml("abandonment", p, 1.0, Some(p.patience_s), required_c)?;
    Ok(Abandonment {
        calls: p.calls,
        interval_s: p.interval_s,
        aht_s: p.aht_s,
        target: p.target,
        patience_s: p.patience_s,
        required_c,
        required_a,
        curve,
        run: sim_run(p),
        sim_at_a: simulate_toml(&scenario_toml, name, p, 0.0)?,
        sim_at_c: simulate_toml(&at_c, name, p, 0.0)?,
        scenario_toml,
    })
}

// ---------------------------------------------------------------------------------
// square-root

/// One size of centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SquareRootRow {
    /// Offered load A, Erlang.
    pub load_erlangs: f64,
    /// Calls per interval making that load at the lesson's AHT.
    pub calls: f64,
    /// N: agents Erlang C needs for the target.
    pub agents: u32,
    /// β = (N − A) / √A: the safety staff in units of √A.
    pub beta: f64,
    /// Erlang C at N.
    pub measures: Measures,
}

/// Square-root staffing across sizes of centre.
#[derive(Debug, Clone, PartialEq)]
pub struct SquareRoot {
    pub interval_s: f64,
    pub aht_s: f64,
    pub target: (f64, f64),
    pub rows: Vec<SquareRootRow>,
}

/// Erlang C requirements for each offered load of `p.loads` at the same AHT and target.
pub fn square_root(p: &Params) -> Result<SquareRoot> {
    let mut rows = Vec::new();
    for &a in &p.loads {
        let calls = a * p.interval_s / p.aht_s;
        let load = Load::per_interval(calls, p.interval_s, p.aht_s);
        let agents = required(Model::C, load, p.target)?;
        let a = load.erlangs();
        rows.push(SquareRootRow {
            load_erlangs: a,
            calls,
            agents,
            beta: (f64::from(agents) - a) / a.sqrt(),
            measures: c_measures(agents, load, p.target.1),
        });
    }
    Ok(SquareRoot {
        interval_s: p.interval_s,
        aht_s: p.aht_s,
        target: p.target,
        rows,
    })
}

// ---------------------------------------------------------------------------------
// reality

/// Theory's figures over some hours, weighted by their calls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TheorySum {
    /// Erlang A service level (answered within T / offered).
    pub erlang_a_sl: f64,
    /// Erlang A share of calls abandoning.
    pub erlang_a_abandon: f64,
    /// Erlang A mean wait of the answered, seconds.
    pub erlang_a_asa_s: f64,
    /// Erlang C service level; an hour with no more agents than load counts as 0.
    pub erlang_c_sl: f64,
    /// Hours in which Erlang C has no steady state (agents ≤ load).
    pub erlang_c_unstable_hours: usize,
}

/// One hour of the trace with calls.
#[derive(Debug, Clone, PartialEq)]
pub struct RealityHour {
    /// Start of the hour, seconds after the trace's first midnight.
    pub start_s: f64,
    /// Calls arriving in the hour.
    pub calls: usize,
    /// Agents on duty (the replay's upper bound: every agent id serving in the hour).
    pub agents: u32,
    /// Mean handle time of the hour's answered calls (the trace's when none), seconds.
    pub aht_s: f64,
    /// What the hour's calls saw.
    pub observed: ObservedSummary,
    /// Erlang C and A with the hour's calls, AHT, agents and the trace's patience.
    pub erlang_c: Measures,
    pub erlang_a: Option<Measures>,
}

/// One day of the trace.
#[derive(Debug, Clone, PartialEq)]
pub struct RealityDay {
    /// YYYY-MM-DD, or `day N` for a trace of plain seconds.
    pub date: String,
    pub calls: usize,
    /// Agent-hours on duty (upper bound).
    pub agent_hours: f64,
    pub observed: ObservedSummary,
    pub theory: TheorySum,
}

/// A real trace replayed and set against theory.
#[derive(Debug, Clone, PartialEq)]
pub struct Reality {
    /// The trace as loaded (what was kept and skipped).
    pub load_report: String,
    /// The file, or [`SAMPLE_TRACE_NAME`].
    pub source: String,
    pub replay: ReplayResult,
    /// Mean patience theory uses (the trace's estimate), seconds; `None` when the
    /// trace shows none (then there is no Erlang A).
    pub patience_s: Option<f64>,
    pub hours: Vec<RealityHour>,
    pub days: Vec<RealityDay>,
    /// Theory over the whole trace.
    pub theory: TheorySum,
    /// The lesson's service-level target (its T is the replay's).
    pub target: (f64, f64),
}

/// Load `p.trace` (an Anonymous Bank file; `None`: the shipped sample), replay it as
/// `ccsim replay` does (seed, replications, T of the target, hourly agents on duty),
/// and compute Erlang A and C hour by hour with the trace's calls, AHT, agents and
/// patience.
pub fn reality(p: &Params) -> Result<Reality> {
    let filter = crate::trace::BankFilter::default();
    let (trace, source) = match &p.trace {
        Some(path) => (
            crate::trace::load_anonymous_bank(std::slice::from_ref(path), &filter)?,
            path.display().to_string(),
        ),
        None => (
            crate::trace::parse_anonymous_bank(
                SAMPLE_TRACE,
                Path::new(SAMPLE_TRACE_NAME),
                &filter,
            )?,
            SAMPLE_TRACE_NAME.to_string(),
        ),
    };
    let hour_s = 3600.0;
    let options = ReplayOptions {
        target_s: p.target.1,
        duty_bin_s: hour_s,
        wrap_up: crate::replay::WrapUp::Mean(0.0),
        wrap_up_cv: None,
        seed: p.seed,
        replications: p.replications,
        threads: p.threads,
        by_class: true,
        head_start_s: crate::replay::BANK_HEAD_START_S,
        patience: crate::replay::PatienceModel::KaplanMeier,
    };
    let replay = crate::replay::run(&trace, &options)?;
    let patience_s = replay.patience.mean_s();
    let all_aht = replay.observed.aht_s.unwrap_or(f64::NAN);
    let hours = reality_hours(&trace, &replay, patience_s, all_aht, p.target.1);
    let day_count = trace.span_days() as usize;
    let mut days = Vec::new();
    for d in 0..day_count {
        let in_day: Vec<&RealityHour> = hours
            .iter()
            .filter(|h| (h.start_s / 86_400.0).floor() as usize == d)
            .collect();
        let lo = d as f64 * 86_400.0;
        let sub = sub_trace(&trace, lo, lo + 86_400.0);
        let date = trace.epoch.map_or(format!("day {}", d + 1), |e| {
            crate::trace::CivilDate::from_days_since_1970(e.days_since_1970() + d as i64)
                .to_string()
        });
        let on_duty = &replay.upper.on_duty;
        let agent_hours = (d * 24..(d + 1) * 24)
            .map(|b| f64::from(on_duty.get(b).copied().unwrap_or(0)))
            .sum();
        days.push(RealityDay {
            date,
            calls: sub.contacts.len(),
            agent_hours,
            observed: crate::trace::observed_summary(&sub, p.target.1),
            theory: theory_sum(&in_day),
        });
    }
    let all: Vec<&RealityHour> = hours.iter().collect();
    Ok(Reality {
        load_report: trace.load_report(),
        source,
        theory: theory_sum(&all),
        target: p.target,
        replay,
        patience_s,
        hours,
        days,
    })
}

/// The contacts of `trace` arriving in `[from_s, to_s)`.
fn sub_trace(trace: &Trace, from_s: f64, to_s: f64) -> Trace {
    Trace {
        contacts: trace
            .contacts
            .iter()
            .filter(|c| c.arrival_s >= from_s && c.arrival_s < to_s)
            .cloned()
            .collect(),
        epoch: trace.epoch,
        rows_read: 0,
        skipped: Default::default(),
        quirks: Default::default(),
        source: trace.source.clone(),
        abandonment_recorded: trace.abandonment_recorded,
    }
}

fn reality_hours(
    trace: &Trace,
    replay: &ReplayResult,
    patience_s: Option<f64>,
    all_aht_s: f64,
    t_s: f64,
) -> Vec<RealityHour> {
    let hour_s = 3600.0;
    let last = trace.contacts.last().map_or(0.0, |c| c.arrival_s);
    let n_hours = (last / hour_s).floor() as usize + 1;
    let mut out = Vec::new();
    for h in 0..n_hours {
        let lo = h as f64 * hour_s;
        let sub = sub_trace(trace, lo, lo + hour_s);
        if sub.contacts.is_empty() {
            continue;
        }
        let observed = crate::trace::observed_summary(&sub, t_s);
        let aht_s = observed.aht_s.filter(|a| *a > 0.0).unwrap_or(all_aht_s);
        let agents = replay.upper.on_duty.get(h).copied().unwrap_or(0);
        let load = Load::per_interval(sub.contacts.len() as f64, hour_s, aht_s);
        out.push(RealityHour {
            start_s: lo,
            calls: sub.contacts.len(),
            agents,
            aht_s,
            erlang_c: c_measures(agents, load, t_s),
            erlang_a: patience_s.map(|m| {
                measures(
                    Model::A { patience_s: m },
                    agents,
                    load,
                    Some(t_s),
                    SlDefinition::Offered,
                )
            }),
            observed,
        });
    }
    out
}

/// Theory over `hours`, each weighted by its calls (Erlang A's ASA by its answered calls).
fn theory_sum(hours: &[&RealityHour]) -> TheorySum {
    let calls: f64 = hours.iter().map(|h| h.calls as f64).sum();
    let weighted = |f: &dyn Fn(&RealityHour) -> Option<f64>| -> f64 {
        let mut sum = 0.0;
        for h in hours {
            match f(h) {
                Some(x) => sum += h.calls as f64 * x,
                None => return f64::NAN,
            }
        }
        sum / calls
    };
    let a_answered: f64 = hours
        .iter()
        .filter_map(|h| {
            h.erlang_a
                .map(|a| h.calls as f64 * (1.0 - a.p_abandon.unwrap_or(0.0)))
        })
        .sum();
    let a_wait: f64 = hours
        .iter()
        .filter_map(|h| {
            h.erlang_a.map(|a| {
                h.calls as f64 * (1.0 - a.p_abandon.unwrap_or(0.0)) * a.asa_s.unwrap_or(0.0)
            })
        })
        .sum();
    TheorySum {
        erlang_a_sl: weighted(&|h| h.erlang_a.map(|a| a.service_level.unwrap_or(0.0))),
        erlang_a_abandon: weighted(&|h| h.erlang_a.map(|a| a.p_abandon.unwrap_or(1.0))),
        erlang_a_asa_s: if a_answered > 0.0 {
            a_wait / a_answered
        } else {
            f64::NAN
        },
        erlang_c_sl: weighted(&|h| Some(h.erlang_c.service_level.unwrap_or(0.0))),
        erlang_c_unstable_hours: hours.iter().filter(|h| !h.erlang_c.stable).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooling_splits_need_more_agents_than_one_team() {
        let p = Params::default();
        let pool = pooling(&p).unwrap();
        assert_eq!(pool.rows.len(), 11);
        let one = &pool.rows[0];
        let eleven = &pool.rows[10];
        assert_eq!(one.agents_total, 14, "10 Erlang at 80/20");
        assert!(eleven.agents_total > one.agents_total + 10);
        assert!(eleven.measures.occupancy < one.measures.occupancy);
    }

    #[test]
    fn square_root_occupancy_rises_and_beta_settles() {
        let sq = square_root(&Params::default()).unwrap();
        let occ: Vec<f64> = sq.rows.iter().map(|r| r.measures.occupancy).collect();
        assert!(occ.windows(2).all(|w| w[1] > w[0]), "{occ:?}");
        let last = sq.rows.last().unwrap();
        assert!(last.beta > 0.3 && last.beta < 1.5, "{}", last.beta);
    }

    #[test]
    fn the_lesson_scenario_loads() {
        let p = Params::default();
        for cv in [0.0, 0.5, 1.0, 2.0] {
            let toml = one_queue_toml("x", &p, cv, Some(180.0), 12).unwrap();
            crate::scenario::load_str(&toml, Path::new("x.toml")).unwrap();
        }
        let big = Params {
            calls: 1e6,
            interval_s: 60.0,
            ..Params::default()
        };
        assert!(matches!(
            one_queue_toml("x", &big, 1.0, None, 1),
            Err(Error::Input(_))
        ));
    }

    #[test]
    fn an_unknown_lesson_names_the_nearest() {
        let Err(Error::Input(m)) = run("polling", &Params::default()) else {
            panic!("an unknown lesson is bad input");
        };
        assert!(m.contains("did you mean `pooling`?"), "{m}");
    }
}
