//! `inktensor`: run the protocol on the embedded sandbox (`simulate`, the main job).

use std::process::ExitCode;

use inktensor::chain::{ink_account, Chain, Refusal};
use inktensor::suite::Suite;
use interfaces::RAO_PER_TAO;

fn main() -> ExitCode {
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "simulate".to_string());
    let result = match command.as_str() {
        "simulate" => simulate(),
        "help" | "--help" | "-h" => {
            println!("usage: inktensor [simulate]\n  simulate  deploy the suite into the embedded sandbox and run it");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`; try `inktensor help`").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("inktensor: {error}");
            ExitCode::FAILURE
        }
    }
}

fn tao(rao: u128) -> String {
    format!("{}.{:09}", rao / RAO_PER_TAO, rao % RAO_PER_TAO)
}

/// Until the emission contract exists, the deployer stands in as the minter.
fn simulate() -> Result<(), Box<dyn std::error::Error>> {
    let mut chain = Chain::new();
    let deployer = chain.account("deployer");
    let alice = chain.account("alice");
    let bob = chain.account("bob");

    let suite = Suite::deploy(&mut chain, &deployer, Some(&deployer))?;
    let token = suite.token();
    for (name, address) in [
        ("tao_token", &suite.token),
        ("staking", &suite.staking),
        ("subnet_registry", &suite.registry),
        ("weights", &suite.weights),
        ("governance", &suite.governance),
    ] {
        println!("deployed {name:<16} at {address}");
    }

    token
        .mint(&mut chain, &deployer, &alice, 1_000 * RAO_PER_TAO)?
        .refused()?;
    println!("minted 1000 TAO to alice   gas {:?}", chain.last_call_gas());
    token
        .transfer(&mut chain, &alice, &bob, 250 * RAO_PER_TAO)?
        .refused()?;
    println!(
        "alice -> bob 250 TAO        gas {:?}",
        chain.last_call_gas()
    );
    token.burn(&mut chain, &bob, 50 * RAO_PER_TAO)?.refused()?;
    println!(
        "bob burned 50 TAO           gas {:?}",
        chain.last_call_gas()
    );

    println!("\n{:<10} {:>22}", "account", "TAO");
    for (name, account) in [("alice", &alice), ("bob", &bob), ("deployer", &deployer)] {
        println!(
            "{name:<10} {:>22}",
            tao(token.balance_of(&mut chain, account)?)
        );
    }
    println!(
        "{:<10} {:>22}",
        "supply",
        tao(token.total_supply(&mut chain)?)
    );
    let minter = token.minter(&mut chain)?;
    println!(
        "minter is the deployer: {}",
        minter == Some(ink_account(&deployer))
    );
    Ok(())
}
