//! A fast reader of plain JSON into the positioned tree, with the positions the YAML parser gives.
//!
//! Most Swagger and OpenAPI files are JSON, and reading them through the YAML parser (which keeps
//! positions) costs several times more than JSON needs. This reader handles strict JSON only and
//! gives up (`None`) on anything it is not sure to read exactly as the YAML parser would: then
//! the caller reads the text as YAML, which also gives the error messages. Positions are those
//! of the YAML parser: the first character of each value and key (a quote, a brace), 1-based
//! lines and columns counted in characters.

use super::tree::{At, Key, Members, Node, Value};

/// Nesting deeper than this is left to the YAML parser, which enforces the depth limit and
/// reports it.
const DEEPEST: usize = crate::parse::MAX_DEPTH - 4;

/// The tree of `text` if it is plain JSON that this reader is sure to read as the YAML parser does.
pub fn parse(text: &str) -> Option<Node> {
    let mut reader = Reader { bytes: text.as_bytes(), text, position: 0, line: 1, line_start: 0, counted: (0, 1) };
    reader.skip_space()?;
    let root = reader.value(0)?;
    reader.skip_space()?;
    (reader.position == reader.bytes.len()).then_some(root)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
    line: u32,
    /// The byte where the current line starts.
    line_start: usize,
    /// A byte of the current line and its column, so that columns are counted once per line
    /// even on one long line (minified JSON).
    counted: (usize, u32),
}

impl Reader<'_> {
    /// The position of the current byte.
    fn at(&mut self) -> Option<At> {
        let (from, column) = if self.counted.0 >= self.line_start { self.counted } else { (self.line_start, 1) };
        let between = self.text.get(from..self.position)?;
        let column = column + u32::try_from(between.chars().count()).ok()?;
        self.counted = (self.position, column);
        Some(At::new(self.line, column))
    }

    /// Skips JSON whitespace (a tab is one column, as the YAML parser counts it). A carriage
    /// return without a line feed is left to the YAML parser (YAML reads it as a line break).
    fn skip_space(&mut self) -> Option<()> {
        while let Some(&byte) = self.bytes.get(self.position) {
            match byte {
                b' ' | b'\t' => self.position += 1,
                b'\n' => {
                    self.position += 1;
                    self.line = self.line.checked_add(1)?;
                    self.line_start = self.position;
                }
                b'\r' if self.bytes.get(self.position + 1) == Some(&b'\n') => self.position += 1,
                b'\r' => return None,
                _ => break,
            }
        }
        Some(())
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > DEEPEST {
            return None;
        }
        let at = self.at()?;
        let value = match *self.bytes.get(self.position)? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Value::String(self.string()?),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            _ => return None,
        };
        Some(Node { value, at })
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        self.position += 1;
        self.skip_space()?;
        let mut members = Vec::new();
        if self.bytes.get(self.position) == Some(&b'}') {
            self.position += 1;
            return Members::new(members).ok().map(Value::Object);
        }
        loop {
            if self.bytes.get(self.position) != Some(&b'"') {
                return None;
            }
            let at = self.at()?;
            let name = self.string()?;
            // `<<` is YAML's merge key; whether a quoted one merges is the YAML parser's call.
            if name == "<<" {
                return None;
            }
            self.skip_space()?;
            self.expect(b':')?;
            self.skip_space()?;
            let node = self.value(depth + 1)?;
            members.push((Key { name, at }, node));
            self.skip_space()?;
            match self.bytes.get(self.position)? {
                b',' => {
                    self.position += 1;
                    self.skip_space()?;
                }
                b'}' => {
                    self.position += 1;
                    // A duplicate key is an error of the YAML parser, with its message.
                    return Members::new(members).ok().map(Value::Object);
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        self.position += 1;
        self.skip_space()?;
        let mut items = Vec::new();
        if self.bytes.get(self.position) == Some(&b']') {
            self.position += 1;
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space()?;
            match self.bytes.get(self.position)? {
                b',' => {
                    self.position += 1;
                    self.skip_space()?;
                }
                b']' => {
                    self.position += 1;
                    return Some(Value::Array(items));
                }
                _ => return None,
            }
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.bytes.get(self.position) == Some(&byte)).then(|| self.position += 1)
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        let end = self.position + word.len();
        if self.bytes.get(self.position..end) != Some(word.as_bytes()) {
            return None;
        }
        self.position = end;
        // `truex` is one plain scalar to YAML, not `true` and junk.
        match self.bytes.get(end) {
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b'}' | b']') => Some(value),
            Some(_) => None,
        }
    }

    /// A string from its opening quote; control characters and unknown escapes give up.
    fn string(&mut self) -> Option<String> {
        self.position += 1;
        let start = self.position;
        // The common case: no escapes, one slice.
        while let Some(&byte) = self.bytes.get(self.position) {
            match byte {
                b'"' => {
                    let text = self.text.get(start..self.position)?.to_owned();
                    self.position += 1;
                    return Some(text);
                }
                b'\\' => break,
                0..=0x1f | 0x7f => return None,
                0xc2 | 0xe2 | 0xef if self.awkward() => return None,
                _ => self.position += 1,
            }
        }
        let mut text = self.text.get(start..self.position)?.to_owned();
        loop {
            let run_start = self.position;
            while let Some(&byte) = self.bytes.get(self.position) {
                match byte {
                    b'"' | b'\\' => break,
                    0..=0x1f | 0x7f => return None,
                    0xc2 | 0xe2 | 0xef if self.awkward() => return None,
                    _ => self.position += 1,
                }
            }
            text.push_str(self.text.get(run_start..self.position)?);
            match *self.bytes.get(self.position)? {
                b'"' => {
                    self.position += 1;
                    return Some(text);
                }
                _ => {
                    let escaped = *self.bytes.get(self.position + 1)?;
                    self.position += 2;
                    let character = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode()?,
                        _ => return None,
                    };
                    text.push(character);
                }
            }
        }
    }

    /// Whether the character at the current byte is one YAML does not take as printable or
    /// that YAML 1.1 reads as a line break (C1 controls, U+2028, U+2029, U+FFFE, U+FFFF).
    fn awkward(&self) -> bool {
        match self.bytes.get(self.position..self.position + 3) {
            Some([0xc2, 0x80..=0x9f, _]) => true,
            Some([0xe2, 0x80, 0xa8 | 0xa9]) => true,
            Some([0xef, 0xbf, 0xbe | 0xbf]) => true,
            _ => matches!(self.bytes.get(self.position..self.position + 2), Some([0xc2, 0x80..=0x9f])),
        }
    }

    /// The character of a `\u` escape (after the `u`), a surrogate pair read whole.
    fn unicode(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.position..self.position + 2) != Some(b"\\u") {
                return None;
            }
            self.position += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return None;
            }
            return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
        }
        char::from_u32(first)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.position..self.position + 4)?;
        self.position += 4;
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number: an integer when it has no fraction or exponent and fits 64 bits (the YAML
    /// parser reads a larger one as a float: left to it), else a finite double.
    fn number(&mut self) -> Option<serde_json::Number> {
        let start = self.position;
        let digits = |reader: &mut Self| {
            let from = reader.position;
            while reader.bytes.get(reader.position).is_some_and(u8::is_ascii_digit) {
                reader.position += 1;
            }
            reader.position > from
        };
        if self.bytes.get(self.position) == Some(&b'-') {
            self.position += 1;
        }
        let integer_start = self.position;
        if !digits(self) {
            return None;
        }
        // JSON has no leading zeros (`01`); YAML may read them otherwise.
        if self.bytes.get(integer_start) == Some(&b'0') && self.position - integer_start > 1 {
            return None;
        }
        let mut float = false;
        if self.bytes.get(self.position) == Some(&b'.') {
            self.position += 1;
            float = true;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.bytes.get(self.position), Some(b'e' | b'E')) {
            self.position += 1;
            float = true;
            if matches!(self.bytes.get(self.position), Some(b'+' | b'-')) {
                self.position += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        if !matches!(self.bytes.get(self.position), None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b'}' | b']')) {
            return None;
        }
        let written = self.text.get(start..self.position)?;
        if float {
            let value: f64 = written.parse().ok()?;
            return serde_json::Number::from_f64(value);
        }
        match written.parse::<u64>() {
            Ok(value) => Some(value.into()),
            Err(_) => written.parse::<i64>().ok().map(Into::into),
        }
    }
}
