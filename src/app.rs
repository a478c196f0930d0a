//! The app: owns the open case and the shared state, lays out the panels, and applies the
//! commands the views emit — in one place, once per frame. File dialogs live here only.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use eframe::egui::{self, Key, RichText, util::undoer::Undoer};

use crate::attribution::{self, Standard, Verdict};
use crate::command::{Command, CommandSender, StoryEdit};
use crate::model::{self, Case, Grade, LoadError, Loaded, PartialDate, Step, Story};
use crate::query::{self, Filter};
use crate::ui::{
    ViewCtx, details::DetailsView, network::NetworkView, stories, stories::StoriesView, theme,
    timeline::TimelineView,
};

/// What persists across restarts (UI preferences only; case data goes through load/save).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Workspace {
    /// Dark theme.
    pub dark: bool,
    /// The active standard.
    pub standard: Standard,
    /// The evidence bar as text (e.g. "C3").
    pub bar: String,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// The file that was open (none for the built-in case).
    pub open_file: Option<PathBuf>,
    /// The filter.
    pub filter: Filter,
    /// The timeline's window and lanes.
    pub timeline: TimelineView,
    /// The network's settings.
    pub network: NetworkView,
    /// Type scale of the normal view (Ctrl +/- changes it).
    pub ui_scale: f32,
    /// Type scale of presentation mode (Ctrl +/- while presenting changes it).
    pub present_scale: f32,
}

impl Default for Workspace {
    fn default() -> Self {
        Self {
            dark: true,
            standard: Standard::EffectiveControl,
            bar: "C3".to_owned(),
            recent: Vec::new(),
            open_file: None,
            filter: Filter::default(),
            timeline: TimelineView::default(),
            network: NetworkView::default(),
            ui_scale: 1.0,
            present_scale: 1.35,
        }
    }
}

/// What the verdicts were computed for: the bar and the number of events.
type VerdictKey = (String, usize);

/// What the lanes were computed for: the filter, the lane mode, the number of events.
type LaneKey = (Filter, crate::query::LaneMode, usize);

/// What the overview counts were computed for: the verdicts, how many are done, the brush.
type CountsKey = (VerdictKey, usize, Option<(i32, i32)>);

/// The proxyline application.
pub struct ProxylineApp {
    /// The open case.
    pub case: Case,
    /// Where it came from (`None`: the built-in case).
    pub path: Option<PathBuf>,
    /// Persisted preferences.
    pub workspace: Workspace,
    /// The selected event.
    pub selected_event: Option<usize>,
    /// The selected actor.
    pub selected_actor: Option<String>,
    /// The brushed day range of the timeline (narrows the overview and the network).
    pub brush: Option<(i32, i32)>,
    /// How many events have each verdict under the active standard (legend order).
    verdict_counts: [usize; 4],
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
    /// An action waiting for the answer to "save the changes first?".
    pub pending: Option<Pending>,
    /// The user agreed to close without saving.
    allow_close: bool,
    /// Theme settings last applied to the context (dark, scale, presenting).
    applied_theme: Option<(bool, u32, bool)>,
    /// Viewport commands to send on the next frame (full screen on and off).
    viewport_commands: Vec<egui::ViewportCommand>,
    /// Save a screenshot here once the view has settled, then close (`--screenshot`).
    pub screenshot_and_quit: Option<PathBuf>,
    /// The search box's widget id (for Ctrl+F).
    search_id: Option<egui::Id>,
    /// Whether a widget had the keyboard focus at the end of the last frame.
    focus_last_frame: bool,
    /// Present the first story once the case has opened (`--present`).
    pub present_when_ready: bool,
    /// Frames drawn so far (for `--screenshot`).
    frames: u64,
    /// A file being opened on a background thread, and where its result arrives.
    loading: Option<(
        PathBuf,
        std::sync::mpsc::Receiver<Result<Loaded, LoadError>>,
    )>,
    /// Outcome of a PNG export, written by the screenshot callback.
    png_status: Arc<Mutex<Option<String>>>,
    details: DetailsView,
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
}

impl ProxylineApp {
    /// The app on a loaded case.
    #[must_use]
    pub fn new(loaded: Loaded, path: Option<PathBuf>, workspace: Workspace) -> Self {
        let mut app = Self {
            case: loaded.case,
            path,
            workspace,
            selected_event: None,
            selected_actor: None,
            brush: None,
            countries: Vec::new(),
            brushed_actors: std::collections::HashSet::new(),
            actor_events: (None, 0),
            highlighted_actors: None,
            verdict_counts: [0; 4],
            event_verdicts: Vec::new(),
            colours_for: None,
            verdicts_done: 0,
            problems: None,
            warnings: loaded.warnings.iter().map(ToString::to_string).collect(),
            status: String::new(),
            presenting: None,
            stories: StoriesView::default(),
            before_presenting: None,
            undoer: Undoer::default(),
            saved_stories: Vec::new(),
            pending: None,
            allow_close: false,
            applied_theme: None,
            viewport_commands: Vec::new(),
            png_status: Arc::new(Mutex::new(None)),
            loading: None,
            screenshot_and_quit: None,
            focus_last_frame: false,
            search_id: None,
            present_when_ready: false,
            frames: 0,
            details: DetailsView::default(),
            commands: CommandSender::default(),
            verdicts: Vec::new(),
            verdicts_for: None,
            counts_for: None,
            lanes_for: None,
            lanes_changed: None,
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

    /// Opens a file, or keeps the current case and shows the file's problems.
    pub fn open_path(&mut self, path: &Path) {
        // A newer choice wins over a file still loading in the background.
        self.loading = None;
        let result = model::load_path(path);
        self.finish_open(path, result);
    }

    /// Opens a file: small files at once, large ones on a background thread (the open case
    /// stays usable and the status bar shows the progress meanwhile).
    pub fn open_path_in_background(&mut self, path: PathBuf) {
        /// Files up to this size open at once.
        const AT_ONCE: u64 = 8 * 1024 * 1024;
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        if size <= AT_ONCE {
            self.open_path(&path);
            return;
        }
        self.loading = None;
        let (tx, rx) = std::sync::mpsc::channel();
        let thread_path = path.clone();
        let spawned = std::thread::Builder::new()
            .name("open-case".to_owned())
            .spawn(move || {
                // The receiver may be gone if the app closed meanwhile; nothing to do then.
                let _ = tx.send(model::load_path(&thread_path));
            });
        match spawned {
            Ok(_) => {
                self.status = format!(
                    "Opening {} ({} MiB)\u{2026}",
                    path.display(),
                    size / (1024 * 1024)
                );
                self.loading = Some((path, rx));
            }
            Err(_) => self.open_path(&path),
        }
    }

    /// Takes the result of a background open when it has arrived.
    fn poll_loading(&mut self) {
        let Some((path, rx)) = self.loading.take() else {
            return;
        };
        match rx.try_recv() {
            // Story edits made while the file loaded are not dropped: ask first (the file is
            // read again on "Don't save" or after saving).
            Ok(_) if self.is_dirty() => self.pending = Some(Pending::Open(path)),
            Ok(result) => self.finish_open(&path, result),
            Err(std::sync::mpsc::TryRecvError::Empty) => self.loading = Some((path, rx)),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.status = format!("Could not open {}: the loader stopped", path.display());
            }
        }
    }

    /// Applies the outcome of opening a file: the new case, or its problems (the open case
    /// stays open).
    fn finish_open(&mut self, path: &Path, result: Result<Loaded, LoadError>) {
        match result {
            Ok(loaded) => {
                self.case = loaded.case;
                self.warnings = loaded.warnings.iter().map(ToString::to_string).collect();
                self.path = Some(path.to_owned());
                self.workspace.open_file = Some(path.to_owned());
                self.workspace.recent.retain(|p| p != path);
                self.workspace.recent.insert(0, path.to_owned());
                self.workspace.recent.truncate(8);
                self.problems = None;
                self.status = format!("Opened {}", path.display());
                self.on_new_case();
                self.fit_filters_to_case();
            }
            Err(e) => {
                let file = path.display().to_string();
                self.status = format!("Could not open {file}: the open case stays open");
                self.problems = Some((file, e.lines()));
                if matches!(e, LoadError::Io { .. }) {
                    self.workspace.recent.retain(|p| p != path);
                }
            }
        }
    }

    fn on_new_case(&mut self) {
        self.saved_stories.clone_from(&self.case.stories);
        self.undoer = Undoer::default();
        if self.presenting.take().is_some() {
            self.viewport_commands
                .push(egui::ViewportCommand::Fullscreen(false));
        }
        self.stories.story = 0;
        self.workspace.timeline.reveal_lane_of(None);
        self.selected_event = None;
        self.selected_actor = None;
        self.workspace.network.on_new_case(&self.case);
        self.verdicts_for = None;
        self.counts_for = None;
        self.lanes_for = None;
        self.brush = None;
        // Distinct and sorted: the set does both.
        self.countries = self
            .case
            .events
            .iter()
            .map(|e| e.place.country.as_str())
            .filter(|c| !c.is_empty())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let tl = &self.workspace.timeline;
        let (first, last) = (self.case.start.first_day(), self.case.end.last_day());
        if tl.to <= tl.from + 1.0 || tl.to < f64::from(first) || tl.from > f64::from(last) {
            self.workspace.timeline.fit(first, last);
        }
    }

    /// Clears remembered filters that name something the open case lacks (they would hide
    /// everything). Not done for the built-in case opened at start-up when a file follows.
    fn fit_filters_to_case(&mut self) {
        let filter = &mut self.workspace.filter;
        if filter
            .actor
            .as_ref()
            .is_some_and(|a| self.case.actor(a).is_none())
        {
            filter.actor = None;
        }
        if filter
            .country
            .as_ref()
            .is_some_and(|c| !self.countries.contains(c))
        {
            filter.country = None;
        }
        let (first, last) = (self.case.start.first_day(), self.case.end.last_day());
        if filter.window.is_some_and(|(a, b)| b < first || a > last) {
            filter.window = None;
        }
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

    /// Evaluates the next events' verdicts: all of them for a small case, else as many as fit
    /// in a few milliseconds, so that a case of a million events keeps the window responsive
    /// (the status shows the progress; unevaluated events are drawn as n/a meanwhile).
    fn evaluate_some(&mut self) {
        /// Cases up to this size are evaluated in one go.
        const AT_ONCE: usize = 20_000;
        /// Time budget per frame for larger cases.
        const BUDGET: std::time::Duration = std::time::Duration::from_millis(12);
        let (state, bar) = (self.state(), self.bar());
        // The state's organs are worked out once per batch, not per event.
        let evaluator = attribution::Evaluator::new(&self.case, &state);
        let start = std::time::Instant::now();
        let n = self.case.events.len();
        let mut i = self.verdicts_done;
        while i < n {
            // Every standard at once: switching the standard later needs no re-evaluation.
            let findings = evaluator.evaluate_all(&self.case.events[i], bar);
            for (slot, f) in self.event_verdicts[i].iter_mut().zip(&findings) {
                *slot = f.verdict;
            }
            i += 1;
            if n > AT_ONCE && i.is_multiple_of(256) && start.elapsed() > BUDGET {
                break;
            }
        }
        self.verdicts_done = i;
    }

    /// Recomputes verdicts, lanes and the overview counts when their inputs changed. Returns
    /// whether work remains for the next frames. `now` is the input time in seconds.
    fn refresh(&mut self, now: f64) -> bool {
        // The bar and the case decide the verdicts; the standard only picks which are shown.
        let verdict_key = (self.workspace.bar.clone(), self.case.events.len());
        if self.verdicts_for.as_ref() != Some(&verdict_key) {
            // Start over: every event waits for its verdicts (drawn as n/a until then).
            let n = self.case.events.len();
            self.event_verdicts = vec![[Verdict::NotApplicable; Standard::ALL.len()]; n];
            self.verdicts_done = 0;
            self.verdicts_for = Some(verdict_key.clone());
            self.colours_for = None;
        }
        let busy = self.verdicts_done < self.case.events.len();
        if busy {
            self.evaluate_some();
        }
        // The timeline's colours and the legend's counts under the active standard.
        let standard = self.workspace.standard;
        let colours_key = (standard, self.verdicts_done);
        if self.colours_for != Some(colours_key) {
            let k = Standard::ALL
                .iter()
                .position(|s| *s == standard)
                .unwrap_or(0);
            self.verdicts = self.event_verdicts.iter().map(|v| v[k]).collect();
            self.verdict_counts = [0; 4];
            // Only evaluated events count (the rest are still waiting).
            for v in self.verdicts.iter().take(self.verdicts_done) {
                self.verdict_counts[verdict_slot(*v)] += 1;
            }
            self.colours_for = Some(colours_key);
        }
        // Counts over the brushed range when there is one, and the actors of its events: a
        // pass over the stored verdicts, with no re-evaluation.
        let counts_key = (verdict_key, self.verdicts_done, self.brush);
        if self.counts_for.as_ref() != Some(&counts_key) {
            let mut met = [0usize; Standard::ALL.len()];
            self.brushed_actors.clear();
            let actor_index = self
                .brush
                .map(|_| self.case.actor_indices())
                .unwrap_or_default();
            for (e, verdicts) in self.case.events.iter().zip(&self.event_verdicts) {
                if self
                    .brush
                    .is_some_and(|(a, b)| e.last_day() < a || e.first_day() > b)
                {
                    continue;
                }
                for id in e.candidates() {
                    self.brushed_actors.extend(actor_index.get(id).copied());
                }
                for (count, v) in met.iter_mut().zip(verdicts) {
                    *count += usize::from(*v == Verdict::Met);
                }
            }
            self.details.met_counts = Standard::ALL.into_iter().zip(met).collect();
            self.counts_for = Some(counts_key);
        }
        let lane_key = (
            self.workspace.filter.clone(),
            self.workspace.timeline.mode,
            self.case.events.len(),
        );
        // The selected actor's highlighted events, counted when the selection changes.
        let actor_key = self.selected_actor.clone().map(|a| {
            (
                a,
                self.workspace.timeline.with_sponsored,
                self.case.events.len(),
            )
        });
        if actor_key != self.actor_events.0 {
            self.highlighted_actors = actor_key.as_ref().map(|(a, with, _)| {
                if *with {
                    crate::graph::sponsored_by(&self.case, a)
                        .into_iter()
                        .map(str::to_owned)
                        .collect()
                } else {
                    std::collections::HashSet::from([a.clone()])
                }
            });
            let count = self.highlighted_actors.as_ref().map_or(0, |set| {
                self.case
                    .events
                    .iter()
                    .filter(|e| e.involved().any(|p| set.contains(p)))
                    .count()
            });
            self.actor_events = (actor_key, count);
        }
        let mut waiting = false;
        if self.lanes_for.as_ref() != Some(&lane_key) {
            // On a large case, wait until the search and filters have stood still for a moment,
            // so that typing a search does not rebuild a million-event index per keystroke.
            /// Cases from this size wait for the filter to settle.
            const LARGE: usize = 100_000;
            /// How long the filter must stand still, in seconds.
            const SETTLE: f64 = 0.35;
            let changed_at = match &self.lanes_changed {
                Some((key, at)) if *key == lane_key => *at,
                _ => {
                    self.lanes_changed = Some((lane_key.clone(), now));
                    now
                }
            };
            let first = self.lanes_for.is_none();
            if first || self.case.events.len() < LARGE || now - changed_at >= SETTLE {
                self.workspace.timeline.lanes = query::lanes(
                    &self.case,
                    &self.workspace.filter,
                    self.workspace.timeline.mode,
                );
                self.lanes_for = Some(lane_key);
                self.lanes_changed = None;
            } else {
                waiting = true;
            }
        }
        busy || waiting
    }

    /// Selects an event (or none) and brings it into view.
    fn select_event(&mut self, i: Option<usize>) {
        let i = i.filter(|&i| i < self.case.events.len());
        self.selected_event = i;
        self.workspace.timeline.reveal_lane_of(i);
        if let Some(e) = i.and_then(|i| self.case.events.get(i)) {
            self.workspace.timeline.reveal(e.first_day());
        }
    }

    /// Visible events in timeline order (lane by lane, by date).
    fn visible_order(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .workspace
            .timeline
            .lanes
            .iter()
            .flat_map(|l| l.events.iter().map(|&e| e as usize))
            .collect();
        all.retain(|&i| i < self.case.events.len());
        all.sort_by_key(|&i| {
            (
                self.case.events.get(i).map_or(0, model::Event::first_day),
                i,
            )
        });
        all
    }

    /// Whether the stories have edits that are not saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.case.stories != self.saved_stories
    }

    /// Enters presentation mode on a story (index into `case.stories`), at its first step.
    pub fn start_presenting(&mut self, story: usize) {
        let story = if story < self.case.stories.len() {
            story
        } else {
            0
        };
        let Some(s) = self.case.stories.get(story) else {
            "This case has no stories to present: open Stories to make one."
                .clone_into(&mut self.status);
            return;
        };
        if s.steps.is_empty() {
            self.status = format!("The story \"{}\" has no steps yet.", s.title);
            return;
        }
        self.stories.story = story;
        if self.presenting.is_none() {
            let tl = &self.workspace.timeline;
            self.before_presenting = Some((tl.from, tl.to, self.selected_event));
        }
        self.presenting = Some((story, 0));
        self.viewport_commands
            .push(egui::ViewportCommand::Fullscreen(true));
        self.show_step(story, 0);
    }

    /// Restores a story step: its time window, its event (selected, so the side panel and the
    /// network's chain follow) and, when presenting, its caption and sources.
    fn show_step(&mut self, story: usize, step: usize) {
        let Some(st) = self
            .case
            .stories
            .get(story)
            .and_then(|s| s.steps.get(step))
            .cloned()
        else {
            return;
        };
        let event = st.event.as_deref().and_then(|id| self.case.event_index(id));
        self.selected_event = event;
        self.workspace.timeline.reveal_lane_of(event);
        self.selected_actor = None;
        let tl = &mut self.workspace.timeline;
        match (
            st.start,
            st.end,
            event.and_then(|i| self.case.events.get(i)),
        ) {
            (Some(a), Some(b), _) => {
                tl.from = f64::from(a.first_day());
                tl.to = f64::from(b.last_day() + 1);
            }
            (_, _, Some(e)) => {
                let d = f64::from(e.first_day());
                tl.from = d - 365.25 * 3.0;
                tl.to = d + 365.25 * 3.0;
            }
            _ => {}
        }
    }

    /// Applies an edit to the stories.
    fn edit_story(&mut self, edit: StoryEdit) {
        let stories = &mut self.case.stories;
        match edit {
            StoryEdit::New => {
                let mut n = stories.len() + 1;
                while stories.iter().any(|s| s.id == format!("story-{n}")) {
                    n += 1;
                }
                stories.push(Story {
                    id: format!("story-{n}"),
                    title: format!("New story {n}"),
                    description: String::new(),
                    steps: Vec::new(),
                });
            }
            StoryEdit::Rename { story, title } => {
                if let Some(s) = stories.get_mut(story) {
                    s.title = title;
                }
            }
            StoryEdit::Delete { story } => {
                if story < stories.len() {
                    stories.remove(story);
                }
            }
            StoryEdit::AddCurrentView { story } => {
                let tl = &self.workspace.timeline;
                let step = Step {
                    event: self
                        .selected_event
                        .and_then(|i| self.case.events.get(i))
                        .map(|e| e.id.clone()),
                    // Replayed as [start, end + 1): store the last whole day in view.
                    start: Some(PartialDate::from_day(tl.from.round() as i32)),
                    end: Some(PartialDate::from_day(
                        ((tl.to - 1.0).round() as i32).max(tl.from.round() as i32),
                    )),
                    caption: String::new(),
                    sources: Vec::new(),
                };
                if let Some(s) = self.case.stories.get_mut(story) {
                    s.steps.push(step);
                    self.status = format!("Added step {} to \"{}\"", s.steps.len(), s.title);
                }
            }
            StoryEdit::MoveStep { story, from, to } => {
                if let Some(s) = stories.get_mut(story)
                    && from < s.steps.len()
                    && to < s.steps.len()
                {
                    let step = s.steps.remove(from);
                    s.steps.insert(to, step);
                }
            }
            StoryEdit::DeleteStep { story, step } => {
                if let Some(s) = stories.get_mut(story)
                    && step < s.steps.len()
                {
                    s.steps.remove(step);
                }
            }
            StoryEdit::Caption { story, step, text } => {
                if let Some(st) = stories.get_mut(story).and_then(|s| s.steps.get_mut(step)) {
                    st.caption = text;
                }
            }
        }
    }

    /// The visible events (in timeline order) as CSV: what "Export visible events" writes.
    pub fn visible_csv(&self) -> Result<String, csv::Error> {
        let order = self.visible_order();
        let events: Vec<&model::Event> = order.iter().map(|&i| &self.case.events[i]).collect();
        crate::export::to_csv(&events)
    }

    /// Asks where to write an export (file dialogs live here, at app level), writes it, and says
    /// in the status bar what happened.
    fn write_with_dialog(&mut self, name: &str, filter: (&str, &str), text: &str, what: &str) {
        let Some(path) = rfd::FileDialog::new()
            .add_filter(filter.0, &[filter.1])
            .set_file_name(name)
            .save_file()
        else {
            "Export cancelled".clone_into(&mut self.status);
            return;
        };
        self.status = match std::fs::write(&path, text) {
            Ok(()) => format!("Wrote {what} to {}", path.display()),
            Err(e) => format!("Could not write {}: {e}", path.display()),
        };
    }

    /// Reopens the built-in case (keeping the workspace).
    fn open_default(&mut self) {
        let was_presenting = self.presenting.is_some();
        let ws = self.workspace.clone();
        *self = Self::with_default_case(ws);
        self.workspace.open_file = None;
        self.fit_filters_to_case();
        if was_presenting {
            self.viewport_commands
                .push(egui::ViewportCommand::Fullscreen(false));
        }
    }

    /// Carries out an action that waited for "save the changes first?".
    fn run_pending(&mut self, pending: Pending) {
        match pending {
            Pending::Open(p) => self.open_path_in_background(p),
            Pending::OpenDialog => {
                // The answer was given: the dialog opens without asking again.
                if let Some(path) = pick_case_file() {
                    self.open_path_in_background(path);
                }
            }
            Pending::OpenDefault => self.open_default(),
            Pending::Close => {
                self.allow_close = true;
                self.viewport_commands.push(egui::ViewportCommand::Close);
            }
        }
    }

    /// Applies every queued command.
    fn apply(&mut self, ctx: &egui::Context) {
        for command in self.commands.drain() {
            match command {
                Command::SelectEvent(i) => self.select_event(i),
                Command::SelectActor(a) => self.selected_actor = a,
                Command::StepEvent(d) => {
                    let order = self.visible_order();
                    if order.is_empty() {
                        continue;
                    }
                    let pos = self
                        .selected_event
                        .and_then(|s| order.iter().position(|&i| i == s));
                    let next = match pos {
                        None if d > 0 => 0,
                        None => order.len() - 1,
                        Some(p) => {
                            (p as i64 + i64::from(d)).rem_euclid(order.len() as i64) as usize
                        }
                    };
                    self.select_event(Some(order[next]));
                }
                Command::Open(path) if self.is_dirty() => {
                    self.pending = Some(Pending::Open(path));
                }
                Command::OpenDialog | Command::OpenDefault if self.is_dirty() => {
                    self.pending = Some(if command == Command::OpenDialog {
                        Pending::OpenDialog
                    } else {
                        Pending::OpenDefault
                    });
                }
                Command::OpenDialog => {
                    if let Some(path) = pick_case_file() {
                        self.open_path_in_background(path);
                    }
                }
                Command::Open(path) => self.open_path_in_background(path),
                Command::OpenDefault => self.open_default(),
                Command::Save => match self.path.clone() {
                    Some(p) => self.save_to(&p),
                    None => self.commands.send(Command::SaveAs),
                },
                Command::SaveAs => {
                    if let Some(p) = ask_case_save_path() {
                        self.save_to(&p);
                    }
                }
                Command::ExportCsv { selected_only } => {
                    let result = if selected_only {
                        let events: Vec<&model::Event> = self
                            .selected_event
                            .and_then(|i| self.case.events.get(i))
                            .into_iter()
                            .collect();
                        crate::export::to_csv(&events).map(|t| (t, events.len()))
                    } else {
                        self.visible_csv()
                            .map(|t| (t, self.workspace.timeline.visible_count()))
                    };
                    match result {
                        Ok((text, rows)) => self.write_with_dialog(
                            "events.csv",
                            ("CSV", "csv"),
                            &text,
                            &format!("{rows} event(s)"),
                        ),
                        Err(e) => self.status = format!("Could not export: {e}"),
                    }
                }
                Command::ExportBrief => {
                    if let Some(e) = self.selected_event.and_then(|i| self.case.events.get(i)) {
                        let md =
                            crate::report::event_markdown(&self.case, e, &self.state(), self.bar());
                        let name = format!("{}.md", e.id);
                        self.write_with_dialog(&name, ("Markdown", "md"), &md, "the brief");
                    }
                }
                Command::SetStandard(s) => self.workspace.standard = s,
                Command::SetBar(g) => self.workspace.bar = g.to_string(),
                Command::ToggleTheme => self.workspace.dark = !self.workspace.dark,
                Command::Copy(text) => {
                    ctx.copy_text(text);
                    "Copied to the clipboard".clone_into(&mut self.status);
                }
                Command::OpenUrl(url) => ctx.open_url(egui::OpenUrl::new_tab(url)),
                Command::DismissProblems => self.problems = None,
                Command::Brush(w) => self.brush = w,
                Command::Present(story) => self.start_presenting(story),
                Command::StopPresenting => {
                    if self.presenting.take().is_some() {
                        self.viewport_commands
                            .push(egui::ViewportCommand::Fullscreen(false));
                        // Back to the view as it was before presenting.
                        if let Some((from, to, selected)) = self.before_presenting.take() {
                            self.workspace.timeline.from = from;
                            self.workspace.timeline.to = to;
                            self.select_event(selected);
                        }
                    }
                }
                Command::PresentStep(d) => {
                    if let Some((story, step)) = self.presenting {
                        let len = self.case.stories.get(story).map_or(0, |s| s.steps.len());
                        if len == 0 {
                            self.commands.send(Command::StopPresenting);
                            continue;
                        }
                        let next = (step as i64 + i64::from(d)).clamp(0, len as i64 - 1) as usize;
                        self.presenting = Some((story, next));
                        self.show_step(story, next);
                    }
                }
                Command::ShowStep { story, step } => self.show_step(story, step),
                Command::EditStory(edit) => self.edit_story(edit),
                Command::Undo => {
                    if let Some(prev) = self.undoer.undo(&self.case.stories) {
                        self.case.stories = prev.clone();
                        "Undone".clone_into(&mut self.status);
                    }
                }
                Command::Redo => {
                    if let Some(next) = self.undoer.redo(&self.case.stories) {
                        self.case.stories = next.clone();
                        "Redone".clone_into(&mut self.status);
                    }
                }
                Command::ExportPng => {
                    if let Some(p) = rfd::FileDialog::new()
                        .add_filter("PNG image", &["png"])
                        .set_file_name("proxyline.png")
                        .save_file()
                    {
                        let status = Arc::clone(&self.png_status);
                        let ctx2 = ctx.clone();
                        ctx.request_screenshot(move |image| {
                            let message = crate::ui::save_png(&image, &p);
                            if let Ok(mut slot) = status.lock() {
                                *slot = Some(message);
                            }
                            ctx2.request_repaint();
                        });
                    }
                }
                Command::ExportStoryBrief(i) => {
                    if let Some(story) = self.case.stories.get(i) {
                        let md = crate::report::story_markdown(&self.case, story);
                        let name = format!("{}.md", story.id);
                        self.write_with_dialog(&name, ("Markdown", "md"), &md, "the story's brief");
                    }
                }
                Command::ScaleType(f) => {
                    let scale = if self.presenting.is_some() {
                        &mut self.workspace.present_scale
                    } else {
                        &mut self.workspace.ui_scale
                    };
                    *scale = (*scale * f).clamp(0.6, 3.0);
                }
            }
        }
    }

    fn save_to(&mut self, path: &Path) {
        self.status = match model::save_path(&self.case, path) {
            Ok(()) => {
                self.saved_stories.clone_from(&self.case.stories);
                self.path = Some(path.to_owned());
                self.workspace.open_file = Some(path.to_owned());
                format!("Saved {}", path.display())
            }
            Err(e) => format!("Not saved: {e}"),
        };
    }

    /// Keys while presenting: steps, type size, leaving. Returns whether presenting.
    fn presentation_keys(&mut self, ctx: &egui::Context) -> bool {
        if self.presenting.is_none() {
            return false;
        }
        ctx.input_mut(|i| {
            let none = egui::Modifiers::NONE;
            let next = [
                Key::ArrowRight,
                Key::PageDown,
                Key::ArrowDown,
                Key::Space,
                Key::Enter,
            ];
            let back = [Key::ArrowLeft, Key::PageUp, Key::ArrowUp, Key::Backspace];
            if next.iter().any(|k| i.consume_key(none, *k)) {
                self.commands.send(Command::PresentStep(1));
            }
            if back.iter().any(|k| i.consume_key(none, *k)) {
                self.commands.send(Command::PresentStep(-1));
            }
            if i.consume_key(none, Key::Escape) || i.consume_key(none, Key::F5) {
                self.commands.send(Command::StopPresenting);
            }
        });
        true
    }

    fn keys(&mut self, ctx: &egui::Context) {
        // Ctrl +/- scale the type (egui's own zoom keys are turned off in `theme::apply`).
        ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND, Key::Plus)
                || i.consume_key(egui::Modifiers::COMMAND, Key::Equals)
            {
                self.commands.send(Command::ScaleType(1.1));
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::Minus) {
                self.commands.send(Command::ScaleType(1.0 / 1.1));
            }
            // Open and save work even while typing a caption (text boxes do not use them).
            if i.consume_key(egui::Modifiers::COMMAND, Key::O) {
                self.commands.send(Command::OpenDialog);
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::S) {
                self.commands.send(Command::Save);
            }
        });
        if self.presentation_keys(ctx) {
            return;
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F5)) {
            self.commands.send(Command::Present(self.stories.story));
        }
        // Ctrl+F: to the search box. F6: from the timeline to the controls, where Tab and
        // Shift+Tab then move between widgets (Esc comes back).
        if let Some(id) = self.search_id
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::F))
        {
            ctx.memory_mut(|m| m.request_focus(id));
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F6)) {
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::Next));
        }
        if ctx.text_edit_focused() {
            return;
        }
        ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z)
                || i.consume_key(egui::Modifiers::COMMAND, Key::Y)
            {
                self.commands.send(Command::Redo);
            }
            if i.consume_key(egui::Modifiers::COMMAND, Key::Z) {
                self.commands.send(Command::Undo);
            }
        });
        // Tab and Shift+Tab step through events while no widget has the keyboard focus; once a
        // widget has it (a keyboard user tabbing through the controls), Tab moves the focus as
        // usual, and Esc gives it back to the timeline.
        if ctx.memory(|m| m.focused().is_none()) {
            let step = ctx.input_mut(|i| {
                if i.consume_key(egui::Modifiers::SHIFT, Key::Tab) {
                    -1
                } else {
                    i32::from(i.consume_key(egui::Modifiers::NONE, Key::Tab))
                }
            });
            if step != 0 {
                // egui would otherwise hand the focus to the first widget on this Tab.
                ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
                self.commands.send(Command::StepEvent(step));
            }
        } else if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
            if let Some(id) = ctx.memory(egui::Memory::focused) {
                ctx.memory_mut(|m| m.surrender_focus(id));
            }
            return;
        }
        let tl = &mut self.workspace.timeline;
        // egui itself drops the focus on Esc before this runs: an Esc that only left a focused
        // widget must not also clear the selection.
        let had_focus = self.focus_last_frame;
        ctx.input_mut(|i| {
            let mid = f64::midpoint(tl.from, tl.to);
            if i.consume_key(egui::Modifiers::NONE, Key::Plus)
                || i.consume_key(egui::Modifiers::NONE, Key::Equals)
            {
                tl.zoom(0.7, mid);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Minus) {
                tl.zoom(1.0 / 0.7, mid);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft) {
                tl.pan(-0.15);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowRight) {
                tl.pan(0.15);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Home) {
                tl.fit(self.case.start.first_day(), self.case.end.last_day());
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Escape) && !had_focus {
                self.commands.send(Command::SelectEvent(None));
            }
        });
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open\u{2026}  (Ctrl+O)").clicked() {
                    self.commands.send(Command::OpenDialog);
                }
                if ui.button("Open the built-in Iran case").clicked() {
                    self.commands.send(Command::OpenDefault);
                }
                if ui.button("Save  (Ctrl+S)").clicked() {
                    self.commands.send(Command::Save);
                }
                if ui.button("Save As\u{2026}").clicked() {
                    self.commands.send(Command::SaveAs);
                }
                ui.separator();
                if ui.button("Export visible events as CSV\u{2026}").clicked() {
                    self.commands.send(Command::ExportCsv {
                        selected_only: false,
                    });
                }
                if ui
                    .add_enabled(
                        self.selected_event.is_some(),
                        egui::Button::new("Export the selected event as CSV\u{2026}"),
                    )
                    .clicked()
                {
                    self.commands.send(Command::ExportCsv {
                        selected_only: true,
                    });
                }
                if ui
                    .button("Export the view as PNG\u{2026}")
                    .on_hover_text("Save what is on screen as an image")
                    .clicked()
                {
                    self.commands.send(Command::ExportPng);
                }
                if ui
                    .add_enabled(
                        self.selected_event.is_some(),
                        egui::Button::new("Export selected event's brief (Markdown)\u{2026}"),
                    )
                    .clicked()
                {
                    self.commands.send(Command::ExportBrief);
                }
                ui.separator();
                ui.label(RichText::new("Recent files").weak());
                if self.workspace.recent.is_empty() {
                    ui.label(RichText::new("none yet").weak());
                }
                for p in self.workspace.recent.clone() {
                    if ui.button(p.display().to_string()).clicked() {
                        self.commands.send(Command::Open(p));
                    }
                }
            });
            let search_label = ui.label("Search");
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.workspace.filter.search)
                        .hint_text("title, place, group\u{2026}  (Ctrl+F)")
                        .desired_width(180.0),
                )
                .labelled_by(search_label.id)
                .on_hover_text(
                    "Narrow the timeline to events whose title, place or group contains this text",
                );
            self.search_id = Some(search.id);
            if !self.workspace.filter.search.is_empty()
                && ui
                    .small_button("Clear")
                    .on_hover_text("Clear the search")
                    .clicked()
            {
                self.workspace.filter.search.clear();
            }
            ui.separator();
            for (i, cat) in crate::model::EventCategory::ALL.iter().enumerate() {
                ui.checkbox(&mut self.workspace.filter.categories[i], cat.label())
                    .on_hover_text("Show or hide this kind of event");
            }
            ui.add(
                egui::DragValue::new(&mut self.workspace.filter.min_deaths)
                    .prefix("min deaths ")
                    .range(0..=1000),
            )
            .on_hover_text("Hide events with fewer deaths");
            self.filters_menu(ui);
            ui.separator();
            let mut standard = self.workspace.standard;
            egui::ComboBox::from_id_salt("standard")
                .selected_text(format!("Standard: {}", standard.name()))
                .show_ui(ui, |ui| {
                    for s in Standard::ALL {
                        ui.selectable_value(&mut standard, s, s.name())
                            .on_hover_text(s.basis());
                    }
                })
                .response
                .on_hover_text(
                    "The timeline colours every event by its verdict under this standard",
                );
            if standard != self.workspace.standard {
                self.commands.send(Command::SetStandard(standard));
            }
            let mut bar = self.bar();
            egui::ComboBox::from_id_salt("bar-r")
                .selected_text(format!("Bar: {}", char::from(bar.reliability)))
                .show_ui(ui, |ui| {
                    for r in b'A'..=b'F' {
                        ui.selectable_value(
                            &mut bar.reliability,
                            r,
                            format!("{} or better", char::from(r)),
                        );
                    }
                })
                .response
                .on_hover_text("Minimum source reliability (Admiralty A–F) for evidence to count");
            egui::ComboBox::from_id_salt("bar-c")
                .selected_text(format!("{}", bar.credibility))
                .show_ui(ui, |ui| {
                    for c in 1..=6 {
                        ui.selectable_value(&mut bar.credibility, c, format!("{c} or better"));
                    }
                })
                .response
                .on_hover_text("Minimum information credibility (1–6) for evidence to count");
            if bar != self.bar() {
                self.commands.send(Command::SetBar(bar));
            }
            ui.separator();
            let label = if self.workspace.dark {
                "Light theme"
            } else {
                "Dark theme"
            };
            if ui
                .button(label)
                .on_hover_text("Switch between the dark and light themes")
                .clicked()
            {
                self.commands.send(Command::ToggleTheme);
            }
            ui.separator();
            if ui
                .selectable_label(self.stories.open, "Stories")
                .on_hover_text("Make and edit stories: sequences of views with captions")
                .clicked()
            {
                self.stories.open = !self.stories.open;
            }
            if ui
                .button("Present (F5)")
                .on_hover_text(
                    "Present the current story full screen in large type; arrows step, Esc leaves",
                )
                .clicked()
            {
                self.commands.send(Command::Present(self.stories.story));
            }
            if self.is_dirty() {
                ui.label(RichText::new("unsaved story edits").italics())
                    .on_hover_text("Save the case (Ctrl+S) to keep them");
            }
        });
    }

    /// The Filters menu: actor, country and date range, and clearing every filter.
    fn filters_menu(&mut self, ui: &mut egui::Ui) {
        let filter = &mut self.workspace.filter;
        let active = [
            filter.actor.is_some(),
            filter.country.is_some(),
            filter.window.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        let title = if active > 0 {
            format!("Filters ({active})")
        } else {
            "Filters".to_owned()
        };
        ui.menu_button(title, |ui| {
            let case = &self.case;
            let actor_text = filter
                .actor
                .as_deref()
                .map_or("any actor".to_owned(), |a| case.actor_name(a).to_owned());
            ui.label("Actor (perpetrator or claimant)");
            egui::ComboBox::from_id_salt("filter-actor")
                .selected_text(actor_text)
                .width(260.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.actor, None, "any actor");
                    let mut actors: Vec<&crate::model::Actor> = case.actors.iter().collect();
                    actors.sort_by(|a, b| a.name.cmp(&b.name));
                    for a in actors {
                        ui.selectable_value(&mut filter.actor, Some(a.id.clone()), &a.name);
                    }
                });
            ui.label("Country");
            egui::ComboBox::from_id_salt("filter-country")
                .selected_text(filter.country.as_deref().unwrap_or("any country"))
                .width(260.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.country, None, "any country");
                    for c in &self.countries {
                        ui.selectable_value(&mut filter.country, Some(c.clone()), c);
                    }
                });
            let mut limit = filter.window.is_some();
            ui.checkbox(&mut limit, "Only between the years")
                .on_hover_text("Narrow every view to a range of years");
            let (start, end) = (i32::from(case.start.year), i32::from(case.end.year));
            let (mut y0, mut y1) = filter.window.map_or((start, end), |(a, b)| {
                (
                    i32::from(PartialDate::from_day(a).year),
                    i32::from(PartialDate::from_day(b).year),
                )
            });
            ui.add_enabled_ui(limit, |ui| {
                ui.horizontal(|ui| {
                    ui.add(egui::DragValue::new(&mut y0).range(start..=end));
                    ui.label("and");
                    ui.add(egui::DragValue::new(&mut y1).range(start..=end));
                });
            });
            filter.window = limit.then(|| {
                let (a, b) = (y0.min(y1), y0.max(y1));
                (
                    PartialDate::year(a as i16).first_day(),
                    PartialDate::year(b as i16).last_day(),
                )
            });
            ui.separator();
            if ui
                .button("Clear search and all filters")
                .on_hover_text("Show every event again")
                .clicked()
            {
                *filter = Filter::default();
            }
        })
        .response
        .on_hover_text("Filter by actor, country and years");
    }

    /// Lays out the whole window and applies the frame's commands.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        for command in self.viewport_commands.drain(..) {
            ctx.send_viewport_cmd(command);
        }
        let presenting = self.presenting.is_some();
        let scale = if presenting {
            // Large type in proportion to the screen: the same story reads on a laptop and on a
            // projector (the window's width in physical points, before zoom).
            let width = ctx.content_rect().width() * ctx.zoom_factor();
            self.workspace.present_scale * (width / 1600.0).clamp(0.8, 1.4)
        } else {
            self.workspace.ui_scale
        };
        let theme_key = (self.workspace.dark, (scale * 100.0) as u32, presenting);
        if self.applied_theme != Some(theme_key) {
            theme::apply(&ctx, self.workspace.dark, scale, presenting);
            self.applied_theme = Some(theme_key);
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Pending::Close);
        }
        if let Some(message) = self.png_status.lock().ok().and_then(|mut m| m.take()) {
            self.status = message;
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for p in dropped {
            self.commands.send(Command::Open(p));
        }
        if self.pending.is_none() {
            self.keys(&ctx);
        }
        self.poll_loading();
        self.frames += 1;
        self.scripted_screenshot(&ctx);
        if self.loading.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if self.refresh(ctx.input(|i| i.time)) {
            ctx.request_repaint();
        }

        if !presenting {
            egui::Panel::top("top").show(ui, |ui| self.top_bar(ui));
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| {
                    let name = self.path.as_ref().map_or(model::DEFAULT_CASE_NAME.to_owned(), |p| {
                        p.display().to_string()
                    });
                    ui.label(RichText::new(name).weak());
                    if !self.warnings.is_empty() {
                        ui.label(RichText::new(format!("{} warning(s)", self.warnings.len())).weak())
                            .on_hover_text(self.warnings.join("\n"));
                    }
                    if self.loading.is_some() {
                        ui.spinner();
                    }
                    let n = self.case.events.len();
                    if self.verdicts_done < n {
                        ui.add(
                            egui::ProgressBar::new(self.verdicts_done as f32 / n as f32)
                                .desired_width(160.0)
                                .text(format!("evaluating {} of {n} events", self.verdicts_done)),
                        )
                        .on_hover_text("Verdicts are computed in the background; events still waiting show as n/a");
                    }
                    ui.label(RichText::new("Keys").weak().underline()).on_hover_text(
                        "Tab / Shift+Tab: next / previous event\n\
                         + / -: zoom the timeline \u{b7} Left / Right: pan \u{b7} Home: fit all\n\
                         Drag: pan (and scroll lanes) \u{b7} Shift-drag: zoom to a range \u{b7} Ctrl-drag: brush a range\n\
                         Double-click: fit all \u{b7} Esc: clear the selection\n\
                         F5: present the story \u{b7} Ctrl +/-: type size\n\
                         Ctrl+F: search \u{b7} F6: to the controls (then Tab / Shift+Tab; Esc returns)\n\
                         Ctrl+O: open \u{b7} Ctrl+S: save \u{b7} Ctrl+Z / Ctrl+Shift+Z: undo / redo story edits",
                    );
                    if !self.status.is_empty() {
                        ui.separator();
                        ui.add(egui::Label::new(&self.status).truncate());
                    }
                });
            });
        }
        let state = self.state();
        let view = ViewCtx {
            case: &self.case,
            selected_event: self.selected_event,
            selected_actor: self.selected_actor.as_deref(),
            state: &state,
            standard: self.workspace.standard,
            bar: self.bar(),
            verdicts: &self.verdicts,
            filter: &self.workspace.filter,
            dark: self.workspace.dark,
            brush: self.brush,
            presenting,
            brushed_actors: self.brush.map(|_| &self.brushed_actors),
            actor_event_count: self.actor_events.1,
            highlighted_actors: self.highlighted_actors.as_ref(),
        };
        if let Some((story, step)) = self.presenting {
            egui::Panel::top("present-head").show(ui, |ui| {
                ui.add_space(6.0);
                stories::presentation_header(ui, &view, story, step);
                ui.add_space(6.0);
            });
            egui::Panel::bottom("present-foot").show(ui, |ui| {
                ui.add_space(4.0);
                stories::presentation_footer(ui, &view, story, step);
            });
        }
        // Presentation keeps its own panel sizes, in proportion to the screen.
        let (width, height) = (ui.available_width(), ui.available_height());
        let (details_id, network_id) = if presenting {
            ("present-details", "present-network")
        } else {
            ("details", "network")
        };
        egui::Panel::right(details_id)
            .resizable(true)
            .default_size(if presenting { width * 0.38 } else { 420.0 })
            .min_size(280.0)
            .show(ui, |ui| {
                self.details.ui(ui, &view, &mut self.commands);
            });
        egui::Panel::bottom(network_id)
            .resizable(true)
            .default_size(if presenting { height * 0.42 } else { 300.0 })
            .min_size(120.0)
            .max_size(height * 0.6)
            .show(ui, |ui| {
                self.workspace.network.ui(ui, &view, &mut self.commands);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if !presenting {
                    ui.label(RichText::new(&self.case.title).strong());
                }
                ui.label("\u{b7} colour = verdict under");
                ui.label(RichText::new(self.workspace.standard.name()).strong());
                for v in LEGEND {
                    ui.colored_label(
                        theme::verdict_color(v, self.workspace.dark),
                        format!("{} ({})", v.label(), self.verdict_counts[verdict_slot(v)]),
                    )
                    .on_hover_text("Events with this verdict under the active standard");
                }
                if !presenting {
                    ui.label(
                        "\u{b7} circle: attack, triangle: state strike, square: legal act; ring: uncertain date",
                    );
                }
            });
            self.workspace.timeline.ui(ui, &view, &mut self.commands);
        });
        if !presenting {
            self.stories.window(
                &ctx,
                &view,
                (
                    self.undoer.has_undo(&self.case.stories),
                    self.undoer.has_redo(&self.case.stories),
                ),
                &mut self.commands,
            );
        }
        if let Some((file, lines)) = &self.problems {
            let mut open = true;
            egui::Window::new(format!("Problems in {file}"))
                .open(&mut open)
                .default_width(560.0)
                .show(&ctx, |ui| {
                    ui.label("The file was not opened; the case that was open stays open. Fix these and open it again:");
                    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        for line in lines {
                            ui.monospace(line);
                        }
                    });
                });
            if !open {
                self.commands.send(Command::DismissProblems);
            }
        }
        self.unsaved_prompt(&ctx);
        self.undoer
            .feed_state(ctx.input(|i| i.time), &self.case.stories);
        self.apply(&ctx);
        self.focus_last_frame = ctx.memory(|m| m.focused().is_some());
    }

    /// `--screenshot`: once the case is open and evaluated and a few frames have settled the
    /// layout, saves the window as PNG through the same path as the PNG export, then closes.
    fn scripted_screenshot(&mut self, ctx: &egui::Context) {
        let Some(path) = self.screenshot_and_quit.clone() else {
            return;
        };
        ctx.request_repaint();
        let ready = self.loading.is_none() && self.verdicts_done >= self.case.events.len();
        if ready && self.present_when_ready {
            self.present_when_ready = false;
            self.start_presenting(0);
            self.frames = 0;
        }
        if !ready || self.frames <= 10 {
            return;
        }
        self.screenshot_and_quit = None;
        let ctx2 = ctx.clone();
        ctx.request_screenshot(move |image| {
            let message = crate::ui::save_png(&image, &path);
            println!("{message}");
            ctx2.send_viewport_cmd(egui::ViewportCommand::Close);
        });
    }

    /// Asks "save the changes first?" while an action waits for the answer.
    fn unsaved_prompt(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.pending.clone() else {
            return;
        };
        let mut answer: Option<bool> = None;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading("The stories have unsaved changes");
            ui.label("Save them to the case file before going on?");
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(true);
                }
                if ui.button("Don't save").clicked() {
                    answer = Some(false);
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
        if cancel {
            self.pending = None;
        } else if let Some(save) = answer {
            self.pending = None;
            if save {
                let target = self.path.clone().or_else(ask_case_save_path);
                let Some(path) = target else {
                    return;
                };
                self.save_to(&path);
                if self.is_dirty() {
                    // The save failed; the status says why, and nothing is lost.
                    return;
                }
            }
            self.run_pending(pending);
        }
    }
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

/// The open dialog for case files.
fn pick_case_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("proxyline case", &["ron"])
        .pick_file()
}

/// The save dialog for case files.
fn ask_case_save_path() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("proxyline case", &["ron"])
        .set_file_name("case.ron")
        .save_file()
}

/// The verdicts in legend order.
const LEGEND: [Verdict; 4] = [
    Verdict::Met,
    Verdict::NotMet,
    Verdict::Insufficient,
    Verdict::NotApplicable,
];

/// A verdict's place in [`LEGEND`].
fn verdict_slot(v: Verdict) -> usize {
    LEGEND.iter().position(|l| *l == v).unwrap_or(3)
}

/// An empty case, used when even the built-in case cannot load.
fn empty_case() -> Case {
    Case {
        format: model::FORMAT_VERSION,
        title: "No case".to_owned(),
        description: String::new(),
        start: model::PartialDate::year(1979),
        end: model::PartialDate::year(2021),
        default_state: None,
        sources: Vec::new(),
        actors: Vec::new(),
        ties: Vec::new(),
        events: Vec::new(),
        evidence: Vec::new(),
        attributions: Vec::new(),
        eras: Vec::new(),
        stories: Vec::new(),
    }
}

impl eframe::App for ProxylineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // Closing while presenting remembers the view from before the presentation.
        let mut workspace = self.workspace.clone();
        if let Some((from, to, _)) = self.before_presenting {
            workspace.timeline.from = from;
            workspace.timeline.to = to;
        }
        eframe::set_value(storage, eframe::APP_KEY, &workspace);
    }
}
