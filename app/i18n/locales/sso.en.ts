// English texts of the directory sign-in (OpenID Connect): the sign-in button, refusals, /admin/sso.
import type sso from "./sso.de";

const ssoEn: typeof sso = {
  button: "Sign in with your authority account",
  buttonFor: "Sign in with your authority account ({{authority}})",
  or: "or with a password",
  unavailable: "Your authority's sign-in service cannot be reached at the moment. Please try again in a few minutes{{password}}.",
  unavailablePassword: " or sign in with your password",
  passwordOffHint: "Password sign-in is meant for administrators only.",
  passwordOff: "Password sign-in is switched off for your authority. Please sign in with your authority account.",
  refusedTitle: "Sign-in with your authority account not possible",
  refused: {
    state: "The sign-in has expired or was not started on this device. Please start the sign-in again.",
    code: "The sign-in service did not confirm the sign-in (the sign-in code is invalid or was already used). Please start again.",
    token: "The sign-in service's answer is invalid (wrong issuer, wrong audience or expired). For your security you were not signed in. Please contact your authority's IT if this happens again.",
    provider: "The sign-in service cancelled the sign-in.",
    unavailable: "Your authority's sign-in service cannot be reached at the moment. Please try again later.",
    unverified: "Your authority account has no verified e-mail address. Please contact your authority's IT.",
    unknown: "Your account has not been set up in Horizont yet – please contact HR or the administrators of your authority.",
    deactivated: "Your Horizont account is deactivated. Please contact the administrators of your authority.",
  },
  backToLogin: "Back to sign-in",
  admin: {
    title: "Sign-in with the authority account",
    intro:
      "Connect Horizont to your authority's directory (OpenID Connect, e.g. ADFS, Entra ID or Keycloak). Register {{redirectUri}} as the redirect URI at the sign-in service.",
    envNote: "The setting from the environment (OIDC_ISSUER) applies at the moment. What you save here takes precedence.",
    noKey: "The client secret cannot be stored: the server setting SECRETS_KEY is missing.",
    saved: "The settings were saved.",
    removed: "Sign-in with the authority account was removed.",
    issuer: "Issuer URL",
    issuerHint: "The address below which /.well-known/openid-configuration is found; https only.",
    clientId: "Client ID",
    clientSecret: "Client secret",
    clientSecretHint: "Stored encrypted. Leave empty to keep the current one.",
    emailClaim: "Claim holding the e-mail address",
    groupClaim: "Claim holding the groups (optional)",
    groupRoles: "Groups and roles (optional)",
    groupRolesHint:
      "One line per group: “group = role” with the roles employee, lead or hr. Roles are adjusted at each sign-in; administration cannot be granted through groups.",
    createOnFirstSignIn: "Create unknown people at their first sign-in (without a unit; HR sees them in the people list)",
    passwordSignInOff: "Switch password sign-in off (administrators keep their break-glass password sign-in)",
    remove: "Remove sign-in with the authority account",
    errors: {
      issuer: "Enter an https address of the sign-in service.",
      clientId: "Enter the client ID.",
      clientSecret: "Enter the client secret.",
      claim: "Enter a claim name (letters, digits, dot, hyphen, underscore).",
      groupRoles: "Line {{line}} is not in the form “group = role” with employee, lead or hr.",
    },
  },
};

export default ssoEn;
