//! The messages that both the deployment plan and the typed clients send, each named once as
//! the contracts' metadata spells it. A plan records these names in `deployments/*.json`, so
//! renaming one here is a change of that format.

/// Every suite contract's constructor.
pub const CONSTRUCTOR: &str = "new";
/// staking: which contracts may claim hotkeys and credit rewards.
pub const SET_ROLES: &str = "set_roles";
/// registry, staking, emission: the settings the admin chooses.
pub const SET_CONFIG: &str = "set_config";
/// tao_token: mint as the minter.
pub const MINT: &str = "TaoSupply::mint";
/// tao_token: who may mint.
pub const SET_MINTER: &str = "TaoSupply::set_minter";
/// emission: subnet shares from the root network's weights.
pub const USE_ROOT_SHARES: &str = "use_root_shares";
/// emission: the epoch contract, its only payee.
pub const SET_EPOCH: &str = "set_epoch";
/// registry: who records epochs.
pub const SET_EMISSION: &str = "set_emission";
/// registry: who may take subnets' locks as their pools.
pub const SET_MARKET: &str = "set_market";
/// market: who funds epochs (emission) and credits their rewards (the epoch contract).
pub const SET_MARKET_ROLES: &str = "Market::set_roles";
/// emission: subnet shares from the markets' moving prices.
pub const USE_MARKET_SHARES: &str = "use_market_shares";
/// Every contract: hand its admin role over.
pub const TRANSFER_ADMIN: &str = "Admin::transfer_admin";
/// epoch: the code of its rows stage (an upgrade of `epoch_rows`).
pub const SET_ROWS_CODE: &str = "set_rows_code";
