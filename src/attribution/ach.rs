//! Analysis of competing hypotheses (Heuer, 1999, ch. 8): an evidence × hypothesis matrix of
//! consistency, scored by the counted evidence that is inconsistent with each hypothesis. The
//! hypothesis with the least inconsistent evidence is the one to prefer.

use crate::model::{BearsOn, Case, Consistency, Event, Grade, Stance};

/// A hypothesis with its score.
#[derive(Clone, Debug, PartialEq)]
pub struct Hypothesis {
    /// Id.
    pub id: String,
    /// What it says.
    pub label: String,
    /// Weighted inconsistency of the counted evidence (lower is better).
    pub inconsistency: f32,
    /// Whether it has the least inconsistent evidence.
    pub preferred: bool,
}

/// One row of the matrix: an evidence item and its cells, in hypothesis order.
#[derive(Clone, Debug, PartialEq)]
pub struct AchRow {
    /// Evidence id.
    pub evidence: String,
    /// Its grade text.
    pub grade: String,
    /// Whether it meets the bar.
    pub counted: bool,
    /// One cell per hypothesis.
    pub cells: Vec<Consistency>,
}

/// The default hypotheses for an event and state.
fn defaults(case: &Case, event: &Event, state: &str) -> Vec<(String, String)> {
    let state_name = case.actor_name(state);
    let perps: Vec<&str> = event
        .candidates()
        .into_iter()
        .map(|p| case.actor_name(p))
        .collect();
    let group = if perps.is_empty() {
        "the assessed group".to_owned()
    } else {
        perps.join(" / ")
    };
    vec![
        (
            "state-directed".to_owned(),
            format!("{state_name} directed the operation"),
        ),
        (
            "autonomous".to_owned(),
            format!("{group} acted without {state_name}'s direction"),
        ),
        (
            "other-actor".to_owned(),
            format!("Another actor than {group} did it"),
        ),
        (
            "false-flag".to_owned(),
            "A false flag meant to implicate others".to_owned(),
        ),
    ]
}

/// The derived cell for an evidence item and a default hypothesis.
fn derived(
    bears_on: &BearsOn,
    stance: Stance,
    hypothesis: &str,
    perps: &[String],
    state: &str,
) -> Consistency {
    use Consistency::{Consistent as C, Inconsistent as I, Neutral as N};
    let supports = stance == Stance::Supports;
    let flip = |c: Consistency| match (supports, c) {
        (true, c) => c,
        (false, C) => I,
        (false, I) => C,
        (false, N) => N,
    };
    let cell = match bears_on {
        BearsOn::Direction(s) | BearsOn::Adoption(s) if s == state => match hypothesis {
            "state-directed" => C,
            "autonomous" => I,
            _ => N,
        },
        BearsOn::Dependence { state: s, .. } if s == state => match hypothesis {
            "state-directed" => C,
            "autonomous" => I,
            _ => N,
        },
        BearsOn::Support(s) | BearsOn::Approval(s) if s == state => match hypothesis {
            "state-directed" => C,
            _ => N,
        },
        BearsOn::Perpetrator(a) if perps.contains(a) => match hypothesis {
            "other-actor" | "false-flag" => I,
            _ => C,
        },
        BearsOn::Perpetrator(_) => match hypothesis {
            "other-actor" => C,
            "state-directed" | "autonomous" => I,
            _ => N,
        },
        _ => N,
    };
    flip(cell)
}

/// The hypotheses (the event's own, or the defaults) scored, and the matrix rows.
#[must_use]
pub fn analyse_hypotheses(
    case: &Case,
    event: &Event,
    state: &str,
    bar: Grade,
) -> (Vec<Hypothesis>, Vec<AchRow>) {
    let hyps: Vec<(String, String)> = if event.hypotheses.is_empty() {
        defaults(case, event, state)
    } else {
        event
            .hypotheses
            .iter()
            .map(|h| (h.id.clone(), h.label.clone()))
            .collect()
    };
    let mut scores = vec![0.0f32; hyps.len()];
    let mut rows = Vec::new();
    // The candidates and the groups their front names stand for, as in the standards: evidence
    // that the group behind a front did it is not evidence that "another actor" did it.
    let candidates: Vec<String> = super::candidates(case, event)
        .into_iter()
        .flat_map(|(_, names)| names)
        .map(str::to_owned)
        .collect();
    for ev in &event.evidence {
        let grade = ev.parsed_grade();
        let counted = grade.is_some_and(|g| g.meets(bar));
        let cells: Vec<Consistency> = hyps
            .iter()
            .map(|(id, _)| {
                ev.ach
                    .get(id)
                    .copied()
                    .unwrap_or_else(|| derived(&ev.bears_on, ev.stance, id, &candidates, state))
            })
            .collect();
        if counted {
            let weight = grade.map_or(0.0, |g| 0.25 + super::weigh::grade_weight(g));
            for (score, cell) in scores.iter_mut().zip(&cells) {
                if *cell == Consistency::Inconsistent {
                    *score += weight;
                }
            }
        }
        rows.push(AchRow {
            evidence: ev.id.clone(),
            grade: ev.grade.clone(),
            counted,
            cells,
        });
    }
    let best = scores.iter().copied().fold(f32::INFINITY, f32::min);
    let any_counted = rows.iter().any(|r| r.counted);
    let hypotheses = hyps
        .into_iter()
        .zip(scores)
        .map(|((id, label), inconsistency)| Hypothesis {
            id,
            label,
            inconsistency,
            preferred: any_counted && (inconsistency - best).abs() < 1e-6,
        })
        .collect();
    (hypotheses, rows)
}
