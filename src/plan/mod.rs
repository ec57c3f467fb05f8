//! Staffing plans: from a validated scenario to agents per interval, FTE and cost.

pub mod staff;

use std::path::Path;

use crate::error::Result;
use crate::report;

pub use staff::{Cell, StaffPlan, TierSummary, Work, staff};

/// `ccsim staff`: load, compute, then print and write the chosen exports.
pub fn staff_command(path: &Path, json: bool, csv: Option<&Path>, detail: bool) -> Result<()> {
    let scenario = crate::scenario::load(path)?;
    let plan = staff(&scenario)?;
    if let Some(csv) = csv {
        report::write_files(&[(
            csv.to_path_buf(),
            report::staff::cells_csv(&scenario, &plan)?,
        )])?;
    }
    let out = if json {
        report::json_bytes(&report::staff::json(&scenario, &plan))
    } else {
        report::staff::text(&scenario, &plan, detail).into_bytes()
    };
    crate::cli::print_bytes(&out)
}
