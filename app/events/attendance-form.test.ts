import { describe, expect, it } from "vitest";
import { attendanceRow, attendanceToSave, decisionsOf } from "./attendance-form";

const annaId = "0f8b4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4";
const benId = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

describe("the attendance list on the event page", () => {
  it("offers full / partial / absent only for a seat the viewer may record; the save button only when some row offers it", () => {
    expect(attendanceRow({ status: "registered", recordedBy: null })).toBe("choice");
    expect(attendanceRow({ status: "waitlisted", recordedBy: null })).toBe("waitlisted");
    // A registration awaiting the lead's approval has no seat: no attendance choice (the domain would refuse it).
    expect(attendanceRow({ status: "pending", recordedBy: null })).toBe("pending");
    expect(attendanceRow({ status: "registered", recordedBy: "self" })).toBe("recordedElsewhere");
    // Nothing to save: only the waiting list, pending approvals and the viewer's own registration.
    expect(attendanceToSave([{ status: "waitlisted", recordedBy: null }, { status: "pending", recordedBy: null }, { status: "registered", recordedBy: "self" }])).toBe(false);
    expect(attendanceToSave([{ status: "pending", recordedBy: null }, { status: "registered", recordedBy: null }])).toBe(true);
    expect(attendanceToSave([])).toBe(false);
  });

  it("reads the lead's decisions: one per radio group, none for a group left open, null for a forged value or name", () => {
    const form = new FormData();
    form.append("intent", "decide");
    form.append(`decision:${annaId}`, "approve");
    form.append(`decision:${benId}`, "refuse");
    expect(decisionsOf(form)).toEqual([
      { personId: annaId, decision: "approve" },
      { personId: benId, decision: "refuse" },
    ]);
    expect(decisionsOf(new FormData())).toEqual([]);
    expect(decisionsOf([[`decision:${annaId}`, "maybe"]])).toBeNull();
    expect(decisionsOf([["decision:not-a-person", "approve"]])).toBeNull();
  });
});
