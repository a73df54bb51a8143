//! A JSON or YAML document as a tree whose every node and key keeps its line and column.

use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;

/// Where a node or key starts: line and column, 1-based, the column counted in characters (as
/// the YAML parser counts them). Small and `Copy`; a [`Location`] is made only where the spec
/// model needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct At {
    line: u32,
    column: u32,
}

impl At {
    /// No position (line 0).
    pub const ZERO: At = At { line: 0, column: 0 };

    pub fn new(line: u32, column: u32) -> At {
        At { line, column }
    }

    pub fn line(self) -> u64 {
        u64::from(self.line)
    }

    pub fn column(self) -> u64 {
        u64::from(self.column)
    }

    /// The position as the YAML parser's [`Location`] (no span), for spec model values.
    pub fn location(self) -> Location {
        // `Location` has no public constructor; its own `Deserialize` builds one from the two
        // numbers, which cannot fail.
        Location::deserialize(LocationParts { at: self, step: 0 }).unwrap_or(Location::UNKNOWN)
    }
}

impl From<Location> for At {
    fn from(location: Location) -> At {
        let clamp = |value: u64| u32::try_from(value).unwrap_or(u32::MAX);
        At { line: clamp(location.line()), column: clamp(location.column()) }
    }
}

/// One value of a document and where it starts.
#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub at: At,
}

/// A key of an object and where it is written.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub at: At,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    /// Members in document order (duplicate keys are refused by the parsers).
    Object(Members),
}

/// The members of an object in document order; large objects (`definitions`, `paths`) also
/// have an index by key, so that looking a member up does not scan them all.
#[derive(Debug, Clone, Default)]
pub struct Members {
    list: Vec<(Key, Node)>,
    index: Option<HashMap<String, usize>>,
}

/// Objects with more members than this get an index; smaller ones are scanned.
const INDEXED_FROM: usize = 12;

impl Members {
    /// The members, or the first key written twice.
    pub fn new(list: Vec<(Key, Node)>) -> Result<Members, Key> {
        if list.len() <= INDEXED_FROM {
            for (position, (key, _)) in list.iter().enumerate() {
                if list[..position].iter().any(|(known, _)| known.name == key.name) {
                    return Err(key.clone());
                }
            }
            return Ok(Members { list, index: None });
        }
        let mut index = HashMap::with_capacity(list.len());
        for (position, (key, _)) in list.iter().enumerate() {
            if index.insert(key.name.clone(), position).is_some() {
                return Err(key.clone());
            }
        }
        Ok(Members { list, index: Some(index) })
    }

    /// The value of member `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.index {
            Some(index) => index.get(key).map(|&position| &self.list[position].1),
            None => self.list.iter().find(|(name, _)| name.name == key).map(|(_, node)| node),
        }
    }
}

impl<'a> IntoIterator for &'a Members {
    type Item = &'a (Key, Node);
    type IntoIter = std::slice::Iter<'a, (Key, Node)>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl Deref for Members {
    type Target = [(Key, Node)];

    fn deref(&self) -> &[(Key, Node)] {
        &self.list
    }
}

impl Node {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.get(key),
            _ => None,
        }
    }

    /// The members of an object; none for any other value.
    pub fn members(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }

    /// The items of an array; none for any other value.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_u32(&self) -> Option<u32> {
        match &self.value {
            Value::Number(number) => number.as_u64().and_then(|n| u32::try_from(n).ok()),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Number(number) => number.as_i64(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// The member `key` as a string.
    pub fn str_of(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// The member `key` as a boolean (absent or not a boolean: `false`).
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).and_then(Node::as_bool).unwrap_or(false)
    }

    /// The node at a JSON pointer (`/definitions/Foo`, RFC 6901 escapes), from this node.
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for token in pointer.split('/').skip(1) {
            let token = unescape(token);
            node = match &node.value {
                Value::Object(members) => members.get(&token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The value as JSON (positions dropped), for examples and defaults.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(flag) => serde_json::Value::Bool(*flag),
            Value::Number(number) => serde_json::Value::Number(number.clone()),
            Value::String(text) => serde_json::Value::String(text.clone()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            Value::Object(members) => serde_json::Value::Object(
                members.iter().map(|(key, node)| (key.name.clone(), node.to_json())).collect(),
            ),
        }
    }

    /// The JSON pointer of the key or value written at `line:column`, searched from this node.
    pub fn pointer_at(&self, line: u64, column: u64) -> Option<String> {
        let mut path = Vec::new();
        self.find(line, column, &mut path).then(|| pointer(&path))
    }

    fn find(&self, line: u64, column: u64, path: &mut Vec<String>) -> bool {
        if self.at.line() == line && self.at.column() == column {
            return true;
        }
        match &self.value {
            Value::Object(members) => {
                for (key, node) in members {
                    path.push(key.name.clone());
                    if (key.at.line() == line && key.at.column() == column) || node.find(line, column, path) {
                        return true;
                    }
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, node) in items.iter().enumerate() {
                    path.push(index.to_string());
                    if node.find(line, column, path) {
                        return true;
                    }
                    path.pop();
                }
            }
            _ => {}
        }
        false
    }
}

/// A JSON pointer from its tokens, escaped as RFC 6901 says (`~0`, `~1`).
pub fn pointer<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut text = String::from("#");
    for token in tokens {
        text.push('/');
        text.push_str(&escape(token.as_ref()));
    }
    text
}

/// One pointer token, escaped.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// One pointer token as written, unescaped (borrowed when it has no escapes).
pub fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') { token.replace("~1", "/").replace("~0", "~").into() } else { token.into() }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node { value: spanned.value, at: spanned.referenced.into() })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        // NaN and infinities (YAML `.nan`, `.inf`) have no JSON form: kept as text.
        Ok(serde_json::Number::from_f64(value).map_or_else(|| Value::String(value.to_string()), Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let node = map.next_value::<Node>()?;
            members.push((Key { name: key.value, at: key.referenced.into() }, node));
        }
        // The YAML parser refuses duplicate keys itself; this is a second guard.
        Members::new(members)
            .map(Value::Object)
            .map_err(|key| de::Error::custom(format!("duplicate mapping key: {}", key.name)))
    }
}

/// A map of `line` and `column`, the input [`At::location`] gives `Location`'s `Deserialize`.
struct LocationParts {
    at: At,
    step: u8,
}

impl<'de> Deserializer<'de> for LocationParts {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> MapAccess<'de> for LocationParts {
    type Error = de::value::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        let key = match self.step {
            0 => "line",
            1 => "column",
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        let value = if self.step == 0 { self.at.line } else { self.at.column };
        self.step += 1;
        seed.deserialize(value.into_deserializer())
    }
}
