import { formatDateTime } from "./time";

// The order a challenge's stages must happen in, and why a step is not possible yet. One place
// for the rule, so the services refuse (and the database backs them up: migration
// 2026120502_stage_order) and the pages explain with the same words:
//
//   entries open -> challenge closed (closing time and every extension passed, then closed by
//   staff) -> round 1 -> round 1 confirmed -> round 2 -> round 2 confirmed -> awards proposed,
//   approved -> results published.
//
// "Closed" means the challenge's status is closed (or archived). Closing is refused until the
// closing time and every organisation's extension have passed (closeChallenge), so a closed
// challenge can take no more submissions; the times are checked here again because a closed
// challenge's closing time or an extension could be moved later before judging starts, and
// submitting is governed by the times, not by the status.

export type ChallengeStage = "draft" | "open" | "closed" | "archived";
export type RoundStage = "setup" | "open" | "closed" | "confirmed";

export interface StageFacts {
  status: ChallengeStage;
  closesAt: Date;
  /** The latest closing time granted to any organisation by an extension, if any. */
  latestExtension: Date | null;
  rounds: { number: number; status: RoundStage }[];
  /** The award list's status, if awards have been proposed. */
  awardList?: "proposed" | "approved" | "published" | null;
}

export type StageCheck = { ok: true } | { ok: false; reason: string };

const OK: StageCheck = { ok: true };

/** Whether entries are over for good: what every judging and awarding step needs first. */
export function entriesClosed(facts: StageFacts, now: Date): StageCheck {
  if (facts.status === "draft") {
    return { ok: false, reason: "This challenge has not been opened for entries yet, so there is nothing to judge" };
  }
  if (now.getTime() < facts.closesAt.getTime()) {
    return {
      ok: false,
      reason: `Entries are open until ${formatDateTime(facts.closesAt)}. Judging can start once the challenge has closed`,
    };
  }
  if (facts.latestExtension && now.getTime() < facts.latestExtension.getTime()) {
    return {
      ok: false,
      reason: `An organisation has an extension until ${formatDateTime(facts.latestExtension)}. Judging can start once it has passed and the challenge has closed`,
    };
  }
  if (facts.status === "open") {
    return {
      ok: false,
      reason:
        "The closing time has passed but the challenge is still open. Close the challenge first, then judging can start",
    };
  }
  return OK;
}

/** Whether round `number` may be created now. */
export function canCreateRound(facts: StageFacts, number: 1 | 2, now: Date): StageCheck {
  if (facts.rounds.some((r) => r.number === number)) return { ok: false, reason: `Round ${number} already exists` };
  if (number === 2 && facts.rounds.find((r) => r.number === 1)?.status !== "confirmed") {
    return { ok: false, reason: "Round 2 can only be created once round 1's shortlist is confirmed" };
  }
  return entriesClosed(facts, now);
}

/** Whether a round's scoring may open, or its result be confirmed, now: only once entries are over. */
export function canJudge(facts: StageFacts, now: Date): StageCheck {
  return entriesClosed(facts, now);
}

/** Whether the awards may be proposed: both rounds confirmed, on a closed challenge. */
export function canProposeAwards(facts: StageFacts, now: Date): StageCheck {
  const closed = entriesClosed(facts, now);
  if (!closed.ok) return closed;
  const confirmed = (n: number) => facts.rounds.find((r) => r.number === n)?.status === "confirmed";
  if (!confirmed(1) || !confirmed(2)) {
    return {
      ok: false,
      reason:
        "The awards can only be proposed once both judging rounds are confirmed: confirm round 1 (the shortlist) and round 2 (the winners) first",
    };
  }
  return OK;
}

/** Whether the results may be published: everything before it done, and a second person's approval. */
export function canPublishResults(facts: StageFacts, now: Date): StageCheck {
  const proposable = canProposeAwards(facts, now);
  if (!proposable.ok)
    return {
      ok: false,
      reason: proposable.reason.replace("The awards can only be proposed", "The results can only be published"),
    };
  if (!facts.awardList) return { ok: false, reason: "Propose and approve the awards before publishing the results" };
  if (facts.awardList === "proposed") {
    return { ok: false, reason: "The results cannot be published before a second member of staff approves the awards" };
  }
  return OK;
}

/** No more extensions or closing-time changes once judging has begun: a late entry would miss it. */
export function canChangeDeadline(facts: Pick<StageFacts, "rounds">): StageCheck {
  if (facts.rounds.length) {
    return {
      ok: false,
      reason:
        "Judging has started, so the closing time can no longer change: an entry submitted now would not be judged",
    };
  }
  return OK;
}
