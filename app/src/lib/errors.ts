// Contract refusals in words: the same table the `inktensor` command prints from.
import explanations from "../../../crates/interfaces/errors.json";

const table: Record<string, string> = explanations;

/** The variant name of a contract error as dedot decodes it: a string, or `{ type, value }`. */
export function errorName(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && "type" in error) {
    return String((error as { type: unknown }).type);
  }
  return String(error);
}

/** Whether the table has words for the variant `name` (otherwise the page points to the docs). */
export function hasExplanation(name: string): boolean {
  return Object.hasOwn(table, name);
}

/** "InsufficientBalance — the account has too little TAO". */
export function explainError(error: unknown): string {
  const name = errorName(error);
  const line = hasExplanation(name) ? table[name] : "see the contract's error documentation in crates/interfaces";
  return `${name} — ${line}`;
}
