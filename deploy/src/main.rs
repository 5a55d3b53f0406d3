//! `inktensor`: run the protocol on the embedded sandbox (`simulate`, the main job).

use std::process::ExitCode;

use inktensor::network::{DeployOptions, Network, Node};
use inktensor::node::local;
use inktensor::simulate::{run, Scenario};
use interfaces::governance::GovernanceSettings;

const USAGE: &str =
    "usage: inktensor simulate [--subnets N] [--validators N] [--miners N] [--tempos N]
                          [--tempo BLOCKS] [--max-rows N] [--seed N] [--chart FILE.svg]
       inktensor bench [--sizes N/V,N/V,...] [--max-rows N] [--weighted-epochs N]
       inktensor deploy [--network NAME] [--keep-admin] [--voting-period BLOCKS]
                        [--timelock BLOCKS] [--url ws://… --suri SURI [--dev-accounts]]
       inktensor dev-node [--port 9944] [--network dev]
       inktensor [--network NAME] [--as ACCOUNT] [--faucet SURI] OPERATION [ARGS…]
  simulate  the protocol alive in the embedded sandbox: subnets, staking, weights, epochs
            cranked by a keeper, a governance vote; tables, TAO flow and a chart
  bench     gas of whole epochs (dense weights) in the sandbox, as a markdown table
  deploy    run the deployment plan, resumable; with --url on a real node signed by SURI
            (record deployments/NAME.json, default name: local; --dev-accounts mints TAO
            to alice…ferdie), else on a sandbox network kept in deployments/NAME.json +
            NAME.state (default name: sandbox; dev accounts always funded)
  dev-node  start substrate-contracts-node on 127.0.0.1 with a fresh chain, deploy the suite
            to it (dev accounts funded, 20-block votes, 10-block timelock), run until Ctrl-C
operations on a deployed network (ACCOUNT: alice…ferdie, deployer, any name, or on a node
a secret URI such as //Alice; default alice; on a node --faucet pays fees for named keys):
  subnets | metagraph NETUID | balance [ACCOUNT]
  create-subnet HOTKEY | register NETUID HOTKEY
  stake HOTKEY TAO | unstake HOTKEY TAO | set-take HOTKEY TAKE
  set-weights NETUID UID=W,… | set-shares NETUID=PARTS,… (admin)
  epochs [MAX_ROWS] (keeper: runs every due epoch) | advance BLOCKS
  propose NETUID 'Tempo(100)' | proposals | vote ID For|Against|Abstain | queue ID | execute ID";

const DEPLOYMENTS: &str = "deployments";

fn blocks(value: Option<&String>, flag: &str) -> Result<u32, String> {
    let value = value.ok_or(format!("{flag} needs a number of blocks"))?;
    value
        .parse()
        .map_err(|_| format!("{flag}: `{value}` is not a number"))
}

fn deploy(args: &[String]) -> Result<(), String> {
    let mut network = None;
    let mut options = DeployOptions::default();
    let (mut url, mut suri) = (None, None);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--network" => network = Some(rest.next().ok_or("--network needs a name")?.clone()),
            "--keep-admin" => options.keep_admin = true,
            "--dev-accounts" => options.dev_accounts = true,
            "--url" => url = Some(rest.next().ok_or("--url needs ws://HOST:PORT")?.clone()),
            "--suri" => suri = Some(rest.next().ok_or("--suri needs a secret URI")?.clone()),
            "--voting-period" => options.governance.voting_period = blocks(rest.next(), flag)?,
            "--timelock" => options.governance.timelock_delay = blocks(rest.next(), flag)?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let node = match (url, suri) {
        (Some(url), Some(suri)) => Some(Node { url, suri }),
        (None, None) => None,
        _ => return Err("--url and --suri go together".into()),
    };
    let network =
        network.unwrap_or_else(|| if node.is_some() { "local" } else { "sandbox" }.into());
    let dir = std::path::Path::new(DEPLOYMENTS);
    let network = Network::deploy(dir, &network, node.as_ref(), &options)?;
    let suite = network.suite()?;
    println!(
        "network `{}` deployed at block {} ({} steps); record in {DEPLOYMENTS}/{}.json",
        network.name, network.deployment.block, network.deployment.steps_done, network.name
    );
    print!("{}", inktensor::ops::addresses(&suite));
    Ok(())
}

/// A development chain on this machine with the suite deployed, until interrupted: what the
/// dApp and manual testing run against.
fn dev_node(args: &[String]) -> Result<(), String> {
    let mut port = 9944;
    let mut network = "dev".to_string();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => {
                port = value
                    .parse()
                    .map_err(|_| format!("--port: `{value}` is not a port"))?
            }
            "--network" => network = value.clone(),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let binary = local::node_binary().ok_or(
        "no substrate-contracts-node on PATH or in $CONTRACTS_NODE: scripts/install-node installs it",
    )?;
    let mut node = local::LocalNode::start(&binary, port)?;
    let dir = std::path::Path::new(DEPLOYMENTS);
    // The chain is new on every start, so an old record of this network is stale.
    let _ = std::fs::remove_file(dir.join(format!("{network}.json")));
    let options = DeployOptions {
        dev_accounts: true,
        governance: GovernanceSettings {
            voting_period: 20,
            timelock_delay: 10,
            ..GovernanceSettings::default()
        },
        ..DeployOptions::default()
    };
    let target = Node {
        url: node.url(),
        suri: "//Alice".to_string(),
    };
    let deployed = Network::deploy(dir, &network, Some(&target), &options)?;
    println!(
        "development node at {} with the suite deployed ({DEPLOYMENTS}/{network}.json); \
         alice…ferdie hold 100,000 TAO each; Ctrl-C stops it",
        node.url()
    );
    print!("{}", inktensor::ops::addresses(&deployed.suite()?));
    node.wait().map_err(|e| e.to_string())?;
    Ok(())
}

fn operate(args: &[String]) -> Result<(), String> {
    let mut network = "sandbox".to_string();
    let mut actor = "alice".to_string();
    let mut faucet = None;
    let mut positional = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--network" => network = rest.next().ok_or("--network needs a name")?.clone(),
            "--as" => actor = rest.next().ok_or("--as needs an account")?.clone(),
            "--faucet" => faucet = Some(rest.next().ok_or("--faucet needs a secret URI")?.clone()),
            _ => positional.push(arg.clone()),
        }
    }
    let (command, args) = positional.split_first().ok_or(USAGE)?;
    let dir = std::path::Path::new(DEPLOYMENTS);
    let mut network = Network::open_with(dir, &network, faucet.as_deref())?;
    let output = inktensor::ops::run(&mut network, &actor, command, args)?;
    print!("{output}");
    Ok(())
}

/// The sizes the emission issue asks for: n / validators.
const BENCH_SIZES: &[(u16, u16)] = &[(16, 16), (64, 64), (256, 64), (1_024, 256), (4_096, 256)];

fn bench(args: &[String]) -> Result<(), String> {
    let mut sizes = BENCH_SIZES.to_vec();
    let mut max_rows = 64;
    let mut weighted_epochs = 2;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--sizes" => {
                sizes = value
                    .split(',')
                    .map(|size| {
                        let (n, v) = size
                            .split_once('/')
                            .ok_or(format!("size `{size}` is not N/V"))?;
                        let n = n.parse().map_err(|_| format!("`{n}` is not a number"))?;
                        let v = v.parse().map_err(|_| format!("`{v}` is not a number"))?;
                        Ok((n, v))
                    })
                    .collect::<Result<_, String>>()?
            }
            "--weighted-epochs" => {
                weighted_epochs = value
                    .parse()
                    .map_err(|_| format!("--weighted-epochs: `{value}` is not a number"))?
            }
            "--max-rows" => {
                max_rows = value
                    .parse()
                    .map_err(|_| format!("--max-rows: `{value}` is not a number"))?
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    let mut rows = Vec::new();
    for (n, v) in sizes {
        eprintln!("measuring n = {n}, validators = {v} ...");
        rows.push(
            inktensor::bench::epoch(n, v, max_rows, weighted_epochs).map_err(|e| e.to_string())?,
        );
    }
    print!("{}", inktensor::bench::table(&rows));
    Ok(())
}

fn parse(args: &[String]) -> Result<Scenario, String> {
    let mut scenario = Scenario::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        if flag == "--chart" {
            scenario.chart = Some(value.into());
            continue;
        }
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: `{value}` is not a number"))?;
        match flag.as_str() {
            "--subnets" if (1..=8).contains(&number) => scenario.subnets = number as usize,
            "--miners" if (1..=200).contains(&number) => scenario.miners = number as usize,
            "--validators" if (1..=50).contains(&number) => scenario.validators = number as usize,
            "--tempos" if (1..=100).contains(&number) => scenario.tempos = number as u32,
            "--tempo" if (2..=1_000).contains(&number) => scenario.tempo = number as u16,
            "--max-rows" if (1..=256).contains(&number) => scenario.max_rows = number as u16,
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
        "bench" => bench(&args[1..]),
        "deploy" => deploy(&args[1..]),
        "dev-node" => dev_node(&args[1..]),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        _ => operate(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("inktensor: {error}");
            ExitCode::FAILURE
        }
    }
}
