// Admin work on units and accounts, within one authority.
import { expect, it } from "vitest";
import { createUnit as createUnitDomain, listUnits, toTree, UnitError, updateUnit } from "~/org/units.server";
import { AccountError, createAccount, getAccount, listAccounts, updateAccount } from "~/people/accounts.server";
import { claimSubmission } from "~/db/once.server";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson, createUnit } from "./support/fixtures";

describeEachDb("org units", ({ database }) => {
  it("form a tree and refuse cycles and duplicate names among siblings", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const root = await createUnitDomain(db, authority.id, { name: "Leitung", parentId: null });
    const team = await createUnitDomain(db, authority.id, { name: "Aufenthalt", parentId: root.id });
    const sub = await createUnitDomain(db, authority.id, { name: "Aufenthalt – Familie", parentId: team.id });
    const { roots, flat } = toTree(await listUnits(db, authority.id));
    expect(roots.map((r) => r.name)).toEqual(["Leitung"]);
    expect(flat.map((u) => [u.name, u.depth])).toEqual([["Leitung", 0], ["Aufenthalt", 1], ["Aufenthalt – Familie", 2]]);
    await expect(updateUnit(db, authority.id, root.id, { name: "Leitung", parentId: sub.id })).rejects.toMatchObject({ field: "parentId", messageKey: "validation.unitCycle" });
    await expect(createUnitDomain(db, authority.id, { name: "aufenthalt", parentId: root.id })).rejects.toBeInstanceOf(UnitError);
  });

  it("cannot be placed under a unit of another authority", async () => {
    const db = database().db;
    const mine = await createAuthority(db);
    const theirs = await createAuthority(db);
    const foreign = await createUnit(db, theirs.id, "Fremd");
    await expect(createUnitDomain(db, mine.id, { name: "Neu", parentId: foreign.id })).rejects.toMatchObject({ messageKey: "validation.invalidChoice" });
  });
});

describeEachDb("accounts", ({ database }) => {
  // Each test its own mail domain: a domain another authority uses is refused (see below).
  const own = () => `konten-${crypto.randomUUID().slice(0, 8)}.example`;
  it("are created with roles and led units, and listed only for their authority", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const other = await createAuthority(db);
    const unit = await createUnit(db, authority.id, "Servicepoint");
    const id = await createAccount(db, authority.id, {
      givenName: "Jana", familyName: "Novák", email: " Jana.Novak@Novak-Test.example ", unitId: unit.id, fte: 0.5, roles: ["employee", "lead"], ledUnitIds: [unit.id],
    });
    expect(await getAccount(db, authority.id, id)).toMatchObject({ email: "jana.novak@novak-test.example", fte: 0.5, roles: expect.arrayContaining(["employee", "lead"]), ledUnitIds: [unit.id] });
    expect(await getAccount(db, other.id, id)).toBeNull();
    expect((await listAccounts(db, other.id)).map((a) => a.id)).not.toContain(id);
    expect((await listAccounts(db, authority.id, "novák")).map((a) => a.id)).toEqual([id]);
  });

  it("refuse a taken e-mail address and units of another authority, writing nothing", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const other = await createAuthority(db);
    const foreignUnit = await createUnit(db, other.id);
    const domain = own();
    const input = { givenName: "A", familyName: "B", email: `taken@${domain}`, unitId: null, fte: 1, roles: ["employee" as const], ledUnitIds: [] };
    await createAccount(db, authority.id, input);
    await expect(createAccount(db, authority.id, input)).rejects.toMatchObject({ field: "email", messageKey: "validation.emailTaken" });
    await expect(
      db.transaction((tx) => createAccount(tx, authority.id, { ...input, email: `new@${domain}`, unitId: foreignUnit.id })),
    ).rejects.toBeInstanceOf(AccountError);
    expect((await listAccounts(db, authority.id)).map((a) => a.email)).toEqual([`taken@${domain}`]);
  });

  it("drop led units when the lead role is taken away", async () => {
    const db = database().db;
    const authority = await createAuthority(db);
    const unit = await createUnit(db, authority.id);
    const base = { givenName: "Lea", familyName: "Y", email: `lea@${own()}`, unitId: unit.id, fte: 1, ledUnitIds: [unit.id] };
    const id = await createAccount(db, authority.id, { ...base, roles: ["employee", "lead"] });
    await updateAccount(db, authority.id, id, { ...base, roles: ["employee"] });
    expect(await getAccount(db, authority.id, id)).toMatchObject({ roles: ["employee"], ledUnitIds: [] });
  });
});

describeEachDb("e-mail addresses across authorities", ({ database }) => {
  const domain = () => `amt-${crypto.randomUUID().slice(0, 8)}.example`;
  const input = (email: string) => ({ givenName: "Eva", familyName: "Probe", email, unitId: null, fte: 1, roles: ["employee" as const], ledUnitIds: [] });

  it("an admin of one authority learns nothing about another's addresses and cannot take them", async () => {
    const db = database().db;
    const musterstadt = await createAuthority(db);
    const beispielkreis = await createAuthority(db);
    const theirs = domain();
    await createPerson(db, { authorityId: musterstadt.id, email: `anna@${theirs}` });
    await createPerson(db, { authorityId: beispielkreis.id, email: `karin@${domain()}` });
    // An address that exists there and one that does not: the same answer, and it is not "taken".
    const existing = await createAccount(db, beispielkreis.id, input(`anna@${theirs}`)).catch((e: AccountError) => e);
    const unknown = await createAccount(db, beispielkreis.id, input(`neu@${theirs}`)).catch((e: AccountError) => e);
    expect(existing).toMatchObject({ field: "email", messageKey: "validation.emailDomainForeign" });
    expect(unknown).toMatchObject({ field: "email", messageKey: "validation.emailDomainForeign" });
    // Musterstadt's admin can still use the address nobody took.
    await expect(createAccount(db, musterstadt.id, input(`neu@${theirs}`))).resolves.toBeTruthy();
    // Inside its own authority "taken" is still said.
    await expect(createAccount(db, musterstadt.id, input(`anna@${theirs}`))).rejects.toMatchObject({ messageKey: "validation.emailTaken" });
  });

  it("an address cannot be moved into another authority's domain by editing an account", async () => {
    const db = database().db;
    const a = await createAuthority(db);
    const b = await createAuthority(db);
    const theirs = domain();
    await createPerson(db, { authorityId: a.id, email: `x@${theirs}` });
    const id = await createAccount(db, b.id, input(`eva@${domain()}`));
    await expect(updateAccount(db, b.id, id, input(`eva@${theirs}`))).rejects.toMatchObject({ messageKey: "validation.emailDomainForeign" });
  });
});

describeEachDb("form submissions", ({ database }) => {
  it("are applied once when the same form is sent twice", async () => {
    const db = database().db;
    const id = crypto.randomUUID();
    expect(await claimSubmission(db, id, null)).toBe(true);
    expect(await claimSubmission(db, id, null)).toBe(false);
  });

  it("are claimed again after the first attempt rolled back", async () => {
    const db = database().db;
    const id = crypto.randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await claimSubmission(tx, id, null);
        throw new Error("validation failed later");
      }),
    ).rejects.toThrow();
    expect(await claimSubmission(db, id, null)).toBe(true);
  });
});
