//! JSON objects to and from generated structs: the shared steps of their `Deserialize` and `Serialize`.
//!
//! Generated structs read their object with one `visit_map` that matches keys into locals and
//! calls these functions, instead of serde's derive: an array is not accepted as an object, a
//! key that appears twice is an error, and unknown properties are kept as the exact JSON text
//! received ([`RawJson`]), numbers of any size included. They write it with an [`ObjectWriter`],
//! one call per property. Both keep each struct's code a straight list of calls: serde's
//! derives expand to several times as much, and that code is what a build of the crate spends
//! its time on (BENCHMARKS.md).

use crate::Nullable;
use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A JSON value kept exactly as received (a number keeps every digit), and written back so.
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The JSON text of `value`.
    pub fn from_value<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(RawJson)
    }

    /// Reads the value as `T` (as a `serde_json::Value`, say; that one stores a number as an
    /// `f64` or a 64-bit integer, so digits beyond those are lost there, not here).
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.get())
    }
}

impl PartialEq for RawJson {
    /// Equal when the texts are equal.
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    /// Works with `serde_json`'s readers (text, `Value`); other formats cannot keep raw JSON.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(RawJson)
    }
}

/// The properties of an object that its struct does not know, by name, each as received.
pub type AdditionalProperties = BTreeMap<String, RawJson>;

/// An object key, borrowed from the input where it has no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text, escapes decoded.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }
            fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }
            fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A generated struct's reading of its object's properties (its `visit_map`); the rest of its
/// `Deserialize` is [`deserialize`], shared, so each struct has one function, not a visitor type.
#[doc(hidden)]
pub trait Object: Sized {
    /// The struct's name, for "expected a `Name` object".
    const NAME: &'static str;

    /// Reads the object's properties.
    fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The `Deserialize` of every generated struct: an object, read by the struct's [`Object`].
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a `{}` object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_map(map)
    }
}

/// Reads the value of a known property into its slot; a second value is an error.
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    vacant(slot, name)?;
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The error for a property's second value.
fn vacant<T, E: Error>(slot: &Option<T>, name: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(name)),
        None => Ok(()),
    }
}

/// As [`field`], for a property whose JSON form is wider than its Rust type: read as `W`, kept as
/// its [`Widened::narrow`] (an integer property read as [`Integral`], so `8.0` is `8`).
pub fn field_as<'de, W: Deserialize<'de> + Widened<T>, A: MapAccess<'de>, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    vacant(slot, name)?;
    *slot = Some(map.next_value::<W>()?.narrow());
    Ok(())
}

/// The JSON form of a Rust type that accepts more than the type's own `Deserialize` does.
pub trait Widened<T> {
    /// The Rust value.
    fn narrow(self) -> T;
}

/// An integer as JSON Schema counts them: any number without a fraction, so `8`, `8.0` and
/// `8e0` but not `8.5`. (Services that keep numbers as doubles write `8.0`; serde's integers
/// refuse it.) A value out of the type's range is an error, as for the type itself.
pub struct Integral<T>(T);

impl<T> Widened<T> for Integral<T> {
    fn narrow(self) -> T {
        self.0
    }
}

impl<T, W: Widened<T>> Widened<Option<T>> for Option<W> {
    fn narrow(self) -> Option<T> {
        self.map(W::narrow)
    }
}

impl<T, W: Widened<T>> Widened<Nullable<T>> for Nullable<W> {
    fn narrow(self) -> Nullable<T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value.narrow()),
        }
    }
}

impl<T, W: Widened<T>> Widened<Vec<T>> for Vec<W> {
    fn narrow(self) -> Vec<T> {
        self.into_iter().map(W::narrow).collect()
    }
}

impl<T, W: Widened<T>> Widened<BTreeMap<String, T>> for BTreeMap<String, W> {
    fn narrow(self) -> BTreeMap<String, T> {
        self.into_iter().map(|(key, value)| (key, value.narrow())).collect()
    }
}

impl<'de, T: TryFrom<i64> + TryFrom<u64>> Deserialize<'de> for Integral<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntegralVisitor<T>(std::marker::PhantomData<T>);
        impl<T: TryFrom<i64> + TryFrom<u64>> Visitor<'_> for IntegralVisitor<T> {
            type Value = Integral<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "an integer of {}", std::any::type_name::<T>())
            }
            fn visit_i64<E: Error>(self, value: i64) -> Result<Integral<T>, E> {
                T::try_from(value)
                    .map(Integral)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(value), &self))
            }
            fn visit_u64<E: Error>(self, value: u64) -> Result<Integral<T>, E> {
                T::try_from(value)
                    .map(Integral)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(value), &self))
            }
            fn visit_f64<E: Error>(self, value: f64) -> Result<Integral<T>, E> {
                // Exact bounds: -2^63 and 2^64 are doubles; every double between them without
                // a fraction is an `i64` or a `u64`.
                const MIN: f64 = -9_223_372_036_854_775_808.0;
                const MAX_EXCLUSIVE: f64 = 18_446_744_073_709_551_616.0;
                if value.fract() != 0.0 || !(MIN..MAX_EXCLUSIVE).contains(&value) {
                    return Err(E::invalid_type(serde::de::Unexpected::Float(value), &self));
                }
                if value < 0.0 { self.visit_i64(value as i64) } else { self.visit_u64(value as u64) }
            }
        }
        deserializer.deserialize_i64(IntegralVisitor(std::marker::PhantomData))
    }
}

/// The optional properties of a struct that were received as `null`. Its field of such a
/// property is `None`, as for an absent one; this remembers the difference, so that a value read
/// and written back (a GET, then a PUT of it) sends the same `null`. Setting the field to a
/// value takes precedence.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ReceivedNulls(Vec<&'static str>);

impl ReceivedNulls {
    /// Whether the property `key` was received as `null`.
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(&key)
    }

    /// Notes the property `name` if its slot was read as `null`.
    fn note<T>(&mut self, slot: &Option<Option<T>>, name: &'static str) {
        if matches!(slot, Some(None)) {
            self.0.push(name);
        }
    }
}

impl fmt::Debug for ReceivedNulls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

/// Reads the value of a known optional property into its slot, noting a `null` in `nulls`; a
/// second value is an error.
pub fn optional_field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
    nulls: &mut ReceivedNulls,
) -> Result<(), A::Error> {
    field(map, slot, name)?;
    nulls.note(slot, name);
    Ok(())
}

/// As [`optional_field`], for a property read as `W` (see [`field_as`]).
pub fn optional_field_as<'de, W: Deserialize<'de> + Widened<T>, A: MapAccess<'de>, T>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
    nulls: &mut ReceivedNulls,
) -> Result<(), A::Error> {
    field_as::<Option<W>, A, Option<T>>(map, slot, name)?;
    nulls.note(slot, name);
    Ok(())
}

/// Keeps the value of an unknown property; a second value is an error.
pub fn extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    extras: &mut AdditionalProperties,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value: RawJson = map.next_value()?;
    match extras.entry(key.0.into_owned()) {
        std::collections::btree_map::Entry::Vacant(entry) => {
            entry.insert(value);
            Ok(())
        }
        std::collections::btree_map::Entry::Occupied(entry) => {
            Err(A::Error::custom(format_args!("duplicate field `{}`", entry.key())))
        }
    }
}

/// The value of a required property, or the error that it is missing.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Writes a generated struct as an object, one call per property. The first error is kept and
/// returned by [`end`](ObjectWriter::end); the calls after it do nothing. (So a struct's
/// `Serialize` needs no `?` per property, which is most of what the derive's expansion costs.)
pub struct ObjectWriter<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> ObjectWriter<M> {
    /// Starts the object.
    pub fn start<S>(serializer: S) -> Result<Self, S::Error>
    where
        S: Serializer<SerializeMap = M, Error = M::Error>,
    {
        Ok(ObjectWriter { map: serializer.serialize_map(None)?, error: None })
    }

    /// Writes one entry, unless an earlier one failed.
    fn entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(&mut self, key: &K, value: &V) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(key, value).err();
        }
    }

    /// Writes a property that is always present.
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// Writes an optional property: its value, or `null` when it is `None` and was received
    /// as `null`, or nothing.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>, nulls: &ReceivedNulls) {
        if value.is_some() || nulls.contains(key) {
            self.field(key, value);
        }
    }

    /// Writes a nullable property (its value or `null`), or nothing when it is absent.
    pub fn nullable<T: Serialize>(&mut self, key: &'static str, value: &Nullable<T>) {
        if !value.is_absent() {
            self.field(key, value);
        }
    }

    /// Writes the properties the struct does not know, as they were received.
    pub fn extras(&mut self, extras: &AdditionalProperties) {
        for (key, value) in extras {
            self.entry(key, value);
        }
    }

    /// Ends the object, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Integral;

    fn read<T: TryFrom<i64> + TryFrom<u64>>(json: &str) -> Result<T, String> {
        serde_json::from_str::<Integral<T>>(json).map(|value| value.0).map_err(|e| e.to_string())
    }

    #[test]
    fn a_number_without_a_fraction_is_an_integer() {
        assert_eq!(read::<i32>("8"), Ok(8));
        assert_eq!(read::<i32>("8.0"), Ok(8));
        assert_eq!(read::<i32>("8e0"), Ok(8));
        assert_eq!(read::<i64>("-3.0"), Ok(-3));
        assert_eq!(read::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(read::<i64>("-9223372036854775808.0"), Ok(i64::MIN));
    }

    #[test]
    fn a_fraction_a_value_out_of_range_or_a_string_is_an_error() {
        assert!(read::<i32>("8.5").unwrap_err().contains("floating point `8.5`"));
        assert!(read::<i32>("2147483648").unwrap_err().contains("an integer of i32"));
        assert!(read::<i32>("2147483648.0").unwrap_err().contains("an integer of i32"));
        assert!(read::<u32>("-1").unwrap_err().contains("integer `-1`"));
        assert!(read::<i64>("1e19").is_err());
        assert!(read::<i64>("\"8\"").is_err());
    }
}
