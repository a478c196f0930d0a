//! The overview strip above the lanes: the case's whole span with how many events fall in each
//! pixel column (all lanes together), and the part of it the timeline shows as a window. Click
//! or drag on the strip to move the window there (its length kept), so that the crowded recent
//! years open in one gesture from any zoom; the lanes below follow.

use eframe::egui::{self, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use super::{HEADER_WIDTH, TimelineView};
use crate::ui::{ViewCtx, theme};

/// The strip's height in points.
const HEIGHT: f32 = 18.0;

impl TimelineView {
    /// Draws the strip for the span `first..=last` (days) and moves the window on a click or
    /// drag.
    pub(super) fn overview_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, span: (i32, i32)) {
        let (first, last) = span;
        let width = ui.available_width();
        let (rect, response) =
            ui.allocate_exact_size(Vec2::new(width, HEIGHT), Sense::click_and_drag());
        let strip = Rect::from_min_max(Pos2::new(rect.left() + HEADER_WIDTH, rect.top()), rect.max);
        if strip.width() < 10.0 {
            return;
        }
        let (lo, hi) = (
            f64::from(first),
            f64::from(last + 1).max(f64::from(first) + 1.0),
        );
        let x_of = |day: f64| strip.left() + ((day - lo) / (hi - lo)) as f32 * strip.width();
        let day_of = |x: f32| lo + f64::from((x - strip.left()) / strip.width()) * (hi - lo);
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        painter.rect_filled(strip, 2.0, visuals.extreme_bg_color);
        // Events per column, all lanes together, counted when the lanes, the span or the width
        // change.
        let columns = strip.width().max(1.0) as usize;
        let key = (columns, first, last);
        if self.overview.as_ref().is_none_or(|(k, _)| *k != key) {
            let mut counts = vec![0u32; columns];
            for lane in &self.lanes {
                for (slot, n) in counts.iter_mut().zip(lane.density(lo, hi, columns)) {
                    *slot += n;
                }
            }
            self.overview = Some((key, counts));
        }
        let counts = self
            .overview
            .as_ref()
            .map_or(&[][..], |(_, c)| c.as_slice());
        let max = counts.iter().copied().max().unwrap_or(0).max(1) as f32;
        let color = theme::density_color(ctx.dark);
        // One mesh for all the columns (a shape per column cost a frame about a millisecond).
        let mut mesh = egui::Mesh::default();
        for (c, n) in counts.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            // Square root: one event still shows beside a column of hundreds.
            let h = ((*n as f32 / max).sqrt() * (HEIGHT - 4.0)).max(2.0);
            let x = strip.left() + c as f32;
            mesh.add_colored_rect(
                Rect::from_min_max(
                    Pos2::new(x, strip.bottom() - 2.0 - h),
                    Pos2::new(x + 1.0, strip.bottom() - 2.0),
                ),
                color,
            );
        }
        painter.add(egui::Shape::mesh(mesh));
        // The window the timeline shows.
        let window = Rect::from_x_y_ranges(
            x_of(self.from).max(strip.left())..=x_of(self.to).min(strip.right()),
            strip.top()..=strip.bottom(),
        );
        painter.rect_stroke(
            window,
            2.0,
            Stroke::new(1.5, visuals.strong_text_color()),
            StrokeKind::Inside,
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Slider, true, "overview of the whole case")
        });
        let response = response.on_hover_text(
            "The whole case; the frame is what the timeline shows. Click or drag to move it there.",
        );
        if (response.clicked() || response.dragged())
            && let Some(p) = response.interact_pointer_pos()
        {
            let half = (self.to - self.from) / 2.0;
            let centre = day_of(p.x.clamp(strip.left(), strip.right()));
            self.from = centre - half;
            self.to = centre + half;
            self.reveal_event = None;
        }
    }
}
