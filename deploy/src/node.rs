//! A real node as a [`Backend`]: the suite's plan, clients and operations against a
//! pallet-contracts chain over WebSocket RPC (substrate-contracts-node 0.42 or any chain with
//! pallet-contracts 38 and the Substrate defaults), through cargo-contract's own extrinsics
//! library.
//!
//! Every call is dry-run first: a message that answers `Err` reverts there and its answer comes
//! back without a transaction, as it would from the sandbox; one that answers `Ok` is submitted
//! with the gas the dry run required and half again, and waited for until it is in a block. Named accounts are
//! sr25519 keys from their secret URI (`alice` is `//Alice`, `validator-0` is
//! `//validator-0`), funded with native balance for fees by a faucet key when the chain has one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use contract_extrinsics::{
    CallCommandBuilder, ErrorVariant, ExtrinsicOptsBuilder, InstantiateCommandBuilder,
    UploadCommandBuilder,
};
use drink::AccountId32;
use interfaces::Hash;
use subxt::backend::legacy::LegacyRpcMethods;
use subxt::backend::rpc::RpcClient;
use subxt::config::DefaultExtrinsicParamsBuilder;
use subxt::dynamic::{At, Value};
use subxt::ext::sp_core::{sr25519, Pair};
use subxt::tx::{PairSigner, TxStatus};
use subxt::{OnlineClient, SubstrateConfig};

use crate::chain::{Backend, ChainError};

pub mod local;

type Config = SubstrateConfig;
type Environment = ink_env::DefaultEnvironment;
type Signer = PairSigner<Config, sr25519::Pair>;
type NodeAccount = <Config as subxt::Config>::AccountId;

/// Native balance (in the chain's smallest unit) a named key is topped up to for fees.
const FEE_FUNDING: u128 = 1_000_000_000_000_000;

/// The origin of queries made as an account whose key is not known.
const READER_URI: &str = "//inktensor-reader";

/// The secret URI of a named account: development names map to the well-known development
/// keys, a URI (`//…`, or a phrase) stands for itself, any other name is a key derived from the
/// development phrase.
pub fn secret_uri(name: &str) -> String {
    if name.starts_with("//") || name.contains(' ') {
        return name.to_string();
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if crate::network::DEV_ACCOUNTS.contains(&name) => {
            format!("//{}{}", first.to_uppercase(), chars.as_str())
        }
        _ => format!("//{name}"),
    }
}

fn signer(uri: &str) -> Result<Signer, ChainError> {
    let pair = sr25519::Pair::from_string(uri, None)
        .map_err(|e| ChainError::Node(format!("`{uri}` is not a secret URI: {e:?}")))?;
    Ok(PairSigner::new(pair))
}

fn node_account(account: &AccountId32) -> NodeAccount {
    let bytes: &[u8; 32] = account.as_ref();
    NodeAccount::from(*bytes)
}

fn account_of(signer: &Signer) -> AccountId32 {
    AccountId32::new(signer.account_id().0)
}

/// The gas to submit a call with: what its dry run required, and half again. A dry run over
/// RPC reads storage without recording a proof the way block import does, so on
/// substrate-contracts-node a call that makes cross-contract calls can need more proof size
/// in the block than its dry run reported (seen as `Contracts::OutOfGas` on registration).
fn with_margin(required: sp_weights::Weight) -> sp_weights::Weight {
    required.saturating_add(required.checked_div(2).unwrap_or(required))
}

fn node_error(error: impl std::fmt::Display) -> ChainError {
    ChainError::Node(error.to_string())
}

/// A connection to a node and the keys acting on it.
pub struct NodeChain {
    url: url::Url,
    runtime: tokio::runtime::Runtime,
    client: OnlineClient<Config>,
    /// The best block's view (a development node finalizes behind it): nonces, blocks, balances.
    rpc: LegacyRpcMethods<Config>,
    keys: HashMap<AccountId32, Signer>,
    /// The origin of queries made as an account whose key is not known.
    reader: Signer,
    /// Pays fees for named keys that have no native balance; none on a chain without a faucet.
    faucet: Option<Signer>,
    /// Accounts known to hold enough native balance for fees: checked once, not per call.
    funded: HashSet<AccountId32>,
    actor: AccountId32,
    /// The bundle each contract's messages are encoded with.
    bundles: HashMap<AccountId32, PathBuf>,
}

impl NodeChain {
    /// Connects to `url`. `faucet` (a name or secret URI) acts until another account is
    /// named, and funds named keys that need fees.
    pub fn connect(url: &str, faucet: Option<&str>) -> Result<NodeChain, ChainError> {
        let url = url::Url::parse(url).map_err(|e| node_error(format!("{url}: {e}")))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(node_error)?;
        let (client, rpc) = runtime
            .block_on(async {
                let rpc = RpcClient::from_insecure_url(url.as_str()).await?;
                let client = OnlineClient::<Config>::from_rpc_client(rpc.clone()).await?;
                Ok::<_, subxt::Error>((client, LegacyRpcMethods::new(rpc)))
            })
            .map_err(|e| node_error(format!("cannot reach {url}: {e}")))?;
        let faucet = faucet.map(|f| signer(&secret_uri(f))).transpose()?;
        let reader = signer(READER_URI)?;
        let keys = faucet
            .iter()
            .chain([&reader])
            .map(|key| (account_of(key), key.clone()))
            .collect();
        Ok(NodeChain {
            url,
            runtime,
            client,
            rpc,
            actor: account_of(faucet.as_ref().unwrap_or(&reader)),
            keys,
            reader,
            funded: faucet.iter().map(account_of).collect(),
            faucet,
            bundles: HashMap::new(),
        })
    }

    /// The actor's key, its account topped up for fees if it has a faucet to draw on.
    fn signing_actor(&mut self) -> Result<Signer, ChainError> {
        let actor = self.actor.clone();
        let key = self.keys.get(&actor).cloned().ok_or_else(|| {
            ChainError::Node(format!(
                "no key for {actor}: name it or give its secret URI"
            ))
        })?;
        self.fund(&actor)?;
        Ok(key)
    }

    fn options(
        &self,
        bundle: &Path,
        signer: Signer,
    ) -> contract_extrinsics::extrinsic_opts::ExtrinsicOpts<Config, Environment, Signer> {
        ExtrinsicOptsBuilder::new(signer)
            .file(Some(bundle))
            .url(self.url.clone())
            .done()
    }

    fn bundle_of(&self, contract: &AccountId32) -> Result<PathBuf, ChainError> {
        self.bundles
            .get(contract)
            .cloned()
            .ok_or_else(|| ChainError::Node(format!("no metadata for contract {contract}")))
    }

    /// Free native balance of `who`.
    fn native_balance(&self, who: &AccountId32) -> Result<u128, ChainError> {
        let bytes: &[u8; 32] = who.as_ref();
        let query = subxt::dynamic::storage("System", "Account", vec![Value::from_bytes(bytes)]);
        self.runtime.block_on(async {
            let best = self.best_block_hash().await?;
            let stored = self
                .client
                .storage()
                .at(best)
                .fetch(&query)
                .await
                .map_err(node_error)?;
            let Some(stored) = stored else { return Ok(0) };
            let value = stored.to_value().map_err(node_error)?;
            Ok(value
                .at("data")
                .at("free")
                .and_then(|free| free.as_u128())
                .unwrap_or(0))
        })
    }

    /// Submits a runtime call signed by `signer` and waits until it is in a block.
    fn submit(&self, call: &subxt::tx::DynamicPayload, signer: &Signer) -> Result<(), ChainError> {
        self.runtime.block_on(async {
            // The next nonce counting the pool and the best block, and an immortal
            // transaction: subxt's defaults read the finalized block, which lags here.
            let nonce = self
                .rpc
                .system_account_next_index(signer.account_id())
                .await
                .map_err(node_error)?;
            let params = DefaultExtrinsicParamsBuilder::<Config>::new()
                .nonce(nonce)
                .build();
            let mut progress = self
                .client
                .tx()
                .create_signed_offline(call, signer, params)
                .map_err(node_error)?
                .submit_and_watch()
                .await
                .map_err(node_error)?;
            while let Some(status) = progress.next().await {
                match status.map_err(node_error)? {
                    TxStatus::InBestBlock(block) | TxStatus::InFinalizedBlock(block) => {
                        return block.wait_for_success().await.map(drop).map_err(node_error);
                    }
                    TxStatus::Error { message }
                    | TxStatus::Invalid { message }
                    | TxStatus::Dropped { message } => return Err(node_error(message)),
                    _ => continue,
                }
            }
            Err(node_error(
                "the node dropped the transaction's status stream",
            ))
        })
    }

    /// Dry-runs `message` as `signer` and returns its answer; with `submit`, an answer that
    /// does not revert is also sent as a transaction, with the dry run's gas and half again.
    fn dry_run(
        &self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
        signer: Signer,
        submit: bool,
    ) -> Result<Vec<u8>, ChainError> {
        let options = self.options(&self.bundle_of(contract)?, signer);
        self.runtime.block_on(async {
            let call = CallCommandBuilder::new(node_account(contract), message, options)
                .args(args.to_vec())
                .done()
                .await
                .map_err(node_error)?;
            let dry_run = call.call_dry_run().await.map_err(node_error)?;
            let answer = match dry_run.result {
                Ok(answer) => answer,
                Err(error) => {
                    let error =
                        ErrorVariant::from_dispatch_error(&error, &call.client().metadata())
                            .map_err(node_error)?;
                    return Err(node_error(error));
                }
            };
            if submit && !answer.did_revert() {
                call.call(Some(with_margin(dry_run.gas_required)))
                    .await
                    .map_err(node_error)?;
            }
            Ok(answer.data)
        })
    }

    async fn best_block_hash(&self) -> Result<<Config as subxt::Config>::Hash, ChainError> {
        self.rpc
            .chain_get_block_hash(None)
            .await
            .map_err(node_error)?
            .ok_or_else(|| node_error("the node has no best block"))
    }

    fn fund(&mut self, who: &AccountId32) -> Result<(), ChainError> {
        let Some(faucet) = self.faucet.clone() else {
            return Ok(());
        };
        if self.funded.contains(who) || self.native_balance(who)? >= FEE_FUNDING / 2 {
            self.funded.insert(who.clone());
            return Ok(());
        }
        let bytes: &[u8; 32] = who.as_ref();
        let transfer = subxt::dynamic::tx(
            "Balances",
            "transfer_keep_alive",
            vec![
                Value::unnamed_variant("Id", [Value::from_bytes(bytes)]),
                Value::u128(FEE_FUNDING),
            ],
        );
        self.submit(&transfer, &faucet)?;
        self.funded.insert(who.clone());
        Ok(())
    }
}

impl Backend for NodeChain {
    fn account(&mut self, name: &str) -> AccountId32 {
        // A name that is an address stays that address (it signs nothing here).
        if let Ok(address) = name.parse::<AccountId32>() {
            return address;
        }
        let key = match signer(&secret_uri(name)) {
            Ok(key) => key,
            // Not a key: the name's bytes, as the sandbox names accounts.
            Err(_) => return crate::chain::named_account(name),
        };
        let account = account_of(&key);
        self.keys.insert(account.clone(), key);
        account
    }

    fn set_actor(&mut self, who: &AccountId32) {
        self.actor = who.clone();
    }

    fn actor(&self) -> AccountId32 {
        self.actor.clone()
    }

    fn use_metadata(
        &mut self,
        contract: &AccountId32,
        bundle_path: &Path,
    ) -> Result<(), ChainError> {
        self.bundles
            .insert(contract.clone(), bundle_path.to_path_buf());
        Ok(())
    }

    fn upload(&mut self, bundle_path: &Path) -> Result<Hash, ChainError> {
        let signer = self.signing_actor()?;
        let options = self.options(bundle_path, signer);
        self.runtime.block_on(async {
            let upload = UploadCommandBuilder::new(options)
                .done()
                .await
                .map_err(node_error)?;
            let hash = upload.code().code_hash();
            // Code already on chain uploads as a no-op: the hash is the code's either way.
            upload.upload_code().await.map_err(node_error)?;
            Ok(Hash::from(hash))
        })
    }

    fn deploy(
        &mut self,
        bundle_path: &Path,
        constructor: &str,
        args: &[String],
        salt: Vec<u8>,
    ) -> Result<AccountId32, ChainError> {
        let signer = self.signing_actor()?;
        let options = self.options(bundle_path, signer);
        let address = self.runtime.block_on(async {
            let instantiate = InstantiateCommandBuilder::new(options)
                .constructor(constructor)
                .args(args.to_vec())
                .salt(Some(sp_core::Bytes(salt)))
                .done()
                .await
                .map_err(node_error)?;
            let result = instantiate
                .instantiate(None)
                .await
                .map_err(|e: ErrorVariant| node_error(e))?;
            Ok::<_, ChainError>(AccountId32::new(result.contract_address.0))
        })?;
        self.bundles
            .insert(address.clone(), bundle_path.to_path_buf());
        Ok(address)
    }

    fn call_raw(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<Vec<u8>, ChainError> {
        let signer = self.signing_actor()?;
        self.dry_run(contract, message, args, signer, true)
    }

    fn query_raw(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<Vec<u8>, ChainError> {
        // A query signs nothing; without the actor's key, a reader key stands in as origin.
        let signer = self.keys.get(&self.actor).unwrap_or(&self.reader).clone();
        self.dry_run(contract, message, args, signer, false)
    }

    /// On a development node that seals a block per transaction this takes `n` remarks; on a
    /// chain with a block time it waits for the blocks.
    fn advance_blocks(&mut self, n: u32) -> u32 {
        let target = self.block_number().saturating_add(n);
        let remark = subxt::dynamic::tx("System", "remark", vec![Value::from_bytes(b"inktensor")]);
        let key = self
            .faucet
            .clone()
            .or_else(|| self.keys.get(&self.actor).cloned());
        while self.block_number() < target {
            match &key {
                Some(key) if self.submit(&remark, key).is_ok() => {}
                _ => std::thread::sleep(std::time::Duration::from_secs(1)),
            }
        }
        self.block_number()
    }

    /// The best block's number.
    fn block_number(&mut self) -> u32 {
        self.runtime
            .block_on(self.rpc.chain_get_header(None))
            .ok()
            .flatten()
            .map_or(0, |header| header.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_secret_uris() {
        assert_eq!(secret_uri("alice"), "//Alice");
        assert_eq!(secret_uri("ferdie"), "//Ferdie");
        assert_eq!(secret_uri("validator-0"), "//validator-0");
        assert_eq!(secret_uri("//Bob"), "//Bob");
        let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
        assert_eq!(secret_uri(phrase), phrase);
    }

    #[test]
    fn development_keys_are_the_well_known_ones() {
        let alice = account_of(&signer(&secret_uri("alice")).unwrap());
        assert_eq!(
            alice.to_string(),
            "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
        );
        assert!(signer("not a uri at all ###").is_err());
    }
}
