// The esbuild options the product's bundles are built with (scripts/build.mjs), shared with the engine bench,
// which bundles its child the same way so that it measures the engine as shipped.
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
  // Kusto.Language's bundle is ~4 MB; esbuild warns only about size.
  logOverride: { 'big-file': 'silent' },
};

/** The sample-data loader's parse thread, bundled next to the bundle that loads data (dist/jsonLinesWorker.js). */
export const parseThreadEntry = 'server/src/data/parallel/jsonLinesWorker.ts';
