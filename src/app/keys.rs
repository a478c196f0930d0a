//! Keyboard shortcuts: while presenting (step, leave) and otherwise (type size, open, save,
//! undo, stepping through events, zooming and panning the timeline). Every key sends a command;
//! only focus moves are done here, since they belong to egui's memory, not to the app's state.

use eframe::egui::{self, Key};

use super::ProxylineApp;
use crate::command::Command;

impl ProxylineApp {
    /// Keys while presenting: steps, type size, leaving. Returns whether presenting.
    pub(super) fn presentation_keys(&mut self, ctx: &egui::Context) -> bool {
        if self.presenting.is_none() {
            return false;
        }
        ctx.input_mut(|i| {
            let none = egui::Modifiers::NONE;
            let next = [
                Key::ArrowRight,
                Key::PageDown,
                Key::ArrowDown,
                Key::Space,
                Key::Enter,
            ];
            let back = [Key::ArrowLeft, Key::PageUp, Key::ArrowUp, Key::Backspace];
            if next.iter().any(|k| i.consume_key(none, *k)) {
                self.commands.send(Command::PresentStep(1));
            }
            if back.iter().any(|k| i.consume_key(none, *k)) {
                self.commands.send(Command::PresentStep(-1));
            }
            if i.consume_key(none, Key::Escape) || i.consume_key(none, Key::F5) {
                self.commands.send(Command::StopPresenting);
            }
        });
        true
    }

    pub(super) fn keys(&mut self, ctx: &egui::Context) {
        // Esc closes the list of shortcuts first, whatever has the focus.
        if self.keys_list == super::Shown::Open
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            self.commands.send(Command::ShowKeys(false));
            return;
        }
        // Ctrl +/- scale the type (egui's own zoom keys are turned off in `theme::apply`).
        ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND, Key::Plus)
                || i.consume_key(egui::Modifiers::COMMAND, Key::Equals)
            {
                self.commands.send(Command::ScaleType(1.1));
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::Minus) {
                self.commands.send(Command::ScaleType(1.0 / 1.1));
            }
            // Open and save work even while typing a caption (text boxes do not use them).
            if i.consume_key(egui::Modifiers::COMMAND, Key::O) {
                self.commands.send(Command::OpenDialog);
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::I) {
                self.commands.send(Command::ImportDialog);
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::S) {
                self.commands.send(Command::Save);
            }
        });
        if self.presentation_keys(ctx) {
            return;
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F5)) {
            self.commands.send(Command::Present(self.stories.story));
        }
        // Ctrl+F: to the search box. F6: from the timeline to the controls, where Tab and
        // Shift+Tab then move between widgets (Esc comes back).
        if let Some(id) = self.top_bar.search_id()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::F))
        {
            ctx.memory_mut(|m| m.request_focus(id));
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F6)) {
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::Next));
        }
        if ctx.text_edit_focused() {
            return;
        }
        ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z)
                || i.consume_key(egui::Modifiers::COMMAND, Key::Y)
            {
                self.commands.send(Command::Redo);
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::Z) {
                self.commands.send(Command::Undo);
            }
        });
        // Tab and Shift+Tab step through events while no widget has the keyboard focus; once a
        // widget has it (a keyboard user tabbing through the controls), Tab moves the focus as
        // usual, and Esc gives it back to the timeline.
        if ctx.memory(|m| m.focused().is_none()) {
            let step = ctx.input_mut(|i| {
                if i.consume_key(egui::Modifiers::SHIFT, Key::Tab) {
                    -1
                } else {
                    i32::from(i.consume_key(egui::Modifiers::NONE, Key::Tab))
                }
            });
            if step != 0 {
                // egui would otherwise hand the focus to the first widget on this Tab.
                ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
                self.commands.send(Command::StepEvent(step));
            }
        } else if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
            if let Some(id) = ctx.memory(egui::Memory::focused) {
                ctx.memory_mut(|m| m.surrender_focus(id));
            }
            return;
        }
        // egui itself drops the focus on Esc before this runs: an Esc that only left a focused
        // widget must not also clear the selection.
        let had_focus = self.focus_last_frame;
        let commands = &mut self.commands;
        ctx.input_mut(|i| {
            let none = egui::Modifiers::NONE;
            if i.consume_key(none, Key::Plus) || i.consume_key(none, Key::Equals) {
                commands.send(Command::ZoomTimeline(0.7));
            }
            if i.consume_key(none, Key::Minus) {
                commands.send(Command::ZoomTimeline(1.0 / 0.7));
            }
            if i.consume_key(none, Key::ArrowLeft) {
                commands.send(Command::PanTimeline(-0.15));
            }
            if i.consume_key(none, Key::ArrowRight) {
                commands.send(Command::PanTimeline(0.15));
            }
            if i.consume_key(none, Key::Home) {
                commands.send(Command::FitTimeline);
            }
            if i.consume_key(none, Key::Escape) && !had_focus {
                commands.send(Command::SelectEvent(None));
            }
        });
    }
}
