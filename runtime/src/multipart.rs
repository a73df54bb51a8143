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

/// A file read from JSON (an example, a stored body) is its text; in a multipart body a server
/// reads, the part the marker names.
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct File;
        impl<'de> serde::de::Visitor<'de> for File {
            type Value = FilePart;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a file (its text, or a part of a multipart body)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<FilePart, E> {
                Ok(FilePart::new(text.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<FilePart, E> {
                Ok(FilePart::new(text))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<FilePart, A::Error> {
                use serde::de::Error as _;
                let marker = map.next_entry::<String, usize>()?;
                let received = marker.filter(|(key, _)| key == FILE_MARKER).and_then(|(_, place)| {
                    RECEIVED.with(|received| received.borrow().as_ref().and_then(|files| files.get(place).cloned()))
                });
                received.ok_or_else(|| A::Error::custom("an object where a file belongs"))
            }
        }
        deserializer.deserialize_any(File)
    }
}

thread_local! {
    /// The files of the multipart body this thread is reading, while it is one: the markers in
    /// the object being read name their places here.
    static RECEIVED: RefCell<Option<Vec<FilePart>>> = const { RefCell::new(None) };
}

/// The files of one body being encoded ([`COLLECTED`]) or read ([`RECEIVED`]) on this thread,
/// put back as they were when the work ends, however it ends.
struct FilesInScope {
    files: &'static std::thread::LocalKey<RefCell<Option<Vec<FilePart>>>>,
    previous: Option<Vec<FilePart>>,
}

impl FilesInScope {
    fn enter(files: &'static std::thread::LocalKey<RefCell<Option<Vec<FilePart>>>>, start: Vec<FilePart>) -> Self {
        FilesInScope { files, previous: files.with(|files| files.replace(Some(start))) }
    }

    /// Ends the scope, with the files it holds.
    fn finish(mut self) -> Vec<FilePart> {
        let previous = self.previous.take();
        self.files.with(|files| files.replace(previous)).unwrap_or_default()
    }
}

impl Drop for FilesInScope {
    fn drop(&mut self) {
        let previous = self.previous.take();
        self.files.with(|files| files.replace(previous));
    }
}

/// Encodes the properties of `body` (an object) as `multipart/form-data`; returns the boundary
/// and the body. Each property is a part named after it: a [`FilePart`] as a file, a string as
/// it is, a number or boolean as its JSON text, an array of those as one part per item (files
/// included), an object or an array of objects as JSON (`application/json`, OpenAPI's rule for
/// object properties); `null` is left out. The boundary is random (128 bits), so that no part
/// can contain it but by chance.
pub(crate) fn encode_multipart<T: Serialize + ?Sized>(body: &T) -> Result<(String, Vec<u8>), String> {
    let collecting = FilesInScope::enter(&COLLECTED, Vec::new());
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

/// Reads a `multipart/form-data` body, as [`encode_multipart`] writes it, back into `T`: each
/// part is the property it names (a repeated name, or one `shape` says is an array, gathers its
/// parts in order); a part with a file name, or one `shape` says is a file (`"f"`), is a
/// [`FilePart`] with its bytes, name and media type; an `application/json` part is its JSON;
/// any other part is text, read as the scalar `shape` says (see [`crate::decode_form`]). An error
/// names the part, or the place in `T`.
#[cfg(feature = "server")]
pub(crate) fn decode_multipart<T: serde::de::DeserializeOwned>(
    body: &[u8],
    boundary: &str,
    shape: &Value,
) -> Result<T, String> {
    let mut files = Vec::new();
    let mut object = serde_json::Map::new();
    for part in split_parts(body, boundary)? {
        let field_shape = crate::form::member_shape(shape, &part.name);
        let (repeated, item_shape) = match field_shape {
            Value::Array(items) => (true, items.first().unwrap_or(&Value::Null)),
            other => (false, other),
        };
        let media = part.content_type.as_deref().map(|media| media.split(';').next().unwrap_or_default().trim());
        let value = if part.file_name.is_some() || item_shape == "f" {
            let mut file = FilePart::new(part.data.to_vec());
            file.file_name = part.file_name;
            file.content_type = part.content_type;
            files.push(file);
            serde_json::json!({ FILE_MARKER: files.len() - 1 })
        } else if media.is_some_and(|media| media.eq_ignore_ascii_case("application/json")) {
            serde_json::from_slice(part.data)
                .map_err(|error| format!("the part `{}` is not JSON: {error}", part.name))?
        } else {
            let text = String::from_utf8(part.data.to_vec())
                .map_err(|_| format!("the part `{}` is not UTF-8 text", part.name))?;
            crate::form::scalar(item_shape, text)
        };
        let slot = object.entry(part.name);
        match (repeated, slot) {
            (_, serde_json::map::Entry::Occupied(mut taken)) => match taken.get_mut() {
                Value::Array(items) => items.push(value),
                earlier => *earlier = Value::Array(vec![earlier.take(), value]),
            },
            (true, serde_json::map::Entry::Vacant(free)) => {
                free.insert(Value::Array(vec![value]));
            }
            (false, serde_json::map::Entry::Vacant(free)) => {
                free.insert(value);
            }
        }
    }
    let _received = FilesInScope::enter(&RECEIVED, files);
    serde_path_to_error::deserialize(Value::Object(object))
        .map_err(|error| format!("the body does not match the spec at `{}`: {}", error.path(), error.inner()))
}

/// One part of a multipart body as received.
#[cfg(feature = "server")]
struct ReceivedPart<'a> {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: &'a [u8],
}

/// The parts between the boundaries of a multipart body (RFC 2046, 5.1.1): the preamble and the
/// epilogue are ignored; a part without a `form-data` name, or a body without its closing
/// boundary, is an error.
#[cfg(feature = "server")]
fn split_parts<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<ReceivedPart<'a>>, String> {
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let find =
        |haystack: &[u8], needle: &str| haystack.windows(needle.len()).position(|window| window == needle.as_bytes());
    let start = if body.starts_with(delimiter.as_bytes()) {
        0
    } else {
        find(body, &next_delimiter).map(|at| at + 2).ok_or("the body has no part: its boundary is not in it")?
    };
    let mut rest = &body[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding, then the line break that ends the boundary line.
        let line_end = find(rest, "\r\n").ok_or("a boundary line does not end")?;
        rest = &rest[line_end + 2..];
        let end = find(rest, &next_delimiter).ok_or("the body ends before its closing boundary")?;
        parts.push(read_part(&rest[..end])?);
        rest = &rest[end + next_delimiter.len()..];
    }
}

#[cfg(feature = "server")]
fn read_part(part: &[u8]) -> Result<ReceivedPart<'_>, String> {
    let (head, data) = if let Some(data) = part.strip_prefix(b"\r\n") {
        (&[][..], data)
    } else {
        let end = part.windows(4).position(|window| window == b"\r\n\r\n").ok_or("a part's headers do not end")?;
        (&part[..end], &part[end + 4..])
    };
    let head = std::str::from_utf8(head).map_err(|_| "a part's headers are not UTF-8")?;
    let (mut name, mut file_name, mut content_type) = (None, None, None);
    for line in head.split("\r\n") {
        let Some((header, value)) = line.split_once(':') else { continue };
        if header.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        } else if header.trim().eq_ignore_ascii_case("content-disposition") {
            for parameter in value.split(';').skip(1) {
                let Some((key, text)) = parameter.split_once('=') else { continue };
                let text = unquoted(text.trim());
                match key.trim().to_ascii_lowercase().as_str() {
                    "name" => name = Some(text),
                    "filename" => file_name = Some(text),
                    _ => {}
                }
            }
        }
    }
    let name = name.ok_or("a part has no `Content-Disposition: form-data; name=...`")?;
    Ok(ReceivedPart { name, file_name, content_type, data })
}

/// A quoted name of `Content-Disposition` as it was before [`quoted`].
#[cfg(feature = "server")]
fn unquoted(text: &str) -> String {
    let inner = text.strip_prefix('"').and_then(|text| text.strip_suffix('"')).unwrap_or(text);
    inner.replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n")
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

    #[cfg(feature = "server")]
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Received {
        title: String,
        count: u32,
        flag: bool,
        photo: FilePart,
        scans: Vec<FilePart>,
        tags: Vec<String>,
        meta: serde_json::Value,
    }

    /// What a server reads is what the client wrote: a file with bytes that look like a
    /// boundary line, typed scalars, a part per item, JSON parts.
    #[cfg(feature = "server")]
    #[test]
    fn a_server_reads_back_what_the_client_writes() {
        #[derive(serde::Serialize)]
        struct Sent {
            title: &'static str,
            count: u32,
            flag: bool,
            photo: FilePart,
            scans: Vec<FilePart>,
            tags: Vec<&'static str>,
            meta: serde_json::Value,
        }
        let photo = FilePart::new(vec![0, 13, 10, 45, 45, 255]).with_file_name("p.png").with_content_type("image/png");
        let sent = Sent {
            title: "caf\u{e9} \"quoted\"\r\nline",
            count: 7,
            flag: true,
            photo: photo.clone(),
            scans: vec![FilePart::new(&b"one"[..])],
            tags: vec!["a"],
            meta: json!({"k": [1]}),
        };
        let (boundary, body) = encode_multipart(&sent).unwrap();
        let shape = json!({"count": "i", "flag": "b", "photo": "f", "scans": ["f"], "tags": ["s"]});
        let read: Received = super::decode_multipart(&body, &boundary, &shape).unwrap();
        assert_eq!(read.title, sent.title);
        assert_eq!((read.count, read.flag, &read.tags, &read.meta), (7, true, &vec!["a".to_owned()], &sent.meta));
        assert_eq!(read.photo, photo);
        assert_eq!(
            read.scans,
            [FilePart::new(&b"one"[..]).with_file_name("scans").with_content_type("application/octet-stream")]
        );
    }

    /// A body as another writer sends it: a preamble, a quoted file name, a part without a media
    /// type, a file part without a file name the shape says is a file, and an epilogue.
    #[cfg(feature = "server")]
    #[test]
    fn a_server_reads_another_writers_body_and_names_what_is_wrong() {
        let body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n\
                    --XyZ\r\ncontent-disposition: form-data; name=\"count\"\r\n\r\n3\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"flag\"\r\n\r\nfalse\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"photo\"\r\nContent-Type: image/gif\r\n\r\nGIF\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"scans\"; filename=\"a b.txt\"\r\n\r\nx\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nt\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\nnull\r\n\
                    --XyZ--\r\nepilogue";
        let shape = json!({"count": "i", "flag": "b", "photo": "f", "scans": ["f"], "tags": ["s"]});
        let read: Received = super::decode_multipart(body.as_bytes(), "XyZ", &shape).unwrap();
        assert_eq!((read.title.as_str(), read.count, read.flag), ("hello", 3, false));
        assert_eq!(read.photo, FilePart::new(&b"GIF"[..]).with_content_type("image/gif"));
        assert_eq!(read.scans, [FilePart::new(&b"x"[..]).with_file_name("a b.txt")]);
        let error = |body: &str| super::decode_multipart::<Received>(body.as_bytes(), "XyZ", &shape).unwrap_err();
        assert!(error(&body.replace("--XyZ--", "--Abc--")).contains("closing boundary"));
        assert!(error(&body.replace("\"count\"\r\n\r\n3", "\"count\"\r\n\r\nthree")).contains("`count`"));
        assert!(error(&body.replace("name=\"title\"", "filename=\"t\"")).contains("no `Content-Disposition"));
        assert!(error("no parts here").contains("boundary"));
    }
}
