import { Alert, Button, Skeleton, Stack } from "@mantine/core";
import type { ReactNode } from "react";

/** Loading skeleton, error with retry, or the content: the three states every panel has. */
export function QueryState({
  isPending,
  error,
  retry,
  children,
  lines = 3,
}: {
  isPending: boolean;
  error: unknown;
  retry?: () => void;
  children: ReactNode;
  lines?: number;
}) {
  if (isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading">
        {Array.from({ length: lines }, (_, i) => (
          <Skeleton key={i} height={18} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (error) {
    return (
      <Alert color="red" title="Could not load" role="alert">
        {error instanceof Error ? error.message : "Something went wrong"}
        {retry && (
          <div>
            {/* A neutral button: a tinted one inside the tinted alert lost its label in the light theme. */}
            <Button mt="sm" size="xs" variant="default" onClick={retry}>
              Try again
            </Button>
          </div>
        )}
      </Alert>
    );
  }
  return <>{children}</>;
}
