//! The command line: one subcommand per user job. This module only parses flags into
//! typed requests, calls the library and hands bytes to `report::write_files`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use crate::duration::parse_duration_s;
use crate::erlang::calculator::{self, ErlangRequest};
use crate::erlang::{Load, Model, SlDefinition, Targets};
use crate::error::{Error, Result};
use crate::limits::MAX_DURATION_S;
use crate::report;

#[derive(Debug, Parser)]
#[command(
    name = "ccsim",
    version,
    about = "Contact-centre simulator and capacity planner",
    after_help = CCSIM_EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Erlang calculator (B, C, A, chat): the measures at N agents, or the agents a target needs.
    #[command(after_help = ERLANG_EXAMPLES)]
    Erlang(ErlangArgs),
    /// Staffing requirement of a scenario: required and scheduled agents per interval.
    #[command(after_help = STAFF_EXAMPLES)]
    Staff(StaffArgs),
    /// Simulate a scenario: what waits customers really see with its shifts and escalations.
    #[command(after_help = SIMULATE_EXAMPLES)]
    Simulate(SimulateArgs),
    /// The cheapest roster from the scenario's shift templates that meets every target, proven by simulation.
    #[command(after_help = PLAN_EXAMPLES)]
    Plan(PlanArgs),
    /// Compare variants of a centre with common random numbers: every KPI's paired difference.
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
    /// What-if grids: staffing and simulated KPIs at every combination of --set values.
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Put the shards of a sweep (their --json files) back into the whole sweep.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Replay historical contacts and compare simulated with observed waits and abandonment.
    #[command(after_help = REPLAY_EXAMPLES)]
    Replay(ReplayArgs),
    /// Fit a scenario to a contact log: volumes and profiles, handle times, patience, priority classes.
    #[command(after_help = FIT_EXAMPLES)]
    Fit(FitArgs),
    /// Print a scenario shipped with ccsim (the list of names when none is given).
    #[command(after_help = EXAMPLE_EXAMPLES)]
    Example(ExampleArgs),
    /// Print a commented starter scenario to copy and edit.
    #[command(after_help = INIT_EXAMPLES)]
    Init,
    /// Lessons for a class: the numbers of queueing, explained, with a plot.
    #[command(after_help = TEACH_EXAMPLES)]
    Teach(TeachArgs),
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

// Every `ccsim` line of these examples is run by a test (tests/it/cli.rs).
const CCSIM_EXAMPLES: &str = "\
Examples:
  ccsim erlang --model c --calls 100 --interval 30m --aht 3m --target 80/20
  ccsim example olymp > olymp.toml
  ccsim staff olymp.toml
  ccsim simulate olymp.toml --days 7 -o results

Exit status: 0 done, 1 a failure (writing a file), 2 bad input,
3 targets missed (--check), 130 interrupted.";

const ERLANG_EXAMPLES: &str = "\
Examples:
  ccsim erlang --model c --calls 100 --interval 30m --aht 3m --target 80/20
  ccsim erlang --model c --calls 100 --interval 30m --aht 3m --agents 14 --json
  ccsim erlang --model a --calls 250 --interval 30m --aht 180s --patience 2m --target 80/20 --max-abandon 0.05
  ccsim erlang --model chat --calls 120 --interval 1h --aht 6m --concurrency 3 --stretch 0.2 --agents 5";

const STAFF_EXAMPLES: &str = "\
Examples:
  ccsim example olymp > olymp.toml
  ccsim staff olymp.toml
  ccsim staff olymp.toml --detail --csv staffing.csv
  ccsim staff olymp.toml --json";

const PLAN_EXAMPLES: &str = "\
Examples:
  ccsim example desk > desk.toml
  ccsim plan desk.toml --write-roster roster.toml
  ccsim simulate desk.toml --roster roster.toml --seed 2 -r 30
  ccsim plan desk.toml --targets interval --json > plan.json";

const COMPARE_EXAMPLES: &str = "\
Examples:
  ccsim example desk > desk.toml
  ccsim plan desk.toml --days 7 --write-roster roster.toml
  ccsim compare desk.toml --roster roster.toml -r 20 --days 7
  ccsim compare desk.toml --set demand.weekly_contacts=+10%,+20% --days 7 --json > more.json";

const SWEEP_EXAMPLES: &str = "\
Examples:
  ccsim example desk > desk.toml
  ccsim sweep desk.toml --set demand.weekly_contacts=+0%..+30%:10% --days 7 -r 5
  ccsim sweep desk.toml --set tier.L1.handle_time.voice.mean=4m,5m --set channel.voice.target.max_abandon=0.03,0.05 --days 7 --csv sweep.csv
  ccsim sweep desk.toml --set demand.weekly_contacts=+0%..+30%:10% --days 7 -r 5 --shard 1/2 --json > part1.json";

const MERGE_EXAMPLES: &str = "\
Examples:
  ccsim example desk > desk.toml
  ccsim sweep desk.toml --set demand.weekly_contacts=+0%..+30%:10% --days 7 -r 5 --shard 1/2 --json > part1.json
  ccsim sweep desk.toml --set demand.weekly_contacts=+0%..+30%:10% --days 7 -r 5 --shard 2/2 --json > part2.json
  ccsim merge part1.json part2.json --csv sweep.csv";

const TEACH_EXAMPLES: &str = "\
Examples:
  ccsim teach
  ccsim teach hockey-stick --calls 300 --interval 1h --aht 4m --target 90/30 --plot stick.svg
  ccsim teach pooling --teams 11 --plot pooling.svg
  ccsim teach abandonment --patience 3m --write-scenario abandon.toml --plot abandon.svg";

const SIMULATE_EXAMPLES: &str = "\
Examples:
  ccsim example mmc > mmc.toml
  ccsim simulate mmc.toml
  ccsim simulate mmc.toml -r 20 -s 7 --days 7 -o results
  ccsim simulate mmc.toml -q -j 2 --json --trace calls.csv";

const REPLAY_EXAMPLES: &str = "\
Examples:
  ccsim replay --format csv calls.csv
  ccsim replay --format csv calls.csv --target 30s -r 20 --csv replay.csv
  ccsim replay bank/*.txt --from 1999-01-01 --to 1999-01-31 --wrap-up 30s
  ccsim replay --each bank/*.txt --duty-bin 15m --wrap-up-scale 1.18 --head-start 90s --patience km";

const FIT_EXAMPLES: &str = "\
Examples:
  ccsim example mmc > mmc.toml
  ccsim simulate mmc.toml -q -r 1 --days 14 --write-trace calls.csv
  ccsim fit calls.csv --out as-run.toml --staffing busy-peak --wrap-up 30s --write-roster as-run-roster.toml
  ccsim fit bank/january.txt --trace-format bank --interval 1h --json";

const EXAMPLE_EXAMPLES: &str = "\
Examples:
  ccsim example
  ccsim example olymp > olymp.toml";

const INIT_EXAMPLES: &str = "\
Examples:
  ccsim init > my.toml
  ccsim staff my.toml";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  ccsim completions bash > ~/.local/share/bash-completion/completions/ccsim
  ccsim completions zsh > ~/.zfunc/_ccsim
  ccsim completions fish > ~/.config/fish/completions/ccsim.fish";

#[derive(Debug, Args)]
pub struct ExampleArgs {
    /// Name of a shipped scenario (leave out to list them)
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    /// ccsim's CSV: arrival,channel,language[,handle_s][,abandon_after_s]
    Csv,
    /// Technion "Anonymous Bank" per-call text files (tab-separated)
    Bank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PatienceArg {
    /// Kaplan-Meier of the trace's waits (an answered one censored), exponential tail
    Km,
    /// Exponential with the trace's maximum-likelihood mean
    Exponential,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StaffingArg {
    /// What `ccsim staff` requires for the targets, in three 8-hour shifts a day
    Erlang,
    /// As the log shows: every agent id serving in each interval (an upper bound)
    AgentIds,
    /// As the log shows: the most contacts in service at once (a lower bound)
    BusyPeak,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Trace files
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Format of the trace files
    #[arg(long, value_enum, default_value = "bank")]
    pub format: TraceFormat,
    /// First day replayed, YYYY-MM-DD (bank format)
    #[arg(long)]
    pub from: Option<String>,
    /// Last day replayed, YYYY-MM-DD (bank format)
    #[arg(long)]
    pub to: Option<String>,
    /// Service-level T, e.g. 20s or 1m (0 to 366 days)
    #[arg(long, default_value = "20s", value_parser = parse_replay_duration)]
    pub target: f64,
    /// Grain of the agents-on-duty estimate from the trace's agent ids, e.g. 1h or 15m
    /// (1m to 1d)
    #[arg(long, default_value = "1h", value_parser = parse_duty_bin)]
    pub duty_bin: f64,
    /// After-call work: how long, on average, an agent stays busy after each call's
    /// recorded service (the bank records talk time only; drawn per call, see
    /// --wrap-up-cv), e.g. 30s (0 to 366 days)
    #[arg(long, default_value = "0", value_parser = parse_replay_duration)]
    pub wrap_up: f64,
    /// After-call work read off each trace instead of --wrap-up: this multiple of the
    /// agent time the lower staffing bound has out of calls while callers wait, per
    /// call taken from the queue (the bank: 1.18 at --duty-bin 15m, from January; see
    /// the README), e.g. 1.18
    #[arg(long, value_parser = parse_wrap_up_scale, conflicts_with = "wrap_up")]
    pub wrap_up_scale: Option<f64>,
    /// Spread of the after-call work: lognormal with this coefficient of variation
    /// around --wrap-up, drawn per call (0: the same after every call). Default: the
    /// trace's own, from the gaps between an agent's calls while callers waited
    #[arg(long, value_parser = parse_wrap_up_cv)]
    pub wrap_up_cv: Option<f64>,
    /// Master seed
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// Independent replications
    #[arg(short, long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub replications: u64,
    /// Threads running replications (default: the machine's cores)
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Print one JSON object on stdout instead of the table
    #[arg(long)]
    pub json: bool,
    /// Also write the observed and simulated KPIs as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write an HTML report: each observed KPI against the range the two staffing
    /// bounds' replays allow, per file with --each, and the table
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write the chart as DIR/brackets.svg
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// Serve every call first come first served, ignoring the trace's priority classes
    /// (by default a class is served before the classes below it: the bank's priority 2
    /// customers before the rest)
    #[arg(long)]
    pub fifo: bool,
    /// How far ahead a priority class is served: a class k levels above regular as if
    /// it had arrived k times this earlier, e.g. 90s, or `strict` (before every lower
    /// class whatever the waits). Default: 90s for the bank (its rule: priority
    /// customers are credited 1.5 minutes of waiting), strict for a CSV
    #[arg(long, value_parser = parse_head_start, conflicts_with = "fifo")]
    pub head_start: Option<f64>,
    /// How the rest of an answered caller's patience is drawn: `km` from the trace's
    /// Kaplan-Meier estimate given the wait it showed, `exponential` with the trace's
    /// maximum-likelihood mean (one hazard whatever the wait)
    #[arg(long, value_enum, default_value = "km")]
    pub patience: PatienceArg,
    /// Replay each file on its own (a month of the bank each) and judge every observed
    /// KPI against the two staffing bounds: the out-of-sample check
    #[arg(long, conflicts_with = "csv")]
    pub each: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelArg {
    /// Erlang B: blocked contacts are lost
    B,
    /// Erlang C: contacts wait as long as it takes
    C,
    /// Erlang A: contacts abandon after an exponential patience (--patience)
    A,
    /// Chat: agents hold up to --concurrency chats at once
    Chat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SlDefinitionArg {
    /// answered within T / offered (abandoned contacts are misses)
    Offered,
    /// answered within T / answered
    Answered,
    /// answered within T / (offered - abandoned within T)
    ExcludeShortAbandons,
}

#[derive(Debug, Args)]
#[command(after_help = erlang_after_help())]
pub struct ErlangArgs {
    /// Queueing model
    #[arg(long, value_enum)]
    pub model: ModelArg,
    /// Contacts per interval (may be fractional; the offered load must stay below what
    /// 100000 agents serve)
    /// (a list `100,120,150` or a range `100..200:10` gives one row per value)
    #[arg(long, value_parser = parse_calls_values)]
    pub calls: Values<f64>,
    /// Interval length, e.g. 30m, 1800s, 1h
    #[arg(long, value_parser = parse_calc_time)]
    pub interval: f64,
    /// Average handle time, e.g. 180s, 3m (for chat: one chat handled alone); a list
    /// `3m,3m30s,4m` or a range `3m..5m:30s` gives one row per value
    #[arg(long, value_parser = parse_aht_values)]
    pub aht: Values<f64>,
    /// Mean patience before a waiting contact abandons (models a and chat), e.g. 2m
    #[arg(long, value_parser = parse_calc_time)]
    pub patience: Option<f64>,
    /// Chats one agent holds at once, 1 to 20 (model chat; default 1)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=crate::limits::MAX_CONCURRENCY as i64))]
    pub concurrency: Option<u32>,
    /// Model chat: each of j concurrent chats takes (1 + stretch*(j-1)) x its handle
    /// time, 0 to 1 (default 0)
    #[arg(long, value_parser = parse_stretch)]
    pub stretch: Option<f64>,
    /// Agents: report the measures at this staffing (0 to 100000); a list `12,14` or a
    /// range `10..20` (or `10..40:5`) gives one row per value
    #[arg(long, value_parser = parse_agents_values)]
    pub agents: Option<Values<u32>>,
    /// Service-level target: a percentage / T, e.g. 80/20, 80%/20s or 90/1m (at least
    /// 1% and below 100%; service levels are percentages on the command line and
    /// shares in scenario files)
    #[arg(long, value_parser = parse_sl_target)]
    pub target: Option<(f64, f64)>,
    /// Highest average speed of answer, e.g. 30s (above 0, up to 366 days)
    #[arg(long, value_parser = parse_asa_target)]
    pub asa_target: Option<f64>,
    /// Highest occupancy, a share above 0 and at most 1 (0.85 for 85%)
    #[arg(long, value_parser = parse_occupancy_cap)]
    pub max_occupancy: Option<f64>,
    /// Highest share of contacts abandoning, 0.000001 to 1 (models a and chat with patience)
    #[arg(long, value_parser = parse_abandon_target)]
    pub max_abandon: Option<f64>,
    /// Highest blocking, 0.000001 to 1 (model b)
    #[arg(long, value_parser = parse_blocking_target)]
    pub max_blocking: Option<f64>,
    /// Service-level definition where contacts abandon
    #[arg(long, value_enum, default_value = "offered")]
    pub sl_definition: SlDefinitionArg,
    /// Trunk lines (models c and a, with --agents): a call holds a line while it waits and while it talks, and hears busy when every line is taken (M/M/N/K, exact)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=crate::limits::MAX_LINES as i64))]
    pub lines: Option<u32>,
    /// Print one JSON object on stdout instead of a table
    #[arg(long)]
    pub json: bool,
    /// Also write the result as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StaffArgs {
    /// Scenario file (TOML)
    pub scenario: PathBuf,
    /// Print one JSON object on stdout instead of tables
    #[arg(long)]
    pub json: bool,
    /// Also write every interval x channel x language x tier row as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a self-contained HTML report (inline SVG, no scripts) to this file: the staffing requirement per interval against the roster, FTE and cost
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write each chart of the report as an SVG file into this folder (staffing.svg, service.svg, waits.svg, occupancy.svg, backlog.svg, estimates.svg: those the run draws)
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// Print every interval x channel x language x tier row, not one row per interval
    #[arg(long)]
    pub detail: bool,
    /// Exit with status 3 when a target is missed (after printing and writing everything)
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// Contact log files (csv: one file; bank: one or more months)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Format of the log: ccsim's trace CSV (also generic CSVs with --column) or the
    /// Anonymous Bank files
    #[arg(long, value_enum, default_value = "csv")]
    pub trace_format: TraceFormat,
    /// First day fitted, YYYY-MM-DD (bank format)
    #[arg(long)]
    pub from: Option<String>,
    /// Last day fitted, YYYY-MM-DD (bank format)
    #[arg(long)]
    pub to: Option<String>,
    /// Generic CSV: read the file's column NAME as ccsim's FIELD (arrival, channel,
    /// language, handle_s, abandon_after_s, wait_s, agent, priority, kind), e.g.
    /// --column arrival=start_time --column handle_s=talk_time; repeatable
    #[arg(long = "column", value_name = "FIELD=NAME")]
    pub columns: Vec<String>,
    /// Generic CSV: ignore the file's column NAME; repeatable
    #[arg(long = "skip-column", value_name = "NAME")]
    pub skip_columns: Vec<String>,
    /// Format of the arrival column: %Y %m %d %H %M %S and literal characters, e.g.
    /// "%d/%m/%Y %H:%M", or unix (seconds since 1970); default: YYYY-MM-DDTHH:MM:SS or
    /// seconds since the log's start
    #[arg(long, value_name = "FORMAT")]
    pub time_format: Option<String>,
    /// The scenario's planning grid: 15m, 30m or 60m
    #[arg(long, default_value = "30m", value_parser = parse_fit_interval)]
    pub interval: f64,
    /// Leave outlier days (holidays, outages) out of the volume and profiles
    #[arg(long)]
    pub drop_outliers: bool,
    /// Write the log's priority classes as [[channel.class]] blocks: the bank's high class
    /// with its documented 90 s head start, a CSV's classes strictly first
    #[arg(long)]
    pub classes: bool,
    /// Live channels' target in the scenario, e.g. 80/20
    #[arg(long, default_value = "80/20", value_parser = parse_sl_target)]
    pub target: (f64, f64),
    /// Print the fit as JSON instead of the text report
    #[arg(long)]
    pub json: bool,
    /// Write the fitted scenario (TOML) to this file
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How the scenario's agents are staffed: `erlang` for its targets, or as the log
    /// shows (`agent-ids` or `busy-peak`, the bounds of `ccsim replay`, each interval's
    /// mean over its weekdays) to simulate the centre as it was run
    #[arg(long, value_enum, default_value = "erlang", requires = "out")]
    pub staffing: StaffingArg,
    /// After-call work the scenario adds to every live channel's talk time, on average,
    /// e.g. 60s (its spread: the log's gaps between an agent's calls while callers
    /// waited); without it the log's handle times are the agents' whole time
    #[arg(long, value_name = "DUR", value_parser = parse_replay_duration, requires = "out")]
    pub wrap_up: Option<f64>,
    /// After-call work read off the log instead of --wrap-up: this multiple of the agent
    /// time under each interval's busy peak but out of calls while callers waited, per
    /// call taken from the queue (the bank: 1.18 at --interval 15m; see the README)
    #[arg(long, value_name = "K", value_parser = parse_wrap_up_scale, requires = "out", conflicts_with = "wrap_up")]
    pub wrap_up_scale: Option<f64>,
    /// Also write the scenario's shifts as a roster file that `simulate --roster` reads
    /// (e.g. another period's staffing for a scenario fitted on this one)
    #[arg(long, value_name = "FILE", requires = "out")]
    pub write_roster: Option<PathBuf>,
    /// Write an HTML report: each fitted distribution beside the observed one, and the
    /// text report
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write each chart as DIR/NAME.svg (handle, patience, staffing)
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
}

fn parse_fit_interval(s: &str) -> std::result::Result<f64, String> {
    match parse_duration_s(s) {
        Ok(v) if v == 900.0 || v == 1800.0 || v == 3600.0 => Ok(v),
        _ => Err(format!(
            "`{}` is not a planning grid: give 15m, 30m or 60m",
            crate::trace::clip(s)
        )),
    }
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Scenario file (TOML)
    pub scenario: PathBuf,
    /// Master seed: the same seed gives the same output whatever --threads is
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// Independent replications (confidence intervals need at least 2)
    #[arg(short, long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub replications: u64,
    /// Threads running replications (default: the machine's cores)
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Days to simulate (default 31; with --trace, the trace's span in whole days,
    /// counted from its first day)
    #[arg(long, value_parser = parse_days)]
    pub days: Option<f64>,
    /// Warm-up excluded from the statistics, e.g. 1d or 12h
    #[arg(long, default_value = "0", value_parser = parse_duration_arg)]
    pub warmup: f64,
    /// Day-to-day volume uncertainty: coefficient of variation of a daily volume factor
    #[arg(long, default_value_t = 0.0, value_parser = parse_volume_cv)]
    pub volume_cv: f64,
    /// Print the JSON summary on stdout instead of the KPI table
    #[arg(long)]
    pub json: bool,
    /// Write intervals.csv, groups.csv and summary.json into this folder
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write every KPI of the summary (channels, total, tiers, groups) with its
    /// target and pass/fail as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a self-contained HTML report (inline SVG, no scripts) to this file: the targets met and missed, the worst intervals, staffing, service per interval, waits, occupancy and backlog
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write each chart of the report as an SVG file into this folder (staffing.svg, service.svg, waits.svg, occupancy.svg, backlog.svg, estimates.svg: those the run draws)
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,
    /// Historical contacts that replace the scenario's generated first-line arrivals
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Format of the --trace file
    #[arg(long, value_enum, default_value = "csv", requires = "trace")]
    pub trace_format: TraceFormat,
    /// Roster file (as `ccsim plan` writes): its shifts replace those of the groups it lists
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Write the first replication's first-line contacts as a contact log (ccsim's trace
    /// CSV, arrivals in seconds from Monday 00:00) to this file: what `ccsim fit` and
    /// `ccsim replay --format csv` read
    #[arg(long, value_name = "FILE")]
    pub write_trace: Option<PathBuf>,
    /// Exit with status 3 when a target is missed (after printing and writing everything)
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Scenario file (TOML) whose groups have [[group.template]]
    pub scenario: PathBuf,
    /// Master seed of every simulation round (common random numbers)
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// Replications of every simulation round (the one-sided bounds need at least 2)
    #[arg(short, long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub replications: u64,
    /// Threads (default: the machine's cores); the plan is the same whatever the number
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Days each round simulates (default 31, as simulate)
    #[arg(long, value_parser = parse_days)]
    pub days: Option<f64>,
    /// Judge targets over the whole horizon, or also in every interval of the week
    #[arg(long, value_enum, default_value = "horizon")]
    pub targets: TargetsArg,
    /// Most rounds of simulation and correction
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub max_rounds: u64,
    /// Write the planned shifts as a roster file that `simulate --roster` reads
    #[arg(long, value_name = "FILE")]
    pub write_roster: Option<PathBuf>,
    /// Write one row per planned shift as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a self-contained HTML report (inline SVG, no scripts) to this file: the verdict, cost and gap, the roster against the requirement and the simulation of it
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write each chart of the report as an SVG file into this folder (staffing.svg, service.svg, waits.svg, occupancy.svg, backlog.svg, estimates.svg: those the run draws)
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// Print the plan as JSON instead of tables
    #[arg(long)]
    pub json: bool,
    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,
    /// Exit with status 3 when a target is still missed after the last round
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files: two or more variants, or one scenario whose --roster files are the variants
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Roster file (as `ccsim plan --write-roster` writes): the one scenario with its shifts is a variant; repeat for more
    #[arg(long, value_name = "FILE")]
    pub roster: Vec<PathBuf>,
    /// KEY=VALUES (as `ccsim sweep` takes them): the one scenario as it is, then one variant per value (a grid with several --set)
    #[arg(long = "set", value_name = "KEY=VALUES", value_parser = crate::sweep::parse_set)]
    pub set: Vec<(String, String)>,
    /// Master seed, the same for every variant (common random numbers)
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// Replications of every variant (the intervals need at least 2)
    #[arg(short, long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub replications: u64,
    /// Threads running replications (default: the machine's cores); the output is the same whatever the number
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Days to simulate (default 31)
    #[arg(long, value_parser = parse_days)]
    pub days: Option<f64>,
    /// Print the comparison as JSON instead of tables
    #[arg(long)]
    pub json: bool,
    /// Write one row per KPI and variant (its paired difference against the first) as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a self-contained HTML report (inline SVG, no scripts) to this file: the verdicts, cost per variant and each KPI per variant
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write each chart of the report as an SVG file into this folder (staffing.svg, service.svg, waits.svg, occupancy.svg, backlog.svg, estimates.svg: those the run draws)
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML)
    pub scenario: PathBuf,
    /// KEY=VALUES: a scenario key by its path (tables by key, [[lists]] by name) and a list (a,b), range (from..to:step) or relative change (+0%..+30%:5%); repeat for a grid
    #[arg(long = "set", value_name = "KEY=VALUES", required = true, value_parser = crate::sweep::parse_set)]
    pub set: Vec<(String, String)>,
    /// Master seed, the same at every point (common random numbers)
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// Replications at every point
    #[arg(short, long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub replications: u64,
    /// Threads running replications (default: the machine's cores); the output is the same whatever the number
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Days to simulate at every point (default 31)
    #[arg(long, value_parser = parse_days)]
    pub days: Option<f64>,
    /// Only the points of shard I of N (I/N); `ccsim merge` puts the shards' --json files together
    #[arg(long, value_name = "I/N", value_parser = crate::sweep::Shard::parse)]
    pub shard: Option<crate::sweep::Shard>,
    /// Print the sweep as JSON (what `ccsim merge` reads) instead of the table
    #[arg(long)]
    pub json: bool,
    /// Write one row per point as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a self-contained HTML report (inline SVG, no scripts) to this file: each point and each KPI against the swept value
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write each chart of the report as an SVG file into this folder (staffing.svg, service.svg, waits.svg, occupancy.svg, backlog.svg, estimates.svg: those the run draws)
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' JSON files (`ccsim sweep --shard I/N --json`), in any order
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print the merged sweep as JSON instead of the table
    #[arg(long)]
    pub json: bool,
    /// Write one row per point as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a self-contained HTML report (inline SVG, no scripts) to this file: each point and each KPI against the swept value
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write each chart of the report as an SVG file into this folder (staffing.svg, service.svg, waits.svg, occupancy.svg, backlog.svg, estimates.svg: those the run draws)
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TeachArgs {
    /// The lesson (none: the list of lessons)
    pub lesson: Option<String>,
    /// Calls offered per interval
    #[arg(long, default_value_t = 100.0, value_parser = parse_teach_calls)]
    pub calls: f64,
    /// Interval length, e.g. 30m
    #[arg(long, default_value = "30m", value_parser = parse_calc_time)]
    pub interval: f64,
    /// Mean handle time, e.g. 3m
    #[arg(long, default_value = "3m", value_parser = parse_calc_time)]
    pub aht: f64,
    /// Service-level target, e.g. 80/20
    #[arg(long, default_value = "80/20", value_parser = parse_sl_target)]
    pub target: (f64, f64),
    /// pooling: split the calls into 1 to this many equal teams (2 to 1000)
    #[arg(long, default_value_t = 11, value_parser = clap::value_parser!(u32).range(2..=1000))]
    pub teams: u32,
    /// abandonment: callers' mean patience (exponential), e.g. 3m
    #[arg(long, default_value = "3m", value_parser = parse_calc_time)]
    pub patience: f64,
    /// variability: handle-time coefficients of variation, e.g. 0,0.5,1,2 (0 or 0.001 to 1000)
    #[arg(long, value_delimiter = ',', default_value = "0,0.5,1,2", value_parser = parse_teach_cv)]
    pub cv: Vec<f64>,
    /// variability: day-level volume cv of the extra row (0: no such row; up to 1)
    #[arg(long, default_value_t = 0.1, value_parser = parse_volume_cv)]
    pub volume_cv: f64,
    /// square-root: offered loads in Erlang, e.g. 1,10,100,1000 (above 0, at most 50000)
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1,2,5,10,20,50,100,200,500,1000",
        value_parser = parse_teach_load
    )]
    pub loads: Vec<f64>,
    /// Simulated lessons: master seed
    #[arg(short, long, default_value_t = 1)]
    pub seed: u64,
    /// Simulated lessons: independent replications
    #[arg(short, long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub replications: u64,
    /// variability and abandonment: days simulated per replication
    #[arg(long, default_value = "7", value_parser = parse_days)]
    pub days: f64,
    /// Threads running replications (default: the machine's cores; results do not depend on it)
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// reality: an Anonymous Bank file (default: the 3-day sample shipped with ccsim)
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Write the lesson's plot (SVG) to this file
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Write the lesson as a self-contained HTML page (its explanation, numbers and every plot)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// variability and abandonment: write the simulated scenario (TOML) to this file
    #[arg(long, value_name = "FILE")]
    pub write_scenario: Option<PathBuf>,
}

fn parse_teach_calls(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 1e6 => Ok(x),
        _ => Err(format!(
            "`{s}` is not a number of calls from above 0 to 1000000"
        )),
    }
}

fn parse_teach_cv(s: &str) -> std::result::Result<f64, String> {
    use crate::limits::{MAX_CV, MIN_CV};
    match s.trim().parse::<f64>() {
        Ok(v) if v == 0.0 || (MIN_CV..=MAX_CV).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{s}` is not a handle-time cv: give 0 (constant handle times) or a number from {MIN_CV} to {MAX_CV}"
        )),
    }
}

fn parse_teach_load(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 50_000.0 => Ok(v),
        _ => Err(format!(
            "`{s}` is not an offered load: give Erlang above 0 and at most 50000"
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetsArg {
    Horizon,
    Interval,
}

/// The ranges, the service-level rule and examples under `ccsim erlang --help`.
fn erlang_after_help() -> String {
    format!(
        "Ranges: durations from 0.001s (1 ms) to 366d (the T of --target from 0); --patience at most \
1000000 x --aht; --agents 0 to 100000; --calls, --aht and --agents also take a list (a,b,c) or a range \
(from..to:step; the step may be left out for --calls and --agents: 1), one row per value, \
at most 10000 rows; --concurrency 1 to 20; --stretch 0 to 1; --calls such \
that the offered load stays below what 100000 agents serve; --max-abandon and \
--max-blocking 0.000001 to 1; --max-occupancy above 0 and at most 1; --target at least 1% \
and below 100%.\n\nNote: {}.\n\nExamples:\n  \
ccsim erlang --model c --calls 100 --interval 30m --aht 180s --target 80/20\n  \
ccsim erlang --model a --calls 100 --interval 30m --aht 3m --patience 2m --agents 12 --json\n  \
ccsim erlang --model c --calls 100..200:20 --interval 30m --aht 3m,4m --target 80/20 --csv hockey.csv",
        crate::limits::SERVICE_LEVEL_RULE
    )
}

fn parse_days(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v <= crate::limits::MAX_DAYS => Ok(v),
        _ => Err(format!(
            "`{s}` is not a number of days above 0 and at most {}",
            crate::limits::MAX_DAYS
        )),
    }
}

fn parse_duration_arg(s: &str) -> std::result::Result<f64, String> {
    parse_duration_s(s)
}

fn parse_non_negative(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("`{s}` is not a number of zero or more")),
    }
}

/// `--volume-cv`: 0 (off), or from [`crate::limits::MIN_CV`] to
/// [`crate::limits::MAX_VOLUME_CV`], where the day factor's gamma sampler is exact.
fn parse_volume_cv(s: &str) -> std::result::Result<f64, String> {
    use crate::limits::{MAX_VOLUME_CV, MIN_CV};
    match s.trim().parse::<f64>() {
        Ok(v) if v == 0.0 || (MIN_CV..=MAX_VOLUME_CV).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{s}` is not a volume cv: give 0 (no day-to-day variation) or a number from {MIN_CV} to {MAX_VOLUME_CV}"
        )),
    }
}

/// A calculator duration: 1 ms to 366 days.
/// Values of a calculator flag: one, a list `a,b,c`, or a range `a..b` (with `:step`;
/// the step may be left out where `unit_step` gives one).
#[derive(Debug, Clone, PartialEq)]
pub struct Values<T>(pub Vec<T>);

fn parse_values(
    s: &str,
    one: &dyn Fn(&str) -> std::result::Result<f64, String>,
    unit_step: Option<f64>,
    example: &str,
) -> std::result::Result<Vec<f64>, String> {
    let max = crate::limits::MAX_CALCULATOR_ROWS;
    if s.contains(',') {
        let v = s
            .split(',')
            .map(|x| one(x.trim()))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        if v.len() > max {
            return Err(format!(
                "{} values: at most {max} are computed in one call",
                v.len()
            ));
        }
        return Ok(v);
    }
    let Some((from, rest)) = s.split_once("..") else {
        return Ok(vec![one(s)?]);
    };
    let (to, step) = match rest.split_once(':') {
        Some((to, step)) => (to, Some(one(step.trim())?)),
        None => (rest, unit_step),
    };
    let Some(step) = step else {
        return Err(format!(
            "`{s}` is a range without a step: write it as {example}"
        ));
    };
    let (from, to) = (one(from.trim())?, one(to.trim())?);
    // (a NaN step is refused by the one-value parser already)
    if step <= 0.0 {
        return Err(format!("`{s}`: the step must be above 0, e.g. {example}"));
    }
    if to < from {
        return Err(format!(
            "`{s}` runs backwards: write the smaller value first, e.g. {example}"
        ));
    }
    let n = ((to - from) / step + 1e-9).floor() + 1.0;
    if n > max as f64 {
        return Err(format!(
            "`{s}` has {n} values: at most {max} are computed in one call; take a coarser step"
        ));
    }
    Ok((0..n as usize).map(|k| from + k as f64 * step).collect())
}

fn parse_calls_values(s: &str) -> std::result::Result<Values<f64>, String> {
    parse_values(s, &parse_non_negative, Some(1.0), "100..200:10").map(Values)
}

fn parse_aht_values(s: &str) -> std::result::Result<Values<f64>, String> {
    parse_values(s, &parse_calc_time, None, "3m..5m:30s").map(Values)
}

fn parse_agents_values(s: &str) -> std::result::Result<Values<u32>, String> {
    let one = |x: &str| -> std::result::Result<f64, String> {
        match x.trim().parse::<u32>() {
            Ok(v) if v <= crate::limits::MAX_AGENTS => Ok(f64::from(v)),
            _ => Err(format!(
                "`{x}` is not a whole number of agents from 0 to {}",
                crate::limits::MAX_AGENTS
            )),
        }
    };
    parse_values(s, &one, Some(1.0), "10..20 or 10..40:5").and_then(|v| {
        if v.iter().any(|x| x.fract() != 0.0) {
            Err(format!(
                "`{s}`: agents are whole: use a whole step, e.g. 10..40:5"
            ))
        } else {
            Ok(Values(v.into_iter().map(|x| x as u32).collect()))
        }
    })
}

fn parse_calc_time(s: &str) -> std::result::Result<f64, String> {
    let v = parse_duration_s(s)?;
    if (calculator::MIN_TIME_S..=MAX_DURATION_S).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "`{s}` is outside the calculator's range: give a duration from 0.001s (1 ms) to 366d"
        ))
    }
}

fn parse_stretch(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=calculator::MAX_STRETCH).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{s}` is not a stretch from 0 to 1: 0 means concurrent chats take no longer, 0.25 that each extra chat adds 25% to all, 1 that concurrency gains nothing"
        )),
    }
}

fn parse_asa_target(s: &str) -> std::result::Result<f64, String> {
    let v = parse_duration_s(s)?;
    if v == 0.0 {
        Err(format!(
            "`{s}`: an ASA of 0 cannot be met while contacts arrive (some always wait): give the longest average wait to accept, e.g. 20s"
        ))
    } else if v > MAX_DURATION_S {
        Err(format!("`{s}` is longer than 366 days"))
    } else {
        Ok(v)
    }
}

/// A share target from `min` (> 0) to 1, named `what` and its range `range` in
/// the error; `zero` says why 0 cannot be a target.
fn parse_share_target(
    s: &str,
    (what, range): (&str, &str),
    min: f64,
    zero: &str,
) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(0.0) => Err(format!("`{s}`: {zero}")),
        Ok(v) if v >= min && v <= 1.0 => Ok(v),
        _ => Err(format!("`{s}` is not {what}: give a share {range}")),
    }
}

fn parse_occupancy_cap(s: &str) -> std::result::Result<f64, String> {
    parse_share_target(
        s,
        (
            "an occupancy cap",
            "above 0 and at most 1, e.g. 0.85 for 85%",
        ),
        f64::MIN_POSITIVE,
        "an occupancy cap of 0 cannot be met while contacts arrive: give a share above 0 and at most 1, e.g. 0.85 for 85%",
    )
}

fn parse_abandon_target(s: &str) -> std::result::Result<f64, String> {
    parse_share_target(
        s,
        (
            "an abandonment target",
            "from 0.000001 to 1, e.g. 0.05 for 5%",
        ),
        calculator::MIN_SHARE_TARGET,
        "no abandonment at all cannot be met: with a patience some contacts always abandon; give a share from 0.000001 to 1, e.g. 0.05 for 5%",
    )
}

fn parse_blocking_target(s: &str) -> std::result::Result<f64, String> {
    parse_share_target(
        s,
        ("a blocking target", "from 0.000001 to 1, e.g. 0.01 for 1%"),
        calculator::MIN_SHARE_TARGET,
        "no blocking at all cannot be met while contacts arrive: give a share from 0.000001 to 1, e.g. 0.01 for 1%",
    )
}

/// `80/20`, `80%/20s`, `90/1m` → (0.80, 20 s): the service level is a percentage (the
/// scenario file writes the share, 0.8), at least 1% and below 100%; T is a duration.
fn parse_sl_target(s: &str) -> std::result::Result<(f64, f64), String> {
    let help = "write the service-level target as a percentage / T, e.g. 80/20, 80%/20s or 90/1m";
    let (sl_text, t_text) = s.split_once('/').ok_or_else(|| format!("`{s}`: {help}"))?;
    let sl: f64 = sl_text
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("`{s}`: {help}"))?;
    let t = parse_duration_s(t_text).map_err(|e| format!("`{s}`: {e}"))?;
    if t > MAX_DURATION_S {
        return Err(format!("`{s}`: T is longer than 366 days"));
    }
    let t_words = crate::duration::format_duration_s(t);
    if sl > 0.0 && sl < 1.0 {
        let pct = (sl * 1e8).round() / 1e6;
        return Err(format!(
            "`{s}`: the service level is a percentage: write {pct}/{} for {pct}% within {t_words} ({})",
            t_text.trim(),
            crate::limits::SERVICE_LEVEL_RULE
        ));
    }
    if sl < 1.0 {
        return Err(format!(
            "`{s}`: the service level must be at least 1% (a percentage, e.g. 80/20 for 80% within 20 s)"
        ));
    }
    if sl == 100.0 {
        return Err(format!(
            "`{s}`: 100% within {t_words} cannot be met while contacts arrive (every queue has some chance of a longer wait): give e.g. 99.9/{}",
            t_text.trim()
        ));
    }
    if sl > 100.0 {
        return Err(format!(
            "`{s}`: the service level must be below 100% (a percentage, e.g. 80/20)"
        ));
    }
    Ok((sl / 100.0, t))
}

/// Parse arguments and run the chosen command.
pub fn main_from_args<I, T>(args: I) -> Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                print!("{e}");
                return Ok(());
            }
            return Err(Error::Input(e.render().to_string()));
        }
    };
    let (inputs, outputs) = files_of(&cli.command);
    report::check_outputs(&inputs, &outputs)?;
    match cli.command {
        Command::Erlang(args) => run_erlang(&args),
        Command::Staff(args) => run_staff(&args),
        Command::Simulate(args) => run_simulate(&args),
        Command::Replay(args) => run_replay(&args),
        Command::Fit(args) => run_fit(&args),
        Command::Plan(args) => run_plan(&args),
        Command::Compare(args) => run_compare(&args),
        Command::Teach(args) => run_teach(&args),
        Command::Sweep(args) => run_sweep(&args),
        Command::Merge(args) => run_merge(&args),
        Command::Example(args) => crate::examples::example_command(args.name.as_deref()),
        Command::Init => print_bytes(crate::examples::STARTER.as_bytes()),
        Command::Completions(args) => {
            let mut out = Vec::new();
            clap_complete::generate(
                args.shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "ccsim",
                &mut out,
            );
            print_bytes(&out)
        }
    }
}

/// The files `simulate --out DIR` writes into DIR, in the order of [`run_simulate`].
const SIMULATE_OUT_FILES: [&str; 4] = ["intervals.csv", "groups.csv", "misses.csv", "summary.json"];

/// The files a command reads and the files it writes, as its flags name them: checked
/// before anything runs, so an output never names an input or another output.
fn files_of(command: &Command) -> (Vec<PathBuf>, Vec<report::Output>) {
    let csv = |path: &Option<PathBuf>| {
        path.iter()
            .map(|p| report::Output::new(format!("--csv {}", p.display()), p))
            .collect::<Vec<_>>()
    };
    let html = |path: &Option<PathBuf>| {
        path.iter()
            .map(|p| report::Output::new(format!("--report {}", p.display()), p))
            .collect::<Vec<_>>()
    };
    let plots = |dir: &Option<PathBuf>| {
        dir.iter()
            .flat_map(|d| {
                report::html::FIGURE_NAMES.map(|n| {
                    report::Output::new(
                        format!("--plots {}", d.display()),
                        d.join(format!("{n}.svg")),
                    )
                })
            })
            .collect::<Vec<_>>()
    };
    let both = |a: &Option<PathBuf>, b: &Option<PathBuf>, d: &Option<PathBuf>| {
        let mut v = csv(a);
        v.extend(html(b));
        v.extend(plots(d));
        v
    };
    match command {
        Command::Erlang(a) => (vec![], csv(&a.csv)),
        Command::Staff(a) => (vec![a.scenario.clone()], both(&a.csv, &a.report, &a.plots)),
        Command::Simulate(a) => {
            let inputs = std::iter::once(a.scenario.clone())
                .chain(a.trace.clone())
                .chain(a.roster.clone())
                .collect();
            // the files run_simulate writes into --out, then --csv
            let mut outputs: Vec<report::Output> = a
                .out
                .iter()
                .flat_map(|dir| {
                    SIMULATE_OUT_FILES.map(|name| {
                        report::Output::new(format!("--out {}", dir.display()), dir.join(name))
                    })
                })
                .collect();
            outputs.extend(both(&a.csv, &a.report, &a.plots));
            outputs.extend(
                a.write_trace
                    .iter()
                    .map(|p| report::Output::new(format!("--write-trace {}", p.display()), p)),
            );
            (inputs, outputs)
        }
        Command::Replay(a) => (a.files.clone(), csv(&a.csv)),
        Command::Fit(a) => {
            let mut outputs: Vec<report::Output> = a
                .out
                .iter()
                .map(|p| report::Output::new(format!("--out {}", p.display()), p))
                .collect();
            outputs.extend(html(&a.report));
            outputs.extend(plots(&a.plots));
            (a.files.clone(), outputs)
        }
        Command::Plan(a) => {
            let mut outputs = both(&a.csv, &a.report, &a.plots);
            outputs.extend(
                a.write_roster
                    .iter()
                    .map(|p| report::Output::new(format!("--write-roster {}", p.display()), p)),
            );
            (vec![a.scenario.clone()], outputs)
        }
        Command::Compare(a) => (
            a.scenarios.iter().chain(&a.roster).cloned().collect(),
            both(&a.csv, &a.report, &a.plots),
        ),
        Command::Sweep(a) => (vec![a.scenario.clone()], both(&a.csv, &a.report, &a.plots)),
        Command::Merge(a) => (a.files.clone(), both(&a.csv, &a.report, &a.plots)),
        Command::Teach(a) => {
            (
                a.trace.iter().cloned().collect(),
                a.plot
                    .iter()
                    .map(|p| report::Output::new(format!("--plot {}", p.display()), p))
                    .chain(html(&a.report))
                    .chain(a.write_scenario.iter().map(|p| {
                        report::Output::new(format!("--write-scenario {}", p.display()), p)
                    }))
                    .collect(),
            )
        }
        Command::Example(_) | Command::Init | Command::Completions(_) => (vec![], vec![]),
    }
}

/// Write bytes to stdout; a closed pipe is not an error worth a panic.
pub fn print_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Failure(format!(
            "cannot write to stdout: {}",
            report::io_error_words(&e)
        ))),
    }
}

impl ErlangArgs {
    /// Check the flags belong together and build the request.
    /// Every request the flags describe: one per value of `--calls`, `--aht` and
    /// `--agents` (their product, calls slowest, agents fastest).
    pub fn requests(&self) -> Result<Vec<ErlangRequest>> {
        let agents: Vec<Option<u32>> = match &self.agents {
            Some(v) => v.0.iter().map(|&a| Some(a)).collect(),
            None => vec![None],
        };
        let rows = self.calls.0.len() * self.aht.0.len() * agents.len();
        if rows > crate::limits::MAX_CALCULATOR_ROWS {
            return Err(Error::Input(format!(
                "error: --calls, --aht and --agents give {rows} rows together: at most {} are computed in one call\n   = help: narrow a range or take a coarser step",
                crate::limits::MAX_CALCULATOR_ROWS
            )));
        }
        let mut out = Vec::with_capacity(rows);
        for &calls in &self.calls.0 {
            for &aht in &self.aht.0 {
                for &a in &agents {
                    out.push(self.request_at(calls, aht, a)?);
                }
            }
        }
        Ok(out)
    }

    /// The request at one value of each flag.
    fn request_at(&self, calls: f64, aht: f64, agents: Option<u32>) -> Result<ErlangRequest> {
        let bad = |m: String| Err(Error::Input(format!("error: {m}")));
        let model = match self.model {
            ModelArg::B => Model::B,
            ModelArg::C => Model::C,
            ModelArg::A => match self.patience {
                Some(p) => Model::A { patience_s: p },
                None => return bad("--model a needs --patience (mean time a caller waits before hanging up), e.g. --patience 2m".into()),
            },
            ModelArg::Chat => Model::Chat {
                concurrency: self.concurrency.unwrap_or(1),
                stretch: self.stretch.unwrap_or(0.0),
                patience_s: self.patience,
            },
        };
        let name = model.name();
        if self.patience.is_some() && matches!(model, Model::B | Model::C) {
            return bad(format!(
                "--patience applies to models a and chat, not {name}: use --model a for abandonment"
            ));
        }
        if self.concurrency.is_some() && !matches!(model, Model::Chat { .. }) {
            return bad(format!("--concurrency applies to --model chat, not {name}"));
        }
        if self.stretch.is_some() && !matches!(model, Model::Chat { .. }) {
            return bad(format!("--stretch applies to --model chat, not {name}"));
        }
        let abandons = matches!(
            model,
            Model::A { .. }
                | Model::Chat {
                    patience_s: Some(_),
                    ..
                }
        );
        if self.max_abandon.is_some() && !abandons {
            return bad(format!(
                "--max-abandon needs a model where contacts abandon (a, or chat with --patience), not {name}"
            ));
        }
        if let Some(k) = self.lines {
            if !matches!(model, Model::C | Model::A { .. }) {
                return bad(format!(
                    "--lines applies to models c and a (calls wait on a line), not {name}: for --model b the agents are the lines"
                ));
            }
            match agents {
                None => {
                    return bad("--lines needs --agents: the calculator gives the measures of N agents on K lines (M/M/N/K)".into());
                }
                Some(n) if n > k => {
                    return bad(format!(
                        "--lines {k} is fewer than --agents {n}: every call an agent talks to holds a line; give at least as many lines as agents"
                    ));
                }
                _ => {}
            }
            if self.sl_definition != SlDefinitionArg::Offered {
                return bad("--lines gives the service level over answered and abandoned calls (offered); leave --sl-definition out".into());
            }
        }
        if self.max_blocking.is_some() && model != Model::B && agents.is_none() {
            return bad(format!(
                "--max-blocking with --model {name} sizes trunk lines for --agents N (or judges --lines K): give --agents"
            ));
        }
        if model == Model::B && (self.target.is_some() || self.asa_target.is_some()) {
            return bad(
                "--model b has no queue: use --max-blocking (and --max-occupancy) as targets"
                    .into(),
            );
        }
        if self.sl_definition != SlDefinitionArg::Offered && !abandons {
            return bad(format!(
                "--sl-definition matters only where contacts abandon (a, or chat with --patience), not {name}"
            ));
        }
        let targets = Targets {
            service_level: self.target.map(|t| t.0),
            within_s: self.target.map(|t| t.1),
            max_asa_s: self.asa_target,
            max_abandon: self.max_abandon,
            max_occupancy: self.max_occupancy,
            max_blocking: self.max_blocking,
            sl_definition: match self.sl_definition {
                SlDefinitionArg::Offered => SlDefinition::Offered,
                SlDefinitionArg::Answered => SlDefinition::Answered,
                SlDefinitionArg::ExcludeShortAbandons => SlDefinition::ExcludeShortAbandons,
            },
        };
        if let Some(p) = self.patience {
            let most = calculator::MAX_PATIENCE_PER_AHT * aht;
            if p > most {
                return bad(format!(
                    "--patience {} is more than 1000000 x --aht {} ({}): contacts this patient hardly ever abandon; use --model c (or chat without --patience), or a shorter --patience",
                    crate::duration::format_duration_s(p),
                    crate::duration::format_duration_s(aht),
                    crate::duration::format_duration_s(most),
                ));
            }
        }
        let load = Load::per_interval(calls, self.interval, aht);
        let most = calculator::max_load_erlangs(model);
        if load.erlangs().partial_cmp(&most) != Some(std::cmp::Ordering::Less) {
            return bad(format!(
                "--calls {} of {} per {} offer {} Erlang, more than the {} agents ccsim staffs can serve ({most} Erlang): lower --calls or split the load",
                calls,
                crate::duration::format_duration_s(aht),
                crate::duration::format_duration_s(self.interval),
                (load.erlangs() * 1e3).round() / 1e3,
                crate::limits::MAX_AGENTS,
            ));
        }
        if agents.is_none() && targets.is_empty() {
            return bad("give --agents N to see the measures at N agents, or a target (--target 80/20, --asa-target, --max-occupancy, --max-abandon, --max-blocking) to find the agents needed".into());
        }
        Ok(ErlangRequest {
            model,
            calls,
            interval_s: self.interval,
            load,
            agents,
            lines: self.lines,
            targets,
        })
    }
}

fn run_erlang(args: &ErlangArgs) -> Result<()> {
    let answers = args
        .requests()?
        .iter()
        .map(|req| calculator::answer(req).map_err(|e| Error::Input(calculator::explain(&e))))
        .collect::<Result<Vec<_>>>()?;
    if let [ans] = answers.as_slice() {
        if let Some(path) = &args.csv {
            report::write_files(&[(path.clone(), report::erlang::csv(ans)?)])?;
        }
        return if args.json {
            print_bytes(&report::json_bytes(&report::erlang::json(ans)))
        } else {
            print_bytes(report::erlang::text(ans).as_bytes())
        };
    }
    if let Some(path) = &args.csv {
        report::write_files(&[(path.clone(), report::erlang::rows_csv(&answers)?)])?;
    }
    if args.json {
        print_bytes(&report::json_bytes(&report::erlang::rows_json(&answers)))
    } else {
        print_bytes(report::erlang::rows_text(&answers).as_bytes())
    }
}

/// `--check`: exit 3 (after everything was printed and written) when targets were missed.
fn check_targets(check: bool, missed: Vec<String>) -> Result<()> {
    if !check || missed.is_empty() {
        return Ok(());
    }
    let n = missed.len();
    Err(Error::TargetsMissed(format!(
        "error: {n} target{} missed (--check): {}",
        if n == 1 { "" } else { "s" },
        missed.join("; ")
    )))
}

fn run_staff(args: &StaffArgs) -> Result<()> {
    let scenario = crate::scenario::load(&args.scenario)?;
    let plan = crate::plan::staff(&scenario)?;
    let mut files = Vec::new();
    if let Some(csv) = &args.csv {
        files.push((csv.clone(), report::staff::cells_csv(&scenario, &plan)?));
    }
    files.extend(page_files(
        || report::pages::staff(&scenario, &args.scenario.display().to_string(), &plan),
        args.report.as_ref(),
        args.plots.as_ref(),
    )?);
    if !files.is_empty() {
        report::write_files(&files)?;
    }
    let out = if args.json {
        report::json_bytes(&report::staff::json(&scenario, &plan))
    } else {
        let colour = report::format::colour_stdout();
        report::staff::text(&scenario, &plan, args.detail, colour).into_bytes()
    };
    print_bytes(&out)?;
    check_targets(args.check, report::staff::missed(&scenario, &plan))
}

/// The progress line of `simulate`: fixed-width fields, and a bar that takes what is
/// left of the terminal's width (a test renders it at 80 columns).
pub const PROGRESS_TEMPLATE: &str =
    "{spinner} simulating [{wide_bar}] {percent:>3}% {elapsed_precise} elapsed, {eta_precise} left";

fn run_simulate(args: &SimulateArgs) -> Result<()> {
    use crate::report::simulate as export;

    let mut scenario = crate::scenario::load(&args.scenario)?;
    if let Some(path) = &args.roster {
        scenario = crate::scenario::load_roster(&scenario, path)?;
    }
    let trace = match &args.trace {
        Some(path) => Some(load_trace(
            std::slice::from_ref(path),
            args.trace_format,
            None,
            None,
        )?),
        None => None,
    };
    let threads = threads_of(args.threads);
    let req = crate::simulate::Request {
        scenario: &scenario,
        scenario_path: &args.scenario,
        seed: args.seed,
        replications: args.replications,
        threads,
        days: args.days,
        warmup_s: args.warmup,
        volume_cv: args.volume_cv,
        trace: args.trace.as_deref().zip(trace.as_ref()),
        roster: args.roster.as_deref(),
    };
    let bar = progress_bar(args.quiet, PROGRESS_TEMPLATE);
    let outcome = crate::simulate::run(&req, &|f| bar.set_position((f * 1000.0) as u64));
    bar.finish_and_clear();
    let outcome = outcome?;
    // the summary only when something shows it
    let summary = if args.json || args.out.is_some() {
        report::json_bytes(&export::summary_json(&scenario, &outcome))
    } else {
        Vec::new()
    };
    // every file of the run in one write: all of them or none
    let mut files = Vec::new();
    if let Some(dir) = &args.out {
        let [intervals, groups, misses, summary_json] =
            SIMULATE_OUT_FILES.map(|name| dir.join(name));
        files.push((
            intervals,
            export::intervals_csv(&scenario, &outcome.spec, &outcome.agg)?,
        ));
        files.push((
            groups,
            export::groups_csv(&scenario, &outcome.spec, &outcome.agg)?,
        ));
        let runs = report::misses::runs(&scenario, &outcome);
        files.push((misses, report::misses::csv(&scenario, &outcome, &runs)?));
        files.push((summary_json, summary.clone()));
    }
    if let Some(path) = &args.csv {
        files.push((path.clone(), export::kpi_csv(&scenario, &outcome)?));
    }
    if let Some(path) = &args.write_trace {
        let log = crate::engine::contact_log(&outcome.spec, args.seed, 0);
        files.push((
            path.clone(),
            export::trace_csv(&scenario, &outcome.spec, &log),
        ));
    }
    files.extend(page_files(
        || report::pages::simulate(&scenario, &args.scenario.display().to_string(), &outcome),
        args.report.as_ref(),
        args.plots.as_ref(),
    )?);
    if !files.is_empty() {
        report::write_files(&files)?;
    }
    if args.json {
        print_bytes(&summary)?;
    } else {
        let colour = report::format::colour_stdout();
        print_bytes(export::kpi_table(&scenario, &outcome, colour).as_bytes())?;
    }
    check_targets(args.check, export::missed(&scenario, &outcome))
}

fn run_plan(args: &PlanArgs) -> Result<()> {
    use crate::plan::planner::{self, PlanOptions, TargetsMode};

    let scenario = crate::scenario::load(&args.scenario)?;
    let threads = threads_of(args.threads);
    let opt = PlanOptions {
        seed: args.seed,
        replications: args.replications,
        threads,
        days: args.days,
        targets: match args.targets {
            TargetsArg::Horizon => TargetsMode::Horizon,
            TargetsArg::Interval => TargetsMode::Interval,
        },
        max_rounds: args.max_rounds as usize,
        ..PlanOptions::default()
    };
    let bar = progress_bar(
        args.quiet,
        "{spinner} planning [{wide_bar}] {percent:>3}% {elapsed_precise} elapsed",
    );
    let plan = planner::plan(&scenario, &args.scenario, &opt, &|f| {
        bar.set_position((f * 1000.0) as u64)
    });
    bar.finish_and_clear();
    let plan = plan?;
    let mut files = Vec::new();
    if let Some(path) = &args.write_roster {
        files.push((
            path.clone(),
            report::plan::roster_file(&plan, &args.scenario).into_bytes(),
        ));
    }
    if let Some(path) = &args.csv {
        files.push((path.clone(), report::plan::shifts_csv(&plan)?));
    }
    files.extend(page_files(
        || report::pages::plan(&plan, &args.scenario.display().to_string()),
        args.report.as_ref(),
        args.plots.as_ref(),
    )?);
    if !files.is_empty() {
        report::write_files(&files)?;
    }
    if args.json {
        print_bytes(&report::json_bytes(&report::plan::json(&plan)))?;
    } else {
        let colour = report::format::colour_stdout();
        print_bytes(report::plan::text(&plan, colour).as_bytes())?;
    }
    check_targets(args.check, report::plan::missed(&plan))
}

fn run_compare(args: &CompareArgs) -> Result<()> {
    let variants = crate::compare::load_variants(&args.scenarios, &args.roster, &args.set)?;
    let threads = threads_of(args.threads);
    let opt = crate::compare::CompareOptions {
        seed: args.seed,
        replications: args.replications,
        threads,
        days: args.days,
    };
    let bar = progress_bar(
        args.quiet,
        "{spinner} comparing [{wide_bar}] {percent:>3}% {elapsed_precise} elapsed",
    );
    let c = crate::compare::compare(&variants, &opt, &|f| bar.set_position((f * 1000.0) as u64));
    bar.finish_and_clear();
    let c = c?;
    let mut files = Vec::new();
    if let Some(path) = &args.csv {
        files.push((path.clone(), report::compare::csv(&c)?));
    }
    files.extend(page_files(
        || report::pages::compare(&c),
        args.report.as_ref(),
        args.plots.as_ref(),
    )?);
    if !files.is_empty() {
        report::write_files(&files)?;
    }
    if args.json {
        print_bytes(&report::json_bytes(&report::compare::json(&c)))
    } else {
        print_bytes(report::compare::text(&c).as_bytes())
    }
}

fn run_teach(args: &TeachArgs) -> Result<()> {
    let Some(lesson) = args.lesson.as_deref() else {
        return print_bytes(report::teach::lessons_text().as_bytes());
    };
    let simulated = ["variability", "abandonment"];
    let known = crate::teach::LESSONS.iter().any(|l| l.0 == lesson);
    if args.write_scenario.is_some() && known && !simulated.contains(&lesson) {
        return Err(Error::Input(format!(
            "error: lesson `{lesson}` simulates no scenario of its own\n   = help: --write-scenario is for the lessons {}",
            simulated.join(" and ")
        )));
    }
    if args.trace.is_some() && known && lesson != "reality" {
        return Err(Error::Input(format!(
            "error: lesson `{lesson}` reads no trace\n   = help: --trace is for the lesson reality"
        )));
    }
    let params = crate::teach::Params {
        calls: args.calls,
        interval_s: args.interval,
        aht_s: args.aht,
        target: args.target,
        teams: args.teams,
        patience_s: args.patience,
        cvs: args.cv.clone(),
        volume_cv: args.volume_cv,
        loads: args.loads.clone(),
        seed: args.seed,
        replications: args.replications,
        days: args.days,
        threads: threads_of(args.threads),
        trace: args.trace.clone(),
    };
    let outcome = crate::teach::run(lesson, &params)?;
    let rendered = report::teach::render(&outcome)?;
    let mut files = Vec::new();
    if let (Some(path), Some((_, svg))) = (&args.plot, rendered.svgs.first()) {
        files.push((path.clone(), svg.clone().into_bytes()));
    }
    if let (Some(path), Some(toml)) = (&args.write_scenario, outcome.scenario_toml()) {
        files.push((path.clone(), toml.as_bytes().to_vec()));
    }
    if let Some(path) = &args.report {
        files.push((
            path.clone(),
            report::html::render(&report::pages::teach(&rendered)),
        ));
    }
    report::write_files(&files)?;
    print_bytes(rendered.text.as_bytes())
}

/// Print a sweep (table or JSON) and write its CSV and report.
fn print_sweep(
    s: &crate::sweep::Sweep,
    json: bool,
    csv: Option<&PathBuf>,
    html: Option<&PathBuf>,
    plots: Option<&PathBuf>,
) -> Result<()> {
    let mut files = Vec::new();
    if let Some(path) = csv {
        files.push((path.clone(), report::sweep::csv(s)?));
    }
    files.extend(page_files(|| report::pages::sweep(s), html, plots)?);
    if !files.is_empty() {
        report::write_files(&files)?;
    }
    if json {
        print_bytes(&report::sweep::json(s)?)
    } else {
        print_bytes(report::sweep::text(s).as_bytes())
    }
}

fn run_sweep(args: &SweepArgs) -> Result<()> {
    let text = crate::scenario::read_scenario_text(&args.scenario)?;
    let threads = threads_of(args.threads);
    let opt = crate::sweep::SweepOptions {
        seed: args.seed,
        replications: args.replications,
        threads,
        days: args.days,
        shard: args.shard,
    };
    let bar = progress_bar(
        args.quiet,
        "{spinner} sweeping [{wide_bar}] {percent:>3}% {elapsed_precise} elapsed, {eta_precise} left",
    );
    let s = crate::sweep::sweep(&args.scenario, &text, &args.set, &opt, &|f| {
        bar.set_position((f * 1000.0) as u64)
    });
    bar.finish_and_clear();
    print_sweep(
        &s?,
        args.json,
        args.csv.as_ref(),
        args.report.as_ref(),
        args.plots.as_ref(),
    )
}

fn run_merge(args: &MergeArgs) -> Result<()> {
    let s = crate::sweep::load_shards(&args.files)?;
    print_sweep(
        &s,
        args.json,
        args.csv.as_ref(),
        args.report.as_ref(),
        args.plots.as_ref(),
    )
}

/// The files of a command's report: the HTML page at `--report`, each of its charts
/// as `NAME.svg` in `--plots DIR`; the page is built only when one of them is asked for.
fn page_files(
    page: impl FnOnce() -> Result<report::html::Page>,
    html: Option<&PathBuf>,
    plots: Option<&PathBuf>,
) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    if html.is_none() && plots.is_none() {
        return Ok(Vec::new());
    }
    let page = page()?;
    let mut files = Vec::new();
    if let Some(path) = html {
        files.push((path.clone(), report::html::render(&page)));
    }
    if let Some(dir) = plots {
        files.extend(page.figure_files(dir));
    }
    Ok(files)
}

/// `replay --each`: every file replayed on its own, its observed KPIs judged against the
/// two staffing bounds.
fn run_replay_each(args: &ReplayArgs) -> Result<()> {
    let options = replay_options(args);
    let mut periods = Vec::new();
    for file in &args.files {
        let tr = load_trace(
            std::slice::from_ref(file),
            args.format,
            args.from.as_deref(),
            args.to.as_deref(),
        )?;
        let result = crate::replay::run(&tr, &options)?;
        periods.push(crate::validation::Period {
            source: file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into(),
            ),
            contacts: tr.contacts.len(),
            wrap_up_s: result.wrap_up_s,
            wrap_up_cv: result.wrap_up_cv,
            judged: crate::validation::bracket(&result),
        });
    }
    let text = report::validation::table(&periods, &options);
    let files = page_files(
        || report::pages::validation(&periods, &options, &text),
        args.report.as_ref(),
        args.plots.as_ref(),
    )?;
    if !files.is_empty() {
        report::write_files(&files)?;
    }
    if args.json {
        print_bytes(&report::json_bytes(&report::validation::json(
            &periods, &options,
        )))
    } else {
        print_bytes(text.as_bytes())
    }
}

/// The machine's cores unless `--threads` says otherwise.
fn threads_of(flag: Option<u64>) -> usize {
    flag.map(|t| t as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A progress bar on stderr with `template` (counting to 1000), hidden with `--quiet`
/// or when stderr is not a terminal.
fn progress_bar(quiet: bool, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(1000);
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        b.set_style(style.progress_chars("=> "));
    }
    b
}

/// A replay's agents-on-duty bin: [`crate::limits::MIN_DUTY_BIN_S`] to
/// [`crate::limits::MAX_DUTY_BIN_S`] (a trace spans whole days, so never longer than it).
fn parse_duty_bin(s: &str) -> std::result::Result<f64, String> {
    let v = parse_duration_s(s)?;
    if crate::trace::duty_bin_accepted(v) {
        Ok(v)
    } else {
        Err(format!(
            "`{}` is not from 1m to 1d: the agents-on-duty bin is at least a minute and at most a day, e.g. 1h or 15m",
            crate::trace::clip(s)
        ))
    }
}

/// A replay's duration flag: 0 to [`crate::limits::MAX_DURATION_S`].
/// `--wrap-up-cv`: a coefficient of variation, 0 to the largest a lognormal takes.
fn parse_wrap_up_cv(s: &str) -> std::result::Result<f64, String> {
    let most = crate::limits::MAX_CV;
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=most).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{}` is not a number from 0 to {most} (0: the same after-call work after every call)",
            crate::trace::clip(s)
        )),
    }
}

/// `--wrap-up-scale`: a multiple, 0 to 100.
fn parse_wrap_up_scale(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=MAX_WRAP_UP_SCALE).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{}` is not a number from 0 to {MAX_WRAP_UP_SCALE}: the after-call work as a multiple of the trace's idle agent time per call while callers waited, e.g. 1.2",
            crate::trace::clip(s)
        )),
    }
}

/// Largest `--wrap-up-scale`: more would mean agents out of calls a hundred times as
/// long as the trace shows.
const MAX_WRAP_UP_SCALE: f64 = 100.0;

/// `--head-start`: a duration (0 to 366 days) or `strict` (infinite).
fn parse_head_start(s: &str) -> std::result::Result<f64, String> {
    if s.trim().eq_ignore_ascii_case("strict") {
        return Ok(f64::INFINITY);
    }
    parse_replay_duration(s).map_err(|e| format!("{e}; or write `strict`"))
}

/// The replay options `args` give (the defaults of the trace's format filled in).
fn replay_options(args: &ReplayArgs) -> crate::replay::ReplayOptions {
    crate::replay::ReplayOptions {
        target_s: args.target,
        duty_bin_s: args.duty_bin,
        wrap_up: match args.wrap_up_scale {
            Some(k) => crate::replay::WrapUp::IdleScaled(k),
            None => crate::replay::WrapUp::Mean(args.wrap_up),
        },
        wrap_up_cv: args.wrap_up_cv,
        seed: args.seed,
        replications: args.replications,
        threads: threads_of(args.threads),
        by_class: !args.fifo,
        head_start_s: args.head_start.unwrap_or(match args.format {
            TraceFormat::Bank => crate::replay::BANK_HEAD_START_S,
            TraceFormat::Csv => f64::INFINITY,
        }),
        patience: match args.patience {
            PatienceArg::Km => crate::replay::PatienceModel::KaplanMeier,
            PatienceArg::Exponential => crate::replay::PatienceModel::Exponential,
        },
    }
}

fn parse_replay_duration(s: &str) -> std::result::Result<f64, String> {
    let v = parse_duration_s(s)?;
    if (0.0..=crate::limits::MAX_DURATION_S).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "`{}` is not from 0 to {} days",
            crate::trace::clip(s),
            crate::limits::MAX_DURATION_S / 86_400.0
        ))
    }
}

fn day_arg(s: &str, flag: &str) -> Result<crate::trace::CivilDate> {
    let date = s.trim().split('-').collect::<Vec<_>>();
    let parsed = match date.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            match (y.parse(), m.parse(), d.parse()) {
                (Ok(y), Ok(m), Ok(d)) => crate::trace::CivilDate::new(y, m, d),
                _ => None,
            }
        }
        _ => None,
    };
    parsed.ok_or_else(|| {
        Error::Input(format!(
            "error: {flag} `{s}` is not a date: write YYYY-MM-DD, e.g. 1999-01-01"
        ))
    })
}

/// Load a trace named on the command line. The bank format's default filter leaves
/// out type IN (the internet team); `from`/`to` apply to the bank format only.
pub fn load_trace(
    files: &[PathBuf],
    format: TraceFormat,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<crate::trace::Trace> {
    use crate::trace;
    match format {
        TraceFormat::Bank => {
            let filter = trace::BankFilter {
                from: from.map(|d| day_arg(d, "--from")).transpose()?,
                to: to.map(|d| day_arg(d, "--to")).transpose()?,
                ..trace::BankFilter::default()
            };
            Ok(trace::load_anonymous_bank(files, &filter)?)
        }
        TraceFormat::Csv => match files {
            [one] if from.is_none() && to.is_none() => Ok(trace::load_csv(one)?),
            _ => Err(Error::Input(
                "error: --format csv takes one file and no --from/--to: cut the CSV to the days you want"
                    .into(),
            )),
        },
    }
}

fn run_fit(args: &FitArgs) -> Result<()> {
    use crate::fit;
    use crate::trace;

    let generic =
        !args.columns.is_empty() || !args.skip_columns.is_empty() || args.time_format.is_some();
    let tr = match args.trace_format {
        TraceFormat::Csv if generic => {
            let [one] = args.files.as_slice() else {
                return Err(Error::Input(
                    "error: a CSV log is one file: join the files first".into(),
                ));
            };
            if args.from.is_some() || args.to.is_some() {
                return Err(Error::Input(
                    "error: --from/--to apply to the bank format: cut the CSV to the days you want"
                        .into(),
                ));
            }
            let names = trace::csv_column_names();
            let mut rename = Vec::new();
            for c in &args.columns {
                let Some((field, name)) = c.split_once('=') else {
                    return Err(Error::Input(format!(
                        "error: --column `{}` is not FIELD=NAME, e.g. --column arrival=start_time",
                        trace::clip(c)
                    )));
                };
                let field = field.trim().to_ascii_lowercase();
                if !names.contains(&field.as_str()) {
                    return Err(Error::Input(format!(
                        "error: --column `{}`: `{}` is not one of ccsim's columns ({})",
                        trace::clip(c),
                        trace::clip(&field),
                        names.join(", ")
                    )));
                }
                if rename.iter().any(|(f, _): &(String, String)| *f == field) {
                    return Err(Error::Input(format!(
                        "error: --column names `{field}` twice: map each of ccsim's columns once"
                    )));
                }
                rename.push((field, name.trim().to_string()));
            }
            let columns = trace::CsvColumns {
                rename,
                skip: args.skip_columns.clone(),
                time_format: args.time_format.clone(),
            };
            trace::load_csv_with(one, &columns)?
        }
        TraceFormat::Bank if generic => {
            return Err(Error::Input(
                "error: --column, --skip-column and --time-format apply to CSV logs, not --trace-format bank".into(),
            ));
        }
        format => load_trace(
            &args.files,
            format,
            args.from.as_deref(),
            args.to.as_deref(),
        )?,
    };
    let source = match args.files.as_slice() {
        [one] => one.display().to_string(),
        many => format!("{} files", many.len()),
    };
    let opt = fit::FitOptions {
        interval_s: args.interval,
        drop_outliers: args.drop_outliers,
        classes: match args.trace_format {
            TraceFormat::Bank => fit::ClassRule::Bank,
            TraceFormat::Csv => fit::ClassRule::ByValue,
        },
        ..fit::FitOptions::default()
    };
    let result = fit::fit(&tr, &opt).map_err(|e| Error::Input(format!("error: {source}: {e}")))?;
    let text = report::fit::text(&result, &source);
    // the scenario, the report and the charts: all written, or none
    let mut files = page_files(
        || report::pages::fit(&result, &source, &text),
        args.report.as_ref(),
        args.plots.as_ref(),
    )?;
    if let Some(path) = &args.out {
        let w = fit::WriteOptions {
            source: source.clone(),
            service_level: args.target.0,
            within_s: args.target.1,
            classes: args.classes,
            roster: match args.staffing {
                StaffingArg::Erlang => fit::Roster::Erlang,
                StaffingArg::AgentIds => fit::Roster::AgentIds,
                StaffingArg::BusyPeak => fit::Roster::BusyPeak,
            },
            wrap_up: match (args.wrap_up_scale, args.wrap_up) {
                (Some(k), _) => Some(crate::replay::WrapUp::IdleScaled(k)),
                (None, Some(s)) => Some(crate::replay::WrapUp::Mean(s)),
                (None, None) => None,
            },
            ..fit::WriteOptions::default()
        };
        let toml = fit::scenario_toml(&result, &w, path).map_err(|e| match e {
            fit::WriteError::Input(m) => Error::Input(format!("error: {source}: {m}")),
            fit::WriteError::Bug(m) => Error::Failure(m),
        })?;
        if let Some(roster) = &args.write_roster {
            let text = fit::roster_of(&toml, path, &source).map_err(Error::Failure)?;
            files.insert(0, (roster.clone(), text.into_bytes()));
        }
        files.insert(0, (path.clone(), toml.into_bytes()));
    }
    if !files.is_empty() {
        report::write_files(&files)?;
    }
    if args.json {
        print_bytes(&report::json_bytes(&report::fit::json(&result, &source)))
    } else {
        print_bytes(text.as_bytes())
    }
}

fn run_replay(args: &ReplayArgs) -> Result<()> {
    use crate::{replay, trace};

    if args.each {
        return run_replay_each(args);
    }
    let tr = load_trace(
        &args.files,
        args.format,
        args.from.as_deref(),
        args.to.as_deref(),
    )?;
    let options = replay_options(args);
    let result = replay::run(&tr, &options)?;
    let types = match args.format {
        TraceFormat::Bank => Some(trace::BankFilter::default().types_label()),
        TraceFormat::Csv => None,
    };
    let text = report::replay::table(&tr, &result, types.as_deref());
    // the CSV, the report and the chart: all written, or none
    let mut files = page_files(
        || {
            let period = crate::validation::Period {
                source: match &args.files[..] {
                    [one] => one
                        .file_name()
                        .map_or_else(|| one.display().to_string(), |n| n.to_string_lossy().into()),
                    more => format!("{} files", more.len()),
                },
                contacts: tr.contacts.len(),
                wrap_up_s: result.wrap_up_s,
                wrap_up_cv: result.wrap_up_cv,
                judged: crate::validation::bracket(&result),
            };
            report::pages::validation(&[period], &options, &text)
        },
        args.report.as_ref(),
        args.plots.as_ref(),
    )?;
    if let Some(path) = &args.csv {
        files.insert(0, (path.clone(), report::replay::csv(&result)?));
    }
    if !files.is_empty() {
        report::write_files(&files)?;
    }
    if args.json {
        let v = report::replay::json(&tr, &result, types.as_deref());
        print_bytes(&report::json_bytes(&v))
    } else {
        print_bytes(text.as_bytes())
    }
}
