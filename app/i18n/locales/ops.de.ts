// German texts of operations pages: the outage page and the benchmark baseline page.
const ops = {
  unavailableTitle: "Vorübergehend nicht erreichbar",
  unavailableText:
    "Horizont kann die Datenbank gerade nicht erreichen. Ihre Eingaben wurden nicht gespeichert, wenn Sie keine Bestätigung gesehen haben. Bitte versuchen Sie es in einigen Sekunden erneut.",
  benchTitle: "Vergleichsseite",
  benchText: "Diese Seite dient nur der Leistungsmessung: Sie wird im Layout von Horizont dargestellt und liest nichts aus der Datenbank.",
};

export default ops;
