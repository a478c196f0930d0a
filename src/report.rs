//! Sourced Markdown and JSON reports: the reasoning for one event (the side panel's "copy as
//! Markdown", `proxyline explain`) and briefs for stories (`proxyline brief`). Pure functions.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::attribution::{self, Finding, Standard};
use crate::graph::{self, LinkVia};
use crate::model::{Case, Event, Grade, Step, Story};

/// Every source id cited by the event, its evidence, attributions and chains, in order.
fn cited_sources<'a>(case: &'a Case, event: &'a Event) -> Vec<&'a str> {
    let mut ids: Vec<&str> = event.all_source_ids();
    for a in case.attributions.iter().filter(|a| a.event == event.id) {
        for s in &a.sources {
            if !ids.contains(&s.as_str()) {
                ids.push(s);
            }
        }
    }
    ids
}

/// The chain of ties as text lines.
#[must_use]
pub fn chain_lines(case: &Case, event: &Event, state: &str) -> Vec<String> {
    graph::chains(case, event, state)
        .into_iter()
        .map(|pc| match pc.chain {
            None => format!(
                "No chain of ties valid on {} leads from {} to {}",
                event.date,
                case.actor_name(state),
                case.actor_name(&pc.perpetrator)
            ),
            Some(links) if links.is_empty() => {
                format!("{} is the state itself", case.actor_name(&pc.perpetrator))
            }
            Some(links) => {
                let mut s = case.actor_name(state).to_owned();
                for l in &links {
                    let how = match &l.via {
                        LinkVia::Organ => "has organ".to_owned(),
                        LinkVia::Tie(i) => {
                            let t = &case.ties[*i];
                            if t.from == l.upper {
                                t.kind.label().to_owned()
                            } else {
                                match t.kind {
                                    crate::model::TieKind::FrontFor => {
                                        "claims under the front name".to_owned()
                                    }
                                    crate::model::TieKind::MemberOf => "has member".to_owned(),
                                    k => format!("(reverse) {}", k.label()),
                                }
                            }
                        }
                    };
                    let _ = write!(s, " -> [{how}] {}", case.actor_name(&l.lower));
                }
                s
            }
        })
        .collect()
}

/// The reasoning for one event as Markdown, with full citations.
#[must_use]
pub fn event_markdown(case: &Case, event: &Event, state: &str, bar: Grade) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "## {} ({})\n", event.title, event.date_human());
    let _ = writeln!(
        md,
        "- **Where:** {}, {}",
        event.place.name, event.place.country
    );
    let _ = writeln!(md, "- **Kind:** {}", event.kind.label());
    if let Some(k) = &event.killed {
        let _ = writeln!(md, "- **Killed:** {}", k.human());
    }
    if let Some(w) = &event.wounded {
        let _ = writeln!(md, "- **Wounded:** {}", w.human());
    }
    if !event.claims.is_empty() {
        let names: Vec<&str> = event
            .claims
            .iter()
            .map(|c| case.actor_name(&c.actor))
            .collect();
        let _ = writeln!(md, "- **Claimed by:** {}", names.join(", "));
    }
    let perps: Vec<&str> = event
        .perpetrators
        .iter()
        .map(|p| case.actor_name(p))
        .collect();
    let _ = writeln!(
        md,
        "- **Assessed perpetrator:** {}",
        if perps.is_empty() {
            "none assessed".to_owned()
        } else {
            perps.join(", ")
        }
    );
    let _ = writeln!(md, "\n{}\n", event.summary);
    let _ = writeln!(md, "### Chain of ties to {}\n", case.actor_name(state));
    for line in chain_lines(case, event, state) {
        let _ = writeln!(md, "- {line}");
    }
    let _ = writeln!(md, "\n### Standards of attribution (evidence bar {bar})\n");
    let _ = writeln!(md, "| standard | verdict | confidence |\n|---|---|---|");
    let findings = attribution::evaluate_all(case, event, state, bar);
    for f in &findings {
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            f.standard.name(),
            f.verdict.label(),
            f.confidence.id()
        );
    }
    for f in &findings {
        let _ = writeln!(
            md,
            "\n**{}** \u{2014} {}. {}",
            f.standard.name(),
            f.verdict.label(),
            f.standard.basis()
        );
        for r in &f.reasons {
            let _ = writeln!(md, "- {r}");
        }
        for a in &f.alternatives {
            let who = a
                .candidate
                .as_deref()
                .map_or("no candidate", |c| case.actor_name(c));
            let _ = writeln!(md, "- If {who} carried it out: {}.", a.verdict.label());
            for r in a.requirements.iter().filter(|r| !r.satisfied) {
                if let Some(gap) = &r.gap {
                    let _ = writeln!(md, "  - Gap: {gap}");
                }
            }
        }
    }
    let _ = writeln!(md, "\n### Evidence\n");
    for ev in &event.evidence {
        let _ = writeln!(
            md,
            "- [{}] {} ({}, {:?}; sources: {})",
            ev.grade,
            ev.shows,
            ev.bears_on.label(),
            ev.stance,
            ev.sources.join(", ")
        );
    }
    let mut atts: Vec<_> = case
        .attributions
        .iter()
        .filter(|a| a.event == event.id)
        .collect();
    atts.sort_by_key(|a| a.date);
    if !atts.is_empty() {
        let _ = writeln!(md, "\n### Official attributions\n");
        for a in atts {
            let to: Vec<&str> = a.to.iter().map(|t| case.actor_name(t)).collect();
            let to = if to.is_empty() {
                "no one (not attributed)".to_owned()
            } else {
                to.join(", ")
            };
            let _ = writeln!(
                md,
                "- {}: {} -> {}. {}",
                a.date.human(),
                case.actor_name(&a.by),
                to,
                a.statement
            );
        }
    }
    let _ = writeln!(md, "\n### Sources\n");
    for id in cited_sources(case, event) {
        if let Some(s) = case.source(id) {
            let _ = writeln!(md, "- [{id}] {}", s.full_citation());
        }
    }
    md
}

/// A story as a sourced Markdown brief: each step's caption, its event and full citations.
#[must_use]
pub fn story_markdown(case: &Case, story: &Story) -> String {
    let mut md = format!("# {}\n\n{}\n", story.title, story.description);
    let mut cited: Vec<&str> = Vec::new();
    for (i, step) in story.steps.iter().enumerate() {
        let _ = write!(md, "\n## {}. ", i + 1);
        let event = step.event.as_deref().and_then(|e| case.event(e));
        if let Some(e) = event {
            let _ = writeln!(md, "{} ({})", e.title, e.date_human());
        } else {
            let window = format!(
                "{} \u{2013} {}",
                step.start.map(|d| d.human()).unwrap_or_default(),
                step.end.map(|d| d.human()).unwrap_or_default()
            );
            let _ = writeln!(md, "{window}");
        }
        let _ = writeln!(md, "\n{}", step.caption);
        let mut ids: Vec<&str> = event.map(Event::all_source_ids).unwrap_or_default();
        ids.extend(step.sources.iter().map(String::as_str));
        let mut marks = Vec::new();
        for id in ids {
            if !cited.contains(&id) {
                cited.push(id);
            }
            marks.push(format!("[{id}]"));
        }
        if !marks.is_empty() {
            let _ = writeln!(md, "\nSources: {}", marks.join(" "));
        }
    }
    let _ = writeln!(md, "\n## Sources\n");
    for id in cited {
        if let Some(s) = case.source(id) {
            let _ = writeln!(md, "- [{id}] {}", s.full_citation());
        }
    }
    md
}

/// The sources a story step shows as its footnote: the step's own, then its event's.
#[must_use]
pub fn step_source_ids<'a>(case: &'a Case, step: &'a Step) -> Vec<&'a str> {
    let mut ids: Vec<&str> = step.sources.iter().map(String::as_str).collect();
    if let Some(e) = step.event.as_deref().and_then(|e| case.event(e)) {
        for id in &e.sources {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
    }
    ids
}

/// `proxyline explain --format json`: verdicts and hypotheses for an event and state.
#[must_use]
pub fn explain_json(
    case: &Case,
    event: &Event,
    state: &str,
    standards: &[Standard],
    bar: Grade,
) -> Value {
    let findings: Vec<Finding> = standards
        .iter()
        .map(|s| attribution::evaluate(case, event, state, *s, bar))
        .collect();
    let (hyps, _) = attribution::analyse_hypotheses(case, event, state, bar);
    json!({
        "event": event.id,
        "state": state,
        "bar": bar.to_string(),
        "verdicts": findings.iter().map(|f| json!({
            "standard": f.standard.id(),
            "verdict": f.verdict.id(),
            "confidence": f.confidence.id(),
            "reasons": f.reasons,
            "evidence": f.evidence_ids(),
            "candidate": f.candidate,
            "alternatives": f.alternatives.iter().map(|a| json!({
                "candidate": a.candidate,
                "verdict": a.verdict.id(),
                "confidence": a.confidence.id(),
                "reasons": a.reasons,
                "evidence": a.evidence_ids(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "hypotheses": hyps.iter().map(|h| json!({
            "id": h.id, "label": h.label, "inconsistency": h.inconsistency, "preferred": h.preferred,
        })).collect::<Vec<_>>(),
    })
}
