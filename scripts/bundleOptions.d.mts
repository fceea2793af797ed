// Types of bundleOptions.mjs, for the TypeScript that imports it (bench/engine.bench.ts).
import type { BuildOptions } from 'esbuild';
export declare const bundleOptions: BuildOptions;
export declare const parseThreadEntry: string;
