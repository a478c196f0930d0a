//! kittest UI tests: clicking by label and checking what the user would see.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use common::{default_app, harness, harness_sized, minimal_app, shown};
use egui_kittest::kittest::Queryable as _;
use proxyline::model;

#[test]
fn clicking_an_event_shows_it_in_the_side_panel() {
    let mut h = harness(default_app());
    let case = h.state().case.clone();
    let event = case.events.iter().max_by_key(|e| e.deaths()).unwrap();
    assert_eq!(
        h.query_all_by_label(&event.title).count(),
        1,
        "only the marker before selection"
    );
    h.get_by_label(&event.title).click();
    h.run_steps(3);
    assert_eq!(h.state().selected_event, case.event_index(&event.id));
    assert!(
        h.query_all_by_label(&event.title).count() >= 2,
        "the side panel shows the title too"
    );
    assert!(
        h.query_by_label("Standards of attribution (evidence bar C3)")
            .is_some()
    );
}

#[test]
fn search_narrows_the_visible_events() {
    let mut h = harness(minimal_app());
    assert!(h.query_by_label("Rocket attack on the port").is_some());
    h.state_mut().workspace.filter.search = "no such thing".to_owned();
    h.run_steps(3);
    assert!(h.query_by_label("Rocket attack on the port").is_none());
}

#[test]
fn typing_in_the_search_box_narrows_the_timeline() {
    let mut h = harness(default_app());
    assert!(h.query_by_label("lane Kata'ib Hezbollah").is_some());
    let search = h.get_by_label("Search");
    search.focus();
    search.type_text("Erbil");
    h.run_steps(3);
    assert_eq!(h.state().workspace.filter.search, "Erbil");
    assert!(
        h.query_by_label("lane Kata'ib Hezbollah").is_none(),
        "no Kata'ib Hezbollah event mentions Erbil"
    );
    let shown = shown(h.state());
    assert!(shown >= 1 && shown < h.state().case.events.len());
    assert!(h.query_by_label_contains(&format!("{shown} of ")).is_some());
}

#[test]
fn unticking_a_kind_hides_its_lanes() {
    // Tall enough for every lane of the built-in case.
    let mut h = harness_sized(default_app(), 1600.0, 2000.0);
    // The US courts' lane holds only legal acts (the judgments against Iran).
    assert!(h.query_by_label("lane U.S. federal courts").is_some());
    h.get_by_label("legal / diplomatic act").click();
    h.run_steps(3);
    assert!(h.query_by_label("lane U.S. federal courts").is_none());
    assert!(h.query_by_label("lane Kata'ib Hezbollah").is_some());
}

#[test]
fn clicking_a_lane_header_collapses_it() {
    let mut h = harness(default_app());
    let lane = h
        .state()
        .timeline
        .lanes()
        .iter()
        .find(|l| l.key == "kh")
        .unwrap()
        .clone();
    let title = h.state().case.events[lane.events[0] as usize].title.clone();
    assert!(h.query_by_label(&title).is_some(), "its marker is shown");
    h.get_by_label("lane Kata'ib Hezbollah").click();
    h.run_steps(3);
    assert!(h.state().timeline.collapsed.iter().any(|k| k == "kh"));
    assert!(
        h.query_by_label(&title).is_none(),
        "a collapsed lane shows density only"
    );
    h.get_by_label("lane Kata'ib Hezbollah").click();
    h.run_steps(3);
    assert!(h.state().timeline.collapsed.is_empty());
    assert!(h.query_by_label(&title).is_some());
}

#[test]
fn tab_steps_from_event_to_event() {
    let mut h = harness(default_app());
    h.key_press(egui::Key::Tab);
    h.run_steps(3);
    let first = h.state().selected_event.unwrap();
    h.key_press(egui::Key::Tab);
    h.run_steps(3);
    let second = h.state().selected_event.unwrap();
    assert_ne!(first, second, "a second Tab moves on");
    let case = &h.state().case;
    assert!(case.events[first].first_day() <= case.events[second].first_day());
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    h.run_steps(3);
    assert_eq!(h.state().selected_event, Some(first));
}

#[test]
fn selecting_an_actor_in_the_network_selects_it() {
    let mut h = harness(minimal_app());
    h.get_by_label("actor Example Brigade").click();
    h.run_steps(3);
    assert_eq!(h.state().selected_actor.as_deref(), Some("brigade"));
}

#[test]
fn a_bad_file_keeps_the_open_case_and_lists_its_problems() {
    let mut app = minimal_app();
    app.open_path(std::path::Path::new("tests/fixtures/syntax_error.ron"));
    let mut h = harness(app);
    assert_eq!(h.state().case.title, "Example case");
    assert!(
        h.query_by_label_contains("tests/fixtures/syntax_error.ron:8:9")
            .is_some()
    );
    h.run();
}

#[test]
fn the_erbil_attack_shows_its_standards_and_a_standard_recolours_the_timeline() {
    // Tall enough that every standard's row, with its why and what-would-change lines, is on
    // screen without scrolling the panel.
    let mut h = harness_sized(default_app(), 1600.0, 2000.0);
    let case = h.state().case.clone();
    let erbil = case.event("erbil-2021-02-15").unwrap();
    h.get_by_label(&erbil.title).click();
    h.run_steps(3);
    assert!(
        h.query_by_label("Standards of attribution (evidence bar C3)")
            .is_some()
    );
    for s in proxyline::attribution::Standard::ALL {
        assert!(
            h.query_all_by_label(s.name()).count() >= 1,
            "row for {}",
            s.name()
        );
    }
    // The legend counts the timeline's colours; they follow the engine's verdicts.
    let state = h.state().state();
    let count = |standard: proxyline::attribution::Standard| {
        case.events
            .iter()
            .filter(|e| {
                proxyline::attribution::evaluate(
                    &case,
                    e,
                    &state,
                    standard,
                    model::Grade::default(),
                )
                .verdict
                    == proxyline::attribution::Verdict::Met
            })
            .count()
    };
    let (before, after) = (
        count(proxyline::attribution::Standard::EffectiveControl),
        count(proxyline::attribution::Standard::MaterialSupport),
    );
    assert_ne!(
        before, after,
        "the two standards colour the case differently"
    );
    assert!(h.query_by_label(&format!("met ({before})")).is_some());
    h.get_by_label("Material support (FSIA)").click();
    h.run_steps(3);
    assert_eq!(
        h.state().workspace.standard,
        proxyline::attribution::Standard::MaterialSupport
    );
    assert!(h.query_by_label(&format!("met ({after})")).is_some());
    assert!(h.query_by_label(&format!("met ({before})")).is_none());
}

#[test]
fn selecting_an_event_scrolls_its_lane_into_view() {
    let mut h = harness_sized(default_app(), 1366.0, 768.0);
    let case = h.state().case.clone();
    let dawa = case.event("beirut-iraqi-embassy-1981-12-15").unwrap();
    assert!(
        h.query_by_label(&dawa.title).is_none(),
        "its lane is below the fold at first"
    );
    // Tab selects the earliest event: the 1981 bombing, in the last lane.
    h.key_press(egui::Key::Tab);
    h.run_steps(3);
    assert_eq!(h.state().selected_event, case.event_index(&dawa.id));
    assert!(h.state().timeline.scroll > 0.0);
    assert!(
        h.query_all_by_label(&dawa.title).count() >= 2,
        "its marker is on screen, beside the side panel's heading"
    );
}

#[test]
fn the_overview_sets_the_seed_argument_beside_its_counter_arguments() {
    let h = harness(default_app());
    let case = &h.state().case;
    assert!(h.query_by_label("The argument across the case").is_some());
    let supports = case
        .evidence
        .iter()
        .filter(|e| e.stance == model::Stance::Supports)
        .count();
    let contradicts = case
        .evidence
        .iter()
        .filter(|e| e.stance == model::Stance::Contradicts)
        .count();
    assert!(
        supports > 0 && contradicts > 0,
        "both sides are in the case"
    );
    assert!(
        h.query_by_label_contains(&format!("For attributing to the sponsor ({supports})"))
            .is_some()
    );
    assert!(
        h.query_by_label_contains(&format!("Against, or complicating it ({contradicts})"))
            .is_some()
    );
    for e in &case.evidence {
        assert!(
            h.query_by_label_contains(&e.shows).is_some(),
            "{} is shown",
            e.id
        );
    }
}

#[test]
fn ctrl_dragging_the_timeline_brushes_a_range_that_narrows_the_overview() {
    let mut h = harness(default_app());
    let lane = h.get_by_label("lane Hezbollah (Lebanon)").rect();
    let y = lane.center().y;
    // Drag from well inside the plot to its middle, holding Ctrl.
    let (x0, x1) = (lane.right() + 60.0, lane.right() + 400.0);
    let ctrl = egui::Modifiers::COMMAND;
    h.event_modifiers(egui::Event::PointerMoved(egui::pos2(x0, y)), ctrl);
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: egui::pos2(x0, y),
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: ctrl,
        },
        ctrl,
    );
    h.step();
    for k in 1..=10 {
        let x = x0 + (x1 - x0) * k as f32 / 10.0;
        h.event_modifiers(egui::Event::PointerMoved(egui::pos2(x, y)), ctrl);
        h.step();
    }
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: egui::pos2(x1, y),
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: ctrl,
        },
        ctrl,
    );
    h.run_steps(3);
    let (a, b) = h.state().brush.expect("a brushed range");
    assert!(a < b);
    // The overview now counts only the brushed range, and says so.
    assert!(h.query_by_label_contains("Events between ").is_some());
    h.get_by_label("Clear the brushed range").click();
    h.run_steps(3);
    assert_eq!(h.state().brush, None);
}

#[test]
fn ctrl_f_goes_to_the_search_box_and_f6_to_the_controls() {
    let mut h = harness(default_app());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    h.event(egui::Event::Text("Karbala".to_owned()));
    h.run_steps(3);
    assert_eq!(h.state().workspace.filter.search, "Karbala");
    // Esc leaves the box; Tab then steps events again instead of typing.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    h.key_press(egui::Key::Tab);
    h.run_steps(3);
    assert!(
        h.state().selected_event.is_some(),
        "Tab steps to the one matching event"
    );

    // F6 hands the keyboard to the controls: Tab moves between widgets, not events.
    let mut h = harness(default_app());
    h.key_press(egui::Key::F6);
    h.run_steps(3);
    assert!(
        h.ctx.memory(egui::Memory::focused).is_some(),
        "a control has the focus"
    );
    h.key_press(egui::Key::Tab);
    h.run_steps(3);
    assert_eq!(
        h.state().selected_event,
        None,
        "Tab moved the focus, not the selection"
    );
}

#[test]
fn plus_minus_and_home_zoom_and_fit_the_timeline() {
    let mut h = harness(default_app());
    let span = |h: &egui_kittest::Harness<'_, proxyline::app::ProxylineApp>| {
        let tl = &h.state().timeline;
        tl.to - tl.from
    };
    let fitted = span(&h);
    h.key_press(egui::Key::Plus);
    h.run_steps(2);
    let zoomed = span(&h);
    // What is remembered across restarts is the view as it stands.
    let saved = h.state().workspace_to_save();
    assert!((saved.timeline.to - saved.timeline.from - zoomed).abs() < 1e-9);
    assert!(
        (zoomed - fitted * 0.7).abs() < 1.0,
        "+ zooms in to 70% of the span: {fitted} -> {zoomed}"
    );
    h.key_press(egui::Key::Minus);
    h.run_steps(2);
    assert!((span(&h) - fitted).abs() < 1.0, "- zooms back out");
    h.key_press(egui::Key::Plus);
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    let from = h.state().timeline.from;
    h.key_press(egui::Key::Home);
    h.run_steps(2);
    assert!(
        h.state().timeline.from < from,
        "Home fits the whole case again"
    );
    assert!((span(&h) - fitted).abs() < 1.0);
}

#[test]
fn clear_search_and_all_filters_shows_every_event_again() {
    let mut h = harness(default_app());
    let all = shown(h.state());
    let search = h.get_by_label("Search");
    search.focus();
    search.type_text("Erbil");
    h.run_steps(3);
    assert!(shown(h.state()) < all);
    h.get_by_label("Filters").click();
    h.run_steps(2);
    h.get_by_label("Clear search and all filters").click();
    h.run_steps(3);
    assert_eq!(h.state().workspace.filter.search, "");
    assert_eq!(shown(h.state()), all);
}

#[test]
fn open_hands_only_web_addresses_to_the_browser() {
    let mut h = harness_sized(default_app(), 1600.0, 2000.0);
    h.query_all_by_label("Open").next().unwrap().click();
    h.run_steps(3);
    let status = h.state().status.clone();
    assert!(status.starts_with("Opening http"), "status: {status:?}");
    // A case file can carry any text as a URL: other schemes never reach the system.
    for s in &mut std::sync::Arc::make_mut(&mut h.state_mut().case).sources {
        if s.url.is_some() {
            s.url = Some("file:///etc/passwd".to_owned());
        }
    }
    h.run_steps(2);
    h.query_all_by_label("Open").next().unwrap().click();
    h.run_steps(3);
    let status = h.state().status.clone();
    assert!(
        status.starts_with("Not opened: only http and https"),
        "{status}"
    );
}

#[test]
fn copy_citation_says_copied_only_when_the_clipboard_took_it() {
    // Tall enough that the overview's first source (below the charts) is on screen.
    let mut h = harness_sized(default_app(), 1600.0, 2000.0);
    h.query_all_by_label("Copy citation")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    let status = h.state().status.clone();
    if status == "Copied to the clipboard" {
        // Where there is a clipboard (a desktop session), it holds the citation now.
        let text = arboard::Clipboard::new()
            .and_then(|mut c| c.get_text())
            .unwrap();
        assert!(!text.is_empty());
    } else {
        // Headless (CI): the failure is said, never a false "copied".
        assert!(
            status.starts_with("Could not copy to the clipboard"),
            "{status}"
        );
    }
}

#[test]
fn as_known_on_a_date_re_evaluates_the_timeline_and_clearing_restores_it() {
    let mut h = harness(default_app());
    let before = h.state().case.events.len();
    // The legend's n/a count, as the engine gives it, everything known and as of 1 Jan 1990.
    let na = |as_of: Option<model::PartialDate>| {
        let case = &h.state().case;
        let ev = proxyline::attribution::Evaluator::new(case, "iran").as_of(as_of);
        let k = proxyline::attribution::Standard::ALL
            .iter()
            .position(|s| *s == proxyline::attribution::Standard::EffectiveControl)
            .unwrap();
        let n = case
            .events
            .iter()
            .filter(|e| {
                ev.verdicts(e, model::Grade::default())[k]
                    == proxyline::attribution::Verdict::NotApplicable
            })
            .count();
        format!("n/a ({n})")
    };
    let (now, then) = (na(None), na(model::PartialDate::parse("1990-01-01").ok()));
    assert_ne!(now, then);
    assert!(h.query_by_label_contains(&now).is_some());
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "As known on");
    field.focus();
    field.type_text("1990-01-01");
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert_eq!(
        h.state().as_of,
        Some(model::PartialDate::parse("1990-01-01").unwrap())
    );
    assert!(
        h.state().status.contains("as known on 1 Jan 1990"),
        "{}",
        h.state().status
    );
    // Events after the date had not happened: more of them are n/a.
    assert!(h.query_by_label_contains(&then).is_some(), "{then}");
    assert_eq!(h.state().case.events.len(), before);
    h.get_by_label("\u{d7}").click();
    h.run_steps(3);
    assert_eq!(h.state().as_of, None);
    assert!(h.query_by_label_contains(&now).is_some());
}

#[test]
fn the_keys_button_lists_the_shortcuts_and_esc_closes_them() {
    let mut h = harness(default_app());
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    h.get_by_label("Keys").click();
    h.run_steps(3);
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
    assert!(h.query_by_label("F5: present the story").is_some());
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
}

#[test]
fn zooming_out_stops_at_the_whole_case_and_panning_at_its_ends() {
    let mut h = harness(default_app());
    let (start, end) = {
        let case = &h.state().case;
        (
            f64::from(case.start.first_day()),
            f64::from(case.end.last_day()),
        )
    };
    let pad = (end - start) * 0.03 + 1.0;
    for _ in 0..12 {
        h.key_press(egui::Key::Minus);
        h.run_steps(1);
    }
    h.run_steps(2);
    let (from, to) = (h.state().timeline.from, h.state().timeline.to);
    assert!(from >= start - pad && to <= end + pad, "{from}..{to}");
    // Far to the right: the window slides back to end at the case's end.
    for _ in 0..30 {
        h.key_press(egui::Key::ArrowRight);
        h.run_steps(1);
    }
    h.run_steps(2);
    assert!(
        h.state().timeline.to <= end + pad,
        "{}",
        h.state().timeline.to
    );
}

#[test]
fn the_search_lists_its_matches_and_enter_or_a_click_goes_to_one() {
    let mut h = harness(default_app());
    let search = h.get_by_label("Search");
    search.focus();
    search.type_text("Erbil");
    h.run_steps(3);
    // The list under the box: every match by date and title, earliest first.
    let case = h.state().case.clone();
    let erbil = case.event("erbil-2021-02-15").unwrap();
    let row = proxyline::ui::event_row_text(erbil);
    assert!(
        h.query_by_label(&row).is_some(),
        "the Erbil attack is listed"
    );
    h.get_by_label(&row).click();
    h.run_steps(3);
    let i = case.event_index("erbil-2021-02-15").unwrap();
    assert_eq!(h.state().selected_event, Some(i));
    let (from, to) = (h.state().timeline.from, h.state().timeline.to);
    let day = f64::from(erbil.first_day());
    assert!(
        from < day && day < to && to - from < 400.0,
        "zoomed to it: {from}..{to}"
    );
    // Enter goes to the first match by date.
    let search = h.get_by_label("Search");
    search.focus();
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let first = case
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| h.state().workspace.filter.matches(&case, e))
        .min_by_key(|(i, e)| (e.first_day(), *i))
        .map(|(i, _)| i);
    assert_eq!(h.state().selected_event, first);
}

#[test]
fn the_wheel_scrolls_the_lanes_ctrl_wheel_zooms_and_shift_wheel_pans() {
    let mut h = harness_sized(default_app(), 1366.0, 768.0);
    let lane = h.get_by_label("lane Kata'ib Hezbollah").rect();
    let over = egui::pos2(lane.center().x + 300.0, lane.center().y);
    let wheel = |h: &mut egui_kittest::Harness<'_, proxyline::app::ProxylineApp>,
                 delta: egui::Vec2,
                 modifiers: egui::Modifiers| {
        h.event(egui::Event::PointerMoved(over));
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers,
        });
        h.run_steps(12);
    };
    let window = |h: &egui_kittest::Harness<'_, proxyline::app::ProxylineApp>| {
        let tl = &h.state().timeline;
        (tl.from, tl.to, tl.scroll)
    };
    let (from, to, scroll) = window(&h);
    // Plain wheel: the lanes scroll, time stays.
    wheel(&mut h, egui::vec2(0.0, -80.0), egui::Modifiers::NONE);
    let (f1, t1, s1) = window(&h);
    assert!(
        (f1 - from).abs() < 1e-6 && (t1 - to).abs() < 1e-6,
        "time did not move"
    );
    assert!(s1 > scroll, "the lanes scrolled: {scroll} -> {s1}");
    // Ctrl+wheel: zoom (the span shrinks).
    wheel(&mut h, egui::vec2(0.0, 80.0), egui::Modifiers::CTRL);
    let (f2, t2, _) = window(&h);
    assert!(t2 - f2 < t1 - f1, "zoomed in: {} -> {}", t1 - f1, t2 - f2);
    // Shift+wheel: pan in time (the span stays).
    wheel(&mut h, egui::vec2(0.0, 80.0), egui::Modifiers::SHIFT);
    let (f3, t3, _) = window(&h);
    assert!(
        ((t3 - f3) - (t2 - f2)).abs() < 1e-3 && (f3 - f2).abs() > 1e-3,
        "panned"
    );
}

#[test]
fn a_click_on_the_overview_strip_moves_the_window_there_keeping_its_length() {
    let mut h = harness(default_app());
    let i = h.state().case.event_index("erbil-2021-02-15").unwrap();
    h.state_mut()
        .send(proxyline::command::Command::GoToEvent(i));
    h.run_steps(3);
    let (from, to) = (h.state().timeline.from, h.state().timeline.to);
    // The strip's middle is the middle of the case's span (about 2001).
    h.get_by_label("overview of the whole case").click();
    h.run_steps(3);
    let (f, t) = (h.state().timeline.from, h.state().timeline.to);
    assert!(
        ((t - f) - (to - from)).abs() < 1.0,
        "the window keeps its length"
    );
    let middle = f64::midpoint(f, t) as i32;
    let (y1995, y2007) = (
        proxyline::model::PartialDate::year(1995).first_day(),
        proxyline::model::PartialDate::year(2007).last_day(),
    );
    assert!(
        (y1995..=y2007).contains(&middle),
        "the window moved to the middle of the case: day {middle}"
    );
}
