// English texts of the Rechtsstand: HR's changes-of-the-law page and the learners' notice.
import type legalDe from "./legal.de";

const legal: typeof legalDe = {
  title: "Changes in the law",
  intro:
    "Record here when a norm has changed or will change. Modules citing that norm whose legal status predates the change show learners a notice and appear on the review list below – until the module is revised or you mark the change as resolved.",
  record: {
    title: "Record a change in the law",
    norm: "Norm",
    normHint: "As cited, e.g. “§ 81 AufenthG” (all paragraphs) or “§ 81 Abs. 4 AufenthG” (that paragraph only); for the GDPR and the Basic Law “Art. 6 DSGVO”.",
    effectiveOn: "In force from",
    effectiveOnHint: "The day the change takes effect.",
    note: "Short description",
    noteHint: "Shown to learners in the notice, e.g. what changes.",
    submit: "Record change",
  },
  changes: {
    title: "Recorded changes",
    empty: "No changes in the law have been recorded yet.",
    norm: "Norm",
    effectiveOn: "In force from",
    note: "Description",
    modules: "Affected modules",
    recorded: "Recorded",
    recordedBy: "{{date}}, {{name}}",
    status: "Status",
    open: "open",
    resolved: "resolved on {{date}}",
    resolve: "Mark as resolved",
    resolveLabel: "Mark the change of {{norm}} as resolved",
  },
  review: {
    title: "Review list: affected modules",
    intro:
      "These modules cite a changed norm and were last reviewed before the change took effect. The editors revise them; until then learners see a notice. If the existing evidence should be renewed after the revision, let it expire on a date.",
    empty: "No module is affected by an open change in the law.",
    module: "Module",
    basis: "Legal basis",
    reviewedAt: "Legal status",
    change: "Change",
    notGiven: "not given",
    holders: "Current evidence",
    holdersCount_one: "{{count}} person",
    holdersCount_other: "{{count}} people",
    expireLegend: "Let the evidence from “{{module}}” expire",
    validUntil: "Valid until",
    validUntilHint: "All of this authority's evidence from this module ends on this day at the latest; afterwards staff complete the revised module again.",
    expire: "Let evidence expire",
  },
  notice: {
    recorded: "The change in the law has been recorded.",
    resolved: "The change in the law is marked as resolved.",
    expired: "Evidence changed: {{evidence}} of {{people}} people; it is valid until {{date}}.",
  },
  errors: {
    norm: "Please enter the norm as cited, e.g. “§ 81 Abs. 4 AufenthG” or “Art. 6 DSGVO”.",
    oneNorm: "Please record one norm per entry (not several sections).",
    date: "Please enter a valid date.",
    notAffected: "This module is not affected by an open change in the law.",
  },
  module: {
    reviewedAt: "Legal status: {{date}}",
    notReviewed: "Legal status: not given",
    basis: "Legal basis: {{norms}}",
    noticeTitle: "This module is being revised because of a change in the law",
    noticeItem: "{{norm}}, in force from {{date}}: {{note}}",
    noticeHint: "Some content may no longer reflect the law in force. When in doubt, check the current version of the norm.",
    badge: "being revised",
  },
};

export default legal;
