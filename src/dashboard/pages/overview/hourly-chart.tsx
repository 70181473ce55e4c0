import { jobsListPath } from './count-link';
import { barHeight } from './hour-buckets';
import type { HourCounts } from './overview-data';

// Wide and short: at the page's width the labels come out near their 10px, and the chart stays a glance.
const SLOT = 40;
const BAR = 28;
const TICK_EVERY = 6;
const PLOT = 100;
const TOP = 14;
const BOTTOM = 16;

const clock = (at: Date): string => at.toISOString().slice(11, 16);

/** Failed and timed out: the jobs someone has to look at. */
const failedOf = (hour: HourCounts): number => (hour.counts.closed.failed ?? 0) + (hour.counts.closed.timed_out ?? 0);

/**
 * Jobs started per hour, and how many of those failed or timed out, as bars drawn on the server (colours from
 * dashboard.css: the CSP allows no inline style). Each bar opens the jobs started in its hour.
 */
export function HourlyChart({ hours }: { hours: readonly HourCounts[] }) {
  const max = Math.max(0, ...hours.map((h) => h.counts.total));
  const width = hours.length * SLOT;
  const floor = TOP + PLOT;
  return (
    <figure class="overview-chart">
      <svg
        class="chart"
        viewBox={`0 0 ${width} ${TOP + PLOT + BOTTOM}`}
        role="img"
        aria-label={`Jobs started per hour over the last ${hours.length} hours`}
      >
        <text x={0} y={10}>{`max ${max} per hour`}</text>
        <line class="axis" x1={0} x2={width} y1={floor} y2={floor} />
        {hours.map((hour, n) => {
          const failed = failedOf(hour);
          const x = n * SLOT + (SLOT - BAR) / 2;
          const started = barHeight(hour.counts.total, max, PLOT);
          const failedHeight = barHeight(failed, max, PLOT);
          return (
            <a
              href={jobsListPath({ since: hour.since, until: hour.until })}
              data-hour={hour.since.toISOString()}
              data-started={hour.counts.total}
              data-failed={failed}
            >
              <title>{`${clock(hour.since)}–${clock(hour.until)} UTC: ${hour.counts.total} started, ${failed} failed or timed out`}</title>
              <rect class="bar-slot" x={n * SLOT} y={TOP} width={SLOT} height={PLOT} />
              <rect class="bar-started" x={x} y={floor - started} width={BAR} height={started} />
              <rect class="bar-failed" x={x} y={floor - failedHeight} width={BAR} height={failedHeight} />
            </a>
          );
        })}
        {hours.map(
          (hour, n) =>
            n % TICK_EVERY === 0 && (
              <text x={n * SLOT} y={floor + 12}>
                {clock(hour.since)}
              </text>
            ),
        )}
        <text x={width} y={floor + 12} text-anchor="end">
          now
        </text>
      </svg>
      <figcaption class="legend">
        <span class="swatch swatch-started" /> started <span class="swatch swatch-failed" /> failed or timed out (times
        in UTC; each bar opens the jobs started in its hour)
      </figcaption>
    </figure>
  );
}
