//! Scenario files through the library: every broken file gives exactly its expected
//! message, every shipped scenario loads with the facts it promises, and a forecast CSV
//! becomes the dated grid it describes.
//!
//! The expected messages live next to the broken files (`tests/data/broken/NAME.expected`).
//! After changing a message on purpose, regenerate them with
//! `CCSIM_BLESS=1 cargo test --test it scenario_errors` and read every diff.

use std::path::{Path, PathBuf};

use ccsim::scenario::{ChannelKind, LiveModel, Scenario, load, load_str};

/// The broken scenarios, sorted by name.
fn broken_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/data/broken")
        .expect("tests/data/broken")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn rel(path: &Path) -> String {
    format!(
        "tests/data/broken/{}",
        path.file_name().expect("file name").to_string_lossy()
    )
}

#[test]
fn every_broken_scenario_gives_its_expected_message_word_for_word() {
    let bless = std::env::var_os("CCSIM_BLESS").is_some();
    let mut mismatches = Vec::new();
    let files = broken_files();
    for path in &files {
        let rel = rel(path);
        let got = match load(Path::new(&rel)) {
            Ok(_) => {
                mismatches.push(format!("{rel}: loaded without a problem"));
                continue;
            }
            Err(e) => e.to_string(),
        };
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, format!("{got}\n")).expect("write .expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let expected = expected.strip_suffix('\n').unwrap_or(&expected);
        if got != expected {
            mismatches.push(format!(
                "{rel}\n--- expected ---\n{expected}\n--- got ---\n{got}\n"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} broken scenarios differ (CCSIM_BLESS=1 regenerates):\n\n{}",
        mismatches.len(),
        files.len(),
        mismatches.join("\n")
    );
    assert!(files.len() >= 20, "only {} broken scenarios", files.len());
}

#[test]
fn the_kinds_of_mistake_the_brief_names_are_all_covered() {
    let names: Vec<String> = broken_files()
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for kind in [
        "syntax_error",
        "unknown_key",
        "wrong_type",
        "negative_volume",
        "language_shares",
        "channel_mix_unknown",
        "concurrency_zero",
        "target_above_100",
        "patience_on_deferred",
        "deferred_abandon_target",
        "within_missing",
        "shift_covers_nothing",
        "shift_no_day_or_all_breaks",
        "break_outside_shift",
        "missing_forecast",
        "forecast_rows",
        "forecast_dates",
        "time_of_day_length",
        "interval_not_on_grid",
        "unknown_tier",
        "unknown_group_language_channel",
        "duplicate_names",
        "resolve_and_escalate_over_1",
        "last_tier_escalates",
        "first_tier_missing_handle_time",
        "erlang_a_without_patience",
        "bad_distribution",
        "monthly_and_weekly",
        "no_volume",
        "forecast_and_profiles",
        "headcount_mismatch",
        "utc_offset_out_of_range",
        "no_channels_languages_tiers",
        "several_problems",
        // issue 8: values that cannot be targets, parameters outside the exact range,
        // durations and headcounts over the limits, diverging re-contacts, files
        "target_nan",
        "within_without_service_level",
        "target_cannot_be_met",
        "target_sets_nothing",
        "distribution_out_of_range",
        "duration_too_long",
        "agents_over_limit",
        "agents_total_over_limit",
        "recontacts_never_die_out",
        "recontacts_almost_never_die_out",
        "numbers_out_of_range",
        "not_utf8",
        "nested_too_deep",
        "dotted_key_too_deep",
        "ticket_target_without_time",
        "tiny_and_huge_numbers",
    ] {
        assert!(names.iter().any(|n| n == kind), "no broken scenario {kind}");
    }
}

#[test]
fn several_problems_are_reported_at_once_in_file_order() {
    let err = load(Path::new("tests/data/broken/several_problems.toml")).expect_err("broken");
    assert_eq!(err.problems.len(), 4);
    let lines: Vec<usize> = err
        .problems
        .iter()
        .map(|p| p.line_col.expect("positioned").0)
        .collect();
    assert_eq!(lines, vec![8, 18, 27, 60]);
    assert!(
        err.to_string()
            .ends_with("\n\n4 problems in tests/data/broken/several_problems.toml")
    );
    // the same text reaches the command line as bad input (exit status 2)
    let e: ccsim::Error = err.into();
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn a_missing_scenario_file_names_the_path_as_given() {
    let err = load(Path::new("scenarios/no_such.toml")).expect_err("missing");
    assert_eq!(
        err.to_string(),
        "error: cannot read the scenario file: no such file\n  --> scenarios/no_such.toml\n   = help: check the path; scenario files live in scenarios/\n\n1 problem in scenarios/no_such.toml"
    );
}

fn loaded(path: &str) -> Scenario {
    load(Path::new(path)).unwrap_or_else(|e| panic!("{path}:\n{e}"))
}

#[test]
fn every_shipped_scenario_loads() {
    let mut n = 0;
    for entry in std::fs::read_dir("scenarios").expect("scenarios/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let s = load(&path).unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
            let d = &s.demand;
            assert_eq!(
                d.contacts.len(),
                d.n_intervals * d.n_channels * d.n_languages
            );
            assert_eq!(d.labels.len(), d.n_intervals);
            assert!(d.total() > 0.0, "{}", path.display());
            assert!(!s.groups.is_empty(), "{}: no roster", path.display());
            let on = s.on_duty();
            // a 24/7 centre: someone of the first line is on duty in every interval
            for i in 0..d.n_intervals {
                let first_line: f64 = (0..s.groups.len())
                    .filter(|&g| s.groups[g].tier == 0)
                    .map(|g| on[i * s.groups.len() + g])
                    .sum();
                assert!(
                    first_line > 0.0,
                    "{}: nobody on duty at {}",
                    path.display(),
                    d.labels[i]
                );
            }
            n += 1;
        }
    }
    assert!(n >= 4, "only {n} scenarios");
}

#[test]
fn olymp_is_the_reference_centre() {
    let s = loaded("scenarios/olymp.toml");
    assert_eq!(s.languages.len(), 11);
    assert_eq!(s.channels.len(), 3);
    assert_eq!(s.tiers.len(), 3);
    assert_eq!(s.interval_s, 1800.0);
    assert_eq!(s.demand.n_intervals, 336);
    let monthly = 165_000.0;
    let weekly = monthly * 7.0 / 30.4375;
    assert!(monthly > 160_000.0);
    let total = s.demand.total();
    assert!(
        (total - weekly).abs() <= 1e-6 * weekly,
        "{total} vs {weekly}"
    );
    // each channel and language gets exactly its share of the week
    let d = &s.demand;
    for (c, ch) in s.channels.iter().enumerate() {
        for (l, lang) in s.languages.iter().enumerate() {
            let cell: f64 = (0..d.n_intervals).map(|i| d.contacts(i, c, l)).sum();
            assert!(cell > 0.0, "{} {}", ch.name, lang.name);
        }
    }
    let chat = s.channels.iter().find(|c| c.name == "chat").expect("chat");
    match &chat.kind {
        ChannelKind::Live {
            concurrency, model, ..
        } => {
            assert!(*concurrency >= 2);
            assert_eq!(*model, LiveModel::Chat);
        }
        ChannelKind::Deferred => panic!("chat is live"),
    }
    assert_eq!(chat.target.within_s, Some(60.0));
    let email = s
        .channels
        .iter()
        .find(|c| c.name == "email")
        .expect("email");
    assert!(!email.is_live());
    assert_eq!(email.target.service_level, Some(0.95));
    assert_eq!(email.target.within_s, Some(12.0 * 3600.0));
    assert!(s.recontact.share > 0.0);
    assert!(s.shrinkage.components.len() > 1);
    assert!(d.aht_s.iter().all(|a| a.is_nan()));
}

#[test]
fn the_pooling_pair_has_identical_demand_and_agents() {
    let split = loaded("scenarios/pooling_split.toml");
    let pooled = loaded("scenarios/pooling_pooled.toml");
    assert_eq!(split.languages.len(), 11);
    assert_eq!(split.demand.contacts, pooled.demand.contacts);
    assert_eq!(split.demand.labels, pooled.demand.labels);
    let heads = |s: &Scenario| s.groups.iter().map(|g| g.headcount).sum::<u32>();
    assert_eq!(heads(&split), heads(&pooled));
    assert_eq!(split.on_duty().iter().sum::<f64>(), {
        pooled.on_duty().iter().sum::<f64>()
    });
    assert_eq!(split.groups.len(), 11);
    assert_eq!(pooled.groups.len(), 1);
}

#[test]
fn mmc_is_a_flat_erlang_c_queue() {
    let s = loaded("scenarios/mmc.toml");
    let d = &s.demand;
    assert_eq!(d.n_intervals, 336);
    for i in 0..d.n_intervals {
        assert!(
            (d.contacts(i, 0, 0) - 100.0).abs() < 1e-9,
            "{}",
            d.labels[i]
        );
    }
    match &s.channels[0].kind {
        ChannelKind::Live {
            patience, model, ..
        } => {
            assert!(patience.is_none());
            assert_eq!(*model, LiveModel::ErlangC);
        }
        ChannelKind::Deferred => panic!("voice is live"),
    }
    let aht = s.tiers[0].handle_time[0].as_ref().expect("handle time");
    assert_eq!(aht.mean_s(), 180.0);
    assert_eq!(aht.scv(), 1.0);
    // 20 agents rostered in every half hour: 14 available after 30% shrinkage
    assert!(s.on_duty().iter().all(|v| *v == 20.0));
    assert!((20.0 * (1.0 - s.shrinkage.total()) - 14.0).abs() < 1e-9);
}

#[test]
fn a_forecast_csv_becomes_a_dated_grid() {
    let s = loaded("tests/data/forecast/week.toml");
    let d = &s.demand;
    // rows in any order; horizon from the earliest to the latest start
    assert_eq!(d.n_intervals, 4);
    assert_eq!(
        d.labels,
        [
            "2019-01-06T22:00",
            "2019-01-06T23:00",
            "2019-01-07T00:00",
            "2019-01-07T01:00"
        ]
    );
    assert_eq!(d.weekday, [6, 6, 0, 0]);
    assert_eq!(d.time_of_day_s, [79200.0, 82800.0, 0.0, 3600.0]);
    let (voice, email, en, de) = (0, 1, 0, 1);
    assert_eq!(d.contacts(0, voice, en), 10.5);
    assert_eq!(d.contacts(0, voice, de), 2.0);
    assert_eq!(d.contacts(1, email, en), 3.0);
    assert_eq!(d.contacts(2, email, de), 1.25);
    assert_eq!(d.contacts(3, voice, de), 4.0);
    assert_eq!(d.contacts(1, voice, en), 0.0, "a missing cell is 0");
    assert_eq!(d.total(), 20.75);
    assert_eq!(d.aht_s[d.index(0, voice, en)], 200.0);
    assert_eq!(d.aht_s[d.index(2, email, de)], 600.0);
    assert!(d.aht_s[d.index(0, voice, de)].is_nan());
    // the Sunday 20:00 shift of 8 h covers the whole horizon, across midnight
    assert_eq!(s.on_duty(), [3.0, 3.0, 3.0, 3.0]);
}

#[test]
fn load_str_resolves_files_next_to_the_path_it_is_given() {
    let text = std::fs::read_to_string("tests/data/forecast/week.toml").expect("read");
    let s = load_str(&text, Path::new("tests/data/forecast/copy.toml")).expect("loads");
    assert_eq!(s.demand.n_intervals, 4);
    let err = load_str(&text, Path::new("elsewhere/copy.toml")).expect_err("no forecast there");
    let msg = err.to_string();
    assert!(
        msg.starts_with(
            "error: cannot read the forecast file elsewhere/forecast.csv: no such file\n  --> elsewhere/copy.toml:"
        ),
        "{msg}"
    );
}

#[test]
fn no_input_makes_the_loader_panic() {
    // truncations and value swaps of real scenarios: every one either loads or reports
    let olymp = std::fs::read_to_string("scenarios/olymp.toml").expect("olymp");
    let mmc = std::fs::read_to_string("scenarios/mmc.toml").expect("mmc");
    let path = Path::new("scenarios/fuzz.toml");
    for text in [&olymp, &mmc] {
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                if let Err(e) = load_str(&text[..cut], path) {
                    assert!(!e.problems.is_empty());
                }
            }
            cut += 61;
        }
    }
    let swaps = [
        ("1.0", "-1.0"),
        ("1.0", "nan"),
        ("1.0", "inf"),
        ("0.30", "1e308"),
        ("\"3m\"", "\"-3m\""),
        ("\"3m\"", "1e300"),
        ("\"30m\"", "\"0s\""),
        ("\"00:00\"", "\"25:61\""),
        ("\"8h\"", "\"99999999h\""),
        ("agents = 14", "agents = 4294967295"),
        ("agents = 14", "agents = -1"),
        ("\"all\"", "[]"),
        ("\"all\"", "\"sun-sat\""),
        ("33600", "1e400"),
        ("share = 1.0", "share = 1.0000001"),
        ("[[channel]]", "[[channel]]\n[[channel]]"),
        ("[tier.handle_time]", "[tier.handle_time]\nvoice = 3"),
    ];
    for (from, to) in swaps {
        for text in [&olymp, &mmc] {
            if text.contains(from) {
                let _ = load_str(&text.replace(from, to), path);
                let _ = load_str(&text.replacen(from, to, 1), path);
            }
        }
    }
}

/// A scratch folder of its own for a test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ccsim-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The dated-forecast scenario of tests/data/forecast, pointed at `forecast`.
fn forecast_scenario(forecast: &str) -> String {
    std::fs::read_to_string("tests/data/forecast/week.toml")
        .expect("week.toml")
        .replace("forecast.csv", forecast)
}

#[test]
fn forty_thousand_duplicate_rows_are_counted_in_linear_time() {
    let dir = Scratch::new("dups");
    let mut csv = String::from("interval_start,channel,language,contacts\n");
    for _ in 0..40_001 {
        csv.push_str("2019-01-07T00:00,voice,en,1\n");
    }
    std::fs::write(dir.0.join("dups.csv"), &csv).expect("write");
    let path = dir.0.join("s.toml");
    std::fs::write(&path, forecast_scenario("dups.csv")).expect("write");
    let start = std::time::Instant::now();
    let err = load(&path).expect_err("duplicates");
    let took = start.elapsed();
    let text = err.to_string();
    let csv_path = dir.0.join("dups.csv");
    let first = format!(
        "error: 2019-01-07T00:00 voice en appears twice in the forecast (the first on line 2)\n  --> {}:3:1\n  |\n3 | 2019-01-07T00:00,voice,en,1\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help: give each interval, channel and language once; add the contacts up into one row\n\n",
        csv_path.display()
    );
    assert!(text.starts_with(&first), "{text}");
    assert!(
        text.ends_with(&format!(
            "\n\n… and 39,980 more duplicate intervals\n\n40,000 problems in {}",
            path.display()
        )),
        "{}",
        &text[text.len().saturating_sub(300)..]
    );
    assert_eq!(err.problems.len(), 20);
    assert_eq!(err.not_shown, 39_980);
    // 40,000 rows took 24 s when each problem rescanned the file; linear takes a
    // fraction of a second (the bound leaves room for a machine busy with other builds)
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
}

#[test]
fn twenty_thousand_unknown_names_on_one_line_print_a_short_report() {
    let dir = Scratch::new("names");
    let names: Vec<String> = (0..20_000).map(|i| format!("\"lang{i}\"")).collect();
    let text = std::fs::read_to_string("scenarios/mmc.toml")
        .expect("mmc")
        .replacen(
            "languages = [\"*\"]",
            &format!("languages = [{}]", names.join(", ")),
            1,
        );
    let path = dir.0.join("names.toml");
    std::fs::write(&path, text).expect("write");
    let start = std::time::Instant::now();
    let err = load(&path).expect_err("unknown names");
    let shown = err.to_string();
    assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
    // 3 GB before: every problem printed the whole line
    assert!(shown.len() < 20_000, "{} bytes", shown.len());
    assert!(
        shown.starts_with("error: group `agents` names language `lang0`, which is not defined\n"),
        "{}",
        &shown[..300]
    );
    assert!(
        shown.ends_with(&format!(
            "\n\n… and 19,980 more unknown names\n\n20,000 problems in {}",
            path.display()
        )),
        "{}",
        &shown[shown.len().saturating_sub(300)..]
    );
}

#[test]
fn a_device_or_a_huge_file_is_read_only_up_to_the_limit() {
    let start = std::time::Instant::now();
    let err = load(Path::new("/dev/zero")).expect_err("not a scenario");
    assert_eq!(
        err.to_string(),
        "error: the scenario file is larger than 64 MiB\n  --> /dev/zero\n   = help: ccsim reads scenario files and the files they name up to 64 MiB: check that this is the right file\n\n1 problem in /dev/zero"
    );
    assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
    // a forecast the scenario names is read the same way
    let dir = Scratch::new("zero");
    let path = dir.0.join("s.toml");
    std::fs::write(&path, forecast_scenario("/dev/zero")).expect("write");
    let err = load(&path).expect_err("not a forecast");
    assert_eq!(
        err.to_string(),
        format!(
            "error: the forecast file is larger than 64 MiB\n  --> /dev/zero\n   = help: ccsim reads scenario files and the files they name up to 64 MiB: check that this is the right file\n\n1 problem in {}",
            path.display()
        )
    );
}

#[test]
fn a_forecast_that_is_not_utf8_names_the_line_and_column() {
    let dir = Scratch::new("latin1");
    std::fs::write(
        dir.0.join("f.csv"),
        b"interval_start,channel,language,contacts\n2019-01-07T00:00,voice,en,1\n2019-01-07T01:00,voice,d\xe9,1\n",
    )
    .expect("write");
    let path = dir.0.join("s.toml");
    std::fs::write(&path, forecast_scenario("f.csv")).expect("write");
    let err = load(&path).expect_err("latin-1");
    assert_eq!(
        err.to_string(),
        format!(
            "error: the forecast file is not UTF-8 text: byte 93 (0xE9) is not\n  --> {}:3:25\n  |\n3 | 2019-01-07T01:00,voice,d\u{fffd},1\n  |                         ^\n  = help: save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\"; in an editor: encoding UTF-8)\n\n1 problem in {}",
            dir.0.join("f.csv").display(),
            path.display()
        )
    );
}

/// mmc.toml with `from` replaced by `to`.
fn mmc_with(from: &str, to: &str) -> Scenario {
    let text = std::fs::read_to_string("scenarios/mmc.toml").expect("mmc");
    assert!(text.contains(from), "{from}");
    load_str(&text.replacen(from, to, 1), Path::new("scenarios/mmc.toml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn recontacts_close_to_the_limit_are_staffed_from_the_exact_fixed_point() {
    // 1 in 2 contacts leaves unresolved and 98% of those come back a day later:
    // r = 0.49, so the week carries exactly 1 / (1 - r) times its first contacts
    let s = mmc_with(
        "[[channel]]",
        "[recontact]\nshare = 0.98\ndelay = \"24h\"\n\n[[channel]]",
    );
    let text = std::fs::read_to_string("scenarios/mmc.toml").expect("mmc");
    let s2 = load_str(
        &text
            .replacen(
                "[[channel]]",
                "[recontact]\nshare = 0.98\ndelay = \"24h\"\n\n[[channel]]",
                1,
            )
            .replacen("resolve = 1.0", "resolve = 0.5", 1),
        Path::new("scenarios/mmc.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.recontact_back(),
        0.0,
        "everything resolved: nothing returns"
    );
    assert!((s2.recontact_back() - 0.49).abs() < 1e-15);
    let plan = ccsim::plan::staff::staff(&s2).expect("staffed");
    let total: f64 = plan
        .cells
        .iter()
        .filter(|c| c.tier == 0)
        .map(|c| c.contacts)
        .sum();
    let want = 33_600.0 / (1.0 - 0.49);
    assert!((total - want).abs() < 1e-9 * want, "{total} vs {want}");
}

#[test]
fn volume_cv_outside_the_exact_range_is_refused() {
    // above ~1e154 the day factor's gamma fell back to 1 (no variation); 1e-160
    // made every day's factor infinite
    for v in ["1e155", "1e-160", "2", "nan", "inf", "0.0001"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
            .args(["simulate", "scenarios/mmc.toml", "--volume-cv", v])
            .output()
            .expect("run ccsim");
        assert_eq!(out.status.code(), Some(2), "--volume-cv {v}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(&format!(
                "error: invalid value '{v}' for '--volume-cv <VOLUME_CV>': `{v}` is not a volume cv: give 0 (no day-to-day variation) or a number from 0.001 to 1\n"
            )),
            "{err}"
        );
    }
}

#[test]
fn twenty_thousand_channels_are_checked_in_linear_time() {
    // every look-up of a name (channel mix, handle times, groups, coverage) by hash:
    // scans made this quadratic (40,000 channels: 64 s; 20,000: about 16 s)
    let n = 20_000;
    let mut text =
        String::from("[scenario]\nname = \"many\"\ninterval = \"60m\"\nhours_per_fte_week = 0\n");
    for c in 0..n {
        text.push_str(&format!(
            "[[channel]]\nname = \"c{c}\"\nkind = \"live\"\n[channel.target]\nservice_level = 0.8\nwithin = \"20s\"\n"
        ));
    }
    text.push_str("[[language]]\nname = \"en\"\nshare = 1.0\n[demand]\nweekly_contacts = 1000\nchannel_mix = { ");
    let mix: Vec<String> = (0..n).map(|c| format!("c{c} = 0.00005")).collect();
    text.push_str(&mix.join(", "));
    text.push_str(" }\n[[tier]]\nname = \"L1\"\nresolve = 1.0\n[tier.handle_time]\n");
    for c in 0..n {
        text.push_str(&format!(
            "c{c} = {{ dist = \"exponential\", mean = \"3m\" }}\n"
        ));
    }
    text.push_str("[[group]]\nname = \"g\"\ntier = \"L1\"\nlanguages = [\"*\"]\nchannels = [\"*\"]\n[[group.shift]]\nstart = \"00:00\"\nlength = \"24h\"\ndays = \"all\"\nagents = 10\n");
    let start = std::time::Instant::now();
    let err = load_str(&text, Path::new("many.toml")).expect_err("hours_per_fte_week = 0");
    let took = start.elapsed();
    assert_eq!(
        err.to_string(),
        "error: hours_per_fte_week is 0\n  --> many.toml:4:22\n  |\n4 | hours_per_fte_week = 0\n  |                      ^\n  = help: write the paid hours of a full-time week, from 1 to 168, e.g. 40\n\n1 problem in many.toml"
    );
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
}
