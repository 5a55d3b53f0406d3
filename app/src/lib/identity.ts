// Validator and subnet identities (interfaces::registry::{ValidatorIdentity, SubnetIdentity}):
// byte vectors on chain, text on the page. Whatever the chain holds is decoded without ever
// throwing, and stripped of what could disguise it, since anyone may write an identity; what a
// person types is checked against the registry's own bounds, counted in UTF-8 bytes as the
// contract counts them, before anything is signed.
import { hexToU8a, type HexString } from "dedot/utils";

import type { Checked } from "./values";

/** The registry's bounds, in bytes of UTF-8 (interfaces::registry::MAX_IDENTITY_*). */
export const MAX_IDENTITY_NAME = 64;
export const MAX_IDENTITY_URL = 128;
export const MAX_IDENTITY_DESCRIPTION = 256;

export type ValidatorIdentityText = { name: string; url: string; description: string; imageUrl: string };
export type SubnetIdentityText = { name: string; description: string; url: string; contact: string };

export interface FieldRule {
  /** What the form calls the field. */
  label: string;
  maxBytes: number;
  /** The page links it (or shows it as an image), so it must be an http(s) address. */
  web: boolean;
  /** May hold line breaks (a single-line input would drop them, changing it on the next save). */
  multiline: boolean;
}

/** Field by field, in the order the form shows them; keys as dedot names the struct's fields. */
export const VALIDATOR_IDENTITY_FIELDS: Record<keyof ValidatorIdentityText, FieldRule> = {
  name: { label: "name", maxBytes: MAX_IDENTITY_NAME, web: false, multiline: false },
  url: { label: "url", maxBytes: MAX_IDENTITY_URL, web: true, multiline: false },
  description: { label: "description", maxBytes: MAX_IDENTITY_DESCRIPTION, web: false, multiline: true },
  imageUrl: { label: "image url", maxBytes: MAX_IDENTITY_URL, web: true, multiline: false },
};

export const SUBNET_IDENTITY_FIELDS: Record<keyof SubnetIdentityText, FieldRule> = {
  name: { label: "name", maxBytes: MAX_IDENTITY_NAME, web: false, multiline: false },
  description: { label: "description", maxBytes: MAX_IDENTITY_DESCRIPTION, web: false, multiline: true },
  url: { label: "url", maxBytes: MAX_IDENTITY_URL, web: true, multiline: false },
  // An e-mail address, a handle: anything, so not checked as an address.
  contact: { label: "contact", maxBytes: MAX_IDENTITY_URL, web: false, multiline: false },
};

const encoder = new TextEncoder();
// Not fatal: an invalid sequence becomes U+FFFD instead of failing the whole page. The contract
// refuses invalid UTF-8, but a page must not trust that to render.
const decoder = new TextDecoder("utf-8");

/** How many bytes `text` takes as UTF-8: what the contract's bounds count. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

// Control characters (but line breaks, which a description may have) and the bidirectional
// overrides and isolates that could make a name read as another one ("evil" shown as "live").
const HIDDEN = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Bytes from the chain (dedot gives them as hex) as text that is safe to show. */
export function decodeIdentityText(bytes: HexString | Uint8Array): string {
  const raw = typeof bytes === "string" ? hexToU8a(bytes) : bytes;
  return decoder.decode(raw).replace(HIDDEN, "");
}

/** Every field of an identity read from the chain as text; none read stays none. */
export function decodeIdentity<K extends string>(raw: Record<K, HexString | Uint8Array> | undefined, fields: Record<K, FieldRule>): Record<K, string> | undefined {
  if (!raw) return undefined;
  const keys = Object.keys(fields) as K[];
  return Object.fromEntries(keys.map((key) => [key, decodeIdentityText(raw[key])])) as Record<K, string>;
}

/** An identity with nothing in it, to start a form from. */
export function emptyIdentity<K extends string>(fields: Record<K, FieldRule>): Record<K, string> {
  return Object.fromEntries(Object.keys(fields).map((key) => [key, ""])) as Record<K, string>;
}

/** `text` as an http(s) address to link or load, or undefined when it is anything else (javascript:, data:, …). */
export function webAddress(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export interface IdentityBytes<K extends string> {
  /**
   * Each field's UTF-8 bytes. Given to dedot as bytes, never as a string: it would read a name
   * such as "0xbeef" as hex.
   */
  fields: Record<K, Uint8Array>;
  /** Every field is empty: setting it removes the identity. */
  clears: boolean;
}

/**
 * What a person typed, as the identity to send, or why not: each field trimmed, within its bound
 * in UTF-8 bytes, a web field an http(s) address, and a name whenever anything else is set (an
 * identity without one would show as no one in the delegates table). All fields empty is a valid
 * identity: it clears the one on chain.
 */
export function checkIdentity<K extends string>(text: Record<K, string>, fields: Record<K, FieldRule>): Checked<IdentityBytes<K>> {
  const keys = Object.keys(fields) as K[];
  const trimmed = Object.fromEntries(keys.map((key) => [key, (text[key] ?? "").trim()])) as Record<K, string>;
  const clears = keys.every((key) => trimmed[key] === "");
  if (!clears && "name" in trimmed && trimmed["name" as K] === "") {
    return { ok: false, error: "enter a name (or empty every field to clear the identity)" };
  }
  const bytes = {} as Record<K, Uint8Array>;
  for (const key of keys) {
    const rule = fields[key];
    const value = trimmed[key];
    bytes[key] = encoder.encode(value);
    if (bytes[key].length > rule.maxBytes) {
      return { ok: false, error: `${rule.label} is ${bytes[key].length} bytes of UTF-8; at most ${rule.maxBytes}` };
    }
    if (rule.web && value !== "" && webAddress(value) === undefined) {
      return { ok: false, error: `${rule.label} must be an http:// or https:// address` };
    }
  }
  return { ok: true, value: { fields: bytes, clears } };
}
