//! Staffing speed: `cargo bench --bench staffing`.
//!
//! 1. 10,000 half-hour intervals with volumes log-spaced from 10 to 5,000 calls
//!    (the peers' W3 grid, repeated ten times), AHT 180 s, 80/20: Erlang C and
//!    Erlang A (patience 120 s) required agents per interval.
//! 2. `ccsim staff scenarios/olymp.toml` without I/O: every interval × channel ×
//!    language × tier of the reference week.
//!
//! Prints the median of several runs; no timing is asserted in tests.

use std::hint::black_box;
use std::time::Instant;

use ccsim::erlang::{Load, Model, Targets, required_agents};

fn median_ms(runs: usize, mut f: impl FnMut() -> u64) -> (f64, u64) {
    let mut times = Vec::with_capacity(runs);
    let mut check = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        check = black_box(f());
        times.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (times[runs / 2], check)
}

fn grid(i: usize) -> f64 {
    let i = i % 1000;
    10.0 * 500f64.powf(i as f64 / 999.0)
}

fn main() {
    let targets = Targets {
        service_level: Some(0.8),
        within_s: Some(20.0),
        ..Targets::default()
    };
    for (name, model) in [
        ("erlang C", Model::C),
        ("erlang A", Model::A { patience_s: 120.0 }),
    ] {
        let (ms, sum) = median_ms(9, || {
            (0..10_000)
                .map(|i| {
                    let load = Load::per_interval(grid(i), 1800.0, 180.0);
                    required_agents(model, load, &targets)
                        .map(|r| r.agents as u64)
                        .unwrap_or(0)
                })
                .sum()
        });
        println!("staff 10,000 intervals, {name} 80/20: {ms:.2} ms (agents summed: {sum})");
    }
    let path = std::path::Path::new("scenarios/olymp.toml");
    match ccsim::scenario::load(path) {
        Ok(s) => {
            let (ms, cells) = median_ms(5, || {
                ccsim::plan::staff(&s)
                    .map(|p| p.cells.len() as u64)
                    .unwrap_or(0)
            });
            println!("staff scenarios/olymp.toml (no I/O): {ms:.2} ms for {cells} cells");
        }
        Err(e) => println!("olymp scenario not loaded: {e}"),
    }
}
