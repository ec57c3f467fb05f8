//! Customer priority classes (issue 12): class-less runs unchanged, the priority
//! queue against Cobham's formula, conservation, and the bank replay by class.

use crate::util::ccsim;

/// Outputs of the build before priority classes existed (`tests/data/baseline/`, made
/// with the binary of the branch point): a scenario without classes gives the same
/// bytes, whatever the engine's new queues do.
#[test]
fn runs_without_classes_give_the_bytes_of_the_build_before_classes() {
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "simulate",
                "scenarios/olymp.toml",
                "-r",
                "3",
                "--days",
                "3",
                "--json",
            ],
            "olymp_r3_d3.json",
        ),
        (
            &[
                "simulate",
                "scenarios/olymp.toml",
                "--trace",
                "tests/data/trace/olymp_thursday.csv",
                "-r",
                "2",
                "--json",
            ],
            "olymp_thursday_trace.json",
        ),
        (
            &[
                "simulate",
                "tests/data/telephony/w1_17_lines.toml",
                "-r",
                "2",
                "--days",
                "2",
                "--json",
            ],
            "telephony_w1_17_lines.json",
        ),
        (
            &[
                "simulate",
                "tests/data/telephony/w1_17_lines_redial.toml",
                "-r",
                "2",
                "--days",
                "2",
                "--json",
            ],
            "telephony_w1_17_lines_redial.json",
        ),
        (
            &[
                "simulate",
                "tests/data/telephony/w1_callback.toml",
                "-r",
                "2",
                "--days",
                "2",
                "--json",
            ],
            "telephony_w1_callback.json",
        ),
        (
            &[
                "simulate",
                "tests/data/telephony/w1_max_blocking.toml",
                "-r",
                "2",
                "--days",
                "2",
                "--json",
            ],
            "telephony_w1_max_blocking.json",
        ),
        (
            &[
                "replay",
                "tests/data/trace/anonymous_bank_1999_sample.txt",
                "--fifo",
                "--json",
            ],
            "bank_sample_replay.json",
        ),
    ];
    for (args, file) in cases {
        let out = ccsim(args);
        assert!(
            out.status.success(),
            "ccsim {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        let want = std::fs::read(format!("tests/data/baseline/{file}")).expect("baseline file");
        assert!(
            out.stdout == want,
            "ccsim {} differs from tests/data/baseline/{file}",
            args.join(" ")
        );
    }
}
