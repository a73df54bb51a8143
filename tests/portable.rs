//! The tool as a user installs and runs it, outside this workspace: `cargo install` puts the
//! `restgen` command in a temporary root; it generates a crate from an input in a temporary
//! folder (named by an absolute path); the crate names no folder of the machine that made it,
//! `--check` passes on it, and after it is moved into another project, committed there and
//! cloned elsewhere, an application that depends on it (the runtime taken from git: this
//! repository, as a user takes it before the runtime is published) calls a local server. Its doc example compiles, and `--check` fails,
//! with a diff, once the input changes.

use datafactory_tests::root;
use datafactory_tests::tool::{cargo, edit, output, run, scratch, texts};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Command;

/// Serves one HTTP exchange on 127.0.0.1: answers `body` as JSON; returns the base URL and the
/// request line it will have read.
fn serve_once(body: &'static str) -> (String, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let served = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("a connection");
        let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
        let mut request_line = String::new();
        reader.read_line(&mut request_line).expect("a request line");
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|read| read > 2) {
            line.clear();
        }
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("the answer is written");
        request_line.trim_end().to_owned()
    });
    (base, served)
}

#[test]
fn the_installed_command_generates_a_crate_that_builds_anywhere_and_checks_it() {
    // The command, installed as a user installs it.
    let tools = scratch("cli-root");
    run(cargo()
        .args(["install", "--quiet", "--offline", "--locked", "--debug", "--path"])
        .arg(root().join("cli"))
        .arg("--root")
        .arg(&tools));
    let restgen = tools.join("bin").join(format!("restgen{}", std::env::consts::EXE_SUFFIX));
    let help = run(Command::new(&restgen).args(["generate", "--help"]));
    for flag in ["--out", "--name", "--runtime", "--check", "--strict"] {
        assert!(help.contains(flag), "`restgen generate --help` does not explain {flag}:\n{help}");
    }

    // An input with a `$ref` to a second file, in a folder outside the workspace.
    let work = scratch("portable");
    std::fs::create_dir_all(work.join("api")).unwrap();
    for file in ["pets.yaml", "common.yaml"] {
        std::fs::copy(root().join("examples/build-script/api").join(file), work.join("api").join(file)).unwrap();
    }
    let input = work.join("api/pets.yaml");
    let repository = format!("file://{}", root().display());
    let generate = |check: bool| {
        let mut command = Command::new(&restgen);
        command.arg("generate").arg(&input).args(["--out", "generated/pets", "--name", "pets", "--runtime"]);
        command.arg(format!("git={repository}")).current_dir(&work);
        if check {
            command.arg("--check");
        }
        command
    };
    run(&mut generate(false));
    let crate_dir = work.join("generated/pets");
    let local = work.display().to_string();
    for (path, text) in texts(&crate_dir) {
        assert!(!text.contains(&local), "{} names {local}", path.display());
        // The runtime's git address is this workspace, as the command was told: the manifest
        // depends on it and the README's command repeats it; nothing else names it.
        let without_url = text.replace(&repository, "");
        assert!(!without_url.contains(&root().display().to_string()), "{} names the workspace", path.display());
    }
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("restgen-runtime = {{ git = \"{repository}\", default-features = false }}")));
    let header = std::fs::read_to_string(crate_dir.join("src/generated/models.rs")).unwrap();
    let header = header.lines().next().unwrap();
    assert!(header.contains("from api/pets.yaml, api/common.yaml."), "{header}");
    // The README says how to regenerate it: the input as given (not the file its `$ref` names)
    // and the runtime option.
    let readme = std::fs::read_to_string(crate_dir.join("README.md")).unwrap();
    let command =
        format!("restgen generate api/pets.yaml --out <this folder> --name pets --runtime git={repository}\n");
    assert!(readme.contains(&command), "{readme}");
    let fresh = run(&mut generate(true));
    assert!(fresh.contains("is fresh"), "{fresh}");

    // A changed input makes the crate stale: `--check` fails with a diff and writes nothing.
    edit(&work.join("api/common.yaml"), "A message for people.", "A message for the people who read it.");
    let stale = output(&mut generate(true));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("+    /// A message for the people who read it."), "{stderr}");
    assert!(stderr.contains("is stale"), "{stderr}");

    // Regenerated, it is fresh again; then it moves to another project.
    run(&mut generate(false));
    run(&mut generate(true));
    build_beside_an_application(&crate_dir);
    let _ = std::fs::remove_dir_all(&work);
    let _ = std::fs::remove_dir_all(&tools);
}

/// Moves the crate at `crate_dir` into a new project beside an application that calls a local
/// server with it, and runs the application and the crate's doc tests.
fn build_beside_an_application(crate_dir: &Path) {
    let project = scratch("portable-project");
    std::fs::rename(crate_dir, project.join("pets")).unwrap();
    std::fs::create_dir_all(project.join("app/src")).unwrap();
    std::fs::write(
        project.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\n\
         pets = { path = \"../pets\" }\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n",
    )
    .unwrap();
    std::fs::write(
        project.join("app/src/main.rs"),
        r#"use pets::{BaseUrl, Client, StaticToken};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).expect("a base URL");
    let client = Client::builder(StaticToken::new("token")).base_url(BaseUrl::parse(&base_url)?).build()?;
    let pet = client.pets().get("rex").send().await?.into_body()?;
    println!("{} is a {}", pet.name, pet.kind.as_deref().unwrap_or("?"));
    Ok(())
}
"#,
    )
    .unwrap();
    // The workspace's versions of the dependencies, so that the build fetches nothing new (the
    // runtime's git checkout is local; `--offline` would refuse it).
    std::fs::copy(root().join("Cargo.lock"), project.join("app/Cargo.lock")).unwrap();
    std::fs::copy(root().join("Cargo.lock"), project.join("pets/Cargo.lock")).unwrap();
    // Committed to the project's repository, and built from a clone of it elsewhere.
    let git = |dir: &Path, args: &[&str]| {
        run(Command::new("git")
            .args(["-c", "user.name=restgen", "-c", "user.email=restgen@localhost"])
            .args(args)
            .current_dir(dir))
    };
    git(&project, &["init", "--quiet"]);
    git(&project, &["add", "."]);
    git(&project, &["commit", "--quiet", "-m", "An application and the client crate it uses"]);
    let clone = scratch("portable-clone");
    git(&clone, &["clone", "--quiet", &project.display().to_string(), "project"]);
    let cloned = clone.join("project");
    let (base_url, served) = serve_once(r#"{"name":"rex","kind":"dog"}"#);
    let stdout = run(cargo().args(["run", "--quiet", "--"]).arg(&base_url).current_dir(cloned.join("app")));
    assert_eq!(stdout.trim(), "rex is a dog");
    assert_eq!(served.join().unwrap(), "GET /pets/rex HTTP/1.1");
    // The crate's docs show how to call it; their example compiles.
    let doc = run(cargo().args(["test", "--doc", "--quiet"]).current_dir(cloned.join("pets")));
    assert!(doc.contains("1 passed"), "{doc}");
    let _ = std::fs::remove_dir_all(&project);
    let _ = std::fs::remove_dir_all(&clone);
}
