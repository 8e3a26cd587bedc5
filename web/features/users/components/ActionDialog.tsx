import { Alert, Button, Group, Modal, Stack } from "@mantine/core";
import { IconAlertCircle, IconAlertTriangle } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** A user-management confirmation: what happens, its consequences, then Cancel or the action. */
export function ActionDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      opened
      onClose={props.onCancel}
      title={props.title}
      centered
      size="lg"
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <Stack>
        {props.children}
        {props.error && (
          <Alert color="red" role="alert">
            {props.error}
          </Alert>
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

/** The reference's callouts: an orange warning or a red "this cannot be undone". */
export function Callout({ tone, children }: { tone: "warning" | "danger"; children: ReactNode }) {
  const Icon = tone === "danger" ? IconAlertCircle : IconAlertTriangle;
  return (
    <Alert
      role="note"
      color={tone === "danger" ? "red" : "orange"}
      variant="light"
      icon={<Icon size={20} aria-hidden />}
      styles={{ message: { overflow: "visible" } }}
    >
      {children}
    </Alert>
  );
}
