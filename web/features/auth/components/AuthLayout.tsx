import { Box, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import classes from "./AuthLayout.module.css";

/**
 * The sign-in and sign-up frame of the reference: the form on a light half, a dark brand panel with
 * the product's promise on the other. Phones get the form only, under the brand mark.
 */
export function AuthLayout({
  brand,
  brandOnPhone,
  panelSide = "right",
  children,
}: {
  brand: ReactNode;
  brandOnPhone: ReactNode;
  panelSide?: "left" | "right";
  children: ReactNode;
}) {
  const panel = (
    <Box className={classes.panel} visibleFrom="md">
      <Stack align="center" gap="lg" maw={420} px="xl">
        {brand}
        <Text className={classes.promise} c="white" ta="center" fw={900}>
          Real-time video that simply works
        </Text>
        <Text c="gray.3" ta="center">
          Your organisation&apos;s streams, team, API access and webhooks in one place, on your own server.
        </Text>
      </Stack>
    </Box>
  );
  return (
    <main className={classes.frame}>
      {panelSide === "left" && panel}
      <div className={classes.content}>
        <Stack w="100%" maw={440} gap="lg">
          <Box hiddenFrom="md">{brandOnPhone}</Box>
          {children}
        </Stack>
      </div>
      {panelSide === "right" && panel}
    </main>
  );
}
