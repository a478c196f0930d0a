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
//! What a frame costs is measured on the whole view (`cargo bench --bench network -- view`:
//! `NetworkView::ui` with its toolbar, styles, paint, widgets and hover, plus `tessellate`, at
//! 1920×1080, release, this noisy 2-core VM, medians of 30 frames, four runs). Node and edge
//! styles are kept while their inputs stay the same ([`styles`]), and the painted shapes while
//! the positions, zoom and visible rect do too. At 10 000 actors and 20 000 ties: a frame that
//! only moves the pointer 2.3–2.8 ms; a frame that pans, zooms or moves nodes 4.0–4.8 ms; the
//! same frame rebuilding the styles every time, as every frame did before, 21–28 ms (5–6× as
//! long). At 2 000 / 4 000: 1.7, 2.2 and 5.5–8.6 ms. So a hover fits 3 ms at 10k; a pan does
//! not yet (most of it is building and tessellating the one 20 000-edge mesh). The painter
//! alone (`-- paint`, styles built outside the timed frame, zoomed in at 2 000 nodes so that
//! outlines, arrows and 37 labels show) reads 8.4 ms at 2 000 and 6.0 ms at 10 000 nodes, the
//! same before and after the split of this module (measured on both commits in one session);
//! the 0.7–0.9 ms this doc used to quote could not be reproduced.
//!
//! A new case is laid out (layered positions) and measured (degree, betweenness, events) in the
//! frame up to [`INLINE_LAYOUT_ACTORS`]; above, the view asks the app for it
//! (`Command::LayOutNetwork`, a job like loading) and says "Laying out N actors…" meanwhile.
//! One run of `-- view` (this session): layout and metrics 45 ms at 2 000 actors, 53 ms at
//! 10 000, 441 ms at 100 000 / 100 000 ties (off the UI thread); at 100 000 the first frame
//! (styles) takes 128 ms, a hover frame 4.3 ms, a pan 13.8 ms, a style rebuild (a new
//! selection) 104 ms.

mod labels;
mod metrics_table;
mod paint;
mod scene;
mod styles;
mod toolbar;

pub use metrics_table::MetricColumn;
pub use paint::{
    EdgeStyle, NodeShape, NodeStyle, PaintStats, graph_shapes, node_grow, paint_graph,
};

use std::collections::{BTreeMap, HashSet};

use eframe::egui::{self, Align2, FontId, Pos2, Rect, Sense, Vec2};

use super::ViewCtx;
use crate::command::CommandSender;
use crate::graph;
use crate::graph::force::ForceParams;
use crate::graph::force_task::ForceTask;
use crate::graph::metrics::{self, ActorMetrics};
use crate::model::{Case, PartialDate};
use labels::{label_priority, place_labels};
use styles::{PaintCache, StyleCache};

/// Scene points per layout unit.
const UNIT: f32 = 64.0;
/// Vertical distance between layers of the layered layout, in layout units.
const LAYER_GAP: f32 = 1.25;
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

/// The network view's state.
/// What the network remembers across restarts: its settings, the view, pins and where the
/// force layout left each actor. Plain data.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NetworkPrefs {
    /// Show every tie whatever its dates.
    pub all_dates: bool,
    /// The layout.
    pub layout: LayoutKind,
    /// The part of the scene in view, once the user panned or zoomed.
    pub scene_rect: Option<Rect>,
    /// Nodes placed by hand, by actor id, in layout units.
    pub pins: BTreeMap<String, [f32; 2]>,
    /// Where the force layout last left each actor, by actor id, in layout units.
    pub force_positions: BTreeMap<String, [f32; 2]>,
    /// Show the metrics table.
    pub show_metrics: bool,
    /// The metrics table's sort column and whether it sorts ascending.
    pub sort: (MetricColumn, bool),
    /// Show only the selected event's chain.
    pub chain_only: bool,
}

/// The network view: its settings (see [`NetworkPrefs`]) and what it derives and runs — layered
/// positions, metrics, styles, the force layout's thread, the play button.
#[derive(Debug, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent toggles of the view, each a checkbox or a button"
)]
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
    /// Show only the selected event's chain from the state (when it has one), fitted to it.
    pub chain_only: bool,
    /// The metrics table's sort column and whether it sorts ascending (default: descending).
    pub sort: (MetricColumn, bool),
    /// The as-of year the play button walks (fractional: part of the year); `None`: the selected
    /// event's date. Not remembered across restarts, and cleared when another event is selected.
    pub as_of_year: Option<f32>,
    /// The selected event last seen, to notice a new selection.
    last_event: Option<usize>,
    /// Playing: the as-of year advances every frame.
    pub playing: bool,
    /// Layered positions in unit grid space, rebuilt when the case changes.
    pub positions: Vec<[f32; 2]>,
    /// The positions drawn this frame, in layout units (rebuilt every frame).
    shown: Vec<[f32; 2]>,
    /// The force layout's thread, while the force layout is on.
    force: ForceTask,
    /// Per-actor metrics, rebuilt with the layered positions.
    metrics: Vec<ActorMetrics>,
    /// Node and edge styles and the highlighted chain, rebuilt when their inputs change.
    styles: StyleCache,
    /// The last frame's painted shapes, reused while nothing they depend on changes.
    paint_cache: PaintCache,
    /// While presenting: the event whose chain the view was last fitted to (a new one refits).
    fitted_chain: Option<usize>,
    /// A large case's layout and metrics were asked of the app for a case of this many actors
    /// (they arrive by [`Self::set_layout`]).
    layout_requested: Option<usize>,
}

/// Up to this many actors the view lays out and measures a new case itself, in the frame
/// (83 ms at 10,000 actors); above, it asks the app to do it in the background (562 ms at
/// 100,000 actors, measured by `cargo bench --bench network -- view`).
pub const INLINE_LAYOUT_ACTORS: usize = 20_000;

/// A case's layered positions and metrics, worked out off the UI thread for a large case.
#[must_use]
pub fn layout_of(case: &Case) -> (Vec<[f32; 2]>, Vec<ActorMetrics>) {
    (graph::layout::layered(case), metrics::actor_metrics(case))
}

impl NetworkView {
    /// The view with its remembered settings.
    #[must_use]
    pub fn from_prefs(prefs: &NetworkPrefs) -> Self {
        Self {
            all_dates: prefs.all_dates,
            layout: prefs.layout,
            scene_rect: prefs.scene_rect,
            pins: prefs.pins.clone(),
            force_positions: prefs.force_positions.clone(),
            show_metrics: prefs.show_metrics,
            chain_only: prefs.chain_only,
            sort: prefs.sort,
            ..Self::default()
        }
    }

    /// What to remember of the view.
    #[must_use]
    pub fn prefs(&self) -> NetworkPrefs {
        NetworkPrefs {
            all_dates: self.all_dates,
            layout: self.layout,
            scene_rect: self.scene_rect,
            pins: self.pins.clone(),
            force_positions: self.force_positions.clone(),
            show_metrics: self.show_metrics,
            chain_only: self.chain_only,
            sort: self.sort,
        }
    }

    /// Shows the network.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
        let case = ctx.case;
        if self.positions.len() != case.actors.len() || self.metrics.len() != case.actors.len() {
            if case.actors.len() <= INLINE_LAYOUT_ACTORS {
                // A new case: new layered positions and metrics; the force run restarts.
                let (positions, metrics) = layout_of(case);
                self.set_layout(positions, metrics);
            } else {
                if self.layout_requested != Some(case.actors.len()) {
                    commands.send(crate::command::Command::LayOutNetwork);
                    self.layout_requested = Some(case.actors.len());
                }
                ui.centered_and_justified(|ui| {
                    ui.weak(format!("Laying out {} actors\u{2026}", case.actors.len()));
                });
                return;
            }
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

    /// Takes a case's layered positions and metrics (worked out by [`layout_of`]); the force
    /// run restarts.
    pub fn set_layout(&mut self, positions: Vec<[f32; 2]>, metrics: Vec<ActorMetrics>) {
        self.positions = positions;
        self.metrics = metrics;
        self.force = ForceTask::default();
        self.scene_rect = None;
        self.layout_requested = None;
    }

    /// Forgets what belonged to the previous case: positions, and pins and force positions of
    /// actors the new case does not have.
    pub fn on_new_case(&mut self, case: &Case) {
        self.positions.clear();
        self.layout_requested = None;
        self.forget_styles();
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
        let v = ui.visuals();
        let colors = [
            v.text_color(),
            v.warn_fg_color,
            v.extreme_bg_color,
            v.weak_text_color(),
        ];
        self.refresh_styles(ctx, self.as_of_day(ctx), colors);
        let hl = &self.styles.hl;
        // Presenting an event with a chain, or "Chain only": fit the chain, large, so the audience
        // sees it; a new event (or leaving the presentation) fits afresh.
        let chain_fit = (ctx.presenting || self.chain_only) && hl.links > 0;
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
                self.scene_ui(ui, ctx, commands);
            })
            .response;
        if response.changed() {
            self.scene_rect = Some(scene_rect);
        }
    }

    fn unpin(&mut self, i: usize, id: &str) {
        self.pins.remove(id);
        self.force.unpin(i);
    }
}

/// The first day of a (fractional) year: 1990.5 is about 1 July 1990.
fn day_of_year(year: f32) -> i32 {
    let whole = year.floor();
    PartialDate::year(whole as i16).first_day() + ((year - whole) * 365.0) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_map_to_days_in_order() {
        assert!(day_of_year(1990.0) < day_of_year(1990.5));
        assert!(day_of_year(1990.5) < day_of_year(1991.0));
        assert_eq!(day_of_year(1990.0), PartialDate::year(1990).first_day());
    }
}
