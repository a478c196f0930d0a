//! The network: actors as nodes shaped and coloured by kind, ties as arrows coloured by kind,
//! in a layered layout (states on top). Ties not valid on the as-of date are hidden; the chain
//! from the sponsor to the selected event's perpetrators is highlighted. Clicking a node selects
//! the actor, which highlights its events on the timeline.

use std::collections::HashSet;

use eframe::egui::{self, Align2, FontId, Pos2, Rect, Sense, Shape, Stroke, Vec2};

use super::{ViewCtx, theme};
use crate::command::{Command, CommandSender};
use crate::graph::{self, LinkVia};
use crate::model::{ActorKind, Grade};

/// The network view's state.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NetworkView {
    /// Show every tie whatever its dates (otherwise: ties valid on the selected event's date).
    pub all_dates: bool,
    /// Layout positions in unit grid space, rebuilt when the case changes.
    #[serde(skip)]
    pub positions: Vec<[f32; 2]>,
}

impl NetworkView {
    /// Shows the network.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
        let case = ctx.case;
        if self.positions.len() != case.actors.len() {
            self.positions = graph::layout::layered(case);
        }
        let event = ctx.selected_event.and_then(|i| case.events.get(i));
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.all_dates, "All dates").on_hover_text("Show ties whatever their dates; otherwise only those valid on the selected event's date");
            match event {
                Some(e) if !self.all_dates => ui.label(format!("Ties as of {}", e.date.human())),
                _ => ui.label("All ties"),
            };
            ui.label("· Legend:");
            for kind in [crate::model::TieKind::Established, crate::model::TieKind::Funds, crate::model::TieKind::Arms, crate::model::TieKind::Trains, crate::model::TieKind::Directs, crate::model::TieKind::FrontFor, crate::model::TieKind::MemberOf] {
                ui.colored_label(theme::tie_color(kind, ctx.dark), kind.label());
            }
        });
        let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
        let painter = ui.painter_at(rect);
        if case.actors.is_empty() {
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                "This case has no actors.",
                FontId::proportional(15.0),
                ui.visuals().weak_text_color(),
            );
            return;
        }
        let (min_x, max_x) = self
            .positions
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[0]), b.max(p[0])));
        let max_y = self.positions.iter().map(|p| p[1]).fold(0.0f32, f32::max);
        // Room for labels above the top row and below the bottom row.
        let inner = rect.shrink2(Vec2::new(90.0, 30.0));
        let pos_of = |i: usize| {
            let p = self.positions[i];
            let fx = if max_x > min_x {
                (p[0] - min_x) / (max_x - min_x)
            } else {
                0.5
            };
            let fy = if max_y > 0.0 { p[1] / max_y } else { 0.5 };
            Pos2::new(
                inner.left() + fx * inner.width(),
                inner.top() + fy * inner.height(),
            )
        };
        let actor_index = case.actor_indices();
        let index = |id: &str| actor_index.get(id).copied();
        let day = event.map(crate::model::Event::first_day);

        // The highlighted chain.
        let mut chain_ties: HashSet<usize> = HashSet::new();
        let mut chain_nodes: HashSet<&str> = HashSet::new();
        if let Some(e) = event {
            for pc in graph::chains(case, e, ctx.state) {
                chain_nodes.insert(
                    case.actors
                        .iter()
                        .find(|a| a.id == pc.perpetrator)
                        .map_or("", |a| a.id.as_str()),
                );
                for link in pc.chain.into_iter().flatten() {
                    if let LinkVia::Tie(t) = link.via {
                        chain_ties.insert(t);
                    }
                    if let Some(a) = case.actor(&link.upper) {
                        chain_nodes.insert(&a.id);
                    }
                    if let Some(a) = case.actor(&link.lower) {
                        chain_nodes.insert(&a.id);
                    }
                }
            }
        }
        let highlight = !chain_nodes.is_empty();
        let bar = Grade {
            reliability: b'C',
            credibility: 3,
        };
        let pointer = ui.input(|i| i.pointer.hover_pos());
        let mut hover_text: Option<String> = None;

        // Parent links (organ of).
        for (i, a) in case.actors.iter().enumerate() {
            if let Some(p) = a.parent.as_deref().and_then(index) {
                painter.line_segment(
                    [pos_of(p), pos_of(i)],
                    Stroke::new(1.0, ui.visuals().weak_text_color().gamma_multiply(0.6)),
                );
            }
        }
        for (t, tie) in case.ties.iter().enumerate() {
            if !self.all_dates && day.is_some_and(|d| !tie.valid_on(d)) {
                continue;
            }
            let (Some(a), Some(b)) = (index(&tie.from), index(&tie.to)) else {
                continue;
            };
            let (pa, pb) = (pos_of(a), pos_of(b));
            let strong = tie
                .evidence
                .iter()
                .any(|e| e.parsed_grade().is_some_and(|g| g.meets(bar)));
            let mut color = theme::tie_color(tie.kind, ctx.dark);
            if !strong {
                color = color.gamma_multiply(0.35);
            }
            let on_chain = chain_ties.contains(&t);
            if highlight && !on_chain {
                color = color.gamma_multiply(0.3);
            }
            let width = if on_chain { 3.5 } else { 1.4 };
            let dir = (pb - pa).normalized();
            let end = pb - dir * 9.0;
            if strong {
                painter.line_segment([pa, end], Stroke::new(width, color));
            } else {
                painter.extend(Shape::dashed_line(
                    &[pa, end],
                    Stroke::new(width, color),
                    5.0,
                    4.0,
                ));
            }
            let side = Vec2::new(-dir.y, dir.x) * 4.0;
            painter.add(Shape::convex_polygon(
                vec![
                    pb - dir * 6.0,
                    end - dir * 4.0 + side,
                    end - dir * 4.0 - side,
                ],
                color,
                Stroke::NONE,
            ));
            if let Some(p) = pointer {
                let ab = pb - pa;
                let tproj = ((p - pa).dot(ab) / ab.length_sq().max(1.0)).clamp(0.0, 1.0);
                if (pa + ab * tproj).distance(p) < 4.0 && rect.contains(p) {
                    let dates = format!(
                        "{} \u{2013} {}",
                        tie.start.map_or("?".to_owned(), |d| d.human()),
                        tie.end.map_or("open".to_owned(), |d| d.human())
                    );
                    hover_text = Some(format!(
                        "{} {} {}\n{dates}{}\n{} evidence item(s){}",
                        case.actor_name(&tie.from),
                        tie.kind.label(),
                        case.actor_name(&tie.to),
                        if tie.approximate { " (approx.)" } else { "" },
                        tie.evidence.len(),
                        if strong {
                            ""
                        } else {
                            " — none at or above C3 (drawn dashed)"
                        }
                    ));
                }
            }
        }
        let zoomed_out = inner.width() / (max_x - min_x + 1.0) < 40.0;
        for (i, actor) in case.actors.iter().enumerate() {
            let p = pos_of(i);
            let selected = ctx.selected_actor == Some(actor.id.as_str());
            let mut color = theme::actor_color(actor.kind, ctx.dark);
            if highlight && !chain_nodes.contains(actor.id.as_str()) {
                color = color.gamma_multiply(0.35);
            }
            let r = match actor.kind {
                ActorKind::State => 11.0,
                ActorKind::StateOrgan => 9.0,
                ActorKind::Person => 6.0,
                _ => 8.0,
            };
            let stroke = if selected {
                Stroke::new(3.0, ui.visuals().text_color())
            } else {
                Stroke::new(1.0, ui.visuals().extreme_bg_color)
            };
            match actor.kind {
                ActorKind::State | ActorKind::StateOrgan => {
                    painter.rect(
                        Rect::from_center_size(p, Vec2::splat(r * 2.0)),
                        3.0,
                        color,
                        stroke,
                        egui::StrokeKind::Middle,
                    );
                }
                ActorKind::FrontGroup => {
                    let pts = vec![
                        p + Vec2::new(0.0, -r),
                        p + Vec2::new(r, 0.0),
                        p + Vec2::new(0.0, r),
                        p + Vec2::new(-r, 0.0),
                    ];
                    painter.add(Shape::convex_polygon(pts, color, stroke));
                }
                _ => {
                    painter.circle(p, r, color, stroke);
                }
            }
            if !zoomed_out || selected || chain_nodes.contains(actor.id.as_str()) {
                // Neighbours in a layer alternate above and below, so long names do not collide.
                let above = ((self.positions[i][0] + 0.5).floor() as i64).rem_euclid(2) == 1;
                let (offset, align) = if above {
                    (Vec2::new(0.0, -r - 2.0), Align2::CENTER_BOTTOM)
                } else {
                    (Vec2::new(0.0, r + 2.0), Align2::CENTER_TOP)
                };
                painter.text(
                    p + offset,
                    align,
                    &actor.name,
                    FontId::proportional(11.0),
                    ui.visuals().text_color(),
                );
            }
            let resp = ui.interact(
                Rect::from_center_size(p, Vec2::splat(r * 2.0 + 4.0)),
                ui.scope_id().with(("actor", i)),
                Sense::click(),
            );
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("actor {}", actor.name))
            });
            if resp.hovered() {
                hover_text = Some(format!(
                    "{} ({})\n{}",
                    actor.name,
                    actor.kind.label(),
                    actor.description
                ));
            }
            if resp.clicked() {
                commands.send(Command::SelectActor(if selected {
                    None
                } else {
                    Some(actor.id.clone())
                }));
            }
        }
        if let Some(text) = hover_text {
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                ui.layer_id(),
                ui.scope_id().with("net-tip"),
                egui::PopupAnchor::Pointer,
            )
            .show(|ui| {
                ui.label(text);
            });
        }
    }
}
