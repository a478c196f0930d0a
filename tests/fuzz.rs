//! Property tests of every reader of untrusted files: the RON case loader, the binary case
//! loader and the GTD, ACLED and mapped-CSV importers. Each gets random input and random
//! damage to a valid file, and must answer with a case or a positioned error — never a panic,
//! a hang or a position outside the file.
//!
//! `cargo test` runs a bounded number of cases (64 per property); a longer run is
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz` (see the README for how long it ran
//! and what it found).
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use proptest::prelude::*;
use proxyline::model::{self, binary};

/// Cases per property: `PROPTEST_CASES` when set, else 64.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Damage to a valid file: a byte changed, some bytes removed, some inserted, or a cut.
#[derive(Clone, Debug)]
enum Damage {
    Flip(usize, u8),
    Remove(usize, usize),
    Insert(usize, Vec<u8>),
    Cut(usize),
}

fn damage() -> impl Strategy<Value = Vec<Damage>> {
    let one = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Damage::Flip(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Damage::Remove(i, n)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    Just(b'('),
                    Just(b')'),
                    Just(b'['),
                    Just(b'"'),
                    Just(b',')
                ],
                1..16
            )
        )
            .prop_map(|(i, b)| Damage::Insert(i, b)),
        any::<usize>().prop_map(Damage::Cut),
    ];
    prop::collection::vec(one, 1..6)
}

fn apply(mut bytes: Vec<u8>, damage: &[Damage]) -> Vec<u8> {
    for d in damage {
        let len = bytes.len().max(1);
        match d {
            Damage::Flip(i, b) => {
                if let Some(x) = bytes.get_mut(i % len) {
                    *x = *b;
                }
            }
            Damage::Remove(i, n) => {
                let at = i % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Damage::Insert(i, b) => {
                let at = (i % len).min(bytes.len());
                bytes.splice(at..at, b.iter().copied());
            }
            Damage::Cut(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

/// Every problem lies inside the text (lines and columns from 1, lines within the file).
fn positions_inside(bytes: &[u8], error: &model::LoadError) {
    if let model::LoadError::Invalid { problems, .. } = error {
        let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
        for p in problems {
            assert!(p.line >= 1 && p.column >= 1, "{p}");
            assert!(p.line <= lines + 1, "line {} of {lines}: {p}", p.line);
        }
    }
}

fn minimal() -> Vec<u8> {
    std::fs::read("tests/fixtures/minimal.ron").unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn ron_loader_answers_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Err(e) = model::load_bytes("fuzz.ron", &bytes) {
            positions_inside(&bytes, &e);
        }
    }

    #[test]
    fn ron_loader_answers_a_damaged_case(d in damage()) {
        let bytes = apply(minimal(), &d);
        if let Err(e) = model::load_bytes("fuzz.ron", &bytes) {
            positions_inside(&bytes, &e);
        }
    }

    #[test]
    fn binary_loader_answers_a_damaged_case(d in damage()) {
        let text = String::from_utf8(minimal()).unwrap();
        let case = model::load_text("minimal.ron", &text).unwrap().case;
        let bytes = apply(binary::to_bytes(&case).unwrap(), &d);
        // Damage that leaves the checksum right is rare; either way no panic.
        let _ = model::load_bytes("fuzz.plcase", &bytes);
    }

    #[test]
    fn binary_decoder_answers_any_payload(payload in prop::collection::vec(any::<u8>(), 0..512)) {
        // A valid frame around random bytes: the checksum passes, the decoder sees garbage.
        let _ = binary::decode(&binary::frame(&payload));
    }
}

/// Imports one file's bytes; `Ok` or an error inside the file, never a panic.
fn import_bytes(name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let options = proxyline::import::Options::default();
    if let Err(e) = proxyline::import::import(&[path], None, &options, &mut |_| {}) {
        let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
        assert!(e.line <= lines as u64 + 1, "{e:?}");
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/import/{name}")).unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn gtd_importer_answers_a_damaged_file(d in damage()) {
        import_bytes("gtd.csv", &apply(fixture("gtd-sample.csv"), &d));
    }

    #[test]
    fn acled_importer_answers_a_damaged_file(d in damage()) {
        import_bytes("acled.csv", &apply(fixture("acled-sample.csv"), &d));
    }

    #[test]
    fn legacy_acled_importer_answers_a_damaged_file(d in damage()) {
        import_bytes("acled2.csv", &apply(fixture("acled-sample-2.csv"), &d));
    }

    #[test]
    fn importer_answers_random_rows_under_a_gtd_header(
        rows in prop::collection::vec(prop::collection::vec("[ -~]{0,12}", 0..140), 0..8)
    ) {
        let gtd = fixture("gtd-sample.csv");
        let header_end = gtd.iter().position(|&b| b == b'\n').unwrap() + 1;
        let mut bytes = gtd[..header_end].to_vec();
        for row in rows {
            bytes.extend(row.join(",").into_bytes());
            bytes.push(b'\n');
        }
        import_bytes("gtd.csv", &bytes);
    }
}
