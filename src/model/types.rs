//! The case-file types: sources, actors, ties, events, evidence, attributions, eras and stories.
//!
//! These mirror `docs/case-file.md` one to one. They are plain data with serde derives and no
//! behaviour beyond small lookups; loading lives in [`super::load`], checking in
//! [`super::validate`].

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::date::PartialDate;

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole case file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Format version; must be [`FORMAT_VERSION`].
    pub format: u32,
    /// Shown in the window title.
    pub title: String,
    /// What the case covers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// First date the case covers.
    pub start: PartialDate,
    /// Last date the case covers.
    pub end: PartialDate,
    /// The sponsor state the attribution views start with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default)]
    pub events: Vec<Event>,
    /// Case-level evidence not tied to one event or tie.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publisher, agency or court.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Date of publication or judgment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Citation string, e.g. a reporter citation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Address, when known to be right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A judgment entered by default.
    #[serde(default, skip_serializing_if = "is_false")]
    pub default_judgment: bool,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Source {
    /// A full citation line: author, title, publisher, citation, date and address.
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
        if let Some(u) = &self.url {
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Kind.
    pub kind: ActorKind,
    /// When founded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<PartialDate>,
    /// When dissolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dissolved: Option<PartialDate>,
    /// The body it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Description (for a person, their roles).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Sources for the description.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// What kind of tie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TieKind {
    /// `from` established `to`.
    Established,
    /// `from` funds `to`.
    Funds,
    /// `from` arms `to`.
    Arms,
    /// `from` trains `to`.
    Trains,
    /// `from` directs `to`.
    Directs,
    /// `from` commands `to`.
    Commands,
    /// `from` is a member of `to`.
    MemberOf,
    /// `from` leads `to`.
    Leads,
    /// `from` split off from `to`.
    SplinterOf,
    /// `from` is a front name for `to`.
    FrontFor,
    /// `from` is allied with `to`.
    AlliedWith,
    /// `from` opposes `to`.
    Opposes,
}

impl TieKind {
    /// All kinds.
    pub const ALL: [Self; 12] = [
        Self::Established,
        Self::Funds,
        Self::Arms,
        Self::Trains,
        Self::Directs,
        Self::Commands,
        Self::MemberOf,
        Self::Leads,
        Self::SplinterOf,
        Self::FrontFor,
        Self::AlliedWith,
        Self::Opposes,
    ];

    /// A short label, read as "from *label* to".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Established => "established",
            Self::Funds => "funds",
            Self::Arms => "arms",
            Self::Trains => "trains",
            Self::Directs => "directs",
            Self::Commands => "commands",
            Self::MemberOf => "member of",
            Self::Leads => "leads",
            Self::SplinterOf => "splinter of",
            Self::FrontFor => "front for",
            Self::AlliedWith => "allied with",
            Self::Opposes => "opposes",
        }
    }

    /// Whether the tie carries support or control from `from` down to `to` (sponsor → proxy).
    #[must_use]
    pub fn is_sponsorship(self) -> bool {
        matches!(
            self,
            Self::Established
                | Self::Funds
                | Self::Arms
                | Self::Trains
                | Self::Directs
                | Self::Commands
        )
    }
}

/// A dated relation between two actors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tie {
    /// Unique id.
    pub id: String,
    /// Source actor.
    pub from: String,
    /// Target actor.
    pub to: String,
    /// Kind.
    pub kind: TieKind,
    /// Valid from (open when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// Valid to (open when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The dates are approximate.
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What backs the tie.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

impl Tie {
    /// Whether the tie holds on a day number (dates compared at their own precision).
    #[must_use]
    pub fn valid_on(&self, day: i32) -> bool {
        self.start.is_none_or(|s| s.first_day() <= day)
            && self.end.is_none_or(|e| day <= e.last_day())
    }
}

/// What kind of event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(missing_docs, reason = "the variant names are the documentation")]
pub enum EventKind {
    Bombing,
    SuicideBombing,
    RocketAttack,
    DroneAttack,
    MissileAttack,
    Shooting,
    Hijacking,
    Kidnapping,
    Assassination,
    Raid,
    Siege,
    Plot,
    OtherAttack,
    StateStrike,
    Designation,
    Ruling,
    Resolution,
    Sanction,
    Arrest,
    Statement,
}

/// The three families of events, drawn with different marker shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventCategory {
    /// An attack by a non-state or state actor.
    Attack,
    /// A military strike by a state.
    StateStrike,
    /// A legal, diplomatic or security act.
    LegalAct,
}

impl EventCategory {
    /// All categories.
    pub const ALL: [Self; 3] = [Self::Attack, Self::StateStrike, Self::LegalAct];

    /// A short label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Attack => "attack",
            Self::StateStrike => "state strike",
            Self::LegalAct => "legal / diplomatic act",
        }
    }
}

impl EventKind {
    /// All kinds.
    pub const ALL: [Self; 20] = [
        Self::Bombing,
        Self::SuicideBombing,
        Self::RocketAttack,
        Self::DroneAttack,
        Self::MissileAttack,
        Self::Shooting,
        Self::Hijacking,
        Self::Kidnapping,
        Self::Assassination,
        Self::Raid,
        Self::Siege,
        Self::Plot,
        Self::OtherAttack,
        Self::StateStrike,
        Self::Designation,
        Self::Ruling,
        Self::Resolution,
        Self::Sanction,
        Self::Arrest,
        Self::Statement,
    ];

    /// The family the kind belongs to.
    #[must_use]
    pub fn category(self) -> EventCategory {
        match self {
            Self::StateStrike => EventCategory::StateStrike,
            Self::Designation
            | Self::Ruling
            | Self::Resolution
            | Self::Sanction
            | Self::Arrest
            | Self::Statement => EventCategory::LegalAct,
            _ => EventCategory::Attack,
        }
    }

    /// A short label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Bombing => "bombing",
            Self::SuicideBombing => "suicide bombing",
            Self::RocketAttack => "rocket attack",
            Self::DroneAttack => "drone attack",
            Self::MissileAttack => "missile attack",
            Self::Shooting => "shooting",
            Self::Hijacking => "hijacking",
            Self::Kidnapping => "kidnapping",
            Self::Assassination => "assassination",
            Self::Raid => "raid",
            Self::Siege => "siege",
            Self::Plot => "plot",
            Self::OtherAttack => "other attack",
            Self::StateStrike => "state strike",
            Self::Designation => "designation",
            Self::Ruling => "ruling",
            Self::Resolution => "resolution",
            Self::Sanction => "sanction",
            Self::Arrest => "arrest",
            Self::Statement => "statement",
        }
    }
}

/// Where an event happened.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Place name.
    pub name: String,
    /// Country.
    pub country: String,
    /// Latitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// Which source reports which figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Source id.
    pub source: String,
    /// Figure (or the low end of the source's own range).
    pub min: u32,
    /// High end of the source's own range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A number of people killed or wounded: one figure or a range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// The figure, or the low end of the range.
    pub min: u32,
    /// The high end of the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// The figure is approximate.
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    /// Which source reports which figure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<Report>,
}

impl Count {
    /// The high end (the figure itself when there is no range).
    #[must_use]
    pub fn high(&self) -> u32 {
        self.max.unwrap_or(self.min).max(self.min)
    }

    /// Whether the sources give a range.
    #[must_use]
    pub fn is_range(&self) -> bool {
        self.max.is_some_and(|m| m != self.min)
    }

    /// "241", "about 300" or "17–22".
    #[must_use]
    pub fn human(&self) -> String {
        let about = if self.approximate { "about " } else { "" };
        if self.is_range() {
            format!("{about}{}\u{2013}{}", self.min, self.high())
        } else {
            format!("{about}{}", self.min)
        }
    }
}

/// A claim of responsibility.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Who claimed.
    pub actor: String,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Where the claim is reported.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A hypothesis for the analysis of competing hypotheses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hypothesis {
    /// Id, unique within the event.
    pub id: String,
    /// What the hypothesis says.
    pub label: String,
}

/// An attack, state strike, or legal or diplomatic act.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The (first) date.
    pub date: PartialDate,
    /// End of a date range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<PartialDate>,
    /// The date is approximate.
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    /// Sources disagree on the date: who says what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_disputed: Option<String>,
    /// Knowingly outside the case's range.
    #[serde(default, skip_serializing_if = "is_false")]
    pub outside_range: bool,
    /// Where.
    pub place: Place,
    /// Kind.
    pub kind: EventKind,
    /// People killed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<Count>,
    /// People wounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wounded: Option<Count>,
    /// What was targeted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// Who is assessed responsible.
    #[serde(default)]
    pub perpetrators: Vec<String>,
    /// Claims of responsibility.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// What happened.
    #[serde(default)]
    pub summary: String,
    /// Sources for the facts.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Evidence on who did it and on the state's role.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Competing hypotheses (derived when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hypotheses: Vec<Hypothesis>,
}

impl Event {
    /// First day covered.
    #[must_use]
    pub fn first_day(&self) -> i32 {
        self.date.first_day()
    }

    /// Last day covered (the end of the range or of the date's precision).
    #[must_use]
    pub fn last_day(&self) -> i32 {
        self.date_end
            .map_or_else(|| self.date.last_day(), |e| e.last_day())
    }

    /// Whether the date is uncertain: approximate, a range, coarser than a day, or disputed.
    #[must_use]
    pub fn date_uncertain(&self) -> bool {
        self.approximate || self.date_disputed.is_some() || self.last_day() > self.first_day()
    }

    /// "15 Feb 2021", "Jan–Mar 2007 (approx.)" and the like.
    #[must_use]
    pub fn date_human(&self) -> String {
        let mut s = self.date.human();
        if let Some(end) = &self.date_end {
            s.push_str(" \u{2013} ");
            s.push_str(&end.human());
        }
        if self.approximate {
            s.push_str(" (approx.)");
        }
        if self.date_disputed.is_some() {
            s.push_str(" (disputed)");
        }
        s
    }

    /// Whether an actor is an assessed perpetrator or a claimant of the event.
    #[must_use]
    pub fn involves(&self, actor: &str) -> bool {
        self.involved().any(|a| a == actor)
    }

    /// The assessed perpetrators, then the claimants.
    pub fn involved(&self) -> impl Iterator<Item = &str> {
        self.perpetrators
            .iter()
            .chain(self.claims.iter().map(|c| &c.actor))
            .map(String::as_str)
    }

    /// Who the attribution views evaluate: the assessed perpetrators or, when none is assessed,
    /// those who claimed the event.
    #[must_use]
    pub fn candidates(&self) -> Vec<&str> {
        if self.perpetrators.is_empty() {
            let mut out: Vec<&str> = Vec::new();
            for c in &self.claims {
                if !out.contains(&c.actor.as_str()) {
                    out.push(&c.actor);
                }
            }
            out
        } else {
            self.perpetrators.iter().map(String::as_str).collect()
        }
    }

    /// Deaths used for sizing and filtering (the high end of the range).
    #[must_use]
    pub fn deaths(&self) -> u32 {
        self.killed.as_ref().map_or(0, Count::high)
    }

    /// Ids of the event's own sources and its evidence's sources, without repeats, in order.
    #[must_use]
    pub fn all_source_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let ev = self.evidence.iter().flat_map(|e| e.sources.iter());
        for id in self.sources.iter().chain(ev) {
            if !out.contains(&id.as_str()) {
                out.push(id);
            }
        }
        out
    }
}

/// What a piece of evidence is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BearsOn {
    /// The actor carried out the event.
    Perpetrator(String),
    /// The state instructed, directed or controlled this specific operation.
    Direction(String),
    /// The state gave material support for it.
    Support(String),
    /// The state acknowledged and adopted the conduct as its own.
    Adoption(String),
    /// The state approved or commemorated it (not adoption).
    Approval(String),
    /// The group is completely dependent on the state.
    Dependence {
        /// The group.
        group: String,
        /// The state.
        state: String,
    },
    /// The enclosing tie holds.
    #[default]
    Tie,
}

impl BearsOn {
    /// A short label such as "perpetrator: kh".
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Perpetrator(a) => format!("perpetrator: {a}"),
            Self::Direction(s) => format!("direction by {s}"),
            Self::Support(s) => format!("support by {s}"),
            Self::Adoption(s) => format!("adoption by {s}"),
            Self::Approval(s) => format!("approval by {s}"),
            Self::Dependence { group, state } => format!("dependence of {group} on {state}"),
            Self::Tie => "the tie".to_owned(),
        }
    }

    /// The actor ids it names.
    #[must_use]
    pub fn actors(&self) -> Vec<&str> {
        match self {
            Self::Perpetrator(a)
            | Self::Direction(a)
            | Self::Support(a)
            | Self::Adoption(a)
            | Self::Approval(a) => vec![a.as_str()],
            Self::Dependence { group, state } => vec![group.as_str(), state.as_str()],
            Self::Tie => Vec::new(),
        }
    }
}

/// Whether evidence supports or contradicts what it bears on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stance {
    /// It supports.
    #[default]
    Supports,
    /// It contradicts.
    Contradicts,
}

/// A cell of the ACH matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Consistency {
    /// Consistent with the hypothesis.
    Consistent,
    /// Inconsistent with the hypothesis.
    Inconsistent,
    /// Neither.
    Neutral,
}

/// One graded item of evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Unique id across the case.
    pub id: String,
    /// What the item shows.
    pub shows: String,
    /// What it is about.
    #[serde(default)]
    pub bears_on: BearsOn,
    /// Its sources.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Admiralty grade, e.g. "B2" (parsed by validation).
    pub grade: String,
    /// Why that grade.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub grade_reason: String,
    /// Supports or contradicts.
    #[serde(default)]
    pub stance: Stance,
    /// When it became known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// ACH overrides: hypothesis id → consistency.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ach: BTreeMap<String, Consistency>,
    /// Set when the item is the word of a party with a stake in the question: the actor whose
    /// statement it is (the accused state, the accusing state, the group itself), so that the
    /// grade need not be lowered by hand for it. Validated as an actor reference; the engine
    /// does not weigh it yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interested: Option<String>,
    /// Who first produced the information, when that is not the source's publisher (a wire
    /// report reprinted elsewhere, a government briefing quoted by several outlets): items with
    /// one originator are not independent. Recorded only; the engine does not read it yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originator: Option<String>,
}

impl Evidence {
    /// The parsed grade, or `None` when malformed (validation reports it).
    #[must_use]
    pub fn parsed_grade(&self) -> Option<super::Grade> {
        super::Grade::parse(&self.grade).ok()
    }
}

/// Who attributed which event to whom, when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// Unique id.
    pub id: String,
    /// The event.
    pub event: String,
    /// Who attributed.
    pub by: String,
    /// To whom (empty: could not or would not attribute).
    #[serde(default)]
    pub to: Vec<String>,
    /// When it was said.
    pub date: PartialDate,
    /// Confidence as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// What was said, paraphrased.
    #[serde(default)]
    pub statement: String,
    /// Sources.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A named period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Era {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Start.
    pub start: PartialDate,
    /// End (open when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// An ordered briefing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Steps.
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// One step of a story: an event, a time window, or both, with a caption.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Event to select.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Start of the time window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// End of the time window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Caption.
    #[serde(default)]
    pub caption: String,
    /// Extra sources shown as footnotes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl Case {
    /// The actor with this id.
    #[must_use]
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
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
        self.sources.iter().find(|s| s.id == id)
    }

    /// The event with this id.
    #[must_use]
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// Index of the event with this id.
    #[must_use]
    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == id)
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
        let mut current = id;
        while let Some(parent) = self.actor(current).and_then(|a| a.parent.as_deref()) {
            if out.contains(&parent) {
                break;
            }
            out.push(parent);
            current = parent;
        }
        out
    }
}
