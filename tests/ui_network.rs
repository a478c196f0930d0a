//! kittest tests of the network view: selecting an actor, the layout switch, play, metrics.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use std::time::{Duration, Instant};

use common::{harness, minimal_app};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use proxyline::ui::network::LayoutKind;

#[test]
fn selecting_an_actor_highlights_its_events_on_the_timeline() {
    let mut h = harness(minimal_app());
    assert!(h.query_by_label_contains("Selected:").is_none());
    h.get_by_label("actor Example Brigade").click();
    h.run_steps(3);
    assert_eq!(h.state().selected_actor.as_deref(), Some("brigade"));
    // The network says which actor is selected and how many timeline events stay lit
    // (the brigade's one attack; the timeline dims the rest).
    assert!(
        h.query_by_label("Selected: Example Brigade \u{b7} 1 event(s) highlighted on the timeline")
            .is_some()
    );
    assert_eq!(
        h.get_by_label("actor Example Brigade")
            .accesskit_node()
            .toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    // Clearing from the network toolbar clears the selection.
    h.get_by_label("Clear").click();
    h.run_steps(3);
    assert_eq!(h.state().selected_actor, None);
    assert!(h.query_by_label_contains("Selected:").is_none());
}

#[test]
fn the_layout_switch_and_play_button_are_there() {
    let mut h = harness(minimal_app());
    assert!(h.query_by_label("Layered").is_some());
    assert!(h.query_by_label("Force").is_some());
    h.get_by_label("Play").click();
    h.run_steps(3);
    assert!(h.state().network.playing);
    assert!(h.query_by_label("Pause").is_some());
    // Play walks the case's own years.
    let year = h.state().network.as_of_year.unwrap();
    let case = &h.state().case;
    let (first, last) = (f32::from(case.start.year), f32::from(case.end.year));
    assert!((first..=last).contains(&year), "{year} in {first}..{last}");
    assert!(
        h.query_by_label_contains(&format!("Ties as of {}", case.start.year))
            .is_some()
    );
    h.get_by_label("Pause").click();
    h.run_steps(3);
    assert!(!h.state().network.playing);
    assert!(h.query_by_label("Play").is_some());
}

#[test]
fn the_force_layout_runs_off_the_ui_thread_and_settles() {
    let mut h = harness(minimal_app());
    h.get_by_label("Force").click();
    h.run_steps(2);
    assert_eq!(h.state().network.layout, LayoutKind::Force);
    // The layout thread publishes positions; once at rest they are remembered per actor id.
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().network.force_positions.len() < 5 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    let remembered = &h.state().network.force_positions;
    assert_eq!(
        remembered.len(),
        5,
        "every actor's force position is remembered"
    );
    assert!(remembered.contains_key("brigade"));
    // The nodes are still there to click.
    h.get_by_label("actor Example Guard").click();
    h.run_steps(3);
    assert_eq!(h.state().selected_actor.as_deref(), Some("guard"));
}

#[test]
fn the_metrics_table_sorts_and_selects() {
    let mut h = harness(minimal_app());
    h.get_by_label("Metrics").click();
    h.run_steps(3);
    assert!(h.query_by_label("Betweenness (desc)").is_some());
    h.get_by_label("Degree").click();
    h.run_steps(3);
    assert!(h.query_by_label("Degree (desc)").is_some());
    h.get_by_label("Example Brigade").click();
    h.run_steps(3);
    assert_eq!(h.state().selected_actor.as_deref(), Some("brigade"));
}

#[test]
fn presenting_keeps_only_the_layout_play_and_as_of_controls() {
    let mut app = common::default_app();
    app.start_presenting(0);
    let h = harness(app);
    assert!(h.state().presenting.is_some());
    assert!(h.query_by_label("Layered").is_some());
    assert!(h.query_by_label("Force").is_some());
    assert!(h.query_by_label("Play").is_some());
    assert!(h.query_by_label_contains("Ties as of").is_some());
    // No ties legend, hints, date switch or metrics in front of an audience.
    assert!(h.query_by_label("Ties:").is_none());
    assert!(h.query_by_label("All dates").is_none());
    assert!(h.query_by_label("Metrics").is_none());
    assert!(h.query_by_label("actor Iran").is_some());
}

#[test]
fn an_actor_can_bring_the_groups_it_sponsors_along() {
    let mut h = harness(common::default_app());
    h.get_by_label("actor IRGC Quds Force").click();
    h.run_steps(3);
    assert_eq!(h.state().selected_actor.as_deref(), Some("quds-force"));
    let option = "with the groups IRGC Quds Force sponsors";
    assert!(!h.state().timeline.with_sponsored);
    h.get_by_label(option).click();
    h.run_steps(3);
    assert!(h.state().timeline.with_sponsored);
}

#[test]
fn hovering_keeps_the_network_styles_and_selecting_rebuilds_them() {
    let mut h = harness(minimal_app());
    let before = h.state().network.style_rebuilds();
    h.get_by_label("actor Example Brigade").hover();
    h.run_steps(3);
    assert_eq!(
        h.state().network.style_rebuilds(),
        before,
        "a hover changes nothing the styles depend on"
    );
    h.get_by_label("actor Example Brigade").click();
    h.run_steps(3);
    assert!(
        h.state().network.style_rebuilds() > before,
        "a selection restyles"
    );
}

#[test]
fn a_large_network_is_laid_out_in_the_background_while_the_window_paints() {
    // 30,000 actors: above what the view lays out within a frame.
    let case = proxyline::synth::case(200, 30_000, 4);
    let actors = case.actors.len();
    let loaded = proxyline::model::Loaded {
        case,
        warnings: Vec::new(),
    };
    let app = proxyline::app::ProxylineApp::new(loaded, None, proxyline::app::Workspace::default());
    let mut h = harness(app);
    // The view says what it waits for, and so does the status bar's job list.
    assert_eq!(
        h.query_all_by_label(&format!("Laying out {actors} actors\u{2026}"))
            .count(),
        2
    );
    let deadline = Instant::now() + Duration::from_mins(2);
    while h.state().network.positions.len() != actors && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    assert_eq!(h.state().network.positions.len(), actors);
    h.run_steps(2);
    assert_eq!(h.query_all_by_label_contains("Laying out").count(), 0);
}

#[test]
fn chain_only_leaves_the_selected_events_chain_from_the_state() {
    let mut h = harness(common::default_app());
    let i = h.state().case.event_index("erbil-2021-02-15").unwrap();
    h.state_mut()
        .send(proxyline::command::Command::SelectEvent(Some(i)));
    h.run_steps(3);
    assert!(
        h.query_by_label("actor Kuwait").is_some(),
        "the whole network first"
    );
    h.get_by_label("Chain only").click();
    h.run_steps(4);
    // Iran, its organs on the way and the candidates stay; an actor off the chain goes.
    for on_chain in [
        "actor Iran",
        "actor Islamic Revolutionary Guard Corps",
        "actor IRGC Quds Force",
        "actor Kata'ib Hezbollah",
    ] {
        assert!(h.query_by_label(on_chain).is_some(), "{on_chain} is shown");
    }
    assert!(
        h.query_by_label("actor Kuwait").is_none(),
        "Kuwait is off the chain"
    );
    h.get_by_label("Chain only").click();
    h.run_steps(4);
    assert!(h.query_by_label("actor Kuwait").is_some(), "and back");
}

#[test]
fn clicking_an_actor_opens_its_card_with_ties_and_events() {
    let mut h = harness(common::default_app());
    h.get_by_label("actor Kata'ib Hezbollah").click();
    h.run_steps(3);
    assert_eq!(h.state().selected_actor.as_deref(), Some("kh"));
    assert!(
        h.query_by_label("Actor: Kata'ib Hezbollah").is_some(),
        "the card opens"
    );
    assert!(h.query_by_label_contains("Ties (").is_some());
    assert!(
        h.query_by_label_contains("perpetrator or claimant")
            .is_some()
    );
    // Its parent-less kind line, a tie naming the Quds Force, and an event that goes.
    assert!(
        h.query_all_by_label_contains("IRGC Quds Force established Kata'ib Hezbollah")
            .next()
            .is_some(),
        "the Quds Force tie is listed"
    );
    let case = h.state().case.clone();
    let (i, e) = case
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.involves("kh"))
        .min_by_key(|(i, e)| (e.first_day(), *i))
        .unwrap();
    h.get_by_label(&proxyline::ui::event_row_text(e)).click();
    h.run_steps(3);
    assert_eq!(h.state().selected_event, Some(i));
}
