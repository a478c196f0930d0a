//! Chains of ties found once per day, not once per question: a [`ChainFinder`] indexes every
//! link of the case (parents, and sponsorship, membership and front ties of any date) once, and
//! for a state and a day walks breadth-first down from the state a single time, keeping the
//! tree of shortest chains to every actor it reaches; each chain asked for on that day is then
//! read back from the tree. The chains are exactly those of a search per question (the same
//! links in the same order of preference, ties not valid on the day skipped), but an event with
//! 100,000 candidate perpetrators no longer searches the graph 100,000 times per standard.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use super::{Link, LinkVia};
use crate::model::{Case, TieKind};

/// Shortest chains from one state on one day: each reached actor's upper neighbour and link.
type Tree<'a> = HashMap<&'a str, (&'a str, LinkVia)>;

/// How many (state, day) trees a finder keeps (then it starts afresh): enough for every event
/// of a story or a brief, bounded for a million-event export.
const KEPT: usize = 256;

/// Finds chains of ties from a state down to actors, on a day.
pub struct ChainFinder<'a> {
    case: &'a Case,
    /// Every link by upper actor, preferred first (sponsorship ties, then organs, then
    /// membership and front ties), each list in case order.
    below: HashMap<&'a str, Vec<(&'a str, LinkVia)>>,
    trees: Mutex<HashMap<(&'a str, i32), Arc<Tree<'a>>>>,
}

/// A copy starts with no trees kept (they are found again when asked for).
impl Clone for ChainFinder<'_> {
    fn clone(&self) -> Self {
        Self {
            case: self.case,
            below: self.below.clone(),
            trees: Mutex::new(HashMap::new()),
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
        Self {
            case,
            below,
            trees: Mutex::new(HashMap::new()),
        }
    }

    /// The tree of shortest chains from `state` on `day` (searched once, then kept).
    fn tree(&self, state: &'a str, day: i32) -> Arc<Tree<'a>> {
        let kept =
            |trees: &HashMap<(&'a str, i32), Arc<Tree<'a>>>| trees.get(&(state, day)).cloned();
        if let Some(tree) = kept(&self.trees.lock().unwrap_or_else(PoisonError::into_inner)) {
            return tree;
        }
        let mut back: Tree<'a> = HashMap::new();
        let mut queue = VecDeque::from([state]);
        let mut seen = HashSet::from([state]);
        while let Some(node) = queue.pop_front() {
            for (next, via) in self.below.get(node).into_iter().flatten() {
                if let LinkVia::Tie(i) = via
                    && !self.case.ties[*i].valid_on(day)
                {
                    continue;
                }
                if !seen.insert(next) {
                    continue;
                }
                back.insert(next, (node, via.clone()));
                queue.push_back(next);
            }
        }
        let tree = Arc::new(back);
        let mut trees = self.trees.lock().unwrap_or_else(PoisonError::into_inner);
        if trees.len() >= KEPT {
            trees.clear();
        }
        trees.insert((state, day), Arc::clone(&tree));
        tree
    }

    /// The chain of ties valid on `day` from `state` down to `target` (`Some(empty)` when the
    /// target is the state), or `None` when no path exists.
    #[must_use]
    pub fn chain_to(&self, day: i32, state: &str, target: &str) -> Option<Vec<Link>> {
        if state == target {
            return Some(Vec::new());
        }
        // The state as the case spells it (trees are keyed by the case's own strings).
        let state: &'a str = self
            .case
            .actor(state)
            .map(|a| a.id.as_str())
            .or_else(|| self.below.get_key_value(state).map(|(k, _)| *k))?;
        let tree = self.tree(state, day);
        let mut chain = Vec::new();
        let mut cur = tree.get_key_value(target).map(|(k, _)| *k)?;
        while let Some((upper, via)) = tree.get(cur) {
            chain.push(Link {
                upper: (*upper).to_owned(),
                lower: cur.to_owned(),
                via: via.clone(),
            });
            cur = upper;
        }
        chain.reverse();
        Some(chain)
    }
}
