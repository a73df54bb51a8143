//! Prism (`@stoplight/prism-cli`, from npm), a third party's validator of HTTP exchanges against
//! an OpenAPI or Swagger document: as a mock, or as a proxy in front of a server, started for a
//! test and stopped on drop. Runs when `PRISM` names the `prism` executable (`.ci/run` installs
//! it and sets it); without it [`Prism::start`] says so and gives `None`.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Prism, stopped on drop.
pub struct Prism {
    child: Child,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
}

/// What Prism does with requests.
pub enum Mode<'a> {
    /// Answers from the document (its examples, or random valid data when `dynamic`), with
    /// request validation on.
    Mock { dynamic: bool },
    /// Forwards to `upstream` and validates the request and the answer; with `--errors`, a
    /// request that breaks the document is answered `422` and an answer that breaks it `500`,
    /// each with the violations.
    Proxy { upstream: &'a str },
}

impl Prism {
    /// Starts Prism on `document`; `None` when `PRISM` is not set.
    pub fn start(document: &Path, mode: Mode<'_>) -> Option<Prism> {
        let Some(prism) = std::env::var_os("PRISM") else {
            eprintln!("PRISM is not set: the Prism tests are skipped (.ci/run runs them)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).ok()?.port();
        let mut command = Command::new(prism);
        match mode {
            Mode::Mock { dynamic } => {
                command.arg("mock");
                if dynamic {
                    command.arg("--dynamic");
                }
                command.arg(document);
            }
            Mode::Proxy { upstream } => {
                command.args(["proxy", "--errors"]).arg(document).arg(upstream);
            }
        }
        let child = command
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start Prism: {error}"));
        let prism = Prism { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "Prism did not listen on {port} within a minute");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(prism)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
