//! The timeline's canvas: the axis, era bands, lane headers, markers or density bars, labels,
//! and the mouse on them (hover, click, pan, Shift-drag zoom, Ctrl-drag brush; the wheel scrolls
//! the lanes, Ctrl+wheel zooms, Shift+wheel pans, as in a web browser).

use eframe::egui::{self, Align2, FontId, Pos2, Rect, Sense, Shape, Stroke, Vec2};

use super::super::{ViewCtx, theme};
use super::labels::{LabelWant, place_labels};
use super::markers::{add_marker, draw_marker, elide, elide_start};
use super::{
    AXIS_HEIGHT, COLLAPSED_HEIGHT, DENSITY_LEVELS, DETAIL_LIMIT, DragMode, HEADER_WIDTH,
    LANE_HEIGHT, MARKERS_PER_PIXEL, TimelineView, ticks,
};
use crate::command::{Command, CommandSender};
use crate::model::PartialDate;
use crate::query::Lane;

impl TimelineView {
    /// The axis, eras, lanes and markers, and the mouse input on them.
    pub(super) fn canvas_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewCtx<'_>,
        commands: &mut CommandSender,
    ) {
        // Not focusable: clicking the timeline must not take the keyboard focus, so that Tab keeps
        // stepping through events (the app's keyboard model for the timeline).
        let (rect, response) =
            ui.allocate_exact_size(ui.available_size(), Sense::CLICK | Sense::DRAG);
        // Zooming out stops at the whole case and panning at its ends (before: past 2030).
        let (first, last) = self.span(ctx);
        self.clamp_to(first, last);
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals().clone();
        let text_color = visuals.text_color();
        let weak = visuals.weak_text_color();
        let plot = Rect::from_min_max(
            Pos2::new(rect.left() + HEADER_WIDTH, rect.top() + AXIS_HEIGHT),
            rect.max,
        );
        {
            let (from0, span0) = (self.from, (self.to - self.from).max(1e-6));
            let day_of_in =
                |x: f32| from0 + f64::from((x - plot.left()) / plot.width().max(1.0)) * span0;
            let span = span0;
            // Input: zoom, pan, box-zoom, fit. The wheel and trackpad do what they do in a web
            // browser or a document viewer: scrolling moves through the lanes, Ctrl+wheel or a
            // pinch zooms (here around the pointer, in time), and a sideways scroll (Shift+wheel,
            // or a trackpad swipe) pans in time.
            if let Some(pos) = response.hover_pos() {
                let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
                if (zoom - 1.0).abs() > 1e-4 {
                    self.zoom(1.0 / f64::from(zoom), day_of_in(pos.x));
                }
                if scroll.x.abs() > 0.0 {
                    self.reveal_event = None;
                    let d = -f64::from(scroll.x / plot.width().max(1.0)) * span;
                    self.from += d;
                    self.to += d;
                }
                if scroll.y.abs() > 0.0 {
                    self.scroll -= scroll.y;
                }
            }
            let mods = ui.input(|i| i.modifiers);
            if response.drag_started() {
                self.drag_mode = if mods.shift {
                    DragMode::BoxZoom
                } else if mods.command {
                    DragMode::Brush
                } else {
                    DragMode::Pan
                };
                self.drag_start = response.interact_pointer_pos().map(|p| p.x);
            }
            if response.dragged() && self.drag_mode == DragMode::Pan {
                self.reveal_event = None;
                let delta = response.drag_delta();
                let d = -f64::from(delta.x / plot.width().max(1.0)) * span;
                self.from += d;
                self.to += d;
                self.scroll -= delta.y;
            }
            if response.drag_stopped() {
                if let (Some(a), Some(b)) =
                    (self.drag_start.take(), response.interact_pointer_pos())
                {
                    let (d0, d1) = (day_of_in(a.min(b.x)), day_of_in(a.max(b.x)));
                    let wide = (a - b.x).abs() > 4.0;
                    match self.drag_mode {
                        DragMode::BoxZoom if wide => {
                            self.from = d0;
                            self.to = d1;
                        }
                        DragMode::Brush => commands.send(Command::Brush(
                            wide.then(|| (d0.floor() as i32, d1.floor() as i32)),
                        )),
                        _ => {}
                    }
                }
                self.drag_mode = DragMode::Pan;
            }
            if response.double_clicked() {
                self.fit(ctx.case.start.first_day(), ctx.case.end.last_day());
            }
        }
        let span = (self.to - self.from).max(1e-6);
        let x_of = |day: f64| plot.left() + ((day - self.from) / span) as f32 * plot.width();
        let day_of =
            |x: f32| self.from + f64::from((x - plot.left()) / plot.width().max(1.0)) * span;

        // Eras.
        let mut era_label_right = f32::MIN;
        for (i, era) in ctx.case.eras.iter().enumerate() {
            let x0 = x_of(f64::from(era.start.first_day())).max(plot.left());
            let x1 = x_of(f64::from(
                era.end.map_or(ctx.case.end.last_day(), |e| e.last_day()),
            ))
            .min(plot.right());
            if x1 <= x0 {
                continue;
            }
            let fill = if i % 2 == 0 {
                visuals.faint_bg_color
            } else {
                visuals.faint_bg_color.gamma_multiply(theme::STRIPE)
            };
            painter.rect_filled(
                Rect::from_x_y_ranges(x0..=x1, plot.top()..=plot.bottom()),
                0.0,
                fill,
            );
            let galley = painter.layout_no_wrap(era.name.clone(), FontId::proportional(11.0), weak);
            if galley.size().x < x1 - x0 {
                // Overlapping eras put their names on a second row instead of over each other.
                let row = usize::from(x0 + 3.0 < era_label_right);
                let y = rect.top() + 20.0 + 12.0 * row as f32;
                if row == 0 {
                    era_label_right = x0 + 3.0 + galley.size().x + 6.0;
                }
                painter.galley(Pos2::new(x0 + 3.0, y), galley, weak);
            }
        }

        // Axis.
        let (_, tick_list) = ticks(self.from, self.to, plot.width());
        for (day, label) in &tick_list {
            let x = x_of(f64::from(*day));
            painter.line_segment(
                [Pos2::new(x, plot.top()), Pos2::new(x, plot.bottom())],
                Stroke::new(
                    1.0,
                    visuals
                        .widgets
                        .noninteractive
                        .bg_stroke
                        .color
                        .gamma_multiply(theme::STRIPE),
                ),
            );
            painter.text(
                Pos2::new(x + 2.0, rect.top() + 4.0),
                Align2::LEFT_TOP,
                label,
                FontId::proportional(12.0),
                text_color,
            );
        }

        // Lanes, scrolled vertically by `self.scroll`, under the axis strip.
        let lane_height = |lane: &Lane, collapsed: &[String]| {
            if collapsed.contains(&lane.key) {
                COLLAPSED_HEIGHT
            } else {
                LANE_HEIGHT
            }
        };
        let total_height: f32 = self
            .lanes
            .iter()
            .map(|l| lane_height(l, &self.collapsed))
            .sum();
        // Revealing holds until the user scrolls the lanes: panels may still be settling their
        // sizes (entering presentation mode, say), which moves the lanes' visible height.
        if let Some(ei) = self.reveal_event
            && let Some(event) = ctx.case.events.get(ei)
        {
            // Scroll the event's lane into view (found by binary search in each lane).
            let day = event.first_day();
            let mut top = 0.0;
            for lane in &self.lanes {
                let h = lane_height(lane, &self.collapsed);
                if lane.holds(ei as u32, day) {
                    if top < self.scroll || top + h > self.scroll + plot.height() {
                        self.scroll = top - (plot.height() - h) / 2.0;
                    }
                    break;
                }
                top += h;
            }
        }
        self.scroll = self
            .scroll
            .clamp(0.0, (total_height - plot.height()).max(0.0));
        let lanes_painter = painter.with_clip_rect(Rect::from_min_max(
            Pos2::new(rect.left(), plot.top()),
            rect.max,
        ));
        let columns = plot.width().max(1.0) as usize;
        let (vis_from, vis_to) = (self.from.floor() as i32 - 1, self.to.ceil() as i32 + 1);
        // First pass: the lanes on screen, and whether each is drawn as density or markers.
        let mut on_screen: Vec<(usize, Rect, bool)> = Vec::new();
        let mut marker_total = 0usize;
        let mut y = plot.top() - self.scroll;
        for (lane_i, lane) in self.lanes.iter().enumerate() {
            let h = lane_height(lane, &self.collapsed);
            let lane_rect =
                Rect::from_min_max(Pos2::new(rect.left(), y), Pos2::new(rect.right(), y + h));
            y += h;
            if lane_rect.bottom() < plot.top() {
                continue;
            }
            if lane_rect.top() > rect.bottom() {
                break;
            }
            let visible = lane.range(vis_from, vis_to).len();
            let density = self.collapsed.contains(&lane.key)
                || visible as f64 > columns as f64 * MARKERS_PER_PIXEL;
            if !density {
                marker_total += visible;
            }
            on_screen.push((lane_i, lane_rect, density));
        }
        // Few markers: each is a widget (hover, click, a screen-reader label). Many: one mesh,
        // and hover/click go through the lane's time index.
        let detailed = marker_total <= DETAIL_LIMIT;
        let pointer = response.hover_pos();
        let px_per_day = f64::from(plot.width()) / span;
        let mut hovered: Option<usize> = None;
        // Event labels, drawn after every marker so that no later marker covers them.
        // Markers drawn in detail (their rects) and the events that want a label, placed after
        // all markers are known so that no label covers one (see `place_labels`).
        let mut marker_rects: Vec<Vec<Rect>> = Vec::new();
        let mut label_wants: Vec<LabelWant> = Vec::new();
        let mut toggled: Option<String> = None;
        let mut fast_mesh = egui::Mesh::default();
        for &(lane_i, lane_rect, density) in &on_screen {
            let lane_slot = marker_rects.len();
            marker_rects.push(Vec::new());
            let lane = &self.lanes[lane_i];
            let collapsed = self.collapsed.contains(&lane.key);
            let h = lane_rect.height();
            if lane_i % 2 == 1 {
                lanes_painter.rect_filled(
                    lane_rect,
                    0.0,
                    visuals.faint_bg_color.gamma_multiply(theme::LANE_STRIPE),
                );
            }
            let header =
                Rect::from_min_size(lane_rect.min, Vec2::new(HEADER_WIDTH - 4.0, h)).intersect(
                    Rect::from_min_max(Pos2::new(rect.left(), plot.top()), rect.max),
                );
            let head_resp = ui.interact(
                header,
                ui.scope_id().with(("lane", &lane.key)),
                Sense::CLICK,
            );
            head_resp.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("lane {}", lane.label))
            });
            let arrow = if collapsed { "+" } else { "-" };
            let head_font = FontId::proportional(if collapsed { 11.0 } else { 13.0 });
            // Sponsor chains all start "Iran > Islamic Revolutionary…": their ends tell them
            // apart, so they lose their start instead.
            let head_text = if self.mode == crate::query::LaneMode::Sponsor {
                let arrow_w = lanes_painter
                    .layout_no_wrap(format!("{arrow} "), head_font.clone(), text_color)
                    .size()
                    .x;
                let tail = elide_start(
                    &lanes_painter,
                    &lane.label,
                    &head_font,
                    HEADER_WIDTH - 10.0 - arrow_w,
                );
                format!("{arrow} {tail}")
            } else {
                elide(
                    &lanes_painter,
                    &format!("{arrow} {}", lane.label),
                    &head_font,
                    HEADER_WIDTH - 10.0,
                )
            };
            lanes_painter.text(
                lane_rect.left_center() + Vec2::new(4.0, 0.0),
                Align2::LEFT_CENTER,
                head_text,
                head_font,
                text_color,
            );
            if head_resp
                .on_hover_text(format!(
                    "{}\n{} events — click to collapse or expand",
                    lane.label,
                    lane.events.len()
                ))
                .clicked()
            {
                toggled = Some(lane.key.clone());
            }
            let cy = lane_rect.center().y;
            let pointer_here = pointer.filter(|p| lane_rect.contains(*p) && p.x >= plot.left());
            if density {
                // Density strip: one bar per pixel column, shaded by count.
                let density = lane.density(self.from, self.to, columns);
                let max = density.iter().copied().max().unwrap_or(1).max(1) as f32;
                let mut mesh = egui::Mesh::default();
                let base = theme::density_color(ctx.dark);
                // Counts are shaded in a few levels (log scale), and neighbouring columns of
                // the same level become one bar, so a crowded lane costs a handful of rects.
                let level_of = |n: u32| {
                    if n == 0 {
                        0
                    } else {
                        let frac = (n as f32).ln_1p() / max.ln_1p();
                        1 + (frac * (DENSITY_LEVELS - 1) as f32).round() as u32
                    }
                };
                // One logarithm per distinct count, not per column.
                let table: Vec<u32> = (0..=(max as u32).min(4096)).map(level_of).collect();
                let levels: Vec<u32> = density
                    .iter()
                    .map(|&n| {
                        table
                            .get(n as usize)
                            .copied()
                            .unwrap_or_else(|| level_of(n))
                    })
                    .collect();
                let mut c = 0;
                while c < levels.len() {
                    let l = levels[c];
                    let mut end = c + 1;
                    while end < levels.len() && levels[end] == l {
                        end += 1;
                    }
                    if l > 0 {
                        let frac = (l - 1) as f32 / (DENSITY_LEVELS - 1) as f32;
                        let bar_h = (h - 6.0) * (0.25 + 0.75 * frac);
                        mesh.add_colored_rect(
                            Rect::from_min_max(
                                Pos2::new(plot.left() + c as f32, cy - bar_h / 2.0),
                                Pos2::new(plot.left() + end as f32, cy + bar_h / 2.0),
                            ),
                            base.gamma_multiply(
                                theme::DENSITY_FLOOR + (1.0 - theme::DENSITY_FLOOR) * frac,
                            ),
                        );
                    }
                    c = end;
                }
                lanes_painter.add(Shape::mesh(mesh));
                if let Some(p) = pointer_here {
                    let c = ((p.x - plot.left()) as usize).min(columns.saturating_sub(1));
                    let n = density.get(c).copied().unwrap_or(0);
                    let day = day_of(p.x) as i32;
                    response.clone().on_hover_text_at_pointer(format!(
                        "{}: {n} event(s) on {} — zoom in to see them",
                        lane.label,
                        PartialDate::from_day(day).human()
                    ));
                }
                continue;
            }
            if let Some(p) = pointer_here {
                // The hovered event, found through the lane's time index.
                let tolerance = 8.0 / px_per_day.max(1e-9);
                hovered = lane.nearest(day_of(p.x), tolerance).map(|e| e as usize);
            }
            let range = lane.range(vis_from - lane.max_span, vis_to);
            for k in range {
                let ei = lane.events[k] as usize;
                let Some(event) = ctx.case.events.get(ei) else {
                    continue;
                };
                // The lane holds each first day; the last is worked out (calendar arithmetic,
                // the frame's largest cost after drawing at 10k events) only in lanes with
                // events longer than a day.
                let first = lane
                    .days
                    .get(k)
                    .copied()
                    .unwrap_or_else(|| event.first_day());
                let last = if lane.max_span == 0 {
                    first
                } else {
                    event.last_day()
                };
                if last < vis_from {
                    continue;
                }
                let verdict = ctx
                    .verdicts
                    .get(ei)
                    .copied()
                    .unwrap_or(crate::attribution::Verdict::NotApplicable);
                let mut color = theme::verdict_color(verdict, ctx.dark);
                if ctx
                    .highlighted_actors
                    .is_some_and(|set| !event.involved().any(|a| set.contains(a)))
                {
                    color = color.gamma_multiply(theme::NOT_HIGHLIGHTED);
                }
                let x0 = x_of(f64::from(first));
                let x1 = x_of(f64::from(last + 1));
                let r = (4.0 + (event.deaths() as f32).ln_1p() * 1.6).min(h / 2.0 - 2.0);
                let cx = if x1 - x0 > 2.0 * r {
                    f32::midpoint(x0, x1)
                } else {
                    x0
                };
                let center = Pos2::new(cx, cy);
                let category = event.kind.category();
                if !detailed {
                    add_marker(&mut fast_mesh, category, center, r, color);
                    continue;
                }
                if x1 - x0 > 3.0 {
                    let band = Rect::from_min_max(Pos2::new(x0, cy - 3.0), Pos2::new(x1, cy + 3.0));
                    lanes_painter.rect_filled(band, 2.0, color.gamma_multiply(theme::RANGE_BAND));
                }
                let selected = ctx.selected_event == Some(ei);
                let stroke = if selected {
                    Stroke::new(3.0, text_color)
                } else {
                    Stroke::new(1.0, visuals.extreme_bg_color)
                };
                let uncertain = event.date_uncertain();
                let fill = if uncertain {
                    color.gamma_multiply(theme::UNCERTAIN_FILL)
                } else {
                    color
                };
                draw_marker(&lanes_painter, category, center, r, fill, stroke);
                if uncertain {
                    lanes_painter.circle_stroke(
                        center,
                        r + 2.5,
                        Stroke::new(1.0, color.gamma_multiply(theme::UNCERTAIN_RING)),
                    );
                }
                let hit = Rect::from_center_size(center, Vec2::splat((r * 2.0).max(10.0)))
                    .intersect(lane_rect);
                let id = ui.scope_id().with(("event", ei));
                let resp = ui.interact(hit, id, Sense::CLICK);
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, &event.title)
                });
                if resp.hovered() {
                    hovered = Some(ei);
                }
                if resp.clicked() {
                    commands.send(Command::SelectEvent(Some(ei)));
                }
                // Every event may have a label where there is room: the selected first, then
                // by deaths.
                let lane_markers = &mut marker_rects[lane_slot];
                lane_markers.push(Rect::from_center_size(center, Vec2::splat(r * 2.0 + 2.0)));
                label_wants.push(LabelWant {
                    event: ei,
                    lane_slot,
                    marker: lane_markers.len() - 1,
                    priority: (selected, event.deaths()),
                    center,
                    radius: r,
                    lane: lane_rect,
                });
            }
        }
        if !fast_mesh.is_empty() {
            lanes_painter.add(Shape::mesh(fast_mesh));
        }
        let lanes_area = Rect::from_min_max(Pos2::new(plot.left(), plot.top()), plot.max);
        for (b, galley) in place_labels(
            &lanes_painter,
            ctx,
            &marker_rects,
            label_wants,
            lanes_area,
            text_color,
        ) {
            lanes_painter.galley(b.min, galley, text_color);
        }
        // The selected event stands out even among many markers.
        if !detailed
            && let Some(sel) = ctx.selected_event
            && let Some(event) = ctx.case.events.get(sel)
            && let Some(pos) = self.marker_pos(sel as u32, event.first_day(), &on_screen, &x_of)
        {
            lanes_painter.circle_stroke(pos, 9.0, Stroke::new(3.0, text_color));
        }
        // Clicking in the plot (not on a marker widget) selects the event under the pointer.
        if response.clicked()
            && let Some(ei) = hovered
        {
            commands.send(Command::SelectEvent(Some(ei)));
        }
        // The brushed range, and the range being brushed.
        let brush_fill = visuals.selection.bg_fill.gamma_multiply(theme::BRUSH_FILL);
        if let Some((a, b)) = ctx.brush {
            let band = Rect::from_x_y_ranges(
                x_of(f64::from(a)).max(plot.left())..=x_of(f64::from(b + 1)).min(plot.right()),
                plot.top()..=plot.bottom(),
            );
            if band.width() > 0.0 {
                painter.rect_filled(band, 0.0, brush_fill);
            }
        }
        if let (Some(a), Some(p)) = (
            self.drag_start.filter(|_| {
                self.drag_mode == DragMode::Brush || self.drag_mode == DragMode::BoxZoom
            }),
            response.interact_pointer_pos(),
        ) {
            let band = Rect::from_x_y_ranges(a.min(p.x)..=a.max(p.x), plot.top()..=plot.bottom());
            painter.rect_filled(band, 0.0, brush_fill);
        }
        // A scroll bar when the lanes are taller than the view.
        if total_height > plot.height() {
            let frac = plot.height() / total_height;
            let top = plot.top() + self.scroll / total_height * plot.height();
            painter.rect_filled(
                Rect::from_min_size(
                    Pos2::new(rect.right() - 5.0, top),
                    Vec2::new(4.0, plot.height() * frac),
                ),
                2.0,
                weak.gamma_multiply(theme::SCROLL_BAR),
            );
        }
        if let Some(key) = toggled {
            if let Some(i) = self.collapsed.iter().position(|k| *k == key) {
                self.collapsed.remove(i);
            } else {
                self.collapsed.push(key);
            }
        }
        if self.lanes.is_empty() {
            let msg = if ctx.case.events.is_empty() {
                "This case has no events yet."
            } else {
                "No events match the search and filters. Clear the search box or widen the filters."
            };
            painter.text(
                plot.center(),
                Align2::CENTER_CENTER,
                msg,
                FontId::proportional(16.0),
                weak,
            );
        }
        if let Some(ei) = hovered
            && let Some(e) = ctx.case.events.get(ei)
        {
            let perps: Vec<&str> = e
                .perpetrators
                .iter()
                .map(|p| ctx.case.actor_name(p))
                .collect();
            let deaths = e
                .killed
                .as_ref()
                .map_or("unknown".to_owned(), crate::model::Count::human);
            let perp_text = if perps.is_empty() {
                "not assessed".to_owned()
            } else {
                perps.join(", ")
            };
            response.on_hover_ui_at_pointer(|ui| {
                ui.strong(&e.title);
                ui.label(format!(
                    "{} · {}, {}",
                    e.date_human(),
                    e.place.name,
                    e.place.country
                ));
                ui.label(format!("Killed: {deaths}"));
                ui.label(format!("Perpetrator: {perp_text}"));
                let verdict = ctx
                    .verdicts
                    .get(ei)
                    .copied()
                    .unwrap_or(crate::attribution::Verdict::NotApplicable);
                ui.label(format!("{}: {}", ctx.standard.name(), verdict.label()));
                // When it first became attributable under the active standard, as known then
                // (one event's evaluation per date something about it became known).
                if verdict != crate::attribution::Verdict::NotApplicable {
                    let first = crate::attribution::Evaluator::new(ctx.case, ctx.state).first_met(
                        e,
                        ctx.standard,
                        ctx.bar,
                    );
                    ui.label(match first {
                        Some(d) => format!(
                            "First attributable: {} ({} after)",
                            d.human(),
                            crate::attribution::lag::days_human(f64::from(
                                d.first_day() - e.first_day()
                            ))
                        ),
                        None => "Never attributable on what the case holds".to_owned(),
                    });
                }
            });
        }
    }
}
