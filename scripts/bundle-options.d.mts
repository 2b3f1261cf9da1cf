import type { BuildOptions } from 'esbuild';

export declare const ROOT: string;
export declare const BUNDLE_OPTIONS: BuildOptions;
export declare const BUNDLES: readonly (BuildOptions & { name: string; entryPoints: string[]; outfile: string })[];
export declare const NOTICES_FILE: string;
export declare const YAML_LIBRARY_FILE: string;
