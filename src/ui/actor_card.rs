//! The selected actor's card, a window beside the views: what it is (kind, parent, aliases,
//! dates, description), its events, its organs and members, and its ties with their evidence
//! and grades; names are buttons that select that actor or go to that event. It reads the shared
//! view state and emits commands; closing it clears the actor selection.

use eframe::egui::{self, RichText};

use super::ViewCtx;
use crate::command::{Command, CommandSender};
use crate::model::{Actor, Case, Tie};
use crate::query::actor::{ActorFacts, facts};

/// Events listed on a card at most (the timeline highlights them all).
const LISTED_EVENTS: usize = 15;

/// The actor card (see the module docs), with the facts of the actor it last showed.
#[derive(Debug, Default)]
pub struct ActorCard {
    /// The actor and case size the facts were found for, and the facts.
    facts: Option<((String, usize, usize), ActorFacts)>,
}

impl ActorCard {
    /// Shows the card of the selected actor, if any (not while presenting).
    pub fn ui(&mut self, ctx: &egui::Context, view: &ViewCtx<'_>, commands: &mut CommandSender) {
        let case = view.case;
        let Some(actor) = view
            .selected_actor
            .filter(|_| !view.presenting)
            .and_then(|id| case.actor(id))
        else {
            return;
        };
        let stale = self.facts.as_ref().is_none_or(|((id, ties, events), _)| {
            *id != actor.id || *ties != case.ties.len() || *events != case.events.len()
        });
        if stale {
            let key = (actor.id.clone(), case.ties.len(), case.events.len());
            self.facts = Some((key, facts(case, &actor.id, LISTED_EVENTS)));
        }
        let Some((_, found)) = &self.facts else {
            return;
        };
        let mut open = true;
        egui::Window::new(format!("Actor: {}", actor.name))
            .id(egui::Id::unique("actor-card"))
            .open(&mut open)
            .default_width(420.0)
            .default_pos(ctx.content_rect().right_top() + egui::vec2(-880.0, 90.0))
            .vscroll(true)
            .show(ctx, |ui| card_ui(ui, view, actor, found, commands));
        if !open {
            commands.send(Command::SelectActor(None));
        }
    }
}

/// The card's content.
fn card_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    actor: &Actor,
    found: &ActorFacts,
    commands: &mut CommandSender,
) {
    let case = view.case;
    let dates = span_words(actor.founded, actor.dissolved)
        .map(|w| format!(" \u{b7} {w}"))
        .unwrap_or_default();
    ui.label(RichText::new(format!("{}{dates}", actor.kind.label())).strong());
    if let Some(parent) = actor.parent.as_deref().and_then(|p| case.actor(p)) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Part of");
            actor_button(ui, parent, commands);
        });
    }
    if !actor.aliases.is_empty() {
        ui.label(format!("Also called: {}", actor.aliases.join(", ")));
    }
    if !actor.description.is_empty() {
        ui.label(&actor.description);
    }
    for id in &actor.sources {
        citation_ui(ui, case, id);
    }
    ui.separator();
    ui.label(
        RichText::new(format!(
            "Events ({}: perpetrator or claimant)",
            found.event_total
        ))
        .strong(),
    );
    if found.event_total == 0 {
        ui.weak("No event in this case names it.");
    }
    for &i in &found.events {
        super::event_row_ui(ui, view, i, commands);
    }
    if found.event_total > found.events.len() {
        ui.weak(format!(
            "and {} more, highlighted on the timeline",
            found.event_total - found.events.len()
        ));
    }
    if !found.below.is_empty() {
        ui.separator();
        ui.label(RichText::new("Organs and members").strong());
        ui.horizontal_wrapped(|ui| {
            for &i in &found.below {
                if let Some(a) = case.actors.get(i) {
                    actor_button(ui, a, commands);
                }
            }
        });
    }
    ui.separator();
    ui.label(RichText::new(format!("Ties ({})", found.ties.len())).strong());
    if found.ties.is_empty() {
        ui.weak("No ties in this case.");
    }
    for &t in &found.ties {
        if let Some(tie) = case.ties.get(t) {
            tie_ui(ui, view, actor, tie, commands);
        }
    }
}

/// A span of dates in words ("2007 \u{2013} 2020", "from 2007", "until 2020"); `None` when
/// neither end is known.
fn span_words(
    start: Option<crate::model::PartialDate>,
    end: Option<crate::model::PartialDate>,
) -> Option<String> {
    match (start, end) {
        (Some(a), Some(b)) => Some(format!("{} \u{2013} {}", a.human(), b.human())),
        (Some(a), None) => Some(format!("from {}", a.human())),
        (None, Some(b)) => Some(format!("until {}", b.human())),
        (None, None) => None,
    }
}

/// A source's full citation, small (its id when the case lacks it).
fn citation_ui(ui: &mut egui::Ui, case: &Case, id: &str) {
    let text = case
        .source(id)
        .map_or_else(|| id.to_owned(), crate::model::Source::full_citation);
    ui.label(RichText::new(text).small().weak());
}

/// A button with an actor's name that selects it.
fn actor_button(ui: &mut egui::Ui, actor: &Actor, commands: &mut CommandSender) {
    if ui
        .link(&actor.name)
        .on_hover_text("Open its card and highlight its events")
        .clicked()
    {
        commands.send(Command::SelectActor(Some(actor.id.clone())));
    }
}

/// One tie: who to whom, when, and its evidence with grades.
fn tie_ui(
    ui: &mut egui::Ui,
    view: &ViewCtx<'_>,
    actor: &Actor,
    tie: &Tie,
    commands: &mut CommandSender,
) {
    let case: &Case = view.case;
    let other_id = if tie.from == actor.id {
        &tie.to
    } else {
        &tie.from
    };
    let when = span_words(tie.start, tie.end).unwrap_or_else(|| "dates unknown".to_owned());
    let approx = if tie.approximate { " (approx.)" } else { "" };
    let header = format!(
        "{} {} {} \u{b7} {when}{approx} \u{b7} {} evidence item(s)",
        case.actor_name(&tie.from),
        tie.kind.label(),
        case.actor_name(&tie.to),
        tie.evidence.len()
    );
    egui::CollapsingHeader::new(header)
        .id_salt(("actor-card-tie", &tie.id))
        .show(ui, |ui| {
            if let Some(other) = case.actor(other_id) {
                ui.horizontal_wrapped(|ui| {
                    ui.label("Open");
                    actor_button(ui, other, commands);
                });
            }
            if let Some(note) = &tie.note {
                ui.label(RichText::new(note).italics());
            }
            for ev in &tie.evidence {
                let counted = ev.parsed_grade().is_some_and(|g| g.meets(view.bar));
                let grade = if counted {
                    RichText::new(&ev.grade).strong()
                } else {
                    RichText::new(&ev.grade).weak()
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(grade).on_hover_text(if counted {
                        "Graded at or above the evidence bar: weighed"
                    } else {
                        "Graded below the evidence bar: listed, not weighed"
                    });
                    ui.label(&ev.shows);
                });
                for id in &ev.sources {
                    citation_ui(ui, case, id);
                }
            }
        });
}
