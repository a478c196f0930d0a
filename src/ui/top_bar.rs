//! The top bar: the File menu, the search box, the event-kind and death filters, the Filters
//! menu (actor, country, years), the standard and evidence bar, the theme and the stories. Like
//! every view it reads the shared state and pushes commands: a changed filter is sent whole as
//! [`Command::SetFilter`], so the app applies it in one place with everything else.

use std::path::PathBuf;

use eframe::egui::{self, RichText};

use super::ViewCtx;
use crate::attribution::Standard;
use crate::command::{Command, CommandSender};
use crate::model::{Actor, EventCategory, PartialDate};
use crate::query::Filter;

/// What the top bar reads beside the [`ViewCtx`].
pub struct TopBarCtx<'a> {
    /// Recently opened files, newest first.
    pub recent: &'a [PathBuf],
    /// Distinct countries of the case's events, sorted.
    pub countries: &'a [String],
    /// Whether the story editor is open.
    pub stories_open: bool,
    /// The story the editor shows (what F5 and Present start).
    pub story: usize,
    /// Whether the stories have unsaved edits.
    pub dirty: bool,
    /// The unsaved changes include imported events.
    pub imported: bool,
}

/// The top bar's own state.
#[derive(Debug, Default)]
pub struct TopBar {
    /// The search box's widget id (for Ctrl+F).
    search_id: Option<egui::Id>,
    /// The as-of date field's text while it is edited.
    as_of_text: String,
    /// The search's matches, for the filter and case size they were found for.
    matches: Option<((crate::query::Filter, usize), crate::query::search::Matches)>,
    /// Where the list of matches was last drawn (it stays open while the pointer is on it,
    /// so that a click on a match lands although the search box loses the focus).
    list_rect: Option<egui::Rect>,
}

/// Matches listed under the search box at most.
const LISTED: usize = 12;

impl TopBar {
    /// The list of the search's matches under the search box, while it has the focus (or the
    /// pointer is on the list): date and title, a click goes to one; Enter goes to the first.
    fn matches_ui(
        &mut self,
        ui: &egui::Ui,
        search: &egui::Response,
        view: &ViewCtx<'_>,
        filter: &crate::query::Filter,
        commands: &mut CommandSender,
    ) {
        let events = view.case.events.len();
        let stale = self
            .matches
            .as_ref()
            .is_none_or(|((f, n), _)| f != filter || *n != events);
        if stale {
            let found = crate::query::search::matches(view.case, filter, LISTED);
            self.matches = Some(((filter.clone(), events), found));
        }
        let Some((_, found)) = &self.matches else {
            return;
        };
        if search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            if let Some(&i) = found.first.first() {
                commands.send(Command::GoToEvent(i));
            }
            self.list_rect = None;
            return;
        }
        let on_list = self
            .list_rect
            .is_some_and(|r| ui.ctx().pointer_hover_pos().is_some_and(|p| r.contains(p)));
        if filter.search.trim().is_empty() || !(search.has_focus() || on_list) {
            self.list_rect = None;
            return;
        }
        let shown = egui::Area::new(egui::Id::unique("search-matches"))
            .order(egui::Order::Foreground)
            .fixed_pos(search.rect.left_bottom() + egui::vec2(0.0, 2.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(460.0);
                    if found.total == 0 {
                        ui.weak("No event matches the search and filters");
                    }
                    for &i in &found.first {
                        super::event_row_ui(ui, view, i, commands);
                    }
                    if found.total > found.first.len() {
                        ui.weak(format!(
                            "and {} more on the timeline",
                            found.total - found.first.len()
                        ));
                    }
                    if found.total > 0 {
                        ui.weak("Enter: go to the first \u{b7} Esc: close");
                    }
                });
            });
        self.list_rect = Some(shown.response.rect);
    }

    /// The search box's widget id, once the bar has been drawn.
    #[must_use]
    pub fn search_id(&self) -> Option<egui::Id> {
        self.search_id
    }

    /// Draws the bar.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &ViewCtx<'_>,
        bar_ctx: &TopBarCtx<'_>,
        commands: &mut CommandSender,
    ) {
        let mut filter = view.filter.clone();
        ui.horizontal_wrapped(|ui| {
            file_menu_ui(ui, view, bar_ctx, commands);
            let search_label = ui.label("Search");
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut filter.search)
                        .hint_text("title, place, group\u{2026}  (Ctrl+F)")
                        .desired_width(180.0),
                )
                .labelled_by(search_label.id)
                .on_hover_text(
                    "Narrow the timeline to events whose title, place or group contains this text",
                );
            self.search_id = Some(search.id);
            self.matches_ui(ui, &search, view, &filter, commands);
            if !filter.search.is_empty()
                && ui
                    .small_button("Clear")
                    .on_hover_text("Clear the search")
                    .clicked()
            {
                filter.search.clear();
            }
            ui.separator();
            for (i, cat) in EventCategory::ALL.iter().enumerate() {
                ui.checkbox(&mut filter.categories[i], cat.label())
                    .on_hover_text("Show or hide this kind of event");
            }
            ui.add(
                egui::DragValue::new(&mut filter.min_deaths)
                    .prefix("min deaths ")
                    .range(0..=1000),
            )
            .on_hover_text("Hide events with fewer deaths");
            filters_menu_ui(ui, view, bar_ctx, &mut filter);
            ui.separator();
            standard_and_bar_ui(ui, view, commands);
            as_of_ui(ui, view, &mut self.as_of_text, commands);
            ui.separator();
            let label = if view.dark {
                "Light theme"
            } else {
                "Dark theme"
            };
            if ui
                .button(label)
                .on_hover_text("Switch between the dark and light themes")
                .clicked()
            {
                commands.send(Command::ToggleTheme);
            }
            ui.separator();
            if ui
                .selectable_label(bar_ctx.stories_open, "Stories")
                .on_hover_text("Make and edit stories: sequences of views with captions")
                .clicked()
            {
                commands.send(Command::ShowStories(!bar_ctx.stories_open));
            }
            if ui
                .button("Present (F5)")
                .on_hover_text(
                    "Present the current story full screen in large type; arrows step, Esc leaves",
                )
                .clicked()
            {
                commands.send(Command::Present(bar_ctx.story));
            }
            if bar_ctx.dirty {
                let what = if bar_ctx.imported {
                    "unsaved imported events"
                } else {
                    "unsaved story edits"
                };
                ui.label(RichText::new(what).italics())
                    .on_hover_text("Save the case (Ctrl+S) to keep them");
            }
        });
        if filter != *view.filter {
            commands.send(Command::SetFilter(filter));
        }
    }
}

/// The File menu: open, save, exports and the recent files.
fn file_menu_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    bar_ctx: &TopBarCtx<'_>,
    commands: &mut CommandSender,
) {
    ui.menu_button("File", |ui| {
        if ui.button("Open\u{2026}  (Ctrl+O)").clicked() {
            commands.send(Command::OpenDialog);
        }
        if ui.button("Open the built-in Iran case").clicked() {
            commands.send(Command::OpenDefault);
        }
        if ui
            .button("Import GTD / ACLED / CSV\u{2026}  (Ctrl+I)")
            .on_hover_text("Add the incidents of your own dataset files to the open case, linked to its actors and evaluated; the open case stays usable while it runs")
            .clicked()
        {
            commands.send(Command::ImportDialog);
        }
        if ui.button("Save  (Ctrl+S)").clicked() {
            commands.send(Command::Save);
        }
        if ui.button("Save As\u{2026}").clicked() {
            commands.send(Command::SaveAs);
        }
        ui.separator();
        if ui.button("Export visible events as CSV\u{2026}").clicked() {
            commands.send(Command::ExportCsv {
                selected_only: false,
            });
        }
        let selected = view.selected_event.is_some();
        if ui
            .add_enabled(
                selected,
                egui::Button::new("Export the selected event as CSV\u{2026}"),
            )
            .clicked()
        {
            commands.send(Command::ExportCsv {
                selected_only: true,
            });
        }
        if ui
            .button("Export the view as PNG\u{2026}")
            .on_hover_text("Save what is on screen as an image")
            .clicked()
        {
            commands.send(Command::ExportPng);
        }
        if ui
            .add_enabled(
                selected,
                egui::Button::new("Export selected event's brief (Markdown)\u{2026}"),
            )
            .clicked()
        {
            commands.send(Command::ExportBrief);
        }
        ui.separator();
        ui.label(RichText::new("Recent files").weak());
        if bar_ctx.recent.is_empty() {
            ui.label(RichText::new("none yet").weak());
        }
        for p in bar_ctx.recent {
            if ui.button(p.display().to_string()).clicked() {
                commands.send(Command::Open(p.clone()));
            }
        }
    });
}

/// The standard picker and the evidence bar (reliability and credibility).
fn standard_and_bar_ui(ui: &mut egui::Ui, view: &ViewCtx<'_>, commands: &mut CommandSender) {
    let mut standard = view.standard;
    egui::ComboBox::from_id_salt("standard")
        .selected_text(format!("Standard: {}", standard.name()))
        .show_ui(ui, |ui| {
            for s in Standard::ALL {
                ui.selectable_value(&mut standard, s, s.name())
                    .on_hover_text(s.basis());
            }
        })
        .response
        .on_hover_text("The timeline colours every event by its verdict under this standard");
    if standard != view.standard {
        commands.send(Command::SetStandard(standard));
    }
    let mut bar = view.bar;
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
        .selected_text(format!("credibility {}", bar.credibility))
        .show_ui(ui, |ui| {
            for c in 1..=6 {
                ui.selectable_value(&mut bar.credibility, c, format!("{c} or better"));
            }
        })
        .response
        .on_hover_text("Minimum information credibility (1–6) for evidence to count");
    if bar != view.bar {
        commands.send(Command::SetBar(bar));
    }
}

/// The "as known on" date: type a date and press Enter (or leave the field) to evaluate with
/// only what was known then; the clear button goes back to everything known.
fn as_of_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    text: &mut String,
    commands: &mut CommandSender,
) {
    let id = ui.make_persistent_id("as-of-field");
    let editing = ui.memory(|m| m.has_focus(id));
    if !editing {
        *text = view.as_of.map(|d| d.to_string()).unwrap_or_default();
    }
    let parsed = crate::model::PartialDate::parse(text.trim());
    let bad = !text.trim().is_empty() && parsed.is_err();
    let label = ui.label("As known on").on_hover_text(
        "Evaluate every event with only the evidence, ties, claims and attributions known on a date",
    );
    let mut field = egui::TextEdit::singleline(text)
        .id(id)
        .desired_width(86.0)
        .hint_text("YYYY-MM-DD");
    if bad {
        field = field.text_color(ui.visuals().error_fg_color);
    }
    let response = ui.add(field).labelled_by(label.id).on_hover_text(if bad {
        "Not a date: write YYYY, YYYY-MM or YYYY-MM-DD, then press Enter"
    } else {
        "Type a date and press Enter; empty means everything known"
    });
    if response.lost_focus() && !bad {
        let wanted = parsed.ok();
        if wanted != view.as_of {
            commands.send(Command::SetAsOf(wanted));
        }
    }
    if view.as_of.is_some()
        && ui
            .small_button("\u{d7}")
            .on_hover_text("Back to everything known")
            .clicked()
    {
        text.clear();
        commands.send(Command::SetAsOf(None));
    }
}

/// The Filters menu: actor, country and date range, and clearing every filter. Edits `filter`,
/// which the bar sends as one command when it changed.
fn filters_menu_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    bar_ctx: &TopBarCtx<'_>,
    filter: &mut Filter,
) {
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
        let case = view.case;
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
                let mut actors: Vec<&Actor> = case.actors.iter().collect();
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
                for c in bar_ctx.countries {
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
