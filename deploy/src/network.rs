//! A named network that outlives the process, recorded in `deployments/<name>.json` (the
//! deployment record: addresses, code hashes, block, steps done, and for a real chain its URL).
//! On the embedded sandbox the whole chain state is kept beside it in
//! `deployments/<name>.state`; on a real node the chain keeps it. `inktensor deploy` creates a
//! network by running the suite plan, resuming from the record if a previous run stopped
//! halfway; every operation opens it, acts and saves it.

use std::path::{Path, PathBuf};

use drink::AccountId32;
use interfaces::{Balance, RAO_PER_TAO, TAO_SUPPLY_CAP};

use crate::artifacts::{bundle_path, CONTRACTS};
use crate::chain::{Backend, Chain};
use crate::error::{deployment as deployment_error, file, Result};
use crate::launch::LaunchConfig;
use crate::node::NodeChain;
use crate::plan::{execute, ContractSettings, Deployment, Plan, SuiteOptions};
use crate::suite::Suite;

/// Development accounts, each given TAO at genesis by the deployment's faucet.
pub const DEV_ACCOUNTS: &[&str] = &["alice", "bob", "charlie", "dave", "eve", "ferdie"];
const GENESIS_TAO: Balance = 100_000 * RAO_PER_TAO;

/// Where a network's chain runs.
pub enum Place {
    /// The embedded sandbox, its state saved to this file after every operation.
    Sandbox { chain: Box<Chain>, state: PathBuf },
    /// A real node.
    Node(Box<NodeChain>),
}

impl Place {
    pub fn chain(&mut self) -> &mut dyn Backend {
        match self {
            Place::Sandbox { chain, .. } => chain.as_mut(),
            Place::Node(node) => node.as_mut(),
        }
    }
}

pub struct Network {
    pub name: String,
    pub place: Place,
    pub deployment: Deployment,
    record: PathBuf,
}

/// How `inktensor deploy` runs the plan.
#[derive(Debug, Clone, Default)]
pub struct DeployOptions {
    /// Keep the deployer as admin of every contract (no hand-over to governance).
    pub keep_admin: bool,
    /// Mint 100,000 TAO to each development account the launch does not fund already (the
    /// sandbox always does).
    pub dev_accounts: bool,
    /// Genesis and the contracts' settings (`--config`; defaults and no genesis without one).
    pub launch: LaunchConfig,
}

/// A real node to deploy to.
#[derive(Debug, Clone)]
pub struct Node {
    pub url: String,
    /// The deployer's secret URI; it also pays fees for named keys.
    pub suri: String,
}

fn paths(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{name}.json")),
        dir.join(format!("{name}.state")),
    )
}

impl Network {
    /// Runs the suite plan on network `name` — in the sandbox, or on `node` — new, or resumed
    /// where its record stopped: emission wired, genesis TAO for the development accounts when
    /// asked, and (unless `keep_admin`) every admin role handed to governance.
    pub fn deploy(
        dir: &Path,
        name: &str,
        node: Option<&Node>,
        options: &DeployOptions,
    ) -> Result<Network> {
        let (record, state) = paths(dir, name);
        std::fs::create_dir_all(dir).map_err(|e| file(format!("{}: {e}", dir.display())))?;
        let mut network = if record.exists() {
            // Resume only where the record says the network is, before connecting anywhere.
            let recorded = Deployment::load(&record)?.url;
            let asked = node.map(|n| n.url.as_str());
            if recorded.as_deref() != asked {
                return Err(deployment_error(format!(
                    "network `{name}` is recorded at {}; deploy to {} under another --network",
                    recorded.as_deref().unwrap_or("the sandbox"),
                    asked.unwrap_or("the sandbox")
                )));
            }
            Network::open_with(dir, name, node.map(|n| n.suri.as_str()))?
        } else {
            let mut place = match node {
                None => Place::Sandbox {
                    chain: Box::new(Chain::new()),
                    state,
                },
                Some(node) => {
                    Place::Node(Box::new(NodeChain::connect(&node.url, Some(&node.suri))?))
                }
            };
            let deployer = deployer(&mut place, node);
            let mut deployment = Deployment::new(name, &deployer);
            deployment.url = node.map(|n| n.url.clone());
            Network {
                name: name.to_string(),
                place,
                deployment,
                record,
            }
        };
        let deployer = deployer(&mut network.place, node);
        if deployer.to_string() != network.deployment.deployer {
            return Err(deployment_error(format!(
                "network `{name}` was deployed by {}; resume it with that account",
                network.deployment.deployer
            )));
        }
        let options = network.suite_options(&deployer, node.is_some(), options)?;
        let plan = Plan::suite(&options);
        network.deployment.pin_plan(&plan)?;
        let record = network.record.clone();
        let on_node = node.is_some();
        let outcome = execute(
            &plan,
            network.place.chain(),
            &deployer,
            &mut network.deployment,
            // A node keeps its state itself: record each step as soon as it is in a block.
            |done| if on_node { done.save(&record) } else { Ok(()) },
        );
        // Keep what was done either way: a rerun resumes after the last finished step.
        network.save()?;
        outcome.map(|()| network)
    }

    /// The plan's options for `options`, checked whole before anything is sent: accounts
    /// resolved (an SS58 address, or a development account by name), no account funded twice,
    /// all of genesis within the supply cap, governance's settings within their bounds.
    fn suite_options(
        &mut self,
        deployer: &AccountId32,
        on_node: bool,
        options: &DeployOptions,
    ) -> Result<SuiteOptions> {
        let launch = &options.launch;
        let mut genesis: Vec<(AccountId32, Balance)> = Vec::new();
        for (who, amount) in &launch.genesis {
            let account = self.launch_account(who)?;
            if genesis.iter().any(|(funded, _)| *funded == account) {
                return Err(deployment_error(format!(
                    "genesis: `{who}` is funded twice"
                )));
            }
            genesis.push((account, *amount));
        }
        if options.dev_accounts || !on_node {
            for who in DEV_ACCOUNTS {
                let account = self.account(who);
                if !genesis.iter().any(|(funded, _)| *funded == account) {
                    genesis.push((account, GENESIS_TAO));
                }
            }
        }
        let minted = genesis
            .iter()
            .try_fold(launch.treasury, |sum, (_, amount)| sum.checked_add(*amount));
        if minted.is_none_or(|total| total > TAO_SUPPLY_CAP) {
            return Err(deployment_error(format!(
                "genesis: with the development accounts, more than the {} TAO cap",
                crate::units::tao(TAO_SUPPLY_CAP)
            )));
        }
        if !launch.governance.is_valid() {
            return Err(deployment_error(
                "governance: a period is out of its range (--voting-period and \
                        --timelock included: voting 1..=216000, timelock <= 216000 blocks)",
            ));
        }
        let guardian = match &launch.guardian {
            Some(who) => Some(self.launch_account(who)?),
            None => None,
        };
        Ok(SuiteOptions {
            minter: Some(deployer.clone()),
            genesis,
            treasury: launch.treasury,
            settings: Some(ContractSettings {
                subnets: launch.subnets,
                staking: launch.staking,
                emission: launch.emission,
                shares: launch.shares,
            }),
            hand_over: !options.keep_admin,
            governance: launch.governance,
            ..SuiteOptions::production(guardian)
        })
    }

    /// An account a launch file names: an SS58 address, or a development account by name.
    /// Any other name would become a key derived from the public development phrase, which
    /// anyone can sign with: refused.
    fn launch_account(&mut self, who: &str) -> Result<AccountId32> {
        if let Ok(address) = who.parse::<AccountId32>() {
            return Ok(address);
        }
        if DEV_ACCOUNTS.contains(&who) {
            return Ok(self.account(who));
        }
        Err(deployment_error(format!(
            "`{who}` is neither an SS58 address nor a development account ({})",
            DEV_ACCOUNTS.join(", ")
        )))
    }

    /// Opens a network `deploy` created.
    pub fn open(dir: &Path, name: &str) -> Result<Network> {
        Network::open_with(dir, name, None)
    }

    /// Opens a network; on a node, `faucet` (a secret URI) pays fees for named keys.
    pub fn open_with(dir: &Path, name: &str, faucet: Option<&str>) -> Result<Network> {
        let (record, state) = paths(dir, name);
        if !record.exists() {
            return Err(deployment_error(format!(
                "no network `{name}` in {}: run `inktensor deploy --network {name}` first",
                dir.display()
            )));
        }
        let deployment = Deployment::load(&record)?;
        let place = match &deployment.url {
            Some(url) => Place::Node(Box::new(NodeChain::connect(url, faucet)?)),
            None => {
                let mut chain = Chain::new();
                if state.exists() {
                    chain.load_state(&state)?;
                } else if deployment.steps_done > 0 {
                    return Err(deployment_error(format!("{} is missing", state.display())));
                }
                Place::Sandbox {
                    chain: Box::new(chain),
                    state,
                }
            }
        };
        let mut network = Network {
            name: name.to_string(),
            place,
            deployment,
            record,
        };
        network.reload_metadata()?;
        if let Place::Sandbox { chain, .. } = &mut network.place {
            for who in DEV_ACCOUNTS.iter().chain(&["deployer", "keeper"]) {
                chain.account(who);
            }
        }
        Ok(network)
    }

    /// The chain the network runs on.
    pub fn chain(&mut self) -> &mut dyn Backend {
        self.place.chain()
    }

    pub fn suite(&self) -> Result<Suite> {
        Ok(Suite::at(&self.deployment)?)
    }

    /// An account by name (a development account, or any name: a fresh hotkey).
    pub fn account(&mut self, name: &str) -> AccountId32 {
        self.chain().account(name)
    }

    /// Writes the record (with the current block) and, in the sandbox, the chain state.
    pub fn save(&mut self) -> Result<()> {
        self.deployment.block = self.chain().block_number();
        if let Place::Sandbox { chain, state } = &mut self.place {
            chain.save_state(state)?;
        }
        self.deployment.save(&self.record)
    }

    /// Calls by message name need each contract's metadata, which lives in its bundle.
    fn reload_metadata(&mut self) -> Result<()> {
        for name in CONTRACTS {
            if let Some(address) = self.deployment.address(name) {
                self.chain().use_metadata(&address, &bundle_path(name))?;
            }
        }
        Ok(())
    }
}

/// The account that signs the plan: the sandbox's `deployer`, or the node's `--suri` (the
/// record's URL matches `node`'s by then).
fn deployer(place: &mut Place, node: Option<&Node>) -> AccountId32 {
    let name = node.map_or("deployer", |n| n.suri.as_str());
    place.chain().account(name)
}
