//! What the network draws, apart from where: the highlighted chain, and every node's and edge's
//! style (shape, colour, outline, label side and priority; which ties are shown on the as-of
//! date, side by side when several join one pair, dashed when no evidence meets the bar). They
//! are rebuilt only when something they depend on changes — the case, the selection, the brush,
//! the as-of date, the bar, the theme, the layout, the pins — and only the positions are written
//! per frame. Rebuilding costs ~10 ms at 10 000 actors (chains, actor indices, pair counts and
//! grades parsed again), which is what the frame paid every time before this cache; see the
//! figures in the [module doc](super).

use std::collections::{HashMap, HashSet};

use eframe::egui::{Color32, Pos2, Rect, Shape, Stroke};

use super::super::{ViewCtx, theme};
use super::{
    EdgeStyle, LayoutKind, NetworkView, NodeShape, NodeStyle, PaintStats, UNIT, label_priority,
};
use crate::graph::{self, LinkVia};
use crate::model::{ActorKind, Grade};

/// What the network highlights: the selected event's chain (or the brushed events' actors).
#[derive(Debug, Default)]
pub(super) struct Highlight {
    /// Ties on the chain (indices into `case.ties`).
    pub(super) ties: HashSet<usize>,
    /// Actors on the chain, perpetrators included, or the brushed events' actors.
    pub(super) nodes: HashSet<usize>,
    /// Organ links on the chain (a body and its parent, by actor index: upper, lower), such as
    /// Iran -> IRGC, drawn with the chain's ties.
    pub(super) organ_links: HashSet<(usize, usize)>,
    /// Links on the chain (none: no chain leads to the perpetrators).
    pub(super) links: usize,
}

impl Highlight {
    /// The chain from the sponsor to the selected event's perpetrators (on the event's own
    /// date); without a selected event, the actors of the brushed events.
    fn of(ctx: &ViewCtx<'_>, actor_index: &HashMap<&str, usize>) -> Self {
        let case = ctx.case;
        let index = |id: &str| actor_index.get(id).copied();
        let mut hl = Self::default();
        if let Some(e) = ctx.selected_event.and_then(|i| case.events.get(i)) {
            // The candidates as the side panel weighs them (a front name stands for its group),
            // each with the chain from the state to it, and the names it acted under.
            let finder = graph::ChainFinder::new(case);
            let day = e.first_day();
            for (candidate, names) in crate::attribution::candidates(case, e) {
                hl.nodes.extend(names.iter().filter_map(|n| index(n)));
                hl.nodes.extend(index(candidate));
                // The front-name ties it acted under.
                for (t, tie) in case.ties.iter().enumerate() {
                    if tie.kind == crate::model::TieKind::FrontFor
                        && tie.to == candidate
                        && names
                            .get(1..)
                            .unwrap_or_default()
                            .contains(&tie.from.as_str())
                        && tie.valid_on(day)
                    {
                        hl.ties.insert(t);
                    }
                }
                let chain = finder.chain_to(day, ctx.state, candidate);
                for link in chain.into_iter().flatten() {
                    match link.via {
                        LinkVia::Tie(t) => {
                            hl.ties.insert(t);
                        }
                        LinkVia::Organ => {
                            if let (Some(u), Some(l)) = (index(&link.upper), index(&link.lower)) {
                                hl.organ_links.insert((u, l));
                            }
                        }
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

/// The theme colours the styles take from the visuals: text, warning, background, weak text.
pub(super) type StyleColors = [Color32; 4];

/// Everything the styles depend on besides the case (a new case clears the cache).
#[derive(Clone, Debug, PartialEq)]
struct StyleKey {
    actors: usize,
    ties: usize,
    selected_event: Option<usize>,
    selected_actor: Option<String>,
    state: String,
    brush: Option<(i32, i32)>,
    day: Option<i32>,
    bar: Grade,
    dark: bool,
    colors: StyleColors,
    layout: LayoutKind,
    pins: usize,
    chain_only: bool,
}

/// The frame's styles, kept while their inputs stay the same.
#[derive(Debug, Default)]
pub(super) struct StyleCache {
    key: Option<StyleKey>,
    /// The highlighted chain.
    pub(super) hl: Highlight,
    /// One style per actor (positions written per frame).
    pub(super) nodes: Vec<NodeStyle>,
    /// Parent links, then the ties shown.
    pub(super) edges: Vec<EdgeStyle>,
    /// Which tie each edge draws (`None`: a parent link).
    pub(super) edge_tie: Vec<Option<usize>>,
    /// How many times the styles were rebuilt (for tests and benchmarks).
    pub(super) rebuilds: u64,
}

impl NetworkView {
    /// Brings the style cache up to date with `ctx`, the as-of `day` and the theme `colors`,
    /// then writes this frame's positions into the node styles.
    pub(super) fn refresh_styles(
        &mut self,
        ctx: &ViewCtx<'_>,
        day: Option<i32>,
        colors: StyleColors,
    ) {
        let case = ctx.case;
        let key = StyleKey {
            actors: case.actors.len(),
            ties: case.ties.len(),
            selected_event: ctx.selected_event,
            selected_actor: ctx.selected_actor.map(str::to_owned),
            state: ctx.state.to_owned(),
            brush: ctx.brush,
            day,
            bar: ctx.bar,
            dark: ctx.dark,
            colors,
            layout: self.layout,
            pins: self.pins.len(),
            chain_only: self.chain_only,
        };
        if self.styles.key.as_ref() != Some(&key) {
            self.rebuild_styles(ctx, day, colors);
            self.styles.key = Some(key);
            self.styles.rebuilds += 1;
        }
        for (n, p) in self.styles.nodes.iter_mut().zip(&self.shown) {
            n.pos = Pos2::new(p[0] * UNIT, p[1] * UNIT);
        }
    }

    /// Forgets the styles, so that the next frame rebuilds them (a new case; benchmarks).
    pub fn forget_styles(&mut self) {
        let rebuilds = self.styles.rebuilds;
        self.styles = StyleCache {
            rebuilds,
            ..StyleCache::default()
        };
    }

    /// Forgets the painted shapes, so that the next frame builds them again (what a frame that
    /// pans, zooms or moves nodes costs; benchmarks).
    pub fn forget_paint(&mut self) {
        self.paint_cache = PaintCache::default();
    }

    /// How many times the styles were rebuilt so far.
    #[must_use]
    pub fn style_rebuilds(&self) -> u64 {
        self.styles.rebuilds
    }

    fn rebuild_styles(&mut self, ctx: &ViewCtx<'_>, day: Option<i32>, colors: StyleColors) {
        let case = ctx.case;
        let [text_color, warn, background, weak_text] = colors;
        let actor_index = case.actor_indices();
        let index = |id: &str| actor_index.get(id).copied();
        let hl = Highlight::of(ctx, &actor_index);
        let highlight = !hl.nodes.is_empty();
        // "Chain only": everything off the selected event's chain is left out (when it has one).
        let only_chain = self.chain_only && hl.links > 0;
        // Layers the layered layout staggered over two rows.
        let staggered: HashSet<i64> = self
            .positions
            .iter()
            .filter(|p| p[1].fract() > 0.01)
            .map(|p| p[1].floor() as i64)
            .collect();
        let nodes: Vec<NodeStyle> = case
            .actors
            .iter()
            .enumerate()
            .map(|(i, actor)| {
                let selected = ctx.selected_actor == Some(actor.id.as_str());
                let on_chain = hl.nodes.contains(&i);
                let mut fill = theme::actor_color(actor.kind, ctx.dark);
                if highlight && !on_chain {
                    fill = fill.gamma_multiply(theme::DIMMED);
                }
                let outline = if selected {
                    Stroke::new(3.0, text_color)
                } else if self.pins.contains_key(&actor.id) {
                    Stroke::new(2.0, warn)
                } else {
                    Stroke::new(1.0, background)
                };
                NodeStyle {
                    pos: Pos2::ZERO,
                    radius: theme::node_radius(actor.kind),
                    shape: match actor.kind {
                        ActorKind::State | ActorKind::StateOrgan => NodeShape::Square,
                        ActorKind::FrontGroup => NodeShape::Diamond,
                        _ => NodeShape::Circle,
                    },
                    fill,
                    outline,
                    // A staggered layer's upper row is labelled above, its lower row below; in
                    // other layers neighbours alternate, so long names do not collide.
                    label_above: match (self.layout, self.positions.get(i)) {
                        (LayoutKind::Layered, Some(&[x, y])) => {
                            if staggered.contains(&(y.floor() as i64)) {
                                y.fract() < 0.01
                            } else {
                                ((x + 0.5).floor() as i64).rem_euclid(2) == 1
                            }
                        }
                        _ => false,
                    },
                    emphasis: selected || on_chain,
                    label_priority: label_priority(
                        selected,
                        on_chain,
                        self.metrics.get(i).copied().unwrap_or_default(),
                    ),
                    hidden: only_chain && !on_chain,
                }
            })
            .collect();

        let weak = weak_text.gamma_multiply(theme::PARENT_LINK);
        let mut edges: Vec<EdgeStyle> = Vec::with_capacity(case.ties.len() + case.actors.len());
        let mut edge_tie: Vec<Option<usize>> = Vec::with_capacity(edges.capacity());
        for (i, a) in case.actors.iter().enumerate() {
            if let Some(p) = a.parent.as_deref().and_then(index) {
                // On the chain (the state down to its organs): as thick as the chain's ties.
                let on_chain = hl.organ_links.contains(&(p, i));
                edges.push(EdgeStyle {
                    from: p as u32,
                    to: i as u32,
                    color: if on_chain { text_color } else { weak },
                    width: if on_chain { 3.5 } else { 1.0 },
                    dashed: false,
                    arrow: on_chain,
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
                .any(|e| e.parsed_grade().is_some_and(|g| g.meets(ctx.bar)));
            let mut color = theme::tie_color(tie.kind, ctx.dark);
            if !strong {
                color = color.gamma_multiply(theme::DIMMED);
            }
            let on_chain = hl.ties.contains(&t);
            if highlight && !on_chain {
                color = color.gamma_multiply(theme::OFF_CHAIN);
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
        self.styles.hl = hl;
        self.styles.nodes = nodes;
        self.styles.edges = edges;
        self.styles.edge_tie = edge_tie;
    }
}

/// What the painted shapes depend on besides the positions: the styles, the zoom, the visible
/// rect (culling) and the label colour.
#[derive(Clone, Copy, Debug, PartialEq)]
struct PaintKey {
    rebuilds: u64,
    zoom: f32,
    visible: Rect,
    label_color: Color32,
}

/// The shapes of the last frame's graph (one mesh and the labels), reused while the styles,
/// positions, zoom and visible rect stay the same: a frame that only moves the pointer (hover,
/// tooltips) paints them again without building them.
#[derive(Debug, Default)]
pub(super) struct PaintCache {
    key: Option<PaintKey>,
    positions: Vec<[f32; 2]>,
    shapes: Vec<Shape>,
    /// What was drawn.
    pub(super) stats: PaintStats,
}

impl PaintCache {
    /// The shapes for this frame: the kept ones when nothing they depend on changed, else
    /// `build()`'s.
    pub(super) fn shapes(
        &mut self,
        (rebuilds, zoom, visible, label_color): (u64, f32, Rect, Color32),
        positions: &[[f32; 2]],
        build: impl FnOnce() -> (Vec<Shape>, PaintStats),
    ) -> &[Shape] {
        let key = PaintKey {
            rebuilds,
            zoom,
            visible,
            label_color,
        };
        if self.key != Some(key) || self.positions != positions {
            (self.shapes, self.stats) = build();
            self.key = Some(key);
            self.positions.clear();
            self.positions.extend_from_slice(positions);
        }
        &self.shapes
    }
}
