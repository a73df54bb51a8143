//! Run by tests/import.rs in the crate generated from `tests/import/openapi30.yaml`: responses
//! that are not JSON are read as bytes or text, and an operation that only redirects has its
//! redirect as the answer; a `multipart/form-data` body is sent as parts, files with their bytes,
//! and the generated server (the `server` feature) reads it back.

use openapi30_fixture::{Error, Operation, owners, pets};

fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.to_vec()).expect("a response")
}

type PhotoRequest = pets::server::PutPetPhotoRequest;

/// Keeps the photo request it is given, and answers `204`.
struct Photos(std::sync::Arc<std::sync::Mutex<Option<PhotoRequest>>>);

impl pets::server::Service for Photos {
    async fn get_pet_photo(
        &self,
        _request: pets::server::GetPetPhotoRequest,
    ) -> Result<openapi30_fixture::Response<Vec<u8>, ()>, openapi30_fixture::runtime::server::ErrorAnswer> {
        Ok(openapi30_fixture::Response::new(http::StatusCode::OK, (), b"PNG".to_vec(), http::HeaderMap::new()))
    }

    async fn put_pet_photo(
        &self,
        request: PhotoRequest,
    ) -> Result<openapi30_fixture::Response<(), ()>, openapi30_fixture::runtime::server::ErrorAnswer> {
        *self.0.lock().unwrap() = Some(request);
        Ok(openapi30_fixture::Response::new(http::StatusCode::NO_CONTENT, (), (), http::HeaderMap::new()))
    }
}

/// Runs a future that never waits on I/O (a server answering a request held in memory).
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
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
    // A multipart body: the required file in `new`, the other fields by setters, in the order
    // the schema declares them; a part per item of an array.
    let request = pets::PutPetPhoto::new("rex", openapi30_fixture::runtime::FilePart::new(png.to_vec()).with_file_name("rex.png"))
        .caption("Rex")
        .tags(vec!["good".into(), "dog".into()])
        .extras(vec![b"a".to_vec().into()])
        .build()
        .unwrap();
    let content_type = request.headers()["content-type"].to_str().unwrap().to_owned();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a multipart content type");
    let mut expected = Vec::new();
    let parts: [(&str, &[u8]); 5] = [
        ("name=\"photo\"; filename=\"rex.png\"\r\nContent-Type: application/octet-stream", &png),
        ("name=\"caption\"", b"Rex"),
        ("name=\"tags\"", b"good"),
        ("name=\"tags\"", b"dog"),
        ("name=\"extras\"; filename=\"extras\"\r\nContent-Type: application/octet-stream", b"a"),
    ];
    for (head, data) in parts {
        expected.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n").as_bytes());
        expected.extend_from_slice(data);
        expected.extend_from_slice(b"\r\n");
    }
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(String::from_utf8_lossy(request.body()), String::from_utf8_lossy(&expected));
    assert_eq!(request.headers()["content-length"], expected.len().to_string().as_str());
    // The generated server reads the parts back: the file's bytes and name, the text, each item.
    use openapi30_fixture::runtime::server::{Server, axum::body::Body};
    let received = std::sync::Arc::new(std::sync::Mutex::new(None));
    let server = Server::new().with(pets::server::handler(Photos(received.clone())));
    let answer = block_on(server.answer(request.map(Body::from)));
    assert_eq!(answer.status(), 204, "{}", String::from_utf8_lossy(answer.body()));
    let received = received.lock().unwrap().take().expect("the operation got the request");
    assert_eq!(received.pet_id, "rex");
    let body = received.body;
    assert_eq!((body.photo.data(), body.photo.file_name()), (&png[..], Some("rex.png")));
    assert_eq!(body.caption.as_deref(), Some("Rex"));
    assert_eq!(body.tags, Some(vec!["good".to_owned(), "dog".to_owned()]));
    let extras = body.extras.expect("the extras");
    assert_eq!(extras.iter().map(|extra| extra.data()).collect::<Vec<_>>(), [b"a"]);
    // A request that breaks a rule is refused in the API's own error shape (`Problem`: a
    // `message`, an integer `code`), which the client reads as the operation's error body.
    let mut bad = pets::ListPets::new().limit(3).build().unwrap();
    *bad.uri_mut() = bad.uri().to_string().replace("limit=3", "limit=three").parse().unwrap();
    let answer = block_on(server.answer(bad.map(Body::from)));
    assert_eq!(answer.status(), 400, "{}", String::from_utf8_lossy(answer.body()));
    let error = pets::ListPets::parse_response(answer).unwrap_err();
    let problem = pets::ListPets::error_body(&error).expect("the body is the API's Problem");
    assert!(problem.message.contains("limit"), "{}", problem.message);
    assert_eq!(problem.code, Some(400));
    // Bytes are answered as the media type the spec gives them.
    let photo = block_on(server.answer(pets::GetPetPhoto::new("rex").build().unwrap().map(Body::from)));
    let media = photo.headers()["content-type"].to_str().unwrap();
    assert_eq!((media, photo.body().as_slice()), ("image/png", &b"PNG"[..]));
    println!("bodies: ok");
}
