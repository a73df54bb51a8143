//! `cargo xtask regenerate` is all or nothing: a broken spec writes nothing, a failure in the
//! middle of writing leaves the previous tree whole, and a good run swaps in the new tree.
//! Each case runs on a scratch copy of the workspace's spec, manifest and generated tree.

use datafactory_tests::root;
use std::path::{Path, PathBuf};
use xtask::{GENERATED_DIR, MANIFEST, Mode, SPEC_DIR};

/// A scratch workspace with the real spec, manifest and generated tree.
fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/atomic-write").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join(SPEC_DIR), &dir.join(SPEC_DIR));
    copy_dir(&root().join(GENERATED_DIR), &dir.join(GENERATED_DIR));
    std::fs::copy(root().join(MANIFEST), dir.join(MANIFEST)).expect("manifest");
    dir
}

/// Regenerates the seed crate only: the scratch workspace has no other inputs.
fn regenerate_seed(dir: &Path, mode: Mode) -> Result<xtask::Report, xtask::Failure> {
    xtask::regenerate_targets(dir, mode, &[xtask::SEED], &mut |_| Ok(()))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().expect("a name"))).expect("copy");
        }
    }
}

/// Every file of the generated tree, with its contents.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join(GENERATED_DIR))
        .expect("the generated tree exists")
        .map(|entry| {
            let path = entry.expect("entry").path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Changes a description in the scratch spec so that two generated files change.
fn edit_spec(dir: &Path) {
    let path = dir.join(SPEC_DIR).join("gateways.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("Creates a new gateway.", "Creates a new gateway (edited).", 1);
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
}

#[test]
fn a_failure_while_writing_leaves_the_previous_tree_whole() {
    let dir = scratch("failure");
    let before = tree(&dir);
    edit_spec(&dir);
    for fail_at in 0..before.len() {
        let mut written = 0;
        let mut hook = |_: &Path| {
            written += 1;
            if written > fail_at { Err(std::io::Error::other("disk full")) } else { Ok(()) }
        };
        let result = xtask::regenerate_targets(&dir, Mode::Write, &[xtask::SEED], &mut hook);
        assert!(matches!(result, Err(xtask::Failure::Io(..))), "{result:?}");
        assert_eq!(tree(&dir), before, "the tree changed after a failure at file {fail_at}");
        assert!(!dir.join("generated/src/.generated.new").exists(), "the staging folder is left behind");
    }
    let report = regenerate_seed(&dir, Mode::Write).expect("a good run");
    assert!(!report.written.is_empty());
    assert_ne!(tree(&dir), before);
    assert!(regenerate_seed(&dir, Mode::Check).is_ok());
}

#[test]
fn a_broken_spec_writes_nothing() {
    let dir = scratch("broken");
    let before = tree(&dir);
    std::fs::write(
        dir.join(SPEC_DIR).join("gateways.yaml"),
        "definitions:\n  Broken:\n    type: object\n    properties:\n      a: {type: banana}\n",
    )
    .unwrap();
    let result = regenerate_seed(&dir, Mode::Write);
    let Err(xtask::Failure::Spec(text)) = result else { panic!("expected spec errors, got {result:?}") };
    assert!(text.contains("unknown type `banana`"), "{text}");
    assert_eq!(tree(&dir), before);
}

#[test]
fn an_interrupted_swap_is_recovered_and_stale_files_are_removed() {
    let dir = scratch("interrupted");
    let generated = dir.join(GENERATED_DIR);
    // As if a run stopped between its two renames: only the backup of the old tree is left.
    std::fs::rename(&generated, generated.with_file_name(".generated.old")).unwrap();
    std::fs::write(dir.join("generated/src/.generated.old/stale.rs"), "// no longer produced\n").unwrap();
    let report = regenerate_seed(&dir, Mode::Write).expect("recovers and regenerates");
    assert_eq!(report.removed, ["generated/src/generated/stale.rs"]);
    assert!(regenerate_seed(&dir, Mode::Check).is_ok());
}

#[test]
fn an_export_no_api_file_makes_is_stale_and_then_removed() {
    let dir = scratch("stray-export");
    regenerate_seed(&dir, Mode::Write).expect("writes the exports");
    let stray = dir.join(xtask::OPENAPI_DIR).join("removed-api.json");
    std::fs::write(&stray, "{}").expect("a stray export");
    match regenerate_seed(&dir, Mode::Check) {
        Err(xtask::Failure::Stale(diff)) => assert!(diff.contains("removed-api.json"), "{diff}"),
        other => panic!("expected a stale export, got {other:?}"),
    }
    let report = regenerate_seed(&dir, Mode::Write).expect("regenerates");
    assert_eq!(report.removed, [format!("{}/removed-api.json", xtask::OPENAPI_DIR)]);
    assert!(!stray.exists());
    assert!(dir.join(xtask::OPENAPI_DIR).join("gateways.json").exists());
}
