//! The Global Terrorism Database's official release (START, University of Maryland): one event
//! per `eventid`. Dates come from `iyear`/`imonth`/`iday`, where 0 means unknown, so a date is
//! year- or month-precision rather than an invented 1st; `approxdate` marks it approximate and
//! `extended`/`resolution` give an end date. `gname`, `gname2`, `gname3` are the perpetrators,
//! `guncertain1..3` = 1 marks an attribution as suspected; `claimed`/`claim2`/`claim3` with
//! their `claimmode*_txt` are claims, `compclaim` = 1 competing claims; a blank `nkill` or
//! `nwound` is unknown, never 0; `scite1..3` and `dbsource` are cited; `doubtterr` and
//! `alternative_txt` are kept in the summary. Pure Rust.

use super::build::{Basis, Dataset};
use super::table::{Header, Row};
use super::values::{self, DateOrder};
use super::{ClaimRow, Incident, Named, RowError, RowOutcome, Shape};
use crate::model::{EventKind, Place};

/// The columns without which a file is not a usable GTD export.
pub const REQUIRED: [&str; 6] = ["eventid", "iyear", "imonth", "iday", "country_txt", "gname"];

/// Column indices of a GTD header.
#[derive(Debug)]
pub struct Gtd {
    dataset: Dataset,
    col: Cols,
}

#[derive(Debug, Default)]
struct Cols {
    eventid: usize,
    iyear: usize,
    imonth: usize,
    iday: usize,
    country: usize,
    gname: [Option<usize>; 3],
    guncertain: [Option<usize>; 3],
    claimed: [Option<usize>; 3],
    claimmode: [Option<usize>; 3],
    compclaim: Option<usize>,
    approxdate: Option<usize>,
    extended: Option<usize>,
    resolution: Option<usize>,
    provstate: Option<usize>,
    city: Option<usize>,
    latitude: Option<usize>,
    longitude: Option<usize>,
    summary: Option<usize>,
    doubtterr: Option<usize>,
    alternative: Option<usize>,
    attacktype: Option<usize>,
    attacktype_code: Option<usize>,
    suicide: Option<usize>,
    weapsubtype: Option<usize>,
    targets: [Option<usize>; 3],
    nkill: Option<usize>,
    nwound: Option<usize>,
    scite: [Option<usize>; 3],
    dbsource: Option<usize>,
}

impl Gtd {
    /// The reader for a header, or which required column is missing.
    pub fn new(h: &Header) -> Result<Self, String> {
        if let Some(missing) = h.first_missing(&REQUIRED) {
            return Err(format!(
                "the GTD header lacks the column \"{missing}\" (needed: {}); is this the official release?",
                REQUIRED.join(", ")
            ));
        }
        let req = |n: &str| h.get(n).unwrap_or_default();
        let col = Cols {
            eventid: req("eventid"),
            iyear: req("iyear"),
            imonth: req("imonth"),
            iday: req("iday"),
            country: req("country_txt"),
            gname: [h.get("gname"), h.get("gname2"), h.get("gname3")],
            guncertain: [
                h.get("guncertain1"),
                h.get("guncertain2"),
                h.get("guncertain3"),
            ],
            claimed: [h.get("claimed"), h.get("claim2"), h.get("claim3")],
            claimmode: [
                h.get("claimmode_txt"),
                h.get("claimmode2_txt"),
                h.get("claimmode3_txt"),
            ],
            compclaim: h.get("compclaim"),
            approxdate: h.get("approxdate"),
            extended: h.get("extended"),
            resolution: h.get("resolution"),
            provstate: h.get("provstate"),
            city: h.get("city"),
            latitude: h.get("latitude"),
            longitude: h.get("longitude"),
            summary: h.get("summary"),
            doubtterr: h.get("doubtterr"),
            alternative: h.get("alternative_txt"),
            attacktype: h.get("attacktype1_txt"),
            attacktype_code: h.get("attacktype1"),
            suicide: h.get("suicide"),
            weapsubtype: h.get("weapsubtype1_txt"),
            targets: [h.get("target1"), h.get("target2"), h.get("target3")],
            nkill: h.get("nkill"),
            nwound: h.get("nwound"),
            scite: [h.get("scite1"), h.get("scite2"), h.get("scite3")],
            dbsource: h.get("dbsource"),
        };
        Ok(Self {
            dataset: Dataset {
                key: "gtd".to_owned(),
                name: "Global Terrorism Database".to_owned(),
                publisher: Some("START, University of Maryland".to_owned()),
                id_label: "eventid".to_owned(),
                grade_override: None,
            },
            col,
        })
    }
}

/// GTD's `attacktype1` codes, for files without the `_txt` columns.
const ATTACK_TYPES: [&str; 9] = [
    "Assassination",
    "Armed Assault",
    "Bombing/Explosion",
    "Hijacking",
    "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack",
    "Unarmed Assault",
    "Unknown",
];

/// The event kind of a GTD attack type (`suicide` and a projectile weapon refine bombings).
fn kind_of(attack: &str, suicide: bool, weapon: &str) -> EventKind {
    match attack {
        "Assassination" => EventKind::Assassination,
        "Armed Assault" => EventKind::Shooting,
        "Bombing/Explosion" if suicide => EventKind::SuicideBombing,
        "Bombing/Explosion" if weapon.starts_with("Projectile") => EventKind::RocketAttack,
        "Bombing/Explosion" => EventKind::Bombing,
        "Hijacking" => EventKind::Hijacking,
        "Hostage Taking (Barricade Incident)" => EventKind::Siege,
        "Hostage Taking (Kidnapping)" => EventKind::Kidnapping,
        _ => EventKind::OtherAttack,
    }
}

/// Whether a GTD group name names nobody ("Unknown").
fn is_unknown(name: &str) -> bool {
    let n = name.trim();
    n.is_empty() || n.eq_ignore_ascii_case("unknown")
}

impl Shape for Gtd {
    fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    fn read(&self, row: &Row) -> Result<RowOutcome, RowError> {
        let c = &self.col;
        let f = |i: usize| row.get(i);
        let opt = |i: Option<usize>| row.opt(i);
        let at = |i: usize| move |reason: String| RowError::field(i, reason);
        let id = f(c.eventid);
        if id.is_empty() {
            return Err(RowError::field(c.eventid, "eventid is blank".to_owned()));
        }
        let year = values::int(f(c.iyear))
            .map_err(at(c.iyear))?
            .ok_or_else(|| RowError::field(c.iyear, "iyear is blank".to_owned()))?;
        let month = values::int(f(c.imonth)).map_err(at(c.imonth))?.unwrap_or(0);
        let day = values::int(f(c.iday)).map_err(at(c.iday))?.unwrap_or(0);
        if !(0..=12).contains(&month) {
            return Err(RowError::field(
                c.imonth,
                format!("{month} is not a month (1 to 12, or 0 for unknown)"),
            ));
        }
        let blame = if (1..=9999).contains(&year) {
            c.iday
        } else {
            c.iyear
        };
        let date = values::date_from_parts(year, month, day).map_err(at(blame))?;
        let approxdate = opt(c.approxdate);
        let mut notes: Vec<String> = Vec::new();
        if !approxdate.is_empty() {
            notes.push(format!(
                "GTD gives the date as approximate: \"{approxdate}\"."
            ));
        }
        let extended = row.flag(c.extended)?;
        let mut date_end = None;
        if extended {
            let resolution = opt(c.resolution);
            match values::date(resolution, DateOrder::Mdy) {
                Ok(end) if end.last_day() >= date.first_day() => date_end = Some(end),
                _ if resolution.is_empty() => {
                    notes.push(
                        "GTD marks the incident as lasting more than a day; no end date is given."
                            .to_owned(),
                    );
                }
                _ => notes.push(format!(
                    "GTD marks the incident as lasting more than a day, ending \"{resolution}\"."
                )),
            }
        }
        let competing = row.flag(c.compclaim)?;
        let mut perpetrators = Vec::new();
        let mut claims = Vec::new();
        for k in 0..3 {
            let name = opt(c.gname[k]);
            if is_unknown(name) {
                continue;
            }
            let suspected = row.flag(c.guncertain[k])?;
            let claimed = row.flag(c.claimed[k])?;
            let basis = match (suspected, claimed) {
                (false, true) => Basis::AttributedClaimed,
                (false, false) => Basis::Attributed,
                (true, true) => Basis::SuspectedClaimed,
                (true, false) => Basis::Suspected,
            };
            perpetrators.push(Named {
                name: name.to_owned(),
                basis,
            });
            if claimed {
                let mode = opt(c.claimmode[k]);
                claims.push(ClaimRow {
                    name: name.to_owned(),
                    mode: (!is_unknown(mode))
                        .then(|| format!("claimed by {}", mode.to_lowercase())),
                    competing,
                });
            }
        }
        if row.flag(c.doubtterr)? {
            let alt = opt(c.alternative);
            notes.push(if alt.is_empty() {
                "GTD doubts that this incident is terrorism (doubtterr = 1).".to_owned()
            } else {
                format!("GTD doubts that this incident is terrorism (doubtterr = 1); alternative: {alt}.")
            });
        }
        let attack = match opt(c.attacktype) {
            "" => c
                .attacktype_code
                .and_then(|i| values::int(f(i)).ok().flatten())
                .and_then(|n| usize::try_from(n).ok())
                .and_then(|n| ATTACK_TYPES.get(n.wrapping_sub(1)))
                .copied()
                .unwrap_or("Unknown"),
            t => t,
        };
        let kind = kind_of(attack, row.flag(c.suicide)?, opt(c.weapsubtype));
        let city = opt(c.city);
        let province = opt(c.provstate);
        let country = f(c.country);
        let place_name = if city.is_empty() || city.eq_ignore_ascii_case("unknown") {
            if province.is_empty() || province.eq_ignore_ascii_case("unknown") {
                country
            } else {
                province
            }
        } else {
            city
        };
        let place = Place {
            name: place_name.to_owned(),
            country: country.to_owned(),
            lat: row.coordinate(c.latitude, 90.0)?,
            lon: row.coordinate(c.longitude, 180.0)?,
        };
        let mut summary = opt(c.summary).to_owned();
        for n in notes {
            if !summary.is_empty() {
                summary.push(' ');
            }
            summary.push_str(&n);
        }
        let cited: Vec<String> = c
            .scite
            .iter()
            .map(|i| opt(*i))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let db = opt(c.dbsource);
        Ok(RowOutcome::Incident(Box::new(Incident {
            id: id.to_owned(),
            date: Some(date),
            date_end,
            approximate: !approxdate.is_empty(),
            kind: Some(kind),
            title: format!("{attack} in {place_name}, {country}"),
            place,
            killed: row.count(c.nkill)?,
            wounded: row.count(c.nwound)?,
            targets: c
                .targets
                .iter()
                .map(|i| opt(*i))
                .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("unknown"))
                .map(str::to_owned)
                .collect(),
            perpetrators,
            claims,
            summary,
            cited,
            collection: (!db.is_empty()).then(|| db.to_owned()),
        })))
    }
}
