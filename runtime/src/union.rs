//! Discriminated unions: read the discriminator first, then the variant it names, so an error
//! inside a known variant names the field that failed.

use super::object::Key;
use serde::de::value::MapDeserializer;
use serde::de::{DeserializeOwned, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;

/// How a variant's error names its inner path (`at `path`: message`); [`join_nested_path`]
/// appends that path to the outer one.
const NESTED_START: &str = "at `";
const NESTED_END: &str = "`: ";

/// A JSON object whose discriminator has been read; generated `Deserialize` impls match on its tag.
///
/// The properties are kept as raw JSON text, so a variant reads them exactly as sent (numbers
/// of any size included). A key that appears twice is an error, the discriminator included.
#[derive(Debug)]
pub struct TaggedObject {
    tag_name: &'static str,
    tag: String,
    properties: BTreeMap<String, Box<RawValue>>,
}

impl TaggedObject {
    /// Reads an object and its string discriminator `tag_name`.
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D, tag_name: &'static str) -> Result<Self, D::Error> {
        let properties = deserializer.deserialize_map(PropertiesVisitor)?;
        let tag = match properties.get(tag_name).map(|raw| raw.get()) {
            Some(raw) if raw.starts_with('"') => serde_json::from_str(raw).map_err(D::Error::custom)?,
            // Named by its kind only: the value could be anything, a secret included.
            Some(raw) => {
                return Err(D::Error::custom(format_args!("`{tag_name}` must be a string, found {}", kind(raw))));
            }
            None => return Err(D::Error::missing_field(tag_name)),
        };
        Ok(TaggedObject { tag_name, tag, properties })
    }

    /// The discriminator's value.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Reads a known variant, whose type holds every property but the discriminator.
    pub fn into_variant<T: DeserializeOwned, E: serde::de::Error>(mut self) -> Result<T, E> {
        self.properties.remove(self.tag_name);
        from_properties(&self.properties)
    }

    /// Reads the fallback variant, whose type keeps the discriminator and every other property.
    pub fn into_unknown<T: DeserializeOwned, E: serde::de::Error>(self) -> Result<T, E> {
        from_properties(&self.properties)
    }
}

/// The kind of a JSON value, from its text.
fn kind(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        _ => "a number",
    }
}

/// Reads an object's properties as raw JSON; a repeated key is an error.
struct PropertiesVisitor;

impl<'de> Visitor<'de> for PropertiesVisitor {
    type Value = BTreeMap<String, Box<RawValue>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut properties = BTreeMap::new();
        while let Some(key) = map.next_key::<Key>()? {
            let value: Box<RawValue> = map.next_value()?;
            if properties.insert(key.as_str().to_owned(), value).is_some() {
                return Err(A::Error::custom(format_args!("duplicate field `{}`", key.as_str())));
            }
        }
        Ok(properties)
    }
}

thread_local! {
    /// Set while [`crate::decode_json`] re-reads a body that failed, to find where.
    static TRACKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` with variants tracking their inner paths (see [`join_nested_path`]).
pub(crate) fn tracking_paths<R>(read: impl FnOnce() -> R) -> R {
    /// Restores the flag even if `read` unwinds.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            TRACKING.with(|tracking| tracking.set(self.0));
        }
    }
    let _restore = Restore(TRACKING.with(|tracking| tracking.replace(true)));
    read()
}

fn from_properties<T: DeserializeOwned, E: serde::de::Error>(
    properties: &BTreeMap<String, Box<RawValue>>,
) -> Result<T, E> {
    let object =
        MapDeserializer::<_, serde_json::Error>::new(properties.iter().map(|(key, value)| (key.as_str(), &**value)));
    if !TRACKING.with(std::cell::Cell::get) {
        return T::deserialize(object).map_err(E::custom);
    }
    serde_path_to_error::deserialize(object).map_err(|error| {
        let path = error.path().to_string();
        E::custom(format_args!("{NESTED_START}{path}{NESTED_END}{}", error.into_inner()))
    })
}

/// Joins an outer path (`properties`) and the inner path a variant reported in `message`
/// (`typeProperties.nodes[0]`) into one (`properties.typeProperties.nodes[0]`), recursively.
pub(crate) fn join_nested_path(outer: &str, mut message: String) -> (String, String) {
    let mut path = if outer == "." { String::new() } else { outer.to_owned() };
    while let Some(rest) = message.strip_prefix(NESTED_START) {
        let Some((inner, tail)) = rest.split_once(NESTED_END) else { break };
        if inner != "." {
            if !path.is_empty() && !inner.starts_with('[') {
                path.push('.');
            }
            path.push_str(inner);
        }
        message = tail.to_owned();
    }
    if path.is_empty() {
        path.push('.');
    }
    (path, message)
}
