//! Staffing plans: from a validated scenario to agents per interval, FTE and cost.

pub mod cover;
pub mod planner;
pub mod requirement;
pub mod schedule;
pub mod staff;

pub use staff::{Cell, StaffPlan, TierSummary, Work, staff};
