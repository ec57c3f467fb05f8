//! The validated scenario: plain data with units in the names, no serde, no spans.
//!
//! Everything downstream (Erlang staffing, the engine, the planner) reads only this
//! model. Indices (`channel`, `language`, `tier`, `group`) point into the vectors of
//! [`Scenario`]. Times are seconds; the clock is UTC and starts at t = 0, which for a
//! profile-driven scenario is Monday 00:00 UTC.

use crate::dist::Dist;

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
}

#[derive(Debug, Clone)]
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

    /// Total expected contacts over the whole horizon.
    pub fn total(&self) -> f64 {
        self.contacts.iter().sum()
    }
}
