//! Generates the client from `api/pets.yaml` (and the `common.yaml` it refers to) into
//! `OUT_DIR`; `src/lib.rs` includes it. Cargo runs this again when either file changes.

fn main() -> Result<(), restgen::build::BuildError> {
    restgen::build::Builder::new().input("api/pets.yaml").generate()
}
