//! Time average of a piecewise-constant level.

/// The time-weighted average of a level that changes at event times, such as agents
/// busy or contacts in queue.
///
/// The level is constant between updates; the accumulator keeps the area under it
/// (level × seconds) since the start time. Times are simulation seconds and must not
/// decrease (checked in debug builds; in release builds a step back in time adds no
/// area).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeWeighted {
    start_t_s: f64,
    last_t_s: f64,
    level: f64,
    /// Area (level × s) from `start_t_s` to `last_t_s`.
    area: f64,
    max_level: f64,
}

impl TimeWeighted {
    /// Starts observing at `start_t_s` with the level `level`.
    pub fn new(start_t_s: f64, level: f64) -> Self {
        Self {
            start_t_s,
            last_t_s: start_t_s,
            level,
            area: 0.0,
            max_level: level,
        }
    }

    /// Accumulates the current level up to `t_s`.
    fn advance(&mut self, t_s: f64) {
        debug_assert!(
            t_s >= self.last_t_s,
            "TimeWeighted: time went back from {} s to {t_s} s",
            self.last_t_s
        );
        if t_s > self.last_t_s {
            self.area += self.level * (t_s - self.last_t_s);
            self.last_t_s = t_s;
        }
    }

    /// Sets the level to `level` from `t_s` on.
    pub fn set(&mut self, t_s: f64, level: f64) {
        self.advance(t_s);
        self.level = level;
        self.max_level = self.max_level.max(level);
    }

    /// Changes the level by `delta` (e.g. +1 when an agent becomes busy) from `t_s` on.
    pub fn add(&mut self, t_s: f64, delta: f64) {
        self.set(t_s, self.level + delta);
    }

    /// Forgets the history and starts a new observation window at `t_s`, keeping the
    /// current level (e.g. at the end of a warm-up period). The maximum restarts from
    /// the current level.
    pub fn restart(&mut self, t_s: f64) {
        self.advance(t_s);
        self.start_t_s = self.last_t_s;
        self.area = 0.0;
        self.max_level = self.level;
    }

    /// The current level.
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The highest level held since the start.
    pub fn max_level(&self) -> f64 {
        self.max_level
    }

    /// Start of the observation window, in seconds.
    pub fn start_t_s(&self) -> f64 {
        self.start_t_s
    }

    /// Time of the last update, in seconds.
    pub fn last_t_s(&self) -> f64 {
        self.last_t_s
    }

    /// Area under the level (level × s) from the start to the last update.
    pub fn area(&self) -> f64 {
        self.area
    }

    /// Area under the level (level × s) from the start to `until_t_s`, the current level
    /// being held after the last update. `until_t_s` must not be before the last update.
    pub fn area_until(&self, until_t_s: f64) -> f64 {
        debug_assert!(
            until_t_s >= self.last_t_s,
            "TimeWeighted: {until_t_s} s is before the last update at {} s",
            self.last_t_s
        );
        self.area + self.level * (until_t_s - self.last_t_s).max(0.0)
    }

    /// Time-average level from the start to `until_t_s`: area / elapsed seconds. When no
    /// time has elapsed, returns the current level (the limit of the average).
    pub fn mean(&self, until_t_s: f64) -> f64 {
        let elapsed_s = until_t_s - self.start_t_s;
        if elapsed_s > 0.0 {
            self.area_until(until_t_s) / elapsed_s
        } else {
            self.level
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_a_known_step_function() {
        // Starts at t = 100 s with level 2; 5 from 110 s; 1 from 130 s; 0 from 160 s.
        let mut q = TimeWeighted::new(100.0, 2.0);
        q.set(110.0, 5.0);
        q.add(130.0, -4.0);
        q.add(160.0, -1.0);
        // Area to 160 s: 2·10 + 5·20 + 1·30 = 150.
        assert_eq!(q.area(), 150.0);
        assert_eq!(q.level(), 0.0);
        assert_eq!(q.max_level(), 5.0);
        // Until 200 s the level 0 adds nothing: 150 / 100 s.
        assert_eq!(q.area_until(200.0), 150.0);
        assert_eq!(q.mean(200.0), 1.5);
        // Until 160 s: 150 / 60 s.
        assert_eq!(q.mean(160.0), 2.5);
    }

    #[test]
    fn level_held_after_last_update_and_empty_window() {
        let mut busy = TimeWeighted::new(0.0, 0.0);
        assert_eq!(busy.mean(0.0), 0.0);
        busy.add(10.0, 3.0);
        // Level 3 held from 10 s to 40 s: area 90 over 40 s.
        assert_eq!(busy.area(), 0.0);
        assert_eq!(busy.area_until(40.0), 90.0);
        assert_eq!(busy.mean(40.0), 2.25);
        // Several updates at the same time: only the last level counts.
        busy.set(40.0, 7.0);
        busy.set(40.0, 1.0);
        assert_eq!(busy.area_until(50.0), 100.0);
        assert_eq!(busy.max_level(), 7.0);
    }

    #[test]
    fn restart_drops_the_warm_up() {
        let mut q = TimeWeighted::new(0.0, 10.0);
        q.set(50.0, 4.0);
        q.restart(60.0);
        assert_eq!((q.start_t_s(), q.area(), q.max_level()), (60.0, 0.0, 4.0));
        q.set(70.0, 2.0);
        // From 60 s: 4·10 + 2·20 = 80 over 30 s.
        assert_eq!(q.mean(90.0), 80.0 / 30.0);
    }
}
