//! The weighed core of every standard, for one event, one candidate perpetrator and one state:
//! which requirements the standard has, which evidence bears on each (known on the as-of date),
//! their weights for and against, and the verdict. No text is built here, so the same code
//! colours a million events and explains one ([`super::finding`] turns it into words).

use super::weigh::{self, Proof, Status, Weighed};
use super::{Standard, Verdict};
use crate::model::{ActorKind, BearsOn, EventCategory, Evidence, Grade, Stance, TieKind};

use super::evaluator::{Evaluator, Scope};

/// Tie kinds that organise, coordinate or plan the group's actions.
pub(super) const ORGANISING: &[TieKind] = &[TieKind::Directs, TieKind::Commands];
/// Tie kinds that finance, train or equip the group.
pub(super) const EQUIPPING: &[TieKind] = &[
    TieKind::Funds,
    TieKind::Trains,
    TieKind::Arms,
    TieKind::Established,
];

/// What a requirement asks to be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ask {
    /// The candidate carried out the attack.
    Perpetrator,
    /// The candidate is completely dependent on the state.
    Dependence,
    /// The state instructed, directed or controlled this operation.
    Direction,
    /// The state provided material support (event items and the support ties' evidence).
    Support,
    /// The state acknowledged and adopted the conduct.
    Adoption,
    /// Ties of these kinds from the state's organs to the candidate hold (their evidence).
    Ties(&'static [TieKind], &'static str),
}

/// One evidence item as weighed in a requirement.
#[derive(Clone, Copy, Debug)]
pub(super) struct Item<'a> {
    /// The item.
    pub ev: &'a Evidence,
    /// Its parsed grade.
    pub grade: Option<Grade>,
    /// Whether it meets the evidence bar.
    pub counted: bool,
    /// Weight after the interested-party factor; 0 when not counted or only listed.
    pub weight: f32,
    /// Independence key: the originator, else the first source's address, else its id.
    pub key: &'a str,
    /// Listed for context but never weighed (approval beside adoption).
    pub listed_only: bool,
}

impl Item<'_> {
    /// The weight this item would have at another grade (0 below the bar).
    pub fn weight_at(&self, grade: Grade, bar: Grade) -> f32 {
        if self.listed_only || !grade.meets(bar) {
            return 0.0;
        }
        let w = weigh::grade_weight(grade);
        if self.ev.interested.is_some() {
            w * weigh::INTERESTED_FACTOR
        } else {
            w
        }
    }
}

/// One weighed requirement.
#[derive(Clone, Debug)]
pub(super) struct Req<'a> {
    /// What it asks.
    pub ask: Ask,
    /// The evidence bearing on it.
    pub items: Vec<Item<'a>>,
    /// The ties it rests on (for tie requirements and material support).
    pub ties: Vec<usize>,
    /// Weight for.
    pub wf: f32,
    /// Weight against.
    pub wa: f32,
    /// What the evidence shows, at the standard's proof.
    pub status: Status,
}

/// Weights and status of a set of items at a threshold.
pub(super) fn weigh_items(items: &[Item<'_>], threshold: f32) -> (f32, f32, Status) {
    let weighed: Vec<Weighed<'_>> = items
        .iter()
        .map(|i| Weighed {
            key: i.key,
            contradicts: i.ev.stance == Stance::Contradicts,
            weight: i.weight,
        })
        .collect();
    let (wf, wa) = weigh::weigh(&weighed);
    (wf, wa, Status::of(wf, wa, threshold))
}

/// Why a standard's verdict is fixed without weighing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fixed {
    /// A legal or diplomatic act.
    LegalAct,
    /// The event lies after the as-of date.
    NotYetKnown,
    /// Another state's conduct.
    OtherState,
    /// The candidate is an organ: this standard is about non-organs.
    ByOrgan,
    /// State organ: the candidate is not an organ of the state.
    NotAnOrgan,
}

/// A standard's assessment for one candidate.
#[derive(Clone, Debug)]
pub(super) struct Assessment<'a> {
    /// The standard.
    pub standard: Standard,
    /// The verdict.
    pub verdict: Verdict,
    /// Set when the verdict is fixed by the case's structure, not weighed.
    pub fixed: Option<Fixed>,
    /// The weighed requirements (empty when fixed, except `NotAnOrgan`, which lists identity).
    pub reqs: Vec<Req<'a>>,
    /// The candidate (the group a front stands for), `None` when there is none.
    pub candidate: Option<&'a str>,
    /// Approval items listed beside adoption (never weighed).
    pub approval: Vec<Item<'a>>,
}

impl Assessment<'_> {
    /// The requirement that decides the verdict: the refuted one, else the weakest unshown, else
    /// the contested one, else (met) the weakest shown.
    pub fn deciding(&self) -> Option<&Req<'_>> {
        let by = |s: Status| {
            self.reqs
                .iter()
                .filter(move |r| r.status == s)
                .min_by(|a, b| a.wf.total_cmp(&b.wf))
        };
        by(Status::Refuted)
            .or_else(|| by(Status::Unshown))
            .or_else(|| by(Status::Contested))
            .or_else(|| by(Status::Shown))
    }

    /// Weights for and against of the deciding requirement.
    pub fn weights(&self) -> (f32, f32) {
        self.deciding().map_or((0.0, 0.0), |r| (r.wf, r.wa))
    }
}

/// The verdict from the requirements' statuses: any refuted → not met; else any not shown →
/// insufficient (a dispute elsewhere cannot decide a standard whose other requirements are
/// missing, e.g. a group's dependence when nothing shows the group did it); else any contested →
/// contested; else (all shown) met. No requirement: insufficient.
pub(super) fn verdict_of(statuses: impl IntoIterator<Item = Status>) -> Verdict {
    let (mut any, mut refuted, mut unshown, mut contested) = (false, false, false, false);
    for s in statuses {
        any = true;
        refuted |= s == Status::Refuted;
        unshown |= s == Status::Unshown;
        contested |= s == Status::Contested;
    }
    if !any || (unshown && !refuted) {
        Verdict::Insufficient
    } else if refuted {
        Verdict::NotMet
    } else if contested {
        Verdict::Contested
    } else {
        Verdict::Met
    }
}

/// Assesses one standard for one candidate in a scope.
pub(super) fn assess<'a>(
    ev: &Evaluator<'a>,
    scope: &Scope<'a>,
    names: &[&'a str],
    standard: Standard,
) -> Assessment<'a> {
    let proof = standard.proof();
    let candidate = names.first().copied();
    let fixed = |fixed: Fixed, verdict: Verdict, reqs: Vec<Req<'a>>| Assessment {
        standard,
        verdict,
        fixed: Some(fixed),
        reqs,
        candidate,
        approval: Vec::new(),
    };
    if scope.event.kind.category() == EventCategory::LegalAct {
        return fixed(Fixed::LegalAct, Verdict::NotApplicable, Vec::new());
    }
    if scope.after_as_of {
        return fixed(Fixed::NotYetKnown, Verdict::NotApplicable, Vec::new());
    }
    let req = |ask: Ask| requirement(ev, scope, names, ask, proof);
    let Some(cand) = candidate else {
        let reqs = vec![req(Ask::Perpetrator)];
        return weighed(standard, reqs, None, Vec::new());
    };
    let by_organ = names.iter().any(|g| ev.organs.contains(g));
    let assessed = scope.is_assessed(cand);
    let other_state = assessed
        && names.iter().all(|g| {
            !ev.organs.contains(g)
                && ev
                    .case
                    .actor(g)
                    .is_some_and(|a| matches!(a.kind, ActorKind::State | ActorKind::StateOrgan))
        });
    if other_state {
        return fixed(Fixed::OtherState, Verdict::NotApplicable, Vec::new());
    }
    let reqs = match standard {
        Standard::StateOrgan => {
            if !by_organ {
                return fixed(
                    Fixed::NotAnOrgan,
                    Verdict::NotMet,
                    vec![req(Ask::Perpetrator)],
                );
            }
            vec![req(Ask::Perpetrator)]
        }
        _ if by_organ
            && standard != Standard::Adoption
            && standard != Standard::MaterialSupport =>
        {
            return fixed(Fixed::ByOrgan, Verdict::NotApplicable, Vec::new());
        }
        Standard::DeFactoOrgan => vec![req(Ask::Perpetrator), req(Ask::Dependence)],
        Standard::EffectiveControl => vec![req(Ask::Perpetrator), req(Ask::Direction)],
        Standard::OverallControl => vec![
            req(Ask::Perpetrator),
            req(Ask::Ties(
                ORGANISING,
                "has a role in organising, coordinating or planning the group's actions",
            )),
            req(Ask::Ties(EQUIPPING, "finances, trains or equips the group")),
        ],
        Standard::Adoption => {
            let approval = event_items(
                ev,
                scope,
                |b| matches!(b, BearsOn::Approval(s) if s == ev.state),
            )
            .map(|mut i| {
                i.listed_only = true;
                i.weight = 0.0;
                i
            })
            .collect();
            return weighed(standard, vec![req(Ask::Adoption)], candidate, approval);
        }
        Standard::MaterialSupport => vec![req(Ask::Perpetrator), req(Ask::Support)],
        Standard::Sponsorship => vec![
            req(Ask::Perpetrator),
            req(Ask::Ties(&[TieKind::Established], "established the group")),
            req(Ask::Ties(&[TieKind::Arms], "arms the group")),
            req(Ask::Ties(&[TieKind::Trains], "trains the group")),
            req(Ask::Ties(&[TieKind::Funds], "finances the group")),
        ],
    };
    weighed(standard, reqs, candidate, Vec::new())
}

fn weighed<'a>(
    standard: Standard,
    reqs: Vec<Req<'a>>,
    candidate: Option<&'a str>,
    approval: Vec<Item<'a>>,
) -> Assessment<'a> {
    Assessment {
        standard,
        verdict: verdict_of(reqs.iter().map(|r| r.status)),
        fixed: None,
        reqs,
        candidate,
        approval,
    }
}

/// The event's items (and standing case-level items on dependence) matching a predicate, known
/// on the as-of date.
///
/// Case-level items are "not tied to one event", so an item there on who carried out an attack
/// or on a state's direction, support, adoption or approval is not about *this* operation and
/// must not decide (or refute) it for every event in the case.
fn event_items<'a, 's>(
    ev: &'s Evaluator<'a>,
    scope: &'s Scope<'a>,
    pred: impl Fn(&BearsOn) -> bool + 's,
) -> impl Iterator<Item = Item<'a>> + 's {
    let standing = ev
        .case
        .evidence
        .iter()
        .filter(|e| matches!(e.bears_on, BearsOn::Dependence { .. }));
    scope
        .event
        .evidence
        .iter()
        .chain(standing)
        .filter(move |e| pred(&e.bears_on))
        .filter_map(move |e| ev.item(scope, e))
}

fn requirement<'a>(
    ev: &Evaluator<'a>,
    scope: &Scope<'a>,
    names: &[&'a str],
    ask: Ask,
    proof: Proof,
) -> Req<'a> {
    let state = ev.state;
    let (items, ties): (Vec<Item<'a>>, Vec<usize>) = match ask {
        Ask::Perpetrator => (
            event_items(ev, scope, |b| {
                matches!(b, BearsOn::Perpetrator(a) if names.contains(&a.as_str()))
            })
            .collect(),
            Vec::new(),
        ),
        Ask::Dependence => (
            event_items(ev, scope, |b| {
                matches!(b, BearsOn::Dependence { group, state: s } if names.contains(&group.as_str()) && s == state)
            })
            .collect(),
            Vec::new(),
        ),
        Ask::Direction => (
            event_items(ev, scope, |b| matches!(b, BearsOn::Direction(s) if s == state)).collect(),
            Vec::new(),
        ),
        Ask::Adoption => (
            event_items(ev, scope, |b| matches!(b, BearsOn::Adoption(s) if s == state)).collect(),
            Vec::new(),
        ),
        Ask::Support => {
            let ties = ev.ties(scope, names, EQUIPPING);
            let mut items: Vec<Item<'a>> =
                event_items(ev, scope, |b| matches!(b, BearsOn::Support(s) if s == state))
                    .collect();
            items.extend(ev.tie_items(scope, &ties));
            (items, ties)
        }
        Ask::Ties(kinds, _) => {
            let ties = ev.ties(scope, names, kinds);
            (ev.tie_items(scope, &ties).collect(), ties)
        }
    };
    let (wf, wa, status) = weigh_items(&items, proof.threshold());
    Req {
        ask,
        items,
        ties,
        wf,
        wa,
        status,
    }
}
