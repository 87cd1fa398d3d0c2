import { formatPence } from "../domain/money";

// A horizontal bar chart drawn on the server as SVG: visible without JavaScript, named for
// assistive technology by its <title> and <desc> (role="img"), every bar labelled with its
// value as text, and several series told apart by their names in those labels, not by colour
// alone. Pages show the same figures in a table beside it. Colours are attributes, not inline
// styles, which the Content-Security-Policy forbids.

export interface BarChartProps {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string;
  title: string;
  description: string;
  series: { name: string }[];
  rows: { label: string; values: number[] }[];
  unit: "count" | "money";
}

// GOV.UK blue, dark grey and black: each at least 4.5:1 against the white background.
export const SERIES_COLOURS = ["#1d70b8", "#505a5f", "#0b0c0c"] as const;

const WIDTH = 720;
const LABEL_WIDTH = 230;
const VALUE_SPACE = 170;
const BAR_HEIGHT = 18;
const BAR_GAP = 4;
const GROUP_GAP = 12;
const MAX_LABEL = 32;

export function formatChartValue(value: number, unit: "count" | "money"): string {
  return unit === "money" ? formatPence(value) : value.toLocaleString("en-GB");
}

/** A label that fits beside the bars, cut at a word where there is one. */
function shorten(label: string): string {
  if (label.length <= MAX_LABEL) return label;
  const cut = label.slice(0, MAX_LABEL - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > MAX_LABEL / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function BarChart({ id, title, description, series, rows, unit }: BarChartProps) {
  const many = series.length > 1;
  const max = Math.max(0, ...rows.flatMap((r) => r.values));
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_SPACE;
  const legendHeight = many ? 28 : 0;
  const groupHeight = series.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + GROUP_GAP;
  const height = legendHeight + Math.max(1, rows.length) * groupHeight + 4;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <svg
      className="app-bar-chart"
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      fontFamily="arial, sans-serif"
      fontSize="14"
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      {many
        ? series.map((s, i) => (
            <g key={s.name} transform={`translate(${LABEL_WIDTH + i * 150}, 4)`}>
              <rect width="14" height="14" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} />
              <text x="20" y="12" fill="#0b0c0c">
                {s.name}
              </text>
            </g>
          ))
        : null}
      {rows.map((row, r) => {
        const top = legendHeight + r * groupHeight;
        return (
          <g key={`${row.label}-${r}`} transform={`translate(0, ${top})`}>
            <text x={LABEL_WIDTH - 8} y={(groupHeight - GROUP_GAP) / 2 + 5} textAnchor="end" fill="#0b0c0c">
              {shorten(row.label)}
            </text>
            {series.map((s, i) => {
              const value = row.values[i] ?? 0;
              // A negative figure (a budget overspent) has no bar; its label still says the amount.
              const width = max === 0 || value <= 0 ? 0 : Math.round((value / max) * barSpace * 10) / 10;
              const y = i * (BAR_HEIGHT + BAR_GAP);
              const text = `${many ? `${s.name}: ` : ""}${formatChartValue(value, unit)}`;
              return (
                <g key={s.name}>
                  <rect
                    x={LABEL_WIDTH}
                    y={y}
                    width={width}
                    height={BAR_HEIGHT}
                    fill={SERIES_COLOURS[i % SERIES_COLOURS.length]}
                    data-value={value}
                  />
                  <text x={LABEL_WIDTH + width + 6} y={y + BAR_HEIGHT - 4} fill="#0b0c0c">
                    {text}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
