//! ACLED's standard export: one event per `event_id_cnty`. `event_date` reads in every
//! spelling in circulation (`2020-02-29`, `29-Feb-20`, `29 February 2020`); `time_precision` 2
//! (within a week) makes the date approximate and 3 (within a month) a month date. A blank
//! `fatalities` is unknown; 0 is ACLED's own figure.
//!
//! How sides are read: ACLED lists the actors of an event without direction, so proxyline
//! names a perpetrator only for one-sided kinds of violence — *Explosions/Remote violence* and
//! *Violence against civilians* — where it reads `actor1` as the acting side and
//! `assoc_actor_1` as groups associated with it (weighed lower). ACLED's older layout
//! (upper-case columns, `ALLY_ACTOR_1`, "Remote violence", "Battle-No change of territory")
//! reads the same way. *Battles* name both sides in
//! the summary and no perpetrator. *Protests*, *Riots* and *Strategic developments* are not
//! attacks and are skipped, counted as such. Actors ACLED leaves unidentified ("Unidentified
//! Armed Group (Iraq)") name nobody. Pure Rust.

use super::build::{Basis, Dataset};
use super::table::{Header, Row};
use super::values::{self, DateOrder};
use super::{Incident, Named, RowError, RowOutcome, Shape};
use crate::model::{EventKind, Place};

/// The columns without which a file is not a usable ACLED export.
pub const REQUIRED: [&str; 5] = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "actor1",
    "country",
];

/// Column indices of an ACLED header.
#[derive(Debug)]
pub struct Acled {
    dataset: Dataset,
    id: usize,
    date: usize,
    event_type: usize,
    actor1: usize,
    country: usize,
    precision: Option<usize>,
    sub_type: Option<usize>,
    assoc1: Option<usize>,
    actor2: Option<usize>,
    assoc2: Option<usize>,
    location: Option<usize>,
    admin1: Option<usize>,
    latitude: Option<usize>,
    longitude: Option<usize>,
    fatalities: Option<usize>,
    source: Option<usize>,
    notes: Option<usize>,
}

impl Acled {
    /// The reader for a header, or which required column is missing.
    pub fn new(h: &Header) -> Result<Self, String> {
        if let Some(missing) = h.first_missing(&REQUIRED) {
            return Err(format!(
                "the ACLED header lacks the column \"{missing}\" (needed: {}); is this a standard ACLED export?",
                REQUIRED.join(", ")
            ));
        }
        let req = |n: &str| h.get(n).unwrap_or_default();
        Ok(Self {
            dataset: Dataset {
                key: "acled".to_owned(),
                name: "ACLED".to_owned(),
                publisher: Some("Armed Conflict Location & Event Data Project".to_owned()),
                id_label: "event".to_owned(),
                grade_override: None,
            },
            id: req("event_id_cnty"),
            date: req("event_date"),
            event_type: req("event_type"),
            actor1: req("actor1"),
            country: req("country"),
            precision: h.get("time_precision"),
            sub_type: h.get("sub_event_type"),
            assoc1: h.get("assoc_actor_1").or_else(|| h.get("ally_actor_1")),
            actor2: h.get("actor2"),
            assoc2: h.get("assoc_actor_2").or_else(|| h.get("ally_actor_2")),
            location: h.get("location"),
            admin1: h.get("admin1"),
            latitude: h.get("latitude"),
            longitude: h.get("longitude"),
            fatalities: h.get("fatalities"),
            source: h.get("source"),
            notes: h.get("notes"),
        })
    }
}

/// The event kind of an ACLED sub-event type.
fn kind_of(sub: &str) -> EventKind {
    match sub.to_ascii_lowercase().as_str() {
        "shelling/artillery/missile attack" => EventKind::RocketAttack,
        "air/drone strike" => EventKind::DroneAttack,
        "suicide bomb" => EventKind::SuicideBombing,
        "remote explosive/landmine/ied" | "grenade" => EventKind::Bombing,
        "abduction/forced disappearance" => EventKind::Kidnapping,
        "armed clash" => EventKind::Shooting,
        "government regains territory" | "non-state actor overtakes territory" => EventKind::Raid,
        _ => EventKind::OtherAttack,
    }
}

/// Whether an ACLED actor names nobody in particular.
fn is_unidentified(name: &str) -> bool {
    let n = name.trim();
    n.is_empty() || n.to_ascii_lowercase().starts_with("unidentified")
}

/// The names of a `;`-separated actor list.
fn names(list: &str) -> impl Iterator<Item = &str> {
    list.split(';')
        .map(str::trim)
        .filter(|n| !is_unidentified(n))
}

impl Shape for Acled {
    fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    fn read(&self, row: &Row) -> Result<RowOutcome, RowError> {
        let f = |i: usize| row.get(i);
        let opt = |i: Option<usize>| row.opt(i);
        let at = |i: usize| move |reason: String| RowError::field(i, reason);
        let id = f(self.id);
        if id.is_empty() {
            return Err(RowError::field(
                self.id,
                "event_id_cnty is blank".to_owned(),
            ));
        }
        let event_type = f(self.event_type);
        let one_sided = match event_type.to_ascii_lowercase().as_str() {
            // The current event types, and those of ACLED's older layout.
            "explosions/remote violence" | "violence against civilians" | "remote violence" => true,
            "battles"
            | "battle-no change of territory"
            | "battle-government regains territory"
            | "battle-non-state actor overtakes territory" => false,
            "" => {
                return Err(RowError::field(
                    self.event_type,
                    "event_type is blank".to_owned(),
                ));
            }
            _ => {
                return Ok(RowOutcome::OutOfScope(format!(
                    "{event_type}: not an attack, left out"
                )));
            }
        };
        let mut date = values::date(f(self.date), DateOrder::Ymd).map_err(at(self.date))?;
        let precision = self
            .precision
            .map(|i| values::int(f(i)).map_err(at(i)))
            .transpose()?
            .flatten()
            .unwrap_or(1);
        if precision >= 3 {
            date.day = None;
        }
        let sub = opt(self.sub_type);
        let actor1 = f(self.actor1);
        let actor2 = opt(self.actor2);
        let mut perpetrators = Vec::new();
        if one_sided {
            perpetrators.extend(names(actor1).map(|n| Named {
                name: n.to_owned(),
                basis: Basis::Attributed,
            }));
            perpetrators.extend(names(opt(self.assoc1)).map(|n| Named {
                name: n.to_owned(),
                basis: Basis::Suspected,
            }));
        }
        let location = opt(self.location);
        let admin1 = opt(self.admin1);
        let country = f(self.country);
        let place_name = if location.is_empty() {
            admin1
        } else {
            location
        };
        let place_name = if place_name.is_empty() {
            country
        } else {
            place_name
        };
        let mut summary = opt(self.notes).to_owned();
        let sides = if one_sided {
            String::new()
        } else {
            let side = |a: &str, assoc: &str| {
                let mut s = a.to_owned();
                if !assoc.is_empty() {
                    s.push_str(" (with ");
                    s.push_str(assoc);
                    s.push(')');
                }
                s
            };
            format!(
                "ACLED lists the sides as {} and {}; it gives no direction, so proxyline names no perpetrator.",
                side(actor1, opt(self.assoc1)),
                side(
                    if actor2.is_empty() {
                        "an unnamed side"
                    } else {
                        actor2
                    },
                    opt(self.assoc2)
                )
            )
        };
        if !sides.is_empty() {
            if !summary.is_empty() {
                summary.push(' ');
            }
            summary.push_str(&sides);
        }
        let cited = opt(self.source)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                format!("{s} (named by ACLED as its source; the report itself is not identified)")
            })
            .collect();
        let kind_label = if sub.is_empty() { event_type } else { sub };
        Ok(RowOutcome::Incident(Box::new(Incident {
            id: id.to_owned(),
            date: Some(date),
            date_end: None,
            approximate: precision >= 2,
            kind: Some(kind_of(sub)),
            title: format!("{kind_label} in {place_name}, {country}"),
            place: Place {
                name: place_name.to_owned(),
                country: country.to_owned(),
                lat: row.coordinate(self.latitude, 90.0)?,
                lon: row.coordinate(self.longitude, 180.0)?,
            },
            killed: row.count(self.fatalities)?,
            wounded: None,
            targets: if one_sided && !actor2.is_empty() {
                vec![actor2.to_owned()]
            } else {
                Vec::new()
            },
            perpetrators,
            claims: Vec::new(),
            summary,
            cited,
            collection: None,
        })))
    }
}
