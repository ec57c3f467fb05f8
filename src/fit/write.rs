//! A [`Fit`] as a commented scenario file that `ccsim staff` and `ccsim simulate` run.
//!
//! What the log does not say is a default, marked `# default` in the file: the targets
//! (from the flags), the shrinkage, one tier that resolves everything, and one
//! universal group whose shifts (three 8-hour shifts a day, each day apart) carry the
//! agents `ccsim staff` schedules at the busiest interval of each shift.

use std::fmt::Write as _;
use std::path::Path;

use super::{Chosen, Fit, Params, p_words};

/// What the scenario gets beyond the fit.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// The log's file name, for the comments and the scenario's name.
    pub source: String,
    /// Live target: service level (share) within seconds.
    pub service_level: f64,
    pub within_s: f64,
    /// Deferred channels: response within seconds, share.
    pub deferred_within_s: f64,
    pub deferred_service_level: f64,
    pub shrinkage: f64,
    /// Write `[[channel.class]]` blocks: the log's priority classes, served strictly
    /// first (off by default: the bank's data fit first come first served better).
    pub classes: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            source: "log".into(),
            service_level: 0.8,
            within_s: 20.0,
            deferred_within_s: 86_400.0,
            deferred_service_level: 0.9,
            shrinkage: 0.3,
            classes: false,
        }
    }
}

fn num(x: f64) -> String {
    // shortest text that reads back to the same number, never in exponent form for
    // ordinary magnitudes
    if x == x.round() && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

fn dist_toml(p: &Params) -> String {
    let cv = p.cv().clamp(crate::limits::MIN_CV, crate::limits::MAX_CV);
    let mean = p.mean_s().max(1e-9);
    match p {
        Params::Exponential { .. } => format!("{{ dist = \"exponential\", mean = {} }}", num(mean)),
        Params::Lognormal { .. } => format!(
            "{{ dist = \"lognormal\", mean = {}, cv = {} }}",
            num(mean),
            num(cv)
        ),
        Params::Gamma { .. } => format!(
            "{{ dist = \"gamma\", mean = {}, cv = {} }}",
            num(mean),
            num(cv)
        ),
    }
}

fn values_toml(v: &[f64]) -> String {
    let list: Vec<String> = v.iter().map(|x| format!("{:.3}", x)).collect();
    format!("{{ dist = \"empirical\", values = [{}] }}", list.join(", "))
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        toml_str(s)
    }
}

/// Everything but the groups.
fn body(fit: &Fit, o: &WriteOptions) -> String {
    let a = &fit.arrivals;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Fitted by `ccsim fit` from {}: {} contacts, {} days{} ({} used for volumes and profiles).",
        o.source,
        fit.contacts,
        a.days.len(),
        fit.epoch
            .as_ref()
            .map_or(String::new(), |e| format!(" from {e}")),
        a.days_used
    );
    t.push_str("# Lines marked `default` are not in the log: edit them.\n\n");
    let _ = writeln!(
        t,
        "[scenario]\nname = {}\ninterval = \"{}m\"\n",
        toml_str(&format!("fitted from {}", o.source)),
        (fit.interval_s / 60.0).round()
    );
    let _ = writeln!(t, "[shrinkage]\ntotal = {}   # default\n", num(o.shrinkage));
    for (ch, _, _) in &a.channel_mix {
        let deferred = fit.deferred.contains(ch);
        let _ = writeln!(t, "[[channel]]\nname = {}", toml_str(ch));
        let _ = writeln!(
            t,
            "kind = \"{}\"{}",
            if deferred { "deferred" } else { "live" },
            if deferred {
                "   # e-mail-like name: answered from a backlog"
            } else {
                ""
            }
        );
        if let Some(p) = fit.patience.iter().find(|p| &p.channel == ch) {
            let _ = writeln!(
                t,
                "# patience fitted from {} waits ({} abandoned, the rest censored): {}",
                p.waits, p.abandoned, p.why
            );
            let _ = writeln!(t, "patience = {}", dist_toml(&p.chosen));
        }
        if deferred {
            let _ = writeln!(
                t,
                "[channel.target]   # default: set with --target-deferred\nservice_level = {}\nwithin = \"{}\"",
                num(o.deferred_service_level),
                crate::duration::format_duration_s(o.deferred_within_s)
            );
        } else {
            let _ = writeln!(
                t,
                "[channel.target]   # default: set with --target\nservice_level = {}\nwithin = \"{}\"",
                num(o.service_level),
                crate::duration::format_duration_s(o.within_s)
            );
        }
        if o.classes {
            for c in fit.classes.iter().filter(|c| &c.channel == ch) {
                let _ = writeln!(
                    t,
                    "[[channel.class]]   # {} of {} contacts\nname = {}\nshare = {:.6}",
                    c.contacts,
                    (c.contacts as f64 / c.share.max(1e-300)).round(),
                    toml_str(&c.class),
                    c.share
                );
            }
        }
        t.push('\n');
    }
    for (l, share, _) in &a.language_share {
        let _ = writeln!(
            t,
            "[[language]]\nname = {}\nshare = {share:.9}\n",
            toml_str(l)
        );
    }
    let _ = writeln!(
        t,
        "[demand]\n# mean of each weekday's days: {:.1} ± {:.1} contacts a week",
        a.weekly_contacts, a.weekly_se
    );
    if let Some(cv) = a.volume_cv {
        let _ = writeln!(
            t,
            "# day-to-day volume cv beyond Poisson noise: {cv:.3} (run `ccsim simulate --volume-cv {cv:.3}`)"
        );
    }
    let _ = writeln!(t, "weekly_contacts = {}", num(a.weekly_contacts));
    if a.channel_mix.len() > 1 {
        let mix: Vec<String> = a
            .channel_mix
            .iter()
            .map(|(c, p, _)| format!("{} = {p:.9}", key(c)))
            .collect();
        let _ = writeln!(t, "channel_mix = {{ {} }}", mix.join(", "));
    }
    let dow: Vec<String> = a.day_of_week.iter().map(|x| format!("{x:.3}")).collect();
    let _ = writeln!(t, "day_of_week = [{}]   # Monday first", dow.join(", "));
    t.push_str("[demand.time_of_day_by_channel]   # contacts per interval of the day, UTC\n");
    for (c, v) in &a.time_of_day {
        let w: Vec<String> = v.iter().map(|x| format!("{x}")).collect();
        let _ = writeln!(t, "{} = [{}]", key(c), w.join(", "));
    }
    t.push_str("\n[[tier]]\nname = \"L1\"\nresolve = 1.0   # default: the log has no tiers\n[tier.handle_time]\n");
    for (c, _, _) in &a.channel_mix {
        match fit.handle.iter().find(|h| &h.channel == c) {
            Some(h) => {
                let ks = match &h.chosen {
                    Chosen::Fitted(p) => h
                        .candidates
                        .iter()
                        .find(|k| k.params == *p)
                        .map_or(String::new(), |k| {
                            format!(", KS D = {:.4}, p = {}", k.ks_d, p_words(k.ks_p))
                        }),
                    Chosen::Empirical(v) => format!(", {} values", v.len()),
                };
                let _ = writeln!(t, "# fitted from {}: n = {}{ks}; {}", o.source, h.n, h.why);
                let d = match &h.chosen {
                    Chosen::Fitted(p) => dist_toml(p),
                    Chosen::Empirical(v) => values_toml(v),
                };
                let _ = writeln!(t, "{} = {d}", key(c));
            }
            None => {
                let _ = writeln!(
                    t,
                    "{} = {{ dist = \"exponential\", mean = \"3m\" }}   # default: too few handle times in the log",
                    key(c)
                );
            }
        }
    }
    t
}

/// The scenario text: the fitted centre, with one universal group staffed from
/// `ccsim staff`'s requirement. Checked by loading it (`scenario::load_str`, as if at
/// `path`); an error is in words.
pub fn scenario_toml(fit: &Fit, o: &WriteOptions, path: &Path) -> Result<String, String> {
    // staffed without the classes (they change who waits, not how many agents)
    let check = WriteOptions {
        classes: false,
        ..o.clone()
    };
    let base = body(fit, &check);
    let scenario = crate::scenario::load_str(&base, path)
        .map_err(|e| format!("the fitted scenario does not load (a bug in ccsim fit):\n{e}"))?;
    let plan = crate::plan::staff(&scenario)
        .map_err(|e| format!("the fitted scenario cannot be staffed: {e}"))?;
    // scheduled agents per interval of the week, every cell of the first tier
    let n = scenario.demand.n_intervals;
    let mut sched = vec![0.0; n];
    for c in plan.cells.iter().filter(|c| c.tier == 0) {
        if c.interval < n {
            sched[c.interval] += c.scheduled;
        }
    }
    let per_day = (86_400.0 / fit.interval_s).round() as usize;
    let per_shift = per_day / 3;
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut groups = String::from(
        "\n# default staffing: one universal group, three 8-hour shifts a day, each with the agents\n\
         # `ccsim staff` schedules at the busiest interval of the shift (cells summed: generous).\n\
         # Replace with [[group.template]] and `ccsim plan` for a cheaper roster.\n\
         [[group]]\nname = \"agents\"\ntier = \"L1\"\nlanguages = [\"*\"]\nchannels = [\"*\"]\n",
    );
    let mut total = 0u64;
    for (d, day) in DAYS.iter().enumerate() {
        for s in 0..3 {
            let from = d * per_day + s * per_shift;
            let peak = sched
                .get(from..(from + per_shift).min(n))
                .map_or(0.0, |v| v.iter().copied().fold(0.0, f64::max));
            let agents = peak.ceil().min(crate::limits::MAX_AGENTS as f64 / 21.0) as u64;
            total += agents;
            let _ = writeln!(
                groups,
                "[[group.shift]]\nstart = \"{:02}:00\"\nlength = \"8h\"\ndays = [\"{day}\"]\nagents = {agents}",
                s * 8
            );
        }
    }
    if total == 0 {
        // a centre without contacts still needs a group to simulate
        groups.push_str("# no contacts to staff\n");
    }
    let text = body(fit, o) + &groups;
    let checked = body(fit, &check) + &groups;
    crate::scenario::load_str(&checked, path)
        .map_err(|e| format!("the fitted scenario does not load (a bug in ccsim fit):\n{e}"))?;
    Ok(text)
}
