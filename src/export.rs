//! Exports of a case for scripts and spreadsheets: CSV with one row per event and JSON with the
//! top-level keys `events`, `actors`, `ties` and `sources` (the shape is documented in the README).
//! With [`Verdicts`] (the command line's `export`, optionally `--as-of`), each event also carries
//! its headline verdict under every standard. Pure functions over the model; the app and the
//! command line both call them.

use serde_json::{Value, json};

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
            per_event: events.iter().map(|e| evaluator.verdicts(e, bar)).collect(),
        }
    }
}

/// A count as JSON: a number, `{"min":…,"max":…}` for a range, or null.
fn count_json(count: Option<&Count>) -> Value {
    match count {
        None => Value::Null,
        Some(c) if c.is_range() => json!({"min": c.min, "max": c.high()}),
        Some(c) => json!(c.min),
    }
}

/// An event's date as JSON: ISO cut to its precision, or `{"start":…,"end":…}` for a range.
fn date_json(event: &Event) -> Value {
    match &event.date_end {
        Some(end) => json!({"start": event.date.to_string(), "end": end.to_string()}),
        None => json!(event.date.to_string()),
    }
}

/// One event as a JSON object.
#[must_use]
pub fn event_json(event: &Event) -> Value {
    json!({
        "id": event.id,
        "date": date_json(event),
        "approximate": event.approximate,
        "title": event.title,
        "kind": event.kind.label(),
        "category": event.kind.category().label(),
        "place": event.place.name,
        "country": event.place.country,
        "lat": event.place.lat,
        "lon": event.place.lon,
        "killed": count_json(event.killed.as_ref()),
        "wounded": count_json(event.wounded.as_ref()),
        "perpetrators": event.perpetrators,
        "claimed_by": event.claims.iter().map(|c| c.actor.as_str()).collect::<Vec<_>>(),
        "sources": event.all_source_ids(),
    })
}

/// The JSON export of the given events of a case (all of them for the command line).
#[must_use]
pub fn to_json(case: &Case, events: &[&Event], verdicts: Option<&Verdicts>) -> Value {
    let events_json: Vec<Value> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut v = event_json(e);
            if let (Some(vs), Value::Object(m)) = (verdicts, &mut v)
                && let Some(row) = vs.per_event.get(i)
            {
                let by: serde_json::Map<String, Value> = Standard::ALL
                    .iter()
                    .zip(row)
                    .map(|(s, v)| (s.id().to_owned(), json!(v.id())))
                    .collect();
                m.insert("verdicts".to_owned(), Value::Object(by));
            }
            v
        })
        .collect();
    json!({
        "title": case.title,
        "verdicts_for": verdicts.map(|v| json!({
            "state": v.state, "bar": v.bar.to_string(), "as_of": v.as_of.map(|d| d.to_string()),
        })),
        "events": events_json,
        "actors": case.actors.iter().map(|a| json!({
            "id": a.id, "name": a.name, "kind": a.kind.label(), "parent": a.parent,
        })).collect::<Vec<_>>(),
        "ties": case.ties.iter().map(|t| json!({
            "id": t.id, "from": t.from, "to": t.to, "kind": t.kind.label(),
            "start": t.start.map(|d| d.to_string()), "end": t.end.map(|d| d.to_string()),
            "evidence": t.evidence.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "sources": case.sources.iter().map(|s| json!({
            "id": s.id, "kind": s.kind.label(), "title": s.title, "author": s.author,
            "publisher": s.publisher, "date": s.date.map(|d| d.to_string()),
            "citation": s.citation, "url": s.url, "default_judgment": s.default_judgment,
        })).collect::<Vec<_>>(),
    })
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

/// CSV with one row per given event (columns in the README); with verdicts, one more column
/// per standard (`verdict_<standard id>`). Cells a spreadsheet would read as formulas are
/// neutralised ([`neutralise`]).
pub fn to_csv(events: &[&Event], verdicts: Option<&Verdicts>) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
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
    for (i, e) in events.iter().enumerate() {
        let claimed: Vec<&str> = e.claims.iter().map(|c| c.actor.as_str()).collect();
        let mut row: Vec<String> = vec![
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
        ];
        if let Some(row_v) = verdicts.and_then(|v| v.per_event.get(i)) {
            row.extend(row_v.iter().map(|v| v.id().to_owned()));
        }
        for cell in &mut row {
            neutralise(cell);
        }
        writer.write_record(&row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
