// Decoded values printed the way Rust's Debug prints them (and `inktensor proposals` does), read
// along the type definitions in the contract's metadata: a voter sees `Tempo(100)` and
// `[(1, 1), (2, 3)]`, not dedot's JSON shapes. Accounts print as SS58 addresses, byte strings
// and hashes as 0x-hex.
import { AccountId32, type TypeRegistry } from "dedot/codecs";
import { normalizeName, stringPascalCase } from "dedot/utils";

import type { DecodedMessage } from "./messages";

type Field = { name?: string; typeId: number };

/** The Rust type's own name: the last segment of its path. */
function typeName(path: readonly string[]): string {
  return path[path.length - 1] ?? "";
}

function formatFields(registry: TypeRegistry, fields: readonly Field[], value: unknown): string {
  if (fields.length === 0) return "";
  if (fields[0].name !== undefined) {
    // dedot keys named fields in camelCase.
    const record = value as Record<string, unknown>;
    const parts = fields.map((f) => `${f.name}: ${formatValue(registry, f.typeId, record[normalizeName(f.name!)])}`);
    return ` { ${parts.join(", ")} }`;
  }
  // dedot unwraps a single unnamed field and gives several as an array.
  const values = fields.length === 1 ? [value] : (value as unknown[]);
  return `(${fields.map((f, index) => formatValue(registry, f.typeId, values[index])).join(", ")})`;
}

/** `value`, decoded by dedot as type `typeId` of `registry`, as Rust's Debug would print it. */
export function formatValue(registry: TypeRegistry, typeId: number, value: unknown): string {
  const { path, typeDef } = registry.findType(typeId);
  const fullPath = path.join("::");
  if (fullPath === "ink_primitives::types::AccountId") return (value as AccountId32).address();
  if (fullPath === "ink_primitives::types::Hash") return String(value);
  switch (typeDef.type) {
    case "Struct": {
      const { fields } = typeDef.value;
      // A newtype prints as its content, like the primitives it wraps in the ABI.
      if (fields.length === 1 && fields[0].name === undefined) return formatValue(registry, fields[0].typeId, value);
      return `${typeName(path)}${formatFields(registry, fields, value)}`;
    }
    case "Enum": {
      const { members } = typeDef.value;
      if (fullPath === "Option") {
        const some = members.find((m) => m.name === "Some")!;
        return value === undefined ? "None" : `Some(${formatValue(registry, some.fields[0].typeId, value)})`;
      }
      // dedot gives a unit-only enum as its variant's name, any other as { type, value }.
      const tag = typeof value === "string" ? value : (value as { type: string }).type;
      const member = members.find((m) => m.name === tag || stringPascalCase(m.name) === tag);
      if (!member) return String(tag);
      const content = typeof value === "string" ? undefined : (value as { value?: unknown }).value;
      return `${member.name}${formatFields(registry, member.fields, content)}`;
    }
    case "Sequence":
    case "SizedVec": {
      // Byte strings arrive as hex already.
      if (typeof value === "string") return value;
      const items = (value as unknown[]).map((item) => formatValue(registry, typeDef.value.typeParam, item));
      return `[${items.join(", ")}]`;
    }
    case "Tuple": {
      const { fields } = typeDef.value;
      if (fields.length === 1) return formatValue(registry, fields[0], value);
      const items = value as unknown[];
      return `(${fields.map((id, index) => formatValue(registry, id, items[index])).join(", ")})`;
    }
    case "Primitive":
      return typeDef.value.kind === "str" || typeDef.value.kind === "char" ? JSON.stringify(value) : String(value);
    case "Compact":
      return formatValue(registry, typeDef.value.typeParam, value);
    default:
      return JSON.stringify(value);
  }
}

/** `set_hyperparameter { netuid: 1, change: Tempo(100) }`; a message without arguments is its name. */
export function formatMessage(registry: TypeRegistry, message: DecodedMessage): string {
  if (message.args.length === 0) return message.label;
  const args = message.args.map((arg) => `${arg.name}: ${formatValue(registry, arg.typeId, arg.value)}`);
  return `${message.label} { ${args.join(", ")} }`;
}
