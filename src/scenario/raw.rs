//! The scenario file as written: serde structs that mirror the TOML, every value that
//! validation may complain about wrapped in `Spanned` so its position is known.
//! Unknown keys are refused (`deny_unknown_fields`) so typos never pass silently.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

/// A number written as an integer or a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                Ok(Num(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A duration: a string with units (`"20s"`, `"3m"`, `"12h"`) or a number of seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum Dur {
    Text(String),
    Seconds(f64),
}

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dur, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Dur;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a duration such as \"20s\", \"3m\" or \"12h\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dur, E> {
                Ok(Dur::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dur, E> {
                Ok(Dur::Seconds(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dur, E> {
                Ok(Dur::Seconds(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dur, E> {
                Ok(Dur::Seconds(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Working days: `"mon-fri"`, `"all"`, `"weekend"`, or a list such as `["mon", "tue"]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Days {
    Text(String),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Days, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Days;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("days such as \"mon-fri\", \"all\" or [\"mon\", \"tue\"]")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Days, E> {
                Ok(Days::Text(v.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Days, A::Error> {
                let mut out = Vec::new();
                while let Some(day) = seq.next_element::<String>()? {
                    out.push(day);
                }
                Ok(Days::List(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Shrinkage as one total or as named components that add up.
#[derive(Debug, Clone, PartialEq)]
pub enum ShrinkageSpec {
    Total(Num),
    Components(BTreeMap<String, Spanned<Num>>),
}

impl<'de> Deserialize<'de> for ShrinkageSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ShrinkageSpec, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ShrinkageSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a share such as 0.30, or a table of components such as { breaks = 0.08, absence = 0.12 }")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ShrinkageSpec, E> {
                Ok(ShrinkageSpec::Total(Num(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ShrinkageSpec, E> {
                Ok(ShrinkageSpec::Total(Num(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ShrinkageSpec, E> {
                Ok(ShrinkageSpec::Total(Num(v)))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ShrinkageSpec, A::Error> {
                BTreeMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ShrinkageSpec::Components)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub scenario: Spanned<Header>,
    pub shrinkage: Option<Spanned<BTreeMap<String, Spanned<Num>>>>,
    pub recontact: Option<Spanned<Recontact>>,
    #[serde(rename = "channel", default)]
    pub channels: Vec<Spanned<Channel>>,
    #[serde(rename = "language", default)]
    pub languages: Vec<Spanned<Language>>,
    pub demand: Spanned<Demand>,
    #[serde(rename = "tier", default)]
    pub tiers: Vec<Spanned<Tier>>,
    #[serde(rename = "group", default)]
    pub groups: Vec<Spanned<Group>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub interval: Spanned<Dur>,
    pub hours_per_fte_week: Option<Spanned<Num>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recontact {
    pub share: Spanned<Num>,
    pub delay: Spanned<Dur>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    pub concurrency: Option<Spanned<Num>>,
    pub concurrency_stretch: Option<Spanned<Num>>,
    pub patience: Option<Spanned<DistSpec>>,
    pub model: Option<Spanned<String>>,
    pub priority: Option<Spanned<Num>>,
    pub lines: Option<Spanned<Num>>,
    pub redial: Option<Spanned<Redial>>,
    pub callback: Option<Spanned<Callback>>,
    pub target: Option<Spanned<Target>>,
    /// `[[channel.class]]`: customer priority classes, highest first.
    #[serde(rename = "class")]
    pub classes: Option<Vec<Spanned<Class>>>,
}

/// `[[channel.class]]`: one customer priority class.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    pub name: Spanned<String>,
    pub share: Spanned<Num>,
    pub head_start: Option<Spanned<Dur>>,
}

/// `[channel.callback]`: virtual hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callback {
    pub above: Spanned<Dur>,
    pub share: Spanned<Num>,
    pub within: Spanned<Dur>,
}

/// `[channel.redial]`: who tries again.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redial {
    pub blocked: Option<Spanned<Num>>,
    pub abandoned: Option<Spanned<Num>>,
    pub delay: Spanned<DistSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub service_level: Option<Spanned<Num>>,
    pub within: Option<Spanned<Dur>>,
    pub max_abandon: Option<Spanned<Num>>,
    pub max_asa: Option<Spanned<Dur>>,
    pub max_occupancy: Option<Spanned<Num>>,
    pub max_blocking: Option<Spanned<Num>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistSpec {
    pub dist: Spanned<String>,
    pub mean: Option<Spanned<Dur>>,
    pub cv: Option<Spanned<Num>>,
    pub value: Option<Spanned<Dur>>,
    pub file: Option<Spanned<String>>,
    /// Empirical values written inline, seconds.
    pub values: Option<Spanned<Vec<Spanned<Num>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub name: Spanned<String>,
    pub share: Spanned<Num>,
    pub utc_offset: Option<Spanned<Num>>,
}

/// A profile of relative weights, each with its position.
pub type Profile = Spanned<Vec<Spanned<Num>>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    pub monthly_contacts: Option<Spanned<Num>>,
    pub weekly_contacts: Option<Spanned<Num>>,
    pub channel_mix: Option<Spanned<BTreeMap<String, Spanned<Num>>>>,
    pub day_of_week: Option<Profile>,
    pub time_of_day: Option<Profile>,
    pub time_of_day_by_channel: Option<Spanned<BTreeMap<String, Profile>>>,
    pub time_of_day_by_day: Option<Spanned<BTreeMap<String, Profile>>>,
    pub forecast: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub name: Spanned<String>,
    pub resolve: Spanned<Num>,
    pub escalate: Option<Spanned<Num>>,
    pub escalation: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    pub cost_per_agent_hour: Option<Spanned<Num>>,
    #[serde(default)]
    pub handle_time: BTreeMap<String, Spanned<DistSpec>>,
    #[serde(default)]
    pub wrap_up: BTreeMap<String, Spanned<DistSpec>>,
    pub ticket_target: Option<Spanned<Target>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: Spanned<String>,
    pub tier: Spanned<String>,
    pub languages: Spanned<Vec<Spanned<String>>>,
    pub channels: Spanned<Vec<Spanned<String>>>,
    pub headcount: Option<Spanned<Num>>,
    pub cost_per_agent_hour: Option<Spanned<Num>>,
    pub max_occupancy: Option<Spanned<Num>>,
    pub priority: Option<Spanned<Num>>,
    pub shrinkage: Option<Spanned<ShrinkageSpec>>,
    #[serde(rename = "shift", default)]
    pub shifts: Vec<Spanned<Shift>>,
    #[serde(rename = "template", default)]
    pub templates: Vec<Spanned<Template>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    pub name: Option<Spanned<String>>,
    pub start: Spanned<String>,
    pub length: Spanned<Dur>,
    pub days: Spanned<Days>,
    pub agents: Spanned<Num>,
    #[serde(default)]
    pub breaks: Vec<Spanned<Break>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Break {
    pub after: Spanned<Dur>,
    pub length: Spanned<Dur>,
}

/// `[[group.template]]`: the shifts `ccsim plan` may staff for a group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: Spanned<String>,
    pub length: Spanned<Lengths>,
    pub start: Spanned<Starts>,
    pub work_days: Option<Spanned<Num>>,
    pub days_off: Option<Spanned<String>>,
    pub days: Option<Spanned<Days>>,
    #[serde(default)]
    pub breaks: Vec<Spanned<BreakWindow>>,
    pub min_agents: Option<Spanned<Num>>,
    pub max_agents: Option<Spanned<Num>>,
    pub cost_per_agent_hour: Option<Spanned<Num>>,
    pub night_premium: Option<Spanned<PremiumSpec>>,
    pub weekend_premium: Option<Spanned<Num>>,
}

/// A template's lengths: one duration (`"8h"`) or a list (`["8h", "8h30m"]`).
#[derive(Debug, Clone, PartialEq)]
pub enum Lengths {
    One(Dur),
    List(Vec<Spanned<Dur>>),
}

impl<'de> Deserialize<'de> for Lengths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lengths, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lengths;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a duration such as \"8h\" or a list of them such as [\"8h\", \"8h30m\"]",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lengths, E> {
                Ok(Lengths::One(Dur::Text(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lengths, E> {
                Ok(Lengths::One(Dur::Seconds(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lengths, E> {
                Ok(Lengths::One(Dur::Seconds(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lengths, E> {
                Ok(Lengths::One(Dur::Seconds(v)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Lengths, A::Error> {
                let mut out = Vec::new();
                while let Some(d) = seq.next_element::<Spanned<Dur>>()? {
                    out.push(d);
                }
                Ok(Lengths::List(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A template's starts: one `"HH:MM"`, a list of them, or a window stepped by `every`.
#[derive(Debug, PartialEq)]
pub enum Starts {
    One(String),
    List(Vec<Spanned<String>>),
    Window(StartWindow),
}

/// `{ from = "06:00", to = "10:00", every = "30m" }`: `from`, then every `every` up
/// to `to` (wrapping past midnight when `from` is later than `to`).
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartWindow {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub every: Spanned<Dur>,
}

impl<'de> Deserialize<'de> for Starts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Starts, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Starts;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a start such as \"08:00\", a list such as [\"08:00\", \"09:00\"] or a window such as { from = \"06:00\", to = \"10:00\", every = \"30m\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Starts, E> {
                Ok(Starts::One(v.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Starts, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<Spanned<String>>()? {
                    out.push(s);
                }
                Ok(Starts::List(out))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Starts, A::Error> {
                StartWindow::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Starts::Window)
            }
        }
        d.deserialize_any(V)
    }
}

/// A templated shift's break: its length and the window its start lies in, after the
/// shift's start.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakWindow {
    pub length: Spanned<Dur>,
    pub earliest: Spanned<Dur>,
    pub latest: Spanned<Dur>,
}

/// `{ share = 0.25, from = "22:00", to = "06:00" }`: extra pay in a window of the day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PremiumSpec {
    pub share: Spanned<Num>,
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

/// A roster file: groups of an existing scenario and the shifts that replace theirs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    #[serde(rename = "group", default)]
    pub groups: Vec<Spanned<RosterGroup>>,
}

/// One `[[group]]` of a roster file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterGroup {
    pub name: Spanned<String>,
    pub headcount: Option<Spanned<Num>>,
    #[serde(rename = "shift", default)]
    pub shifts: Vec<Spanned<Shift>>,
}
