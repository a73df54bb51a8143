//! Open string enums: every documented value is a variant, and any other value is kept as sent.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A string enum of the spec that keeps values it does not know.
pub trait OpenEnum: Sized {
    /// The variant of a documented value, or `None` for any other.
    fn from_known(value: &str) -> Option<Self>;
    /// The variant that keeps an undocumented value.
    fn from_unknown(value: UnknownValue) -> Self;
    /// The value on the wire.
    fn as_str(&self) -> &str;

    /// The variant of any value: documented values get their variant, others are kept.
    fn from_wire(value: impl AsRef<str> + Into<String>) -> Self {
        Self::from_known(value.as_ref()).unwrap_or_else(|| Self::from_unknown(UnknownValue(value.into())))
    }
}

/// A value the spec did not document when this crate was generated, kept byte for byte.
///
/// It can only be made by reading such a value, so a documented value always gets its own variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads an open enum from a string, borrowing when it can.
pub fn deserialize<'de, D: Deserializer<'de>, T: OpenEnum>(deserializer: D) -> Result<T, D::Error> {
    struct OpenEnumVisitor<T>(PhantomData<T>);
    impl<T: OpenEnum> Visitor<'_> for OpenEnumVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from_known(value).unwrap_or_else(|| T::from_unknown(UnknownValue(value.to_owned()))))
        }
        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from_wire(value))
        }
    }
    deserializer.deserialize_str(OpenEnumVisitor(PhantomData))
}

/// The trait impls every generated open enum shares: [`OpenEnum`](crate::OpenEnum) (from the enum's inherent
/// `from_known` and `as_str`), serde, `Display`, `FromStr` and `From<&str>`.
#[macro_export]
macro_rules! open_enum_impls {
    ($name:ident, $unknown:ident) => {
        impl $crate::OpenEnum for $name {
            fn from_known(value: &str) -> Option<Self> {
                $name::from_known(value)
            }
            fn from_unknown(value: $crate::UnknownValue) -> Self {
                $name::$unknown(value)
            }
            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
        }
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::OpenEnum::as_str(self))
            }
        }
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::open_enum::deserialize(deserializer)
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::OpenEnum::as_str(self))
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok($crate::OpenEnum::from_wire(value))
            }
        }
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::OpenEnum::from_wire(value)
            }
        }
    };
}
