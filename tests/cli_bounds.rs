//! The command line refuses what it cannot do with a message, never a panic: huge `synth`
//! arguments, and an image that cannot be written (what `--screenshot` exits 1 on).
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use clap::Parser as _;
use proxyline::cli::Cli;

#[test]
fn synth_refuses_sizes_it_cannot_make() {
    for args in [
        ["proxyline", "synth", "--events", "18446744073709551615"],
        ["proxyline", "synth", "--events", "100000000000"],
        ["proxyline", "synth", "--lanes", "1000000000"],
    ] {
        let error = Cli::try_parse_from(args).unwrap_err().to_string();
        assert!(error.contains("not in"), "{args:?}: {error}");
    }
    assert!(Cli::try_parse_from(["proxyline", "synth", "--events", "10", "--lanes", "2"]).is_ok());
}

#[test]
fn an_image_that_cannot_be_written_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let image = egui::ColorImage::new([4, 4], vec![egui::Color32::RED; 16]);
    let missing = dir.path().join("no-such-folder").join("view.png");
    let error = proxyline::ui::save_png(&image, &missing).unwrap_err();
    assert!(error.contains("no-such-folder/view.png"), "{error}");
    let written = dir.path().join("view.png");
    assert!(proxyline::ui::save_png(&image, &written).is_ok());
    assert!(std::fs::read(&written).unwrap().starts_with(b"\x89PNG"));
}
