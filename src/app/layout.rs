//! The frame: applies the theme, takes dropped files and finished background work, then lays
//! out the panels (top bar, status bar, side panel, network, timeline, story editor, dialogs)
//! and applies the frame's commands.

use std::path::PathBuf;

use eframe::egui::{self, RichText};

use super::ProxylineApp;
use super::derived::{LEGEND, verdict_slot};
use crate::command::Command;
use crate::model;
use crate::ui::{
    ViewCtx,
    status_bar::{StatusInfo, status_bar_ui},
    stories, theme,
    top_bar::TopBarCtx,
};

impl ProxylineApp {
    /// Lays out the whole window and applies the frame's commands.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let presenting = self.presenting.is_some();
        // The only place that makes the window full screen or not: it is while presenting.
        if self.window.fullscreen != presenting {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(presenting));
            self.window.fullscreen = presenting;
        }
        if std::mem::take(&mut self.window.close_now) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let scale = if presenting {
            // Large type in proportion to the screen: the same story reads on a laptop and on a
            // projector (the window's width in physical points, before zoom).
            let width = ctx.content_rect().width() * ctx.zoom_factor();
            self.workspace.present_scale * (width / 1600.0).clamp(0.8, 1.4)
        } else {
            self.workspace.ui_scale
        };
        let theme_key = (self.workspace.dark, (scale * 100.0) as u32, presenting);
        if self.applied_theme != Some(theme_key) {
            theme::apply(&ctx, self.workspace.dark, scale, presenting);
            self.applied_theme = Some(theme_key);
        }
        if ctx.input(|i| i.viewport().close_requested())
            && self.is_dirty()
            && !self.window.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.commands.send(Command::AskBeforeClosing);
        }
        // The frame: finished jobs, then keys, derived data, the views, and the commands.
        self.apply_jobs();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // A dropped case file opens; dropped dataset files (CSV, XLSX) are imported together.
        let (cases, data): (Vec<PathBuf>, Vec<PathBuf>) = dropped.into_iter().partition(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron") || e.eq_ignore_ascii_case("plcase"))
        });
        for p in cases {
            self.commands.send(Command::Open(p));
        }
        if !data.is_empty() {
            self.commands.send(Command::Import(data));
        }
        if self.pending.is_none() {
            self.keys(&ctx);
        }
        self.frames += 1;
        self.select_when_opened(&ctx);
        self.scripted_screenshot(&ctx);
        if !self.jobs.running().is_empty() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if self.refresh(ctx.input(|i| i.time)) {
            ctx.request_repaint();
        }
        self.keep_recovery_copy(ctx.input(|i| i.time));
        if let Some(wait) = self.recovery_copy_due(ctx.input(|i| i.time)) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }

        let state = self.state();
        // Presenting ignores the live search and filters (see `refresh_derived`).
        let no_filter = crate::query::Filter::default();
        let view = ViewCtx {
            case: &self.case,
            selected_event: self.selected_event,
            selected_actor: self.selected_actor.as_deref(),
            state: &state,
            standard: self.workspace.standard,
            bar: self.bar(),
            as_of: self.as_of,
            verdicts: &self.verdicts,
            filter: if presenting {
                &no_filter
            } else {
                &self.workspace.filter
            },
            dark: self.workspace.dark,
            brush: self.brush,
            presenting,
            brushed_actors: self.brush.map(|_| &self.brushed_actors),
            actor_event_count: self.actor_events.1,
            highlighted_actors: self.highlighted_actors.as_ref(),
            met_counts: &self.met_counts,
        };
        if !presenting {
            let bar_ctx = TopBarCtx {
                recent: &self.workspace.recent,
                countries: &self.countries,
                stories_open: self.stories.open,
                story: self.stories.story,
                dirty: self.is_dirty(),
                imported: self.unsaved_import,
            };
            egui::Panel::top("top").show(ui, |ui| {
                self.top_bar.ui(ui, &view, &bar_ctx, &mut self.commands);
            });
            let file = self
                .path
                .as_ref()
                .map_or(model::DEFAULT_CASE_NAME.to_owned(), |p| {
                    p.display().to_string()
                });
            let file = if self.unsaved_import {
                "unsaved case with imported events (File > Save As)".to_owned()
            } else {
                file
            };
            let info = StatusInfo {
                file: &file,
                warnings: &self.warnings,
                jobs: self
                    .jobs
                    .running()
                    .iter()
                    .map(|j| (j.label.as_str(), j.progress))
                    .collect(),
                evaluated: (self.verdicts_done, self.case.events.len()),
                status: &self.status,
            };
            egui::Panel::bottom("status").show(ui, |ui| {
                status_bar_ui(ui, &info, &mut self.commands);
            });
        }
        if let Some((story, step)) = self.presenting {
            egui::Panel::top("present-head").show(ui, |ui| {
                ui.add_space(6.0);
                stories::presentation_header_ui(ui, &view, story, step);
                ui.add_space(6.0);
            });
            egui::Panel::bottom("present-foot").show(ui, |ui| {
                ui.add_space(4.0);
                stories::presentation_footer_ui(ui, &view, story, step);
            });
        }
        // Presentation keeps its own panel sizes, in proportion to the screen.
        let (width, height) = (ui.available_width(), ui.available_height());
        let (details_id, network_id) = if presenting {
            ("present-details", "present-network")
        } else {
            ("details", "network")
        };
        // Presenting a step with an event: its reasoning, fitted to the screen (slide.rs); a
        // step that is only a time window leaves the screen to the timeline and network.
        let presented_event = self
            .presenting
            .and_then(|(story, step)| self.case.stories.get(story)?.steps.get(step))
            .and_then(|st| st.event.as_deref())
            .and_then(|id| self.case.event(id));
        if let Some(event) = presented_event {
            egui::Panel::right(details_id)
                .resizable(false)
                .exact_size(width * 0.5)
                .show(ui, |ui| {
                    ui.add_space(4.0);
                    self.slide.ui(ui, &view, event);
                });
        } else if !presenting {
            egui::Panel::right(details_id)
                .resizable(true)
                .default_size(420.0)
                .min_size(280.0)
                .show(ui, |ui| {
                    self.details.ui(ui, &view, &mut self.commands);
                });
        }
        egui::Panel::bottom(network_id)
            .resizable(true)
            // About half the height: the network got 230 px of 1080 under a half-empty
            // timeline. The split can be dragged, and egui remembers where it was left.
            .default_size(height * if presenting { 0.42 } else { 0.45 })
            .min_size(120.0)
            .max_size(height * 0.6)
            .show(ui, |ui| {
                self.network.ui(ui, &view, &mut self.commands);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if !presenting {
                    ui.label(RichText::new(&self.case.title).strong());
                }
                ui.label("\u{b7} colour = verdict under");
                ui.label(RichText::new(self.workspace.standard.name()).strong());
                for v in LEGEND {
                    ui.colored_label(
                        theme::verdict_color(v, self.workspace.dark),
                        format!("{} ({})", v.label(), self.verdict_counts[verdict_slot(v)]),
                    )
                    .on_hover_text("Events with this verdict under the active standard");
                }
                if !presenting {
                    ui.label(
                        "\u{b7} circle: attack, triangle: state strike, square: legal act; ring: uncertain date",
                    );
                }
            });
            self.timeline.ui(ui, &view, &mut self.commands);
        });
        if !presenting {
            self.stories.window_ui(
                &ctx,
                &view,
                (
                    self.undoer.has_undo(&self.case.stories),
                    self.undoer.has_redo(&self.case.stories),
                ),
                &mut self.commands,
            );
        }
        self.actor_card.ui(&ctx, &view, &mut self.commands);
        self.problems_window(&ctx);
        self.keys_window(&ctx);
        self.recovery_window(&ctx);
        self.import_summary_window(&ctx);
        self.unsaved_prompt(&ctx);
        self.undoer
            .feed_state(ctx.input(|i| i.time), &self.case.stories);
        self.apply(&ctx);
        self.focus_last_frame = ctx.memory(|m| m.focused().is_some());
    }
}
