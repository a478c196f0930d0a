//! The calendar axis: tick steps from decades down to days, labelled with dates (never
//! fractional years), at most about one tick per 70 px.

use crate::model::PartialDate;

/// A tick step on the calendar axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickStep {
    /// Every n years.
    Years(i32),
    /// Every n months.
    Months(i32),
    /// Every n days.
    Days(i32),
}

/// Calendar ticks between two day numbers for a pixel width: at most about one per 70 px.
/// Returns `(day, label)` pairs; labels are dates, never fractional years.
#[must_use]
pub fn ticks(from: f64, to: f64, width_px: f32) -> (TickStep, Vec<(i32, String)>) {
    let px_per_day = f64::from(width_px) / (to - from).max(1e-9);
    let min_days = 70.0 / px_per_day;
    let steps = [
        TickStep::Days(1),
        TickStep::Days(2),
        TickStep::Days(7),
        TickStep::Days(14),
        TickStep::Months(1),
        TickStep::Months(3),
        TickStep::Months(6),
        TickStep::Years(1),
        TickStep::Years(2),
        TickStep::Years(5),
        TickStep::Years(10),
        TickStep::Years(20),
        TickStep::Years(50),
    ];
    let approx = |s: TickStep| match s {
        TickStep::Days(n) => f64::from(n),
        TickStep::Months(n) => 30.44 * f64::from(n),
        TickStep::Years(n) => 365.25 * f64::from(n),
    };
    let step = steps
        .into_iter()
        .find(|s| approx(*s) >= min_days)
        .unwrap_or(TickStep::Years(100));
    let start = PartialDate::from_day(from.floor() as i32);
    let mut out = Vec::new();
    let end_day = to.ceil() as i32;
    match step {
        TickStep::Years(n) => {
            let mut y = (i32::from(start.year) / n) * n;
            while out.len() < 500 {
                let d = PartialDate::year(y as i16);
                let day = d.first_day();
                if day > end_day {
                    break;
                }
                if f64::from(day) >= from {
                    out.push((day, y.to_string()));
                }
                y += n;
            }
        }
        TickStep::Months(n) => {
            let mut y = i32::from(start.year);
            let mut m = ((i32::from(start.month.unwrap_or(1)) - 1) / n) * n;
            while out.len() < 500 {
                let d = PartialDate {
                    year: y as i16,
                    month: Some((m + 1) as u8),
                    day: None,
                };
                let day = d.first_day();
                if day > end_day {
                    break;
                }
                if f64::from(day) >= from {
                    out.push((day, d.human()));
                }
                m += n;
                if m >= 12 {
                    m -= 12;
                    y += 1;
                }
            }
        }
        TickStep::Days(n) => {
            let mut day = from.floor() as i32;
            if n > 1 {
                day -= day.rem_euclid(n);
            }
            while day <= end_day && out.len() < 500 {
                if f64::from(day) >= from {
                    out.push((day, PartialDate::from_day(day).human()));
                }
                day += n;
            }
        }
    }
    (step, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> f64 {
        f64::from(PartialDate::parse(s).unwrap().first_day())
    }

    #[test]
    fn ticks_move_from_decades_to_days() {
        let (step, t) = ticks(day("1981"), day("2022"), 1200.0);
        assert!(matches!(step, TickStep::Years(n) if n >= 2), "{step:?}");
        assert!(
            t.iter()
                .all(|(_, l)| l.len() == 4 && l.parse::<i32>().is_ok())
        );
        let (step, t) = ticks(day("2021-01"), day("2021-12"), 1200.0);
        assert!(matches!(step, TickStep::Months(_)), "{step:?}");
        assert!(t.iter().any(|(_, l)| l == "Feb 2021"));
        let (step, t) = ticks(day("2021-02-10"), day("2021-02-20"), 1200.0);
        assert_eq!(step, TickStep::Days(1));
        assert!(t.iter().any(|(_, l)| l == "15 Feb 2021"));
    }
}
