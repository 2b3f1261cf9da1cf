import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Finding } from '../../core/findings';
import { toDiagnostic } from '../lsp/convert';
import type { UriMapper } from '../lsp/uris';

export interface DiagnosticsHost {
  uris: UriMapper;
  /** The findings to show of those checked (what the YAML extension beside us shows is left out); the same array for a file whose findings are as before. */
  shown(byFile: ReadonlyMap<string, readonly Finding[]>): ReadonlyMap<string, readonly Finding[]>;
  /** The URI of a rule's page, if it has one. */
  docsLink(rule: string): string | undefined;
  send(params: PublishDiagnosticsParams): void;
}

/**
 * Publishes the findings as diagnostics, only for the files whose findings changed: the index
 * hands back the same array for a file whose findings did not change, so a keystroke republishes
 * the files it touched and no others.
 */
export class DiagnosticsPublisher {
  /** The findings the index last gave, by file, and those last published (without what the YAML extension shows). */
  private checkedByFile: ReadonlyMap<string, readonly Finding[]> = new Map();
  private shownByFile: ReadonlyMap<string, readonly Finding[]> = new Map();

  constructor(private readonly host: DiagnosticsHost) {}

  /** The findings last published for a file: the ones its code actions fix. */
  shownIn(path: string): readonly Finding[] {
    return this.shownByFile.get(path) ?? [];
  }

  publish(byFile: ReadonlyMap<string, readonly Finding[]>): void {
    this.checkedByFile = byFile;
    const shownByFile = this.host.shown(byFile);
    for (const [file, shown] of shownByFile) {
      if (this.shownByFile.get(file) === shown) continue;
      this.host.send({ uri: this.host.uris.toUri(file), diagnostics: shown.map((f) => toDiagnostic(f, this.host.uris, (rule) => this.host.docsLink(rule))) });
    }
    for (const file of this.shownByFile.keys()) {
      if (!byFile.has(file)) this.host.send({ uri: this.host.uris.toUri(file), diagnostics: [] });
    }
    this.shownByFile = shownByFile;
  }

  /** Publishes the last findings again, for a change in what is shown of them (the YAML extension came or went). */
  republish(): void {
    this.publish(this.checkedByFile);
  }
}
