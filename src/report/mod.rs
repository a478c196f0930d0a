//! Sourced Markdown and JSON reports: the reasoning for one event (the side panel's "copy as
//! Markdown", `proxyline explain`, in [`event`] and [`json`]) and briefs for stories
//! (`proxyline brief`). Pure functions; every text names actors and evidence by their names and
//! words, never by ids (JSON keeps ids for machines).

mod brief;
mod event;
mod json;

use std::fmt::Write as _;

pub use brief::story_markdown;
pub use event::{change_line, event_markdown, evidence_words};
pub use json::{Explanation, explain_json};

use crate::attribution::{self, Finding, lag};
use crate::graph::{self, LinkVia};
use crate::model::{BearsOn, Case, Event, Evidence, PartialDate, Step};

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

/// The chain of ties on the event's date from the state to one actor, as a line (`finder`
/// searches the chains of the case).
fn chain_line(
    finder: &graph::ChainFinder<'_>,
    case: &Case,
    event: &Event,
    state: &str,
    to: &str,
) -> String {
    match finder.chain_to(event.first_day(), state, to) {
        None => format!(
            "No chain of ties valid on {} leads from {} to {}",
            event.date,
            case.actor_name(state),
            case.actor_name(to)
        ),
        Some(links) if links.is_empty() => {
            format!("{} is the state itself", case.actor_name(to))
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
    }
}

/// The chain of ties from the state to each of the event's candidate perpetrators (the groups
/// front names stand for, as the engine weighs them), a line each: "for <candidate>: <chain>".
#[must_use]
pub fn chain_lines(case: &Case, event: &Event, state: &str) -> Vec<String> {
    let candidates = attribution::candidates(case, event);
    if candidates.is_empty() {
        return vec![
            "No candidate perpetrator: no one is assessed, claimed or officially named".to_owned(),
        ];
    }
    let finder = graph::ChainFinder::new(case);
    candidates
        .iter()
        .map(|(c, names)| {
            let under: Vec<&str> = names[1..].iter().map(|n| case.actor_name(n)).collect();
            let head = if under.is_empty() {
                case.actor_name(c).to_owned()
            } else {
                format!("{} (as {})", case.actor_name(c), under.join(", "))
            };
            format!("For {head}: {}", chain_line(&finder, case, event, state, c))
        })
        .collect()
}

/// What an evidence item bears on, in words with names.
#[must_use]
pub fn bears_on_words(case: &Case, b: &BearsOn) -> String {
    let n = |id: &str| case.actor_name(id).to_owned();
    match b {
        BearsOn::Perpetrator(a) => format!("who did it: {}", n(a)),
        BearsOn::Direction(s) => format!("direction of the operation by {}", n(s)),
        BearsOn::Support(s) => format!("support by {}", n(s)),
        BearsOn::Adoption(s) => format!("adoption by {}", n(s)),
        BearsOn::Approval(s) => format!("approval by {}", n(s)),
        BearsOn::Dependence { group, state } => {
            format!("dependence of {} on {}", n(group), n(state))
        }
        BearsOn::Tie => "the tie".to_owned(),
    }
}

/// An evidence item by id: on the event, at case level, or behind a tie.
#[must_use]
pub fn evidence_by_id<'a>(case: &'a Case, event: &'a Event, id: &str) -> Option<&'a Evidence> {
    event
        .evidence
        .iter()
        .chain(&case.evidence)
        .chain(case.ties.iter().flat_map(|t| t.evidence.iter()))
        .find(|e| e.id == id)
}

/// The attribution-lag lines for one event: each party's first attribution of it.
#[must_use]
pub fn lag_lines(case: &Case, event: &Event) -> Vec<String> {
    lag::event_lags(case, event)
        .into_iter()
        .map(|(party, l)| {
            let words = lag::days_human(f64::from(l.days));
            let when = if l.days < 0 {
                words
            } else {
                format!("{words} after the event")
            };
            format!(
                "{}: {}{when} ({})",
                case.actor_name(&party),
                if l.approximate { "roughly " } else { "" },
                case.attributions
                    .iter()
                    .find(|a| a.id == l.attribution)
                    .map_or(String::new(), |a| a.date.human())
            )
        })
        .collect()
}

/// The median attribution lag of every attributing party across the case, a line each.
#[must_use]
pub fn lag_summary(case: &Case) -> Vec<String> {
    lag::attribution_lags(case)
        .into_iter()
        .map(|p| {
            format!(
                "{}: median {} over {} event(s)",
                case.actor_name(&p.party),
                lag::days_human(p.median_days),
                p.lags.len()
            )
        })
        .collect()
}

/// The verdicts headline for an event, one short line: "Material support (FSIA): met; …".
#[must_use]
pub fn verdicts_line(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{}: {}", f.standard.name(), f.verdict.label()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A date for people, or "everything known" when none.
#[must_use]
pub fn as_of_words(as_of: Option<PartialDate>) -> String {
    as_of.map_or("everything known".to_owned(), |d| {
        format!("as known on {}", d.human())
    })
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

/// Text from a case made inert in Markdown: the characters that make links, images, emphasis,
/// code, headings, tables or HTML (backslash, backtick, `*`, `_`, `[`, `]`, `<`, `>`, `&`, `|`, `#`, `~`) are escaped, so a
/// title such as `<script>` or `[x](javascript:…)` prints as itself in any Markdown viewer.
/// Line breaks become spaces (a case's text cannot start a heading or a list of its own).
#[must_use]
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A source's full citation as Markdown: its text escaped ([`md`]), its address (only an
/// `http`/`https` one) as an autolink.
#[must_use]
pub fn citation_md(source: &crate::model::Source) -> String {
    let line = source.full_citation();
    match source
        .url
        .as_deref()
        .filter(|u| crate::model::is_web_address(u))
    {
        Some(url) => {
            let tail = format!(" <{url}>");
            let head = line.strip_suffix(&tail).unwrap_or(&line);
            format!("{}{tail}", md(head))
        }
        None => md(&line),
    }
}
