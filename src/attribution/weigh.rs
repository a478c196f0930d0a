//! Weighing evidence: a weight per Admiralty grade, independence (one originator counts once),
//! the treatment of interested parties, the standards of proof, and what a requirement's
//! weighed evidence shows. Pure Rust; no egui. The tables are documented in `docs/weighing.md`
//! and the standards of proof in `docs/standards-of-proof.md`.
//!
//! How a requirement is weighed: every item that bears on its proposition, is known on the
//! as-of date and meets the evidence bar gets the weight of its grade (reliability × credibility,
//! [`grade_weight`]); an interested party's statement counts at [`INTERESTED_FACTOR`] of that,
//! whichever side it serves. Items with one originator (or copies of one source) count once, at
//! the best weight among them. The independent weights on each side combine as
//! `1 − Π(1 − w)`: each further independent item closes part of the remaining doubt, and no
//! number of weak items reaches certainty.

use crate::model::Grade;

/// Weight of a reliability letter, A to F. F (cannot be judged) is weighed as doubtful, neither
/// ignored nor trusted.
pub const RELIABILITY_WEIGHT: [(u8, f32); 6] = [
    (b'A', 1.0),
    (b'B', 0.8),
    (b'C', 0.6),
    (b'D', 0.3),
    (b'E', 0.1),
    (b'F', 0.3),
];

/// Weight of a credibility digit, 1 to 6 (index 0 is 1). 6 (cannot be judged) is weighed as
/// doubtful.
pub const CREDIBILITY_WEIGHT: [f32; 6] = [1.0, 0.8, 0.6, 0.3, 0.1, 0.3];

/// The factor applied to the word of an interested party (the accused state, the accusing
/// state, the group itself), for and against alike.
pub const INTERESTED_FACTOR: f32 = 0.5;

/// Weight on one side from which that side is "strong": strong contradiction refutes a
/// requirement, strong evidence on both sides contests it.
pub const STRONG: f32 = 0.5;

/// The weight of a grade: reliability weight × credibility weight (A1 = 1, B2 = 0.64,
/// C3 = 0.36).
#[must_use]
pub fn grade_weight(g: Grade) -> f32 {
    let r = RELIABILITY_WEIGHT
        .iter()
        .find(|(l, _)| *l == g.reliability)
        .map_or(0.0, |(_, w)| *w);
    let c = CREDIBILITY_WEIGHT
        .get(usize::from(g.credibility.saturating_sub(1)))
        .copied()
        .unwrap_or(0.0);
    r * c
}

/// A grade one step worse in reliability (A→B … D→E); `None` for E and F, which have no worse
/// letter that is still a judgement.
#[must_use]
pub fn downgraded(g: Grade) -> Option<Grade> {
    (b'A'..b'E').contains(&g.reliability).then_some(Grade {
        reliability: g.reliability + 1,
        credibility: g.credibility,
    })
}

/// The weakest grade (A–E, 1–5) whose weight is at least `needed`, e.g. "B2"; `None` when no
/// single item could give it.
#[must_use]
pub fn weakest_grade_with(needed: f32) -> Option<Grade> {
    let mut best: Option<(f32, Grade)> = None;
    for reliability in b'A'..=b'E' {
        for credibility in 1..=5 {
            let g = Grade {
                reliability,
                credibility,
            };
            let w = grade_weight(g);
            if w + 1e-6 >= needed && best.is_none_or(|(bw, _)| w < bw) {
                best = Some((w, g));
            }
        }
    }
    best.map(|(_, g)| g)
}

/// Combines independent weights: `1 − Π(1 − w)`.
#[must_use]
pub fn combine(weights: impl IntoIterator<Item = f32>) -> f32 {
    1.0 - weights
        .into_iter()
        .fold(1.0, |doubt, w| doubt * (1.0 - w.clamp(0.0, 1.0)))
}

/// The weight one more independent item must have to bring `current` up to `target`.
#[must_use]
pub fn needed_to_reach(current: f32, target: f32) -> f32 {
    if current >= target {
        0.0
    } else {
        1.0 - (1.0 - target) / (1.0 - current).max(1e-6)
    }
}

/// One counted item as the weighing sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weighed<'k> {
    /// Its independence key: items with one key count once.
    pub key: &'k str,
    /// Whether it contradicts.
    pub contradicts: bool,
    /// Its weight after the interested-party factor (0 when not counted).
    pub weight: f32,
}

/// The weight for and against from counted items, each originator counted once on each side
/// (at the best weight among its items).
#[must_use]
pub fn weigh(items: &[Weighed<'_>]) -> (f32, f32) {
    let side = |contradicts: bool| {
        let mut best: Vec<(&str, f32)> = Vec::new();
        for it in items
            .iter()
            .filter(|i| i.contradicts == contradicts && i.weight > 0.0)
        {
            match best.iter_mut().find(|(k, _)| *k == it.key) {
                Some((_, w)) => *w = w.max(it.weight),
                None => best.push((it.key, it.weight)),
            }
        }
        combine(best.into_iter().map(|(_, w)| w))
    };
    (side(false), side(true))
}

/// What a requirement's weighed evidence shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Status {
    /// The weight for reaches the standard of proof and nothing strong contradicts.
    Shown,
    /// Not shown either way.
    Unshown,
    /// Strong contradiction and no strong support: the evidence refutes it.
    Refuted,
    /// Strong evidence on both sides.
    Contested,
}

impl Status {
    /// From the weights for and against and the standard of proof's threshold.
    #[must_use]
    pub fn of(weight_for: f32, weight_against: f32, threshold: f32) -> Self {
        if weight_against >= STRONG {
            if weight_for >= STRONG {
                Self::Contested
            } else {
                Self::Refuted
            }
        } else if weight_for + 1e-6 >= threshold {
            Self::Shown
        } else {
            Self::Unshown
        }
    }

    /// The id used in JSON.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Shown => "shown",
            Self::Unshown => "not-shown",
            Self::Refuted => "refuted",
            Self::Contested => "contested",
        }
    }
}

/// A standard of proof: how much weighed evidence a requirement needs, and where that comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Proof {
    /// The ICJ's "fully conclusive" evidence for charges of exceptional gravity (Bosnian Genocide,
    /// 2007, Part V on questions of proof), applied to attribution to a state by analogy.
    IcjFullyConclusive,
    /// Proof beyond reasonable doubt (ICTY Rules of Procedure and Evidence, Rule 87(A)), the
    /// standard of the Tadić trial where overall control was set out.
    IctyBeyondReasonableDoubt,
    /// "Evidence satisfactory to the court" (28 U.S.C. §1608(e)), required even for a default
    /// judgment against a foreign state.
    FsiaSatisfactoryToCourt,
    /// The intelligence community's "likely" (55–80 %, ICD 203), for an analytic judgement.
    Icd203Likely,
}

impl Proof {
    /// The id used in JSON and the docs.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::IcjFullyConclusive => "icj-fully-conclusive",
            Self::IctyBeyondReasonableDoubt => "icty-beyond-reasonable-doubt",
            Self::FsiaSatisfactoryToCourt => "fsia-satisfactory-to-court",
            Self::Icd203Likely => "icd203-likely",
        }
    }

    /// A short name for people.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::IcjFullyConclusive => "fully conclusive evidence",
            Self::IctyBeyondReasonableDoubt => "proof beyond reasonable doubt",
            Self::FsiaSatisfactoryToCourt => "evidence satisfactory to the court",
            Self::Icd203Likely => "likely (ICD 203)",
        }
    }

    /// Where it comes from.
    #[must_use]
    pub fn source(self) -> &'static str {
        match self {
            Self::IcjFullyConclusive => {
                "ICJ, Bosnian Genocide (2007), Part V on questions of proof (paras 202\u{2013}230): charges of exceptional gravity must be proved by fully conclusive evidence; applied here to attribution to a state by analogy"
            }
            Self::IctyBeyondReasonableDoubt => {
                "ICTY Rules of Procedure and Evidence, Rule 87(A): guilt proved beyond reasonable doubt (the tribunal where Tadi\u{107} set out overall control; a criminal standard applied here by analogy)"
            }
            Self::FsiaSatisfactoryToCourt => {
                "28 U.S.C. \u{a7}1608(e): no default judgment against a foreign state unless the claim is established by evidence satisfactory to the court"
            }
            Self::Icd203Likely => {
                "ODNI, ICD 203 Analytic Standards: likely / probable, 55\u{2013}80 %; using it as a bar for the seed article's test is proxyline's own choice"
            }
        }
    }

    /// The combined weight a requirement needs (see `docs/weighing.md`): 0.9 for the two
    /// strictest (two A2 items, three independent B2 items, or one A1), 0.6 for the court's
    /// satisfaction (one B2 item), 0.55 for "likely".
    #[must_use]
    pub fn threshold(self) -> f32 {
        match self {
            Self::IcjFullyConclusive | Self::IctyBeyondReasonableDoubt => 0.9,
            Self::FsiaSatisfactoryToCourt => 0.6,
            Self::Icd203Likely => 0.55,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str) -> Grade {
        Grade::parse(text).unwrap_or_default()
    }

    #[test]
    fn grade_weights_follow_the_table() {
        assert!((grade_weight(g("A1")) - 1.0).abs() < 1e-6);
        assert!((grade_weight(g("B2")) - 0.64).abs() < 1e-6);
        assert!((grade_weight(g("C3")) - 0.36).abs() < 1e-6);
        assert!(grade_weight(g("E5")) < 0.02);
        assert!(grade_weight(g("F6")) < grade_weight(g("C3")));
    }

    #[test]
    fn one_originator_counts_once_and_sides_are_separate() {
        let items = [
            Weighed {
                key: "wire",
                contradicts: false,
                weight: 0.64,
            },
            Weighed {
                key: "wire",
                contradicts: false,
                weight: 0.36,
            },
            Weighed {
                key: "court",
                contradicts: true,
                weight: 0.64,
            },
        ];
        let (f, a) = weigh(&items);
        assert!((f - 0.64).abs() < 1e-6, "{f}");
        assert!((a - 0.64).abs() < 1e-6, "{a}");
        let two = combine([0.64, 0.64]);
        assert!((two - 0.8704).abs() < 1e-4);
    }

    #[test]
    fn statuses_and_what_is_needed() {
        assert_eq!(Status::of(0.95, 0.0, 0.9), Status::Shown);
        assert_eq!(Status::of(0.64, 0.0, 0.9), Status::Unshown);
        assert_eq!(Status::of(0.3, 0.64, 0.9), Status::Refuted);
        assert_eq!(Status::of(0.64, 0.64, 0.6), Status::Contested);
        let need = needed_to_reach(0.64, 0.9);
        assert!((need - (1.0 - 0.1 / 0.36)).abs() < 1e-5);
        let grade = weakest_grade_with(need).unwrap();
        assert!(grade_weight(grade) >= need);
        assert_eq!(weakest_grade_with(1.5), None);
        assert_eq!(downgraded(g("B2")), Some(g("C2")));
        assert_eq!(downgraded(g("E2")), None);
    }
}
