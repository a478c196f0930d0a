//! Checks of the curated Iran case: it validates, everything is sourced, every source is used, key
//! events carry evidence on the perpetrator and on the state's role, and stories point at events.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::collections::HashSet;

use proxyline::model::{self, BearsOn};

fn case() -> model::Case {
    let loaded = model::load_text("iran-proxies.ron", model::DEFAULT_CASE_RON).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    loaded.case
}

#[test]
fn the_curated_case_meets_its_scope() {
    let case = case();
    // The second edition's scope (issue #13).
    assert!(case.events.len() >= 80, "{} events", case.events.len());
    assert!(case.actors.len() >= 50);
    assert!(case.ties.len() >= 70);
    assert!(case.stories.len() >= 3);
    assert!(case.events.iter().all(|e| e.first_day()
        >= model::PartialDate::parse("1981-12-15").unwrap().first_day()
        || e.outside_range));
}

#[test]
fn every_evidence_item_says_when_it_became_public() {
    // The "as known on" view needs it: an item without a date would count as known from the
    // event's own day.
    let case = case();
    let undated: Vec<&str> = case
        .all_evidence()
        .filter(|e| e.date.is_none())
        .map(|e| e.id.as_str())
        .collect();
    assert!(undated.is_empty(), "{} undated: {undated:?}", undated.len());
}

#[test]
fn every_event_tie_and_evidence_item_is_sourced_and_every_source_used() {
    let case = case();
    for e in &case.events {
        assert!(
            !e.sources.is_empty() || !e.evidence.is_empty(),
            "event {} has no source",
            e.id
        );
    }
    for t in &case.ties {
        assert!(!t.evidence.is_empty(), "tie {} has no evidence", t.id);
    }
    for ev in case.all_evidence() {
        assert!(!ev.sources.is_empty(), "evidence {} has no source", ev.id);
        assert!(
            ev.parsed_grade().is_some(),
            "evidence {} grade {}",
            ev.id,
            ev.grade
        );
        assert!(
            !ev.grade_reason.is_empty(),
            "evidence {} gives no reason for its grade",
            ev.id
        );
    }
    // Validation warns about unused sources; the case has no warnings, so every source is used.
}

#[test]
fn key_events_have_evidence_on_perpetrator_and_state_role() {
    let case = case();
    for id in [
        "beirut-barracks-1983",
        "kuwait-1983-12-12",
        "khobar-1996-06-25",
        "karbala-2007-01-20",
        "k1-2019-12-27",
        "erbil-2021-02-15",
        "ain-al-asad-2021-03-03",
    ] {
        let e = case
            .event(id)
            .unwrap_or_else(|| panic!("missing key event {id}"));
        let on_perp = e
            .evidence
            .iter()
            .any(|ev| matches!(ev.bears_on, BearsOn::Perpetrator(_)));
        let on_state = e.evidence.iter().any(|ev| {
            matches!(
                ev.bears_on,
                BearsOn::Direction(_)
                    | BearsOn::Support(_)
                    | BearsOn::Approval(_)
                    | BearsOn::Adoption(_)
            )
        });
        assert!(
            on_perp && on_state,
            "{id}: perpetrator evidence {on_perp}, state-role evidence {on_state}"
        );
    }
}

#[test]
fn stories_reference_existing_events() {
    let case = case();
    let ids: HashSet<&str> = case.events.iter().map(|e| e.id.as_str()).collect();
    let four = case
        .stories
        .iter()
        .find(|s| s.id == "four-decades")
        .unwrap();
    assert!((8..=12).contains(&four.steps.len()));
    for story in &case.stories {
        for step in &story.steps {
            if let Some(e) = &step.event {
                assert!(ids.contains(e.as_str()), "{}: {e}", story.id);
            }
        }
    }
}

#[test]
fn erbil_2021_explains_itself() {
    let case = case();
    let e = case.event("erbil-2021-02-15").unwrap();
    let findings = proxyline::attribution::evaluate_all(&case, e, "iran", model::Grade::default());
    assert_eq!(findings.len(), 7);
    let chains = proxyline::graph::chains(&case, e, "iran");
    assert!(
        chains.iter().any(|c| c.chain.is_some()),
        "a chain leads from Iran to the claimant"
    );
}
