//! `inktensor`: run the protocol on the embedded sandbox (`simulate`, the main job).

use std::process::ExitCode;

use inktensor::simulate::{run, Scenario};

const USAGE: &str = "usage: inktensor simulate [--miners N] [--validators N] [--seed N]
  simulate  deploy the suite into the embedded sandbox and run a subnet through it";

fn parse(args: &[String]) -> Result<Scenario, String> {
    let mut scenario = Scenario::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: `{value}` is not a number"))?;
        match flag.as_str() {
            "--miners" if (1..=200).contains(&number) => scenario.miners = number as usize,
            "--validators" if (1..=50).contains(&number) => scenario.validators = number as usize,
            "--seed" => scenario.seed = number,
            _ => {
                return Err(format!(
                    "unknown flag or value out of range: {flag} {value}"
                ))
            }
        }
    }
    Ok(scenario)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("simulate");
    let result = match command {
        "simulate" => {
            let scenario = parse(&args[args.len().min(1)..]);
            scenario.and_then(|s| run(&s).map(drop).map_err(|e| e.to_string()))
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("inktensor: {error}");
            ExitCode::FAILURE
        }
    }
}
