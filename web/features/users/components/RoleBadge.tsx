import { Badge } from "@mantine/core";
import { IconEye, IconUser, IconUserShield, IconUserCog } from "@tabler/icons-react";

// Dark enough for WCAG AA on white and on the light table rows.
const STYLE: Record<string, { color: string; label: string; icon: typeof IconUser }> = {
  nanoAdmin: { color: "#a51d1d", label: "Admin", icon: IconUserShield },
  nanoUser: { color: "#1e6b30", label: "User", icon: IconUser },
  nanoReadOnly: { color: "#0b5394", label: "Read Only", icon: IconEye },
};

/** The permission-level chip: built-in roles by their labels, custom roles by their own label. */
export function RoleBadge({ role, label }: { role: string; label?: string | undefined }) {
  const s = STYLE[role] ?? { color: "#5a32a3", label: label ?? role, icon: IconUserCog };
  const Icon = s.icon;
  return (
    <Badge
      variant="outline"
      leftSection={<Icon size={12} aria-hidden />}
      tt="none"
      radius="xl"
      style={{ color: s.color, borderColor: s.color }}
    >
      {s.label}
    </Badge>
  );
}
