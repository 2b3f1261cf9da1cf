import { pathToFileURL } from 'node:url';
import type { Locale } from '../../core/l10n';
import { findPackageRoot, rulePage } from '../../core/rules/docs';

/** The folder the rule pages ship in (beside dist/ in the package). */
const PACKAGE_ROOT = findPackageRoot(__dirname);

/** The rule pages shipped with the server, in the display language: no network needed to read them. */
export class RulePages {
  /** The file URI of each rule's page, or undefined without one. */
  private readonly links = new Map<string, string | undefined>();

  constructor(
    private readonly locale: () => Locale,
    private readonly packageRoot = PACKAGE_ROOT,
  ) {}

  /** The file URI of a rule's page; undefined for a rule without one, so that no finding links to nothing. */
  link(rule: string): string | undefined {
    if (!this.links.has(rule)) {
      const page = rulePage(this.packageRoot, rule, this.locale());
      this.links.set(rule, page === undefined ? undefined : pathToFileURL(page).href);
    }
    return this.links.get(rule);
  }
}
