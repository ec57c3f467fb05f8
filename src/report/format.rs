//! How every report writes numbers, estimates, verdicts and codes: one place, so that
//! no table prints `-0.0%`, `± 0` from one replication, or a code without a legend.

use crate::erlang::Binding;
use crate::stats::Estimate;

/// Version of the JSON layouts ccsim prints (`schema_version` in every JSON object
/// of `erlang`, `staff`, `simulate` and `replay`). It goes up when a field is renamed,
/// removed or changes meaning; new fields do not change it.
pub const SCHEMA_VERSION: u32 = 1;

/// The line every report of a single replication carries instead of intervals.
pub const ONE_REPLICATION: &str =
    "1 replication: no confidence intervals; use --replications 2 or more";

/// What a half-width that cannot be computed prints as.
pub const NO_HALF_WIDTH: &str = "—";

/// `x` with `digits` decimals, never `-0.0` (a negative value that rounds to zero
/// prints as zero); `-` when `x` is NaN, `inf`/`-inf` when unbounded.
pub fn fmt_fixed(x: f64, digits: usize) -> String {
    if x.is_nan() {
        return "-".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let s = format!("{x:.digits$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// A count with thousands separated: `1,234`; below 10 with one decimal.
pub fn fmt_count(per_rep: f64) -> String {
    if per_rep < 10.0 {
        return fmt_fixed(per_rep, 1);
    }
    let digits = format!("{:.0}", per_rep);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A share as a percentage with `digits` decimals (`0.123` → `12.3%`), never `-0.0%`.
pub fn fmt_pct(share: f64, digits: usize) -> String {
    if share.is_nan() {
        return "-".into();
    }
    format!("{}%", fmt_fixed(share * 100.0, digits))
}

/// An estimate over replications: `mean ± half-width`; `mean ± —` when the
/// half-width cannot be computed (fewer than 2 replications); `-` without data.
pub fn fmt_estimate(e: &Estimate, digits: usize) -> String {
    if !e.mean.is_finite() {
        return "-".into();
    }
    let hw = if e.n < 2 || !e.half_width.is_finite() {
        NO_HALF_WIDTH.to_string()
    } else {
        fmt_fixed(e.half_width, digits)
    };
    format!("{} ± {hw}", fmt_fixed(e.mean, digits))
}

/// An estimate's half-width as JSON: null when it cannot be computed (n < 2).
pub fn half_width_json(e: &Estimate) -> serde_json::Value {
    if e.n < 2 {
        serde_json::Value::Null
    } else {
        super::json_f64(Some(e.half_width))
    }
}

/// Binding targets in one notation everywhere (tables and CSV): codes joined by `+`,
/// e.g. `SL+AB`.
pub fn binding_codes(b: &[Binding]) -> String {
    b.iter().map(Binding::code).collect::<Vec<_>>().join("+")
}

/// What each binding code means (every code ccsim prints).
pub fn binding_meaning(b: Binding) -> &'static str {
    match b {
        Binding::Stability => {
            "stability (the load needs more agents for the queue not to grow without end)"
        }
        Binding::ServiceLevel => "service level",
        Binding::Asa => "average speed of answer",
        Binding::Abandon => "abandonment",
        Binding::Occupancy => "occupancy cap",
        Binding::Blocking => "blocking",
    }
}

/// The legend of the binding codes: `SL service level, ASA ..., STAB ...`.
pub fn binding_legend() -> String {
    [
        Binding::ServiceLevel,
        Binding::Asa,
        Binding::Abandon,
        Binding::Occupancy,
        Binding::Blocking,
        Binding::Stability,
    ]
    .iter()
    .map(|b| format!("{} {}", b.code(), binding_meaning(*b)))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Whether to colour text for the terminal: never when `NO_COLOR` is set (and not
/// empty); always when `CLICOLOR_FORCE` is set (and not `0`); else when stdout is a
/// terminal. Files, JSON and piped output are never coloured.
pub fn colour_stdout() -> bool {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    set("CLICOLOR_FORCE") || std::io::stdout().is_terminal()
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Colour a rendered table's verdicts: `verdicts[i]` is the pass/fail of data row i
/// (line i + 2 after the header and the rule), whose last cell is painted green for a
/// pass and red (the whole line) for a miss. Alignment is kept: escapes are added
/// after padding.
pub fn paint_verdicts(rendered: &str, verdicts: &[Option<bool>]) -> String {
    let mut out = String::with_capacity(rendered.len() + 16 * verdicts.len());
    for (i, line) in rendered.split_inclusive('\n').enumerate() {
        let verdict = i
            .checked_sub(2)
            .and_then(|r| verdicts.get(r).copied().flatten());
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        match verdict {
            Some(true) => {
                let cut = body.rfind(' ').map_or(0, |p| p + 1);
                out.push_str(&body[..cut]);
                out.push_str(GREEN);
                out.push_str(&body[cut..]);
                out.push_str(RESET);
            }
            Some(false) => {
                out.push_str(RED);
                out.push_str(body);
                out.push_str(RESET);
            }
            None => out.push_str(body),
        }
        out.push_str(nl);
    }
    out
}

/// Paint one word red (miss) or green (pass).
pub fn paint(text: &str, ok: bool) -> String {
    format!("{}{text}{RESET}", if ok { GREEN } else { RED })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_negative_zero() {
        assert_eq!(fmt_fixed(-0.0, 1), "0.0");
        assert_eq!(fmt_fixed(-0.00004, 1), "0.0");
        assert_eq!(fmt_fixed(-0.04, 0), "0");
        assert_eq!(fmt_fixed(-0.06, 1), "-0.1");
        assert_eq!(fmt_pct(-1e-9, 1), "0.0%");
        assert_eq!(fmt_pct(0.634, 1), "63.4%");
        assert_eq!(fmt_fixed(f64::NAN, 2), "-");
        assert_eq!(fmt_fixed(f64::INFINITY, 2), "inf");
    }

    #[test]
    fn one_replication_has_no_half_width() {
        let one = Estimate {
            mean: 0.5,
            half_width: 0.0,
            n: 1,
        };
        assert_eq!(fmt_estimate(&one, 3), "0.500 ± —");
        assert_eq!(half_width_json(&one), serde_json::Value::Null);
        let two = Estimate { n: 2, ..one };
        assert_eq!(fmt_estimate(&two, 3), "0.500 ± 0.000");
        assert_eq!(half_width_json(&two), serde_json::json!(0.0));
    }

    #[test]
    fn every_binding_code_is_in_the_legend() {
        let legend = binding_legend();
        for code in ["SL", "ASA", "AB", "OCC", "BLK", "STAB"] {
            assert!(legend.contains(&format!("{code} ")), "{code} in {legend}");
        }
        assert_eq!(
            binding_codes(&[Binding::ServiceLevel, Binding::Abandon]),
            "SL+AB"
        );
    }

    #[test]
    fn verdicts_are_painted_after_padding() {
        let t = "kpi  pass\n---  ----\na     yes\nb      NO\nc\n";
        let p = paint_verdicts(t, &[Some(true), Some(false), None]);
        assert_eq!(
            p,
            "kpi  pass\n---  ----\na     \x1b[32myes\x1b[0m\n\x1b[31mb      NO\x1b[0m\nc\n"
        );
    }
}
