//! Any CSV, read through a column mapping written as a small RON file: which column holds the
//! date, the title, the place, the perpetrators… for the spreadsheets people keep by hand. See
//! `docs/import.md` for an example. Pure Rust.

use serde::Deserialize;

use super::build::{Basis, Dataset};
use super::table::{Header, Row};
use super::values::{self, DateOrder};
use super::{ClaimRow, Incident, Named, RowError, RowOutcome, Shape};
use crate::model::{EventKind, Grade, Place};

/// Which column holds what (column names as in the header, case-insensitive).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The dataset's name, used in citations ("Analyst's rocket log").
    pub dataset: String,
    /// Prefix of event ids (default "csv"): ids are `<prefix>-<id>`.
    #[serde(default)]
    pub id_prefix: Option<String>,
    /// The column of a stable row id. Without one, the line number is the id, so editing the
    /// file above a row changes its id: give an id column to import a file more than once.
    #[serde(default)]
    pub id: Option<String>,
    /// The date column.
    pub date: String,
    /// How numeric dates are written (default `Ymd`; `Dmy` for 29/02/2020, `Mdy` for
    /// 02/29/2020).
    #[serde(default)]
    pub date_order: DateOrder,
    /// A column that, when non-blank, marks the date approximate.
    #[serde(default)]
    pub approximate: Option<String>,
    /// The title column (default: "<kind> in <place>").
    #[serde(default)]
    pub title: Option<String>,
    /// The place column.
    #[serde(default)]
    pub place: Option<String>,
    /// The country column.
    #[serde(default)]
    pub country: Option<String>,
    /// Latitude in degrees.
    #[serde(default)]
    pub latitude: Option<String>,
    /// Longitude in degrees.
    #[serde(default)]
    pub longitude: Option<String>,
    /// The kind column: a proxyline kind ("rocket attack", `RocketAttack`, "bombing", …).
    #[serde(default)]
    pub kind: Option<String>,
    /// The perpetrators column (several names split by `separator`).
    #[serde(default)]
    pub perpetrator: Option<String>,
    /// A column that, when non-blank, marks the perpetrators as suspected.
    #[serde(default)]
    pub suspected: Option<String>,
    /// The claimants column.
    #[serde(default)]
    pub claimed_by: Option<String>,
    /// People killed (blank is unknown).
    #[serde(default)]
    pub killed: Option<String>,
    /// People wounded (blank is unknown).
    #[serde(default)]
    pub wounded: Option<String>,
    /// What happened.
    #[serde(default)]
    pub summary: Option<String>,
    /// The source column (a citation or an address).
    #[serde(default)]
    pub source: Option<String>,
    /// Splits several names in one cell (default ";").
    #[serde(default)]
    pub separator: Option<String>,
    /// The grade of this file's attributions (default C3: fairly reliable, possibly true).
    #[serde(default)]
    pub grade: Option<String>,
}

impl Mapping {
    /// Reads a mapping from RON text, saying line and column on failure.
    pub fn parse(text: &str) -> Result<Self, String> {
        let m: Self = ron::from_str(text)
            .map_err(|e| format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code))?;
        if let Some(g) = &m.grade {
            Grade::parse(g).map_err(|e| format!("grade \"{g}\": {e}"))?;
        }
        Ok(m)
    }
}

/// A CSV read through a [`Mapping`].
#[derive(Debug)]
pub struct Mapped {
    dataset: Dataset,
    mapping: Mapping,
    cols: Cols,
}

#[derive(Debug, Default)]
struct Cols {
    id: Option<usize>,
    date: usize,
    approximate: Option<usize>,
    title: Option<usize>,
    place: Option<usize>,
    country: Option<usize>,
    latitude: Option<usize>,
    longitude: Option<usize>,
    kind: Option<usize>,
    perpetrator: Option<usize>,
    suspected: Option<usize>,
    claimed_by: Option<usize>,
    killed: Option<usize>,
    wounded: Option<usize>,
    summary: Option<usize>,
    source: Option<usize>,
}

impl Mapped {
    /// The reader for a header: every column the mapping names must be there.
    pub fn new(h: &Header, m: &Mapping, file: &str) -> Result<Self, String> {
        let find = |name: &Option<String>| -> Result<Option<usize>, String> {
            name.as_ref()
                .map(|n| {
                    h.get(n).ok_or_else(|| {
                        format!(
                            "the mapping names the column \"{n}\", which {file} lacks (its columns: {})",
                            h.names.join(", ")
                        )
                    })
                })
                .transpose()
        };
        let cols = Cols {
            id: find(&m.id)?,
            date: find(&Some(m.date.clone()))?.unwrap_or_default(),
            approximate: find(&m.approximate)?,
            title: find(&m.title)?,
            place: find(&m.place)?,
            country: find(&m.country)?,
            latitude: find(&m.latitude)?,
            longitude: find(&m.longitude)?,
            kind: find(&m.kind)?,
            perpetrator: find(&m.perpetrator)?,
            suspected: find(&m.suspected)?,
            claimed_by: find(&m.claimed_by)?,
            killed: find(&m.killed)?,
            wounded: find(&m.wounded)?,
            summary: find(&m.summary)?,
            source: find(&m.source)?,
        };
        Ok(Self {
            dataset: Dataset {
                key: m.id_prefix.clone().unwrap_or_else(|| "csv".to_owned()),
                name: if m.dataset.is_empty() {
                    file.to_owned()
                } else {
                    m.dataset.clone()
                },
                publisher: None,
                id_label: if m.id.is_some() { "row" } else { "line" }.to_owned(),
                grade_override: Some(m.grade.clone().unwrap_or_else(|| "C3".to_owned())),
            },
            mapping: m.clone(),
            cols,
        })
    }
}

/// A proxyline kind from its label or variant name, case-insensitively.
fn kind_named(text: &str) -> Option<EventKind> {
    let t: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    EventKind::ALL.into_iter().find(|k| {
        let label: String = k.label().chars().filter(|c| c.is_alphanumeric()).collect();
        label == t || format!("{k:?}").to_lowercase() == t
    })
}

impl Shape for Mapped {
    fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    fn read(&self, row: &Row) -> Result<RowOutcome, RowError> {
        let c = &self.cols;
        let f = |i: usize| row.get(i);
        let opt = |i: Option<usize>| row.opt(i);
        let at = |i: usize| move |reason: String| RowError::field(i, reason);
        let id = match c.id {
            Some(i) if f(i).is_empty() => {
                return Err(RowError::field(i, "the id is blank".to_owned()));
            }
            Some(i) => f(i).to_owned(),
            None => row.line.to_string(),
        };
        let date = values::date(f(c.date), self.mapping.date_order).map_err(at(c.date))?;
        let kind_text = opt(c.kind);
        let kind = if kind_text.is_empty() {
            EventKind::OtherAttack
        } else {
            kind_named(kind_text).ok_or_else(|| {
                RowError::field(
                    c.kind.unwrap_or_default(),
                    format!(
                        "\"{kind_text}\" is not a kind proxyline knows (e.g. rocket attack, bombing, drone attack, shooting, kidnapping, other attack)"
                    ),
                )
            })?
        };
        let sep = self.mapping.separator.as_deref().unwrap_or(";");
        let split = |s: &str| -> Vec<String> {
            s.split(sep)
                .map(str::trim)
                .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case("unknown"))
                .map(str::to_owned)
                .collect()
        };
        let suspected = !opt(c.suspected).is_empty();
        let perpetrators = split(opt(c.perpetrator))
            .into_iter()
            .map(|name| Named {
                name,
                basis: if suspected {
                    Basis::Suspected
                } else {
                    Basis::Attributed
                },
            })
            .collect();
        let claims = split(opt(c.claimed_by))
            .into_iter()
            .map(|name| ClaimRow {
                name,
                mode: None,
                competing: false,
            })
            .collect();
        let place_name = opt(c.place);
        let country = opt(c.country);
        let title = match opt(c.title) {
            "" if place_name.is_empty() => format!("{} ({})", capitalise(kind.label()), date),
            "" => format!("{} in {place_name}", capitalise(kind.label())),
            t => t.to_owned(),
        };
        let source = opt(c.source);
        Ok(RowOutcome::Incident(Box::new(Incident {
            id,
            date: Some(date),
            date_end: None,
            approximate: !opt(c.approximate).is_empty(),
            kind: Some(kind),
            title,
            place: Place {
                name: place_name.to_owned(),
                country: country.to_owned(),
                lat: row.coordinate(c.latitude, 90.0)?,
                lon: row.coordinate(c.longitude, 180.0)?,
            },
            killed: row.count(c.killed)?,
            wounded: row.count(c.wounded)?,
            targets: Vec::new(),
            perpetrators,
            claims,
            summary: opt(c.summary).to_owned(),
            cited: if source.is_empty() {
                Vec::new()
            } else {
                vec![source.to_owned()]
            },
            collection: None,
        })))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
