//! Briefing: presentation mode, story editing with undo, the unsaved-changes prompt, and the
//! exports (CSV of the filtered events, a story's sourced brief).
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use common::{default_app, harness};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use proxyline::app::ProxylineApp;
use proxyline::model;

fn step_title(app: &ProxylineApp, story: usize, step: usize) -> String {
    let id = app.case.stories[story].steps[step].event.clone().unwrap();
    app.case.event(&id).unwrap().title.clone()
}

/// The app with the story editor open and a new, empty story added through it.
fn with_a_new_story() -> Harness<'static, ProxylineApp> {
    let mut h = harness(default_app());
    h.get_by_label("Stories").click();
    h.run_steps(3);
    h.get_by_label("New story").click();
    h.run_steps(3);
    h
}

#[test]
fn f5_presents_and_the_right_arrow_advances_the_story() {
    let mut h = harness(default_app());
    assert!(
        h.query_by_label("File").is_some(),
        "the normal chrome is shown"
    );
    let window_before = {
        let tl = &h.state().timeline;
        (tl.from, tl.to)
    };
    h.key_press(egui::Key::F5);
    h.run_steps(3);
    assert_eq!(h.state().presenting, Some((0, 0)));
    assert!(
        h.query_by_label("File").is_none(),
        "chrome is hidden while presenting"
    );
    let story = h.state().case.stories[0].clone();
    assert!(
        h.query_by_label(&story.steps[0].caption).is_some(),
        "the caption is shown"
    );
    assert!(
        h.query_by_label(&format!("Step 1 of {}", story.steps.len()))
            .is_some()
    );
    let first = step_title(h.state(), 0, 0);
    assert!(h.query_all_by_label(&first).count() >= 1);

    h.key_press(egui::Key::ArrowRight);
    h.run_steps(3);
    assert_eq!(h.state().presenting, Some((0, 1)));
    let second = step_title(h.state(), 0, 1);
    let selected = h.state().selected_event.unwrap();
    assert_eq!(h.state().case.events[selected].title, second);
    // The side panel shows the step's event: its heading and its standards.
    assert!(
        h.query_all_by_label(&second).count() >= 2,
        "marker and side panel"
    );
    assert!(
        h.query_by_label(&format!("Step 2 of {}", story.steps.len()))
            .is_some()
    );
    // The step's sources are footnotes.
    assert!(h.query_by_label_contains("[1] ").is_some());

    h.key_press(egui::Key::PageUp);
    h.run_steps(3);
    assert_eq!(h.state().presenting, Some((0, 0)));
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert_eq!(h.state().presenting, None);
    assert!(h.query_by_label("File").is_some());
    // The view is back as it was before presenting.
    assert_eq!(h.state().selected_event, None);
    let tl = &h.state().timeline;
    assert_eq!((tl.from, tl.to), window_before);
}

#[test]
fn a_step_added_from_the_current_view_can_be_undone_and_moved() {
    let mut h = harness(default_app());
    let before = h.state().case.stories[0].steps.len();
    h.get_by_label("Stories").click();
    h.run_steps(3);
    // Select an event, then add the view as a step.
    h.key_press(egui::Key::Tab);
    h.run_steps(3);
    let selected = h.state().selected_event.unwrap();
    h.get_by_label("Add current view as step").click();
    h.run_steps(3);
    let steps = &h.state().case.stories[0].steps;
    assert_eq!(steps.len(), before + 1);
    assert_eq!(
        steps.last().unwrap().event.as_deref(),
        Some(h.state().case.events[selected].id.as_str())
    );
    assert!(h.state().is_dirty());
    assert!(h.query_by_label("unsaved story edits").is_some());
    h.get_by_label("Undo").click();
    h.run_steps(3);
    assert_eq!(h.state().case.stories[0].steps.len(), before);
    assert!(!h.state().is_dirty());
    h.get_by_label("Redo").click();
    h.run_steps(3);
    assert_eq!(h.state().case.stories[0].steps.len(), before + 1);
}

/// A file dropped on the window, as the windowing integration hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'static, ProxylineApp>, path: &str) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.into())));
}

#[test]
fn opening_another_file_with_unsaved_edits_asks_first() {
    let mut h = with_a_new_story();
    let stories = h.state().case.stories.len();
    assert!(h.state().is_dirty());
    // Drop a case file on the window.
    drop_file(&mut h, "tests/fixtures/minimal.ron");
    h.run_steps(3);
    assert!(
        h.query_by_label("The stories have unsaved changes")
            .is_some()
    );
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(
        h.query_by_label("The stories have unsaved changes")
            .is_none()
    );
    assert_eq!(h.state().case.stories.len(), stories, "nothing was lost");
    assert_ne!(h.state().case.title, "Example case");
    // Asked again, "Don't save" opens the file.
    drop_file(&mut h, "tests/fixtures/minimal.ron");
    h.run_steps(3);
    h.get_by_label("Don't save").click();
    h.run_steps(3);
    assert_eq!(h.state().case.title, "Example case");
}

#[test]
fn the_csv_export_holds_exactly_the_filtered_rows() {
    let mut app = default_app();
    app.workspace.filter.search = "Erbil".to_owned();
    let mut h = harness(app);
    h.run_steps(2);
    let app = h.state();
    let expected: Vec<&str> = app
        .case
        .events
        .iter()
        .filter(|e| app.workspace.filter.matches(&app.case, e))
        .map(|e| e.id.as_str())
        .collect();
    assert!(!expected.is_empty() && expected.len() < app.case.events.len());
    let csv = app.visible_csv().unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let id_col = headers.iter().position(|h| h == "id").unwrap();
    let mut ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[id_col].to_owned())
        .collect();
    ids.sort();
    let mut expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
    expected.sort();
    assert_eq!(ids, expected);
}

#[test]
fn a_story_brief_holds_every_steps_citations() {
    let case = model::load_text(model::DEFAULT_CASE_NAME, model::DEFAULT_CASE_RON)
        .unwrap()
        .case;
    for story in &case.stories {
        let md =
            proxyline::report::story_markdown(&case, story, "iran", model::Grade::default(), None);
        // The reasoning travels with the brief: each step's verdict table and chain, with names.
        assert!(
            md.contains("| Standard | Verdict | About | Why |"),
            "{}",
            story.id
        );
        assert!(md.contains("Chain of ties to Iran"), "{}", story.id);
        assert!(
            !md.contains("[peterson-v-iran-2003]"),
            "numbered footnotes, not ids"
        );
        for step in &story.steps {
            if let Some(e) = step.event.as_deref().and_then(|id| case.event(id)) {
                assert!(
                    md.contains(&proxyline::report::md(&e.title)),
                    "{} names {}",
                    story.id,
                    e.title
                );
            }
            for id in proxyline::report::step_source_ids(&case, step) {
                let source = case.source(id).unwrap();
                assert!(
                    md.contains(&proxyline::report::citation_md(source)),
                    "{}: the brief cites {id} in full",
                    story.id
                );
            }
        }
    }
}

#[test]
fn a_step_restores_the_window_it_was_added_from() {
    let mut h = with_a_new_story();
    let story = h.state().case.stories.len() - 1;
    // A three-week window.
    let (from, to) = (12_000.0, 12_021.0);
    h.state_mut().timeline.from = from;
    h.state_mut().timeline.to = to;
    h.get_by_label("Add current view as step").click();
    h.run_steps(3);
    assert_eq!(h.state().case.stories[story].steps.len(), 1);
    // Elsewhere, then back through the step.
    h.state_mut().timeline.from = 100.0;
    h.state_mut().timeline.to = 5000.0;
    h.get_by_label("Show").click();
    h.run_steps(3);
    let tl = &h.state().timeline;
    assert!(
        (tl.from - from).abs() <= 1.0 && (tl.to - to).abs() <= 1.0,
        "{} {}",
        tl.from,
        tl.to
    );
}

#[test]
fn presenting_a_story_without_steps_says_so_instead() {
    let mut h = with_a_new_story();
    // The editor's Present button presents the story being edited: the new, empty one.
    h.query_all_by_label("Present (F5)").last().unwrap().click();
    h.run_steps(3);
    assert_eq!(h.state().presenting, None);
    assert!(
        h.state().status.contains("has no steps yet"),
        "{}",
        h.state().status
    );
    // Pressing F5 again with that story picked changes nothing either, and never panics.
    h.key_press(egui::Key::F5);
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(3);
    assert_eq!(h.state().presenting, None);
}

#[test]
fn a_large_file_opens_in_the_background_and_a_newer_choice_wins() {
    // A synthetic case over 8 MiB opens on a background thread.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    let text = model::load::to_ron_compact(&proxyline::synth::case(60_000, 16, 7)).unwrap();
    assert!(text.len() > 8 * 1024 * 1024, "{} bytes", text.len());
    std::fs::write(&big, text).unwrap();

    let mut app = default_app();
    app.open_path_in_background(big.clone());
    assert_eq!(
        app.case.title, "Iran and its proxies, 1981-2021",
        "the open case stays meanwhile"
    );
    let mut h = harness(app);
    let start = std::time::Instant::now();
    while h.state().case.title != "Synthetic case" {
        assert!(start.elapsed().as_secs() < 120, "the file never arrived");
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run_steps(1);
    }
    assert_eq!(h.state().case.events.len(), 60_000);

    // Start the big file again, then choose a small one: the small one stays open.
    h.state_mut().open_path_in_background(big);
    h.state_mut()
        .open_path(std::path::Path::new("tests/fixtures/minimal.ron"));
    std::thread::sleep(std::time::Duration::from_secs(3));
    h.run_steps(3);
    assert_eq!(h.state().case.title, "Example case");
}

#[test]
fn presenting_ignores_a_live_search() {
    let mut h = harness(default_app());
    h.state_mut().workspace.filter.search = "Erbil".to_owned();
    h.run_steps(3);
    let first = step_title(h.state(), 0, 0);
    assert!(
        !first.contains("Erbil"),
        "the first step is not an Erbil event"
    );
    h.key_press(egui::Key::F5);
    h.run_steps(4);
    assert_eq!(h.state().presenting, Some((0, 0)));
    // The step's event is on the timeline (its marker) and in the side panel, search or not.
    assert!(
        h.query_all_by_label(&first).count() >= 2,
        "marker and side panel"
    );
    // Leaving the presentation brings the search back.
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    assert_eq!(h.state().workspace.filter.search, "Erbil");
}

#[test]
fn case_text_cannot_inject_markdown_or_links_into_a_brief() {
    let mut case = model::load_text(model::DEFAULT_CASE_NAME, model::DEFAULT_CASE_RON)
        .unwrap()
        .case;
    let i = case.event_index("erbil-2021").unwrap_or(0);
    case.events[i].title = "<script>alert(1)</script> [x](javascript:alert(1))".to_owned();
    case.events[i].summary = "# Heading\n![img](file:///etc/passwd)".to_owned();
    let src = case.events[i].sources[0].clone();
    if let Some(s) = case.sources.iter_mut().find(|s| s.id == src) {
        s.url = Some("javascript:alert(1)".to_owned());
    }
    let event = case.events[i].clone();
    let md =
        proxyline::report::event_markdown(&case, &event, "iran", model::Grade::default(), None);
    assert!(!md.contains("<script>"), "HTML is escaped");
    assert!(md.contains("\\<script\\>"));
    assert!(!md.contains("[x](javascript"), "no link is formed");
    assert!(!md.contains("\n# Heading"), "case text starts no heading");
    assert!(
        !md.contains("<javascript:"),
        "only http/https addresses become links"
    );
}

#[test]
fn every_standard_of_the_erbil_step_is_on_screen_at_laptop_and_projector_sizes() {
    for (w, h) in [(1366.0, 768.0), (1920.0, 1080.0)] {
        let mut hs = common::harness_sized(default_app(), w, h);
        let (story, step) = hs
            .state()
            .case
            .stories
            .iter()
            .enumerate()
            .find_map(|(i, s)| {
                s.steps
                    .iter()
                    .position(|st| st.event.as_deref() == Some("erbil-2021-02-15"))
                    .map(|k| (i, k))
            })
            .unwrap();
        hs.state_mut()
            .send(proxyline::command::Command::Present(story));
        hs.run_steps(2);
        for _ in 0..step {
            hs.key_press(egui::Key::ArrowRight);
            hs.run_steps(1);
        }
        hs.run_steps(3);
        assert_eq!(hs.state().presenting, Some((story, step)));
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(w, h));
        for standard in proxyline::attribution::Standard::ALL {
            let row = hs
                .query_all_by_label_contains(standard.name())
                .find(|n| {
                    let node = n.accesskit_node();
                    node.label()
                        .or_else(|| node.value())
                        .is_some_and(|l| l.starts_with(standard.name()))
                })
                .unwrap_or_else(|| {
                    let seen: Vec<String> = hs
                        .query_all_by_label_contains(standard.name())
                        .map(|n| format!("{:?}", n.accesskit_node().value()))
                        .collect();
                    panic!(
                        "no row for {} at {w}x{h}: {seen:?} {:?}",
                        standard.name(),
                        hs.state().presenting
                    )
                });
            let rect = row.rect();
            assert!(
                screen.contains_rect(rect),
                "{} row {rect:?} is off the {w}x{h} screen",
                standard.name()
            );
        }
        // The chain and the event are there too.
        assert!(
            hs.query_by_label_contains("Chain of ties to Iran")
                .is_some()
        );
    }
}
