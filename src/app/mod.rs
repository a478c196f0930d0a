//! The app: owns the open case and the shared state, and hands each concern to a module of its
//! own: [`workspace`] (what persists), `files` (open, save, export, file dialogs), `derived`
//! (verdicts, lanes and counts, recomputed when their inputs change), `command_handling` (the
//! one place where commands change state), `keys`, `present`, `layout` (the frame and its
//! panels) and `dialogs`. The views read a [`ViewCtx`](crate::ui::ViewCtx) and send commands.

mod command_handling;
mod derived;
mod dialogs;
mod files;
mod import;
pub mod jobs;
mod keys;
mod layout;
mod present;
pub mod recovery;
pub mod workspace;

use std::path::PathBuf;

use eframe::egui::{self, util::undoer::Undoer};

pub use workspace::Workspace;

use jobs::Jobs;

use crate::attribution::{Standard, Verdict};
use crate::command::CommandSender;
use crate::model::{self, Case, Grade, Loaded, Story};
use crate::ui::{
    details::DetailsView, network::NetworkView, stories::StoriesView, timeline::TimelineView,
    top_bar::TopBar,
};
use derived::{CountsKey, LaneKey, VerdictKey};

/// The proxyline application.
pub struct ProxylineApp {
    /// The open case, shared with background work that reads it (building a large case's lanes);
    /// changed through `Arc::make_mut`, which copies it only while such work still reads it.
    pub case: std::sync::Arc<Case>,
    /// Where it came from (`None`: the built-in case).
    pub path: Option<PathBuf>,
    /// Persisted preferences (the views' own settings are taken from the views when saving:
    /// see [`Self::workspace_to_save`]).
    pub workspace: Workspace,
    /// The timeline view.
    pub timeline: TimelineView,
    /// The network view.
    pub network: NetworkView,
    /// The selected event.
    pub selected_event: Option<usize>,
    /// Evaluate as known on this date (`None`: everything known). Not persisted: a restart
    /// shows everything known.
    pub as_of: Option<crate::model::PartialDate>,
    /// The selected actor.
    pub selected_actor: Option<String>,
    /// The brushed day range of the timeline (narrows the overview and the network).
    pub brush: Option<(i32, i32)>,
    /// How many events have each verdict under the active standard (legend order).
    verdict_counts: [usize; derived::LEGEND.len()],
    /// For the selected actor (and whether sponsored groups count, and the case size): how
    /// many events the timeline highlights.
    actor_events: (Option<(String, bool, usize)>, usize),
    /// The actors whose events the timeline highlights: the selected one, and what it
    /// sponsors when the timeline includes them.
    highlighted_actors: Option<std::collections::HashSet<String>>,
    /// The actors (indices) of the events in the brushed range.
    brushed_actors: std::collections::HashSet<usize>,
    /// Distinct countries of the case's events, sorted (for the country filter).
    countries: Vec<String>,
    /// How many events have their verdicts (the evaluation runs over several frames on a large
    /// case).
    verdicts_done: usize,
    /// Per event, its verdict under each standard (in `Standard::ALL` order).
    event_verdicts: Vec<[Verdict; Standard::ALL.len()]>,
    /// The standard and progress the timeline's colours were taken for.
    colours_for: Option<(Standard, usize)>,
    /// Problems of the last file that failed to open (file name, lines).
    pub problems: Option<(String, Vec<String>)>,
    /// Warnings of the open case.
    pub warnings: Vec<String>,
    /// A short status message.
    pub status: String,
    /// The story being presented and its step, in presentation mode.
    pub presenting: Option<(usize, usize)>,
    /// The story editor.
    pub stories: StoriesView,
    /// The timeline window and selection before presenting, restored afterwards.
    before_presenting: Option<(f64, f64, Option<usize>)>,
    /// Undo history of the stories (the only part of the case edited in the app).
    undoer: Undoer<Vec<Story>>,
    /// The stories as last opened or saved, to know whether there are unsaved edits.
    saved_stories: Vec<Story>,
    /// The recovery copy of unsaved story edits (set its `dir` to keep one).
    pub recovery: recovery::RecoveryState,
    /// The import running in the background (its job id), if any.
    importing: Option<u64>,
    /// The summary of the last import, shown until dismissed.
    pub import_summary: Option<crate::import::Summary>,
    /// Events were imported and not saved since.
    pub unsaved_import: bool,
    /// An action waiting for the answer to "save the changes first?".
    pub pending: Option<Pending>,
    /// Theme settings last applied to the context (dark, scale, presenting).
    applied_theme: Option<(bool, u32, bool)>,
    /// What the app asked of the window: full screen, closing.
    window: WindowState,
    /// Save a screenshot here once the view has settled, then close (`--screenshot`).
    pub screenshot_and_quit: Option<PathBuf>,
    /// Set when the `--screenshot` image could not be written (the process then exits 1).
    pub screenshot_failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The top bar (its search box is where Ctrl+F goes).
    top_bar: TopBar,
    /// Whether a widget had the keyboard focus at the end of the last frame.
    focus_last_frame: bool,
    /// Present the first story once the case has opened (`--present`).
    pub present_when_ready: bool,
    /// Select the event with this id once the case has opened (`--event`).
    pub select_when_ready: Option<String>,
    /// Choose the story with this id once the case has opened (`--story`).
    pub story_when_ready: Option<String>,
    /// Frames drawn so far (for `--screenshot`).
    frames: u64,
    /// The system clipboard, opened on the first copy and kept open.
    clipboard: Option<arboard::Clipboard>,
    /// Background work (opening large files, writing PNGs), polled once per frame.
    jobs: Jobs,
    /// The background open whose result counts (a newer choice replaces it).
    opening: Option<u64>,
    details: DetailsView,
    /// The presented step's reasoning, fitted to the screen.
    slide: crate::ui::slide::SlideView,
    /// The selected actor's card.
    actor_card: crate::ui::actor_card::ActorCard,
    /// Per standard, how many events (in the brushed range, if any) it finds met.
    met_counts: Vec<(Standard, usize)>,
    commands: CommandSender,
    verdicts: Vec<Verdict>,
    /// What the verdicts were computed for: standard, bar, number of events.
    verdicts_for: Option<VerdictKey>,
    /// What the overview counts were computed for: the verdicts and the brushed range.
    counts_for: Option<CountsKey>,
    /// What the lanes were computed for: filter, lane mode, number of events.
    lanes_for: Option<LaneKey>,
    /// A lane key that differs from `lanes_for`, and since when (input time, seconds).
    lanes_changed: Option<(LaneKey, f64)>,
    /// The job arranging a large case's lanes, and for what.
    lanes_job: Option<(u64, LaneKey)>,
    /// The job laying out a large case's network.
    network_job: Option<u64>,
    /// Whether the list of keyboard shortcuts is open.
    keys_list: Shown,
}

impl ProxylineApp {
    /// The app on a loaded case.
    #[must_use]
    pub fn new(loaded: Loaded, path: Option<PathBuf>, workspace: Workspace) -> Self {
        let (timeline, network) = (
            TimelineView::from_prefs(&workspace.timeline),
            NetworkView::from_prefs(&workspace.network),
        );
        let mut app = Self {
            case: std::sync::Arc::new(loaded.case),
            path,
            workspace,
            selected_event: None,
            selected_actor: None,
            brush: None,
            as_of: None,
            countries: Vec::new(),
            brushed_actors: std::collections::HashSet::new(),
            actor_events: (None, 0),
            highlighted_actors: None,
            verdict_counts: [0; derived::LEGEND.len()],
            event_verdicts: Vec::new(),
            colours_for: None,
            verdicts_done: 0,
            problems: None,
            warnings: loaded.warnings.iter().map(ToString::to_string).collect(),
            status: String::new(),
            presenting: None,
            stories: StoriesView::default(),
            timeline,
            network,
            before_presenting: None,
            undoer: Undoer::default(),
            saved_stories: Vec::new(),
            recovery: recovery::RecoveryState::default(),
            pending: None,
            importing: None,
            import_summary: None,
            unsaved_import: false,
            applied_theme: None,
            window: WindowState::default(),
            clipboard: None,
            jobs: Jobs::default(),
            opening: None,
            screenshot_and_quit: None,
            screenshot_failed: std::sync::Arc::default(),
            focus_last_frame: false,
            top_bar: TopBar::default(),
            present_when_ready: false,
            select_when_ready: None,
            story_when_ready: None,
            frames: 0,
            details: DetailsView,
            slide: crate::ui::slide::SlideView::default(),
            actor_card: crate::ui::actor_card::ActorCard::default(),
            met_counts: Vec::new(),
            commands: CommandSender::default(),
            verdicts: Vec::new(),
            verdicts_for: None,
            counts_for: None,
            lanes_for: None,
            lanes_changed: None,
            lanes_job: None,
            network_job: None,
            keys_list: Shown::Hidden,
        };
        app.on_new_case();
        app
    }

    /// Opens the built-in case.
    #[must_use]
    pub fn with_default_case(workspace: Workspace) -> Self {
        match model::load_text(model::DEFAULT_CASE_NAME, model::DEFAULT_CASE_RON) {
            Ok(loaded) => Self::new(loaded, None, workspace),
            Err(e) => {
                let mut app = Self::new(
                    Loaded {
                        case: empty_case(),
                        warnings: Vec::new(),
                    },
                    None,
                    workspace,
                );
                app.problems = Some((model::DEFAULT_CASE_NAME.to_owned(), e.lines()));
                app
            }
        }
    }

    /// Queues a command, as a view or a key would; it is applied at the end of the next frame.
    pub fn send(&mut self, command: crate::command::Command) {
        self.commands.send(command);
    }

    /// The evidence bar.
    #[must_use]
    pub fn bar(&self) -> Grade {
        Grade::parse(&self.workspace.bar).unwrap_or_default()
    }

    /// The candidate state: the case's default state or its first state.
    #[must_use]
    pub fn state(&self) -> String {
        crate::graph::candidate_states(&self.case)
            .first()
            .map(|s| (*s).to_owned())
            .unwrap_or_default()
    }

    /// The preferences as they stand, with the views' settings taken from the views.
    #[must_use]
    pub fn workspace_to_save(&self) -> Workspace {
        Workspace {
            timeline: self.timeline.prefs(),
            network: self.network.prefs(),
            ..self.workspace.clone()
        }
    }

    /// Whether the stories have edits that are not saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.unsaved_import || self.case.stories != self.saved_stories
    }
}

/// Whether a secondary window (the list of shortcuts) is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Shown {
    /// Not shown.
    #[default]
    Hidden,
    /// Shown.
    Open,
}

/// What the app asked of the window (sent to it from `frame_ui`, the one place that does).
#[derive(Clone, Copy, Debug, Default)]
struct WindowState {
    /// Whether the window was last made full screen (it is while a story is presented).
    fullscreen: bool,
    /// Close the window on the next frame.
    close_now: bool,
    /// The user agreed to close without saving.
    allow_close: bool,
}

/// An action that waits for the answer to "save the changes first?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Open this file.
    Open(PathBuf),
    /// Show the open-file dialog.
    OpenDialog,
    /// Open the built-in case.
    OpenDefault,
    /// Close the window.
    Close,
}

/// An empty case, used when even the built-in case cannot load.
fn empty_case() -> Case {
    Case::empty(
        "No case".to_owned(),
        model::PartialDate::year(1979),
        model::PartialDate::year(2021),
    )
}

impl eframe::App for ProxylineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // Closing while presenting remembers the view from before the presentation.
        let mut workspace = self.workspace_to_save();
        if let Some((from, to, _)) = self.before_presenting {
            workspace.timeline.from = from;
            workspace.timeline.to = to;
        }
        eframe::set_value(storage, eframe::APP_KEY, &workspace);
    }
}
