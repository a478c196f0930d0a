//! The network's toolbar: layout, as-of date and play, metrics, fit.

use eframe::egui::{self};

use super::super::{ViewCtx, theme};
use super::{ForceTask, LayoutKind, NetworkView, play_years};
use crate::command::{Command, CommandSender};
use crate::model::TieKind;

impl NetworkView {
    pub(super) fn toolbar_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewCtx<'_>,
        commands: &mut CommandSender,
    ) {
        let years = play_years(ctx.case);
        let presenting = ctx.presenting;
        ui.horizontal_wrapped(|ui| {
            if !presenting {
                ui.label("Layout:");
            }
            let before = self.layout;
            ui.selectable_value(&mut self.layout, LayoutKind::Layered, "Layered")
                .on_hover_text("States on top, then organs, groups, fronts and people");
            ui.selectable_value(&mut self.layout, LayoutKind::Force, "Force")
                .on_hover_text(
                    "Force-directed: linked actors pull together, all others push apart; \
                     starts from the layered positions and settles by itself",
                );
            if self.layout != before {
                self.scene_rect = None;
                if self.layout == LayoutKind::Layered {
                    self.force = ForceTask::default();
                }
            }
            if self.layout == LayoutKind::Force
                && !presenting
                && ui
                    .button("Re-run")
                    .on_hover_text("Forget the force positions and start again from the layered ones (pins stay)")
                    .clicked()
            {
                self.force_positions.clear();
                self.force = ForceTask::default();
            }
            if ui
                .button("Fit")
                .on_hover_text("Zoom to show the whole network (drag to pan, scroll to zoom)")
                .clicked()
            {
                self.scene_rect = None;
            }
            if !self.pins.is_empty()
                && !presenting
                && ui
                    .button(format!("Unpin all ({})", self.pins.len()))
                    .on_hover_text("Let every node you placed by hand go back to its layout")
                    .clicked()
            {
                self.pins.clear();
                self.force.unpin_all(ctx.case.actors.len());
            }
            ui.separator();
            let has_chain = self.styles.hl.links > 0;
            ui.add_enabled(has_chain || self.chain_only, egui::Checkbox::new(&mut self.chain_only, "Chain only"))
                .on_hover_text(
                    "Show only the chain of ties from the state to the selected event's candidates, fitted to the view",
                )
                .on_disabled_hover_text("Select an event whose candidates a chain of ties reaches");
            if !presenting {
                ui.checkbox(&mut self.all_dates, "All dates").on_hover_text(
                    "Show ties whatever their dates; otherwise only those valid on the as-of date",
                );
            }
            let play_label = if self.playing { "Pause" } else { "Play" };
            if ui
                .button(play_label)
                .on_hover_text(format!(
                    "Walk the as-of date from {} to {} and watch ties appear and end",
                    years.0, years.1
                ))
                .clicked()
            {
                if self.playing {
                    self.playing = false;
                } else {
                    if self.as_of_year.is_none_or(|y| y >= years.1) {
                        self.as_of_year = Some(years.0);
                    }
                    self.all_dates = false;
                    self.playing = true;
                }
            }
            if let Some(year) = self.as_of_year.as_mut() {
                // The slider shows whole years; playing moves through fractions of them.
                let mut whole = year.floor();
                let slider = egui::Slider::new(&mut whole, years.0..=years.1)
                    .integer()
                    .text("as of");
                if ui.add(slider).changed() {
                    *year = whole;
                    self.playing = false;
                    self.all_dates = false;
                }
                if ui
                    .small_button("Event date")
                    .on_hover_text("Go back to ties as of the selected event's date")
                    .clicked()
                {
                    self.as_of_year = None;
                    self.playing = false;
                }
            }
            let event = ctx.selected_event.and_then(|i| ctx.case.events.get(i));
            match (self.as_of_day(ctx), self.as_of_year, event) {
                (Some(_), Some(year), _) => ui.label(format!("Ties as of {}", year.floor())),
                (Some(_), None, Some(e)) => ui.label(format!("Ties as of {}", e.date.human())),
                _ => ui.label("All ties"),
            };
            if presenting {
                // The audience sees the graph; the ties legend, hints and metrics stay home.
                return;
            }
            ui.separator();
            ui.toggle_value(&mut self.show_metrics, "Metrics")
                .on_hover_text("Degree, betweenness and events per actor, sortable");
            if let Some(actor) = ctx.selected_actor.and_then(|id| ctx.case.actor(id)) {
                ui.separator();
                let events = ctx.actor_event_count;
                ui.label(format!(
                    "Selected: {} \u{b7} {events} event(s) highlighted on the timeline",
                    actor.name
                ));
                if ui.small_button("Clear").on_hover_text("Clear the actor selection").clicked() {
                    commands.send(Command::SelectActor(None));
                }
            }
        });
        if presenting {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("Ties:").weak());
            for kind in [
                TieKind::Established,
                TieKind::Funds,
                TieKind::Arms,
                TieKind::Trains,
                TieKind::Directs,
                TieKind::FrontFor,
                TieKind::MemberOf,
            ] {
                ui.colored_label(theme::tie_color(kind, ctx.dark), kind.label());
            }
            ui.label(
                egui::RichText::new(format!(
                    "· dashed: no evidence at {} or better · square: state or organ, diamond: \
                     front · drag a node to pin it, double-click to unpin",
                    ctx.bar
                ))
                .weak(),
            );
        });
    }
}
