//! The fast path of reading scenario JSON, for the text valid scenarios are made of: objects of
//! known keys whose values are strings without escapes, whole numbers, `true`, `false` and
//! `null`, in the lists of docs/formats.md. A byte scanner reads the structure and hands each
//! item's values to the same [`Item`] and [`Kind::build`] the careful reader (`json.rs`) uses,
//! so every value is checked, and every problem is made, by the same code; an item written as
//! `Scenario::to_json` writes it, with plainly valid values, is built by the same constructors
//! without the [`Item`] (`Quick`); patient counts written alike are read by their [`Layout`].
//!
//! The scanner answers `None` at the first thing it does not read the careful reader's way
//! (an escape, a fraction, an unknown or repeated key, a wrong type, broken syntax, a missing
//! list), and the careful reader then reads the whole text: no text is read two ways with two
//! results (`core/tests/json_readers.rs` checks that both give the same scenario or the same
//! problems, at 1,000 cases).

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use super::items::{Clusters, Collected, Kind, Memberships, Patients, PolicyKind, Practices, Rates, field_index};
use super::json::{Read, TOP};
use super::read::{Item, Origin, Problems, Raw, Section};
use crate::two_cores;

/// Text from which the reading is split between two cores: below it, handing half to the
/// helper thread and joining its items costs more than it saves.
const SPLIT_FROM: usize = 512 * 1024;

/// Reads `text` the fast way, or `None` where the careful reader must.
///
/// A long text is read on two cores: the helper thread (`two_cores.rs`) starts at a guess, the
/// first item of a long list (practices, memberships, patients) after the middle of the text,
/// and reads that list's items from there to its end, while this thread reads from the start.
/// The helper's items are kept only where this reader, reading on, arrives exactly at the item
/// it began with, in a list of the kind it read (so every item before it was read here, and the
/// helper read what this reader would have read from there), and the helper read to the list's
/// end without a problem; otherwise this reader reads on alone, and tells the helper to stop.
/// Either way the items, their order and their indices are those of reading item by item.
pub(crate) fn read(text: &str) -> Option<Read> {
    let bytes = text.as_bytes();
    let split = (bytes.len() >= SPLIT_FROM).then(|| item_start_after(bytes, bytes.len() / 2)).flatten();
    // Where no helper can be had, this reader reads alone.
    let Some((split, helper)) = split.and_then(|split| Some((split, two_cores::helper()?))) else {
        return Scan::new(text, None).read(&mut None);
    };
    let cancel = &AtomicBool::new(false);
    let (tail, received) = mpsc::sync_channel(1);
    let (_, read) = helper.join(
        move || {
            // Nobody may be waiting any more: the tail is then dropped.
            let _ = tail.send(Tail::read(text, split, cancel));
        },
        move || {
            let mut handoff = Some(Handoff { split, tail: received, cancel });
            let read = Scan::new(text, None).read(&mut handoff);
            if let Some(unused) = handoff {
                unused.cancel.store(true, Ordering::Relaxed);
            }
            read
        },
    );
    read
}

/// The start of the first item after `from` that looks like one (`}`, `,`, `{` with only
/// whitespace between); the reader that arrives there confirms it.
fn item_start_after(bytes: &[u8], from: usize) -> Option<usize> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
    let mut at = from;
    loop {
        at += memchr::memchr(b'}', bytes.get(at..)?)? + 1;
        let mut next = at + bytes.get(at..)?.iter().take_while(|b| is_space(b)).count();
        if bytes.get(next) != Some(&b',') {
            continue;
        }
        next += 1;
        next += bytes.get(next..)?.iter().take_while(|b| is_space(b)).count();
        if bytes.get(next) == Some(&b'{') {
            return Some(next);
        }
    }
}

/// The helper thread's part: where it began, what it will have read, and how to stop it.
struct Handoff<'a> {
    split: usize,
    tail: mpsc::Receiver<Option<Tail>>,
    cancel: &'a AtomicBool,
}

/// What the helper read: the items of one list from the guess to the list's end.
struct Tail {
    section: Section,
    collected: Collected,
    /// Just after the list's `]`.
    end: usize,
}

impl Tail {
    /// Reads the items from `split` to their list's end, as items of the long list whose
    /// fields they have (an item of another kind fails at its first field of the other kind);
    /// `None` at any problem, or when told to stop.
    fn read(text: &str, split: usize, cancel: &AtomicBool) -> Option<Tail> {
        Self::read_as::<Patients>(text, split, cancel)
            .or_else(|| Self::read_as::<Memberships>(text, split, cancel))
            .or_else(|| Self::read_as::<Practices>(text, split, cancel))
    }

    fn read_as<K: Quick>(text: &str, split: usize, cancel: &AtomicBool) -> Option<Tail> {
        let mut scan = Scan::new(text, Some(cancel));
        scan.at = split;
        let (mut collected, mut problems) = (Collected::default(), Problems::default());
        scan.items::<K>(&mut collected, &mut problems, 0, None)?;
        problems.is_empty().then_some(Tail { section: K::SECTION, collected, end: scan.at })
    }
}

struct Scan<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// For the helper thread: set when its items are not wanted.
    cancel: Option<&'a AtomicBool>,
    /// How the first patient count read quickly was written (see [`Layout`]).
    counts: Option<Layout<'a>>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str, cancel: Option<&'a AtomicBool>) -> Self {
        Scan { text, bytes: text.as_bytes(), at: 0, cancel, counts: None }
    }

    /// The whole text: the scenario object and nothing after it.
    fn read(mut self, handoff: &mut Option<Handoff<'_>>) -> Option<Read> {
        let mut collected = Collected::default();
        let mut problems = Problems::default();
        self.top(&mut collected, &mut problems, handoff)?;
        self.space();
        (self.at == self.bytes.len()).then_some(Read { collected, problems })
    }

    /// Skips JSON's whitespace; the runs of spaces that indent written JSON up to eight at a
    /// time (the spaces at the start of a word are counted from its bits).
    #[inline]
    fn space(&mut self) {
        const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
        // Most often there is none: every byte of JSON's whitespace is at most a space.
        if self.bytes.get(self.at).is_none_or(|b| *b > b' ') {
            return;
        }
        loop {
            if let Some(word) = self.bytes.get(self.at..self.at + 8).and_then(|word| word.try_into().ok()) {
                let leading = (u64::from_le_bytes(word) ^ SPACES).trailing_zeros() / 8;
                if leading > 0 {
                    self.at += leading as usize;
                    continue;
                }
            }
            match self.bytes.get(self.at) {
                Some(b' ' | b'\n' | b'\r' | b'\t') => self.at += 1,
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
    #[inline]
    fn literal(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.at.checked_add(literal.len())?;
        same(self.bytes.get(self.at..end)?, literal).then(|| self.at = end)
    }

    /// A whole number of JSON's grammar (no leading zero) that fits 64 bits, not followed by a
    /// fraction or an exponent.
    fn integer(&mut self) -> Option<i64> {
        let negative = self.bytes.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        // Up to 18 digits cannot overflow; a 19th is checked.
        let mut value: u64 = 0;
        while let Some(digit @ b'0'..=b'9') = self.bytes.get(self.at).copied() {
            if self.at - start >= 18 {
                value = value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
            } else {
                value = value * 10 + u64::from(digit - b'0');
            }
            self.at += 1;
        }
        let value = if negative { 0i64.checked_sub_unsigned(value)? } else { i64::try_from(value).ok()? };
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
    fn top(&mut self, out: &mut Collected, problems: &mut Problems, handoff: &mut Option<Handoff<'_>>) -> Option<()> {
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
                1 => self.large_list::<Practices>(out, problems, handoff)?,
                2 => self.large_list::<Memberships>(out, problems, handoff)?,
                3 => self.large_list::<Patients>(out, problems, handoff)?,
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
    fn list<K: Quick>(&mut self, out: &mut Collected, problems: &mut Problems, required: bool) -> Option<()> {
        if !required && self.peek()? == b'n' {
            return self.literal(b"null");
        }
        self.eat(b'[')?;
        self.items::<K>(out, problems, 0, None).map(drop)
    }

    /// A required list that may be long (practices, memberships, patients): where the helper
    /// thread's guess lies in it, read up to the guess, and on from the helper's end where its
    /// items can be kept (see [`read`]).
    fn large_list<K: Quick>(
        &mut self,
        out: &mut Collected,
        problems: &mut Problems,
        handoff: &mut Option<Handoff<'_>>,
    ) -> Option<()> {
        self.eat(b'[')?;
        let Some(split) = handoff.as_ref().map(|h| h.split).filter(|split| *split > self.at) else {
            return self.items::<K>(out, problems, 0, None).map(drop);
        };
        let count = self.items::<K>(out, problems, 0, Some(split))?;
        if self.at != split {
            // The list ended before the guess.
            return Some(());
        }
        let tail = handoff.take().and_then(|h| h.tail.recv().ok().flatten());
        match tail {
            Some(tail) if tail.section == K::SECTION => {
                out.append(tail.collected, count);
                self.at = tail.end;
                Some(())
            }
            // The guess, which the helper could not use: read on from it.
            _ => self.items::<K>(out, problems, count, None).map(drop),
        }
    }

    /// The items of a list of kind `K` from the scanner (just after `[` or a `,`) to its `]`,
    /// numbered from `first`; or up to `stop`, where an item begins exactly there. The number
    /// of items read.
    fn items<K: Quick>(
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
            let start = self.at;
            if K::quick(self, out, index).is_none() {
                self.at = start;
                self.object::<K>(out, problems, index)?;
            }
            index += 1;
            if index.is_multiple_of(1024) && self.cancel.is_some_and(|cancel| cancel.load(Ordering::Relaxed)) {
                return None;
            }
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

/// Items written the way [`Scenario::to_json`](crate::Scenario::to_json) writes them, read
/// without the [`Item`] of the general way: the format's keys in the format's order, each
/// once, and values that the same checks as [`Kind::build`]'s take (the same constructors are
/// called). Anything else, including any value those checks refuse, is read again the general
/// way from the item's start, so a quick read gives what [`Kind::build`] gives, and a problem
/// is always made by the general way.
trait Quick: Kind {
    /// Reads one item into `out` as [`Kind::build`] would, or `None` having put nothing there.
    fn quick(_scan: &mut Scan<'_>, _out: &mut Collected, _index: usize) -> Option<()> {
        None
    }
}

impl Quick for Clusters {}
impl Quick for Rates {}
impl Quick for PolicyKind {}

impl Quick for Practices {
    fn quick(scan: &mut Scan<'_>, out: &mut Collected, index: usize) -> Option<()> {
        scan.eat(b'{')?;
        let ydernummer = scan.key(b"\"ydernummer\"")?.string()?;
        let capacities = scan.next_key(b"\"capacities\"")?.integer()?;
        scan.eat(b'}')?;
        out.quick_practice(index, ydernummer.as_bytes(), capacities)
    }
}

impl Quick for Memberships {
    fn quick(scan: &mut Scan<'_>, out: &mut Collected, index: usize) -> Option<()> {
        scan.eat(b'{')?;
        let ydernummer = scan.key(b"\"ydernummer\"")?.string()?;
        let cluster = scan.next_key(b"\"cluster\"")?.string()?;
        let joined = scan.next_key(b"\"joined\"")?.string()?;
        let left = match scan.next_key(b"\"left\"")?.value()? {
            Raw::Null => None,
            Raw::Text(Cow::Borrowed(left)) => Some(left),
            _ => return None,
        };
        let Raw::Bool(by_transfer) = scan.next_key(b"\"by_transfer\"")?.value()? else { return None };
        scan.eat(b'}')?;
        out.quick_membership(index, ydernummer.as_bytes(), cluster, joined, left, by_transfer)
    }
}

impl Quick for Patients {
    fn quick(scan: &mut Scan<'_>, out: &mut Collected, index: usize) -> Option<()> {
        scan.space();
        if let Some(layout) = scan.counts
            && let Some(()) = layout.read(scan, out, index)
        {
            return Some(());
        }
        let start = scan.at;
        scan.eat(b'{')?;
        let ydernummer = scan.key(b"\"ydernummer\"")?.string()?;
        let year = scan.next_key(b"\"year\"")?.integer()?;
        let count = scan.next_key(b"\"count\"")?.integer()?;
        scan.eat(b'}')?;
        out.quick_patients(index, ydernummer.as_bytes(), year, count)?;
        if scan.counts.is_none() {
            scan.counts = scan.bytes.get(start..scan.at).and_then(Layout::of);
        }
        Some(())
    }
}

/// The bytes between the values of a patient count, exactly as the first count read quickly
/// was written: `{`, the keys, the colons, commas and whitespace. The counts of a list are
/// written alike (`Scenario::to_json`, any JSON writer), so the next ones are read by comparing
/// these four runs of bytes and reading the three values between them. A count written any
/// other way is read by [`Quick::quick`]'s way, which reads the same values the same way.
#[derive(Clone, Copy)]
struct Layout<'a> {
    /// From the `{` up to the ydernummer's first character (after its opening quote).
    open: &'a [u8],
    /// The ydernummer's length (it is read as its characters).
    ydernummer: usize,
    /// From the ydernummer's closing quote up to the year's first digit.
    before_year: &'a [u8],
    /// From after the year's last digit up to the count's first digit.
    before_count: &'a [u8],
    /// From after the count's last digit to the closing `}`, included.
    close: &'a [u8],
}

impl<'a> Layout<'a> {
    /// The layout of `item`, a patient count the quick way read (the values are where the
    /// first digits stand: no key has a digit).
    fn of(item: &'a [u8]) -> Option<Self> {
        let digit = |from: usize| Some(from + item.get(from..)?.iter().position(u8::is_ascii_digit)?);
        let after_digits = |from: usize| from + item.iter().skip(from).take_while(|b| b.is_ascii_digit()).count();
        let ydernummer_at = digit(0)?;
        let quote = ydernummer_at + item.get(ydernummer_at..)?.iter().position(|b| *b == b'"')?;
        let year_at = digit(quote)?;
        let year_end = after_digits(year_at);
        let count_at = digit(year_end)?;
        let count_end = after_digits(count_at);
        Some(Layout {
            open: item.get(..ydernummer_at)?,
            ydernummer: quote - ydernummer_at,
            before_year: item.get(quote..year_at)?,
            before_count: item.get(year_end..count_at)?,
            close: item.get(count_end..)?,
        })
    }

    /// Reads the count at the scanner written in this layout into `out`, as [`Quick::quick`]
    /// would; `None`, having read and collected nothing, where it is written otherwise.
    #[inline]
    fn read(self, scan: &mut Scan<'a>, out: &mut Collected, index: usize) -> Option<()> {
        let start = scan.at;
        let read =
            self.values(scan).and_then(|(ydernummer, year, count)| out.quick_patients(index, ydernummer, year, count));
        if read.is_none() {
            scan.at = start;
        }
        read
    }

    /// The ydernummer, year and count of a count written in this layout.
    #[inline]
    fn values(self, scan: &mut Scan<'a>) -> Option<(&'a [u8], i64, i64)> {
        scan.literal(self.open)?;
        let ydernummer = scan.bytes.get(scan.at..scan.at + self.ydernummer)?;
        scan.at += self.ydernummer;
        scan.literal(self.before_year)?;
        let year = scan.integer()?;
        scan.literal(self.before_count)?;
        let count = scan.integer()?;
        scan.literal(self.close)?;
        Some((ydernummer, year, count))
    }
}

/// Whether two short runs of bytes are equal, compared eight bytes at a time in place (a call
/// to `memcmp` for each of a count's four layout runs cost more than the rest of reading it).
#[inline]
fn same(found: &[u8], run: &[u8]) -> bool {
    let word = |chunk: &[u8]| chunk.try_into().map(u64::from_le_bytes).ok();
    let (mut found_words, mut run_words) = (found.chunks_exact(8), run.chunks_exact(8));
    found.len() == run.len()
        && found_words.by_ref().zip(run_words.by_ref()).all(|(a, b)| word(a) == word(b))
        && found_words.remainder().iter().zip(run_words.remainder()).all(|(a, b)| a == b)
}

/// The keys of the quick reading.
impl Scan<'_> {
    /// Reads `quoted` (a key with its quotes), whitespace and the colon after it; the scanner
    /// stands at the value.
    #[inline]
    fn key<const N: usize>(&mut self, quoted: &[u8; N]) -> Option<&mut Self> {
        self.space();
        let end = self.at.checked_add(N)?;
        let found: &[u8; N] = self.bytes.get(self.at..end)?.try_into().ok()?;
        if found != quoted {
            return None;
        }
        self.at = end;
        self.eat(b':')?;
        self.space();
        Some(self)
    }

    /// A comma, then [`Scan::key`].
    #[inline]
    fn next_key<const N: usize>(&mut self, quoted: &[u8; N]) -> Option<&mut Self> {
        self.eat(b',')?;
        self.key(quoted)
    }
}
