// The safe MDX subset for modules written in Horizont (issue 14). An authored source is checked on
// its MDX syntax tree before anything is compiled: size, valid UTF-8, nesting, no import/export, no
// JavaScript expressions, only the course components and an allow-list of plain HTML elements with
// literal props, no javascript:/data: URLs, bounded option counts. Then the frontmatter is validated
// with the same zod schema as courses/ and the module is compiled by the same pipeline
// (remark-quiz extracts the answer key). Every problem names line and column, in German.
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { mdxFromMarkdown } from "mdast-util-mdx";
import { frontmatter } from "micromark-extension-frontmatter";
import { mdxjs } from "micromark-extension-mdxjs";
import { checkModule, maxModuleLevel } from "~/courses/content-rules";
import { parseModuleFrontmatter, splitFrontmatter, type ModuleFrontmatter } from "~/courses/format";
import { compileModule, contentHash } from "~/courses/modules.server";
import { htmlElements, type ExtractedModule } from "~/courses/remark-quiz.server";
import { germanCompileMessage, germanFrontmatterMessage, germanRuleMessage, germanSyntaxMessage, lineInMessage } from "./messages.server";

export interface SafetyProblem {
  line: number;
  column: number;
  /** German, for editors. */
  message: string;
  /** The parser's, compiler's or checker's own (English) text when `message` translates it. */
  original?: string;
}

/** Limits of the subset; generous for real modules (the largest built-in one is about 25 KB). */
export const limits = {
  /** Bytes of the whole .mdx file. */
  maxBytes: 150_000,
  /** Depth of the syntax tree (lists in quotes in components …). */
  maxDepth: 12,
  /** Options of one question or judgement. */
  maxOptions: 8,
  /** Items in the quiz. */
  maxQuizItems: 80,
};

const components = new Set(["CaseVignette", "Reflection", "Callout", "Term", "Quiz", "Question", "Judgement", "Option"]);
/** Plain HTML elements an author may write, with the attributes each may carry (all literal). */
export const htmlAllowList = htmlElements;
/** URL schemes allowed in links; relative URLs (/…, #…, ./…) are allowed too. Images: https only. */
const linkSchemes = new Set(["http:", "https:", "mailto:", "tel:"]);

interface Pos {
  start?: { line: number; column: number };
}
interface MdNode {
  type: string;
  name?: string | null;
  url?: string;
  value?: unknown;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: MdNode[];
  position?: Pos;
}

const at = (node: MdNode | undefined): { line: number; column: number } => ({
  line: node?.position?.start?.line ?? 1,
  column: node?.position?.start?.column ?? 1,
});

/** Decodes bytes as strict UTF-8; null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Scheme of a URL as a browser would read it (control characters and blanks removed), or null when relative. */
function schemeOf(url: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  const match = /^([a-z][a-z0-9+.-]*):/.exec(cleaned);
  if (match) return `${match[1]}:`;
  // Anything with a colon before the first / ? # is a scheme to a browser too (e.g. "java&#x09;script:").
  const head = cleaned.split(/[/?#]/)[0];
  return head.includes(":") ? head.slice(0, head.indexOf(":") + 1) : null;
}

/** Checks the syntax tree of `source` against the safe subset. Does not compile. */
export function checkSafeSubset(source: string): SafetyProblem[] {
  const problems: SafetyProblem[] = [];
  const bytes = Buffer.byteLength(source, "utf8");
  if (bytes > limits.maxBytes)
    return [{ line: 1, column: 1, message: `Das Modul ist zu groß (${Math.round(bytes / 1000)} KB); erlaubt sind höchstens ${limits.maxBytes / 1000} KB. Teilen Sie es in zwei Module auf.` }];
  // eslint-disable-next-line no-control-regex -- NUL is one of the characters refused here
  const badChar = /[\uFFFD\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(source);
  if (badChar) {
    const before = source.slice(0, badChar.index).split("\n");
    return [{ line: before.length, column: before[before.length - 1].length + 1, message: "Der Text enthält ungültige Zeichen (kein gültiges UTF-8). Bitte speichern Sie die Datei als UTF-8." }];
  }
  let tree: MdNode;
  try {
    tree = fromMarkdown(source, {
      extensions: [frontmatter(["yaml"]), mdxjs()],
      mdastExtensions: [frontmatterFromMarkdown(["yaml"]), mdxFromMarkdown()],
    }) as unknown as MdNode;
  } catch (error) {
    const e = error as { line?: number; column?: number; place?: { line?: number; column?: number; start?: { line: number; column: number } }; reason?: string; message?: string };
    const place = e.place && "start" in e.place && e.place.start ? e.place.start : (e.place as { line?: number; column?: number } | undefined);
    const reason = e.reason ?? e.message ?? String(error);
    return [
      {
        line: lineInMessage(reason) ?? e.line ?? place?.line ?? 1,
        column: lineInMessage(reason) ? 1 : (e.column ?? place?.column ?? 1),
        ...germanSyntaxMessage(reason),
      },
    ];
  }
  const problem = (node: MdNode | undefined, message: string) => problems.push({ ...at(node), message });

  const checkUrl = (node: MdNode, kind: "link" | "image") => {
    const url = typeof node.url === "string" ? node.url : "";
    const scheme = schemeOf(url);
    if (scheme === null) return;
    if (kind === "image" && scheme !== "https:") problem(node, `Bilder nur über https:// einbinden; „${scheme}“ ist nicht erlaubt.`);
    else if (kind === "link" && !linkSchemes.has(scheme))
      problem(node, `Links mit „${scheme}“ sind nicht erlaubt; erlaubt sind https://, http://, mailto:, tel: und Pfade innerhalb von Horizont.`);
  };

  const checkJsx = (node: MdNode, parent: MdNode | null) => {
    const name = node.name ?? "";
    if (!name) return problem(node, "Leere Elemente <>…</> sind nicht erlaubt.");
    const isComponent = components.has(name);
    const htmlAttributes = htmlAllowList[name];
    if (!isComponent && !htmlAttributes) {
      const hint = /^[a-z]/.test(name) ? `HTML-Element <${name}> ist nicht erlaubt; erlaubt sind ${Object.keys(htmlAllowList).map((n) => `<${n}>`).join(", ")}.` : `<${name}> ist keine Kurskomponente; erlaubt sind ${[...components].map((c) => `<${c}>`).join(", ")}.`;
      problem(node, hint);
    }
    for (const attr of node.attributes ?? []) {
      if (attr.type !== "mdxJsxAttribute") {
        problem(node, `<${name}>: Attribute mit {…} (Spread) sind nicht erlaubt.`);
        continue;
      }
      const attrName = attr.name ?? "";
      if (/^on/i.test(attrName)) problem(node, `<${name}>: Ereignis-Attribute wie „${attrName}“ sind nicht erlaubt.`);
      else if (htmlAttributes && !isComponent && !htmlAttributes.includes(attrName)) problem(node, `<${name}>: Attribut „${attrName}“ ist nicht erlaubt.`);
      if (attr.value !== null && typeof attr.value === "object") {
        // Only a literal number in points={…} of an <Option>; anything else would be code.
        const expression = String((attr.value as { value?: unknown }).value ?? "").trim();
        if (!(name === "Option" && attrName === "points" && /^[0-2]$/.test(expression)))
          problem(node, `<${name}>: Der Wert von „${attrName}“ muss Text in Anführungszeichen sein; JavaScript in {…} ist nicht erlaubt (nur points={0}, {1} oder {2}).`);
      }
      if (typeof attr.value === "string" && /^(href|src|action|formaction)$/i.test(attrName)) problem(node, `<${name}>: Attribut „${attrName}“ ist nicht erlaubt.`);
    }
    if ((name === "Question" || name === "Judgement") && parent) {
      // Options stand directly in the element or, written on one line each, in its paragraph.
      const flat = (node.children ?? []).flatMap((c) => (c.type === "paragraph" ? (c.children ?? []) : [c]));
      const options = flat.filter((c) => c.name === "Option").length;
      if (options > limits.maxOptions) problem(node, `<${name}> hat ${options} Antwortoptionen; erlaubt sind höchstens ${limits.maxOptions}.`);
    }
    if (name === "Quiz") {
      const items = (node.children ?? []).flatMap((c) => (c.type === "paragraph" ? (c.children ?? []) : [c])).filter((c) => c.name === "Question" || c.name === "Judgement").length;
      if (items > limits.maxQuizItems) problem(node, `Das Quiz hat ${items} Fragen; erlaubt sind höchstens ${limits.maxQuizItems}.`);
    }
  };

  // Iterative walk: a hostile document must not overflow the stack.
  const stack: { node: MdNode; parent: MdNode | null; depth: number }[] = [{ node: tree, parent: null, depth: 0 }];
  let tooDeep = false;
  while (stack.length) {
    const { node, parent, depth } = stack.pop()!;
    if (depth > limits.maxDepth) {
      if (!tooDeep) problem(node, `Zu tief verschachtelt (mehr als ${limits.maxDepth} Ebenen aus Listen, Zitaten und Komponenten). Bitte vereinfachen Sie die Gliederung.`);
      tooDeep = true;
      continue;
    }
    switch (node.type) {
      case "mdxjsEsm":
        problem(node, "„import“ und „export“ sind in Modulen nicht erlaubt.");
        continue;
      case "mdxFlowExpression":
      case "mdxTextExpression":
        problem(node, "JavaScript in geschweiften Klammern {…} ist nicht erlaubt. Für eine wörtliche Klammer schreiben Sie \\{.");
        continue;
      case "html":
        problem(node, "HTML ist hier nicht erlaubt.");
        continue;
      case "link":
      case "definition":
        checkUrl(node, "link");
        break;
      case "image":
      case "imageReference":
        if (node.type === "image") checkUrl(node, "image");
        break;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement":
        checkJsx(node, parent);
        break;
    }
    for (const child of node.children ?? []) stack.push({ node: child, parent: node, depth: depth + 1 });
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

export type AuthoredCheck =
  | { ok: true; frontmatter: ModuleFrontmatter; hash: string; code: string; extracted: ExtractedModule }
  | { ok: false; errors: SafetyProblem[] };

/**
 * The whole check of an authored module: safe subset, frontmatter (same zod schema as courses/,
 * `moduleId` must match), level limit, then the compile pipeline; with `rules` (when it is sent to
 * review) also the editorial content rules of `npm run courses:check` (content-rules.ts). Every
 * message in German, the original kept. Nothing is stored here.
 */
export async function checkAuthoredModule(source: string, moduleId: string, options: { rules?: boolean; today?: Date } = {}): Promise<AuthoredCheck> {
  const unsafe = checkSafeSubset(source);
  if (unsafe.length) return { ok: false, errors: unsafe };
  const parsed = parseModuleFrontmatter(source, `${moduleId}.mdx`, moduleId);
  if (!parsed.value) return { ok: false, errors: parsed.errors.map((e) => ({ line: e.line, column: 1, ...germanFrontmatterMessage(e.message) })) };
  const fm = parsed.value;
  const levelProblems = Object.entries(fm.competences)
    .filter(([, level]) => level > maxModuleLevel)
    .map(([id, level]) => ({ line: 1, column: 1, message: `Kopfdaten – Kompetenzen: ${id} mit Stufe ${level} – ein Modul bescheinigt höchstens Stufe ${maxModuleLevel}.` }));
  if (levelProblems.length) return { ok: false, errors: levelProblems };
  const compiled = await compileModule(source, `${moduleId}.mdx`);
  if (!compiled.ok) return { ok: false, errors: compiled.errors.map((e) => ({ line: e.line, column: 1, ...germanCompileMessage(e.message) })) };
  if (options.rules) {
    const findings = checkModule(
      {
        file: `${moduleId}.mdx`,
        attemptSize: fm.attemptSize ?? null,
        leitziele: fm.leitziele ?? [],
        legalBasis: fm.legalBasis ?? [],
        reviewedAt: fm.reviewedAt ?? null,
        expiresAfterMonths: fm.expiresAfterMonths ?? null,
        competences: Object.entries(fm.competences).map(([competenceId, level]) => ({ competenceId, level })),
        body: splitFrontmatter(source)?.body ?? source,
        key: compiled.extracted.key,
      },
      options.today ?? new Date(),
    ).filter((f) => f.level === "error");
    if (findings.length) return { ok: false, errors: findings.map((f) => ({ line: 1, column: 1, ...germanRuleMessage(f.message) })) };
  }
  return { ok: true, frontmatter: fm, hash: contentHash(source), code: compiled.code, extracted: compiled.extracted };
}
