//! The palettes and colours: dark and light themes, verdict, actor-kind and tie colours, and
//! the type scale of normal and presentation mode. Views take every colour from here.

use eframe::egui::{self, Color32};

use crate::attribution::Verdict;
use crate::model::{ActorKind, TieKind};

// How much of its colour a mark keeps (`Color32::gamma_multiply`) in each role. Views take
// these from here, so that the two themes and any future one dim the same way.
/// A network node off the highlighted chain; a tie with no evidence at the bar.
pub const DIMMED: f32 = 0.35;
/// A tie off the highlighted chain (on top of [`DIMMED`] for a weak tie).
pub const OFF_CHAIN: f32 = 0.3;
/// A parent link in the network (a share of the weak text colour).
pub const PARENT_LINK: f32 = 0.6;
/// A timeline event not involving the highlighted actors.
pub const NOT_HIGHLIGHTED: f32 = 0.25;
/// The fill of an event whose date is uncertain (it also gets a ring).
pub const UNCERTAIN_FILL: f32 = 0.55;
/// The ring around an event whose date is uncertain.
pub const UNCERTAIN_RING: f32 = 0.8;
/// The band of an event that spans a date range.
pub const RANGE_BAND: f32 = 0.35;
/// The faintest density level (the densest column is drawn at full colour).
pub const DENSITY_FLOOR: f32 = 0.35;
/// Every other lane header, and the axis separators.
pub const STRIPE: f32 = 0.5;
/// Every other lane.
pub const LANE_STRIPE: f32 = 0.6;
/// The brushed range on the timeline.
pub const BRUSH_FILL: f32 = 0.25;
/// The lanes' scroll indicator (a share of the weak text colour).
pub const SCROLL_BAR: f32 = 0.6;

/// The radius of an actor's node in scene points, by kind: states largest, people smallest.
#[must_use]
pub fn node_radius(kind: ActorKind) -> f32 {
    match kind {
        ActorKind::State => 11.0,
        ActorKind::StateOrgan => 9.0,
        ActorKind::Person => 6.0,
        _ => 8.0,
    }
}

/// Colour of a verdict marker.
#[must_use]
pub fn verdict_color(verdict: Verdict, dark: bool) -> Color32 {
    match (verdict, dark) {
        // Okabe and Ito's palette for colour-blind readers: met is bluish green (the standard
        // is satisfied), not met vermillion, insufficient yellow, contested reddish purple;
        // lighter on the dark theme, darker on the light one for contrast. Red used to mean
        // "met", which read backwards.
        (Verdict::Met, true) => Color32::from_rgb(56, 200, 158),
        (Verdict::Met, false) => Color32::from_rgb(0, 128, 92),
        (Verdict::NotMet, true) => Color32::from_rgb(240, 122, 44),
        (Verdict::NotMet, false) => Color32::from_rgb(196, 82, 0),
        (Verdict::Insufficient, true) => Color32::from_rgb(240, 228, 66),
        (Verdict::Insufficient, false) => Color32::from_rgb(150, 132, 0),
        (Verdict::Contested, true) => Color32::from_rgb(220, 140, 188),
        (Verdict::Contested, false) => Color32::from_rgb(168, 62, 128),
        (Verdict::NotApplicable, true) => Color32::from_gray(150),
        (Verdict::NotApplicable, false) => Color32::from_gray(110),
    }
}

/// Colour of an actor node.
#[must_use]
pub fn actor_color(kind: ActorKind, dark: bool) -> Color32 {
    let c = match kind {
        ActorKind::State => Color32::from_rgb(206, 147, 216),
        ActorKind::StateOrgan => Color32::from_rgb(179, 157, 219),
        ActorKind::Militia => Color32::from_rgb(255, 171, 145),
        ActorKind::PoliticalParty => Color32::from_rgb(255, 224, 130),
        ActorKind::FrontGroup => Color32::from_rgb(188, 170, 164),
        ActorKind::Person => Color32::from_rgb(128, 203, 196),
        ActorKind::Other => Color32::from_gray(176),
    };
    if dark {
        c
    } else {
        c.gamma_multiply(0.75).to_opaque()
    }
}

/// Colour of a tie.
#[must_use]
pub fn tie_color(kind: TieKind, dark: bool) -> Color32 {
    let c = match kind {
        TieKind::Established => Color32::from_rgb(186, 104, 200),
        TieKind::Funds => Color32::from_rgb(102, 187, 106),
        TieKind::Arms => Color32::from_rgb(239, 83, 80),
        TieKind::Trains => Color32::from_rgb(255, 167, 38),
        TieKind::Directs | TieKind::Commands => Color32::from_rgb(66, 165, 245),
        TieKind::MemberOf | TieKind::Leads => Color32::from_gray(160),
        TieKind::SplinterOf | TieKind::FrontFor => Color32::from_rgb(141, 110, 99),
        TieKind::AlliedWith => Color32::from_rgb(38, 166, 154),
        TieKind::Opposes => Color32::from_rgb(120, 144, 156),
    };
    if dark {
        c
    } else {
        c.gamma_multiply(0.8).to_opaque()
    }
}

/// Applies the dark or light theme with a type scale (1.0 normal, larger on a projector); the
/// presentation variant has pure black or white panels and full-contrast text for a projector.
pub fn apply(ctx: &egui::Context, dark: bool, scale: f32, high_contrast: bool) {
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    // Ctrl +/- are the app's own type-size keys (kept per mode), not egui's.
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    let mut dark_visuals = egui::Visuals::dark();
    let mut light_visuals = egui::Visuals::light();
    if high_contrast {
        dark_visuals.override_text_color = Some(Color32::WHITE);
        dark_visuals.panel_fill = Color32::BLACK;
        dark_visuals.extreme_bg_color = Color32::BLACK;
        light_visuals.override_text_color = Some(Color32::BLACK);
        light_visuals.panel_fill = Color32::WHITE;
        light_visuals.extreme_bg_color = Color32::WHITE;
    }
    ctx.set_visuals_of(egui::Theme::Dark, dark_visuals);
    ctx.set_visuals_of(egui::Theme::Light, light_visuals);
    ctx.set_zoom_factor(scale.clamp(0.5, 3.0));
}

/// The colour of density strips on the timeline.
#[must_use]
pub fn density_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(255, 138, 101)
    } else {
        Color32::from_rgb(216, 67, 21)
    }
}
