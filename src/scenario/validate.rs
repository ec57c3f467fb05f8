//! Checking the raw file into the model. Every problem is collected (not just the
//! first), each with its position and what to change.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::demand::demand;
use super::diagnostic::{Diagnostic, Problems, names_words, thousands};
use super::load::{Unreadable, read_user_text};
use super::model::*;
use super::raw::{self, Days, Dur, Num, ShrinkageSpec};
use crate::dist::{Dist, Param};
use crate::duration::{DurationError, duration_from_s, max_duration_words, parse_duration};
use crate::limits::{
    MAX_AGENTS, MAX_CV, MAX_DURATION_S, MAX_PREMIUM_SHARE, MAX_RECONTACT_RETURNS, MAX_SHIFT_S,
    MIN_CV, MIN_DIST_MEAN_S,
};

pub(super) const WEEK_S: f64 = 7.0 * 86400.0;
pub(super) use super::model::DAY_NAMES;
pub(super) const SHARE_TOL: f64 = 1e-6;
/// Largest `concurrency_stretch`: at 1 each extra contact held at once doubles the work.
const MAX_CONCURRENCY_STRETCH: f64 = 1.0;
/// Largest cost of one agent-hour (in any currency): keeps weekly costs finite.
const MAX_COST_PER_AGENT_HOUR: f64 = 1e9;
/// Largest weight of a demand profile (weights are relative; counts are fine).
pub(super) const MAX_PROFILE_WEIGHT: f64 = 1e9;

pub(super) struct Cx<'a> {
    pub(super) file: PathBuf,
    pub(super) text: &'a str,
    pub(super) problems: Problems,
    /// Byte offset of each line's start, built on first use: a position for every
    /// target of a file with thousands of channels costs a look-up, not a rescan.
    pub(super) line_starts: std::cell::OnceCell<Vec<usize>>,
}

impl Cx<'_> {
    pub(super) fn err(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.err_kind("problems", span, message, help);
    }

    /// A problem of a kind (`unknown names`) counted together when not shown; the
    /// message is built only if it is shown.
    pub(super) fn err_kind(
        &mut self,
        kind: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let (file, text) = (&self.file, self.text);
        self.problems.push_with(kind, || {
            Diagnostic::at(file, text, Some(span), message, help)
        });
    }

    /// A duration in seconds (zero to 366 days), or a problem.
    pub(super) fn dur(&mut self, d: &Spanned<Dur>, what: &str) -> Option<f64> {
        let r = match d.get_ref() {
            Dur::Seconds(v) => duration_from_s(*v)
                .map_err(|e| (format!("{} seconds", crate::dist::num_words(*v)), e)),
            Dur::Text(t) => parse_duration(t).map_err(|e| (format!("`{t}`"), e)),
        };
        match r {
            Ok(v) => Some(v),
            Err((written, e)) => {
                let message = match (&e, d.get_ref()) {
                    (DurationError::TooLong(_), _) => format!(
                        "{what} {written} is longer than the longest duration ccsim takes, {}",
                        max_duration_words()
                    ),
                    (_, Dur::Seconds(v)) => format!("{what} is {} seconds", nw(*v)),
                    _ => format!("{what} {written} is not a duration"),
                };
                self.err(d.span(), message, e.help());
                None
            }
        }
    }

    /// Where a key is, kept in the model for problems found after loading.
    pub(super) fn origin(&self, span: Range<usize>) -> Origin {
        let text = self.text;
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let mut at = span.start.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let line = starts.partition_point(|s| *s <= at).max(1);
        let start = starts[line - 1];
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        Origin {
            file: self.file.clone(),
            line_col: (line, text[start..at].chars().count() + 1),
            line: text[start..end].trim_end_matches('\r').to_string(),
        }
    }

    /// A share in [0, 1].
    pub(super) fn share(&mut self, v: &Spanned<Num>, what: &str) -> Option<f64> {
        let x = v.get_ref().0;
        if (0.0..=1.0).contains(&x) {
            Some(x)
        } else if x > 1.0 && x <= 100.0 {
            self.err(
                v.span(),
                format!("{what} is {}, above 100%", nw(x)),
                format!(
                    "write it as a share between 0 and 1: {} for {x}%",
                    x / 100.0
                ),
            );
            None
        } else {
            self.err(
                v.span(),
                format!("{what} is {}", nw(x)),
                "write a share between 0 and 1, e.g. 0.25 for 25%",
            );
            None
        }
    }

    pub(super) fn non_negative(&mut self, v: &Spanned<Num>, what: &str, help: &str) -> Option<f64> {
        self.up_to(v, what, f64::MAX, help)
    }

    /// A number from 0 to `max` (NaN and infinities refused).
    pub(super) fn up_to(
        &mut self,
        v: &Spanned<Num>,
        what: &str,
        max: f64,
        help: &str,
    ) -> Option<f64> {
        let x = v.get_ref().0;
        if x.is_finite() && x >= 0.0 && x <= max {
            Some(x)
        } else if x > max {
            self.err(
                v.span(),
                format!(
                    "{what} is {}: at most {} is accepted",
                    crate::dist::num_words(x),
                    crate::dist::num_words(max)
                ),
                help.to_string(),
            );
            None
        } else {
            self.err(
                v.span(),
                format!("{what} is {}: it cannot be negative", nw(x)),
                help.to_string(),
            );
            None
        }
    }

    /// A headcount: a whole number from 0 to [`MAX_AGENTS`].
    pub(super) fn agents(&mut self, v: &Spanned<Num>, what: &str) -> Option<u32> {
        let x = v.get_ref().0;
        if x.fract() == 0.0 && (0.0..=f64::from(MAX_AGENTS)).contains(&x) {
            Some(x as u32)
        } else if x.fract() == 0.0 && x > f64::from(MAX_AGENTS) {
            self.err(
                v.span(),
                format!(
                    "{what} is {}, more than the {} agents ccsim plans for",
                    thousands(x.min(usize::MAX as f64) as usize),
                    thousands(MAX_AGENTS as usize)
                ),
                format!(
                    "give at most {} agents (in one shift and in the whole scenario)",
                    thousands(MAX_AGENTS as usize)
                ),
            );
            None
        } else {
            self.err(
                v.span(),
                format!("{what} is {}", nw(x)),
                format!(
                    "write a whole number from 0 to {}",
                    thousands(MAX_AGENTS as usize)
                ),
            );
            None
        }
    }
}

fn dist(cx: &mut Cx, d: &Spanned<raw::DistSpec>, what: &str, dir: &Path) -> Option<Dist> {
    let spec = d.get_ref();
    let kind = spec.dist.get_ref().as_str();
    let a_kind = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    };
    let need_mean = |cx: &mut Cx| -> Option<f64> {
        match &spec.mean {
            Some(m) => cx.dur(m, &format!("{what} mean")),
            None => {
                cx.err(
                    d.span(),
                    format!("{what}: {a_kind} distribution needs a mean"),
                    "add mean = \"3m\" (for example)",
                );
                None
            }
        }
    };
    let need_cv = |cx: &mut Cx| -> Option<f64> {
        match &spec.cv {
            Some(c) => Some(c.get_ref().0),
            None => {
                cx.err(
                    d.span(),
                    format!("{what}: {a_kind} distribution needs a cv"),
                    "add cv = 0.8 (standard deviation / mean)",
                );
                None
            }
        }
    };
    // parameters the distribution does not take would be ignored silently
    let takes: &[&str] = match kind {
        "exponential" => &["mean"],
        "lognormal" | "gamma" => &["mean", "cv"],
        "deterministic" => &["value"],
        "empirical" => &["file", "values"],
        _ => &["mean", "cv", "value", "file", "values"],
    };
    for (key, span) in [
        ("mean", spec.mean.as_ref().map(|x| x.span())),
        ("cv", spec.cv.as_ref().map(|x| x.span())),
        ("value", spec.value.as_ref().map(|x| x.span())),
        ("file", spec.file.as_ref().map(|x| x.span())),
        ("values", spec.values.as_ref().map(|x| x.span())),
    ] {
        if let Some(span) = span.filter(|_| !takes.contains(&key)) {
            let why = if kind == "exponential" && key == "cv" {
                " (its cv is always 1; use lognormal or gamma for another cv)"
            } else {
                ""
            };
            cx.err(
                span,
                format!("{what}: {a_kind} distribution takes no {key}{why}"),
                format!(
                    "remove {key}; {a_kind} distribution takes only {}",
                    takes.join(" and ")
                ),
            );
        }
    }
    let built = match kind {
        "exponential" => need_mean(cx).map(Dist::exponential),
        "lognormal" => {
            let (m, c) = (need_mean(cx), need_cv(cx));
            m.zip(c).map(|(m, c)| Dist::lognormal(m, c))
        }
        "gamma" => {
            let (m, c) = (need_mean(cx), need_cv(cx));
            m.zip(c).map(|(m, c)| Dist::gamma(m, c))
        }
        "deterministic" => match &spec.value {
            Some(v) => cx.dur(v, &format!("{what} value")).map(Dist::deterministic),
            None => {
                cx.err(
                    d.span(),
                    format!("{what}: a deterministic distribution needs a value"),
                    "add value = \"3m\"",
                );
                None
            }
        },
        "empirical" => match (&spec.file, &spec.values) {
            (Some(f), None) => empirical(cx, f, dir, what).map(Dist::empirical),
            (None, Some(v)) => inline_values(cx, v, what).map(Dist::empirical),
            (Some(_), Some(v)) => {
                cx.err(
                    v.span(),
                    format!("{what}: an empirical distribution takes a file or values, not both"),
                    "remove one of file and values",
                );
                None
            }
            (None, None) => {
                cx.err(
                    d.span(),
                    format!("{what}: an empirical distribution needs a file of observed values"),
                    "add file = \"handle_times.csv\" (one number of seconds per line) or values = [120, 185.5, 300] (seconds)",
                );
                None
            }
        },
        other => {
            cx.err(
                spec.dist.span(),
                format!("{what}: unknown distribution `{other}`"),
                "use one of exponential, lognormal, gamma, deterministic, empirical",
            );
            None
        }
    }?;
    match built {
        Ok(d) => Some(d),
        Err(e) => {
            // point at the parameter the constructor refused
            let (span, help) = match e.param {
                Param::Cv => (
                    spec.cv.as_ref().map(|c| c.span()),
                    format!(
                        "give a cv (standard deviation / mean) from {MIN_CV} to {MAX_CV}, e.g. cv = 0.8; for a constant time use dist = \"deterministic\""
                    ),
                ),
                Param::Mean => (
                    spec.mean.as_ref().map(|m| m.span()),
                    format!(
                        "give a mean from {} s to {}, e.g. mean = \"3m\"",
                        crate::dist::num_words(MIN_DIST_MEAN_S),
                        max_duration_words()
                    ),
                ),
                Param::Value => (
                    spec.value.as_ref().map(|v| v.span()),
                    format!(
                        "give a value from {} s to {}, e.g. value = \"3m\"",
                        crate::dist::num_words(MIN_DIST_MEAN_S),
                        max_duration_words()
                    ),
                ),
                Param::Samples => (
                    spec.file.as_ref().map(|f| f.span()),
                    "give observed durations in seconds, at least one above zero".to_string(),
                ),
            };
            // a scenario's durations stop at 366 days, below the distributions' own bound
            let message = match e.param {
                Param::Mean | Param::Value => format!(
                    "{what}: the {} is {} s, outside {} s to {}",
                    if e.param == Param::Mean {
                        "mean"
                    } else {
                        "value"
                    },
                    crate::dist::num_words(e.value),
                    crate::dist::num_words(MIN_DIST_MEAN_S),
                    max_duration_words()
                ),
                _ => format!("{what}: {e}"),
            };
            cx.err(span.unwrap_or(d.span()), message, help);
            None
        }
    }
}

/// Empirical values written inline (`values = [120, 185.5]`), seconds, each checked as a
/// duration.
fn inline_values(cx: &mut Cx, v: &Spanned<Vec<Spanned<Num>>>, what: &str) -> Option<Vec<f64>> {
    if v.get_ref().is_empty() {
        cx.err(
            v.span(),
            format!("{what}: the empirical values are empty"),
            "give observed durations in seconds, e.g. values = [120, 185.5, 300]",
        );
        return None;
    }
    let mut out = Vec::with_capacity(v.get_ref().len());
    let mut ok = true;
    for x in v.get_ref() {
        let s = Spanned::new(x.span(), Dur::Seconds(x.get_ref().0));
        match cx.dur(&s, &format!("{what} value")) {
            Some(d) => out.push(d),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn empirical(cx: &mut Cx, f: &Spanned<String>, dir: &Path, what: &str) -> Option<Vec<f64>> {
    let path = dir.join(f.get_ref());
    let text = match read_user_text(&path, "the file of observed values") {
        Ok(t) => t,
        Err(Unreadable::Io(why)) => {
            cx.err(
                f.span(),
                format!("{what}: cannot read {}: {why}", path.display()),
                "give the path of the file relative to the scenario file",
            );
            return None;
        }
        Err(Unreadable::Problem(d)) => {
            cx.problems.push(*d);
            return None;
        }
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v = line.trim();
        if v.is_empty() {
            continue;
        }
        let problem = match v.parse::<f64>() {
            Ok(x) => match duration_from_s(x) {
                Ok(x) => {
                    out.push(x);
                    continue;
                }
                Err(DurationError::TooLong(_)) => format!(
                    "{what}: sample {} s is longer than {}",
                    crate::dist::num_words(x),
                    max_duration_words()
                ),
                Err(_) => format!("{what}: sample {} is negative", nw(x)),
            },
            Err(_) if i == 0 => continue, // a header
            Err(_) => format!("{what}: sample `{v}` is not a number of seconds"),
        };
        cx.problems.push_with("problems in observed values", || {
            Diagnostic::at_line(
                &path,
                &text,
                i + 1,
                1,
                v.len(),
                problem,
                format!(
                    "write one duration in seconds per line, from 0 to {MAX_DURATION_S} (366 days; only the first line may be a header)"
                ),
            )
        });
    }
    if out.is_empty() {
        cx.err(
            f.span(),
            format!("{what}: {} holds no values", path.display()),
            "put one observed duration in seconds per line",
        );
        return None;
    }
    Some(out)
}

fn target(cx: &mut Cx, t: &Spanned<raw::Target>, channel: &str, live: bool) -> Target {
    let r = t.get_ref();
    let mut out = Target::default();
    if let Some(sl) = &r.service_level {
        let x = sl.get_ref().0;
        if x > 1.0 {
            let help = if x <= 100.0 {
                format!("write {} for {x}%", x / 100.0)
            } else {
                "write a share between 0 and 1, e.g. 0.80 for 80%".into()
            };
            cx.err(
                sl.span(),
                format!("{channel} service-level target is {}, above 100%", nw(x)),
                help,
            );
        } else if x.is_nan() || x <= 0.0 {
            // also NaN: no share of contacts is NaN
            cx.err(
                sl.span(),
                format!("{channel} service-level target is {}", nw(x)),
                "write a share above 0, e.g. 0.80 for 80%",
            );
        } else if x == 1.0 && live {
            cx.err(
                sl.span(),
                format!(
                    "{channel} service-level target is 1 (100%): with contacts arriving at random some always wait, so no number of agents meets it"
                ),
                "write a share below 1, e.g. 0.95 for 95%",
            );
        } else {
            out.service_level = Some(x);
        }
        if r.within.is_none() {
            cx.err(
                sl.span(),
                format!("{channel} has a service-level target but no time to answer within"),
                if live {
                    "add within = \"20s\" next to service_level"
                } else {
                    "add within = \"12h\" next to service_level"
                },
            );
        }
    }
    if let Some(w) = &r.within {
        out.within_s = cx.dur(w, &format!("{channel} target within"));
        if r.service_level.is_none() {
            cx.err(
                w.span(),
                format!(
                    "{channel} has a time to answer within but no service level: which share of contacts must be answered in it?"
                ),
                if live {
                    "add service_level = 0.80 next to within (80% answered within that time)"
                } else {
                    "add service_level = 0.95 next to within (95% answered within that time)"
                },
            );
        }
    }
    if let Some(a) = &r.max_abandon {
        if live {
            out.max_abandon = cx.share(a, &format!("{channel} max_abandon"));
            if out.max_abandon == Some(0.0) {
                out.max_abandon = None;
                cx.err(
                    a.span(),
                    format!(
                        "{channel} max_abandon is 0: customers with any patience sometimes hang up, so no number of agents meets it"
                    ),
                    "give a share above 0, e.g. max_abandon = 0.05 for 5%",
                );
            }
        } else {
            cx.err(
                a.span(),
                format!(
                    "max_abandon on {channel}, a deferred channel: its customers do not hang up"
                ),
                "remove max_abandon, or make the channel kind = \"live\"",
            );
        }
    }
    if let Some(a) = &r.max_asa {
        if live {
            out.max_asa_s = cx.dur(a, &format!("{channel} max_asa"));
            if out.max_asa_s == Some(0.0) {
                out.max_asa_s = None;
                cx.err(
                    a.span(),
                    format!(
                        "{channel} max_asa is 0: with contacts arriving at random some always wait, so no number of agents meets it"
                    ),
                    "give a time above zero, e.g. max_asa = \"30s\"",
                );
            }
        } else {
            cx.err(
                a.span(),
                format!(
                    "max_asa on {channel}, a deferred channel: its customers do not wait on line"
                ),
                "give the response target as service_level and within instead",
            );
        }
    }
    if let Some(o) = &r.max_occupancy {
        let x = o.get_ref().0;
        if x > 0.0 && x <= 1.0 {
            out.max_occupancy = Some(x);
        } else {
            cx.err(
                o.span(),
                format!("{channel} max_occupancy is {}", nw(x)),
                "write a share above 0 and at most 1, e.g. 0.85",
            );
        }
    }
    if let Some(b) = &r.max_blocking {
        let x = b.get_ref().0;
        if !live {
            cx.err(
                b.span(),
                format!(
                    "max_blocking on {channel}, a deferred channel: nobody holds a line for it"
                ),
                "remove max_blocking; it sizes the trunk lines of live channels",
            );
        } else if x > 0.0 && x < 1.0 {
            out.max_blocking = Some(x);
        } else {
            cx.err(
                b.span(),
                format!("{channel} max_blocking is {}", nw(x)),
                "write a share above 0 and below 1, e.g. 0.01 for 1% of calls hearing busy",
            );
        }
    }
    let given = r.service_level.is_some()
        || r.max_abandon.is_some()
        || r.max_asa.is_some()
        || r.max_occupancy.is_some();
    if live && !given && r.within.is_none() {
        cx.err(
            t.span(),
            format!("{channel}'s target sets nothing to staff against"),
            "add service_level = 0.80 and within = \"20s\" (or max_asa, max_abandon, max_occupancy)",
        );
    }
    // where "cannot be met" points later: the first key that sets a target
    let key = [
        r.service_level.as_ref().map(|x| x.span()),
        r.max_asa.as_ref().map(|x| x.span()),
        r.max_abandon.as_ref().map(|x| x.span()),
        r.max_occupancy.as_ref().map(|x| x.span()),
        r.within.as_ref().map(|x| x.span()),
    ]
    .into_iter()
    .flatten()
    .next()
    .unwrap_or(t.span());
    out.origin = Some(cx.origin(key));
    out
}

fn shrinkage_of(
    cx: &mut Cx,
    map: &BTreeMap<String, Spanned<Num>>,
    span: Range<usize>,
    whose: &str,
) -> Shrinkage {
    let mut comps = Vec::new();
    for (name, v) in map {
        if let Some(x) = cx.share(v, &format!("{whose} shrinkage {name}")) {
            comps.push((name.clone(), x));
        }
    }
    if map.contains_key("total") && map.len() > 1 {
        cx.err(
            span.clone(),
            format!("{whose} shrinkage gives a total and components"),
            "give either total = 0.30 or the components (breaks, training, absence, ...), not both",
        );
    }
    let s = Shrinkage { components: comps };
    if s.total() >= 1.0 {
        cx.err(
            span,
            format!(
                "{whose} shrinkage adds up to {:.2}: agents would never be available",
                s.total()
            ),
            "shrinkage is the share of paid time not available for contacts; keep the sum below 1",
        );
    }
    s
}

/// A routing priority: a whole number, 0 when not given.
fn priority(cx: &mut Cx, p: Option<&Spanned<Num>>, owner: &str, help: &str) -> i32 {
    match p {
        Some(p) if p.get_ref().0.fract() == 0.0 && p.get_ref().0.abs() < 1e6 => {
            p.get_ref().0 as i32
        }
        Some(p) => {
            cx.err(
                p.span(),
                format!("{owner} priority is {}", nw(p.get_ref().0)),
                help,
            );
            0
        }
        None => 0,
    }
}

pub(super) fn parse_hhmm(s: &str) -> Option<f64> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then(|| f64::from(h * 3600 + m * 60))
}

pub(super) fn days_of(d: &Days) -> Result<[bool; 7], String> {
    let idx = |s: &str| -> Option<usize> {
        let l = s.trim().to_ascii_lowercase();
        DAY_NAMES
            .iter()
            .position(|d| l.starts_with(&d.to_ascii_lowercase()) && l.len() >= 3)
    };
    let mut out = [false; 7];
    let words: Vec<String> = match d {
        Days::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "all" | "daily" | "every day" => return Ok([true; 7]),
            "weekdays" => return Ok([true, true, true, true, true, false, false]),
            "weekend" => return Ok([false, false, false, false, false, true, true]),
            other => vec![other.to_string()],
        },
        Days::List(v) => v.clone(),
    };
    for w in words {
        if let Some((a, b)) = w.split_once('-') {
            let (a, b) = (idx(a).ok_or(w.clone())?, idx(b).ok_or(w.clone())?);
            let mut i = a;
            loop {
                out[i] = true;
                if i == b {
                    break;
                }
                i = (i + 1) % 7;
            }
        } else {
            out[idx(&w).ok_or(w.clone())?] = true;
        }
    }
    Ok(out)
}

fn names<T>(
    cx: &mut Cx,
    items: &[Spanned<T>],
    name: impl Fn(&T) -> &Spanned<String>,
    what: &str,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // the first item of each name: one look-up per item, not a scan
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for (k, it) in items.iter().enumerate() {
        let n = name(it.get_ref());
        if n.get_ref().trim().is_empty() {
            cx.err(
                n.span(),
                format!("a {what} has an empty name"),
                format!("give every {what} a name"),
            );
        } else if let Some(&first) = first_of.get(n.get_ref().as_str()) {
            let first_at = items
                .get(first)
                .map_or(0, |f| name(f.get_ref()).span().start);
            let (file, text) = (&cx.file, cx.text);
            let (label, span) = (n.get_ref().clone(), n.span());
            cx.problems.push_with("duplicate names", || {
                let line = line_of_offset(text, first_at);
                Diagnostic::at(
                    file,
                    text,
                    Some(span),
                    format!("two {what}s are named `{label}` (the first on line {line})"),
                    format!("give each {what} its own name"),
                )
            });
        } else {
            first_of.insert(n.get_ref().as_str(), k);
        }
        out.push(n.get_ref().clone());
    }
    out
}

/// A channel's `[[channel.class]]` list: at most 3 classes, names unique and not
/// `regular`, each share in (0, 1) and together below 1 (the rest is regular).
fn priority_classes(
    cx: &mut Cx<'_>,
    items: &[Spanned<raw::Class>],
    channel: &str,
) -> Vec<crate::scenario::model::PriorityClass> {
    let most = crate::engine::spec::MAX_CLASSES - 1;
    if let Some(extra) = items.get(most) {
        cx.err(
            extra.span(),
            format!(
                "{channel} has {} priority classes, more than {most}",
                items.len()
            ),
            format!("list at most {most} [[channel.class]]: the channel's other contacts are the regular class"),
        );
    }
    let mut out: Vec<crate::scenario::model::PriorityClass> = Vec::new();
    let mut ok = true;
    let mut sum = 0.0;
    // each class's head start so far, infinite for strict
    let mut heads: Vec<f64> = Vec::new();
    // past the first too many, the count is the problem to fix first
    for (i, item) in items.iter().enumerate().take(most + 1) {
        let k = item.get_ref();
        let name = k.name.get_ref();
        if name.trim().is_empty() {
            cx.err(
                k.name.span(),
                format!("a priority class of {channel} has an empty name"),
                "give every class a name, e.g. name = \"high\"",
            );
            ok = false;
        } else if name.eq_ignore_ascii_case("regular") {
            cx.err(
                k.name.span(),
                format!("{channel} lists a priority class named `{name}`"),
                "`regular` names the channel's contacts in no listed class: give the class another name, or leave it out",
            );
            ok = false;
        } else if let Some(first) = items[..i]
            .iter()
            .find(|o| o.get_ref().name.get_ref() == name)
        {
            let line = line_of_offset(cx.text, first.get_ref().name.span().start);
            cx.err(
                k.name.span(),
                format!("two priority classes of {channel} are named `{name}` (the first on line {line})"),
                "give each class its own name",
            );
            ok = false;
        }
        // a head start: served as if arrived that much earlier; never more than the
        // class listed above it has (the classes come highest first)
        let head_start = match &k.head_start {
            None => None,
            Some(d) => match cx.dur(d, &format!("{channel} class {name} head_start")) {
                Some(h) => Some(h),
                None => {
                    ok = false;
                    None
                }
            },
        };
        let above = items[..i]
            .last()
            .map(|o| o.get_ref().name.get_ref().clone());
        if let (Some(above_name), Some(prev)) = (above, heads.last().copied()) {
            let this = head_start.unwrap_or(f64::INFINITY);
            if this > prev {
                let span = k.head_start.as_ref().map_or(k.name.span(), |d| d.span());
                let shown = |h: f64| {
                    if h.is_finite() {
                        format!("a head start of {}", crate::duration::format_duration_s(h))
                    } else {
                        "strict priority (no head_start)".to_string()
                    }
                };
                cx.err(
                    span,
                    format!(
                        "{channel} class {name} has {}, but `{above_name}` listed above it has {}: classes come highest first",
                        shown(this),
                        shown(prev)
                    ),
                    if !this.is_finite() {
                        format!("give `{name}` a head_start shorter than `{above_name}`'s, e.g. head_start = \"30s\", or remove `{above_name}`'s head_start (both strict)")
                    } else {
                        format!("give `{name}` a shorter head_start than `{above_name}`'s, or list the classes highest first")
                    },
                );
                ok = false;
            }
        }
        heads.push(head_start.unwrap_or(f64::INFINITY));
        let what = format!("{channel} class {name} share");
        match cx.share(&k.share, &what) {
            Some(x) if x == 0.0 || x == 1.0 => {
                cx.err(
                    k.share.span(),
                    format!("{what} is {}", nw(x)),
                    if x == 0.0 {
                        "a class nobody is in: give its share of the channel's contacts, e.g. 0.1, or leave the class out"
                    } else {
                        "every contact in one class is no priority at all: give the class's share of the channel's contacts, below 1 (the rest are regular)"
                    },
                );
                ok = false;
            }
            Some(x) => {
                sum += x;
                if sum >= 1.0 && ok {
                    cx.err(
                        k.share.span(),
                        format!(
                            "the shares of {channel}'s priority classes add up to {} by this one",
                            nw(sum)
                        ),
                        "give shares that add up to less than 1: the rest of the channel's contacts are the regular class",
                    );
                    ok = false;
                }
                out.push(crate::scenario::model::PriorityClass {
                    name: name.clone(),
                    share: x,
                    head_start_s: head_start,
                });
            }
            None => ok = false,
        }
    }
    if ok && items.len() <= most {
        out
    } else {
        Vec::new()
    }
}

/// Every tier that receives deferred work (e-mail, or tickets a tier before it
/// escalates) needs a response time to staff it: its ticket_target's `within`, else
/// the channel's. Found here, it has a position; found by `staff`, it had none.
fn tickets_have_a_response_time(
    cx: &mut Cx,
    channels: &[Channel],
    tiers: &[Tier],
    raw_tiers: &[Spanned<raw::Tier>],
) {
    let mut reach = 1.0;
    // channels some earlier tier escalates as tickets: they stay tickets
    let mut ticketed = vec![false; channels.len()];
    for (k, t) in tiers.iter().enumerate() {
        if k > 0 {
            reach *= tiers[k - 1].escalate;
            for (c, e) in tiers[k - 1].escalation.iter().enumerate() {
                if *e == Escalation::Ticket && c < ticketed.len() {
                    ticketed[c] = true;
                }
            }
        }
        if k == 0 || reach <= 0.0 {
            continue;
        }
        let Some(raw_tier) = raw_tiers.get(k) else {
            continue;
        };
        for (c, ch) in channels.iter().enumerate() {
            let deferred = !ch.is_live() || ticketed[c];
            let target = t.ticket_target.as_ref().unwrap_or(&ch.target);
            // a `within` written but refused, or a deferred channel without one, is
            // reported already
            let written = raw_tier
                .get_ref()
                .ticket_target
                .as_ref()
                .is_some_and(|tt| tt.get_ref().within.is_some());
            let reported = written || (t.ticket_target.is_none() && !ch.is_live());
            if !deferred || target.within_s.is_some() || reported {
                continue;
            }
            let span = raw_tier
                .get_ref()
                .ticket_target
                .as_ref()
                .map_or(raw_tier.get_ref().name.span(), |tt| tt.span());
            cx.err(
                span,
                format!(
                    "tier {} receives {} tickets but has no response time for them",
                    t.name, ch.name
                ),
                format!(
                    "add service_level = 0.90 and within = \"24h\" under [tier.ticket_target] of tier {}",
                    t.name
                ),
            );
            break;
        }
    }
}

/// Each unresolved contact comes back with probability `share`: each first contact
/// brings r = share × unresolved returns directly, 1 / (1 − r) contacts in all. At
/// r = 1 that series diverges (the re-contacts never die out); near it the load is
/// many times the demand. Both are refused at the keys that set r.
fn recontacts_die_out(
    cx: &mut Cx,
    raw: &raw::Recontact,
    rc: &Recontact,
    tiers: &[Tier],
    raw_tiers: &[Spanned<raw::Tier>],
) {
    let unresolved = super::model::unresolved_share(tiers);
    let back = rc.share * unresolved;
    if back.is_nan() || back <= 0.0 {
        return;
    }
    let returns = back / (1.0 - back);
    if returns <= MAX_RECONTACT_RETURNS {
        return;
    }
    let mut resolves: Vec<String> = raw_tiers
        .iter()
        .zip(tiers)
        .take(10)
        .map(|(t, m)| {
            format!(
                "tier {} resolve = {} (line {})",
                m.name,
                m.resolve,
                line_of_offset(cx.text, t.get_ref().resolve.span().start)
            )
        })
        .collect();
    if tiers.len() > 10 {
        resolves.push(format!("… ({} tiers)", thousands(tiers.len())));
    }
    let message = if back >= 1.0 {
        format!(
            "re-contacts never die out: every contact leaves unresolved (share {}) and comes back (re-contact share {}), so each brings another for ever",
            round6(unresolved),
            rc.share
        )
    } else {
        format!(
            "re-contacts all but never die out: {} of contacts leave unresolved and {} of those come back, so each first contact comes back {} times on average",
            round6(unresolved),
            rc.share,
            thousands(returns.round() as usize)
        )
    };
    cx.err(
        raw.share.span(),
        message,
        format!(
            "lower the re-contact share, or resolve more ({}); each first contact may come back at most {} times on average",
            resolves.join(", "),
            MAX_RECONTACT_RETURNS
        ),
    );
}

/// A number in a message: `1e308`, not 309 digits.
fn nw(x: f64) -> String {
    crate::dist::num_words(x)
}

/// Each name's first index, for look-ups in constant time.
pub(super) fn index_by_name(names: &[String]) -> HashMap<&str, usize> {
    let mut m = HashMap::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        m.entry(n.as_str()).or_insert(i);
    }
    m
}

/// 1-based line of a byte offset of `text`.
pub(super) fn line_of_offset(text: &str, offset: usize) -> usize {
    let o = offset.min(text.len());
    text.as_bytes()[..o].iter().filter(|b| **b == b'\n').count() + 1
}

pub(super) fn check(cx: &mut Cx, r: &raw::File) -> Option<Scenario> {
    let dir = cx.file.parent().map(Path::to_path_buf).unwrap_or_default();
    let h = r.scenario.get_ref();
    if h.name.get_ref().trim().is_empty() {
        cx.err(
            h.name.span(),
            "the scenario has an empty name",
            "give it a name, e.g. name = \"Support desk\"",
        );
    }
    let interval_s = cx.dur(&h.interval, "the planning interval").and_then(|v| {
        if [900.0, 1800.0, 3600.0].contains(&v) {
            Some(v)
        } else {
            cx.err(
                h.interval.span(),
                format!(
                    "the planning interval is {}: ccsim plans on a 15, 30 or 60 minute grid",
                    crate::duration::format_duration_s(v)
                ),
                "write interval = \"15m\", \"30m\" or \"60m\"",
            );
            None
        }
    });
    let hours_per_fte_week = match &h.hours_per_fte_week {
        Some(v) if (1.0..=168.0).contains(&v.get_ref().0) => v.get_ref().0,
        Some(v) => {
            cx.err(
                v.span(),
                format!("hours_per_fte_week is {}", nw(v.get_ref().0)),
                "write the paid hours of a full-time week, from 1 to 168, e.g. 40",
            );
            40.0
        }
        None => 40.0,
    };
    let shrinkage = match &r.shrinkage {
        Some(s) => shrinkage_of(cx, s.get_ref(), s.span(), "the centre's"),
        None => Shrinkage::default(),
    };
    let recontact = match &r.recontact {
        Some(rc) => {
            let rc = rc.get_ref();
            Recontact {
                share: cx.share(&rc.share, "the re-contact share").unwrap_or(0.0),
                delay_s: cx.dur(&rc.delay, "the re-contact delay").unwrap_or(0.0),
            }
        }
        None => Recontact {
            share: 0.0,
            delay_s: 0.0,
        },
    };

    // channels
    if r.channels.is_empty() {
        cx.err(
            r.scenario.span(),
            "the scenario has no channels",
            "add at least one [[channel]] with name and kind = \"live\" or \"deferred\"",
        );
    }
    let channel_names = names(cx, &r.channels, |c| &c.name, "channel");
    let channel_index = index_by_name(&channel_names);
    let mut channels = Vec::new();
    for ch in &r.channels {
        let c = ch.get_ref();
        let name = c.name.get_ref().clone();
        let live = match c.kind.get_ref().as_str() {
            "live" => true,
            "deferred" => false,
            other => {
                cx.err(c.kind.span(), format!("channel {name} has kind `{other}`"), "write kind = \"live\" (phone, chat: customers wait on line) or \"deferred\" (e-mail: answered within hours)");
                true
            }
        };
        let tgt = match &c.target {
            Some(t) => target(cx, t, &name, live),
            None => {
                cx.err(ch.span(), format!("channel {name} has no target"), if live { "add [channel.target] with service_level = 0.80 and within = \"20s\" (or max_asa / max_abandon)" } else { "add [channel.target] with service_level = 0.95 and within = \"12h\"" });
                Target::default()
            }
        };
        if !live && tgt.within_s.is_none() && c.target.is_some() {
            cx.err(
                c.target.as_ref().map(|t| t.span()).unwrap_or(ch.span()),
                format!("{name} is deferred but its target has no response time"),
                "add within = \"12h\" (and service_level = 0.95) under [channel.target]",
            );
        }
        let kind = if live {
            let concurrency = match &c.concurrency {
                Some(v) => {
                    let x = v.get_ref().0;
                    if x.fract() == 0.0 && x > 20.0 {
                        cx.err(v.span(), format!("{name} concurrency is {}: nobody holds that many contacts at once", nw(x)), "set concurrency to at most 20; chat agents typically hold 2 or 3 (more makes customers wait between replies)");
                        1
                    } else if x.fract() != 0.0 || x < 1.0 {
                        cx.err(v.span(), format!("{name} concurrency is {}: an agent must hold at least one {name}", nw(x)), format!("set concurrency to 1 or more (the {name} contacts one agent holds at once)"));
                        1
                    } else {
                        x as u32
                    }
                }
                None => 1,
            };
            let stretch = match &c.concurrency_stretch {
                Some(v) => cx.up_to(v, &format!("{name} concurrency_stretch"), MAX_CONCURRENCY_STRETCH, "give 0 to 1: 0 means concurrent contacts take no longer; 0.25 means each extra one adds 25% to all; above 1 holding contacts at once would be slower than taking them one by one").unwrap_or(0.0),
                None => 0.0,
            };
            let patience = c
                .patience
                .as_ref()
                .and_then(|p| dist(cx, p, &format!("{name} patience"), &dir));
            let model = match c.model.as_ref().map(|m| (m.get_ref().as_str(), m.span())) {
                Some(("erlang_c", _)) => LiveModel::ErlangC,
                Some(("erlang_a", s)) => {
                    if c.patience.is_none() {
                        cx.err(s, format!("{name} is staffed with erlang_a but has no patience"), "add patience = { dist = \"exponential\", mean = \"2m\" }, or use model = \"erlang_c\"");
                    }
                    LiveModel::ErlangA
                }
                Some(("chat", _)) => LiveModel::Chat,
                Some((other, s)) => {
                    cx.err(
                        s,
                        format!("{name} has model `{other}`"),
                        "use erlang_c, erlang_a or chat",
                    );
                    LiveModel::ErlangC
                }
                None if concurrency > 1 => LiveModel::Chat,
                None if c.patience.is_some() => LiveModel::ErlangA,
                None => LiveModel::ErlangC,
            };
            ChannelKind::Live {
                patience,
                concurrency,
                concurrency_stretch: stretch,
                model,
            }
        } else {
            for (key, v) in [
                ("concurrency", c.concurrency.as_ref().map(|x| x.span())),
                (
                    "concurrency_stretch",
                    c.concurrency_stretch.as_ref().map(|x| x.span()),
                ),
                ("model", c.model.as_ref().map(|x| x.span())),
            ] {
                if let Some(s) = v {
                    cx.err(s, format!("{key} on {name}, a deferred channel"), format!("remove {key}: deferred work is answered one contact at a time from a backlog"));
                }
            }
            if let Some(p) = &c.patience {
                cx.err(
                    p.span(),
                    format!("patience on {name}, a deferred channel: its customers do not hang up"),
                    "remove patience, or make the channel kind = \"live\"",
                );
            }
            ChannelKind::Deferred
        };
        let priority = priority(
            cx,
            c.priority.as_ref(),
            &name,
            "write a whole number; a freed agent takes waiting contacts of lower numbers first",
        );
        let lines = match &c.lines {
            Some(v) if !live => {
                cx.err(
                    v.span(),
                    format!("lines on {name}, a deferred channel: nobody holds a line for it"),
                    "remove lines, or make the channel kind = \"live\"",
                );
                None
            }
            Some(v) => {
                let x = v.get_ref().0;
                if x.fract() != 0.0 || x < 1.0 || x > f64::from(crate::limits::MAX_LINES) {
                    cx.err(v.span(), format!("{name} lines is {}: it must be a whole number of trunk lines from 1 to {}", nw(x), crate::limits::MAX_LINES), "give the lines the channel's calls can hold at once (waiting and talking), e.g. lines = 40; leave it out for no limit");
                    None
                } else {
                    Some(x as u32)
                }
            }
            None => None,
        };
        let redial = match &c.redial {
            Some(r) if !live => {
                cx.err(
                    r.span(),
                    format!("redial on {name}, a deferred channel: its customers do not call"),
                    "remove [channel.redial], or make the channel kind = \"live\"",
                );
                None
            }
            Some(r) => {
                let rr = r.get_ref();
                let blocked = rr.blocked.as_ref().map_or(Some(0.0), |v| {
                    cx.share(v, &format!("{name} redial blocked"))
                });
                let abandoned = rr.abandoned.as_ref().map_or(Some(0.0), |v| {
                    cx.share(v, &format!("{name} redial abandoned"))
                });
                let delay = dist(cx, &rr.delay, &format!("{name} redial delay"), &dir);
                if rr.blocked.is_none() && rr.abandoned.is_none() {
                    cx.err(r.span(), format!("{name} redial says nobody calls again"), "add blocked = 0.6 (share of blocked callers who try again) and/or abandoned = 0.4");
                }
                match (blocked, abandoned, delay) {
                    (Some(blocked), Some(abandoned), Some(delay)) => {
                        Some(crate::scenario::model::Redial {
                            blocked,
                            abandoned,
                            delay,
                        })
                    }
                    _ => None,
                }
            }
            None => None,
        };
        let callback = match &c.callback {
            Some(cb) if !live => {
                cx.err(
                    cb.span(),
                    format!(
                        "callback on {name}, a deferred channel: its customers do not wait on line"
                    ),
                    "remove [channel.callback], or make the channel kind = \"live\"",
                );
                None
            }
            Some(cb) => {
                let r = cb.get_ref();
                let share = cx.share(&r.share, &format!("{name} callback share"));
                let above = cx.dur(&r.above, &format!("{name} callback above"));
                let within = cx.dur(&r.within, &format!("{name} callback within"));
                if within == Some(0.0) {
                    cx.err(r.within.span(), format!("{name} callback within is 0: no call back is that fast"), "give the time within which a call back should reach the customer, e.g. within = \"30m\"");
                }
                match (share, above, within) {
                    (Some(share), Some(above_s), Some(within)) if within > 0.0 => {
                        Some(crate::scenario::model::Callback {
                            above_s,
                            share,
                            within_s: within,
                        })
                    }
                    _ => None,
                }
            }
            None => None,
        };
        let classes = priority_classes(cx, c.classes.as_deref().unwrap_or(&[]), &name);
        channels.push(Channel {
            name,
            kind,
            target: tgt,
            priority,
            lines,
            redial,
            callback,
            classes,
        });
    }

    // languages
    if r.languages.is_empty() {
        cx.err(
            r.scenario.span(),
            "the scenario has no languages",
            "add at least one [[language]] with name and share = 1.0",
        );
    }
    let language_names = names(cx, &r.languages, |l| &l.name, "language");
    let mut languages = Vec::new();
    let mut bad_share = false;
    for l in &r.languages {
        let lr = l.get_ref();
        let name = lr.name.get_ref().clone();
        let share = match cx.share(&lr.share, &format!("language {name} share")) {
            Some(x) => x,
            None => {
                bad_share = true;
                0.0
            }
        };
        let off = match &lr.utc_offset {
            Some(o) if (-12.0..=14.0).contains(&o.get_ref().0) => o.get_ref().0,
            Some(o) => {
                cx.err(
                    o.span(),
                    format!(
                        "language {name} has UTC offset {}: time zones run from UTC-12 to UTC+14",
                        o.get_ref().0
                    ),
                    "write the customers' offset from UTC in hours, between -12 and 14",
                );
                0.0
            }
            None => 0.0,
        };
        languages.push(Language {
            name,
            share,
            utc_offset_h: off,
        });
    }
    let lang_sum: f64 = languages.iter().map(|l| l.share).sum();
    if !languages.is_empty() && !bad_share && (lang_sum - 1.0).abs() > SHARE_TOL {
        if let Some(last) = r.languages.last() {
            cx.err(
                last.get_ref().share.span(),
                format!("language shares add up to {}, not 1", round6(lang_sum)),
                "make the shares of all [[language]] entries sum to 1",
            );
        }
    }

    // tiers
    if r.tiers.is_empty() {
        cx.err(
            r.scenario.span(),
            "the scenario has no tiers",
            "add a [[tier]] named L1 with resolve = 1.0 and a handle_time for each channel",
        );
    }
    let tier_names = names(cx, &r.tiers, |t| &t.name, "tier");
    let tier_index = index_by_name(&tier_names);
    let mut tiers = Vec::new();
    let nt = r.tiers.len();
    for (k, t) in r.tiers.iter().enumerate() {
        let tr = t.get_ref();
        let name = tr.name.get_ref().clone();
        let resolve = cx
            .share(&tr.resolve, &format!("tier {name} resolve"))
            .unwrap_or(0.0);
        let escalate = match &tr.escalate {
            Some(e) => cx.share(e, &format!("tier {name} escalate")).unwrap_or(0.0),
            None => 0.0,
        };
        if resolve + escalate > 1.0 + SHARE_TOL {
            cx.err(tr.resolve.span(), format!("tier {name} resolves {resolve} and escalates {escalate}: together more than all its contacts"), "make resolve + escalate at most 1 (the rest leaves unresolved)");
        }
        if k + 1 == nt && escalate > 0.0 {
            if let Some(e) = &tr.escalate {
                cx.err(
                    e.span(),
                    format!("tier {name} is the last tier but escalates {escalate}"),
                    "set escalate = 0 on the last tier, or add the tier it escalates to",
                );
            }
        }
        let mut escalation: Vec<Escalation> = channels
            .iter()
            .map(|c| {
                if c.is_live() {
                    Escalation::WarmTransfer
                } else {
                    Escalation::Ticket
                }
            })
            .collect();
        if let Some(map) = &tr.escalation {
            for (ch, mode) in map.get_ref() {
                let Some(ci) = channel_index.get(ch.as_str()).copied() else {
                    cx.err(
                        map.span(),
                        format!(
                            "tier {name} escalation names channel `{ch}`, which is not defined"
                        ),
                        format!("use one of: {}", names_words(&channel_names)),
                    );
                    continue;
                };
                match mode.get_ref().as_str() {
                    "warm" => {
                        if !channels[ci].is_live() {
                            cx.err(mode.span(), format!("tier {name} escalates {ch} warm, but {ch} is deferred: nobody is on line to transfer"), "use \"ticket\" for deferred channels");
                        }
                        escalation[ci] = Escalation::WarmTransfer;
                    }
                    "ticket" => escalation[ci] = Escalation::Ticket,
                    other => cx.err(mode.span(), format!("tier {name} escalates {ch} as `{other}`"), "write \"warm\" (the customer stays on line) or \"ticket\" (deferred work for the next tier)"),
                }
            }
        }
        // a distribution per channel: the tier's handle times and after-call work
        let mut per_channel = |map: &BTreeMap<String, Spanned<raw::DistSpec>>,
                               what: &str,
                               article: &str| {
            let mut out: Vec<Option<Dist>> = vec![None; channels.len()];
            for (ch, d) in map {
                match channel_index.get(ch.as_str()).copied() {
                    Some(ci) => out[ci] = dist(cx, d, &format!("tier {name} {ch} {what}"), &dir),
                    None => cx.err(
                        d.span(),
                        format!(
                            "tier {name} has {article}{what} for `{ch}`, which is not a channel"
                        ),
                        format!("use one of: {}", names_words(&channel_names)),
                    ),
                }
            }
            out
        };
        let handle_time = per_channel(&tr.handle_time, "handle time", "a ");
        let wrap_up = per_channel(&tr.wrap_up, "after-call work", "");
        if k == 0 {
            for (ci, c) in channel_names.iter().enumerate() {
                if !tr.handle_time.contains_key(c) && !c.is_empty() {
                    cx.err(tr.name.span(), format!("tier {name} is the first line but has no handle time for {c}"), format!("add {c} = {{ dist = \"exponential\", mean = \"3m\" }} under [tier.handle_time] of tier {name}"));
                }
                let _ = ci;
            }
        }
        let ticket_target = match &tr.ticket_target {
            Some(tt) if k == 0 => {
                cx.err(
                    tt.span(),
                    format!("tier {name} is the first line: it receives no tickets"),
                    "move ticket_target to the tier that receives the escalations",
                );
                None
            }
            Some(tt) => Some(target(cx, tt, &format!("tier {name} tickets"), false)),
            None => None,
        };
        let cost = match &tr.cost_per_agent_hour {
            Some(c) => cx
                .up_to(
                    c,
                    &format!("tier {name} cost_per_agent_hour"),
                    MAX_COST_PER_AGENT_HOUR,
                    "write the cost of one paid agent-hour, from 0 to 1e9",
                )
                .unwrap_or(0.0),
            None => 0.0,
        };
        tiers.push(Tier {
            name,
            resolve,
            escalate,
            escalation,
            handle_time,
            wrap_up,
            ticket_target,
            cost_per_agent_hour: cost,
        });
    }

    tickets_have_a_response_time(cx, &channels, &tiers, &r.tiers);
    if let Some(rc) = &r.recontact {
        recontacts_die_out(cx, rc.get_ref(), &recontact, &tiers, &r.tiers);
    }

    // demand
    let demand = interval_s.and_then(|iv| {
        demand(
            cx,
            &r.demand,
            iv,
            &channel_names,
            &language_names,
            &languages,
            &dir,
        )
    });

    // groups
    let group_names = names(cx, &r.groups, |g| &g.name, "group");
    let _ = group_names;
    let mut groups = Vec::new();
    let mut group_refs_bad = false;
    let mut total_agents: u32 = 0;
    let language_index = index_by_name(&language_names);
    for g in &r.groups {
        let gr = g.get_ref();
        let name = gr.name.get_ref().clone();
        let tier = tier_index.get(gr.tier.get_ref().as_str()).copied();
        if tier.is_none() {
            group_refs_bad = true;
            cx.err(
                gr.tier.span(),
                format!(
                    "group `{name}` works at tier `{}`, which is not defined",
                    gr.tier.get_ref()
                ),
                format!("use one of: {}", names_words(&tier_names)),
            );
        }
        let pick = |cx: &mut Cx,
                    list: &Spanned<Vec<Spanned<String>>>,
                    known: &[String],
                    index: &HashMap<&str, usize>,
                    what: &str|
         -> Vec<usize> {
            if list.get_ref().is_empty() {
                cx.err(
                    list.span(),
                    format!("group `{name}` has no {what}s"),
                    format!("list the {what}s the agents handle, or [\"*\"] for all"),
                );
            }
            let mut out = Vec::new();
            let mut taken = vec![false; known.len()];
            for it in list.get_ref() {
                if it.get_ref() == "*" {
                    out = (0..known.len()).collect();
                    break;
                }
                match index.get(it.get_ref().as_str()).copied() {
                    Some(i) if !taken[i] => {
                        taken[i] = true;
                        out.push(i);
                    }
                    Some(_) => {}
                    None => cx.err_kind(
                        "unknown names",
                        it.span(),
                        format!(
                            "group `{name}` names {what} `{}`, which is not defined",
                            it.get_ref()
                        ),
                        format!("use one of: {}", names_words(known)),
                    ),
                }
            }
            out
        };
        let before = cx.problems.len();
        let langs = pick(
            cx,
            &gr.languages,
            &language_names,
            &language_index,
            "language",
        );
        let chans = pick(cx, &gr.channels, &channel_names, &channel_index, "channel");
        if cx.problems.len() > before {
            group_refs_bad = true;
        }
        let mut shifts = Vec::new();
        if gr.shifts.is_empty() && gr.templates.is_empty() {
            cx.err(
                gr.name.span(),
                format!("group `{name}` has no shifts: its agents never work"),
                "add a [[group.shift]] with start, length, days and agents (or a [[group.template]] for `ccsim plan` to staff)",
            );
        }
        for (i, sh) in gr.shifts.iter().enumerate() {
            if let Some(s) = shift(cx, sh, &name, i + 1) {
                count_agents(cx, &mut total_agents, sh, s.agents);
                shifts.push(s);
            }
        }
        let headcount = headcount_of(cx, gr.headcount.as_ref(), &name, &shifts);
        let max_occupancy = gr.max_occupancy.as_ref().and_then(|o| {
            let x = o.get_ref().0;
            if x > 0.0 && x <= 1.0 {
                Some(x)
            } else {
                cx.err(
                    o.span(),
                    format!("group `{name}` max_occupancy is {}", nw(x)),
                    "write a share above 0 and at most 1, e.g. 0.85",
                );
                None
            }
        });
        let priority = priority(
            cx,
            gr.priority.as_ref(),
            &format!("group `{name}`"),
            "write a whole number; lower numbers are offered contacts first",
        );
        let shrink = match &gr.shrinkage {
            Some(s) => match s.get_ref() {
                ShrinkageSpec::Total(t) => {
                    let sp: Spanned<Num> = Spanned::new(s.span(), *t);
                    let x = cx
                        .share(&sp, &format!("group `{name}` shrinkage"))
                        .unwrap_or(0.0);
                    if x >= 1.0 {
                        cx.err(s.span(), format!("group `{name}` shrinkage is {}: its agents would never be available", nw(x)), "keep shrinkage below 1");
                    }
                    Shrinkage {
                        components: vec![("total".into(), x)],
                    }
                }
                ShrinkageSpec::Components(m) => {
                    shrinkage_of(cx, m, s.span(), &format!("group `{name}`"))
                }
            },
            None => shrinkage.clone(),
        };
        let cost = match &gr.cost_per_agent_hour {
            Some(c) => cx
                .up_to(
                    c,
                    &format!("group `{name}` cost_per_agent_hour"),
                    MAX_COST_PER_AGENT_HOUR,
                    "write the cost of one paid agent-hour, from 0 to 1e9",
                )
                .unwrap_or(0.0),
            None => tier.map_or(0.0, |t| tiers.get(t).map_or(0.0, |t| t.cost_per_agent_hour)),
        };
        let templates = templates_of(cx, &gr.templates, &name, cost, interval_s);
        groups.push(AgentGroup {
            name,
            tier: tier.unwrap_or(0),
            languages: langs,
            channels: chans,
            headcount,
            shifts,
            shrinkage: shrink,
            max_occupancy,
            cost_per_agent_hour: cost,
            priority,
            templates,
        });
    }

    if !groups.is_empty() && !group_refs_bad {
        if let Some(d) = &demand {
            coverage(cx, r, d, &tiers, &groups, &channel_names, &language_names);
        }
    }

    let demand = demand?;
    Some(Scenario {
        name: h.name.get_ref().clone(),
        interval_s: interval_s?,
        channels,
        languages,
        tiers,
        groups,
        demand,
        recontact,
        shrinkage,
        hours_per_fte_week,
    })
}

/// Every (channel, language) that reaches a tier must have a group at that tier to
/// answer it, or its contacts wait for ever in the simulation.
fn coverage(
    cx: &mut Cx,
    r: &raw::File,
    d: &Demand,
    tiers: &[Tier],
    groups: &[AgentGroup],
    channels: &[String],
    languages: &[String],
) {
    let (nc, nl) = (channels.len(), languages.len());
    // which cells reach tier 0: those with first-line contacts
    let mut reach = vec![false; nc * nl];
    for i in 0..d.n_intervals {
        for c in 0..nc {
            for l in 0..nl {
                if d.contacts.get(d.index(i, c, l)).is_some_and(|v| *v > 0.0) {
                    reach[c * nl + l] = true;
                }
            }
        }
    }
    for (k, tier) in tiers.iter().enumerate() {
        if k > 0 && tiers.get(k - 1).is_none_or(|t| t.escalate <= 0.0) {
            return; // nothing reaches this tier or any after it
        }
        // the cells a group of this tier answers: one pass over each group's lists
        let mut covered = vec![false; nc * nl];
        for g in groups.iter().filter(|g| g.tier == k) {
            for &c in g.channels.iter().filter(|&&c| c < nc) {
                for &l in g.languages.iter().filter(|&&l| l < nl) {
                    covered[c * nl + l] = true;
                }
            }
        }
        let mut missing: Vec<(usize, Vec<&str>)> = Vec::new();
        for c in 0..nc {
            let langs: Vec<&str> = (0..nl)
                .filter(|&l| reach[c * nl + l] && !covered[c * nl + l])
                .map(|l| languages[l].as_str())
                .collect();
            if !langs.is_empty() {
                missing.push((c, langs));
            }
        }
        if missing.is_empty() {
            continue;
        }
        // a short message however many are missing: the first ten, then the count
        let more = missing.len().saturating_sub(10);
        let mut what: Vec<String> = missing
            .iter()
            .take(10)
            .map(|(c, ls)| {
                if ls.len() == nl && nl > 1 {
                    format!("{} in any language", channels[*c])
                } else {
                    format!("{} in {}", channels[*c], ls.join(", "))
                }
            })
            .collect();
        if more > 0 {
            what.push(format!("{} more channels", thousands(more)));
        }
        let span = r
            .tiers
            .get(k)
            .map_or(r.scenario.span(), |t| t.get_ref().name.span());
        cx.err(
            span,
            format!(
                "no group at tier {} answers {}: those contacts would wait for ever",
                tier.name,
                what.join("; ")
            ),
            format!(
                "add them to the channels and languages of a [[group]] with tier = \"{}\" (or use [\"*\"]), or add such a group",
                tier.name
            ),
        );
    }
}

pub(super) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The scenario's shifts so far staff `total` agents: add a shift's, reporting at its
/// `agents` the shift that takes the whole scenario past [`MAX_AGENTS`].
pub(super) fn count_agents(cx: &mut Cx, total: &mut u32, sh: &Spanned<raw::Shift>, agents: u32) {
    let before = *total;
    *total = total.saturating_add(agents);
    if before <= MAX_AGENTS && *total > MAX_AGENTS {
        let m = thousands(MAX_AGENTS as usize);
        cx.err(
            sh.get_ref().agents.span(),
            format!(
                "with this shift the scenario's shifts staff {} agents, more than the {m} ccsim plans for",
                thousands(*total as usize)
            ),
            format!("give at most {m} agents in all shifts of all groups together"),
        );
    }
}

/// A group's headcount: the sum of its shifts' agents, checked against `headcount`
/// when the file gives one.
pub(super) fn headcount_of(
    cx: &mut Cx,
    given: Option<&Spanned<Num>>,
    group: &str,
    shifts: &[Shift],
) -> u32 {
    let headcount: u32 = shifts.iter().fold(0u32, |a, s| a.saturating_add(s.agents));
    if let Some(hc) = given {
        if let Some(n) = cx.agents(hc, &format!("group `{group}` headcount")) {
            if n != headcount {
                cx.err(
                    hc.span(),
                    format!(
                        "group `{group}` has headcount {n} but its shifts staff {headcount} agents"
                    ),
                    "make headcount the sum of the shifts' agents, or leave it out",
                );
            }
        }
    }
    headcount
}

/// `HH:MM` of seconds after midnight (whole minutes).
pub(super) fn hhmm(s: f64) -> String {
    let m = (s / 60.0).floor().clamp(0.0, 1439.0) as u32;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// A duration on the scenario's grid (a whole number of intervals), or a problem;
/// always fine when the interval itself is refused.
fn on_grid(
    cx: &mut Cx,
    x: f64,
    span: Range<usize>,
    what: &str,
    interval_s: Option<f64>,
    example: &str,
) -> bool {
    match interval_s {
        Some(iv) if x % iv != 0.0 => {
            let f = crate::duration::format_duration_s;
            cx.err(
                span,
                format!(
                    "{what} is {}, not a whole number of the scenario's {} intervals",
                    f(x),
                    f(iv)
                ),
                format!("give a multiple of {}, e.g. {example}", f(iv)),
            );
            false
        }
        _ => true,
    }
}

/// A time of day `HH:MM` (UTC) on the scenario's grid, seconds after midnight.
fn time_on_grid(
    cx: &mut Cx,
    t: &Spanned<String>,
    what: &str,
    interval_s: Option<f64>,
) -> Option<f64> {
    let Some(x) = parse_hhmm(t.get_ref()) else {
        cx.err(
            t.span(),
            format!("{what} is `{}`, not a time of day", t.get_ref()),
            "write HH:MM in UTC, from 00:00 to 23:59, e.g. \"06:00\"",
        );
        return None;
    };
    match interval_s {
        Some(iv) if x % iv != 0.0 => {
            cx.err(
                t.span(),
                format!(
                    "{what} {} is not on the scenario's {} grid",
                    t.get_ref().trim(),
                    crate::duration::format_duration_s(iv)
                ),
                format!(
                    "give a time a whole number of {} after midnight, e.g. \"06:00\" or \"{}\"",
                    crate::duration::format_duration_s(iv),
                    hhmm(6.0 * 3600.0 + iv)
                ),
            );
            None
        }
        _ => Some(x),
    }
}

/// Working-day patterns of `n` days a week, Monday first, in the order of their
/// working days (Mon–Fri before Mon–Thu + Sat, ...): every choice, or with `together`
/// only those whose working days follow each other around the week (Sunday to Monday
/// included), which makes the days off consecutive too.
pub(super) fn day_patterns(n: u32, together: bool) -> Vec<[bool; 7]> {
    let mut out: Vec<[bool; 7]> = (0u32..128)
        .filter(|m| m.count_ones() == n)
        .map(|m| std::array::from_fn(|d| m & (1 << d) != 0))
        .filter(|p: &[bool; 7]| {
            // working blocks: days that work after a day that does not, around the week
            let starts = (0..7).filter(|&d| p[d] && !p[(d + 6) % 7]).count();
            !together || starts <= 1
        })
        .collect();
    out.sort_by(|a, b| b.cmp(a));
    out
}

/// The `[[group.template]]` entries of group `group`, checked and expanded.
fn templates_of(
    cx: &mut Cx,
    list: &[Spanned<raw::Template>],
    group: &str,
    group_cost: f64,
    interval_s: Option<f64>,
) -> Vec<ShiftTemplate> {
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for t in list {
        let n = &t.get_ref().name;
        if n.get_ref().trim().is_empty() {
            cx.err(
                n.span(),
                format!("a template of group `{group}` has an empty name"),
                "give every template a name, e.g. name = \"day\"",
            );
        } else if let Some(&first) = first_of.get(n.get_ref().as_str()) {
            let line = line_of_offset(cx.text, first);
            cx.err(
                n.span(),
                format!(
                    "two templates of group `{group}` are named `{}` (the first on line {line})",
                    n.get_ref()
                ),
                "give each template of a group its own name",
            );
        } else {
            first_of.insert(n.get_ref().as_str(), n.span().start);
        }
        if let Some(t) = template(cx, t, group, group_cost, interval_s) {
            out.push(t);
        }
    }
    out
}

/// One `[[group.template]]`: lengths, starts and day patterns expanded (ascending, no
/// duplicates), breaks, agents per shift, cost and premiums; `None` after a problem.
fn template(
    cx: &mut Cx,
    t: &Spanned<raw::Template>,
    group: &str,
    group_cost: f64,
    interval_s: Option<f64>,
) -> Option<ShiftTemplate> {
    let before = cx.problems.len();
    let r = t.get_ref();
    let label = format!("template `{}` of group `{group}`", r.name.get_ref());
    let f = crate::duration::format_duration_s;

    // lengths
    let written: Vec<Spanned<Dur>> = match r.length.get_ref() {
        raw::Lengths::One(d) => vec![Spanned::new(r.length.span(), d.clone())],
        raw::Lengths::List(v) => v.clone(),
    };
    if written.is_empty() {
        cx.err(
            r.length.span(),
            format!("{label} gives no lengths"),
            "give length = \"8h\", or a list such as [\"8h\", \"8h30m\"]",
        );
    }
    let mut lengths_s = Vec::new();
    for d in &written {
        let Some(x) = cx.dur(d, &format!("{label} length")) else {
            continue;
        };
        if x <= 0.0 {
            cx.err(
                d.span(),
                format!("{label} has a length of 0"),
                "give a paid length above 0 and at most 24h, e.g. \"8h\"",
            );
        } else if x > MAX_SHIFT_S {
            cx.err(
                d.span(),
                format!("{label} has a length of {}, longer than 24h", f(x)),
                "a shift lasts at most 24h: give lengths up to \"24h\"",
            );
        } else if on_grid(
            cx,
            x,
            d.span(),
            &format!("{label} length"),
            interval_s,
            "\"8h\"",
        ) {
            lengths_s.push(x);
        }
    }
    lengths_s.sort_by(f64::total_cmp);
    lengths_s.dedup();

    // starts
    let mut starts_s = Vec::new();
    let what = format!("{label} start");
    match r.start.get_ref() {
        raw::Starts::One(s) => {
            let s = Spanned::new(r.start.span(), s.clone());
            starts_s.extend(time_on_grid(cx, &s, &what, interval_s));
        }
        raw::Starts::List(v) => {
            if v.is_empty() {
                cx.err(
                    r.start.span(),
                    format!("{label} gives no starts"),
                    "give start = \"08:00\", a list such as [\"08:00\", \"09:00\"], or { from = \"06:00\", to = \"10:00\", every = \"1h\" }",
                );
            }
            for s in v {
                starts_s.extend(time_on_grid(cx, s, &what, interval_s));
            }
        }
        raw::Starts::Window(w) => {
            let from = time_on_grid(cx, &w.from, &format!("{what} from"), interval_s);
            let to = time_on_grid(cx, &w.to, &format!("{what} to"), interval_s);
            let every = cx.dur(&w.every, &format!("{what} every"));
            let every = every.filter(|&e| {
                let why = if e <= 0.0 {
                    "0: the starts would never move on".to_string()
                } else if e > MAX_SHIFT_S {
                    format!("{}, longer than a day", f(e))
                } else {
                    let every = format!("{what} every");
                    return on_grid(cx, e, w.every.span(), &every, interval_s, "\"1h\"");
                };
                cx.err(
                    w.every.span(),
                    format!("{what} every is {why}"),
                    "give a step above 0 and at most 24h on the grid, e.g. every = \"1h\"",
                );
                false
            });
            // with the interval known, the step is a whole number of intervals (at
            // least 15 minutes): at most 96 starts
            if let (Some(from), Some(to), Some(every), Some(_)) = (from, to, every, interval_s) {
                let span = if from <= to {
                    to - from
                } else {
                    to + 86400.0 - from
                };
                let n = (span / every).floor() as u32;
                for i in 0..=n {
                    starts_s.push((from + f64::from(i) * every) % 86400.0);
                }
            }
        }
    }
    starts_s.sort_by(f64::total_cmp);
    starts_s.dedup();

    // working days
    let day_words = "write days as [\"mon\", \"tue\", ...], \"mon-fri\", \"weekend\" or \"all\"";
    let day_patterns = match (&r.days, &r.work_days) {
        (Some(d), Some(_)) => {
            cx.err(
                d.span(),
                format!("{label} gives both days and work_days"),
                "give days = \"mon-fri\" for fixed working days, or work_days = 5 (with days_off) to let `ccsim plan` choose them",
            );
            Vec::new()
        }
        (None, None) => {
            cx.err(
                r.name.span(),
                format!("{label} gives no working days"),
                "add work_days = 5 (`ccsim plan` chooses which, days_off = \"together\" or \"any\"), or fixed days = \"mon-fri\"",
            );
            Vec::new()
        }
        (Some(d), None) => {
            if let Some(off) = &r.days_off {
                cx.err(
                    off.span(),
                    format!("{label} gives days_off with fixed days"),
                    "remove days_off: it goes with work_days, not with days",
                );
            }
            match days_of(d.get_ref()) {
                Ok(p) if p.iter().any(|x| *x) => vec![p],
                Ok(_) => {
                    cx.err(d.span(), format!("{label} works on no day"), day_words);
                    Vec::new()
                }
                Err(w) => {
                    cx.err(d.span(), format!("{label}: `{w}` is not a day"), day_words);
                    Vec::new()
                }
            }
        }
        (None, Some(n)) => {
            let x = n.get_ref().0;
            let together = match r
                .days_off
                .as_ref()
                .map(|o| (o.get_ref().as_str(), o.span()))
            {
                None | Some(("together", _)) => Some(true),
                Some(("any", _)) => Some(false),
                Some((other, span)) => {
                    cx.err(
                        span,
                        format!("{label} has days_off `{other}`"),
                        "write days_off = \"together\" (the working days follow each other around the week, and so do the days off) or \"any\" (any choice of the days)",
                    );
                    None
                }
            };
            if x.fract() != 0.0 || !(1.0..=7.0).contains(&x) {
                cx.err(
                    n.span(),
                    format!("{label} work_days is {}", nw(x)),
                    "give the working days of a week, a whole number from 1 to 7, e.g. work_days = 5",
                );
                Vec::new()
            } else {
                together.map_or_else(Vec::new, |t| day_patterns(x as u32, t))
            }
        }
    };

    // breaks
    let shortest = lengths_s.first().copied();
    let mut breaks = Vec::new();
    for b in &r.breaks {
        let br = b.get_ref();
        let n = cx.problems.len();
        let what = format!("{label}: a break's");
        let length = cx.dur(&br.length, &format!("{what} length"));
        let earliest = cx.dur(&br.earliest, &format!("{what} earliest start"));
        let latest = cx.dur(&br.latest, &format!("{what} latest start"));
        let (Some(length), Some(earliest), Some(latest)) = (length, earliest, latest) else {
            continue;
        };
        if length <= 0.0 {
            cx.err(
                br.length.span(),
                format!("{what} length is 0"),
                "give the break a length above 0 on the grid, e.g. length = \"30m\"",
            );
        } else {
            on_grid(
                cx,
                length,
                br.length.span(),
                &format!("{what} length"),
                interval_s,
                "\"30m\"",
            );
        }
        on_grid(
            cx,
            earliest,
            br.earliest.span(),
            &format!("{what} earliest start"),
            interval_s,
            "\"3h\"",
        );
        on_grid(
            cx,
            latest,
            br.latest.span(),
            &format!("{what} latest start"),
            interval_s,
            "\"5h\"",
        );
        if earliest > latest {
            cx.err(
                br.latest.span(),
                format!(
                    "{what} latest start {} is before its earliest start {}",
                    f(latest),
                    f(earliest)
                ),
                "make earliest at most latest (both counted from the shift's start)",
            );
        } else if let Some(l) = shortest.filter(|l| latest + length > *l) {
            cx.err(
                b.span(),
                format!(
                    "{label}: a break may end after the shift: it may start up to {} into the shift and lasts {}, but the shortest length is {}",
                    f(latest),
                    f(length),
                    f(l)
                ),
                "make latest + length at most the template's shortest length",
            );
        }
        if cx.problems.len() == n {
            breaks.push(BreakRule {
                length_s: length,
                earliest_s: earliest,
                latest_s: latest,
            });
        }
    }
    let on_break: f64 = breaks.iter().map(|b: &BreakRule| b.length_s).sum();
    if let (Some(l), Some(a), Some(b)) = (shortest, r.breaks.first(), r.breaks.last()) {
        if breaks.len() == r.breaks.len() && on_break >= l {
            cx.err(
                a.span().start..b.span().end,
                format!(
                    "{label}: its breaks last {} together, all of its shortest length {}",
                    f(on_break),
                    f(l)
                ),
                "leave time on duty: the breaks together must be shorter than the shortest length",
            );
        }
    }

    // agents per shift
    let min_agents = r
        .min_agents
        .as_ref()
        .map_or(Some(0), |v| cx.agents(v, &format!("{label} min_agents")));
    let max_agents = match &r.max_agents {
        None => None,
        Some(v) => match cx.agents(v, &format!("{label} max_agents")) {
            Some(0) => {
                cx.err(
                    v.span(),
                    format!("{label} max_agents is 0: no shift of it could be staffed"),
                    "give max_agents of 1 or more, or leave it out (no limit)",
                );
                None
            }
            m => m,
        },
    };
    if let (Some(lo), Some(hi), Some(v)) = (min_agents, max_agents, &r.min_agents) {
        if lo > hi {
            cx.err(
                v.span(),
                format!("{label} min_agents {lo} is more than its max_agents {hi}"),
                "make min_agents at most max_agents",
            );
        }
    }

    // pay
    let cost_per_agent_hour = match &r.cost_per_agent_hour {
        Some(c) => cx
            .up_to(
                c,
                &format!("{label} cost_per_agent_hour"),
                MAX_COST_PER_AGENT_HOUR,
                "write the cost of one paid agent-hour, from 0 to 1e9",
            )
            .unwrap_or(0.0),
        None => group_cost,
    };
    let night_premium = r.night_premium.as_ref().and_then(|p| {
        let pr = p.get_ref();
        let share = cx.up_to(
            &pr.share,
            &format!("{label} night_premium share"),
            MAX_PREMIUM_SHARE,
            "give the extra share of the rate, from 0 to 10, e.g. 0.25 to pay 1.25 times the rate",
        );
        let from = time_on_grid(cx, &pr.from, &format!("{label} night_premium from"), interval_s);
        let to = time_on_grid(cx, &pr.to, &format!("{label} night_premium to"), interval_s);
        let (share, from_s, to_s) = (share?, from?, to?);
        if from_s == to_s {
            cx.err(
                pr.to.span(),
                format!(
                    "{label} night_premium runs from {} to {}: an empty window",
                    hhmm(from_s),
                    hhmm(to_s)
                ),
                "give two different times, e.g. from = \"22:00\", to = \"06:00\" (a window may wrap past midnight)",
            );
            return None;
        }
        Some(Premium {
            share,
            from_s,
            to_s,
        })
    });
    let weekend_premium = match &r.weekend_premium {
        Some(w) => cx
            .up_to(
                w,
                &format!("{label} weekend_premium"),
                MAX_PREMIUM_SHARE,
                "give the extra share of the rate for Saturday and Sunday hours, from 0 to 10, e.g. 0.5 to pay 1.5 times the rate",
            )
            .unwrap_or(0.0),
        None => 0.0,
    };

    if cx.problems.len() > before
        || lengths_s.is_empty()
        || starts_s.is_empty()
        || day_patterns.is_empty()
    {
        return None;
    }
    Some(ShiftTemplate {
        name: r.name.get_ref().clone(),
        lengths_s,
        starts_s,
        day_patterns,
        breaks,
        min_agents: min_agents?,
        max_agents,
        cost_per_agent_hour,
        night_premium,
        weekend_premium,
        origin: Some(cx.origin(r.name.span())),
    })
}

pub(super) fn shift(
    cx: &mut Cx,
    sh: &Spanned<raw::Shift>,
    group: &str,
    number: usize,
) -> Option<Shift> {
    let s = sh.get_ref();
    let name = s
        .name
        .as_ref()
        .map_or_else(|| format!("shift {number}"), |n| n.get_ref().clone());
    let label = match &s.name {
        Some(n) => format!("shift `{}`", n.get_ref()),
        None => format!("shift {number}"),
    };
    let start_s = parse_hhmm(s.start.get_ref());
    if start_s.is_none() {
        cx.err(
            s.start.span(),
            format!(
                "{label} of group `{group}` starts at `{}`",
                s.start.get_ref()
            ),
            "write the start as HH:MM in UTC, e.g. \"06:00\"",
        );
    }
    let length_s = cx.dur(&s.length, &format!("{label} of group `{group}` length"));
    let days = match days_of(s.days.get_ref()) {
        Ok(d) => Some(d),
        Err(w) => {
            cx.err(
                s.days.span(),
                format!("{label} of group `{group}`: `{w}` is not a day"),
                "write days as [\"mon\", \"tue\", ...], \"mon-fri\", \"weekend\" or \"all\"",
            );
            None
        }
    };
    let agents = cx.agents(&s.agents, &format!("{label} of group `{group}` agents"));
    let mut breaks = Vec::new();
    for b in &s.breaks {
        let br = b.get_ref();
        if let (Some(after), Some(len)) = (
            cx.dur(&br.after, "a break's start"),
            cx.dur(&br.length, "a break's length"),
        ) {
            if let Some(l) = length_s.filter(|l| *l > 0.0) {
                if after + len > l {
                    let f = crate::duration::format_duration_s;
                    cx.err(b.span(), format!("a break of {label} of group `{group}` ends after the shift: it starts {} into the shift and lasts {}, but the shift lasts {}", f(after), f(len), f(l)), "move the break inside the shift: after + length must not pass the shift's length");
                }
            }
            breaks.push(Break {
                after_s: after,
                length_s: len,
            });
        }
    }
    let (length_s, days) = (length_s?, days?);
    let on_break: f64 = breaks.iter().map(|b| b.length_s).sum();
    if length_s <= 0.0 || !days.iter().any(|d| *d) || on_break >= length_s {
        let (why, span) = if length_s <= 0.0 {
            ("its length is zero", s.length.span())
        } else if !days.iter().any(|d| *d) {
            ("it works on no day", s.days.span())
        } else {
            let breaks = match (s.breaks.first(), s.breaks.last()) {
                (Some(a), Some(b)) => a.span().start..b.span().end,
                _ => sh.span(),
            };
            ("its breaks fill it", breaks)
        };
        cx.err(
            span,
            format!("{label} of group `{group}` covers no interval: {why}"),
            "give the shift a length, at least one working day, and time outside its breaks",
        );
        return None;
    }
    if length_s > MAX_SHIFT_S {
        cx.err(
            s.length.span(),
            format!(
                "{label} of group `{group}` is {} long",
                crate::duration::format_duration_s(length_s)
            ),
            "a shift lasts at most 24h; split longer cover into several shifts",
        );
        return None;
    }
    Some(Shift {
        name,
        start_s: start_s?,
        length_s,
        days,
        agents: agents?,
        breaks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_hour_too_large_to_multiply_is_refused_not_a_panic() {
        assert_eq!(parse_hhmm("08:30"), Some(30_600.0));
        assert_eq!(parse_hhmm("4294967295:00"), None);
        assert_eq!(parse_hhmm("00:4294967295"), None);
        assert_eq!(parse_hhmm("24:00"), None);
    }

    #[test]
    fn days_parse() {
        assert_eq!(
            days_of(&Days::Text("mon-fri".into())),
            Ok([true, true, true, true, true, false, false])
        );
        assert_eq!(
            days_of(&Days::Text("sat-mon".into())),
            Ok([true, false, false, false, false, true, true])
        );
        assert_eq!(
            days_of(&Days::List(vec!["tue".into(), "sun".into()])),
            Ok([false, true, false, false, false, false, true])
        );
        assert!(days_of(&Days::Text("funday".into())).is_err());
    }
}
