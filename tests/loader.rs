//! Loader tests: exact positions of syntax errors, every validation problem, hostile input,
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
//! and a save/load round trip.

use proxyline::model::{self, LoadError, Severity};

fn problems(file: &str, text: &str) -> Vec<(usize, usize, Severity, String)> {
    match model::load_text(file, text) {
        Ok(l) => l
            .warnings
            .iter()
            .map(|p| (p.line, p.column, p.severity, p.message.clone()))
            .collect(),
        Err(LoadError::Invalid { problems, .. }) => problems
            .iter()
            .map(|p| (p.line, p.column, p.severity, p.message.clone()))
            .collect(),
        Err(e) => panic!("unexpected {e}"),
    }
}

#[test]
fn syntax_error_names_line_and_column() {
    let text = include_str!("fixtures/syntax_error.ron");
    let err = model::load_text("syntax_error.ron", text).unwrap_err();
    let lines = err.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    // The missing comma after the first Source: the parser stops at the second `Source` on line 8.
    assert!(
        lines[0].starts_with("syntax_error.ron:8:9: "),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("Expected"),
        "says what was expected: {}",
        lines[0]
    );
}

#[test]
fn validation_reports_every_problem_with_its_position() {
    let text = include_str!("fixtures/invalid.ron");
    let got = problems("invalid.ron", text);
    let errors: Vec<_> = got.iter().filter(|p| p.2 == Severity::Error).collect();
    let find = |needle: &str| {
        errors
            .iter()
            .find(|p| p.3.contains(needle))
            .unwrap_or_else(|| panic!("no problem with {needle:?} in {errors:#?}"))
    };
    let at = |p: &&(usize, usize, Severity, String)| (p.0, p.1);
    assert_eq!(at(find("duplicate source id \"src\"")), (8, 20));
    assert_eq!(at(find("unknown actor \"ghost\"")), (15, 42));
    assert_eq!(
        at(find("tie ends (2003) before it starts (2005)")),
        (15, 78)
    );
    assert_eq!(at(find("grade \"G9\"")), (17, 66));
    assert_eq!(at(find("evidence \"e2\" cites no source")), (25, 80));
    assert_eq!(at(find("outside the case's range")), (21, 42));
    assert_eq!(errors.len(), 6, "{errors:#?}");
}

#[test]
fn hostile_input_is_refused_without_panic() {
    // Deep nesting: refused by the recursion limit, not a stack overflow.
    let deep = format!(
        "Case(format: 1, title: \"x\", start: \"2000\", end: \"2001\", sources: {}{})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = model::load_text("deep.ron", &deep).unwrap_err();
    assert!(
        err.to_string().contains("nested") || err.to_string().contains("Expected"),
        "{err}"
    );
    // Binary.
    let err = model::load_bytes("bin.ron", b"Case(\n\x00\x01\x02").unwrap_err();
    assert_eq!(
        err.lines(),
        vec!["bin.ron:2:1: binary data (a NUL byte): this is not a RON case file"]
    );
    // Bad UTF-8 on line 2, column 3.
    let err = model::load_bytes("utf.ron", b"Case(\nab\xff\xfe").unwrap_err();
    assert!(
        err.lines()[0].starts_with("utf.ron:2:3: invalid UTF-8"),
        "{:?}",
        err.lines()
    );
    // Empty and garbage files.
    assert!(model::load_text("empty.ron", "").is_err());
    assert!(model::load_text("junk.ron", "}}}}((((").is_err());
    // A directory is not a case file.
    assert!(model::load_path(std::path::Path::new("tests")).is_err());
}

#[test]
fn minimal_example_loads_and_round_trips_through_save() {
    let loaded = model::load_text("minimal.ron", include_str!("fixtures/minimal.ron")).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.ron");
    model::save_path(&loaded.case, &path).unwrap();
    let again = model::load_path(&path).unwrap();
    assert_eq!(again.case, loaded.case);
}

#[test]
fn docs_example_is_the_fixture() {
    let doc = include_str!("../docs/case-file.md");
    assert!(
        doc.contains(include_str!("fixtures/minimal.ron").trim()),
        "docs/case-file.md embeds tests/fixtures/minimal.ron"
    );
}

#[test]
fn built_in_case_loads() {
    let loaded = model::load_text("built-in", model::DEFAULT_CASE_RON).unwrap();
    assert!(!loaded.case.events.is_empty());
}

#[test]
fn an_unknown_interested_party_is_an_error_at_its_field() {
    let text = include_str!("fixtures/minimal.ron").replacen(
        "                    stance: Supports,\n",
        "                    stance: Supports,\n                    interested: \"nobody\",\n",
        1,
    );
    let got = problems("interested.ron", &text);
    let errors: Vec<_> = got.iter().filter(|p| p.2 == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].3.contains("unknown actor \"nobody\""),
        "{errors:#?}"
    );
    // The inserted line follows `stance` (line 48); the column is that of the id's quote.
    assert_eq!((errors[0].0, errors[0].1), (49, 33), "{errors:#?}");
}

#[test]
fn devices_and_pipes_are_refused_before_they_are_read() {
    #[cfg(unix)]
    {
        let zero = model::load_path(std::path::Path::new("/dev/zero")).unwrap_err();
        assert!(
            zero.lines()[0].contains("not a regular file"),
            "{:?}",
            zero.lines()
        );
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.ron");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a FIFO for reading would block for ever; it is refused instead.
            let e = model::load_path(&fifo).unwrap_err();
            assert!(e.lines()[0].contains("not a regular file"));
            let imported = proxyline::import::import(
                &[fifo],
                None,
                &proxyline::import::Options::default(),
                &mut |_| {},
            )
            .unwrap_err();
            assert!(imported.message.contains("not a regular file"));
        }
    }
}

#[test]
fn a_count_whose_max_is_below_its_min_says_both() {
    let text = include_str!("fixtures/minimal.ron")
        .replace("killed: (min: 1, max: 2,", "killed: (min: 10, max: 3,");
    let found = problems("minimal.ron", &text);
    assert!(
        found
            .iter()
            .any(|(_, _, _, m)| m.contains("max 3 is below min 10")),
        "{found:?}"
    );
}

#[test]
fn a_cycle_of_parents_is_an_error_and_a_deep_chain_is_not() {
    let actor = |id: &str, parent: Option<&str>| model::Actor {
        id: id.to_owned(),
        name: id.to_owned(),
        aliases: Vec::new(),
        kind: model::ActorKind::Other,
        founded: None,
        dissolved: None,
        parent: parent.map(str::to_owned),
        description: String::new(),
        sources: Vec::new(),
    };
    let mut case = proxyline::synth::case(0, 1, 1);
    case.actors.push(actor("a", Some("b")));
    case.actors.push(actor("b", Some("a")));
    let text = model::to_ron(&case).unwrap();
    let e = model::load_text("cycle.ron", &text).unwrap_err();
    assert!(
        e.lines().iter().any(|l| l.contains("is its own ancestor")),
        "{:?}",
        e.lines()
    );

    let mut deep = proxyline::synth::case(0, 1, 1);
    deep.actors.push(actor("p0", None));
    for i in 1..3000 {
        deep.actors
            .push(actor(&format!("p{i}"), Some(&format!("p{}", i - 1))));
    }
    let text = model::to_ron(&deep).unwrap();
    assert!(model::load_text("deep.ron", &text).is_ok());
}

#[test]
fn ids_with_invisible_or_foreign_characters_are_errors_shown_escaped_and_short() {
    let text = include_str!("fixtures/minimal.ron")
        .replace(r#"Actor(id: "brigade","#, "Actor(id: \"brig\u{200b}ade\",");
    let found = problems("ids.ron", &text);
    let (line, column, severity, message) = found
        .iter()
        .find(|p| p.3.contains("may use only lowercase ASCII"))
        .cloned()
        .unwrap_or_else(|| panic!("no id error in {found:?}"));
    assert_eq!(severity, Severity::Error);
    assert!(message.contains(r"brig\u{200b}ade"), "{message}");
    let at = text.find("\"brig\u{200b}ade\"").unwrap();
    let (l, c) = model::load::line_col(&text, at);
    assert_eq!((line, column), (l, c), "{message}");

    let long = "X".repeat(100_000);
    let text = include_str!("fixtures/minimal.ron")
        .replace(r#"Actor(id: "brigade","#, &format!("Actor(id: \"{long}\","));
    let found = problems("long.ron", &text);
    let longest = found.iter().map(|p| p.3.len()).max().unwrap_or(0);
    assert!(longest < 400, "a message of {longest} bytes");
    assert!(
        found.iter().any(|p| p.3.contains("(100000 characters)")),
        "{found:?}"
    );
}

#[cfg(unix)]
#[test]
fn saves_write_through_links_keep_permissions_and_leave_devices_in_place() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let dir = tempfile::tempdir().unwrap();
    let case = model::load_text("m.ron", include_str!("fixtures/minimal.ron"))
        .unwrap()
        .case;
    // A symbolic link stays a link; the file it names gets the new contents.
    let real = dir.path().join("real.ron");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    model::save_path(&case, &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let saved = std::fs::read_to_string(&real).unwrap();
    assert!(saved.contains("Example case"), "{saved}");
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o777, 0o640);

    // A hard link is not broken: both names see the save.
    let other = dir.path().join("other.ron");
    std::fs::hard_link(&real, &other).unwrap();
    let mut renamed = case.clone();
    renamed.title = "Renamed".to_owned();
    model::save_path(&renamed, &real).unwrap();
    assert!(std::fs::read_to_string(&other).unwrap().contains("Renamed"));

    // A device is written, not replaced by a file.
    model::load::write_atomic(b"nothing", std::path::Path::new("/dev/null")).unwrap();
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());

    // An error names the target, not a temporary file.
    let missing = dir.path().join("no-such-folder").join("case.ron");
    let e = model::save_path(&case, &missing).unwrap_err().to_string();
    assert!(
        e.contains("no-such-folder/case.ron") && !e.contains(".proxyline-"),
        "{e}"
    );
}

#[test]
fn saving_an_edited_story_rewrites_only_the_stories_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.ron");
    let original = model::DEFAULT_CASE_RON;
    std::fs::write(&path, original).unwrap();
    let mut case = model::load_path(&path).unwrap().case;
    case.stories[0].steps[0].caption = "An edited caption.".to_owned();
    let kept = model::splice::save_keeping_text(&case, &path, None).unwrap();
    assert!(kept, "the file's own text was kept");
    let saved = std::fs::read_to_string(&path).unwrap();
    // Everything before the stories list is byte for byte the original, comments included.
    let at = original.find("\n    stories: [").unwrap();
    assert_eq!(&saved[..at], &original[..at]);
    assert_eq!(
        saved.matches("//").count(),
        original.matches("//").count(),
        "no comment lost"
    );
    assert!(saved.ends_with(")\n") || saved.ends_with(')'));
    assert_eq!(model::load_path(&path).unwrap().case, case);

    // A file changed on disk beyond its stories is written whole (nothing is spliced into a
    // text that no longer is the case).
    let mut other = case.clone();
    other.title = "Another title".to_owned();
    assert!(!model::splice::save_keeping_text(&other, &path, None).unwrap());
    assert_eq!(model::load_path(&path).unwrap().case, other);
}
