// What each row of the attendance list offers (pure): a choice of full / partial / absent only
// for a registration with a seat that the viewer may record; people on the waiting list or
// waiting for their lead's approval cannot have attended, and some rows someone else records.
// The save button shows only when at least one row offers a choice.

export type AttendanceRow = "choice" | "waitlisted" | "pending" | "recordedElsewhere";

export function attendanceRow(participant: { status: "registered" | "waitlisted" | "pending"; recordedBy: "self" | "lead" | null }): AttendanceRow {
  if (participant.status === "waitlisted") return "waitlisted";
  if (participant.status === "pending") return "pending";
  return participant.recordedBy ? "recordedElsewhere" : "choice";
}

/** Whether the attendance form has anything the viewer could save. */
export function attendanceToSave(participants: Parameters<typeof attendanceRow>[0][]): boolean {
  return participants.some((p) => attendanceRow(p) === "choice");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RegistrationDecision = "approve" | "refuse";

/**
 * The lead's decisions from the approval form: one radio group per pending registration, named
 * `decision:<personId>`; a group left without a choice stays pending. Null when a value is
 * neither choice or the name holds no person id (the form never sends either).
 */
export function decisionsOf(entries: Iterable<[string, FormDataEntryValue]>): { personId: string; decision: RegistrationDecision }[] | null {
  const out = new Map<string, RegistrationDecision>();
  for (const [key, value] of entries) {
    if (!key.startsWith("decision:")) continue;
    const personId = key.slice("decision:".length);
    if (!UUID.test(personId) || (value !== "approve" && value !== "refuse")) return null;
    out.set(personId.toLowerCase(), value);
  }
  return [...out].map(([personId, decision]) => ({ personId, decision }));
}
