//! Every generated tree must be what its inputs produce: the same check as
//! `cargo xtask regenerate --check`, over the seed crate and `datafactory-v2`.

#[test]
fn generated_crates_are_fresh() {
    if let Err(failure) = xtask::regenerate(&datafactory_tests::root(), xtask::Mode::Check) {
        panic!("{failure}");
    }
}

/// The same inputs give the same bytes in every checkout: no generated file names the folder
/// it was generated in.
#[test]
fn generated_files_name_no_absolute_path() {
    let root = datafactory_tests::root();
    let root_text = root.display().to_string();
    for target in xtask::TARGETS {
        let dir = root.join(target.dir);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display())) {
            let path = entry.expect("an entry").path();
            let text = std::fs::read_to_string(&path).expect("a generated file");
            assert!(!text.contains(&root_text), "{} names {root_text}", path.display());
        }
    }
}
