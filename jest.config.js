const { getJestProjectsAsync } = require('@nx/jest');

// One jest run for the whole workspace: the global setup provisions one Kafka broker and one
// PostgreSQL server (env vars, else testcontainers, else local) and every suite shares them.
module.exports = async () => ({
  projects: await getJestProjectsAsync(),
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.js',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.js',
  // Integration tests wait for real brokers and databases; a hang still fails, just later.
  testTimeout: 120_000,
});
