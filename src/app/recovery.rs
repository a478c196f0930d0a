//! Crash recovery of story edits: stories are the one thing the window edits, and until Save
//! they live only in memory. Thirty seconds after the last edit (when the user pauses), a copy
//! of the stories and the name of the case they belong to is written to `recovery.ron` in the
//! app's data folder (`eframe::storage_dir`: `~/.local/share/proxyline` on Linux). Saving, or
//! discarding the edits, removes it. When the window opens that case again and the copy differs
//! from what the file holds, a window offers to restore the edits or discard them.

use std::path::{Path, PathBuf};

use eframe::egui;
use serde::{Deserialize, Serialize};

use super::ProxylineApp;
use crate::command::Command;
use crate::model::{self, Story};

/// The recovery copy's file name, in the data folder.
pub const FILE: &str = "recovery.ron";

/// Seconds of quiet after an edit before the copy is written.
pub const IDLE: f64 = 30.0;

/// What a recovery copy holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    /// The case file the stories belong to (`None`: the built-in case).
    pub case: Option<PathBuf>,
    /// The case's title, for the offer.
    pub title: String,
    /// When the copy was made (seconds since 1970).
    pub written: u64,
    /// The stories as they were.
    pub stories: Vec<Story>,
}

/// Where the app keeps its recovery copy and what it has done with it.
#[derive(Debug, Default)]
pub struct RecoveryState {
    /// The data folder (`None`: no recovery copies, as in tests unless they set one).
    pub dir: Option<PathBuf>,
    /// The stories as last seen, and when they last changed (input time, seconds).
    seen: Option<(Vec<Story>, f64)>,
    /// Whether the stories as last seen are in the copy.
    written: bool,
    /// A copy found for the open case, offered to the user.
    pub offer: Option<Recovery>,
    /// Seconds of quiet after an edit before the copy is written ([`IDLE`]; tests shorten it).
    pub idle: Option<f64>,
}

impl RecoveryState {
    fn path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(FILE))
    }

    /// Reads the copy, if there is one that loads.
    fn read(&self) -> Option<Recovery> {
        let text = std::fs::read_to_string(self.path()?).ok()?;
        ron::from_str(&text).ok()
    }

    /// Removes the copy (after a save, a discard, or a restore that the case now holds).
    pub fn remove(&mut self) {
        if let Some(p) = self.path() {
            let _ = std::fs::remove_file(p);
        }
        self.written = true;
    }
}

impl ProxylineApp {
    /// Keeps the recovery copy in step with the stories: called once a frame with the input time.
    pub(super) fn keep_recovery_copy(&mut self, now: f64) {
        if self.recovery.dir.is_none() {
            return;
        }
        let changed = self
            .recovery
            .seen
            .as_ref()
            .is_none_or(|(s, _)| *s != self.case.stories);
        if changed {
            self.recovery.seen = Some((self.case.stories.clone(), now));
            self.recovery.written = false;
        }
        let since = self.recovery.seen.as_ref().map_or(now, |(_, t)| *t);
        if self.recovery.written || now - since < self.recovery.idle.unwrap_or(IDLE) {
            return;
        }
        if self.case.stories == self.saved_stories {
            self.recovery.remove();
            return;
        }
        let copy = Recovery {
            case: self.path.clone(),
            title: self.case.title.clone(),
            written: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            stories: self.case.stories.clone(),
        };
        self.recovery.written = true;
        let (Some(dir), Some(path)) = (self.recovery.dir.clone(), self.recovery.path()) else {
            return;
        };
        let text = ron::ser::to_string_pretty(&copy, ron::ser::PrettyConfig::new());
        let result = std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| text.map_err(|e| e.to_string()))
            .and_then(|t| {
                model::load::write_atomic(t.as_bytes(), &path).map_err(|e| e.to_string())
            });
        if let Err(e) = result {
            self.status = format!("Could not keep a recovery copy of the story edits: {e}");
        }
    }

    /// Seconds until a pending recovery copy is due (so that a frame comes then), if one is.
    pub(super) fn recovery_copy_due(&self, now: f64) -> Option<f64> {
        if self.recovery.dir.is_none() || self.recovery.written {
            return None;
        }
        let since = self.recovery.seen.as_ref().map_or(now, |(_, t)| *t);
        Some((self.recovery.idle.unwrap_or(IDLE) - (now - since)).max(0.0) + 0.05)
    }

    /// After a case opens: a recovery copy for it, differing from what it holds, is offered.
    pub fn look_for_recovery(&mut self) {
        self.recovery.seen = None;
        self.recovery.written = true;
        let Some(copy) = self.recovery.read() else {
            return;
        };
        let same_case = copy.case.as_deref().map(Path::to_path_buf) == self.path;
        if same_case && copy.stories != self.case.stories {
            self.recovery.offer = Some(copy);
        }
    }

    /// The offer to restore recovered story edits, while there is one.
    pub(super) fn recovery_window(&mut self, ctx: &egui::Context) {
        let Some(copy) = &self.recovery.offer else {
            return;
        };
        let steps: usize = copy.stories.iter().map(|s| s.steps.len()).sum();
        let mut answer = None;
        egui::Window::new("Unsaved story edits found")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                let when = i64::try_from(copy.written)
                    .ok()
                    .and_then(|s| jiff::Timestamp::from_second(s).ok())
                    .map_or_else(String::new, |t| format!(" at {}", t.strftime("%Y-%m-%d %H:%M UTC")));
                ui.label(format!(
                    "proxyline closed before story edits to \"{}\" were saved. A copy was kept{when}: \
                     {} stories, {steps} steps.",
                    copy.title,
                    copy.stories.len()
                ));
                ui.label("Restore them (they stay unsaved until you save), or discard the copy?");
                ui.horizontal(|ui| {
                    if ui
                        .button("Restore the edits")
                        .on_hover_text("Replace the stories with the recovered ones")
                        .clicked()
                    {
                        answer = Some(true);
                    }
                    if ui
                        .button("Discard the copy")
                        .on_hover_text("Keep the stories as the file has them")
                        .clicked()
                    {
                        answer = Some(false);
                    }
                });
            });
        if let Some(restore) = answer {
            self.commands.send(Command::AnswerRecovery(restore));
        }
    }

    /// Applies the answer to the offer (from [`Command::AnswerRecovery`]).
    pub(super) fn answer_recovery(&mut self, restore: bool) {
        let Some(copy) = self.recovery.offer.take() else {
            return;
        };
        if restore {
            std::sync::Arc::make_mut(&mut self.case).stories = copy.stories;
            "Restored the unsaved story edits (not saved yet)".clone_into(&mut self.status);
            // The copy stays until the edits are saved: they are still unsaved.
            self.recovery.seen = None;
            self.recovery.written = false;
        } else {
            self.recovery.remove();
            "Discarded the recovered story edits".clone_into(&mut self.status);
        }
    }
}
