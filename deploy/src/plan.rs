//! The deployment plan as data, and the one executor that runs it.
//!
//! A plan is a list of steps — deploy a contract with constructor arguments, or call a
//! deployed contract as the deployer — whose arguments may name contracts deployed by earlier
//! steps. The executor records each finished step in a [`Deployment`] (what
//! `deployments/<network>.json` holds), so a plan that fails halfway resumes from the first
//! step not done. The suite's tests, the simulation and `inktensor deploy` all run the same
//! plan ([`Plan::suite`]).

use std::path::Path;

use drink::AccountId32;
use interfaces::emission::{EmissionConfig, SharesRule};
use interfaces::governance::GovernanceSettings;
use interfaces::outcome::CallOutcome;
use interfaces::registry::NetworkConfig;
use interfaces::staking::StakingConfig;
use interfaces::Balance;
use serde::{Deserialize, Serialize};

use crate::artifacts::{bundle_path, Contract, DelegateCode};
use crate::chain::{arg, Backend, Typed};
use crate::error::{deployment as deployment_error, file, Result};
use crate::messages;

/// Where an argument's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    /// The address of a contract an earlier step deployed.
    Contract(String),
    /// `Some(address)` of such a contract.
    SomeContract(String),
    /// A value as contract-transcode reads it (accounts in SS58, numbers, structs).
    Literal(String),
    /// The hash of code an earlier step uploaded.
    CodeHash(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Code that contracts run by delegate call, uploaded and never instantiated.
    Upload { contract: String },
    Deploy {
        contract: String,
        constructor: String,
        args: Vec<Value>,
    },
    /// A message of a deployed contract, signed by the deployer; a refusal stops the plan.
    Call {
        contract: String,
        message: String,
        args: Vec<Value>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub steps: Vec<Step>,
}

/// What varies between deployments of the suite.
#[derive(Debug, Clone)]
pub struct SuiteOptions {
    /// Who may mint TAO until emission is wired (a genesis faucet); none in production.
    pub minter: Option<AccountId32>,
    pub guardian: Option<AccountId32>,
    pub governance: GovernanceSettings,
    /// TAO minted by the faucet before emission reads the supply (requires `minter`).
    pub genesis: Vec<(AccountId32, Balance)>,
    /// TAO minted to governance with the genesis: a treasury only proposals spend.
    pub treasury: Balance,
    /// Settings the deployer gives the contracts before the hand-over (none: defaults).
    pub settings: Option<ContractSettings>,
    /// Make emission the minter, the epoch recorder and the reward crediter.
    pub wire_emission: bool,
    /// Hand every admin role to governance (the last step of a production deployment).
    pub hand_over: bool,
}

/// What a launch file sets on the contracts (`launch::LaunchConfig`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractSettings {
    pub subnets: NetworkConfig,
    pub staking: StakingConfig,
    pub emission: EmissionConfig,
    pub shares: SharesRule,
}

impl SuiteOptions {
    /// The production shape: emission wired, governance the admin of everything.
    pub fn production(guardian: Option<AccountId32>) -> SuiteOptions {
        SuiteOptions {
            minter: None,
            guardian,
            governance: GovernanceSettings::default(),
            genesis: Vec::new(),
            treasury: 0,
            settings: None,
            wire_emission: true,
            hand_over: true,
        }
    }
}

fn contract(contract: Contract) -> Value {
    Value::Contract(contract.name().to_string())
}

fn some_contract(contract: Contract) -> Value {
    Value::SomeContract(contract.name().to_string())
}

fn literal(value: String) -> Value {
    Value::Literal(value)
}

fn code_hash(code: DelegateCode) -> Value {
    Value::CodeHash(code.name().to_string())
}

fn upload(code: DelegateCode) -> Step {
    Step::Upload {
        contract: code.name().to_string(),
    }
}

fn deploy(contract: Contract, args: Vec<Value>) -> Step {
    Step::Deploy {
        contract: contract.name().to_string(),
        constructor: messages::CONSTRUCTOR.to_string(),
        args,
    }
}

fn call(contract: Contract, message: &str, args: Vec<Value>) -> Step {
    Step::Call {
        contract: contract.name().to_string(),
        message: message.to_string(),
        args,
    }
}

impl Plan {
    /// The inktensor suite: the contracts emission reads in dependency order, governance, the
    /// registry's claim role on staking and the genesis TAO; then emission, which reads the
    /// supply as issued so that the schedule counts genesis, the epoch contract, and the
    /// market with its role on the registry; then (as `options` say) the contracts'
    /// settings, emission's roles and the hand-over.
    pub fn suite(options: &SuiteOptions) -> Plan {
        let minter = options
            .minter
            .as_ref()
            .map_or_else(arg::none, arg::some_account);
        let guardian = options
            .guardian
            .as_ref()
            .map_or_else(arg::none, arg::some_account);
        let mut steps = vec![
            deploy(Contract::TaoToken, vec![literal(minter)]),
            deploy(Contract::Staking, vec![contract(Contract::TaoToken)]),
            deploy(
                Contract::SubnetRegistry,
                vec![contract(Contract::TaoToken), contract(Contract::Staking)],
            ),
            deploy(
                Contract::Weights,
                vec![
                    contract(Contract::SubnetRegistry),
                    contract(Contract::Staking),
                ],
            ),
            deploy(
                Contract::Governance,
                vec![
                    contract(Contract::Staking),
                    literal(guardian),
                    literal(arg::numbers_struct(&options.governance)),
                ],
            ),
            call(
                Contract::Staking,
                messages::SET_ROLES,
                vec![
                    some_contract(Contract::SubnetRegistry),
                    literal(arg::none()),
                    literal(arg::none()),
                ],
            ),
        ];
        let mint = |to: Value, amount: Balance| {
            call(
                Contract::TaoToken,
                messages::MINT,
                vec![to, literal(amount.to_string())],
            )
        };
        for (who, amount) in &options.genesis {
            steps.push(mint(literal(arg::account(who)), *amount));
        }
        if options.treasury > 0 {
            steps.push(mint(contract(Contract::Governance), options.treasury));
        }
        steps.push(deploy(
            Contract::Emission,
            vec![
                contract(Contract::TaoToken),
                contract(Contract::Staking),
                contract(Contract::SubnetRegistry),
            ],
        ));
        steps.push(upload(DelegateCode::EpochRows));
        steps.push(deploy(
            Contract::Epoch,
            vec![
                contract(Contract::Emission),
                contract(Contract::Staking),
                contract(Contract::SubnetRegistry),
                contract(Contract::Weights),
                code_hash(DelegateCode::EpochRows),
            ],
        ));
        steps.push(deploy(
            Contract::Market,
            vec![
                contract(Contract::TaoToken),
                contract(Contract::SubnetRegistry),
                contract(Contract::Staking),
            ],
        ));
        steps.push(call(
            Contract::SubnetRegistry,
            messages::SET_MARKET,
            vec![some_contract(Contract::Market)],
        ));
        if let Some(settings) = &options.settings {
            steps.extend(Plan::settings(settings).steps);
        }
        if options.wire_emission {
            steps.extend(Plan::emission_roles().steps);
        }
        if options.hand_over {
            steps.extend(Plan::hand_over().steps);
        }
        Plan { steps }
    }

    /// The deployer, still admin, gives each contract its launch settings.
    pub fn settings(settings: &ContractSettings) -> Plan {
        let set = |target: Contract, value: &dyn std::fmt::Debug| {
            call(
                target,
                messages::SET_CONFIG,
                vec![literal(arg::numbers_struct(value))],
            )
        };
        let mut steps = vec![
            set(Contract::SubnetRegistry, &settings.subnets),
            set(Contract::Staking, &settings.staking),
            set(Contract::Emission, &settings.emission),
        ];
        let rule = match settings.shares {
            SharesRule::Fixed => None,
            SharesRule::Root => Some(messages::USE_ROOT_SHARES),
            SharesRule::Market => Some(messages::USE_MARKET_SHARES),
        };
        if let Some(message) = rule {
            steps.push(call(Contract::Emission, message, Vec::new()));
        }
        Plan { steps }
    }

    /// Emission becomes the minter and the epoch contract its only payee, the epoch
    /// recorder and the reward crediter (the registry's and staking's emission role); the
    /// market is funded by emission and credited by the epoch contract.
    pub fn emission_roles() -> Plan {
        Plan {
            steps: vec![
                call(
                    Contract::TaoToken,
                    messages::SET_MINTER,
                    vec![some_contract(Contract::Emission)],
                ),
                call(
                    Contract::Emission,
                    messages::SET_EPOCH,
                    vec![some_contract(Contract::Epoch)],
                ),
                call(
                    Contract::SubnetRegistry,
                    messages::SET_EMISSION,
                    vec![some_contract(Contract::Epoch)],
                ),
                call(
                    Contract::Staking,
                    messages::SET_ROLES,
                    vec![
                        some_contract(Contract::SubnetRegistry),
                        some_contract(Contract::Epoch),
                        some_contract(Contract::Market),
                    ],
                ),
                call(
                    Contract::Emission,
                    messages::SET_MARKET,
                    vec![some_contract(Contract::Market)],
                ),
                call(
                    Contract::Market,
                    messages::SET_MARKET_ROLES,
                    vec![
                        some_contract(Contract::Emission),
                        some_contract(Contract::Epoch),
                    ],
                ),
            ],
        }
    }

    /// Governance becomes the admin of every other contract.
    pub fn hand_over() -> Plan {
        let steps = Contract::ALL
            .into_iter()
            .filter(|c| *c != Contract::Governance)
            .map(|c| {
                call(
                    c,
                    messages::TRANSFER_ADMIN,
                    vec![contract(Contract::Governance)],
                )
            })
            .collect();
        Plan { steps }
    }
}

/// A contract the plan deployed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployed {
    pub name: String,
    /// SS58.
    pub address: String,
    /// 0x-hex BlakeTwo256 of the Wasm code.
    pub code_hash: String,
}

/// Code the plan uploaded without instantiating it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uploaded {
    pub name: String,
    /// 0x-hex BlakeTwo256 of the Wasm code.
    pub code_hash: String,
}

/// What `deployments/<network>.json` holds: where a plan stands on a network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    pub network: String,
    /// SS58 of the account that signed every step.
    pub deployer: String,
    pub contracts: Vec<Deployed>,
    /// Code uploaded for the contracts to delegate to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub code: Vec<Uploaded>,
    /// Steps of the plan finished, in order; a rerun starts after them.
    pub steps_done: usize,
    /// The block at the last finished step.
    pub block: u32,
    /// The node's RPC address, for a deployment on a real chain (none in the sandbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// 0x-hex BlakeTwo256 of the plan being run: a rerun resumes only the same plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl Deployment {
    pub fn new(network: &str, deployer: &AccountId32) -> Deployment {
        Deployment {
            network: network.to_string(),
            deployer: deployer.to_string(),
            contracts: Vec::new(),
            code: Vec::new(),
            steps_done: 0,
            block: 0,
            url: None,
            plan: None,
        }
    }

    /// Records that this deployment runs `plan`, or refuses `plan` if it began another one:
    /// resuming by step count is only sound for the same steps (another launch file, or other
    /// flags, would shift every later step).
    pub fn pin_plan(&mut self, plan: &Plan) -> Result<()> {
        let bytes = serde_json::to_vec(plan).map_err(|e| file(e.to_string()))?;
        let digest = arg::bytes(&sp_core::hashing::blake2_256(&bytes));
        match &self.plan {
            Some(pinned) if *pinned != digest => Err(deployment_error(format!(
                "network `{}` was begun with another plan (other flags or launch file); \
                 resume it with the same ones, or deploy under another --network",
                self.network
            ))),
            _ => {
                self.plan = Some(digest);
                Ok(())
            }
        }
    }

    pub fn address(&self, name: &str) -> Option<AccountId32> {
        self.contracts
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.address.parse().ok())
    }

    pub fn load(path: &Path) -> Result<Deployment> {
        let text =
            std::fs::read_to_string(path).map_err(|e| file(format!("{}: {e}", path.display())))?;
        serde_json::from_str(&text).map_err(|e| file(format!("{}: {e}", path.display())))
    }

    /// Writes the file whole or not at all: a command reading it while a keeper or another
    /// command saves it (each saves after it acts) sees the old file or the new one, never a
    /// truncated one. The text goes to a file beside it, which then replaces it.
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| file(e.to_string()))?;
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| file(e.to_string()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let written = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
        std::fs::write(&written, text + "\n")
            .and_then(|()| std::fs::rename(&written, path))
            .map_err(|e| file(format!("{}: {e}", path.display())))
    }
}

/// Runs the steps of `plan` that `deployment` has not done, on the sandbox `chain`, signed by
/// `deployer`; `saved` is called after every step (to write the deployment file).
pub fn execute(
    plan: &Plan,
    chain: &mut dyn Backend,
    deployer: &AccountId32,
    deployment: &mut Deployment,
    mut saved: impl FnMut(&Deployment) -> Result<()>,
) -> Result<()> {
    for (index, step) in plan.steps.iter().enumerate().skip(deployment.steps_done) {
        chain.act_as(deployer);
        run_step(step, chain, deployment)
            .map_err(|e| deployment_error(format!("step {}: {e}", index + 1)))?;
        deployment.steps_done = index + 1;
        deployment.block = chain.block_number();
        saved(deployment)?;
    }
    Ok(())
}

fn resolve(values: &[Value], deployment: &Deployment) -> Result<Vec<String>> {
    values
        .iter()
        .map(|value| match value {
            Value::Literal(text) => Ok(text.clone()),
            Value::CodeHash(name) => deployment
                .code
                .iter()
                .find(|code| code.name == *name)
                .map(|code| code.code_hash.clone())
                .ok_or_else(|| {
                    deployment_error(format!("`{name}` is not uploaded by an earlier step"))
                }),
            Value::Contract(name) | Value::SomeContract(name) => {
                let address = deployment.address(name).ok_or_else(|| {
                    deployment_error(format!("`{name}` is not deployed by an earlier step"))
                })?;
                Ok(match value {
                    Value::SomeContract(_) => arg::some_account(&address),
                    _ => arg::account(&address),
                })
            }
        })
        .collect()
}

fn run_step(step: &Step, chain: &mut dyn Backend, deployment: &mut Deployment) -> Result<()> {
    match step {
        Step::Upload { contract } => {
            let code_hash = chain
                .upload(&bundle_path(contract))
                .map_err(|e| deployment_error(format!("uploading {contract}: {e}")))?;
            deployment.code.retain(|c| c.name != *contract);
            deployment.code.push(Uploaded {
                name: contract.clone(),
                code_hash: arg::hash(&code_hash),
            });
            Ok(())
        }
        Step::Deploy {
            contract,
            constructor,
            args,
        } => {
            let args = resolve(args, deployment)?;
            let bundle = bundle_path(contract);
            let code_hash = chain.upload(&bundle)?;
            let address = chain
                // The network's name as salt keeps two deployments by one deployer apart.
                .deploy(&bundle, constructor, &args, deployment.network.as_bytes().to_vec())
                .map_err(|e| deployment_error(format!("deploying {contract}: {e}")))?;
            deployment.contracts.retain(|c| c.name != *contract);
            deployment.contracts.push(Deployed {
                name: contract.clone(),
                address: address.to_string(),
                code_hash: arg::hash(&code_hash),
            });
            Ok(())
        }
        Step::Call {
            contract,
            message,
            args,
        } => {
            let args = resolve(args, deployment)?;
            let address = deployment
                .address(contract)
                .ok_or_else(|| deployment_error(format!("`{contract}` is not deployed")))?;
            let outcome: CallOutcome = chain
                .call(&address, message, &args)
                .map_err(|e| deployment_error(format!("{contract}.{message}: {e}")))?;
            match outcome {
                CallOutcome::Succeeded => Ok(()),
                CallOutcome::Failed(variant) => Err(deployment_error(format!(
                    "{contract}.{message} refused (error variant #{})",
                    variant.unwrap_or_default()
                ))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deployment file pins its plan by the digest of this form (`Deployment::pin_plan`), so
    /// a renamed contract, message or argument would refuse to resume every deployment begun
    /// before it: the production plan's form is pinned here.
    #[test]
    fn the_production_plan_is_recorded_as_deployment_files_hold_it() {
        let plan = Plan::suite(&SuiteOptions::production(None));
        let recorded = serde_json::to_string_pretty(&plan).expect("serialises");
        assert_eq!(
            recorded,
            include_str!("../tests/production-plan.json").trim_end()
        );
    }

    #[test]
    fn a_saved_deployment_replaces_the_file_whole_and_leaves_nothing_beside_it() {
        let dir = std::env::temp_dir().join(format!("inktensor-save-{}", std::process::id()));
        let path = dir.join("net.json");
        let mut deployment = Deployment::new("net", &AccountId32::new([7; 32]));
        deployment.save(&path).expect("saves");
        deployment.steps_done = 3;
        deployment.save(&path).expect("saves again");
        assert_eq!(Deployment::load(&path).expect("loads").steps_done, 3);
        let files: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(files, ["net.json"]);
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }
}
