// "My account": own details, language, and changing the password (which ends other sessions).
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requireUser } from "~/auth/access.server";
import { getLucia } from "~/auth/lucia.server";
import { hashPassword } from "~/auth/password.server";
import { throttleLimits, verifyCurrentPassword } from "~/auth/sign-in.server";
import { getEnv } from "~/env.server";
import { mismatch, newPasswordFields, passwordsMatch } from "~/auth/passwords";
import { getDb } from "~/db/client.server";
import { unitName } from "~/org/units.server";
import { changePassword } from "~/people/accounts.server";
import { FormErrorSummary, Notice, TextField } from "~/shell/forms";
import { invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

const schema = z
  .object({ currentPassword: z.string({ error: "validation.required" }).max(200), ...newPasswordFields })
  .refine(passwordsMatch, mismatch);

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const unit = await unitName(getDb(), viewer.unitId);
  return {
    name: `${viewer.givenName} ${viewer.familyName}`,
    email: viewer.email,
    unit,
    roles: viewer.roles,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const { submission } = await parseForm(request, schema);
  const hide = { hideFields: ["currentPassword", "newPassword", "confirmPassword"] };
  if (submission.status !== "success") return invalid(submission.reply(hide));
  const db = getDb();
  const env = getEnv();
  const check = await verifyCurrentPassword(
    db,
    { personId: viewer.id, email: viewer.email, password: submission.value.currentPassword, address: context.clientAddress },
    throttleLimits(env),
  );
  if (check === "throttled") {
    const message = `login.throttled|${JSON.stringify({ minutes: env.LOGIN_WINDOW_MINUTES })}`;
    return data({ result: submission.reply({ formErrors: [message], ...hide }) }, { status: 429 });
  }
  if (check === "invalid") {
    return invalid(submission.reply({ fieldErrors: { currentPassword: ["validation.currentPasswordWrong"] }, ...hide }));
  }
  const passwordHash = await hashPassword(submission.value.newPassword);
  const lucia = getLucia();
  await db.transaction((tx) => changePassword(tx, viewer.id, passwordHash));
  // End every session of the person, then open a fresh one for this browser.
  await lucia.invalidateUserSessions(viewer.id);
  const session = await lucia.createSession(viewer.id, {});
  return redirect("/account?changed=1", { headers: { "Set-Cookie": lucia.createSessionCookie(session.id).serialize() } });
}

export default function Account() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <div className="page">
      <h1>{t("account.title")}</h1>
      {params.get("changed") ? <Notice>{t("account.passwordChanged")}</Notice> : null}
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t("account.details")}</h2>
        <dl>
          <dt className="label">{t("account.name")}</dt>
          <dd>{data.name}</dd>
          <dt className="label">{t("account.email")}</dt>
          <dd>{data.email}</dd>
          <dt className="label">{t("account.unit")}</dt>
          <dd>{data.unit ?? t("common.none")}</dd>
          <dt className="label">{t("account.roles")}</dt>
          <dd>{data.roles.map((role) => t(`roles.${role}`)).join(", ")}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">{t("personalData.title")}</h2>
        <p>
          <a href="/account/data">{t("personalData.link")}</a>
        </p>
      </section>
      <section className="card" aria-labelledby="xapi-heading">
        <h2 id="xapi-heading">{t("badges.xapi.title")}</h2>
        <p>{t("badges.xapi.text")}</p>
        <p>
          <a href="/account/xapi.json" download>
            {t("badges.xapi.download")}
          </a>
        </p>
      </section>
      <section className="card" aria-labelledby="language-heading">
        <h2 id="language-heading">{t("language.label")}</h2>
        <p>{t("account.languageIntro")}</p>
        <div className="button-row">
          {(["de", "en"] as const).map((lang) => (
            <Form method="post" action="/settings/language" key={lang}>
              <input type="hidden" name="lang" value={lang} />
              <input type="hidden" name="redirectTo" value={location.pathname} />
              <button type="submit" className="button button--secondary" lang={lang}>
                {t(`language.${lang}`)}
              </button>
            </Form>
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("account.passwordTitle")}</h2>
        <p>{t("account.passwordIntro")}</p>
        <FormErrorSummary errors={form.errors} show={false} />
        <Form method="post" {...getFormProps(form)} className="form">
          <input type="hidden" name="username" value={data.email} autoComplete="username" />
          <TextField meta={fields.currentPassword} label={t("account.currentPassword")} type="password" autoComplete="current-password" />
          <TextField meta={fields.newPassword} label={t("account.newPassword")} hint={t("account.newPasswordHint")} type="password" autoComplete="new-password" />
          <TextField meta={fields.confirmPassword} label={t("account.confirmPassword")} type="password" autoComplete="new-password" />
          <button type="submit" className="button">
            {t("account.changePassword")}
          </button>
        </Form>
      </section>
      <p>
        <a href="/account/mail">{t("mail.choices.link")}</a>
      </p>
    </div>
  );
}
