import type { ChallengeStatus } from "../../db/schema";
import { closingPhrase, londonWallTime } from "./deadline";
import { formatPence } from "./money";
import { formatDate, formatDateTime } from "./time";

// The public challenge page (and the staff preview of it) as plain words, worked out on the
// server: the prizes phrased from the prize tiers, "closes in N days" in Europe/London, the
// criteria weights as published. The page component only lays these out, so the browser never
// recomputes a date with its own clock or time zone.

export interface ChallengeData {
  id: number;
  title: string;
  summary: string;
  description: string;
  whoCanEnter: string;
  howJudgingWorks: string;
  shareText: string;
  status: ChallengeStatus;
  opensAt: Date;
  closesAt: Date;
  priorityAreas: { id: number; name: string; description: string; sponsor: string }[];
  principles: { id: number; name: string; description: string }[];
  prizeTiers: {
    id: number;
    name: string;
    description: string;
    places: number;
    cashPence: number;
    supportCapPence: number;
    masterclass: boolean;
  }[];
  criteria: { id: number; name: string; guidance: string; weight: number; scaleMin: number; scaleMax: number }[];
  faqs: { id: number; question: string; answer: string }[];
  /** Calendar days in London, YYYY-MM-DD. */
  keyDates: { id: number; label: string; date: string }[];
}

export type ChallengeState = "upcoming" | "open" | "closed";

export interface ChallengePageModel {
  id: number;
  title: string;
  summary: string;
  description: string;
  whoCanEnter: string;
  howJudgingWorks: string;
  status: ChallengeStatus;
  state: ChallengeState;
  opensAtText: string;
  closesAtText: string;
  /** "Closes in 12 days", "Closes tomorrow", "Closes today" or "Closed". */
  closingPhrase: string;
  priorityAreas: ChallengeData["priorityAreas"];
  principles: ChallengeData["principles"];
  prizes: { id: number; name: string; sentence: string; description: string }[];
  criteria: { id: number; name: string; guidance: string; weightText: string }[];
  /** How the criteria are scored, when they share one scale. */
  scaleText: string | null;
  faqs: ChallengeData["faqs"];
  keyDates: { label: string; when: string }[];
  share: { url: string; text: string };
}

/** "£500 and a place at a business development masterclass", from a prize tier's figures. */
export function prizeWords(tier: { cashPence: number; supportCapPence: number; masterclass: boolean }): string {
  const parts: string[] = [];
  if (tier.cashPence > 0) parts.push(formatPence(tier.cashPence));
  if (tier.masterclass) parts.push("a place at a business development masterclass");
  if (tier.supportCapPence > 0) {
    parts.push(`support, investment and coaching worth up to ${formatPence(tier.supportCapPence)}`);
  }
  return joinWords(parts);
}

/** "20 ideas each win £500 and a place at a business development masterclass." */
export function prizeSentence(tier: {
  places: number;
  cashPence: number;
  supportCapPence: number;
  masterclass: boolean;
}): string {
  const words = prizeWords(tier);
  if (!words) return "";
  return tier.places === 1 ? `1 idea wins ${words}.` : `${tier.places} ideas each win ${words}.`;
}

export function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** Weights as percentages when they add up to 100 (as published), otherwise as shares of the total. */
export function weightTexts(weights: number[]): string[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => (total === 100 ? `${w}%` : `${w} out of ${total}`));
}

export function challengeState(challenge: { opensAt: Date; closesAt: Date }, now: Date): ChallengeState {
  if (now.getTime() < challenge.opensAt.getTime()) return "upcoming";
  if (now.getTime() < challenge.closesAt.getTime()) return "open";
  return "closed";
}

/** The text partners paste to share the page: staff's own words, always ending with the link. */
export function shareText(
  challenge: { title: string; summary: string; shareText: string; closesAt: Date },
  url: string,
): string {
  const own = challenge.shareText.trim();
  if (own) return own.includes(url) ? own : `${own} ${url}`;
  return `${challenge.title}: ${challenge.summary} Entries close at ${formatDateTime(challenge.closesAt)}. Find out more and enter: ${url}`;
}

export function buildChallengePage(data: ChallengeData, options: { now: Date; appUrl: string }): ChallengePageModel {
  const url = `${options.appUrl}/`;
  const dated = [
    { label: "Entries open", when: formatDateTime(data.opensAt), sort: londonWallTime(data.opensAt) },
    { label: "Entries close", when: formatDateTime(data.closesAt), sort: londonWallTime(data.closesAt) },
    ...data.keyDates.map((k) => ({
      label: k.label,
      when: formatDate(new Date(`${k.date}T12:00:00Z`)),
      sort: `${k.date} 12:00`,
    })),
  ].sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  const weights = weightTexts(data.criteria.map((c) => c.weight));
  const scales = new Set(data.criteria.map((c) => `${c.scaleMin}-${c.scaleMax}`));
  const first = data.criteria[0];
  return {
    id: data.id,
    title: data.title,
    summary: data.summary,
    description: data.description,
    whoCanEnter: data.whoCanEnter,
    howJudgingWorks: data.howJudgingWorks,
    status: data.status,
    state: challengeState(data, options.now),
    opensAtText: formatDateTime(data.opensAt),
    closesAtText: formatDateTime(data.closesAt),
    closingPhrase: closingPhrase(data.closesAt, options.now),
    priorityAreas: data.priorityAreas,
    principles: data.principles,
    prizes: data.prizeTiers.map((t) => ({
      id: t.id,
      name: t.name,
      sentence: prizeSentence(t),
      description: t.description,
    })),
    criteria: data.criteria.map((c, i) => ({ id: c.id, name: c.name, guidance: c.guidance, weightText: weights[i]! })),
    scaleText:
      first && scales.size === 1
        ? `Judges score each criterion from ${first.scaleMin} to ${first.scaleMax}. Each score counts towards the total by the criterion’s weight.`
        : null,
    faqs: data.faqs,
    keyDates: dated.map(({ label, when }) => ({ label, when })),
    share: { url, text: shareText(data, url) },
  };
}
