//! The case-file types: the case itself, sources and actors, and the case's lookups; events
//! live in [`super::event`], ties and evidence in [`super::evidence`], eras and stories in
//! [`super::story`].
//!
//! These mirror `docs/case-file.md` one to one. They are plain data with serde derives and no
//! behaviour beyond small lookups; loading lives in [`super::load`], checking in
//! [`super::validate`].

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::date::PartialDate;
use super::event::Event;
use super::evidence::{Attribution, Evidence, Tie};
use super::story::{Era, Story};

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A whole case file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Format version; must be [`FORMAT_VERSION`].
    pub format: u32,
    /// Shown in the window title.
    pub title: String,
    /// What the case covers.
    #[serde(default, skip_serializing_if = "super::skip::empty_text")]
    pub description: String,
    /// First date the case covers.
    pub start: PartialDate,
    /// Last date the case covers.
    pub end: PartialDate,
    /// The sponsor state the attribution views start with.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub default_state: Option<String>,
    /// Everything the case cites.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// States, organs, groups, fronts, people and attributing parties.
    #[serde(default)]
    pub actors: Vec<Actor>,
    /// Dated relations between actors.
    #[serde(default)]
    pub ties: Vec<Tie>,
    /// Attacks, state strikes, legal and diplomatic acts.
    #[serde(default, deserialize_with = "super::binary::events")]
    pub events: Vec<Event>,
    /// Case-level evidence not tied to one event or tie.
    #[serde(default, skip_serializing_if = "super::skip::empty")]
    pub evidence: Vec<Evidence>,
    /// Who attributed which event to whom, when.
    #[serde(default)]
    pub attributions: Vec<Attribution>,
    /// Named periods drawn as background bands.
    #[serde(default)]
    pub eras: Vec<Era>,
    /// Ordered steps for briefings.
    #[serde(default)]
    pub stories: Vec<Story>,
    /// Lookups by id (built on first use; not part of the file). See [`Case::reindex`].
    #[serde(skip)]
    pub index: super::index::Index,
}

/// What kind of document a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceKind {
    /// A court opinion or judgment.
    CourtRuling,
    /// A government statement, press release or designation notice.
    GovernmentStatement,
    /// A news report.
    NewsReport,
    /// A scholarly book or article.
    ScholarlyWork,
    /// Analysis, opinion or argument.
    Analysis,
    /// A claim made by a perpetrator.
    PerpetratorClaim,
    /// An interrogation record.
    InterrogationRecord,
    /// Anything else.
    Other,
}

impl SourceKind {
    /// A short label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::CourtRuling => "court ruling",
            Self::GovernmentStatement => "government statement",
            Self::NewsReport => "news report",
            Self::ScholarlyWork => "scholarly work",
            Self::Analysis => "analysis / opinion",
            Self::PerpetratorClaim => "perpetrator claim",
            Self::InterrogationRecord => "interrogation record",
            Self::Other => "other",
        }
    }
}

/// A cited document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique id.
    pub id: String,
    /// Kind of document.
    pub kind: SourceKind,
    /// Title.
    pub title: String,
    /// Author(s).
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub author: Option<String>,
    /// Publisher, agency or court.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub publisher: Option<String>,
    /// Date of publication or judgment.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub date: Option<PartialDate>,
    /// Citation string, e.g. a reporter citation.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub citation: Option<String>,
    /// Address, when known to be right.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub url: Option<String>,
    /// A judgment entered by default.
    #[serde(default, skip_serializing_if = "super::skip::is_false")]
    pub default_judgment: bool,
    /// Free note.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub note: Option<String>,
}

/// Whether an address may be handed to the browser or written as a link: `http` and `https`
/// only (a case file can carry any text, and `file:`, `javascript:` or a custom scheme must
/// never reach the system or a Markdown viewer).
#[must_use]
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_control)
        && !url.contains(char::is_whitespace)
        && !url.contains(['<', '>', '"'])
}

impl Source {
    /// A full citation line: author, title, publisher, citation, date and address (only an
    /// `http`/`https` address: see [`is_web_address`]).
    #[must_use]
    pub fn full_citation(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(a) = &self.author {
            parts.push(a.clone());
        }
        parts.push(format!("\u{201c}{}\u{201d}", self.title));
        if let Some(p) = &self.publisher {
            parts.push(p.clone());
        }
        if let Some(c) = &self.citation {
            parts.push(c.clone());
        }
        if let Some(d) = &self.date {
            parts.push(d.human());
        }
        if self.default_judgment {
            parts.push("default judgment".to_owned());
        }
        let mut line = parts.join(", ");
        if let Some(u) = self.url.as_ref().filter(|u| is_web_address(u)) {
            line.push_str(" <");
            line.push_str(u);
            line.push('>');
        }
        line
    }
}

/// What kind of actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActorKind {
    /// A sovereign state.
    State,
    /// An organ of a state (de jure).
    StateOrgan,
    /// An armed group.
    Militia,
    /// A political party.
    PoliticalParty,
    /// A name used to claim attacks on behalf of another group.
    FrontGroup,
    /// A person.
    Person,
    /// Anything else.
    Other,
}

impl ActorKind {
    /// All kinds, in layer order (states first).
    pub const ALL: [Self; 7] = [
        Self::State,
        Self::StateOrgan,
        Self::PoliticalParty,
        Self::Militia,
        Self::FrontGroup,
        Self::Person,
        Self::Other,
    ];

    /// A short label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::State => "state",
            Self::StateOrgan => "state organ",
            Self::Militia => "militia",
            Self::PoliticalParty => "political party",
            Self::FrontGroup => "front group",
            Self::Person => "person",
            Self::Other => "other",
        }
    }
}

/// A state, organ, group, front, person or attributing party.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Other names.
    #[serde(default, skip_serializing_if = "super::skip::empty")]
    pub aliases: Vec<String>,
    /// Kind.
    pub kind: ActorKind,
    /// When founded.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub founded: Option<PartialDate>,
    /// When dissolved.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub dissolved: Option<PartialDate>,
    /// The body it belongs to.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub parent: Option<String>,
    /// Description (for a person, their roles).
    #[serde(default, skip_serializing_if = "super::skip::empty_text")]
    pub description: String,
    /// Sources for the description.
    #[serde(default, skip_serializing_if = "super::skip::empty")]
    pub sources: Vec<String>,
}

impl Case {
    /// A case with nothing in it yet, covering `start` to `end`.
    #[must_use]
    pub fn empty(title: String, start: PartialDate, end: PartialDate) -> Self {
        Self {
            format: FORMAT_VERSION,
            title,
            description: String::new(),
            start,
            end,
            default_state: None,
            sources: Vec::new(),
            actors: Vec::new(),
            ties: Vec::new(),
            events: Vec::new(),
            evidence: Vec::new(),
            attributions: Vec::new(),
            eras: Vec::new(),
            stories: Vec::new(),
            index: super::index::Index::default(),
        }
    }

    /// Forgets the lookups by id, after the actors, sources or events changed (they are built
    /// again when next needed). Lookups stay correct without it, only slower.
    pub fn reindex(&mut self) {
        self.index = super::index::Index::default();
    }

    /// The actor with this id.
    #[must_use]
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.index.actor(self, id).and_then(|i| self.actors.get(i))
    }

    /// Index into `actors` by actor id.
    #[must_use]
    pub fn actor_indices(&self) -> HashMap<&str, usize> {
        self.actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect()
    }

    /// The source with this id.
    #[must_use]
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.index
            .source(self, id)
            .and_then(|i| self.sources.get(i))
    }

    /// The event with this id.
    #[must_use]
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.index.event(self, id).and_then(|i| self.events.get(i))
    }

    /// Index of the event with this id.
    #[must_use]
    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.index.event(self, id)
    }

    /// The actor's name, or the id itself when unknown.
    #[must_use]
    pub fn actor_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.actor(id).map_or(id, |a| a.name.as_str())
    }

    /// Every evidence item in the case: on events, on ties and case-level.
    pub fn all_evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.events
            .iter()
            .flat_map(|e| e.evidence.iter())
            .chain(self.ties.iter().flat_map(|t| t.evidence.iter()))
            .chain(self.evidence.iter())
    }

    /// The chain of parents from an actor upward (the actor first), stopping at cycles.
    #[must_use]
    pub fn parent_chain<'a>(&'a self, id: &'a str) -> Vec<&'a str> {
        let mut out = vec![id];
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::from([id]);
        let mut current = id;
        while let Some(parent) = self.actor(current).and_then(|a| a.parent.as_deref()) {
            if !seen.insert(parent) {
                break;
            }
            out.push(parent);
            current = parent;
        }
        out
    }
}
