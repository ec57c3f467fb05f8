//! The command line as a user meets it: exit codes, JSON fields, messages.

use std::process::{Command, Output};

fn ccsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .expect("run ccsim")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn f(v: &serde_json::Value, k: &str) -> f64 {
    v[k].as_f64()
        .unwrap_or_else(|| panic!("{k} is not a number in {v}"))
}

#[test]
fn erlang_textbook_case() {
    // 100 calls per 30 min, AHT 180 s, 80/20 -> 14 agents, SL ≈ 0.888
    let v = json(&ccsim(&[
        "erlang",
        "--model",
        "c",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--target",
        "80/20",
        "--json",
    ]));
    assert_eq!(v["required_agents"], 14);
    assert_eq!(v["agents"], 14);
    assert!((f(&v, "service_level") - 0.8883).abs() < 5e-4, "{v}");
    assert!((f(&v, "offered_load_erlangs") - 10.0).abs() < 1e-12);
    assert_eq!(v["binding"], serde_json::json!(["SL"]));
    assert_eq!(v["model"], "c");
    assert_eq!(v["interval_s"], 1800.0);
    assert_eq!(v["target_t_s"], 20.0);
    for k in [
        "model",
        "calls",
        "interval_s",
        "aht_s",
        "patience_s",
        "concurrency",
        "agents",
        "offered_load_erlangs",
        "blocking",
        "p_wait",
        "service_level",
        "target_t_s",
        "asa_s",
        "p_abandon",
        "occupancy",
        "required_agents",
    ] {
        assert!(v.get(k).is_some(), "field {k} missing from {v}");
    }
    assert!(v["patience_s"].is_null() && v["p_abandon"].is_null() && v["blocking"].is_null());
    // ASA over all contacts for Erlang C: C * AHT / (N - A)
    let asa = f(&v, "asa_s");
    let pw = f(&v, "p_wait");
    assert!((asa - pw * 180.0 / 4.0).abs() < 1e-9, "{asa} {pw}");
}

#[test]
fn erlang_measures_at_given_agents_and_erlang_a() {
    // W1: λ = 160000 / 31 days, AHT 180 s, patience 120 s, 14 agents
    let calls = format!("{}", 160_000.0 / (31.0 * 48.0));
    let v = json(&ccsim(&[
        "erlang",
        "--model",
        "a",
        "--calls",
        &calls,
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--patience",
        "2m",
        "--agents",
        "14",
        "--target",
        "80/20",
        "--json",
    ]));
    assert!((f(&v, "p_abandon") - 0.034606).abs() < 1e-6, "{v}");
    assert!((f(&v, "service_level") - 0.898501).abs() < 1e-6, "{v}");
    assert!((f(&v, "asa_s") - 3.5675).abs() < 1e-4, "{v}");
    assert_eq!(v["agents"], 14);
    assert_eq!(v["patience_s"], 120.0);
    // Erlang A needs fewer agents than Erlang C for the same 80/20
    assert!(v["required_agents"].as_u64().unwrap() <= 14);
}

#[test]
fn erlang_blocking_and_chat() {
    let v = json(&ccsim(&[
        "erlang",
        "--model",
        "b",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180",
        "--max-blocking",
        "0.01",
        "--json",
    ]));
    assert_eq!(v["required_agents"], 18); // Erlang B(18, 10) = 0.0071, B(17, 10) = 0.0129
    assert!(f(&v, "blocking") < 0.01);
    let v = json(&ccsim(&[
        "erlang",
        "--model",
        "chat",
        "--calls",
        "300",
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--concurrency",
        "3",
        "--patience",
        "2m",
        "--target",
        "90/60",
        "--json",
    ]));
    assert_eq!(v["concurrency"], 3);
    assert!(f(&v, "service_level") >= 0.9);
    let n = v["required_agents"].as_u64().unwrap();
    assert!((9..=14).contains(&n), "{n}"); // 30 Erlang over 3 slots each
}

#[test]
fn erlang_table_and_csv() {
    let dir = std::env::temp_dir().join(format!("ccsim-cli-{}", std::process::id()));
    let csv = dir.join("erlang.csv");
    let out = ccsim(&[
        "erlang",
        "--model",
        "c",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--target",
        "80/20",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("required_agents") && text.contains("14"),
        "{text}"
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    let mut lines = written.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("model,calls,interval_s,aht_s")
    );
    assert!(lines.next().unwrap().starts_with("c,100,1800,180"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn erlang_bad_input_exits_2_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "erlang",
                "--model",
                "a",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--agents",
                "3",
            ],
            "--model a needs --patience",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
            ],
            "give --agents N",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30 parsecs",
                "--aht",
                "3m",
                "--agents",
                "2",
            ],
            "is not a duration",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "-4",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--agents",
                "2",
            ],
            "--calls",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--target",
                "180/20",
            ],
            "the service level must be below 100%",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--agents",
                "2",
                "--patience",
                "1m",
            ],
            "--patience applies to models a and chat",
        ),
        (
            &[
                "erlang",
                "--model",
                "c",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--max-occupancy",
                "85",
            ],
            "is not an occupancy cap: give a share above 0 and at most 1",
        ),
        (
            &[
                "erlang",
                "--model",
                "chat",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--concurrency",
                "0",
                "--agents",
                "1",
            ],
            "--concurrency",
        ),
    ];
    for (args, needle) in cases {
        let out = ccsim(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected `{needle}` in {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
}

// ---- output files: written whole or not at all, only where asked ----

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("ccsim-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}

fn p(path: &std::path::Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

const ERLANG_C: [&str; 11] = [
    "erlang",
    "--model",
    "c",
    "--calls",
    "100",
    "--interval",
    "30m",
    "--aht",
    "3m",
    "--agents",
    "14",
];

fn erlang_csv_to(path: &std::path::Path) -> Output {
    let mut args = ERLANG_C.to_vec();
    args.extend(["--csv", p(path)]);
    ccsim(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Files whose names mark them as staged by ccsim.
fn partial_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("ccsim-partial"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("fifo");
    let fifo = dir.join("kpis.pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the pipe"))
    };
    let out = erlang_csv_to(&fifo);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::symlink_metadata(&fifo).expect("still there");
    assert!(
        meta.file_type().is_fifo(),
        "the pipe was replaced: {meta:?}"
    );
    let got = reader.join().expect("reader");
    assert!(got.contains("offered_load_erlangs"), "{got}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_full_device_is_written_through_and_its_error_reported() {
    use std::os::unix::fs::FileTypeExt;
    let full = std::path::Path::new("/dev/full");
    match std::fs::metadata(full) {
        Ok(m) if m.file_type().is_char_device() => {}
        _ => return, // no /dev/full here
    }
    let out = erlang_csv_to(full);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "cannot write /dev/full: No space left on device\n"
    );
    assert!(out.stdout.is_empty());
    let meta = std::fs::metadata(full).expect("still there");
    assert!(meta.file_type().is_char_device());
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_and_its_target_replaced_with_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("symlink");
    std::fs::create_dir(dir.join("real")).unwrap();
    let target = dir.join("real/kpis.csv");
    std::fs::write(&target, "old\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.join("kpis.csv");
    std::os::unix::fs::symlink("real/kpis.csv", &link).unwrap();
    let out = erlang_csv_to(&link);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("offered_load_erlangs"), "{text}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(partial_files(&dir).is_empty() && partial_files(&dir.join("real")).is_empty());
    // a dangling link: its target is created, the link stays
    let dangling = dir.join("new.csv");
    std::os::unix::fs::symlink("real/made.csv", &dangling).unwrap();
    let out = erlang_csv_to(&dangling);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(dir.join("real/made.csv"))
            .unwrap()
            .contains("offered_load_erlangs")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_output_naming_an_input_is_refused() {
    let dir = scratch("input");
    let scenario = dir.join("mmc.toml");
    let original = std::fs::read_to_string("scenarios/mmc.toml").unwrap();
    std::fs::write(&scenario, &original).unwrap();
    let same = format!("{}/./sub/../mmc.toml", p(&dir));
    let out = ccsim(&["staff", p(&scenario), "--csv", &same]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot write {same}: this run reads it (as {})\nhelp: name another file for --csv {same}; ccsim never writes over its inputs\n",
            p(&scenario)
        )
    );
    // a hard link is the same file under another name
    let hard = dir.join("hard.toml");
    std::fs::hard_link(&scenario, &hard).unwrap();
    let out = ccsim(&[
        "simulate",
        p(&scenario),
        "-q",
        "-r",
        "2",
        "--days",
        "1",
        "--csv",
        p(&hard),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // the trace, and a trace given to replay
    std::fs::copy("tests/data/trace/mmc_monday.csv", dir.join("calls.csv")).unwrap();
    let calls = dir.join("calls.csv");
    let out = ccsim(&[
        "simulate",
        p(&scenario),
        "-q",
        "--trace",
        p(&calls),
        "-o",
        p(&dir),
        "--csv",
        p(&calls),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = ccsim(&["replay", "--format", "csv", p(&calls), "--csv", p(&calls)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), original);
    assert!(
        std::fs::read_to_string(&calls)
            .unwrap()
            .starts_with("arrival,")
    );
    // a forecast the scenario names: refused when the scenario has been read
    std::fs::copy("tests/data/forecast/week.toml", dir.join("week.toml")).unwrap();
    std::fs::copy("tests/data/forecast/forecast.csv", dir.join("forecast.csv")).unwrap();
    let forecast = dir.join("forecast.csv");
    let before = std::fs::read_to_string(&forecast).unwrap();
    let out = ccsim(&["staff", p(&dir.join("week.toml")), "--csv", p(&forecast)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot write {}: this run reads it\nhelp: name another output file; ccsim never writes over its inputs\n",
            p(&forecast)
        )
    );
    assert_eq!(std::fs::read_to_string(&forecast).unwrap(), before);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_outputs_naming_one_file_are_refused_before_the_run() {
    let dir = scratch("twice");
    let results = dir.join("results");
    let summary = results.join("summary.json");
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "-q",
        "-o",
        p(&results),
        "--csv",
        p(&summary),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: --out {} and --csv {} both write {}\nhelp: give every output of a run its own file\n",
            p(&results),
            p(&summary),
            p(&summary)
        )
    );
    assert!(!results.exists(), "nothing is written");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_given_as_an_output_file_is_bad_input() {
    let dir = scratch("folder");
    let out = erlang_csv_to(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot write {}: it is a folder\nhelp: name a file, e.g. {}/out.csv\n",
            p(&dir),
            p(&dir)
        )
    );
    // --out naming a file: refused before the run, the file untouched
    let file = dir.join("notes.txt");
    std::fs::write(&file, "mine\n").unwrap();
    let out = ccsim(&["simulate", "scenarios/mmc.toml", "-q", "-o", p(&file)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot write {}/intervals.csv: {} is a file, not a folder\nhelp: write into a folder, or name one that does not exist yet (it is created)\n",
            p(&file),
            p(&file)
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Start `simulate -o dir` paused at `point` of its write, interrupt it with SIGINT
/// there, and return its exit code.
#[cfg(unix)]
fn interrupt_simulate_write(out_dir: &std::path::Path, point: &str) -> Option<i32> {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args([
            "simulate",
            "scenarios/mmc.toml",
            "-q",
            "-r",
            "2",
            "--days",
            "1",
            "-o",
            p(out_dir),
        ])
        .env("CCSIM_TEST_PAUSE_WRITE", point)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start ccsim");
    let mut err = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    err.read_line(&mut line).expect("read stderr");
    assert_eq!(line, format!("paused {point}\n"));
    // the shell's own kill, so no procps package is needed
    let killed = Command::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert_eq!(rest, "interrupted\n");
    status.code()
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_staged_leaves_the_old_outputs_and_no_partial_files() {
    let dir = scratch("sigint-staged");
    let results = dir.join("results");
    std::fs::create_dir(&results).unwrap();
    for name in ["intervals.csv", "groups.csv", "summary.json"] {
        std::fs::write(results.join(name), "old\n").unwrap();
    }
    assert_eq!(interrupt_simulate_write(&results, "staged"), Some(130));
    for name in ["intervals.csv", "groups.csv", "summary.json"] {
        assert_eq!(
            std::fs::read_to_string(results.join(name)).unwrap(),
            "old\n"
        );
    }
    assert_eq!(partial_files(&results), Vec::<String>::new());
    // a new folder: it does not appear at all
    let fresh = dir.join("fresh");
    assert_eq!(interrupt_simulate_write(&fresh, "staged"), Some(130));
    assert!(!fresh.exists());
    assert_eq!(partial_files(&dir), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_the_renames_waits_for_the_last_one() {
    let dir = scratch("sigint-commit");
    let results = dir.join("results");
    std::fs::create_dir(&results).unwrap();
    for name in ["intervals.csv", "groups.csv", "summary.json"] {
        std::fs::write(results.join(name), "old\n").unwrap();
    }
    assert_eq!(interrupt_simulate_write(&results, "committing"), Some(130));
    for name in ["intervals.csv", "groups.csv", "summary.json"] {
        let text = std::fs::read_to_string(results.join(name)).unwrap();
        assert_ne!(text, "old\n", "{name} was left old beside new files");
    }
    assert_eq!(partial_files(&results), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- what a new user expects of the command line ----

/// The `ccsim ...` lines under "Examples:" of a subcommand's --help.
fn help_examples(sub: &str) -> Vec<String> {
    let args: Vec<&str> = [sub, "--help"]
        .into_iter()
        .filter(|a| !a.is_empty())
        .collect();
    let out = ccsim(&args);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let (_, examples) = help
        .split_once("\nExamples:\n")
        .unwrap_or_else(|| panic!("`ccsim {sub} --help` has no examples:\n{help}"));
    let lines: Vec<String> = examples
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("ccsim "))
        .map(String::from)
        .collect();
    assert!(
        (2..=4).contains(&lines.len()),
        "{sub}: {} examples",
        lines.len()
    );
    lines
}

#[cfg(unix)]
#[test]
fn every_help_has_examples_that_run() {
    let dir = scratch("help-examples");
    // the files the examples name
    std::fs::copy("tests/data/trace/mmc_monday.csv", dir.join("calls.csv")).unwrap();
    std::fs::create_dir(dir.join("bank")).unwrap();
    std::fs::copy(
        "tests/data/trace/anonymous_bank_1999_sample.txt",
        dir.join("bank/january.txt"),
    )
    .unwrap();
    for folder in [
        ".local/share/bash-completion/completions",
        ".zfunc",
        ".config/fish/completions",
    ] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
    }
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_ccsim"))
        .parent()
        .unwrap();
    let path = format!("{}:{}", p(bin), std::env::var("PATH").unwrap_or_default());
    for sub in [
        "", // ccsim --help
        "example",
        "init",
        "erlang",
        "staff",
        "simulate",
        "replay",
        "plan",
        "compare",
        "sweep",
        "merge",
        "teach",
        "completions",
        "fit",
    ] {
        for line in help_examples(sub) {
            let out = Command::new("sh")
                .args(["-c", &line])
                .current_dir(&dir)
                .env("PATH", &path)
                .env("HOME", &dir)
                .output()
                .expect("sh");
            assert!(
                out.status.success(),
                "`{line}` failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    assert!(dir.join("results/summary.json").exists());
    assert!(dir.join("roster.toml").exists() && dir.join("plan.json").exists());
    assert!(dir.join("replay.csv").exists() && dir.join("staffing.csv").exists());
    assert!(dir.join("more.json").exists() && dir.join("sweep.csv").exists());
    assert!(dir.join("part1.json").exists() && dir.join("part2.json").exists());
    assert!(dir.join("pooling.svg").exists() && dir.join("stick.svg").exists());
    assert!(dir.join("abandon.svg").exists() && dir.join("abandon.toml").exists());
    assert!(dir.join("as-run.toml").exists() && dir.join("as-run-roster.toml").exists());
    let bash = std::fs::read_to_string(dir.join(".local/share/bash-completion/completions/ccsim"));
    assert!(bash.unwrap().contains("simulate"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_top_level_help_lists_the_new_commands() {
    let out = ccsim(&["--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    for sub in ["example", "init", "completions"] {
        assert!(
            help.contains(&format!("\n  {sub} ")),
            "{sub} missing:\n{help}"
        );
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = ccsim(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("replay") && text.contains("trace-format"),
            "{shell}"
        );
    }
    let out = ccsim(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn short_flags_mean_the_long_ones() {
    let long = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--quiet",
        "--threads",
        "2",
        "--seed",
        "5",
        "--replications",
        "3",
        "--days",
        "2",
        "--json",
    ]);
    let short = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "-q",
        "-j",
        "2",
        "-s",
        "5",
        "-r",
        "3",
        "--days",
        "2",
        "--json",
    ]);
    assert!(long.status.success() && short.status.success());
    assert_eq!(long.stdout, short.stdout);
    assert_eq!(json(&short)["seed"], 5);
    let out = ccsim(&[
        "replay",
        "--format",
        "csv",
        "tests/data/trace/mmc_monday.csv",
        "-s",
        "3",
        "-r",
        "2",
        "-j",
        "1",
        "--json",
    ]);
    assert_eq!(json(&out)["replications"], 2);
}

/// An 80-column terminal that keeps the lines drawn on it.
#[derive(Debug, Default, Clone)]
struct Screen {
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl indicatif::TermLike for Screen {
    fn width(&self) -> u16 {
        80
    }
    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.lines.lock().unwrap().push(s.to_string());
        Ok(())
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.write_line(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        Ok(())
    }
    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_progress_line_fits_80_columns() {
    let template = ccsim::cli::PROGRESS_TEMPLATE;
    // the widest each field gets (a run under 100 hours); the bar takes what is left
    let mut fixed = template.to_string();
    for (field, widest) in [
        ("{spinner}", "⠁"),
        ("{percent:>3}", "100"),
        ("{elapsed_precise}", "99:59:59"),
        ("{eta_precise}", "99:59:59"),
        ("{wide_bar}", ""),
    ] {
        fixed = fixed.replace(field, widest);
    }
    assert!(!fixed.contains('{'), "a field without a width: {fixed}");
    assert!(
        fixed.chars().count() <= 60,
        "the text around the bar takes {} of 80 columns: {fixed}",
        fixed.chars().count()
    );
    // and as indicatif draws it on an 80-column terminal
    let screen = Screen::default();
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(1000),
        indicatif::ProgressDrawTarget::term_like(Box::new(screen.clone())),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap()
            .progress_chars("=> "),
    );
    bar.set_position(500);
    bar.abandon(); // a forced draw, as it stands
    let lines: Vec<String> = screen
        .lines
        .lock()
        .unwrap()
        .iter()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect();
    assert!(!lines.is_empty());
    for line in lines {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}",
            line.chars().count()
        );
        assert!(line.contains(" 50% "), "{line}");
    }
}

#[test]
fn shipped_examples_print_and_load() {
    let list = ccsim(&["example"]);
    assert!(list.status.success());
    let list = String::from_utf8(list.stdout).unwrap();
    for name in ["mmc", "w1", "olymp", "pooling_split", "pooling_pooled"] {
        assert!(
            list.contains(&format!("\n  {name} ")),
            "{name} not listed:\n{list}"
        );
        let out = ccsim(&["example", name]);
        assert!(out.status.success());
        let file = format!("scenarios/{name}.toml");
        assert_eq!(out.stdout, std::fs::read(&file).unwrap(), "{name}");
    }
    let out = ccsim(&["example", "olympus"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: no shipped scenario is called `olympus`\nhelp: use one of mmc, w1, olymp, desk, pooling_split, pooling_pooled\n"
    );
}

#[test]
fn init_prints_a_starter_that_staffs_and_simulates() {
    let dir = scratch("init");
    let out = ccsim(&["init"]);
    assert!(out.status.success());
    let starter = dir.join("my.toml");
    std::fs::write(&starter, &out.stdout).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            >= 10,
        "commented"
    );
    let staff = json(&ccsim(&["staff", p(&starter), "--json"]));
    assert_eq!(staff["scenario"], "My help desk");
    let sim = ccsim(&["simulate", p(&starter), "-q", "-r", "2", "--days", "7"]);
    assert!(sim.status.success(), "{}", stderr(&sim));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn dev_stdout_is_written_through_to_the_redirect() {
    let dir = scratch("stdout");
    let file = dir.join("both.txt");
    let bin = env!("CARGO_BIN_EXE_ccsim");
    let line = format!(
        "'{bin}' {} --csv /dev/stdout > '{}'",
        ERLANG_C.join(" "),
        p(&file)
    );
    let out = Command::new("sh").args(["-c", &line]).output().expect("sh");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    // the CSV first, then the table on the same stdout
    assert!(
        text.starts_with("model,") || text.contains("offered_load_erlangs"),
        "{text}"
    );
    assert!(text.lines().count() > 4, "the table is missing: {text}");
    assert!(
        std::fs::symlink_metadata("/dev/stdout")
            .unwrap()
            .file_type()
            .is_symlink()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `simulate --csv F --out D` writes its four files in one go: when one cannot be
/// written, none is (the CSV used to be written before the folder failed).
#[cfg(unix)]
#[test]
fn simulate_writes_csv_and_out_together_or_not_at_all() {
    // /proc takes no new folders, not even from root
    if std::fs::create_dir("/proc/ccsim-probe").is_ok()
        || !std::path::Path::new("/proc/self").exists()
    {
        return;
    }
    let dir = scratch("csv-and-out");
    let csv = dir.join("kpis.csv");
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--days",
        "1",
        "-r",
        "2",
        "-q",
        "--csv",
        p(&csv),
        "-o",
        "/proc/ccsim-out",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!csv.exists(), "the CSV was written although --out failed");
    let out = ccsim(&[
        "simulate",
        "scenarios/mmc.toml",
        "--days",
        "1",
        "-r",
        "2",
        "-q",
        "--csv",
        p(&csv),
        "-o",
        p(&dir.join("run")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(csv.exists() && dir.join("run/summary.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The calculator's flags: what cannot be a target is refused with the flag named and
/// the way to write it; service levels are percentages.
#[test]
fn erlang_targets_that_cannot_be_met_and_ranges() {
    let base = [
        "erlang",
        "--model",
        "a",
        "--patience",
        "1m",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
    ];
    let cases: &[(&[&str], &str)] = &[
        (
            &["--target", "0.8/20"],
            "invalid value '0.8/20' for '--target <TARGET>': `0.8/20`: the service level is a percentage: write 80/20 for 80% within 20s (service levels are percentages on the command line (80/20) and shares in scenario files (service_level = 0.8))",
        ),
        (
            &["--target", "100/0"],
            "`100/0`: 100% within 0s cannot be met while contacts arrive (every queue has some chance of a longer wait): give e.g. 99.9/0",
        ),
        (
            &["--asa-target", "0"],
            "invalid value '0' for '--asa-target <ASA_TARGET>': `0`: an ASA of 0 cannot be met",
        ),
        (
            &["--max-abandon", "0"],
            "invalid value '0' for '--max-abandon <MAX_ABANDON>': `0`: no abandonment at all cannot be met",
        ),
        (
            &["--max-occupancy", "0"],
            "invalid value '0' for '--max-occupancy <MAX_OCCUPANCY>': `0`: an occupancy cap of 0 cannot be met",
        ),
        (
            &["--agents", "100001"],
            "invalid value '100001' for '--agents <AGENTS>'",
        ),
        (
            &["--agents", "3", "--patience", "400d"],
            "invalid value '400d' for '--patience <PATIENCE>': `400d` is outside the calculator's range: give a duration from 0.001s (1 ms) to 366d",
        ),
        (
            &["--agents", "3", "--aht", "1e27"],
            "invalid value '1e27' for '--aht <AHT>': `1e27` is outside the calculator's range",
        ),
        (
            &["--agents", "3", "--aht", "1s", "--patience", "12d"],
            "error: --patience 288h is more than 1000000 x --aht 1s (277h46m40s): contacts this patient hardly ever abandon; use --model c (or chat without --patience), or a shorter --patience",
        ),
        (
            &["--model", "chat", "--agents", "3", "--stretch", "1.5"],
            "invalid value '1.5' for '--stretch <STRETCH>': `1.5` is not a stretch from 0 to 1",
        ),
        (
            &["--model", "chat", "--agents", "3", "--concurrency", "21"],
            "invalid value '21' for '--concurrency <CONCURRENCY>': 21 is not in 1..=20",
        ),
        (
            &["--agents", "3", "--calls", "1e12"],
            "error: --calls 1000000000000 of 3m per 30m offer 100000000000 Erlang, more than the 100000 agents ccsim staffs can serve (100000 Erlang): lower --calls or split the load",
        ),
    ];
    for (extra, needle) in cases {
        // a flag of `extra` replaces the same flag of `base`
        let mut args: Vec<&str> = base.to_vec();
        for pair in extra.chunks(2) {
            match args.iter().position(|a| *a == pair[0]) {
                Some(i) => args[i + 1] = pair[1],
                None => args.extend_from_slice(pair),
            }
        }
        let out = ccsim(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected `{needle}` in {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
    // the three ways to write 80% within 20 s give the same answer
    for target in ["80/20", "80%/20s", "80%/20"] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(&["--target", target, "--json"]);
        let v = json(&ccsim(&args));
        assert_eq!(v["target_service_level"], 0.8, "{target}");
        assert_eq!(v["target_t_s"], 20.0, "{target}");
    }
}

/// An unreachable target exits 2 and says which target and why.
#[test]
fn erlang_unreachable_target_names_it() {
    let out = ccsim(&[
        "erlang",
        "--model",
        "c",
        "--calls",
        "50000",
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--max-occupancy",
        "0.01",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        "error: the targets cannot be met with 100000 agents, the most ccsim staffs: occupancy (OCC) is 0.050000 against a cap of 0.010000; relax them or split the load\n  = help: relax --max-occupancy, or lower --calls"
    );
    // an occupancy cap alone cannot staff a model that loses contacts: say which flags
    let out = ccsim(&[
        "erlang",
        "--model",
        "b",
        "--calls",
        "10",
        "--interval",
        "30m",
        "--aht",
        "3m",
        "--max-occupancy",
        "0.8",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.trim_end().ends_with("\n  = help: give --target, --asa-target, --max-abandon or --max-blocking beside --max-occupancy"),
        "{err}"
    );
}

/// At and below the offered load Erlang C says `stable: false` with null waits, in
/// JSON and in the table.
#[test]
fn erlang_c_unstable_is_said_the_same_way() {
    for agents in ["6", "7"] {
        let args = [
            "erlang",
            "--model",
            "c",
            "--calls",
            "15",
            "--interval",
            "15m",
            "--aht",
            "420s",
            "--target",
            "80/20",
            "--agents",
            agents,
        ];
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let v = json(&ccsim(&with_json));
        assert_eq!(v["stable"], false, "{agents}: {v}");
        for k in ["p_wait", "service_level", "asa_s", "mean_wait_all_s"] {
            assert!(v[k].is_null(), "{agents}: {k} in {v}");
        }
        assert_eq!(v["meets_targets"], false);
        let out = ccsim(&args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.ends_with("unstable: N <= offered load A: the queue grows without bound, so it has no waits, service level or ASA (-)\n"),
            "{text}"
        );
    }
}
