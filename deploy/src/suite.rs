//! The deployment plan and the deployed suite: which contracts, in which order, with which
//! constructor arguments, and typed calls into each of them.

use drink::AccountId32;

use crate::artifacts::bundle_path;
use crate::chain::{arg, Chain, ChainError, Refusal};

mod admin;
mod registry;
mod staking;
mod token;
mod weights;

pub use admin::AdminClient;
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
}

impl Suite {
    /// Deploys every contract of the suite as `deployer`, who is left as their admin.
    /// `minter` is the account allowed to mint TAO (the emission contract, once it exists).
    pub fn deploy(
        chain: &mut Chain,
        deployer: &AccountId32,
        minter: Option<&AccountId32>,
    ) -> Result<Suite, ChainError> {
        chain.act_as(deployer);
        let token = chain.deploy(
            &bundle_path("tao_token"),
            "new",
            &[arg::option_account(minter)],
            vec![],
        )?;
        let staking = chain.deploy(
            &bundle_path("staking"),
            "new",
            &[arg::account(&token)],
            vec![],
        )?;
        let registry = chain.deploy(
            &bundle_path("subnet_registry"),
            "new",
            &[arg::account(&token), arg::account(&staking)],
            vec![],
        )?;
        let weights = chain.deploy(
            &bundle_path("weights"),
            "new",
            &[arg::account(&registry), arg::account(&staking)],
            vec![],
        )?;
        let suite = Suite {
            deployer: deployer.clone(),
            token,
            staking,
            registry,
            weights,
        };
        // Wiring: the registry claims hotkeys on staking.
        suite
            .staking()
            .set_roles(chain, deployer, Some(&suite.registry), None)?
            .refused()?;
        Ok(suite)
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
