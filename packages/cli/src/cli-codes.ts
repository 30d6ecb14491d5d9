/**
 * Codes of the problems the CLI reports itself (command line, loading, init), each listed with an
 * example and the fix in docs/errors.md. `batchflow run` has its own range, BF1501–BF1519.
 */
export const cliCode = {
  usage: "BF1400",
  loadExit: "BF1406",
  loadUnsettled: "BF1407",
  loadTimeout: "BF1408",
  loadTimeoutSetting: "BF1409",
  unknownCommand: "BF1420",
  unknownOption: "BF1421",
  optionValue: "BF1422",
  arguments: "BF1423",
  invalidOption: "BF1424",
  initExists: "BF1425",
  initTarget: "BF1426",
  initPackageJson: "BF1427",
  importRead: "BF1428",
  importExists: "BF1429",
  durationsRead: "BF1432",
  durationsShape: "BF1433",
  durationsJob: "BF1434",
  explainWorkflow: "BF1435",
  explainFrom: "BF1436",
  graphWorkflow: "BF1437",
  graphSvgWorkflows: "BF1438",
  graphWrite: "BF1439",
} as const;

export type CliCode = (typeof cliCode)[keyof typeof cliCode];
