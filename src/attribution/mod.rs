//! The attribution engine: for an event and a candidate state, what each standard of attribution
//! concludes from the weighed evidence, one candidate perpetrator at a time, optionally as known
//! on a date: its requirements, the evidence bearing on each and its weight, the gaps and what
//! would close them, what would flip the verdict, a confidence level with reasons, and an
//! analysis of competing hypotheses (ACH). Pure Rust; no egui. The standards follow
//! `../shared/reference/attribution-standards.md`; the weighing is in [`weigh`] and
//! `docs/weighing.md`, the standards of proof in `docs/standards-of-proof.md`.

mod ach;
mod assess;
mod evaluator;
mod finding;
pub use finding::{EXPLAINED_ALTERNATIVES, NAMED_OTHERS};
pub mod lag;
pub mod weigh;

pub use ach::{AchRow, Hypothesis, analyse_hypotheses};
pub use evaluator::Evaluator;
pub use weigh::{Proof, Status};

use crate::model::{Case, Event, Grade};

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

    /// The standard of proof each of its requirements must meet.
    #[must_use]
    pub fn proof(self) -> Proof {
        match self {
            Self::StateOrgan | Self::DeFactoOrgan | Self::EffectiveControl | Self::Adoption => {
                Proof::IcjFullyConclusive
            }
            Self::OverallControl => Proof::IctyBeyondReasonableDoubt,
            Self::MaterialSupport => Proof::FsiaSatisfactoryToCourt,
            Self::Sponsorship => Proof::Icd203Likely,
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
    /// Every requirement is shown by weighed evidence reaching the standard of proof.
    Met,
    /// The weighed evidence refutes a requirement.
    NotMet,
    /// Not shown either way: the evidence that would decide it is missing, too weak or below
    /// the bar.
    Insufficient,
    /// Strong evidence on both sides of a requirement.
    Contested,
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
            Self::Contested => "contested",
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
            Self::Contested => "contested",
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
    /// Its weight in the weighing (0 when not counted or only listed for context).
    pub weight: f32,
    /// The interested party whose word it is (a name), when it is one.
    pub interested: Option<String>,
    /// Set when another item with the same originator (or a copy of the same source) is
    /// weighed instead: that item's id.
    pub same_originator_as: Option<String>,
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
    /// What its weighed evidence shows.
    pub status: Status,
    /// Combined weight for (independent items, 0–1).
    pub weight_for: f32,
    /// Combined weight against.
    pub weight_against: f32,
    /// The evidence that would close the gap, when not satisfied.
    pub missing: Option<String>,
}

/// What a change to one item (or a pair) would do to a verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Flip {
    /// The evidence ids changed.
    pub evidence: Vec<String>,
    /// The change: `"remove"` or `"downgrade to C2"`.
    pub change: String,
    /// The verdict after the change.
    pub to: Verdict,
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
    /// The same standard for the event's other candidates ("if this group carried it out…");
    /// empty with one candidate.
    pub alternatives: Vec<Finding>,
    /// The standard of proof its requirements were weighed against.
    pub proof: Proof,
    /// Tie ids (and `organ:<id>` for a state body's organ) from the state to the candidate on
    /// the event's date; empty when there is no chain or no candidate.
    pub chain: Vec<String>,
    /// Weight for and against of the requirement that decides the verdict.
    pub weight_for: f32,
    /// See [`Self::weight_for`].
    pub weight_against: f32,
    /// The smallest changes that flip the verdict (empty: robust, or nothing weighed).
    pub flips: Vec<Flip>,
    /// The as-of date the finding was evaluated at (`None`: everything known).
    pub as_of: Option<crate::model::PartialDate>,
    /// Set when the verdict follows from the case's structure (what the candidate is, what kind
    /// of event it is), not from weighing evidence: no evidence item can flip it.
    pub structural: bool,
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

/// Evaluates one standard for an event and state at an evidence bar (see
/// [`Evaluator::evaluate`]). Builds an [`Evaluator`] on every call; to evaluate many events for
/// one state, keep one.
#[must_use]
pub fn evaluate(
    case: &Case,
    event: &Event,
    state: &str,
    standard: Standard,
    bar: Grade,
) -> Finding {
    Evaluator::new(case, state).evaluate(event, standard, bar)
}

/// Evaluates every standard for an event and state (see [`Evaluator::evaluate_all`]).
#[must_use]
pub fn evaluate_all(case: &Case, event: &Event, state: &str, bar: Grade) -> Vec<Finding> {
    Evaluator::new(case, state).evaluate_all(event, bar)
}

/// Confidence from the counted evidence behind a finding: how many distinct sources and
/// publishers, the best grade, and counted contradictions. Returns the level and its reasons.
#[must_use]
pub fn confidence(used: &[&UsedEvidence], case: &Case) -> (Confidence, Vec<String>) {
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
            case.source(id)
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
/// in its names. Everything in the case counts (for a date, see [`Evaluator`]).
#[must_use]
pub fn candidates<'a>(case: &'a Case, event: &'a Event) -> Vec<(&'a str, Vec<&'a str>)> {
    let fronts_of = |p: &'a str| {
        case.ties
            .iter()
            .filter(move |t| t.kind == crate::model::TieKind::FrontFor && t.from == p)
    };
    let attributions = case.attributions.iter().filter(|a| a.event == event.id);
    named_candidates(event, attributions, |_| true, fronts_of)
        .into_iter()
        .map(|names| (names[0], names))
        .collect()
}

/// The one implementation behind [`candidates`] and the evaluator's (which indexes the front
/// ties and knows an as-of date): each candidate's names, its own id first. `known` says
/// whether a day is known; claims and attributions from later days are left out (a claim
/// without a date is known from the event's day). `attributions` are the case's official
/// attributions of this event (the evaluator has them indexed by event). `fronts_of` gives the
/// front-name ties whose `from` is an actor.
pub(super) fn named_candidates<'a, I>(
    event: &'a Event,
    attributions: impl Iterator<Item = &'a crate::model::Attribution>,
    known: impl Fn(i32) -> bool,
    fronts_of: impl Fn(&'a str) -> I,
) -> Vec<Vec<&'a str>>
where
    I: Iterator<Item = &'a crate::model::Tie>,
{
    let day = event.first_day();
    let claims = event
        .claims
        .iter()
        .filter(|c| known(c.date.map_or(day, |d| d.first_day())))
        .map(|c| c.actor.as_str());
    let attributed = attributions
        .filter(|a| known(a.date.first_day()))
        .flat_map(|a| a.to.iter().map(String::as_str));
    let named = event
        .perpetrators
        .iter()
        .map(String::as_str)
        .chain(claims)
        .chain(attributed);
    let mut out: Vec<Vec<&str>> = Vec::new();
    // Each candidate's slot by id (a scan per name was quadratic with many perpetrators).
    let mut slots: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut add = |candidate: &'a str, alias: &'a str| {
        let slot = *slots.entry(candidate).or_insert_with(|| {
            out.push(vec![candidate]);
            out.len() - 1
        });
        // A candidate's names are few (itself and its front names).
        if !out[slot].contains(&alias) {
            out[slot].push(alias);
        }
    };
    for p in named {
        let mut fronted = false;
        for t in fronts_of(p) {
            if t.valid_on(day) && t.to != p {
                add(t.to.as_str(), p);
                fronted = true;
            }
        }
        if !fronted {
            add(p, p);
        }
    }
    out
}
