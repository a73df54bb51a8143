//! `restgen`'s exit codes and messages, run as a user runs it: 0 success, 1 mistakes in the
//! inputs (or warnings with `--strict`), 2 usage and I/O errors; nothing written on failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn restgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_restgen")).args(args).output().expect("restgen runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/import").join(name).display().to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("restgen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_explains_the_command_and_its_exit_codes() {
    let output = restgen(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("generate") && text.contains("Exit codes"), "{text}");
}

#[test]
fn usage_and_io_errors_exit_with_2_and_write_nothing() {
    let out = scratch("usage");
    let out_text = out.display().to_string();
    let missing = restgen(&["generate", "no-such-input.yaml", "--out", &out_text]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert!(stderr(&missing).starts_with("no-such-input.yaml: "), "{}", stderr(&missing));
    let bad_name = restgen(&["generate", &fixture("openapi30.yaml"), "--out", &out_text, "--name", "my api"]);
    assert_eq!(bad_name.status.code(), Some(2), "{}", stderr(&bad_name));
    assert!(stderr(&bad_name).contains("a crate name is"), "{}", stderr(&bad_name));
    let bad_runtime = restgen(&["generate", &fixture("openapi30.yaml"), "--out", &out_text, "--runtime", "crates.io"]);
    assert_eq!(bad_runtime.status.code(), Some(2), "{}", stderr(&bad_runtime));
    let no_out = restgen(&["generate", &fixture("openapi30.yaml")]);
    assert_eq!(no_out.status.code(), Some(2), "{}", stderr(&no_out));
    assert!(!out.exists(), "a failed run wrote {out_text}");
}

#[test]
fn mistakes_in_the_input_and_strict_warnings_exit_with_1_and_write_nothing() {
    let out = scratch("input");
    let out_text = out.display().to_string();
    let broken = restgen(&["generate", &fixture("broken.json"), "--out", &out_text]);
    assert_eq!(broken.status.code(), Some(1), "{}", stderr(&broken));
    assert!(
        stderr(&broken).contains("error: ") && stderr(&broken).contains("Nothing was written."),
        "{}",
        stderr(&broken)
    );
    let strict = restgen(&["generate", &fixture("openapi30.yaml"), "--out", &out_text, "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(!out.exists(), "a failed run wrote {out_text}");
}
