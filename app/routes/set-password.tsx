// Sets a password from a one-time link (new or imported accounts, resets).
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { getLucia } from "~/auth/lucia.server";
import { hashPassword } from "~/auth/password.server";
import { mismatch, newPasswordFields, passwordsMatch } from "~/auth/passwords";
import { getDb } from "~/db/client.server";
import { findPasswordToken, usePasswordToken } from "~/people/accounts.server";
import { FormErrorSummary, TextField } from "~/shell/forms";
import { invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

const schema = z
  .object({ token: z.string({ error: "validation.required" }).max(100), ...newPasswordFields })
  .refine(passwordsMatch, mismatch);

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "setPassword.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const found = token.length > 0 && token.length <= 100 ? await findPasswordToken(getDb(), token) : null;
  return { token: found ? token : null, email: found?.email ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, schema);
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["newPassword", "confirmPassword"] }));
  const passwordHash = await hashPassword(submission.value.newPassword);
  const db = getDb();
  const personId = await db.transaction((tx) => usePasswordToken(tx, submission.value.token, passwordHash));
  if (!personId) return invalid(submission.reply({ formErrors: ["setPassword.invalidLink"] }));
  const lucia = getLucia();
  const session = await lucia.createSession(personId, {});
  return redirect("/", { headers: { "Set-Cookie": lucia.createSessionCookie(session.id).serialize() } });
}

export default function SetPassword() {
  const { t } = useTranslation();
  const { token, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  if (!token) {
    return (
      <div className="page page--narrow">
        <h1>{t("setPassword.title")}</h1>
        <div className="notice notice--error" role="alert">
          <p>{t("setPassword.invalidLink")}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t("setPassword.title")}</h1>
      <p>{t("setPassword.intro", { email })}</p>
      <FormErrorSummary errors={form.errors} show={false} />
      <Form method="post" {...getFormProps(form)} className="form card">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="username" value={email ?? ""} autoComplete="username" />
        <TextField meta={fields.newPassword} label={t("account.newPassword")} hint={t("account.newPasswordHint")} type="password" autoComplete="new-password" />
        <TextField meta={fields.confirmPassword} label={t("account.confirmPassword")} type="password" autoComplete="new-password" />
        <div className="button-row">
          <button type="submit" className="button">
            {t("setPassword.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
