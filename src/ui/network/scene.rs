//! The graph inside the `egui::Scene`: painting (with the styles of [`super::styles`]), and the
//! hover, click and drag of nodes and ties.

use eframe::egui::{self, Pos2, Rect, Sense, Vec2};

use super::super::ViewCtx;
use super::{EdgeStyle, MAX_NODE_WIDGETS, NetworkView, NodeStyle, UNIT, graph_shapes, node_grow};
use crate::command::{Command, CommandSender};
use crate::model::{Case, Grade};

impl NetworkView {
    /// The graph inside the scene: styles, paint, widgets, hover.
    pub(super) fn scene_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewCtx<'_>,
        commands: &mut CommandSender,
    ) {
        let case = ctx.case;
        let to_global = ui
            .ctx()
            .layer_transform_to_global(ui.layer_id())
            .unwrap_or_default();
        let zoom = to_global.scaling;
        let from_global = to_global.inverse();
        let visible = ui.clip_rect();
        let pointer = ui
            .ctx()
            .pointer_hover_pos()
            .map(|p| from_global * p)
            .filter(|p| visible.contains(*p));
        let bar = ctx.bar;
        let text_color = ui.visuals().text_color();
        // The styles were brought up to date by `graph_ui`; taken out for the frame, so that
        // dragging can move pins and positions meanwhile.
        let styles = std::mem::take(&mut self.styles);
        let (nodes, edges, edge_tie) = (&styles.nodes, &styles.edges, &styles.edge_tie);

        let painter = ui.painter();
        let shapes = self.paint_cache.shapes(
            (styles.rebuilds, zoom, visible, text_color),
            &self.shown,
            || {
                graph_shapes(
                    painter,
                    zoom,
                    nodes,
                    edges,
                    |i| &case.actors[i].name,
                    text_color,
                )
            },
        );
        painter.extend(shapes.iter().cloned());

        // Interaction: a widget per visible node (for clicks, drags and screen readers) unless
        // there are too many; then hover and click go to the nearest node.
        let visible_nodes: Vec<usize> = (0..nodes.len())
            .filter(|&i| !nodes[i].hidden && visible.expand(nodes[i].radius).contains(nodes[i].pos))
            .collect();
        let mut hovered_node: Option<usize> = None;
        if visible_nodes.len() <= MAX_NODE_WIDGETS {
            for &i in &visible_nodes {
                let actor = &case.actors[i];
                let n = nodes[i];
                let resp = ui.interact(
                    Rect::from_center_size(
                        n.pos,
                        Vec2::splat((n.radius * 2.0 + 4.0) * node_grow(zoom)),
                    ),
                    ui.scope_id().with(("actor", i)),
                    Sense::click_and_drag(),
                );
                let selected = ctx.selected_actor == Some(actor.id.as_str());
                resp.widget_info(|| {
                    let mut info = egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("actor {}", actor.name),
                    );
                    info.selected = Some(selected);
                    info
                });
                // egui reports widget bounds in the layer's own (scene) coordinates; screen
                // readers and kittest need them on screen.
                let on_screen = to_global * resp.rect;
                ui.ctx().accesskit_node_builder(resp.id, |node| {
                    node.set_bounds(egui::accesskit::Rect {
                        x0: on_screen.min.x.into(),
                        y0: on_screen.min.y.into(),
                        x1: on_screen.max.x.into(),
                        y1: on_screen.max.y.into(),
                    });
                });
                if resp.hovered() {
                    hovered_node = Some(i);
                }
                if resp.dragged()
                    && let Some(p) = ui.ctx().pointer_latest_pos().map(|p| from_global * p)
                {
                    let at = [p.x / UNIT, p.y / UNIT];
                    self.pins.insert(actor.id.clone(), at);
                    self.shown[i] = at;
                    self.force.pin(i, at);
                    ui.ctx().request_repaint();
                }
                if resp.double_clicked() {
                    self.unpin(i, &actor.id);
                } else if resp.clicked() {
                    commands.send(Command::SelectActor(if selected {
                        None
                    } else {
                        Some(actor.id.clone())
                    }));
                }
                let pinned = self.pins.contains_key(&actor.id);
                resp.context_menu(|ui| {
                    if pinned {
                        if ui.button("Unpin").clicked() {
                            self.unpin(i, &actor.id);
                            ui.close();
                        }
                    } else if ui.button("Pin here").clicked() {
                        let at = self.shown[i];
                        self.pins.insert(actor.id.clone(), at);
                        self.force.pin(i, at);
                        ui.close();
                    }
                    let select = if selected {
                        "Clear selection"
                    } else {
                        "Select (highlight its events)"
                    };
                    if ui.button(select).clicked() {
                        commands.send(Command::SelectActor((!selected).then(|| actor.id.clone())));
                        ui.close();
                    }
                });
            }
        } else if let Some(p) = pointer {
            hovered_node = visible_nodes
                .iter()
                .copied()
                .filter(|&i| {
                    nodes[i].pos.distance(p) <= nodes[i].radius * node_grow(zoom) + 2.0 / zoom
                })
                .min_by(|&a, &b| {
                    nodes[a]
                        .pos
                        .distance(p)
                        .total_cmp(&nodes[b].pos.distance(p))
                });
            if let Some(i) = hovered_node
                && ui.input(|inp| inp.pointer.primary_clicked())
            {
                let id = &case.actors[i].id;
                let selected = ctx.selected_actor == Some(id.as_str());
                commands.send(Command::SelectActor((!selected).then(|| id.clone())));
            }
        }

        let hover_text = if let Some(i) = hovered_node {
            let actor = &case.actors[i];
            let m = self.metrics.get(i).copied().unwrap_or_default();
            Some(format!(
                "{} ({})\n{}\ndegree {}, betweenness {:.1}, {} event(s){}",
                actor.name,
                actor.kind.label(),
                actor.description,
                m.degree,
                m.betweenness,
                m.events,
                if self.pins.contains_key(&actor.id) {
                    "\npinned: double-click to unpin"
                } else {
                    ""
                }
            ))
        } else if let Some(p) = pointer {
            nearest_edge(nodes, edges, p, 5.0 / zoom)
                .and_then(|k| edge_tie[k])
                .map(|t| {
                    // Every tie shown between the same two actors, not only the nearest.
                    let (from, to) = (&case.ties[t].from, &case.ties[t].to);
                    edge_tie
                        .iter()
                        .flatten()
                        .filter(|&&u| {
                            let o = &case.ties[u];
                            (&o.from == from && &o.to == to) || (&o.from == to && &o.to == from)
                        })
                        .map(|&u| tie_text(case, u, bar))
                        .collect::<Vec<_>>()
                        .join("\n\n")
                })
        } else {
            None
        };
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
        self.styles = styles;
    }
}

/// The hover text of a tie: who, what kind, dates, how many evidence items back it.
fn tie_text(case: &Case, t: usize, bar: Grade) -> String {
    let Some(tie) = case.ties.get(t) else {
        return String::new();
    };
    let strong = tie
        .evidence
        .iter()
        .any(|e| e.parsed_grade().is_some_and(|g| g.meets(bar)));
    let dates = format!(
        "{} \u{2013} {}",
        tie.start.map_or("?".to_owned(), |d| d.human()),
        tie.end.map_or("open".to_owned(), |d| d.human())
    );
    format!(
        "{} {} {}\n{dates}{}\n{} evidence item(s){}",
        case.actor_name(&tie.from),
        tie.kind.label(),
        case.actor_name(&tie.to),
        if tie.approximate { " (approx.)" } else { "" },
        tie.evidence.len(),
        if strong {
            ""
        } else {
            " \u{2014} none at or above the evidence bar (drawn dashed)"
        }
    )
}

/// The edge nearest to `pointer` within `tolerance` (scene points).
fn nearest_edge(
    nodes: &[NodeStyle],
    edges: &[EdgeStyle],
    pointer: Pos2,
    tolerance: f32,
) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (k, edge) in edges.iter().enumerate() {
        let (Some(tail), Some(head)) = (nodes.get(edge.from as usize), nodes.get(edge.to as usize))
        else {
            continue;
        };
        let along = head.pos - tail.pos;
        let share = ((pointer - tail.pos).dot(along) / along.length_sq().max(1e-6)).clamp(0.0, 1.0);
        let distance = (tail.pos + along * share).distance(pointer);
        if distance <= tolerance.max(edge.width / 2.0)
            && best.is_none_or(|(_, nearest)| distance < nearest)
        {
            best = Some((k, distance));
        }
    }
    best.map(|(k, _)| k)
}
