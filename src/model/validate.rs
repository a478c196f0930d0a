//! Semantic checks of a parsed case: every problem at once, each with its line and column.
//!
//! [`validate`] walks the whole case and reports unknown or duplicate ids, ties that end before
//! they start, malformed grades, evidence that cites no source, events outside the case's range
//! and the like. Positions come from a [`Locator`] that finds each item's `id: "…"` in the text
//! and the field or value inside it, so messages point at the line a person has to fix.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::date::PartialDate;
use super::evidence::{BearsOn, Evidence};
use super::grade::Grade;
use super::load::line_col;
use super::types::Case;

/// At most this many problems are reported; the rest are counted in a final line.
pub const MAX_PROBLEMS: usize = 500;

/// Ids of the hypotheses derived for every event when it names none of its own.
pub const DEFAULT_HYPOTHESES: [&str; 4] =
    ["state-directed", "autonomous", "other-actor", "false-flag"];

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The file cannot be used until it is fixed.
    Error,
    /// The file loads, but something is probably wrong.
    Warning,
}

/// One problem, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// How serious.
    pub severity: Severity,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl Problem {
    /// An error at a position.
    #[must_use]
    pub fn error(line: usize, column: usize, message: String) -> Self {
        Self {
            severity: Severity::Error,
            line,
            column,
            message,
        }
    }
}

impl fmt::Display for Problem {
    /// `line:column: message` (with "warning: " before warnings).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        write!(f, "{}:{}: {kind}{}", self.line, self.column, self.message)
    }
}

/// Finds where items, fields and values are in the case-file text.
pub struct Locator<'t> {
    text: &'t str,
    /// Byte offsets of each `id: "…"` value, by id, in file order.
    ids: HashMap<&'t str, Vec<usize>>,
    /// All those offsets, sorted, to find where an item ends.
    all: Vec<usize>,
}

impl<'t> Locator<'t> {
    /// Indexes every `id: "…"` in the text.
    #[must_use]
    pub fn new(text: &'t str) -> Self {
        let mut ids: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut all = Vec::new();
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(rel) = text.get(from..).and_then(|t| t.find("id")) {
            let at = from + rel;
            from = at + 2;
            let ident_before =
                at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            if ident_before {
                continue;
            }
            let rest = &text[at + 2..];
            let after_ws = rest.trim_start();
            let Some(after_colon) = after_ws.strip_prefix(':') else {
                continue;
            };
            let value = after_colon.trim_start();
            let Some(inner) = value.strip_prefix('"') else {
                continue;
            };
            let Some(end) = inner.find('"') else { continue };
            let start = text.len() - value.len();
            ids.entry(&inner[..end]).or_default().push(start);
            all.push(start);
        }
        Self { text, ids, all }
    }

    /// Byte offset of the `nth` (0-based) item with this id.
    fn item(&self, id: &str, nth: usize) -> Option<usize> {
        let list = self.ids.get(id)?;
        list.get(nth).or_else(|| list.first()).copied()
    }

    /// Where the item ends: the next `id:` after it, or the end of the text.
    fn item_end(&self, start: usize) -> usize {
        let i = self.all.partition_point(|&o| o <= start);
        self.all.get(i).copied().unwrap_or(self.text.len())
    }

    /// Offset of `field:` inside the window.
    fn field(&self, start: usize, end: usize, field: &str) -> Option<usize> {
        let window = self.text.get(start..end)?;
        let bytes = window.as_bytes();
        let mut from = 0;
        while let Some(rel) = window.get(from..).and_then(|w| w.find(field)) {
            let at = from + rel;
            from = at + field.len();
            let before_ok =
                at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            let after = window.get(at + field.len()..).unwrap_or("").trim_start();
            if before_ok && after.starts_with(':') {
                return Some(start + at);
            }
        }
        None
    }

    /// Line and column of the first `field:` in the text (a top-level field such as `end`), or
    /// 1:1 when absent. Unlike a plain substring search, it skips words that merely contain it.
    #[must_use]
    pub fn top_field(&self, field: &str) -> (usize, usize) {
        self.field(0, self.text.len(), field)
            .map_or((1, 1), |at| line_col(self.text, at))
    }

    /// Line and column of an item (`nth` occurrence of its id), optionally of a field in it and of
    /// a quoted value after that field.
    #[must_use]
    pub fn locate(
        &self,
        id: &str,
        nth: usize,
        field: Option<&str>,
        value: Option<&str>,
    ) -> (usize, usize) {
        let Some(item) = self.item(id, nth) else {
            return (1, 1);
        };
        let end = self.item_end(item);
        let mut at = item;
        if let Some(field) = field
            && let Some(f) = self.field(item, end, field)
        {
            at = f;
        }
        if let Some(value) = value {
            let needle = format!("\"{value}\"");
            if let Some(v) = self.text.get(at..end).and_then(|w| w.find(&needle)) {
                at += v;
            }
        }
        line_col(self.text, at)
    }
}

/// Collects problems while walking the case.
struct Checker<'a, 't> {
    case: &'a Case,
    loc: Locator<'t>,
    problems: Vec<Problem>,
    dropped: usize,
    sources: HashSet<&'a str>,
    actors: HashSet<&'a str>,
    events: HashSet<&'a str>,
    cited: HashSet<&'a str>,
}

/// Where a problem is: an item id (its `nth` occurrence), a field, a value.
#[derive(Clone, Copy)]
struct At<'x> {
    id: &'x str,
    nth: usize,
    field: Option<&'x str>,
    value: Option<&'x str>,
}

impl<'x> At<'x> {
    fn item(id: &'x str) -> Self {
        Self {
            id,
            nth: 0,
            field: None,
            value: None,
        }
    }
    fn field(self, field: &'x str) -> Self {
        Self {
            field: Some(field),
            ..self
        }
    }
    fn value(self, value: &'x str) -> Self {
        Self {
            value: Some(value),
            ..self
        }
    }
}

impl<'a> Checker<'a, '_> {
    fn push(&mut self, severity: Severity, at: At<'_>, message: String) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.dropped += 1;
            return;
        }
        let (line, column) = self.loc.locate(at.id, at.nth, at.field, at.value);
        self.problems.push(Problem {
            severity,
            line,
            column,
            message,
        });
    }

    fn error(&mut self, at: At<'_>, message: String) {
        self.push(Severity::Error, at, message);
    }

    fn warn(&mut self, at: At<'_>, message: String) {
        self.push(Severity::Warning, at, message);
    }

    /// Registers ids of one list, reporting duplicates and malformed ids.
    fn ids<I: Iterator<Item = &'a str>>(&mut self, what: &str, ids: I) -> HashSet<&'a str> {
        // One set of the ids (a million events: 16 bytes each), and counts only for repeats.
        let mut seen: HashSet<&str> = HashSet::new();
        let mut repeats: HashMap<&str, usize> = HashMap::new();
        for id in ids {
            if !seen.insert(id) {
                let n = repeats.entry(id).or_insert(0);
                *n += 1;
                let at = At {
                    nth: *n,
                    ..At::item(id)
                };
                self.error(
                    at,
                    format!(
                        "duplicate {what} id {}: each {what} needs its own id",
                        shown(id)
                    ),
                );
            }
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
            {
                // An error, not a warning: a newline, a right-to-left override or a zero-width
                // space in an id makes two different ids look the same.
                self.error(
                    At::item(id),
                    format!(
                        "{what} id {} may use only lowercase ASCII letters, digits, '-', '_' and '.'",
                        shown(id)
                    ),
                );
            }
        }
        seen
    }

    fn actor_ref(&mut self, at: At<'_>, actor: &str, role: &str) {
        if !self.actors.contains(actor) {
            self.error(
                at.value(actor),
                format!("unknown actor \"{actor}\" as {role}: add it to `actors` or fix the id"),
            );
        }
    }

    fn source_refs(&mut self, at: At<'_>, sources: &'a [String]) {
        for s in sources {
            self.cited.insert(s.as_str());
            if !self.sources.contains(s.as_str()) {
                self.error(
                    at.value(s),
                    format!("unknown source \"{s}\": add it to `sources` or fix the id"),
                );
            }
        }
    }

    fn range(
        &mut self,
        at: At<'_>,
        start: Option<&PartialDate>,
        end: Option<&PartialDate>,
        what: &str,
    ) {
        if let (Some(s), Some(e)) = (start, end)
            && e.last_day() < s.first_day()
        {
            self.error(at, format!("{what} ends ({e}) before it starts ({s})"));
        }
    }

    fn evidence(&mut self, ev: &'a Evidence, in_tie: bool, hypotheses: &[&str]) {
        let at = At::item(&ev.id);
        if ev.sources.is_empty() {
            self.error(
                at.field("sources"),
                format!(
                    "evidence \"{}\" cites no source: every item needs at least one",
                    ev.id
                ),
            );
        }
        self.source_refs(at.field("sources"), &ev.sources);
        if let Err(message) = Grade::parse(&ev.grade) {
            self.error(at.field("grade"), message);
        }
        if ev.shows.trim().is_empty() {
            self.warn(
                at,
                format!("evidence \"{}\" does not say what it shows", ev.id),
            );
        }
        if let Some(party) = &ev.interested {
            self.actor_ref(at.field("interested"), party, "the interested party");
        }
        for actor in ev.bears_on.actors() {
            self.actor_ref(at.field("bears_on"), actor, "what the evidence bears on");
        }
        if matches!(ev.bears_on, BearsOn::Tie) && !in_tie {
            self.error(
                at.field("bears_on"),
                format!(
                    "evidence \"{}\" bears on `Tie` but is not inside a tie: say what it bears on",
                    ev.id
                ),
            );
        }
        for key in ev.ach.keys() {
            if !hypotheses.contains(&key.as_str()) {
                self.warn(
                    at.field("ach"),
                    format!("unknown hypothesis \"{key}\" in `ach`"),
                );
            }
        }
    }

    fn run(mut self) -> Vec<Problem> {
        let case = self.case;
        self.sources = self.ids("source", case.sources.iter().map(|s| s.id.as_str()));
        self.actors = self.ids("actor", case.actors.iter().map(|a| a.id.as_str()));
        self.events = self.ids("event", case.events.iter().map(|e| e.id.as_str()));
        self.ids("tie", case.ties.iter().map(|t| t.id.as_str()));
        self.ids("evidence", case.all_evidence().map(|e| e.id.as_str()));
        self.ids(
            "attribution",
            case.attributions.iter().map(|a| a.id.as_str()),
        );
        self.ids("era", case.eras.iter().map(|e| e.id.as_str()));
        self.ids("story", case.stories.iter().map(|s| s.id.as_str()));

        if case.end.last_day() < case.start.first_day() {
            let (line, column) = self.loc.top_field("end");
            self.problems.push(Problem::error(
                line,
                column,
                format!(
                    "the case ends ({}) before it starts ({})",
                    case.end, case.start
                ),
            ));
        }
        if let Some(state) = &case.default_state
            && !self.actors.contains(state.as_str())
        {
            let (line, column) = self.loc.top_field("default_state");
            self.problems.push(Problem::error(
                line,
                column,
                format!("unknown actor \"{state}\" as default_state"),
            ));
        }

        for source in &case.sources {
            if let Some(url) = &source.url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                self.warn(
                    At::item(&source.id).field("url"),
                    format!("url \"{url}\" should start with https://"),
                );
            }
        }

        // Parents by actor id, looked up in a map: walking a chain of 3,000 nested parents
        // with a scan per step was cubic.
        let parent_of: HashMap<&str, &str> = case
            .actors
            .iter()
            .filter_map(|a| a.parent.as_deref().map(|p| (a.id.as_str(), p)))
            .collect();
        // Actors known to reach a root without a cycle.
        let mut rooted: HashSet<&str> = HashSet::new();
        for actor in &case.actors {
            let at = At::item(&actor.id);
            if let Some(parent) = &actor.parent {
                self.actor_ref(at.field("parent"), parent, "parent");
                let mut seen: HashSet<&str> = HashSet::from([actor.id.as_str()]);
                let mut current = parent.as_str();
                let mut cycle = false;
                while !rooted.contains(current) {
                    if !seen.insert(current) {
                        cycle = true;
                        break;
                    }
                    match parent_of.get(current) {
                        Some(p) => current = p,
                        None => break,
                    }
                }
                if !cycle {
                    rooted.extend(seen.iter().copied());
                }
                if cycle {
                    self.error(
                        at.field("parent"),
                        format!(
                            "actor \"{}\" is its own ancestor (a cycle of parents)",
                            actor.id
                        ),
                    );
                }
            }
            self.range(
                at.field("dissolved"),
                actor.founded.as_ref(),
                actor.dissolved.as_ref(),
                "actor",
            );
            self.source_refs(at.field("sources"), &actor.sources);
        }

        for tie in &case.ties {
            let at = At::item(&tie.id);
            self.actor_ref(at.field("from"), &tie.from, "tie source");
            self.actor_ref(at.field("to"), &tie.to, "tie target");
            if tie.from == tie.to {
                self.error(
                    at.field("to"),
                    format!("tie \"{}\" links \"{}\" to itself", tie.id, tie.from),
                );
            }
            self.range(at.field("end"), tie.start.as_ref(), tie.end.as_ref(), "tie");
            if tie.evidence.is_empty() {
                self.warn(at, format!("tie \"{}\" has no evidence", tie.id));
            }
            for ev in &tie.evidence {
                self.evidence(ev, true, &[]);
            }
        }

        let (case_first, case_last) = (case.start.first_day(), case.end.last_day());
        for event in &case.events {
            let at = At::item(&event.id);
            self.range(
                at.field("date_end"),
                Some(&event.date),
                event.date_end.as_ref(),
                "event",
            );
            if !event.outside_range
                && (event.first_day() < case_first || event.last_day() > case_last)
            {
                self.error(
                    at.field("date"),
                    format!(
                        "event dated {} is outside the case's range ({} to {}): fix the date or add `outside_range: true`",
                        event.date, case.start, case.end
                    ),
                );
            }
            for p in &event.perpetrators {
                self.actor_ref(at.field("perpetrators"), p, "perpetrator");
            }
            for claim in &event.claims {
                self.actor_ref(at.field("claims"), &claim.actor, "claimant");
                self.source_refs(at.field("claims"), &claim.sources);
            }
            for (field, count) in [("killed", &event.killed), ("wounded", &event.wounded)] {
                let Some(count) = count else { continue };
                if count.max.is_some_and(|m| m < count.min) {
                    self.error(
                        at.field(field),
                        format!(
                            "{field}: max {} is below min {}: swap them, or drop max for a single figure",
                            count.max.unwrap_or_default(),
                            count.min
                        ),
                    );
                }
                for report in &count.reports {
                    self.source_refs(at.field(field), std::slice::from_ref(&report.source));
                }
            }
            if event
                .place
                .lat
                .is_some_and(|v| !(-90.0..=90.0).contains(&v))
                || event
                    .place
                    .lon
                    .is_some_and(|v| !(-180.0..=180.0).contains(&v))
            {
                self.error(
                    at.field("place"),
                    "latitude must be within ±90 and longitude within ±180".to_owned(),
                );
            }
            self.source_refs(at.field("sources"), &event.sources);
            if event.sources.is_empty() && event.evidence.is_empty() {
                self.warn(at, format!("event \"{}\" cites no source", event.id));
            }
            let own: Vec<&str> = event.hypotheses.iter().map(|h| h.id.as_str()).collect();
            let hypotheses: Vec<&str> = if own.is_empty() {
                DEFAULT_HYPOTHESES.to_vec()
            } else {
                own
            };
            for ev in &event.evidence {
                self.evidence(ev, false, &hypotheses);
            }
        }
        for ev in &case.evidence {
            self.evidence(ev, false, &DEFAULT_HYPOTHESES);
        }

        let event_by_id: HashMap<&str, &super::event::Event> = if case.attributions.is_empty() {
            HashMap::new()
        } else {
            case.events.iter().map(|e| (e.id.as_str(), e)).collect()
        };
        for att in &case.attributions {
            let at = At::item(&att.id);
            if self.events.contains(att.event.as_str()) {
                if let Some(event) = event_by_id.get(att.event.as_str())
                    && att.date.last_day() < event.first_day() - 1
                {
                    self.warn(
                        at.field("date"),
                        format!(
                            "attribution dated {} is before the event ({})",
                            att.date, event.date
                        ),
                    );
                }
            } else {
                self.error(
                    at.field("event").value(&att.event),
                    format!("unknown event \"{}\"", att.event),
                );
            }
            self.actor_ref(at.field("by"), &att.by, "attributor");
            for to in &att.to {
                self.actor_ref(at.field("to"), to, "attributed perpetrator");
            }
            self.source_refs(at.field("sources"), &att.sources);
        }

        for era in &case.eras {
            let at = At::item(&era.id);
            self.range(at.field("end"), Some(&era.start), era.end.as_ref(), "era");
            self.source_refs(at.field("sources"), &era.sources);
        }

        for story in &case.stories {
            let at = At::item(&story.id);
            if story.steps.is_empty() {
                self.warn(at, format!("story \"{}\" has no steps", story.id));
            }
            for (i, step) in story.steps.iter().enumerate() {
                let n = i + 1;
                match &step.event {
                    Some(e) if !self.events.contains(e.as_str()) => {
                        self.error(
                            at.field("steps").value(e),
                            format!("step {n}: unknown event \"{e}\""),
                        );
                    }
                    None if step.start.is_none() && step.end.is_none() => {
                        self.error(
                            at.field("steps"),
                            format!("step {n} names neither an event nor a time window"),
                        );
                    }
                    _ => {}
                }
                self.range(
                    at.field("steps"),
                    step.start.as_ref(),
                    step.end.as_ref(),
                    &format!("step {n}'s window"),
                );
                self.source_refs(at.field("steps"), &step.sources);
            }
        }

        for source in &case.sources {
            if !self.cited.contains(source.id.as_str()) {
                self.warn(
                    At::item(&source.id),
                    format!("source \"{}\" is never cited", source.id),
                );
            }
        }

        let mut problems = self.problems;
        problems.sort_by_key(|p| (p.line, p.column, p.severity));
        if self.dropped > 0 {
            let last = problems.last().map_or(1, |p| p.line);
            problems.push(Problem {
                severity: Severity::Warning,
                line: last,
                column: 1,
                message: format!("{} more problems not shown", self.dropped),
            });
        }
        problems
    }
}

/// An id as a message shows it: quoted, with every character beyond visible ASCII escaped
/// (`\u{200b}`), and cut after 60 characters with its length (a 50 MB id is not printed).
fn shown(id: &str) -> String {
    const LONGEST: usize = 60;
    let escaped: String = id
        .chars()
        .take(LONGEST)
        .flat_map(|c| {
            // Anything beyond visible ASCII is spelled out: a Cyrillic "а" looks like "a".
            if c.is_ascii_graphic() || c == ' ' {
                vec![c]
            } else {
                c.escape_unicode().collect()
            }
        })
        .collect();
    let count = id.chars().count();
    if count > LONGEST {
        format!("\"{escaped}…\" ({count} characters)")
    } else {
        format!("\"{escaped}\"")
    }
}

/// Every semantic problem of a parsed case, sorted by position; `text` is the file it came from.
#[must_use]
pub fn validate(case: &Case, text: &str) -> Vec<Problem> {
    Checker {
        case,
        loc: Locator::new(text),
        problems: Vec::new(),
        dropped: 0,
        sources: HashSet::new(),
        actors: HashSet::new(),
        events: HashSet::new(),
        cited: HashSet::new(),
    }
    .run()
}
