//! Gas of a whole epoch in the sandbox: a subnet of `n` neurons, `validators` of them
//! staked and weighting every neuron (dense), driven by a keeper through `epoch_step`.

use std::time::Instant;

use drink::AccountId32;
use interfaces::emission::EpochProgress;
use interfaces::{Balance, NetUid, Uid, RAO_PER_TAO};

use crate::chain::{Backend, Chain, ChainError, Gas, Refusal, BLOCK_BUDGET};
use crate::suite::Suite;

/// What the bench prints to stderr as it goes, from `INKTENSOR_BENCH_TRACE`: unset, nothing;
/// `steps`, each epoch call with the gas between a traced build's checkpoints and what loading
/// the run alone costs (a query per call: roughly twice the run time); anything else, one line
/// per phase and per call, with the wall-clock time (no extra calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trace {
    Off,
    Progress,
    Steps,
}

impl Trace {
    fn from_env() -> Self {
        match std::env::var("INKTENSOR_BENCH_TRACE").as_deref() {
            Err(_) => Trace::Off,
            Ok("steps") => Trace::Steps,
            Ok(_) => Trace::Progress,
        }
    }
}

/// One measured epoch.
#[derive(Debug, Clone)]
pub struct EpochBench {
    pub neurons: u16,
    pub validators: u16,
    pub max_rows: u16,
    pub calls: u32,
    /// The largest single call, by ref_time (and its proof size).
    pub largest: Gas,
    pub largest_proof: u64,
    pub total: Gas,
}

impl EpochBench {
    /// A share of the block's normal class, in percent.
    pub fn share(ref_time: u64) -> f64 {
        ref_time as f64 * 100.0 / BLOCK_BUDGET.ref_time as f64
    }
}

/// Builds the subnet and measures its `weighted_epochs`-th weighted epoch (2: bonds from the
/// first present; 1 halves the run time of a 4,096-neuron bench, with no old bonds to read).
pub fn epoch(
    neurons: u16,
    validators: u16,
    max_rows: u16,
    weighted_epochs: u32,
) -> Result<EpochBench, ChainError> {
    let trace = Trace::from_env();
    let started = Instant::now();
    let report = |what: &str| {
        if trace != Trace::Off {
            eprintln!("[{:>6.0}s] {what}", started.elapsed().as_secs_f64());
        }
    };
    let mut chain = Chain::new();
    let [admin, faucet, owner, coldkey, keeper] =
        ["admin", "faucet", "owner", "coldkey", "keeper"].map(|n| chain.account(n));
    let suite = Suite::deploy(&mut chain, &admin, Some(&faucet))?;
    let registry = suite.registry();
    for who in [&owner, &coldkey] {
        suite.fund(&mut chain, &faucet, who, 1_000_000 * RAO_PER_TAO)?;
    }
    suite.lift_network_rate_limit(&mut chain)?;
    let owner_hotkey = chain.account("owner-hotkey");
    let netuid: NetUid = registry
        .create_subnet(&mut chain, &owner, &owner_hotkey)?
        .refused()?;
    for change in [
        "Tempo(1000)".to_string(),
        format!("MaxAllowedValidators({validators})"),
        format!("MaxAllowedUids({neurons})"),
        "BurnBounds(1, 1)".to_string(),
        "WeightsRateLimit(0)".to_string(),
    ] {
        registry
            .set_hyperparameter(&mut chain, &admin, netuid, &change)?
            .refused()?;
    }
    let hotkeys: Vec<AccountId32> = (1..neurons)
        .map(|i| chain.account(&format!("hotkey-{i}")))
        .collect();
    for (i, hotkey) in hotkeys.iter().enumerate() {
        registry
            .register(&mut chain, &coldkey, netuid, hotkey, Balance::MAX)?
            .refused()?;
        // drink reads back the block's whole event list after every call: a new block every
        // 64 registrations keeps that list short (a 4,096 subnet registered in one block
        // took most of half an hour of wall-clock time; the gas is the same either way).
        if (i + 1) % 64 == 0 {
            chain.advance_blocks(1);
        }
        if (i + 1) % 512 == 0 {
            report(&format!("registered {} neurons", i + 2));
        }
    }
    // Validators: the owner hotkey (uid 0) and the next `validators − 1` uids, by stake.
    let validator_keys: Vec<&AccountId32> = std::iter::once(&owner_hotkey)
        .chain(hotkeys.iter())
        .take(usize::from(validators))
        .collect();
    for (i, hotkey) in validator_keys.iter().enumerate() {
        let stake = (1_000 + i as Balance) * RAO_PER_TAO;
        let payer = if i == 0 { &owner } else { &coldkey };
        suite
            .staking()
            .add_stake(&mut chain, payer, hotkey, stake)?
            .refused()?;
    }
    report("validators staked");
    // An epoch counts stake as of the block before it starts.
    chain.advance_blocks(1);
    suite.wire_emission(&mut chain)?;
    suite
        .emission()
        .set_fixed_shares(&mut chain, &admin, &[(netuid, 1)])?
        .refused()?;

    // A first epoch without weights grants the permits.
    let crank = |chain: &mut Chain| -> Result<Vec<Gas>, ChainError> {
        while !registry.epoch_due(chain, netuid)? {
            chain.advance_blocks(1);
        }
        let mut gas = Vec::new();
        loop {
            let step = suite.epoch().epoch_step(chain, &keeper, netuid, max_rows);
            if let (Err(error), Trace::Steps) = (&step, trace) {
                eprintln!("  step {}: {error}; its dry run:", gas.len() + 1);
                let args = [netuid.to_string(), max_rows.to_string()];
                // The query fails as the call did; what it printed is kept.
                let _ = chain.query_raw(&suite.epoch, "Epoch::epoch_step", &args);
                print_checkpoints(chain.last_query_debug());
            }
            let progress = step?.refused()?;
            gas.push(chain.last_call_gas());
            report(&format!(
                "step {}: {progress:?} {:?}",
                gas.len(),
                chain.last_call_gas()
            ));
            if trace == Trace::Steps {
                print_checkpoints(&chain.last_call_debug());
                if suite.epoch().running_epoch(chain, netuid)?.is_some() {
                    eprintln!("    loading the run alone: {:?}", chain.last_query_gas());
                }
            }
            if let EpochProgress::Finished { .. } = progress {
                return Ok(gas);
            }
        }
    };
    report("the first epoch (no weights: permits)");
    crank(&mut chain)?;
    let uids: Vec<Uid> = (0..neurons).collect();
    let mut measured = Vec::new();
    for epoch in 0..weighted_epochs.max(1) {
        for (i, hotkey) in validator_keys.iter().enumerate() {
            let values: Vec<u16> = uids
                .iter()
                .map(|uid| 1 + ((u32::from(*uid) * 7 + i as u32 * 13 + epoch * 5) % 1_000) as u16)
                .collect();
            // The dense form: 4,096 (uid, value) pairs would not fit a call's input.
            suite
                .weights()
                .set_dense_weights(&mut chain, hotkey, netuid, &values, 0)?
                .refused()?;
        }
        report(&format!("weighted epoch {}: weights set", epoch + 1));
        measured = crank(&mut chain)?;
    }
    let largest = measured
        .iter()
        .copied()
        .max_by_key(|g| g.ref_time)
        .unwrap_or(Gas {
            ref_time: 0,
            proof_size: 0,
        });
    Ok(EpochBench {
        neurons,
        validators,
        max_rows,
        calls: measured.len() as u32,
        largest,
        largest_proof: measured.iter().map(|g| g.proof_size).max().unwrap_or(0),
        total: Gas {
            ref_time: measured.iter().map(|g| g.ref_time).sum(),
            proof_size: measured.iter().map(|g| g.proof_size).sum(),
        },
    })
}

/// A traced build's checkpoints (`gas <label> <ref_time left> <memory pages>`), as the
/// ref_time spent since the previous one and the memory grown to.
fn print_checkpoints(debug: &str) {
    let mut previous: Option<u64> = None;
    for line in debug.lines() {
        let mut words = line.split_whitespace();
        let (Some("gas"), Some(label), Some(left)) = (words.next(), words.next(), words.next())
        else {
            continue;
        };
        let Ok(left) = left.parse::<u64>() else {
            continue;
        };
        let pages = words.next().unwrap_or("?");
        if let Some(before) = previous {
            eprintln!(
                "      {label:<24} {:>16}  {pages:>2} × 64 KiB",
                before.saturating_sub(left)
            );
        }
        previous = Some(left);
    }
}

/// The table `inktensor bench` prints.
pub fn table(rows: &[EpochBench]) -> String {
    let mut out = String::from(
        "| n | validators | max_rows | calls | largest call ref_time | share | largest proof_size | total ref_time | share | total proof_size |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.2}% | {} | {} | {:.2}% | {} |\n",
            row.neurons,
            row.validators,
            row.max_rows,
            row.calls,
            row.largest.ref_time,
            EpochBench::share(row.largest.ref_time),
            row.largest_proof,
            row.total.ref_time,
            EpochBench::share(row.total.ref_time),
            row.total.proof_size,
        ));
    }
    out
}

/// Gas of the market's messages on a subnet whose market is open: each call once, in an order
/// that exercises its dearest path (a stake that opens a hotkey's pool and a position, one
/// into both, an unstake that keeps the position, one that closes it).
pub fn market() -> Result<Vec<(&'static str, Gas)>, ChainError> {
    let mut chain = Chain::new();
    let [admin, faucet, owner, alice] =
        ["admin", "faucet", "owner", "alice"].map(|n| chain.account(n));
    let suite = Suite::deploy(&mut chain, &admin, Some(&faucet))?;
    for who in [&owner, &alice] {
        suite.fund(&mut chain, &faucet, who, 10_000 * RAO_PER_TAO)?;
    }
    let hotkey = chain.account("owner-hotkey");
    let netuid: NetUid = suite
        .registry()
        .create_subnet(&mut chain, &owner, &hotkey)?
        .refused()?;
    let market = suite.market();
    let mut rows = Vec::new();
    market.open_market(&mut chain, &owner, netuid)?.refused()?;
    rows.push(("open_market", chain.last_call_gas()));
    let tao = 100 * RAO_PER_TAO;
    for what in ["add_stake (new position)", "add_stake (existing position)"] {
        market
            .add_stake(
                &mut chain,
                &alice,
                &hotkey,
                netuid,
                tao,
                Some(Balance::MAX / 2),
            )?
            .refused()?;
        rows.push((what, chain.last_call_gas()));
    }
    let held = market.alpha_of(&mut chain, &hotkey, netuid, &alice)?;
    market
        .remove_stake(&mut chain, &alice, &hotkey, netuid, held / 2, Some(1))?
        .refused()?;
    rows.push(("remove_stake (part)", chain.last_call_gas()));
    let rest = market.alpha_of(&mut chain, &hotkey, netuid, &alice)?;
    market
        .remove_stake(&mut chain, &alice, &hotkey, netuid, rest, Some(1))?
        .refused()?;
    rows.push(("remove_stake (all)", chain.last_call_gas()));
    market.quote_stake(&mut chain, netuid, tao)?.refused()?;
    rows.push(("quote_stake (query)", chain.last_query_gas()));
    Ok(rows)
}

/// Gas of dynamic TAO's emission messages: the market's `fund_epoch` (the TAO in, the alpha
/// emitted, the owner's alpha staked) and a page of `credit_epoch_rewards`, called as the roles
/// would; and emission's `update_market_shares` over `subnets` subnets with open markets.
pub fn market_emission(subnets: &[u16]) -> Result<Vec<(String, Gas)>, ChainError> {
    let mut rows = Vec::new();
    let mut sizes = subnets.to_vec();
    sizes.sort_unstable();
    let largest = sizes.last().copied().unwrap_or(0);
    let mut chain = Chain::new();
    let [admin, faucet, owner, roles] =
        ["admin", "faucet", "owner", "roles"].map(|n| chain.account(n));
    let suite = Suite::deploy(&mut chain, &admin, Some(&faucet))?;
    let registry = suite.registry();
    // Locks back at the minimum two blocks after each creation.
    let fast = crate::suite::NetworkConfig {
        network_rate_limit: 0,
        lock_reduction_interval: 1,
        ..crate::suite::NetworkConfig::default()
    };
    registry.set_config(&mut chain, &admin, fast)?.refused()?;
    suite.fund(
        &mut chain,
        &faucet,
        &owner,
        Balance::from(largest) * 2_000 * RAO_PER_TAO,
    )?;
    suite.wire_emission(&mut chain)?;
    let (market, emission) = (suite.market(), suite.emission());
    emission.use_market_shares(&mut chain, &admin)?.refused()?;
    let config = interfaces::emission::EmissionConfig {
        root_tempo: 1,
        ..emission.config(&mut chain)?
    };
    emission
        .set_config(&mut chain, &admin, &config)?
        .refused()?;
    let mut netuids = Vec::new();
    let mut hotkeys = Vec::new();
    for size in sizes {
        while netuids.len() < usize::from(size) {
            chain.advance_blocks(2);
            let hotkey = chain.account(&format!("owner-hotkey-{}", netuids.len()));
            let netuid: NetUid = registry
                .create_subnet(&mut chain, &owner, &hotkey)?
                .refused()?;
            market.open_market(&mut chain, &owner, netuid)?.refused()?;
            netuids.push(netuid);
            hotkeys.push(hotkey);
        }
        chain.advance_blocks(2);
        emission
            .update_market_shares(&mut chain, &roles)?
            .refused()?;
        rows.push((
            format!("update_market_shares, {size} subnets with markets"),
            chain.last_call_gas(),
        ));
    }
    // The roles given to one account, to call the market as emission and the epoch would.
    market
        .set_roles(&mut chain, &admin, Some(&roles), Some(&roles))?
        .refused()?;
    let Some(&netuid) = netuids.first() else {
        return Ok(rows);
    };
    chain.advance_blocks(100);
    market
        .fund_epoch(&mut chain, &roles, netuid, 100 * RAO_PER_TAO, 11_796)?
        .refused()?;
    rows.push((
        "fund_epoch (TAO and alpha in, the owner's alpha staked)".to_string(),
        chain.last_call_gas(),
    ));
    let page: Vec<(AccountId32, Balance, Balance)> = hotkeys
        .iter()
        .take(32)
        .map(|hotkey| (hotkey.clone(), RAO_PER_TAO / 100, RAO_PER_TAO / 100))
        .collect();
    crate::suite::staking::credit_epoch_rewards(&mut chain, &suite.market, &roles, netuid, &page)?
        .map_err(|error| ChainError::Session(format!("credit: {error:?}")))?;
    rows.push((
        format!(
            "credit_epoch_rewards, a page of {} alpha rewards (no TAO stake: no root dividends)",
            page.len()
        ),
        chain.last_call_gas(),
    ));
    // The same page once every hotkey has TAO stake: each dividend is partly root dividends,
    // sold into the pool in one sale and paid to the TAO stakers through staking (whatever
    // the markets' prices: the costlier path).
    for (hotkey, _, _) in &page {
        suite
            .staking()
            .add_stake(&mut chain, &owner, hotkey, 100 * RAO_PER_TAO)?
            .refused()?;
    }
    market
        .set_root_sale_threshold(&mut chain, &admin, 0)?
        .refused()?;
    chain.advance_blocks(100);
    market
        .fund_epoch(&mut chain, &roles, netuid, 100 * RAO_PER_TAO, 11_796)?
        .refused()?;
    crate::suite::staking::credit_epoch_rewards(&mut chain, &suite.market, &roles, netuid, &page)?
        .map_err(|error| ChainError::Session(format!("credit: {error:?}")))?;
    rows.push((
        format!(
            "credit_epoch_rewards, a page of {} alpha rewards, each with root dividends",
            page.len()
        ),
        chain.last_call_gas(),
    ));
    Ok(rows)
}

/// The table `inktensor bench --market` prints.
pub fn market_table(rows: &[(impl std::fmt::Display, Gas)]) -> String {
    let mut out = String::from(
        "| message | ref_time | share of a block | proof_size |\n|---|---:|---:|---:|\n",
    );
    for (message, gas) in rows {
        out.push_str(&format!(
            "| {message} | {} | {:.3}% | {} |\n",
            gas.ref_time,
            EpochBench::share(gas.ref_time),
            gas.proof_size
        ));
    }
    out
}
