//! File > Import: the user's own GTD, ACLED or mapped CSV files are imported into a copy of the
//! open case on a background job (with progress in the status bar); the open case stays usable
//! meanwhile and changes only when the import succeeded. The summary (rows read, events made,
//! rows skipped and why, names linked, actors created) stays on screen until dismissed. The
//! imported case is unsaved: Save asks where to write it, so the file it came from is not
//! overwritten unasked.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::ProxylineApp;
use super::jobs::JobOutput;
use crate::command::Command;
use crate::import::{self, ImportError, Summary};
use crate::model::Case;

/// The file dialog for dataset files (several at once).
pub(super) fn pick_dataset_files() -> Option<Vec<PathBuf>> {
    rfd::FileDialog::new()
        .add_filter("GTD, ACLED or CSV", &["csv", "xlsx", "txt"])
        .add_filter("any file", &["*"])
        .pick_files()
        .filter(|p| !p.is_empty())
}

/// The column mapping beside a plain CSV (`NAME.mapping.ron`), if there is one: how the window
/// reads files that are neither GTD nor ACLED.
fn mapping_beside(path: &Path) -> Option<Result<import::Mapping, String>> {
    let mapping = path.with_extension("mapping.ron");
    mapping.exists().then(|| {
        std::fs::read_to_string(&mapping)
            .map_err(|e| format!("{}: {e}", mapping.display()))
            .and_then(|t| {
                import::Mapping::parse(&t).map_err(|e| format!("{}:{e}", mapping.display()))
            })
    })
}

impl ProxylineApp {
    /// Starts importing files into a copy of the open case.
    pub(super) fn start_import(&mut self, paths: Vec<PathBuf>) {
        let mapping = match paths.iter().find_map(|p| mapping_beside(p)).transpose() {
            Ok(m) => m,
            Err(e) => {
                "Not imported: the column mapping has a problem".clone_into(&mut self.status);
                self.problems = Some(("the column mapping".to_owned(), vec![e]));
                return;
            }
        };
        let names: Vec<String> = paths.iter().map(|p| import::file_name(p)).collect();
        let label = format!("Importing {}", names.join(", "));
        // The open case, shared (not copied) with the import thread.
        let base = std::sync::Arc::clone(&self.case);
        let sender = self.jobs.start_callback(label.clone());
        let id = sender.id();
        let options = import::Options {
            from: None,
            mapping,
        };
        let spawned = std::thread::Builder::new()
            .name(format!("import-{id}"))
            .spawn(move || {
                let mut last = -1.0_f32;
                let result = import::import(&paths, Some(&base), &options, &mut |p| {
                    if p.fraction - last >= 0.01 {
                        last = p.fraction;
                        sender.send(JobOutput::Progress(p.fraction));
                    }
                });
                sender.send(JobOutput::Imported(Box::new(result)));
            });
        match spawned {
            Ok(_) => {
                self.importing = Some(id);
                self.status = format!("{label}\u{2026}");
            }
            Err(e) => {
                self.jobs.forget(id);
                self.status = format!("Could not start the import: {e}");
            }
        }
    }

    /// Takes the result of an import: the new case and its summary, or the problem (the open
    /// case stays as it was).
    pub(super) fn finish_import(&mut self, id: u64, result: Result<(Case, Summary), ImportError>) {
        if self.importing != Some(id) {
            return;
        }
        self.importing = None;
        match result {
            Ok((case, summary)) => {
                let selected = self
                    .selected_event
                    .and_then(|i| self.case.events.get(i))
                    .map(|e| e.id.clone());
                self.case = std::sync::Arc::new(case);
                self.on_new_case();
                // The stories did not change; the events did: the case is unsaved until saved
                // somewhere (Save asks where: the file it came from is not overwritten unasked).
                self.unsaved_import = true;
                self.path = None;
                self.workspace.open_file = None;
                if let Some(id) = selected {
                    self.selected_event = self.case.event_index(&id);
                }
                self.status = format!("Imported: {}. Not saved yet.", summary.headline());
                self.problems = None;
                self.import_summary = Some(summary);
            }
            Err(e) => {
                "Nothing imported: the open case is unchanged".clone_into(&mut self.status);
                self.problems = Some((e.file.clone(), vec![e.to_string()]));
            }
        }
    }

    /// The summary of the last import, until dismissed.
    pub(super) fn import_summary_window(&mut self, ctx: &egui::Context) {
        let Some(summary) = &self.import_summary else {
            return;
        };
        let mut open = true;
        let mut close = false;
        egui::Window::new("Import finished")
            .open(&mut open)
            .default_width(620.0)
            .show(ctx, |ui| {
                ui.label(egui::RichText::new(summary.headline()).strong());
                ui.label(
                    "The events are in the open case and evaluated like the others. The case is not saved yet: File > Save As keeps it.",
                );
                egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                    ui.monospace(summary.details().trim_start());
                });
                ui.horizontal(|ui| {
                    if ui.button("Copy the report").clicked() {
                        ui.ctx().copy_text(summary.text());
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                });
            });
        if !open || close {
            self.commands.send(Command::DismissImportSummary);
        }
    }
}
