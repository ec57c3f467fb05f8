//! The long fuzz run (the CI batch is a test of `cargo test`; see tests/it/fuzz.rs):
//!
//!     cargo run --profile test --example fuzz -- --cases 1000000
//!     cargo run --profile test --example fuzz -- --case 1234 --write output/fuzz
//!
//! `--profile test` builds it as `cargo test` builds (optimised, with overflow checks and
//! debug assertions, so an arithmetic overflow is a panic, not a silent wrap), reusing
//! the test build's artifacts.
//!
//! Flags: `--seed S` (default 1), `--start N` (first case, default 0), `--cases N`
//! (default 1,000,000), `--jobs J` (child processes at once; default: the cores),
//! `--max-crashes N` (hangs and aborts a runner takes before it stops; default 1000), `--only scenario|csv|bank|flags`, `--list` (every failing case as it
//! is found, and the whole messages), `--case N --write DIR` (run case N alone and write
//! its mutant and report into DIR). Exit status 0 when no case failed, 1 otherwise.

#[path = "../tests/it/fuzz.rs"]
mod fuzz;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut cfg = fuzz::Config {
        seed: 1,
        start: 0,
        cases: 1_000_000,
        time_limit: fuzz::TIME_LIMIT,
        verbose: false,
        only: None,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        max_crashes: 1000,
    };
    let (mut case, mut write, mut child) = (None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| -> String {
            it.next().cloned().unwrap_or_else(|| {
                eprintln!("fuzz: {a} needs {what}");
                std::process::exit(2)
            })
        };
        let number = |v: String| -> u64 {
            v.replace(['_', ','], "").parse().unwrap_or_else(|_| {
                eprintln!("fuzz: `{v}` is not a whole number");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--seed" => cfg.seed = number(value("a number")),
            "--start" => cfg.start = number(value("a case number")),
            "--cases" => cfg.cases = number(value("a count")),
            "--jobs" | "-j" => cfg.jobs = number(value("a count")) as usize,
            "--max-crashes" => cfg.max_crashes = number(value("a count")) as usize,
            "--case" => case = Some(number(value("a case number"))),
            "--write" => write = Some(std::path::PathBuf::from(value("a folder"))),
            "--list" => cfg.verbose = true,
            "--child" => child = true,
            "--only" => {
                cfg.only = Some(match value("scenario, csv, bank or flags").as_str() {
                    "scenario" => fuzz::Family::Scenario,
                    "csv" => fuzz::Family::Csv,
                    "bank" => fuzz::Family::Bank,
                    "flags" => fuzz::Family::Flags,
                    other => {
                        eprintln!("fuzz: --only `{other}`: write scenario, csv, bank or flags");
                        return ExitCode::from(2);
                    }
                })
            }
            "-h" | "--help" => {
                println!(
                    "usage: fuzz [--seed S] [--start N] [--cases N] [--jobs J] [--max-crashes N] [--only scenario|csv|bank|flags] [--list]\n       fuzz [--seed S] --case N [--write DIR]"
                );
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("fuzz: unknown argument `{other}` (see --help)");
                return ExitCode::from(2);
            }
        }
    }
    let seeds = fuzz::Seeds::read(&fuzz::crate_dir());
    if child {
        fuzz::run_child(&seeds, &cfg);
        return ExitCode::SUCCESS;
    }
    if let Some(n) = case {
        let out = write.unwrap_or_else(|| std::path::PathBuf::from("output/fuzz"));
        return match fuzz::reproduce(&seeds, cfg.seed, n, &out) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("fuzz: cannot write into {}: {e}", out.display());
                ExitCode::FAILURE
            }
        };
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("fuzz: cannot find my own executable: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rep = fuzz::run(&cfg, &|start, cases| {
        let mut c = std::process::Command::new(&exe);
        c.args(["--child", "--seed", &cfg.seed.to_string()]).args([
            "--start",
            &start.to_string(),
            "--cases",
            &cases.to_string(),
        ]);
        if let Some(only) = cfg.only {
            c.args(["--only", only.flag()]);
        }
        c
    });
    print!("{}", rep.render(cfg.verbose));
    if rep.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
