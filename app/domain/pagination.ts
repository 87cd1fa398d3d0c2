import { z } from "zod";

// Page numbers for long lists (GOV.UK pagination pattern). Pages are numbered from 1 and live in
// the address (?page=N) so that a page can be bookmarked and shared.

export const PAGE_SIZE = 25;

// Far more pages than any list here will have; a larger number is someone typing, not browsing.
const MAX_PAGE = 100_000;

/** The page asked for in ?page=, or 1 when the value is missing or is not a page number. */
export const pageParam = z.coerce.number().int().min(1).max(MAX_PAGE).catch(1);

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

export function pageOffset(page: number, size = PAGE_SIZE): number {
  return (page - 1) * size;
}

export type PageItem = number | "ellipsis";

/**
 * The page links to show: the first and last page, the current page and its neighbours, with an
 * ellipsis standing for each run of pages left out (as the GOV.UK pattern shows them).
 */
export function pageItems(current: number, count: number): PageItem[] {
  if (count <= 1) return [];
  const shown = new Set([1, count, current - 1, current, current + 1].filter((p) => p >= 1 && p <= count));
  const pages = [...shown].sort((a, b) => a - b);
  const items: PageItem[] = [];
  let previous = 0;
  for (const page of pages) {
    if (page - previous === 2) items.push(previous + 1);
    else if (page - previous > 2) items.push("ellipsis");
    items.push(page);
    previous = page;
  }
  return items;
}
