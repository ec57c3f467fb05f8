//! Reading a scenario file: TOML into the raw structs ([`super::raw`]), then the checks
//! ([`super::validate`]). Syntax, type and unknown-key errors come from the TOML
//! parser one at a time; every semantic problem is collected.

use std::path::Path;

use super::diagnostic::{Diagnostic, LoadError};
use super::model::Scenario;
use super::raw;
use super::validate::{Cx, check};

/// Read and check a scenario file.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    match std::fs::read_to_string(path) {
        Ok(text) => load_str(&text, path),
        Err(e) => Err(LoadError {
            file: path.to_path_buf(),
            problems: vec![Diagnostic::whole(
                path,
                format!("cannot read the scenario file: {}", io_words(&e)),
                "check the path; scenario files live in scenarios/",
            )],
        }),
    }
}

pub(super) fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::InvalidData => "it is not UTF-8 text".into(),
        _ => e.to_string(),
    }
}

/// Check scenario text; `path` names it in messages and anchors relative file names.
pub fn load_str(text: &str, path: &Path) -> Result<Scenario, LoadError> {
    let raw: raw::File = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let (message, help) = toml_words(&e, text);
            return Err(LoadError {
                file: path.to_path_buf(),
                problems: vec![Diagnostic::at(path, text, e.span(), message, help)],
            });
        }
    };
    let mut cx = Cx {
        file: path.to_path_buf(),
        text,
        problems: Vec::new(),
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
        _ => Err(LoadError {
            file: path.to_path_buf(),
            problems: cx.problems,
        }),
    }
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
        let help = if k == "days" {
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
    (
        format!("this is not valid TOML: {m}"),
        "fix the syntax at the caret (strings need quotes, tables [name], arrays [a, b])".into(),
    )
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
    let inline = this_line
        .find('{')
        .and_then(|b| this_line[..b].trim_end().strip_suffix('='))
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

fn edit_distance(a: &str, b: &str) -> usize {
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
