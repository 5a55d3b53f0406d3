// Typed contract bindings from the built contracts: `dedot typink` over each contract's
// metadata in target/ink (scripts/build-contracts writes it), plus the metadata itself, which
// the page needs to encode proposals' calls and decode them for voters — every contract a
// proposal may call, weights included. Output: src/contracts/<name-in-kebab-case>/ (not committed).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const app = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const artifacts =
  process.env.INKTENSOR_ARTIFACTS ??
  join(process.env.CARGO_TARGET_DIR ?? join(app, "..", "target"), "ink");
const contracts = ["tao_token", "staking", "subnet_registry", "weights", "emission", "epoch", "market", "governance"];
/** What dedot writes for each contract: all of them, or the bindings are not usable. */
const OUTPUTS = ["index.d.ts", "query.d.ts", "tx.d.ts", "types.d.ts", "events.d.ts"];

/**
 * Words a TypeScript parameter may not be called. dedot names each generated method's
 * parameters after the message's arguments, so an argument such as `swap_hotkey`'s `new` would
 * make it write `(old, new) => …`, which does not parse: it then leaves the folder half written
 * (types but no methods) and still exits 0.
 */
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield").split(" "),
);

/**
 * The metadata dedot generates from: the built one with reserved argument names renamed
 * (`new` → `new_arg`, so `newArg` in the bindings). Only the names change: arguments are
 * encoded by position, and the page decodes calls with the unchanged metadata it copies.
 */
function forCodegen(metadata, scratch) {
  const parsed = JSON.parse(readFileSync(metadata, "utf8"));
  let renamed = 0;
  for (const message of [...parsed.spec.messages, ...parsed.spec.constructors]) {
    for (const arg of message.args) {
      if (RESERVED.has(arg.label)) {
        arg.label = `${arg.label}_arg`;
        renamed += 1;
      }
    }
  }
  if (renamed === 0) return metadata;
  const copy = join(scratch, `${parsed.contract.name}.json`);
  writeFileSync(copy, JSON.stringify(parsed));
  return copy;
}

const scratch = mkdtempSync(join(tmpdir(), "inktensor-codegen-"));
try {
  for (const name of contracts) {
    const metadata = join(artifacts, name, `${name}.json`);
    if (!existsSync(metadata)) {
      console.error(`codegen: ${metadata} is missing; build the contracts first (scripts/build-contracts)`);
      process.exit(1);
    }
    // dedot names the folder after the contract in kebab case. Emptied first, so that files
    // of an earlier run never pass for this one's.
    const out = join(app, "src", "contracts", name.replaceAll("_", "-"));
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    let output = "";
    try {
      output = execFileSync(
        join(app, "node_modules", ".bin", "dedot"),
        ["typink", "-m", forCodegen(metadata, scratch), "-o", join(app, "src", "contracts"), "-c", name],
        { stdio: "pipe", encoding: "utf8" },
      );
    } catch (error) {
      output = `${error.stdout ?? ""}${error.stderr ?? ""}`;
    }
    const missing = OUTPUTS.filter((file) => !existsSync(join(out, file)));
    if (missing.length > 0) {
      console.error(`codegen: dedot wrote no ${missing.join(", ")} for ${name}:\n${output}`);
      process.exit(1);
    }
    copyFileSync(metadata, join(out, "metadata.json"));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`codegen: bindings for ${contracts.join(", ")} in src/contracts/`);
