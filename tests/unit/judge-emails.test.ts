import { describe, expect, it } from "vitest";
import { renderEmail } from "../../emails/registry";
import { templates } from "../../emails/templates";

describe("judges' emails", () => {
  it("tells a judge how many entries they have, by when, and where to go", async () => {
    const email = await renderEmail(templates["judge-work-assigned"], {
      name: "Sam Patel",
      challengeTitle: "Community Recovery Innovation Challenge 2027",
      count: 1,
      deadline: "5pm on 12 December 2026",
      url: "https://challenge.example/judging",
    });
    expect(email.subject).toBe("You have 1 entry to score for the Community Recovery Innovation Challenge 2027");
    expect(email.text).toContain("Please submit your scores by 5pm on 12 December 2026.");
    expect(email.text).toContain("https://challenge.example/judging");
    expect(email.text).toContain("declaration of interests");
  });

  it("leaves out the deadline when there is none yet", async () => {
    const email = await renderEmail(templates["judge-work-assigned"], {
      name: "Sam Patel",
      challengeTitle: "Challenge",
      count: 12,
      url: "https://challenge.example/judging",
    });
    expect(email.subject).toBe("You have 12 entries to score for the Challenge");
    expect(email.text).not.toContain("submit your scores by");
  });

  it("reminds a judge how much is left and when scoring closes", async () => {
    const email = await renderEmail(templates["judge-reminder"], {
      name: "Sam Patel",
      challengeTitle: "Challenge",
      roundNumber: 1,
      outstanding: 2,
      total: 30,
      deadline: "5pm on 11 December 2026",
      daysLeft: 3,
      url: "https://challenge.example/judging",
    });
    expect(email.subject).toBe("Scoring for the Challenge closes in 3 days: 2 entries still to score");
    expect(email.text).toContain("You have submitted scores for 28 of your 30 entries in round 1 of the Challenge.");
    expect(email.text).toContain("Scoring closes at 5pm on 11 December 2026.");
  });
});
