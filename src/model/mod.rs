//! The case model: the case-file types, partial dates, Admiralty grades, loading with precise
//! errors, validation and atomic saving. Pure Rust; no egui.

pub mod binary;
pub mod date;
pub mod event;
pub mod evidence;
pub mod grade;
pub mod index;
pub mod load;
mod skip;
pub mod splice;
pub mod story;
pub mod types;
pub mod validate;

pub use date::{PartialDate, Precision};
pub use event::*;
pub use evidence::*;
pub use grade::Grade;
pub use load::{LoadError, Loaded, load_bytes, load_path, load_text, save_path, to_ron};
pub use story::*;
pub use types::*;
pub use validate::{Problem, Severity};

/// The curated default case, embedded in the binary.
pub const DEFAULT_CASE_RON: &str = include_str!("../../assets/iran-proxies.ron");

/// Name shown for the embedded default case.
pub const DEFAULT_CASE_NAME: &str = "iran-proxies.ron (built in)";
