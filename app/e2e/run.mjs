// End to end in a real browser against a real node: starts `inktensor dev-node` (a fresh
// substrate-contracts-node on 127.0.0.1 with the suite deployed), sets a subnet up with the
// `inktensor` command, serves the page with development accounts on, and drives headless
// Chromium through Playwright: delegate stake and see it change, vote on a proposal and see the
// tally change. Screenshots of each page go to app/screenshots/. Skipped, with a message, when
// no node binary is installed (scripts/install-node).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const app = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(app, "..");
const screenshots = join(app, "screenshots");
const NETWORK = "e2e-dapp";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** The development key //Charlie: the delegator and voter of the test. */
const CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";

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
function start(command, args, options, ready) {
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
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 300_000);
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

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${error.message.split("\n").join("\n     ")}`);
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
    const node = start(
      "cargo",
      ["run", "--locked", "-q", "-p", "inktensor", "--", "dev-node", "--port", String(nodePort), "--network", NETWORK],
      { cwd: root, env: { ...process.env, CONTRACTS_NODE: binary } },
      /development node at ws:/,
    );
    children.push(node.child);
    await node.started;
    console.log(`node on ws://127.0.0.1:${nodePort}, suite deployed`);

    inktensor("alice", "create-subnet", "alice-hotkey");
    inktensor("bob", "register", "1", "validator");
    inktensor("dave", "register", "1", "miner");
    inktensor("bob", "stake", "validator", "100");

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
    await page.goto(`http://127.0.0.1:${webPort}/?network=${NETWORK}`);
    await page.getByTestId("dev-accounts").click();
    await page.getByLabel("account").selectOption(CHARLIE);

    await check("the subnets, the metagraph and the validators are listed", async () => {
      await page.getByTestId("metagraph").locator("tbody tr").nth(2).waitFor();
      const rows = await page.getByTestId("metagraph").locator("tbody tr").count();
      if (rows !== 3) throw new Error(`metagraph has ${rows} rows, expected 3 (owner, validator, miner)`);
      await page.getByTestId("validators").getByText("100.0000").waitFor();
      await page.screenshot({ path: join(screenshots, "subnets.png"), fullPage: true });
    });

    await check("a refused amount is explained before anything is sent", async () => {
      await page.getByTestId("validators").getByRole("button", { name: "delegate" }).first().click();
      await page.getByTestId("balance").getByText(/100,000\.0000 TAO free/).waitFor();
      await page.getByLabel("amount").fill("1000000");
      await page.getByRole("button", { name: "review stake" }).click();
      await page.getByRole("status").getByText(/only 100,000\.0000 TAO available/).waitFor();
    });

    await check("delegating 25 TAO moves the stake", async () => {
      await page.getByLabel("amount").fill("25");
      await page.getByRole("button", { name: "review stake" }).click();
      await page.getByTestId("estimate").getByText(/gas .* ref_time/).waitFor();
      await page.screenshot({ path: join(screenshots, "delegate-review.png"), fullPage: true });
      await page.getByRole("button", { name: "confirm" }).click();
      await page.getByRole("status").getByText("stake: done").waitFor();
      await page.getByTestId("balance").getByText(/your stake on .*: 25\.0000 TAO/).waitFor();
      await page.getByTestId("balance").getByText(/99,975\.0000 TAO free/).waitFor();
      await page.screenshot({ path: join(screenshots, "delegate-done.png"), fullPage: true });
    });

    inktensor("bob", "propose", "1", "Tempo(50)");
    inktensor("alice", "advance", "2");

    await check("voting For with the stake at the snapshot moves the tally", async () => {
      await page.getByRole("tab", { name: "Governance" }).click();
      const proposal = page.getByTestId("proposal-0");
      await proposal.getByTestId("state").getByText("Active").waitFor();
      await proposal.getByTestId("power").getByText(/voting power at the snapshot: 25\.0000 TAO/).waitFor();
      await proposal.getByTestId("tally").getByText(/^for 0\.0000/).waitFor();
      await proposal.getByRole("button", { name: "review vote For" }).click();
      await proposal.getByTestId("estimate").first().waitFor();
      await proposal.getByRole("button", { name: "confirm" }).click();
      await proposal.getByTestId("tally").getByText(/^for 25\.0000/).waitFor();
      await proposal.getByTestId("power").getByText(/you voted For/).waitFor();
      await page.screenshot({ path: join(screenshots, "governance.png"), fullPage: true });
    });

    inktensor("alice", "advance", "21");

    await check("a passed proposal is queued, then executed after the timelock", async () => {
      const proposal = page.getByTestId("proposal-0");
      await proposal.getByTestId("state").getByText("Succeeded").waitFor();
      await proposal.getByRole("button", { name: "review queue" }).click();
      await proposal.getByRole("button", { name: "confirm" }).click();
      await proposal.getByTestId("state").getByText("Queued").waitFor();
      inktensor("alice", "advance", "11");
      await proposal.getByRole("button", { name: "review execute" }).click();
      await proposal.getByRole("button", { name: "confirm" }).click();
      await proposal.getByTestId("state").getByText("Executed").waitFor();
      await page.getByRole("tab", { name: "Subnets" }).click();
      await page.getByTestId("subnets").locator("tbody tr").first().locator("td").nth(3).getByText("50").waitFor();
    });

    await check("the account page lists the position", async () => {
      await page.getByRole("tab", { name: "Account" }).click();
      await page.getByTestId("positions").getByText("25.0000").waitFor();
      await page.screenshot({ path: join(screenshots, "account.png"), fullPage: true });
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
