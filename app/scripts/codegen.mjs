// Typed contract bindings from the built contracts: `dedot typink` over each contract's
// metadata in target/ink (scripts/build-contracts writes it), plus the metadata itself, which
// the page needs to encode proposals' calls and decode them for voters — every contract a
// proposal may call, weights included. Output: src/contracts/<name-in-kebab-case>/ (not committed).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const app = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const artifacts =
  process.env.INKTENSOR_ARTIFACTS ??
  join(process.env.CARGO_TARGET_DIR ?? join(app, "..", "target"), "ink");
const contracts = ["tao_token", "staking", "subnet_registry", "weights", "emission", "governance"];

for (const name of contracts) {
  const metadata = join(artifacts, name, `${name}.json`);
  if (!existsSync(metadata)) {
    console.error(`codegen: ${metadata} is missing; build the contracts first (scripts/build-contracts)`);
    process.exit(1);
  }
  // dedot names the folder after the contract in kebab case.
  const out = join(app, "src", "contracts", name.replaceAll("_", "-"));
  mkdirSync(out, { recursive: true });
  execFileSync(
    join(app, "node_modules", ".bin", "dedot"),
    ["typink", "-m", metadata, "-o", join(app, "src", "contracts"), "-c", name],
    { stdio: "pipe" },
  );
  copyFileSync(metadata, join(out, "metadata.json"));
}
console.log(`codegen: bindings for ${contracts.join(", ")} in src/contracts/`);
