import { z } from "zod";
import type { InterestStatus, OrganisationType } from "../../db/schema";
import { ORGANISATION_TYPE_VALUES } from "./organisation-types";
import { pageParam } from "./pagination";
import { normaliseSearch } from "./search-text";

// The council officers' list of shared ideas (/councils/ideas): what the address means, how a
// highlighted search result is split into plain text and matches, and the council-interest form.
// Pure: the same rules run in the loader and in the browser (links between pages are built from
// the filters on both sides).

export const AWARD_FILTERS = ["winner", "top20", "other"] as const;
export type AwardFilter = (typeof AWARD_FILTERS)[number];
export const AWARD_LABELS: Record<AwardFilter, string> = {
  winner: "Winner",
  top20: "Top 20",
  other: "No award",
};

/**
 * "Stage" is how far councils have taken an idea, not how far it got in judging (the award filter
 * already says that): no council has recorded interest yet, at least one council is interested or
 * in discussion, or at least one council has taken it forward.
 */
export const STAGE_FILTERS = ["new", "interest", "taken_forward"] as const;
export type StageFilter = (typeof STAGE_FILTERS)[number];
export const STAGE_LABELS: Record<StageFilter, string> = {
  new: "No council interest yet",
  interest: "A council is interested or in discussion",
  taken_forward: "Taken forward by a council",
};

export const SORTS = ["relevance", "score", "date"] as const;
export type Sort = (typeof SORTS)[number];
export const SORT_LABELS: Record<Sort, string> = {
  relevance: "Best match",
  score: "Judges' score (highest first)",
  date: "Date submitted (newest first)",
};

export const INTEREST_STATUSES = [
  "interested",
  "in_discussion",
  "taken_forward",
  "not_pursued",
] as const satisfies readonly InterestStatus[];
export const INTEREST_LABELS: Record<InterestStatus, string> = {
  interested: "Interested",
  in_discussion: "In discussion",
  taken_forward: "Taken forward",
  not_pursued: "Not pursued",
};

/** The value of ?council= that asks for every council's ideas instead of the officer's own. */
export const ALL_COUNCILS = "all";

export interface CouncilIdeaFilters {
  /** Words to search for; "" for none. */
  q: string;
  /** A priority area's id. */
  area: number | null;
  /** A council's ONS code, "all", or null for "the officer's own" (the default). */
  council: string | null;
  type: OrganisationType | null;
  award: AwardFilter | null;
  stage: StageFilter | null;
  /** Null: the default (relevance with a search, else date). */
  sort: Sort | null;
}

export type CouncilIdeaQuery = CouncilIdeaFilters & { page: number };

const optional = (value: string | null) => (value === null || value.trim() === "" ? null : value.trim());

// A value that is not one of the choices is dropped rather than refused: people edit and share
// these addresses, and a stale link should still show something.
const querySchema = z.object({
  q: z.string().catch(""),
  area: z.coerce.number().int().min(1).max(2_147_483_647).nullable().catch(null),
  council: z
    .union([z.literal(ALL_COUNCILS), z.string().regex(/^[EW][0-9]{8}$/)])
    .nullable()
    .catch(null),
  type: z.enum(ORGANISATION_TYPE_VALUES).nullable().catch(null),
  award: z.enum(AWARD_FILTERS).nullable().catch(null),
  stage: z.enum(STAGE_FILTERS).nullable().catch(null),
  sort: z.enum(SORTS).nullable().catch(null),
  page: pageParam,
});

export function parseCouncilIdeaQuery(params: URLSearchParams): CouncilIdeaQuery {
  const parsed = querySchema.parse({
    q: params.get("q") ?? "",
    area: optional(params.get("area")),
    council: optional(params.get("council")),
    type: optional(params.get("type")),
    award: optional(params.get("award")),
    stage: optional(params.get("stage")),
    sort: optional(params.get("sort")),
    page: params.get("page") ?? undefined,
  });
  return { ...parsed, q: normaliseSearch(parsed.q) };
}

/** The sort that applies: relevance means nothing without a search, so it falls back to date. */
export function effectiveSort(filters: Pick<CouncilIdeaFilters, "q" | "sort">): Sort {
  if (filters.sort === "relevance" || filters.sort === null) return filters.q ? "relevance" : "date";
  return filters.sort;
}

/**
 * The query string for a list, in a fixed order and without empty values, so that the same view
 * always has the same address.
 */
export function councilIdeasSearch(query: Partial<CouncilIdeaQuery>): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.area) params.set("area", String(query.area));
  if (query.council) params.set("council", query.council);
  if (query.type) params.set("type", query.type);
  if (query.award) params.set("award", query.award);
  if (query.stage) params.set("stage", query.stage);
  if (query.sort) params.set("sort", query.sort);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

// ts_headline wraps each match in these. Control characters cannot be in stored text (cleanText
// strips them from every form), so the markers cannot be forged by an entrant.
export const HIGHLIGHT_START = "\u0002";
export const HIGHLIGHT_STOP = "\u0003";

export interface HighlightPart {
  text: string;
  match: boolean;
}

/**
 * Splits ts_headline's output into plain parts and matched parts, to render the matches as
 * <mark> elements with React escaping everything. Unbalanced markers never produce markup: a
 * stray stop is dropped, an unclosed start runs to the end.
 */
export function splitHighlight(text: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let match = false;
  let current = "";
  const push = () => {
    if (current) {
      const last = parts[parts.length - 1];
      if (last && last.match === match) last.text += current;
      else parts.push({ text: current, match });
    }
    current = "";
  };
  for (const char of text) {
    if (char === HIGHLIGHT_START) {
      push();
      match = true;
    } else if (char === HIGHLIGHT_STOP) {
      push();
      match = false;
    } else {
      current += char;
    }
  }
  push();
  return parts;
}

/** Text with every marker removed (the CSV, and titles compared to the search). */
export function withoutHighlight(text: string): string {
  return text.replaceAll(HIGHLIGHT_START, "").replaceAll(HIGHLIGHT_STOP, "");
}

// ---- Recording a council's interest ----

function optionalLimited(label: string, max: number) {
  return z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.string().max(max, `${label} must be ${max} characters or fewer`));
}

export const interestSchema = z
  .object({
    status: z.enum(INTEREST_STATUSES, {
      error: "Select where your council is with this idea",
    }),
    initiativeName: optionalLimited("The name of the local initiative", 200),
    initiativeDescription: optionalLimited("The description of the initiative", 5000),
    initiativeUrl: optionalLimited("The link", 2000).pipe(
      z.string().refine((value) => value === "" || isWebAddress(value), {
        message: "Enter a link that starts with https:// or http://, like https://www.example.gov.uk/initiative",
      }),
    ),
    note: optionalLimited("The note", 5000),
    version: z.coerce.number().int().min(0).max(2_147_483_647).catch(0),
  })
  .superRefine((value, ctx) => {
    if ((value.initiativeDescription || value.initiativeUrl) && !value.initiativeName) {
      ctx.addIssue({
        code: "custom",
        path: ["initiativeName"],
        message: "Enter the name of the local initiative, or remove its description and link",
      });
    }
  });

export type InterestInput = z.infer<typeof interestSchema>;

export function isWebAddress(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}
