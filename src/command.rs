//! What views may ask the app to do. Views never change the case or the shared state directly:
//! they push a [`Command`] and the app applies all of them in one place each frame.

use std::path::PathBuf;

use crate::attribution::Standard;
use crate::model::Grade;
use crate::query::Filter;

/// A request from a view to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Select an event by index (or clear the selection).
    SelectEvent(Option<usize>),
    /// Selects an event and zooms the timeline to the months around it (a search match).
    GoToEvent(usize),
    /// Select an actor by id (or clear it).
    SelectActor(Option<String>),
    /// Step to the next (+1) or previous (-1) visible event.
    StepEvent(i32),
    /// Show the open-file dialog.
    OpenDialog,
    /// Open a file.
    Open(PathBuf),
    /// Reopen the built-in case.
    OpenDefault,
    /// Ask for dataset files (GTD, ACLED, mapped CSV), then import them into the open case in
    /// the background.
    ImportDialog,
    /// Import these dataset files into the open case in the background.
    Import(Vec<PathBuf>),
    /// Close the summary of the last import.
    DismissImportSummary,
    /// Save to the current file (or ask where).
    Save,
    /// Ask where to save, then save.
    SaveAs,
    /// Ask where, then export the visible events (or only the selected one) as CSV.
    ExportCsv {
        /// Only the selected event, instead of every visible one.
        selected_only: bool,
    },
    /// Ask where, then write the Markdown brief of the selected event.
    ExportBrief,
    /// Set the active standard.
    SetStandard(Standard),
    /// Set the evidence bar.
    SetBar(Grade),
    /// Evaluate as known on a date (`None`: everything known).
    SetAsOf(Option<crate::model::PartialDate>),
    /// Toggle dark/light.
    ToggleTheme,
    /// Copy text to the clipboard.
    Copy(String),
    /// Open an address in the browser.
    OpenUrl(String),
    /// Close the problems window.
    DismissProblems,
    /// Brush a day window on the timeline (narrows the other views), or clear it.
    Brush(Option<(i32, i32)>),
    /// Present a story (index into `case.stories`) from its first step, full screen.
    Present(usize),
    /// Leave presentation mode.
    StopPresenting,
    /// Go forward (+1) or back (-1) in the story being presented.
    PresentStep(i32),
    /// Show a step of a story (its time window, selection and caption) without presenting.
    ShowStep {
        /// Story index.
        story: usize,
        /// Step index.
        step: usize,
    },
    /// Change the case's stories (undoable).
    EditStory(StoryEdit),
    /// Undo the last story edit.
    Undo,
    /// Redo the last undone story edit.
    Redo,
    /// Ask where, then save the window as a PNG image.
    ExportPng,
    /// Ask where, then write a story's sourced brief (Markdown).
    ExportStoryBrief(usize),
    /// Change the type scale of the current mode (normal or presenting) by a factor.
    ScaleType(f32),
    /// Replace the filter (search, kinds, deaths, actor, country, years).
    SetFilter(Filter),
    /// Open or close the story editor.
    ShowStories(bool),
    /// Show or hide the list of keyboard shortcuts.
    ShowKeys(bool),
    /// Zoom the timeline by a factor about its middle (below 1 zooms in).
    ZoomTimeline(f64),
    /// Pan the timeline by a fraction of its width (negative: back in time).
    PanTimeline(f64),
    /// Fit the timeline to the whole case.
    FitTimeline,
    /// The answer to "save the changes first?".
    AnswerUnsaved(UnsavedAnswer),
    /// The window is asked to close while stories have unsaved edits: ask first.
    AskBeforeClosing,
    /// Lay out and measure a large case's network in the background (the network view asks).
    LayOutNetwork,
    /// The answer to the offer of recovered story edits: restore them (`true`) or discard them.
    AnswerRecovery(bool),
}

/// The answers to "the stories have unsaved changes: save them first?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Save, then go on with the waiting action.
    Save,
    /// Go on without saving.
    DontSave,
    /// Drop the waiting action.
    Cancel,
}

/// An edit of the case's stories, applied by the app (and undoable there).
#[derive(Clone, Debug, PartialEq)]
pub enum StoryEdit {
    /// Add an empty story.
    New,
    /// Rename a story.
    Rename {
        /// Story index.
        story: usize,
        /// The new title.
        title: String,
    },
    /// Delete a story.
    Delete {
        /// Story index.
        story: usize,
    },
    /// Add the current view (time window, selected event) as the story's last step.
    AddCurrentView {
        /// Story index.
        story: usize,
    },
    /// Move a step from one place to another.
    MoveStep {
        /// Story index.
        story: usize,
        /// Current position.
        from: usize,
        /// New position.
        to: usize,
    },
    /// Delete a step.
    DeleteStep {
        /// Story index.
        story: usize,
        /// Step index.
        step: usize,
    },
    /// Set a step's caption.
    Caption {
        /// Story index.
        story: usize,
        /// Step index.
        step: usize,
        /// The caption.
        text: String,
    },
}

/// Collects commands during a frame.
#[derive(Debug, Default)]
pub struct CommandSender {
    queue: Vec<Command>,
}

impl CommandSender {
    /// Queues a command.
    pub fn send(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// Takes all queued commands.
    pub fn drain(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.queue)
    }
}
