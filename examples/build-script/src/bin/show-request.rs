//! Prints the request that gets the pet `rex`: its method and URL come from the API description
//! the build script read.

use pets_build_script::{Operation, pets};

fn main() -> Result<(), pets_build_script::Error> {
    let request = pets::Get::new("rex").build()?;
    println!("{} {}", request.method(), request.uri());
    Ok(())
}
