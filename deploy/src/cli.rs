//! The `inktensor` command line: each command's flags read and its work done, output printed.
//! `main` only hands over the arguments; tests run documented command lines through [`run`].

use std::path::Path;
use std::time::Duration;

use crate::error::{file, usage, Error, Result};
use crate::keeper::{self, Pacing};
use crate::launch::LaunchConfig;
use crate::network::{DeployOptions, Network, Node};
use crate::node::local;
use crate::simulate::{self, Scenario};
use crate::units::tao;
use interfaces::emission::SharesRule;

const USAGE: &str =
    "usage: inktensor simulate [--subnets N] [--validators N] [--miners N] [--tempos N]
                          [--tempo BLOCKS] [--max-rows N] [--seed N] [--chart FILE.svg]
                          [--shares fixed|market]
       inktensor bench [--sizes N/V,N/V,...] [--max-rows N] [--weighted-epochs N] | --market
       inktensor deploy [--network NAME] [--config FILE.toml] [--keep-admin]
                        [--voting-period BLOCKS] [--timelock BLOCKS]
                        [--url ws://… --suri SURI [--dev-accounts]]
       inktensor dev-node [--port 9944] [--network dev]
       inktensor [--network NAME] [--as ACCOUNT] keeper [--rounds N] [--interval SECONDS]
                        [--max-rows N]
       inktensor [--network NAME] [--as ACCOUNT] [--faucet SURI] OPERATION [ARGS…]
  simulate  the protocol alive in the embedded sandbox: subnets, staking, weights, epochs
            cranked by a keeper, a governance vote; tables, TAO flow and a chart
  bench     gas of whole epochs (dense weights) in the sandbox, as a markdown table;
            --market: gas of the market's messages (open, stake, unstake, quote)
  deploy    run the deployment plan, resumable; with --url on a real node signed by SURI
            (record deployments/NAME.json, default name: local; --dev-accounts mints TAO
            to alice…ferdie), else on a sandbox network kept in deployments/NAME.json +
            NAME.state (default name: sandbox; dev accounts always funded); --config: the
            launch file (genesis, treasury, settings; deploy/networks/example.toml)
  dev-node  start substrate-contracts-node on 127.0.0.1 with a fresh chain and launch a live
            network on it (deploy/networks/dev.toml, then the launch of docs/operations.md:
            a subnet, stake, emission switched on by a proposal), then keep it until Ctrl-C
  keeper    run every due epoch and root-share update, round after round, until Ctrl-C
operations on a deployed network (ACCOUNT: alice…ferdie, deployer, any name, or on a node
a secret URI such as //Alice; default alice; on a node --faucet pays fees for named keys):
  subnets | metagraph NETUID | balance [ACCOUNT]
  create-subnet HOTKEY | register NETUID HOTKEY
  stake HOTKEY TAO | unstake HOTKEY TAO | unstake-all HOTKEY | set-take HOTKEY TAKE
  positions [ACCOUNT] | move-stake FROM_HOTKEY TO_HOTKEY TAO | transfer-stake HOTKEY TO TAO
  open-market NETUID (owner) | market NETUID | quote NETUID TAO | alpha HOTKEY NETUID [ACCOUNT]
  stake-alpha HOTKEY NETUID TAO [TOLERANCE%] | unstake-alpha HOTKEY NETUID ALPHA [TOLERANCE%]
  move-swapped-alpha OLD_COLDKEY HOTKEY NETUID (anyone, after OLD_COLDKEY's swap)
  set-weights NETUID UID=W,… | set-shares NETUID=PARTS,… (admin)
  epochs [MAX_ROWS] (keeper: runs every due epoch) | advance BLOCKS
  propose [--description TEXT] CALL [+ CALL …]  (CALL: CONTRACT.MESSAGE [ARG …] |
            shares NETUID=PARTS,… | minimums MIN_STAKE NOMINATOR_MIN_STAKE |
            hyperparameter NETUID CHANGE | upgrade CONTRACT)
  proposals | vote ID For|Against|Abstain | queue ID | execute ID | cancel ID
  delegate ACCOUNT (lend your voting power; yourself: take it back)
  delegates [--sort stake|take|nominators|return]
  set-identity HOTKEY [--name N] [--url U] [--description D] [--image URL]
  set-subnet-identity NETUID [--name N] [--description D] [--url U] [--contact C]
  swap-hotkey OLD NEW (rename your hotkey everywhere: uids, stake, nominators, take)
  announce-coldkey-swap NEW | cancel-coldkey-swap | coldkey-swap [ACCOUNT] (status)
  swap-coldkey [OLD] (anyone, once due: moves every position, hotkey and subnet to NEW)";

/// Where networks are recorded, relative to the working directory.
pub const DEPLOYMENTS: &str = "deployments";

/// The development network's launch file, built in so that `dev-node` runs anywhere.
const DEV_LAUNCH: &str = include_str!("../networks/dev.toml");

/// The value after a flag, or `missing` as the usage error.
fn flag_value<'a>(rest: &mut impl Iterator<Item = &'a String>, missing: &str) -> Result<String> {
    rest.next().cloned().ok_or_else(|| usage(missing))
}

fn blocks(value: Option<&String>, flag: &str) -> Result<u32> {
    let value = value.ok_or_else(|| usage(format!("{flag} needs a number of blocks")))?;
    value
        .parse()
        .map_err(|_| usage(format!("{flag}: `{value}` is not a number")))
}

fn deploy(args: &[String], dir: &Path) -> Result<()> {
    let mut network = None;
    let mut options = DeployOptions::default();
    let (mut url, mut suri, mut config) = (None, None, None);
    let (mut voting_period, mut timelock) = (None, None);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--network" => network = Some(flag_value(&mut rest, "--network needs a name")?),
            "--config" => config = Some(flag_value(&mut rest, "--config needs a file")?),
            "--keep-admin" => options.keep_admin = true,
            "--dev-accounts" => options.dev_accounts = true,
            "--url" => url = Some(flag_value(&mut rest, "--url needs ws://HOST:PORT")?),
            "--suri" => suri = Some(flag_value(&mut rest, "--suri needs a secret URI")?),
            "--voting-period" => voting_period = Some(blocks(rest.next(), flag)?),
            "--timelock" => timelock = Some(blocks(rest.next(), flag)?),
            other => return Err(usage(format!("unknown flag {other}"))),
        }
    }
    if let Some(config) = config {
        options.launch = LaunchConfig::load(Path::new(&config))?;
    }
    // The flags win over the file, so that a test can shorten a real network's periods.
    if let Some(blocks) = voting_period {
        options.launch.governance.voting_period = blocks;
    }
    if let Some(blocks) = timelock {
        options.launch.governance.timelock_delay = blocks;
    }
    let node = match (url, suri) {
        (Some(url), Some(suri)) => Some(Node { url, suri }),
        (None, None) => None,
        _ => return Err(usage("--url and --suri go together")),
    };
    let network =
        network.unwrap_or_else(|| if node.is_some() { "local" } else { "sandbox" }.into());
    let network = Network::deploy(dir, &network, node.as_ref(), &options)?;
    let suite = network.suite()?;
    println!(
        "network `{}` deployed at block {} ({} steps); record in {}",
        network.name,
        network.deployment.block,
        network.deployment.steps_done,
        dir.join(format!("{}.json", network.name)).display()
    );
    print!("{}", crate::ops::addresses(&suite));
    Ok(())
}

/// A development chain on this machine with a live network on it — the development launch
/// file, then the launch of docs/operations.md — kept by a keeper that also seals a block
/// every two seconds, until interrupted: what the dApp and manual testing run against.
fn dev_node(args: &[String], dir: &Path) -> Result<()> {
    let mut port = 9944;
    let mut network = "dev".to_string();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = flag_value(&mut rest, &format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => {
                port = value
                    .parse()
                    .map_err(|_| usage(format!("--port: `{value}` is not a port")))?
            }
            "--network" => network = value.clone(),
            other => return Err(usage(format!("unknown flag {other}"))),
        }
    }
    let binary = local::node_binary().ok_or_else(|| {
        Error::Node(
            "no substrate-contracts-node on PATH or in $CONTRACTS_NODE: scripts/install-node \
             installs it"
                .into(),
        )
    })?;
    keeper::stop_on_interrupt();
    let node = local::LocalNode::start(&binary, port)?;
    // The chain is new on every start, so an old record of this network is stale.
    let _ = std::fs::remove_file(dir.join(format!("{network}.json")));
    let options = DeployOptions {
        launch: LaunchConfig::parse(DEV_LAUNCH).map_err(|e| file(format!("dev.toml: {e}")))?,
        ..DeployOptions::default()
    };
    let target = Node {
        url: node.url(),
        suri: "//Alice".to_string(),
    };
    let started = std::time::Instant::now();
    Network::deploy(dir, &network, Some(&target), &options)?;
    for line in crate::launch::documented_launch(&network, Some(&node.url()))? {
        if line.first().map(String::as_str) == Some("deploy") {
            continue;
        }
        if keeper::stop_requested() {
            return Ok(());
        }
        println!("$ inktensor {}", line.join(" "));
        run(&line, dir)?;
    }
    println!(
        "development node at {} with a live network ({}/{network}.json), launched in {:.0} s; \
         alice…ferdie hold 100,000 TAO each; Ctrl-C stops it",
        node.url(),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    let mut opened = Network::open_with(dir, &network, Some("//Alice"))?;
    print!("{}", crate::ops::addresses(&opened.suite()?));
    let pacing = Pacing {
        max_rows: keeper::DEFAULT_MAX_ROWS,
        interval: Duration::from_secs(2),
        rounds: None,
        seal_blocks: true,
    };
    let totals = keeper::run(&mut opened, "keeper", &pacing, |line| {
        println!("keeper: {line}")
    });
    println!(
        "stopped: {} epochs kept in {} rounds, the keeper earned {} TAO",
        totals.epochs,
        totals.rounds,
        tao(totals.earned)
    );
    drop(node);
    Ok(())
}

/// `[--network NAME] [--as ACCOUNT] [--faucet SURI] OPERATION [ARGS…]`, `keeper` included.
fn operate(args: &[String], dir: &Path) -> Result<()> {
    let mut network = "sandbox".to_string();
    let mut actor = "alice".to_string();
    let mut faucet = None;
    let mut positional = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--network" => network = flag_value(&mut rest, "--network needs a name")?,
            "--as" => actor = flag_value(&mut rest, "--as needs an account")?,
            "--faucet" => faucet = Some(flag_value(&mut rest, "--faucet needs a secret URI")?),
            _ => positional.push(arg.clone()),
        }
    }
    let (command, args) = positional.split_first().ok_or_else(|| usage(USAGE))?;
    let mut network = Network::open_with(dir, &network, faucet.as_deref())?;
    if command == "keeper" {
        return keep(&mut network, &actor, args);
    }
    let output = crate::ops::run(&mut network, &actor, command, args)?;
    print!("{output}");
    Ok(())
}

/// `keeper [--rounds N] [--interval SECONDS] [--max-rows N]`.
fn keep(network: &mut Network, actor: &str, args: &[String]) -> Result<()> {
    let mut pacing = Pacing {
        max_rows: keeper::DEFAULT_MAX_ROWS,
        interval: Duration::from_secs(6),
        rounds: None,
        seal_blocks: false,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = flag_value(&mut rest, &format!("{flag} needs a value"))?;
        let number = |what: &str| {
            value
                .parse::<u64>()
                .map_err(|_| usage(format!("{flag}: `{value}` is not {what}")))
        };
        match flag.as_str() {
            "--rounds" => pacing.rounds = Some(number("a number")?),
            "--interval" => {
                pacing.interval = Duration::from_secs(number("a number of seconds")?.max(1))
            }
            "--max-rows" => {
                pacing.max_rows = u16::try_from(number("a number")?)
                    .ok()
                    .filter(|rows| *rows > 0)
                    .ok_or_else(|| usage(format!("--max-rows: `{value}` is not 1..=65535")))?
            }
            other => return Err(usage(format!("unknown flag {other}"))),
        }
    }
    keeper::stop_on_interrupt();
    println!(
        "keeper {actor} on network `{}`: a round every {} s{}; Ctrl-C stops it",
        network.name,
        pacing.interval.as_secs(),
        pacing
            .rounds
            .map_or(String::new(), |n| format!(", {n} rounds"))
    );
    let totals = keeper::run(network, actor, &pacing, |line| println!("{line}"));
    println!(
        "keeper stopped after {} rounds: {} epochs, earned {} TAO, {} errors",
        totals.rounds,
        totals.epochs,
        tao(totals.earned),
        totals.errors
    );
    Ok(())
}

/// The sizes the emission issue asks for: n / validators.
const BENCH_SIZES: &[(u16, u16)] = &[(16, 16), (64, 64), (256, 64), (1_024, 256), (4_096, 256)];

fn bench(args: &[String]) -> Result<()> {
    let mut sizes = BENCH_SIZES.to_vec();
    let mut max_rows = keeper::DEFAULT_MAX_ROWS;
    let mut weighted_epochs = 2;
    if args.first().map(String::as_str) == Some("--market") {
        print!("{}", crate::bench::market_table(&crate::bench::market()?));
        let emission = crate::bench::market_emission(&[64, 128])?;
        print!("\n{}", crate::bench::market_table(&emission));
        return Ok(());
    }
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = flag_value(&mut rest, &format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--sizes" => {
                sizes = value
                    .split(',')
                    .map(|size| {
                        let (n, v) = size
                            .split_once('/')
                            .ok_or_else(|| usage(format!("size `{size}` is not N/V")))?;
                        let n = n
                            .parse()
                            .map_err(|_| usage(format!("`{n}` is not a number")))?;
                        let v = v
                            .parse()
                            .map_err(|_| usage(format!("`{v}` is not a number")))?;
                        Ok((n, v))
                    })
                    .collect::<Result<_>>()?
            }
            "--weighted-epochs" => {
                weighted_epochs = value
                    .parse()
                    .map_err(|_| usage(format!("--weighted-epochs: `{value}` is not a number")))?
            }
            "--max-rows" => {
                max_rows = value
                    .parse()
                    .map_err(|_| usage(format!("--max-rows: `{value}` is not a number")))?
            }
            _ => return Err(usage(format!("unknown flag {flag}"))),
        }
    }
    let mut rows = Vec::new();
    for (n, v) in sizes {
        eprintln!("measuring n = {n}, validators = {v} ...");
        rows.push(crate::bench::epoch(n, v, max_rows, weighted_epochs)?);
    }
    print!("{}", crate::bench::table(&rows));
    Ok(())
}

fn parse(args: &[String]) -> Result<Scenario> {
    let mut scenario = Scenario::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = flag_value(&mut rest, &format!("{flag} needs a value"))?;
        if flag == "--chart" {
            scenario.chart = Some(value.into());
            continue;
        }
        if flag == "--shares" {
            scenario.shares = match value.as_str() {
                "fixed" => SharesRule::Fixed,
                "market" => SharesRule::Market,
                _ => {
                    return Err(usage(format!(
                        "--shares: `{value}` is neither fixed nor market"
                    )))
                }
            };
            continue;
        }
        let number: u64 = value
            .parse()
            .map_err(|_| usage(format!("{flag}: `{value}` is not a number")))?;
        match flag.as_str() {
            "--subnets" if (1..=8).contains(&number) => scenario.subnets = number as usize,
            "--miners" if (1..=200).contains(&number) => scenario.miners = number as usize,
            "--validators" if (1..=50).contains(&number) => scenario.validators = number as usize,
            "--tempos" if (1..=100).contains(&number) => scenario.tempos = number as u32,
            "--tempo" if (2..=1_000).contains(&number) => scenario.tempo = number as u16,
            "--max-rows" if (1..=256).contains(&number) => scenario.max_rows = number as u16,
            "--seed" => scenario.seed = number,
            _ => {
                return Err(usage(format!(
                    "unknown flag or value out of range: {flag} {value}"
                )))
            }
        }
    }
    Ok(scenario)
}

/// Runs one command line (the arguments after `inktensor`), networks recorded under `dir`.
pub fn run(args: &[String], dir: &Path) -> Result<()> {
    let command = args.first().map(String::as_str).unwrap_or("simulate");
    let rest = &args[args.len().min(1)..];
    match command {
        "simulate" => parse(rest).and_then(|s| Ok(simulate::run(&s).map(drop)?)),
        "bench" => bench(rest),
        "deploy" => deploy(rest, dir),
        "dev-node" => dev_node(rest, dir),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        _ => operate(args, dir),
    }
}
