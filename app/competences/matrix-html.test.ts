import { describe, expect, it } from "vitest";
import { escapeHtml, matrixBodyHtml } from "~/competences/matrix-html";

// Levels per cell: required then current, as compactLevels writes them.
const members = [
  { id: "m-1", givenName: "Kwame", familyName: "Aydın" },
  { id: 'x"><script>alert(1)</script>', givenName: "<b>Eve</b> & 'Co'", familyName: "O'Neil" },
];
const options = { profileLinks: true, gapBase: "?", competenceIds: ["k.a", "k.b", "k.c"], noRole: "Keine Rolle <zugeordnet>" };

describe("the team matrix body as HTML", () => {
  it("writes one cell per competence: none, met, or a gap link to the prefilled form", () => {
    const html = matrixBodyHtml([{ member: 0, levels: "001231", gaps: 1, missingLevels: 2 }], members, 3, options);
    expect(html).toBe(
      '<tr><th scope="row"><a href="/profile/m-1">Aydın, Kwame</a></th>' +
        '<td class="cell cell--none">·</td>' +
        '<td class="cell cell--met">✓</td>' +
        '<td class="cell cell--gap2"><a href="?gapFor=m-1&amp;gapIn=k.c#assign-title" class="cell-link">−2 (1)</a></td>' +
        '<td class="num">1</td><td class="num">2</td></tr>',
    );
  });

  it("escapes names, ids and texts; no profile link when leads may not see profiles", () => {
    const html = matrixBodyHtml([{ member: 1, levels: "", noRole: true, gaps: 0, missingLevels: 0 }], members, 3, { ...options, profileLinks: false });
    expect(html).toBe(`<tr><th scope="row">O&#x27;Neil, &lt;b&gt;Eve&lt;/b&gt; &amp; &#x27;Co&#x27;</th><td colspan="5" class="cell cell--norole">Keine Rolle &lt;zugeordnet&gt;</td></tr>`);
    const linked = matrixBodyHtml([{ member: 1, levels: "313131", gaps: 3, missingLevels: 6 }], members, 3, options);
    expect(linked).not.toContain("<script>");
    expect(linked).toContain(`href="/profile/${escapeHtml(members[1].id)}"`);
    expect(linked).toContain("gapFor=x&quot;&gt;&lt;script&gt;");
  });
});
