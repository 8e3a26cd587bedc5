import { useState } from "react";
import { useNavigate } from "react-router";
import { AuthLayout } from "../../features/auth/components/AuthLayout.js";
import { SetupForm } from "../../features/auth/components/SetupForm.js";
import { BrandMark } from "../layout/BrandMark.js";

export function SetupPage() {
  const navigate = useNavigate();
  // The token travels in the fragment, which browsers never send to the server.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "");
  return (
    <AuthLayout brand={<BrandMark inverted />} brandOnPhone={<BrandMark />} panelSide="left">
      <SetupForm token={token} onDone={() => void navigate("/organisation/overview", { replace: true })} />
    </AuthLayout>
  );
}
