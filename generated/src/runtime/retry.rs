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
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>, random: f64) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exponent = attempt.saturating_sub(1).min(31);
        let ceiling = self.initial_backoff.saturating_mul(1 << exponent).min(self.max_backoff);
        Some(ceiling.mul_f64(random.clamp(0.0, 1.0)))
    }
}

/// The statuses worth repeating when the operation is safe to repeat.
pub(crate) fn is_transient(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 500 | 502 | 503 | 504)
}

/// Reads `Retry-After` as seconds or as an HTTP date (RFC 9110).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let date = time::PrimitiveDateTime::parse(value, &format).ok()?.assume_utc();
    let now = time::OffsetDateTime::from(now);
    Some(Duration::try_from(date - now).unwrap_or(Duration::ZERO))
}
