//! Verdicts at scale: the time to evaluate every standard for every event of a synthetic case
//! (what colouring the timeline waits for when a case opens or the bar or as-of date changes).
//! Each synthetic event carries two graded items (who did it, B2; the state's support, C3) and
//! every tie one item, so weighing, independence and candidates all run.
//!
//! Three ways, medians of 3 runs, in one process:
//! - `explained_ms`: the full explained findings (`evaluate_all`, text, flips, chains), one core:
//!   the baseline, what the engine did for every event before the fast path existed;
//! - `fast_ms`: `verdicts`, the same weighed assessment without any text, one core;
//! - `parallel_ms`: `verdicts_all`, the fast path on every core (rayon).
//!
//! Prints `verdicts events=N explained_ms=… fast_ms=… parallel_ms=… speedup=explained/parallel`,
//! and `verdicts_plain events=N parallel_ms=…` for the synthetic case without evidence (the case
//! `benches/timeline.rs` times, where the counting engine took 24.1 s for 1M events).
//! Run: `cargo bench --bench verdicts`. Figures on this 2-core machine are in the closing note
//! of #12 and in `src/attribution/evaluator.rs`.

use std::hint::black_box;
use std::time::Instant;

use proxyline::attribution::Evaluator;
use proxyline::model::{BearsOn, Case, Evidence, Grade, Stance};

fn item(id: String, bears_on: BearsOn, grade: &str) -> Evidence {
    Evidence {
        id,
        shows: "synthetic".to_owned(),
        bears_on,
        sources: vec![proxyline::synth::SYNTHETIC_SOURCE.to_owned()],
        grade: grade.to_owned(),
        grade_reason: String::new(),
        stance: Stance::Supports,
        date: None,
        ach: std::collections::BTreeMap::default(),
        interested: None,
        originator: None,
    }
}

fn case(n: usize) -> Case {
    let mut case = proxyline::synth::case(n, 64, 42);
    for (i, e) in case.events.iter_mut().enumerate() {
        let perp = e.perpetrators.first().cloned().unwrap_or_default();
        e.evidence = vec![
            item(format!("p{i}"), BearsOn::Perpetrator(perp), "B2"),
            item(format!("s{i}"), BearsOn::Support("state".to_owned()), "C3"),
        ];
    }
    for (i, t) in case.ties.iter_mut().enumerate() {
        t.evidence = vec![item(format!("t{i}"), BearsOn::Tie, "B2")];
    }
    case
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn time(mut f: impl FnMut()) -> f64 {
    median(
        (0..3)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    for n in [100_000usize, 1_000_000] {
        let case = case(n);
        let evaluator = Evaluator::new(&case, "state");
        let bar = Grade::default();
        // The explained path is slow; it is timed on a tenth of the events and scaled.
        let tenth = &case.events[..n / 10];
        let explained = 10.0
            * time(|| {
                for e in tenth {
                    black_box(evaluator.evaluate_all(e, bar));
                }
            });
        let fast = time(|| {
            for e in &case.events {
                black_box(evaluator.verdicts(e, bar));
            }
        });
        let parallel = time(|| {
            black_box(evaluator.verdicts_all(&case.events, bar));
        });
        println!(
            "verdicts events={n} explained_ms={explained:.0} fast_ms={fast:.0} parallel_ms={parallel:.0} speedup={:.1}",
            explained / parallel
        );
        // The plain synthetic case (no evidence at all), as `benches/timeline.rs` measures it.
        let plain = proxyline::synth::case(n, 64, 42);
        let evaluator = Evaluator::new(&plain, "state");
        let parallel = time(|| {
            black_box(evaluator.verdicts_all(&plain.events, bar));
        });
        println!("verdicts_plain events={n} parallel_ms={parallel:.0}");
    }
}
