//! What the app derives from the case and the settings, each recomputed only when its inputs
//! change: the verdicts of every event (evaluated over several frames on a large case), the
//! timeline's colours and legend counts, the counts over the brushed range, the selected
//! actor's highlighted events, and the timeline's lanes (rebuilt once the filter settles on a
//! large case).
//!
//! Sized for a million events: the verdicts take 7 bytes per event (one per standard, so that
//! switching the standard needs no re-evaluation) plus 1 for the standard shown; the lanes 8
//! bytes per event (its index and day) plus each lane's per-day cumulative counts (4 bytes per
//! day of the lane's span); lanes of 100,000 events and more are arranged on a job thread.

use super::ProxylineApp;
use crate::attribution::{self, Standard, Verdict};
use crate::model;
use crate::query::{self, Filter};

/// What the verdicts were computed for: the bar, the number of events, the as-of date.
pub(super) type VerdictKey = (String, usize, Option<crate::model::PartialDate>);

/// What the lanes were computed for: the filter, the lane mode, the number of events.
pub(super) type LaneKey = (Filter, crate::query::LaneMode, usize);

/// What the overview counts were computed for: the verdicts, how many are done, the brush.
pub(super) type CountsKey = (VerdictKey, usize, Option<(i32, i32)>);

impl ProxylineApp {
    /// Evaluates the next events' verdicts: all of them for a small case, else as many as fit
    /// in a few milliseconds, so that a case of a million events keeps the window responsive
    /// (the status shows the progress; unevaluated events are drawn as n/a meanwhile).
    pub(super) fn evaluate_some(&mut self) {
        /// Cases up to this size are evaluated in one go.
        const AT_ONCE: usize = 20_000;
        /// Time budget per frame for larger cases.
        const BUDGET: std::time::Duration = std::time::Duration::from_millis(12);
        /// Events evaluated per parallel batch (a few milliseconds on two cores).
        const BATCH: usize = 4096;
        let (state, bar) = (self.state(), self.bar());
        // The state's organs are worked out once per batch, not per event.
        let evaluator = attribution::Evaluator::new(&self.case, &state).as_of(self.as_of);
        let start = std::time::Instant::now();
        let n = self.case.events.len();
        let mut i = self.verdicts_done;
        while i < n {
            // Every standard at once: switching the standard later needs no re-evaluation.
            let end = if n > AT_ONCE { (i + BATCH).min(n) } else { n };
            let batch = evaluator.verdicts_all(&self.case.events[i..end], bar);
            self.event_verdicts[i..end].copy_from_slice(&batch);
            i = end;
            if start.elapsed() > BUDGET {
                break;
            }
        }
        self.verdicts_done = i;
    }

    /// Recomputes verdicts, lanes and the overview counts when their inputs changed. Returns
    /// whether work remains for the next frames. `now` is the input time in seconds.
    pub(super) fn refresh(&mut self, now: f64) -> bool {
        // The bar and the case decide the verdicts; the standard only picks which are shown.
        let verdict_key = (
            self.workspace.bar.clone(),
            self.case.events.len(),
            self.as_of,
        );
        if self.verdicts_for.as_ref() != Some(&verdict_key) {
            // Start over: every event waits for its verdicts (drawn as n/a until then).
            let n = self.case.events.len();
            self.event_verdicts = vec![[Verdict::NotApplicable; Standard::ALL.len()]; n];
            self.verdicts_done = 0;
            self.verdicts_for = Some(verdict_key.clone());
            self.colours_for = None;
        }
        if self.verdicts_done < self.case.events.len() {
            self.evaluate_some();
        }
        // Work remains if the evaluation did not finish this frame.
        let busy = self.verdicts_done < self.case.events.len();
        // The timeline's colours and the legend's counts under the active standard.
        let standard = self.workspace.standard;
        let colours_key = (standard, self.verdicts_done);
        if self.colours_for != Some(colours_key) {
            let k = Standard::ALL
                .iter()
                .position(|s| *s == standard)
                .unwrap_or(0);
            self.verdicts = self.event_verdicts.iter().map(|v| v[k]).collect();
            self.verdict_counts = [0; LEGEND.len()];
            // Only evaluated events count (the rest are still waiting).
            for v in self.verdicts.iter().take(self.verdicts_done) {
                self.verdict_counts[verdict_slot(*v)] += 1;
            }
            self.colours_for = Some(colours_key);
        }
        // Counts over the brushed range when there is one, and the actors of its events: a
        // pass over the stored verdicts, with no re-evaluation.
        let counts_key = (verdict_key, self.verdicts_done, self.brush);
        if self.counts_for.as_ref() != Some(&counts_key) {
            let mut met = [0usize; Standard::ALL.len()];
            self.brushed_actors.clear();
            let actor_index = self
                .brush
                .map(|_| self.case.actor_indices())
                .unwrap_or_default();
            for (e, verdicts) in self.case.events.iter().zip(&self.event_verdicts) {
                if self
                    .brush
                    .is_some_and(|(a, b)| e.last_day() < a || e.first_day() > b)
                {
                    continue;
                }
                for id in e.candidates() {
                    self.brushed_actors.extend(actor_index.get(id).copied());
                }
                for (count, v) in met.iter_mut().zip(verdicts) {
                    *count += usize::from(*v == Verdict::Met);
                }
            }
            self.met_counts = Standard::ALL.into_iter().zip(met).collect();
            self.counts_for = Some(counts_key);
        }
        let lane_key = self.lane_key();
        // The selected actor's highlighted events, counted when the selection changes.
        let actor_key = self
            .selected_actor
            .clone()
            .map(|a| (a, self.timeline.with_sponsored, self.case.events.len()));
        if actor_key != self.actor_events.0 {
            self.highlighted_actors = actor_key.as_ref().map(|(a, with, _)| {
                if *with {
                    crate::graph::sponsored_by(&self.case, a)
                        .into_iter()
                        .map(str::to_owned)
                        .collect()
                } else {
                    std::collections::HashSet::from([a.clone()])
                }
            });
            let count = self.highlighted_actors.as_ref().map_or(0, |set| {
                self.case
                    .events
                    .iter()
                    .filter(|e| e.involved().any(|p| set.contains(p)))
                    .count()
            });
            self.actor_events = (actor_key, count);
        }
        let mut waiting = false;
        if self.lanes_for.as_ref() != Some(&lane_key) {
            // On a large case, wait until the search and filters have stood still for a moment,
            // so that typing a search does not rebuild a million-event index per keystroke.
            /// Cases from this size wait for the filter to settle.
            const LARGE: usize = 100_000;
            /// How long the filter must stand still, in seconds.
            const SETTLE: f64 = 0.35;
            let changed_at = match &self.lanes_changed {
                Some((key, at)) if *key == lane_key => *at,
                _ => {
                    self.lanes_changed = Some((lane_key.clone(), now));
                    now
                }
            };
            let first = self.lanes_for.is_none();
            if self.case.events.len() < LARGE {
                self.timeline
                    .set_lanes(query::lanes(&self.case, &lane_key.0, self.timeline.mode));
                self.lanes_for = Some(lane_key);
                self.lanes_changed = None;
            } else if first || now - changed_at >= SETTLE {
                // A large case's lanes (256 ms at 1M events) are arranged on a thread of their
                // own, through the one job mechanism; the timeline keeps the old ones meanwhile.
                if self.lanes_job.as_ref().is_none_or(|(_, k)| *k != lane_key) {
                    self.start_lanes_job(lane_key);
                }
                waiting = true;
            } else {
                waiting = true;
            }
        }
        busy || waiting
    }

    /// What the lanes must be arranged for now. Presenting ignores the live search and filters:
    /// a step shows its own event and window.
    fn lane_key(&self) -> LaneKey {
        let filter = if self.presenting.is_some() {
            Filter::default()
        } else {
            self.workspace.filter.clone()
        };
        (filter, self.timeline.mode, self.case.events.len())
    }

    /// Starts arranging the lanes of a large case for `key` in the background (superseding a
    /// job for an older key, whose result is then dropped).
    fn start_lanes_job(&mut self, key: LaneKey) {
        let case = std::sync::Arc::clone(&self.case);
        let mode = self.timeline.mode;
        let label = format!("Arranging {} events in lanes\u{2026}", case.events.len());
        let job_key = key.clone();
        let spawned = self.jobs.spawn(label, move || {
            let lanes = query::lanes(&case, &job_key.0, mode);
            super::jobs::JobOutput::Lanes {
                key: job_key,
                lanes,
            }
        });
        if let Ok(id) = spawned {
            self.lanes_job = Some((id, key));
        } else {
            // No thread: arrange them here.
            self.timeline
                .set_lanes(query::lanes(&self.case, &key.0, mode));
            self.lanes_for = Some(key);
            self.lanes_changed = None;
        }
    }

    /// Takes a lanes job's result if it is still what the timeline needs.
    pub(super) fn finish_lanes(&mut self, id: u64, key: LaneKey, lanes: Vec<query::Lane>) {
        // Only the job the app is waiting for counts: one started for another case (opened
        // since) or superseded by a newer filter is dropped.
        if self.lanes_job.as_ref().is_none_or(|(job, _)| *job != id) {
            return;
        }
        self.lanes_job = None;
        if key == self.lane_key() {
            self.timeline.set_lanes(lanes);
            self.lanes_for = Some(key);
            self.lanes_changed = None;
        }
    }

    /// Visible events in timeline order (lane by lane, by date).
    pub(super) fn visible_order(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .timeline
            .lanes()
            .iter()
            .flat_map(|l| l.events.iter().map(|&e| e as usize))
            .collect();
        all.retain(|&i| i < self.case.events.len());
        all.sort_by_key(|&i| {
            (
                self.case.events.get(i).map_or(0, model::Event::first_day),
                i,
            )
        });
        all
    }
}

/// The verdicts in legend order.
pub(super) const LEGEND: [Verdict; 5] = [
    Verdict::Met,
    Verdict::Contested,
    Verdict::Insufficient,
    Verdict::NotMet,
    Verdict::NotApplicable,
];

/// A verdict's place in [`LEGEND`].
pub(super) fn verdict_slot(v: Verdict) -> usize {
    LEGEND
        .iter()
        .position(|l| *l == v)
        .unwrap_or(LEGEND.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Workspace;

    fn app() -> ProxylineApp {
        ProxylineApp::with_default_case(Workspace::default())
    }

    #[test]
    fn one_refresh_evaluates_a_small_case_and_counts_every_event_once() {
        let mut app = app();
        let busy = app.refresh(0.0);
        let n = app.case.events.len();
        assert!(!busy, "a small case is done in one go");
        assert_eq!(app.verdicts_done, n);
        assert_eq!(app.verdict_counts.iter().sum::<usize>(), n);
        assert_eq!(app.verdicts.len(), n);
        assert_eq!(
            app.timeline.visible_count(),
            n,
            "no filter: every event in a lane"
        );
    }

    #[test]
    fn the_lanes_follow_the_filter_and_the_verdicts_follow_the_bar() {
        let mut app = app();
        app.refresh(0.0);
        let all = app.timeline.visible_count();
        app.workspace.filter.search = "Erbil".to_owned();
        app.refresh(0.1);
        let some = app.timeline.visible_count();
        assert!(some >= 1 && some < all, "{some} of {all}");
        // A bar no evidence meets: nothing can be met any more, so the counts move.
        let met_before = app.verdict_counts[verdict_slot(Verdict::Met)];
        app.workspace.bar = "A1".to_owned();
        app.refresh(0.2);
        assert!(app.verdict_counts[verdict_slot(Verdict::Met)] <= met_before);
        assert_eq!(
            app.verdicts_for,
            Some(("A1".to_owned(), app.case.events.len(), None))
        );
    }

    #[test]
    fn a_large_case_gets_its_lanes_from_a_background_job_and_drops_stale_ones() {
        let case = crate::synth::case(120_000, 8, 3);
        let loaded = model::Loaded {
            case,
            warnings: Vec::new(),
        };
        let mut app = ProxylineApp::new(loaded, None, Workspace::default());
        app.refresh(0.0);
        // Nothing arranged on this thread: a job is running, with a label in the status bar.
        assert_eq!(app.timeline.visible_count(), 0);
        let (first, _) = app.lanes_job.clone().unwrap();
        assert!(
            app.jobs
                .running()
                .iter()
                .any(|j| j.id == first && j.label.starts_with("Arranging 120000 events"))
        );
        // The filter changes and settles before the first job reports: a second job starts,
        // and the first one's lanes (for the old filter) are dropped when they come.
        app.workspace.filter.search = "e1".to_owned();
        app.refresh(1.0);
        app.refresh(2.0);
        let (second, _) = app.lanes_job.clone().unwrap();
        assert_ne!(first, second);
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(2);
        while app.lanes_job.is_some() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
            app.apply_jobs();
        }
        assert!(app.lanes_job.is_none(), "the job reported");
        let shown = app.timeline.visible_count();
        assert!(shown > 0 && shown < 120_000, "the searched lanes: {shown}");
    }

    #[test]
    fn a_brush_narrows_the_met_counts_and_names_the_actors_in_it() {
        let mut app = app();
        app.refresh(0.0);
        let total: usize = app.met_counts.iter().map(|(_, n)| n).sum();
        assert!(app.brushed_actors.is_empty());
        let day = model::PartialDate::parse("2021-02-15").map_or(0, |d| d.first_day());
        app.brush = Some((day, day));
        app.refresh(0.1);
        let brushed: usize = app.met_counts.iter().map(|(_, n)| n).sum();
        assert!(brushed <= total);
        assert!(
            !app.brushed_actors.is_empty(),
            "the Erbil attack's candidates"
        );
    }
}
