import type { Variable } from './define.ts';
import { sections, variables } from './sections.ts';

/**
 * `.env.example` and the README's configuration table, written from the declarations
 * (`npm run config:docs`; test/config checks that the files are what this writes).
 */

const WIDTH = 100;

/** The default as it is written in an env file; unset when the variable has none. */
export function defaultText(variable: Variable): string | undefined {
  const value = (variable.schema as { default?: unknown }).default;
  return value === undefined ? undefined : String(value);
}

export function descriptionOf(variable: Variable): string {
  return (variable.schema as { description?: string }).description ?? '';
}

function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length > 1 && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

export function renderEnvExample(): string {
  const out = [
    ...comment('Generated from src/config/ by `npm run config:docs`: change a variable there, not here.'),
    ...comment(
      'Every setting is optional: with none, `npm start` runs embedded (PGlite under DATA_DIR, in-process jobs) on port 8010. The values below are the defaults; empty values count as unset.',
    ),
  ];
  for (const s of sections) {
    out.push('', `# --- ${s.title}`);
    if (s.note) out.push(...comment(s.note));
    for (const { variable } of variables.filter((v) => v.section === s)) {
      out.push(...comment(descriptionOf(variable)), `${variable.name}=${defaultText(variable) ?? ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * The variables the README's table shows: what a first deployment sets. The table stays short; the
 * full list with every default and meaning is `.env.example`, and the feature sections of the README
 * name the rest where they explain them.
 */
export const README_VARIABLES = [
  'PORT',
  'DATABASE_URL',
  'REDIS_URL',
  'DATA_DIR',
  'SECRET_KEY',
  'SECRET_KEY_PREVIOUS',
  'RUN_WORKERS',
  'KASPI_IDMC_URL',
  'KASPI_MC_URL',
  'KASPI_SHOP_URL',
  'CHROMIUM_PATH',
  'BROWSER_POOL_SIZE',
  'KASPI_PROXIES',
  'TELEGRAM_BOT_TOKEN',
  'METRICS_TOKEN',
  'METRICS_PUBLIC',
  'LOG_LEVEL',
] as const;

export function renderReadmeTable(names: readonly string[] = README_VARIABLES): string {
  const rows = names.map((name) => {
    const found = variables.find((v) => v.variable.name === name);
    if (!found) throw new Error(`README_VARIABLES names ${name}, which is not declared in src/config/`);
    const value = defaultText(found.variable);
    const cell = (text: string) => text.replaceAll('|', '\\|');
    return `| \`${name}\` | ${value === undefined ? 'unset' : `\`${cell(value)}\``} | ${cell(descriptionOf(found.variable))} |`;
  });
  return ['| variable | default | what |', '|---|---|---|', ...rows].join('\n');
}

export const TABLE_START = '<!-- config-table:start: generated from src/config/ by `npm run config:docs` -->';
export const TABLE_END = '<!-- config-table:end -->';

/** The README with the table between the markers replaced by `table`. */
export function withReadmeTable(readme: string, table: string = renderReadmeTable()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${TABLE_START} ... ${TABLE_END} markers`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
