//! One replication of a scenario, for profiling: `cargo run --release --example olymp1 -- scenarios/olymp.toml`.
use ccsim::engine::{self, Silent, SimOptions};
fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "scenarios/olymp.toml".into());
    let s = ccsim::scenario::load(std::path::Path::new(&path)).expect("scenario");
    let spec = engine::compile(
        &s,
        &SimOptions {
            horizon_s: 31.0 * 86400.0,
            warmup_s: 0.0,
            volume_cv: 0.0,
        },
    )
    .expect("spec");
    let t0 = std::time::Instant::now();
    let r = engine::run_replication(&spec, 1, 0, &mut Silent);
    println!("{:?} in {:.4}s", r.counts, t0.elapsed().as_secs_f64());
}
