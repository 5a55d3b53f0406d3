//! A network's launch parameters, read from one TOML file (`deploy/networks/*.toml`) and
//! checked whole before anything is sent: who holds TAO at genesis, the treasury governance
//! holds, and the rules the contracts start with. Every section and field is optional; a
//! missing one keeps the contract's default.

use std::collections::BTreeSet;
use std::path::Path;

use interfaces::emission::{EmissionConfig, SharesRule, MAX_KEEPER_FEE};
use interfaces::governance::GovernanceSettings;
use interfaces::registry::{NetworkConfig, MAX_KEY_SWAP_BLOCKS, MAX_KEY_SWAP_COST};
use interfaces::staking::StakingConfig;
use interfaces::{Balance, TAO_SUPPLY_CAP};
use serde::Deserialize;

use crate::error::{file as file_error, Result};
use crate::units::{parse_tao, tao};

/// An amount of TAO as the file writes it: a whole number, or a decimal string ("0.5").
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Tao {
    Whole(u64),
    Text(String),
}

impl Tao {
    fn rao(&self, field: &str) -> Result<Balance> {
        match self {
            Tao::Whole(whole) => Balance::from(*whole)
                .checked_mul(interfaces::RAO_PER_TAO)
                .ok_or_else(|| file_error(format!("{field}: {whole} TAO is too large"))),
            Tao::Text(text) => parse_tao(text).map_err(|e| file_error(format!("{field}: {e}"))),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Allocation {
    /// An SS58 address or a key's name (`alice`, `//Alice`, …).
    account: String,
    tao: Tao,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GenesisSection {
    #[serde(default)]
    accounts: Vec<Allocation>,
    treasury: Option<Tao>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EmissionSection {
    shares: Option<String>,
    owner_cut: Option<u16>,
    keeper_fee: Option<u16>,
    root_validators: Option<u16>,
    root_stake_threshold: Option<Tao>,
    root_tempo: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubnetsSection {
    min_lock: Option<Tao>,
    lock_reduction_interval: Option<u32>,
    network_rate_limit: Option<u32>,
    max_subnets: Option<u16>,
    key_swap_cost: Option<Tao>,
    hotkey_swap_rate_limit: Option<u32>,
    coldkey_swap_delay: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StakingSection {
    min_stake: Option<Tao>,
    nominator_min_stake: Option<Tao>,
    take_rate_limit: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GovernanceSection {
    voting_delay: Option<u32>,
    voting_period: Option<u32>,
    quorum_ppm: Option<u32>,
    proposal_threshold: Option<Tao>,
    timelock_delay: Option<u32>,
    grace_period: Option<u32>,
    guardian: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LaunchFile {
    #[serde(default)]
    genesis: GenesisSection,
    #[serde(default)]
    emission: EmissionSection,
    #[serde(default)]
    subnets: SubnetsSection,
    #[serde(default)]
    staking: StakingSection,
    #[serde(default)]
    governance: GovernanceSection,
}

/// A network's launch, checked: what the deployment plan mints and configures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LaunchConfig {
    /// Accounts (an SS58 address or a key's name) and the TAO minted to each at genesis.
    pub genesis: Vec<(String, Balance)>,
    /// TAO minted to governance at genesis, spent only by passed proposals.
    pub treasury: Balance,
    pub shares: SharesRule,
    pub emission: EmissionConfig,
    pub subnets: NetworkConfig,
    pub staking: StakingConfig,
    pub governance: GovernanceSettings,
    pub guardian: Option<String>,
}

impl LaunchConfig {
    pub fn load(path: &Path) -> Result<LaunchConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| file_error(format!("{}: {e}", path.display())))?;
        LaunchConfig::parse(&text).map_err(|e| file_error(format!("{}: {e}", path.display())))
    }

    /// The file's text read and checked: every bound the contracts would enforce, the 21M cap
    /// over all of genesis, no account twice.
    pub fn parse(text: &str) -> Result<LaunchConfig> {
        let file: LaunchFile = toml::from_str(text).map_err(|e| file_error(e.message()))?;
        let mut launch = LaunchConfig::default();

        let mut seen = BTreeSet::new();
        for allocation in &file.genesis.accounts {
            let field = format!("genesis: `{}`", allocation.account);
            let amount = allocation.tao.rao(&field)?;
            if amount == 0 {
                return Err(file_error(format!("{field} is given no TAO")));
            }
            if !seen.insert(allocation.account.clone()) {
                return Err(file_error(format!("{field} appears twice")));
            }
            launch.genesis.push((allocation.account.clone(), amount));
        }
        if let Some(treasury) = &file.genesis.treasury {
            launch.treasury = treasury.rao("genesis.treasury")?;
        }
        if launch
            .genesis_total()
            .is_none_or(|total| total > TAO_SUPPLY_CAP)
        {
            return Err(file_error(format!(
                "genesis: more than the {} TAO cap in all",
                tao(TAO_SUPPLY_CAP)
            )));
        }

        let e = &file.emission;
        launch.shares = match e.shares.as_deref() {
            None | Some("fixed") => SharesRule::Fixed,
            Some("root") => SharesRule::Root,
            Some("market") => SharesRule::Market,
            Some(other) => {
                return Err(file_error(format!(
                    "emission.shares: `{other}` is none of \"fixed\", \"root\", \"market\""
                )))
            }
        };
        let mut emission = EmissionConfig::default();
        set(&mut emission.owner_cut, e.owner_cut);
        set(&mut emission.keeper_fee, e.keeper_fee);
        set(&mut emission.root_validators, e.root_validators);
        set(&mut emission.root_tempo, e.root_tempo);
        if let Some(threshold) = &e.root_stake_threshold {
            emission.root_stake_threshold = threshold.rao("emission.root_stake_threshold")?;
        }
        if emission.keeper_fee > MAX_KEEPER_FEE {
            return Err(file_error(format!(
                "emission.keeper_fee: {} is above the largest fee, {MAX_KEEPER_FEE} (1%)",
                emission.keeper_fee
            )));
        }
        if !emission.is_valid() {
            return Err(file_error(
                "emission: a value is out of its range (root_validators 1..=64)",
            ));
        }
        launch.emission = emission;

        let s = &file.subnets;
        let mut subnets = NetworkConfig::default();
        if let Some(min_lock) = &s.min_lock {
            subnets.min_lock = min_lock.rao("subnets.min_lock")?;
        }
        set(
            &mut subnets.lock_reduction_interval,
            s.lock_reduction_interval,
        );
        set(&mut subnets.network_rate_limit, s.network_rate_limit);
        set(&mut subnets.max_subnets, s.max_subnets);
        if let Some(cost) = &s.key_swap_cost {
            subnets.key_swap_cost = cost.rao("subnets.key_swap_cost")?;
        }
        set(
            &mut subnets.hotkey_swap_rate_limit,
            s.hotkey_swap_rate_limit,
        );
        set(&mut subnets.coldkey_swap_delay, s.coldkey_swap_delay);
        if !subnets.is_valid() {
            return Err(file_error(format!(
                "subnets: lock_reduction_interval and max_subnets must be above 0, \
                 key_swap_cost at most {} TAO, the key swap limits at most {MAX_KEY_SWAP_BLOCKS} blocks",
                MAX_KEY_SWAP_COST / interfaces::RAO_PER_TAO
            )));
        }
        launch.subnets = subnets;

        let k = &file.staking;
        let mut staking = StakingConfig::default();
        if let Some(min) = &k.min_stake {
            staking.min_stake = min.rao("staking.min_stake")?;
        }
        if let Some(min) = &k.nominator_min_stake {
            staking.nominator_min_stake = min.rao("staking.nominator_min_stake")?;
        }
        set(&mut staking.take_rate_limit, k.take_rate_limit);
        if !staking.is_valid() {
            return Err(file_error(
                "staking: minimums are at most 1000 TAO, take_rate_limit at most 2160000",
            ));
        }
        launch.staking = staking;

        let g = &file.governance;
        let mut governance = GovernanceSettings::default();
        set(&mut governance.voting_delay, g.voting_delay);
        set(&mut governance.voting_period, g.voting_period);
        set(&mut governance.quorum_ppm, g.quorum_ppm);
        set(&mut governance.timelock_delay, g.timelock_delay);
        set(&mut governance.grace_period, g.grace_period);
        if let Some(threshold) = &g.proposal_threshold {
            governance.proposal_threshold = threshold.rao("governance.proposal_threshold")?;
        }
        if !governance.is_valid() {
            return Err(file_error(
                "governance: a value is out of its range (voting_period and \
                        grace_period 1..=216000, voting_delay <= 50400, timelock_delay <= \
                        216000, quorum_ppm 1..=1000000)",
            ));
        }
        launch.governance = governance;
        launch.guardian = g.guardian.clone();
        Ok(launch)
    }

    /// All TAO minted at genesis, the treasury included (none if it overflows).
    pub fn genesis_total(&self) -> Option<Balance> {
        self.genesis
            .iter()
            .try_fold(self.treasury, |sum, (_, amount)| sum.checked_add(*amount))
    }
}

/// The operations guide, whose "launch a network" commands `dev-node` and the real-node test
/// run as written.
const OPERATIONS: &str = include_str!("../../docs/operations.md");
const LAUNCH_BEGIN: &str = "<!-- launch: begin -->";
const LAUNCH_END: &str = "<!-- launch: end -->";

/// The documented launch, one command line (the words after `inktensor`) per step, for the
/// network named `network` on the node at `url` (the guide says `local` and
/// `ws://127.0.0.1:9944`), or in the sandbox without one (no `--url` and `--suri`).
pub fn documented_launch(network: &str, url: Option<&str>) -> Result<Vec<Vec<String>>> {
    let block = OPERATIONS
        .split_once(LAUNCH_BEGIN)
        .and_then(|(_, rest)| rest.split_once(LAUNCH_END))
        .map(|(block, _)| block)
        .ok_or_else(|| file_error("docs/operations.md has no launch block"))?;
    block
        .lines()
        .filter_map(|line| line.trim().strip_prefix("inktensor "))
        .map(|line| {
            let mut words = shell_words(line)?.into_iter();
            let mut line = Vec::new();
            while let Some(word) = words.next() {
                let value = words.clone().next().unwrap_or_default();
                match word.as_str() {
                    "--network" => line.extend([word, network.to_string()]),
                    // In the sandbox the node's flags go, with their values.
                    "--url" if url.is_none() => {}
                    "--suri" if url.is_none() => {}
                    "--url" => line.extend([word, url.unwrap_or_default().to_string()]),
                    "--suri" => line.extend([word, value]),
                    _ => {
                        line.push(word);
                        continue;
                    }
                }
                words.next();
            }
            Ok(line)
        })
        .collect()
}

/// A command line split as a POSIX shell splits plain words and quoted ones.
fn shell_words(line: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                let quoted: String = chars.by_ref().take_while(|&q| q != c).collect();
                word.get_or_insert_with(String::new).push_str(&quoted);
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    if line.matches(['\'', '"']).count() % 2 == 1 {
        return Err(file_error(format!("unbalanced quotes in `{line}`")));
    }
    Ok(words)
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interfaces::RAO_PER_TAO;

    #[test]
    fn a_full_file_reads_into_every_contract_setting() {
        let launch = LaunchConfig::parse(
            r#"
            [genesis]
            accounts = [{ account = "alice", tao = 100 }, { account = "bob", tao = "0.5" }]
            treasury = 1000
            [emission]
            shares = "root"
            keeper_fee = 655
            root_stake_threshold = "1.5"
            [subnets]
            min_lock = 10
            network_rate_limit = 0
            [staking]
            min_stake = "0.001"
            [governance]
            voting_period = 20
            timelock_delay = 10
            guardian = "alice"
            "#,
        )
        .unwrap();
        assert_eq!(
            launch.genesis,
            vec![
                ("alice".to_string(), 100 * RAO_PER_TAO),
                ("bob".to_string(), RAO_PER_TAO / 2)
            ]
        );
        assert_eq!(launch.treasury, 1_000 * RAO_PER_TAO);
        assert_eq!(launch.genesis_total(), Some(1_100_500_000_000));
        assert_eq!(launch.shares, SharesRule::Root);
        assert_eq!(launch.emission.keeper_fee, 655);
        assert_eq!(launch.emission.root_stake_threshold, 1_500_000_000);
        assert_eq!(launch.emission.owner_cut, 11_796);
        assert_eq!(launch.subnets.min_lock, 10 * RAO_PER_TAO);
        assert_eq!(launch.subnets.network_rate_limit, 0);
        assert_eq!(launch.staking.min_stake, 1_000_000);
        assert_eq!(launch.governance.voting_period, 20);
        assert_eq!(launch.governance.timelock_delay, 10);
        assert_eq!(launch.governance.quorum_ppm, 40_000);
        assert_eq!(launch.guardian.as_deref(), Some("alice"));
    }

    #[test]
    fn an_empty_file_is_the_contracts_defaults() {
        let launch = LaunchConfig::parse("").unwrap();
        assert_eq!(launch, LaunchConfig::default());
        assert_eq!(launch.genesis_total(), Some(0));
    }

    #[test]
    fn the_repository_networks_are_valid() {
        for name in ["dev", "example"] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("networks")
                .join(format!("{name}.toml"));
            let launch = LaunchConfig::load(&path).unwrap();
            assert!(launch.genesis_total() > Some(0), "{name}");
        }
    }

    #[test]
    fn the_documented_launch_is_read_for_any_network() {
        let lines = documented_launch("e2e", Some("ws://127.0.0.1:4242")).unwrap();
        let deploy = &lines[0];
        assert_eq!(deploy[0], "deploy");
        assert!(deploy
            .windows(2)
            .any(|w| w == ["--url", "ws://127.0.0.1:4242"]));
        assert!(deploy.windows(2).any(|w| w == ["--suri", "//Alice"]));
        let sandbox = documented_launch("e2e", None).unwrap();
        assert!(!sandbox[0]
            .iter()
            .any(|w| w.starts_with("--url") || w.starts_with("ws:")));
        assert!(!sandbox[0].iter().any(|w| w == "--suri" || w == "//Alice"));
        assert_eq!(sandbox.len(), lines.len());
        assert!(lines
            .iter()
            .all(|line| line.windows(2).any(|w| w == ["--network", "e2e"])));
        assert!(lines
            .iter()
            .any(|line| line.contains(&"propose".to_string())));
    }

    #[test]
    fn command_lines_split_like_a_shell() {
        assert_eq!(
            shell_words(r#"propose --description "switch it on" shares 1=1"#).unwrap(),
            ["propose", "--description", "switch it on", "shares", "1=1"]
        );
        assert_eq!(
            shell_words("set '[(1, 1)]'  x").unwrap(),
            ["set", "[(1, 1)]", "x"]
        );
        assert!(shell_words("a 'b").is_err());
    }

    #[test]
    fn the_market_rule_is_a_shares_choice() {
        let launch = LaunchConfig::parse("[emission]\nshares = \"market\"").unwrap();
        assert_eq!(launch.shares, SharesRule::Market);
    }

    #[test]
    fn bad_files_are_refused_with_the_field_named() {
        let refused = |text: &str| LaunchConfig::parse(text).unwrap_err().to_string();
        assert_eq!(
            refused("[genesis]\naccounts = [{ account = \"a\", tao = 1 }, { account = \"a\", tao = 2 }]"),
            "genesis: `a` appears twice"
        );
        assert_eq!(
            refused("[genesis]\naccounts = [{ account = \"a\", tao = 0 }]"),
            "genesis: `a` is given no TAO"
        );
        assert_eq!(
            refused("[genesis]\naccounts = [{ account = \"a\", tao = \"ten\" }]"),
            "genesis: `a`: `ten` is not an amount of TAO"
        );
        assert_eq!(
            refused(
                "[genesis]\ntreasury = 20000000\naccounts = [{ account = \"a\", tao = 1000001 }]"
            ),
            "genesis: more than the 21000000.0000 TAO cap in all"
        );
        assert_eq!(
            refused("[emission]\nshares = \"equal\""),
            "emission.shares: `equal` is none of \"fixed\", \"root\", \"market\""
        );
        assert_eq!(
            refused("[emission]\nkeeper_fee = 656"),
            "emission.keeper_fee: 656 is above the largest fee, 655 (1%)"
        );
        assert!(refused("[governance]\nvoting_period = 0").starts_with("governance: "));
        assert!(refused("[subnets]\nmax_subnets = 0").starts_with("subnets: "));
        assert!(refused("[staking]\nmin_stake = 1001").starts_with("staking: "));
        assert!(refused("[emission]\nroot_validators = 65").starts_with("emission: "));
        assert!(refused("[governance]\nquorum = 1").contains("unknown field `quorum`"));
        assert!(refused("[genesis]\naccounts = 3").contains("invalid type"));
    }
}
