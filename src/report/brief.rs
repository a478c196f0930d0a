//! A story as a sourced Markdown brief for a reader who was not in the room: per step the
//! caption, the event, the chain of ties to each candidate, the verdict table with a one-line why
//! per standard, numbered footnotes, and at the end the attribution lag of the story's events and
//! every source cited in full. Names, never ids.

use std::fmt::Write as _;

use super::{chain_lines, change_line, lag_lines, md as esc, step_source_ids};
use crate::attribution::{Evaluator, Verdict};
use crate::model::{Case, Grade, PartialDate, Story};

/// A story as a sourced Markdown brief, with every step's verdicts for `state` at `bar`, as
/// known on `as_of` (everything when `None`).
#[must_use]
pub fn story_markdown(
    case: &Case,
    story: &Story,
    state: &str,
    bar: Grade,
    as_of: Option<PartialDate>,
) -> String {
    let mut md = format!("# {}\n\n{}\n", esc(&story.title), esc(&story.description));
    let evaluator = Evaluator::new(case, state).as_of(as_of);
    let _ = writeln!(
        md,
        "\nVerdicts for {} at evidence bar {bar}, {}. How evidence is weighed: docs/weighing.md.",
        esc(case.actor_name(state)),
        super::as_of_words(as_of)
    );
    let mut cited: Vec<&str> = Vec::new();
    let mut number: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, step) in story.steps.iter().enumerate() {
        let _ = write!(md, "\n## {}. ", i + 1);
        let event = step.event.as_deref().and_then(|e| case.event(e));
        if let Some(e) = event {
            let _ = writeln!(md, "{} ({})", esc(&e.title), esc(&e.date_human()));
        } else {
            let window = format!(
                "{} \u{2013} {}",
                step.start.map(|d| d.human()).unwrap_or_default(),
                step.end.map(|d| d.human()).unwrap_or_default()
            );
            let _ = writeln!(md, "{window}");
        }
        let _ = writeln!(md, "\n{}", esc(&step.caption));
        if let Some(e) = event {
            let _ = writeln!(md, "\n{}", esc(&e.summary));
            let _ = writeln!(
                md,
                "\n**Chain of ties to {}**\n",
                esc(case.actor_name(state))
            );
            for line in chain_lines(case, e, state) {
                let _ = writeln!(md, "- {}", esc(&line));
            }
            let findings = evaluator.evaluate_all(e, bar);
            let _ = writeln!(
                md,
                "\n| Standard | Verdict | About | Why | What would change it |\n|---|---|---|---|---|"
            );
            for f in &findings {
                let about = f
                    .candidate
                    .as_deref()
                    .map_or("\u{2014}", |c| case.actor_name(c));
                let why = f.reasons.first().map_or("", String::as_str);
                let change = if f.verdict == Verdict::NotApplicable {
                    String::new()
                } else {
                    change_line(case, e, f).unwrap_or_default()
                };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    f.standard.name(),
                    f.verdict.label(),
                    esc(about),
                    esc(why),
                    esc(&change)
                );
            }
        }
        let mut marks = Vec::new();
        for id in step_source_ids(case, step)
            .into_iter()
            .chain(event.map(|e| e.all_source_ids()).unwrap_or_default())
        {
            // Numbered in order of first citation; looked up in a map (a story of 100,000
            // steps was quadratic with a scan).
            let n = *number.entry(id).or_insert_with(|| {
                cited.push(id);
                cited.len()
            });
            let mark = format!("[{n}]");
            if !marks.contains(&mark) {
                marks.push(mark);
            }
        }
        if !marks.is_empty() {
            let _ = writeln!(md, "\nSources: {}", marks.join(" "));
        }
    }
    let lags: Vec<(String, Vec<String>)> = story
        .steps
        .iter()
        .filter_map(|st| st.event.as_deref().and_then(|e| case.event(e)))
        .map(|e| {
            (
                format!("{} ({})", esc(&e.title), esc(&e.date_human())),
                lag_lines(case, e),
            )
        })
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if !lags.is_empty() {
        let _ = writeln!(
            md,
            "\n## Attribution lag\n\nHow long after each event each party first attributed it.\n"
        );
        for (title, lines) in lags {
            let _ = writeln!(md, "- {title}");
            for l in lines {
                let _ = writeln!(md, "  - {}", esc(&l));
            }
        }
    }
    let _ = writeln!(md, "\n## Sources\n");
    for (k, id) in cited.iter().enumerate() {
        if let Some(s) = case.source(id) {
            let _ = writeln!(md, "{}. {}", k + 1, super::citation_md(s));
        }
    }
    md
}
