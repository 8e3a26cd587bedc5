import { useNavigate, useParams } from "react-router";
import { AuthLayout } from "../../features/auth/components/AuthLayout.js";
import { ResetPasswordForm } from "../../features/password-reset/components/ResetPasswordForm.js";
import { BrandMark } from "../layout/BrandMark.js";

export function ResetPasswordPage() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const done = (email: string) =>
    void navigate("/login", {
      replace: true,
      state: {
        email,
        notice: {
          title: "New password set",
          text: "Sign in with your new password. Every other session of this account has ended.",
          tone: "success",
        },
      },
    });
  return (
    <AuthLayout brand={<BrandMark inverted />} brandOnPhone={<BrandMark />}>
      <ResetPasswordForm token={token} onDone={done} />
    </AuthLayout>
  );
}
