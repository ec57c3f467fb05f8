//! `ccsim fit`: a scenario estimated from a contact log. No I/O: a loaded
//! [`Trace`] and [`FitOptions`] in, a [`Fit`] out; [`scenario_toml`] writes it as a
//! scenario file and `report::fit` as text or JSON.
//!
//! - **Arrivals** ([`Arrivals`]): daily volumes; days far from their weekday's median
//!   are flagged as outliers (holidays, outages: [`outlier_rule`]) and optionally left
//!   out; the weekly volume, the day-of-week profile, the time-of-day profile per
//!   channel on the scenario's grid, channel mix and language shares; the day-to-day
//!   forecast error beyond Poisson noise (the value for `simulate --volume-cv`).
//! - **Handle time** per channel ([`handle`]): exponential, lognormal and gamma by
//!   maximum likelihood, the best by KS p-value if it passes, else the empirical values.
//! - **Patience** per live channel ([`patience`]): censored waits; Kaplan–Meier,
//!   exponential ML, hazard per wait bin, censored gamma and lognormal; exponential
//!   when a likelihood-ratio test does not reject it (flat hazard), else the better
//!   two-parameter fit.
//! - **Priority classes** per channel where the log has them.

pub mod handle;
pub mod patience;
mod write;

use std::collections::BTreeMap;

use crate::trace::Trace;
use handle::{Candidate, Params};
use patience::{HazardBin, KmStep, Wait};
pub use write::{Roster, WriteError, WriteOptions, roster_of, roster_shifts, scenario_toml};

/// How priorities in the log map to classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassRule {
    /// The Anonymous Bank: priority 2 is `high`, 0 and 1 regular.
    Bank,
    /// ccsim's CSV: each priority above 0 is a class `pN` (highest first), 0 regular.
    ByValue,
}

/// What to fit and how.
#[derive(Debug, Clone)]
pub struct FitOptions {
    /// The scenario's planning grid, seconds (900, 1800 or 3600).
    pub interval_s: f64,
    /// Leave outlier days out of the volume and profiles.
    pub drop_outliers: bool,
    pub classes: ClassRule,
    /// Smallest KS p-value a parametric handle-time fit needs to be chosen.
    pub min_ks_p: f64,
    /// Smallest p-value of the likelihood-ratio test (gamma against exponential
    /// patience) at which the exponential is kept.
    pub min_lrt_p: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            interval_s: 1800.0,
            drop_outliers: false,
            classes: ClassRule::ByValue,
            min_ks_p: 0.01,
            min_lrt_p: 0.01,
        }
    }
}

/// One day of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// Days from the log's first day.
    pub index: usize,
    /// The date (YYYY-MM-DD), `None` for a log in plain seconds.
    pub date: Option<String>,
    /// 0 = Monday.
    pub weekday: usize,
    pub contacts: usize,
    /// The median volume of this weekday's days.
    pub weekday_median: f64,
    pub outlier: bool,
}

/// Arrival volumes and profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrivals {
    pub days: Vec<Day>,
    /// Days used for the volume and the profiles (outliers left out with `drop_outliers`).
    pub days_used: usize,
    /// Mean contacts per week: Σ over weekdays of the mean volume of that weekday.
    pub weekly_contacts: f64,
    /// Its standard error (Poisson and day-to-day spread: from the daily volumes).
    pub weekly_se: f64,
    /// Mean volume per weekday, Monday first (0 where the log has no such day).
    pub day_of_week: [f64; 7],
    /// Share of contacts per channel and per language, with standard errors.
    pub channel_mix: Vec<(String, f64, f64)>,
    pub language_share: Vec<(String, f64, f64)>,
    /// Contacts per interval of the day, per channel (sum over the days used).
    pub time_of_day: Vec<(String, Vec<f64>)>,
    /// Contacts per interval of the day for each weekday (Monday first), every channel
    /// together (sum over the days used): a week whose days differ in shape (a shorter
    /// Friday, a weekend) keeps it.
    pub time_of_day_by_weekday: Vec<Vec<f64>>,
    /// Per channel × language: contacts per week and the day-of-week means.
    pub by_queue: Vec<QueueVolume>,
    /// Coefficient of variation of daily volume / its weekday's mean (days used).
    pub daily_cv: Option<f64>,
    /// The part of it beyond Poisson noise: the day factor's cv for
    /// `simulate --volume-cv`.
    pub volume_cv: Option<f64>,
}

/// Volume of one channel × language.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueVolume {
    pub channel: String,
    pub language: String,
    pub weekly_contacts: f64,
    pub day_of_week: [f64; 7],
}

/// Which handle-time distribution the scenario gets.
#[derive(Debug, Clone, PartialEq)]
pub enum Chosen {
    Fitted(Params),
    /// Every fit was rejected: the observed values (at most [`MAX_EMPIRICAL_VALUES`]
    /// quantiles), seconds.
    Empirical(Vec<f64>),
}

/// Empirical distributions written into a scenario hold at most this many values
/// (quantiles at (i + ½)/m when the sample is larger).
pub const MAX_EMPIRICAL_VALUES: usize = 1000;

/// Handle time of one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct HandleFit {
    pub channel: String,
    /// Answered contacts with a handle time above 0 (the values fitted).
    pub n: usize,
    /// Handle times of 0 s left out (the densities fitted have none).
    pub zeros: usize,
    pub mean_s: f64,
    pub cv: f64,
    /// Observed quantiles at [`handle::QUANTILES`].
    pub quantiles_s: Vec<f64>,
    /// The observed values, sorted: the sample, or [`MAX_EMPIRICAL_VALUES`] of its
    /// quantiles (the empirical distribution a plot draws).
    pub empirical_s: Vec<f64>,
    pub candidates: Vec<Candidate>,
    pub chosen: Chosen,
    /// Why that one.
    pub why: String,
}

/// Patience of one live channel.
#[derive(Debug, Clone, PartialEq)]
pub struct PatienceFit {
    pub channel: String,
    pub waits: usize,
    pub abandoned: usize,
    /// Exponential ML: rate per second and its standard error; mean = 1 / rate.
    pub rate_per_s: f64,
    pub rate_se_per_s: f64,
    pub km: Vec<KmStep>,
    pub hazard: Vec<HazardBin>,
    /// Censored ML fits with their log-likelihoods and KM distances:
    /// exponential, gamma, lognormal.
    pub fits: Vec<(Params, f64, f64)>,
    /// Likelihood-ratio test of gamma against exponential: 2 Δ ln L and its p-value (χ²₁).
    pub lrt: f64,
    pub lrt_p: f64,
    pub chosen: Params,
    pub why: String,
}

/// Share of one priority class on one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassShare {
    pub channel: String,
    pub class: String,
    pub contacts: usize,
    pub share: f64,
    pub se: f64,
    /// How far ahead the source says the class was served, seconds (the bank: 90 s,
    /// its documented rule); `None`: the log does not say (written as strict priority).
    pub head_start_s: Option<f64>,
}

/// Everything fitted from one log.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub contacts: usize,
    pub epoch: Option<String>,
    pub interval_s: f64,
    pub arrivals: Arrivals,
    pub handle: Vec<HandleFit>,
    pub patience: Vec<PatienceFit>,
    /// Channels the scenario makes deferred (e-mail): no patience.
    pub deferred: Vec<String>,
    pub classes: Vec<ClassShare>,
    /// The agents on duty the log shows (`None`: it names no agents).
    pub staffing: Option<ObservedStaffing>,
    /// The gaps between an agent's calls while callers waited (after-call work the log
    /// does not record; `None` without agent ids), see [`crate::replay::after_call_gaps`].
    pub after_call: Option<crate::replay::AfterCallGaps>,
    /// Agent time under the busy peak of each interval but out of calls while callers
    /// waited, per call taken from the queue (`None`: nobody waited), see
    /// [`crate::replay::idle_while_waiting`]: what `--wrap-up-scale` multiplies.
    pub idle: Option<crate::replay::IdleWhileWaiting>,
    /// Things the report should say (e.g. no abandonment recorded).
    pub notes: Vec<String>,
}

/// The agents on duty the log shows, per interval of the week (Monday 00:00 first, on
/// the fit's grid), averaged over the days used of each weekday: the two bounds of
/// `ccsim replay` ([`crate::replay::Staffing`]), as the log records services, not
/// presence.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedStaffing {
    /// Every agent id serving in the interval (never fewer than the busy peak): an upper
    /// bound.
    pub agent_ids: Vec<f64>,
    /// The most contacts in service at once in the interval: a lower bound.
    pub busy_peak: Vec<f64>,
}

impl ObservedStaffing {
    /// Agent-hours a week of a profile (`agent_ids` or `busy_peak`).
    pub fn hours_per_week(profile: &[f64], interval_s: f64) -> f64 {
        profile.iter().sum::<f64>() * interval_s / 3600.0
    }
}

/// A channel is deferred work (no one waits on line) when its name says e-mail or ticket.
pub fn is_deferred_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["email", "e-mail", "mail", "ticket", "letter", "fax"]
        .iter()
        .any(|k| n == *k || n.contains("mail"))
        || n.contains("ticket")
}

/// The outlier rule, in words (the report prints it).
pub fn outlier_rule() -> &'static str {
    "a day is an outlier when its volume is below 0.6 or above 1.5 times the median of its weekday's days \
     and more than 4 Poisson standard deviations (4 sqrt(median)) away from it; \
     a weekday needs 3 days in the log to be judged"
}

fn is_outlier(count: f64, median: f64, days_of_weekday: usize) -> bool {
    days_of_weekday >= 3
        && (count < 0.6 * median || count > 1.5 * median)
        && (count - median).abs() > 4.0 * median.sqrt()
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// Fit a loaded log. Errors are bad input (a log without contacts, or with too few to
/// fit), in words.
pub fn fit(trace: &Trace, opt: &FitOptions) -> Result<Fit, String> {
    let contacts = &trace.contacts;
    if contacts.is_empty() {
        return Err("the log holds no contacts".into());
    }
    let week0 = trace.epoch.map_or(0, |d| d.weekday_from_monday() as usize);
    let n_days = trace.span_days() as usize;
    let day_of = |t: f64| ((t / 86_400.0).floor().max(0.0) as usize).min(n_days - 1);
    let per_day = (86_400.0 / opt.interval_s).round() as usize;

    // daily counts and outliers
    let mut count = vec![0usize; n_days];
    for c in contacts {
        count[day_of(c.arrival_s)] += 1;
    }
    let weekday = |d: usize| (week0 + d) % 7;
    let mut medians = [0.0; 7];
    let mut n_of_weekday = [0usize; 7];
    for (wd, m) in medians.iter_mut().enumerate() {
        let mut v: Vec<f64> = (0..n_days)
            .filter(|&d| weekday(d) == wd)
            .map(|d| count[d] as f64)
            .collect();
        n_of_weekday[wd] = v.len();
        *m = median(&mut v);
    }
    let days: Vec<Day> = (0..n_days)
        .map(|d| {
            let wd = weekday(d);
            Day {
                index: d,
                date: trace.epoch.map(|e| {
                    crate::trace::CivilDate::from_days_since_1970(e.days_since_1970() + d as i64)
                        .to_string()
                }),
                weekday: wd,
                contacts: count[d],
                weekday_median: medians[wd],
                outlier: is_outlier(count[d] as f64, medians[wd], n_of_weekday[wd]),
            }
        })
        .collect();
    let used = |d: usize| !(opt.drop_outliers && days[d].outlier);
    let days_used = (0..n_days).filter(|&d| used(d)).count();
    if days_used == 0 {
        return Err("every day of the log is an outlier: leave out --drop-outliers".into());
    }

    // names
    let mut channels: Vec<String> = Vec::new();
    let mut languages: Vec<String> = Vec::new();
    for c in contacts {
        if !channels.contains(&c.channel) {
            channels.push(c.channel.clone());
        }
        if !languages.contains(&c.language) {
            languages.push(c.language.clone());
        }
    }
    channels.sort();
    languages.sort();
    let ci = |name: &str| channels.iter().position(|c| c == name).unwrap_or(0);
    let li = |name: &str| languages.iter().position(|c| c == name).unwrap_or(0);

    // volumes of the days used
    let (nc, nl) = (channels.len(), languages.len());
    let mut q_day = vec![vec![0usize; n_days]; nc * nl];
    let mut tod = vec![vec![0.0; per_day]; nc];
    let mut tod_weekday = vec![vec![0.0; per_day]; 7];
    let mut used_contacts = 0usize;
    for c in contacts {
        let d = day_of(c.arrival_s);
        if !used(d) {
            continue;
        }
        used_contacts += 1;
        let (k, l) = (ci(&c.channel), li(&c.language));
        q_day[k * nl + l][d] += 1;
        let s = ((c.arrival_s - d as f64 * 86_400.0) / opt.interval_s).floor() as usize;
        tod[k][s.min(per_day - 1)] += 1.0;
        tod_weekday[weekday(d)][s.min(per_day - 1)] += 1.0;
    }
    let days_of = |wd: usize| (0..n_days).filter(|&d| used(d) && weekday(d) == wd).count();
    let dow_mean = |counts: &dyn Fn(usize) -> f64| -> [f64; 7] {
        let mut m = [0.0; 7];
        for (wd, x) in m.iter_mut().enumerate() {
            let n = days_of(wd);
            if n > 0 {
                *x = (0..n_days)
                    .filter(|&d| used(d) && weekday(d) == wd)
                    .map(counts)
                    .sum::<f64>()
                    / n as f64;
            }
        }
        m
    };
    let day_of_week = dow_mean(&|d| count[d] as f64);
    let weekly_contacts: f64 = day_of_week.iter().sum();
    // SE: Σ_wd var_wd / n_wd, with the Poisson variance where a weekday has one day
    let mut var_week = 0.0;
    for (wd, mean) in day_of_week.iter().enumerate() {
        let n = days_of(wd);
        if n == 0 {
            continue;
        }
        let v: Vec<f64> = (0..n_days)
            .filter(|&d| used(d) && weekday(d) == wd)
            .map(|d| count[d] as f64)
            .collect();
        let s2 = if n > 1 {
            v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64
        } else {
            *mean
        };
        var_week += s2 / n as f64;
    }
    let share_of = |k: f64| {
        let p = k / used_contacts.max(1) as f64;
        (p, (p * (1.0 - p) / used_contacts.max(1) as f64).sqrt())
    };
    let channel_mix = channels
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let n: usize = (0..nl)
                .map(|l| q_day[k * nl + l].iter().sum::<usize>())
                .sum();
            let (p, se) = share_of(n as f64);
            (name.clone(), p, se)
        })
        .collect();
    let language_share = languages
        .iter()
        .enumerate()
        .map(|(l, name)| {
            let n: usize = (0..nc)
                .map(|k| q_day[k * nl + l].iter().sum::<usize>())
                .sum();
            let (p, se) = share_of(n as f64);
            (name.clone(), p, se)
        })
        .collect();
    let by_queue = (0..nc * nl)
        .map(|q| {
            let dow = dow_mean(&|d| q_day[q][d] as f64);
            QueueVolume {
                channel: channels[q / nl].clone(),
                language: languages[q % nl].clone(),
                weekly_contacts: dow.iter().sum(),
                day_of_week: dow,
            }
        })
        .collect();

    // day-to-day variation after weekday effects
    let (mut ss, mut poisson, mut n_r) = (0.0, 0.0, 0usize);
    let mut groups = 0usize;
    for (wd, mean) in day_of_week.iter().enumerate() {
        let n = days_of(wd);
        if n < 2 || *mean <= 0.0 {
            continue;
        }
        groups += 1;
        for d in (0..n_days).filter(|&d| used(d) && weekday(d) == wd) {
            ss += (count[d] as f64 / mean - 1.0).powi(2);
            poisson += 1.0 / mean;
            n_r += 1;
        }
    }
    let (daily_cv, volume_cv) = if n_r > groups {
        let var = ss / (n_r - groups) as f64;
        let extra = var - poisson / n_r as f64;
        (Some(var.sqrt()), Some(extra.max(0.0).sqrt()))
    } else {
        (None, None)
    };

    // the agents on duty per interval of the week, each bound's mean over the days used
    let staffing = contacts.iter().any(|c| c.agent.is_some()).then(|| {
        let profile = |bound: crate::replay::Staffing| {
            let counts = bound.agents(trace, opt.interval_s);
            let mut week = vec![0.0; 7 * per_day];
            for d in (0..n_days).filter(|&d| used(d)) {
                let wd = weekday(d);
                for s in 0..per_day {
                    let n = counts.get(d * per_day + s).copied().unwrap_or(0);
                    week[wd * per_day + s] += f64::from(n) / days_of(wd) as f64;
                }
            }
            week
        };
        ObservedStaffing {
            agent_ids: profile(crate::replay::Staffing::AgentIds),
            busy_peak: profile(crate::replay::Staffing::BusyPeak),
        }
    });

    let arrivals = Arrivals {
        days,
        days_used,
        weekly_contacts,
        weekly_se: var_week.sqrt(),
        day_of_week,
        channel_mix,
        language_share,
        time_of_day: channels.iter().cloned().zip(tod).collect(),
        time_of_day_by_weekday: tod_weekday,
        by_queue,
        daily_cv,
        volume_cv,
    };

    let deferred: Vec<String> = channels
        .iter()
        .filter(|c| is_deferred_name(c))
        .cloned()
        .collect();
    let mut notes = Vec::new();
    let handle = channels
        .iter()
        .filter_map(|ch| {
            let mut x: Vec<f64> = contacts
                .iter()
                .filter(|c| &c.channel == ch)
                .filter_map(|c| c.handle_s)
                .collect();
            let total = x.len();
            x.retain(|v| *v > 0.0);
            x.sort_by(|a, b| a.total_cmp(b));
            if x.len() < 2 {
                notes.push(format!(
                    "{ch}: {} handle times above 0 s in the log: too few to fit; the scenario gets a default of 3m (edit it)",
                    x.len()
                ));
                return None;
            }
            Some(fit_handle(ch, x, total, opt))
        })
        .collect();
    let patience = if trace.abandonment_recorded {
        channels
            .iter()
            .filter(|ch| !deferred.contains(ch))
            .filter_map(|ch| {
                let waits: Vec<Wait> = contacts
                    .iter()
                    .filter(|c| &c.channel == ch)
                    .map(|c| Wait {
                        wait_s: c.abandon_after_s.or(c.wait_s).unwrap_or(0.0),
                        abandoned: c.abandon_after_s.is_some(),
                    })
                    .collect();
                let p = fit_patience(ch, &waits, opt);
                if p.is_none() {
                    notes.push(format!(
                        "{ch}: nobody abandoned (or nobody waited): no patience in the scenario"
                    ));
                }
                p
            })
            .collect()
    } else {
        notes.push(
            "the log does not record abandonment (no abandon_after_s): no patience fitted".into(),
        );
        Vec::new()
    };
    if trace.abandonment_recorded
        && contacts
            .iter()
            .any(|c| c.abandon_after_s.is_none() && c.wait_s.is_none())
    {
        notes.push("some answered contacts have no wait_s: their waits count as 0 s, so the patience is biased low".into());
    }

    let classes = class_shares(trace, &channels, opt.classes);
    Ok(Fit {
        contacts: contacts.len(),
        epoch: trace.epoch.map(|d| d.to_string()),
        interval_s: opt.interval_s,
        arrivals,
        handle,
        patience,
        deferred,
        classes,
        staffing,
        after_call: crate::replay::after_call_gaps(trace),
        idle: crate::replay::idle_while_waiting(trace, opt.interval_s),
        notes,
    })
}

/// Fit one channel's handle times (sorted, all above 0, at least 2).
fn fit_handle(channel: &str, x: Vec<f64>, total: usize, opt: &FitOptions) -> HandleFit {
    let n = x.len();
    let mean = x.iter().sum::<f64>() / n as f64;
    let sd = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    let candidates = handle::fit_all(&x);
    let best = candidates.iter().max_by(|a, b| {
        a.ks_p
            .total_cmp(&b.ks_p)
            .then(a.log_likelihood.total_cmp(&b.log_likelihood))
    });
    let (chosen, why) = match best {
        Some(b) if b.ks_p >= opt.min_ks_p => (
            Chosen::Fitted(b.params),
            format!(
                "{}: the highest KS p-value ({}), at least {}",
                b.params.family().name(),
                p_words(b.ks_p),
                opt.min_ks_p
            ),
        ),
        _ => (
            Chosen::Empirical(empirical_values(&x)),
            format!(
                "empirical: every fit has a KS p-value below {} (best {}: {})",
                opt.min_ks_p,
                best.map_or("-", |b| b.params.family().name()),
                best.map_or("-".into(), |b| p_words(b.ks_p)),
            ),
        ),
    };
    HandleFit {
        channel: channel.to_string(),
        n,
        zeros: total - n,
        mean_s: mean,
        cv: sd / mean,
        quantiles_s: handle::QUANTILES
            .iter()
            .map(|&p| handle::sample_quantile(&x, p))
            .collect(),
        empirical_s: empirical_values(&x),
        candidates,
        chosen,
        why,
    }
}

/// A p-value in words: `0.23`, `3.1e-5`, `< 1e-300`.
pub fn p_words(p: f64) -> String {
    if p <= 1e-300 {
        "< 1e-300".into()
    } else if p >= 0.001 {
        format!("{:.3}", p)
    } else {
        format!("{p:.1e}")
    }
}

/// At most [`MAX_EMPIRICAL_VALUES`] values standing for a sorted sample: the sample
/// itself, or its quantiles at (i + ½)/m.
pub fn empirical_values(sorted: &[f64]) -> Vec<f64> {
    if sorted.len() <= MAX_EMPIRICAL_VALUES {
        return sorted.to_vec();
    }
    let m = MAX_EMPIRICAL_VALUES;
    (0..m)
        .map(|i| handle::sample_quantile(sorted, (i as f64 + 0.5) / m as f64))
        .collect()
}

/// Fewest abandonments for a two-parameter patience in the scenario.
pub const MIN_ABANDONS_FOR_SHAPE: usize = 30;

fn fit_patience(channel: &str, waits: &[Wait], opt: &FitOptions) -> Option<PatienceFit> {
    let (rate, rate_se) = patience::exponential_rate(waits)?;
    let km = patience::kaplan_meier(waits);
    let hazard = patience::hazard_bins(waits);
    let exp = Params::Exponential { mean_s: 1.0 / rate };
    let gamma = patience::fit_gamma_censored(waits, 1.0 / rate);
    let lognormal = patience::fit_lognormal_censored(waits, 1.0 / rate);
    let fits: Vec<(Params, f64, f64)> = [exp, gamma, lognormal]
        .into_iter()
        .map(|p| {
            (
                p,
                patience::censored_log_likelihood(&p, waits),
                patience::km_distance(&km, &p),
            )
        })
        .collect();
    let lrt = (2.0 * (fits[1].1 - fits[0].1)).max(0.0);
    let lrt_p = patience::chi2_1_sf(lrt);
    let abandoned = waits.iter().filter(|w| w.abandoned).count();
    let (chosen, why) = if abandoned < MIN_ABANDONS_FOR_SHAPE {
        (
            exp,
            format!(
                "exponential: {abandoned} abandonments are too few to judge the hazard's shape (a two-parameter fit needs {MIN_ABANDONS_FOR_SHAPE})"
            ),
        )
    } else if lrt_p >= opt.min_lrt_p {
        (
            exp,
            format!(
                "exponential: its hazard is flat enough (gamma against exponential, likelihood ratio {lrt:.2}, p = {} >= {})",
                p_words(lrt_p),
                opt.min_lrt_p
            ),
        )
    } else {
        let (better, name) = if fits[1].1 >= fits[2].1 {
            (gamma, "gamma")
        } else {
            (lognormal, "lognormal")
        };
        let trend = match (
            hazard.first(),
            hazard.iter().rev().find(|b| b.abandoned > 0),
        ) {
            (Some(a), Some(b)) => format!(
                "; the hazard goes from {:.3}/min at {}-{} s to {:.3}/min from {} s",
                a.hazard_per_s * 60.0,
                a.from_s,
                a.to_s,
                b.hazard_per_s * 60.0,
                b.from_s
            ),
            _ => String::new(),
        };
        (
            better,
            format!(
                "{name} (censored ML, the higher likelihood of gamma and lognormal): the exponential's flat hazard is rejected (likelihood ratio {lrt:.1}, p = {}){trend}",
                p_words(lrt_p)
            ),
        )
    };
    Some(PatienceFit {
        channel: channel.to_string(),
        waits: waits.len(),
        abandoned: waits.iter().filter(|w| w.abandoned).count(),
        rate_per_s: rate,
        rate_se_per_s: rate_se,
        km,
        hazard,
        fits,
        lrt,
        lrt_p,
        chosen,
        why,
    })
}

fn class_shares(trace: &Trace, channels: &[String], rule: ClassRule) -> Vec<ClassShare> {
    let class_of = |p: u8| -> Option<(u8, String)> {
        match rule {
            ClassRule::Bank => (p == 2).then(|| (2, "high".to_string())),
            ClassRule::ByValue => (p > 0).then(|| (p, format!("p{p}"))),
        }
    };
    let mut out = Vec::new();
    for ch in channels {
        let mut counts: BTreeMap<u8, (String, usize)> = BTreeMap::new();
        let mut n = 0usize;
        for c in trace.contacts.iter().filter(|c| &c.channel == ch) {
            n += 1;
            if let Some((p, name)) = class_of(c.priority) {
                counts.entry(p).or_insert((name, 0)).1 += 1;
            }
        }
        for (_, (name, k)) in counts.into_iter().rev() {
            let p = k as f64 / n as f64;
            out.push(ClassShare {
                channel: ch.clone(),
                class: name,
                contacts: k,
                share: p,
                se: (p * (1.0 - p) / n as f64).sqrt(),
                head_start_s: match rule {
                    ClassRule::Bank => Some(crate::replay::BANK_HEAD_START_S),
                    ClassRule::ByValue => None,
                },
            });
        }
    }
    out
}
