//! The actor/tie graph: which ties hold on a date, the organs of a state, the chains of ties from
//! a sponsor state down to an event's perpetrators, and a layered layout. Pure Rust; no egui.
//!
//! A chain is read top-down: from the state through its organs (the `parent` links), along
//! sponsorship ties (established, funds, arms, trains, directs, commands), through membership
//! (`MemberOf`, read from the organisation to the member) and through front names (`FrontFor`,
//! read from the group to the front that claims for it). Only ties valid on the event's date count.

pub mod chains;
pub mod force;
pub mod force_task;
pub mod layout;
pub mod metrics;

use std::collections::{HashMap, HashSet, VecDeque};

pub use chains::ChainFinder;

use crate::model::{Case, Event, TieKind};

/// How one link of a chain holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkVia {
    /// The lower actor is an organ of the upper one (its `parent`).
    Organ,
    /// A tie of the case, by index into `case.ties`.
    Tie(usize),
}

/// One step of a chain, from `upper` down to `lower`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The actor closer to the state.
    pub upper: String,
    /// The actor closer to the perpetrator.
    pub lower: String,
    /// How the link holds.
    pub via: LinkVia,
}

/// The chain from a state to one perpetrator, or `None` when no path exists on the date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerpetratorChain {
    /// The perpetrator.
    pub perpetrator: String,
    /// Links from the state down to the perpetrator (empty when the perpetrator is the state).
    pub chain: Option<Vec<Link>>,
}

/// The state itself and every actor whose `parent` chain leads to it.
#[must_use]
pub fn organs<'a>(case: &'a Case, state: &str) -> HashSet<&'a str> {
    // Down from the state through the parent links: each actor visited once.
    below_from(case, &organs_by_parent(case), state)
}

/// Each actor's organs: the actors whose `parent` it is.
fn organs_by_parent(case: &Case) -> HashMap<&str, Vec<&str>> {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for a in &case.actors {
        if let Some(parent) = &a.parent {
            children
                .entry(parent.as_str())
                .or_default()
                .push(a.id.as_str());
        }
    }
    children
}

/// An actor of the case and everything `below` reaches from it (empty for an unknown actor).
fn below_from<'a>(
    case: &'a Case,
    below: &HashMap<&'a str, Vec<&'a str>>,
    start: &str,
) -> HashSet<&'a str> {
    let mut out: HashSet<&str> = HashSet::new();
    let Some(start) = case.actor(start) else {
        return out;
    };
    let mut queue = VecDeque::from([start.id.as_str()]);
    while let Some(node) = queue.pop_front() {
        if out.insert(node) {
            queue.extend(below.get(node).into_iter().flatten().copied());
        }
    }
    out
}

/// States (actors of kind `State`) that the chains of an event could lead to, the
/// `default_state` first when it is one of them.
#[must_use]
pub fn candidate_states(case: &Case) -> Vec<&str> {
    let mut states: Vec<&str> = case
        .actors
        .iter()
        .filter(|a| a.kind == crate::model::ActorKind::State)
        .map(|a| a.id.as_str())
        .collect();
    if let Some(d) = case.default_state.as_deref()
        && let Some(i) = states.iter().position(|s| *s == d)
    {
        let s = states.remove(i);
        states.insert(0, s);
    }
    states
}

/// For an event and a state: the chain of ties valid on the event's date from the state to each
/// perpetrator (through organs, sponsorship, membership and front groups), or `None` per
/// perpetrator when no path exists.
#[must_use]
pub fn chains(case: &Case, event: &Event, state: &str) -> Vec<PerpetratorChain> {
    let finder = ChainFinder::new(case);
    let day = event.first_day();
    event
        .candidates()
        .into_iter()
        .map(|p| PerpetratorChain {
            perpetrator: p.to_owned(),
            chain: finder.chain_to(day, state, p),
        })
        .collect()
}

/// The first state (default state first) that a chain reaches for any perpetrator of the event.
#[must_use]
pub fn sponsor_of<'a>(case: &'a Case, event: &Event) -> Option<&'a str> {
    candidate_states(case)
        .into_iter()
        .find(|s| chains(case, event, s).iter().any(|c| c.chain.is_some()))
}

/// An actor and everything below it, at any date: its organs, the groups it sponsors (and
/// theirs), their members and their front names — what "its network" means when a user asks
/// to see the events of an actor and the groups it sponsors.
#[must_use]
pub fn sponsored_by<'a>(case: &'a Case, actor: &str) -> HashSet<&'a str> {
    let mut below = organs_by_parent(case);
    for tie in &case.ties {
        let (upper, lower) = match tie.kind {
            k if k.is_sponsorship() => (tie.from.as_str(), tie.to.as_str()),
            TieKind::MemberOf | TieKind::FrontFor => (tie.to.as_str(), tie.from.as_str()),
            _ => continue,
        };
        below.entry(upper).or_default().push(lower);
    }
    below_from(case, &below, actor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quds_force_network_reaches_its_proxies_and_nothing_above() {
        let case = crate::model::load_text("built-in", crate::model::DEFAULT_CASE_RON)
            .expect("built-in case")
            .case;
        let below = sponsored_by(&case, "quds-force");
        assert!(
            below.contains("quds-force") && below.contains("kh"),
            "{below:?}"
        );
        assert!(
            !below.contains("iran") && !below.contains("irgc"),
            "nothing above it"
        );
        assert!(sponsored_by(&case, "no-such-actor").is_empty());
    }
}
