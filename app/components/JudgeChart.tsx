// A strip plot of each judge's scores (weighted percents) on one 0–100 axis, drawn on the server
// as SVG so that it needs no JavaScript. Each judge is a row: a dot per entry they scored, a line
// from their lowest to their highest score and a bar at their mean, with the round's mean as a
// dashed line across all rows. A harsh judge's dots sit left of the dashed line, a lenient one's
// right. The same figures are in the table the page shows next to it, for people who cannot see it.

export interface JudgeChartRow {
  judgeId: number;
  name: string;
  percents: number[];
  mean: number | null;
}

const LEFT = 180;
const RIGHT = 20;
const WIDTH = 720;
const ROW = 34;
const TOP = 16;
const AXIS = 36;

function x(percent: number): number {
  const clamped = Math.max(0, Math.min(100, percent));
  return LEFT + ((WIDTH - LEFT - RIGHT) * clamped) / 100;
}

function shortName(name: string): string {
  return name.length > 24 ? `${name.slice(0, 23)}…` : name;
}

export function JudgeChart({
  rows,
  overallMean,
  id = "judge-chart",
}: {
  rows: JudgeChartRow[];
  overallMean: number | null;
  id?: string;
}) {
  const height = TOP + rows.length * ROW + AXIS;
  const summary = rows
    .map((r) =>
      r.mean === null
        ? `${r.name}: no scores`
        : `${r.name}: ${r.percents.length} scores from ${Math.min(...r.percents).toFixed(0)} to ${Math.max(...r.percents).toFixed(0)}, mean ${r.mean.toFixed(1)}`,
    )
    .join("; ");
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      className="app-judge-chart"
      focusable="false"
    >
      <title id={`${id}-title`}>Each judge&apos;s scores as a percentage of the maximum</title>
      <desc id={`${id}-desc`}>
        {overallMean === null ? "No scores yet." : `The round's mean is ${overallMean.toFixed(1)}. ${summary}.`}
      </desc>
      {[0, 25, 50, 75, 100].map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={TOP - 6} y2={TOP + rows.length * ROW} stroke="#b1b4b6" strokeWidth={1} />
          <text x={x(tick)} y={TOP + rows.length * ROW + 18} textAnchor="middle" fontSize={13} fill="#0b0c0c">
            {tick}
          </text>
        </g>
      ))}
      <text x={(LEFT + WIDTH - RIGHT) / 2} y={height - 2} textAnchor="middle" fontSize={13} fill="#0b0c0c">
        Weighted score (% of maximum)
      </text>
      {overallMean !== null ? (
        <line
          x1={x(overallMean)}
          x2={x(overallMean)}
          y1={TOP - 8}
          y2={TOP + rows.length * ROW}
          stroke="#0b0c0c"
          strokeWidth={2}
          strokeDasharray="6 4"
        />
      ) : null}
      {rows.map((r, i) => {
        const y = TOP + i * ROW + ROW / 2;
        const low = r.percents.length ? Math.min(...r.percents) : null;
        const high = r.percents.length ? Math.max(...r.percents) : null;
        return (
          <g key={r.judgeId}>
            <text x={LEFT - 10} y={y + 5} textAnchor="end" fontSize={14} fill="#0b0c0c">
              {shortName(r.name)}
            </text>
            {low !== null && high !== null ? (
              <line x1={x(low)} x2={x(high)} y1={y} y2={y} stroke="#505a5f" strokeWidth={2} />
            ) : null}
            {r.percents.map((p, j) => (
              <circle
                key={j}
                cx={x(p)}
                cy={y}
                r={5}
                fill="#1d70b8"
                fillOpacity={0.7}
                stroke="#003078"
                strokeWidth={1}
              />
            ))}
            {r.mean !== null ? <rect x={x(r.mean) - 2} y={y - 11} width={4} height={22} fill="#d4351c" /> : null}
          </g>
        );
      })}
    </svg>
  );
}
