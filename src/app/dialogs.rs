//! The app's dialogs: the problems of a file that did not open, "save the changes first?", and
//! the scripted start of `--event` and `--screenshot`.

use eframe::egui;

use super::ProxylineApp;
use super::files::ask_case_save_path;
use crate::command::{Command, UnsavedAnswer};

impl ProxylineApp {
    /// `--story ID` and `--event ID`: once the case has opened, chooses that story (for F5 and
    /// `--present`) and selects that event; an unknown id is said with the nearest ids.
    pub(super) fn select_when_opened(&mut self, ctx: &egui::Context) {
        if !self.jobs.running().is_empty() {
            return;
        }
        if let Some(id) = self.story_when_ready.take() {
            if let Some(i) = self.case.stories.iter().position(|s| s.id == id) {
                self.stories.story = i;
            } else {
                let ids = self.case.stories.iter().map(|s| s.id.as_str());
                let near = crate::query::nearest::did_you_mean(&id, ids);
                self.refuse_start(ctx, format!("No story \"{id}\" in this case{near}"));
            }
        }
        let Some(id) = self.select_when_ready.take() else {
            return;
        };
        if let Some(i) = self.case.events.iter().position(|e| e.id == id) {
            self.commands.send(Command::SelectEvent(Some(i)));
            return;
        }
        let ids = self.case.events.iter().map(|e| e.id.as_str());
        let near = crate::query::nearest::did_you_mean(&id, ids);
        self.refuse_start(ctx, format!("No event \"{id}\" in this case{near}"));
    }

    /// An unknown `--event` or `--story`: said on stderr and in the status bar; a scripted
    /// screenshot is then not taken (exit 1) rather than show something else.
    fn refuse_start(&mut self, ctx: &egui::Context, message: String) {
        eprintln!("proxyline: {message}");
        self.status = message;
        if self.screenshot_and_quit.take().is_some() {
            self.screenshot_failed
                .store(true, std::sync::atomic::Ordering::Relaxed);
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// `--screenshot`: once the case is open and evaluated and a few frames have settled the
    /// layout, saves the window as PNG through the same path as the PNG export, then closes.
    pub(super) fn scripted_screenshot(&mut self, ctx: &egui::Context) {
        let Some(path) = self.screenshot_and_quit.clone() else {
            return;
        };
        ctx.request_repaint();
        let ready = self.jobs.running().is_empty() && self.verdicts_done >= self.case.events.len();
        if ready && self.present_when_ready {
            self.present_when_ready = false;
            self.commands.send(Command::Present(self.stories.story));
            self.frames = 0;
        }
        if !ready || self.frames <= 10 {
            return;
        }
        self.screenshot_and_quit = None;
        let ctx2 = ctx.clone();
        let failed = self.screenshot_failed.clone();
        ctx.request_screenshot(move |image| {
            match crate::ui::save_png(&image, &path) {
                Ok(message) => println!("{message}"),
                Err(message) => {
                    eprintln!("proxyline: {message}");
                    failed.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            ctx2.send_viewport_cmd(egui::ViewportCommand::Close);
        });
    }

    /// The list of keyboard shortcuts, while open (the status bar's "Keys" opens it).
    pub(super) fn keys_window(&mut self, ctx: &egui::Context) {
        if self.keys_list != super::Shown::Open {
            return;
        }
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                for line in crate::ui::status_bar::KEYS_HELP.lines() {
                    for key in line.split(" \u{b7} ") {
                        ui.label(key.trim());
                    }
                }
            });
        // Esc closes it too (keys.rs).
        if !open {
            self.commands.send(Command::ShowKeys(false));
        }
    }

    /// The problems of a file that did not open, until dismissed.
    pub(super) fn problems_window(&mut self, ctx: &egui::Context) {
        if let Some((file, lines)) = &self.problems {
            let mut open = true;
            egui::Window::new(format!("Problems in {file}"))
                .open(&mut open)
                .default_width(560.0)
                .show(ctx, |ui| {
                    ui.label("The file was not opened; the case that was open stays open. Fix these and open it again:");
                    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        for line in lines {
                            ui.monospace(line);
                        }
                    });
                });
            if !open {
                self.commands.send(Command::DismissProblems);
            }
        }
    }

    /// Asks "save the changes first?" while an action waits for the answer.
    pub(super) fn unsaved_prompt(&mut self, ctx: &egui::Context) {
        if self.pending.is_none() {
            return;
        }
        let commands = &mut self.commands;
        let (heading, question) = if self.unsaved_import {
            (
                "The imported events are not saved",
                "Save the case with them to a file before going on?",
            )
        } else {
            (
                "The stories have unsaved changes",
                "Save them to the case file before going on?",
            )
        };
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading(heading);
            ui.label(question);
            ui.horizontal(|ui| {
                for (label, answer) in [
                    ("Save", UnsavedAnswer::Save),
                    ("Don't save", UnsavedAnswer::DontSave),
                    ("Cancel", UnsavedAnswer::Cancel),
                ] {
                    if ui.button(label).clicked() {
                        commands.send(Command::AnswerUnsaved(answer));
                    }
                }
            });
        });
    }

    /// Applies the answer to "save the changes first?": saves if asked (and stops there if the
    /// save failed), then carries out the waiting action, or drops it.
    pub(super) fn answer_unsaved(&mut self, answer: UnsavedAnswer) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        if answer != UnsavedAnswer::Cancel {
            if answer == UnsavedAnswer::Save {
                let target = self.path.clone().or_else(ask_case_save_path);
                let Some(path) = target else {
                    return;
                };
                self.save_to(&path);
                if self.is_dirty() {
                    // The save failed; the status says why, and nothing is lost.
                    return;
                }
            } else {
                // The user chose to drop the edits: no copy of them is offered later.
                self.recovery.remove();
            }
            self.run_pending(pending);
        }
    }
}
