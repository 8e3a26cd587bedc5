import "@mantine/charts/styles.css";
import { AreaChart, BarChart } from "@mantine/charts";
import type { UsagePoint } from "../../../../contract/analytics.js";

/**
 * The charts themselves: @mantine/charts over recharts, in their own chunk so only the Analytics page
 * loads them. They are pictures for sighted users; each one's numbers are also a table beside it
 * (ChartFigure), which is what screen readers get.
 */
export interface ChartProps {
  points: Array<UsagePoint & { label: string }>;
}

export function ViewersChart({ points }: ChartProps) {
  return (
    <AreaChart
      h={240}
      data={points}
      dataKey="label"
      series={[
        { name: "peakViewers", label: "Peak concurrent viewers", color: "blue.6" },
        { name: "viewers", label: "Distinct viewers", color: "teal.6" },
      ]}
      curveType="monotone"
      withLegend
      legendProps={{ verticalAlign: "bottom" }}
      tickLine="y"
      gridAxis="y"
      withDots={points.length <= 60}
      fillOpacity={0.25}
      areaChartProps={{ accessibilityLayer: false }}
    />
  );
}

export function MinutesChart({ points }: ChartProps) {
  return (
    <BarChart
      h={240}
      data={points}
      dataKey="label"
      series={[
        { name: "publishedMinutes", label: "Published minutes", color: "blue.6" },
        { name: "viewerMinutes", label: "Viewer minutes", color: "orange.6" },
      ]}
      barChartProps={{ accessibilityLayer: false }}
      withLegend
      legendProps={{ verticalAlign: "bottom" }}
      tickLine="y"
      gridAxis="y"
    />
  );
}
