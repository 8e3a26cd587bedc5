import { Alert } from "@mantine/core";
import { IconAlertCircle, IconAlertTriangle } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { ConfirmDialogModal } from "../../../components/ConfirmDialogModal.js";

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
  return <ConfirmDialogModal opened size="lg" {...props} />;
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
