//! Reading the values dataset rows hold: counts where a blank is unknown (never 0), dates in
//! the spellings in circulation, coordinates, and addresses inside citation text. Pure Rust.

use crate::model::PartialDate;

/// A count of people: blank (or a negative code such as GTD's -99) is unknown.
pub fn count(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let n: f64 = t
        .parse()
        .map_err(|_| format!("\"{t}\" is not a number of people"))?;
    if !n.is_finite() {
        return Err(format!("\"{t}\" is not a number of people"));
    }
    if n < 0.0 {
        return Ok(None);
    }
    if n > f64::from(u32::MAX) {
        return Err(format!("{t} people is beyond any real count"));
    }
    Ok(Some(n.round() as u32))
}

/// A whole number field such as a year or a flag; blank is `None`.
pub fn int(text: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(n) = t.parse::<i64>() {
        return Ok(Some(n));
    }
    match t.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(Some(f as i64)),
        _ => Err(format!("\"{t}\" is not a whole number")),
    }
}

/// Whether a 0/1 flag is set (blank is not set).
pub fn flag(text: &str) -> Result<bool, String> {
    Ok(int(text)? == Some(1))
}

/// A coordinate in degrees within `limit`; blank is `None`.
pub fn coordinate(text: &str, limit: f64) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let v: f64 = t
        .parse()
        .map_err(|_| format!("\"{t}\" is not a coordinate in degrees"))?;
    if !v.is_finite() || v.abs() > limit {
        return Err(format!("{t} is not a coordinate (at most {limit} degrees)"));
    }
    Ok(Some(v))
}

/// A checked date from year, month and day, where month 0 and day 0 mean unknown (GTD's
/// convention): the date then has only year or month precision, never an invented 1st.
pub fn date_from_parts(year: i64, month: i64, day: i64) -> Result<PartialDate, String> {
    let year16 = i16::try_from(year).map_err(|_| format!("{year} is not a year"))?;
    if !(1..=9999).contains(&year16) {
        return Err(format!("{year} is not a year"));
    }
    let mut date = PartialDate::year(year16);
    if month == 0 {
        return Ok(date);
    }
    let m = u8::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| format!("{month} is not a month (1 to 12, or 0 for unknown)"))?;
    date.month = Some(m);
    if day == 0 {
        return Ok(date);
    }
    let d = u8::try_from(day)
        .ok()
        .filter(|d| (1..=31).contains(d))
        .ok_or_else(|| format!("{day} is not a day of the month"))?;
    date.day = Some(d);
    if !date.is_valid() {
        return Err(format!("{year}-{m:02}-{d:02} is not a calendar date"));
    }
    Ok(date)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(name: &str) -> Option<i64> {
    let n = name.trim().to_ascii_lowercase();
    if n.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| n.starts_with(m))
        .map(|i| i as i64 + 1)
}

/// A two-digit year: 00–69 are 2000–2069, 70–99 are 1970–1999 (no dataset proxyline reads
/// starts before 1970).
fn full_year(y: i64, digits: usize) -> i64 {
    if digits > 2 {
        y
    } else if y < 70 {
        2000 + y
    } else {
        1900 + y
    }
}

/// The order of day, month and year in numeric dates such as `03/04/2020`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum DateOrder {
    /// `2020-04-03` (and `2020`, `2020-04`).
    #[default]
    Ymd,
    /// `03/04/2020` is 3 April.
    Dmy,
    /// `04/03/2020` is 3 April.
    Mdy,
}

#[allow(
    clippy::many_single_char_names,
    reason = "a, b, c are the date's three parts in file order; x, y, z their numbers"
)]
/// A date in any of the spellings datasets use: ISO (`2020-02-29`, `2020-02`, `2020`), ACLED's
/// `29-Feb-20`, `29 February 2020` and `29-February-2020`, and numeric `d/m/y` or `m/d/y` as
/// `order` says.
pub fn date(text: &str, order: DateOrder) -> Result<PartialDate, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "\"{t}\" is not a date: expected 2020-02-29, 29-Feb-20, 29 February 2020 or, with a date order, 29/02/2020"
        )
    };
    if t.is_empty() {
        return Err("the date is blank".to_owned());
    }
    // Spreadsheet exports sometimes append a time: "2020-02-29 00:00:00".
    let t_date = t.split(['T', ' ']).next().unwrap_or(t);
    if let Ok(d) = PartialDate::parse(t_date) {
        return if d.is_valid() {
            Ok(d)
        } else {
            Err(format!("{t} is not a calendar date"))
        };
    }
    let parts: Vec<&str> = t
        .split(['-', ' ', '/', '.', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |s: &str| s.parse::<i64>().ok();
    let (day, month, year) = if let Some(m) = month_of(b) {
        // 29-Feb-20, 29 February 2020
        (
            num(a).ok_or_else(bad)?,
            m,
            full_year(num(c).ok_or_else(bad)?, c.len()),
        )
    } else if let Some(m) = month_of(a) {
        // February 29, 2020
        (
            num(b).ok_or_else(bad)?,
            m,
            full_year(num(c).ok_or_else(bad)?, c.len()),
        )
    } else {
        let (x, y, z) = (
            num(a).ok_or_else(bad)?,
            num(b).ok_or_else(bad)?,
            num(c).ok_or_else(bad)?,
        );
        match order {
            DateOrder::Ymd if a.len() == 4 => (z, y, x),
            DateOrder::Dmy => (x, y, full_year(z, c.len())),
            DateOrder::Mdy => (y, x, full_year(z, c.len())),
            DateOrder::Ymd => {
                return Err(format!(
                    "\"{t}\" is ambiguous (day/month or month/day?): say date_order: Dmy or Mdy in the mapping"
                ));
            }
        }
    };
    if day == 0 {
        return Err(bad());
    }
    date_from_parts(year, month, day)
}

/// The first web address in a citation, if any (trailing punctuation dropped).
#[must_use]
pub fn url_in(text: &str) -> Option<String> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ')', ']']);
    (url.len() > "https://".len()).then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_counts_are_unknown_not_zero() {
        assert_eq!(count(""), Ok(None));
        assert_eq!(count(" 0 "), Ok(Some(0)));
        assert_eq!(count("12.0"), Ok(Some(12)));
        assert_eq!(count("-99"), Ok(None));
        assert!(count("many").is_err());
    }

    #[test]
    fn zero_month_or_day_lowers_precision() {
        assert_eq!(
            date_from_parts(1983, 10, 0).map(|d| d.to_string()),
            Ok("1983-10".to_owned())
        );
        assert_eq!(
            date_from_parts(1983, 0, 0).map(|d| d.to_string()),
            Ok("1983".to_owned())
        );
        assert_eq!(
            date_from_parts(1983, 10, 23).map(|d| d.to_string()),
            Ok("1983-10-23".to_owned())
        );
        assert!(date_from_parts(2021, 2, 30).is_err());
        assert!(date_from_parts(2021, 13, 1).is_err());
    }

    #[test]
    fn every_date_spelling_in_circulation_parses() {
        for text in [
            "2020-02-29",
            "29-Feb-20",
            "29 February 2020",
            "29-February-2020",
            "February 29, 2020",
            "2020-02-29 00:00:00",
        ] {
            assert_eq!(
                date(text, DateOrder::Ymd).map(|d| d.to_string()),
                Ok("2020-02-29".to_owned()),
                "{text}"
            );
        }
        assert_eq!(
            date("03/04/2020", DateOrder::Dmy).map(|d| d.to_string()),
            Ok("2020-04-03".to_owned())
        );
        assert_eq!(
            date("04/03/2020", DateOrder::Mdy).map(|d| d.to_string()),
            Ok("2020-04-03".to_owned())
        );
        assert!(date("03/04/2020", DateOrder::Ymd).is_err());
        assert!(date("30-Feb-20", DateOrder::Ymd).is_err());
        assert_eq!(
            date("12-Dec-83", DateOrder::Ymd).map(|d| d.to_string()),
            Ok("1983-12-12".to_owned())
        );
    }

    #[test]
    fn addresses_are_found_in_citations() {
        assert_eq!(
            url_in("\"Rockets hit base,\" Reuters, 3 Jan 2020, https://example.org/a.html."),
            Some("https://example.org/a.html".to_owned())
        );
        assert_eq!(url_in("Reuters, 3 Jan 2020"), None);
    }
}
