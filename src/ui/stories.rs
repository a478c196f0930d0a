//! Stories: the editor window (add the current view as a step, reorder, caption, delete, undo)
//! and the presentation overlays (the step's caption in large type, its sources as footnotes).
//! Like every view, it reads the case and pushes commands; the app applies the edits (and keeps
//! the undo history) in one place.

use eframe::egui::{self, RichText};

use super::ViewCtx;
use crate::command::{Command, CommandSender, StoryEdit};
use crate::report;

/// The story editor's own state.
#[derive(Clone, Debug, Default)]
pub struct StoriesView {
    /// Whether the editor window is open.
    pub open: bool,
    /// The story being edited (index into `case.stories`).
    pub story: usize,
}

impl StoriesView {
    /// Shows the editor window when open.
    pub fn window_ui(
        &mut self,
        ctx: &egui::Context,
        view: &ViewCtx<'_>,
        can_undo: (bool, bool),
        commands: &mut CommandSender,
    ) {
        let mut open = self.open;
        // Below the top bar (two rows on a laptop), not over the controls it is opened from.
        let below_bar = egui::pos2(24.0, 96.0);
        egui::Window::new("Stories")
            .open(&mut open)
            .default_pos(below_bar)
            .default_width(520.0)
            .default_height(520.0)
            .show(ctx, |ui| self.editor_ui(ui, view, can_undo, commands));
        self.open = open;
    }

    fn editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &ViewCtx<'_>,
        (can_undo, can_redo): (bool, bool),
        commands: &mut CommandSender,
    ) {
        let case = view.case;
        ui.horizontal(|ui| {
            if ui
                .button("New story")
                .on_hover_text("Add an empty story to the case")
                .clicked()
            {
                commands.send(Command::EditStory(StoryEdit::New));
                // Point at the story being added (it exists from the next frame).
                self.story = case.stories.len();
            }
            if ui
                .add_enabled(can_undo, egui::Button::new("Undo"))
                .on_hover_text("Undo the last story edit (Ctrl+Z)")
                .clicked()
            {
                commands.send(Command::Undo);
            }
            if ui
                .add_enabled(can_redo, egui::Button::new("Redo"))
                .on_hover_text("Redo (Ctrl+Shift+Z)")
                .clicked()
            {
                commands.send(Command::Redo);
            }
        });
        if case.stories.is_empty() {
            ui.label(
                "This case has no stories yet. A story is a sequence of views with captions, \
                 presented full screen with F5. Press \"New story\" to start one.",
            );
            return;
        }
        // `self.story` may already point at a story that "New story" adds on this frame: this
        // frame shows the last existing one, the next frame the new one.
        let mut si = self.story.min(case.stories.len() - 1);
        egui::ComboBox::from_id_salt("story-pick")
            .selected_text(&case.stories[si].title)
            .width(360.0)
            .show_ui(ui, |ui| {
                for (i, s) in case.stories.iter().enumerate() {
                    if ui.selectable_value(&mut si, i, &s.title).clicked() {
                        self.story = i;
                    }
                }
            });
        let story = &case.stories[si];
        let mut title = story.title.clone();
        ui.horizontal(|ui| {
            let label = ui.label("Title");
            if ui
                .add(egui::TextEdit::singleline(&mut title).desired_width(300.0))
                .labelled_by(label.id)
                .changed()
            {
                commands.send(Command::EditStory(StoryEdit::Rename { story: si, title }));
            }
        });
        ui.horizontal(|ui| {
            if ui
                .button("Present (F5)")
                .on_hover_text("Present this story full screen; arrows step, Esc leaves")
                .clicked()
            {
                commands.send(Command::Present(si));
            }
            if ui
                .button("Add current view as step")
                .on_hover_text("The timeline's window and the selected event become the last step")
                .clicked()
            {
                commands.send(Command::EditStory(StoryEdit::AddCurrentView { story: si }));
            }
            if ui
                .button("Export brief\u{2026}")
                .on_hover_text("Write this story as a Markdown brief with full citations")
                .clicked()
            {
                commands.send(Command::ExportStoryBrief(si));
            }
            if ui
                .button("Delete story")
                .on_hover_text("Delete this story (Undo brings it back)")
                .clicked()
            {
                commands.send(Command::EditStory(StoryEdit::Delete { story: si }));
            }
        });
        ui.separator();
        if story.steps.is_empty() {
            ui.label(
                "No steps yet: select an event and set the timeline's window, then press \
                 \"Add current view as step\".",
            );
        }
        let last = story.steps.len().saturating_sub(1);
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (k, step) in story.steps.iter().enumerate() {
                ui.push_id(("step", si, k), |ui| {
                    let what = step
                        .event
                        .as_deref()
                        .and_then(|e| case.event(e))
                        .map_or("(time window only)".to_owned(), |e| {
                            format!("{} ({})", e.title, e.date_human())
                        });
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(format!("{}.", k + 1)).strong());
                        ui.label(what);
                    });
                    let mut caption = step.caption.clone();
                    if ui
                        .add(
                            egui::TextEdit::multiline(&mut caption)
                                .desired_rows(2)
                                .desired_width(f32::INFINITY)
                                .hint_text("Caption shown in large type when presenting"),
                        )
                        .changed()
                    {
                        commands.send(Command::EditStory(StoryEdit::Caption {
                            story: si,
                            step: k,
                            text: caption,
                        }));
                    }
                    ui.horizontal(|ui| {
                        if ui
                            .small_button("Show")
                            .on_hover_text("Go to this step")
                            .clicked()
                        {
                            commands.send(Command::ShowStep { story: si, step: k });
                        }
                        if ui
                            .add_enabled(k > 0, egui::Button::new("Up").small())
                            .on_hover_text("Move this step earlier")
                            .clicked()
                        {
                            commands.send(Command::EditStory(StoryEdit::MoveStep {
                                story: si,
                                from: k,
                                to: k - 1,
                            }));
                        }
                        if ui
                            .add_enabled(k < last, egui::Button::new("Down").small())
                            .on_hover_text("Move this step later")
                            .clicked()
                        {
                            commands.send(Command::EditStory(StoryEdit::MoveStep {
                                story: si,
                                from: k,
                                to: k + 1,
                            }));
                        }
                        if ui
                            .small_button("Delete step")
                            .on_hover_text("Remove this step (Undo brings it back)")
                            .clicked()
                        {
                            commands.send(Command::EditStory(StoryEdit::DeleteStep {
                                story: si,
                                step: k,
                            }));
                        }
                    });
                    ui.separator();
                });
            }
        });
    }
}

/// The presentation header: story title, step counter and the caption in large type.
pub fn presentation_header_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, story: usize, step: usize) {
    let Some(s) = view.case.stories.get(story) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(&s.title).strong());
        ui.label(format!("Step {} of {}", step + 1, s.steps.len()));
    });
    if let Some(st) = s.steps.get(step) {
        ui.label(RichText::new(&st.caption).heading());
    }
}

/// Footnotes shown at most under a step; the exported brief carries them all.
const SHOWN: usize = 4;

/// The presentation footer: the step's sources as numbered footnotes, and the keys.
pub fn presentation_footer_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, story: usize, step: usize) {
    let Some(st) = view.case.stories.get(story).and_then(|s| s.steps.get(step)) else {
        return;
    };
    let ids = report::step_source_ids(view.case, st);
    for (n, id) in ids.iter().take(SHOWN).enumerate() {
        let text = view
            .case
            .source(id)
            .map_or_else(|| (*id).to_owned(), crate::model::Source::full_citation);
        ui.label(RichText::new(format!("[{}] {text}", n + 1)).small());
    }
    if ids.len() > SHOWN {
        ui.label(
            RichText::new(format!(
                "and {} more source(s) in the exported brief",
                ids.len() - SHOWN
            ))
            .small()
            .weak(),
        );
    }
    ui.label(
        RichText::new(
            "Right / Page Down: next  \u{b7}  Left / Page Up: back  \u{b7}  Ctrl +/-: type size  \u{b7}  Esc: leave",
        )
        .small()
        .weak(),
    );
}
