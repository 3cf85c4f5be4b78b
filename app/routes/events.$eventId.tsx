// One workshop: details, register / cancel, the calendar file; for leads registering a team
// member and deciding pending registrations (one form, approve / decline per person); for HR or
// the trainer the attendance list (saved only where a row offers a choice); for HR (or the lead
// who owns it) cancelling.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requireUser } from "~/auth/access.server";
import { credentialsAvailable } from "~/badges/http.server";
import { competenceName } from "~/competences/labels";
import { getDb } from "~/db/client.server";
import { applyOnce, submissionIdField } from "~/db/once.server";
import { attendanceRow, attendanceToSave, decisionsOf } from "~/events/attendance-form";
import { cancelEvent, cancelRegistration, decideRegistration, EventFormError, recordAttendance, registerForEvent, type Attendance } from "~/events/events.server";
import { feedbackState, feedbackSummary, giveFeedback } from "~/events/feedback.server";
import { clockTime, dateTime, euros, sessionDate } from "~/events/format";
import { eventDetail } from "~/events/views.server";
import { Notice } from "~/shell/forms";
import { readFormData } from "~/shell/forms.server";
import { DataTable } from "~/shell/data-table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.title ?? ""} – Horizont` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const now = new Date();
  const event = await eventDetail(db, viewer, params.eventId ?? "", now);
  const feedback = await feedbackState(db, viewer, event.id, now);
  const summary = event.ended && (event.canManage || event.canTakeAttendance) ? await feedbackSummary(db, viewer, event.id) : null;
  return { event, feedback, summary, submissionId: crypto.randomUUID(), credentials: credentialsAvailable() };
}

const formSchema = z.object({
  intent: z.enum(["register", "cancel", "registerMember", "attendance", "cancelEvent", "decide", "feedback"]),
  submissionId: submissionIdField,
  personId: z.string().optional(),
  rating: z.string().optional(),
  usefulness: z.string().optional(),
});

/** A 1–5 answer of the feedback form (0 when missing or malformed: the domain refuses it). */
const scale = (value: string | undefined) => (value && /^[1-5]$/.test(value) ? Number(value) : 0);

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const formData = await readFormData(request);
  const parsed = formSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ error: "validation.required" }, { status: 400 });
  const form = parsed.data;
  const eventId = params.eventId ?? "";
  const here = `/events/${eventId}`;
  const now = new Date();
  try {
    const target = await applyOnce(getDb(), form.submissionId, viewer.id, here, async (tx) => {
      switch (form.intent) {
        case "register":
          return `${here}?notice=${await registerForEvent(tx, viewer, eventId, viewer.id, now)}`;
        case "cancel":
          await cancelRegistration(tx, viewer, eventId, viewer.id, now);
          return `${here}?notice=cancelled`;
        case "registerMember":
          await registerForEvent(tx, viewer, eventId, form.personId ?? "", now);
          return `${here}?notice=memberRegistered`;
        case "attendance": {
          const entries: { personId: string; attendance: Attendance }[] = [];
          for (const [key, value] of formData)
            if (key.startsWith("attendance:") && (value === "full" || value === "partial" || value === "absent"))
              entries.push({ personId: key.slice("attendance:".length), attendance: value });
          await recordAttendance(tx, viewer, eventId, entries, now);
          return `${here}?notice=attendance`;
        }
        case "cancelEvent":
          await cancelEvent(tx, viewer, eventId, now);
          return `${here}?notice=eventCancelled`;
        case "decide": {
          // One radio group per pending registration; a group left open stays pending.
          const decisions = decisionsOf(formData);
          if (!decisions) throw new EventFormError("approvals", "validation.invalidChoice");
          if (!decisions.length) throw new EventFormError("approvals", "events.errors.noDecision");
          for (const d of decisions) await decideRegistration(tx, viewer, eventId, d.personId, d.decision, now);
          return `${here}?notice=decided`;
        }
        case "feedback":
          await giveFeedback(tx, viewer, eventId, { rating: scale(form.rating), usefulness: scale(form.usefulness) }, now);
          return `${here}?notice=feedback`;
      }
    });
    return redirect(target);
  } catch (error) {
    if (error instanceof EventFormError) return data({ error: error.messageKey, field: error.field }, { status: 400 });
    throw error;
  }
}

export default function EventPage() {
  const { t, i18n } = useTranslation();
  const { event, feedback, summary, submissionId, credentials } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const lang = i18n.language;
  const notice = params.get("notice");
  const live = event.mine && event.mine.status !== "cancelled" ? event.mine : null;
  const open = event.status === "scheduled" && !event.deadlinePassed;
  // An attendance error (e.g. one's own registration) shows on the attendance form while it is there.
  const attendanceForm = event.canTakeAttendance && event.participants.length > 0 && event.status === "scheduled" && event.started;
  const attendanceError = actionData && "field" in actionData && actionData.field === "attendance" && attendanceForm ? actionData.error : null;
  const approvalsForm = event.approvals.length > 0 && event.status === "scheduled";
  const approvalsError = actionData && "field" in actionData && actionData.field === "approvals" && approvalsForm ? actionData.error : null;
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="submissionId" value={submissionId} />
    </>
  );
  return (
    <div className="page">
      <h1>{event.title}</h1>
      {notice && ["registered", "waitlisted", "pending", "cancelled", "memberRegistered", "attendance", "eventCancelled", "created", "moved", "decided", "feedback"].includes(notice) ? (
        <Notice>{t(`events.notice.${notice as "registered"}`)}</Notice>
      ) : null}
      {actionData?.error && !attendanceError && !approvalsError ? (
        <Notice tone="error">{t(actionData.error as never)}</Notice>
      ) : null}
      {event.status === "cancelled" ? <Notice tone="warn" focus={false}>{t("events.status.eventCancelled")}</Notice> : null}
      {event.description ? <p className="lead-text">{event.description}</p> : null}
      <dl className="facts">
        <dt>{t("events.sessions")}</dt>
        <dd>
          <ul>
            {event.sessions.map((s) => (
              <li key={s.startsAt}>{t("events.sessionRange", { date: sessionDate(s.startsAt, lang), from: clockTime(s.startsAt, lang), to: clockTime(s.endsAt, lang) })}</li>
            ))}
          </ul>
        </dd>
        <dt>{t("events.place")}</dt>
        <dd>{event.place ?? t("events.online")}</dd>
        {event.onlineUrl && live?.status === "registered" ? (
          <>
            <dt>{t("events.onlineLink")}</dt>
            <dd>
              <a href={event.onlineUrl} rel="noopener noreferrer">
                {event.onlineUrl}
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t("events.trainer")}</dt>
        <dd>{event.trainer}</dd>
        <dt>{t("events.seats")}</dt>
        <dd>
          {t("events.seatsText", { taken: event.seatsTaken, capacity: event.capacity })}
          {event.waiting ? `, ${t("events.waitingText", { count: event.waiting })}` : ""}
        </dd>
        <dt>{t("events.deadline")}</dt>
        <dd>{dateTime(event.deadline, lang)}</dd>
        {event.costCents ? (
          <>
            <dt>{t("events.cost")}</dt>
            <dd>{euros(event.costCents, lang)}</dd>
          </>
        ) : null}
        {event.competences.length ? (
          <>
            <dt>{t("events.certifies")}</dt>
            <dd>
              <ul>
                {event.competences.map((c) => (
                  <li key={c.competenceId}>{t("events.certifiesItem", { name: competenceName(c.competenceId, lang), level: c.level })}</li>
                ))}
              </ul>
              {event.validMonths ? t("events.validMonths", { count: event.validMonths }) : null}
            </dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="my-registration">
        <h2 id="my-registration">{live ? t(`events.status.${live.status}`) : event.mine?.status === "cancelled" ? t("events.status.cancelled") : t("events.register")}</h2>
        {live?.attendance === "full" ? <p>{t("events.status.attended")}</p> : null}
        {event.postQuiz && event.competences.length ? (
          live?.attendance === "full" && !live.evidenceWritten ? (
            <p className="notice notice--warn">
              {t("events.postQuiz.pending")} <Link to={event.postQuiz.href}>{event.postQuiz.title}</Link>
            </p>
          ) : live && !live.attendance ? (
            <p>
              {t("events.postQuiz.ahead")} <Link to={event.postQuiz.href}>{event.postQuiz.title}</Link>
            </p>
          ) : null
        ) : null}
        {live?.attendance === "full" && event.competences.length && credentials ? (
          <p>
            <a href={`/events/${event.id}/credential`} download>
              {t("badges.download")}
            </a>
          </p>
        ) : null}
        <div className="button-row">
          {!live && open ? (
            <Form method="post">
              {hidden("register")}
              <button type="submit" className="button">
                {event.seatsTaken < event.capacity ? t("events.register") : t("events.joinWaitlist")}
              </button>
            </Form>
          ) : null}
          {live && !event.started && event.status === "scheduled" ? (
            <Form method="post">
              {hidden("cancel")}
              <button type="submit" className="button button--secondary">
                {t("events.cancelRegistration")}
              </button>
            </Form>
          ) : null}
          {event.mine ? (
            <a className="button button--secondary" href={`/events/${event.id}.ics`} download>
              {t("events.calendar")}
            </a>
          ) : null}
        </div>
        {!live && event.status === "scheduled" && event.deadlinePassed ? <p>{t("events.deadlinePassed")}</p> : null}
      </section>

      {approvalsForm ? (
        <section aria-labelledby="approvals-title">
          <h2 id="approvals-title">{t("events.approvals.title")}</h2>
          <Form method="post" className="form">
            {hidden("decide")}
            <p>{t("events.approvals.intro")}</p>
            {approvalsError ? (
              <Notice tone="error" focus>
                {t(approvalsError as never)}
              </Notice>
            ) : null}
            {event.approvals.map((a) => (
              <fieldset key={a.personId} className="radio-row">
                <legend>{t("events.approvals.legend", { name: a.name })}</legend>
                {(["approve", "refuse"] as const).map((decision) => (
                  <label key={decision}>
                    <input type="radio" name={`decision:${a.personId}`} value={decision} /> {t(`events.approvals.${decision}`)}
                  </label>
                ))}
              </fieldset>
            ))}
            <button type="submit" className="button">
              {t("events.approvals.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {feedback !== "none" ? (
        <section aria-labelledby="feedback-title">
          <h2 id="feedback-title">{t("events.feedback.title")}</h2>
          {feedback === "given" ? (
            <p>{t("events.feedback.thanks")}</p>
          ) : (
            <Form method="post" className="form">
              {hidden("feedback")}
              <p>{t("events.feedback.intro")}</p>
              {(["rating", "usefulness"] as const).map((question) => (
                <fieldset key={question} className="radio-row">
                  <legend>{t(`events.feedback.${question}`)}</legend>
                  {[1, 2, 3, 4, 5].map((n) => (
                    <label key={n}>
                      <input type="radio" name={question} value={n} required /> {t(`events.feedback.${question}Scale.${n}` as never)}
                    </label>
                  ))}
                </fieldset>
              ))}
              <button type="submit" className="button">
                {t("events.feedback.submit")}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      {summary ? (
        <section aria-labelledby="feedback-summary-title">
          <h2 id="feedback-summary-title">{t("events.feedback.summaryTitle")}</h2>
          {summary.shown ? (
            <dl className="facts">
              <dt>{t("events.feedback.answers")}</dt>
              <dd>{summary.answers}</dd>
              <dt>{t("events.feedback.rating")}</dt>
              <dd>{t("events.feedback.average", { value: summary.rating.toLocaleString(lang) })}</dd>
              <dt>{t("events.feedback.usefulness")}</dt>
              <dd>{t("events.feedback.average", { value: summary.usefulness.toLocaleString(lang) })}</dd>
            </dl>
          ) : (
            <p>{t("events.feedback.suppressed", { min: summary.minimum })}</p>
          )}
        </section>
      ) : null}

      {event.members.length && open ? (
        <section aria-labelledby="register-member">
          <h2 id="register-member">{t("events.registerMember.title")}</h2>
          <Form method="post" className="inline-form">
            {hidden("registerMember")}
            <label htmlFor="member">{t("events.registerMember.person")}</label>
            <select id="member" name="personId">
              {event.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button">
              {t("events.registerMember.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {event.canTakeAttendance || event.canManage ? (
        <section aria-labelledby="attendance-title">
          <h2 id="attendance-title">{t("events.attendance.title")}</h2>
          {event.participants.length ? (
            <p>
              <a href={`/events/${event.id}/sheet.pdf`} download>
                {t("events.attendance.sheet")}
              </a>
            </p>
          ) : null}
          {event.participants.length === 0 ? <p>{t("events.attendance.nobody")}</p> : null}
          {event.participants.length && event.canTakeAttendance && event.status === "scheduled" ? (
            event.started ? (
              <Form method="post">
                {hidden("attendance")}
                {attendanceToSave(event.participants) ? <p>{t("events.attendance.intro")}</p> : null}
                {attendanceError ? (
                  <Notice tone="error" focus>
                    {t(attendanceError as never)}
                  </Notice>
                ) : null}
                <DataTable label={t("events.attendance.title")} columns={[t("events.attendance.person"), t("events.attendance.unit"), t("events.attendance.title")]}>
                  {event.participants.map((p) => (
                    <tr key={p.personId}>
                      <th scope="row">{p.name}</th>
                      <td>{p.unit ?? ""}</td>
                      <td>
                        {attendanceRow(p) === "waitlisted" ? (
                          t("events.attendance.waitlisted")
                        ) : attendanceRow(p) === "pending" ? (
                          t("events.attendance.pending")
                        ) : p.recordedBy ? (
                          <>
                            {p.attendance ? `${t(`events.attendance.${p.attendance as "full"}`)} · ` : null}
                            {t(`events.attendance.recordedBy.${p.recordedBy}`)}
                          </>
                        ) : (
                          <fieldset className="radio-row">
                            <legend className="visually-hidden">{t("events.attendance.legend", { name: p.name })}</legend>
                            {(["full", "partial", "absent"] as const).map((kind) => (
                              <label key={kind}>
                                <input type="radio" name={`attendance:${p.personId}`} value={kind} defaultChecked={p.attendance === kind} /> {t(`events.attendance.${kind}`)}
                              </label>
                            ))}
                          </fieldset>
                        )}
                      </td>
                    </tr>
                  ))}
                </DataTable>
                {attendanceToSave(event.participants) ? (
                  <button type="submit" className="button">
                    {t("events.attendance.submit")}
                  </button>
                ) : (
                  <p>{t("events.attendance.nothingToSave")}</p>
                )}
              </Form>
            ) : (
              <>
                <p>{t("events.attendance.notYet")}</p>
                <ul>
                  {event.participants.map((p) => (
                    <li key={p.personId}>
                      {p.name}
                      {p.status === "waitlisted" ? ` (${t("events.attendance.waitlisted")})` : p.status === "pending" ? ` (${t("events.attendance.pending")})` : ""}
                    </li>
                  ))}
                </ul>
              </>
            )
          ) : null}
        </section>
      ) : null}

      {event.canManage && event.status === "scheduled" && !event.started ? (
        <section aria-labelledby="manage-title">
          <h2 id="manage-title">{t("events.manage.title")}</h2>
          <p>
            <Link to={`/events/${event.id}/move`}>{t("events.manage.move")}</Link>
          </p>
          <p>{t("events.manage.cancelHint")}</p>
          <Form method="post">
            {hidden("cancelEvent")}
            <button type="submit" className="button button--danger">
              {t("events.manage.cancelEvent")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
