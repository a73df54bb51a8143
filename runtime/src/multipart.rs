//! `multipart/form-data` bodies (RFC 7578): an object's properties as parts, files with their bytes, name and media type.

use crate::form::{is_scalar, kind};
use serde::ser::{Error as _, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::cell::RefCell;

/// A file sent as one part of a `multipart/form-data` body: its bytes, the file name the part
/// states (the property's name when none is given) and its media type
/// (`application/octet-stream` when none is given).
///
/// ```
/// # use restgen_runtime::FilePart;
/// let photo = FilePart::new(vec![0x89, b'P', b'N', b'G']).with_file_name("cat.png").with_content_type("image/png");
/// assert_eq!(photo.data().len(), 4);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct FilePart {
    data: bytes::Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes (a `Vec<u8>` is taken without a copy).
    pub fn new(data: impl Into<bytes::Bytes>) -> Self {
        FilePart { data: data.into(), file_name: None, content_type: None }
    }

    /// The file name the part states (`filename=` of its `Content-Disposition`).
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The media type of the part (`Content-Type`, `application/octet-stream` by default).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The bytes.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The file name, if one was given.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type, if one was given.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(data: Vec<u8>) -> Self {
        FilePart::new(data)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(data: &'static [u8]) -> Self {
        FilePart::new(data)
    }
}

impl From<String> for FilePart {
    fn from(text: String) -> Self {
        FilePart::new(text)
    }
}

/// The length, not the bytes: a file may be large, or secret.
impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.data.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

thread_local! {
    /// The files of the multipart body this thread is encoding, while it is one. serde's data
    /// model has no bytes-with-metadata value, so a file serializes as a marker that names its
    /// place here, and the encoder takes the bytes from here (no copy: `Bytes` is shared).
    static COLLECTED: RefCell<Option<Vec<FilePart>>> = const { RefCell::new(None) };
}

/// The one key of the marker object a collected file serializes as (a NUL begins no real name).
const FILE_MARKER: &str = "\u{0}multipart-file";

/// In a multipart body, a marker of the file's place; anywhere else (a JSON body, a user's own
/// serialization) the bytes as a string, if they are UTF-8.
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let place = COLLECTED.with(|collected| {
            collected.borrow_mut().as_mut().map(|files| {
                files.push(self.clone());
                files.len() - 1
            })
        });
        match place {
            Some(place) => {
                let mut marker = serializer.serialize_map(Some(1))?;
                marker.serialize_entry(FILE_MARKER, &place)?;
                marker.end()
            }
            None => match std::str::from_utf8(&self.data) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => {
                    Err(S::Error::custom("a file that is not UTF-8 text is sent only in a `multipart/form-data` body"))
                }
            },
        }
    }
}

/// A file read from JSON (an example, a stored body) is its text.
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(FilePart::new(String::deserialize(deserializer)?))
    }
}

/// Ends the collection of files when the encoding ends, however it ends.
struct Collecting(Option<Vec<FilePart>>);

impl Collecting {
    fn start() -> Self {
        Collecting(COLLECTED.with(|collected| collected.replace(Some(Vec::new()))))
    }

    fn finish(mut self) -> Vec<FilePart> {
        let previous = self.0.take();
        COLLECTED.with(|collected| collected.replace(previous)).unwrap_or_default()
    }
}

impl Drop for Collecting {
    fn drop(&mut self) {
        let previous = self.0.take();
        COLLECTED.with(|collected| collected.replace(previous));
    }
}

/// Encodes the properties of `body` (an object) as `multipart/form-data`; returns the boundary
/// and the body. Each property is a part named after it: a [`FilePart`] as a file, a string as
/// it is, a number or boolean as its JSON text, an array of those as one part per item (files
/// included), an object or an array of objects as JSON (`application/json`, OpenAPI's rule for
/// object properties); `null` is left out. The boundary is random (128 bits), so that no part
/// can contain it but by chance.
pub(crate) fn encode_multipart<T: Serialize + ?Sized>(body: &T) -> Result<(String, Vec<u8>), String> {
    let collecting = Collecting::start();
    // Through JSON text rather than a `Value`, whose map sorts the properties: the parts keep
    // the order of the model's fields (some services want the file last).
    let json = serde_json::to_vec(body);
    let files = collecting.finish();
    let json = json.map_err(|error| error.to_string())?;
    let properties = match serde_json::from_slice::<Properties>(&json).map_err(|error| error.to_string())? {
        Properties::Object(properties) => properties,
        Properties::Other(value) => return Err(format!("a multipart body must be an object, not {}", kind(&value))),
    };
    let boundary = format!("{:032x}", fastrand::u128(..));
    let mut writer = Parts { out: Vec::new(), boundary: &boundary, files: &files };
    for (name, value) in &properties {
        match value {
            Value::Array(items) if items.iter().all(|item| is_scalar(item) || file_place(item).is_some()) => {
                items.iter().try_for_each(|item| writer.part(name, item))?;
            }
            _ => writer.part(name, value)?,
        }
    }
    let mut out = writer.out;
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((boundary, out))
}

/// A JSON object's properties in the order written, or any other value.
enum Properties {
    Object(Vec<(String, Value)>),
    Other(Value),
}

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> serde::de::Visitor<'de> for InOrder {
            type Value = Properties;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Properties, A::Error> {
                let mut properties = Vec::new();
                while let Some(property) = map.next_entry()? {
                    properties.push(property);
                }
                Ok(Properties::Object(properties))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Properties, A::Error> {
                let value = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Properties::Other(value))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Properties, E> {
                Ok(Properties::Other(Value::String(text.to_owned())))
            }
            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Properties, E> {
                Ok(Properties::Other(Value::Bool(value)))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Properties, E> {
                Ok(Properties::Other(value.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Properties, E> {
                Ok(Properties::Other(value.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Properties, E> {
                Ok(Properties::Other(value.into()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Properties, E> {
                Ok(Properties::Other(Value::Null))
            }
        }
        deserializer.deserialize_any(InOrder)
    }
}

/// The place of a collected file, if `value` is its marker.
fn file_place(value: &Value) -> Option<usize> {
    let Value::Object(members) = value else { return None };
    if members.len() != 1 {
        return None;
    }
    members.get(FILE_MARKER)?.as_u64().and_then(|place| usize::try_from(place).ok())
}

struct Parts<'a> {
    out: Vec<u8>,
    boundary: &'a str,
    files: &'a [FilePart],
}

impl Parts<'_> {
    /// One part of `value` named `name` (`null`: none).
    fn part(&mut self, name: &str, value: &Value) -> Result<(), String> {
        if let Some(place) = file_place(value) {
            let file = self.files.get(place).ok_or("a file marker of no file")?;
            let file_name = file.file_name.as_deref().unwrap_or(name);
            let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
            let disposition = format!("; filename=\"{}\"", quoted(file_name));
            self.write(name, &disposition, Some(content_type), &file.data);
            return Ok(());
        }
        match value {
            Value::Null => {}
            Value::String(text) => self.write(name, "", None, text.as_bytes()),
            Value::Bool(_) | Value::Number(_) => self.write(name, "", None, value.to_string().as_bytes()),
            Value::Array(_) | Value::Object(_) => {
                let json = serde_json::to_vec(value).map_err(|error| error.to_string())?;
                self.write(name, "", Some("application/json"), &json);
            }
        }
        Ok(())
    }

    fn write(&mut self, name: &str, disposition: &str, content_type: Option<&str>, data: &[u8]) {
        let mut head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"{disposition}\r\n",
            self.boundary,
            quoted(name)
        );
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        self.out.extend_from_slice(head.as_bytes());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\r\n");
    }
}

/// A name or file name inside the quotes of `Content-Disposition`, as browsers write it (the
/// HTML standard): a quote and line breaks percent-encoded, everything else as it is.
fn quoted(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::{FilePart, encode_multipart};
    use serde_json::json;

    #[derive(serde::Serialize)]
    struct Upload {
        title: &'static str,
        count: u32,
        gone: Option<u32>,
        photo: FilePart,
        scans: Vec<FilePart>,
        meta: serde_json::Value,
    }

    #[test]
    fn parts_in_order_with_files_their_names_and_types() {
        let upload = Upload {
            title: "a \"b\"\r\nc",
            count: 2,
            gone: None,
            photo: FilePart::new(vec![0, 159, 146, 150]).with_file_name("p.png").with_content_type("image/png"),
            scans: vec![FilePart::new(&b"one"[..]), FilePart::new(&b"two"[..])],
            meta: json!({"k": [1]}),
        };
        let (boundary, body) = encode_multipart(&upload).unwrap();
        let mut expected = Vec::new();
        let mut part = |head: &str, data: &[u8]| {
            expected.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n").as_bytes(),
            );
            expected.extend_from_slice(data);
            expected.extend_from_slice(b"\r\n");
        };
        part("name=\"title\"", b"a \"b\"\r\nc");
        part("name=\"count\"", b"2");
        part("name=\"photo\"; filename=\"p.png\"\r\nContent-Type: image/png", &[0, 159, 146, 150]);
        part("name=\"scans\"; filename=\"scans\"\r\nContent-Type: application/octet-stream", b"one");
        part("name=\"scans\"; filename=\"scans\"\r\nContent-Type: application/octet-stream", b"two");
        part("name=\"meta\"\r\nContent-Type: application/json", br#"{"k":[1]}"#);
        expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&expected));
        assert_eq!(boundary.len(), 32);
        // A name is quoted the way browsers quote it.
        let (boundary, body) = encode_multipart(&json!({"we\"ird\r\n": "x"})).unwrap();
        let head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"we%22ird%0D%0A\"\r\n\r\nx\r\n");
        assert!(body.starts_with(head.as_bytes()), "{}", String::from_utf8_lossy(&body));
    }

    /// What an independent parser (multer, which axum uses) reads from the body: every part's
    /// name, file name, media type and bytes.
    #[tokio::test]
    async fn an_independent_parser_reads_every_part() {
        let upload = Upload {
            title: "caf\u{e9} \"quoted\"",
            count: 7,
            gone: None,
            photo: FilePart::new(vec![0, 13, 10, 45, 45, 255]).with_file_name("p.png").with_content_type("image/png"),
            scans: vec![FilePart::new(&b"one"[..]).with_file_name("1.txt"), FilePart::new(&b"two"[..])],
            meta: json!({"k": [1]}),
        };
        let (boundary, body) = encode_multipart(&upload).unwrap();
        let stream = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(bytes::Bytes::from(body))]);
        let mut multipart = multer::Multipart::new(stream, boundary);
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.unwrap() {
            let name = field.name().map(str::to_owned);
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(ToString::to_string);
            parts.push((name, file_name, content_type, field.bytes().await.unwrap().to_vec()));
        }
        let text = |name: &str, data: &[u8]| (Some(name.to_owned()), None, None, data.to_vec());
        let file = |name: &str, file_name: &str, media: &str, data: &[u8]| {
            (Some(name.to_owned()), Some(file_name.to_owned()), Some(media.to_owned()), data.to_vec())
        };
        assert_eq!(
            parts,
            [
                text("title", "caf\u{e9} \"quoted\"".as_bytes()),
                text("count", b"7"),
                file("photo", "p.png", "image/png", &[0, 13, 10, 45, 45, 255]),
                file("scans", "1.txt", "application/octet-stream", b"one"),
                file("scans", "scans", "application/octet-stream", b"two"),
                (Some("meta".to_owned()), None, Some("application/json".to_owned()), br#"{"k":[1]}"#.to_vec()),
            ]
        );
    }

    #[test]
    fn a_file_outside_a_multipart_body_is_its_text_and_collection_ends_on_error() {
        assert_eq!(serde_json::to_value(FilePart::new("hello")).unwrap(), json!("hello"));
        assert!(encode_multipart(&json!(["not", "an", "object"])).unwrap_err().contains("an array"));
        assert!(serde_json::to_value(FilePart::new(vec![0xff])).is_err(), "not UTF-8 and not in a multipart body");
        let read: FilePart = serde_json::from_value(json!("text")).unwrap();
        assert_eq!(read.data(), b"text");
        assert_eq!(format!("{read:?}"), "FilePart { len: 4, file_name: None, content_type: None }");
    }
}
