//! Durations as people write them: `20s`, `3m`, `12h`, `1800s`, `1.5h`, `2d`, or a
//! bare number of seconds; also combined, as in `1h30m`. Every duration is at most
//! [`MAX_DURATION_S`] (366 days): the one place that bound is applied.

use std::fmt;

use crate::limits::MAX_DURATION_S;

/// Why a text or a number is not a duration.
#[derive(Debug, Clone, PartialEq)]
pub enum DurationError {
    /// Nothing was written.
    Empty,
    /// Not a number with a unit.
    Malformed(String),
    /// Below zero, or not a number (NaN).
    Negative(String),
    /// Longer than [`MAX_DURATION_S`] (or infinite).
    TooLong(String),
}

impl DurationError {
    /// What to write instead, for a `help:` line.
    pub fn help(&self) -> String {
        match self {
            DurationError::Empty | DurationError::Malformed(_) => {
                "write a number with a unit s, m, h or d, e.g. \"20s\", \"3m\", \"12h\" or \"1h30m\"".into()
            }
            DurationError::Negative(_) => {
                "a duration is zero or more, e.g. \"20s\", \"3m\" or \"12h\"".into()
            }
            DurationError::TooLong(_) => format!(
                "a duration is at most {} (\"{}h\"); give a shorter one",
                max_duration_words(),
                MAX_DURATION_S / 3600.0
            ),
        }
    }
}

/// `366 days` (the words for [`MAX_DURATION_S`]).
pub fn max_duration_words() -> String {
    format!("{} days", MAX_DURATION_S / 86400.0)
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Empty => {
                f.write_str("a duration is empty: write e.g. `20s`, `3m` or `12h`")
            }
            DurationError::Malformed(t) => write!(
                f,
                "`{t}` is not a duration: write a number with a unit s, m, h or d, e.g. `20s`, `3m`, `12h` or `1800s`"
            ),
            DurationError::Negative(t) => write!(
                f,
                "`{t}` is not a duration: it must be zero or more, e.g. `20s`, `3m` or `12h`"
            ),
            DurationError::TooLong(t) => write!(
                f,
                "`{t}` is longer than the longest duration ccsim takes, {}",
                max_duration_words()
            ),
        }
    }
}

impl From<DurationError> for String {
    fn from(e: DurationError) -> String {
        e.to_string()
    }
}

/// Parse a command-line flag's duration into seconds: zero or more and finite. Each
/// flag applies its own range after it (`--duty-bin` 1m to 1d, a replay's durations at
/// most [`MAX_DURATION_S`]), so the message names that range; scenario durations go
/// through [`parse_duration`], which caps them.
pub fn parse_duration_s(text: &str) -> Result<f64, String> {
    let v = parse_seconds(text)?;
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(DurationError::Negative(text.to_string()).into())
    }
}

/// Parse a duration into seconds, saying why it is not one: zero or more and at most
/// [`MAX_DURATION_S`].
pub fn parse_duration(text: &str) -> Result<f64, DurationError> {
    check(parse_seconds(text)?, text)
}

/// The seconds a text writes (`20s`, `1h30m`, `180`), before any bound.
fn parse_seconds(text: &str) -> Result<f64, DurationError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DurationError::Empty);
    }
    if let Ok(v) = t.parse::<f64>() {
        return Ok(v);
    }
    let mut total = 0.0;
    let mut rest = t;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(bad(text));
        }
        let value: f64 = rest[..num_len].parse().map_err(|_| bad(text))?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match rest[..unit_len].trim() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86400.0,
            _ => return Err(bad(text)),
        };
        rest = &rest[unit_len..];
        total += value * scale;
    }
    Ok(total)
}

/// A number of seconds as a duration: zero or more and at most [`MAX_DURATION_S`].
pub fn duration_from_s(v: f64) -> Result<f64, DurationError> {
    check(v, &format!("{v}"))
}

fn check(v: f64, text: &str) -> Result<f64, DurationError> {
    if v.is_nan() || v < 0.0 {
        Err(DurationError::Negative(text.to_string()))
    } else if v > MAX_DURATION_S {
        Err(DurationError::TooLong(text.to_string()))
    } else {
        Ok(v)
    }
}

fn bad(text: &str) -> DurationError {
    DurationError::Malformed(text.to_string())
}

/// Format seconds compactly for tables: `20s`, `3m`, `12h`, `1h30m`, `2.5s`.
pub fn format_duration_s(s: f64) -> String {
    if !s.is_finite() {
        return format!("{s}");
    }
    let whole = s.round();
    if (s - whole).abs() > 1e-9 || whole < 60.0 {
        return if (s - whole).abs() > 1e-9 {
            format!("{s:.1}s")
        } else {
            format!("{whole}s")
        };
    }
    let secs = whole as u64;
    let (h, m, sec) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if sec > 0 {
        out.push_str(&format!("{sec}s"));
    }
    out
}

/// Format seconds so that [`parse_duration`] reads back the identical `f64`: whole
/// seconds compactly (`8h30m`, `20s`, `1h5s`, `0s`), anything else as seconds with every
/// digit Rust needs to round-trip it (`1234.5678s`, `0.000000001s`). For files ccsim
/// writes and reads back (roster files).
pub fn format_duration_exact(s: f64) -> String {
    // whole seconds below 2^53 add up exactly as hours, minutes and seconds
    if s.is_finite() && s >= 0.0 && s.fract() == 0.0 && s < 9.0e15 {
        if s == 0.0 {
            return "0s".into();
        }
        let secs = s as u64;
        let (h, m, sec) = (secs / 3600, (secs % 3600) / 60, secs % 60);
        let mut out = String::new();
        for (v, unit) in [(h, "h"), (m, "m"), (sec, "s")] {
            if v > 0 {
                out.push_str(&format!("{v}{unit}"));
            }
        }
        out
    } else {
        // Display gives the shortest decimal that parses back to the same f64, never
        // with an exponent
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(parse_duration_s("20s"), Ok(20.0));
        assert_eq!(parse_duration_s("3m"), Ok(180.0));
        assert_eq!(parse_duration_s("12h"), Ok(43200.0));
        assert_eq!(parse_duration_s("1800s"), Ok(1800.0));
        assert_eq!(parse_duration_s("1.5h"), Ok(5400.0));
        assert_eq!(parse_duration_s("1h30m"), Ok(5400.0));
        assert_eq!(parse_duration_s("180"), Ok(180.0));
        assert_eq!(parse_duration_s("2d"), Ok(172800.0));
        assert!(parse_duration_s("").is_err());
        assert!(parse_duration_s("-5s").is_err());
        assert!(parse_duration_s("5 parsecs").is_err());
        assert!(parse_duration_s("s").is_err());
        assert!(parse_duration_s("nan").is_err());
    }

    #[test]
    fn every_duration_is_at_most_366_days() {
        assert_eq!(parse_duration("366d"), Ok(MAX_DURATION_S));
        assert_eq!(parse_duration("8784h"), Ok(MAX_DURATION_S));
        // flags bound their durations themselves
        assert_eq!(parse_duration_s("400d"), Ok(400.0 * 86400.0));
        assert!(parse_duration_s("1e400").is_err());
        let e = parse_duration("99999999999999h").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`99999999999999h` is longer than the longest duration ccsim takes, 366 days"
        );
        assert_eq!(
            e.help(),
            "a duration is at most 366 days (\"8784h\"); give a shorter one"
        );
        assert!(matches!(
            parse_duration("366d1s"),
            Err(DurationError::TooLong(_))
        ));
        assert!(matches!(
            parse_duration("1e400"),
            Err(DurationError::TooLong(_))
        ));
        assert!(matches!(
            duration_from_s(1e27),
            Err(DurationError::TooLong(_))
        ));
        assert!(matches!(
            duration_from_s(f64::NAN),
            Err(DurationError::Negative(_))
        ));
    }

    #[test]
    fn exact_formats_read_back_to_the_same_seconds() {
        assert_eq!(format_duration_exact(30_600.0), "8h30m");
        assert_eq!(format_duration_exact(0.0), "0s");
        assert_eq!(format_duration_exact(3605.0), "1h5s");
        assert_eq!(format_duration_exact(86_400.0), "24h");
        assert_eq!(format_duration_exact(1234.5678), "1234.5678s");
        for s in [
            0.0,
            1e-9,
            0.1,
            0.3,
            1.0 / 3.0,
            59.999_999_999,
            1234.5678,
            30_600.0,
            30_600.5,
            86_399.999_999_9,
            12_345.678_901_234_567,
            MAX_DURATION_S,
            MAX_DURATION_S - 1e-6,
            f64::MIN_POSITIVE,
        ] {
            let text = format_duration_exact(s);
            assert_eq!(
                parse_duration(&text).map(f64::to_bits),
                Ok(s.to_bits()),
                "{s} written as {text}"
            );
        }
    }

    #[test]
    fn formats() {
        assert_eq!(format_duration_s(20.0), "20s");
        assert_eq!(format_duration_s(180.0), "3m");
        assert_eq!(format_duration_s(5400.0), "1h30m");
        assert_eq!(format_duration_s(2.5), "2.5s");
    }
}
