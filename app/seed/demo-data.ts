// The demo authority's people, units and role descriptions (no test code, no randomness:
// the same data on every machine).
import type { AccountRole } from "~/auth/roles";

export const demoPassword = "horizont-demo";

export interface DemoUnit {
  key: string;
  name: string;
  parent?: string;
}

export interface DemoRole {
  key: string;
  title: string;
  payScheme: "TVöD" | "TV-L" | "Besoldung";
  payGrade: string;
  tasks: { title: string; category: "counselling" | "service_information" | "casework_decision" | "leadership" | "other"; share: number }[];
  requirements: Record<string, number>;
}

export interface DemoPerson {
  givenName: string;
  familyName: string;
  email?: string;
  unit: string;
  /** Key of the role description; none for the IT administrator. */
  role?: string;
  roles: AccountRole[];
  leads?: string[];
  fte?: number;
}

export const demoAuthority = { slug: "musterstadt", name: "Ausländerbehörde Musterstadt" };

export const demoUnits: DemoUnit[] = [
  { key: "leitung", name: "Leitung der Ausländerbehörde" },
  { key: "aufenthalt1", name: "Aufenthalt 1", parent: "leitung" },
  { key: "aufenthalt2", name: "Aufenthalt 2", parent: "leitung" },
  { key: "servicepoint", name: "Servicepoint", parent: "leitung" },
  { key: "einbuergerung", name: "Einbürgerung", parent: "leitung" },
  { key: "zentrale", name: "Zentrale Dienste", parent: "leitung" },
];

const all = (level: number, overrides: Record<string, number>) => {
  const ids = [
    "k.residence-paths", "k.migration-contexts", "k.culture-concepts", "k.anti-discrimination", "k.support-network",
    "c.plain-language", "c.explaining-decisions", "c.interpreters", "c.active-listening", "c.de-escalation",
    "s.empathy", "s.ambiguity", "s.self-reflection", "s.service-attitude", "s.resilience",
  ];
  return Object.fromEntries(ids.map((id) => [id, overrides[id] ?? level]));
};

export const demoRoles: DemoRole[] = [
  {
    key: "caseworker",
    title: "Sachbearbeitung Aufenthaltsrecht",
    payScheme: "TVöD",
    payGrade: "EG 9b",
    tasks: [
      { title: "Prüfung und Entscheidung über Anträge auf Aufenthaltstitel", category: "casework_decision", share: 55 },
      { title: "Beratung zu aufenthaltsrechtlichen Anliegen und Perspektiven", category: "counselling", share: 25 },
      { title: "Auskünfte, Terminvergabe und Schriftverkehr", category: "service_information", share: 15 },
      { title: "Fortbildung und Abstimmung im Team", category: "other", share: 5 },
    ],
    requirements: all(1, {
      "k.residence-paths": 3, "c.explaining-decisions": 3, "c.plain-language": 2, "c.interpreters": 2,
      "s.service-attitude": 2, "k.anti-discrimination": 2, "c.active-listening": 2, "c.de-escalation": 2,
      "k.culture-concepts": 2, "s.empathy": 2,
    }),
  },
  {
    key: "servicepoint",
    title: "Servicepoint / Empfang",
    payScheme: "TVöD",
    payGrade: "EG 8",
    tasks: [
      { title: "Empfang, Erstklärung der Anliegen und Weiterleitung", category: "service_information", share: 50 },
      { title: "Erstberatung und Verweis an Beratungsstellen", category: "counselling", share: 25 },
      { title: "Annahme und Vorprüfung von Unterlagen", category: "casework_decision", share: 20 },
      { title: "Sonstiges", category: "other", share: 5 },
    ],
    requirements: all(1, {
      "c.de-escalation": 3, "c.active-listening": 3, "k.support-network": 3, "s.service-attitude": 3,
      "c.interpreters": 2, "c.plain-language": 2, "s.empathy": 2, "s.resilience": 2,
    }),
  },
  {
    key: "naturalisation",
    title: "Sachbearbeitung Einbürgerung",
    payScheme: "TVöD",
    payGrade: "EG 9b",
    tasks: [
      { title: "Prüfung und Entscheidung über Einbürgerungsanträge", category: "casework_decision", share: 60 },
      { title: "Einbürgerungsberatung", category: "counselling", share: 25 },
      { title: "Auskünfte und Schriftverkehr", category: "service_information", share: 15 },
    ],
    requirements: all(1, {
      "k.residence-paths": 3, "c.explaining-decisions": 3, "c.plain-language": 2, "s.service-attitude": 2,
      "k.anti-discrimination": 2, "c.active-listening": 2,
    }),
  },
  {
    key: "lead",
    title: "Teamleitung Ausländerbehörde",
    payScheme: "TVöD",
    payGrade: "EG 11",
    tasks: [
      { title: "Führung, Personaleinsatz und Qualitätssicherung", category: "leadership", share: 45 },
      { title: "Entscheidung in schwierigen Fällen", category: "casework_decision", share: 30 },
      { title: "Beratung in besonderen Fällen", category: "counselling", share: 15 },
      { title: "Zusammenarbeit mit Beratungsstellen und anderen Ämtern", category: "service_information", share: 10 },
    ],
    requirements: all(2, { "s.self-reflection": 3, "c.explaining-decisions": 3, "k.residence-paths": 3, "k.support-network": 3 }),
  },
  {
    key: "hr",
    title: "Personalsachbearbeitung",
    payScheme: "TVöD",
    payGrade: "EG 9c",
    tasks: [
      { title: "Personalplanung und Stellenbemessung", category: "casework_decision", share: 60 },
      { title: "Beratung von Beschäftigten und Führungskräften", category: "counselling", share: 25 },
      { title: "Auskünfte und Verwaltung", category: "service_information", share: 15 },
    ],
    requirements: all(1, { "k.anti-discrimination": 2, "s.self-reflection": 2 }),
  },
];

export const demoPeople: DemoPerson[] = [
  // Aufenthalt 1
  { givenName: "Jonas", familyName: "Weber", unit: "aufenthalt1", role: "lead", roles: ["employee", "lead"], leads: ["aufenthalt1"] },
  { givenName: "Anna", familyName: "Schmidt", unit: "aufenthalt1", role: "caseworker", roles: ["employee"] },
  { givenName: "Mehmet", familyName: "Demir", unit: "aufenthalt1", role: "caseworker", roles: ["employee"] },
  { givenName: "Katarzyna", familyName: "Nowak", unit: "aufenthalt1", role: "caseworker", roles: ["employee"], fte: 0.75 },
  { givenName: "Tobias", familyName: "Becker", unit: "aufenthalt1", role: "caseworker", roles: ["employee"] },
  { givenName: "Fatma", familyName: "Aydın", email: "fatma.aydin@musterstadt.example", unit: "aufenthalt1", role: "caseworker", roles: ["employee"], fte: 0.5 },
  { givenName: "Lukas", familyName: "Hoffmann", unit: "aufenthalt1", role: "caseworker", roles: ["employee"] },
  { givenName: "Olga", familyName: "Petrenko", unit: "aufenthalt1", role: "caseworker", roles: ["employee"] },
  { givenName: "Sven", familyName: "Krüger", unit: "aufenthalt1", role: "caseworker", roles: ["employee"] },
  { givenName: "Amina", familyName: "Haddad", unit: "aufenthalt1", role: "caseworker", roles: ["employee"], fte: 0.8 },
  { givenName: "Marie", familyName: "Wagner", unit: "aufenthalt1", role: "caseworker", roles: ["employee"] },
  // Aufenthalt 2
  { givenName: "Lea", familyName: "Yılmaz", email: "lea.yilmaz@musterstadt.example", unit: "aufenthalt2", role: "lead", roles: ["employee", "lead"], leads: ["aufenthalt2"] },
  { givenName: "Daniel", familyName: "Fischer", unit: "aufenthalt2", role: "caseworker", roles: ["employee"] },
  { givenName: "Ioana", familyName: "Popescu", unit: "aufenthalt2", role: "caseworker", roles: ["employee"] },
  { givenName: "Thomas", familyName: "Schulz", unit: "aufenthalt2", role: "caseworker", roles: ["employee"], fte: 0.5 },
  { givenName: "Nadia", familyName: "Rahimi", unit: "aufenthalt2", role: "caseworker", roles: ["employee"] },
  { givenName: "Felix", familyName: "Braun", unit: "aufenthalt2", role: "caseworker", roles: ["employee"] },
  { givenName: "Elena", familyName: "Rossi", unit: "aufenthalt2", role: "caseworker", roles: ["employee"], fte: 0.75 },
  { givenName: "Kwame", familyName: "Mensah", unit: "aufenthalt2", role: "caseworker", roles: ["employee"] },
  { givenName: "Julia", familyName: "Neumann", unit: "aufenthalt2", role: "caseworker", roles: ["employee"] },
  { givenName: "Hakan", familyName: "Öztürk", email: "hakan.oeztuerk@musterstadt.example", unit: "aufenthalt2", role: "caseworker", roles: ["employee"] },
  { givenName: "Sabine", familyName: "Richter", unit: "aufenthalt2", role: "caseworker", roles: ["employee"], fte: 0.6 },
  // Servicepoint
  { givenName: "Petra", familyName: "Zimmermann", unit: "servicepoint", role: "lead", roles: ["employee", "lead"], leads: ["servicepoint"] },
  { givenName: "Dragan", familyName: "Jovanović", email: "dragan.jovanovic@musterstadt.example", unit: "servicepoint", role: "servicepoint", roles: ["employee"] },
  { givenName: "Laura", familyName: "Koch", unit: "servicepoint", role: "servicepoint", roles: ["employee"] },
  { givenName: "Samira", familyName: "El-Amrani", email: "samira.el-amrani@musterstadt.example", unit: "servicepoint", role: "servicepoint", roles: ["employee"] },
  { givenName: "Michael", familyName: "Wolf", unit: "servicepoint", role: "servicepoint", roles: ["employee"] },
  { givenName: "Anh", familyName: "Nguyen", unit: "servicepoint", role: "servicepoint", roles: ["employee"], fte: 0.5 },
  { givenName: "Christina", familyName: "Lange", unit: "servicepoint", role: "servicepoint", roles: ["employee"] },
  { givenName: "Yusuf", familyName: "Kaya", unit: "servicepoint", role: "servicepoint", roles: ["employee"] },
  { givenName: "Birgit", familyName: "Schäfer", email: "birgit.schaefer@musterstadt.example", unit: "servicepoint", role: "servicepoint", roles: ["employee"], fte: 0.75 },
  // Einbürgerung
  { givenName: "Stefan", familyName: "Hartmann", unit: "einbuergerung", role: "lead", roles: ["employee", "lead"], leads: ["einbuergerung"] },
  { givenName: "Grzegorz", familyName: "Kowalski", unit: "einbuergerung", role: "naturalisation", roles: ["employee"] },
  { givenName: "Sophie", familyName: "Keller", unit: "einbuergerung", role: "naturalisation", roles: ["employee"] },
  { givenName: "Ali", familyName: "Hosseini", unit: "einbuergerung", role: "naturalisation", roles: ["employee"] },
  { givenName: "Martina", familyName: "Vogel", unit: "einbuergerung", role: "naturalisation", roles: ["employee"], fte: 0.5 },
  { givenName: "Emre", familyName: "Çelik", email: "emre.celik@musterstadt.example", unit: "einbuergerung", role: "naturalisation", roles: ["employee"] },
  { givenName: "Nina", familyName: "Schwarz", unit: "einbuergerung", role: "naturalisation", roles: ["employee"] },
  // Zentrale Dienste
  { givenName: "Claudia", familyName: "Berger", email: "hr@musterstadt.example", unit: "zentrale", role: "hr", roles: ["employee", "hr", "editor"] },
  // Redaktion (Fortbildung): writes and adapts modules; HR is the second editor for the four-eyes review.
  { givenName: "Fortbildung", familyName: "Redaktion", email: "fortbildung@musterstadt.example", unit: "zentrale", roles: ["employee", "editor"] },
  { givenName: "Markus", familyName: "Lehmann", email: "admin@musterstadt.example", unit: "zentrale", roles: ["admin"] },
];

/** A second, small authority: shows that data never crosses authority borders. */
export const otherAuthority = {
  slug: "beispielkreis",
  name: "Ausländerbehörde Landkreis Beispielkreis",
  unit: "Team Aufenthalt",
  people: [
    { givenName: "Karin", familyName: "Albrecht", email: "hr@beispielkreis.example", roles: ["employee", "hr"] as AccountRole[] },
    { givenName: "Ömer", familyName: "Arslan", email: "oemer.arslan@beispielkreis.example", roles: ["employee", "lead"] as AccountRole[], leads: true },
    { givenName: "Paula", familyName: "Meyer", email: "paula.meyer@beispielkreis.example", roles: ["employee"] as AccountRole[] },
  ],
};

export function demoEmail(person: Pick<DemoPerson, "givenName" | "familyName" | "email">, domain = "musterstadt.example") {
  if (person.email) return person.email;
  const fold = (s: string) =>
    s
      .toLowerCase()
      .replace(/ä/g, "ae")
      .replace(/ö/g, "oe")
      .replace(/ü/g, "ue")
      .replace(/ß/g, "ss")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ı/g, "i")
      .replace(/[^a-z-]/g, "");
  return `${fold(person.givenName)}.${fold(person.familyName)}@${domain}`;
}
