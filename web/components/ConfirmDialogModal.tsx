import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** A confirmation that states the consequences before a destructive or exposing action. */
export function ConfirmDialogModal(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** Wider for dialogs that carry callouts (user management). */
  size?: "md" | "lg";
}) {
  return (
    <Modal opened={props.opened} onClose={props.onCancel} title={props.title} centered size={props.size ?? "md"}>
      <Stack>
        {props.children}
        {props.error && (
          <Text c="red" size="sm" role="alert">
            {props.error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button color={props.danger ? "red.9" : undefined} loading={props.busy ?? false} onClick={props.onConfirm}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
