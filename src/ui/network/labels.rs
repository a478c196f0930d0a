//! Label placement: greedily by priority, on a side of the node where the label overlaps no other label and covers no other node, with a bucket grid for the overlap queries.

use eframe::egui::{Align2, Pos2, Rect, Vec2};

use super::{MAX_NODE_WIDGETS, NodeStyle};
use crate::graph::metrics::ActorMetrics;

/// The order labels are placed in: the selected actor, then the highlighted ones, then by
/// degree and events.
pub(super) fn label_priority(selected: bool, highlighted: bool, m: ActorMetrics) -> u32 {
    const TIER: u32 = 1 << 24;
    let tier = if selected { 2 } else { u32::from(highlighted) };
    let weight = (m.degree + m.events).min(TIER as usize - 1) as u32;
    tier * TIER + weight
}

/// A bucket grid of rectangles (scene points) for cheap overlap queries: a rectangle is filed
/// under every cell it touches (cells outside the grid fold onto its border), so a query looks
/// only at rectangles sharing a cell with it.
pub(super) struct RectGrid {
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
pub(super) fn overlap(a: Rect, b: Rect) -> bool {
    a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y
}

/// Places labels greedily. `wanted` lists the nodes to label with their text's size (scene
/// points), most important first; each label tries its node's preferred side (above or below),
/// then the other, then right and left, and takes the first spot that overlaps no label placed
/// before it, covers no other node and, for a node inside `view`, lies inside it (emphasised
/// labels take the first spot free of labels when none is). A label with no free spot is left
/// out (the node's tooltip still names it). At most `max` labels; `region` bounds the nodes that
/// count as obstacles. Returns the placed labels as (index into `wanted`, text rectangle).
pub(super) fn place_labels(
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

#[cfg(test)]
mod tests {
    use super::super::{MAX_LABELS, NodeShape};
    use super::*;
    use eframe::egui::{Color32, Stroke};

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
            hidden: false,
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
}
