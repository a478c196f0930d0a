//! The commands that print what a case says: `export` (CSV or JSON, with verdicts), `explain`
//! (one event's reasoning), `events` (ids, dates, titles) and `brief` (a story's sourced brief).
//! Each returns its process exit code; loading and argument errors are reported by the shared
//! helpers of [`super`].

use std::io::Write as _;
use std::path::Path;

use super::{
    ExplainFormat, ExportFormat, emit, load_or_report, parse_as_of, parse_bar, parse_lens,
    verdict_state,
};
use crate::attribution::Standard;
use crate::model;
use crate::{export, graph, report};

pub(super) fn export_cmd(
    path: &Path,
    format: ExportFormat,
    out: Option<&Path>,
    state: Option<&str>,
    min_grade: &str,
    as_of: Option<&str>,
) -> i32 {
    let (as_of, bar) = match parse_lens(as_of, min_grade) {
        Ok(lens) => lens,
        Err(code) => return code,
    };
    let case = match load_or_report(path) {
        Ok(l) => l.case,
        Err(code) => return code,
    };
    let events: Vec<_> = case.events.iter().collect();
    let state = verdict_state(&case, state);
    let verdicts = state.map(|s| export::Verdicts::of(&case, &events, &s, bar, as_of));
    let write = |w: &mut dyn std::io::Write| -> Result<(), String> {
        match format {
            ExportFormat::Json => {
                export::write_json(&case, &events, verdicts.as_ref(), w).map_err(|e| e.to_string())
            }
            ExportFormat::Csv => {
                export::write_csv(&events, verdicts.as_ref(), w).map_err(|e| e.to_string())
            }
        }
    };
    // Written as it goes: into a temporary file renamed over the target when complete, or to
    // standard output.
    let result = if let Some(path) = out {
        model::load::write_atomic_with(path, |w| {
            write(w).map_err(|message| model::load::SaveError::Io {
                path: path.to_owned(),
                source: std::io::Error::other(message),
            })
        })
        .map_err(|e| e.to_string())
    } else {
        let mut stdout = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        write(&mut stdout).and_then(|()| {
            stdout
                .flush()
                .map_err(|e| format!("cannot write output: {e}"))
        })
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("proxyline: {e}");
            1
        }
    }
}

pub(super) fn explain(
    path: &Path,
    event_id: &str,
    state: Option<&str>,
    standard: Option<&str>,
    min_grade: &str,
    format: ExplainFormat,
    as_of: Option<&str>,
) -> i32 {
    let as_of = match parse_as_of(as_of) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let case = match load_or_report(path) {
        Ok(l) => l.case,
        Err(code) => return code,
    };
    let Some(event) = case.event(event_id) else {
        eprintln!(
            "proxyline: no event \"{event_id}\" in {}{} (`proxyline events {}` lists them)",
            path.display(),
            crate::query::nearest::did_you_mean(
                event_id,
                case.events.iter().map(|e| e.id.as_str())
            ),
            path.display()
        );
        return 2;
    };
    let bar = match parse_bar(min_grade) {
        Ok(g) => g,
        Err(code) => return code,
    };
    let state = match state {
        Some(s) if case.actor(s).is_some() => s.to_owned(),
        Some(s) => {
            eprintln!("proxyline: no actor \"{s}\"");
            return 2;
        }
        None => graph::sponsor_of(&case, event)
            .or(case.default_state.as_deref())
            .unwrap_or_default()
            .to_owned(),
    };
    let standards: Vec<Standard> = match standard {
        Some(id) => {
            let Some(s) = Standard::from_id(id) else {
                let ids: Vec<&str> = Standard::ALL.iter().map(|s| s.id()).collect();
                eprintln!(
                    "proxyline: unknown standard \"{id}\"; one of: {}",
                    ids.join(", ")
                );
                return 2;
            };
            vec![s]
        }
        None => Standard::ALL.to_vec(),
    };
    let text = match format {
        ExplainFormat::Md => report::event_markdown(&case, event, &state, bar, as_of),
        ExplainFormat::Json => {
            let doc = report::Explanation {
                case: &case,
                event,
                state: &state,
                standards: &standards,
                bar,
                as_of,
            };
            match serde_json::to_string(&doc) {
                Ok(text) => text + "\n",
                Err(e) => {
                    eprintln!("proxyline: could not write the explanation: {e}");
                    return 1;
                }
            }
        }
    };
    emit(&text, None)
}

/// `proxyline events FILE`: id, date and title per event, in date order (ids as they are, so
/// that they can be pasted into `explain` or `--event`).
pub(super) fn events_cmd(path: &Path, search: Option<&str>) -> i32 {
    let case = match load_or_report(path) {
        Ok(l) => l.case,
        Err(code) => return code,
    };
    let needle = search.map(str::to_lowercase);
    let mut events: Vec<&model::Event> = case
        .events
        .iter()
        .filter(|e| {
            needle.as_deref().is_none_or(|n| {
                [&e.id, &e.title, &e.place.name, &e.place.country]
                    .iter()
                    .any(|t| t.to_lowercase().contains(n))
            })
        })
        .collect();
    events.sort_by_key(|e| (e.first_day(), e.id.as_str()));
    let width = events
        .iter()
        .map(|e| e.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for e in &events {
        let _ = std::fmt::Write::write_fmt(
            &mut text,
            format_args!(
                "{:<width$}  {:<12}  {}\n",
                e.id,
                e.date.to_string(),
                e.title
            ),
        );
    }
    if events.is_empty() {
        eprintln!(
            "proxyline: no events{} in {}",
            search
                .map(|s| format!(" matching \"{s}\""))
                .unwrap_or_default(),
            path.display()
        );
        return 1;
    }
    emit(&text, None)
}

pub(super) fn brief(
    path: &Path,
    story: Option<&str>,
    out: Option<&Path>,
    state: Option<&str>,
    min_grade: &str,
    as_of: Option<&str>,
) -> i32 {
    let (as_of, bar) = match parse_lens(as_of, min_grade) {
        Ok(lens) => lens,
        Err(code) => return code,
    };
    let case = match load_or_report(path) {
        Ok(l) => l.case,
        Err(code) => return code,
    };
    let state = verdict_state(&case, state).unwrap_or_default();
    let stories: Vec<_> = case
        .stories
        .iter()
        .filter(|s| story.is_none_or(|id| s.id == id))
        .collect();
    if stories.is_empty() {
        eprintln!(
            "proxyline: no story {} in {}",
            story.unwrap_or("at all"),
            path.display()
        );
        return 2;
    }
    let text: Vec<String> = stories
        .iter()
        .map(|s| report::story_markdown(&case, s, &state, bar, as_of))
        .collect();
    emit(&text.join("\n---\n\n"), out)
}
