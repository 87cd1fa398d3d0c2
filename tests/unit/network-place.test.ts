import { describe, expect, it } from "vitest";
import { describePlace } from "../../app/domain/network-place";

describe("saying roughly where a session was opened, without a location database", () => {
  it("hides the last part of a public IPv4 address", () => {
    expect(describePlace("81.2.69.160")).toBe("81.2.69.x");
    expect(describePlace("8.8.8.8")).toBe("8.8.8.x");
  });

  it("keeps the first three groups of a public IPv6 address", () => {
    expect(describePlace("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3:x:x:x:x:x");
    // Groups left out by "::" count as zero.
    expect(describePlace("2a00:1450::200e")).toBe("2a00:1450:0:x:x:x:x:x");
  });

  it("calls a loopback address this computer", () => {
    expect(describePlace("127.0.0.1")).toBe("This computer");
    expect(describePlace("::1")).toBe("This computer");
    expect(describePlace("::ffff:127.0.0.1")).toBe("This computer");
  });

  it("calls private and link-local addresses a private network", () => {
    for (const address of ["10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.20", "169.254.3.4"]) {
      expect(describePlace(address), address).toBe("A private network");
    }
    expect(describePlace("fd12:3456:789a::1")).toBe("A private network");
    expect(describePlace("fe80::1ff:fe23:4567:890a")).toBe("A private network");
    expect(describePlace("::ffff:192.168.0.5")).toBe("A private network");
  });

  it("does not take a public address next to a private range for a private one", () => {
    expect(describePlace("172.32.0.1")).toBe("172.32.0.x");
    expect(describePlace("11.0.0.1")).toBe("11.0.0.x");
  });

  it("reads an IPv4 address written as IPv6", () => {
    expect(describePlace("::ffff:81.2.69.160")).toBe("81.2.69.x");
  });

  it("says Unknown for anything that is not an address", () => {
    for (const value of [null, "", "unknown", "999.1.1.1", "1.2.3", "1::2::3", "1:2:3:4:5:6:7:8:9", "<script>"]) {
      expect(describePlace(value), String(value)).toBe("Unknown");
    }
  });
});
