//! The event queue: a 4-ary min-heap keyed on (time, sequence) packed into one u128,
//! so equal times leave first in, first out — never by chance — and a comparison is
//! one integer compare. Times are non-negative, so their IEEE bits order like the
//! numbers. A 4-ary heap is half as deep as a binary one, which matters for centres
//! with hundreds of pending events (shifts, timers, services).
//!
//! [`EventQueue::pop`] leaves the popped event in the root slot, marked taken; the next
//! push overwrites it and sifts down once (a handler that schedules a successor — the
//! next arrival of a stream, the next service of an agent — costs one sift instead of a
//! sift-down and a sift-up), and the next pop removes it if no push came. Keys are
//! unique, so the order of pops is that of the keys whatever the heap's shape.

/// A min-priority queue of events of type `E`.
#[derive(Debug, Clone)]
pub struct EventQueue<E> {
    items: Vec<(u128, E)>,
    seq: u64,
    /// `items[0]` was popped already and awaits a push to overwrite it or the next
    /// pop to remove it.
    top_taken: bool,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            items: Vec::with_capacity(1024),
            seq: 0,
            top_taken: false,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len() - self.top_taken as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Time of the earliest event.
    #[inline]
    pub fn peek_time(&mut self) -> Option<f64> {
        self.settle();
        self.items
            .first()
            .map(|(key, _)| f64::from_bits((key >> 64) as u64))
    }

    /// Remove a popped root that no push overwrote.
    #[inline]
    fn settle(&mut self) {
        if self.top_taken {
            self.top_taken = false;
            self.remove_top();
        }
    }

    /// Schedule `ev` at `t_s` (≥ 0).
    #[inline]
    pub fn push(&mut self, t_s: f64, ev: E) {
        debug_assert!(t_s >= 0.0, "event in negative time {t_s}");
        self.seq += 1;
        let key = ((t_s.max(0.0).to_bits() as u128) << 64) | self.seq as u128;
        if self.top_taken {
            self.top_taken = false;
            self.sift_down_from_root((key, ev));
            return;
        }
        // sift up with a hole: parents move down until the new key's place is found
        let mut i = self.items.len();
        self.items.push((key, ev));
        while i > 0 {
            let parent = (i - 1) / 4;
            let pk = self.items[parent].0;
            if pk <= key {
                break;
            }
            self.items[i] = self.items[parent];
            i = parent;
        }
        self.items[i] = (key, ev);
    }

    /// The earliest event and its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.settle();
        let &(key, ev) = self.items.first()?;
        self.top_taken = true;
        Some((f64::from_bits((key >> 64) as u64), ev))
    }

    /// Drop the root for good: the last item takes its place.
    #[inline]
    fn remove_top(&mut self) {
        let Some(last) = self.items.pop() else {
            return;
        };
        if !self.items.is_empty() {
            self.sift_down_from_root(last);
        }
    }

    /// Put `item` at the root (whose old item is gone) and sift it down with a hole.
    #[inline(always)]
    fn sift_down_from_root(&mut self, item: (u128, E)) {
        let n = self.items.len();
        let key = item.0;
        let mut i = 0;
        loop {
            let first = 4 * i + 1;
            let (best, best_key) = if let Some(c) = self.items.get(first..first + 4) {
                // four children, the common case: a tournament of three compares
                let (ja, ka) = if c[1].0 < c[0].0 {
                    (1, c[1].0)
                } else {
                    (0, c[0].0)
                };
                let (jb, kb) = if c[3].0 < c[2].0 {
                    (3, c[3].0)
                } else {
                    (2, c[2].0)
                };
                if kb < ka { (jb, kb) } else { (ja, ka) }
            } else if first < n {
                let children = &self.items[first..];
                let mut best = 0;
                let mut best_key = children[0].0;
                for (j, c) in children.iter().enumerate().skip(1) {
                    if c.0 < best_key {
                        best = j;
                        best_key = c.0;
                    }
                }
                (best, best_key)
            } else {
                break;
            };
            if best_key >= key {
                break;
            }
            self.items[i] = self.items[first + best];
            i = first + best;
        }
        self.items[i] = item;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_and_fifo_on_ties() {
        let mut q = EventQueue::new();
        let times = [5.0, 1.0, 3.0, 1.0, 0.0, 9.5, 3.0, 2.25, 1.0];
        for (i, t) in times.iter().enumerate() {
            q.push(*t, i);
        }
        let mut out = Vec::new();
        while let Some((t, i)) = q.pop() {
            out.push((t, i));
        }
        assert_eq!(
            out,
            vec![
                (0.0, 4),
                (1.0, 1),
                (1.0, 3),
                (1.0, 8),
                (2.25, 7),
                (3.0, 2),
                (3.0, 6),
                (5.0, 0),
                (9.5, 5)
            ]
        );
    }

    #[test]
    fn matches_a_sort_on_many_events() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let mut q = EventQueue::new();
        let mut reference = Vec::new();
        let mut popped = Vec::new();
        let mut seq = 0u64;
        for round in 0..20_000 {
            // interleave pushes and pops; times are whole numbers to force ties
            let t = (rng.random_range(0..500u32)) as f64 + round as f64 / 10.0;
            seq += 1;
            q.push(t, seq);
            reference.push((t, seq));
            if round % 3 == 0 {
                popped.push(q.pop().unwrap());
            }
        }
        while let Some(x) = q.pop() {
            popped.push(x);
        }
        // every pop is the minimum of what was pending: check against a replay
        let mut pending: Vec<(f64, u64)> = Vec::new();
        let mut it = popped.iter();
        for (round, item) in reference.iter().enumerate() {
            pending.push(*item);
            if round % 3 == 0 {
                let min = *pending
                    .iter()
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                    .unwrap();
                assert_eq!(*it.next().unwrap(), min);
                pending.retain(|x| *x != min);
            }
        }
        pending.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        assert_eq!(it.copied().collect::<Vec<_>>(), pending);
    }
}
