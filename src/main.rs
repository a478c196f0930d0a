//! The proxyline binary: parses the command line, runs a subcommand or opens the window.

use clap::Parser as _;
use proxyline::app::{ProxylineApp, Workspace};
use proxyline::cli::{self, Cli};

/// mimalloc: a case of 200,000 imported events holds millions of small strings; glibc's
/// allocator spent a fifth of the import freeing and consolidating them and rounded each up
/// to 32 bytes (figures in `benches/import.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    env_logger::init();
    let args = Cli::parse();
    if let Some(command) = &args.command {
        let code = cli::run(command);
        return std::process::ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    let viewport = eframe::egui::ViewportBuilder::default().with_title("proxyline");
    let viewport = match args.size {
        // `--size`: exactly that size, whatever was remembered.
        Some(size) => viewport.with_inner_size(size).with_maximized(false),
        // The first window fills the screen (a 1600×1000 window lost its status bar on a
        // 1366×768 laptop); the size it had when closed is remembered after that.
        None => viewport
            .with_inner_size([1280.0, 720.0])
            .with_maximized(true)
            .with_min_inner_size([900.0, 560.0]),
    };
    let options = eframe::NativeOptions {
        persist_window: args.size.is_none(),
        viewport: viewport
            .with_drag_and_drop(true)
            // Take the keyboard focus when the window opens (window managers usually give it;
            // a bare X server, as under Xvfb, does not).
            .with_active(true),
        ..Default::default()
    };
    let file = args.file.clone();
    let screenshot = args.screenshot.clone();
    let present = args.present;
    let select = args.event.clone();
    let story = args.story.clone();
    let import = args.import.clone();
    let screenshot_failed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let failed = screenshot_failed.clone();
    let result = eframe::run_native(
        "proxyline",
        options,
        Box::new(move |cc| {
            let workspace: Workspace = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            let mut app = ProxylineApp::with_default_case(workspace);
            let to_open = file.or_else(|| app.workspace.open_file.clone());
            if let Some(path) = to_open {
                app.open_path_in_background(path);
            }
            if !import.is_empty() {
                app.send(proxyline::command::Command::Import(import));
            }
            app.present_when_ready = present;
            app.select_when_ready = select;
            app.story_when_ready = story;
            app.screenshot_and_quit = screenshot;
            app.screenshot_failed = failed;
            // Story edits are copied here 30 s after the last one, until saved (recovery.rs).
            app.recovery.dir = eframe::storage_dir("proxyline");
            app.look_for_recovery();
            cc.egui_ctx
                .send_viewport_cmd(eframe::egui::ViewportCommand::Focus);
            Ok(Box::new(app))
        }),
    );
    match result {
        // `--screenshot` whose image could not be written: the message is already printed.
        Ok(()) if screenshot_failed.load(std::sync::atomic::Ordering::Relaxed) => {
            std::process::ExitCode::FAILURE
        }
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("proxyline: could not open the window: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
