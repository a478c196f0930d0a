//! Importing the event data analysts hold: a GTD release (CSV or XLSX), an ACLED export, or any
//! CSV described by a small column mapping, into a new case or into an open one. Every
//! imported event cites its row (dataset, file, id, line) and the sources the row names; its
//! groups are linked to the case's actors by name and alias ([`link`]), and the dataset's
//! attribution becomes graded evidence, so the attribution engine evaluates imported incidents
//! through the case's ties like curated ones. Pure Rust; no egui.
//!
//! The import reads into a copy of the case and hands it back only when every file was read:
//! a failure leaves nothing changed. Rows that cannot be read are skipped and listed; when more
//! than [`MAX_UNREADABLE_SHARE`] of a file's rows cannot be read, the import stops instead.
//! Mapping tables and the grade table are documented in `docs/import.md`.
//!
//! Speed (`cargo bench --bench import`, 200,000 GTD-shaped rows into the built-in case, this
//! 2-core machine, medians of 3): import 1.1 s and write 1.1 s (about 90,000 rows per second;
//! reading the bare records takes 0.3 s), peak memory about 420 MB. The first version took
//! 2.6 s + 5.0 s and 1.16 GB; the commit that fixed it lists each step and its effect.

pub mod acled;
pub mod build;
pub mod gtd;
pub mod link;
pub mod mapping;
pub mod table;
pub mod values;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::{Case, EventKind, PartialDate, Place};

pub use mapping::Mapping;

/// An import stops when more than this share of a file's data rows cannot be read (10%).
pub const MAX_UNREADABLE_SHARE: f64 = 0.10;

/// At most this many skipped rows are listed one by one; the rest are counted.
pub const MAX_LISTED: usize = 1000;

/// The dataset layouts proxyline reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The Global Terrorism Database (START), its official 135-column release.
    Gtd,
    /// An ACLED export.
    Acled,
    /// Any CSV, read through a [`Mapping`].
    Csv,
}

impl Format {
    /// A short name.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Gtd => "GTD",
            Self::Acled => "ACLED",
            Self::Csv => "CSV",
        }
    }

    /// The layout a header shows, if it is one proxyline knows without a mapping.
    #[must_use]
    pub fn detect(header: &table::Header) -> Option<Self> {
        if header.has_all(&["eventid", "iyear"]) {
            Some(Self::Gtd)
        } else if header.has_all(&["event_id_cnty", "event_date"]) {
            Some(Self::Acled)
        } else {
            None
        }
    }
}

/// What to import and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The layout of every input; detected from each file's header when `None`.
    pub from: Option<Format>,
    /// The column mapping for [`Format::Csv`] (and for files no header detection recognises).
    pub mapping: Option<Mapping>,
}

/// Why an import failed: the file, line and column, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The file.
    pub file: String,
    /// 1-based line (0 when the file could not be opened).
    pub line: u64,
    /// 1-based column (the field's number), when one is to blame.
    pub column: Option<usize>,
    /// What is wrong and what to do.
    pub message: String,
}

impl ImportError {
    /// An error at a position.
    #[must_use]
    pub fn at(file: &str, line: u64, column: Option<usize>, message: String) -> Self {
        Self {
            file: file.to_owned(),
            line,
            column,
            message,
        }
    }
}

impl fmt::Display for ImportError {
    /// `file:line:column: message` (`file:line: message` without a column).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{}:{c}: {}", self.file, self.line, self.message),
            None => write!(f, "{}:{}: {}", self.file, self.line, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// How far an import has come.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Share done, 0 to 1.
    pub fraction: f32,
    /// Data rows read so far.
    pub rows: u64,
}

/// A row left out: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub file: String,
    /// Its line.
    pub line: u64,
    /// The column to blame (1-based), if one is.
    pub column: Option<usize>,
    /// Why. Rows outside the tool's scope (protests, say) are not errors and say so.
    pub reason: String,
    /// The row could not be read (counts towards [`MAX_UNREADABLE_SHARE`]); otherwise it was
    /// read and left out on purpose.
    pub unreadable: bool,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{}:{c}: {}", self.file, self.line, self.reason),
            None => write!(f, "{}:{}: {}", self.file, self.line, self.reason),
        }
    }
}

/// What one file gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's name.
    pub name: String,
    /// Its layout.
    pub format: Format,
    /// Data rows read.
    pub rows: u64,
    /// Events made from them.
    pub events: u64,
    /// Rows that could not be read.
    pub unreadable: u64,
    /// Rows read and left out on purpose (outside the scope of attacks).
    pub out_of_scope: u64,
    /// Fields read as Windows-1252 because they were not UTF-8.
    pub windows_1252_fields: u64,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Per file.
    pub files: Vec<FileSummary>,
    /// Events new to the case.
    pub events_added: u64,
    /// Events that replaced an earlier import of the same dataset id.
    pub events_replaced: u64,
    /// Rows left out (the first [`MAX_LISTED`]).
    pub skipped: Vec<Skipped>,
    /// Rows left out beyond those listed.
    pub skipped_unlisted: u64,
    /// Dataset names linked to actors of the case.
    pub linked: Vec<link::LinkLine>,
    /// Dataset names that became new actors.
    pub created: Vec<link::LinkLine>,
    /// The case's range, when the import widened it: (start, end).
    pub widened: Option<(PartialDate, PartialDate)>,
}

impl Summary {
    /// Data rows read over all files.
    #[must_use]
    pub fn rows(&self) -> u64 {
        self.files.iter().map(|f| f.rows).sum()
    }

    /// Rows left out over all files.
    #[must_use]
    pub fn skipped_count(&self) -> u64 {
        self.skipped.len() as u64 + self.skipped_unlisted
    }

    /// The headline: "1,204 rows read, 1,180 events made (3 replaced), 24 rows skipped,
    /// 5 names linked, 2 actors created".
    #[must_use]
    pub fn headline(&self) -> String {
        let replaced = if self.events_replaced > 0 {
            format!(" ({} replaced an earlier import)", self.events_replaced)
        } else {
            String::new()
        };
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        format!(
            "{} read, {}{replaced}, {} skipped, {} linked to actors of the case, {} created",
            n(self.rows() as usize, "row", "rows"),
            n(
                (self.events_added + self.events_replaced) as usize,
                "event made",
                "events made"
            ),
            n(self.skipped_count() as usize, "row", "rows"),
            n(self.linked.len(), "name", "names"),
            n(self.created.len(), "actor", "actors"),
        )
    }

    /// The whole report as text: the headline, then [`Self::details`].
    #[must_use]
    pub fn text(&self) -> String {
        format!("{}\n{}", self.headline(), self.details())
    }

    /// Per file, the linking report and the skipped rows.
    #[must_use]
    pub fn details(&self) -> String {
        use fmt::Write as _;
        let mut s = String::new();
        for f in &self.files {
            let _ = write!(
                s,
                "\n{} ({}): {} rows, {} events, {} unreadable, {} outside the scope of attacks",
                f.name,
                f.format.label(),
                f.rows,
                f.events,
                f.unreadable,
                f.out_of_scope
            );
            if f.windows_1252_fields > 0 {
                let _ = write!(s, "; {} fields read as Windows-1252", f.windows_1252_fields);
            }
            s.push('\n');
        }
        if let Some((start, end)) = self.widened {
            let _ = writeln!(
                s,
                "\nThe case's range was widened to {} \u{2013} {} to hold the imported events.",
                start.human(),
                end.human()
            );
        }
        if !self.linked.is_empty() {
            s.push_str("\nLinked to actors of the case:\n");
            for l in &self.linked {
                let _ = writeln!(s, "  {} = {} ({} rows)", l.name, l.actor, l.rows);
            }
        }
        if !self.created.is_empty() {
            s.push_str("\nNew actors (kind Other; add the name as an alias to link it instead):\n");
            for l in &self.created {
                let _ = writeln!(s, "  {} = {} ({} rows)", l.name, l.actor, l.rows);
            }
        }
        if !self.skipped.is_empty() {
            s.push_str("\nRows skipped:\n");
            for k in &self.skipped {
                let _ = writeln!(s, "  {k}");
            }
            if self.skipped_unlisted > 0 {
                let _ = writeln!(s, "  \u{2026} and {} more", self.skipped_unlisted);
            }
        }
        s
    }
}

/// One incident as a dataset row gives it, before it becomes an event of the case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Incident {
    /// The dataset's own id (GTD `eventid`, ACLED `event_id_cnty`, the mapping's id column).
    pub id: String,
    /// The (first) date.
    pub date: Option<PartialDate>,
    /// End of a range.
    pub date_end: Option<PartialDate>,
    /// The dataset marks the date approximate.
    pub approximate: bool,
    /// Kind of attack.
    pub kind: Option<EventKind>,
    /// Title.
    pub title: String,
    /// Where.
    pub place: Place,
    /// Killed, when the row gives a figure (blank is unknown, never 0).
    pub killed: Option<u32>,
    /// Wounded, likewise.
    pub wounded: Option<u32>,
    /// What was targeted.
    pub targets: Vec<String>,
    /// Groups the row names as responsible, with how.
    pub perpetrators: Vec<Named>,
    /// Groups the row says claimed it.
    pub claims: Vec<ClaimRow>,
    /// What happened, as the row says, and the row's own caveats.
    pub summary: String,
    /// The sources the row cites (GTD `scite1..3`, ACLED `source`).
    pub cited: Vec<String>,
    /// The part of the dataset the row comes from (GTD `dbsource`): one source for all its rows.
    pub collection: Option<String>,
}

/// A group a row names as responsible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// The name as written.
    pub name: String,
    /// How firmly the dataset attributes it (decides the evidence's grade).
    pub basis: build::Basis,
}

/// A claim a row records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRow {
    /// Who claimed, as written.
    pub name: String,
    /// How (GTD's claim mode), when given.
    pub mode: Option<String>,
    /// The dataset notes competing claims.
    pub competing: bool,
}

/// What a row gave.
#[derive(Debug)]
pub enum RowOutcome {
    /// An incident to import.
    Incident(Box<Incident>),
    /// Read, and left out on purpose: why.
    OutOfScope(String),
}

/// Why a row could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The 0-based index of the field to blame.
    pub field: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

impl RowError {
    /// An error in one field.
    #[must_use]
    pub fn field(field: usize, reason: String) -> Self {
        Self {
            field: Some(field),
            reason,
        }
    }
}

/// Reads rows of one layout.
pub trait Shape {
    /// The dataset, for citations.
    fn dataset(&self) -> &build::Dataset;
    /// One row.
    fn read(&self, row: &table::Row) -> Result<RowOutcome, RowError>;
}

/// The name of a path for messages and citations (its file name).
#[must_use]
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Imports files into a copy of `base` (a new case when `None`) and returns it with what was
/// done. Calls `progress` now and then. Nothing is changed when it fails.
pub fn import(
    inputs: &[PathBuf],
    base: Option<&Case>,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Case, Summary), ImportError> {
    let total: u64 = inputs
        .iter()
        .map(|p| std::fs::metadata(p).map_or(1, |m| m.len().max(1)))
        .sum::<u64>()
        .max(1);
    let mut builder = build::Builder::new(base, inputs);
    // Room for every row at once (lines are an upper bound on rows): the case's lists do not
    // grow by doubling, which would hold the old and the new list at once.
    builder.reserve(inputs.iter().map(|p| table::count_lines(p)).sum());
    let mut done_bytes = 0_u64;
    let mut rows_total = 0_u64;
    for path in inputs {
        let file = file_name(path);
        let size = std::fs::metadata(path).map_or(1, |m| m.len().max(1));
        let mut shape: Option<Box<dyn Shape>> = None;
        let mut summary = FileSummary {
            name: file.clone(),
            format: options.from.unwrap_or(Format::Csv),
            rows: 0,
            events: 0,
            unreadable: 0,
            out_of_scope: 0,
            windows_1252_fields: 0,
        };
        let mut stopped: Option<ImportError> = None;
        let mut first_bad: Option<Skipped> = None;
        let decoding = table::read(path, &file, |item| {
            let row = match item {
                table::Item::Header(header, line) => {
                    let format = shape_format(options, header, &file, line)?;
                    summary.format = format;
                    shape = Some(make_shape(format, header, options, &file, line)?);
                    return Ok(true);
                }
                table::Item::Bad(bad) => {
                    summary.rows += 1;
                    summary.unreadable += 1;
                    let s = Skipped {
                        file: file.clone(),
                        line: bad.line,
                        column: None,
                        reason: bad.reason,
                        unreadable: true,
                    };
                    first_bad.get_or_insert_with(|| s.clone());
                    builder.skip(s);
                    return Ok(true);
                }
                table::Item::Row(row) => row,
            };
            let Some(shape) = shape.as_deref() else {
                return Ok(false);
            };
            summary.rows += 1;
            rows_total += 1;
            if rows_total.is_multiple_of(4096) {
                progress(Progress {
                    fraction: ((done_bytes + row.byte.min(size)) as f64 / total as f64) as f32,
                    rows: rows_total,
                });
            }
            match shape.read(row) {
                Ok(RowOutcome::Incident(incident)) => {
                    summary.events += 1;
                    builder.add(shape.dataset(), &file, row.line, *incident);
                }
                Ok(RowOutcome::OutOfScope(reason)) => {
                    summary.out_of_scope += 1;
                    builder.skip(Skipped {
                        file: file.clone(),
                        line: row.line,
                        column: None,
                        reason,
                        unreadable: false,
                    });
                }
                Err(e) => {
                    summary.unreadable += 1;
                    let s = Skipped {
                        file: file.clone(),
                        line: row.line,
                        column: e.field.map(|f| f + 1),
                        reason: e.reason,
                        unreadable: true,
                    };
                    first_bad.get_or_insert_with(|| s.clone());
                    builder.skip(s);
                    if too_many(summary.unreadable, summary.rows, 1000) {
                        stopped = Some(stop_error(&file, &summary, first_bad.as_ref()));
                        return Ok(false);
                    }
                }
            }
            Ok(true)
        })?;
        if let Some(e) = stopped {
            return Err(e);
        }
        if too_many(summary.unreadable, summary.rows, 0) {
            return Err(stop_error(&file, &summary, first_bad.as_ref()));
        }
        summary.windows_1252_fields = decoding.windows_1252_fields;
        builder.summary.files.push(summary);
        done_bytes += size;
        progress(Progress {
            fraction: (done_bytes as f64 / total as f64) as f32,
            rows: rows_total,
        });
    }
    Ok(builder.finish())
}

/// The layout of a file: the one asked for, else the one its header shows, else a mapped CSV
/// when a mapping was given.
fn shape_format(
    options: &Options,
    header: &table::Header,
    file: &str,
    line: u64,
) -> Result<Format, ImportError> {
    if let Some(f) = options.from {
        return Ok(f);
    }
    match Format::detect(header) {
        Some(f) => Ok(f),
        None if options.mapping.is_some() => Ok(Format::Csv),
        None => Err(ImportError::at(
            file,
            line,
            Some(1),
            "the header is neither a GTD release's (eventid, iyear, imonth, iday, \u{2026}) nor an ACLED export's (event_id_cnty, event_date, \u{2026}): for another CSV, give a column mapping (--mapping FILE, see docs/import.md)".to_owned(),
        )),
    }
}

/// The reader of a layout for a header, or what the header lacks.
fn make_shape(
    format: Format,
    header: &table::Header,
    options: &Options,
    file: &str,
    line: u64,
) -> Result<Box<dyn Shape>, ImportError> {
    let made: Result<Box<dyn Shape>, String> = match format {
        Format::Gtd => gtd::Gtd::new(header).map(|s| Box::new(s) as Box<dyn Shape>),
        Format::Acled => acled::Acled::new(header).map(|s| Box::new(s) as Box<dyn Shape>),
        Format::Csv => match &options.mapping {
            Some(m) => mapping::Mapped::new(header, m, file).map(|s| Box::new(s) as Box<dyn Shape>),
            None => Err(
                "a plain CSV needs a column mapping (--mapping FILE, see docs/import.md)"
                    .to_owned(),
            ),
        },
    };
    made.map_err(|m| ImportError::at(file, line, None, m))
}

/// Whether more than [`MAX_UNREADABLE_SHARE`] of the rows so far failed (judged once at least
/// `min_rows` rows were read).
fn too_many(unreadable: u64, rows: u64, min_rows: u64) -> bool {
    rows >= min_rows.max(1) && unreadable as f64 > rows as f64 * MAX_UNREADABLE_SHARE
}

fn stop_error(file: &str, summary: &FileSummary, first: Option<&Skipped>) -> ImportError {
    let (line, column, why) = first.map_or((0, None, String::new()), |s| {
        (s.line, s.column, format!(" The first: {}.", s.reason))
    });
    ImportError::at(
        file,
        line,
        column,
        format!(
            "{} of {} rows cannot be read (more than {:.0}%), so nothing was imported: is this the right file and format?{why}",
            summary.unreadable,
            summary.rows,
            MAX_UNREADABLE_SHARE * 100.0
        ),
    )
}
