//! The typed body of a service error: generated `error_body` accessors read it as the type the
//! spec gives the error's status.

use crate::ServiceError;
use serde::de::DeserializeOwned;

/// The kept body of `error` (its first [`ServiceError::BODY_LIMIT`] bytes) read as `T`; `None`
/// when it is not a `T` (or was cut at the limit).
pub fn read_error_body<T: DeserializeOwned>(error: &ServiceError) -> Option<T> {
    serde_json::from_slice(&error.body).ok()
}

#[cfg(test)]
mod tests {
    use super::read_error_body;
    use crate::{Error, service_error};

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Problem {
        code: u32,
        message: String,
    }

    fn error(body: &str) -> crate::ServiceError {
        let response = http::Response::builder().status(404).body(body.as_bytes().to_vec()).unwrap();
        let (parts, body) = response.into_parts();
        match service_error(parts, body, &[]) {
            Error::Service(error) => *error,
            other => panic!("a service error, not {other:?}"),
        }
    }

    #[test]
    fn a_body_of_the_declared_shape_is_read_and_another_is_none() {
        let problem: Option<Problem> = read_error_body(&error(r#"{"code": 20404, "message": "not found"}"#));
        assert_eq!(problem, Some(Problem { code: 20404, message: "not found".into() }));
        assert_eq!(read_error_body::<Problem>(&error(r#"{"error": {"code": "NotFound"}}"#)), None);
        assert_eq!(read_error_body::<Problem>(&error("<html>busy</html>")), None);
    }
}
