//! Opening, saving and exporting: files open at once when small and on a background thread
//! when large; a file that fails to open leaves the open case open and shows its problems; file
//! dialogs live here and nowhere else.

use std::path::{Path, PathBuf};

use eframe::egui::util::undoer::Undoer;

use super::jobs::JobOutput;
use super::{Pending, ProxylineApp};
use crate::model::{self, LoadError, Loaded};

impl ProxylineApp {
    /// Opens a file, or keeps the current case and shows the file's problems.
    pub fn open_path(&mut self, path: &Path) {
        // A newer choice wins over a file still loading in the background.
        self.opening = None;
        let result = model::load_path(path);
        self.finish_open(path, result);
    }

    /// Opens a file: small files at once, large ones as a background job (the open case stays
    /// usable and the status bar shows the job meanwhile).
    pub fn open_path_in_background(&mut self, path: PathBuf) {
        /// Files up to this size open at once.
        const AT_ONCE: u64 = 8 * 1024 * 1024;
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        if size <= AT_ONCE {
            self.open_path(&path);
            return;
        }
        let label = format!(
            "Opening {} ({} MiB)\u{2026}",
            path.display(),
            size / (1024 * 1024)
        );
        let fallback = path.clone();
        let spawned = self.jobs.spawn(label.clone(), move || JobOutput::Opened {
            result: Box::new(model::load_path(&path)),
            path,
        });
        match spawned {
            Ok(id) => {
                self.status = label;
                self.opening = Some(id);
            }
            Err(_) => self.open_path(&fallback),
        }
    }

    /// Takes the result of a background open: the latest one asked for, not one a newer
    /// choice replaced.
    pub(super) fn finish_background_open(
        &mut self,
        id: u64,
        path: PathBuf,
        result: Result<Loaded, LoadError>,
    ) {
        if self.opening != Some(id) {
            return;
        }
        self.opening = None;
        if self.is_dirty() {
            // Story edits made while the file loaded are not dropped: ask first (the file is
            // read again on "Don't save" or after saving).
            self.pending = Some(Pending::Open(path));
        } else {
            self.finish_open(&path, result);
        }
    }

    /// Applies the outcome of opening a file: the new case, or its problems (the open case
    /// stays open).
    pub(super) fn finish_open(&mut self, path: &Path, result: Result<Loaded, LoadError>) {
        match result {
            Ok(loaded) => {
                self.case = std::sync::Arc::new(loaded.case);
                self.warnings = loaded.warnings.iter().map(ToString::to_string).collect();
                self.path = Some(path.to_owned());
                self.workspace.open_file = Some(path.to_owned());
                self.workspace.recent.retain(|p| p != path);
                self.workspace.recent.insert(0, path.to_owned());
                self.workspace.recent.truncate(8);
                self.problems = None;
                self.unsaved_import = false;
                self.status = format!("Opened {}", path.display());
                self.on_new_case();
                self.fit_filters_to_case();
            }
            Err(e) => {
                let file = path.display().to_string();
                self.status = format!("Could not open {file}: the open case stays open");
                self.problems = Some((file, e.lines()));
                if matches!(e, LoadError::Io { .. }) {
                    self.workspace.recent.retain(|p| p != path);
                }
            }
        }
    }

    pub(super) fn on_new_case(&mut self) {
        self.saved_stories.clone_from(&self.case.stories);
        self.look_for_recovery();
        self.undoer = Undoer::default();
        // Full screen follows: `frame_ui` leaves it when nothing is presented.
        self.presenting = None;
        self.stories.story = 0;
        self.timeline.reveal_lane_of(None);
        self.selected_event = None;
        self.selected_actor = None;
        self.network.on_new_case(&self.case);
        self.verdicts_for = None;
        self.counts_for = None;
        self.lanes_for = None;
        self.lanes_job = None;
        self.network_job = None;
        self.brush = None;
        // Distinct and sorted: the set does both.
        self.countries = self
            .case
            .events
            .iter()
            .map(|e| e.place.country.as_str())
            .filter(|c| !c.is_empty())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let tl = &self.timeline;
        let (first, last) = (self.case.start.first_day(), self.case.end.last_day());
        if tl.to <= tl.from + 1.0 || tl.to < f64::from(first) || tl.from > f64::from(last) {
            self.timeline.fit(first, last);
        }
    }

    /// Clears remembered filters that name something the open case lacks (they would hide
    /// everything). Not done for the built-in case opened at start-up when a file follows.
    pub(super) fn fit_filters_to_case(&mut self) {
        let filter = &mut self.workspace.filter;
        if filter
            .actor
            .as_ref()
            .is_some_and(|a| self.case.actor(a).is_none())
        {
            filter.actor = None;
        }
        if filter
            .country
            .as_ref()
            .is_some_and(|c| !self.countries.contains(c))
        {
            filter.country = None;
        }
        let (first, last) = (self.case.start.first_day(), self.case.end.last_day());
        if filter.window.is_some_and(|(a, b)| b < first || a > last) {
            filter.window = None;
        }
    }

    /// Reopens the built-in case (keeping the workspace).
    pub(super) fn open_default(&mut self) {
        let ws = self.workspace_to_save();
        // The window stays as it is until `frame_ui` sees that nothing is presented any more.
        let fullscreen = self.window.fullscreen;
        // The clipboard stays open: on X11 what was copied lives as long as its owner.
        let clipboard = self.clipboard.take();
        *self = Self::with_default_case(ws);
        self.window.fullscreen = fullscreen;
        self.clipboard = clipboard;
        self.workspace.open_file = None;
        self.fit_filters_to_case();
    }

    /// Carries out an action that waited for "save the changes first?".
    pub(super) fn run_pending(&mut self, pending: Pending) {
        match pending {
            Pending::Open(p) => self.open_path_in_background(p),
            Pending::OpenDialog => {
                // The answer was given: the dialog opens without asking again.
                if let Some(path) = pick_case_file() {
                    self.open_path_in_background(path);
                }
            }
            Pending::OpenDefault => self.open_default(),
            Pending::Close => {
                self.window.allow_close = true;
                self.window.close_now = true;
            }
        }
    }

    pub(super) fn save_to(&mut self, path: &Path) {
        // Only the stories list of the file's own text is replaced when only stories changed
        // (comments and layout stay): the text at the target, else the one the case came from.
        let origin = match &self.path {
            Some(p) if p != path && !self.unsaved_import => std::fs::read_to_string(p).ok(),
            None if !self.unsaved_import => Some(model::DEFAULT_CASE_RON.to_owned()),
            _ => None,
        };
        let saved = if self.unsaved_import {
            model::save_path(&self.case, path).map(|()| false)
        } else {
            model::splice::save_keeping_text(&self.case, path, origin.as_deref())
        };
        self.status = match saved {
            Ok(kept) => {
                let how = if kept {
                    " (only the stories were rewritten; comments and layout kept)"
                } else {
                    ""
                };
                self.saved_stories.clone_from(&self.case.stories);
                self.unsaved_import = false;
                self.recovery.remove();
                self.path = Some(path.to_owned());
                self.workspace.open_file = Some(path.to_owned());
                format!("Saved {}{how}", path.display())
            }
            Err(e) => format!("Not saved: {e}"),
        };
    }

    /// The visible events (in timeline order) as CSV: what "Export visible events" writes.
    pub fn visible_csv(&self) -> Result<String, csv::Error> {
        let order = self.visible_order();
        let events: Vec<&model::Event> = order.iter().map(|&i| &self.case.events[i]).collect();
        let verdicts = self.export_verdicts(&events);
        crate::export::to_csv(&events, Some(&verdicts))
    }

    /// The headline verdicts of some events for an export, as the timeline shows them (state,
    /// bar and as-of date).
    pub(super) fn export_verdicts(&self, events: &[&model::Event]) -> crate::export::Verdicts {
        crate::export::Verdicts::of(&self.case, events, &self.state(), self.bar(), self.as_of)
    }

    /// Asks where to write an export (file dialogs live here, at app level), writes it, and says
    /// in the status bar what happened.
    pub(super) fn write_with_dialog(
        &mut self,
        name: &str,
        filter: (&str, &str),
        text: &str,
        what: &str,
    ) {
        let Some(path) = rfd::FileDialog::new()
            .add_filter(filter.0, &[filter.1])
            .set_file_name(name)
            .save_file()
        else {
            "Export cancelled".clone_into(&mut self.status);
            return;
        };
        // Atomic, as saves are: a failed or interrupted export never leaves half a file.
        self.status = match model::load::write_atomic(text.as_bytes(), &path) {
            Ok(()) => format!("Wrote {what} to {}", path.display()),
            Err(e) => format!("Could not export: {e}"),
        };
    }
}

/// The open dialog for case files.
pub(super) fn pick_case_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("proxyline case", &["ron", "plcase"])
        .add_filter("proxyline case (RON)", &["ron"])
        .add_filter("proxyline case (binary)", &["plcase"])
        .pick_file()
}

/// The save dialog for case files.
pub(super) fn ask_case_save_path() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("proxyline case (RON, readable and editable)", &["ron"])
        .add_filter("proxyline case (binary, for large cases)", &["plcase"])
        .set_file_name("case.ron")
        .save_file()
}
