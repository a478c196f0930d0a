//! Turning incidents into the case: one event per dataset id (importing again replaces, never
//! duplicates), a source for the row itself and one per citation the row holds, the row's
//! groups linked to actors, and the dataset's attribution as graded evidence. Every lookup is
//! indexed, so an import of 200,000 rows stays linear. Pure Rust.
//!
//! The grade of a dataset's attribution ([`Basis::grade`]) is documented in `docs/import.md`.

use std::collections::HashMap;
use std::path::PathBuf;

use super::link::Linker;
use super::{Incident, Skipped, Summary};
use crate::model::{
    BearsOn, Case, Claim, Count, Event, EventKind, Evidence, FORMAT_VERSION, PartialDate, Report,
    Source, SourceKind, Stance,
};

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
    events: HashMap<String, usize>,
    sources: HashMap<String, usize>,
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
            Case {
                format: FORMAT_VERSION,
                title: format!("Imported: {}", names.join(", ")),
                description:
                    "Events imported from the user's own dataset files; every event cites its row."
                        .to_owned(),
                start: PartialDate::year(1970),
                end: PartialDate::year(1970),
                default_state: None,
                sources: Vec::new(),
                actors: Vec::new(),
                ties: Vec::new(),
                events: Vec::new(),
                evidence: Vec::new(),
                attributions: Vec::new(),
                eras: Vec::new(),
                stories: Vec::new(),
            }
        });
        let events = case
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let sources = case
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
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
        if let Some(&i) = self.sources.get(&source.id) {
            self.case.sources[i] = source;
        } else {
            self.sources
                .insert(source.id.clone(), self.case.sources.len());
            self.case.sources.push(source);
        }
    }

    /// Adds one incident (its date must be set; the dataset readers ensure it).
    pub fn add(&mut self, dataset: &Dataset, file: &str, line: u64, incident: Incident) {
        let Some(date) = incident.date else {
            return;
        };
        let event_id = format!("{}-{}", dataset.key, slug(&incident.id));
        let row_source = format!("{event_id}-row");
        self.put_source(Source {
            id: row_source.clone(),
            kind: SourceKind::Other,
            title: format!("{}, {} {}", dataset.name, dataset.id_label, incident.id),
            author: None,
            publisher: dataset.publisher.clone(),
            date: None,
            citation: Some(format!("{file}, line {line}")),
            url: None,
            default_judgment: false,
            note: Some("Imported row of the user's own copy of the dataset.".to_owned()),
        });
        let mut sources = vec![row_source.clone()];
        for (n, cited) in incident.cited.iter().enumerate() {
            let id = format!("{event_id}-s{}", n + 1);
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
                note: Some(format!(
                    "Cited by {} {} {}; the citation is the dataset's, not checked by proxyline.",
                    dataset.name, dataset.id_label, incident.id
                )),
            });
            sources.push(id);
        }
        let count = |n: Option<u32>| {
            n.map(|min| Count {
                min,
                max: None,
                approximate: false,
                reports: vec![Report {
                    source: row_source.clone(),
                    min,
                    max: None,
                    note: None,
                }],
            })
        };
        let competing = incident.claims.iter().any(|c| c.competing);
        let mut perpetrators: Vec<String> = Vec::new();
        let mut linked_names: Vec<(&str, String)> = Vec::new();
        let mut evidence = Vec::new();
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
                id: format!("{event_id}-attr{}", n + 1),
                shows: format!(
                    "{} {} {} names {} {}.",
                    dataset.name,
                    dataset.id_label,
                    incident.id,
                    named.name,
                    named.basis.words()
                ),
                bears_on: BearsOn::Perpetrator(actor.clone()),
                sources: vec![row_source.clone()],
                grade,
                grade_reason: format!("{why} (docs/import.md)."),
                stance: Stance::Supports,
                date: None,
                ach: std::collections::BTreeMap::new(),
                interested: None,
                originator: None,
            });
            perpetrators.push(actor);
        }
        let mut claims = Vec::new();
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
            title: incident.title,
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
            summary: incident.summary,
            sources,
            evidence,
            hypotheses: Vec::new(),
        };
        if let Some(&i) = self.events.get(&event_id) {
            self.case.events[i] = event;
            self.summary.events_replaced += 1;
        } else {
            self.events.insert(event_id, self.case.events.len());
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
        (self.case, self.summary)
    }
}

/// A dataset id made safe as part of an event id (letters, digits, '-', '_', '.').
fn slug(id: &str) -> String {
    id.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}
