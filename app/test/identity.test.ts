import { u8aToHex } from "dedot/utils";
import { describe, expect, it } from "vitest";

import {
  checkIdentity,
  decodeIdentity,
  decodeIdentityText,
  emptyIdentity,
  SUBNET_IDENTITY_FIELDS,
  utf8Length,
  VALIDATOR_IDENTITY_FIELDS,
  webAddress,
  type ValidatorIdentityText,
} from "../src/lib/identity";

const validator = (fields: Partial<ValidatorIdentityText>): ValidatorIdentityText => ({
  ...emptyIdentity(VALIDATOR_IDENTITY_FIELDS),
  ...fields,
});
const checkValidator = (fields: Partial<ValidatorIdentityText>) => checkIdentity(validator(fields), VALIDATOR_IDENTITY_FIELDS);

describe("utf8Length", () => {
  it("counts bytes, not characters", () => {
    expect(utf8Length("Rizzo")).toBe(5);
    expect(utf8Length("é")).toBe(2);
    expect(utf8Length("€")).toBe(3);
    // One character, two UTF-16 units, four bytes.
    expect(utf8Length("🦀")).toBe(4);
    expect(utf8Length("Tao 道")).toBe(7);
  });
});

describe("checkIdentity", () => {
  it("takes a name of exactly 64 bytes and refuses one of 65", () => {
    expect(checkValidator({ name: "a".repeat(64) })).toMatchObject({ ok: true });
    expect(checkValidator({ name: "a".repeat(65) })).toEqual({ ok: false, error: "name is 65 bytes of UTF-8; at most 64" });
  });

  it("counts a multi-byte name in bytes: 33 characters of 2 bytes are too many", () => {
    expect(checkValidator({ name: "é".repeat(32) })).toMatchObject({ ok: true });
    expect(checkValidator({ name: "é".repeat(33) })).toEqual({ ok: false, error: "name is 66 bytes of UTF-8; at most 64" });
    // 17 crabs are 17 characters and 68 bytes.
    expect(checkValidator({ name: "🦀".repeat(17) })).toEqual({ ok: false, error: "name is 68 bytes of UTF-8; at most 64" });
  });

  it("sends each field as its UTF-8 bytes, trimmed, never reading text as hex", () => {
    const checked = checkValidator({ name: "  Ωmega 0xbeef ", url: "https://omega.example" });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(u8aToHex(checked.value.fields.name)).toBe("0xcea96d65676120307862656566");
    expect(new TextDecoder().decode(checked.value.fields.url)).toBe("https://omega.example");
    expect(checked.value.fields.description).toEqual(new Uint8Array());
    expect(checked.value.clears).toBe(false);
  });

  it("holds each field to its own bound", () => {
    expect(checkValidator({ name: "v", description: "d".repeat(256) })).toMatchObject({ ok: true });
    expect(checkValidator({ name: "v", description: "d".repeat(257) })).toEqual({
      ok: false,
      error: "description is 257 bytes of UTF-8; at most 256",
    });
    expect(checkValidator({ name: "v", imageUrl: `https://i.example/${"x".repeat(111)}` })).toEqual({
      ok: false,
      error: "image url is 129 bytes of UTF-8; at most 128",
    });
    const subnet = { name: "s", description: "", url: "", contact: "c".repeat(129) };
    expect(checkIdentity(subnet, SUBNET_IDENTITY_FIELDS)).toEqual({ ok: false, error: "contact is 129 bytes of UTF-8; at most 128" });
  });

  it("needs a name whenever anything else is set", () => {
    expect(checkValidator({ description: "the best" })).toEqual({
      ok: false,
      error: "enter a name (or empty every field to clear the identity)",
    });
    expect(checkValidator({ name: "   ", url: "https://x.example" })).toMatchObject({ ok: false });
  });

  it("takes all fields empty (or only blanks) as clearing the identity", () => {
    const checked = checkValidator({ name: " ", description: "\n" });
    expect(checked).toEqual({
      ok: true,
      value: {
        clears: true,
        fields: { name: new Uint8Array(), url: new Uint8Array(), description: new Uint8Array(), imageUrl: new Uint8Array() },
      },
    });
  });

  it("refuses web fields that are not http(s) addresses, but not a contact", () => {
    expect(checkValidator({ name: "v", url: "javascript:alert(1)" })).toEqual({ ok: false, error: "url must be an http:// or https:// address" });
    expect(checkValidator({ name: "v", imageUrl: "data:image/png;base64,AAAA" })).toEqual({
      ok: false,
      error: "image url must be an http:// or https:// address",
    });
    expect(checkValidator({ name: "v", url: "omega.example" })).toMatchObject({ ok: false });
    const subnet = { name: "s", description: "", url: "http://s.example", contact: "mailto:ops@s.example" };
    expect(checkIdentity(subnet, SUBNET_IDENTITY_FIELDS)).toMatchObject({ ok: true });
  });
});

describe("decodeIdentityText", () => {
  it("reads UTF-8 from dedot's hex and from bytes", () => {
    expect(decodeIdentityText("0x52697a7a6f")).toBe("Rizzo");
    expect(decodeIdentityText(new TextEncoder().encode("Tao 道"))).toBe("Tao 道");
    expect(decodeIdentityText("0x")).toBe("");
  });

  it("never throws on bytes that are not UTF-8: each bad sequence shows as �", () => {
    expect(decodeIdentityText("0xfffe")).toBe("\uFFFD\uFFFD");
    // "€" cut after two of its three bytes.
    expect(decodeIdentityText("0x41e282")).toBe("A\uFFFD");
  });

  it("drops controls and direction overrides that could disguise a name, and keeps line breaks", () => {
    // U+202E turns "evil" into what reads as "live".
    expect(decodeIdentityText(new TextEncoder().encode("\u202Eevil\u202C"))).toBe("evil");
    expect(decodeIdentityText("0x410042071b")).toBe("AB");
    expect(decodeIdentityText(new TextEncoder().encode("line one\nline two"))).toBe("line one\nline two");
  });

  it("turns an identity read from the chain into text, field by field, and none into none", () => {
    const raw = { name: "0x4f6d656761", url: "0x", description: "0xff", imageUrl: "0x68747470733a2f2f692e6578616d706c652f6f2e706e67" } as const;
    expect(decodeIdentity(raw, VALIDATOR_IDENTITY_FIELDS)).toEqual({
      name: "Omega",
      url: "",
      description: "\uFFFD",
      imageUrl: "https://i.example/o.png",
    });
    expect(decodeIdentity(undefined, VALIDATOR_IDENTITY_FIELDS)).toBeUndefined();
  });

  it("gives back what was set", () => {
    const text = validator({ name: "Ωmega 🦀", url: "https://omega.example", description: "two\nlines" });
    const checked = checkIdentity(text, VALIDATOR_IDENTITY_FIELDS);
    if (!checked.ok) throw new Error(checked.error);
    expect(decodeIdentity(checked.value.fields, VALIDATOR_IDENTITY_FIELDS)).toEqual(text);
  });
});

describe("webAddress", () => {
  it("links http(s) only", () => {
    expect(webAddress("https://omega.example/about")).toBe("https://omega.example/about");
    expect(webAddress(" http://omega.example ")).toBe("http://omega.example/");
    expect(webAddress("javascript:alert(1)")).toBeUndefined();
    expect(webAddress("JavaScript:alert(1)")).toBeUndefined();
    expect(webAddress("data:text/html,<script>")).toBeUndefined();
    expect(webAddress("not an address")).toBeUndefined();
    expect(webAddress("")).toBeUndefined();
  });
});
