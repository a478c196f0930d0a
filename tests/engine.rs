//! Engine and chain tests on small crafted cases (issues #5 and #6): every standard in each verdict
//! it can reach, the evidence bar, chains through front groups, tie dates, contradictions and
//! confidence, the analysis of competing hypotheses, and the layered layout.
//!
//! Each test builds its case in Rust from a small fictional world ([`world`]) and checks it with
//! the real loader ([`checked`]), so every crafted case is also a valid case file. All names are
//! invented.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::collections::BTreeMap;

use proxyline::attribution::{
    self, Confidence, Evaluator, Finding, Standard, Verdict, analyse_hypotheses,
};
use proxyline::graph::{self, Link, LinkVia, layout};
use proxyline::model::{
    self, BearsOn, Case, Claim, Consistency, Event, EventKind, Evidence, Grade, Hypothesis,
    PartialDate, Place, Stance, Tie, TieKind,
};

// ---------------------------------------------------------------------------------------------
// The crafted world and its builders
// ---------------------------------------------------------------------------------------------

/// A fictional state (Patria) with an organ (the Guard) and a sub-organ (the expeditionary
/// force, `qf`), a militia (the Brigade), a front name, an unsponsored militia, and a second state
/// (Rivalia) with its own organ. Three news sources from three publishers and one default-judgment
/// court ruling.
const WORLD: &str = r#"
Case(
    format: 1,
    title: "Engine test world",
    start: "2000",
    end: "2020-12-31",
    default_state: "patria",
    sources: [
        Source(id: "s-a", kind: NewsReport, title: "Report A", publisher: "Publisher A"),
        Source(id: "s-b", kind: NewsReport, title: "Report B", publisher: "Publisher B"),
        Source(id: "s-c", kind: NewsReport, title: "Report C", publisher: "Publisher C"),
        Source(id: "s-court", kind: CourtRuling, title: "Doe v. Patria", publisher: "District Court",
            default_judgment: true),
    ],
    actors: [
        Actor(id: "patria", name: "Patria", kind: State),
        Actor(id: "guard", name: "Patria Guard", kind: StateOrgan, parent: "patria"),
        Actor(id: "qf", name: "Guard Expeditionary Force", kind: StateOrgan, parent: "guard"),
        Actor(id: "brigade", name: "The Brigade", kind: Militia),
        Actor(id: "front", name: "Avengers", kind: FrontGroup),
        Actor(id: "orphans", name: "Orphans Militia", kind: Militia),
        Actor(id: "rival", name: "Rivalia", kind: State),
        Actor(id: "rival-guard", name: "Rivalia Guard", kind: StateOrgan, parent: "rival"),
        Actor(id: "commander", name: "A commander", kind: Person),
    ],
)
"#;

/// The world without ties or events.
fn world() -> Case {
    model::load_text("world.ron", WORLD).unwrap().case
}

/// Patria sponsors the Brigade under every sponsorship tie from 2001, and the front claims for the
/// Brigade from 2005. Tie order (it is the order of evidence in requirements): established, arms,
/// trains, funds, directs, front-for.
fn sponsored() -> Case {
    let mut case = world();
    case.ties = vec![
        tie(
            "est",
            "guard",
            TieKind::Established,
            "brigade",
            "2001",
            vec![sup("ev-est", BearsOn::Tie, "A1", "s-a")],
        ),
        tie(
            "arms",
            "qf",
            TieKind::Arms,
            "brigade",
            "2001",
            vec![sup("ev-arms", BearsOn::Tie, "A1", "s-b")],
        ),
        tie(
            "trains",
            "qf",
            TieKind::Trains,
            "brigade",
            "2001",
            vec![sup("ev-trains", BearsOn::Tie, "A1", "s-c")],
        ),
        tie(
            "funds",
            "guard",
            TieKind::Funds,
            "brigade",
            "2001",
            vec![sup("ev-funds", BearsOn::Tie, "A1", "s-a")],
        ),
        tie(
            "directs",
            "qf",
            TieKind::Directs,
            "brigade",
            "2001",
            vec![sup("ev-directs", BearsOn::Tie, "A1", "s-b")],
        ),
        tie(
            "front-for",
            "front",
            TieKind::FrontFor,
            "brigade",
            "2005",
            vec![sup("ev-front-for", BearsOn::Tie, "A2", "s-c")],
        ),
    ];
    case
}

fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap()
}

fn evidence(id: &str, bears_on: BearsOn, grade: &str, stance: Stance, source: &str) -> Evidence {
    Evidence {
        id: id.to_owned(),
        shows: format!("crafted item {id}"),
        bears_on,
        sources: vec![source.to_owned()],
        grade: grade.to_owned(),
        grade_reason: String::new(),
        stance,
        date: None,
        ach: BTreeMap::new(),
        interested: None,
        originator: None,
    }
}

/// A supporting item.
fn sup(id: &str, bears_on: BearsOn, grade: &str, source: &str) -> Evidence {
    evidence(id, bears_on, grade, Stance::Supports, source)
}

/// A contradicting item.
fn con(id: &str, bears_on: BearsOn, grade: &str, source: &str) -> Evidence {
    evidence(id, bears_on, grade, Stance::Contradicts, source)
}

/// The sponsored world where the ties of one kind rest only on one contradicting item.
fn sponsored_with_refuted(kind: TieKind, evidence_id: &str, grade: &str) -> Case {
    let mut case = sponsored();
    for t in &mut case.ties {
        if t.kind == kind {
            t.evidence = vec![con(evidence_id, BearsOn::Tie, grade, "s-b")];
        }
    }
    case
}

fn tie(id: &str, from: &str, kind: TieKind, to: &str, start: &str, ev: Vec<Evidence>) -> Tie {
    Tie {
        id: id.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
        kind,
        start: Some(date(start)),
        end: None,
        approximate: false,
        note: None,
        evidence: ev,
    }
}

fn event(id: &str, day: &str, kind: EventKind, perps: &[&str], ev: Vec<Evidence>) -> Event {
    Event {
        id: id.to_owned(),
        title: format!("crafted event {id}"),
        date: date(day),
        date_end: None,
        approximate: false,
        date_disputed: None,
        outside_range: false,
        place: Place {
            name: "Port City".to_owned(),
            country: "Nowhere".to_owned(),
            lat: None,
            lon: None,
        },
        kind,
        killed: None,
        wounded: None,
        targets: Vec::new(),
        perpetrators: perps.iter().map(|&p| p.to_owned()).collect(),
        claims: Vec::new(),
        summary: String::new(),
        sources: vec!["s-a".to_owned()],
        evidence: ev,
        hypotheses: Vec::new(),
    }
}

/// A rocket attack on 1 May 2010.
fn attack(perps: &[&str], ev: Vec<Evidence>) -> Event {
    event("attack", "2010-05-01", EventKind::RocketAttack, perps, ev)
}

/// Evidence that the actor carried out the event (A1, publisher A: alone it reaches every
/// standard of proof).
fn perp(actor: &str) -> Evidence {
    sup(
        &format!("ev-perp-{actor}"),
        BearsOn::Perpetrator(actor.to_owned()),
        "A1",
        "s-a",
    )
}

fn with_events(mut case: Case, events: Vec<Event>) -> Case {
    case.events = events;
    checked(&case)
}

/// The case written out and read back by the real loader: a crafted case must be a valid file.
fn checked(case: &Case) -> Case {
    let text = model::to_ron(case).unwrap();
    match model::load_text("crafted.ron", &text) {
        Ok(loaded) => loaded.case,
        Err(e) => panic!("crafted case is invalid: {:#?}", e.lines()),
    }
}

fn bar(text: &str) -> Grade {
    Grade::parse(text).unwrap()
}

/// The finding of one standard for the case's only event, for `state`, at the default bar C3.
fn finding(case: &Case, state: &str, standard: Standard) -> Finding {
    finding_at(case, state, standard, Grade::default())
}

fn finding_at(case: &Case, state: &str, standard: Standard, grade: Grade) -> Finding {
    assert_eq!(case.events.len(), 1, "one event per crafted case");
    attribution::evaluate(case, &case.events[0], state, standard, grade)
}

/// Per requirement: the ids of all evidence listed (counted or not).
fn listed(f: &Finding) -> Vec<Vec<&str>> {
    f.requirements
        .iter()
        .map(|r| r.evidence.iter().map(|e| e.id.as_str()).collect())
        .collect()
}

/// Every standard's verdict for the only event.
fn all_verdicts(case: &Case, state: &str) -> Vec<(Standard, Verdict)> {
    attribution::evaluate_all(case, &case.events[0], state, Grade::default())
        .into_iter()
        .map(|f| (f.standard, f.verdict))
        .collect()
}

fn every(verdict: Verdict) -> Vec<(Standard, Verdict)> {
    Standard::ALL.into_iter().map(|s| (s, verdict)).collect()
}

fn has_reason(f: &Finding, needle: &str) -> bool {
    f.reasons.iter().any(|r| r.contains(needle))
}

// ---------------------------------------------------------------------------------------------
// Verdicts shared by every standard
// ---------------------------------------------------------------------------------------------

#[test]
fn legal_acts_are_not_applicable_under_every_standard() {
    let designation = event(
        "designation",
        "2010-05-01",
        EventKind::Designation,
        &["brigade"],
        vec![perp("brigade")],
    );
    let case = with_events(sponsored(), vec![designation]);
    assert_eq!(all_verdicts(&case, "patria"), every(Verdict::NotApplicable));
    for f in attribution::evaluate_all(&case, &case.events[0], "patria", Grade::default()) {
        assert!(f.requirements.is_empty(), "{:?}", f.standard);
        assert_eq!(f.confidence, Confidence::Low);
        assert!(has_reason(&f, "legal or diplomatic act"), "{:?}", f.reasons);
    }
}

#[test]
fn another_states_conduct_is_not_applicable_but_is_that_states_organ_conduct() {
    let strike = |perp_id: &str| {
        let ev = vec![perp(perp_id)];
        with_events(
            sponsored(),
            vec![event(
                "strike",
                "2010-05-01",
                EventKind::MissileAttack,
                &[perp_id],
                ev,
            )],
        )
    };
    // Rivalia's organ and Rivalia itself: nothing to attribute to Patria.
    for perpetrator in ["rival-guard", "rival"] {
        let case = strike(perpetrator);
        assert_eq!(all_verdicts(&case, "patria"), every(Verdict::NotApplicable));
        let f = finding(&case, "patria", Standard::Sponsorship);
        assert!(has_reason(&f, "another state"), "{:?}", f.reasons);
        // For Rivalia it is its own organ's conduct.
        let own = finding(&case, "rival", Standard::StateOrgan);
        assert_eq!(own.verdict, Verdict::Met, "{perpetrator}");
        assert_eq!(listed(&own), vec![vec![format!("ev-perp-{perpetrator}")]]);
    }
}

#[test]
fn an_event_with_no_perpetrator_and_no_claimant_is_insufficient_under_every_standard() {
    let case = with_events(sponsored(), vec![attack(&[], Vec::new())]);
    assert_eq!(all_verdicts(&case, "patria"), every(Verdict::Insufficient));
    let f = finding(&case, "patria", Standard::EffectiveControl);
    assert!(
        has_reason(
            &f,
            "No perpetrator is assessed, claimed or officially named"
        ),
        "{:?}",
        f.reasons
    );
    assert_eq!(f.confidence, Confidence::Low);
}

// ---------------------------------------------------------------------------------------------
// Each standard in each verdict it can reach
// ---------------------------------------------------------------------------------------------

#[test]
fn state_organ_verdicts() {
    // Met: the Guard itself, the state itself, and an organ of an organ (parent chain).
    for organ in ["guard", "patria", "qf"] {
        let case = with_events(world(), vec![attack(&[organ], vec![perp(organ)])]);
        let f = finding(&case, "patria", Standard::StateOrgan);
        assert_eq!(f.verdict, Verdict::Met, "{organ}");
        assert_eq!(listed(&f), vec![vec![format!("ev-perp-{organ}")]]);
        assert!(f.requirements[0].satisfied && f.requirements[0].gap.is_none());
        // One publisher but a B2 item: moderate.
        assert_eq!(f.confidence, Confidence::Moderate);
    }

    // Insufficient: an organ is assessed, but the only evidence is below the bar (F3).
    let weak = sup("ev-weak", BearsOn::Perpetrator("guard".into()), "F3", "s-a");
    let case = with_events(world(), vec![attack(&["guard"], vec![weak])]);
    let f = finding(&case, "patria", Standard::StateOrgan);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert_eq!(listed(&f), vec![vec!["ev-weak"]]);
    assert!(f.evidence_ids().is_empty(), "F3 is listed, not counted");
    assert!(f.requirements[0].gap.is_some());
    assert!(
        has_reason(&f, "below the evidence bar C3"),
        "{:?}",
        f.reasons
    );
    assert_eq!(f.confidence, Confidence::Low);

    // Not met (1): counted evidence refutes that the organ did it.
    let denial = con(
        "ev-not-guard",
        BearsOn::Perpetrator("guard".into()),
        "B2",
        "s-b",
    );
    let case = with_events(world(), vec![attack(&["guard"], vec![denial])]);
    let f = finding(&case, "patria", Standard::StateOrgan);
    assert_eq!(f.verdict, Verdict::NotMet);
    assert_eq!(listed(&f), vec![vec!["ev-not-guard"]]);

    // Not met (2): the perpetrator is not an organ, however well it is sponsored.
    let case = with_events(
        sponsored(),
        vec![attack(&["brigade"], vec![perp("brigade")])],
    );
    let f = finding(&case, "patria", Standard::StateOrgan);
    assert_eq!(f.verdict, Verdict::NotMet);
    assert!(has_reason(&f, "no candidate is Patria"), "{:?}", f.reasons);
}

#[test]
fn de_facto_organ_verdicts() {
    let dependence = |state: &str| BearsOn::Dependence {
        group: "brigade".into(),
        state: state.into(),
    };
    let proxy_attack = |extra: Vec<Evidence>| {
        let mut ev = vec![perp("brigade")];
        ev.extend(extra);
        with_events(sponsored(), vec![attack(&["brigade"], ev)])
    };

    // Met: complete dependence shown at or above the bar.
    let case = proxy_attack(vec![sup("ev-dep", dependence("patria"), "A1", "s-b")]);
    let f = finding(&case, "patria", Standard::DeFactoOrgan);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(listed(&f), vec![vec!["ev-perp-brigade"], vec!["ev-dep"]]);
    assert_eq!(f.confidence, Confidence::Moderate, "two publishers");

    // Met from case-level evidence: dependence is a standing relation, not about one attack.
    let mut case = proxy_attack(Vec::new());
    case.evidence = vec![sup("ev-dep-case", dependence("patria"), "A1", "s-b")];
    let case = checked(&case);
    let f = finding(&case, "patria", Standard::DeFactoOrgan);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(
        listed(&f),
        vec![vec!["ev-perp-brigade"], vec!["ev-dep-case"]]
    );

    // Insufficient: every sponsorship tie, but no evidence of complete dependence
    // (heavy support alone does not suffice), or dependence on another state.
    for extra in [
        Vec::new(),
        vec![sup("ev-dep-rival", dependence("rival"), "B2", "s-b")],
    ] {
        let case = proxy_attack(extra);
        let f = finding(&case, "patria", Standard::DeFactoOrgan);
        assert_eq!(f.verdict, Verdict::Insufficient);
        assert_eq!(listed(&f), vec![vec!["ev-perp-brigade"], vec![]]);
        assert!(
            f.requirements[1]
                .gap
                .as_deref()
                .unwrap()
                .contains("Nicaragua")
        );
    }

    // Not met: counted evidence against complete dependence.
    let case = proxy_attack(vec![con("ev-no-dep", dependence("patria"), "A2", "s-c")]);
    let f = finding(&case, "patria", Standard::DeFactoOrgan);
    assert_eq!(f.verdict, Verdict::NotMet);
    assert_eq!(listed(&f)[1], vec!["ev-no-dep"]);

    // Not applicable: a de jure organ did it (see State organ).
    let case = with_events(world(), vec![attack(&["guard"], vec![perp("guard")])]);
    let f = finding(&case, "patria", Standard::DeFactoOrgan);
    assert_eq!(f.verdict, Verdict::NotApplicable);
    assert!(f.requirements.is_empty());
}

#[test]
fn effective_control_verdicts() {
    let proxy_attack = |extra: Vec<Evidence>| {
        let mut ev = vec![perp("brigade")];
        ev.extend(extra);
        with_events(sponsored(), vec![attack(&["brigade"], ev)])
    };
    let direction = |s: &str| BearsOn::Direction(s.into());

    // Met only with evidence that Patria directed this operation.
    let case = proxy_attack(vec![sup("ev-dir", direction("patria"), "A1", "s-b")]);
    let f = finding(&case, "patria", Standard::EffectiveControl);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(listed(&f), vec![vec!["ev-perp-brigade"], vec!["ev-dir"]]);
    assert_eq!(f.evidence_ids(), vec!["ev-perp-brigade", "ev-dir"]);

    // Insufficient: Patria established, arms, trains, funds and even directs the group in general
    // (all ties valid and well evidenced), but nothing shows control of this operation. Direction
    // by another state does not count either.
    for extra in [
        Vec::new(),
        vec![sup("ev-dir-rival", direction("rival"), "A1", "s-b")],
    ] {
        let case = proxy_attack(extra);
        let f = finding(&case, "patria", Standard::EffectiveControl);
        assert_eq!(f.verdict, Verdict::Insufficient);
        assert_eq!(listed(&f), vec![vec!["ev-perp-brigade"], vec![]]);
        let gap = f.requirements[1].gap.as_deref().unwrap();
        assert!(gap.contains("specific to this operation"), "{gap}");
    }

    // Not met: counted evidence that Patria did not direct it.
    let case = proxy_attack(vec![con("ev-no-dir", direction("patria"), "B2", "s-b")]);
    let f = finding(&case, "patria", Standard::EffectiveControl);
    assert_eq!(f.verdict, Verdict::NotMet);
    assert_eq!(listed(&f)[1], vec!["ev-no-dir"]);

    // Not applicable: an organ's conduct needs no proof of control.
    let case = with_events(world(), vec![attack(&["qf"], vec![perp("qf")])]);
    assert_eq!(
        finding(&case, "patria", Standard::EffectiveControl).verdict,
        Verdict::NotApplicable
    );
}

#[test]
fn case_level_items_about_an_operation_do_not_count_for_every_event() {
    // Case-level evidence is "not tied to one event or tie". A general statement that Patria
    // directs the Brigade's operations, or supplies it, or that the Brigade carries out attacks,
    // is not evidence about this attack; it must not decide effective control, material support
    // or who did it for every event in the case. (Dependence is different: see de_facto_organ_verdicts.)
    let mut case = world();
    case.evidence = vec![
        sup(
            "ev-case-dir",
            BearsOn::Direction("patria".into()),
            "A1",
            "s-a",
        ),
        sup(
            "ev-case-sup",
            BearsOn::Support("patria".into()),
            "A1",
            "s-b",
        ),
        sup(
            "ev-case-perp",
            BearsOn::Perpetrator("brigade".into()),
            "A1",
            "s-c",
        ),
    ];
    let case = with_events(case, vec![attack(&["brigade"], Vec::new())]);
    for standard in [Standard::EffectiveControl, Standard::MaterialSupport] {
        let f = finding(&case, "patria", standard);
        assert_eq!(f.verdict, Verdict::Insufficient, "{standard:?}");
        assert!(
            f.evidence_ids().is_empty(),
            "{standard:?}: {:?}",
            listed(&f)
        );
    }
    // A general item against direction must not refute control of this operation either.
    let mut case = with_events(world(), vec![attack(&["brigade"], vec![perp("brigade")])]);
    case.evidence = vec![con(
        "ev-case-no-dir",
        BearsOn::Direction("patria".into()),
        "A1",
        "s-a",
    )];
    let case = checked(&case);
    let f = finding(&case, "patria", Standard::EffectiveControl);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert_eq!(listed(&f), vec![vec!["ev-perp-brigade"], vec![]]);
}

#[test]
fn overall_control_verdicts() {
    let proxy = |case: Case| with_events(case, vec![attack(&["brigade"], vec![perp("brigade")])]);

    // Met: a Directs tie (organising, planning) plus financing, training or equipping ties, all
    // valid on the date and evidenced. Tie evidence is listed in case order.
    let case = proxy(sponsored());
    let f = finding(&case, "patria", Standard::OverallControl);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(
        listed(&f),
        vec![
            vec!["ev-perp-brigade"],
            vec!["ev-directs"],
            vec!["ev-est", "ev-arms", "ev-trains", "ev-funds"],
        ]
    );

    // Insufficient: support without any organising or directing tie.
    let mut no_direction = sponsored();
    no_direction.ties.retain(|t| t.kind != TieKind::Directs);
    let f = finding(&proxy(no_direction), "patria", Standard::OverallControl);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert!(!f.requirements[1].satisfied && f.requirements[1].evidence.is_empty());
    assert!(f.requirements[2].satisfied);

    // Not met: the Directs tie is contradicted by counted evidence and supported by none.
    let refuted = sponsored_with_refuted(TieKind::Directs, "ev-no-directs", "B2");
    let f = finding(&proxy(refuted), "patria", Standard::OverallControl);
    assert_eq!(f.verdict, Verdict::NotMet);
    assert_eq!(listed(&f)[1], vec!["ev-no-directs"]);

    // Not applicable to an organ.
    let case = with_events(sponsored(), vec![attack(&["guard"], vec![perp("guard")])]);
    assert_eq!(
        finding(&case, "patria", Standard::OverallControl).verdict,
        Verdict::NotApplicable
    );
}

#[test]
fn adoption_verdicts() {
    let proxy_attack = |extra: Vec<Evidence>| {
        let mut ev = vec![perp("brigade")];
        ev.extend(extra);
        with_events(sponsored(), vec![attack(&["brigade"], ev)])
    };
    let adoption = || BearsOn::Adoption("patria".into());
    let approval = || BearsOn::Approval("patria".into());

    // Met: Patria acknowledged and adopted the conduct as its own.
    let case = proxy_attack(vec![sup("ev-adopt", adoption(), "A1", "s-b")]);
    let f = finding(&case, "patria", Standard::Adoption);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(listed(&f), vec![vec!["ev-adopt"]]);

    // Insufficient: approval or commemoration alone is not adoption, however well evidenced; it
    // is listed, never weighed, and refutes nothing.
    let case = proxy_attack(vec![sup("ev-monument", approval(), "A1", "s-b")]);
    let f = finding(&case, "patria", Standard::Adoption);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert!(f.requirements[0].evidence[0].weight == 0.0);
    assert!(
        has_reason(&f, "approval alone is not adoption"),
        "{:?}",
        f.reasons
    );
    assert_eq!(listed(&f), vec![vec!["ev-monument"]]);
    assert!(
        f.requirements[0].evidence[0]
            .shows
            .starts_with("(approval, not adoption)")
    );

    // Not met: counted evidence that Patria disowned it.
    let case = proxy_attack(vec![con("ev-disowned", adoption(), "B2", "s-b")]);
    assert_eq!(
        finding(&case, "patria", Standard::Adoption).verdict,
        Verdict::NotMet
    );

    // Insufficient: nothing either way (ties do not matter to adoption).
    let case = proxy_attack(Vec::new());
    let f = finding(&case, "patria", Standard::Adoption);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert_eq!(listed(&f), vec![Vec::<&str>::new()]);

    // Adoption has no organ exception: Art. 11 can apply to any conduct, so an organ's attack is
    // still evaluated (here insufficient) rather than "not applicable". Its not-applicable cases
    // are the shared ones: legal acts and another state's conduct (tested above).
    let case = with_events(world(), vec![attack(&["guard"], vec![perp("guard")])]);
    assert_eq!(
        finding(&case, "patria", Standard::Adoption).verdict,
        Verdict::Insufficient
    );
}

#[test]
fn material_support_verdicts() {
    let support = || BearsOn::Support("patria".into());

    // Met on an event-level court finding alone (no ties at all); a default judgment is flagged.
    let ev = vec![perp("brigade"), sup("ev-court", support(), "B2", "s-court")];
    let case = with_events(world(), vec![attack(&["brigade"], ev)]);
    let f = finding(&case, "patria", Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(listed(&f), vec![vec!["ev-perp-brigade"], vec!["ev-court"]]);
    assert!(has_reason(&f, "entered by default"), "{:?}", f.reasons);

    // Met on sponsorship ties alone: the four equipping kinds count (established, arms, trains,
    // funds); directing and the front tie are not material support.
    let case = with_events(
        sponsored(),
        vec![attack(&["brigade"], vec![perp("brigade")])],
    );
    let f = finding(&case, "patria", Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(
        listed(&f)[1],
        vec!["ev-est", "ev-arms", "ev-trains", "ev-funds"]
    );
    assert!(!has_reason(&f, "entered by default"));

    // Insufficient: an unsponsored militia, no support evidence.
    let case = with_events(world(), vec![attack(&["brigade"], vec![perp("brigade")])]);
    let f = finding(&case, "patria", Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert_eq!(listed(&f), vec![vec!["ev-perp-brigade"], vec![]]);

    // Not met: counted evidence that Patria gave no support, and no tie.
    let ev = vec![
        perp("brigade"),
        con("ev-no-support", support(), "B2", "s-b"),
    ];
    let case = with_events(world(), vec![attack(&["brigade"], ev)]);
    assert_eq!(
        finding(&case, "patria", Standard::MaterialSupport).verdict,
        Verdict::NotMet
    );

    // The FSIA test has no organ exception (an official's or agent's own support counts): an
    // organ's attack is evaluated, not "not applicable". Without support evidence: insufficient.
    let case = with_events(world(), vec![attack(&["guard"], vec![perp("guard")])]);
    assert_eq!(
        finding(&case, "patria", Standard::MaterialSupport).verdict,
        Verdict::Insufficient
    );
}

#[test]
fn sponsorship_verdicts() {
    let proxy = |case: Case| with_events(case, vec![attack(&["brigade"], vec![perp("brigade")])]);

    // Met: established, arms, trains and funds, each valid and evidenced; three publishers and a
    // B2 item give high confidence.
    let f = finding(&proxy(sponsored()), "patria", Standard::Sponsorship);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(
        listed(&f),
        vec![
            vec!["ev-perp-brigade"],
            vec!["ev-est"],
            vec!["ev-arms"],
            vec!["ev-trains"],
            vec!["ev-funds"],
        ]
    );
    assert_eq!(f.confidence, Confidence::High);

    // Insufficient: one of the four (established) is missing.
    let mut partial = sponsored();
    partial.ties.retain(|t| t.kind != TieKind::Established);
    let f = finding(&proxy(partial), "patria", Standard::Sponsorship);
    assert_eq!(f.verdict, Verdict::Insufficient);
    let gap = f.requirements[1].gap.as_deref().unwrap();
    assert!(gap.contains("established the group"), "{gap}");
    assert!(f.requirements[2..].iter().all(|r| r.satisfied));

    // Not met: the arming tie is contradicted by counted evidence.
    let refuted = sponsored_with_refuted(TieKind::Arms, "ev-no-arms", "A2");
    let f = finding(&proxy(refuted), "patria", Standard::Sponsorship);
    assert_eq!(f.verdict, Verdict::NotMet);
    assert_eq!(listed(&f)[2], vec!["ev-no-arms"]);

    // Not applicable to an organ: it is not a sponsored group.
    let case = with_events(sponsored(), vec![attack(&["guard"], vec![perp("guard")])]);
    assert_eq!(
        finding(&case, "patria", Standard::Sponsorship).verdict,
        Verdict::NotApplicable
    );
}

// ---------------------------------------------------------------------------------------------
// Evidence bar, front groups, tie dates, contradictions
// ---------------------------------------------------------------------------------------------

#[test]
fn a_stricter_evidence_bar_turns_met_into_insufficient() {
    // Material support rests on one A3 item (weight 0.60, exactly the court's satisfaction).
    let ev = vec![
        perp("brigade"),
        sup("ev-sup-a3", BearsOn::Support("patria".into()), "A3", "s-b"),
    ];
    let case = with_events(world(), vec![attack(&["brigade"], ev)]);

    let lenient = finding_at(&case, "patria", Standard::MaterialSupport, bar("C3"));
    assert_eq!(lenient.verdict, Verdict::Met);
    assert_eq!(lenient.evidence_ids(), vec!["ev-perp-brigade", "ev-sup-a3"]);

    let strict = finding_at(&case, "patria", Standard::MaterialSupport, bar("B2"));
    assert_eq!(strict.verdict, Verdict::Insufficient);
    // The A3 item is still listed but no longer weighed; the A1 perpetrator item still counts.
    assert_eq!(listed(&strict), listed(&lenient));
    assert!(!strict.requirements[1].evidence[0].counted);
    assert_eq!(strict.evidence_ids(), vec!["ev-perp-brigade"]);
    assert!(
        has_reason(&strict, "1 item(s) graded below the evidence bar B2"),
        "{:?}",
        strict.reasons
    );
    assert!(
        strict.requirements[1]
            .missing
            .as_deref()
            .unwrap()
            .contains("lower evidence bar"),
        "{:?}",
        strict.requirements[1].missing
    );

    // The same with tie evidence: Directs is backed by an A3 item only.
    let mut weak_directs = sponsored();
    for t in &mut weak_directs.ties {
        if t.kind == TieKind::Directs {
            t.evidence[0].grade = "A3".into();
        }
    }
    let ev = vec![perp("brigade")];
    let case = with_events(weak_directs, vec![attack(&["brigade"], ev)]);
    let lenient = finding_at(&case, "patria", Standard::OverallControl, bar("C3"));
    let strict = finding_at(&case, "patria", Standard::OverallControl, bar("B2"));
    assert_eq!(
        (lenient.verdict, strict.verdict),
        (Verdict::Insufficient, Verdict::Insufficient)
    );
    assert!(lenient.requirements[1].weight_for > 0.5);
    assert!(strict.requirements[1].weight_for == 0.0);
}

#[test]
fn a_chain_through_a_front_group_leads_to_the_state_and_meets_sponsorship() {
    // The front did it; the front is FrontFor the Brigade, which Patria's organs sponsor.
    let front_ev = sup(
        "ev-front-did-it",
        BearsOn::Perpetrator("front".into()),
        "B2",
        "s-a",
    );
    let case = with_events(
        sponsored(),
        vec![attack(&["front"], vec![front_ev.clone()])],
    );
    let f = finding(&case, "patria", Standard::Sponsorship);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(
        listed(&f),
        vec![
            vec!["ev-front-did-it"],
            vec!["ev-est"],
            vec!["ev-arms"],
            vec!["ev-trains"],
            vec!["ev-funds"],
        ]
    );
    assert!(
        f.requirements[1]
            .text
            .contains("Patria Guard established The Brigade")
    );

    // The same when the front is only the claimant (no perpetrator assessed).
    let mut claimed = attack(&[], vec![front_ev]);
    claimed.claims = vec![Claim {
        actor: "front".into(),
        date: None,
        sources: vec!["s-a".into()],
        note: None,
    }];
    let case = with_events(sponsored(), vec![claimed]);
    assert_eq!(
        finding(&case, "patria", Standard::Sponsorship).verdict,
        Verdict::Met
    );
    assert_eq!(graph::sponsor_of(&case, &case.events[0]), Some("patria"));
}

#[test]
fn a_tie_not_yet_valid_on_the_event_date_does_not_count() {
    // The front becomes the Brigade's front name in 2005; an attack it did in 2003 is not the
    // Brigade's, so no sponsorship tie reaches it.
    let front_ev = sup(
        "ev-front-did-it",
        BearsOn::Perpetrator("front".into()),
        "B2",
        "s-a",
    );
    let early = event(
        "early",
        "2003-06-01",
        EventKind::Bombing,
        &["front"],
        vec![front_ev],
    );
    let case = with_events(sponsored(), vec![early]);
    let f = finding(&case, "patria", Standard::Sponsorship);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert_eq!(
        listed(&f),
        vec![vec!["ev-front-did-it"], vec![], vec![], vec![], vec![]]
    );
    assert!(
        f.requirements[1]
            .text
            .contains("no such tie holds on 2003-06-01"),
        "{}",
        f.requirements[1].text
    );

    // An arming tie that starts after the attack (2012 vs 2010) does not count; the other three
    // sponsorship ties still do. A tie that starts on the day itself counts.
    for (start, arms_counts) in [("2012", false), ("2010-05-02", false), ("2010-05-01", true)] {
        let mut late = sponsored();
        for t in &mut late.ties {
            if t.kind == TieKind::Arms {
                t.start = Some(date(start));
            }
        }
        let case = with_events(late, vec![attack(&["brigade"], vec![perp("brigade")])]);
        let f = finding(&case, "patria", Standard::Sponsorship);
        let expected = if arms_counts {
            Verdict::Met
        } else {
            Verdict::Insufficient
        };
        assert_eq!(f.verdict, expected, "arms from {start}");
        assert_eq!(
            f.requirements[2].satisfied, arms_counts,
            "arms from {start}"
        );
        assert_eq!(f.requirements[2].evidence.is_empty(), !arms_counts);
        assert!(f.requirements[3..].iter().all(|r| r.satisfied));
    }

    // A tie that ended before the attack does not count either.
    let mut ended = sponsored();
    for t in &mut ended.ties {
        if t.kind == TieKind::Funds {
            t.end = Some(date("2009"));
        }
    }
    let case = with_events(ended, vec![attack(&["brigade"], vec![perp("brigade")])]);
    let f = finding(&case, "patria", Standard::Sponsorship);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert!(!f.requirements[4].satisfied);
}

#[test]
fn contradicting_evidence_lowers_confidence() {
    let direction = || BearsOn::Direction("patria".into());
    // Perpetrator from publisher C, direction from A and B: three publishers, best A1; the two
    // independent A2 items together are fully conclusive (0.96).
    let base = vec![
        sup(
            "ev-perp",
            BearsOn::Perpetrator("brigade".into()),
            "A1",
            "s-c",
        ),
        sup("ev-dir-a", direction(), "A2", "s-a"),
        sup("ev-dir-b", direction(), "A2", "s-b"),
    ];
    let confidence_with = |extra: Option<Evidence>| {
        let mut ev = base.clone();
        ev.extend(extra);
        let case = with_events(world(), vec![attack(&["brigade"], ev)]);
        finding(&case, "patria", Standard::EffectiveControl)
    };

    let clean = confidence_with(None);
    assert_eq!(clean.verdict, Verdict::Met);
    assert_eq!(clean.confidence, Confidence::High);
    assert!(!has_reason(&clean, "contradict"));

    // One weak counted contradiction (C3, 0.36 < 0.5): still met but only moderate.
    let contested = confidence_with(Some(con("ev-no-dir", direction(), "C3", "s-a")));
    assert_eq!(contested.verdict, Verdict::Met);
    assert_eq!(contested.confidence, Confidence::Moderate);
    assert!(
        has_reason(&contested, "1 counted item(s) contradict"),
        "{:?}",
        contested.reasons
    );
    assert_eq!(
        contested.evidence_ids(),
        vec!["ev-perp", "ev-dir-a", "ev-dir-b", "ev-no-dir"]
    );

    // A contradiction below the bar is shown but changes nothing.
    let weak = confidence_with(Some(con("ev-rumour", direction(), "E5", "s-a")));
    assert_eq!(
        (weak.verdict, weak.confidence),
        (Verdict::Met, Confidence::High)
    );
}

// ---------------------------------------------------------------------------------------------
// Analysis of competing hypotheses
// ---------------------------------------------------------------------------------------------

fn support_patria() -> BearsOn {
    BearsOn::Support("patria".into())
}

fn with_ach(mut e: Evidence, cells: &[(&str, Consistency)]) -> Evidence {
    e.ach = cells.iter().map(|(h, c)| ((*h).to_owned(), *c)).collect();
    e
}

#[test]
fn ach_prefers_the_hypothesis_with_least_weighted_inconsistency() {
    use Consistency::{Consistent as C, Inconsistent as I};
    // h-alone has one inconsistent item (A1, weight 0.25 + 1.0 = 1.25); h-directed has two
    // (C3, 0.25 + 0.36 = 0.61 each, 1.22 together) and one below the bar. Fewer items is not
    // what counts: the weighted sum is, so h-directed is preferred.
    let ev = vec![
        with_ach(
            sup("ev-a1", support_patria(), "A1", "s-a"),
            &[("h-alone", I), ("h-directed", C)],
        ),
        with_ach(
            sup("ev-c3-1", support_patria(), "C3", "s-b"),
            &[("h-alone", C), ("h-directed", I)],
        ),
        with_ach(
            sup("ev-c3-2", support_patria(), "C3", "s-c"),
            &[("h-alone", C), ("h-directed", I)],
        ),
        with_ach(
            sup("ev-e5", support_patria(), "E5", "s-c"),
            &[("h-alone", C), ("h-directed", I)],
        ),
    ];
    let mut e = attack(&["brigade"], ev);
    e.hypotheses = vec![
        Hypothesis {
            id: "h-alone".into(),
            label: "The Brigade acted alone".into(),
        },
        Hypothesis {
            id: "h-directed".into(),
            label: "Patria directed it".into(),
        },
    ];
    let case = with_events(world(), vec![e]);
    let (hyps, rows) = analyse_hypotheses(&case, &case.events[0], "patria", Grade::default());
    let scores: Vec<(&str, f32, bool)> = hyps
        .iter()
        .map(|h| (h.id.as_str(), h.inconsistency, h.preferred))
        .collect();
    assert_eq!(scores.len(), 2);
    assert!((scores[0].1 - 1.25).abs() < 1e-4, "{scores:?}");
    assert!((scores[1].1 - 1.22).abs() < 1e-4, "{scores:?}");
    assert_eq!(
        (scores[0].2, scores[1].2),
        (false, true),
        "h-directed preferred: {scores:?}"
    );
    let counted: Vec<(&str, bool)> = rows
        .iter()
        .map(|r| (r.evidence.as_str(), r.counted))
        .collect();
    assert_eq!(
        counted,
        vec![
            ("ev-a1", true),
            ("ev-c3-1", true),
            ("ev-c3-2", true),
            ("ev-e5", false)
        ]
    );

    // At bar B2 only the A1 item counts: h-directed is preferred with no inconsistency at all.
    let (hyps, _) = analyse_hypotheses(&case, &case.events[0], "patria", bar("B2"));
    assert!(hyps[1].preferred && hyps[1].inconsistency.abs() < 1e-6);
    assert!(!hyps[0].preferred);
}

#[test]
fn ach_default_hypotheses_follow_the_derived_cells() {
    // Evidence that the Brigade did it and that Patria directed it: only "Patria directed the
    // operation" has no inconsistent item.
    let ev = vec![
        sup(
            "ev-perp-brigade",
            BearsOn::Perpetrator("brigade".into()),
            "B2",
            "s-a",
        ),
        sup("ev-dir", BearsOn::Direction("patria".into()), "B2", "s-b"),
    ];
    let case = with_events(sponsored(), vec![attack(&["brigade"], ev)]);
    let (hyps, rows) = analyse_hypotheses(&case, &case.events[0], "patria", Grade::default());
    let preferred: Vec<&str> = hyps
        .iter()
        .filter(|h| h.preferred)
        .map(|h| h.id.as_str())
        .collect();
    assert_eq!(preferred, vec!["state-directed"]);
    // B2 weighs 0.25 + 0.8 * 0.8 = 0.89.
    for h in &hyps[1..] {
        assert!((h.inconsistency - 0.89).abs() < 1e-4, "{h:?}");
    }
    assert_eq!(rows.len(), 2);

    // With no counted evidence, nothing is preferred.
    let (hyps, _) = analyse_hypotheses(&case, &case.events[0], "patria", bar("A1"));
    assert!(hyps.iter().all(|h| !h.preferred));
}

#[test]
fn ach_treats_the_group_a_front_stands_for_as_the_same_actor() {
    // The front did it; evidence names the Brigade, for which the front is a cover name on that
    // date. The standards count that item as identifying the perpetrator; the ACH matrix must not
    // read it as "another actor did it".
    let ev = vec![perp("brigade")];
    let case = with_events(sponsored(), vec![attack(&["front"], ev)]);
    let f = finding(&case, "patria", Standard::Sponsorship);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(listed(&f)[0], vec!["ev-perp-brigade"]);

    let (hyps, rows) = analyse_hypotheses(&case, &case.events[0], "patria", Grade::default());
    let ids = |pred: &dyn Fn(&attribution::Hypothesis) -> bool| -> Vec<&str> {
        hyps.iter()
            .filter(|h| pred(h))
            .map(|h| h.id.as_str())
            .collect()
    };
    assert_eq!(
        rows[0].cells,
        vec![
            Consistency::Consistent,
            Consistency::Consistent,
            Consistency::Inconsistent,
            Consistency::Inconsistent
        ]
    );
    assert_eq!(ids(&|h| h.preferred), vec!["state-directed", "autonomous"]);
    assert!(!ids(&|h| h.preferred).contains(&"other-actor"));
}

// ---------------------------------------------------------------------------------------------
// Evaluator
// ---------------------------------------------------------------------------------------------

#[test]
fn evaluator_gives_the_same_findings_as_evaluate_all_on_crafted_cases() {
    let events = vec![
        attack(&["brigade"], vec![perp("brigade")]),
        event(
            "early",
            "2003-06-01",
            EventKind::Bombing,
            &["front"],
            vec![perp("front")],
        ),
        event(
            "organ",
            "2011-01-01",
            EventKind::Raid,
            &["qf"],
            vec![perp("qf")],
        ),
        event(
            "legal",
            "2012-01-01",
            EventKind::Sanction,
            &["brigade"],
            Vec::new(),
        ),
    ];
    let case = with_events(sponsored(), events);
    for state in ["patria", "rival"] {
        let evaluator = Evaluator::new(&case, state);
        for e in &case.events {
            for grade in [bar("A1"), bar("C3"), bar("F6")] {
                assert_eq!(
                    evaluator.evaluate_all(e, grade),
                    attribution::evaluate_all(&case, e, state, grade),
                    "{} for {state}",
                    e.id
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Chains (issue #5)
// ---------------------------------------------------------------------------------------------

fn tie_index(case: &Case, id: &str) -> usize {
    case.ties.iter().position(|t| t.id == id).unwrap()
}

fn link(upper: &str, lower: &str, via: LinkVia) -> Link {
    Link {
        upper: upper.into(),
        lower: lower.into(),
        via,
    }
}

#[test]
fn chain_runs_from_the_state_through_organs_and_sponsors_to_a_front_group() {
    let case = with_events(sponsored(), vec![attack(&["front"], vec![perp("front")])]);
    let chains = graph::chains(&case, &case.events[0], "patria");
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].perpetrator, "front");
    // Shortest path; among equally short ones, sponsorship ties first and in case order.
    assert_eq!(
        chains[0].chain,
        Some(vec![
            link("patria", "guard", LinkVia::Organ),
            link("guard", "brigade", LinkVia::Tie(tie_index(&case, "est"))),
            link(
                "brigade",
                "front",
                LinkVia::Tie(tie_index(&case, "front-for"))
            ),
        ])
    );

    // Membership is read from the organisation down to the member.
    let mut case = sponsored();
    case.ties.push(tie(
        "member",
        "commander",
        TieKind::MemberOf,
        "brigade",
        "2002",
        vec![sup("ev-member", BearsOn::Tie, "C3", "s-a")],
    ));
    let case = with_events(case, vec![attack(&["commander"], Vec::new())]);
    let chain = graph::chains(&case, &case.events[0], "patria")[0]
        .chain
        .clone()
        .unwrap();
    assert_eq!(
        chain.last(),
        Some(&link(
            "brigade",
            "commander",
            LinkVia::Tie(tie_index(&case, "member"))
        ))
    );

    // The state itself as perpetrator: an empty chain, not a missing one.
    let case = with_events(world(), vec![attack(&["patria"], Vec::new())]);
    assert_eq!(
        graph::chains(&case, &case.events[0], "patria")[0].chain,
        Some(Vec::new())
    );
}

#[test]
fn chain_ignores_a_tie_not_yet_valid_on_the_event_date() {
    // front-for starts in 2005.
    for (day, reaches) in [
        ("2003-06-01", false),
        ("2004-12-31", false),
        ("2005-01-01", true),
    ] {
        let e = event("e", day, EventKind::Bombing, &["front"], Vec::new());
        let case = with_events(sponsored(), vec![e]);
        let chains = graph::chains(&case, &case.events[0], "patria");
        assert_eq!(chains[0].chain.is_some(), reaches, "{day}");
        assert_eq!(
            graph::sponsor_of(&case, &case.events[0]).is_some(),
            reaches,
            "{day}"
        );
    }
    // A sponsorship tie not yet valid: with only a 2012 arming tie, the Brigade is unreachable in
    // 2010.
    let mut case = world();
    case.ties = vec![tie(
        "arms-late",
        "qf",
        TieKind::Arms,
        "brigade",
        "2012",
        vec![sup("ev-arms-late", BearsOn::Tie, "B2", "s-a")],
    )];
    let case = with_events(case, vec![attack(&["brigade"], Vec::new())]);
    assert_eq!(
        graph::chains(&case, &case.events[0], "patria")[0].chain,
        None
    );
}

#[test]
fn chains_for_two_sponsors_return_only_each_states_own_path() {
    let mut case = sponsored();
    case.ties.push(tie(
        "rival-funds",
        "rival-guard",
        TieKind::Funds,
        "brigade",
        "2008",
        vec![sup("ev-rival-funds", BearsOn::Tie, "B2", "s-b")],
    ));
    let case = with_events(case, vec![attack(&["brigade"], vec![perp("brigade")])]);
    let e = &case.events[0];

    let patria = graph::chains(&case, e, "patria");
    assert_eq!(
        patria[0].chain,
        Some(vec![
            link("patria", "guard", LinkVia::Organ),
            link("guard", "brigade", LinkVia::Tie(tie_index(&case, "est"))),
        ])
    );
    let rival = graph::chains(&case, e, "rival");
    assert_eq!(
        rival[0].chain,
        Some(vec![
            link("rival", "rival-guard", LinkVia::Organ),
            link(
                "rival-guard",
                "brigade",
                LinkVia::Tie(tie_index(&case, "rival-funds"))
            ),
        ])
    );
    // The default state comes first when both reach the perpetrator.
    assert_eq!(graph::sponsor_of(&case, e), Some("patria"));
    let mut other_default = case.clone();
    other_default.default_state = Some("rival".into());
    assert_eq!(
        graph::sponsor_of(&other_default, &other_default.events[0]),
        Some("rival")
    );

    // The standards agree: Rivalia only funds the Brigade (material support met, sponsorship
    // insufficient); Patria meets both.
    let verdict = |state: &str, s: Standard| finding(&case, state, s).verdict;
    assert_eq!(verdict("rival", Standard::MaterialSupport), Verdict::Met);
    assert_eq!(
        verdict("rival", Standard::Sponsorship),
        Verdict::Insufficient
    );
    assert_eq!(verdict("patria", Standard::Sponsorship), Verdict::Met);
}

#[test]
fn no_path_gives_no_chain() {
    // An unsponsored militia; alliance and opposition ties are not chain links.
    let mut case = sponsored();
    case.ties.push(tie(
        "allied",
        "patria",
        TieKind::AlliedWith,
        "orphans",
        "2001",
        vec![sup("ev-allied", BearsOn::Tie, "B2", "s-a")],
    ));
    case.ties.push(tie(
        "opposes",
        "guard",
        TieKind::Opposes,
        "orphans",
        "2001",
        vec![sup("ev-opposes", BearsOn::Tie, "B2", "s-a")],
    ));
    let case = with_events(case, vec![attack(&["orphans"], Vec::new())]);
    let e = &case.events[0];
    for state in ["patria", "rival"] {
        let chains = graph::chains(&case, e, state);
        assert_eq!(chains.len(), 1);
        assert_eq!(chains[0].perpetrator, "orphans");
        assert_eq!(chains[0].chain, None, "{state}");
    }
    assert_eq!(graph::sponsor_of(&case, e), None);

    // No perpetrator and no claimant: nothing to chain to.
    let case = with_events(sponsored(), vec![attack(&[], Vec::new())]);
    assert!(graph::chains(&case, &case.events[0], "patria").is_empty());
    assert_eq!(graph::sponsor_of(&case, &case.events[0]), None);
}

#[test]
fn layered_layout_puts_each_sponsor_above_what_it_sponsors() {
    // An acyclic graph: both states, their organs, the Brigade, the front and a member.
    let mut case = sponsored();
    case.ties.push(tie(
        "rival-funds",
        "rival-guard",
        TieKind::Funds,
        "brigade",
        "2008",
        vec![sup("ev-rival-funds", BearsOn::Tie, "C3", "s-b")],
    ));
    case.ties.push(tie(
        "brigade-arms-front",
        "brigade",
        TieKind::Arms,
        "front",
        "2005",
        vec![sup("ev-brigade-arms-front", BearsOn::Tie, "C3", "s-b")],
    ));
    case.ties.push(tie(
        "member",
        "commander",
        TieKind::MemberOf,
        "brigade",
        "2002",
        vec![sup("ev-member", BearsOn::Tie, "C3", "s-a")],
    ));
    let case = checked(&case);
    let pos = layout::layered(&case);
    assert_eq!(pos.len(), case.actors.len());
    let index = case.actor_indices();
    let y = |id: &str| pos[index[id]][1];

    for t in &case.ties {
        if t.kind.is_sponsorship() {
            // A sponsorship tie reads downward: its source is above its target.
            assert!(
                y(&t.from) < y(&t.to),
                "{}: {} vs {}",
                t.id,
                y(&t.from),
                y(&t.to)
            );
        } else {
            // FrontFor and MemberOf read upward ("front for", "member of"); the layers, like the
            // chains, put the group above its front and its members, so for these the target is
            // above the source.
            assert!(
                matches!(t.kind, TieKind::FrontFor | TieKind::MemberOf),
                "{}",
                t.id
            );
            assert!(
                y(&t.to) < y(&t.from),
                "{}: {} vs {}",
                t.id,
                y(&t.to),
                y(&t.from)
            );
        }
    }
    // Parents sit above their organs.
    for a in &case.actors {
        if let Some(parent) = &a.parent {
            assert!(y(parent) < y(&a.id), "{} under {parent}", a.id);
        }
    }
    // No two actors share a position.
    for (i, p) in pos.iter().enumerate() {
        for q in &pos[i + 1..] {
            assert!(
                (p[0] - q[0]).abs() > 1e-6 || (p[1] - q[1]).abs() > 1e-6,
                "{pos:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Candidates: each verdict is about one candidate, weighed through its own ties only (#12)
// ---------------------------------------------------------------------------------------------

/// Two candidates with different chains: the Guard directs the Brigade (no support), and funds
/// the Orphans (no direction). An attack by both, each identified.
fn split_chains() -> Case {
    let mut case = world();
    case.ties = vec![
        tie(
            "directs-brigade",
            "qf",
            TieKind::Directs,
            "brigade",
            "2001",
            vec![sup("ev-directs", BearsOn::Tie, "B2", "s-a")],
        ),
        tie(
            "funds-orphans",
            "guard",
            TieKind::Funds,
            "orphans",
            "2001",
            vec![sup("ev-funds", BearsOn::Tie, "B2", "s-b")],
        ),
    ];
    with_events(
        case,
        vec![attack(
            &["brigade", "orphans"],
            vec![perp("brigade"), perp("orphans")],
        )],
    )
}

#[test]
fn no_requirement_is_met_through_another_candidate_than_the_verdicts() {
    let case = checked(&split_chains());
    // Overall control needs a directing tie and a supporting tie to the same group: the Brigade
    // has only the first, the Orphans only the second, so neither meets it (before candidates,
    // the two were pooled and the standard read as met).
    let f = finding(&case, "patria", Standard::OverallControl);
    assert_ne!(f.verdict, Verdict::Met, "{:#?}", f.reasons);
    let mut about: Vec<Option<String>> = vec![f.candidate.clone()];
    about.extend(f.alternatives.iter().map(|a| a.candidate.clone()));
    about.sort();
    assert_eq!(
        about,
        vec![Some("brigade".to_owned()), Some("orphans".to_owned())],
        "one finding per candidate"
    );
    for one in std::iter::once(&f).chain(&f.alternatives) {
        let ids: Vec<&str> = one
            .requirements
            .iter()
            .flat_map(|r| r.evidence.iter().map(|e| e.id.as_str()))
            .collect();
        match one.candidate.as_deref() {
            Some("brigade") => assert!(!ids.contains(&"ev-funds"), "{ids:?}"),
            Some("orphans") => assert!(!ids.contains(&"ev-directs"), "{ids:?}"),
            other => panic!("unexpected candidate {other:?}"),
        }
    }
    // Material support: funding is material support, directing is not; the Orphans' case is
    // met and heads, the Brigade's (only directed) follows as insufficient.
    let f = finding(&case, "patria", Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Met);
    assert_eq!(f.candidate.as_deref(), Some("orphans"));
    assert_eq!(f.alternatives[0].candidate.as_deref(), Some("brigade"));
    assert_eq!(f.alternatives[0].verdict, Verdict::Insufficient);
    assert!(
        has_reason(
            &f,
            "strongest case of 2 candidates (its verdict ranks higher"
        ),
        "{:?}",
        f.reasons
    );
}

#[test]
fn a_claim_under_a_front_name_is_weighed_as_the_group_it_fronts_for() {
    let mut case = sponsored();
    let mut e = attack(&[], vec![perp("front")]);
    e.claims = vec![Claim {
        actor: "front".to_owned(),
        date: None,
        sources: vec!["s-a".to_owned()],
        note: None,
    }];
    case = with_events(case, vec![e]);
    let case = checked(&case);
    let f = finding(&case, "patria", Standard::Sponsorship);
    assert_eq!(
        f.candidate.as_deref(),
        Some("brigade"),
        "the front's principal"
    );
    assert!(
        f.alternatives.is_empty(),
        "one candidate: the Brigade under its front name"
    );
    assert!(
        f.requirements[0]
            .text
            .contains("claimed under the front name Avengers"),
        "{}",
        f.requirements[0].text
    );
}

#[test]
fn weighed_evidence_each_way_is_contested_insufficient_or_refuted() {
    let direction = BearsOn::Direction("patria".into());
    let with = |extra: Vec<Evidence>| {
        let mut ev = vec![perp("brigade")];
        ev.extend(extra);
        let case = checked(&with_events(sponsored(), vec![attack(&["brigade"], ev)]));
        finding(&case, "patria", Standard::EffectiveControl)
    };
    // A B2 item each way: strong evidence on both sides.
    let f = with(vec![
        sup("ev-dir", direction.clone(), "B2", "s-a"),
        con("ev-no-dir", direction.clone(), "B2", "s-b"),
    ]);
    assert_eq!(f.verdict, Verdict::Contested, "{:?}", f.reasons);
    assert_eq!(f.requirements[1].status, attribution::Status::Contested);
    assert!(
        f.reasons[0].starts_with("Contested: strong evidence both for (0.64) and against (0.64)")
    );
    // B2 for, C3 against: neither side strong enough to decide; not refuted.
    let f = with(vec![
        sup("ev-dir", direction.clone(), "B2", "s-a"),
        con("ev-no-dir", direction.clone(), "C3", "s-b"),
    ]);
    assert_eq!(f.verdict, Verdict::Insufficient);
    // C3 for, B2 against: the weighed evidence refutes direction.
    let f = with(vec![
        sup("ev-dir", direction.clone(), "C3", "s-a"),
        con("ev-no-dir", direction, "B2", "s-b"),
    ]);
    assert_eq!(f.verdict, Verdict::NotMet);
    assert!((f.weight_against - 0.64).abs() < 1e-4 && (f.weight_for - 0.36).abs() < 1e-4);
}

#[test]
fn a_state_body_named_only_by_an_attribution_is_weighed_not_set_aside() {
    // Nobody is assessed; an official attribution names Rivalia's Guard. That is a claim to be
    // weighed (it may be wrong), not another state's conduct established by the case.
    let mut case = with_events(world(), vec![attack(&[], vec![perp("rival-guard")])]);
    case.attributions = vec![model::Attribution {
        id: "att-1".to_owned(),
        event: case.events[0].id.clone(),
        by: "patria".to_owned(),
        to: vec!["rival-guard".to_owned()],
        date: date("2010-05-02"),
        confidence: None,
        statement: "Patria blames Rivalia's Guard.".to_owned(),
        sources: vec!["s-a".to_owned()],
    }];
    let case = checked(&case);
    let f = finding(&case, "patria", Standard::Sponsorship);
    assert_eq!(f.candidate.as_deref(), Some("rival-guard"));
    assert_ne!(f.verdict, Verdict::NotApplicable);
}

#[test]
fn many_candidates_give_the_same_headline_as_few_weighed_on_demand() {
    // 300 candidates (more than a standard's column is held for): the one sponsored group sits
    // in the middle and must head, exactly as it does among a handful.
    for others in [4usize, 299] {
        let mut case = sponsored();
        let names: Vec<String> = (0..others).map(|i| format!("m{i}")).collect();
        for id in &names {
            case.actors.push(model::Actor {
                id: id.clone(),
                name: format!("Militia {id}"),
                aliases: Vec::new(),
                kind: model::ActorKind::Militia,
                founded: None,
                dissolved: None,
                parent: None,
                description: String::new(),
                sources: vec!["s-a".to_owned()],
            });
        }
        let mut perps: Vec<&str> = names.iter().map(String::as_str).collect();
        perps.insert(others / 2, "brigade");
        let case = with_events(case, vec![attack(&perps, vec![perp("brigade")])]);
        let f = finding(&case, "patria", Standard::MaterialSupport);
        assert_eq!(f.verdict, Verdict::Met, "{others} others: {:?}", f.reasons);
        assert_eq!(f.candidate.as_deref(), Some("brigade"));
        assert_eq!(f.alternatives.len(), others);
        assert!(
            has_reason(&f, &format!("strongest case of {} candidates", others + 1)),
            "{:?}",
            f.reasons
        );
        // The first others are explained in full, the rest carry their verdict only.
        assert!(!f.alternatives[0].reasons.is_empty());
        if others > attribution::EXPLAINED_ALTERNATIVES {
            assert!(f.alternatives[others - 1].reasons.is_empty());
        }
        // The headline verdicts agree with the explained findings.
        let verdicts = attribution::Evaluator::new(&case, "patria")
            .verdicts(&case.events[0], Grade::default());
        let explained =
            attribution::evaluate_all(&case, &case.events[0], "patria", Grade::default());
        for (v, f) in verdicts.iter().zip(&explained) {
            assert_eq!(*v, f.verdict, "{:?} with {others} others", f.standard);
        }
    }
}
