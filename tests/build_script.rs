//! The build-script API as a user's crate runs it: the example crate (`examples/build-script`),
//! copied out of the workspace, builds and runs; a change to its input, or to the file its
//! `$ref` names, rebuilds it; a broken input fails the build with the diagnostic rendered.

use datafactory_tests::root;
use datafactory_tests::tool::{cargo, copy_dir, edit, output, run, scratch};

#[test]
fn the_example_crate_generates_in_its_build_script_and_rebuilds_when_an_input_changes() {
    let dir = scratch("build-script").join("pets");
    copy_dir(&root().join("examples/build-script"), &dir);
    // Outside the workspace: its settings written out, its dependencies by absolute path.
    let manifest = dir.join("Cargo.toml");
    edit(&manifest, "edition.workspace = true", "edition = \"2024\"");
    edit(
        &manifest,
        "rust-version.workspace = true\nlicense.workspace = true\npublish.workspace = true\n",
        "\n[workspace]\n",
    );
    edit(&manifest, "path = \"../../runtime\"", &format!("path = {:?}", root().join("runtime")));
    edit(&manifest, "path = \"../../codegen\"", &format!("path = {:?}", root().join("codegen")));
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let show = || run(cargo().args(["run", "--quiet", "--offline", "--bin", "show-request"]).current_dir(&dir));
    assert_eq!(show().trim(), "GET https://pets.example/v1/pets/rex");

    // The input changes: the next build generates again.
    edit(&dir.join("api/pets.yaml"), "https://pets.example/v1", "https://pets.example/v2");
    assert_eq!(show().trim(), "GET https://pets.example/v2/pets/rex");

    // The file a `$ref` names is watched too: broken, it fails the build, which says where.
    edit(&dir.join("api/common.yaml"), "code: { type: string,", "code: { $ref: \"#/components/schemas/Code\",");
    let failed = output(cargo().args(["build", "--offline", "--bin", "show-request"]).current_dir(&dir));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success(), "{stderr}");
    assert!(stderr.contains("restgen could not generate the client"), "{stderr}");
    assert!(stderr.contains("--> api/common.yaml:13:23"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}
