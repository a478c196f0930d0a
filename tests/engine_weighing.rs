//! Engine tests for weighing (issue #12): weights from grades, independence (one originator or
//! one source counts once), interested parties, a contradiction that bears on another
//! proposition, candidates with their own chains, the as-of date, flips and what would close a
//! gap, and that the fast verdicts agree with the explained findings.
//!
//! Each case is a small fictional world written as a case file and read by the real loader, so
//! every crafted case is a valid file. All names are invented.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use proxyline::attribution::{self, Evaluator, Finding, Standard, Status, Verdict};
use proxyline::model::{self, Case, Grade, PartialDate};

/// Patria with an organ (the Guard), two militias (the Brigade, funded and armed by the Guard;
/// the Orphans, only directed by it), a front name for the Brigade, and Rivalia. Sources: three
/// publishers, two copies of one wire story (same address), and a default judgment.
const WORLD: &str = r#"
Case(
    format: 1,
    title: "Weighing test world",
    start: "2000",
    end: "2020-12-31",
    default_state: "patria",
    sources: [
        Source(id: "s-a", kind: NewsReport, title: "Report A", publisher: "Publisher A"),
        Source(id: "s-b", kind: NewsReport, title: "Report B", publisher: "Publisher B"),
        Source(id: "s-c", kind: NewsReport, title: "Report C", publisher: "Publisher C"),
        Source(id: "wire-1", kind: NewsReport, title: "Wire story", publisher: "Paper One",
            url: "https://example.org/wire-story"),
        Source(id: "wire-2", kind: NewsReport, title: "Wire story (reprint)", publisher: "Paper Two",
            url: "https://example.org/wire-story"),
        Source(id: "s-court", kind: CourtRuling, title: "Doe v. Patria", publisher: "District Court",
            default_judgment: true),
    ],
    actors: [
        Actor(id: "patria", name: "Patria", kind: State),
        Actor(id: "guard", name: "Patria Guard", kind: StateOrgan, parent: "patria"),
        Actor(id: "brigade", name: "The Brigade", kind: Militia),
        Actor(id: "orphans", name: "Orphans Militia", kind: Militia),
        Actor(id: "front", name: "Avengers", kind: FrontGroup),
        Actor(id: "rival", name: "Rivalia", kind: State),
    ],
    ties: [
        Tie(id: "funds", from: "guard", to: "brigade", kind: Funds, start: "2001",
            evidence: [Evidence(id: "ev-funds", shows: "funding", sources: ["s-a"], grade: "A1")]),
        Tie(id: "arms", from: "guard", to: "brigade", kind: Arms, start: "2001",
            evidence: [Evidence(id: "ev-arms", shows: "arming", sources: ["s-b"], grade: "A1")]),
        Tie(id: "directs-orphans", from: "guard", to: "orphans", kind: Directs, start: "2001",
            evidence: [Evidence(id: "ev-directs-orphans", shows: "directing", sources: ["s-c"], grade: "A1")]),
        Tie(id: "front-for", from: "front", to: "brigade", kind: FrontFor, start: "2005",
            evidence: [Evidence(id: "ev-front-for", shows: "front", sources: ["s-c"], grade: "B2")]),
    ],
)
"#;

/// The world with one event written in RON (its evidence inside), checked by the loader.
fn case_with(event: &str, attributions: &str) -> Case {
    let text = WORLD.replacen(
        "\n)\n",
        &format!("\n    events: [{event}],\n    attributions: [{attributions}],\n)\n"),
        1,
    );
    match model::load_text("crafted.ron", &text) {
        Ok(l) => l.case,
        Err(e) => panic!("crafted case is invalid: {:#?}", e.lines()),
    }
}

/// A rocket attack on 1 May 2010 by `perps`, with evidence items (RON) and claims (RON).
fn attack(perps: &str, evidence: &str, claims: &str) -> String {
    format!(
        r#"Event(id: "attack", title: "Crafted attack", date: "2010-05-01",
            place: Place(name: "Port City", country: "Nowhere"), kind: RocketAttack,
            perpetrators: [{perps}], claims: [{claims}], sources: ["s-a"], evidence: [{evidence}])"#
    )
}

/// One evidence item in RON.
fn item(id: &str, bears_on: &str, grade: &str, stance: &str, source: &str, extra: &str) -> String {
    format!(
        r#"Evidence(id: "{id}", shows: "crafted item {id}", bears_on: {bears_on}, sources: ["{source}"], grade: "{grade}", stance: {stance}{extra}),"#
    )
}

fn finding(case: &Case, standard: Standard) -> Finding {
    attribution::evaluate(case, &case.events[0], "patria", standard, Grade::default())
}

/// An A1 item that `actor` carried out the attack.
fn perp(actor: &str) -> String {
    item(
        "ev-perp",
        &format!("Perpetrator(\"{actor}\")"),
        "A1",
        "Supports",
        "s-a",
        "",
    )
}

#[test]
fn copies_of_one_report_and_one_originator_count_once() {
    // Two items citing two copies of one wire story (one address): weighed as one B2 item, 0.64.
    let ev = format!(
        "{}{}{}",
        perp("orphans"),
        item(
            "ev-w1",
            r#"Support("patria")"#,
            "B2",
            "Supports",
            "wire-1",
            ""
        ),
        item(
            "ev-w2",
            r#"Support("patria")"#,
            "B2",
            "Supports",
            "wire-2",
            ""
        ),
    );
    let case = case_with(&attack(r#""orphans""#, &ev, ""), "");
    let f = finding(&case, Standard::MaterialSupport);
    let r = &f.requirements[1];
    assert!((r.weight_for - 0.64).abs() < 1e-4, "{}", r.weight_for);
    assert!(
        r.evidence
            .iter()
            .any(|e| e.same_originator_as.as_deref() == Some("ev-w1"))
    );
    assert!(
        f.reasons.iter().any(|x| x.contains("counted once")),
        "{:?}",
        f.reasons
    );

    // The same two items from independent sources: 1 − 0.36² = 0.87.
    let ev = format!(
        "{}{}{}",
        perp("orphans"),
        item("ev-w1", r#"Support("patria")"#, "B2", "Supports", "s-b", ""),
        item("ev-w2", r#"Support("patria")"#, "B2", "Supports", "s-c", ""),
    );
    let case = case_with(&attack(r#""orphans""#, &ev, ""), "");
    let r = &finding(&case, Standard::MaterialSupport).requirements[1];
    assert!((r.weight_for - 0.8704).abs() < 1e-3, "{}", r.weight_for);

    // An explicit originator joins items from different sources.
    let ev = format!(
        "{}{}{}",
        perp("orphans"),
        item(
            "ev-w1",
            r#"Support("patria")"#,
            "B2",
            "Supports",
            "s-b",
            r#", originator: "One briefing""#
        ),
        item(
            "ev-w2",
            r#"Support("patria")"#,
            "B2",
            "Supports",
            "s-c",
            r#", originator: "One briefing""#
        ),
    );
    let case = case_with(&attack(r#""orphans""#, &ev, ""), "");
    let r = &finding(&case, Standard::MaterialSupport).requirements[1];
    assert!((r.weight_for - 0.64).abs() < 1e-4, "{}", r.weight_for);
}

#[test]
fn an_interested_partys_word_counts_at_half_on_either_side() {
    // Patria's own B2 denial of support (0.32) cannot refute a B2 court finding (0.64)...
    let ev = format!(
        "{}{}{}",
        perp("orphans"),
        item(
            "ev-court",
            r#"Support("patria")"#,
            "B2",
            "Supports",
            "s-court",
            ""
        ),
        item(
            "ev-denial",
            r#"Support("patria")"#,
            "B2",
            "Contradicts",
            "s-b",
            r#", interested: "patria""#
        ),
    );
    let case = case_with(&attack(r#""orphans""#, &ev, ""), "");
    let f = finding(&case, Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Met, "{:?}", f.reasons);
    let denial = f.requirements[1]
        .evidence
        .iter()
        .find(|e| e.id == "ev-denial")
        .unwrap();
    assert!((denial.weight - 0.32).abs() < 1e-4);
    assert_eq!(denial.interested.as_deref(), Some("Patria"));
    assert!(
        f.reasons.iter().any(|r| r.contains("interested party")),
        "{:?}",
        f.reasons
    );
    assert!(
        f.reasons.iter().any(|r| r.contains("entered by default")),
        "default judgment flagged"
    );

    // ...and Rivalia's B2 accusation alone (0.32) does not meet it: the same rule for the accuser.
    let ev = format!(
        "{}{}",
        perp("orphans"),
        item(
            "ev-accusation",
            r#"Support("patria")"#,
            "B2",
            "Supports",
            "s-b",
            r#", interested: "rival""#
        ),
    );
    let case = case_with(&attack(r#""orphans""#, &ev, ""), "");
    let f = finding(&case, Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Insufficient);
    assert!((f.requirements[1].weight_for - 0.32).abs() < 1e-4);
}

#[test]
fn a_contradiction_about_direction_does_not_touch_material_support() {
    // The Brigade is funded and armed (A1 ties); strong evidence that Patria did NOT direct
    // this operation refutes effective control but leaves material support met.
    let ev = format!(
        "{}{}",
        perp("brigade"),
        item(
            "ev-no-dir",
            r#"Direction("patria")"#,
            "A1",
            "Contradicts",
            "s-b",
            ""
        ),
    );
    let case = case_with(&attack(r#""brigade""#, &ev, ""), "");
    assert_eq!(
        finding(&case, Standard::EffectiveControl).verdict,
        Verdict::NotMet
    );
    let f = finding(&case, Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Met, "{:?}", f.reasons);
    assert!(
        f.requirements[1]
            .evidence
            .iter()
            .all(|e| e.id != "ev-no-dir")
    );
    assert!(f.weight_against.abs() < 1e-6);
}

#[test]
fn two_candidates_each_with_their_own_chain() {
    // Claimed by the Orphans, assessed to be the Brigade: each candidate's finding carries its
    // own chain of ties from Patria, and only its own ties' evidence.
    let claims = r#"Claim(actor: "orphans", sources: ["s-a"]),"#;
    let case = case_with(&attack(r#""brigade""#, &perp("brigade"), claims), "");
    let f = finding(&case, Standard::Sponsorship);
    let all: Vec<&Finding> = std::iter::once(&f).chain(&f.alternatives).collect();
    let brigade = all
        .iter()
        .find(|x| x.candidate.as_deref() == Some("brigade"))
        .unwrap();
    let orphans = all
        .iter()
        .find(|x| x.candidate.as_deref() == Some("orphans"))
        .unwrap();
    assert_eq!(brigade.chain, vec!["organ:guard", "funds"]);
    assert_eq!(orphans.chain, vec!["organ:guard", "directs-orphans"]);
    let ids = |x: &Finding| -> Vec<String> {
        x.requirements
            .iter()
            .flat_map(|r| r.evidence.iter().map(|e| e.id.clone()))
            .collect()
    };
    assert!(!ids(orphans).contains(&"ev-funds".to_owned()));
    assert!(!ids(brigade).contains(&"ev-directs-orphans".to_owned()));
    // The Orphans' identity rests on no evidence: its case is weaker, the Brigade's heads.
    assert_eq!(f.candidate.as_deref(), Some("brigade"));
}

#[test]
fn as_of_before_and_after_an_attribution_and_a_dated_item() {
    // Rivalia attributes the attack to the Orphans on 1 June 2011; the A1 item identifying the
    // Brigade only became known on 1 January 2012.
    let ev = r#"Evidence(id: "ev-perp", shows: "the Brigade did it", bears_on: Perpetrator("brigade"),
        sources: ["s-a"], grade: "A1", date: "2012-01-01"),"#;
    let atts = r#"Attribution(id: "att-rival", event: "attack", by: "rival", to: ["orphans"],
        date: "2011-06-01", sources: ["s-b"]),"#;
    let case = case_with(&attack("", ev, ""), atts);
    let e = &case.events[0];
    let at = |d: &str| {
        Evaluator::new(&case, "patria")
            .as_of(Some(PartialDate::parse(d).unwrap()))
            .evaluate(e, Standard::MaterialSupport, Grade::default())
    };
    // Before the attack: not yet happened.
    assert_eq!(at("2010-04-30").verdict, Verdict::NotApplicable);
    // On the day: no candidate yet.
    let day = at("2010-05-01");
    assert_eq!(day.verdict, Verdict::Insufficient);
    assert_eq!(day.candidate, None);
    assert_eq!(day.as_of, Some(PartialDate::parse("2010-05-01").unwrap()));
    // After the attribution: the Orphans are a candidate.
    let mid = at("2011-07-01");
    assert_eq!(mid.candidate.as_deref(), Some("orphans"));
    // With everything known: the attribution names only the Orphans, who are directed but not
    // funded; no evidence says the Brigade (not a candidate) did it.
    let now =
        Evaluator::new(&case, "patria").evaluate(e, Standard::MaterialSupport, Grade::default());
    assert_eq!(now.as_of, None);
    // The first date the sponsorship test is met: never (no candidate with ties and identity).
    let first =
        Evaluator::new(&case, "patria").first_met(e, Standard::Sponsorship, Grade::default());
    assert_eq!(first, None);

    // Assessed as the Brigade (funded and armed): identity known only from 2012, so material
    // support is first met then.
    let case = case_with(&attack(r#""brigade""#, ev, ""), "");
    let e = &case.events[0];
    let first =
        Evaluator::new(&case, "patria").first_met(e, Standard::MaterialSupport, Grade::default());
    assert_eq!(first, Some(PartialDate::parse("2012-01-01").unwrap()));
}

#[test]
fn flips_name_the_item_whose_removal_or_downgrade_changes_the_verdict() {
    // Material support rests on one B2 court finding (0.64 ≥ 0.60): removing it, or
    // downgrading it to C2 (0.48), makes it insufficient. The A1 identity item: removing it
    // flips too; downgrading A1 → B1 (0.8) still satisfies the court.
    let ev = format!(
        "{}{}",
        perp("orphans"),
        item(
            "ev-court",
            r#"Support("patria")"#,
            "B2",
            "Supports",
            "s-court",
            ""
        ),
    );
    let case = case_with(&attack(r#""orphans""#, &ev, ""), "");
    let f = finding(&case, Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Met);
    let court: Vec<&str> = f
        .flips
        .iter()
        .filter(|x| x.evidence == vec!["ev-court".to_owned()])
        .map(|x| x.change.as_str())
        .collect();
    assert_eq!(court, vec!["remove"], "{:?}", f.flips);
    assert!(f.flips.iter().all(|x| x.to == Verdict::Insufficient));
    assert!(
        f.flips
            .iter()
            .any(|x| x.evidence == vec!["ev-perp".to_owned()])
    );

    // Two independent A1 items for identity: no single change flips it, but removing the
    // court finding still does.
    let ev = format!(
        "{}{}{}",
        perp("orphans"),
        item(
            "ev-perp-2",
            r#"Perpetrator("orphans")"#,
            "A1",
            "Supports",
            "s-c",
            ""
        ),
        item(
            "ev-court",
            r#"Support("patria")"#,
            "A1",
            "Supports",
            "s-court",
            ""
        ),
    );
    let case = case_with(&attack(r#""orphans""#, &ev, ""), "");
    let f = finding(&case, Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Met);
    assert!(
        f.flips
            .iter()
            .all(|x| !x.evidence.contains(&"ev-perp-2".to_owned())),
        "{:?}",
        f.flips
    );
    assert!(
        f.flips
            .iter()
            .any(|x| x.evidence == vec!["ev-court".to_owned()])
    );

    // An unshown requirement says what one more item would close it.
    let ev = format!(
        "{}{}",
        perp("orphans"),
        item("ev-c3", r#"Support("patria")"#, "C3", "Supports", "s-b", ""),
    );
    let case = case_with(&attack(r#""orphans""#, &ev, ""), "");
    let f = finding(&case, Standard::MaterialSupport);
    assert_eq!(f.verdict, Verdict::Insufficient);
    let r = &f.requirements[1];
    assert_eq!(r.status, Status::Unshown);
    let missing = r.missing.as_deref().unwrap();
    assert!(
        missing.starts_with("one more independent item"),
        "{missing}"
    );
    assert!(missing.contains("graded"), "{missing}");
    assert!(f.reasons[0].starts_with("Insufficient:"), "{:?}", f.reasons);
}

#[test]
fn the_fast_verdicts_agree_with_the_explained_findings_on_the_built_in_case() {
    let case = model::load_text("built-in", model::DEFAULT_CASE_RON)
        .unwrap()
        .case;
    for bar in ["A1", "C3", "F6"].map(|g| Grade::parse(g).unwrap()) {
        let ev = Evaluator::new(&case, "iran");
        for e in &case.events {
            let fast = ev.verdicts(e, bar);
            let full: Vec<Verdict> = ev.evaluate_all(e, bar).iter().map(|f| f.verdict).collect();
            assert_eq!(fast.to_vec(), full, "{}", e.id);
        }
    }
}
