// English texts of the digital credentials (Open Badges 3.0) and the learning record (xAPI).
import type badgesDe from "./badges.de";

const badges: typeof badgesDe = {
  download: "Download digital credential (Open Badge)",
  downloadHint:
    "A file in the Open Badges 3.0 format, signed by the authority. Keep it in a digital wallet or pass it on; the verification page confirms it is genuine.",
  unavailable: "Digital credentials are not set up on this system yet. Please contact the administration.",
  verify: {
    credentialTitle: "Digital credential (Open Badge)",
    credentialValid: "The digital credential for this code is valid: the authority's signature matches and it has not been revoked.",
    asserts: "The credential confirms",
    person: "Person",
    achievement: "Credential for",
    issuer: "Issued by",
    validFrom: "Earned on",
    criteria: "Criteria",
    checkTitle: "Check a credential file",
    checkIntro: "Paste the content of a credential file (JSON) or choose the file. Horizont checks the signature, the issuer and whether the credential was revoked.",
    pasteLabel: "Content of the credential file",
    fileLabel: "Or choose a file",
    submit: "Check credential",
    result: {
      ok: "The credential is genuine and valid.",
      format: "This is not a readable digital credential. Please paste the complete content of the JSON file.",
      context: "The credential refers to an unknown context or key. It does not come unchanged from this platform and cannot be confirmed here.",
      signature: "The credential is invalid: the signature does not match its content. It was changed afterwards or not issued by this authority.",
      revoked: "The credential was revoked by the issuing authority and is no longer valid.",
      empty: "Please paste the content of a credential file or choose a file.",
      tooLarge: "The file is too large for a credential (at most 256 KB).",
    },
  },
  hr: {
    title: "Digital credentials (Open Badges)",
    intro:
      "Credentials signed by the authority that the person downloaded. A revocation applies to every check at once and is logged. If the person downloads again afterwards, they get a new credential as long as the course counts as completed or the attendance as full. When an attendance is corrected, Horizont revokes its credential by itself.",
    none: "The person has not downloaded a digital credential yet.",
    caption: "Digital credentials of {{name}}",
    name: "Credential",
    code: "Verification code",
    issued: "Issued",
    status: "Status",
    valid: "Valid",
    revokedOn: "Revoked on {{date}}",
    revoke: "Revoke",
    revokeLabel: "Revoke credential “{{name}}”",
    revokedNotice: "The credential was revoked. The verification page shows it as invalid from now on.",
  },
  keys: {
    title: "Signing key for digital credentials",
    intro:
      "The authority signs its digital credentials (Open Badges) with this key. Change it, for example, when your security policy asks for it or when people with access to the server leave.",
    unavailable: "Digital credentials are not set up on this system: the server setting SECRETS_KEY is missing.",
    activeSince: "The current key has been signing since {{date}}.",
    retired_one: "{{count}} earlier key stays published so that the credentials it signed can still be verified.",
    retired_other: "{{count}} earlier keys stay published so that the credentials they signed can still be verified.",
    none: "There is no key yet. It is created with the first digital credential.",
    rotate: "Change key",
    confirmText:
      "New credentials are signed with a new key from now on. Credentials already issued stay valid and verifiable: the previous key stays published but signs nothing more. The change is logged.",
    confirm: "Yes, change the signing key",
    confirmNeeded: "Please confirm the change with the tick first.",
    rotated: "The signing key was changed. Credentials already issued can still be verified.",
  },
  xapi: {
    title: "Learning record (xAPI)",
    text: "Your learning events – module opened, quiz taken, event attended, credential received – as xAPI statements in JSON.",
    download: "Download learning record (JSON)",
  },
};

export default badges;
