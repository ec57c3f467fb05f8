//! Streaming statistics whose memory does not grow with the number of contacts.
//!
//! * [`WaitHistogram`]: a fixed-size log-linear histogram of waiting times with an exact
//!   count of zero waits; quantiles within 0.4 %.
//! * [`CoarseWaitHistogram`]: 25 fixed bins of waits for one cell of a fine grid
//!   (interval × queue); quantiles interpolated inside a bin.
//! * [`TimeWeighted`]: the area under a piecewise-constant level such as agents busy or
//!   contacts in queue.
//! * [`summarize`]: mean and Student-t 95 % confidence half-width over independent
//!   replications ([`Estimate`]), from a [`Tally`] (count, mean, variance).
//! * [`Moments`]: count, sum and sum of squares in 24 bytes, for per-cell summaries
//!   across replications.
//!
//! Every type is plain data (`Clone + Debug`, `f64`/`u64`) and allocates at most once at
//! construction; the histograms merge, so per-replication results can be combined.

mod histogram;
mod moments;
mod replications;
mod tally;
mod time_weighted;

pub use histogram::{CoarseWaitHistogram, WaitHistogram};
pub use moments::Moments;
pub use replications::{Estimate, summarize, t_quantile_95, t_quantile_975};
pub use tally::Tally;
pub use time_weighted::TimeWeighted;
