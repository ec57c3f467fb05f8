//! Historical contacts ("trace replay"): a [`Trace`] replaces generated arrivals.
//!
//! Two loaders fill the same model:
//! * [`load_csv`]: ccsim's own generic CSV, header `arrival,channel,language` plus
//!   optional `handle_s`, `abandon_after_s`, `wait_s`, `agent`, `priority`, `kind`.
//!   Every bad row is an error with its position; nothing is skipped.
//! * [`load_anonymous_bank`]: the Technion SEE Lab "Anonymous Bank" per-call files
//!   (Israel, 1999; documentation by Ilan Guedj and Avi Mandelbaum, 2000; the data of
//!   Brown et al., JASA 100(469), 2005). Records that are not contacts offered to agents
//!   are skipped and counted per reason ([`Skipped`]); records kept despite a known
//!   quirk are counted too ([`Quirks`]).
//!
//! [`agents_on_duty`] and [`observed_summary`] read the trace itself, so simulated and
//! observed KPIs can be put side by side. `docs/trace.md` describes both formats.
//!
//! No function here panics on any input: malformed text becomes a [`TraceError`]
//! (CSV) or a counted skip (bank files).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::limits::{
    MAX_DAYS, MAX_DURATION_S, MAX_DUTY_BIN_S, MAX_REPORTED_PROBLEMS, MAX_TRACE_BYTES,
    MIN_DUTY_BIN_S, ReadError, format_bytes, read_bytes_capped,
};

/// Latest arrival a trace may hold, seconds after its epoch (midnight of its first day):
/// [`MAX_DAYS`] days, the longest horizon `simulate --days` accepts too.
pub const MAX_ARRIVAL_S: f64 = MAX_DAYS * 86_400.0;

/// A calendar day (proleptic Gregorian). Orders chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl CivilDate {
    /// The date, if it exists (`1999-02-30` does not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<CivilDate> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(CivilDate { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_1970(self) -> i64 {
        crate::scenario::days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday_from_monday(self) -> u32 {
        (self.days_since_1970() + 3).rem_euclid(7) as u32
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_1970(days: i64) -> CivilDate {
        let (year, month, day) = crate::scenario::civil_from_days(days);
        CivilDate {
            year: year as i32,
            month,
            day,
        }
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// One historical contact.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceContact {
    /// Arrival at the queue, seconds after the trace's epoch (midnight of its first day).
    /// For the bank: the moment the call leaves the VRU and joins the queue (`q_start`),
    /// or `vru_exit` for a call that went straight to an agent.
    pub arrival_s: f64,
    /// Channel name, e.g. `voice` (every bank call is `voice`).
    pub channel: String,
    /// Language, e.g. `he` / `en` (bank: type `PE` is `en`, every other type `he`).
    pub language: String,
    /// The source's own contact type, if it has one (bank: `PS`, `PE`, `IN`, `NE`, `NW`,
    /// `TT`), for routing or filtering by type.
    pub kind: Option<String>,
    /// Observed service duration, seconds. `None` on an abandoned contact, and on an
    /// answered one whose duration the source does not give (the simulator draws it).
    pub handle_s: Option<f64>,
    /// Observed time in queue before hanging up, seconds, if the caller abandoned: a
    /// censored observation of its patience. `None` means answered.
    pub abandon_after_s: Option<f64>,
    /// Observed wait in queue (answered or abandoned), seconds, if known; 0 for a call
    /// that went straight to an agent.
    pub wait_s: Option<f64>,
    /// Id of the agent who served it, if served and known.
    pub agent: Option<String>,
    /// Priority as the source gives it (bank: 2 is high, 0 and 1 are both regular).
    pub priority: u8,
    /// The priority class a replay serves it in: 0 regular, higher first, at most
    /// [`MAX_CLASS_LEVEL`] (CSV: `priority` itself, higher values as the highest;
    /// bank: priority 2 is class 1, `high`, the rest 0).
    pub class: u8,
}

/// The highest priority class level a trace contact can have.
pub const MAX_CLASS_LEVEL: u8 = (crate::engine::spec::MAX_CLASSES - 1) as u8;

impl TraceContact {
    /// True if the contact was answered (it did not abandon).
    pub fn answered(&self) -> bool {
        self.abandon_after_s.is_none()
    }
}

/// Records a loader left out, per reason. The CSV loader skips nothing (bad rows are
/// errors), so its counts are all zero.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// `PHANTOM` records: "a virtual call to be ignored" (bank documentation).
    pub phantom: usize,
    /// Calls that hung up in the VRU (`HANG` with no `q_start`): never offered to agents.
    pub vru_only: usize,
    /// `AGENT` records with `NO_SERVER` and no service time: no sign anyone answered.
    pub no_service: usize,
    /// Types other than PS, PE, IN, NE, NW, TT (`AA`), per type.
    pub unknown_type: BTreeMap<String, usize>,
    /// Rows with a field that does not parse, per field (or `field count`).
    pub unparseable: BTreeMap<String, usize>,
    /// Rows with a duration longer than [`MAX_DURATION_S`], per field.
    pub out_of_range: BTreeMap<String, usize>,
    /// Left out by [`BankFilter::types`], per type (by default `IN`, the internet team).
    pub type_filtered: BTreeMap<String, usize>,
    /// Left out by [`BankFilter::from`] / [`BankFilter::to`].
    pub date_filtered: usize,
}

impl Skipped {
    /// All records skipped.
    pub fn total(&self) -> usize {
        self.phantom
            + self.vru_only
            + self.no_service
            + self.unknown_type.values().sum::<usize>()
            + self.unparseable.values().sum::<usize>()
            + self.out_of_range.values().sum::<usize>()
            + self.type_filtered.values().sum::<usize>()
            + self.date_filtered
    }

    /// Every non-zero reason with its count, in a fixed order.
    pub fn reasons(&self) -> Vec<(String, usize)> {
        let mut out = vec![
            ("PHANTOM record (not a real call)".to_string(), self.phantom),
            (
                "hung up in the VRU (never reached the queue)".to_string(),
                self.vru_only,
            ),
            (
                "AGENT record with NO_SERVER and no service time".to_string(),
                self.no_service,
            ),
        ];
        for (t, n) in &self.unknown_type {
            out.push((format!("unknown type `{t}`"), *n));
        }
        for (f, n) in &self.unparseable {
            out.push((format!("unparseable {f}"), *n));
        }
        for (f, n) in &self.out_of_range {
            out.push((format!("{f} longer than {}", duration_limit_words()), *n));
        }
        for (t, n) in &self.type_filtered {
            let why = if t == "IN" {
                " (internet consulting, served by a separate internet team)"
            } else {
                ""
            };
            out.push((format!("type {t} left out by the type filter{why}"), *n));
        }
        out.push(("date outside the filter".to_string(), self.date_filtered));
        out.retain(|(_, n)| *n > 0);
        out
    }
}

/// Records kept despite a known data quirk (bank files), per quirk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quirks {
    /// Negative `vru_time`; the queue fields are used as they are.
    pub negative_vru_time: usize,
    /// Type written with a leading space (` TT`), read as the trimmed type.
    pub type_leading_space: usize,
    /// `AGENT` with `NO_SERVER` but a service time: kept as served, agent unknown.
    pub served_without_agent_name: usize,
    /// `AGENT` with an agent but `ser_time` 0 and a `ser_start`: handle time 0 s.
    pub zero_service_time: usize,
    /// `AGENT` with an agent but no service times at all: answered, handle unknown.
    pub no_service_times: usize,
    /// `HANG` after queueing with a service time or an agent: kept as abandoned.
    pub hang_with_service: usize,
    /// Joined the queue after midnight, on the day after the record's `date`.
    pub crossed_midnight: usize,
}

impl Quirks {
    /// Every non-zero quirk with its count, in a fixed order.
    pub fn notes(&self) -> Vec<(String, usize)> {
        let mut out = vec![
            ("negative vru_time", self.negative_vru_time),
            (
                "type with a leading space (` TT` read as TT)",
                self.type_leading_space,
            ),
            (
                "AGENT with NO_SERVER but a service time (agent unknown)",
                self.served_without_agent_name,
            ),
            (
                "AGENT with ser_time 0 (handle time 0 s)",
                self.zero_service_time,
            ),
            (
                "AGENT without service times (handle time unknown)",
                self.no_service_times,
            ),
            (
                "HANG with a service time or agent (kept as abandoned)",
                self.hang_with_service,
            ),
            (
                "joined the queue after midnight (next day)",
                self.crossed_midnight,
            ),
        ];
        out.retain(|(_, n)| *n > 0);
        out.into_iter().map(|(s, n)| (s.to_string(), n)).collect()
    }
}

/// A loaded trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// The day whose midnight is t = 0: the day of the earliest arrival. `None` when the
    /// arrivals were given as plain seconds (the CSV's relative form).
    pub epoch: Option<CivilDate>,
    /// Contacts sorted by arrival; equal arrivals keep the order of the files.
    pub contacts: Vec<TraceContact>,
    /// Data rows read (headers and blank lines excluded): `contacts.len() + skipped.total()`.
    pub rows_read: usize,
    pub skipped: Skipped,
    pub quirks: Quirks,
    /// Where the contacts came from (format and paths).
    pub source: String,
    /// True if the source records which contacts abandoned (every bank file; a CSV
    /// with an `abandon_after_s` column). Without it, "answered" only means "not
    /// recorded as abandoned", and abandonment and patience are unknown.
    pub abandonment_recorded: bool,
}

impl Trace {
    /// Whole days from the epoch to the end of the day of the last arrival (at least 1).
    pub fn span_days(&self) -> u32 {
        let last = self.contacts.last().map_or(0.0, |c| c.arrival_s);
        ((last / 86_400.0).floor() as u32).saturating_add(1)
    }

    /// What the loader kept, skipped and noted, one line per reason.
    pub fn load_report(&self) -> String {
        let mut out = format!(
            "{}: {} rows read, {} contacts kept, {} skipped",
            self.source,
            self.rows_read,
            self.contacts.len(),
            self.skipped.total()
        );
        for (why, n) in self.skipped.reasons() {
            out.push_str(&format!("\n  skipped {n}: {why}"));
        }
        for (what, n) in self.quirks.notes() {
            out.push_str(&format!("\n  kept {n}: {what}"));
        }
        out
    }
}

/// One problem in a trace file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// What to change.
    pub help: String,
    /// 1-based line and column (in characters); `None` when the whole file is meant.
    pub line_col: Option<(usize, usize)>,
    /// The offending line (at most [`Excerpt::MAX_CHARS`] characters of it) and where
    /// to draw the carets.
    pub excerpt: Option<Excerpt>,
}

/// A bounded piece of one line, around a column, with the carets to draw under it: a
/// line of a gigabyte is shown as about a hundred characters, `…` marking what is cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The characters shown.
    pub text: String,
    /// 1-based column, within `text`, of the first caret.
    pub caret_col: usize,
    /// Carets to draw (at least 1).
    pub width: usize,
}

impl Excerpt {
    /// Most characters of a line shown (plus a `…` at either end where it is cut).
    pub const MAX_CHARS: usize = 100;
    /// Characters shown before the column, when the line must be cut.
    const LEAD: usize = 30;

    /// The part of `line` around 1-based character column `col`, `width` carets. Reads
    /// at most `col + MAX_CHARS` characters of the line.
    pub fn of(line: &str, col: usize, width: usize) -> Excerpt {
        let before = col.saturating_sub(1);
        let start = if before + width.min(Self::MAX_CHARS - Self::LEAD) <= Self::MAX_CHARS {
            0
        } else {
            before - Self::LEAD
        };
        let mut chars = line.chars();
        if start > 0 {
            chars.nth(start - 1);
        }
        let shown: String = chars.by_ref().take(Self::MAX_CHARS).collect();
        let cut_end = chars.next().is_some();
        let n_shown = shown.chars().count();
        let mut text = String::with_capacity(shown.len() + 6);
        if start > 0 {
            text.push('…');
        }
        text.push_str(&shown);
        if cut_end {
            text.push('…');
        }
        Excerpt {
            text,
            caret_col: before - start + 1 + usize::from(start > 0),
            width: width.min(n_shown.saturating_sub(before - start)).max(1),
        }
    }
}

impl Problem {
    /// A problem at 1-based `line` (whose text is `text`), character column `col`,
    /// `width` characters wide.
    pub fn at(
        line: usize,
        text: &str,
        col: usize,
        width: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        Problem {
            message: message.into(),
            help: help.into(),
            line_col: Some((line, col)),
            excerpt: Some(Excerpt::of(text, col, width)),
        }
    }

    /// The problem as the scenario loader renders its own: message, `file:line:col`,
    /// the line excerpt with carets, and what to change.
    pub fn render(&self, file: &Path) -> String {
        let mut out = format!("error: {}\n", self.message);
        match self.line_col {
            Some((line, col)) => out.push_str(&format!("  --> {}:{line}:{col}\n", file.display())),
            None => out.push_str(&format!("  --> {}\n", file.display())),
        }
        match (self.line_col, &self.excerpt) {
            (Some((line, _)), Some(e)) => {
                let num = line.to_string();
                let pad = " ".repeat(num.len());
                let lead: String = e
                    .text
                    .chars()
                    .take(e.caret_col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!(
                    "{pad} |\n{num} | {}\n{pad} | {lead}{}\n{pad} = help: {}",
                    e.text,
                    "^".repeat(e.width),
                    self.help
                ));
            }
            _ => out.push_str(&format!("   = help: {}", self.help)),
        }
        out
    }
}

/// Why a trace could not be loaded: every problem found in one file (the first
/// [`TraceError::MAX_SHOWN`] of them in full, the rest counted), rendered like the
/// scenario loader's errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceError {
    pub file: PathBuf,
    pub problems: Vec<Problem>,
    /// Further problems found but not kept.
    pub not_shown: usize,
}

impl TraceError {
    /// Problems kept per file; a file with thousands of bad rows shows the first ones.
    pub const MAX_SHOWN: usize = MAX_REPORTED_PROBLEMS;

    fn whole(file: &Path, message: impl Into<String>, help: impl Into<String>) -> TraceError {
        TraceError {
            file: file.to_path_buf(),
            problems: vec![Problem {
                message: message.into(),
                help: help.into(),
                line_col: None,
                excerpt: None,
            }],
            not_shown: 0,
        }
    }
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                write!(f, "\n\n")?;
            }
            f.write_str(&p.render(&self.file))?;
        }
        let n = self.problems.len() + self.not_shown;
        write!(
            f,
            "\n\n{n} problem{} in {file}",
            if n == 1 { "" } else { "s" }
        )?;
        if self.not_shown > 0 {
            write!(f, " (the first {} shown)", self.problems.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for TraceError {}

/// A trace that cannot be loaded is bad input (exit status 2).
impl From<TraceError> for crate::Error {
    fn from(e: TraceError) -> Self {
        crate::Error::Input(e.to_string())
    }
}

/// Problems of one file: the first [`TraceError::MAX_SHOWN`] kept, the rest counted.
struct Problems<'a> {
    file: &'a Path,
    list: Vec<Problem>,
    not_shown: usize,
}

impl<'a> Problems<'a> {
    fn new(file: &'a Path) -> Self {
        Problems {
            file,
            list: Vec::new(),
            not_shown: 0,
        }
    }

    /// Problems found so far, shown or not.
    fn count(&self) -> usize {
        self.list.len() + self.not_shown
    }

    /// A problem at 1-based `line`, `col` (characters), `width` carets.
    fn at(&mut self, line: usize, text: &str, col: usize, width: usize, msg: String, help: &str) {
        if self.list.len() >= TraceError::MAX_SHOWN {
            self.not_shown += 1;
            return;
        }
        self.list
            .push(Problem::at(line, text, col, width, msg, help));
    }

    fn into_result(self) -> Result<(), TraceError> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(TraceError {
                file: self.file.to_path_buf(),
                problems: self.list,
                not_shown: self.not_shown,
            })
        }
    }
}

/// The bytes of a trace file of at most `max_bytes`.
fn read_bytes(path: &Path, what: &str, max_bytes: u64) -> Result<Vec<u8>, TraceError> {
    read_bytes_capped(path, max_bytes).map_err(|e| {
        let help = match e {
            ReadError::TooLarge { .. } => format!(
                "a trace file may hold at most {}: split it (e.g. one month per file) or cut it to the days you want",
                format_bytes(max_bytes)
            ),
            _ => "check the path".to_string(),
        };
        TraceError::whole(path, format!("cannot read the {what}: {e}"), help)
    })
}

/// `bytes` as text, or the position of the first byte that is not UTF-8.
fn utf8_text(bytes: Vec<u8>, path: &Path) -> Result<String, TraceError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line_start = bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = bytes[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        let line = bytes[..line_start].iter().filter(|b| **b == b'\n').count() + 1;
        // the bytes before `at` are valid UTF-8; a leading byte-order mark is not shown
        let mut before = String::from_utf8_lossy(&bytes[line_start..at]).into_owned();
        if line == 1 {
            if let Some(rest) = before.strip_prefix('\u{feff}') {
                before = rest.to_string();
            }
        }
        let col = before.chars().count() + 1;
        // at most a screenful of the line is decoded for the excerpt
        let shown_end = line_end.min(at + 4 * Excerpt::MAX_CHARS);
        let text = format!(
            "{before}{}",
            String::from_utf8_lossy(&bytes[at..shown_end]).trim_end_matches('\r')
        );
        TraceError {
            file: path.to_path_buf(),
            problems: vec![Problem::at(
                line,
                &text,
                col,
                1,
                format!("byte 0x{:02X} is not UTF-8 text", bytes[at]),
                "save the trace as UTF-8 (e.g. `iconv -f latin1 -t utf-8 old.csv > new.csv`)",
            )],
            not_shown: 0,
        }
    })
}

/// Lines with 1-based numbers, a leading byte-order mark and trailing `\r` removed.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
}

// ---------------------------------------------------------------------------------
// ccsim's generic CSV

const CSV_REQUIRED: [&str; 3] = ["arrival", "channel", "language"];
const CSV_OPTIONAL: [&str; 6] = [
    "handle_s",
    "abandon_after_s",
    "wait_s",
    "agent",
    "priority",
    "kind",
];
const CSV_HEADER_HELP: &str = "the first line names the columns: arrival,channel,language and optionally handle_s, abandon_after_s, wait_s, agent, priority, kind";
const SECONDS_HELP: &str = "write zero or more seconds, or leave the field empty";

/// The longest duration of a trace field, in words: `366 days (31622400 s)`.
fn duration_limit_words() -> String {
    format!("{} days ({} s)", MAX_DURATION_S / 86_400.0, MAX_DURATION_S)
}

fn duration_limit_help() -> String {
    format!(
        "a handle time, wait or patience may be at most {} days: write seconds (check the unit), or leave the field empty",
        MAX_DURATION_S / 86_400.0
    )
}

fn span_help() -> String {
    format!(
        "a trace may span at most {MAX_DAYS} days (the longest `simulate --days`): split it into shorter traces, or check the arrival's date or unit (seconds)"
    )
}

/// True if an arrival `t_s` seconds after the trace's epoch is within the span a trace
/// may have ([`MAX_ARRIVAL_S`]): the one check of the CSV and bank loaders, so `replay`
/// and `simulate --trace` accept the same horizon as `--days`.
pub fn within_span(t_s: f64) -> bool {
    (0.0..MAX_ARRIVAL_S).contains(&t_s)
}

/// `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD HH:MM:SS`, optional trailing `Z`, UTC:
/// (day since 1970, second of the day).
fn parse_datetime(s: &str) -> Option<(i64, i64)> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    let (date, time) = s.split_once(['T', ' '])?;
    let mut d = date.split('-');
    let (y, m, day) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || y.len() != 4 || m.len() != 2 || day.len() != 2 {
        return None;
    }
    let date = CivilDate::new(y.parse().ok()?, m.parse().ok()?, day.parse().ok()?)?;
    let mut t = time.split(':');
    let (h, mi, se) = (t.next()?, t.next()?, t.next()?);
    if t.next().is_some() || h.len() != 2 || mi.len() != 2 || se.len() != 2 {
        return None;
    }
    let (h, mi, se): (i64, i64, i64) = (h.parse().ok()?, mi.parse().ok()?, se.parse().ok()?);
    (h < 24 && mi < 60 && se < 60 && [h, mi, se].iter().all(|v| *v >= 0))
        .then_some((date.days_since_1970(), h * 3600 + mi * 60 + se))
}

/// Load ccsim's generic trace CSV.
///
/// Header: `arrival,channel,language` and optionally `handle_s`, `abandon_after_s`,
/// `wait_s`, `agent`, `priority`, `kind`, in any order (unknown or repeated columns are
/// errors). `arrival` is `YYYY-MM-DDTHH:MM:SS` (or a space for the `T`; UTC) in every
/// row, or seconds since the trace's start in every row. A row with `abandon_after_s`
/// abandoned after that wait; one without it was answered, with `handle_s` if given.
/// Fields are split on commas (no quoting). Every problem is reported with its line
/// and column; nothing is skipped.
pub fn load_csv(path: &Path) -> Result<Trace, TraceError> {
    load_csv_capped(path, MAX_TRACE_BYTES)
}

/// [`load_csv`] of a generic CSV whose columns `columns` maps (`ccsim fit --column`).
pub fn load_csv_with(path: &Path, columns: &CsvColumns) -> Result<Trace, TraceError> {
    let text = utf8_text(read_bytes(path, "trace file", MAX_TRACE_BYTES)?, path)?;
    parse_csv_with(&text, path, columns)
}

/// [`load_csv`] of a file of at most `max_bytes`.
fn load_csv_capped(path: &Path, max_bytes: u64) -> Result<Trace, TraceError> {
    let text = utf8_text(read_bytes(path, "trace file", max_bytes)?, path)?;
    parse_csv(&text, path)
}

/// [`load_csv`] on text already read; `path` names it in errors.
pub fn parse_csv(text: &str, path: &Path) -> Result<Trace, TraceError> {
    parse_csv_with(text, path, &CsvColumns::default())
}

/// How a generic contact-log CSV maps onto ccsim's trace CSV (`ccsim fit --column`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvColumns {
    /// (ccsim's column, the file's header name): `("arrival", "start_time")`.
    pub rename: Vec<(String, String)>,
    /// Header names of columns to ignore.
    pub skip: Vec<String>,
    /// The arrival's format: `%Y %m %d %H %M %S` and literal characters (e.g.
    /// `%d/%m/%Y %H:%M`), or `unix` (seconds since 1970-01-01 UTC); `None`: ccsim's
    /// (`YYYY-MM-DDTHH:MM:SS` or seconds since the trace's start).
    pub time_format: Option<String>,
}

/// The names of ccsim's trace CSV columns.
pub fn csv_column_names() -> Vec<&'static str> {
    CSV_REQUIRED.iter().chain(&CSV_OPTIONAL).copied().collect()
}

/// A time written as `fmt` (see [`CsvColumns::time_format`]): (day since 1970, second
/// of the day).
pub fn parse_time_with_format(s: &str, fmt: &str) -> Option<(i64, i64)> {
    if fmt == "unix" {
        let v: f64 = s
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
        let day = (v / 86_400.0).floor();
        return Some((day as i64, (v - day * 86_400.0).floor() as i64));
    }
    let (mut y, mut mo, mut d, mut h, mut mi, mut se) = (None, None, None, 0i64, 0i64, 0i64);
    let mut rest = s;
    let mut f = fmt.chars().peekable();
    while let Some(c) = f.next() {
        if c == '%' {
            let spec = f.next()?;
            let max = if spec == 'Y' { 4 } else { 2 };
            let len = rest
                .char_indices()
                .take_while(|(i, ch)| ch.is_ascii_digit() && *i < max)
                .count();
            if len == 0 || (spec == 'Y' && len != 4) {
                return None;
            }
            let v: i64 = rest[..len].parse().ok()?;
            rest = &rest[len..];
            match spec {
                'Y' => y = Some(v),
                'm' => mo = Some(v),
                'd' => d = Some(v),
                'H' => h = v,
                'M' => mi = v,
                'S' => se = v,
                _ => return None,
            }
        } else {
            rest = rest.strip_prefix(c)?;
        }
    }
    if !rest.is_empty() || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    let date = CivilDate::new(
        i32::try_from(y?).ok()?,
        u32::try_from(mo?).ok()?,
        u32::try_from(d?).ok()?,
    )?;
    Some((date.days_since_1970(), h * 3600 + mi * 60 + se))
}

/// [`parse_csv`] of a generic CSV whose columns `columns` maps.
pub fn parse_csv_with(text: &str, path: &Path, columns: &CsvColumns) -> Result<Trace, TraceError> {
    let mut lines = numbered_lines(text);
    let Some((_, header)) = lines.next().filter(|(_, h)| !h.trim().is_empty()) else {
        return Err(TraceError::whole(
            path,
            "the trace file is empty",
            "write the header arrival,channel,language (optionally ,handle_s,abandon_after_s) and one row per contact",
        ));
    };
    let mut problems = Problems::new(path);
    // column index of each known name
    let mut cols: BTreeMap<&str, usize> = BTreeMap::new();
    let mut renamed_found = vec![false; columns.rename.len()];
    for (k, (col, raw)) in fields_with_columns(header).enumerate() {
        let width = raw.chars().count();
        let mut name = raw.trim().to_ascii_lowercase();
        if let Some(i) = columns
            .rename
            .iter()
            .position(|(_, h)| h.trim().eq_ignore_ascii_case(raw.trim()))
        {
            renamed_found[i] = true;
            name = columns.rename[i].0.to_ascii_lowercase();
        } else if columns
            .skip
            .iter()
            .any(|h| h.trim().eq_ignore_ascii_case(raw.trim()))
        {
            continue;
        } else if columns
            .rename
            .iter()
            .any(|(f, _)| f.eq_ignore_ascii_case(&name))
        {
            // a ccsim name another column is mapped to: this one is not the column
            problems.at(
                1,
                header,
                col,
                width,
                format!(
                    "column `{}` is mapped from another column by --column",
                    clip(raw.trim())
                ),
                "skip this column with --skip-column, or map this one instead",
            );
            continue;
        }
        match CSV_REQUIRED
            .iter()
            .chain(&CSV_OPTIONAL)
            .find(|n| **n == name)
        {
            Some(known) if cols.contains_key(known) => problems.at(
                1,
                header,
                col,
                width,
                format!("column `{known}` appears twice"),
                "name each column once",
            ),
            Some(known) => {
                cols.insert(known, k);
            }
            None if columns == &CsvColumns::default() => problems.at(
                1,
                header,
                col,
                width,
                format!("unknown column `{}`", clip(raw.trim())),
                CSV_HEADER_HELP,
            ),
            None => problems.at(
                1,
                header,
                col,
                width,
                format!("unknown column `{}`", clip(raw.trim())),
                "map it onto one of ccsim's columns with --column FIELD=NAME (arrival, channel, language, handle_s, abandon_after_s, wait_s, agent, priority, kind), or ignore it with --skip-column NAME",
            ),
        }
    }
    for (i, (field, h)) in columns.rename.iter().enumerate() {
        if !renamed_found[i] {
            problems.at(
                1,
                header,
                1,
                header.chars().count(),
                format!(
                    "the header has no column `{}` (--column {field}={})",
                    clip(h),
                    clip(h)
                ),
                "name a column of the header's first line (letter case does not matter)",
            );
        }
    }
    let n_cols = fields_with_columns(header).count();
    let missing: Vec<&str> = CSV_REQUIRED
        .iter()
        .copied()
        .filter(|n| !cols.contains_key(n))
        .collect();
    if !missing.is_empty() {
        problems.at(
            1,
            header,
            1,
            header.chars().count(),
            format!("the header lacks {}", quoted_list(&missing)),
            CSV_HEADER_HELP,
        );
    }
    problems.into_result()?;
    let mut problems = Problems::new(path);

    // None until the first row: dates (true) or plain seconds (false)
    let mut dated: Option<bool> = None;
    // (arrival, line number, line, contact)
    let mut rows: Vec<(f64, usize, &str, TraceContact)> = Vec::new();
    let mut rows_read = 0;
    for (ln, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        rows_read += 1;
        let fields: Vec<(usize, &str)> = fields_with_columns(line).collect();
        if fields.len() != n_cols {
            problems.at(
                ln,
                line,
                1,
                line.chars().count(),
                format!(
                    "this row has {} fields but the header names {n_cols} columns",
                    fields.len()
                ),
                "write one value per column of the header (leave optional values empty, keeping the commas)",
            );
            continue;
        }
        let field = |name: &str| -> Option<(usize, &str)> {
            let (col, raw) = *fields.get(*cols.get(name)?)?;
            Some((col, raw))
        };
        let value = |name: &str| field(name).map_or("", |(_, v)| v.trim());
        let before = problems.count();

        // arrival
        let (a_col, a_raw) = field("arrival").unwrap_or((1, ""));
        let a = a_raw.trim();
        let a_width = a_raw.chars().count();
        let arrival = if let Some(fmt) = &columns.time_format {
            match parse_time_with_format(a, fmt) {
                Some((day, sec)) => {
                    dated = Some(true);
                    Some((day * 86_400 + sec) as f64)
                }
                None => {
                    problems.at(
                        ln,
                        line,
                        a_col,
                        a_width,
                        format!("arrival `{}` is not a time in the format `{}`", clip(a), clip(fmt)),
                        "check --time-format: %Y year, %m month, %d day, %H hour, %M minute, %S second, other characters as written; or unix for seconds since 1970",
                    );
                    None
                }
            }
        } else if let Some((day, sec)) = parse_datetime(a) {
            if dated == Some(false) {
                problems.at(ln, line, a_col, a_width, format!("arrival `{}` is a date and time but earlier rows give seconds", clip(a)), "write every arrival as seconds since the trace's start, or every one as YYYY-MM-DDTHH:MM:SS");
                None
            } else {
                dated = Some(true);
                Some((day * 86_400 + sec) as f64)
            }
        } else if let Some(s) = a.parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0) {
            if dated == Some(true) {
                problems.at(ln, line, a_col, a_width, format!("arrival `{}` is seconds but earlier rows give a date and time", clip(a)), "write every arrival as YYYY-MM-DDTHH:MM:SS, or every one as seconds since the trace's start");
                None
            } else {
                dated = Some(false);
                Some(s)
            }
        } else {
            problems.at(
                ln,
                line,
                a_col,
                a_width,
                format!("arrival `{}` is not a time", clip(a)),
                "write YYYY-MM-DDTHH:MM:SS (UTC; a space for the T is fine) or zero or more seconds since the trace's start",
            );
            None
        };

        // channel, language
        let mut text_field = |name: &str| -> Option<String> {
            let (col, raw) = field(name).unwrap_or((1, ""));
            let v = raw.trim();
            if v.is_empty() {
                problems.at(
                    ln,
                    line,
                    col,
                    1,
                    format!("the {name} is empty"),
                    &format!("write the {name} of every contact, e.g. voice / en"),
                );
                None
            } else {
                Some(v.to_string())
            }
        };
        let channel = text_field("channel");
        let language = text_field("language");

        // durations
        let mut seconds = |name: &str| -> Option<f64> {
            let (col, raw) = field(name)?;
            let v = raw.trim();
            if v.is_empty() {
                return None;
            }
            match v.parse::<f64>() {
                Ok(x) if (0.0..=MAX_DURATION_S).contains(&x) => Some(x),
                Ok(x) if x.is_finite() && x > MAX_DURATION_S => {
                    problems.at(
                        ln,
                        line,
                        col,
                        raw.chars().count(),
                        format!(
                            "{name} `{}` is longer than {}",
                            clip(v),
                            duration_limit_words()
                        ),
                        &duration_limit_help(),
                    );
                    None
                }
                _ => {
                    problems.at(
                        ln,
                        line,
                        col,
                        raw.chars().count(),
                        format!("{name} `{}` is not a number of seconds", clip(v)),
                        SECONDS_HELP,
                    );
                    None
                }
            }
        };
        let handle_s = seconds("handle_s");
        let abandon_after_s = seconds("abandon_after_s");
        let wait_s = seconds("wait_s");
        if let (Some(_), Some(_), Some((col, raw))) =
            (handle_s, abandon_after_s, field("abandon_after_s"))
        {
            problems.at(
                ln,
                line,
                col,
                raw.chars().count(),
                "a contact cannot both be served (handle_s) and abandon (abandon_after_s)"
                    .to_string(),
                "leave handle_s empty for an abandoned contact, abandon_after_s for an answered one",
            );
        }
        let priority = match field("priority") {
            Some((col, raw)) if !raw.trim().is_empty() => match raw.trim().parse::<u8>() {
                Ok(p) => p,
                Err(_) => {
                    problems.at(
                        ln,
                        line,
                        col,
                        raw.chars().count(),
                        format!("priority `{}` is not a whole number from 0 to 255", clip(raw.trim())),
                        "write the priority as a whole number (0 if all contacts are equal), or leave it empty",
                    );
                    0
                }
            },
            _ => 0,
        };
        if problems.count() > before {
            continue;
        }
        let (Some(arrival), Some(channel), Some(language)) = (arrival, channel, language) else {
            continue;
        };
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        rows.push((
            arrival,
            ln,
            line,
            TraceContact {
                arrival_s: 0.0,
                channel,
                language,
                kind: optional(value("kind")),
                handle_s,
                abandon_after_s,
                wait_s: wait_s.or(abandon_after_s),
                agent: optional(value("agent")),
                priority,
                class: priority.min(MAX_CLASS_LEVEL),
            },
        ));
    }
    problems.into_result()?;
    if rows.is_empty() {
        return Err(TraceError::whole(
            path,
            "the trace holds no contacts",
            "add one row per contact under the header",
        ));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let epoch = match dated {
        Some(true) => {
            let first = rows.first().map_or(0.0, |r| r.0);
            Some((first / 86_400.0).floor() as i64)
        }
        _ => None,
    };
    let shift = epoch.map_or(0.0, |d| d as f64 * 86_400.0);
    let mut problems = Problems::new(path);
    // the trace's span: every arrival within MAX_DAYS of its epoch
    let arrival_index = cols.get("arrival").copied().unwrap_or(0);
    let mut late: Vec<(usize, &str)> = rows
        .iter()
        .filter(|r| !within_span(r.0 - shift))
        .map(|r| (r.1, r.2))
        .collect();
    late.sort_unstable_by_key(|r| r.0);
    let start = epoch.map_or("the trace's start (t = 0)".to_string(), |d| {
        format!(
            "the trace's first day, {}",
            CivilDate::from_days_since_1970(d)
        )
    });
    for (ln, line) in late {
        let (col, raw) = fields_with_columns(line)
            .nth(arrival_index)
            .unwrap_or((1, line));
        problems.at(
            ln,
            line,
            col,
            raw.chars().count(),
            format!(
                "arrival `{}` is {} days or more after {start}",
                clip(raw.trim()),
                MAX_DAYS
            ),
            &span_help(),
        );
    }
    problems.into_result()?;
    let contacts = rows
        .into_iter()
        .map(|(t, _, _, mut c)| {
            c.arrival_s = t - shift;
            c
        })
        .collect();
    Ok(Trace {
        epoch: epoch.map(CivilDate::from_days_since_1970),
        contacts,
        rows_read,
        skipped: Skipped::default(),
        quirks: Quirks::default(),
        source: format!("ccsim trace CSV {}", path.display()),
        abandonment_recorded: cols.contains_key("abandon_after_s"),
    })
}

/// A value from a user's file for a message: at most 40 characters, `…` marking a cut.
pub fn clip(v: &str) -> String {
    const MAX: usize = 40;
    let mut chars = v.chars();
    let head: String = chars.by_ref().take(MAX).collect();
    if chars.next().is_some() {
        head + "…"
    } else {
        head
    }
}

/// Comma-separated fields with their 1-based starting column in characters.
fn fields_with_columns(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut col = 1;
    line.split(',').map(move |f| {
        let at = col;
        col += f.chars().count() + 1;
        (at, f)
    })
}

/// Where each `(column, value)` of `wanted` first stands in a ccsim CSV trace file, in
/// one reading of the file: 1-based line and column and an excerpt of the line with
/// carets under the value, for positioning a problem found after loading (e.g. a
/// channel the scenario lacks). `None` for a value not found (or another kind of file).
pub fn locate_csv_values(
    path: &Path,
    wanted: &[(&str, &str)],
) -> Vec<Option<(usize, usize, Excerpt)>> {
    let mut found: Vec<Option<(usize, usize, Excerpt)>> = vec![None; wanted.len()];
    let Ok(text) = crate::limits::read_text_capped(path, MAX_TRACE_BYTES) else {
        return found;
    };
    let mut lines = numbered_lines(&text).filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return found;
    };
    // (column index, value) -> the indices of `wanted` still to find
    let mut todo: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (i, (column, value)) in wanted.iter().enumerate() {
        if let Some(index) = header.split(',').position(|h| h.trim() == *column) {
            todo.entry((index, value)).or_default().push(i);
        }
    }
    let columns: std::collections::BTreeSet<usize> = todo.keys().map(|k| k.0).collect();
    for (n, line) in lines {
        if todo.is_empty() {
            break;
        }
        for (index, (col, field)) in fields_with_columns(line).enumerate() {
            if !columns.contains(&index) {
                continue;
            }
            let value = field.trim();
            if let Some(hits) = todo.remove(&(index, value)) {
                let width = value.chars().count().max(1);
                for i in hits {
                    found[i] = Some((n, col, Excerpt::of(line, col, width)));
                }
            }
        }
    }
    found
}

fn quoted_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match q.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

// ---------------------------------------------------------------------------------
// Technion "Anonymous Bank" per-call files

/// The six service types of the bank documentation.
pub const BANK_TYPES: [&str; 6] = ["PS", "PE", "IN", "NE", "NW", "TT"];

/// The types of the bank's telephone agents: every documented type but `IN`.
pub const BANK_TELEPHONE_TYPES: [&str; 5] = ["PS", "PE", "NE", "NW", "TT"];

/// Which bank records to keep.
///
/// The default keeps the telephone types ([`BANK_TELEPHONE_TYPES`]) and every day: `IN`
/// (internet consulting) is left out because the documentation gives it to "5 agent
/// positions for internet services (in an adjacent room)", a team apart from the 8
/// telephone positions whose queue the other types share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankFilter {
    /// Types kept; `None` keeps all six of [`BANK_TYPES`].
    pub types: Option<Vec<String>>,
    /// First day kept, by the day the call joined the queue (the record's `date`, or
    /// the next day for a call that crossed midnight in the VRU).
    pub from: Option<CivilDate>,
    /// Last day kept, inclusive, by the same day.
    pub to: Option<CivilDate>,
}

impl Default for BankFilter {
    fn default() -> Self {
        BankFilter {
            types: Some(BANK_TELEPHONE_TYPES.iter().map(|t| t.to_string()).collect()),
            from: None,
            to: None,
        }
    }
}

impl BankFilter {
    /// Every type, every day.
    pub fn all() -> BankFilter {
        BankFilter {
            types: None,
            from: None,
            to: None,
        }
    }

    /// The default types, the days of one month (`None` if `month` is not 1–12).
    pub fn month(year: i32, month: u32) -> Option<BankFilter> {
        Some(BankFilter {
            from: Some(CivilDate::new(year, month, 1)?),
            to: Some(CivilDate::new(year, month, days_in_month(year, month))?),
            ..BankFilter::default()
        })
    }

    /// The types kept, for reports: `PS, PE, NE, NW, TT` or `all types`.
    pub fn types_label(&self) -> String {
        match &self.types {
            None => "all types".to_string(),
            Some(t) => t.join(", "),
        }
    }
}

/// Seconds of the day of `H:MM:SS` (`0:00:00` means "did not happen" in the files).
fn clock(s: &str) -> Option<i64> {
    let mut p = s.trim().split(':');
    let (h, m, sec) = (p.next()?, p.next()?, p.next()?);
    if p.next().is_some() || !(1..=2).contains(&h.len()) || m.len() != 2 || sec.len() != 2 {
        return None;
    }
    let all_digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(h) && all_digits(m) && all_digits(sec)) {
        return None;
    }
    let (h, m, sec): (i64, i64, i64) = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
    (h < 24 && m < 60 && sec < 60).then_some(h * 3600 + m * 60 + sec)
}

/// `YYMMDD` → the date (years 50–99 are 1950–1999, 00–49 are 2000–2049).
fn bank_date(s: &str) -> Option<CivilDate> {
    let s = s.trim();
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (yy, rest) = s.split_at(2);
    let (mm, dd) = rest.split_at(2);
    let yy: i32 = yy.parse().ok()?;
    CivilDate::new(
        if yy >= 50 { 1900 + yy } else { 2000 + yy },
        mm.parse().ok()?,
        dd.parse().ok()?,
    )
}

/// The key of [`Skipped::unknown_type`] that counts the unknown types past the first
/// [`MAX_REPORTED_PROBLEMS`].
const OTHER_TYPES: &str = "… (further types)";

/// Half a day, seconds: a queue start more than this earlier in the day than the VRU
/// entry is on the next day (a negative `vru_time` puts it at most a minute earlier).
const HALF_DAY_S: i64 = 43_200;

/// Where a bank record stands: file (index into the loader's files), line, and the
/// column of its `date`.
#[derive(Debug, Clone, Copy)]
struct BankPos {
    file: usize,
    line: usize,
    date_col: usize,
}

/// Accumulates bank records over several files.
#[derive(Default)]
struct BankLoader {
    files: Vec<PathBuf>,
    rows: Vec<(i64, BankPos, TraceContact)>,
    rows_read: usize,
    skipped: Skipped,
    quirks: Quirks,
}

impl BankLoader {
    fn add(&mut self, text: &str, path: &Path, filter: &BankFilter) -> Result<(), TraceError> {
        let mut lines = numbered_lines(text);
        match lines.next() {
            Some((_, h)) if h.starts_with("vru+line\t") => {}
            _ => {
                return Err(TraceError {
                    file: path.to_path_buf(),
                    problems: vec![Problem {
                        message: "this is not an Anonymous Bank per-call file".into(),
                        help: "its first line must be the header `vru+line<TAB>call_id<TAB>...<TAB>server` of the Technion monthly files; for ccsim's own format load it as CSV".into(),
                        line_col: Some((1, 1)),
                        excerpt: None,
                    }],
                    not_shown: 0,
                });
            }
        }
        let file = self.files.len();
        self.files.push(path.to_path_buf());
        for (ln, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            self.rows_read += 1;
            self.record(line, (file, ln), filter);
        }
        Ok(())
    }

    fn bad(&mut self, field: &str) {
        *self
            .skipped
            .unparseable
            .entry(field.to_string())
            .or_insert(0) += 1;
    }

    /// One record, at `(file, line)`: kept as a contact, or counted as skipped.
    fn record(&mut self, line: &str, (file, ln): (usize, usize), filter: &BankFilter) {
        let fields: Vec<&str> = line.split('\t').collect();
        // the customer id (a number, or 6.02157E+11 as a spreadsheet wrote it), the
        // VRU line, call id and exit times are not needed and never parsed
        let [
            _vru_line,
            _call_id,
            _customer_id,
            priority,
            raw_type,
            date,
            vru_entry,
            vru_exit,
            vru_time,
            q_start,
            _q_exit,
            q_time,
            outcome,
            ser_start,
            _ser_exit,
            ser_time,
            server,
        ] = fields.as_slice()
        else {
            return self.bad("field count (not 17 tab-separated fields)");
        };
        let Some(day) = bank_date(date) else {
            return self.bad("date");
        };
        // the day the call joined the queue: the next one if it crossed midnight (times
        // that do not parse are counted below, if the record is in the chosen days)
        let queue_day = match (clock(vru_entry), clock(q_start), clock(vru_exit)) {
            (Some(entry), Some(q), Some(exit)) => {
                let tod = if q > 0 { q } else { exit };
                CivilDate::from_days_since_1970(
                    day.days_since_1970() + i64::from(entry - tod > HALF_DAY_S),
                )
            }
            _ => day,
        };
        if filter.from.is_some_and(|f| queue_day < f) || filter.to.is_some_and(|t| queue_day > t) {
            self.skipped.date_filtered += 1;
            return;
        }
        let served = match outcome.trim() {
            "PHANTOM" => {
                self.skipped.phantom += 1;
                return;
            }
            "AGENT" => true,
            "HANG" => false,
            _ => return self.bad("outcome"),
        };
        let ty = raw_type.trim();
        if !BANK_TYPES.contains(&ty) {
            // a few unknown types by name; a file of many more lumps the rest together
            let unknown = &mut self.skipped.unknown_type;
            let key = clip(ty);
            let key = if unknown.contains_key(&key) || unknown.len() < MAX_REPORTED_PROBLEMS {
                key
            } else {
                OTHER_TYPES.to_string()
            };
            *unknown.entry(key).or_insert(0) += 1;
            return;
        }
        if filter
            .types
            .as_ref()
            .is_some_and(|keep| !keep.iter().any(|k| k.trim() == ty))
        {
            *self
                .skipped
                .type_filtered
                .entry(ty.to_string())
                .or_insert(0) += 1;
            return;
        }
        let Ok(priority) = priority.trim().parse::<u8>() else {
            return self.bad("priority");
        };
        let times = [
            ("vru_entry", vru_entry),
            ("vru_exit", vru_exit),
            ("q_start", q_start),
            ("ser_start", ser_start),
        ];
        let mut clocks = [0i64; 4];
        for ((name, raw), out) in times.iter().zip(clocks.iter_mut()) {
            match clock(raw) {
                Some(c) => *out = c,
                None => return self.bad(name),
            }
        }
        let [vru_entry, vru_exit, q_start, ser_start] = clocks;
        let Ok(vru_time) = vru_time.trim().parse::<i64>() else {
            return self.bad("vru_time");
        };
        let (Some(q_time), Some(ser_time)) = (whole_seconds(q_time), whole_seconds(ser_time))
        else {
            return self.bad(if whole_seconds(q_time).is_none() {
                "q_time"
            } else {
                "ser_time"
            });
        };
        for (name, v) in [("q_time", q_time), ("ser_time", ser_time)] {
            if f64::from(v) > MAX_DURATION_S {
                *self
                    .skipped
                    .out_of_range
                    .entry(name.to_string())
                    .or_insert(0) += 1;
                return;
            }
        }
        let queued = q_start > 0;
        let server = server.trim();
        let named = server != "NO_SERVER" && !server.is_empty();
        if !served && !queued {
            self.skipped.vru_only += 1;
            return;
        }
        if served && !named && ser_time == 0 {
            self.skipped.no_service += 1;
            return;
        }

        // kept: note the quirks
        let q = &mut self.quirks;
        q.negative_vru_time += usize::from(vru_time < 0);
        q.type_leading_space += usize::from(ty != *raw_type);
        q.served_without_agent_name += usize::from(served && !named);
        q.zero_service_time += usize::from(served && named && ser_time == 0 && ser_start > 0);
        q.no_service_times += usize::from(served && named && ser_time == 0 && ser_start == 0);
        q.hang_with_service += usize::from(!served && (ser_time > 0 || named));
        let tod = if queued { q_start } else { vru_exit };
        let next_day = vru_entry - tod > HALF_DAY_S;
        q.crossed_midnight += usize::from(next_day);

        let wait = if queued { q_time as f64 } else { 0.0 };
        let handle_s = match (served, ser_time, ser_start) {
            (false, _, _) => None,
            (true, 0, 0) => None,
            (true, s, _) => Some(s as f64),
        };
        let contact = TraceContact {
            arrival_s: 0.0,
            channel: "voice".to_string(),
            language: if ty == "PE" { "en" } else { "he" }.to_string(),
            kind: Some(ty.to_string()),
            handle_s,
            abandon_after_s: (!served).then_some(wait),
            wait_s: Some(wait),
            agent: (served && named).then(|| server.to_string()),
            priority,
            class: u8::from(priority == 2),
        };
        let abs_s = (day.days_since_1970() + i64::from(next_day)) * 86_400 + tod;
        // the date is the sixth field
        let date_col = fields[..5]
            .iter()
            .map(|f| f.chars().count() + 1)
            .sum::<usize>()
            + 1;
        let pos = BankPos {
            file,
            line: ln,
            date_col,
        };
        self.rows.push((abs_s, pos, contact));
    }

    fn finish(mut self, paths: &[PathBuf]) -> Result<Trace, TraceError> {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let source = format!(
            "Anonymous Bank (Technion SEE Lab, 1999) {}",
            names.join(", ")
        );
        if self.rows.is_empty() {
            let first = paths.first().cloned().unwrap_or_default();
            let reasons: Vec<String> = self
                .skipped
                .reasons()
                .iter()
                .map(|(r, n)| format!("{n} {r}"))
                .collect();
            return Err(TraceError::whole(
                &first,
                format!(
                    "no contacts left to replay: {} rows read{}",
                    self.rows_read,
                    if reasons.is_empty() {
                        String::new()
                    } else {
                        format!(", skipped: {}", reasons.join("; "))
                    }
                ),
                "check the files and the filter's dates and types (the files hold January to October 1999)",
            ));
        }
        self.rows.sort_by_key(|r| r.0);
        let epoch_day = self.rows.first().map_or(0, |r| r.0.div_euclid(86_400));
        self.check_span(epoch_day)?;
        let contacts = self
            .rows
            .into_iter()
            .map(|(t, _, mut c)| {
                c.arrival_s = (t - epoch_day * 86_400) as f64;
                c
            })
            .collect();
        Ok(Trace {
            epoch: Some(CivilDate::from_days_since_1970(epoch_day)),
            contacts,
            rows_read: self.rows_read,
            skipped: self.skipped,
            quirks: self.quirks,
            source,
            abandonment_recorded: true,
        })
    }
}

impl BankLoader {
    /// Every record within [`MAX_DAYS`] of the first day (`epoch_day`), as [`within_span`]
    /// checks the CSV's; else the late records of the first file that has any.
    fn check_span(&self, epoch_day: i64) -> Result<(), TraceError> {
        let mut late: Vec<(i64, BankPos)> = self
            .rows
            .iter()
            .filter(|r| !within_span((r.0 - epoch_day * 86_400) as f64))
            .map(|r| (r.0, r.1))
            .collect();
        let Some(file) = late.iter().map(|r| r.1.file).min() else {
            return Ok(());
        };
        late.sort_unstable_by_key(|r| (r.1.file, r.1.line));
        let mut problems = Problems::new(&self.files[file]);
        let epoch = CivilDate::from_days_since_1970(epoch_day);
        for (t, pos) in late {
            if pos.file != file {
                problems.not_shown += 1;
                continue;
            }
            let day = CivilDate::from_days_since_1970(t.div_euclid(86_400));
            if problems.list.len() >= TraceError::MAX_SHOWN {
                problems.not_shown += 1;
                continue;
            }
            problems.list.push(Problem {
                message: format!(
                    "this call joined the queue on {day}, {MAX_DAYS} days or more after the trace's first day, {epoch}"
                ),
                help: span_help(),
                line_col: Some((pos.line, pos.date_col)),
                excerpt: None,
            });
        }
        problems.into_result()
    }
}

fn whole_seconds(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok()
}

/// Load Technion "Anonymous Bank" per-call files (tab-separated, 17 fields, a header
/// line), e.g. `01.txt` … `10.txt`, keeping what `filter` selects.
///
/// A contact's arrival is its arrival at the queue: `q_start`, or `vru_exit` for a call
/// that went straight to an agent (its wait is then 0). Times are the bank's clock
/// (Israel local time), used as given. A queue start more than 12 hours earlier in the
/// day than the VRU entry is on the next day: a call that crossed midnight in the VRU is
/// dated by the day it joined the queue, for its arrival and for the filter's days
/// (it was offered to that day's agents). `HANG` after queueing is an abandonment after
/// `q_time`.
///
/// Skipped and counted ([`Skipped`]): PHANTOM records, calls that hung up in the VRU,
/// `AGENT` records with `NO_SERVER` and `ser_time` 0, unknown types (`AA`), rows with a
/// field that does not parse, and what the filter leaves out. Kept and counted
/// ([`Quirks`]): ` TT` (read as `TT`), negative `vru_time`, `NO_SERVER` with a service
/// time (agent unknown), a named agent with `ser_time` 0, `HANG` with service fields.
///
/// Errors only when a file cannot be read, is not a bank file, or nothing is left.
pub fn load_anonymous_bank(paths: &[PathBuf], filter: &BankFilter) -> Result<Trace, TraceError> {
    let mut loader = BankLoader::default();
    if paths.is_empty() {
        return Err(TraceError::whole(
            Path::new(""),
            "no Anonymous Bank files were given",
            "name one or more monthly files, e.g. 01.txt",
        ));
    }
    for path in paths {
        // lossy: a stray byte becomes U+FFFD and fails that field (a counted skip)
        let bytes = read_bytes(path, "Anonymous Bank file", MAX_TRACE_BYTES)?;
        let text = String::from_utf8_lossy(&bytes);
        loader.add(&text, path, filter)?;
    }
    loader.finish(paths)
}

/// [`load_anonymous_bank`] on one file's text already read; `path` names it.
pub fn parse_anonymous_bank(
    text: &str,
    path: &Path,
    filter: &BankFilter,
) -> Result<Trace, TraceError> {
    let mut loader = BankLoader::default();
    loader.add(text, path, filter)?;
    loader.finish(&[path.to_path_buf()])
}

// ---------------------------------------------------------------------------------
// What the trace itself shows

/// Last bin index the agents-on-duty estimates make: the bin of the latest service end
/// a loaded trace can hold (an arrival [`MAX_ARRIVAL_S`], then a wait and a handle time
/// of [`MAX_DURATION_S`] each) at the finest bin. A contact put in a [`Trace`] by hand
/// beyond that counts in this bin, so memory stays bounded.
fn max_bin_index() -> usize {
    ((MAX_ARRIVAL_S + 2.0 * MAX_DURATION_S) / MIN_DUTY_BIN_S).ceil() as usize
}

/// True if `bin_s` is an accepted agents-on-duty bin: [`MIN_DUTY_BIN_S`] to
/// [`MAX_DUTY_BIN_S`].
pub fn duty_bin_accepted(bin_s: f64) -> bool {
    (MIN_DUTY_BIN_S..=MAX_DUTY_BIN_S).contains(&bin_s)
}

/// Distinct agents who served in each `bin_s`-second bin from t = 0: an agent counts
/// in every bin its service `[arrival + wait, + handle)` touches (a service with no
/// known handle time counts at its start). One entry per bin up to the bin holding the
/// last arrival or service end, so the length covers the whole trace. Empty when
/// `bin_s` is not an accepted bin ([`duty_bin_accepted`]). Time and memory grow with the
/// number of services and of bins, never with their product.
pub fn agents_on_duty(trace: &Trace, bin_s: f64) -> Vec<u32> {
    if !duty_bin_accepted(bin_s) {
        return Vec::new();
    }
    let max_bin = max_bin_index();
    let bin = |t: f64| ((t / bin_s).floor().max(0.0) as usize).min(max_bin);
    let mut last = 0usize;
    // (agent, first bin, last bin) of every service
    let mut spans: Vec<(&str, usize, usize)> = Vec::new();
    for c in &trace.contacts {
        last = last.max(bin(c.arrival_s));
        let start = c.arrival_s + c.wait_s.unwrap_or(0.0);
        let end = start + c.handle_s.unwrap_or(0.0);
        let first = bin(start);
        // a service ending exactly on a boundary does not touch the next bin
        let end_bin = if end > start {
            (((end / bin_s).ceil().max(1.0) as usize).saturating_sub(1)).min(max_bin)
        } else {
            first
        };
        let end_bin = end_bin.max(first);
        // every service, named or not, is within the trace's bins (the busy peak counts
        // the anonymous ones)
        if c.answered() {
            last = last.max(end_bin);
        }
        let Some(agent) = &c.agent else { continue };
        spans.push((agent.as_str(), first, end_bin));
    }
    // each agent's services merged into runs of bins; +1 where a run starts, -1 after
    // it ends
    spans.sort_unstable();
    let mut change = vec![0i64; last + 2];
    let mut run: Option<(&str, usize, usize)> = None;
    for (agent, first, end_bin) in spans {
        run = match run {
            Some((a, f, e)) if a == agent && first <= e => Some((a, f, e.max(end_bin))),
            other => {
                if let Some((_, f, e)) = other {
                    change[f] += 1;
                    change[e + 1] -= 1;
                }
                Some((agent, first, end_bin))
            }
        };
    }
    if let Some((_, f, e)) = run {
        change[f] += 1;
        change[e + 1] -= 1;
    }
    let mut on = 0i64;
    change[..=last]
        .iter()
        .map(|d| {
            on += d;
            on as u32
        })
        .collect()
}

/// The most services in progress at one moment within each `bin_s`-second bin from
/// t = 0: agents who were certainly there (a lower bound on the agents on duty, where
/// [`agents_on_duty`] is an upper one). Every answered contact with a known handle time
/// counts, with or without an agent id; a service ending at the moment another starts
/// is not counted twice. Same length as [`agents_on_duty`]; empty when `bin_s` is not a
/// positive number of seconds.
pub fn busy_peak(trace: &Trace, bin_s: f64) -> Vec<u32> {
    busy_peak_in(trace, bin_s, agents_on_duty(trace, bin_s).len())
}

/// Rounding slack of a log's times, seconds: [`busy_peak`] ends a service this much
/// early (a log written to the millisecond rounds arrival, wait and handle each).
const TIME_SLACK_S: f64 = 0.005;

/// [`busy_peak`] over `n_bins` bins (the length of [`agents_on_duty`]).
pub fn busy_peak_in(trace: &Trace, bin_s: f64, n_bins: usize) -> Vec<u32> {
    let n_bins = n_bins.min(max_bin_index() + 1);
    if n_bins == 0 || !duty_bin_accepted(bin_s) {
        return Vec::new();
    }
    let bin = |t: f64| ((t / bin_s).floor().max(0.0) as usize).min(n_bins - 1);
    // (time, +1 start / -1 end); ends sort before starts at the same time, and an end
    // less than 5 ms after a start counts as before it: times written to the
    // millisecond (arrival, wait and handle each rounded) put one agent's next call a
    // hair before its last one ends, which is not a second agent
    let mut changes: Vec<(f64, i64)> = Vec::new();
    for c in trace.contacts.iter().filter(|c| c.answered()) {
        let Some(handle) = c.handle_s.filter(|h| *h > 0.0) else {
            continue;
        };
        let start = c.arrival_s + c.wait_s.unwrap_or(0.0);
        changes.push((start, 1));
        changes.push((start + (handle - TIME_SLACK_S).max(0.0), -1));
    }
    changes.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut peak = vec![0u32; n_bins];
    let (mut busy, mut b, mut i) = (0i64, 0usize, 0usize);
    while let Some(&(t, _)) = changes.get(i) {
        let tb = bin(t);
        while b < tb {
            // the services in progress carry into the next bin, unless the next change
            // is at its very start: then the count after that moment's changes is the
            // count at the start (a service ending as the bin begins is not in it)
            b += 1;
            if b < tb || t > b as f64 * bin_s {
                peak[b] = peak[b].max(busy.max(0) as u32);
            }
        }
        // every change at this moment, ends first
        while let Some(&(_, delta)) = changes.get(i).filter(|c| c.0.total_cmp(&t).is_eq()) {
            busy += delta;
            i += 1;
        }
        peak[b] = peak[b].max(busy.max(0) as u32);
    }
    peak
}

/// Names of the trace's priority classes by level, `regular` first: `regular`, `high`
/// when the highest level is 1 (the bank's priority customers), else `priority 1`,
/// `priority 2`, …; empty when every contact is regular.
pub fn class_names(trace: &Trace) -> Vec<String> {
    let top = trace.contacts.iter().map(|c| c.class).max().unwrap_or(0);
    class_names_up_to(top)
}

/// Class names up to `top` (see [`class_names`]).
pub fn class_names_up_to(top: u8) -> Vec<String> {
    let top = top.min(MAX_CLASS_LEVEL);
    match top {
        0 => Vec::new(),
        1 => vec!["regular".into(), "high".into()],
        _ => std::iter::once("regular".to_string())
            .chain((1..=top).map(|k| format!("priority {k}")))
            .collect(),
    }
}

/// The trace's own KPIs, defined as ccsim's simulation reports them, and the
/// estimates a replay needs (mean wait of everyone, maximum-likelihood mean patience).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ObservedSummary {
    /// Contacts in the trace.
    pub offered: usize,
    /// Contacts that did not abandon.
    pub answered: usize,
    pub abandoned: usize,
    /// abandoned / (answered + abandoned); `None` for an empty trace or one that does
    /// not record abandonment ([`Trace::abandonment_recorded`]; so too the service
    /// level, the mean wait of all and the mean patience).
    pub abandon_rate: Option<f64>,
    /// The service-level target, seconds.
    pub target_s: f64,
    /// Answered within `target_s` / (answered + abandoned), as `service_level` of a
    /// simulation; `None` if some answered contact has no known wait.
    pub service_level: Option<f64>,
    /// Answered within `target_s` / answered (abandoned ones left out).
    pub answered_within_target_share: Option<f64>,
    /// Average speed of answer: mean wait of answered contacts, seconds.
    pub asa_s: Option<f64>,
    /// Median wait of answered contacts (nearest rank), seconds.
    pub wait_p50_s: Option<f64>,
    /// 90th percentile wait of answered contacts (nearest rank), seconds.
    pub wait_p90_s: Option<f64>,
    /// Mean wait of every contact, abandoned ones until they hung up, seconds (as
    /// `mean_wait_all_s` of a simulation); `None` if some wait is unknown.
    pub mean_wait_all_s: Option<f64>,
    /// Mean time abandoned contacts waited before hanging up, seconds.
    pub mean_time_to_abandon_s: Option<f64>,
    /// Maximum-likelihood mean patience if patience is exponential: the time every
    /// contact spent waiting (an answered one's wait is a censored patience) /
    /// abandonments, seconds. `None` without abandonments or with an unknown wait.
    pub mean_patience_s: Option<f64>,
    /// Mean handle time of contacts with a known handle time, seconds.
    pub aht_s: Option<f64>,
}

/// The trace's offered, answered and abandoned contacts, waits, patience and handle
/// times, with the service level measured against `target_s`.
pub fn observed_summary(trace: &Trace, target_s: f64) -> ObservedSummary {
    let mut waits: Vec<f64> = Vec::new();
    let (mut answered, mut abandoned, mut unknown_wait) = (0usize, 0usize, 0usize);
    let (mut abandon_sum, mut handle_sum, mut handles) = (0.0, 0.0, 0usize);
    for c in &trace.contacts {
        match c.abandon_after_s {
            Some(a) => {
                abandoned += 1;
                abandon_sum += a;
            }
            None => {
                answered += 1;
                match c.wait_s {
                    Some(w) => waits.push(w),
                    None => unknown_wait += 1,
                }
            }
        }
        if let Some(h) = c.handle_s {
            handle_sum += h;
            handles += 1;
        }
    }
    waits.sort_by(f64::total_cmp);
    let ratio = |a: f64, b: usize| (b > 0).then(|| a / b as f64);
    let nearest_rank = |p: f64| -> Option<f64> {
        let n = waits.len();
        let rank = ((p * n as f64).ceil() as usize).clamp(1, n.max(1));
        waits.get(rank - 1).copied()
    };
    let within = waits.iter().filter(|w| **w <= target_s).count() as f64;
    let left = answered + abandoned;
    let waited = waits.iter().sum::<f64>() + abandon_sum;
    // without recorded abandonment, nothing that depends on who abandoned is known
    let known = unknown_wait == 0 && trace.abandonment_recorded;
    ObservedSummary {
        offered: trace.contacts.len(),
        answered,
        abandoned,
        abandon_rate: ratio(abandoned as f64, left).filter(|_| trace.abandonment_recorded),
        target_s,
        service_level: if known { ratio(within, left) } else { None },
        answered_within_target_share: ratio(within, waits.len()),
        asa_s: ratio(waits.iter().sum(), waits.len()),
        wait_p50_s: nearest_rank(0.5),
        wait_p90_s: nearest_rank(0.9),
        mean_wait_all_s: if known { ratio(waited, left) } else { None },
        mean_time_to_abandon_s: ratio(abandon_sum, abandoned),
        mean_patience_s: if known {
            ratio(waited, abandoned)
        } else {
            None
        },
        aht_s: ratio(handle_sum, handles),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/trace")
            .join(name)
    }

    /// Relative path as a user would type it, so messages are stable across machines.
    fn rel(name: &str) -> PathBuf {
        Path::new("tests/data/trace").join(name)
    }

    fn csv_error(name: &str) -> String {
        let text = std::fs::read_to_string(data(name)).expect("test file");
        parse_csv(&text, &rel(name))
            .expect_err("broken")
            .to_string()
    }

    const BANK_HEADER: &str = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver";

    fn bank(rows: &[&str]) -> Result<Trace, TraceError> {
        let text = format!("{BANK_HEADER}\n{}\n", rows.join("\n"));
        parse_anonymous_bank(&text, Path::new("x.txt"), &BankFilter::default())
    }

    fn contact(
        arrival_s: f64,
        wait: f64,
        handle: Option<f64>,
        agent: Option<&str>,
    ) -> TraceContact {
        TraceContact {
            arrival_s,
            channel: "voice".into(),
            language: "en".into(),
            kind: None,
            handle_s: handle,
            abandon_after_s: None,
            wait_s: Some(wait),
            agent: agent.map(str::to_string),
            priority: 0,
            class: 0,
        }
    }

    fn abandoned(arrival_s: f64, after: f64) -> TraceContact {
        TraceContact {
            abandon_after_s: Some(after),
            ..contact(arrival_s, after, None, None)
        }
    }

    fn trace_of(contacts: Vec<TraceContact>) -> Trace {
        Trace {
            epoch: None,
            rows_read: contacts.len(),
            contacts,
            skipped: Skipped::default(),
            quirks: Quirks::default(),
            source: "test".into(),
            abandonment_recorded: true,
        }
    }

    // The expected counts below were computed independently from the sample with awk
    // and Python (see tests/data/trace/README.md).
    #[test]
    fn bank_sample_counts() {
        let path = data("anonymous_bank_1999_sample.txt");
        let t = load_anonymous_bank(&[path], &BankFilter::all()).expect("loads");
        assert_eq!(t.rows_read, 2964);
        assert_eq!(t.skipped.phantom, 23);
        assert_eq!(t.skipped.vru_only, 123);
        assert_eq!(t.skipped.no_service, 6);
        assert_eq!(
            t.skipped.unknown_type,
            BTreeMap::from([("AA".to_string(), 1)])
        );
        assert!(t.skipped.unparseable.is_empty());
        assert_eq!(t.skipped.total(), 153);
        assert_eq!(t.contacts.len(), 2811);
        let answered = t.contacts.iter().filter(|c| c.answered()).count();
        assert_eq!((answered, t.contacts.len() - answered), (2604, 207));
        assert_eq!(
            t.quirks,
            Quirks {
                negative_vru_time: 1,
                type_leading_space: 0,
                served_without_agent_name: 43,
                zero_service_time: 39,
                no_service_times: 2,
                hang_with_service: 5,
                crossed_midnight: 0,
            }
        );
        assert_eq!(t.epoch, CivilDate::new(1999, 1, 1));
        assert!(
            t.contacts
                .windows(2)
                .all(|w| w[0].arrival_s <= w[1].arrival_s)
        );
        // the first contact: AA0106 call 34054, queued at 0:00:08 on 1 January
        let first = &t.contacts[0];
        assert_eq!(first.arrival_s, 8.0);
        assert_eq!(first.abandon_after_s, Some(140.0));
        assert_eq!(
            t.contacts.last().map(|c| c.arrival_s < 3.0 * 86_400.0),
            Some(true)
        );
        let english = t.contacts.iter().filter(|c| c.language == "en").count();
        assert_eq!(english, 20);
    }

    // The default filter leaves out type IN (the internet team): 26 records of the
    // sample that would otherwise be kept or skipped for another reason (one of them a
    // VRU hang-up), counted with the same awk rules.
    #[test]
    fn bank_sample_default_leaves_out_the_internet_team() {
        let path = data("anonymous_bank_1999_sample.txt");
        let t = load_anonymous_bank(&[path], &BankFilter::default()).expect("loads");
        assert_eq!(t.rows_read, 2964);
        assert_eq!(
            t.skipped.type_filtered,
            BTreeMap::from([("IN".to_string(), 26)])
        );
        assert_eq!(
            (t.skipped.phantom, t.skipped.vru_only, t.skipped.no_service),
            (23, 122, 6)
        );
        assert_eq!((t.contacts.len(), t.skipped.total()), (2786, 178));
        assert!(t.contacts.iter().all(|c| c.kind.as_deref() != Some("IN")));
        assert!(t.load_report().contains(
            "\n  skipped 26: type IN left out by the type filter (internet consulting, served by a separate internet team)"
        ));
        assert_eq!(BankFilter::default().types_label(), "PS, PE, NE, NW, TT");
        assert_eq!(BankFilter::all().types_label(), "all types");
    }

    #[test]
    fn bank_filter_by_date_and_type() {
        let path = data("anonymous_bank_1999_sample.txt");
        let jan2 = CivilDate::new(1999, 1, 2);
        let f = BankFilter {
            types: None,
            from: jan2,
            to: jan2,
        };
        let t = load_anonymous_bank(std::slice::from_ref(&path), &f).expect("loads");
        assert_eq!(t.contacts.len(), 229);
        assert_eq!(t.skipped.date_filtered, 2964 - 253);
        assert_eq!(t.epoch, jan2);
        let f = BankFilter {
            types: Some(vec!["NE".into(), "PE".into()]),
            ..BankFilter::default()
        };
        let t = load_anonymous_bank(std::slice::from_ref(&path), &f).expect("loads");
        assert_eq!(t.contacts.len(), 109);
        assert!(
            t.contacts
                .iter()
                .all(|c| matches!(c.kind.as_deref(), Some("NE" | "PE")))
        );
        let f = BankFilter::month(1999, 2).expect("a month");
        let err = load_anonymous_bank(&[path], &f).expect_err("nothing in February");
        assert!(err.to_string().starts_with(
            "error: no contacts left to replay: 2964 rows read, skipped: 2964 date outside the filter\n"
        ));
    }

    #[test]
    fn bank_month_filter_bounds() {
        let f = BankFilter::month(1999, 2).expect("a month");
        assert_eq!(f.from, CivilDate::new(1999, 2, 1));
        assert_eq!(f.to, CivilDate::new(1999, 2, 28));
        assert_eq!(BankFilter::month(1999, 13), None);
    }

    // Real records: 02.txt line 15757 and 01.txt line 1972 of the Technion files.
    #[test]
    fn bank_midnight_crossing_is_next_day() {
        let t = bank(&[
            "AA0115\t14375\t25245705\t1\tPS\t990210\t23:59:56\t23:59:56\t0\t0:00:02\t0:00:29\t27\tAGENT\t0:00:29\t0:00:58\t29\tBENSION",
        ])
        .expect("loads");
        assert_eq!(t.epoch, CivilDate::new(1999, 2, 11));
        assert_eq!(t.quirks.crossed_midnight, 1);
        // the filter's days are the queue's days too: it belongs to 11 February
        let crossing = format!(
            "{BANK_HEADER}\nAA0115\t14375\t25245705\t1\tPS\t990210\t23:59:56\t23:59:56\t0\t0:00:02\t0:00:29\t27\tAGENT\t0:00:29\t0:00:58\t29\tBENSION\n"
        );
        let on = |d: u32| BankFilter {
            from: CivilDate::new(1999, 2, d),
            to: CivilDate::new(1999, 2, d),
            ..BankFilter::default()
        };
        let kept = parse_anonymous_bank(&crossing, Path::new("x.txt"), &on(11)).expect("kept");
        assert_eq!(kept.contacts.len(), 1);
        let left_out = parse_anonymous_bank(&crossing, Path::new("x.txt"), &on(10));
        assert!(
            left_out.is_err(),
            "dated by the queue's day, not the entry day"
        );
        let c = &t.contacts[0];
        assert_eq!(
            (c.arrival_s, c.wait_s, c.handle_s),
            (2.0, Some(27.0), Some(29.0))
        );
        // a negative vru_time puts q_start a little before vru_entry: the same day
        let t = bank(&[
            "AA0102\t28993\t28678126\t1\tPS\t990110\t15:10:07\t15:09:17\t-50\t15:09:17\t15:10:19\t62\tAGENT\t15:10:18\t15:11:34\t76\tAVIDAN",
        ])
        .expect("loads");
        assert_eq!(t.epoch, CivilDate::new(1999, 1, 10));
        assert_eq!(
            (t.quirks.crossed_midnight, t.quirks.negative_vru_time),
            (0, 1)
        );
        assert_eq!(t.contacts[0].arrival_s, (15 * 3600 + 9 * 60 + 17) as f64);
    }

    #[test]
    fn bank_record_rules() {
        let t = bank(&[
            // straight to an agent: arrival at vru_exit, wait 0
            "AA0101\t33119\t0\t0\tPS\t990101\t7:41:16\t7:41:26\t10\t0:00:00\t0:00:00\t0\tAGENT\t7:41:25\t7:44:53\t208\tBASCH",
            // ` TT`, abandoned after 20 s in queue, a 6.02157E+11 customer id
            "AA0101\t1\t6.02157E+11\t2\t TT\t990101\t8:00:00\t8:00:05\t5\t8:00:05\t8:00:25\t20\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
            // NO_SERVER with a service time: served, agent unknown
            "AA0101\t2\t0\t0\tPE\t990101\t9:00:00\t9:00:10\t10\t0:00:00\t0:00:00\t0\tAGENT\t9:00:09\t9:00:40\t31\tNO_SERVER",
            // named agent without service times: answered, handle unknown
            "AA0102\t28609\t0\t0\tPS\t990104\t13:39:21\t13:39:30\t9\t0:00:00\t0:00:00\t0\tAGENT\t0:00:00\t0:00:00\t0\tGILI",
        ])
        .expect("loads");
        assert_eq!(t.contacts.len(), 4);
        let [direct, tt, noserver, unknown] = t.contacts.as_slice() else {
            panic!("four contacts");
        };
        assert_eq!(direct.arrival_s, (7 * 3600 + 41 * 60 + 26) as f64);
        assert_eq!((direct.wait_s, direct.handle_s), (Some(0.0), Some(208.0)));
        assert_eq!(direct.agent.as_deref(), Some("BASCH"));
        assert_eq!(tt.kind.as_deref(), Some("TT"));
        assert_eq!(
            (tt.abandon_after_s, tt.priority, tt.agent.clone()),
            (Some(20.0), 2, None)
        );
        assert_eq!(
            (noserver.language.as_str(), noserver.handle_s),
            ("en", Some(31.0))
        );
        assert_eq!(noserver.agent, None);
        assert!(unknown.answered() && unknown.handle_s.is_none());
        assert_eq!(
            (
                t.quirks.type_leading_space,
                t.quirks.served_without_agent_name,
                t.quirks.no_service_times
            ),
            (1, 1, 1)
        );
    }

    #[test]
    fn bank_unparseable_rows_are_counted_not_fatal() {
        let good = "AA0101\t33118\t27997683\t2\tPS\t990101\t6:55:20\t6:55:26\t6\t6:55:26\t6:55:43\t17\tAGENT\t6:55:43\t6:56:37\t54\tMICHAL";
        let t = bank(&[
            good,
            "AA0101\t33118\t27997683\t2\tPS",
            "AA0101\t1\t0\t2\tPS\t991301\t6:55:20\t6:55:26\t6\t6:55:26\t6:55:43\t17\tAGENT\t6:55:43\t6:56:37\t54\tX",
            "AA0101\t1\t0\t2\tPS\t990101\t6:55:20\t6:55:26\t6\t6:5:26\t6:55:43\t17\tAGENT\t6:55:43\t6:56:37\t54\tX",
            "AA0101\t1\t0\t2\tPS\t990101\t6:55:20\t6:55:26\t6\t6:55:26\t6:55:43\t-3\tAGENT\t6:55:43\t6:56:37\t54\tX",
            "AA0101\t1\t0\t2\tPS\t990101\t6:55:20\t6:55:26\t6\t6:55:26\t6:55:43\t17\tLOST\t6:55:43\t6:56:37\t54\tX",
            "AA0101\t1\t0\tzwei\tPS\t990101\t6:55:20\t6:55:26\t6\t6:55:26\t6:55:43\t17\tAGENT\t6:55:43\t6:56:37\t54\tX",
            "é\tü\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t",
            "",
        ])
        .expect("the good row is kept");
        assert_eq!((t.contacts.len(), t.rows_read), (1, 8));
        let bad: Vec<(&str, usize)> = t
            .skipped
            .unparseable
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(
            bad,
            [
                ("date", 2),
                ("field count (not 17 tab-separated fields)", 1),
                ("outcome", 1),
                ("priority", 1),
                ("q_start", 1),
                ("q_time", 1),
            ]
        );
        assert_eq!(
            t.load_report(),
            "Anonymous Bank (Technion SEE Lab, 1999) x.txt: 8 rows read, 1 contacts kept, 7 skipped\n  skipped 2: unparseable date\n  skipped 1: unparseable field count (not 17 tab-separated fields)\n  skipped 1: unparseable outcome\n  skipped 1: unparseable priority\n  skipped 1: unparseable q_start\n  skipped 1: unparseable q_time"
        );
    }

    #[test]
    fn bank_never_panics_on_mangled_lines() {
        let text = std::fs::read_to_string(data("anonymous_bank_1999_sample.txt")).expect("sample");
        let mut mangled = String::new();
        for (i, line) in text.lines().enumerate() {
            let cut = (i * 7) % (line.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|c| line.is_char_boundary(*c))
                .unwrap_or(0);
            mangled.push_str(if i == 0 { line } else { &line[..cut] });
            mangled.push('\n');
        }
        let t = parse_anonymous_bank(&mangled, Path::new("m.txt"), &BankFilter::default());
        if let Ok(t) = t {
            assert_eq!(t.rows_read, t.contacts.len() + t.skipped.total());
        }
        for junk in [
            "",
            "\n\n",
            "vru+line",
            "vru+line\t\n\t\t\t",
            "\u{feff}vru+line\tx\n1\t2",
        ] {
            let _ = parse_anonymous_bank(junk, Path::new("j.txt"), &BankFilter::default());
            let _ = parse_csv(junk, Path::new("j.csv"));
        }
    }

    #[test]
    fn bank_rejects_other_files() {
        let err = load_anonymous_bank(&[data("generic.csv")], &BankFilter::default())
            .expect_err("not a bank file");
        let msg = err
            .to_string()
            .replace(env!("CARGO_MANIFEST_DIR"), "<crate>");
        assert_eq!(
            msg,
            "error: this is not an Anonymous Bank per-call file\n  --> <crate>/tests/data/trace/generic.csv:1:1\n   = help: its first line must be the header `vru+line<TAB>call_id<TAB>...<TAB>server` of the Technion monthly files; for ccsim's own format load it as CSV\n\n1 problem in <crate>/tests/data/trace/generic.csv"
        );
        let err = load_anonymous_bank(&[data("missing.txt")], &BankFilter::default())
            .expect_err("missing");
        assert!(
            err.to_string()
                .starts_with("error: cannot read the Anonymous Bank file: ")
        );
    }

    #[test]
    fn csv_generic_loads() {
        let t = load_csv(&data("generic.csv")).expect("loads");
        assert_eq!(t.epoch, CivilDate::new(2024, 3, 4));
        assert_eq!(
            (t.rows_read, t.contacts.len(), t.skipped.total()),
            (5, 5, 0)
        );
        let arrivals: Vec<f64> = t.contacts.iter().map(|c| c.arrival_s).collect();
        // rows are sorted: the 08:59:50 row comes first; the last one is the next day
        assert_eq!(
            arrivals,
            [32_390.0, 32_400.0, 32_430.0, 32_460.0, 86_400.0 + 60.0]
        );
        let c = &t.contacts[2];
        assert_eq!(
            (c.abandon_after_s, c.wait_s, c.handle_s),
            (Some(45.0), Some(45.0), None)
        );
        assert_eq!(t.contacts[1].agent.as_deref(), Some("ann"));
        assert_eq!(t.contacts[1].wait_s, Some(12.0));
        assert_eq!(
            (t.contacts[3].language.as_str(), t.contacts[3].priority),
            ("de", 2)
        );
        assert_eq!(t.contacts[4].handle_s, None);
        assert!(t.contacts[4].answered());
    }

    #[test]
    fn csv_plain_seconds() {
        let t = parse_csv(
            "arrival,channel,language,handle_s\r\n30.5,voice,en,100\r\n0,chat,en,\r\n",
            Path::new("s.csv"),
        )
        .expect("loads");
        assert_eq!(t.epoch, None);
        let a: Vec<(f64, &str)> = t
            .contacts
            .iter()
            .map(|c| (c.arrival_s, c.channel.as_str()))
            .collect();
        assert_eq!(a, [(0.0, "chat"), (30.5, "voice")]);
    }

    #[test]
    fn csv_error_bad_arrival() {
        assert_eq!(
            csv_error("broken_arrival.csv"),
            "error: arrival `2024-03-04 9h` is not a time\n  --> tests/data/trace/broken_arrival.csv:3:1\n  |\n3 | 2024-03-04 9h,voice,en,120\n  | ^^^^^^^^^^^^^\n  = help: write YYYY-MM-DDTHH:MM:SS (UTC; a space for the T is fine) or zero or more seconds since the trace's start\n\n\
             error: arrival `60` is seconds but earlier rows give a date and time\n  --> tests/data/trace/broken_arrival.csv:4:1\n  |\n4 | 60,voice,en,120\n  | ^^\n  = help: write every arrival as YYYY-MM-DDTHH:MM:SS, or every one as seconds since the trace's start\n\n\
             2 problems in tests/data/trace/broken_arrival.csv"
        );
    }

    #[test]
    fn csv_error_bad_values() {
        assert_eq!(
            csv_error("broken_values.csv"),
            "error: handle_s `-5` is not a number of seconds\n  --> tests/data/trace/broken_values.csv:3:13\n  |\n3 | 30,voice,en,-5,\n  |             ^^\n  = help: write zero or more seconds, or leave the field empty\n\n\
             error: a contact cannot both be served (handle_s) and abandon (abandon_after_s)\n  --> tests/data/trace/broken_values.csv:4:16\n  |\n4 | 60,voice,en,90,12\n  |                ^^\n  = help: leave handle_s empty for an abandoned contact, abandon_after_s for an answered one\n\n\
             error: this row has 4 fields but the header names 5 columns\n  --> tests/data/trace/broken_values.csv:5:1\n  |\n5 | 90,voice,en,30\n  | ^^^^^^^^^^^^^^\n  = help: write one value per column of the header (leave optional values empty, keeping the commas)\n\n\
             error: the language is empty\n  --> tests/data/trace/broken_values.csv:6:10\n  |\n6 | 120,chat,,30,\n  |          ^\n  = help: write the language of every contact, e.g. voice / en\n\n\
             4 problems in tests/data/trace/broken_values.csv"
        );
    }

    #[test]
    fn csv_error_bad_header() {
        assert_eq!(
            csv_error("broken_header.csv"),
            "error: unknown column `handle`\n  --> tests/data/trace/broken_header.csv:1:17\n  |\n1 | arrival,channel,handle\n  |                 ^^^^^^\n  = help: the first line names the columns: arrival,channel,language and optionally handle_s, abandon_after_s, wait_s, agent, priority, kind\n\n\
             error: the header lacks `language`\n  --> tests/data/trace/broken_header.csv:1:1\n  |\n1 | arrival,channel,handle\n  | ^^^^^^^^^^^^^^^^^^^^^^\n  = help: the first line names the columns: arrival,channel,language and optionally handle_s, abandon_after_s, wait_s, agent, priority, kind\n\n\
             2 problems in tests/data/trace/broken_header.csv"
        );
    }

    #[test]
    fn csv_error_empty_and_headers_only() {
        let e = parse_csv("", Path::new("e.csv"))
            .expect_err("empty")
            .to_string();
        assert_eq!(
            e,
            "error: the trace file is empty\n  --> e.csv\n   = help: write the header arrival,channel,language (optionally ,handle_s,abandon_after_s) and one row per contact\n\n1 problem in e.csv"
        );
        let e = parse_csv("arrival,channel,language\n", Path::new("h.csv")).expect_err("no rows");
        assert_eq!(e.problems[0].message, "the trace holds no contacts");
    }

    #[test]
    fn csv_error_list_is_capped() {
        // 100,000 bad rows, one of them a megabyte long: the first 20 problems in full,
        // each line excerpt bounded, the rest counted, in linear time
        let mut text = String::from("arrival,channel,language\n");
        text.push_str(&format!("{},voice,en\n", "9".repeat(1 << 20)));
        for _ in 1..100_000 {
            text.push_str("x,voice,en\n");
        }
        let started = std::time::Instant::now();
        let e = parse_csv(&text, Path::new("many.csv")).expect_err("bad");
        let msg = e.to_string();
        assert!(
            started.elapsed().as_secs_f64() < 2.0,
            "{:?}",
            started.elapsed()
        );
        assert_eq!((e.problems.len(), e.not_shown), (20, 99_980));
        assert!(msg.ends_with("\n\n100000 problems in many.csv (the first 20 shown)"));
        assert!(msg.len() < 20 * 600, "{} bytes", msg.len());
        let first: Vec<&str> = msg.split("\n\n").take(2).collect();
        let nines = "9".repeat(40);
        let shown = "9".repeat(100);
        assert_eq!(
            first[0],
            format!(
                "error: arrival `{nines}…` is not a time\n  --> many.csv:2:1\n  |\n2 | {shown}…\n  | {}\n  = help: write YYYY-MM-DDTHH:MM:SS (UTC; a space for the T is fine) or zero or more seconds since the trace's start",
                "^".repeat(100)
            )
        );
        assert_eq!(
            first[1],
            "error: arrival `x` is not a time\n  --> many.csv:3:1\n  |\n3 | x,voice,en\n  | ^\n  = help: write YYYY-MM-DDTHH:MM:SS (UTC; a space for the T is fine) or zero or more seconds since the trace's start"
        );
    }

    #[test]
    fn excerpts_are_bounded_around_the_column() {
        let line = format!("{},sms,{}", "a".repeat(500), "b".repeat(500));
        // a short line is shown whole
        assert_eq!(
            Excerpt::of("0,voice,en", 3, 5),
            Excerpt {
                text: "0,voice,en".into(),
                caret_col: 3,
                width: 5
            }
        );
        // column 502 (`sms`): 30 characters before it, 100 shown, cut at both ends
        let e = Excerpt::of(&line, 502, 3);
        assert_eq!(
            e,
            Excerpt {
                text: format!("…{},sms,{}…", "a".repeat(29), "b".repeat(66)),
                caret_col: 32,
                width: 3
            }
        );
        let p = Problem::at(7, &line, 502, 3, "trace channel `sms`", "add it");
        assert_eq!(
            p.render(Path::new("t.csv")),
            format!(
                "error: trace channel `sms`\n  --> t.csv:7:502\n  |\n7 | {}\n  | {}^^^\n  = help: add it",
                e.text,
                " ".repeat(31)
            )
        );
        // a caret past the end of the line (an empty last field) stays one wide
        assert_eq!(Excerpt::of("1,voice,", 9, 1).width, 1);
        assert_eq!(clip(&"x".repeat(41)), format!("{}…", "x".repeat(40)));
    }

    #[test]
    fn csv_rejects_what_no_centre_has() {
        // arrivals beyond the span a trace may have (the --days bound), durations
        // beyond a year, and numbers that are not numbers: positioned, never a panic
        let e = parse_csv(
            "arrival,channel,language,handle_s,abandon_after_s,wait_s\n0,voice,en,60,,\n1e308,voice,en,1e308,,\n5,voice,en,,inf,NaN\n7,voice,en,,31622401,-0\n",
            Path::new("x.csv"),
        )
        .expect_err("bad")
        .to_string();
        assert_eq!(
            e,
            "error: handle_s `1e308` is longer than 366 days (31622400 s)\n  --> x.csv:3:16\n  |\n3 | 1e308,voice,en,1e308,,\n  |                ^^^^^\n  = help: a handle time, wait or patience may be at most 366 days: write seconds (check the unit), or leave the field empty\n\n\
             error: abandon_after_s `inf` is not a number of seconds\n  --> x.csv:4:13\n  |\n4 | 5,voice,en,,inf,NaN\n  |             ^^^\n  = help: write zero or more seconds, or leave the field empty\n\n\
             error: wait_s `NaN` is not a number of seconds\n  --> x.csv:4:17\n  |\n4 | 5,voice,en,,inf,NaN\n  |                 ^^^\n  = help: write zero or more seconds, or leave the field empty\n\n\
             error: abandon_after_s `31622401` is longer than 366 days (31622400 s)\n  --> x.csv:5:13\n  |\n5 | 7,voice,en,,31622401,-0\n  |             ^^^^^^^^\n  = help: a handle time, wait or patience may be at most 366 days: write seconds (check the unit), or leave the field empty\n\n\
             4 problems in x.csv"
        );
        // once the durations are fixed, the arrival's span: seconds and dates alike
        for (text, at, start) in [
            (
                "0,voice,en\n1e15,voice,en\n",
                "x.csv:3:1",
                "the trace's start (t = 0)",
            ),
            (
                "316224000,voice,en\n0,voice,en\n",
                "x.csv:2:1",
                "the trace's start (t = 0)",
            ),
            (
                "2024-01-02T00:00:00,voice,en\n2034-01-09 00:00:00,voice,en\n",
                "x.csv:3:1",
                "the trace's first day, 2024-01-02",
            ),
        ] {
            let e = parse_csv(
                &format!("arrival,channel,language\n{text}"),
                Path::new("x.csv"),
            )
            .expect_err("beyond the span")
            .to_string();
            assert!(
                e.contains(&format!("is 3660 days or more after {start}\n  --> {at}\n")),
                "{e}"
            );
            assert!(e.ends_with("\n\n1 problem in x.csv"), "{e}");
        }
        // the last second of the span is accepted: 3660 days in all
        let t = parse_csv(
            "arrival,channel,language\n0,voice,en\n316223999,voice,en\n",
            Path::new("x.csv"),
        )
        .expect("within the span");
        assert_eq!(t.span_days(), 3660);
        let t = parse_csv(
            "arrival,channel,language\n2024-01-02T00:00:00,voice,en\n2034-01-08T23:59:59,voice,en\n",
            Path::new("x.csv"),
        )
        .expect("within the span");
        assert_eq!(t.span_days(), 3660);
    }

    #[test]
    fn csv_files_are_read_capped_and_utf8_is_positioned() {
        let dir = std::env::temp_dir().join(format!("ccsim-trace-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("latin1.csv");
        std::fs::write(
            &p,
            b"\xef\xbb\xbfarrival,channel,language\n0,voice,en\n30,voice,fran\xe7ais\n",
        )
        .expect("write");
        let e = load_csv(&p).expect_err("not UTF-8").to_string();
        std::fs::remove_dir_all(&dir).expect("clean up");
        assert_eq!(
            e,
            format!(
                "error: byte 0xE7 is not UTF-8 text\n  --> {}:3:14\n  |\n3 | 30,voice,fran\u{fffd}ais\n  |              ^\n  = help: save the trace as UTF-8 (e.g. `iconv -f latin1 -t utf-8 old.csv > new.csv`)\n\n1 problem in {}",
                p.display(),
                p.display()
            )
        );
        // a device is read up to the cap and no further
        let e = load_csv_capped(Path::new("/dev/zero"), 1024)
            .expect_err("too large")
            .to_string();
        assert_eq!(
            e,
            "error: cannot read the trace file: it is larger than 1 KiB\n  --> /dev/zero\n   = help: a trace file may hold at most 1 KiB: split it (e.g. one month per file) or cut it to the days you want\n\n1 problem in /dev/zero"
        );
    }

    #[test]
    fn bank_bounds_durations_span_and_unknown_types() {
        let row = |date: &str, ty: &str, q_time: &str| {
            format!(
                "AA0101\t1\t0\t2\t{ty}\t{date}\t6:55:20\t6:55:26\t6\t6:55:26\t6:55:43\t{q_time}\tAGENT\t6:55:43\t6:56:37\t54\tX"
            )
        };
        let mut rows = vec![row("990101", "PS", "17"), row("990101", "PS", "31622401")];
        for i in 0..30 {
            rows.push(row("990101", &format!("Z{i}"), "17"));
        }
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let t = bank(&refs).expect("loads");
        assert_eq!(t.contacts.len(), 1);
        assert_eq!(
            t.skipped.out_of_range,
            BTreeMap::from([("q_time".to_string(), 1)])
        );
        // 20 unknown types by name, the other 10 together
        assert_eq!(t.skipped.unknown_type.len(), 21);
        assert_eq!(t.skipped.unknown_type.get(OTHER_TYPES), Some(&10));
        assert!(
            t.load_report()
                .contains("\n  skipped 1: q_time longer than 366 days (31622400 s)"),
            "{}",
            t.load_report()
        );
        // a call 3660 days after the first: positioned at its date
        let e = bank(&[&row("990101", "PS", "17"), &row("090108", "PS", "17")])
            .expect_err("beyond the span")
            .to_string();
        assert_eq!(
            e,
            "error: this call joined the queue on 2009-01-08, 3660 days or more after the trace's first day, 1999-01-01\n  --> x.txt:3:17\n   = help: a trace may span at most 3660 days (the longest `simulate --days`): split it into shorter traces, or check the arrival's date or unit (seconds)\n\n1 problem in x.txt"
        );
        assert!(bank(&[&row("990101", "PS", "17"), &row("090107", "PS", "17")]).is_ok());
    }

    #[test]
    fn duty_estimates_are_bounded_in_time_and_memory() {
        // 20,000 services of a year each at one-minute bins: linear, not bins x services
        let contacts: Vec<TraceContact> = (0..20_000)
            .map(|i| {
                let agent = format!("a{}", i % 50);
                contact(f64::from(i), 0.0, Some(MAX_DURATION_S), Some(&agent))
            })
            .collect();
        let t = trace_of(contacts);
        let started = std::time::Instant::now();
        let duty = agents_on_duty(&t, 60.0);
        let busy = busy_peak(&t, 60.0);
        assert!(
            started.elapsed().as_secs_f64() < 5.0,
            "{:?}",
            started.elapsed()
        );
        assert_eq!(duty.len(), 527_374);
        assert_eq!((duty[0], duty[400], duty[527_000]), (50, 50, 50));
        assert_eq!((busy[0], busy[400]), (60, 20_000));
        // a contact put in a Trace by hand far beyond any loaded trace: no overflow,
        // no runaway allocation; it counts in the last bin an estimate makes
        let t = trace_of(vec![
            contact(0.0, 0.0, Some(60.0), Some("a")),
            contact(1e300, 1e308, Some(1e308), Some("b")),
        ]);
        let duty = agents_on_duty(&t, 60.0);
        assert_eq!(duty.len(), max_bin_index() + 1);
        assert_eq!((duty[0], duty[max_bin_index()]), (1, 1));
        assert_eq!(busy_peak(&t, 60.0).len(), duty.len());
        // bins outside 1 minute to 1 day make no estimate
        assert!(agents_on_duty(&t, 1e-9).is_empty() && agents_on_duty(&t, 86_401.0).is_empty());
        assert!(busy_peak_in(&t, 1e-9, usize::MAX).is_empty());
    }

    #[test]
    fn busy_peak_counts_services_in_progress() {
        // A serves 100-700, 3500-3700 and 3700-3800 (not doubled at 3700), B 650-4000
        // (into the second hour), an agent without an id 3650-3660
        let mut x = contact(100.0, 0.0, Some(600.0), Some("A"));
        let b = contact(600.0, 50.0, Some(3350.0), Some("B"));
        let y = contact(3500.0, 0.0, Some(200.0), Some("A"));
        let z = contact(3650.0, 0.0, Some(10.0), None);
        let w = contact(3700.0, 0.0, Some(100.0), Some("A"));
        let t = trace_of(vec![x.clone(), b.clone(), y, z, w]);
        assert_eq!(busy_peak(&t, 3600.0), [2, 3]);
        assert_eq!(busy_peak(&t, 1800.0), [2, 2, 3]);
        // an abandoned contact and one without a handle time are never busy
        x.handle_s = None;
        let t = trace_of(vec![x, abandoned(10.0, 30.0), b]);
        assert_eq!(busy_peak(&t, 3600.0), [1, 1]);
        assert_eq!(busy_peak(&t, 0.0), Vec::<u32>::new());
        // services ending the moment a bin begins are not in it (two of them: not one)
        let t = trace_of(vec![
            contact(0.0, 0.0, Some(3600.0), None),
            contact(10.0, 0.0, Some(3590.0), None),
            abandoned(4000.0, 5.0),
        ]);
        assert_eq!(busy_peak(&t, 3600.0), [2, 0]);
        assert_eq!(agents_on_duty(&t, 3600.0), [0, 0]);
    }

    #[test]
    fn agents_on_duty_counts_distinct_agents_per_bin() {
        let t = trace_of(vec![
            // ann serves 100–200 s and 3500–3700 s (crossing into hour 1)
            contact(90.0, 10.0, Some(100.0), Some("ann")),
            contact(3500.0, 0.0, Some(200.0), Some("ann")),
            // bob serves twice in hour 0: counted once
            contact(200.0, 0.0, Some(60.0), Some("bob")),
            contact(400.0, 5.0, Some(60.0), Some("bob")),
            // cy's service ends exactly at 7200 s: hour 2 not touched
            contact(7000.0, 0.0, Some(200.0), Some("cy")),
            // no agent (abandoned; NO_SERVER): not counted, but the trace reaches hour 3
            abandoned(3.0 * 3600.0 + 10.0, 30.0),
            contact(3.0 * 3600.0 + 20.0, 0.0, Some(10.0), None),
        ]);
        assert_eq!(agents_on_duty(&t, 3600.0), [2, 2, 0, 0]);
        assert_eq!(agents_on_duty(&t, 86_400.0), [3]);
        assert_eq!(agents_on_duty(&t, 0.0), Vec::<u32>::new());
        assert_eq!(agents_on_duty(&t, f64::NAN), Vec::<u32>::new());
        assert_eq!(agents_on_duty(&trace_of(Vec::new()), 60.0), [0]);
    }

    #[test]
    fn observed_summary_of_a_tiny_trace() {
        let t = trace_of(vec![
            contact(0.0, 0.0, Some(100.0), Some("a")),
            contact(1.0, 10.0, Some(200.0), Some("a")),
            contact(2.0, 20.0, Some(300.0), Some("b")),
            contact(3.0, 40.0, None, Some("b")),
            contact(4.0, 90.0, Some(0.0), None),
            abandoned(5.0, 30.0),
            abandoned(6.0, 50.0),
        ]);
        let s = observed_summary(&t, 20.0);
        assert_eq!((s.offered, s.answered, s.abandoned), (7, 5, 2));
        assert_eq!(s.abandon_rate, Some(2.0 / 7.0));
        assert_eq!(s.target_s, 20.0);
        assert_eq!(s.service_level, Some(3.0 / 7.0));
        assert_eq!(s.answered_within_target_share, Some(3.0 / 5.0));
        assert_eq!(s.asa_s, Some(160.0 / 5.0));
        assert_eq!((s.wait_p50_s, s.wait_p90_s), (Some(20.0), Some(90.0)));
        assert_eq!(s.mean_time_to_abandon_s, Some(40.0));
        assert_eq!(s.aht_s, Some(150.0));
        // waits 0 + 10 + 20 + 40 + 90 answered, 30 + 50 abandoned: 240 s
        assert_eq!(s.mean_wait_all_s, Some(240.0 / 7.0));
        assert_eq!(s.mean_patience_s, Some(120.0));
        let s = observed_summary(&t, 10.0);
        assert_eq!(s.service_level, Some(2.0 / 7.0));
        // a source that does not record abandonment: nothing that depends on it
        let mut unrecorded = t.clone();
        unrecorded.abandonment_recorded = false;
        let s = observed_summary(&unrecorded, 20.0);
        assert_eq!(
            (
                s.abandon_rate,
                s.service_level,
                s.mean_wait_all_s,
                s.mean_patience_s
            ),
            (None, None, None, None)
        );
        assert_eq!((s.offered, s.asa_s), (7, Some(160.0 / 5.0)));
        let empty = observed_summary(&trace_of(Vec::new()), 20.0);
        assert_eq!(
            (
                empty.offered,
                empty.abandon_rate,
                empty.asa_s,
                empty.wait_p50_s
            ),
            (0, None, None, None)
        );
        // an answered contact without a known wait: no service level
        let mut c = contact(0.0, 0.0, None, None);
        c.wait_s = None;
        let s = observed_summary(&trace_of(vec![c, abandoned(1.0, 5.0)]), 20.0);
        assert_eq!(
            (s.service_level, s.asa_s, s.abandon_rate),
            (None, None, Some(0.5))
        );
        assert_eq!((s.mean_wait_all_s, s.mean_patience_s), (None, None));
    }

    #[test]
    fn observed_summary_of_the_sample() {
        // awk over the sample with the default filter (no IN): sums of q_time of the
        // answered and of the abandoned kept calls, of ser_time of calls with a handle
        let path = data("anonymous_bank_1999_sample.txt");
        let t = load_anonymous_bank(&[path], &BankFilter::default()).expect("loads");
        let s = observed_summary(&t, 20.0);
        assert_eq!((s.offered, s.answered, s.abandoned), (2786, 2584, 202));
        assert_eq!(s.asa_s.map(|a| (a * 2584.0).round()), Some(55_050.0));
        assert_eq!(s.service_level.map(|x| (x * 2786.0).round()), Some(1746.0));
        assert_eq!(s.aht_s.map(|a| (a * 2582.0).round()), Some(445_109.0));
        assert_eq!(
            s.mean_patience_s.map(|p| (p * 202.0).round()),
            Some(64_989.0)
        );
        assert_eq!(t.span_days(), 3);
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-1, 0, 10_592, 10_957, 11_016, 19_786] {
            let d = CivilDate::from_days_since_1970(days);
            assert_eq!(d.days_since_1970(), days, "{d}");
        }
        assert_eq!(
            CivilDate::from_days_since_1970(10_592).to_string(),
            "1999-01-01"
        );
        assert_eq!(CivilDate::new(1999, 2, 29), None);
        // 1 January 1999 was a Friday, 4 March 2024 a Monday, 7 March 2024 a Thursday
        let weekday = |y, m, d| CivilDate::new(y, m, d).map(CivilDate::weekday_from_monday);
        assert_eq!(
            (
                weekday(1999, 1, 1),
                weekday(2024, 3, 4),
                weekday(2024, 3, 7)
            ),
            (Some(4), Some(0), Some(3))
        );
        assert_eq!(bank_date("990228"), CivilDate::new(1999, 2, 28));
        assert_eq!(bank_date("99022"), None);
        assert_eq!(clock("0:00:00"), Some(0));
        assert_eq!(clock("23:59:59"), Some(86_399));
        assert_eq!(
            (clock("24:00:00"), clock("1:2:03"), clock("+1:02:03")),
            (None, None, None)
        );
    }
}
