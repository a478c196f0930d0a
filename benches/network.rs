//! Network benchmark: one force-layout iteration (Barnes–Hut) against one all-pairs iteration,
//! and one headless 1920×1080 frame that draws the graph with the network view's painter
//! (`Context::run_ui` + `tessellate`), on synthetic graphs of 2 000 nodes / 4 000 edges and
//! 10 000 nodes / 20 000 edges; and one whole frame of the network view (`NetworkView::ui`) on
//! synthetic cases of that size, with its styles kept between frames and, as the baseline in the
//! same run, rebuilt every frame. Medians after a warm-up. Run: `cargo bench --bench network`.
#![allow(clippy::unwrap_used, reason = "a benchmark may panic")]

use std::hint::black_box;
use std::time::Instant;

use egui::{Color32, Pos2, Rect, Stroke, Vec2};
use proxyline::graph::force::{ForceLayout, ForceParams, synthetic_graph};
use proxyline::ui::network::{EdgeStyle, NodeShape, NodeStyle, paint_graph};

fn median_ms(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn time_ms(mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1e3
}

fn layout(n: usize, m: usize) {
    let (positions, edges) = synthetic_graph(n, m, 42);
    let mut ours = ForceLayout::new(positions.clone(), &edges, ForceParams::default());
    for _ in 0..5 {
        black_box(ours.step());
    }
    let ours_ms = median_ms(
        (0..30)
            .map(|_| time_ms(|| _ = black_box(ours.step())))
            .collect(),
    );
    let mut baseline = ForceLayout::new(positions, &edges, ForceParams::default());
    for _ in 0..2 {
        black_box(baseline.step_exact());
    }
    let allpairs_ms = median_ms(
        (0..20)
            .map(|_| time_ms(|| _ = black_box(baseline.step_exact())))
            .collect(),
    );
    println!(
        "network_layout nodes={n} edges={m} ours_ms={ours_ms:.3} allpairs_ms={allpairs_ms:.3} ratio={:.1}",
        allpairs_ms / ours_ms
    );
}

fn frame(n: usize, m: usize) {
    let (positions, edge_list) = synthetic_graph(n, m, 7);
    // Run the layout a little so the picture is a layout, not noise (not timed).
    let mut layout = ForceLayout::new(positions, &edge_list, ForceParams::default());
    for _ in 0..30 {
        layout.step();
    }
    let palette = [
        Color32::from_rgb(206, 147, 216),
        Color32::from_rgb(255, 171, 145),
        Color32::from_rgb(188, 170, 164),
        Color32::from_rgb(128, 203, 196),
    ];
    // Labels go by degree, as in the app.
    let mut degree = vec![0u32; n];
    for &(a, b) in &edge_list {
        degree[a] += 1;
        degree[b] += 1;
    }
    let nodes: Vec<NodeStyle> = layout
        .positions()
        .iter()
        .enumerate()
        .map(|(i, p)| NodeStyle {
            pos: Pos2::new(p[0] * 64.0, p[1] * 64.0),
            radius: 8.0,
            shape: [NodeShape::Circle, NodeShape::Square, NodeShape::Diamond][i % 3],
            fill: palette[i % palette.len()],
            outline: Stroke::new(1.0, Color32::from_gray(20)),
            label_above: i % 2 == 0,
            emphasis: i == 0,
            label_priority: if i == 0 { u32::MAX } else { degree[i] },
            hidden: false,
        })
        .collect();
    let edges: Vec<EdgeStyle> = edge_list
        .iter()
        .enumerate()
        .map(|(k, &(a, b))| EdgeStyle {
            from: a as u32,
            to: b as u32,
            color: palette[k % palette.len()].gamma_multiply(0.8),
            width: 1.4,
            dashed: k % 5 == 0,
            arrow: true,
            offset: 0.0,
        })
        .collect();
    let labels: Vec<String> = (0..n).map(|i| format!("Actor {i}")).collect();
    let bounds = Rect::from_points(&nodes.iter().map(|n| n.pos).collect::<Vec<_>>()).expand(20.0);

    let ctx = egui::Context::default();
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1920.0, 1080.0))),
        ..Default::default()
    };
    let mut scene_rect = bounds;
    let mut drawn = proxyline::ui::network::PaintStats::default();
    let mut one_frame = || {
        let output = ctx.run_ui(input.clone(), |ui| {
            egui::Scene::new()
                .zoom_range(0.02..=4.0)
                .show(ui, &mut scene_rect, |ui| {
                    let zoom = ui
                        .ctx()
                        .layer_transform_to_global(ui.layer_id())
                        .map_or(1.0, |t| t.scaling);
                    drawn = paint_graph(
                        ui.painter(),
                        zoom,
                        &nodes,
                        &edges,
                        |i| labels[i].as_str(),
                        Color32::WHITE,
                    );
                });
        });
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        black_box(primitives.len());
    };
    for _ in 0..5 {
        one_frame();
    }
    let ours_ms = median_ms((0..30).map(|_| time_ms(&mut one_frame)).collect());
    println!(
        "network_frame nodes={n} edges={m} ours_ms={ours_ms:.3} drawn_nodes={} drawn_edges={} labels={}",
        drawn.nodes, drawn.edges, drawn.labels
    );
}

/// A synthetic case of `n` actors and about `m` ties (the synthetic star of `synth::case`, plus
/// random ties between groups), with one selected event so that a chain is highlighted.
fn view_case(n: usize, m: usize) -> proxyline::model::Case {
    let mut case = proxyline::synth::case(2_000, n.saturating_sub(2), 11);
    let mut rng = fastrand::Rng::with_seed(5);
    let groups = case.actors.len();
    while case.ties.len() < m {
        let mut tie = case.ties[0].clone();
        tie.id = format!("x{}", case.ties.len());
        tie.from.clone_from(&case.actors[rng.usize(2..groups)].id);
        tie.to.clone_from(&case.actors[rng.usize(2..groups)].id);
        case.ties.push(tie);
    }
    case
}

/// One whole frame of the network view (`NetworkView::ui`: toolbar, styles, paint, widgets,
/// hover) at 1920×1080, with the styles kept between frames (ours) and rebuilt every frame (the
/// baseline: what every frame paid before the style cache).
fn view_frame(n: usize, m: usize) {
    let case = view_case(n, m);
    let verdicts = vec![proxyline::attribution::Verdict::NotApplicable; case.events.len()];
    let filter = proxyline::query::Filter::default();
    let view = proxyline::ui::ViewCtx {
        case: &case,
        selected_event: Some(0),
        selected_actor: None,
        state: "state",
        standard: proxyline::attribution::Standard::EffectiveControl,
        bar: proxyline::model::Grade::parse("C3").unwrap(),
        as_of: None,
        verdicts: &verdicts,
        filter: &filter,
        dark: true,
        brush: None,
        presenting: false,
        actor_event_count: 0,
        highlighted_actors: None,
        brushed_actors: None,
        met_counts: &[],
    };
    let ctx = egui::Context::default();
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1920.0, 1080.0))),
        ..Default::default()
    };
    let mut network = proxyline::ui::network::NetworkView::default();
    let mut commands = proxyline::command::CommandSender::default();
    // What a frame rebuilds: nothing (a hover), the shapes (a pan, zoom or moving layout), or
    // the styles and shapes (every frame before the caches).
    let mut one_frame = |network: &mut proxyline::ui::network::NetworkView, forget: u8| {
        if forget >= 1 {
            network.forget_paint();
        }
        if forget >= 2 {
            network.forget_styles();
        }
        let output = ctx.run_ui(input.clone(), |ui| {
            network.ui(ui, &view, &mut commands);
        });
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        black_box(primitives.len());
        commands.drain();
    };
    // Laying out and measuring a new case (layered positions, metrics): in the first frame up
    // to `INLINE_LAYOUT_ACTORS`, in the background above.
    let t = Instant::now();
    let (positions, metrics) = proxyline::ui::network::layout_of(&case);
    let layout_ms = t.elapsed().as_secs_f64() * 1e3;
    network.set_layout(positions, metrics);
    let first_ms = time_ms(|| one_frame(&mut network, 0));
    for _ in 0..5 {
        one_frame(&mut network, 0);
    }
    let before = network.style_rebuilds();
    let hover_ms = median_ms(
        (0..30)
            .map(|_| time_ms(|| one_frame(&mut network, 0)))
            .collect(),
    );
    let ours_ms = median_ms(
        (0..30)
            .map(|_| time_ms(|| one_frame(&mut network, 1)))
            .collect(),
    );
    assert_eq!(
        network.style_rebuilds(),
        before,
        "styles kept between frames"
    );
    // For profiling the cached frame alone: NETWORK_BENCH_NO_BASELINE=1.
    let baseline_runs = if std::env::var_os("NETWORK_BENCH_NO_BASELINE").is_some() {
        1
    } else {
        15
    };
    let rebuild_ms = median_ms(
        (0..baseline_runs)
            .map(|_| time_ms(|| one_frame(&mut network, 2)))
            .collect(),
    );
    println!(
        "network_view_frame actors={} ties={} layout_ms={layout_ms:.0} first_frame_ms={first_ms:.0} hover_ms={hover_ms:.3} moving_ms={ours_ms:.3} rebuild_every_frame_ms={rebuild_ms:.3} ratio={:.1}",
        case.actors.len(),
        case.ties.len(),
        rebuild_ms / ours_ms
    );
}

fn main() {
    // `cargo bench --bench network -- view` runs only the parts whose name contains "view".
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let run = |part: &str| only.is_empty() || only.iter().any(|o| part.contains(o.as_str()));
    for (n, m) in [(2_000, 4_000), (10_000, 20_000)] {
        if run("layout") {
            layout(n, m);
        }
    }
    for (n, m) in [(2_000, 4_000), (10_000, 20_000)] {
        if run("paint") {
            frame(n, m);
        }
    }
    for (n, m) in [(2_000, 4_000), (10_000, 20_000), (100_000, 100_000)] {
        if run("view") {
            view_frame(n, m);
        }
    }
}
