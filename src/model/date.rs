//! Partial calendar dates (`"1983"`, `"1983-10"`, `"1983-10-23"`) and day numbers.
//!
//! The case file records a date only as precisely as the sources give it. A [`PartialDate`] keeps
//! that precision, converts to day numbers (days since 1970-01-01) for drawing and querying, and
//! serialises back to exactly the string it was read from.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// The exact day.
    Day,
}

/// A calendar date known to a year, a month or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The year (1–9999).
    pub year: i16,
    /// The month (1–12), when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

/// Day number of 1970-01-01 relative to which all day numbers are counted.
fn epoch() -> jiff::civil::Date {
    jiff::civil::date(1970, 1, 1)
}

/// Days since 1970-01-01 for a valid civil date.
fn day_number(date: jiff::civil::Date) -> i32 {
    epoch().until(date).map_or(0, |span| span.get_days())
}

impl PartialDate {
    /// A date known to the year.
    #[must_use]
    pub fn year(year: i16) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, saying what is wrong otherwise.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad =
            || format!("invalid date \"{text}\": expected \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"");
        let mut parts = text.split('-');
        let year_text = parts.next().ok_or_else(bad)?;
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i16 = year_text.parse().map_err(|_| bad())?;
        let mut number = |width: usize| -> Result<Option<u8>, String> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == width && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad())
                }
                Some(_) => Err(bad()),
            }
        };
        let month = number(2)?;
        let day = if month.is_some() { number(2)? } else { None };
        if parts.next().is_some() || year == 0 {
            return Err(bad());
        }
        let date = Self { year, month, day };
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("invalid date \"{text}\": month {m} is not 1–12"));
        }
        if !date.is_valid() {
            return Err(format!("invalid date \"{text}\": that day does not exist"));
        }
        Ok(date)
    }

    /// Whether the date exists in the calendar.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        let month = self.month.unwrap_or(1);
        let day = self.day.unwrap_or(1);
        (1..=9999).contains(&self.year)
            && (self.day.is_none() || self.month.is_some())
            && jiff::civil::Date::new(self.year, month as i8, day as i8).is_ok()
    }

    /// How precisely the date is known.
    #[must_use]
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    fn first_civil(self) -> jiff::civil::Date {
        let month = self.month.unwrap_or(1) as i8;
        let day = self.day.unwrap_or(1) as i8;
        jiff::civil::Date::new(self.year, month, day).unwrap_or_else(|_| epoch())
    }

    /// Day number (days since 1970-01-01) of the first day the date covers.
    #[must_use]
    pub fn first_day(&self) -> i32 {
        day_number(self.first_civil())
    }

    /// Day number of the last day the date covers (31 Dec for a year, the month's end for a month).
    #[must_use]
    pub fn last_day(&self) -> i32 {
        let first = self.first_civil();
        let last = match self.precision() {
            Precision::Day => first,
            Precision::Month => first.last_of_month(),
            Precision::Year => jiff::civil::Date::new(self.year, 12, 31).unwrap_or(first),
        };
        day_number(last)
    }

    /// The date for a day number.
    #[must_use]
    pub fn from_day(day: i32) -> Self {
        let date = epoch()
            .checked_add(jiff::Span::new().days(i64::from(day)))
            .unwrap_or_else(|_| epoch());
        Self {
            year: date.year(),
            month: Some(date.month() as u8),
            day: Some(date.day() as u8),
        }
    }

    /// Human-readable form: "23 Oct 1983", "Oct 1983" or "1983".
    #[must_use]
    pub fn human(&self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month_name = |m: u8| {
            MONTHS
                .get(usize::from(m).saturating_sub(1))
                .copied()
                .unwrap_or("?")
        };
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", month_name(m), self.year),
            (Some(m), None) => format!("{} {}", month_name(m), self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 cut to the precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    /// Orders by first day, then by precision (a year sorts before its first day).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first_day(), self.precision()).cmp(&(other.first_day(), other.precision()))
    }
}

impl PartialDate {
    /// The date packed in one number for the binary case format: year << 16 | month << 8 | day,
    /// with 0 for an unknown month or day.
    #[must_use]
    pub fn packed(&self) -> u32 {
        (u32::from(self.year as u16) << 16)
            | (u32::from(self.month.unwrap_or(0)) << 8)
            | u32::from(self.day.unwrap_or(0))
    }

    /// The date [`Self::packed`] made, or why the number is not a valid date.
    pub fn from_packed(packed: u32) -> Result<Self, String> {
        let part = |shift: u32| ((packed >> shift) & 0xff) as u8;
        let known = |v: u8| (v != 0).then_some(v);
        let date = Self {
            year: (packed >> 16) as u16 as i16,
            month: known(part(8)),
            day: known(part(0)),
        };
        if date.is_valid() {
            Ok(date)
        } else {
            Err(format!("invalid packed date 0x{packed:08x}"))
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_u32(self.packed())
        }
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            Self::parse(&text).map_err(serde::de::Error::custom)
        } else {
            Self::from_packed(u32::deserialize(deserializer)?).map_err(serde::de::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_round_trips() {
        for text in ["1983", "1983-10", "1983-10-23", "2000-02-29"] {
            let date = PartialDate::parse(text).unwrap();
            assert_eq!(date.to_string(), text);
        }
        assert_eq!(
            PartialDate::parse("1983-10").unwrap().precision(),
            Precision::Month
        );
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for text in [
            "1983-13",
            "1983-02-30",
            "1900-02-29",
            "83",
            "1983/10/23",
            "1983-1-2",
            "",
            "0000",
        ] {
            assert!(PartialDate::parse(text).is_err(), "{text} should fail");
        }
    }

    #[test]
    fn day_numbers_cover_the_precision() {
        let year = PartialDate::parse("1970").unwrap();
        assert_eq!(year.first_day(), 0);
        assert_eq!(year.last_day(), 364);
        let feb = PartialDate::parse("2020-02").unwrap();
        assert_eq!(feb.last_day() - feb.first_day(), 28);
        let day = PartialDate::parse("2021-02-15").unwrap();
        assert_eq!(PartialDate::from_day(day.first_day()), day);
        assert_eq!(day.human(), "15 Feb 2021");
    }
}
