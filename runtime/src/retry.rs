//! When and how long to wait before repeating a request.

use std::time::{Duration, SystemTime};

/// Bounded retries with exponential backoff and full jitter, honouring `Retry-After`.
///
/// A request is repeated after `429 Too Many Requests` (the service refused it, so repeating is
/// always safe) and after a connection failure before it was sent. After `500`, `502`, `503`,
/// `504`, a timeout or a connection lost mid-way it is repeated only if the operation is safe to
/// repeat (reads and idempotent writes), since the first attempt may have taken effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 switches retries off.
    pub max_attempts: u32,
    /// The backoff before the second attempt; it doubles with each attempt.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one ends the retries with the error.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn disabled() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1), given the response's
    /// `Retry-After` and a random number in `[0, 1)`; `None` when the wait would exceed the limits.
    ///
    /// Total: any `random` (NaN and infinities included) and any durations give an answer, never
    /// a panic. A `random` outside `[0, 1]` or NaN counts as 0.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>, random: f64) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exponent = attempt.saturating_sub(1).min(31);
        let ceiling = self.initial_backoff.saturating_mul(1 << exponent).min(self.max_backoff);
        let fraction = if (0.0..=1.0).contains(&random) { random } else { 0.0 };
        // `mul_f64` panics when the product overflows; the product never exceeds `ceiling`, but
        // rounding at the very top of the range can, so fall back to the ceiling itself.
        Some(Duration::try_from_secs_f64(ceiling.as_secs_f64() * fraction).map_or(ceiling, |wait| wait.min(ceiling)))
    }
}

/// The statuses worth repeating when the operation is safe to repeat.
pub(crate) fn is_transient(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 500 | 502 | 503 | 504)
}

/// Reads `Retry-After` as seconds or as an HTTP date (RFC 9110, section 10.2.3): the preferred
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the obsolete RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms, which
/// recipients must accept. A number of seconds too large for any wait gives [`Duration::MAX`]
/// (longer than any policy allows, so the retries end), not garbage; a date in the past gives zero.
/// Anything else is `None`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(value.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = super::wire::parse_http_date(value)?;
    let now = time::OffsetDateTime::from(now);
    Some(Duration::try_from(date - now).unwrap_or(Duration::ZERO))
}
