// Reading live /metrics answers and PromQL expressions with real parsers (the Prometheus text format, lezer-promql).
import { Readable } from 'node:stream';
import { parser } from '@prometheus-io/lezer-promql';
import { getMetricsFromStream, type PromMetric } from 'prom2javascript';

/** One series of a family: a counter's or gauge's `value`, or a histogram's `count` and `sum`. */
export interface Sample {
  labels: Record<string, string>;
  value?: number;
  count?: number;
  sum?: number;
}
export type Family = Omit<PromMetric, 'data'> & { data: Sample[] };

/** The families of a /metrics answer, by name (a counter's with its `_total`). */
export async function scrape(url: string): Promise<Map<string, Family>> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  const families = await getMetricsFromStream(Readable.from([await response.text()]));
  return new Map(Object.entries(families) as [string, Family][]);
}

/** The series of family `name` whose labels include `labels`. */
export function sampleOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}) {
  return families.get(name)?.data.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** Every metric name a PromQL expression selects (its vector selectors), after Grafana's variables are filled in. */
export function metricNamesIn(expr: string): string[] {
  const promql = expr.replace(/\$__rate_interval/g, '5m').replace(/\$\{?(\w+)\}?/g, '.*');
  const tree = parser.parse(promql);
  const names: string[] = [];
  const errors: number[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) names.push(promql.slice(identifier.from, identifier.to));
      }
    },
  });
  if (errors.length) throw new Error(`not valid PromQL at ${errors[0]}: ${promql}`);
  return names;
}

/** The family a selected name belongs to: a histogram's `_bucket`, `_sum` and `_count` series are its own. */
export function familyOf(name: string, families: ReadonlySet<string>): string {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return !families.has(name) && families.has(base) ? base : name;
}
