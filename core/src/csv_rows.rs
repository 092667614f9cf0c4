//! The one reader of CSV rows that every table of outside data goes through: scenario tables,
//! statements (and whatever comes later). It is strict the same way for all of them, because a
//! value read from the wrong cell is money booked wrong without a word:
//!
//! - a row has exactly as many cells as the header (RFC 4180); a row with more or fewer is
//!   refused, never shifted, with a hint about the separator inside an unquoted value;
//! - a column name appears once (names compared without regard to case and surrounding
//!   spaces; empty names, such as the one a `;` closing every line makes, are not compared);
//! - a quote closes: a cell that runs to the end of the text from an unclosed quote, or that
//!   holds a line break followed by what looks like another row, is refused;
//! - a cell has at most [`MAX_CELL_CHARS`] characters;
//! - a row of nothing but empty cells, as many as the header's (a spreadsheet's trailing blank
//!   line), is no row.
//!
//! Rows are numbered as an editor shows the file's lines after the header's: row 1 is the line
//! after the header. A text whose rows hold no quote is split at its line ends and separators
//! rather than parsed (`Lines`), with the same rows, numbers and problems as the parser's (a
//! property test compares the two). The reader knows nothing of what the columns mean; its
//! callers map names to fields and give the problems their file name and rule.

use std::borrow::Cow;

/// How many characters one cell may hold: far more than any name, text or amount.
pub const MAX_CELL_CHARS: usize = 1_000;

/// How many columns a header may have: far more than any table or export klynge reads (a
/// bank's has about ten), few enough that checking each name once against the others is cheap.
pub const MAX_COLUMNS: usize = 256;

/// What is wrong with a header or a row, in English and Danish, and where in the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowProblem {
    /// The row, from 1 (0 for the header).
    pub row: usize,
    /// The column (from 0) the problem is in, where it is in one.
    pub column: Option<usize>,
    /// What is wrong, in English.
    pub en: String,
    /// What is wrong, in Danish.
    pub da: String,
}

/// A header that cannot be read on: its names (as far as read) and its problems.
pub(crate) type HeaderProblems = (Vec<String>, Vec<RowProblem>);

/// A data row: its number (from 1) and its cells, exactly as many as the header's.
pub(crate) struct Row<'r> {
    /// The row, from 1: the line after the header is row 1.
    pub number: usize,
    /// The cells, untrimmed.
    pub cells: Cells<'r>,
}

/// The cells of a row: as the CSV parser read them, or split from a line without quotes.
#[derive(Clone, Copy)]
pub(crate) enum Cells<'r> {
    Record(&'r csv::StringRecord),
    Split(&'r [&'r str]),
}

impl<'r> Cells<'r> {
    /// The cells in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = &'r str> + Clone {
        let (record, split) = match self {
            Cells::Record(record) => (Some(record.iter()), None),
            Cells::Split(cells) => (None, Some(cells.iter().copied())),
        };
        record.into_iter().flatten().chain(split.into_iter().flatten())
    }

    /// Cell `i`.
    pub(crate) fn get(self, i: usize) -> Option<&'r str> {
        match self {
            Cells::Record(record) => record.get(i),
            Cells::Split(cells) => cells.get(i).copied(),
        }
    }

    /// How many cells.
    pub(crate) fn len(self) -> usize {
        match self {
            Cells::Record(record) => record.len(),
            Cells::Split(cells) => cells.len(),
        }
    }
}

/// The rows of one CSV text after its header.
pub(crate) struct Rows<'t> {
    text: &'t str,
    reader: csv::Reader<&'t [u8]>,
    record: csv::StringRecord,
    width: usize,
    delimiter: u8,
    header_line: u64,
    next: usize,
    done: bool,
    /// The number and the byte where the last row read starts.
    last: Option<(usize, usize)>,
    /// Where the rows after the header hold no quote: read by [`Lines`], not the parser.
    lines: Option<Lines<'t>>,
}

/// The rows of a text without quotes, split at its line ends and separators, exactly as the
/// CSV parser reads such text (a test compares the two on random texts): a record ends at a
/// `\r` or `\n`; the line ends between records (blank lines) are skipped; and a record's line
/// is counted as the parser counts it, from the `\n`s before the end of the record before it
/// (a `\r\n`'s `\n` counts towards the next record's line only after it).
struct Lines<'t> {
    rest: &'t str,
    /// The parser's line count: one more than the `\n`s read.
    line: u64,
    /// The cells of the record read last.
    cells: Vec<&'t str>,
    /// The text after a place where reading was split ([`Rows::hold_at`]), until it is read on.
    held: Option<&'t str>,
}

impl<'t> Lines<'t> {
    /// Reads the next record into `cells`, split at `delimiter`: the line it is counted on, or
    /// `None` at the end.
    fn next_record(&mut self, delimiter: u8) -> Option<u64> {
        let line = self.line;
        let bytes = self.rest.as_bytes();
        let mut at = 0;
        while let Some(&end @ (b'\r' | b'\n')) = bytes.get(at) {
            self.line += u64::from(end == b'\n');
            at += 1;
        }
        if at == bytes.len() {
            self.rest = "";
            return None;
        }
        self.cells.clear();
        let mut start = at;
        let end = loop {
            match bytes.get(at) {
                Some(&b) if b == delimiter => {
                    self.cells.push(self.rest.get(start..at)?);
                    start = at + 1;
                }
                Some(b'\r' | b'\n') | None => break at,
                Some(_) => {}
            }
            at += 1;
        };
        self.cells.push(self.rest.get(start..end)?);
        // The record's end: a `\n` is read with it, a `\r` alone (a `\n` after it comes with
        // the next read).
        let after = match bytes.get(end) {
            Some(b'\n') => {
                self.line += 1;
                end + 1
            }
            Some(_) => end + 1,
            None => end,
        };
        self.rest = self.rest.get(after..)?;
        Some(line)
    }
}

/// The separators a CSV text may use; the one in use is the caller's choice or found in the
/// header ([`separator_of`]).
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// The separator a header line uses: of `,`, `;` and a tab, the one it holds most often
/// outside quotes (`,` where it holds none).
pub(crate) fn separator_of(text: &str) -> u8 {
    let line = text.lines().next().unwrap_or("");
    let mut counts = [0usize; SEPARATORS.len()];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(count) = SEPARATORS.iter().position(|&s| s == b).and_then(|i| counts.get_mut(i)) {
            *count += 1;
        }
    }
    let best = counts.iter().enumerate().max_by_key(|&(i, &n)| (n, usize::MAX - i));
    match best {
        Some((i, &n)) if n > 0 => SEPARATORS.get(i).copied().unwrap_or(b','),
        _ => b',',
    }
}

/// A separator as a user reads it in a message.
pub(crate) fn separator_name(separator: u8) -> (&'static str, &'static str) {
    match separator {
        b';' => ("\";\"", "\";\""),
        b'\t' => ("a tab", "tabulator"),
        _ => ("\",\"", "\",\""),
    }
}

impl<'t> Rows<'t> {
    /// Opens `text` (a byte-order mark at its start is ignored) with `delimiter`, and reads
    /// its header: the names trimmed, each checked to appear once. Problems of the header are
    /// row 0; where there is any, no row can be read.
    pub(crate) fn open(text: &'t str, delimiter: u8) -> Result<(Self, Vec<String>), HeaderProblems> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let header = |column: Option<usize>, en: String, da: String| RowProblem { row: 0, column, en, da };
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                return Err((
                    Vec::new(),
                    vec![header(
                        None,
                        "the file is empty: it needs a header row".into(),
                        "filen er tom: den skal have en overskriftsrække".into(),
                    )],
                ));
            }
            Err(e) => {
                return Err((
                    Vec::new(),
                    vec![header(None, format!("not valid CSV: {e}"), format!("ikke gyldig CSV: {e}"))],
                ));
            }
        }
        if record.len() > MAX_COLUMNS {
            return Err((
                Vec::new(),
                vec![header(
                    None,
                    format!("the header has {} columns, more than the {MAX_COLUMNS} a table may have", record.len()),
                    format!("overskriften har {} kolonner, flere end de {MAX_COLUMNS}, en tabel må have", record.len()),
                )],
            ));
        }
        let names: Vec<String> = record.iter().map(|name| name.trim().to_owned()).collect();
        let mut problems = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if name.chars().count() > MAX_CELL_CHARS || name.contains(['\n', '\r']) {
                problems.push(header(
                    Some(i),
                    format!("column {} is no column name: a quote in the header is probably not closed", i + 1),
                    format!(
                        "kolonne {} er intet kolonnenavn: et anførselstegn i overskriften er nok ikke lukket",
                        i + 1
                    ),
                ));
                continue;
            }
            let first = names.iter().position(|other| !name.is_empty() && other.eq_ignore_ascii_case(name));
            if let Some(first) = first
                && first < i
            {
                problems.push(header(
                    Some(i),
                    format!(
                        "the column {} appears twice (columns {} and {}): which one holds the value cannot be told",
                        crate::problem::quote(name),
                        first + 1,
                        i + 1
                    ),
                    format!(
                        "kolonnen {} optræder to gange (kolonne {} og {}): det kan ikke afgøres, hvilken der har værdien",
                        crate::problem::quote(name),
                        first + 1,
                        i + 1
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err((names, problems));
        }
        let header_line = record.position().map_or(1, csv::Position::line);
        let width = names.len();
        let after_header = reader.position();
        let rest = usize::try_from(after_header.byte()).ok().and_then(|byte| text.get(byte..));
        let lines = rest.filter(|rest| memchr::memchr(b'"', rest.as_bytes()).is_none()).map(|rest| Lines {
            rest,
            line: after_header.line(),
            cells: Vec::with_capacity(width),
            held: None,
        });
        let rows =
            Rows { text, reader, record, width, delimiter, header_line, next: 0, done: false, last: None, lines };
        Ok((rows, names))
    }

    /// [`Rows::open`] without the reading of text without quotes by [`Lines`]: the CSV parser
    /// alone. For the tests that the two read alike.
    pub(crate) fn open_parser_only(text: &'t str, delimiter: u8) -> Result<(Self, Vec<String>), HeaderProblems> {
        Rows::open(text, delimiter).map(|(rows, names)| (Rows { lines: None, ..rows }, names))
    }

    /// Where the rows are read from lines, a place at or after byte `at` of the text where
    /// reading may be split between two readers: the start of a line after one that ends a row
    /// with `\n` (not a blank line, whose row number would be counted differently).
    pub(crate) fn split_point(&self, at: usize) -> Option<usize> {
        let rest = self.lines.as_ref()?.rest;
        let base = self.text.len().checked_sub(rest.len())?;
        let bytes = self.text.as_bytes();
        let mut from = at.max(base);
        loop {
            let end = from + memchr::memchr(b'\n', bytes.get(from..)?)?;
            let ends_a_row = end > base && !matches!(bytes.get(end - 1), Some(b'\n' | b'\r'));
            if ends_a_row && end + 1 < bytes.len() {
                return Some(end + 1);
            }
            from = end + 1;
        }
    }

    /// Reads no row from `split` (a [`Rows::split_point`]) on, until [`Rows::read_on`]; before
    /// any row is read. False where the rows are not read from lines.
    pub(crate) fn hold_at(&mut self, split: usize) -> bool {
        let text = self.text.len();
        let Some(lines) = self.lines.as_mut() else { return false };
        let held =
            text.checked_sub(lines.rest.len()).and_then(|base| lines.rest.split_at_checked(split.checked_sub(base)?));
        match held {
            Some((before, after)) => {
                lines.rest = before;
                lines.held = Some(after);
                true
            }
            None => false,
        }
    }

    /// After [`Rows::hold_at`] and reading every row before the split: the rows after it.
    pub(crate) fn read_on(&mut self) {
        if let Some(lines) = self.lines.as_mut()
            && let Some(held) = lines.held.take()
        {
            lines.rest = held;
        }
    }

    /// Goes to `split` (a [`Rows::split_point`]) as reading every row before it would, before
    /// any row is read: for a text whose lines all end in `\n` alone, where a row's number is its
    /// line's (`None` otherwise).
    pub(crate) fn skip_to(&mut self, split: usize) -> Option<()> {
        if memchr::memchr(b'\r', self.text.as_bytes()).is_some() {
            return None;
        }
        let text = self.text.len();
        let lines = self.lines.as_mut()?;
        let (before, after) = lines.rest.split_at_checked(split.checked_sub(text.checked_sub(lines.rest.len())?)?)?;
        lines.line += memchr::memchr_iter(b'\n', before.as_bytes()).count() as u64;
        lines.rest = after;
        Some(())
    }

    /// The number of the row the parser counts on `line` (rows are numbered from the header's
    /// line; never before the row after the last one).
    fn number(&mut self, line: Option<u64>) -> usize {
        let index = line
            .and_then(|line| usize::try_from(line.checked_sub(self.header_line)?.checked_sub(1)?).ok())
            .map_or(self.next, |index| index.max(self.next));
        self.next = index + 1;
        index + 1
    }

    /// The next row of a text without quotes.
    fn next_line(&mut self) -> Option<Result<Row<'_>, RowProblem>> {
        let number = loop {
            let line = self.lines.as_mut()?.next_record(self.delimiter)?;
            let number = self.number(Some(line));
            let cells = Cells::Split(&self.lines.as_ref()?.cells);
            if blank(cells, self.width) {
                continue;
            }
            if let Some(problem) = check(cells, self.width, self.delimiter, number) {
                return Some(Err(problem));
            }
            break number;
        };
        Some(Ok(Row { number, cells: Cells::Split(&self.lines.as_ref()?.cells) }))
    }

    /// The next data row, a problem that refuses the row (reading goes on after it), or `None`
    /// at the end. After a problem that stops reading (CSV that cannot be read on), `None`.
    pub(crate) fn next_row(&mut self) -> Option<Result<Row<'_>, RowProblem>> {
        if self.lines.is_some() {
            return self.next_line();
        }
        loop {
            if self.done {
                return None;
            }
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    // A quote opened in the last row and never closed ran to the end of the
                    // text; that row was handed out already, and this refuses it.
                    if let Some((number, start)) = self.last
                        && unclosed_quote(self.text.get(start..).unwrap_or(""), self.delimiter)
                    {
                        return Some(Err(RowProblem {
                            row: number,
                            column: None,
                            en: "a quote (\") is not closed before the end of the file; close it".into(),
                            da: "et anførselstegn (\") er ikke lukket før filens slutning; luk det".into(),
                        }));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(RowProblem {
                        row: self.next + 1,
                        column: None,
                        en: format!("not valid CSV: {e}"),
                        da: format!("ikke gyldig CSV: {e}"),
                    }));
                }
            }
            let position = self.record.position().cloned();
            let number = self.number(position.as_ref().map(csv::Position::line));
            if blank(Cells::Record(&self.record), self.width) {
                continue;
            }
            let start = position.as_ref().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
            self.last = Some((number, start));
            if let Some(problem) = check(Cells::Record(&self.record), self.width, self.delimiter, number) {
                self.last = None;
                return Some(Err(problem));
            }
            return Some(Ok(Row { number, cells: Cells::Record(&self.record) }));
        }
    }
}

/// A spreadsheet's blank line: empty cells, as many as the header's (a line of fewer separators
/// is a row with cells missing, refused by [`check`]).
fn blank(cells: Cells<'_>, width: usize) -> bool {
    cells.len() == width && cells.iter().all(|cell| cell.trim().is_empty())
}

/// A row's own problems: its cells' count, length and quotes.
fn check(cells: Cells<'_>, width: usize, delimiter: u8, number: usize) -> Option<RowProblem> {
    let problem = |column: Option<usize>, en: String, da: String| Some(RowProblem { row: number, column, en, da });
    let (sep_en, sep_da) = separator_name(delimiter);
    for (i, cell) in cells.iter().enumerate() {
        // A cell split from a line holds no line end.
        let swallows = matches!(cells, Cells::Record(_))
            && cell.bytes().any(|b| b == b'\n' || b == b'\r')
            && cell.split(['\n', '\r']).skip(1).any(|line| line.as_bytes().contains(&delimiter));
        if swallows {
            return problem(
                Some(i),
                "the cell spans several lines that look like rows: a quote (\") is probably not closed, \
                 and the rows after it would be lost; close the quote"
                    .into(),
                "cellen strækker sig over flere linjer, der ligner rækker: et anførselstegn (\") er nok ikke \
                 lukket, og rækkerne efter det ville gå tabt; luk anførselstegnet"
                    .into(),
            );
        }
        // A cell of no more bytes than the most characters has no more characters.
        if cell.len() > MAX_CELL_CHARS && cell.chars().count() > MAX_CELL_CHARS {
            return problem(
                Some(i),
                format!("the cell has more than {MAX_CELL_CHARS} characters"),
                format!("cellen har mere end {MAX_CELL_CHARS} tegn"),
            );
        }
    }
    if cells.len() != width {
        let (more_en, more_da) = if cells.len() > width {
            (
                format!(
                    "; a value holding {sep_en} (such as a text or an amount) must be quoted, or the row is read wrong"
                ),
                format!("; en værdi med {sep_da} (fx en tekst eller et beløb) skal stå i anførselstegn"),
            )
        } else {
            (String::new(), String::new())
        };
        return problem(
            None,
            format!("the row has {} cells, the header {width}: no value is guessed{more_en}", cells.len()),
            format!("rækken har {} celler, overskriften {width}: ingen værdi gættes{more_da}", cells.len()),
        );
    }
    None
}

/// Whether the last record of a text, from `raw` to the end, leaves a quote open: it starts a
/// quoted cell whose quotes do not pair up.
fn unclosed_quote(raw: &str, delimiter: u8) -> bool {
    let mut quoted = false;
    let mut at_cell_start = true;
    let mut bytes = raw.bytes().peekable();
    while let Some(b) = bytes.next() {
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_cell_start {
            quoted = true;
        }
        at_cell_start = (b == delimiter || b == b'\n' || b == b'\r') && !quoted;
    }
    quoted
}

/// What a header line found with the wrong separator looks like: one column whose name holds
/// another separator. The hint names the separator found.
pub(crate) fn separator_hint(names: &[String], delimiter: u8) -> Option<(String, String)> {
    let [only] = names else { return None };
    let found = SEPARATORS.iter().copied().find(|&s| s != delimiter && only.as_bytes().contains(&s))?;
    let (found_en, found_da) = separator_name(found);
    let (used_en, used_da) = separator_name(delimiter);
    Some((
        format!("the header is one column: the file separates its cells with {found_en}, not {used_en}"),
        format!("overskriften er én kolonne: filen adskiller sine celler med {found_da}, ikke {used_da}"),
    ))
}

/// The encoding a text of outside data was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Windows-1252 (Latin-1 and the characters Windows adds to it), as Sydbank and older
    /// Danish bank exports are written.
    Windows1252,
}

impl Encoding {
    /// `utf-8` or `windows-1252`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text of `bytes`: UTF-8 where they are UTF-8, else Windows-1252 (every byte is a
/// character there, so this never fails).
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, Encoding::Windows1252)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row read (number, cells), or a refused one (row, column).
    type Read = Result<(usize, Vec<String>), (usize, Option<usize>)>;

    fn rows(text: &str, delimiter: u8) -> Vec<Read> {
        let (rows, _) = Rows::open(text, delimiter).map_err(|(_, p)| p[0].en.clone()).unwrap_or_else(|e| {
            unreachable!("header refused: {e}");
        });
        read_all(rows)
    }

    fn read_all(mut rows: Rows<'_>) -> Vec<Read> {
        let mut out = Vec::new();
        while let Some(row) = rows.next_row() {
            out.push(
                row.map(|r| (r.number, r.cells.iter().map(str::to_owned).collect())).map_err(|p| (p.row, p.column)),
            );
        }
        out
    }

    #[test]
    fn format_a_row_never_shifts() {
        let read =
            rows("date,cluster,text,amount\n2023-01-15,nord,Tilskud, 2023,12064.00\n2023-01-16,nord,ok,1\n", b',');
        assert_eq!(read[0], Err((1, None)));
        assert!(read[1].is_ok());
        let read = rows("Dato;Tekst;Beløb\n16-01-2023;Tilskud; 2023;12.064,00\n", b';');
        assert_eq!(read[0], Err((1, None)));
        let read = rows("a,b\n1\n", b',');
        assert_eq!(read[0], Err((1, None)));
    }

    #[test]
    fn format_an_unclosed_quote_is_refused() {
        let read = rows(
            "date,cluster,amount,payer,text\n2019-02-01,a,3528.00,region,\"Opstart\n2019-03-01,a,3528.00,region,grant\n",
            b',',
        );
        assert_eq!(read.len(), 1);
        assert_eq!(read[0], Err((1, Some(4))));
        let read = rows("a,b\n1,\"x", b',');
        assert_eq!(read, vec![Ok((1, vec!["1".into(), "x".into()])), Err((1, None))]);
        // A quoted line break that swallows no row is a cell like any other.
        let read = rows("a,b\n1,\"two\nlines\"\n2,x\n", b',');
        assert!(read.iter().all(Result::is_ok), "{read:?}");
    }

    #[test]
    fn format_a_column_appears_once() {
        let (_, problems) = Rows::open("date,amount,Amount\n", b',').err().unwrap_or_default();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].column, Some(2));
        assert!(Rows::open("a;b;\n", b';').is_ok());
    }

    #[test]
    fn format_a_header_of_too_many_columns_is_refused() {
        let header = vec!["c"; MAX_COLUMNS + 1].join(",");
        assert!(Rows::open(&header, b',').is_err());
    }

    #[test]
    fn format_long_cells_are_refused() {
        let long = "x".repeat(MAX_CELL_CHARS + 1);
        assert_eq!(rows(&format!("a,b\n1,{long}\n"), b','), vec![Err((1, Some(1)))]);
    }

    #[test]
    fn format_rows_are_numbered_as_lines_and_blank_rows_skipped() {
        let read = rows("a,b\n1,2\n\n,\n3,4\n", b',');
        assert_eq!(rows("a,b,c\n,\n", b','), vec![Err((1, None))], "fewer cells, though empty");
        assert_eq!(read.len(), 2);
        assert_eq!(read[1].as_ref().map(|r| r.0), Ok(4));
    }

    #[test]
    fn format_separator_found_and_hinted() {
        assert_eq!(separator_of("Dato;Tekst;Beløb\n"), b';');
        assert_eq!(separator_of("Dato,Tekst,Beloeb,Saldo\n"), b',');
        assert_eq!(separator_of("\"a;b\",c\n"), b',');
        assert!(separator_hint(&["date;amount".into()], b',').is_some());
        assert!(separator_hint(&["date".into(), "amount".into()], b',').is_none());
    }

    #[test]
    fn format_encodings() {
        assert_eq!(decode("Beløb".as_bytes()), (Cow::Borrowed("Beløb"), Encoding::Utf8));
        let (text, encoding) = decode(b"Bel\xf8b \x80");
        assert_eq!((text.as_ref(), encoding), ("Beløb €", Encoding::Windows1252));
    }

    /// Every row of `text` with its number and cells, or its problem in full.
    fn read_in_full(
        rows: Result<(Rows<'_>, Vec<String>), HeaderProblems>,
    ) -> Vec<Result<(usize, Vec<String>), RowProblem>> {
        let Ok((mut rows, _)) = rows else { return Vec::new() };
        let mut out = Vec::new();
        while let Some(row) = rows.next_row() {
            out.push(row.map(|r| (r.number, r.cells.iter().map(str::to_owned).collect())));
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Text without quotes is read by splitting its lines, not by the CSV parser: the same
        /// rows, numbers, cells and problems as the parser's, whatever the line ends (`\n`,
        /// `\r\n`, `\r`), blank lines, separators, spaces and long cells.
        #[test]
        fn format_lines_without_quotes_read_as_the_parser_reads_them(
            header in proptest::sample::select(vec!["a,b", "a,b,c", "a", "a;b;c", "a,b\r", "\n\na,b"]),
            end in proptest::sample::select(vec!["\n", "\r\n", "\r", ""]),
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "1", " ", "", ",", ";", "\n", "\r\n", "\r", "ø", "x", "\t", "y,z", ",,"
            ]), 0..40),
            long in proptest::option::of(0usize..40),
            delimiter in proptest::sample::select(vec![b',', b';']),
        ) {
            let mut text = format!("{header}{end}");
            for (i, piece) in pieces.iter().enumerate() {
                if long == Some(i) {
                    text.push_str(&"w".repeat(MAX_CELL_CHARS + 1));
                }
                text.push_str(piece);
            }
            let split = read_in_full(Rows::open(&text, delimiter));
            let parsed = read_in_full(Rows::open_parser_only(&text, delimiter));
            proptest::prop_assert_eq!(split, parsed, "{:?}", text);
        }
    }
}
