// German messages for editors (issue 14): the compile pipeline (MDX parser, remark-quiz), the
// frontmatter schema of courses/ and the editorial content rules report in English for developers
// (`npm run courses:check`). Editors get an understandable German sentence instead; the original
// stays available (the editor page shows it in a <details> element) so nothing is lost in translation.

type Rule = [RegExp, (m: RegExpExecArray) => string];

const q = (s: string) => `„${s}“`;
const literalHint = "Für ein wörtliches Zeichen schreiben Sie \\< bzw. \\{.";

/** MDX syntax (micromark, mdast-util-mdx-jsx, acorn). */
const syntaxRules: Rule[] = [
  [/^Expected a closing tag for `<([^>`]*)>` \((\d+):\d+-[\d:]+\)/, (m) => `Zu <${m[1]}> (Zeile ${m[2]}) fehlt das schließende </${m[1]}>.`],
  [/^Expected the closing tag `<\/([^>`]*)>` either after the end of `(\w+)`/, (m) => `Das schließende </${m[1]}> steht an der falschen Stelle: Öffnendes und schließendes Element müssen im selben Absatz bzw. Block stehen.`],
  [
    /^Unexpected closing tag `<\/([^>`]*)>`, expected corresponding closing tag for `<([^>`]*)>` \((\d+):/,
    (m) => `Hier wird </${m[1]}> geschlossen, offen ist aber noch <${m[2]}> aus Zeile ${m[3]}. Schließen Sie zuerst </${m[2]}>.`,
  ],
  [/^Unexpected closing slash `\/` in tag, expected an open tag first/, () => `Ein schließendes Element </…> ohne passendes öffnendes Element. ${literalHint}`],
  [/^Unexpected (?:character `.*?` \(U\+[0-9A-F]+\)|end of file) before attribute value/, () => "Attributwerte stehen in geraden Anführungszeichen, z. B. title=\"Beispiel\"."],
  [/^Unexpected character `.*?` \(U\+[0-9A-F]+\) in attribute value/, () => "Der Attributwert ist nicht richtig in geraden Anführungszeichen \"…\" eingeschlossen."],
  [/^Unexpected end of file (?:in|before|after) (?:attribute|name|tag)/, () => "Ein Element <…> ist nicht abgeschlossen: Es fehlt das „>“ am Ende."],
  [/^Unexpected end of file in expression/, () => `Eine geschweifte Klammer { wird nicht geschlossen. ${literalHint}`],
  [/^Unexpected character `!` \(U\+0021\) before name/, () => "HTML-Kommentare <!-- … --> sind nicht erlaubt. Löschen Sie den Kommentar."],
  [/^Unexpected character `(.*?)` \(U\+[0-9A-F]+\) (?:before|in|after) (?:name|local name|member name)/, (m) => `Nach „<“ folgt ${q(m[1])}: Hier beginnt kein gültiges Element. ${literalHint}`],
  [/^Unexpected character `(.*?)` \(U\+[0-9A-F]+\) (?:before|after) attribute name/, (m) => `Im Element steht ${q(m[1])} an einer Stelle, an der ein Attributname (z. B. title) oder „>“ stehen muss.`],
  [/^Unexpected lazy line/, () => "Eine Zeile in einer Liste, einem Zitat (>) oder einer Komponente ist nicht eingerückt wie die Zeilen davor. Rücken Sie sie ein oder lassen Sie eine Leerzeile davor."],
  [/^Unexpected empty expression|^Could not parse expression|^Unexpected content after expression/, () => `JavaScript in geschweiften Klammern {…} ist nicht erlaubt. ${literalHint}`],
  [/^Unexpected attribute in closing tag/, () => "Ein schließendes Element </…> darf keine Attribute haben."],
  [/^Unexpected self-closing slash/, () => "Ein schließendes Element </…/> darf nicht zusätzlich mit / enden."],
];

/** remark-quiz (app/courses/remark-quiz.server.ts). */
const quizRules: Rule[] = [
  [/^<(\w+)>: spread attributes are not allowed/, (m) => `<${m[1]}>: Attribute mit {…} (Spread) sind nicht erlaubt.`],
  [/^<(\w+)>: unknown attribute "([^"]*)"/, (m) => `<${m[1]}>: Das Attribut ${q(m[2])} gibt es nicht.`],
  [/^<(\w+)>: missing attribute (\w+)="…"/, (m) => `<${m[1]}>: Das Attribut ${m[2]}="…" fehlt.`],
  [/^<(\w+)>: (\w+) must be a non-empty text in double quotes/, (m) => `<${m[1]}>: ${m[2]} muss ein Text in geraden Anführungszeichen sein und darf nicht leer sein.`],
  [/^<Option>: the option needs a text/, () => "<Option>: Die Antwortoption braucht einen Text."],
  [/^<Option>: write correct without a value/, () => "<Option>: Schreiben Sie nur „correct“, ohne Wert."],
  [/^<Option> in <Judgement>: use points/, () => "<Option> in <Judgement>: Verwenden Sie points={0}, {1} oder {2}, nicht correct."],
  [/^<Option> in <Judgement>: points must be/, () => "<Option> in <Judgement>: points muss {0}, {1} oder {2} sein."],
  [/^<Option> in <Question>: points are only for <Judgement>/, () => "<Option> in <Question>: points gibt es nur bei <Judgement>; markieren Sie richtige Antworten mit correct."],
  [/^<Question>: type must be "single" or "multiple"/, () => '<Question>: type muss "single" (eine richtige Antwort) oder "multiple" (mehrere) sein.'],
  [/^<(\w+)>: id "([^"]*)" must use lowercase letters/, (m) => `<${m[1]}>: Die id ${q(m[2])} darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.`],
  [/^<(\w+)>: duplicate (?:question )?id "([^"]*)"/, (m) => `<${m[1]}>: Die id ${q(m[2])} kommt doppelt vor; jede id muss eindeutig sein.`],
  [/^<(\w+)> may contain only <Option> elements, found (.*)/, (m) => `<${m[1]}> darf nur <Option>-Elemente enthalten (gefunden: ${m[2] === "text" ? "Text" : m[2]}).`],
  [/^<(\w+) id="([^"]*)">: needs at least 2 options, has (\d+)/, (m) => `<${m[1]} id="${m[2]}">: braucht mindestens 2 Antwortoptionen, hat ${m[3]}.`],
  [/^<Question id="([^"]*)" type="single">: exactly one option must be correct, found (\d+)/, (m) => `Frage ${q(m[1])}: Bei type="single" muss genau eine Option correct sein (gefunden: ${m[2]}).`],
  [/^<Question id="([^"]*)" type="multiple">: at least one option/, (m) => `Frage ${q(m[1])}: Bei type="multiple" muss mindestens eine Option correct sein.`],
  [/^<Judgement id="([^"]*)">: at least one option must have points=\{2\}/, (m) => `Einschätzung ${q(m[1])}: Mindestens eine Option muss points={2} haben.`],
  [/^imports and exports are not allowed/, () => "„import“ und „export“ sind in Modulen nicht erlaubt."],
  [/^JavaScript expressions/, () => `JavaScript in geschweiften Klammern {…} ist nicht erlaubt. ${literalHint}`],
  [/^<(\w+)>: only (.*) attributes? (?:is|are) allowed/, (m) => `<${m[1]}>: Erlaubt ist nur ${m[2] === "no" ? "kein Attribut" : m[2]}.`],
  [/^<([^>]*)> is not one of the course components/, (m) => `<${m[1]}> ist keine Kurskomponente.`],
  [/^<Quiz> must stand at the top level/, () => "<Quiz> muss auf oberster Ebene stehen, nicht in einer anderen Komponente oder Liste."],
  [/^<Quiz> may contain only <Question> and <Judgement>, found (.*)/, (m) => `<Quiz> darf nur <Question> und <Judgement> enthalten (gefunden: ${m[1] === "text" ? "Text" : m[1]}).`],
  [/^<(\w+)> must stand inside (.*)/, (m) => `<${m[1]}> muss innerhalb von ${m[2].replace(" or ", " oder ")} stehen.`],
  [/^<Callout>: type must be info, tip or warning/, () => '<Callout>: type muss "info", "tip" oder "warning" sein.'],
  [/^<Term>: the term needs a text/, () => "<Term>: Der Begriff braucht einen Text."],
  [/^a module needs exactly one <Quiz>, found (\d+)/, (m) => `Ein Modul braucht genau ein <Quiz> (gefunden: ${m[1]}).`],
  [/^the quiz needs at least 5 questions, found (\d+)/, (m) => `Das Quiz braucht mindestens 5 Fragen (gefunden: ${m[1]}).`],
  [/^the quiz needs at least one <Judgement>/, () => "Das Quiz braucht mindestens eine Einschätzung (<Judgement>)."],
  [/^a module needs at least one <CaseVignette>/, () => "Ein Modul braucht mindestens ein Fallbeispiel (<CaseVignette>)."],
  [/^a module needs at least one <Reflection>/, () => "Ein Modul braucht mindestens eine Reflexionsfrage (<Reflection>)."],
];

const fieldNames: Record<string, string> = {
  id: "Kennung (id)",
  title: "Titel",
  summary: "Kurzbeschreibung",
  minutes: "Dauer in Minuten",
  language: "Sprache",
  passMark: "Bestehensgrenze",
  expiresAfterMonths: "Gültigkeit in Monaten",
  attemptSize: "Fragen pro Versuch",
  leitziele: "Leitziele",
  legalBasis: "Rechtsgrundlagen",
  reviewedAt: "Rechtsstand (Datum)",
  reviewedBy: "Geprüft von",
  competences: "Kompetenzen",
};
const field = (name: string) => fieldNames[name.split(".")[0]] ?? name;

/** The zod schema of courses/ (app/courses/format.ts) and the frontmatter split. */
const frontmatterRules: Rule[] = [
  [/^missing field (\S+)/, (m) => `${field(m[1])}: Angabe fehlt.`],
  [/^unknown field\(s\): (.*)/, (m) => `Unbekannte Angabe(n) in den Kopfdaten: ${m[1]}.`],
  [/^YAML: (.*)/, () => "Die Kopfdaten (YAML) lassen sich nicht lesen. Prüfen Sie Doppelpunkte, Einrückung und Anführungszeichen."],
  [/^id "([^"]*)" must equal the file name "([^"]*)"/, (m) => `Die Kennung ${q(m[1])} muss ${q(m[2])} lauten (wie die Datei).`],
  [/^the module must start with YAML frontmatter/, () => "Das Modul muss mit Kopfdaten zwischen zwei Zeilen „---“ beginnen."],
  [/^competences(?:\.[^:]*)?: unknown competence id "([^"]*)"/, (m) => `Kompetenzen: ${q(m[1])} ist keine Kompetenz des Rahmens.`],
  [/^competences: a module must certify at least one competence/, () => "Kompetenzen: Ein Modul muss mindestens eine Kompetenz bescheinigen."],
  [/^([\w.]+): .*(?:must be|are) (\d+)–(\d+)/, (m) => `${field(m[1])}: Erlaubt sind Werte von ${m[2]} bis ${m[3]}.`],
  [/^([\w.]+): .*must be a whole number/, (m) => `${field(m[1])}: Bitte eine ganze Zahl angeben.`],
  [/^([\w.]+): .*must be a number/, (m) => `${field(m[1])}: Bitte eine Zahl angeben.`],
  [/^([\w.]+): .*must be a date YYYY-MM-DD/, (m) => `${field(m[1])}: Bitte ein Datum angeben (JJJJ-MM-TT).`],
  [/^([\w.]+): .*must not be empty/, (m) => `${field(m[1])}: Darf nicht leer sein.`],
  [/^([\w.]+): .*use lowercase letters, digits and dashes only/, (m) => `${field(m[1])}: Nur Kleinbuchstaben, Ziffern und Bindestriche.`],
  [/^([\w.]+): .*language must be de or en/, () => "Sprache: Deutsch (de) oder Englisch (en)."],
  [/^([\w.]+): name at least one Leitziel/, () => "Leitziele: Bitte mindestens ein Leitziel angeben."],
  [/^([\w.]+): legalBasis must name at least one norm/, () => "Rechtsgrundlagen: Bitte mindestens eine Norm angeben oder das Feld leer lassen."],
  [/^([\w.]+): (.*)/, (m) => `${field(m[1])}: Ungültige Angabe.`],
];

/** The editorial content rules (app/courses/content-rules.ts). */
const ruleRules: Rule[] = [
  [/^missing attemptSize/, () => "Fragen pro Versuch: Angabe fehlt (wie viele Fragen des Pools ein Versuch zeigt)."],
  [
    /^the quiz pool has (\d+) items; attemptSize (\d+) needs at least (\d+)/,
    (m) => `Das Quiz hat ${m[1]} Fragen; bei ${m[2]} Fragen pro Versuch braucht es mindestens ${m[3]}, damit eine Wiederholung andere Fragen zieht.`,
  ],
  [/^the quiz pool has (\d+) <Judgement> items; at least (\d+) are needed/, (m) => `Das Quiz hat ${m[1]} Einschätzungen (<Judgement>); nötig sind mindestens ${m[2]}.`],
  [/^the quiz pool has (\d+) <Question> items; attemptSize (\d+) needs at least (\d+)/, (m) => `Das Quiz hat ${m[1]} Fragen (<Question>); bei ${m[2]} Fragen pro Versuch sind mindestens ${m[3]} nötig.`],
  [
    /^the best option stands at position (\d+) in (\d+) of (\d+)/,
    (m) => `Die beste Antwort steht in ${m[2]} von ${m[3]} Fragen an Position ${m[1]} (mehr als die Hälfte). Bitte mischen Sie die Reihenfolge der Optionen.`,
  ],
  [/^the best option is the longest in (\d+) of (\d+)/, (m) => `Die beste Antwort ist in ${m[1]} von ${m[2]} Fragen die längste (mehr als die Hälfte). Bitte gleichen Sie die Länge der Optionen an.`],
  [/^certifies (\S+) at level (\d+): a module certifies at most level (\d+)/, (m) => `Kompetenzen: ${m[1]} mit Stufe ${m[2]} – ein Modul bescheinigt höchstens Stufe ${m[3]} (Stufe 3 setzt beobachtete Praxis oder einen Workshop voraus).`],
  [/^missing leitziele/, () => "Leitziele: Bitte mindestens ein Leitziel (1–12) angeben, das das Modul vermittelt."],
  [/^the module cites legal norms but has no legalBasis/, () => "Der Text macht Aussagen über das Recht (Normzitate, Gesetze oder Rechtsbegriffe wie Fiktionsbescheinigung oder Arbeitsunfall), die Kopfdaten nennen aber keine Rechtsgrundlagen. Bitte tragen Sie die Normen ein."],
  [/^legalBasis entry "([^"]*)" is not a citation/, (m) => `Rechtsgrundlagen: ${q(m[1])} ist kein Normzitat, das eine erfasste Rechtsänderung treffen kann. Bitte so angeben: „§ 4 BQFG“, „§ 81 Abs. 4 AufenthG“ oder „Art. 6 DSGVO“.`],
  [/^a module with legal content needs expiresAfterMonths of at most (\d+)/, (m) => `Gültigkeit in Monaten: Ein Modul mit Rechtsgrundlagen gilt höchstens ${m[1]} Monate.`],
  [/^a module with legal content needs reviewedAt/, () => "Rechtsstand (Datum): Ein Modul mit Rechtsgrundlagen braucht das Datum der letzten rechtlichen Prüfung."],
  [/^reviewedAt (\S+) is (\d+) months old or older/, (m) => `Der Rechtsstand ${m[1]} ist ${m[2]} Monate oder älter: Bitte prüfen Sie den Inhalt gegen die aktuelle Rechtslage.`],
];

export interface GermanMessage {
  message: string;
  /** The compiler's or checker's own text, when `message` is a translation of it. */
  original?: string;
}

function translate(rules: Rule[], original: string): string | null {
  for (const [pattern, german] of rules) {
    const m = pattern.exec(original);
    if (m) return german(m);
  }
  return null;
}

/** An MDX syntax error (parser `reason`) in German; unknown ones get a general sentence. */
export function germanSyntaxMessage(original: string): GermanMessage {
  const german = translate(syntaxRules, original);
  return { message: german ?? `Der Text lässt sich an dieser Stelle nicht lesen (MDX-Syntax). Prüfen Sie spitze Klammern < > und geschweifte Klammern { }. ${literalHint}`, original };
}

/** A message of the compile pipeline (remark-quiz, esbuild, MDX) in German. */
export function germanCompileMessage(original: string): GermanMessage {
  const german = translate(quizRules, original) ?? translate(syntaxRules, original);
  return { message: german ?? "Der Text lässt sich nicht übersetzen. Die Originalmeldung steht unten.", original };
}

/** A frontmatter error of the courses/ schema in German. */
export function germanFrontmatterMessage(original: string): GermanMessage {
  return { message: `Kopfdaten – ${translate(frontmatterRules, original) ?? "ungültige Angabe."}`, original };
}

/** A finding of the editorial content rules in German. */
export function germanRuleMessage(original: string): GermanMessage {
  return { message: `Redaktionsregel: ${translate(ruleRules, original) ?? "Regel verletzt."}`, original };
}

/** The line a parser message names in parentheses, e.g. "(2:1-2:10)", if any. */
export function lineInMessage(original: string): number | null {
  const m = /\((\d+):\d+-\d+:\d+\)/.exec(original);
  return m ? Number(m[1]) : null;
}
