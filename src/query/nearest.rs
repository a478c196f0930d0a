//! "Did you mean": the ids nearest to one that was not found, for the command line (`explain`,
//! `--event`) and anywhere else an id is typed. Pure Rust; no egui.
//!
//! Ids are ranked by Jaro–Winkler similarity ([`strsim`], the crate clap uses for the same
//! purpose), which favours a shared beginning — how ids such as `erbil-2021-02-15` are mistyped
//! or half-remembered; an id that contains what was typed counts as near whatever its score.

/// How many ids are suggested at most.
pub const SUGGESTIONS: usize = 5;

/// Below this similarity an id is not suggested (unless it contains what was typed).
const MIN_SIMILARITY: f64 = 0.75;

/// The ids nearest to `wanted`, best first, at most [`SUGGESTIONS`]; empty when none is near.
#[must_use]
pub fn nearest<'a>(wanted: &str, ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = ids
        .into_iter()
        .filter_map(|id| {
            let lower = id.to_lowercase();
            let mut score = strsim::jaro_winkler(&wanted, &lower);
            if !wanted.is_empty() && lower.contains(&wanted) {
                score = score.max(0.9);
            }
            (score >= MIN_SIMILARITY).then_some((score, id))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, id)| id)
        .collect()
}

/// "did you mean: a, b?" for a message, or an empty string when nothing is near.
#[must_use]
pub fn did_you_mean<'a>(wanted: &str, ids: impl IntoIterator<Item = &'a str>) -> String {
    let near = nearest(wanted, ids);
    if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", near.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 5] = [
        "erbil-2021-02-15",
        "erbil-2021-04-14",
        "beirut-1983-10-23",
        "baghdad-2019-12-27",
        "kh-designation",
    ];

    #[test]
    fn a_typo_or_a_fragment_finds_the_id_and_a_stranger_finds_nothing() {
        assert_eq!(nearest("erbil-2021-02-51", IDS)[0], "erbil-2021-02-15");
        assert_eq!(
            nearest("ERBIL", IDS),
            vec!["erbil-2021-02-15", "erbil-2021-04-14"]
        );
        assert_eq!(nearest("beirut", IDS), vec!["beirut-1983-10-23"]);
        assert!(nearest("zzzz", IDS).is_empty());
        assert_eq!(did_you_mean("zzzz", IDS), "");
        assert!(did_you_mean("beirut-1983", IDS).contains("beirut-1983-10-23"));
    }
}
