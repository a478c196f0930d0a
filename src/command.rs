//! What views may ask the app to do. Views never change the case or the shared state directly:
//! they push a [`Command`] and the app applies all of them in one place each frame.

use std::path::PathBuf;

use crate::attribution::Standard;
use crate::model::Grade;

/// A request from a view to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Select an event by index (or clear the selection).
    SelectEvent(Option<usize>),
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
    /// Save to the current file (or ask where).
    Save,
    /// Ask where to save, then save.
    SaveAs,
    /// Ask where, then export the visible events as CSV.
    ExportCsv,
    /// Ask where, then write the Markdown brief of the selected event.
    ExportBrief,
    /// Set the active standard.
    SetStandard(Standard),
    /// Set the evidence bar.
    SetBar(Grade),
    /// Toggle dark/light.
    ToggleTheme,
    /// Copy text to the clipboard.
    Copy(String),
    /// Open an address in the browser.
    OpenUrl(String),
    /// Close the problems window.
    DismissProblems,
    /// Filter the timeline to a day window (brushing), or clear it.
    Brush(Option<(i32, i32)>),
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
