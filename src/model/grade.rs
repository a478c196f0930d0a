//! Admiralty (NATO STANAG 2511) grades: source reliability A–F and information credibility 1–6.
//!
//! The case file writes a grade as a two-character string such as `"B2"`; validation parses it
//! with [`Grade::parse`] so a bad grade is reported with its position among all other problems.

use std::fmt;

/// A parsed Admiralty grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Grade {
    /// Source reliability, `b'A'` (completely reliable) to `b'F'` (cannot be judged).
    pub reliability: u8,
    /// Information credibility, 1 (confirmed) to 6 (cannot be judged).
    pub credibility: u8,
}

impl Grade {
    /// Parses `"B2"`-style grades; the error says what is allowed.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bytes = text.trim().as_bytes();
        let [r, c] = bytes else {
            return Err(format!(
                "grade \"{text}\" must be a reliability letter A–F and a credibility digit 1–6, like \"B2\""
            ));
        };
        let reliability = r.to_ascii_uppercase();
        if !(b'A'..=b'F').contains(&reliability) {
            return Err(format!("grade \"{text}\": reliability must be A–F"));
        }
        if !(b'1'..=b'6').contains(c) {
            return Err(format!("grade \"{text}\": credibility must be 1–6"));
        }
        Ok(Self {
            reliability,
            credibility: c - b'0',
        })
    }

    /// Whether this grade is at least as good as `bar` on both scales (A and 1 are best).
    ///
    /// F (reliability cannot be judged) and 6 (truth cannot be judged) never meet a bar stricter
    /// than themselves.
    #[must_use]
    pub fn meets(&self, bar: Grade) -> bool {
        self.reliability <= bar.reliability && self.credibility <= bar.credibility
    }

    /// Words for the reliability letter.
    #[must_use]
    pub fn reliability_words(&self) -> &'static str {
        match self.reliability {
            b'A' => "completely reliable",
            b'B' => "usually reliable",
            b'C' => "fairly reliable",
            b'D' => "not usually reliable",
            b'E' => "unreliable",
            _ => "reliability cannot be judged",
        }
    }

    /// Words for the credibility digit.
    #[must_use]
    pub fn credibility_words(&self) -> &'static str {
        match self.credibility {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

impl Default for Grade {
    /// The default evidence bar: C3 (fairly reliable, possibly true).
    fn default() -> Self {
        Self {
            reliability: b'C',
            credibility: 3,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", char::from(self.reliability), self.credibility)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares() {
        let b2 = Grade::parse("B2").unwrap();
        assert_eq!(b2.to_string(), "B2");
        assert!(b2.meets(Grade::parse("C3").unwrap()));
        assert!(
            !Grade::parse("F3")
                .unwrap()
                .meets(Grade::parse("C3").unwrap())
        );
        assert!(
            !Grade::parse("A4")
                .unwrap()
                .meets(Grade::parse("C3").unwrap())
        );
        for bad in ["G1", "A7", "A", "B22", "", "1B"] {
            assert!(Grade::parse(bad).is_err(), "{bad}");
        }
    }
}
