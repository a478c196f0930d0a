//! The force layout's thread: [`ForceTask`] runs a [`ForceLayout`] on its own thread, a few
//! steps every 16 ms, and hands the latest positions to whoever polls it (the network view,
//! once a frame) until the layout rests. Pins and unpins travel to the thread as requests; the
//! thread sleeps on a condition variable while at rest and stops when the task is dropped.
//! Pure Rust; no egui.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, TryLockError};
use std::time::{Duration, Instant};

use super::force::{ForceLayout, ForceParams};

/// The layout counts as at rest when no node moves more than this (layout units).
const REST: f32 = 0.002;

/// Requests from the UI to the force thread.
#[derive(Clone, Copy, Debug)]
enum Request {
    Pin(usize, [f32; 2]),
    Unpin(usize),
}

/// What the UI and the force thread share.
#[derive(Debug, Default)]
struct Shared {
    state: Mutex<RunState>,
    wake: Condvar,
    stop: AtomicBool,
}

#[derive(Debug, Default)]
struct RunState {
    positions: Vec<[f32; 2]>,
    generation: u64,
    at_rest: bool,
    requests: Vec<Request>,
}

/// The force layout's thread, seen from the UI. The UI never waits for it: it only `try_lock`s
/// the shared state, and the thread holds the lock just to copy positions in and requests out.
#[derive(Debug, Default)]
pub struct ForceTask {
    run: Option<ForceRun>,
}

#[derive(Debug)]
struct ForceRun {
    shared: Arc<Shared>,
    seen: u64,
    at_rest: bool,
    pending: Vec<Request>,
}

impl Drop for ForceRun {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.shared.wake.notify_all();
    }
}

impl ForceTask {
    /// Whether a thread was started (it may be resting).
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.run.is_some()
    }

    /// Whether the layout last reported rest.
    #[must_use]
    pub fn at_rest(&self) -> bool {
        self.run
            .as_ref()
            .is_none_or(|r| r.at_rest && r.pending.is_empty())
    }

    /// Starts the thread on these positions and edges, with these nodes pinned.
    pub fn start(
        &mut self,
        positions: Vec<[f32; 2]>,
        edges: &[(usize, usize)],
        pinned: &[bool],
        params: ForceParams,
    ) {
        let mut layout = ForceLayout::new(positions, edges, params);
        for (i, &p) in pinned.iter().enumerate() {
            if p {
                let at = layout.positions()[i];
                layout.pin(i, at);
            }
        }
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("proxyline-force-layout".to_owned())
            .spawn(move || run_force(&thread_shared, layout));
        match spawned {
            Ok(_) => {
                self.run = Some(ForceRun {
                    shared,
                    seen: 0,
                    at_rest: false,
                    pending: Vec::new(),
                });
            }
            Err(e) => log::error!("could not start the force layout thread: {e}"),
        }
    }

    /// Pins node `i` at `at` (layout units).
    pub fn pin(&mut self, i: usize, at: [f32; 2]) {
        if let Some(run) = &mut self.run {
            run.pending.push(Request::Pin(i, at));
        }
    }

    /// Lets node `i` move again.
    pub fn unpin(&mut self, i: usize) {
        if let Some(run) = &mut self.run {
            run.pending.push(Request::Unpin(i));
        }
    }

    /// Lets the first `n` nodes move again.
    pub fn unpin_all(&mut self, n: usize) {
        for i in 0..n {
            self.unpin(i);
        }
    }

    /// Hands pending requests over and takes new positions, if the thread is not holding the
    /// lock this instant. Returns the positions and whether the layout is at rest.
    pub fn poll(&mut self) -> Option<(Vec<[f32; 2]>, bool)> {
        let run = self.run.as_mut()?;
        let shared = Arc::clone(&run.shared);
        let mut state = match shared.state.try_lock() {
            Ok(s) => s,
            Err(TryLockError::WouldBlock) => return None,
            Err(TryLockError::Poisoned(_)) => {
                self.run = None;
                return None;
            }
        };
        if !run.pending.is_empty() {
            state.requests.append(&mut run.pending);
            state.at_rest = false;
            run.shared.wake.notify_all();
        }
        if state.generation == run.seen {
            run.at_rest = state.at_rest;
            return None;
        }
        run.seen = state.generation;
        run.at_rest = state.at_rest;
        Some((state.positions.clone(), state.at_rest))
    }
}

/// The force thread: steps the layout, publishes positions about 60 times a second, sleeps
/// while at rest until a request comes or the UI drops its handle.
fn run_force(shared: &Shared, mut layout: ForceLayout) {
    const TICK: Duration = Duration::from_millis(16);
    const BUDGET: Duration = Duration::from_millis(6);
    const STEPS_PER_TICK: usize = 3;
    let mut at_rest = false;
    loop {
        {
            let Ok(mut state) = shared.state.lock() else {
                return;
            };
            while at_rest && state.requests.is_empty() {
                if shared.stop.load(Ordering::Relaxed) {
                    return;
                }
                let Ok((s, _)) = shared.wake.wait_timeout(state, Duration::from_millis(250)) else {
                    return;
                };
                state = s;
            }
            for r in state.requests.drain(..) {
                match r {
                    Request::Pin(i, at) => layout.pin(i, at),
                    Request::Unpin(i) => layout.unpin(i),
                }
            }
        }
        if shared.stop.load(Ordering::Relaxed) {
            return;
        }
        let started = Instant::now();
        let mut moved = 0.0;
        for _ in 0..STEPS_PER_TICK {
            moved = layout.step();
            if moved < REST || started.elapsed() > BUDGET {
                break;
            }
        }
        at_rest = moved < REST;
        {
            let Ok(mut state) = shared.state.lock() else {
                return;
            };
            state.positions.clone_from(&layout.positions().to_vec());
            state.generation += 1;
            state.at_rest = at_rest && state.requests.is_empty();
        }
        std::thread::sleep(TICK.saturating_sub(started.elapsed()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_force_thread_settles_and_reports_rest() {
        let (positions, edges) = crate::graph::force::synthetic_graph(20, 30, 1);
        let mut task = ForceTask::default();
        task.start(positions, &edges, &[false; 20], ForceParams::default());
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = None;
        while Instant::now() < deadline {
            if let Some((p, rest)) = task.poll() {
                last = Some(p);
                if rest {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(task.at_rest(), "at rest within the deadline");
        assert_eq!(last.map(|p| p.len()), Some(20));
    }

    #[test]
    fn a_pin_sent_to_the_thread_holds() {
        let (positions, edges) = crate::graph::force::synthetic_graph(10, 15, 2);
        let mut task = ForceTask::default();
        task.start(positions, &edges, &[false; 10], ForceParams::default());
        task.pin(3, [7.0, 7.0]);
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut pinned_at = None;
        while Instant::now() < deadline {
            if let Some((p, rest)) = task.poll() {
                pinned_at = Some(p[3]);
                if rest {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(pinned_at, Some([7.0, 7.0]));
    }
}
