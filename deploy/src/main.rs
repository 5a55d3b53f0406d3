//! `inktensor`: run the protocol on the embedded sandbox (`simulate`, the main job), deploy it,
//! operate and keep a deployed network (`inktensor help`).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match inktensor::cli::run(&args, Path::new(inktensor::cli::DEPLOYMENTS)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("inktensor: {error}");
            ExitCode::FAILURE
        }
    }
}
