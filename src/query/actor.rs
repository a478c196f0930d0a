//! What an actor's card shows, found in one pass over the ties and events: the ties it is on
//! (either end) and the events it is involved in (perpetrator or claimant), in date order.
//! Pure Rust; no egui.

use crate::model::Case;

/// The ties and events of one actor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorFacts {
    /// Ties from or to the actor (indices into `case.ties`), in case order.
    pub ties: Vec<usize>,
    /// The first events involving it in date order (indices into `case.events`).
    pub events: Vec<usize>,
    /// How many events involve it in all.
    pub event_total: usize,
    /// Its organs and members by parent link (actor indices).
    pub below: Vec<usize>,
}

/// The facts of actor `id`, with at most `events` of its events listed.
#[must_use]
pub fn facts(case: &Case, id: &str, events: usize) -> ActorFacts {
    let ties = case
        .ties
        .iter()
        .enumerate()
        .filter(|(_, t)| t.from == id || t.to == id)
        .map(|(i, _)| i)
        .collect();
    let involved = super::search::earliest(case, events, |e| e.involves(id));
    let below = case
        .actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.parent.as_deref() == Some(id))
        .map(|(i, _)| i)
        .collect();
    ActorFacts {
        ties,
        events: involved.first,
        event_total: involved.total,
        below,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actors_ties_events_and_organs() {
        let case = crate::model::load_text("built-in", crate::model::DEFAULT_CASE_RON)
            .unwrap()
            .case;
        let kh = facts(&case, "kh", 3);
        assert!(!kh.ties.is_empty());
        assert!(kh.ties.iter().all(|&t| {
            let t = &case.ties[t];
            t.from == "kh" || t.to == "kh"
        }));
        assert!(kh.event_total >= kh.events.len() && kh.events.len() <= 3);
        let days: Vec<i32> = kh
            .events
            .iter()
            .map(|&i| case.events[i].first_day())
            .collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]));
        let irgc = facts(&case, "irgc", 0);
        assert!(
            irgc.below
                .iter()
                .any(|&a| case.actors[a].id == "quds-force"),
            "the Quds Force is an organ of the IRGC"
        );
    }
}
