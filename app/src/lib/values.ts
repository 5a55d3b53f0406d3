// Typed text: a value a person types, read as the contract type it is for (as the metadata
// defines it) and refused with a reason when it does not fit — before anything is encoded,
// since dedot's codecs would otherwise wrap an out-of-range number or shorten nothing.
import type { TypeRegistry } from "dedot/codecs";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const INTEGER_BITS: Record<string, number> = {
  u8: 8, u16: 16, u32: 32, u64: 64, u128: 128,
  i8: 8, i16: 16, i32: 32, i64: 64, i128: 128,
};

/** The type behind newtypes, one-element tuples and compact encoding. */
function resolve(registry: TypeRegistry, typeId: number) {
  const type = registry.findType(typeId);
  const { typeDef } = type;
  if (typeDef.type === "Struct" && typeDef.value.fields.length === 1 && typeDef.value.fields[0].name === undefined) {
    return resolve(registry, typeDef.value.fields[0].typeId);
  }
  if (typeDef.type === "Tuple" && typeDef.value.fields.length === 1) return resolve(registry, typeDef.value.fields[0]);
  if (typeDef.type === "Compact") return resolve(registry, typeDef.value.typeParam);
  return type;
}

/** The names of a unit-only enum's variants, or undefined for any other type. */
function unitVariants(registry: TypeRegistry, typeId: number): string[] | undefined {
  const { typeDef } = resolve(registry, typeId);
  if (typeDef.type !== "Enum" || typeDef.value.members.some((m) => m.fields.length > 0)) return undefined;
  return typeDef.value.members.map((m) => m.name);
}

/** What to type for a value of `typeId`: `u16`, `true or false`, `Classic or Yuma3`. */
export function typeHint(registry: TypeRegistry, typeId: number): string {
  const variants = unitVariants(registry, typeId);
  if (variants) return variants.join(" or ");
  const { typeDef, path } = resolve(registry, typeId);
  if (typeDef.type !== "Primitive") return path.join("::") || typeDef.type;
  return typeDef.value.kind === "bool" ? "true or false" : typeDef.value.kind;
}

function parseInteger(kind: string, text: string): Checked<number | bigint> {
  const bits = INTEGER_BITS[kind];
  const cleaned = text.replaceAll("_", "");
  if (!/^-?\d+$/.test(cleaned)) return { ok: false, error: `"${text}" is not a whole number` };
  const number = BigInt(cleaned);
  const signed = kind.startsWith("i");
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  if (number < min || number > max) return { ok: false, error: `${cleaned} is out of range for ${kind} (${min}…${max})` };
  // dedot takes numbers up to 32 bits and bigints above, as its generated types say.
  return { ok: true, value: bits <= 32 ? Number(number) : number };
}

/** `text` as a value of type `typeId`: integers (range-checked), booleans, unit-only enums. */
export function parseTyped(registry: TypeRegistry, typeId: number, text: string): Checked<unknown> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: `enter a value (${typeHint(registry, typeId)})` };
  const variants = unitVariants(registry, typeId);
  if (variants) {
    const variant = variants.find((name) => name.toLowerCase() === trimmed.toLowerCase());
    return variant ? { ok: true, value: variant } : { ok: false, error: `"${trimmed}" is not ${variants.join(" or ")}` };
  }
  const { typeDef } = resolve(registry, typeId);
  if (typeDef.type === "Primitive" && typeDef.value.kind === "bool") {
    if (/^(true|false)$/i.test(trimmed)) return { ok: true, value: trimmed.toLowerCase() === "true" };
    return { ok: false, error: `"${trimmed}" is not true or false` };
  }
  if (typeDef.type === "Primitive" && typeDef.value.kind in INTEGER_BITS) return parseInteger(typeDef.value.kind, trimmed);
  return { ok: false, error: `a ${typeHint(registry, typeId)} cannot be typed in here` };
}
