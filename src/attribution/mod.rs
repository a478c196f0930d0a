//! The attribution engine: for an event and a candidate state, what each standard of attribution
//! concludes from the graded evidence, with its requirements, the evidence that satisfies each,
//! the gaps, a confidence level with reasons, and an analysis of competing hypotheses (ACH).
//! Pure Rust; no egui. The standards follow `../shared/reference/attribution-standards.md`.

mod ach;
mod standards;

pub use ach::{AchRow, Hypothesis, analyse_hypotheses};
pub use standards::{Evaluator, evaluate, evaluate_all};

use crate::graph;
use crate::model::{Case, Event, Grade, Source};

/// The standards of attribution, in the order the panel shows them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Standard {
    /// Conduct of a de jure organ (ILC Art. 4).
    StateOrgan,
    /// Complete dependence: a de facto organ (Art. 4; Nicaragua §109; Bosnian Genocide).
    DeFactoOrgan,
    /// Instructions, direction or control of this operation (Art. 8; Nicaragua §115).
    EffectiveControl,
    /// Organising, coordinating or planning plus support (ICTY Tadić 1999).
    OverallControl,
    /// Acknowledged and adopted as its own (Art. 11).
    Adoption,
    /// Material support under the FSIA terrorism exception (28 U.S.C. §1605A).
    MaterialSupport,
    /// The seed article's test: established, armed, trained and financed the group.
    Sponsorship,
}

impl Standard {
    /// All standards.
    pub const ALL: [Self; 7] = [
        Self::StateOrgan,
        Self::DeFactoOrgan,
        Self::EffectiveControl,
        Self::OverallControl,
        Self::Adoption,
        Self::MaterialSupport,
        Self::Sponsorship,
    ];

    /// The id used on the command line and in JSON.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::StateOrgan => "state-organ",
            Self::DeFactoOrgan => "de-facto-organ",
            Self::EffectiveControl => "effective-control",
            Self::OverallControl => "overall-control",
            Self::Adoption => "adoption",
            Self::MaterialSupport => "material-support",
            Self::Sponsorship => "sponsorship",
        }
    }

    /// The standard for an id.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// A short name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::StateOrgan => "State organ",
            Self::DeFactoOrgan => "De facto organ",
            Self::EffectiveControl => "Effective control",
            Self::OverallControl => "Overall control",
            Self::Adoption => "Adoption",
            Self::MaterialSupport => "Material support (FSIA)",
            Self::Sponsorship => "Sponsorship (seed test)",
        }
    }

    /// Where the standard comes from.
    #[must_use]
    pub fn basis(self) -> &'static str {
        match self {
            Self::StateOrgan => "ILC Articles on State Responsibility (2001), Art. 4",
            Self::DeFactoOrgan => {
                "ILC Art. 4 as read in Nicaragua v. USA (ICJ 1986) \u{a7}109 and Bosnian Genocide (ICJ 2007): complete dependence"
            }
            Self::EffectiveControl => {
                "ILC Art. 8; Nicaragua v. USA (ICJ 1986) \u{a7}115; Bosnian Genocide (ICJ 2007)"
            }
            Self::OverallControl => {
                "ICTY Appeals Chamber, Prosecutor v. Tadi\u{107} (1999); rejected by the ICJ for state responsibility in Bosnian Genocide (2007)"
            }
            Self::Adoption => "ILC Art. 11; US Diplomatic and Consular Staff in Tehran (ICJ 1980)",
            Self::MaterialSupport => {
                "FSIA terrorism exception, 28 U.S.C. \u{a7}1605A (formerly \u{a7}1605(a)(7)): material support by the state"
            }
            Self::Sponsorship => {
                "Analytic test argued in Alaaldin, Foreign Policy (2021): the state established, armed, trained and financed the group"
            }
        }
    }
}

/// What a standard concludes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// The standard is met by evidence at or above the bar.
    Met,
    /// The evidence at or above the bar shows it is not met.
    NotMet,
    /// The evidence that would decide it is missing or below the bar.
    Insufficient,
    /// The standard does not apply to this event and state.
    NotApplicable,
}

impl Verdict {
    /// The id used in JSON.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotMet => "not-met",
            Self::Insufficient => "insufficient",
            Self::NotApplicable => "not-applicable",
        }
    }

    /// A label for people.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotMet => "not met",
            Self::Insufficient => "insufficient",
            Self::NotApplicable => "n/a",
        }
    }
}

/// Confidence in a verdict (ICD 203: high / moderate / low; never mixed with a likelihood).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Confidence {
    /// Thin, low-grade or contradicted evidence.
    Low,
    /// Some gaps or contradictions.
    Moderate,
    /// Several independent, well-graded sources and no counted contradiction.
    High,
}

impl Confidence {
    /// The id used in JSON.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Moderate => "moderate",
            Self::High => "high",
        }
    }
}

/// One evidence item as used by a requirement.
#[derive(Clone, Debug, PartialEq)]
pub struct UsedEvidence {
    /// Evidence id.
    pub id: String,
    /// What it shows.
    pub shows: String,
    /// Its grade (`None` when malformed).
    pub grade: Option<Grade>,
    /// Whether it meets the bar and so counts.
    pub counted: bool,
    /// Whether it contradicts.
    pub contradicts: bool,
    /// Its sources.
    pub sources: Vec<String>,
}

/// One requirement of a standard.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// What must be shown.
    pub text: String,
    /// Whether it is satisfied.
    pub satisfied: bool,
    /// Evidence that bears on it (counted or not).
    pub evidence: Vec<UsedEvidence>,
    /// What is missing, when not satisfied.
    pub gap: Option<String>,
}

/// A standard's finding for one event and state.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The standard.
    pub standard: Standard,
    /// The verdict.
    pub verdict: Verdict,
    /// Confidence, with its reasons.
    pub confidence: Confidence,
    /// Why: short sentences, in order.
    pub reasons: Vec<String>,
    /// The requirements and their evidence.
    pub requirements: Vec<Requirement>,
    /// The candidate perpetrator the finding is about (actor id; the group a front name
    /// stands for, not the front). `None` when the event has no candidate or is not an attack.
    /// Every requirement is weighed through this candidate alone.
    pub candidate: Option<String>,
    /// The same standard for the event's other candidates ("if this group carried it out…"),
    /// weaker or equal cases first chosen against; empty with one candidate.
    pub alternatives: Vec<Finding>,
}

impl Finding {
    /// Ids of the counted evidence behind the finding.
    #[must_use]
    pub fn evidence_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in &self.requirements {
            for e in r.evidence.iter().filter(|e| e.counted) {
                if !out.contains(&e.id.as_str()) {
                    out.push(&e.id);
                }
            }
        }
        out
    }
}

/// Confidence from the counted evidence behind a finding: how many distinct sources and
/// publishers, the best grade, and counted contradictions. Returns the level and its reasons.
#[must_use]
pub fn confidence(used: &[&UsedEvidence], sources: &[Source]) -> (Confidence, Vec<String>) {
    let supporting: Vec<&&UsedEvidence> = used
        .iter()
        .filter(|e| e.counted && !e.contradicts)
        .collect();
    let contradicting = used.iter().filter(|e| e.counted && e.contradicts).count();
    let mut ids: Vec<&str> = supporting
        .iter()
        .flat_map(|e| e.sources.iter().map(String::as_str))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut publishers: Vec<&str> = ids
        .iter()
        .map(|id| {
            sources
                .iter()
                .find(|s| s.id == *id)
                .and_then(|s| s.publisher.as_deref())
                .unwrap_or(id)
        })
        .collect();
    publishers.sort_unstable();
    publishers.dedup();
    let best = supporting
        .iter()
        .filter_map(|e| e.grade)
        .min_by_key(|g| (g.reliability, g.credibility));
    let mut reasons = vec![format!(
        "{} counted supporting item(s) from {} source(s) and {} independent publisher(s)",
        supporting.len(),
        ids.len(),
        publishers.len()
    )];
    if let Some(g) = best {
        reasons.push(format!(
            "best grade {g} ({}, {})",
            g.reliability_words(),
            g.credibility_words()
        ));
    }
    if contradicting > 0 {
        reasons.push(format!("{contradicting} counted item(s) contradict"));
    }
    let strong = best.is_some_and(|g| {
        g.meets(Grade {
            reliability: b'B',
            credibility: 2,
        })
    });
    let mut level = if publishers.len() >= 3 && strong {
        Confidence::High
    } else if publishers.len() >= 2 || strong {
        Confidence::Moderate
    } else {
        Confidence::Low
    };
    if contradicting > 0 {
        level = match level {
            Confidence::High => Confidence::Moderate,
            _ => Confidence::Low,
        };
    }
    (level, reasons)
}

/// The candidate perpetrators of an event, each with the names it acted under on this event:
/// every assessed perpetrator, every claimant, and every actor an official attribution in the
/// case names for it; a front name is not a candidate of its own but stands for the group(s)
/// it fronts on the event's date, and each of those is one candidate (with the front among its
/// names). In order of first mention, assessed perpetrators first; the candidate's own id first
/// in its names.
#[must_use]
pub fn candidates<'a>(case: &'a Case, event: &'a Event) -> Vec<(&'a str, Vec<&'a str>)> {
    let day = event.first_day();
    let named = event
        .perpetrators
        .iter()
        .chain(event.claims.iter().map(|c| &c.actor))
        .chain(
            case.attributions
                .iter()
                .filter(|a| a.event == event.id)
                .flat_map(|a| a.to.iter()),
        );
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut add = |candidate: &'a str, alias: &'a str| {
        let slot = if let Some(i) = out.iter().position(|(c, _)| *c == candidate) {
            i
        } else {
            out.push((candidate, vec![candidate]));
            out.len() - 1
        };
        if !out[slot].1.contains(&alias) {
            out[slot].1.push(alias);
        }
    };
    for p in named {
        let groups = graph::represented_groups(case, p, day);
        if groups.len() == 1 {
            add(p, p);
        } else {
            for g in &groups[1..] {
                add(g, p);
            }
        }
    }
    out
}

/// The actors an event's attribution is about, on the event's date: its candidates (assessed
/// perpetrators, or claimants when none is assessed) and the groups their front names stand for,
/// without repeats, in order.
fn event_groups<'a>(case: &'a Case, event: &'a Event) -> Vec<&'a str> {
    let day = event.first_day();
    let mut groups: Vec<&str> = Vec::new();
    for p in event.candidates() {
        for g in graph::represented_groups(case, p, day) {
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
    }
    groups
}
