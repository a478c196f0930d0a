//! The timeline's event labels: placed after every marker on screen is known, in priority
//! order (the selected event, then by deaths), beside their marker where they cover no other
//! marker and no label placed before them, shortened to the room there is when the whole title
//! does not fit. A label lies inside its lane, so only its own lane's markers and labels can
//! meet it: each lane keeps its own (the frame's cost grows with markers, not their square).

use eframe::egui::{self, FontId, Pos2, Rect};

use crate::ui::ViewCtx;

/// An event that would like a label beside its marker.
pub(super) struct LabelWant {
    pub(super) event: usize,
    /// Its lane's index in the per-lane marker rects.
    pub(super) lane_slot: usize,
    /// Its marker's index among its lane's marker rects.
    pub(super) marker: usize,
    /// Selected first, then by deaths.
    pub(super) priority: (bool, u32),
    pub(super) center: Pos2,
    pub(super) radius: f32,
    pub(super) lane: Rect,
}

/// Labels tried at most per frame (each is a text layout).
const MAX_LABEL_TRIES: usize = 400;

/// Places event labels in priority order, each to the right of its marker or else to its left,
/// inside its lane and the plot, where it covers no marker (but its own) and no label placed
/// before it; a label with no such room is left out (the tooltip and the side panel name it).
pub(super) fn place_labels(
    painter: &egui::Painter,
    ctx: &ViewCtx<'_>,
    markers: &[Vec<Rect>],
    mut wants: Vec<LabelWant>,
    area: Rect,
    color: egui::Color32,
) -> Vec<(Rect, std::sync::Arc<egui::Galley>)> {
    wants.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.event.cmp(&b.event)));
    wants.truncate(MAX_LABEL_TRIES);
    let mut placed: Vec<(Rect, std::sync::Arc<egui::Galley>)> = Vec::new();
    // Per lane, the labels placed in it so far.
    let mut placed_in: Vec<Vec<Rect>> = vec![Vec::new(); markers.len()];
    for want in wants {
        let Some(event) = ctx.case.events.get(want.event) else {
            continue;
        };
        // An empty title has nothing to show (synthetic cases) and would only take room.
        if event.title.is_empty() {
            continue;
        }
        let lane_markers = markers.get(want.lane_slot).map_or(&[][..], Vec::as_slice);
        let galley = painter.layout_no_wrap(event.title.clone(), FontId::proportional(11.0), color);
        let size = galley.size();
        let y = want.center.y - size.y / 2.0;
        let right = Rect::from_min_size(Pos2::new(want.center.x + want.radius + 3.0, y), size);
        let left = Rect::from_min_size(
            Pos2::new(want.center.x - want.radius - 3.0 - size.x, y),
            size,
        );
        let lane_labels = placed_in.get(want.lane_slot).map_or(&[][..], Vec::as_slice);
        let free = |b: &Rect| {
            area.contains_rect(*b)
                && want.lane.expand(1.0).contains_rect(*b)
                && !lane_markers
                    .iter()
                    .enumerate()
                    .any(|(k, m)| k != want.marker && m.intersects(*b))
                && !lane_labels.iter().any(|o| o.intersects(b.expand(2.0)))
        };
        let mut chosen = [right, left]
            .into_iter()
            .find(|b| free(b))
            .map(|b| (b, galley));
        // No room for the whole title on either side: shortened to the room on the right, up to
        // the next marker in its lane or the plot's edge, when that leaves a readable part.
        let x0 = want.center.x + want.radius + 3.0;
        let room = lane_markers
            .iter()
            .enumerate()
            .filter(|(k, m)| *k != want.marker && m.left() >= x0)
            .map(|(_, m)| m.left() - 3.0)
            .fold(area.right(), f32::min)
            - x0;
        if chosen.is_none() && room >= MIN_LABEL_WIDTH {
            let font = FontId::proportional(11.0);
            let short = super::markers::elide(painter, &event.title, &font, room);
            let galley = painter.layout_no_wrap(short, font, color);
            let b = Rect::from_min_size(Pos2::new(x0, y), galley.size());
            if free(&b) {
                chosen = Some((b, galley));
            }
        }
        if let Some((b, galley)) = chosen {
            if let Some(list) = placed_in.get_mut(want.lane_slot) {
                list.push(b);
            }
            placed.push((b, galley));
        }
    }
    placed
}

/// A label shortened to less than this many points is left out.
const MIN_LABEL_WIDTH: f32 = 70.0;
