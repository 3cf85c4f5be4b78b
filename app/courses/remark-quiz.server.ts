// The remark plugin every module is compiled with: it checks that the module uses only the
// documented components (courses/README.md), takes the answer key (`correct`, `points`,
// `explanation` of every <Option>) out of the tree into server-only data, and leaves the
// browser's code with question ids, prompts and option texts only.
import type { Root } from "mdast";
import type { QuizKey, KeyQuestion } from "./grading";

export interface ExtractedModule {
  key: QuizKey;
  reflections: { id: string; prompt: string }[];
  glossary: { term: string; definition: string }[];
  /** Problems with the line they are on (absolute line in the .mdx file). */
  problems: { line: number; message: string }[];
}

interface JsxAttribute {
  type: "mdxJsxAttribute";
  name: string;
  value?: string | null | { type: "mdxJsxAttributeValueExpression"; value: string };
}

interface JsxElement extends Node {
  type: "mdxJsxFlowElement" | "mdxJsxTextElement";
  name: string | null;
  attributes: (JsxAttribute | { type: "mdxJsxExpressionAttribute"; value: string })[];
  children: Node[];
  position?: { start: { line: number } };
}

/** The few mdast fields the plugin reads (the tree holds mdast and MDX node types). */
interface Node {
  type: string;
  children?: Node[];
  position?: { start: { line: number } };
  value?: unknown;
}

const components = new Set(["CaseVignette", "Reflection", "Callout", "Term", "Quiz", "Question", "Judgement", "Option"]);
const allowedAttributes: Record<string, string[]> = {
  CaseVignette: ["title"],
  Reflection: ["id", "prompt"],
  Callout: ["type", "title"],
  Term: ["definition"],
  Quiz: [],
  Question: ["id", "type", "prompt"],
  Judgement: ["id", "scene", "prompt"],
  Option: ["correct", "points", "explanation"],
};
/** Plain HTML elements allowed in module text, with the (literal) attributes each may carry. */
export const htmlElements: Record<string, string[]> = { br: [], abbr: ["title"], sub: [], sup: [], kbd: [] };
const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const isJsx = (node: Node): node is JsxElement & Node => node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement";

function plainText(node: Node): string {
  if (typeof node.value === "string" && (node.type === "text" || node.type === "inlineCode")) return node.value;
  return (node.children ?? []).map(plainText).join("");
}

/** The remark plugin; fills `out` while it transforms the tree. */
export function remarkQuiz(out: ExtractedModule) {
  return () => (tree: Root) => {
    const problem = (node: Node | undefined, message: string) => out.problems.push({ line: node?.position?.start.line ?? 1, message });
    let quizzes = 0;
    let vignettes = 0;
    const questionIds = new Set<string>();
    const reflectionIds = new Set<string>();

    const attributesOf = (node: JsxElement & Node) => {
      const attrs = new Map<string, JsxAttribute["value"]>();
      for (const attr of node.attributes) {
        if (attr.type !== "mdxJsxAttribute") {
          problem(node, `<${node.name}>: spread attributes are not allowed`);
          continue;
        }
        if (!allowedAttributes[node.name!].includes(attr.name)) problem(node, `<${node.name}>: unknown attribute "${attr.name}"`);
        attrs.set(attr.name, attr.value);
      }
      return attrs;
    };
    const stringAttr = (node: JsxElement & Node, attrs: Map<string, JsxAttribute["value"]>, name: string, required: boolean) => {
      const value = attrs.get(name);
      if (value === undefined) {
        if (required) problem(node, `<${node.name}>: missing attribute ${name}="…"`);
        return undefined;
      }
      if (typeof value !== "string" || value.trim() === "") {
        problem(node, `<${node.name}>: ${name} must be a non-empty text in double quotes`);
        return undefined;
      }
      return value;
    };

    const readOption = (node: JsxElement & Node, question: KeyQuestion, index: number) => {
      const attrs = attributesOf(node);
      const explanation = stringAttr(node, attrs, "explanation", true) ?? "";
      const text = plainText(node).trim();
      if (!text) problem(node, `<Option>: the option needs a text`);
      const correctValue = attrs.get("correct");
      if (correctValue !== undefined && correctValue !== null) problem(node, `<Option>: write correct without a value`);
      const correct = attrs.has("correct");
      let points = correct ? 1 : 0;
      if (question.kind === "judgement") {
        if (correct) problem(node, `<Option> in <Judgement>: use points={0|1|2}, not correct`);
        const raw = attrs.get("points");
        const value = typeof raw === "object" && raw !== null ? raw.value.trim() : undefined;
        if (value === undefined || !/^[012]$/.test(value)) problem(node, `<Option> in <Judgement>: points must be {0}, {1} or {2}`);
        points = value !== undefined && /^[012]$/.test(value) ? Number(value) : 0;
      } else if (attrs.has("points")) problem(node, `<Option> in <Question>: points are only for <Judgement>; use correct`);
      // Strip the answer key; what remains is the option's value and its plain text.
      const value = String(index);
      node.attributes = [{ type: "mdxJsxAttribute", name: "value", value }];
      node.children = [{ type: "text", value: text } as Node];
      question.options.push({ value, text, correct, points, explanation });
    };

    const readQuestion = (node: JsxElement & Node) => {
      const attrs = attributesOf(node);
      const id = stringAttr(node, attrs, "id", true);
      const prompt = stringAttr(node, attrs, "prompt", true) ?? "";
      let kind: KeyQuestion["kind"] = "judgement";
      if (node.name === "Question") {
        const type = stringAttr(node, attrs, "type", true);
        if (type !== undefined && type !== "single" && type !== "multiple") problem(node, `<Question>: type must be "single" or "multiple"`);
        kind = type === "multiple" ? "multiple" : "single";
      }
      const scene = node.name === "Judgement" ? stringAttr(node, attrs, "scene", true) : undefined;
      if (id !== undefined) {
        if (!idPattern.test(id)) problem(node, `<${node.name}>: id "${id}" must use lowercase letters, digits and dashes`);
        if (questionIds.has(id)) problem(node, `<${node.name}>: duplicate question id "${id}"`);
        questionIds.add(id);
      }
      const question: KeyQuestion = { id: id ?? "", kind, prompt, scene, options: [] };
      for (const child of node.children) {
        if (isJsx(child) && child.name === "Option") readOption(child, question, question.options.length);
        else if (isJsx(child)) problem(child, `<${node.name}> may contain only <Option> elements, found <${child.name ?? ""}>`);
        else if (plainText(child).trim()) problem(child, `<${node.name}> may contain only <Option> elements, found text`);
      }
      node.children = node.children.filter(isJsx);
      const n = question.options.length;
      const correct = question.options.filter((o) => o.correct).length;
      if (n < 2) problem(node, `<${node.name} id="${question.id}">: needs at least 2 options, has ${n}`);
      if (kind === "single" && correct !== 1) problem(node, `<Question id="${question.id}" type="single">: exactly one option must be correct, found ${correct}`);
      if (kind === "multiple" && correct < 1) problem(node, `<Question id="${question.id}" type="multiple">: at least one option must be correct`);
      if (kind === "judgement" && !question.options.some((o) => o.points === 2))
        problem(node, `<Judgement id="${question.id}">: at least one option must have points={2}`);
      out.key.questions.push(question);
    };

    const visit = (node: Node, parent: Node | null) => {
      // remark-mdx-frontmatter adds the frontmatter export (no position): only authored ones are refused.
      if (node.type === "mdxjsEsm" && node.position) return problem(node, "imports and exports are not allowed in a module");
      if (node.type === "mdxjsEsm") return;
      if (node.type === "mdxFlowExpression" || node.type === "mdxTextExpression")
        return problem(node, "JavaScript expressions {…} are not allowed (only numbers in points={…})");
      if (isJsx(node) && node.name && Object.hasOwn(htmlElements, node.name)) {
        for (const attr of node.attributes)
          if (attr.type !== "mdxJsxAttribute" || !htmlElements[node.name].includes(attr.name) || typeof attr.value !== "string")
            problem(node, `<${node.name}>: only ${htmlElements[node.name].map((a) => `${a}="…"`).join(", ") || "no"} attributes are allowed`);
      } else if (isJsx(node)) {
        if (!node.name || !components.has(node.name)) return problem(node, `<${node.name ?? ""}> is not one of the course components (${[...components].join(", ")})`);
        if (node.name === "Quiz") {
          quizzes++;
          if (parent?.type !== "root") problem(node, "<Quiz> must stand at the top level of the module");
          attributesOf(node);
          for (const child of node.children) {
            if (isJsx(child) && (child.name === "Question" || child.name === "Judgement")) readQuestion(child);
            else if (isJsx(child)) problem(child, `<Quiz> may contain only <Question> and <Judgement>, found <${child.name ?? ""}>`);
            else if (plainText(child).trim()) problem(child, "<Quiz> may contain only <Question> and <Judgement>, found text");
          }
          node.children = node.children.filter(isJsx);
          return;
        }
        if (node.name === "Question" || node.name === "Judgement" || node.name === "Option")
          return problem(node, `<${node.name}> must stand inside ${node.name === "Option" ? "<Question> or <Judgement>" : "<Quiz>"}`);
        const attrs = attributesOf(node);
        if (node.name === "Reflection") {
          const id = stringAttr(node, attrs, "id", true);
          const prompt = stringAttr(node, attrs, "prompt", true);
          if (id !== undefined) {
            if (!idPattern.test(id)) problem(node, `<Reflection>: id "${id}" must use lowercase letters, digits and dashes`);
            if (reflectionIds.has(id)) problem(node, `<Reflection>: duplicate id "${id}"`);
            reflectionIds.add(id);
            if (prompt) out.reflections.push({ id, prompt });
          }
        } else if (node.name === "Callout") {
          const type = stringAttr(node, attrs, "type", true);
          if (type !== undefined && !["info", "tip", "warning"].includes(type)) problem(node, `<Callout>: type must be info, tip or warning`);
          stringAttr(node, attrs, "title", false);
        } else if (node.name === "CaseVignette") {
          vignettes++;
          stringAttr(node, attrs, "title", false);
        } else if (node.name === "Term") {
          const definition = stringAttr(node, attrs, "definition", true);
          const term = plainText(node).trim();
          if (!term) problem(node, "<Term>: the term needs a text");
          if (definition && term && !out.glossary.some((g) => g.term === term)) out.glossary.push({ term, definition });
        }
      }
      for (const child of node.children ?? []) visit(child, node);
    };

    visit(tree as unknown as Node, null);
    if (quizzes !== 1) problem(undefined, `a module needs exactly one <Quiz>, found ${quizzes}`);
    else {
      if (out.key.questions.length < 5) problem(undefined, `the quiz needs at least 5 questions, found ${out.key.questions.length}`);
      if (!out.key.questions.some((q) => q.kind === "judgement")) problem(undefined, "the quiz needs at least one <Judgement>");
    }
    if (vignettes < 1) problem(undefined, "a module needs at least one <CaseVignette>");
    if (out.reflections.length < 1) problem(undefined, "a module needs at least one <Reflection>");
    out.glossary.sort((a, b) => a.term.localeCompare(b.term, "de"));
  };
}

export function emptyExtraction(): ExtractedModule {
  return { key: { questions: [] }, reflections: [], glossary: [], problems: [] };
}
