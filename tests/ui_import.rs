//! File > Import in the window: the import runs in the background, the summary says what it
//! did, the events join the open case unsaved; a failed import changes nothing and says where.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use std::path::PathBuf;

use common::{default_app, harness};
use egui_kittest::kittest::Queryable as _;
use proxyline::command::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Runs frames until the import job has reported (at most about 20 s).
fn wait_for_import(h: &mut egui_kittest::Harness<'static, proxyline::app::ProxylineApp>) {
    for _ in 0..400 {
        h.run_steps(1);
        if h.state().import_summary.is_some() || h.state().problems.is_some() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the import did not finish");
}

#[test]
fn importing_acled_adds_its_events_and_shows_the_summary() {
    let mut h = harness(default_app());
    let before = h.state().case.events.len();
    h.state_mut()
        .send(Command::Import(vec![fixture("acled-sample.csv")]));
    wait_for_import(&mut h);
    assert!(h.query_by_label("Import finished").is_some());
    // The headline is in the window and in the status bar.
    assert!(
        h.query_all_by_label_contains("13 rows read, 10 events made, 3 rows skipped")
            .count()
            >= 2
    );
    // The linking report names the Popular Mobilization Forces as linked.
    assert!(
        h.query_all_by_label_contains("Popular Mobilization Forces = pmf")
            .next()
            .is_some()
    );
    assert_eq!(h.state().case.events.len(), before + 10);
    assert!(h.state().is_dirty(), "imported events are unsaved");
    assert!(h.state().status.contains("Not saved yet"));
    h.get_by_label("Close").click();
    h.run_steps(3);
    assert!(h.query_by_label("Import finished").is_none());
}

#[test]
fn a_failed_import_leaves_the_case_as_it_was_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("other.csv");
    std::fs::write(&bad, "name,when\nx,2020\n").unwrap();
    let mut h = harness(default_app());
    let before = h.state().case.clone();
    h.state_mut().send(Command::Import(vec![bad]));
    wait_for_import(&mut h);
    assert!(
        h.query_by_label_contains("other.csv:1:1: the header is neither")
            .is_some()
    );
    assert_eq!(h.state().case, before);
    assert!(!h.state().is_dirty());
}
