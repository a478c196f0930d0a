//! Turning incidents into the case: one event per dataset id (importing again replaces, never
//! duplicates), a source for the row itself and one per citation the row holds, the row's
//! groups linked to actors, and the dataset's attribution as graded evidence. Every lookup is
//! indexed, so an import of 200,000 rows stays linear. Pure Rust.
//!
//! The grade of a dataset's attribution ([`Basis::grade`]) is documented in `docs/import.md`.

use std::path::PathBuf;

use super::link::Linker;
use super::{Incident, Skipped, Summary};
use crate::model::{
    BearsOn, Case, Claim, Count, Event, EventKind, Evidence, PartialDate, Source, SourceKind,
    Stance,
};

/// The note on a source a dataset row cites.
const CITED_NOTE: &str = "Cited by the imported dataset row; not checked by proxyline.";

/// Positions in a list of items with ids, found by id without a copy of each id (an import of
/// 200,000 rows keeps 600,000 of them).
#[derive(Debug, Default)]
struct IdIndex {
    table: hashbrown::HashTable<usize>,
    state: std::hash::RandomState,
}

impl IdIndex {
    fn new<'a>(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut index = Self::default();
        let all: Vec<&str> = ids.collect();
        for (i, id) in all.iter().enumerate() {
            index.insert(id, i, |j| all[j]);
        }
        index
    }

    fn hash(&self, id: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&self.state, id)
    }

    fn get<'a>(&self, id: &str, id_of: impl Fn(usize) -> &'a str) -> Option<usize> {
        self.table.find(self.hash(id), |&i| id_of(i) == id).copied()
    }

    /// Adds `id` at position `i`; `id_of` gives the ids of the positions already in.
    fn insert<'a>(&mut self, id: &str, i: usize, id_of: impl Fn(usize) -> &'a str) {
        let state = &self.state;
        self.table.insert_unique(self.hash(id), i, |&j| {
            std::hash::BuildHasher::hash_one(state, id_of(j))
        });
    }

    fn reserve<'a>(&mut self, more: usize, id_of: impl Fn(usize) -> &'a str) {
        let state = &self.state;
        self.table
            .reserve(more, |&j| std::hash::BuildHasher::hash_one(state, id_of(j)));
    }
}

/// A dataset, for ids and citations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    /// Prefix of event ids ("gtd" makes "gtd-201901010001").
    pub key: String,
    /// Its name ("Global Terrorism Database").
    pub name: String,
    /// Who publishes it.
    pub publisher: Option<String>,
    /// What its ids are called ("eventid").
    pub id_label: String,
    /// The grade given to rows of a hand-kept file (a [`super::Mapping`]'s `grade`), which
    /// replaces the table of [`Basis::grade`].
    pub grade_override: Option<String>,
}

/// How firmly a dataset names a group as responsible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Basis {
    /// GTD: attributed (not marked uncertain), and claimed by the group.
    AttributedClaimed,
    /// GTD: attributed, not marked uncertain; ACLED: the acting side (actor 1).
    Attributed,
    /// GTD: suspected (`guncertain` = 1), yet claimed by the group.
    SuspectedClaimed,
    /// GTD: suspected (`guncertain` = 1); ACLED: an associated actor of the acting side.
    Suspected,
}

impl Basis {
    /// The Admiralty grade of the dataset's attribution, and why. A compilation of open
    /// sources is "usually reliable" (B) when it attributes, "fairly reliable" (C) when it
    /// marks the attribution as suspected; a claim by the same group raises credibility one
    /// step (2 for attributed, 3 for suspected), and competing claims lower it one step.
    #[must_use]
    pub fn grade(self, competing: bool) -> (String, &'static str) {
        let (letter, digit, why) = match self {
            Self::AttributedClaimed => (
                'B',
                2,
                "the dataset attributes it and records the group's own claim",
            ),
            Self::Attributed => ('B', 3, "the dataset attributes it; no claim is recorded"),
            Self::SuspectedClaimed => (
                'C',
                3,
                "the dataset marks the attribution as suspected, though the group claimed it",
            ),
            Self::Suspected => ('C', 4, "the dataset marks the attribution as suspected"),
        };
        let digit = if competing { digit + 1 } else { digit };
        (format!("{letter}{digit}"), why)
    }

    /// Words for the evidence text.
    fn words(self) -> &'static str {
        match self {
            Self::AttributedClaimed => "as the perpetrator, and records its claim",
            Self::Attributed => "as the perpetrator",
            Self::SuspectedClaimed => "as the suspected perpetrator (and records a claim)",
            Self::Suspected => "as the suspected perpetrator (attribution uncertain)",
        }
    }
}

/// Builds the imported case.
#[derive(Debug)]
pub struct Builder {
    case: Case,
    linker: Linker,
    events: IdIndex,
    sources: IdIndex,
    /// What was done so far.
    pub summary: Summary,
    range: Option<(i32, i32)>,
    base_range: Option<(PartialDate, PartialDate)>,
}

impl Builder {
    /// A builder on a copy of `base`, or on a new case named after the inputs.
    #[must_use]
    pub fn new(base: Option<&Case>, inputs: &[PathBuf]) -> Self {
        let base_range = base.map(|c| (c.start, c.end));
        let case = base.cloned().unwrap_or_else(|| {
            let names: Vec<String> = inputs.iter().map(|p| super::file_name(p)).collect();
            // The range is set from the events in `finish`.
            let year = PartialDate::year(1970);
            let mut case = Case::empty(format!("Imported: {}", names.join(", ")), year, year);
            "Events imported from the user's own dataset files; every event cites its row."
                .clone_into(&mut case.description);
            case
        });
        let events = IdIndex::new(case.events.iter().map(|e| e.id.as_str()));
        let sources = IdIndex::new(case.sources.iter().map(|s| s.id.as_str()));
        Self {
            linker: Linker::new(&case),
            case,
            events,
            sources,
            summary: Summary::default(),
            range: None,
            base_range,
        }
    }

    /// Makes room for this many more events (and their two sources each).
    pub fn reserve(&mut self, rows: usize) {
        self.case.events.reserve(rows);
        self.case.sources.reserve(rows * 2);
        let (events, sources) = (&self.case.events, &self.case.sources);
        self.events.reserve(rows, |i| events[i].id.as_str());
        self.sources.reserve(rows * 2, |i| sources[i].id.as_str());
    }

    /// Records a row left out.
    pub fn skip(&mut self, s: Skipped) {
        if self.summary.skipped.len() < super::MAX_LISTED {
            self.summary.skipped.push(s);
        } else {
            self.summary.skipped_unlisted += 1;
        }
    }

    /// Puts a source in, replacing one of the same id (an earlier import of the row).
    fn put_source(&mut self, source: Source) {
        let sources = &self.case.sources;
        if let Some(i) = self.sources.get(&source.id, |i| sources[i].id.as_str()) {
            self.case.sources[i] = source;
        } else {
            let i = sources.len();
            self.sources
                .insert(&source.id, i, |j| sources[j].id.as_str());
            self.case.sources.push(source);
        }
    }

    /// Adds one incident (its date must be set; the dataset readers ensure it).
    pub fn add(&mut self, dataset: &Dataset, file: &str, line: u64, incident: Incident) {
        let Some(date) = incident.date else {
            return;
        };
        let event_id = tight(format!("{}-{}", slug(&dataset.key), slug(&incident.id)));
        let row_source = tight(format!("{event_id}-row"));
        self.put_source(Source {
            id: row_source.clone(),
            kind: SourceKind::Other,
            title: tight(format!(
                "{}, {} {}",
                dataset.name, dataset.id_label, incident.id
            )),
            author: None,
            // The publisher is on the data collection's source, once.
            publisher: None,
            date: None,
            citation: Some(tight(format!("{file}, line {line}"))),
            url: None,
            default_judgment: false,
            note: None,
        });
        let mut sources = Vec::with_capacity(1 + incident.cited.len() + 1);
        sources.push(row_source.clone());
        for (n, cited) in incident.cited.iter().enumerate() {
            let id = tight(format!("{event_id}-s{}", n + 1));
            self.put_source(Source {
                id: id.clone(),
                kind: SourceKind::Other,
                title: cited.clone(),
                author: None,
                publisher: None,
                date: None,
                citation: None,
                url: super::values::url_in(cited),
                default_judgment: false,
                note: Some(CITED_NOTE.to_owned()),
            });
            sources.push(id);
        }
        if let Some(collection) = &incident.collection {
            let id = tight(format!("{}-collection-{}", dataset.key, slug(collection)));
            let known = &self.case.sources;
            if self.sources.get(&id, |i| known[i].id.as_str()).is_none() {
                self.put_source(Source {
                    id: id.clone(),
                    kind: SourceKind::Other,
                    title: format!("{}: {collection}", dataset.name),
                    author: None,
                    publisher: dataset.publisher.clone(),
                    date: None,
                    citation: None,
                    url: None,
                    default_judgment: false,
                    note: Some(format!(
                        "The data collection the {} names as the origin of its rows (dbsource).",
                        dataset.name
                    )),
                });
            }
            sources.push(id);
        }
        // The figure is the row's (its source is the event's first); no per-figure report.
        let count = |n: Option<u32>| {
            n.map(|min| Count {
                min,
                max: None,
                approximate: false,
                reports: Vec::new(),
            })
        };
        let competing = incident.claims.iter().any(|c| c.competing);
        // Lists sized exactly: a pushed-to Vec starts at four items, and an evidence item is
        // 248 bytes (that alone was 150 MB of a 200,000-row import).
        let n = incident.perpetrators.len();
        let mut perpetrators: Vec<String> = Vec::with_capacity(n);
        let mut linked_names: Vec<(&str, String)> = Vec::with_capacity(n);
        let mut evidence = Vec::with_capacity(n);
        for (n, named) in incident.perpetrators.iter().enumerate() {
            let actor = self.linker.link(&named.name, &dataset.name);
            linked_names.push((named.name.as_str(), actor.clone()));
            if perpetrators.contains(&actor) {
                continue;
            }
            let (grade, why) = match &dataset.grade_override {
                Some(g) => (g.clone(), "the grade the column mapping gives this file"),
                None => named.basis.grade(competing),
            };
            evidence.push(Evidence {
                id: tight(format!("{event_id}-attr{}", n + 1)),
                shows: tight(format!(
                    "{} names {} {}.",
                    dataset.name,
                    named.name,
                    named.basis.words()
                )),
                bears_on: BearsOn::Perpetrator(actor.clone()),
                sources: vec![row_source.clone()],
                grade,
                grade_reason: tight(format!("{why} (import table, docs/import.md).")),
                stance: Stance::Supports,
                date: None,
                ach: std::collections::BTreeMap::new(),
                interested: None,
                originator: None,
            });
            perpetrators.push(actor);
        }
        let mut claims = Vec::with_capacity(incident.claims.len());
        for c in &incident.claims {
            // A claimant the row already names as perpetrator is one row for the linking report.
            let actor = match linked_names.iter().find(|(n, _)| *n == c.name) {
                Some((_, a)) => a.clone(),
                None => self.linker.link(&c.name, &dataset.name),
            };
            let mut note = c.mode.clone().unwrap_or_default();
            if c.competing {
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str("the dataset records competing claims");
            }
            claims.push(Claim {
                actor,
                date: None,
                sources: vec![row_source.clone()],
                note: (!note.is_empty()).then_some(note),
            });
        }
        let first = date.first_day();
        let last = incident.date_end.map_or(date.last_day(), |d| d.last_day());
        self.range = Some(
            self.range
                .map_or((first, last), |(a, b)| (a.min(first), b.max(last))),
        );
        let event = Event {
            id: event_id.clone(),
            title: tight(incident.title),
            date,
            date_end: incident.date_end,
            approximate: incident.approximate,
            date_disputed: None,
            outside_range: false,
            place: incident.place,
            kind: incident.kind.unwrap_or(EventKind::OtherAttack),
            killed: count(incident.killed),
            wounded: count(incident.wounded),
            targets: incident.targets,
            perpetrators,
            claims,
            summary: tight(incident.summary),
            sources,
            evidence,
            hypotheses: Vec::new(),
        };
        let events = &self.case.events;
        if let Some(i) = self.events.get(&event_id, |i| events[i].id.as_str()) {
            self.case.events[i] = event;
            self.summary.events_replaced += 1;
        } else {
            let i = events.len();
            self.events.insert(&event_id, i, |j| events[j].id.as_str());
            self.case.events.push(event);
            self.summary.events_added += 1;
        }
    }

    /// The case (range widened to hold every event) and the summary.
    #[must_use]
    pub fn finish(mut self) -> (Case, Summary) {
        if let Some((first, last)) = self.range {
            let (start, end) = (PartialDate::from_day(first), PartialDate::from_day(last));
            match self.base_range {
                None => {
                    self.case.start = PartialDate::year(start.year);
                    self.case.end = PartialDate::year(end.year);
                }
                Some((s, e)) => {
                    let new_start = if first < s.first_day() {
                        PartialDate::year(start.year)
                    } else {
                        s
                    };
                    let new_end = if last > e.last_day() {
                        PartialDate::year(end.year)
                    } else {
                        e
                    };
                    if (new_start, new_end) != (s, e) {
                        self.summary.widened = Some((new_start, new_end));
                    }
                    self.case.start = new_start;
                    self.case.end = new_end;
                }
            }
        }
        let linker = self.linker;
        self.case.actors.extend(linker.new_actors);
        self.summary.linked = linker.linked;
        self.summary.created = linker.created;
        self.case.reindex();
        (self.case, self.summary)
    }
}

/// The string without spare capacity: `format!` reserves up to twice what it writes, and an
/// import keeps millions of these strings (26 MB of 200,000 rows' peak, measured).
fn tight(mut s: String) -> String {
    s.shrink_to_fit();
    s
}

/// A dataset id made safe as part of a case id (lower-case letters, digits, '-', '_', '.', as
/// the case format asks): "IRQ24248" → "irq24248", "START Primary Collection" →
/// `start_primary_collection`.
fn slug(id: &str) -> String {
    id.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
