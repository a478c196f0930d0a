//! Ties between actors and the evidence behind ties and attributions: what an item bears on,
//! its stance and grade, whose statement it is; official attributions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::PartialDate;

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
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub start: Option<PartialDate>,
    /// Valid to (open when absent).
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub end: Option<PartialDate>,
    /// The dates are approximate.
    #[serde(default, skip_serializing_if = "super::skip::is_false")]
    pub approximate: bool,
    /// Free note.
    #[serde(default, skip_serializing_if = "super::skip::none")]
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
    #[serde(default, skip_serializing_if = "super::skip::empty_text")]
    pub grade_reason: String,
    /// Supports or contradicts.
    #[serde(default)]
    pub stance: Stance,
    /// When it became known.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub date: Option<PartialDate>,
    /// ACH overrides: hypothesis id → consistency.
    #[serde(default, skip_serializing_if = "super::skip::empty_map")]
    pub ach: BTreeMap<String, Consistency>,
    /// Set when the item is the word of a party with a stake in the question: the actor whose
    /// statement it is (the accused state, the accusing state, the group itself), so that the
    /// grade need not be lowered by hand for it. Validated as an actor reference; the engine
    /// weighs such an item at half its grade's weight, for and against alike.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub interested: Option<String>,
    /// Who first produced the information, when that is not the source's publisher (a wire
    /// report reprinted elsewhere, a government briefing quoted by several outlets): items with
    /// one originator are not independent: they count once, at the best weight among them.
    #[serde(default, skip_serializing_if = "super::skip::none")]
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
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub confidence: Option<String>,
    /// What was said, paraphrased.
    #[serde(default)]
    pub statement: String,
    /// Sources.
    #[serde(default)]
    pub sources: Vec<String>,
}
