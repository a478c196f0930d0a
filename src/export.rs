//! Exports of a case for scripts and spreadsheets: CSV with one row per event, and JSON of the
//! whole case (events with their evidence, actors, ties, sources, attributions, eras, stories;
//! the shape is documented in the README). Both are written as they go ([`write_csv`],
//! [`write_json`]): a million events never sit in memory a second time as text.
//! With [`Verdicts`] (the command line's `export`, optionally `--as-of`), each event also carries
//! its headline verdict under every standard. Pure functions over the model; the app and the
//! command line both call them.

use std::io::Write;

use serde::{Serialize, Serializer};
use serde_json::json;

use crate::attribution::{Evaluator, Standard, Verdict};
use crate::model::{Case, Count, Event, Grade, PartialDate};

/// Every given event's headline verdicts for a state, at a bar, as known on a date.
#[derive(Clone, Debug)]
pub struct Verdicts {
    /// The state.
    pub state: String,
    /// The evidence bar.
    pub bar: Grade,
    /// The as-of date (`None`: everything known).
    pub as_of: Option<PartialDate>,
    /// Per event, in [`Standard::ALL`] order.
    pub per_event: Vec<[Verdict; Standard::ALL.len()]>,
}

impl Verdicts {
    /// Evaluates the events.
    #[must_use]
    pub fn of(
        case: &Case,
        events: &[&Event],
        state: &str,
        bar: Grade,
        as_of: Option<PartialDate>,
    ) -> Self {
        let evaluator = Evaluator::new(case, state).as_of(as_of);
        Self {
            state: state.to_owned(),
            bar,
            as_of,
            per_event: {
                use rayon::prelude::*;
                events
                    .par_iter()
                    .map(|e| evaluator.verdicts(e, bar))
                    .collect()
            },
        }
    }
}

/// An event's date in the export: ISO cut to its precision, or a range.
#[derive(Serialize)]
#[serde(untagged)]
enum DateOut {
    /// One date.
    One(PartialDate),
    /// A range.
    Range {
        /// First date.
        start: PartialDate,
        /// Last date.
        end: PartialDate,
    },
}

/// A count in the export: a number, a range, or null.
#[derive(Serialize)]
#[serde(untagged)]
enum CountOut {
    /// One figure.
    One(u32),
    /// A range.
    Range {
        /// Low end.
        min: u32,
        /// High end.
        max: u32,
    },
}

fn count_out(count: Option<&Count>) -> Option<CountOut> {
    count.map(|c| {
        if c.is_range() {
            CountOut::Range {
                min: c.min,
                max: c.high(),
            }
        } else {
            CountOut::One(c.min)
        }
    })
}

/// The headline verdicts of one event: standard id → verdict id.
struct VerdictsOut<'a>(&'a [Verdict; Standard::ALL.len()]);

impl Serialize for VerdictsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            Standard::ALL
                .iter()
                .zip(self.0)
                .map(|(s, v)| (s.id(), v.id())),
        )
    }
}

/// The counts with who reports which figure.
#[derive(Serialize)]
struct Casualties<'a> {
    killed: Option<&'a Count>,
    wounded: Option<&'a Count>,
}

/// One event as the export writes it (borrowing the model: nothing is copied).
#[derive(Serialize)]
struct EventOut<'a> {
    id: &'a str,
    date: DateOut,
    approximate: bool,
    date_disputed: Option<&'a str>,
    title: &'a str,
    kind: &'static str,
    category: &'static str,
    place: &'a str,
    country: &'a str,
    lat: Option<f64>,
    lon: Option<f64>,
    killed: Option<CountOut>,
    wounded: Option<CountOut>,
    casualties: Casualties<'a>,
    targets: &'a [String],
    perpetrators: &'a [String],
    claimed_by: Vec<&'a str>,
    claims: &'a [crate::model::Claim],
    summary: &'a str,
    sources: Vec<&'a str>,
    evidence: &'a [crate::model::Evidence],
    hypotheses: &'a [crate::model::Hypothesis],
    #[serde(skip_serializing_if = "Option::is_none")]
    verdicts: Option<VerdictsOut<'a>>,
}

impl<'a> EventOut<'a> {
    fn of(event: &'a Event, verdicts: Option<&'a [Verdict; Standard::ALL.len()]>) -> Self {
        Self {
            id: &event.id,
            date: match event.date_end {
                Some(end) => DateOut::Range {
                    start: event.date,
                    end,
                },
                None => DateOut::One(event.date),
            },
            approximate: event.approximate,
            date_disputed: event.date_disputed.as_deref(),
            title: &event.title,
            kind: event.kind.label(),
            category: event.kind.category().label(),
            place: &event.place.name,
            country: &event.place.country,
            lat: event.place.lat,
            lon: event.place.lon,
            killed: count_out(event.killed.as_ref()),
            wounded: count_out(event.wounded.as_ref()),
            casualties: Casualties {
                killed: event.killed.as_ref(),
                wounded: event.wounded.as_ref(),
            },
            targets: &event.targets,
            perpetrators: &event.perpetrators,
            claimed_by: event.claims.iter().map(|c| c.actor.as_str()).collect(),
            claims: &event.claims,
            summary: &event.summary,
            sources: event.all_source_ids(),
            evidence: &event.evidence,
            hypotheses: &event.hypotheses,
            verdicts: verdicts.map(VerdictsOut),
        }
    }
}

/// A list serialised as it is iterated, so that a million items are written one by one.
struct Lazy<F>(F);

impl<I, F> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator<Item: Serialize>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// The whole document [`write_json`] writes, each list produced as it is written.
struct Document<'a> {
    case: &'a Case,
    events: &'a [&'a Event],
    verdicts: Option<&'a Verdicts>,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let case = self.case;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", &case.format)?;
        map.serialize_entry("title", &case.title)?;
        map.serialize_entry("description", &case.description)?;
        map.serialize_entry("start", &case.start)?;
        map.serialize_entry("end", &case.end)?;
        map.serialize_entry("default_state", &case.default_state)?;
        map.serialize_entry(
            "verdicts_for",
            &self.verdicts.map(|v| {
                json!({
                    "state": v.state, "bar": v.bar.to_string(),
                    "as_of": v.as_of.map(|d| d.to_string()),
                })
            }),
        )?;
        let verdicts = self.verdicts;
        map.serialize_entry(
            "events",
            &Lazy(|| {
                self.events
                    .iter()
                    .enumerate()
                    .map(move |(i, e)| EventOut::of(e, verdicts.and_then(|v| v.per_event.get(i))))
            }),
        )?;
        map.serialize_entry(
            "actors",
            &Lazy(|| {
                case.actors.iter().map(|a| {
                    json!({
                        "id": a.id, "name": a.name, "kind": a.kind.label(), "parent": a.parent,
                        "aliases": a.aliases, "founded": a.founded, "dissolved": a.dissolved,
                        "description": a.description, "sources": a.sources,
                    })
                })
            }),
        )?;
        map.serialize_entry(
            "ties",
            &Lazy(|| {
                case.ties.iter().map(|t| {
                    json!({
                        "id": t.id, "from": t.from, "to": t.to, "kind": t.kind.label(),
                        "start": t.start, "end": t.end, "approximate": t.approximate,
                        "note": t.note, "evidence": t.evidence,
                    })
                })
            }),
        )?;
        map.serialize_entry(
            "sources",
            &Lazy(|| {
                case.sources.iter().map(|s| {
                    json!({
                        "id": s.id, "kind": s.kind.label(), "title": s.title,
                        "author": s.author, "publisher": s.publisher, "date": s.date,
                        "citation": s.citation, "url": s.url,
                        "default_judgment": s.default_judgment, "note": s.note,
                    })
                })
            }),
        )?;
        map.serialize_entry("evidence", &case.evidence)?;
        map.serialize_entry("attributions", &case.attributions)?;
        map.serialize_entry("eras", &case.eras)?;
        map.serialize_entry("stories", &case.stories)?;
        map.end()
    }
}

/// Writes the JSON export of the given events of a case (all of them for the command line) and
/// the rest of the case whole — actors, ties with their evidence, sources, case-level evidence,
/// attributions, eras and stories — to `out` as it goes: nothing but one event at a time is
/// held in memory. The shape is documented in the README.
pub fn write_json(
    case: &Case,
    events: &[&Event],
    verdicts: Option<&Verdicts>,
    out: impl Write,
) -> serde_json::Result<()> {
    let mut out = out;
    let document = Document {
        case,
        events,
        verdicts,
    };
    // Indented for people up to the size people read; compact beyond (a third of the size).
    if events.len() <= crate::model::load::PRETTY_UP_TO {
        serde_json::to_writer_pretty(&mut out, &document)?;
    } else {
        serde_json::to_writer(&mut out, &document)?;
    }
    out.write_all(b"\n").map_err(serde_json::Error::io)
}

/// The CSV header.
pub const CSV_HEADER: [&str; 16] = [
    "id",
    "date",
    "date_end",
    "approximate",
    "title",
    "kind",
    "category",
    "place",
    "country",
    "killed_min",
    "killed_max",
    "wounded_min",
    "wounded_max",
    "perpetrators",
    "claimed_by",
    "sources",
];

/// Keeps a spreadsheet from reading a cell as a formula: a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading single quote, as OWASP's CSV-injection advice
/// says (the text a case or an imported file carries is not trusted). Numbers, dates and ids
/// never start so; a title such as "=HYPERLINK(…)" is written "'=HYPERLINK(…)".
pub fn neutralise(cell: &mut String) {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        cell.insert(0, '\'');
    }
}

/// Writes CSV with one row per given event (columns in the README) to `out` as it goes; with
/// verdicts, one more column per standard (`verdict_<standard id>`). Cells a spreadsheet would
/// read as formulas are neutralised ([`neutralise`]).
pub fn write_csv(
    events: &[&Event],
    verdicts: Option<&Verdicts>,
    out: impl Write,
) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = CSV_HEADER.iter().map(|h| (*h).to_owned()).collect();
    if verdicts.is_some() {
        header.extend(Standard::ALL.iter().map(|s| format!("verdict_{}", s.id())));
    }
    writer.write_record(&header)?;
    let opt = |c: Option<&Count>, high: bool| {
        c.map_or_else(String::new, |c| {
            if high { c.high() } else { c.min }.to_string()
        })
    };
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for (i, e) in events.iter().enumerate() {
        let claimed: Vec<&str> = e.claims.iter().map(|c| c.actor.as_str()).collect();
        row.clear();
        row.extend([
            e.id.clone(),
            e.date.to_string(),
            e.date_end.map(|d| d.to_string()).unwrap_or_default(),
            e.approximate.to_string(),
            e.title.clone(),
            e.kind.label().to_owned(),
            e.kind.category().label().to_owned(),
            e.place.name.clone(),
            e.place.country.clone(),
            opt(e.killed.as_ref(), false),
            opt(e.killed.as_ref(), true),
            opt(e.wounded.as_ref(), false),
            opt(e.wounded.as_ref(), true),
            e.perpetrators.join(";"),
            claimed.join(";"),
            e.all_source_ids().join(";"),
        ]);
        if let Some(row_v) = verdicts.and_then(|v| v.per_event.get(i)) {
            row.extend(row_v.iter().map(|v| v.id().to_owned()));
        }
        for cell in &mut row {
            neutralise(cell);
        }
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// The CSV of [`write_csv`] as text (for the window's exports of visible events).
pub fn to_csv(events: &[&Event], verdicts: Option<&Verdicts>) -> Result<String, csv::Error> {
    let mut bytes = Vec::new();
    write_csv(events, verdicts, &mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
