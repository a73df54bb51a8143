//! A hostile HTTP/1.1 server on loopback: plain TCP, one scripted answer per connection, and a
//! record of every request head and body it read. It answers what a broken or malicious
//! service would: redirects, huge or endless bodies, stalls, dropped connections, odd headers.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one connection, after reading the request.
#[derive(Debug, Clone)]
pub enum Script {
    /// Writes these bytes (a whole response, head and body) and closes.
    Raw(Vec<u8>),
    /// A response with this status line, headers and body; `content-length` is added.
    Respond { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Declares `content-length` then sends filler until the client hangs up.
    Huge { status: u16, declared: u64 },
    /// A chunked body that never ends.
    Endless { status: u16 },
    /// Closes without answering.
    Drop,
    /// Reads the request and never answers.
    Stall,
}

impl Script {
    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Self {
        Script::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Script::Respond { status, headers: vec![("location".into(), location.into())], body: Vec::new() }
    }
}

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    /// The request line and headers, as sent (lower-cased for easy matching).
    pub head: String,
    pub body: Vec<u8>,
}

impl Received {
    /// The request line, such as `post /x?y http/1.1`.
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    /// A header's value, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim() == name).then_some(value.trim())
        })
    }
}

/// The server; it stops when dropped.
pub struct HostileServer {
    address: std::net::SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl HostileServer {
    /// Starts a server that answers the n-th connection with `scripts[n]` (the last one repeats).
    pub async fn start(scripts: Vec<Script>) -> std::io::Result<Self> {
        Self::start_with(|_| scripts).await
    }

    /// Starts a server whose scripts are made from its own base URL (for links back to it).
    pub async fn start_with(scripts: impl FnOnce(&str) -> Vec<Script>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let scripts = scripts(&format!("http://{address}"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            let mut index = 0;
            while let Ok((stream, _)) = listener.accept().await {
                let script = scripts.get(index).or(scripts.last()).cloned().unwrap_or(Script::Drop);
                index += 1;
                tokio::spawn(serve(stream, script, Arc::clone(&log)));
            }
        });
        Ok(HostileServer { address, received, task })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request read so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|received| received.clone()).unwrap_or_default()
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, script: Script, log: Arc<Mutex<Vec<Received>>>) {
    let Some(request) = read_request(&mut stream).await else { return };
    if let Ok(mut log) = log.lock() {
        log.push(request);
    }
    let _ = answer(&mut stream, script).await;
}

async fn answer(stream: &mut TcpStream, script: Script) -> std::io::Result<()> {
    match script {
        Script::Raw(bytes) => stream.write_all(&bytes).await,
        Script::Respond { status, headers, body } => {
            let mut head = format!("HTTP/1.1 {status} Scripted\r\ncontent-length: {}\r\n", body.len());
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("connection: close\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await
        }
        Script::Huge { status, declared } => {
            let head = format!("HTTP/1.1 {status} Huge\r\ncontent-length: {declared}\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            let filler = vec![b' '; 64 * 1024];
            loop {
                stream.write_all(&filler).await?;
            }
        }
        Script::Endless { status } => {
            let head = format!("HTTP/1.1 {status} Endless\r\ntransfer-encoding: chunked\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
            chunk.extend(std::iter::repeat_n(b' ', 64 * 1024));
            chunk.extend_from_slice(b"\r\n");
            loop {
                stream.write_all(&chunk).await?;
            }
        }
        Script::Drop => Ok(()),
        Script::Stall => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Ok(())
        }
    }
}

/// Reads one request: the head up to the blank line, then `content-length` bytes of body.
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|window| window == b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut buffer).await.ok().filter(|&read| read > 0)?;
        data.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let mut received = Received { head, body: data[head_end + 4..].to_vec() };
    let length: usize = received.header("content-length").and_then(|value| value.parse().ok()).unwrap_or(0);
    while received.body.len() < length {
        let read = stream.read(&mut buffer).await.ok().filter(|&read| read > 0)?;
        received.body.extend_from_slice(&buffer[..read]);
    }
    Some(received)
}
