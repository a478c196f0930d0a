//! The graph inside the `egui::Scene`: node and edge styles for the frame, painting, and the hover, click and drag of nodes and ties.

use std::collections::{HashMap, HashSet};

use eframe::egui::{self, Pos2, Rect, Sense, Stroke, Vec2};

use super::super::{ViewCtx, theme};
use super::{
    EdgeStyle, Highlight, LayoutKind, MAX_NODE_WIDGETS, NetworkView, NodeShape, NodeStyle, UNIT,
    label_priority, node_grow, paint_graph,
};
use crate::command::{Command, CommandSender};
use crate::model::{ActorKind, Case, Grade};

impl NetworkView {
    /// The graph inside the scene: styles, paint, widgets, hover.
    pub(super) fn scene_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewCtx<'_>,
        hl: &Highlight,
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
        let actor_index = case.actor_indices();
        let index = |id: &str| actor_index.get(id).copied();
        let day = self.as_of_day(ctx);
        let (chain_ties, chain_nodes) = (&hl.ties, &hl.nodes);
        let highlight = !chain_nodes.is_empty();
        // Layers the layered layout staggered over two rows.
        let staggered: HashSet<i64> = self
            .positions
            .iter()
            .filter(|p| p[1].fract() > 0.01)
            .map(|p| p[1].floor() as i64)
            .collect();
        let bar = ctx.bar;

        let text_color = ui.visuals().text_color();
        let nodes: Vec<NodeStyle> = case
            .actors
            .iter()
            .enumerate()
            .map(|(i, actor)| {
                let p = self.shown[i];
                let selected = ctx.selected_actor == Some(actor.id.as_str());
                let mut fill = theme::actor_color(actor.kind, ctx.dark);
                if highlight && !chain_nodes.contains(&i) {
                    fill = fill.gamma_multiply(0.35);
                }
                let outline = if selected {
                    Stroke::new(3.0, text_color)
                } else if self.pins.contains_key(&actor.id) {
                    Stroke::new(2.0, ui.visuals().warn_fg_color)
                } else {
                    Stroke::new(1.0, ui.visuals().extreme_bg_color)
                };
                NodeStyle {
                    pos: Pos2::new(p[0] * UNIT, p[1] * UNIT),
                    radius: match actor.kind {
                        ActorKind::State => 11.0,
                        ActorKind::StateOrgan => 9.0,
                        ActorKind::Person => 6.0,
                        _ => 8.0,
                    },
                    shape: match actor.kind {
                        ActorKind::State | ActorKind::StateOrgan => NodeShape::Square,
                        ActorKind::FrontGroup => NodeShape::Diamond,
                        _ => NodeShape::Circle,
                    },
                    fill,
                    outline,
                    // A staggered layer's upper row is labelled above, its lower row below; in
                    // other layers neighbours alternate, so long names do not collide.
                    label_above: match self.layout {
                        LayoutKind::Layered => {
                            let [x, y] = self.positions[i];
                            if staggered.contains(&(y.floor() as i64)) {
                                y.fract() < 0.01
                            } else {
                                ((x + 0.5).floor() as i64).rem_euclid(2) == 1
                            }
                        }
                        LayoutKind::Force => false,
                    },
                    emphasis: selected || chain_nodes.contains(&i),
                    label_priority: label_priority(
                        selected,
                        chain_nodes.contains(&i),
                        self.metrics.get(i).copied().unwrap_or_default(),
                    ),
                }
            })
            .collect();

        let weak = ui.visuals().weak_text_color().gamma_multiply(0.6);
        let mut edges: Vec<EdgeStyle> = Vec::with_capacity(case.ties.len() + case.actors.len());
        // Which tie each edge draws (`None`: a parent link).
        let mut edge_tie: Vec<Option<usize>> = Vec::with_capacity(edges.capacity());
        for (i, a) in case.actors.iter().enumerate() {
            if let Some(p) = a.parent.as_deref().and_then(index) {
                edges.push(EdgeStyle {
                    from: p as u32,
                    to: i as u32,
                    color: weak,
                    width: 1.0,
                    dashed: false,
                    arrow: false,
                    offset: 0.0,
                });
                edge_tie.push(None);
            }
        }
        // How many ties join each pair of actors (either way), to draw them side by side.
        let shown_ties: Vec<(usize, usize, usize)> = case
            .ties
            .iter()
            .enumerate()
            .filter(|(_, tie)| day.is_none_or(|d| tie.valid_on(d)))
            .filter_map(|(t, tie)| Some((t, index(&tie.from)?, index(&tie.to)?)))
            .collect();
        let mut per_pair: HashMap<(usize, usize), usize> = HashMap::new();
        for &(_, a, b) in &shown_ties {
            *per_pair.entry((a.min(b), a.max(b))).or_default() += 1;
        }
        let mut seen_pair: HashMap<(usize, usize), usize> = HashMap::new();
        for &(t, a, b) in &shown_ties {
            let tie = &case.ties[t];
            let pair = (a.min(b), a.max(b));
            let count = per_pair.get(&pair).copied().unwrap_or(1);
            let k = seen_pair.entry(pair).or_default();
            let offset = (*k as f32 - (count as f32 - 1.0) / 2.0) * 3.0;
            *k += 1;
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
            edges.push(EdgeStyle {
                from: a as u32,
                to: b as u32,
                color,
                width: if on_chain { 3.5 } else { 1.4 },
                dashed: !strong,
                arrow: true,
                offset,
            });
            edge_tie.push(Some(t));
        }

        paint_graph(
            ui.painter(),
            zoom,
            &nodes,
            &edges,
            |i| &case.actors[i].name,
            text_color,
        );

        // Interaction: a widget per visible node (for clicks, drags and screen readers) unless
        // there are too many; then hover and click go to the nearest node.
        let visible_nodes: Vec<usize> = (0..nodes.len())
            .filter(|&i| visible.expand(nodes[i].radius).contains(nodes[i].pos))
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
            nearest_edge(&nodes, &edges, p, 5.0 / zoom)
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
