import { describe, expect, it } from "vitest";
import { VersionedCache } from "../../app/services/platform/versioned-cache.server";

describe("VersionedCache", () => {
  it("gives a value back only for the version it was read at", () => {
    const cache = new VersionedCache<string>(10);
    cache.set("page 1", "7", "read at 7");
    expect(cache.get("page 1", "7")).toBe("read at 7");
    expect(cache.get("page 1", "8")).toBeUndefined();
    expect(cache.get("page 2", "7")).toBeUndefined();
  });

  it("drops every value of an older version when a newer one is kept", () => {
    const cache = new VersionedCache<string>(10);
    cache.set("page 1", "7", "a");
    cache.set("page 2", "7", "b");
    cache.set("page 3", "8", "c");
    expect(cache.size).toBe(1);
    expect(cache.has("page 1")).toBe(false);
    expect(cache.get("page 3", "8")).toBe("c");
  });

  it("does not keep a read older than what it holds (a slow reader finishing late)", () => {
    const cache = new VersionedCache<string>(10);
    cache.set("page 1", "9", "new");
    cache.set("page 2", "8", "old");
    expect(cache.has("page 2")).toBe(false);
    expect(cache.get("page 1", "9")).toBe("new");
  });

  it("compares versions as numbers, past the range of a double", () => {
    const cache = new VersionedCache<string>(10);
    cache.set("page", "9007199254740993", "big");
    expect(cache.get("page", "9007199254740992")).toBeUndefined();
    expect(cache.get("page", "9007199254740993")).toBe("big");
    cache.set("page", "10", "smaller number");
    expect(cache.get("page", "9007199254740993")).toBe("big");
  });

  it("keeps at most its limit, dropping the least recently used first", () => {
    const cache = new VersionedCache<number>(2);
    cache.set("a", "1", 1);
    cache.set("b", "1", 2);
    expect(cache.get("a", "1")).toBe(1); // a is now the most recently used
    cache.set("c", "1", 3);
    expect(cache.has("b")).toBe(false);
    expect(cache.has("a")).toBe(true);
    expect(cache.has("c")).toBe(true);
    expect(cache.size).toBe(2);
  });
});
