import { describe, expect, it } from "vitest";
import type { ContactFieldsFragment } from "../gql/graphql";
import {
  addPhone,
  compactNumber,
  contactFieldOf,
  draftFromContact,
  emptyContactDraft,
  inputFromContactDraft,
  missingContactFields,
  phonesForInput,
  removePhone,
  splitList,
  updatePhone,
} from "./contacts";

const contact: ContactFieldsFragment = {
  id: "c1",
  name: "Li Lei",
  phones: [
    { number: "+8613800138000", label: "mobile" },
    { number: "+861088886666", label: "work" },
  ],
  emails: ["li@example.com"],
  tags: ["vip", "beijing"],
  vipLevel: 3,
  preferredLanguage: "zh-CN",
  notes: "Prefers mornings",
  dedicatedAgentId: "u1",
  consent: { calls: true, sms: false, email: true, marketing: false },
  mergedInto: null,
  updatedAt: "2026-01-01T00:00:00Z",
};

describe("phone list editing", () => {
  it("adds, updates and removes rows without touching the others", () => {
    const one = addPhone([]);
    expect(one).toEqual([{ number: "", label: "mobile" }]);
    const two = addPhone(one, { number: "+8613800138000", label: "work" });
    expect(two).toHaveLength(2);
    const edited = updatePhone(two, 0, { number: "+861088886666" });
    expect(edited[0]).toEqual({ number: "+861088886666", label: "mobile" });
    expect(edited[1]).toBe(two[1]);
    expect(removePhone(edited, 0)).toEqual([{ number: "+8613800138000", label: "work" }]);
    expect(removePhone(edited, 5)).toEqual(edited);
  });

  it("sends compacted numbers and drops empty rows", () => {
    expect(compactNumber("+86 138-0013 (8000)")).toBe("+8613800138000");
    expect(
      phonesForInput([
        { number: " +86 138 0013 8000 ", label: " mobile " },
        { number: "  ", label: "home" },
      ]),
    ).toEqual([{ number: "+8613800138000", label: "mobile" }]);
  });
});

describe("contact form ↔ input", () => {
  it("splits lists on commas, Chinese commas and lines, without repeats", () => {
    expect(splitList("a, b，c\n a ;d,,")).toEqual(["a", "b", "c", "d"]);
    expect(splitList("  ")).toEqual([]);
  });

  it("round-trips a contact", () => {
    const draft = draftFromContact(contact);
    expect(draft.emails).toBe("li@example.com");
    expect(draft.tags).toBe("vip, beijing");
    expect(inputFromContactDraft(draft)).toEqual({
      name: "Li Lei",
      phones: contact.phones,
      emails: ["li@example.com"],
      tags: ["vip", "beijing"],
      vipLevel: 3,
      preferredLanguage: "zh-CN",
      notes: "Prefers mornings",
      dedicatedAgentId: "u1",
      consent: { calls: true, sms: false, email: true, marketing: false },
    });
  });

  it("sends null for no language and no dedicated agent", () => {
    const input = inputFromContactDraft({ ...emptyContactDraft(), name: "  Han Meimei " });
    expect(input.name).toBe("Han Meimei");
    expect(input.phones).toEqual([]);
    expect(input.preferredLanguage).toBeNull();
    expect(input.dedicatedAgentId).toBeNull();
    expect(input.consent).toEqual({ calls: false, sms: false, email: false, marketing: false });
  });

  it("blocks only an empty name", () => {
    expect(missingContactFields(emptyContactDraft())).toEqual(["name"]);
    expect(missingContactFields({ ...emptyContactDraft(), name: "x" })).toEqual([]);
  });

  it("maps the server's blamed field to the form", () => {
    expect(contactFieldOf("number")).toBe("phones");
    expect(contactFieldOf("phones")).toBe("phones");
    expect(contactFieldOf("email")).toBe("emails");
    expect(contactFieldOf("vipLevel")).toBe("vipLevel");
    expect(contactFieldOf("preferredLanguage")).toBe("preferredLanguage");
    expect(contactFieldOf("contact")).toBeUndefined();
    expect(contactFieldOf(undefined)).toBeUndefined();
  });
});
