//! Prism (`@stoplight/prism-cli`, from npm), a third party's validator of HTTP exchanges against
//! an OpenAPI or Swagger document: as a mock, or as a proxy in front of a server, started for a
//! test and stopped on drop. Runs when `PRISM` names the `prism` executable (`.ci/run` installs
//! it and sets it); without it [`Prism::start`] says so and gives `None`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

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
        // A free port is known only until Prism binds it, and another test's Prism may take
        // it first: the start counts only once this Prism says it listens, else another port.
        for _ in 0..5 {
            let port =
                std::net::TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).ok()?.port();
            let mut command = Command::new(&prism);
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
            let mut child = command
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|error| panic!("cannot start Prism: {error}"));
            let stdout = child.stdout.take().expect("Prism's output is piped");
            let (listening, told) = std::sync::mpsc::channel();
            // Reads Prism's log to its end (a pipe left unread would stall it).
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if line.contains("Prism is listening") {
                        let _ = listening.send(());
                    }
                }
            });
            let prism = Prism { child, port };
            match told.recv_timeout(Duration::from_secs(60)) {
                Ok(()) => return Some(prism),
                // The log ended without it: this Prism could not listen (the port was taken).
                Err(RecvTimeoutError::Disconnected) => continue,
                Err(RecvTimeoutError::Timeout) => panic!("Prism did not listen on {port} within a minute"),
            }
        }
        panic!("Prism could not listen on a free port in five tries")
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
