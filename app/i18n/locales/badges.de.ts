// German texts of the digital credentials (Open Badges 3.0) and the learning record (xAPI).
const badges = {
  download: "Digitalen Nachweis herunterladen (Open Badge)",
  downloadHint:
    "Eine von der Behörde signierte Datei im Format Open Badges 3.0. Sie können sie in einer digitalen Nachweismappe (Wallet) ablegen oder weitergeben; die Prüfseite bestätigt ihre Echtheit.",
  unavailable: "Digitale Nachweise sind auf diesem System noch nicht eingerichtet. Bitte wenden Sie sich an die Verwaltung.",
  verify: {
    credentialTitle: "Digitaler Nachweis (Open Badge)",
    credentialValid: "Der digitale Nachweis zu diesem Code ist gültig: Die Signatur der Behörde stimmt, und er wurde nicht widerrufen.",
    asserts: "Der Nachweis bestätigt",
    person: "Person",
    achievement: "Nachweis über",
    issuer: "Ausgestellt von",
    validFrom: "Erworben am",
    criteria: "Kriterien",
    checkTitle: "Nachweis-Datei prüfen",
    checkIntro:
      "Fügen Sie den Inhalt einer Nachweis-Datei (JSON) ein oder wählen Sie die Datei aus. Horizont prüft die Signatur, den Aussteller und ob der Nachweis widerrufen wurde.",
    pasteLabel: "Inhalt der Nachweis-Datei",
    fileLabel: "Oder Datei auswählen",
    submit: "Nachweis prüfen",
    result: {
      ok: "Der Nachweis ist echt und gültig.",
      format: "Das ist kein lesbarer digitaler Nachweis. Bitte fügen Sie den vollständigen Inhalt der JSON-Datei ein.",
      context:
        "Der Nachweis verweist auf einen unbekannten Kontext oder Schlüssel. Er stammt nicht unverändert von dieser Plattform und kann hier nicht bestätigt werden.",
      signature: "Der Nachweis ist ungültig: Die Signatur passt nicht zum Inhalt. Er wurde nachträglich verändert oder nicht von dieser Behörde ausgestellt.",
      revoked: "Der Nachweis wurde von der ausstellenden Behörde widerrufen und ist nicht mehr gültig.",
      empty: "Bitte fügen Sie den Inhalt einer Nachweis-Datei ein oder wählen Sie eine Datei aus.",
      tooLarge: "Die Datei ist zu groß für einen Nachweis (höchstens 256 KB).",
    },
  },
  hr: {
    title: "Digitale Nachweise (Open Badges)",
    intro:
      "Von der Behörde signierte Nachweise, die die Person heruntergeladen hat. Ein Widerruf gilt sofort für jede Prüfung und wird protokolliert. Lädt die Person danach erneut herunter, erhält sie einen neuen Nachweis, solange der Kurs als abgeschlossen oder die Teilnahme als vollständig erfasst ist. Wird eine Teilnahme berichtigt, widerruft Horizont den Nachweis dazu selbst.",
    none: "Die Person hat noch keinen digitalen Nachweis heruntergeladen.",
    caption: "Digitale Nachweise von {{name}}",
    name: "Nachweis",
    code: "Prüfcode",
    issued: "Ausgestellt",
    status: "Status",
    valid: "Gültig",
    revokedOn: "Widerrufen am {{date}}",
    revoke: "Widerrufen",
    revokeLabel: "Nachweis „{{name}}“ widerrufen",
    revokedNotice: "Der Nachweis wurde widerrufen. Die Prüfseite zeigt ihn ab sofort als ungültig.",
  },
  keys: {
    title: "Signaturschlüssel für digitale Nachweise",
    intro:
      "Mit diesem Schlüssel signiert die Behörde die digitalen Nachweise (Open Badges). Ein Wechsel ist zum Beispiel nach den Vorgaben Ihres Sicherheitskonzepts fällig oder wenn Personen mit Zugriff auf den Server ausscheiden.",
    unavailable: "Digitale Nachweise sind auf diesem System nicht eingerichtet: Die Einstellung SECRETS_KEY fehlt auf dem Server.",
    activeSince: "Der aktuelle Schlüssel signiert seit {{date}}.",
    retired_one: "{{count}} früherer Schlüssel bleibt veröffentlicht, damit die mit ihm signierten Nachweise prüfbar bleiben.",
    retired_other: "{{count}} frühere Schlüssel bleiben veröffentlicht, damit die mit ihnen signierten Nachweise prüfbar bleiben.",
    none: "Es gibt noch keinen Schlüssel. Er wird mit dem ersten digitalen Nachweis erzeugt.",
    rotate: "Schlüssel wechseln",
    confirmText:
      "Neue Nachweise werden ab sofort mit einem neuen Schlüssel signiert. Bereits ausgestellte Nachweise bleiben gültig und prüfbar: Der bisherige Schlüssel bleibt veröffentlicht, signiert aber nichts mehr. Der Wechsel wird protokolliert.",
    confirm: "Ja, den Signaturschlüssel wechseln",
    confirmNeeded: "Bitte bestätigen Sie den Wechsel zuerst mit dem Häkchen.",
    rotated: "Der Signaturschlüssel wurde gewechselt. Bereits ausgestellte Nachweise bleiben prüfbar.",
  },
  xapi: {
    title: "Lernprotokoll (xAPI)",
    text: "Ihre Lernereignisse – Modul geöffnet, Quiz abgelegt, an einer Veranstaltung teilgenommen, Nachweis erhalten – als xAPI-Aussagen im JSON-Format.",
    download: "Lernprotokoll herunterladen (JSON)",
  },
};

export default badges;
