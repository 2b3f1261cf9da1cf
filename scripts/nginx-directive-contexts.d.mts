import type { DirectiveContext } from '../src/core/nginx/directives';

export declare const CONTEXT_WRAPPERS: Record<DirectiveContext, (statement: string) => string>;
export declare function probeStatement(name: string, args: number, block: boolean): string;
