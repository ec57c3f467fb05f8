//! Trace replay: the bank loader on the shipped sample, ccsim's CSV format, and the
//! replay run itself.

use std::path::{Path, PathBuf};
use std::process::Command;

use ccsim::engine::{self, SimOptions};
use ccsim::replay::{self, BankFilter};

const SAMPLE: &str = "tests/data/trace/anonymous_bank_1999-01-03_04.txt";

fn sample() -> replay::Trace {
    replay::load_anonymous_bank(&[PathBuf::from(SAMPLE)], &BankFilter::default())
        .expect("sample loads")
}

#[test]
fn bank_loader_keeps_and_skips_what_it_says() {
    // independent counts (awk over the sample): 3,945 records; 30 PHANTOM; 34 internet
    // (IN); 105 hung up in the VRU; 18 AGENT without service; 3,758 kept, of which
    // 3,376 answered and 382 abandoned
    let t = sample();
    assert_eq!(t.calls.len(), 3758);
    let skipped = |k: &str| t.skipped.get(k).copied().unwrap_or(0);
    assert_eq!(skipped("PHANTOM record (not a real call)"), 30);
    assert_eq!(skipped("type IN not replayed (filter)"), 34);
    assert_eq!(skipped("hung up in the VRU (never offered to agents)"), 105);
    assert_eq!(skipped("AGENT record with no service"), 18);
    assert_eq!(
        t.quirks.get("crossed midnight (dated by the entry day)"),
        Some(&10)
    );
    let o = replay::observed(&t, 20.0);
    assert_eq!((o.answered, o.abandoned), (3376.0, 382.0));
    assert!((o.abandon_rate - 382.0 / 3758.0).abs() < 1e-12);
    // the trace starts at midnight of 3 January 1999 and spans two days (plus calls
    // that crossed midnight)
    assert_eq!(t.epoch_day, ccsim::scenario::days_from_civil(1999, 1, 3));
    assert!(t.calls.windows(2).all(|w| w[0].arrival_s <= w[1].arrival_s));
    assert!(
        t.calls
            .iter()
            .all(|c| c.arrival_s >= 0.0 && c.arrival_s < 3.0 * 86400.0)
    );
    // the centre is closed at night: nobody serves between 01:00 and 06:00
    let duty = replay::agents_on_duty(&t, 3600.0);
    assert_eq!(&duty[2..6], &[0, 0, 0, 0]);
    assert!(duty.iter().max().copied().unwrap_or(0) >= 8);
}

#[test]
fn date_filter() {
    let day = ccsim::scenario::days_from_civil(1999, 1, 4);
    let t = replay::load_anonymous_bank(
        &[PathBuf::from(SAMPLE)],
        &BankFilter {
            from_day: Some(day),
            to_day: Some(day),
            ..BankFilter::default()
        },
    )
    .expect("loads");
    assert_eq!(t.epoch_day, day);
    assert!(
        t.skipped
            .get("outside the chosen dates")
            .copied()
            .unwrap_or(0)
            > 1500
    );
}

#[test]
fn csv_trace_and_its_errors() {
    let t = replay::load_csv(Path::new("tests/data/trace/tiny.csv")).expect("loads");
    assert_eq!(t.calls.len(), 4);
    assert_eq!(t.calls[1].arrival_s, 9.0 * 3600.0 + 30.0);
    assert_eq!(t.calls[1].abandon_after_s, Some(45.0));
    assert_eq!(t.calls[2].language, "de");
    let err = replay::load_csv(Path::new("tests/data/trace/bad_arrival.csv")).expect_err("bad");
    assert_eq!(
        err.to_string(),
        "error: arrival `2024-03-04 9h` is not a time\n  --> tests/data/trace/bad_arrival.csv:3:1\n  |\n3 | 2024-03-04 9h,voice,en,120\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help: write YYYY-MM-DDTHH:MM:SS (UTC) or seconds since the trace's start"
    );
    let err = replay::load_csv(Path::new("tests/data/trace/bad_handle.csv")).expect_err("bad");
    assert_eq!(
        err.to_string(),
        "error: `-5` is not a number of seconds\n  --> tests/data/trace/bad_handle.csv:3:13\n  |\n3 | 30,voice,en,-5\n  |             ^^\n  = help: write zero or more seconds, or leave the field empty"
    );
}

#[test]
fn agents_on_duty_counts_distinct_ids_per_bin() {
    let t = sample();
    let mut tiny = t.clone();
    tiny.calls.truncate(0);
    for (i, (at, agent)) in [(100.0, "A"), (200.0, "A"), (300.0, "B"), (4000.0, "C")]
        .iter()
        .enumerate()
    {
        tiny.calls.push(replay::TraceCall {
            arrival_s: *at,
            channel: "voice".into(),
            language: "he".into(),
            handle_s: Some(60.0 + i as f64),
            abandon_after_s: None,
            wait_s: Some(0.0),
            agent: Some(agent.to_string()),
        });
    }
    assert_eq!(&replay::agents_on_duty(&tiny, 3600.0)[..2], &[2, 1]);
}

#[test]
fn replaying_the_sample_is_deterministic_and_uses_every_call() {
    let t = sample();
    let opt = SimOptions {
        horizon_s: t.days() * 86400.0,
        warmup_s: 0.0,
        volume_cv: 0.0,
    };
    let spec = replay::replay_spec(&t, 20.0, 3600.0, &opt).expect("spec");
    let a = engine::run_replications(&spec, 5, 4, 1, &|_| {});
    let b = engine::run_replications(&spec, 5, 4, 2, &|_| {});
    assert_eq!(a.per_rep, b.per_rep);
    for r in &a.per_rep {
        assert_eq!(r.total.offered, 3758.0);
        // everyone leaves by the end of the trace's last day
        assert!(
            r.total.answered + r.total.abandoned >= 3750.0,
            "{:?}",
            r.total
        );
    }
    // hourly agent counts from ids over-state capacity: fewer abandon than observed
    let o = replay::observed(&t, 20.0);
    assert!(
        a.per_rep
            .iter()
            .all(|r| r.total.abandon_rate < o.abandon_rate)
    );
    // a finer grain gives fewer agents, so more waiting
    let fine = replay::replay_spec(&t, 20.0, 900.0, &opt).expect("spec");
    let f = engine::run_replications(&fine, 5, 4, 1, &|_| {});
    let mean =
        |x: &engine::Aggregate| x.per_rep.iter().map(|r| r.total.abandon_rate).sum::<f64>() / 4.0;
    assert!(mean(&f) > mean(&a));
}

#[test]
fn replay_cli() {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["replay", SAMPLE, "--replications", "3", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["calls"], 3758);
    assert_eq!(v["kpis"]["abandoned"]["observed"], 382.0);
    assert!(
        v["kpis"]["abandon_rate"]["simulated"]["mean"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["replay", "tests/data/trace/tiny.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "tiny.csv is not a bank file");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an Anonymous Bank file"));
}
