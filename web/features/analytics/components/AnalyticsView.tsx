import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { IconArrowUp, IconDownload } from "@tabler/icons-react";
import { lazy, Suspense, useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { DAY_MS, LEVEL_RULES, MINUTE_MS, type Granularity } from "../../../../contract/analytics-levels.js";
import type { UsagePoint, UsageResponse } from "../../../../contract/analytics.js";
import type { AnalyticsLevel } from "../../../../contract/organisation.js";
import { QueryState } from "../../../components/QueryState.js";
import { ScrollRegion } from "../../../components/ScrollRegion.js";
import table from "../../../components/plain-table.module.css";
import { errorMessage } from "../../../lib/api.js";
import { formatBytes } from "../../../lib/format.js";
import { downloadUsageCsv, useLiveAnalytics, useUsage, type UsageParams } from "../api/analytics.js";
import { Tile } from "./UsageTile.js";

// The charts (and recharts under them) are a chunk of their own, fetched only when a chart is shown.
const ViewersChart = lazy(async () => ({ default: (await import("./UsageCharts.js")).ViewersChart }));
const MinutesChart = lazy(async () => ({ default: (await import("./UsageCharts.js")).MinutesChart }));

const RANGES = [
  { value: "24h", label: "24 h", ms: DAY_MS },
  { value: "7d", label: "7 d", ms: 7 * DAY_MS },
  { value: "30d", label: "30 d", ms: 30 * DAY_MS },
  { value: "90d", label: "90 d", ms: 90 * DAY_MS },
  { value: "custom", label: "Custom", ms: 0 },
] as const;
type RangeKey = (typeof RANGES)[number]["value"];

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const oldestFor = (level: AnalyticsLevel, now: number) => floorTo(now - LEVEL_RULES[level].reachMs, DAY_MS);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const number = (n: number) => n.toLocaleString("en-US");

/** `01-15 14:00` (hours), `01-15` (days), `14:05` (minutes): UTC, short enough for an axis. */
function bucketLabel(iso: string, g: Granularity): string {
  if (g === "day") return iso.slice(5, 10);
  if (g === "hour") return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(11, 16);
}

/** What each level adds over the one below, for the "Upgrade needed" tiles. */
const ADDS: Array<{ level: AnalyticsLevel; label: string }> = [
  { level: "full", label: "Hourly usage" },
  { level: "full", label: "Usage per stream and per tag" },
  { level: "full", label: "90 days of history" },
  { level: "premium", label: "Per-minute usage (last 48 h)" },
  { level: "premium", label: "13 months of history" },
  { level: "premium", label: "CSV export" },
];
const WORDS: Record<Granularity, string> = { minute: "per-minute", hour: "hourly", day: "daily" };
const RANK: Record<AnalyticsLevel, number> = { basic: 0, full: 1, premium: 2 };

function LiveNow() {
  const live = useLiveAnalytics();
  return (
    <section aria-labelledby="live-now-heading">
      <Title order={2} size="h3" id="live-now-heading" c="brand" mb="sm">
        Live now
      </Title>
      <QueryState isPending={live.isPending} error={live.error} retry={() => void live.refetch()}>
        {live.data && (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
              <Tile label="Live streams" value={number(live.data.liveStreams)} />
              <Tile label="Viewers" value={number(live.data.viewers)} hint="RTMP players and HLS viewers" />
              <Tile label="Media servers in use" value={number(live.data.byNode.length)} />
            </SimpleGrid>
            {live.data.top.length > 0 && (
              <ScrollRegion label="Most watched live streams" minWidth={320}>
                <table className={table.table} aria-label="Most watched live streams">
                  <thead>
                    <tr>
                      <th>Stream</th>
                      <th>Viewers now</th>
                    </tr>
                  </thead>
                  <tbody>
                    {live.data.top.map((t) => (
                      <tr key={t.streamId}>
                        <td style={{ fontFamily: "var(--mantine-font-family-monospace)", overflowWrap: "anywhere" }}>
                          <Link to={`/streams/${t.streamId}`}>{t.name}</Link>
                        </td>
                        <td>{number(t.viewers)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
          </Stack>
        )}
      </QueryState>
    </section>
  );
}

/**
 * A chart and its numbers: the picture is hidden from screen readers, which read the table instead;
 * "Show table" puts the same table on screen for everyone.
 */
function ChartFigure({
  title,
  points,
  granularity,
  columns,
  chart,
}: {
  title: string;
  points: UsagePoint[];
  granularity: Granularity;
  columns: Array<{ key: keyof Omit<UsagePoint, "t">; label: string }>;
  chart: (points: Array<UsagePoint & { label: string }>) => ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  const labelled = useMemo(
    () => points.map((p) => ({ ...p, label: bucketLabel(p.t, granularity) })),
    [points, granularity],
  );
  const rows = (
    <table className={`${table.table} ${table.compact}`} aria-labelledby={`${id}-title`}>
      <thead>
        <tr>
          <th>{granularity === "day" ? "Day (UTC)" : "Time (UTC)"}</th>
          {columns.map((c) => (
            <th key={c.key}>{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labelled.map((p) => (
          <tr key={p.t}>
            <td style={{ whiteSpace: "nowrap" }}>{p.label}</td>
            {columns.map((c) => (
              <td key={c.key}>{number(p[c.key])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Paper withBorder radius="md" p="md" component="figure" m={0} aria-labelledby={`${id}-title`}>
      <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
        <Title order={3} size="h5" id={`${id}-title`}>
          {title}
        </Title>
        <Button size="compact-xs" variant="default" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>
          {asTable ? "Show chart" : "Show table"}
        </Button>
      </Group>
      {asTable ? (
        <ScrollRegion label={`${title} table`} minWidth={360}>
          {rows}
        </ScrollRegion>
      ) : (
        <>
          <div aria-hidden="true" inert data-testid="chart">
            <Suspense fallback={<div style={{ height: 240 }} />}>{chart(labelled)}</Suspense>
          </div>
          <VisuallyHidden>{rows}</VisuallyHidden>
        </>
      )}
    </Paper>
  );
}

function GroupsTable({
  title,
  data,
  kind,
}: {
  title: string;
  data: UsageResponse | undefined;
  kind: "stream" | "tag";
}) {
  const groups = data?.groups ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="sm" id={`top-${kind}s`}>
        {title}
      </Title>
      {groups.length === 0 ? (
        <Text size="sm" c="dimmed">
          No usage in this range.
        </Text>
      ) : (
        <ScrollRegion label={`${title} table`} minWidth={420}>
          <table className={`${table.table} ${table.compact}`} aria-labelledby={`top-${kind}s`}>
            <thead>
              <tr>
                <th>{kind === "stream" ? "Stream" : "Tag"}</th>
                <th>Viewer minutes</th>
                <th>Peak viewers</th>
                <th>Published minutes</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <td style={{ overflowWrap: "anywhere" }}>
                    {kind === "stream" ? (
                      <Link to={`/streams/${g.key}`} style={{ fontFamily: "var(--mantine-font-family-monospace)" }}>
                        {g.name}
                      </Link>
                    ) : (
                      <Link to={`/streams?tag=${encodeURIComponent(g.key)}`}>{g.name}</Link>
                    )}
                  </td>
                  <td>{number(g.totals.viewerMinutes)}</td>
                  <td>{number(g.totals.peakViewers)}</td>
                  <td>{number(g.totals.publishedMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </Paper>
  );
}

function UpgradeTiles({ level }: { level: AnalyticsLevel }) {
  const missing = ADDS.filter((a) => RANK[a.level] > RANK[level]);
  if (missing.length === 0) return null;
  return (
    <section aria-labelledby="analytics-upgrade-heading">
      <Title order={2} size="h3" id="analytics-upgrade-heading" c="brand" mb="sm">
        More with a higher level
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        {missing.map((a) => (
          <Paper
            key={a.label}
            radius="md"
            p="md"
            bg="var(--od-tile-off-bg)"
            c="var(--od-tile-off-fg)"
            role="group"
            aria-label={`${a.label}: Upgrade needed (${LEVEL_RULES[a.level].label} Analytics)`}
          >
            <Text fw={700}>{a.label}</Text>
            <Group gap={4} mt={4}>
              <IconArrowUp size={14} aria-hidden />
              <Text size="sm">Upgrade needed</Text>
              <Text size="xs">· {LEVEL_RULES[a.level].label} Analytics</Text>
            </Group>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}

/** The range the picker stands for: [from, to) and the granularity it is charted at. */
function useRange(level: AnalyticsLevel) {
  const [range, setRange] = useState<RangeKey>(level === "basic" ? "7d" : "24h");
  const [custom, setCustom] = useState<{ from: string; to: string }>(() => {
    const now = Date.now();
    return { from: day(now - 6 * DAY_MS), to: day(now) };
  });
  // "Now" moves on every minute, so the last bucket keeps filling without a reload.
  const [now, setNow] = useState(() => floorTo(Date.now(), MINUTE_MS));
  useEffect(() => {
    const t = setInterval(() => setNow(floorTo(Date.now(), MINUTE_MS)), MINUTE_MS);
    return () => clearInterval(t);
  }, []);
  const oldest = oldestFor(level, now);
  let error: string | null = null;
  let from: number;
  let to: number;
  if (range === "custom") {
    from = Date.parse(`${custom.from}T00:00:00Z`);
    to = Date.parse(`${custom.to}T00:00:00Z`) + DAY_MS;
    if (!Number.isFinite(from) || !Number.isFinite(to)) error = "Enter both days as YYYY-MM-DD.";
    else if (from >= to) error = "The first day must not be after the last.";
    else if (from < oldest)
      error = `${LEVEL_RULES[level].label} Analytics reaches back ${LEVEL_RULES[level].reachLabel} (to ${day(oldest)}).`;
    to = Math.min(to, now);
  } else {
    to = now;
    from = Math.max(now - RANGES.find((r) => r.value === range)!.ms, oldest);
  }
  const granularity: Granularity = level !== "basic" && to - from <= 2 * DAY_MS ? "hour" : "day";
  const params: UsageParams | null = error
    ? null
    : { from: new Date(from).toISOString(), to: new Date(to).toISOString(), granularity };
  const options = RANGES.map((r) => {
    const disabled = r.value === "custom" ? false : now - r.ms < oldest;
    return {
      value: r.value,
      label: r.label,
      disabled,
    };
  });
  return { range, setRange, custom, setCustom, params, error, options, oldest };
}

export function AnalyticsView({ level }: { level: AnalyticsLevel }) {
  const rules = LEVEL_RULES[level];
  const r = useRange(level);
  const usage = useUsage(r.params);
  const byStream = useUsage(rules.breakdowns && r.params ? { ...r.params, groupBy: "stream" } : null);
  const byTag = useUsage(rules.breakdowns && r.params ? { ...r.params, groupBy: "tag" } : null);
  const [csvError, setCsvError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const totals = usage.data?.totals;
  const g = usage.data?.granularity ?? r.params?.granularity ?? "day";

  return (
    <Stack gap="lg">
      <LiveNow />

      <section aria-labelledby="usage-heading">
        <Group justify="space-between" mb="sm" gap="sm">
          <Title order={2} size="h3" id="usage-heading" c="brand">
            Usage
          </Title>
          <Group gap="sm">
            <SegmentedControl
              aria-label="Range"
              size="xs"
              value={r.range}
              onChange={(v) => r.setRange(v as RangeKey)}
              data={r.options}
            />
            {rules.csv ? (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconDownload size={14} aria-hidden />}
                loading={downloading}
                disabled={!r.params}
                onClick={() => {
                  if (!r.params) return;
                  setCsvError(null);
                  setDownloading(true);
                  downloadUsageCsv(r.params)
                    .catch((err: unknown) => setCsvError(errorMessage(err)))
                    .finally(() => setDownloading(false));
                }}
              >
                Download CSV
              </Button>
            ) : (
              <Badge variant="light" color="gray" tt="none" leftSection={<IconArrowUp size={12} aria-hidden />}>
                CSV export: Upgrade needed
              </Badge>
            )}
          </Group>
        </Group>
        {r.options.some((o) => o.disabled) && (
          <Text size="xs" mb="xs">
            Ranges beyond {LEVEL_RULES[level].reachLabel}: <b>Upgrade needed</b>
          </Text>
        )}
        {r.range === "custom" && (
          <Group gap="sm" mb="sm" align="flex-start">
            <TextInput
              type="date"
              label="First day (UTC)"
              value={r.custom.from}
              min={day(r.oldest)}
              onChange={(e) => r.setCustom({ ...r.custom, from: e.currentTarget.value })}
              size="xs"
            />
            <TextInput
              type="date"
              label="Last day (UTC)"
              value={r.custom.to}
              onChange={(e) => r.setCustom({ ...r.custom, to: e.currentTarget.value })}
              size="xs"
            />
          </Group>
        )}
        {r.error && (
          <Alert color="red" role="alert" mb="sm">
            {r.error}
          </Alert>
        )}
        {csvError && (
          <Alert color="red" role="alert" mb="sm">
            {csvError}
          </Alert>
        )}
        <Text size="xs" c="dimmed" mb="sm">
          {rules.label} Analytics: {rules.granularities.map((x) => WORDS[x]).join(", ")} figures, {rules.reachLabel}{" "}
          back
          {rules.breakdowns ? ", per stream and per tag" : ", for the whole organisation"}. Times in UTC.
        </Text>
        {r.params && (
          <QueryState isPending={usage.isPending} error={usage.error} retry={() => void usage.refetch()} lines={6}>
            {usage.data && totals && (
              <Stack gap="md">
                <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
                  <Tile label="Viewer minutes" value={number(totals.viewerMinutes)} />
                  <Tile label="Published minutes" value={number(totals.publishedMinutes)} />
                  <Tile label="Peak concurrent viewers" value={number(totals.peakViewers)} />
                  <Tile
                    label="Data sent"
                    value={formatBytes(totals.bytesOut)}
                    hint="where the media server reports it"
                  />
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                  <ChartFigure
                    title="Viewers over time"
                    points={usage.data.series}
                    granularity={g}
                    columns={[
                      { key: "peakViewers", label: "Peak concurrent" },
                      { key: "viewers", label: "Distinct" },
                    ]}
                    chart={(points) => <ViewersChart points={points} />}
                  />
                  <ChartFigure
                    title={`Minutes per ${g}`}
                    points={usage.data.series}
                    granularity={g}
                    columns={[
                      { key: "publishedMinutes", label: "Published" },
                      { key: "viewerMinutes", label: "Watched" },
                    ]}
                    chart={(points) => <MinutesChart points={points} />}
                  />
                </SimpleGrid>
              </Stack>
            )}
          </QueryState>
        )}
      </section>

      {rules.breakdowns && r.params && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <QueryState isPending={byStream.isPending} error={byStream.error}>
            <GroupsTable title="Top streams" data={byStream.data} kind="stream" />
          </QueryState>
          <QueryState isPending={byTag.isPending} error={byTag.error}>
            <GroupsTable title="Top tags" data={byTag.data} kind="tag" />
          </QueryState>
        </SimpleGrid>
      )}

      <UpgradeTiles level={level} />
    </Stack>
  );
}
