//! How commands grow with the size of a case: for each shape an import or a hostile file can
//! produce, the time of the command's work at two sizes and their ratio — about 10 when the work
//! is near-linear (the sizes are ten apart), about 100 when it is quadratic. Every ratio must stay
//! under 20 (issue #17).
//!
//! Shapes (`n` = 10,000 and 100,000; `PROXYLINE_COMPLEXITY_SIZES=1000,10000` to choose):
//! - `check`: `n` events and `n` attributions, parsed and validated from RON text.
//! - `export`: one event citing `n` sources: verdicts, then the CSV and JSON exports.
//! - `explain`: one event with `n` distinct perpetrators: the Markdown and JSON explanations.
//! - `brief`: a story of `n` steps over 100 events: the sourced brief.
//! - `chain`: `n` actors each the parent of the next, an event by the deepest: check, then
//!   explain as JSON.
//!
//! Run: `cargo bench --bench complexity` (add shape names after `--` to time only those). Each run is a process of its own (the shape is built,
//! then only its command's work is timed), medians of three; the figures are in the README.
#![allow(clippy::expect_used, reason = "a benchmark may panic")]

use std::time::Instant;

use proxyline::model::{
    self, Actor, ActorKind, Attribution, Case, Event, EventKind, PartialDate, Place, Source,
    SourceKind, Step, Story,
};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn source(id: String) -> Source {
    Source {
        title: format!("Source {id}"),
        id,
        kind: SourceKind::NewsReport,
        author: None,
        publisher: None,
        date: None,
        citation: None,
        url: None,
        default_judgment: false,
        note: None,
    }
}

fn actor(id: String, kind: ActorKind, parent: Option<String>) -> Actor {
    Actor {
        name: format!("Actor {id}"),
        id,
        aliases: Vec::new(),
        kind,
        founded: None,
        dissolved: None,
        parent,
        description: String::new(),
        sources: vec!["s0".to_owned()],
    }
}

fn event(id: String, day: i32, perpetrators: Vec<String>, sources: Vec<String>) -> Event {
    Event {
        title: format!("Event {id}"),
        id,
        date: PartialDate::from_day(day),
        date_end: None,
        approximate: false,
        date_disputed: None,
        outside_range: false,
        place: Place {
            name: "Somewhere".to_owned(),
            country: "Iraq".to_owned(),
            lat: None,
            lon: None,
        },
        kind: EventKind::RocketAttack,
        killed: None,
        wounded: None,
        targets: Vec::new(),
        perpetrators,
        claims: Vec::new(),
        summary: String::new(),
        sources,
        evidence: Vec::new(),
        hypotheses: Vec::new(),
    }
}

/// A case with a state, its organ and one group, and one source `s0`.
fn base() -> Case {
    let mut case = Case::empty(
        "Complexity".to_owned(),
        PartialDate::year(1980),
        PartialDate::year(2021),
    );
    case.default_state = Some("state".to_owned());
    case.sources.push(source("s0".to_owned()));
    case.actors
        .push(actor("state".to_owned(), ActorKind::State, None));
    case.actors.push(actor(
        "organ".to_owned(),
        ActorKind::StateOrgan,
        Some("state".to_owned()),
    ));
    case
}

fn day(i: usize) -> i32 {
    PartialDate::year(1981).first_day() + (i % 14_000) as i32
}

fn check_shape(n: usize) -> String {
    let mut case = base();
    case.actors
        .push(actor("g".to_owned(), ActorKind::Militia, None));
    for i in 0..n {
        case.events.push(event(
            format!("e{i}"),
            day(i),
            vec!["g".to_owned()],
            vec!["s0".to_owned()],
        ));
        case.attributions.push(Attribution {
            id: format!("a{i}"),
            event: format!("e{i}"),
            by: "state".to_owned(),
            to: vec!["g".to_owned()],
            date: PartialDate::from_day(day(i) + 1),
            confidence: None,
            statement: "Blamed.".to_owned(),
            sources: vec!["s0".to_owned()],
        });
    }
    model::to_ron(&case).expect("RON")
}

fn export_shape(n: usize) -> Case {
    let mut case = base();
    case.actors
        .push(actor("g".to_owned(), ActorKind::Militia, None));
    let ids: Vec<String> = (0..n).map(|i| format!("s{}", i + 1)).collect();
    case.sources.extend(ids.iter().cloned().map(source));
    case.events
        .push(event("e".to_owned(), day(0), vec!["g".to_owned()], ids));
    case
}

fn explain_shape(n: usize) -> Case {
    let mut case = base();
    let ids: Vec<String> = (0..n).map(|i| format!("g{i}")).collect();
    case.actors.extend(
        ids.iter()
            .map(|id| actor(id.clone(), ActorKind::Militia, None)),
    );
    case.events
        .push(event("e".to_owned(), day(0), ids, vec!["s0".to_owned()]));
    case
}

fn brief_shape(n: usize) -> Case {
    let mut case = base();
    case.actors
        .push(actor("g".to_owned(), ActorKind::Militia, None));
    for i in 0..100 {
        case.events.push(event(
            format!("e{i}"),
            day(i * 100),
            vec!["g".to_owned()],
            vec!["s0".to_owned()],
        ));
    }
    case.stories.push(Story {
        id: "long".to_owned(),
        title: "A long story".to_owned(),
        description: String::new(),
        steps: (0..n)
            .map(|i| Step {
                caption: format!("Step {i}"),
                event: Some(format!("e{}", i % 100)),
                start: None,
                end: None,
                sources: vec!["s0".to_owned()],
            })
            .collect(),
    });
    case
}

fn chain_shape(n: usize) -> String {
    let mut case = base();
    for i in 0..n {
        let parent = if i == 0 {
            "organ".to_owned()
        } else {
            format!("u{}", i - 1)
        };
        case.actors
            .push(actor(format!("u{i}"), ActorKind::Militia, Some(parent)));
    }
    case.events.push(event(
        "e".to_owned(),
        day(0),
        vec![format!("u{}", n - 1)],
        vec!["s0".to_owned()],
    ));
    model::to_ron(&case).expect("RON")
}

/// The time of one run of `work` (each run is a process of its own: see `main`).
fn time_ms(work: impl FnOnce()) -> f64 {
    let t = Instant::now();
    work();
    t.elapsed().as_secs_f64() * 1e3
}

fn bar() -> model::Grade {
    model::Grade::parse("C3").expect("grade")
}

/// The explanation a chain of ties or many candidates make: Markdown and JSON.
fn explain(case: &model::Case, markdown: bool) {
    let e = &case.events[0];
    if markdown {
        let md = proxyline::report::event_markdown(case, e, "state", bar(), None);
        assert!(!md.is_empty());
    }
    let doc = proxyline::report::Explanation {
        case,
        event: e,
        state: "state",
        standards: &proxyline::attribution::Standard::ALL,
        bar: bar(),
        as_of: None,
    };
    let json = serde_json::to_string(&doc).expect("JSON");
    assert!(!json.is_empty());
}

/// Builds one shape at `n` (not timed) and times its command's work.
fn time_shape(shape: &str, n: usize) -> f64 {
    match shape {
        "check" => {
            let text = check_shape(n);
            time_ms(|| {
                model::load_text("check.ron", &text).expect("loads");
            })
        }
        "export" => {
            let case = export_shape(n);
            time_ms(|| {
                let events: Vec<&Event> = case.events.iter().collect();
                let v = proxyline::export::Verdicts::of(&case, &events, "state", bar(), None);
                proxyline::export::write_csv(&events, Some(&v), std::io::sink()).expect("csv");
                proxyline::export::write_json(&case, &events, Some(&v), std::io::sink())
                    .expect("json");
            })
        }
        "explain" => {
            let case = explain_shape(n);
            time_ms(|| explain(&case, true))
        }
        "brief" => {
            let case = brief_shape(n);
            time_ms(|| {
                let md = proxyline::report::story_markdown(
                    &case,
                    &case.stories[0],
                    "state",
                    bar(),
                    None,
                );
                assert!(!md.is_empty());
            })
        }
        "chain" => {
            let text = chain_shape(n);
            time_ms(|| {
                let loaded = model::load_text("chain.ron", &text).expect("loads");
                explain(&loaded.case, false);
            })
        }
        other => panic!("no shape {other}"),
    }
}

/// The shapes, in the order they are printed.
const SHAPES: [&str; 5] = ["check", "export", "explain", "brief", "chain"];

/// The child's task: `SHAPE N`.
const CHILD: &str = "PROXYLINE_COMPLEXITY_CHILD";

/// Median of three runs of a shape at `n`, each in a fresh process (memory the previous run
/// freed would otherwise make the small size look faster than it is).
fn measured(shape: &str, n: usize) -> f64 {
    let exe = std::env::current_exe().expect("the bench knows its executable");
    let mut ms: Vec<f64> = (0..3)
        .map(|_| {
            let out = std::process::Command::new(&exe)
                .env(CHILD, format!("{shape} {n}"))
                .output()
                .expect("the child runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .unwrap_or(f64::NAN)
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    ms[1]
}

fn main() {
    if let Ok(task) = std::env::var(CHILD) {
        let (shape, n) = task.split_once(' ').expect("SHAPE N");
        let n: usize = n.parse().expect("a size");
        println!("{}", time_shape(shape, n));
        return;
    }
    let sizes: Vec<usize> = std::env::var("PROXYLINE_COMPLEXITY_SIZES")
        .ok()
        .map_or_else(
            || vec![10_000, 100_000],
            |s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        );
    let [small, large] = sizes[..] else {
        eprintln!("PROXYLINE_COMPLEXITY_SIZES needs two sizes");
        return;
    };
    // `cargo bench --bench complexity -- explain chain` times only those shapes.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| SHAPES.contains(&a.as_str()))
        .collect();
    let mut worst: f64 = 0.0;
    for shape in SHAPES
        .into_iter()
        .filter(|s| only.is_empty() || only.iter().any(|o| o == s))
    {
        let (ta, tb) = (measured(shape, small), measured(shape, large));
        let ratio = tb / ta.max(1e-3);
        worst = worst.max(ratio);
        println!(
            "complexity shape={shape} n={small} ms={ta:.1} n={large} ms={tb:.1} ratio={ratio:.1}"
        );
    }
    println!(
        "complexity worst_ratio={worst:.1} goal=<20 {}",
        if worst < 20.0 { "ok" } else { "OVER" }
    );
}
