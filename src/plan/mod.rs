//! Staffing plans.
