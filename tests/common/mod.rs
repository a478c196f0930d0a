//! Shared kittest set-up: the app in a test harness, on the built-in case or the minimal fixture.
#![allow(dead_code, reason = "each test file uses the helpers it needs")]
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use egui_kittest::Harness;
use proxyline::app::{ProxylineApp, Workspace};
use proxyline::model;

/// The app in a harness of a given size, after a few frames.
pub fn harness_sized(app: ProxylineApp, width: f32, height: f32) -> Harness<'static, ProxylineApp> {
    let mut h = Harness::builder()
        .with_size(egui::Vec2::new(width, height))
        .build_ui_state(|ui, app: &mut ProxylineApp| app.frame_ui(ui), app);
    h.run_steps(3);
    h
}

/// The app in a 1600×1000 harness, after a few frames.
pub fn harness(app: ProxylineApp) -> Harness<'static, ProxylineApp> {
    harness_sized(app, 1600.0, 1000.0)
}

/// The app on the built-in Iran case.
pub fn default_app() -> ProxylineApp {
    ProxylineApp::with_default_case(Workspace::default())
}

/// The app on the minimal example case of the format docs.
pub fn minimal_app() -> ProxylineApp {
    let loaded = model::load_text("minimal.ron", include_str!("../fixtures/minimal.ron")).unwrap();
    ProxylineApp::new(loaded, None, Workspace::default())
}

/// How many events the timeline shows.
pub fn shown(app: &ProxylineApp) -> usize {
    app.timeline.visible_count()
}
