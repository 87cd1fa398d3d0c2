import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_CONTENT,
  incompleteSections,
  isSectionComplete,
  type EntryContent,
  type SectionKey,
} from "../../app/domain/entry-sections";
import { PRIORITY_AREA_NAMES } from "../../db/seed/challenges";
import { planDemoData } from "../../db/seed/demo";
import { londonTime } from "../../db/seed/london";
import { PLACES } from "../../db/seed/places";
import { SeededRandom } from "../../db/seed/random";

describe("londonTime", () => {
  it("reads winter dates as GMT and summer dates as BST", () => {
    expect(londonTime(2026, 11, 1, 9, 0).toISOString()).toBe("2026-11-01T09:00:00.000Z");
    expect(londonTime(2027, 3, 21, 23, 59).toISOString()).toBe("2027-03-21T23:59:00.000Z");
    expect(londonTime(2027, 7, 1, 12, 0).toISOString()).toBe("2027-07-01T11:00:00.000Z");
    // 28 March 2027 is the day the clocks go forward, at 1am GMT.
    expect(londonTime(2027, 3, 28, 0, 30).toISOString()).toBe("2027-03-28T00:30:00.000Z");
    expect(londonTime(2027, 3, 28, 2, 30).toISOString()).toBe("2027-03-28T01:30:00.000Z");
  });

  it("gives the first of the two 1:30ams when the clocks go back, and skips the hour that never happens", () => {
    expect(londonTime(2026, 10, 25, 1, 30).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(londonTime(2027, 3, 28, 1, 30).toISOString()).toBe("2027-03-28T01:30:00.000Z");
  });

  it("always names an instant that London clocks show as the time asked for, outside the skipped hour", () => {
    const clock = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (year, month, day, hour, minute) => {
          const instant = londonTime(year, month, day, hour, minute);
          const shown = clock.format(instant);
          const asked = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
          const skipped = hour === 1 && month === 3 && shown === `02:${asked.slice(3)}`;
          expect(skipped || shown === asked).toBe(true);
        },
      ),
    );
  });
});

describe("SeededRandom", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const first = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(first);
    expect(first.every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it("keeps int within its bounds and shuffle a permutation", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        (seed, min, span) => {
          const random = new SeededRandom(seed);
          const n = random.int(min, min + span);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(min + span);
          const items = Array.from({ length: span }, (_, i) => i);
          expect(random.shuffle(items).sort((x, y) => x - y)).toEqual(items);
        },
      ),
    );
  });
});

describe("the demo data plan", () => {
  it("marks a draft's sections completed only when their answers are there, as the entry form would", () => {
    const { entries } = planDemoData();
    for (const e of entries) {
      const content: EntryContent = {
        ...EMPTY_CONTENT,
        title: e.title,
        summary: e.summary,
        need: e.need,
        beneficiaries: e.beneficiaries,
        priorityAreaId: e.area === null ? null : e.area + 1,
        principleIds: e.principles.map((_, i) => i + 1),
        areaCodes: e.councils,
        delivery: e.delivery,
        costs: e.costs,
        prizeUse: e.prizeUse,
        consentShare: e.consentShare,
        consentContact: e.consentContact,
        declaration: e.declaration,
      };
      const incomplete = incompleteSections(content, e.completedSections);
      if (e.status === "draft") {
        expect(incomplete.length, e.title).toBeGreaterThan(0);
        for (const section of e.completedSections)
          expect(isSectionComplete(section as SectionKey, content), `${e.title} ${section}`).toBe(true);
      } else {
        expect(incomplete, e.title).toEqual([]);
      }
    }
  });

  it("is the same every time it is worked out", () => {
    expect(planDemoData()).toEqual(planDemoData());
  });

  it("gives each organisation a postcode from its own council area's districts", () => {
    const { organisations } = planDemoData();
    for (const o of organisations) {
      const districts = (PLACES[o.localAuthorityCode] ?? []).flatMap((p) => p.districts);
      expect(districts, o.name).toContain(o.postcode.split(" ")[0]);
    }
  });

  it("uses unique, lower-case emails and unique organisation names", () => {
    const { users, organisations } = planDemoData();
    const emails = users.map((u) => u.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((e) => e === e.toLowerCase() && e.endsWith("demo.test"))).toBe(true);
    expect(new Set(organisations.map((o) => o.name)).size).toBe(organisations.length);
  });

  it("dates nothing after the demo's 'today' or before the challenge it belongs to opened", () => {
    const { entries, users } = planDemoData();
    const today = Date.parse("2026-11-21T09:00:00Z");
    for (const e of entries) {
      const opened =
        e.challenge === "current" ? Date.parse("2026-11-01T09:00:00Z") : Date.parse("2021-02-08T09:00:00Z");
      const closed = e.challenge === "current" ? today : Date.parse("2021-03-21T23:59:00Z");
      for (const at of [e.createdAt, e.updatedAt, e.submittedAt, e.withdrawnAt]) {
        if (!at) continue;
        expect(at.getTime(), e.title).toBeGreaterThanOrEqual(opened);
        expect(at.getTime(), e.title).toBeLessThanOrEqual(closed);
      }
      if (e.area === null) {
        expect(e.status, e.title).toBe("draft");
      } else {
        expect(e.area).toBeGreaterThanOrEqual(0);
        expect(e.area).toBeLessThan(PRIORITY_AREA_NAMES.length);
      }
    }
    expect(users.every((u) => u.createdAt.getTime() <= today)).toBe(true);
  });
});
