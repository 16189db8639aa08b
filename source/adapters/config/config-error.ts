// A configuration problem the user must fix. The message is complete on its own: which key, which
// value, what is allowed and where the value came from, so the CLI can print it and exit 2.

export interface ConfigIssue {
  /** Dotted key path, e.g. 'risk.maxOpenPositions' ('' for the whole file). */
  readonly path: string;
  readonly value: unknown;
  readonly expected: string;
  /** Where the value came from: a file path, 'environment variable OPENALGO_HOST', '--max-symbols'… */
  readonly source: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(message: string, issues: readonly ConfigIssue[] = []) {
    super(message);
    this.issues = issues;
  }

  static fromIssues(issues: readonly ConfigIssue[]): ConfigError {
    return new ConfigError(issues.map(formatIssue).join('\n'), issues);
  }
}

/** 'risk.maxOpenPositions = -1 in /home/u/.config/algo-tui/config.json: expected an integer ≥ 1' */
export function formatIssue(i: ConfigIssue): string {
  const key = i.path === '' ? '(top level)' : i.path;
  return `${key} = ${showValue(i.value)} in ${i.source}: ${i.expected}`;
}

function showValue(v: unknown): string {
  if (v === undefined) return '(missing)';
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
