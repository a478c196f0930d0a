//! Importing a GTD release at scale: 200,000 rows in the official 135-column layout (the header
//! of `tests/fixtures/import/gtd-sample.csv`, rows written by this bench: random dates from
//! 1970 to 2017, one of 40 group names, some linked to the built-in case's actors, a summary and
//! a citation each), imported into the built-in Iran case and written out, as
//! `proxyline import --into built-in` does. Such an import makes 200,000 events, 400,000 sources
//! and 200,000 evidence items.
//!
//! Timed, medians of 3 runs in one process:
//! - `read_ms`: reading every record of the file with the CSV reader and decoding each field,
//!   nothing built (the baseline: the least any import must do);
//! - `import_ms`: the whole import (read, link, build the case);
//! - `write_ms`: writing the imported case (compact RON, atomic), what the user also waits for.
//!
//! Peak memory (`peak_mib`) is the process's peak resident size during one import and write
//! (Linux `VmHWM`, reset through `/proc/self/clear_refs` before it), the generated file not
//! held in memory. Run: `cargo bench --bench import`; the goal is under 3 s and 500 MB. Figures
//! on this 2-core machine are in the closing note of #14 and in `src/import/mod.rs`.

mod common;

use common::{median, peak_mib, reset_peak};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use proxyline::import;
use proxyline::model;

const ROWS: usize = 200_000;

/// The allocator the app's binary uses (`src/main.rs`), so that the figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn header() -> String {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/gtd-sample.csv"),
    )
    .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_owned()
}

fn write_file(path: &Path) -> usize {
    let header = header();
    let cols: Vec<&str> = header.split(',').collect();
    let index = |name: &str| cols.iter().position(|c| *c == name);
    let groups = [
        "Kata'ib Hizballah",
        "Asa'ib Ahl al-Haq",
        "Hizballah",
        "Badr Brigades",
        "Unknown",
    ];
    let mut rng = fastrand::Rng::with_seed(7);
    let Ok(file) = std::fs::File::create(path) else {
        return 0;
    };
    let mut out = std::io::BufWriter::new(file);
    let _ = writeln!(out, "{header}");
    let mut row = vec![String::new(); cols.len()];
    let mut bytes = 0;
    for i in 0..ROWS {
        for f in &mut row {
            f.clear();
        }
        let year = rng.i32(1970..=2017);
        let set = |row: &mut Vec<String>, name: &str, v: String| {
            if let Some(k) = index(name) {
                row[k] = v;
            }
        };
        set(&mut row, "eventid", format!("{year}{i:08}"));
        set(&mut row, "iyear", year.to_string());
        set(&mut row, "imonth", rng.u8(0..=12).to_string());
        set(&mut row, "iday", rng.u8(0..=28).to_string());
        set(&mut row, "extended", "0".to_owned());
        set(&mut row, "country_txt", "Iraq".to_owned());
        set(&mut row, "city", format!("City {}", rng.u16(0..500)));
        set(
            &mut row,
            "latitude",
            format!("{:.6}", rng.f64() * 5.0 + 30.0),
        );
        set(
            &mut row,
            "longitude",
            format!("{:.6}", rng.f64() * 5.0 + 40.0),
        );
        set(
            &mut row,
            "summary",
            "\"An attack was reported; the figures, group and details of this synthetic row are random.\"".to_owned(),
        );
        set(&mut row, "attacktype1_txt", "Bombing/Explosion".to_owned());
        set(&mut row, "suicide", "0".to_owned());
        let g = if i % 8 == 0 {
            format!("Synthetic Group {}", i % 35)
        } else {
            groups[i % groups.len()].to_owned()
        };
        set(&mut row, "gname", format!("\"{g}\""));
        set(
            &mut row,
            "guncertain1",
            if i % 3 == 0 { "1" } else { "0" }.to_owned(),
        );
        set(
            &mut row,
            "claimed",
            if i % 5 == 0 { "1" } else { "0" }.to_owned(),
        );
        set(
            &mut row,
            "nkill",
            if i % 7 == 0 {
                String::new()
            } else {
                rng.u8(0..20).to_string()
            },
        );
        set(&mut row, "nwound", rng.u8(0..40).to_string());
        set(
            &mut row,
            "scite1",
            format!("\"Synthetic citation {i}, a newspaper, 1 January {year}.\""),
        );
        set(&mut row, "dbsource", "START Primary Collection".to_owned());
        let line = row.join(",");
        bytes += line.len() + 1;
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
    bytes
}

fn main() {
    let dir = std::env::temp_dir().join(format!("proxyline-import-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let input: PathBuf = dir.join("gtd-200k.csv");
    let out = dir.join("imported.ron");
    let bytes = write_file(&input);
    let Ok(base) = model::load_text(model::DEFAULT_CASE_NAME, model::DEFAULT_CASE_RON) else {
        eprintln!("the built-in case does not load");
        return;
    };
    let base = base.case;
    let (mut read, mut imp, mut write) = (Vec::new(), Vec::new(), Vec::new());
    let mut peak = 0.0_f64;
    let mut events = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let mut fields = 0_usize;
        if let Ok(mut reader) = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&input)
        {
            let mut record = csv::ByteRecord::new();
            while reader.read_byte_record(&mut record).unwrap_or(false) {
                for f in &record {
                    fields += std::str::from_utf8(f).map_or(0, str::len);
                }
            }
        }
        std::hint::black_box(fields);
        read.push(t.elapsed().as_secs_f64() * 1000.0);

        reset_peak();
        let t = Instant::now();
        let result = import::import(
            std::slice::from_ref(&input),
            Some(&base),
            &import::Options::default(),
            &mut |_| {},
        );
        imp.push(t.elapsed().as_secs_f64() * 1000.0);
        let Ok((case, _summary)) = result else {
            eprintln!("import failed: {:?}", result.err());
            return;
        };
        events = case.events.len();
        let t = Instant::now();
        if let Err(e) = proxyline::model::load::save_made(&case, &out) {
            eprintln!("write failed: {e}");
            return;
        }
        write.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(case);
        peak = peak.max(peak_mib());
    }
    let (read, imp, write) = (median(read), median(imp), median(write));
    println!(
        "import rows={ROWS} file_mib={:.0} events={events} read_ms={read:.0} import_ms={imp:.0} write_ms={write:.0} total_ms={:.0} rows_per_s={:.0} import/read={:.1} peak_mib={peak:.0}",
        bytes as f64 / (1024.0 * 1024.0),
        imp + write,
        ROWS as f64 / ((imp + write) / 1000.0),
        imp / read,
    );
    let _ = std::fs::remove_dir_all(&dir);
}
