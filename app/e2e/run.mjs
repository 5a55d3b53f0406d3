// End to end in a real browser against a real node: starts `inktensor dev-node` (a fresh
// substrate-contracts-node on 127.0.0.1 with the suite deployed and the network live: subnet 1
// with a validator and a miner, proposal 0 executed, a keeper running epochs), serves the page
// with development accounts on, and drives headless Chromium through Playwright: delegate stake
// and see it change; move part of it to another hotkey from the Account page and see both
// positions change; create a proposal from the page, read its call decoded, vote on it and see
// the tally change, queue and execute it and see the subnet change; lend charlie's voting power
// to bob from the Governance page and see a proposal created afterwards count it as bob's at its
// snapshot, and as none of charlie's. Then subnet 1's market (dynamic TAO) from its detail on
// the Subnets page: alice, its owner, opens it, and charlie previews a stake on the validator's
// hotkey, stakes, sees his α and what it would sell for, and unstakes all of it. Last, key
// rotation on the Account page: bob swaps the
// validator's hotkey (he registered it) for a fresh key and sees it listed under the new name
// with the old one gone, then announces a coldkey swap, sees it pending, and cancels it.
// Blocks are advanced with the `inktensor` command.
// Screenshots of each page go to app/screenshots/. Skipped, with a message,
// when no node binary is installed (scripts/install-node).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { chromium } from "playwright-core";

const app = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(app, "..");
const screenshots = join(app, "screenshots");
const NETWORK = "e2e-dapp";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** The development key //Charlie: the delegator, proposer and first voter of the test, who
 * lends his voting power to bob at the end. */
const CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
/** The development key //Bob: the validator's owner, whose 1,000 TAO carry the quorum. */
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
/** The development key //Alice: subnet 1's owner (the launch's `create-subnet`), who opens its market. */
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
/** TAO charlie stakes into subnet 1's market, and unstakes as α. */
const MARKET_STAKE = 10;
/** TAO charlie moves from the validator (uid 1) to the miner (uid 2) on the Account page. */
const MOVED = 100;
/**
 * The most rewards a position may gain while a step runs: the whole network earns 1 TAO a block,
 * a block every 2 seconds, and a step lasts well under 100 seconds. Less than MOVED, so a
 * position within it of its expected amount has moved.
 */
const REWARD_SLACK = 50;
/** The Account page shows amounts truncated to 4 decimals, and pools round by a rao. */
const DISPLAY_TOLERANCE = 0.001;

function nodeBinary() {
  if (process.env.CONTRACTS_NODE) return existsSync(process.env.CONTRACTS_NODE) ? process.env.CONTRACTS_NODE : undefined;
  return (process.env.PATH ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "substrate-contracts-node"))
    .find((candidate) => existsSync(candidate));
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on("error", reject);
  });
}

/** Starts a long-running process; resolves once a line of its output matches `ready`. */
function start(command, args, options, ready, timeout = 300_000) {
  // Its own process group, so that stopping it stops whatever it started.
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  let output = "";
  const started = new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), timeout);
    const watch = (chunk) => {
      // Colour codes split words apart ("\x1b[1mLocal\x1b[22m:"); match the plain text.
      output += String(chunk).replace(/\x1b\[[0-9;]*m/g, "");
      if (ready.test(output)) {
        clearTimeout(timer);
        resolveStart(output);
      }
    };
    child.stdout.on("data", watch);
    child.stderr.on("data", watch);
    child.on("exit", (code) => reject(new Error(`${command} exited (${code}):\n${output}`)));
  });
  return { child, started };
}

/** One `inktensor` operation on the test network, as a person would type it. */
function inktensor(actor, ...args) {
  return execFileSync(
    "cargo",
    ["run", "--locked", "-q", "-p", "inktensor", "--", "--network", NETWORK, "--as", actor, "--faucet", "//Alice", ...args],
    { cwd: root, encoding: "utf8" },
  );
}

/** The TAO amounts in `text` ("1,025.0000 TAO free · your stake …: 25.0000 TAO"), as numbers. */
function amounts(text) {
  return [...(text ?? "").matchAll(/\d[\d,]*\.\d+/g)].map(([amount]) => Number(amount.replaceAll(",", "")));
}

/** The first TAO amount in `text`. */
const taoIn = (text) => amounts(text)[0] ?? Number.NaN;

/** Subnet `netuid`'s market panel (on the Subnets page, in the subnet's detail) once it is in
 * `state`: "none" (no market yet) or "open". It is drawn afresh for each account, and says
 * "reading" until the account's reading arrives. */
const marketOf = (page, netuid, state) => page.locator(`[data-testid="market"][data-netuid="${netuid}"][data-state="${state}"]`);

/** Reads `read()` every half second until `ok` accepts it; the keeper's epochs move stakes, so
 * amounts are checked as bounds, not exact figures. */
async function until(what, read, ok, timeout = 60_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await read().catch(() => undefined);
    if (last !== undefined && ok(last)) return last;
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
  }
  throw new Error(`${what}: last read ${JSON.stringify(last)}`);
}

/** The row of a table whose first cell is exactly `key`. */
function rowOf(page, table, key) {
  return page.getByTestId(table).locator("tbody tr").filter({ has: page.locator("td:first-child", { hasText: new RegExp(`^${key}$`) }) });
}

/** A cell's text, without waiting long for it (for `until`). */
const cellText = (locator) => locator.textContent({ timeout: 1_000 });

/** The hotkey (the full address its cell's title holds) of neuron `uid` of subnet 1. */
async function hotkeyOfUid(page, uid) {
  await page.getByRole("tab", { name: "Subnets" }).click();
  const hotkey = await rowOf(page, "metagraph", uid).locator("td").nth(1).getAttribute("title");
  if (!hotkey) throw new Error(`subnet 1 shows no hotkey for uid ${uid}`);
  return hotkey;
}

/** The Account page's row of the position on `hotkey`. */
function positionRow(page, hotkey) {
  return page.getByTestId("positions").locator(`tbody tr[data-hotkey="${hotkey}"]`);
}

/** The stake of the position on `hotkey` as the Account page shows it: 0 when it has no row. */
async function positionStake(page, hotkey) {
  const row = positionRow(page, hotkey);
  if ((await row.count()) === 0) return 0;
  return taoIn(await cellText(row.getByTestId("position-stake")));
}

/** The address of a key derived from a development key (`//Bob//…`): unused on the fresh chain. */
async function devAddress(uri) {
  await cryptoWaitReady();
  return new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(uri).address;
}

/** An address as the page shortens it (src/lib/metagraph.ts, shortAddress). */
const short = (address) => `${address.slice(0, 6)}…${address.slice(-6)}`;

/** The Governance page's voting power panel once it shows `address`'s power: after the account
 * is switched it shows none until the new account's reading arrives. */
const votingPowerOf = (page, address) => page.locator(`[data-testid="voting-power"][data-account="${address}"]`);

/** `amount` within [low, low + REWARD_SLACK], give or take what the display truncates. */
const withinRewards = (amount, low) => amount >= low - DISPLAY_TOLERANCE && amount <= low + REWARD_SLACK;

/** What the page says about its transactions (each one's progress and outcome, the last
 * screenshot of the failing step), printed with a failure: CI keeps only this output. */
let pageState = async () => [];

async function transactionsOn(page) {
  const texts = await page
    .locator('[role="status"], [data-testid="progress"], p.error')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent.trim()).filter(Boolean));
  return [...new Set(texts)].map((text) => `page: ${text}`);
}

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    const seen = await pageState().catch((why) => [`page state unreadable: ${why.message}`]);
    console.log(`FAIL ${name}\n     ${[...error.message.split("\n"), ...seen].join("\n     ")}`);
  }
}

async function main() {
  const binary = nodeBinary();
  if (!binary) {
    console.log(
      "SKIPPED dApp end-to-end tests: no substrate-contracts-node on PATH or in $CONTRACTS_NODE " +
        "(scripts/install-node installs it, in about 42 minutes)",
    );
    return;
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  const children = [];
  const stop = () => children.forEach((child) => child.stop());
  process.on("exit", stop);
  try {
    const nodePort = await freePort();
    // The dev node builds, deploys and sets the network up before it says it is ready.
    const node = start(
      "cargo",
      ["run", "--locked", "-q", "-p", "inktensor", "--", "dev-node", "--port", String(nodePort), "--network", NETWORK],
      { cwd: root, env: { ...process.env, CONTRACTS_NODE: binary } },
      /development node at ws:/,
      600_000,
    );
    children.push(node.child);
    await node.started;
    console.log(`node on ws://127.0.0.1:${nodePort}, suite deployed, network live`);

    const webPort = await freePort();
    const web = start(
      join(app, "node_modules", ".bin", "vite"),
      ["--port", String(webPort), "--strictPort"],
      { cwd: app, env: { ...process.env, VITE_DEV_ACCOUNTS: "1", NO_COLOR: "1" } },
      /Local:/,
    );
    children.push(web.child);
    await web.started;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    children.push({ stop: () => void browser.close() });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000);
    let failures = 0;
    pageState = async () => {
      failures += 1;
      await page.screenshot({ path: join(screenshots, `failure-${failures}.png`), fullPage: true });
      return transactionsOn(page);
    };
    await page.goto(`http://127.0.0.1:${webPort}/?network=${NETWORK}`);
    await page.getByTestId("dev-accounts").click();
    await page.getByLabel("account").selectOption(CHARLIE);

    // Tempo is what the proposal changes: a value other than subnet 1's, so that the subnets
    // table showing it proves the execution.
    let tempo;
    await check("the subnets, the metagraph and the validators are listed", async () => {
      await page.getByTestId("metagraph").locator("tbody tr").nth(2).waitFor();
      const rows = await page.getByTestId("metagraph").locator("tbody tr").count();
      if (rows !== 3) throw new Error(`metagraph has ${rows} rows, expected 3 (owner, validator, miner)`);
      await until("the validator's (uid 1) total stake, at least bob's 1,000 TAO", () => cellText(rowOf(page, "validators", 1).locator("td").nth(3)).then(taoIn), (stake) => stake >= 1_000);
      const current = Number(await cellText(rowOf(page, "subnets", 1).locator("td").nth(3)));
      tempo = current === 100 ? 101 : 100;
      await page.screenshot({ path: join(screenshots, "subnets.png"), fullPage: true });
    });

    // What charlie holds before delegating (the launch may have staked some of it already).
    let free;
    let staked;
    await check("a refused amount is explained before anything is sent", async () => {
      await rowOf(page, "validators", 1).getByRole("button", { name: "delegate" }).click();
      const balance = page.getByTestId("balance");
      [free, staked] = await until("charlie's free TAO and stake on the validator", () => cellText(balance).then(amounts), (found) => found.length === 2);
      await page.getByLabel("amount").fill("1000000");
      await page.getByRole("button", { name: "review stake" }).click();
      const refusal = await until("the refusal", () => cellText(page.getByRole("status")), (text) => text.startsWith("only "));
      if (taoIn(refusal) !== free) throw new Error(`refusal "${refusal}", charlie holds ${free} TAO`);
    });

    await check("delegating 25 TAO moves the stake", async () => {
      await page.getByLabel("amount").fill("25");
      await page.getByRole("button", { name: "review stake" }).click();
      await page.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await page.screenshot({ path: join(screenshots, "delegate-review.png"), fullPage: true });
      await page.getByRole("button", { name: "confirm" }).click();
      await page.getByRole("status").getByText("stake: done").waitFor();
      // Free TAO moves by exactly the amount; the stake by at least it (epochs pay into it).
      await until(
        `charlie's free TAO down from ${free} by 25, stake up from ${staked} by at least 25`,
        () => cellText(page.getByTestId("balance")).then(amounts),
        ([nowFree, nowStaked]) => Math.abs(nowFree - (free - 25)) < 1e-6 && nowStaked >= staked + 25,
      );
      await page.screenshot({ path: join(screenshots, "delegate-done.png"), fullPage: true });
    });

    // The launch registers two hotkeys that take stake on subnet 1: bob's `validator` (uid 1)
    // and dave's `miner` (uid 2). Charlie holds stake on the validator (the launch's and the 25
    // TAO above); part of it moves to the miner without leaving staking.
    let validatorHotkey;
    let minerHotkey;
    let moved = 0;
    await check(`moving ${MOVED} TAO from the Account page moves it between the positions`, async () => {
      validatorHotkey = await hotkeyOfUid(page, 1);
      minerHotkey = await hotkeyOfUid(page, 2);
      await page.getByRole("tab", { name: "Account" }).click();
      const validatorRow = positionRow(page, validatorHotkey);
      await validatorRow.getByTestId("position-subnets").getByText("1 (uid 1)", { exact: true }).waitFor();
      // The table is read in one piece: with the validator's row shown, a missing miner row is
      // a position that does not exist (yet).
      const validatorBefore = await positionStake(page, validatorHotkey);
      const minerBefore = await positionStake(page, minerHotkey);
      if (!(validatorBefore >= MOVED)) throw new Error(`charlie's validator position is ${validatorBefore} TAO, below the ${MOVED} to move`);

      await validatorRow.getByRole("button", { name: "move", exact: true }).click();
      const panel = page.getByTestId("position-action");
      await panel.getByLabel("to validator").selectOption(minerHotkey);
      // More than the position: refused on the page, nothing signed.
      await panel.getByLabel("amount").fill(String(Math.ceil(validatorBefore) + 1_000));
      await panel.getByRole("button", { name: "review move stake" }).click();
      await panel.getByRole("status").getByText(/^the position holds only /).waitFor();

      await panel.getByLabel("amount").fill(String(MOVED));
      await panel.getByRole("button", { name: "review move stake" }).click();
      await panel.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await panel.getByRole("button", { name: "confirm" }).click();
      await panel.getByRole("status").getByText("move stake: done").waitFor();
      moved = MOVED;
      // Each position moves by the amount; rewards may have added to either since it was read.
      const [validatorAfter, minerAfter] = await until(
        `the validator's position down from ${validatorBefore} by ${MOVED}, the miner's up from ${minerBefore} by ${MOVED}`,
        () => Promise.all([positionStake(page, validatorHotkey), positionStake(page, minerHotkey)]),
        ([validator, miner]) => withinRewards(validator, validatorBefore - MOVED) && withinRewards(miner, minerBefore + MOVED),
      );
      console.log(`     validator ${validatorBefore} → ${validatorAfter} TAO, miner ${minerBefore} → ${minerAfter} TAO`);
      await positionRow(page, minerHotkey).getByTestId("position-subnets").getByText("1 (uid 2)", { exact: true }).waitFor();
      await page.screenshot({ path: join(screenshots, "account-positions.png"), fullPage: true });
    });

    await check("the network's own proposal shows its call decoded", async () => {
      await page.getByRole("tab", { name: "Governance" }).click();
      const first = page.getByTestId("proposal-0");
      await first.getByTestId("state").getByText("Executed").waitFor();
      await first.getByTestId("calls").getByText("emission.set_fixed_shares { parts: [(1, 1)] }", { exact: true }).waitFor();
    });

    const form = page.getByTestId("propose");
    const field = (label) => form.getByLabel(label, { exact: true });
    const refusal = async (text) => {
      await form.getByRole("button", { name: "review propose" }).click();
      await form.getByRole("status").getByText(text).waitFor();
    };

    await check("the proposal form refuses bad input before anything is signed", async () => {
      await field("proposal kind").selectOption("hyperparameter");
      await field("netuid").fill("one");
      await field("hyperparameter").selectOption("Tempo");
      await field("value").fill("100");
      await field("description").fill("a test");
      await refusal('netuid: "one" is not a whole number');
      await field("netuid").fill("1");
      await field("description").fill("");
      await refusal("describe the proposal for the voters");
      await field("proposal kind").selectOption("upgrade");
      await field("code hash").fill("0x1234");
      await field("description").fill("a test");
      await refusal("the code hash must be 32 bytes (64 hex digits), not 4 digits");
      await field("proposal kind").selectOption("hyperparameter");
      // Well-formed but out of the registry's bounds: refused by a dry run of the call as
      // governance will make it, before anyone votes on a proposal that cannot execute.
      await field("value").fill("0");
      await refusal(/when executed, the call would fail: HyperparameterOutOfRange/);
    });

    let id;
    const call = () => `subnet_registry.set_hyperparameter { netuid: 1, change: Tempo(${tempo}) }`;
    const proposal = () => {
      if (id === undefined) throw new Error("no proposal was created from the page");
      return page.getByTestId(`proposal-${id}`);
    };

    await check("a proposal is created from the page, its call shown as voters will read it", async () => {
      const description = `set Tempo(${tempo}) on subnet 1, from the page`;
      await field("value").fill(String(tempo));
      await field("description").fill(description);
      await form.getByTestId("call-preview").getByText(call()).waitFor();
      await page.screenshot({ path: join(screenshots, "governance-create.png"), fullPage: true });
      await form.getByRole("button", { name: "review propose" }).click();
      await form.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await form.getByRole("button", { name: "confirm" }).click();
      await form.getByRole("status").getByText("propose: done").waitFor();
      const created = page.locator('[data-testid^="proposal-"]').filter({ has: page.getByText(description, { exact: true }) });
      id = Number((await created.getAttribute("data-testid")).slice("proposal-".length));
      if (!(id > 0)) throw new Error(`the new proposal has id ${id}; proposal 0 is the network's own`);
      console.log(`     proposal ${id} created`);
      await proposal().getByTestId("calls").getByText(call(), { exact: true }).waitFor();
      await page.screenshot({ path: join(screenshots, "governance-proposal.png"), fullPage: true });
    });

    await check("voting For with the stake at the snapshot moves the tally", async () => {
      inktensor("alice", "advance", "2");
      await proposal().getByTestId("state").getByText("Active").waitFor();
      const power = await until("charlie's voting power, at least the 25 TAO delegated", () => cellText(proposal().getByTestId("power")).then(taoIn), (tao) => tao >= 25);
      await proposal().getByTestId("tally").getByText(/^for 0\.0000/).waitFor();
      await proposal().getByRole("button", { name: "review vote For" }).click();
      await proposal().getByTestId("estimate").first().waitFor();
      await proposal().getByRole("button", { name: "confirm" }).click();
      await proposal().getByTestId("power").getByText(/you voted For/).waitFor();
      await until("the For tally after charlie's vote", () => cellText(proposal().getByTestId("tally")).then(taoIn), (tao) => tao === power);
      // Charlie's stake may be below the 4% quorum of all stake; bob's 1,000 TAO carry it.
      await page.getByLabel("account").selectOption(BOB);
      await proposal().getByRole("button", { name: "review vote For" }).click();
      await proposal().getByTestId("estimate").first().waitFor();
      await proposal().getByRole("button", { name: "confirm" }).click();
      await proposal().getByTestId("power").getByText(/you voted For/).waitFor();
      await until("the For tally after bob's vote", () => cellText(proposal().getByTestId("tally")).then(taoIn), (tao) => tao >= power + 1_000);
      await page.screenshot({ path: join(screenshots, "governance.png"), fullPage: true });
    });

    await check("a passed proposal is queued, then executed after the timelock", async () => {
      inktensor("alice", "advance", "21");
      await proposal().getByTestId("state").getByText("Succeeded").waitFor();
      await proposal().getByRole("button", { name: "review queue" }).click();
      await proposal().getByRole("button", { name: "confirm" }).click();
      await proposal().getByTestId("state").getByText("Queued").waitFor();
      inktensor("alice", "advance", "11");
      await proposal().getByRole("button", { name: "review execute" }).click();
      await proposal().getByRole("button", { name: "confirm" }).click();
      await proposal().getByTestId("state").getByText("Executed").waitFor();
      await proposal().getByTestId("calls").getByText(call(), { exact: true }).waitFor();
      await page.getByRole("tab", { name: "Subnets" }).click();
      await rowOf(page, "subnets", 1).locator("td").nth(3).getByText(String(tempo), { exact: true }).waitFor();
    });

    await check("the account page lists the position", async () => {
      await page.getByLabel("account").selectOption(CHARLIE);
      validatorHotkey ??= await hotkeyOfUid(page, 1);
      await page.getByRole("tab", { name: "Account" }).click();
      // What the launch staked, the 25 TAO delegated, less what moved to the miner.
      await until(
        "charlie's stake on the validator",
        () => cellText(positionRow(page, validatorHotkey).getByTestId("position-stake")).then(taoIn),
        (tao) => tao >= staked + 25 - moved - DISPLAY_TOLERANCE,
      );
      await page.screenshot({ path: join(screenshots, "account.png"), fullPage: true });
    });

    // Delegated votes, after the proposal above is executed so that its flow is untouched:
    // charlie lends his voting power to bob; a proposal created afterwards counts it as bob's at
    // its snapshot and none of it as charlie's, while the proposal before keeps charlie's own.
    let bobOwn;
    let bobLentBefore;
    let charlieOwn;
    const lendForm = () => votingPowerOf(page, CHARLIE).getByTestId("lend-votes");
    const reviewLoan = async (to) => {
      await votingPowerOf(page, CHARLIE).getByLabel("lend votes to").fill(to);
      await lendForm().getByRole("button", { name: "review lend votes" }).click();
    };

    await check("the voting power panel shows each account's power and refuses a loan that changes nothing", async () => {
      await page.getByLabel("account").selectOption(BOB);
      await page.getByRole("tab", { name: "Governance" }).click();
      const bob = votingPowerOf(page, BOB);
      await bob.getByTestId("votes-holder").getByText("voting as yourself", { exact: true }).waitFor();
      bobOwn = await until("bob's own voting power, at least his 1,000 TAO", () => cellText(bob.getByTestId("votes-own")).then(taoIn), (tao) => tao >= 1_000);
      bobLentBefore = taoIn(await cellText(bob.getByTestId("votes-lent-by-others")));

      await page.getByLabel("account").selectOption(CHARLIE);
      const charlie = votingPowerOf(page, CHARLIE);
      await charlie.getByTestId("votes-holder").getByText("voting as yourself", { exact: true }).waitFor();
      charlieOwn = await until("charlie's own voting power, at least the 25 TAO delegated", () => cellText(charlie.getByTestId("votes-own")).then(taoIn), (tao) => tao >= 25);
      console.log(`     own voting power: bob ${bobOwn} TAO, charlie ${charlieOwn} TAO`);
      await reviewLoan("bob");
      await lendForm().getByRole("status").getByText('"bob" is not an SS58 address', { exact: true }).waitFor();
      // Lending to whoever holds the power already (charlie himself) is a no-op: refused.
      await reviewLoan(CHARLIE);
      await lendForm().getByRole("status").getByText("you are voting as yourself already: nothing to take back", { exact: true }).waitFor();
    });

    let lent = false;
    await check("charlie lends his voting power to bob from the Governance page", async () => {
      if (charlieOwn === undefined) throw new Error("charlie's voting power was not read");
      const charlie = votingPowerOf(page, CHARLIE);
      await reviewLoan(BOB);
      await lendForm().getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await lendForm().getByRole("button", { name: "confirm" }).click();
      await lendForm().getByRole("status").getByText("lend votes: done", { exact: true }).waitFor();
      lent = true;
      await charlie.getByTestId("votes-holder").getByText(`lent to ${short(BOB)}`, { exact: true }).waitFor();
      // His stake stays; the power he holds is no longer his.
      await until("the voting power charlie holds now", () => cellText(charlie.getByTestId("votes-held")).then(taoIn), (tao) => tao === 0);
      await until("charlie's own voting power, unchanged", () => cellText(charlie.getByTestId("votes-own")).then(taoIn), (tao) => tao >= charlieOwn - DISPLAY_TOLERANCE);
      // Lending again to the holder changes nothing: refused before anything is signed.
      await reviewLoan(BOB);
      await lendForm().getByRole("status").getByText(`your voting power is lent to ${short(BOB)} already`, { exact: true }).waitFor();
    });

    let laterId;
    const later = () => {
      if (laterId === undefined) throw new Error("no proposal was created after the loan");
      return page.getByTestId(`proposal-${laterId}`);
    };

    await check("a proposal created after the loan counts charlie's voting power as bob's at its snapshot", async () => {
      if (!lent) throw new Error("charlie did not lend his voting power");
      await page.getByLabel("account").selectOption(BOB);
      const bob = votingPowerOf(page, BOB);
      // Power held now (get_votes), before any snapshot: bob holds charlie's on top of his own.
      await until(
        `what others lent bob, up from ${bobLentBefore} by charlie's ${charlieOwn} TAO`,
        () => cellText(bob.getByTestId("votes-lent-by-others")).then(taoIn),
        (tao) => withinRewards(tao, bobLentBefore + charlieOwn),
      );
      // Bob proposes: his power carries any proposal threshold, charlie's is lent away.
      const laterTempo = tempo === 100 ? 101 : 100;
      const description = `set Tempo(${laterTempo}) on subnet 1, after charlie lent his voting power to bob`;
      await field("proposal kind").selectOption("hyperparameter");
      await field("netuid").fill("1");
      await field("hyperparameter").selectOption("Tempo");
      await field("value").fill(String(laterTempo));
      await field("description").fill(description);
      await form.getByRole("button", { name: "review propose" }).click();
      await form.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await form.getByRole("button", { name: "confirm" }).click();
      await form.getByRole("status").getByText("propose: done").waitFor();
      const created = page.locator('[data-testid^="proposal-"]').filter({ has: page.getByText(description, { exact: true }) });
      laterId = Number((await created.getAttribute("data-testid")).slice("proposal-".length));
      if (!(laterId > (id ?? 0))) throw new Error(`the proposal created after the loan has id ${laterId}, not after ${id ?? 0}`);
      console.log(`     proposal ${laterId} created after the loan`);
      // Its snapshot is the block after it was created; power is read once that block is past.
      inktensor("alice", "advance", "2");
      await later().getByTestId("state").getByText("Active").waitFor();
      const atSnapshot = await until(
        `bob's voting power at proposal ${laterId}'s snapshot: his own ${bobOwn} TAO and charlie's ${charlieOwn} TAO`,
        () => cellText(later().getByTestId("power")).then(taoIn),
        (tao) => tao >= bobOwn + charlieOwn - DISPLAY_TOLERANCE,
      );
      console.log(`     bob's voting power at proposal ${laterId}'s snapshot: ${atSnapshot} TAO`);
      await page.screenshot({ path: join(screenshots, "governance-delegation.png"), fullPage: true });
    });

    await check("the lender has no voting power at that snapshot, and keeps his own at the one before", async () => {
      await page.getByLabel("account").selectOption(CHARLIE);
      await votingPowerOf(page, CHARLIE).getByTestId("votes-holder").getByText(`lent to ${short(BOB)}`, { exact: true }).waitFor();
      // The reading shown right after the switch is bob's: wait for charlie's.
      await until(`charlie's voting power at proposal ${laterId}'s snapshot`, () => cellText(later().getByTestId("power")).then(taoIn), (tao) => tao === 0);
      // The proposal executed above has its snapshot before the loan: charlie's power there is his.
      if (id !== undefined) {
        await until(`charlie's voting power at proposal ${id}'s snapshot, before the loan`, () => cellText(proposal().getByTestId("power")).then(taoIn), (tao) => tao >= 25);
      }
      await page.screenshot({ path: join(screenshots, "governance-delegation-lender.png"), fullPage: true });
    });

    await check("charlie takes his voting power back", async () => {
      if (!lent) throw new Error("charlie did not lend his voting power");
      const charlie = votingPowerOf(page, CHARLIE);
      const takeBack = charlie.getByTestId("take-votes-back");
      await takeBack.getByRole("button", { name: "review take votes back" }).click();
      await takeBack.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await takeBack.getByRole("button", { name: "confirm" }).click();
      await takeBack.getByRole("status").getByText("take votes back: done", { exact: true }).waitFor();
      await charlie.getByTestId("votes-holder").getByText("voting as yourself", { exact: true }).waitFor();
      await until("the voting power charlie holds now, his own again", () => cellText(charlie.getByTestId("votes-held")).then(taoIn), (tao) => tao >= charlieOwn - DISPLAY_TOLERANCE);
    });

    // Dynamic TAO: the launch locked alice's TAO for subnet 1, and its market is not open yet.
    // Charlie stakes on the validator's hotkey (bob owns it, so the market takes stake on it)
    // and unstakes all of it again, so the hotkey swap below finds no α on it.
    let lock;
    let marketOpen = false;
    await check("subnet 1 has no market, and only its owner is offered to open it", async () => {
      await page.getByLabel("account").selectOption(CHARLIE);
      await page.getByRole("tab", { name: "Subnets" }).click();
      await rowOf(page, "subnets", 1).click();
      const closed = marketOf(page, 1, "none");
      await closed.getByTestId("market-status").getByText(/^subnet 1 has no market yet: /).waitFor();
      lock = taoIn(await cellText(closed.getByTestId("market-status")));
      if (!(lock > 0)) throw new Error(`subnet 1's lock reads ${lock} TAO`);
      if ((await closed.getByTestId("open-market").count()) !== 0) throw new Error("charlie, who does not own subnet 1, is offered to open its market");
      await page.screenshot({ path: join(screenshots, "market-closed.png"), fullPage: true });
    });

    await check("the subnet's owner opens its market: its lock becomes the pool at 1 TAO per α", async () => {
      await page.getByLabel("account").selectOption(ALICE);
      const open = marketOf(page, 1, "none").getByTestId("open-market");
      const opened = marketOf(page, 1, "open");
      // The dev node's keeper seals its blocks with remarks signed by //Alice, so a transaction
      // alice signs on the page can lose the race for her nonce to one of them and be refused
      // as outdated before it reaches a block: then it is reviewed and signed again.
      for (let attempt = 1; ; attempt += 1) {
        await open.getByRole("button", { name: "review open market" }).click();
        await open.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
        await open.getByRole("button", { name: "confirm" }).click();
        // Once open the panel shows the market instead of the button (and its "done" with it).
        const outcome = await until(
          "subnet 1's market open, or the transaction refused",
          async () => ((await opened.count()) > 0 ? "open" : await cellText(open.getByRole("status"))),
          (text) => text === "open" || !/: done$/.test(text ?? ""),
        );
        if (outcome === "open") break;
        if (attempt >= 3 || !/outdated|stale|priority is too low|was invalid|was dropped/i.test(outcome)) {
          throw new Error(`opening the market failed (attempt ${attempt}): ${outcome}`);
        }
        console.log(`     alice's transaction lost the race for her nonce (${outcome}): signing again`);
      }
      await opened.getByTestId("market-price").getByText("1.0000 TAO/α", { exact: true }).waitFor();
      marketOpen = true;
      const taoReserve = taoIn(await cellText(opened.getByTestId("market-tao-reserve")));
      const alphaReserve = taoIn(await cellText(opened.getByTestId("market-alpha-reserve")));
      if (!(taoReserve === lock && alphaReserve === lock)) {
        throw new Error(`the pool holds ${taoReserve} TAO against ${alphaReserve} α, expected subnet 1's lock of ${lock} on each side`);
      }
      await opened.getByTestId("market-alpha-staked").getByText("0.0000 α", { exact: true }).waitFor();
      console.log(`     subnet 1's market open: ${lock} TAO against ${lock} α`);
    });

    let freeBefore;
    let alphaHeld;
    await check(`charlie previews a stake of ${MARKET_STAKE} TAO into subnet 1, then stakes it on the validator's hotkey`, async () => {
      if (!marketOpen) throw new Error("subnet 1's market was not opened");
      validatorHotkey ??= await hotkeyOfUid(page, 1);
      await page.getByLabel("account").selectOption(CHARLIE);
      await page.getByRole("tab", { name: "Subnets" }).click();
      const market = marketOf(page, 1, "open");
      freeBefore = await until("charlie's free TAO", () => cellText(market.getByTestId("market-balance")).then(taoIn), (tao) => tao > MARKET_STAKE);
      const stakeForm = market.getByTestId("market-stake");
      const review = () => stakeForm.getByRole("button", { name: "review market stake" }).click();
      await market.getByLabel("stake on hotkey", { exact: true }).selectOption(validatorHotkey);
      // Refused on the page before anything is signed: below the market's minimum, then a
      // tolerance that is not a percentage.
      await market.getByLabel("TAO to stake", { exact: true }).fill("0.001");
      await market.getByTestId("stake-quote").getByText("a stake must be at least 0.002 TAO", { exact: true }).waitFor();
      await review();
      await stakeForm.getByRole("status").getByText("a stake must be at least 0.002 TAO", { exact: true }).waitFor();
      await market.getByLabel("TAO to stake", { exact: true }).fill(String(MARKET_STAKE));
      await market.getByLabel("slippage for staking (%)", { exact: true }).fill("lots");
      await review();
      await stakeForm.getByRole("status").getByText('tolerance "lots": a percentage from 0 to 100, such as 0.5', { exact: true }).waitFor();
      await market.getByLabel("slippage for staking (%)", { exact: true }).fill("0.5");

      // The quote before signing: α out below the TAO in (the price starts at 1 TAO per α and
      // the fee stays in the pool), the price moved up.
      const quote = market.getByTestId("stake-quote");
      await quote.getByTestId("quote-summary").getByText(new RegExp(`^staking ${MARKET_STAKE} TAO gets `)).waitFor();
      const alphaOut = taoIn(await cellText(quote.getByTestId("quote-out")));
      const impact = await cellText(quote.getByTestId("quote-impact"));
      if (!(alphaOut > 0 && alphaOut < MARKET_STAKE)) throw new Error(`the quote buys ${alphaOut} α for ${MARKET_STAKE} TAO`);
      if (!/^\+\d+\.\d\d%$/.test(impact ?? "")) throw new Error(`the stake's price impact reads "${impact}"`);
      await quote.getByTestId("quote-limit").getByText(/^at most [\d.,]+ TAO\/α$/).waitFor();
      console.log(`     quote: ${MARKET_STAKE} TAO buys ${alphaOut} α, price impact ${impact}`);
      await page.screenshot({ path: join(screenshots, "market-quote.png"), fullPage: true });

      await review();
      await stakeForm.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await stakeForm.getByRole("button", { name: "confirm" }).click();
      await stakeForm.getByRole("status").getByText("market stake: done", { exact: true }).waitFor();
      // The α bought is the position (no one else trades on the market), the TAO left the account.
      const row = market.getByTestId("alpha-positions").locator(`tbody tr[data-hotkey="${validatorHotkey}"]`);
      alphaHeld = await until(
        `charlie's α on the validator's hotkey, the ${alphaOut} α quoted`,
        () => cellText(row.getByTestId("alpha-held")).then(taoIn),
        (alpha) => Math.abs(alpha - alphaOut) <= DISPLAY_TOLERANCE,
      );
      await until(
        `charlie's free TAO down from ${freeBefore} by ${MARKET_STAKE}`,
        () => cellText(market.getByTestId("market-balance")).then(taoIn),
        (tao) => Math.abs(tao - (freeBefore - MARKET_STAKE)) < 1e-6,
      );
      await until("the α staked in subnet 1, charlie's", () => cellText(market.getByTestId("market-alpha-staked")).then(taoIn), (alpha) => Math.abs(alpha - alphaHeld) <= DISPLAY_TOLERANCE);
      const price = taoIn(await cellText(market.getByTestId("market-price")));
      if (!(price > 1)) throw new Error(`the price after the stake reads ${price} TAO/α`);
      await row.getByTestId("alpha-value").getByText(/^[\d.,]+ TAO if sold now$/).waitFor();
      console.log(`     charlie holds ${alphaHeld} α; the price is ${price} TAO/α`);
      await page.screenshot({ path: join(screenshots, "market-position.png"), fullPage: true });
    });

    await check("charlie unstakes all his α and gets the TAO it was worth", async () => {
      if (alphaHeld === undefined) throw new Error("charlie holds no α to unstake");
      const market = marketOf(page, 1, "open");
      const row = market.getByTestId("alpha-positions").locator(`tbody tr[data-hotkey="${validatorHotkey}"]`);
      // Two fees (one each way) stay in the pool: a little less than the TAO staked.
      const value = await until(
        "what charlie's α would sell for now",
        () => cellText(row.getByTestId("alpha-value")).then(taoIn),
        (tao) => tao > MARKET_STAKE * 0.99 && tao < MARKET_STAKE,
      );
      const unstakeForm = market.getByTestId("market-unstake");
      const review = () => unstakeForm.getByRole("button", { name: "review market unstake" }).click();
      await market.getByLabel("unstake from hotkey", { exact: true }).selectOption(validatorHotkey);
      // More than the position: refused on the page.
      await market.getByLabel("α to unstake", { exact: true }).fill(String(Math.ceil(alphaHeld) + 1));
      await review();
      await unstakeForm.getByRole("status").getByText(/^the position holds only [\d.,]+ α$/).waitFor();
      await market.getByLabel("all of it").check();
      const sale = market.getByTestId("unstake-quote");
      await sale.getByTestId("quote-summary").getByText(/^unstaking [\d.,]+ α gets [\d.,]+ TAO /).waitFor();
      const impact = await cellText(sale.getByTestId("quote-impact"));
      if (!/^-\d+\.\d\d%$/.test(impact ?? "")) throw new Error(`the unstake's price impact reads "${impact}"`);
      await review();
      await unstakeForm.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await unstakeForm.getByRole("button", { name: "confirm" }).click();
      await unstakeForm.getByRole("status").getByText("market unstake: done", { exact: true }).waitFor();
      await until("charlie's α position on the validator's hotkey, gone", () => row.count(), (rows) => rows === 0);
      await market.getByTestId("no-alpha").waitFor();
      await until(
        `charlie's free TAO back up by the ${value} TAO his α was worth`,
        () => cellText(market.getByTestId("market-balance")).then(taoIn),
        (tao) => Math.abs(tao - (freeBefore - MARKET_STAKE + value)) <= DISPLAY_TOLERANCE,
      );
      await market.getByTestId("market-alpha-staked").getByText("0.0000 α", { exact: true }).waitFor();
      console.log(`     charlie sold ${alphaHeld} α for ${value} TAO, the price impact ${impact}`);
      await page.screenshot({ path: join(screenshots, "market-unstaked.png"), fullPage: true });
    });

    // Key rotation, last of all: once swapped, the validator's old hotkey is retired, and the
    // checks above all name it. Bob registered the validator hotkey and holds a position on it,
    // so the Account page's Keys section lists it as his.
    const keys = () => page.locator(`[data-testid="keys"][data-account="${BOB}"]`);
    const ownedRow = (hotkey) => keys().getByTestId("owned-hotkeys").locator(`tbody tr[data-hotkey="${hotkey}"]`);

    await check("bob swaps the validator's hotkey for a fresh one from the Account page", async () => {
      validatorHotkey ??= await hotkeyOfUid(page, 1);
      minerHotkey ??= await hotkeyOfUid(page, 2);
      const newHotkey = await devAddress("//Bob//validator-rotated");
      await page.getByLabel("account").selectOption(BOB);
      await page.getByRole("tab", { name: "Account" }).click();
      await ownedRow(validatorHotkey).getByText(/^subnets 1 \(uid 1\) · your stake /).waitFor();
      await keys().getByTestId("hotkey-swap-terms").getByText(/burns [\d.]+ TAO · one hotkey swap per [\d,]+ blocks? per coldkey/).waitFor();
      const swap = keys().getByTestId("swap-hotkey");
      const review = () => swap.getByRole("button", { name: "review swap hotkey" }).click();
      await keys().getByLabel("hotkey to swap", { exact: true }).selectOption(validatorHotkey);
      // Refused on the page: not an address, then the old hotkey itself.
      await keys().getByLabel("new hotkey", { exact: true }).fill("validator");
      await review();
      await swap.getByRole("status").getByText('"validator" is not an SS58 address', { exact: true }).waitFor();
      await keys().getByLabel("new hotkey", { exact: true }).fill(validatorHotkey);
      await review();
      await swap.getByRole("status").getByText("the new hotkey must be another key than the old one", { exact: true }).waitFor();
      // Refused by the registry's dry run, in words: dave owns the miner's hotkey.
      await keys().getByLabel("new hotkey", { exact: true }).fill(minerHotkey);
      await review();
      await swap.getByText(/the contract would refuse: HotkeyInUse — /).waitFor();

      await keys().getByLabel("new hotkey", { exact: true }).fill(newHotkey);
      await review();
      await swap.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await swap.getByRole("button", { name: "confirm" }).click();
      await swap.getByRole("status").getByText("swap hotkey: done", { exact: true }).waitFor();
      // The new hotkey listed with the old one's uid and bob's stake; the old one gone from
      // his hotkeys and from the positions, and uid 1 of subnet 1 answers to the new name.
      await ownedRow(newHotkey).getByText(/^subnets 1 \(uid 1\) · your stake /).waitFor();
      await positionRow(page, newHotkey).getByTestId("position-subnets").getByText("1 (uid 1)", { exact: true }).waitFor();
      await until(
        `the old hotkey ${short(validatorHotkey)} gone from bob's hotkeys and positions`,
        async () => (await ownedRow(validatorHotkey).count()) + (await positionRow(page, validatorHotkey).count()),
        (rows) => rows === 0,
      );
      console.log(`     validator hotkey ${short(validatorHotkey)} → ${short(newHotkey)}`);
      const uid1 = await until("subnet 1's uid 1 under the new hotkey", () => hotkeyOfUid(page, 1), (hotkey) => hotkey === newHotkey);
      validatorHotkey = uid1;
      await page.getByRole("tab", { name: "Account" }).click();
    });

    await check("bob announces a coldkey swap, sees it pending, and cancels it", async () => {
      const newColdkey = await devAddress("//Bob//new-coldkey");
      await page.getByLabel("account").selectOption(BOB);
      await page.getByRole("tab", { name: "Account" }).click();
      const state = (name) => keys().locator(`[data-testid="coldkey-swap"][data-state="${name}"]`);
      await state("none").getByTestId("coldkey-swap-status").getByText("no coldkey swap announced", { exact: true }).waitFor();
      await keys().getByTestId("coldkey-swap-terms").getByText(/burns [\d.]+ TAO · due [\d,]+ blocks? after the announcement/).waitFor();
      const announce = keys().getByTestId("announce-coldkey-swap");
      const review = () => announce.getByRole("button", { name: "review announce coldkey swap" }).click();
      // Refused on the page: bob himself; by the registry's dry run: charlie holds stake.
      await keys().getByLabel("new coldkey", { exact: true }).fill(BOB);
      await review();
      await announce.getByRole("status").getByText("the new coldkey must be another account than this one", { exact: true }).waitFor();
      await keys().getByLabel("new coldkey", { exact: true }).fill(CHARLIE);
      await review();
      await announce.getByText(/the contract would refuse: ColdkeyInUse — /).waitFor();

      await keys().getByLabel("new coldkey", { exact: true }).fill(newColdkey);
      await review();
      await announce.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await announce.getByRole("button", { name: "confirm" }).click();
      // Pending: the new coldkey, its due block and the blocks left, not started.
      const pending = state("waiting");
      await pending.getByTestId("coldkey-swap-status").getByText(`announced: everything moves to ${short(newColdkey)} from block `).waitFor();
      await pending.getByTestId("coldkey-swap-new").getByText(newColdkey, { exact: true }).waitFor();
      await pending.getByTestId("coldkey-swap-started").getByText("no", { exact: true }).waitFor();
      const due = Number(await cellText(pending.getByTestId("coldkey-swap-due")));
      const left = Number(await cellText(pending.getByTestId("coldkey-swap-blocks-left")));
      if (!(left > 0 && left < due)) throw new Error(`the swap is due at block ${due} with ${left} blocks left`);
      console.log(`     coldkey swap to ${short(newColdkey)} due at block ${due}, ${left} blocks left`);
      await page.screenshot({ path: join(screenshots, "account-keys.png"), fullPage: true });

      const cancel = pending.getByTestId("cancel-coldkey-swap");
      await cancel.getByRole("button", { name: "review cancel coldkey swap" }).click();
      await cancel.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await cancel.getByRole("button", { name: "confirm" }).click();
      // Gone: no swap, no details, the announcement form back.
      await state("none").getByTestId("coldkey-swap-status").getByText("no coldkey swap announced", { exact: true }).waitFor();
      if ((await keys().getByTestId("coldkey-swap-details").count()) !== 0) throw new Error("the cancelled swap's details are still shown");
      await keys().getByLabel("new coldkey", { exact: true }).waitFor();
    });
  } finally {
    stop();
    rmSync(join(root, "deployments", `${NETWORK}.json`), { force: true });
  }
  console.log("dApp end-to-end tests:");
  console.log(`${passed} passed, ${failed} failed`);
  console.log(`screenshots in ${screenshots}`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
