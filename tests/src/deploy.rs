//! The deployment plan on a sandbox network that outlives the process, and operations on it.

use inktensor::error::Error;
use inktensor::network::{DeployOptions, Network};
use inktensor::ops;

/// Runs `command args…` as `actor` on the saved network `name`, as the command line does.
fn run_on(
    dir: &std::path::Path,
    name: &str,
    actor: &str,
    command: &str,
    args: &[&str],
) -> Result<String, String> {
    let mut network = Network::open(dir, name).unwrap();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    // What the command prints for a failure.
    ops::run(&mut network, actor, command, &args).map_err(|error| error.to_string())
}

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
    assert_eq!(network.deployment.contracts.len(), 8);
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
        &suite.epoch,
        &suite.market,
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
    // Resuming is by step count: only the same plan may resume.
    let other_plan = DeployOptions {
        keep_admin: true,
        ..DeployOptions::default()
    };
    let refused = Network::deploy(&dir, "ci", None, &other_plan)
        .err()
        .expect("another plan does not resume this one");
    assert!(matches!(refused, Error::Deployment(_)), "{refused:?}");
    assert!(
        refused.to_string().contains("was begun with another plan"),
        "{refused}"
    );
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
    assert!(matches!(refused, Error::Deployment(_)), "{refused:?}");
    assert_eq!(
        refused.to_string(),
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
    let run = |actor: &str, command: &str, args: &[&str]| run_on(&dir, "ops", actor, command, args);
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

/// The guide's "launch a network" (docs/operations.md), every line run as written but in the
/// sandbox: genesis counted by the schedule, emission switched on by a proposal, and an epoch
/// that pays the keeper its fee and the delegator a reward.
#[test]
fn the_documented_launch_pays_a_delegator_in_the_sandbox() {
    let dir = scratch("launch");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for mut line in inktensor::launch::documented_launch("launch", None).unwrap() {
        // The guide runs from the repository's root.
        if let Some(at) = line.iter().position(|word| word == "--config") {
            line[at + 1] = root.join(&line[at + 1]).display().to_string();
        }
        inktensor::cli::run(&line, &dir).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    }
    let mut network = Network::open(&dir, "launch").unwrap();
    let suite = network.suite().unwrap();
    let tao = interfaces::RAO_PER_TAO;
    let chain = network.chain();
    // Genesis: 6 × 100,000 TAO and 50,000 for the treasury, all of it issued before the
    // first block's release.
    let treasury = suite.token().balance_of(chain, &suite.governance).unwrap();
    assert_eq!(treasury, 50_000 * tao);
    let supply = suite.token().total_supply(chain).unwrap();
    let issuance = suite.emission().issuance(chain).unwrap();
    assert!(
        issuance >= supply && supply > 650_000 * tao,
        "{issuance} {supply}"
    );
    assert_eq!(
        suite.governance().state(chain, 0).unwrap(),
        Some(interfaces::governance::ProposalState::Executed)
    );
    let [charlie, eve, validator, dave, miner] =
        ["charlie", "eve", "validator", "dave", "miner"].map(|n| network.account(n));
    let chain = network.chain();
    let delegated = suite
        .staking()
        .stake_of(chain, &validator, &charlie)
        .unwrap();
    assert!(delegated > 500 * tao, "charlie earned nothing: {delegated}");
    let mined = suite.staking().stake_of(chain, &miner, &dave).unwrap();
    assert!(mined > 0, "the miner earned nothing");
    let keeper = suite.token().balance_of(chain, &eve).unwrap();
    assert!(keeper > 100_000 * tao, "the keeper earned no fee: {keeper}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A launch file is checked whole before anything is sent: a bad one leaves no record.
#[test]
fn a_bad_launch_file_is_refused_before_anything_is_sent() {
    let dir = scratch("bad-launch");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(&file, "[emission]\nkeeper_fee = 1000\n").unwrap();
    let args: Vec<String> = ["deploy", "--network", "bad", "--config"]
        .iter()
        .map(|w| w.to_string())
        .chain([file.display().to_string()])
        .collect();
    let refused = inktensor::cli::run(&args, &dir).unwrap_err();
    assert!(matches!(refused, Error::File(_)), "{refused:?}");
    let refused = refused.to_string();
    assert!(
        refused.ends_with("emission.keeper_fee: 1000 is above the largest fee, 655 (1%)"),
        "{refused}"
    );
    assert!(!dir.join("bad.json").exists());
    // A name that is no development account would be a key anyone can derive.
    std::fs::write(
        &file,
        "[genesis]\naccounts = [{ account = \"bobb\", tao = 1 }]\n",
    )
    .unwrap();
    let refused = inktensor::cli::run(&args, &dir).unwrap_err().to_string();
    assert!(
        refused.starts_with("`bobb` is neither an SS58 address nor a development account"),
        "{refused}"
    );
    // A flag the file's check never saw is checked with the rest.
    std::fs::write(&file, "").unwrap();
    let zero_period: Vec<String> = args
        .iter()
        .cloned()
        .chain(["--voting-period".into(), "0".into()])
        .collect();
    let refused = inktensor::cli::run(&zero_period, &dir)
        .unwrap_err()
        .to_string();
    assert!(refused.starts_with("governance: "), "{refused}");
    assert!(!dir.join("bad.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `propose` builds any governed call from the target's metadata and refuses, before
/// signing, what governance could not run or read; `cancel` withdraws a proposal.
#[test]
fn proposals_of_any_governed_call_are_typed_and_checked_before_signing() {
    let dir = scratch("propose");
    Network::deploy(&dir, "gov", None, &DeployOptions::default()).unwrap();
    let run = |actor: &str, command: &str, args: &[&str]| run_on(&dir, "gov", actor, command, args);
    run("alice", "create-subnet", &["alice-hotkey"]).unwrap();
    let proposed = run(
        "alice",
        "propose",
        &[
            "emission.set_fixed_shares",
            "[(1, 1)]",
            "+",
            "staking.set_config",
            "StakingConfig { min_stake: 1000, nominator_min_stake: 2000, take_rate_limit: 7 }",
            "+",
            "upgrade",
            "tao_token",
            "+",
            "minimums",
            "0.5",
            "1",
        ],
    )
    .unwrap();
    let lines: Vec<&str> = proposed.lines().collect();
    assert!(
        lines[0].starts_with("proposal 0: emission.set_fixed_shares"),
        "{proposed}"
    );
    assert!(lines[1].contains("emission.set_fixed_shares") && lines[1].contains("(1, 1)"));
    assert!(lines[2].contains("staking.set_config") && lines[2].contains("min_stake: 1000"));
    // The upgrade proposes the hash of the code the suite runs (the same build).
    let network = Network::open(&dir, "gov").unwrap();
    let token_hash = &network.deployment.contracts[0].code_hash;
    assert!(lines[3].contains("tao_token.Admin::set_code"), "{proposed}");
    assert!(
        lines[3].contains(&token_hash[2..]),
        "{proposed} {token_hash}"
    );
    assert!(
        lines[4].contains("min_stake: 500000000")
            && lines[4].contains("nominator_min_stake: 1000000000")
            && lines[4].contains("take_rate_limit: 216000"),
        "{proposed}"
    );
    drop(network);

    let refusals = [
        (
            vec!["emission.no_such_message"],
            "emission has no message `no_such_message`; a proposal may call ",
        ),
        (vec!["emission.config"], "emission.config only reads"),
        (vec!["oracle.set"], "`oracle` is not a suite contract"),
        (
            vec!["emission.set_fixed_shares", "not a list"],
            "emission.set_fixed_shares: ",
        ),
        (vec!["shares"], "`shares` needs NETUID=PARTS,…"),
        (
            vec!["shares", "1=1", "+"],
            "a proposal needs a call on each side of `+`",
        ),
    ];
    for (args, expected) in refusals {
        let refused = run("alice", "propose", &args).unwrap_err();
        assert!(refused.starts_with(expected), "{args:?}: {refused}");
    }
    // None of the refused ones reached the chain; the proposer cancels the good one.
    let listed = run("bob", "proposals", &[]).unwrap();
    assert_eq!(listed.matches("proposal ").count(), 1, "{listed}");
    assert_eq!(
        run("bob", "cancel", &["0"]).unwrap_err(),
        format!("refused: NotProposer — {}", ops::explain("NotProposer"))
    );
    run("alice", "cancel", &["0"]).unwrap();
    assert!(run("bob", "proposals", &[])
        .unwrap()
        .starts_with("proposal 0 (Canceled)"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A delegator's operations: list positions with the subnets of each hotkey, move stake
/// between validators, hand some to another coldkey, and take everything out of one.
#[test]
fn a_delegator_lists_moves_hands_over_and_unstakes_its_positions() {
    let dir = scratch("delegator");
    let options = DeployOptions {
        keep_admin: true,
        ..DeployOptions::default()
    };
    Network::deploy(&dir, "stake", None, &options).unwrap();
    let run =
        |actor: &str, command: &str, args: &[&str]| run_on(&dir, "stake", actor, command, args);
    run("alice", "create-subnet", &["alice-hotkey"]).unwrap();
    run("bob", "register", &["1", "validator"]).unwrap();
    run("dave", "register", &["1", "miner"]).unwrap();
    run("charlie", "stake", &["validator", "100"]).unwrap();
    let moved = run("charlie", "move-stake", &["validator", "miner", "40"]).unwrap();
    assert!(moved.ends_with(": 40.0000 TAO\n"), "{moved}");
    let handed = run("charlie", "transfer-stake", &["miner", "eve", "15"]).unwrap();
    assert!(handed.ends_with(": 15.0000 TAO\n"), "{handed}");
    let positions = run("charlie", "positions", &[]).unwrap();
    let lines: Vec<&str> = positions.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{positions}");
    assert!(
        lines.iter().any(|l| l.contains(" 60.0000  1 (uid 1)")),
        "{positions}"
    );
    assert!(
        lines.iter().any(|l| l.contains(" 25.0000  1 (uid 2)")),
        "{positions}"
    );
    let out = run("charlie", "unstake-all", &["validator"]).unwrap();
    assert!(out.starts_with("unstaked 60.0000 TAO from "), "{out}");
    let eve = run("eve", "positions", &[]).unwrap();
    assert!(eve.contains(" 15.0000  1 (uid 2)"), "{eve}");
    let refused = run("charlie", "move-stake", &["miner", "miner", "1"]).unwrap_err();
    assert_eq!(
        refused,
        format!("refused: SameHotkey — {}", ops::explain("SameHotkey"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Dynamic TAO from the command line: the owner opens its subnet's market, a delegator reads a
/// quote, stakes into the subnet with a slippage limit and sells its alpha back (the numbers
/// are a 100 TAO round trip on a 1,000 TAO pool: `market.rs` works them out).
#[test]
fn a_delegator_trades_alpha_on_a_subnets_market() {
    let dir = scratch("market");
    let options = DeployOptions {
        keep_admin: true,
        ..DeployOptions::default()
    };
    Network::deploy(&dir, "market", None, &options).unwrap();
    let run =
        |actor: &str, command: &str, args: &[&str]| run_on(&dir, "market", actor, command, args);
    run("alice", "create-subnet", &["alice-hotkey"]).unwrap();
    assert_eq!(
        run("bob", "market", &["1"]).unwrap(),
        "subnet 1 has no market\n"
    );
    assert_eq!(
        run("bob", "open-market", &["1"]).unwrap_err(),
        format!(
            "refused: NotSubnetOwner — {}",
            ops::explain("NotSubnetOwner")
        )
    );
    assert_eq!(
        run("alice", "open-market", &["1"]).unwrap(),
        "subnet 1's market is open: 1000.0000 TAO against 1000.0000 α\n"
    );
    assert_eq!(
        run("charlie", "quote", &["1", "100"]).unwrap(),
        "staking 100.0000 TAO gets 90.8674 α (fee 0.0503 TAO); \
         the price moves 1.0000 TAO/α → 1.2099 TAO/α (+20.99%)\n"
    );
    let bought = run("charlie", "stake-alpha", &["alice-hotkey", "1", "100"]).unwrap();
    assert!(
        bought.starts_with("bought 90.8674 α for 100.0000 TAO (limit 1.2159 TAO/α); "),
        "{bought}"
    );
    assert!(bought.ends_with(" in subnet 1: 90.8674 α\n"), "{bought}");
    let held = run("charlie", "alpha", &["alice-hotkey", "1"]).unwrap();
    assert!(
        held.ends_with(": 90.8674 α (99.9084 TAO if sold now)\n"),
        "{held}"
    );
    let market = run("bob", "market", &["1"]).unwrap();
    assert!(
        market.contains("pool 1100.0000 TAO / 909.1325 α, staked 90.8674 α"),
        "{market}"
    );
    let sold = run(
        "charlie",
        "unstake-alpha",
        &["alice-hotkey", "1", "90.867473489"],
    )
    .unwrap();
    assert!(
        sold.starts_with("sold 90.8674 α for 99.9084 TAO "),
        "{sold}"
    );
    assert!(sold.ends_with(" in subnet 1: 0.0000 α\n"), "{sold}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A validator renames its hotkey and a delegator hands everything to a new coldkey, from the
/// command line, with the launch file's key swap rules.
#[test]
fn keys_are_rotated_from_the_command_line() {
    let dir = scratch("keys");
    let launch = inktensor::launch::LaunchConfig::parse(
        "[subnets]\nkey_swap_cost = \"0.5\"\nhotkey_swap_rate_limit = 0\ncoldkey_swap_delay = 5\n",
    )
    .unwrap();
    let options = DeployOptions {
        launch,
        ..DeployOptions::default()
    };
    Network::deploy(&dir, "keys", None, &options).unwrap();
    let run =
        |actor: &str, command: &str, args: &[&str]| run_on(&dir, "keys", actor, command, args);
    run("alice", "create-subnet", &["alice-hotkey"]).unwrap();
    run("bob", "register", &["1", "validator"]).unwrap();
    run("charlie", "stake", &["validator", "100"]).unwrap();
    let swapped = run("bob", "swap-hotkey", &["validator", "validator-2"]).unwrap();
    assert!(swapped.ends_with("burned 0.5000 TAO\n"), "{swapped}");
    let positions = run("charlie", "positions", &[]).unwrap();
    assert!(positions.contains(" 100.0000  1 (uid 1)"), "{positions}");
    assert_eq!(
        run("bob", "swap-hotkey", &["validator-2", "validator"]).unwrap_err(),
        format!("refused: HotkeyInUse — {}", ops::explain("HotkeyInUse"))
    );

    let announced = run("charlie", "announce-coldkey-swap", &["charlie-2"]).unwrap();
    assert!(announced.contains("due at block "), "{announced}");
    let status = run("eve", "coldkey-swap", &["charlie"]).unwrap();
    assert!(status.contains("(5 blocks)"), "{status}");
    assert_eq!(
        run("eve", "swap-coldkey", &["charlie"]).unwrap_err(),
        format!(
            "refused: ColdkeySwapNotDue — {}",
            ops::explain("ColdkeySwapNotDue")
        )
    );
    run("alice", "advance", &["5"]).unwrap();
    let done = run("eve", "swap-coldkey", &["charlie"]).unwrap();
    assert!(done.contains("swapped in 1 call(s)"), "{done}");
    let heir = run("charlie-2", "positions", &[]).unwrap();
    assert!(heir.contains(" 100.0000  1 (uid 1)"), "{heir}");
    assert!(run("charlie", "coldkey-swap", &[])
        .unwrap()
        .starts_with("no coldkey swap"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Governance counts lent voting power as the delegate's at a proposal's snapshot: the
/// delegate votes with both, the lender has nothing left to vote with.
#[test]
fn a_delegate_votes_with_the_power_lent_to_it() {
    let dir = scratch("delegated-votes");
    Network::deploy(&dir, "votes", None, &DeployOptions::default()).unwrap();
    let run =
        |actor: &str, command: &str, args: &[&str]| run_on(&dir, "votes", actor, command, args);
    run("alice", "create-subnet", &["alice-hotkey"]).unwrap();
    run("bob", "register", &["1", "validator"]).unwrap();
    run("bob", "stake", &["validator", "100"]).unwrap();
    run("charlie", "stake", &["validator", "50"]).unwrap();
    let lent = run("charlie", "delegate", &["bob"]).unwrap();
    assert!(lent.contains("(50.0000 TAO) is lent to "), "{lent}");
    run("alice", "advance", &["1"]).unwrap();
    run("bob", "propose", &["1", "Tempo(100)"]).unwrap();
    run("alice", "advance", &["2"]).unwrap();
    let voted = run("bob", "vote", &["0", "For"]).unwrap();
    assert!(voted.contains("with 150.0000 TAO"), "{voted}");
    assert_eq!(
        run("charlie", "vote", &["0", "For"]).unwrap_err(),
        format!("refused: NoVotingPower — {}", ops::explain("NoVotingPower"))
    );
    let back = run("charlie", "delegate", &["charlie"]).unwrap();
    assert!(
        back.contains("votes with its own 50.0000 TAO again"),
        "{back}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Delegators compare validators by name, stake, take, nominators and what 1,000 TAO earned
/// in the last epoch; subnets show their names.
#[test]
fn delegates_and_subnets_are_listed_with_their_identities() {
    let dir = scratch("identities");
    let options = DeployOptions {
        keep_admin: true,
        ..DeployOptions::default()
    };
    Network::deploy(&dir, "ids", None, &options).unwrap();
    let run = |actor: &str, command: &str, args: &[&str]| run_on(&dir, "ids", actor, command, args);
    run("alice", "create-subnet", &["alice-hotkey"]).unwrap();
    run("deployer", "set-shares", &["1=1"]).unwrap();
    run("bob", "register", &["1", "validator"]).unwrap();
    run("bob", "stake", &["validator", "1000"]).unwrap();
    run("charlie", "stake", &["validator", "1000"]).unwrap();
    run(
        "bob",
        "set-identity",
        &[
            "validator",
            "--name",
            "Bob's validator",
            "--url",
            "https://bob.example",
        ],
    )
    .unwrap();
    run(
        "alice",
        "set-subnet-identity",
        &["1", "--name", "Text prompting"],
    )
    .unwrap();
    run("alice", "advance", &["400"]).unwrap();
    run("eve", "epochs", &[]).unwrap();
    let subnets = run("alice", "subnets", &[]).unwrap();
    assert!(subnets.contains("Text prompting"), "{subnets}");
    let metagraph = run("alice", "metagraph", &["1"]).unwrap();
    assert!(
        metagraph
            .lines()
            .any(|l| l.starts_with("  1  ") && l.ends_with("Bob's validator")),
        "{metagraph}"
    );
    let delegates = run("alice", "delegates", &["--sort", "return"]).unwrap();
    let line = delegates
        .lines()
        .find(|l| l.starts_with("Bob's validator"))
        .unwrap_or_else(|| panic!("{delegates}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    // name (2 words), hotkey, stake, take, nominators, return.
    // 2,000 TAO staked, and the epoch's dividends on top.
    let stake: f64 = fields[3].parse().unwrap();
    assert!(stake > 2_000.0, "{delegates}");
    assert_eq!(fields[4], "18.00%", "{delegates}");
    assert_eq!(fields[5], "2", "{delegates}");
    let earned: f64 = fields[6].parse().unwrap();
    assert!(earned > 0.0, "{delegates}");
    let refused = run(
        "charlie",
        "set-identity",
        &["validator", "--name", "not mine"],
    )
    .unwrap_err();
    assert!(refused.starts_with("refused: NotHotkeyOwner"), "{refused}");
    assert!(run("bob", "set-identity", &["validator", "--nick", "x"])
        .unwrap_err()
        .starts_with("unknown flag --nick"));
    let _ = std::fs::remove_dir_all(&dir);
}
