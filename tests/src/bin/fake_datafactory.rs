//! Runs the fake Data Factory service on loopback until Ctrl-C: `fake-datafactory [--port N] [--token T] [--factory SUB/RG/FACTORY ...]`.

use datafactory_tests::service::{FakeService, ServiceConfig};
use std::process::ExitCode;

const USAGE: &str = "usage: fake-datafactory [--port N] [--token T] [--factory SUB/RG/FACTORY ...]";
const DEFAULT_FACTORY: &str = "00000000-0000-0000-0000-000000000000/adf/test";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    port: u16,
    token: String,
    /// (subscription, resource group, factory) of every factory that exists.
    factories: Vec<(String, String, String)>,
}

fn parse_factory(text: &str) -> Result<(String, String, String), String> {
    let parts: Vec<&str> = text.split('/').collect();
    match parts[..] {
        [subscription, group, factory] if !subscription.is_empty() && !group.is_empty() && !factory.is_empty() => {
            Ok((subscription.to_owned(), group.to_owned(), factory.to_owned()))
        }
        _ => Err(format!("--factory wants SUBSCRIPTION/RESOURCE_GROUP/FACTORY, not `{text}`")),
    }
}

/// `--factory` may be repeated, and may be followed by several factories.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut args = args.into_iter().peekable();
    let mut options = Options { port: 0, token: ServiceConfig::default().token, factories: Vec::new() };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port wants a number")?;
                options.port =
                    value.parse().map_err(|_| format!("--port wants a number from 0 to 65535, not `{value}`"))?;
            }
            "--token" => options.token = args.next().ok_or("--token wants a value")?,
            "--factory" => {
                let first = args.next().ok_or("--factory wants SUBSCRIPTION/RESOURCE_GROUP/FACTORY")?;
                options.factories.push(parse_factory(&first)?);
                while let Some(more) = args.next_if(|next| !next.starts_with("--")) {
                    options.factories.push(parse_factory(&more)?);
                }
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if options.factories.is_empty() {
        options.factories.push(parse_factory(DEFAULT_FACTORY)?);
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("fake-datafactory: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = ServiceConfig { token: options.token.clone() };
    let service = match FakeService::start_on_port(options.port, config).await {
        Ok(service) => service,
        Err(error) => {
            eprintln!("fake-datafactory: cannot listen on 127.0.0.1:{}: {error}", options.port);
            return ExitCode::FAILURE;
        }
    };
    for (subscription, group, factory) in &options.factories {
        service.add_factory(subscription, group, factory);
    }
    println!("listening on {} (token: {})", service.base_url(), options.token);
    let stopped = tokio::signal::ctrl_c().await;
    service.shutdown().await;
    match stopped {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("fake-datafactory: cannot wait for Ctrl-C: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    fn factory(subscription: &str, group: &str, name: &str) -> (String, String, String) {
        (subscription.to_owned(), group.to_owned(), name.to_owned())
    }

    #[test]
    fn no_arguments_give_a_free_port_the_default_token_and_the_default_factory() {
        let options = parse_args(args("")).unwrap();
        assert_eq!(options.port, 0);
        assert_eq!(options.token, "test-token");
        assert_eq!(options.factories, [factory("00000000-0000-0000-0000-000000000000", "adf", "test")]);
    }

    #[test]
    fn every_option_is_read_and_factories_replace_the_default() {
        let options = parse_args(args("--port 8080 --token secret --factory s/g/a s/g/b --factory t/h/c")).unwrap();
        assert_eq!(options.port, 8080);
        assert_eq!(options.token, "secret");
        assert_eq!(options.factories, [factory("s", "g", "a"), factory("s", "g", "b"), factory("t", "h", "c")]);
    }

    #[test]
    fn bad_arguments_are_errors() {
        for bad in
            ["--port", "--port 70000", "--port x", "--token", "--factory", "--factory a/b", "--factory a//c", "-x"]
        {
            assert!(parse_args(args(bad)).is_err(), "{bad}");
        }
    }
}
