//! Where targets are missed: every interval of the demand grid × queue (channel ×
//! language × tier) and every interval × agent group, judged against the targets the
//! scenario sets for it on the spread of the replications ([`misses`]); and the misses
//! grouped for people to read: a window of the day and the days it is missed on
//! ([`group`]). No I/O: `report::simulate` renders them,
//! and a planner can call them on its own runs.
//!
//! A cell misses when the one-sided 95% confidence bound of its KPI (Student t with
//! replications − 1 degrees of freedom, over the replications that had contacts there)
//! lies on the wrong side of the target: for a service level the upper bound is below
//! it, for abandonment, ASA and occupancy the lower bound is above it. One replication
//! gives no bound: its misses are the values on the wrong side, reported with
//! `bound: None` and never as confident.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::{Aggregate, Spec};
use crate::scenario::{Demand, Scenario};
use crate::stats::{Moments, t_quantile_95};

/// Fewest contacts, over all replications together, a cell needs to be judged: the
/// contacts that left the queue for service level and abandonment, the answered ones
/// for ASA. A group's occupancy needs this many agent-intervals on duty (an agent on
/// duty for a whole interval in one replication is one).
pub const MIN_CONTACTS: u64 = 5;

/// A goal on a KPI: at least or at most a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    AtLeast(f64),
    AtMost(f64),
}

impl Goal {
    /// The goal's value.
    pub fn target(&self) -> f64 {
        match self {
            Goal::AtLeast(g) | Goal::AtMost(g) => *g,
        }
    }

    /// Whether `x` meets the goal (a value exactly at the target does); `None` when
    /// there is no value.
    pub fn met_by(&self, x: f64) -> Option<bool> {
        if !x.is_finite() {
            return None;
        }
        Some(match self {
            Goal::AtLeast(g) => x >= *g,
            Goal::AtMost(g) => x <= *g,
        })
    }

    /// How far `x` lies on the wrong side of the target, in the KPI's unit (negative
    /// when it meets the goal).
    pub fn shortfall(&self, x: f64) -> f64 {
        match self {
            Goal::AtLeast(g) => g - x,
            Goal::AtMost(g) => x - g,
        }
    }
}

/// A KPI a target is set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kpi {
    /// Answered within T / (answered + abandoned) of a queue (deferred work: responded
    /// within T / responded); at least the target.
    ServiceLevel,
    /// Abandoned / (answered + abandoned) of a live queue; at most the target.
    AbandonRate,
    /// Mean wait of the answered contacts (deferred work: mean response), seconds; at
    /// most the target.
    AsaS,
    /// Busy time / on-duty time of a group; at most its cap.
    Occupancy,
}

impl Kpi {
    /// The KPI's key, as in the JSON and CSV of `ccsim simulate`.
    pub fn key(self) -> &'static str {
        match self {
            Kpi::ServiceLevel => "service_level",
            Kpi::AbandonRate => "abandon_rate",
            Kpi::AsaS => "asa_s",
            Kpi::Occupancy => "occupancy",
        }
    }
}

/// Where a KPI is measured: a queue, or an agent group (occupancy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Queue {
        channel: usize,
        language: usize,
        tier: usize,
    },
    Group(usize),
}

impl Place {
    /// `voice en L1` for a queue, `group L1 English` for a group.
    pub fn name(&self, s: &Scenario) -> String {
        match *self {
            Place::Queue {
                channel,
                language,
                tier,
            } => format!(
                "{} {} {}",
                s.channels[channel].name, s.languages[language].name, s.tiers[tier].name
            ),
            Place::Group(g) => format!("group {}", s.groups[g].name),
        }
    }
}

/// One interval of the demand grid where a queue or a group misses a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub place: Place,
    pub kpi: Kpi,
    pub goal: Goal,
    /// The interval of the demand grid (a repeating week's interval pools its
    /// occurrences: Monday 11:00 of every week simulated).
    pub interval: usize,
    /// The KPI's mean over the replications that had contacts there (occupancy:
    /// agents on duty).
    pub value: f64,
    /// The one-sided 95% confidence bound on the target's side: upper for a service
    /// level, lower for the others. `None` when fewer than two replications had
    /// contacts there: the miss is the value's alone.
    pub bound: Option<f64>,
    /// Replications the value is the mean of.
    pub replications: u64,
    /// Contacts the KPI is made of, over all replications: those that left the queue
    /// (service level, abandonment), the answered (ASA); for occupancy those that left
    /// the queues the group serves.
    pub contacts: u64,
}

/// The mean of `t`, and its one-sided 95% bound towards the target, when the goal is
/// missed; the bound is `None` with fewer than two values, and the mean alone decides.
/// `t95[n]` caches t(0.95, n) (an inverse CDF costs thousands of instructions).
fn judge(t: &Moments, goal: Goal, t95: &mut Vec<f64>) -> Option<(f64, Option<f64>)> {
    let n = t.count();
    if n == 0 {
        return None;
    }
    let mean = t.mean();
    // the bound lies beyond the mean, away from the wrong side: a mean that meets
    // the goal is no miss
    if goal.met_by(mean) != Some(false) {
        return None;
    }
    if n < 2 {
        return Some((mean, None));
    }
    let df = (n - 1) as usize;
    if t95.len() <= df {
        t95.resize(df + 1, f64::NAN);
    }
    if t95[df].is_nan() {
        t95[df] = t_quantile_95(n - 1);
    }
    let half = t95[df] * t.std_error();
    let bound = match goal {
        Goal::AtLeast(_) => mean + half,
        Goal::AtMost(_) => mean - half,
    };
    (goal.met_by(bound) == Some(false)).then_some((mean, Some(bound)))
}

/// The occupancy cap group `g` is held to: the lowest of its own and of the caps of the
/// channels it serves at its tier. The KPI table checks a channel's cap on the busiest
/// group serving the queue, which is holding every group serving it to that cap.
pub fn occupancy_cap(s: &Scenario, g: usize) -> Option<f64> {
    let group = &s.groups[g];
    group
        .max_occupancy
        .into_iter()
        .chain(
            group
                .channels
                .iter()
                .filter_map(|&c| s.target_at(c, group.tier).max_occupancy),
        )
        .min_by(f64::total_cmp)
}

/// Every interval × queue and interval × group that misses a target the scenario sets
/// for it, judged on the one-sided 95% bound across replications (see the module
/// documentation), in the order interval, then place, then KPI.
///
/// A queue is held to [`Scenario::target_at`]: a service level (only where the queue
/// has a T), the abandonment cap (live queues), the ASA cap (deferred work: the mean
/// response). A group is held to [`occupancy_cap`]. Cells with fewer than
/// [`MIN_CONTACTS`] contacts over all replications (occupancy: agent-intervals on duty)
/// are skipped: too few to judge, they are neither misses nor passes.
pub fn misses(s: &Scenario, spec: &Spec, agg: &Aggregate) -> Vec<Miss> {
    let (nq, ng) = (spec.queues.len(), spec.groups.len());
    let caps: Vec<Option<f64>> = (0..ng)
        .map(|g| (g < s.groups.len()).then(|| occupancy_cap(s, g)).flatten())
        .collect();
    let mut out = Vec::new();
    let mut t95 = Vec::new();
    let mut push =
        |place, kpi, goal: Option<Goal>, t: Option<&Moments>, i, weight: u64, contacts| {
            let (Some(goal), Some(t)) = (goal, t) else {
                return;
            };
            if weight < MIN_CONTACTS {
                return;
            }
            if let Some((value, bound)) = judge(t, goal, &mut t95) {
                out.push(Miss {
                    place,
                    kpi,
                    goal,
                    interval: i,
                    value,
                    bound,
                    replications: t.count(),
                    contacts,
                });
            }
        };
    for i in 0..spec.n_intervals {
        let left = |q: usize| agg.cells.get(i * nq + q).map_or(0, |c| c.tally.left());
        for (q, qs) in spec.queues.iter().enumerate() {
            let (Some(cell), Some(m)) = (agg.cells.get(i * nq + q), agg.cell_kpis.get(i * nq + q))
            else {
                continue;
            };
            let target = s.target_at(qs.channel, qs.tier);
            let place = Place::Queue {
                channel: qs.channel,
                language: qs.language,
                tier: qs.tier,
            };
            let (left, answered) = (cell.tally.left(), cell.tally.answered);
            let sl = target
                .service_level
                .filter(|_| qs.target_s.is_some())
                .map(Goal::AtLeast);
            push(
                place,
                Kpi::ServiceLevel,
                sl,
                Some(&m.service_level),
                i,
                left,
                left,
            );
            let ab = target.max_abandon.filter(|_| qs.live).map(Goal::AtMost);
            push(
                place,
                Kpi::AbandonRate,
                ab,
                Some(&m.abandon_rate),
                i,
                left,
                left,
            );
            let asa = target.max_asa_s.map(Goal::AtMost);
            push(place, Kpi::AsaS, asa, Some(&m.asa_s), i, answered, answered);
        }
        for (g, gs) in spec.groups.iter().enumerate() {
            let on_duty = agg
                .group_cells
                .get(i * ng + g)
                .map_or(0.0, |c| c.on_duty_area);
            let agent_intervals = (on_duty / spec.interval_s) as u64;
            let contacts = gs
                .live_queues
                .iter()
                .chain(&gs.deferred_queues)
                .map(|&q| left(q))
                .sum();
            push(
                Place::Group(g),
                Kpi::Occupancy,
                caps[g].map(Goal::AtMost),
                agg.group_occupancy.get(i * ng + g),
                i,
                agent_intervals,
                contacts,
            );
        }
    }
    out
}

/// Misses of one queue (or group) and one KPI grouped for people: a window of the day
/// and the days it is missed on.
#[derive(Debug, Clone, PartialEq)]
pub struct MissRun {
    pub place: Place,
    pub kpi: Kpi,
    pub goal: Goal,
    /// The days the window starts on: weekdays of a repeating week (`Mon–Sun`,
    /// `Mon–Fri`, `Sat, Sun`, `Fri–Mon`, `Mon–Wed, Fri`) or dates of a dated forecast
    /// (`2019-01-07`, `2019-01-07 – 2019-01-09`).
    pub days: String,
    /// The time of day (UTC, as the intervals' labels), from the start of the first
    /// interval to the end of the last: `11:00–12:30`; `23:30–00:30` ends the next day;
    /// `all day` is midnight to midnight.
    pub window: String,
    /// The missed intervals, day by day, each day's in time order.
    pub cells: Vec<Miss>,
    /// The cells' values weighted by their contacts (their plain mean when none has any).
    pub value: f64,
    /// The bound nearest the target among the cells' (every cell's bound lies at least
    /// this far on the wrong side); `None` for misses without a bound.
    pub bound: Option<f64>,
    /// The cells' contacts summed, over all replications.
    pub contacts: u64,
    /// What orders the runs, worst first: each cell's shortfall (its value's distance
    /// past the target; for ASA relative to the target) times its contacts, summed.
    pub severity: f64,
}

/// `HH:MM` of seconds after midnight.
fn hh_mm(s: f64) -> String {
    let s = (s.round() as u64) % 86400;
    format!("{:02}:{:02}", s / 3600, (s % 3600) / 60)
}

/// Weekdays (0 = Monday) as ranges around the week: `Mon–Sun`, `Mon–Fri`, `Sat, Sun`,
/// `Fri–Mon`, `Mon–Wed, Fri`.
pub fn weekday_ranges(days: &[u8]) -> String {
    let mut set = [false; 7];
    for &d in days {
        set[usize::from(d) % 7] = true;
    }
    if set.iter().all(|&x| x) {
        return "Mon–Sun".into();
    }
    let mut parts = Vec::new();
    for start in 0..7 {
        // a range starts on a day whose day before is not in it
        if !set[start] || set[(start + 6) % 7] {
            continue;
        }
        let mut len = 1;
        while set[(start + len) % 7] {
            len += 1;
        }
        parts.push(range_text(
            crate::scenario::DAY_NAMES[start],
            crate::scenario::DAY_NAMES[(start + len - 1) % 7],
            len,
            "–",
        ));
    }
    parts.join(", ")
}

/// One range of days: `Mon`, `Sat, Sun`, `Mon–Fri`.
fn range_text(first: &str, last: &str, len: usize, dash: &str) -> String {
    match len {
        1 => first.to_string(),
        2 => format!("{first}, {last}"),
        _ => format!("{first}{dash}{last}"),
    }
}

/// Dates (day numbers with their `YYYY-MM-DD`) as ranges of consecutive days.
fn date_ranges(days: &[(i64, String)]) -> String {
    let mut days = days.to_vec();
    days.sort();
    days.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1].0 == days[j].0 + 1 {
            j += 1;
        }
        parts.push(range_text(&days[i].1, &days[j].1, j - i + 1, " – "));
        i = j + 1;
    }
    parts.join(", ")
}

/// Group misses for display; a pure function of the misses and the demand's grid.
///
/// Per place, KPI and whether the misses have a bound, each time of day (a slot: the
/// day's interval 11:00) has the set of days it is missed on. Consecutive slots missed
/// on the same days make one window ("Mon–Sun 11:00–12:30": 11:00, 11:30 and 12:00
/// missed every day): days are where a roster repeats, so the entry says which shifts
/// to fix. A window goes on past midnight when the days after are missed (a
/// Sunday 23:30 miss continues into Monday 00:00 of a repeating week), and lasts at
/// most a day. Worst first: misses with a bound before those without, then by
/// [`MissRun::severity`].
pub fn group(misses: &[Miss], demand: &Demand, interval_s: f64) -> Vec<MissRun> {
    let cyclic = demand.is_cyclic();
    let slots = ((86400.0 / interval_s).round() as usize).max(1);
    let tod0 = demand.time_of_day_s.first().copied().unwrap_or(0.0);
    // a day: the weekday (0 = Monday) of a repeating week, else days since the first
    let norm = |d: i64| if cyclic { d.rem_euclid(7) } else { d };
    let day_of = |i: usize| -> i64 {
        if cyclic {
            i64::from(demand.weekday.get(i).copied().unwrap_or(0))
        } else {
            ((tod0 + i as f64 * interval_s) / 86400.0).floor() as i64
        }
    };
    let slot_of = |i: usize| -> usize {
        let tod = demand.time_of_day_s.get(i).copied().unwrap_or(0.0);
        (tod / interval_s).round() as usize % slots
    };
    let mut buckets: BTreeMap<(Place, Kpi, bool), Vec<&Miss>> = BTreeMap::new();
    for m in misses {
        buckets
            .entry((m.place, m.kpi, m.bound.is_some()))
            .or_default()
            .push(m);
    }
    let mut out = Vec::new();
    for ((place, kpi, _), ms) in buckets {
        let mut at: BTreeMap<(i64, usize), &Miss> = BTreeMap::new();
        let mut days: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); slots];
        for m in ms {
            let (d, j) = (day_of(m.interval), slot_of(m.interval));
            at.entry((d, j)).or_insert(m);
            days[j].insert(d);
        }
        // the days of slot j as seen from a window that started `back` days before
        let seen = |j: usize, back: i64| -> BTreeSet<i64> {
            days[j].iter().map(|&d| norm(d - back)).collect()
        };
        // a window starts where a slot's days differ from the slot before's (the day
        // after's, across midnight)
        let before = |j: usize| {
            if j > 0 {
                days[j - 1].clone()
            } else {
                seen(slots - 1, -1)
            }
        };
        let mut starts: Vec<usize> = (0..slots)
            .filter(|&j| !days[j].is_empty() && before(j) != days[j])
            .collect();
        if starts.is_empty() && !days[0].is_empty() {
            // every slot missed on the same days round the clock
            starts.push(0);
        }
        for s in starts {
            let start_days = &days[s];
            let mut len = 1;
            while len < slots && seen((s + len) % slots, ((s + len) / slots) as i64) == *start_days
            {
                len += 1;
            }
            let mut cells = Vec::new();
            for &d in start_days {
                for k in 0..len {
                    let key = (norm(d + ((s + k) / slots) as i64), (s + k) % slots);
                    if let Some(m) = at.get(&key) {
                        cells.push((*m).clone());
                    }
                }
            }
            let days_text = if cyclic {
                weekday_ranges(&start_days.iter().map(|&d| d as u8).collect::<Vec<_>>())
            } else {
                let dated: Vec<(i64, String)> = start_days
                    .iter()
                    .filter_map(|&d| {
                        let m = at.get(&(d, s))?;
                        let label = demand.labels.get(m.interval)?;
                        Some((d, label.split('T').next().unwrap_or(label).to_string()))
                    })
                    .collect();
                date_ranges(&dated)
            };
            let (from, to) = (s as f64 * interval_s, (s + len) as f64 * interval_s);
            let window = match (s, len == slots) {
                (0, true) => "all day".to_string(),
                (_, true) => format!("{}–{} next day", hh_mm(from), hh_mm(to)),
                _ => format!("{}–{}", hh_mm(from), hh_mm(to)),
            };
            out.push(run_of(place, kpi, cells, days_text, window));
        }
    }
    out.sort_by(|a, b| {
        b.bound
            .is_some()
            .cmp(&a.bound.is_some())
            .then(b.severity.total_cmp(&a.severity))
            .then(a.place.cmp(&b.place))
            .then(a.kpi.cmp(&b.kpi))
            .then(a.cells[0].interval.cmp(&b.cells[0].interval))
    });
    out
}

/// One entry of [`group`] from its cells.
fn run_of(place: Place, kpi: Kpi, cells: Vec<Miss>, days: String, window: String) -> MissRun {
    let goal = cells[0].goal;
    let weight: f64 = cells.iter().map(|m| m.contacts as f64).sum();
    let value = if weight > 0.0 {
        cells
            .iter()
            .map(|m| m.value * m.contacts as f64)
            .sum::<f64>()
            / weight
    } else {
        cells.iter().map(|m| m.value).sum::<f64>() / cells.len() as f64
    };
    let bound = cells
        .iter()
        .map(|m| m.bound)
        .collect::<Option<Vec<f64>>>()
        .and_then(|b| {
            // the one nearest the target
            b.into_iter()
                .min_by(|x, y| goal.shortfall(*x).total_cmp(&goal.shortfall(*y)))
        });
    let scale = match kpi {
        Kpi::AsaS if goal.target() > 0.0 => goal.target(),
        _ => 1.0,
    };
    let severity = cells
        .iter()
        .map(|m| goal.shortfall(m.value) / scale * m.contacts as f64)
        .sum();
    MissRun {
        place,
        kpi,
        goal,
        days,
        window,
        contacts: cells.iter().map(|m| m.contacts).sum(),
        cells,
        value,
        bound,
        severity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Calendar, Demand};

    const VOICE_EN_L1: Place = Place::Queue {
        channel: 0,
        language: 0,
        tier: 0,
    };

    /// The planning week of a profile scenario on a 30-minute grid, from the loader.
    fn week() -> Demand {
        let text = r#"
[scenario]
name = "grid"
interval = "30m"
[[channel]]
name = "voice"
kind = "live"
[channel.target]
max_abandon = 0.05
[[language]]
name = "en"
share = 1.0
[demand]
weekly_contacts = 336
[[tier]]
name = "L1"
resolve = 1.0
[tier.handle_time]
voice = { dist = "exponential", mean = "3m" }
"#;
        match crate::scenario::load_str(text, std::path::Path::new("grid.toml")) {
            Ok(s) => s.demand,
            Err(e) => panic!("{e}"),
        }
    }

    /// Interval index of `day` (0 = Monday) at `hh:mm` on the 30-minute week.
    fn at(day: usize, hh: usize, mm: usize) -> usize {
        day * 48 + hh * 2 + mm / 30
    }

    /// An abandonment miss (cap 0.05) of voice en L1 with a bound.
    fn miss(interval: usize, value: f64, contacts: u64) -> Miss {
        Miss {
            place: VOICE_EN_L1,
            kpi: Kpi::AbandonRate,
            goal: Goal::AtMost(0.05),
            interval,
            value,
            bound: Some(value - 0.02),
            replications: 10,
            contacts,
        }
    }

    /// (days, window, intervals) of each run.
    fn shown(runs: &[MissRun]) -> Vec<(String, String, Vec<usize>)> {
        runs.iter()
            .map(|r| {
                (
                    r.days.clone(),
                    r.window.clone(),
                    r.cells.iter().map(|m| m.interval).collect(),
                )
            })
            .collect()
    }

    fn run(days: &str, window: &str, cells: &[usize]) -> (String, String, Vec<usize>) {
        (days.into(), window.into(), cells.to_vec())
    }

    #[test]
    fn weekdays_as_ranges_round_the_week() {
        assert_eq!(weekday_ranges(&[0, 1, 2, 3, 4, 5, 6]), "Mon–Sun");
        assert_eq!(weekday_ranges(&[4, 2, 0, 1, 3]), "Mon–Fri");
        assert_eq!(weekday_ranges(&[5, 6]), "Sat, Sun");
        assert_eq!(weekday_ranges(&[2]), "Wed");
        assert_eq!(weekday_ranges(&[4, 5, 6, 0]), "Fri–Mon");
        assert_eq!(weekday_ranges(&[6, 0]), "Sun, Mon");
        assert_eq!(weekday_ranges(&[0, 1, 2, 4]), "Mon–Wed, Fri");
        assert_eq!(weekday_ranges(&[0, 2, 4, 5, 6]), "Wed, Fri–Mon");
    }

    #[test]
    fn consecutive_intervals_missed_every_day_make_one_window() {
        let d = week();
        let misses: Vec<Miss> = (0..7)
            .flat_map(|day| [at(day, 11, 0), at(day, 11, 30), at(day, 12, 0)])
            .map(|i| miss(i, 0.15, 20))
            .collect();
        let runs = group(&misses, &d, 1800.0);
        let all: Vec<usize> = (0..7)
            .flat_map(|day| [at(day, 11, 0), at(day, 11, 30), at(day, 12, 0)])
            .collect();
        assert_eq!(shown(&runs), vec![run("Mon–Sun", "11:00–12:30", &all)]);
        let r = &runs[0];
        assert_eq!(r.contacts, 21 * 20);
        assert!((r.value - 0.15).abs() < 1e-12);
        assert_eq!(r.bound, Some(0.13));
        assert_eq!((r.place, r.kpi), (VOICE_EN_L1, Kpi::AbandonRate));
    }

    #[test]
    fn days_that_share_only_part_of_a_window_split_it() {
        let d = week();
        // Monday 11:00-12:30, Tuesday 11:30-12:00; Saturday and Sunday 09:00-10:00
        let cells = [
            at(0, 11, 0),
            at(0, 11, 30),
            at(0, 12, 0),
            at(1, 11, 30),
            at(5, 9, 0),
            at(5, 9, 30),
            at(6, 9, 0),
            at(6, 9, 30),
        ];
        let misses: Vec<Miss> = cells.iter().map(|&i| miss(i, 0.15, 10)).collect();
        let mut got = shown(&group(&misses, &d, 1800.0));
        got.sort();
        assert_eq!(
            got,
            vec![
                run("Mon", "11:00–11:30", &[at(0, 11, 0)]),
                run("Mon", "12:00–12:30", &[at(0, 12, 0)]),
                run("Mon, Tue", "11:30–12:00", &[at(0, 11, 30), at(1, 11, 30)]),
                run(
                    "Sat, Sun",
                    "09:00–10:00",
                    &[at(5, 9, 0), at(5, 9, 30), at(6, 9, 0), at(6, 9, 30)]
                ),
            ]
        );
    }

    #[test]
    fn windows_go_on_past_midnight_and_from_sunday_into_monday() {
        let d = week();
        // Tuesday 23:00 to Wednesday 00:30; Friday, Saturday and Sunday 23:30 to the
        // next day's 00:30 (Sunday's into Monday, the week's first interval)
        let cells = [
            at(1, 23, 0),
            at(1, 23, 30),
            at(2, 0, 0),
            at(4, 23, 30),
            at(5, 0, 0),
            at(5, 23, 30),
            at(6, 0, 0),
            at(6, 23, 30),
            at(0, 0, 0),
        ];
        let misses: Vec<Miss> = cells.iter().map(|&i| miss(i, 0.15, 10)).collect();
        // Tuesday alone
        assert_eq!(
            shown(&group(&misses[..3], &d, 1800.0)),
            vec![run("Tue", "23:00–00:30", &cells[..3])]
        );
        // Friday to Sunday alone
        assert_eq!(
            shown(&group(&misses[3..], &d, 1800.0)),
            vec![run("Fri–Sun", "23:30–00:30", &cells[3..])]
        );
        // together they share 23:30-00:30
        let mut got = shown(&group(&misses, &d, 1800.0));
        got.sort();
        let shared = [
            at(1, 23, 30),
            at(2, 0, 0),
            at(4, 23, 30),
            at(5, 0, 0),
            at(5, 23, 30),
            at(6, 0, 0),
            at(6, 23, 30),
            0,
        ];
        assert_eq!(
            got,
            vec![
                run("Tue", "23:00–23:30", &[at(1, 23, 0)]),
                run("Tue, Fri–Sun", "23:30–00:30", &shared),
            ]
        );
    }

    #[test]
    fn whole_days_are_all_day() {
        let d = week();
        let tuesday: Vec<Miss> = (at(1, 0, 0)..at(2, 0, 0))
            .map(|i| miss(i, 0.1, 5))
            .collect();
        let runs = group(&tuesday, &d, 1800.0);
        assert_eq!(runs.len(), 1);
        assert_eq!(
            (runs[0].days.as_str(), runs[0].window.as_str()),
            ("Tue", "all day")
        );
        assert_eq!(runs[0].cells.len(), 48);
        let every: Vec<Miss> = (0..336).map(|i| miss(i, 0.1, 5)).collect();
        let runs = group(&every, &d, 1800.0);
        assert_eq!(runs.len(), 1);
        assert_eq!(
            (runs[0].days.as_str(), runs[0].window.as_str()),
            ("Mon–Sun", "all day")
        );
        assert_eq!(runs[0].cells.len(), 336);
        // Tuesday 12:00 to Wednesday 12:00: a day long, not from midnight
        let noon: Vec<Miss> = (at(1, 12, 0)..at(2, 12, 0))
            .map(|i| miss(i, 0.1, 5))
            .collect();
        let runs = group(&noon, &d, 1800.0);
        assert_eq!(runs.len(), 1);
        assert_eq!(
            (runs[0].days.as_str(), runs[0].window.as_str()),
            ("Tue", "12:00–12:00 next day")
        );
    }

    #[test]
    fn places_kpis_and_bounds_never_merge_and_the_worst_comes_first() {
        let d = week();
        let i = at(2, 10, 0);
        let mut sl = miss(i, 0.6, 100);
        sl.kpi = Kpi::ServiceLevel;
        sl.goal = Goal::AtLeast(0.8);
        sl.bound = Some(0.7);
        let mut other_queue = miss(i, 0.15, 100);
        other_queue.place = Place::Queue {
            channel: 0,
            language: 1,
            tier: 0,
        };
        let mut no_bound = miss(i + 1, 0.9, 1000);
        no_bound.bound = None;
        let misses = vec![
            miss(i, 0.1, 100),    // shortfall 0.05 x 100 = 5
            sl,                   // 0.2 x 100 = 20
            other_queue,          // 0.1 x 100 = 10
            no_bound,             // the worst value, but without a bound
            miss(i + 4, 0.3, 10), // 0.25 x 10 = 2.5
        ];
        let runs = group(&misses, &d, 1800.0);
        let order: Vec<(Kpi, f64, Option<f64>)> =
            runs.iter().map(|r| (r.kpi, r.value, r.bound)).collect();
        assert_eq!(
            order,
            vec![
                (Kpi::ServiceLevel, 0.6, Some(0.7)),
                (Kpi::AbandonRate, 0.15, Some(0.13)),
                (Kpi::AbandonRate, 0.1, Some(0.08)),
                (Kpi::AbandonRate, 0.3, Some(0.3 - 0.02)),
                (Kpi::AbandonRate, 0.9, None),
            ]
        );
        assert!((runs[0].severity - 20.0).abs() < 1e-9);
        // 10:00 and 10:30 are one window of a queue: consecutive
        let two = group(&[miss(i, 0.1, 100), miss(i + 1, 0.3, 10)], &d, 1800.0);
        assert_eq!(shown(&two), vec![run("Wed", "10:00–11:00", &[i, i + 1])]);
        // weighted by contacts; the bound nearest the target
        assert!((two[0].value - (0.1 * 100.0 + 0.3 * 10.0) / 110.0).abs() < 1e-12);
        assert_eq!(two[0].bound, Some(0.08));
    }

    /// A dated forecast: three days of hourly intervals from 2019-01-07 22:00 UTC.
    fn dated() -> Demand {
        let n = 72;
        let t0 = 22 * 3600;
        let day = |i: usize| (t0 + i * 3600) / 86400;
        Demand {
            n_intervals: n,
            n_channels: 1,
            n_languages: 1,
            contacts: vec![1.0; n],
            aht_s: vec![f64::NAN; n],
            labels: (0..n)
                .map(|i| {
                    let s = (t0 + i * 3600) % 86400;
                    format!("2019-01-{:02}T{:02}:00", 7 + day(i), s / 3600)
                })
                .collect(),
            weekday: (0..n).map(|i| day(i) as u8).collect(),
            time_of_day_s: (0..n).map(|i| ((t0 + i * 3600) % 86400) as f64).collect(),
            calendar: Calendar::Dated,
        }
    }

    #[test]
    fn a_dated_forecast_names_its_dates() {
        let d = dated();
        // 09:00-11:00 on the 8th, 9th and 10th; 23:00-01:00 on the 7th
        let cells = [11, 12, 35, 36, 59, 60, 1, 2];
        let misses: Vec<Miss> = cells.iter().map(|&i| miss(i, 0.2, 10)).collect();
        let mut got = shown(&group(&misses, &d, 3600.0));
        got.sort();
        assert_eq!(
            got,
            vec![
                run("2019-01-07", "23:00–01:00", &[1, 2]),
                run(
                    "2019-01-08 – 2019-01-10",
                    "09:00–11:00",
                    &[11, 12, 35, 36, 59, 60]
                ),
            ]
        );
        // two days apart: no range
        let misses: Vec<Miss> = [11, 59].iter().map(|&i| miss(i, 0.2, 10)).collect();
        assert_eq!(
            shown(&group(&misses, &d, 3600.0)),
            vec![run("2019-01-08, 2019-01-10", "09:00–10:00", &[11, 59])]
        );
    }

    fn tally(values: &[f64]) -> Moments {
        let mut t = Moments::default();
        for &v in values {
            t.record(v);
        }
        t
    }

    #[test]
    fn a_miss_is_a_bound_on_the_wrong_side() {
        let mut t95 = Vec::new();
        // mean 0.12, s = 0.02, se = 0.02/√3, t(0.95, 2) = 2.919986: lower bound 0.086283
        let t = tally(&[0.10, 0.12, 0.14]);
        let bound = 0.12 - 2.919_985_580_353_726 * 0.02 / 3f64.sqrt();
        let (value, b) = judge(&t, Goal::AtMost(0.05), &mut t95).unwrap();
        assert!((value - 0.12).abs() < 1e-15);
        assert!((b.unwrap() - bound).abs() < 1e-12, "{b:?} vs {bound}");
        // the mean misses a cap of 0.09, the bound does not: no miss
        assert_eq!(judge(&t, Goal::AtMost(0.09), &mut t95), None);
        // a service level: the upper bound 0.153717 is below 0.8 and 0.154, not 0.153
        assert!(judge(&t, Goal::AtLeast(0.8), &mut t95).is_some());
        assert!(judge(&t, Goal::AtLeast(0.154), &mut t95).is_some());
        assert_eq!(judge(&t, Goal::AtLeast(0.153), &mut t95), None);
        // met on the mean, met
        assert_eq!(judge(&t, Goal::AtMost(0.12), &mut t95), None);
        // one value: judged on it, no bound
        assert_eq!(
            judge(&tally(&[0.2]), Goal::AtMost(0.05), &mut t95),
            Some((0.2, None))
        );
        assert_eq!(judge(&tally(&[0.04]), Goal::AtMost(0.05), &mut t95), None);
        assert_eq!(
            judge(&Moments::default(), Goal::AtMost(0.05), &mut t95),
            None
        );
    }

    fn olymp(replications: u64, days: f64) -> (Scenario, crate::simulate::Outcome) {
        let path = std::path::Path::new("scenarios/olymp.toml");
        let s = crate::scenario::load(path).unwrap();
        let req = crate::simulate::Request {
            scenario: &s,
            scenario_path: path,
            seed: 1,
            replications,
            threads: 1,
            days: Some(days),
            warmup_s: 0.0,
            volume_cv: 0.0,
            trace: None,
            roster: None,
        };
        let o = crate::simulate::run(&req, &|_| {}).unwrap();
        (s, o)
    }

    #[test]
    fn one_replication_gives_misses_without_a_bound() {
        let (s, o) = olymp(1, 2.0);
        let found = misses(&s, &o.spec, &o.agg);
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|m| m.bound.is_none() && m.replications == 1)
        );
        let runs = group(&found, &s.demand, s.interval_s);
        assert!(runs.iter().all(|r| r.bound.is_none()));
        // each on the wrong side of its target, with enough contacts
        for m in &found {
            assert_eq!(m.goal.met_by(m.value), Some(false), "{m:?}");
            if m.kpi != Kpi::Occupancy {
                assert!(m.contacts >= MIN_CONTACTS, "{m:?}");
            }
        }
        let (s, o) = olymp(3, 2.0);
        let found = misses(&s, &o.spec, &o.agg);
        assert!(found.iter().any(|m| m.bound.is_some()));
        for m in found.iter().filter(|m| m.replications >= 2) {
            let b = m.bound.unwrap();
            assert_eq!(m.goal.met_by(b), Some(false), "{m:?}");
            assert!(m.goal.shortfall(m.value) >= m.goal.shortfall(b), "{m:?}");
        }
    }
}
