//! What the fake service remembers: factories, gateways, queued faults and recorded requests.

use super::faults::Fault;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use uuid::Uuid;

/// One request as the service received it, before any fault or check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The HTTP method, such as `PUT`.
    pub method: String,
    /// The path exactly as received, still percent-encoded.
    pub path: String,
    /// The raw query string without the `?`, empty when there is none.
    pub query: String,
    /// Every header in arrival order, names in lower case (values that are not UTF-8 are decoded lossily).
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first value of header `name` (lower case), if the request had it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(header, _)| header == name).map(|(_, value)| value.as_str())
    }
}

/// A data factory, named by where it lives; v1 and v2 requests share these.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct FactoryId {
    pub subscription: String,
    pub resource_group: String,
    pub factory: String,
}

impl FactoryId {
    pub fn new(subscription: impl Into<String>, resource_group: impl Into<String>, factory: impl Into<String>) -> Self {
        FactoryId { subscription: subscription.into(), resource_group: resource_group.into(), factory: factory.into() }
    }
}

/// A v1 gateway as stored; the JSON views of it are built by the handlers.
#[derive(Debug, Clone)]
pub(crate) struct Gateway {
    pub name: String,
    pub description: Option<String>,
    pub key: String,
    pub create_time: String,
}

impl Gateway {
    pub fn new(name: String, description: Option<String>) -> Self {
        Gateway { name, description, key: new_gateway_key(), create_time: timestamp() }
    }
}

/// The state shared by every request of one service.
pub(crate) struct State {
    pub token: String,
    /// When the service started: the creation time of every integration runtime it reports.
    pub started: String,
    /// The activity of the last operation of managed runtimes, stable across calls like a real one.
    pub activity_id: String,
    writes_left: AtomicU64,
    reads_left: AtomicU64,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Every factory that exists, with its gateways in creation order.
    factories: HashMap<FactoryId, Vec<Gateway>>,
    faults: VecDeque<Fault>,
    requests: Vec<RecordedRequest>,
    /// Started long-running operations, by id.
    operations: HashMap<String, super::long_running::Operation>,
    /// Every page of a factory list names the same next page (a broken service).
    repeat_next_link: bool,
}

impl State {
    pub fn new(token: String) -> Self {
        State {
            token,
            started: timestamp(),
            activity_id: Uuid::new_v4().to_string(),
            // Azure Resource Manager's hourly budgets; the first answers say 11999 and 14999.
            writes_left: AtomicU64::new(12_000),
            reads_left: AtomicU64::new(15_000),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The lock, even if a panicking test thread poisoned it: the data stays usable.
    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn add_factory(&self, id: FactoryId) {
        self.inner().factories.entry(id).or_default();
    }

    /// The factories of a subscription, sorted by resource group and name.
    pub fn factories_of(&self, subscription: &str) -> Vec<FactoryId> {
        let mut factories: Vec<FactoryId> =
            self.inner().factories.keys().filter(|id| id.subscription == subscription).cloned().collect();
        factories.sort_by(|a, b| (&a.resource_group, &a.factory).cmp(&(&b.resource_group, &b.factory)));
        factories
    }

    pub fn set_repeat_next_link(&self, repeat: bool) {
        self.inner().repeat_next_link = repeat;
    }

    pub fn repeats_next_link(&self) -> bool {
        self.inner().repeat_next_link
    }

    /// Records a started operation and gives its id.
    pub fn start_operation(&self, operation: super::long_running::Operation) -> String {
        let mut inner = self.inner();
        let id = format!("op-{}", inner.operations.len() + 1);
        inner.operations.insert(id.clone(), operation);
        id
    }

    /// Counts a poll of an operation and gives it, polls included.
    pub fn poll_operation(&self, id: &str) -> Option<super::long_running::Operation> {
        let mut inner = self.inner();
        let operation = inner.operations.get_mut(id)?;
        operation.polls += 1;
        Some(operation.clone())
    }

    pub fn has_factory(&self, id: &FactoryId) -> bool {
        self.inner().factories.contains_key(id)
    }

    /// Runs `change` on the factory's gateways; `None` if the factory does not exist.
    pub fn with_gateways<R>(&self, id: &FactoryId, change: impl FnOnce(&mut Vec<Gateway>) -> R) -> Option<R> {
        self.inner().factories.get_mut(id).map(change)
    }

    pub fn push_fault(&self, fault: Fault) {
        self.inner().faults.push_back(fault);
    }

    pub fn pop_fault(&self) -> Option<Fault> {
        self.inner().faults.pop_front()
    }

    pub fn record(&self, request: RecordedRequest) {
        self.inner().requests.push(request);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner().requests.clone()
    }

    /// The next value of the rate-limit header: one less on every answer, never below zero.
    pub fn remaining(&self, read: bool) -> u64 {
        let counter = if read { &self.reads_left } else { &self.writes_left };
        let previous = counter.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(1));
        previous.map_or(0, |left| left - 1)
    }
}

const TIMESTAMP: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:7]Z");
const ROUTING_STAMP: &[BorrowedFormatItem<'_>] = format_description!("[year][month][day]T[hour][minute][second]Z");

/// Now, as the service writes times: RFC 3339 in UTC with 7 fractional digits, like `2016-02-24T18:55:03.1149963Z`.
pub(crate) fn timestamp() -> String {
    // Formatting a UTC time into a String cannot fail with this description; an empty string is the harmless fallback.
    OffsetDateTime::now_utc().format(TIMESTAMP).unwrap_or_default()
}

/// Now, as `x-ms-routing-request-id` writes it: `20141203T213044Z`.
pub(crate) fn routing_stamp() -> String {
    OffsetDateTime::now_utc().format(ROUTING_STAMP).unwrap_or_default()
}

/// A fresh gateway key shaped like the service's: `ADF#<uuid>@<uuid>@<uuid>@wu#<43 base64 characters>=`.
pub(crate) fn new_gateway_key() -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    // v4 UUIDs are the randomness at hand; each byte picks one character (256 is a multiple of 64).
    let secret: String = (0..3)
        .flat_map(|_| *Uuid::new_v4().as_bytes())
        .take(43)
        .map(|byte| char::from(ALPHABET[usize::from(byte % 64)]))
        .collect();
    format!("ADF#{}@{}@{}@wu#{secret}=", Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4())
}
