import type { ReactNode } from "react";

// A wide table scrolls sideways inside its own region on a narrow screen (a 390px phone), never
// the whole page (WCAG 2.2 1.4.10 Reflow allows two-dimensional scrolling for data tables). The
// region is labelled and keyboard-focusable so someone without a mouse or touch can scroll it
// (axe: scrollable-region-focusable). One component so every wide table behaves the same.

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
