//! A client for the Pets API, generated when this crate builds: `build.rs` runs restgen's
//! build-script API on `api/pets.yaml`, and this root includes what it wrote to `OUT_DIR`.
//!
//! ```
//! use pets_build_script::{Operation, pets};
//!
//! let request = pets::Get::new("rex").build()?;
//! assert_eq!(request.uri(), "https://pets.example/v1/pets/rex");
//! # Ok::<(), pets_build_script::Error>(())
//! ```

include!(concat!(env!("OUT_DIR"), "/restgen.rs"));
