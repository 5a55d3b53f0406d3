//! The deployment plan on a sandbox network that outlives the process, and operations on it.

use inktensor::network::{DeployOptions, Network};
use inktensor::ops;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("inktensor-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn the_production_plan_hands_everything_to_governance_and_resumes() {
    let dir = scratch("plan");
    let mut network =
        Network::deploy(&dir, "ci", None, &DeployOptions::default()).expect("the plan runs");
    let suite = network.suite().unwrap();
    let steps = network.deployment.steps_done;
    assert_eq!(network.deployment.contracts.len(), 6);
    assert!(network
        .deployment
        .contracts
        .iter()
        .all(|c| c.code_hash.starts_with("0x") && c.code_hash.len() == 66));
    for contract in [
        &suite.token,
        &suite.staking,
        &suite.registry,
        &suite.weights,
        &suite.emission,
    ] {
        let admin = suite.admin_of(contract).admin(network.chain()).unwrap();
        assert_eq!(admin, inktensor::chain::ink_account(&suite.governance));
    }
    let minter = suite.token().minter(network.chain()).unwrap();
    assert_eq!(minter, Some(inktensor::chain::ink_account(&suite.emission)));
    let alice = network.account("alice");
    assert_eq!(
        suite.token().balance_of(network.chain(), &alice).unwrap(),
        100_000 * interfaces::RAO_PER_TAO
    );
    // A second run finds every step done: nothing is deployed again.
    let again = Network::deploy(&dir, "ci", None, &DeployOptions::default()).unwrap();
    assert_eq!(again.deployment.steps_done, steps);
    assert_eq!(again.deployment.contracts, network.deployment.contracts);
    let record = std::fs::read_to_string(dir.join("ci.json")).unwrap();
    assert!(record.contains("\"steps_done\"") && record.contains("subnet_registry"));
    assert!(
        !record.contains("\"url\""),
        "a sandbox record names no node: {record}"
    );
    // The same name on a node is another network: refused before anything is sent.
    let node = inktensor::network::Node {
        url: "ws://127.0.0.1:1".to_string(),
        suri: "//Alice".to_string(),
    };
    let refused = Network::deploy(&dir, "ci", Some(&node), &DeployOptions::default())
        .err()
        .expect("a sandbox network is not resumed on a node");
    assert_eq!(
        refused,
        "network `ci` is recorded at the sandbox; deploy to ws://127.0.0.1:1 under another --network"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn operations_act_on_the_saved_network_and_name_refusals() {
    let dir = scratch("ops");
    Network::deploy(
        &dir,
        "ops",
        None,
        &DeployOptions {
            keep_admin: true,
            ..DeployOptions::default()
        },
    )
    .unwrap();
    let run = |actor: &str, command: &str, args: &[&str]| {
        let mut network = Network::open(&dir, "ops").unwrap();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        ops::run(&mut network, actor, command, &args)
    };
    run("alice", "create-subnet", &["alice-hotkey"]).unwrap();
    run("deployer", "set-shares", &["1=1"]).unwrap();
    run("bob", "register", &["1", "validator"]).unwrap();
    run("dave", "register", &["1", "miner"]).unwrap();
    let staked = run("bob", "stake", &["validator", "250.5"]).unwrap();
    assert!(staked.contains("250.5000 TAO"), "{staked}");
    run("alice", "advance", &["400"]).unwrap();
    let epochs = run("eve", "epochs", &[]).unwrap();
    assert!(epochs.contains("subnet 1: epoch finished"), "{epochs}");
    let metagraph = run("alice", "metagraph", &["1"]).unwrap();
    assert_eq!(metagraph.lines().count(), 1 + 3, "{metagraph}");
    // A proposal lists with its calls decoded from the target's metadata.
    run("alice", "propose", &["1", "Tempo(100)"]).unwrap();
    let proposals = run("bob", "proposals", &[]).unwrap();
    let mut lines = proposals.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("proposal 0 (Pending) by "),
        "{proposals}"
    );
    let call = lines.next().unwrap();
    assert!(
        call.starts_with("  subnet_registry.set_hyperparameter")
            && call.contains("Tempo(100)")
            && call.contains("netuid: 1"),
        "{proposals}"
    );
    // Refusals come back by name, explained.
    let refused = run("nobody", "stake", &["validator", "1"]).unwrap_err();
    assert_eq!(
        refused,
        "refused: InsufficientBalance — the account has too little TAO"
    );
    let early = run("eve", "set-shares", &["1=1"]).unwrap_err();
    assert!(early.starts_with("refused: NotAdmin — "), "{early}");
    let _ = std::fs::remove_dir_all(&dir);
}
