//! Engine speed against the bare event loop of `../shared/bench/floor`, timed in the
//! same run: `cargo bench --bench engine`.
//!
//! * W1: the plain Erlang-A month (160,000 calls, AHT 180 s, patience 120 s, 14
//!   agents) as the ccsim scenario `scenarios/w1.toml`; target: within 1.5× the floor.
//! * olymp: one 31-day replication of `scenarios/olymp.toml`; target: within 2.5× the
//!   floor's W1 time.
//! * memory: peak resident memory of W1 simulated for 31 and for 365 days, each in a
//!   child process (the same binary, `CCSIM_BENCH_CHILD=<days>`): a year must fit in the
//!   memory of a month.
//!
//! Each of 21 rounds (seeds 1..=21) runs the floor (its own in-process time), then
//! ccsim on W1 and on olymp (in-process, one replication each). The ratios to quote are
//! the median over rounds of each round's ratio: the speed of a shared virtual machine
//! drifts by up to 2× within minutes, and a ratio taken within one round cancels most
//! of that. The fastest-over-fastest ratio is printed beside it.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use ccsim::engine::{self, Silent, SimOptions};

const RUNS: u64 = 21;

fn fastest(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[0]
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

fn spec_of(path: &str, days: f64) -> engine::Spec {
    let s = ccsim::scenario::load(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let opt = SimOptions {
        horizon_s: days * 86400.0,
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    engine::compile(&s, &opt).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// In-process seconds of one replication, and its events.
fn time_ccsim(spec: &engine::Spec, seed: u64) -> (f64, u64) {
    let t0 = Instant::now();
    let r = engine::run_replication(spec, seed, 0, &mut Silent);
    let s = t0.elapsed().as_secs_f64();
    let events = r.counts.arrivals + r.counts.starts + r.counts.completions + r.counts.abandons;
    (s, events)
}

/// Build the floor, if it is there.
fn build_floor() -> bool {
    let manifest = Path::new("../shared/bench/floor/Cargo.toml");
    manifest.exists()
        && Command::new("cargo")
            .args(["build", "--release", "--quiet", "--manifest-path"])
            .arg(manifest)
            .args(["--target-dir", "target/floor"])
            .status()
            .is_ok_and(|s| s.success())
}

/// The floor's own in-process seconds for W1 with `seed`.
fn time_floor(seed: u64) -> Option<f64> {
    let out = Command::new("target/floor/release/rust-floor")
        .args(["--workload", "W1", "--seed", &seed.to_string()])
        .output()
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v["in_process_s"].as_f64()
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn child_rss(days: u32) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let out = Command::new(exe)
        .env("CCSIM_BENCH_CHILD", days.to_string())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn main() {
    if let Ok(days) = std::env::var("CCSIM_BENCH_CHILD") {
        let days: f64 = days.parse().unwrap_or(31.0);
        let spec = spec_of("scenarios/w1.toml", days);
        let _ = engine::run_replication(&spec, 1, 0, &mut Silent);
        println!("{}", peak_rss_kib().unwrap_or(0));
        return;
    }
    let w1 = spec_of("scenarios/w1.toml", 31.0);
    let olymp = spec_of("scenarios/olymp.toml", 31.0);
    let floor = build_floor();
    // rounds of floor, ccsim W1, ccsim olymp side by side: the machine's speed drifts
    // (a shared virtual machine), so each round's ratios are taken within the round
    let (mut w1_s, mut olymp_s, mut floor_s) = (Vec::new(), Vec::new(), Vec::new());
    let (mut r_w1, mut r_olymp) = (Vec::new(), Vec::new());
    let (mut w1_events, mut olymp_events) = (0, 0);
    for seed in 1..=RUNS {
        let f = if floor { time_floor(seed) } else { None };
        let (a, ea) = time_ccsim(&w1, seed);
        let (b, eb) = time_ccsim(&olymp, seed);
        (w1_events, olymp_events) = (ea, eb);
        w1_s.push(a);
        olymp_s.push(b);
        if let Some(f) = f {
            floor_s.push(f);
            r_w1.push(a / f);
            r_olymp.push(b / f);
        }
    }
    let (w1_med, olymp_med) = (median(w1_s.clone()), median(olymp_s.clone()));
    println!(
        "ccsim W1 (31 days, one replication): median {:.4} s, fastest {:.4} s, {w1_events} events, {:.1} M events/s",
        w1_med,
        fastest(w1_s.clone()),
        w1_events as f64 / w1_med / 1e6
    );
    println!(
        "ccsim olymp (31 days, one replication): median {:.4} s, fastest {:.4} s, {olymp_events} events",
        olymp_med,
        fastest(olymp_s.clone())
    );
    if floor_s.len() == RUNS as usize {
        let f_fast = fastest(floor_s.clone());
        println!(
            "floor W1: median {:.4} s, fastest {:.4} s",
            median(floor_s.clone()),
            f_fast
        );
        println!(
            "ratio W1 ccsim / floor: {:.2} median of {RUNS} rounds, {:.2} fastest / fastest (target <= 1.5)",
            median(r_w1),
            fastest(w1_s) / f_fast
        );
        println!(
            "ratio olymp ccsim / floor W1: {:.2} median of {RUNS} rounds, {:.2} fastest / fastest (target <= 2.5)",
            median(r_olymp),
            fastest(olymp_s) / f_fast
        );
        println!(
            "for comparison (shared/bench/peers): SimPy ~130x, Ciw ~270x, salabim ~2300x the floor on W1"
        );
    } else {
        println!("floor not found at ../shared/bench/floor: ratios not measured");
    }
    match (child_rss(31), child_rss(365)) {
        (Some(m), Some(y)) => println!(
            "peak RSS, W1 31 days: {m} KiB; 365 days: {y} KiB (ratio {:.2})",
            y as f64 / m as f64
        ),
        _ => println!("peak RSS not measured (no /proc)"),
    }
}
