// @ts-check
// Jest compiles what this file requires with the workspace's TypeScript transform (jest.preset.js),
// so the provisioning is plain TypeScript in test-environment.ts.
const { provisionTestEnvironment } = require('./test-environment');

/** Provisions Kafka and PostgreSQL once per jest run; workers inherit the env vars it sets. */
module.exports = async function globalSetup() {
  const environment = await provisionTestEnvironment();
  globalThis.helpdeskTestEnvironment = environment;
  // stderr, like jest's own progress output: stdout may carry --json results.
  process.stderr.write(`\n[@helpdesk/testing] ${environment.summary}\n`);
};
