//! Area under a piecewise-constant level.

/// The area under a level that changes at event times, such as agents busy or contacts
/// in queue: level × seconds from a start time on (divide by the elapsed time for the
/// time-average level).
///
/// The level is constant between updates. Changes before the start time (e.g. during a
/// warm-up) set the level but add no area. Times are simulation seconds and must not
/// decrease once past the start (checked in debug builds; in release builds a step back
/// in time adds no area).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeWeighted {
    start_t_s: f64,
    /// Time up to which `area` is accumulated: the start, or the last update after it.
    last_t_s: f64,
    level: f64,
    /// Area (level × s) from `start_t_s` to `last_t_s`.
    area: f64,
}

impl TimeWeighted {
    /// Observes from `start_t_s` on, the level being `level` until the first change.
    pub fn new(start_t_s: f64, level: f64) -> Self {
        Self {
            start_t_s,
            last_t_s: start_t_s,
            level,
            area: 0.0,
        }
    }

    /// Changes the level by `delta` (e.g. +1 when an agent becomes busy) from `t_s` on;
    /// `delta` 0 just brings the area up to `t_s`.
    #[inline]
    pub fn add(&mut self, t_s: f64, delta: f64) {
        debug_assert!(
            t_s >= self.last_t_s || t_s <= self.start_t_s,
            "TimeWeighted: time went back from {} s to {t_s} s",
            self.last_t_s
        );
        if t_s > self.last_t_s {
            self.area += self.level * (t_s - self.last_t_s);
            self.last_t_s = t_s;
        }
        self.level += delta;
    }

    /// Area under the level (level × s) from the start to the last update.
    pub fn area(&self) -> f64 {
        self.area
    }

    /// Area under the level (level × s) from the start to `until_t_s`, the current level
    /// being held after the last update. `until_t_s` must not be before the last update
    /// (checked in debug builds).
    pub fn area_until(&self, until_t_s: f64) -> f64 {
        debug_assert!(
            until_t_s >= self.last_t_s,
            "TimeWeighted: {until_t_s} s is before the last update at {} s",
            self.last_t_s
        );
        self.area + self.level * (until_t_s - self.last_t_s).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_of_a_known_step_function() {
        // Starts at t = 100 s with level 2; 5 from 110 s; 1 from 130 s; 0 from 160 s.
        let mut q = TimeWeighted::new(100.0, 2.0);
        q.add(110.0, 3.0);
        q.add(130.0, -4.0);
        q.add(160.0, -1.0);
        // Area to 160 s: 2·10 + 5·20 + 1·30 = 150.
        assert_eq!(q.area(), 150.0);
        // Until 200 s the level 0 adds nothing.
        assert_eq!(q.area_until(200.0), 150.0);
        assert_eq!(q.area_until(160.0), 150.0);
    }

    #[test]
    fn level_held_after_last_update() {
        let mut busy = TimeWeighted::new(0.0, 0.0);
        assert_eq!(busy.area_until(0.0), 0.0);
        busy.add(10.0, 3.0);
        // Level 3 held from 10 s to 40 s: area 90.
        assert_eq!(busy.area(), 0.0);
        assert_eq!(busy.area_until(40.0), 90.0);
        // Several updates at the same time: only the resulting level counts.
        busy.add(40.0, 4.0);
        busy.add(40.0, -6.0);
        assert_eq!(busy.area(), 90.0);
        assert_eq!(busy.area_until(50.0), 100.0);
        // A zero change brings the area up to date.
        busy.add(50.0, 0.0);
        assert_eq!(busy.area(), 100.0);
    }

    #[test]
    fn changes_before_the_start_add_no_area() {
        // A warm-up until 60 s: the level moves from 10 to 4 during it.
        let mut q = TimeWeighted::new(60.0, 10.0);
        q.add(20.0, -3.0);
        q.add(50.0, -3.0);
        assert_eq!(q.area_until(60.0), 0.0);
        q.add(70.0, -2.0);
        // From 60 s: 4·10 + 2·20 = 80.
        assert_eq!(q.area_until(90.0), 80.0);
    }
}
