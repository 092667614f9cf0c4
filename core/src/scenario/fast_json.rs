//! The fast path of reading scenario JSON, for the text valid scenarios are made of: objects of
//! known keys whose values are strings without escapes, whole numbers, `true`, `false` and
//! `null`, in the lists of docs/formats.md. A byte scanner reads the structure and hands each
//! item's values to the same [`Item`] and [`Kind::build`] the careful reader (`json.rs`) uses,
//! so every value is checked, and every problem is made, by the same code.
//!
//! The scanner answers `None` at the first thing it does not read the careful reader's way
//! (an escape, a fraction, an unknown or repeated key, a wrong type, broken syntax, a missing
//! list), and the careful reader then reads the whole text: no text is read two ways with two
//! results (`core/tests/json_readers.rs` checks that both give the same scenario or the same
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
    /// Skips JSON's whitespace; the runs of spaces that indent written JSON eight at a time.
    #[inline]
    fn space(&mut self) {
        const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
        loop {
            match self.bytes.get(self.at) {
                Some(b' ') => {
                    while let Some(word) = self.bytes.get(self.at..self.at + 8)
                        && word.try_into().ok().map(u64::from_ne_bytes) == Some(SPACES)
                    {
                        self.at += 8;
                    }
                    while self.bytes.get(self.at) == Some(&b' ') {
                        self.at += 1;
                    }
                }
                Some(b'\n' | b'\r' | b'\t') => self.at += 1,
                _ => return,
            }
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

    /// Whether the scanner stands at `"name"`: the string [`Scan::string`] would read as
    /// `name` (a name has no escape).
    #[inline]
    fn quoted_is(&self, name: &str) -> bool {
        let n = name.len();
        self.bytes.get(self.at) == Some(&b'"')
            && self.bytes.get(self.at + 1..self.at + 1 + n) == Some(name.as_bytes())
            && self.bytes.get(self.at + 1 + n) == Some(&b'"')
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
                1 => self.large_list::<Practices>(out, problems)?,
                2 => self.large_list::<Memberships>(out, problems)?,
                3 => self.large_list::<Patients>(out, problems)?,
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
        self.items::<K>(out, problems, 0, None).map(drop)
    }

    /// A required list that may be long (practices, memberships, patients). Where the text
    /// left is long, a second thread starts reading items at a guess halfway through it while
    /// this one reads from the start. The guess is kept only where this reader, reading on, arrives
    /// exactly at the item the other began with (so it is an item of this list, and every item
    /// before it was read here) and the other read its items to the list's end without a
    /// problem; otherwise this reader reads on alone. Either way the items, their order and
    /// their indices are those of reading the list item by item.
    fn large_list<K: Kind>(&mut self, out: &mut Collected, problems: &mut Problems) -> Option<()> {
        const LONG: usize = 1 << 16;
        self.eat(b'[')?;
        let guess = self.bytes.len().saturating_sub(self.at).checked_div(2).filter(|half| *half >= LONG / 2);
        let Some(split) = guess.and_then(|half| self.item_start_after(self.at + half)) else {
            return self.items::<K>(out, problems, 0, None).map(drop);
        };
        let text = self.text;
        // A scoped thread, not a pool: it ends with the call, so a process forked afterwards
        // (Python's multiprocessing) reads as well as its parent.
        // Where no thread can be started, this reader reads on alone from the guess.
        let (first, second) = std::thread::scope(|scope| {
            let tail = std::thread::Builder::new().spawn_scoped(scope, move || {
                let mut tail = Scan { text, bytes: text.as_bytes(), at: split };
                let (mut collected, mut tail_problems) = (Collected::default(), Problems::default());
                let count = tail.items::<K>(&mut collected, &mut tail_problems, 0, None)?;
                tail_problems.is_empty().then_some((collected, count, tail.at))
            });
            let mut head = Collected::default();
            let first = self.items::<K>(&mut head, problems, 0, Some(split)).map(|count| (head, count));
            (first, tail.ok().and_then(|handle| handle.join().ok().flatten()))
        });
        let (head, count) = first?;
        out.append(head, 0);
        match (self.at == split, second) {
            (true, Some((tail, _, end))) => {
                out.append(tail, count);
                self.at = end;
                Some(())
            }
            // Stopped at the guess, which the other core could not use: read on from it.
            (true, None) => self.items::<K>(out, problems, count, None).map(drop),
            // The list ended before the guess: read whole here.
            (false, _) => Some(()),
        }
    }

    /// The start of the first item after `from` that looks like one (`}`, `,`, `{` with only
    /// whitespace between); the reader that arrives there confirms it.
    fn item_start_after(&self, from: usize) -> Option<usize> {
        let mut at = from;
        loop {
            at += self.bytes.get(at..)?.iter().position(|&b| b == b'}')? + 1;
            let mut next = at;
            let skip = |next: &mut usize| {
                while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(*next) {
                    *next += 1;
                }
            };
            skip(&mut next);
            if self.bytes.get(next) != Some(&b',') {
                continue;
            }
            next += 1;
            skip(&mut next);
            if self.bytes.get(next) == Some(&b'{') {
                return Some(next);
            }
        }
    }

    /// The items of a list of kind `K` from the scanner (just after `[` or a `,`) to its `]`,
    /// numbered from `first`; or up to `stop`, where an item begins exactly there. The number
    /// of items read.
    fn items<K: Kind>(
        &mut self,
        out: &mut Collected,
        problems: &mut Problems,
        first: usize,
        stop: Option<usize>,
    ) -> Option<usize> {
        let mut index = first;
        if self.peek()? == b']' {
            self.at += 1;
            return Some(index);
        }
        loop {
            self.object::<K>(out, problems, index)?;
            index += 1;
            if !self.more(b']')? {
                return Some(index);
            }
            if stop.is_some() {
                self.space();
                if Some(self.at) == stop {
                    return Some(index);
                }
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
            // Written items give their keys in the format's order: the next one is tried first.
            let mut expected = 0;
            loop {
                self.space();
                let field = match K::FIELDS.get(expected).filter(|name| self.quoted_is(name)) {
                    Some(name) => {
                        self.at += name.len() + 2;
                        expected
                    }
                    None => field_index(K::FIELDS, self.string()?)?,
                };
                expected = field + 1;
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
