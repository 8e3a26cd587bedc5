import { Badge } from "@mantine/core";
import { IconEye, IconUser, IconUserShield, IconUserCog } from "@tabler/icons-react";

// Per-scheme colours (see theme.ts) that keep WCAG AA on light and dark table rows.
const STYLE: Record<string, { color: string; label: string; icon: typeof IconUser }> = {
  nanoAdmin: { color: "var(--od-role-admin)", label: "Admin", icon: IconUserShield },
  nanoUser: { color: "var(--od-role-user)", label: "User", icon: IconUser },
  nanoReadOnly: { color: "var(--od-role-readonly)", label: "Read Only", icon: IconEye },
};

export function roleLabel(role: string, label?: string): string {
  return STYLE[role]?.label ?? label ?? role;
}

/**
 * The permission-level chip: built-in roles by their labels, custom roles by their own label. A long
 * custom label (up to 60 characters) ends in an ellipsis; the title carries it whole.
 */
export function RoleBadge({ role, label }: { role: string; label?: string | undefined }) {
  const s = STYLE[role] ?? { color: "var(--od-role-custom)", label: label ?? role, icon: IconUserCog };
  const Icon = s.icon;
  return (
    <Badge
      variant="outline"
      leftSection={<Icon size={12} aria-hidden />}
      tt="none"
      radius="xl"
      title={s.label}
      // Built-in labels are short and never shrink to an ellipsis in a narrow column; custom ones keep
      // at least a few letters and stop at 14 rem or the width they are given.
      style={{
        color: s.color,
        borderColor: s.color,
        minWidth: STYLE[role] ? "max-content" : "6rem",
        maxWidth: "min(14rem, 100%)",
      }}
    >
      {s.label}
    </Badge>
  );
}
