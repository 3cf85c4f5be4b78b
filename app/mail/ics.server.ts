// Calendar attachment (.ics) for a due date: an all-day event on the due day.
import ical from "ical-generator";

export function dueDateEvent(input: { uid: string; dueOn: string; summary: string; description: string; url: string }): string {
  const [y, m, d] = input.dueOn.split("-").map(Number);
  const calendar = ical({ prodId: { company: "Horizont", product: "Horizont" }, name: "Horizont" });
  calendar.createEvent({
    id: input.uid,
    start: new Date(Date.UTC(y, m - 1, d)),
    allDay: true,
    summary: input.summary,
    description: input.description,
    url: input.url,
  });
  return calendar.toString();
}
