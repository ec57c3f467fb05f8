//! Durations as people write them: `20s`, `3m`, `12h`, `1800s`, `1.5h`, `2d`, or a
//! bare number of seconds; also combined, as in `1h30m`.

/// Parse a duration into seconds. The error says what was expected.
pub fn parse_duration_s(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("a duration is empty: write e.g. `20s`, `3m` or `12h`".into());
    }
    if let Ok(v) = t.parse::<f64>() {
        return check(v, text);
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
    check(total, text)
}

fn check(v: f64, text: &str) -> Result<f64, String> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(format!(
            "`{text}` is not a duration: it must be zero or more, e.g. `20s`, `3m` or `12h`"
        ))
    }
}

fn bad(text: &str) -> String {
    format!(
        "`{text}` is not a duration: write a number with a unit s, m, h or d, e.g. `20s`, `3m`, `12h` or `1800s`"
    )
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
    fn formats() {
        assert_eq!(format_duration_s(20.0), "20s");
        assert_eq!(format_duration_s(180.0), "3m");
        assert_eq!(format_duration_s(5400.0), "1h30m");
        assert_eq!(format_duration_s(2.5), "2.5s");
    }
}
