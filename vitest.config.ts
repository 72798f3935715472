import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Integration suites run a second time with the server in cluster mode on PostgreSQL (one node, a fresh
 * database per server: test/helpers/server.ts). The multi-node cluster tests (test/cluster/) start their own
 * PostgreSQL and node processes (test/helpers/cluster.ts) and run in a project of their own, one file at a time:
 * each runs several server processes on the machine's two cores.
 */
const POSTGRES_SUITES = [
  'test/ws-auth.test.ts',
  'test/rest-auth.test.ts',
  'test/sections-api.test.ts',
  // Not yet: comments.test.ts (its flood test counts exactly 30 comments, and on PostgreSQL the slower calls let the
  // rate bucket refill one more) and
  // permissions.test.ts (its first test outlasts 30 s on PostgreSQL on a loaded two-core box).
  'test/workflow-freeze.test.ts',
  'test/org-accounts.test.ts',
  'test/large-report-holds.test.ts',
];

const postgresHere =
  !!process.env.COREPORT_TEST_DATABASE_URL ||
  (fs.existsSync('/usr/lib/postgresql') &&
    fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)));
if (!postgresHere && process.env.CI !== 'true') {
  console.warn(
    `\n${'!'.repeat(78)}\n!! POSTGRESQL RUN OF THE INTEGRATION SUITES SKIPPED: no PostgreSQL ` +
      `(apt-get install postgresql, or set COREPORT_TEST_DATABASE_URL)\n${'!'.repeat(78)}\n`,
  );
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites start real servers; two cores, so keep the pool small.
    maxWorkers: 2,
    projects: [
      // (Each project names its files: an `include` here at the top would be added to both.)
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts', 'shared/**/*.test.ts', 'server/**/*.test.ts'],
          exclude: ['test/cluster/**', '**/node_modules/**'],
        },
      },
      // Under CI a missing PostgreSQL fails this project (test/helpers/postgres.ts) rather than skipping it.
      ...(postgresHere || process.env.CI === 'true'
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: POSTGRES_SUITES,
                env: { COREPORT_TEST_STORAGE: 'postgres' },
              },
            },
            {
              extends: true as const,
              test: {
                name: 'cluster',
                include: ['test/cluster/**/*.test.ts'],
                fileParallelism: false,
                testTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
