//! `ccsim teach` output: each lesson's explanation with its numbers.

use super::Table;
use super::format::{fmt_fixed, fmt_pct};
use crate::teach::{HockeyStick, LESSONS};

/// The list of lessons.
pub fn lessons_text() -> String {
    let mut out = String::from("Lessons (ccsim teach LESSON):\n");
    for (name, what) in LESSONS {
        out.push_str(&format!("  {name:<14} {what}\n"));
    }
    out
}

/// The hockey stick's explanation and table.
pub fn hockey_stick_text(h: &HockeyStick) -> String {
    let a = h.calls * h.aht_s / h.interval_s;
    let mut out = format!(
        "The hockey stick: {} calls per {} of {} each offer {} Erlang. Erlang C needs {} agents for {}\n\
         answered within {}. Around that number each agent changes the service a lot below the\n\
         target and little above it, while occupancy falls steadily:\n\n",
        fmt_fixed(h.calls, 0),
        crate::duration::format_duration_s(h.interval_s),
        crate::duration::format_duration_s(h.aht_s),
        fmt_fixed(a, 2),
        h.required,
        fmt_pct(h.target.0, 0),
        crate::duration::format_duration_s(h.target.1),
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
        let sl = m.service_level.unwrap_or(f64::NAN);
        let change = last.map_or("-".to_string(), |p| format!("{:+.1} pp", (sl - p) * 100.0));
        last = Some(sl);
        t.push(vec![
            format!(
                "{}{}",
                m.agents,
                if m.agents == h.required { " *" } else { "" }
            ),
            fmt_pct(sl, 1),
            fmt_fixed(m.asa_s.unwrap_or(f64::NAN), 1),
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
