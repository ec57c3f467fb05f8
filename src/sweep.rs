//! `ccsim sweep` as a library call: what-if grids over a scenario's keys.
//!
//! Each `--set KEY=VALUES` names a key of the scenario file by its path (tables by
//! key, arrays of tables such as `[[tier]]` or `[[group.shift]]` by their `name`:
//! `tier.L1.handle_time.voice.mean`, `group."L1 English".shift."day a".agents`) and
//! the values it takes: a list (`3m,3m30s,4m`), a range (`150000..200000:10000`,
//! both ends included) or changes relative to the file's value (`+0%..+30%:5%`,
//! `-10%,+10%`). Several settings make a grid, the first varying slowest. Every point
//! is the scenario with its values written in, loaded and validated like a file, then
//! sized by `staff` and simulated with the same seed (common random numbers across
//! the points, so a curve is smooth and neighbouring points differ by what changed).
//!
//! A sweep splits into shards (`--shard I/N`: the points whose index leaves I − 1
//! over N); [`merge`] puts shards back together into exactly the unsplit sweep.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::scenario::nearest;

/// One `--set`: a key path and the values it takes, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Setting {
    pub key: String,
    /// The values written into the file, in TOML (`180000`, `"3m30s"`).
    pub values: Vec<String>,
}

/// A sweep's shard: the points whose index leaves `index − 1` over `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub of: u32,
}

impl Shard {
    /// Parse `I/N` (1 ≤ I ≤ N).
    pub fn parse(text: &str) -> std::result::Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard: write I/N with 1 <= I <= N, e.g. 2/3");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let of: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || of == 0 || index > of {
            return Err(bad());
        }
        Ok(Shard { index, of })
    }

    pub fn has(&self, point: usize) -> bool {
        point % self.of as usize == (self.index - 1) as usize
    }
}

/// A KPI estimate of one point: mean and 95% half-width (None: no value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// The queue (`voice`, `L2 chat`) or `busiest group`.
    pub name: String,
    pub kpi: String,
    pub mean: Option<f64>,
    pub half_width: Option<f64>,
    /// The target it is checked against, and whether the mean meets it.
    pub target: Option<f64>,
    pub met: Option<bool>,
}

/// One point of the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Index in the whole grid (first setting slowest).
    pub index: usize,
    /// Each setting's value at this point, as written into the file.
    pub values: Vec<String>,
    /// `staff`: full-time equivalents and cost per week the requirement asks for.
    pub required_fte: f64,
    pub required_cost_per_week: f64,
    /// The scenario's roster simulated at this point: paid hours and cost per week.
    pub roster_paid_hours_per_week: f64,
    pub roster_cost_per_week: f64,
    /// Targets met (on the mean) out of those set.
    pub targets_met: usize,
    pub targets: usize,
    pub measures: Vec<Measure>,
}

/// A sweep (or a shard of one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub schema_version: u32,
    pub scenario: String,
    pub seed: u64,
    pub replications: u64,
    pub days: Option<f64>,
    pub settings: Vec<Setting>,
    /// Points in the whole grid.
    pub points_total: usize,
    /// The shard this holds (`None`: every point).
    pub shard: Option<Shard>,
    pub points: Vec<Point>,
}

/// How the points are simulated.
#[derive(Debug, Clone, Copy)]
pub struct SweepOptions {
    pub seed: u64,
    pub replications: u64,
    pub threads: usize,
    pub days: Option<f64>,
    pub shard: Option<Shard>,
}

/// Most points a sweep may have.
pub const MAX_POINTS: usize = 100_000;

/// Split `KEY=VALUES` (the key is everything before the first `=` outside quotes).
pub fn parse_set(arg: &str) -> std::result::Result<(String, String), String> {
    let mut quoted = false;
    for (i, ch) in arg.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            '=' if !quoted => {
                let (k, v) = (arg[..i].trim(), arg[i + 1..].trim());
                if k.is_empty() || v.is_empty() {
                    break;
                }
                return Ok((k.to_string(), v.to_string()));
            }
            _ => {}
        }
    }
    Err(format!(
        "`{arg}` is not KEY=VALUES: write e.g. demand.monthly_contacts=150000..200000:10000"
    ))
}

/// The segments of a key path: dots separate them, double quotes keep dots and spaces
/// inside one (`group."L1 English".shift."day a".agents`).
pub fn key_segments(key: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    for ch in key.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '.' if !quoted => {
                if cur.is_empty() && !was_quoted {
                    return Err(format!("key `{key}` has an empty part"));
                }
                out.push(std::mem::take(&mut cur));
                was_quoted = false;
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err(format!("key `{key}` has an unclosed quote"));
    }
    if cur.is_empty() && !was_quoted {
        return Err(format!("key `{key}` has an empty part"));
    }
    out.push(cur);
    Ok(out)
}

fn set_error(key: &str, message: String, help: String) -> Error {
    Error::Input(format!("error: --set {key}: {message}\n   = help: {help}"))
}

/// The place `segments` names in `doc`: the table holding the last segment, and the
/// last segment. Arrays of tables are entered by an element's `name`.
fn locate<'a>(
    doc: &'a mut toml::Table,
    key: &str,
    segments: &[String],
) -> Result<(&'a mut toml::Table, String)> {
    let mut table = doc;
    let mut walked: Vec<String> = Vec::new();
    let (last, inner) = segments
        .split_last()
        .ok_or_else(|| set_error(key, "the key is empty".into(), "name a key".into()))?;
    let mut i = 0;
    while i < inner.len() {
        let seg = &inner[i];
        let here = if walked.is_empty() {
            "the scenario's top level".to_string()
        } else {
            format!("`{}`", walked.join("."))
        };
        let keys: Vec<String> = table.keys().cloned().collect();
        let Some(v) = table.get_mut(seg.as_str()) else {
            let help = match nearest(seg, &keys) {
                Some(n) => format!(
                    "did you mean `{n}`? the keys there are: {}",
                    keys.join(", ")
                ),
                None => format!("the keys there are: {}", keys.join(", ")),
            };
            return Err(set_error(key, format!("no `{seg}` in {here}"), help));
        };
        walked.push(seg.clone());
        match v {
            toml::Value::Table(t) => {
                table = t;
                i += 1;
            }
            toml::Value::Array(items) => {
                // an array of tables: the next segment is an element's name
                let names: Vec<String> = items
                    .iter()
                    .filter_map(|x| x.get("name").and_then(|n| n.as_str()).map(String::from))
                    .collect();
                let Some(name) = inner.get(i + 1) else {
                    return Err(set_error(
                        key,
                        format!(
                            "`{}` is a list of tables: name one of them",
                            walked.join(".")
                        ),
                        format!(
                            "write {}.NAME.…, NAME one of: {}",
                            walked.join("."),
                            names.join(", ")
                        ),
                    ));
                };
                let found = items
                    .iter_mut()
                    .filter_map(|x| x.as_table_mut())
                    .find(|t| t.get("name").and_then(|n| n.as_str()) == Some(name.as_str()));
                let Some(t) = found else {
                    let help = match nearest(name, &names) {
                        Some(n) => format!(
                            "did you mean `{n}`? the names there are: {}",
                            names.join(", ")
                        ),
                        None => format!("the names there are: {}", names.join(", ")),
                    };
                    return Err(set_error(
                        key,
                        format!("no `{}` named `{name}`", walked.join(".")),
                        help,
                    ));
                };
                walked.push(name.clone());
                table = t;
                i += 2;
            }
            other => {
                return Err(set_error(
                    key,
                    format!("`{}` is a value ({other}), not a table", walked.join(".")),
                    "end the key there".into(),
                ));
            }
        }
    }
    Ok((table, last.clone()))
}

/// The values `text` stands for, against the file's current value `current` (if the
/// key is already set): TOML values to write.
#[cfg(test)]
fn values_of(key: &str, text: &str, current: Option<&toml::Value>) -> Result<Vec<toml::Value>> {
    values_near(key, text, current, None)
}

/// [`values_of`], naming the key nearest to an unset one in the messages.
fn values_near(
    key: &str,
    text: &str,
    current: Option<&toml::Value>,
    near: Option<&str>,
) -> Result<Vec<toml::Value>> {
    let bad = |why: String| {
        let now = match (current, near) {
            (Some(c), _) => format!("the file has {c}"),
            (None, Some(n)) => format!("the key is not set in the file: did you mean `{n}`?"),
            (None, None) => "the key is not set in the file".to_string(),
        };
        set_error(
            key,
            why,
            format!(
                "write a list (a,b,c), a range (from..to:step), relative changes (+0%..+30%:5%) or, for durations, changes such as -30s; {now}"
            ),
        )
    };
    let is_duration = matches!(current, Some(toml::Value::String(s)) if crate::duration::parse_duration(s).is_ok());
    let is_int = matches!(current, Some(toml::Value::Integer(_)));
    // one item to a number, in the key's unit (seconds for durations)
    let number = |item: &str| -> std::result::Result<f64, String> {
        if is_duration {
            crate::duration::parse_duration(item).map_err(|e| e.to_string())
        } else {
            item.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("`{item}` is not a number"))
        }
    };
    let base = || -> std::result::Result<f64, String> {
        match current {
            Some(toml::Value::Integer(i)) => Ok(*i as f64),
            Some(toml::Value::Float(f)) => Ok(*f),
            Some(toml::Value::String(s)) if is_duration => {
                crate::duration::parse_duration(s).map_err(|e| e.to_string())
            }
            _ => Err("relative changes need a number or a duration in the file".into()),
        }
    };
    let percent = |item: &str| -> Option<std::result::Result<f64, String>> {
        let p = item.strip_suffix('%')?;
        Some(
            p.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(|x| x / 100.0)
                .ok_or_else(|| format!("`{item}` is not a percentage")),
        )
    };
    // a duration with a sign is a change of the file's duration (`-30s`, `+1m`)
    let delta = |item: &str| -> Option<std::result::Result<f64, String>> {
        if !is_duration || item.ends_with('%') {
            return None;
        }
        let (sign, rest) = match item.as_bytes().first() {
            Some(b'+') => (1.0, &item[1..]),
            Some(b'-') => (-1.0, &item[1..]),
            _ => return None,
        };
        Some(
            crate::duration::parse_duration(rest)
                .map_err(|e| e.to_string())
                .and_then(|d| Ok(base()? + sign * d)),
        )
    };
    let mut nums: Vec<f64> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for item in text.split(',').map(str::trim) {
        if item.is_empty() {
            return Err(bad(format!("`{text}` has an empty value")));
        }
        if let Some((from, rest)) = item.split_once("..") {
            let (to, step) = match rest.split_once(':') {
                Some((t, s)) => (t, Some(s)),
                None => (rest, None),
            };
            let rel = percent(from).is_some();
            let read = |x: &str| -> std::result::Result<f64, String> {
                if let Some(d) = delta(x).filter(|_| !rel) {
                    d
                } else if rel {
                    percent(x).unwrap_or_else(|| {
                        Err(format!(
                            "`{x}`: a relative range has % at both ends and in the step"
                        ))
                    })
                } else {
                    number(x)
                }
            };
            let a = read(from).map_err(&bad)?;
            let b = read(to).map_err(&bad)?;
            let s = match step {
                Some(s) => read(s).map_err(&bad)?,
                None if !rel && !is_duration => 1.0,
                None => return Err(bad(format!("`{item}` needs a step (from..to:step)"))),
            };
            if s.is_nan() || s <= 0.0 || b < a {
                return Err(bad(format!(
                    "`{item}` is not a range: from <= to and a step above 0"
                )));
            }
            let n = ((b - a) / s + 1e-9).floor() as usize + 1;
            if n > MAX_POINTS {
                return Err(bad(format!(
                    "`{item}` has {n} values, more than {MAX_POINTS}"
                )));
            }
            for k in 0..n {
                let x = a + k as f64 * s;
                if rel {
                    let b0 = base().map_err(&bad)?;
                    nums.push(b0 * (1.0 + x));
                } else {
                    nums.push(x);
                }
            }
        } else if let Some(d) = delta(item) {
            nums.push(d.map_err(&bad)?);
        } else if let Some(p) = percent(item) {
            let p = p.map_err(&bad)?;
            nums.push(base().map_err(&bad)? * (1.0 + p));
        } else if is_duration || is_int || matches!(current, Some(toml::Value::Float(_))) {
            nums.push(number(item).map_err(&bad)?);
        } else {
            texts.push(item.to_string());
        }
    }
    if !texts.is_empty() && !nums.is_empty() {
        return Err(bad(format!("`{text}` mixes numbers and words")));
    }
    if !texts.is_empty() {
        // a key not in the file, or a word: numbers and booleans as TOML reads them
        return Ok(texts
            .into_iter()
            .map(|t| {
                if let Ok(i) = t.parse::<i64>() {
                    toml::Value::Integer(i)
                } else if let Ok(f) = t.parse::<f64>() {
                    toml::Value::Float(f)
                } else if t == "true" || t == "false" {
                    toml::Value::Boolean(t == "true")
                } else {
                    toml::Value::String(t.trim_matches('"').to_string())
                }
            })
            .collect());
    }
    Ok(nums
        .into_iter()
        .map(|x| {
            if is_duration {
                toml::Value::String(crate::duration::format_duration_exact(
                    (x * 1e6).round() / 1e6,
                ))
            } else if is_int && (x - x.round()).abs() < 1e-9 {
                toml::Value::Integer(x.round() as i64)
            } else if is_int {
                // a relative change of a whole number: rounded, as people count
                toml::Value::Integer(x.round() as i64)
            } else {
                toml::Value::Float(x)
            }
        })
        .collect())
}

/// A setting resolved against the file: its path and every value it takes.
#[derive(Debug, Clone)]
struct Resolved {
    key: String,
    segments: Vec<String>,
    values: Vec<toml::Value>,
}

fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The scenario text with each setting at its value.
fn with_values(doc: &toml::Table, settings: &[Resolved], pick: &[usize]) -> Result<String> {
    let mut d = doc.clone();
    for (r, &k) in settings.iter().zip(pick) {
        let (table, last) = locate(&mut d, &r.key, &r.segments)?;
        table.insert(last, r.values[k].clone());
    }
    toml::to_string(&d).map_err(|e| {
        Error::Input(format!(
            "error: the swept scenario cannot be written as TOML: {e}"
        ))
    })
}

/// The grid's settings from `(key, values)` pairs, resolved against the scenario text.
fn resolve(doc: &toml::Table, sets: &[(String, String)]) -> Result<Vec<Resolved>> {
    let mut out = Vec::new();
    for (key, text) in sets {
        let segments = key_segments(key).map_err(|m| {
            set_error(key, m, "write the path with dots, quoting names with spaces: group.\"L1 English\".shift.\"day a\".agents".into())
        })?;
        let mut d = doc.clone();
        let (table, last) = locate(&mut d, key, &segments)?;
        let current = table.get(&last).cloned();
        if let Some(toml::Value::Table(_) | toml::Value::Array(_)) = current {
            let keys: Vec<String> = match &current {
                Some(toml::Value::Table(t)) => t.keys().cloned().collect(),
                _ => Vec::new(),
            };
            return Err(set_error(
                key,
                format!("`{last}` is a table or a list, not a value"),
                if keys.is_empty() {
                    "name a value inside it".into()
                } else {
                    format!("name a value inside it: {}", keys.join(", "))
                },
            ));
        }
        let keys: Vec<String> = table.keys().cloned().collect();
        let near = current
            .is_none()
            .then(|| nearest(&last, &keys).map(String::from))
            .flatten();
        let values = values_near(key, text, current.as_ref(), near.as_deref())?;
        out.push(Resolved {
            key: key.clone(),
            segments,
            values,
        });
    }
    Ok(out)
}

/// Each point's index into every setting's values (first setting slowest).
fn grid(settings: &[Resolved]) -> Result<Vec<Vec<usize>>> {
    let total = settings
        .iter()
        .try_fold(1usize, |n, r| n.checked_mul(r.values.len()))
        .filter(|&n| n <= MAX_POINTS)
        .ok_or_else(|| {
            Error::Input(format!(
                "error: the grid of --set values has more than {MAX_POINTS} points\n   = help: fewer values, or fewer --set"
            ))
        })?;
    Ok((0..total)
        .map(|mut i| {
            let mut pick = vec![0; settings.len()];
            for (k, r) in settings.iter().enumerate().rev() {
                pick[k] = i % r.values.len();
                i /= r.values.len();
            }
            pick
        })
        .collect())
}

/// Every point of the grid `sets` makes of the scenario text: the `KEY=VALUE` of each
/// setting and the scenario loaded with those values (what `compare --set` compares).
pub fn grid_scenarios(
    path: &Path,
    text: &str,
    sets: &[(String, String)],
) -> Result<Vec<(String, crate::scenario::Scenario)>> {
    let doc: toml::Table = text
        .parse()
        .map_err(|e| Error::Input(format!("error: {}: {e}", path.display())))?;
    let settings = resolve(&doc, sets)?;
    let mut out = Vec::new();
    for pick in grid(&settings)? {
        let what = settings
            .iter()
            .zip(&pick)
            .map(|(r, &k)| format!("{}={}", r.key, value_text(&r.values[k])))
            .collect::<Vec<_>>()
            .join(" ");
        let s = load_point(path, &with_values(&doc, &settings, &pick)?, &what)?;
        out.push((what, s));
    }
    Ok(out)
}

/// The scenario of one point; its problems name the point's settings.
fn load_point(path: &Path, text: &str, what: &str) -> Result<crate::scenario::Scenario> {
    crate::scenario::load_str(text, path).map_err(|e| {
        let first = e.problems.first();
        Error::Input(format!(
            "error: --set {what}: {}\n   = help: {}",
            first.map_or("the scenario is not valid".to_string(), |d| d
                .message
                .clone()),
            first.map_or("change the value".to_string(), |d| d.help.clone())
        ))
    })
}

/// Run a sweep of the scenario at `path` (its text `text`) over `sets`.
pub fn sweep(
    path: &Path,
    text: &str,
    sets: &[(String, String)],
    opt: &SweepOptions,
    progress: &(dyn Fn(f64) + Sync),
) -> Result<Sweep> {
    if sets.is_empty() {
        return Err(Error::Input("error: a sweep needs at least one --set KEY=VALUES\n   = help: e.g. --set demand.monthly_contacts=150000..200000:10000".into()));
    }
    // the file as it is must load: its own errors point into it
    crate::scenario::load_str(text, path)?;
    let doc: toml::Table = text
        .parse()
        .map_err(|e| Error::Input(format!("error: {}: {e}", path.display())))?;
    let settings = resolve(&doc, sets)?;
    let picks = grid(&settings)?;
    let mine: Vec<usize> = (0..picks.len())
        .filter(|&i| opt.shard.is_none_or(|s| s.has(i)))
        .collect();
    let mut points = Vec::with_capacity(mine.len());
    for (done, &i) in mine.iter().enumerate() {
        let pick = &picks[i];
        let values: Vec<String> = settings
            .iter()
            .zip(pick)
            .map(|(r, &k)| value_text(&r.values[k]))
            .collect();
        let point_text = with_values(&doc, &settings, pick)?;
        let what = settings
            .iter()
            .zip(&values)
            .map(|(r, v)| format!("{}={v}", r.key))
            .collect::<Vec<_>>()
            .join(" ");
        let s = load_point(path, &point_text, &what)?;
        let n = mine.len() as f64;
        points.push(
            measure(&s, path, i, values, opt, &|x| {
                progress((done as f64 + x) / n)
            })
            .map_err(|e| match e {
                Error::Input(m) => Error::Input(format!("{m}\n   = note: at --set {what}")),
                other => other,
            })?,
        );
    }
    progress(1.0);
    Ok(Sweep {
        schema_version: 1,
        scenario: path.display().to_string(),
        seed: opt.seed,
        replications: opt.replications,
        days: opt.days,
        settings: settings
            .iter()
            .map(|r| Setting {
                key: r.key.clone(),
                values: r.values.iter().map(value_text).collect(),
            })
            .collect(),
        points_total: picks.len(),
        shard: opt.shard,
        points,
    })
}

/// Staffing and simulation of one point.
fn measure(
    s: &crate::scenario::Scenario,
    path: &Path,
    index: usize,
    values: Vec<String>,
    opt: &SweepOptions,
    progress: &(dyn Fn(f64) + Sync),
) -> Result<Point> {
    let staff = crate::plan::staff(s)?;
    let required_fte = staff.tiers.iter().map(|t| t.fte).sum();
    let required_cost_per_week = staff.tiers.iter().map(|t| t.cost_per_week).sum();
    let (roster_paid_hours_per_week, roster_cost_per_week) = crate::compare::roster_cost(s);
    let req = crate::simulate::Request::generated(
        s,
        path,
        opt.seed,
        opt.replications,
        opt.threads,
        opt.days,
    );
    let o = crate::simulate::run(&req, progress)?;
    let opt_f = |x: f64| x.is_finite().then_some(x);
    let mut measures = Vec::new();
    for q in crate::targets::queue_reports(s, &o) {
        let mut kpis = vec!["service_level", "asa_s"];
        if q.live {
            kpis.push("abandon_rate");
        }
        for kpi in kpis {
            let e = q.get(kpi);
            let target = q.target.and_then(|t| match kpi {
                "service_level" => t.service_level,
                "asa_s" => t.max_asa_s,
                _ => t.max_abandon,
            });
            let met = target.and_then(|g| {
                let goal = if kpi == "service_level" {
                    crate::targets::Goal::AtLeast(g)
                } else {
                    crate::targets::Goal::AtMost(g)
                };
                goal.met_by(e.mean)
            });
            measures.push(Measure {
                name: q.name.clone(),
                kpi: kpi.into(),
                mean: opt_f(e.mean),
                half_width: (e.n >= 2).then_some(e.half_width).and_then(opt_f),
                target,
                met,
            });
        }
    }
    let checks = crate::targets::checks(s, &o);
    let targets = checks.len();
    let targets_met = checks
        .iter()
        .filter(|c| c.goal.met_by(c.value.mean) == Some(true))
        .count();
    Ok(Point {
        index,
        values,
        required_fte,
        required_cost_per_week,
        roster_paid_hours_per_week,
        roster_cost_per_week,
        targets_met,
        targets,
        measures,
    })
}

/// Read the shards' JSON files and merge them.
pub fn load_shards(files: &[std::path::PathBuf]) -> Result<Sweep> {
    let mut parts = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| {
            Error::Input(format!(
                "error: cannot read {}: {}",
                f.display(),
                crate::report::io_error_words(&e)
            ))
        })?;
        let s: Sweep = serde_json::from_slice(&bytes).map_err(|e| {
            Error::Input(format!(
                "error: {}:{}:{}: not a sweep's JSON ({e})\n   = help: give the files `ccsim sweep --shard I/N --json` printed",
                f.display(),
                e.line(),
                e.column()
            ))
        })?;
        parts.push((f.display().to_string(), s));
    }
    merge(parts)
}

/// Put shards of one sweep back together: the same sweep, seed, replications, days and
/// settings, and every point exactly once.
pub fn merge(parts: Vec<(String, Sweep)>) -> Result<Sweep> {
    let Some((first_name, first)) = parts.first().cloned() else {
        return Err(Error::Input(
            "error: merge needs the shards' JSON files".into(),
        ));
    };
    let mut points: Vec<Point> = Vec::new();
    for (name, p) in &parts {
        let same = p.scenario == first.scenario
            && p.seed == first.seed
            && p.replications == first.replications
            && p.days == first.days
            && p.settings == first.settings
            && p.points_total == first.points_total
            && p.schema_version == first.schema_version;
        if !same {
            return Err(Error::Input(format!(
                "error: {name} is a shard of another sweep than {first_name} (scenario, seed, replications, days or --set differ)\n   = help: merge the shards of one sweep command"
            )));
        }
        points.extend(p.points.iter().cloned());
    }
    points.sort_by_key(|p| p.index);
    for w in points.windows(2) {
        if w[0].index == w[1].index {
            return Err(Error::Input(format!(
                "error: point {} is in more than one shard\n   = help: give each shard once",
                w[0].index
            )));
        }
    }
    if let Some(missing) =
        (0..first.points_total).find(|&i| points.get(i).is_none_or(|p| p.index != i))
    {
        return Err(Error::Input(format!(
            "error: point {missing} of {} is in none of the shards\n   = help: give every shard of the sweep (--shard 1/N to N/N)",
            first.points_total
        )));
    }
    Ok(Sweep {
        shard: None,
        points,
        ..first
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_parse() {
        assert_eq!(
            key_segments("group.\"L1 English\".shift.\"day a\".agents").unwrap(),
            vec!["group", "L1 English", "shift", "day a", "agents"]
        );
        assert!(key_segments("a..b").is_err());
        assert_eq!(
            parse_set("demand.monthly_contacts=1..3").unwrap(),
            ("demand.monthly_contacts".into(), "1..3".into())
        );
        let ints = values_of("k", "150000..170000:10000", Some(&toml::Value::Integer(1))).unwrap();
        assert_eq!(
            ints,
            vec![
                toml::Value::Integer(150000),
                toml::Value::Integer(160000),
                toml::Value::Integer(170000)
            ]
        );
        let d = values_of(
            "k",
            "3m,3m30s,4m",
            Some(&toml::Value::String("180s".into())),
        )
        .unwrap();
        assert_eq!(
            d,
            ["3m", "3m30s", "4m"]
                .map(|x| toml::Value::String(x.into()))
                .to_vec()
        );
        let rel = values_of("k", "+0%..+30%:10%", Some(&toml::Value::Integer(100))).unwrap();
        assert_eq!(rel, [100, 110, 120, 130].map(toml::Value::Integer).to_vec());
        let relf = values_of("k", "-10%,+10%", Some(&toml::Value::Float(0.5))).unwrap();
        assert_eq!(
            relf,
            vec![toml::Value::Float(0.45), toml::Value::Float(0.55)]
        );
        let reld = values_of("k", "+50%", Some(&toml::Value::String("2m".into()))).unwrap();
        assert_eq!(reld, vec![toml::Value::String("3m".into())]);
        let shift = values_of("k", "-30s,+1m", Some(&toml::Value::String("4m".into()))).unwrap();
        assert_eq!(
            shift,
            ["3m30s", "5m"]
                .map(|x| toml::Value::String(x.into()))
                .to_vec()
        );
        let steps =
            values_of("k", "-1m..+1m:30s", Some(&toml::Value::String("4m".into()))).unwrap();
        assert_eq!(steps.len(), 5);
        assert!(values_of("k", "5..1:1", Some(&toml::Value::Integer(1))).is_err());
        assert!(values_of("k", "a,1", Some(&toml::Value::Integer(1))).is_err());
        assert!(Shard::parse("0/3").is_err() && Shard::parse("4/3").is_err());
        let s = Shard::parse("2/3").unwrap();
        assert!(s.has(1) && s.has(4) && !s.has(0));
    }
}
