//! Markers: where an event's marker sits, its shape by kind (circle, triangle, square), its
//! size by deaths, the batched mesh for many markers, and labels elided to fit.

use eframe::egui::{self, Color32, FontId, Pos2, Rect, Shape, Stroke, Vec2};

use super::TimelineView;
use crate::model::EventCategory;

impl TimelineView {
    /// Where the marker of an event is drawn, if its lane is on screen.
    pub(super) fn marker_pos(
        &self,
        event: u32,
        day: i32,
        on_screen: &[(usize, Rect, bool)],
        x_of: &dyn Fn(f64) -> f32,
    ) -> Option<Pos2> {
        on_screen.iter().find_map(|&(lane_i, lane_rect, density)| {
            let lane = self.lanes.get(lane_i)?;
            (!density && lane.holds(event, day))
                .then(|| Pos2::new(x_of(f64::from(day)), lane_rect.center().y))
        })
    }
}

/// Draws one detailed marker: circle for an attack, triangle for a state strike, square for a
/// legal act.
pub(super) fn draw_marker(
    painter: &egui::Painter,
    category: EventCategory,
    center: Pos2,
    r: f32,
    fill: Color32,
    stroke: Stroke,
) {
    match category {
        EventCategory::Attack => {
            painter.circle(center, r, fill, stroke);
        }
        EventCategory::StateStrike => {
            let pts = vec![
                center + Vec2::new(0.0, -r * 1.15),
                center + Vec2::new(r, r * 0.85),
                center + Vec2::new(-r, r * 0.85),
            ];
            painter.add(Shape::convex_polygon(pts, fill, stroke));
        }
        EventCategory::LegalAct => {
            painter.rect(
                Rect::from_center_size(center, Vec2::splat(r * 1.6)),
                1.0,
                fill,
                stroke,
                egui::StrokeKind::Middle,
            );
        }
    }
}

/// Adds a plain marker of the same shapes to a mesh (no stroke, no widget): the cheap path
/// when thousands of markers are on screen.
pub(super) fn add_marker(
    mesh: &mut egui::Mesh,
    category: EventCategory,
    center: Pos2,
    r: f32,
    color: Color32,
) {
    let base = mesh.vertices.len() as u32;
    match category {
        EventCategory::Attack => {
            mesh.colored_vertex(center, color);
            for k in 0..8 {
                let a = k as f32 * std::f32::consts::TAU / 8.0;
                mesh.colored_vertex(center + r * Vec2::angled(a), color);
            }
            for k in 0..8 {
                mesh.add_triangle(base, base + 1 + k, base + 1 + (k + 1) % 8);
            }
        }
        EventCategory::StateStrike => {
            mesh.colored_vertex(center + Vec2::new(0.0, -r * 1.15), color);
            mesh.colored_vertex(center + Vec2::new(r, r * 0.85), color);
            mesh.colored_vertex(center + Vec2::new(-r, r * 0.85), color);
            mesh.add_triangle(base, base + 1, base + 2);
        }
        EventCategory::LegalAct => {
            mesh.add_colored_rect(Rect::from_center_size(center, Vec2::splat(r * 1.6)), color);
        }
    }
}

/// Whether a text laid out in one line in `font` is at most `width` wide.
fn fits(painter: &egui::Painter, text: &str, font: &FontId, width: f32) -> bool {
    painter
        .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
        .size()
        .x
        <= width
}

/// Shortens a text with an ellipsis to fit a width.
pub(super) fn elide(painter: &egui::Painter, text: &str, font: &FontId, width: f32) -> String {
    let fits = |t: &str| fits(painter, t, font, width);
    if fits(text) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "\u{2026}";
        if fits(&candidate) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo].iter().collect::<String>() + "\u{2026}"
}

/// A chain of names ("Iran > IRGC > Quds Force > Kata'ib Hezbollah") cut at its start, a whole
/// name at a time, so that it fits `width`: the end of a sponsor chain tells lanes apart. When
/// even the last name alone does not fit, it is cut at its end like [`elide`].
pub(super) fn elide_start(
    painter: &egui::Painter,
    text: &str,
    font: &FontId,
    width: f32,
) -> String {
    const SEP: &str = " > ";
    let fits = |t: &str| fits(painter, t, font, width);
    if fits(text) {
        return text.to_owned();
    }
    let names: Vec<&str> = text.split(SEP).collect();
    for k in 1..names.len() {
        let candidate = format!("\u{2026}{SEP}{}", names[k..].join(SEP));
        if fits(&candidate) {
            return candidate;
        }
    }
    let last = names.last().copied().unwrap_or(text);
    elide(painter, last, font, width)
}
