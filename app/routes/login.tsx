// Sign-in page. Throttled per account and per address; the message never reveals whether an
// account exists.
import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getViewer, readSessionId } from "~/auth/access.server";
import { getLucia } from "~/auth/lucia.server";
import { listProviders, passwordSignInBlocked } from "~/auth/oidc.server";
import { signIn, signInForm, throttleLimits } from "~/auth/sign-in.server";
import { getDatabase, getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { authorityExists } from "~/org/authorities.server";
import { demoAuthority, demoPassword } from "~/seed/demo.server";
import { FormErrorSummary, Notice, TextField } from "~/shell/forms";
import { invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";
import { safeRedirect } from "~/shell/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const url = new URL(request.url);
  if (viewer) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  // The demo hint only where the demo authority exists (embedded demo or SEED_DEMO=1).
  const database = getDatabase();
  const demo = await authorityExists(getDb(), demoAuthority.slug);
  // Directory sign-in: one button per authority with a provider (no network call here).
  const providers = await listProviders(getDb());
  const sso = providers.map((p) => ({ slug: p.authoritySlug, name: p.authorityName, passwordOff: p.passwordSignInOff }));
  return { demo: demo ? { email: "anna.schmidt@musterstadt.example", password: demoPassword } : null, kind: database.kind, sso };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, signInForm);
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password"] }));
  const env = getEnv();
  const result = await signIn(
    getDb(),
    { email: submission.value.email, password: submission.value.password, address: context.clientAddress },
    throttleLimits(env),
  );
  if (!result.ok) {
    const message = result.reason === "throttled" ? `login.throttled|${JSON.stringify({ minutes: env.LOGIN_WINDOW_MINUTES })}` : "login.invalid";
    return data(
      { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: result.reason === "throttled" ? 429 : 401 },
    );
  }
  // Password sign-in switched off for the authority: only admins keep it (break-glass).
  if (await passwordSignInBlocked(getDb(), result.personId)) {
    return data({ result: submission.reply({ formErrors: ["sso.passwordOff"], hideFields: ["password"] }) }, { status: 403 });
  }
  const lucia = getLucia();
  // A new session id at every sign-in (no session fixation); a previous session is ended.
  const previous = readSessionId(request);
  if (previous) await lucia.invalidateSession(previous);
  const session = await lucia.createSession(result.personId, {});
  return redirect(safeRedirect(submission.value.redirectTo), {
    headers: { "Set-Cookie": lucia.createSessionCookie(session.id).serialize() },
  });
}

export default function Login() {
  const { t } = useTranslation();
  const { demo, sso } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    // No validation in the browser: two fields do not justify shipping zod to the first page
    // anyone loads (the JavaScript budget in tests/client-bundle.test.ts); the action answers
    // with the same field messages (signInForm in ~/auth/sign-in.server).
    shouldValidate: "onSubmit",
  });
  return (
    <div className="page page--narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {params.get("signedOut") ? <Notice>{t("login.signedOut")}</Notice> : null}
      {params.get("sso") === "unavailable" ? (
        <Notice tone="warn">{t("sso.unavailable", { password: sso.every((p) => p.passwordOff) ? "" : t("sso.unavailablePassword") })}</Notice>
      ) : null}
      {sso.length > 0 ? (
        <div className="button-row">
          {sso.map((p) => (
            <a
              key={p.slug}
              className="button"
              href={`/auth/oidc?authority=${encodeURIComponent(p.slug)}&redirectTo=${encodeURIComponent(params.get("redirectTo") ?? "/")}`}
            >
              {sso.length === 1 ? t("sso.button") : t("sso.buttonFor", { authority: p.name })}
            </a>
          ))}
        </div>
      ) : null}
      {sso.length > 0 ? <p className="muted">{sso.length === 1 && sso[0]!.passwordOff ? t("sso.passwordOffHint") : t("sso.or")}</p> : null}
      <FormErrorSummary errors={form.errors} show={false} />
      <Form method="post" {...getFormProps(form)} className="form card">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField meta={fields.email} label={t("login.email")} type="email" autoComplete="username" />
        <TextField meta={fields.password} label={t("login.password")} type="password" autoComplete="current-password" />
        <div className="button-row">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("login.submit")}
          </button>
        </div>
      </Form>
      {demo ? (
        <p className="muted small">{t("login.demoHint", { email: demo.email, password: demo.password })}</p>
      ) : null}
    </div>
  );
}
