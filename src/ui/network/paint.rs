//! Drawing the graph: node and edge styles, level of detail (dots, outlines, arrows, labels by zoom), culling and one mesh for every edge, arrow and node.

use std::sync::Arc;

use eframe::egui::{Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2};

use super::{LABEL_SIZE, MAX_LABEL_TRIES, MAX_LABELS, MIN_LABEL_PX, place_labels};

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
    /// Not drawn, labelled or clickable, nor its edges ("Chain only").
    pub hidden: bool,
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
    let (shapes, stats) = graph_shapes(painter, zoom, nodes, edges, label, label_color);
    painter.extend(shapes);
    stats
}

/// The shapes [`paint_graph`] paints (one mesh, then the labels), for a caller that keeps them
/// while nothing they depend on changes. `painter` gives the clip rect and lays out the labels.
pub fn graph_shapes<'a>(
    painter: &Painter,
    zoom: f32,
    nodes: &[NodeStyle],
    edges: &[EdgeStyle],
    label: impl Fn(usize) -> &'a str,
    label_color: Color32,
) -> (Vec<Shape>, PaintStats) {
    let mut shapes = Vec::new();
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
        if a.hidden || b.hidden {
            continue;
        }
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
        if n.hidden || !visible.expand(radius + outline).contains(n.pos) {
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
    shapes.push(Shape::mesh(mesh));

    let legible = LABEL_SIZE * grow * zoom >= MIN_LABEL_PX;
    // Labels in priority order, placed where they overlap no label placed before them.
    let region = visible.expand(120.0 * px.max(1.0));
    let mut wanted: Vec<usize> = (0..nodes.len())
        .filter(|&i| {
            !nodes[i].hidden && (legible || nodes[i].emphasis) && region.contains(nodes[i].pos)
        })
        .collect();
    if wanted.is_empty() {
        return (shapes, stats);
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
    // Each label sits on a plate of the background, three quarters opaque: the edges and any
    // node it could not avoid pass dimmed under it instead of through its letters.
    let plate = painter
        .ctx()
        .global_style()
        .visuals
        .extreme_bg_color
        .gamma_multiply(LABEL_PLATE);
    for (k, rect) in placed {
        shapes.push(Shape::rect_filled(rect.expand(px), 2.0 * px, plate));
        shapes.push(Shape::galley(
            rect.min,
            Arc::clone(&galleys[k]),
            label_color,
        ));
        stats.labels += 1;
    }
    (shapes, stats)
}

/// The opacity of the plate under a label.
const LABEL_PLATE: f32 = 0.75;

/// How much nodes, lines and labels grow in the scene as the view zooms out, so they keep their
/// size on screen down to 40 % zoom and only then shrink (and lose their labels).
#[must_use]
pub fn node_grow(zoom: f32) -> f32 {
    (1.0 / zoom.max(1e-6)).clamp(1.0, 2.5)
}

/// Unit vectors around a circle.
pub(super) fn unit_ring(segments: usize) -> Vec<Vec2> {
    (0..segments)
        .map(|k| Vec2::angled(k as f32 * std::f32::consts::TAU / segments as f32))
        .collect()
}

/// A filled convex polygon `centre + ring[k]·r` with an anti-aliasing fringe `feather` wide
/// (none when `feather` is zero).
pub(super) fn add_polygon(
    mesh: &mut Mesh,
    centre: Pos2,
    ring: &[Vec2],
    r: f32,
    color: Color32,
    feather: f32,
) {
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
pub(super) fn add_line(mesh: &mut Mesh, a: Pos2, b: Pos2, half: f32, color: Color32, feather: f32) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
