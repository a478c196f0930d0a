//! The workspace: the preferences that persist across restarts (theme, standard, bar, recent
//! files, filter, the timeline's window, the network's settings, type scales). Case data goes
//! through load and save, never through here.

use std::path::PathBuf;

use crate::attribution::Standard;
use crate::query::Filter;
use crate::ui::{network::NetworkPrefs, timeline::TimelinePrefs};

/// What persists across restarts (UI preferences only; case data goes through load/save).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Workspace {
    /// Dark theme.
    pub dark: bool,
    /// The active standard.
    pub standard: Standard,
    /// The evidence bar as text (e.g. "C3").
    pub bar: String,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// The file that was open (none for the built-in case).
    pub open_file: Option<PathBuf>,
    /// The filter.
    pub filter: Filter,
    /// The timeline's window and lanes.
    pub timeline: TimelinePrefs,
    /// The network's settings.
    pub network: NetworkPrefs,
    /// Type scale of the normal view (Ctrl +/- changes it).
    pub ui_scale: f32,
    /// Type scale of presentation mode (Ctrl +/- while presenting changes it).
    pub present_scale: f32,
}

impl Default for Workspace {
    fn default() -> Self {
        Self {
            dark: true,
            standard: Standard::EffectiveControl,
            bar: "C3".to_owned(),
            recent: Vec::new(),
            open_file: None,
            filter: Filter::default(),
            timeline: TimelinePrefs::default(),
            network: NetworkPrefs::default(),
            ui_scale: 1.0,
            present_scale: 1.35,
        }
    }
}
