// German texts of the directory sign-in (OpenID Connect): the sign-in button, refusals, /admin/sso.
const sso = {
  button: "Mit dem Behördenkonto anmelden",
  buttonFor: "Mit dem Behördenkonto anmelden ({{authority}})",
  or: "oder mit Passwort",
  unavailable:
    "Der Anmeldedienst Ihrer Behörde ist gerade nicht erreichbar. Versuchen Sie es in einigen Minuten erneut{{password}}.",
  unavailablePassword: " oder melden Sie sich mit Ihrem Passwort an",
  passwordOffHint: "Die Anmeldung mit Passwort ist nur für die Administration vorgesehen.",
  passwordOff: "Die Anmeldung mit Passwort ist für Ihre Behörde abgeschaltet. Bitte melden Sie sich mit Ihrem Behördenkonto an.",
  refusedTitle: "Anmeldung mit dem Behördenkonto nicht möglich",
  refused: {
    state: "Die Anmeldung ist abgelaufen oder wurde nicht auf diesem Gerät begonnen. Bitte beginnen Sie die Anmeldung erneut.",
    code: "Der Anmeldedienst hat die Anmeldung nicht bestätigt (der Anmeldecode ist ungültig oder wurde schon verwendet). Bitte beginnen Sie die Anmeldung erneut.",
    token: "Die Antwort des Anmeldedienstes ist ungültig (falscher Aussteller, falscher Empfänger oder abgelaufen). Aus Sicherheitsgründen wurden Sie nicht angemeldet. Bitte wenden Sie sich an die IT Ihrer Behörde, wenn das wieder vorkommt.",
    provider: "Der Anmeldedienst hat die Anmeldung abgebrochen.",
    unavailable: "Der Anmeldedienst Ihrer Behörde ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.",
    unverified: "Ihr Behördenkonto hat keine bestätigte E-Mail-Adresse. Bitte wenden Sie sich an die IT Ihrer Behörde.",
    unknown:
      "Ihr Konto ist in Horizont noch nicht angelegt – wenden Sie sich an das Personalreferat oder die Administration Ihrer Behörde.",
    deactivated: "Ihr Konto in Horizont ist deaktiviert. Bitte wenden Sie sich an die Administration Ihrer Behörde.",
  },
  backToLogin: "Zur Anmeldeseite",
  admin: {
    title: "Anmeldung über das Behördenkonto",
    intro:
      "Verbinden Sie Horizont mit dem Verzeichnis Ihrer Behörde (OpenID Connect, z. B. ADFS, Entra ID oder Keycloak). Als Weiterleitungsadresse tragen Sie beim Anmeldedienst {{redirectUri}} ein.",
    envNote: "Zurzeit gilt die Einstellung aus der Umgebung (OIDC_ISSUER). Was Sie hier speichern, hat Vorrang.",
    noKey: "Das Client-Geheimnis kann nicht gespeichert werden: Die Einstellung SECRETS_KEY fehlt auf dem Server.",
    saved: "Die Einstellungen wurden gespeichert.",
    removed: "Die Anmeldung über das Behördenkonto wurde entfernt.",
    issuer: "Aussteller-URL (Issuer)",
    issuerHint: "Die Adresse, unter der /.well-known/openid-configuration liegt; nur https.",
    clientId: "Client-ID",
    clientSecret: "Client-Geheimnis",
    clientSecretHint: "Wird verschlüsselt gespeichert. Leer lassen, um das bisherige zu behalten.",
    emailClaim: "Claim mit der E-Mail-Adresse",
    groupClaim: "Claim mit den Gruppen (optional)",
    groupRoles: "Gruppen und Rollen (optional)",
    groupRolesHint:
      "Eine Zeile je Gruppe: „Gruppe = Rolle“ mit den Rollen employee, lead oder hr. Die Rollen werden bei jeder Anmeldung angepasst; die Administration kann nicht über Gruppen vergeben werden.",
    createOnFirstSignIn: "Unbekannte Personen bei der ersten Anmeldung anlegen (ohne Organisationseinheit; das Personalreferat sieht sie in der Personenliste)",
    passwordSignInOff: "Anmeldung mit Passwort abschalten (die Administration behält ihre Notfall-Anmeldung mit Passwort)",
    remove: "Anmeldung über das Behördenkonto entfernen",
    errors: {
      issuer: "Geben Sie eine https-Adresse des Anmeldedienstes ein.",
      clientId: "Geben Sie die Client-ID ein.",
      clientSecret: "Geben Sie das Client-Geheimnis ein.",
      claim: "Geben Sie den Namen eines Claims ein (Buchstaben, Ziffern, Punkt, Bindestrich, Unterstrich).",
      groupRoles: "Zeile {{line}} ist nicht im Format „Gruppe = Rolle“ mit employee, lead oder hr.",
    },
  },
};

export default sso;
