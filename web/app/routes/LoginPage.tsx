import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { AuthLayout } from "../../features/auth/components/AuthLayout.js";
import { LoginForm, type LoginNotice } from "../../features/auth/components/LoginForm.js";
import { endedSessionNotice } from "../../lib/session.js";
import { BrandMark } from "../layout/BrandMark.js";

export function LoginPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const state = (location.state ?? {}) as { from?: string; notice?: string | LoginNotice; email?: string };
  const [notice] = useState<LoginNotice | undefined>(() => {
    if (state.notice && typeof state.notice === "object") return state.notice;
    const text = state.notice ?? endedSessionNotice();
    return text ? { title: "Signed out", text, tone: "info" } : undefined;
  });
  const from =
    state.from && state.from.startsWith("/") && !state.from.startsWith("//") ? state.from : "/organisation/overview";
  return (
    <AuthLayout brand={<BrandMark inverted />} brandOnPhone={<BrandMark />}>
      <LoginForm
        notice={notice}
        initialEmail={state.email ?? ""}
        onDone={() => void navigate(from, { replace: true })}
      />
    </AuthLayout>
  );
}
