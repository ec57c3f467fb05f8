use ccsim::dist::Dist;
use ccsim::engine::{self, Silent, SimOptions};
use std::time::Instant;
fn main() {
    let seed: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let lam = 160_000.0 / (31.0 * 86400.0);
    let opt = SimOptions {
        horizon_s: 31.0 * 86400.0,
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    let spec = engine::spec::single_queue(
        lam,
        &Dist::exponential(180.0).unwrap(),
        Some(&Dist::exponential(120.0).unwrap()),
        14,
        20.0,
        &opt,
    );
    let t0 = Instant::now();
    let r = engine::run_replication(&spec, seed, 0, &mut Silent);
    let el = t0.elapsed().as_secs_f64();
    let q = &r.rec.queues[0];
    let res = (q.answered + q.abandoned) as f64;
    println!("{:?}", r.counts);
    println!(
        "offered {} answered {} abandoned {} sl_offered {:.6} abandon {:.6} asa {:.4} occ {:.6} in {:.4}s events/s {:.0}",
        q.offered,
        q.answered,
        q.abandoned,
        q.within_t as f64 / res,
        q.abandoned as f64 / res,
        q.wait_sum_s / q.answered as f64,
        r.rec.groups[0].occupancy().unwrap_or(0.0),
        el,
        (r.counts.arrivals + r.counts.starts + r.counts.completions + r.counts.abandons) as f64
            / el
    );
}
