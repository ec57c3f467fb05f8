//! `ccsim teach` output: each lesson's explanation with its numbers, and its plots.
//! [`render`] is the one entry point (the command line and reports call it).

use super::Table;
use super::format::{fmt_fixed, fmt_pct};
use crate::duration::format_duration_s as dur;
use crate::error::Result;
use crate::plot::lessons::{Corner, Frame, Marker, Pen, Series, line_chart_svg};
use crate::stats::Estimate;
use crate::teach::{
    Abandonment, HockeyStick, LESSONS, Outcome, Pooling, Reality, SimKpis, SimRun, SquareRoot,
    Variability, handle_time_words,
};

/// A lesson rendered: its explanation with the tables, and its plots (the first is
/// the main one, what `--plot` writes).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The lesson's title.
    pub title: String,
    /// The explanation and tables, as printed.
    pub text: String,
    /// (plot title, SVG document), main plot first.
    pub svgs: Vec<(String, String)>,
}

/// The list of lessons.
pub fn lessons_text() -> String {
    let mut out = String::from("Lessons (ccsim teach LESSON):\n");
    for (name, what) in LESSONS {
        out.push_str(&format!("  {name:<14} {what}\n"));
    }
    out
}

/// The text and plots of a lesson's outcome.
pub fn render(outcome: &Outcome) -> Result<Rendered> {
    match outcome {
        Outcome::HockeyStick(h) => hockey_stick(h),
        Outcome::Pooling(p) => pooling(p),
        Outcome::Variability(v) => variability(v),
        Outcome::Abandonment(a) => abandonment(a),
        Outcome::SquareRoot(s) => square_root(s),
        Outcome::Reality(r) => reality(r),
    }
}

fn opt(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

/// A share estimate as a percentage ± half-width in percentage points.
fn pct_est(e: &Estimate) -> String {
    if !e.mean.is_finite() {
        return "-".into();
    }
    if e.n < 2 || !e.half_width.is_finite() {
        return format!("{} ± {}", fmt_pct(e.mean, 2), super::format::NO_HALF_WIDTH);
    }
    format!(
        "{} ± {}",
        fmt_pct(e.mean, 2),
        fmt_fixed(e.half_width * 100.0, 2)
    )
}

fn est(e: &Estimate, digits: usize) -> String {
    super::format::fmt_estimate(e, digits)
}

fn queue_words(calls: f64, interval_s: f64, aht_s: f64) -> String {
    format!(
        "{} calls per {} of {} each ({} Erlang)",
        fmt_fixed(calls, if calls.fract() == 0.0 { 0 } else { 2 }),
        dur(interval_s),
        dur(aht_s),
        fmt_fixed(calls * aht_s / interval_s, 2)
    )
}

fn target_words(target: (f64, f64)) -> String {
    format!("{} answered within {}", fmt_pct(target.0, 0), dur(target.1))
}

fn run_words(run: &SimRun) -> String {
    format!(
        "Simulated: master seed {}, {} replications of {} days each; ± is the 95% confidence half-width.",
        run.seed,
        run.replications,
        fmt_fixed(run.days, if run.days.fract() == 0.0 { 0 } else { 2 })
    )
}

fn sim_command(run: &SimRun, extra: &str) -> String {
    format!(
        "ccsim simulate SCENARIO.toml --seed {} -r {} --days {}{extra}",
        run.seed, run.replications, run.days
    )
}

// ---------------------------------------------------------------------------------

fn hockey_stick(h: &HockeyStick) -> Result<Rendered> {
    let title = format!(
        "Service level and occupancy against agents ({} calls per {}, AHT {})",
        h.calls,
        dur(h.interval_s),
        dur(h.aht_s)
    );
    let points: Vec<crate::plot::StickPoint> = h
        .rows
        .iter()
        .map(|m| crate::plot::StickPoint {
            agents: m.agents,
            service_level: opt(m.service_level),
            occupancy: m.occupancy,
        })
        .collect();
    let svg = crate::plot::hockey_stick_svg(&title, &points, Some(h.target.0))?;
    Ok(Rendered {
        title: "The hockey stick".into(),
        text: hockey_stick_text(h),
        svgs: vec![(title, svg)],
    })
}

/// The hockey stick's explanation and table.
pub fn hockey_stick_text(h: &HockeyStick) -> String {
    let a = h.calls * h.aht_s / h.interval_s;
    let mut out = format!(
        "The hockey stick: {} calls per {} of {} each offer {} Erlang. Erlang C needs {} agents for {}\n\
         answered within {}. Around that number each agent changes the service a lot below the\n\
         target and little above it, while occupancy falls steadily:\n\n",
        fmt_fixed(h.calls, 0),
        dur(h.interval_s),
        dur(h.aht_s),
        fmt_fixed(a, 2),
        h.required,
        fmt_pct(h.target.0, 0),
        dur(h.target.1),
    );
    let mut t = Table::new([
        "agents",
        "service level",
        "ASA (s)",
        "occupancy",
        "SL change",
    ]);
    let mut last: Option<f64> = None;
    for m in &h.rows {
        let sl = opt(m.service_level);
        let change = last.map_or("-".to_string(), |p| format!("{:+.1} pp", (sl - p) * 100.0));
        last = Some(sl);
        t.push(vec![
            format!(
                "{}{}",
                m.agents,
                if m.agents == h.required { " *" } else { "" }
            ),
            fmt_pct(sl, 1),
            fmt_fixed(opt(m.asa_s), 1),
            fmt_pct(m.occupancy, 1),
            change,
        ]);
    }
    out.push_str(&t.render());
    out.push_str(
        "* the fewest agents meeting the target (the same as ccsim erlang --model c --target)\n",
    );
    out
}

// ---------------------------------------------------------------------------------

fn pooling(p: &Pooling) -> Result<Rendered> {
    let (Some(one), Some(split)) = (p.rows.first(), p.rows.last()) else {
        return Err(crate::error::Error::Failure(
            "the pooling lesson computed no rows".into(),
        ));
    };
    let extra = split.agents_total.saturating_sub(one.agents_total);
    let mut text = wrap(
        &format!(
            "Pooling: {} in one queue, {}.\n\
         One team of universal agents needs {} agents. Split the same calls into {} equal teams\n\
         (one per language, say) and each team needs {}: {} agents in all, {} more ({} more)\n\
         for the same service. A small team cannot lend its idle agents to its neighbours, so it\n\
         must keep more of them idle: occupancy falls from {} to {}.",
            queue_words(p.calls, p.interval_s, p.aht_s),
            target_words(p.target),
            one.agents_total,
            split.teams,
            split.agents_per_team,
            split.agents_total,
            extra,
            fmt_pct(f64::from(extra) / f64::from(one.agents_total.max(1)), 0),
            fmt_pct(one.measures.occupancy, 1),
            fmt_pct(split.measures.occupancy, 1),
        ),
        WIDTH,
    );
    text.push('\n');
    let mut t = Table::new([
        "teams",
        "calls per team",
        "agents per team",
        "agents in all",
        "occupancy",
        "ASA (s)",
        "service level",
    ]);
    for r in &p.rows {
        t.push(vec![
            r.teams.to_string(),
            fmt_fixed(r.calls_per_team, 2),
            r.agents_per_team.to_string(),
            r.agents_total.to_string(),
            fmt_pct(r.measures.occupancy, 1),
            fmt_fixed(opt(r.measures.asa_s), 1),
            fmt_pct(opt(r.measures.service_level), 1),
        ]);
    }
    text.push_str(&t.render());
    text.push_str(&format!(
        "Each team is one Erlang C queue: agents per team = ccsim erlang --model c --calls (calls / teams)\n\
         --interval {} --aht {} --target {}/{}. The offered load stays {} Erlang whatever the split.\n",
        dur(p.interval_s),
        dur(p.aht_s),
        fmt_fixed(p.target.0 * 100.0, 0),
        dur(p.target.1),
        fmt_fixed(p.load_erlangs, 2)
    ));
    let title = format!(
        "Agents needed against the number of teams sharing {} calls per {} ({} within {})",
        fmt_fixed(p.calls, 0),
        dur(p.interval_s),
        fmt_pct(p.target.0, 0),
        dur(p.target.1)
    );
    let max_agents = p.rows.iter().map(|r| r.agents_total).max().unwrap_or(1);
    let frame = Frame {
        title: title.clone(),
        x_desc: "teams the calls are split into".into(),
        y_desc: "agents".into(),
        x: (1.0, f64::from(split.teams.max(2))),
        y: (0.0, f64::from(max_agents) * 1.15 + 1.0),
        y_percent: false,
        x_log10: false,
        x_whole: true,
        target: None,
        legend: Corner::UpperLeft,
    };
    let series = [
        Series::new(
            "agents needed, all teams (Erlang C)",
            p.rows
                .iter()
                .map(|r| (f64::from(r.teams), f64::from(r.agents_total)))
                .collect(),
            Pen::Black,
            Marker::Dot,
        ),
        Series::new(
            "offered load (Erlang)",
            vec![
                (1.0, p.load_erlangs),
                (f64::from(split.teams.max(2)), p.load_erlangs),
            ],
            Pen::Dashed,
            Marker::None,
        ),
    ];
    let svg = line_chart_svg(&frame, &series)?;
    Ok(Rendered {
        title: "Pooling".into(),
        text,
        svgs: vec![(title, svg)],
    })
}

// ---------------------------------------------------------------------------------

fn variability(v: &Variability) -> Result<Rendered> {
    let c = &v.erlang_c;
    let mut text = wrap(
        &format!(
            "Variability: {}, {} agents (what Erlang C needs for {}).\n\
         The mean handle time stays {}; only its spread changes. Erlang C uses the mean alone\n\
         and assumes exponential handle times (cv 1): service level {}, ASA {} s. The simulation\n\
         draws every handle time: the more they vary, the longer the queue behind a long call,\n\
         and waits grow roughly with (1 + cv²)/2. Uncertain volume (a day-level factor) hurts more.\n\
         {}",
            queue_words(v.calls, v.interval_s, v.aht_s),
            v.agents,
            target_words(v.target),
            dur(v.aht_s),
            fmt_pct(opt(c.service_level), 2),
            fmt_fixed(opt(c.asa_s), 1),
            run_words(&v.run),
        ),
        WIDTH,
    );
    text.push('\n');
    let mut t = Table::new([
        "handle time",
        "cv",
        "volume cv",
        "service level",
        "ASA (s)",
        "occupancy",
    ]);
    t.push(vec![
        "Erlang C (theory)".into(),
        "1".into(),
        "0".into(),
        fmt_pct(opt(c.service_level), 2),
        fmt_fixed(opt(c.asa_s), 1),
        fmt_pct(c.occupancy, 1),
    ]);
    for r in &v.rows {
        t.push(vec![
            handle_time_words(r.cv),
            r.cv.to_string(),
            r.volume_cv.to_string(),
            pct_est(&r.sim.service_level),
            est(&r.sim.asa_s, 1),
            pct_est(&r.sim.occupancy),
        ]);
    }
    text.push_str(&t.render());
    text.push_str(&format!(
        "The exponential row is the queue Erlang C describes: its service level should hold\n\
         Erlang C's within its confidence interval. To run it yourself: ccsim teach variability\n\
         --write-scenario SCENARIO.toml, then {} (add --volume-cv for the last row).\n",
        sim_command(&v.run, "")
    ));
    let title = format!(
        "Mean wait (ASA) against handle-time variability ({} agents, AHT {})",
        v.agents,
        dur(v.aht_s)
    );
    let cv_rows: Vec<_> = v.rows.iter().filter(|r| r.volume_cv == 0.0).collect();
    let max_cv = cv_rows.iter().map(|r| r.cv).fold(1.0, f64::max);
    let max_y = v
        .rows
        .iter()
        .map(|r| r.sim.asa_s.mean + r.sim.asa_s.half_width.max(0.0))
        .chain(std::iter::once(opt(c.asa_s)))
        .filter(|x| x.is_finite())
        .fold(1.0, f64::max);
    let frame = Frame {
        title: title.clone(),
        x_desc: "coefficient of variation of handle time (sd / mean)".into(),
        y_desc: "ASA (s)".into(),
        x: (0.0, max_cv * 1.05),
        y: (0.0, max_y * 1.15),
        y_percent: false,
        x_log10: false,
        x_whole: false,
        target: None,
        legend: Corner::UpperLeft,
    };
    let mut sim = Series::new(
        "simulated ASA (95% interval)",
        cv_rows.iter().map(|r| (r.cv, r.sim.asa_s.mean)).collect(),
        Pen::Black,
        Marker::Dot,
    );
    sim.bars = cv_rows
        .iter()
        .map(|r| {
            let e = r.sim.asa_s;
            (r.cv, e.mean - e.half_width, e.mean + e.half_width)
        })
        .collect();
    let mut series = vec![
        sim,
        Series::new(
            "Erlang C (assumes cv 1)",
            vec![(0.0, opt(c.asa_s)), (max_cv * 1.05, opt(c.asa_s))],
            Pen::Dashed,
            Marker::None,
        ),
    ];
    let vol: Vec<_> = v.rows.iter().filter(|r| r.volume_cv > 0.0).collect();
    if let Some(r) = vol.first() {
        series.push(Series::new(
            format!("cv 1 with volume cv {}", r.volume_cv),
            vec![(r.cv, r.sim.asa_s.mean)],
            Pen::None,
            Marker::Square,
        ));
    }
    let svg = line_chart_svg(&frame, &series)?;
    Ok(Rendered {
        title: "Variability".into(),
        text,
        svgs: vec![(title, svg)],
    })
}

// ---------------------------------------------------------------------------------

fn abandonment(a: &Abandonment) -> Result<Rendered> {
    let at = |n: u32| a.curve.iter().find(|m| m.agents == n);
    let mut text = wrap(
        &format!(
            "Abandonment: {}, {}. Callers hang up after {} on\n\
         average (exponential patience). Erlang C assumes nobody hangs up and needs {} agents;\n\
         Erlang A counts the callers who give up and needs {}. Every caller who hangs up shortens\n\
         the wait of those behind, so with patience the same agents give better service to the\n\
         callers who stay: planned by Erlang C, the centre carries {} agent(s) more than the\n\
         target needs. (The callers who hung up are not served: watch the abandonment.)\n\
         {}",
            queue_words(a.calls, a.interval_s, a.aht_s),
            target_words(a.target),
            dur(a.patience_s),
            a.required_c,
            a.required_a,
            a.required_c as i64 - a.required_a as i64,
            run_words(&a.run),
        ),
        WIDTH,
    );
    text.push('\n');
    let mut t = Table::new([
        "model",
        "agents",
        "service level",
        "ASA (s)",
        "abandoned",
        "occupancy",
    ]);
    let theory = |label: &str, n: u32, c: bool| {
        at(n).map(|m| {
            let x = if c { m.erlang_c } else { m.erlang_a };
            vec![
                label.to_string(),
                n.to_string(),
                fmt_pct(opt(x.service_level), 2),
                fmt_fixed(opt(x.asa_s), 1),
                fmt_pct(x.p_abandon.unwrap_or(0.0), 2),
                fmt_pct(x.occupancy, 2),
            ]
        })
    };
    let sim_row = |label: &str, n: u32, s: &SimKpis| {
        Some(vec![
            label.to_string(),
            n.to_string(),
            pct_est(&s.service_level),
            est(&s.asa_s, 1),
            pct_est(&s.abandon_rate),
            pct_est(&s.occupancy),
        ])
    };
    // at Erlang C's requirement, then at Erlang A's
    for r in [
        theory("Erlang C", a.required_c, true),
        theory("Erlang A", a.required_c, false),
        sim_row("simulation", a.required_c, &a.sim_at_c),
        theory("Erlang A", a.required_a, false),
        sim_row("simulation", a.required_a, &a.sim_at_a),
    ]
    .into_iter()
    .flatten()
    {
        t.push(r);
    }
    text.push_str(&t.render());
    text.push_str(&format!(
        "Service level: answered within {} / offered (abandoned callers are misses); ASA: mean\n\
         wait of the answered; Erlang C's agents = ccsim erlang --model c, Erlang A's = ccsim\n\
         erlang --model a --patience {}. The simulation is the Erlang A queue (exponential handle\n\
         times and patience): ccsim teach abandonment --write-scenario SCENARIO.toml, then\n\
         {} (with {} agents; {} for the other row).\n",
        dur(a.target.1),
        dur(a.patience_s),
        sim_command(&a.run, ""),
        a.required_a,
        a.required_c,
    ));
    let title = format!(
        "Service level against agents: Erlang C, Erlang A (patience {}) and simulation",
        dur(a.patience_s)
    );
    let (lo, hi) = match (a.curve.first(), a.curve.last()) {
        (Some(f), Some(l)) => (f64::from(f.agents), f64::from(l.agents.max(f.agents + 1))),
        _ => (0.0, 1.0),
    };
    let frame = Frame {
        title: title.clone(),
        x_desc: "agents".into(),
        y_desc: "service level (share answered within T)".into(),
        x: (lo, hi),
        y: (0.0, 1.0),
        y_percent: true,
        x_log10: false,
        x_whole: true,
        target: Some((a.target.0, format!("target {}", fmt_pct(a.target.0, 0)))),
        legend: Corner::LowerRight,
    };
    let mut sim = Series::new(
        "simulation (Erlang A queue, 95% interval)",
        vec![
            (f64::from(a.required_c), a.sim_at_c.service_level.mean),
            (f64::from(a.required_a), a.sim_at_a.service_level.mean),
        ],
        Pen::None,
        Marker::Square,
    );
    sim.bars = [(a.required_c, &a.sim_at_c), (a.required_a, &a.sim_at_a)]
        .iter()
        .map(|(n, s)| {
            let e = s.service_level;
            (f64::from(*n), e.mean - e.half_width, e.mean + e.half_width)
        })
        .collect();
    let series = [
        Series::new(
            "Erlang C (nobody hangs up)",
            a.curve
                .iter()
                .map(|m| (f64::from(m.agents), opt(m.erlang_c.service_level)))
                .collect(),
            Pen::Grey,
            Marker::Cross,
        ),
        Series::new(
            format!("Erlang A (patience {})", dur(a.patience_s)),
            a.curve
                .iter()
                .map(|m| (f64::from(m.agents), opt(m.erlang_a.service_level)))
                .collect(),
            Pen::Black,
            Marker::Dot,
        ),
        sim,
    ];
    let svg = line_chart_svg(&frame, &series)?;
    Ok(Rendered {
        title: "Abandonment".into(),
        text,
        svgs: vec![(title, svg)],
    })
}

// ---------------------------------------------------------------------------------

fn square_root(s: &SquareRoot) -> Result<Rendered> {
    let mut text = wrap(
        &format!(
            "Square-root staffing: N = A + β·√A. At the same AHT ({}) and target ({}),\n\
         Erlang C's agents N for centres from {} to {} Erlang, the safety staff N − A, β = (N − A)/√A\n\
         and occupancy A/N. The safety staff grows only with √A, so the bigger the centre the\n\
         smaller its share of idle agents: big centres run hotter for the same service.",
            dur(s.aht_s),
            target_words(s.target),
            s.rows
                .first()
                .map_or("-".into(), |r| fmt_fixed(r.load_erlangs, 0)),
            s.rows
                .last()
                .map_or("-".into(), |r| fmt_fixed(r.load_erlangs, 0)),
        ),
        WIDTH,
    );
    text.push('\n');
    let mut t = Table::new([
        "load (Erlang)",
        "calls per interval",
        "agents N",
        "N - A",
        "beta",
        "occupancy",
        "service level",
        "ASA (s)",
    ]);
    for r in &s.rows {
        t.push(vec![
            fmt_fixed(r.load_erlangs, 2),
            fmt_fixed(r.calls, 2),
            r.agents.to_string(),
            fmt_fixed(f64::from(r.agents) - r.load_erlangs, 2),
            fmt_fixed(r.beta, 3),
            fmt_pct(r.measures.occupancy, 1),
            fmt_pct(opt(r.measures.service_level), 1),
            fmt_fixed(opt(r.measures.asa_s), 1),
        ]);
    }
    text.push_str(&t.render());
    text.push_str(&format!(
        "N is ccsim erlang --model c --calls (calls per interval) --interval {} --aht {} --target {}/{}.\n",
        dur(s.interval_s),
        dur(s.aht_s),
        fmt_fixed(s.target.0 * 100.0, 0),
        dur(s.target.1)
    ));
    let logs: Vec<f64> = s.rows.iter().map(|r| r.load_erlangs.log10()).collect();
    let (x0, x1) = (
        logs.iter().copied().fold(f64::INFINITY, f64::min).floor(),
        logs.iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
            .ceil(),
    );
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let title = format!(
        "Occupancy against offered load at {} (AHT {})",
        target_words(s.target),
        dur(s.aht_s)
    );
    let frame = Frame {
        title: title.clone(),
        x_desc: "offered load (Erlang, log scale)".into(),
        y_desc: "occupancy (share of agents' time busy)".into(),
        x: (x0, x1),
        y: (0.0, 1.0),
        y_percent: true,
        x_log10: true,
        x_whole: false,
        target: None,
        legend: Corner::LowerRight,
    };
    let occupancy = Series::new(
        "occupancy A/N (Erlang C's N)",
        s.rows
            .iter()
            .zip(&logs)
            .map(|(r, x)| (*x, r.measures.occupancy))
            .collect(),
        Pen::Black,
        Marker::Dot,
    );
    let svg = line_chart_svg(&frame, &[occupancy])?;
    let beta_title = format!(
        "Safety staff beta = (N - A) / sqrt(A) against offered load at {}",
        target_words(s.target)
    );
    let max_beta = s.rows.iter().map(|r| r.beta).fold(1.0, f64::max);
    let beta_frame = Frame {
        title: beta_title.clone(),
        y_desc: "beta (safety agents per sqrt of the load)".into(),
        y: (0.0, max_beta * 1.15),
        y_percent: false,
        ..frame
    };
    let beta = Series::new(
        "beta of Erlang C's N",
        s.rows
            .iter()
            .zip(&logs)
            .map(|(r, x)| (*x, r.beta))
            .collect(),
        Pen::Black,
        Marker::Square,
    );
    let beta_svg = line_chart_svg(&beta_frame, &[beta])?;
    Ok(Rendered {
        title: "Square-root staffing".into(),
        text,
        svgs: vec![(title, svg), (beta_title, beta_svg)],
    })
}

// ---------------------------------------------------------------------------------

fn reality(r: &Reality) -> Result<Rendered> {
    let rep = &r.replay;
    let o = &rep.observed;
    let patience = r
        .patience_s
        .map_or("unknown".into(), |m| format!("{} s", fmt_fixed(m, 0)));
    let mut text = format!(
        "Reality: {} days of a real centre, {}.\n{}\n\n",
        rep.horizon_s / 86_400.0,
        r.source,
        r.load_report,
    );
    text.push_str(&wrap(
        &format!(
            "The replay (the same as ccsim replay) runs these calls through the simulator: each \
             call arrives when it did and keeps its observed handle time, patience is the trace's \
             (mean {}), and the agents on duty each hour are read from the trace as two bounds: \
             every agent id that served in the hour (upper) and the most calls in service at once \
             (lower). Theory applies Erlang A (that patience) and Erlang C to each hour with its \
             calls, its mean handle time and the upper bound of agents, weighted by the hour's \
             calls. Master seed {}, {} replications; ± is the 95% confidence half-width.",
            patience, rep.options.seed, rep.options.replications,
        ),
        WIDTH,
    ));
    text.push('\n');
    let th = &r.theory;
    let kpi = |key: &str| rep.rows.iter().find(|k| k.key == key);
    let mut t = Table::new([
        "measure",
        "observed",
        "replay, agent ids",
        "replay, busy peak",
        "Erlang A, hourly",
        "Erlang C, hourly",
    ]);
    let rows: [(&str, &str, bool, usize, f64, f64); 4] = [
        (
            "service level",
            "service_level",
            true,
            2,
            th.erlang_a_sl,
            th.erlang_c_sl,
        ),
        (
            "abandon rate",
            "abandon_rate",
            true,
            2,
            th.erlang_a_abandon,
            0.0,
        ),
        (
            "ASA of answered (s)",
            "asa_s",
            false,
            1,
            th.erlang_a_asa_s,
            f64::NAN,
        ),
        (
            "wait p90 of answered (s)",
            "wait_p90_s",
            false,
            1,
            f64::NAN,
            f64::NAN,
        ),
    ];
    t.push(vec![
        "calls".into(),
        o.offered.to_string(),
        est(&kpi("offered").map_or(nan(), |k| k.simulated), 0),
        est(&kpi("offered").map_or(nan(), |k| k.simulated_busy_peak), 0),
        "-".into(),
        "-".into(),
    ]);
    for (label, key, share, digits, a, c) in rows {
        let Some(k) = kpi(key) else { continue };
        let (obs, up, low, ta, tc) = if share {
            (
                fmt_pct(opt(k.observed), digits),
                pct_est(&k.simulated),
                pct_est(&k.simulated_busy_peak),
                fmt_pct(a, digits),
                fmt_pct(c, digits),
            )
        } else {
            (
                fmt_fixed(opt(k.observed), digits),
                est(&k.simulated, digits),
                est(&k.simulated_busy_peak, digits),
                fmt_fixed(a, digits),
                fmt_fixed(c, digits),
            )
        };
        t.push(vec![label.into(), obs, up, low, ta, tc]);
    }
    t.push(vec![
        "occupancy".into(),
        "-".into(),
        pct_est(&rep.upper.occupancy),
        pct_est(&rep.lower.occupancy),
        "-".into(),
        "-".into(),
    ]);
    text.push_str(&t.render());
    text.push_str(&format!(
        "service level: answered within {} / (answered + abandoned); Erlang C has no abandonment{}.\n\n",
        dur(rep.options.target_s),
        if th.erlang_c_unstable_hours > 0 {
            format!(
                " and no steady state in {} hour(s) with no more agents than load (counted as 0 service)",
                th.erlang_c_unstable_hours
            )
        } else {
            String::new()
        }
    ));
    let mut d = Table::new([
        "day",
        "calls",
        "agent-hours",
        "observed SL",
        "Erlang A SL",
        "Erlang C SL",
        "observed abandon",
        "Erlang A abandon",
    ]);
    for day in &r.days {
        d.push(vec![
            day.date.clone(),
            day.calls.to_string(),
            fmt_fixed(day.agent_hours, 0),
            fmt_pct(opt(day.observed.service_level), 1),
            fmt_pct(day.theory.erlang_a_sl, 1),
            fmt_pct(day.theory.erlang_c_sl, 1),
            fmt_pct(opt(day.observed.abandon_rate), 1),
            fmt_pct(day.theory.erlang_a_abandon, 1),
        ]);
    }
    text.push_str(&d.render());
    let sim_sl = kpi("service_level").map_or(f64::NAN, |k| k.simulated.mean);
    let obs_sl = opt(o.service_level);
    let verdict = if obs_sl < sim_sl && obs_sl < th.erlang_a_sl {
        "The callers got worse service than the replay and Erlang A promise, although both use \
         the trace's own calls, handle times and patience. The models are only as good as what \
         they are told: an agent id that served in an hour was not there for the whole hour \
         (breaks, other work, the lower bound is closer), the bank routed calls by type where \
         the models keep one queue (and Erlang serves first come first served, where the \
         replay gives priority customers the bank's 90 s head start), and the patience and \
         the hour's arrivals are not the exponential and Poisson ones theory assumes."
    } else {
        "Compare the columns: where the models and the callers agree, the trace's staffing and \
         patience explain the service; where they part, look for what the models leave out \
         (who was really available, routing by type and priority, bursty arrivals)."
    };
    text.push('\n');
    text.push_str(&wrap(verdict, WIDTH));
    text.push_str("\nThe whole months: ccsim teach reality --trace ../shared/data/anonymous_bank_1999/01.txt (see the README).\n");
    let title = format!(
        "Service level by hour: observed, Erlang A and Erlang C (answered within {})",
        dur(rep.options.target_s)
    );
    let max_h = r
        .hours
        .iter()
        .map(|h| h.start_s / 3600.0 + 1.0)
        .fold(1.0, f64::max);
    // a gap (hours without calls) breaks the lines
    let hourly = |f: &dyn Fn(&crate::teach::RealityHour) -> f64| -> Vec<(f64, f64)> {
        let mut pts = Vec::new();
        let mut last: Option<f64> = None;
        for h in &r.hours {
            let x = h.start_s / 3600.0 + 0.5;
            if last.is_some_and(|l| x - l > 1.5) {
                pts.push((f64::NAN, f64::NAN));
            }
            pts.push((x, f(h)));
            last = Some(x);
        }
        pts
    };
    let frame = Frame {
        title: title.clone(),
        x_desc: "hours from the trace's first midnight".into(),
        y_desc: format!(
            "service level (share answered within {})",
            dur(rep.options.target_s)
        ),
        x: (0.0, max_h),
        y: (0.0, 1.0),
        y_percent: true,
        x_log10: false,
        x_whole: true,
        target: Some((r.target.0, format!("target {}", fmt_pct(r.target.0, 0)))),
        legend: Corner::LowerLeft,
    };
    let series = [
        Series::new(
            "observed",
            hourly(&|h| opt(h.observed.service_level)),
            Pen::None,
            Marker::Dot,
        ),
        Series::new(
            "Erlang A (trace's patience)",
            hourly(&|h| h.erlang_a.map_or(f64::NAN, |a| opt(a.service_level))),
            Pen::Black,
            Marker::None,
        ),
        Series::new(
            "Erlang C",
            hourly(&|h| h.erlang_c.service_level.unwrap_or(0.0)),
            Pen::Dashed,
            Marker::None,
        ),
    ];
    let svg = line_chart_svg(&frame, &series)?;
    Ok(Rendered {
        title: "Reality".into(),
        text,
        svgs: vec![(title, svg)],
    })
}

/// Width of the lessons' prose, characters.
const WIDTH: usize = 92;

fn nan() -> Estimate {
    Estimate {
        mean: f64::NAN,
        half_width: f64::NAN,
        n: 0,
    }
}

/// `text` wrapped at `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
