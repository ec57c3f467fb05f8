//! A mutation fuzzer over the shipped inputs: the scenarios (`scenarios/*.toml`, and
//! `tests/data/plan_small.toml` for shift templates and `simulate --roster`), the
//! traces (`tests/data/trace/*`: ccsim's CSV and a window of the Anonymous Bank sample)
//! and the README's command lines (`ccsim erlang`, `simulate`, `replay`).
//!
//! Case `i` of seed `s` is derived from (`s`, `i`) alone: it picks a shipped input, applies
//! one to four mutations (numbers and durations replaced by extremes, lines deleted,
//! repeated or swapped, tables duplicated, keys renamed, deep nesting, truncation,
//! flipped bits, invalid UTF-8; for traces the same on fields, rows and columns; for
//! flags, values replaced, flags dropped or added) and runs what the user's command runs,
//! through the library, on the mutant written to a file:
//!
//! - scenario: `scenario::load`, then `staff` and one of its reports, then
//!   `engine::compile` and one replication of one day with the simulate exports;
//! - CSV trace: `trace::load_csv`, then `replay` (both staffing bounds, one replication)
//!   and `simulate --trace` (one day) against the scenario the trace was made for;
//! - bank trace: `load_anonymous_bank`, then `replay`;
//! - command line: clap's parse, then the calculator's request, answer and exports, or
//!   `simulate` (one replication, at most [`MAX_FUZZ_DAYS`]) or `replay` (one
//!   replication) with the parsed flags.
//!
//! A case fails on a panic, on an abort (a single allocation above [`ALLOC_CAP`] is
//! refused, naming the case), on using more than [`TIME_LIMIT`] of CPU time (or ten times
//! it on the wall clock: a case that blocks), on an exit-1 error,
//! and on an exit-2 error whose message carries no position (`file:line:col`), names no
//! flag and names no file with a `help:` line (a whole-file problem; for a file that is
//! not UTF-8 the position of the bad byte is required). Cases run in child processes
//! ([`run_child`]) watched by [`run`], so a crash or a hang is recorded and the run goes
//! on in a new child.
//!
//! `cargo test` runs [`CI_CASES`] cases (test `fuzz::tests::mutated_shipped_inputs_...`;
//! `FUZZ_CASES`, `FUZZ_SEED`, `FUZZ_JOBS` and `FUZZ_LIST=1` change it); the long run is
//! `cargo run --profile test --example fuzz -- --cases 1000000` (README.md, "Fuzzing"),
//! and `--case N --write DIR` writes case N's mutant and what it showed.
// shared by the test binary and examples/fuzz.rs, each using part of it
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser as _;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use ccsim::scenario::Scenario;
use ccsim::{Error, report, trace};

/// Cases `cargo test` runs (about a minute on two cores; see README.md, "Fuzzing").
pub const CI_CASES: u64 = 20_000;

/// Largest input a mutation may grow further (8 MiB, far above every shipped file).
const MAX_MUTANT_BYTES: usize = 8 << 20;
/// A case using more CPU time than this is a hang (CPU time, so that a machine loaded
/// by other work does not make a slow case of a quick one).
pub const TIME_LIMIT: Duration = Duration::from_secs(5);
/// Largest single allocation a case may make: a mutant of a shipped file that asks for
/// more is a runaway (the shipped files need a few MiB).
pub const ALLOC_CAP: usize = 1 << 30;
/// One simulated day: enough to reach every event kind of the shipped scenarios.
const HORIZON_S: f64 = 86400.0;

// ---------------------------------------------------------------------------------
// Guards: a panic hook silent on the fuzz thread, an allocator that refuses a runaway

thread_local! {
    /// Set on the thread running cases: its panics are recorded, not printed, and its
    /// allocations are capped.
    static FUZZING: Cell<bool> = const { Cell::new(false) };
}
/// The case being run, for the allocator's message.
static CASE: AtomicU64 = AtomicU64::new(0);
/// The stage of the case being run ([`STAGES`]), for a hang's report.
static STAGE: AtomicUsize = AtomicUsize::new(0);
/// The last panic on the fuzz thread: location and message.
static PANIC: Mutex<Option<String>> = Mutex::new(None);
static HOOK: std::sync::Once = std::sync::Once::new();

fn fuzzing() -> bool {
    FUZZING.try_with(Cell::get).unwrap_or(false)
}

/// Forwards to the system allocator; on the fuzz thread a single request above
/// [`ALLOC_CAP`] is refused with a message naming the case, which aborts the process
/// (an allocator may not unwind) before a runaway mutant eats the machine's memory.
pub struct CappedAlloc;

impl CappedAlloc {
    fn refuse(size: usize) -> bool {
        if size <= ALLOC_CAP || !fuzzing() {
            return false;
        }
        let mut buf = [0u8; 200];
        let mut w = &mut buf[..];
        let _ = write!(
            w,
            "\nfuzz: case {} asked for one allocation of {size} bytes in {}; rerun it with --case {} --write DIR\n",
            CASE.load(Ordering::Relaxed),
            STAGES[STAGE.load(Ordering::Relaxed)],
            CASE.load(Ordering::Relaxed),
        );
        let n = 200 - w.len();
        let _ = std::io::stderr().write_all(&buf[..n]);
        true
    }
}

// SAFETY: every request is forwarded unchanged to `System`, or refused with null,
// which the `GlobalAlloc` contract allows.
unsafe impl GlobalAlloc for CappedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::refuse(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Self::refuse(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if Self::refuse(new_size) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: CappedAlloc = CappedAlloc;

/// Install (once) a panic hook that records panics of the fuzz thread and leaves every
/// other thread's to the previous hook.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if fuzzing() {
                let payload = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into());
                let at = info
                    .location()
                    .map_or(String::new(), |l| format!("{}:{}", l.file(), l.line()));
                // the innermost ccsim function: a panic inside the standard library
                // (`capacity overflow`) is then told apart by its caller
                let bt = std::backtrace::Backtrace::force_capture().to_string();
                let caller = bt
                    .lines()
                    .filter_map(|l| l.trim().split_once(": ").map(|(_, f)| f))
                    .find(|f| f.starts_with("ccsim::"))
                    .map_or(String::new(), |f| format!(" (in {f})"));
                if let Ok(mut p) = PANIC.lock() {
                    *p = Some(format!("{at}{caller}: {payload}"));
                }
            } else {
                previous(info);
            }
        }));
    });
}

/// What a case is doing, for the report of a panic or a hang.
pub const STAGES: [&str; 17] = [
    "-",
    "write the mutant",
    "scenario::load",
    "plan::staff",
    "report::staff",
    "engine::compile",
    "engine::run_replications",
    "report::simulate",
    "trace::load_csv",
    "trace::load_anonymous_bank",
    "replay (trace KPIs, agents on duty)",
    "replay::replay_spec",
    "replay::scenario_arrivals",
    "seed scenario load",
    "cli (flags)",
    "erlang (request, answer, reports)",
    "cli::load_trace",
];

fn stage(s: &str) {
    let i = STAGES.iter().position(|x| *x == s).unwrap_or(0);
    STAGE.store(i, Ordering::Relaxed);
}

// ---------------------------------------------------------------------------------
// Seeds: the shipped files

/// Which shipped inputs a case mutates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Scenario,
    Csv,
    Bank,
    /// `ccsim erlang` flags (one argument a line).
    Flags,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Scenario => "scenario",
            Family::Csv => "csv trace",
            Family::Bank => "bank trace",
            Family::Flags => "command-line flags",
        }
    }
    /// The example's `--only` value.
    pub fn flag(self) -> &'static str {
        match self {
            Family::Scenario => "scenario",
            Family::Csv => "csv",
            Family::Bank => "bank",
            Family::Flags => "flags",
        }
    }
    fn ext(self) -> &'static str {
        match self {
            Family::Scenario => "toml",
            Family::Csv => "csv",
            Family::Bank => "txt",
            Family::Flags => "args",
        }
    }
}

/// The shipped files, read once.
pub struct Seeds {
    root: PathBuf,
    /// (file name, bytes, weight)
    scenarios: Vec<(String, Vec<u8>, u32)>,
    /// (file name, bytes, the scenario it replays against)
    csv: Vec<(String, Vec<u8>, String)>,
    bank_header: Vec<u8>,
    bank_rows: Vec<Vec<u8>>,
    /// Shipped scenarios, loaded, by file name.
    loaded: BTreeMap<String, Scenario>,
}

impl Seeds {
    /// Read the shipped scenarios and traces under `root` (the crate's directory).
    pub fn read(root: &Path) -> Seeds {
        let read = |p: PathBuf| {
            std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
        };
        let mut scenarios = Vec::new();
        let mut loaded = BTreeMap::new();
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
            .expect("scenarios/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        names.sort();
        // shift templates (`[[group.template]]`) are in no shipped scenario yet
        names.push(root.join("tests/data/plan_small.toml"));
        // customer priority classes (`[[channel.class]]`), with patience
        names.push(root.join("tests/data/priority/mmc_classes.toml"));
        // a class head start (`head_start`)
        names.push(root.join("tests/data/priority/mmc_head_start.toml"));
        // a fitted scenario: weekday shapes, after-call work, the log's own staffing
        names.push(root.join("tests/data/fit_bank_sample.toml"));
        for p in names {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let bytes = read(p.clone());
            // olymp's `staff` takes 0.1 s: mutate it less often than the small ones
            let weight = if bytes.len() > 8000 { 1 } else { 3 };
            let s = ccsim::scenario::load(&p).unwrap_or_else(|e| panic!("{e}"));
            loaded.insert(name.clone(), s);
            scenarios.push((name, bytes, weight));
        }
        let dir = root.join("tests/data/trace");
        let mut csv_names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("tests/data/trace/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        csv_names.sort();
        let csv = csv_names
            .into_iter()
            .map(|p| {
                let name = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                let against = if name.starts_with("olymp") {
                    "olymp.toml"
                } else {
                    "mmc.toml"
                };
                (name, read(p), against.to_string())
            })
            .collect();
        let bank = read(dir.join("anonymous_bank_1999_sample.txt"));
        let mut lines = bank.split_inclusive(|b| *b == b'\n');
        let bank_header = lines.next().unwrap_or_default().to_vec();
        let bank_rows = lines.map(<[u8]>::to_vec).collect();
        Seeds {
            root: root.to_path_buf(),
            scenarios,
            csv,
            bank_header,
            bank_rows,
            loaded,
        }
    }
}

// ---------------------------------------------------------------------------------
// Cases: a shipped file and its mutations, from (seed, index) alone

/// One mutant.
#[derive(Debug, Clone)]
pub struct Case {
    pub index: u64,
    pub family: Family,
    /// The shipped file it started from.
    pub origin: String,
    /// For a CSV trace: the shipped scenario `simulate --trace` runs it against.
    pub against: Option<String>,
    /// What was done to it, in order.
    pub mutations: Vec<String>,
    /// Whether `staff` runs on it: always, except on most mutants of the large scenario
    /// (its `staff` takes 0.1 s, a hundred times a rejected mutant).
    pub staff: bool,
    /// Which of `staff`'s reports it renders (text, detailed text, JSON, CSV): one per
    /// case, as the JSON of the large scenario takes longer than `staff` itself.
    pub staff_report: u8,
    pub bytes: Vec<u8>,
}

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "0.5",
    "2",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e400",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "4294967295",
    "4294967296",
    "2147483648",
    "9223372036854775807",
    "18446744073709551615",
    "-9223372036854775808",
    "1e-320",
    "5e-324",
    "1e-9",
    "1e9",
    "1e15",
    "1e154",
    "1e300",
    "99999999999999",
    "100000",
    "100001",
    "0.999999999999",
    "1.0000000001",
];

const DURATIONS: &[&str] = &[
    "99999999999999h",
    "0s",
    "0",
    "-1s",
    "-0s",
    "1e308s",
    "1e-320s",
    "nans",
    "infh",
    "366d",
    "367d",
    "8784h",
    "8785h",
    "527040m",
    "1e15",
    "0.000000001s",
    "1ms",
    "25h",
    "24:00",
    "23:59",
    "00:00",
    "99:99",
    "1h-1m",
    "",
    " ",
    "mon",
    "mon-sun",
    "sun-mon",
    "all",
    "*",
    "\u{0}",
    "ä",
];

const WORDS: &[&str] = &[
    "*",
    "",
    "live",
    "deferred",
    "ticket",
    "warm",
    "exponential",
    "lognormal",
    "gamma",
    "deterministic",
    "empirical",
    "voice",
    "chat",
    "email",
    "en",
    "L1",
    "L2",
    "L9",
    "x",
];

const DATES: &[&str] = &[
    "9999-12-31T23:59:59",
    "0000-01-01T00:00:00",
    "1970-01-01T00:00:00",
    "1969-12-31T23:59:59",
    "2024-02-29T00:00:00",
    "2023-02-29T00:00:00",
    "2024-03-07T24:00:00",
    "2024-03-07T23:59:60",
    "2024-13-01T00:00:00",
    "2024-03-07",
    "2024-03-07T06:01:24Z",
    "2024-03-07 06:01:24",
    "2124-03-07T06:01:24",
];

const BANK_VALUES: &[&str] = &[
    "0:00:00",
    "23:59:59",
    "24:00:00",
    "99:99:99",
    "-1:00:00",
    "0:00",
    "990101",
    "991231",
    "991232",
    "000000",
    "999999",
    "990229",
    "AGENT",
    "HANG",
    "PHANTOM",
    "NO_SERVER",
    "PS",
    "IN",
    "NW",
    "AA0101",
];

/// Rows of a shipped bank window at most (a longer window costs more than it finds).
const BANK_WINDOW: usize = 400;

impl Case {
    /// Case `index` of master seed `seed`.
    pub fn make(seeds: &Seeds, seed: u64, index: u64) -> Case {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(
            seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index.wrapping_mul(0xBF58_476D_1CE4_E5B9),
        );
        let roll = rng.random_range(0..20);
        let family = match roll {
            0..=10 => Family::Scenario,
            11..=15 => Family::Csv,
            16..=17 => Family::Bank,
            _ => Family::Flags,
        };
        let mut staff = true;
        let (origin, against, mut bytes) = match family {
            Family::Scenario => {
                let total: u32 = seeds.scenarios.iter().map(|s| s.2).sum();
                let mut pick = rng.random_range(0..total);
                let mut chosen = &seeds.scenarios[0];
                for s in &seeds.scenarios {
                    if pick < s.2 {
                        chosen = s;
                        break;
                    }
                    pick -= s.2;
                }
                staff = chosen.2 > 1 || rng.random_bool(0.2);
                (chosen.0.clone(), None, chosen.1.clone())
            }
            Family::Csv => {
                let s = &seeds.csv[rng.random_range(0..seeds.csv.len())];
                (s.0.clone(), Some(s.2.clone()), s.1.clone())
            }
            Family::Bank => {
                let n = seeds.bank_rows.len();
                let len = rng.random_range(1..=BANK_WINDOW.min(n));
                let start = rng.random_range(0..=n - len);
                let mut b = seeds.bank_header.clone();
                for r in &seeds.bank_rows[start..start + len] {
                    b.extend_from_slice(r);
                }
                (
                    format!(
                        "anonymous_bank_1999_sample.txt rows {}..{}",
                        start + 2,
                        start + len + 1
                    ),
                    None,
                    b,
                )
            }
            Family::Flags => {
                let call = CALLS[rng.random_range(0..CALLS.len())];
                let root = seeds.root.display().to_string();
                let args: Vec<String> = call
                    .split(' ')
                    .map(|a| a.replace("{root}", &root))
                    .collect();
                (format!("ccsim {call}"), None, args.join("\n").into_bytes())
            }
        };
        let mut mutations = Vec::new();
        let n = 1
            + usize::from(rng.random_bool(0.5))
            + usize::from(rng.random_bool(0.25))
            + usize::from(rng.random_bool(0.125));
        // a command line survives fewer mutations than a file
        let n = if family == Family::Flags { n.min(2) } else { n };
        for _ in 0..n {
            // repeating lines of an already repeated file can grow it past a gigabyte:
            // a mutant stops growing at MAX_MUTANT_BYTES (other cases are unchanged)
            if bytes.len() > MAX_MUTANT_BYTES {
                break;
            }
            let what = match family {
                Family::Scenario => mutate_toml(&mut rng, &mut bytes),
                Family::Csv => mutate_table(&mut rng, &mut bytes, b',', family),
                Family::Bank => mutate_table(&mut rng, &mut bytes, b'\t', family),
                Family::Flags => mutate_flags(&mut rng, &mut bytes),
            };
            mutations.push(what);
        }
        Case {
            index,
            family,
            origin,
            against,
            mutations,
            staff,
            staff_report: rng.random_range(0..4),
            bytes,
        }
    }
}

/// Calls a user makes (the README's and the issue's), one per seed; `{root}` is the
/// crate's directory.
const CALLS: &[&str] = &[
    "simulate {root}/scenarios/mmc.toml --days 1 --replications 1 --quiet --volume-cv 0.1 --warmup 1h",
    "simulate {root}/scenarios/w1.toml --days 0.5 --replications 1 --quiet",
    "simulate {root}/scenarios/mmc.toml --trace {root}/tests/data/trace/mmc_monday.csv --days 1 --replications 1 --quiet",
    "simulate {root}/tests/data/plan_small.toml --roster {root}/tests/data/roster/plan_small_lean.toml --days 1 --replications 1 --quiet",
    "plan {root}/scenarios/desk.toml --days 1 --replications 2 --quiet",
    "compare {root}/scenarios/mmc.toml --roster {root}/tests/data/roster/mmc_staggered.toml --days 1 --replications 2 --quiet",
    "sweep {root}/scenarios/desk.toml --set demand.weekly_contacts=+0%..+20%:10% --set group.English.shift.\"day a\".agents=3,4 --days 1 --replications 2 --quiet",
    "replay --format csv {root}/tests/data/trace/mmc_monday.csv --duty-bin 1h --wrap-up 30s --target 20s --replications 1",
    "replay {root}/tests/data/trace/anonymous_bank_1999_sample.txt --from 1999-01-01 --to 1999-01-01 --duty-bin 15m --replications 1",
    "replay {root}/tests/data/trace/anonymous_bank_1999_sample.txt --from 1999-01-02 --to 1999-01-02 --fifo --replications 1",
    "simulate {root}/tests/data/priority/mmc_classes.toml --days 1 --replications 1 --quiet",
    "simulate {root}/tests/data/priority/mmc_head_start.toml --days 1 --replications 1 --quiet",
    "simulate {root}/tests/data/fit_bank_sample.toml --days 7 --replications 1 --quiet",
    "replay {root}/tests/data/trace/anonymous_bank_1999_sample.txt --from 1999-01-02 --to 1999-01-02 --head-start 45s --wrap-up 30s --wrap-up-cv 1.5 --patience km --replications 1",
    "erlang --model c --calls 100 --interval 30m --aht 180s --target 80/20",
    "erlang --model c --calls 252 --interval 30m --aht 300s --max-occupancy 0.7",
    "erlang --model a --calls 252 --interval 30m --aht 300s --patience 2m --target 80/20 --max-abandon 0.05",
    "erlang --model b --calls 100 --interval 1h --aht 3m --max-blocking 0.01 --max-occupancy 0.9",
    "erlang --model chat --calls 120 --interval 30m --aht 5m --concurrency 3 --stretch 0.2 --patience 3m --target 80/60 --asa-target 30s",
    "erlang --model a --calls 100 --interval 30m --aht 3m --patience 2m --agents 12 --sl-definition answered --target 90/1m --json",
    "erlang --model c --calls 40 --interval 15m --aht 4m --agents 14",
    "erlang --model a --calls 300 --interval 1h --aht 3m --patience 2m --agents 15 --lines 18 --target 80/20 --max-blocking 0.05",
    "erlang --model a --calls 100..200:25 --interval 30m --aht 3m,4m --patience 2m --agents 10..20:5 --target 80/20",
];

const FLAGS: &[&str] = &[
    "--days",
    "--warmup",
    "--volume-cv",
    "--duty-bin",
    "--wrap-up",
    "--from",
    "--to",
    "--format",
    "--trace-format",
    "--seed",
    "--model",
    "--calls",
    "--interval",
    "--aht",
    "--patience",
    "--concurrency",
    "--stretch",
    "--agents",
    "--target",
    "--asa-target",
    "--max-occupancy",
    "--max-abandon",
    "--max-blocking",
    "--sl-definition",
    "--lines",
    "--set",
    "--shard",
    "--roster",
];

const FLAG_VALUES: &[&str] = &[
    "80/20",
    "0.8/20",
    "100/0",
    "80%/20s",
    "80/20s/1",
    "0/20",
    "101/20",
    "nan/20",
    "80/nan",
    "80/-1",
    "80/99999999999999h",
    "a",
    "b",
    "c",
    "chat",
    "x",
    "offered",
    "answered",
    "exclude-short-abandons",
    "csv",
    "bank",
    "1999-01-01",
    "1999-02-30",
    "0000-00-00",
    "9999-12-31",
];

/// One mutation of a command line (one argument a line).
fn mutate_flags<R: Rng>(rng: &mut R, b: &mut Vec<u8>) -> String {
    let text = String::from_utf8_lossy(b).into_owned();
    let mut args: Vec<String> = text.split('\n').map(str::to_string).collect();
    let random_value = |rng: &mut R| -> String {
        match rng.random_range(0..3) {
            0 => pick(rng, NUMBERS).to_string(),
            1 => pick(rng, DURATIONS).to_string(),
            _ => pick(rng, FLAG_VALUES).to_string(),
        }
    };
    let what = match rng.random_range(0..6) {
        0..=2 if args.len() > 1 => {
            // a value: an argument after a flag
            let values: Vec<usize> = (1..args.len())
                .filter(|&i| !args[i].starts_with("--"))
                .collect();
            let Some(&i) = values.get(rng.random_range(0..values.len().max(1))) else {
                return "no value to replace".into();
            };
            let new = random_value(rng);
            let old = std::mem::replace(&mut args[i], new.clone());
            format!(
                "{} {old:?} -> {new:?}",
                args.get(i - 1).map_or("", |s| s.as_str())
            )
        }
        3 if args.len() > 2 => {
            // drop a flag and its value
            let flags: Vec<usize> = (1..args.len())
                .filter(|&i| args[i].starts_with("--"))
                .collect();
            let Some(&i) = flags.get(rng.random_range(0..flags.len().max(1))) else {
                return "no flag to drop".into();
            };
            let with_value = args.get(i + 1).is_some_and(|v| !v.starts_with("--"));
            let gone: Vec<String> = args.drain(i..i + 1 + usize::from(with_value)).collect();
            format!("drop {}", gone.join(" "))
        }
        _ => {
            // add a flag (again, perhaps) with a value
            let flag = pick(rng, FLAGS).to_string();
            let value = random_value(rng);
            let at = rng.random_range(1..=args.len());
            args.splice(at..at, [flag.clone(), value.clone()]);
            format!("add {flag} {value}")
        }
    };
    *b = args.join("\n").into_bytes();
    what
}

fn pick<'a, R: Rng>(rng: &mut R, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// Byte ranges of numbers: a digit run (with `.`, `e`, `_`, signs) not inside a word.
fn number_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            && (i == 0
                || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.'));
        if starts {
            let s = if i > 0 && b[i - 1] == b'-' { i - 1 } else { i };
            let mut e = i;
            while e < b.len()
                && (b[e].is_ascii_digit()
                    || b[e] == b'.'
                    || b[e] == b'_'
                    || ((b[e] == b'e' || b[e] == b'E')
                        && e + 1 < b.len()
                        && (b[e + 1].is_ascii_digit() || b[e + 1] == b'-' || b[e + 1] == b'+'))
                    || ((b[e] == b'-' || b[e] == b'+') && (b[e - 1] == b'e' || b[e - 1] == b'E')))
            {
                e += 1;
            }
            out.push((s, e));
            i = e;
        } else {
            i += 1;
        }
    }
    out
}

/// Byte ranges inside double quotes on one line.
fn string_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        match (c, open) {
            (b'"', None) => open = Some(i + 1),
            (b'"', Some(s)) => {
                out.push((s, i));
                open = None;
            }
            (b'\n', _) => open = None,
            _ => {}
        }
    }
    out
}

/// Line ranges `[start, end)` including the newline.
fn line_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' {
            out.push((s, i + 1));
            s = i + 1;
        }
    }
    if s < b.len() {
        out.push((s, b.len()));
    }
    out
}

fn splice(b: &mut Vec<u8>, (s, e): (usize, usize), with: &[u8]) {
    b.splice(s..e, with.iter().copied());
}

fn show(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    let s: String = s.trim_end().chars().take(60).collect();
    format!("{s:?}")
}

/// Byte-level mutations every format shares.
fn mutate_bytes<R: Rng>(rng: &mut R, b: &mut Vec<u8>) -> String {
    let len = b.len();
    match rng.random_range(0..5) {
        0 => {
            let at = rng.random_range(0..=len);
            b.truncate(at);
            format!("truncate at byte {at}")
        }
        1 if len > 0 => {
            let at = rng.random_range(0..len);
            let bit = 1u8 << rng.random_range(0..8);
            b[at] ^= bit;
            format!("flip bit {bit:#04x} of byte {at}")
        }
        2 => {
            let at = rng.random_range(0..=len);
            let bad: &[&[u8]] = &[
                b"\xff",
                b"\xc3",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
                b"\x80",
            ];
            let ins = bad[rng.random_range(0..bad.len())];
            b.splice(at..at, ins.iter().copied());
            format!("insert invalid UTF-8 {ins:?} at byte {at}")
        }
        3 => {
            let at = rng.random_range(0..=len);
            let ins: &[&[u8]] = &[
                b"\0",
                b"\r",
                b"\xef\xbb\xbf",
                b"\t",
                b"\n",
                b"\"",
                b"#",
                b"\\",
            ];
            let ins = ins[rng.random_range(0..ins.len())];
            b.splice(at..at, ins.iter().copied());
            format!("insert {ins:?} at byte {at}")
        }
        _ => {
            b.clear();
            "empty the file".into()
        }
    }
}

/// Line-level mutations every format shares.
fn mutate_lines<R: Rng>(rng: &mut R, b: &mut Vec<u8>) -> String {
    let lines = line_spans(b);
    if lines.is_empty() {
        return mutate_bytes(rng, b);
    }
    let l = lines[rng.random_range(0..lines.len())];
    let text = b[l.0..l.1].to_vec();
    match rng.random_range(0..4) {
        0 => {
            splice(b, l, b"");
            format!("delete line {}", show(&text))
        }
        1 => {
            let times = *[1usize, 1, 2, 10, 1000]
                .get(rng.random_range(0..5))
                .unwrap_or(&1);
            let mut ins = Vec::new();
            for _ in 0..times {
                ins.extend_from_slice(&text);
                if !text.ends_with(b"\n") {
                    ins.push(b'\n');
                }
            }
            b.splice(l.1..l.1, ins);
            format!("repeat line {} {times} more time(s)", show(&text))
        }
        2 => {
            let m = lines[rng.random_range(0..lines.len())];
            if m == l {
                return format!("swap line {} with itself", show(&text));
            }
            let other = b[m.0..m.1].to_vec();
            let (a, c) = if l.0 < m.0 { (l, m) } else { (m, l) };
            let mut out = b[..a.0].to_vec();
            out.extend_from_slice(&b[c.0..c.1]);
            if !b[c.0..c.1].ends_with(b"\n") {
                out.push(b'\n');
            }
            out.extend_from_slice(&b[a.1..c.0]);
            out.extend_from_slice(&b[a.0..a.1]);
            out.extend_from_slice(&b[c.1..]);
            *b = out;
            format!("swap lines {} and {}", show(&text), show(&other))
        }
        _ => {
            // move a line to another place
            splice(b, l, b"");
            let lines = line_spans(b);
            let at = lines
                .get(rng.random_range(0..=lines.len()))
                .map_or(b.len(), |x| x.0);
            let mut text = text;
            if !text.ends_with(b"\n") {
                text.push(b'\n');
            }
            b.splice(at..at, text.iter().copied());
            format!("move line {} to byte {at}", show(&text))
        }
    }
}

/// One mutation of a scenario file; returns what it did.
fn mutate_toml<R: Rng>(rng: &mut R, b: &mut Vec<u8>) -> String {
    match rng.random_range(0..20) {
        0..=5 => {
            let spans = number_spans(b);
            if spans.is_empty() {
                return mutate_bytes(rng, b);
            }
            let s = spans[rng.random_range(0..spans.len())];
            let old = show(&b[s.0..s.1]);
            let new = pick(rng, NUMBERS);
            splice(b, s, new.as_bytes());
            format!("number {old} -> {new}")
        }
        6..=8 => {
            let spans = string_spans(b);
            if spans.is_empty() {
                return mutate_bytes(rng, b);
            }
            let s = spans[rng.random_range(0..spans.len())];
            let old = show(&b[s.0..s.1]);
            let new = match rng.random_range(0..3) {
                0 => pick(rng, DURATIONS).to_string(),
                1 => pick(rng, WORDS).to_string(),
                _ => {
                    let o = spans[rng.random_range(0..spans.len())];
                    String::from_utf8_lossy(&b[o.0..o.1]).into_owned()
                }
            };
            splice(b, s, new.as_bytes());
            format!("string {old} -> {new:?}")
        }
        9..=11 => mutate_lines(rng, b),
        12 => {
            // duplicate a table: from a header to the next one
            let lines = line_spans(b);
            let heads: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    b[lines[i].0..lines[i].1]
                        .trim_ascii_start()
                        .starts_with(b"[")
                })
                .collect();
            if heads.is_empty() {
                return mutate_lines(rng, b);
            }
            let h = heads[rng.random_range(0..heads.len())];
            let end = heads
                .iter()
                .find(|&&j| j > h)
                .map_or(b.len(), |&j| lines[j].0);
            let mut table = b[lines[h].0..end].to_vec();
            if !table.ends_with(b"\n") {
                table.push(b'\n');
            }
            let what = show(&b[lines[h].0..lines[h].1]);
            let at = if rng.random_bool(0.5) { end } else { b.len() };
            if at == b.len() && !b.ends_with(b"\n") {
                b.push(b'\n');
            }
            let at = at.min(b.len());
            b.splice(at..at, table);
            format!("duplicate table {what}")
        }
        13..=14 => {
            // rename a key: to another key of the file, or a typo
            let lines = line_spans(b);
            let keys: Vec<(usize, usize)> = lines
                .iter()
                .filter_map(|&(s, e)| {
                    let line = &b[s..e];
                    let eq = line.iter().position(|&c| c == b'=')?;
                    let k0 = s + line.iter().position(|c| !c.is_ascii_whitespace())?;
                    let k1 = s + eq;
                    let key = b[k0..k1].trim_ascii_end();
                    (!key.is_empty() && !key.starts_with(b"#") && !key.starts_with(b"["))
                        .then_some((k0, k0 + key.len()))
                })
                .collect();
            if keys.is_empty() {
                return mutate_lines(rng, b);
            }
            let k = keys[rng.random_range(0..keys.len())];
            let old = b[k.0..k.1].to_vec();
            let new: Vec<u8> = match rng.random_range(0..3) {
                0 => {
                    let o = keys[rng.random_range(0..keys.len())];
                    b[o.0..o.1].to_vec()
                }
                1 if old.len() > 1 => {
                    let mut n = old.clone();
                    n.remove(rng.random_range(0..n.len()));
                    n
                }
                _ => {
                    let mut n = old.clone();
                    n.extend_from_slice(b"_x");
                    n
                }
            };
            splice(b, k, &new);
            format!("key {} -> {}", show(&old), show(&new))
        }
        15 => {
            // swap the values of two `key = value` lines
            let lines = line_spans(b);
            let vals: Vec<(usize, usize)> = lines
                .iter()
                .filter_map(|&(s, e)| {
                    let line = &b[s..e];
                    let eq = line.iter().position(|&c| c == b'=')?;
                    let v0 = s + eq + 1;
                    let end = line
                        .iter()
                        .position(|&c| c == b'#')
                        .map_or(e, |h| s + h)
                        .max(v0);
                    let v = b[v0..end].trim_ascii();
                    (!v.is_empty() && !line.trim_ascii_start().starts_with(b"#")).then(|| {
                        let off = b[v0..end].len() - b[v0..end].trim_ascii_start().len();
                        (v0 + off, v0 + off + v.len())
                    })
                })
                .collect();
            if vals.len() < 2 {
                return mutate_lines(rng, b);
            }
            let x = vals[rng.random_range(0..vals.len())];
            let y = vals[rng.random_range(0..vals.len())];
            if x == y {
                return format!("swap value {} with itself", show(&b[x.0..x.1]));
            }
            let (a, c) = if x.0 < y.0 { (x, y) } else { (y, x) };
            let (va, vc) = (b[a.0..a.1].to_vec(), b[c.0..c.1].to_vec());
            splice(b, c, &va);
            splice(b, a, &vc);
            format!("swap values {} and {}", show(&va), show(&vc))
        }
        16 => {
            // deep nesting, or a very long line of names
            let lines = line_spans(b);
            let at = lines
                .get(rng.random_range(0..=lines.len()))
                .map_or(b.len(), |x| x.0);
            let depth = *[64usize, 200, 5000, 100_000]
                .get(rng.random_range(0..4))
                .unwrap_or(&64);
            let ins = match rng.random_range(0..3) {
                0 => format!("deep = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
                1 => format!("deep = {}1{}\n", "{a = ".repeat(depth), "}".repeat(depth)),
                _ => format!(
                    "languages = [{}]\n",
                    (0..depth.min(20_000))
                        .map(|i| format!("\"z{i}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            b.splice(at..at, ins.bytes());
            format!(
                "insert {} at byte {at} (depth {depth})",
                show(ins.as_bytes())
            )
        }
        17 => {
            // a line from elsewhere in the file, inserted at another place
            mutate_lines(rng, b)
        }
        _ => mutate_bytes(rng, b),
    }
}

/// One mutation of a CSV or bank trace (fields separated by `sep`).
fn mutate_table<R: Rng>(rng: &mut R, b: &mut Vec<u8>, sep: u8, family: Family) -> String {
    let lines = line_spans(b);
    if lines.is_empty() {
        return mutate_bytes(rng, b);
    }
    match rng.random_range(0..16) {
        0..=7 => {
            // replace one field
            let li = if rng.random_bool(0.05) {
                0
            } else {
                rng.random_range(0..lines.len())
            };
            let (s, e) = lines[li];
            let line = &b[s..e];
            let body = line.len() - usize::from(line.ends_with(b"\n"));
            let mut fields = vec![];
            let mut f0 = s;
            for (i, &c) in line[..body].iter().enumerate() {
                if c == sep {
                    fields.push((f0, s + i));
                    f0 = s + i + 1;
                }
            }
            fields.push((f0, s + body));
            let fi = rng.random_range(0..fields.len());
            let f = fields[fi];
            let old = show(&b[f.0..f.1]);
            let new: String = match rng.random_range(0..5) {
                0 | 1 => pick(rng, NUMBERS).to_string(),
                2 if family == Family::Bank => pick(rng, BANK_VALUES).to_string(),
                2 => pick(rng, DATES).to_string(),
                3 => {
                    // the same column of another row
                    let (os, oe) = lines[rng.random_range(0..lines.len())];
                    let other: Vec<&[u8]> =
                        b[os..oe].trim_ascii_end().split(|&c| c == sep).collect();
                    String::from_utf8_lossy(other.get(fi).copied().unwrap_or(b"")).into_owned()
                }
                _ => pick(rng, WORDS).to_string(),
            };
            splice(b, f, new.as_bytes());
            format!("line {} field {} {old} -> {new:?}", li + 1, fi + 1)
        }
        8..=10 => mutate_lines(rng, b),
        11 => {
            // delete or repeat a column in every row
            let col = rng.random_range(0..8);
            let repeat = rng.random_bool(0.5);
            let mut out = Vec::with_capacity(b.len());
            for (s, e) in line_spans(b) {
                let line = &b[s..e];
                let nl = line.ends_with(b"\n");
                let body = &line[..line.len() - usize::from(nl)];
                let mut fields: Vec<&[u8]> = body.split(|&c| c == sep).collect();
                if col < fields.len() {
                    if repeat {
                        fields.insert(col, fields[col]);
                    } else {
                        fields.remove(col);
                    }
                }
                out.extend_from_slice(&fields.join(&sep));
                if nl {
                    out.push(b'\n');
                }
            }
            *b = out;
            format!(
                "{} column {}",
                if repeat { "repeat" } else { "delete" },
                col + 1
            )
        }
        12 => {
            // a row with one field more or fewer
            let li = rng.random_range(0..lines.len());
            let (s, e) = lines[li];
            let body_end = if b[s..e].ends_with(b"\n") { e - 1 } else { e };
            if rng.random_bool(0.5) {
                let ins = [sep, b'9'];
                b.splice(body_end..body_end, ins);
                format!("line {}: one field more", li + 1)
            } else {
                let cut = b[s..body_end]
                    .iter()
                    .rposition(|&c| c == sep)
                    .map_or(s, |p| s + p);
                b.drain(cut..body_end);
                format!("line {}: last field dropped", li + 1)
            }
        }
        13 => {
            // keep only the header, or the header and one row
            let keep = lines.get(rng.random_range(0..2)).map_or(b.len(), |l| l.1);
            b.truncate(keep);
            format!("keep the first {keep} bytes (header, maybe one row)")
        }
        _ => mutate_bytes(rng, b),
    }
}

// ---------------------------------------------------------------------------------
// Running a case

/// How a case went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Panic,
    Hang,
    /// Exit 2 whose message carries no position, flag or file.
    Unlocated,
    /// A file that is not UTF-8, rejected without the bad byte's position.
    NoUtf8Position,
    /// Exit 1 (a runtime failure) for bad input.
    Exit1,
    /// The process ended (an allocation refused or failed, a stack overflow, ...).
    Abort,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Panic => "panic",
            Kind::Hang => "hang",
            Kind::Unlocated => "exit 2 without position or flag",
            Kind::NoUtf8Position => "not UTF-8 without the byte's position",
            Kind::Exit1 => "exit 1 on input",
            Kind::Abort => "abort",
        }
    }
}

/// One failure of one case.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Kind,
    pub stage: &'static str,
    /// The panic's location and message, or the error's text.
    pub detail: String,
}

impl Finding {
    /// What groups findings: kind, stage, and the detail's first line with digits elided.
    pub fn signature(&self) -> String {
        let first = self.detail.lines().next().unwrap_or("");
        let mut sig = String::new();
        let mut last_digit = false;
        for c in first.chars().take(120) {
            if c.is_ascii_digit() {
                if !last_digit {
                    sig.push('#');
                }
                last_digit = true;
            } else {
                sig.push(c);
                last_digit = false;
            }
        }
        format!("{} | {} | {sig}", self.kind.name(), self.stage)
    }
}

/// How a case ended, beside its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The mutant was rejected as bad input.
    Rejected,
    /// Every stage ran.
    Ran,
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub end: End,
    pub findings: Vec<Finding>,
}

/// Whether an error message says where: `file:line:col`, a flag, or a file with `help:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Located {
    Position,
    Flag,
    WholeFile,
    Nowhere,
}

/// Where a message points (see [`Located`]).
pub fn located(msg: &str) -> Located {
    let has_pos = msg.match_indices(':').any(|(i, _)| {
        let rest = &msg[i + 1..];
        let d1 = rest.bytes().take_while(u8::is_ascii_digit).count();
        if d1 == 0 || rest.as_bytes().get(d1) != Some(&b':') {
            return false;
        }
        let d2 = rest[d1 + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        d2 > 0
            && rest[d1 + 1 + d2..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    });
    if has_pos {
        return Located::Position;
    }
    let has_flag = msg.match_indices("--").any(|(i, _)| {
        msg[i + 2..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
            && (i == 0 || msg[..i].ends_with([' ', '`', '(', '\'', '"']))
    });
    if has_flag {
        return Located::Flag;
    }
    if msg.contains("--> ") && msg.contains("help:") {
        return Located::WholeFile;
    }
    Located::Nowhere
}

/// Run `f` as stage `name` of the case: a panic or a badly located error is a finding.
fn guarded<T>(
    name: &'static str,
    input_utf8: bool,
    findings: &mut Vec<Finding>,
    rejected: &mut bool,
    f: impl FnOnce() -> Result<T, Error>,
) -> Option<T> {
    stage(name);
    if let Ok(mut p) = PANIC.lock() {
        *p = None;
    }
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Some(v),
        Ok(Err(Error::Input(msg))) => {
            *rejected = true;
            let kind = match located(&msg) {
                Located::Position | Located::Flag => None,
                Located::WholeFile if input_utf8 || !msg.contains("UTF-8") => None,
                Located::WholeFile => Some(Kind::NoUtf8Position),
                Located::Nowhere => Some(Kind::Unlocated),
            };
            if let Some(kind) = kind {
                findings.push(Finding {
                    kind,
                    stage: name,
                    detail: msg,
                });
            }
            None
        }
        // --check's exit 3 is not among the calls the fuzzer makes
        Ok(Err(Error::Failure(msg) | Error::TargetsMissed(msg))) => {
            *rejected = true;
            findings.push(Finding {
                kind: Kind::Exit1,
                stage: name,
                detail: msg,
            });
            None
        }
        Err(_) => {
            let detail = PANIC
                .lock()
                .ok()
                .and_then(|mut p| p.take())
                .unwrap_or_else(|| "(panic without a message)".into());
            findings.push(Finding {
                kind: Kind::Panic,
                stage: name,
                detail,
            });
            None
        }
    }
}

/// Run case `case`, with its mutant written to `dir`.
pub fn run_case(seeds: &Seeds, case: &Case, dir: &Path) -> CaseResult {
    let mut findings = Vec::new();
    let mut rejected = false;
    let utf8 = std::str::from_utf8(&case.bytes).is_ok();
    let path = dir.join(format!("case.{}", case.family.ext()));
    stage("write the mutant");
    if let Err(e) = std::fs::write(&path, &case.bytes) {
        panic!("fuzz: cannot write {}: {e}", path.display());
    }
    let f = &mut findings;
    let r = &mut rejected;
    match case.family {
        Family::Scenario => {
            let Some(s) = guarded("scenario::load", utf8, f, r, || {
                Ok(ccsim::scenario::load(&path)?)
            }) else {
                return CaseResult {
                    end: End::Rejected,
                    findings,
                };
            };
            let plan = if case.staff {
                guarded("plan::staff", utf8, f, r, || ccsim::plan::staff(&s))
            } else {
                None
            };
            if let Some(plan) = plan {
                guarded("report::staff", utf8, f, r, || {
                    Ok(match case.staff_report {
                        0 => report::staff::text(&s, &plan, false, false).len(),
                        1 => report::staff::text(&s, &plan, true, false).len(),
                        2 => report::json_bytes(&report::staff::json(&s, &plan)).len(),
                        _ => report::staff::cells_csv(&s, &plan)?.len(),
                    })
                });
            }
            simulate(&s, None, ONE_DAY, f, r, utf8);
        }
        Family::Csv => {
            let Some(t) = guarded("trace::load_csv", utf8, f, r, || {
                Ok(trace::load_csv(&path)?)
            }) else {
                return CaseResult {
                    end: End::Rejected,
                    findings,
                };
            };
            replay(&t, DEFAULT_REPLAY, f, r, utf8);
            if let Some(name) = &case.against {
                if let Some(s) = seeds.loaded.get(name) {
                    let scenario_path = seeds.root.join("scenarios").join(name);
                    simulate(s, Some((&t, &path, &scenario_path)), ONE_DAY, f, r, utf8);
                }
            }
        }
        Family::Bank => {
            let Some(t) = guarded("trace::load_anonymous_bank", utf8, f, r, || {
                Ok(trace::load_anonymous_bank(
                    std::slice::from_ref(&path),
                    &trace::BankFilter::default(),
                )?)
            }) else {
                return CaseResult {
                    end: End::Rejected,
                    findings,
                };
            };
            replay(&t, DEFAULT_REPLAY, f, r, utf8);
        }
        Family::Flags => {
            let text = String::from_utf8_lossy(&case.bytes).into_owned();
            let args = std::iter::once("ccsim").chain(text.split('\n'));
            let Some(cli) = guarded("cli (flags)", utf8, f, r, || {
                ccsim::cli::Cli::try_parse_from(args)
                    .map_err(|e| Error::Input(e.render().to_string()))
            }) else {
                return CaseResult {
                    end: End::Rejected,
                    findings,
                };
            };
            use ccsim::cli::{Command, load_trace};
            match cli.command {
                Command::Erlang(args) => {
                    guarded("erlang (request, answer, reports)", utf8, f, r, || {
                        // the first 50 rows of a range: the rest are the same code
                        let answers = args
                            .requests()?
                            .iter()
                            .take(50)
                            .map(|req| {
                                ccsim::erlang::calculator::answer(req).map_err(|e| {
                                    Error::Input(ccsim::erlang::calculator::explain(&e))
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        let mut n = report::erlang::rows_text(&answers).len()
                            + report::json_bytes(&report::erlang::rows_json(&answers)).len()
                            + report::erlang::rows_csv(&answers)?.len();
                        for ans in &answers {
                            n += report::erlang::text(ans).len()
                                + report::json_bytes(&report::erlang::json(ans)).len()
                                + report::erlang::csv(ans)?.len();
                        }
                        Ok(n)
                    });
                }
                Command::Simulate(a) => {
                    let Some(s) = guarded("scenario::load", utf8, f, r, || {
                        let s = ccsim::scenario::load(&a.scenario)?;
                        Ok(match &a.roster {
                            Some(path) => ccsim::scenario::load_roster(&s, path)?,
                            None => s,
                        })
                    }) else {
                        return CaseResult {
                            end: End::Rejected,
                            findings,
                        };
                    };
                    let t = match &a.trace {
                        Some(path) => match guarded("cli::load_trace", utf8, f, r, || {
                            load_trace(std::slice::from_ref(path), a.trace_format, None, None)
                        }) {
                            Some(t) => Some((t, path)),
                            None => {
                                return CaseResult {
                                    end: End::Rejected,
                                    findings,
                                };
                            }
                        },
                        None => None,
                    };
                    // without --days one day, not 31; ccsim refuses the two conflicts below
                    // with a message naming the flags
                    let days = a.days.unwrap_or(1.0).min(MAX_FUZZ_DAYS);
                    if (t.is_some() && a.volume_cv > 0.0) || a.warmup >= days * 86400.0 {
                        rejected = true;
                    } else {
                        let run = SimFlags {
                            days,
                            warmup_s: a.warmup,
                            volume_cv: a.volume_cv,
                        };
                        let t = t
                            .as_ref()
                            .map(|(t, p)| (t, p.as_path(), a.scenario.as_path()));
                        simulate(&s, t, run, f, r, utf8);
                    }
                }
                Command::Plan(a) => {
                    // a short plan: one day, two replications, two rounds
                    guarded("plan", utf8, f, r, || {
                        let s = ccsim::scenario::load(&a.scenario)?;
                        let opt = ccsim::plan::planner::PlanOptions {
                            seed: a.seed,
                            replications: 2,
                            threads: 1,
                            days: Some(a.days.unwrap_or(1.0).min(MAX_FUZZ_DAYS)),
                            max_rounds: 2,
                            trim_rounds: 1,
                            ..Default::default()
                        };
                        let p = ccsim::plan::planner::plan(&s, &a.scenario, &opt, &|_| {})?;
                        Ok(report::plan::text(&p, false).len()
                            + report::json_bytes(&report::plan::json(&p)).len()
                            + report::plan::shifts_csv(&p)?.len()
                            + report::plan::roster_file(&p, &a.scenario).len())
                    });
                }
                Command::Compare(a) => {
                    // one day, two replications of each variant
                    guarded("compare", utf8, f, r, || {
                        let variants =
                            ccsim::compare::load_variants(&a.scenarios, &a.roster, &a.set)?;
                        let opt = ccsim::compare::CompareOptions {
                            seed: a.seed,
                            replications: 2,
                            threads: 1,
                            days: Some(a.days.unwrap_or(1.0).min(MAX_FUZZ_DAYS)),
                        };
                        let c = ccsim::compare::compare(&variants, &opt, &|_| {})?;
                        Ok(report::compare::text(&c).len()
                            + report::json_bytes(&report::compare::json(&c)).len()
                            + report::compare::csv(&c)?.len())
                    });
                }
                Command::Sweep(a) => {
                    // at most 4 points of one day and two replications
                    guarded("sweep", utf8, f, r, || {
                        let text = ccsim::scenario::read_scenario_text(&a.scenario)?;
                        let opt = ccsim::sweep::SweepOptions {
                            seed: a.seed,
                            replications: 2,
                            threads: 1,
                            days: Some(a.days.unwrap_or(1.0).min(MAX_FUZZ_DAYS)),
                            shard: a.shard,
                        };
                        let sets: Vec<(String, String)> = a.set.iter().take(2).cloned().collect();
                        let probe = ccsim::sweep::SweepOptions {
                            shard: Some(ccsim::sweep::Shard {
                                index: 1,
                                of: 1_000_000,
                            }),
                            ..opt
                        };
                        // the grid's size first (one point), then at most 4 points
                        let one = ccsim::sweep::sweep(&a.scenario, &text, &sets, &probe, &|_| {})?;
                        let s = if one.points_total <= 4 {
                            ccsim::sweep::sweep(&a.scenario, &text, &sets, &opt, &|_| {})?
                        } else {
                            one
                        };
                        Ok(report::sweep::text(&s).len()
                            + report::sweep::json(&s)?.len()
                            + report::sweep::csv(&s)?.len())
                    });
                }
                Command::Merge(a) => {
                    guarded("merge", utf8, f, r, || {
                        let s = ccsim::sweep::load_shards(&a.files)?;
                        Ok(report::sweep::text(&s).len() + report::sweep::csv(&s)?.len())
                    });
                }
                Command::Replay(a) => {
                    let Some(t) = guarded("cli::load_trace", utf8, f, r, || {
                        load_trace(&a.files, a.format, a.from.as_deref(), a.to.as_deref())
                    }) else {
                        return CaseResult {
                            end: End::Rejected,
                            findings,
                        };
                    };
                    replay(&t, (a.target, a.duty_bin, a.wrap_up), f, r, utf8);
                }
                Command::Fit(a) => {
                    let Some(t) = guarded("cli::load_trace", utf8, f, r, || {
                        load_trace(&a.files, a.trace_format, a.from.as_deref(), a.to.as_deref())
                    }) else {
                        return CaseResult {
                            end: End::Rejected,
                            findings,
                        };
                    };
                    guarded("fit (estimates, reports)", utf8, f, r, || {
                        let fit = ccsim::fit::fit(&t, &ccsim::fit::FitOptions::default())
                            .map_err(Error::Input)?;
                        Ok(report::fit::text(&fit, "log").len()
                            + report::json_bytes(&report::fit::json(&fit, "log")).len())
                    });
                }
                Command::Staff(_)
                | Command::Teach(_)
                | Command::Example(_)
                | Command::Init
                | Command::Completions(_) => {}
            }
        }
    }
    stage("-");
    CaseResult {
        end: if rejected { End::Rejected } else { End::Ran },
        findings,
    }
}

/// The flags of `ccsim simulate` the fuzzer passes on (replications are always one).
#[derive(Debug, Clone, Copy)]
struct SimFlags {
    days: f64,
    warmup_s: f64,
    volume_cv: f64,
}

/// The default: one day.
const ONE_DAY: SimFlags = SimFlags {
    days: HORIZON_S / 86400.0,
    warmup_s: 0.0,
    volume_cv: 0.0,
};

/// Longest `--days` a case simulates: a long run is slow, not a hang.
const MAX_FUZZ_DAYS: f64 = 7.0;

/// `ccsim simulate` (optionally `--trace`) for one replication, every report: the
/// library call the command makes, then every export.
fn simulate(
    s: &Scenario,
    with_trace: Option<(&trace::Trace, &Path, &Path)>,
    run: SimFlags,
    f: &mut Vec<Finding>,
    r: &mut bool,
    utf8: bool,
) {
    let scenario_path = with_trace.map_or(Path::new("scenario.toml"), |(_, _, p)| p);
    let req = ccsim::simulate::Request {
        scenario: s,
        scenario_path,
        seed: 1,
        replications: 1,
        threads: 1,
        days: Some(run.days),
        warmup_s: run.warmup_s,
        volume_cv: run.volume_cv,
        trace: with_trace.map(|(t, path, _)| (path, t)),
        roster: None,
    };
    let Some(outcome) = guarded("simulate::run", utf8, f, r, || {
        ccsim::simulate::run(&req, &|_| {})
    }) else {
        return;
    };
    guarded("report::simulate", utf8, f, r, || {
        use ccsim::report::simulate as export;
        let n = report::json_bytes(&export::summary_json(s, &outcome)).len()
            + export::kpi_table(s, &outcome, false).len()
            + export::kpi_csv(s, &outcome)?.len()
            + export::intervals_csv(s, &outcome.spec, &outcome.agg)?.len()
            + export::groups_csv(s, &outcome.spec, &outcome.agg)?.len();
        Ok(n)
    });
}

/// `ccsim replay`'s defaults: `--target 20s --duty-bin 1h --wrap-up 0`.
const DEFAULT_REPLAY: (f64, f64, f64) = (20.0, 3600.0, 0.0);

/// `ccsim replay` with (`--target`, `--duty-bin`, `--wrap-up`) in seconds and one
/// replication: the library call (both staffing bounds), then every export.
fn replay(
    t: &trace::Trace,
    (target_s, duty_bin_s, wrap_up_s): (f64, f64, f64),
    f: &mut Vec<Finding>,
    r: &mut bool,
    utf8: bool,
) {
    let options = ccsim::replay::ReplayOptions {
        target_s,
        duty_bin_s,
        // a long one read off the trace instead, as a multiple of its idle time
        wrap_up: if wrap_up_s >= 120.0 {
            ccsim::replay::WrapUp::IdleScaled(wrap_up_s / 120.0)
        } else {
            ccsim::replay::WrapUp::Mean(wrap_up_s)
        },
        // the trace's own spread, or none
        wrap_up_cv: if duty_bin_s < 1800.0 { None } else { Some(0.0) },
        seed: 1,
        replications: 1,
        threads: 1,
        by_class: wrap_up_s < 60.0,
        // both disciplines and both patience models
        head_start_s: if duty_bin_s < 1800.0 {
            90.0
        } else {
            f64::INFINITY
        },
        patience: if target_s < 20.0 {
            ccsim::replay::PatienceModel::Exponential
        } else {
            ccsim::replay::PatienceModel::KaplanMeier
        },
    };
    let Some(result) = guarded("replay::run", utf8, f, r, || {
        ccsim::replay::run(t, &options)
    }) else {
        return;
    };
    guarded("report::replay", utf8, f, r, || {
        Ok(report::replay::table(t, &result, None).len()
            + report::json_bytes(&report::replay::json(t, &result, None)).len()
            + report::replay::csv(&result)?.len())
    });
}

// ---------------------------------------------------------------------------------
// A run: cases in a child process, watched for hangs and aborts

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    pub seed: u64,
    pub start: u64,
    pub cases: u64,
    pub time_limit: Duration,
    /// Print each failing case as it is found, and the failures' whole messages.
    pub verbose: bool,
    /// Only this family (all when `None`).
    pub only: Option<Family>,
    /// Child processes at once.
    pub jobs: usize,
    /// Hangs and aborts (each costs a new child) after which a runner gives up.
    pub max_crashes: usize,
}

/// Failures of one signature.
#[derive(Debug, Clone)]
pub struct Group {
    pub first: Finding,
    pub cases: Vec<u64>,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub seed: u64,
    pub ran: u64,
    pub elapsed: Duration,
    pub slowest: (Duration, u64),
    /// Time spent in cases (the rest starts processes and makes the mutants).
    pub busy: Duration,
    /// Per family: (ran through, rejected).
    pub counts: BTreeMap<&'static str, (u64, u64)>,
    pub groups: BTreeMap<String, Group>,
    /// Cases that hung or ended the process (each restarted the child).
    pub crashed: Vec<u64>,
    /// Cases with any finding.
    pub failing: Vec<u64>,
    /// Why the run stopped early, if it did.
    pub stopped: Option<String>,
}

impl Report {
    pub fn failed(&self) -> bool {
        !self.groups.is_empty() || self.stopped.is_some()
    }

    fn add(&mut self, index: u64, f: Finding) {
        if self.failing.last() != Some(&index) {
            self.failing.push(index);
        }
        self.groups
            .entry(f.signature())
            .or_insert_with(|| Group {
                first: f,
                cases: Vec::new(),
            })
            .cases
            .push(index);
    }

    /// A summary: counts, then each distinct failure with its first cases and how to
    /// reproduce one; `all` lists every failing case and whole messages.
    pub fn render(&self, all: bool) -> String {
        let mut o = String::new();
        let rate = self.ran as f64 / self.elapsed.as_secs_f64().max(1e-9);
        let _ = writeln!(
            o,
            "fuzz: {} cases of seed {} in {:.1} s ({rate:.0} cases/s, {:.1} s in the cases); slowest case {} ({:.2} s)",
            self.ran,
            self.seed,
            self.elapsed.as_secs_f64(),
            self.busy.as_secs_f64(),
            self.slowest.1,
            self.slowest.0.as_secs_f64(),
        );
        for (family, (ran, rejected)) in &self.counts {
            let _ = writeln!(o, "  {family}: {ran} ran through, {rejected} rejected");
        }
        if let Some(why) = &self.stopped {
            let _ = writeln!(o, "  stopped early: {why}");
        }
        if self.groups.is_empty() {
            let _ = writeln!(o, "  no failures");
            return o;
        }
        let _ = writeln!(
            o,
            "  {} distinct failure(s) in {} case(s) (FUZZ_LIST=1 or --list: every case, whole messages):",
            self.groups.len(),
            self.failing.len()
        );
        for g in self.groups.values() {
            let shown: Vec<String> = g.cases.iter().take(5).map(u64::to_string).collect();
            let _ = writeln!(
                o,
                "\n  [{}] in {}: {} case(s): {}{}",
                g.first.kind.name(),
                g.first.stage,
                g.cases.len(),
                shown.join(", "),
                if g.cases.len() > 5 { ", …" } else { "" },
            );
            for line in g.first.detail.lines().take(if all { 60 } else { 8 }) {
                let _ = writeln!(o, "      {line}");
            }
            let _ = writeln!(
                o,
                "      reproduce: cargo run --profile test --example fuzz -- --seed {} --case {} --write output/fuzz",
                self.seed, g.cases[0]
            );
        }
        if all {
            let _ = writeln!(o, "\n  every failing case: {:?}", self.failing);
        }
        o
    }
}

/// A scratch folder for the mutants, removed on drop (a child's first one,
/// `ccsim-fuzz-<pid>-0`, by its parent when the child was killed or aborted).
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new() -> Scratch {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ccsim-fuzz-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create a scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const KINDS: [Kind; 6] = [
    Kind::Panic,
    Kind::Hang,
    Kind::Unlocated,
    Kind::NoUtf8Position,
    Kind::Exit1,
    Kind::Abort,
];
const FAMILIES: [Family; 4] = [Family::Scenario, Family::Csv, Family::Bank, Family::Flags];
/// Prefix of the lines a child writes for its parent.
const TAG: &str = "@fuzz";

/// CPU time (user and system) process `pid` has used, where the system tells it
/// (Linux's /proc, in clock ticks of 1/100 s); `None` elsewhere.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // fields after the command name (which may hold spaces), from field 3 on
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The child's side: run cases `cfg.start..` in this process and write, per case, a
/// `start` line before it and a `done` line (with its findings) after it on stdout.
pub fn run_child(seeds: &Seeds, cfg: &Config) {
    install_hook();
    let scratch = Scratch::new();
    let t0 = Instant::now();
    let started_ms = AtomicU64::new(u64::MAX);
    let finished = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        // tell the parent which stage a case is stuck in before it is killed
        s.spawn(|| {
            let mut told = u64::MAX;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
                let since = started_ms.load(Ordering::Relaxed);
                let now = t0.elapsed().as_millis() as u64;
                let i = CASE.load(Ordering::Relaxed);
                if since != u64::MAX
                    && told != i
                    && now.saturating_sub(since) * 5 > cfg.time_limit.as_millis() as u64 * 4
                {
                    told = i;
                    let stage = STAGE.load(Ordering::Relaxed);
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(out, "{TAG} slow {i} {stage}");
                    let _ = out.flush();
                }
            }
        });
        std::thread::Builder::new()
            .name("ccsim-fuzz".into())
            .stack_size(8 << 20)
            .spawn_scoped(s, || {
                FUZZING.with(|f| f.set(true));
                let mut out = std::io::stdout().lock();
                for i in cfg.start..cfg.start.saturating_add(cfg.cases) {
                    let case = Case::make(seeds, cfg.seed, i);
                    if cfg.only.is_some_and(|o| o != case.family) {
                        continue;
                    }
                    CASE.store(i, Ordering::Relaxed);
                    let _ = writeln!(out, "{TAG} start {i}");
                    let _ = out.flush();
                    let t = Instant::now();
                    // the watchdog takes the stdout lock to report: release it
                    drop(out);
                    started_ms.store(t0.elapsed().as_millis() as u64, Ordering::Relaxed);
                    let r = run_case(seeds, &case, &scratch.0);
                    started_ms.store(u64::MAX, Ordering::Relaxed);
                    out = std::io::stdout().lock();
                    let mut line = format!(
                        "{TAG} done {i} {} {} {}",
                        FAMILIES.iter().position(|f| *f == case.family).unwrap_or(0),
                        u8::from(r.end == End::Ran),
                        t.elapsed().as_micros(),
                    );
                    for f in &r.findings {
                        let _ = write!(
                            line,
                            "\t{}\t{}\t{}",
                            KINDS.iter().position(|k| *k == f.kind).unwrap_or(0),
                            STAGES.iter().position(|x| *x == f.stage).unwrap_or(0),
                            serde_json::Value::String(f.detail.clone()),
                        );
                    }
                    let _ = writeln!(out, "{line}");
                }
                let _ = out.flush();
            })
            .expect("spawn the fuzz thread")
            .join()
            .expect("the fuzz thread");
        finished.store(true, Ordering::Relaxed);
    });
}

/// The parent's side: run the cases of `cfg` in child processes made by `child(start,
/// cases)` (which must call [`run_child`] with that range); a case that runs longer than
/// the time limit is killed, one that ends its process (an abort) is reported with the
/// end of its stderr, and the run goes on in a new child from the next case.
///
/// `cfg.jobs` children run at once, each on its own contiguous share of the cases.
pub fn run(cfg: &Config, child: &(dyn Fn(u64, u64) -> std::process::Command + Sync)) -> Report {
    let t0 = Instant::now();
    let jobs = cfg.jobs.clamp(1, 64) as u64;
    let end = cfg.start.saturating_add(cfg.cases);
    let share = cfg.cases.div_ceil(jobs).max(1);
    let parts: Vec<Report> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..jobs)
            .map(|j| cfg.start.saturating_add(j * share))
            .filter(|&a| a < end)
            .map(|a| s.spawn(move || run_range(cfg, a, a.saturating_add(share).min(end), child)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a fuzz runner thread"))
            .collect()
    });
    let mut rep = Report {
        seed: cfg.seed,
        ..Report::default()
    };
    for p in parts {
        rep.ran += p.ran;
        rep.busy += p.busy;
        if p.slowest.0 > rep.slowest.0 {
            rep.slowest = p.slowest;
        }
        for (k, (a, b)) in p.counts {
            let c = rep.counts.entry(k).or_default();
            c.0 += a;
            c.1 += b;
        }
        for (k, g) in p.groups {
            match rep.groups.get_mut(&k) {
                Some(have) => have.cases.extend(g.cases),
                None => {
                    rep.groups.insert(k, g);
                }
            }
        }
        rep.crashed.extend(p.crashed);
        rep.failing.extend(p.failing);
        rep.stopped = rep.stopped.or(p.stopped);
    }
    rep.elapsed = t0.elapsed();
    rep
}

/// Cases `start..end` in a sequence of child processes (see [`run`]).
fn run_range(
    cfg: &Config,
    start: u64,
    end: u64,
    child: &dyn Fn(u64, u64) -> std::process::Command,
) -> Report {
    use std::io::{BufRead, Read};
    use std::process::Stdio;
    let t0 = Instant::now();
    let mut rep = Report {
        seed: cfg.seed,
        ..Report::default()
    };
    let mut next = start;
    while next < end {
        let mut cmd = child(next, end - next);
        let mut proc = match cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
            Ok(p) => p,
            Err(e) => {
                rep.stopped = Some(format!("cannot start a child process: {e}"));
                break;
            }
        };
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let stdout = proc.stdout.take().expect("piped stdout");
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if line.starts_with(TAG) && tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stderr = proc.stderr.take().expect("piped stderr");
        let err_reader = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = stderr.read_to_end(&mut s);
            s
        });
        let pid = proc.id();
        // the case running: (index, its start, the child's CPU time then)
        let mut current: Option<(u64, Instant, Option<Duration>)> = None;
        let mut slow_stage = "-";
        let mut crash: Option<(u64, Kind)> = None;
        loop {
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(line) => {
                    let mut parts = line.split('\t');
                    let head: Vec<&str> = parts.next().unwrap_or("").split(' ').collect();
                    match head.as_slice() {
                        [_, "start", i] => {
                            let i = i.parse().unwrap_or(next);
                            current = Some((i, Instant::now(), cpu_time(pid)));
                            slow_stage = "-";
                        }
                        [_, "slow", _, stage] => {
                            slow_stage =
                                STAGES[stage.parse::<usize>().unwrap_or(0).min(STAGES.len() - 1)];
                        }
                        [_, "done", i, family, ran, micros] => {
                            let i: u64 = i.parse().unwrap_or(next);
                            current = None;
                            next = i + 1;
                            rep.ran += 1;
                            let took = Duration::from_micros(micros.parse().unwrap_or(0));
                            rep.busy += took;
                            if took > rep.slowest.0 {
                                rep.slowest = (took, i);
                            }
                            if cfg.verbose && took > Duration::from_millis(20) {
                                eprintln!("fuzz: case {i} took {:.2} s", took.as_secs_f64());
                            }
                            let family = FAMILIES
                                [family.parse::<usize>().unwrap_or(0).min(FAMILIES.len() - 1)];
                            let c = rep.counts.entry(family.name()).or_default();
                            if *ran == "1" {
                                c.0 += 1;
                            } else {
                                c.1 += 1;
                            }
                            let fields: Vec<&str> = parts.collect();
                            for f in fields.chunks(3) {
                                let [k, st, detail] = f else { continue };
                                let finding = Finding {
                                    kind: KINDS
                                        [k.parse::<usize>().unwrap_or(0).min(KINDS.len() - 1)],
                                    stage: STAGES
                                        [st.parse::<usize>().unwrap_or(0).min(STAGES.len() - 1)],
                                    detail: serde_json::from_str::<String>(detail)
                                        .unwrap_or_else(|_| detail.to_string()),
                                };
                                if cfg.verbose {
                                    eprintln!("fuzz: case {i}: {}", finding.signature());
                                }
                                rep.add(i, finding);
                            }
                        }
                        _ => {}
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if let Some((i, since, cpu_then)) = current {
                        // a case hangs when it has used the limit in CPU time (a loaded
                        // machine slows the clock on the wall, not the work), or has
                        // waited ten times the limit on the wall (a case that blocks)
                        let used = match (cpu_then, cpu_time(pid)) {
                            (Some(a), Some(b)) => b.saturating_sub(a),
                            _ => since.elapsed(),
                        };
                        if used > cfg.time_limit || since.elapsed() > cfg.time_limit * 10 {
                            // a process this run started, by its handle
                            let _ = proc.kill();
                            crash = Some((i, Kind::Hang));
                            break;
                        }
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    if let Some((i, _, _)) = current {
                        crash = Some((i, Kind::Abort));
                    }
                    break;
                }
            }
        }
        let status = proc.wait();
        // a child that was killed or aborted left its scratch folder behind
        let _ = std::fs::remove_dir_all(
            std::env::temp_dir().join(format!("ccsim-fuzz-{}-0", proc.id())),
        );
        let _ = reader.join();
        let stderr = err_reader.join().unwrap_or_default();
        match crash {
            Some((i, kind)) => {
                let tail = String::from_utf8_lossy(&stderr);
                let tail: Vec<&str> = tail.lines().filter(|l| !l.trim().is_empty()).collect();
                let stage = tail
                    .iter()
                    .find_map(|l| {
                        STAGES
                            .iter()
                            .skip(1)
                            .find(|s| l.contains(&format!(" in {s};")))
                    })
                    .copied()
                    .unwrap_or(slow_stage);
                // the innermost ccsim function of the abort's backtrace
                let caller = tail
                    .iter()
                    .filter_map(|l| l.trim().split_once(": ").map(|(_, f)| f))
                    .find(|f| f.starts_with("ccsim::"))
                    .map_or(String::new(), |f| format!(" in {f}"));
                let detail = match kind {
                    Kind::Hang => format!(
                        "case {i} ran longer than {} s (CPU time; or {} s on the wall)",
                        cfg.time_limit.as_secs_f64(),
                        cfg.time_limit.as_secs_f64() * 10.0
                    ),
                    _ => format!(
                        "case {i} ended the process{caller} ({}):\n{}",
                        status.map_or("no status".into(), |s| s.to_string()),
                        tail.iter().take(4).copied().collect::<Vec<_>>().join("\n")
                    ),
                };
                if cfg.verbose {
                    eprintln!("fuzz: case {i}: {}: {detail}", kind.name());
                }
                rep.add(
                    i,
                    Finding {
                        kind,
                        stage,
                        detail,
                    },
                );
                rep.crashed.push(i);
                rep.ran += 1;
                next = i + 1;
                if rep.crashed.len() >= cfg.max_crashes {
                    rep.stopped = Some(format!("{} cases hung or aborted", cfg.max_crashes));
                    break;
                }
            }
            None if next < end && cfg.only.is_none() => {
                rep.stopped = Some(format!(
                    "the child process ended before case {next} ({}): {}",
                    status.map_or("no status".into(), |s| s.to_string()),
                    String::from_utf8_lossy(&stderr).trim()
                ));
                break;
            }
            None => break,
        }
    }
    rep.elapsed = t0.elapsed();
    rep
}

/// Run case `index` alone, in this process, and write its mutant and what it showed
/// into `out`: `case-N.<ext>` and `case-N.report` (written before the case runs, so an
/// abort leaves it too). Returns the text.
pub fn reproduce(seeds: &Seeds, seed: u64, index: u64, out: &Path) -> std::io::Result<String> {
    install_hook();
    let case = Case::make(seeds, seed, index);
    std::fs::create_dir_all(out)?;
    let file = out.join(format!("case-{index}.{}", case.family.ext()));
    std::fs::write(&file, &case.bytes)?;
    let f = file.display();
    let commands = match case.family {
        Family::Scenario => format!(
            "ccsim staff {f}\nccsim simulate {f} --days 1 --replications 1 --threads 1 --quiet"
        ),
        Family::Csv => format!(
            "ccsim replay --format csv {f} --replications 1 --threads 1\nccsim simulate scenarios/{} --trace {f} --days 1 --replications 1 --threads 1 --quiet",
            case.against.as_deref().unwrap_or("mmc.toml")
        ),
        Family::Bank => format!("ccsim replay {f} --replications 1 --threads 1"),
        Family::Flags => {
            let text = String::from_utf8_lossy(&case.bytes).into_owned();
            let quoted: Vec<String> = text
                .split('\n')
                .map(|a| {
                    if !a.is_empty()
                        && a.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_./%:".contains(c))
                    {
                        a.to_string()
                    } else {
                        format!("'{}'", a.replace('\'', "'\\''"))
                    }
                })
                .collect();
            format!("ccsim {}", quoted.join(" "))
        }
    };
    let mut o = String::new();
    let _ = writeln!(o, "case {index} of seed {seed}: {}", case.family.name());
    let _ = writeln!(o, "from: {}", case.origin);
    for m in &case.mutations {
        let _ = writeln!(o, "  {m}");
    }
    let _ = writeln!(o, "mutant: {f}");
    if case.family == Family::Scenario && case.staff {
        let report =
            ["the table", "--detail", "--json", "--csv"][usize::from(case.staff_report.min(3))];
        let _ = writeln!(o, "(`staff` renders {report})");
    } else if case.family == Family::Scenario {
        let _ = writeln!(o, "(`staff` not run on this case)");
    }
    let _ = writeln!(
        o,
        "the commands that run it (the fuzzer calls their library path):\n{commands}"
    );
    let report = out.join(format!("case-{index}.report"));
    std::fs::write(&report, &o)?;
    let scratch = Scratch::new();
    let result = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("ccsim-fuzz".into())
            .stack_size(8 << 20)
            .spawn_scoped(s, || {
                FUZZING.with(|f| f.set(true));
                CASE.store(index, Ordering::Relaxed);
                let t = Instant::now();
                (run_case(seeds, &case, &scratch.0), t.elapsed())
            })
            .expect("spawn the fuzz thread")
            .join()
            .expect("the fuzz thread")
    });
    let _ = writeln!(
        o,
        "\ntook {:.3} s; {}",
        result.1.as_secs_f64(),
        match result.0.end {
            End::Ran => "ran through",
            End::Rejected => "rejected",
        }
    );
    if result.0.findings.is_empty() {
        let _ = writeln!(o, "no failure");
    }
    for x in &result.0.findings {
        let _ = writeln!(o, "\n[{}] in {}:\n{}", x.kind.name(), x.stage, x.detail);
    }
    std::fs::write(&report, &o)?;
    Ok(o)
}

/// The crate's directory (where `scenarios/` and `tests/data/` are).
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------
// Tests of the harness, and the CI batch

#[cfg(test)]
mod tests {
    use super::*;

    fn env_u64(name: &str, default: u64) -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    #[test]
    fn cases_are_derived_from_seed_and_index_alone() {
        let seeds = Seeds::read(&crate_dir());
        for i in [0, 1, 17, 19_999, 999_999] {
            let (a, b) = (Case::make(&seeds, 1, i), Case::make(&seeds, 1, i));
            assert_eq!((a.bytes, a.mutations), (b.bytes, b.mutations), "case {i}");
        }
        assert_ne!(
            Case::make(&seeds, 1, 5).bytes,
            Case::make(&seeds, 2, 5).bytes
        );
    }

    #[test]
    fn a_message_is_located_by_position_flag_or_file() {
        assert_eq!(
            located("error: bad\n  --> scenarios/x.toml:12:5\n   |\n12 | a = 1"),
            Located::Position
        );
        assert_eq!(
            located("error: --duty-bin `0s` must be longer than zero"),
            Located::Flag
        );
        assert_eq!(
            located("error: empty\n  --> t.csv\n   = help: write a header"),
            Located::WholeFile
        );
        assert_eq!(
            located("error: the targets cannot be met"),
            Located::Nowhere
        );
        assert_eq!(
            located("error: at 12:30 the queue is empty"),
            Located::Nowhere
        );
    }

    #[test]
    fn a_panic_and_an_unlocated_error_are_findings() {
        install_hook();
        std::thread::Builder::new()
            .name("ccsim-fuzz".into())
            .spawn(|| {
                let (mut f, mut r) = (Vec::new(), false);
                FUZZING.with(|x| x.set(true));
                guarded::<()>("plan::staff", true, &mut f, &mut r, || {
                    panic!("boom {}", 42)
                });
                guarded::<()>("plan::staff", true, &mut f, &mut r, || {
                    Err(Error::Input("error: the targets cannot be met".into()))
                });
                guarded::<()>("plan::staff", true, &mut f, &mut r, || {
                    Err(Error::Input("error: x\n  --> a.toml:1:2".into()))
                });
                (f, r)
            })
            .expect("spawn")
            .join()
            .map(|(f, r)| {
                assert!(r);
                let kinds: Vec<Kind> = f.iter().map(|x| x.kind).collect();
                assert_eq!(kinds, [Kind::Panic, Kind::Unlocated]);
                assert!(f[0].detail.ends_with("boom 42"), "{}", f[0].detail);
                assert!(f[0].detail.contains("fuzz.rs:"), "{}", f[0].detail);
            })
            .expect("join");
    }

    /// The fuzzer's guards are per thread: with one thread the engine runs on the
    /// caller's, with the same result as on two.
    #[test]
    fn one_thread_runs_replications_on_the_calling_thread() {
        use ccsim::engine::{self, SimOptions};
        let s = ccsim::scenario::load(&crate_dir().join("scenarios/mmc.toml")).expect("mmc");
        let opt = SimOptions {
            horizon_s: HORIZON_S,
            warmup_s: 0.0,
            volume_cv: 0.0,
        };
        let spec = engine::compile(&s, &opt).expect("compiles");
        let me = std::thread::current().id();
        let elsewhere = AtomicU64::new(0);
        let one = engine::run_replications(&spec, 3, 2, 1, &|_| {
            if std::thread::current().id() != me {
                elsewhere.fetch_add(1, Ordering::Relaxed);
            }
        });
        assert_eq!(elsewhere.load(Ordering::Relaxed), 0);
        let two = engine::run_replications(&spec, 3, 2, 2, &|_| {});
        assert_eq!(one.per_rep, two.per_rep);
    }

    /// The parent's side against scripted children: a reported panic, an abort and a
    /// hang each become a finding of their case, and the run goes on after a crash.
    #[test]
    fn the_parent_records_findings_aborts_and_hangs_of_its_children() {
        let script = |start: u64, _cases: u64| {
            let body = match start {
                // case 0 reports a panic in `plan::staff`; case 1 aborts
                0 => {
                    "echo '@fuzz start 0'; printf '@fuzz done 0 0 1 5\t0\t3\t\"boom\"\n'; echo '@fuzz start 1'; echo 'memory allocation failed' >&2; kill -ABRT $$"
                }
                // case 2 hangs in `engine::compile`
                2 => "echo '@fuzz start 2'; echo '@fuzz slow 2 5'; exec sleep 5",
                // case 3 runs through
                _ => "echo '@fuzz start 3'; echo '@fuzz done 3 0 1 7'",
            };
            let mut c = std::process::Command::new("sh");
            c.args(["-c", body]);
            c
        };
        let cfg = Config {
            seed: 9,
            start: 0,
            cases: 4,
            time_limit: Duration::from_millis(300),
            verbose: false,
            only: None,
            jobs: 1,
            max_crashes: 5,
        };
        let rep = run(&cfg, &script);
        let found: Vec<(Kind, &str, Vec<u64>)> = rep
            .groups
            .values()
            .map(|g| (g.first.kind, g.first.stage, g.cases.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (Kind::Abort, "-", vec![1]),
                (Kind::Hang, "engine::compile", vec![2]),
                (Kind::Panic, "plan::staff", vec![0]),
            ],
            "{}",
            rep.render(true)
        );
        assert_eq!(
            (rep.ran, rep.crashed.clone(), rep.stopped.clone()),
            (4, vec![1, 2], None)
        );
        let abort = rep
            .groups
            .values()
            .find(|g| g.first.kind == Kind::Abort)
            .expect("abort");
        assert!(
            abort.first.detail.contains("memory allocation failed"),
            "{}",
            abort.first.detail
        );
        assert_eq!(rep.counts.get("scenario"), Some(&(2, 0)));
    }

    /// The child process of the CI batch: runs the cases `FUZZ_CHILD` = "seed start
    /// cases" names (nothing without it).
    #[test]
    #[ignore = "run by the fuzz batch in a child process"]
    fn fuzz_child() {
        let Ok(spec) = std::env::var("FUZZ_CHILD") else {
            return;
        };
        let n: Vec<u64> = spec.split(' ').filter_map(|v| v.parse().ok()).collect();
        let [seed, start, cases] = n[..] else {
            panic!("FUZZ_CHILD is `seed start cases`, not `{spec}`");
        };
        let cfg = Config {
            seed,
            start,
            cases,
            time_limit: TIME_LIMIT,
            verbose: false,
            only: None,
            jobs: 1,
            max_crashes: 0,
        };
        run_child(&Seeds::read(&crate_dir()), &cfg);
    }

    /// The CI batch: `CI_CASES` mutants of the shipped files, none may panic, abort,
    /// hang past 5 s or be rejected without saying where. `FUZZ_CASES`, `FUZZ_SEED`,
    /// `FUZZ_LIST=1` (every failing case, whole messages).
    #[test]
    fn mutated_shipped_inputs_never_panic_hang_or_lose_the_position() {
        let _heavy = crate::util::heavy();
        let cfg = Config {
            seed: env_u64("FUZZ_SEED", 1),
            start: 0,
            cases: env_u64("FUZZ_CASES", CI_CASES),
            time_limit: TIME_LIMIT,
            verbose: false,
            only: None,
            jobs: env_u64("FUZZ_JOBS", 2) as usize,
            max_crashes: 20,
        };
        let exe = std::env::current_exe().expect("the test binary");
        let rep = run(&cfg, &|start, cases| {
            let mut c = std::process::Command::new(&exe);
            c.args([
                "fuzz::tests::fuzz_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("FUZZ_CHILD", format!("{} {start} {cases}", cfg.seed));
            c
        });
        let list = std::env::var("FUZZ_LIST").is_ok_and(|v| v == "1");
        assert!(!rep.failed(), "{}", rep.render(list));
        assert_eq!(rep.ran, cfg.cases, "{}", rep.render(false));
        // the batch reaches every family and runs mutants through, not only rejects them
        for family in FAMILIES {
            let (ran, rejected) = rep.counts.get(family.name()).copied().unwrap_or((0, 0));
            assert!(ran > 0 && rejected > 0, "{}", rep.render(false));
        }
    }
}
