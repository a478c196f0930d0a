//! Queries over a case for the views: filters, lanes, a per-lane time index and per-pixel density.
//! Pure Rust; no egui. The time index keeps each lane's event days sorted, so the events in a
//! time window, and the count per pixel column, are found by binary search — the cost of a frame
//! depends on the number of pixels, not the number of events.

pub mod actor;
pub mod nearest;
pub mod search;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{Case, Event, EventCategory};

/// How the timeline groups events into lanes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneMode {
    /// By assessed perpetrator group (the first one), ordered by sponsor.
    #[default]
    Group,
    /// By country.
    Country,
    /// By event category (attack, state strike, legal act).
    Category,
    /// By the chain of ties from the sponsor state down to the perpetrator, on the event's date
    /// (e.g. "Iran > IRGC > Quds Force > Kataib Hezbollah").
    Sponsor,
}

impl LaneMode {
    /// All modes.
    pub const ALL: [Self; 4] = [Self::Group, Self::Sponsor, Self::Country, Self::Category];

    /// A label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Group => "perpetrator",
            Self::Country => "country",
            Self::Category => "kind",
            Self::Sponsor => "sponsor chain",
        }
    }
}

/// What narrows the visible events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Case-insensitive text matched against title, place, country, id and perpetrator names.
    pub search: String,
    /// Which categories are shown.
    pub categories: [bool; 3],
    /// Minimum deaths (high end of the range).
    pub min_deaths: u32,
    /// Only events of this actor (perpetrator or claimant), when set.
    pub actor: Option<String>,
    /// Only events in this country, when set.
    pub country: Option<String>,
    /// Only events in this day window, when set (the Filters menu's "only between the years").
    pub window: Option<(i32, i32)>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            search: String::new(),
            categories: [true; 3],
            min_deaths: 0,
            actor: None,
            country: None,
            window: None,
        }
    }
}

impl Filter {
    /// Whether an event passes the filter. To test many events, build a [`FilterMatcher`]
    /// once with [`Self::matcher`].
    #[must_use]
    pub fn matches(&self, case: &Case, event: &Event) -> bool {
        self.matcher(case).matches(event)
    }

    /// The filter prepared for a case: the search text lowercased once, and the actors whose
    /// name or alias contains it found once, instead of per event.
    #[must_use]
    pub fn matcher<'a>(&'a self, case: &'a Case) -> FilterMatcher<'a> {
        let needle = self.search.trim().to_lowercase();
        let actors = if needle.is_empty() {
            HashSet::new()
        } else {
            case.actors
                .iter()
                .filter(|a| {
                    a.name.to_lowercase().contains(&needle)
                        || a.aliases.iter().any(|x| x.to_lowercase().contains(&needle))
                })
                .map(|a| a.id.as_str())
                .collect()
        };
        FilterMatcher {
            filter: self,
            needle,
            actors,
        }
    }
}

/// A [`Filter`] prepared for one case (see [`Filter::matcher`]).
#[derive(Debug)]
pub struct FilterMatcher<'a> {
    filter: &'a Filter,
    /// The search text, trimmed and lowercased.
    needle: String,
    /// Actors whose name or an alias contains the search text.
    actors: HashSet<&'a str>,
}

impl FilterMatcher<'_> {
    /// Whether an event passes the filter.
    #[must_use]
    pub fn matches(&self, event: &Event) -> bool {
        let f = self.filter;
        let cat = EventCategory::ALL
            .iter()
            .position(|c| *c == event.kind.category())
            .unwrap_or(0);
        if !f.categories[cat] || event.deaths() < f.min_deaths {
            return false;
        }
        if let Some(actor) = &f.actor
            && !event.involves(actor)
        {
            return false;
        }
        if let Some(country) = &f.country
            && &event.place.country != country
        {
            return false;
        }
        if let Some((a, b)) = f.window
            && (event.last_day() < a || event.first_day() > b)
        {
            return false;
        }
        let needle = &self.needle;
        if needle.is_empty() {
            return true;
        }
        let hay = [
            &event.title,
            &event.place.name,
            &event.place.country,
            &event.id,
            &event.summary,
        ];
        hay.iter().any(|h| h.to_lowercase().contains(needle))
            || event.involved().any(|a| self.actors.contains(a))
    }
}

/// Longest day span for which a lane keeps a per-day cumulative count (about 550 years); longer
/// lanes fall back to binary search.
const MAX_INDEX_DAYS: i64 = 200_000;

/// One lane of the timeline: its label, its events sorted by first day, and a per-day
/// cumulative count so that the number of events between any two days is found in O(1).
#[derive(Clone, Debug, Default)]
pub struct Lane {
    /// Stable key (actor id, chain, country or category).
    pub key: String,
    /// Label shown in the header.
    pub label: String,
    /// First days, sorted (parallel to `events`).
    pub days: Vec<i32>,
    /// Event indices into `case.events`, in day order.
    pub events: Vec<u32>,
    /// The longest span (last day minus first day) of any event of the lane, so that events
    /// starting before the visible window but reaching into it are found.
    pub max_span: i32,
    /// First day covered by `cumulative`.
    base: i32,
    /// `cumulative[k]` = number of events whose first day is before `base + k`; empty when the
    /// lane spans too many days (then counts use binary search).
    cumulative: Vec<u32>,
}

impl Lane {
    /// A lane from its events as `(first day, event index)` pairs, in any order.
    #[must_use]
    pub fn new(key: String, label: String, mut pairs: Vec<(i32, u32)>) -> Self {
        pairs.sort_unstable();
        let days: Vec<i32> = pairs.iter().map(|p| p.0).collect();
        let events = pairs.iter().map(|p| p.1).collect();
        let mut lane = Self {
            key,
            label,
            days,
            events,
            max_span: 0,
            base: 0,
            cumulative: Vec::new(),
        };
        lane.build_index();
        lane
    }

    fn build_index(&mut self) {
        let (Some(&first), Some(&last)) = (self.days.first(), self.days.last()) else {
            return;
        };
        let span = i64::from(last) - i64::from(first) + 1;
        if span > MAX_INDEX_DAYS {
            return;
        }
        let mut cumulative = vec![0u32; span as usize + 1];
        for &d in &self.days {
            cumulative[(d - first) as usize + 1] += 1;
        }
        for k in 1..cumulative.len() {
            cumulative[k] += cumulative[k - 1];
        }
        self.base = first;
        self.cumulative = cumulative;
    }

    /// Number of events whose first day is before `x` (a fractional day).
    #[must_use]
    pub fn count_before(&self, x: f64) -> usize {
        // Days are whole numbers: d < x exactly when d < ceil(x).
        let limit = x.ceil();
        if self.cumulative.is_empty() {
            return self.days.partition_point(|&d| f64::from(d) < limit);
        }
        let k = (limit - f64::from(self.base)).clamp(0.0, (self.cumulative.len() - 1) as f64);
        self.cumulative[k as usize] as usize
    }

    /// Whether the lane holds an event whose first day is `day` (found by binary search).
    #[must_use]
    pub fn holds(&self, event: u32, day: i32) -> bool {
        self.events[self.range(day, day)].contains(&event)
    }

    /// Index range of events whose first day lies in `[from, to]`.
    #[must_use]
    pub fn range(&self, from: i32, to: i32) -> std::ops::Range<usize> {
        let a = self.days.partition_point(|&d| d < from);
        let b = self.days.partition_point(|&d| d <= to);
        a..b.max(a)
    }

    /// Events per pixel column: `columns` buckets over `[from, to)` days. With the per-day
    /// index each bucket costs O(1), so the cost grows with the number of columns only.
    #[must_use]
    pub fn density(&self, from: f64, to: f64, columns: usize) -> Vec<u32> {
        let mut out = Vec::with_capacity(columns);
        let width = (to - from) / columns.max(1) as f64;
        let mut prev = self.count_before(from);
        for c in 0..columns {
            let next = self.count_before(from + width * (c + 1) as f64);
            out.push((next - prev) as u32);
            prev = next;
        }
        out
    }

    /// The event of this lane whose first day is nearest to `day` (where its marker is drawn),
    /// if it lies within `tolerance` days; found by binary search, so the cost does not depend
    /// on the number of events.
    #[must_use]
    pub fn nearest(&self, day: f64, tolerance: f64) -> Option<u32> {
        let lo = (day - tolerance).floor() as i32;
        let hi = (day + tolerance).ceil() as i32;
        let range = self.range(lo, hi);
        // Look at no more than a few hundred candidates around the pointer.
        let mid = self.days.partition_point(|&d| f64::from(d) < day);
        let a = range.start.max(mid.saturating_sub(256));
        let b = range.end.min(mid + 256);
        let distance = |i: usize| (f64::from(self.days[i]) - day).abs();
        (a..b)
            .filter(|&i| distance(i) <= tolerance)
            .min_by(|&i, &j| distance(i).total_cmp(&distance(j)))
            .map(|i| self.events[i])
    }
}

/// The lane an event falls in under a lane mode: `(key, label, order)`.
type LaneKey = (String, String, (u8, String));

/// A lane being built: its key, the first day seen, and its `(day, event index)` pairs.
type Pending = (LaneKey, i32, Vec<(i32, u32)>);

/// What decides an event's lane cheaply: `(actor, epoch)` for groups and sponsor chains, the
/// country, or the kind. A sponsor chain depends on which ties are valid on the event's date, and
/// that only changes at a tie's start or end: the epoch is the number of such boundaries on or
/// before the date (0 for groups). Lanes are looked up by this borrowed key, so building lanes
/// for a million events does no allocation or graph work per event.
fn cache_key<'e>(event: &'e Event, mode: LaneMode, boundaries: &[i32]) -> (&'e str, usize) {
    match mode {
        LaneMode::Group | LaneMode::Sponsor => {
            let first = event
                .perpetrators
                .first()
                .map(String::as_str)
                .or_else(|| event.claims.first().map(|c| c.actor.as_str()))
                .unwrap_or("");
            let epoch = if mode == LaneMode::Sponsor {
                let day = event.first_day();
                boundaries.partition_point(|&b| b <= day)
            } else {
                0
            };
            (first, epoch)
        }
        LaneMode::Country => (event.place.country.as_str(), 0),
        LaneMode::Category => (event.kind.category().label(), 0),
    }
}

/// The full lane key of an event (computed once per distinct [`cache_key`]).
fn lane_key(
    case: &Case,
    actor_index: &HashMap<&str, usize>,
    chains: &Chains<'_>,
    event: &Event,
    mode: LaneMode,
) -> LaneKey {
    match mode {
        LaneMode::Group | LaneMode::Sponsor => {
            let Some(p) = event.candidates().first().copied() else {
                return (
                    "-".to_owned(),
                    "Not assessed".to_owned(),
                    (9, String::new()),
                );
            };
            if mode == LaneMode::Sponsor {
                return sponsor_chain_key(chains, case, event, p);
            }
            // Groups whose chain leads to the case's default state first (under it, by layer:
            // organs, then proxies, then fronts), then other states' lanes, then the rest.
            let layer =
                crate::graph::layout::layer_of(case, actor_index.get(p).copied().unwrap_or(0))
                    as u8;
            let chain = sponsor_chain_key(chains, case, event, p).0;
            let sponsor = chain.split('>').next().unwrap_or_default().to_owned();
            let group = if chain.starts_with("none>") {
                2
            } else {
                u8::from(case.default_state.as_deref() != Some(sponsor.as_str()))
            };
            (
                p.to_owned(),
                case.actor_name(p).to_owned(),
                (group * 10 + layer, sponsor),
            )
        }
        LaneMode::Country => (
            event.place.country.clone(),
            event.place.country.clone(),
            (0, String::new()),
        ),
        LaneMode::Category => {
            let c = event.kind.category();
            (
                c.label().to_owned(),
                c.label().to_owned(),
                (c as u8, String::new()),
            )
        }
    }
}

/// What the sponsor-chain lanes are worked out with, once per arrangement (a finder per event
/// searched the whole network per event: seconds for 100,000 actors).
struct Chains<'a> {
    finder: crate::graph::ChainFinder<'a>,
    states: Vec<&'a str>,
}

/// The sponsor-chain lane of an event's first perpetrator: the names along the chain of ties
/// valid on the event's date from the first state that reaches it.
fn sponsor_chain_key(
    chains: &Chains<'_>,
    case: &Case,
    event: &Event,
    perpetrator: &str,
) -> LaneKey {
    for &state in &chains.states {
        let Some(chain) = chains
            .finder
            .chain_to(event.first_day(), state, perpetrator)
        else {
            continue;
        };
        let mut ids: Vec<&str> = vec![state];
        ids.extend(chain.iter().map(|l| l.lower.as_str()));
        let names: Vec<&str> = ids.iter().map(|id| case.actor_name(id)).collect();
        return (ids.join(">"), names.join(" > "), (0, ids.join(">")));
    }
    (
        format!("none>{perpetrator}"),
        format!("No sponsor chain > {}", case.actor_name(perpetrator)),
        (1, perpetrator.to_owned()),
    )
}

/// Lanes of the events that pass a filter, in a sensible order: by sponsor and layer for groups
/// (group lanes under their sponsor), then by first event.
#[must_use]
pub fn lanes(case: &Case, filter: &Filter, mode: LaneMode) -> Vec<Lane> {
    let actor_index = case.actor_indices();
    let chains = Chains {
        finder: crate::graph::ChainFinder::new(case),
        states: crate::graph::candidate_states(case),
    };
    // Days on which some tie becomes valid or stops being valid.
    let mut boundaries: Vec<i32> = case
        .ties
        .iter()
        .flat_map(|t| {
            [
                t.start.map(|d| d.first_day()),
                t.end.map(|d| d.last_day() + 1),
            ]
        })
        .flatten()
        .collect();
    boundaries.sort_unstable();
    boundaries.dedup();
    // Lane slot per cheap key, and per full key (two cheap keys may share a lane).
    let mut by_cheap: HashMap<(&str, usize), usize> = HashMap::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // Per lane: its key, first day seen, and (day, event) pairs.
    let mut pending: Vec<Pending> = Vec::new();
    let matcher = filter.matcher(case);
    for (i, event) in case.events.iter().enumerate() {
        if !matcher.matches(event) {
            continue;
        }
        let day = event.first_day();
        let cheap = cache_key(event, mode, &boundaries);
        let slot = if let Some(&s) = by_cheap.get(&cheap) {
            s
        } else {
            let key = lane_key(case, &actor_index, &chains, event, mode);
            let s = if let Some(&s) = by_key.get(&key.0) {
                s
            } else {
                by_key.insert(key.0.clone(), pending.len());
                pending.push((key, day, Vec::new()));
                pending.len() - 1
            };
            by_cheap.insert(cheap, s);
            s
        };
        let lane = &mut pending[slot];
        lane.1 = lane.1.min(day);
        lane.2.push((day, i as u32));
    }
    pending.sort_by(|a, b| (&a.0.2, a.1).cmp(&(&b.0.2, b.1)));
    pending
        .into_iter()
        .map(|((key, label, _), _, pairs)| {
            let mut lane = Lane::new(key, label, pairs);
            lane.max_span = lane
                .events
                .iter()
                .filter_map(|&e| case.events.get(e as usize))
                .map(|e| e.last_day() - e.first_day())
                .max()
                .unwrap_or(0);
            lane
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_counts_every_event_once() {
        let lane = Lane::new(
            "k".into(),
            "K".into(),
            [10, 1, 0, 5, 9, 1].iter().map(|&d| (d, d as u32)).collect(),
        );
        assert_eq!(lane.days, vec![0, 1, 1, 5, 9, 10]);
        let d = lane.density(0.0, 10.0, 5);
        assert_eq!(d, vec![3, 0, 1, 0, 1]);
        assert_eq!(lane.range(1, 9), 1..5);
        assert_eq!(lane.density(0.0, 11.0, 1), vec![6]);
        // Windows wider than the lane and fractional edges.
        assert_eq!(lane.density(-100.0, 100.0, 2), vec![0, 6]);
        assert_eq!(lane.density(0.5, 1.5, 1), vec![2]);
        assert_eq!(lane.density(-0.5, 0.5, 1), vec![1]);
    }

    #[test]
    fn index_agrees_with_binary_search() {
        // A lane too long for the per-day index uses binary search; both must count alike.
        let near: Vec<(i32, u32)> = (0..500).map(|i| ((i * 37) % 900, i as u32)).collect();
        let mut far = near.clone();
        far.push((-300_000, 999));
        let (a, b) = (
            Lane::new(String::new(), String::new(), near),
            Lane::new(String::new(), String::new(), far),
        );
        assert!(b.cumulative.is_empty() && !a.cumulative.is_empty());
        for (from, to, cols) in [(0.0, 900.0, 90), (13.3, 400.7, 77), (-50.0, 1000.0, 1000)] {
            assert_eq!(
                a.density(from, to, cols),
                b.density(from, to, cols),
                "{from}..{to}"
            );
        }
        assert_eq!(a.density(0.0, 900.0, 9).iter().sum::<u32>(), 500);
    }

    #[test]
    fn nearest_finds_the_closest_event() {
        let lane = Lane::new(
            String::new(),
            String::new(),
            vec![(10, 1), (20, 2), (40, 3)],
        );
        assert_eq!(lane.nearest(19.0, 3.0), Some(2));
        assert_eq!(lane.nearest(30.0, 3.0), None);
        assert_eq!(lane.nearest(38.5, 5.0), Some(3));
        // Within the whole-day window but beyond the tolerance: nothing.
        assert_eq!(lane.nearest(20.6, 0.5), None);
        assert_eq!(lane.nearest(20.4, 0.5), Some(2));
        assert!(lane.holds(2, 20) && !lane.holds(2, 21) && !lane.holds(9, 20));
    }

    #[test]
    fn lanes_by_sponsor_chain_name_the_chain() {
        let case = crate::model::load::load_text("built-in", crate::model::DEFAULT_CASE_RON)
            .expect("built-in case")
            .case;
        let lanes = lanes(&case, &Filter::default(), LaneMode::Sponsor);
        assert!(
            lanes
                .iter()
                .any(|l| l.label.starts_with("Iran > ") && l.label.ends_with("Kata'ib Hezbollah")),
            "{:?}",
            lanes.iter().map(|l| &l.label).collect::<Vec<_>>()
        );
        let total: usize = lanes.iter().map(|l| l.events.len()).sum();
        assert_eq!(total, case.events.len());
    }

    #[test]
    fn search_finds_events_by_an_alias_of_their_group() {
        let case = crate::model::load::load_text("built-in", crate::model::DEFAULT_CASE_RON)
            .expect("built-in case")
            .case;
        let filter = Filter {
            search: "  hizballah BRIGADES ".into(),
            ..Filter::default()
        };
        let found: Vec<&str> = case
            .events
            .iter()
            .filter(|e| filter.matches(&case, e))
            .map(|e| e.id.as_str())
            .collect();
        let by_kh = case.events.iter().filter(|e| e.involves("kh")).count();
        assert!(by_kh > 0 && found.len() >= by_kh, "{found:?}");
    }

    #[test]
    fn country_filter_keeps_only_that_country() {
        let case = crate::model::load::load_text("built-in", crate::model::DEFAULT_CASE_RON)
            .expect("built-in case")
            .case;
        let filter = Filter {
            country: Some("Kuwait".into()),
            ..Filter::default()
        };
        let lanes = lanes(&case, &filter, LaneMode::Country);
        assert_eq!(lanes.len(), 1);
        assert_eq!(lanes[0].label, "Kuwait");
    }
}
