// English texts of operations pages: the outage page and the benchmark baseline page.
const ops: typeof import("./ops.de").default = {
  unavailableTitle: "Temporarily unavailable",
  unavailableText:
    "Horizont cannot reach its database at the moment. If you did not see a confirmation, what you entered was not saved. Please try again in a few seconds.",
  benchTitle: "Baseline page",
  benchText: "This page exists for performance measurements only: it is rendered in Horizont's layout and reads nothing from the database.",
};

export default ops;
