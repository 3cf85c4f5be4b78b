// "E-Mail-Benachrichtigungen": the signed-in person switches the non-essential mails (reminders,
// expiring evidence, raised requirements) off, and a lead the weekly digest on (where the
// authority lets leads see individual members). Welcome and assignment mails are always sent.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requireUser } from "~/auth/access.server";
import { getDb } from "~/db/client.server";
import { choiceKinds, mailChoicesOf, optionalKinds, saveMailChoices, type ChoiceKind } from "~/mail/outbox.server";
import { getSettings } from "~/org/settings.server";
import { Notice } from "~/shell/forms";
import { invalid, parseForm } from "~/shell/forms.server";
import { pageTitle } from "~/shell/meta";

const schema = z.object({ on: z.array(z.enum(choiceKinds, { error: "validation.invalidChoice" })).default([]) });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.choices.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const lead = viewer.roles.includes("lead");
  // The digest lists members' overdue assignments: only where leads may see individual members.
  const digestAllowed = lead && (await getSettings(db, viewer.authorityId)).leadsSeeIndividualProfiles;
  return { choices: await mailChoicesOf(db, viewer.id), lead, digestAllowed };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const { submission } = await parseForm(request, schema);
  if (submission.status !== "success") return invalid(submission.reply());
  await getDb().transaction((tx) => saveMailChoices(tx, viewer.id, submission.value.on));
  return redirect("/account/mail?saved=1");
}

export default function MailChoices() {
  const { t } = useTranslation();
  const { choices, lead, digestAllowed } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const labels = {
    "assignment.due-soon": t("mail.choices.kinds.assignment_due-soon"),
    "assignment.overdue": t("mail.choices.kinds.assignment_overdue"),
    "evidence.expiring": t("mail.choices.kinds.evidence_expiring"),
    "requirements.raised": t("mail.choices.kinds.requirements_raised"),
    "digest.lead-overdue": t("mail.choices.kinds.digest_lead-overdue"),
  } satisfies Record<ChoiceKind, string>;
  return (
    <div className="page">
      <h1>{t("mail.choices.title")}</h1>
      {params.get("saved") ? <Notice>{t("mail.choices.saved")}</Notice> : null}
      <p>{t("mail.choices.intro")}</p>
      <Form method="post" className="form">
        <fieldset>
          <legend>{t("mail.choices.legend")}</legend>
          {optionalKinds.map((kind) => (
            <div key={kind} className="checkbox">
              <input type="checkbox" id={`mail-${kind}`} name="on" value={kind} defaultChecked={choices[kind]} />
              <label htmlFor={`mail-${kind}`}>{labels[kind]}</label>
            </div>
          ))}
        </fieldset>
        {lead ? (
          <fieldset>
            <legend>{t("mail.choices.digestLegend")}</legend>
            {digestAllowed ? (
              <>
                <div className="checkbox">
                  <input type="checkbox" id="mail-digest.lead-overdue" name="on" value="digest.lead-overdue" defaultChecked={choices["digest.lead-overdue"]} aria-describedby="digest-hint" />
                  <label htmlFor="mail-digest.lead-overdue">{labels["digest.lead-overdue"]}</label>
                </div>
                <p className="hint" id="digest-hint">
                  {t("mail.choices.digestHint")}
                </p>
              </>
            ) : (
              <p>{t("mail.choices.digestUnavailable")}</p>
            )}
          </fieldset>
        ) : null}
        <button type="submit" className="button">
          {t("mail.choices.save")}
        </button>
      </Form>
    </div>
  );
}
