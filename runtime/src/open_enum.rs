//! Open enums of strings or integers: every documented value is a variant, and any other value is
//! kept as sent.

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

/// An integer enum of the spec that keeps values it does not know.
pub trait OpenIntegerEnum: Sized + Copy {
    /// The variant of a documented value, or `None` for any other.
    fn from_known(value: i64) -> Option<Self>;
    /// The variant that keeps an undocumented value.
    fn from_unknown(value: UnknownInteger) -> Self;
    /// The value on the wire.
    fn value(self) -> i64;

    /// The variant of any value: documented values get their variant, others are kept.
    fn from_wire(value: i64) -> Self {
        Self::from_known(value).unwrap_or_else(|| Self::from_unknown(UnknownInteger(value)))
    }
}

/// An integer the spec did not document when this crate was generated.
///
/// It can only be made by reading such a value (or by `From<i64>` on the enum), so a documented
/// value always gets its own variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownInteger(i64);

impl UnknownInteger {
    /// The value as sent.
    pub fn value(self) -> i64 {
        self.0
    }
}

/// Reads an open integer enum from any number without a fraction (`8.0` as `8`, as integer
/// properties are read).
pub fn deserialize_integer<'de, D: Deserializer<'de>, T: OpenIntegerEnum>(deserializer: D) -> Result<T, D::Error> {
    use crate::object::{Integral, Widened};
    use serde::Deserialize;
    Integral::<i64>::deserialize(deserializer).map(|value| T::from_wire(value.narrow()))
}

/// The trait impls every generated open integer enum shares:
/// [`OpenIntegerEnum`](crate::OpenIntegerEnum) (from the enum's inherent `from_known` and
/// `value`), serde (as a JSON number), `Display`, `From<i64>` and `From<Enum> for i64`.
#[macro_export]
macro_rules! open_integer_enum_impls {
    ($name:ident, $unknown:ident) => {
        impl $crate::OpenIntegerEnum for $name {
            fn from_known(value: i64) -> Option<Self> {
                $name::from_known(value)
            }
            fn from_unknown(value: $crate::UnknownInteger) -> Self {
                $name::$unknown(value)
            }
            fn value(self) -> i64 {
                $name::value(self)
            }
        }
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64($name::value(*self))
            }
        }
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::open_enum::deserialize_integer(deserializer)
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&$name::value(*self), f)
            }
        }
        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                $crate::OpenIntegerEnum::from_wire(value)
            }
        }
        impl From<$name> for i64 {
            fn from(value: $name) -> Self {
                $name::value(value)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{OpenIntegerEnum, UnknownInteger};

    /// As the generator writes an integer enum.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    enum BlockSize {
        V512,
        VMinus1,
        Unknown(UnknownInteger),
    }

    impl BlockSize {
        fn value(self) -> i64 {
            match self {
                Self::V512 => 512,
                Self::VMinus1 => -1,
                Self::Unknown(value) => value.value(),
            }
        }
        fn from_known(value: i64) -> Option<Self> {
            Some(match value {
                512 => Self::V512,
                -1 => Self::VMinus1,
                _ => return None,
            })
        }
    }

    crate::open_integer_enum_impls!(BlockSize, Unknown);

    #[test]
    fn integer_enums_read_documented_values_as_variants_and_keep_others() {
        let read: Vec<BlockSize> = serde_json::from_str("[512, -1, 4096]").unwrap();
        assert_eq!(read[..2], [BlockSize::V512, BlockSize::VMinus1]);
        assert!(matches!(read[2], BlockSize::Unknown(value) if value.value() == 4096));
        assert_eq!(serde_json::to_string(&read).unwrap(), "[512,-1,4096]");
        assert_eq!(BlockSize::from(512), BlockSize::V512, "a documented value always gets its variant");
        assert_eq!(i64::from(BlockSize::from_wire(7)), 7);
        assert_eq!(BlockSize::VMinus1.to_string(), "-1");
    }

    #[test]
    fn integer_enums_refuse_what_is_not_an_integer() {
        assert_eq!(
            serde_json::from_str::<BlockSize>("512.0").unwrap(),
            BlockSize::V512,
            "as integer properties are read"
        );
        for text in ["\"512\"", "512.5", "18446744073709551615", "null"] {
            let error = serde_json::from_str::<BlockSize>(text).unwrap_err().to_string();
            assert!(error.contains("invalid"), "{text}: {error}");
        }
    }
}
