//! Streaming statistics whose memory does not grow with the number of contacts.
//!
//! * [`Tally`]: count, sum, min, max, mean and sample variance of observations
//!   (Welford's update; Chan's formula to merge).
//! * [`TimeWeighted`]: the area under a piecewise-constant level such as agents busy or
//!   contacts in queue.
//! * [`WaitHistogram`]: a fixed-size log-linear histogram of waiting times with an exact
//!   count of zero waits; quantiles within 0.4 % and service levels ("share answered
//!   within t").
//! * [`CoarseWaitHistogram`]: 25 fixed bins of waits for one cell of a fine grid
//!   (interval × queue); quantiles interpolated inside a bin.
//! * [`summarize`]: mean and Student-t 95 % confidence half-width over independent
//!   replications ([`Estimate`]).
//!
//! Every type is plain data (`Clone + Debug`, `f64`/`u64`), allocates at most once at
//! construction, and the accumulators are mergeable so that per-replication results can
//! be combined in any grouping.

mod histogram;
mod replications;
mod tally;
mod time_weighted;

pub use histogram::{CoarseWaitHistogram, WaitHistogram};
pub use replications::{Estimate, summarize, t_quantile_975};
pub use tally::Tally;
pub use time_weighted::TimeWeighted;
