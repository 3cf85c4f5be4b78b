// SMTP_URL and MAIL_FROM are checked at start-up: a wrong value stops the start with its name.
import { afterEach, expect, it } from "vitest";
import { getEnv, resetEnvForTests } from "~/env.server";

const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
});

function withEnv(values: Record<string, string>) {
  Object.assign(process.env, values);
  resetEnvForTests();
  return () => getEnv();
}

it("accepts smtp:// and smtps:// URLs and a sender with or without a name", () => {
  expect(withEnv({ SMTP_URL: "smtp://user:pw@mail.example:587", MAIL_FROM: "Horizont <horizont@behoerde.example>" })()).toMatchObject({ SMTP_URL: "smtp://user:pw@mail.example:587" });
  expect(withEnv({ SMTP_URL: "smtps://mail.example", MAIL_FROM: "horizont@behoerde.example" })().MAIL_FROM).toBe("horizont@behoerde.example");
  expect(withEnv({ SMTP_URL: "" })().SMTP_URL).toBeUndefined();
});

it("refuses a mail server that is not SMTP and a sender that could carry a header", () => {
  expect(withEnv({ SMTP_URL: "http://mail.example" })).toThrow(/SMTP_URL: must start with smtp:\/\/ or smtps:\/\//);
  expect(withEnv({ SMTP_URL: "smtp://mail.example", MAIL_FROM: "Horizont <a@b.example>\r\nBcc: x@y.example" })).toThrow(/MAIL_FROM/);
  expect(withEnv({ MAIL_FROM: "kein-absender" })).toThrow(/MAIL_FROM/);
});
