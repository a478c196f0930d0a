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
use std::sync::{Mutex, PoisonError};

use super::{Link, LinkVia};
use crate::model::{Case, TieKind};

/// Chains a finder keeps (then it starts afresh): every candidate of an event with 100,000
/// perpetrators, under each of the seven standards, is asked for once.
const KEPT: usize = 1 << 20;

/// A chain asked for: its target, the day, the state.
type Asked<'a> = (&'a str, i32, String);

/// Finds chains of ties from a state down to actors, on a day.
pub struct ChainFinder<'a> {
    case: &'a Case,
    /// Every link by upper actor, preferred first (sponsorship ties, then organs, then
    /// membership and front ties), each list in case order.
    below: HashMap<&'a str, Vec<(&'a str, LinkVia)>>,
    /// Every link by lower actor: the upper actor and the link's place in its `below` list.
    above: HashMap<&'a str, Vec<(&'a str, usize)>>,
    /// The chains found so far (each standard asks for the same ones).
    found: Mutex<HashMap<Asked<'a>, Option<Vec<Link>>>>,
}

/// A copy starts with no chains kept.
impl Clone for ChainFinder<'_> {
    fn clone(&self) -> Self {
        Self {
            case: self.case,
            below: self.below.clone(),
            above: self.above.clone(),
            found: Mutex::new(HashMap::new()),
        }
    }
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
        Self {
            case,
            below,
            above,
            found: Mutex::new(HashMap::new()),
        }
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
        let start = self.above.get_key_value(target).map(|(k, _)| *k)?;
        let asked = (start, day, state.to_owned());
        let lock = || self.found.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(chain) = lock().get(&asked) {
            return chain.clone();
        }
        let chain = self.search(day, state, start);
        let mut found = lock();
        if found.len() >= KEPT {
            found.clear();
        }
        found.insert(asked, chain.clone());
        chain
    }

    /// [`Self::chain_to`] without the kept chains.
    fn search(&self, day: i32, state: &str, start: &'a str) -> Option<Vec<Link>> {
        // The target's ancestors on the day, by a walk upward.
        let mut ancestors: HashSet<&str> = HashSet::new();
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
