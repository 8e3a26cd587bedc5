import { CloseButton, Group, Text } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";

/**
 * The confirmation after a user-management action. The status region is always rendered, so screen
 * readers announce the message when it appears (the app has no toast provider).
 */
export function StatusNotice({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  return (
    <Group
      wrap="nowrap"
      align="flex-start"
      gap="xs"
      p={message ? "sm" : 0}
      style={message ? { border: "1px solid var(--od-success)", borderRadius: "var(--mantine-radius-md)" } : undefined}
    >
      {message && <IconCircleCheck size={20} color="var(--od-success)" aria-hidden style={{ flexShrink: 0 }} />}
      <div role="status" style={{ flex: 1, minWidth: 0 }}>
        {message && (
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {message}
          </Text>
        )}
      </div>
      {message && <CloseButton size="sm" aria-label="Dismiss message" onClick={onDismiss} />}
    </Group>
  );
}
