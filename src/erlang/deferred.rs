//! Deferred work (e-mail, tickets): no one waits on line; every contact must be answered
//! within a response target of hours, and what is not done in one interval is carried
//! into the next.
//!
//! The rule: contacts arriving in interval j are due by the end of interval
//! j + K − 1, K = max(1, ⌊target / interval⌋) (so even the first arrival of interval
//! j is answered within the target). In interval i the capacity is the smallest
//! constant rate that meets every deadline already known,
//! `max over due intervals d ≥ i of (work due by d) / (d − i + 1)`, and the backlog is
//! worked oldest first. This level rule spreads the work over the response window
//! instead of doing it just in time (spiky) or at once (wasteful), and it never misses
//! a deadline, so every service-level target "X% within T" is met with X = 100%.
//! Requirements are fractional agents: deferred work can be shared between people.
//! For a cyclic horizon (a planning week that repeats) the week is repeated until the
//! backlog carried over its end settles, so the backlog over Sunday night is the steady one.

use std::collections::VecDeque;

/// One interval of a deferred-work plan.
#[derive(Debug, Clone, PartialEq)]
pub struct DeferredInterval {
    /// Agents needed (fractional), after the occupancy cap.
    pub agents: f64,
    /// Contacts arriving.
    pub arrived: f64,
    /// Contacts answered.
    pub answered: f64,
    /// Contacts carried into the next interval.
    pub backlog: f64,
}

/// A deferred-work plan over a horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct DeferredPlan {
    pub intervals: Vec<DeferredInterval>,
    /// Mean response time of the answered contacts, seconds (interval midpoints).
    pub mean_response_s: f64,
    /// Longest response time, seconds (interval midpoints).
    pub max_response_s: f64,
    /// Share answered within the target.
    pub attainment: f64,
}

struct Batch {
    arrived_in: usize,
    due_by: usize,
    contacts: f64,
    aht_s: f64,
}

/// Plan deferred work: `contacts[i]` arrive in interval i with mean handle time
/// `aht_s[i]`; each must be answered within `respond_within_s`; agents work at most
/// `max_occupancy` of their time on it (1 when `None`).
pub fn plan(
    contacts: &[f64],
    aht_s: &[f64],
    interval_s: f64,
    respond_within_s: f64,
    max_occupancy: Option<f64>,
    cyclic: bool,
) -> DeferredPlan {
    let n = contacts.len();
    let k = ((respond_within_s / interval_s).floor() as usize).max(1);
    let occ = max_occupancy.unwrap_or(1.0).clamp(1e-9, 1.0);
    let per_agent_s = interval_s * occ;
    let mut queue: VecDeque<Batch> = VecDeque::new();
    let mut out = Vec::with_capacity(n);
    let (mut resp_sum, mut resp_max, mut answered_total, mut late) = (0.0, 0.0f64, 0.0, 0.0);
    // cyclic: repeat the horizon until the backlog carried over its end settles
    let max_passes = if cyclic && n > 0 { 50 } else { 1 };
    let mut carried = f64::NAN;
    let mut last = max_passes == 1;
    for pass in 0..max_passes {
        for i in 0..n {
            let t = pass * n + i; // absolute interval count
            if contacts[i] > 0.0 {
                queue.push_back(Batch {
                    arrived_in: t,
                    due_by: t + k - 1,
                    contacts: contacts[i],
                    aht_s: aht_s[i],
                });
            }
            // smallest constant rate meeting every known deadline
            let (mut cum, mut need_s) = (0.0, 0.0f64);
            for b in &queue {
                cum += b.contacts * b.aht_s;
                let span = (b.due_by.saturating_sub(t) + 1) as f64;
                need_s = need_s.max(cum / span);
            }
            let agents = need_s / per_agent_s;
            // work the backlog oldest first
            let mut capacity_s = need_s;
            let mut answered = 0.0;
            while let Some(b) = queue.front_mut() {
                if capacity_s <= 0.0 {
                    break;
                }
                let work = b.contacts * b.aht_s;
                let done = if work <= capacity_s * (1.0 + 1e-12) {
                    b.contacts
                } else {
                    capacity_s / b.aht_s
                };
                capacity_s -= done * b.aht_s;
                answered += done;
                if last {
                    let resp = (t - b.arrived_in) as f64 * interval_s;
                    resp_sum += done * resp;
                    resp_max = resp_max.max(resp);
                    answered_total += done;
                    if t > b.due_by {
                        late += done;
                    }
                }
                b.contacts -= done;
                if b.contacts <= 1e-12 * done.max(1.0) {
                    queue.pop_front();
                } else {
                    break;
                }
            }
            if last {
                let backlog = queue.iter().map(|b| b.contacts).sum();
                out.push(DeferredInterval {
                    agents,
                    arrived: contacts[i],
                    answered,
                    backlog,
                });
            }
        }
        if last {
            break;
        }
        let now: f64 = queue.iter().map(|b| b.contacts).sum();
        // the next pass is reported once the carried backlog has settled
        last = (now - carried).abs() <= 1e-12 * now.max(1.0) || pass + 2 == max_passes;
        carried = now;
    }
    DeferredPlan {
        intervals: out,
        mean_response_s: if answered_total > 0.0 {
            resp_sum / answered_total
        } else {
            0.0
        },
        max_response_s: resp_max,
        attainment: if answered_total > 0.0 {
            1.0 - late / answered_total
        } else {
            1.0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_flow_needs_its_workload() {
        // 10 e-mails of 6 min every 30 min, 12 h target: 2 agents of work on average
        let contacts = vec![10.0; 336];
        let aht = vec![360.0; 336];
        let p = plan(&contacts, &aht, 1800.0, 12.0 * 3600.0, None, true);
        for iv in &p.intervals {
            assert!((iv.agents - 2.0).abs() < 1e-9, "{iv:?}");
        }
        let total_work_agents: f64 = p.intervals.iter().map(|iv| iv.agents).sum::<f64>() / 336.0;
        assert!(
            (total_work_agents - 2.0).abs() < 1e-9,
            "{total_work_agents}"
        );
        assert_eq!(p.attainment, 1.0);
        assert!(p.max_response_s <= 12.0 * 3600.0);
    }

    #[test]
    fn a_burst_is_spread_over_the_window() {
        // 48 e-mails of 30 min arrive at once; 4 h target on 1 h intervals: 24 agent-hours over 4 h
        let mut contacts = vec![0.0; 10];
        contacts[0] = 48.0;
        let aht = vec![1800.0; 10];
        let p = plan(&contacts, &aht, 3600.0, 4.0 * 3600.0, None, false);
        for i in 0..4 {
            assert!(
                (p.intervals[i].agents - 6.0).abs() < 1e-9,
                "{:?}",
                p.intervals[i]
            );
        }
        assert_eq!(p.intervals[4].agents, 0.0);
        assert!((p.intervals[1].backlog - 24.0).abs() < 1e-9);
        assert_eq!(p.attainment, 1.0);
        // occupancy cap 0.8 needs 6 / 0.8 agents
        let p = plan(&contacts, &aht, 3600.0, 4.0 * 3600.0, Some(0.8), false);
        assert!((p.intervals[0].agents - 7.5).abs() < 1e-9);
    }
}
