//! The binary case format (`.plcase`): lossless round trips, and refusal of damaged, foreign and
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
//! hostile files with a clear message, never a panic or a giant allocation.

use proxyline::model::{self, Case, binary};

fn built_in() -> Case {
    model::load_text("built-in", model::DEFAULT_CASE_RON)
        .unwrap()
        .case
}

/// The message a file's bytes are refused with, opened as `name` in a temporary folder.
fn refusal(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let error = model::load_path(&path).unwrap_err();
    let lines = error.lines();
    assert_eq!(lines.len(), 1, "one problem: {lines:?}");
    assert!(
        lines[0].starts_with(&path.display().to_string()),
        "{lines:?}"
    );
    lines[0].clone()
}

#[test]
fn ron_to_binary_to_ron_is_lossless_on_the_built_in_and_a_synthetic_case() {
    let dir = tempfile::tempdir().unwrap();
    for (name, case) in [
        ("built-in", built_in()),
        ("synthetic", proxyline::synth::case(5_000, 16, 7)),
    ] {
        let ron_text = model::to_ron(&case).unwrap();
        let bin = dir.path().join(format!("{name}.plcase"));
        model::save_path(&case, &bin).unwrap();
        let bytes = std::fs::read(&bin).unwrap();
        assert!(
            binary::is_binary(&bytes),
            "{name}: .plcase is written binary"
        );
        let back = model::load_path(&bin).unwrap();
        assert!(back.warnings.is_empty() || name == "synthetic");
        assert_eq!(back.case, case, "{name}: binary reads back equal");
        let ron = dir.path().join(format!("{name}.ron"));
        model::save_path(&back.case, &ron).unwrap();
        assert_eq!(
            std::fs::read_to_string(&ron).unwrap(),
            ron_text,
            "{name}: RON from binary is the RON it came from"
        );
        assert!(bytes.len() < ron_text.len(), "{name}: binary is smaller");
    }
}

#[test]
fn damaged_and_foreign_files_are_refused_with_what_happened() {
    let bytes = binary::to_bytes(&built_in()).unwrap();
    let truncated = refusal("cut.plcase", &bytes[..bytes.len() * 2 / 3]);
    assert!(
        truncated.contains(":1:1: truncated or damaged"),
        "{truncated}"
    );
    assert!(truncated.contains("copy the file again"), "{truncated}");
    assert!(refusal("tiny.plcase", &bytes[..10]).contains("truncated"));

    let mut flipped = bytes.clone();
    flipped[bytes.len() / 3] ^= 0x04;
    assert!(refusal("flip.plcase", &flipped).contains("checksum does not match"));

    let mut version = bytes.clone();
    version[8] = 2;
    let v = refusal("v2.plcase", &version);
    assert!(
        v.contains("layout version 2; this build reads version 1"),
        "{v}"
    );

    let mut format = bytes;
    format[12] = 7;
    assert!(refusal("f7.plcase", &format).contains("case format version 7"));

    let ron_named_binary = refusal("case.plcase", model::DEFAULT_CASE_RON.as_bytes());
    assert!(
        ron_named_binary.contains("without the PLCASE signature"),
        "{ron_named_binary}"
    );
}

/// postcard's varint of a length.
fn varint(mut n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
    out
}

#[test]
fn a_file_claiming_two_to_the_forty_events_fails_without_allocating_them() {
    // A valid checksum over a case whose first list claims 2^40 items and then ends: decoding
    // must fail at the end of the bytes, not reserve memory for the claim.
    let case = Case::empty(
        "t".to_owned(),
        model::PartialDate::year(2000),
        model::PartialDate::year(2001),
    );
    let mut payload = Vec::new();
    {
        // Everything before `sources`, encoded as the writer does (every field, in order).
        let prefix = (
            case.format,
            &case.title,
            &case.description,
            case.start,
            case.end,
            &case.default_state,
        );
        payload.extend(postcard::to_allocvec(&prefix).unwrap());
    }
    payload.extend(varint(1 << 40));
    payload.extend([3, b'a', b'b', b'c']);
    let file = binary::frame(&payload);
    let message = refusal("huge.plcase", &file);
    assert!(message.contains("cannot decode the case"), "{message}");
}

#[test]
fn every_prefix_of_a_small_binary_file_is_refused_without_panic() {
    let case = proxyline::synth::case(20, 2, 1);
    let bytes = binary::to_bytes(&case).unwrap();
    for cut in 0..bytes.len() {
        assert!(
            binary::decode(&bytes[..cut]).is_err(),
            "prefix of {cut} bytes"
        );
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0xff;
        let _ = binary::decode(&b);
    }
}
