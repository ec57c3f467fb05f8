//! Reading a scenario file: TOML into the raw structs ([`super::raw`]), then the checks
//! ([`super::validate`]). Syntax, type and unknown-key errors come from the TOML
//! parser one at a time; every semantic problem is collected.

use std::ops::Range;
use std::path::Path;

use super::diagnostic::{Diagnostic, LoadError, Problems};
use super::model::Scenario;
use super::raw;
use super::validate::{Cx, check};
use crate::limits::{MAX_SCENARIO_BYTES, ReadError, format_bytes, read_bytes_capped};

/// Read and check a scenario file (at most [`MAX_SCENARIO_BYTES`], UTF-8).
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    load_str(&read_scenario_text(path)?, path)
}

/// The text of a scenario file, read as [`load`] reads it (size cap, UTF-8).
pub fn read_scenario_text(path: &Path) -> Result<String, LoadError> {
    match read_user_text(path, "the scenario file") {
        Ok(text) => Ok(text),
        Err(Unreadable::Io(why)) => Err(LoadError::new(
            path,
            vec![Diagnostic::whole(
                path,
                format!("cannot read the scenario file: {why}"),
                "check the path; scenario files live in scenarios/",
            )],
        )),
        Err(Unreadable::Problem(d)) => Err(LoadError::new(path, vec![*d])),
    }
}

/// Why a user's text file could not be read.
pub(super) enum Unreadable {
    /// The operating system's reason (no such file, permission denied, ...).
    Io(String),
    /// Too large or not UTF-8: a problem with the file itself, positioned where it can be.
    Problem(Box<Diagnostic>),
}

/// Read a scenario file or a file it names: at most [`MAX_SCENARIO_BYTES`] (a device
/// such as /dev/zero stops there), UTF-8, the first bad byte located by line and column.
pub(super) fn read_user_text(path: &Path, what: &str) -> Result<String, Unreadable> {
    let bytes = match read_bytes_capped(path, MAX_SCENARIO_BYTES) {
        Ok(b) => b,
        Err(ReadError::TooLarge { max_bytes }) => {
            return Err(Unreadable::Problem(Box::new(Diagnostic::whole(
                path,
                format!("{what} is larger than {}", format_bytes(max_bytes)),
                format!(
                    "ccsim reads scenario files and the files they name up to {}: check that this is the right file",
                    format_bytes(max_bytes)
                ),
            ))));
        }
        // read_bytes_capped does not decode: NotUtf8 cannot come from it
        Err(e @ ReadError::NotUtf8 { .. }) => return Err(Unreadable::Io(e.to_string())),
        Err(ReadError::Io(why)) => return Err(Unreadable::Io(why)),
    };
    match String::from_utf8(bytes) {
        Ok(t) => Ok(t),
        Err(e) => {
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..bad]);
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let line = before.matches('\n').count() + 1;
            let col = before[line_start..].chars().count() + 1;
            // the line as far as it goes, bad bytes shown as U+FFFD
            let end = bytes[bad..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| bad + i);
            let line_text = String::from_utf8_lossy(&bytes[line_start..end])
                .trim_end_matches('\r')
                .to_string();
            Err(Unreadable::Problem(Box::new(Diagnostic {
                message: format!(
                    "{what} is not UTF-8 text: byte {bad} (0x{:02X}) is not",
                    bytes[bad]
                ),
                help: "save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\"; in an editor: encoding UTF-8)".into(),
                file: path.to_path_buf(),
                line_col: Some((line, col)),
                snippet: Some((line_text, 1)),
            })))
        }
    }
}

/// Check scenario text; `path` names it in messages and anchors relative file names.
pub fn load_str(text: &str, path: &Path) -> Result<Scenario, LoadError> {
    let raw: raw::File = parse_toml(text, path)?;
    let mut cx = Cx {
        file: path.to_path_buf(),
        text,
        problems: Problems::default(),
        line_starts: std::cell::OnceCell::new(),
    };
    let scenario = check(&mut cx, &raw);
    if scenario.is_none() && cx.problems.is_empty() {
        // every path that gives up reports why; this keeps the promise if one does not
        cx.problems.push(Diagnostic::whole(
            path,
            "the scenario could not be checked",
            "please report this with the scenario file",
        ));
    }
    match scenario {
        Some(s) if cx.problems.is_empty() => Ok(s),
        _ => Err(cx.problems.into_error(path)),
    }
}

/// TOML text into raw structs; a syntax error, a value of the wrong type or an unknown
/// key is one problem at its place, in the project's words (see [`toml_words`]).
pub(super) fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &Path,
) -> Result<T, LoadError> {
    toml::from_str(text).map_err(|e| {
        let (message, help) = toml_words(&e, text);
        let span = if e.message().contains("recurs") {
            nesting_start(text, e.span())
        } else {
            e.span()
        };
        LoadError::new(path, vec![Diagnostic::at(path, text, span, message, help)])
    })
}

/// The toml parser's message, in the project's words where we can: which table an
/// unknown or missing key belongs to, the nearest allowed key, and for a wrong type
/// the key and what to write instead.
fn toml_words(e: &toml::de::Error, text: &str) -> (String, String) {
    let m = e.message().trim().to_string();
    let at = e.span().map(|r| r.start);
    let table = at.and_then(|o| table_at(text, o));
    let within = |t: &Option<String>| t.as_ref().map_or(String::new(), |t| format!(" in {t}"));
    if let Some(rest) = m.strip_prefix("unknown field ") {
        // `unknown field `x`, expected one of `a`, `b``
        let (field, expected) = match rest.split_once(", expected ") {
            Some((f, x)) => (f.trim_matches('`').to_string(), x.to_string()),
            None => (rest.trim_matches('`').to_string(), String::new()),
        };
        let allowed: Vec<String> = expected
            .trim_start_matches("one of ")
            .split(", ")
            // two keys come as "`a` or `b`"
            .flat_map(|s| s.split(" or "))
            .map(|s| s.trim_matches('`').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let suggestion = allowed
            .iter()
            .min_by_key(|a| edit_distance(a, &field))
            .filter(|a| edit_distance(a, &field) <= 3.max(field.chars().count() / 3));
        let help = match suggestion {
            Some(s) => format!(
                "did you mean `{s}`? the keys allowed here are: {}",
                allowed.join(", ")
            ),
            None if !allowed.is_empty() => {
                format!("the keys allowed here are: {}", allowed.join(", "))
            }
            None => "remove it".into(),
        };
        // an unknown table header names the key itself: no enclosing table to name
        let place = match at.map(|o| line_of(text, o)) {
            Some(l) if l.trim_start().starts_with('[') => {
                return (format!("unknown table `{field}`"), help);
            }
            _ => within(&table),
        };
        return (format!("unknown key `{field}`{place}"), help);
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        let field = rest.trim_matches('`');
        // the span is the table that lacks the key: its header, when it has one
        let place = match at.map(|o| line_of(text, o).trim()) {
            Some(l) if is_header(l) => format!(" in {}", l.split('#').next().unwrap_or(l).trim()),
            _ => within(&table),
        };
        let example = match field {
            "scenario" => "add a [scenario] table with name and interval".to_string(),
            "demand" => "add a [demand] table: monthly_contacts (or weekly_contacts), channel_mix, day_of_week, time_of_day, or forecast = \"file.csv\"".to_string(),
            _ => {
                let example = match field {
                    "kind" => "kind = \"live\"` or `kind = \"deferred\"",
                    "interval" => "interval = \"30m\"",
                    "share" => "share = 0.25",
                    "resolve" => "resolve = 0.80",
                    "tier" => "tier = \"L1\"",
                    "languages" => "languages = [\"*\"]",
                    "channels" => "channels = [\"*\"]",
                    "start" => "start = \"08:00\"",
                    "length" => "length = \"8h\"",
                    "days" => "days = \"mon-fri\"",
                    "agents" => "agents = 10",
                    "dist" => "dist = \"exponential\"",
                    "after" => "after = \"4h\"",
                    "every" => "every = \"1h\"",
                    "from" => "from = \"06:00\"",
                    "to" => "to = \"10:00\"",
                    "earliest" => "earliest = \"3h\"",
                    "latest" => "latest = \"5h\"",
                    "delay" => "delay = \"24h\"",
                    "name" => "name = \"...\"",
                    _ => "",
                };
                let to = place.replacen(" in ", " to this ", 1);
                if example.is_empty() {
                    format!("add `{field} = ...`{to} (see docs/scenario.md)")
                } else {
                    format!("add `{example}`{to}")
                }
            }
        };
        return (format!("missing key `{field}`{place}"), example);
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        // `invalid type: string "two", expected a number`
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let key = at.and_then(|o| key_before(text, o));
        let literal = e
            .span()
            .and_then(|r| text.get(r))
            .unwrap_or("")
            .trim()
            .to_string();
        let expected = expected
            .replace("a sequence", "a list")
            .replace("a map", "a table");
        let found = found
            .replace("string ", "the text ")
            .replace("integer ", "the whole number ")
            .replace("floating point ", "the number ")
            .replace("boolean ", "");
        let message = match &key {
            Some(k) => format!("`{k}` is {found}, but it must be {expected}"),
            None => format!("this value is {found}, but it must be {expected}"),
        };
        let k = key.clone().unwrap_or_else(|| "key".into());
        let help = if k == "start" && expected.contains("window") {
            "write start = \"08:00\", start = [\"08:00\", \"09:00\"] or start = { from = \"06:00\", to = \"10:00\", every = \"1h\" }".to_string()
        } else if k == "days" {
            "write days = \"mon-fri\", days = \"all\" or days = [\"mon\", \"wed\"]".to_string()
        } else if k == "shrinkage" {
            "write shrinkage = 0.30, or shrinkage = { breaks = 0.08, absence = 0.12 }".to_string()
        } else if expected.contains("duration") {
            format!("write a duration in quotes, e.g. {k} = \"20s\", \"3m\" or \"12h\"")
        } else if expected.contains("number") || expected.contains("integer") {
            format!("write a number without quotes, e.g. {k} = 2")
        } else if expected.contains("string") && !literal.is_empty() && !literal.starts_with('"') {
            format!(
                "put it in double quotes: {k} = \"{}\"",
                literal.trim_matches('\'')
            )
        } else if expected.contains("sequence") || expected.contains("list") {
            format!("write a list in brackets, e.g. {k} = [\"en\", \"de\"]")
        } else if expected.contains("table") || expected.contains("struct") {
            format!("write a table, e.g. {k} = {{ ... }} or a [section] (see docs/scenario.md)")
        } else {
            "write the value in the form shown in docs/scenario.md".into()
        };
        return (message, help);
    }
    if m.contains("recurs") {
        return if e.span().is_some() {
            (
                "lists or tables are nested more than 80 levels deep here".into(),
                "a scenario nests lists and tables only a few levels: close the brackets (see docs/scenario.md)".into(),
            )
        } else {
            (
                "a key has 80 or more dotted parts".into(),
                "write keys of a few parts, e.g. [tier.handle_time] (see docs/scenario.md)".into(),
            )
        };
    }
    (
        format!("this is not valid TOML: {m}"),
        "fix the syntax at the caret (strings need quotes, tables [name], arrays [a, b])".into(),
    )
}

/// Where a nesting too deep for the TOML parser starts: the first of the brackets
/// that open around the one it refused, or the first key of 80 dotted parts (the
/// parser gives no position for that one).
fn nesting_start(text: &str, span: Option<Range<usize>>) -> Option<Range<usize>> {
    match span {
        Some(r) => {
            let mut start = r.start.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let before = &text[..start];
            let open = before.len()
                - before
                    .trim_end_matches(|c: char| "[{".contains(c) || c.is_whitespace() || c == ',')
                    .len();
            let s = start - open;
            let s = s + text[s..].find(['[', '{']).unwrap_or(0);
            Some(s..s + 1)
        }
        None => {
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                let key = line.split(['=', '#']).next().unwrap_or("");
                if key.matches('.').count() >= 79 {
                    let lead = key.len() - key.trim_start().len();
                    return Some(at + lead..at + key.trim_end().len());
                }
                at += line.len();
            }
            None
        }
    }
}

/// The line of `text` holding byte `offset`.
fn line_of(text: &str, offset: usize) -> &str {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    let start = text[..o].rfind('\n').map_or(0, |i| i + 1);
    let end = text[o..].find('\n').map_or(text.len(), |i| o + i);
    &text[start..end]
}

/// The table (`[[channel]]`, `[demand]`, ...) whose body holds byte `offset`, with the
/// inline table's key when the offset is inside `key = { ... }`.
fn table_at(text: &str, offset: usize) -> Option<String> {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    let before = &text[..o];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let header = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| is_header(l))
        .map(|l| l.split('#').next().unwrap_or(l).trim().to_string());
    let this_line = &before[line_start..];
    // `key = { ...` or a list of tables, `key = [{ ...`
    let inline = this_line
        .find('{')
        .and_then(|b| {
            let before = this_line[..b].trim_end();
            before
                .strip_suffix('[')
                .unwrap_or(before)
                .trim_end()
                .strip_suffix('=')
        })
        .map(|k| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty());
    match (inline, header) {
        (Some(k), Some(h)) => Some(format!("`{k}` of {h}")),
        (Some(k), None) => Some(format!("`{k}`")),
        (None, h) => h,
    }
}

fn is_header(line: &str) -> bool {
    let l = line.split('#').next().unwrap_or(line).trim();
    let inner = l.trim_start_matches('[').trim_end_matches(']');
    l.starts_with('[')
        && l.ends_with(']')
        && inner
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '"' || c == '_')
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.\" ".contains(c))
}

/// The key whose value starts at byte `offset` (`key = value`, also inside `{ ... }`).
fn key_before(text: &str, offset: usize) -> Option<String> {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    let before = &text[..o];
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let k = line.trim_end().strip_suffix('=')?.trim_end();
    let key: String = k
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!key.is_empty()).then_some(key)
}

/// The name in `names` nearest to `name`, when it is near enough to be a typo.
pub(crate) fn nearest<'a>(name: &str, names: &'a [String]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| (edit_distance(n, name), n))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, _)| *d <= 3.max(name.chars().count() / 3))
        .map(|(_, n)| n.as_str())
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_suggests() {
        assert_eq!(edit_distance("concurency", "concurrency"), 1);
    }
}
