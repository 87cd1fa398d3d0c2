import { describe, expect, it } from "vitest";
import { maskEmailAddress } from "../../app/domain/email-address";

describe("an email address as the change-of-address emails show it", () => {
  it("keeps the first letter and the domain, enough for its owner to recognise", () => {
    expect(maskEmailAddress("priya.chauhan@example.org")).toBe("p•••@example.org");
    expect(maskEmailAddress("a@b.example")).toBe("a•••@b.example");
  });

  it("gives nothing away for something that is not an address", () => {
    expect(maskEmailAddress("no-at-sign")).toBe("•••");
    expect(maskEmailAddress("@example.org")).toBe("•••");
  });
});
