//! The status bar: which file is open, its warnings, the progress of background work, the
//! keyboard shortcuts and the last status message. It only reads; it has nothing to command.

use crate::command::{Command, CommandSender};
use eframe::egui::{self, RichText};

/// What the status bar shows.
pub struct StatusInfo<'a> {
    /// The open file's name (or the built-in case's).
    pub file: &'a str,
    /// Warnings of the open case.
    pub warnings: &'a [String],
    /// What the background jobs running are doing, and how far they are when they say.
    pub jobs: Vec<(&'a str, Option<f32>)>,
    /// Events evaluated so far, of how many.
    pub evaluated: (usize, usize),
    /// The last status message.
    pub status: &'a str,
}

/// Every keyboard shortcut, as the "Keys" window lists them.
pub const KEYS_HELP: &str = "Tab / Shift+Tab: next / previous event\n\
     + / -: zoom the timeline \u{b7} Left / Right: pan \u{b7} Home: fit all\n\
     Drag: pan (and scroll lanes) \u{b7} Shift-drag: zoom to a range \u{b7} Ctrl-drag: brush a range\n\
     Wheel: scroll the lanes \u{b7} Ctrl+wheel or pinch: zoom \u{b7} Shift+wheel or swipe: pan in time\n\
     Double-click: fit all \u{b7} Esc: clear the selection\n\
     F5: present the story \u{b7} Ctrl +/-: type size\n\
     Ctrl+F: search \u{b7} F6: to the controls (then Tab / Shift+Tab; Esc returns)\n\
     Ctrl+O: open \u{b7} Ctrl+I: import GTD / ACLED / CSV \u{b7} Ctrl+S: save \u{b7} Ctrl+Z / Ctrl+Shift+Z: undo / redo story edits";

/// Draws the status bar; its "Keys" button asks for the list of shortcuts.
pub fn status_bar_ui(ui: &mut egui::Ui, info: &StatusInfo<'_>, commands: &mut CommandSender) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(info.file).weak());
        if !info.warnings.is_empty() {
            ui.label(RichText::new(format!("{} warning(s)", info.warnings.len())).weak())
                .on_hover_text(info.warnings.join("\n"));
        }
        for (job, progress) in &info.jobs {
            ui.spinner();
            match progress {
                Some(p) => {
                    ui.add(
                        egui::ProgressBar::new(*p)
                            .desired_width(220.0)
                            .text(format!("{job} {:.0}%", p * 100.0)),
                    );
                }
                None => {
                    ui.label(RichText::new(*job).weak());
                }
            }
        }
        let (done, n) = info.evaluated;
        if done < n {
            ui.add(
                egui::ProgressBar::new(done as f32 / n as f32)
                    .desired_width(160.0)
                    .text(format!("evaluating {done} of {n} events")),
            )
            .on_hover_text(
                "Verdicts are computed in the background; events still waiting show as n/a",
            );
        }
        if ui
            .small_button("Keys")
            .on_hover_text("List the keyboard shortcuts")
            .clicked()
        {
            commands.send(Command::ShowKeys(true));
        }
        if !info.status.is_empty() {
            ui.separator();
            ui.add(egui::Label::new(info.status).truncate());
        }
    });
}
