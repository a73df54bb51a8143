//! A generated crate builds anywhere: generated from a fixture in a folder outside the workspace
//! (the input named by an absolute path), it names no folder of the machine that made it, and
//! after it is moved elsewhere a new crate that depends on it builds, with the runtime taken
//! from git (this repository, as a user would take it before the runtime is published).

use datafactory_tests::root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh folder under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("restgen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Runs `command`; its standard output once it has succeeded.
fn run(command: &mut Command) -> String {
    let output = command.output().expect("the command runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{command:?}\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// Every file below `dir`, with its text.
fn texts(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(texts(&path));
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            found.push((path, text));
        }
    }
    found
}

#[test]
fn a_crate_generated_outside_the_workspace_names_no_local_folder_and_builds_after_a_move() {
    let work = scratch("portable");
    std::fs::create_dir_all(work.join("api")).unwrap();
    let input = work.join("api/pets.yaml");
    std::fs::copy(root().join("tests/import/openapi30.yaml"), &input).unwrap();
    // The runtime from git: this repository's committed tree.
    let repository = format!("file://{}", root().display());
    run(cargo()
        .args(["run", "--quiet", "--offline", "-p", "xtask", "--manifest-path"])
        .arg(root().join("Cargo.toml"))
        .args(["--", "generate"])
        .arg(&input)
        .args(["--out", "generated/pets", "--name", "pets", "--runtime"])
        .arg(format!("git={repository}"))
        .current_dir(&work));
    let crate_dir = work.join("generated/pets");
    let local = work.display().to_string();
    for (path, text) in texts(&crate_dir) {
        assert!(!text.contains(&local), "{} names {local}", path.display());
        let manifest = path.ends_with("Cargo.toml");
        if !manifest {
            assert!(!text.contains(&root().display().to_string()), "{} names the workspace", path.display());
        }
    }
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("restgen-runtime = {{ git = \"{repository}\", default-features = false }}")));
    let header = std::fs::read_to_string(crate_dir.join("src/generated/models.rs")).unwrap();
    assert!(header.lines().next().unwrap().contains("from api/pets.yaml"), "{}", header.lines().next().unwrap());

    // Moved into another project, beside an application that uses it.
    let project = scratch("portable-project");
    std::fs::rename(&crate_dir, project.join("pets")).unwrap();
    std::fs::remove_dir_all(&work).unwrap();
    std::fs::create_dir_all(project.join("app/src")).unwrap();
    std::fs::write(
        project.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
         [dependencies]\npets = { path = \"../pets\" }\n",
    )
    .unwrap();
    std::fs::write(
        project.join("app/src/main.rs"),
        "use pets::Operation;\n\nfn main() {\n    \
         let request = pets::pets::GetPet::new(\"rex\").build().expect(\"a request\");\n    \
         println!(\"{} {}\", request.method(), request.uri());\n}\n",
    )
    .unwrap();
    // The workspace's versions of the dependencies, so that the build fetches nothing new (the
    // runtime's git checkout is local; `--offline` would refuse it).
    std::fs::copy(root().join("Cargo.lock"), project.join("app/Cargo.lock")).unwrap();
    let stdout = run(cargo()
        .args(["run", "--quiet"])
        .env("CARGO_TARGET_DIR", root().join("target/portable-target"))
        .current_dir(project.join("app")));
    assert!(stdout.starts_with("GET https://eu.pets.example/v1/pets/rex"), "{stdout}");
    let _ = std::fs::remove_dir_all(&project);
}
