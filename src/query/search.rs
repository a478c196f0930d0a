//! The search box's list of matches: the events the live search (with the other filters) lets
//! through, in date order, the first few of them and how many there are in all. Pure Rust; no
//! egui. One pass over the events per change of the search text, not per frame (the top bar
//! keeps the result).

use super::Filter;
use crate::model::{Case, Event};

/// The matches of a search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matches {
    /// The first matches in date order (indices into `case.events`), at most the limit asked.
    pub first: Vec<usize>,
    /// How many events match in all.
    pub total: usize,
}

/// The events matching `filter` (its search text and the other filters), the earliest `limit`
/// of them; nothing when the search text is empty.
#[must_use]
pub fn matches(case: &Case, filter: &Filter, limit: usize) -> Matches {
    if filter.search.trim().is_empty() {
        return Matches::default();
    }
    let matcher = filter.matcher(case);
    earliest(case, limit, |e| matcher.matches(e))
}

/// The events `keep` lets through: the earliest `limit` of them in date order (case order on
/// the same day), and how many there are in all.
#[must_use]
pub fn earliest(case: &Case, limit: usize, keep: impl Fn(&Event) -> bool) -> Matches {
    let mut all: Vec<(i32, usize)> = case
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| keep(e))
        .map(|(i, e)| (e.first_day(), i))
        .collect();
    let total = all.len();
    // Only the first `limit` need ordering.
    if all.len() > limit {
        all.select_nth_unstable(limit);
        all.truncate(limit);
    }
    all.sort_unstable();
    Matches {
        first: all.into_iter().map(|(_, i)| i).collect(),
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_come_in_date_order_with_their_total() {
        let case = crate::model::load_text("built-in", crate::model::DEFAULT_CASE_RON)
            .unwrap()
            .case;
        let mut filter = Filter::default();
        assert_eq!(matches(&case, &filter, 5), Matches::default());
        filter.search = "erbil".to_owned();
        let all = matches(&case, &filter, 100);
        assert!(all.total >= 3, "{all:?}");
        assert_eq!(all.first.len(), all.total);
        let days: Vec<i32> = all
            .first
            .iter()
            .map(|&i| case.events[i].first_day())
            .collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]));
        let two = matches(&case, &filter, 2);
        assert_eq!(two.total, all.total);
        assert_eq!(two.first, all.first[..2]);
    }
}
