import { Badge, Code, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconArrowUp, IconCheck, IconInfoCircle } from "@tabler/icons-react";
import { useId, type CSSProperties } from "react";
import type { Package } from "../../../../contract/organisation.js";
import classes from "./PackagesGrid.module.css";
import { PACKAGE_INFO } from "./package-info.js";

// Enabled tiles run from deep to lighter blue, as in the reference; every shade keeps white text above 4.5:1.
const SHADES = ["#0b3a5c", "#0c4a73", "#1c5782", "#0b5a8c", "#0a5f96", "#0963a0", "#0866a6", "#0869ab"];

function PackageTile({ pkg, shade }: { pkg: Package; shade: string }) {
  const { icon: Icon, about, isNew } = PACKAGE_INFO[pkg.key];
  const enabled = pkg.enabled;
  const aboutId = useId();
  return (
    <Paper
      // Tighter on phones, so two tiles fit side by side.
      p={{ base: "sm", sm: "md" }}
      radius="md"
      bg={enabled ? shade : "var(--od-tile-off-bg)"}
      c={enabled ? "white" : "var(--od-tile-off-fg)"}
      aria-label={`${pkg.label}: ${enabled ? "Enabled" : "Upgrade needed"}${isNew ? ", new" : ""}`}
      role="group"
      className={`${classes.tile} ${pkg.features ? classes.wide : ""}`}
    >
      {isNew && (
        <Badge className={classes.new} size="xs" color="brand.8" variant="filled">
          New!
        </Badge>
      )}
      <Stack gap="xs">
        <Icon size={22} aria-hidden stroke={1.6} />
        <Group gap={6} wrap="nowrap">
          <Text fw={700} size="lg" style={{ whiteSpace: "nowrap" }}>
            {pkg.label}
          </Text>
          <button
            type="button"
            className={classes.info}
            popoverTarget={aboutId}
            aria-label={`About ${pkg.label}`}
            style={{ anchorName: `--${aboutId.replace(/:/g, "")}` } as CSSProperties}
          >
            <IconInfoCircle size={16} aria-hidden />
          </button>
          <div
            id={aboutId}
            popover="auto"
            role="note"
            className={classes.about}
            style={{ positionAnchor: `--${aboutId.replace(/:/g, "")}` } as CSSProperties}
          >
            <strong>{pkg.label}</strong>: {about}
          </div>
        </Group>
        {pkg.features ? (
          <Group gap={6}>
            {pkg.features.map((f) => (
              <Badge
                key={f.key}
                variant="filled"
                color={f.enabled ? "dark.7" : "gray.7"}
                leftSection={f.enabled ? <IconCheck size={12} aria-hidden /> : undefined}
                tt="none"
              >
                {f.label}
                {f.enabled ? "" : " (upgrade needed)"}
              </Badge>
            ))}
          </Group>
        ) : (
          <Badge
            w="fit-content"
            variant={enabled ? "white" : "filled"}
            color={enabled ? "blue.9" : "gray.7"}
            leftSection={enabled ? <IconCheck size={12} aria-hidden /> : <IconArrowUp size={12} aria-hidden />}
            tt="none"
            style={{ overflow: "visible" }}
          >
            {enabled ? "Enabled" : "Upgrade needed"}
          </Badge>
        )}
      </Stack>
    </Paper>
  );
}

export function PackagesGrid({ packages, hash }: { packages: Package[]; hash: string }) {
  // Enabled packages first, as the reference shows them.
  const ordered = [...packages].sort((a, b) => Number(b.enabled) - Number(a.enabled));
  let n = 0;
  return (
    <section aria-labelledby="packages-heading">
      <Title order={2} id="packages-heading" size="h3" c="brand" mb="sm">
        Enabled Packages
      </Title>
      <Group gap="sm" align="stretch" pt={6}>
        {ordered.map((p) => (
          <PackageTile key={p.key} pkg={p} shade={SHADES[p.enabled ? n++ % SHADES.length : 0]!} />
        ))}
      </Group>
      {ordered.some((p) => !p.enabled) && (
        <Text size="sm" c="dimmed" mt="xs">
          Packages are enabled by whoever runs this orgdeck installation (the operator), with{" "}
          <Code>orgdeck org:update --hash {hash} --packages …</Code>. Ask them for the packages you need.
        </Text>
      )}
    </section>
  );
}
