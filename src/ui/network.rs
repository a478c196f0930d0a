//! The network: actors as nodes shaped and coloured by kind, ties as arrows coloured by kind
//! (dashed when no evidence meets the evidence bar), drawn inside an [`egui::Scene`] (drag the background to
//! pan, scroll or pinch to zoom). Two layouts: layered (states on top, the default) and
//! force-directed ([`crate::graph::force`]), which runs on its own thread from the layered
//! positions and animates until it rests. Dragging a node pins it where it is dropped (double
//! click or its context menu unpins); pins and the force positions are remembered per actor id.
//! Ties not valid on the as-of date are hidden — the selected event's date, or a year the play
//! button walks from 1981 to 2021; the chain from the sponsor to the selected event's
//! perpetrators is highlighted. Clicking a node selects the actor, which highlights its events on
//! the timeline. A metrics table (degree, betweenness, events) can be shown beside the graph.
//!
//! Drawing ([`paint_graph`]) culls what lies outside the visible rect, batches every edge, arrow
//! and node into one mesh, drops labels when nodes are small on screen and widgets per node when
//! more than [`MAX_NODE_WIDGETS`] are visible. Labels are placed greedily (selected actor, then
//! the highlighted chain, then by degree and events) on a side of their node where they overlap
//! no other label and cover no other node, using a bucket grid; a label with no room is left to
//! the node's tooltip. While presenting, the toolbar keeps only the layout, play and as-of
//! controls, and the view fits the selected event's chain.
//!
//! Measured (`cargo bench --bench network`, release, this 2-core machine, median of 30 frames):
//! one 1920×1080 frame drawing 10 000 nodes and 20 000 edges fitted to the screen,
//! `Context::run_ui` plus `tessellate`: 0.73 ms (nodes drawn as dots, edges as tapering sub-point
//! triangles at that zoom); 2 000 nodes / 4 000 edges, zoomed in enough for outlines, arrows and
//! labels (400 tried, 37 placed): 0.86 ms. (Before
//! label placement these read 2.85 and 3.6 ms; trying 800 labels instead of 400 reads 2.75 and
//! 4.1 ms, although the labels took only 0.55 ms of that frame — not yet understood.)

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, TryLockError};
use std::time::{Duration, Instant};

use eframe::egui::{
    self, Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Sense, Shape, Stroke, Vec2,
};

use super::{ViewCtx, theme};
use crate::command::{Command, CommandSender};
use crate::graph::force::{ForceLayout, ForceParams};
use crate::graph::metrics::{self, ActorMetrics};
use crate::graph::{self, LinkVia};
use crate::model::{ActorKind, Case, Grade, PartialDate, TieKind};

/// Scene points per layout unit.
const UNIT: f32 = 64.0;
/// Vertical distance between layers of the layered layout, in layout units.
const LAYER_GAP: f32 = 1.25;
/// The force layout counts as at rest when no node moves more than this (layout units).
const REST: f32 = 0.002;
/// Above this many visible nodes, nodes get no widget each (hover and click go by distance).
pub const MAX_NODE_WIDGETS: usize = 2000;
/// At most this many labels per frame.
const MAX_LABELS: usize = 400;
/// At most this many labels are tried per frame (each costs a text layout).
const MAX_LABEL_TRIES: usize = MAX_LABELS;
/// Label size in scene points.
const LABEL_SIZE: f32 = 11.0;
/// Labels smaller than this on screen (points) are not drawn.
const MIN_LABEL_PX: f32 = 6.5;
/// The years the play button walks: the case's range.
fn play_years(case: &Case) -> (f32, f32) {
    let (a, b) = (f32::from(case.start.year), f32::from(case.end.year));
    (a.min(b), a.max(b).max(a.min(b) + 1.0))
}
/// Play speed.
const YEARS_PER_SECOND: f32 = 2.0;

/// Which layout places the nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LayoutKind {
    /// States on top, then organs, groups, fronts, people.
    #[default]
    Layered,
    /// Force-directed, from the layered positions.
    Force,
}

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

/// The network view's state.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NetworkView {
    /// Show every tie whatever its dates (otherwise: ties valid on the as-of date).
    pub all_dates: bool,
    /// The layout.
    pub layout: LayoutKind,
    /// The part of the scene in view (scene points) once the user panned or zoomed; `None`:
    /// follow the fit of the whole graph.
    pub scene_rect: Option<Rect>,
    /// Nodes the user placed by hand, by actor id, in layout units. They stay put in both
    /// layouts until unpinned.
    pub pins: BTreeMap<String, [f32; 2]>,
    /// Where the force layout last left each actor, by actor id, in layout units.
    pub force_positions: BTreeMap<String, [f32; 2]>,
    /// Show the metrics table.
    pub show_metrics: bool,
    /// The metrics table's sort column and whether it sorts ascending (default: descending).
    pub sort: (MetricColumn, bool),
    /// The as-of year the play button walks (fractional: part of the year); `None`: the selected
    /// event's date. Not remembered across restarts, and cleared when another event is selected.
    #[serde(skip)]
    pub as_of_year: Option<f32>,
    /// The selected event last seen, to notice a new selection.
    #[serde(skip)]
    last_event: Option<usize>,
    /// Playing: the as-of year advances every frame.
    #[serde(skip)]
    pub playing: bool,
    /// Layered positions in unit grid space, rebuilt when the case changes.
    #[serde(skip)]
    pub positions: Vec<[f32; 2]>,
    /// The positions drawn this frame, in layout units (rebuilt every frame).
    #[serde(skip)]
    shown: Vec<[f32; 2]>,
    /// The force layout's thread, while the force layout is on.
    #[serde(skip)]
    force: ForceTask,
    /// Per-actor metrics, rebuilt with the layered positions.
    #[serde(skip)]
    metrics: Vec<ActorMetrics>,
    /// While presenting: the event whose chain the view was last fitted to (a new one refits).
    #[serde(skip)]
    fitted_chain: Option<usize>,
}

/// What the network highlights: the selected event's chain (or the brushed events' actors).
#[derive(Debug, Default)]
struct Highlight {
    /// Ties on the chain (indices into `case.ties`).
    ties: HashSet<usize>,
    /// Actors on the chain, perpetrators included, or the brushed events' actors.
    nodes: HashSet<usize>,
    /// Links on the chain (none: no chain leads to the perpetrators).
    links: usize,
}

impl Highlight {
    /// The chain from the sponsor to the selected event's perpetrators (on the event's own
    /// date); without a selected event, the actors of the brushed events.
    fn of(ctx: &ViewCtx<'_>) -> Self {
        let case = ctx.case;
        let actor_index = case.actor_indices();
        let index = |id: &str| actor_index.get(id).copied();
        let mut hl = Self::default();
        if let Some(e) = ctx.selected_event.and_then(|i| case.events.get(i)) {
            for pc in graph::chains(case, e, ctx.state) {
                hl.nodes.extend(index(&pc.perpetrator));
                for link in pc.chain.into_iter().flatten() {
                    if let LinkVia::Tie(t) = link.via {
                        hl.ties.insert(t);
                    }
                    hl.nodes.extend(index(&link.upper));
                    hl.nodes.extend(index(&link.lower));
                    hl.links += 1;
                }
            }
        } else if let Some(active) = ctx.brushed_actors {
            hl.nodes.extend(active.iter().copied());
        }
        hl
    }
}

/// One node to draw, in scene points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeStyle {
    /// Centre.
    pub pos: Pos2,
    /// Half the node's width.
    pub radius: f32,
    /// Outline shape.
    pub shape: NodeShape,
    /// Fill colour.
    pub fill: Color32,
    /// Outline.
    pub outline: Stroke,
    /// Try the label above the node first (otherwise below).
    pub label_above: bool,
    /// Always labelled, however small (selected or on the highlighted chain).
    pub emphasis: bool,
    /// Labels are placed in descending order of this; a label that would overlap one placed
    /// before it moves to another side of its node or is left out.
    pub label_priority: u32,
}

/// The outline of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeShape {
    /// A circle.
    Circle,
    /// A square (states and their organs).
    Square,
    /// A diamond (front groups).
    Diamond,
}

/// One edge to draw, between two nodes (indices into the node list).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeStyle {
    /// Tail node.
    pub from: u32,
    /// Head node.
    pub to: u32,
    /// Colour.
    pub color: Color32,
    /// Width in scene points.
    pub width: f32,
    /// Dashed (weakly evidenced).
    pub dashed: bool,
    /// Draw an arrowhead at `to`.
    pub arrow: bool,
    /// Sideways shift in scene points (before level-of-detail growth), so that several ties
    /// between the same two actors are drawn side by side instead of on top of each other.
    pub offset: f32,
}

/// What [`paint_graph`] drew.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaintStats {
    /// Nodes inside the visible rect.
    pub nodes: usize,
    /// Edges crossing the visible rect.
    pub edges: usize,
    /// Labels drawn.
    pub labels: usize,
}

impl NetworkView {
    /// Shows the network.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
        let case = ctx.case;
        if self.positions.len() != case.actors.len() || self.metrics.len() != case.actors.len() {
            // A new case: new layered positions and metrics; the force run restarts.
            self.positions = graph::layout::layered(case);
            self.metrics = metrics::actor_metrics(case);
            self.force = ForceTask::default();
            self.scene_rect = None;
        }
        // A newly selected event brings the as-of date back to its own date.
        if ctx.selected_event != self.last_event {
            self.last_event = ctx.selected_event;
            if !self.playing {
                self.as_of_year = None;
            }
        }
        self.advance_play(ui.ctx(), play_years(case));
        self.toolbar_ui(ui, ctx, commands);
        if self.show_metrics && !ctx.presenting {
            egui::Panel::right("network-metrics")
                .resizable(true)
                .default_size(300.0)
                .min_size(200.0)
                .show(ui, |ui| self.metrics_ui(ui, ctx, commands));
        }
        if case.actors.is_empty() {
            let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
            ui.painter().text(
                rect.center(),
                Align2::CENTER_CENTER,
                "This case has no actors.",
                FontId::proportional(15.0),
                ui.visuals().weak_text_color(),
            );
            return;
        }
        let room = ui.available_size();
        self.place_nodes(case, ui.ctx(), room.x / room.y.max(1.0));
        self.graph_ui(ui, ctx, commands);
    }

    /// Forgets what belonged to the previous case: positions, and pins and force positions of
    /// actors the new case does not have.
    pub fn on_new_case(&mut self, case: &Case) {
        self.positions.clear();
        self.as_of_year = None;
        self.playing = false;
        let ids: HashSet<&str> = case.actors.iter().map(|a| a.id.as_str()).collect();
        self.pins.retain(|id, _| ids.contains(id.as_str()));
        self.force_positions
            .retain(|id, _| ids.contains(id.as_str()));
    }

    /// The as-of day ties are filtered by, if any.
    fn as_of_day(&self, ctx: &ViewCtx<'_>) -> Option<i32> {
        if self.all_dates {
            return None;
        }
        if let Some(year) = self.as_of_year {
            return Some(day_of_year(year));
        }
        ctx.selected_event
            .and_then(|i| ctx.case.events.get(i))
            .map(crate::model::Event::first_day)
    }

    fn advance_play(&mut self, ctx: &egui::Context, years: (f32, f32)) {
        if !self.playing {
            return;
        }
        let dt = ctx.input(|i| i.stable_dt).clamp(0.0, 0.1);
        let (first, last) = years;
        let year = self.as_of_year.unwrap_or(first) + dt * YEARS_PER_SECOND;
        if year >= last {
            self.as_of_year = Some(last);
            self.playing = false;
        } else {
            self.as_of_year = Some(year);
            ctx.request_repaint();
        }
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
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

    /// Fills `shown` with this frame's positions (layout units) for the active layout. The
    /// layered layout is stretched sideways towards the `aspect` (width / height) of the room.
    fn place_nodes(&mut self, case: &Case, egui_ctx: &egui::Context, aspect: f32) {
        let (min_x, max_x) = self
            .positions
            .iter()
            .fold((f32::MAX, f32::MIN), |(lo, hi), p| {
                (lo.min(p[0]), hi.max(p[0]))
            });
        let max_y = self.positions.iter().map(|p| p[1]).fold(0.0f32, f32::max);
        let rows = max_y * LAYER_GAP + 1.0;
        let columns = (max_x - min_x).max(0.0) + 2.0;
        let x_gap = (aspect * rows / columns).clamp(1.0, 4.0);
        let layered: Vec<[f32; 2]> = self
            .positions
            .iter()
            .map(|p| [p[0] * x_gap, p[1] * LAYER_GAP])
            .collect();
        let pinned = |i: usize| self.pins.get(&case.actors[i].id).copied();
        match self.layout {
            LayoutKind::Layered => {
                self.shown = (0..case.actors.len())
                    .map(|i| pinned(i).unwrap_or(layered[i]))
                    .collect();
            }
            LayoutKind::Force => {
                if !self.force.is_running() {
                    let start: Vec<[f32; 2]> = (0..case.actors.len())
                        .map(|i| {
                            let id = &case.actors[i].id;
                            pinned(i)
                                .or_else(|| self.force_positions.get(id).copied())
                                .unwrap_or(layered[i])
                        })
                        .collect();
                    let pins: Vec<bool> = (0..case.actors.len())
                        .map(|i| pinned(i).is_some())
                        .collect();
                    self.shown.clone_from(&start);
                    // A wide, short room gets a wide layout.
                    let params = ForceParams {
                        squash: (aspect / 2.0).clamp(1.0, 3.0),
                        ..ForceParams::default()
                    };
                    self.force
                        .start(start, &metrics::actor_edges(case), &pins, params);
                }
                if let Some((positions, at_rest)) = self.force.poll()
                    && positions.len() == case.actors.len()
                {
                    self.shown = positions;
                    if at_rest {
                        for (a, p) in case.actors.iter().zip(&self.shown) {
                            self.force_positions.insert(a.id.clone(), *p);
                        }
                    }
                }
                if self.shown.len() != case.actors.len() {
                    self.shown = layered;
                }
                if !self.force.at_rest() {
                    egui_ctx.request_repaint();
                }
            }
        }
    }

    fn graph_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
        let hl = Highlight::of(ctx);
        // Presenting an event with a chain: fit the chain, large, so the audience sees it; a new
        // event (or leaving the presentation) fits afresh.
        let chain_fit = ctx.presenting && hl.links > 0;
        let fit_key = ctx.selected_event.filter(|_| chain_fit);
        if fit_key != self.fitted_chain {
            self.fitted_chain = fit_key;
            self.scene_rect = None;
        }
        let to_scene = |p: &[f32; 2]| Pos2::new(p[0] * UNIT, p[1] * UNIT);
        let content = if chain_fit {
            Rect::from_points(
                &hl.nodes
                    .iter()
                    .filter_map(|&i| self.shown.get(i).map(to_scene))
                    .collect::<Vec<_>>(),
            )
        } else {
            Rect::from_points(&self.shown.iter().map(to_scene).collect::<Vec<_>>())
        };
        // Fit: the nodes fill the room less a margin in screen points for the outer labels.
        let room = ui.available_size();
        let (margin, max_zoom) = if chain_fit {
            (Vec2::new(140.0, 44.0), 2.0)
        } else {
            (Vec2::new(90.0, 28.0), 1.0)
        };
        let zoom = ((room - 2.0 * margin) / content.size().max(Vec2::splat(1.0)))
            .min_elem()
            .clamp(0.02, max_zoom);
        let bounds = Rect::from_center_size(content.center(), room.max(Vec2::splat(1.0)) / zoom);
        // Until the user pans or zooms, the view follows the fit (the force layout moves).
        let mut scene_rect = self
            .scene_rect
            .filter(|r| r.is_finite() && r.is_positive())
            .unwrap_or(bounds);
        let response = egui::Scene::new()
            .zoom_range(0.02..=4.0)
            .show(ui, &mut scene_rect, |ui| {
                self.scene_ui(ui, ctx, &hl, commands);
            })
            .response;
        if response.changed() {
            self.scene_rect = Some(scene_rect);
        }
    }

    /// The graph inside the scene: styles, paint, widgets, hover.
    fn scene_ui(
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

    fn unpin(&mut self, i: usize, id: &str) {
        self.pins.remove(id);
        self.force.unpin(i);
    }

    fn metrics_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
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

/// Rows the metrics table shows at most.
const METRIC_ROWS: usize = 300;

/// The order labels are placed in: the selected actor, then the highlighted ones, then by
/// degree and events.
fn label_priority(selected: bool, highlighted: bool, m: ActorMetrics) -> u32 {
    const TIER: u32 = 1 << 24;
    let tier = if selected { 2 } else { u32::from(highlighted) };
    let weight = (m.degree + m.events).min(TIER as usize - 1) as u32;
    tier * TIER + weight
}

/// The first day of a (fractional) year: 1990.5 is about 1 July 1990.
fn day_of_year(year: f32) -> i32 {
    let whole = year.floor();
    PartialDate::year(whole as i16).first_day() + ((year - whole) * 365.0) as i32
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

/// Paints a positioned graph with `painter` (whose clip rect is the visible part of the scene,
/// in scene points; `zoom` is screen points per scene point). Edges, arrowheads and nodes go
/// into one anti-aliased mesh, in that order; what lies outside the clip rect is skipped; labels
/// (`label(i)` for node `i`) are drawn only when legible on screen, or for emphasised nodes, in
/// the order of [`NodeStyle::label_priority`], each where it overlaps no label drawn before it
/// (one that fits nowhere is left out).
pub fn paint_graph<'a>(
    painter: &Painter,
    zoom: f32,
    nodes: &[NodeStyle],
    edges: &[EdgeStyle],
    label: impl Fn(usize) -> &'a str,
    label_color: Color32,
) -> PaintStats {
    let visible = painter.clip_rect();
    let zoom = zoom.max(1e-6);
    // One screen point in scene points: the width of the anti-aliasing fringe.
    let px = 1.0 / zoom;
    let grow = node_grow(zoom);
    let mut stats = PaintStats::default();
    let mut mesh = Mesh::default();
    let circles = [unit_ring(6), unit_ring(16), unit_ring(32)];
    let square = [
        Vec2::new(-1.0, -1.0),
        Vec2::new(1.0, -1.0),
        Vec2::new(1.0, 1.0),
        Vec2::new(-1.0, 1.0),
    ];
    let diamond = [
        Vec2::new(0.0, -1.0),
        Vec2::new(1.0, 0.0),
        Vec2::new(0.0, 1.0),
        Vec2::new(-1.0, 0.0),
    ];

    for e in edges {
        let (Some(a), Some(b)) = (nodes.get(e.from as usize), nodes.get(e.to as usize)) else {
            continue;
        };
        if !visible
            .intersects(Rect::from_two_pos(a.pos, b.pos).expand(b.radius * grow + 8.0 * grow))
        {
            continue;
        }
        let v = b.pos - a.pos;
        let len = v.length();
        if len * zoom < 1.0 {
            continue;
        }
        stats.edges += 1;
        let dir = v / len;
        // Parallel ties: shift sideways, the same way whichever end the tie starts from.
        let normal = if e.from < e.to {
            Vec2::new(-dir.y, dir.x)
        } else {
            Vec2::new(dir.y, -dir.x)
        };
        let shift = normal * e.offset * grow;
        let (start, head) = (a.pos + shift, b.pos + shift);
        let tip = head - dir * (b.radius * grow + 1.0);
        let arrow = e.arrow && 8.0 * grow * zoom >= 4.0 && len > (b.radius + 10.0) * grow;
        let end = if arrow { tip - dir * 7.0 * grow } else { tip };
        let half = e.width * grow / 2.0;
        // Dashes where they can be seen: zoomed in enough, and not hundreds on one edge (a weak
        // tie is also fainter, so it still reads as weak when drawn solid).
        if e.dashed && zoom >= 0.3 && len * zoom > 12.0 && len * zoom < 9.0 * 2000.0 {
            // 5 screen points on, 4 off; dashes off screen are skipped.
            let (on, period) = (5.0 * px, 9.0 * px);
            let total = (end - start).length();
            let mut s = 0.0;
            while s < total {
                let s1 = (s + on).min(total);
                let (p0, p1) = (start + dir * s, start + dir * s1);
                if visible.intersects(Rect::from_two_pos(p0, p1).expand(half + px)) {
                    add_line(&mut mesh, p0, p1, half, e.color, px);
                }
                s += period;
            }
        } else {
            add_line(&mut mesh, start, end, half, e.color, px);
        }
        if arrow {
            let side = Vec2::new(-dir.y, dir.x) * 4.0 * grow;
            let base = tip - dir * 8.0 * grow;
            let i0 = mesh.vertices.len() as u32;
            mesh.colored_vertex(tip, e.color);
            mesh.colored_vertex(base + side, e.color);
            mesh.colored_vertex(base - side, e.color);
            mesh.add_triangle(i0, i0 + 1, i0 + 2);
        }
    }

    for n in nodes {
        let radius = n.radius * grow;
        let outline = n.outline.width * grow;
        if !visible.expand(radius + outline).contains(n.pos) {
            continue;
        }
        stats.nodes += 1;
        let r_px = radius * zoom;
        if r_px < 3.0 {
            // A dot: a few pixels square is all that shows.
            mesh.add_colored_rect(
                Rect::from_center_size(n.pos, Vec2::splat((2.0 * radius).max(1.5 * px))),
                n.fill,
            );
            continue;
        }
        let ring: &[Vec2] = match n.shape {
            NodeShape::Square => &square,
            NodeShape::Diamond => &diamond,
            NodeShape::Circle if r_px < 4.0 => &circles[0],
            NodeShape::Circle if r_px < 12.0 => &circles[1],
            NodeShape::Circle => &circles[2],
        };
        // Squares' corners sit at √2·r: scale them back to the circle's size.
        let scale = if n.shape == NodeShape::Square {
            0.9
        } else {
            1.0
        };
        let r = radius * scale;
        // Outlines only where they show (a few screen points wide nodes are just their fill).
        if r_px >= 4.0 && outline > 0.0 && n.outline.color != Color32::TRANSPARENT {
            add_polygon(
                &mut mesh,
                n.pos,
                ring,
                r + outline / 2.0,
                n.outline.color,
                px,
            );
            add_polygon(&mut mesh, n.pos, ring, r - outline / 2.0, n.fill, px);
        } else if r_px < 4.0 {
            // Too small for the fringe to matter: a plain fan.
            add_polygon(&mut mesh, n.pos, ring, r, n.fill, 0.0);
        } else {
            add_polygon(&mut mesh, n.pos, ring, r, n.fill, px);
        }
    }
    painter.add(Shape::mesh(mesh));

    let legible = LABEL_SIZE * grow * zoom >= MIN_LABEL_PX;
    // Labels in priority order, placed where they overlap no label placed before them.
    let region = visible.expand(120.0 * px.max(1.0));
    let mut wanted: Vec<usize> = (0..nodes.len())
        .filter(|&i| (legible || nodes[i].emphasis) && region.contains(nodes[i].pos))
        .collect();
    if wanted.is_empty() {
        return stats;
    }
    wanted.sort_unstable_by(|&a, &b| {
        nodes[b]
            .label_priority
            .cmp(&nodes[a].label_priority)
            .then(a.cmp(&b))
    });
    wanted.truncate(MAX_LABEL_TRIES);
    // Emphasised labels stay readable when zoomed out.
    let size = if legible { LABEL_SIZE * grow } else { 9.0 * px };
    let galleys: Vec<_> = wanted
        .iter()
        .map(|&i| {
            painter.layout_no_wrap(label(i).to_owned(), FontId::proportional(size), label_color)
        })
        .collect();
    let sizes: Vec<(usize, Vec2)> = wanted
        .iter()
        .zip(&galleys)
        .map(|(&i, g)| (i, g.size()))
        .collect();
    let placed = place_labels(nodes, &sizes, grow, region, visible, MAX_LABELS);
    for (k, rect) in placed {
        painter.galley(rect.min, Arc::clone(&galleys[k]), label_color);
        stats.labels += 1;
    }
    stats
}

/// A bucket grid of rectangles (scene points) for cheap overlap queries: a rectangle is filed
/// under every cell it touches (cells outside the grid fold onto its border), so a query looks
/// only at rectangles sharing a cell with it.
struct RectGrid {
    origin: Pos2,
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
    rects: Vec<(Rect, usize)>,
}

impl RectGrid {
    /// At most this many cells along each side.
    const MAX_SIDE: usize = 64;

    /// A grid over `region` with square cells about `cell` wide.
    fn new(region: Rect, cell: f32) -> Self {
        let cell = cell
            .max(region.width() / Self::MAX_SIDE as f32)
            .max(region.height() / Self::MAX_SIDE as f32)
            .max(1e-3);
        let side = |len: f32| ((len / cell).ceil() as usize).clamp(1, Self::MAX_SIDE);
        let (cols, rows) = (side(region.width()), side(region.height()));
        Self {
            origin: region.min,
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
            rects: Vec::new(),
        }
    }

    /// The cells `r` touches: columns and rows, inclusive.
    fn span(&self, r: Rect) -> ((usize, usize), (usize, usize)) {
        let at =
            |v: f32, o: f32, n: usize| (((v - o) / self.cell).floor().max(0.0) as usize).min(n - 1);
        (
            (
                at(r.min.x, self.origin.x, self.cols),
                at(r.max.x, self.origin.x, self.cols),
            ),
            (
                at(r.min.y, self.origin.y, self.rows),
                at(r.max.y, self.origin.y, self.rows),
            ),
        )
    }

    fn insert(&mut self, r: Rect, owner: usize) {
        let k = self.rects.len() as u32;
        self.rects.push((r, owner));
        let ((x0, x1), (y0, y1)) = self.span(r);
        for y in y0..=y1 {
            for x in x0..=x1 {
                self.cells[y * self.cols + x].push(k);
            }
        }
    }

    /// Whether `r` overlaps (more than touches) a rectangle not owned by `except`.
    fn hits(&self, r: Rect, except: usize) -> bool {
        let ((x0, x1), (y0, y1)) = self.span(r);
        (y0..=y1).any(|y| {
            (x0..=x1).any(|x| {
                self.cells[y * self.cols + x].iter().any(|&k| {
                    let (o, owner) = self.rects[k as usize];
                    owner != except && overlap(r, o)
                })
            })
        })
    }
}

/// Whether two rectangles share more than an edge.
fn overlap(a: Rect, b: Rect) -> bool {
    a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y
}

/// Places labels greedily. `wanted` lists the nodes to label with their text's size (scene
/// points), most important first; each label tries its node's preferred side (above or below),
/// then the other, then right and left, and takes the first spot that overlaps no label placed
/// before it, covers no other node and, for a node inside `view`, lies inside it (emphasised
/// labels take the first spot free of labels when none is). A label with no free spot is left
/// out (the node's tooltip still names it). At most `max` labels; `region` bounds the nodes that
/// count as obstacles. Returns the placed labels as (index into `wanted`, text rectangle).
fn place_labels(
    nodes: &[NodeStyle],
    wanted: &[(usize, Vec2)],
    grow: f32,
    region: Rect,
    view: Rect,
    max: usize,
) -> Vec<(usize, Rect)> {
    let mut placed = Vec::new();
    let Some(first) = wanted.first() else {
        return placed;
    };
    // Cells about four label heights square.
    let cell = 4.0 * first.1.y.max(1e-3);
    let mut labels = RectGrid::new(region, cell);
    // Nodes as soft obstacles, unless there are so many that labels could not avoid them anyway.
    let mut bodies = RectGrid::new(region, cell);
    let in_region: Vec<usize> = (0..nodes.len())
        .filter(|&i| region.contains(nodes[i].pos))
        .collect();
    if in_region.len() <= MAX_NODE_WIDGETS {
        for i in in_region {
            let n = &nodes[i];
            bodies.insert(
                Rect::from_center_size(n.pos, Vec2::splat(2.0 * n.radius * grow)),
                i,
            );
        }
    }
    for (k, &(i, size)) in wanted.iter().enumerate() {
        if placed.len() >= max {
            break;
        }
        let Some(n) = nodes.get(i) else {
            continue;
        };
        let gap = n.radius * grow + 2.0;
        let below = Align2::CENTER_TOP.anchor_size(n.pos + Vec2::new(0.0, gap), size);
        let above = Align2::CENTER_BOTTOM.anchor_size(n.pos - Vec2::new(0.0, gap), size);
        let right = Align2::LEFT_CENTER.anchor_size(n.pos + Vec2::new(gap + 1.0, 0.0), size);
        let left = Align2::RIGHT_CENTER.anchor_size(n.pos - Vec2::new(gap + 1.0, 0.0), size);
        let spots = if n.label_above {
            [above, below, right, left]
        } else {
            [below, above, right, left]
        };
        // A little air between neighbouring names.
        let pad = Vec2::new(0.3 * size.y, 0.0);
        let free = spots
            .iter()
            .map(|r| r.expand2(pad))
            .filter(|r| !labels.hits(*r, usize::MAX));
        // A node in view keeps its label in view (one cut by the edge is no use); only
        // emphasised labels may cover other nodes, and only when nothing else is free.
        let in_view = view.contains(n.pos);
        let (mut first_free, mut clear) = (None, None);
        for r in free {
            first_free.get_or_insert(r);
            if !bodies.hits(r, i) && (!in_view || view.contains_rect(r)) {
                clear = Some(r);
                break;
            }
        }
        if let Some(r) = clear.or(first_free.filter(|_| n.emphasis)) {
            labels.insert(r, i);
            placed.push((k, r.shrink2(pad)));
        }
    }
    placed
}

/// How much nodes, lines and labels grow in the scene as the view zooms out, so they keep their
/// size on screen down to 40 % zoom and only then shrink (and lose their labels).
#[must_use]
pub fn node_grow(zoom: f32) -> f32 {
    (1.0 / zoom.max(1e-6)).clamp(1.0, 2.5)
}

/// Unit vectors around a circle.
fn unit_ring(segments: usize) -> Vec<Vec2> {
    (0..segments)
        .map(|k| Vec2::angled(k as f32 * std::f32::consts::TAU / segments as f32))
        .collect()
}

/// A filled convex polygon `centre + ring[k]·r` with an anti-aliasing fringe `feather` wide
/// (none when `feather` is zero).
fn add_polygon(mesh: &mut Mesh, centre: Pos2, ring: &[Vec2], r: f32, color: Color32, feather: f32) {
    let base = mesh.vertices.len() as u32;
    let n = ring.len() as u32;
    let (inner, outer) = ((r - feather / 2.0).max(0.0), r + feather / 2.0);
    mesh.colored_vertex(centre, color);
    for d in ring {
        mesh.colored_vertex(centre + *d * inner, color);
    }
    if feather <= 0.0 {
        for k in 0..n {
            mesh.add_triangle(base, base + 1 + k, base + 1 + (k + 1) % n);
        }
        return;
    }
    for d in ring {
        mesh.colored_vertex(centre + *d * outer, Color32::TRANSPARENT);
    }
    for k in 0..n {
        let k1 = (k + 1) % n;
        let (i0, i1) = (base + 1 + k, base + 1 + k1);
        let (o0, o1) = (base + 1 + n + k, base + 1 + n + k1);
        mesh.add_triangle(base, i0, i1);
        mesh.add_triangle(i0, o0, o1);
        mesh.add_triangle(i0, o1, i1);
    }
}

/// A line `2·half` wide with an anti-aliasing fringe `feather` wide on each side; lines thinner
/// than the fringe are drawn as one faded, tapering triangle instead of vanishing.
fn add_line(mesh: &mut Mesh, a: Pos2, b: Pos2, half: f32, color: Color32, feather: f32) {
    let v = b - a;
    let len = v.length();
    if len <= 0.0 {
        return;
    }
    let normal = Vec2::new(-v.y, v.x) / len;
    let base = mesh.vertices.len() as u32;
    if half * 2.0 < feather {
        // Thinner than a screen point (zoomed far out): one faded triangle, a point wide at the
        // tail and pointed at the head, so direction still shows without arrowheads.
        let color = color.gamma_multiply((half * 2.0 / feather).max(0.25));
        let w = normal * (feather / 2.0);
        mesh.colored_vertex(a + w, color);
        mesh.colored_vertex(a - w, color);
        mesh.colored_vertex(b, color);
        mesh.add_triangle(base, base + 1, base + 2);
        return;
    }
    let (inner, outer) = (half - feather / 2.0, half + feather / 2.0);
    for p in [a, b] {
        mesh.colored_vertex(p + normal * outer, Color32::TRANSPARENT);
        mesh.colored_vertex(p + normal * inner, color);
        mesh.colored_vertex(p - normal * inner, color);
        mesh.colored_vertex(p - normal * outer, Color32::TRANSPARENT);
    }
    for k in 0..3 {
        let (a0, a1, b0, b1) = (base + k, base + k + 1, base + 4 + k, base + 5 + k);
        mesh.add_triangle(a0, a1, b1);
        mesh.add_triangle(a0, b1, b0);
    }
}

/// Requests from the UI to the force thread.
#[derive(Clone, Copy, Debug)]
enum Request {
    Pin(usize, [f32; 2]),
    Unpin(usize),
}

/// What the UI and the force thread share.
#[derive(Debug, Default)]
struct Shared {
    state: Mutex<RunState>,
    wake: Condvar,
    stop: AtomicBool,
}

#[derive(Debug, Default)]
struct RunState {
    positions: Vec<[f32; 2]>,
    generation: u64,
    at_rest: bool,
    requests: Vec<Request>,
}

/// The force layout's thread, seen from the UI. The UI never waits for it: it only `try_lock`s
/// the shared state, and the thread holds the lock just to copy positions in and requests out.
#[derive(Debug, Default)]
struct ForceTask {
    run: Option<ForceRun>,
}

#[derive(Debug)]
struct ForceRun {
    shared: Arc<Shared>,
    seen: u64,
    at_rest: bool,
    pending: Vec<Request>,
}

impl Drop for ForceRun {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.shared.wake.notify_all();
    }
}

impl Clone for ForceTask {
    /// A copy of the view starts without a thread; it restarts from the remembered positions.
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl ForceTask {
    fn is_running(&self) -> bool {
        self.run.is_some()
    }

    fn at_rest(&self) -> bool {
        self.run
            .as_ref()
            .is_none_or(|r| r.at_rest && r.pending.is_empty())
    }

    /// Starts the thread on these positions and edges, with these nodes pinned.
    fn start(
        &mut self,
        positions: Vec<[f32; 2]>,
        edges: &[(usize, usize)],
        pinned: &[bool],
        params: ForceParams,
    ) {
        let mut layout = ForceLayout::new(positions, edges, params);
        for (i, &p) in pinned.iter().enumerate() {
            if p {
                let at = layout.positions()[i];
                layout.pin(i, at);
            }
        }
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("proxyline-force-layout".to_owned())
            .spawn(move || run_force(&thread_shared, layout));
        match spawned {
            Ok(_) => {
                self.run = Some(ForceRun {
                    shared,
                    seen: 0,
                    at_rest: false,
                    pending: Vec::new(),
                });
            }
            Err(e) => log::error!("could not start the force layout thread: {e}"),
        }
    }

    fn pin(&mut self, i: usize, at: [f32; 2]) {
        if let Some(run) = &mut self.run {
            run.pending.push(Request::Pin(i, at));
        }
    }

    fn unpin(&mut self, i: usize) {
        if let Some(run) = &mut self.run {
            run.pending.push(Request::Unpin(i));
        }
    }

    fn unpin_all(&mut self, n: usize) {
        for i in 0..n {
            self.unpin(i);
        }
    }

    /// Hands pending requests over and takes new positions, if the thread is not holding the
    /// lock this instant. Returns the positions and whether the layout is at rest.
    fn poll(&mut self) -> Option<(Vec<[f32; 2]>, bool)> {
        let run = self.run.as_mut()?;
        let shared = Arc::clone(&run.shared);
        let mut state = match shared.state.try_lock() {
            Ok(s) => s,
            Err(TryLockError::WouldBlock) => return None,
            Err(TryLockError::Poisoned(_)) => {
                self.run = None;
                return None;
            }
        };
        if !run.pending.is_empty() {
            state.requests.append(&mut run.pending);
            state.at_rest = false;
            run.shared.wake.notify_all();
        }
        if state.generation == run.seen {
            run.at_rest = state.at_rest;
            return None;
        }
        run.seen = state.generation;
        run.at_rest = state.at_rest;
        Some((state.positions.clone(), state.at_rest))
    }
}

/// The force thread: steps the layout, publishes positions about 60 times a second, sleeps
/// while at rest until a request comes or the UI drops its handle.
fn run_force(shared: &Shared, mut layout: ForceLayout) {
    const TICK: Duration = Duration::from_millis(16);
    const BUDGET: Duration = Duration::from_millis(6);
    const STEPS_PER_TICK: usize = 3;
    let mut at_rest = false;
    loop {
        {
            let Ok(mut state) = shared.state.lock() else {
                return;
            };
            while at_rest && state.requests.is_empty() {
                if shared.stop.load(Ordering::Relaxed) {
                    return;
                }
                let Ok((s, _)) = shared.wake.wait_timeout(state, Duration::from_millis(250)) else {
                    return;
                };
                state = s;
            }
            for r in state.requests.drain(..) {
                match r {
                    Request::Pin(i, at) => layout.pin(i, at),
                    Request::Unpin(i) => layout.unpin(i),
                }
            }
        }
        if shared.stop.load(Ordering::Relaxed) {
            return;
        }
        let started = Instant::now();
        let mut moved = 0.0;
        for _ in 0..STEPS_PER_TICK {
            moved = layout.step();
            if moved < REST || started.elapsed() > BUDGET {
                break;
            }
        }
        at_rest = moved < REST;
        {
            let Ok(mut state) = shared.state.lock() else {
                return;
            };
            state.positions.clone_from(&layout.positions().to_vec());
            state.generation += 1;
            state.at_rest = at_rest && state.requests.is_empty();
        }
        std::thread::sleep(TICK.saturating_sub(started.elapsed()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_force_thread_settles_and_reports_rest() {
        let (positions, edges) = crate::graph::force::synthetic_graph(20, 30, 1);
        let mut task = ForceTask::default();
        task.start(positions, &edges, &[false; 20], ForceParams::default());
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = None;
        while Instant::now() < deadline {
            if let Some((p, rest)) = task.poll() {
                last = Some(p);
                if rest {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(task.at_rest(), "at rest within the deadline");
        assert_eq!(last.map(|p| p.len()), Some(20));
    }

    #[test]
    fn a_pin_sent_to_the_thread_holds() {
        let (positions, edges) = crate::graph::force::synthetic_graph(10, 15, 2);
        let mut task = ForceTask::default();
        task.start(positions, &edges, &[false; 10], ForceParams::default());
        task.pin(3, [7.0, 7.0]);
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut pinned_at = None;
        while Instant::now() < deadline {
            if let Some((p, rest)) = task.poll() {
                pinned_at = Some(p[3]);
                if rest {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(pinned_at, Some([7.0, 7.0]));
    }

    #[test]
    fn lines_and_polygons_build_valid_meshes() {
        let mut mesh = Mesh::default();
        add_line(
            &mut mesh,
            Pos2::ZERO,
            Pos2::new(10.0, 0.0),
            1.0,
            Color32::RED,
            1.0,
        );
        add_line(
            &mut mesh,
            Pos2::ZERO,
            Pos2::new(0.0, 10.0),
            0.1,
            Color32::RED,
            1.0,
        );
        add_polygon(&mut mesh, Pos2::ZERO, &unit_ring(8), 5.0, Color32::RED, 1.0);
        assert!(mesh.is_valid());
        assert_eq!(mesh.vertices.len(), 8 + 3 + 17);
    }

    fn node(x: f32, y: f32, priority: u32) -> NodeStyle {
        NodeStyle {
            pos: Pos2::new(x, y),
            radius: 8.0,
            shape: NodeShape::Circle,
            fill: Color32::RED,
            outline: Stroke::NONE,
            label_above: priority.is_multiple_of(2),
            emphasis: false,
            label_priority: priority,
        }
    }

    /// Places labels for `nodes` in priority order, as `paint_graph` does.
    fn place(nodes: &[NodeStyle], label: Vec2) -> Vec<(usize, Rect)> {
        let mut wanted: Vec<usize> = (0..nodes.len()).collect();
        wanted.sort_by(|&a, &b| {
            nodes[b]
                .label_priority
                .cmp(&nodes[a].label_priority)
                .then(a.cmp(&b))
        });
        let wanted: Vec<(usize, Vec2)> = wanted.into_iter().map(|i| (i, label)).collect();
        let region = Rect::from_min_max(Pos2::new(-200.0, -200.0), Pos2::new(1200.0, 900.0));
        place_labels(nodes, &wanted, 1.0, region, region, MAX_LABELS)
            .into_iter()
            .map(|(k, r)| (wanted[k].0, r))
            .collect()
    }

    #[test]
    fn placed_labels_never_overlap_and_the_selected_one_is_always_placed() {
        // A crowded grid (nodes 30 points apart, labels 90 wide) and a pile of nodes on one spot,
        // with the selected actor (top priority) in the middle of the pile.
        let mut nodes: Vec<NodeStyle> = (0..120)
            .map(|k| {
                node(
                    (k % 20) as f32 * 30.0,
                    (k / 20) as f32 * 40.0,
                    (k * 7 % 13) as u32,
                )
            })
            .collect();
        for k in 0..10 {
            nodes.push(node(300.0, 100.0 + k as f32, 50));
        }
        let selected = nodes.len() - 5;
        nodes[selected].label_priority = label_priority(true, false, ActorMetrics::default());
        nodes[selected].emphasis = true;
        let placed = place(&nodes, Vec2::new(90.0, 14.0));
        assert!(placed.iter().any(|&(i, _)| i == selected), "{placed:?}");
        assert_eq!(placed.first().map(|p| p.0), Some(selected));
        assert!(
            placed.len() > 20,
            "room for more than a few: {}",
            placed.len()
        );
        assert!(placed.len() < nodes.len(), "some labels must give way");
        for (a, (i, ra)) in placed.iter().enumerate() {
            assert!(ra.width() > 89.0 && ra.height() > 13.0);
            for (j, rb) in &placed[a + 1..] {
                assert!(!overlap(*ra, *rb), "{i} {ra:?} overlaps {j} {rb:?}");
            }
        }
        // Each node is labelled at most once.
        let mut seen: Vec<usize> = placed.iter().map(|p| p.0).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), placed.len());
    }

    #[test]
    fn a_lone_label_goes_to_its_preferred_side_and_a_blocked_one_moves() {
        let nodes = [node(0.0, 0.0, 2), node(0.0, 0.0, 1)];
        let placed = place(&nodes, Vec2::new(40.0, 10.0));
        // The first is preferred above (even priority), the second below (odd).
        assert_eq!(placed.len(), 2);
        assert!(
            placed[0].1.max.y <= 0.0 && placed[1].1.min.y >= 0.0,
            "{placed:?}"
        );
        // Same spot, same preferred side: the second takes the other side.
        let nodes = [node(0.0, 0.0, 2), node(0.0, 0.0, 4)];
        let placed = place(&nodes, Vec2::new(40.0, 10.0));
        assert_eq!(placed.len(), 2);
        assert!(!overlap(placed[0].1, placed[1].1));
    }

    #[test]
    fn labels_rank_selected_then_highlighted_then_busy() {
        let busy = ActorMetrics {
            degree: 30,
            betweenness: 0.0,
            events: 9,
        };
        let quiet = ActorMetrics::default();
        assert!(label_priority(true, false, quiet) > label_priority(false, true, busy));
        assert!(label_priority(false, true, quiet) > label_priority(false, false, busy));
        assert!(label_priority(false, false, busy) > label_priority(false, false, quiet));
    }

    #[test]
    fn years_map_to_days_in_order() {
        assert!(day_of_year(1990.0) < day_of_year(1990.5));
        assert!(day_of_year(1990.5) < day_of_year(1991.0));
        assert_eq!(day_of_year(1990.0), PartialDate::year(1990).first_day());
    }
}
