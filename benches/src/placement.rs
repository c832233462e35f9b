//! How far apart the cores that run two threads are, as the time a cache line takes to go from
//! one to the other and back.
//!
//! On a virtual machine the host decides which physical cores the vCPUs run on, and may change
//! it while a bench runs. On the 2-vCPU machines these benches were measured on, the round trip
//! was either about 50 ns (cores that share a cache) or 380 to 475 ns (far apart), switching
//! several times an hour. A single-threaded reader does not notice; a parallel one moves every
//! batch of input and every decoded batch between cores and does. The parallel benches measure
//! the round trip before each round, so that their ratios can be read per placement.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Round trips of one measurement, after as many to warm up.
const ROUND_TRIPS: u32 = 20_000;

/// Above this round trip the two threads' cores count as far apart: between the two placements
/// observed (about 50 ns and 380 ns or more).
pub const FAR: Duration = Duration::from_nanos(150);

/// The median time of a round trip of one cache line between this thread and another one: each
/// thread spins until the other has written the line, then writes it back.
///
/// The other thread runs on another core if one is free, as it is between the rounds of a
/// bench; on a busy or single core the round trip includes the scheduler's switches, and says
/// so by its length.
pub fn round_trip() -> Duration {
    let line = AtomicU32::new(0);
    let mut times = Vec::with_capacity(8);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // Answers every odd value with the next even one, up to the last round trip.
            let mut expected = 1;
            while expected < 2 * (2 * ROUND_TRIPS) {
                wait_for(&line, expected);
                line.store(expected + 1, Ordering::Release);
                expected += 2;
            }
        });
        let mut value = 0;
        let mut trip = || {
            line.store(value + 1, Ordering::Release);
            wait_for(&line, value + 2);
            value += 2;
        };
        let batch = ROUND_TRIPS / 8;
        (0..ROUND_TRIPS).for_each(|_| trip());
        for _ in 0..8 {
            let start = Instant::now();
            (0..batch).for_each(|_| trip());
            times.push(start.elapsed() / batch);
        }
    });
    times.sort();
    times[times.len() / 2]
}

/// Spins until `line` holds `value`; yields the core now and then, so that on a busy or single
/// core the other thread gets to write it.
fn wait_for(line: &AtomicU32, value: u32) {
    let mut spins = 0u32;
    while line.load(Ordering::Acquire) != value {
        spins += 1;
        if spins.is_multiple_of(4096) {
            std::thread::yield_now();
        } else {
            std::hint::spin_loop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_trip_takes_time_and_ends() {
        // On any machine a round trip between two threads takes more than nothing; the test
        // mostly checks that the two threads agree on when to stop.
        assert!(round_trip() > Duration::ZERO);
    }
}
