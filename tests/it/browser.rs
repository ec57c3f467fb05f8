//! The reports in a real browser: headless Chromium opens each `--report` page, prints
//! no console message (no failed load, no error), its text holds the summary numbers of
//! the command's `--json`, and a screenshot of a set size is taken.
//!
//! `.ci/run` installs Debian's `chromium` where it is missing. The browser is
//! `$CCSIM_BROWSER`, else the first of chromium, chromium-browser, google-chrome,
//! google-chrome-stable on the PATH. Without one the test says so and skips, unless
//! `CCSIM_REQUIRE_BROWSER=1` (set by `.ci/run` once the install succeeded) makes that a
//! failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::report::{target_value, text_of, thousands, verdict_of};
use crate::util::{ccsim, json, scratch};

/// Screenshot size, pixels.
const SHOT: (u32, u32) = (1200, 1600);

fn browser() -> Option<PathBuf> {
    if let Some(b) = std::env::var_os("CCSIM_BROWSER") {
        return Some(PathBuf::from(b));
    }
    let path = std::env::var_os("PATH")?;
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs the browser headless on `page` with `extra` flags; (stdout, stderr).
fn headless(browser: &Path, profile: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let url = format!(
        "file://{}",
        page.canonicalize().expect("the report's path").display()
    );
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the browser");
    // read both pipes on threads, so a chatty browser never blocks on a full pipe
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for the browser").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("the browser ran over 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (
        t_out.join().unwrap_or_default(),
        t_err.join().unwrap_or_default(),
    )
}

/// Width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&bytes[16..20]), be(&bytes[20..24])))
}

/// Opens `page`: no console message, `wanted` in its rendered text, and a screenshot.
fn check_in_browser(browser: &Path, dir: &Path, page: &Path, wanted: &[String]) {
    let name = page.file_stem().unwrap().to_string_lossy().to_string();
    let (dom, log) = headless(
        browser,
        &dir.join(format!("profile-{name}")),
        page,
        &["--dump-dom".to_string()],
    );
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "{name}: the browser's console says:\n{}",
        console.join("\n")
    );
    assert!(
        dom.contains("<svg"),
        "{name}: no chart in the DOM ({} bytes)",
        dom.len()
    );
    let text = text_of(&dom);
    for w in wanted {
        assert!(
            text.contains(w.as_str()),
            "{name}: `{w}` not in the rendered page"
        );
    }
    let shot = dir.join(format!("{name}.png"));
    let (_, log) = headless(
        browser,
        &dir.join(format!("profile-{name}-shot")),
        page,
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={},{}", SHOT.0, SHOT.1),
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("{name}: no screenshot ({e}): {log}"));
    assert_eq!(png_size(&png), Some(SHOT), "{name}: the screenshot's size");
    // a blank page compresses to a few kilobytes; a drawn one does not
    assert!(
        png.len() > 40_000,
        "{name}: a {}-byte screenshot looks blank",
        png.len()
    );
}

#[test]
fn every_report_renders_in_a_headless_browser() {
    let Some(browser) = browser() else {
        let msg = "browser test SKIPPED: no headless Chromium (install Debian's `chromium`, as .ci/run does, or set CCSIM_BROWSER)";
        assert!(
            std::env::var("CCSIM_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "{msg}, but CCSIM_REQUIRE_BROWSER=1"
        );
        eprintln!("{msg}");
        return;
    };
    let _heavy = crate::util::heavy();
    let dir = scratch("browser", "reports");
    let path = |name: &str| dir.join(name);
    let arg = |p: &PathBuf| p.to_str().unwrap().to_string();

    // simulate: the verdict and each target's value
    let sim = path("simulate.html");
    let run = [
        "simulate",
        "scenarios/olymp.toml",
        "-r",
        "3",
        "--days",
        "7",
        "-q",
    ];
    let mut a: Vec<String> = run.iter().map(|s| s.to_string()).collect();
    a.extend(["--report".into(), arg(&sim)]);
    let out = ccsim(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut j: Vec<&str> = run.to_vec();
    j.push("--json");
    let summary = json(&ccsim(&j));
    let mut wanted = vec![verdict_of(&summary)];
    for t in summary["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .take(5)
    {
        wanted.push(target_value(t));
    }
    check_in_browser(&browser, &dir, &sim, &wanted);

    // staff: total FTE
    let staff = path("staff.html");
    assert!(
        ccsim(&["staff", "scenarios/olymp.toml", "--report", &arg(&staff)])
            .status
            .success()
    );
    let s = json(&ccsim(&["staff", "scenarios/olymp.toml", "--json"]));
    let fte = format!("{:.1} FTE to schedule", s["total"]["fte"].as_f64().unwrap());
    check_in_browser(&browser, &dir, &staff, &[fte]);

    // plan: cost per week and the verdict
    let plan = path("plan.html");
    let p = json(&ccsim(&[
        "plan",
        "scenarios/desk.toml",
        "-r",
        "3",
        "--days",
        "7",
        "-q",
        "--json",
        "--report",
        &arg(&plan),
    ]));
    let cost = thousands(p["cost_per_week"].as_f64().unwrap());
    check_in_browser(&browser, &dir, &plan, &[format!("{cost} cost per week")]);

    // compare and sweep
    let cmp = path("compare.html");
    let out = ccsim(&[
        "compare",
        "scenarios/desk.toml",
        "--set",
        "group.English.shift.\"day a\".agents=3,4",
        "-r",
        "3",
        "--days",
        "3",
        "-q",
        "--report",
        &arg(&cmp),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_in_browser(&browser, &dir, &cmp, &["Cost of each variant".to_string()]);
    let sw = path("sweep.html");
    let out = ccsim(&[
        "sweep",
        "scenarios/desk.toml",
        "--set",
        "demand.weekly_contacts=+0%,+20%",
        "-r",
        "3",
        "--days",
        "3",
        "-q",
        "--report",
        &arg(&sw),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_in_browser(
        &browser,
        &dir,
        &sw,
        &["Each point of the sweep".to_string()],
    );
    // fit: the contacts read
    let fit = path("fit.html");
    let sample = "tests/data/trace/anonymous_bank_1999_sample.txt";
    assert!(
        ccsim(&[
            "fit",
            sample,
            "--trace-format",
            "bank",
            "--report",
            &arg(&fit)
        ])
        .status
        .success()
    );
    let f = json(&ccsim(&["fit", sample, "--trace-format", "bank", "--json"]));
    let read = thousands(f["contacts"].as_f64().unwrap());
    check_in_browser(&browser, &dir, &fit, &[format!("{read} contacts read")]);
    // replay --each: the verdict counts the KPIs between the bounds
    let each = path("replay.html");
    let args = ["replay", "--each", sample, "-r", "2", "--duty-bin", "15m"];
    let each_arg = arg(&each);
    let mut with_page = args.to_vec();
    with_page.extend(["--report", &each_arg]);
    assert!(ccsim(&with_page).status.success());
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let r = json(&ccsim(&with_json));
    check_in_browser(
        &browser,
        &dir,
        &each,
        &[format!(
            "{} of {} observed KPIs between the two staffing bounds",
            r["between"], r["judged"]
        )],
    );
    let _ = std::fs::remove_dir_all(&dir);
}
