//! Findings in words: turns a weighed [`Assessment`] into a [`Finding`] with names (never ids),
//! a one-line why per verdict, the requirements and their evidence, the gaps and the evidence
//! that would close them, what would flip the verdict, and the chain of ties to the candidate;
//! and picks, per standard, the candidate with the strongest case as the headline.

use std::fmt::Write as _;

use super::assess::{Ask, Assessment, Fixed, Item, Req, verdict_of, weigh_items};
use super::evaluator::{Evaluator, Scope, rank};
use super::weigh::{self, Status};
use super::{Confidence, Finding, Flip, Requirement, Standard, UsedEvidence, Verdict, confidence};
use crate::graph::LinkVia;

/// The most flips listed per verdict.
const MAX_FLIPS: usize = 4;
/// Pairs of items are tried only when no single change flips the verdict and at most this many
/// items are weighed.
const MAX_PAIR_ITEMS: usize = 10;

/// The headline finding of one standard: the candidate with the strongest case, with why it was
/// chosen and the other candidates' findings as its alternatives.
///
/// `assess(i)` weighs candidate `i` of `n`. Up to [`HELD_COLUMN`] candidates the column is held
/// and weighed once; beyond, each candidate is weighed once for its (verdict, weight) key and
/// its verdict-only finding, and only the headline and the explained alternatives are weighed
/// again, so an event naming 100,000 perpetrators does not hold 100,000 assessments.
pub(super) fn headline<'a>(
    ev: &Evaluator<'_>,
    scope: &Scope<'_>,
    n: usize,
    assess: impl Fn(usize) -> Assessment<'a>,
) -> Finding {
    // `assess` answers for every index (an index past the candidates is "no candidate"), so
    // there is always a headline.
    let n = n.max(1);
    let held: Vec<Assessment<'a>> = if n <= HELD_COLUMN {
        (0..n).map(&assess).collect()
    } else {
        Vec::new()
    };
    let key = |a: &Assessment<'_>| (rank(a.verdict), a.weights().0);
    // Not held: each candidate is weighed once here for its key and its verdict-only finding;
    // only the headline and the explained alternatives are weighed again.
    let mut brief: Vec<Option<Finding>> = Vec::new();
    let keys: Vec<(u8, f32)> = if held.is_empty() {
        (0..n)
            .map(|i| {
                let a = assess(i);
                brief.push(Some(verdict_only(ev, &a)));
                key(&a)
            })
            .collect()
    } else {
        held.iter().map(key).collect()
    };
    let best = strongest_key(&keys);
    let chosen_key = keys.get(best).copied().unwrap_or((0, 0.0));
    let why_chosen = keys
        .iter()
        .enumerate()
        .find(|(i, _)| *i != best)
        .map(|(_, k)| {
            if k.0 < chosen_key.0 {
                "its verdict ranks higher"
            } else if k.1 + 1e-6 < chosen_key.1 {
                "the same verdict with more weight for its weakest requirement"
            } else {
                "the same verdict and weight; assessed perpetrators, then claimants, come first"
            }
        });
    // The chosen candidate and the first others are explained in full; beyond
    // `EXPLAINED_ALTERNATIVES`, only their verdicts are kept (an event may name 100,000
    // perpetrators: their full findings took gigabytes and nobody reads them).
    // Candidate `i`'s finding, in full or verdict-only: a verdict-only one kept from the first
    // pass, else from the held column, else weighed again.
    let finding_of = |i: usize, full: bool, brief: &mut Vec<Option<Finding>>| {
        if !full && let Some(f) = brief.get_mut(i).and_then(Option::take) {
            return f;
        }
        let weighed;
        let a = if let Some(a) = held.get(i) {
            a
        } else {
            weighed = assess(i);
            &weighed
        };
        if full {
            to_finding(ev, scope, a)
        } else {
            verdict_only(ev, a)
        }
    };
    let mut head = finding_of(best, true, &mut brief);
    let findings: Vec<Finding> = (0..n)
        .filter(|i| *i != best)
        .enumerate()
        .map(|(k, i)| finding_of(i, k < EXPLAINED_ALTERNATIVES, &mut brief))
        .collect();
    if let Some(why) = why_chosen
        && head.verdict != Verdict::NotApplicable
    {
        let name = |f: &Finding| {
            f.candidate
                .as_deref()
                .map_or("no candidate".to_owned(), |c| {
                    ev.case.actor_name(c).to_owned()
                })
        };
        let mut others: Vec<String> = findings
            .iter()
            .take(NAMED_OTHERS)
            .map(|f| format!("if {}: {}", name(f), f.verdict.label()))
            .collect();
        if findings.len() > NAMED_OTHERS {
            others.push(format!("and {} more", findings.len() - NAMED_OTHERS));
        }
        head.reasons.insert(
            1,
            format!(
                "About {}, the strongest case of {} candidates ({why}; {})",
                name(&head),
                findings.len() + 1,
                others.join("; ")
            ),
        );
    }
    head.alternatives = findings;
    head
}

/// Up to this many candidates, a standard's column of assessments is held while its headline
/// is chosen (see [`headline`]).
const HELD_COLUMN: usize = 256;

/// The index of the strongest key (verdict rank, deciding weight), the first on a tie.
fn strongest_key(keys: &[(u8, f32)]) -> usize {
    let mut best = 0;
    for (i, k) in keys.iter().enumerate().skip(1) {
        if super::evaluator::stronger(*k, keys[best]) {
            best = i;
        }
    }
    best
}

/// Other candidates a reader is shown by name: in a headline's reason line, and explained in
/// the Markdown of `explain` and the briefs (the rest are counted).
pub const NAMED_OTHERS: usize = 12;

/// Other candidates whose findings are explained in full under a headline finding; the rest
/// carry their verdict and weights only.
pub const EXPLAINED_ALTERNATIVES: usize = 100;

/// A finding with its verdict and weights but no reasons, requirements or chain.
fn verdict_only(ev: &Evaluator<'_>, a: &Assessment<'_>) -> Finding {
    let (wf, wa) = a.weights();
    Finding {
        standard: a.standard,
        verdict: a.verdict,
        confidence: Confidence::Low,
        reasons: Vec::new(),
        requirements: Vec::new(),
        candidate: a.candidate.map(str::to_owned),
        alternatives: Vec::new(),
        proof: a.standard.proof(),
        chain: Vec::new(),
        weight_for: wf,
        weight_against: wa,
        flips: Vec::new(),
        as_of: ev.as_of_date(),
        structural: a.fixed.is_some(),
    }
}

/// A candidate's role on the event, for the identity requirement.
fn role(scope: &Scope<'_>, a: &Assessment<'_>, ev: &Evaluator<'_>) -> String {
    let event = scope.event;
    let Some(c) = a.candidate else {
        return String::new();
    };
    if scope.is_assessed(c) {
        return "the assessed perpetrator".to_owned();
    }
    if event.claims.iter().any(|cl| cl.actor == c) {
        return "a claimant".to_owned();
    }
    let fronted_by = ev
        .case
        .ties
        .iter()
        .filter(|t| t.kind == crate::model::TieKind::FrontFor && t.to == c && t.valid_on(scope.day))
        .find_map(|t| {
            if event.claims.iter().any(|cl| cl.actor == t.from) {
                Some(format!(
                    "claimed under the front name {}",
                    ev.case.actor_name(&t.from)
                ))
            } else if scope.is_assessed(&t.from) {
                Some(format!(
                    "the group the assessed perpetrator {} fronts for",
                    ev.case.actor_name(&t.from)
                ))
            } else {
                None
            }
        });
    fronted_by.unwrap_or_else(|| "named by an official attribution".to_owned())
}

fn tie_names(ev: &Evaluator<'_>, ties: &[usize]) -> Vec<String> {
    ties.iter()
        .map(|&i| {
            let t = &ev.case.ties[i];
            format!(
                "{} {} {}",
                ev.case.actor_name(&t.from),
                t.kind.label(),
                ev.case.actor_name(&t.to)
            )
        })
        .collect()
}

/// The requirement's text, its gap and the evidence that would close it.
fn texts(
    ev: &Evaluator<'_>,
    scope: &Scope<'_>,
    a: &Assessment<'_>,
    r: &Req<'_>,
) -> (String, String, String) {
    let state = ev.case.actor_name(ev.state);
    let cand = a
        .candidate
        .map_or("the perpetrator", |c| ev.case.actor_name(c));
    let date = &scope.event.date;
    let ties = tie_names(ev, &r.ties);
    let (text, gap, on) = match r.ask {
        Ask::Perpetrator => match a.candidate {
            None => (
                "Someone identified carried out the attack".to_owned(),
                "no perpetrator is assessed, claimed or officially named".to_owned(),
                "identifying the perpetrator".to_owned(),
            ),
            Some(_) => (
                format!("{cand} ({}) carried out the attack", role(scope, a, ev)),
                format!("the evidence does not identify {cand} as the perpetrator"),
                format!("{cand} as the perpetrator"),
            ),
        },
        Ask::Dependence => (
            format!("{cand} is completely dependent on {state} and controlled in all fields"),
            "no weighed evidence of complete dependence; heavy support alone does not suffice (Nicaragua \u{a7}109)".to_owned(),
            format!("{cand}'s complete dependence on {state}"),
        ),
        Ask::Direction => (
            format!("{state} instructed, directed or controlled this specific operation"),
            "no weighed evidence specific to this operation; financing, arming and training do not suffice (Nicaragua \u{a7}115)".to_owned(),
            format!("{state}'s direction of this operation"),
        ),
        Ask::Support => (
            format!(
                "{state} (an official, employee or agent) provided material support or resources to {cand}{}",
                if ties.is_empty() { String::new() } else { format!(" ({})", ties.join("; ")) }
            ),
            "no weighed evidence of material support".to_owned(),
            format!("{state}'s material support to {cand}"),
        ),
        Ask::Adoption => (
            format!("{state} acknowledged and adopted the conduct as its own"),
            "no weighed acknowledgment and adoption".to_owned(),
            format!("{state}'s adoption of the attack"),
        ),
        Ask::Ties(_, what) => (
            if ties.is_empty() {
                format!("{state} {what} (no such tie holds on {date})")
            } else {
                format!("{state} {what}: {}", ties.join("; "))
            },
            if ties.is_empty() {
                format!("no tie holds on {date} by which {state} or its organs {what}")
            } else {
                "the tie's evidence does not reach the standard of proof".to_owned()
            },
            format!("the tie ({what})"),
        ),
    };
    let gap = match r.status {
        Status::Contested => format!("strong evidence both for and against {on}"),
        Status::Refuted => format!("the weighed evidence is against {on}"),
        Status::Shown | Status::Unshown => gap,
    };
    let threshold = a.standard.proof().threshold();
    let missing = match r.status {
        Status::Shown => String::new(),
        Status::Unshown => {
            let need = weigh::needed_to_reach(r.wf, threshold);
            let below = r.items.iter().filter(|i| !i.counted).count();
            let mut m = match weigh::weakest_grade_with(need) {
                Some(g) => format!("one more independent item on {on} graded {g} or better"),
                None => format!("several more independent, well-graded items on {on}"),
            };
            if matches!(r.ask, Ask::Ties(..)) && ties.is_empty() {
                m = format!("a tie of this kind valid on {date}, with evidence");
            }
            if below > 0 {
                let _ = write!(
                    m,
                    " (or a lower evidence bar: {below} item(s) are graded below it)"
                );
            }
            m
        }
        Status::Refuted => format!(
            "independent support on {on} of weight {:.2} or more would contest it; meeting it needs the evidence against (weight {:.2}) answered",
            weigh::STRONG,
            r.wa
        ),
        Status::Contested => format!(
            "resolving the dispute on {on}: the evidence against (weight {:.2}) would have to fall below {:.2}",
            r.wa,
            weigh::STRONG
        ),
    };
    (text, gap, missing)
}

fn used(ev: &Evaluator<'_>, r: &Req<'_>, i: &Item<'_>, approval: bool) -> UsedEvidence {
    let same = r
        .items
        .iter()
        .filter(|o| o.key == i.key && o.ev.stance == i.ev.stance && o.weight > i.weight)
        .map(|o| o.ev.id.clone())
        .next()
        .or_else(|| {
            r.items
                .iter()
                .take_while(|o| !std::ptr::eq(o.ev, i.ev))
                .find(|o| {
                    o.key == i.key
                        && o.ev.stance == i.ev.stance
                        && o.weight >= i.weight
                        && i.weight > 0.0
                })
                .map(|o| o.ev.id.clone())
        });
    UsedEvidence {
        id: i.ev.id.clone(),
        shows: if approval {
            format!("(approval, not adoption) {}", i.ev.shows)
        } else {
            i.ev.shows.clone()
        },
        grade: i.grade,
        counted: i.counted && !approval,
        contradicts: i.ev.stance == crate::model::Stance::Contradicts,
        sources: i.ev.sources.clone(),
        weight: i.weight,
        interested: i
            .ev
            .interested
            .as_deref()
            .map(|p| ev.case.actor_name(p).to_owned()),
        same_originator_as: same,
    }
}

fn fixed_reason(ev: &Evaluator<'_>, f: Fixed) -> String {
    let state = ev.case.actor_name(ev.state);
    match f {
        Fixed::LegalAct => {
            "A legal or diplomatic act, not an attack: attribution standards do not apply"
                .to_owned()
        }
        Fixed::NotYetKnown => {
            "The event lies after the as-of date: it had not happened yet".to_owned()
        }
        Fixed::OtherState => {
            format!("The conduct of another state, not of {state} or a group tied to it")
        }
        Fixed::ByOrgan => format!(
            "The perpetrator is an organ of {state}: its conduct is attributable as such (see State organ); this test is for groups outside the state"
        ),
        Fixed::NotAnOrgan => format!(
            "Not met: no candidate is {state} or one of its de jure organs (ILC Art. 4(2): status under internal law)"
        ),
    }
}

/// The standard's own line on what it asks.
fn standard_note(standard: Standard) -> &'static str {
    match standard {
        Standard::StateOrgan => {
            "All conduct of an organ in that capacity is attributable; no proof of control over the operation is needed"
        }
        Standard::DeFactoOrgan => {
            "The ICJ equates a group with a state organ only exceptionally, on proof of complete dependence (Bosnian Genocide)"
        }
        Standard::EffectiveControl => {
            "Requires evidence of control over the operation itself (ILC Art. 8)"
        }
        Standard::OverallControl => {
            "Tadi\u{107} (ICTY 1999) test; the ICJ rejected it for state responsibility in Bosnian Genocide (2007) as stretching the link too far"
        }
        Standard::Adoption => {
            "Approval or commemoration alone is not adoption (Art. 11 commentary; Tehran Hostages)"
        }
        Standard::MaterialSupport => {
            "A far lower bar than effective control; a US court finding under it is not attribution under international law"
        }
        Standard::Sponsorship => {
            "The seed article's threshold: a state that created and sustains the group answers for it, without proof of command over each attack"
        }
    }
}

/// The one-line why of a weighed verdict.
fn why(a: &Assessment<'_>, reqs: &[Requirement]) -> String {
    let proof = a.standard.proof();
    let p = proof.threshold();
    let deciding = a.deciding().and_then(|d| {
        a.reqs
            .iter()
            .position(|r| std::ptr::eq(r, d))
            .map(|i| (d, &reqs[i]))
    });
    let Some((d, r)) = deciding else {
        return "Insufficient: nothing to weigh".to_owned();
    };
    let text = &r.text;
    match a.verdict {
        Verdict::Met => format!(
            "Met: every requirement reaches {} (weakest: \u{201c}{text}\u{201d}, weight {:.2} of {p:.2} needed)",
            proof.name(),
            d.wf
        ),
        Verdict::NotMet => format!(
            "Not met: the weighed evidence refutes \u{201c}{text}\u{201d} (weight against {:.2}, for {:.2})",
            d.wa, d.wf
        ),
        Verdict::Contested => format!(
            "Contested: strong evidence both for ({:.2}) and against ({:.2}) \u{201c}{text}\u{201d}",
            d.wf, d.wa
        ),
        _ => format!(
            "Insufficient: \u{201c}{text}\u{201d} is not shown (weight {:.2} of {p:.2} needed for {}; nothing refutes it)",
            d.wf,
            proof.name()
        ),
    }
}

pub(super) fn to_finding(ev: &Evaluator<'_>, scope: &Scope<'_>, a: &Assessment<'_>) -> Finding {
    let mut requirements: Vec<Requirement> = a
        .reqs
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let (text, gap, missing) = texts(ev, scope, a, r);
            let satisfied = r.status == Status::Shown;
            let mut evidence: Vec<UsedEvidence> =
                r.items.iter().map(|i| used(ev, r, i, false)).collect();
            if k == 0 && a.standard == Standard::Adoption {
                evidence.extend(a.approval.iter().map(|i| used(ev, r, i, true)));
            }
            Requirement {
                text,
                satisfied,
                evidence,
                gap: (!satisfied).then_some(gap),
                status: r.status,
                weight_for: r.wf,
                weight_against: r.wa,
                missing: (!satisfied && !missing.is_empty()).then_some(missing),
            }
        })
        .collect();
    let mut reasons = Vec::new();
    let mut finding = verdict_only(ev, a);
    if let Some(f) = a.fixed {
        reasons.push(fixed_reason(ev, f));
        if f != Fixed::NotAnOrgan {
            finding.reasons = reasons;
            finding.requirements = requirements;
            return finding;
        }
        // More evidence on who did it cannot make the candidate an organ.
        for r in &mut requirements {
            r.missing = None;
        }
    } else {
        reasons.push(why(a, &requirements));
        if a.candidate.is_none() {
            reasons.push("No perpetrator is assessed, claimed or officially named".to_owned());
        }
    }
    reasons.push(standard_note(a.standard).to_owned());
    if a.standard == Standard::Adoption && !a.approval.is_empty() {
        reasons.push(format!(
            "{} approved or commemorated the conduct; approval alone is not adoption",
            ev.case.actor_name(ev.state)
        ));
    }
    let all: Vec<&UsedEvidence> = requirements
        .iter()
        .flat_map(|r| r.evidence.iter())
        .collect();
    let below = all.iter().filter(|e| !e.counted).count();
    if below > 0 {
        reasons.push(format!(
            "{below} item(s) graded below the evidence bar {} are not weighed",
            scope.bar
        ));
    }
    let interested = all
        .iter()
        .filter(|e| e.counted && e.interested.is_some())
        .count();
    if interested > 0 {
        reasons.push(format!(
            "{interested} item(s) are the word of an interested party and count at {:.0} % of their grade's weight, for and against alike",
            weigh::INTERESTED_FACTOR * 100.0
        ));
    }
    let copies = all
        .iter()
        .filter(|e| e.counted && e.same_originator_as.is_some())
        .count();
    if copies > 0 {
        reasons.push(format!(
            "{copies} item(s) share an originator or source with another item and are counted once with it"
        ));
    }
    let defaults: Vec<&str> = all
        .iter()
        .flat_map(|e| e.sources.iter())
        .filter_map(|s| ev.case.source(s))
        .filter(|s| s.default_judgment)
        .map(|s| s.title.as_str())
        .collect();
    if !defaults.is_empty() {
        let mut d = defaults.clone();
        d.dedup();
        reasons.push(format!(
            "A court judgment is weighed at its own grade; entered by default (the state did not appear): {}",
            d.join("; ")
        ));
    }
    for r in requirements.iter().filter(|r| !r.satisfied) {
        if let Some(gap) = &r.gap {
            reasons.push(format!("Gap: {gap}"));
        }
    }
    let (level, conf) = confidence(&all, ev.case);
    reasons.push(format!("Confidence: {}", conf.join("; ")));
    finding.confidence = level;
    finding.reasons = reasons;
    finding.requirements = requirements;
    finding.flips = flips(a, scope.bar);
    if let Some(c) = a.candidate
        && let Some(links) = ev.chains.chain_to(scope.day, ev.state, c)
    {
        finding.chain = links
            .iter()
            .map(|l| match l.via {
                LinkVia::Tie(i) => ev.case.ties[i].id.clone(),
                LinkVia::Organ => format!("organ:{}", l.lower),
            })
            .collect();
    }
    finding
}

/// The verdict with each item's weight replaced by `change`.
fn verdict_with(a: &Assessment<'_>, change: &dyn Fn(&Item<'_>) -> f32) -> Verdict {
    let threshold = a.standard.proof().threshold();
    verdict_of(a.reqs.iter().map(|r| {
        let items: Vec<Item<'_>> = r
            .items
            .iter()
            .map(|i| Item {
                weight: change(i),
                ..*i
            })
            .collect();
        weigh_items(&items, threshold).2
    }))
}

/// The smallest changes that flip a weighed verdict: removing one weighed item, or downgrading
/// it one reliability step; failing those, removing a pair. Empty when nothing small flips it
/// (robust) or it is fixed by the case's structure.
pub(super) fn flips(a: &Assessment<'_>, bar: crate::model::Grade) -> Vec<Flip> {
    if a.fixed.is_some() {
        return Vec::new();
    }
    let mut ids: Vec<&str> = Vec::new();
    for i in a
        .reqs
        .iter()
        .flat_map(|r| r.items.iter())
        .filter(|i| i.weight > 0.0)
    {
        if !ids.contains(&i.ev.id.as_str()) {
            ids.push(&i.ev.id);
        }
    }
    let mut out = Vec::new();
    for id in &ids {
        let to = verdict_with(a, &|i| if i.ev.id == *id { 0.0 } else { i.weight });
        if to != a.verdict {
            out.push(Flip {
                evidence: vec![(*id).to_owned()],
                change: "remove".to_owned(),
                to,
            });
            continue;
        }
        let lower = a
            .reqs
            .iter()
            .flat_map(|r| r.items.iter())
            .find(|i| i.ev.id == *id)
            .and_then(|i| i.grade)
            .and_then(weigh::downgraded);
        if let Some(g) = lower {
            let to = verdict_with(a, &|i| {
                if i.ev.id == *id {
                    i.weight_at(g, bar)
                } else {
                    i.weight
                }
            });
            if to != a.verdict {
                out.push(Flip {
                    evidence: vec![(*id).to_owned()],
                    change: format!("downgrade to {g}"),
                    to,
                });
            }
        }
    }
    if out.is_empty() && ids.len() <= MAX_PAIR_ITEMS {
        'pairs: for (k, x) in ids.iter().enumerate() {
            for y in &ids[k + 1..] {
                let to = verdict_with(a, &|i| {
                    if i.ev.id == *x || i.ev.id == *y {
                        0.0
                    } else {
                        i.weight
                    }
                });
                if to != a.verdict {
                    out.push(Flip {
                        evidence: vec![(*x).to_owned(), (*y).to_owned()],
                        change: "remove both".to_owned(),
                        to,
                    });
                    if out.len() >= MAX_FLIPS {
                        break 'pairs;
                    }
                }
            }
        }
    }
    out.truncate(MAX_FLIPS);
    out
}
