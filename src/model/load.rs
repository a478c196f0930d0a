//! Reading and writing case files: syntax errors with file, line and column, refusal of hostile
//! input (binary, bad UTF-8, huge files, deep nesting), and atomic saving.
//!
//! Loading is two steps: [`parse_case`] turns text into a [`Case`] or one [`Problem`] at the exact
//! position of the syntax error; [`super::validate::validate`] then lists every semantic problem.
//! [`load_path`] and [`load_text`] do both and return a [`Loaded`] case with its warnings, or a
//! [`LoadError`] with all problems.

use std::path::{Path, PathBuf};

use super::types::{Case, FORMAT_VERSION};
use super::validate::{Problem, Severity, validate};

/// Files larger than this are refused before reading.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// How deeply brackets may nest before the parser refuses the file (the format needs about 8).
pub const MAX_NESTING: usize = 64;

/// Why a case could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{file}: cannot read: {message}")]
    Io {
        /// The file.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// The file was read but has problems (syntax, or validation errors).
    #[error("{file}: {} problem(s); first: {}", problems.len(), problems.first().map_or(String::new(), ToString::to_string))]
    Invalid {
        /// The file.
        file: String,
        /// Every problem, errors and warnings, in file order.
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// The problems as `file:line:column: message` lines.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        match self {
            Self::Io { .. } => vec![self.to_string()],
            Self::Invalid { file, problems } => {
                problems.iter().map(|p| format!("{file}:{p}")).collect()
            }
        }
    }
}

/// A case that loaded, with the warnings validation found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The case.
    pub case: Case,
    /// Problems that do not stop loading.
    pub warnings: Vec<Problem>,
}

/// The RON options every case file is read with.
fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// Line (1-based) and column (1-based, in characters) of a byte offset.
#[must_use]
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let byte = byte.min(text.len());
    let before = text.get(..byte).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before
        .get(line_start..)
        .map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

/// Checks raw bytes before parsing: refuses binary and invalid UTF-8 with a position.
pub fn check_bytes(bytes: &[u8]) -> Result<&str, Problem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Problem::error(
            1,
            1,
            format!(
                "file is {} MiB; case files larger than {} MiB are refused",
                bytes.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = line_col(&String::from_utf8_lossy(&bytes[..nul]), nul);
        return Err(Problem::error(
            line,
            column,
            "binary data (a NUL byte): this is not a RON case file".to_owned(),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let valid = e.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let (line, column) = line_col(prefix, valid);
            Err(Problem::error(
                line,
                column,
                format!(
                    "invalid UTF-8 (byte 0x{:02x}): save the file as UTF-8",
                    bytes[valid]
                ),
            ))
        }
    }
}

/// What RON's error codes mean, said for a person editing a case file.
fn syntax_message(error: &ron::Error) -> String {
    match error {
        ron::Error::ExceededRecursionLimit => format!(
            "brackets nested deeper than {MAX_NESTING} levels: a case file never needs that; check for unclosed brackets"
        ),
        other => other.to_string(),
    }
}

/// Parses case-file text into a [`Case`] without validating it.
pub fn parse_case(text: &str) -> Result<Case, Problem> {
    ron_options().from_str::<Case>(text).map_err(|e| {
        Problem::error(
            e.span.start.line.max(1),
            e.span.start.col.max(1),
            syntax_message(&e.code),
        )
    })
}

/// Parses and validates text; `file` names it in messages.
pub fn load_text(file: &str, text: &str) -> Result<Loaded, LoadError> {
    let invalid = |problems| LoadError::Invalid {
        file: file.to_owned(),
        problems,
    };
    let case = parse_case(text).map_err(|p| invalid(vec![p]))?;
    if case.format != FORMAT_VERSION {
        let (line, column) = super::validate::Locator::new(text).top_field("format");
        return Err(invalid(vec![Problem::error(
            line,
            column,
            format!(
                "format version {} is not supported: this build reads version {FORMAT_VERSION}",
                case.format
            ),
        )]));
    }
    validated(file, case, text)
}

/// Validates a parsed case (`text` locates problems; empty for a binary file).
fn validated(file: &str, case: Case, text: &str) -> Result<Loaded, LoadError> {
    let problems = validate(&case, text);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(LoadError::Invalid {
            file: file.to_owned(),
            problems,
        });
    }
    Ok(Loaded {
        case,
        warnings: problems,
    })
}

/// Parses and validates raw bytes: a binary case file ([`super::binary`], recognised by its
/// signature) or RON text (refusing other binary data and bad UTF-8 first).
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    if super::binary::is_binary(bytes) {
        let case = super::binary::load(file, bytes)?;
        return validated(file, case, "");
    }
    if super::binary::has_binary_extension(Path::new(file)) {
        return Err(LoadError::Invalid {
            file: file.to_owned(),
            problems: vec![Problem::error(
                1,
                1,
                "a .plcase file without the PLCASE signature: it is not a proxyline binary case \
                 file, or its start is damaged"
                    .to_owned(),
            )],
        });
    }
    let text = check_bytes(bytes).map_err(|p| LoadError::Invalid {
        file: file.to_owned(),
        problems: vec![p],
    })?;
    load_text(file, text)
}

/// Reads, parses and validates a file, refusing huge files before reading them.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let file = path.display().to_string();
    let io = |e: std::io::Error| LoadError::Io {
        file: file.clone(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::Io {
            file,
            message: "is a folder, not a case file".to_owned(),
        });
    }
    // Devices and pipes (/dev/zero, a FIFO) are refused before they are opened: reading one
    // would never end or would block for ever.
    if !meta.is_file() {
        return Err(LoadError::Io {
            file,
            message: "is not a regular file (a device, a pipe or a socket): give a case file"
                .to_owned(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::Invalid {
            file,
            problems: vec![Problem::error(
                1,
                1,
                format!(
                    "file is {} MiB; case files larger than {} MiB are refused",
                    meta.len() / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )],
        });
    }
    // Read at most the limit (and one byte more, to see a file that grew past it).
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read as _;
            f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(io)?;
    if super::binary::is_binary(&bytes) {
        // The file's bytes are let go before validation: at 1M events they are 50 MB.
        let case = super::binary::load(&file, &bytes)?;
        drop(bytes);
        return validated(&file, case, "");
    }
    load_bytes(&file, &bytes)
}

/// The compact RON layout: no indentation or line breaks.
fn compact_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .compact_arrays(true)
        .compact_structs(true)
        .new_line(String::new())
        .indentor(String::new())
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
        // Strings as written (raw strings where they hold quotes): RON's escaping walks every
        // character and took most of the time writing a 200,000-event import.
        .escape_strings(false)
}

/// The case as compact RON text (no indentation or line breaks): the same format, about half the
/// size, for machine-written files such as large imports.
pub fn to_ron_compact(case: &Case) -> Result<String, ron::Error> {
    ron::ser::to_string_pretty(case, compact_config())
}

/// Writes a case as compact RON straight to a file, atomically, without holding the text in
/// memory: for large machine-made cases.
pub fn save_compact(case: &Case, path: &Path) -> Result<(), SaveError> {
    write_atomic_with(path, |w| {
        ron::Options::default().to_io_writer_pretty(w, case, compact_config())?;
        Ok(())
    })
}

/// Serialises a case to RON text that [`load_text`] reads back to an equal case, formatted for
/// people to read and edit (what Save writes).
pub fn to_ron(case: &Case) -> Result<String, ron::Error> {
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_owned())
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    ron::ser::to_string_pretty(case, pretty)
}

/// Why a save failed.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The case could not be serialised.
    #[error("cannot serialise the case: {0}")]
    Serialise(#[from] ron::Error),
    /// The file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The target.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Saves atomically: writes a temporary file beside the target, flushes it, then renames it over
/// the target, so a crash never leaves a half-written case.
/// A path ending in `.plcase` is saved in the binary format ([`super::binary`]).
pub fn save_path(case: &Case, path: &Path) -> Result<(), SaveError> {
    if super::binary::has_binary_extension(path) {
        return super::binary::save(case, path);
    }
    let text = to_ron(case)?;
    write_atomic(text.as_bytes(), path)
}

/// Cases with more events than this are written compact (RON without indentation) or binary
/// when they are machine-made: readable layout only where people will read it.
pub const PRETTY_UP_TO: usize = 20_000;

/// Writes a machine-made case (an import, a synthetic case) in the format its path asks for:
/// `.plcase` binary; `.ron` RON, indented up to [`PRETTY_UP_TO`] events and compact beyond; any
/// other name RON up to that size and binary beyond (large cases open far faster in binary).
pub fn save_made(case: &Case, path: &Path) -> Result<(), SaveError> {
    let large = case.events.len() > PRETTY_UP_TO;
    let ron = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    if super::binary::has_binary_extension(path) || (large && !ron) {
        super::binary::save(case, path)
    } else if large {
        save_compact(case, path)
    } else {
        save_path(case, path)
    }
}

/// The temporary file an atomic write renames over `path`: in its folder, and with the
/// permissions `path` has (a new file gets read-write for the owner and read for others, as
/// an editor would make it, not the owner-only mode of temporary files).
fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".proxyline-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let perms = std::fs::metadata(path).map_or_else(
            |_| std::fs::Permissions::from_mode(0o644),
            |m| m.permissions(),
        );
        builder.permissions(perms);
    }
    builder.tempfile_in(dir)
}

/// Writes bytes atomically: a temporary file in the target's folder, flushed, then renamed over
/// the target.
pub fn write_atomic(bytes: &[u8], path: &Path) -> Result<(), SaveError> {
    write_atomic_with(path, |w| {
        w.write_all(bytes).map_err(|source| SaveError::Io {
            path: path.to_owned(),
            source,
        })
    })
}

/// How a write reaches its target.
enum Target {
    /// A regular file (or none yet): a temporary file beside it, renamed over it.
    Replace(PathBuf),
    /// A device or a pipe (`/dev/stdout`, a FIFO), or a file with several hard links: written in
    /// place, since renaming over it would replace the device node or break the links.
    InPlace(PathBuf),
}

/// Where a write to `path` must go: through symbolic links to the file they point at (so the
/// link stays a link and its target is updated), and in place for special files and for files
/// with several hard links.
fn target_of(path: &Path) -> Target {
    let real = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        // A link to an existing file resolves fully; a dangling one to where it points.
        std::fs::canonicalize(path).unwrap_or_else(|_| {
            std::fs::read_link(path).map_or_else(
                |_| path.to_owned(),
                |to| path.parent().map_or(to.clone(), |dir| dir.join(&to)),
            )
        })
    } else {
        path.to_owned()
    };
    match std::fs::metadata(&real) {
        Ok(m) if !m.is_file() => Target::InPlace(real),
        #[cfg(unix)]
        Ok(m) if std::os::unix::fs::MetadataExt::nlink(&m) > 1 => Target::InPlace(real),
        _ => Target::Replace(real),
    }
}

/// The one atomic write: `write` fills a buffered temporary file beside the target
/// ([`temp_beside`]), which is flushed, synced to disk and renamed over the target, so a crash
/// or a failed write never leaves a half-written file. Writes go through symbolic links to the
/// file they name (the temporary file sits beside that file); a device, a pipe or a file with
/// several hard links is written in place instead (see [`Target`]). Errors name `path` as the
/// user gave it, never the temporary file.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<(), SaveError>,
) -> Result<(), SaveError> {
    use std::io::Write as _;
    let io = |source: std::io::Error| SaveError::Io {
        path: path.to_owned(),
        // The temporary file's name is not the user's business (tempfile adds "at path …").
        source: match source.to_string().split_once(" at path ") {
            Some((message, _)) => std::io::Error::new(source.kind(), message.to_owned()),
            None => source,
        },
    };
    let target = match target_of(path) {
        Target::InPlace(real) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&real)
                .map_err(io)?;
            let mut writer = std::io::BufWriter::with_capacity(1 << 20, &file);
            write(&mut writer)?;
            writer.flush().map_err(io)?;
            return Ok(());
        }
        Target::Replace(real) => real,
    };
    let tmp = temp_beside(&target).map_err(io)?;
    {
        let mut writer = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file());
        write(&mut writer)?;
        writer.flush().map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(&target).map_err(|e| io(e.error))?;
    Ok(())
}
