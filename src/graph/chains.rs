//! Chains of ties found without searching the whole network: a [`ChainFinder`] indexes every
//! link of the case (parents, and sponsorship, membership and front ties of any date) once, both
//! downward and upward. A chain from a state to an actor on a day is then searched breadth-first
//! from the state as before, but only through the actor's ancestors on that day (found by a walk
//! upward from it): every node a shortest chain can pass through is an ancestor, and an
//! ancestor's first discoverer in the full search is an ancestor too, so the chain found is
//! exactly the one the full search finds (the same links in the same order of preference) — at
//! the cost of the few ancestors, not of the whole network below the state (which is 100,000
//! groups in a large import, and was searched once per finding).

use std::collections::{HashMap, HashSet, VecDeque};

use super::{Link, LinkVia};
use crate::model::{Case, TieKind};

/// Finds chains of ties from a state down to actors, on a day.
#[derive(Clone)]
pub struct ChainFinder<'a> {
    case: &'a Case,
    /// Every link by upper actor, preferred first (sponsorship ties, then organs, then
    /// membership and front ties), each list in case order.
    below: HashMap<&'a str, Vec<(&'a str, LinkVia)>>,
    /// Every link by lower actor: the upper actor and the link's place in its `below` list.
    above: HashMap<&'a str, Vec<(&'a str, usize)>>,
}

impl std::fmt::Debug for ChainFinder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainFinder")
            .field("uppers", &self.below.len())
            .finish_non_exhaustive()
    }
}

impl<'a> ChainFinder<'a> {
    /// Indexes the links of a case (linear in its actors and ties).
    #[must_use]
    pub fn new(case: &'a Case) -> Self {
        let mut below: HashMap<&str, Vec<(&str, LinkVia)>> = HashMap::new();
        for actor in &case.actors {
            if let Some(parent) = &actor.parent {
                below
                    .entry(parent.as_str())
                    .or_default()
                    .push((actor.id.as_str(), LinkVia::Organ));
            }
        }
        for (i, tie) in case.ties.iter().enumerate() {
            let (upper, lower) = match tie.kind {
                k if k.is_sponsorship() => (tie.from.as_str(), tie.to.as_str()),
                TieKind::MemberOf | TieKind::FrontFor => (tie.to.as_str(), tie.from.as_str()),
                _ => continue,
            };
            below
                .entry(upper)
                .or_default()
                .push((lower, LinkVia::Tie(i)));
        }
        // Prefer sponsorship ties over organ and membership links when several paths are
        // equally short (a stable sort: case order within each kind).
        for edges in below.values_mut() {
            edges.sort_by_key(|(_, via)| match via {
                LinkVia::Tie(i) if case.ties[*i].kind.is_sponsorship() => 0,
                LinkVia::Organ => 1,
                LinkVia::Tie(_) => 2,
            });
        }
        let mut above: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
        for (upper, edges) in &below {
            for (k, (lower, _)) in edges.iter().enumerate() {
                above.entry(*lower).or_default().push((*upper, k));
            }
        }
        Self { case, below, above }
    }

    /// Whether a link holds on the day (organ links always do).
    fn holds(&self, via: &LinkVia, day: i32) -> bool {
        match via {
            LinkVia::Tie(i) => self.case.ties[*i].valid_on(day),
            LinkVia::Organ => true,
        }
    }

    /// The chain of ties valid on `day` from `state` down to `target` (`Some(empty)` when the
    /// target is the state), or `None` when no path exists.
    #[must_use]
    pub fn chain_to(&self, day: i32, state: &str, target: &str) -> Option<Vec<Link>> {
        if state == target {
            return Some(Vec::new());
        }
        // The target's ancestors on the day, by a walk upward.
        let mut ancestors: HashSet<&str> = HashSet::new();
        let start = self.above.get_key_value(target).map(|(k, _)| *k)?;
        let mut queue = VecDeque::from([start]);
        ancestors.insert(start);
        while let Some(node) = queue.pop_front() {
            for &(upper, k) in self.above.get(node).into_iter().flatten() {
                let via = &self.below[upper][k].1;
                if self.holds(via, day) && ancestors.insert(upper) {
                    queue.push_back(upper);
                }
            }
        }
        let state = *ancestors.get(state)?;
        // The links among them, by upper actor in order of preference.
        let mut sub: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
        for &lower in &ancestors {
            for &(upper, k) in self.above.get(lower).into_iter().flatten() {
                if ancestors.contains(upper) && self.holds(&self.below[upper][k].1, day) {
                    sub.entry(upper).or_default().push((k, lower));
                }
            }
        }
        for edges in sub.values_mut() {
            edges.sort_unstable();
        }
        // Breadth-first from the state, as the full search would go.
        let mut back: HashMap<&str, (&str, usize)> = HashMap::new();
        let mut seen = HashSet::from([state]);
        let mut queue = VecDeque::from([state]);
        while let Some(node) = queue.pop_front() {
            if node == start {
                break;
            }
            for &(k, next) in sub.get(node).into_iter().flatten() {
                if seen.insert(next) {
                    back.insert(next, (node, k));
                    queue.push_back(next);
                }
            }
        }
        let mut chain = Vec::new();
        let mut cur = start;
        while let Some(&(upper, k)) = back.get(cur) {
            chain.push(Link {
                upper: upper.to_owned(),
                lower: cur.to_owned(),
                via: self.below[upper][k].1.clone(),
            });
            cur = upper;
        }
        if cur != state {
            return None;
        }
        chain.reverse();
        Some(chain)
    }
}
