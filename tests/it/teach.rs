//! `ccsim teach`: the lessons list, and the hockey stick's numbers are `ccsim erlang`'s.

use crate::util::{ccsim, scratch};

#[test]
fn teach_lists_its_lessons_and_names_a_wrong_one() {
    let out = ccsim(&["teach"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("hockey-stick"), "{text}");
    let bad = ccsim(&["teach", "pooling-of-nothing"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "error: no lesson `pooling-of-nothing`\n   = help: the lessons are: hockey-stick\n"
    );
}

/// Every row of the lesson is the calculator's answer at that many agents, and the
/// starred row is the calculator's required agents; the plot is an SVG with the title,
/// the axis labels and both series.
#[test]
fn the_hockey_stick_agrees_with_the_calculator() {
    let dir = scratch("teach", "stick");
    let svg = dir.join("stick.svg");
    // one queue, the same in the lesson and in the calculator
    let load = "--calls 300 --interval 1h --aht 4m --target 90/30";
    let mut args = vec!["teach", "hockey-stick", "--plot", svg.to_str().unwrap()];
    args.extend(load.split(' '));
    let out = ccsim(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let calc = |agents: &str| {
        let mut args = vec!["erlang", "--model", "c", "--json", "--agents", agents];
        args.extend(load.split(' '));
        crate::util::json(&ccsim(&args))
    };
    let required = calc("30")["required_agents"].as_u64().unwrap();
    let mut rows = 0;
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let Some(Ok(n)) = cols.first().map(|c| c.parse::<u64>()) else {
            continue;
        };
        rows += 1;
        let starred = cols.get(1) == Some(&"*");
        assert_eq!(starred, n == required, "{line}");
        let sl_text = cols[if starred { 2 } else { 1 }];
        let sl: f64 = sl_text.trim_end_matches('%').parse().unwrap();
        let want = calc(&n.to_string())["service_level"].as_f64().unwrap() * 100.0;
        assert!(
            (sl - want).abs() <= 0.05 + 1e-9,
            "{n} agents: {sl} vs {want}"
        );
    }
    assert!(rows >= 5, "{text}");
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(picture.starts_with("<svg") && picture.trim_end().ends_with("</svg>"));
    for label in [
        "Service level and occupancy against agents",
        "agents",
        "service level",
        "occupancy",
        "90%",
    ] {
        assert!(picture.contains(label), "missing {label}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
