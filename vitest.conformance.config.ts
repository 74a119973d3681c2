import { defineConfig } from 'vitest/config';

/**
 * `npm run conformance`: one long differential run against the real
 * Asterisk (see test/conformance/batch.conformance.ts). Kept out of
 * `npm test`, which runs a small batch in test/integration/conformance.test.ts.
 */
export default defineConfig({
  test: {
    include: ['test/conformance/batch.conformance.ts'],
    testTimeout: 0,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
