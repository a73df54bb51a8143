//! Response bodies read as they arrive: a download consumed chunk by chunk, never held whole.

use super::Error;
use super::transport::TransportError;
use futures_util::stream::{Stream, StreamExt};
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The body of a response that [`Client::send_streaming`](crate::Client::send_streaming) gives:
/// a [`Stream`] of chunks as the transport receives them. The client's body limit does not apply
/// (nothing is buffered); [`BodyStream::collect`] reads it into memory with a limit of the
/// caller's choosing. An error in the middle is an [`Error::Transport`]; the stream ends after it.
pub struct BodyStream {
    chunks: Pin<Box<dyn Stream<Item = Result<bytes::Bytes, TransportError>> + Send>>,
}

impl BodyStream {
    /// A body of the chunks `chunks` yields: what a [`Transport`](crate::Transport) of your own
    /// returns from `send_streaming`.
    pub fn new(chunks: impl Stream<Item = Result<bytes::Bytes, TransportError>> + Send + 'static) -> Self {
        BodyStream { chunks: Box::pin(chunks) }
    }

    /// A body already in memory, as one chunk (none when it is empty).
    pub fn from_bytes(body: Vec<u8>) -> Self {
        let chunk = (!body.is_empty()).then(|| Ok(bytes::Bytes::from(body)));
        BodyStream::new(futures_util::stream::iter(chunk))
    }

    /// Reads the rest of the body into memory; a body longer than `limit` bytes fails with
    /// [`Error::BodyTooLarge`] as soon as it passes the limit.
    pub async fn collect(mut self, limit: usize) -> Result<Vec<u8>, Error> {
        match self.read_at_most(limit).await? {
            (body, false) => Ok(body),
            (_, true) => Err(Error::BodyTooLarge { limit }),
        }
    }

    /// The first `limit` bytes of the body, or all of it if shorter (an error body, which a
    /// [`ServiceError`](crate::ServiceError) keeps only the start of); the rest is not read.
    pub(crate) async fn prefix(mut self, limit: usize) -> Result<Vec<u8>, Error> {
        Ok(self.read_at_most(limit).await?.0)
    }

    /// At most `limit` bytes of the body, and whether it goes on past them (then the chunk that
    /// passed the limit is the last one read).
    async fn read_at_most(&mut self, limit: usize) -> Result<(Vec<u8>, bool), Error> {
        let mut body = Vec::new();
        while let Some(chunk) = self.chunks.next().await {
            let chunk = chunk.map_err(Error::Transport)?;
            let room = limit - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                return Ok((body, true));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((body, false))
    }
}

impl Stream for BodyStream {
    type Item = Result<bytes::Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map_err(Error::Transport)))
    }
}

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BodyStream")
    }
}
