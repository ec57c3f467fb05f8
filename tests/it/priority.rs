//! Customer priority classes (issue 12): class-less runs unchanged, the priority
//! queue against Cobham's formula, conservation, and the bank replay by class.

use crate::util::ccsim;

/// Outputs of the build before priority classes existed (`tests/data/baseline/`, made
/// with the binary of the branch point): a scenario without classes gives the same
/// bytes, whatever the engine's new queues do.
#[test]
fn runs_without_classes_give_the_bytes_of_the_build_before_classes() {
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "simulate",
                "scenarios/olymp.toml",
                "-r",
                "3",
                "--days",
                "3",
                "--json",
            ],
            "olymp_r3_d3.json",
        ),
        (
            &[
                "simulate",
                "scenarios/olymp.toml",
                "--trace",
                "tests/data/trace/olymp_thursday.csv",
                "-r",
                "2",
                "--json",
            ],
            "olymp_thursday_trace.json",
        ),
        (
            &[
                "simulate",
                "tests/data/telephony/w1_17_lines.toml",
                "-r",
                "2",
                "--days",
                "2",
                "--json",
            ],
            "telephony_w1_17_lines.json",
        ),
        (
            &[
                "simulate",
                "tests/data/telephony/w1_17_lines_redial.toml",
                "-r",
                "2",
                "--days",
                "2",
                "--json",
            ],
            "telephony_w1_17_lines_redial.json",
        ),
        (
            &[
                "simulate",
                "tests/data/telephony/w1_callback.toml",
                "-r",
                "2",
                "--days",
                "2",
                "--json",
            ],
            "telephony_w1_callback.json",
        ),
        (
            &[
                "simulate",
                "tests/data/telephony/w1_max_blocking.toml",
                "-r",
                "2",
                "--days",
                "2",
                "--json",
            ],
            "telephony_w1_max_blocking.json",
        ),
        (
            &[
                "replay",
                "tests/data/trace/anonymous_bank_1999_sample.txt",
                "--fifo",
                // the patience model of the build before (the default is now
                // Kaplan–Meier's)
                "--patience",
                "exponential",
                "--json",
            ],
            "bank_sample_replay.json",
        ),
    ];
    let subset = |args: &[&str]| args.contains(&"--fifo");
    for (args, file) in cases {
        let out = ccsim(args);
        assert!(
            out.status.success(),
            "ccsim {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        // the callback scenario's bytes depend on the build's debug assertions (already
        // at the branch point: see tests/data/baseline/README.md), so it has one file
        // per kind of build
        let debug_file = file.replace(".json", ".debug_assertions.json");
        let file = if cfg!(debug_assertions)
            && std::path::Path::new("tests/data/baseline")
                .join(&debug_file)
                .exists()
        {
            debug_file.as_str()
        } else {
            file
        };
        let want = std::fs::read(format!("tests/data/baseline/{file}")).expect("baseline file");
        if subset(args) {
            // a replay adds the trace's classes (observed, and replayed first come first
            // served); everything it printed before is as it was
            let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            let want: serde_json::Value = serde_json::from_slice(&want).expect("JSON");
            assert_within(&want, &got, file);
            assert!(got["classes"]["high"].is_object(), "{got}");
            assert_eq!(got["served_by_class"], false);
        } else {
            assert!(
                out.stdout == want,
                "ccsim {} differs from tests/data/baseline/{file}",
                args.join(" ")
            );
        }
    }
}

/// Every field of `want` is in `got` with the same value (objects may have more).
fn assert_within(want: &serde_json::Value, got: &serde_json::Value, at: &str) {
    match (want, got) {
        (serde_json::Value::Object(w), serde_json::Value::Object(g)) => {
            for (k, v) in w {
                let sub = g.get(k).unwrap_or_else(|| panic!("{at}.{k} is missing"));
                assert_within(v, sub, &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(want, got, "{at}"),
    }
}

fn replay_json(extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "replay",
        "tests/data/trace/anonymous_bank_1999_sample.txt",
        "--json",
    ];
    args.extend_from_slice(extra);
    crate::util::json(&ccsim(&args))
}

/// The bank's priority customers (priority 2, class `high`) served first: their replayed
/// ASA falls below what first come first served gives them, under both staffing
/// bounds, and the regular customers' rises (they wait behind). Observed, the sample's
/// high customers waited longer than the regular ones (45.6 s against 14.7 s: most
/// regular calls went straight to an agent, and the high ones call at busy hours), and
/// their replayed ASA stays above the regular one's even when served first: the class
/// mix over the day, not the order of service, decides it.
#[test]
fn bank_replay_serves_the_high_class_first() {
    let by_class = replay_json(&[]);
    let fifo = replay_json(&["--fifo"]);
    assert_eq!(by_class["served_by_class"], true);
    let asa = |v: &serde_json::Value, class: &str, bound: &str| -> (f64, f64) {
        let e = &v["classes"][class]["kpis"]["asa_s"][bound];
        (
            e["mean"].as_f64().expect("mean"),
            e["half_width"].as_f64().expect("half width"),
        )
    };
    for bound in ["simulated", "simulated_busy_peak"] {
        let (hi, hi_hw) = asa(&by_class, "high", bound);
        let (hi_fifo, hi_fifo_hw) = asa(&fifo, "high", bound);
        assert!(
            hi + hi_hw < hi_fifo - hi_fifo_hw,
            "{bound}: high ASA {hi} ± {hi_hw} by class, {hi_fifo} ± {hi_fifo_hw} first come first served"
        );
        let (reg, _) = asa(&by_class, "regular", bound);
        let (reg_fifo, _) = asa(&fifo, "regular", bound);
        assert!(
            reg >= reg_fifo,
            "{bound}: regular ASA {reg} by class, {reg_fifo} FIFO"
        );
    }
    // what the trace shows per class does not depend on how the replay serves
    for class in ["high", "regular"] {
        for kpi in ["offered", "asa_s", "abandon_rate", "wait_p90_s"] {
            assert_eq!(
                by_class["classes"][class]["kpis"][kpi]["observed"],
                fifo["classes"][class]["kpis"][kpi]["observed"]
            );
        }
    }
    let observed = |class: &str, kpi: &str| {
        by_class["classes"][class]["kpis"][kpi]["observed"]
            .as_f64()
            .expect("observed")
    };
    assert_eq!(observed("high", "offered"), 602.0);
    assert_eq!(observed("regular", "offered"), 2184.0);
    assert!((observed("high", "asa_s") - 45.6).abs() < 0.05);
    // the classes add up to the whole
    let total = by_class["kpis"]["offered"]["observed"]
        .as_f64()
        .expect("offered");
    assert_eq!(
        observed("high", "offered") + observed("regular", "offered"),
        total
    );
}

/// A scenario with classes: each class's KPIs in the table and the JSON, highest
/// first; the same bytes on 1 and 3 threads.
#[test]
fn simulate_reports_each_class_the_same_whatever_the_threads() {
    let args = |threads: &str| -> Vec<String> {
        [
            "simulate",
            "tests/data/priority/mmc_classes.toml",
            "-r",
            "4",
            "--days",
            "7",
            "-j",
            threads,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |threads: &str, json: bool| {
        let mut a = args(threads);
        if json {
            a.push("--json".into());
        }
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let out = ccsim(&a);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = run("1", true);
    assert!(
        one == run("3", true),
        "JSON differs between 1 and 3 threads"
    );
    let text = run("1", false);
    assert!(
        text == run("3", false),
        "table differs between 1 and 3 threads"
    );
    let v: serde_json::Value = serde_json::from_slice(&one).expect("JSON");
    let classes = v["channels"]["voice"]["classes"]
        .as_object()
        .expect("classes");
    let names: Vec<&str> = classes.keys().map(String::as_str).collect();
    assert_eq!(names, ["gold", "silver", "regular"]);
    let mean = |class: &str, kpi: &str| classes[class][kpi]["mean"].as_f64().expect(kpi);
    let offered: f64 = names.iter().map(|c| mean(c, "offered")).sum();
    let channel_offered = v["channels"]["voice"]["offered"]["mean"]
        .as_f64()
        .expect("offered");
    assert!(
        (offered - channel_offered).abs() < 1e-6,
        "{offered} vs {channel_offered}"
    );
    // the shares: 5% gold, 15% silver
    assert!((mean("gold", "offered") / channel_offered - 0.05).abs() < 0.01);
    assert!((mean("silver", "offered") / channel_offered - 0.15).abs() < 0.01);
    // served first: the higher classes wait less and abandon less
    assert!(mean("gold", "asa_s") < mean("regular", "asa_s"));
    assert!(mean("silver", "abandon_rate") < mean("regular", "abandon_rate"));
    // every class KPI the brief names is there
    for kpi in [
        "offered",
        "answered",
        "abandoned",
        "service_level",
        "asa_s",
        "abandon_rate",
        "wait_p50_s",
        "wait_p90_s",
        "wait_p99_s",
    ] {
        assert!(classes["gold"][kpi].is_object(), "{kpi}");
    }
    let text = String::from_utf8(text).expect("UTF-8");
    assert!(text.contains("Priority classes (first line"), "{text}");
    let gold = text.find("gold").expect("gold row");
    let regular = text[gold..]
        .find("regular")
        .expect("regular row after gold");
    assert!(regular > 0);
    // a scenario without classes has no classes object and no class table
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "-r",
        "2",
        "--days",
        "2",
        "--json",
    ]);
    let v = crate::util::json(&out);
    assert!(v["channels"]["voice"].get("classes").is_none());
}

/// Classes with trunk lines, redials, call backs, escalation and re-contacts: every run
/// keeps its counts (the engine's debug assertions check the waiting counts each time a
/// group looks for work), and the classes add up to their channel.
#[test]
fn classes_keep_the_books_with_lines_redials_callbacks_and_escalation() {
    let class = "[channel.target]\nservice_level = 0.80\nwithin = \"20s\"\n[[channel.class]]\nname = \"high\"\nshare = 0.2\n";
    let with_classes = |path: &str| -> String {
        let s = std::fs::read_to_string(path).expect(path);
        let target = "[channel.target]\nservice_level = 0.80\nwithin = \"20s\"\n";
        assert!(s.contains(target), "{path}");
        s.replacen(target, class, 1)
    };
    let mut cases: Vec<(String, String)> = [
        "tests/data/telephony/w1_17_lines_redial.toml",
        "tests/data/telephony/w1_callback.toml",
    ]
    .iter()
    .map(|p| (p.to_string(), with_classes(p)))
    .collect();
    // olymp: three tiers, escalations, re-contacts, chat concurrency, an e-mail backlog
    let olymp = std::fs::read_to_string("scenarios/olymp.toml").expect("olymp");
    // each channel's classes go right before its target table
    let classed = olymp.replace(
        "\n[channel.target]\n",
        "\n[[channel.class]]\nname = \"vip\"\nshare = 0.1\n[[channel.class]]\nname = \"plus\"\nshare = 0.2\n[channel.target]\n",
    );
    cases.push(("scenarios/olymp.toml with classes".into(), classed));
    for (name, text) in cases {
        let s = ccsim::scenario::load_str(&text, std::path::Path::new(&name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let opt = ccsim::engine::SimOptions {
            horizon_s: 7.0 * 86400.0,
            warmup_s: 0.0,
            volume_cv: 0.0,
        };
        let spec = ccsim::engine::compile(&s, &opt).expect("compiles");
        assert!(spec.class_levels() > 1, "{name}");
        let agg = ccsim::engine::run_replications(&spec, 7, 2, 1, &|_| {});
        for rep in &agg.per_rep {
            for (c, ch) in spec.channels.iter().enumerate() {
                let classes = &rep.classes[c];
                assert_eq!(classes.len(), ch.classes.len(), "{name}");
                let sum = |f: fn(&ccsim::engine::Kpis) -> f64| classes.iter().map(f).sum::<f64>();
                let whole = &rep.channels[c];
                assert_eq!(sum(|k| k.offered), whole.offered, "{name} {}", ch.name);
                assert_eq!(sum(|k| k.answered), whole.answered, "{name} {}", ch.name);
                assert_eq!(sum(|k| k.abandoned), whole.abandoned, "{name} {}", ch.name);
                assert_eq!(sum(|k| k.blocked), whole.blocked, "{name} {}", ch.name);
                assert_eq!(sum(|k| k.retries), whole.retries, "{name} {}", ch.name);
                assert_eq!(sum(|k| k.callbacks), whole.callbacks, "{name} {}", ch.name);
                assert_eq!(sum(|k| k.escalated), whole.escalated, "{name} {}", ch.name);
                assert!(
                    classes.iter().all(|k| k.offered > 0.0),
                    "{name} {}",
                    ch.name
                );
            }
        }
    }
}

/// A class with a head start: the table says how each class is served, and
/// `--csv` has a `class` row per class and KPI with the JSON's numbers.
#[test]
fn simulate_shows_how_each_class_is_served_and_writes_it_to_csv() {
    let dir = std::env::temp_dir().join(format!("ccsim-it-classes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let csv = dir.join("kpis.csv");
    let base = [
        "simulate",
        "tests/data/priority/mmc_head_start.toml",
        "-r",
        "3",
        "--days",
        "7",
    ];
    let mut with_csv: Vec<&str> = base.to_vec();
    with_csv.extend(["--csv", csv.to_str().unwrap()]);
    let out = ccsim(&with_csv);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let row = |class: &str| {
        text.lines()
            .find(|l| l.split_whitespace().any(|w| w == class) && l.contains("±"))
            .unwrap_or_else(|| panic!("no row for {class}: {text}"))
            .to_string()
    };
    assert!(row("gold").contains("strictly first"), "{text}");
    assert!(row("silver").contains("1m ahead"), "{text}");
    assert!(row("regular").contains(" - "), "{text}");
    let mut with_json: Vec<&str> = base.to_vec();
    with_json.push("--json");
    let v: serde_json::Value = serde_json::from_slice(&ccsim(&with_json).stdout).expect("json");
    let body = std::fs::read_to_string(&csv).expect("csv written");
    let _ = std::fs::remove_dir_all(&dir);
    let mut seen = 0;
    for line in body.lines().filter(|l| l.starts_with("class,")) {
        let f: Vec<&str> = line.split(',').collect();
        let (channel, class) = f[1].split_once('/').expect("channel/class");
        let want = &v["channels"][channel]["classes"][class][f[2]]["mean"];
        match want.as_f64() {
            Some(w) => {
                let got: f64 = f[3].parse().expect("a number");
                assert!((got - w).abs() <= 1e-9 * w.abs().max(1.0), "{line} vs {w}");
            }
            None => assert_eq!(f[3], "", "{line}"),
        }
        seen += 1;
    }
    // three classes, each with every KPI
    assert!(seen >= 3 * 10, "{seen} class rows");
    assert!(body.contains("class,voice/silver,asa_s,"), "{body}");
}
