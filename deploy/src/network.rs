//! A named sandbox network that outlives the process: `deployments/<name>.json` (the
//! deployment record: addresses, code hashes, block, steps done) beside
//! `deployments/<name>.state` (the whole chain state). `inktensor deploy` creates it by running
//! the suite plan, resuming from the record if a previous run stopped halfway; every operation
//! loads it, acts and saves it.

use std::path::{Path, PathBuf};

use drink::AccountId32;
use interfaces::{Balance, RAO_PER_TAO};

use crate::artifacts::{bundle_path, CONTRACTS};
use crate::chain::Chain;
use crate::plan::{execute, Deployment, Plan, SuiteOptions};
use crate::suite::Suite;

/// Development accounts, each given TAO at genesis by the deployment's faucet.
pub const DEV_ACCOUNTS: &[&str] = &["alice", "bob", "charlie", "dave", "eve", "ferdie"];
const GENESIS_TAO: Balance = 100_000 * RAO_PER_TAO;

pub struct Network {
    pub name: String,
    pub chain: Chain,
    pub deployment: Deployment,
    record: PathBuf,
    state: PathBuf,
}

fn paths(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{name}.json")),
        dir.join(format!("{name}.state")),
    )
}

impl Network {
    /// Runs the suite plan on network `name` (new, or resumed where its record stopped):
    /// genesis TAO for the development accounts, emission wired, and — unless `keep_admin` —
    /// every admin role handed to governance.
    pub fn deploy(dir: &Path, name: &str, keep_admin: bool) -> Result<Network, String> {
        let (record, state) = paths(dir, name);
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut network = if record.exists() && state.exists() {
            Network::open(dir, name)?
        } else {
            let mut chain = Chain::new();
            let deployer = chain.account("deployer");
            Network {
                name: name.to_string(),
                chain,
                deployment: Deployment::new(name, &deployer),
                record,
                state,
            }
        };
        // The deployer mints the genesis TAO (the plan's calls are all its own) before the
        // plan hands the minter role to emission.
        let deployer = network.account("deployer");
        let genesis = DEV_ACCOUNTS
            .iter()
            .map(|who| (network.account(who), GENESIS_TAO))
            .collect();
        let options = SuiteOptions {
            minter: Some(deployer.clone()),
            genesis,
            hand_over: !keep_admin,
            ..SuiteOptions::production(None)
        };
        let outcome = execute(
            &Plan::suite(&options),
            &mut network.chain,
            &deployer,
            &mut network.deployment,
            |_| Ok(()),
        );
        // Keep what was done either way: a rerun resumes after the last finished step.
        network.save()?;
        outcome.map(|()| network)
    }

    /// Opens a network `deploy` created.
    pub fn open(dir: &Path, name: &str) -> Result<Network, String> {
        let (record, state) = paths(dir, name);
        if !record.exists() || !state.exists() {
            return Err(format!(
                "no network `{name}` in {}: run `inktensor deploy --network {name}` first",
                dir.display()
            ));
        }
        let deployment = Deployment::load(&record)?;
        let mut chain = Chain::new();
        chain.load_state(&state).map_err(|e| e.to_string())?;
        reload_metadata(&mut chain, &deployment)?;
        for who in DEV_ACCOUNTS.iter().chain(&["deployer", "keeper"]) {
            chain.account(who);
        }
        Ok(Network {
            name: name.to_string(),
            chain,
            deployment,
            record,
            state,
        })
    }

    pub fn suite(&self) -> Result<Suite, String> {
        Suite::at(&self.deployment).map_err(|e| e.to_string())
    }

    /// An account by name (a development account, or any name: a fresh hotkey).
    pub fn account(&mut self, name: &str) -> AccountId32 {
        self.chain.account(name)
    }

    /// Writes the chain state and the record (with the current block).
    pub fn save(&mut self) -> Result<(), String> {
        self.deployment.block = self.chain.block_number();
        self.chain
            .save_state(&self.state)
            .map_err(|e| e.to_string())?;
        self.deployment.save(&self.record)
    }
}

/// Calls by message name need each contract's metadata, which lives in its bundle.
fn reload_metadata(chain: &mut Chain, deployment: &Deployment) -> Result<(), String> {
    for name in CONTRACTS {
        if let Some(address) = deployment.address(name) {
            chain
                .use_metadata(&address, &bundle_path(name))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
