//! A [`Fit`] as a commented scenario file that `ccsim staff` and `ccsim simulate` run.
//!
//! What the log does not say is a default, marked `# default` in the file: the targets
//! (from the flags), the shrinkage, one tier that resolves everything, and one
//! universal group whose shifts (three 8-hour shifts a day, each day apart) carry the
//! agents `ccsim staff` schedules at the busiest interval of each shift. Or, with
//! [`Roster::AgentIds`] or [`Roster::BusyPeak`], the agents the log itself shows on
//! duty ([`super::ObservedStaffing`]), so that simulating the scenario replays the
//! centre as it was staffed ([`roster_shifts`]).

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
    /// Write `[[channel.class]]` blocks: the log's priority classes, each with the head
    /// start its source documents (the bank: 90 s), else served strictly first.
    pub classes: bool,
    /// Where the group's agents come from.
    pub roster: Roster,
    /// After-call work to add to every live channel's talk time, on average: a mean,
    /// or a multiple of the log's idle agent time per call while callers waited
    /// ([`Fit::idle`](super::Fit::idle)); lognormal with the spread of the log's gaps
    /// between an agent's calls while callers waited, constant without it. `None`:
    /// none (the log's handle times are the agents' whole time).
    pub wrap_up: Option<crate::replay::WrapUp>,
}

/// Why a fitted scenario was not written.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteError {
    /// The options ask for what the log cannot give: staffing from a log that names no
    /// agents, or targets no number of agents meets (with the after-call work asked
    /// for): the user's to change.
    Input(String),
    /// The scenario ccsim wrote does not load: a bug in ccsim.
    Bug(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Input(m) | WriteError::Bug(m) => f.write_str(m),
        }
    }
}

impl From<String> for WriteError {
    fn from(m: String) -> Self {
        WriteError::Bug(m)
    }
}

/// The staffing a fitted scenario gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roster {
    /// What `ccsim staff` requires for the targets, in three 8-hour shifts a day.
    Erlang,
    /// The log's own: every agent id serving in each interval (an upper bound).
    AgentIds,
    /// The log's own: the most contacts in service at once (a lower bound).
    BusyPeak,
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
            roster: Roster::Erlang,
            wrap_up: None,
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

/// Weekday keys of a scenario, Monday first.
const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Everything but the groups.
/// The after-call work `o` asks for, seconds on average, and where its mean comes from
/// (`None`: none asked for), or why the log cannot give it.
fn wrap_up_of(fit: &Fit, o: &WriteOptions) -> Result<Option<(f64, String)>, WriteError> {
    Ok(match o.wrap_up {
        None => None,
        Some(crate::replay::WrapUp::Mean(s)) => Some((s, "mean from --wrap-up".to_string())),
        Some(crate::replay::WrapUp::IdleScaled(k)) => {
            let idle = fit.idle.ok_or_else(|| {
                WriteError::Input(
                    "--wrap-up-scale multiplies the log's idle agent time while callers waited, and nobody waited in this log; give the after-call work as --wrap-up DUR instead".into(),
                )
            })?;
            let mean_s = (k * idle.per_call_s * 10.0).round() / 10.0;
            if !(0.0..=crate::limits::MAX_DURATION_S).contains(&mean_s) {
                return Err(WriteError::Input(format!(
                    "--wrap-up-scale {k} makes the after-call work {mean_s:.0} s a call ({k} x the log's {:.1} s of idle agent time per call while callers waited), beyond the {} days a duration may be; give a smaller scale, or --wrap-up DUR",
                    idle.per_call_s,
                    crate::limits::MAX_DURATION_S / 86_400.0
                )));
            }
            Some((
                mean_s,
                format!(
                    "mean {k} x the log's {:.1} s of idle agent time per call while callers waited (--wrap-up-scale)",
                    idle.per_call_s
                ),
            ))
        }
    })
}

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
                if let Some(h) = c.head_start_s {
                    let _ = writeln!(
                        t,
                        "head_start = \"{}\"   # the source's rule: served as if it had arrived this much earlier",
                        crate::duration::format_duration_s(h)
                    );
                }
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
    // one channel: each weekday's own shape (hours differ by day); with several the
    // channels' shapes are kept and the days share them
    if a.channel_mix.len() == 1 {
        t.push_str("[demand.time_of_day_by_day]   # each weekday's contacts per interval, UTC\n");
        for (day, v) in DAY_KEYS.iter().zip(&a.time_of_day_by_weekday) {
            if v.iter().any(|x| *x > 0.0) {
                let w: Vec<String> = v.iter().map(|x| format!("{x}")).collect();
                let _ = writeln!(t, "{day} = [{}]", w.join(", "));
            }
        }
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
    let wrap_up = wrap_up_of(fit, o).ok().flatten();
    if let Some((w, whence)) = wrap_up.filter(|(w, _)| *w > 0.0) {
        let mean = crate::duration::format_duration_exact(w);
        let (dist, why) = match fit.after_call.filter(|g| g.cv > 0.0) {
            Some(g) => (
                format!(
                    "{{ dist = \"lognormal\", mean = \"{mean}\", cv = {:.3} }}",
                    g.cv
                ),
                format!(
                    "{whence}; cv of the log's {} gaps between an agent's calls while callers waited (median {:.0} s, mean {:.0} s)",
                    g.n, g.median_s, g.mean_s
                ),
            ),
            None => (
                format!("{{ dist = \"deterministic\", value = \"{mean}\" }}"),
                format!("{whence}; the log names no agents, so no spread"),
            ),
        };
        let _ = writeln!(t, "[tier.wrap_up]   # after-call work: {why}");
        for (c, _, _) in a
            .channel_mix
            .iter()
            .filter(|(c, _, _)| !fit.deferred.contains(c))
        {
            let _ = writeln!(t, "{} = {dist}", key(c));
        }
    }
    t
}

/// The scenario text: the fitted centre, with one universal group staffed from
/// `ccsim staff`'s requirement. Checked by loading it (`scenario::load_str`, as if at
/// `path`); an error is in words.
pub fn scenario_toml(fit: &Fit, o: &WriteOptions, path: &Path) -> Result<String, WriteError> {
    wrap_up_of(fit, o)?;
    if o.roster != Roster::Erlang {
        let groups = observed_group(fit, o)?;
        let text = body(fit, o) + &groups;
        crate::scenario::load_str(&text, path)
            .map_err(|e| format!("the fitted scenario does not load (a bug in ccsim fit):\n{e}"))?;
        return Ok(text);
    }
    // staffed without the classes (they change who waits, not how many agents)
    let check = WriteOptions {
        classes: false,
        ..o.clone()
    };
    let base = body(fit, &check);
    let scenario = crate::scenario::load_str(&base, path)
        .map_err(|e| format!("the fitted scenario does not load (a bug in ccsim fit):\n{e}"))?;
    let plan = crate::plan::staff(&scenario)
        .map_err(|e| WriteError::Input(format!("the fitted scenario cannot be staffed: {e}")))?;
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
    let mut groups = String::from(
        "\n# default staffing: one universal group, three 8-hour shifts a day, each with the agents\n\
         # `ccsim staff` schedules at the busiest interval of the shift (cells summed: generous).\n\
         # Replace with [[group.template]] and `ccsim plan` for a cheaper roster.\n\
         [[group]]\nname = \"agents\"\ntier = \"L1\"\nlanguages = [\"*\"]\nchannels = [\"*\"]\n",
    );
    let mut total = 0u64;
    for (d, day) in DAY_KEYS.iter().enumerate() {
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

/// The shifts of a fitted scenario (`text`, as [`scenario_toml`] wrote it for `path`) as
/// a roster file for `simulate --roster`: its one group, `agents`, with a header naming
/// the log.
pub fn roster_of(text: &str, path: &Path, source: &str) -> Result<String, String> {
    let scenario = crate::scenario::load_str(text, path)
        .map_err(|e| format!("the fitted scenario does not load (a bug in ccsim fit):\n{e}"))?;
    let groups: Vec<usize> = (0..scenario.groups.len()).collect();
    let header = format!(
        "Roster of the scenario fitted by `ccsim fit` from {source}\n(`ccsim simulate SCENARIO --roster FILE` gives its group these shifts)"
    );
    Ok(crate::scenario::roster_toml(&scenario, &groups, &header))
}

/// The group of a scenario staffed as the log shows ([`Roster::AgentIds`] or
/// [`Roster::BusyPeak`]): each interval's mean agents on duty, rounded, as shifts.
fn observed_group(fit: &Fit, o: &WriteOptions) -> Result<String, WriteError> {
    let Some(staffing) = &fit.staffing else {
        return Err(WriteError::Input("the log names no agents, so it cannot say how many were on duty: give the CSV an `agent` column, or staff the scenario for its targets (--staffing erlang)".into()));
    };
    let (profile, what) = match o.roster {
        Roster::BusyPeak => (
            &staffing.busy_peak,
            "the most contacts in service at once in the interval (a lower bound)",
        ),
        _ => (
            &staffing.agent_ids,
            "every agent id serving in the interval (an upper bound)",
        ),
    };
    let counts: Vec<u32> = profile
        .iter()
        .map(|x| x.round().clamp(0.0, f64::from(crate::limits::MAX_AGENTS)) as u32)
        .collect();
    let hours = super::ObservedStaffing::hours_per_week(profile, fit.interval_s);
    let rounded = counts.iter().map(|&n| f64::from(n)).sum::<f64>() * fit.interval_s / 3600.0;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "\n# staffing from the log: per {} interval of the week, the mean over its days of\n\
         # {what}; {:.1} agent-hours a week ({:.0} as whole agents).\n\
         # The log's presence already holds absences and breaks: no shrinkage.\n\
         [[group]]\nname = \"agents\"\ntier = \"L1\"\nlanguages = [\"*\"]\nchannels = [\"*\"]\nshrinkage = 0",
        crate::duration::format_duration_s(fit.interval_s),
        hours,
        rounded
    );
    let shifts = roster_shifts(&counts, fit.interval_s);
    for sh in &shifts {
        let days: Vec<String> = sh
            .days
            .iter()
            .map(|&d| format!("\"{}\"", DAY_KEYS[d]))
            .collect();
        let _ = writeln!(
            t,
            "[[group.shift]]\nstart = \"{}\"\nlength = \"{}\"\ndays = [{}]\nagents = {}",
            clock(sh.start_s),
            crate::duration::format_duration_s(sh.length_s),
            days.join(", "),
            sh.agents
        );
    }
    if shifts.is_empty() {
        // a group needs a shift: one agent-less one says the log had nobody on duty
        t.push_str("[[group.shift]]\nstart = \"00:00\"\nlength = \"8h\"\ndays = \"all\"\nagents = 0   # nobody on duty in the log\n");
    }
    Ok(t)
}

/// `HH:MM` of a time of day in seconds.
fn clock(s: f64) -> String {
    let m = (s / 60.0).round() as u64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// One block of shifts of a roster: `agents` agents from `start_s` (time of day) for
/// `length_s`, on each of `days` (0 = Monday).
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftBlock {
    pub start_s: f64,
    pub length_s: f64,
    pub days: Vec<usize>,
    pub agents: u32,
}

/// Shifts that put exactly `counts[i]` agents on duty in each interval `i` of the week
/// (Monday 00:00 first, `interval_s` each; the week repeats): agent `j` works every
/// stretch of intervals with more than `j` agents, cut at most a day long (a stretch
/// round the clock is a day-long shift every day, which the engine joins). Blocks with
/// the same start, length and agents on several days are one, days ascending; blocks
/// are sorted by start, then length.
pub fn roster_shifts(counts: &[u32], interval_s: f64) -> Vec<ShiftBlock> {
    use std::collections::BTreeMap;
    let n = counts.len();
    if n == 0 {
        return Vec::new();
    }
    let per_day = ((86_400.0 / interval_s).round() as usize).max(1);
    // (day, start interval of the day, length in intervals) -> agents
    let mut pieces: BTreeMap<(usize, usize, usize), u32> = BTreeMap::new();
    let top = counts.iter().copied().max().unwrap_or(0);
    for j in 0..top {
        let on = |i: usize| counts[i % n] > j;
        let runs: Vec<(usize, usize)> = match (0..n).find(|&i| !on(i)) {
            // on the whole week: a day-long piece from every midnight
            None => (0..n)
                .step_by(per_day)
                .map(|i| (i, per_day.min(n - i)))
                .collect(),
            Some(off) => {
                // start the scan at an interval off duty so no run wraps unseen
                let mut runs = Vec::new();
                let mut k = off;
                while k < off + n {
                    if on(k) {
                        let start = k;
                        while k < off + n && on(k) {
                            k += 1;
                        }
                        runs.push((start % n, k - start));
                    } else {
                        k += 1;
                    }
                }
                runs
            }
        };
        for (start, len) in runs {
            let mut at = start;
            let mut left = len;
            while left > 0 {
                let piece = left.min(per_day);
                let key = ((at / per_day) % 7, at % per_day, piece);
                *pieces.entry(key).or_insert(0) += 1;
                at = (at + piece) % n;
                left -= piece;
            }
        }
    }
    // the same shift on several days: one block
    let mut blocks: BTreeMap<(usize, usize, u32), Vec<usize>> = BTreeMap::new();
    for ((day, start, len), agents) in pieces {
        blocks.entry((start, len, agents)).or_default().push(day);
    }
    blocks
        .into_iter()
        .map(|((start, len, agents), days)| ShiftBlock {
            start_s: start as f64 * interval_s,
            length_s: len as f64 * interval_s,
            days,
            agents,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Agents on duty in each interval of the week that `blocks` put there.
    fn on_duty(blocks: &[ShiftBlock], n: usize, interval_s: f64) -> Vec<u32> {
        let mut out = vec![0u32; n];
        for b in blocks {
            assert!(b.length_s <= 86_400.0, "{b:?}");
            for &d in &b.days {
                let first = ((d as f64 * 86_400.0 + b.start_s) / interval_s).round() as usize;
                let len = (b.length_s / interval_s).round() as usize;
                for i in first..first + len {
                    out[i % n] += b.agents;
                }
            }
        }
        out
    }

    #[test]
    fn roster_shifts_put_exactly_the_counts_on_duty() {
        let interval_s = 1800.0;
        let n = 7 * 48;
        // a bank-like week: 7:00-24:00 with a lunch peak, Friday to 14:00, Saturday
        // from 20:00, and a night line from Sunday 22:00 into Monday 02:00
        let mut counts = vec![0u32; n];
        for (d, (from, to)) in [
            (14, 48),
            (14, 48),
            (14, 48),
            (14, 48),
            (14, 28),
            (40, 48),
            (14, 48),
        ]
        .into_iter()
        .enumerate()
        {
            for s in from..to {
                counts[d * 48 + s] = if (22..30).contains(&s) { 9 } else { 5 };
            }
        }
        counts[6 * 48 + 44] = 7;
        for i in (6 * 48 + 44)..(7 * 48 + 4) {
            counts[i % n] = counts[i % n].max(1);
        }
        let blocks = roster_shifts(&counts, interval_s);
        assert_eq!(on_duty(&blocks, n, interval_s), counts);
        // the same shift on several days is one block
        assert!(
            blocks
                .iter()
                .any(|b| b.days == [0, 1, 2, 3] && b.agents >= 4),
            "{blocks:?}"
        );
        // Sunday's first agent stays on the night line into Monday: one 19-hour shift
        assert!(
            blocks.iter().any(|b| b.days == [6]
                && b.start_s == 7.0 * 3600.0
                && b.length_s == 19.0 * 3600.0
                && b.agents == 1),
            "{blocks:?}"
        );
    }

    #[test]
    fn a_centre_staffed_round_the_clock_gets_day_long_shifts_every_day() {
        let interval_s = 3600.0;
        let mut counts = vec![3u32; 7 * 24];
        counts[10] = 4;
        let blocks = roster_shifts(&counts, interval_s);
        assert_eq!(on_duty(&blocks, counts.len(), interval_s), counts);
        assert_eq!(
            blocks[0],
            ShiftBlock {
                start_s: 0.0,
                length_s: 86_400.0,
                days: (0..7).collect(),
                agents: 3
            }
        );
        assert_eq!(roster_shifts(&[0; 168], interval_s), Vec::new());
    }
}
