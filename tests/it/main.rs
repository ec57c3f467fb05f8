//! The one integration-test binary.

mod browser;
mod calculator;
mod cli;
mod compare;
mod erlang_ref;
mod fit;
mod fuzz;
mod plan;
mod priority;
mod replay;
mod report;
mod scenario_errors;
mod simulate;
mod staff;
mod sweep;
mod teach;
mod telephony;
mod templates;
mod theory;
mod validation;

/// Helpers the test modules share.
pub mod util {
    use std::path::PathBuf;
    use std::process::{Command, Output};

    /// Held by the tests that load the whole machine (the fuzz batch, whose cases have
    /// a time limit, and the browser test), so they never run at once.
    pub static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// `HEAVY`, also after a test that held it failed.
    pub fn heavy() -> std::sync::MutexGuard<'static, ()> {
        HEAVY.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Run the ccsim binary.
    pub fn ccsim(args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ccsim"))
            .args(args)
            .output()
            .expect("run ccsim")
    }

    /// A fresh folder under the system's temp folder for one test.
    pub fn scratch(prefix: &str, name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ccsim-{prefix}-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("scratch folder");
        d
    }

    /// The contact log (`--write-trace`) of one `days`-day replication of `scenario`
    /// with seed 3, written to `log`.
    pub fn simulated_log(scenario: &std::path::Path, log: &std::path::Path, days: &str) {
        let out = ccsim(&[
            "simulate",
            scenario.to_str().unwrap(),
            "-q",
            "-r",
            "1",
            "-s",
            "3",
            "--days",
            days,
            "--write-trace",
            log.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A successful run's stdout as JSON.
    pub fn json(out: &Output) -> serde_json::Value {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }
}
