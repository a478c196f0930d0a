//! The one place where state changes: every command the views, the keys and the dialogs sent
//! during the frame is applied here, in order, at the end of the frame.

use eframe::egui;

use super::files::{ask_case_save_path, pick_case_file};
use super::jobs::JobOutput;
use super::{Pending, ProxylineApp, Shown};
use crate::command::{Command, StoryEdit};
use crate::model::{self, PartialDate, Step, Story};

impl ProxylineApp {
    /// Writes text to the system clipboard and says whether it took. The clipboard handle is
    /// kept: on X11 the copied text lives as long as the process that owns it.
    fn copy_to_clipboard(&mut self, text: &str) {
        let result = match &mut self.clipboard {
            Some(c) => c.set_text(text),
            None => arboard::Clipboard::new().and_then(|mut c| {
                let r = c.set_text(text);
                self.clipboard = Some(c);
                r
            }),
        };
        self.status = match result {
            Ok(()) => "Copied to the clipboard".to_owned(),
            Err(e) => format!("Could not copy to the clipboard: {e}"),
        };
    }

    /// Applies what background jobs finished since the last frame.
    pub(super) fn apply_jobs(&mut self) {
        for (id, output) in self.jobs.poll() {
            match output {
                JobOutput::Opened { path, result } => {
                    self.finish_background_open(id, path, *result);
                }
                JobOutput::PngWritten(message) => self.status = message,
                JobOutput::Imported(result) => self.finish_import(id, *result),
                JobOutput::Lanes { key, lanes } => self.finish_lanes(id, key, lanes),
                JobOutput::NetworkLayout {
                    actors,
                    positions,
                    metrics,
                } => {
                    // Only the layout asked for by the case still open is taken.
                    if self.network_job == Some(id) && actors == self.case.actors.len() {
                        self.network.set_layout(positions, metrics);
                    }
                    if self.network_job == Some(id) {
                        self.network_job = None;
                    }
                }
                // `poll` keeps progress reports to itself.
                JobOutput::Progress(_) => {}
            }
        }
    }

    /// Applies every queued command.
    pub(super) fn apply(&mut self, ctx: &egui::Context) {
        let commands = self.commands.drain();
        if !commands.is_empty() {
            // State changed after the views were drawn: draw them again with it.
            ctx.request_repaint();
        }
        for command in commands {
            match command {
                Command::SelectEvent(i) => self.select_event(i),
                Command::GoToEvent(i) => {
                    self.select_event(Some(i));
                    if let Some(e) = self.case.events.get(i) {
                        /// Days shown on each side of a match.
                        const AROUND: f64 = 120.0;
                        let day = f64::from(e.first_day());
                        self.timeline.from = day - AROUND;
                        self.timeline.to = day + AROUND;
                    }
                }
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
                        let v = self.export_verdicts(&events);
                        crate::export::to_csv(&events, Some(&v)).map(|t| (t, events.len()))
                    } else {
                        self.visible_csv()
                            .map(|t| (t, self.timeline.visible_count()))
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
                        let md = crate::report::event_markdown(
                            &self.case,
                            e,
                            &self.state(),
                            self.bar(),
                            self.as_of,
                        );
                        let name = format!("{}.md", e.id);
                        self.write_with_dialog(&name, ("Markdown", "md"), &md, "the brief");
                    }
                }
                Command::SetStandard(s) => self.workspace.standard = s,
                Command::SetBar(g) => self.workspace.bar = g.to_string(),
                Command::SetAsOf(d) => {
                    self.as_of = d;
                    self.status = match d {
                        Some(d) => format!(
                            "Verdicts as known on {}: only evidence, ties, claims and attributions known by then count",
                            d.human()
                        ),
                        None => "Verdicts with everything known".to_owned(),
                    };
                }
                Command::ToggleTheme => self.workspace.dark = !self.workspace.dark,
                Command::Copy(text) => self.copy_to_clipboard(&text),
                Command::OpenUrl(url) => {
                    if is_web_address(&url) {
                        self.status = format!("Opening {url} in the browser");
                        ctx.open_url(egui::OpenUrl::new_tab(url));
                    } else {
                        self.status = format!(
                            "Not opened: only http and https addresses open from here (this is \"{url}\")"
                        );
                    }
                }
                Command::DismissProblems => self.problems = None,
                Command::ImportDialog => {
                    if let Some(paths) = super::import::pick_dataset_files() {
                        self.start_import(paths);
                    }
                }
                Command::Import(paths) => self.start_import(paths),
                Command::DismissImportSummary => self.import_summary = None,
                Command::Brush(w) => self.brush = w,
                Command::Present(story) => self.start_presenting(story),
                Command::StopPresenting => {
                    if self.presenting.take().is_some() {
                        // Back to the view as it was before presenting.
                        if let Some((from, to, selected)) = self.before_presenting.take() {
                            self.timeline.from = from;
                            self.timeline.to = to;
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
                        std::sync::Arc::make_mut(&mut self.case)
                            .stories
                            .clone_from(prev);
                        "Undone".clone_into(&mut self.status);
                    }
                }
                Command::Redo => {
                    if let Some(next) = self.undoer.redo(&self.case.stories) {
                        std::sync::Arc::make_mut(&mut self.case)
                            .stories
                            .clone_from(next);
                        "Redone".clone_into(&mut self.status);
                    }
                }
                Command::ExportPng => {
                    if let Some(p) = rfd::FileDialog::new()
                        .add_filter("PNG image", &["png"])
                        .set_file_name("proxyline.png")
                        .save_file()
                    {
                        let job = self.jobs.start_callback(format!("Writing {}", p.display()));
                        let ctx2 = ctx.clone();
                        ctx.request_screenshot(move |image| {
                            let message = crate::ui::save_png(&image, &p).unwrap_or_else(|e| e);
                            job.send(JobOutput::PngWritten(message));
                            ctx2.request_repaint();
                        });
                    }
                }
                Command::ExportStoryBrief(i) => {
                    if let Some(story) = self.case.stories.get(i) {
                        let md = crate::report::story_markdown(
                            &self.case,
                            story,
                            &self.state(),
                            self.bar(),
                            self.as_of,
                        );
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
                Command::SetFilter(filter) => self.workspace.filter = filter,
                Command::ShowStories(open) => self.stories.open = open,
                Command::ShowKeys(open) => {
                    self.keys_list = if open { Shown::Open } else { Shown::Hidden };
                }
                Command::ZoomTimeline(factor) => {
                    let tl = &mut self.timeline;
                    tl.zoom(factor, f64::midpoint(tl.from, tl.to));
                }
                Command::PanTimeline(fraction) => self.timeline.pan(fraction),
                Command::FitTimeline => self
                    .timeline
                    .fit(self.case.start.first_day(), self.case.end.last_day()),
                Command::AnswerUnsaved(answer) => self.answer_unsaved(answer),
                Command::AnswerRecovery(restore) => self.answer_recovery(restore),
                Command::LayOutNetwork => {
                    let case = std::sync::Arc::clone(&self.case);
                    let label = format!("Laying out {} actors\u{2026}", case.actors.len());
                    match self.jobs.spawn(label, move || {
                        let (positions, metrics) = crate::ui::network::layout_of(&case);
                        JobOutput::NetworkLayout {
                            actors: case.actors.len(),
                            positions,
                            metrics,
                        }
                    }) {
                        Ok(id) => self.network_job = Some(id),
                        Err(e) => self.status = format!("Could not lay out the network: {e}"),
                    }
                }
                Command::AskBeforeClosing => self.pending = Some(Pending::Close),
            }
        }
    }

    /// Selects an event (or none) and brings it into view.
    pub(super) fn select_event(&mut self, i: Option<usize>) {
        let i = i.filter(|&i| i < self.case.events.len());
        self.selected_event = i;
        self.timeline.reveal_lane_of(i);
        if let Some(e) = i.and_then(|i| self.case.events.get(i)) {
            self.timeline.reveal(e.first_day());
        }
    }

    /// Applies an edit to the stories.
    pub(super) fn edit_story(&mut self, edit: StoryEdit) {
        let stories = &mut std::sync::Arc::make_mut(&mut self.case).stories;
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
                let tl = &self.timeline;
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
                if let Some(s) = std::sync::Arc::make_mut(&mut self.case)
                    .stories
                    .get_mut(story)
                {
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
}

pub use crate::model::is_web_address;

#[cfg(test)]
mod tests {
    use super::is_web_address;

    #[test]
    fn only_http_and_https_addresses_open() {
        assert!(is_web_address("https://example.org/a"));
        assert!(is_web_address("HTTP://example.org"));
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "mailto:a@b.c",
            "ftp://x",
            "example.org",
            "https://x\n.org",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }
}
