//! `--report FILE.html` on staff, simulate, plan, compare, sweep and fit: one self-contained
//! page (no scripts, nothing fetched), its summary numbers the command's own (checked
//! against its `--json`), every chart a well-formed SVG with its title, axis labels and
//! series; under 2 MB for olymp. The browser test (`browser.rs`) renders them.

use crate::util::{ccsim, json, scratch};

/// The SVG documents inlined in a page.
pub fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg ")
        .map(|(at, _)| {
            let end = html[at..].find("</svg>").expect("closed svg") + at + "</svg>".len();
            &html[at..end]
        })
        .collect()
}

/// A page's text: tags dropped, entities of the escaper decoded, spaces collapsed.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks what every report holds: a whole HTML document without scripts or fetched
/// resources, each chart a well-formed SVG, and each of `wanted` in the page.
fn check_page(html: &str, wanted: &[&str]) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..100]);
    assert!(html.trim_end().ends_with("</html>"));
    for banned in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(banned), "the page has {banned}");
    }
    let charts = svgs(html);
    assert!(!charts.is_empty(), "no chart");
    for svg in &charts {
        let doc = roxmltree::Document::parse(svg)
            .unwrap_or_else(|e| panic!("an SVG does not parse: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        // a chart draws something: lines, rectangles or polygons beyond its background
        let marks = doc
            .descendants()
            .filter(|n| ["polyline", "polygon", "rect", "line"].contains(&n.tag_name().name()))
            .count();
        assert!(marks > 10, "an empty chart: {}", &svg[..200.min(svg.len())]);
    }
    for w in wanted {
        assert!(html.contains(w), "the page lacks `{w}`");
    }
}

/// The summary's verdict for a `simulate --json` summary: `All 30 targets met` or
/// `3 of 30 targets missed`.
pub fn verdict_of(summary: &serde_json::Value) -> String {
    let targets = summary["targets"].as_array().expect("targets");
    let missed = targets.iter().filter(|t| t["pass"] == false).count();
    let judged = targets.iter().filter(|t| !t["pass"].is_null()).count();
    if missed == 0 {
        format!("All {judged} targets met")
    } else {
        format!("{missed} of {judged} targets missed")
    }
}

/// A target's mean as the report shows it (the KPI table's decimals).
pub fn target_value(t: &serde_json::Value) -> String {
    let digits = match t["kpi"].as_str() {
        Some("asa_s") => 1,
        Some("abandon_rate") => 4,
        _ => 3,
    };
    format!("{:.digits$}", t["mean"].as_f64().expect("a mean"))
}

/// A whole number with thousands separated: `1,234,567`.
pub fn thousands(x: f64) -> String {
    let digits = format!("{x:.0}");
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).expect("the report")
}

#[test]
fn simulate_report_summarises_targets_and_draws_every_chart() {
    let dir = scratch("report", "simulate");
    let page = dir.join("olymp.html");
    let args = [
        "simulate",
        "scenarios/olymp.toml",
        "-r",
        "3",
        "--days",
        "7",
        "-q",
    ];
    let mut with_report = args.to_vec();
    with_report.extend(["--report", page.to_str().unwrap()]);
    let out = ccsim(&with_report);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let summary = json(&ccsim(&with_json));
    let html = read(&page);
    assert!(html.len() < 2_000_000, "{} bytes", html.len());
    check_page(
        &html,
        &[
            // the charts, their axes and series
            "Agents per interval: required, on duty and busy, per group",
            "required on duty",
            "on duty (roster)",
            "busy (simulated mean)",
            "under-staffed",
            "Service per interval against the targets",
            "95% confidence band",
            "simulated mean",
            "service level (20s)",
            "How long customers wait: distribution of waits per queue",
            "share waiting at most",
            "share answered within",
            "Occupancy of each group per interval",
            "E-mail and ticket backlog over the week, and response times",
            "contacts waiting",
            "response time (",
            "day of the week (UTC",
            "Mon",
            "Sun",
            "agents",
        ],
    );
    let text = text_of(&html);
    // the verdict counts the targets the JSON says are missed
    let verdict = verdict_of(&summary);
    assert!(text.contains(&verdict), "no `{verdict}` in the summary");
    // each target's row: its name and mean as the JSON gives them
    for t in summary["targets"].as_array().expect("targets") {
        let name = t["name"].as_str().unwrap();
        let shown = target_value(t);
        assert!(
            text.contains(&format!("{name} ")) && text.contains(&shown),
            "target {t} not shown as {shown}"
        );
    }
    assert!(text.contains(&format!("seed {}", summary["seed"])));
    let with_commas = thousands(summary["total"]["offered"]["mean"].as_f64().unwrap());
    assert!(text.contains(&with_commas), "offered {with_commas}");
    // the same run gives the same bytes
    let again = dir.join("again.html");
    let mut twice = args.to_vec();
    twice.extend(["--report", again.to_str().unwrap(), "--threads", "1"]);
    assert!(ccsim(&twice).status.success());
    assert_eq!(html, read(&again), "the report depends on the thread count");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn staff_report_shows_fte_and_cost_of_the_requirement() {
    let dir = scratch("report", "staff");
    let page = dir.join("staff.html");
    let plots = dir.join("plots");
    let out = ccsim(&[
        "staff",
        "scenarios/olymp.toml",
        "--report",
        page.to_str().unwrap(),
        "--plots",
        plots.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = json(&ccsim(&["staff", "scenarios/olymp.toml", "--json"]));
    let html = read(&page);
    check_page(
        &html,
        &[
            "Agents per interval: required on duty, to schedule, and the roster on duty",
            "to schedule (after shrinkage)",
            "E-mail and ticket backlog at the required agents",
        ],
    );
    // --plots: each chart of the page as its own file, the same SVG
    let mut names: Vec<String> = std::fs::read_dir(&plots)
        .expect("the plots folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["backlog.svg", "staffing.svg"]);
    for n in &names {
        let svg = std::fs::read_to_string(plots.join(n)).unwrap();
        assert!(
            svgs(&html).contains(&svg.trim()),
            "{n} differs from the page's chart"
        );
    }
    let text = text_of(&html);
    let fte = j["total"]["fte"].as_f64().unwrap();
    assert!(
        text.contains(&format!("{fte:.1} FTE to schedule")),
        "FTE {fte:.1} not in the summary"
    );
    for t in j["tiers"].as_array().unwrap() {
        let f = t["fte"].as_f64().unwrap();
        assert!(text.contains(&format!("{f:.1} FTE, tier {}", t["tier"].as_str().unwrap())));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn plan_compare_and_sweep_reports_draw_their_charts() {
    let dir = scratch("report", "others");
    let plan_page = dir.join("plan.html");
    let plan = json(&ccsim(&[
        "plan",
        "scenarios/desk.toml",
        "-r",
        "4",
        "--days",
        "7",
        "-q",
        "--json",
        "--report",
        plan_page.to_str().unwrap(),
    ]));
    let html = read(&plan_page);
    check_page(
        &html,
        &[
            "The planned roster: agents required and on duty per interval of the week",
            "required on duty",
            "on duty (roster)",
            "above the LP bound",
        ],
    );
    let text = text_of(&html);
    let cost = thousands(plan["cost_per_week"].as_f64().unwrap());
    assert!(
        text.contains(&format!("{cost} cost per week")),
        "cost {cost}"
    );
    if plan["met"] == true {
        assert!(text.contains("targets met (at the one-sided 95% bound)"));
    }

    let cmp_page = dir.join("compare.html");
    let out = ccsim(&[
        "compare",
        "scenarios/desk.toml",
        "--set",
        "group.English.shift.\"day a\".agents=3,4",
        "-r",
        "4",
        "--days",
        "3",
        "-q",
        "--report",
        cmp_page.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = read(&cmp_page);
    check_page(
        &html,
        &[
            "Each KPI per variant with its 95% confidence interval",
            "95% confidence interval",
            "variant",
            "Cost of each variant",
        ],
    );

    let sweep_page = dir.join("sweep.html");
    let out = ccsim(&[
        "sweep",
        "scenarios/desk.toml",
        "--set",
        "demand.weekly_contacts=+0%..+30%:10%",
        "-r",
        "3",
        "--days",
        "3",
        "-q",
        "--report",
        sweep_page.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = read(&sweep_page);
    check_page(
        &html,
        &[
            "Each KPI against the swept value, with 95% confidence intervals",
            "demand.weekly_contacts",
            "Each point of the sweep",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A report that cannot be written leaves nothing: not the report, not the other files
/// of the run; and a report may not overwrite an input.
#[test]
fn a_report_is_written_whole_or_not_at_all() {
    let dir = scratch("report", "whole");
    let csv = dir.join("kpis.csv");
    // a folder that cannot be made: its parent is a file
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let blocked = file.join("r.html");
    let out = ccsim(&[
        "simulate",
        "scenarios/w1.toml",
        "-r",
        "2",
        "--days",
        "1",
        "-q",
        "--csv",
        csv.to_str().unwrap(),
        "--report",
        blocked.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        !csv.exists(),
        "the CSV was written though the report failed"
    );
    assert!(!blocked.exists());
    let over = ccsim(&[
        "staff",
        "scenarios/w1.toml",
        "--report",
        "scenarios/w1.toml",
    ]);
    assert_eq!(over.status.code(), Some(2));
    let err = String::from_utf8_lossy(&over.stderr);
    assert!(err.contains("--report"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every lesson's page: its explanation (the printed text) on top, then its plots.
#[test]
fn every_lesson_has_a_report() {
    let dir = scratch("report", "teach");
    for lesson in [
        "hockey-stick",
        "pooling",
        "variability",
        "abandonment",
        "square-root",
        "reality",
    ] {
        let page = dir.join(format!("{lesson}.html"));
        let out = ccsim(&["teach", lesson, "--report", page.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{lesson}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8(out.stdout).unwrap();
        let html = read(&page);
        let first = printed.lines().next().unwrap();
        check_page(&html, &["ccsim teach: ", "Pictures"]);
        assert!(
            text_of(&html).contains(&first.split_whitespace().collect::<Vec<_>>().join(" ")),
            "{lesson}: the page lacks `{first}`"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `fit --report`: the observed handle times and the Kaplan-Meier patience beside every
/// fitted distribution, with the KS p-values and distances of the `--json`; `--plots`
/// writes the same charts; the scenario, the page and the charts are written together.
#[test]
fn fit_report_draws_each_fit_beside_the_observed() {
    let dir = scratch("report", "fit");
    let (page, plots, toml) = (
        dir.join("fit.html"),
        dir.join("plots"),
        dir.join("fit.toml"),
    );
    let sample = "tests/data/trace/anonymous_bank_1999_sample.txt";
    let out = ccsim(&[
        "fit",
        sample,
        "--trace-format",
        "bank",
        "--report",
        page.to_str().unwrap(),
        "--plots",
        plots.to_str().unwrap(),
        "--out",
        toml.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&ccsim(&["fit", sample, "--trace-format", "bank", "--json"]));
    let html = read(&page);
    check_page(
        &html,
        &[
            "Handle times: observed and fitted distributions",
            "Patience: who hangs up by each wait, estimated and fitted",
            "handle time (",
            "share hung up by",
            "Kaplan-Meier (",
            "Staffing the log shows, per interval of the week",
        ],
    );
    let text = text_of(&html);
    // the staffing chart's legend gives the agent-hours the JSON has
    let hours = &v["staffing"]["agent_hours_per_week"];
    for (key, label) in [
        ("agent_ids", "every agent id serving (upper bound, "),
        (
            "busy_peak",
            "most contacts in service at once (lower bound, ",
        ),
    ] {
        let h = hours[key].as_f64().expect("agent-hours");
        let want = format!("{label}{h:.0}");
        assert!(html.contains(&want), "the page lacks `{want}`");
    }
    assert!(
        text.contains(&thousands(v["contacts"].as_f64().unwrap())),
        "{text}"
    );
    // every fitted handle-time distribution with its KS p-value, as the JSON has it
    for f in v["handle_time"][0]["fits"].as_array().expect("fits") {
        let p = f["ks_p"].as_f64().unwrap();
        let shown = ccsim::fit::p_words(p);
        let label = format!("{} (KS p {shown})", f["dist"].as_str().unwrap());
        assert!(html.contains(&label), "the page lacks `{label}`");
    }
    // every censored patience fit
    for f in v["patience"][0]["fits"].as_array().expect("fits") {
        let name = f["dist"].as_str().unwrap();
        assert!(
            html.contains(&format!("{name} (max distance to Kaplan-Meier ")),
            "{name}"
        );
    }
    // the charts as files are the page's
    for name in ["handle", "patience", "staffing"] {
        let svg = std::fs::read_to_string(plots.join(format!("{name}.svg"))).expect("svg");
        assert!(
            svgs(&html).contains(&svg.trim_end()),
            "{name}.svg differs from the page's"
        );
    }
    assert!(
        std::fs::read_to_string(&toml)
            .unwrap()
            .contains("[[channel]]")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `replay --each --report/--plots`: the verdict counts the KPIs between the bounds as
/// the JSON does; the chart has a dot for each KPI between and a cross for each
/// outside; the single replay draws its one period the same way.
#[test]
fn replay_report_draws_each_kpi_against_its_bounds() {
    let dir = scratch("report", "replay");
    let (page, plots) = (dir.join("replay.html"), dir.join("plots"));
    let sample = "tests/data/trace/anonymous_bank_1999_sample.txt";
    let flags = ["-r", "2", "--duty-bin", "15m", "--wrap-up", "60s"];
    let mut args = vec!["replay", "--each", sample, sample];
    args.extend(flags);
    let mut with_files = args.clone();
    with_files.extend([
        "--report",
        page.to_str().unwrap(),
        "--plots",
        plots.to_str().unwrap(),
    ]);
    let out = ccsim(&with_files);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    args.push("--json");
    let v = json(&ccsim(&args));
    let (between, judged) = (
        v["between"].as_u64().unwrap(),
        v["judged"].as_u64().unwrap(),
    );
    assert_eq!(judged, 10);
    let html = read(&page);
    check_page(
        &html,
        &[
            &format!("{between} of {judged} observed KPIs between the two staffing bounds"),
            "Observed against the replay",
            "abandon rate",
            "service level",
            "ASA of answered",
            "wait p90 of answered",
            "mean wait of all",
            "anonymous_bank_1999_sample",
        ],
    );
    let svg = std::fs::read_to_string(plots.join("brackets.svg")).expect("svg");
    assert!(
        svgs(&html).contains(&svg.trim_end()),
        "brackets.svg differs"
    );
    // a dot per KPI between its bounds, and the legend's
    assert_eq!(svg.matches("<circle").count() as u64, between + 1, "{svg}");
    // the single replay: its one period
    let single_plots = dir.join("single");
    let out = ccsim(&[
        "replay",
        sample,
        "-r",
        "2",
        "--plots",
        single_plots.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let one = std::fs::read_to_string(single_plots.join("brackets.svg")).expect("svg");
    assert!(one.contains("Observed against the replay"), "{one}");
    assert_eq!(
        one.matches("anonymous_bank_1999_sample").count(),
        5,
        "a period in each of the 5 panels"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
