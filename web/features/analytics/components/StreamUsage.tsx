import { Paper, SimpleGrid, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { DAY_MS, HOUR_MS, LEVEL_RULES, MINUTE_MS } from "../../../../contract/analytics-levels.js";
import type { AnalyticsLevel } from "../../../../contract/organisation.js";
import { QueryState } from "../../../components/QueryState.js";
import { useUsage } from "../api/analytics.js";
import { Tile } from "./UsageTile.js";

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const number = (n: number) => n.toLocaleString("en-US");

/** A stream's own last 24 hours beside its live details (Full and Premium list usage per stream). */
export function StreamUsage({ streamId, level }: { streamId: string; level: AnalyticsLevel }) {
  const [now] = useState(() => floorTo(Date.now(), MINUTE_MS));
  const allowed = LEVEL_RULES[level].breakdowns;
  const usage = useUsage(
    allowed
      ? {
          from: new Date(floorTo(now - DAY_MS, HOUR_MS)).toISOString(),
          to: new Date(now).toISOString(),
          granularity: "hour",
          stream: streamId,
        }
      : null,
  );
  const t = usage.data?.totals;
  return (
    <section aria-labelledby="stream-usage-heading">
      <Title order={2} size="h4" id="stream-usage-heading" mb="sm">
        Last 24 hours
      </Title>
      {!allowed ? (
        <Paper
          radius="md"
          p="md"
          bg="var(--od-tile-off-bg)"
          c="var(--od-tile-off-fg)"
          role="group"
          aria-label="Usage per stream: Upgrade needed (Full Analytics)"
        >
          <Text size="sm">
            Viewers and minutes per stream: <b>Upgrade needed</b> (Full Analytics).{" "}
            <Link to="/analytics">Organisation usage</Link>
          </Text>
        </Paper>
      ) : (
        <QueryState isPending={usage.isPending} error={usage.error} retry={() => void usage.refetch()}>
          {t && (
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              <Tile label="Viewer minutes" value={number(t.viewerMinutes)} />
              <Tile label="Published minutes" value={number(t.publishedMinutes)} />
              <Tile label="Peak viewers" value={number(t.peakViewers)} />
              <Tile label="Distinct viewers" value={number(t.viewers)} hint="most in one hour" />
            </SimpleGrid>
          )}
        </QueryState>
      )}
    </section>
  );
}
