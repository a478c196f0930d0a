//! The attribution side panel for the selected event: what happened, who claimed it, who is
//! assessed, the chain of ties to the state, the standards table with an expandable "why", the
//! graded evidence with its sources one click away, official attributions in date order,
//! counterpoints and the ACH matrix. With no event selected it shows, for the state, how many
//! events each standard attributes at the current bar.

use eframe::egui::{self, RichText};
use egui_plot::{Bar, BarChart, Plot};

use super::{ViewCtx, theme};
use crate::attribution::{self, Status, Verdict};
use crate::command::{Command, CommandSender};
use crate::model::{Case, Consistency, Event, PartialDate, Stance};
use crate::report;

/// The side panel (it keeps no state of its own: what it shows comes from the [`ViewCtx`]).
#[derive(Clone, Debug, Default)]
pub struct DetailsView;

/// A label that wraps at the panel's width, whatever the surrounding wrap mode (long reasoning
/// lines must never widen the panel).
fn wrapped(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    ui.add(egui::Label::new(text).wrap())
}

/// A finding's reasons and requirements, each with its weighed evidence, gap and what would
/// close it, and what would change the verdict.
fn finding_body_ui(ui: &mut egui::Ui, case: &Case, event: &Event, f: &attribution::Finding) {
    for r in &f.reasons {
        wrapped(ui, format!("\u{2022} {r}"));
    }
    for req in &f.requirements {
        let mark = match req.status {
            Status::Shown => "[shown]",
            Status::Unshown => "[not shown]",
            Status::Refuted => "[refuted]",
            Status::Contested => "[contested]",
        };
        wrapped(ui, RichText::new(format!("{mark} {}", req.text)).strong()).on_hover_text(format!(
            "Weight for {:.2}, against {:.2}; {} needs {:.2} for, under {:.2} against",
            req.weight_for,
            req.weight_against,
            f.proof.name(),
            f.proof.threshold(),
            attribution::weigh::STRONG
        ));
        for e in &req.evidence {
            let grade = e.grade.map_or("??".to_owned(), |g| g.to_string());
            let mut notes = Vec::new();
            if e.counted {
                notes.push(format!("weight {:.2}", e.weight));
            } else {
                notes.push("below the bar, not weighed".to_owned());
            }
            if let Some(p) = &e.interested {
                notes.push(format!("the word of {p}, an interested party: half weight"));
            }
            if e.same_originator_as.is_some() {
                notes.push("same originator as another item: counted once".to_owned());
            }
            let stance = if e.contradicts { "against" } else { "for" };
            wrapped(
                ui,
                format!("    [{grade}] {stance}: {} ({})", e.shows, notes.join("; ")),
            );
        }
        if let Some(gap) = &req.gap {
            wrapped(ui, RichText::new(format!("    Gap: {gap}")).italics());
        }
        if let Some(m) = &req.missing {
            wrapped(
                ui,
                RichText::new(format!("    Would close it: {m}")).italics(),
            );
        }
    }
    if let Some(line) = report::change_line(case, event, f) {
        wrapped(ui, RichText::new(line).italics());
    }
}

fn source_buttons(
    ui: &mut egui::Ui,
    ctx: &ViewCtx<'_>,
    ids: &[String],
    commands: &mut CommandSender,
) {
    for id in ids {
        let Some(s) = ctx.case.source(id) else {
            ui.label(format!("[{id}] (unknown source)"));
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("[{}]", s.kind.label()))
                    .small()
                    .weak(),
            );
            ui.label(RichText::new(&s.title).italics());
            if let Some(url) = &s.url
                && ui.small_button("Open").on_hover_text(url).clicked()
            {
                commands.send(Command::OpenUrl(url.clone()));
            }
            if ui
                .small_button("Copy citation")
                .on_hover_text(s.full_citation())
                .clicked()
            {
                commands.send(Command::Copy(s.full_citation()));
            }
        });
    }
}

impl DetailsView {
    /// Shows the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                match ctx.selected_event.and_then(|i| ctx.case.events.get(i)) {
                    Some(event) => Self::event_ui(ui, ctx, event, commands),
                    None => Self::overview_ui(ui, ctx, commands),
                }
            });
    }

    fn overview_ui(ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
        ui.heading(&ctx.case.title);
        ui.label(&ctx.case.description);
        ui.add_space(6.0);
        ui.label(RichText::new("Select an event on the timeline (click, or press Tab) to see who is responsible and why.").strong());
        ui.add_space(8.0);
        let range = ctx.brush.map_or(String::new(), |(a, b)| {
            format!(
                " between {} and {}",
                PartialDate::from_day(a).human(),
                PartialDate::from_day(b).human()
            )
        });
        ui.label(format!(
            "Events{range} attributable to {} under each standard at evidence bar {}:",
            ctx.case.actor_name(ctx.state),
            ctx.bar
        ));
        if ctx.brush.is_some()
            && ui
                .button("Clear the brushed range")
                .on_hover_text(
                    "Count the whole case again (Ctrl-drag on the timeline brushes a range)",
                )
                .clicked()
        {
            commands.send(Command::Brush(None));
        }
        let bars: Vec<Bar> = ctx
            .met_counts
            .iter()
            .enumerate()
            .map(|(i, (s, n))| Bar::new(i as f64, *n as f64).name(s.name()).width(0.7))
            .collect();
        Plot::new("met-per-standard")
            .height(180.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .show_x(false)
            .show_axes([false, true])
            .include_y(0.0)
            .include_y(1.0)
            .show(ui, |plot| {
                plot.bar_chart(
                    BarChart::new("met", bars).color(theme::verdict_color(Verdict::Met, ctx.dark)),
                );
            });
        ui.label(RichText::new("Bars, left to right:").weak());
        for (k, (s, n)) in ctx.met_counts.iter().enumerate() {
            ui.label(format!("{}. {}: {n}", k + 1, s.name()));
        }
        Self::lag_ui(ui, ctx);
        Self::argument_ui(ui, ctx, commands);
    }

    /// The attribution lag: per attributing party, the median time from an event to its first
    /// attribution of it (a bar per party, in months), then each party's figures in words.
    fn lag_ui(ui: &mut egui::Ui, ctx: &ViewCtx<'_>) {
        let lags = attribution::lag::attribution_lags(ctx.case);
        if lags.is_empty() {
            return;
        }
        ui.separator();
        ui.label(RichText::new("Attribution lag").strong()).on_hover_text(
            "How long after each event each party first attributed it: attribution is often declared late, when it is expedient",
        );
        let bars: Vec<Bar> = lags
            .iter()
            .enumerate()
            .map(|(i, p)| {
                Bar::new(i as f64, p.median_days / 30.44)
                    .name(ctx.case.actor_name(&p.party))
                    .width(0.7)
            })
            .collect();
        Plot::new("attribution-lag")
            .height(140.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .show_x(false)
            .show_axes([false, true])
            .y_axis_label("median months")
            .include_y(0.0)
            .include_y(1.0)
            .show(ui, |plot| {
                plot.bar_chart(
                    BarChart::new("lag", bars)
                        .color(theme::verdict_color(Verdict::Insufficient, ctx.dark)),
                );
            });
        for (k, p) in lags.iter().enumerate() {
            let (min, max) = p.lags.iter().fold((i32::MAX, i32::MIN), |(a, b), l| {
                (a.min(l.days), b.max(l.days))
            });
            wrapped(
                ui,
                format!(
                    "{}. {}: median {} over {} event(s) (from {} to {})",
                    k + 1,
                    ctx.case.actor_name(&p.party),
                    attribution::lag::days_human(p.median_days),
                    p.lags.len(),
                    attribution::lag::days_human(f64::from(min)),
                    attribution::lag::days_human(f64::from(max))
                ),
            );
        }
    }

    /// The case-level analysis (not tied to one event): claims for and against, side by side,
    /// each with its grade and sources.
    fn argument_ui(ui: &mut egui::Ui, ctx: &ViewCtx<'_>, commands: &mut CommandSender) {
        if ctx.case.evidence.is_empty() {
            return;
        }
        ui.separator();
        ui.label(RichText::new("The argument across the case").strong())
            .on_hover_text(
                "Analysis about the whole relationship rather than one attack. Only evidence of a \
                 group's dependence on the state counts towards verdicts; the rest is context.",
            );
        for (title, stance) in [
            ("For attributing to the sponsor", Stance::Supports),
            ("Against, or complicating it", Stance::Contradicts),
        ] {
            let items: Vec<_> = ctx
                .case
                .evidence
                .iter()
                .filter(|e| e.stance == stance)
                .collect();
            if items.is_empty() {
                continue;
            }
            egui::CollapsingHeader::new(format!("{title} ({})", items.len()))
                .id_salt(("argument", title))
                .default_open(true)
                .show(ui, |ui| {
                    for e in items {
                        ui.label(format!("[{}] {}", e.grade, e.shows))
                            .on_hover_text(&e.grade_reason);
                        source_buttons(ui, ctx, &e.sources, commands);
                        ui.add_space(4.0);
                    }
                });
        }
    }

    fn event_ui(ui: &mut egui::Ui, ctx: &ViewCtx<'_>, event: &Event, commands: &mut CommandSender) {
        let case = ctx.case;
        ui.heading(&event.title);
        ui.label(format!(
            "{} · {}, {} · {}",
            event.date_human(),
            event.place.name,
            event.place.country,
            event.kind.label()
        ));
        if let Some(d) = &event.date_disputed {
            ui.label(RichText::new(format!("Date disputed: {d}")).italics());
        }
        for (label, count) in [("Killed", &event.killed), ("Wounded", &event.wounded)] {
            let Some(c) = count else { continue };
            ui.label(format!("{label}: {}", c.human()))
                .on_hover_text("Hover the figures below for which source says what");
            for r in &c.reports {
                let fig = r
                    .max
                    .map_or(r.min.to_string(), |m| format!("{}\u{2013}{m}", r.min));
                ui.label(
                    RichText::new(format!(
                        "   {fig} per {}{}",
                        case.source(&r.source)
                            .map_or(r.source.as_str(), |s| s.title.as_str()),
                        r.note
                            .as_deref()
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default()
                    ))
                    .small(),
                );
            }
        }
        ui.label(&event.summary);
        ui.add_space(4.0);
        let claims: Vec<&str> = event
            .claims
            .iter()
            .map(|c| case.actor_name(&c.actor))
            .collect();
        ui.label(format!(
            "Claimed by: {}",
            if claims.is_empty() {
                "no claim on record".to_owned()
            } else {
                claims.join(", ")
            }
        ));
        let perps: Vec<&str> = event
            .perpetrators
            .iter()
            .map(|p| case.actor_name(p))
            .collect();
        ui.label(
            RichText::new(format!(
                "Assessed responsible: {}",
                if perps.is_empty() {
                    "not assessed".to_owned()
                } else {
                    perps.join(", ")
                }
            ))
            .strong(),
        );
        if ui
            .button("Copy as Markdown")
            .on_hover_text("The whole reasoning with full citations")
            .clicked()
        {
            commands.send(Command::Copy(report::event_markdown(
                case, event, ctx.state, ctx.bar, ctx.as_of,
            )));
        }

        ui.separator();
        ui.label(
            RichText::new(format!("Chain of ties to {}", case.actor_name(ctx.state))).strong(),
        );
        for line in report::chain_lines(case, event, ctx.state) {
            ui.label(line);
        }

        ui.separator();
        let heading = match ctx.as_of {
            Some(d) => format!(
                "Standards of attribution (evidence bar {}, as known on {})",
                ctx.bar,
                d.human()
            ),
            None => format!("Standards of attribution (evidence bar {})", ctx.bar),
        };
        ui.label(RichText::new(heading).strong());
        let evaluator = attribution::Evaluator::new(case, ctx.state).as_of(ctx.as_of);
        let findings = evaluator.evaluate_all(event, ctx.bar);
        for f in &findings {
            ui.horizontal_wrapped(|ui| {
                let active = f.standard == ctx.standard;
                if ui
                    .selectable_label(active, RichText::new(f.standard.name()).strong())
                    .on_hover_text(format!(
                        "{}\nProof required: {} ({})\nClick to colour the timeline by this standard",
                        f.standard.basis(),
                        f.proof.name(),
                        f.proof.source()
                    ))
                    .clicked()
                    && !active
                {
                    commands.send(Command::SetStandard(f.standard));
                }
                let about = f.candidate.as_deref().map_or_else(
                    || "No candidate perpetrator".to_owned(),
                    |c| {
                        format!(
                            "About {} (of {} candidate(s)); open \"Why\" below for the others",
                            case.actor_name(c),
                            f.alternatives.len() + 1
                        )
                    },
                );
                ui.colored_label(theme::verdict_color(f.verdict, ctx.dark), f.verdict.label())
                    .on_hover_text(about);
                if f.verdict != Verdict::NotApplicable {
                    ui.label(RichText::new(format!("{} confidence", f.confidence.id())).weak());
                    if let Some(c) = f.candidate.as_deref() {
                        ui.label(RichText::new(format!("if {}", case.actor_name(c))).weak());
                    }
                }
            });
            if let Some(why) = f.reasons.first() {
                wrapped(ui, RichText::new(format!("   {why}")).small());
            }
            if let Some(line) = report::change_line(case, event, f) {
                wrapped(ui, RichText::new(format!("   {line}")).small().italics());
            }
        }
        if let Some(d) = evaluator.first_met(event, ctx.standard, ctx.bar) {
            ui.label(format!(
                "First attributable under {}: {} ({} after the event)",
                ctx.standard.name(),
                d.human(),
                attribution::lag::days_human(f64::from(d.first_day() - event.first_day()))
            ));
        } else if findings
            .iter()
            .any(|f| f.standard == ctx.standard && f.verdict != Verdict::NotApplicable)
        {
            ui.label(format!(
                "Never attributable under {} on what the case holds",
                ctx.standard.name()
            ));
        }
        for f in &findings {
            egui::CollapsingHeader::new(format!(
                "Why: {} \u{2014} {}",
                f.standard.name(),
                f.verdict.label()
            ))
            .id_salt(("why", f.standard))
            .show(ui, |ui| {
                ui.label(RichText::new(f.standard.basis()).italics());
                ui.label(
                    RichText::new(format!(
                        "Proof required: {} ({})",
                        f.proof.name(),
                        f.proof.source()
                    ))
                    .italics(),
                );
                finding_body_ui(ui, case, event, f);
                for alt in &f.alternatives {
                    let who = alt
                        .candidate
                        .as_deref()
                        .map_or("no candidate", |c| case.actor_name(c));
                    egui::CollapsingHeader::new(format!(
                        "If {who} carried it out: {}",
                        alt.verdict.label()
                    ))
                    .id_salt(("alt", f.standard, who))
                    .show(ui, |ui| finding_body_ui(ui, case, event, alt));
                }
            });
        }

        ui.separator();
        ui.label(RichText::new("Evidence").strong());
        for ev in &event.evidence {
            let counted = ev.parsed_grade().is_some_and(|g| g.meets(ctx.bar));
            let head = format!(
                "[{}] {} {}",
                ev.grade,
                if ev.stance == Stance::Contradicts {
                    "\u{2212}"
                } else {
                    "+"
                },
                ev.shows
            );
            let text = if counted {
                RichText::new(head)
            } else {
                RichText::new(head).weak()
            };
            let interested = ev
                .interested
                .as_deref()
                .map(|p| {
                    format!(
                        "\nThe word of an interested party ({}): weighed at half",
                        case.actor_name(p)
                    )
                })
                .unwrap_or_default();
            ui.label(text).on_hover_text(format!(
                "{} — {}\nBears on {}{interested}",
                ev.grade,
                ev.grade_reason,
                report::bears_on_words(case, &ev.bears_on)
            ));
            source_buttons(ui, ctx, &ev.sources, commands);
        }
        if event.evidence.is_empty() {
            ui.label("No evidence recorded for this event.");
        }
        ui.label(RichText::new("Sources for the facts").strong());
        source_buttons(ui, ctx, &event.sources, commands);

        let mut atts: Vec<_> = case
            .attributions
            .iter()
            .filter(|a| a.event == event.id)
            .collect();
        atts.sort_by_key(|a| a.date);
        ui.separator();
        ui.label(RichText::new("Official attributions").strong());
        if atts.is_empty() {
            ui.label("None on record.");
        }
        for a in atts {
            let to: Vec<&str> = a.to.iter().map(|t| case.actor_name(t)).collect();
            let to = if to.is_empty() {
                "did not attribute".to_owned()
            } else {
                format!("-> {}", to.join(", "))
            };
            ui.label(format!(
                "{} \u{00b7} {} {to}",
                a.date.human(),
                case.actor_name(&a.by)
            ));
            ui.label(RichText::new(&a.statement).small());
            source_buttons(ui, ctx, &a.sources, commands);
        }

        let counter: Vec<_> = event
            .evidence
            .iter()
            .filter(|e| e.stance == Stance::Contradicts)
            .collect();
        for line in report::lag_lines(case, event) {
            wrapped(
                ui,
                RichText::new(format!("Attribution lag \u{2014} {line}")).small(),
            );
        }

        ui.separator();
        ui.label(RichText::new("Counterpoints").strong());
        if counter.is_empty() {
            ui.label("No contradicting evidence recorded.");
        }
        for e in counter {
            ui.label(format!("[{}] {}", e.grade, e.shows));
        }

        ui.separator();
        ui.label(RichText::new("Competing hypotheses (ACH)").strong());
        let (hyps, rows) = attribution::analyse_hypotheses(case, event, ctx.state, ctx.bar);
        for (k, h) in hyps.iter().enumerate() {
            let text = format!(
                "H{}: {} \u{2014} weighted inconsistency {:.2}",
                k + 1,
                h.label,
                h.inconsistency
            );
            wrapped(
                ui,
                if h.preferred {
                    RichText::new(format!("{text} (least inconsistent)")).strong()
                } else {
                    RichText::new(text)
                },
            );
        }
        wrapped(
            ui,
            RichText::new(
                "Each item against each hypothesis: C consistent, I inconsistent, \u{b7} neither",
            )
            .small()
            .weak(),
        );
        egui::Grid::new("ach").striped(true).show(ui, |ui| {
            ui.label(RichText::new("Evidence").strong());
            for (k, h) in hyps.iter().enumerate() {
                ui.label(RichText::new(format!("H{}", k + 1)).strong())
                    .on_hover_text(&h.label);
            }
            ui.end_row();
            for r in &rows {
                let full = report::evidence_by_id(case, event, &r.evidence)
                    .map_or_else(|| r.evidence.clone(), report::evidence_words);
                // Short in the grid (grid cells do not wrap); the whole item on hover.
                let short: String = full.chars().take(34).collect();
                let short = if short.len() < full.len() {
                    format!("{}\u{2026} [{}]", short.trim_end(), r.grade)
                } else {
                    full.clone()
                };
                ui.label(if r.counted {
                    RichText::new(short).small()
                } else {
                    RichText::new(short).small().weak()
                })
                .on_hover_text(full);
                for c in &r.cells {
                    ui.label(match c {
                        Consistency::Consistent => "C",
                        Consistency::Inconsistent => "I",
                        Consistency::Neutral => "\u{00b7}",
                    });
                }
                ui.end_row();
            }
        });
    }
}
