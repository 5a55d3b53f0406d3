//! The suite on a real node: substrate-contracts-node 0.42 started on 127.0.0.1 by the test,
//! then docs/operations.md's "launch a network" run line by line through the `inktensor`
//! command's own code — from an empty chain to an epoch that pays a delegator — and a refusal
//! and a resumed deployment checked on the way. Skipped, with a message, when no node binary
//! is installed (`scripts/install-node` installs one).

use std::time::Instant;

use inktensor::chain::ChainError;
use inktensor::error::Error;
use inktensor::network::{DeployOptions, Network, Node};
use inktensor::node::local::{node_binary, LocalNode};
use inktensor::{cli, launch, ops};
use interfaces::governance::ProposalState;
use interfaces::RAO_PER_TAO;

#[test]
fn the_documented_launch_pays_a_delegator_on_a_real_node() {
    let Some(binary) = node_binary() else {
        eprintln!(
            "SKIPPED the_documented_launch_pays_a_delegator_on_a_real_node: no \
             substrate-contracts-node on PATH or in $CONTRACTS_NODE (scripts/install-node \
             installs it, in about 42 minutes)"
        );
        return;
    };
    let started = Instant::now();
    let node = LocalNode::start(&binary, 0).expect("the node starts");
    let dir = std::env::temp_dir().join(format!("inktensor-node-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lines = launch::documented_launch("e2e", Some(&node.url())).unwrap();
    for mut line in lines {
        if let Some(at) = line.iter().position(|word| word == "--config") {
            line[at + 1] = root.join(&line[at + 1]).display().to_string();
        }
        let step = Instant::now();
        cli::run(&line, &dir).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        eprintln!(
            "[{:6.1} s] inktensor {} ({:.1} s)",
            started.elapsed().as_secs_f64(),
            line.join(" "),
            step.elapsed().as_secs_f64()
        );
        if line[0] == "deploy" {
            // A rerun of the plan finds every step done on the chain's record.
            let options = DeployOptions {
                launch: launch::LaunchConfig::load(&root.join("deploy/networks/dev.toml")).unwrap(),
                ..DeployOptions::default()
            };
            let target = Node {
                url: node.url(),
                suri: "//Alice".to_string(),
            };
            let first = Network::open(&dir, "e2e").unwrap().deployment;
            let again = Network::deploy(&dir, "e2e", Some(&target), &options).unwrap();
            assert_eq!(again.deployment.steps_done, first.steps_done);
            assert_eq!(again.deployment.contracts, first.contracts);
        }
    }

    let mut network = Network::open_with(&dir, "e2e", Some("//Alice")).unwrap();
    let refused = ops::run(
        &mut network,
        "nobody",
        "stake",
        &["validator".into(), "1".into()],
    )
    .unwrap_err();
    assert!(
        matches!(&refused, Error::Chain(ChainError::Contract(name)) if name == "InsufficientBalance"),
        "{refused:?}"
    );
    assert_eq!(
        refused.to_string(),
        "refused: InsufficientBalance — the account has too little TAO"
    );
    let suite = network.suite().unwrap();
    let [charlie, eve, validator, dave, miner] =
        ["charlie", "eve", "validator", "dave", "miner"].map(|n| network.account(n));
    let chain = network.chain();
    assert_eq!(
        suite.governance().state(chain, 0).unwrap(),
        Some(ProposalState::Executed)
    );
    let treasury = suite.token().balance_of(chain, &suite.governance).unwrap();
    assert_eq!(treasury, 50_000 * RAO_PER_TAO);
    let delegated = suite
        .staking()
        .stake_of(chain, &validator, &charlie)
        .unwrap();
    assert!(
        delegated > 500 * RAO_PER_TAO,
        "charlie earned nothing: {delegated}"
    );
    let mined = suite.staking().stake_of(chain, &miner, &dave).unwrap();
    assert!(mined > 0, "the miner earned nothing");
    let keeper = suite.token().balance_of(chain, &eve).unwrap();
    assert!(
        keeper > 100_000 * RAO_PER_TAO,
        "the keeper earned no fee: {keeper}"
    );
    eprintln!(
        "real node: launched to a paying epoch in {:.1} s; charlie's 500 TAO became {} TAO, \
         the keeper earned {} TAO",
        started.elapsed().as_secs_f64(),
        inktensor::units::tao(delegated),
        inktensor::units::tao(keeper - 100_000 * RAO_PER_TAO)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
