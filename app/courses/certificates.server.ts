// Course certificates: issued once per person and completed course, as a PDF (pdf-lib with the
// standard Helvetica font, whose WinAnsi encoding covers German text) with a verification code
// that /certificates/<code> confirms publicly, showing only name, course and date.
import crypto from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import type { PDFFont } from "pdf-lib";
import { competenceById, framework } from "~/competences/framework";
import type { Queryable } from "~/db/client.server";
import { authorities, courseCertificates, moduleProgress, people } from "~/db/schema";
import { catalogForAuthority } from "./authority-catalog.server";
import type { CourseInfo } from "./catalog.server";

// No 0/O/1/I/L: codes are read aloud and typed.
const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export function newCertificateCode(): string {
  const bytes = crypto.randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `HZ-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** The module pass dates when every module of the course is passed, else null. */
async function completion(db: Queryable, input: { authorityId: string; personId: string; course: CourseInfo }) {
  const rows = await db
    .select({ moduleId: moduleProgress.moduleId, passedAt: moduleProgress.passedAt })
    .from(moduleProgress)
    .where(
      and(
        eq(moduleProgress.personId, input.personId),
        eq(moduleProgress.authorityId, input.authorityId),
        eq(moduleProgress.courseId, input.course.id),
        isNotNull(moduleProgress.passedAt),
      ),
    );
  const passed = new Map(rows.map((r) => [r.moduleId, r.passedAt!]));
  if (!input.course.modules.every((m) => passed.has(m.id))) return null;
  return passed;
}

/**
 * Issues (or returns the already issued) certificate; null while the course is not completed. The
 * modules and competences it names are the authority's published versions where it has them.
 */
export async function issueCertificate(db: Queryable, input: { authorityId: string; personId: string; courseId: string; now: Date }) {
  const course = (await catalogForAuthority(db, input.authorityId)).course(input.courseId);
  if (!course) return null;
  const passed = await completion(db, { ...input, course });
  if (!passed) return null;
  const completedAt = new Date(Math.max(...[...passed.values()].map((d) => d.getTime())));
  await db
    .insert(courseCertificates)
    .values({ code: newCertificateCode(), authorityId: input.authorityId, personId: input.personId, courseId: course.id, completedAt, issuedAt: input.now })
    .onConflictDoNothing({ target: [courseCertificates.personId, courseCertificates.courseId] });
  const [certificate] = await db
    .select()
    .from(courseCertificates)
    .where(and(eq(courseCertificates.personId, input.personId), eq(courseCertificates.courseId, course.id), eq(courseCertificates.authorityId, input.authorityId)));
  const [person] = await db
    .select({ givenName: people.givenName, familyName: people.familyName, authority: authorities.name })
    .from(people)
    .innerJoin(authorities, eq(authorities.id, people.authorityId))
    .where(and(eq(people.id, input.personId), eq(people.authorityId, input.authorityId)));
  return {
    code: certificate.code,
    completedAt: certificate.completedAt,
    personName: `${person.givenName} ${person.familyName}`,
    authorityName: person.authority,
    course,
    modules: course.modules.map((m) => ({ title: m.title, passedAt: passed.get(m.id)! })),
  };
}

export type IssuedCertificate = NonNullable<Awaited<ReturnType<typeof issueCertificate>>>;

/** What the public verification page may show: name, course, date. Nothing else. */
export async function verifyCertificate(db: Queryable, code: string) {
  const [row] = await db
    .select({ authorityId: courseCertificates.authorityId, courseId: courseCertificates.courseId, completedAt: courseCertificates.completedAt, givenName: people.givenName, familyName: people.familyName })
    .from(courseCertificates)
    .innerJoin(people, eq(people.id, courseCertificates.personId))
    .where(eq(courseCertificates.code, code.trim().toUpperCase()));
  if (!row) return null;
  return { name: `${row.givenName} ${row.familyName}`, courseTitle: (await catalogForAuthority(db, row.authorityId)).course(row.courseId)?.title ?? row.courseId, completedAt: row.completedAt };
}

const dateDe = (d: Date) => new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric" }).format(d);

/** Text the font can encode: characters outside WinAnsi become "?" rather than failing the PDF. */
function encodable(font: PDFFont, text: string) {
  return [...text]
    .map((ch) => {
      try {
        font.encodeText(ch);
        return ch;
      } catch {
        return "?";
      }
    })
    .join("");
}

export async function certificatePdf(certificate: IssuedCertificate, verifyUrl: string): Promise<Uint8Array> {
  // pdf-lib (with its fonts) is loaded on the first PDF, not at start-up (issue 15, server memory).
  const { PDFDocument, StandardFonts, rgb } = await import("pdf-lib");
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Teilnahmezertifikat – ${certificate.personName} – ${certificate.course.title}`);
  pdf.setAuthor(certificate.authorityName);
  pdf.setSubject(`Zertifikat ${certificate.code}`);
  pdf.setLanguage("de-DE");
  pdf.setCreator("Horizont");
  const page = pdf.addPage([595.28, 841.89]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const margin = 60;
  const width = page.getWidth() - 2 * margin;
  let y = page.getHeight() - 80;
  const blue = rgb(0.106, 0.29, 0.478);
  const write = (text: string, options: { size?: number; font?: PDFFont; color?: ReturnType<typeof rgb>; gap?: number } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 11;
    // Simple word wrap to the page width.
    const words = encodable(font, text).split(/\s+/);
    let line = "";
    const lines: string[] = [];
    for (const word of words) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    for (const l of lines) {
      page.drawText(l, { x: margin, y, size, font, color: options.color ?? rgb(0.1, 0.14, 0.19) });
      y -= size * 1.35;
    }
    y -= options.gap ?? 4;
  };
  page.drawRectangle({ x: 0, y: page.getHeight() - 24, width: page.getWidth(), height: 24, color: blue });
  write(certificate.authorityName, { size: 12, color: blue, gap: 24 });
  write("Teilnahmezertifikat", { size: 26, font: bold, gap: 16 });
  write(certificate.personName, { size: 18, font: bold, gap: 8 });
  write(`hat am ${dateDe(certificate.completedAt)} den Kurs`, { gap: 6 });
  write(certificate.course.title, { size: 16, font: bold, color: blue, gap: 8 });
  write("auf der Lernplattform Horizont vollständig abgeschlossen. Jedes Modul wurde mit einem Abschlussquiz geprüft.", { gap: 18 });
  write("Module", { size: 13, font: bold, gap: 4 });
  for (const m of certificate.modules) write(`•  ${m.title} – bestanden am ${dateDe(m.passedAt)}`, { size: 10.5, gap: 2 });
  y -= 12;
  write("Nachgewiesene Kompetenzen", { size: 13, font: bold, gap: 4 });
  const competences = new Map<string, number>();
  for (const m of certificate.course.modules)
    for (const c of m.competences) competences.set(c.competenceId, Math.max(competences.get(c.competenceId) ?? 0, c.level));
  for (const [id, level] of competences) {
    const name = competenceById(id)?.name.de ?? id;
    const levelName = framework.levels.find((l) => l.level === level)?.name.de ?? String(level);
    write(`•  ${name}: Stufe ${level} („${levelName}“)`, { size: 10.5, gap: 2 });
  }
  y = Math.min(y - 20, 150);
  write(`Prüfcode: ${certificate.code}`, { size: 12, font: bold, gap: 4 });
  write(`Echtheit prüfen: ${verifyUrl}`, { size: 10, gap: 4 });
  write("Die Prüfseite bestätigt Name, Kurs und Datum, ohne Anmeldung.", { size: 9, color: rgb(0.31, 0.36, 0.42) });
  return pdf.save();
}
