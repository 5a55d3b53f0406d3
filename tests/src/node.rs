//! The suite on a real node: substrate-contracts-node 0.42 started on 127.0.0.1 by the test,
//! the deployment plan run against it by `inktensor deploy`'s code, then stake, delegation,
//! a refusal, a governance proposal voted through and executed, and an epoch cranked — each
//! through the same operations users run. Skipped, with a message, when no node binary is
//! installed (`scripts/install-node` installs one).

use std::time::Instant;

use inktensor::network::{DeployOptions, Network, Node};
use inktensor::node::local::{node_binary, LocalNode};
use inktensor::ops;
use interfaces::governance::GovernanceSettings;

#[test]
fn the_suite_deploys_stakes_and_passes_a_proposal_on_a_real_node() {
    let Some(binary) = node_binary() else {
        eprintln!(
            "SKIPPED the_suite_deploys_stakes_and_passes_a_proposal_on_a_real_node: no \
             substrate-contracts-node on PATH or in $CONTRACTS_NODE (scripts/install-node \
             installs it, in about 42 minutes)"
        );
        return;
    };
    let started = Instant::now();
    let node = LocalNode::start(&binary, 0).expect("the node starts");
    let dir = std::env::temp_dir().join(format!("inktensor-node-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let options = DeployOptions {
        keep_admin: false,
        dev_accounts: true,
        governance: GovernanceSettings {
            voting_period: 8,
            timelock_delay: 4,
            ..GovernanceSettings::default()
        },
    };
    let target = Node {
        url: node.url(),
        suri: "//Alice".to_string(),
    };
    let network = Network::deploy(&dir, "e2e", Some(&target), &options).expect("the plan runs");
    assert_eq!(network.deployment.contracts.len(), 6);
    assert_eq!(network.deployment.url.as_deref(), Some(node.url().as_str()));
    let deployed = started.elapsed();
    let (steps, contracts) = (
        network.deployment.steps_done,
        network.deployment.contracts.clone(),
    );
    drop(network);

    let run = |actor: &str, command: &str, args: &[&str]| {
        let mut network = Network::open_with(&dir, "e2e", Some("//Alice")).unwrap();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        ops::run(&mut network, actor, command, &args)
    };
    // A rerun of the plan finds every step done on the chain's record.
    let again = Network::deploy(&dir, "e2e", Some(&target), &options).unwrap();
    assert_eq!(again.deployment.steps_done, steps);
    assert_eq!(again.deployment.contracts, contracts);
    drop(again);

    run("alice", "create-subnet", &["alice-hotkey"]).unwrap();
    run("bob", "register", &["1", "validator"]).unwrap();
    run("dave", "register", &["1", "miner"]).unwrap();
    let staked = run("bob", "stake", &["validator", "250.5"]).unwrap();
    assert!(staked.contains("250.5000 TAO"), "{staked}");
    let delegated = run("charlie", "stake", &["validator", "100"]).unwrap();
    assert!(delegated.contains("100.0000 TAO"), "{delegated}");
    let refused = run("nobody", "stake", &["validator", "1"]).unwrap_err();
    assert_eq!(
        refused,
        "refused: InsufficientBalance — the account has too little TAO"
    );

    let proposed = run("bob", "propose", &["1", "Tempo(10)"]).unwrap();
    assert!(proposed.starts_with("proposal 0: "), "{proposed}");
    run("alice", "advance", &["2"]).unwrap();
    let voted = run("bob", "vote", &["0", "For"]).unwrap();
    assert!(voted.contains("with 250.5000 TAO"), "{voted}");
    run("charlie", "vote", &["0", "For"]).unwrap();
    run("alice", "advance", &["9"]).unwrap();
    run("alice", "queue", &["0"]).unwrap();
    run("alice", "advance", &["5"]).unwrap();
    run("alice", "execute", &["0"]).unwrap();
    let subnets = run("alice", "subnets", &[]).unwrap();
    let subnet = subnets
        .lines()
        .find(|line| line.trim_start().starts_with("1 "))
        .unwrap_or_else(|| panic!("subnet 1 is listed: {subnets}"));
    assert_eq!(subnet.split_whitespace().nth(3), Some("10"), "{subnets}");

    run("alice", "advance", &["11"]).unwrap();
    let epochs = run("eve", "epochs", &[]).unwrap();
    assert!(epochs.contains("subnet 1: epoch finished"), "{epochs}");
    let metagraph = run("alice", "metagraph", &["1"]).unwrap();
    assert_eq!(metagraph.lines().count(), 1 + 3, "{metagraph}");
    eprintln!(
        "real node: deployed in {:.1} s, whole test {:.1} s",
        deployed.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
