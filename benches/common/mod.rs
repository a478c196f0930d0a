//! What the benchmarks share: this process's memory as Linux reports it, and medians.
#![allow(dead_code, reason = "each benchmark uses the helpers it needs")]

/// A `/proc/self/status` figure (`VmHWM`, `VmRSS`…) in MiB, or NaN where there is none.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The peak resident size so far (since the last [`reset_peak`]), in MiB.
pub fn peak_mib() -> f64 {
    status_mib("VmHWM")
}

/// The resident size now, in MiB.
pub fn rss_mib() -> f64 {
    status_mib("VmRSS")
}

/// Starts the peak afresh from the resident size now.
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The median of some runs (NaN for none).
pub fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs.get(runs.len() / 2).copied().unwrap_or(f64::NAN)
}
