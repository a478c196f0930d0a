//! Timeline frame cost at scale: builds the timeline view headless at 1920×1080 (egui frame plus
//! `tessellate`) on synthetic cases of 10k, 100k, 1M and 10M events over 40 years in 64 lanes,
//! fully zoomed out and zoomed to 1/100 of the span, and compares with a naive `egui_plot` `Points`
//! plot of every event (up to 1M). Prints one line per size:
//! `timeline_frame events=N ours_ms=X naive_ms=Y ratio=Y/X` where `ours_ms` is the slower of the
//! two zoom levels, and a detail line with both. Run: `cargo bench --bench timeline`
//! (`PROXYLINE_TIMELINE_SIZES=10000` for some sizes only).

use std::hint::black_box;
use std::time::Instant;

use eframe::egui::{self, Pos2, RawInput, Rect, Vec2};
use egui_plot::{Plot, PlotPoints, Points};
use proxyline::attribution::Verdict;
use proxyline::command::CommandSender;
use proxyline::model::{Case, Grade};
use proxyline::query::{Filter, LaneMode, lanes};
use proxyline::ui::ViewCtx;
use proxyline::ui::timeline::TimelineView;

/// The app's allocator (src/main.rs), so that frames allocate as they do in the app.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FRAMES: usize = 60;
const WARMUP: usize = 5;

fn raw_input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1920.0, 1080.0))),
        ..RawInput::default()
    }
}

/// Median milliseconds of one frame built by `ui` plus its tessellation.
fn median_frame_ms(ctx: &egui::Context, mut ui: impl FnMut(&mut egui::Ui)) -> f64 {
    let mut times = Vec::with_capacity(FRAMES);
    for i in 0..WARMUP + FRAMES {
        let start = Instant::now();
        let out = ctx.run_ui(raw_input(), |ui_root| {
            egui::CentralPanel::default().show(ui_root, |inner| ui(inner));
        });
        let primitives = ctx.tessellate(out.shapes, out.pixels_per_point);
        black_box(primitives);
        if i >= WARMUP {
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn ours(case: &Case, verdicts: &[Verdict], zoom: f64) -> f64 {
    let filter = Filter::default();
    let mut view = TimelineView::default();
    view.set_lanes(lanes(case, &filter, LaneMode::Group));
    let (first, last) = (case.start.first_day(), case.end.last_day());
    view.fit(first, last);
    if zoom > 1.0 {
        let mid = f64::midpoint(view.from, view.to);
        view.zoom(1.0 / zoom, mid);
    }
    let ctx = egui::Context::default();
    let mut commands = CommandSender::default();
    median_frame_ms(&ctx, |ui| {
        let view_ctx = ViewCtx {
            case,
            selected_event: None,
            selected_actor: None,
            state: "state",
            standard: proxyline::attribution::Standard::Sponsorship,
            bar: Grade::default(),
            as_of: None,
            verdicts,
            filter: &filter,
            dark: true,
            brush: None,
            brushed_actors: None,
            met_counts: &[],
            actor_event_count: 0,
            highlighted_actors: None,
            presenting: false,
        };
        view.ui(ui, &view_ctx, &mut commands);
    })
}

fn naive(case: &Case) -> f64 {
    let ctx = egui::Context::default();
    let lane_of = |e: &proxyline::model::Event| {
        e.perpetrators
            .first()
            .and_then(|p| p.trim_start_matches('g').parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    median_frame_ms(&ctx, |ui| {
        let points: PlotPoints = case
            .events
            .iter()
            .map(|e| [f64::from(e.first_day()), lane_of(e)])
            .collect();
        Plot::new("naive").show(ui, |plot| {
            plot.points(Points::new("events", points).radius(3.0));
        });
    })
}

fn main() {
    // `PROXYLINE_TIMELINE_SIZES=10000` times only those sizes (e.g. under a profiler).
    let sizes: Vec<usize> = std::env::var("PROXYLINE_TIMELINE_SIZES").ok().map_or_else(
        || vec![10_000, 100_000, 1_000_000, 10_000_000],
        |s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
    );
    for n in sizes {
        let case = proxyline::synth::case(n, 64, 42);
        let verdicts: Vec<Verdict> = (0..n)
            .map(|i| match i % 4 {
                0 => Verdict::Met,
                1 => Verdict::NotMet,
                2 => Verdict::Insufficient,
                _ => Verdict::NotApplicable,
            })
            .collect();
        // What the app does once when a case opens or a filter changes (not per frame).
        let start = Instant::now();
        black_box(lanes(&case, &Filter::default(), LaneMode::Group));
        let lanes_ms = start.elapsed().as_secs_f64() * 1000.0;
        let start = Instant::now();
        let evaluator = proxyline::attribution::Evaluator::new(&case, "state");
        black_box(evaluator.verdicts_all(&case.events, Grade::default()));
        let verdicts_ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("timeline_prepare events={n} lanes_ms={lanes_ms:.0} verdicts_ms={verdicts_ms:.0}");
        let all = ours(&case, &verdicts, 1.0);
        let hundredth = ours(&case, &verdicts, 100.0);
        let worst = all.max(hundredth);
        let (naive_ms, ratio) = if n <= 1_000_000 {
            let ms = naive(&case);
            (format!("{ms:.3}"), format!("{:.1}", ms / worst))
        } else {
            ("-".to_owned(), "-".to_owned())
        };
        println!("timeline_frame events={n} ours_ms={worst:.3} naive_ms={naive_ms} ratio={ratio}");
        println!(
            "timeline_frame_detail events={n} zoomed_out_ms={all:.3} zoom_1_100_ms={hundredth:.3}"
        );
    }
}
