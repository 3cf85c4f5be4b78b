// A real SMTP server (nodemailer's smtp-server) on a loopback port for mail tests: it keeps
// every accepted message with its envelope, can refuse recipients, and can be stopped and
// started again on the same port (SMTP down for a while).
import { SMTPServer } from "smtp-server";

export interface Received {
  from: string;
  to: string[];
  raw: string;
}

export async function startSmtp(options: { port?: number; refuse?: (address: string) => boolean } = {}) {
  const received: Received[] = [];
  let server: SMTPServer | undefined;
  let port = options.port ?? 0;
  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (options.refuse?.(address.address)) {
          const err = new Error("5.1.1 mailbox unavailable") as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(port, "127.0.0.1", () => resolve());
    });
    port = (server.server.address() as { port: number }).port;
  };
  await listen();
  return {
    received,
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    start: listen,
  };
}

/** Decodes a message's quoted-printable text so tests can read subjects, bodies and links. */
export function readable(raw: string): string {
  const qp = raw.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < qp.length; i++) {
    const m = /^=([0-9A-F]{2})/.exec(qp.slice(i, i + 3));
    if (m) {
      bytes.push(parseInt(m[1], 16));
      i += 2;
    } else bytes.push(...Buffer.from(qp[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The decoded subject header (nodemailer encodes non-ASCII subjects as RFC 2047 words). */
export function subjectOf(raw: string): string {
  const header = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const line = /^Subject: (.*)$/im.exec(header)?.[1] ?? "";
  return line.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : readable(text.replace(/_/g, " ")),
  );
}

/** The body of the attachment with the given content type (base64 decoded). */
export function attachmentOf(raw: string, contentType: string): { filename: string; content: string } | null {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const [head, ...rest] = part.split(/\r?\n\r?\n/);
    if (!head.toLowerCase().includes(`content-type: ${contentType.toLowerCase()}`)) continue;
    const filename = /filename="?([^"\r\n;]+)"?/i.exec(head)?.[1] ?? "";
    const body = rest.join("\n\n").split(/\r?\n--/)[0];
    const content = /content-transfer-encoding: base64/i.test(head) ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : readable(body);
    return { filename, content };
  }
  return null;
}
