//! Evaluation of each standard of attribution for one event and one state.

use std::collections::HashSet;

use super::{
    Confidence, Finding, Requirement, Standard, UsedEvidence, Verdict, candidates, confidence,
};
use crate::graph;
use crate::model::{
    ActorKind, BearsOn, Case, Event, EventCategory, Evidence, Grade, Stance, TieKind,
};

/// What every standard needs to know about the event and state.
struct Ctx<'a> {
    case: &'a Case,
    event: &'a Event,
    bar: Grade,
    day: i32,
    organs: &'a HashSet<&'a str>,
    /// The perpetrators and the groups their front names stand for.
    groups: Vec<&'a str>,
}

impl Ctx<'_> {
    fn used(&self, ev: &Evidence) -> UsedEvidence {
        let grade = ev.parsed_grade();
        UsedEvidence {
            id: ev.id.clone(),
            shows: ev.shows.clone(),
            grade,
            counted: grade.is_some_and(|g| g.meets(self.bar)),
            contradicts: ev.stance == Stance::Contradicts,
            sources: ev.sources.clone(),
        }
    }

    /// Evidence on the event matching a predicate, and case-level evidence matching it when it
    /// bears on a standing relation (a group's dependence on a state).
    ///
    /// Case-level items are "not tied to one event", so an item there on who carried out an
    /// attack or on a state's direction, support, adoption or approval is not about *this*
    /// operation and must not decide (or refute) it for every event in the case.
    fn evidence(&self, pred: impl Fn(&BearsOn) -> bool) -> Vec<UsedEvidence> {
        let standing = self
            .case
            .evidence
            .iter()
            .filter(|e| matches!(e.bears_on, BearsOn::Dependence { .. }));
        self.event
            .evidence
            .iter()
            .chain(standing)
            .filter(|e| pred(&e.bears_on))
            .map(|e| self.used(e))
            .collect()
    }

    /// Ties from the state's organs to one of the groups, valid on the event's date, of a kind.
    fn ties(&self, kinds: &[TieKind]) -> Vec<(usize, Vec<UsedEvidence>)> {
        self.case
            .ties
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                kinds.contains(&t.kind)
                    && self.organs.contains(t.from.as_str())
                    && self.groups.contains(&t.to.as_str())
                    && t.valid_on(self.day)
            })
            .map(|(i, t)| (i, t.evidence.iter().map(|e| self.used(e)).collect()))
            .collect()
    }

    fn bar_note(&self, evidence: &[UsedEvidence]) -> Option<String> {
        let below = evidence.iter().filter(|e| !e.counted).count();
        (below > 0).then(|| {
            format!(
                "{below} item(s) below the evidence bar {} are shown but not counted",
                self.bar
            )
        })
    }
}

/// Splits evidence into counted support / counted contradiction.
fn tally(evidence: &[UsedEvidence]) -> (usize, usize) {
    let support = evidence
        .iter()
        .filter(|e| e.counted && !e.contradicts)
        .count();
    let against = evidence
        .iter()
        .filter(|e| e.counted && e.contradicts)
        .count();
    (support, against)
}

/// A requirement met by counted supporting evidence that outweighs counted contradictions.
fn evidence_requirement(text: String, evidence: Vec<UsedEvidence>, gap: &str) -> Requirement {
    let (support, against) = tally(&evidence);
    let satisfied = support > 0 && support > against;
    Requirement {
        text,
        satisfied,
        evidence,
        gap: (!satisfied).then(|| gap.to_owned()),
    }
}

/// Verdict from requirements: all satisfied → met; counted contradictions outnumbering the
/// counted support of a requirement → not met (refuted); otherwise, including a tie between
/// the two, insufficient (not shown either way).
fn verdict_of(requirements: &[Requirement]) -> Verdict {
    if requirements.iter().all(|r| r.satisfied) {
        return Verdict::Met;
    }
    let refuted = requirements.iter().any(|r| {
        let (support, against) = tally(&r.evidence);
        !r.satisfied && against > support
    });
    if refuted {
        Verdict::NotMet
    } else {
        Verdict::Insufficient
    }
}

fn finish(
    ctx: &Ctx<'_>,
    standard: Standard,
    mut verdict: Verdict,
    mut reasons: Vec<String>,
    requirements: Vec<Requirement>,
) -> Finding {
    let all: Vec<&UsedEvidence> = requirements
        .iter()
        .flat_map(|r| r.evidence.iter())
        .collect();
    let (level, why) = confidence(&all, &ctx.case.sources);
    let below: Vec<UsedEvidence> = all.iter().map(|e| (*e).clone()).collect();
    if let Some(note) = ctx.bar_note(&below) {
        reasons.push(note);
    }
    for r in requirements.iter().filter(|r| !r.satisfied) {
        if let Some(gap) = &r.gap {
            reasons.push(format!("Gap: {gap}"));
        }
    }
    if verdict == Verdict::NotApplicable {
        return Finding {
            standard,
            verdict,
            confidence: Confidence::Low,
            reasons,
            requirements,
            candidate: None,
            alternatives: Vec::new(),
        };
    }
    if requirements.is_empty() {
        verdict = Verdict::Insufficient;
    }
    reasons.push(format!("Confidence: {}", why.join("; ")));
    Finding {
        standard,
        verdict,
        confidence: level,
        reasons,
        requirements,
        candidate: ctx.groups.first().map(|g| (*g).to_owned()),
        alternatives: Vec::new(),
    }
}

fn perpetrator_requirement(ctx: &Ctx<'_>) -> Requirement {
    let groups = ctx.groups.clone();
    let Some(candidate) = groups.first().copied() else {
        return evidence_requirement(
            "Someone identified carried out the attack".to_owned(),
            Vec::new(),
            "no perpetrator is assessed, claimed or officially named",
        );
    };
    let event = ctx.event;
    let role = if event.perpetrators.iter().any(|p| p == candidate) {
        "the assessed perpetrator".to_owned()
    } else if let Some(front) = groups[1..]
        .iter()
        .find(|g| event.claims.iter().any(|c| c.actor == **g))
    {
        format!(
            "claimed under the front name {}",
            ctx.case.actor_name(front)
        )
    } else if groups[1..]
        .iter()
        .any(|g| event.perpetrators.iter().any(|p| p == g))
    {
        "the group the assessed perpetrator fronts for".to_owned()
    } else if event.claims.iter().any(|c| c.actor == candidate) {
        "a claimant".to_owned()
    } else {
        "named by an official attribution".to_owned()
    };
    evidence_requirement(
        format!(
            "{} ({role}) carried out the attack",
            ctx.case.actor_name(candidate)
        ),
        ctx.evidence(|b| matches!(b, BearsOn::Perpetrator(a) if groups.contains(&a.as_str()))),
        "no evidence at or above the bar identifies the perpetrator",
    )
}

fn not_applicable(ctx: &Ctx<'_>, standard: Standard, why: String) -> Finding {
    finish(ctx, standard, Verdict::NotApplicable, vec![why], Vec::new())
}

fn tie_requirement(ctx: &Ctx<'_>, kinds: &[TieKind], what: &str) -> Requirement {
    let ties = ctx.ties(kinds);
    let names: Vec<String> = ties
        .iter()
        .map(|(i, _)| {
            let t = &ctx.case.ties[*i];
            format!(
                "{} {} {}",
                ctx.case.actor_name(&t.from),
                t.kind.label(),
                ctx.case.actor_name(&t.to)
            )
        })
        .collect();
    let evidence: Vec<UsedEvidence> = ties.into_iter().flat_map(|(_, e)| e).collect();
    let text = if names.is_empty() {
        format!("{what} (ties valid on {})", ctx.event.date)
    } else {
        format!("{what}: {}", names.join("; "))
    };
    let gap = format!(
        "no tie valid on {} shows {what} with evidence at or above the bar",
        ctx.event.date
    );
    evidence_requirement(text, evidence, &gap)
}

/// Evaluates the standards of attribution for one candidate state over any number of events.
///
/// The state's organs (the state and every actor whose `parent` chain leads to it) are computed
/// once, in [`Evaluator::new`], instead of once per standard and event; use it when evaluating
/// many events for the same state. [`evaluate`] and [`evaluate_all`] are thin wrappers.
#[derive(Clone, Debug)]
pub struct Evaluator<'a> {
    case: &'a Case,
    state: &'a str,
    organs: HashSet<&'a str>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator for `state` in `case`.
    #[must_use]
    pub fn new(case: &'a Case, state: &'a str) -> Self {
        Self {
            case,
            state,
            organs: graph::organs(case, state),
        }
    }

    /// The candidate state.
    #[must_use]
    pub fn state(&self) -> &'a str {
        self.state
    }

    /// Evaluates one standard for an event at an evidence bar: the headline finding (the
    /// candidate with the strongest case), with the other candidates' findings inside it.
    #[must_use]
    pub fn evaluate(&self, event: &Event, standard: Standard, bar: Grade) -> Finding {
        self.evaluate_standards(event, &[standard], bar)
            .pop()
            .unwrap_or_else(|| {
                evaluate_in(&self.context(event, bar, Vec::new()), self.state, standard)
            })
    }

    /// Evaluates every standard, in [`Standard::ALL`] order, for an event at an evidence bar
    /// (each a headline finding, see [`Self::evaluate`]).
    #[must_use]
    pub fn evaluate_all(&self, event: &Event, bar: Grade) -> Vec<Finding> {
        self.evaluate_standards(event, &Standard::ALL, bar)
    }

    /// Each standard for each candidate of the event, each candidate weighed through its own
    /// names and ties only; per standard, the strongest case heads and the others follow it.
    fn evaluate_standards(
        &self,
        event: &Event,
        standards: &[Standard],
        bar: Grade,
    ) -> Vec<Finding> {
        let candidates = if event.kind.category() == EventCategory::LegalAct {
            Vec::new()
        } else {
            candidates(self.case, event)
        };
        if candidates.is_empty() {
            let ctx = self.context(event, bar, Vec::new());
            return standards
                .iter()
                .map(|s| evaluate_in(&ctx, self.state, *s))
                .collect();
        }
        let mut per: Vec<Vec<Finding>> = candidates
            .iter()
            .map(|(candidate, names)| {
                let ctx = self.context(event, bar, names.clone());
                standards
                    .iter()
                    .map(|s| {
                        // Named even where the standard does not apply to it.
                        let mut f = evaluate_in(&ctx, self.state, *s);
                        f.candidate = Some((*candidate).to_owned());
                        f
                    })
                    .collect()
            })
            .collect();
        (0..standards.len())
            .map(|k| {
                let mut all: Vec<Finding> = per
                    .iter_mut()
                    .map(|fs| std::mem::replace(&mut fs[k], placeholder(standards[k])))
                    .collect();
                // The strongest case: the best verdict, then the best confidence; the first
                // candidate (assessed perpetrators come first) on a tie.
                let best = (0..all.len())
                    .max_by_key(|&i| {
                        (
                            rank(all[i].verdict),
                            all[i].confidence,
                            std::cmp::Reverse(i),
                        )
                    })
                    .unwrap_or(0);
                let mut head = all.remove(best);
                if !all.is_empty() && head.verdict != Verdict::NotApplicable {
                    let name = |f: &Finding| {
                        f.candidate
                            .as_deref()
                            .map_or("no candidate".to_owned(), |c| {
                                self.case.actor_name(c).to_owned()
                            })
                    };
                    let others: Vec<String> = all
                        .iter()
                        .map(|f| format!("{}: {}", name(f), f.verdict.label()))
                        .collect();
                    head.reasons.insert(
                        0,
                        format!(
                            "About {}, the strongest case of {} candidates (others: {})",
                            name(&head),
                            all.len() + 1,
                            others.join("; ")
                        ),
                    );
                }
                head.alternatives = all;
                head
            })
            .collect()
    }

    fn context<'s>(&'s self, event: &'s Event, bar: Grade, groups: Vec<&'s str>) -> Ctx<'s> {
        let day = event.first_day();
        Ctx {
            case: self.case,
            event,
            bar,
            day,
            organs: &self.organs,
            groups,
        }
    }
}

/// How strong a verdict is as a case for attributing the event: met, then insufficient (not
/// refuted), then not met; a standard that does not apply last.
fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Met => 3,
        Verdict::Insufficient => 2,
        Verdict::NotMet => 1,
        Verdict::NotApplicable => 0,
    }
}

/// An empty finding, left in place of one moved out.
fn placeholder(standard: Standard) -> Finding {
    Finding {
        standard,
        verdict: Verdict::NotApplicable,
        confidence: Confidence::Low,
        reasons: Vec::new(),
        requirements: Vec::new(),
        candidate: None,
        alternatives: Vec::new(),
    }
}

/// Evaluates one standard for an event and state at an evidence bar.
///
/// Computes the state's organs on every call; to evaluate many events for one state, use an
/// [`Evaluator`].
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

/// Evaluates one standard in a prepared context.
fn evaluate_in(ctx: &Ctx<'_>, state: &str, standard: Standard) -> Finding {
    let (case, event) = (ctx.case, ctx.event);
    let state_name = case.actor_name(state);

    if event.kind.category() == EventCategory::LegalAct {
        return not_applicable(
            ctx,
            standard,
            "A legal or diplomatic act, not an attack: attribution standards do not apply"
                .to_owned(),
        );
    }
    if ctx.groups.is_empty() {
        return finish(
            ctx,
            standard,
            Verdict::Insufficient,
            vec!["No perpetrator is assessed and no one claimed the event".to_owned()],
            vec![perpetrator_requirement(ctx)],
        );
    }
    let by_organ = ctx.groups.iter().any(|g| ctx.organs.contains(g));
    // Another state's conduct is out of scope only when the case assesses it as the
    // perpetrator; a state body only claimed or named by an official attribution is weighed as
    // a candidate like any other (the attribution may be wrong, or the body a channel).
    let assessed = ctx
        .groups
        .first()
        .is_some_and(|c| event.perpetrators.iter().any(|p| p == c));
    let other_state = assessed
        && ctx.groups.iter().all(|g| {
            !ctx.organs.contains(g)
                && case
                    .actor(g)
                    .is_some_and(|a| matches!(a.kind, ActorKind::State | ActorKind::StateOrgan))
        });
    if other_state {
        return not_applicable(
            ctx,
            standard,
            format!("The conduct of another state, not of {state_name} or a group tied to it"),
        );
    }

    match standard {
        Standard::StateOrgan => {
            if !by_organ {
                let reasons = vec![format!(
                    "No perpetrator is {state_name} or one of its de jure organs (ILC Art. 4(2): status under internal law)"
                )];
                return finish(
                    ctx,
                    standard,
                    Verdict::NotMet,
                    reasons,
                    vec![perpetrator_requirement(ctx)],
                );
            }
            let req = perpetrator_requirement(ctx);
            let verdict = verdict_of(std::slice::from_ref(&req));
            let reasons = vec![format!(
                "The perpetrator is an organ of {state_name}: all its conduct in that capacity is attributable; no proof of control over the operation is needed"
            )];
            finish(ctx, standard, verdict, reasons, vec![req])
        }
        Standard::DeFactoOrgan => {
            if by_organ {
                return not_applicable(
                    ctx,
                    standard,
                    format!("The perpetrator is a de jure organ of {state_name}; see State organ"),
                );
            }
            let groups = ctx.groups.clone();
            let state_owned = state.to_owned();
            let dep = evidence_requirement(
                format!("The group is completely dependent on {state_name} and controlled in all fields"),
                ctx.evidence(|b| matches!(b, BearsOn::Dependence { group, state } if groups.contains(&group.as_str()) && *state == state_owned)),
                "no evidence at or above the bar of complete dependence; heavy support alone does not suffice (Nicaragua \u{a7}109)",
            );
            let reqs = vec![perpetrator_requirement(ctx), dep];
            let verdict = verdict_of(&reqs);
            let reasons = vec!["The ICJ equates a group with a state organ only exceptionally, on proof of complete dependence (Bosnian Genocide)".to_owned()];
            finish(ctx, standard, verdict, reasons, reqs)
        }
        Standard::EffectiveControl => {
            if by_organ {
                return not_applicable(
                    ctx,
                    standard,
                    format!(
                        "The perpetrator is an organ of {state_name}; control need not be shown"
                    ),
                );
            }
            let st = state.to_owned();
            let dir = evidence_requirement(
                format!("{state_name} instructed, directed or controlled this specific operation"),
                ctx.evidence(|b| matches!(b, BearsOn::Direction(s) if *s == st)),
                "no evidence at or above the bar specific to this operation; financing, arming and training do not suffice (Nicaragua \u{a7}115)",
            );
            let reqs = vec![perpetrator_requirement(ctx), dir];
            let verdict = verdict_of(&reqs);
            finish(
                ctx,
                standard,
                verdict,
                vec![
                    "Requires evidence of control over the operation itself (ILC Art. 8)"
                        .to_owned(),
                ],
                reqs,
            )
        }
        Standard::OverallControl => {
            if by_organ {
                return not_applicable(
                    ctx,
                    standard,
                    format!("The perpetrator is an organ of {state_name}"),
                );
            }
            let reqs = vec![
                perpetrator_requirement(ctx),
                tie_requirement(
                    ctx,
                    &[TieKind::Directs, TieKind::Commands],
                    "a role in organising, coordinating or planning the group's actions",
                ),
                tie_requirement(
                    ctx,
                    &[
                        TieKind::Funds,
                        TieKind::Trains,
                        TieKind::Arms,
                        TieKind::Established,
                    ],
                    "financing, training or equipping the group",
                ),
            ];
            let verdict = verdict_of(&reqs);
            let reasons = vec![
                "Tadi\u{107} (ICTY 1999) test; the ICJ rejected it for state responsibility in Bosnian Genocide (2007) as stretching the link too far".to_owned(),
            ];
            finish(ctx, standard, verdict, reasons, reqs)
        }
        Standard::Adoption => {
            let st = state.to_owned();
            let adoption = ctx.evidence(|b| matches!(b, BearsOn::Adoption(s) if *s == st));
            let approval = ctx.evidence(|b| matches!(b, BearsOn::Approval(s) if *s == st));
            let mut reasons = Vec::new();
            let (support, against) = tally(&adoption);
            let verdict = if support > 0 && support > against {
                Verdict::Met
            } else if against > 0 || tally(&approval).0 > 0 {
                if tally(&approval).0 > 0 {
                    reasons.push(format!("{state_name} approved or commemorated the conduct; approval alone is not adoption (Art. 11 commentary; Tehran Hostages)"));
                }
                Verdict::NotMet
            } else {
                Verdict::Insufficient
            };
            let mut evidence = adoption;
            evidence.extend(approval.into_iter().map(|mut e| {
                e.shows = format!("(approval, not adoption) {}", e.shows);
                e
            }));
            let req = Requirement {
                text: format!("{state_name} acknowledged and adopted the conduct as its own"),
                satisfied: verdict == Verdict::Met,
                evidence,
                gap: (verdict != Verdict::Met)
                    .then(|| "no acknowledgment and adoption at or above the bar".to_owned()),
            };
            finish(ctx, standard, verdict, reasons, vec![req])
        }
        Standard::MaterialSupport => {
            let st = state.to_owned();
            let direct = ctx
                .evidence(|b| matches!(b, BearsOn::Support(s) | BearsOn::Direction(s) if *s == st));
            let ties = tie_requirement(
                ctx,
                &[
                    TieKind::Funds,
                    TieKind::Arms,
                    TieKind::Trains,
                    TieKind::Established,
                    TieKind::Directs,
                    TieKind::Commands,
                ],
                "material support to the group",
            );
            let (support, against) = tally(&direct);
            let satisfied = (support > 0 && support > against) || ties.satisfied;
            let mut evidence = direct;
            evidence.extend(ties.evidence.clone());
            let req = Requirement {
                text: format!(
                    "{state_name} (an official, employee or agent) provided material support or resources ({})",
                    ties.text
                ),
                satisfied,
                evidence,
                gap: (!satisfied)
                    .then(|| "no evidence of material support at or above the bar".to_owned()),
            };
            let reqs = vec![perpetrator_requirement(ctx), req];
            let verdict = verdict_of(&reqs);
            let mut reasons = vec!["A far lower bar than effective control; a US court finding under it is not attribution under international law".to_owned()];
            let defaults: Vec<&str> = reqs
                .iter()
                .flat_map(|r| r.evidence.iter())
                .flat_map(|e| e.sources.iter())
                .filter_map(|s| case.source(s))
                .filter(|s| s.default_judgment)
                .map(|s| s.title.as_str())
                .collect();
            if !defaults.is_empty() {
                reasons.push(format!(
                    "Entered by default (the state did not appear): {}",
                    defaults.join("; ")
                ));
            }
            finish(ctx, standard, verdict, reasons, reqs)
        }
        Standard::Sponsorship => {
            if by_organ {
                return not_applicable(
                    ctx,
                    standard,
                    format!("The perpetrator is an organ of {state_name}, not a sponsored group"),
                );
            }
            let reqs = vec![
                perpetrator_requirement(ctx),
                tie_requirement(ctx, &[TieKind::Established], "established the group"),
                tie_requirement(ctx, &[TieKind::Arms], "arms the group"),
                tie_requirement(ctx, &[TieKind::Trains], "trains the group"),
                tie_requirement(ctx, &[TieKind::Funds], "finances the group"),
            ];
            let verdict = verdict_of(&reqs);
            let reasons = vec!["The seed article's threshold: a state that created and sustains the group answers for it, without proof of command over each attack".to_owned()];
            finish(ctx, standard, verdict, reasons, reqs)
        }
    }
}

/// Evaluates every standard for an event and state.
///
/// Computes the state's organs on every call; to evaluate many events for one state, use an
/// [`Evaluator`].
#[must_use]
pub fn evaluate_all(case: &Case, event: &Event, state: &str, bar: Grade) -> Vec<Finding> {
    Evaluator::new(case, state).evaluate_all(event, bar)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

    use super::*;
    use crate::model::{self, DEFAULT_CASE_RON};

    /// One `Evaluator` per state, reused across every event of the built-in case, gives exactly
    /// the findings of the per-call functions (which recompute the organs each time).
    #[test]
    fn evaluator_matches_evaluate_all_on_the_built_in_case() {
        let case = model::load_text("built-in", DEFAULT_CASE_RON).unwrap().case;
        let states = graph::candidate_states(&case);
        assert!(!states.is_empty());
        let bars = ["A1", "C3", "F6"].map(|g| Grade::parse(g).unwrap());
        let mut compared = 0;
        for state in states {
            let evaluator = Evaluator::new(&case, state);
            assert_eq!(evaluator.state(), state);
            for event in &case.events {
                for bar in bars {
                    let all = evaluator.evaluate_all(event, bar);
                    assert_eq!(all, evaluate_all(&case, event, state, bar), "{}", event.id);
                    for (finding, standard) in all.iter().zip(Standard::ALL) {
                        assert_eq!(finding.standard, standard);
                        assert_eq!(
                            *finding,
                            evaluate(&case, event, state, standard, bar),
                            "{} {}",
                            event.id,
                            standard.id()
                        );
                        assert_eq!(*finding, evaluator.evaluate(event, standard, bar));
                    }
                    compared += all.len();
                }
            }
        }
        assert!(compared >= case.events.len() * Standard::ALL.len());
    }
}
