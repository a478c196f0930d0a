//! proxyline: who is responsible for this attack?
//!
//! A desktop app (eframe/egui) and command line for policy staff and briefers. It shows attacks,
//! the sponsor→proxy ties behind them and, for a selected event, the attribution reasoning under
//! each legal or analytic standard. The model ([`model`]), queries ([`query`]), actor graph
//! ([`graph`]) and attribution engine ([`attribution`]) are pure Rust with no egui; the views live
//! in [`ui`] and the app that applies their commands in [`app`].

pub mod app;
pub mod attribution;
pub mod cli;
pub mod command;
pub mod export;
pub mod graph;
pub mod import;
pub mod model;
pub mod query;
pub mod report;
pub mod synth;
pub mod ui;
