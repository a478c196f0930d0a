//! `proxyline explain --format json`: per standard the headline verdict with its candidate,
//! chain, weights, standard of proof, flips and as-of date, the other candidates, the
//! requirements, the competing hypotheses and the attribution lag. Keys are documented in the
//! README; existing keys are kept when new ones are added.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
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

/// Verdicts, hypotheses and attribution lag for an event and state, as known on `as_of`, as a
/// JSON value (see [`Explanation`], which writes the same document without building it).
#[must_use]
pub fn explain_json(
    case: &Case,
    event: &Event,
    state: &str,
    standards: &[Standard],
    bar: Grade,
    as_of: Option<PartialDate>,
) -> Value {
    let doc = Explanation {
        case,
        event,
        state,
        standards,
        bar,
        as_of,
    };
    serde_json::to_value(doc).unwrap_or(Value::Null)
}

/// The `explain --format json` document, serialised as it is written: one standard is evaluated
/// at a time and each alternative becomes JSON only while it is written, so an event naming
/// 100,000 candidates writes its explanation in a few hundred megabytes less than building the
/// whole JSON value took (1.17 GB peak at 100,000 candidates, see `benches/complexity.rs`).
/// Keys come in sorted order, as in a `serde_json` value.
#[derive(Clone, Copy, Debug)]
pub struct Explanation<'a> {
    /// The case.
    pub case: &'a Case,
    /// The event explained.
    pub event: &'a Event,
    /// The state whose responsibility is weighed.
    pub state: &'a str,
    /// The standards, in the order written.
    pub standards: &'a [Standard],
    /// The evidence bar.
    pub bar: Grade,
    /// Evaluate as known on this date (everything when `None`).
    pub as_of: Option<PartialDate>,
}

impl Serialize for Explanation<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (case, event) = (self.case, self.event);
        let (hyps, _) = analyse_hypotheses(case, event, self.state, self.bar);
        let mut m = ser.serialize_map(Some(7))?;
        m.serialize_entry("as_of", &self.as_of.map(|d| d.to_string()))?;
        m.serialize_entry(
            "attribution_lag",
            &lag::event_lags(case, event)
                .into_iter()
                .map(|(party, l)| {
                    json!({
                        "party": party, "attribution": l.attribution, "days": l.days,
                        "approximate": l.approximate,
                    })
                })
                .collect::<Vec<_>>(),
        )?;
        m.serialize_entry("bar", &self.bar.to_string())?;
        m.serialize_entry("event", &event.id)?;
        m.serialize_entry(
            "hypotheses",
            &hyps
                .iter()
                .map(|h| {
                    json!({
                        "id": h.id, "label": h.label, "inconsistency": h.inconsistency,
                        "preferred": h.preferred,
                    })
                })
                .collect::<Vec<_>>(),
        )?;
        m.serialize_entry("state", self.state)?;
        m.serialize_entry("verdicts", &Verdicts(self))?;
        m.end()
    }
}

/// The verdicts, one standard evaluated while it is written.
struct Verdicts<'d, 'a>(&'d Explanation<'a>);

impl Serialize for Verdicts<'_, '_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let doc = self.0;
        let evaluator = Evaluator::new(doc.case, doc.state).as_of(doc.as_of);
        let mut seq = ser.serialize_seq(Some(doc.standards.len()))?;
        for s in doc.standards {
            let f = evaluator.evaluate(doc.event, *s, doc.bar);
            // `first_met` tries its own dates, whatever the evaluator's as-of date.
            let first_met = evaluator
                .first_met(doc.event, f.standard, doc.bar)
                .map(|d| d.to_string());
            seq.serialize_element(&Headline {
                finding: &f,
                first_met,
            })?;
        }
        seq.end()
    }
}

/// One standard's headline finding with its first-met date and its alternatives.
struct Headline<'f> {
    finding: &'f Finding,
    first_met: Option<String>,
}

impl Serialize for Headline<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let Value::Object(fields) = finding_json(self.finding) else {
            return ser.serialize_none();
        };
        let mut entries: Vec<(&str, Entry<'_>)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), Entry::Value(v)))
            .collect();
        let first_met = json!(self.first_met);
        entries.push(("first_met", Entry::Value(&first_met)));
        entries.push((
            "alternatives",
            Entry::Alternatives(&self.finding.alternatives),
        ));
        entries.sort_by_key(|(k, _)| *k);
        let mut m = ser.serialize_map(Some(entries.len()))?;
        for (k, v) in &entries {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A headline's field: a value, or its alternatives written one by one.
enum Entry<'v> {
    Value(&'v Value),
    Alternatives(&'v [Finding]),
}

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        match self {
            Entry::Value(v) => v.serialize(ser),
            Entry::Alternatives(all) => {
                let mut seq = ser.serialize_seq(Some(all.len()))?;
                for (k, a) in all.iter().enumerate() {
                    // The first alternatives whole; beyond them (verdict-only findings, see
                    // `EXPLAINED_ALTERNATIVES`) just who and what, so 100,000 stay small.
                    if k < crate::attribution::EXPLAINED_ALTERNATIVES {
                        seq.serialize_element(&finding_json(a))?;
                    } else {
                        seq.serialize_element(&Brief {
                            candidate: a.candidate.as_deref(),
                            verdict: a.verdict.id(),
                        })?;
                    }
                }
                seq.end()
            }
        }
    }
}

/// An alternative beyond the explained ones: who, and the verdict.
#[derive(serde::Serialize)]
struct Brief<'a> {
    candidate: Option<&'a str>,
    verdict: &'a str,
}
