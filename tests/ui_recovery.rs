//! Crash recovery of story edits, as a user meets it: an edit left unsaved is copied to the data
//! folder after a pause, and the next window on that case offers to restore it.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod common;

use common::{default_app, harness};
use egui_kittest::kittest::Queryable as _;
use proxyline::command::{Command, StoryEdit};

#[test]
fn unsaved_story_edits_survive_a_crash_and_are_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(proxyline::app::recovery::FILE);

    // A session edits a caption and never saves (the process dies).
    let mut app = default_app();
    app.recovery.dir = Some(dir.path().to_owned());
    app.recovery.idle = Some(0.0);
    let mut h = harness(app);
    h.state_mut().send(Command::EditStory(StoryEdit::Caption {
        story: 0,
        step: 0,
        text: "A caption typed before the crash.".to_owned(),
    }));
    h.run_steps(4);
    assert!(copy.exists(), "a recovery copy is kept after the pause");
    drop(h);

    // The next window on the same case offers the edits back.
    let mut app = default_app();
    app.recovery.dir = Some(dir.path().to_owned());
    app.look_for_recovery();
    let mut h = harness(app);
    assert!(h.query_by_label("Unsaved story edits found").is_some());
    h.get_by_label("Restore the edits").click();
    h.run_steps(3);
    assert!(h.query_by_label("Unsaved story edits found").is_none());
    assert_eq!(
        h.state().case.stories[0].steps[0].caption,
        "A caption typed before the crash."
    );
    assert!(h.state().is_dirty(), "restored edits are still unsaved");

    // Discarding removes the copy: nothing is offered again.
    let mut app = default_app();
    app.recovery.dir = Some(dir.path().to_owned());
    app.look_for_recovery();
    let mut h = harness(app);
    h.get_by_label("Discard the copy").click();
    h.run_steps(3);
    assert!(!copy.exists());
    assert_ne!(
        h.state().case.stories[0].steps[0].caption,
        "A caption typed before the crash."
    );
}
