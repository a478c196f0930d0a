//! The command line refuses what it cannot do with a message, never a panic: huge `synth`
//! arguments, an image that cannot be written (what `--screenshot` exits 1 on), a window size
//! it cannot read; and it helps find an event: `events` lists ids, an unknown id suggests the
//! nearest.
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

/// Runs the real binary and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_proxyline"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn events_lists_ids_dates_and_titles_and_an_unknown_id_suggests_the_nearest() {
    let case = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/iran-proxies.ron");
    let (code, out, _) = run(&["events", case, "--search", "erbil"]);
    assert_eq!(code, Some(0));
    let erbil = out
        .lines()
        .find(|l| l.contains("2021-02-15"))
        .unwrap_or_else(|| panic!("no Erbil line in {out}"));
    let id = erbil.split_whitespace().next().unwrap();
    // In date order, every line an id, a date and a title.
    let dates: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted);
    // A typo in that id: refused, with the id itself among the suggestions.
    let typo = format!("{id}x");
    let (code, _, err) = run(&["explain", case, &typo]);
    assert_eq!(code, Some(2));
    assert!(err.contains("did you mean") && err.contains(id), "{err}");
    let (code, _, err) = run(&["events", case, "--search", "no such place anywhere"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no events matching"), "{err}");
}

#[test]
fn the_window_size_is_parsed_and_a_bad_one_says_how_to_write_it() {
    let cli = Cli::try_parse_from(["proxyline", "--size", "1366x768", "--event", "e1"]).unwrap();
    assert_eq!(cli.size, Some([1366.0, 768.0]));
    assert_eq!(cli.event.as_deref(), Some("e1"));
    let error = Cli::try_parse_from(["proxyline", "--size", "1366"])
        .unwrap_err()
        .to_string();
    assert!(error.contains("WIDTHxHEIGHT"), "{error}");
    let error = Cli::try_parse_from(["proxyline", "--size", "10x10"])
        .unwrap_err()
        .to_string();
    assert!(error.contains("320 to 16384"), "{error}");
}
