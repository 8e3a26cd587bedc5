import { Badge } from "@mantine/core";
import { IconEye, IconUser, IconUserShield, IconUserCog } from "@tabler/icons-react";

// Per-scheme colours (see theme.ts) that keep WCAG AA on light and dark table rows.
const STYLE: Record<string, { color: string; label: string; icon: typeof IconUser }> = {
  nanoAdmin: { color: "var(--od-role-admin)", label: "Admin", icon: IconUserShield },
  nanoUser: { color: "var(--od-role-user)", label: "User", icon: IconUser },
  nanoReadOnly: { color: "var(--od-role-readonly)", label: "Read Only", icon: IconEye },
};

/** The permission-level chip: built-in roles by their labels, custom roles by their own label. */
export function RoleBadge({ role, label }: { role: string; label?: string | undefined }) {
  const s = STYLE[role] ?? { color: "var(--od-role-custom)", label: label ?? role, icon: IconUserCog };
  const Icon = s.icon;
  return (
    <Badge
      variant="outline"
      leftSection={<Icon size={12} aria-hidden />}
      tt="none"
      radius="xl"
      // max-content: in a narrow table column the chip would otherwise shrink to an ellipsis.
      style={{ color: s.color, borderColor: s.color, minWidth: "max-content" }}
    >
      {s.label}
    </Badge>
  );
}
