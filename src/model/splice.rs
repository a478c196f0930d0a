//! Saving that keeps what the user wrote: the window edits only a case's stories, so Save
//! replaces only the `stories` list in the file's own text and leaves every comment, blank line
//! and hand-made layout elsewhere as it was.
//!
//! The list is found by a small scanner that knows RON's strings, raw strings, characters and
//! comments and counts brackets, so a `stories` inside a string or a comment is never taken for
//! the field. The result is read back before it is written: if it does not load as exactly the
//! case being saved (or the file on disk differs from it in more than its stories), the whole
//! case is written as before.

use std::ops::Range;
use std::path::Path;

use super::load::{SaveError, parse_case, save_path, write_atomic};
use super::story::Story;
use super::types::Case;

/// Where a top-level field's value lies in the text, and the indentation of its line.
fn field_value(text: &str, field: &str) -> Option<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    // Opening brackets of the value being measured, when inside it.
    let mut value: Option<(usize, usize)> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in RON.
                let mut nest = 1;
                i += 2;
                while i < bytes.len() && nest > 0 {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        nest += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        nest -= 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'#' | b'"'))
                && (i == 0 || !is_ident(bytes[i - 1])) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if bytes.get(i + 1 + hashes) == Some(&b'"') {
                    let close: Vec<u8> = std::iter::once(b'"')
                        .chain(std::iter::repeat_n(b'#', hashes))
                        .collect();
                    let from = i + 2 + hashes;
                    i = memchr::memmem::find(&bytes[from..], &close)
                        .map_or(bytes.len(), |n| from + n + close.len());
                    continue;
                }
            }
            b'\'' => {
                // A character: 'x' or '\n' (a lone quote is not RON).
                let end = if bytes.get(i + 1) == Some(&b'\\') {
                    i + 3
                } else {
                    i + 2
                };
                if bytes.get(end) == Some(&b'\'') {
                    i = end + 1;
                    continue;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if let Some((start, at)) = value
                    && depth == at
                {
                    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
                    let indent: String = text[line_start..]
                        .chars()
                        .take_while(|c| *c == ' ' || *c == '\t')
                        .collect();
                    return Some((start..i + 1, indent));
                }
            }
            _ if depth == 1 && value.is_none() && bytes[i..].starts_with(field.as_bytes()) => {
                let before_ok = i == 0 || !is_ident(bytes[i - 1]);
                let after = i + field.len();
                let after_ok = bytes.get(after).is_none_or(|&c| !is_ident(c));
                if before_ok && after_ok {
                    // `after` follows ASCII bytes just matched: a character boundary.
                    let rest = &text[after..];
                    let colon = rest.len() - rest.trim_start().len();
                    if rest[colon..].starts_with(':') {
                        let v = &rest[colon + 1..];
                        let start = after + colon + 1 + (v.len() - v.trim_start().len());
                        if matches!(bytes.get(start), Some(b'[')) {
                            value = Some((start, 1));
                            i = start;
                            continue;
                        }
                        return None;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The stories as a RON list, its lines after the first indented by `indent`.
fn stories_text(stories: &[Story], indent: &str) -> Option<String> {
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_owned())
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let text = ron::ser::to_string_pretty(&stories, pretty).ok()?;
    // The writer opens with `#![enable(implicit_some)]`, which belongs at the top of a file only.
    let list = if text.starts_with("#![") {
        text.split_once('\n').map_or("", |(_, rest)| rest)
    } else {
        &text
    };
    Some(list.trim_end().replace('\n', &format!("\n{indent}")))
}

/// The text with its `stories` list replaced, or `None` when the list cannot be found.
#[must_use]
pub fn with_stories(text: &str, stories: &[Story]) -> Option<String> {
    let (span, indent) = field_value(text, "stories")?;
    let list = stories_text(stories, &indent)?;
    let mut out = String::with_capacity(text.len() + list.len());
    out.push_str(&text[..span.start]);
    out.push_str(&list);
    out.push_str(&text[span.end..]);
    Some(out)
}

/// Saves `case` to `path`. When `path` (or else `base`, the text the case came from) is a RON
/// case that differs from `case` in its stories only, only the `stories` list of that text is
/// replaced, keeping every comment and the layout elsewhere; otherwise the whole case is written
/// ([`save_path`]). Returns whether the text was kept.
pub fn save_keeping_text(case: &Case, path: &Path, base: Option<&str>) -> Result<bool, SaveError> {
    if super::binary::has_binary_extension(path) {
        save_path(case, path)?;
        return Ok(false);
    }
    let on_disk = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file() && m.len() <= super::load::MAX_FILE_BYTES)
        .and_then(|_| std::fs::read_to_string(path).ok());
    for text in on_disk.as_deref().into_iter().chain(base) {
        if let Some(kept) = spliced(case, text) {
            write_atomic(kept.as_bytes(), path)?;
            return Ok(true);
        }
    }
    save_path(case, path)?;
    Ok(false)
}

/// `text` with `case`'s stories spliced in, when that text is `case` but for its stories and the
/// result reads back as exactly `case`.
fn spliced(case: &Case, text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut old = parse_case(text).ok()?;
    old.stories.clone_from(&case.stories);
    if old != *case {
        return None;
    }
    let kept = with_stories(text, &case.stories)?;
    (parse_case(&kept).ok()? == *case).then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_top_level_list_and_not_a_mention_in_a_string_or_comment() {
        let text = "Case(\n    title: \"stories: [x]\", // stories: [y]\n    /* stories: [z] */\n    events: [Event(stories: [])],\n    stories: [\n        Story(id: \"a\", title: \"]\"),\n    ],\n)\n";
        let (span, indent) = field_value(text, "stories").unwrap();
        assert_eq!(indent, "    ");
        assert!(text[span.clone()].starts_with("[\n        Story(id: \"a\""));
        assert!(text[span].ends_with(']'));
    }
}
