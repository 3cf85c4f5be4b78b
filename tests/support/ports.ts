// Every loopback port a vitest file listens on, in one table. Two files run side by side (two
// workers), and other test runs on the same machine use other bases (HTTP_TEST_PORT_BASE), so a
// port shared by two files fails one of them at random: a server that cannot listen, or worse, a
// request answered by the other file's server (an LRS answering a sign-in with 400). Offsets are
// unique and stay below 50, so bases 50 apart never meet. Ports a test only needs to exist
// briefly (an LRS, an SMTP server) come from the system instead (listen on port 0).
const base = Number(process.env.HTTP_TEST_PORT_BASE ?? 3330);

const offsets = {
  accessMatrix: 4,
  badInput: 5,
  security: 6,
  twoInstancesA: 7,
  twoInstancesB: 8,
  quizHttp: 9,
  mailTwoInstancesA: 10,
  crashRecovery: 11,
  ssoApp: 12,
  ssoProvider: 13,
  ssoProxy: 14,
  /** Nothing ever listens here: the provider that is down. */
  ssoDown: 15,
  importUpload: 16,
  importLog: 19,
  compression: 17,
  mailTwoInstancesB: 18,
  authoringHttp: 21,
} as const;

export type PortName = keyof typeof offsets;

/** The port of one test server: HTTP_TEST_PORT_BASE plus its offset in the table above. */
export function testPort(name: PortName): number {
  return base + offsets[name];
}
