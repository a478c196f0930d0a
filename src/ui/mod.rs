//! The views: each a struct with a `ui` method that reads [`ViewCtx`] and pushes commands.

pub mod actor_card;
pub mod details;
pub mod network;
pub mod slide;
pub mod status_bar;
pub mod stories;
pub mod theme;
pub mod timeline;
pub mod top_bar;

use crate::attribution::{Standard, Verdict};
use crate::model::{Case, Grade};
use crate::query::Filter;

/// What every view may read: the case, the selection and the active attribution settings.
pub struct ViewCtx<'a> {
    /// The open case.
    pub case: &'a Case,
    /// The selected event (index into `case.events`).
    pub selected_event: Option<usize>,
    /// The selected actor id.
    pub selected_actor: Option<&'a str>,
    /// The candidate state for attribution.
    pub state: &'a str,
    /// The active standard.
    pub standard: Standard,
    /// The evidence bar.
    pub bar: Grade,
    /// Evaluate as known on this date (`None`: everything known).
    pub as_of: Option<crate::model::PartialDate>,
    /// The verdict of each event under the active standard (parallel to `case.events`).
    pub verdicts: &'a [Verdict],
    /// The active filter.
    pub filter: &'a Filter,
    /// Dark theme.
    pub dark: bool,
    /// The brushed day range on the timeline, which narrows the other views.
    pub brush: Option<(i32, i32)>,
    /// Presentation mode: views drop their own toolbars.
    pub presenting: bool,
    /// How many events the timeline highlights for the selected actor (with the groups it
    /// sponsors when the timeline is asked to include them); counted once per change, not per
    /// frame.
    pub actor_event_count: usize,
    /// With an actor selected: the actors whose events the timeline highlights (the selected
    /// one, and what it sponsors when asked), worked out once per change.
    pub highlighted_actors: Option<&'a std::collections::HashSet<String>>,
    /// With a brushed range: the actors (indices) of the events in it, which the network
    /// highlights.
    pub brushed_actors: Option<&'a std::collections::HashSet<usize>>,
    /// Per standard, how many events (in the brushed range, if any) it finds met.
    pub met_counts: &'a [(Standard, usize)],
}

/// A row for an event in a list (the search's matches, an actor's events): its date and title;
/// a click selects it and zooms the timeline to it.
pub fn event_row_ui(
    ui: &mut eframe::egui::Ui,
    view: &ViewCtx<'_>,
    i: usize,
    commands: &mut crate::command::CommandSender,
) {
    let Some(e) = view.case.events.get(i) else {
        return;
    };
    if ui
        .selectable_label(view.selected_event == Some(i), event_row_text(e))
        .on_hover_text("Select it and zoom the timeline to it")
        .clicked()
    {
        commands.send(crate::command::Command::GoToEvent(i));
    }
}

/// The text of an event's row in a list: "15 Feb 2021  ·  Rocket attack on …".
#[must_use]
pub fn event_row_text(e: &crate::model::Event) -> String {
    format!("{}  \u{b7}  {}", e.date_human(), e.title)
}

/// Saves a screenshot as a PNG file, atomically (a temporary file beside it, renamed over it
/// once complete); returns a status line for the user, or why it could not be written.
pub fn save_png(
    image: &eframe::egui::ColorImage,
    path: &std::path::Path,
) -> Result<String, String> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(eframe::egui::Color32::to_srgba_unmultiplied)
        .collect();
    let Some(buffer) = image::RgbaImage::from_raw(w as u32, h as u32, bytes) else {
        return Err("Could not export the image: the screenshot had an unexpected size".to_owned());
    };
    let mut png = std::io::Cursor::new(Vec::new());
    buffer
        .write_to(&mut png, image::ImageFormat::Png)
        .map_err(|e| format!("Could not encode the image: {e}"))?;
    crate::model::load::write_atomic(png.get_ref(), path)
        .map(|()| format!("Saved the view as {}", path.display()))
        .map_err(|e| format!("Could not save the image: {e}"))
}
