//! `proxyline explain --format json`: per standard the headline verdict with its candidate,
//! chain, weights, standard of proof, flips and as-of date, the other candidates, the
//! requirements, the competing hypotheses and the attribution lag. Keys are documented in the
//! README; existing keys are kept when new ones are added.

use serde_json::{Value, json};

use crate::attribution::{Evaluator, Finding, Standard, analyse_hypotheses, lag};
use crate::model::{Case, Event, Grade, PartialDate};

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn finding_json(f: &Finding) -> Value {
    json!({
        "standard": f.standard.id(),
        "verdict": f.verdict.id(),
        "confidence": f.confidence.id(),
        "reasons": f.reasons,
        "evidence": f.evidence_ids(),
        "candidate": f.candidate,
        "chain": f.chain,
        "weight_for": round(f.weight_for),
        "weight_against": round(f.weight_against),
        "proof": f.proof.id(),
        "flips": f.flips.iter().map(|fl| json!({
            "evidence": fl.evidence, "change": fl.change, "to": fl.to.id(),
        })).collect::<Vec<_>>(),
        "as_of": f.as_of.map(|d| d.to_string()),
        "requirements": f.requirements.iter().map(|r| json!({
            "text": r.text,
            "status": r.status.id(),
            "weight_for": round(r.weight_for),
            "weight_against": round(r.weight_against),
            "missing": r.missing,
            "evidence": r.evidence.iter().map(|e| json!({
                "id": e.id, "weight": round(e.weight), "counted": e.counted,
                "contradicts": e.contradicts, "interested": e.interested,
                "same_originator_as": e.same_originator_as,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// Verdicts, hypotheses and attribution lag for an event and state, as known on `as_of`.
#[must_use]
pub fn explain_json(
    case: &Case,
    event: &Event,
    state: &str,
    standards: &[Standard],
    bar: Grade,
    as_of: Option<PartialDate>,
) -> Value {
    let evaluator = Evaluator::new(case, state).as_of(as_of);
    let findings: Vec<Finding> = standards
        .iter()
        .map(|s| evaluator.evaluate(event, *s, bar))
        .collect();
    let (hyps, _) = analyse_hypotheses(case, event, state, bar);
    json!({
        "event": event.id,
        "state": state,
        "bar": bar.to_string(),
        "as_of": as_of.map(|d| d.to_string()),
        "verdicts": findings.iter().map(|f| {
            let mut v = finding_json(f);
            if let Value::Object(m) = &mut v {
                // `first_met` tries its own dates, whatever the evaluator's as-of date.
                m.insert("first_met".to_owned(), json!(evaluator
                    .first_met(event, f.standard, bar)
                    .map(|d| d.to_string())));
                // The first alternatives whole; beyond them (verdict-only findings, see
                // `EXPLAINED_ALTERNATIVES`) just who and what, so 100,000 stay small.
                m.insert("alternatives".to_owned(), Value::Array(
                    f.alternatives.iter().enumerate().map(|(k, a)| {
                        if k < crate::attribution::EXPLAINED_ALTERNATIVES {
                            finding_json(a)
                        } else {
                            json!({"candidate": a.candidate, "verdict": a.verdict.id()})
                        }
                    }).collect()));
            }
            v
        }).collect::<Vec<_>>(),
        "hypotheses": hyps.iter().map(|h| json!({
            "id": h.id, "label": h.label, "inconsistency": h.inconsistency, "preferred": h.preferred,
        })).collect::<Vec<_>>(),
        "attribution_lag": lag::event_lags(case, event).into_iter().map(|(party, l)| json!({
            "party": party, "attribution": l.attribution, "days": l.days, "approximate": l.approximate,
        })).collect::<Vec<_>>(),
    })
}
