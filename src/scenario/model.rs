//! The validated scenario: plain data with units in the names, no serde, no spans.
//!
//! Everything downstream (Erlang staffing, the engine, the planner) reads only this
//! model. Indices (`channel`, `language`, `tier`, `group`) point into the vectors of
//! [`Scenario`]. Times are seconds; the clock is UTC and starts at t = 0, which for a
//! profile-driven scenario is Monday 00:00 UTC.

use crate::dist::Dist;

/// Weekday names, Monday first, as labels and messages write them.
pub const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A whole, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Human name of the scenario.
    pub name: String,
    /// Length of one planning interval, seconds (900, 1800 or 3600).
    pub interval_s: f64,
    pub channels: Vec<Channel>,
    pub languages: Vec<Language>,
    /// Escalation tiers, first line first (at least one).
    pub tiers: Vec<Tier>,
    pub groups: Vec<AgentGroup>,
    /// First-line arrivals on the interval grid.
    pub demand: Demand,
    pub recontact: Recontact,
    /// Centre-wide shrinkage, used to turn required agents into scheduled agents.
    pub shrinkage: Shrinkage,
    /// Paid hours one full-time equivalent works in a week.
    pub hours_per_fte_week: f64,
}

/// Whether customers wait on line (and may hang up) or their contact waits in a backlog.
#[derive(Debug, Clone, PartialEq)]
pub enum ChannelKind {
    /// Phone, chat: customers wait and may abandon.
    Live {
        /// Time a customer is willing to wait; `None` means nobody abandons (Erlang C).
        patience: Option<Dist>,
        /// Contacts one agent holds at once (1 for voice).
        concurrency: u32,
        /// How concurrency stretches handle time: with `j` contacts at once each takes
        /// `1 + concurrency_stretch * (j - 1)` times its single-contact handle time.
        concurrency_stretch: f64,
        /// Queueing model used for staffing this channel.
        model: LiveModel,
    },
    /// E-mail, tickets: no abandonment; answered within a response target of hours.
    Deferred,
}

/// Analytic model used to staff a live channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveModel {
    /// M/M/N: nobody abandons.
    ErlangC,
    /// M/M/N+M: exponential patience with the channel's mean patience.
    ErlangA,
    /// Agents hold up to `concurrency` contacts (see `erlang::chat`).
    Chat,
}

#[derive(Debug, Clone)]
pub struct Channel {
    /// Name as written in the scenario (`voice`, `chat`, `email`, ...).
    pub name: String,
    pub kind: ChannelKind,
    pub target: Target,
    /// Which waiting contacts a freed agent takes first: lower first, the oldest within
    /// equal priority (live channels always before deferred ones).
    pub priority: i32,
    /// Trunk lines (live channels): a first-line contact holds one from arrival until it
    /// leaves the live queues (answered and done, abandoned, or turned into a ticket);
    /// one that finds every line taken is blocked. `None`: no limit.
    pub lines: Option<u32>,
    /// Who calls again after a blocked or abandoned first-line attempt (live channels).
    pub redial: Option<Redial>,
    /// Virtual hold: callers facing a long wait may take a call back instead.
    pub callback: Option<Callback>,
    /// Customer priority classes, highest first (at most 3); the rest of the
    /// channel's contacts are `regular`, served after every listed class.
    pub classes: Vec<PriorityClass>,
}

/// A customer priority class of a channel (`[[channel.class]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct PriorityClass {
    pub name: String,
    /// Share of the channel's contacts in the class, in (0, 1).
    pub share: f64,
    /// Served as if it had arrived this much earlier than a regular contact, seconds
    /// (`head_start = "90s"`; the Anonymous Bank's rule for its priority customers).
    /// `None`: strict priority, before every class below it whatever their waits.
    pub head_start_s: Option<f64>,
}

/// Virtual hold (the IVR-less alternative to waiting on line): a first-line caller who
/// would wait more than `above_s` (expected: the calls ahead plus itself, times the
/// mean handle time, over the agents on duty for the queue) takes a call back with
/// `share`; it keeps its place in the queue, hangs up (frees its line) and never
/// abandons; the call back is answered work with its own target `within_s`.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub above_s: f64,
    pub share: f64,
    pub within_s: f64,
}

/// Redials: a share of blocked and of abandoned callers try again after a delay, each
/// retry a new attempt of the same customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Redial {
    /// Share of blocked attempts followed by another, 0..=1.
    pub blocked: f64,
    /// Share of abandoned attempts followed by another, 0..=1.
    pub abandoned: f64,
    /// Time from the failed attempt to the next.
    pub delay: crate::dist::Dist,
}

impl Channel {
    pub fn is_live(&self) -> bool {
        matches!(self.kind, ChannelKind::Live { .. })
    }
}

/// KPI targets. `None` means no target of that kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    /// Service level: share of contacts answered within `within_s`, 0..=1.
    pub service_level: Option<f64>,
    /// The `T` of the service level, seconds.
    pub within_s: Option<f64>,
    /// Highest share of offered contacts allowed to abandon, 0..=1.
    pub max_abandon: Option<f64>,
    /// Highest average speed of answer, seconds.
    pub max_asa_s: Option<f64>,
    /// Highest agent occupancy, 0..=1.
    pub max_occupancy: Option<f64>,
    /// Highest share of calls finding every trunk line taken (live channels): `staff`
    /// sizes the lines for it.
    pub max_blocking: Option<f64>,
    /// Where the target is written (its first key), for problems found when staffing.
    pub origin: Option<Origin>,
}

/// A place in a scenario file, kept in the model for problems found after loading
/// (a target no number of agents meets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origin {
    pub file: std::path::PathBuf,
    /// 1-based line and column.
    pub line_col: (usize, usize),
    /// The line's text.
    pub line: String,
}

impl Origin {
    /// A problem at this place, rendered like the loader's (`error:`, `-->`, the
    /// line, a caret, `help:`).
    pub fn problem(&self, message: impl Into<String>, help: impl Into<String>) -> String {
        super::Diagnostic {
            message: message.into(),
            help: help.into(),
            file: self.file.clone(),
            line_col: Some(self.line_col),
            snippet: Some((self.line.clone(), 1)),
        }
        .to_string()
    }
}

impl Target {
    /// A problem with this target, at its place in the file when known.
    pub fn problem(&self, message: impl Into<String>, help: impl Into<String>) -> String {
        match &self.origin {
            Some(o) => o.problem(message, help),
            None => format!("error: {}\n   = help: {}", message.into(), help.into()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Language {
    pub name: String,
    /// Share of all demand in this language (all shares sum to 1).
    pub share: f64,
    /// Offset of the customers' local time from UTC, hours (may be fractional).
    pub utc_offset_h: f64,
}

/// How a tier passes on what it escalates to the next tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escalation {
    /// The customer stays on line and queues for the next tier at once.
    WarmTransfer,
    /// A ticket joins the next tier's backlog (deferred work with its own target).
    Ticket,
}

#[derive(Debug, Clone)]
pub struct Tier {
    /// `L1`, `L2`, `L3`, ...
    pub name: String,
    /// Share of the contacts reaching this tier that it resolves.
    pub resolve: f64,
    /// Share it escalates to the next tier (0 on the last tier). The rest,
    /// `1 - resolve - escalate`, leaves unresolved.
    pub escalate: f64,
    /// How escalations leave this tier, per channel (index = channel index).
    pub escalation: Vec<Escalation>,
    /// Handle time per channel (index = channel index); `None` where this tier does
    /// not handle that channel.
    pub handle_time: Vec<Option<Dist>>,
    /// After-call work per channel: the agent stays busy this long after each contact,
    /// the customer gone (`None`: none, or the nearest earlier tier's).
    pub wrap_up: Vec<Option<Dist>>,
    /// Target for tickets this tier receives from the tier before it.
    pub ticket_target: Option<Target>,
    /// Cost of one paid agent-hour at this tier.
    pub cost_per_agent_hour: f64,
}

/// Contacts that come back because they were not resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Recontact {
    /// Share of unresolved contacts that come back as new first-line contacts.
    pub share: f64,
    /// Mean delay before they come back, seconds.
    pub delay_s: f64,
}

/// Paid time in which agents are not available for contacts, by component.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shrinkage {
    /// (component name, share of paid time); one component named `total` when the
    /// scenario gives a single factor.
    pub components: Vec<(String, f64)>,
}

impl Shrinkage {
    /// Total shrinkage: the components add up (shares of paid time), below 1.
    pub fn total(&self) -> f64 {
        self.components.iter().map(|(_, s)| s).sum()
    }

    /// The chance that an agent misses a whole shift: every component except the one
    /// named `breaks` (breaks are taken from the shifts), at most 0.95.
    pub fn absence(&self) -> f64 {
        let breaks: f64 = self
            .components
            .iter()
            .filter(|(n, _)| n == "breaks")
            .map(|(_, v)| v)
            .sum();
        (self.total() - breaks).clamp(0.0, 0.95)
    }
}

#[derive(Debug, Clone)]
pub struct AgentGroup {
    pub name: String,
    /// Index of the tier the group works at.
    pub tier: usize,
    /// Language indices the agents speak.
    pub languages: Vec<usize>,
    /// Channel indices the agents handle.
    pub channels: Vec<usize>,
    /// People in the group (the sum of the shifts' agents).
    pub headcount: u32,
    pub shifts: Vec<Shift>,
    /// The group's own shrinkage (the centre's when the group gives none).
    pub shrinkage: Shrinkage,
    /// Occupancy cap of the group, if it has its own.
    pub max_occupancy: Option<f64>,
    /// Cost of one paid agent-hour (the tier's when the group gives none).
    pub cost_per_agent_hour: f64,
    /// Routing priority: lower is offered contacts first (specialists before universal agents).
    pub priority: i32,
    /// Shifts `ccsim plan` may staff for this group (`[[group.template]]`); empty: the
    /// planner keeps the group's roster as it is.
    pub templates: Vec<ShiftTemplate>,
}

/// The shifts a planner may staff for a group: every combination of an allowed
/// length, a start and a working-day pattern, with breaks placed inside their windows.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftTemplate {
    pub name: String,
    /// Allowed paid lengths, seconds, each a whole number of the scenario's intervals
    /// and at most 24 h; ascending, no duplicates.
    pub lengths_s: Vec<f64>,
    /// Allowed starts, seconds after midnight UTC, on the interval grid (the window
    /// `from`..=`to` stepped by `every`, wrapping past midnight); ascending, no duplicates.
    pub starts_s: Vec<f64>,
    /// Allowed working-day patterns, Monday first (the day a shift starts on); no
    /// duplicates, in the order of their working days (Mon–Fri before Mon–Thu + Sat).
    pub day_patterns: Vec<[bool; 7]>,
    /// Breaks every shift of the template takes, each placed by the planner inside its window.
    pub breaks: Vec<BreakRule>,
    /// Fewest agents on a shift the planner staffs (a shift with fewer is not staffed at all).
    pub min_agents: u32,
    /// Most agents on one shift (one start on one day pattern); `None`: no limit.
    pub max_agents: Option<u32>,
    /// Cost of one paid agent-hour (the group's when the template gives none).
    pub cost_per_agent_hour: f64,
    /// Extra pay for hours inside a time-of-day window.
    pub night_premium: Option<Premium>,
    /// Extra share of the rate for paid hours on Saturday and Sunday (UTC); 0: none.
    pub weekend_premium: f64,
    /// Where the template is written, for problems found when planning.
    pub origin: Option<Origin>,
}

/// A break a templated shift takes: its length and the window its start lies in.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakRule {
    pub length_s: f64,
    /// Earliest and latest start of the break, seconds after the shift starts, on the
    /// interval grid; the break ends inside every allowed length of its template.
    pub earliest_s: f64,
    pub latest_s: f64,
}

/// Extra pay for paid hours in a window of the day (UTC).
#[derive(Debug, Clone, PartialEq)]
pub struct Premium {
    /// Extra share of the rate: 0.25 pays 1.25 × the rate.
    pub share: f64,
    /// Window start and end, seconds after midnight UTC; `from > to` wraps past midnight.
    pub from_s: f64,
    pub to_s: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub name: String,
    /// Start, seconds after midnight UTC of each working day.
    pub start_s: f64,
    /// Paid length, seconds (may run past midnight).
    pub length_s: f64,
    /// Working days, Monday first (the day the shift starts on).
    pub days: [bool; 7],
    /// Agents working this shift.
    pub agents: u32,
    /// Breaks, relative to the shift start.
    pub breaks: Vec<Break>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Break {
    /// Start of the break, seconds after the shift starts.
    pub after_s: f64,
    pub length_s: f64,
}

/// First-line arrivals on the interval grid, by interval, channel and language.
#[derive(Debug, Clone)]
pub struct Demand {
    /// Number of intervals covered (a week, 672/336/168, for profile demand).
    pub n_intervals: usize,
    pub n_channels: usize,
    pub n_languages: usize,
    /// Expected contacts per cell, `[interval][channel][language]` flattened.
    pub contacts: Vec<f64>,
    /// Mean handle time override for the first line, seconds, per cell; NaN where the
    /// forecast gives none (the tier's handle time applies).
    pub aht_s: Vec<f64>,
    /// Label of each interval's start: `Mon 00:00` for profiles, `2019-01-07T00:00`
    /// (UTC) for forecasts.
    pub labels: Vec<String>,
    /// Weekday (0 = Monday) of each interval's start, for shift coverage.
    pub weekday: Vec<u8>,
    /// Seconds after midnight UTC of each interval's start.
    pub time_of_day_s: Vec<f64>,
    /// Whether the intervals are a repeating week or dated.
    pub calendar: Calendar,
}

/// How the demand's intervals lie in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// A planning week (profiles) that repeats: the interval after Sunday's last is
    /// Monday's first.
    RepeatingWeek,
    /// A dated forecast: the intervals run once, from its first date.
    Dated,
}

impl Demand {
    /// Index of a cell in the flattened vectors.
    pub fn index(&self, interval: usize, channel: usize, language: usize) -> usize {
        (interval * self.n_channels + channel) * self.n_languages + language
    }

    /// Expected first-line contacts in a cell.
    pub fn contacts(&self, interval: usize, channel: usize, language: usize) -> f64 {
        self.contacts[self.index(interval, channel, language)]
    }

    /// Whether the demand is a repeating planning week rather than a dated forecast.
    pub fn is_cyclic(&self) -> bool {
        self.calendar == Calendar::RepeatingWeek
    }

    /// Total expected contacts over the whole horizon.
    pub fn total(&self) -> f64 {
        self.contacts.iter().sum()
    }
}

impl Shift {
    /// Paid agent-hours of this shift in one week: agents × working days × length.
    pub fn paid_hours_per_week(&self) -> f64 {
        f64::from(self.agents) * self.days.iter().filter(|&&d| d).count() as f64 * self.length_s
            / 3600.0
    }

    /// Paid periods of this shift in which its agents take contacts, as `(start, end)`
    /// seconds after Monday 00:00 UTC, for every working day of one week; breaks removed
    /// (overlapping breaks count once). A shift may run past the end of the week: the
    /// caller wraps it (see [`Scenario::on_duty`]).
    pub fn on_duty_periods(&self) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        for (day, works) in self.days.iter().enumerate() {
            if !works {
                continue;
            }
            let start = day as f64 * 86400.0 + self.start_s;
            let end = start + self.length_s;
            let mut cuts: Vec<(f64, f64)> = self
                .breaks
                .iter()
                .map(|b| {
                    let s = (start + b.after_s).clamp(start, end);
                    (s, (s + b.length_s).min(end))
                })
                .collect();
            cuts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut t = start;
            for (bs, be) in cuts {
                if bs > t {
                    out.push((t, bs));
                }
                t = t.max(be);
            }
            if end > t {
                out.push((t, end));
            }
        }
        out
    }
}

/// Share of first-line contacts that leave `tiers` unresolved.
pub(super) fn unresolved_share(tiers: &[Tier]) -> f64 {
    let mut reach = 1.0;
    let mut out = 0.0;
    for t in tiers {
        out += reach * (1.0 - t.resolve - t.escalate).max(0.0);
        reach *= t.escalate;
    }
    out
}

impl Scenario {
    /// Whether channel `c`'s contacts wait on line at tier `k`: a live channel stays
    /// live through warm transfers; a ticket anywhere upstream makes it deferred work
    /// from then on.
    pub fn is_live_at(&self, c: usize, k: usize) -> bool {
        self.channels[c].is_live()
            && self.tiers[..k.min(self.tiers.len())]
                .iter()
                .all(|t| t.escalation.get(c) != Some(&Escalation::Ticket))
    }

    /// Handle time of channel `c` at tier `k`: the tier's own, else the nearest
    /// earlier tier's.
    pub fn handle_time_at(&self, c: usize, k: usize) -> Option<&Dist> {
        self.tiers[..=k.min(self.tiers.len().saturating_sub(1))]
            .iter()
            .rev()
            .find_map(|t| t.handle_time.get(c).and_then(|d| d.as_ref()))
    }

    /// After-call work of channel `c` at tier `k`: the tier's own, else the nearest
    /// earlier tier's; `None` when no tier up to `k` gives one.
    pub fn wrap_up_at(&self, c: usize, k: usize) -> Option<&Dist> {
        self.tiers[..=k.min(self.tiers.len().saturating_sub(1))]
            .iter()
            .rev()
            .find_map(|t| t.wrap_up.get(c).and_then(|d| d.as_ref()))
    }

    /// Mean time an agent is occupied per contact of channel `c` at tier `k`: the
    /// handle time's mean plus the after-call work's, seconds (what Erlang staffing
    /// calls AHT). `None` without a handle time.
    pub fn work_time_mean_at(&self, c: usize, k: usize) -> Option<f64> {
        let handle = self.handle_time_at(c, k)?.mean_s();
        Some(handle + self.wrap_up_at(c, k).map_or(0.0, |w| w.mean_s()))
    }

    /// The target of channel `c`'s queue at tier `k`: the channel's own for live work
    /// and the first line; a later tier's tickets have the tier's ticket target where
    /// it gives one.
    pub fn target_at(&self, c: usize, k: usize) -> &Target {
        let channel = &self.channels[c].target;
        if k == 0 || self.is_live_at(c, k) {
            channel
        } else {
            self.tiers[k].ticket_target.as_ref().unwrap_or(channel)
        }
    }

    /// Share of first-line contacts that reach each tier (1 for the first).
    pub fn tier_reach(&self) -> Vec<f64> {
        let mut reach = vec![1.0; self.tiers.len()];
        for k in 1..self.tiers.len() {
            reach[k] = reach[k - 1] * self.tiers[k - 1].escalate;
        }
        reach
    }

    /// Share of first-line contacts that leave unresolved from some tier.
    pub fn unresolved_share(&self) -> f64 {
        unresolved_share(&self.tiers)
    }

    /// Expected returns each contact brings directly (re-contact share × unresolved
    /// share). Validation keeps it at most `r` with r / (1 − r) ≤
    /// [`crate::limits::MAX_RECONTACT_RETURNS`]; at 1 the re-contacts never die out.
    pub fn recontact_back(&self) -> f64 {
        self.recontact.share * self.unresolved_share()
    }

    /// The first group with shift templates but no shifts: its agents are not planned
    /// yet (`ccsim plan` writes a roster for it), so it cannot be simulated.
    pub fn unplanned_group(&self) -> Option<&AgentGroup> {
        self.groups
            .iter()
            .find(|g| g.shifts.is_empty() && !g.templates.is_empty())
    }

    /// Why the scenario cannot be simulated as it is, rendered like a loading problem
    /// (at the group's first template): a group with templates and no shifts.
    pub fn unplanned_problem(&self) -> Option<String> {
        let g = self.unplanned_group()?;
        let message = format!(
            "group `{}` has shift templates but no shifts: its agents are not planned yet",
            g.name
        );
        let help = "run `ccsim plan` and pass its roster with --roster FILE";
        Some(match g.templates.first().and_then(|t| t.origin.as_ref()) {
            Some(o) => o.problem(message, help),
            None => format!("error: {message}\n   = help: {help}"),
        })
    }

    /// Agents on duty (on shift and not on break), time-weighted, in every interval of
    /// the demand horizon and every group: `result[interval * groups.len() + group]`.
    ///
    /// An agent on duty for 20 minutes of a 30-minute interval counts 2/3. The roster
    /// repeats every week: each interval is placed in the week by its weekday and
    /// `time_of_day_s`, so a shift that runs past midnight continues into the next day
    /// and Sunday's night shift into Monday morning.
    pub fn on_duty(&self) -> Vec<f64> {
        const WEEK_S: f64 = 7.0 * 86400.0;
        let d = &self.demand;
        let ng = self.groups.len();
        let iv = self.interval_s;
        // per group: (start, end, agents), wrapped copies included so that every
        // period overlapping [0, WEEK_S) is seen once at its true place
        let periods: Vec<Vec<(f64, f64, f64)>> = self
            .groups
            .iter()
            .map(|g| {
                let mut v = Vec::new();
                for sh in &g.shifts {
                    let agents = f64::from(sh.agents);
                    for (a, b) in sh.on_duty_periods() {
                        v.push((a, b, agents));
                        if b > WEEK_S {
                            v.push((a - WEEK_S, b - WEEK_S, agents));
                        }
                    }
                }
                v
            })
            .collect();
        let mut out = vec![0.0; d.n_intervals * ng];
        for i in 0..d.n_intervals {
            let weekday = d.weekday.get(i).copied().unwrap_or(0) as f64;
            let tod = d.time_of_day_s.get(i).copied().unwrap_or(0.0);
            let a = weekday * 86400.0 + tod;
            let b = a + iv;
            for (g, ps) in periods.iter().enumerate() {
                let mut sum = 0.0;
                for &(s, e, n) in ps {
                    let overlap = e.min(b) - s.max(a);
                    if overlap > 0.0 {
                        sum += n * overlap;
                    }
                }
                out[i * ng + g] = sum / iv;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::scenario::load_str;

    /// A one-channel scenario on a 30-minute grid whose only group works `shifts`.
    fn with_shifts(shifts: &str) -> super::Scenario {
        let text = format!(
            r#"
[scenario]
name = "roster"
interval = "30m"
[[channel]]
name = "voice"
kind = "live"
[channel.target]
service_level = 0.8
within = "20s"
[[language]]
name = "en"
share = 1.0
[demand]
weekly_contacts = 336
[[tier]]
name = "L1"
resolve = 1.0
[tier.handle_time]
voice = {{ dist = "exponential", mean = "3m" }}
[[group]]
name = "agents"
tier = "L1"
languages = ["*"]
channels = ["*"]
{shifts}
"#
        );
        match load_str(&text, Path::new("roster.toml")) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn eight_hours_with_a_break_on_a_monday() {
        let s = with_shifts(
            r#"[[group.shift]]
start = "08:00"
length = "8h"
days = ["mon"]
agents = 3
breaks = [{ after = "4h", length = "30m" }]"#,
        );
        let on = s.on_duty();
        assert_eq!(on.len(), 336);
        // Monday 08:00-12:00 and 12:30-16:00: 15 full intervals of 3 agents
        for (i, v) in on.iter().enumerate() {
            let expected = if (16..24).contains(&i) || (25..32).contains(&i) {
                3.0
            } else {
                0.0
            };
            assert_eq!(*v, expected, "interval {i} ({})", s.demand.labels[i]);
        }
        assert_eq!(on.iter().sum::<f64>(), 45.0);
    }

    #[test]
    fn sunday_night_runs_into_monday_and_partial_intervals_count_their_share() {
        let s = with_shifts(
            r#"[[group.shift]]
start = "22:00"
length = "4h"
days = "sun"
agents = 2
[[group.shift]]
start = "08:15"
length = "1h"
days = "tue"
agents = 4
breaks = [{ after = "20m", length = "10m" }]"#,
        );
        let on = s.on_duty();
        // Sunday 22:00-24:00 is intervals 332..336; Monday 00:00-02:00 is 0..4
        for i in (332..336).chain(0..4) {
            assert_eq!(on[i], 2.0, "interval {i}");
        }
        assert_eq!(on[4], 0.0);
        assert_eq!(on[331], 0.0);
        // Tuesday 08:15-09:15, break 08:35-08:45: 08:00 gets 15 of 30 minutes,
        // 08:30 gets 20 (a 10-minute break), 09:00 gets 15
        let tue = 48;
        assert!((on[tue + 16] - 2.0).abs() < 1e-12, "{}", on[tue + 16]);
        assert!((on[tue + 17] - 4.0 * 2.0 / 3.0).abs() < 1e-12);
        assert!((on[tue + 18] - 2.0).abs() < 1e-12);
        assert_eq!(on[tue + 19], 0.0);
        // agent-hours: 2 x 4 h + 4 x 50 min
        let hours: f64 = on.iter().sum::<f64>() * 0.5;
        assert!((hours - (8.0 + 4.0 * 50.0 / 60.0)).abs() < 1e-9, "{hours}");
    }

    #[test]
    fn round_the_clock_roster_and_overlapping_breaks() {
        let s = with_shifts(
            r#"[[group.shift]]
start = "00:00"
length = "24h"
days = "all"
agents = 5
breaks = [{ after = "1h", length = "30m" }, { after = "1h15m", length = "30m" }]"#,
        );
        let on = s.on_duty();
        // 01:00-01:45 off (the breaks overlap): 01:00 is 0, 01:30 is half
        for day in 0..7 {
            let o = day * 48;
            assert_eq!(on[o], 5.0);
            assert_eq!(on[o + 2], 0.0);
            assert_eq!(on[o + 3], 2.5);
            assert_eq!(on[o + 4], 5.0);
        }
        assert_eq!(on.iter().filter(|v| **v == 5.0).count(), 7 * 46);
    }
}
