// The printable sign-in sheet (Teilnehmerliste) of one event: registered people with a
// signature column per session, in pdf-lib's standard Helvetica (WinAnsi), like the certificates.
import type { PDFFont } from "pdf-lib";
import type { EventDetail } from "./views.server";
import { clockTime, sessionDate } from "./format";

/** Characters Helvetica cannot encode fall back to their base letter (ć → c, ı → i) or "?". */
function encodable(text: string, font: PDFFont): string {
  let out = "";
  for (const ch of text) {
    const candidates = [ch, ch.normalize("NFD").replace(/[\u0300-\u036f]/g, ""), ch === "ı" ? "i" : ch === "ł" ? "l" : ch === "đ" ? "d" : "?"];
    for (const c of candidates) {
      try {
        font.encodeText(c);
        out += c;
        break;
      } catch {
        // try the next candidate
      }
    }
  }
  return out;
}

export async function signInSheet(event: EventDetail, authorityName: string): Promise<Uint8Array> {
  // pdf-lib (with its fonts) is loaded on the first PDF, not at start-up (issue 15, server memory).
  const { PDFDocument, StandardFonts, rgb } = await import("pdf-lib");
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Teilnehmerliste – ${event.title}`);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const people = event.participants.filter((p) => p.status === "registered");
  const [width, height] = [841.89, 595.28]; // A4 landscape
  const margin = 40;
  const sessions = event.sessions.length ? event.sessions : [];
  const nameWidth = 200;
  const unitWidth = 140;
  const signWidth = (width - 2 * margin - 30 - nameWidth - unitWidth) / Math.max(1, sessions.length);
  const rowHeight = 28;
  let page = pdf.addPage([width, height]);
  let y = height - margin;
  const text = (value: string, x: number, yy: number, size = 10, f = font) => page.drawText(encodable(value, f), { x, y: yy, size, font: f, color: rgb(0, 0, 0) });
  const header = () => {
    text("Teilnehmerliste", margin, y, 18, bold);
    y -= 22;
    text(event.title, margin, y, 13, bold);
    y -= 16;
    text(`${authorityName} · Leitung: ${event.trainer} · Ort: ${event.place ?? event.onlineUrl ?? ""}`, margin, y, 10);
    y -= 24;
    let x = margin;
    text("Nr.", x, y, 10, bold);
    x += 30;
    text("Name", x, y, 10, bold);
    x += nameWidth;
    text("Team", x, y, 10, bold);
    x += unitWidth;
    for (const s of sessions) {
      text(`Unterschrift ${sessionDate(s.startsAt, "de")}`, x, y + 6, 8, bold);
      text(`${clockTime(s.startsAt, "de")}–${clockTime(s.endsAt, "de")} Uhr`, x, y - 4, 8);
      x += signWidth;
    }
    y -= 12;
  };
  header();
  people.forEach((p, i) => {
    if (y < margin + rowHeight) {
      page = pdf.addPage([width, height]);
      y = height - margin;
      header();
    }
    page.drawLine({ start: { x: margin, y: y - 4 }, end: { x: width - margin, y: y - 4 }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
    y -= rowHeight;
    text(String(i + 1), margin, y + 8);
    text(p.name, margin + 30, y + 8);
    text(p.unit ?? "", margin + 30 + nameWidth, y + 8);
    for (let s = 0; s < sessions.length; s++) {
      const x = margin + 30 + nameWidth + unitWidth + s * signWidth;
      page.drawLine({ start: { x: x + 4, y: y + 4 }, end: { x: x + signWidth - 8, y: y + 4 }, thickness: 0.5, color: rgb(0.3, 0.3, 0.3) });
    }
  });
  return pdf.save();
}
