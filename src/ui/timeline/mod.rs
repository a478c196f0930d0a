//! The timeline: swimlanes of events over a calendar-aware axis, with era bands, markers shaped
//! by kind, sized by deaths and coloured by verdict, and per-pixel density where events crowd.
//!
//! Cost: lanes keep their days sorted ([`crate::query::Lane`]); a frame finds the visible events
//! by binary search and, when a lane holds more events in view than it has pixels, draws one
//! density bar per pixel column instead of markers, so drawing never scales with the number of
//! events. Density counts come from a per-day cumulative index (O(1) per column), are shaded in a
//! few levels, and runs of equal level become one bar. With more than a few hundred markers on
//! screen, markers go into one mesh and hover/click find the event through the lane's index.
//!
//! Measured (`cargo bench --bench timeline`, release, 2-core VM, 1920×1080, 64 lanes over 40
//! years; median of 60 frames, frame build + tessellation, the slower of fully zoomed out and
//! zoomed to 1/100; one run, 4 Dec 2026):
//!
//! | events | ours (ms) | naive `egui_plot` `Points` (ms) | ratio |
//! |-------:|----------:|--------------------------------:|------:|
//! | 10k    | 0.67      | 0.95                            | 1.4×  |
//! | 100k   | 1.14      | 23.2                            | 20×   |
//! | 1M     | 1.61      | 246                             | 153×  |
//! | 10M    | 0.90      | —                               | —     |
//!
//! (An earlier run on a loaded machine read 3.9 ms at 10k zoomed out against 1.9 ms naive; this
//! run did not reproduce it, and the 10k frame was not profiled.)
//!
//! Preparing lanes when a case opens or a filter changes (not per frame): 5 ms at 10k, 49 ms at
//! 100k, 608 ms at 1M, 8.8 s at 10M events — from 100k events on a thread of its own (see
//! `app/derived.rs`), the window staying responsive meanwhile. Memory: a lane keeps each event's
//! index and day (8 bytes per event) and its per-day cumulative counts.

mod axis;
mod canvas;
mod labels;
mod markers;
mod overview;

pub use axis::{TickStep, ticks};

use eframe::egui;

use super::ViewCtx;
use crate::command::CommandSender;
use crate::query::{Lane, LaneMode};

/// Height of one lane in points.
const LANE_HEIGHT: f32 = 34.0;
/// Width of the lane-header column.
const HEADER_WIDTH: f32 = 170.0;
/// Height of the axis strip.
const AXIS_HEIGHT: f32 = 48.0;
/// Height of a collapsed lane.
const COLLAPSED_HEIGHT: f32 = 16.0;
/// Above this many visible events per pixel column, a lane is drawn as density.
const MARKERS_PER_PIXEL: f64 = 0.25;
/// Shades of a density strip (besides empty).
const DENSITY_LEVELS: u32 = 12;
/// Up to this many markers on screen, each marker is its own widget (hover, click, a
/// screen-reader label); above it, markers are one mesh and hover/click use the time index.
const DETAIL_LIMIT: usize = 600;
/// What the timeline remembers across restarts: the window, the lane grouping, collapsed lanes,
/// the scroll, and whether an actor's sponsored groups are highlighted with it. Plain data.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TimelinePrefs {
    /// First visible day (fractional).
    pub from: f64,
    /// Last visible day (fractional).
    pub to: f64,
    /// How lanes are formed.
    pub mode: LaneMode,
    /// Keys of collapsed lanes.
    pub collapsed: Vec<String>,
    /// Vertical scroll of the lanes, in points.
    pub scroll: f32,
    /// With an actor selected, also highlight the events of the groups it sponsors.
    pub with_sponsored: bool,
}

impl Default for TimelinePrefs {
    fn default() -> Self {
        Self {
            from: 0.0,
            to: 1.0,
            mode: LaneMode::Group,
            collapsed: Vec::new(),
            scroll: 0.0,
            with_sponsored: false,
        }
    }
}

/// The timeline view's own state: the visible window and lane settings, the lanes it draws,
/// and the drag in progress.
#[derive(Debug)]
pub struct TimelineView {
    /// First visible day (fractional).
    pub from: f64,
    /// Last visible day (fractional).
    pub to: f64,
    /// How lanes are formed.
    pub mode: LaneMode,
    /// Keys of collapsed lanes.
    pub collapsed: Vec<String>,
    /// Lanes, rebuilt by the app when the case or filter changes (see [`Self::set_lanes`]).
    lanes: Vec<Lane>,
    /// The overview strip's events per column, for the column count and span they were counted
    /// for (counted again only when those or the lanes change, not per frame).
    overview: Option<((usize, i32, i32), Vec<u32>)>,
    /// Vertical scroll of the lanes, in points.
    pub scroll: f32,
    /// With an actor selected, also highlight the events of the groups it sponsors.
    pub with_sponsored: bool,
    /// An event whose lane is kept in view until the user scrolls (see
    /// [`Self::reveal_lane_of`]).
    reveal_event: Option<usize>,
    /// Where the current drag started (screen x).
    drag_start: Option<f32>,
    /// What the current drag does.
    drag_mode: DragMode,
}

/// What a drag on the timeline does, chosen by the modifier held when it starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum DragMode {
    /// Plain drag: pan in time and scroll the lanes.
    #[default]
    Pan,
    /// Shift-drag: zoom to the dragged range.
    BoxZoom,
    /// Ctrl-drag: brush a range that filters the other views.
    Brush,
}

impl Default for TimelineView {
    fn default() -> Self {
        Self::from_prefs(&TimelinePrefs::default())
    }
}

impl TimelineView {
    /// The view as it was left (its lanes come from the app once the case is known).
    #[must_use]
    pub fn from_prefs(prefs: &TimelinePrefs) -> Self {
        Self {
            from: prefs.from,
            to: prefs.to,
            mode: prefs.mode,
            collapsed: prefs.collapsed.clone(),
            lanes: Vec::new(),
            scroll: prefs.scroll,
            with_sponsored: prefs.with_sponsored,
            reveal_event: None,
            overview: None,
            drag_start: None,
            drag_mode: DragMode::Pan,
        }
    }

    /// What to remember of the view.
    #[must_use]
    pub fn prefs(&self) -> TimelinePrefs {
        TimelinePrefs {
            from: self.from,
            to: self.to,
            mode: self.mode,
            collapsed: self.collapsed.clone(),
            scroll: self.scroll,
            with_sponsored: self.with_sponsored,
        }
    }

    /// The lanes to draw (built by the app from the case and the filter).
    pub fn set_lanes(&mut self, lanes: Vec<Lane>) {
        self.lanes = lanes;
        self.overview = None;
    }

    /// The lanes drawn.
    #[must_use]
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// How many events the lanes hold (those that pass the search and filters).
    #[must_use]
    pub fn visible_count(&self) -> usize {
        self.lanes.iter().map(|l| l.events.len()).sum()
    }

    /// Fits the window to the case's range.
    pub fn fit(&mut self, first: i32, last: i32) {
        let pad = f64::from(last - first).max(30.0) * 0.03;
        self.from = f64::from(first) - pad;
        self.to = f64::from(last) + pad;
    }

    /// Keeps the window within a span of days and the padding [`Self::fit`] gives it: a window
    /// wider than that becomes the whole span, one past an end slides back.
    pub fn clamp_to(&mut self, first: i32, last: i32) {
        let pad = f64::from(last - first).max(30.0) * 0.03;
        let (lo, hi) = (f64::from(first) - pad, f64::from(last) + pad);
        if self.to - self.from >= hi - lo {
            self.from = lo;
            self.to = hi;
            return;
        }
        if self.from < lo {
            self.to += lo - self.from;
            self.from = lo;
        }
        if self.to > hi {
            self.from -= self.to - hi;
            self.to = hi;
        }
    }

    /// Zooms by a factor around a day.
    pub fn zoom(&mut self, factor: f64, around: f64) {
        let span = ((self.to - self.from) * factor).clamp(3.0, 365.25 * 200.0);
        let t = (around - self.from) / (self.to - self.from);
        self.from = around - span * t;
        self.to = self.from + span;
    }

    /// Pans by a fraction of the window.
    pub fn pan(&mut self, fraction: f64) {
        let d = (self.to - self.from) * fraction;
        self.from += d;
        self.to += d;
    }

    /// Keeps an event's lane scrolled into view until the user scrolls the lanes.
    pub fn reveal_lane_of(&mut self, event: Option<usize>) {
        self.reveal_event = event;
    }

    /// Centres the window on a day if it is off screen.
    pub fn reveal(&mut self, day: i32) {
        let d = f64::from(day);
        if d < self.from || d > self.to {
            let half = (self.to - self.from) / 2.0;
            self.from = d - half;
            self.to = d + half;
        }
    }

    /// The days the case's events cover (at least the case's own span).
    fn span(&self, ctx: &ViewCtx<'_>) -> (i32, i32) {
        self.lanes.iter().fold(
            (ctx.case.start.first_day(), ctx.case.end.last_day()),
            |(lo, hi), l| {
                (
                    l.days.first().map_or(lo, |d| lo.min(*d)),
                    l.days.last().map_or(hi, |d| hi.max(d + l.max_span)),
                )
            },
        )
    }

    /// Shows the timeline.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
        if !ctx.presenting {
            self.toolbar_ui(ui, ctx);
            let span = self.span(ctx);
            self.overview_ui(ui, ctx, span);
        }
        self.canvas_ui(ui, ctx, commands);
    }

    /// The row above the lanes: lane grouping, fit, the count of visible events.
    fn toolbar_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>) {
        ui.horizontal(|ui| {
            ui.label("Lanes by");
            for mode in LaneMode::ALL {
                if ui
                    .selectable_label(self.mode == mode, mode.label())
                    .on_hover_text("Group the timeline's lanes")
                    .clicked()
                {
                    self.mode = mode;
                }
            }
            ui.separator();
            if ui
                .button("Fit all")
                .on_hover_text("Show the whole case (Home, or double-click)")
                .clicked()
            {
                self.fit(ctx.case.start.first_day(), ctx.case.end.last_day());
            }
            let visible = self.visible_count();
            ui.label(format!("{visible} of {} events", ctx.case.events.len()));
            if let Some(actor) = ctx.selected_actor {
                ui.separator();
                ui.checkbox(
                    &mut self.with_sponsored,
                    format!("with the groups {} sponsors", ctx.case.actor_name(actor)),
                )
                .on_hover_text(
                    "Also highlight the events of its organs, the groups it funds, arms, trains or \
                     directs, and their members and fronts (ties at any date)",
                );
            }
        });
    }
}
