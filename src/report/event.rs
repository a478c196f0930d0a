//! The reasoning for one event as Markdown for people: what happened, the candidates and their
//! chains, each standard's verdict with its one-line why, its requirements and their weights,
//! what would change it and what is missing, the other candidates, the competing hypotheses,
//! the evidence in words, the official attributions with their lag, and full citations.

use std::fmt::Write as _;

use super::{
    as_of_words, bears_on_words, chain_lines, citation_md, cited_sources, evidence_by_id,
    lag_lines, md as esc,
};
use crate::attribution::{Evaluator, Finding, Status, Verdict, analyse_hypotheses};
use crate::model::{Case, Event, Evidence, Grade, PartialDate, Stance};
/// A short label for an evidence item: its grade and the start of what it shows.
#[must_use]
pub fn evidence_words(e: &Evidence) -> String {
    const MAX: usize = 90;
    let shows = if e.shows.chars().count() > MAX {
        let cut: String = e.shows.chars().take(MAX).collect();
        format!("{}\u{2026}", cut.trim_end())
    } else {
        e.shows.clone()
    };
    format!("\u{201c}{shows}\u{201d} ({})", e.grade)
}

/// One line on what would change a verdict: the items whose removal or downgrade flips it, or
/// "robust"; for verdicts that are not weighed, nothing.
#[must_use]
pub fn change_line(case: &Case, event: &Event, f: &Finding) -> Option<String> {
    if f.verdict == Verdict::NotApplicable || f.requirements.is_empty() {
        return None;
    }
    if f.structural {
        return Some(
            "Set by what the candidate is, not by weighing: no evidence item changes it".to_owned(),
        );
    }
    if f.flips.is_empty() {
        let open = f.requirements.iter().find_map(|r| r.missing.as_deref());
        return Some(match open {
            Some(m) => format!("No single item (or pair) changes it; it would take {m}"),
            None => "Robust: no single item's removal or one-step downgrade, nor any pair's removal, changes it".to_owned(),
        });
    }
    let parts: Vec<String> = f
        .flips
        .iter()
        .map(|fl| {
            let items: Vec<String> = fl
                .evidence
                .iter()
                .map(|id| {
                    evidence_by_id(case, event, id).map_or_else(|| id.clone(), evidence_words)
                })
                .collect();
            format!(
                "{} {} would make it {}",
                fl.change,
                items.join(" and "),
                fl.to.label()
            )
        })
        .collect();
    Some(format!("Would change if: {}", parts.join("; ")))
}

fn status_words(s: Status) -> &'static str {
    match s {
        Status::Shown => "shown",
        Status::Unshown => "not shown",
        Status::Refuted => "refuted",
        Status::Contested => "contested",
    }
}

fn finding_md(md: &mut String, case: &Case, event: &Event, f: &Finding, indent: &str) {
    for r in &f.reasons {
        let _ = writeln!(md, "{indent}- {}", esc(r));
    }
    for r in &f.requirements {
        let _ = writeln!(
            md,
            "{indent}- Requirement ({}; weight for {:.2}, against {:.2}): {}",
            status_words(r.status),
            r.weight_for,
            r.weight_against,
            esc(&r.text)
        );
        if let Some(m) = &r.missing {
            let _ = writeln!(md, "{indent}  - Would close it: {}", esc(m));
        }
    }
    if let Some(line) = change_line(case, event, f) {
        let _ = writeln!(md, "{indent}- {}", esc(&line));
    }
}

/// The reasoning for one event as Markdown, with full citations, as known on `as_of` (everything
/// when `None`).
#[must_use]
pub fn event_markdown(
    case: &Case,
    event: &Event,
    state: &str,
    bar: Grade,
    as_of: Option<PartialDate>,
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## {} ({})\n",
        esc(&event.title),
        esc(&event.date_human())
    );
    let _ = writeln!(
        md,
        "- **Where:** {}, {}",
        esc(&event.place.name),
        esc(&event.place.country)
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
        let _ = writeln!(md, "- **Claimed by:** {}", esc(&names.join(", ")));
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
            esc(&perps.join(", "))
        }
    );
    let _ = writeln!(md, "\n{}\n", esc(&event.summary));
    let _ = writeln!(
        md,
        "### Candidates and their chains of ties to {}\n",
        esc(case.actor_name(state))
    );
    for line in chain_lines(case, event, state) {
        let _ = writeln!(md, "- {}", esc(&line));
    }
    let evaluator = Evaluator::new(case, state).as_of(as_of);
    let findings = evaluator.evaluate_all(event, bar);
    let _ = writeln!(
        md,
        "\n### Standards of attribution (evidence bar {bar}; {})\n",
        as_of_words(as_of)
    );
    let _ = writeln!(
        md,
        "| Standard | Verdict | About | Confidence | Standard of proof |\n|---|---|---|---|---|"
    );
    for f in &findings {
        let about = f
            .candidate
            .as_deref()
            .map_or("\u{2014}", |c| case.actor_name(c));
        let conf = if f.verdict == Verdict::NotApplicable {
            "\u{2014}"
        } else {
            f.confidence.id()
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {conf} | {} |",
            f.standard.name(),
            f.verdict.label(),
            esc(about),
            f.proof.name()
        );
    }
    for f in &findings {
        let _ = writeln!(
            md,
            "\n**{}** \u{2014} {}. {}. Proof required: {} ({}).",
            f.standard.name(),
            f.verdict.label(),
            f.standard.basis(),
            f.proof.name(),
            f.proof.source()
        );
        finding_md(&mut md, case, event, f, "");
        for a in f.alternatives.iter().take(crate::attribution::NAMED_OTHERS) {
            let who = a
                .candidate
                .as_deref()
                .map_or("no candidate", |c| case.actor_name(c));
            let _ = writeln!(
                md,
                "- If {} carried it out: {}.",
                esc(who),
                a.verdict.label()
            );
            finding_md(&mut md, case, event, a, "  ");
        }
        if let Some(rest) = f.alternatives.get(crate::attribution::NAMED_OTHERS..)
            && !rest.is_empty()
        {
            let mut by: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            for a in rest {
                *by.entry(a.verdict.label()).or_default() += 1;
            }
            let counts: Vec<String> = by.iter().map(|(v, n)| format!("{n} {v}")).collect();
            let _ = writeln!(
                md,
                "- And {} more candidates ({}); `explain --format json` lists every one.",
                rest.len(),
                counts.join(", ")
            );
        }
    }
    let (hyps, _) = analyse_hypotheses(case, event, state, bar);
    if !hyps.is_empty() {
        let _ = writeln!(md, "\n### Competing hypotheses\n");
        let _ = writeln!(
            md,
            "| Hypothesis | Weighted inconsistency (lower is better) | Least inconsistent |\n|---|---|---|"
        );
        for h in &hyps {
            let _ = writeln!(
                md,
                "| {} | {:.2} | {} |",
                esc(&h.label),
                h.inconsistency,
                if h.preferred { "yes" } else { "" }
            );
        }
    }
    let _ = writeln!(md, "\n### Evidence\n");
    for ev in &event.evidence {
        let stance = if ev.stance == Stance::Contradicts {
            "against"
        } else {
            "for"
        };
        let interested = ev
            .interested
            .as_deref()
            .map(|p| format!("; the word of an interested party, {}", case.actor_name(p)))
            .unwrap_or_default();
        let counted = if ev.parsed_grade().is_some_and(|g| g.meets(bar)) {
            String::new()
        } else {
            format!("; graded below the evidence bar {bar}, not weighed")
        };
        let _ = writeln!(
            md,
            "- \\[{}\\] {} ({stance}: {}{}{counted}; sources: {})",
            esc(&ev.grade),
            esc(&ev.shows),
            esc(&bears_on_words(case, &ev.bears_on)),
            esc(&interested),
            esc(&ev.sources.join(", "))
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
                esc(case.actor_name(&a.by)),
                esc(&to),
                esc(&a.statement)
            );
        }
        let lags = lag_lines(case, event);
        if !lags.is_empty() {
            let _ = writeln!(md, "\n### Attribution lag\n");
            for l in lags {
                let _ = writeln!(md, "- {}", esc(&l));
            }
        }
    }
    let _ = writeln!(md, "\n### Sources\n");
    for id in cited_sources(case, event) {
        if let Some(s) = case.source(id) {
            let _ = writeln!(md, "- \\[{}\\] {}", esc(id), citation_md(s));
        }
    }
    md
}
