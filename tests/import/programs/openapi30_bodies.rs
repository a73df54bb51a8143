//! Run by tests/import.rs in the crate generated from `tests/import/openapi30.yaml`: responses
//! that are not JSON are read as bytes or text, and an operation that only redirects has its
//! redirect as the answer.

use openapi30_fixture::{Error, owners, pets};

fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.to_vec()).expect("a response")
}

fn main() {
    // Bytes as sent, whatever they are (not UTF-8 here), and an empty body as empty bytes.
    let png = [0x89, b'P', b'N', b'G', 0xff, 0x00];
    let photo = pets::GetPetPhoto::parse_response(response(200, &[("content-type", "image/png")], &png)).unwrap();
    assert_eq!(photo.body, png);
    assert!(pets::GetPetPhoto::parse_response(response(200, &[], b"")).unwrap().body.is_empty());

    // Text: the body as a `String`; a body that is not UTF-8 is a decode error.
    let note = pets::GetPetNote::parse_response(response(200, &[], "Feeds at 8, ünd at 6.".as_bytes())).unwrap();
    assert_eq!(note.body, "Feeds at 8, ünd at 6.");
    let Err(Error::Decode(error)) = pets::GetPetNote::parse_response(response(200, &[], &[b'a', 0xff])) else {
        panic!("a body that is not UTF-8 is read as text")
    };
    assert!(error.message.contains("not UTF-8 (byte 1)"), "{}", error.message);

    // An error status is still a service error, with its body.
    let Err(Error::Service(error)) = pets::GetPetNote::parse_response(response(404, &[], b"no such pet")) else {
        panic!("404 is not a note")
    };
    assert_eq!(error.status.as_u16(), 404);

    // The redirect is the answer: its status and its `Location`.
    let login = "https://login.example.test/?client=1";
    let answer = owners::Authorize::parse_response(response(302, &[("location", login)], b"")).unwrap();
    assert_eq!(answer.status.as_u16(), 302);
    assert_eq!(answer.headers.location.as_deref(), Some(login));
    // Another redirect status is the same outcome; a success is not what it documents.
    assert_eq!(owners::Authorize::parse_response(response(303, &[], b"")).unwrap().status.as_u16(), 303);
    assert!(matches!(owners::Authorize::parse_response(response(200, &[], b"")), Err(Error::Service(_))));
    println!("bodies: ok");
}
