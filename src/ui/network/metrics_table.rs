//! The metrics table beside the graph: degree, betweenness and events per actor, sortable.

use eframe::egui::{self, Color32, Pos2, Shape, Stroke, Vec2};

use super::super::ViewCtx;
use super::NetworkView;
use crate::command::{Command, CommandSender};

/// A column of the metrics table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MetricColumn {
    /// The actor's name.
    Name,
    /// Ties and parent links.
    Degree,
    /// Betweenness centrality.
    #[default]
    Betweenness,
    /// Events as perpetrator.
    Events,
}

impl MetricColumn {
    const ALL: [Self; 4] = [Self::Name, Self::Degree, Self::Betweenness, Self::Events];

    fn label(self) -> &'static str {
        match self {
            Self::Name => "Actor",
            Self::Degree => "Degree",
            Self::Betweenness => "Betweenness",
            Self::Events => "Events",
        }
    }

    /// The header shown (the table is narrow).
    fn short(self) -> &'static str {
        match self {
            Self::Name => "Actor",
            Self::Degree => "Deg",
            Self::Betweenness => "Betw",
            Self::Events => "Ev",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Self::Name => "Sort by name",
            Self::Degree => "Ties and parent links touching the actor",
            Self::Betweenness => {
                "How many shortest connections between other actors pass through this one \
                 (Brandes; above 2000 actors, estimated from 256 sampled sources)"
            }
            Self::Events => "Events naming the actor as a perpetrator",
        }
    }
}

/// Rows the metrics table shows at most.
pub(super) const METRIC_ROWS: usize = 300;

impl NetworkView {
    pub(super) fn metrics_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewCtx<'_>,
        commands: &mut CommandSender,
    ) {
        let case = ctx.case;
        ui.strong("Actor metrics");
        ui.label(
            egui::RichText::new(
                "All ties, whatever their dates. Click a header to sort, a name to select.",
            )
            .weak(),
        );
        let (column, ascending) = self.sort;
        let descending = !ascending;
        let mut order: Vec<usize> = (0..case.actors.len().min(self.metrics.len())).collect();
        order.sort_by(|&a, &b| {
            let (ma, mb) = (self.metrics[a], self.metrics[b]);
            let by = match column {
                MetricColumn::Name => case.actors[a].name.cmp(&case.actors[b].name),
                MetricColumn::Degree => ma.degree.cmp(&mb.degree),
                MetricColumn::Betweenness => ma.betweenness.total_cmp(&mb.betweenness),
                MetricColumn::Events => ma.events.cmp(&mb.events),
            };
            let by = if descending { by.reverse() } else { by };
            by.then_with(|| case.actors[a].name.cmp(&case.actors[b].name))
        });
        egui::ScrollArea::vertical().show(ui, |ui| {
            // Numbers get the width of their short headers; names get the rest, elided (their
            // tooltips give them whole), so the table stays as narrow as its panel.
            let spacing = Vec2::new(6.0, ui.spacing().item_spacing.y);
            let font = egui::TextStyle::Button.resolve(ui.style());
            let pad = 2.0 * ui.spacing().button_padding.x;
            let text_width = |text: &str| {
                ui.painter()
                    .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
                    .size()
                    .x
            };
            // Headers end in spaces: room for the sort triangle (the app's fonts have no arrows).
            let header = |col: MetricColumn| format!("{}   ", col.short());
            let arrow = text_width("   ");
            let widths = MetricColumn::ALL
                .map(|col| text_width(&header(col)).max(text_width("888.8")) + pad);
            let numbers: f32 = widths[1..].iter().sum::<f32>() + 3.0 * spacing.x;
            let name_width = (ui.available_width() - numbers).max(widths[0]).floor();
            let height = ui.spacing().interact_size.y;
            let cell = |ui: &mut egui::Ui,
                        width: f32,
                        layout: egui::Layout,
                        add: &mut dyn FnMut(&mut egui::Ui)| {
                ui.allocate_ui_with_layout(Vec2::new(width, height), layout, |ui| {
                    ui.set_width(width);
                    add(ui);
                });
            };
            let left = egui::Layout::left_to_right(egui::Align::Center);
            let right = egui::Layout::right_to_left(egui::Align::Center);
            egui::Grid::new("network-metrics-grid")
                .striped(true)
                .num_columns(4)
                .spacing(spacing)
                .show(ui, |ui| {
                    for (k, col) in MetricColumn::ALL.into_iter().enumerate() {
                        let sorted = col == column;
                        let mark = match (sorted, descending) {
                            (false, _) => "",
                            (true, true) => " (desc)",
                            (true, false) => " (asc)",
                        };
                        let (width, layout) = if k == 0 {
                            (name_width, left)
                        } else {
                            (widths[k], right)
                        };
                        cell(ui, width, layout, &mut |ui| {
                            // The sort column is lit, with a triangle for its direction.
                            let resp = ui
                                .add(
                                    egui::Button::selectable(sorted, header(col))
                                        .min_size(Vec2::new(widths[k], 0.0)),
                                )
                                .on_hover_text(format!("{}{mark}: {}", col.label(), col.hint()));
                            if sorted {
                                let r = resp.rect;
                                let c =
                                    Pos2::new(r.right() - pad / 2.0 - arrow / 2.0, r.center().y);
                                let (h, w) = (arrow * 0.3, arrow * 0.35);
                                let tip = if descending { h } else { -h };
                                ui.painter().add(Shape::convex_polygon(
                                    vec![
                                        c + Vec2::new(-w, -tip),
                                        c + Vec2::new(w, -tip),
                                        c + Vec2::new(0.0, tip),
                                    ],
                                    ui.visuals().selection.stroke.color,
                                    Stroke::NONE,
                                ));
                            }
                            // Screen readers (and tests) get the whole header.
                            let info = format!("{}{mark}", col.label());
                            resp.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Button, true, &info)
                            });
                            if resp.clicked() {
                                self.sort = if col == column {
                                    (col, !ascending)
                                } else {
                                    (col, col == MetricColumn::Name)
                                };
                            }
                        });
                    }
                    ui.end_row();
                    // A frame lays out a bounded number of rows, however large the network.
                    for &i in order.iter().take(METRIC_ROWS) {
                        let actor = &case.actors[i];
                        let m = self.metrics[i];
                        let selected = ctx.selected_actor == Some(actor.id.as_str());
                        cell(ui, name_width, left, &mut |ui| {
                            let resp = ui
                                .add(egui::Button::selectable(selected, &actor.name).truncate())
                                .on_hover_text(format!("{} ({})", actor.name, actor.kind.label()));
                            if resp.clicked() {
                                commands.send(Command::SelectActor(
                                    (!selected).then(|| actor.id.clone()),
                                ));
                            }
                        });
                        let values = [
                            m.degree.to_string(),
                            format!("{:.1}", m.betweenness),
                            m.events.to_string(),
                        ];
                        for (value, width) in values.iter().zip(&widths[1..]) {
                            cell(ui, *width, right, &mut |ui| {
                                ui.label(value.as_str());
                            });
                        }
                        ui.end_row();
                    }
                });
            if order.len() > METRIC_ROWS {
                ui.label(
                    egui::RichText::new(format!(
                        "The first {METRIC_ROWS} of {} actors in this order; sort by another \
                         column to see others.",
                        order.len()
                    ))
                    .weak(),
                );
            }
        });
    }
}
