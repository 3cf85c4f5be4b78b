// Public verification of a certificate code (no sign-in): the certificate (name, course, date),
// the signed Open Badges credential behind the code, verified live (signature, issuer key,
// revocation list), and a form to check a credential file someone was given.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { credentialByCode, verifyCredentialDocument, type VerifyOutcome } from "~/badges/credentials.server";
import { publicOrigin } from "~/badges/http.server";
import { verifyCertificate } from "~/courses/certificates.server";
import { getDb } from "~/db/client.server";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "courses.verify.title"), { name: "robots", content: "noindex" }];

const maxCredentialBytes = 256 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = (params.code ?? "").slice(0, 40);
  const db = getDb();
  const found = await verifyCertificate(db, code);
  const stored = await credentialByCode(db, code);
  const credential = stored ? await verifyCredentialDocument(db, publicOrigin(request), stored.credential) : null;
  return data({ code, found, credential }, { status: found || credential ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

type CheckResult = { outcome: VerifyOutcome } | { error: "empty" | "tooLarge" };

export async function action({ request }: ActionFunctionArgs): Promise<ReturnType<typeof data<CheckResult>>> {
  if (Number(request.headers.get("content-length") ?? 0) > maxCredentialBytes + 4096) return data({ error: "tooLarge" as const }, { status: 413 });
  let text = "";
  try {
    const form = await request.formData();
    const pasted = form.get("credential");
    const file = form.get("file");
    text = typeof pasted === "string" ? pasted.trim() : "";
    if (!text && file && typeof file !== "string" && file.size > 0) text = (await file.text()).trim();
  } catch {
    return data({ error: "empty" as const }, { status: 400 });
  }
  if (!text) return data({ error: "empty" as const }, { status: 400 });
  if (text.length > maxCredentialBytes) return data({ error: "tooLarge" as const }, { status: 413 });
  const outcome = await verifyCredentialDocument(getDb(), publicOrigin(request), text);
  return data({ outcome }, { status: outcome.ok ? 200 : 422 });
}

function Asserts({ outcome }: { outcome: Extract<VerifyOutcome, { ok: true }> }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "long", timeZone: "Europe/Berlin" });
  return (
    <>
      <p>
        <strong>{t("badges.verify.asserts")}</strong>
      </p>
      <dl className="facts">
        <dt>{t("badges.verify.person")}</dt>
        <dd>{outcome.name}</dd>
        <dt>{t("badges.verify.achievement")}</dt>
        <dd>{outcome.achievement}</dd>
        <dt>{t("badges.verify.issuer")}</dt>
        <dd>{outcome.issuer}</dd>
        {outcome.validFrom ? (
          <>
            <dt>{t("badges.verify.validFrom")}</dt>
            <dd>{date.format(new Date(outcome.validFrom))}</dd>
          </>
        ) : null}
        <dt>{t("badges.verify.criteria")}</dt>
        <dd className="pre-line">{outcome.competences}</dd>
      </dl>
    </>
  );
}

function Outcome({ outcome, valid }: { outcome: VerifyOutcome; valid: string }) {
  const { t } = useTranslation();
  if (!outcome.ok)
    return (
      <div className="notice notice--error" role="alert">
        <p>{t(`badges.verify.result.${outcome.reason}`)}</p>
      </div>
    );
  return (
    <div className="notice notice--ok" role="status">
      <p>
        <strong>{valid}</strong>
      </p>
      <Asserts outcome={outcome} />
    </div>
  );
}

export default function VerifyCertificate() {
  const { t, i18n } = useTranslation();
  const { code, found, credential } = useLoaderData<typeof loader>();
  const checked = useActionData<typeof action>();
  const date = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "de-DE", { dateStyle: "long", timeZone: "Europe/Berlin" });
  return (
    <div className="page page--narrow">
      <h1>{t("courses.verify.title")}</h1>
      <p className="code-box">{code}</p>
      {found ? (
        <div className="notice notice--ok" role="status">
          <p>
            <strong>{t("courses.verify.valid")}</strong>
          </p>
          <dl className="facts">
            <dt>{t("courses.verify.name")}</dt>
            <dd>{found.name}</dd>
            <dt>{t("courses.verify.course")}</dt>
            <dd>{found.courseTitle}</dd>
            <dt>{t("courses.verify.date")}</dt>
            <dd>{date.format(new Date(found.completedAt))}</dd>
          </dl>
        </div>
      ) : !credential ? (
        <div className="notice notice--error" role="alert">
          <p>{t("courses.verify.invalid")}</p>
        </div>
      ) : null}
      {credential ? (
        <section aria-labelledby="credential-title">
          <h2 id="credential-title">{t("badges.verify.credentialTitle")}</h2>
          <Outcome outcome={credential} valid={t("badges.verify.credentialValid")} />
        </section>
      ) : null}
      <section aria-labelledby="check-title">
        <h2 id="check-title">{t("badges.verify.checkTitle")}</h2>
        <p>{t("badges.verify.checkIntro")}</p>
        {checked ? (
          "outcome" in checked ? (
            <Outcome outcome={checked.outcome} valid={t("badges.verify.result.ok")} />
          ) : (
            <div className="notice notice--error" role="alert">
              <p>{t(`badges.verify.result.${checked.error}`)}</p>
            </div>
          )
        ) : null}
        <Form method="post" encType="multipart/form-data" className="form">
          <div className="field">
            <label htmlFor="credential">{t("badges.verify.pasteLabel")}</label>
            <textarea id="credential" name="credential" rows={6} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor="file">{t("badges.verify.fileLabel")}</label>
            <input id="file" name="file" type="file" accept="application/json,.json" />
          </div>
          <button type="submit" className="button">
            {t("badges.verify.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
