//! The engine against queueing theory. Fixed seeds; every tolerance comes from the
//! spread of independent replications (|mean − theory| < 5 standard errors, the
//! seed and parameters in the message), so these tests do not flake.

use ccsim::dist::Dist;
use ccsim::engine::{self, Aggregate, SimOptions, Spec, spec::single_queue};
use ccsim::erlang::{self, Load, Model, SlDefinition};

const DAY: f64 = 86400.0;

fn opts(days: f64, warmup_days: f64) -> SimOptions {
    SimOptions {
        horizon_s: days * DAY,
        warmup_s: warmup_days * DAY,
        volume_cv: 0.0,
    }
}

fn run(spec: &Spec, seed: u64, reps: u64) -> Aggregate {
    engine::run_replications(spec, seed, reps, 2, &|_| {})
}

/// Mean and standard error of a per-replication statistic.
fn mean_se(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let m = values.iter().sum::<f64>() / n;
    let v = values.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (v / n).sqrt())
}

fn assert_theory(what: &str, values: &[f64], theory: f64, ctx: &str) {
    let (m, se) = mean_se(values);
    let tol = 5.0 * se + 1e-12;
    assert!(
        (m - theory).abs() < tol,
        "{what}: simulated {m:.6} ± {se:.6} (se) vs theory {theory:.6} [{ctx}]"
    );
}

/// P(wait) per replication: 1 − zero waits / answered.
fn p_wait(spec: &Spec, seed: u64, reps: u64) -> Vec<f64> {
    (0..reps)
        .map(|r| {
            let res = engine::run_replication(spec, seed, r, &mut engine::Silent);
            let h = &res.rec.waits[0];
            1.0 - h.count_zero() as f64 / h.count() as f64
        })
        .collect()
}

#[test]
fn mmc_matches_erlang_c() {
    let aht = 180.0;
    let c = 20u32;
    for (rho, seed) in [(0.7, 11u64), (0.9, 12), (0.97, 13)] {
        let lambda = rho * c as f64 / aht;
        let days = if rho > 0.95 { 40.0 } else { 15.0 };
        let spec = single_queue(
            lambda,
            &Dist::exponential(aht).unwrap(),
            None,
            c,
            20.0,
            &opts(days, 1.0),
        );
        let reps = 10;
        let agg = run(&spec, seed, reps);
        let m = erlang::erlang_c_measures(
            c,
            Load {
                arrival_rate_per_s: lambda,
                aht_s: aht,
            },
            Some(20.0),
        );
        let ctx = format!("M/M/{c}, rho {rho}, seed {seed}, {reps} x {days} days");
        let sl: Vec<f64> = agg.per_rep.iter().map(|k| k.total.service_level).collect();
        let asa: Vec<f64> = agg.per_rep.iter().map(|k| k.total.asa_s).collect();
        assert_theory("service level 20 s", &sl, m.service_level.unwrap(), &ctx);
        assert_theory("ASA", &asa, m.asa_s.unwrap(), &ctx);
        assert_theory(
            "P(wait)",
            &p_wait(&spec, seed, reps),
            m.p_wait.unwrap(),
            &ctx,
        );
        let occ: Vec<f64> = agg.per_rep.iter().map(|k| k.occupancy[0]).collect();
        assert_theory("occupancy", &occ, rho, &ctx);
    }
}

#[test]
fn mmc_with_abandonment_matches_erlang_a() {
    // the W1 workload: 160,000 calls a month, AHT 180 s, patience 120 s, 14 agents
    let lambda = 160_000.0 / (31.0 * DAY);
    let spec = single_queue(
        lambda,
        &Dist::exponential(180.0).unwrap(),
        Some(&Dist::exponential(120.0).unwrap()),
        14,
        20.0,
        &opts(31.0, 0.0),
    );
    let seed = 21;
    let agg = run(&spec, seed, 12);
    let load = Load {
        arrival_rate_per_s: lambda,
        aht_s: 180.0,
    };
    let m = erlang::measures(
        Model::A { patience_s: 120.0 },
        14,
        load,
        Some(20.0),
        SlDefinition::Offered,
    );
    let ctx = format!("W1 M/M/14+M, seed {seed}, 12 x 31 days");
    let get =
        |f: fn(&engine::Kpis) -> f64| agg.per_rep.iter().map(|k| f(&k.total)).collect::<Vec<_>>();
    assert_theory(
        "P(abandon)",
        &get(|k| k.abandon_rate),
        m.p_abandon.unwrap(),
        &ctx,
    );
    assert_theory(
        "service level over offered",
        &get(|k| k.service_level),
        m.service_level.unwrap(),
        &ctx,
    );
    assert_theory("ASA of answered", &get(|k| k.asa_s), m.asa_s.unwrap(), &ctx);
    assert_theory(
        "mean wait of all",
        &get(|k| k.mean_wait_all_s),
        m.mean_wait_all_s.unwrap(),
        &ctx,
    );
    let occ: Vec<f64> = agg.per_rep.iter().map(|k| k.occupancy[0]).collect();
    assert_theory("occupancy", &occ, m.occupancy, &ctx);
}

#[test]
fn loss_system_matches_erlang_b() {
    // patience of a nanosecond: whoever finds every agent busy is lost (M/M/c/c)
    let (c, a, aht) = (10u32, 8.0, 180.0);
    let lambda = a / aht;
    let spec = single_queue(
        lambda,
        &Dist::exponential(aht).unwrap(),
        Some(&Dist::deterministic(1e-9).unwrap()),
        c,
        20.0,
        &opts(20.0, 1.0),
    );
    let agg = run(&spec, 31, 10);
    let blocked: Vec<f64> = agg.per_rep.iter().map(|k| k.total.abandon_rate).collect();
    assert_theory(
        "blocking",
        &blocked,
        erlang::erlang_b(c, a),
        "M/M/10/10, A = 8, seed 31, 10 x 20 days",
    );
}

#[test]
fn littles_law_holds_on_every_run() {
    for (seed, patience) in [(41u64, None), (42, Some(120.0))] {
        let lambda = 0.9 * 12.0 / 180.0;
        let pat = patience.map(|p| Dist::exponential(p).unwrap());
        let spec = single_queue(
            lambda,
            &Dist::lognormal(180.0, 1.5).unwrap(),
            pat.as_ref(),
            12,
            20.0,
            &opts(10.0, 0.0),
        );
        for r in 0..3 {
            let res = engine::run_replication(&spec, seed, r, &mut engine::Silent);
            let q = &res.rec.queues[0];
            // L = λ W on the sample path: time-average queue = (sum of all waits) / horizon
            let l = res.rec.in_queue[0].area() / spec.horizon_s;
            let lw = (q.wait_sum_s + q.abandon_wait_sum_s) / spec.horizon_s;
            assert!(
                (l - lw).abs() <= 0.01 * l,
                "seed {seed} rep {r}: L = {l}, lambda W = {lw}"
            );
        }
    }
}

#[test]
fn lognormal_handle_times_give_mg_c_behaviour() {
    // M/G/c: the Allen–Cunneen approximation Wq ≈ Wq(M/M/c) · (1 + cs²)/2; with cs = 1.5
    // waits are about 1.6 x the exponential ones. The simulation should sit near it
    // (within 15%: it is an approximation) and clearly above Erlang C.
    let (c, aht) = (15u32, 180.0);
    let lambda = 0.9 * c as f64 / aht;
    let spec = single_queue(
        lambda,
        &Dist::lognormal(aht, 1.5).unwrap(),
        None,
        c,
        20.0,
        &opts(30.0, 1.0),
    );
    let agg = run(&spec, 51, 10);
    let asa: Vec<f64> = agg.per_rep.iter().map(|k| k.total.asa_s).collect();
    let (m, _) = mean_se(&asa);
    let mmc = erlang::erlang_c_measures(
        c,
        Load {
            arrival_rate_per_s: lambda,
            aht_s: aht,
        },
        Some(20.0),
    )
    .asa_s
    .unwrap();
    let allen_cunneen = mmc * (1.0 + 1.5 * 1.5) / 2.0;
    assert!(m > 1.2 * mmc, "M/G/c ASA {m} should exceed M/M/c {mmc}");
    assert!(
        (m - allen_cunneen).abs() < 0.15 * allen_cunneen,
        "M/G/c ASA {m} vs Allen–Cunneen {allen_cunneen}"
    );
}

#[test]
fn same_seed_same_result_whatever_the_threads() {
    let lambda = 0.85 * 10.0 / 180.0;
    let spec = single_queue(
        lambda,
        &Dist::gamma(180.0, 0.7).unwrap(),
        Some(&Dist::exponential(90.0).unwrap()),
        10,
        20.0,
        &opts(5.0, 0.5),
    );
    let one = engine::run_replications(&spec, 7, 6, 1, &|_| {});
    let four = engine::run_replications(&spec, 7, 6, 4, &|_| {});
    assert_eq!(one.per_rep, four.per_rep);
    assert_eq!(one.cells, four.cells);
    let other = engine::run_replications(&spec, 8, 6, 1, &|_| {});
    assert_ne!(one.per_rep, other.per_rep);
}

#[test]
fn pooling_gain_matches_theory() {
    // the same 11-language demand served by 11 teams of 3 or by one team of 33
    let load_each = Load::per_interval(200.0 / 11.0, 1800.0, 180.0);
    let load_all = Load::per_interval(200.0, 1800.0, 180.0);
    for (file, c, load, seed) in [
        ("scenarios/pooling_split.toml", 3u32, load_each, 61u64),
        ("scenarios/pooling_pooled.toml", 33, load_all, 62),
    ] {
        let s = ccsim::scenario::load(std::path::Path::new(file)).expect("loads");
        let spec = engine::compile(&s, &opts(14.0, 1.0)).expect("compiles");
        let agg = run(&spec, seed, 8);
        let theory = erlang::erlang_c_measures(c, load, Some(20.0));
        let ctx = format!("{file}, seed {seed}, 8 x 14 days");
        let sl: Vec<f64> = agg.per_rep.iter().map(|k| k.total.service_level).collect();
        let asa: Vec<f64> = agg.per_rep.iter().map(|k| k.total.asa_s).collect();
        assert_theory("service level", &sl, theory.service_level.unwrap(), &ctx);
        assert_theory("ASA", &asa, theory.asa_s.unwrap(), &ctx);
    }
}

#[test]
fn escalated_contacts_keep_no_stale_patience() {
    // every chat escalates to L2 as a ticket; L2 is slow. A ticket must never
    // "abandon" because of the patience timer of its wait at L1.
    let text = r#"
[scenario]
name = "tickets"
interval = "30m"
[[channel]]
name = "chat"
kind = "live"
patience = { dist = "exponential", mean = "30s" }
[channel.target]
service_level = 0.8
within = "60s"
[[language]]
name = "en"
share = 1.0
[demand]
weekly_contacts = 20000
[[tier]]
name = "L1"
resolve = 0.5
escalate = 0.5
escalation = { chat = "ticket" }
[tier.handle_time]
chat = { dist = "exponential", mean = "3m" }
[[tier]]
name = "L2"
resolve = 1.0
[tier.handle_time]
chat = { dist = "exponential", mean = "20m" }
[tier.ticket_target]
service_level = 0.9
within = "24h"
[[group]]
name = "L1"
tier = "L1"
languages = ["*"]
channels = ["*"]
[[group.shift]]
start = "00:00"
length = "24h"
days = "all"
agents = 4
[[group]]
name = "L2"
tier = "L2"
languages = ["*"]
channels = ["*"]
[[group.shift]]
start = "00:00"
length = "24h"
days = "all"
agents = 3
"#;
    let s = ccsim::scenario::load_str(text, std::path::Path::new("tickets.toml")).expect("loads");
    let spec = engine::compile(&s, &opts(7.0, 0.0)).expect("compiles");
    let r = engine::run_replication(&spec, 71, 0, &mut engine::Silent);
    let (l1, l2) = (&r.rec.queues[0], &r.rec.queues[1]);
    assert!(l1.abandoned > 0, "L1 chats do abandon: {l1:?}");
    assert!(l2.offered > 1000, "{l2:?}");
    assert_eq!(l2.abandoned, 0, "tickets never abandon: {l2:?}");
    // every escalation arrives at L2
    assert_eq!(l1.escalated, l2.offered);
}

/// Two live channels with channel priorities, one team of identical agents:
/// non-preemptive priority M/M/c, whose class waits are Cobham's (1954)
/// Wq_k = C(c, A) · AHT / (c · (1 − σ_{k−1}) · (1 − σ_k)), σ_k the load share of the
/// classes up to k. With equal priorities both see the FCFS Erlang C wait.
#[test]
fn channel_priority_matches_cobham() {
    let scenario = |urgent: i32, normal: i32| {
        format!(
            r#"
[scenario]
name = "priority"
interval = "30m"
[[channel]]
name = "urgent"
kind = "live"
priority = {urgent}
[channel.target]
service_level = 0.8
within = "20s"
[[channel]]
name = "normal"
kind = "live"
priority = {normal}
[channel.target]
service_level = 0.8
within = "20s"
[[language]]
name = "en"
share = 1.0
[demand]
weekly_contacts = 30240
channel_mix = {{ urgent = 0.5, normal = 0.5 }}
[[tier]]
name = "L1"
resolve = 1.0
[tier.handle_time]
urgent = {{ dist = "exponential", mean = "3m" }}
normal = {{ dist = "exponential", mean = "3m" }}
[[group]]
name = "team"
tier = "L1"
languages = ["*"]
channels = ["*"]
[[group.shift]]
start = "00:00"
length = "24h"
days = "all"
agents = 10
"#
        )
    };
    // λ = 30240 / week = 0.05 /s, AHT 180 s: A = 9 Erlang on 10 agents
    let (c, a, aht) = (10u32, 9.0, 180.0);
    let pw = erlang::erlang_c(c, a);
    let sigma1 = 0.45;
    let w_urgent = pw * aht / (c as f64 * (1.0 - sigma1));
    let w_normal = pw * aht / (c as f64 * (1.0 - sigma1) * (1.0 - 0.9));
    let w_fcfs = pw * aht / (c as f64 - a);
    for (prio, want, seed) in [
        ((0, 1), [w_urgent, w_normal], 81u64),
        ((0, 0), [w_fcfs, w_fcfs], 82),
    ] {
        let s = ccsim::scenario::load_str(
            &scenario(prio.0, prio.1),
            std::path::Path::new("priority.toml"),
        )
        .expect("loads");
        let spec = engine::compile(&s, &opts(30.0, 1.0)).expect("compiles");
        let agg = run(&spec, seed, 10);
        let ctx = format!("M/M/10 two classes, priorities {prio:?}, seed {seed}, 10 x 30 days");
        for (ch, want) in want.iter().enumerate() {
            let asa: Vec<f64> = agg.per_rep.iter().map(|k| k.channels[ch].asa_s).collect();
            assert_theory(&format!("ASA of channel {ch}"), &asa, *want, &ctx);
        }
    }
    // the test can tell the two apart: urgent waits a fifth of FCFS
    assert!(w_urgent < 0.2 * w_fcfs && w_normal > 1.5 * w_fcfs);
}

/// One live channel of 10 identical agents at A = 9 whose contacts are `high` with
/// `share` (none: no classes), no abandonment.
fn class_scenario(share: Option<f64>) -> String {
    class_scenario_with(share, None)
}

/// [`class_scenario`] with the high class's `head_start` (`None`: strict).
fn class_scenario_with(share: Option<f64>, head_start: Option<&str>) -> String {
    let head = head_start.map_or(String::new(), |h| format!("head_start = \"{h}\"\n"));
    let classes = share.map_or(String::new(), |s| {
        format!("[[channel.class]]\nname = \"high\"\nshare = {s}\n{head}")
    });
    format!(
        r#"
[scenario]
name = "classes"
interval = "30m"
[[channel]]
name = "voice"
kind = "live"
[channel.target]
service_level = 0.8
within = "20s"
{classes}
[[language]]
name = "en"
share = 1.0
[demand]
weekly_contacts = 30240
channel_mix = {{ voice = 1.0 }}
[[tier]]
name = "L1"
resolve = 1.0
[tier.handle_time]
voice = {{ dist = "exponential", mean = "3m" }}
[[group]]
name = "team"
tier = "L1"
languages = ["*"]
channels = ["*"]
[[group.shift]]
start = "00:00"
length = "24h"
days = "all"
agents = 10
"#
    )
}

/// Customer priority classes (`[[channel.class]]`) in one channel: non-preemptive
/// priority M/M/c, each class's mean wait Cobham's (1954)
/// W_k = C(c, A) · AHT / (c · (1 − σ_{k−1}) · (1 − σ_k)), σ_k the load of the classes
/// down to k over c. The offered share of the class is its share.
#[test]
fn customer_classes_match_cobham() {
    let (c, a, aht, share) = (10u32, 9.0, 180.0, 0.3);
    let pw = erlang::erlang_c(c, a);
    let sigma_high = share * a / c as f64;
    let w_high = pw * aht / (c as f64 * (1.0 - sigma_high));
    let w_regular = pw * aht / (c as f64 * (1.0 - sigma_high) * (1.0 - a / c as f64));
    let seed = 91u64;
    let s = ccsim::scenario::load_str(
        &class_scenario(Some(share)),
        std::path::Path::new("classes.toml"),
    )
    .expect("loads");
    let spec = engine::compile(&s, &opts(30.0, 1.0)).expect("compiles");
    assert_eq!(spec.class_levels(), 2);
    let agg = run(&spec, seed, 10);
    let ctx = format!("M/M/10 at A = 9, high share {share}, seed {seed}, 10 x 30 days");
    for (level, want) in [(1usize, w_high), (0, w_regular)] {
        let asa: Vec<f64> = agg
            .per_rep
            .iter()
            .map(|k| k.classes[0][level].asa_s)
            .collect();
        assert_theory(&format!("ASA of class level {level}"), &asa, want, &ctx);
    }
    let high_share: Vec<f64> = agg
        .per_rep
        .iter()
        .map(|k| k.classes[0][1].offered / k.channels[0].offered)
        .collect();
    assert_theory("offered share of high", &high_share, share, &ctx);
    // the classes add up to the channel
    for k in &agg.per_rep {
        let cl = &k.classes[0];
        assert_eq!(cl[0].offered + cl[1].offered, k.channels[0].offered);
        assert_eq!(cl[0].answered + cl[1].answered, k.channels[0].answered);
    }
    // the test tells the classes apart: high waits a quarter of FCFS, regular more
    let w_fcfs = pw * aht / (c as f64 - a);
    assert!(w_high < 0.25 * w_fcfs && w_regular > 1.3 * w_fcfs);
}

/// Conservation: with identical exponential service, non-preemptive priorities only
/// reorder the queue, so the mean wait over all contacts is FCFS's (Kleinrock). The
/// classes' draws come from their own stream: the same seed gives the same arrivals
/// with and without classes.
#[test]
fn customer_classes_conserve_the_mean_wait() {
    let seed = 92u64;
    let reps = 10;
    let asa = |share: Option<f64>| -> (Vec<f64>, Vec<f64>) {
        let s = ccsim::scenario::load_str(&class_scenario(share), std::path::Path::new("c.toml"))
            .expect("loads");
        let spec = engine::compile(&s, &opts(30.0, 1.0)).expect("compiles");
        let agg = run(&spec, seed, reps);
        (
            agg.per_rep.iter().map(|k| k.channels[0].asa_s).collect(),
            agg.per_rep.iter().map(|k| k.channels[0].offered).collect(),
        )
    };
    let (fifo, fifo_offered) = asa(None);
    let (classes, classes_offered) = asa(Some(0.3));
    assert_eq!(
        fifo_offered, classes_offered,
        "classes shifted the arrivals"
    );
    // paired differences: common random numbers make them tight
    let diff: Vec<f64> = classes.iter().zip(&fifo).map(|(a, b)| a - b).collect();
    assert_theory(
        "mean wait with classes - FCFS",
        &diff,
        0.0,
        &format!("M/M/10 at A = 9, high share 0.3, seed {seed}, {reps} x 30 days"),
    );
    let w_fcfs = erlang::erlang_c(10, 9.0) * 180.0;
    assert_theory(
        "mean wait with classes",
        &classes,
        w_fcfs,
        "Erlang C, M/M/10 at A = 9",
    );
}

/// A head start (the Anonymous Bank's rule: a priority customer served as if it had
/// waited 90 s more) lies between first come first served and strict priority: 0 s is
/// first come first served contact for contact, a head start longer than any wait is
/// strict priority contact for contact, and in between the high class waits less than
/// with FCFS and more than with strict priority (Cobham), the regular class the
/// other way round, while the mean over all keeps FCFS's (conservation).
#[test]
fn a_head_start_lies_between_first_come_first_served_and_strict_priority() {
    let (seed, reps, share) = (93u64, 10u64, 0.3);
    let agg = |share: Option<f64>, head: Option<&str>| {
        let s = ccsim::scenario::load_str(
            &class_scenario_with(share, head),
            std::path::Path::new("head.toml"),
        )
        .expect("loads");
        let spec = engine::compile(&s, &opts(30.0, 1.0)).expect("compiles");
        run(&spec, seed, reps)
    };
    let overall =
        |a: &Aggregate| -> Vec<f64> { a.per_rep.iter().map(|k| k.channels[0].asa_s).collect() };
    let class = |a: &Aggregate, level: usize| -> Vec<f64> {
        a.per_rep
            .iter()
            .map(|k| k.classes[0][level].asa_s)
            .collect()
    };
    let fcfs = agg(None, None);
    let strict = agg(Some(share), None);
    // 0 s: the order of first come first served, so the same waits to the bit
    let zero = agg(Some(share), Some("0s"));
    assert_eq!(overall(&zero), overall(&fcfs));
    // longer than any wait: the order of strict priority
    let forever = agg(Some(share), Some("300d"));
    for level in [0, 1] {
        assert_eq!(
            class(&forever, level),
            class(&strict, level),
            "level {level}"
        );
    }
    // a minute: between the two, each class's mean clearly apart from both
    let minute = agg(Some(share), Some("1m"));
    let ctx = format!("M/M/10 at A = 9, high share {share}, seed {seed}, {reps} x 30 days");
    let m = |v: Vec<f64>| mean_se(&v);
    let (hi_strict, _) = m(class(&strict, 1));
    let (hi_fcfs, _) = m(class(&zero, 1));
    let (hi, hi_se) = m(class(&minute, 1));
    assert!(
        hi_strict + 5.0 * hi_se < hi && hi + 5.0 * hi_se < hi_fcfs,
        "high: strict {hi_strict:.2} < {hi:.2} ± {hi_se:.2} < FCFS {hi_fcfs:.2} [{ctx}]"
    );
    let (reg_strict, _) = m(class(&strict, 0));
    let (reg_fcfs, _) = m(class(&zero, 0));
    let (reg, reg_se) = m(class(&minute, 0));
    assert!(
        reg_fcfs + 5.0 * reg_se < reg && reg + 5.0 * reg_se < reg_strict,
        "regular: FCFS {reg_fcfs:.2} < {reg:.2} ± {reg_se:.2} < strict {reg_strict:.2} [{ctx}]"
    );
    // conservation: the mean over all is FCFS's (paired: the same arrivals and services)
    let diff: Vec<f64> = overall(&minute)
        .iter()
        .zip(overall(&fcfs))
        .map(|(a, b)| a - b)
        .collect();
    assert_theory("mean wait with a 1 m head start - FCFS", &diff, 0.0, &ctx);
}
