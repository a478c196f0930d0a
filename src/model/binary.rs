//! The binary case format (`.plcase`): the same [`Case`] as a RON file, for large machine-made
//! cases (imports, synthetic cases) that must open in about a second.
//!
//! RON stays the format of curated, hand-edited cases; a binary file holds exactly what the RON
//! file would (`proxyline convert` goes either way, losslessly). The layout:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | the signature [`MAGIC`]: `0x89 P L C A S E \n` (the high byte and the line break show a file mangled by a text transfer) |
//! | 2 | the binary layout version, little-endian ([`BINARY_VERSION`]) |
//! | 2 | flags, 0 (reserved) |
//! | 4 | the case format version ([`FORMAT_VERSION`]), little-endian |
//! | n | the case, encoded with [postcard](https://docs.rs/postcard) (serde; every field, in declaration order; lengths as varints) |
//! | 8 | n, little-endian |
//! | 4 | CRC-32 of the n bytes, little-endian |
//!
//! Reading checks the signature, both versions, the length (a truncated or extended file) and the
//! checksum (a flipped bit) before decoding, and says which failed. Decoding never allocates more
//! than the file justifies: postcard checks every string's length against the bytes left before
//! copying it, and serde reserves at most 1 MiB for a list whatever length it claims, so a file
//! that claims 2^40 events fails at its end instead of allocating.
//!
//! Why postcard: it is serde-based (the model needs no second set of types), well kept (the
//! embedded Rust working group's format, 1.x stable wire format), and it was the fastest and
//! smallest of the candidates measured on a synthetic case of 1M events (`cargo bench --bench
//! load`; figures in the README): it writes integers as varints and no field names.
//! Dates are packed in one number ([`super::PartialDate::packed`]) instead of text.

use std::cell::Cell;
use std::io::Write;
use std::path::Path;

use serde::Deserialize as _;
use serde::de::{Deserializer, SeqAccess, Visitor};

use super::event::Event;
use super::load::{LoadError, SaveError, write_atomic_with};
use super::skip::Writing;
use super::types::{Case, FORMAT_VERSION};
use super::validate::Problem;

/// The first eight bytes of every binary case file.
pub const MAGIC: [u8; 8] = *b"\x89PLCASE\n";

/// The binary layout this build reads and writes.
pub const BINARY_VERSION: u16 = 1;

/// The extension of binary case files.
pub const EXTENSION: &str = "plcase";

/// Bytes before the encoded case.
const HEADER: usize = 16;
/// Bytes after it (its length and checksum).
const TRAILER: usize = 12;

/// The fewest bytes one encoded event takes (every text empty, every list empty, every option
/// absent: 20 fields of at least one byte, the date three).
const MIN_EVENT_BYTES: usize = 23;

thread_local! {
    /// The size of the case data being decoded on this thread (0 when none).
    static DECODING: Cell<usize> = const { Cell::new(0) };
}

/// Reads a case's events. From a binary file the list is reserved whole, at the length the file
/// gives (a 1M-event list otherwise doubles its way up, holding the old and the new buffer at
/// once: 1.5 times the memory at the peak), but never at more events than the file's bytes
/// could hold, so a file that lies about its length reserves no more than its size justifies.
pub(super) fn events<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Event>, D::Error> {
    struct Events;
    impl<'de> Visitor<'de> for Events {
        type Value = Vec<Event>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of events")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Event>, A::Error> {
            let plausible = DECODING.with(Cell::get) / MIN_EVENT_BYTES;
            let mut events = Vec::new();
            if let Some(n) = seq.size_hint() {
                // A failed reservation (no memory for it) only means growing as usual.
                let _ = events.try_reserve_exact(n.min(plausible));
            }
            while let Some(event) = seq.next_element()? {
                events.push(event);
            }
            Ok(events)
        }
    }
    if deserializer.is_human_readable() {
        Vec::deserialize(deserializer)
    } else {
        deserializer.deserialize_seq(Events)
    }
}

/// Whether these bytes start like a binary case file.
#[must_use]
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// Whether this path names a binary case file by its extension.
#[must_use]
pub fn has_binary_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
}

/// The header: signature, layout version, flags and case format.
fn header() -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[..8].copy_from_slice(&MAGIC);
    h[8..10].copy_from_slice(&BINARY_VERSION.to_le_bytes());
    h[12..16].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    h
}

/// A writer that counts and checksums what passes through it.
struct Summing<W> {
    inner: W,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Why a case could not be encoded.
fn encode_error(e: &postcard::Error) -> std::io::Error {
    std::io::Error::other(format!("cannot encode the case: {e}"))
}

/// Writes the whole file (header, case, trailer) to `out`, streaming: the encoded case is never
/// held in memory.
pub fn write_to(case: &Case, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(&header())?;
    let mut summing = Summing {
        inner: &mut *out,
        crc: crc32fast::Hasher::new(),
        len: 0,
    };
    {
        let _every_field = Writing::every_field();
        postcard::to_io(case, &mut summing).map_err(|e| encode_error(&e))?;
    }
    let (len, crc) = (summing.len, summing.crc.finalize());
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&crc.to_le_bytes())?;
    Ok(())
}

/// The whole file in memory (for tests and small cases).
pub fn to_bytes(case: &Case) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_to(case, &mut bytes)?;
    Ok(bytes)
}

/// Wraps an already encoded case in the header and trailer (for tools and tests that build
/// payloads by hand).
#[must_use]
pub fn frame(payload: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER + payload.len() + TRAILER);
    bytes.extend_from_slice(&header());
    bytes.extend_from_slice(payload);
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    bytes
}

/// Saves a case as a binary file, atomically (see [`write_atomic_with`]).
pub fn save(case: &Case, path: &Path) -> Result<(), SaveError> {
    write_atomic_with(path, |w| {
        write_to(case, w).map_err(|source| SaveError::Io {
            path: path.to_owned(),
            source,
        })
    })
}

/// A problem with the whole file (binary files have no lines: it is reported at 1:1).
fn whole_file(message: String) -> Problem {
    Problem::error(1, 1, message)
}

/// Decodes a binary case file's bytes, checking signature, versions, length and checksum first.
/// The case is not validated (see [`super::load::load_bytes`]).
pub fn decode(bytes: &[u8]) -> Result<Case, Problem> {
    if !is_binary(bytes) {
        return Err(whole_file(
            "not a proxyline binary case file (it does not start with the PLCASE signature): \
             give a .plcase file written by proxyline, or a RON case file"
                .to_owned(),
        ));
    }
    if bytes.len() < HEADER + TRAILER {
        return Err(whole_file(format!(
            "truncated: {} bytes, but a binary case file has at least {} (copy the file again)",
            bytes.len(),
            HEADER + TRAILER
        )));
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version != BINARY_VERSION {
        return Err(whole_file(format!(
            "binary case layout version {version}; this build reads version {BINARY_VERSION}: \
             open it with the proxyline that wrote it and convert it to RON (`proxyline convert`)"
        )));
    }
    let format = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
    if format != FORMAT_VERSION {
        return Err(whole_file(format!(
            "case format version {format} is not supported: this build reads version {FORMAT_VERSION}"
        )));
    }
    let trailer = &bytes[bytes.len() - TRAILER..];
    let mut len_bytes = [0u8; 8];
    len_bytes.copy_from_slice(&trailer[..8]);
    let claimed = u64::from_le_bytes(len_bytes);
    let held = (bytes.len() - HEADER - TRAILER) as u64;
    if claimed != held {
        return Err(whole_file(format!(
            "truncated or damaged: the file says it holds {claimed} bytes of case data but holds \
             {held} (an interrupted copy or download?): copy the file again"
        )));
    }
    let payload = &bytes[HEADER..bytes.len() - TRAILER];
    let crc = u32::from_le_bytes([trailer[8], trailer[9], trailer[10], trailer[11]]);
    if crc32fast::hash(payload) != crc {
        return Err(whole_file(
            "damaged: the checksum does not match (the file changed after proxyline wrote it): \
             copy the file again or convert it anew from its source"
                .to_owned(),
        ));
    }
    DECODING.with(|d| d.set(payload.len()));
    let decoded = postcard::take_from_bytes::<Case>(payload);
    DECODING.with(|d| d.set(0));
    let (case, rest) = decoded.map_err(|e| {
        whole_file(format!(
            "damaged or written by an incompatible build: cannot decode the case ({e})"
        ))
    })?;
    if !rest.is_empty() {
        return Err(whole_file(format!(
            "damaged: {} bytes left after the case",
            rest.len()
        )));
    }
    Ok(case)
}

/// Decodes and wraps the problem as a load error naming `file`.
pub(super) fn load(file: &str, bytes: &[u8]) -> Result<Case, LoadError> {
    decode(bytes).map_err(|p| LoadError::Invalid {
        file: file.to_owned(),
        problems: vec![p],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> Case {
        super::super::load_text("built-in", super::super::DEFAULT_CASE_RON)
            .unwrap()
            .case
    }

    #[test]
    fn round_trips_the_built_in_case() {
        let case = built_in();
        let bytes = to_bytes(&case).unwrap();
        assert!(is_binary(&bytes));
        assert_eq!(decode(&bytes).unwrap(), case);
    }

    #[test]
    fn refuses_truncated_flipped_and_foreign_files() {
        let bytes = to_bytes(&built_in()).unwrap();
        let message = |b: &[u8]| decode(b).unwrap_err().message;
        assert!(message(&bytes[..bytes.len() - 100]).contains("truncated"));
        assert!(message(&bytes[..20]).contains("truncated"));
        let mut flipped = bytes.clone();
        flipped[bytes.len() / 2] ^= 0x10;
        assert!(message(&flipped).contains("checksum"));
        let mut version = bytes.clone();
        version[8] = 9;
        assert!(message(&version).contains("layout version 9"));
        assert!(message(b"Case(format: 1)").contains("signature"));
    }
}
