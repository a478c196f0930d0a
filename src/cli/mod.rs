//! The command line: `proxyline [FILE]` opens the window; `check`, `export`, `explain`,
//! `events`, `brief` and `import` script the same model without a window. Each command returns its process exit code.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

mod reports;

use reports::{brief, events_cmd, explain, export_cmd};

use crate::graph;
use crate::model::{self, Case, Grade, LoadError, Loaded, Severity};

/// proxyline: who is responsible for this attack?
#[derive(Debug, Parser)]
#[command(
    name = "proxyline",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A case file to open in the window (the built-in Iran case when left out).
    pub file: Option<PathBuf>,
    /// Open the window, save it as a PNG image once the view has settled, and quit (for
    /// scripted briefs and documentation).
    #[arg(long, value_name = "PNG")]
    pub screenshot: Option<PathBuf>,
    /// Open the window and import these dataset files (GTD, ACLED, or a CSV with a
    /// `NAME.mapping.ron` beside it) into the case, as File > Import does.
    #[arg(long, value_name = "DATASET", num_args = 1..)]
    pub import: Vec<PathBuf>,
    /// With `--screenshot`: present the story (the first, or `--story`) at its first step first.
    #[arg(long, requires = "screenshot")]
    pub present: bool,
    /// Open the window at this size, e.g. 1366x768 (not remembered; without it the first
    /// window fills the screen).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,
    /// Choose this story once the case has opened, for F5 and `--present` (its id).
    #[arg(long, value_name = "ID")]
    pub story: Option<String>,
    /// Select this event once the case has opened (its id: `proxyline events FILE` lists them).
    #[arg(long, value_name = "ID")]
    pub event: Option<String>,
    /// What to do instead of opening the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Parses `WxH` (e.g. `1366x768`) into a window size in points.
fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text.split_once(['x', 'X', '\u{d7}']).ok_or_else(|| {
        format!("\"{text}\" is not a size: write it as WIDTHxHEIGHT, e.g. 1366x768")
    })?;
    let side = |v: &str| {
        v.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (320..=16_384).contains(n))
            .ok_or_else(|| format!("\"{v}\" is not a width or height from 320 to 16384 pixels"))
    };
    Ok([side(w)? as f32, side(h)? as f32])
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CheckFormat {
    /// `file:line:column: message` lines.
    Text,
    /// One JSON document.
    Json,
}

/// Output formats of `export`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// One row per event.
    Csv,
    /// `events`, `actors`, `ties`, `sources`.
    Json,
}

/// Output formats of `explain`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExplainFormat {
    /// Markdown for people.
    Md,
    /// JSON for machines.
    Json,
}

/// Layouts `import` reads.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ImportFrom {
    /// The Global Terrorism Database release.
    Gtd,
    /// An ACLED export.
    Acled,
    /// Any CSV, with `--mapping`.
    Csv,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check case files: exit 0 when valid, else 1 with every problem as `file:line:column: message`.
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// Also print counts of events, actors, ties, evidence, sources and stories.
        #[arg(long)]
        stats: bool,
    },
    /// Export a case's events as CSV, or the whole case as JSON.
    Export {
        /// The case file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The state whose verdicts each event carries (default: the case's default state).
        #[arg(long)]
        state: Option<String>,
        /// The evidence bar of the verdicts, e.g. C3.
        #[arg(long, default_value = "C3")]
        min_grade: String,
        /// Evaluate the verdicts with only what was known on this date (YYYY, YYYY-MM or
        /// YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Explain the attribution reasoning for one event.
    Explain {
        /// The case file.
        file: PathBuf,
        /// The event id.
        event: String,
        /// The candidate state (default: the sponsor the chains lead to).
        #[arg(long)]
        state: Option<String>,
        /// Only this standard (e.g. effective-control).
        #[arg(long)]
        standard: Option<String>,
        /// The evidence bar, e.g. C3.
        #[arg(long, default_value = "C3")]
        min_grade: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: ExplainFormat,
        /// Evaluate with only what was known on this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// List a case's events: id, date and title, one per line, in date order.
    Events {
        /// The case file.
        file: PathBuf,
        /// Only events whose id, title, place or country contains this (any case).
        #[arg(long)]
        search: Option<String>,
    },
    /// Write a sourced Markdown brief for a story (all stories when no id is given).
    Brief {
        /// The case file.
        file: PathBuf,
        /// The story id.
        #[arg(long)]
        story: Option<String>,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The state the verdicts are about (default: the case's default state).
        #[arg(long)]
        state: Option<String>,
        /// The evidence bar of the verdicts, e.g. C3.
        #[arg(long, default_value = "C3")]
        min_grade: String,
        /// Verdicts with only what was known on this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Import GTD, ACLED or mapped CSV files as events of a case (a new one, or a copy of
    /// `--into` with the events added and linked). Nothing is written unless every file reads.
    Import {
        /// The dataset files (CSV or XLSX).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Their layout (detected from each header when left out).
        #[arg(long, value_enum)]
        from: Option<ImportFrom>,
        /// The column mapping (RON) for `--from csv`; see docs/import.md.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// The case to write.
        #[arg(long, value_name = "CASE")]
        out: PathBuf,
        /// Add the events to this case (`built-in` for the embedded Iran case).
        #[arg(long, value_name = "CASE")]
        into: Option<PathBuf>,
    },
    /// Convert a case between RON and the binary format (by the output's extension: `.plcase`
    /// is binary, anything else RON), losslessly.
    Convert {
        /// The case to read (RON or binary).
        input: PathBuf,
        /// The case to write.
        output: PathBuf,
    },
    /// Write a synthetic case of random events (not data: for trying the views at scale).
    /// `--out` ending in `.plcase` writes the binary format.
    Synth {
        /// Number of events (at most 100,000,000).
        #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(0..=crate::synth::MAX_EVENTS))]
        events: u64,
        /// Number of groups (timeline lanes, 1 to 100,000).
        #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=crate::synth::MAX_LANES))]
        lanes: u64,
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Loads a file for a subcommand, printing its problems on failure.
fn load_or_report(path: &Path) -> Result<Loaded, i32> {
    model::load_path(path).map_err(|e| {
        for line in e.lines() {
            eprintln!("{line}");
        }
        1
    })
}

/// `proxyline convert IN OUT`: reads either format, writes the one `OUT`'s extension names.
fn convert(input: &Path, output: &Path) -> i32 {
    let Ok(loaded) = load_or_report(input) else {
        return 1;
    };
    match model::save_path(&loaded.case, output) {
        Ok(()) => {
            let format = if model::binary::has_binary_extension(output) {
                "binary"
            } else {
                "RON"
            };
            eprintln!(
                "{}: wrote {} events as {format}",
                output.display(),
                loaded.case.events.len()
            );
            0
        }
        Err(e) => {
            eprintln!("proxyline: {e}; nothing was written");
            1
        }
    }
}

/// Writes text to a file (atomically) or standard output.
fn emit(text: &str, out: Option<&Path>) -> i32 {
    let result = match out {
        Some(path) => model::load::write_atomic(text.as_bytes(), path).map_err(|e| e.to_string()),
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write output: {e}")),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("proxyline: {e}");
            1
        }
    }
}

fn stats_line(case: &Case) -> String {
    format!(
        "events={} actors={} ties={} evidence={} sources={} attributions={} eras={} stories={}",
        case.events.len(),
        case.actors.len(),
        case.ties.len(),
        case.all_evidence().count(),
        case.sources.len(),
        case.attributions.len(),
        case.eras.len(),
        case.stories.len()
    )
}

/// A problem as (severity, message, line, column).
type ProblemRow = (Severity, String, usize, usize);

fn check(files: &[PathBuf], format: CheckFormat, stats: bool) -> i32 {
    let mut failed = false;
    let mut json_files = Vec::new();
    for path in files {
        let file = path.display().to_string();
        let (problems, case): (Vec<ProblemRow>, Option<Case>) = match model::load_path(path) {
            Ok(loaded) => (
                loaded
                    .warnings
                    .iter()
                    .map(|p| (p.severity, p.message.clone(), p.line, p.column))
                    .collect(),
                Some(loaded.case),
            ),
            Err(LoadError::Io { message, .. }) => (
                vec![(Severity::Error, format!("cannot read: {message}"), 0, 0)],
                None,
            ),
            Err(LoadError::Invalid { problems, .. }) => (
                problems
                    .iter()
                    .map(|p| (p.severity, p.message.clone(), p.line, p.column))
                    .collect(),
                None,
            ),
        };
        failed |= case.is_none();
        match format {
            CheckFormat::Text => {
                for (severity, message, line, column) in &problems {
                    let kind = if *severity == Severity::Warning { "warning: " } else { "" };
                    eprintln!("{file}:{line}:{column}: {kind}{message}");
                }
                if let Some(case) = &case {
                    println!("{file}: ok{}", if stats { format!(" {}", stats_line(case)) } else { String::new() });
                }
            }
            CheckFormat::Json => json_files.push(serde_json::json!({
                "file": file,
                "valid": case.is_some(),
                "problems": problems.iter().map(|(s, m, l, c)| serde_json::json!({
                    "severity": if *s == Severity::Error { "error" } else { "warning" },
                    "line": l, "column": c, "message": m,
                })).collect::<Vec<_>>(),
                "stats": case.as_ref().map(|c| serde_json::json!({
                    "events": c.events.len(), "actors": c.actors.len(), "ties": c.ties.len(),
                    "evidence": c.all_evidence().count(), "sources": c.sources.len(), "stories": c.stories.len(),
                })),
            })),
        }
    }
    if matches!(format, CheckFormat::Json) {
        println!("{}", serde_json::json!({ "files": json_files }));
    }
    i32::from(failed)
}

/// Parses `--as-of`, or says what is wrong (exit code 2).
fn parse_as_of(text: Option<&str>) -> Result<Option<model::PartialDate>, i32> {
    match text {
        None => Ok(None),
        Some(t) => model::PartialDate::parse(t).map(Some).map_err(|e| {
            eprintln!("proxyline: --as-of {t}: {e} (write YYYY, YYYY-MM or YYYY-MM-DD)");
            2
        }),
    }
}

/// Parses `--as-of` and `--min-grade` together, or says what is wrong (exit code 2).
fn parse_lens(
    as_of: Option<&str>,
    min_grade: &str,
) -> Result<(Option<model::PartialDate>, Grade), i32> {
    // Both are parsed (and both errors said) before either is returned.
    let (as_of, bar) = (parse_as_of(as_of), parse_bar(min_grade));
    Ok((as_of?, bar?))
}

/// The state whose verdicts `export` and `brief` give: `--state`, else the case's default
/// state, else its first state.
fn verdict_state(case: &Case, state: Option<&str>) -> Option<String> {
    state
        .or(case.default_state.as_deref())
        .map(str::to_owned)
        .or_else(|| {
            graph::candidate_states(case)
                .first()
                .map(|s| (*s).to_owned())
        })
}

/// Parses `--min-grade`, or says what is wrong (exit code 2).
fn parse_bar(text: &str) -> Result<Grade, i32> {
    Grade::parse(text).map_err(|e| {
        eprintln!("proxyline: --min-grade: {e}");
        2
    })
}

fn import_cmd(
    inputs: &[PathBuf],
    from: Option<ImportFrom>,
    mapping: Option<&Path>,
    out: &Path,
    into: Option<&Path>,
) -> i32 {
    use crate::import;
    let mapping = match mapping {
        None => None,
        Some(p) => match std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|t| import::Mapping::parse(&t))
        {
            Ok(m) => Some(m),
            Err(e) => {
                eprintln!("{}:{e}", p.display());
                return 2;
            }
        },
    };
    let from = from.map(|f| match f {
        ImportFrom::Gtd => import::Format::Gtd,
        ImportFrom::Acled => import::Format::Acled,
        ImportFrom::Csv => import::Format::Csv,
    });
    if from == Some(import::Format::Csv) && mapping.is_none() {
        eprintln!("proxyline: --from csv needs --mapping FILE (see docs/import.md)");
        return 2;
    }
    let base = match into {
        None => None,
        Some(p) if p == Path::new("built-in") && !p.exists() => {
            match model::load_text(model::DEFAULT_CASE_NAME, model::DEFAULT_CASE_RON) {
                Ok(l) => Some(l.case),
                Err(e) => {
                    for line in e.lines() {
                        eprintln!("{line}");
                    }
                    return 1;
                }
            }
        }
        Some(p) => match load_or_report(p) {
            Ok(l) => Some(l.case),
            Err(code) => return code,
        },
    };
    let options = import::Options { from, mapping };
    let (case, summary) = match import::import(inputs, base.as_ref(), &options, &mut |_| {}) {
        Ok(done) => done,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("proxyline: nothing was written");
            return 1;
        }
    };
    if let Err(e) = model::load::save_made(&case, out) {
        eprintln!("proxyline: {e}");
        return 1;
    }
    print!("{}", summary.text());
    println!("\nWrote {} ({} events).", out.display(), case.events.len());
    0
}

/// Runs a subcommand and returns the process exit code.
#[must_use]
pub fn run(command: &Command) -> i32 {
    match command {
        Command::Check {
            files,
            format,
            stats,
        } => check(files, *format, *stats),
        Command::Export {
            file,
            format,
            out,
            state,
            min_grade,
            as_of,
        } => export_cmd(
            file,
            *format,
            out.as_deref(),
            state.as_deref(),
            min_grade,
            as_of.as_deref(),
        ),
        Command::Explain {
            file,
            event,
            state,
            standard,
            min_grade,
            format,
            as_of,
        } => explain(
            file,
            event,
            state.as_deref(),
            standard.as_deref(),
            min_grade,
            *format,
            as_of.as_deref(),
        ),
        Command::Events { file, search } => events_cmd(file, search.as_deref()),
        Command::Brief {
            file,
            story,
            out,
            state,
            min_grade,
            as_of,
        } => brief(
            file,
            story.as_deref(),
            out.as_deref(),
            state.as_deref(),
            min_grade,
            as_of.as_deref(),
        ),
        Command::Import {
            inputs,
            from,
            mapping,
            out,
            into,
        } => import_cmd(inputs, *from, mapping.as_deref(), out, into.as_deref()),
        Command::Convert { input, output } => convert(input, output),
        Command::Synth {
            events,
            lanes,
            seed,
            out,
        } => {
            let case = crate::synth::case(*events as usize, *lanes as usize, *seed);
            match out {
                Some(path) => match model::load::save_made(&case, path) {
                    Ok(()) => 0,
                    Err(e) => {
                        eprintln!("proxyline: {e}");
                        1
                    }
                },
                None => match model::load::to_ron_compact(&case) {
                    Ok(text) => emit(&text, None),
                    Err(e) => {
                        eprintln!("proxyline: could not write the synthetic case: {e}");
                        1
                    }
                },
            }
        }
    }
}
