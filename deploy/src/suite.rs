//! The deployment plan and the deployed suite: which contracts, in which order, with which
//! constructor arguments, and typed calls into each of them.

use drink::AccountId32;

use crate::artifacts::Contract;
use crate::chain::{Backend, ChainError, Refusal};
use crate::plan::{execute, Deployment, Plan, SuiteOptions};
use interfaces::governance::GovernanceSettings;
use interfaces::Balance;

mod admin;
mod emission;
mod epoch;
mod governance;
mod market;
mod registry;
pub mod staking;
mod token;
mod weights;

pub use admin::AdminClient;
pub use emission::{EmissionClient, EmissionConfig};
pub use epoch::EpochClient;
pub use governance::{describe_call, Call, GovernanceClient};
pub use market::MarketClient;
pub use registry::{Endpoint, NetworkConfig, RegistryClient};
pub use staking::{StakingClient, StakingConfig};
pub use token::Token;
pub use weights::{Reveal, WeightsClient};

/// The addresses of a deployed suite.
#[derive(Debug, Clone)]
pub struct Suite {
    pub deployer: AccountId32,
    pub token: AccountId32,
    pub staking: AccountId32,
    pub registry: AccountId32,
    pub weights: AccountId32,
    pub emission: AccountId32,
    pub epoch: AccountId32,
    pub market: AccountId32,
    pub governance: AccountId32,
    /// The record the suite was deployed with (for running more plan steps on it).
    pub deployment: Deployment,
}

impl Suite {
    /// Deploys every contract of the suite as `deployer`, who is left as their admin with the
    /// default governance settings and no guardian. `minter` is the account allowed to mint TAO
    /// (the emission contract, once it exists).
    pub fn deploy(
        chain: &mut dyn Backend,
        deployer: &AccountId32,
        minter: Option<&AccountId32>,
    ) -> Result<Suite, ChainError> {
        Self::deploy_with(
            chain,
            deployer,
            minter,
            None,
            &GovernanceSettings::default(),
        )
    }

    /// `deploy` with a guardian and governance settings of one's own: the suite plan
    /// (`plan::Plan::suite`) without emission's roles and without the hand-over, which
    /// tests take one at a time.
    pub fn deploy_with(
        chain: &mut dyn Backend,
        deployer: &AccountId32,
        minter: Option<&AccountId32>,
        guardian: Option<&AccountId32>,
        settings: &GovernanceSettings,
    ) -> Result<Suite, ChainError> {
        let options = SuiteOptions {
            minter: minter.cloned(),
            guardian: guardian.cloned(),
            governance: *settings,
            genesis: Vec::new(),
            treasury: 0,
            settings: None,
            wire_emission: false,
            hand_over: false,
        };
        let mut deployment = Deployment::new("sandbox", deployer);
        execute(
            &Plan::suite(&options),
            chain,
            deployer,
            &mut deployment,
            |_| Ok(()),
        )
        .map_err(|e| ChainError::Session(e.to_string()))?;
        Suite::at(&deployment)
    }

    /// The suite a deployment record describes.
    pub fn at(deployment: &Deployment) -> Result<Suite, ChainError> {
        let address = |contract: Contract| {
            deployment
                .address(contract.name())
                .ok_or_else(|| ChainError::Session(format!("the deployment has no {contract}")))
        };
        Ok(Suite {
            deployer: deployment
                .deployer
                .parse()
                .map_err(|_| ChainError::Session("the deployer is not an account".into()))?,
            token: address(Contract::TaoToken)?,
            staking: address(Contract::Staking)?,
            registry: address(Contract::SubnetRegistry)?,
            weights: address(Contract::Weights)?,
            emission: address(Contract::Emission)?,
            epoch: address(Contract::Epoch)?,
            market: address(Contract::Market)?,
            governance: address(Contract::Governance)?,
            deployment: deployment.clone(),
        })
    }

    /// The address of `contract`.
    pub fn address_of(&self, contract: Contract) -> &AccountId32 {
        match contract {
            Contract::TaoToken => &self.token,
            Contract::Staking => &self.staking,
            Contract::SubnetRegistry => &self.registry,
            Contract::Weights => &self.weights,
            Contract::Emission => &self.emission,
            Contract::Epoch => &self.epoch,
            Contract::Market => &self.market,
            Contract::Governance => &self.governance,
        }
    }

    /// The name of the suite contract at `address`, if any.
    pub fn contract_name(&self, address: &AccountId32) -> Option<&'static str> {
        Contract::ALL
            .into_iter()
            .find(|contract| self.address_of(*contract) == address)
            .map(Contract::name)
    }

    /// Gives emission and the epoch contract their roles: emission the only minter of TAO and
    /// the epoch contract its only payee, the recorder of epochs on the registry and the
    /// crediter of rewards on staking. (Until then those roles are whatever the deployer set,
    /// so that tests can play them themselves.)
    pub fn wire_emission(&self, chain: &mut dyn Backend) -> Result<(), ChainError> {
        self.run(chain, &Plan::emission_roles())
    }

    /// Runs `plan`'s steps on this suite as its deployer (the plan's own executor).
    fn run(&self, chain: &mut dyn Backend, plan: &Plan) -> Result<(), ChainError> {
        let mut deployment = Deployment {
            steps_done: 0,
            ..self.deployment.clone()
        };
        execute(plan, chain, &self.deployer, &mut deployment, |_| Ok(()))
            .map_err(|e| ChainError::Session(e.to_string()))
    }

    /// A test or simulation faucet: `faucet` (the token's minter until emission is wired)
    /// mints `amount` to `who`, who lets the registry, staking and the market spend it.
    pub fn fund(
        &self,
        chain: &mut dyn Backend,
        faucet: &AccountId32,
        who: &AccountId32,
        amount: Balance,
    ) -> Result<(), ChainError> {
        self.token().mint(chain, faucet, who, amount)?.refused()?;
        for spender in [&self.registry, &self.staking, &self.market] {
            self.token()
                .approve(chain, who, spender, Balance::MAX / 4)?
                .refused()?;
        }
        Ok(())
    }

    /// Lets subnets be created back to back (the deployer, still admin, sets the registry's
    /// network rate limit to 0).
    pub fn lift_network_rate_limit(&self, chain: &mut dyn Backend) -> Result<(), ChainError> {
        let config = NetworkConfig {
            network_rate_limit: 0,
            ..NetworkConfig::default()
        };
        self.registry()
            .set_config(chain, &self.deployer, config)?
            .refused()
    }

    /// The last step of a deployment: governance becomes the admin of every other contract,
    /// after which every privileged change needs a passed proposal.
    pub fn hand_over_to_governance(&self, chain: &mut dyn Backend) -> Result<(), ChainError> {
        self.run(chain, &Plan::hand_over())
    }

    pub fn governance(&self) -> GovernanceClient {
        GovernanceClient {
            address: self.governance.clone(),
        }
    }

    pub fn token(&self) -> Token {
        Token {
            address: self.token.clone(),
        }
    }

    pub fn staking(&self) -> StakingClient {
        StakingClient {
            address: self.staking.clone(),
        }
    }

    pub fn registry(&self) -> RegistryClient {
        RegistryClient {
            address: self.registry.clone(),
        }
    }

    pub fn emission(&self) -> EmissionClient {
        EmissionClient {
            address: self.emission.clone(),
        }
    }

    pub fn epoch(&self) -> EpochClient {
        EpochClient {
            address: self.epoch.clone(),
        }
    }

    pub fn market(&self) -> MarketClient {
        MarketClient {
            address: self.market.clone(),
        }
    }

    pub fn weights(&self) -> WeightsClient {
        WeightsClient {
            address: self.weights.clone(),
        }
    }

    /// The admin calls of any contract of the suite.
    pub fn admin_of(&self, contract: &AccountId32) -> AdminClient {
        AdminClient {
            address: contract.clone(),
        }
    }
}
