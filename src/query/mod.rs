//! Queries over a case for the views: filters, lanes, a per-lane time index and per-pixel density.
//! Pure Rust; no egui. The time index keeps each lane's event days sorted, so the events in a
//! time window, and the count per pixel column, are found by binary search — the cost of a frame
//! depends on the number of pixels, not the number of events.

use std::collections::HashMap;

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
}

impl LaneMode {
    /// All modes.
    pub const ALL: [Self; 3] = [Self::Group, Self::Country, Self::Category];

    /// A label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Group => "perpetrator",
            Self::Country => "country",
            Self::Category => "kind",
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
    /// Only events in this day window, when set (a brushed range).
    pub window: Option<(i32, i32)>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            search: String::new(),
            categories: [true; 3],
            min_deaths: 0,
            actor: None,
            window: None,
        }
    }
}

impl Filter {
    /// Whether an event passes the filter.
    #[must_use]
    pub fn matches(&self, case: &Case, event: &Event) -> bool {
        let cat = EventCategory::ALL
            .iter()
            .position(|c| *c == event.kind.category())
            .unwrap_or(0);
        if !self.categories[cat] || event.deaths() < self.min_deaths {
            return false;
        }
        if let Some(actor) = &self.actor
            && !event.perpetrators.contains(actor)
            && !event.claims.iter().any(|c| &c.actor == actor)
        {
            return false;
        }
        if let Some((a, b)) = self.window
            && (event.last_day() < a || event.first_day() > b)
        {
            return false;
        }
        let needle = self.search.trim().to_lowercase();
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
        hay.iter().any(|h| h.to_lowercase().contains(&needle))
            || event
                .perpetrators
                .iter()
                .chain(event.claims.iter().map(|c| &c.actor))
                .any(|a| {
                    case.actor(a).is_some_and(|a| {
                        a.name.to_lowercase().contains(&needle)
                            || a.aliases.iter().any(|x| x.to_lowercase().contains(&needle))
                    })
                })
    }
}

/// One lane of the timeline: its label and its events sorted by first day.
#[derive(Clone, Debug, Default)]
pub struct Lane {
    /// Stable key (actor id, country or category).
    pub key: String,
    /// Label shown in the header.
    pub label: String,
    /// First days, sorted (parallel to `events`).
    pub days: Vec<i32>,
    /// Event indices into `case.events`, in day order.
    pub events: Vec<u32>,
}

impl Lane {
    /// Index range of events whose first day lies in `[from, to]`.
    #[must_use]
    pub fn range(&self, from: i32, to: i32) -> std::ops::Range<usize> {
        let a = self.days.partition_point(|&d| d < from);
        let b = self.days.partition_point(|&d| d <= to);
        a..b.max(a)
    }

    /// Events per pixel column: `columns` buckets over `[from, to)` days, counted by binary
    /// search at each bucket boundary (cost grows with columns × log(events), not events).
    #[must_use]
    pub fn density(&self, from: f64, to: f64, columns: usize) -> Vec<u32> {
        let mut out = Vec::with_capacity(columns);
        let width = (to - from) / columns.max(1) as f64;
        let mut prev = self.days.partition_point(|&d| f64::from(d) < from);
        for c in 0..columns {
            let edge = from + width * (c + 1) as f64;
            let next = self.days.partition_point(|&d| f64::from(d) < edge);
            out.push((next - prev) as u32);
            prev = next;
        }
        out
    }
}

/// Lanes of the events that pass a filter.
#[must_use]
pub fn lanes(case: &Case, filter: &Filter, mode: LaneMode) -> Vec<Lane> {
    let mut by_key: HashMap<String, Lane> = HashMap::new();
    let mut order: Vec<(String, (u8, String, i32))> = Vec::new();
    let actor_index = case.actor_indices();
    for (i, event) in case.events.iter().enumerate() {
        if !filter.matches(case, event) {
            continue;
        }
        let (key, label, rank) = match mode {
            LaneMode::Group => match event.candidates().first().copied() {
                Some(p) => {
                    let sponsor = case.parent_chain(p).last().copied().unwrap_or(p);
                    let rank = crate::graph::layout::layer_of(
                        case,
                        actor_index.get(p).copied().unwrap_or(0),
                    ) as u8;
                    (
                        p.to_owned(),
                        case.actor_name(p).to_owned(),
                        (rank, sponsor.to_owned()),
                    )
                }
                None => (
                    "-".to_owned(),
                    "Not assessed".to_owned(),
                    (9, String::new()),
                ),
            },
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
        };
        let lane = by_key.entry(key.clone()).or_insert_with(|| {
            order.push((key.clone(), (rank.0, rank.1.clone(), event.first_day())));
            Lane {
                key,
                label,
                ..Lane::default()
            }
        });
        lane.days.push(event.first_day());
        lane.events.push(i as u32);
    }
    order.sort_by(|a, b| a.1.cmp(&b.1));
    order
        .into_iter()
        .filter_map(|(k, _)| by_key.remove(&k))
        .map(|mut lane| {
            let mut pairs: Vec<(i32, u32)> = lane
                .days
                .iter()
                .copied()
                .zip(lane.events.iter().copied())
                .collect();
            pairs.sort_unstable();
            lane.days = pairs.iter().map(|p| p.0).collect();
            lane.events = pairs.iter().map(|p| p.1).collect();
            lane
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_counts_every_event_once() {
        let lane = Lane {
            days: vec![0, 1, 1, 5, 9, 10],
            events: vec![0; 6],
            ..Lane::default()
        };
        let d = lane.density(0.0, 10.0, 5);
        assert_eq!(d, vec![3, 0, 1, 0, 1]);
        assert_eq!(lane.range(1, 9), 1..5);
        assert_eq!(lane.density(0.0, 11.0, 1), vec![6]);
    }
}
