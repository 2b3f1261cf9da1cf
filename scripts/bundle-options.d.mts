import type { BuildOptions } from 'esbuild';

export declare const ROOT: string;
export declare const BUNDLE_OPTIONS: BuildOptions;
