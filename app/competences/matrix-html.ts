// The team matrix body as one string of HTML (app/routes/team.tsx; issue 15, ADR 016).
import { compactCell } from "~/competences/team";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
/** Text or an attribute value as HTML (the same escapes React applies). */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * The matrix body as HTML: one text node per cell, gap cells a link to the prefilled assignment
 * form, the caption explains the notation. A string, not React elements: a 300-member team has
 * 4,500 cells and about 20,000 nodes, which React's server render and the browser's hydration
 * each walked one by one (the largest part of the page's server time and of its main-thread work
 * in the browser). The markup is what the elements rendered, except that a member's name is a
 * plain link (a full page load instead of a client-side navigation).
 */
export function matrixBodyHtml(
  rows: { member: number; levels: string; noRole?: boolean; gaps: number; missingLevels: number }[],
  members: { id: string; givenName: string; familyName: string }[],
  columnCount: number,
  options: { profileLinks: boolean; gapBase: string; competenceIds: string[]; noRole: string },
): string {
  const { profileLinks, gapBase, competenceIds } = options;
  const noRole = escapeHtml(options.noRole);
  const parts: string[] = [];
  for (const row of rows) {
    const member = members[row.member];
    const name = escapeHtml(`${member.familyName}, ${member.givenName}`);
    const id = escapeHtml(member.id);
    parts.push(profileLinks ? `<tr><th scope="row"><a href="/profile/${id}">${name}</a></th>` : `<tr><th scope="row">${name}</th>`);
    if (row.noRole) {
      parts.push(`<td colspan="${columnCount + 2}" class="cell cell--norole">${noRole}</td></tr>`);
      continue;
    }
    for (let i = 0; i < columnCount; i++) {
      const cell = compactCell(row.levels, i);
      if (cell.required === 0) parts.push('<td class="cell cell--none">·</td>');
      else if (cell.gap === 0) parts.push('<td class="cell cell--met">✓</td>');
      else {
        // The gap is a link: one step to the assignment form, prefilled with the module that closes it.
        const href = escapeHtml(`${gapBase}gapFor=${member.id}&gapIn=${competenceIds[i]}#assign-title`);
        parts.push(`<td class="cell cell--gap${Math.min(cell.gap, 3)}"><a href="${href}" class="cell-link">−${cell.gap} (${cell.current})</a></td>`);
      }
    }
    parts.push(`<td class="num">${row.gaps}</td><td class="num">${row.missingLevels}</td></tr>`);
  }
  return parts.join("");
}
