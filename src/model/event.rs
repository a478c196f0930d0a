//! Events: what happened (kind, date, place, tolls with who reported which figure), who is
//! assessed or claimed to have done it, and the hypotheses weighed about it.

use serde::{Deserialize, Serialize};

use super::date::PartialDate;
use super::evidence::Evidence;

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
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub lat: Option<f64>,
    /// Longitude in degrees.
    #[serde(default, skip_serializing_if = "super::skip::none")]
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
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub max: Option<u32>,
    /// Free note.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub note: Option<String>,
}

/// A number of people killed or wounded: one figure or a range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// The figure, or the low end of the range.
    pub min: u32,
    /// The high end of the range.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub max: Option<u32>,
    /// The figure is approximate.
    #[serde(default, skip_serializing_if = "super::skip::is_false")]
    pub approximate: bool,
    /// Which source reports which figure.
    #[serde(default, skip_serializing_if = "super::skip::empty")]
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
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub date: Option<PartialDate>,
    /// Where the claim is reported.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "super::skip::none")]
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
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub date_end: Option<PartialDate>,
    /// The date is approximate.
    #[serde(default, skip_serializing_if = "super::skip::is_false")]
    pub approximate: bool,
    /// Sources disagree on the date: who says what.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub date_disputed: Option<String>,
    /// Knowingly outside the case's range.
    #[serde(default, skip_serializing_if = "super::skip::is_false")]
    pub outside_range: bool,
    /// Where.
    pub place: Place,
    /// Kind.
    pub kind: EventKind,
    /// People killed.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub killed: Option<Count>,
    /// People wounded.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub wounded: Option<Count>,
    /// What was targeted.
    #[serde(default, skip_serializing_if = "super::skip::empty")]
    pub targets: Vec<String>,
    /// Who is assessed responsible.
    #[serde(default)]
    pub perpetrators: Vec<String>,
    /// Claims of responsibility.
    #[serde(default, skip_serializing_if = "super::skip::empty")]
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
    #[serde(default, skip_serializing_if = "super::skip::empty")]
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
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let ev = self.evidence.iter().flat_map(|e| e.sources.iter());
        self.sources
            .iter()
            .chain(ev)
            .map(String::as_str)
            .filter(|id| seen.insert(id))
            .collect()
    }
}
