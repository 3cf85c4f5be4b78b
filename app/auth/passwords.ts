// Password rules shared by the set-password and change-password forms.
import * as z from "zod";

export const newPasswordFields = {
  newPassword: z
    .string({ error: "validation.required" })
    .min(12, "validation.passwordTooShort")
    .max(200, "validation.passwordTooLong"),
  confirmPassword: z.string({ error: "validation.required" }),
};

export function passwordsMatch(value: { newPassword: string; confirmPassword: string }) {
  return value.newPassword === value.confirmPassword;
}
export const mismatch = { message: "validation.passwordMismatch", path: ["confirmPassword"] };
