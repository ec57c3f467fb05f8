//! Erlang B, C and A against an independent high-precision reference
//! (tests/data/erlang_ref.csv, written by tests/reference/erlang_ref.py with mpmath at
//! 50 digits by explicit birth-death sums and per-state hypoexponential terms — a
//! different method from the library's recursions, series and quadrature).

use ccsim::erlang::{self, Load, Model, SlDefinition};

/// The accuracy the target comparisons rely on (`erlang::within_limit`).
const REL_TOL: f64 = erlang::staffing::MEASURE_REL_ACCURACY;

fn close(what: &str, got: f64, want: f64, case: &str) -> Result<(), String> {
    let ok = if want.abs() < 1e-290 {
        got.abs() < 1e-280
    } else {
        ((got - want) / want).abs() <= REL_TOL
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{case}: {what} = {got:e}, reference {want:e}, rel err {:e}",
            ((got - want) / want).abs()
        ))
    }
}

#[test]
fn erlang_matches_high_precision_reference() {
    let mut rdr =
        csv::Reader::from_path("tests/data/erlang_ref.csv").expect("reference table is shipped");
    let headers = rdr.headers().expect("header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let (c_model, c_n, c_a, c_aht, c_pat, c_t) = (
        col("model"),
        col("agents"),
        col("load_erl"),
        col("aht_s"),
        col("patience_s"),
        col("t_s"),
    );
    let (c_b, c_pw, c_sl, c_asa, c_ab) = (
        col("blocking"),
        col("p_wait"),
        col("service_level"),
        col("asa_s"),
        col("p_abandon"),
    );
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    let mut max_n = 0u32;
    for rec in rdr.records() {
        let rec = rec.expect("row");
        let num = |i: usize| -> Option<f64> {
            rec.get(i)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().expect("number"))
        };
        let model = rec.get(c_model).unwrap_or_default().to_string();
        let n: u32 = rec.get(c_n).and_then(|s| s.parse().ok()).expect("agents");
        let a = num(c_a).expect("load");
        max_n = max_n.max(n);
        *counts.entry(model.clone()).or_insert(0) += 1;
        let case = format!("{model} N={n} A={a}");
        let mut check = |what: &str, got: Option<f64>, want: Option<f64>| {
            if let Some(want) = want {
                match got {
                    Some(got) => {
                        if let Err(e) = close(what, got, want, &case) {
                            failures.push(e);
                        }
                    }
                    None => failures.push(format!("{case}: {what} missing")),
                }
            }
        };
        match model.as_str() {
            "B" => check("blocking", Some(erlang::erlang_b(n, a)), num(c_b)),
            "C" | "A" => {
                let aht = num(c_aht).expect("aht");
                let t = num(c_t);
                let load = Load {
                    arrival_rate_per_s: a / aht,
                    aht_s: aht,
                };
                let m = if model == "C" {
                    check("erlang_c", Some(erlang::erlang_c(n, a)), num(c_pw));
                    erlang::measures(Model::C, n, load, t, SlDefinition::Offered)
                } else {
                    erlang::measures(
                        Model::A {
                            patience_s: num(c_pat).expect("patience"),
                        },
                        n,
                        load,
                        t,
                        SlDefinition::Offered,
                    )
                };
                check("p_wait", m.p_wait, num(c_pw));
                check("service_level", m.service_level, num(c_sl));
                check("asa_s", m.asa_s, num(c_asa));
                check("p_abandon", m.p_abandon, num(c_ab));
            }
            other => failures.push(format!("unknown model {other}")),
        }
    }
    let total: usize = counts.values().sum();
    assert!(total >= 30, "only {total} reference cases: {counts:?}");
    for m in ["B", "C", "A"] {
        assert!(
            counts.get(m).copied().unwrap_or(0) >= 8,
            "too few {m} cases: {counts:?}"
        );
    }
    assert!(max_n >= 50_000, "largest N is {max_n}");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
