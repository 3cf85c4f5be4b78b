// Sign-in page. Throttled per account and per address; the message never reveals whether an
// account exists.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getViewer, readSessionId } from "~/auth/access.server";
import { getLucia } from "~/auth/lucia.server";
import { signIn } from "~/auth/sign-in.server";
import { getDatabase, getDb } from "~/db/client.server";
import { authorities } from "~/db/schema";
import { getEnv } from "~/env.server";
import { demoAuthority, demoPassword } from "~/seed/demo-data";
import { FormErrorSummary, Notice, TextField } from "~/shell/forms";
import { invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";
import { safeRedirect } from "~/shell/safe-redirect";
import { eq } from "drizzle-orm";

const schema = z.object({
  email: z.email({ error: (issue) => (issue.input === undefined ? "validation.required" : "validation.emailInvalid") }).max(254, "validation.emailInvalid"),
  password: z.string({ error: "validation.required" }).max(200, "validation.passwordTooLong"),
  redirectTo: z.string().optional(),
});

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const url = new URL(request.url);
  if (viewer) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  // The demo hint only where the demo authority exists (embedded demo or SEED_DEMO=1).
  const database = getDatabase();
  const demo = (await getDb().select({ id: authorities.id }).from(authorities).where(eq(authorities.slug, demoAuthority.slug))).length > 0;
  return { demo: demo ? { email: "anna.schmidt@musterstadt.example", password: demoPassword } : null, kind: database.kind };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, schema);
  if (submission.status !== "success") return invalid(submission.reply({ hideFields: ["password"] }));
  const env = getEnv();
  const result = await signIn(
    getDb(),
    { email: submission.value.email, password: submission.value.password, address: context.clientAddress },
    { perAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT, perAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS, windowMinutes: env.LOGIN_WINDOW_MINUTES },
  );
  if (!result.ok) {
    const message = result.reason === "throttled" ? `login.throttled|${JSON.stringify({ minutes: env.LOGIN_WINDOW_MINUTES })}` : "login.invalid";
    return data(
      { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: result.reason === "throttled" ? 429 : 401 },
    );
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
  const { demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <div className="page page--narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {params.get("signedOut") ? <Notice>{t("login.signedOut")}</Notice> : null}
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
