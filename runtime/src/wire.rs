//! Value types for what plain Rust types would lose: `null` versus absent, secrets, exact
//! timestamps and ISO 8601 durations.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// An optional property the service may send as `null`: absent, `null` and a value stay
/// distinct, so a response read and written back is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The property is not there.
    #[default]
    Absent,
    /// The property is `null`.
    Null,
    /// The property has a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, if there is one.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Whether the property is absent (it is then not serialized).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Maps the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Value(value) => Nullable::Value(f(value)),
            Nullable::Null => Nullable::Null,
            Nullable::Absent => Nullable::Absent,
        }
    }
}

impl<T> From<Nullable<T>> for Option<T> {
    fn from(value: Nullable<T>) -> Self {
        value.into_option()
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

/// A secret string (the gateway registration key): kept byte for byte, redacted in `Debug`. A
/// value of another JSON type fails to decode with a message that does not quote it.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Secret(String);

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Accepts a string only; what it refuses is named by its kind, never by its value.
        struct SecretVisitor;
        impl serde::de::Visitor<'_> for SecretVisitor {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string (a secret, whose value is never shown)")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Secret, E> {
                Ok(Secret(value.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Secret, E> {
                Ok(Secret(value))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Secret, E> {
                Err(E::custom("invalid type: a boolean, expected a string (a secret, whose value is never shown)"))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Secret, E> {
                Err(E::custom("invalid type: a number, expected a string (a secret, whose value is never shown)"))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Secret, E> {
                self.visit_i64(0)
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Secret, E> {
                self.visit_i64(0)
            }
        }
        deserializer.deserialize_str(SecretVisitor)
    }
}

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// An RFC 3339 timestamp such as `2018-06-14T14:51:44.9237069Z`.
///
/// The text received is kept, so a timestamp is written back exactly as it was read (the
/// service sends seven fractional digits, and a trailing zero or an offset would otherwise be lost).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    value: OffsetDateTime,
    text: String,
}

impl Timestamp {
    /// Parses RFC 3339 text. Services also send timestamps without an offset
    /// (`2018-06-14T14:51:44.9237069`, `0001-01-01T00:00:00`): those are read as UTC; and with an
    /// offset without its colon (ISO 8601's basic `+0000`, `-0530`). The text is kept as sent,
    /// so each is written back as it came.
    pub fn parse(text: &str) -> Result<Self, time::error::Parse> {
        let value = match OffsetDateTime::parse(text, &Rfc3339) {
            Ok(value) => value,
            Err(error) => {
                let basic_offset = time::macros::format_description!(
                    version = 2,
                    "[year]-[month]-[day][first [T][t]][hour]:[minute]:[second][optional [.[subsecond]]]\
                     [offset_hour sign:mandatory][offset_minute]"
                );
                let local = time::macros::format_description!(
                    version = 2,
                    "[year]-[month]-[day][first [T][t]][hour]:[minute]:[second][optional [.[subsecond]]]"
                );
                match OffsetDateTime::parse(text, &basic_offset) {
                    Ok(value) => value,
                    Err(_) => time::PrimitiveDateTime::parse(text, &local).map_err(|_| error)?.assume_utc(),
                }
            }
        };
        Ok(Timestamp { value, text: text.to_owned() })
    }

    /// The point in time.
    pub fn value(&self) -> OffsetDateTime {
        self.value
    }

    /// The RFC 3339 text, as received or as formatted from an [`OffsetDateTime`].
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl TryFrom<OffsetDateTime> for Timestamp {
    type Error = time::error::Format;
    /// Formats `value` as RFC 3339 (it fails for years outside 0000 to 9999).
    fn try_from(value: OffsetDateTime) -> Result<Self, Self::Error> {
        Ok(Timestamp { value, text: value.format(&Rfc3339)? })
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.text)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text)
            .map_err(|error| serde::de::Error::custom(format_args!("invalid RFC 3339 timestamp {text:?}: {error}")))
    }
}

impl std::str::FromStr for Timestamp {
    type Err = time::error::Parse;
    /// [`Timestamp::parse`], for typed headers.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

/// An HTTP date (`date-time-rfc1123`) such as `Thu, 14 Jun 2018 14:53:22 GMT`, in a body or a
/// header. The obsolete RFC 850 and asctime forms are read too (RFC 9110 says recipients must);
/// the text received is kept and written back as it was.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HttpDate {
    value: OffsetDateTime,
    text: String,
}

/// Text that is not an HTTP date in any of its forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an HTTP date (`Thu, 14 Jun 2018 14:53:22 GMT`)")]
pub struct HttpDateError;

impl HttpDate {
    /// Parses an HTTP date in any of its three forms.
    pub fn parse(text: &str) -> Result<Self, HttpDateError> {
        let value = parse_http_date(text.trim()).ok_or(HttpDateError)?;
        Ok(HttpDate { value, text: text.to_owned() })
    }

    /// The point in time (UTC).
    pub fn value(&self) -> OffsetDateTime {
        self.value
    }

    /// The text, as received or as formatted from an [`OffsetDateTime`].
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl TryFrom<OffsetDateTime> for HttpDate {
    type Error = time::error::Format;
    /// Formats `value` (in UTC) as `Thu, 14 Jun 2018 14:53:22 GMT`.
    fn try_from(value: OffsetDateTime) -> Result<Self, Self::Error> {
        let format = time::macros::format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        );
        let value = value.to_offset(time::UtcOffset::UTC);
        Ok(HttpDate { value, text: value.format(&format)? })
    }
}

impl fmt::Debug for HttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HttpDate({})", self.text)
    }
}

impl fmt::Display for HttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for HttpDate {
    type Err = HttpDateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        HttpDate::parse(text)
    }
}

impl Serialize for HttpDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for HttpDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        HttpDate::parse(&text).map_err(|error| serde::de::Error::custom(format_args!("invalid date {text:?}: {error}")))
    }
}

/// An HTTP date in any of the three forms RFC 9110 lists (section 5.6.7), as UTC.
pub(crate) fn parse_http_date(value: &str) -> Option<OffsetDateTime> {
    use time::macros::format_description;
    let imf = format_description!("[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT");
    let asctime = format_description!(
        "[weekday repr:short] [month repr:short] [day padding:space] [hour]:[minute]:[second] [year]"
    );
    let date = time::PrimitiveDateTime::parse(value, &imf)
        .or_else(|_| time::PrimitiveDateTime::parse(value, &asctime))
        .ok()
        .or_else(|| parse_rfc850(value))?;
    Some(date.assume_utc())
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`. The two-digit year is read as RFC 9110 says: one that
/// would be more than 50 years in the future is in the past century.
fn parse_rfc850(value: &str) -> Option<time::PrimitiveDateTime> {
    use time::macros::format_description;
    let (weekday, rest) = value.split_once(", ")?;
    let rest = rest.strip_suffix(" GMT")?;
    let (date, clock) = rest.split_once(' ')?;
    let mut parts = date.split('-');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 2 || !year.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let two_digits: i32 = year.parse().ok()?;
    let this_year = OffsetDateTime::now_utc().year();
    let mut full_year = this_year - this_year.rem_euclid(100) + two_digits;
    if full_year > this_year + 50 {
        full_year -= 100;
    }
    let text = format!("{weekday}, {day} {month} {full_year} {clock}");
    let format = format_description!("[weekday repr:long], [day] [month repr:short] [year] [hour]:[minute]:[second]");
    time::PrimitiveDateTime::parse(&text, &format).ok()
}

/// An ISO 8601 duration such as `PT3H`, kept as sent; [`IsoDuration::to_std`] converts it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IsoDuration(String);

/// Why an [`IsoDuration`] has no [`std::time::Duration`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot convert the ISO 8601 duration {text:?}: {reason}")]
pub struct DurationError {
    text: String,
    reason: &'static str,
}

impl IsoDuration {
    /// Wraps duration text (it is checked only by [`IsoDuration::to_std`]).
    pub fn new(text: impl Into<String>) -> Self {
        IsoDuration(text.into())
    }

    /// The text, as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The length of a non-negative duration (see [`IsoDuration::to_signed`] for the forms read).
    pub fn to_std(&self) -> Result<std::time::Duration, DurationError> {
        let (negative, seconds) = self.parse()?;
        if negative && seconds != 0.0 {
            return Err(self.error("a negative duration has no `std::time::Duration`"));
        }
        std::time::Duration::try_from_secs_f64(seconds).map_err(|_| self.error("it is too long"))
    }

    /// The signed length of `PnDTnHnMnS` and `PnW` durations, with an optional leading `-`
    /// (time zone offsets such as `-PT5H`). Years and months have no fixed length: they are errors.
    pub fn to_signed(&self) -> Result<time::Duration, DurationError> {
        let (negative, seconds) = self.parse()?;
        let length = time::Duration::checked_seconds_f64(seconds).ok_or_else(|| self.error("it is too long"))?;
        Ok(if negative { -length } else { length })
    }

    fn error(&self, reason: &'static str) -> DurationError {
        DurationError { text: self.0.clone(), reason }
    }

    /// The sign and the number of seconds.
    fn parse(&self) -> Result<(bool, f64), DurationError> {
        let (negative, text) = match self.0.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.0.as_str()),
        };
        let rest = text.strip_prefix('P').ok_or_else(|| self.error("it must start with `P` (or `-P`)"))?;
        let (date, time) = match rest.split_once('T') {
            Some((_, "")) => return Err(self.error("`T` must be followed by a time")),
            Some((date, time)) => (date, time),
            None => (rest, ""),
        };
        if date.is_empty() && time.is_empty() {
            return Err(self.error("it has no components"));
        }
        const DATE_UNITS: &[(char, f64)] = &[('W', 604_800.0), ('D', 86_400.0), ('Y', f64::NAN), ('M', f64::NAN)];
        const TIME_UNITS: &[(char, f64)] = &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)];
        let mut seconds = 0f64;
        for (part, units) in [(date, DATE_UNITS), (time, TIME_UNITS)] {
            let mut number = String::new();
            for c in part.chars() {
                if c.is_ascii_digit() || c == '.' || c == ',' {
                    number.push(if c == ',' { '.' } else { c });
                    continue;
                }
                let (_, scale) = units
                    .iter()
                    .find(|(unit, _)| *unit == c)
                    .ok_or_else(|| self.error("it has an unknown designator"))?;
                if scale.is_nan() {
                    return Err(self.error("years and months have no fixed length"));
                }
                let value: f64 = number.parse().map_err(|_| self.error("a designator must follow a number"))?;
                seconds += value * scale;
                number.clear();
            }
            if !number.is_empty() {
                return Err(self.error("a number must be followed by a designator"));
            }
        }
        Ok((negative, seconds))
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
