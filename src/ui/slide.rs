//! The presented step's reasoning, laid out to fit: the event in two lines, the chain of ties
//! from the state to each candidate, and the verdict table (every standard, the candidate it is
//! about, and a one-line why). A clicker cannot scroll, so nothing here scrolls: the view
//! measures its text at a type size and picks the largest size at which everything fits in the
//! space it has; when that size is small, it drops secondary parts in order (the why after its
//! first sentence, then the why and chains past the first few) if that makes the type larger,
//! so that the verdict table always fits whole in type readable across a room.
//!
//! It reads the shared view state and emits no commands (presenting is driven by keys).

use std::sync::Arc;

use eframe::egui::{self, Color32, FontId, Galley, TextFormat, text::LayoutJob};

use super::{ViewCtx, theme};
use crate::attribution::{Evaluator, Verdict};
use crate::model::Event;
use crate::report;

/// The largest type size tried, in points (before the presentation's zoom).
const LARGEST: f32 = 26.0;
/// The smallest type size used, in points: about 18 physical pixels at a projector's 1080 lines,
/// readable from the back of a meeting room.
const SMALLEST: f32 = 13.0;
/// A slide keeps all it can as long as its type is at least this size, in points; below it,
/// it drops secondary parts when that makes the type larger.
const COMFORTABLE: f32 = 17.0;
/// Chains shown at most once the slide must shrink (the rest are counted).
const FEW_CHAINS: usize = 3;
/// The gap between blocks, in multiples of the type size.
const GAP: f32 = 0.45;

/// What a slide keeps, from everything down to the bare table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Keep {
    /// Every part, each why whole.
    All,
    /// Each why cut after its first sentence.
    ShortWhy,
    /// No why; chains past the first few counted.
    TableOnly,
}

/// The presented step's reasoning (see the module docs), with the slide it last fitted: a
/// presented frame repaints (the force layout, a hover) without weighing the event again or
/// bisecting its type size.
#[derive(Debug, Default)]
pub struct SlideView {
    fitted: Option<(SlideKey, Content, (Keep, f32))>,
}

/// What a fitted slide depends on.
#[derive(Clone, Debug, PartialEq)]
struct SlideKey {
    event: String,
    state: String,
    bar: crate::model::Grade,
    as_of: Option<crate::model::PartialDate>,
    /// The case (its address) and its size, so that another case or an edit refits.
    case: (usize, usize, usize, usize),
    room: (f32, f32),
    dark: bool,
    /// The type's zoom, which changes what fits.
    zoom: f32,
}

/// The text of a slide, before it is sized.
#[derive(Debug)]
struct Content {
    title: String,
    facts: String,
    chain_heading: String,
    chains: Vec<String>,
    table_heading: String,
    rows: Vec<Row>,
}

/// One standard's row.
#[derive(Debug)]
struct Row {
    standard: &'static str,
    verdict: Verdict,
    about: String,
    why: String,
}

impl SlideView {
    /// Shows the reasoning for `event` in the space the `ui` has, without scrolling.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &ViewCtx<'_>, event: &Event) {
        let width = ui.available_width();
        let height = ui.available_height();
        let colors = Colors::of(ui, view.dark);
        let case = view.case;
        let key = SlideKey {
            event: event.id.clone(),
            state: view.state.to_owned(),
            bar: view.bar,
            as_of: view.as_of,
            case: (
                std::ptr::from_ref(case).addr(),
                case.events.len(),
                case.ties.len(),
                case.evidence.len(),
            ),
            room: (width, height),
            dark: view.dark,
            zoom: ui.ctx().zoom_factor(),
        };
        if self.fitted.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let content = content(view, event);
            let chosen = fit(ui, &content, width, height, &colors);
            self.fitted = Some((key, content, chosen));
        }
        let Some((_, content, (keep, size))) = &self.fitted else {
            return;
        };
        let (keep, size) = (*keep, *size);
        let blocks = layout(ui, content, keep, size, width, &colors);
        ui.spacing_mut().item_spacing.y = size * GAP;
        for galley in blocks {
            ui.add(egui::Label::new(galley).selectable(false));
        }
    }
}

/// What the slide keeps and its type size: the first that fits at a comfortable size; else
/// whichever fits at the largest size; when nothing fits even bare at the smallest size (a tiny
/// window), the bare table at it.
fn fit(ui: &egui::Ui, content: &Content, width: f32, height: f32, colors: &Colors) -> (Keep, f32) {
    let mut chosen: Option<(Keep, f32)> = None;
    for keep in [Keep::All, Keep::ShortWhy, Keep::TableOnly] {
        if let Some(size) = largest_fitting(ui, content, keep, width, height, colors) {
            if size >= COMFORTABLE {
                return (keep, size);
            }
            if chosen.is_none_or(|(_, best)| size > best) {
                chosen = Some((keep, size));
            }
        }
    }
    chosen.unwrap_or((Keep::TableOnly, SMALLEST))
}

/// The slide's text for an event: names, never ids.
fn content(view: &ViewCtx<'_>, event: &Event) -> Content {
    let case = view.case;
    let mut facts = vec![
        event.date_human(),
        format!("{}, {}", event.place.name, event.place.country),
        event.kind.label().to_owned(),
    ];
    facts.retain(|f| !f.trim().trim_matches(',').trim().is_empty());
    if let Some(k) = &event.killed {
        facts.push(format!("killed {}", k.human()));
    }
    let claims: Vec<&str> = event
        .claims
        .iter()
        .map(|c| case.actor_name(&c.actor))
        .collect();
    facts.push(if claims.is_empty() {
        "no claim".to_owned()
    } else {
        format!("claimed by {}", claims.join(", "))
    });
    let evaluator = Evaluator::new(case, view.state).as_of(view.as_of);
    let rows = evaluator
        .evaluate_all(event, view.bar)
        .into_iter()
        .map(|f| Row {
            standard: f.standard.name(),
            verdict: f.verdict,
            about: f
                .candidate
                .as_deref()
                .map(|c| case.actor_name(c).to_owned())
                .unwrap_or_default(),
            why: f.reasons.first().cloned().unwrap_or_default(),
        })
        .collect();
    let as_of = view
        .as_of
        .map(|d| format!(", as known on {}", d.human()))
        .unwrap_or_default();
    Content {
        title: event.title.clone(),
        facts: facts.join(" \u{b7} "),
        chain_heading: format!("Chain of ties to {}", case.actor_name(view.state)),
        chains: report::chain_lines(case, event, view.state),
        table_heading: format!(
            "Standards of attribution (evidence bar {}{as_of})",
            view.bar
        ),
        rows,
    }
}

/// The colours a slide is written in.
struct Colors {
    text: Color32,
    strong: Color32,
    weak: Color32,
    dark: bool,
}

impl Colors {
    fn of(ui: &egui::Ui, dark: bool) -> Self {
        let v = ui.visuals();
        Self {
            text: v.text_color(),
            strong: v.strong_text_color(),
            weak: v.weak_text_color(),
            dark,
        }
    }
}

/// The largest size (to half a point) at which the slide, keeping `keep`, fits the space.
fn largest_fitting(
    ui: &egui::Ui,
    content: &Content,
    keep: Keep,
    width: f32,
    height: f32,
    colors: &Colors,
) -> Option<f32> {
    let fits = |size: f32| {
        let blocks = layout(ui, content, keep, size, width, colors);
        let gaps = size * GAP * blocks.len().saturating_sub(1) as f32;
        blocks.iter().map(|g| g.size().y).sum::<f32>() + gaps <= height
    };
    if !fits(SMALLEST) {
        return None;
    }
    // Bisection on half points: the fitted height grows with the size.
    let (mut lo, mut hi) = ((SMALLEST * 2.0) as i32, (LARGEST * 2.0) as i32);
    while lo < hi {
        let mid = (lo + hi + 1) / 2;
        if fits(mid as f32 / 2.0) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo as f32 / 2.0)
}

/// The first sentence of a why (up to the first ". " or "; "), or all of it.
fn first_sentence(why: &str) -> &str {
    let cut = [". ", "; "]
        .iter()
        .filter_map(|p| why.find(p))
        .min()
        .unwrap_or(why.len());
    &why[..cut]
}

/// The slide's blocks at a type size, wrapped to `width`.
fn layout(
    ui: &egui::Ui,
    content: &Content,
    keep: Keep,
    size: f32,
    width: f32,
    colors: &Colors,
) -> Vec<Arc<Galley>> {
    let font = |scale: f32| FontId::proportional(size * scale);
    let fmt = |scale: f32, color: Color32| TextFormat {
        font_id: font(scale),
        color,
        ..Default::default()
    };
    let block = |parts: &[(&str, TextFormat)]| {
        let mut job = LayoutJob::default();
        job.wrap.max_width = width;
        for (text, format) in parts {
            job.append(text, 0.0, format.clone());
        }
        ui.painter().layout_job(job)
    };
    let mut out = vec![
        block(&[(&content.title, fmt(1.25, colors.strong))]),
        block(&[(&content.facts, fmt(1.0, colors.text))]),
        block(&[(&content.chain_heading, fmt(1.0, colors.strong))]),
    ];
    let shown = if keep == Keep::TableOnly {
        FEW_CHAINS
    } else {
        content.chains.len()
    };
    for chain in content.chains.iter().take(shown) {
        out.push(block(&[(chain, fmt(0.9, colors.text))]));
    }
    if content.chains.len() > shown {
        let more = format!(
            "and {} more candidates (in the brief)",
            content.chains.len() - shown
        );
        out.push(block(&[(&more, fmt(0.9, colors.weak))]));
    }
    out.push(block(&[(&content.table_heading, fmt(1.0, colors.strong))]));
    for row in &content.rows {
        let verdict = format!("  {}", row.verdict.label());
        let about = if row.about.is_empty() || row.verdict == Verdict::NotApplicable {
            String::new()
        } else {
            format!("  \u{b7} {}", row.about)
        };
        let why = match keep {
            Keep::All => row.why.as_str(),
            Keep::ShortWhy => first_sentence(&row.why),
            Keep::TableOnly => "",
        };
        let why = if why.is_empty() {
            String::new()
        } else {
            format!("\n{why}")
        };
        let verdict_color = theme::verdict_color(row.verdict, colors.dark);
        out.push(block(&[
            (row.standard, fmt(1.0, colors.strong)),
            (&verdict, fmt(1.0, verdict_color)),
            (&about, fmt(1.0, colors.text)),
            (&why, fmt(0.8, colors.weak)),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn a_why_is_cut_after_its_first_sentence() {
        assert_eq!(first_sentence("Met: a. b"), "Met: a");
        assert_eq!(first_sentence("Not met: x; y. z"), "Not met: x");
        assert_eq!(first_sentence("whole"), "whole");
    }
}
