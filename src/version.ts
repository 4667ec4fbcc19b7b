// Kept in step with package.json by a test (test/version.test.ts); read at build time, not from
// package.json at run time, so bundlers and browsers need no JSON import.
export const PACKAGE_NAME = "mixpeek-audit";
export const PACKAGE_VERSION = "0.1.0";
