//! Attribution lag: for each attributing party, how long after each event it first attributed
//! it (the seed article's point: attribution is declared when it is politically expedient,
//! often late). Pure Rust; no egui. Only attributions that name someone count; a statement that
//! could not or would not attribute is not an attribution.

use crate::model::{Case, Event};

/// One party's first attribution of one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lag {
    /// The event id.
    pub event: String,
    /// The attribution id.
    pub attribution: String,
    /// Days from the event to the attribution. When either date is coarser than a day (a
    /// month, a year), the middle of the range of lags both dates allow (never before the
    /// event unless both dates say so), with `approximate` set.
    pub days: i32,
    /// The dates are coarser than a day, so `days` is the middle of a range.
    pub approximate: bool,
}

/// The lag between an event and an attribution: exact with two day-precise dates, else the
/// middle of the range both dates allow (clamped to start on the event's first day when the
/// attribution's range reaches past it).
fn lag_days(event: &Event, a: &crate::model::Attribution) -> (i32, bool) {
    let lower = a.date.first_day() - event.last_day();
    let upper = a.date.last_day() - event.first_day();
    if lower == upper {
        return (lower, false);
    }
    if upper < 0 {
        // Both dates say the attribution came first: keep it, to be seen.
        return (i32::midpoint(lower, upper), true);
    }
    (i32::midpoint(lower.max(0), upper), true)
}

/// A party's lags, in event order, with their median.
#[derive(Clone, Debug, PartialEq)]
pub struct PartyLags {
    /// The attributing party (actor id).
    pub party: String,
    /// One per event it attributed.
    pub lags: Vec<Lag>,
    /// Median in days.
    pub median_days: f64,
}

/// Every attributing party's lags (parties in order of first attribution in the file).
#[must_use]
pub fn attribution_lags(case: &Case) -> Vec<PartyLags> {
    let mut out: Vec<PartyLags> = Vec::new();
    for a in case.attributions.iter().filter(|a| !a.to.is_empty()) {
        let Some(event) = case.event(&a.event) else {
            continue;
        };
        let (days, approximate) = lag_days(event, a);
        let slot = if let Some(i) = out.iter().position(|p| p.party == a.by) {
            i
        } else {
            out.push(PartyLags {
                party: a.by.clone(),
                lags: Vec::new(),
                median_days: 0.0,
            });
            out.len() - 1
        };
        let lags = &mut out[slot].lags;
        match lags.iter_mut().find(|l| l.event == a.event) {
            Some(l) if days < l.days => {
                l.days = days;
                l.approximate = approximate;
                l.attribution.clone_from(&a.id);
            }
            Some(_) => {}
            None => lags.push(Lag {
                event: a.event.clone(),
                attribution: a.id.clone(),
                days,
                approximate,
            }),
        }
    }
    for p in &mut out {
        let mut d: Vec<i32> = p.lags.iter().map(|l| l.days).collect();
        d.sort_unstable();
        p.median_days = median(&d);
    }
    out
}

/// The lags for one event: each party's first attribution of it.
#[must_use]
pub fn event_lags(case: &Case, event: &Event) -> Vec<(String, Lag)> {
    attribution_lags(case)
        .into_iter()
        .filter_map(|p| {
            let party = p.party;
            p.lags
                .into_iter()
                .find(|l| l.event == event.id)
                .map(|l| (party, l))
        })
        .collect()
}

fn median(sorted: &[i32]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => f64::from(sorted[n / 2]),
        n => f64::midpoint(f64::from(sorted[n / 2 - 1]), f64::from(sorted[n / 2])),
    }
}

/// Days as words: "same day", "3 days", "about 4 months", "about 2.5 years".
#[must_use]
pub fn days_human(days: f64) -> String {
    let d = days.abs();
    let s = if d < 0.5 {
        "same day".to_owned()
    } else if d < 45.0 {
        format!("{d:.0} day(s)")
    } else if d < 540.0 {
        format!("about {:.0} months", d / 30.44)
    } else {
        format!("about {:.1} years", d / 365.25)
    };
    if days < 0.0 {
        format!("{s} before the event")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_words() {
        assert!((median(&[1, 3, 10]) - 3.0).abs() < 1e-9);
        assert!((median(&[1, 3]) - 2.0).abs() < 1e-9);
        assert_eq!(days_human(0.0), "same day");
        assert_eq!(days_human(10.0), "10 day(s)");
        assert_eq!(days_human(120.0), "about 4 months");
        assert_eq!(days_human(730.5), "about 2.0 years");
    }

    #[test]
    fn exact_dates_give_exact_lags_and_coarse_ones_the_middle_of_their_range() {
        let mut case = crate::synth::case(1, 1, 7);
        let e = &mut case.events[0];
        e.id = "e".to_owned();
        e.date = crate::model::PartialDate::parse("2020-09-30").unwrap_or_else(|e| panic!("{e}"));
        let att = |id: &str, date: &str| crate::model::Attribution {
            id: id.to_owned(),
            event: "e".to_owned(),
            by: "state".to_owned(),
            to: vec!["g0".to_owned()],
            date: crate::model::PartialDate::parse(date).unwrap_or_else(|e| panic!("{e}")),
            confidence: None,
            statement: String::new(),
            sources: Vec::new(),
        };
        case.attributions = vec![att("a-day", "2020-10-10")];
        let lags = attribution_lags(&case);
        assert_eq!(lags[0].lags[0].days, 10);
        assert!(!lags[0].lags[0].approximate);
        // "2020": between the event's day and 31 Dec, never before the event: the middle.
        case.attributions = vec![att("a-year", "2020")];
        let l = &attribution_lags(&case)[0].lags[0];
        assert!(l.approximate);
        assert_eq!(l.days, 46);
    }

    #[test]
    fn the_built_in_case_has_lags_for_its_attributions() {
        let case = crate::model::load_text("built-in", crate::model::DEFAULT_CASE_RON)
            .map_or_else(|e| panic!("{e:?}"), |l| l.case);
        let lags = attribution_lags(&case);
        let named = case
            .attributions
            .iter()
            .filter(|a| !a.to.is_empty())
            .count();
        assert!(!lags.is_empty() || named == 0);
        for p in &lags {
            assert!(!p.lags.is_empty());
        }
    }
}
