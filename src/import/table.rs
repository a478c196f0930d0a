//! Reading a dataset file as rows of text: CSV (UTF-8, UTF-16 with a byte-order mark, or
//! Windows-1252 as START ships the GTD, field by field) and XLSX (the first sheet). Every row
//! knows its line (the CSV line it starts on, or the sheet's row number), and every column its
//! name, so that problems can say file, line and column. Pure Rust.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::{ImportError, RowError};

/// One data row: its fields as UTF-8 (decoded from Windows-1252 where they were not), held in
/// one buffer without a string per field.
#[derive(Debug, Default)]
pub struct Row {
    /// The 1-based line (CSV) or sheet row (XLSX) the row starts on.
    pub line: u64,
    /// Byte offset of the row in the file (CSV), for progress.
    pub byte: u64,
    /// The fields.
    pub record: csv::ByteRecord,
}

impl Row {
    /// A row from text fields.
    #[must_use]
    pub fn from_fields<S: AsRef<str>>(line: u64, fields: &[S]) -> Self {
        let mut record = csv::ByteRecord::new();
        for f in fields {
            record.push_field(f.as_ref().as_bytes());
        }
        Self {
            line,
            byte: 0,
            record,
        }
    }

    /// The field of an optional column ("" when the file lacks the column).
    #[must_use]
    pub fn opt(&self, i: Option<usize>) -> &str {
        i.map_or("", |i| self.get(i))
    }

    /// A count of people in an optional column (blank is unknown), the error blamed on it.
    pub fn count(&self, i: Option<usize>) -> Result<Option<u32>, RowError> {
        self.parsed(i, super::values::count).map(Option::flatten)
    }

    /// A 0/1 flag in an optional column (blank, or no column, is not set).
    pub fn flag(&self, i: Option<usize>) -> Result<bool, RowError> {
        self.parsed(i, super::values::flag)
            .map(|b| b.unwrap_or(false))
    }

    /// A coordinate in degrees within `limit` in an optional column.
    pub fn coordinate(&self, i: Option<usize>, limit: f64) -> Result<Option<f64>, RowError> {
        self.parsed(i, |t| super::values::coordinate(t, limit))
            .map(Option::flatten)
    }

    /// An optional column's field read by `parse`, its error blamed on the column.
    fn parsed<T>(
        &self,
        i: Option<usize>,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, RowError> {
        i.map(|i| parse(self.get(i)).map_err(|e| RowError::field(i, e)))
            .transpose()
    }

    /// Field `i`, trimmed ("" when the row is shorter).
    #[must_use]
    pub fn get(&self, i: usize) -> &str {
        self.record
            .get(i)
            .and_then(|b| std::str::from_utf8(b).ok())
            .map_or("", str::trim)
    }
}

/// The header: column names (trimmed, lower case) and where each is.
#[derive(Debug, Default)]
pub struct Header {
    /// Names in file order, as written.
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Header {
    /// A header from its fields.
    #[must_use]
    pub fn new(fields: &[String]) -> Self {
        let names: Vec<String> = fields
            .iter()
            .map(|f| f.trim().trim_start_matches('\u{feff}').to_owned())
            .collect();
        let mut index = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            index.entry(n.to_lowercase()).or_insert(i);
        }
        Self { names, index }
    }

    /// The index of a column (case-insensitive).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<usize> {
        self.index.get(&name.to_lowercase()).copied()
    }

    /// Whether every one of these columns is present.
    #[must_use]
    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.get(n).is_some())
    }

    /// The first of these columns that is missing.
    #[must_use]
    pub fn first_missing<'n>(&self, names: &[&'n str]) -> Option<&'n str> {
        names.iter().copied().find(|n| self.get(n).is_none())
    }
}

/// What reading found out about the text itself.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Decoding {
    /// Fields that were not UTF-8 and were read as Windows-1252.
    pub windows_1252_fields: u64,
    /// The file started with a UTF-16 byte-order mark.
    pub utf16: bool,
}

/// A row that could not be read: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// Its line.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// Whether the path names a spreadsheet (by extension or by its zip signature).
fn is_xlsx(path: &Path, first: &[u8]) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods"))
        || first.starts_with(b"PK\x03\x04")
}

/// What reading hands over, in file order.
#[derive(Debug)]
pub enum Item<'h> {
    /// The header, with its line.
    Header(&'h Header, u64),
    /// A data row.
    Row(&'h Row),
    /// A row whose field count differs from the header's, with the reason (a truncated last
    /// row, a stray delimiter).
    Bad(BadRow),
}

/// Reads a file's header and rows, handing each to `on` (which returns `Ok(false)` to stop,
/// or an error to fail). Fails for an empty file, a case file, binary data or an unreadable
/// CSV.
pub fn read(
    path: &Path,
    file: &str,
    mut on: impl FnMut(Item<'_>) -> Result<bool, ImportError>,
) -> Result<Decoding, ImportError> {
    let at = |line: u64, message: String| ImportError::at(file, line, None, message);
    // Devices and pipes are refused before they are opened (reading /dev/zero never ends, a
    // FIFO blocks for ever).
    let meta = std::fs::metadata(path).map_err(|e| at(0, format!("cannot open: {e}")))?;
    if !meta.is_file() {
        return Err(at(
            0,
            "is not a regular file (a folder, a device or a pipe): give a CSV or XLSX export"
                .to_owned(),
        ));
    }
    let mut f = std::fs::File::open(path).map_err(|e| at(0, format!("cannot open: {e}")))?;
    let mut first = vec![0_u8; 8192];
    let n = read_up_to(&mut f, &mut first).map_err(|e| at(0, format!("cannot read: {e}")))?;
    first.truncate(n);
    if first.is_empty() {
        return Err(at(
            1,
            "the file is empty: export the dataset again".to_owned(),
        ));
    }
    if is_xlsx(path, &first) {
        drop(f);
        return read_xlsx(path, file, on).map(|()| Decoding::default());
    }
    let utf16 = first.starts_with(&[0xff, 0xfe]) || first.starts_with(&[0xfe, 0xff]);
    if !utf16 && first.contains(&0) {
        return Err(at(
            1,
            "this is not a text file (it holds NUL bytes): give a CSV or XLSX export".to_owned(),
        ));
    }
    let head = String::from_utf8_lossy(&first);
    let start = head.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('(') || start.starts_with("Case(") || start.starts_with("//") {
        return Err(at(
            1,
            "this looks like a proxyline case file, not a dataset export: open it with File > Open, or import into it with --into".to_owned(),
        ));
    }
    let newlines = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let chained = std::io::Cursor::new(first).chain(f);
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .bom_sniffing(true)
        .utf8_passthru(true)
        .strip_bom(true)
        .build(chained);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(std::io::BufReader::with_capacity(
            1 << 16,
            LineIndex {
                inner: decoded,
                offset: 0,
                newlines: newlines.clone(),
            },
        ));
    // The line a record starts on, from the newlines before its byte offset (the CSV reader's
    // own line count is off by one per CRLF-ended record in some files).
    let mut seen = 0_usize;
    let mut line_of = |byte: u64| -> u64 {
        let nl = newlines.borrow();
        while seen < nl.len() && nl[seen] <= byte {
            seen += 1;
        }
        seen as u64 + 1
    };
    let mut decoding = Decoding {
        utf16,
        ..Decoding::default()
    };
    let mut record = csv::ByteRecord::new();
    let mut row = Row::default();
    let mut header: Option<Header> = None;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(p.byte()));
                return Err(at(line, format!("cannot read the CSV: {e}")));
            }
        }
        let byte = record.position().map_or(0, csv::Position::byte);
        let line = line_of(byte);
        let Some(h) = &header else {
            let fields: Vec<String> = record
                .iter()
                .map(|b| decode_field(b, &mut decoding))
                .collect();
            let h = Header::new(&fields);
            if !on(Item::Header(&h, line))? {
                return Ok(decoding);
            }
            header = Some(h);
            continue;
        };
        if record.len() == 1 && record[0].trim_ascii().is_empty() {
            continue; // A blank line.
        }
        if record.len() != h.names.len() {
            let reason = if record.len() < h.names.len() {
                format!(
                    "{} fields where the header has {}: the row is cut short (a truncated file, or a line break inside an unquoted field)",
                    record.len(),
                    h.names.len()
                )
            } else {
                format!(
                    "{} fields where the header has {}: a stray delimiter or an unquoted comma",
                    record.len(),
                    h.names.len()
                )
            };
            if !on(Item::Bad(BadRow { line, reason }))? {
                break;
            }
            continue;
        }
        // Almost every row is UTF-8: checked at once; the others are decoded field by field.
        std::mem::swap(&mut row.record, &mut record);
        row.line = line;
        row.byte = byte;
        if std::str::from_utf8(row.record.as_slice()).is_err() {
            record.clear();
            for f in &row.record {
                record.push_field(decode_field(f, &mut decoding).as_bytes());
            }
            std::mem::swap(&mut row.record, &mut record);
        }
        if !on(Item::Row(&row))? {
            break;
        }
    }
    if header.is_none() {
        return Err(at(1, "the file has no header row".to_owned()));
    }
    Ok(decoding)
}

/// A reader that notes the offset of every newline it passes on.
struct LineIndex<R> {
    inner: R,
    offset: u64,
    newlines: std::rc::Rc<std::cell::RefCell<Vec<u64>>>,
}

impl<R: Read> Read for LineIndex<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut nl = self.newlines.borrow_mut();
        nl.extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| self.offset + i as u64));
        self.offset += n as u64;
        Ok(n)
    }
}

/// The number of lines of a text file (0 for a spreadsheet or an unreadable file): an upper
/// bound on its rows, found in a few milliseconds per 100 MB.
#[must_use]
pub fn count_lines(path: &Path) -> usize {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return 0;
    }
    let Ok(mut f) = std::fs::File::open(path) else {
        return 0;
    };
    let mut buf = vec![0_u8; 1 << 20];
    let mut lines = 0;
    let mut first = true;
    loop {
        match f.read(&mut buf) {
            Ok(0) | Err(_) => return lines,
            Ok(n) => {
                if first && buf.starts_with(b"PK\x03\x04") {
                    return 0;
                }
                first = false;
                lines += memchr::memchr_iter(b'\n', &buf[..n]).count();
            }
        }
    }
}

/// Reads until the buffer is full or the file ends.
fn read_up_to(f: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match f.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// A field as text: UTF-8 when it is, else Windows-1252 (which START's GTD CSV uses).
fn decode_field(bytes: &[u8], decoding: &mut Decoding) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_owned()
    } else {
        decoding.windows_1252_fields += 1;
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        text.into_owned()
    }
}

/// The first sheet of a workbook, row by row.
fn read_xlsx(
    path: &Path,
    file: &str,
    mut on: impl FnMut(Item<'_>) -> Result<bool, ImportError>,
) -> Result<(), ImportError> {
    use calamine::Reader as _;
    let at = |message: String| ImportError::at(file, 1, None, message);
    let mut workbook = calamine::open_workbook_auto(path)
        .map_err(|e| at(format!("cannot read the workbook: {e}")))?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| at("the workbook has no sheet".to_owned()))?;
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| at(format!("cannot read sheet \"{sheet}\": {e}")))?;
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r)) + 1;
    let mut rows = range.rows();
    let Some(head) = rows.next() else {
        return Err(at(format!("sheet \"{sheet}\" is empty")));
    };
    let header = Header::new(&head.iter().map(cell_text).collect::<Vec<_>>());
    if !on(Item::Header(&header, first_row))? {
        return Ok(());
    }
    for (i, cells) in rows.enumerate() {
        let mut fields: Vec<String> = cells.iter().map(cell_text).collect();
        fields.resize(header.names.len(), String::new());
        if fields.iter().all(String::is_empty) {
            continue;
        }
        let row = Row::from_fields(first_row + 1 + i as u64, &fields);
        if !on(Item::Row(&row))? {
            break;
        }
    }
    Ok(())
}

/// A cell as the text a CSV export would hold: whole numbers without ".0", dates as
/// `YYYY-MM-DD`.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Data::DateTime(d) => excel_serial_date(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel day serial (1900 system) as `YYYY-MM-DD`.
fn excel_serial_date(serial: f64) -> String {
    let base = jiff::civil::date(1899, 12, 30);
    let days = serial.floor() as i64;
    base.checked_add(jiff::Span::new().days(days))
        .map_or_else(|_| serial.to_string(), |d| d.to_string())
}
