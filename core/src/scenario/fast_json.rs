//! The fast path of reading scenario JSON, for the text valid scenarios are made of: objects of
//! known keys whose values are strings without escapes, whole numbers, `true`, `false` and
//! `null`, in the lists of docs/formats.md. A byte scanner reads the structure and hands each
//! item's values to the same [`Item`] and [`Kind::build`] the careful reader (`json.rs`) uses,
//! so every value is checked, and every problem is made, by the same code.
//!
//! The scanner answers `None` at the first thing it does not read the careful reader's way
//! (an escape, a fraction, an unknown or repeated key, a wrong type, broken syntax, a missing
//! list), and the careful reader then reads the whole text: no text is read two ways with two
//! results (`core/tests/properties.rs` checks that both give the same scenario or the same
//! problems, at 1,000 cases).

use std::borrow::Cow;

use super::items::{Clusters, Collected, Kind, Memberships, Patients, PolicyKind, Practices, Rates, field_index};
use super::json::{Read, TOP};
use super::read::{Item, Origin, Problems, Raw};

/// Reads `text` the fast way, or `None` where the careful reader must.
pub(crate) fn read(text: &str) -> Option<Read> {
    let mut scan = Scan { text, bytes: text.as_bytes(), at: 0 };
    let mut collected = Collected::default();
    let mut problems = Problems::default();
    scan.top(&mut collected, &mut problems)?;
    scan.space();
    (scan.at == scan.bytes.len()).then_some(Read { collected, problems })
}

struct Scan<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scan<'a> {
    /// Skips JSON's whitespace.
    #[inline]
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte that is not whitespace.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.bytes.get(self.at).copied()
    }

    /// Reads `byte`, after whitespace.
    #[inline]
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// After an item of a list or a field of an object: `true` for another to come (`,`),
    /// `false` at `close`.
    #[inline]
    fn more(&mut self, close: u8) -> Option<bool> {
        match self.peek()? {
            b',' => {
                self.at += 1;
                Some(true)
            }
            byte if byte == close => {
                self.at += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// A string without escapes or control characters, as it stands in the text.
    #[inline]
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.at;
        let length = self.bytes.get(start..)?.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if self.bytes.get(start + length) != Some(&b'"') {
            return None;
        }
        self.at = start + length + 1;
        self.text.get(start..start + length)
    }

    /// `literal`, whole.
    fn literal(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.at.checked_add(literal.len())?;
        (self.bytes.get(self.at..end)? == literal).then(|| self.at = end)
    }

    /// A whole number of JSON's grammar (no leading zero) that fits 64 bits, not followed by a
    /// fraction or an exponent.
    fn integer(&mut self) -> Option<i64> {
        let negative = self.bytes.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut value: i64 = 0;
        while let Some(digit @ b'0'..=b'9') = self.bytes.get(self.at).copied() {
            let digit = i64::from(digit - b'0');
            value = value.checked_mul(10)?.checked_add(if negative { -digit } else { digit })?;
            self.at += 1;
        }
        let digits = self.at - start;
        let leading_zero = digits > 1 && self.bytes.get(start) == Some(&b'0');
        if digits == 0 || leading_zero || matches!(self.bytes.get(self.at), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        Some(value)
    }

    /// A field's value: a string, a whole number, `true`, `false` or `null`.
    #[inline]
    fn value(&mut self) -> Option<Raw<'a>> {
        Some(match self.peek()? {
            b'"' => Raw::Text(Cow::Borrowed(self.string()?)),
            b'-' | b'0'..=b'9' => Raw::Int(self.integer()?),
            b't' => self.literal(b"true").map(|()| Raw::Bool(true))?,
            b'f' => self.literal(b"false").map(|()| Raw::Bool(false))?,
            b'n' => self.literal(b"null").map(|()| Raw::Null)?,
            _ => return None,
        })
    }

    /// The scenario object: each known key once, the four required lists given.
    fn top(&mut self, out: &mut Collected, problems: &mut Problems) -> Option<()> {
        self.eat(b'{')?;
        let mut seen = [false; 6];
        if self.peek()? == b'}' {
            return None;
        }
        loop {
            let key = self.string()?;
            let index = field_index(TOP, key)?;
            let slot = seen.get_mut(index)?;
            if *slot {
                return None;
            }
            *slot = true;
            self.eat(b':')?;
            match index {
                0 => self.list::<Clusters>(out, problems, true)?,
                1 => self.list::<Practices>(out, problems, true)?,
                2 => self.list::<Memberships>(out, problems, true)?,
                3 => self.list::<Patients>(out, problems, true)?,
                4 => self.list::<Rates>(out, problems, false)?,
                _ => {
                    if self.peek()? == b'n' {
                        self.literal(b"null")?;
                    } else {
                        self.object::<PolicyKind>(out, problems, 0)?;
                    }
                }
            }
            if !self.more(b'}')? {
                break;
            }
        }
        seen.iter().take(4).all(|seen| *seen).then_some(())
    }

    /// A list of items of kind `K` (`null` where it is not `required`).
    fn list<K: Kind>(&mut self, out: &mut Collected, problems: &mut Problems, required: bool) -> Option<()> {
        if !required && self.peek()? == b'n' {
            return self.literal(b"null");
        }
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        let mut index = 0;
        loop {
            self.object::<K>(out, problems, index)?;
            index += 1;
            if !self.more(b']')? {
                return Some(());
            }
        }
    }

    /// One item of kind `K`, built as the careful reader builds it.
    fn object<K: Kind>(&mut self, out: &mut Collected, problems: &mut Problems, index: usize) -> Option<()> {
        self.eat(b'{')?;
        let mut item = Item::new(K::FIELDS, Origin::Json, K::SECTION, index, problems);
        if self.peek()? == b'}' {
            self.at += 1;
        } else {
            loop {
                let field = field_index(K::FIELDS, self.string()?)?;
                self.eat(b':')?;
                item.set(field, self.value()?);
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        K::build(&mut item, out);
        Some(())
    }
}
