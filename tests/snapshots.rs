//! Snapshot tests (feature `snapshots`): the main window and presentation mode, dark and light,
//! at a laptop's 1366×768 and a projector's 1920×1080, rendered with wgpu and compared with the
//! images in `tests/snapshots/`. Update them with `UPDATE_SNAPSHOTS=1 cargo test --features
//! snapshots --test snapshots` after a deliberate visual change, and look at the new images.
#![cfg(feature = "snapshots")]
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use egui_kittest::SnapshotOptions;
use proxyline::app::{ProxylineApp, Workspace};

fn app(dark: bool) -> ProxylineApp {
    let workspace = Workspace {
        dark,
        ..Workspace::default()
    };
    ProxylineApp::with_default_case(workspace)
}

fn shoot(mut app: ProxylineApp, size: (f32, f32), name: &str, present: bool) -> Option<String> {
    if present {
        app.start_presenting(0);
    }
    let mut h = common::harness_sized(app, size.0, size.1);
    h.run_steps(2);
    // A small allowance for anti-aliasing differences between software Vulkan drivers.
    let options = SnapshotOptions::new().threshold(1.0).max_failed_pixels(200);
    h.try_snapshot_options(name, &options)
        .err()
        .map(|e| format!("{name}: {e}"))
}

#[test]
fn main_window_and_presentation_in_both_themes_at_both_sizes() {
    let mut failures = Vec::new();
    for (w, h) in [(1366.0, 768.0), (1920.0, 1080.0)] {
        for dark in [true, false] {
            let theme = if dark { "dark" } else { "light" };
            failures.extend(shoot(
                app(dark),
                (w, h),
                &format!("main-{theme}-{w}x{h}"),
                false,
            ));
            failures.extend(shoot(
                app(dark),
                (w, h),
                &format!("present-{theme}-{w}x{h}"),
                true,
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
