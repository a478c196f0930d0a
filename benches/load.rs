//! Opening and exporting large cases: RON against the binary format (`.plcase`).
//!
//! For synthetic cases of 200k, 1M and 10M events (`proxyline synth`; set
//! `PROXYLINE_LOAD_SIZES=200000,1000000` to choose), prints the bytes on disk, the time to open
//! the file (read, decode and validate: `model::load_path`, what the window and every command
//! do) and the peak resident memory of a process that does only that, for RON and for binary;
//! then the time and the memory above the loaded case of `export --format csv` and
//! `--format json` with verdicts, written to a file as they go.
//!
//! Each open and export runs in a child process of this bench (the same executable, told what
//! to do by an environment variable), so that its peak memory (`VmHWM`) is its own. Medians of
//! three runs (one at 10M). RON cases over the 1 GiB file limit are not written.
//! Run: `cargo bench --bench load`. The figures on this machine are in the README.

#![allow(clippy::expect_used, reason = "a benchmark may panic")]

mod common;

use common::{median, peak_mib, reset_peak, rss_mib};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use proxyline::model;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The child's task: `open PATH` or `export csv|json PATH`.
const CHILD: &str = "PROXYLINE_LOAD_BENCH_CHILD";

/// In the child: does the task and prints `open_ms peak_mib [export_ms export_peak_mib]`.
fn child(task: &str) {
    let mut words = task.split(' ');
    let what = words.next().unwrap_or_default();
    let format = if what == "export" { words.next() } else { None };
    let path = PathBuf::from(words.next().unwrap_or_default());
    let t = Instant::now();
    let loaded = model::load_path(&path).expect("the bench's case opens");
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let open_peak = peak_mib();
    let Some(format) = format else {
        println!("{open_ms} {open_peak}");
        return;
    };
    let case = loaded.case;
    let out = path.with_extension(format!("export.{format}"));
    // The peak from here on, above what the open case holds now.
    reset_peak();
    let base = rss_mib();
    let t = Instant::now();
    let events: Vec<&model::Event> = case.events.iter().collect();
    let bar = model::Grade::parse("C3").expect("grade");
    let verdicts = proxyline::export::Verdicts::of(&case, &events, "state", bar, None);
    eprintln!("verdicts_ms={:.0}", t.elapsed().as_secs_f64() * 1e3);
    model::load::write_atomic_with(&out, |w| {
        match format {
            "csv" => proxyline::export::write_csv(&events, Some(&verdicts), w)
                .map_err(std::io::Error::other),
            _ => proxyline::export::write_json(&case, &events, Some(&verdicts), w)
                .map_err(std::io::Error::other),
        }
        .map_err(|source| model::load::SaveError::Io {
            path: out.clone(),
            source,
        })
    })
    .expect("the export is written");
    let export_ms = t.elapsed().as_secs_f64() * 1e3;
    eprintln!("bytes={}", std::fs::metadata(&out).map_or(0, |m| m.len()));
    let _ = std::fs::remove_file(&out);
    println!("{open_ms} {open_peak} {export_ms} {}", peak_mib() - base);
}

/// Runs a task in a child and parses its numbers.
fn run_child(task: &str) -> Vec<f64> {
    let exe = std::env::current_exe().expect("the bench knows its executable");
    let out = Command::new(exe)
        .env(CHILD, task)
        .output()
        .expect("the child runs");
    assert!(
        out.status.success(),
        "child `{task}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect()
}

fn size_mib(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(f64::NAN, |m| m.len() as f64 / (1024.0 * 1024.0))
}

fn main() {
    if let Ok(task) = std::env::var(CHILD) {
        child(&task);
        return;
    }
    let sizes: Vec<usize> = std::env::var("PROXYLINE_LOAD_SIZES").ok().map_or_else(
        || vec![200_000, 1_000_000, 10_000_000],
        |s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
    );
    let dir = std::env::temp_dir().join(format!("proxyline-load-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    for n in sizes {
        let case = proxyline::synth::case(n, 64, 42);
        let ron = dir.join(format!("synth-{n}.ron"));
        let bin = dir.join(format!("synth-{n}.plcase"));
        let t = Instant::now();
        model::binary::save(&case, &bin).expect("binary written");
        let write_bin_ms = t.elapsed().as_secs_f64() * 1e3;
        // RON at 10M events is over the loader's 1 GiB limit: not written.
        let with_ron = n <= 4_000_000;
        let mut write_ron_ms = f64::NAN;
        if with_ron {
            let t = Instant::now();
            model::load::save_compact(&case, &ron).expect("RON written");
            write_ron_ms = t.elapsed().as_secs_f64() * 1e3;
        }
        drop(case);
        let runs = if n >= 5_000_000 { 1 } else { 3 };
        let mut formats = vec![("binary", &bin, write_bin_ms)];
        if with_ron {
            formats.insert(0, ("ron", &ron, write_ron_ms));
        }
        let mut open = Vec::new();
        for (name, path, write_ms) in &formats {
            let (mut ms, mut peak) = (Vec::new(), Vec::new());
            for _ in 0..runs {
                let r = run_child(&format!("open {}", path.display()));
                ms.push(r[0]);
                peak.push(r[1]);
            }
            let (ms, peak) = (median(ms), median(peak));
            open.push(ms);
            println!(
                "load events={n} format={name} file_mib={:.0} write_ms={write_ms:.0} open_ms={ms:.0} peak_mib={peak:.0}",
                size_mib(path)
            );
        }
        if let [ron_ms, bin_ms] = open[..] {
            println!("load events={n} open ron/binary={:.1}", ron_ms / bin_ms);
        }
        for format in ["csv", "json"] {
            let (mut ms, mut above) = (Vec::new(), Vec::new());
            for _ in 0..runs {
                let r = run_child(&format!("export {format} {}", bin.display()));
                ms.push(r[2]);
                above.push(r[3]);
            }
            println!(
                "export events={n} format={format} export_ms={:.0} above_case_mib={:.0}",
                median(ms),
                median(above)
            );
        }
        let _ = std::fs::remove_file(&ron);
        let _ = std::fs::remove_file(&bin);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
