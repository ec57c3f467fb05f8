//! Roster files: the shifts of some of a scenario's groups, kept apart from the
//! scenario (`ccsim plan` writes one, `ccsim simulate --roster FILE` reads it).
//!
//! A roster file is a TOML fragment holding only `[[group]]` tables, each naming a group
//! of the scenario, with an optional `headcount` and its `[[group.shift]]` entries:
//!
//! ```toml
//! [[group]]
//! name = "L1 English"
//! [[group.shift]]
//! name = "day Mon-Fri 08:00 a"
//! start = "08:00"
//! length = "8h30m"
//! days = ["mon", "tue", "wed", "thu", "fri"]
//! agents = 3
//! breaks = [{ after = "3h30m", length = "30m" }]
//! ```
//!
//! The shifts of a listed group replace the group's own; groups not listed keep theirs.
//! Shifts are checked by the scenario loader's own function, so they read and fail
//! exactly as a scenario's shifts do.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::diagnostic::{Diagnostic, LoadError, Problems, names_words};
use super::load::{Unreadable, nearest, parse_toml, read_user_text};
use super::model::{Scenario, Shift};
use super::raw;
use super::validate::{Cx, DAY_NAMES, count_agents, headcount_of, hhmm, line_of_offset, shift};
use crate::duration::format_duration_exact;

/// Read a roster file (at most [`crate::limits::MAX_SCENARIO_BYTES`], UTF-8) and apply
/// it to `s` (see [`apply_roster`]).
pub fn load_roster(s: &Scenario, path: &Path) -> Result<Scenario, LoadError> {
    match read_user_text(path, "the roster file") {
        Ok(text) => apply_roster(s, &text, path),
        Err(Unreadable::Io(why)) => Err(LoadError::new(
            path,
            vec![Diagnostic::whole(
                path,
                format!("cannot read the roster file: {why}"),
                "check the path given to --roster",
            )],
        )),
        Err(Unreadable::Problem(d)) => Err(LoadError::new(path, vec![*d])),
    }
}

/// The scenario `s` with the shifts of roster `text` (the contents of `path`, named in
/// messages): each `[[group]]` names a group of `s` and its shifts replace the group's
/// (headcount recomputed; a `headcount` key is checked against them); groups not
/// listed keep theirs. Every problem is reported at once, positioned, as the scenario
/// loader reports them: an unknown group (with the nearest name), a group listed twice,
/// a group without shifts, shifts as a scenario's, unknown keys, and more than
/// [`crate::limits::MAX_AGENTS`] agents in the whole scenario.
pub fn apply_roster(s: &Scenario, text: &str, path: &Path) -> Result<Scenario, LoadError> {
    let roster: raw::Roster = parse_toml(text, path)?;
    let mut cx = Cx {
        file: path.to_path_buf(),
        text,
        problems: Problems::default(),
        line_starts: std::cell::OnceCell::new(),
    };
    if roster.groups.is_empty() {
        cx.problems.push(Diagnostic::whole(
            path,
            "the roster file lists no groups",
            "give each group's shifts under a [[group]] with its name (a roster is what `ccsim plan` writes)",
        ));
    }
    let names: Vec<String> = s.groups.iter().map(|g| g.name.clone()).collect();
    let index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    // which group each entry replaces, the first entry of each group
    let mut first_at: HashMap<usize, usize> = HashMap::new();
    let mut target: Vec<Option<usize>> = Vec::with_capacity(roster.groups.len());
    for g in &roster.groups {
        let name = &g.get_ref().name;
        let found = index.get(name.get_ref().as_str()).copied();
        match found {
            None => {
                let help = match nearest(name.get_ref(), &names) {
                    Some(n) => format!(
                        "did you mean `{n}`? the scenario's groups are: {}",
                        names_words(&names)
                    ),
                    None => format!("the scenario's groups are: {}", names_words(&names)),
                };
                cx.err_kind(
                    "unknown names",
                    name.span(),
                    format!(
                        "the roster names group `{}`, which is not in the scenario",
                        name.get_ref()
                    ),
                    help,
                );
                target.push(None);
            }
            Some(i) => match first_at.get(&i) {
                Some(&at) => {
                    let line = line_of_offset(text, at);
                    cx.err(
                        name.span(),
                        format!(
                            "the roster lists group `{}` twice (the first on line {line})",
                            name.get_ref()
                        ),
                        "give all of a group's shifts under one [[group]]",
                    );
                    target.push(None);
                }
                None => {
                    first_at.insert(i, name.span().start);
                    target.push(Some(i));
                }
            },
        }
    }
    // the groups the roster leaves alone count toward the scenario's agents first
    let mut total_agents: u32 = s
        .groups
        .iter()
        .enumerate()
        .filter(|(i, _)| !first_at.contains_key(i))
        .fold(0u32, |a, (_, g)| a.saturating_add(g.headcount));
    let mut out = s.clone();
    for (g, to) in roster.groups.iter().zip(&target) {
        let gr = g.get_ref();
        let name = gr.name.get_ref();
        if gr.shifts.is_empty() {
            cx.err(
                gr.name.span(),
                format!("group `{name}` has no shifts in the roster: its agents would never work"),
                "add its [[group.shift]] entries (agents = 0 is allowed), or leave the group out to keep the scenario's shifts",
            );
        }
        let mut shifts: Vec<Shift> = Vec::with_capacity(gr.shifts.len());
        for (i, sh) in gr.shifts.iter().enumerate() {
            if let Some(s) = shift(&mut cx, sh, name, i + 1) {
                count_agents(&mut cx, &mut total_agents, sh, s.agents);
                shifts.push(s);
            }
        }
        let headcount = headcount_of(&mut cx, gr.headcount.as_ref(), name, &shifts);
        if let Some(group) = to.and_then(|i| out.groups.get_mut(i)) {
            group.shifts = shifts;
            group.headcount = headcount;
        }
    }
    if cx.problems.is_empty() {
        Ok(out)
    } else {
        Err(cx.problems.into_error(path))
    }
}

/// A roster file of the shifts of `groups` (indices into `s.groups`, written in that
/// order): `header` as `# ` comment lines, then for each group its `[[group]]` with its
/// name and every shift. Durations are written so that they read back to the identical
/// seconds ([`format_duration_exact`]) and days as a list, so [`apply_roster`] of the
/// text gives back the same shifts; the text depends on nothing else (byte-stable).
/// Shift starts are written as `HH:MM`, the only form a shift's start takes in a file
/// (loaded and planned shifts start on whole minutes).
pub fn roster_toml(s: &Scenario, groups: &[usize], header: &str) -> String {
    let mut out = String::new();
    if !header.is_empty() {
        for line in header.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                out.push_str("#\n");
            } else {
                let _ = writeln!(out, "# {line}");
            }
        }
    }
    for g in groups.iter().filter_map(|&g| s.groups.get(g)) {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "[[group]]\nname = {}", quoted(&g.name));
        for sh in &g.shifts {
            let days: Vec<String> = DAY_NAMES
                .iter()
                .zip(sh.days)
                .filter(|(_, works)| *works)
                .map(|(d, _)| format!("\"{}\"", d.to_ascii_lowercase()))
                .collect();
            let _ = write!(
                out,
                "\n[[group.shift]]\nname = {}\nstart = \"{}\"\nlength = \"{}\"\ndays = [{}]\nagents = {}\n",
                quoted(&sh.name),
                hhmm(sh.start_s),
                format_duration_exact(sh.length_s),
                days.join(", "),
                sh.agents
            );
            if !sh.breaks.is_empty() {
                let breaks: Vec<String> = sh
                    .breaks
                    .iter()
                    .map(|b| {
                        format!(
                            "{{ after = \"{}\", length = \"{}\" }}",
                            format_duration_exact(b.after_s),
                            format_duration_exact(b.length_s)
                        )
                    })
                    .collect();
                let _ = writeln!(out, "breaks = [{}]", breaks.join(", "));
            }
        }
    }
    out
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_so_toml_reads_them_back() {
        for name in [
            "plain",
            "say \"hi\"",
            "back\\slash",
            "tab\tnew\nline",
            "bell\u{7}",
            "ünï",
        ] {
            let text = format!("name = {}\n", quoted(name));
            let v: toml::Table = toml::from_str(&text).unwrap();
            assert_eq!(v["name"].as_str(), Some(name), "{text}");
        }
    }

    #[test]
    fn nearest_names_are_typos_only() {
        let names = vec!["L1 English".to_string(), "L1 German".to_string()];
        assert_eq!(nearest("L1 Englsh", &names), Some("L1 English"));
        assert_eq!(nearest("night crew", &names), None);
    }
}
