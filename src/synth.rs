//! Synthetic cases for benchmarks and scale checks: a state, one organ, `lanes` proxy groups
//! sponsored by it, and `events` attacks spread at random over 1981–2021. Pure Rust; no egui.
//! The data is random and carries no sources: it is never shown as fact, only used to measure
//! how the views and queries scale (`cargo bench`, `proxyline synth`).

use crate::model::{
    Actor, ActorKind, Case, Count, Event, EventKind, FORMAT_VERSION, PartialDate, Place, Tie,
    TieKind,
};

/// A synthetic case with `events` events over `lanes` groups, reproducible from `seed`.
#[must_use]
pub fn case(events: usize, lanes: usize, seed: u64) -> Case {
    let mut rng = fastrand::Rng::with_seed(seed);
    let lanes = lanes.max(1);
    let actor = |id: String, kind: ActorKind, parent: Option<&str>| Actor {
        name: format!("Synthetic {id}"),
        id,
        aliases: Vec::new(),
        kind,
        founded: None,
        dissolved: None,
        parent: parent.map(str::to_owned),
        description: String::new(),
        sources: Vec::new(),
    };
    let mut actors = vec![
        actor("state".to_owned(), ActorKind::State, None),
        actor("organ".to_owned(), ActorKind::StateOrgan, Some("state")),
    ];
    let mut ties = Vec::new();
    for g in 0..lanes {
        let id = format!("g{g}");
        ties.push(Tie {
            id: format!("t{g}"),
            from: "organ".to_owned(),
            to: id.clone(),
            kind: TieKind::Funds,
            start: None,
            end: None,
            approximate: false,
            note: None,
            evidence: Vec::new(),
        });
        actors.push(actor(id, ActorKind::Militia, None));
    }
    let (first, last) = (
        PartialDate::year(1981).first_day(),
        PartialDate::year(2021).last_day(),
    );
    let kinds = [
        EventKind::RocketAttack,
        EventKind::Bombing,
        EventKind::DroneAttack,
        EventKind::StateStrike,
        EventKind::Designation,
    ];
    let events = (0..events)
        .map(|i| {
            let day = rng.i32(first..=last);
            let killed = rng.u32(0..64).saturating_sub(40);
            Event {
                id: format!("e{i}"),
                title: String::new(),
                date: PartialDate::from_day(day),
                date_end: None,
                approximate: false,
                date_disputed: None,
                outside_range: false,
                place: Place {
                    name: String::new(),
                    country: String::new(),
                    lat: None,
                    lon: None,
                },
                kind: kinds[rng.usize(..kinds.len())],
                killed: Some(Count {
                    min: killed,
                    max: None,
                    approximate: false,
                    reports: Vec::new(),
                }),
                wounded: None,
                targets: Vec::new(),
                perpetrators: vec![format!("g{}", rng.usize(..lanes))],
                claims: Vec::new(),
                summary: String::new(),
                sources: Vec::new(),
                evidence: Vec::new(),
                hypotheses: Vec::new(),
            }
        })
        .collect();
    Case {
        format: FORMAT_VERSION,
        title: "Synthetic case".to_owned(),
        description: "Random events for measuring scale; not data.".to_owned(),
        start: PartialDate::year(1981),
        end: PartialDate::year(2021),
        default_state: Some("state".to_owned()),
        sources: Vec::new(),
        actors,
        ties,
        events,
        evidence: Vec::new(),
        attributions: Vec::new(),
        eras: Vec::new(),
        stories: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_case_spreads_events_over_every_lane() {
        let case = super::case(5000, 8, 1);
        assert_eq!(case.events.len(), 5000);
        let lanes = crate::query::lanes(
            &case,
            &crate::query::Filter::default(),
            crate::query::LaneMode::Group,
        );
        assert_eq!(lanes.len(), 8);
        assert_eq!(lanes.iter().map(|l| l.events.len()).sum::<usize>(), 5000);
    }
}
