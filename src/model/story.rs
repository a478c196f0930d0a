//! Eras (named periods drawn behind the timeline) and stories (sequences of views with
//! captions, for presenting).

use serde::{Deserialize, Serialize};

use super::date::PartialDate;

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
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub end: Option<PartialDate>,
    /// Description.
    #[serde(default, skip_serializing_if = "super::skip::empty_text")]
    pub description: String,
    /// Sources.
    #[serde(default, skip_serializing_if = "super::skip::empty")]
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
    #[serde(default, skip_serializing_if = "super::skip::empty_text")]
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
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub event: Option<String>,
    /// Start of the time window.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub start: Option<PartialDate>,
    /// End of the time window.
    #[serde(default, skip_serializing_if = "super::skip::none")]
    pub end: Option<PartialDate>,
    /// Caption.
    #[serde(default)]
    pub caption: String,
    /// Extra sources shown as footnotes.
    #[serde(default, skip_serializing_if = "super::skip::empty")]
    pub sources: Vec<String>,
}
